//! Whether a configuration beats a baseline on a query set by more than chance: a paired,
//! two-sided randomization test on per-query scores, and the count of queries won, lost and tied.
//!
//! The randomization (permutation) test assumes nothing about how scores are distributed, which
//! suits metrics bounded in [0, 1] with many zeros (Smucker, Allan and Carterette, CIKM 2007).
//! Under the null hypothesis the two configurations are exchangeable on each query, so each
//! per-query difference is as likely to have either sign; the p-value is the share of sign
//! assignments whose mean difference is at least as far from 0 as the one observed. Small query
//! sets are enumerated exactly; larger ones are sampled with a fixed seed, so that the same
//! scores always give the same p-value (a report must not change between two runs).

use serde::Serialize;

use super::metrics::Evaluation;
use super::Metric;

/// How many sign assignments to sample when the query set is too large to enumerate.
pub const DEFAULT_PERMUTATIONS: usize = 10_000;

/// The seed of the sampled sign assignments.
pub const DEFAULT_SEED: u64 = 0x7472_6f75_7661_696c;

/// Per-query differences closer to 0 than this are ties: two configurations that rank alike
/// can still differ by floating-point noise.
pub const DEFAULT_TIE_TOLERANCE: f64 = 1e-9;

/// Slack when comparing a permuted sum with the observed one, so that sums equal in exact
/// arithmetic but rounded differently count as "at least as extreme".
const ROUNDING_SLACK: f64 = 1e-9;

/// Why two score lists cannot be paired.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PairingError {
    /// The two lists do not have one score per query each.
    #[error("the baseline has {baseline} scores and the candidate {candidate}: they must pair")]
    LengthMismatch {
        /// Scores of the baseline.
        baseline: usize,
        /// Scores of the candidate.
        candidate: usize,
    },
    /// A query is evaluated in one configuration only: the two were not evaluated against the
    /// same judgments.
    #[error("query `{query_id}` is evaluated in the {present_in} only")]
    UnmatchedQuery {
        /// The query.
        query_id: String,
        /// `baseline` or `candidate`.
        present_in: &'static str,
    },
    /// A score is NaN or infinite, which no test can rank.
    #[error("score {index} of the {configuration} is not a finite number")]
    NotFinite {
        /// `baseline` or `candidate`.
        configuration: &'static str,
        /// The position of the score.
        index: usize,
    },
}

/// How many queries a candidate configuration wins, loses and ties against a baseline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WinsLossesTies {
    /// Queries where the candidate scores higher.
    pub wins: usize,
    /// Queries where the candidate scores lower.
    pub losses: usize,
    /// Queries where they score the same, within the tolerance.
    pub ties: usize,
}

/// One metric's scores of two configurations over the same queries, paired by query.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedScores {
    baseline: Vec<f64>,
    candidate: Vec<f64>,
}

impl PairedScores {
    /// Pairs `baseline[i]` with `candidate[i]`: both lists must hold one finite score per query,
    /// in the same query order.
    pub fn new(baseline: Vec<f64>, candidate: Vec<f64>) -> Result<Self, PairingError> {
        if baseline.len() != candidate.len() {
            return Err(PairingError::LengthMismatch {
                baseline: baseline.len(),
                candidate: candidate.len(),
            });
        }
        for (configuration, scores) in [("baseline", &baseline), ("candidate", &candidate)] {
            if let Some(index) = scores.iter().position(|score| !score.is_finite()) {
                return Err(PairingError::NotFinite { configuration, index });
            }
        }
        Ok(PairedScores { baseline, candidate })
    }

