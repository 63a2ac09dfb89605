//! Exports for other engines: an archive that outgrows one machine moves to a cluster with the
//! same records, the same French analysis as far as the engine can express it, and the same
//! facets.

pub mod opensearch;
