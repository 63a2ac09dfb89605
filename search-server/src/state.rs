//! What every handler shares: the searcher, the search limiter, the metrics and the limits.

use std::sync::Arc;
use std::time::Duration;

use indexer::search::ArticleSearcher;

use crate::cors::CorsOrigin;
use crate::error::ApiError;
use crate::limiter::SearchLimiter;
use crate::metrics::Metrics;

/// Bounds of the server: of searches, and of connections before any request is read.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Searches running at once.
    pub concurrent_searches: usize,
    /// Searches waiting for a turn at most; beyond, 503.
    pub queued_searches: usize,
    /// Longest a search may wait for a turn.
    pub queue_wait: Duration,
    /// Longest a search may take before the client gets 503.
    pub search_timeout: Duration,
    /// Connections served at once; more clients wait in the kernel's accept queue, so that
    /// idle or hostile connections cannot exhaust file descriptors or memory.
    pub max_connections: usize,
    /// Longest a client may take to send a request's headers, and longest a kept-alive
    /// connection may stay idle: a slow client (slowloris) cannot hold a connection for long.
    pub header_read_timeout: Duration,
    /// Largest request head (request line and headers), in bytes; beyond, 431. At least
    /// 8 KiB (the HTTP parser's minimum buffer).
    pub max_header_bytes: usize,
    /// Most header fields in a request; beyond, 431.
    pub max_headers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            concurrent_searches: cores * 2,
            queued_searches: 256,
            queue_wait: Duration::from_secs(2),
            search_timeout: Duration::from_secs(5),
            max_connections: 1024,
            header_read_timeout: Duration::from_secs(10),
            max_header_bytes: 16 * 1024,
            max_headers: 64,
        }
    }
}

/// Shared state of the handlers; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub(crate) searcher: Arc<ArticleSearcher>,
    pub(crate) metrics: Arc<Metrics>,
    limiter: SearchLimiter,
    limits: Limits,
    cors_origins: Vec<CorsOrigin>,
    metrics_token: Option<String>,
}

impl AppState {
    /// State serving `searcher` within `limits`.
    pub fn new(searcher: ArticleSearcher, limits: Limits) -> Self {
        AppState {
            searcher: Arc::new(searcher),
            metrics: Arc::new(Metrics::new()),
            limiter: SearchLimiter::new(
                limits.concurrent_searches,
                limits.queued_searches,
                limits.queue_wait,
            ),
            limits,
            cors_origins: Vec::new(),
            metrics_token: None,
        }
    }

    /// The same state, letting pages of `origins` (`https://example.org`) call the API from
    /// a browser. Without origins, no CORS header is sent and browsers keep the API to the
    /// search page's own origin.
    pub fn with_cors_origins(mut self, origins: Vec<CorsOrigin>) -> Self {
        self.cors_origins = origins;
        self
    }

    /// The same state, answering `/metrics` only to requests with `Authorization: Bearer
    /// token` (the one operational endpoint; the search API needs no token).
    pub fn with_metrics_token(mut self, token: Option<String>) -> Self {
        self.metrics_token = token.filter(|token| !token.is_empty());
        self
    }

    pub(crate) fn metrics_token(&self) -> Option<&str> {
        self.metrics_token.as_deref()
    }

    /// The bounds the server keeps.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    pub(crate) fn cors_origins(&self) -> &[CorsOrigin] {
        &self.cors_origins
    }

    /// Runs `work` on the blocking pool once the limiter admits it, within the search timeout.
    pub(crate) async fn run_search<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&ArticleSearcher) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.limiter.acquire().await?;
        let searcher = self.searcher.clone();
        let task = tokio::task::spawn_blocking(move || {
            let result = work(&searcher);
            drop(permit);
            result
        });
        match tokio::time::timeout(self.limits.search_timeout, task).await {
            Err(_) => Err(ApiError::Timeout),
            Ok(Err(join_error)) => Err(ApiError::Internal(join_error.to_string())),
            Ok(Ok(result)) => result,
        }
    }
}
