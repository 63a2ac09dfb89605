//! `fields.tsv` and `documents.tsv`: what Lucene indexes, read from the mappings, the
//! similarity and the bulk records as OpenSearch reads them.
//!
//! Only text fields are replayed: the judged queries search text, and a search body with
//! filters, aggregations or a sort, which would need the other fields, is refused
//! (`searches.rs`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{escaped_line, known_settings, object, strings, unsupported, ReplayError};
use crate::article::Article;

/// Field types the replayed searches never reach (filters, aggregations and sorts use them).
const UNSEARCHED_TYPES: [&str; 4] = ["keyword", "date", "long", "boolean"];

/// A searchable text field or subfield of the mappings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    /// `title`, or `title.exact` for a subfield.
    name: String,
    /// The analyzer of the indexed text.
    index_analyzer: String,
    /// The analyzer of the query text (`search_analyzer`, else `analyzer`).
    search_analyzer: String,
    /// The record fields whose values it indexes: its own (its parent's for a subfield), then
    /// those that `copy_to` it.
    sources: Vec<String>,
}

impl TextField {
    /// `field NAME INDEX_ANALYZER SEARCH_ANALYZER SOURCE…`
    pub fn line(&self) -> String {
        let head = ["field", &self.name, &self.index_analyzer, &self.search_analyzer];
        escaped_line(head.into_iter().chain(self.sources.iter().map(String::as_str)))
    }
}

/// `similarity BM25 K1 B`, from `settings.index.similarity`.
pub fn similarity_line(similarity: &Value) -> Result<String, ReplayError> {
    let what = "settings.index.similarity";
    let similarities = known_settings(similarity, &["default"], what)?;
    let what = "settings.index.similarity.default";
    let bm25 = known_settings(&similarities["default"], &["type", "k1", "b"], what)?;
    match (bm25.get("type").and_then(Value::as_str), number(bm25, "k1"), number(bm25, "b")) {
        (Some("BM25"), Some(k1), Some(b)) => {
            Ok(escaped_line(["similarity", "BM25", &k1.to_string(), &b.to_string()]))
        }
        _ => Err(unsupported(format!("{what} other than BM25 with k1 and b"))),
    }
}

fn number(settings: &Value, key: &str) -> Option<f64> {
    settings.get(key).and_then(Value::as_f64)
}

/// Every searchable text field and subfield of `mappings`.
pub fn text_fields(mappings: &Value) -> Result<Vec<TextField>, ReplayError> {
    let mappings = known_settings(mappings, &["dynamic", "properties"], "mappings")?;
    let properties = object(&mappings["properties"], "mappings.properties")?;
    let copied = copy_sources(properties)?;
    let mut fields = Vec::new();
    for (name, property) in properties {
        match property.get("type").and_then(Value::as_str) {
            Some("text") => fields.extend(text_field(name, property, &copied)?),
            Some(kind) if UNSEARCHED_TYPES.contains(&kind) => {}
            _ => return Err(unsupported(format!("the type of the field {name}"))),
        }
    }
    Ok(fields)
}

/// For each field that others `copy_to`, those others.
fn copy_sources(
    properties: &Map<String, Value>,
) -> Result<BTreeMap<&str, Vec<String>>, ReplayError> {
    let mut sources: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, property) in properties {
        let targets = match property.get("copy_to") {
            None => Vec::new(),
            Some(Value::String(target)) => vec![target.as_str()],
            Some(targets) => strings(targets, &format!("copy_to of {name}"))?,
        };
        for target in targets {
            sources.entry(target).or_default().push(name.clone());
        }
    }
    Ok(sources)
}

/// A text field and its subfields; none when it is not indexed (`"index": false`).
fn text_field(
    name: &str,
    property: &Value,
    copied: &BTreeMap<&str, Vec<String>>,
) -> Result<Vec<TextField>, ReplayError> {
    let what = format!("the text field {name}");
    let known = ["type", "analyzer", "search_analyzer", "fields", "index"];
    let settings = known_settings(property, &known, &what)?;
    if settings.get("index") == Some(&Value::Bool(false)) {
        return Ok(Vec::new());
    }
    let sources: Vec<String> = std::iter::once(name.to_string())
        .chain(copied.get(name).into_iter().flatten().cloned())
        .collect();
    let mut fields = vec![analyzed(name.to_string(), settings, &what, &sources)?];
    let no_subfields = Map::new();
    let subfields = match settings.get("fields") {
        Some(subfields) => object(subfields, &format!("the subfields of {name}"))?,
        None => &no_subfields,
    };
    for (subfield, definition) in subfields {
        let what = format!("the subfield {name}.{subfield}");
        let settings = known_settings(definition, &["type", "analyzer", "search_analyzer"], &what)?;
        if settings.get("type") != Some(&Value::from("text")) {
            return Err(unsupported(format!("the type of {what}")));
        }
        fields.push(analyzed(format!("{name}.{subfield}"), settings, &what, &sources)?);
    }
    Ok(fields)
}

/// The field `name`, analyzed as its `settings` say, filled from `sources`.
fn analyzed(
    name: String,
    settings: &Value,
    what: &str,
    sources: &[String],
) -> Result<TextField, ReplayError> {
    let analyzer = |key: &str| settings.get(key).and_then(Value::as_str).map(str::to_string);
    let index_analyzer =
        analyzer("analyzer").ok_or_else(|| unsupported(format!("{what} without an analyzer")))?;
    let search_analyzer = analyzer("search_analyzer").unwrap_or_else(|| index_analyzer.clone());
    Ok(TextField { name, index_analyzer, search_analyzer, sources: sources.to_vec() })
}

/// `ID (SOURCE VALUE)…`: the values of `article` that the text fields index, a field repeated
/// for each value of a list (`tags`).
pub fn document_line(article: &Article, fields: &[TextField]) -> Result<String, ReplayError> {
    // A record is strings, numbers and booleans: it always serialises.
    let record = serde_json::to_value(article).unwrap_or_default();
    let sources: BTreeSet<&str> =
        fields.iter().flat_map(|field| field.sources.iter().map(String::as_str)).collect();
    let mut line = vec![article.id.as_str()];
    for source in sources {
        let values = match &record[source] {
            Value::Null => Vec::new(),
            Value::String(value) => vec![value.as_str()],
            values => strings(values, &format!("the record field {source}"))?,
        };
        for value in values {
            line.extend([source, value]);
        }
    }
    Ok(escaped_line(line))
}
