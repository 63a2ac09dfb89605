//! The accent lexicon: which accented forms of a folded word the index holds.
//!
//! Snowball French stems accented words best (`publiée`/`publié` → `publi`), but a query typed
//! without accents (`securite`) stems differently (`securit`, not `secur`). Restoring the accents
//! from the words actually indexed lets a folded query search exactly the stems its accented
//! forms were indexed under, so that `query_terms(fold(w)) == query_terms(w)` for every word.
//!
//! A typed inflection the archive does not hold (`sécurités` when only `sécurité` is indexed)
//! has no accented form to restore; it is stemmed folded (`securit`), which misses `secur`. The
//! lexicon therefore also maps the stem of each accented word's *folded* form to the stem it was
//! indexed under, so the query reaches the indexed inflections either way.

use std::collections::HashMap;

use super::folding::{fold_diacritics, needs_folding};
use super::stemming::FrenchStemmer;

/// Maps a folded, lowercase word to the lowercase surface forms of the index that fold to it.
#[derive(Debug, Clone, Default)]
pub struct AccentLexicon {
    variants: HashMap<String, Vec<String>>,
    index_stems_by_folded_stem: HashMap<String, Vec<String>>,
}

impl AccentLexicon {
    /// Builds the lexicon from the index's lowercase surface words. `is_indexed_word` tells
    /// whether an unaccented word occurs as such, so that `securite` written without accents in
    /// a document stays findable once `sécurité` exists too.
    pub fn from_surface_words(
        surface_words: impl IntoIterator<Item = String>,
        is_indexed_word: impl Fn(&str) -> bool,
        stemmer: &FrenchStemmer,
    ) -> Self {
        let mut variants: HashMap<String, Vec<String>> = HashMap::new();
        let mut index_stems_by_folded_stem: HashMap<String, Vec<String>> = HashMap::new();
        for word in surface_words {
            if !needs_folding(&word) {
                continue;
            }
            let folded = fold_diacritics(&word);
            let folded_stem = stemmer.stem(&folded);
            let index_stem = fold_diacritics(&stemmer.stem(&word));
            if folded_stem != index_stem {
                index_stems_by_folded_stem.entry(folded_stem).or_default().push(index_stem);
            }
            variants.entry(folded).or_default().push(word);
        }
        for (folded, forms) in variants.iter_mut() {
            if is_indexed_word(folded) {
                forms.push(folded.clone());
            }
            forms.sort();
            forms.dedup();
        }
        for stems in index_stems_by_folded_stem.values_mut() {
            stems.sort();
            stems.dedup();
        }
        AccentLexicon { variants, index_stems_by_folded_stem }
    }

    /// The index stems of accented words whose folded form stems to `folded_stem`.
    pub fn index_stems_of_folded_stem(&self, folded_stem: &str) -> &[String] {
        self.index_stems_by_folded_stem.get(folded_stem).map_or(&[], Vec::as_slice)
    }

    /// The surface forms of the index that fold to `folded_word`; empty when it has none with
    /// accents (the word is then searched as typed).
    pub fn variants(&self, folded_word: &str) -> &[String] {
        self.variants.get(folded_word).map_or(&[], Vec::as_slice)
    }

    /// Number of folded words that have accented forms.
    pub fn len(&self) -> usize {
        self.variants.len()
    }

    /// True when the index holds no accented word.
    pub fn is_empty(&self) -> bool {
        self.variants.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_accented_forms_under_their_folded_word() {
        let words = ["sécurité", "données", "donnée", "pêche", "péché", "peche", "web"];
        let lexicon = AccentLexicon::from_surface_words(
            words.iter().map(|w| w.to_string()),
            |word| words.contains(&word),
            &FrenchStemmer::default(),
        );
        assert_eq!(lexicon.variants("securite"), ["sécurité"]);
        assert_eq!(lexicon.variants("peche"), ["peche", "péché", "pêche"]);
        assert!(lexicon.variants("web").is_empty());
        assert_eq!(lexicon.len(), 4);
    }

    #[test]
    fn maps_folded_stems_to_index_stems() {
        let lexicon = AccentLexicon::from_surface_words(
            ["sécurité".to_string()],
            |_| false,
            &FrenchStemmer::default(),
        );
        assert_eq!(lexicon.index_stems_of_folded_stem("securit"), ["secur"]);
        assert!(lexicon.index_stems_of_folded_stem("secur").is_empty());
    }
}
