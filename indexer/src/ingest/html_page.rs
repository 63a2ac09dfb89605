//! Saved HTML pages — a static site, or pages kept from a blog — read as one article each.
//!
//! A page holds its article among navigation, banners, sidebars and footers. The article's
//! text is taken from the page's one top-level `<article>`, else its `<main>`, else its `<body>`,
//! with the chrome (nav, header, footer, aside, forms) and scripts left out. The title is the
//! content's first `<h1>` — a page's `<title>` usually carries the site's name as well — and
//! `<title>` when there is none. The date is the publication date of the page's meta tags
//! (`article:published_time`, `date`, `DC.date`…), else its first `<time datetime>`.
//! Categories and tags come from WordPress-style links (`rel="category tag"`, `rel="tag"`) and
//! from the meta tags `article:section`, `article:tag` and `keywords`.
//!
//! The id must stay the same from one run to the next, wherever the site's folder is: it is a
//! slug of the page's path relative to the folder given as the source, which is also its url.

use std::path::{Component, Path};

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

use super::html_text::{html_inline_text, node_text, SourceNewlines, TextRules};
use super::slug::slugify;
use super::{normalise_article_text, RecordError, RecordLocation, SourceRecord};
use crate::article::Article;
use crate::date::PublicationDate;

/// Meta tags naming the publication date, most explicit first.
const DATE_META_NAMES: [&str; 7] = [
    "article:published_time",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
];

/// Meta tags naming the author.
const AUTHOR_META_NAMES: [&str; 2] = ["author", "dc.creator"];

/// Elements whose headings are the site's, not the article's.
const CHROME: [&str; 4] = ["nav", "aside", "footer", "header"];

/// Reads the page `bytes` of `file`, found under the source folder `root`, as one record.
pub fn read_html_page(bytes: &[u8], file: &Path, root: &Path) -> SourceRecord {
    let location = RecordLocation { file: file.to_path_buf(), line: 1 };
    let article = utf8_text(bytes).and_then(|text| page_article(text, file, root));
    SourceRecord { location, article }
}

/// Pages are read as UTF-8, as HTML5 asks; another encoding is named by its first bad byte.
fn utf8_text(bytes: &[u8]) -> Result<&str, RecordError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        let line = 1 + valid.iter().filter(|&&byte| byte == b'\n').count();
        RecordError::Html(format!(
            "invalid UTF-8 at line {line} (byte {}): save the page as UTF-8",
            error.valid_up_to()
        ))
    })
}

fn page_article(text: &str, file: &Path, root: &Path) -> Result<Article, RecordError> {
    let document = Html::parse_document(text);
    let page = document.root_element();
    let content = content_root(page);
    let heading = first_heading(content);
    let title = match heading {
        Some(heading) => element_inline_text(heading),
        None => page_title(page),
    };
    let relative = relative_path(file, root);
    let (categories, tags) = labels(page, content);
    let mut article = Article {
        id: page_id(&relative),
        url: Some(relative),
        title,
        date: page_date(page, content),
        author: meta_content(page, &AUTHOR_META_NAMES).or_else(|| author_link(content)),
        categories,
        tags,
        comments: None,
        excerpt: meta_content(page, &["description"]),
        body: content_text(content, heading.map(|heading| heading.id())),
        body_is_excerpt: false,
        source: Some(file.display().to_string()),
    };
    normalise_article_text(&mut article);
    article.validate()?;
    Ok(article)
}

