//! Trouvaille's HTTP server: the JSON search API and the search page, over the `indexer`
//! library. `app()` builds the router (tests serve it on a loopback port), `serve` runs it
//! until a shutdown signal.
//!
//! Every search runs on the blocking thread pool behind a [`limiter`] (a few at once, a
//! bounded queue, 503 beyond), within a timeout; errors are `application/problem+json`.
#![deny(missing_docs)]

mod app;
mod cors;
mod error;
pub mod limiter;
mod metrics;
mod page;
mod params;
mod routes;
mod server;
mod state;

pub use app::app;
pub use cors::{CorsOrigin, InvalidOrigin};
pub use error::ApiError;
/// Public so that the fuzz targets (`fuzz/`) reach the query-string parsing the routes use.
pub use params::search_request;
pub use routes::openapi::OPENAPI_DOCUMENT;
pub use server::{serve, shutdown_signal};
pub use state::{AppState, Limits};
