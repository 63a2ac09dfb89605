//! Parity of analysis, tested for real: the analyzers of an exported `index.json` are run in
//! Lucene 8 (Debian's `liblucene8-java`, through `tests/lucene/AnalyzeWithLucene.java`) on the
//! golden lines of `tests/fixtures/analysis-golden.txt`, and their tokens (term and position)
//! are compared with Trouvaille's own analysis of the same lines, in the fold-then-stem order
//! the export reproduces; the synonym analyzer is compared by the readings of each line. The
//! chain given to Lucene is written from the parsed `index.json` (by the exporter's
//! `lucene_replay::analyzer_chain`), so the file a cluster receives is what is tested.
//!
//! A second test ranks the exported searches in Lucene with `benches/lucene/RankWithLucene.java`
//! (what `benches/opensearch_relevance.sh` measures), on the bundled archive.
//!
//! Every difference must be listed, with its reason, in
//! `tests/fixtures/lucene-known-differences.tsv`; the test fails on an unlisted difference and
//! on a listed one that no longer occurs, and prints the rows to paste. Without a JDK or the
//! Lucene jars the test is skipped with a message, unless `CI` is set: then it fails, as CI
//! must run it (`.ci/run` installs `liblucene8-java` and `default-jdk-headless`).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{has_tools_for, repository, stdout, trouvaille};
use indexer::analysis::{FrenchAnalyzer, StemmerAlgorithm, Stemming, StemmingOrder};
use indexer::evaluation::Run;
use indexer::export::opensearch::lucene_replay::analyzer_chain;
use indexer::export::opensearch::{EXACT_ANALYZER, STEMMED_ANALYZER, STEMMED_SYNONYMS_ANALYZER};
use indexer::search::synonyms::{matching_words, Synonyms};
use serde::Deserialize;
use serde_json::Value;

/// Debian's Lucene 8.8.1 (the jars of `liblucene8-java`, whatever their file names say); misc
/// holds the BM25 OpenSearch 1.x scores with.
const LUCENE_JARS: [&str; 3] = [
    "/usr/share/maven-repo/org/apache/lucene/lucene-core/8.x/lucene-core-8.x.jar",
    "/usr/share/maven-repo/org/apache/lucene/lucene-analyzers-common/8.x/lucene-analyzers-common-8.x.jar",
    "/usr/share/maven-repo/org/apache/lucene/lucene-misc/8.x/lucene-misc-8.x.jar",
];
const HELPER: &str = "tests/lucene/AnalyzeWithLucene.java";
/// The ranker of `benches/opensearch_relevance.sh`, compiled with [`HELPER`].
const RANKER: &str = "benches/lucene/RankWithLucene.java";
const LUDIFICATION: &str =
    "strategies-et-innovations-web-retour-sur-la-journee-infopresse-de-quebec";
const GOLDEN: &str = "tests/fixtures/analysis-golden.txt";
const KNOWN_DIFFERENCES: &str = "tests/fixtures/lucene-known-differences.tsv";
/// A position a removed stopword leaves empty, in a rendered synonym path.
const GAP: &str = "-";

/// One exported analyzer compared with Trouvaille: the export made with a named configuration
/// (which chooses the stemmer and the synonyms), and the analyzer of its `index.json`.
struct Comparison {
    config: &'static str,
    stemmer: StemmerAlgorithm,
    analyzer: &'static str,
    /// The analyzer's name in the helper's chain file and in the known differences.
    label: &'static str,
}

/// The exact analyzer does not depend on the stemmer: it is compared once.
const COMPARISONS: [Comparison; 5] = [
    Comparison {
        config: "synonyms",
        stemmer: StemmerAlgorithm::Snowball,
        analyzer: STEMMED_ANALYZER,
        label: "stemmed/french",
    },
    Comparison {
        config: "synonyms",
        stemmer: StemmerAlgorithm::Snowball,
        analyzer: EXACT_ANALYZER,
        label: "exact",
    },
    Comparison {
        config: "synonyms",
        stemmer: StemmerAlgorithm::Snowball,
        analyzer: STEMMED_SYNONYMS_ANALYZER,
        label: "synonyms/french",
    },
    Comparison {
        config: "light-stemmer",
        stemmer: StemmerAlgorithm::Light,
        analyzer: STEMMED_ANALYZER,
        label: "stemmed/light_french",
    },
    Comparison {
        config: "minimal-stemmer",
        stemmer: StemmerAlgorithm::Minimal,
        analyzer: STEMMED_ANALYZER,
        label: "stemmed/minimal_french",
    },
];

