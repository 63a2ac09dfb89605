//! The router: routes, and the layers every request goes through (metrics, tracing with
//! latency, compression, security headers, CORS when configured, body limit, a last-resort
//! timeout).

use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Uri};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use tower::util::option_layer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use tracing::Level;

use crate::cors::cors_layer;
use crate::error::ApiError;
use crate::page;
use crate::routes;
use crate::state::AppState;

/// Largest request body accepted: the API reads none, so anything beyond a form is refused.
const BODY_LIMIT_BYTES: usize = 16 * 1024;
/// Beyond the search timeout, a safety net for any request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Headers of every response, unless its handler set its own (the search page sets a CSP that
/// lets it load its assets): nothing in a JSON or error response may run or load anything,
/// no response is framed, sniffed as another type, or leaks its URL to other sites.
const SECURITY_HEADERS: [(HeaderName, &str); 3] = [
    (header::CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "same-origin"),
];

/// Builds the application; tests call it directly and serve it on a loopback port.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/search", get(routes::search::search))
        .route("/api/suggest", get(routes::suggest::suggest))
        .route("/api/articles/{id}", get(routes::articles::article))
        .route("/api/health", get(routes::health::health))
        .route("/api/openapi.json", get(routes::openapi::openapi))
        .route("/metrics", get(routes::metrics::metrics));
    let mut router = api
        .merge(page::routes())
        .fallback(not_found)
        .layer(option_layer(cors_layer(state.cors_origins())))
        .layer(middleware::from_fn_with_state(state.clone(), record_metrics))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(
                    DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Micros),
                ),
        )
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ));
    // Outermost, so that the answers of the layers above (413, the timeout's 503, CORS
    // preflights) carry them too.
    for (name, value) in SECURITY_HEADERS {
        router = router
            .layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)));
    }
    router.with_state(state)
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::RouteNotFound(uri.path().to_string())
}

async fn record_metrics(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |path| path.as_str().to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.record_request(&route, response.status().as_u16(), started.elapsed());
    response
}
