//! WordPress exports (WXR) read end to end: WordPress's own theme test exports, the French
//! export of the bundled archive, and broken exports.
//!
//! The expected counts of `themeunittestdata.wordpress.xml` were derived without Trouvaille,
//! with Python's `xml.etree` (run in `../shared/fixtures/wxr/`):
//!
//! ```text
//! $ python3 - <<'EOF'
//! import xml.etree.ElementTree as ET
//! WP = "{https://wordpress.org/export/1.2/}"
//! items = ET.parse("themeunittestdata.wordpress.xml").getroot().findall("./channel/item")
//! published = [i for i in items if i.findtext(WP + "status") == "publish"]
//! posts = [i for i in published if i.findtext(WP + "post_type") == "post"]
//! pages = [i for i in published if i.findtext(WP + "post_type") == "page"]
//! def terms(domain):
//!     return {c.text for i in posts + pages for c in i.findall("category") if c.get("domain") == domain}
//! print(len(items), len(posts), len(pages), len(terms("category")), len(terms("post_tag")))
//! EOF
//! 186 56 21 66 64
//! ```
//!
//! and, by kind, with `collections.Counter` over `(post_type, status)`: 37 attachments, 70 menu
//! items, 1 draft post, 1 future post; one of the 56 published posts has a password; 30
//! comments of published posts and pages have `wp:comment_approved` 1.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use indexer::article::Article;
use indexer::date::PublicationDate;
use indexer::index::run::{index_sources, IndexOptions, IndexSummary};
use indexer::index::{ArticleIndex, IndexSettings};
use indexer::ingest::archive_page::parse_archive_page;
use indexer::ingest::wxr::read_wxr;
use indexer::ingest::{read_sources, SkippedItems, SourceOptions, SourceRecord};
use indexer::search::{ArticleSearcher, SearchRequest};
use proptest::prelude::*;

fn shared_wxr(name: &str) -> Option<PathBuf> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/wxr").join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

fn repository_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(relative)
}

fn french_export() -> PathBuf {
    repository_file("tests/fixtures/egouv-conferences.wordpress.xml")
}

struct Import {
    articles: Vec<Article>,
    rejected: Vec<String>,
    skipped: SkippedItems,
}

fn import(path: &Path, include_pages: bool) -> Import {
    let mut articles = Vec::new();
    let mut rejected = Vec::new();
    let options = SourceOptions { include_pages };
    let skipped =
        read_sources(&[path.to_path_buf()], &options, &mut |record: SourceRecord| match record
            .article
        {
            Ok(article) => articles.push(article),
            Err(error) => rejected.push(format!("{}: {error}", record.location)),
        })
        .unwrap();
    Import { articles, rejected, skipped }
}

fn article<'a>(import: &'a Import, id: &str) -> &'a Article {
    import.articles.iter().find(|article| article.id == id).unwrap_or_else(|| panic!("no {id}"))
}

fn distinct(values: impl Iterator<Item = String>) -> usize {
    values.collect::<BTreeSet<_>>().len()
}

#[test]
fn theme_unit_test_data_gives_every_published_post_and_page() {
    let Some(path) = shared_wxr("themeunittestdata.wordpress.xml") else { return };
    let posts = import(&path, false);
    assert_eq!(posts.rejected, Vec::<String>::new());
    assert_eq!(posts.articles.len(), 56);
    assert_eq!(
        posts.skipped.to_string(),
        "37 attachment, 1 draft, 1 future, 70 nav_menu_item, 21 page"
    );
    assert_eq!(posts.articles.len() + posts.skipped.total(), 186, "every item accounted for");

    let everything = import(&path, true);
    assert_eq!(everything.rejected, Vec::<String>::new());
    assert_eq!(everything.articles.len(), 56 + 21);
    assert_eq!(everything.articles.len() + everything.skipped.total(), 186);
    let categories = everything.articles.iter().flat_map(|article| article.categories.clone());
    let tags = everything.articles.iter().flat_map(|article| article.tags.clone());
    assert_eq!((distinct(categories), distinct(tags)), (66, 64));
    let approved_comments: u32 =
        everything.articles.iter().filter_map(|article| article.comments).sum();
    assert_eq!(approved_comments, 30);
    for article in &everything.articles {
        assert_eq!(article.validate(), Ok(()));
        assert!(article.date.is_some(), "{}: every published item has a date", article.id);
        assert_eq!(article.source.as_deref(), Some(path.display().to_string().as_str()));
    }
}

