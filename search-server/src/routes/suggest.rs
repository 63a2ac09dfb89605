//! `GET /api/suggest?q=`: completions of the word being typed and matching titles.

use axum::extract::{RawQuery, State};
use axum::Json;
use indexer::search::SuggestResponse;

use crate::error::ApiError;
use crate::params::suggest_text;
use crate::state::AppState;

/// Suggests completions for `q`.
pub async fn suggest(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<SuggestResponse>, ApiError> {
    let text = suggest_text(query.as_deref().unwrap_or_default());
    let response = state.run_search(move |searcher| Ok(searcher.suggest(&text)?)).await?;
    Ok(Json(response))
}
