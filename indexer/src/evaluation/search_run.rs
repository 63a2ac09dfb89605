//! Judged queries run through the engine's own search path, into a TREC run.
//!
//! This is the only place where evaluation meets the engine: each query goes through
//! [`ArticleSearcher::search`] exactly as the server and the CLI call it, so a figure measured
//! here is the figure a visitor gets.

use super::judgments::Queries;
use super::trec_run::{RankedList, Run, ScoredDocument};
use crate::search::{ArticleSearcher, SearchError, SearchRequest};

/// Results evaluated per query: the depth of Recall@100, the largest page the API serves.
pub const RUN_DEPTH: usize = crate::search::request::MAX_PER_PAGE;

/// The request a judged query is evaluated with: the first [`RUN_DEPTH`] results, no facets.
/// The OpenSearch export's replay in Lucene asks the same.
pub fn judged_query_request(text: &str) -> SearchRequest {
    SearchRequest { per_page: RUN_DEPTH, facets: false, ..SearchRequest::for_query(text) }
}

/// Searches every query of `queries` and keeps the first [`RUN_DEPTH`] results of each.
///
/// trec_eval orders a run by score, not by rank, and breaks ties by document identifier; so
/// that it reads the engine's order, a score equal to or above the previous one is written a
/// hair below it (the ranking is unchanged, only ties are broken as the engine broke them).
pub fn search_run(searcher: &ArticleSearcher, queries: &Queries) -> Result<Run, SearchError> {
    let mut run = Run::new();
    for query in queries {
        let response = searcher.search(&judged_query_request(&query.text))?;
        let mut previous = f64::INFINITY;
        let documents = response
            .hits
            .into_iter()
            .map(|hit| {
                let mut score = f64::from(hit.score);
                if score >= previous {
                    score = previous - previous.abs().max(1.0) * 1e-9;
                }
                previous = score;
                ScoredDocument::new(hit.id, score)
            })
            .collect();
        run.insert(query.id.clone(), RankedList::new(documents));
    }
    Ok(run)
}
