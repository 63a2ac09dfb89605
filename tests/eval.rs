//! End-to-end tests of `trouvaille eval` on the bundled archive, with judgments written here:
//! what a search owner runs to measure and compare rankings.

mod common;

use std::path::Path;

use common::{index_path, stdout, trouvaille};
use serde_json::Value;

const LUDIFICATION: &str =
    "strategies-et-innovations-web-retour-sur-la-journee-infopresse-de-quebec";
const JIQ_2013: &str = "jiq-2013-l-experience-ti";

/// Two judged queries over the archive, in a temporary folder.
fn judged_queries() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let queries = "q1\tludification\nq2\texperience TI jiq 2013\n";
    let qrels = format!("q1 0 {LUDIFICATION} 2\nq2 0 {JIQ_2013} 1\nq2 0 {LUDIFICATION} 0\n");
    std::fs::write(folder.path().join("dev.queries.tsv"), queries).unwrap();
    std::fs::write(folder.path().join("dev.qrels"), qrels).unwrap();
    folder
}

fn eval(index: &Path, judged: &Path, extra: &[&str]) -> std::process::Output {
    let queries = judged.join("dev.queries.tsv");
    let qrels = judged.join("dev.qrels");
    let mut arguments =
        vec!["eval", "--queries", queries.to_str().unwrap(), "--qrels", qrels.to_str().unwrap()];
    arguments.extend_from_slice(extra);
    trouvaille(index, &arguments)
}

