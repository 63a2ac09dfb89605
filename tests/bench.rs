//! End-to-end tests of `trouvaille bench`: the synthetic corpus a performance run indexes, and
//! the timing of queries on the bundled archive.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{index_path, repository, stdout, trouvaille};
use indexer::article::Article;
use serde_json::Value;

/// A small real-looking source corpus: two categories, dated and undated articles, one with no
/// body text.
fn source_corpus(folder: &Path) -> PathBuf {
    let records = [
        r#"{"id":"a","title":"Données ouvertes","date":"2013-02-20","author":"Ana","categories":["TI"],"tags":["données"],"body":"Les données ouvertes du Québec.\n\nUn portail pour les publier."}"#,
        r#"{"id":"b","title":"Gouvernement ouvert","date":"2012-12-04","categories":["TI","Conférences"],"body":"La JIQ 2012 à Québec.\n\nDes faits saillants.\n\nEt des questions."}"#,
        r#"{"id":"c","title":"Web à Québec","date":"2013-04-10T09:30:00-04:00","categories":["Web"],"tags":["waq"],"body":"Le WAQ revient en avril avec des conférences."}"#,
        r#"{"id":"d","title":"Sans date","categories":["Web"],"body":"Un article sans date ni étiquette."}"#,
        r#"{"id":"e","title":"Titre seul","categories":["TI"]}"#,
    ];
    let path = folder.join("source.jsonl");
    std::fs::write(&path, records.join("\n") + "\n").unwrap();
    path
}

/// Runs `trouvaille bench ARGUMENTS..` (the index is not read by `gen-corpus`).
fn bench(index: &Path, arguments: &[&str]) -> Output {
    let mut all = vec!["bench"];
    all.extend_from_slice(arguments);
    trouvaille(index, &all)
}

fn gen_corpus(folder: &Path, source: &Path, seed: &str, output: &str) -> Vec<u8> {
    let output_path = folder.join(output);
    let run = bench(
        &folder.join("index"),
        &[
            "gen-corpus",
            "--docs",
            "50",
            "--seed",
            seed,
            "--out",
            output_path.to_str().unwrap(),
            "--from",
            source.to_str().unwrap(),
        ],
    );
    let summary = stdout(&run);
    assert!(summary.starts_with("wrote 50 articles ("), "{summary}");
    assert!(summary.contains("from the 5 articles and 7 paragraphs"), "{summary}");
    std::fs::read(output_path).unwrap()
}