#[test]
fn the_exported_analyzers_give_trouvaille_tokens_in_lucene() {
    let repository = repository();
    if !lucene_is_installed() {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let chain = scratch.path().join("chain.tsv");
    std::fs::write(&chain, chain_file(scratch.path())).unwrap();
    let lines = golden_lines(&repository.join(GOLDEN));
    let found = differences(&lines, &run_lucene(&chain, &lines));
    let listed = known_differences(&repository.join(KNOWN_DIFFERENCES));
    let problems = unexplained(&found, &listed);
    assert!(
        problems.is_empty(),
        "Trouvaille and Lucene differ otherwise than {KNOWN_DIFFERENCES} says \
         (columns: input, analyzer, trouvaille, lucene, reason):\n{}",
        problems.join("\n")
    );
}

/// The golden lines where the two engines differ, by (line as written, analyzer label).
fn differences(
    lines: &[(String, String)],
    lucene: &[BTreeMap<String, Vec<LuceneToken>>],
) -> BTreeMap<(String, String), Tokens> {
    let mut found = BTreeMap::new();
    for comparison in &COMPARISONS {
        let analyzer = FrenchAnalyzer::with_stemming(Stemming {
            algorithm: comparison.stemmer,
            order: StemmingOrder::FoldThenStem,
        });
        for ((written, text), tokens) in lines.iter().zip(lucene) {
            let ours = trouvaille_rendering(&analyzer, comparison.analyzer, text);
            let theirs = lucene_rendering(comparison.analyzer, &tokens[comparison.label]);
            if ours != theirs {
                let key = (written.clone(), comparison.label.to_string());
                found.insert(key, Tokens { trouvaille: ours, lucene: theirs });
            }
        }
    }
    found
}

/// The replay of an export of the bundled archive, ranked by Lucene as the query DSL says: a
/// word one typo away is found through the fuzzy clause, and only with typo tolerance.
#[test]
fn the_exported_searches_rank_in_lucene_as_their_query_dsl_says() {
    if !lucene_is_installed() {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let classes = scratch.path().join("classes");
    let compiled = Command::new("javac")
        .current_dir(repository())
        .args(["-d", classes.to_str().unwrap(), "-cp", &LUCENE_JARS.join(":"), HELPER, RANKER])
        .output()
        .unwrap();
    assert!(compiled.status.success(), "{}", String::from_utf8_lossy(&compiled.stderr));
    let queries = scratch.path().join("dev.queries.tsv");
    std::fs::write(&queries, "q1\tludification\nq2\tludificaton\n").unwrap();
    let with_typos = lucene_run(scratch.path(), &classes, &queries, "default");
    let without_typos = lucene_run(scratch.path(), &classes, &queries, "no-typos");
    assert_eq!(first(&with_typos, "q1"), Some(LUDIFICATION));
    assert_eq!(first(&with_typos, "q2"), Some(LUDIFICATION), "one typo away");
    assert_eq!(first(&without_typos, "q1"), Some(LUDIFICATION));
    assert_eq!(without_typos.get("q2"), None, "no typo tolerance, no match");
}

/// The first document of `query` in `run`.
fn first<'a>(run: &'a Run, query: &str) -> Option<&'a str> {
    run.get(query).and_then(|list| list.document_ids().next())
}

/// The run of `RankWithLucene` on the replay of the bundled archive exported with `config`.
fn lucene_run(scratch: &Path, classes: &Path, queries: &Path, config: &str) -> Run {
    let out = scratch.join(config);
    let corpus = repository().join("corpus");
    let arguments = ["export", "--format", "opensearch", "--config", config];
    let replay = ["--lucene-replay", queries.to_str().unwrap(), corpus.to_str().unwrap()];
    let out_flag = ["--out", out.to_str().unwrap()];
    stdout(&trouvaille(
        &scratch.join("unused-index"),
        &[&arguments[..], &out_flag, &replay].concat(),
    ));
    let classpath = format!("{}:{}", LUCENE_JARS.join(":"), classes.display());
    let ranked = Command::new("java")
        .args(["-cp", &classpath, "RankWithLucene", out.join("lucene").to_str().unwrap(), config])
        .output()
        .unwrap();
    assert!(ranked.status.success(), "{}", String::from_utf8_lossy(&ranked.stderr));
    Run::parse(&String::from_utf8(ranked.stdout).unwrap(), Path::new("lucene.run")).unwrap()
}

/// True when the JDK and the jars are installed; otherwise the test is skipped with a message,
/// unless under CI, which must run it.
fn lucene_is_installed() -> bool {
    has_tools_for("Lucene tests", &missing_tools(), "Lucene 8 and a JDK")
}

/// What is missing to run the helper in Lucene, if anything.
fn missing_tools() -> Vec<String> {
    let mut missing: Vec<String> = LUCENE_JARS
        .iter()
        .filter(|jar| !Path::new(jar).is_file())
        .map(|jar| format!("{jar} (Debian's liblucene8-java)"))
        .collect();
    // Single-file source mode compiles: a JDK, not a mere runtime.
    let jdk_runs = Command::new("javac").arg("-version").output();
    if !jdk_runs.is_ok_and(|output| output.status.success()) {
        missing.push("javac (JDK 17 or later, Debian's default-jdk-headless)".to_string());
    }
    missing
}

