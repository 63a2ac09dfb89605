//! `GET /api/health`: liveness, with the index generation and document count served.

use axum::extract::State;
use axum::Json;
use serde::Serialize;

use crate::state::AppState;

/// The health document.
#[derive(Debug, Serialize)]
pub struct Health {
    status: &'static str,
    generation: u64,
    documents: u64,
}

/// Reports the index being served.
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    let status = state.searcher.status();
    Json(Health { status: "ok", generation: status.generation, documents: status.documents })
}
