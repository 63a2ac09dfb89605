//! HTTP tests against a real server on a loopback port: the app served in-process for the API,
//! the `trouvaille serve` binary for live reload and shutdown. Every JSON response is validated
//! against `schemas/openapi.json`.

mod common;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::in_process::InProcessServer;
use common::{index_path, indexed_archive, ServerProcess};
use jsonschema::{Registry, Validator};
use reqwest::StatusCode;
use search_server::Limits;
use serde_json::Value;

const OPENAPI_ID: &str = "https://trouvaille.example/schemas/openapi.json";
const ARTICLE_SCHEMA_ID: &str = "https://trouvaille.example/schemas/article.schema.json";

fn schema_file(name: &str) -> Value {
    let path = common::repository().join("schemas").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn registry() -> &'static Registry<'static> {
    static REGISTRY: OnceLock<Registry<'static>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        Registry::new()
            .add(OPENAPI_ID, schema_file("openapi.json"))
            .and_then(|registry| {
                registry.add(ARTICLE_SCHEMA_ID, schema_file("article.schema.json"))
            })
            .and_then(|registry| registry.prepare())
            .expect("the schemas register")
    })
}

/// Checks `body` against the OpenAPI component `name`.
fn assert_matches_schema(name: &str, body: &Value) {
    let reference =
        serde_json::json!({ "$ref": format!("{OPENAPI_ID}#/components/schemas/{name}") });
    let validator: Validator =
        jsonschema::options().with_registry(registry()).build(&reference).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(body).map(|error| error.to_string()).collect();
    assert!(errors.is_empty(), "{name} does not match the OpenAPI document: {errors:?}\n{body}");
}

/// The API served in-process on a loopback port, over a fresh index of the archive.
struct TestServer {
    base: String,
    _index: tempfile::TempDir,
    _server: InProcessServer,
}

async fn start_server(limits: Limits) -> TestServer {
    let index = indexed_archive();
    let server = InProcessServer::start(&index_path(&index), limits).await;
    TestServer { base: server.base.clone(), _index: index, _server: server }
}

impl TestServer {
    async fn get(&self, path_and_query: &str) -> reqwest::Response {
        reqwest::get(format!("{}{path_and_query}", self.base)).await.expect("the server answers")
    }

    /// GETs a JSON document, checks its status and its schema.
    async fn json(&self, path_and_query: &str, status: StatusCode, schema: &str) -> Value {
        let response = self.get(path_and_query).await;
        assert_eq!(response.status(), status, "{path_and_query}");
        let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
        let expected_type =
            if status.is_success() { "application/json" } else { "application/problem+json" };
        assert_eq!(content_type, expected_type, "{path_and_query}");
        let body: Value = response.json().await.unwrap();
        assert_matches_schema(schema, &body);
        body
    }
}