#[test]
fn two_configurations_are_compared_with_runs_written() {
    let index = common::indexed_archive();
    let judged = judged_queries();
    let run = judged.path().join("run.txt");
    let output = eval(
        &index_path(&index),
        judged.path(),
        &["--json", "--config", "default", "--config", "and", "--run-out", run.to_str().unwrap()],
    );
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON report");
    let configs = report["configs"].as_array().unwrap();
    let names: Vec<&str> = configs.iter().map(|config| config["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["default", "and"]);
    let default = &configs[0];
    assert_eq!(default["per_query"]["q1"]["ndcg_at_10"], 1.0, "the only relevant article first");
    assert_eq!(default["per_query"]["q1"]["mrr_at_10"], 1.0);
    let mean = default["mean"]["ndcg_at_10"].as_f64().unwrap();
    assert!((0.5..=1.0).contains(&mean), "{mean}");
    let comparison = &report["comparisons"][0];
    assert_eq!(comparison["candidate"], "and");
    let outcomes = ["wins", "losses", "ties"].map(|key| comparison[key].as_u64().unwrap());
    assert_eq!(outcomes.iter().sum::<u64>(), 2, "one outcome per judged query");
    let p_value = comparison["p_value"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p_value));
    for name in ["default", "and"] {
        let written =
            std::fs::read_to_string(judged.path().join(format!("run.{name}.txt"))).unwrap();
        let first: Vec<&str> = written.lines().next().unwrap().split(' ').collect();
        assert_eq!(first.len(), 6, "qid Q0 docid rank score tag: {first:?}");
        assert_eq!((first[0], first[1], first[3], first[5]), ("q1", "Q0", "1", name));
        assert_eq!(first[2], LUDIFICATION);
    }
}

#[test]
fn the_table_shows_every_metric_and_each_query() {
    let index = common::indexed_archive();
    let judged = judged_queries();
    let table = stdout(&eval(&index_path(&index), judged.path(), &[]));
    for label in ["nDCG@10", "MRR@10", "P@10", "Recall@10", "Recall@100", "MAP"] {
        assert!(table.contains(label), "{label} missing from:\n{table}");
    }
    assert!(table.contains("q2") && table.contains("experience TI jiq 2013"), "{table}");
}

#[test]
fn unknown_configurations_and_malformed_judgments_are_named() {
    let index = common::indexed_archive();
    let judged = judged_queries();
    let unknown = eval(&index_path(&index), judged.path(), &["--config", "fastest"]);
    assert!(!unknown.status.success());
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(message.contains("no configuration named \"fastest\"; defined: "), "{message}");
    std::fs::write(judged.path().join("dev.qrels"), "q1 0 only-three-fields\n").unwrap();
    let malformed = eval(&index_path(&index), judged.path(), &[]);
    assert!(!malformed.status.success());
    let message = String::from_utf8_lossy(&malformed.stderr);
    assert!(message.contains("dev.qrels:1:"), "{message}");
}

#[test]
fn a_stemming_the_index_lacks_needs_the_corpus() {
    let index = common::indexed_archive();
    let judged = judged_queries();
    let refused = eval(&index_path(&index), judged.path(), &["--config", "light-stemmer"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--corpus"));
    let corpus = common::repository().join("corpus");
    let built = eval(
        &index_path(&index),
        judged.path(),
        &["--json", "--config", "light-stemmer", "--corpus", corpus.to_str().unwrap()],
    );
    let report: Value = serde_json::from_str(&stdout(&built)).expect("JSON report");
    assert_eq!(report["configs"][0]["per_query"]["q1"]["ndcg_at_10"], 1.0);
}

/// A run made elsewhere, its lines out of score order; q9 has no judgment.
fn elsewhere_run() -> String {
    format!(
        "q1 Q0 not-judged 1 3.5 other\n\
         q1 Q0 {LUDIFICATION} 2 2.25 other\n\
         q2 Q0 {JIQ_2013} 1 8 other\n\
         q2 Q0 {LUDIFICATION} 2 9 other\n\
         q9 Q0 not-judged 1 1 other\n"
    )
}

#[test]
fn a_run_made_elsewhere_is_scored_and_compared_like_a_configuration() {
    let index = common::indexed_archive();
    let judged = judged_queries();
    let run = judged.path().join("elsewhere.run");
    std::fs::write(&run, elsewhere_run()).unwrap();
    let run_in = ["--run-in", run.to_str().unwrap()];
    let written = judged.path().join("written.run");
    let run_out = ["--json", "--run-out", written.to_str().unwrap()];
    let output = eval(&index_path(&index), judged.path(), &[&run_out[..], &run_in].concat());
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON report");
    let configs = report["configs"].as_array().unwrap();
    let names: Vec<&str> = configs.iter().map(|config| config["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["default", "elsewhere"]);
    let elsewhere = &configs[1];
    assert_eq!(elsewhere["run_file"], run.to_str().unwrap());
    assert!(elsewhere.get("config").is_none());
    // Both relevant articles at rank 2 once ordered by score (the rank column is ignored):
    // nDCG@10 = (grade / log2 3) / grade, MRR@10 = 1/2, AP = 1/2, P@10 = 1/10.
    let expected_ndcg = 1.0 / 3f64.log2();
    for query in ["q1", "q2"] {
        let metrics = &elsewhere["per_query"][query];
        assert_close(metrics["ndcg_at_10"].as_f64().unwrap(), expected_ndcg);
        assert_eq!(metrics["mrr_at_10"], 0.5);
        assert_eq!(metrics["average_precision"], 0.5);
        assert_eq!(metrics["precision_at_10"], 0.1);
    }
    assert_close(elsewhere["mean"]["ndcg_at_10"].as_f64().unwrap(), expected_ndcg);
    assert!(written.is_file(), "the one configuration's run keeps the name given");
    assert!(!judged.path().join("written.elsewhere.run").exists(), "a run read is not rewritten");
    assert_eq!(elsewhere["unevaluated_run_query_ids"], serde_json::json!(["q9"]));
    let comparison = &report["comparisons"][0];
    assert_eq!(
        (comparison["baseline"].as_str(), comparison["candidate"].as_str()),
        (Some("default"), Some("elsewhere"))
    );
    let default_mean = configs[0]["mean"]["ndcg_at_10"].as_f64().unwrap();
    assert_close(comparison["mean_difference"].as_f64().unwrap(), expected_ndcg - default_mean);
    assert!(comparison["losses"].as_u64().unwrap() >= 1, "default ranks q1's article first");
    let table = stdout(&eval(&index_path(&index), judged.path(), &run_in));
    assert!(table.contains("\nelsewhere "), "{table}");
    assert!(table.contains("elsewhere: queries without a relevant judgment, not evaluated: q9"));
}

#[test]
fn a_malformed_or_misnamed_run_is_refused_with_its_file() {
    let index = common::indexed_archive();
    let judged = judged_queries();
    let run = judged.path().join("broken.run");
    std::fs::write(&run, "q1 Q0 a 1 2.0 t\nq1 Q0 b second 1.0 t\n").unwrap();
    let refused = eval(&index_path(&index), judged.path(), &["--run-in", run.to_str().unwrap()]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("broken.run:2: the rank `second` is not an integer"), "{message}");
    let named_like_a_config = judged.path().join("default.run");
    std::fs::write(&named_like_a_config, elsewhere_run()).unwrap();
    let arguments = ["--run-in", named_like_a_config.to_str().unwrap()];
    let refused = eval(&index_path(&index), judged.path(), &arguments);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("would be named \"default\""), "{message}");
}

fn assert_close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
}
