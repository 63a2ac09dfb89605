//! Snowball French stemming through rust-stemmers, called by our own code so that index and
//! query always stem with the same implementation (tantivy's own `Stemmer` filter now uses a
//! different crate).

use rust_stemmers::{Algorithm, Stemmer};

/// Snowball's French stemmer.
pub struct FrenchStemmer {
    stemmer: Stemmer,
}

impl FrenchStemmer {
    /// Creates the stemmer; cheap (a function table).
    pub fn new() -> Self {
        FrenchStemmer { stemmer: Stemmer::create(Algorithm::French) }
    }

    /// Stems a lowercase word.
    pub fn stem(&self, lowercase_word: &str) -> String {
        self.stemmer.stem(lowercase_word).into_owned()
    }
}

impl Default for FrenchStemmer {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for FrenchStemmer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("FrenchStemmer(Snowball)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The measured reason the chain stems before folding: Snowball expects accents.
    #[test]
    fn snowball_needs_accents() {
        let stemmer = FrenchStemmer::new();
        assert_eq!(stemmer.stem("sécurité"), "sécur");
        assert_eq!(stemmer.stem("securite"), "securit");
        assert_eq!(stemmer.stem("publiée"), stemmer.stem("publié"));
        assert_ne!(stemmer.stem("publiee"), stemmer.stem("publie"));
    }
}
