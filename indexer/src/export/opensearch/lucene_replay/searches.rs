//! `searches.tsv`: the `_search` body of each judged query, its query tree written one clause
//! a line in pre-order, for `benches/lucene/RankWithLucene.java` to build with Lucene's classes:
//!
//! ```text
//! search       QUERY_ID  FROM  SIZE
//! bool         MUST_COUNT  SHOULD_COUNT  MINIMUM_SHOULD_MATCH|-   (its must, then should clauses follow)
//! multi_match  TEXT  OPERATOR  FUZZINESS|-  BOOST  FIELD^BOOST…   (type most_fields)
//! match_all
//! ```
//!
//! Only what ranks is replayed: a body with `post_filter`, `aggs` or `sort` is refused, and
//! `track_total_hits`, which only counts, is left out.

use serde_json::Value;

use super::{escaped_line, known_settings, object, strings, unsupported, ReplayError};

/// The lines of the search `body` of the judged query `query_id`.
pub fn search_lines(query_id: &str, body: &Value) -> Result<Vec<String>, ReplayError> {
    let known = ["from", "size", "track_total_hits", "query"];
    let body = known_settings(body, &known, "a search body")?;
    // OpenSearch's defaults: the first 10 hits.
    let from = count(body, "from", 0)?;
    let size = count(body, "size", 10)?;
    let mut lines = vec![escaped_line(["search", query_id, &from, &size])];
    clause_lines(&body["query"], &mut lines)?;
    Ok(lines)
}

fn count(settings: &Value, key: &str, default: u64) -> Result<String, ReplayError> {
    match settings.get(key) {
        None => Ok(default.to_string()),
        Some(value) => value
            .as_u64()
            .map(|count| count.to_string())
            .ok_or_else(|| unsupported(format!("{key}: {value}, not a count"))),
    }
}

/// The line of `clause` and, for a `bool`, those of its clauses.
fn clause_lines(clause: &Value, lines: &mut Vec<String>) -> Result<(), ReplayError> {
    let clause = object(clause, "a query clause")?;
    let mut kinds = clause.iter();
    let (Some((kind, definition)), None) = (kinds.next(), kinds.next()) else {
        return Err(unsupported(format!("a query clause of other than one kind: {clause:?}")));
    };
    match kind.as_str() {
        "bool" => return bool_lines(definition, lines),
        "multi_match" => lines.push(multi_match_line(definition)?),
        "match_all" => {
            known_settings(definition, &[], "match_all")?;
            lines.push("match_all".to_string());
        }
        other => return Err(unsupported(format!("the query {other}"))),
    }
    Ok(())
}

fn bool_lines(definition: &Value, lines: &mut Vec<String>) -> Result<(), ReplayError> {
    let known = ["must", "should", "minimum_should_match"];
    let settings = known_settings(definition, &known, "a bool query")?;
    let clauses = |key: &str| match settings.get(key) {
        None => Vec::new(),
        Some(Value::Array(clauses)) => clauses.iter().collect(),
        Some(clause) => vec![clause],
    };
    let (must, should) = (clauses("must"), clauses("should"));
    let minimum_should_match = match settings.get("minimum_should_match") {
        None => "-".to_string(),
        Some(value) => value.as_u64().map(|count| count.to_string()).ok_or_else(|| {
            unsupported(format!("minimum_should_match: {value}, not a number of clauses"))
        })?,
    };
    let counts = [must.len().to_string(), should.len().to_string(), minimum_should_match];
    lines.push(escaped_line(["bool"].into_iter().chain(counts.iter().map(String::as_str))));
    for clause in must.into_iter().chain(should) {
        clause_lines(clause, lines)?;
    }
    Ok(())
}

fn multi_match_line(definition: &Value) -> Result<String, ReplayError> {
    let what = "a multi_match query";
    let known = ["query", "type", "operator", "fields", "fuzziness", "boost"];
    let settings = known_settings(definition, &known, what)?;
    let text = |key: &str| settings.get(key).and_then(Value::as_str);
    if text("type") != Some("most_fields") {
        return Err(unsupported(format!("{what} of a type other than most_fields")));
    }
    let query = text("query").ok_or_else(|| unsupported(format!("{what} without its text")))?;
    // OpenSearch reads the operator in any case.
    let operator = text("operator").unwrap_or("or").to_lowercase();
    if operator != "or" && operator != "and" {
        return Err(unsupported(format!("the operator {operator} of {what}")));
    }
    let fuzziness = match settings.get("fuzziness") {
        None => "-",
        Some(value) => value.as_str().ok_or_else(|| unsupported(format!("fuzziness: {value}")))?,
    };
    let boost = match settings.get("boost") {
        None => 1.0,
        Some(value) => value.as_f64().ok_or_else(|| unsupported(format!("boost: {value}")))?,
    };
    let fields = strings(&settings["fields"], &format!("the fields of {what}"))?;
    let boost = boost.to_string();
    let head = ["multi_match", query, &operator, fuzziness, &boost];
    Ok(escaped_line(head.into_iter().chain(fields)))
}
