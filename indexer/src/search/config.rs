//! The ranking configuration: how words match and how matches are weighed.
//!
//! Everything here is applied at query time, so one index serves every configuration and a
//! search owner compares them (`trouvaille eval --config A --config B`) without re-indexing.
//! Named configurations are read from a TOML file whose tables override the default field by
//! field; the default is what the CLI and the server answer with.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::bm25::Bm25Parameters;
use crate::analysis::{StemmerAlgorithm, Stemming, StemmingOrder};

/// Name of the built-in configuration.
pub const DEFAULT_CONFIG_NAME: &str = "default";

/// How many of a query's words a result must contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchingStrategy {
    /// Every word, or nothing.
    All,
    /// Every word; when no article has them all, the most words some articles have (flagged
    /// in the response).
    AllThenMostWords,
    /// Any word; articles with more of the words rank higher through their scores.
    Any,
}

/// How a word's matches in several fields (title, body, labels; stemmed and exact) add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldCombination {
    /// Each field scores BM25 on its own, the scores weighed and summed: a word found in the
    /// title, the body and the labels counts nearly three times.
    Sum,
    /// BM25F: the weighed occurrences of all fields are added before BM25's saturation, so a
    /// word counts at most once however many fields hold it, and matching more of the query's
    /// words matters more.
    Bm25f,
}

/// One ranking configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Which words must match.
    pub matching: MatchingStrategy,
    /// Weight of title matches.
    pub title_weight: f32,
    /// Weight of body matches.
    pub body_weight: f32,
    /// Weight of category and tag matches.
    pub labels_weight: f32,
    /// Weight of a stemmed match, relative to its field's weight; 0 searches unstemmed words
    /// only (the "no stemming" variant).
    pub stemmed_weight: f32,
    /// Weight of an exact (folded, unstemmed) match, relative to its field's weight.
    pub exact_weight: f32,
    /// Weight of query words found near each other, relative to the field weights; 0 is off.
    pub proximity_weight: f32,
    /// Whether a word of 5 letters or more also matches the index's words one typo away (two
    /// from 9 letters), ranked below exact matches.
    pub typo_tolerance: bool,
    /// Whether a verb also finds the noun made from it and back (`inserer` → `insertion`), when
    /// the index holds it, ranked below the word typed.
    pub derivations: bool,
    /// Whether the synonyms and acronyms of `schemas/synonyms.txt` widen the query.
    pub synonyms: bool,
    /// BM25's k1 and b, for every field.
    pub bm25: Bm25Parameters,
    /// How a word's matches in several fields add up.
    pub field_combination: FieldCombination,
    /// The stemmer the index must have been built with; none: whichever it was. The only
    /// index-time choices: evaluating them needs an index per stemming (`eval --corpus`).
    pub stemmer: Option<StemmerAlgorithm>,
    /// The stemming order the index must have been built with; none: whichever it was.
    pub stemming_order: Option<StemmingOrder>,
}

/// The default was chosen on the development sets alone (`benches/RELEVANCE.md` gives every
/// configuration's figures and the reasons).
impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            matching: MatchingStrategy::Any,
            title_weight: 2.0,
            body_weight: 1.0,
            labels_weight: 0.3,
            stemmed_weight: 1.0,
            exact_weight: 0.5,
            proximity_weight: 0.0,
            typo_tolerance: true,
            derivations: false,
            synonyms: false,
            bm25: Bm25Parameters::default(),
            field_combination: FieldCombination::Sum,
            stemmer: None,
            stemming_order: None,
        }
    }
}

/// Why a configuration file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read the configurations in {path}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// The file is not valid TOML of configurations.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, with its line.
        message: String,
    },
    /// A configuration was asked for by a name the file does not define.
    #[error("no configuration named {name:?}; defined: {known}")]
    UnknownName {
        /// The name asked for.
        name: String,
        /// The names defined.
        known: String,
    },
    /// A weight or a BM25 parameter is out of its range.
    #[error("configuration {name:?}: {field} must be {range}")]
    OutOfRange {
        /// The configuration.
        name: String,
        /// The field.
        field: &'static str,
        /// The values it accepts.
        range: &'static str,
    },
}

/// Named configurations: the built-in default plus a file's.
#[derive(Debug, Clone)]
pub struct NamedConfigs {
    configs: BTreeMap<String, SearchConfig>,
}

impl Default for NamedConfigs {
    fn default() -> Self {
        let configs = BTreeMap::from([(DEFAULT_CONFIG_NAME.to_string(), SearchConfig::default())]);
        NamedConfigs { configs }
    }
}

impl NamedConfigs {
    /// The configurations of `schemas/search-configs.toml`, built into the program.
    pub fn bundled() -> Self {
        let text = include_str!("../../../schemas/search-configs.toml");
        Self::parse(text, Path::new("schemas/search-configs.toml"))
            .expect("the bundled configurations are checked by a test")
    }

