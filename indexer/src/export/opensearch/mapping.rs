//! `mappings` of `index.json`: one property per field of the article record
//! (`schemas/article.schema.json`), plus `labels`, the searchable copy of categories and tags
//! that Trouvaille also searches.

use serde_json::{json, Value};

use super::analysis::{EXACT_ANALYZER, STEMMED_ANALYZER, STEMMED_SYNONYMS_ANALYZER};

/// The one mapped field that is not a record field: filled by `copy_to`, never in `_source`.
pub const LABELS_FIELD: &str = "labels";

/// The mappings; `with_synonyms` when the synonym analyzer exists (a non-empty list).
pub fn mappings(with_synonyms: bool) -> Value {
    let search_analyzer = if with_synonyms { STEMMED_SYNONYMS_ANALYZER } else { STEMMED_ANALYZER };
    let text = json!({
        "type": "text",
        "analyzer": STEMMED_ANALYZER,
        "search_analyzer": search_analyzer,
        "fields": { "exact": { "type": "text", "analyzer": EXACT_ANALYZER } },
    });
    let copied_keyword = json!({ "type": "keyword", "copy_to": LABELS_FIELD });
    json!({
        // A record with an unknown field is refused rather than mapped by guess.
        "dynamic": "strict",
        "properties": {
            "id": { "type": "keyword" },
            "url": { "type": "keyword" },
            "title": text,
            "body": text,
            LABELS_FIELD: text,
            "categories": copied_keyword,
            "tags": copied_keyword,
            // Records write a day, or an RFC 3339 date-time (with `T` or a space).
            "date": {
                "type": "date",
                "format": "strict_date_optional_time||yyyy-MM-dd HH:mm:ssXXX||yyyy-MM-dd HH:mm:ss.SSSSSSSSSXXX",
            },
            "author": { "type": "keyword" },
            "comments": { "type": "long" },
            "excerpt": { "type": "text", "index": false },
            "body_is_excerpt": { "type": "boolean" },
            "source": { "type": "keyword", "index": false },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_search_with_synonyms_only_when_there_are_some() {
        assert_eq!(
            mappings(true)["properties"]["body"]["search_analyzer"],
            STEMMED_SYNONYMS_ANALYZER
        );
        assert_eq!(mappings(false)["properties"]["title"]["search_analyzer"], STEMMED_ANALYZER);
        assert_eq!(mappings(true)["properties"]["tags"]["type"], "keyword");
    }
}
