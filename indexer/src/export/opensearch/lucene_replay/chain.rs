//! One analyzer of `settings.analysis` as lines of `analysis.tsv`, the chain format that
//! `tests/lucene/AnalyzeWithLucene.java` documents and builds with Lucene's classes:
//! `analyzer LABEL`, then its char filters, tokenizer and token filters in order, each with the
//! settings the Java side reads.

use serde_json::Value;

use super::{known_settings, object, strings, unsupported, ReplayError};

/// The token filters OpenSearch defines without settings that the Java side builds.
const BUILT_IN_FILTERS: [&str; 2] = ["lowercase", "asciifolding"];

/// The lines of the analyzer `analyzer` of `analysis` (`settings.index.analysis`), named
/// `label` in the chain file.
pub fn analyzer_chain(
    analysis: &Value,
    analyzer: &str,
    label: &str,
) -> Result<Vec<String>, ReplayError> {
    let what = format!("the analyzer {analyzer}");
    let definition = known_settings(
        &analysis["analyzer"][analyzer],
        &["type", "char_filter", "tokenizer", "filter"],
        &what,
    )?;
    if definition.get("type") != Some(&Value::from("custom")) {
        return Err(unsupported(format!("{what}, not of type custom")));
    }
    let listed = |key: &str| match definition.get(key) {
        None => Ok(Vec::new()),
        Some(names) => strings(names, &format!("{key} of {what}")),
    };
    let mut lines = vec![tab_separated(["analyzer", label])?];
    for name in listed("char_filter")? {
        lines.push(char_filter_line(&analysis["char_filter"][name], name)?);
    }
    match definition.get("tokenizer").and_then(Value::as_str) {
        Some("standard") => lines.push(tab_separated(["tokenizer", "standard"])?),
        _ => return Err(unsupported(format!("the tokenizer of {what}"))),
    }
    for name in listed("filter")? {
        lines.push(filter_line(analysis["filter"].get(name), name)?);
    }
    Ok(lines)
}

fn char_filter_line(definition: &Value, name: &str) -> Result<String, ReplayError> {
    let what = format!("the char filter {name}");
    let fields = match object(definition, &what)?.get("type").and_then(Value::as_str) {
        Some("mapping") => {
            let settings = known_settings(definition, &["type", "mappings"], &what)?;
            [vec!["mapping"], strings(&settings["mappings"], &what)?].concat()
        }
        Some("pattern_replace") => {
            let settings = known_settings(definition, &["type", "pattern", "replacement"], &what)?;
            // Without a replacement, OpenSearch replaces with nothing.
            let replacement = settings.get("replacement").map_or(Some(""), Value::as_str);
            match (settings["pattern"].as_str(), replacement) {
                (Some(pattern), Some(replacement)) => {
                    vec!["pattern_replace", pattern, replacement]
                }
                _ => return Err(unsupported(format!("{what} without a pattern"))),
            }
        }
        _ => return Err(unsupported(format!("the type of {what}"))),
    };
    tab_separated(["char_filter"].into_iter().chain(fields))
}

/// A filter defined in the settings, or a built-in one named directly (`lowercase`).
fn filter_line(definition: Option<&Value>, name: &str) -> Result<String, ReplayError> {
    let Some(definition) = definition else {
        if !BUILT_IN_FILTERS.contains(&name) {
            return Err(unsupported(format!("the built-in filter {name}")));
        }
        return tab_separated(["filter", name]);
    };
    let what = format!("the filter {name}");
    let list = |key: &str| -> Result<Vec<&str>, ReplayError> {
        let settings = known_settings(definition, &["type", key], &what)?;
        strings(&settings[key], &what)
    };
    let fields: Vec<&str> = match object(definition, &what)?.get("type").and_then(Value::as_str) {
        Some("elision") => [vec!["elision"], list("articles")?].concat(),
        Some("stop") => [vec!["stop"], list("stopwords")?].concat(),
        Some("stemmer") => {
            let settings = known_settings(definition, &["type", "language"], &what)?;
            match settings["language"].as_str() {
                Some(language) => vec!["stemmer", language],
                None => return Err(unsupported(format!("{what} without a language"))),
            }
        }
        Some("synonym_graph") => synonym_fields(definition, &what)?,
        _ => return Err(unsupported(format!("the type of {what}"))),
    };
    tab_separated(["filter"].into_iter().chain(fields))
}

/// `synonym_graph EXPAND RULE…`; `expand` is true unless the settings say otherwise, as in
/// OpenSearch.
fn synonym_fields<'a>(definition: &'a Value, what: &str) -> Result<Vec<&'a str>, ReplayError> {
    let settings = known_settings(definition, &["type", "synonyms", "expand"], what)?;
    let expand = match settings.get("expand") {
        None | Some(Value::Bool(true)) => "true",
        Some(Value::Bool(false)) => "false",
        Some(other) => return Err(unsupported(format!("expand: {other} in {what}"))),
    };
    Ok([vec!["synonym_graph", expand], strings(&settings["synonyms"], what)?].concat())
}

/// Fields joined by tabs, as they are: a tab or a line break in one is refused.
fn tab_separated<'a>(fields: impl IntoIterator<Item = &'a str>) -> Result<String, ReplayError> {
    let fields: Vec<&str> = fields.into_iter().collect();
    if let Some(field) = fields.iter().find(|field| field.contains(['\t', '\n', '\r'])) {
        return Err(ReplayError::Untabulated { value: field.to_string() });
    }
    Ok(fields.join("\t"))
}
