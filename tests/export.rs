//! `trouvaille export --format opensearch`: the files a cluster needs, checked as a cluster
//! would read them — every bulk pair parses and names its article, the mappings cover the
//! record schema, every analyzer and filter referred to is defined, and the records read back
//! are the ones the index holds.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{index_path, indexed_archive, stdout, trouvaille};
use indexer::article::Article;
use indexer::export::opensearch::{read_bulk_file, LABELS_FIELD};
use indexer::index::{ArticleIndex, IndexError};
use serde_json::Value;

fn json_file(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn bulk_files(folder: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "ndjson"))
        .collect();
    files.sort();
    files
}

fn exported_records(folder: &Path) -> Vec<Article> {
    bulk_files(folder).iter().flat_map(|file| read_bulk_file(file, "trouvaille").unwrap()).collect()
}

fn indexed_records(index: &Path) -> Vec<Article> {
    let mut articles = Vec::new();
    ArticleIndex::open(index)
        .unwrap()
        .for_each_article(|article| {
            articles.push(article);
            Ok::<(), IndexError>(())
        })
        .unwrap();
    articles
}

#[test]
fn the_export_holds_the_index_records_with_a_mapping_of_the_record_schema() {
    let directory = indexed_archive();
    let index = index_path(&directory);
    let out = directory.path().join("export");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("bulk-0099.ndjson"), "a stale file of an earlier export\n").unwrap();
    let summary = stdout(&trouvaille(
        &index,
        &["export", "--format", "opensearch", "--out", out.to_str().unwrap()],
    ));
    assert_eq!(
        summary.trim(),
        format!("10 articles exported to {}: index.json, 1 bulk file, queries.md", out.display())
    );

    assert_eq!(
        exported_records(&out),
        indexed_records(&index),
        "the round trip gives the index's records"
    );

    let definition = json_file(&out.join("index.json"));
    let properties = definition["mappings"]["properties"].as_object().unwrap();
    let mapped: BTreeSet<&str> =
        properties.keys().map(String::as_str).filter(|field| *field != LABELS_FIELD).collect();
    let schema = json_file(&common::repository().join("schemas/article.schema.json"));
    let record_fields: BTreeSet<&str> =
        schema["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(mapped, record_fields);
    for (field, expected) in [
        ("id", "keyword"),
        ("categories", "keyword"),
        ("tags", "keyword"),
        ("date", "date"),
        ("comments", "long"),
        ("title", "text"),
        ("body", "text"),
    ] {
        assert_eq!(properties[field]["type"], expected, "{field}");
    }

    let analysis = &definition["settings"]["index"]["analysis"];
    for (field, mapping) in properties {
        for key in ["analyzer", "search_analyzer"] {
            for analyzer in [&mapping[key], &mapping["fields"]["exact"][key]] {
                if let Some(name) = analyzer.as_str() {
                    assert!(
                        analysis["analyzer"].get(name).is_some(),
                        "{field} names the unknown analyzer {name}"
                    );
                }
            }
        }
    }
    for (name, analyzer) in analysis["analyzer"].as_object().unwrap() {
        let custom = |kind: &str| {
            analyzer[kind]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        for filter in custom("filter") {
            let built_in = ["lowercase", "asciifolding"].contains(&filter.as_str());
            assert!(
                built_in || analysis["filter"].get(&filter).is_some(),
                "{name} names the unknown filter {filter}"
            );
        }
        for char_filter in custom("char_filter") {
            assert!(analysis["char_filter"].get(&char_filter).is_some(), "{name}: {char_filter}");
        }
    }
    let queries = std::fs::read_to_string(out.join("queries.md")).unwrap();
    assert_eq!(queries.matches("```json").count(), 3);
    assert!(queries.contains("\"post_filter\"") && queries.contains("\"date_histogram\""));
}

#[test]
fn sources_are_exported_as_an_index_would_keep_them_in_files_of_the_chosen_size() {
    let directory = tempfile::tempdir().unwrap();
    let source = directory.path().join("articles.jsonl");
    let mut lines = String::new();
    for number in 0..3_000 {
        let record = serde_json::json!({"id": format!("a{number}"), "title": format!("Article {number}"), "body": "Les données ouvertes. ".repeat(40)});
        lines.push_str(&format!("{record}\n"));
    }
    lines.push_str("{\"id\":\"a1\",\"title\":\"Doublon\"}\n{\"id\":\"\",\"title\":\"Sans id\"}\n");
    std::fs::write(&source, lines).unwrap();
    let out = directory.path().join("export");
    let unused_index = directory.path().join("no-index");
    let output = trouvaille(
        &unused_index,
        &[
            "export",
            "--format",
            "opensearch",
            "--out",
            out.to_str().unwrap(),
            "--chunk-mb",
            "1",
            source.to_str().unwrap(),
        ],
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("3000 added, 0 updated, 0 unchanged, 2 rejected"), "{said}");
    assert!(said.contains("3000 articles exported"), "{said}");
    let files = bulk_files(&out);
    assert!(files.len() >= 3, "{} files for about 3 MB", files.len());
    for file in &files {
        assert!(std::fs::metadata(file).unwrap().len() <= 1024 * 1024, "{}", file.display());
    }
    let ids: BTreeSet<String> =
        exported_records(&out).into_iter().map(|article| article.id).collect();
    assert_eq!(ids.len(), 3_000);
    assert!(!unused_index.exists(), "exporting sources touches no index on disk");
}

#[test]
fn bad_export_requests_are_refused_with_a_reason() {
    let directory = indexed_archive();
    let index = index_path(&directory);
    let out = directory.path().join("export");
    for (arguments, expected) in [
        (vec!["--name", "Mon Index"], "cannot name an index"),
        (vec!["--chunk-mb", "0"], "--chunk-mb"),
        (vec!["--format", "solr"], "--format"),
    ] {
        let mut command = vec!["export", "--out", out.to_str().unwrap()];
        if !arguments.contains(&"--format") {
            command.extend(["--format", "opensearch"]);
        }
        command.extend(arguments.iter().copied());
        let output = trouvaille(&index, &command);
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success() && message.contains(expected), "{arguments:?}: {message}");
    }
}

