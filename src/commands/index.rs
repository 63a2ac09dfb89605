//! `trouvaille index`: read sources into the index, with a progress line on a terminal and a
//! summary of what changed.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;
use indexer::index::writer::{index_sources, IndexSummary, RejectionPolicy};
use indexer::index::{ArticleIndex, IndexSettings};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::IndexArgs;

/// Rejected records listed one by one; the rest are counted.
const LISTED_REJECTIONS: usize = 20;

/// Runs `trouvaille index`.
pub fn run(index_path: &Path, args: IndexArgs) -> anyhow::Result<()> {
    let policy = if args.strict { RejectionPolicy::Fail } else { RejectionPolicy::Skip };
    let summary = if args.rebuild {
        rebuild(index_path, &args.sources, policy)?
    } else {
        let index = ArticleIndex::open_or_create(index_path)
            .with_context(|| format!("opening the index at {}", index_path.display()))?;
        index_with_progress(&index, &args.sources, policy)?
    };
    report(&summary);
    Ok(())
}

/// Builds a fresh index beside the old one and swaps it in only once it is committed, so a
/// failed rebuild leaves the previous index untouched.
fn rebuild(
    index_path: &Path,
    sources: &[PathBuf],
    policy: RejectionPolicy,
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
        index_with_progress(&index, sources, policy)?
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

pub fn index_with_progress(
    index: &ArticleIndex,
    sources: &[PathBuf],
    policy: RejectionPolicy,
) -> anyhow::Result<IndexSummary> {
    let progress = progress_bar();
    let summary = index_sources(index, sources, policy, &mut |summary| {
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

pub fn report(summary: &IndexSummary) {
    for rejection in summary.rejected.iter().take(LISTED_REJECTIONS) {
        eprintln!("rejected {}: {}", rejection.location, rejection.reason);
    }
    if summary.rejected.len() > LISTED_REJECTIONS {
        eprintln!("… and {} more rejected records", summary.rejected.len() - LISTED_REJECTIONS);
    }
    println!("{summary}");
}
