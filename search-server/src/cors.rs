//! Cross-origin access to the API: off unless origins are configured (`serve --cors-origin`).

use std::fmt;
use std::str::FromStr;

use axum::http::{HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// A web origin allowed to call the API from its pages: `scheme://host[:port]`, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsOrigin(HeaderValue);

/// Why a text is not an origin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a web origin: write it as https://example.org (scheme, host, optional port; no path, no `*`)")]
pub struct InvalidOrigin {
    text: String,
}

impl FromStr for CorsOrigin {
    type Err = InvalidOrigin;

    /// Written as a browser sends it in `Origin`, which is what it is compared with: lowercase,
    /// without the scheme's default port or a trailing slash (`HTTPS://Example.org:443/` is
    /// `https://example.org`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidOrigin { text: text.to_string() };
        let lowercase = text.to_ascii_lowercase();
        let written = lowercase.strip_suffix('/').unwrap_or(&lowercase);
        let (scheme, rest) = written.split_once("://").ok_or_else(invalid)?;
        let default_port = match scheme {
            "https" => ":443",
            "http" => ":80",
            _ => return Err(invalid()),
        };
        let host = rest.strip_suffix(default_port).unwrap_or(rest);
        let is_host_character =
            |character: char| character.is_ascii_alphanumeric() || "-.:[]".contains(character);
        if host.is_empty() || !host.chars().all(is_host_character) {
            return Err(invalid());
        }
        let origin = format!("{scheme}://{host}");
        HeaderValue::from_str(&origin).map(CorsOrigin).map_err(|_| invalid())
    }
}

impl fmt::Display for CorsOrigin {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.0.to_str().unwrap_or_default())
    }
}

/// Cross-origin GETs by `origins` only; no layer at all (no CORS header) without origins.
pub(crate) fn cors_layer(origins: &[CorsOrigin]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let origins = origins.iter().map(|origin| origin.0.clone());
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::HEAD]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_written_as_browsers_send_them() {
        for (written, sent) in [
            ("HTTPS://Example.org", "https://example.org"),
            ("https://example.org:443/", "https://example.org"),
            ("http://localhost:80", "http://localhost"),
            ("http://example.org:443", "http://example.org:443"),
        ] {
            assert_eq!(written.parse::<CorsOrigin>().unwrap().to_string(), sent);
        }
    }

    #[test]
    fn accepts_origins_and_refuses_anything_else() {
        for origin in ["https://example.org", "http://localhost:8080", "http://[::1]:3000"] {
            assert_eq!(origin.parse::<CorsOrigin>().unwrap().to_string(), origin);
        }
        for text in [
            "*",
            "example.org",
            "https://",
            "https://example.org/path",
            "ftp://a",
            "",
            "https://:443",
        ] {
            let error = text.parse::<CorsOrigin>().unwrap_err();
            assert!(error.to_string().contains("https://example.org"), "{error}");
        }
    }
}
