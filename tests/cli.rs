//! End-to-end tests of the `trouvaille` binary on the bundled E-Gouv archive: the checks an
//! editor would run from a terminal.

mod common;

use std::path::Path;
use std::process::Stdio;

use common::{
    index_path, index_settings, repository, search_json_total, stdout, trouvaille,
    trouvaille_command,
};
use serde_json::Value;

/// A fresh index of the bundled archive.
fn indexed_archive() -> tempfile::TempDir {
    common::indexed_archive()
}

fn search_json(index: &Path, arguments: &[&str]) -> Value {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(arguments);
    serde_json::from_str(&stdout(&trouvaille(index, &all))).expect("JSON output")
}

fn titles(response: &Value) -> Vec<String> {
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn reindexing_unchanged_sources_changes_nothing() {
    let index = indexed_archive();
    let meta = || std::fs::read_to_string(index_path(&index).join("meta.json")).unwrap();
    let before = meta();
    let again = stdout(&trouvaille(&index_path(&index), &["index"]));
    assert_eq!(again.trim(), "0 added, 0 updated, 10 unchanged, 0 rejected");
    assert_eq!(meta(), before, "no commit when nothing changed");
}

#[test]
fn one_indexing_thread_builds_the_same_index_and_zero_is_refused() {
    let directory = tempfile::tempdir().unwrap();
    let index = directory.path().join("index");
    let indexed = stdout(&trouvaille(&index, &["index", "--threads", "1"]));
    assert_eq!(indexed.trim(), "10 added, 0 updated, 0 unchanged, 0 rejected");
    let reference = indexed_archive();
    for query in ["ludification", "donnees ouvertes", "web"] {
        assert_eq!(
            search_json_total(&index, query),
            search_json_total(&index_path(&reference), query)
        );
    }
    let refused = stderr_of_failure(&trouvaille(&index, &["index", "--threads", "0"]));
    assert!(refused.contains("--threads"), "{refused}");
}

#[test]
fn accentless_query_finds_the_jiq_2013_article_first() {
    let index = indexed_archive();
    let response = search_json(&index_path(&index), &["experience ti"]);
    assert_eq!(titles(&response)[0], "JIQ 2013 – L’expérience TI");
    let marked = response["hits"][0]["title_html"].as_str().unwrap();
    assert!(
        marked.contains("<mark>expérience</mark>") && marked.contains("<mark>TI</mark>"),
        "{marked}"
    );
}

#[test]
fn open_data_in_british_columbia_comes_first() {
    let index = indexed_archive();
    let response = search_json(&index_path(&index), &["donnees ouvertes colombie britannique"]);
    assert!(titles(&response)[0]
        .starts_with("JIQ 2012 – Le gouvernement ouvert en Colombie-Britannique"));
    let snippet = response["hits"][0]["snippet_html"].as_str().unwrap();
    assert!(snippet.contains("<mark>données</mark>"), "{snippet}");
}

#[test]
fn domain_names_article_comes_first_in_json() {
    let index = indexed_archive();
    let response = search_json(&index_path(&index), &["nom de domaine"]);
    assert_eq!(
        titles(&response)[0],
        "Aspects légaux du Web 2.0 : Nouvelles extensions de noms de domaine\u{a0}(1/2)"
    );
    for key in ["total", "took_ms", "page", "per_page", "fallback", "did_you_mean", "facets"] {
        assert!(response.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn ludification_finds_the_infopresse_article() {
    let index = indexed_archive();
    let response = search_json(&index_path(&index), &["ludification"]);
    assert!(titles(&response).iter().any(|title| title.contains("Infopresse")));
}

#[test]
fn category_facet_is_disjunctive() {
    let index = indexed_archive();
    let response = search_json(&index_path(&index), &["", "--category", "Médias sociaux"]);
    assert_eq!(response["total"], 1);
    assert!(titles(&response)[0].contains("Infopresse"));
    let categories: Vec<(&str, u64, bool)> = response["facets"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|value| {
            (
                value["value"].as_str().unwrap(),
                value["count"].as_u64().unwrap(),
                value["selected"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(categories.contains(&("Conférences", 10, false)), "{categories:?}");
    assert!(categories.contains(&("Médias sociaux", 1, true)), "{categories:?}");
    for other in ["Design", "TI", "Techno", "Évènement"] {
        assert!(categories.iter().any(|(value, _, _)| *value == other), "{other} missing");
    }
}

#[test]
fn date_range_keeps_exactly_the_dated_2013_articles() {
    let index = indexed_archive();
    let response =
        search_json(&index_path(&index), &["", "--from", "2013-01-01", "--to", "2013-12-31"]);
    let dates: Vec<&str> = response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2013-02-20", "2013-02-18"]);
    let years = &response["facets"]["years"];
    assert!(
        years.as_array().unwrap().iter().any(|year| year["value"] == "2012"),
        "years facet lifts the date filter"
    );
}

#[test]
fn human_output_is_plain_when_piped() {
    let index = indexed_archive();
    let text = stdout(&trouvaille(&index_path(&index), &["search", "ludification"]));
    assert!(text.starts_with("1 résultat pour « ludification »"), "{text}");
    assert!(!text.contains('\x1b') && !text.contains("<mark>"), "{text}");
}

#[test]
fn bad_parameters_are_named_in_the_error() {
    let index = indexed_archive();
    for (arguments, parameter) in [
        (vec!["search", "x", "--from", "2013-13-45"], "from"),
        (vec!["search", "x", "--per-page", "1000"], "per_page"),
        (vec!["search", "x", "--page", "0"], "page"),
        (vec!["search", "x", "--sort", "newest"], "sort"),
    ] {
        let output = trouvaille(&index_path(&index), &arguments);
        assert!(!output.status.success());
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(error.contains(&format!("`{parameter}`")), "{error}");
        assert!(!error.contains("panicked"), "{error}");
    }
}

#[test]
fn searching_without_an_index_says_how_to_build_one() {
    let directory = tempfile::tempdir().unwrap();
    let output = trouvaille(&directory.path().join("absent"), &["search", "x"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("trouvaille index"));
}

#[test]
fn rejected_records_are_named_and_the_rest_indexed() {
    let directory = tempfile::tempdir().unwrap();
    let source = directory.path().join("articles.jsonl");
    std::fs::write(
        &source,
        concat!(
            "{\"id\":\"a\",\"title\":\"Données ouvertes\",\"body\":\"Texte\"}\n",
            "{\"id\":\"b\",\"title\":\"\"}\n",
            "pas du JSON\n",
            "{\"id\":\"a\",\"title\":\"Doublon\"}\n",
        ),
    )
    .unwrap();
    let index = directory.path().join("index");
    let output = trouvaille(&index, &["index", source.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "the exit status says records were rejected");
    let summary = String::from_utf8_lossy(&output.stdout);
    assert_eq!(summary.trim(), "1 added, 0 updated, 0 unchanged, 3 rejected");
    let errors = String::from_utf8_lossy(&output.stderr);
    for line in [":2:", ":3:", ":4:"] {
        assert!(errors.contains(line), "{line} not named in {errors}");
    }
    assert!(errors.contains("duplicate id"), "{errors}");

    let strict = trouvaille(
        &directory.path().join("strict"),
        &["index", "--strict", source.to_str().unwrap()],
    );
    assert!(!strict.status.success());
    assert!(String::from_utf8_lossy(&strict.stderr).contains("nothing was committed"));
}

#[test]
fn updated_articles_are_replaced_and_rebuild_starts_over() {
    let directory = tempfile::tempdir().unwrap();
    let source = directory.path().join("articles.jsonl");
    let index = directory.path().join("index");
    let write = |title: &str| {
        std::fs::write(
            &source,
            format!(
                "{{\"id\":\"a\",\"title\":\"{title}\"}}\n{{\"id\":\"b\",\"title\":\"Autre\"}}\n"
            ),
        )
        .unwrap()
    };
    write("Première version");
    stdout(&trouvaille(&index, &["index", source.to_str().unwrap()]));
    write("Seconde version");
    let summary = stdout(&trouvaille(&index, &["index", source.to_str().unwrap()]));
    assert_eq!(summary.trim(), "0 added, 1 updated, 1 unchanged, 0 rejected");
    let response = search_json(&index, &["version"]);
    assert_eq!(titles(&response), ["Seconde version"]);
    let rebuilt = stdout(&trouvaille(&index, &["index", "--rebuild", source.to_str().unwrap()]));
    assert_eq!(rebuilt.trim(), "2 added, 0 updated, 0 unchanged, 0 rejected");
}

#[test]
fn prune_removes_articles_gone_from_the_sources_and_delete_removes_by_id() {
    let directory = tempfile::tempdir().unwrap();
    let source = directory.path().join("articles.jsonl");
    let index = directory.path().join("index");
    let articles = |ids: &[&str]| {
        let lines: Vec<String> = ids
            .iter()
            .map(|id| format!("{{\"id\":\"{id}\",\"title\":\"Article {id}\"}}"))
            .collect();
        std::fs::write(&source, lines.join("\n")).unwrap();
    };
    let index_source = |extra: &[&str]| {
        let mut arguments = vec!["index", source.to_str().unwrap()];
        arguments.extend_from_slice(extra);
        trouvaille(&index, &arguments)
    };
    articles(&["a", "b", "c"]);
    stdout(&index_source(&[]));
    articles(&["a", "b"]);
    assert_eq!(stdout(&index_source(&[])).trim(), "0 added, 0 updated, 2 unchanged, 0 rejected");
    assert_eq!(search_json(&index, &["article"])["total"], 3, "without --prune, c stays");
    let pruned = stdout(&index_source(&["--prune"]));
    assert_eq!(pruned.trim(), "0 added, 0 updated, 2 unchanged, 0 rejected, 1 pruned");
    assert_eq!(search_json(&index, &["article"])["total"], 2);

    std::fs::write(&source, "{\"id\":\"a\",\"title\":\"Article a\"}\nnot json\n").unwrap();
    let refused = index_source(&["--prune"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--prune removed nothing"));
    assert_eq!(search_json(&index, &["article"])["total"], 2, "b is kept: a record was rejected");

    let deleted = trouvaille(&index, &["delete", "b", "absent"]);
    assert_eq!(deleted.status.code(), Some(1), "an unknown id fails the command");
    assert_eq!(String::from_utf8_lossy(&deleted.stdout).trim(), "1 deleted, 1 not found");
    assert_eq!(search_json(&index, &["article"])["total"], 1);
}

/// The seed dev queries of ../shared/bench, mapped to our ids by title: every answer in the top 3.
#[test]
fn seed_dev_queries_have_their_answer_in_the_top_three() {
    let bench = repository().join("../shared/bench");
    if !bench.join("seed_dev.qrels").exists() {
        eprintln!("skipping: ../shared/bench not found");
        return;
    }
    let read = |name: &str| std::fs::read_to_string(bench.join(name)).unwrap();
    let collapse = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let title_of: std::collections::HashMap<String, String> = read("seed_ids.tsv")
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once('\t'))
        .map(|(id, title)| (id.to_string(), collapse(title)))
        .collect();
    let index = indexed_archive();
    for line in read("seed_dev.queries.tsv").lines() {
        let (query_id, query) = line.split_once('\t').unwrap();
        let qrels = read("seed_dev.qrels");
        let answers: Vec<String> = qrels
            .lines()
            .filter_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let is_answer = fields.len() == 4 && fields[0] == query_id && fields[3] == "2";
                is_answer.then(|| title_of[fields[2]].clone())
            })
            .collect();
        assert!(!answers.is_empty(), "{query_id} has no answer in the qrels");
        let top: Vec<String> =
            titles(&search_json(&index_path(&index), &[query, "--per-page", "3"]))
                .iter()
                .map(|title| collapse(title))
                .collect();
        for answer in answers {
            assert!(top.contains(&answer), "{query_id} {query:?}: {answer:?} not in top 3 {top:?}");
        }
    }
}

/// Regression: the range filter used the UTC instant while the day shown and the years facet
/// use the day as written, so an article of 2012-12-31 at 22:00 in Québec fell out of 2012.
#[test]
fn date_ranges_select_the_days_articles_show() {
    let directory = tempfile::tempdir().unwrap();
    let source = directory.path().join("articles.jsonl");
    let record = r#"{"id":"reveillon","title":"Réveillon","date":"2012-12-31T22:00:00-05:00"}"#;
    std::fs::write(&source, format!("{record}\n")).unwrap();
    let index = directory.path().join("index");
    stdout(&trouvaille(&index, &["index", source.to_str().unwrap()]));
    let year_2012 = search_json(&index, &["", "--from", "2012-01-01", "--to", "2012-12-31"]);
    assert_eq!(year_2012["total"], 1);
    assert_eq!(year_2012["hits"][0]["date"], "2012-12-31");
    assert_eq!(year_2012["facets"]["years"][0]["value"], "2012");
    assert_eq!(year_2012["facets"]["years"][0]["selected"], true);
    let year_2030 = search_json(&index, &["", "--from", "2030-01-01", "--to", "2030-12-31"]);
    assert_eq!(year_2030["total"], 0);
    let years = year_2030["facets"]["years"].as_array().unwrap();
    assert!(
        years
            .iter()
            .any(|year| year["value"] == "2030" && year["count"] == 0 && year["selected"] == true),
        "a selected year is listed even with no article: {years:?}"
    );
}

/// Regression: a query of exclusions only was ordered by equal scores, not newest first, and
/// the CLI refused a query starting with `-`.
#[test]
fn an_exclusion_only_query_lists_the_rest_newest_first() {
    let index = indexed_archive();
    let response = search_json(&index_path(&index), &["-waq"]);
    let dates: Vec<&str> = response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|hit| hit["date"].as_str())
        .collect();
    assert_eq!(dates.first(), Some(&"2013-02-20"), "{response}");
    assert!(dates.windows(2).all(|pair| pair[0] >= pair[1]), "{dates:?}");
}

fn stderr_of_failure(output: &std::process::Output) -> String {
    assert!(
        !output.status.success(),
        "should have failed: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    let error = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!error.contains("panicked"), "{error}");
    error
}

/// `--stemmer` chooses the stemmer of a new index, which keeps it: Savoy's light stemmer takes
/// `folle` to `fou`, which Snowball does not. Asking an existing index for another stemming
/// needs `--rebuild`, which otherwise keeps the index's stemming.
#[test]
fn the_stemmer_is_chosen_when_an_index_is_built_and_kept_after() {
    let directory = tempfile::tempdir().unwrap();
    let source = directory.path().join("articles.jsonl");
    std::fs::write(&source, "{\"id\":\"folle\",\"title\":\"Une journée folle\"}\n").unwrap();
    let source = source.to_str().unwrap();
    let light = directory.path().join("light");
    let snowball = directory.path().join("snowball");
    stdout(&trouvaille(&light, &["index", "--stemmer", "light", source]));
    stdout(&trouvaille(&snowball, &["index", source]));
    assert_eq!(index_settings(&light)["stemmer"], "light");
    assert_eq!(index_settings(&light)["stemming_order"], "stem-then-fold");
    assert_eq!(index_settings(&snowball)["stemmer"], "snowball");
    assert_eq!(search_json(&light, &["fou"])["total"], 1, "light: folle → fou");
    assert_eq!(search_json(&snowball, &["fou"])["total"], 0, "snowball: folle → fol");

    let again = stdout(&trouvaille(&light, &["index", source]));
    assert_eq!(again.trim(), "0 added, 0 updated, 1 unchanged, 0 rejected");
    assert_eq!(index_settings(&light)["stemmer"], "light", "no flag: the index keeps its own");

    let error = stderr_of_failure(&trouvaille(&light, &["index", "--stemmer", "minimal", source]));
    assert!(
        error.contains(&format!(
            "the index at {} was built with --stemmer light --stemming-order stem-then-fold; \
             add --rebuild to rebuild it with --stemmer minimal --stemming-order stem-then-fold",
            light.display()
        )),
        "{error}"
    );
    assert_eq!(index_settings(&light)["stemmer"], "light", "a refused run changes nothing");

    let rebuilt = stdout(&trouvaille(
        &light,
        &["index", "--rebuild", "--stemming-order", "fold-then-stem", source],
    ));
    assert_eq!(rebuilt.trim(), "1 added, 0 updated, 0 unchanged, 0 rejected");
    assert_eq!(index_settings(&light)["stemmer"], "light", "a rebuild keeps what no flag changes");
    assert_eq!(index_settings(&light)["stemming_order"], "fold-then-stem");
    stdout(&trouvaille(&light, &["index", "--rebuild", "--stemmer", "minimal", source]));
    assert_eq!(index_settings(&light)["stemmer"], "minimal");

    let error = stderr_of_failure(&trouvaille(&light, &["index", "--stemmer", "porter", source]));
    assert!(error.contains("`snowball`, `light`, `minimal`"), "{error}");
}

/// `--config`, `$TROUVAILLE_CONFIG` and `--configs FILE` choose the ranking: with `and`, an
/// article must hold every word.
#[test]
fn search_ranks_with_the_named_configuration() {
    let index = indexed_archive();
    let index = index_path(&index);
    let query = "ludification zyxwvut";
    assert_eq!(search_json(&index, &[query])["total"], 1, "default: any word");
    assert_eq!(search_json(&index, &[query, "--config", "and"])["total"], 0);
    let from_environment = trouvaille_command(&index)
        .env("TROUVAILLE_CONFIG", "and")
        .args(["search", "--json", query])
        .output()
        .unwrap();
    let response: Value = serde_json::from_str(&stdout(&from_environment)).unwrap();
    assert_eq!(response["total"], 0, "$TROUVAILLE_CONFIG names the configuration");

    let file = index.with_file_name("mine.toml");
    std::fs::write(&file, "[every-word]\nmatching = \"all\"\n").unwrap();
    let mine = ["--config", "every-word", "--configs", file.to_str().unwrap()];
    assert_eq!(search_json(&index, &[&[query][..], &mine].concat())["total"], 0);
}

#[test]
fn an_unknown_configuration_is_refused_with_the_known_names() {
    let index = indexed_archive();
    let output = trouvaille(&index_path(&index), &["search", "x", "--config", "no-such-name"]);
    let error = stderr_of_failure(&output);
    assert!(error.contains("no configuration named \"no-such-name\"; defined: "), "{error}");
    assert!(error.contains("and, and-then-most-words") && error.contains("default"), "{error}");
}

/// A configuration needing another stemmer than the index's would miss articles silently:
/// `search` and `serve` refuse it, naming both stemmings.
#[test]
fn a_configuration_needing_another_stemming_is_refused() {
    let index = indexed_archive();
    let index = index_path(&index);
    let expected = format!(
        "configuration \"light-stemmer\" needs an index built with --stemmer light \
         --stemming-order stem-then-fold, but the index at {} was built with --stemmer snowball \
         --stemming-order stem-then-fold; rebuild it with `trouvaille index --rebuild`",
        index.display()
    );
    let search = trouvaille(&index, &["search", "x", "--config", "light-stemmer"]);
    let error = stderr_of_failure(&search);
    assert!(error.contains(&expected), "{error}");
    // Refused before listening: the address, not one of this machine's, is never bound.
    let serve = ["serve", "--addr", "192.0.2.1:8080", "--config", "light-stemmer"];
    let error = stderr_of_failure(&trouvaille(&index, &serve));
    assert!(error.contains(&expected), "{error}");
}

/// Regression: `trouvaille search … | head -1` panicked writing to the closed pipe.
#[test]
fn search_output_ends_quietly_when_the_reader_goes_away() {
    let index = indexed_archive();
    let mut child = trouvaille_command(&index_path(&index))
        .args(["search", "-zzzz", "--per-page", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{error}");
    assert!(error.is_empty(), "{error}");
}
