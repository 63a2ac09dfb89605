//! A folder of saved HTML pages (`tests/fixtures/site/`) read and searched end to end.

use std::path::{Path, PathBuf};

use indexer::article::Article;
use indexer::date::PublicationDate;
use indexer::index::run::{index_sources, IndexOptions};
use indexer::index::{ArticleIndex, IndexSettings};
use indexer::ingest::html_page::read_html_page;
use indexer::ingest::wxr::NOT_AN_EXPORT;
use indexer::ingest::{read_sources, SkippedItems, SourceOptions};
use indexer::search::{ArticleSearcher, SearchRequest};
use proptest::prelude::*;

fn site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/site")
}

fn read(sources: &[PathBuf]) -> (Vec<Article>, SkippedItems) {
    let mut articles = Vec::new();
    let skipped = read_sources(sources, &SourceOptions::default(), &mut |record| {
        articles.push(record.article.unwrap_or_else(|error| panic!("{}: {error}", record.location)))
    })
    .unwrap();
    (articles, skipped)
}

fn page<'a>(articles: &'a [Article], id: &str) -> &'a Article {
    articles.iter().find(|article| article.id == id).unwrap_or_else(|| panic!("no page {id}"))
}

fn day(article: &Article) -> Option<String> {
    article.date.as_ref().map(PublicationDate::day_string)
}

#[test]
fn reads_every_page_of_the_site_and_passes_over_the_rest() {
    let (articles, skipped) = read(&[site()]);
    let ids: Vec<&str> = articles.iter().map(|article| article.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "a-propos",
            "conferences_jiq-2013-experience-ti",
            "conferences_waq-2013-diffuseur-officiel",
            "dossiers_donnees-ouvertes"
        ]
    );
    let urls: Vec<&str> = articles.iter().filter_map(|article| article.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            "a-propos.html",
            "conferences/jiq-2013-experience-ti.html",
            "conferences/waq-2013-diffuseur-officiel.html",
            "dossiers/donnees-ouvertes.htm"
        ]
    );
    assert_eq!(skipped.count(NOT_AN_EXPORT), 1, "sitemap.xml is no WordPress export");
    for article in &articles {
        let source = article.source.as_deref().unwrap();
        assert!(source.ends_with(article.url.as_deref().unwrap()), "{source}");
    }
}

#[test]
fn reads_a_page_with_an_article_element() {
    let (articles, _) = read(&[site()]);
    let article = page(&articles, "conferences_jiq-2013-experience-ti");
    assert_eq!(article.title, "JIQ 2013 – L’expérience\u{a0}TI");
    assert_eq!(
        article.date.as_ref().map(PublicationDate::as_str),
        Some("2013-11-05T09:30:00-05:00")
    );
    assert_eq!(article.author.as_deref(), Some("Patrick Parent"));
    assert_eq!(article.categories, ["Évènement", "Conférences"]);
    assert_eq!(article.tags, ["JIQ", "TI"]);
    assert_eq!(
        article.body,
        "En ce mois de novembre frisquet, le Réseau Action TI présentera, le 19\u{a0}novembre \
         2013, la 35e édition de la JIQ sous la thématique «\u{a0}L’expérience TI\u{a0}».\n\n\
         Au programme\u{a0}:\n\n\
         l’expérience utilisateur des services en ligne\u{a0};\n\
         l’infonuagique au gouvernement\u{a0};\n\
         la sécurité de l’information.\n\n\
         E-Gouv Québec y sera pour veiller pour vous…"
    );
}

#[test]
fn reads_a_page_with_a_main_element_and_article_meta_tags() {
    let (articles, _) = read(&[site()]);
    let article = page(&articles, "conferences_waq-2013-diffuseur-officiel");
    assert_eq!(article.title, "E-Gouv Québec diffuseur officiel du WAQ\u{a0}2013!");
    assert_eq!(
        article.date.as_ref().map(PublicationDate::as_str),
        Some("2012-10-18T14:12:00+00:00")
    );
    assert_eq!(article.categories, ["Conférences"]);
    assert_eq!(article.tags, ["WAQ", "Web à Québec"]);
    assert_eq!(article.author.as_deref(), Some("Patrick Parent"));
    assert_eq!(article.excerpt.as_deref(), Some("Notre partenariat avec le Web à Québec 2013."));
    assert_eq!(
        article.body,
        "Nous sommes très fiers d’annoncer notre partenariat avec l’événement Web à Québec \
         (WAQ) qui se déroulera du 20 au 22 février 2013.\n\n\
         Une couverture plus complète\n\n\
         À titre de diffuseur officiel, nous pourrons offrir une couverture encore plus complète \
         et variée\u{a0}: faits saillants en direct, entrevues et comptes rendus des conférences.\n\n\
         Plus que jamais, E-Gouv Québec veille pour vous!"
    );
}

