//! Fuzz targets of Trouvaille: each function feeds arbitrary bytes to one real entry point and
//! panics when the answer breaks an invariant cheap enough to check on every input.
//!
//! The targets live in a library rather than in the `fuzz_targets/` binaries so that
//! `tests/replay.rs` can replay the corpora and the crash reproducers under `cargo test`, where
//! libFuzzer is never built (README.md beside this file says how to run the fuzzers).
#![deny(missing_docs)]

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use indexer::analysis::normalise_nfc;
use indexer::index::{ArticleIndex, IndexSettings};
use indexer::ingest::archive_page::parse_archive_page;
use indexer::ingest::html_page::read_html_page;
use indexer::ingest::html_text::html_inline_text;
use indexer::ingest::jsonl::read_jsonl;
use indexer::ingest::wxr::{read_wxr, wordpress_text};
use indexer::ingest::{normalise_article_text, SourceOptions, SourceRecord};
use indexer::search::query_parser::parse_query;
use indexer::search::{ArticleSearcher, SearchError, SearchRequest, SearchResponse};

/// The bundled archive page: ten real articles with categories, tags and dates, enough for
/// filters, facets and paging to have something to cut.
const ARCHIVE_PAGE: &str = include_str!("../../corpus/egouv-conferences-archive.txt");

/// Page size of the query target: small, so that the ten articles fill several pages.
const QUERY_PAGE_SIZE: usize = 3;

/// Parses the query text, then searches it (pages 1 and 2) in a small in-memory index.
pub fn query_and_search(data: &[u8]) {
    let query = String::from_utf8_lossy(data).into_owned();
    check_parsed_query(&query);
    let page = |page| SearchRequest {
        page,
        per_page: QUERY_PAGE_SIZE,
        ..SearchRequest::for_query(&*query)
    };
    let Some(first) = search_checked(&page(1)) else {
        return;
    };
    let second = search_checked(&page(2)).expect("page 2 is valid wherever page 1 is");
    let first_ids: HashSet<&str> = first.hits.iter().map(|hit| hit.id.as_str()).collect();
    assert!(
        second.hits.iter().all(|hit| !first_ids.contains(hit.id.as_str())),
        "pages 1 and 2 overlap"
    );
}

/// Reads the bytes as a saved archive page, the way `trouvaille index` reads a `.txt` file.
pub fn archive_page(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = normalise_nfc(&text);
    let entries = parse_archive_page(&text);
    let line_count = text.lines().count();
    for entry in &entries {
        assert!((1..=line_count).contains(&entry.line), "line {} of {line_count}", entry.line);
        let mut article = entry.article.clone();
        normalise_article_text(&mut article);
        assert_eq!(article.validate(), Ok(()), "{article:?}");
    }
    assert!(entries.windows(2).all(|pair| pair[0].line < pair[1].line), "entries out of order");
}

/// Reads the bytes as a WordPress export, pages included.
pub fn wxr(data: &[u8]) {
    let options = SourceOptions { include_pages: true };
    let mut records = Vec::new();
    read_wxr(data, Path::new("fuzz.xml"), &options, &mut |record| records.push(record))
        .expect("reading from memory never fails");
    check_records(&records);
}

/// Reads the bytes as JSON Lines (gzip-compressed when they start like gzip); every article
/// read must be read back unchanged from its own serialisation.
pub fn jsonl(data: &[u8]) {
    let Some(records) = read_jsonl_records(data) else {
        return;
    };
    check_records(&records);
    for article in records.iter().filter_map(|record| record.article.as_ref().ok()) {
        let line = serde_json::to_string(article).expect("an article serialises");
        let reread = read_jsonl_records(line.as_bytes()).expect("plain text is read");
        assert_eq!(reread.len(), 1, "{line}");
        assert_eq!(reread[0].article.as_ref().ok(), Some(article), "{line}");
    }
}

/// Reads the bytes as a saved HTML page, and as WordPress content and a one-line title.
pub fn html(data: &[u8]) {
    let record = read_html_page(data, Path::new("site/fuzz.html"), Path::new("site"));
    check_records(std::slice::from_ref(&record));
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    wordpress_text(text);
    let inline = html_inline_text(text);
    assert!(!inline.contains('\n'), "inline text spans lines: {inline:?}");
}

