//! French analysis: the one place where text becomes index and query terms.
//!
//! The chain, in order (README "French analysis" says why this order):
//! 1. NFC normalisation (decomposed accents would cut words in two);
//! 2. word splitting with elision (`l’`, `d'`, `qu’`…, both apostrophes; `aujourd’hui` kept);
//! 3. lowercasing;
//! 4. French stopwords, compared folded, dropped from the stemmed field only;
//! 5. Snowball French stemming on the *accented* word, then accent and ligature folding of the
//!    stem — at query time the accents a user left out are first restored from the
//!    [`AccentLexicon`] of indexed words, so a folded query meets the same stems.
//!
//! Beside the stemmed terms, every word is also indexed folded and unstemmed ("exact" terms,
//! stopwords kept, hyphenated compounds also joined): they serve phrase queries made of
//! stopwords, exact-match boosts, typo tolerance and prefixes.

pub mod derivation;
pub mod elision;
pub mod folding;
pub mod lexicon;
pub mod light_stemmer;
pub mod minimal_stemmer;
pub mod stemming;
pub mod stopwords;
pub mod tantivy_tokenizers;
pub mod words;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub use lexicon::AccentLexicon;

use folding::fold_diacritics;
pub use stemming::{FrenchStemmer, StemmerAlgorithm};
use stopwords::is_french_stopword;
use words::{split_words, Word};

/// Version of the analysis chain; an index built with another version must be rebuilt.
pub const ANALYZER_VERSION: u32 = 1;

/// Where folding happens relative to stemming: the choice the relevance benchmark settles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StemmingOrder {
    /// Stem the accented word, fold the stem; queries restore accents from the lexicon.
    #[default]
    StemThenFold,
    /// Fold first, then stem: accent-insensitive for free, but loses `publiée`/`publié`.
    FoldThenStem,
}

/// One term produced from a text, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The index term.
    pub term: String,
    /// Byte offset of the source word in the (NFC) text.
    pub offset_from: usize,
    /// Byte offset just past the source word.
    pub offset_to: usize,
    /// Word position; stopwords leave gaps so phrases keep their shape.
    pub position: usize,
}

/// The stemming of an analysis chain: which stemmer, and whether it sees accents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stemming {
    /// The stemmer.
    pub algorithm: StemmerAlgorithm,
    /// Where folding happens relative to stemming.
    pub order: StemmingOrder,
}

/// The French analyzer shared by indexing, querying and highlighting.
#[derive(Debug, Default)]
pub struct FrenchAnalyzer {
    order: StemmingOrder,
    stemmer: FrenchStemmer,
}

impl Clone for FrenchAnalyzer {
    fn clone(&self) -> Self {
        FrenchAnalyzer::with_stemming(self.stemming())
    }
}

impl FrenchAnalyzer {
    /// Creates a Snowball analyzer with the given stemming order.
    pub fn new(order: StemmingOrder) -> Self {
        FrenchAnalyzer::with_stemming(Stemming { order, ..Stemming::default() })
    }

    /// Creates an analyzer with the given stemming.
    pub fn with_stemming(stemming: Stemming) -> Self {
        FrenchAnalyzer { order: stemming.order, stemmer: FrenchStemmer::new(stemming.algorithm) }
    }

    /// The stemming order this analyzer applies.
    pub fn stemming_order(&self) -> StemmingOrder {
        self.order
    }

    /// The stemming this analyzer applies.
    pub fn stemming(&self) -> Stemming {
        Stemming { algorithm: self.stemmer.algorithm(), order: self.order }
    }

    /// The stemmer, for building the accent lexicon of an index.
    pub fn stemmer(&self) -> &FrenchStemmer {
        &self.stemmer
    }

    /// The words of `text` (normalised to NFC first).
    pub fn words(&self, text: &str) -> Vec<Word> {
        split_words(&normalise_nfc(text))
    }

    /// Terms of the stemmed fields, stopwords removed.
    pub fn stemmed_tokens(&self, text: &str) -> Vec<AnalyzedToken> {
        self.words(text)
            .into_iter()
            .filter_map(|word| {
                let term = self.index_stem(&word.lowercase)?;
                Some(token(term, &word))
            })
            .collect()
    }

    /// Terms of the exact fields: folded, unstemmed, stopwords kept, hyphenated compounds also
    /// joined (`colombie-britannique` gives `colombie`, `britannique` and `colombiebritannique`).
    pub fn exact_tokens(&self, text: &str) -> Vec<AnalyzedToken> {
        let words = self.words(text);
        let mut tokens = Vec::with_capacity(words.len());
        let mut compound: Vec<&Word> = Vec::new();
        for word in &words {
            if !word.hyphen_joined_to_previous {
                push_joined_compound(&compound, &mut tokens);
                compound.clear();
            }
            compound.push(word);
            tokens.push(token(fold_diacritics(&word.lowercase), word));
        }
        push_joined_compound(&compound, &mut tokens);
        tokens
    }

    /// The stemmed index term of one lowercase word, or `None` for a stopword.
    pub fn index_stem(&self, lowercase_word: &str) -> Option<String> {
        let folded = fold_diacritics(lowercase_word);
        if is_french_stopword(&folded) {
            return None;
        }
        Some(match self.order {
            StemmingOrder::StemThenFold => fold_diacritics(&self.stemmer.stem(lowercase_word)),
            StemmingOrder::FoldThenStem => self.stemmer.stem(&folded),
        })
    }

    /// The stemmed terms a query word searches: one per accented form the index holds of it,
    /// plus the index stems of accented inflections whose folded form stems like the word's
    /// (see [`AccentLexicon`]); the result depends only on the word's folded form. Empty for a
    /// stopword.
    pub fn query_stems(&self, lowercase_word: &str, lexicon: &AccentLexicon) -> Vec<String> {
        let folded = fold_diacritics(&normalise_nfc(lowercase_word).to_lowercase());
        if is_french_stopword(&folded) {
            return Vec::new();
        }
        let variants = match self.order {
            StemmingOrder::StemThenFold => lexicon.variants(&folded),
            StemmingOrder::FoldThenStem => &[],
        };
        let mut stems: Vec<String> = if variants.is_empty() {
            self.index_stem(&folded).into_iter().collect()
        } else {
            variants.iter().filter_map(|variant| self.index_stem(variant)).collect()
        };
        if self.order == StemmingOrder::StemThenFold {
            let folded_stem = self.stemmer.stem(&folded);
            stems.extend(lexicon.index_stems_of_folded_stem(&folded_stem).iter().cloned());
        }
        stems.sort();
        stems.dedup();
        stems
    }
}

/// Returns `text` in NFC, borrowing it when it already is (the common case for stored text).
pub fn normalise_nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

fn token(term: String, word: &Word) -> AnalyzedToken {
    AnalyzedToken {
        term,
        offset_from: word.offset_from,
        offset_to: word.offset_to,
        position: word.position,
    }
}

fn push_joined_compound(compound: &[&Word], tokens: &mut Vec<AnalyzedToken>) {
    let (Some(first), Some(last)) = (compound.first(), compound.last()) else {
        return;
    };
    if compound.len() < 2 {
        return;
    }
    let joined: String = compound.iter().map(|word| fold_diacritics(&word.lowercase)).collect();
    tokens.push(AnalyzedToken {
        term: joined,
        offset_from: first.offset_from,
        offset_to: last.offset_to,
        position: first.position,
    });
}

#[cfg(test)]
mod stemmer_checks;
#[cfg(test)]
mod tests;
