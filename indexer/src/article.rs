//! The article record: what every source is turned into and what the index stores.
//!
//! The same rules are written as JSON Schema in `schemas/article.schema.json`; `Article::validate`
//! is their Rust form, so a JSON Lines record and an archive-page article are checked alike.

use serde::{Deserialize, Serialize};

use crate::date::PublicationDate;

/// One article of the archive, as ingested and as returned by search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Stable identifier: the key for updates and deletes.
    pub id: String,
    /// Where the article lives on the site, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Title, verbatim (accents, typographic apostrophes, no-break spaces); may be empty when
    /// the body is not (real exports have untitled posts).
    #[serde(default)]
    pub title: String,
    /// Publication date, when the source gives one; never invented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PublicationDate>,
    /// Author's display name, when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Categories, verbatim; facet values.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Tags, verbatim; facet values.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Number of comments, when the source shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<u32>,
    /// A summary written by the author, when the source has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// Plain-text body; paragraphs separated by blank lines.
    #[serde(default)]
    pub body: String,
    /// True when `body` is only the beginning of the article (an archive page's teaser).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub body_is_excerpt: bool,
    /// The file the article came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Why a record is not a valid article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidArticle {
    /// Neither a title nor a body: nothing to search or show.
    #[error("the record has neither a `title` nor a `body`")]
    NoText,
    /// The id holds characters that would make it awkward in a URL or a shell.
    #[error("id {0:?} must be 1 to 200 characters, without white space or control characters")]
    BadId(String),
    /// A category or tag is empty.
    #[error("field `{0}` holds an empty value")]
    EmptyFacetValue(&'static str),
}

impl Article {
    /// Checks the rules of `schemas/article.schema.json` that serde's types do not already enforce.
    pub fn validate(&self) -> Result<(), InvalidArticle> {
        let id_is_clean = !self.id.is_empty()
            && self.id.chars().count() <= 200
            && !self.id.chars().any(|c| c.is_whitespace() || c.is_control());
        if !id_is_clean {
            return Err(InvalidArticle::BadId(self.id.clone()));
        }
        if self.title.trim().is_empty() && self.body.trim().is_empty() {
            return Err(InvalidArticle::NoText);
        }
        if self.categories.iter().any(|value| value.trim().is_empty()) {
            return Err(InvalidArticle::EmptyFacetValue("categories"));
        }
        if self.tags.iter().any(|value| value.trim().is_empty()) {
            return Err(InvalidArticle::EmptyFacetValue("tags"));
        }
        Ok(())
    }
}
