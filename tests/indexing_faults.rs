//! Faults during indexing, for real: a SIGKILLed import leaves exactly the last commit and a
//! re-run completes it; a second indexer is refused while the first holds the index; a disk
//! that fills during a commit fails the import with the last commit intact; a damaged index is
//! refused with a rebuild hint, and the rebuild repairs it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{
    index_path, indexed_archive, search_json_total, stdout, trouvaille, trouvaille_command,
};

/// Articles in the large import: enough for an import of several seconds in a debug build.
const LARGE_IMPORT_ARTICLES: usize = 6_000;

/// Writes a JSON Lines source of `count` distinct articles of a few kilobytes each.
fn write_large_source(path: &Path, count: usize) {
    let paragraph = "Les données ouvertes du gouvernement de la Colombie-Britannique \
                     permettent aux citoyens et aux fonctionnaires d’échanger. ";
    let mut text = String::with_capacity(count * 2_500);
    for number in 0..count {
        let body = format!("{} Numéro {number}.", paragraph.repeat(20));
        let record = serde_json::json!({
            "id": format!("grand-{number}"),
            "title": format!("Article numéro {number} sur l’expérience numérique"),
            "body": body,
            "categories": ["Import"],
        });
        text.push_str(&record.to_string());
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

fn spawn_index(index: &Path, source: &Path) -> Child {
    trouvaille_command(index)
        .arg("index")
        .arg(source)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("trouvaille index starts")
}

/// Waits until the running indexer holds the index's writer lock.
fn wait_for_writer_lock(index: &Path, indexer: &mut Child) {
    let lock = index.join(".tantivy-writer.lock");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !lock.exists() {
        assert!(
            indexer.try_wait().unwrap().is_none(),
            "the import ended before it could be interrupted"
        );
        assert!(Instant::now() < deadline, "the indexer never took the writer lock");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Let it read and write a good part of the source before anything happens to it.
    std::thread::sleep(Duration::from_millis(700));
    assert!(indexer.try_wait().unwrap().is_none(), "the import ended too early for this test");
}

/// An archive index with a large import of [`LARGE_IMPORT_ARTICLES`] under way, holding the
/// writer lock: the folder (kept alive), the index, the source and the indexer process.
fn start_large_import() -> (tempfile::TempDir, PathBuf, PathBuf, Child) {
    let directory = indexed_archive();
    let index = index_path(&directory);
    let source = directory.path().join("large.jsonl");
    write_large_source(&source, LARGE_IMPORT_ARTICLES);
    let mut indexer = spawn_index(&index, &source);
    wait_for_writer_lock(&index, &mut indexer);
    (directory, index, source, indexer)
}

#[test]
fn a_killed_import_leaves_the_last_commit_and_a_rerun_completes_it() {
    let (_directory, index, source, mut indexer) = start_large_import();
    indexer.kill().expect("SIGKILL");
    indexer.wait().unwrap();

    assert_eq!(search_json_total(&index, ""), 10, "the index opens with exactly the last commit");
    let rerun = stdout(&trouvaille(&index, &["index", source.to_str().unwrap()]));
    let expected = format!("{LARGE_IMPORT_ARTICLES} added, 0 updated, 0 unchanged, 0 rejected");
    assert_eq!(rerun.trim(), expected);
    assert_eq!(search_json_total(&index, ""), 10 + LARGE_IMPORT_ARTICLES as u64);
}

#[test]
fn a_second_indexer_is_told_the_index_is_locked() {
    let (_directory, index, _source, mut first) = start_large_import();
    let second = trouvaille(&index, &["index"]);
    first.kill().expect("SIGKILL");
    first.wait().unwrap();

    assert!(!second.status.success());
    let message = String::from_utf8_lossy(&second.stderr);
    assert!(message.contains("another `trouvaille index` is writing"), "{message}");
    assert_eq!(search_json_total(&index, ""), 10, "nothing lost");
}

/// Regression: a second rebuild deleted the first one's half-built index and swapped its own in
/// (the lock held here is the one a running rebuild, import or deletion holds).
#[test]
fn a_second_rebuild_is_told_to_wait_and_the_index_is_untouched() {
    let directory = indexed_archive();
    let index = index_path(&directory);
    let lock_path = directory.path().join("index.lock");
    let held = std::fs::File::create(&lock_path).unwrap();
    held.try_lock().expect("no rebuild is running yet");
    let source = directory.path().join("other.jsonl");
    std::fs::write(&source, "{\"id\":\"a\",\"title\":\"Données\"}\n").unwrap();
    let rebuild =
        |index: &Path| trouvaille(index, &["index", "--rebuild", source.to_str().unwrap()]);

    let refused = rebuild(&index);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("another `trouvaille index` is writing"), "{message}");
    assert_eq!(search_json_total(&index, ""), 10, "the index is untouched");

    drop(held);
    assert!(rebuild(&index).status.success());
    assert_eq!(search_json_total(&index, ""), 1);
}

/// Tests run as root, for whom no permission makes a file unreadable; a dangling link in a
/// source folder cannot be read either, which exercises the same path.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_rejected_and_the_others_indexed() {
    let directory = tempfile::tempdir().unwrap();
    let sources = directory.path().join("sources");
    std::fs::create_dir_all(&sources).unwrap();
    std::os::unix::fs::symlink(directory.path().join("gone.jsonl"), sources.join("broken.jsonl"))
        .unwrap();
    std::fs::write(sources.join("good.jsonl"), "{\"id\":\"a\",\"title\":\"Données\"}\n").unwrap();
    let index = directory.path().join("index");
    let output = trouvaille(&index, &["index", sources.to_str().unwrap()]);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{errors}");
    let summary = String::from_utf8_lossy(&output.stdout);
    assert_eq!(summary.trim(), "1 added, 0 updated, 0 unchanged, 1 rejected");
    assert!(errors.contains("broken.jsonl") && errors.contains("cannot read"), "{errors}");
    assert_eq!(search_json_total(&index, ""), 1);
}

/// The index's files are limited to 128 KiB (`ulimit -f`, with SIGXFSZ ignored so that writes
/// fail with EFBIG as on a full disk): the large import cannot write its segment. Mounting a
/// small file system would need privileges that CI machines may not grant.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_the_import_and_keeps_the_last_commit() {
    let directory = indexed_archive();
    let index = index_path(&directory);
    let source = directory.path().join("large.jsonl");
    write_large_source(&source, LARGE_IMPORT_ARTICLES);
    let trouvaille_binary = env!("CARGO_BIN_EXE_trouvaille");
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg("ulimit -f 128; trap '' XFSZ; exec \"$0\" index --index \"$1\" \"$2\"")
        .arg(trouvaille_binary)
        .arg(&index)
        .arg(&source)
        .output()
        .unwrap();
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the import succeeded within 128 KiB files: {message}");
    assert!(
        message.contains("the disk is full") && message.contains("last commit is intact"),
        "{message}"
    );
    assert_eq!(search_json_total(&index, ""), 10, "the last commit is intact");

    let rerun = stdout(&trouvaille(&index, &["index", source.to_str().unwrap()]));
    let expected = format!("{LARGE_IMPORT_ARTICLES} added, 0 updated, 0 unchanged, 0 rejected");
    assert_eq!(rerun.trim(), expected, "with space again, the same command completes");
}