/// The page's one top-level `<article>`, else its `<main>`, else its `<body>`: several
/// top-level articles make a listing, whose text is the whole page's.
fn content_root(page: ElementRef<'_>) -> ElementRef<'_> {
    let mut articles =
        elements(page, "article").filter(|article| !has_ancestor(*article, &["article"]));
    if let (Some(article), None) = (articles.next(), articles.next()) {
        return article;
    }
    let main = page.descendants().filter_map(ElementRef::wrap).find(|element| {
        element.value().name() == "main" || element.value().attr("role") == Some("main")
    });
    main.or_else(|| elements(page, "body").next()).unwrap_or(page)
}

/// The content's first `<h1>` outside navigation, sidebars and footers — and, when the content
/// is the whole body, outside headers, where the site's banner stands (an article's or a main
/// element's own header is where themes put the title).
fn first_heading(content: ElementRef<'_>) -> Option<ElementRef<'_>> {
    let chrome: &[&str] = if content.value().name() == "body" { &CHROME } else { &CHROME[..3] };
    elements(content, "h1").find(|heading| {
        !has_ancestor_below(*heading, content, chrome) && !element_inline_text(*heading).is_empty()
    })
}

fn page_title(page: ElementRef<'_>) -> String {
    elements(page, "title").next().map(element_inline_text).unwrap_or_default()
}

fn content_text(content: ElementRef<'_>, title_heading: Option<NodeId>) -> String {
    let rules = TextRules { newlines: SourceNewlines::Collapse, drop_page_chrome: true };
    node_text(*content, &rules, title_heading)
}

fn element_inline_text(element: ElementRef<'_>) -> String {
    let rules = TextRules { newlines: SourceNewlines::Collapse, drop_page_chrome: false };
    node_text(*element, &rules, None).replace('\n', " ")
}

fn page_date(page: ElementRef<'_>, content: ElementRef<'_>) -> Option<PublicationDate> {
    let from_meta = DATE_META_NAMES
        .iter()
        .find_map(|name| meta_content(page, &[name]).as_deref().and_then(parse_page_date));
    from_meta.or_else(|| {
        let datetimes = |root: ElementRef<'_>| {
            elements(root, "time")
                .filter_map(|time| time.value().attr("datetime"))
                .find_map(parse_page_date)
        };
        datetimes(content).or_else(|| datetimes(page))
    })
}

/// An RFC 3339 date, or the day at the start of any other date-time (`2013-02-20T14:05`).
fn parse_page_date(text: &str) -> Option<PublicationDate> {
    let text = text.trim();
    PublicationDate::parse(text).ok().or_else(|| PublicationDate::parse(text.get(..10)?).ok())
}

/// Categories and tags: from the content's links, then from the page's meta tags.
fn labels(page: ElementRef<'_>, content: ElementRef<'_>) -> (Vec<String>, Vec<String>) {
    let mut categories = Vec::new();
    let mut tags = Vec::new();
    for link in elements(content, "a") {
        let rel = link.value().attr("rel").unwrap_or_default().to_ascii_lowercase();
        let rel: Vec<&str> = rel.split_whitespace().collect();
        if rel.contains(&"category") {
            push_label(&mut categories, element_inline_text(link));
        } else if rel.contains(&"tag") {
            push_label(&mut tags, element_inline_text(link));
        }
    }
    for section in meta_contents(page, "article:section") {
        push_label(&mut categories, section);
    }
    for tag in meta_contents(page, "article:tag") {
        push_label(&mut tags, tag);
    }
    for keywords in meta_contents(page, "keywords") {
        for keyword in keywords.split(',') {
            push_label(&mut tags, keyword.to_string());
        }
    }
    (categories, tags)
}

fn push_label(labels: &mut Vec<String>, label: String) {
    let label = label.trim();
    if !label.is_empty() && !labels.iter().any(|existing| existing == label) {
        labels.push(label.to_string());
    }
}

fn author_link(content: ElementRef<'_>) -> Option<String> {
    elements(content, "a")
        .find(|link| {
            let rel = link.value().attr("rel").unwrap_or_default().to_ascii_lowercase();
            rel.split_whitespace().any(|value| value == "author")
        })
        .map(element_inline_text)
        .filter(|name| !name.is_empty())
}

/// The first non-empty `content` of a `<meta name|property=…>` among `names`.
fn meta_content(page: ElementRef<'_>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| meta_contents(page, name).next())
}

/// Every non-empty `content` of the `<meta>` tags called `name` (`name` or `property`, any
/// case: `DC.date` and `dc.date` are one name), entities and markup read as text.
fn meta_contents<'a>(page: ElementRef<'a>, name: &'a str) -> impl Iterator<Item = String> + 'a {
    elements(page, "meta")
        .filter(move |meta| {
            let element = meta.value();
            [element.attr("name"), element.attr("property")]
                .into_iter()
                .flatten()
                .any(|value| value.trim().eq_ignore_ascii_case(name))
        })
        .filter_map(|meta| meta.value().attr("content"))
        .map(html_inline_text)
        .filter(|content| !content.is_empty())
}

fn elements<'a>(root: ElementRef<'a>, name: &'a str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    root.descendants()
        .filter_map(ElementRef::wrap)
        .filter(move |element| element.value().name() == name)
}

fn has_ancestor(element: ElementRef<'_>, names: &[&str]) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|ancestor| names.contains(&ancestor.value().name()))
}

/// Whether an element between `element` and `root` (excluded) is one of `names`.
fn has_ancestor_below(element: ElementRef<'_>, root: ElementRef<'_>, names: &[&str]) -> bool {
    element
        .ancestors()
        .take_while(|ancestor| ancestor.id() != root.id())
        .filter_map(ElementRef::wrap)
        .any(|ancestor| names.contains(&ancestor.value().name()))
}

