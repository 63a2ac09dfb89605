//! The metrics of a run against relevance judgments, computed exactly as trec_eval computes them
//! (`ndcg_cut.10`, `recip_rank` on the first 10, `P.10`, `recall.10`, `recall.100`, `map`), and
//! their means over a query set as `trec_eval -c` takes them.
//!
//! Per query, a ranked list becomes the gains of its ranks ([`JudgedRanking`]): the grade of a
//! document judged relevant, 0 for every other (judged non-relevant, negative grade, unjudged,
//! or a document repeated lower in the list — trec_eval refuses repeats; counting one once keeps
//! every metric within [0, 1]). The list is evaluated in the order given: trec_eval's own order
//! (score, then descending document identifier) is the caller's to apply, with
//! [`RankedList::sort_like_trec_eval`](super::RankedList::sort_like_trec_eval), when it differs.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::judgments::{is_relevant, Qrels, QueryJudgments};
use super::trec_run::{RankedList, Run};
use super::MetricSet;

/// The gains of a ranked list and of the ideal ranking of its query: what every metric is
/// computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgedRanking {
    /// The gain of each rank, from rank 1: the grade of a relevant document, 0 otherwise.
    ranked_gains: Vec<u32>,
    /// The grades of every relevant document of the query, highest first: the ideal ranking.
    ideal_gains: Vec<u32>,
}

impl JudgedRanking {
    /// Judges `list` against the judgments of its query (`None` when the query has none).
    pub fn new(judgments: Option<&QueryJudgments>, list: &RankedList) -> Self {
        let gain_of = |document_id: &str| {
            judgments
                .and_then(|judgments| judgments.get(document_id))
                .map_or(0, |grade| gain(*grade))
        };
        let mut seen = HashSet::new();
        let ranked_gains = list
            .document_ids()
            .map(|document_id| if seen.insert(document_id) { gain_of(document_id) } else { 0 })
            .collect();
        let ideal_gains = judgments.map_or_else(Vec::new, |judgments| {
            judgments.values().map(|grade| gain(*grade)).collect()
        });
        Self::from_gains(ranked_gains, ideal_gains)
    }

    /// The ranking of the given gains, rank 1 first, against a query whose relevant documents
    /// have `relevant_gains` (in any order; zeros are dropped).
    pub fn from_gains(ranked_gains: Vec<u32>, relevant_gains: Vec<u32>) -> Self {
        let mut ideal_gains: Vec<u32> =
            relevant_gains.into_iter().filter(|gain| *gain > 0).collect();
        ideal_gains.sort_unstable_by(|left, right| right.cmp(left));
        JudgedRanking { ranked_gains, ideal_gains }
    }

    /// The number of relevant documents of the query, retrieved or not.
    pub fn relevant_count(&self) -> usize {
        self.ideal_gains.len()
    }

    /// The number of relevant documents in the first `cutoff` ranks.
    fn relevant_retrieved_at(&self, cutoff: usize) -> usize {
        self.ranked_gains.iter().take(cutoff).filter(|gain| **gain > 0).count()
    }

    /// Normalised discounted cumulative gain of the first `cutoff` ranks (trec_eval's
    /// `ndcg_cut`): the gain is the grade itself, not 2^grade − 1, discounted by log2(rank + 1);
    /// the ideal is the query's relevant documents by grade, cut at `cutoff` too. 0 when the
    /// query has no relevant document.
    pub fn ndcg_at(&self, cutoff: usize) -> f64 {
        let ideal = discounted_cumulative_gain(&self.ideal_gains, cutoff);
        if ideal > 0.0 {
            discounted_cumulative_gain(&self.ranked_gains, cutoff) / ideal
        } else {
            0.0
        }
    }

    /// 1 / the rank of the first relevant document in the first `cutoff` ranks, 0 when there is
    /// none (trec_eval's `recip_rank` on a run cut at `cutoff`).
    pub fn reciprocal_rank_at(&self, cutoff: usize) -> f64 {
        self.ranked_gains
            .iter()
            .take(cutoff)
            .position(|gain| *gain > 0)
            .map_or(0.0, |index| 1.0 / (index + 1) as f64)
    }

