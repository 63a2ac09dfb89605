//! Autocomplete: completions of the word being typed (frequent words of the index) and the
//! titles that match what is typed so far, accent-insensitive both ways: `quebe` completes to
//! `québec`, shown with the accents the archive uses most.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use crate::analysis::folding::fold_diacritics;
use crate::analysis::stopwords::is_french_stopword;
use crate::analysis::{normalise_nfc, AccentLexicon, FrenchAnalyzer};
use crate::index::{ArticleFields, IndexError};

/// Word completions and titles returned at most, each.
pub const SUGGESTION_LIMIT: usize = 5;
/// Terms of the dictionary read per prefix at most: a one-letter prefix must stay cheap.
const SCANNED_TERMS_LIMIT: usize = 20_000;
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
        let words = frequent_words_with_prefix(self.searcher, self.fields, &typed.prefix)?;
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
        let completions: Vec<Term> =
            frequent_words_with_prefix(self.searcher, self.fields, &typed.prefix)?
                .into_iter()
                .take(TITLE_PREFIX_TERMS)
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

/// Folded words of titles and bodies starting with `prefix`, most documents first.
pub fn frequent_words_with_prefix(
    searcher: &Searcher,
    fields: &ArticleFields,
    prefix: &str,
) -> Result<Vec<String>, IndexError> {
    let mut document_counts: HashMap<String, u64> = HashMap::new();
    for field in [fields.title_exact, fields.body_exact] {
        count_prefixed_terms(searcher, field, prefix, &mut document_counts)?;
    }
    let mut words: Vec<(String, u64)> = document_counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(words.into_iter().map(|(word, _)| word).collect())
}

fn count_prefixed_terms(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    counts: &mut HashMap<String, u64>,
) -> Result<(), IndexError> {
    let upper = prefix_upper_bound(prefix);
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut range = inverted.terms().range().ge(prefix.as_bytes());
        if let Some(upper) = &upper {
            range = range.lt(upper);
        }
        let mut stream = range.into_stream().map_err(tantivy::TantivyError::from)?;
        let mut scanned = 0;
        while stream.advance() && scanned < SCANNED_TERMS_LIMIT {
            scanned += 1;
            if let Ok(word) = std::str::from_utf8(stream.key()) {
                *counts.entry(word.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(())
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

/// The smallest byte string greater than every string starting with `prefix`.
fn prefix_upper_bound(prefix: &str) -> Option<Vec<u8>> {
    let mut bytes = prefix.as_bytes().to_vec();
    while let Some(last) = bytes.pop() {
        if last < u8::MAX {
            bytes.push(last + 1);
            return Some(bytes);
        }
    }
    None
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
        let suggester = Suggester {
            searcher: &searcher,
            fields: index.fields(),
            analyzer: &analyzer,
            lexicon: &lexicon,
        };
        assert!(suggester.completions("donnees e\u{301}").unwrap().is_empty());
        assert!(suggester.title_matches("e\u{301}").unwrap().is_empty());
    }

    #[test]
    fn upper_bound_follows_every_completion() {
        assert_eq!(prefix_upper_bound("donn").unwrap(), b"dono");
        assert!(prefix_upper_bound("").is_none());
    }
}