#[test]
fn the_lucene_replay_holds_every_exported_record_and_a_search_per_judged_query() {
    let directory = indexed_archive();
    let index = index_path(&directory);
    let out = directory.path().join("export");
    let queries = directory.path().join("dev.queries.tsv");
    std::fs::write(&queries, "q1\tludification\nq2\texperience TI jiq 2013\n").unwrap();
    let arguments = ["--lucene-replay", queries.to_str().unwrap(), "--config", "no-typos"];
    let summary = stdout(&trouvaille(
        &index,
        &[&["export", "--format", "opensearch", "--out", out.to_str().unwrap()], &arguments[..]]
            .concat(),
    ));
    assert!(summary.contains("Lucene replay of 2 queries written to"), "{summary}");
    let replay = |name: &str| std::fs::read_to_string(out.join("lucene").join(name)).unwrap();
    let documents = replay("documents.tsv");
    let ids: BTreeSet<&str> =
        documents.lines().map(|line| line.split('\t').next().unwrap()).collect();
    let exported: BTreeSet<String> =
        exported_records(&out).into_iter().map(|article| article.id).collect();
    assert_eq!(ids, exported.iter().map(String::as_str).collect());
    let searches = replay("searches.tsv");
    let searched: Vec<&str> =
        searches.lines().filter(|line| line.starts_with("search\t")).collect();
    assert_eq!(searched, ["search\tq1\t0\t100", "search\tq2\t0\t100"]);
    assert!(!searches.contains("AUTO:5,9"), "no typo clause with no-typos:\n{searches}");
    assert!(replay("analysis.tsv").starts_with("analyzer\ttrouvaille_exact\n"));
    assert!(replay("fields.tsv").starts_with("similarity\tBM25\t"));
}

#[test]
fn a_malformed_query_file_stops_the_export_before_it_starts() {
    let directory = indexed_archive();
    let index = index_path(&directory);
    let out = directory.path().join("export");
    let queries = directory.path().join("dev.queries.tsv");
    std::fs::write(&queries, "q1\tludification\nq2 without a tab\n").unwrap();
    let output = trouvaille(
        &index,
        &[
            "export",
            "--format",
            "opensearch",
            "--out",
            out.to_str().unwrap(),
            "--lucene-replay",
            queries.to_str().unwrap(),
        ],
    );
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && message.contains("dev.queries.tsv:2:"), "{message}");
    assert!(!out.exists(), "nothing is exported");
}
