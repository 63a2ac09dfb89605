//! The search page at `/`: a French HTML form whose results the server renders, so it works
//! without JavaScript, enhanced by a small embedded script (search as you type, facet toggles
//! without reload, the state in the URL, suggestions).
//!
//! `render` writes the HTML, `text` the French wording, `assets` serves the embedded script,
//! style sheet and icon. The script asks for the same URL with the [`FRAGMENT_HEADER`] header
//! and gets only the parts a search changes, rendered by the same code as the full page.

mod assets;
mod render;
mod text;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use indexer::search::SearchRequest;

use crate::error::{ApiError, RETRY_AFTER_SECONDS};
use crate::params::search_request;
use crate::state::AppState;
use render::Outcome;

/// Sent by the script to get the results fragment instead of the whole page.
pub const FRAGMENT_HEADER: &str = "x-trouvaille-fragment";

/// Everything the page loads comes from this server: no inline script or style, no CDN.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// Routes of the page and its assets.
pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(search_page)).route("/assets/{name}", get(assets::asset))
}

/// `GET /`: the page for the query string's search; with [`FRAGMENT_HEADER`], only the parts
/// a search changes. An invalid parameter gives the page with a French message and status 400.
async fn search_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query_string = query.unwrap_or_default();
    let (request, outcome, status) = match search_request(&query_string) {
        Err(error) => {
            let message = text::invalid_parameter(&error, &query_string);
            (salvaged_request(&query_string), Outcome::Failed(message), StatusCode::BAD_REQUEST)
        }
        Ok(request) => {
            let searched = request.clone();
            match state.run_search(move |searcher| Ok(searcher.search(&searched)?)).await {
                Ok(response) => (request, Outcome::Results(Box::new(response)), StatusCode::OK),
                Err(error) => {
                    let (status, message) = failure(&error);
                    (request, Outcome::Failed(message), status)
                }
            }
        }
    };
    let fragment = headers.contains_key(FRAGMENT_HEADER);
    let body = if fragment {
        render::fragment(&request, &outcome)
    } else {
        render::page(&request, &outcome)
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    // Results follow the index, which reloads itself: the page is always revalidated. The
    // fragment shares the page's URL: it is never stored, so that Back to a page never finds
    // the fragment in the cache in its place (browsers have been known to overlook `Vary`
    // for history navigations).
    let cache_control = if fragment { "no-store" } else { "no-cache" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
    headers.append(header::VARY, HeaderValue::from_static(FRAGMENT_HEADER));
    headers
        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    if status == StatusCode::SERVICE_UNAVAILABLE {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
    }
    response
}

/// The request to show in the form beside an error: the query string without the parameters
/// that were refused, so what the user typed stays in the form.
fn salvaged_request(query_string: &str) -> SearchRequest {
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query_string.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    // Each round drops one refused parameter; there are only so many parameters.
    for _ in 0..8 {
        let remaining =
            form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs.iter()).finish();
        match search_request(&remaining) {
            Ok(request) => return request,
            Err(error) => pairs.retain(|(name, _)| name != error.parameter),
        }
    }
    SearchRequest::default()
}

/// Status and French message of a search that could not run.
fn failure(error: &ApiError) -> (StatusCode, String) {
    match error {
        ApiError::InvalidParameter(_) => {
            (StatusCode::BAD_REQUEST, "Un paramètre de la recherche n’est pas valide.".to_string())
        }
        ApiError::Overloaded => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Le serveur reçoit trop de recherches en ce moment : réessayez dans un instant."
                .to_string(),
        ),
        ApiError::Timeout => (
            StatusCode::SERVICE_UNAVAILABLE,
            "La recherche a pris trop de temps : réessayez, ou précisez-la.".to_string(),
        ),
        other => {
            tracing::error!(cause = %other, "search page: internal error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Une erreur interne est survenue ; elle a été consignée. Réessayez plus tard."
                    .to_string(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use indexer::index::run::{index_sources, IndexOptions, RejectionPolicy};
    use indexer::index::{ArticleIndex, IndexSettings};
    use indexer::search::ArticleSearcher;
    use tower::ServiceExt;

    use super::*;
    use crate::state::Limits;

    /// The app over an in-memory index of the bundled archive.
    fn archive_app() -> Router {
        let index = ArticleIndex::create_in_ram(IndexSettings::default()).unwrap();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        let options =
            IndexOptions { rejection_policy: RejectionPolicy::Fail, ..IndexOptions::default() };
        index_sources(&index, &[corpus], options, &mut |_| {}).unwrap();
        let searcher = ArticleSearcher::new(index).unwrap();
        searcher.reload().unwrap();
        crate::app(AppState::new(searcher, Limits::default()))
    }

    async fn get(app: &Router, uri: &str, fragment: bool) -> (StatusCode, HeaderMap, String) {
        let mut request = Request::get(uri);
        if fragment {
            request = request.header(FRAGMENT_HEADER, "1");
        }
        let response = app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
        (parts.status, parts.headers, String::from_utf8(bytes.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn serves_the_page_its_fragment_and_its_assets() {
        let app = archive_app();
        let (status, headers, html) = get(&app, "/?q=ludification", false).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], CONTENT_SECURITY_POLICY);
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
        assert!(html.contains("Retour sur la journée Infopresse de\u{a0}Québec"), "{html}");
        assert!(html.contains("<mark>ludification</mark>"));

        let (status, headers, fragment) = get(&app, "/?q=ludification", true).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert!(fragment.starts_with(r#"<aside id="facets""#), "{fragment}");
        assert!(fragment.contains(r#"<div id="results""#) && !fragment.contains("<html"));

        let (status, _, html) = get(&app, "/?q=jiq&per_page=1000", false).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(html.contains("par page doit être un nombre entier de 1 à 100"));
        assert!(html.contains(r#"value="jiq""#));

        for (asset, content_type) in [
            (&assets::SCRIPT, "text/javascript; charset=utf-8"),
            (&assets::STYLES, "text/css; charset=utf-8"),
            (&assets::ICON, "image/svg+xml"),
        ] {
            let url = asset.url();
            assert!(html.contains(&url.replace('&', "&amp;")), "the page links {url}");
            let (status, headers, body) = get(&app, &url, false).await;
            assert_eq!(status, StatusCode::OK, "{url}");
            assert_eq!(headers[header::CONTENT_TYPE], content_type);
            assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
            assert!(!body.is_empty());
            let unversioned = url.split('?').next().unwrap();
            let (_, headers, _) = get(&app, unversioned, false).await;
            assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{unversioned}");
        }
        let (status, _, _) = get(&app, "/assets/missing.js", false).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[test]
    fn refused_parameters_are_dropped_and_the_rest_kept() {
        let request = salvaged_request("q=donn%C3%A9es&category=TI&from=2013-13-45&page=0");
        assert_eq!(request.query, "données");
        assert_eq!(request.categories, ["TI"]);
        assert!(request.from.is_none());
        assert_eq!(request.page, 1);
        let request = salvaged_request("q=x&from=2014-01-01&to=2013-01-01");
        assert!(request.from.is_none());
        assert_eq!(request.to.unwrap().day_string(), "2013-01-01");
    }
}
