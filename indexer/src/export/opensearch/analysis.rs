//! Trouvaille's French chain written with OpenSearch's (and Elasticsearch's) own analysis
//! components: `settings.analysis` of `index.json`.
//!
//! The stemmed fields fold accents *before* stemming, whatever order the index uses:
//! Trouvaille's default stems the accented word and restores accents in queries typed without
//! them from the index's own vocabulary, which an analyzer cannot look up. Folding first gives
//! Trouvaille's `fold-then-stem` chain exactly, and in a Lucene prototype on the frdocs dev
//! queries it ranked better than stemming first without the restoration
//! (`docs/opensearch-export-design.md`, §3.1).
//!
//! `tests/lucene_parity.rs` runs this chain in Lucene 8 on golden text and compares its tokens
//! with Trouvaille's; the differences left are listed in
//! `tests/fixtures/lucene-known-differences.tsv`.

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

/// The char filters every analyzer starts with, in order: they make the standard tokenizer cut
/// words where Trouvaille's word splitter does (`analysis/words.rs`). Each one was added for a
/// difference that `tests/lucene_parity.rs` found in Lucene 8.8.1.
const CHAR_FILTERS: [&str; 4] = [
    "trouvaille_apostrophes",
    "trouvaille_combining_marks",
    "trouvaille_separators",
    "trouvaille_apostrophe_breaks",
];

/// The words whose apostrophe belongs to them start with these (`aujourd’hui`, `prud’hommes`:
/// `APOSTROPHE_WORDS` of `analysis/elision.rs`); the apostrophe after them is not a break.
const APOSTROPHE_WORD_STARTS: [&str; 2] = ["aujourd", "prud"];

/// `settings.analysis` for an index stemmed with `stemmer`, with `synonyms` at query time.
pub fn analysis_settings(stemmer: StemmerAlgorithm, synonyms: &Synonyms) -> Value {
    let analyzer = |filters: &[&str]| {
        json!({
            "type": "custom",
            "char_filter": CHAR_FILTERS,
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
        "char_filter": char_filters(),
        "filter": filters,
        "analyzer": analyzers,
    })
}

/// The definitions of [`CHAR_FILTERS`].
fn char_filters() -> Value {
    json!({
        // Trouvaille elides after both apostrophes and U+02BC; Lucene's elision filter knows
        // the first two only, and the later filters need one apostrophe to look for.
        "trouvaille_apostrophes": { "type": "mapping", "mappings": ["’ => '", "ʼ => '"] },
        // Trouvaille composes decomposed accents (NFC), then folding drops every combining
        // mark; `asciifolding` knows precomposed letters only. Dropping the marks first gives
        // the folded word, without the analysis-icu plugin.
        "trouvaille_combining_marks": {
            "type": "pattern_replace",
            "pattern": "\\p{M}+",
            "replacement": "",
        },
        // Trouvaille cuts words at every character that is not a letter, a digit, `_` or an
        // apostrophe, and at `.` and `,` unless between two digits (`2.0`, `1,5`). The standard
        // tokenizer keeps some inside words (`www.example.com`, `a:b`, `étudiant·e·s`, `3;4`,
        // a soft hyphen) and makes tokens of emoji, `©` and `™`.
        "trouvaille_separators": {
            "type": "pattern_replace",
            "pattern": "[^\\p{IsAlphabetic}\\p{N}_'.,\\s]+|(?<![0-9])[.,]|[.,](?![0-9])",
            "replacement": " ",
        },
        // Lucene elides once, then keeps `o'reilly` whole; Trouvaille elides the leading
        // articles, then splits the word at every other apostrophe, except in `aujourd'hui`.
        "trouvaille_apostrophe_breaks": {
            "type": "pattern_replace",
            "pattern": apostrophe_break_pattern(),
            "replacement": " ",
        },
    })
}

/// A Java regex matching an apostrophe inside a word once the word has had a piece that is
/// neither an elided article nor the start of `aujourd'hui`: `O'Reilly`, `l'O'Reilly`, both
/// apostrophes of `rock'n'roll`, not `qu'aujourd'hui`. Java needs a look-behind of bounded
/// length and bounds a repeated group only when it is written out: up to 4 leading articles,
/// and the fifth apostrophe after that piece at most (pieces of 64 characters at most).
fn apostrophe_break_pattern() -> String {
    const REPEATS: usize = 4;
    let articles = elided_prefixes().join("|");
    let kept = format!("{articles}|{}", APOSTROPHE_WORD_STARTS.join("|"));
    let word_start = r"(?<![\p{L}\p{N}'])";
    let piece = r"[\p{L}\p{N}]{1,64}";
    let leading_articles = format!("(?:(?i:{articles})')?").repeat(REPEATS);
    let not_kept = format!("(?!(?i:{kept})')");
    let later_pieces = format!("(?:'{piece})?").repeat(REPEATS);
    let before = format!("{word_start}{leading_articles}{not_kept}{piece}{later_pieces}'");
    format!(r"'(?=[\p{{L}}\p{{N}}])(?<={before})")
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
    use std::collections::BTreeSet;

    use super::*;
    use crate::analysis::elision::is_apostrophe_word;

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
    fn every_analyzer_starts_with_the_defined_char_filters() {
        let settings = analysis_settings(StemmerAlgorithm::Snowball, &Synonyms::bundled());
        for (name, analyzer) in settings["analyzer"].as_object().unwrap() {
            assert_eq!(analyzer["char_filter"], json!(CHAR_FILTERS), "{name}");
        }
        let defined = settings["char_filter"].as_object().unwrap();
        let defined: BTreeSet<&str> = defined.keys().map(String::as_str).collect();
        assert_eq!(defined, BTreeSet::from(CHAR_FILTERS));
    }

    #[test]
    fn the_apostrophe_words_keep_their_apostrophe_in_the_export() {
        for word in ["aujourd'hui", "prud'homme", "prud'hommes"] {
            assert!(is_apostrophe_word(word), "{word}");
            let start = word.split('\'').next().unwrap();
            assert!(APOSTROPHE_WORD_STARTS.contains(&start), "{word}");
        }
        let pattern = apostrophe_break_pattern();
        assert!(elided_prefixes().iter().all(|article| pattern.contains(article)));
    }

    #[test]
    fn without_synonyms_there_is_no_synonym_analyzer() {
        let settings = analysis_settings(StemmerAlgorithm::Snowball, &Synonyms::empty());
        assert!(settings["analyzer"].get(STEMMED_SYNONYMS_ANALYZER).is_none());
        assert_eq!(settings["filter"]["trouvaille_stemmer"]["language"], "french");
    }
}
