//! French stopwords, folded, so that `à`, `a`, `été` and `ete` are treated alike.
//!
//! The list is Snowball's French list (the one Lucene and tantivy derive theirs from) plus the
//! demonstratives and `sans`/`ici` that tantivy adds. Stopwords are dropped from the stemmed field
//! only: the exact field keeps them, so phrase queries and queries made only of short words still
//! match (DESIGN.md requirement 5).

use std::collections::HashSet;
use std::sync::OnceLock;

use super::folding::fold_diacritics;

const FRENCH_STOPWORDS: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il",
    "ils", "je", "la", "le", "les", "leur", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon",
    "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se",
    "ses", "son", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre",
    "vous", "c", "d", "j", "l", "à", "m", "n", "s", "t", "y", "été", "étée", "étées", "étés",
    "étant", "étante", "étants", "étantes", "suis", "es", "est", "sommes", "êtes", "sont", "serai",
    "seras", "sera", "serons", "serez", "seront", "serais", "serait", "serions", "seriez",
    "seraient", "étais", "était", "étions", "étiez", "étaient", "fus", "fut", "fûmes", "fûtes",
    "furent", "sois", "soit", "soyons", "soyez", "soient", "fusse", "fusses", "fût", "fussions",
    "fussiez", "fussent", "ayant", "ayante", "ayantes", "ayants", "eu", "eue", "eues", "eus", "ai",
    "as", "avons", "avez", "ont", "aurai", "auras", "aura", "aurons", "aurez", "auront", "aurais",
    "aurait", "aurions", "auriez", "auraient", "avais", "avait", "avions", "aviez", "avaient",
    "eut", "eûmes", "eûtes", "eurent", "aie", "aies", "ait", "ayons", "ayez", "aient", "eusse",
    "eusses", "eût", "eussions", "eussiez", "eussent", "ceci", "cela", "celà", "cet", "cette",
    "ici", "leurs", "quel", "quels", "quelle", "quelles", "sans", "soi",
];

fn folded_stopwords() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| FRENCH_STOPWORDS.iter().map(|word| fold_diacritics(word)).collect())
}

/// The stopwords, folded, sorted and without repeats: the list another engine's stop filter
/// needs after its own folding (the OpenSearch export).
pub fn folded_french_stopwords() -> Vec<String> {
    let mut words: Vec<String> = folded_stopwords().iter().cloned().collect();
    words.sort();
    words
}

/// True when the lowercased, folded `word` is a French stopword.
pub fn is_french_stopword(folded_word: &str) -> bool {
    folded_stopwords().contains(folded_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_match_folded_forms() {
        for word in ["a", "ete", "de", "la", "etaient", "meme"] {
            assert!(is_french_stopword(word), "{word}");
        }
        for word in ["donnees", "ti", "web", "quebec", "gouvernement"] {
            assert!(!is_french_stopword(word), "{word}");
        }
    }
}
