//! Relevance evaluation: how good a search configuration's rankings are against judged queries,
//! and whether one configuration beats another by more than chance.
//!
//! The numbers follow trec_eval, the reference tool of TREC and of most published retrieval
//! results, measure for measure, so that a figure printed here means what the same name means
//! in a paper and can be checked by running trec_eval on the run file this module writes:
//!
//! - nDCG@10 is trec_eval's `ndcg_cut.10`: the gain of a document is its grade (not
//!   2^grade − 1), discounted by log2(rank + 1), normalised by the ideal ranking of *all* the
//!   query's relevant documents cut at 10;
//! - MRR@10 is `recip_rank` on the first 10 documents; P@10, Recall@10 and Recall@100 are `P.10`,
//!   `recall.10` and `recall.100`; AP is `map` for one query, divided by every relevant document,
//!   retrieved or not;
//! - a document is relevant when its grade is above 0; grade 0, negative grades and unjudged
//!   documents are not relevant;
//! - means are over every query with at least one relevant judgment, a query the run misses
//!   counting 0, as `trec_eval -c` (which also counts queries with no relevant judgment, as 0;
//!   they are left out here, see [`evaluate_run`]).
//!
//! trec_eval orders each query's documents by score, ties by descending document identifier,
//! whatever the rank column says; the metrics here take a ranked list in the order given (see
//! [`trec_run`] for how the two are kept in agreement). A pinned test checks every metric against
//! trec_eval's own code (`indexer/tests/evaluation.rs`).
//!
//! The metrics know nothing of the search engine: they read query sets and judgments, take the
//! rankings a caller produced, and compute numbers, so that they evaluate any ranking source;
//! `search_run` alone runs queries through the engine.

mod error;
pub mod judgments;
pub mod metrics;
mod search_run;
pub mod significance;
pub mod trec_run;

use serde::Serialize;

pub use error::EvaluationFileError;
pub use judgments::{is_relevant, Qrels, Queries, Query, QueryJudgments};
pub use metrics::{evaluate_query, evaluate_run, Evaluation, JudgedRanking};
pub use search_run::{judged_query_request, search_run, RUN_DEPTH};
pub use significance::{
    PairedScores, PairingError, WinsLossesTies, DEFAULT_PERMUTATIONS, DEFAULT_SEED,
    DEFAULT_TIE_TOLERANCE,
};
pub use trec_run::{RankedList, Run, ScoredDocument};

/// The metrics of one query, or their means over a query set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct MetricSet {
    /// Normalised discounted cumulative gain of the first 10 results (trec_eval `ndcg_cut.10`).
    pub ndcg_at_10: f64,
    /// Reciprocal rank of the first relevant result within the first 10, 0 when there is none
    /// (trec_eval `recip_rank` on the run cut at 10); its mean is the MRR@10.
    pub mrr_at_10: f64,
    /// Share of relevant results among the first 10 (trec_eval `P.10`).
    pub precision_at_10: f64,
    /// Share of the relevant documents found in the first 10 results (trec_eval `recall.10`).
    pub recall_at_10: f64,
    /// Share of the relevant documents found in the first 100 results (trec_eval `recall.100`).
    pub recall_at_100: f64,
    /// Average precision over the whole ranking (trec_eval `map`); its mean is the MAP.
    pub average_precision: f64,
}

impl MetricSet {
    /// The mean of each metric over `sets`; all 0 when there is none.
    pub fn mean<'a>(sets: impl IntoIterator<Item = &'a MetricSet>) -> MetricSet {
        let mut sum = MetricSet::default();
        let mut count = 0usize;
        for set in sets {
            for metric in Metric::ALL {
                *metric.value_mut(&mut sum) += metric.value(set);
            }
            count += 1;
        }
        if count > 0 {
            for metric in Metric::ALL {
                *metric.value_mut(&mut sum) /= count as f64;
            }
        }
        sum
    }
}

