use std::path::Path;

use serde_json::json;

use super::mapping::{document_line, similarity_line, text_fields};
use super::searches::search_lines;
use super::*;
use crate::analysis::StemmerAlgorithm;
use crate::article::Article;
use crate::export::opensearch::{
    analysis, export_opensearch, mapping, ExportOptions, EXACT_ANALYZER, STEMMED_ANALYZER,
    STEMMED_SYNONYMS_ANALYZER,
};
use crate::index::{ArticleIndex, IndexSettings};
use crate::search::synonyms::Synonyms;

fn article(record: Value) -> Article {
    serde_json::from_value(record).unwrap()
}

/// An export of two articles, and its replay with the queries `queries` (`id<TAB>text` lines).
fn replayed(queries: &str, config: SearchConfig) -> tempfile::TempDir {
    let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
    let mut writer = index.writer().unwrap();
    writer
        .upsert(article(
            json!({"id": "a", "title": "L’État", "body": "Deux\tmots\nici", "tags": ["TI", "web"]}),
        ))
        .unwrap();
    writer
        .upsert(article(json!({"id": "b", "title": "Données", "categories": ["Québec"]})))
        .unwrap();
    writer.commit().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let options = ExportOptions {
        index_name: "trouvaille".into(),
        max_bulk_file_bytes: 1_000_000,
        config: config.clone(),
        synonyms: Synonyms::empty(),
    };
    let summary = export_opensearch(&index, &options, folder.path()).unwrap();
    let queries = Queries::parse(queries, Path::new("dev.tsv")).unwrap();
    write_lucene_replay(folder.path(), &summary.bulk_files, "trouvaille", &queries, &config)
        .unwrap();
    folder
}

fn replay_file(folder: &Path, name: &str) -> String {
    std::fs::read_to_string(folder.join(REPLAY_FOLDER).join(name)).unwrap()
}

#[test]
fn the_replay_holds_the_exported_analyzers_fields_records_and_searches() {
    let folder = replayed("q1\tl'état\nq2\tdonnees\n", SearchConfig::default());
    let analysis = replay_file(folder.path(), "analysis.tsv");
    let analyzers: Vec<&str> =
        analysis.lines().filter(|line| line.starts_with("analyzer\t")).collect();
    assert_eq!(analyzers, ["analyzer\ttrouvaille_exact", "analyzer\ttrouvaille_stemmed"]);
    assert!(analysis.contains("\nfilter\tstemmer\tfrench\n"), "{analysis}");
    // k1 as index.json writes the f32 1.2, which OpenSearch and Lucene read back as 1.2f.
    assert_eq!(
        replay_file(folder.path(), "fields.tsv"),
        "similarity\tBM25\t1.2000000476837158\t0.75\n\
         field\tbody\ttrouvaille_stemmed\ttrouvaille_stemmed\tbody\n\
         field\tbody.exact\ttrouvaille_exact\ttrouvaille_exact\tbody\n\
         field\tlabels\ttrouvaille_stemmed\ttrouvaille_stemmed\tlabels\tcategories\ttags\n\
         field\tlabels.exact\ttrouvaille_exact\ttrouvaille_exact\tlabels\tcategories\ttags\n\
         field\ttitle\ttrouvaille_stemmed\ttrouvaille_stemmed\ttitle\n\
         field\ttitle.exact\ttrouvaille_exact\ttrouvaille_exact\ttitle\n"
    );
    let documents = replay_file(folder.path(), "documents.tsv");
    assert!(
        documents.contains("a\tbody\tDeux\\tmots\\nici\ttags\tTI\ttags\tweb\ttitle\tL’État\n"),
        "{documents}"
    );
    assert!(documents.contains("b\tbody\t\tcategories\tQuébec\ttitle\tDonnées\n"), "{documents}");
    let searches = replay_file(folder.path(), "searches.tsv");
    assert!(searches.starts_with("search\tq1\t0\t100\nbool\t1\t1\t-\n"), "{searches}");
    assert!(searches.contains("search\tq2\t0\t100\n"), "{searches}");
}

#[test]
fn a_judged_search_is_replayed_clause_by_clause() {
    let folder = replayed("q1\tdonnees ouvertes\n", SearchConfig::default());
    assert_eq!(
        replay_file(folder.path(), "searches.tsv"),
        "search\tq1\t0\t100\n\
         bool\t1\t1\t-\n\
         bool\t0\t2\t1\n\
         multi_match\tdonnees ouvertes\tor\t-\t1\ttitle^2\tbody^1\tlabels^0.3\n\
         multi_match\tdonnees ouvertes\tor\tAUTO:5,9\t1\ttitle.exact^0.6\tbody.exact^0.3\tlabels.exact^0.09\n\
         multi_match\tdonnees ouvertes\tor\t-\t1\ttitle.exact^1\tbody.exact^0.5\tlabels.exact^0.15\n"
    );
}

