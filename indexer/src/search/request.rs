//! A search request, validated once for the CLI and the HTTP API alike.

use serde::{Deserialize, Serialize};

use crate::date::PublicationDate;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 512;
/// Largest page size.
pub const MAX_PER_PAGE: usize = 100;
/// Deepest result reachable by paging; deeper paging is refused rather than served slowly.
pub const MAX_RESULT_WINDOW: usize = 10_000;
/// Most values selected in one facet (`category=` or `tag=` repeated): each costs a term
/// lookup per search, and no person ticks more.
pub const MAX_SELECTED_VALUES: usize = 32;
/// Page size when none is given.
pub const DEFAULT_PER_PAGE: usize = 10;

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortOrder {
    /// Best match first (newest first when there is no query text).
    #[default]
    #[serde(rename = "relevance")]
    Relevance,
    /// Oldest first; undated articles last.
    #[serde(rename = "date")]
    DateAscending,
    /// Newest first; undated articles last.
    #[serde(rename = "-date")]
    DateDescending,
}

impl std::str::FromStr for SortOrder {
    type Err = InvalidRequest;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "relevance" | "" => Ok(SortOrder::Relevance),
            "date" => Ok(SortOrder::DateAscending),
            "-date" => Ok(SortOrder::DateDescending),
            _ => Err(InvalidRequest::new(
                "sort",
                format!("unknown sort {text:?}: use relevance, date (oldest first) or -date (newest first)"),
            )),
        }
    }
}

/// What to search for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// The query text (may be empty: then filters list articles by date).
    pub query: String,
    /// Selected categories (OR-ed).
    pub categories: Vec<String>,
    /// Selected tags (OR-ed).
    pub tags: Vec<String>,
    /// First day included.
    pub from: Option<PublicationDate>,
    /// Last day included.
    pub to: Option<PublicationDate>,
    /// Result order.
    pub sort: SortOrder,
    /// 1-based page number.
    pub page: usize,
    /// Results per page.
    pub per_page: usize,
    /// Whether to count the facet values of the matches: the search page shows them, a lookup
    /// or a judged run does not need them, and counting costs a pass over every match.
    pub facets: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            categories: Vec::new(),
            tags: Vec::new(),
            from: None,
            to: None,
            sort: SortOrder::default(),
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            facets: true,
        }
    }
}

/// A request parameter out of bounds; `parameter` names it for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid parameter `{parameter}`: {detail}")]
pub struct InvalidRequest {
    /// The parameter at fault, as named in the API and CLI.
    pub parameter: &'static str,
    /// What is wrong and what is accepted.
    pub detail: String,
}

impl InvalidRequest {
    /// Builds the error.
    pub fn new(parameter: &'static str, detail: impl Into<String>) -> Self {
        InvalidRequest { parameter, detail: detail.into() }
    }
}

impl SearchRequest {
    /// A request for `query` with default options.
    pub fn for_query(query: impl Into<String>) -> Self {
        SearchRequest { query: query.into(), ..SearchRequest::default() }
    }

    /// Checks the bounds shared by every front end.
    pub fn validate(&self) -> Result<(), InvalidRequest> {
        let query_chars = self.query.chars().count();
        if query_chars > MAX_QUERY_CHARS {
            return Err(InvalidRequest::new(
                "q",
                format!("the query has {query_chars} characters; the limit is {MAX_QUERY_CHARS}"),
            ));
        }
        if self.page == 0 {
            return Err(InvalidRequest::new("page", "pages are numbered from 1"));
        }
        if self.per_page == 0 || self.per_page > MAX_PER_PAGE {
            return Err(InvalidRequest::new(
                "per_page",
                format!("must be between 1 and {MAX_PER_PAGE}"),
            ));
        }
        if self.page.saturating_mul(self.per_page) > MAX_RESULT_WINDOW {
            return Err(InvalidRequest::new(
                "page",
                format!("results beyond the first {MAX_RESULT_WINDOW} cannot be paged to; narrow the search"),
            ));
        }
        for (parameter, values) in [("category", &self.categories), ("tag", &self.tags)] {
            if values.len() > MAX_SELECTED_VALUES {
                return Err(InvalidRequest::new(
                    parameter,
                    format!(
                        "{} values are selected; the limit is {MAX_SELECTED_VALUES}",
                        values.len()
                    ),
                ));
            }
        }
        if let (Some(from), Some(to)) = (&self.from, &self.to) {
            if from.timestamp() > to.timestamp() {
                return Err(InvalidRequest::new("from", "`from` is after `to`"));
            }
        }
        Ok(())
    }

    /// Parses a `YYYY-MM-DD` date parameter, naming it in the error.
    pub fn parse_date(
        parameter: &'static str,
        text: &str,
    ) -> Result<PublicationDate, InvalidRequest> {
        PublicationDate::parse(text)
            .map_err(|error| InvalidRequest::new(parameter, error.to_string()))
    }

    /// True when the request filters on anything.
    pub fn has_filters(&self) -> bool {
        !self.categories.is_empty()
            || !self.tags.is_empty()
            || self.from.is_some()
            || self.to.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_the_parameter() {
        let request = |change: fn(&mut SearchRequest)| {
            let mut request = SearchRequest::for_query("données");
            change(&mut request);
            request.validate().map_err(|error| error.parameter)
        };
        assert_eq!(request(|_| {}), Ok(()));
        assert_eq!(request(|r| r.page = 0), Err("page"));
        assert_eq!(request(|r| r.per_page = 1000), Err("per_page"));
        assert_eq!(request(|r| r.page = 1001), Err("page"));
        assert_eq!(request(|r| r.query = "x".repeat(513)), Err("q"));
        assert_eq!(request(|r| r.categories = vec!["a".into(); 32]), Ok(()));
        assert_eq!(request(|r| r.categories = vec!["a".into(); 33]), Err("category"));
        assert_eq!(request(|r| r.tags = vec!["a".into(); 33]), Err("tag"));
        assert_eq!(SearchRequest::parse_date("from", "2013-13-45").unwrap_err().parameter, "from");
        assert!("newest".parse::<SortOrder>().is_err());
    }
}
