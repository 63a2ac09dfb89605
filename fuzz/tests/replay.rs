//! Replays every fuzz input kept in the repository — the seed corpus of each target
//! (`corpus/<target>/`) and the crash reproducers (`artifacts/<target>/`) — through the
//! target's function, so that `cargo test` guards against regressions without libFuzzer.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Feeds each kept input of `target` to `run`, and fails naming every input that panicked.
fn replay(target: &str, run: fn(&[u8])) {
    let inputs = kept_inputs(target);
    assert!(!inputs.is_empty(), "no seed corpus for {target}");
    let failed: Vec<String> = inputs
        .iter()
        .filter(|path| {
            let bytes = std::fs::read(path).expect("a kept input is readable");
            catch_unwind(AssertUnwindSafe(|| run(&bytes))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target} panicked on {failed:#?}");
}

/// The files of `corpus/<target>/` and `artifacts/<target>/` (either may be absent), sorted.
fn kept_inputs(target: &str) -> Vec<PathBuf> {
    let fuzz_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<PathBuf> = ["corpus", "artifacts"]
        .iter()
        .filter_map(|kind| std::fs::read_dir(fuzz_dir.join(kind).join(target)).ok())
        .flatten()
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.is_file())
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn query_and_search() {
    replay("query_and_search", trouvaille_fuzz::query_and_search);
}

#[test]
fn archive_page() {
    replay("archive_page", trouvaille_fuzz::archive_page);
}

#[test]
fn wxr() {
    replay("wxr", trouvaille_fuzz::wxr);
}

#[test]
fn jsonl() {
    replay("jsonl", trouvaille_fuzz::jsonl);
}

#[test]
fn html() {
    replay("html", trouvaille_fuzz::html);
}

#[test]
fn query_string() {
    replay("query_string", trouvaille_fuzz::query_string);
}