/// The chain file of every compared analyzer, each read from the `index.json` of an export.
fn chain_file(scratch: &Path) -> String {
    let source = scratch.join("article.jsonl");
    std::fs::write(&source, "{\"id\":\"a\",\"title\":\"L’État\",\"body\":\"Les données.\"}\n")
        .unwrap();
    let mut analyses: BTreeMap<&str, Value> = BTreeMap::new();
    let mut file = String::new();
    for comparison in &COMPARISONS {
        let analysis = analyses
            .entry(comparison.config)
            .or_insert_with(|| exported_analysis(scratch, &source, comparison.config));
        let lines = analyzer_chain(analysis, comparison.analyzer, comparison.label)
            .unwrap_or_else(|error| panic!("{error}"));
        for line in lines {
            file.push_str(&line);
            file.push('\n');
        }
    }
    file
}

/// `settings.index.analysis` of `trouvaille export --config CONFIG SOURCE`, parsed.
fn exported_analysis(scratch: &Path, source: &Path, config: &str) -> Value {
    let out = scratch.join(config);
    let (out_path, source_path) = (out.to_str().unwrap(), source.to_str().unwrap());
    let arguments =
        ["export", "--format", "opensearch", "--config", config, "--out", out_path, source_path];
    stdout(&trouvaille(&scratch.join("unused-index"), &arguments));
    let text = std::fs::read_to_string(out.join("index.json")).unwrap();
    let definition: Value = serde_json::from_str(&text).unwrap();
    definition["settings"]["index"]["analysis"].clone()
}

/// The golden lines, each as written (the key of the known differences) and as text.
fn golden_lines(path: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| (line.to_string(), with_escapes_decoded(line)))
        .collect()
}

/// `\u{HEX}` written for the character it names.
fn with_escapes_decoded(line: &str) -> String {
    let mut text = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("\\u{") {
        text.push_str(&rest[..start]);
        let end = start + rest[start..].find('}').expect("a closing brace");
        let code = u32::from_str_radix(&rest[start + 3..end], 16).expect("a hexadecimal code");
        text.push(char::from_u32(code).expect("a character"));
        rest = &rest[end + 1..];
    }
    text.push_str(rest);
    text
}

/// One token as the helper prints it.
#[derive(Debug, Deserialize)]
struct LuceneToken {
    term: String,
    position: usize,
    /// Positions the token spans: more than one for a synonym standing for several words.
    #[serde(default = "one_position")]
    length: usize,
}

fn one_position() -> usize {
    1
}

/// For each golden line, the tokens of every compared analyzer, by label.
fn run_lucene(chain: &Path, lines: &[(String, String)]) -> Vec<BTreeMap<String, Vec<LuceneToken>>> {
    let classpath = LUCENE_JARS.join(":");
    let mut java = Command::new("java")
        .current_dir(repository())
        .args(["-cp", &classpath, HELPER, "tokens", chain.to_str().unwrap()])
        .args(COMPARISONS.iter().map(|comparison| comparison.label))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("java starts");
    let input: String = lines.iter().map(|(_, text)| format!("{text}\n")).collect();
    let mut stdin = java.stdin.take().unwrap();
    // Written from a thread: the helper answers while it reads, and would block on a full pipe.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = java.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "the helper failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<_> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(answers.len(), lines.len(), "one answer per golden line");
    answers
}

/// The tokens of one line by both engines, rendered alike.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tokens {
    trouvaille: String,
    lucene: String,
}

/// Tokens as `term@position`, by position then term; synonym graphs as their paths.
fn trouvaille_rendering(analyzer: &FrenchAnalyzer, exported: &str, text: &str) -> String {
    let tokens = match exported {
        STEMMED_ANALYZER => analyzer.stemmed_tokens(text),
        EXACT_ANALYZER => analyzer.exact_tokens(text),
        STEMMED_SYNONYMS_ANALYZER => return synonym_paths(analyzer, text),
        other => panic!("no Trouvaille counterpart of {other}"),
    };
    positioned(tokens.into_iter().map(|token| (token.position, token.term)))
}

fn lucene_rendering(exported: &str, tokens: &[LuceneToken]) -> String {
    if exported == STEMMED_SYNONYMS_ANALYZER {
        return graph_paths(tokens);
    }
    positioned(tokens.iter().map(|token| (token.position, token.term.clone())))
}

