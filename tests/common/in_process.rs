//! The API served in-process on a loopback port, with the limits and settings a test chooses.

use std::path::Path;

use indexer::index::ArticleIndex;
use indexer::search::ArticleSearcher;
use search_server::{AppState, Limits};

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
        InProcessServer::start_with(index, limits, |state| state).await
    }

    /// Serves the index at `index` within `limits`, with the state `configure` makes.
    pub async fn start_with(
        index: &Path,
        limits: Limits,
        configure: impl FnOnce(AppState) -> AppState,
    ) -> InProcessServer {
        let searcher = ArticleSearcher::new(ArticleIndex::open(index).unwrap()).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = configure(AppState::new(searcher, limits));
        tokio::spawn(search_server::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        InProcessServer { base: format!("http://{address}"), address, _shutdown: shutdown }
    }
}
