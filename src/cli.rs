//! Command-line flags, as clap parses them; `commands` validates them into library requests.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use indexer::analysis::{StemmerAlgorithm, Stemming, StemmingOrder};
use indexer::search::config::DEFAULT_CONFIG_NAME;
use serde::de::value::{Error as NameError, StrDeserializer};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// French full-text search for article archives.
#[derive(Debug, Parser)]
#[command(name = "trouvaille", version, about)]
pub struct Cli {
    /// The index directory.
    #[arg(long, global = true, env = "TROUVAILLE_INDEX", default_value = "data/index")]
    pub index: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from archive pages (.txt), JSON Lines (.jsonl, .jsonl.gz) or
    /// folders of them.
    Index(IndexArgs),
    /// Search the index.
    Search(SearchArgs),
    /// Remove articles from the index by id.
    Delete(DeleteArgs),
    /// Measure ranking quality on judged queries (TREC formats), for one configuration or
    /// several side by side.
    Eval(EvalArgs),
    /// Serve the search page and the JSON API, indexing the sources first when there is no
    /// index yet.
    Serve(ServeArgs),
    /// Export the index (or sources) for another engine: OpenSearch or Elasticsearch settings,
    /// mappings and bulk files with the same French analysis.
    Export(ExportArgs),
    /// Benchmark tools: generate a synthetic corpus, time queries on a warm searcher.
    Bench(BenchArgs),
}

/// Flags of `trouvaille serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "TROUVAILLE_ADDR")]
    pub addr: std::net::SocketAddr,
    /// Sources indexed when no index exists yet.
    #[arg(default_value = "corpus")]
    pub sources: Vec<PathBuf>,
    /// Searches run at once (default: twice the cores).
    #[arg(long)]
    pub concurrent_searches: Option<usize>,
    /// Let pages of this origin (`https://example.org`) call the API from a browser; may be
    /// repeated. Without it, no CORS header is sent.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<search_server::CorsOrigin>,
    /// Answer `/metrics` only to requests with `Authorization: Bearer TOKEN`. Without it,
    /// `/metrics` is open (request counts and latencies, never queries).
    #[arg(long, value_name = "TOKEN", env = "TROUVAILLE_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// The ranking the server answers with.
    #[command(flatten)]
    pub ranking: RankingArgs,
}

/// Flags of `trouvaille export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The engine to export for (OpenSearch's format is also Elasticsearch's).
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The folder to write index.json, bulk-NNNN.ndjson and queries.md into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Sources to export instead of the index: they are read and checked as `index` reads them
    /// (into an index in memory), so the export holds the records an index would.
    pub sources: Vec<PathBuf>,
    /// Largest bulk file, in megabytes.
    #[arg(long, value_name = "MB", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub chunk_mb: u64,
    /// Name of the index in the cluster.
    #[arg(long, value_name = "NAME", default_value = "trouvaille")]
    pub name: String,
    /// Also write DIR/lucene/: the export, and the search bodies of these judged queries
    /// (`id<TAB>query text` lines), as the tab-separated files benches/lucene/RankWithLucene.java
    /// ranks in Lucene as a cluster would (benches/opensearch_relevance.sh).
    #[arg(long, value_name = "QUERIES")]
    pub lucene_replay: Option<PathBuf>,
    /// Whose weights the query DSL of queries.md carries.
    #[command(flatten)]
    pub ranking: RankingArgs,
}

/// Engines `export` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// OpenSearch 1.x and later, Elasticsearch 7 and later.
    Opensearch,
}

/// Flags of `trouvaille index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Sources to read (files or folders).
    #[arg(default_value = "corpus")]
    pub sources: Vec<PathBuf>,
    /// Build a new index from the sources alone, replacing the existing one when done.
    #[arg(long)]
    pub rebuild: bool,
    /// Stop at the first rejected record, committing nothing.
    #[arg(long)]
    pub strict: bool,
    /// Remove the indexed articles that the sources no longer hold (refused when records are
    /// rejected).
    #[arg(long)]
    pub prune: bool,
    /// Index WordPress pages too, not only posts.
    #[arg(long)]
    pub include_pages: bool,
    /// Stemmer of a new or rebuilt index: snowball (default), light or minimal. An existing
    /// index keeps its own; asking for another needs --rebuild.
    #[arg(long, value_name = "STEMMER", value_parser = parse_name::<StemmerAlgorithm>)]
    pub stemmer: Option<StemmerAlgorithm>,
    /// Stemming order of a new or rebuilt index: stem-then-fold (default) or fold-then-stem.
    /// An existing index keeps its own; asking for another needs --rebuild.
    #[arg(long, value_name = "ORDER", value_parser = parse_name::<StemmingOrder>)]
    pub stemming_order: Option<StemmingOrder>,
    /// Indexing threads (default: one per core, at most 4). The writer's 64 MB memory budget
    /// is shared between them.
    #[arg(long, value_name = "N")]
    pub threads: Option<std::num::NonZeroUsize>,
}