fn article_schema() -> jsonschema::Validator {
    let schema = std::fs::read_to_string(repository().join("schemas/article.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).expect("schema compiles")
}

/// Every line of `jsonl` is a valid article record, by the loader and by the schema.
fn assert_valid_records(jsonl: &str, count: usize) {
    let schema = article_schema();
    let lines: Vec<&str> = jsonl.lines().collect();
    assert_eq!(lines.len(), count);
    for line in lines {
        let record: Value = serde_json::from_str(line).unwrap();
        assert!(schema.is_valid(&record), "not valid by the schema: {line}");
        let article: Article = serde_json::from_str(line).unwrap();
        article.validate().unwrap();
        assert!(article.id.starts_with(&format!("syn-{count}-")), "{line}");
    }
}

#[test]
fn gen_corpus_writes_the_same_file_for_one_seed_and_another_for_another() {
    let folder = tempfile::tempdir().unwrap();
    let source = source_corpus(folder.path());
    let first = gen_corpus(folder.path(), &source, "7", "first.jsonl");
    let again = gen_corpus(folder.path(), &source, "7", "again.jsonl");
    let other = gen_corpus(folder.path(), &source, "8", "other.jsonl");
    assert_eq!(first, again);
    assert_ne!(first, other);
    assert_valid_records(&String::from_utf8(first).unwrap(), 50);
}

#[test]
fn a_gzip_corpus_is_written_when_asked_and_indexes_without_rejections() {
    let folder = tempfile::tempdir().unwrap();
    let source = source_corpus(folder.path());
    let compressed = gen_corpus(folder.path(), &source, "3", "scaled.jsonl.gz");
    assert_eq!(compressed[..2], [0x1f, 0x8b], "gzip magic bytes");
    let index = folder.path().join("index");
    let corpus = folder.path().join("scaled.jsonl.gz");
    let summary = stdout(&trouvaille(&index, &["index", corpus.to_str().unwrap()]));
    assert_eq!(summary.trim(), "50 added, 0 updated, 0 unchanged, 0 rejected");
}

#[test]
fn gen_corpus_reads_the_benchmark_corpus_by_default() {
    if !repository().join("../shared/bench/frdocs.jsonl.gz").exists() {
        eprintln!("skipping: ../shared/bench/frdocs.jsonl.gz not found");
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let output = folder.path().join("scaled.jsonl");
    let run = bench(
        &folder.path().join("index"),
        &["gen-corpus", "--docs", "50", "--seed", "42", "--out", output.to_str().unwrap()],
    );
    let summary = stdout(&run);
    assert!(summary.contains("from the 5148 articles"), "{summary}");
    assert_valid_records(&std::fs::read_to_string(output).unwrap(), 50);
}

/// A query file of the bundled archive's subjects, in a temporary folder.
fn archive_queries(folder: &Path, lines: &str) -> PathBuf {
    let path = folder.join("archive.queries.tsv");
    std::fs::write(&path, lines).unwrap();
    path
}

const ARCHIVE_QUERIES: &str = "q1\tludification\nq2\texperience ti\nq3\tdonnees ouvertes\n";

fn bench_queries(index: &Path, queries: &Path, extra: &[&str]) -> Output {
    let mut arguments = vec!["queries", "--queries", queries.to_str().unwrap()];
    arguments.extend_from_slice(extra);
    bench(index, &arguments)
}

#[test]
fn bench_queries_prints_the_six_figures_as_json() {
    let archive = common::indexed_archive();
    let queries = archive_queries(archive.path(), ARCHIVE_QUERIES);
    for facets in [&[][..], &["--facets"][..]] {
        let mut extra = vec!["--repeat", "4", "--json"];
        extra.extend_from_slice(facets);
        let output = stdout(&bench_queries(&index_path(&archive), &queries, &extra));
        let summary: Value = serde_json::from_str(&output).expect("JSON output");
        assert!(output.starts_with("{\"p50_us\":"), "{output}");
        let mut keys: Vec<&str> = summary.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["mean_us", "p50_us", "p99_us", "qps", "queries", "repeat"], "{output}");
        let figure = |key: &str| summary[key].as_f64().unwrap();
        assert!(figure("p50_us") > 0.0 && figure("p99_us") >= figure("p50_us"), "{output}");
        assert!(figure("mean_us") > 0.0, "{output}");
        let expected_qps = 1e6 / figure("mean_us");
        assert!((figure("qps") - expected_qps).abs() < expected_qps * 1e-6, "{output}");
        assert_eq!((summary["queries"].as_u64(), summary["repeat"].as_u64()), (Some(3), Some(4)));
    }
}

/// `--suggest` times every keystroke: `ludification` (12 letters) is 11 prefixes from two
/// characters on, `experience ti` 12, `donnees ouvertes` 15.
#[test]
fn bench_queries_suggest_times_every_prefix_and_refuses_facets() {
    let archive = common::indexed_archive();
    let queries = archive_queries(archive.path(), ARCHIVE_QUERIES);
    let output =
        bench_queries(&index_path(&archive), &queries, &["--suggest", "--repeat", "2", "--json"]);
    let summary: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(summary["queries"].as_u64(), Some(11 + 12 + 15));
    assert!(summary["p99_us"].as_f64().unwrap() >= summary["p50_us"].as_f64().unwrap());
    let refused = bench_queries(&index_path(&archive), &queries, &["--suggest", "--facets"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--facets"));
}

#[test]
fn bench_queries_prints_a_table_by_default() {
    let archive = common::indexed_archive();
    let queries = archive_queries(archive.path(), ARCHIVE_QUERIES);
    let output =
        stdout(&bench_queries(&index_path(&archive), &queries, &["--facets", "--repeat", "2"]));
    assert!(output.starts_with("3 queries × 2 rounds, top 10 with facet counts: 6 timed calls"));
    for label in ["p50", "p99", "mean", "queries/s"] {
        assert!(output.contains(label), "{label} missing from {output}");
    }
}

/// A run that failed with a message on standard error, not a panic.
fn failure(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "succeeded: {}", String::from_utf8_lossy(&output.stdout));
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn bad_input_is_refused_with_a_message() {
    let archive = common::indexed_archive();
    let index = index_path(&archive);
    let folder = archive.path();
    let missing = folder.join("absent.queries.tsv");
    let error = failure(&bench_queries(&index, &missing, &[]));
    assert!(error.contains("cannot read") && error.contains("absent.queries.tsv"), "{error}");
    let queries = archive_queries(folder, ARCHIVE_QUERIES);
    let error = failure(&bench_queries(&index, &queries, &["--repeat", "0"]));
    assert!(error.contains("--repeat"), "{error}");
    let malformed = archive_queries(folder, "q1\tludification\nq2 sans tabulation\n");
    let error = failure(&bench_queries(&index, &malformed, &[]));
    assert!(error.contains("archive.queries.tsv:2: expected `query id<TAB>query text`"), "{error}");
    let empty = archive_queries(folder, "\n");
    let error = failure(&bench_queries(&index, &empty, &[]));
    assert!(error.contains("there is no query to time"), "{error}");
    let error = failure(&bench_queries(&folder.join("no-index"), &queries, &[]));
    assert!(error.contains("opening the index at"), "{error}");
    let output = folder.join("scaled.jsonl");
    let absent_source = folder.join("absent.jsonl");
    let arguments = [
        "gen-corpus",
        "--docs",
        "5",
        "--seed",
        "1",
        "--out",
        output.to_str().unwrap(),
        "--from",
        absent_source.to_str().unwrap(),
    ];
    let error = failure(&bench(&index, &arguments));
    assert!(error.contains("cannot read the source corpus"), "{error}");
    assert!(!output.exists());
}