    /// The share of relevant documents in the first `cutoff` ranks, a short list counting as if
    /// padded with non-relevant documents (trec_eval's `P`).
    pub fn precision_at(&self, cutoff: usize) -> f64 {
        if cutoff == 0 {
            return 0.0;
        }
        self.relevant_retrieved_at(cutoff) as f64 / cutoff as f64
    }

    /// The share of the query's relevant documents found in the first `cutoff` ranks (trec_eval's
    /// `recall`); 0 when the query has no relevant document.
    pub fn recall_at(&self, cutoff: usize) -> f64 {
        if self.ideal_gains.is_empty() {
            return 0.0;
        }
        self.relevant_retrieved_at(cutoff) as f64 / self.relevant_count() as f64
    }

    /// The precision at the rank of each relevant document retrieved, summed over the whole list
    /// and divided by the number of relevant documents of the query, so that relevant documents
    /// not retrieved count 0 (trec_eval's `map` for one query).
    pub fn average_precision(&self) -> f64 {
        if self.ideal_gains.is_empty() {
            return 0.0;
        }
        let mut relevant_so_far = 0usize;
        let mut sum = 0.0;
        for (index, gain) in self.ranked_gains.iter().enumerate() {
            if *gain > 0 {
                relevant_so_far += 1;
                sum += relevant_so_far as f64 / (index + 1) as f64;
            }
        }
        sum / self.relevant_count() as f64
    }

    /// Every metric of the set.
    pub fn metrics(&self) -> MetricSet {
        MetricSet {
            ndcg_at_10: self.ndcg_at(10),
            mrr_at_10: self.reciprocal_rank_at(10),
            precision_at_10: self.precision_at(10),
            recall_at_10: self.recall_at(10),
            recall_at_100: self.recall_at(100),
            average_precision: self.average_precision(),
        }
    }
}

/// The gain a grade brings: the grade when it is relevant, 0 otherwise.
fn gain(grade: i32) -> u32 {
    if is_relevant(grade) {
        grade.unsigned_abs()
    } else {
        0
    }
}

/// Σ gain / log2(rank + 1) over the first `cutoff` ranks, summed in rank order as trec_eval does.
fn discounted_cumulative_gain(gains: &[u32], cutoff: usize) -> f64 {
    gains
        .iter()
        .take(cutoff)
        .enumerate()
        .filter(|(_, gain)| **gain > 0)
        .map(|(index, gain)| f64::from(*gain) / ((index + 2) as f64).log2())
        .sum()
}

/// The metrics of one query's ranked list against its judgments.
pub fn evaluate_query(judgments: &QueryJudgments, list: &RankedList) -> MetricSet {
    JudgedRanking::new(Some(judgments), list).metrics()
}

/// A run's metrics, per query and averaged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The metrics of every evaluated query (see [`Qrels::evaluated_query_ids`]), by query
    /// identifier; a query absent from the run, or with an empty list, scores 0 everywhere.
    pub per_query: BTreeMap<String, MetricSet>,
    /// The mean of each metric over `per_query`; all 0 when no query could be evaluated.
    pub mean: MetricSet,
    /// The queries of the run that were not evaluated because the judgments have no relevant
    /// document for them (or none at all): a run whose identifiers do not match its qrels shows
    /// here rather than as a mysteriously low mean.
    pub unevaluated_run_query_ids: Vec<String>,
}

impl Evaluation {
    /// The number of queries the means are taken over.
    pub fn query_count(&self) -> usize {
        self.per_query.len()
    }
}