/// One metric of a [`MetricSet`], to name it in reports or pick it for a significance test; it
/// serialises as its field name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Metric {
    /// [`MetricSet::ndcg_at_10`].
    #[serde(rename = "ndcg_at_10")]
    NdcgAt10,
    /// [`MetricSet::mrr_at_10`].
    #[serde(rename = "mrr_at_10")]
    MrrAt10,
    /// [`MetricSet::precision_at_10`].
    #[serde(rename = "precision_at_10")]
    PrecisionAt10,
    /// [`MetricSet::recall_at_10`].
    #[serde(rename = "recall_at_10")]
    RecallAt10,
    /// [`MetricSet::recall_at_100`].
    #[serde(rename = "recall_at_100")]
    RecallAt100,
    /// [`MetricSet::average_precision`].
    #[serde(rename = "average_precision")]
    AveragePrecision,
}

impl Metric {
    /// Every metric, in the order of the fields of [`MetricSet`].
    pub const ALL: [Metric; 6] = [
        Metric::NdcgAt10,
        Metric::MrrAt10,
        Metric::PrecisionAt10,
        Metric::RecallAt10,
        Metric::RecallAt100,
        Metric::AveragePrecision,
    ];

    /// The metric's field name in [`MetricSet`] and its JSON (`ndcg_at_10`…).
    pub fn field_name(self) -> &'static str {
        match self {
            Metric::NdcgAt10 => "ndcg_at_10",
            Metric::MrrAt10 => "mrr_at_10",
            Metric::PrecisionAt10 => "precision_at_10",
            Metric::RecallAt10 => "recall_at_10",
            Metric::RecallAt100 => "recall_at_100",
            Metric::AveragePrecision => "average_precision",
        }
    }

    /// The name a report prints (`nDCG@10`…).
    pub fn label(self) -> &'static str {
        match self {
            Metric::NdcgAt10 => "nDCG@10",
            Metric::MrrAt10 => "MRR@10",
            Metric::PrecisionAt10 => "P@10",
            Metric::RecallAt10 => "Recall@10",
            Metric::RecallAt100 => "Recall@100",
            Metric::AveragePrecision => "MAP",
        }
    }

    /// The metric's value in `set`.
    pub fn value(self, set: &MetricSet) -> f64 {
        match self {
            Metric::NdcgAt10 => set.ndcg_at_10,
            Metric::MrrAt10 => set.mrr_at_10,
            Metric::PrecisionAt10 => set.precision_at_10,
            Metric::RecallAt10 => set.recall_at_10,
            Metric::RecallAt100 => set.recall_at_100,
            Metric::AveragePrecision => set.average_precision,
        }
    }

    fn value_mut(self, set: &mut MetricSet) -> &mut f64 {
        match self {
            Metric::NdcgAt10 => &mut set.ndcg_at_10,
            Metric::MrrAt10 => &mut set.mrr_at_10,
            Metric::PrecisionAt10 => &mut set.precision_at_10,
            Metric::RecallAt10 => &mut set.recall_at_10,
            Metric::RecallAt100 => &mut set.recall_at_100,
            Metric::AveragePrecision => &mut set.average_precision,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_each_metric() {
        let first = MetricSet { ndcg_at_10: 1.0, recall_at_100: 0.5, ..MetricSet::default() };
        let second = MetricSet { ndcg_at_10: 0.5, average_precision: 0.25, ..MetricSet::default() };
        let mean = MetricSet::mean([&first, &second]);
        assert_eq!(
            mean,
            MetricSet {
                ndcg_at_10: 0.75,
                recall_at_100: 0.25,
                average_precision: 0.125,
                ..MetricSet::default()
            }
        );
        assert_eq!(MetricSet::mean([]), MetricSet::default());
    }

    #[test]
    fn serialises_with_the_field_names_the_metrics_give() {
        let set = MetricSet {
            ndcg_at_10: 0.1,
            mrr_at_10: 0.2,
            precision_at_10: 0.3,
            recall_at_10: 0.4,
            recall_at_100: 0.5,
            average_precision: 0.6,
        };
        let json = serde_json::to_value(set).unwrap();
        for metric in Metric::ALL {
            assert_eq!(json[metric.field_name()], metric.value(&set), "{}", metric.label());
            assert_eq!(serde_json::to_value(metric).unwrap(), metric.field_name());
        }
        assert_eq!(json.as_object().unwrap().len(), Metric::ALL.len());
    }
}
