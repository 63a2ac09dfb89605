//! Query latency by kind of query, in process on a warm searcher, as the server runs them.
//!
//! Collections: frdocs (`../shared/bench/frdocs.jsonl.gz`, indexed into a temporary directory
//! at start, about 2 s) and, when `TROUVAILLE_BENCH_100K` names an index directory, the 100k
//! corpus (`benches/performance.sh` builds it with `trouvaille bench gen-corpus`). A missing
//! collection is skipped with a message. Run with `cargo bench --bench search`.
//!
//! Each benchmark cycles through a few queries of its kind, one query per iteration, so the
//! time reported is the mean latency of one query of that kind. The queries are everyday
//! words of technical documentation, not the judged queries.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use indexer::index::{ArticleIndex, IndexSettings};
use indexer::ingest::read_sources;
use indexer::search::config::{MatchingStrategy, SearchConfig};
use indexer::search::{ArticleSearcher, SearchRequest, SortOrder};

const ONE_WORD: &[&str] = &["fichier", "image", "configuration", "paquet", "processus"];
const FEW_WORDS: &[&str] =
    &["renommer un fichier", "mot de passe utilisateur", "ligne de commande", "calque image"];
const PHRASES: &[&str] = &["\"mot de passe\"", "\"ligne de commande\"", "\"barre d'outils\""];
const TYPOS: &[&str] = &["fichiers compresion", "configuraton", "utilisateru", "procesus"];
const PREFIXES: &[&str] = &["con", "fich", "imag", "pa", "utilis"];

/// One collection's searchers: the default ranking and every-word matching.
struct Collection {
    name: &'static str,
    any_word: ArticleSearcher,
    every_word: ArticleSearcher,
    /// The most frequent category and a year inside the collection's dates, for the filters.
    category: String,
    year: i32,
    /// Where the index lives when the benchmark built it; removed at the end.
    directory: Option<tempfile::TempDir>,
}

impl Collection {
    fn open(name: &'static str, index: ArticleIndex) -> Collection {
        let any_word = ArticleSearcher::new(index.clone()).expect("searcher");
        let every_word = ArticleSearcher::new(index).expect("searcher").with_config(SearchConfig {
            matching: MatchingStrategy::All,
            ..SearchConfig::default()
        });
        let everything = any_word.search(&SearchRequest::default()).expect("listing");
        let category = everything.facets.categories.first().map(|value| value.value.clone());
        let years: Vec<i32> =
            everything.facets.years.iter().filter_map(|value| value.value.parse().ok()).collect();
        Collection {
            name,
            any_word,
            every_word,
            category: category.unwrap_or_default(),
            year: years.get(years.len() / 2).copied().unwrap_or(2020),
            directory: None,
        }
    }

    fn filtered(&self, query: &str) -> SearchRequest {
        let day = |text: String| SearchRequest::parse_date("from", &text).expect("a date");
        SearchRequest {
            categories: vec![self.category.clone()],
            from: Some(day(format!("{}-01-01", self.year - 2))),
            to: Some(day(format!("{}-12-31", self.year))),
            ..SearchRequest::for_query(query)
        }
    }
}

fn frdocs() -> Option<Collection> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/frdocs.jsonl.gz");
    if !source.exists() {
        eprintln!("search bench: {} is absent, frdocs skipped", source.display());
        return None;
    }
    let directory = tempfile::tempdir().expect("a temporary directory");
    let index = ArticleIndex::create(directory.path(), IndexSettings::default()).expect("an index");
    let mut writer = index.writer().expect("a writer");
    read_sources(&[source], &Default::default(), &mut |record| {
        if let Ok(article) = record.article {
            writer.upsert(article).expect("indexed");
        }
    })
    .expect("frdocs read");
    writer.commit().expect("committed");
    let mut collection = Collection::open("frdocs", index);
    collection.directory = Some(directory);
    Some(collection)
}

fn scaled_100k() -> Option<Collection> {
    let Some(directory) = std::env::var_os("TROUVAILLE_BENCH_100K").map(PathBuf::from) else {
        eprintln!("search bench: TROUVAILLE_BENCH_100K is not set, the 100k corpus is skipped");
        return None;
    };
    let index = ArticleIndex::open(&directory).expect("the 100k index of TROUVAILLE_BENCH_100K");
    Some(Collection::open("100k", index))
}

/// Benchmarks `search` over `queries`, one per iteration, in turn.
fn cycle<T>(
    criterion: &mut Criterion,
    name: String,
    queries: &[T],
    mut search: impl FnMut(&T) -> usize,
) {
    let next = Cell::new(0);
    criterion.bench_function(&name, |bench| {
        bench.iter(|| {
            let query = &queries[next.get() % queries.len()];
            next.set(next.get() + 1);
            search(query)
        })
    });
}

fn query_kinds(criterion: &mut Criterion, collection: &Collection) {
    let name = |kind: &str| format!("{}/{kind}", collection.name);
    let plain = |query: &str| SearchRequest { facets: false, ..SearchRequest::for_query(query) };
    let run = |searcher: &ArticleSearcher, request: &SearchRequest| {
        searcher.search(request).expect("a search").hits.len()
    };
    let (any_word, every_word) = (&collection.any_word, &collection.every_word);
    let requests =
        |queries: &[&str], build: &dyn Fn(&str) -> SearchRequest| -> Vec<SearchRequest> {
            queries.iter().map(|query| build(query)).collect()
        };
    let one_word = requests(ONE_WORD, &plain);
    cycle(criterion, name("one word"), &one_word, |request| run(any_word, request));
    let few_words = requests(FEW_WORDS, &plain);
    cycle(criterion, name("2-3 words, any"), &few_words, |request| run(any_word, request));
    cycle(criterion, name("2-3 words, all (AND)"), &few_words, |request| run(every_word, request));
    let phrases = requests(PHRASES, &plain);
    cycle(criterion, name("phrase"), &phrases, |request| run(any_word, request));
    let typos = requests(TYPOS, &plain);
    cycle(criterion, name("typo (fuzzy)"), &typos, |request| run(any_word, request));
    cycle(criterion, name("prefix (suggest)"), PREFIXES, |prefix| {
        any_word.suggest(prefix).expect("suggestions").suggestions.len()
    });
    let faceted = requests(FEW_WORDS, &|query| SearchRequest::for_query(query));
    cycle(criterion, name("facets + years"), &faceted, |request| run(any_word, request));
    let filtered = requests(FEW_WORDS, &|query| collection.filtered(query));
    cycle(criterion, name("category + date range"), &filtered, |request| run(any_word, request));
    let by_date = requests(ONE_WORD, &|query| SearchRequest {
        sort: SortOrder::DateDescending,
        ..plain(query)
    });
    cycle(criterion, name("sorted by date"), &by_date, |request| run(any_word, request));
    let page_50 = requests(ONE_WORD, &|query| SearchRequest { page: 50, ..plain(query) });
    cycle(criterion, name("page 50"), &page_50, |request| run(any_word, request));
}

fn search(criterion: &mut Criterion) {
    for collection in [frdocs(), scaled_100k()].into_iter().flatten() {
        query_kinds(criterion, &collection);
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
