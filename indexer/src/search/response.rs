//! The search result: one type, serialised identically by `trouvaille search --json` and
//! `GET /api/search`.

use serde::{Deserialize, Serialize};

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    /// The query text as received.
    pub query: String,
    /// Number of matching articles.
    pub total: usize,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
    /// The page returned (1-based).
    pub page: usize,
    /// Page size.
    pub per_page: usize,
    /// Set when no article matched every word and the results match only some of them.
    pub fallback: Option<Fallback>,
    /// A corrected query, when the query found little and a correction finds more.
    pub did_you_mean: Option<String>,
    /// The page of results.
    pub hits: Vec<Hit>,
    /// Disjunctive facet counts.
    pub facets: Facets,
}

/// How the matching was relaxed when the query, as typed, matched nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fallback {
    /// Which relaxation found the results.
    pub kind: FallbackKind,
    /// How many of the query's words each result matches at least.
    pub matched_words: usize,
    /// How many words the query has.
    pub query_words: usize,
}

/// The relaxations, tried in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FallbackKind {
    /// The last word was unfinished: it matched as the beginning of indexed words
    /// (search-as-you-type).
    LastWordPrefix,
    /// No article holds every word: the results hold `matched_words` of them.
    MostWords,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// Article URL, when known.
    pub url: Option<String>,
    /// Title, verbatim.
    pub title: String,
    /// Title, HTML-escaped, with `<mark>` around matched words.
    pub title_html: String,
    /// Publication day (`YYYY-MM-DD`), when known.
    pub date: Option<String>,
    /// Categories.
    pub categories: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Author, when known.
    pub author: Option<String>,
    /// A passage of the body, HTML-escaped, with `<mark>` around matched words.
    pub snippet_html: String,
    /// Relevance score (0 when sorted by date or listing without query text).
    pub score: f32,
}

/// Facet counts: each facet's counts apply every filter except that facet's own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    /// Categories, most frequent first.
    pub categories: Vec<FacetValue>,
    /// Tags, most frequent first.
    pub tags: Vec<FacetValue>,
    /// Years, newest first.
    pub years: Vec<FacetValue>,
    /// Months (`YYYY-MM`), newest first.
    pub months: Vec<FacetValue>,
}

/// One facet value and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    /// The value, verbatim.
    pub value: String,
    /// Matching articles with this value.
    pub count: u64,
    /// True when the request filters on this value.
    pub selected: bool,
}
