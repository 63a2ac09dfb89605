//! Browser test of the search page: serves an index of the bundled archive with the
//! `trouvaille` binary, then runs `tests/browser/search_page.test.mjs` (node's test runner,
//! playwright-core driving Debian's headless Chromium) against it. The script saves a
//! screenshot in the target folder (`target/browser/search-page.png`); `docs/search-page.png`
//! is a copy of it, made by hand when the page changes.
//!
//! Needs `/usr/bin/chromium`, Node.js and `tests/browser/node_modules` (`.ci/run` installs
//! them). When one is missing the test is skipped with a message, unless `CI` is set: then it
//! fails, as CI must run it.

mod common;

use std::path::Path;
use std::process::Command;

use common::{has_tools_for, repository, ServerProcess};

const CHROMIUM: &str = "/usr/bin/chromium";
const SCRIPT: &str = "tests/browser/search_page.test.mjs";

/// What is missing to run the browser test, if anything.
fn missing_tools(repository: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).exists() {
        missing.push(format!("{CHROMIUM} (Debian's chromium package)"));
    }
    if !repository.join("tests/browser/node_modules/playwright-core").is_dir() {
        missing.push("tests/browser/node_modules (npm ci --prefix tests/browser)".to_string());
    }
    let node_runs = Command::new("node").arg("--version").output();
    if !node_runs.is_ok_and(|output| output.status.success()) {
        missing.push("node (Node.js 20 or later)".to_string());
    }
    missing
}

#[test]
fn search_page_in_headless_chromium() {
    let repository = repository();
    let missing = missing_tools(&repository);
    if !has_tools_for("browser test", &missing, "chromium and playwright-core") {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(&scratch.path().join("index"));
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-page.png");
    let output = Command::new("node")
        .current_dir(&repository)
        .env("TROUVAILLE_BASE_URL", server.url())
        .env("TROUVAILLE_SCREENSHOT", &screenshot)
        .args(["--test", SCRIPT])
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the browser test failed:\n{report}");
    println!("{report}");
    assert!(screenshot.is_file(), "the screenshot is saved at {}", screenshot.display());
}
