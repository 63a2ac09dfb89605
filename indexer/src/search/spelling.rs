//! "Did you mean" and typo tolerance: indexed words within a few edits of a query word, found
//! with a Levenshtein automaton run over the index's [`Vocabulary`] (1 edit from 4 letters, 2
//! from 9), the most frequent winning.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};

use super::query_builder::MIN_TYPO_CHARS;
use super::vocabulary::Vocabulary;

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

/// Words whose nearest words one generation keeps, at most; past that the memory starts over.
const REMEMBERED_WORDS: usize = 20_000;

/// Nearest words kept per word: more than typo tolerance or a correction uses.
const NEAREST_KEPT: usize = 8;

/// The nearest indexed words of the words already looked up in one generation's vocabulary,
/// for typo tolerance and corrections alike. A search box sends the words typed so far again
/// with every keystroke, and visitors ask for the same words again and again, while walking
/// the vocabulary with a two-edit automaton costs as much as the rest of a search.
#[derive(Default)]
pub struct NearestWords {
    remembered: Mutex<HashMap<String, Vec<String>>>,
}

impl NearestWords {
    /// The most frequent indexed word within reach of `folded_word`, if it is long enough to
    /// correct and not a number.
    pub fn correction(&self, vocabulary: &Vocabulary, folded_word: &str) -> Option<String> {
        let length = folded_word.chars().count();
        if length < MIN_CORRECTED_CHARS || folded_word.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        self.nearest(vocabulary, folded_word).into_iter().next()
    }

    /// Indexed words one typo away from `folded_word` (two from 9 letters), the `limit` most
    /// frequent; none for a word under 5 letters or with digits, whose neighbours are mostly
    /// other words.
    pub fn within_typo_reach(
        &self,
        vocabulary: &Vocabulary,
        folded_word: &str,
        limit: usize,
    ) -> Vec<String> {
        let length = folded_word.chars().count();
        if length < MIN_TYPO_CHARS || folded_word.chars().any(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        self.nearest(vocabulary, folded_word).into_iter().take(limit).collect()
    }

    /// The [`NEAREST_KEPT`] most frequent words within reach of `folded_word`, remembered.
    fn nearest(&self, vocabulary: &Vocabulary, folded_word: &str) -> Vec<String> {
        let lock = || self.remembered.lock().unwrap_or_else(|poison| poison.into_inner());
        if let Some(known) = lock().get(folded_word) {
            return known.clone();
        }
        let mut found = others_within_reach(vocabulary, folded_word);
        found.truncate(NEAREST_KEPT);
        let mut remembered = lock();
        if remembered.len() >= REMEMBERED_WORDS {
            remembered.clear();
        }
        remembered.insert(folded_word.to_string(), found.clone());
        found
    }
}

/// The indexed words within reach of `word` but itself, most frequent first.
fn others_within_reach(vocabulary: &Vocabulary, word: &str) -> Vec<String> {
    let automaton = automaton_builder(edits_allowed(word.chars().count())).build_dfa(word);
    let mut found = vocabulary.matching(WithinEdits(&automaton));
    found.retain(|candidate| candidate != word);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::vocabulary::tests::vocabulary_of_two_segments;

    #[test]
    fn neighbours_are_the_most_frequent_first_and_remembered_alike() {
        let vocabulary = vocabulary_of_two_segments();
        let nearest = NearestWords::default();
        for _ in 0..2 {
            assert_eq!(nearest.within_typo_reach(&vocabulary, "fichir", 3), ["fichier", "ficher"]);
            assert_eq!(nearest.within_typo_reach(&vocabulary, "fichir", 1), ["fichier"]);
            assert_eq!(nearest.correction(&vocabulary, "fichir").as_deref(), Some("fichier"));
            let neighbours = nearest.within_typo_reach(&vocabulary, "fichier", 3);
            assert_eq!(neighbours, ["ficher", "fichiers"]);
        }
    }

    #[test]
    fn short_words_and_numbers_have_no_neighbours() {
        let vocabulary = vocabulary_of_two_segments();
        let nearest = NearestWords::default();
        assert!(nearest.within_typo_reach(&vocabulary, "lue", 3).is_empty());
        assert!(nearest.within_typo_reach(&vocabulary, "fichier2", 3).is_empty());
        assert_eq!(nearest.correction(&vocabulary, "clo"), None);
    }
}