fn positioned(tokens: impl Iterator<Item = (usize, String)>) -> String {
    let mut tokens: Vec<(usize, String)> = tokens.collect();
    tokens.sort();
    let rendered: Vec<String> =
        tokens.into_iter().map(|(position, term)| format!("{term}@{position}")).collect();
    rendered.join(" ")
}

/// Every reading of the query `text` with Trouvaille's synonyms: the typed words or one of
/// their alternatives at each expansion, stemmed, `-` for a stopword; sorted, ` | ` between.
/// Trouvaille searches a multi-word alternative as a phrase, so a path is the unit to compare;
/// positions are not, as a graph gives a phrase of three words three positions where the typed
/// acronym had one.
fn synonym_paths(analyzer: &FrenchAnalyzer, text: &str) -> String {
    let words = matching_words(text);
    let stem = |word: &String| analyzer.index_stem(word).unwrap_or_else(|| GAP.to_string());
    let mut paths: Vec<Vec<String>> = vec![Vec::new()];
    let mut extend = |choices: Vec<Vec<String>>| {
        paths = paths
            .iter()
            .flat_map(|path| {
                choices.iter().map(move |choice| [path.clone(), choice.clone()].concat())
            })
            .collect();
    };
    let mut next_word = 0;
    for expansion in Synonyms::bundled().expansions(&words) {
        for word in &words[next_word..expansion.span.start] {
            extend(vec![vec![stem(word)]]);
        }
        let typed = words[expansion.span.clone()].to_vec();
        let terms = std::iter::once(typed).chain(expansion.alternatives);
        extend(terms.map(|term| term.iter().map(stem).collect()).collect());
        next_word = expansion.span.end;
    }
    for word in &words[next_word..] {
        extend(vec![vec![stem(word)]]);
    }
    rendered_paths(paths)
}

/// The paths through a token graph, from its first position to its last, a gap where a
/// stopword was removed.
fn graph_paths(tokens: &[LuceneToken]) -> String {
    let end = tokens.iter().map(|token| token.position + token.length).max().unwrap_or(0);
    let mut paths = Vec::new();
    walk_graph(tokens, 0, end, &mut Vec::new(), &mut paths);
    rendered_paths(paths)
}

fn walk_graph(
    tokens: &[LuceneToken],
    position: usize,
    end: usize,
    path: &mut Vec<String>,
    paths: &mut Vec<Vec<String>>,
) {
    if position >= end {
        paths.push(path.clone());
        return;
    }
    let leaving: Vec<&LuceneToken> =
        tokens.iter().filter(|token| token.position == position).collect();
    if leaving.is_empty() {
        path.push(GAP.to_string());
        walk_graph(tokens, position + 1, end, path, paths);
        path.pop();
    }
    for token in leaving {
        path.push(token.term.clone());
        walk_graph(tokens, position + token.length, end, path, paths);
        path.pop();
    }
}

fn rendered_paths(paths: Vec<Vec<String>>) -> String {
    let rendered: BTreeSet<String> = paths
        .into_iter()
        .map(|mut path| {
            while path.last().is_some_and(|item| item == GAP) {
                path.pop();
            }
            path.join(" ")
        })
        .collect();
    rendered.into_iter().collect::<Vec<_>>().join(" | ")
}

/// The listed differences, by (input as written, analyzer label).
fn known_differences(path: &Path) -> BTreeMap<(String, String), Tokens> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut listed = BTreeMap::new();
    for line in text.lines().filter(|line| !line.is_empty() && !line.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [input, analyzer, trouvaille, lucene, reason] = fields[..] else {
            panic!("{path:?}: not five tab-separated fields: {line}");
        };
        assert!(!reason.trim().is_empty(), "{path:?}: a difference without its reason: {line}");
        let tokens = Tokens { trouvaille: trouvaille.to_string(), lucene: lucene.to_string() };
        listed.insert((input.to_string(), analyzer.to_string()), tokens);
    }
    listed
}

/// Differences found but not listed (or listed with other tokens), and listed ones not found;
/// each as a line of the known-differences file, ready to paste once its reason is written.
fn unexplained(
    found: &BTreeMap<(String, String), Tokens>,
    listed: &BTreeMap<(String, String), Tokens>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for ((input, analyzer), tokens) in found {
        let row = format!("{input}\t{analyzer}\t{}\t{}", tokens.trouvaille, tokens.lucene);
        match listed.get(&(input.clone(), analyzer.clone())) {
            None => problems.push(format!("unlisted: {row}\tREASON")),
            Some(known) if known != tokens => problems.push(format!(
                "changed: {row}\tREASON\n  (listed: {}\t{})",
                known.trouvaille, known.lucene
            )),
            Some(_) => {}
        }
    }
    for (input, analyzer) in listed.keys().filter(|key| !found.contains_key(*key)) {
        problems.push(format!("no longer differs (remove it): {input}\t{analyzer}"));
    }
    problems
}