/// Flags of `trouvaille delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Ids of the articles to remove.
    #[arg(required = true)]
    pub ids: Vec<String>,
}

/// Flags of `trouvaille search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words (all must match), "phrases", -exclusions, a OR b, titre:, categorie:,
    /// etiquette:. Empty with filters: the filtered articles, newest first.
    #[arg(default_value = "", allow_hyphen_values = true)]
    pub query: String,
    /// Keep articles of this category (repeatable: any of them).
    #[arg(long = "category", value_name = "CATEGORY")]
    pub categories: Vec<String>,
    /// Keep articles with this tag (repeatable: any of them).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Keep articles published on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Keep articles published on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Order: relevance, date (oldest first) or -date (newest first).
    #[arg(long, default_value = "relevance", allow_hyphen_values = true)]
    pub sort: String,
    /// Page number, from 1.
    #[arg(long, default_value_t = 1)]
    pub page: usize,
    /// Results per page (at most 100).
    #[arg(long, default_value_t = 10)]
    pub per_page: usize,
    /// Print the result as JSON (the same document as the HTTP API's).
    #[arg(long)]
    pub json: bool,
    /// The ranking to search with.
    #[command(flatten)]
    pub ranking: RankingArgs,
}

/// `--config NAME` and `--configs FILE` of `search` and `serve`: which ranking answers.
#[derive(Debug, Args)]
pub struct RankingArgs {
    /// The ranking configuration, by name (`trouvaille eval --list-configs` lists them).
    #[arg(
        long = "config",
        value_name = "NAME",
        env = "TROUVAILLE_CONFIG",
        default_value = DEFAULT_CONFIG_NAME
    )]
    pub config: String,
    /// Where more named configurations come from.
    #[command(flatten)]
    pub config_file: ConfigFileArgs,
}

/// `--configs FILE`, shared by every command that takes configuration names.
#[derive(Debug, Args)]
pub struct ConfigFileArgs {
    /// A TOML file of more named configurations (tables overriding the default field by field).
    #[arg(long = "configs", value_name = "FILE")]
    pub path: Option<PathBuf>,
}

/// Flags of `trouvaille eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Judged queries: `id<TAB>query text` per line.
    #[arg(long, required_unless_present = "list_configs")]
    pub queries: Option<PathBuf>,
    /// Judgments in TREC qrels format: `id 0 document grade` per line.
    #[arg(long, required_unless_present = "list_configs")]
    pub qrels: Option<PathBuf>,
    /// A configuration to evaluate (repeatable; the first is the baseline of the comparison).
    /// Names come from schemas/search-configs.toml, --configs, and "default".
    #[arg(long = "config", value_name = "NAME", default_value = DEFAULT_CONFIG_NAME)]
    pub configs: Vec<String>,
    /// Where more named configurations come from.
    #[command(flatten)]
    pub config_file: ConfigFileArgs,
    /// Write the TREC run (`qid Q0 docid rank score tag`); with several configurations, one
    /// file each, named after the configuration (`run.any.txt` for `run.txt`).
    #[arg(long)]
    pub run_out: Option<PathBuf>,
    /// A TREC run made elsewhere (`qid Q0 docid rank score tag`) to score beside the
    /// configurations and against the first one (repeatable); it is named after its file
    /// (`lucene.run` is `lucene`).
    #[arg(long = "run-in", value_name = "FILE")]
    pub run_files: Vec<PathBuf>,
    /// Print the evaluation as JSON.
    #[arg(long)]
    pub json: bool,
    /// Search an index built in memory from these sources (one per stemming the configurations
    /// need) instead of the index directory: how configurations that differ in stemming are
    /// compared.
    #[arg(long, num_args = 1.., value_name = "SOURCE")]
    pub corpus: Vec<PathBuf>,
    /// List the configurations and exit.
    #[arg(long)]
    pub list_configs: bool,
}

