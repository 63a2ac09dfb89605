//! Command-line flags, as clap parses them; `commands` validates them into library requests.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    #[arg(long = "config", value_name = "NAME", default_value = "default")]
    pub configs: Vec<String>,
    /// A TOML file of more named configurations (tables overriding the default field by field).
    #[arg(long = "configs", value_name = "FILE")]
    pub config_file: Option<PathBuf>,
    /// Write the TREC run (`qid Q0 docid rank score tag`); with several configurations, one
    /// file each, named after the configuration (`run.any.txt` for `run.txt`).
    #[arg(long)]
    pub run_out: Option<PathBuf>,
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
