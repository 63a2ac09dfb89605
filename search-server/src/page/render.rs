//! HTML of the search page: the whole document for `/`, and the fragment of it that a search
//! changes (facets, result count, results), which the script fetches and swaps in — one
//! template for both, so the server and the script cannot drift apart.
//!
//! Every value inserted is escaped with [`Escaped`], except `title_html` and `snippet_html`,
//! which the library already escapes (with `<mark>` around matched words).

use std::fmt::{self, Write};

use indexer::search::request::DEFAULT_PER_PAGE;
use indexer::search::{FacetValue, FallbackKind, Hit, SearchRequest, SearchResponse, SortOrder};

use super::assets;
use super::text;

/// What the page shows below the form.
pub enum Outcome {
    /// The search ran.
    Results(Box<SearchResponse>),
    /// The search could not run; the message says why, in French.
    Failed(String),
}

/// Text escaped for HTML content and quoted attribute values.
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(position) = rest.find(['&', '<', '>', '"', '\'']) {
            formatter.write_str(&rest[..position])?;
            formatter.write_str(match rest.as_bytes()[position] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[position + 1..];
        }
        formatter.write_str(rest)
    }
}

/// The complete page.
pub fn page(request: &SearchRequest, outcome: &Outcome) -> String {
    let mut html = String::with_capacity(24 * 1024);
    let failed = matches!(outcome, Outcome::Failed(_));
    let _ = write!(
        html,
        r##"<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="Recherche plein texte en français dans les archives d’articles.">
<link rel="icon" href="{icon}" type="image/svg+xml">
<link rel="stylesheet" href="{styles}">
<script src="{script}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Aller aux résultats</a>
<header class="site-header">
<div class="wrap">
<h1 class="brand"><a href="/">Trouvaille</a></h1>
<form id="search-form" class="search-form" role="search" action="/" method="get">
<label class="search-label" for="q">Rechercher dans les articles</label>
<div class="search-row">
<div class="combobox">
<input id="q" name="q" type="search" value="{query}" maxlength="512" autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="search" aria-describedby="search-hint">
<ul id="suggestions" class="suggestions" hidden></ul>
</div>
<button type="submit" class="search-button">Rechercher</button>
</div>
<p id="search-hint" class="hint">Accents facultatifs · <code>"expression exacte"</code> · <code>-exclure</code> · <code>mot OR autre</code></p>
<p class="search-options"><label for="sort">Trier par</label>
<select id="sort" name="sort">
"##,
        title = Escaped(&text::document_title(request, failed)),
        icon = Escaped(&assets::ICON.url()),
        styles = Escaped(&assets::STYLES.url()),
        script = Escaped(&assets::SCRIPT.url()),
        query = Escaped(&request.query),
    );
    for (value, label, order) in [
        ("relevance", "pertinence", SortOrder::Relevance),
        ("-date", "date, récents d’abord", SortOrder::DateDescending),
        ("date", "date, anciens d’abord", SortOrder::DateAscending),
    ] {
        let selected = if request.sort == order { " selected" } else { "" };
        let _ = writeln!(html, r#"<option value="{value}"{selected}>{label}</option>"#);
    }
    html.push_str("</select></p>\n");
    if request.per_page != DEFAULT_PER_PAGE {
        let _ =
            writeln!(html, r#"<input type="hidden" name="per_page" value="{}">"#, request.per_page);
    }
    html.push_str(
        r#"</form>
</div>
</header>
<div class="layout wrap">
"#,
    );
    facets(&mut html, request, outcome);
    html.push_str(
        r#"<main id="main" class="results-main" tabindex="-1" aria-labelledby="results-title">
<h2 id="results-title" class="visually-hidden">Résultats</h2>
"#,
    );
    result_count(&mut html, request, outcome);
    results(&mut html, request, outcome);
    html.push_str(
        r#"</main>
</div>
<footer class="site-footer">
<div class="wrap"><p>Trouvaille, recherche plein texte en français · <a href="/api/openapi.json">API JSON</a></p></div>
</footer>
</body>
</html>
"#,
    );
    html
}

/// The parts a search changes, as the script swaps them in: `#facets`, `#result-count` (whose
/// text the script copies into the page's live region) and `#results`.
pub fn fragment(request: &SearchRequest, outcome: &Outcome) -> String {
    let mut html = String::with_capacity(16 * 1024);
    facets(&mut html, request, outcome);
    result_count(&mut html, request, outcome);
    results(&mut html, request, outcome);
    html
}

/// The URL of the page for `request`: parameters in a fixed order, defaults left out.
pub fn page_url(request: &SearchRequest) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if !request.query.is_empty() {
        query.append_pair("q", &request.query);
    }
    for category in &request.categories {
        query.append_pair("category", category);
    }
    for tag in &request.tags {
        query.append_pair("tag", tag);
    }
    if let Some(from) = &request.from {
        query.append_pair("from", from.as_str());
    }
    if let Some(to) = &request.to {
        query.append_pair("to", to.as_str());
    }
    match request.sort {
        SortOrder::Relevance => {}
        SortOrder::DateAscending => {
            query.append_pair("sort", "date");
        }
        SortOrder::DateDescending => {
            query.append_pair("sort", "-date");
        }
    }
    if request.page != 1 {
        query.append_pair("page", &request.page.to_string());
    }
    if request.per_page != DEFAULT_PER_PAGE {
        query.append_pair("per_page", &request.per_page.to_string());
    }
    let query = query.finish();
    if query.is_empty() {
        "/".to_string()
    } else {
        format!("/?{query}")
    }
}

/// `request` changed by `change`, back on the first page (a new filter changes the pages).
fn changed(request: &SearchRequest, change: impl FnOnce(&mut SearchRequest)) -> SearchRequest {
    let mut changed = request.clone();
    changed.page = 1;
    change(&mut changed);
    changed
}

fn result_count(html: &mut String, request: &SearchRequest, outcome: &Outcome) {
    let sentence = match outcome {
        Outcome::Results(response) => text::result_count(request, response),
        Outcome::Failed(_) => "Recherche impossible".to_string(),
    };
    let _ = writeln!(
        html,
        r#"<p id="result-count" class="result-count" role="status" aria-live="polite" aria-atomic="true">{}</p>"#,
        Escaped(&sentence)
    );
}

fn facets(html: &mut String, request: &SearchRequest, outcome: &Outcome) {
    html.push_str(
        r#"<aside id="facets" class="facets" aria-labelledby="facets-title">
<h2 id="facets-title" class="facets-title">Affiner</h2>
"#,
    );
    // When the search failed, the selected values are still listed (without counts), so that
    // submitting the form again keeps them.
    let selected_only = |values: &[String]| -> Vec<FacetValue> {
        values
            .iter()
            .map(|value| FacetValue { value: value.clone(), count: 0, selected: true })
            .collect()
    };
    let (categories, tags, years, counted) = match outcome {
        Outcome::Results(response) => (
            response.facets.categories.clone(),
            response.facets.tags.clone(),
            response.facets.years.clone(),
            true,
        ),
        Outcome::Failed(_) => {
            (selected_only(&request.categories), selected_only(&request.tags), Vec::new(), false)
        }
    };
    checkbox_facet(html, "category", "Catégories", &categories, counted);
    checkbox_facet(html, "tag", "Étiquettes", &tags, counted);
    date_facet(html, request, &years);
    html.push_str(
        r#"<p class="no-js-only"><button type="submit" form="search-form" class="apply-button">Appliquer les filtres</button></p>
"#,
    );
    if request.has_filters() {
        let cleared = without_filters(request);
        let _ = writeln!(
            html,
            r#"<p class="clear-filters"><a href="{}" data-key="clear-filters">Retirer tous les filtres</a></p>"#,
            Escaped(&page_url(&cleared))
        );
    }
    html.push_str("</aside>\n");
}

fn checkbox_facet(
    html: &mut String,
    name: &str,
    legend: &str,
    values: &[FacetValue],
    counted: bool,
) {
    if values.is_empty() {
        return;
    }
    let _ = write!(
        html,
        "<fieldset class=\"facet\">\n<legend class=\"facet-title\">{legend}</legend>\n<ul class=\"facet-values\">\n"
    );
    for (index, value) in values.iter().enumerate() {
        let checked = if value.selected { " checked" } else { "" };
        let _ = write!(
            html,
            r#"<li><input type="checkbox" id="{name}-{index}" name="{name}" value="{value}" form="search-form" data-key="{name}:{value}"{checked}><label for="{name}-{index}">{value}"#,
            value = Escaped(&value.value),
        );
        if counted {
            let _ = write!(
                html,
                r#" <span class="facet-count">{}<span class="visually-hidden"> {}</span></span>"#,
                text::number(value.count),
                if value.count > 1 { "articles" } else { "article" },
            );
        }
        html.push_str("</label></li>\n");
    }
    html.push_str("</ul>\n</fieldset>\n");
}

/// Years as links (one year at a time: the link sets `from`/`to` to the year's bounds, or
/// clears them when the year is the current filter), and the range as two date fields.
fn date_facet(html: &mut String, request: &SearchRequest, years: &[FacetValue]) {
    html.push_str(
        r#"<fieldset class="facet">
<legend class="facet-title">Date de publication</legend>
"#,
    );
    let dated = request.from.is_some() || request.to.is_some();
    if !years.is_empty() || dated {
        html.push_str("<ul class=\"facet-values years\">\n");
        for year in years {
            let target = if year.selected {
                changed(request, |request| {
                    request.from = None;
                    request.to = None;
                })
            } else {
                changed(request, |request| {
                    request.from =
                        SearchRequest::parse_date("from", &format!("{}-01-01", year.value)).ok();
                    request.to =
                        SearchRequest::parse_date("to", &format!("{}-12-31", year.value)).ok();
                })
            };
            let current = if year.selected { r#" aria-current="true""# } else { "" };
            let _ = writeln!(
                html,
                r#"<li><a href="{href}" class="year-link" data-key="year:{year}"{current}>{year} <span class="facet-count">{count}<span class="visually-hidden"> {noun}</span></span></a></li>"#,
                href = Escaped(&page_url(&target)),
                year = Escaped(&year.value),
                count = text::number(year.count),
                noun = if year.count > 1 { "articles" } else { "article" },
            );
        }
        if dated {
            let every_year = changed(request, |request| {
                request.from = None;
                request.to = None;
            });
            let _ = writeln!(
                html,
                r#"<li><a href="{}" class="year-link" data-key="year:all">Toutes les dates</a></li>"#,
                Escaped(&page_url(&every_year))
            );
        }
        html.push_str("</ul>\n");
    }
    let day = |date: &Option<indexer::date::PublicationDate>| {
        date.as_ref().map(|date| date.day_string()).unwrap_or_default()
    };
    // Collapsed unless a range is set, so that a swap keeps it open while it is being used.
    let _ = write!(
        html,
        r#"<details class="date-range"{open}>
<summary data-key="date-range">Période précise</summary>
<p><label for="from">Du</label> <input type="date" id="from" name="from" form="search-form" value="{from}" data-key="from"></p>
<p><label for="to">Au</label> <input type="date" id="to" name="to" form="search-form" value="{to}" data-key="to"></p>
</details>
</fieldset>
"#,
        open = if dated { " open" } else { "" },
        from = Escaped(&day(&request.from)),
        to = Escaped(&day(&request.to)),
    );
}

fn results(html: &mut String, request: &SearchRequest, outcome: &Outcome) {
    let failed = matches!(outcome, Outcome::Failed(_));
    let _ = writeln!(
        html,
        r#"<div id="results" class="results" data-title="{}">"#,
        Escaped(&text::document_title(request, failed))
    );
    match outcome {
        Outcome::Failed(message) => {
            let _ = writeln!(
                html,
                r#"<div class="notice notice-error" role="alert"><p><strong>La recherche n’a pas pu être faite.</strong> {}</p><p><a href="/">Nouvelle recherche</a></p></div>"#,
                Escaped(message)
            );
        }
        Outcome::Results(response) => found(html, request, response),
    }
    html.push_str("</div>\n");
}

fn found(html: &mut String, request: &SearchRequest, response: &SearchResponse) {
    let fewer_words = response.fallback.as_ref().filter(|how| how.kind == FallbackKind::MostWords);
    if let Some(fallback) = fewer_words {
        let _ = writeln!(
            html,
            r#"<p class="notice">Aucun article ne contient tous les mots de la recherche : voici ceux qui en contiennent {} sur {}.</p>"#,
            fallback.matched_words, fallback.query_words
        );
    }
    if let Some(suggestion) = &response.did_you_mean {
        let corrected = changed(request, |request| request.query = suggestion.clone());
        let _ = writeln!(
            html,
            r#"<p class="notice">Vouliez-vous dire <a href="{}" data-key="did-you-mean">{}</a> ?</p>"#,
            Escaped(&page_url(&corrected)),
            Escaped(&text::quoted(suggestion))
        );
    }
    if response.total == 0 {
        no_results(html, request);
        return;
    }
    if response.hits.is_empty() {
        let first = changed(request, |_| {});
        let _ = writeln!(
            html,
            r#"<p class="notice">Cette page est au-delà des résultats. <a href="{}" data-key="first-page">Revenir à la première page</a></p>"#,
            Escaped(&page_url(&first))
        );
        return;
    }
    let first_rank = (request.page - 1) * request.per_page + 1;
    if first_rank == 1 {
        html.push_str("<ol class=\"hits\">\n");
    } else {
        let _ = writeln!(html, r#"<ol class="hits" start="{first_rank}">"#);
    }
    for hit in &response.hits {
        hit_item(html, hit);
    }
    html.push_str("</ol>\n");
    pagination(html, request, response.total);
}

/// The same search with every filter removed.
fn without_filters(request: &SearchRequest) -> SearchRequest {
    changed(request, |request| {
        request.categories.clear();
        request.tags.clear();
        request.from = None;
        request.to = None;
    })
}

fn no_results(html: &mut String, request: &SearchRequest) {
    html.push_str(
        r#"<div class="empty">
<p class="empty-title">Aucun article ne correspond à cette recherche.</p>
<ul>
<li>Vérifiez l’orthographe des mots (les accents sont facultatifs).</li>
<li>Essayez des mots plus généraux, ou moins de mots.</li>
"#,
    );
    if request.has_filters() {
        let cleared = without_filters(request);
        let _ = writeln!(
            html,
            r#"<li><a href="{}" data-key="clear-filters-empty">Cherchez sans les filtres</a>.</li>"#,
            Escaped(&page_url(&cleared))
        );
    }
    html.push_str("</ul>\n</div>\n");
}

fn hit_item(html: &mut String, hit: &Hit) {
    let _ = write!(
        html,
        r#"<li class="hit">
<article>
<h3 class="hit-title"><a href="{href}">"#,
        href = Escaped(&article_href(hit)),
    );
    if hit.title.trim().is_empty() {
        html.push_str("(sans titre)");
    } else {
        html.push_str(&hit.title_html);
    }
    html.push_str("</a></h3>\n");
    let date = hit.date.as_deref().map(|day| {
        let shown = text::long_date(day).unwrap_or_else(|| day.to_string());
        format!(r#"<time datetime="{}">{}</time>"#, Escaped(day), Escaped(&shown))
    });
    let author = hit
        .author
        .as_deref()
        .filter(|author| !author.trim().is_empty())
        .map(|author| format!(r#"<span class="hit-author">par {}</span>"#, Escaped(author)));
    let meta: Vec<String> = date.into_iter().chain(author).collect();
    if !meta.is_empty() {
        let _ = writeln!(html, r#"<p class="hit-meta">{}</p>"#, meta.join(" · "));
    }
    if !hit.snippet_html.trim().is_empty() {
        let _ = writeln!(html, r#"<p class="hit-snippet">{}</p>"#, hit.snippet_html);
    }
    if !hit.categories.is_empty() {
        html.push_str(
            r#"<p class="hit-categories"><span class="visually-hidden">Catégories : </span>"#,
        );
        for (index, category) in hit.categories.iter().enumerate() {
            let separator =
                if index > 0 { r#"<span class="visually-hidden">, </span>"# } else { "" };
            let _ =
                write!(html, r#"{separator}<span class="category">{}</span>"#, Escaped(category));
        }
        html.push_str("</p>\n");
    }
    html.push_str("</article>\n</li>\n");
}

/// The article's own URL when it is a web address, else its record in the API.
fn article_href(hit: &Hit) -> String {
    match hit.url.as_deref().map(str::trim) {
        Some(url) if is_web_address(url) => url.to_string(),
        _ => format!("/api/articles/{}", path_segment(&hit.id)),
    }
}

/// `http(s)://…` or a path on this site: never `javascript:` or another scheme.
fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let absolute = lower.starts_with("https://") || lower.starts_with("http://");
    let local = url.starts_with('/') && !url.starts_with("//");
    (absolute || local) && !url.contains('\\') && !url.chars().any(char::is_control)
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
fn path_segment(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(byte as char);
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// Previous and next, the first and last pages, and two pages either side of the current one.
fn pagination(html: &mut String, request: &SearchRequest, total: usize) {
    let last = text::last_page(total, request.per_page);
    if last <= 1 {
        return;
    }
    let current = request.page;
    let url = |page: usize| {
        let mut target = request.clone();
        target.page = page;
        Escaped(&page_url(&target)).to_string()
    };
    html.push_str("<nav class=\"pagination\" aria-label=\"Pagination\">\n<ul>\n");
    if current > 1 {
        let _ = writeln!(
            html,
            r#"<li><a href="{}" rel="prev" data-key="page:prev">‹ Précédente</a></li>"#,
            url(current - 1)
        );
    }
    let mut previous_shown = 0;
    for page in 1..=last {
        let shown = page == 1 || page == last || page.abs_diff(current) <= 2;
        if !shown {
            continue;
        }
        if page > previous_shown + 1 {
            html.push_str("<li class=\"gap\" aria-hidden=\"true\">…</li>\n");
        }
        previous_shown = page;
        if page == current {
            let _ = writeln!(
                html,
                r#"<li><a href="{}" aria-current="page" data-key="page:{page}"><span class="visually-hidden">Page </span>{page}</a></li>"#,
                url(page)
            );
        } else {
            let _ = writeln!(
                html,
                r#"<li><a href="{}" data-key="page:{page}"><span class="visually-hidden">Page </span>{page}</a></li>"#,
                url(page)
            );
        }
    }
    if current < last {
        let _ = writeln!(
            html,
            r#"<li><a href="{}" rel="next" data-key="page:next">Suivante ›</a></li>"#,
            url(current + 1)
        );
    }
    html.push_str("</ul>\n</nav>\n");
}

#[cfg(test)]
mod tests {
    use indexer::search::{Facets, Fallback};

    use super::*;

    fn hit(title: &str) -> Hit {
        Hit {
            id: "un article/à part".to_string(),
            url: None,
            title: title.to_string(),
            title_html: Escaped(title).to_string(),
            date: Some("2012-12-04".to_string()),
            categories: vec!["Conférences".to_string()],
            tags: Vec::new(),
            author: Some("Raphaël Thériault".to_string()),
            snippet_html: "Les <mark>données</mark> <mark>ouvertes</mark>".to_string(),
            score: 1.0,
        }
    }

    fn response(request: &SearchRequest, total: usize, hits: Vec<Hit>) -> SearchResponse {
        SearchResponse {
            query: request.query.clone(),
            total,
            took_ms: 0.1,
            page: request.page,
            per_page: request.per_page,
            fallback: None,
            did_you_mean: None,
            hits,
            facets: Facets {
                categories: vec![
                    FacetValue { value: "Conférences".to_string(), count: 10, selected: false },
                    FacetValue { value: "Médias sociaux".to_string(), count: 1, selected: true },
                ],
                tags: Vec::new(),
                years: vec![
                    FacetValue { value: "2013".to_string(), count: 2, selected: false },
                    FacetValue { value: "2012".to_string(), count: 2, selected: false },
                ],
                months: Vec::new(),
            },
        }
    }

    fn request(query_string: &str) -> SearchRequest {
        crate::params::search_request(query_string).unwrap()
    }

    #[test]
    fn escapes_every_kind_of_markup() {
        assert_eq!(
            Escaped(r#"<a href="x" title='y'>&</a>"#).to_string(),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(Escaped("données").to_string(), "données");
    }

    #[test]
    fn values_from_the_query_the_index_and_the_url_are_escaped() {
        let request = request("q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&category=%3Cscript%3Ex");
        let mut response = response(&request, 1, vec![hit("<script>alert('titre')</script>")]);
        response.hits[0].categories = vec!["<script>cat</script>".to_string()];
        response.hits[0].author = Some("<script>auteur</script>".to_string());
        response.hits[0].url = Some("javascript:alert(1)".to_string());
        response.facets.categories.push(FacetValue {
            value: "<script>x".to_string(),
            count: 0,
            selected: true,
        });
        let html = page(&request, &Outcome::Results(Box::new(response)));
        let scripts: Vec<&str> = html.match_indices("<script").map(|(at, _)| &html[at..]).collect();
        assert_eq!(scripts.len(), 1, "only the asset's script tag");
        assert!(scripts[0].starts_with("<script src=\"/assets/search.js?v="));
        assert!(html.contains(r#"value="&lt;script&gt;alert(1)&lt;/script&gt;""#));
        assert!(html.contains("&lt;script&gt;cat&lt;/script&gt;"));
        assert!(html.contains("&lt;script&gt;auteur&lt;/script&gt;"));
        assert!(html.contains("&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt;"));
        assert!(!html.contains("javascript:"), "a javascript: URL is not linked");
        assert!(html.contains(r#"href="/api/articles/un%20article%2F%C3%A0%20part""#));
        assert!(html.contains("&lt;script&gt;x"), "the selected category, escaped");
        assert!(html.contains("«\u{a0}&lt;script&gt;alert(1)&lt;/script&gt;\u{a0}»"), "the count");
    }

    #[test]
    fn renders_hits_with_marks_dates_and_categories() {
        let request = request("q=donnees+ouvertes");
        let mut untitled = hit("");
        untitled.date = None;
        untitled.url = Some("https://egouv.example/article?a=1&b=2".to_string());
        let response = response(&request, 2, vec![hit("JIQ 2012"), untitled]);
        let html = page(&request, &Outcome::Results(Box::new(response)));
        assert!(html.starts_with("<!doctype html>\n<html lang=\"fr\">"));
        assert!(html.contains(
            "<p class=\"hit-snippet\">Les <mark>données</mark> <mark>ouvertes</mark></p>"
        ));
        assert!(html.contains(r#"<time datetime="2012-12-04">4 décembre 2012</time>"#));
        assert!(html.contains(r#"<span class="category">Conférences</span>"#));
        assert!(html
            .contains(r#"<a href="https://egouv.example/article?a=1&amp;b=2">(sans titre)</a>"#));
        assert_eq!(html.matches("<time").count(), 1, "the undated article shows no date");
        assert!(html.contains("2 résultats pour «\u{a0}donnees ouvertes\u{a0}»"));
        assert!(html.contains(r#"role="status" aria-live="polite""#));
        assert!(!html.contains("class=\"pagination\""), "one page only");
    }

    #[test]
    fn facets_show_counts_and_checked_state() {
        let request = request("q=web&category=M%C3%A9dias+sociaux");
        let html =
            fragment(&request, &Outcome::Results(Box::new(response(&request, 1, vec![hit("x")]))));
        assert!(html.contains(
            r#"<input type="checkbox" id="category-0" name="category" value="Conférences" form="search-form" data-key="category:Conférences"><label for="category-0">Conférences <span class="facet-count">10<span class="visually-hidden"> articles</span></span></label>"#
        ));
        assert!(html.contains(
            r#"value="Médias sociaux" form="search-form" data-key="category:Médias sociaux" checked><label for="category-1">Médias sociaux <span class="facet-count">1<span class="visually-hidden"> article</span></span>"#
        ));
        assert!(!html.contains("Étiquettes"), "no tags, no tag facet");
        assert!(html.contains(
            r#"<a href="/?q=web&amp;category=M%C3%A9dias+sociaux&amp;from=2013-01-01&amp;to=2013-12-31" class="year-link" data-key="year:2013">2013 "#
        ));
        assert!(html.contains(r#"<a href="/?q=web" data-key="clear-filters">"#));
        assert!(!html.contains("<html"), "a fragment is not a document");
    }

    #[test]
    fn a_selected_year_links_back_to_every_date() {
        let request = request("q=web&from=2013-01-01&to=2013-12-31&sort=-date");
        let mut response = response(&request, 2, vec![hit("x")]);
        response.facets.years[0].selected = true;
        let html = fragment(&request, &Outcome::Results(Box::new(response)));
        assert!(html.contains(
            r#"<a href="/?q=web&amp;sort=-date" class="year-link" data-key="year:2013" aria-current="true">"#
        ));
        assert!(html.contains(
            r#"<input type="date" id="from" name="from" form="search-form" value="2013-01-01""#
        ));
        assert!(html.contains(r#"data-key="year:all">Toutes les dates</a>"#));
        assert!(html.contains(r#"<details class="date-range" open>"#), "the range is shown");
        let undated = fragment(&self::request("q=web"), &Outcome::Failed(String::new()));
        assert!(undated.contains(r#"<details class="date-range">"#));
    }

    #[test]
    fn pagination_links_keep_the_filters() {
        let request =
            request("q=web&category=TI&tag=waq&from=2012-01-01&sort=date&page=3&per_page=5");
        let response = response(&request, 48, vec![hit("x")]);
        let html = page(&request, &Outcome::Results(Box::new(response)));
        let base = "/?q=web&amp;category=TI&amp;tag=waq&amp;from=2012-01-01&amp;sort=date";
        assert!(html.contains(&format!(r#"<a href="{base}&amp;page=2&amp;per_page=5" rel="prev""#)));
        assert!(
            html.contains(&format!(r#"<a href="{base}&amp;per_page=5" data-key="page:1">"#)),
            "page 1 has no page parameter"
        );
        assert!(html.contains(&format!(r#"<a href="{base}&amp;page=4&amp;per_page=5" rel="next""#)));
        assert!(html.contains(&format!(
            r#"<a href="{base}&amp;page=3&amp;per_page=5" aria-current="page""#
        )));
        assert!(
            html.contains(&format!(
                r#"<a href="{base}&amp;page=10&amp;per_page=5" data-key="page:10">"#
            )),
            "the last page"
        );
        assert!(!html.contains("page=7&amp;"), "far pages are elided");
        assert!(html.contains(r#"<li class="gap" aria-hidden="true">…</li>"#));
        assert!(html.contains(r#"<ol class="hits" start="11">"#));
        assert!(html.contains(r#"<input type="hidden" name="per_page" value="5">"#));
        assert!(html.contains(r#"<option value="date" selected>"#));
        assert!(html.contains("— page 3 sur 10"));
        assert!(html.contains(r#"<nav class="pagination" aria-label="Pagination">"#));
    }

    #[test]
    fn no_results_suggest_what_to_do() {
        let request = request("q=zzzz&category=TI");
        let mut response = response(&request, 0, Vec::new());
        response.did_you_mean = Some("jazz".to_string());
        let html = fragment(&request, &Outcome::Results(Box::new(response)));
        assert!(html.contains("Aucun résultat pour «\u{a0}zzzz\u{a0}»"));
        assert!(html.contains("Aucun article ne correspond à cette recherche."));
        assert!(html.contains(r#"<a href="/?q=zzzz" data-key="clear-filters-empty">"#));
        assert!(html.contains(r#"Vouliez-vous dire <a href="/?q=jazz&amp;category=TI""#));
        assert!(!html.contains("<ol"));
    }

    #[test]
    fn fallback_is_explained() {
        let request = request("q=donnees+girafe");
        let mut response = response(&request, 1, vec![hit("x")]);
        response.fallback =
            Some(Fallback { kind: FallbackKind::MostWords, matched_words: 1, query_words: 2 });
        let html = fragment(&request, &Outcome::Results(Box::new(response)));
        assert!(html.contains("qui en contiennent 1 sur 2"));
    }

    #[test]
    fn errors_keep_the_form_and_are_announced() {
        let request = request("q=%3Cb%3E&category=TI");
        let outcome = Outcome::Failed("La date «\u{a0}<2013>\u{a0}» n’est pas valide.".to_string());
        let html = page(&request, &outcome);
        assert!(html.contains(r#"<div class="notice notice-error" role="alert">"#));
        assert!(html.contains("La date «\u{a0}&lt;2013&gt;\u{a0}» n’est pas valide."));
        assert!(html.contains(r#"value="&lt;b&gt;""#));
        assert!(html.contains(r#"value="TI" form="search-form" data-key="category:TI" checked><label for="category-0">TI</label>"#), "kept, without a count");
        assert!(html.contains("<title>Erreur de recherche — Trouvaille</title>"));
        assert!(html.contains(">Recherche impossible</p>"));
    }
}
