//! Reloading under load: clients search without pause while the index takes new commits and
//! is rebuilt, and no request fails.

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use common::{index_path, indexed_archive, stdout, trouvaille, ServerProcess};

/// Clients searching at once.
const CLIENTS: usize = 8;

#[test]
fn commits_and_rebuilds_under_load_fail_no_request() {
    let directory = indexed_archive();
    let index = index_path(&directory);
    let server = ServerProcess::start(&index);
    let corpus = common::repository().join("corpus");
    let source = directory.path().join("new.jsonl");
    let record = serde_json::json!({"id": "nouveau", "title": "Données neuves", "body": "Texte."});
    std::fs::write(&source, format!("{record}\n")).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let (answered, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client_number| {
            let (stop, answered, failed) = (stop.clone(), answered.clone(), failed.clone());
            let page = if client_number % 2 == 0 { "/api/search" } else { "/" };
            let url = format!("{}{page}?q=donnees&category=Conf%C3%A9rences", server.url());
            runtime.spawn(async move {
                let client = reqwest::Client::new();
                while !stop.load(Ordering::Relaxed) {
                    match client.get(&url).send().await {
                        Ok(response) if response.status().is_success() => {
                            answered.fetch_add(1, Ordering::Relaxed)
                        }
                        Ok(response) => {
                            eprintln!("{url}: {}", response.status());
                            failed.fetch_add(1, Ordering::Relaxed)
                        }
                        Err(error) => {
                            eprintln!("{url}: {error}");
                            failed.fetch_add(1, Ordering::Relaxed)
                        }
                    };
                }
            })
        })
        .collect();
    for round in 0..3 {
        let added = stdout(&trouvaille(&index, &["index", source.to_str().unwrap()]));
        assert!(added.contains("0 rejected"), "round {round}: {added}");
        let rebuilt =
            stdout(&trouvaille(&index, &["index", "--rebuild", corpus.to_str().unwrap()]));
        assert_eq!(rebuilt.trim(), "10 added, 0 updated, 0 unchanged, 0 rejected");
    }
    stop.store(true, Ordering::Relaxed);
    runtime.block_on(async {
        for client in clients {
            client.await.unwrap();
        }
    });
    let (answered, failed) = (answered.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    eprintln!("{answered} requests answered during 3 commits and 3 rebuilds, {failed} failed");
    assert!(answered > 100, "too few requests to tell: {answered}");
    assert_eq!(failed, 0);
}

/// A rebuild with another stemmer under a running server: its queries would be stemmed one way
/// and the index the other, and articles would silently go missing. The server refuses to
/// search the new index (500, the cause in its log) until it is restarted.
#[test]
fn a_rebuild_with_another_stemmer_is_refused_rather_than_searched_wrongly() {
    let directory = indexed_archive();
    let index = index_path(&directory);
    let server = ServerProcess::start(&index);
    let url = format!("{}/api/search?q=donnees", server.url());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let status = || {
        runtime
            .block_on(async { reqwest::get(&url).await.map(|response| response.status().as_u16()) })
    };
    assert_eq!(status().unwrap(), 200);
    let corpus = common::repository().join("corpus");
    let rebuild = ["index", "--rebuild", "--stemmer", "light", corpus.to_str().unwrap()];
    assert!(trouvaille(&index, &rebuild).status.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while status().unwrap() == 200 {
        assert!(std::time::Instant::now() < deadline, "the rebuilt index was searched");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(status().unwrap(), 500);
}
