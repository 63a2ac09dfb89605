//! Measures the order of the French analysis chain: stem the accented word then fold the stem
//! (`StemmingOrder::StemThenFold`, with accents restored at query time from the index's
//! lexicon), or fold first and stem the folded word (`StemmingOrder::FoldThenStem`).
//!
//! Snowball French expects accents (`publiée` and `publié` both stem to `publi` only with them),
//! so folding first is simpler but stems worse; restoring accents costs a lexicon. DESIGN asks
//! for the choice to be settled by the relevance benchmark, not by intuition: this example
//! indexes the seed archive and frdocs once per order, runs the judged dev queries through the
//! real search path and prints nDCG@10, MRR@10 and Recall@100 (trec_eval definitions, as in
//! `bench/ANCHORS.md`), then shows what each order does to a few telling words.
//!
//! ```text
//! cargo run --release -p indexer --example compare_stemming_orders [-- --shared DIR]
//! ```
//!
//! `DIR` is the shared folder holding `bench/`; by default `../shared`, then `../../shared`,
//! relative to the current directory.

use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indexer::analysis::{normalise_nfc, AccentLexicon, FrenchAnalyzer, StemmingOrder};
use indexer::index::{ArticleIndex, IndexSettings};
use indexer::ingest::read_sources;
use indexer::search::{ArticleSearcher, SearchRequest};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Judgements: query id → document id → grade.
type Qrels = HashMap<String, HashMap<String, u32>>;

/// The seed archive ships with the repository, next to this crate.
const SEED_ARCHIVE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/egouv-conferences-archive.txt");

/// Default places of the shared folder, tried in order.
const DEFAULT_SHARED_DIRECTORIES: [&str; 2] = ["../shared", "../../shared"];

/// The two orders compared, the default one first.
const ORDERS: [StemmingOrder; 2] = [StemmingOrder::StemThenFold, StemmingOrder::FoldThenStem];

/// Results evaluated per query: Recall@100 needs the first hundred.
const RESULTS_PER_QUERY: usize = 100;

/// Words whose stems show what the order changes.
const ILLUSTRATIVE_WORDS: [&str; 12] = [
    "sécurité",
    "securite",
    "publiée",
    "publié",
    "publiee",
    "mobilité",
    "mobilite",
    "mobile",
    "données",
    "donnees",
    "donnée",
    "dons",
];

