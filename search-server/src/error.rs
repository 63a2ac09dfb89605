//! API errors as RFC 9457 problem documents (`application/problem+json`).
//!
//! User errors say what was wrong and which parameter, with a hint; internal errors are logged
//! and answered with a generic message, so nothing of the server's insides leaks.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use indexer::search::{InvalidRequest, SearchError};
use serde::Serialize;

/// Seconds a client is asked to wait before retrying when the server is saturated.
pub const RETRY_AFTER_SECONDS: u64 = 1;

/// An error answered to an API client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A parameter is invalid.
    #[error(transparent)]
    InvalidParameter(#[from] InvalidRequest),
    /// No article has this id.
    #[error("no article has the id {0:?}")]
    ArticleNotFound(String),
    /// No route matches.
    #[error("no such page: {0}")]
    RouteNotFound(String),
    /// Too many searches at once: the request was not queued.
    #[error("the server is busy; retry in {RETRY_AFTER_SECONDS} s")]
    Overloaded,
    /// The search took longer than the request timeout.
    #[error("the search took too long; retry, or narrow the query")]
    Timeout,
    /// An endpoint behind a token was called without it, or with another.
    #[error("this endpoint needs `Authorization: Bearer TOKEN`, with the token given to `serve --metrics-token`")]
    Unauthorized,
    /// Something failed inside the server; the cause is logged, not shown.
    #[error("internal error")]
    Internal(String),
}

/// The problem document.
#[derive(Debug, Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    problem_type: &'a str,
    title: &'a str,
    status: u16,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidParameter(_) => StatusCode::BAD_REQUEST,
            ApiError::ArticleNotFound(_) | ApiError::RouteNotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Overloaded | ApiError::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::InvalidParameter(_) => "Invalid parameter",
            ApiError::ArticleNotFound(_) => "Article not found",
            ApiError::RouteNotFound(_) => "Not found",
            ApiError::Overloaded => "Server busy",
            ApiError::Timeout => "Search timed out",
            ApiError::Unauthorized => "Unauthorized",
            ApiError::Internal(_) => "Internal error",
        }
    }

    /// The message shown to the client.
    pub fn detail(&self) -> String {
        match self {
            ApiError::InvalidParameter(error) => error.to_string(),
            other => other.to_string(),
        }
    }
}

impl From<SearchError> for ApiError {
    fn from(error: SearchError) -> Self {
        match error {
            SearchError::InvalidRequest(invalid) => ApiError::InvalidParameter(invalid),
            SearchError::Index(index_error) => ApiError::Internal(index_error.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(cause) = &self {
            tracing::error!(%cause, "internal error");
        }
        let status = self.status();
        let parameter = match &self {
            ApiError::InvalidParameter(error) => Some(error.parameter),
            _ => None,
        };
        let problem = Problem {
            problem_type: "about:blank",
            title: self.title(),
            status: status.as_u16(),
            detail: self.detail(),
            parameter,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn internal_errors_answer_500_without_their_cause() {
        let response =
            ApiError::Internal("tantivy: /srv/secret/index/meta.json".into()).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 4096).await.unwrap();
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("internal error") && !body.contains("secret"), "{body}");
    }
}
