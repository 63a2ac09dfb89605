//! `trouvaille search`: the library's search, printed as a table on a terminal or as the API's
//! JSON.

use std::fmt::Write;
use std::path::Path;

use anyhow::Context;
use indexer::index::ArticleIndex;
use indexer::search::{FallbackKind, SearchRequest, SearchResponse};

use super::ranking::{chosen_config, configured_searcher};
use crate::cli::SearchArgs;
use crate::terminal::{marked_html_to_terminal, print_to_stdout, Style};

/// Runs `trouvaille search`.
pub fn run(index_path: &Path, args: SearchArgs) -> anyhow::Result<()> {
    let json = args.json;
    let config = chosen_config(&args.ranking)?;
    let config_name = args.ranking.config.clone();
    let request = request_from(args)?;
    let index = ArticleIndex::open(index_path)
        .with_context(|| format!("opening the index at {}", index_path.display()))?;
    let searcher = configured_searcher(index, &config_name, config)?;
    let response = searcher.search(&request)?;
    let output = if json {
        serde_json::to_string_pretty(&response)? + "\n"
    } else {
        table(&response, Style::for_stdout())
    };
    print_to_stdout(&output).context("writing the results")?;
    Ok(())
}

/// Validates the flags into the library's request.
fn request_from(args: SearchArgs) -> anyhow::Result<SearchRequest> {
    let request = SearchRequest {
        query: args.query,
        categories: args.categories,
        tags: args.tags,
        from: args.from.map(|text| SearchRequest::parse_date("from", &text)).transpose()?,
        to: args.to.map(|text| SearchRequest::parse_date("to", &text)).transpose()?,
        sort: args.sort.parse()?,
        page: args.page,
        per_page: args.per_page,
        facets: true,
    };
    request.validate()?;
    Ok(request)
}

/// The response as the terminal shows it: a count, then each hit's rank, date, title and
/// categories, and its snippet on one line.
fn table(response: &SearchResponse, style: Style) -> String {
    let mut out = String::new();
    let plural = |count: usize| if count > 1 { "s" } else { "" };
    let subject = if response.query.trim().is_empty() {
        String::new()
    } else {
        format!(" pour « {} »", response.query)
    };
    let _ = writeln!(
        out,
        "{} résultat{}{subject} ({:.1} ms)",
        response.total,
        plural(response.total),
        response.took_ms
    );
    let fewer_words = response.fallback.as_ref().filter(|how| how.kind == FallbackKind::MostWords);
    if let Some(fallback) = fewer_words {
        let _ = writeln!(
            out,
            "Aucun article ne contient tous les mots : résultats contenant au moins {} mot{} sur {}.",
            fallback.matched_words,
            plural(fallback.matched_words),
            fallback.query_words
        );
    }
    let first_rank = (response.page - 1) * response.per_page;
    for (index, hit) in response.hits.iter().enumerate() {
        let date = hit.date.as_deref().unwrap_or("    —     ");
        let title = if hit.title.trim().is_empty() { "(sans titre)" } else { &hit.title_html };
        let _ = writeln!(
            out,
            "{:>3}. {date}  {}  [{}]",
            first_rank + index + 1,
            style.bold(&marked_html_to_terminal(title, style)),
            hit.categories.join(", ")
        );
        let snippet = marked_html_to_terminal(&hit.snippet_html, style);
        let _ = writeln!(out, "     {}", one_line(&snippet, 160));
    }
    out
}

/// The snippet on one line, cut at a character boundary.
fn one_line(text: &str, max_chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars).collect();
    format!("{cut}…")
}
