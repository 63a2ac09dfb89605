//! `GET /api/articles/{id}`: one article record.

use axum::extract::{Path, State};
use axum::Json;
use indexer::article::Article;

use crate::error::ApiError;
use crate::state::AppState;

/// The article with `id`, or 404.
pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Article>, ApiError> {
    let lookup_id = id.clone();
    let article = state.run_search(move |searcher| Ok(searcher.article(&lookup_id)?)).await?;
    article.map(Json).ok_or(ApiError::ArticleNotFound(id))
}
