//! Search: from a request to hits, snippets, disjunctive facets and fallbacks.
//!
//! `query_parser` reads what was typed, `query_builder` turns it into tantivy queries through
//! the French analyzer, `facets` counts facet values, `highlight` marks matched words; this
//! module runs them against a searcher that follows the index's commits.

pub mod bm25;
pub mod config;
pub mod facet_dictionary;
pub mod facets;
mod generation;
pub mod highlight;
pub mod query_builder;
pub mod query_parser;
pub mod request;
pub mod response;
pub mod spelling;
pub mod suggest;
pub mod synonyms;
pub mod vocabulary;

use std::ops::Bound;
use std::sync::Arc;
use std::time::Instant;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermSetQuery,
};
use tantivy::schema::Field;
use tantivy::{DocAddress, IndexReader, Searcher, SegmentReader, Term};

use crate::analysis::folding::fold_diacritics;
use crate::analysis::FrenchAnalyzer;
use crate::article::Article;
use crate::index::schema::names;
use crate::index::{ArticleIndex, IndexError};
use config::{MatchingStrategy, SearchConfig};
use facet_dictionary::FacetDictionaries;
use facets::{newest_first, years_of_months, FacetCollector, FacetCounts};
use generation::{GenerationData, Generations, Prepared};
use highlight::{HighlightTerms, Highlighter};
use query_builder::{any_of, BuiltQuery, DerivedWords, QueryBuilder, TypoNeighbours};
use query_parser::parse_query;
pub use request::{InvalidRequest, SearchRequest, SortOrder};
pub use response::{FacetValue, Facets, Fallback, FallbackKind, Hit, SearchResponse};
pub use suggest::{SuggestResponse, Suggestion, SuggestionKind};

/// Facet values listed per facet.
const FACET_LIMIT: usize = 50;
/// Completions of an unfinished last word searched at most.
const PREFIX_COMPLETIONS: usize = 50;
/// Typo neighbours of a word searched at most, the most frequent first.
const TYPO_NEIGHBOURS: usize = 3;

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The request is out of bounds (a user error).
    #[error(transparent)]
    InvalidRequest(#[from] InvalidRequest),
    /// The index failed (an internal error).
    #[error(transparent)]
    Index(#[from] IndexError),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(error: tantivy::TantivyError) -> Self {
        SearchError::Index(IndexError::Tantivy(error))
    }
}

/// Searches an article index; cheap to share between threads.
pub struct ArticleSearcher {
    index: ArticleIndex,
    reader: IndexReader,
    analyzer: FrenchAnalyzer,
    config: SearchConfig,
    synonyms: synonyms::Synonyms,
    generations: Generations,
}

/// The three filters a facet can lift for its own counts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FilterKind {
    Categories,
    Tags,
    Dates,
}

impl ArticleSearcher {
    /// A searcher over `index` that follows its commits.
    pub fn new(index: ArticleIndex) -> Result<Self, IndexError> {
        let reader = index.reader()?;
        let analyzer = index.analyzer();
        Ok(ArticleSearcher {
            index,
            reader,
            analyzer,
            config: SearchConfig::default(),
            synonyms: synonyms::Synonyms::bundled(),
            generations: Generations::default(),
        })
    }

    /// The same searcher, ranking with `config`.
    pub fn with_config(self, config: SearchConfig) -> Self {
        ArticleSearcher { config, ..self }
    }

    /// The ranking configuration.
    pub fn config(&self) -> &SearchConfig {
        &self.config
    }

    /// The index searched.
    pub fn index(&self) -> &ArticleIndex {
        &self.index
    }

    /// Reads now what the first search of an index generation would otherwise read: the accent
    /// lexicon, the facet values and the vocabulary (a second on a million articles), so that
    /// the server's first visitor does not wait for it.
    pub fn prepare(&self) -> Result<(), IndexError> {
        self.generations.current(&self.index, &self.reader).map(drop)
    }

    /// Reloads the reader now instead of waiting for the commit watcher. The next search reads
    /// the new generation, unless another search is reading it at that moment: it is then
    /// answered from the previous one.
    pub fn reload(&self) -> Result<(), IndexError> {
        Ok(self.reader.reload()?)
    }