/// Damage of two kinds: an unreadable `meta.json`, and a segment file cut short.
#[test]
fn a_damaged_index_is_refused_with_a_rebuild_hint_and_the_rebuild_repairs_it() {
    type Damage = fn(&Path);
    let damages: [(&str, Damage); 2] = [
        ("meta.json", |index| std::fs::write(index.join("meta.json"), "garbage").unwrap()),
        ("a segment file", |index| {
            let segment_file = std::fs::read_dir(index)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .find(|path| path.extension().is_some_and(|extension| extension == "idx"))
                .unwrap();
            std::fs::OpenOptions::new()
                .write(true)
                .open(segment_file)
                .unwrap()
                .set_len(10)
                .unwrap();
        }),
    ];
    for (what, damage) in damages {
        let directory = indexed_archive();
        let index = index_path(&directory);
        damage(&index);
        for command in [&["search", "données"][..], &["serve", "--addr", "127.0.0.1:0"][..]] {
            let output = trouvaille(&index, command);
            let message = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{what}: `{command:?}` accepted a damaged index");
            assert!(
                message.contains("is damaged") && message.contains("index --rebuild"),
                "{what}: {message}"
            );
        }
        let corpus = common::repository().join("corpus");
        let rebuilt =
            stdout(&trouvaille(&index, &["index", "--rebuild", corpus.to_str().unwrap()]));
        assert_eq!(rebuilt.trim(), "10 added, 0 updated, 0 unchanged, 0 rejected", "{what}");
        assert_eq!(search_json_total(&index, ""), 10, "{what}: repaired");
    }
}

/// Regression: a first `serve` whose sources could not be read left an empty index behind,
/// which the next `serve` then served without a word.
#[test]
fn a_failed_first_build_leaves_no_index_to_serve() {
    let directory = tempfile::tempdir().unwrap();
    let index = directory.path().join("index");
    let missing = directory.path().join("no-such-source");
    let output = trouvaille(&index, &["serve", "--addr", "127.0.0.1:0", missing.to_str().unwrap()]);
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(message.matches("No such file or directory").count(), 1, "said once: {message}");
    assert!(!index.join("meta.json").exists(), "an empty index was left behind");
}

/// `--rebuild` deletes what it replaces: a folder of other files named by mistake is refused.
#[test]
fn a_rebuild_refuses_to_replace_a_folder_that_is_not_an_index() {
    let directory = tempfile::tempdir().unwrap();
    let documents = directory.path().join("documents");
    std::fs::create_dir_all(&documents).unwrap();
    std::fs::write(documents.join("thesis.txt"), "keep me").unwrap();
    let corpus = common::repository().join("corpus");
    let output = trouvaille(&documents, &["index", "--rebuild", corpus.to_str().unwrap()]);
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(message.contains("holds files but no index"), "{message}");
    assert_eq!(std::fs::read_to_string(documents.join("thesis.txt")).unwrap(), "keep me");
}
