//! Search over the bundled archive (and, for the result invariants, the WordPress export of the
//! same blog), in memory: robustness (no input panics) and the invariants results must keep
//! whatever the query and the filters.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use indexer::article::Article;
use indexer::date::PublicationDate;
use indexer::index::{ArticleIndex, IndexSettings};
use indexer::ingest::read_sources;
use indexer::search::config::{MatchingStrategy, SearchConfig};
use indexer::search::{ArticleSearcher, FacetValue, FallbackKind, Hit, SearchRequest, SortOrder};
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
    INDEX.get_or_init(|| index_of(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus")))
}

/// An in-memory index of the articles of `source`.
fn index_of(source: &Path) -> ArticleIndex {
    let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
    let mut articles = Vec::new();
    read_sources(&[source.to_path_buf()], &Default::default(), &mut |record| {
        articles.push(record.article.unwrap())
    })
    .unwrap();
    let mut writer = index.writer().unwrap();
    for article in articles {
        writer.upsert(article).unwrap();
    }
    writer.commit().unwrap();
    index
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

/// Regression: the tag facet used to give a string and a collation key to every tag tied at
/// the limit on each search; it now picks them by precomputed rank, which must list the same.
#[test]
fn tags_tied_at_the_facet_limit_are_listed_in_french_order() {
    // `Zoo` sorts before `Été` bytewise, after it for a French reader.
    let tags: Vec<String> =
        (0..40).flat_map(|n| [format!("Zoo {n:02}"), format!("Été {n:02}")]).collect();
    let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
    let mut writer = index.writer().unwrap();
    for (number, tag) in tags.iter().enumerate() {
        let mut article_tags = vec![tag.clone()];
        if number % 2 == 1 {
            article_tags.push("Zoo 39".to_string());
        }
        let article = serde_json::json!({
            "id": format!("a{number}"), "title": "Titre", "body": "texte commun", "tags": article_tags
        });
        writer.upsert(serde_json::from_value(article).unwrap()).unwrap();
    }
    writer.commit().unwrap();
    let searcher = ArticleSearcher::new(index).unwrap();
    let response = searcher.search(&SearchRequest::for_query("texte")).unwrap();
    let listed: Vec<(&str, u64)> =
        response.facets.tags.iter().map(|tag| (tag.value.as_str(), tag.count)).collect();
    let mut expected = vec![("Zoo 39", 41)];
    let accented: Vec<String> = (0..40).map(|n| format!("Été {n:02}")).collect();
    expected.extend(accented.iter().map(|tag| (tag.as_str(), 1)));
    let plain: Vec<String> = (0..9).map(|n| format!("Zoo {n:02}")).collect();
    expected.extend(plain.iter().map(|tag| (tag.as_str(), 1)));
    assert_eq!(listed, expected);
}

#[test]
fn derivations_find_the_noun_of_a_verb_typed() {
    let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
    let mut writer = index.writer().unwrap();
    let record = serde_json::json!({
        "id": "insertion", "title": "Insertion d'images", "body": "Une image dans le document."
    });
    writer.upsert(serde_json::from_value(record).unwrap()).unwrap();
    writer.commit().unwrap();
    let search = |derivations| {
        let config = SearchConfig { derivations, ..Default::default() };
        let searcher = ArticleSearcher::new(index.clone()).unwrap().with_config(config);
        searcher.search(&SearchRequest::for_query("inserer")).unwrap()
    };
    assert_eq!(search(false).total, 0);
    let found = search(true);
    assert_eq!(found.total, 1);
    assert_eq!(found.hits[0].title_html, "<mark>Insertion</mark> d&#39;images");
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
}

proptest! {
    // Each case runs up to five searches: few cases keep each property under a second.
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Each facet counts every hit that has a value in it: summed, its counts reach at least
    /// the number of such hits (the total itself when every article has a value), whatever the
    /// filters, since a facet's counts lift only its own filter.
    #[test]
    fn facets_cover_the_hits(index in test_indexes(), request in filtered_requests()) {
        let request = SearchRequest { per_page: 100, ..request };
        let response = index.searcher().search(&request).unwrap();
        prop_assert_eq!(response.hits.len(), response.total, "every hit on one page");
        let hits = &response.hits;
        let years = |hit: &Hit| hit.date.iter().map(|day| day[..4].to_string()).collect();
        prop_assert!(facet_covers(&response.facets.categories, hits, |hit| hit.categories.clone()));
        prop_assert!(facet_covers(&response.facets.tags, hits, |hit| hit.tags.clone()));
        prop_assert!(facet_covers(&response.facets.years, hits, years));
    }

    /// Pages 1 to N are disjoint and, put end to end, are the first N pages' worth of results.
    #[test]
    fn pages_partition_the_top_results(
        index in test_indexes(),
        request in filtered_requests(),
        sort in prop_oneof![
            Just(SortOrder::Relevance),
            Just(SortOrder::DateAscending),
            Just(SortOrder::DateDescending),
        ],
        per_page in 1..=4usize,
        pages in 1..=4usize,
    ) {
        let page = |page, per_page| {
            let request = SearchRequest { sort, page, per_page, ..request.clone() };
            let hits = index.searcher().search(&request).unwrap().hits;
            hits.into_iter().map(|hit| hit.id).collect::<Vec<_>>()
        };
        let paged: Vec<String> = (1..=pages).flat_map(|number| page(number, per_page)).collect();
        prop_assert_eq!(paged, page(1, pages * per_page));
    }

    /// Every filter narrows: lifting any one of them (categories, tags, `from`, `to`; a year is
    /// `from` and `to`) gives a superset of the results. The one exception is reported: when
    /// nothing in the filters matches the query as typed, its unfinished last word is completed
    /// to longer words, which the wider search, finding the word itself, did not need.
    #[test]
    fn filters_never_widen(index in test_indexes(), request in filtered_requests()) {
        let search = |request: &SearchRequest| {
            index.searcher().search(&SearchRequest { per_page: 100, ..request.clone() }).unwrap()
        };
        let filtered = search(&request);
        let lifts: [fn(&mut SearchRequest); 4] = [
            |request| request.categories.clear(),
            |request| request.tags.clear(),
            |request| request.from = None,
            |request| request.to = None,
        ];
        for lift in lifts {
            let mut wider_request = request.clone();
            lift(&mut wider_request);
            let wider = search(&wider_request);
            let in_wider = |id: &str| wider.hits.iter().any(|hit| hit.id == id);
            let widened = filtered.hits.iter().any(|hit| !in_wider(&hit.id));
            let relaxed_alone = filtered.fallback.is_some() && wider.fallback.is_none();
            prop_assert!(!widened || relaxed_alone, "{:?} widens {:?}", request, wider_request);
        }
    }
}

/// The indexes the result invariants must hold on: the archive (no tags, some articles
/// undated) and the WordPress export of the same blog (tagged articles).
#[derive(Debug, Clone, Copy)]
enum TestIndex {
    Archive,
    Export,
}

impl TestIndex {
    fn searcher(self) -> &'static ArticleSearcher {
        match self {
            TestIndex::Archive => archive_searcher(),
            TestIndex::Export => export_searcher(),
        }
    }
}

fn test_indexes() -> impl Strategy<Value = TestIndex> {
    prop_oneof![Just(TestIndex::Archive), Just(TestIndex::Export)]
}

fn export_searcher() -> &'static ArticleSearcher {
    static SEARCHER: OnceLock<ArticleSearcher> = OnceLock::new();
    SEARCHER.get_or_init(|| {
        let export = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/egouv-conferences.wordpress.xml");
        ArticleSearcher::new(index_of(&export)).unwrap()
    })
}

