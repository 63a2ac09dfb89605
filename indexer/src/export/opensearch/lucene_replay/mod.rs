//! The export as Lucene replays it, to measure what a cluster would rank without one:
//! `benches/lucene/RankWithLucene.java` builds Lucene 8's own classes from the tab-separated
//! files written here into `DIR/lucene/` (the JDK has no JSON parser):
//!
//! - `analysis.tsv`: every analyzer of `index.json`, in the chain format of
//!   `tests/lucene/AnalyzeWithLucene.java` (the parity test writes its own with
//!   [`analyzer_chain`]);
//! - `fields.tsv`: the similarity, then each searchable text field with its analyzers and the
//!   record fields that fill it (`copy_to` included);
//! - `documents.tsv`: the records of the bulk files, one a line;
//! - `searches.tsv`: the `_search` body of each judged query as `queries.md` writes them
//!   ([`search_body`](super::search_body)), one query clause a line.
//!
//! Everything is read back from the files a cluster receives, so Lucene ranks what the export
//! says. A setting, mapping or query construct the Java side does not build is refused by name
//! rather than skipped: the export has grown, and the replay must grow with it.
//!
//! `analysis.tsv` holds the settings as they are (patterns and mapping rules have backslashes
//! of their own), refusing a tab or a line break; the other files escape `\`, tab, line feed
//! and carriage return as `\\`, `\t`, `\n` and `\r`.

mod chain;
mod mapping;
mod searches;

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

pub use chain::analyzer_chain;

use super::bulk::{read_bulk_file, BulkFileError};
use super::search_body;
use crate::evaluation::{judged_query_request, Queries};
use crate::search::config::SearchConfig;

/// The folder of the export the replay files go into.
pub const REPLAY_FOLDER: &str = "lucene";

/// Why the replay files could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// The export holds something the Java side does not build.
    #[error(
        "the Lucene replay does not build {what}: teach it (lucene_replay in the exporter and \
         the Java files that read its output), or this part of the export goes unmeasured"
    )]
    Unsupported {
        /// The setting, mapping or query construct, and where it is.
        what: String,
    },
    /// A setting of `analysis.tsv` that a tab-separated line cannot hold.
    #[error("{value:?} holds a tab or a line break, which analysis.tsv cannot hold")]
    Untabulated {
        /// The value.
        value: String,
    },
    /// `index.json` could not be read.
    #[error("cannot read {path}: {cause}")]
    IndexDefinition {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: String,
    },
    /// A bulk file could not be read back.
    #[error(transparent)]
    Bulk(#[from] BulkFileError),
    /// A replay file could not be written.
    #[error("cannot write {path}: {cause}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },
}

/// Writes `REPLAY_FOLDER` into `export`, the folder of an export whose index is `index_name`
/// and bulk files `bulk_files`, with the `_search` bodies of `queries` ranked by `config`.
pub fn write_lucene_replay(
    export: &Path,
    bulk_files: &[PathBuf],
    index_name: &str,
    queries: &Queries,
    config: &SearchConfig,
) -> Result<(), ReplayError> {
    let definition = read_index_definition(&export.join("index.json"))?;
    let settings = known_settings(
        &definition["settings"]["index"],
        &["max_result_window", "similarity", "analysis"],
        "settings.index",
    )?;
    let fields = mapping::text_fields(&definition["mappings"])?;
    let mut field_lines = vec![mapping::similarity_line(&settings["similarity"])?];
    field_lines.extend(fields.iter().map(mapping::TextField::line));
    let files = [
        ("analysis.tsv", analysis_lines(&settings["analysis"])?),
        ("fields.tsv", field_lines),
        ("documents.tsv", document_lines(bulk_files, index_name, &fields)?),
        ("searches.tsv", search_lines(queries, config)?),
    ];
    let folder = export.join(REPLAY_FOLDER);
    std::fs::create_dir_all(&folder)
        .map_err(|cause| ReplayError::Write { path: folder.clone(), cause })?;
    for (name, lines) in files {
        write_lines(&folder.join(name), &lines)?;
    }
    Ok(())
}

/// Every analyzer of `analysis`, under its own name.
fn analysis_lines(analysis: &Value) -> Result<Vec<String>, ReplayError> {
    let mut lines = Vec::new();
    for name in object(&analysis["analyzer"], "settings.index.analysis.analyzer")?.keys() {
        lines.extend(analyzer_chain(analysis, name, name)?);
    }
    Ok(lines)
}

/// The records of the bulk files, as the text `fields` index them.
fn document_lines(
    bulk_files: &[PathBuf],
    index_name: &str,
    fields: &[mapping::TextField],
) -> Result<Vec<String>, ReplayError> {
    let mut lines = Vec::new();
    for path in bulk_files {
        for article in read_bulk_file(path, index_name)? {
            lines.push(mapping::document_line(&article, fields)?);
        }
    }
    Ok(lines)
}

/// The search body of each judged query, as a search of the evaluation asks it.
fn search_lines(queries: &Queries, config: &SearchConfig) -> Result<Vec<String>, ReplayError> {
    let mut lines = Vec::new();
    for query in queries {
        let body = search_body(&judged_query_request(&query.text), config);
        lines.extend(searches::search_lines(&query.id, &body)?);
    }
    Ok(lines)
}

fn read_index_definition(path: &Path) -> Result<Value, ReplayError> {
    let unreadable =
        |cause: String| ReplayError::IndexDefinition { path: path.to_path_buf(), cause };
    let text = std::fs::read_to_string(path).map_err(|error| unreadable(error.to_string()))?;
    serde_json::from_str(&text).map_err(|error| unreadable(error.to_string()))
}

fn write_lines(path: &Path, lines: &[String]) -> Result<(), ReplayError> {
    let text: String = lines.iter().map(|line| format!("{line}\n")).collect();
    std::fs::write(path, text)
        .map_err(|cause| ReplayError::Write { path: path.to_path_buf(), cause })
}

/// `value`, after checking it is an object holding only `known` settings (an absent one reads
/// as null); `what` names it in errors.
fn known_settings<'a>(
    value: &'a Value,
    known: &[&str],
    what: &str,
) -> Result<&'a Value, ReplayError> {
    match object(value, what)?.keys().find(|key| !known.contains(&key.as_str())) {
        Some(key) => Err(unsupported(format!("the setting {key:?} of {what}"))),
        None => Ok(value),
    }
}

fn object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>, ReplayError> {
    value.as_object().ok_or_else(|| unsupported(format!("{what} other than an object: {value}")))
}

/// The strings of the array `value`.
fn strings<'a>(value: &'a Value, what: &str) -> Result<Vec<&'a str>, ReplayError> {
    let not_strings = || unsupported(format!("{what} other than an array of strings: {value}"));
    let items = value.as_array().ok_or_else(not_strings)?;
    items.iter().map(|item| item.as_str().ok_or_else(not_strings)).collect()
}

fn unsupported(what: String) -> ReplayError {
    ReplayError::Unsupported { what }
}

/// A line of escaped fields (see the module's documentation).
fn escaped_line<S: AsRef<str>>(fields: impl IntoIterator<Item = S>) -> String {
    let escaped: Vec<String> = fields.into_iter().map(|field| escaped(field.as_ref())).collect();
    escaped.join("\t")
}

fn escaped(field: &str) -> String {
    let mut text = String::with_capacity(field.len());
    for character in field.chars() {
        match character {
            '\\' => text.push_str("\\\\"),
            '\t' => text.push_str("\\t"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            other => text.push(other),
        }
    }
    text
}

#[cfg(test)]
mod tests;
