//! Replays every fuzz input kept in the repository — the seed corpus of each target
//! (`corpus/<target>/`) and the crash reproducers (`artifacts/<target>/`) — through the
//! target's function, so that `cargo test` guards against regressions without libFuzzer.
//! Targets whose real inputs already live among the repository's test fixtures read those
//! too, rather than keeping copies of them as seeds.

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

/// Fixture folders that seed a target, relative to the repository root.
const FIXTURE_SEEDS: [(&str, &str); 1] = [("html", "tests/fixtures/site")];

/// The files of `corpus/<target>/` and `artifacts/<target>/` (either may be absent), and of
/// the target's fixture folders, sorted.
fn kept_inputs(target: &str) -> Vec<PathBuf> {
    let fuzz_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<PathBuf> = ["corpus", "artifacts"]
        .iter()
        .filter_map(|kind| std::fs::read_dir(fuzz_dir.join(kind).join(target)).ok())
        .flatten()
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.is_file())
        .collect();
    for (_, folder) in FIXTURE_SEEDS.iter().filter(|(seeded, _)| *seeded == target) {
        collect_files(&fuzz_dir.join("..").join(folder), &mut inputs);
    }
    inputs.sort();
    inputs
}

fn collect_files(folder: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("a fixture folder") {
        let path = entry.expect("a readable folder entry").path();
        if path.is_dir() {
            collect_files(&path, files);
        } else {
            files.push(path);
        }
    }
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