fn main() {
    if let Err(error) = run() {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let shared = shared_directory(std::env::args().skip(1).collect())?;
    let bench = shared.join("bench");
    let collections = [Collection::seed(&bench)?, Collection::frdocs(&bench)?];
    let mut rows = Vec::new();
    let mut per_query = Vec::new();
    let mut frdocs_lexicons = Vec::new();
    for collection in &collections {
        for order in ORDERS {
            let searcher = collection.searcher(order)?;
            let scores = collection.evaluate(&searcher)?;
            rows.push((collection.name, order, scores.means()));
            per_query.push((collection.name, order, scores));
            if collection.name == "frdocs" {
                frdocs_lexicons.push((order, lexicon_of(searcher.index())?));
            }
        }
    }
    print_table(&rows);
    print_differing_queries(&per_query);
    print_illustrative_words(&frdocs_lexicons);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Arguments

/// The shared folder: `--shared DIR` when given (it must exist), else the first default found.
fn shared_directory(arguments: Vec<String>) -> Result<PathBuf> {
    match arguments.as_slice() {
        [] => DEFAULT_SHARED_DIRECTORIES
            .iter()
            .map(PathBuf::from)
            .find(|candidate| candidate.join("bench").is_dir())
            .ok_or_else(|| {
                format!(
                    "shared benchmark folder not found (tried {}, from {}); pass --shared DIR",
                    DEFAULT_SHARED_DIRECTORIES.join(" and "),
                    current_directory()
                )
                .into()
            }),
        [flag, directory] if flag == "--shared" => {
            let directory = PathBuf::from(directory);
            if directory.join("bench").is_dir() {
                Ok(directory)
            } else {
                Err(format!("--shared {}: no bench/ folder there", directory.display()).into())
            }
        }
        _ => Err("usage: compare_stemming_orders [--shared DIR]".into()),
    }
}

fn current_directory() -> String {
    std::env::current_dir().map_or_else(|_| "?".to_string(), |path| path.display().to_string())
}

// ---------------------------------------------------------------------------------------------
// Collections: sources, judged queries, and the mapping from judged ids to ours

/// A corpus with its dev queries and judgements, in our article ids.
struct Collection {
    name: &'static str,
    sources: Vec<PathBuf>,
    queries: HashMap<String, String>,
    qrels: Qrels,
}

impl Collection {
    /// The seed archive: its judgements name articles by ids of their own, listed with titles in
    /// `seed_ids.tsv`, while our ids are slugs of titles; titles link the two.
    fn seed(bench: &Path) -> Result<Collection> {
        let sources = vec![PathBuf::from(SEED_ARCHIVE)];
        let judged_ids = judged_id_of_titles(&bench.join("seed_ids.tsv"))?;
        let our_ids = our_ids_by_judged_id(&sources, &judged_ids)?;
        let qrels = read_qrels(&bench.join("seed_dev.qrels"))?;
        Ok(Collection {
            name: "seed",
            sources,
            queries: read_queries(&bench.join("seed_dev.queries.tsv"))?,
            qrels: rename_documents(qrels, &our_ids),
        })
    }

    /// frdocs: its records carry the ids the judgements use.
    fn frdocs(bench: &Path) -> Result<Collection> {
        Ok(Collection {
            name: "frdocs",
            sources: vec![existing(bench.join("frdocs.jsonl.gz"))?],
            queries: read_queries(&bench.join("frdocs_dev.queries.tsv"))?,
            qrels: read_qrels(&bench.join("frdocs_dev.qrels"))?,
        })
    }

    /// Indexes the collection in memory with `order` and opens a searcher on it.
    fn searcher(&self, order: StemmingOrder) -> Result<ArticleSearcher> {
        let started = Instant::now();
        let index = ArticleIndex::create_in_ram(IndexSettings::with_stemming_order(order))?;
        let mut writer = index.writer()?;
        let mut articles = 0;
        let mut failure = None;
        read_sources(&self.sources, &Default::default(), &mut |record| match record.article {
            Ok(article) if failure.is_none() => match writer.upsert(article) {
                Ok(_) => articles += 1,
                Err(error) => failure = Some(error),
            },
            Ok(_) => {}
            Err(error) => eprintln!("{}: skipped: {error}", record.location),
        })?;
        if let Some(error) = failure {
            return Err(error.into());
        }
        writer.commit()?;
        eprintln!(
            "{} ({order:?}): indexed {articles} articles in {:.1?}",
            self.name,
            started.elapsed()
        );
        Ok(ArticleSearcher::new(index)?)
    }

    /// Runs every judged query and scores its ranking.
    fn evaluate(&self, searcher: &ArticleSearcher) -> Result<QueryScores> {
        let mut scores = QueryScores::default();
        for (query_id, judgements) in &self.qrels {
            if !judgements.values().any(|&grade| grade > 0) {
                continue;
            }
            let ranking = match self.queries.get(query_id) {
                Some(query) => ranked_ids(searcher, query)?,
                None => Vec::new(),
            };
            scores.insert(query_id, &ranking, judgements);
        }
        Ok(scores)
    }
}

fn existing(path: PathBuf) -> Result<PathBuf> {
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("{} not found", path.display()).into())
    }
}

/// The ids of the first hundred results of `query`, best first.
fn ranked_ids(searcher: &ArticleSearcher, query: &str) -> Result<Vec<String>> {
    let request = SearchRequest {
        query: query.to_string(),
        per_page: RESULTS_PER_QUERY,
        ..Default::default()
    };
    let response = searcher.search(&request)?;
    Ok(response.hits.into_iter().map(|hit| hit.id).collect())
}

/// `qid<TAB>query` lines.
fn read_queries(path: &Path) -> Result<HashMap<String, String>> {
    Ok(read_text(path)?
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(id, query)| (id.trim().to_string(), query.trim().to_string()))
        .collect())
}

