//! The latency of searches on a warm searcher, measured as the anchor harness measures the other
//! engines (`bench_latency` in `../shared/bench/anchors/common.py`): every query once untimed
//! (caches, the accent lexicon and the facet vocabulary are built), then `repeat` rounds over all
//! the queries in turn, each call timed on its own with the monotonic clock; the percentiles are
//! taken over every timed call, so that the figures read the same as the harness's.

use std::hint::black_box;
use std::num::NonZeroUsize;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::search::{ArticleSearcher, SearchError, SearchRequest};

/// What the timed calls took, over all the queries and rounds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatencySummary {
    /// Median call, in microseconds.
    pub p50_us: f64,
    /// 99th percentile of the calls, in microseconds.
    pub p99_us: f64,
    /// Mean call, in microseconds.
    pub mean_us: f64,
    /// Calls per second on one thread: the timed calls over the time they took together (the
    /// harness's `qps_single_thread`).
    pub qps: f64,
    /// Number of distinct queries.
    pub queries: usize,
    /// Timed rounds over all the queries.
    pub repeat: usize,
}

/// Why the searches could not be timed.
#[derive(Debug, thiserror::Error)]
pub enum LatencyError {
    /// There is nothing to time.
    #[error("there is no query to time")]
    NoQueries,
    /// A search failed: a timing of the others would not describe the query set.
    #[error("searching {query:?} failed")]
    Search {
        /// The query text.
        query: String,
        /// Why it failed.
        source: SearchError,
    },
}

/// Times `requests` on `searcher`: one untimed round, then `repeat` timed rounds.
pub fn time_searches(
    searcher: &ArticleSearcher,
    requests: &[SearchRequest],
    repeat: NonZeroUsize,
) -> Result<LatencySummary, LatencyError> {
    time_calls(
        requests,
        repeat,
        |request| &request.query,
        |request| searcher.search(request).map(drop),
    )
}

/// Times the search box's suggestions for `texts` (each as typed so far) on `searcher`, as
/// [`time_searches`] times searches.
pub fn time_suggestions(
    searcher: &ArticleSearcher,
    texts: &[String],
    repeat: NonZeroUsize,
) -> Result<LatencySummary, LatencyError> {
    time_calls(texts, repeat, |text| text, |text| searcher.suggest(text).map(drop))
}

/// Times `call` on each of `items` (`text` names one in an error): one untimed round, then
/// `repeat` timed rounds.
fn time_calls<T>(
    items: &[T],
    repeat: NonZeroUsize,
    text: impl Fn(&T) -> &str,
    mut call: impl FnMut(&T) -> Result<(), SearchError>,
) -> Result<LatencySummary, LatencyError> {
    if items.is_empty() {
        return Err(LatencyError::NoQueries);
    }
    let durations = time_rounds(items.len(), repeat, |index| {
        let item = &items[index];
        black_box(call(item))
            .map_err(|source| LatencyError::Search { query: text(item).to_string(), source })
    })?;
    Ok(summarise(&durations, items.len(), repeat))
}

/// Calls `call` with every index below `count` once untimed, then `repeat` times in rounds
/// (0, 1, … count − 1, 0, 1, …), timing each call; the durations come in call order.
fn time_rounds<E>(
    count: usize,
    repeat: NonZeroUsize,
    mut call: impl FnMut(usize) -> Result<(), E>,
) -> Result<Vec<Duration>, E> {
    for index in 0..count {
        call(index)?;
    }
    let mut durations = Vec::with_capacity(count * repeat.get());
    for _ in 0..repeat.get() {
        for index in 0..count {
            let started = Instant::now();
            call(index)?;
            durations.push(started.elapsed());
        }
    }
    Ok(durations)
}

/// The summary of the timed calls of `queries` queries over `repeat` rounds.
fn summarise(durations: &[Duration], queries: usize, repeat: NonZeroUsize) -> LatencySummary {
    let mut microseconds: Vec<f64> =
        durations.iter().map(|duration| duration.as_secs_f64() * 1e6).collect();
    microseconds.sort_by(f64::total_cmp);
    let total: f64 = microseconds.iter().sum();
    let calls = microseconds.len() as f64;
    LatencySummary {
        p50_us: percentile(&microseconds, 50.0),
        p99_us: percentile(&microseconds, 99.0),
        mean_us: total / calls,
        qps: calls / (total / 1e6),
        queries,
        repeat: repeat.get(),
    }
}