#[test]
fn theme_unit_test_data_tricky_posts_read_exactly() {
    let Some(path) = shared_wxr("themeunittestdata.wordpress.xml") else { return };
    let import = import(&path, true);

    let untitled = article(&import, "1169");
    assert_eq!(untitled.title, "");
    assert_eq!(
        untitled.body,
        "This post has no title, but it still must link to the single post view somehow.\n\n\
         This is typically done by placing the permalink on the post date."
    );
    assert_eq!(
        untitled.url.as_deref(),
        Some("https://wpthemetestdata.wordpress.com/2009/09/05/edge-case-no-title/")
    );
    assert_eq!(untitled.date.as_ref().map(PublicationDate::as_str), Some("2009-09-05T16:00:23Z"));
    assert_eq!(untitled.author.as_deref(), Some("Theme Buster"));

    assert_eq!(article(&import, "1173").title, "Markup: Title With Markup");

    let special = article(&import, "1174");
    assert_eq!(
        special.title,
        "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>"
    );
    assert!(
        special.body.ends_with(
            "Latin Character Tests\n\n\
         This is a test to see if the fonts used in this theme support basic Latin characters.\n\n\
         ! \" # $ % & ' ( ) *\n+ , - . / 0 1 2 3 4\n5 6 7 8 9 : ; > = <\n? @ A B C D E F G H\n\
         I J K L M N O P Q R\nS T U V W X Y Z [ \\\n] ^ _ ` a b c d e f\ng h i j k l m n o p\n\
         q r s t u v w x y z\n{ | } ~"
        ),
        "{}",
        special.body
    );

    let long_title = article(&import, "1175");
    assert_eq!(
        long_title.title,
        "Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahu"
    );
    assert_eq!(
        long_title.body,
        "Title should not overflow the content area\n\nA few things to check for:\n\n\
         Non-breaking text in the title, content, and comments should have no adverse effects on layout or functionality.\n\
         Check the browser window / tab title.\n\
         If you are a plugin or widget developer, check that this text does not break anything.\n\n\
         The following CSS properties will help you support non-breaking text.\n\n\
         -ms-word-wrap: break-word;\nword-wrap: break-word;"
    );

    assert_eq!(
        article(&import, "1163").body,
        "Bell on wharf in San Francisco",
        "[caption] keeps its text"
    );
    let gallery = article(&import, "555");
    assert!(!gallery.body.contains('['), "{}", gallery.body);
    assert!(gallery.body.starts_with(
        "You can use this page to test the Theme's handling of the gallery shortcode"
    ));

    let entities = article(&import, "1148");
    assert!(entities.body.contains(
        "(set Settings > Discussion > Break comments into pages to 5 top level comments per page)"
    ));
    assert_eq!(entities.comments, Some(19));

    let greek = article(&import, "1809");
    assert_eq!(greek.title, "Ελληνικά-Greek");
    assert!(greek.body.starts_with(
        "Typography tests for Greek Ελληνική σελίδα 1ου επιπέδου και δείγμα τυπογραφίας.\n\n\
         Headings Επικεφαλίδες\n\nΕπικεφαλίδα 1 Header one\n\n"
    ));

    let protected = article(&import, "1168");
    assert_eq!(protected.title, "Template: Password Protected (the password is \"enter\")");
    assert_eq!((protected.body.as_str(), &protected.excerpt), ("", &None));
    assert_eq!(protected.tags, ["password", "template"]);

    let excerpt = article(&import, "993");
    assert_eq!(
        excerpt.excerpt.as_deref(),
        Some(
            "This is a user-defined post excerpt. It should be displayed in place of the post \
             content in archive-index pages. It can be longer than the automatically generated \
             excerpts, and can have HTML tags."
        )
    );
}

