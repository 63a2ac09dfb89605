//! Search over the bundled archive, in memory: robustness (no input panics) and the invariants
//! results must keep whatever the query.

use std::path::PathBuf;
use std::sync::OnceLock;

use indexer::article::Article;
use indexer::index::{ArticleIndex, IndexSettings};
use indexer::ingest::read_sources;
use indexer::search::config::{MatchingStrategy, SearchConfig};
use indexer::search::{ArticleSearcher, FallbackKind, SearchRequest, SortOrder};
use proptest::prelude::*;

fn archive_searcher() -> &'static ArticleSearcher {
    static SEARCHER: OnceLock<ArticleSearcher> = OnceLock::new();
    SEARCHER.get_or_init(|| ArticleSearcher::new(archive_index().clone()).unwrap())
}

/// A searcher of the archive ranking with `config`.
fn archive_searcher_with(config: SearchConfig) -> ArticleSearcher {
    ArticleSearcher::new(archive_index().clone()).unwrap().with_config(config)
}

fn archive_index() -> &'static ArticleIndex {
    static INDEX: OnceLock<ArticleIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        let mut articles = Vec::new();
        read_sources(&[corpus], &Default::default(), &mut |record| {
            articles.push(record.article.unwrap())
        })
        .unwrap();
        let mut writer = index.writer().unwrap();
        for article in &articles {
            writer.upsert(article.clone()).unwrap();
        }
        writer.commit().unwrap();
        index
    })
}

fn ids(request: &SearchRequest) -> Vec<String> {
    let response = archive_searcher().search(request).unwrap();
    response.hits.into_iter().map(|hit| hit.id).collect()
}

#[test]
fn a_search_without_facets_ranks_the_same_and_counts_nothing() {
    let with = SearchRequest {
        categories: vec!["Conférences".into()],
        ..SearchRequest::for_query("web")
    };
    let without = SearchRequest { facets: false, ..with.clone() };
    let (faceted, plain) =
        (archive_searcher().search(&with).unwrap(), archive_searcher().search(&without).unwrap());
    assert!(!faceted.facets.categories.is_empty() && !faceted.facets.years.is_empty());
    assert_eq!(plain.facets, Default::default());
    assert_eq!((plain.total, ids(&without)), (faceted.total, ids(&with)));
}

#[test]
fn phrase_exclusion_and_or_work() {
    let count =
        |query: &str| archive_searcher().search(&SearchRequest::for_query(query)).unwrap().total;
    assert_eq!(count("\"noms de domaine\""), 1);
    assert_eq!(count("\"domaine de noms\""), 0);
    assert!(count("québec -waq") < count("québec"));
    assert_eq!(count("ludification OR kruzeniski"), 2);
    assert_eq!(count("titre:kruzeniski"), 1);
    assert_eq!(count("categorie:\"medias sociaux\""), 1);
}

#[test]
fn stopword_only_queries_still_match() {
    let response = archive_searcher().search(&SearchRequest::for_query("\"à coup sûr\"")).unwrap();
    assert_eq!(response.total, 1, "the phrase stands in the JIQ 2013 article");
    assert!(archive_searcher().search(&SearchRequest::for_query("de la")).unwrap().total > 0);
}

#[test]
fn stopwords_are_searched_but_not_marked() {
    let response = archive_searcher().search(&SearchRequest::for_query("nom de domaine")).unwrap();
    let title = &response.hits[0].title_html;
    assert!(title.contains("de <mark>noms</mark> de <mark>domaine</mark>"), "{title}");
}

#[test]
fn did_you_mean_corrects_unknown_words() {
    let corrected = |query: &str| {
        archive_searcher().search(&SearchRequest::for_query(query)).unwrap().did_you_mean
    };
    assert_eq!(corrected("gouvernment ouvert").as_deref(), Some("gouvernement ouvert"));
    assert_eq!(corrected("ludificatoin").as_deref(), Some("ludification"));
    assert_eq!(corrected("quebec carnavl").as_deref(), Some("quebec carnaval"));
    assert_eq!(corrected("donnees ouvertes"), None, "nothing to correct");
    assert_eq!(corrected("xqzwv"), None, "nothing near enough");
}

