//! Turning a parsed query into tantivy queries, through the French analyzer.
//!
//! Each word searches its stems (one per accented form the index holds, see `AccentLexicon`)
//! in the stemmed fields and its folded form in the exact fields, which both widens recall
//! (stopword-only queries, joined compounds like `egouv`) and rewards exact forms. A phrase
//! searches the stemmed fields with the words' relative positions (stopwords leave gaps) and the
//! exact fields word for word.

use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery, Query,
    TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::highlight::HighlightTerms;
use super::query_parser::{Element, Group, ParsedQuery, Scope};
use crate::analysis::folding::fold_diacritics;
use crate::analysis::words::Word;
use crate::analysis::{AccentLexicon, FrenchAnalyzer};
use crate::index::ArticleFields;

/// Field weights of the ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankingWeights {
    /// Weight of title matches.
    pub title: f32,
    /// Weight of body matches.
    pub body: f32,
    /// Weight of category and tag matches.
    pub labels: f32,
    /// Weight of an exact (unstemmed) match, relative to its field's weight.
    pub exact_bonus: f32,
}

impl Default for RankingWeights {
    fn default() -> Self {
        RankingWeights { title: 2.0, body: 1.0, labels: 1.0, exact_bonus: 0.5 }
    }
}

/// Phrases whose words have several accented forms expand to at most this many variants.
const MAX_PHRASE_VARIANTS: usize = 16;

/// The facet values a `categorie:` or `etiquette:` element can match.
pub struct FacetVocabulary {
    /// Every category of the index.
    pub categories: Vec<String>,
    /// Every tag of the index.
    pub tags: Vec<String>,
}

/// The tantivy form of a parsed query.
pub struct BuiltQuery {
    /// One query per required group, all of which must match.
    pub required: Vec<Box<dyn Query>>,
    /// Queries whose matches are excluded.
    pub excluded: Vec<Box<dyn Query>>,
    /// What to mark in titles and snippets.
    pub highlight: HighlightTerms,
}

/// Builds tantivy queries for one index.
pub struct QueryBuilder<'a> {
    /// Analyzer of the index.
    pub analyzer: &'a FrenchAnalyzer,
    /// Accent lexicon of the index.
    pub lexicon: &'a AccentLexicon,
    /// Fields of the index.
    pub fields: &'a ArticleFields,
    /// Facet values, for field-scoped elements.
    pub vocabulary: &'a FacetVocabulary,
    /// Field weights.
    pub weights: RankingWeights,
}

/// A searched field pair (stemmed and exact) with its weight.
struct FieldPair {
    stemmed: Field,
    exact: Field,
    weight: f32,
}

