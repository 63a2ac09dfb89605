//! "Did you mean" and typo tolerance: indexed words within a few edits of a query word, found
//! with a Levenshtein automaton run over the index's vocabulary (1 edit from 4 letters, 2 from
//! 9), the most frequent winning.
//!
//! The vocabulary is the exact (folded, unstemmed) words of titles and bodies, merged from
//! every field of every segment into one FST with each word's document frequency, once per
//! index generation: each search then walks one automaton over one FST, where walking each
//! field of each segment and looking frequencies up again cost a third of a search.

use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::termdict::TermMerger;
use tantivy::Searcher;
use tantivy_fst::{IntoStreamer, Map, MapBuilder, Streamer};

use super::query_builder::MIN_TYPO_CHARS;
use crate::index::{ArticleFields, IndexError};

/// Words shorter than this are never corrected: too many neighbours.
const MIN_CORRECTED_CHARS: usize = 4;
/// From this length on, two edits are allowed.
const TWO_EDITS_FROM_CHARS: usize = 9;

/// A Levenshtein DFA as a tantivy-fst automaton, so the term dictionary streams only the
/// terms within reach.
struct WithinEdits<'a>(&'a DFA);

impl tantivy_fst::Automaton for WithinEdits<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// One edit, or two from [`TWO_EDITS_FROM_CHARS`] letters.
fn edits_allowed(length: usize) -> u8 {
    if length >= TWO_EDITS_FROM_CHARS {
        2
    } else {
        1
    }
}

/// Building the parametric tables is costly; one builder per distance serves every query.
fn automaton_builder(edits: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let cell = if edits == 1 { &ONE } else { &TWO };
    cell.get_or_init(|| LevenshteinAutomatonBuilder::new(edits, true))
}

/// The exact words of titles and bodies with their document frequencies (summed over the two
/// fields), for one index generation.
pub struct SpellingVocabulary {
    words: Map<Vec<u8>>,
}

impl SpellingVocabulary {
    /// Merges the words of `fields` (the exact fields) of every segment of `searcher`.
    pub fn build(searcher: &Searcher, fields: &ArticleFields) -> Result<Self, IndexError> {
        let mut dictionaries = Vec::new();
        for segment in searcher.segment_readers() {
            for field in [fields.title_exact, fields.body_exact] {
                dictionaries.push(segment.inverted_index(field)?);
            }
        }
        let streams = dictionaries
            .iter()
            .map(|inverted| inverted.terms().stream())
            .collect::<std::io::Result<Vec<_>>>()
            .map_err(tantivy::TantivyError::from)?;
        let mut merger = TermMerger::new(streams);
        let mut builder = MapBuilder::memory();
        while merger.advance() {
            let frequency: u64 = merger
                .current_segment_ords_and_term_infos()
                .map(|(_, info)| u64::from(info.doc_freq))
                .sum();
            builder.insert(merger.key(), frequency).map_err(vocabulary_error)?;
        }
        let bytes = builder.into_inner().map_err(vocabulary_error)?;
        Ok(SpellingVocabulary { words: Map::from_bytes(bytes).map_err(vocabulary_error)? })
    }

    /// True when some article holds the folded word as typed.
    pub fn is_known(&self, folded_word: &str) -> bool {
        self.words.get(folded_word).is_some_and(|frequency| frequency > 0)
    }

    /// The most frequent indexed word within reach of `folded_word`, if it is long enough to
    /// correct and not a number.
    pub fn correction(&self, folded_word: &str) -> Option<String> {
        let length = folded_word.chars().count();
        if length < MIN_CORRECTED_CHARS || folded_word.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        self.most_frequent_within_reach(folded_word).into_iter().next()
    }

    /// Indexed words one typo away from `folded_word` (two from 9 letters), the `limit` most
    /// frequent; none for a word under 5 letters or with digits, whose neighbours are mostly
    /// other words.
    pub fn within_typo_reach(&self, folded_word: &str, limit: usize) -> Vec<String> {
        let length = folded_word.chars().count();
        if length < MIN_TYPO_CHARS || folded_word.chars().any(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        self.most_frequent_within_reach(folded_word).into_iter().take(limit).collect()
    }

    /// The indexed words within reach of `word` but itself, most frequent first (then
    /// alphabetically).
    fn most_frequent_within_reach(&self, word: &str) -> Vec<String> {
        let automaton = automaton_builder(edits_allowed(word.chars().count())).build_dfa(word);
        let mut stream = self.words.search(WithinEdits(&automaton)).into_stream();
        let mut found: Vec<(u64, String)> = Vec::new();
        while let Some((key, frequency)) = stream.next() {
            match std::str::from_utf8(key) {
                Ok(candidate) if candidate != word && frequency > 0 => {
                    found.push((frequency, candidate.to_string()))
                }
                _ => {}
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        found.into_iter().map(|(_, word)| word).collect()
    }
}

fn vocabulary_error(error: tantivy_fst::Error) -> IndexError {
    IndexError::from(tantivy::TantivyError::InternalError(format!(
        "building the spelling vocabulary: {error}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::index::{ArticleIndex, IndexSettings};

    /// An index of two segments, one commit each.
    fn vocabulary_of_two_segments() -> SpellingVocabulary {
        let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
        for record in [
            r#"{"id": "a", "title": "Fichiers", "body": "Le fichier est lu."}"#,
            r#"{"id": "b", "title": "Un fichier", "body": "Ficher un clou, lire un fichier."}"#,
        ] {
            let mut writer = index.writer().unwrap();
            writer.upsert(serde_json::from_str::<Article>(record).unwrap()).unwrap();
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        SpellingVocabulary::build(&searcher, index.fields()).unwrap()
    }

    #[test]
    fn neighbours_come_from_every_segment_most_frequent_first() {
        let vocabulary = vocabulary_of_two_segments();
        assert!(vocabulary.is_known("fichiers") && vocabulary.is_known("ficher"));
        assert!(!vocabulary.is_known("fichir"));
        assert_eq!(vocabulary.within_typo_reach("fichir", 3), ["fichier", "ficher"]);
        assert_eq!(vocabulary.within_typo_reach("fichir", 1), ["fichier"]);
        assert_eq!(vocabulary.correction("fichir").as_deref(), Some("fichier"));
    }

    #[test]
    fn short_words_and_numbers_have_no_neighbours() {
        let vocabulary = vocabulary_of_two_segments();
        assert!(vocabulary.within_typo_reach("lue", 3).is_empty());
        assert!(vocabulary.within_typo_reach("fichier2", 3).is_empty());
        assert_eq!(vocabulary.correction("clo"), None);
    }
}
