//! The search page at `/` (server-rendered, enhanced by an embedded script).

use axum::Router;

use crate::state::AppState;

/// Routes of the page and its assets.
pub fn routes() -> Router<AppState> {
    Router::new()
}
