//! `trouvaille delete ID..`: remove articles by id, in one commit.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use indexer::index::run::delete_articles;
use indexer::index::ArticleIndex;

use crate::cli::DeleteArgs;
use crate::writer_lock::lock_index_writers;

/// Runs `trouvaille delete`; fails when an id was not in the index (the others are deleted).
pub fn run(index_path: &Path, args: DeleteArgs) -> anyhow::Result<ExitCode> {
    let _only_writer = lock_index_writers(index_path)?;
    let index = ArticleIndex::open(index_path)
        .with_context(|| format!("opening the index at {}", index_path.display()))?;
    let summary = delete_articles(&index, &args.ids)?;
    for id in &summary.not_found {
        eprintln!("not found: {id}");
    }
    println!("{} deleted, {} not found", summary.deleted.len(), summary.not_found.len());
    Ok(if summary.not_found.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
