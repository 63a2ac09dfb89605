//! `trouvaille eval`: judged queries through the engine's search path, scored like trec_eval,
//! one configuration or several side by side with a paired randomization test. Runs made
//! elsewhere (`--run-in`, another engine's TREC run) are scored and compared the same way.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use indexer::analysis::Stemming;
use indexer::evaluation::{
    evaluate_run, search_run, Evaluation, Metric, PairedScores, Qrels, Queries, Run,
    WinsLossesTies, DEFAULT_PERMUTATIONS, DEFAULT_SEED, DEFAULT_TIE_TOLERANCE,
};
use indexer::index::run::{index_sources, IndexOptions, RejectionPolicy};
use indexer::index::{ArticleIndex, IndexSettings};
use indexer::ingest::SourceOptions;
use indexer::search::config::SearchConfig;
use indexer::search::ArticleSearcher;
use serde::Serialize;

use super::ranking::{ensure_stemming, named_configs};
use crate::cli::EvalArgs;
use crate::terminal::print_to_stdout;

/// The metric configurations are compared on.
const COMPARED_METRIC: Metric = Metric::NdcgAt10;

/// One ranking's results: a configuration's, or a run file's.
#[derive(Serialize)]
struct RankingResult {
    name: String,
    #[serde(flatten)]
    ranker: Ranker,
    #[serde(flatten)]
    evaluation: Evaluation,
    #[serde(skip)]
    run: Run,
}

/// What ranked the documents; in the JSON report, `config` or `run_file`.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Ranker {
    /// A configuration, searched here.
    Config(SearchConfig),
    /// A run file made elsewhere, read as it is.
    RunFile(PathBuf),
}

/// A ranking (configuration or run file) against the first configuration, on
/// [`COMPARED_METRIC`].
#[derive(Serialize)]
struct Comparison {
    baseline: String,
    candidate: String,
    metric: Metric,
    mean_difference: f64,
    #[serde(flatten)]
    outcomes: WinsLossesTies,
    p_value: f64,
}

/// Runs `trouvaille eval`.
pub fn run(index_path: &Path, args: EvalArgs) -> anyhow::Result<()> {
    let named = named_configs(&args.config_file)?;
    if args.list_configs {
        let mut listing = String::new();
        for name in named.names() {
            listing.push_str(&format!("{name}\t{}\n", serde_json::to_string(named.get(name)?)?));
        }
        print_to_stdout(&listing).context("writing the configurations")?;
        return Ok(());
    }
    let (Some(queries_path), Some(qrels_path)) = (&args.queries, &args.qrels) else {
        anyhow::bail!("--queries and --qrels are both needed");
    };
    let queries = Queries::read(queries_path)?;
    let qrels = Qrels::read(qrels_path)?;
    let configs: Vec<(String, SearchConfig)> = args
        .configs
        .iter()
        .map(|name| Ok((name.clone(), named.get(name)?.clone())))
        .collect::<anyhow::Result<_>>()?;
    // Read first: a malformed run file stops the command before the searches.
    let run_files = run_file_results(&args.run_files, &configs, &qrels)?;
    let mut indexes = Indexes { directory: index_path, corpus: &args.corpus, built: Vec::new() };
    let mut results = config_results(configs, &mut indexes, &queries, &qrels)?;
    results.extend(run_files);
    if let Some(path) = &args.run_out {
        write_runs(path, &results)?;
    }
    let comparisons = compare(&results)?;
    if args.json {
        let report = serde_json::json!({ "configs": results, "comparisons": comparisons });
        print_to_stdout(&(serde_json::to_string_pretty(&report)? + "\n"))?;
    } else {
        print_to_stdout(&report(&results, &comparisons, &queries))?;
    }
    Ok(())
}

/// Each configuration's run of `queries`, scored against `qrels`.
fn config_results(
    configs: Vec<(String, SearchConfig)>,
    indexes: &mut Indexes,
    queries: &Queries,
    qrels: &Qrels,
) -> anyhow::Result<Vec<RankingResult>> {
    let mut results = Vec::new();
    for (name, config) in configs {
        let index = indexes.for_config(&name, &config)?;
        let searcher = ArticleSearcher::new(index)?.with_config(config.clone());
        let run = search_run(&searcher, queries)
            .with_context(|| format!("running the queries with configuration {name:?}"))?;
        let evaluation = evaluate_run(qrels, &run);
        results.push(RankingResult { name, ranker: Ranker::Config(config), evaluation, run });
    }
    Ok(results)
}