/// TREC qrels: `qid 0 docid grade` lines.
fn read_qrels(path: &Path) -> Result<Qrels> {
    let mut qrels = Qrels::new();
    for (number, line) in read_text(path)?.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [query_id, _, document_id, grade] = fields.as_slice() else {
            if fields.is_empty() {
                continue;
            }
            return Err(
                format!("{}:{}: expected `qid 0 docid grade`", path.display(), number + 1).into()
            );
        };
        let grade: u32 = grade.parse().map_err(|_| {
            format!("{}:{}: grade {grade:?} is not a number", path.display(), number + 1)
        })?;
        qrels.entry(query_id.to_string()).or_default().insert(document_id.to_string(), grade);
    }
    Ok(qrels)
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()).into())
}

/// A title as compared across files: NFC, every run of Unicode white space (no-break spaces
/// included) one plain space.
fn comparable_title(title: &str) -> String {
    normalise_nfc(title).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `seed_ids.tsv` (`id<TAB>title`, with a header) as comparable title → judged id.
fn judged_id_of_titles(path: &Path) -> Result<HashMap<String, String>> {
    Ok(read_text(path)?
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once('\t'))
        .map(|(id, title)| (comparable_title(title), id.to_string()))
        .collect())
}

/// Judged id → our id, by reading the articles of `sources` and matching their titles.
fn our_ids_by_judged_id(
    sources: &[PathBuf],
    judged_id_of_titles: &HashMap<String, String>,
) -> Result<HashMap<String, String>> {
    let mut our_ids = HashMap::new();
    read_sources(sources, &Default::default(), &mut |record| {
        if let Ok(article) = record.article {
            if let Some(judged_id) = judged_id_of_titles.get(&comparable_title(&article.title)) {
                our_ids.insert(judged_id.clone(), article.id);
            }
        }
    })?;
    for (title, judged_id) in judged_id_of_titles {
        if !our_ids.contains_key(judged_id) {
            eprintln!("warning: no seed article titled {title:?} (judged id {judged_id})");
        }
    }
    Ok(our_ids)
}

