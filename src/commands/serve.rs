//! `trouvaille serve`: the main job. Indexes the sources when there is no index yet, then serves
//! the search page and the API until SIGTERM or Ctrl-C.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Context;
use indexer::analysis::Stemming;
use indexer::index::run::IndexOptions;
use indexer::index::{ArticleIndex, IndexError, IndexSettings};
use search_server::{serve, shutdown_signal, AppState, Limits};
use tracing_subscriber::EnvFilter;

use super::index::{rebuild, report};
use super::ranking::{chosen_config, configured_searcher};
use crate::cli::ServeArgs;

/// Runs `trouvaille serve`.
pub fn run(index_path: &Path, args: ServeArgs) -> anyhow::Result<()> {
    limit_malloc_arenas();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let colour = std::io::stderr().is_terminal();
    tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_ansi(colour).init();
    let config = chosen_config(&args.ranking)?;
    // An index built here gets the stemming the configuration needs, so that serving a
    // configuration with another stemmer on a fresh machine works at once.
    let settings = IndexSettings::with_stemming(config.stemming(Stemming::default()));
    let index = open_or_build(index_path, &args, settings)?;
    let mut limits = Limits::default();
    if let Some(concurrent) = args.concurrent_searches {
        limits.concurrent_searches = concurrent.max(1);
    }
    let searcher = configured_searcher(index, &args.ranking.config, config)?;
    searcher.prepare().context("reading the index's vocabulary")?;
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("listening on {}", args.addr))?;
        tracing::info!(
            "serving {} articles at http://{}, ranked by configuration {:?}",
            searcher.status().documents,
            listener.local_addr()?,
            args.ranking.config
        );
        let state = AppState::new(searcher, limits)
            .with_cors_origins(args.cors_origins)
            .with_metrics_token(args.metrics_token);
        serve(listener, state, shutdown_signal()).await?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// The index at `index_path`; when there is none, one built with `settings` from the sources,
/// beside it and moved in once committed: a failed first build leaves no empty index to serve.
fn open_or_build(
    index_path: &Path,
    args: &ServeArgs,
    settings: IndexSettings,
) -> anyhow::Result<ArticleIndex> {
    match ArticleIndex::open(index_path) {
        Err(IndexError::Missing { .. }) => {
            tracing::info!("no index at {}: indexing {:?}", index_path.display(), args.sources);
            let summary = rebuild(index_path, &args.sources, settings, IndexOptions::default())?;
            report(&summary);
            ArticleIndex::open(index_path)
                .with_context(|| format!("opening the new index at {}", index_path.display()))
        }
        other => other.with_context(|| format!("opening the index at {}", index_path.display())),
    }
}

/// glibc gives threads that allocate at the same moment arenas of their own, up to eight per
/// core, and hands little of them back: under load, with each rebuild's new generation data
/// allocated while searches run, the server's RSS crept up by 5–8 MB a rebuild in the soak test
/// (`benches/soak.sh`, RELIABILITY.md). Two arenas keep it flat at the same throughput.
/// `MALLOC_ARENA_MAX`, when set, is left to decide.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets a malloc parameter, under malloc's own lock; it runs
        // first thing, before any thread of ours allocates.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
