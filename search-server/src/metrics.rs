//! Prometheus metrics: requests by route and status, latency by route, and the index's size.

use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

/// The server's metrics registry.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    index_documents: Gauge<u64, AtomicU64>,
    index_size_bytes: Gauge<u64, AtomicU64>,
    index_generation: Gauge<u64, AtomicU64>,
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("trouvaille");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests by route and status", requests.clone());
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
        });
        registry.register(
            "http_request_duration_seconds",
            "Request latency by route",
            latency.clone(),
        );
        let index_documents = Gauge::default();
        registry.register("index_documents", "Articles in the index", index_documents.clone());
        let index_size_bytes = Gauge::default();
        registry.register(
            "index_size_bytes",
            "Size of the index on disk",
            index_size_bytes.clone(),
        );
        let index_generation = Gauge::default();
        registry.register(
            "index_generation",
            "Searcher generation served",
            index_generation.clone(),
        );
        Metrics { registry, requests, latency, index_documents, index_size_bytes, index_generation }
    }

    /// Counts one request.
    pub fn record_request(&self, route: &str, status: u16, elapsed: Duration) {
        self.requests.get_or_create(&RequestLabels { route: route.to_string(), status }).inc();
        self.latency
            .get_or_create(&RouteLabels { route: route.to_string() })
            .observe(elapsed.as_secs_f64());
    }

    /// The Prometheus text exposition, with the index figures read now.
    pub fn render(&self, documents: u64, generation: u64, index_path: Option<&Path>) -> String {
        self.index_documents.set(documents);
        self.index_generation.set(generation);
        self.index_size_bytes.set(index_path.map_or(0, directory_size));
        let mut text = String::new();
        if encode(&mut text, &self.registry).is_err() {
            text.clear();
        }
        text
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

fn directory_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else { return 0 };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.metadata().ok())
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.len())
        .sum()
}
