//! `GET /metrics`: Prometheus text exposition, behind a bearer token when the server was given
//! one (`serve --metrics-token`). Without a token it is open: it holds request counts and
//! latencies by route and the index's size, never a query.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;

use crate::error::ApiError;
use crate::state::AppState;

const PROMETHEUS_TEXT: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Renders the metrics.
pub async fn metrics(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    if let Some(token) = state.metrics_token() {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
            // The scheme's name is case-insensitive (RFC 9110).
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim_start());
        if !given.is_some_and(|given| same_secret(given.as_bytes(), token.as_bytes())) {
            return Err(ApiError::Unauthorized);
        }
    }
    let status = state.searcher.status();
    let path = state.searcher.index().path().map(|path| path.to_path_buf());
    let body = state.metrics.render(status.documents, status.generation, path.as_deref());
    Ok(([(header::CONTENT_TYPE, PROMETHEUS_TEXT)], body))
}

/// Compares in a time that depends on neither where the first difference is nor the token's
/// length: one step per byte *given* (which the caller knows), each against a byte of the
/// token, the lengths' difference folded in at the end. So the token cannot be guessed byte by
/// byte, nor its length measured, from response times.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    if expected.is_empty() {
        return given.is_empty();
    }
    let bytes = given.iter().enumerate();
    let difference = bytes.fold(0u8, |difference, (index, byte)| {
        difference | (byte ^ expected[index % expected.len()])
    });
    difference == 0 && given.len() == expected.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_match_only_whole() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"s3creT", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
        assert!(!same_secret(b"s3crets3cret", b"s3cret"), "a repeated token is not the token");
    }
}
