//! `GET /api/openapi.json`: the API description kept in `schemas/openapi.json`, embedded.

use axum::http::header;
use axum::response::IntoResponse;

/// The OpenAPI document, as the tests validate responses against it.
pub const OPENAPI_DOCUMENT: &str = include_str!("../../../schemas/openapi.json");

/// Serves the OpenAPI document.
pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_DOCUMENT)
}