#[test]
fn an_unfinished_last_word_matches_as_a_prefix() {
    let search = |query: &str| archive_searcher().search(&SearchRequest::for_query(query)).unwrap();
    let typing = search("donnees ouv");
    assert!(typing.hits[0].title.starts_with("JIQ 2012"), "{:?}", typing.hits[0].title);
    assert_eq!(typing.fallback.map(|how| how.kind), Some(FallbackKind::LastWordPrefix));
    assert!(
        typing.hits[0].snippet_html.contains("<mark>ouvertes</mark>"),
        "completions are marked"
    );
    // `queb`: under 5 letters, no typo tolerance blurs the test.
    assert!(search("queb").total > 0);
    assert_eq!(search("queb ").total, 0, "a finished word is not a prefix");
    assert_eq!(search("\"queb\"").total, 0, "nor is a phrase");
    assert!(search("queb").did_you_mean.is_none(), "no correction while typing");
}

#[test]
fn most_words_fallback_is_reported() {
    let config =
        SearchConfig { matching: MatchingStrategy::AllThenMostWords, ..Default::default() };
    let response = archive_searcher_with(config)
        .search(&SearchRequest::for_query("ludification zzzzzz"))
        .unwrap();
    assert_eq!(response.total, 1);
    let fallback = response.fallback.expect("fallback reported");
    assert_eq!(fallback.kind, FallbackKind::MostWords);
    assert_eq!((fallback.matched_words, fallback.query_words), (1, 2));
}

#[test]
fn matching_strategies_differ_on_a_word_no_article_holds() {
    let total = |matching| {
        let config = SearchConfig { matching, ..Default::default() };
        let response = archive_searcher_with(config)
            .search(&SearchRequest::for_query("ludification zzzzzz"))
            .unwrap();
        (response.total, response.fallback.is_some())
    };
    assert_eq!(total(MatchingStrategy::All), (0, false));
    assert_eq!(total(MatchingStrategy::Any), (1, false), "any word: no fallback to report");
}

#[test]
fn matching_any_word_finds_articles_with_either_word() {
    let config = SearchConfig { matching: MatchingStrategy::Any, ..Default::default() };
    let searcher = archive_searcher_with(config);
    let either = searcher.search(&SearchRequest::for_query("ludification gouvernement")).unwrap();
    let one = searcher.search(&SearchRequest::for_query("ludification")).unwrap();
    assert!(either.total > one.total, "either word matches");
    assert!(either.hits.iter().any(|hit| hit.id == one.hits[0].id));
}

#[test]
fn stopwords_alone_do_not_match_when_any_word_may() {
    let config = SearchConfig { matching: MatchingStrategy::Any, ..Default::default() };
    let searcher = archive_searcher_with(config);
    let with_stopwords = searcher.search(&SearchRequest::for_query("la ludification de")).unwrap();
    assert_eq!(with_stopwords.total, 1, "`la` and `de` would match every article");
}

#[test]
fn a_typo_finds_the_word_ranked_below_the_word_itself() {
    let typo_tolerant = archive_searcher_with(SearchConfig::default());
    assert!(SearchConfig::default().typo_tolerance, "the default tolerates typos");
    let exact = typo_tolerant.search(&SearchRequest::for_query("ludification")).unwrap();
    let typo = typo_tolerant.search(&SearchRequest::for_query("ludificaton")).unwrap();
    assert_eq!(typo.hits[0].id, exact.hits[0].id);
    assert!(typo.hits[0].score < exact.hits[0].score, "a typo scores below the word");
    let strict =
        archive_searcher_with(SearchConfig { typo_tolerance: false, ..Default::default() });
    assert_eq!(strict.search(&SearchRequest::for_query("ludificaton")).unwrap().total, 0);
}

#[test]
fn typos_are_never_tolerated_in_numbers_or_short_words() {
    let searcher = archive_searcher_with(SearchConfig::default());
    let total = |query: &str| searcher.search(&SearchRequest::for_query(query)).unwrap().total;
    assert!(total("2013") > 0);
    assert_eq!(total("2019"), 0, "2019 is one edit from 2013 but a number");
    assert!(total("waq") > 0);
    assert_eq!(total("wab"), 0, "under 5 letters");
}

#[test]
fn synonyms_widen_the_query_when_configured() {
    let search = |synonyms| {
        let config =
            SearchConfig { matching: MatchingStrategy::All, synonyms, ..Default::default() };
        archive_searcher_with(config).search(&SearchRequest::for_query("open data")).unwrap()
    };
    let widened = search(true);
    assert!(widened.total > search(false).total);
    let marked = |hit: &indexer::search::Hit| {
        hit.snippet_html.contains("<mark>données</mark> <mark>ouvertes</mark>")
    };
    assert!(widened.hits.iter().any(marked), "articles saying `données ouvertes` are found");
}