#[test]
fn what_lucene_would_not_rank_as_a_cluster_does_is_refused_by_name() {
    let unsupported = |result: Result<Vec<String>, ReplayError>| match result {
        Err(ReplayError::Unsupported { what }) => what,
        other => panic!("not refused: {other:?}"),
    };
    let query = json!({"multi_match": {"query": "x", "type": "most_fields", "fields": ["title"]}});
    let filtered = json!({"query": query, "post_filter": {"term": {"tags": "TI"}}});
    assert!(unsupported(search_lines("q", &filtered)).contains("\"post_filter\""));
    let best_fields = json!({"query": {"multi_match": {"query": "x", "fields": ["title"]}}});
    assert!(unsupported(search_lines("q", &best_fields)).contains("other than most_fields"));
    let phrase = json!({"query": {"bool": {"should": {"match_phrase": {"title": "a b"}}}}});
    assert!(unsupported(search_lines("q", &phrase)).contains("match_phrase"));
    let one_clause = json!({"query": {"bool": {"should": query, "minimum_should_match": 1}}});
    assert_eq!(search_lines("q", &one_clause).unwrap()[1], "bool\t0\t1\t1");
}

#[test]
fn an_analyzer_is_written_as_its_chain_and_unknown_settings_are_refused() {
    let mut analysis = analysis::analysis_settings(StemmerAlgorithm::Light, &Synonyms::bundled());
    let chain = analyzer_chain(&analysis, STEMMED_SYNONYMS_ANALYZER, "synonyms").unwrap();
    let kinds: Vec<String> =
        chain.iter().map(|line| line.split('\t').take(2).collect::<Vec<_>>().join(" ")).collect();
    assert_eq!(
        kinds,
        [
            "analyzer synonyms",
            "char_filter mapping",
            "char_filter pattern_replace",
            "char_filter pattern_replace",
            "char_filter pattern_replace",
            "tokenizer standard",
            "filter lowercase",
            "filter elision",
            "filter asciifolding",
            "filter synonym_graph",
            "filter stop",
            "filter stemmer",
        ]
    );
    assert!(chain[7].starts_with("filter\telision\tl\td\t"), "{}", chain[7]);
    assert!(chain[9].starts_with("filter\tsynonym_graph\ttrue\t"), "{}", chain[9]);
    assert_eq!(chain[11], "filter\tstemmer\tlight_french");
    analysis["filter"]["trouvaille_stop"]["ignore_case"] = json!(true);
    let exact = analyzer_chain(&analysis, EXACT_ANALYZER, "exact").unwrap();
    assert_eq!(exact.len(), 9, "the exact analyzer has no stop filter to refuse");
    let error = analyzer_chain(&analysis, STEMMED_ANALYZER, "stemmed").unwrap_err();
    assert!(error.to_string().contains("\"ignore_case\" of the filter trouvaille_stop"), "{error}");
    analysis["analyzer"][EXACT_ANALYZER]["filter"] = json!(["lowercase", "uppercase"]);
    let error = analyzer_chain(&analysis, EXACT_ANALYZER, "exact").unwrap_err();
    assert!(error.to_string().contains("the built-in filter uppercase"), "{error}");
    analysis["char_filter"]["trouvaille_apostrophes"]["mappings"] = json!(["\t => x"]);
    let error = analyzer_chain(&analysis, EXACT_ANALYZER, "exact").unwrap_err();
    assert!(matches!(error, ReplayError::Untabulated { .. }), "{error}");
}

#[test]
fn text_fields_follow_the_mapping_and_copy_to() {
    let mut mappings = mapping::mappings(true);
    let fields = text_fields(&mappings).unwrap();
    let labels = fields.iter().find(|field| field.line().starts_with("field\tlabels\t")).unwrap();
    assert_eq!(
        labels.line(),
        "field\tlabels\ttrouvaille_stemmed\ttrouvaille_stemmed_synonyms\tlabels\tcategories\ttags"
    );
    assert!(fields.iter().all(|field| !field.line().contains("excerpt")), "not indexed");
    mappings["properties"]["body"]["position_increment_gap"] = json!(0);
    assert!(text_fields(&mappings).unwrap_err().to_string().contains("position_increment_gap"));
    let record = article(json!({"id": "x\\y", "title": "a\rb", "categories": []}));
    assert_eq!(document_line(&record, &fields[..1]).unwrap(), "x\\\\y\tbody\t");
    let title = text_fields(&mapping::mappings(false)).unwrap().pop().unwrap();
    assert_eq!(document_line(&record, &[title]).unwrap(), "x\\\\y\ttitle\ta\\rb");
}

#[test]
fn the_similarity_must_be_bm25() {
    let bm25 = json!({"default": {"type": "BM25", "k1": 0.9, "b": 0.4}});
    assert_eq!(similarity_line(&bm25).unwrap(), "similarity\tBM25\t0.9\t0.4");
    let boolean = json!({"default": {"type": "boolean"}});
    assert!(similarity_line(&boolean).unwrap_err().to_string().contains("other than BM25"));
    assert!(similarity_line(&Value::Null).is_err());
}
