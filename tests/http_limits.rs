//! The server's limits and defences, each proven against a real socket: security headers,
//! CORS off by default, request size limits, refused methods and paths, slow and idle
//! clients, and hostile article content rendered inert (RELIABILITY.md lists them all).

mod common;

use std::time::{Duration, Instant};

use common::in_process::InProcessServer;
use common::{index_path, indexed_archive, trouvaille};
use reqwest::{Method, StatusCode};
use search_server::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn archive_server(limits: Limits) -> (InProcessServer, tempfile::TempDir) {
    let index = indexed_archive();
    (InProcessServer::start(&index_path(&index), limits).await, index)
}

/// Sends `request` as raw bytes and reads until the server closes or `wait` passes.
async fn raw_exchange(server: &InProcessServer, request: &[u8], wait: Duration) -> String {
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(wait, stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (server, _index) = archive_server(Limits::default()).await;
    for path in
        ["/api/search?q=donnees", "/api/health", "/nowhere", "/?q=donnees", "/assets/search.js"]
    {
        let response = reqwest::get(format!("{}{path}", server.base)).await.unwrap();
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(policy.contains("frame-ancestors 'none'"), "{path}: {policy}");
        let expected_sources =
            if path.starts_with("/?") { "default-src 'self'" } else { "default-src 'none'" };
        assert!(policy.starts_with(expected_sources), "{path}: {policy}");
    }
}

#[tokio::test]
async fn cors_is_off_unless_an_origin_is_configured() {
    let index = indexed_archive();
    let allowed: search_server::CorsOrigin = "https://allowed.example".parse().unwrap();
    let closed = InProcessServer::start(&index_path(&index), Limits::default()).await;
    let open = InProcessServer::start_with(&index_path(&index), Limits::default(), |state| {
        state.with_cors_origins(vec![allowed])
    })
    .await;
    let client = reqwest::Client::new();
    let allow_origin = |server: &InProcessServer, origin: &str| {
        let request = client
            .get(format!("{}/api/search?q=donnees", server.base))
            .header("origin", origin)
            .send();
        async move {
            let response = request.await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            response.headers().get("access-control-allow-origin").cloned()
        }
    };
    assert_eq!(allow_origin(&closed, "https://allowed.example").await, None);
    assert_eq!(
        allow_origin(&open, "https://allowed.example").await.unwrap(),
        "https://allowed.example"
    );
    assert_eq!(allow_origin(&open, "https://other.example").await, None);
}

#[tokio::test]
async fn write_methods_and_bodies_are_refused() {
    let (server, _index) = archive_server(Limits::default()).await;
    let client = reqwest::Client::new();
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        for path in ["/api/search", "/api/articles/x", "/metrics", "/"] {
            let response = client
                .request(method.clone(), format!("{}{path}", server.base))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        }
    }
    let big_body = "x".repeat(20 * 1024);
    let response = client
        .get(format!("{}/api/search?q=donnees", server.base))
        .body(big_body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff", "the 413 too");
}

#[tokio::test]
async fn oversized_request_heads_are_refused() {
    let (server, _index) = archive_server(Limits::default()).await;
    let client = reqwest::Client::new();
    let url = format!("{}/api/health", server.base);
    let long_header = client.get(&url).header("x-filler", "x".repeat(32 * 1024)).send().await;
    assert!(
        long_header.map_or(true, |response| response.status()
            == StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE),
        "a 32 KiB header was served"
    );
    let mut many_headers = client.get(&url);
    for number in 0..100 {
        many_headers = many_headers.header(format!("x-filler-{number}"), "x");
    }
    let many = many_headers.send().await;
    assert!(
        many.map_or(true, |response| response.status()
            == StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE),
        "100 headers were served"
    );
    assert_eq!(client.get(&url).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn parameters_beyond_their_limits_are_refused_by_name() {
    let (server, _index) = archive_server(Limits::default()).await;
    let categories = vec!["category=TI"; 33].join("&");
    let long_query = "x".repeat(600);
    for (path, parameter) in [
        (format!("/api/search?q=donnees&{categories}"), "category"),
        (format!("/api/suggest?q={long_query}"), "q"),
        (format!("/api/search?q={long_query}"), "q"),
        ("/api/search?q=donnees&per_page=101".to_string(), "per_page"),
        ("/api/search?q=donnees&page=1001".to_string(), "page"),
    ] {
        let response = reqwest::get(format!("{}{path}", server.base)).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["parameter"], parameter, "{path}: {problem}");
    }
}

#[tokio::test]
async fn asset_paths_cannot_leave_the_embedded_assets() {
    let (server, _index) = archive_server(Limits::default()).await;
    for path in [
        "/assets/../Cargo.toml",
        "/assets/..%2F..%2FCargo.toml",
        "/assets/%2e%2e%2fsrc%2fmain.rs",
        "/assets/..\\..\\Cargo.toml",
        "/assets//etc/passwd",
    ] {
        let request = format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        let answer = raw_exchange(&server, request.as_bytes(), Duration::from_secs(5)).await;
        let status_line = answer.lines().next().unwrap_or_default();
        assert!(
            status_line.contains(" 404 ") || status_line.contains(" 400 "),
            "{path}: {status_line}"
        );
        assert!(
            !answer.contains("[workspace]") && !answer.contains("root:"),
            "{path} leaked a file"
        );
    }
}

/// A client that sends its headers a byte at a time (slowloris) loses its connection at the
/// header deadline, instead of holding it for as long as it likes.
#[tokio::test]
async fn a_slow_client_is_disconnected_at_the_header_deadline() {
    let limits = Limits { header_read_timeout: Duration::from_millis(300), ..Limits::default() };
    let (server, _index) = archive_server(limits).await;
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    let started = Instant::now();
    let mut closed = false;
    for byte in b"GET /api/health HTTP/1.1\r\nHost: test\r\nX-Slow: ".iter().cycle().take(200) {
        if stream.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    closed |= read.is_ok();
    assert!(closed, "the connection was still open after {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(!String::from_utf8_lossy(&answer).contains(" 200 "));
}

/// Connections beyond the bound wait in the kernel's queue; idle ones are closed at the header
/// deadline, so a waiting client is then served.
#[tokio::test]
async fn idle_connections_are_bounded_and_reclaimed() {
    let limits = Limits {
        max_connections: 4,
        header_read_timeout: Duration::from_millis(500),
        ..Limits::default()
    };
    let (server, _index) = archive_server(limits).await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(TcpStream::connect(server.address).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let answer = raw_exchange(
        &server,
        b"GET /api/health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
        Duration::from_secs(10),
    )
    .await;
    let waited = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        waited >= Duration::from_millis(300),
        "served at once: the bound did not hold ({waited:?})"
    );
    for mut stream in idle {
        let mut buffer = [0u8; 64];
        let read = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buffer)).await;
        assert!(matches!(read, Ok(Ok(0)) | Ok(Err(_))), "an idle connection stayed open");
    }
}

/// Markup in articles and in queries is shown as text: no script, no event handler, no
/// `javascript:` link reaches the page or the API's HTML fields.
#[tokio::test]
async fn hostile_content_and_queries_are_rendered_inert() {
    let directory = tempfile::tempdir().unwrap();
    let source = directory.path().join("hostile.jsonl");
    let hostile = serde_json::json!({
        "id": "hostile",
        "title": "<script>alert('titre')</script> Données \"><img src=x onerror=alert(1)>",
        "url": "javascript:alert('url')",
        "date": "2013-02-20",
        "categories": ["<script>alert('catégorie')</script>"],
        "tags": ["\"><img src=x onerror=alert(2)>"],
        "body": "Les données \"><img src=x onerror=alert(3)> ouvertes <script>alert('corps')</script> \
                 <a href=\"javascript:alert(4)\">lien</a>",
    });
    std::fs::write(&source, format!("{hostile}\n")).unwrap();
    let index = directory.path().join("index");
    let output = trouvaille(&index, &["index", source.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let server = InProcessServer::start(&index, Limits::default()).await;
    let queries = [
        "donnees",
        "script",
        "%3Cscript%3Ealert(5)%3C%2Fscript%3E",
        "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(6)%3E",
    ];
    let assert_inert = |html: &str, context: &str| {
        let lowercase = html.to_lowercase();
        assert!(!lowercase.contains("<script>alert"), "{context}: a script got through");
        assert!(!lowercase.contains("<img src=x"), "{context}: an image tag got through");
        assert!(!lowercase.contains("href=\"javascript:"), "{context}: a javascript: link");
    };
    for query in queries {
        let page = reqwest::get(format!("{}/?q={query}", server.base)).await.unwrap();
        assert_inert(&page.text().await.unwrap(), &format!("the page for {query}"));
        // JSON fields are data (served as JSON, never run); the HTML ones are escaped.
        let api = reqwest::get(format!("{}/api/search?q={query}", server.base)).await.unwrap();
        let response: serde_json::Value = api.json().await.unwrap();
        for hit in response["hits"].as_array().unwrap() {
            assert_inert(hit["title_html"].as_str().unwrap(), "title_html");
            assert_inert(hit["snippet_html"].as_str().unwrap(), "snippet_html");
        }
    }
    let page =
        reqwest::get(format!("{}/?q=donnees", server.base)).await.unwrap().text().await.unwrap();
    assert!(page.contains("&lt;script&gt;"), "the title is not shown as text");
}

/// `/metrics`, the one operational endpoint, answers only with the token when one is set; the
/// search API never asks for one.
#[tokio::test]
async fn metrics_need_the_token_when_one_is_set() {
    let index = indexed_archive();
    let server = InProcessServer::start_with(&index_path(&index), Limits::default(), |state| {
        state.with_metrics_token(Some("s3cret".to_string()))
    })
    .await;
    let base = server.base.clone();
    let client = reqwest::Client::new();
    let metrics = |authorization: Option<&'static str>| {
        let mut request = client.get(format!("{base}/metrics"));
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        async move { request.send().await.unwrap() }
    };
    let refused = metrics(None).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(refused.headers()["www-authenticate"], "Bearer");
    assert_eq!(metrics(Some("Bearer wrong")).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(metrics(Some("s3cret")).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(metrics(Some("Bearer s3cret")).await.status(), StatusCode::OK);
    assert_eq!(metrics(Some("bearer s3cret")).await.status(), StatusCode::OK);
    let search = reqwest::get(format!("{base}/api/search?q=donnees")).await.unwrap();
    assert_eq!(search.status(), StatusCode::OK, "the read API needs no token");
}
