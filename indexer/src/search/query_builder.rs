//! Turning a parsed query into tantivy queries, through the French analyzer.
//!
//! Each word searches its stems (one per accented form the index holds, see `AccentLexicon`)
//! in the stemmed fields and its folded form in the exact fields, which both widens recall
//! (stopword-only queries, joined compounds like `egouv`) and rewards exact forms. A phrase
//! searches the stemmed fields with the words' relative positions (stopwords leave gaps) and the
//! exact fields word for word.

use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery, Query,
    TermSetQuery,
};
use tantivy::schema::Field;
use tantivy::Term;

use super::highlight::HighlightTerms;
use super::query_parser::{Element, Group, ParsedQuery, Scope};
use crate::analysis::folding::fold_diacritics;
use crate::analysis::words::Word;
use crate::analysis::{AccentLexicon, FrenchAnalyzer};
use crate::index::schema::names;
use crate::index::ArticleFields;

use super::bm25::Bm25WordQuery;
use super::config::{FieldCombination, SearchConfig};
use super::facet_dictionary::FacetDictionaries;
use super::synonyms::Synonyms;

/// Words shorter than this are never widened to their typo neighbours: too many of them.
pub const MIN_TYPO_CHARS: usize = 5;

/// Phrases whose words have several accented forms expand to at most this many variants.
const MAX_PHRASE_VARIANTS: usize = 16;

/// Words between two query words that still count as "near each other" for the proximity
/// boost.
const PROXIMITY_SLOP: u32 = 3;

/// Weight of a word one or two typos away, relative to the typed word's: below any exact match.
const TYPO_WEIGHT: f32 = 0.3;

/// Weight of a word derived from the typed one (`insertion` for `inserer`), relative to the
/// typed word's: related, but not what was typed (0.3 to 1.0 measured, `benches/RELEVANCE.md`).
const DERIVATION_WEIGHT: f32 = 0.5;

/// Weight of a synonym of the words typed, relative to theirs.
const SYNONYM_WEIGHT: f32 = 0.8;

/// Indexed words within typo reach of query words (folded word → its neighbours).
pub type TypoNeighbours = std::collections::HashMap<String, Vec<String>>;

/// Indexed words derived from query words by a suffix change (folded word → the derived
/// words), see [`crate::analysis::derivation`].
pub type DerivedWords = std::collections::HashMap<String, Vec<String>>;

/// The tantivy form of a parsed query.
pub struct BuiltQuery {
    /// One query per required group, all of which must match (with every matching strategy
    /// but [`MatchingStrategy::Any`](super::config::MatchingStrategy::Any)).
    pub required: Vec<Box<dyn Query>>,
    /// For each required group, whether it searches a content word (not only stopwords):
    /// matching any word ignores stopword groups, which would match nearly everything.
    pub has_content: Vec<bool>,
    /// Rewards articles where the query's words stand near each other, when configured.
    pub proximity: Option<Box<dyn Query>>,
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
    /// Facet values, for `categorie:` and `etiquette:` elements.
    pub facet_values: &'a FacetDictionaries,
    /// The ranking configuration.
    pub config: &'a SearchConfig,
    /// Indexed words one or two typos away from the query's words (empty without typo
    /// tolerance).
    pub typo_neighbours: &'a TypoNeighbours,
    /// Indexed nouns of the query's verbs and verbs of its nouns (empty without derivations).
    pub derived_words: &'a DerivedWords,
    /// Synonyms and acronyms, applied when the configuration asks for them.
    pub synonyms: &'a Synonyms,
}

