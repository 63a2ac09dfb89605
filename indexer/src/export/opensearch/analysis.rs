//! Trouvaille's French chain written with OpenSearch's (and Elasticsearch's) own analysis
//! components: `settings.analysis` of `index.json`.
//!
//! The stemmed fields fold accents *before* stemming, whatever order the index uses:
//! Trouvaille's default stems the accented word and restores accents in queries typed without
//! them from the index's own vocabulary, which an analyzer cannot look up. Folding first gives
//! Trouvaille's `fold-then-stem` chain exactly, and in a Lucene prototype on the frdocs dev
//! queries it ranked better than stemming first without the restoration
//! (`docs/opensearch-export-design.md`, §3.1).

use serde_json::{json, Value};

use crate::analysis::elision::elided_prefixes;
use crate::analysis::stopwords::folded_french_stopwords;
use crate::analysis::StemmerAlgorithm;
use crate::search::synonyms::Synonyms;

/// Analyzer of the stemmed text fields (`title`, `body`, `labels`).
pub const STEMMED_ANALYZER: &str = "trouvaille_stemmed";
/// The stemmed analyzer with the synonyms, for queries only (`search_analyzer`), as Trouvaille
/// applies synonyms at query time: editing them needs no reindexing.
pub const STEMMED_SYNONYMS_ANALYZER: &str = "trouvaille_stemmed_synonyms";
/// Analyzer of the `exact` subfields: folded, unstemmed, stopwords kept.
pub const EXACT_ANALYZER: &str = "trouvaille_exact";

/// The filters every analyzer starts with: case, elision, then accents.
const COMMON_FILTERS: [&str; 3] = ["lowercase", "trouvaille_elision", "asciifolding"];

/// `settings.analysis` for an index stemmed with `stemmer`, with `synonyms` at query time.
pub fn analysis_settings(stemmer: StemmerAlgorithm, synonyms: &Synonyms) -> Value {
    let analyzer = |filters: &[&str]| {
        json!({
            "type": "custom",
            "char_filter": ["trouvaille_apostrophes"],
            "tokenizer": "standard",
            "filter": filters,
        })
    };
    fn with(tail: &[&'static str]) -> Vec<&'static str> {
        COMMON_FILTERS.iter().chain(tail).copied().collect()
    }
    let mut analyzers = json!({
        STEMMED_ANALYZER: analyzer(&with(&["trouvaille_stop", "trouvaille_stemmer"])),
        EXACT_ANALYZER: analyzer(&with(&[])),
    });
    let mut filters = json!({
        "trouvaille_elision": { "type": "elision", "articles": elided_prefixes() },
        "trouvaille_stop": { "type": "stop", "stopwords": folded_french_stopwords() },
        "trouvaille_stemmer": { "type": "stemmer", "language": stemmer_language(stemmer) },
    });
    let rules = synonyms.solr_rules();
    if !rules.is_empty() {
        // After folding, as Trouvaille matches synonyms on folded words; before the stop
        // filter, since Lucene refuses a rule whose words the chain before it drops.
        let chain = with(&["trouvaille_synonyms", "trouvaille_stop", "trouvaille_stemmer"]);
        analyzers[STEMMED_SYNONYMS_ANALYZER] = analyzer(&chain);
        filters["trouvaille_synonyms"] =
            json!({ "type": "synonym_graph", "expand": true, "synonyms": rules });
    }
    json!({
        "char_filter": {
            // Trouvaille elides after both apostrophes and U+02BC; Lucene's elision filter
            // knows the first two only.
            "trouvaille_apostrophes": { "type": "mapping", "mappings": ["’ => '", "ʼ => '"] },
        },
        "filter": filters,
        "analyzer": analyzers,
    })
}

/// OpenSearch's name of the stemmer: `french` is Snowball's, as Trouvaille's default.
fn stemmer_language(stemmer: StemmerAlgorithm) -> &'static str {
    match stemmer {
        StemmerAlgorithm::Snowball => "french",
        StemmerAlgorithm::Light => "light_french",
        StemmerAlgorithm::Minimal => "minimal_french",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_has_trouvaille_lists_and_its_stemmer() {
        let settings = analysis_settings(StemmerAlgorithm::Light, &Synonyms::bundled());
        let stemmed = &settings["analyzer"][STEMMED_ANALYZER]["filter"];
        assert_eq!(
            stemmed,
            &json!([
                "lowercase",
                "trouvaille_elision",
                "asciifolding",
                "trouvaille_stop",
                "trouvaille_stemmer"
            ])
        );
        assert_eq!(settings["filter"]["trouvaille_stemmer"]["language"], "light_french");
        let stopwords = settings["filter"]["trouvaille_stop"]["stopwords"].as_array().unwrap();
        assert!(stopwords.contains(&json!("ete")) && !stopwords.contains(&json!("été")));
        let articles = settings["filter"]["trouvaille_elision"]["articles"].as_array().unwrap();
        assert!(articles.contains(&json!("jusqu")));
        let rules = settings["filter"]["trouvaille_synonyms"]["synonyms"].as_array().unwrap();
        assert!(rules.contains(&json!("ti => ti, technologies de information")), "{rules:?}");
    }

    #[test]
    fn without_synonyms_there_is_no_synonym_analyzer() {
        let settings = analysis_settings(StemmerAlgorithm::Snowball, &Synonyms::empty());
        assert!(settings["analyzer"].get(STEMMED_SYNONYMS_ANALYZER).is_none());
        assert_eq!(settings["filter"]["trouvaille_stemmer"]["language"], "french");
    }
}