/// The `percent` percentile of `sorted` (ascending): the value at rank
/// `(len − 1) × percent / 100`, interpolated linearly between the two nearest ranks when that
/// rank falls between them. This is `pct` of the anchor harness's `common.py` (which calls it
/// nearest-rank with interpolation; it is numpy's default, "linear", method), so that a p99
/// printed here means what it means in the anchor results. NaN when there is no value.
pub fn percentile(sorted: &[f64], percent: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else { return f64::NAN };
    let rank = last as f64 * percent / 100.0;
    let lower = rank.floor() as usize;
    let upper = (lower + 1).min(last);
    sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounds(repeat: usize) -> NonZeroUsize {
        NonZeroUsize::new(repeat).unwrap()
    }

    /// Values of `common.py`'s `pct` (numpy.percentile's linear method) on the same input.
    #[test]
    fn percentiles_interpolate_between_ranks_as_the_harness_does() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), 5.5);
        assert!((percentile(&values, 99.0) - 9.91).abs() < 1e-12);
        assert_eq!(percentile(&values, 0.0), 1.0);
        assert_eq!(percentile(&values, 100.0), 10.0);
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0, 100.0], 50.0), 3.0);
        assert!((percentile(&[1.0, 2.0, 3.0, 4.0, 100.0], 99.0) - 96.16).abs() < 1e-12);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
        assert!(percentile(&[], 50.0).is_nan());
    }

    #[test]
    fn one_untimed_round_then_rounds_over_all_the_queries() {
        let mut calls = Vec::new();
        let durations = time_rounds(3, rounds(2), |index| {
            calls.push(index);
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(calls, [0, 1, 2, 0, 1, 2, 0, 1, 2]);
        assert_eq!(durations.len(), 6);
    }

    #[test]
    fn a_failing_call_stops_the_timing() {
        let result =
            time_rounds(3, rounds(5), |index| if index == 1 { Err(index) } else { Ok(()) });
        assert_eq!(result, Err(1));
    }

    #[test]
    fn the_summary_reads_microseconds_and_calls_per_second() {
        let durations: Vec<Duration> = [400, 100, 300, 200].map(Duration::from_micros).to_vec();
        let summary = summarise(&durations, 2, rounds(2));
        assert_eq!(summary.p50_us, 250.0);
        assert!((summary.p99_us - 397.0).abs() < 1e-9, "{summary:?}");
        assert_eq!(summary.mean_us, 250.0);
        assert!((summary.qps - 4000.0).abs() < 1e-9, "{summary:?}");
        assert_eq!((summary.queries, summary.repeat), (2, 2));
        let json = serde_json::to_value(summary).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 6);
        for key in ["p50_us", "p99_us", "mean_us", "qps", "queries", "repeat"] {
            assert!(json.get(key).is_some(), "{key} missing from {json}");
        }
    }

    #[test]
    fn searches_of_an_index_are_timed_and_a_failing_one_is_named() {
        use crate::index::{ArticleIndex, IndexSettings};
        let searcher =
            ArticleSearcher::new(ArticleIndex::create_in_ram(IndexSettings::default()).unwrap())
                .unwrap();
        let requests = [SearchRequest::for_query("données ouvertes")];
        let summary = time_searches(&searcher, &requests, rounds(3)).unwrap();
        assert_eq!((summary.queries, summary.repeat), (1, 3));
        assert!(summary.p50_us > 0.0 && summary.p99_us >= summary.p50_us, "{summary:?}");
        assert!(matches!(time_searches(&searcher, &[], rounds(1)), Err(LatencyError::NoQueries)));
        let too_long = [SearchRequest::for_query("x".repeat(600))];
        let error = time_searches(&searcher, &too_long, rounds(1)).unwrap_err();
        assert!(error.to_string().starts_with("searching \"xxx"), "{error}");
        let cause = std::error::Error::source(&error).map(ToString::to_string);
        assert!(cause.is_some_and(|cause| cause.contains("`q`")), "{error:?}");
    }
}
