//! The API served in-process on a loopback port, with limits and origins chosen by the test.

use std::path::Path;

use indexer::index::ArticleIndex;
use indexer::search::ArticleSearcher;
use search_server::{AppState, CorsOrigin, Limits};

/// A server running on the test's runtime until dropped.
pub struct InProcessServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// `127.0.0.1:PORT`.
    pub address: std::net::SocketAddr,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl InProcessServer {
    /// Serves the index at `index` within `limits`.
    pub async fn start(index: &Path, limits: Limits) -> InProcessServer {
        InProcessServer::start_with_origins(index, limits, Vec::new()).await
    }

    /// Serves the index at `index` within `limits`, letting `origins` call it cross-origin.
    pub async fn start_with_origins(
        index: &Path,
        limits: Limits,
        origins: Vec<CorsOrigin>,
    ) -> InProcessServer {
        let searcher = ArticleSearcher::new(ArticleIndex::open(index).unwrap()).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = AppState::new(searcher, limits).with_cors_origins(origins);
        tokio::spawn(search_server::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        InProcessServer { base: format!("http://{address}"), address, _shutdown: shutdown }
    }
}
