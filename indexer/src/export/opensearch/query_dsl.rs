//! A Trouvaille search as OpenSearch query DSL: the same fields and weights, filters that do
//! not narrow the facets of their own kind (`post_filter` with facet aggregations filtered by
//! the other kinds' filters), and the year and month histograms. `queries.md` shows examples.

use serde_json::{json, Map, Value};

use crate::search::config::{MatchingStrategy, SearchConfig};
use crate::search::{SearchRequest, SortOrder};

/// Facet values listed per facet, as Trouvaille's search page lists them.
const FACET_SIZE: usize = 50;

/// Trouvaille's typo rule: one typo from 5 letters, two from 9.
const TYPO_FUZZINESS: &str = "AUTO:5,9";

/// Weight of a typo match relative to the exact match: ranked below, as Trouvaille ranks them.
const TYPO_BOOST: f32 = 0.3;

/// One filter of the request, and the facet it must not narrow.
struct Filter {
    facet: &'static str,
    clause: Value,
}

/// The `_search` body of `request` ranked as `config` ranks it.
pub fn search_body(request: &SearchRequest, config: &SearchConfig) -> Value {
    let filters = filters(request);
    let mut body = Map::new();
    body.insert("from".into(), json!((request.page - 1) * request.per_page));
    body.insert("size".into(), json!(request.per_page));
    body.insert("track_total_hits".into(), json!(true));
    body.insert("query".into(), text_query(&request.query, config));
    if let Some(sort) = date_sort(request) {
        body.insert("sort".into(), sort);
    }
    if !filters.is_empty() {
        body.insert("post_filter".into(), all_of(filters.iter().map(|filter| &filter.clause)));
    }
    if request.facets {
        body.insert("aggs".into(), facet_aggregations(request, &filters));
    }
    Value::Object(body)
}

/// The words in the stemmed fields (and, with typo tolerance, one or two typos away in the
/// exact ones), plus a bonus for the words as typed.
fn text_query(text: &str, config: &SearchConfig) -> Value {
    if text.trim().is_empty() {
        return json!({ "match_all": {} });
    }
    let operator = match config.matching {
        MatchingStrategy::Any => "or",
        MatchingStrategy::All | MatchingStrategy::AllThenMostWords => "and",
    };
    let fields = |subfield: &str, weight: f32| -> Vec<String> {
        [
            ("title", config.title_weight),
            ("body", config.body_weight),
            ("labels", config.labels_weight),
        ]
        .iter()
        .map(|(field, field_weight)| format!("{field}{subfield}^{}", field_weight * weight))
        .collect()
    };
    let words = |subfield: &str, weight: f32| {
        json!({ "multi_match": {
            "query": text, "type": "most_fields", "operator": operator,
            "fields": fields(subfield, weight),
        }})
    };
    let mut required = vec![words("", config.stemmed_weight)];
    if config.typo_tolerance {
        let mut typos = words(".exact", TYPO_BOOST);
        typos["multi_match"]["fuzziness"] = json!(TYPO_FUZZINESS);
        required.push(typos);
    }
    json!({ "bool": {
        "must": { "bool": { "should": required, "minimum_should_match": 1 } },
        "should": words(".exact", config.exact_weight),
    }})
}

/// Newest (or oldest) first, undated articles last; none when relevance orders.
fn date_sort(request: &SearchRequest) -> Option<Value> {
    let order = match request.sort {
        SortOrder::Relevance if !request.query.trim().is_empty() => return None,
        SortOrder::Relevance | SortOrder::DateDescending => "desc",
        SortOrder::DateAscending => "asc",
    };
    Some(json!([{ "date": { "order": order, "missing": "_last" } }]))
}

fn filters(request: &SearchRequest) -> Vec<Filter> {
    let mut filters = Vec::new();
    for (facet, values) in [("categories", &request.categories), ("tags", &request.tags)] {
        if !values.is_empty() {
            filters.push(Filter { facet, clause: json!({ "terms": { facet: values } }) });
        }
    }
    if request.from.is_some() || request.to.is_some() {
        let mut range = Map::new();
        if let Some(from) = &request.from {
            range.insert("gte".into(), json!(from.day_string()));
        }
        if let Some(to) = &request.to {
            // Rounded up to the end of the day: the last day is included, as in Trouvaille.
            range.insert("lte".into(), json!(format!("{}||/d", to.day_string())));
        }
        filters.push(Filter { facet: "date", clause: json!({ "range": { "date": range } }) });
    }
    filters
}