    /// Adds the configurations of a file to these, replacing those of the same name.
    pub fn extend_from_file(&mut self, path: &Path) -> Result<(), ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Unreadable { path: path.to_path_buf(), source })?;
        self.configs.extend(Self::parse(&text, path)?.configs);
        Ok(())
    }

    /// Parses the text of a configuration file (`path` names it in errors).
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid { path: path.to_path_buf(), message };
        let tables: BTreeMap<String, SearchConfig> =
            toml::from_str(text).map_err(|error| invalid(error.to_string()))?;
        let mut named = NamedConfigs::default();
        for (name, config) in tables {
            if name == DEFAULT_CONFIG_NAME {
                let message = format!(
                    "[{name}] is the built-in ranking, which a file cannot change; name the \
                     table otherwise"
                );
                return Err(invalid(message));
            }
            config.validate(&name)?;
            named.configs.insert(name, config);
        }
        Ok(named)
    }

    /// The configuration called `name`.
    pub fn get(&self, name: &str) -> Result<&SearchConfig, ConfigError> {
        self.configs.get(name).ok_or_else(|| ConfigError::UnknownName {
            name: name.to_string(),
            known: self.configs.keys().cloned().collect::<Vec<_>>().join(", "),
        })
    }

    /// Every name, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.configs.keys().map(String::as_str)
    }
}

impl SearchConfig {
    /// The stemming this configuration needs of an index whose own stemming is `index`.
    pub fn stemming(&self, index: Stemming) -> Stemming {
        Stemming {
            algorithm: self.stemmer.unwrap_or(index.algorithm),
            order: self.stemming_order.unwrap_or(index.order),
        }
    }

    fn validate(&self, name: &str) -> Result<(), ConfigError> {
        const WEIGHT: (f32, &str) = (f32::INFINITY, "a number of 0 or more");
        let values = [
            ("title_weight", self.title_weight, WEIGHT),
            ("body_weight", self.body_weight, WEIGHT),
            ("labels_weight", self.labels_weight, WEIGHT),
            ("stemmed_weight", self.stemmed_weight, WEIGHT),
            ("exact_weight", self.exact_weight, WEIGHT),
            ("proximity_weight", self.proximity_weight, WEIGHT),
            ("bm25.k1", self.bm25.k1, WEIGHT),
            ("bm25.b", self.bm25.b, (1.0, "a number from 0 to 1")),
        ];
        let out_of_range = values.into_iter().find(|(_, value, (maximum, _))| {
            !(value.is_finite() && (0.0..=*maximum).contains(value))
        });
        match out_of_range {
            Some((field, _, (_, range))) => {
                Err(ConfigError::OutOfRange { name: name.to_string(), field, range })
            }
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<NamedConfigs, ConfigError> {
        NamedConfigs::parse(text, Path::new("configs.toml"))
    }

    #[test]
    fn the_bundled_configurations_parse() {
        let bundled = NamedConfigs::bundled();
        assert!(bundled.names().count() > 1);
        assert_eq!(bundled.get("default").unwrap(), &SearchConfig::default());
    }

    #[test]
    fn a_table_overrides_the_default_field_by_field() {
        let configs = parse("[or]\nmatching = \"any\"\ntitle_weight = 3.0\n").unwrap();
        let or = configs.get("or").unwrap();
        assert_eq!(or.matching, MatchingStrategy::Any);
        assert_eq!(or.title_weight, 3.0);
        assert_eq!(or.body_weight, SearchConfig::default().body_weight);
        assert_eq!(configs.get("default").unwrap(), &SearchConfig::default());
    }

    #[test]
    fn an_unknown_field_is_refused_with_its_name() {
        let error = parse("[x]\ntitle_boost = 2.0\n").unwrap_err().to_string();
        assert!(error.contains("title_boost"), "{error}");
    }

    #[test]
    fn an_unknown_name_lists_the_known_ones() {
        let error = parse("[or]\nmatching = \"any\"\n").unwrap().get("and").unwrap_err();
        assert_eq!(error.to_string(), "no configuration named \"and\"; defined: default, or");
    }

    #[test]
    fn the_default_cannot_be_redefined() {
        let error = parse("[default]\nmatching = \"any\"\n").unwrap_err().to_string();
        assert!(error.contains("built-in"), "{error}");
    }

    #[test]
    fn bm25_parameters_are_read_one_by_one_and_checked() {
        let configs = parse("[flat]\nbm25 = { b = 0.3 }\n").unwrap();
        let flat = configs.get("flat").unwrap();
        assert_eq!((flat.bm25.k1, flat.bm25.b), (1.2, 0.3));
        let error = parse("[x]\nbm25 = { b = 1.5 }\n").unwrap_err().to_string();
        assert!(error.contains("bm25.b must be a number from 0 to 1"), "{error}");
        let error = parse("[x]\nbm25 = { k1 = -1.0 }\n").unwrap_err().to_string();
        assert!(error.contains("bm25.k1 must be a number of 0 or more"), "{error}");
    }

    #[test]
    fn a_negative_weight_is_refused() {
        let error = parse("[x]\nbody_weight = -1.0\n").unwrap_err().to_string();
        assert!(error.contains("body_weight must be a number of 0 or more"), "{error}");
    }

    #[test]
    fn an_unknown_matching_strategy_is_refused() {
        let error = parse("[x]\nmatching = \"some\"\n").unwrap_err().to_string();
        assert!(error.contains("all-then-most-words"), "{error}");
    }
}
