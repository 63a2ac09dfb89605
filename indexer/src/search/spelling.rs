//! "Did you mean": corrections of query words that the index does not hold, found with a
//! Levenshtein automaton run over the term dictionary (1 edit from 4 letters, 2 from 9), the
//! most frequent candidate winning.

use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

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

/// Finds corrections in the exact (folded, unstemmed) fields of one searcher.
pub struct SpellingCorrector<'a> {
    /// The searcher.
    pub searcher: &'a Searcher,
    /// Fields of the index.
    pub fields: &'a ArticleFields,
}

impl SpellingCorrector<'_> {
    /// True when some article holds the folded word as typed.
    pub fn is_known(&self, folded_word: &str) -> bool {
        self.exact_fields().iter().any(|field| self.document_frequency(*field, folded_word) > 0)
    }

    /// The most frequent indexed word within reach of `folded_word`, if it is long enough to
    /// correct and not a number.
    pub fn correction(&self, folded_word: &str) -> Result<Option<String>, IndexError> {
        let length = folded_word.chars().count();
        if length < MIN_CORRECTED_CHARS || folded_word.chars().any(|c| c.is_ascii_digit()) {
            return Ok(None);
        }
        let automaton = automaton_builder(edits_allowed(length)).build_dfa(folded_word);
        let mut best: Option<(u64, String)> = None;
        for field in self.exact_fields() {
            for candidate in self.candidates(field, folded_word, &automaton)? {
                let frequency = self.document_frequency(field, &candidate);
                let is_better = best.as_ref().is_none_or(|(top, word)| {
                    frequency > *top || (frequency == *top && candidate < *word)
                });
                if is_better {
                    best = Some((frequency, candidate));
                }
            }
        }
        Ok(best.map(|(_, word)| word))
    }

    /// Indexed words one typo away from `folded_word` (two from 9 letters), the `limit` most
    /// frequent; none for a word under 5 letters or with digits, whose neighbours are mostly
    /// other words.
    pub fn within_typo_reach(
        &self,
        folded_word: &str,
        limit: usize,
    ) -> Result<Vec<String>, IndexError> {
        let length = folded_word.chars().count();
        if length < MIN_TYPO_CHARS || folded_word.chars().any(|c| c.is_ascii_digit()) {
            return Ok(Vec::new());
        }
        let automaton = automaton_builder(edits_allowed(length)).build_dfa(folded_word);
        let mut found: Vec<(u64, String)> = Vec::new();
        for field in self.exact_fields() {
            for candidate in self.candidates(field, folded_word, &automaton)? {
                if !found.iter().any(|(_, known)| *known == candidate) {
                    let frequency = self
                        .exact_fields()
                        .iter()
                        .map(|field| self.document_frequency(*field, &candidate))
                        .sum();
                    found.push((frequency, candidate));
                }
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(found.into_iter().take(limit).map(|(_, word)| word).collect())
    }

    fn exact_fields(&self) -> [Field; 2] {
        [self.fields.title_exact, self.fields.body_exact]
    }

    /// The indexed words of `field` that `automaton` (built for `word`) accepts, but `word`.
    fn candidates(
        &self,
        field: Field,
        word: &str,
        automaton: &DFA,
    ) -> Result<Vec<String>, IndexError> {
        let mut found = Vec::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .search(WithinEdits(automaton))
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    if term != word {
                        found.push(term.to_string());
                    }
                }
            }
        }
        Ok(found)
    }

    fn document_frequency(&self, field: Field, word: &str) -> u64 {
        self.searcher.doc_freq(&Term::from_field_text(field, word)).unwrap_or(0)
    }
}