/// Parses the bytes as the query string of `/api/search`, then runs the request it gives.
pub fn query_string(data: &[u8]) {
    let query_string = String::from_utf8_lossy(data);
    match search_server::search_request(&query_string) {
        Ok(request) => {
            assert_eq!(request.validate(), Ok(()), "a parsed request is valid");
            search_checked(&request).expect("a parsed request is valid");
        }
        Err(error) => assert!(!error.parameter.is_empty(), "an error names its parameter"),
    }
}

/// The parser keeps only groups with something to search.
fn check_parsed_query(query: &str) {
    for group in parse_query(query).groups {
        assert!(!group.alternatives.is_empty(), "an empty group in {query:?}");
        for element in group.alternatives {
            assert!(element.text.chars().any(char::is_alphanumeric), "{element:?}");
        }
    }
}

/// Runs `request` on the small index and checks the response; `None` when the request is
/// refused as invalid (a query too long), which is the only error allowed.
fn search_checked(request: &SearchRequest) -> Option<SearchResponse> {
    let response = match small_index_searcher().search(request) {
        Ok(response) => response,
        Err(SearchError::InvalidRequest(_)) => return None,
        Err(error) => panic!("the index failed: {error}"),
    };
    check_response(request, &response);
    Some(response)
}

/// A page holds what is left of the total after the pages before it, at most a page's worth,
/// without duplicates; facets never count more than the total when nothing is filtered.
fn check_response(request: &SearchRequest, response: &SearchResponse) {
    let skipped = (request.page - 1) * request.per_page;
    let expected_hits = response.total.saturating_sub(skipped).min(request.per_page);
    assert_eq!(response.hits.len(), expected_hits, "total {}", response.total);
    assert_eq!((response.page, response.per_page), (request.page, request.per_page));
    let ids: HashSet<&str> = response.hits.iter().map(|hit| hit.id.as_str()).collect();
    assert_eq!(ids.len(), response.hits.len(), "a hit is repeated");
    if !request.has_filters() {
        let facets = &response.facets;
        for value in facets.categories.iter().chain(&facets.tags).chain(&facets.years) {
            assert!(value.count <= response.total as u64, "{value:?} > {}", response.total);
        }
    }
}

/// Records are in file order, and every article accepted is a valid one.
fn check_records(records: &[SourceRecord]) {
    for record in records {
        if let Ok(article) = &record.article {
            assert_eq!(article.validate(), Ok(()), "{article:?}");
        }
    }
    let lines: Vec<usize> = records.iter().map(|record| record.location.line).collect();
    assert!(lines.windows(2).all(|pair| pair[0] <= pair[1]), "records out of order: {lines:?}");
}

/// The records of JSON Lines `data`; `None` when gzip-looking data fails to decompress.
fn read_jsonl_records(data: &[u8]) -> Option<Vec<SourceRecord>> {
    let mut records = Vec::new();
    let result = read_jsonl(data, Path::new("fuzz.jsonl"), &mut |record| records.push(record));
    match result {
        Ok(()) => Some(records),
        Err(_) if data.starts_with(&[0x1f, 0x8b]) => None,
        Err(error) => panic!("reading plain text from memory failed: {error}"),
    }
}

/// A searcher over the articles of the bundled archive page, indexed in memory once.
fn small_index_searcher() -> &'static ArticleSearcher {
    static SEARCHER: OnceLock<ArticleSearcher> = OnceLock::new();
    SEARCHER.get_or_init(|| {
        let index = ArticleIndex::create_in_ram(IndexSettings::default()).expect("an index in RAM");
        let mut writer = index.writer().expect("a writer");
        for entry in parse_archive_page(ARCHIVE_PAGE) {
            let mut article = entry.article;
            normalise_article_text(&mut article);
            writer.upsert(article).expect("the article is indexed");
        }
        writer.commit().expect("the commit");
        ArticleSearcher::new(index).expect("a searcher")
    })
}
