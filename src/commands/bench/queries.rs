//! `trouvaille bench queries`: the latency of a query set on a warm searcher — the searcher the
//! server uses, opened once — as p50, p99 and mean microseconds and queries per second.

use std::fmt::Write;
use std::path::Path;

use anyhow::Context;
use indexer::benchmark::latency::{time_searches, LatencySummary};
use indexer::evaluation::Queries;
use indexer::index::ArticleIndex;
use indexer::search::{ArticleSearcher, SearchRequest};

use crate::cli::BenchQueriesArgs;
use crate::terminal::print_to_stdout;

/// Runs `trouvaille bench queries`.
pub fn run(index_path: &Path, args: BenchQueriesArgs) -> anyhow::Result<()> {
    let queries = Queries::read(&args.queries)?;
    let index = ArticleIndex::open(index_path)
        .with_context(|| format!("opening the index at {}", index_path.display()))?;
    let searcher = ArticleSearcher::new(index).context("reading the index")?;
    let requests: Vec<SearchRequest> =
        queries.iter().map(|query| request(&query.text, args.facets)).collect();
    let summary = time_searches(&searcher, &requests, args.repeat)
        .with_context(|| format!("timing the queries of {}", args.queries.display()))?;
    let output = if args.json {
        serde_json::to_string(&summary)? + "\n"
    } else {
        table(&summary, args.facets)
    };
    print_to_stdout(&output).context("writing the timings")?;
    Ok(())
}

/// The first page of 10 results, as the search page asks for it: with `facets`, also the
/// category, tag and year counts it shows beside them (the page's request is the default one),
/// without, only the results.
fn request(text: &str, facets: bool) -> SearchRequest {
    SearchRequest { facets, ..SearchRequest::for_query(text) }
}

fn table(summary: &LatencySummary, facets: bool) -> String {
    let asked = if facets { "top 10 with facet counts" } else { "top 10" };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} queries × {} rounds, {asked}: {} timed searches",
        summary.queries,
        summary.repeat,
        summary.queries * summary.repeat
    );
    let _ = writeln!(out, "p50   {:>10.0} µs", summary.p50_us);
    let _ = writeln!(out, "p99   {:>10.0} µs", summary.p99_us);
    let _ = writeln!(out, "mean  {:>10.0} µs", summary.mean_us);
    let _ = writeln!(out, "rate  {:>10.0} queries/s", summary.qps);
    out
}