#[test]
fn proximity_ranks_words_standing_together_first() {
    let filler = "texte sans rapport ".repeat(10);
    let article = |id: &str, body: String| -> Article {
        serde_json::from_value(serde_json::json!({ "id": id, "title": "Titre", "body": body }))
            .unwrap()
    };
    let apart = article("apart", format!("gestion {filler} documentaire"));
    let together = article("together", format!("gestion documentaire {filler}"));
    let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
    let mut writer = index.writer().unwrap();
    writer.upsert(apart).unwrap();
    writer.upsert(together).unwrap();
    writer.commit().unwrap();
    let first = |proximity_weight| {
        let config = SearchConfig { proximity_weight, ..Default::default() };
        let searcher = ArticleSearcher::new(index.clone()).unwrap().with_config(config);
        let response = searcher.search(&SearchRequest::for_query("gestion documentaire")).unwrap();
        (response.hits[0].id.clone(), response.hits[0].score - response.hits[1].score)
    };
    let (_, gap_without) = first(0.0);
    assert!(gap_without.abs() < 1e-4, "same words, same length: a tie without proximity");
    assert_eq!(first(0.5).0, "together");
}

#[test]
fn date_sorts_put_undated_articles_last() {
    let request = |sort| SearchRequest { sort, per_page: 10, ..SearchRequest::default() };
    let newest = archive_searcher().search(&request(SortOrder::DateDescending)).unwrap();
    let dates: Vec<Option<String>> = newest.hits.iter().map(|hit| hit.date.clone()).collect();
    assert_eq!(dates[0].as_deref(), Some("2013-02-20"));
    assert_eq!(dates[3].as_deref(), Some("2012-10-18"));
    assert!(dates[4..].iter().all(Option::is_none));
    let oldest = archive_searcher().search(&request(SortOrder::DateAscending)).unwrap();
    assert_eq!(oldest.hits[0].date.as_deref(), Some("2012-10-18"));
}

#[test]
fn articles_are_read_back_by_id() {
    let id = "jiq-2013-l-experience-ti";
    assert_eq!(archive_searcher().article(id).unwrap().unwrap().id, id);
    assert!(archive_searcher().article("absent").unwrap().is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// No input panics or errors: every string of up to 512 characters gets an answer.
    #[test]
    fn any_query_gets_an_answer(query in "\\PC{0,60}|[\"()\\-: ORAND'’«»a-zé]{0,40}") {
        let response = archive_searcher().search(&SearchRequest::for_query(query));
        prop_assert!(response.is_ok(), "{:?}", response.err());
    }

    /// Facet counts never fall below the hits, and pages never overlap.
    #[test]
    fn pages_do_not_overlap_and_facets_cover_hits(
        query in "(québec|web|données|ti|conférence|jiq|waq)( (québec|web|données|ti))?",
    ) {
        let page = |page| SearchRequest { query: query.clone(), page, per_page: 2, ..SearchRequest::default() };
        let first = ids(&page(1));
        let second = ids(&page(2));
        prop_assert!(first.iter().all(|id| !second.contains(id)));
        let response = archive_searcher().search(&page(1)).unwrap();
        let category_total: u64 = response.facets.categories.iter().map(|value| value.count).sum();
        prop_assert!(category_total >= response.total as u64);
    }

    /// Adding a filter never widens the results.
    #[test]
    fn filters_never_widen(query in "(québec|web|données|ti|)", category in "(Conférences|TI|Design)") {
        let open = archive_searcher().search(&SearchRequest { query: query.clone(), ..SearchRequest::default() }).unwrap();
        let filtered = archive_searcher()
            .search(&SearchRequest { query, categories: vec![category], ..SearchRequest::default() })
            .unwrap();
        prop_assert!(filtered.total <= open.total);
    }
}

#[test]
fn suggestions_complete_accent_insensitively() {
    let texts = |typed: &str| -> Vec<String> {
        let response = archive_searcher().suggest(typed).unwrap();
        response.suggestions.into_iter().map(|s| format!("{:?}:{}", s.kind, s.text)).collect()
    };
    let donn = texts("donn");
    assert_eq!(donn[0], "Query:données", "{donn:?}");
    assert!(texts("quebe").contains(&"Query:québec".to_string()), "{:?}", texts("quebe"));
    assert!(texts("experi").contains(&"Query:expérience".to_string()), "{:?}", texts("experi"));
    let titles = texts("jiq 2012 gouv");
    assert!(titles.iter().any(|t| t.starts_with("Title:JIQ 2012")), "{titles:?}");
    assert!(texts("").is_empty());
    assert!(texts("donnees ").is_empty(), "a finished word is not completed");
}
