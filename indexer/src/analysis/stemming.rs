//! French stemming, called by our own code so that index and query always stem with the same
//! implementation (tantivy's own `Stemmer` filter uses a different crate): Snowball through
//! rust-stemmers, or Lucene's light and minimal stemmers (ported in this module's siblings).

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

use super::light_stemmer::light_stem;
use super::minimal_stemmer::minimal_stem;

/// Which French stemmer an index uses; the relevance benchmark (`benches/RELEVANCE.md`) compares
/// them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StemmerAlgorithm {
    /// Snowball French (Porter-style, aggressive: `nationalité` → `national`).
    #[default]
    Snowball,
    /// Jacques Savoy's light stemmer, Lucene's and Elasticsearch's `french` default.
    Light,
    /// Plurals only (Lucene's minimal stemmer).
    Minimal,
}

/// A French stemmer of the chosen algorithm.
pub struct FrenchStemmer {
    algorithm: StemmerAlgorithm,
    snowball: Stemmer,
}

impl FrenchStemmer {
    /// Creates the stemmer; cheap (a function table).
    pub fn new(algorithm: StemmerAlgorithm) -> Self {
        FrenchStemmer { algorithm, snowball: Stemmer::create(Algorithm::French) }
    }

    /// The algorithm.
    pub fn algorithm(&self) -> StemmerAlgorithm {
        self.algorithm
    }

    /// Stems a lowercase word.
    pub fn stem(&self, lowercase_word: &str) -> String {
        match self.algorithm {
            StemmerAlgorithm::Snowball => self.snowball.stem(lowercase_word).into_owned(),
            StemmerAlgorithm::Light => light_stem(lowercase_word),
            StemmerAlgorithm::Minimal => minimal_stem(lowercase_word),
        }
    }
}

impl Default for FrenchStemmer {
    fn default() -> Self {
        Self::new(StemmerAlgorithm::default())
    }
}

impl std::fmt::Debug for FrenchStemmer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "FrenchStemmer({:?})", self.algorithm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The measured reason the chain stems before folding: Snowball expects accents.
    #[test]
    fn snowball_needs_accents() {
        let stemmer = FrenchStemmer::default();
        assert_eq!(stemmer.stem("sécurité"), "sécur");
        assert_eq!(stemmer.stem("securite"), "securit");
        assert_eq!(stemmer.stem("publiée"), stemmer.stem("publié"));
        assert_ne!(stemmer.stem("publiee"), stemmer.stem("publie"));
    }
}
