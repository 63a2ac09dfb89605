//! `trouvaille index`: read sources into the index, with a progress line on a terminal and a
//! summary of what changed. Exits with [`RECORDS_REJECTED`] when some records were rejected
//! (the others indexed), so scripts can tell.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use indexer::analysis::Stemming;
use indexer::index::run::{index_sources, IndexOptions, IndexSummary, RejectionPolicy};
use indexer::index::{ArticleIndex, IndexSettings};
use indexer::ingest::SourceOptions;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{stemming_flags, IndexArgs};
use crate::writer_lock::lock_index_writers;

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
        threads: args.threads,
    };
    let summary = if args.rebuild {
        let stemming = chosen_stemming(&args, replaced_stemming(index_path));
        rebuild(index_path, &args.sources, IndexSettings::with_stemming(stemming), options)?
    } else {
        let _only_writer = lock_index_writers(index_path)?;
        let index = open_or_create(index_path, &args)?;
        index_with_progress(&index, &args.sources, options)?
    };
    report(&summary);
    Ok(if summary.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(RECORDS_REJECTED)
    })
}

/// The stemming the flags ask for: each flag given replaces its part of `otherwise`.
fn chosen_stemming(args: &IndexArgs, otherwise: Stemming) -> Stemming {
    Stemming {
        algorithm: args.stemmer.unwrap_or(otherwise.algorithm),
        order: args.stemming_order.unwrap_or(otherwise.order),
    }
}

/// The index at `index_path`, created with the stemming the flags ask for (else the default)
/// when there is none. An existing index keeps its stemming: when the flags ask for another,
/// it is refused, since the new articles' terms would not meet the indexed ones.
fn open_or_create(index_path: &Path, args: &IndexArgs) -> anyhow::Result<ArticleIndex> {
    let settings = IndexSettings::with_stemming(chosen_stemming(args, Stemming::default()));
    let index = ArticleIndex::open_or_create(index_path, settings)
        .with_context(|| format!("opening the index at {}", index_path.display()))?;
    let built = index.settings().stemming();
    let asked = chosen_stemming(args, built);
    if asked != built {
        anyhow::bail!(
            "the index at {} was built with {}; add --rebuild to rebuild it with {}",
            index_path.display(),
            stemming_flags(built),
            stemming_flags(asked)
        );
    }
    Ok(index)
}

/// The stemming a rebuild keeps when no flag changes it: the replaced index's, or the default
/// when there is none or it cannot be read (rebuilding is also how an index of an older
/// analysis chain is replaced).
fn replaced_stemming(index_path: &Path) -> Stemming {
    ArticleIndex::open(index_path).map(|index| index.settings().stemming()).unwrap_or_default()
}

/// Builds a fresh index with `settings` beside the old one and swaps it in only once it is
/// committed, so a failed rebuild leaves the previous index untouched (and a failed first
/// build leaves no index, rather than an empty one).
pub(crate) fn rebuild(
    index_path: &Path,
    sources: &[PathBuf],
    settings: IndexSettings,
    options: IndexOptions,
) -> anyhow::Result<IndexSummary> {
    ensure_replaceable(index_path)?;
    let _only_writer = lock_index_writers(index_path)?;
    let fresh = sibling(index_path, "rebuilding");
    let previous = sibling(index_path, "previous");
    // Where the directories cannot be exchanged at once, a crash between the two renames of
    // an earlier rebuild leaves the only index in `previous`: put it back, never delete it.
    if !index_path.exists() && previous.join("meta.json").is_file() {
        std::fs::rename(&previous, index_path)
            .with_context(|| format!("restoring the index left at {}", previous.display()))?;
    }
    for leftover in [&fresh, &previous] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .with_context(|| format!("removing the leftover {}", leftover.display()))?;
        }
    }
    let summary = {
        let index = ArticleIndex::create(&fresh, settings)
            .with_context(|| format!("creating {}", fresh.display()))?;
        index_with_progress(&index, sources, options)?
    };
    swap_in(&fresh, index_path, &previous)?;
    Ok(summary)
}