    /// Runs `request`.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        request.validate()?;
        let started = Instant::now();
        let Prepared { searcher, data } = self.generations.current(&self.index, &self.reader)?;
        let parsed = parse_query(&request.query);
        let typo_neighbours = self.typo_neighbours(&data, &parsed);
        let derived_words = self.derived_words(&data, &parsed);
        let builder = QueryBuilder {
            analyzer: &self.analyzer,
            lexicon: &data.lexicon,
            fields: self.index.fields(),
            facet_values: &data.facet_values,
            config: &self.config,
            typo_neighbours: &typo_neighbours,
            derived_words: &derived_words,
            synonyms: &self.synonyms,
        };
        let mut built = builder.build(&parsed);
        let plan = SearchPlan {
            searcher: &searcher,
            request,
            fields: self.index.fields(),
            has_query_words: !parsed.has_no_required_group(),
            facet_values: &data.facet_values,
        };
        let strategy = self.required_groups();
        let mut matched = plan.run(&built.required, &built, strategy)?;
        let mut fallback = None;
        if matched.total == 0
            || self.last_word_is_unfinished_and_unknown(&builder, &plan, &parsed, &data.words)
        {
            if let Some((relaxed, how)) =
                self.relax(&builder, &plan, &parsed, &mut built, &data.words)?
            {
                matched = relaxed;
                fallback = Some(how);
            }
        }
        let relaxed_to_fewer_words =
            fallback.as_ref().is_some_and(|how| how.kind == FallbackKind::MostWords);
        let completed_last_word =
            fallback.as_ref().is_some_and(|how| how.kind == FallbackKind::LastWordPrefix);
        // Matching any word, a mistyped word is silently ignored unless it is corrected.
        let may_hold_typos = self.config.matching == MatchingStrategy::Any && !completed_last_word;
        let found_little = matched.total == 0 || relaxed_to_fewer_words || may_hold_typos;
        let did_you_mean =
            if found_little { self.did_you_mean(&data, &builder, &plan)? } else { None };
        let hits = self.hits(&searcher, &matched.top, &built.highlight)?;
        Ok(SearchResponse {
            query: request.query.clone(),
            total: matched.total,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            page: request.page,
            per_page: request.per_page,
            fallback,
            did_you_mean,
            hits,
            facets: matched.facets,
        })
    }

    /// Completions and matching titles for `text`, as typed in a search box.
    pub fn suggest(&self, text: &str) -> Result<SuggestResponse, SearchError> {
        let chars = text.chars().count();
        if chars > request::MAX_QUERY_CHARS {
            let detail = format!(
                "the text has {chars} characters; the limit is {}",
                request::MAX_QUERY_CHARS
            );
            return Err(InvalidRequest::new("q", detail).into());
        }
        let Prepared { searcher, data } = self.generations.current(&self.index, &self.reader)?;
        let suggester = suggest::Suggester {
            searcher: &searcher,
            fields: self.index.fields(),
            analyzer: &self.analyzer,
            lexicon: &data.lexicon,
            vocabulary: &data.words,
        };
        let mut suggestions: Vec<Suggestion> = suggester
            .completions(text)?
            .into_iter()
            .map(|text| Suggestion { text, kind: SuggestionKind::Query, id: None, url: None })
            .collect();
        for address in suggester.title_matches(text)? {
            let article = self.stored_article(&searcher, address)?;
            suggestions.push(Suggestion {
                text: article.title,
                kind: SuggestionKind::Title,
                id: Some(article.id),
                url: article.url,
            });
        }
        Ok(SuggestResponse { query: text.to_string(), suggestions })
    }

    /// The newest generation loaded: its number and its articles. Searches may still be
    /// answered from the previous one for as long as its data takes to read.
    pub fn status(&self) -> IndexStatus {
        let searcher = self.reader.searcher();
        IndexStatus {
            generation: searcher.generation().generation_id(),
            documents: searcher.num_docs(),
        }
    }

    /// When the query matches nothing: first the unfinished last word as a prefix, then the
    /// most words that some articles hold.
    fn relax(
        &self,
        builder: &QueryBuilder<'_>,
        plan: &SearchPlan<'_>,
        parsed: &query_parser::ParsedQuery,
        built: &mut query_builder::BuiltQuery,
        vocabulary: &vocabulary::Vocabulary,
    ) -> Result<Option<(Matched, Fallback)>, SearchError> {
        let words = built.required.len();
        if let Some((prefix, scope)) = builder.unfinished_last_word(parsed, &plan.request.query) {
            let completions: Vec<String> = vocabulary
                .most_frequent_with_prefix(&prefix, PREFIX_COMPLETIONS + 1)
                .into_iter()
                .filter(|word| *word != prefix)
                .take(PREFIX_COMPLETIONS)
                .collect();
            if !completions.is_empty() {
                let mut required: Vec<Box<dyn Query>> =
                    built.required.iter().map(|query| query.box_clone()).collect();
                if let Some(last) = required.pop() {
                    required
                        .push(any_of(vec![last, builder.completions_query(&completions, scope)]));
                }
                let matched = plan.run(&required, built, self.required_groups())?;
                if matched.total > 0 {
                    built.highlight.exact.extend(completions);
                    let how = Fallback {
                        kind: FallbackKind::LastWordPrefix,
                        matched_words: words,
                        query_words: words,
                    };
                    return Ok(Some((matched, how)));
                }
            }
        }
        if self.config.matching != MatchingStrategy::AllThenMostWords {
            return Ok(None);
        }
        for required in (1..words).rev() {
            let matched = plan.run(&built.required, built, RequiredGroups::AtLeast(required))?;
            if matched.total > 0 {
                let how = Fallback {
                    kind: FallbackKind::MostWords,
                    matched_words: required,
                    query_words: words,
                };
                return Ok(Some((matched, how)));
            }
        }
        Ok(None)
    }

    /// The query with its unknown words corrected, when the corrected query finds articles
    /// matching every word (asked only when the query itself did not).
    fn did_you_mean(
        &self,
        data: &GenerationData,
        builder: &QueryBuilder<'_>,
        plan: &SearchPlan<'_>,
    ) -> Result<Option<String>, SearchError> {
        let text = crate::analysis::normalise_nfc(&plan.request.query).into_owned();
        let mut corrected = String::new();
        let mut cursor = 0;
        for word in self.analyzer.words(&text) {
            let folded = fold_diacritics(&word.lowercase);
            if data.words.is_known(&folded) {
                continue;
            }
            if let Some(correction) = data.nearest_words.correction(&data.words, &folded) {
                let shown = suggest::display_form(
                    plan.searcher,
                    self.index.fields(),
                    builder.lexicon,
                    &correction,
                );
                corrected.push_str(&text[cursor..word.offset_from]);
                corrected.push_str(&shown);
                cursor = word.offset_to;
            }
        }
        if cursor == 0 {
            return Ok(None);
        }
        corrected.push_str(&text[cursor..]);
        let built = builder.build(&parse_query(&corrected));
        let corrected_total = plan.run(&built.required, &built, RequiredGroups::All)?.total;
        Ok((corrected_total > 0).then_some(corrected))
    }

    /// True when the last word may still be being typed and no article holds it as it stands:
    /// matching any word would otherwise ignore it (`donnees ouv`), so its completions are
    /// searched as when nothing matched.
    fn last_word_is_unfinished_and_unknown(
        &self,
        builder: &QueryBuilder<'_>,
        plan: &SearchPlan<'_>,
        parsed: &query_parser::ParsedQuery,
        words: &vocabulary::Vocabulary,
    ) -> bool {
        if self.config.matching != MatchingStrategy::Any {
            return false;
        }
        let Some((word, _)) = builder.unfinished_last_word(parsed, &plan.request.query) else {
            return false;
        };
        !words.is_known(&word)
    }

    /// Which groups a result must match under the configured strategy, before any fallback.
    fn required_groups(&self) -> RequiredGroups {
        match self.config.matching {
            MatchingStrategy::All | MatchingStrategy::AllThenMostWords => RequiredGroups::All,
            MatchingStrategy::Any => RequiredGroups::AnyContentGroup,
        }
    }

    /// The indexed words derived from the query's words by a suffix change, whose stems differ
    /// from the word's own (those the stem already finds).
    fn derived_words(
        &self,
        data: &GenerationData,
        parsed: &query_parser::ParsedQuery,
    ) -> DerivedWords {
        let mut derived = DerivedWords::new();
        if !self.config.derivations {
            return derived;
        }
        for word in query_builder::typo_candidates(&self.analyzer, parsed) {
            let stems = self.analyzer.query_stems(&word, &data.lexicon);
            let related: Vec<String> = crate::analysis::derivation::derived_words(&word)
                .into_iter()
                .filter(|candidate| data.words.is_known(candidate))
                .filter(|candidate| {
                    let candidate_stems = self.analyzer.query_stems(candidate, &data.lexicon);
                    !candidate_stems.iter().all(|stem| stems.contains(stem))
                })
                .collect();
            if !related.is_empty() {
                derived.insert(word, related);
            }
        }
        derived
    }

    /// The indexed words within typo reach of each of the query's words, when configured.
    fn typo_neighbours(
        &self,
        data: &GenerationData,
        parsed: &query_parser::ParsedQuery,
    ) -> TypoNeighbours {
        let mut neighbours = TypoNeighbours::new();
        if !self.config.typo_tolerance {
            return neighbours;
        }
        for word in query_builder::typo_candidates(&self.analyzer, parsed) {
            neighbours.entry(word).or_insert_with_key(|word| {
                data.nearest_words.within_typo_reach(&data.words, word, TYPO_NEIGHBOURS)
            });
        }
        neighbours
    }

    fn hits(
        &self,
        searcher: &Searcher,
        top: &[(f32, DocAddress)],
        terms: &HighlightTerms,
    ) -> Result<Vec<Hit>, SearchError> {
        let highlighter = Highlighter::new(&self.analyzer, terms);
        top.iter()
            .map(|&(score, address)| {
                let article = self.stored_article(searcher, address)?;
                Ok(hit(article, score, &highlighter))
            })
            .collect()
    }

    fn stored_article(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<Article, SearchError> {
        Ok(self.index.stored_article(searcher, address)?)
    }

    /// Reads one article by id.
    pub fn article(&self, id: &str) -> Result<Option<Article>, SearchError> {
        let searcher = self.reader.searcher();
        let term = Term::from_field_text(self.index.fields().id, id);
        let query = TermSetQuery::new([term]);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        top.first().map(|&(_, address)| self.stored_article(&searcher, address)).transpose()
    }
}