/// A request with a query matching some articles, none or all (empty), and any filters: values
/// the test indexes hold or not, a year, a date range, an open-ended one.
fn filtered_requests() -> impl Strategy<Value = SearchRequest> {
    let query = "(québec|web|données|ti|conférence|jiq|waq|droit|xqzwv|)( (québec|web|données))?";
    let categories =
        proptest::collection::vec("(Conférences|TI|Design|Médias sociaux|Absente)", 0..3);
    let tags = proptest::collection::vec("(WAQ|JIQ|Droit|Données ouvertes|Absente)", 0..3);
    let day = (2011..=2014, 1..=12u32, 1..=28u32).prop_map(|(year, month, day)| {
        PublicationDate::from_calendar_day(year, month, day).unwrap()
    });
    let year = (2011..=2014).prop_map(|year| {
        let day = |month, day| PublicationDate::from_calendar_day(year, month, day).ok();
        (day(1, 1), day(12, 31))
    });
    let dates = prop_oneof![(proptest::option::of(day.clone()), proptest::option::of(day)), year];
    (query, categories, tags, dates)
        .prop_map(|(query, categories, tags, (from, to))| SearchRequest {
            query,
            categories,
            tags,
            from,
            to,
            ..SearchRequest::default()
        })
        .prop_filter("`from` after `to`", |request| request.validate().is_ok())
}

/// True when the counts of `facet`, summed, reach the number of `hits` with a value in it, and
/// each value of a hit is counted at least as often as hits hold it.
fn facet_covers(
    facet: &[FacetValue],
    hits: &[Hit],
    values_of: impl Fn(&Hit) -> Vec<String>,
) -> bool {
    let count_of = |value: &str| {
        facet.iter().find(|shown| shown.value == value).map_or(0, |shown| shown.count)
    };
    let hit_values: Vec<Vec<String>> = hits.iter().map(values_of).collect();
    let hits_with_a_value = hit_values.iter().filter(|values| !values.is_empty()).count() as u64;
    let each_value_covered = hit_values.iter().flatten().all(|value| {
        let holders = hit_values.iter().filter(|values| values.contains(value)).count() as u64;
        count_of(value) >= holders
    });
    each_value_covered && facet.iter().map(|shown| shown.count).sum::<u64>() >= hits_with_a_value
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