/// The run files scored against `qrels`, each named after its file (`lucene.run` is `lucene`),
/// a name no configuration nor earlier run has.
fn run_file_results(
    paths: &[PathBuf],
    configs: &[(String, SearchConfig)],
    qrels: &Qrels,
) -> anyhow::Result<Vec<RankingResult>> {
    let mut names: Vec<String> = configs.iter().map(|(name, _)| name.clone()).collect();
    let mut results = Vec::new();
    for path in paths {
        let run = Run::read(path).context("reading a run given with --run-in")?;
        let name =
            path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        if names.contains(&name) {
            anyhow::bail!(
                "the run {} would be named {name:?}, which a configuration or another run \
                 already has: rename the file",
                path.display()
            );
        }
        names.push(name.clone());
        let evaluation = evaluate_run(qrels, &run);
        results.push(RankingResult {
            name,
            ranker: Ranker::RunFile(path.clone()),
            evaluation,
            run,
        });
    }
    Ok(results)
}

/// The indexes the configurations search: the index directory, or in-memory indexes of a corpus,
/// one per stemming.
struct Indexes<'a> {
    directory: &'a Path,
    corpus: &'a [PathBuf],
    built: Vec<(Stemming, ArticleIndex)>,
}

impl Indexes<'_> {
    /// An index with the stemming `config` needs.
    fn for_config(&mut self, name: &str, config: &SearchConfig) -> anyhow::Result<ArticleIndex> {
        if self.corpus.is_empty() {
            let index = ArticleIndex::open(self.directory)
                .with_context(|| format!("opening the index at {}", self.directory.display()))?;
            let remedy = "give the sources with --corpus to build one in memory";
            ensure_stemming(&index, name, config, remedy)?;
            return Ok(index);
        }
        let stemming = config.stemming(Stemming::default());
        if let Some((_, index)) = self.built.iter().find(|(built, _)| *built == stemming) {
            return Ok(index.clone());
        }
        let index = ArticleIndex::create_in_ram(IndexSettings::with_stemming(stemming))?;
        let options = IndexOptions {
            rejection_policy: RejectionPolicy::Skip,
            prune: false,
            sources: SourceOptions::default(),
            threads: None,
        };
        let summary = index_sources(&index, self.corpus, options, &mut |_| {})
            .context("indexing the corpus")?;
        if !summary.rejected.is_empty() {
            eprintln!("trouvaille: {} records of the corpus rejected", summary.rejected.len());
        }
        self.built.push((stemming, index.clone()));
        Ok(index)
    }
}

/// Each configuration's run in TREC format, tagged with its name (run files given with
/// `--run-in` are not written again).
fn write_runs(path: &Path, results: &[RankingResult]) -> anyhow::Result<()> {
    let searched: Vec<&RankingResult> =
        results.iter().filter(|result| matches!(result.ranker, Ranker::Config(_))).collect();
    for result in &searched {
        let target =
            if searched.len() == 1 { path.to_path_buf() } else { run_path(path, &result.name) };
        let file = std::fs::File::create(&target)
            .with_context(|| format!("creating the run file {}", target.display()))?;
        let mut writer = std::io::BufWriter::new(file);
        result
            .run
            .write_trec(&mut writer, &result.name)
            .with_context(|| format!("writing the run file {}", target.display()))?;
        std::io::Write::flush(&mut writer)
            .with_context(|| format!("writing the run file {}", target.display()))?;
    }
    Ok(())
}

/// `run.txt` with configuration `any` → `run.any.txt`.
fn run_path(path: &Path, name: &str) -> PathBuf {
    let stem = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    let file_name = match path.extension() {
        Some(extension) => format!("{stem}.{name}.{}", extension.to_string_lossy()),
        None => format!("{stem}.{name}"),
    };
    path.with_file_name(file_name)
}