    /// Pairs the per-query values of `metric` in two evaluations, which must cover the same
    /// queries.
    pub fn from_evaluations(
        baseline: &Evaluation,
        candidate: &Evaluation,
        metric: Metric,
    ) -> Result<Self, PairingError> {
        let unmatched = |query_ids: &mut dyn Iterator<Item = &String>, present_in| {
            query_ids.next().map(|query_id| PairingError::UnmatchedQuery {
                query_id: query_id.clone(),
                present_in,
            })
        };
        let mut only_in_baseline = baseline
            .per_query
            .keys()
            .filter(|query_id| !candidate.per_query.contains_key(*query_id));
        if let Some(error) = unmatched(&mut only_in_baseline, "baseline") {
            return Err(error);
        }
        let mut only_in_candidate = candidate
            .per_query
            .keys()
            .filter(|query_id| !baseline.per_query.contains_key(*query_id));
        if let Some(error) = unmatched(&mut only_in_candidate, "candidate") {
            return Err(error);
        }
        // Same keys in two ordered maps: the values pair up in order.
        Self::new(
            baseline.per_query.values().map(|metrics| metric.value(metrics)).collect(),
            candidate.per_query.values().map(|metrics| metric.value(metrics)).collect(),
        )
    }

    /// The number of paired queries.
    pub fn len(&self) -> usize {
        self.baseline.len()
    }

    /// True when there is no query.
    pub fn is_empty(&self) -> bool {
        self.baseline.is_empty()
    }

    /// The candidate's score minus the baseline's, per query.
    pub fn differences(&self) -> impl Iterator<Item = f64> + '_ {
        self.candidate.iter().zip(&self.baseline).map(|(candidate, baseline)| candidate - baseline)
    }

    /// The mean of the candidate's score minus the baseline's; 0 without queries.
    pub fn mean_difference(&self) -> f64 {
        if self.is_empty() {
            return 0.0;
        }
        self.differences().sum::<f64>() / self.len() as f64
    }

    /// The two-sided p-value of the paired randomization test: the share of sign assignments of
    /// the per-query differences whose mean is at least as far from 0 as the observed mean.
    ///
    /// When there are at most `permutations` assignments (2^queries), all of them are
    /// enumerated and the p-value is exact. Otherwise `permutations` assignments are drawn from
    /// a generator seeded with `seed`, and the p-value is (extreme + 1) / (permutations + 1):
    /// the observed assignment counts as one of them, so a sampled p-value is never 0.
    /// Without queries, or when every difference is 0, the p-value is 1.
    pub fn randomization_test(&self, permutations: usize, seed: u64) -> f64 {
        let differences: Vec<f64> = self.differences().collect();
        let observed = differences.iter().sum::<f64>().abs();
        if differences.iter().all(|difference| *difference == 0.0) {
            return 1.0;
        }
        let is_extreme = |sum: f64| sum.abs() >= observed - ROUNDING_SLACK;
        let count = differences.len();
        if count < usize::BITS as usize && (1usize << count) <= permutations {
            let assignments = 1usize << count;
            let extreme = (0..assignments)
                .filter(|signs| is_extreme(signed_sum(&differences, *signs as u64)))
                .count();
            return extreme as f64 / assignments as f64;
        }
        let mut generator = SplitMix64::new(seed);
        let mut extreme = 0usize;
        for _ in 0..permutations {
            let mut sum = 0.0;
            for chunk in differences.chunks(64) {
                sum += signed_sum(chunk, generator.next_u64());
            }
            if is_extreme(sum) {
                extreme += 1;
            }
        }
        (extreme + 1) as f64 / (permutations + 1) as f64
    }

    /// Counts the queries where the candidate scores higher than the baseline by more than
    /// `tolerance`, lower by more than `tolerance`, or within it.
    pub fn wins_losses_ties(&self, tolerance: f64) -> WinsLossesTies {
        let mut counts = WinsLossesTies::default();
        for difference in self.differences() {
            if difference > tolerance {
                counts.wins += 1;
            } else if difference < -tolerance {
                counts.losses += 1;
            } else {
                counts.ties += 1;
            }
        }
        counts
    }
}

/// Σ ±difference over `differences` (at most 64), the sign of the `i`-th given by bit `i` of
/// `signs` (set: flipped).
fn signed_sum(differences: &[f64], signs: u64) -> f64 {
    differences
        .iter()
        .enumerate()
        .map(
            |(index, difference)| if (signs >> index) & 1 == 1 { -difference } else { *difference },
        )
        .sum()
}