/// Flags of `trouvaille bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// What to run.
    #[command(subcommand)]
    pub command: BenchCommand,
}

/// The subcommands of `trouvaille bench`.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Write N synthetic articles recombined from a real corpus (JSON Lines), the same file for
    /// the same count, seed and source.
    GenCorpus(GenCorpusArgs),
    /// Time queries on a warm searcher: p50, p99 and mean latency, queries per second.
    Queries(BenchQueriesArgs),
}

/// Flags of `trouvaille bench gen-corpus`.
#[derive(Debug, Args)]
pub struct GenCorpusArgs {
    /// Number of articles to write.
    #[arg(long = "docs", value_name = "N")]
    pub documents: u64,
    /// Seed of the random draws.
    #[arg(long)]
    pub seed: u64,
    /// The file to write; gzip-compressed when its name ends with .gz.
    #[arg(long = "out", value_name = "FILE")]
    pub output: PathBuf,
    /// The real corpus to recombine: article records in JSON Lines (.jsonl or .jsonl.gz).
    #[arg(long = "from", value_name = "SOURCE", default_value = "../shared/bench/frdocs.jsonl.gz")]
    pub source: PathBuf,
}

/// Flags of `trouvaille bench queries`.
#[derive(Debug, Args)]
pub struct BenchQueriesArgs {
    /// The queries: `id<TAB>query text` per line (the format of `eval --queries`).
    #[arg(long, value_name = "FILE")]
    pub queries: PathBuf,
    /// Ask what the search page asks: the category, tag and year counts beside the top 10.
    #[arg(long)]
    pub facets: bool,
    /// Time the search box's suggestions instead, on every keystroke: each query's prefixes
    /// from 2 characters on.
    #[arg(long, conflicts_with = "facets")]
    pub suggest: bool,
    /// Timed rounds over all the queries, after one untimed warm-up round.
    #[arg(long, value_name = "N", default_value = "20")]
    pub repeat: std::num::NonZeroUsize,
    /// Print `{"p50_us", "p99_us", "mean_us", "qps", "queries", "repeat"}` as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Parses a flag value into one of the library's enums by the name serde gives it, so the
/// flags, the configuration files and the index settings spell each value the same way.
fn parse_name<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    T::deserialize(StrDeserializer::<NameError>::new(text)).map_err(|error| error.to_string())
}

/// The name serde gives a unit variant: the spelling [`parse_name`] reads back.
fn name_of<T: Serialize + std::fmt::Debug>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{value:?}"),
    }
}

/// The `trouvaille index` flags that build an index with `stemming`, for messages that tell
/// what an index was built with and how to build another.
pub fn stemming_flags(stemming: Stemming) -> String {
    format!(
        "--stemmer {} --stemming-order {}",
        name_of(&stemming.algorithm),
        name_of(&stemming.order)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_args(arguments: &[&str]) -> Result<IndexArgs, clap::Error> {
        let cli = Cli::try_parse_from(["trouvaille", "index"].iter().chain(arguments))?;
        match cli.command {
            Command::Index(args) => Ok(args),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn stemming_flags_take_the_names_of_configuration_files() {
        let args = index_args(&["--stemmer", "light", "--stemming-order", "fold-then-stem"]);
        let args = args.unwrap();
        assert_eq!(args.stemmer, Some(StemmerAlgorithm::Light));
        assert_eq!(args.stemming_order, Some(StemmingOrder::FoldThenStem));
        let unset = index_args(&[]).unwrap();
        assert_eq!((unset.stemmer, unset.stemming_order), (None, None));
    }

    #[test]
    fn an_unknown_stemmer_is_refused_with_the_known_ones() {
        let error = index_args(&["--stemmer", "porter"]).unwrap_err().to_string();
        assert!(error.contains("`snowball`, `light`, `minimal`"), "{error}");
    }

    #[test]
    fn stemming_flags_read_back_as_the_same_stemming() {
        let stemming =
            Stemming { algorithm: StemmerAlgorithm::Minimal, order: StemmingOrder::FoldThenStem };
        let flags = stemming_flags(stemming);
        assert_eq!(flags, "--stemmer minimal --stemming-order fold-then-stem");
        let arguments: Vec<&str> = flags.split(' ').collect();
        let args = index_args(&arguments).unwrap();
        assert_eq!(
            (args.stemmer, args.stemming_order),
            (Some(stemming.algorithm), Some(stemming.order))
        );
    }
}
