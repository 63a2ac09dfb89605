//! The page's script, style sheet and icon, embedded in the binary and served under
//! `/assets/{name}`.
//!
//! The page links each asset as `/assets/{name}?v={hash}`, the hash of its content computed at
//! compile time. A request carrying the current hash is answered `immutable` for a year: a new
//! build with a changed file changes the URL, so browsers never run a stale script against a new
//! page. Any other request (no `v`, or an old one) gets `no-cache` and a validator, so it is
//! revalidated (304) rather than served stale.

use axum::extract::{Path, RawQuery};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// One embedded file.
pub struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
    hash: u64,
}

impl Asset {
    const fn new(name: &'static str, content_type: &'static str, body: &'static str) -> Self {
        Asset { name, content_type, body, hash: fnv1a(body.as_bytes()) }
    }

    /// The URL the page links: the content hash makes it safe to cache for good.
    pub fn url(&self) -> String {
        format!("/assets/{}?v={}", self.name, self.version())
    }

    fn version(&self) -> String {
        format!("{:016x}", self.hash)
    }
}

/// The enhancement script.
pub const SCRIPT: Asset = Asset::new(
    "search.js",
    "text/javascript; charset=utf-8",
    include_str!("../../assets/search.js"),
);
/// The style sheet.
pub const STYLES: Asset =
    Asset::new("search.css", "text/css; charset=utf-8", include_str!("../../assets/search.css"));
/// The icon.
pub const ICON: Asset =
    Asset::new("favicon.svg", "image/svg+xml", include_str!("../../assets/favicon.svg"));

const ASSETS: [&Asset; 3] = [&SCRIPT, &STYLES, &ICON];

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// FNV-1a, 64 bits: a change of the file changes its URL (no need for a cryptographic hash).
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut index = 0;
    while index < bytes.len() {
        hash ^= bytes[index] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        index += 1;
    }
    hash
}

/// `GET /assets/{name}`.
pub async fn asset(
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Some(asset) = ASSETS.iter().find(|asset| asset.name == name) else {
        return ApiError::RouteNotFound(format!("/assets/{name}")).into_response();
    };
    let version = asset.version();
    let current = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .any(|(parameter, value)| parameter == "v" && value == version.as_str());
    let cache_control = if current { IMMUTABLE } else { REVALIDATE };
    // Weak: the compression layer may send another encoding of the same content.
    let etag = format!("W/\"{version}\"");
    let revalidated = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    let mut response = if revalidated {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, asset.content_type)], asset.body).into_response()
    };
    let response_headers = response.headers_mut();
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        response_headers.insert(header::ETAG, etag);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_the_content_hash() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let url = SCRIPT.url();
        assert!(url.starts_with("/assets/search.js?v="), "{url}");
        assert_eq!(url.len(), "/assets/search.js?v=".len() + 16);
        assert_ne!(SCRIPT.url(), STYLES.url());
    }
}
