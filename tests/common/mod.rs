//! Helpers shared by the end-to-end tests: running the `trouvaille` binary, building an index
//! of the bundled archive, and serving it on a loopback port.
#![allow(dead_code)]

pub mod in_process;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// True when nothing `test` needs is `missing`. Otherwise the test is skipped with a message
/// saying what `.ci/run` would install, except under CI, which must run every test: there it
/// fails.
pub fn has_tools_for(test: &str, missing: &[String], installs: &str) -> bool {
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the {test} needs {}; CI must install them (see .ci/run)",
        missing.join(", ")
    );
    eprintln!("skipping the {test}: run .ci/run to install {installs}");
    eprintln!("(missing: {})", missing.join(", "));
    false
}

/// `trouvaille --index INDEX`, run from the repository root, unaffected by the environment
/// variables that stand for flags.
pub fn trouvaille_command(index: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_trouvaille"));
    command
        .current_dir(repository())
        .env_remove("TROUVAILLE_INDEX")
        .env_remove("TROUVAILLE_CONFIG")
        .arg("--index")
        .arg(index);
    command
}

/// Runs `trouvaille --index INDEX ARGUMENTS..` from the repository root.
pub fn trouvaille(index: &Path, arguments: &[&str]) -> Output {
    trouvaille_command(index).args(arguments).output().expect("trouvaille runs")
}

/// Standard output of a successful run.
pub fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "trouvaille failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// A fresh index of the bundled archive, in a temporary folder.
pub fn indexed_archive() -> tempfile::TempDir {
    let directory = tempfile::tempdir().unwrap();
    let summary = stdout(&trouvaille(&directory.path().join("index"), &["index"]));
    assert_eq!(summary.trim(), "10 added, 0 updated, 0 unchanged, 0 rejected");
    directory
}

/// Number of articles `trouvaille search --json QUERY` finds.
pub fn search_json_total(index: &Path, query: &str) -> u64 {
    let output = stdout(&trouvaille(index, &["search", "--json", query]));
    let response: serde_json::Value = serde_json::from_str(&output).expect("JSON output");
    response["total"].as_u64().expect("a total")
}

/// The settings an index records in its commit payload (`IndexSettings`: stemmer, stemming
/// order, versions).
pub fn index_settings(index: &Path) -> serde_json::Value {
    let meta = std::fs::read_to_string(index.join("meta.json")).expect("an index");
    let meta: serde_json::Value = serde_json::from_str(&meta).expect("JSON metadata");
    serde_json::from_str(meta["payload"].as_str().expect("a payload")).expect("JSON settings")
}

/// The index folder inside a folder made by [`indexed_archive`].
pub fn index_path(directory: &tempfile::TempDir) -> PathBuf {
    directory.path().join("index")
}

/// A free loopback port (bound, then released for the server to take).
pub fn free_loopback_address() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

/// A `trouvaille serve` process, killed when dropped.
pub struct ServerProcess {
    /// The child process.
    pub child: Child,
    /// Where it listens.
    pub address: SocketAddr,
}

impl ServerProcess {
    /// Starts `trouvaille serve` on `index` (which indexes `./corpus` when the index does not
    /// exist) and waits until it listens.
    pub fn start(index: &Path) -> ServerProcess {
        ServerProcess::start_with(index, &[])
    }

    /// [`ServerProcess::start`] with more flags of `serve`.
    pub fn start_with(index: &Path, arguments: &[&str]) -> ServerProcess {
        let address = free_loopback_address();
        let child = trouvaille_command(index)
            .env("RUST_LOG", "warn")
            .args(["serve", "--addr", &address.to_string()])
            .args(arguments)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("trouvaille serve starts");
        let mut server = ServerProcess { child, address };
        server.wait_until_listening();
        server
    }

    /// The base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    fn wait_until_listening(&mut self) {
        // Indexing the archive first takes a few seconds in a debug build.
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(self.address).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("trouvaille serve exited before listening: {status}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("trouvaille serve did not listen on {} within 120 s", self.address);
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
