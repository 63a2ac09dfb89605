//! What an index records about how it was built, in tantivy's commit payload, so that a
//! different analysis chain refuses the index clearly instead of silently missing terms.

use serde::{Deserialize, Serialize};

use crate::analysis::{StemmerAlgorithm, Stemming, StemmingOrder, ANALYZER_VERSION};

/// Version of the field layout and of its encoding. Version 3: term dictionaries of fast fields
/// are no longer zstd-compressed (tantivy creates a zstd context per block read, which was half
/// of the time of a search with facets); an index of version 2 cannot be read without zstd.
pub const SCHEMA_VERSION: u32 = 3;

/// How an index was built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexSettings {
    /// Version of the analysis chain.
    pub analyzer_version: u32,
    /// Version of the field layout.
    pub schema_version: u32,
    /// Stemming order of the chain.
    pub stemming_order: StemmingOrder,
    /// Stemmer of the chain (absent from indexes built before there was a choice: Snowball).
    #[serde(default)]
    pub stemmer: StemmerAlgorithm,
}

impl Default for IndexSettings {
    fn default() -> Self {
        IndexSettings {
            analyzer_version: ANALYZER_VERSION,
            schema_version: SCHEMA_VERSION,
            stemming_order: StemmingOrder::default(),
            stemmer: StemmerAlgorithm::default(),
        }
    }
}

impl IndexSettings {
    /// Settings with another stemming: the one choice of analysis left to whoever builds an
    /// index (`trouvaille index --stemmer`, and `eval --corpus` comparing chains).
    pub fn with_stemming(stemming: Stemming) -> Self {
        IndexSettings {
            stemming_order: stemming.order,
            stemmer: stemming.algorithm,
            ..IndexSettings::default()
        }
    }

    /// The stemming of the chain.
    pub fn stemming(&self) -> Stemming {
        Stemming { algorithm: self.stemmer, order: self.stemming_order }
    }

    /// Parses the commit payload, accepting only what this build can read.
    pub fn from_payload(payload: Option<&str>) -> Result<IndexSettings, String> {
        let payload = payload.ok_or_else(|| "without Trouvaille's settings".to_string())?;
        let settings: IndexSettings = serde_json::from_str(payload)
            .map_err(|_| format!("with unreadable settings ({payload})"))?;
        let current = IndexSettings::default();
        if settings.analyzer_version != current.analyzer_version
            || settings.schema_version != current.schema_version
        {
            return Err(settings.describe());
        }
        Ok(settings)
    }

    /// The payload stored with every commit.
    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A human description, for error messages.
    pub fn describe(&self) -> String {
        format!(
            "with analyzer version {} and schema version {}",
            self.analyzer_version, self.schema_version
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_other_versions() {
        let settings = IndexSettings::default();
        assert_eq!(IndexSettings::from_payload(Some(&settings.to_payload())), Ok(settings));
        let old = IndexSettings { analyzer_version: 0, ..settings };
        assert!(IndexSettings::from_payload(Some(&old.to_payload())).is_err());
        assert!(IndexSettings::from_payload(None).is_err());
        assert!(IndexSettings::from_payload(Some("{")).is_err());
    }
}
