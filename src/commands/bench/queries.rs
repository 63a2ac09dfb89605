//! `trouvaille bench queries`: the latency of a query set on a warm searcher — the searcher the
//! server uses, opened once — as p50, p99 and mean microseconds and queries per second.

use std::fmt::Write;
use std::path::Path;

use anyhow::Context;
use indexer::benchmark::latency::{time_searches, time_suggestions, LatencySummary};
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
    let summary = if args.suggest {
        let prefixes: Vec<String> =
            queries.iter().flat_map(|query| keystrokes(&query.text)).collect();
        time_suggestions(&searcher, &prefixes, args.repeat)
    } else {
        let requests: Vec<SearchRequest> =
            queries.iter().map(|query| request(&query.text, args.facets)).collect();
        time_searches(&searcher, &requests, args.repeat)
    }
    .with_context(|| format!("timing the queries of {}", args.queries.display()))?;
    let asked = match (args.suggest, args.facets) {
        (true, _) => "suggestions on each keystroke",
        (false, true) => "top 10 with facet counts",
        (false, false) => "top 10",
    };
    let output =
        if args.json { serde_json::to_string(&summary)? + "\n" } else { table(&summary, asked) };
    print_to_stdout(&output).context("writing the timings")?;
    Ok(())
}

/// The first page of 10 results, as the search page asks for it: with `facets`, also the
/// category, tag and year counts it shows beside them (the page's request is the default one),
/// without, only the results.
fn request(text: &str, facets: bool) -> SearchRequest {
    SearchRequest { facets, ..SearchRequest::for_query(text) }
}

/// What a search box sends as `text` is typed: every prefix from two characters on.
fn keystrokes(text: &str) -> impl Iterator<Item = String> + '_ {
    text.char_indices()
        .map(|(offset, character)| offset + character.len_utf8())
        .skip(1)
        .map(|end| text[..end].to_string())
}

fn table(summary: &LatencySummary, asked: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} queries × {} rounds, {asked}: {} timed calls",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keystrokes_are_the_prefixes_from_two_characters() {
        let typed: Vec<String> = keystrokes("été x").collect();
        assert_eq!(typed, ["ét", "été", "été ", "été x"]);
        assert_eq!(keystrokes("a").count(), 0);
    }
}