/// A rebuild deletes what is at `index_path` once the new index is in place: that must be an
/// index (even a damaged one) or an empty folder, never other files named by mistake.
fn ensure_replaceable(index_path: &Path) -> anyhow::Result<()> {
    if !index_path.exists() || index_path.join("meta.json").is_file() {
        return Ok(());
    }
    let is_empty_folder =
        std::fs::read_dir(index_path).is_ok_and(|mut entries| entries.next().is_none());
    if !is_empty_folder {
        anyhow::bail!(
            "{} holds files but no index; replacing it would delete them: choose another --index",
            index_path.display()
        );
    }
    Ok(())
}

/// Puts the index at `fresh` in the place of `index_path`, then removes the old one. On Linux
/// the two directories are exchanged in one step (`renameat2` with `RENAME_EXCHANGE`), so a
/// server starting or a crash at that moment always finds an index at the path; elsewhere, or
/// on a file system without the exchange, two renames leave a moment without one.
fn swap_in(fresh: &Path, index_path: &Path, previous: &Path) -> anyhow::Result<()> {
    let old = if index_path.exists() && exchange(fresh, index_path).is_ok() {
        fresh
    } else {
        if index_path.exists() {
            std::fs::rename(index_path, previous)
                .with_context(|| format!("moving the old index to {}", previous.display()))?;
        }
        std::fs::rename(fresh, index_path)
            .with_context(|| format!("moving the new index to {}", index_path.display()))?;
        previous
    };
    if old.exists() {
        std::fs::remove_dir_all(old)
            .with_context(|| format!("removing the old index {}", old.display()))?;
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(first: &Path, second: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    Ok(renameat_with(CWD, first, CWD, second, RenameFlags::EXCHANGE)?)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_first: &Path, _second: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
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

#[cfg(test)]
mod tests {
    use clap::Parser;
    use indexer::analysis::{StemmerAlgorithm, StemmingOrder};

    use super::*;
    use crate::cli::{Cli, Command};

    fn index_args(arguments: &[&str]) -> IndexArgs {
        match Cli::parse_from(["trouvaille", "index"].iter().chain(arguments)).command {
            Command::Index(args) => args,
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn without_flags_the_stemming_is_kept() {
        let built =
            Stemming { algorithm: StemmerAlgorithm::Light, order: StemmingOrder::FoldThenStem };
        assert_eq!(chosen_stemming(&index_args(&[]), built), built);
    }

    #[test]
    fn each_flag_replaces_only_its_part() {
        let chosen = chosen_stemming(&index_args(&["--stemmer", "minimal"]), Stemming::default());
        assert_eq!(chosen.algorithm, StemmerAlgorithm::Minimal);
        assert_eq!(chosen.order, Stemming::default().order);
        let built = Stemming { algorithm: StemmerAlgorithm::Light, ..Stemming::default() };
        let reordered =
            chosen_stemming(&index_args(&["--stemming-order", "fold-then-stem"]), built);
        assert_eq!(reordered, Stemming { order: StemmingOrder::FoldThenStem, ..built });
    }

    #[test]
    fn an_existing_index_asked_for_another_stemming_is_refused_untouched() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("index");
        let light = index_args(&["--stemmer", "light"]);
        let created = open_or_create(&path, &light).unwrap();
        assert_eq!(created.settings().stemmer, StemmerAlgorithm::Light);
        drop(created);
        let meta = || std::fs::read_to_string(path.join("meta.json")).unwrap();
        let before = meta();
        assert!(open_or_create(&path, &index_args(&[])).is_ok(), "no flag: kept as built");
        let error = open_or_create(&path, &index_args(&["--stemmer", "snowball"]))
            .err()
            .expect("refused")
            .to_string();
        assert_eq!(
            error,
            format!(
                "the index at {} was built with --stemmer light --stemming-order stem-then-fold; \
                 add --rebuild to rebuild it with --stemmer snowball --stemming-order \
                 stem-then-fold",
                path.display()
            )
        );
        assert_eq!(meta(), before);
    }
}
