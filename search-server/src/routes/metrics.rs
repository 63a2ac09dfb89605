//! `GET /metrics`: Prometheus text exposition.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::state::AppState;

const PROMETHEUS_TEXT: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Renders the metrics.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let status = state.searcher.status();
    let path = state.searcher.index().path().map(|path| path.to_path_buf());
    let body = state.metrics.render(status.documents, status.generation, path.as_deref());
    ([(header::CONTENT_TYPE, PROMETHEUS_TEXT)], body)
}