#[test]
fn falls_back_to_the_body_without_its_chrome() {
    let (articles, _) = read(&[site()]);
    let article = page(&articles, "a-propos");
    assert_eq!(article.title, "À propos d’E-Gouv Québec", "the banner's <h1> is the site's");
    assert_eq!(article.date, None);
    assert_eq!((article.categories.len(), article.tags.len()), (0, 0));
    assert_eq!(
        article.body,
        "Notre mission\n\n\
         E-Gouv Québec est un blogue collaboratif qui suit l’évolution du gouvernement \
         électronique au Québec\u{a0}: services en ligne, données ouvertes, médias sociaux et \
         ludification.\n\n\
         Nos collaborateurs sont des professionnels de la fonction publique et du privé.\n\n\
         Fondé en 2010\nSiège Québec"
    );
}

#[test]
fn reads_meta_keywords_and_dublin_core() {
    let (articles, _) = read(&[site()]);
    let article = page(&articles, "dossiers_donnees-ouvertes");
    assert_eq!(article.title, "Les données ouvertes en Colombie-Britannique");
    assert_eq!(
        day(article).as_deref(),
        Some("2012-12-04"),
        "DC.date, not the update in the footer"
    );
    assert_eq!(article.author.as_deref(), Some("Raphaël Thériault"));
    assert_eq!(article.tags, ["données ouvertes", "Colombie-Britannique", "transparence"]);
    assert_eq!(
        article.body,
        "Les données auxquelles un gouvernement donne accès (données ouvertes) sont utiles aux \
         citoyens comme aux fonctionnaires.\n\n\
         «\u{a0}Get excited and make things!\u{a0}»\n\n\
         Le site DataBC favorise l’échange de connaissances entre les membres de la fonction \
         publique."
    );
}

/// Copies the site elsewhere: ids and urls depend on paths inside the site only.
#[test]
fn ids_do_not_depend_on_where_the_site_is() {
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("copie du site");
    copy_folder(&site(), &copy);
    let ids = |articles: Vec<Article>| -> Vec<(String, Option<String>)> {
        articles.into_iter().map(|article| (article.id, article.url)).collect()
    };
    assert_eq!(ids(read(&[copy]).0), ids(read(&[site()]).0));
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn the_site_is_searchable() {
    let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
    let summary = index_sources(&index, &[site()], IndexOptions::default(), &mut |_| {}).unwrap();
    assert_eq!((summary.added, summary.rejected.len()), (4, 0));
    assert_eq!(summary.skipped.count(NOT_AN_EXPORT), 1);
    let searcher = ArticleSearcher::new(index).unwrap();
    searcher.reload().unwrap();
    let first = |query: &str| {
        let response = searcher.search(&SearchRequest::for_query(query)).unwrap();
        response.hits.first().map(|hit| hit.id.clone())
    };
    assert_eq!(first("donnees ouvertes colombie").as_deref(), Some("dossiers_donnees-ouvertes"));
    assert_eq!(first("infonuagique").as_deref(), Some("conferences_jiq-2013-experience-ti"));
    assert_eq!(first("abonner"), None, "forms are chrome");
    assert_eq!(first("propulse wordpress"), None, "footers are chrome");
}

#[test]
fn a_page_that_is_not_utf8_is_rejected_with_its_line_and_the_others_indexed() {
    let folder = tempfile::tempdir().unwrap();
    copy_folder(&site(), folder.path());
    let latin1 = folder.path().join("ancienne-page.html");
    std::fs::write(&latin1, b"<html>\n<title>Ancienne page</title>\n<p>Qu\xe9bec</p>\n").unwrap();
    let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
    let summary =
        index_sources(&index, &[folder.path().to_path_buf()], IndexOptions::default(), &mut |_| {})
            .unwrap();
    assert_eq!(summary.added, 4);
    let rejection = &summary.rejected[0];
    assert_eq!(rejection.location.file, latin1);
    assert!(rejection.reason.contains("invalid UTF-8 at line 3"), "{}", rejection.reason);
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let record = read_html_page(&bytes, Path::new("site/x.html"), Path::new("site"));
        if let Ok(article) = record.article {
            prop_assert_eq!(article.validate(), Ok(()));
        }
    }
}