fn hit(article: Article, score: f32, highlighter: &Highlighter<'_>) -> Hit {
    let snippet_source = if article.body.trim().is_empty() {
        article.excerpt.as_deref().unwrap_or_default()
    } else {
        &article.body
    };
    Hit {
        title_html: highlighter.highlight(&article.title),
        snippet_html: highlighter.snippet(snippet_source),
        date: article.date.as_ref().map(|date| date.day_string()),
        id: article.id,
        url: article.url,
        title: article.title,
        categories: article.categories,
        tags: article.tags,
        author: article.author,
        score,
    }
}

/// The state of the index being served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IndexStatus {
    /// Searcher generation: grows by one at every reload.
    pub generation: u64,
    /// Number of articles.
    pub documents: u64,
}

/// Documents of a page with their scores (0 when sorted by date).
type RankedDocs = Vec<(f32, DocAddress)>;

/// One page of results with its count and facets.
struct Matched {
    top: RankedDocs,
    total: usize,
    facets: Facets,
}

/// A request bound to a searcher: builds the filtered queries and collects.
struct SearchPlan<'a> {
    searcher: &'a Searcher,
    request: &'a SearchRequest,
    fields: &'a crate::index::ArticleFields,
    /// False when nothing is required (no text, only exclusions or punctuation): relevance
    /// then orders nothing, and results come newest first.
    has_query_words: bool,
    /// The facet values of the searcher's segments, by ordinal and in French order.
    facet_values: &'a Arc<FacetDictionaries>,
}