/// Evaluates `run` against `qrels`, as `trec_eval -c` would on a run file holding the same lists
/// in the same order: every query with at least one relevant judgment is evaluated (absent from
/// the run, it scores 0) and counts once in the means; the run's other queries are ignored.
///
/// Unlike `trec_eval -c`, a query whose judgments are all non-relevant is left out of the means
/// instead of counting 0 (trec_eval includes it): it cannot score under any of these metrics, so
/// it would only scale every mean down.
pub fn evaluate_run(qrels: &Qrels, run: &Run) -> Evaluation {
    let empty = RankedList::default();
    let per_query: BTreeMap<String, MetricSet> = qrels
        .evaluated_query_ids()
        .map(|query_id| {
            let list = run.get(query_id).unwrap_or(&empty);
            (query_id.to_string(), JudgedRanking::new(qrels.query(query_id), list).metrics())
        })
        .collect();
    let mean = MetricSet::mean(per_query.values());
    let unevaluated_run_query_ids = run
        .iter()
        .map(|(query_id, _)| query_id)
        .filter(|query_id| !per_query.contains_key(*query_id))
        .map(str::to_string)
        .collect();
    Evaluation { per_query, mean, unevaluated_run_query_ids }
}

#[cfg(test)]
mod tests {
    use super::super::trec_run::ScoredDocument;
    use super::*;

    const TOLERANCE: f64 = 1e-12;