#[test]
fn block_test_data_imports_completely_without_block_comments() {
    let Some(path) = shared_wxr("64-block-test-data.xml") else { return };
    let import = import(&path, true);
    assert_eq!(import.rejected, Vec::<String>::new());
    assert_eq!(import.articles.len(), 61 + 1);
    assert_eq!(import.skipped.to_string(), "9 attachment, 1 wp_navigation");
    for article in &import.articles {
        assert!(
            !article.body.contains("<!--") && !article.body.contains("wp:"),
            "{}",
            article.body
        );
        assert!(!article.body.contains('<'), "{}: {}", article.id, article.body);
    }
    let paragraph = import.articles.iter().find(|article| article.title == "Paragraph").unwrap();
    assert!(!paragraph.body.is_empty());
}

#[test]
fn french_export_gives_the_archive_articles() {
    let import = import(&french_export(), false);
    assert_eq!(import.rejected, Vec::<String>::new());
    assert_eq!(import.skipped.to_string(), "1 attachment, 1 draft, 1 revision");
    let archive = parse_archive_page(
        &std::fs::read_to_string(repository_file("corpus/egouv-conferences-archive.txt")).unwrap(),
    );
    let titles = |articles: Vec<&Article>| {
        articles.iter().map(|article| article.title.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        titles(import.articles.iter().collect()),
        titles(archive.iter().map(|entry| &entry.article).collect())
    );
    for (exported, entry) in import.articles.iter().zip(&archive) {
        let page = &entry.article;
        let title = &page.title;
        assert_eq!(words(&exported.body), words(&page.body), "{title}: the same text");
        assert_eq!(exported.categories, page.categories, "{title}");
        assert_eq!(
            exported.date.as_ref().map(PublicationDate::day_string),
            page.date.as_ref().map(PublicationDate::day_string),
            "{title}"
        );
        if page.comments.is_some() {
            assert_eq!(exported.comments, page.comments, "{title}: approved comments only");
        }
        if page.author.is_some() {
            assert_eq!(exported.author, page.author, "{title}");
        }
        assert!(exported
            .url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://egouv.example/")));
    }
    let hume = import.articles.iter().find(|article| article.id == "2060").unwrap();
    assert!(
        hume.body.contains(
            "appareil mobile.\n\nM. David Hume\n\nJIQ 2012 – M. David Hume, directeur exécutif"
        ),
        "{}",
        hume.body
    );
    assert!(
        hume.body.contains("\n\nl’ouverture\u{a0}: rendre"),
        "list items are lines of their own"
    );
    assert_eq!(hume.tags, ["JIQ", "Données ouvertes"]);
}

/// The words of a text, without the bullets and numbers the archive page prints before list
/// items (an export has `<li>` elements instead).
fn words(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .filter(|word| {
            *word != "•" && !(word.ends_with('.') && word[..word.len() - 1].parse::<u32>().is_ok())
        })
        .collect()
}

fn searcher_of(articles: &[Article]) -> ArticleSearcher {
    let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
    let mut writer = index.writer().unwrap();
    for article in articles {
        writer.upsert(article.clone()).unwrap();
    }
    writer.commit().unwrap();
    let searcher = ArticleSearcher::new(index).unwrap();
    searcher.reload().unwrap();
    searcher
}

#[test]
fn french_export_and_archive_page_rank_the_same_first_hit() {
    let from_export = searcher_of(&import(&french_export(), false).articles);
    let from_archive = searcher_of(
        &import(&repository_file("corpus/egouv-conferences-archive.txt"), false).articles,
    );
    for query in [
        "experience ti",
        "donnees ouvertes colombie britannique",
        "nom de domaine",
        "ludification",
        "partenariat web a quebec",
    ] {
        let first_title = |searcher: &ArticleSearcher| {
            let response = searcher.search(&SearchRequest::for_query(query)).unwrap();
            response.hits.first().map(|hit| hit.title.clone())
        };
        let expected = first_title(&from_archive);
        assert!(expected.is_some(), "{query}: the archive answers");
        assert_eq!(first_title(&from_export), expected, "{query}");
    }
}

fn index_file(index: &ArticleIndex, file: &Path) -> IndexSummary {
    index_sources(index, &[file.to_path_buf()], IndexOptions::default(), &mut |_| {}).unwrap()
}

#[test]
fn broken_exports_are_rejected_at_their_line_after_the_items_before() {
    let folder = tempfile::tempdir().unwrap();
    let export = std::fs::read_to_string(french_export()).unwrap();
    let second_item = export.match_indices("<item>").nth(1).unwrap().0;
    let line_of = |text: &str, position: usize| 1 + text[..position].matches('\n').count();

    let truncated = folder.path().join("truncated.xml");
    let cut = second_item + export[second_item..].find("<wp:post_id>").unwrap();
    std::fs::write(&truncated, &export[..cut]).unwrap();

    let entity = folder.path().join("entity.xml");
    std::fs::write(
        &entity,
        export.replacen("<title><![CDATA[WebCamp", "<title>&eacute;<![CDATA[WebCamp", 1),
    )
    .unwrap();

    let bytes = folder.path().join("bytes.xml");
    let mut invalid = export.clone().into_bytes();
    let accent = second_item + export[second_item..].find('é').unwrap();
    invalid[accent] = 0xff;
    std::fs::write(&bytes, &invalid).unwrap();

    let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
    let summary = index_file(&index, &truncated);
    assert_eq!(summary.added, 1, "the item before the cut is indexed");
    let rejection = &summary.rejected[0];
    assert_eq!(
        (rejection.location.file.clone(), rejection.location.line),
        (truncated, line_of(&export, second_item))
    );
    let end_line = line_of(&export, cut);
    assert!(
        rejection.reason.contains(&format!("the file ends inside this item, at line {end_line}")),
        "{}",
        rejection.reason
    );

    let summary = index_file(&index, &entity);
    assert_eq!(summary.rejected.len(), 1);
    assert_eq!(summary.records(), 10, "the other items are read");
    let title_line = line_of(&export, export.find("<title><![CDATA[WebCamp").unwrap());
    assert!(
        summary.rejected[0]
            .reason
            .contains(&format!("undefined entity `&eacute;` at line {title_line}")),
        "{}",
        summary.rejected[0].reason
    );
    assert_eq!(summary.rejected[0].location.file, entity);

    let summary = index_file(&index, &bytes);
    assert_eq!(summary.rejected.len(), 1);
    assert_eq!(summary.records(), 10);
    assert!(
        summary.rejected[0]
            .reason
            .contains(&format!("invalid UTF-8 at line {}", line_of(&export, accent))),
        "{}",
        summary.rejected[0].reason
    );
    assert_eq!(
        summary.rejected[0].location.to_string(),
        format!("{}:{}", bytes.display(), line_of(&export, second_item))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Cut anywhere, the French export still yields its leading posts, whole, and never panics.
    #[test]
    fn a_cut_export_yields_whole_leading_posts(fraction in 0.0f64..1.0) {
        let export = std::fs::read(french_export()).unwrap();
        let cut = (export.len() as f64 * fraction) as usize;
        let full_ids = ["2101", "2096", "2090", "2088", "2080", "2078", "2075", "2060", "2041", "2035"];
        let mut ids = Vec::new();
        let mut rejected = 0;
        read_wxr(&export[..cut], Path::new("cut.xml"), &SourceOptions::default(), &mut |record| match record.article {
            Ok(article) => ids.push(article.id),
            Err(_) => rejected += 1,
        }).unwrap();
        prop_assert!(rejected <= 1);
        prop_assert_eq!(&ids[..], &full_ids[..ids.len()]);
    }
}
