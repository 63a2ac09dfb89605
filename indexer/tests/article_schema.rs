//! `schemas/article.schema.json` and the loader's rules must agree: a record is accepted by
//! one exactly when the other accepts it.

use indexer::article::Article;
use serde_json::{json, Value};

fn schema_validator() -> jsonschema::Validator {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/article.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn loader_accepts(record: &Value) -> bool {
    serde_json::from_value::<Article>(record.clone())
        .is_ok_and(|article| article.validate().is_ok())
}

#[test]
fn schema_and_loader_agree_on_every_example() {
    let validator = schema_validator();
    let examples = [
        (json!({"id": "a", "title": "Données ouvertes"}), true),
        (json!({"id": "a", "body": "Texte seul"}), true),
        (json!({"id": "a", "title": "", "body": "Texte"}), true),
        (json!({"id": "a", "title": "T", "date": "2013-02-20"}), true),
        (json!({"id": "a", "title": "T", "date": "2013-02-20T10:00:00-05:00"}), true),
        (json!({"id": "a", "title": "T", "date": null, "author": null, "url": null}), true),
        (json!({"id": "a", "title": "T", "categories": ["TI"], "tags": [], "comments": 3}), true),
        (
            json!({"id": "a", "title": "T", "body_is_excerpt": true, "excerpt": "E", "source": "f"}),
            true,
        ),
        (json!({"title": "sans id"}), false),
        (json!({"id": "", "title": "T"}), false),
        (json!({"id": "a b", "title": "T"}), false),
        (json!({"id": "a\u{1}", "title": "T"}), false),
        (json!({"id": "x".repeat(201), "title": "T"}), false),
        (json!({"id": "a"}), false),
        (json!({"id": "a", "title": "  ", "body": ""}), false),
        (json!({"id": "a", "title": "T", "date": "20 février 2013"}), false),
        (json!({"id": "a", "title": "T", "date": "2013-02-20T10:00"}), false),
        (json!({"id": "a", "title": "T", "categories": [""]}), false),
        (json!({"id": "a", "title": "T", "tags": "TI"}), false),
        (json!({"id": "a", "title": "T", "comments": -1}), false),
        (json!({"id": "a", "title": "T", "titre": "faute de frappe"}), false),
        (json!({"id": 7, "title": "T"}), false),
    ];
    for (record, expected) in examples {
        assert_eq!(validator.is_valid(&record), expected, "schema on {record}");
        assert_eq!(loader_accepts(&record), expected, "loader on {record}");
    }
}

/// The one rule the schema cannot say: the day must exist.
#[test]
fn only_the_loader_checks_calendar_days() {
    let record = json!({"id": "a", "title": "T", "date": "2013-02-30"});
    assert!(schema_validator().is_valid(&record));
    assert!(!loader_accepts(&record));
}

#[test]
fn records_serialised_by_trouvaille_match_the_schema() {
    let validator = schema_validator();
    let corpus = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let mut count = 0;
    indexer::ingest::read_sources(&[corpus], &Default::default(), &mut |record| {
        let value = serde_json::to_value(record.article.unwrap()).unwrap();
        assert!(validator.is_valid(&value), "{value}");
        count += 1;
    })
    .unwrap();
    assert_eq!(count, 10);
}