impl SearchPlan<'_> {
    /// Runs the text query (the `required` group queries, as many as `groups` says, with the
    /// exclusions and proximity boost of `built`) with every filter, then the facets whose own
    /// filter is set, each without that filter.
    fn run(
        &self,
        required: &[Box<dyn Query>],
        built: &BuiltQuery,
        groups: RequiredGroups,
    ) -> Result<Matched, SearchError> {
        let text = text_query(required, built, groups);
        let request = self.request;
        let lifted = [
            (FilterKind::Categories, !request.categories.is_empty()),
            (FilterKind::Tags, !request.tags.is_empty()),
            (FilterKind::Dates, request.from.is_some() || request.to.is_some()),
        ];
        let counted_with_main: Vec<&'static str> = lifted
            .iter()
            .filter(|(_, is_set)| request.facets && !is_set)
            .flat_map(|(kind, _)| facet_fields(*kind))
            .collect();
        let main = self.filtered(&*text, None);
        let (top, total, mut counts) = self.collect_page(&*main, counted_with_main)?;
        for (kind, _) in lifted.iter().filter(|(_, is_set)| request.facets && *is_set) {
            let query = self.filtered(&*text, Some(*kind));
            let own = self.searcher.search(&*query, &self.facet_collector(facet_fields(*kind)))?;
            counts.take_fields_of(own);
        }
        if !request.facets {
            return Ok(Matched { top, total, facets: Facets::default() });
        }
        let dictionaries = self.facet_values;
        let mut by_count = |field: &'static str, selected: &[String]| match dictionaries.get(field)
        {
            Some(dictionary) => dictionary.by_count(&counts.take(field), selected, FACET_LIMIT),
            None => Vec::new(),
        };
        let categories = by_count(names::CATEGORIES, &request.categories);
        let tags = by_count(names::TAGS, &request.tags);
        let month_counts = counts.take(names::MONTH);
        let months: Vec<(&str, u64)> = dictionaries
            .get(names::MONTH)
            .map(|dictionary| dictionary.counted(&month_counts).collect())
            .unwrap_or_default();
        let years = years_of_months(months.iter().copied());
        let months = months.into_iter().map(|(month, count)| (month.to_string(), count)).collect();
        let facets = Facets {
            categories,
            tags,
            years: newest_first(years, &selected_years(request), FACET_LIMIT),
            months: newest_first(months, &[], FACET_LIMIT),
        };
        Ok(Matched { top, total, facets })
    }

    fn facet_collector(&self, fields: Vec<&'static str>) -> FacetCollector {
        FacetCollector::new(fields, self.facet_values.clone())
    }

    /// `text` restricted by every filter of the request except `lifted`.
    fn filtered(&self, text: &dyn Query, lifted: Option<FilterKind>) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text.box_clone())];
        let request = self.request;
        let filters = [
            (FilterKind::Categories, values_filter(self.fields.categories, &request.categories)),
            (FilterKind::Tags, values_filter(self.fields.tags, &request.tags)),
            (FilterKind::Dates, date_filter(self.fields.day, request)),
        ];
        for (kind, filter) in filters {
            if let Some(filter) = filter.filter(|_| lifted != Some(kind)) {
                clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn collect_page(
        &self,
        query: &dyn Query,
        facet_fields: Vec<&'static str>,
    ) -> Result<(RankedDocs, usize, FacetCounts), SearchError> {
        let request = self.request;
        let window =
            TopDocs::with_limit(request.per_page).and_offset((request.page - 1) * request.per_page);
        let facets = self.facet_collector(facet_fields);
        let by_date = match request.sort {
            SortOrder::Relevance if self.has_query_words => None,
            SortOrder::Relevance | SortOrder::DateDescending => Some(false),
            SortOrder::DateAscending => Some(true),
        };
        let (top, total, counts): (RankedDocs, usize, FacetCounts) = match by_date {
            None => {
                let (top, total, counts) =
                    self.searcher.search(query, &(window.order_by_score(), Count, facets))?;
                (top, total, counts)
            }
            Some(ascending) => {
                let collector = window
                    .order_by(move |segment: &SegmentReader| date_sort_key(segment, ascending));
                let (top, total, counts) =
                    self.searcher.search(query, &(collector, Count, facets))?;
                (top.into_iter().map(|(_, address)| (0.0, address)).collect(), total, counts)
            }
        };
        Ok((top, total, counts))
    }
}

/// Sort key of the date orders: undated articles last either way.
fn date_sort_key(segment: &SegmentReader, ascending: bool) -> impl FnMut(tantivy::DocId) -> i64 {
    let column = segment.fast_fields().i64(names::TIMESTAMP).ok();
    move |doc| {
        let timestamp = column.as_ref().and_then(|column| column.first(doc));
        match timestamp {
            Some(timestamp) if ascending => timestamp.saturating_neg(),
            Some(timestamp) => timestamp,
            None => i64::MIN,
        }
    }
}

fn facet_fields(kind: FilterKind) -> Vec<&'static str> {
    match kind {
        FilterKind::Categories => vec![names::CATEGORIES],
        FilterKind::Tags => vec![names::TAGS],
        FilterKind::Dates => vec![names::MONTH],
    }
}

