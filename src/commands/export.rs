//! `trouvaille export`: the index, or sources read as `index` reads them, for another engine.

use std::path::Path;

use anyhow::Context;
use indexer::analysis::Stemming;
use indexer::evaluation::Queries;
use indexer::export::opensearch::lucene_replay::{write_lucene_replay, REPLAY_FOLDER};
use indexer::export::opensearch::{export_opensearch, ExportOptions, ExportSummary};
use indexer::index::run::IndexOptions;
use indexer::index::{ArticleIndex, IndexSettings};
use indexer::search::config::SearchConfig;
use indexer::search::synonyms::Synonyms;

use super::index::{index_with_progress, report};
use super::ranking::chosen_config;
use crate::cli::{ExportArgs, ExportFormat};

const BYTES_PER_MB: u64 = 1024 * 1024;

/// Runs `trouvaille export`.
pub fn run(index_path: &Path, args: ExportArgs) -> anyhow::Result<()> {
    let config = chosen_config(&args.ranking)?;
    // Read first: a malformed query file stops the command before the export.
    let replayed_queries = args.lucene_replay.as_deref().map(Queries::read).transpose()?;
    let index = exported_index(index_path, &args, &config)?;
    let synonyms = if config.synonyms { Synonyms::bundled() } else { Synonyms::empty() };
    match args.format {
        ExportFormat::Opensearch => {
            let options = ExportOptions {
                index_name: args.name.clone(),
                max_bulk_file_bytes: usize::try_from(args.chunk_mb * BYTES_PER_MB)
                    .unwrap_or(usize::MAX),
                config,
                synonyms,
            };
            let summary = export_opensearch(&index, &options, &args.out)
                .with_context(|| format!("exporting to {}", args.out.display()))?;
            println!(
                "{} articles exported to {}: index.json, {} bulk file{}, queries.md",
                summary.articles,
                args.out.display(),
                summary.bulk_files.len(),
                if summary.bulk_files.len() == 1 { "" } else { "s" }
            );
            if let Some(queries) = &replayed_queries {
                replay(&args.out, &summary, &options, queries)?;
            }
        }
    }
    Ok(())
}

/// Writes the Lucene replay of the export in `folder`, with the search bodies of `queries`.
fn replay(
    folder: &Path,
    summary: &ExportSummary,
    options: &ExportOptions,
    queries: &Queries,
) -> anyhow::Result<()> {
    let ExportOptions { index_name, config, .. } = options;
    write_lucene_replay(folder, &summary.bulk_files, index_name, queries, config)
        .context("writing the Lucene replay")?;
    let replay_folder = folder.join(REPLAY_FOLDER);
    println!("Lucene replay of {} queries written to {}", queries.len(), replay_folder.display());
    Ok(())
}

/// The index at `index_path`, or, when sources are named, an index of them in memory: the
/// export then holds exactly the records `index` would keep (validated, one per id).
fn exported_index(
    index_path: &Path,
    args: &ExportArgs,
    config: &SearchConfig,
) -> anyhow::Result<ArticleIndex> {
    if args.sources.is_empty() {
        return ArticleIndex::open(index_path)
            .with_context(|| format!("opening the index at {}", index_path.display()));
    }
    let settings = IndexSettings::with_stemming(config.stemming(Stemming::default()));
    let index = ArticleIndex::create_in_ram(settings).context("creating an index in memory")?;
    report(&index_with_progress(&index, &args.sources, IndexOptions::default())?);
    Ok(index)
}
