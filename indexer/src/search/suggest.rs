//! Autocomplete: completions of the word being typed (frequent words of the index) and the
//! titles that match what is typed so far, accent-insensitive both ways: `quebe` completes to
//! `québec`, shown with the accents the archive uses most.

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::vocabulary::{Vocabulary, MAX_PREFIX_WORDS};
use crate::analysis::folding::fold_diacritics;
use crate::analysis::stopwords::is_french_stopword;
use crate::analysis::{normalise_nfc, AccentLexicon, FrenchAnalyzer};
use crate::index::{ArticleFields, IndexError};

/// Word completions and titles returned at most, each.
pub const SUGGESTION_LIMIT: usize = 5;
/// Completions of the last word used to look for titles.
const TITLE_PREFIX_TERMS: usize = 64;

/// What a suggestion completes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// The typed text with its last word completed.
    Query,
    /// An article whose title matches what is typed.
    Title,
}

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Text to show (and, for a query, to search).
    pub text: String,
    /// What the suggestion is.
    pub kind: SuggestionKind,
    /// The article, for titles.
    pub id: Option<String>,
    /// The article's URL, for titles, when known.
    pub url: Option<String>,
}

/// The answer to a suggest request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestResponse {
    /// The text as received.
    pub query: String,
    /// Query completions first (most frequent first), then titles (best match first).
    pub suggestions: Vec<Suggestion>,
}

/// Computes suggestions against one searcher.
pub struct Suggester<'a> {
    /// The searcher.
    pub searcher: &'a Searcher,
    /// Fields of the index.
    pub fields: &'a ArticleFields,
    /// Analyzer of the index.
    pub analyzer: &'a FrenchAnalyzer,
    /// Accent lexicon of the index.
    pub lexicon: &'a AccentLexicon,
    /// The index's words with their frequencies.
    pub vocabulary: &'a Vocabulary,
}

/// The typed text split into finished words and the word being typed.
struct TypedText {
    leading_text: String,
    finished_words: Vec<String>,
    prefix: String,
}

impl Suggester<'_> {
    /// Query completions for `text` (the completed texts; titles are looked up separately).
    pub fn completions(&self, text: &str) -> Result<Vec<String>, IndexError> {
        let Some(typed) = self.typed_text(text) else { return Ok(Vec::new()) };
        let words = self.vocabulary.most_frequent_with_prefix(&typed.prefix, MAX_PREFIX_WORDS);
        Ok(words
            .into_iter()
            .filter(|word| !is_french_stopword(word))
            .take(SUGGESTION_LIMIT)
            .map(|word| {
                let shown = display_form(self.searcher, self.fields, self.lexicon, &word);
                format!("{}{shown}", typed.leading_text)
            })
            .collect())
    }

    /// Addresses of the articles whose title holds the finished words and a word starting with
    /// the prefix, best first.
    pub fn title_matches(&self, text: &str) -> Result<Vec<tantivy::DocAddress>, IndexError> {
        let Some(typed) = self.typed_text(text) else { return Ok(Vec::new()) };
        let completions: Vec<Term> = self
            .vocabulary
            .most_frequent_with_prefix(&typed.prefix, TITLE_PREFIX_TERMS)
            .into_iter()
            .map(|word| Term::from_field_text(self.fields.title_exact, &word))
            .collect();
        if completions.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(TermSetQuery::new(completions)))];
        for word in &typed.finished_words {
            clauses.push((Occur::Must, self.title_word_query(word)));
        }
        let top = self.searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(SUGGESTION_LIMIT).order_by_score(),
        )?;
        Ok(top.into_iter().map(|(_, address)| address).collect())
    }

    fn typed_text(&self, text: &str) -> Option<TypedText> {
        // Word offsets point into the NFC text: slice that, not what was typed (`e` + U+0301).
        let text = normalise_nfc(text);
        let text = text.as_ref();
        let words = self.analyzer.words(text);
        let last = words.last()?;
        if text[last.offset_to..].chars().any(char::is_whitespace) {
            return None;
        }
        let finished_words = words[..words.len() - 1]
            .iter()
            .filter(|word| !is_french_stopword(&fold_diacritics(&word.lowercase)))
            .map(|word| word.lowercase.clone())
            .collect();
        Some(TypedText {
            leading_text: text[..last.offset_from].to_string(),
            finished_words,
            prefix: fold_diacritics(&last.lowercase),
        })
    }

    /// A finished word matches the title by any of its stems, or exactly.
    fn title_word_query(&self, word: &str) -> Box<dyn Query> {
        let mut terms: Vec<Term> = self
            .analyzer
            .query_stems(word, self.lexicon)
            .iter()
            .map(|stem| Term::from_field_text(self.fields.title, stem))
            .collect();
        terms.push(Term::from_field_text(self.fields.title_exact, &fold_diacritics(word)));
        let clauses = terms
            .into_iter()
            .map(|term| {
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (Occur::Should, query)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The accented form of a folded word that the archive uses in the most documents (`quebec` →
/// `québec`), or the word itself.
pub fn display_form(
    searcher: &Searcher,
    fields: &ArticleFields,
    lexicon: &AccentLexicon,
    folded_word: &str,
) -> String {
    let document_count = |word: &str| -> u64 {
        searcher.doc_freq(&Term::from_field_text(fields.surface, word)).unwrap_or(0)
    };
    lexicon
        .variants(folded_word)
        .iter()
        .max_by_key(|variant| document_count(variant))
        .cloned()
        .unwrap_or_else(|| folded_word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a decomposed accent typed last made the slicing panic.
    #[test]
    fn decomposed_accents_are_normalised_before_slicing() {
        let index = crate::index::ArticleIndex::create_in_ram(Default::default()).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let analyzer = FrenchAnalyzer::default();
        let lexicon = AccentLexicon::default();
        let vocabulary = Vocabulary::build(&searcher, index.fields()).unwrap();
        let suggester = Suggester {
            searcher: &searcher,
            fields: index.fields(),
            analyzer: &analyzer,
            lexicon: &lexicon,
            vocabulary: &vocabulary,
        };
        assert!(suggester.completions("donnees e\u{301}").unwrap().is_empty());
        assert!(suggester.title_matches("e\u{301}").unwrap().is_empty());
    }
}