impl QueryBuilder<'_> {
    /// Builds the queries of `parsed`.
    pub fn build(&self, parsed: &ParsedQuery) -> BuiltQuery {
        let mut highlight = HighlightTerms::default();
        let group_query = |group: &Group, highlight: &mut HighlightTerms| {
            let alternatives: Vec<Box<dyn Query>> = group
                .alternatives
                .iter()
                .map(|element| self.element_query(element, highlight))
                .collect();
            any_of(alternatives)
        };
        let required = parsed.required_groups().map(|g| group_query(g, &mut highlight)).collect();
        let mut ignored = HighlightTerms::default();
        let excluded = parsed.excluded_groups().map(|g| group_query(g, &mut ignored)).collect();
        BuiltQuery { required, excluded, highlight }
    }

    /// The folded last word of `text` when it may be unfinished: a plain word typed last, not
    /// followed by a space, of at least two letters. Search-as-you-type completes it.
    pub fn unfinished_last_word(
        &self,
        parsed: &ParsedQuery,
        text: &str,
    ) -> Option<(String, Scope)> {
        if text.ends_with(char::is_whitespace) {
            return None;
        }
        let group = parsed.groups.last().filter(|group| !group.excluded)?;
        let [element] = group.alternatives.as_slice() else { return None };
        let searches_text = matches!(element.scope, Scope::Everywhere | Scope::Title);
        if element.is_phrase || !searches_text {
            return None;
        }
        let words = self.analyzer.words(&element.text);
        let [word] = words.as_slice() else { return None };
        let folded = fold_diacritics(&word.lowercase);
        (folded.chars().count() >= 2).then_some((folded, element.scope))
    }

    /// Matches any of `completions` (folded words) in the exact fields of `scope`, ranked a
    /// little below a word typed whole.
    pub fn completions_query(&self, completions: &[String], scope: Scope) -> Box<dyn Query> {
        let pairs = if scope == Scope::Title { vec![self.title_pair()] } else { self.all_pairs() };
        let clauses = pairs
            .iter()
            .map(|pair| {
                let terms = completions.iter().map(|word| Term::from_field_text(pair.exact, word));
                let query = boosted(
                    Box::new(TermSetQuery::new(terms)),
                    pair.weight * self.weights.exact_bonus,
                );
                (Occur::Should, query)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    fn element_query(&self, element: &Element, highlight: &mut HighlightTerms) -> Box<dyn Query> {
        let pairs = match element.scope {
            Scope::Category => {
                return facet_value_query(
                    self.fields.categories,
                    &self.vocabulary.categories,
                    &element.text,
                )
            }
            Scope::Tag => {
                return facet_value_query(self.fields.tags, &self.vocabulary.tags, &element.text)
            }
            Scope::Title => vec![self.title_pair()],
            Scope::Everywhere => self.all_pairs(),
        };
        let words = self.analyzer.words(&element.text);
        match words.as_slice() {
            [] => Box::new(EmptyQuery),
            [word] => self.word_query(word, &pairs, highlight),
            _ => self.phrase_query(&words, &pairs, !element.is_phrase, highlight),
        }
    }

    fn title_pair(&self) -> FieldPair {
        FieldPair {
            stemmed: self.fields.title,
            exact: self.fields.title_exact,
            weight: self.weights.title,
        }
    }

    fn all_pairs(&self) -> Vec<FieldPair> {
        let fields = self.fields;
        vec![
            self.title_pair(),
            FieldPair { stemmed: fields.body, exact: fields.body_exact, weight: self.weights.body },
            FieldPair {
                stemmed: fields.labels,
                exact: fields.labels_exact,
                weight: self.weights.labels,
            },
        ]
    }

    fn word_query(
        &self,
        word: &Word,
        pairs: &[FieldPair],
        highlight: &mut HighlightTerms,
    ) -> Box<dyn Query> {
        let stems = self.analyzer.query_stems(&word.lowercase, self.lexicon);
        let folded = fold_diacritics(&word.lowercase);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for pair in pairs {
            if !stems.is_empty() {
                let variants: Vec<Box<dyn Query>> =
                    stems.iter().map(|stem| term_query(pair.stemmed, stem)).collect();
                let best_variant = Box::new(DisjunctionMaxQuery::new(variants));
                clauses.push((Occur::Should, boosted(best_variant, pair.weight)));
            }
            let exact = term_query(pair.exact, &folded);
            clauses.push((Occur::Should, boosted(exact, pair.weight * self.weights.exact_bonus)));
        }
        // Stopwords are searched (exact fields) but not marked: `de` everywhere is noise.
        if !stems.is_empty() {
            highlight.exact.insert(folded);
        }
        highlight.stems.extend(stems);
        Box::new(BooleanQuery::new(clauses))
    }

    /// Words that must stand together: a quoted phrase, or one typed token that analysis split
    /// (`Colombie-Britannique`, which may also be typed joined: `colombiebritannique`).
    fn phrase_query(
        &self,
        words: &[Word],
        pairs: &[FieldPair],
        is_compound: bool,
        highlight: &mut HighlightTerms,
    ) -> Box<dyn Query> {
        let first_position = words[0].position;
        let stemmed_words: Vec<(usize, Vec<String>)> = words
            .iter()
            .map(|word| {
                (
                    word.position - first_position,
                    self.analyzer.query_stems(&word.lowercase, self.lexicon),
                )
            })
            .filter(|(_, stems)| !stems.is_empty())
            .collect();
        let folded: Vec<String> =
            words.iter().map(|word| fold_diacritics(&word.lowercase)).collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for pair in pairs {
            if let Some(query) = stemmed_phrase(pair.stemmed, &stemmed_words) {
                clauses.push((Occur::Should, boosted(query, pair.weight)));
            }
            let exact_terms: Vec<(usize, Term)> = folded
                .iter()
                .enumerate()
                .map(|(offset, word)| (offset, Term::from_field_text(pair.exact, word)))
                .collect();
            let exact_weight = pair.weight * self.weights.exact_bonus;
            clauses.push((
                Occur::Should,
                boosted(Box::new(PhraseQuery::new_with_offset(exact_terms)), exact_weight),
            ));
            if is_compound {
                clauses.push((
                    Occur::Should,
                    boosted(term_query(pair.exact, &folded.concat()), exact_weight),
                ));
            }
        }
        let content_words = words.iter().zip(&folded).filter(|(word, _)| {
            let offset = word.position - first_position;
            stemmed_words.iter().any(|(stemmed_offset, _)| *stemmed_offset == offset)
        });
        highlight.exact.extend(content_words.map(|(_, folded)| folded.clone()));
        highlight.stems.extend(stemmed_words.into_iter().flat_map(|(_, stems)| stems));
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The stemmed phrase, expanded over the words' accent variants (capped).
fn stemmed_phrase(field: Field, words: &[(usize, Vec<String>)]) -> Option<Box<dyn Query>> {
    match words {
        [] => None,
        [(_, stems)] => {
            let variants = stems.iter().map(|stem| term_query(field, stem)).collect();
            Some(Box::new(DisjunctionMaxQuery::new(variants)))
        }
        _ => {
            let mut sequences: Vec<Vec<(usize, Term)>> = vec![Vec::new()];
            for (offset, stems) in words {
                sequences = sequences
                    .iter()
                    .flat_map(|sequence| {
                        stems.iter().map(move |stem| {
                            let mut extended = sequence.clone();
                            extended.push((*offset, Term::from_field_text(field, stem)));
                            extended
                        })
                    })
                    .take(MAX_PHRASE_VARIANTS)
                    .collect();
            }
            let phrases = sequences
                .into_iter()
                .map(|terms| Box::new(PhraseQuery::new_with_offset(terms)) as Box<dyn Query>)
                .collect();
            Some(Box::new(DisjunctionMaxQuery::new(phrases)))
        }
    }
}

/// Facet values equal to `text` once folded and lowercased (or, when none is, containing it).
fn facet_value_query(field: Field, values: &[String], text: &str) -> Box<dyn Query> {
    let key = |value: &str| {
        fold_diacritics(&value.to_lowercase()).split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let wanted = key(text);
    let equal: Vec<&String> = values.iter().filter(|value| key(value) == wanted).collect();
    let matching = if equal.is_empty() {
        values.iter().filter(|value| key(value).contains(&wanted)).collect()
    } else {
        equal
    };
    let terms = matching.into_iter().map(|value| Term::from_field_text(field, value));
    Box::new(TermSetQuery::new(terms))
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs))
}

fn boosted(query: Box<dyn Query>, weight: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, weight))
}

/// A query matching any of `queries` (the single one itself when there is one).
pub fn any_of(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries.remove(0);
    }
    Box::new(BooleanQuery::new(queries.into_iter().map(|q| (Occur::Should, q)).collect()))
}
