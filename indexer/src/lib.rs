//! Trouvaille's library: French analysis, article ingest, the tantivy index and search.
//!
//! Everything a query needs lives here, so the CLI and the HTTP server answer the same query
//! with the same result, byte for byte.
#![deny(missing_docs)]

pub mod analysis;
pub mod article;
pub mod benchmark;
pub mod date;
pub mod evaluation;
pub mod export;
pub mod index;
pub mod ingest;
pub mod search;
