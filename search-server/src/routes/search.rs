//! `GET /api/search`: the same result document as `trouvaille search --json`.

use axum::extract::{RawQuery, State};
use axum::Json;
use indexer::search::SearchResponse;

use crate::error::ApiError;
use crate::params::search_request;
use crate::state::AppState;

/// Searches with the query-string parameters.
pub async fn search(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = search_request(query.as_deref().unwrap_or_default())?;
    let response = state.run_search(move |searcher| Ok(searcher.search(&request)?)).await?;
    Ok(Json(response))
}