/// The page's path under the source folder, with `/` whatever the system: its url.
fn relative_path(file: &Path, root: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let parts: Vec<String> = relative
        .components()
        .filter_map(|component| match component {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// `conferences/2013/JIQ 2013.html` → `conferences_2013_jiq-2013`: each folder and the file
/// name (without its extension) slugified, joined by `_`, which no slug holds, so that two
/// paths never give one id. A path with no letter or digit gets an id from its hash.
fn page_id(relative: &str) -> String {
    let without_extension = match relative.rsplit_once('.') {
        Some((stem, extension)) if !extension.contains('/') => stem,
        _ => relative,
    };
    let parts: Vec<String> =
        without_extension.split('/').map(slugify).filter(|part| !part.is_empty()).collect();
    if parts.is_empty() {
        return format!("page-{:016x}", xxhash_rust::xxh3::xxh3_64(relative.as_bytes()));
    }
    parts.join("_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(html: &str) -> Result<Article, RecordError> {
        read_html_page(html.as_bytes(), Path::new("site/blog/page.html"), Path::new("site")).article
    }

    #[test]
    fn reads_an_article_page() {
        let html = r#"<!DOCTYPE html><html lang="fr"><head><title>JIQ 2013 | E-Gouv Québec</title>
            <meta name="author" content="Raphaël Thériault">
            <meta name="description" content="La 35e JIQ.">
            <script>var x = 1;</script></head>
            <body><header><h1>E-Gouv Québec</h1><nav><a href="/">Accueil</a></nav></header>
            <article><header><h1>JIQ 2013 – L’expérience&nbsp;TI</h1>
              <time datetime="2013-11-05T10:00:00-05:00">5 novembre 2013</time></header>
              <p>Le Réseau Action TI présentera la <strong>35e</strong> édition.</p>
              <ul><li>Un</li><li>Deux</li></ul>
              <footer>Catégories : <a href="/c" rel="category tag">Conférences</a>
                <a href="/t" rel="tag">JIQ</a></footer></article>
            <aside><h2>Articles récents</h2></aside><footer>© 2013</footer></body></html>"#;
        let article = read(html).unwrap();
        assert_eq!(article.id, "blog_page");
        assert_eq!(article.url.as_deref(), Some("blog/page.html"));
        assert_eq!(article.title, "JIQ 2013 – L’expérience\u{a0}TI");
        assert_eq!(
            article.date.as_ref().map(PublicationDate::as_str),
            Some("2013-11-05T10:00:00-05:00")
        );
        assert_eq!(article.author.as_deref(), Some("Raphaël Thériault"));
        assert_eq!(article.excerpt.as_deref(), Some("La 35e JIQ."));
        assert_eq!(article.categories, ["Conférences"]);
        assert_eq!(article.tags, ["JIQ"]);
        assert_eq!(article.body, "Le Réseau Action TI présentera la 35e édition.\n\nUn\nDeux");
        assert_eq!(article.source.as_deref(), Some("site/blog/page.html"));
    }

    #[test]
    fn falls_back_to_the_body_without_its_chrome_and_to_the_title_element() {
        let html = "<html><head><title>Page &amp; titre</title>\
                    <meta name=\"keywords\" content=\"WAQ, Québec, ,WAQ\">\
                    <meta property=\"article:section\" content=\"Conférences\">\
                    <meta name=\"DC.date\" content=\"2013-02-18\"></head>\
                    <body><header><h1>Le site</h1></header><nav>Menu</nav>\
                    <div>Premier bloc</div><p>Paragraphe</p><footer>Pied</footer></body></html>";
        let article = read(html).unwrap();
        assert_eq!(article.title, "Page & titre");
        assert_eq!(article.body, "Premier bloc\n\nParagraphe");
        assert_eq!(article.tags, ["WAQ", "Québec"]);
        assert_eq!(article.categories, ["Conférences"]);
        assert_eq!(article.date.as_ref().map(PublicationDate::as_str), Some("2013-02-18"));
    }

    #[test]
    fn reads_a_main_element_and_keeps_a_short_datetime_as_its_day() {
        let html = "<body><nav>Menu</nav><main><h1>Titre</h1><p>Texte <time datetime=\"2012-10-18T09:30\">hier</time></p>\
                    <article><p>Un</p></article><article><p>Deux</p></article></main></body>";
        let article = read(html).unwrap();
        assert_eq!(article.title, "Titre");
        assert_eq!(article.body, "Texte hier\n\nUn\n\nDeux");
        assert_eq!(article.date.as_ref().map(PublicationDate::as_str), Some("2012-10-18"));
    }

    #[test]
    fn rejects_a_page_that_is_not_utf8_naming_the_line() {
        let record =
            read_html_page(b"<p>ligne 1</p>\n<p>caf\xe9</p>", Path::new("a.html"), Path::new(""));
        let error = record.article.unwrap_err().to_string();
        assert!(error.contains("invalid UTF-8 at line 2"), "{error}");
    }

    #[test]
    fn rejects_a_page_without_text() {
        assert!(read("<html><body><nav>Menu</nav></body></html>").is_err());
    }

    #[test]
    fn makes_ids_from_relative_paths() {
        assert_eq!(page_id("index.html"), "index");
        assert_eq!(page_id("Conférences/2013/JIQ 2013.html"), "conferences_2013_jiq-2013");
        assert_ne!(page_id("a-b/c.html"), page_id("a/b-c.html"));
        assert!(page_id("!!!.html").starts_with("page-"));
        assert_eq!(relative_path(Path::new("site/a/b.html"), Path::new("site")), "a/b.html");
        assert_eq!(relative_path(Path::new("b.html"), Path::new("")), "b.html");
    }

    proptest! {
        #[test]
        fn never_panics(html in any::<String>()) {
            let _ = read(&html);
        }
    }
}
