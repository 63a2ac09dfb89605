//! `trouvaille index`: read sources into the index, with a progress line on a terminal and a
//! summary of what changed. Exits with [`RECORDS_REJECTED`] when some records were rejected
//! (the others indexed), so scripts can tell.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use indexer::index::run::{index_sources, IndexOptions, IndexSummary, RejectionPolicy};
use indexer::index::{ArticleIndex, IndexSettings};
use indexer::ingest::SourceOptions;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::IndexArgs;

/// Rejected records listed one by one; the rest are counted.
const LISTED_REJECTIONS: usize = 20;
/// Exit status of a run that indexed the valid records but rejected others.
pub const RECORDS_REJECTED: u8 = 2;

/// Runs `trouvaille index`.
pub fn run(index_path: &Path, args: IndexArgs) -> anyhow::Result<ExitCode> {
    let options = IndexOptions {
        rejection_policy: if args.strict { RejectionPolicy::Fail } else { RejectionPolicy::Skip },
        prune: args.prune,
        sources: SourceOptions { include_pages: args.include_pages },
    };
    let summary = if args.rebuild {
        rebuild(index_path, &args.sources, options)?
    } else {
        let index = ArticleIndex::open_or_create(index_path)
            .with_context(|| format!("opening the index at {}", index_path.display()))?;
        index_with_progress(&index, &args.sources, options)?
    };
    report(&summary);
    Ok(if summary.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(RECORDS_REJECTED)
    })
}

/// Builds a fresh index beside the old one and swaps it in only once it is committed, so a
/// failed rebuild leaves the previous index untouched.
fn rebuild(
    index_path: &Path,
    sources: &[PathBuf],
    options: IndexOptions,
) -> anyhow::Result<IndexSummary> {
    let fresh = sibling(index_path, "rebuilding");
    let previous = sibling(index_path, "previous");
    for leftover in [&fresh, &previous] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .with_context(|| format!("removing the leftover {}", leftover.display()))?;
        }
    }
    let summary = {
        let index = ArticleIndex::create(&fresh, IndexSettings::default())
            .with_context(|| format!("creating {}", fresh.display()))?;
        index_with_progress(&index, sources, options)?
    };
    if index_path.exists() {
        std::fs::rename(index_path, &previous)
            .with_context(|| format!("moving the old index to {}", previous.display()))?;
    }
    std::fs::rename(&fresh, index_path)
        .with_context(|| format!("moving the new index to {}", index_path.display()))?;
    if previous.exists() {
        std::fs::remove_dir_all(&previous)
            .with_context(|| format!("removing the old index {}", previous.display()))?;
    }
    Ok(summary)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

/// Indexes `sources` with a progress line on a terminal.
pub fn index_with_progress(
    index: &ArticleIndex,
    sources: &[PathBuf],
    options: IndexOptions,
) -> anyhow::Result<IndexSummary> {
    let progress = progress_bar();
    let summary = index_sources(index, sources, options, &mut |summary| {
        if summary.records() % 64 == 0 {
            progress.set_message(summary.to_string());
        }
    });
    progress.finish_and_clear();
    Ok(summary?)
}

fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {msg}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Prints the rejected records (on standard error) and the summary.
pub fn report(summary: &IndexSummary) {
    for rejection in summary.rejected.iter().take(LISTED_REJECTIONS) {
        eprintln!("rejected {}: {}", rejection.location, rejection.reason);
    }
    if summary.rejected.len() > LISTED_REJECTIONS {
        eprintln!("… and {} more rejected records", summary.rejected.len() - LISTED_REJECTIONS);
    }
    if let Some(reason) = &summary.prune_refused {
        eprintln!("{reason}");
    }
    println!("{summary}");
}