/// A word as one field holds it: its alternative terms there (a stem per accented form, or the
/// exact form) and the weight of a match.
struct WordForm {
    terms: Vec<Term>,
    weight: f32,
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
        let mut required: Vec<Box<dyn Query>> =
            parsed.required_groups().map(|g| group_query(g, &mut highlight)).collect();
        let mut has_content: Vec<bool> = parsed
            .required_groups()
            .map(|group| group.alternatives.iter().any(|element| self.has_content_word(element)))
            .collect();
        if self.config.synonyms {
            self.widen_with_synonyms(parsed, &mut required, &mut has_content, &mut highlight);
        }
        let mut ignored = HighlightTerms::default();
        let excluded = parsed.excluded_groups().map(|g| group_query(g, &mut ignored)).collect();
        let proximity = self.proximity_query(parsed);
        BuiltQuery { required, has_content, proximity, excluded, highlight }
    }

    /// Replaces the groups that spell a synonym term (`courriel`; `technologies de
    /// l'information`, three groups) with one group matching them or any other term of the
    /// synonym's group, the other terms weighed a little below the words typed.
    fn widen_with_synonyms(
        &self,
        parsed: &ParsedQuery,
        required: &mut Vec<Box<dyn Query>>,
        has_content: &mut Vec<bool>,
        highlight: &mut HighlightTerms,
    ) {
        // The query's plain words, each with its group; other groups break the sequence.
        let mut words: Vec<String> = Vec::new();
        let mut word_groups: Vec<Option<usize>> = Vec::new();
        for (index, group) in parsed.required_groups().enumerate() {
            match group.alternatives.as_slice() {
                [element] if element.scope == Scope::Everywhere && !element.is_phrase => {
                    for word in self.analyzer.words(&element.text) {
                        words.push(fold_diacritics(&word.lowercase));
                        word_groups.push(Some(index));
                    }
                }
                _ => {
                    words.push(String::new());
                    word_groups.push(None);
                }
            }
        }
        let group_at = |word: usize| word_groups.get(word).copied().flatten();
        // From the last expansion back, so that earlier group indices stay valid.
        for expansion in self.synonyms.expansions(&words).into_iter().rev() {
            let (Some(first), Some(last)) =
                (group_at(expansion.span.start), group_at(expansion.span.end - 1))
            else {
                continue;
            };
            let starts_group =
                expansion.span.start == 0 || group_at(expansion.span.start - 1) != Some(first);
            let ends_group = group_at(expansion.span.end) != Some(last);
            if !starts_group || !ends_group {
                continue;
            }
            let typed: Vec<Box<dyn Query>> = required.drain(first..=last).collect();
            let mut alternatives = vec![all_of(typed)];
            for term in &expansion.alternatives {
                let element = Element {
                    text: term.join(" "),
                    is_phrase: term.len() > 1,
                    scope: Scope::Everywhere,
                };
                let query = self.element_query(&element, highlight);
                alternatives.push(boosted(query, SYNONYM_WEIGHT));
            }
            required.insert(first, any_of(alternatives));
            let content = has_content.drain(first..=last).any(|content| content);
            has_content.insert(first, content);
        }
    }

    fn has_content_word(&self, element: &Element) -> bool {
        match element.scope {
            Scope::Category | Scope::Tag => true,
            Scope::Everywhere | Scope::Title => {
                self.analyzer.words(&element.text).iter().any(|word| {
                    !self.analyzer.query_stems(&word.lowercase, self.lexicon).is_empty()
                })
            }
        }
    }

    /// Adjacent content words of the query (stopwords skipped), each pair searched as a sloppy
    /// phrase in the title and the body.
    fn proximity_query(&self, parsed: &ParsedQuery) -> Option<Box<dyn Query>> {
        let weight = self.config.proximity_weight;
        if weight == 0.0 {
            return None;
        }
        let content_stems: Vec<Vec<String>> = parsed
            .required_groups()
            .filter_map(|group| match group.alternatives.as_slice() {
                [element] if element.scope == Scope::Everywhere && !element.is_phrase => {
                    Some(element)
                }
                _ => None,
            })
            .flat_map(|element| self.analyzer.words(&element.text))
            .map(|word| self.analyzer.query_stems(&word.lowercase, self.lexicon))
            .filter(|stems| !stems.is_empty())
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for pair in content_stems.windows(2) {
            let words = [(0, pair[0].clone()), (1, pair[1].clone())];
            for (field, field_weight) in [
                (self.fields.title, self.config.title_weight),
                (self.fields.body, self.config.body_weight),
            ] {
                if let Some(phrase) = self.stemmed_phrase(field, &words, PROXIMITY_SLOP) {
                    clauses.push((Occur::Should, boosted(phrase, field_weight * weight)));
                }
            }
        }
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
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
                    pair.weight * self.config.exact_weight,
                );
                (Occur::Should, query)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    fn element_query(&self, element: &Element, highlight: &mut HighlightTerms) -> Box<dyn Query> {
        let pairs = match element.scope {
            Scope::Category => {
                let categories = self.facet_values.values_of(names::CATEGORIES);
                return facet_value_query(self.fields.categories, categories, &element.text);
            }
            Scope::Tag => {
                let tags = self.facet_values.values_of(names::TAGS);
                return facet_value_query(self.fields.tags, tags, &element.text);
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
            weight: self.config.title_weight,
        }
    }

    fn all_pairs(&self) -> Vec<FieldPair> {
        let fields = self.fields;
        vec![
            self.title_pair(),
            FieldPair {
                stemmed: fields.body,
                exact: fields.body_exact,
                weight: self.config.body_weight,
            },
            FieldPair {
                stemmed: fields.labels,
                exact: fields.labels_exact,
                weight: self.config.labels_weight,
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
        let mut forms = self.word_forms(&stems, &folded, pairs, 1.0);
        if let Some(neighbours) = self.typo_neighbours.get(&folded) {
            for neighbour in neighbours {
                let neighbour_stems = self.analyzer.query_stems(neighbour, self.lexicon);
                forms.extend(self.word_forms(&neighbour_stems, neighbour, pairs, TYPO_WEIGHT));
                highlight.exact.insert(neighbour.clone());
            }
        }
        for derived in self.derived_words.get(&folded).into_iter().flatten() {
            let derived_stems = self.analyzer.query_stems(derived, self.lexicon);
            forms.extend(self.word_forms(&derived_stems, derived, pairs, DERIVATION_WEIGHT));
            highlight.stems.extend(derived_stems);
        }
        // Stopwords are searched (exact fields) but not marked: `de` everywhere is noise.
        if !stems.is_empty() {
            highlight.exact.insert(folded);
        }
        highlight.stems.extend(stems);
        self.forms_query(forms)
    }

    /// A word's stems in the stemmed fields and its folded form in the exact fields, each
    /// weighed by its field, by the configuration and by `weight`.
    fn word_forms(
        &self,
        stems: &[String],
        folded: &str,
        pairs: &[FieldPair],
        weight: f32,
    ) -> Vec<WordForm> {
        let mut forms = Vec::new();
        let stemmed_weight = self.config.stemmed_weight * weight;
        let exact_weight = self.config.exact_weight * weight;
        for pair in pairs {
            if !stems.is_empty() && stemmed_weight > 0.0 {
                forms.push(WordForm {
                    terms: stems
                        .iter()
                        .map(|stem| Term::from_field_text(pair.stemmed, stem))
                        .collect(),
                    weight: pair.weight * stemmed_weight,
                });
            }
            if exact_weight > 0.0 || stems.is_empty() {
                forms.push(WordForm {
                    terms: vec![Term::from_field_text(pair.exact, folded)],
                    weight: pair.weight * exact_weight,
                });
            }
        }
        forms
    }

    /// One query for all the forms of a word, combined as the configuration says.
    fn forms_query(&self, forms: Vec<WordForm>) -> Box<dyn Query> {
        match self.config.field_combination {
            FieldCombination::Sum => {
                let clauses = merged_forms(forms)
                    .into_iter()
                    .map(|form| {
                        let variants = form
                            .terms
                            .into_iter()
                            .map(|term| {
                                Box::new(Bm25WordQuery::term(term, self.config.bm25))
                                    as Box<dyn Query>
                            })
                            .collect();
                        (Occur::Should, boosted(best_of(variants), form.weight))
                    })
                    .collect();
                Box::new(BooleanQuery::new(clauses))
            }
            FieldCombination::Bm25f => {
                let weighted_terms = forms
                    .into_iter()
                    .flat_map(|form| form.terms.into_iter().map(move |term| (term, form.weight)))
                    .collect();
                Box::new(Bm25WordQuery::new(weighted_terms, self.config.bm25))
            }
        }
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
            if let Some(query) = self.stemmed_phrase(pair.stemmed, &stemmed_words, 0) {
                clauses.push((Occur::Should, boosted(query, pair.weight)));
            }
            let exact_terms: Vec<(usize, Term)> = folded
                .iter()
                .enumerate()
                .map(|(offset, word)| (offset, Term::from_field_text(pair.exact, word)))
                .collect();
            let exact_weight = pair.weight * self.config.exact_weight;
            clauses.push((
                Occur::Should,
                boosted(Box::new(PhraseQuery::new_with_offset(exact_terms)), exact_weight),
            ));
            if is_compound {
                clauses.push((
                    Occur::Should,
                    boosted(self.term_query(pair.exact, &folded.concat()), exact_weight),
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

impl QueryBuilder<'_> {
    /// The stemmed phrase, expanded over the words' accent variants (capped), its words at most
    /// `slop` positions further apart than in the query.
    fn stemmed_phrase(
        &self,
        field: Field,
        words: &[(usize, Vec<String>)],
        slop: u32,
    ) -> Option<Box<dyn Query>> {
        match words {
            [] => None,
            [(_, stems)] => {
                let variants = stems.iter().map(|stem| self.term_query(field, stem)).collect();
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
                    .map(|terms| {
                        let mut phrase = PhraseQuery::new_with_offset(terms);
                        phrase.set_slop(slop);
                        Box::new(phrase) as Box<dyn Query>
                    })
                    .collect();
                Some(Box::new(DisjunctionMaxQuery::new(phrases)))
            }
        }
    }

    fn term_query(&self, field: Field, text: &str) -> Box<dyn Query> {
        Box::new(Bm25WordQuery::term(Term::from_field_text(field, text), self.config.bm25))
    }
}

/// Forms of the same terms added up into one. A word's typo neighbours often stem like the word
/// (`telecharge`, `telechargez` for `telecharger`): summed scores of one term weighed twice are
/// its score weighed once by the sum, for half the postings to read.
fn merged_forms(forms: Vec<WordForm>) -> Vec<WordForm> {
    let mut merged: Vec<WordForm> = Vec::with_capacity(forms.len());
    for form in forms {
        match merged.iter_mut().find(|kept| kept.terms == form.terms) {
            Some(kept) => kept.weight += form.weight,
            None => merged.push(form),
        }
    }
    merged
}

fn boosted(query: Box<dyn Query>, weight: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, weight))
}

/// A query matching all of `queries` (the single one itself when there is one).
fn all_of(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries.remove(0);
    }
    Box::new(BooleanQuery::new(queries.into_iter().map(|q| (Occur::Must, q)).collect()))
}

/// A query scoring the best of `queries` (the single one itself when there is one).
fn best_of(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries.remove(0);
    }
    Box::new(DisjunctionMaxQuery::new(queries))
}

/// A query matching any of `queries` (the single one itself when there is one).
pub fn any_of(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries.remove(0);
    }
    Box::new(BooleanQuery::new(queries.into_iter().map(|q| (Occur::Should, q)).collect()))
}

/// The folded words of `parsed` that typo tolerance may widen: plain words of 5 letters or
/// more, without digits.
pub fn typo_candidates(analyzer: &FrenchAnalyzer, parsed: &ParsedQuery) -> Vec<String> {
    parsed
        .required_groups()
        .flat_map(|group| &group.alternatives)
        .filter(|element| matches!(element.scope, Scope::Everywhere | Scope::Title))
        .flat_map(|element| analyzer.words(&element.text))
        .map(|word| fold_diacritics(&word.lowercase))
        .filter(|folded| {
            folded.chars().count() >= MIN_TYPO_CHARS && !folded.chars().any(|c| c.is_ascii_digit())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::Schema;

    #[test]
    fn forms_of_the_same_terms_add_up_into_one() {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("body", tantivy::schema::TEXT);
        let form = |texts: &[&str], weight| WordForm {
            terms: texts.iter().map(|text| Term::from_field_text(field, text)).collect(),
            weight,
        };
        let merged = merged_forms(vec![
            form(&["telecharg"], 1.0),
            form(&["telecharge"], 0.5),
            form(&["telecharg"], 0.3),
            form(&["telecharg", "telechargé"], 0.3),
        ]);
        let summary: Vec<(usize, f32)> =
            merged.iter().map(|form| (form.terms.len(), form.weight)).collect();
        assert_eq!(summary, [(1, 1.3), (1, 0.5), (2, 0.3)]);
        assert_eq!(merged[0].terms[0].value().as_str(), Some("telecharg"));
    }
}
