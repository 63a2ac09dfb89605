//! Reading sources into article records: archive pages (`.txt`), JSON Lines (`.jsonl`, gzip
//! or not), WordPress exports (`.xml`), saved HTML pages (`.html`) and folders of them.
//!
//! Every record carries where it came from (file and line), so that a rejected record can be
//! named precisely without stopping the others.

pub mod archive_page;
pub mod html_page;
pub mod html_text;
pub mod jsonl;
pub mod slug;
mod sources;
pub mod wxr;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

pub use sources::{read_sources, SourceFormat, SourceOptions};

use crate::article::{Article, InvalidArticle};

/// Where a record stands in its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLocation {
    /// The source file.
    pub file: PathBuf,
    /// 1-based line where the record starts; 0 for the whole file.
    pub line: usize,
}

impl fmt::Display for RecordLocation {
    /// `file:line`, or just `file` for a problem with the whole file (line 0).
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(formatter, "{}", self.file.display())
        } else {
            write!(formatter, "{}:{}", self.file.display(), self.line)
        }
    }
}

/// One record read from a source: an article, or why the record could not become one.
#[derive(Debug)]
pub struct SourceRecord {
    /// Where the record stands.
    pub location: RecordLocation,
    /// The article, or the reason it was rejected.
    pub article: Result<Article, RecordError>,
}

/// Items of a source that are deliberately not articles (drafts, revisions, attachments…),
/// counted by kind for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkippedItems {
    counts: BTreeMap<String, usize>,
}

impl SkippedItems {
    /// Counts one item of `kind` (`draft`, `revision`, `attachment`…).
    pub fn add(&mut self, kind: &str) {
        *self.counts.entry(kind.to_string()).or_default() += 1;
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: SkippedItems) {
        for (kind, count) in other.counts {
            *self.counts.entry(kind).or_default() += count;
        }
    }

    /// Items skipped in all.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// The count of one kind.
    pub fn count(&self, kind: &str) -> usize {
        self.counts.get(kind).copied().unwrap_or(0)
    }
}

impl fmt::Display for SkippedItems {
    /// `3 draft, 1 revision`: kinds in alphabetical order.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> =
            self.counts.iter().map(|(kind, count)| format!("{count} {kind}")).collect();
        formatter.write_str(&parts.join(", "))
    }
}

/// Why one record was rejected; the other records of the source are still read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The line is not valid JSON, or not an article object.
    #[error("not a valid article record: {0}")]
    Json(#[from] serde_json::Error),
    /// The record breaks a rule of the article schema.
    #[error(transparent)]
    Invalid(#[from] InvalidArticle),
    /// The file could not be read (the other files are).
    #[error("{0}")]
    Unreadable(String),
    /// The line is not UTF-8 text.
    #[error("the line is not valid UTF-8")]
    NotUtf8,
    /// A WordPress export's item whose XML is broken or which lacks what an article needs, or
    /// the place where the export's XML breaks off; the message says what and at which line.
    #[error("invalid WordPress export: {0}")]
    Xml(String),
    /// A saved HTML page that cannot be read as text; the message says why and where.
    #[error("invalid HTML page: {0}")]
    Html(String),
}

/// A source that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// A file or folder could not be read.
    #[error("cannot read {path}: {cause}")]
    Read {
        /// The path.
        path: PathBuf,
        /// The underlying error. Shown in the message (a rejected file is reported by its
        /// message alone), so not chained as a source, which `{:#}` would print twice.
        cause: std::io::Error,
    },
    /// A file given by name has a format Trouvaille does not read.
    #[error(
        "{path}: unsupported source format (expected an archive page .txt, \
         JSON Lines .jsonl or .jsonl.gz, a WordPress export .xml, an HTML page .html, \
         or a folder of them)"
    )]
    UnsupportedFormat {
        /// The path.
        path: PathBuf,
    },
}

/// Brings every text field of `article` to NFC, so that stored text and its token offsets agree
/// and `é` typed either way is one letter.
pub fn normalise_article_text(article: &mut Article) {
    use crate::analysis::normalise_nfc;
    let normalise = |text: &mut String| {
        if let std::borrow::Cow::Owned(normalised) = normalise_nfc(text) {
            *text = normalised;
        }
    };
    normalise(&mut article.title);
    normalise(&mut article.body);
    article.categories.iter_mut().for_each(normalise);
    article.tags.iter_mut().for_each(normalise);
    article.author.iter_mut().for_each(normalise);
    article.excerpt.iter_mut().for_each(normalise);
}