    fn assert_close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < TOLERANCE, "{actual} != {expected}");
    }

    fn ranking(ranked_gains: &[u32], relevant_gains: &[u32]) -> JudgedRanking {
        JudgedRanking::from_gains(ranked_gains.to_vec(), relevant_gains.to_vec())
    }

    fn list(document_ids: &[&str]) -> RankedList {
        document_ids
            .iter()
            .enumerate()
            .map(|(index, document_id)| ScoredDocument::new(*document_id, -(index as f64)))
            .collect()
    }

    #[test]
    fn ndcg_uses_the_grade_as_gain_and_cuts_the_ideal_too() {
        // Ranks 1 and 3 hold grades 1 and 2; the ideal is 2, 1.
        let judged = ranking(&[1, 0, 2], &[2, 1]);
        let dcg = 1.0 + 2.0 / 4f64.log2();
        let ideal = 2.0 + 1.0 / 3f64.log2();
        assert_close(judged.ndcg_at(10), dcg / ideal);
        // With 12 relevant documents of grade 1, the ideal at 10 stops at rank 10.
        let judged = ranking(&[1], &[1; 12]);
        let ideal: f64 = (0..10).map(|index| 1.0 / ((index + 2) as f64).log2()).sum();
        assert_close(judged.ndcg_at(10), 1.0 / ideal);
        assert_close(ranking(&[2, 1], &[2, 1]).ndcg_at(10), 1.0);
        assert_close(ranking(&[0; 10], &[1]).ndcg_at(10), 0.0);
        assert_close(ranking(&[1], &[]).ndcg_at(10), 0.0);
        // A relevant document at rank 11 adds nothing at 10.
        let mut gains = vec![0; 10];
        gains.push(1);
        assert_close(ranking(&gains, &[1]).ndcg_at(10), 0.0);
    }

    #[test]
    fn reciprocal_rank_is_cut_at_ten() {
        assert_close(ranking(&[0, 0, 1, 2], &[1, 2]).reciprocal_rank_at(10), 1.0 / 3.0);
        assert_close(ranking(&[2], &[2]).reciprocal_rank_at(10), 1.0);
        let mut gains = vec![0; 10];
        gains.push(1);
        let judged = ranking(&gains, &[1]);
        assert_close(judged.reciprocal_rank_at(10), 0.0);
        assert_close(judged.reciprocal_rank_at(11), 1.0 / 11.0);
        assert_close(ranking(&[], &[1]).reciprocal_rank_at(10), 0.0);
    }

    #[test]
    fn precision_pads_short_lists_with_non_relevant_documents() {
        assert_close(ranking(&[1, 0, 2], &[1, 2, 1]).precision_at(10), 0.2);
        assert_close(ranking(&[1; 12], &[1; 12]).precision_at(10), 1.0);
        assert_close(ranking(&[], &[1]).precision_at(10), 0.0);
        assert_close(ranking(&[1], &[1]).precision_at(0), 0.0);
    }

    #[test]
    fn recall_counts_the_relevant_documents_that_were_not_retrieved() {
        let mut gains = vec![1, 0, 1];
        gains.extend([0; 50]);
        gains.push(2);
        let judged = ranking(&gains, &[1, 1, 2, 1]);
        assert_close(judged.recall_at(10), 0.5);
        assert_close(judged.recall_at(100), 0.75);
        assert_close(ranking(&[1], &[]).recall_at(10), 0.0);
    }

    #[test]
    fn average_precision_divides_by_every_relevant_document() {
        // Relevant at ranks 1 and 3, a third never retrieved: (1/1 + 2/3) / 3.
        let judged = ranking(&[2, 0, 1, 0], &[2, 1, 1]);
        assert_close(judged.average_precision(), (1.0 + 2.0 / 3.0) / 3.0);
        assert_close(ranking(&[1, 1], &[1, 1]).average_precision(), 1.0);
        assert_close(ranking(&[], &[1]).average_precision(), 0.0);
        assert_close(ranking(&[0, 1], &[]).average_precision(), 0.0);
    }

    #[test]
    fn grades_become_gains_only_when_relevant_and_documents_count_once() {
        let judgments: QueryJudgments = [("a", 2), ("b", 0), ("c", -1), ("d", 1), ("e", 3)]
            .map(|(id, grade)| (id.to_string(), grade))
            .into();
        let judged = JudgedRanking::new(Some(&judgments), &list(&["a", "b", "c", "x", "a", "d"]));
        assert_eq!(judged, JudgedRanking::from_gains(vec![2, 0, 0, 0, 0, 1], vec![3, 2, 1]));
        assert_eq!(judged.relevant_count(), 3);
        let unjudged = JudgedRanking::new(None, &list(&["a"]));
        assert_eq!(unjudged.metrics(), MetricSet::default());
    }

    #[test]
    fn a_run_is_averaged_over_the_queries_with_a_relevant_judgment() {
        let mut qrels = Qrels::new();
        qrels.insert("q1", "a", 1);
        qrels.insert("q2", "b", 2);
        qrels.insert("q3", "c", 0);
        let mut run = Run::new();
        run.insert("q1", list(&["a"]));
        run.insert("q3", list(&["c"]));
        run.insert("q9", list(&["a"]));
        let evaluation = evaluate_run(&qrels, &run);
        assert_eq!(evaluation.query_count(), 2);
        assert_eq!(evaluation.per_query["q1"].ndcg_at_10, 1.0);
        assert_eq!(evaluation.per_query["q2"], MetricSet::default());
        assert_close(evaluation.mean.ndcg_at_10, 0.5);
        assert_close(evaluation.mean.mrr_at_10, 0.5);
        assert_close(evaluation.mean.precision_at_10, 0.05);
        assert_close(evaluation.mean.recall_at_100, 0.5);
        assert_close(evaluation.mean.average_precision, 0.5);
        assert_eq!(evaluation.unevaluated_run_query_ids, ["q3", "q9"]);
        // An empty list scores as an absent query.
        run.insert("q2", RankedList::default());
        assert_eq!(evaluate_run(&qrels, &run).per_query["q2"], MetricSet::default());
    }

    #[test]
    fn nothing_to_evaluate_gives_zero_means() {
        let evaluation = evaluate_run(&Qrels::new(), &Run::new());
        assert_eq!(evaluation.query_count(), 0);
        assert_eq!(evaluation.mean, MetricSet::default());
    }

    #[test]
    fn evaluates_one_query() {
        let judgments: QueryJudgments = [("a".to_string(), 1)].into();
        assert_eq!(evaluate_query(&judgments, &list(&["b", "a"])).mrr_at_10, 0.5);
    }
}