/// Steele, Lea and Flood's SplitMix64: a tiny, well-mixed generator, enough to draw signs, and
/// written here so that the p-values depend on no crate's version.
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut mixed = self.state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        mixed ^ (mixed >> 31)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::evaluation::MetricSet;

    fn paired(baseline: &[f64], candidate: &[f64]) -> PairedScores {
        PairedScores::new(baseline.to_vec(), candidate.to_vec()).unwrap()
    }

    #[test]
    fn splitmix64_gives_the_reference_sequence() {
        // The first outputs for this seed in rand_xoshiro's test `reference` (splitmix64.rs),
        // which were produced with Vigna's reference splitmix64.c.
        let mut generator = SplitMix64::new(1_477_776_061_723_855_037);
        let outputs: Vec<u64> = (0..5).map(|_| generator.next_u64()).collect();
        assert_eq!(
            outputs,
            [
                1_985_237_415_132_408_290,
                2_979_275_885_539_914_483,
                13_511_426_838_097_143_398,
                8_488_337_342_461_049_707,
                15_141_737_807_933_549_159,
            ]
        );
    }

    #[test]
    fn small_query_sets_are_enumerated_exactly() {
        // Differences +1, +1, +1: only "all +" and "all −" reach |sum| = 3 among 8 assignments.
        let scores = paired(&[0.0, 0.0, 0.0], &[1.0, 1.0, 1.0]);
        assert_eq!(scores.randomization_test(DEFAULT_PERMUTATIONS, DEFAULT_SEED), 0.25);
        // Differences +0.5, −0.25: |sum| 0.25 is reached by 4 assignments out of 4.
        assert_eq!(paired(&[0.0, 0.5], &[0.5, 0.25]).randomization_test(4, 0), 1.0);
        // Differences 3, 1: |±3 ± 1| ≥ 4 for 2 assignments of 4.
        assert_eq!(paired(&[0.0, 0.0], &[3.0, 1.0]).randomization_test(4, 0), 0.5);
    }

    #[test]
    fn no_difference_gives_a_p_value_of_one() {
        assert_eq!(paired(&[], &[]).randomization_test(DEFAULT_PERMUTATIONS, DEFAULT_SEED), 1.0);
        let same = paired(&[0.2; 40], &[0.2; 40]);
        assert_eq!(same.randomization_test(DEFAULT_PERMUTATIONS, DEFAULT_SEED), 1.0);
    }

    #[test]
    fn a_consistent_improvement_over_many_queries_is_significant() {
        let baseline: Vec<f64> = (0..50).map(|index| f64::from(index % 7) / 10.0).collect();
        let candidate: Vec<f64> = baseline.iter().map(|score| score + 0.05).collect();
        let scores = paired(&baseline, &candidate);
        let p_value = scores.randomization_test(DEFAULT_PERMUTATIONS, DEFAULT_SEED);
        // Every sampled assignment is less extreme than all-positive: the p-value is the floor.
        assert_eq!(p_value, 1.0 / (DEFAULT_PERMUTATIONS + 1) as f64);
    }

    #[test]
    fn a_noisy_difference_is_not_significant_and_the_p_value_is_reproducible() {
        // Differences alternate +0.3, −0.3 with one extra +0.1: far from significant.
        let mut candidate: Vec<f64> =
            (0..100).map(|index| if index % 2 == 0 { 0.8 } else { 0.2 }).collect();
        candidate[0] = 0.9;
        let scores = paired(&[0.5; 100], &candidate);
        let p_value = scores.randomization_test(DEFAULT_PERMUTATIONS, DEFAULT_SEED);
        assert!(p_value > 0.5, "{p_value}");
        assert_eq!(p_value, scores.randomization_test(DEFAULT_PERMUTATIONS, DEFAULT_SEED));
        let other_seed = scores.randomization_test(DEFAULT_PERMUTATIONS, DEFAULT_SEED + 1);
        assert!((p_value - other_seed).abs() < 0.05, "{p_value} vs {other_seed}");
    }

    #[test]
    fn the_sampled_p_value_approaches_the_exact_one() {
        // 12 queries: 4096 assignments, enumerated with 4096 permutations, sampled with 4095.
        let baseline = [0.1, 0.4, 0.3, 0.0, 0.5, 0.2, 0.9, 0.6, 0.3, 0.2, 0.7, 0.4];
        let candidate = [0.3, 0.35, 0.5, 0.1, 0.45, 0.3, 0.8, 0.9, 0.3, 0.25, 0.75, 0.6];
        let scores = paired(&baseline, &candidate);
        let exact = scores.randomization_test(4096, DEFAULT_SEED);
        let sampled = scores.randomization_test(4095, DEFAULT_SEED);
        assert!(exact > 0.0 && exact < 1.0, "{exact}");
        assert!((exact - sampled).abs() < 0.03, "exact {exact}, sampled {sampled}");
    }

    #[test]
    fn counts_wins_losses_and_ties_within_the_tolerance() {
        let scores = paired(&[0.5, 0.5, 0.5, 0.5, 0.1 + 0.2], &[0.7, 0.2, 0.5, 0.5 + 1e-12, 0.3]);
        assert_eq!(
            scores.wins_losses_ties(DEFAULT_TIE_TOLERANCE),
            WinsLossesTies { wins: 1, losses: 1, ties: 3 }
        );
        assert_eq!(scores.wins_losses_ties(0.5), WinsLossesTies { wins: 0, losses: 0, ties: 5 });
        assert!((scores.mean_difference() - (0.2 - 0.3 + 1e-12) / 5.0).abs() < 1e-15);
    }

    #[test]
    fn refuses_scores_that_do_not_pair() {
        assert_eq!(
            PairedScores::new(vec![0.1], vec![0.1, 0.2]).unwrap_err(),
            PairingError::LengthMismatch { baseline: 1, candidate: 2 }
        );
        assert_eq!(
            PairedScores::new(vec![0.1, 0.2], vec![0.1, f64::NAN]).unwrap_err(),
            PairingError::NotFinite { configuration: "candidate", index: 1 }
        );
    }

    fn evaluation(scores: &[(&str, f64)]) -> Evaluation {
        let per_query: BTreeMap<String, MetricSet> = scores
            .iter()
            .map(|(query_id, score)| {
                (query_id.to_string(), MetricSet { ndcg_at_10: *score, ..MetricSet::default() })
            })
            .collect();
        let mean = MetricSet::mean(per_query.values());
        Evaluation { per_query, mean, unevaluated_run_query_ids: Vec::new() }
    }

    #[test]
    fn pairs_two_evaluations_by_query() {
        let baseline = evaluation(&[("q1", 0.2), ("q2", 0.4)]);
        let candidate = evaluation(&[("q2", 0.5), ("q1", 0.1)]);
        let scores =
            PairedScores::from_evaluations(&baseline, &candidate, Metric::NdcgAt10).unwrap();
        assert_eq!(scores.len(), 2);
        let differences: Vec<f64> = scores.differences().collect();
        assert!((differences[0] + 0.1).abs() < 1e-12 && (differences[1] - 0.1).abs() < 1e-12);
        let missing = evaluation(&[("q1", 0.2)]);
        assert_eq!(
            PairedScores::from_evaluations(&baseline, &missing, Metric::NdcgAt10).unwrap_err(),
            PairingError::UnmatchedQuery { query_id: "q2".to_string(), present_in: "baseline" }
        );
        assert_eq!(
            PairedScores::from_evaluations(&missing, &baseline, Metric::NdcgAt10).unwrap_err(),
            PairingError::UnmatchedQuery { query_id: "q2".to_string(), present_in: "candidate" }
        );
    }
}
