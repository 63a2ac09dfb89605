//! `trouvaille bench gen-corpus`: a synthetic corpus of N articles recombined from a real one,
//! the same file for the same count, seed and source, with a progress bar on a terminal.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use indexer::benchmark::scaled_corpus::{write_jsonl, SourceCorpus};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::GenCorpusArgs;

/// Progress bar updates: one every so many articles keeps the bar's cost out of the way.
const PROGRESS_STEP: u64 = 1024;

/// Runs `trouvaille bench gen-corpus`.
pub fn run(args: GenCorpusArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let source = SourceCorpus::read(&args.source)?;
    let progress = progress_bar(args.documents);
    let articles = source.scaled(args.documents, args.seed);
    let written = write_jsonl(articles, &args.output, &mut |written| {
        if written % PROGRESS_STEP == 0 {
            progress.set_position(written);
        }
    })?;
    progress.finish_and_clear();
    println!(
        "wrote {written} articles{} to {} in {:.1} s, recombined from the {} articles and {} \
         paragraphs of {} with seed {}",
        file_size(&args.output),
        args.output.display(),
        started.elapsed().as_secs_f64(),
        source.article_count(),
        source.paragraph_count(),
        args.source.display(),
        args.seed
    );
    Ok(())
}

/// ` (325.4 MB)` for a file; nothing for what has no size (`/dev/null`).
fn file_size(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => format!(" ({:.1} MB)", metadata.len() as f64 / 1e6),
        _ => String::new(),
    }
}

/// A bar of `total` articles on a terminal; nothing when standard error is piped.
fn progress_bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    let template = "{elapsed} [{bar:30}] {human_pos}/{human_len} articles ({per_sec}, {eta} left)";
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}