/// `qrels` with document ids renamed through `our_ids` (unknown ids kept, so they count as
/// relevant documents never retrieved).
fn rename_documents(qrels: Qrels, our_ids: &HashMap<String, String>) -> Qrels {
    qrels
        .into_iter()
        .map(|(query_id, judgements)| {
            let renamed = judgements
                .into_iter()
                .map(|(id, grade)| (our_ids.get(&id).cloned().unwrap_or(id), grade))
                .collect();
            (query_id, renamed)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Measures (trec_eval: ndcg_cut.10, recip_rank on the top 10, recall.100)

/// The three measures of one query, or their means.
#[derive(Debug, Clone, Copy, Default)]
struct Measures {
    ndcg_at_10: f64,
    mrr_at_10: f64,
    recall_at_100: f64,
}

/// Measures of every judged query (those with at least one relevant document).
#[derive(Default)]
struct QueryScores {
    by_query: BTreeMap<String, Measures>,
}

impl QueryScores {
    fn insert(&mut self, query_id: &str, ranking: &[String], judgements: &HashMap<String, u32>) {
        let measures = Measures {
            ndcg_at_10: ndcg_at(10, ranking, judgements),
            mrr_at_10: reciprocal_rank_within(10, ranking, judgements),
            recall_at_100: recall_at(100, ranking, judgements),
        };
        self.by_query.insert(query_id.to_string(), measures);
    }

    /// Means over the judged queries; a query without results counts zero.
    fn means(&self) -> (Measures, usize) {
        let count = self.by_query.len();
        let mean = |measure: fn(&Measures) -> f64| {
            self.by_query.values().map(measure).sum::<f64>() / count.max(1) as f64
        };
        let means = Measures {
            ndcg_at_10: mean(|m| m.ndcg_at_10),
            mrr_at_10: mean(|m| m.mrr_at_10),
            recall_at_100: mean(|m| m.recall_at_100),
        };
        (means, count)
    }
}

fn grade_of(judgements: &HashMap<String, u32>, id: &str) -> f64 {
    judgements.get(id).copied().unwrap_or(0) as f64
}

/// Discount of a 0-based rank: 1 / log2(rank + 2), i.e. 1 / log2(position + 1).
fn discount(rank: usize) -> f64 {
    1.0 / ((rank + 2) as f64).log2()
}

/// nDCG at `depth` with linear gain = grade; the ideal ranking sorts the judged grades.
fn ndcg_at(depth: usize, ranking: &[String], judgements: &HashMap<String, u32>) -> f64 {
    let gained: f64 = ranking
        .iter()
        .take(depth)
        .enumerate()
        .map(|(rank, id)| grade_of(judgements, id) * discount(rank))
        .sum();
    let mut ideal_grades: Vec<u32> = judgements.values().copied().filter(|&g| g > 0).collect();
    ideal_grades.sort_unstable_by(|a, b| b.cmp(a));
    let ideal: f64 = ideal_grades
        .iter()
        .take(depth)
        .enumerate()
        .map(|(rank, &grade)| grade as f64 * discount(rank))
        .sum();
    if ideal > 0.0 {
        gained / ideal
    } else {
        0.0
    }
}

/// 1 / rank of the first relevant document within `depth`, else 0.
fn reciprocal_rank_within(
    depth: usize,
    ranking: &[String],
    judgements: &HashMap<String, u32>,
) -> f64 {
    ranking
        .iter()
        .take(depth)
        .position(|id| grade_of(judgements, id) > 0.0)
        .map_or(0.0, |rank| 1.0 / (rank + 1) as f64)
}

/// Share of the relevant documents found within `depth`.
fn recall_at(depth: usize, ranking: &[String], judgements: &HashMap<String, u32>) -> f64 {
    let relevant = judgements.values().filter(|&&grade| grade > 0).count();
    let found = ranking.iter().take(depth).filter(|id| grade_of(judgements, id) > 0.0).count();
    found as f64 / relevant.max(1) as f64
}

// ---------------------------------------------------------------------------------------------
// Report

fn print_table(rows: &[(&str, StemmingOrder, (Measures, usize))]) {
    println!();
    println!("| collection (judged queries) | order | nDCG@10 | MRR@10 | Recall@100 |");
    println!("|---|---|---|---|---|");
    for (collection, order, (means, queries)) in rows {
        println!(
            "| {collection} ({queries}) | {order:?} | {:.3} | {:.3} | {:.3} |",
            means.ndcg_at_10, means.mrr_at_10, means.recall_at_100
        );
    }
}

/// The queries whose nDCG@10 differs between the orders: what the means are made of.
fn print_differing_queries(per_query: &[(&str, StemmingOrder, QueryScores)]) {
    println!();
    println!("Queries whose nDCG@10 differs ({:?} → {:?}):", ORDERS[0], ORDERS[1]);
    let mut any = false;
    for pair in per_query.chunks(2) {
        let [(collection, _, first), (_, _, second)] = pair else {
            continue;
        };
        for (query_id, measures) in &first.by_query {
            let other = second.by_query.get(query_id).copied().unwrap_or_default();
            if (measures.ndcg_at_10 - other.ndcg_at_10).abs() > 1e-9 {
                any = true;
                println!(
                    "  {collection} {query_id}: {:.3} → {:.3}",
                    measures.ndcg_at_10, other.ndcg_at_10
                );
            }
        }
    }
    if !any {
        println!("  none");
    }
}

fn lexicon_of(index: &ArticleIndex) -> Result<AccentLexicon> {
    let searcher = index.reader()?.searcher();
    Ok(index.accent_lexicon(&searcher)?)
}

/// For each order: the stem a word is indexed under, and the stems it searches when typed
/// (with the frdocs index's accent lexicon).
fn print_illustrative_words(lexicons: &[(StemmingOrder, AccentLexicon)]) {
    println!();
    println!("What each order does to a few words (index stem / query stems, frdocs lexicon):");
    print!("{:<14}", "word");
    for (order, _) in lexicons {
        print!(" | {:<34}", format!("{order:?}"));
    }
    println!();
    for word in ILLUSTRATIVE_WORDS {
        print!("{word:<14}");
        for (order, lexicon) in lexicons {
            let analyzer = FrenchAnalyzer::new(*order);
            let indexed = analyzer.index_stem(word).unwrap_or_else(|| "(stopword)".into());
            let searched = analyzer.query_stems(word, lexicon).join(", ");
            print!(" | {:<34}", format!("{indexed} / {searched}"));
        }
        println!();
    }
}