/// Years wholly inside the requested date range (as the page's year links set it), shown as
/// selected in the years facet.
fn selected_years(request: &SearchRequest) -> Vec<String> {
    let (Some(from), Some(to)) = (&request.from, &request.to) else { return Vec::new() };
    let day = |year: i32, month: u32, day: u32| {
        crate::date::PublicationDate::from_calendar_day(year, month, day)
            .map(|date| date.day_number())
    };
    (from.year()..=to.year())
        .filter(|&year| {
            let starts_inside = day(year, 1, 1).is_ok_and(|first| first >= from.day_number());
            let ends_inside = day(year, 12, 31).is_ok_and(|last| last <= to.day_number());
            starts_inside && ends_inside
        })
        .map(|year| year.to_string())
        .collect()
}

/// Which of a query's required groups a result must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RequiredGroups {
    /// Every group.
    All,
    /// At least this many groups.
    AtLeast(usize),
    /// One group with a content word at least (any group when all are stopwords).
    AnyContentGroup,
}

fn text_query(
    required: &[Box<dyn Query>],
    built: &BuiltQuery,
    groups: RequiredGroups,
) -> Box<dyn Query> {
    let all_stopwords = !built.has_content.iter().any(|content| *content);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = match groups {
        RequiredGroups::All => {
            required.iter().map(|query| (Occur::Must, query.box_clone())).collect()
        }
        RequiredGroups::AtLeast(_) => {
            required.iter().map(|query| (Occur::Should, query.box_clone())).collect()
        }
        RequiredGroups::AnyContentGroup => required
            .iter()
            .zip(built.has_content.iter().chain(std::iter::repeat(&true)))
            .filter(|(_, content)| **content || all_stopwords)
            .map(|(query, _)| (Occur::Should, query.box_clone()))
            .collect(),
    };
    let minimum = match groups {
        RequiredGroups::All => None,
        RequiredGroups::AtLeast(minimum) => Some(minimum),
        RequiredGroups::AnyContentGroup => Some(1),
    };
    if clauses.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    let core: Box<dyn Query> = match minimum {
        Some(minimum) if clauses.iter().all(|(occur, _)| *occur == Occur::Should) => {
            Box::new(BooleanQuery::with_minimum_required_clauses(clauses, minimum))
        }
        _ => Box::new(BooleanQuery::new(clauses)),
    };
    let mut outer: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, core)];
    if let Some(proximity) = &built.proximity {
        outer.push((Occur::Should, proximity.box_clone()));
    }
    outer.extend(built.excluded.iter().map(|query| (Occur::MustNot, query.box_clone())));
    Box::new(BooleanQuery::new(outer))
}

fn values_filter(field: Field, values: &[String]) -> Option<Box<dyn Query>> {
    if values.is_empty() {
        return None;
    }
    Some(Box::new(TermSetQuery::new(
        values.iter().map(|value| Term::from_field_text(field, value)),
    )))
}

/// The date range, whole days as the articles show them: `to` includes its own day.
fn date_filter(field: Field, request: &SearchRequest) -> Option<Box<dyn Query>> {
    if request.from.is_none() && request.to.is_none() {
        return None;
    }
    let bound = |date: &Option<crate::date::PublicationDate>| {
        date.as_ref().map_or(Bound::Unbounded, |date| {
            Bound::Included(Term::from_field_i64(field, date.day_number()))
        })
    };
    Some(Box::new(RangeQuery::new(bound(&request.from), bound(&request.to))))
}