/// Every ranking after the first against the first.
fn compare(results: &[RankingResult]) -> anyhow::Result<Vec<Comparison>> {
    let Some((baseline, candidates)) = results.split_first() else { return Ok(Vec::new()) };
    candidates
        .iter()
        .map(|candidate| {
            let paired = PairedScores::from_evaluations(
                &baseline.evaluation,
                &candidate.evaluation,
                COMPARED_METRIC,
            )?;
            Ok(Comparison {
                baseline: baseline.name.clone(),
                candidate: candidate.name.clone(),
                metric: COMPARED_METRIC,
                mean_difference: paired.mean_difference(),
                outcomes: paired.wins_losses_ties(DEFAULT_TIE_TOLERANCE),
                p_value: paired.randomization_test(DEFAULT_PERMUTATIONS, DEFAULT_SEED),
            })
        })
        .collect()
}

fn report(results: &[RankingResult], comparisons: &[Comparison], queries: &Queries) -> String {
    let mut out = String::new();
    let Some(first) = results.first() else { return out };
    let name_width = results.iter().map(|result| result.name.len()).max().unwrap_or(0).max(13);
    let _ = writeln!(out, "{} judged queries", first.evaluation.query_count());
    out.push('\n');
    let _ = write!(out, "{:<name_width$}", "configuration");
    for metric in Metric::ALL {
        let _ = write!(out, "  {:>8}", metric.label());
    }
    out.push('\n');
    for result in results {
        let _ = write!(out, "{:<name_width$}", result.name);
        for metric in Metric::ALL {
            let _ = write!(out, "  {:>8.4}", metric.value(&result.evaluation.mean));
        }
        out.push('\n');
    }
    if !comparisons.is_empty() {
        out.push('\n');
        let _ = writeln!(
            out,
            "{} against {} (per query: wins/losses/ties; paired randomization test, {} permutations)",
            COMPARED_METRIC.label(),
            first.name,
            DEFAULT_PERMUTATIONS
        );
        for comparison in comparisons {
            let outcomes = comparison.outcomes;
            let _ = writeln!(
                out,
                "{:<name_width$}  {:+.4}  {}/{}/{}  p = {:.4}",
                comparison.candidate,
                comparison.mean_difference,
                outcomes.wins,
                outcomes.losses,
                outcomes.ties,
                comparison.p_value
            );
        }
    }
    out.push('\n');
    let _ = writeln!(out, "{} per query", COMPARED_METRIC.label());
    let _ = write!(out, "{:<10}", "query");
    for result in results {
        let _ = write!(out, "  {:>width$}", result.name, width = result.name.len().max(6));
    }
    let _ = writeln!(out, "  text");
    for query_id in first.evaluation.per_query.keys() {
        let _ = write!(out, "{query_id:<10}");
        for result in results {
            let value =
                result.evaluation.per_query.get(query_id).map(|set| COMPARED_METRIC.value(set));
            let _ = write!(
                out,
                "  {:>width$.4}",
                value.unwrap_or(0.0),
                width = result.name.len().max(6)
            );
        }
        let text = queries.get(query_id).map(|query| query.text.as_str()).unwrap_or("");
        let _ = writeln!(out, "  {text}");
    }
    for unevaluated in &first.evaluation.unevaluated_run_query_ids {
        let _ = writeln!(out, "{unevaluated:<10}  (no relevant judgment: not evaluated)");
    }
    report_unjudged_run_queries(&mut out, results);
    out
}

/// The queries of each run file that the judgments do not know: a run whose query ids differ
/// from the judgments' scores 0 on them, which the means alone would not explain.
fn report_unjudged_run_queries(out: &mut String, results: &[RankingResult]) {
    for result in results.iter().filter(|result| matches!(result.ranker, Ranker::RunFile(_))) {
        let unevaluated = &result.evaluation.unevaluated_run_query_ids;
        if !unevaluated.is_empty() {
            let _ = writeln!(
                out,
                "{}: queries without a relevant judgment, not evaluated: {}",
                result.name,
                unevaluated.join(" ")
            );
        }
    }
}