fn all_of<'a>(clauses: impl Iterator<Item = &'a Value>) -> Value {
    json!({ "bool": { "filter": clauses.collect::<Vec<_>>() } })
}

/// Each facet counted under every filter but its own (disjunctive facets), with the selected
/// values listed whatever their count.
fn facet_aggregations(request: &SearchRequest, filters: &[Filter]) -> Value {
    let others = |facet: &str| {
        all_of(filters.iter().filter(|filter| filter.facet != facet).map(|f| &f.clause))
    };
    let terms = |field: &str, selected: &[String]| {
        let mut aggregations =
            json!({ "top": { "terms": { "field": field, "size": FACET_SIZE } } });
        if !selected.is_empty() {
            aggregations["selected"] =
                json!({ "terms": { "field": field, "include": selected, "min_doc_count": 0 } });
        }
        json!({ "filter": others(field), "aggs": aggregations })
    };
    let histogram = |interval: &str, format: &str| {
        json!({ "date_histogram": {
            "field": "date", "calendar_interval": interval, "format": format,
            "min_doc_count": 1, "order": { "_key": "desc" },
        }})
    };
    json!({
        "categories": terms("categories", &request.categories),
        "tags": terms("tags", &request.tags),
        "dates": {
            "filter": others("date"),
            "aggs": { "years": histogram("year", "yyyy"), "months": histogram("month", "yyyy-MM") },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PublicationDate;

    fn filtered_request() -> SearchRequest {
        SearchRequest {
            categories: vec!["Conférences".into()],
            tags: vec!["TI".into()],
            from: Some(PublicationDate::parse("2012-01-01").unwrap()),
            to: Some(PublicationDate::parse("2013-12-31").unwrap()),
            ..SearchRequest::for_query("donnees ouvertes")
        }
    }

    #[test]
    fn each_facet_is_counted_without_its_own_filter() {
        let body = search_body(&filtered_request(), &SearchConfig::default());
        let filter_of = |facet: &str| body["aggs"][facet]["filter"]["bool"]["filter"].clone();
        assert_eq!(
            filter_of("categories"),
            json!([{"terms": {"tags": ["TI"]}}, {"range": {"date": {"gte": "2012-01-01", "lte": "2013-12-31||/d"}}}])
        );
        assert_eq!(filter_of("tags").as_array().unwrap().len(), 2);
        assert_eq!(
            filter_of("dates"),
            json!([{"terms": {"categories": ["Conférences"]}}, {"terms": {"tags": ["TI"]}}])
        );
        assert_eq!(body["post_filter"]["bool"]["filter"].as_array().unwrap().len(), 3);
        assert_eq!(
            body["aggs"]["categories"]["aggs"]["selected"]["terms"]["include"],
            json!(["Conférences"])
        );
    }

    #[test]
    fn weights_and_typos_follow_the_configuration() {
        let body = search_body(&SearchRequest::for_query("donnees"), &SearchConfig::default());
        let required = &body["query"]["bool"]["must"]["bool"]["should"];
        assert_eq!(
            required[0]["multi_match"]["fields"],
            json!(["title^2", "body^1", "labels^0.3"])
        );
        assert_eq!(required[1]["multi_match"]["fuzziness"], TYPO_FUZZINESS);
        assert_eq!(body["query"]["bool"]["should"]["multi_match"]["fields"][0], "title.exact^1");
        assert!(body.get("post_filter").is_none() && body.get("sort").is_none());
        let no_typos = SearchConfig { typo_tolerance: false, ..SearchConfig::default() };
        let body = search_body(&SearchRequest::for_query("donnees"), &no_typos);
        assert_eq!(body["query"]["bool"]["must"]["bool"]["should"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn without_words_results_come_newest_first() {
        let request = SearchRequest { query: String::new(), ..filtered_request() };
        let body = search_body(&request, &SearchConfig::default());
        assert_eq!(body["query"], json!({"match_all": {}}));
        assert_eq!(body["sort"], json!([{"date": {"order": "desc", "missing": "_last"}}]));
    }
}