fn titles(response: &Value) -> Vec<&str> {
    response["hits"].as_array().unwrap().iter().map(|hit| hit["title"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn search_finds_open_data_first_with_facets() {
    let server = start_server(Limits::default()).await;
    let body =
        server.json("/api/search?q=donnees+ouvertes", StatusCode::OK, "SearchResponse").await;
    assert!(
        titles(&body)[0].starts_with("JIQ 2012 – Le gouvernement ouvert en Colombie-Britannique")
    );
    assert!(!body["facets"]["categories"].as_array().unwrap().is_empty());
    assert!(body["facets"]["years"].as_array().unwrap().iter().any(|year| year["value"] == "2012"));
    assert!(body["hits"][0]["snippet_html"].as_str().unwrap().contains("<mark>données</mark>"));
}

#[tokio::test]
async fn category_filter_is_disjunctive() {
    let server = start_server(Limits::default()).await;
    let body =
        server.json("/api/search?q=&category=Design", StatusCode::OK, "SearchResponse").await;
    assert_eq!(body["total"], 1);
    let categories: Vec<&str> = body["facets"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value["value"].as_str().unwrap())
        .collect();
    for category in ["Conférences", "Design", "Médias sociaux", "TI", "Techno", "Évènement"] {
        assert!(categories.contains(&category), "{category} missing from {categories:?}");
    }
}

#[tokio::test]
async fn the_api_and_the_cli_return_the_same_document() {
    let server = start_server(Limits::default()).await;
    let mut from_api =
        server.json("/api/search?q=nom+de+domaine", StatusCode::OK, "SearchResponse").await;
    let index = indexed_archive();
    let output = common::stdout(&common::trouvaille(
        &index_path(&index),
        &["search", "--json", "nom de domaine"],
    ));
    let mut from_cli: Value = serde_json::from_str(&output).unwrap();
    for document in [&mut from_api, &mut from_cli] {
        document["took_ms"] = Value::Null;
    }
    assert_eq!(from_api, from_cli);
}

#[tokio::test]
async fn bad_parameters_are_problem_documents_naming_the_parameter() {
    let server = start_server(Limits::default()).await;
    let long_query = format!("/api/search?q={}", "a".repeat(513));
    for (path, parameter) in [
        ("/api/search?q=x&from=2013-13-45", "from"),
        ("/api/search?q=x&per_page=1000", "per_page"),
        ("/api/search?q=x&page=0", "page"),
        ("/api/search?q=x&page=1001", "page"),
        ("/api/search?q=x&sort=newest", "sort"),
        (long_query.as_str(), "q"),
    ] {
        let body = server.json(path, StatusCode::BAD_REQUEST, "Problem").await;
        assert_eq!(body["parameter"], parameter, "{path}");
        assert!(body["detail"].as_str().unwrap().contains(parameter), "{path}: {body}");
    }
}

#[tokio::test]
async fn articles_are_served_by_id_and_unknown_ones_are_404() {
    let server = start_server(Limits::default()).await;
    let article =
        server.json("/api/articles/jiq-2013-l-experience-ti", StatusCode::OK, "Article").await;
    assert_eq!(article["title"], "JIQ 2013 – L’expérience TI");
    server.json("/api/articles/inconnu", StatusCode::NOT_FOUND, "Problem").await;
    server.json("/api/nulle-part", StatusCode::NOT_FOUND, "Problem").await;
}

#[tokio::test]
async fn suggestions_complete_without_accents() {
    let server = start_server(Limits::default()).await;
    for (typed, expected) in [("donn", "données"), ("quebe", "québec"), ("experi", "expérience")]
    {
        let body = server
            .json(&format!("/api/suggest?q={typed}"), StatusCode::OK, "SuggestResponse")
            .await;
        let texts: Vec<&str> = body["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        assert!(texts.contains(&expected), "{typed}: {texts:?}");
    }
    let body = server.json("/api/suggest?q=donn", StatusCode::OK, "SuggestResponse").await;
    assert_eq!(body["suggestions"][0]["text"], "données", "the most frequent completion first");
}

#[tokio::test]
async fn health_metrics_and_openapi() {
    let server = start_server(Limits::default()).await;
    let health = server.json("/api/health", StatusCode::OK, "Health").await;
    assert_eq!(health["documents"], 10);
    server.json("/api/search?q=web", StatusCode::OK, "SearchResponse").await;
    let metrics = server.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains("trouvaille_http_requests_total{route=\"/api/search\",status=\"200\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("trouvaille_http_request_duration_seconds_bucket"), "{metrics}");
    assert!(metrics.contains("trouvaille_index_documents 10"), "{metrics}");
    assert!(!metrics.contains("trouvaille_index_size_bytes 0\n"), "{metrics}");
    let openapi: Value = server.get("/api/openapi.json").await.json().await.unwrap();
    assert_eq!(openapi, schema_file("openapi.json"));
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let server = start_server(Limits::default()).await;
    let client = reqwest::Client::new();
    for encoding in ["gzip", "br"] {
        let response = client
            .get(format!("{}/api/search?q=quebec&per_page=10", server.base))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
}

#[tokio::test]
async fn a_saturated_server_answers_503_with_retry_after() {
    let no_capacity = Limits { concurrent_searches: 0, queued_searches: 0, ..Limits::default() };
    let server = start_server(no_capacity).await;
    let response = server.get("/api/search?q=web").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()["retry-after"], "1");
    let body: Value = response.json().await.unwrap();
    assert_matches_schema("Problem", &body);
    let health = server.get("/api/health").await;
    assert_eq!(health.status(), StatusCode::OK, "health does not queue behind searches");
}

/// `trouvaille index` (and `index --rebuild`, which swaps the index directory) run while the
/// server runs is served within a second or so, and no request fails meanwhile.
#[test]
fn a_new_commit_is_served_without_restart_or_failed_request() {
    let directory = indexed_archive();
    let index = index_path(&directory);
    let server = ServerProcess::start(&index);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let search_url = format!("{}/api/search?q=zygomorphe", server.url());
    let source = directory.path().join("new.jsonl");
    std::fs::write(
        &source,
        "{\"id\":\"nouveau\",\"title\":\"Une fleur zygomorphe\",\"body\":\"Texte.\"}\n",
    )
    .unwrap();
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let total = |client: reqwest::Client, url: String| async move {
            let response = client.get(url).send().await.expect("no failed request");
            assert_eq!(response.status(), StatusCode::OK, "no failed request");
            response.json::<Value>().await.unwrap()["total"].as_u64().unwrap()
        };
        assert_eq!(total(client.clone(), search_url.clone()).await, 0);
        let summary =
            common::stdout(&common::trouvaille(&index, &["index", source.to_str().unwrap()]));
        assert_eq!(summary.trim(), "1 added, 0 updated, 0 unchanged, 0 rejected");
        let committed = Instant::now();
        while total(client.clone(), search_url.clone()).await == 0 {
            assert!(committed.elapsed() < Duration::from_secs(5), "commit not served after 5 s");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        eprintln!(
            "new commit served {} ms after the indexer returned",
            committed.elapsed().as_millis()
        );

        let rebuild = ["index", "--rebuild", source.to_str().unwrap()];
        let rebuilt = common::stdout(&common::trouvaille(&index, &rebuild));
        assert_eq!(rebuilt.trim(), "1 added, 0 updated, 0 unchanged, 0 rejected");
        let health_url = format!("{}/api/health", server.url());
        let swapped = Instant::now();
        loop {
            let health: Value = client.get(&health_url).send().await.unwrap().json().await.unwrap();
            if health["documents"] == 1 {
                break;
            }
            assert!(
                swapped.elapsed() < Duration::from_secs(5),
                "rebuilt index not served after 5 s"
            );
            assert_eq!(total(client.clone(), search_url.clone()).await, 1, "no failed request");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
}

/// `serve --config` ranks with the configuration named, and an index it builds gets the
/// stemming the configuration needs.
#[test]
fn the_server_ranks_with_the_configuration_named() {
    let directory = indexed_archive();
    let every_word = ServerProcess::start_with(&index_path(&directory), &["--config", "and"]);
    let fresh = tempfile::tempdir().unwrap();
    let light_index = fresh.path().join("index");
    let light = ServerProcess::start_with(&light_index, &["--config", "light-stemmer"]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let total = |server: &ServerProcess, query: &str| {
            let url = format!("{}/api/search?q={query}", server.url());
            async move {
                let response = reqwest::get(url).await.expect("the server answers");
                assert_eq!(response.status(), StatusCode::OK);
                response.json::<Value>().await.unwrap()["total"].as_u64().unwrap()
            }
        };
        let query = "ludification+zyxwvut";
        assert_eq!(total(&every_word, query).await, 0, "`and`: every word or nothing");
        assert_eq!(total(&light, query).await, 1, "light-stemmer matches any word");
    });
    assert_eq!(common::index_settings(&light_index)["stemmer"], "light");
}

/// SIGTERM stops the server cleanly (exit status 0).
#[cfg(unix)]
#[test]
fn sigterm_shuts_the_server_down_gracefully() {
    let directory = indexed_archive();
    let mut server = ServerProcess::start(&index_path(&directory));
    let status = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            assert!(exit.success(), "exit status {exit:?}");
            break;
        }
        assert!(Instant::now() < deadline, "still running 10 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}
