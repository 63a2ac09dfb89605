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

/// Compares in a time that does not depend on where the first difference is, so that the
/// token cannot be guessed byte by byte from response times.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given.iter().zip(expected).fold(0u8, |difference, (a, b)| difference | (a ^ b)) == 0
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
    }
}
