//! Analyzer throughput: how fast French text becomes index terms, and how fast a long body is
//! highlighted for a snippet. Run with `cargo bench --bench analysis`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use indexer::analysis::FrenchAnalyzer;
use indexer::search::highlight::{HighlightTerms, Highlighter};

/// The bundled archive: French text with accents, elisions and typographic apostrophes.
fn archive_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/egouv-conferences-archive.txt");
    std::fs::read_to_string(path).expect("the bundled archive")
}

fn analysis(criterion: &mut Criterion) {
    let text = archive_text();
    let analyzer = FrenchAnalyzer::default();
    let mut group = criterion.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("words", |bench| bench.iter(|| analyzer.words(&text).len()));
    group.bench_function("stemmed_tokens", |bench| {
        bench.iter(|| analyzer.stemmed_tokens(&text).len())
    });
    group.bench_function("exact_tokens", |bench| bench.iter(|| analyzer.exact_tokens(&text).len()));
    let terms = HighlightTerms {
        stems: ["don", "ouvert"].map(String::from).into_iter().collect(),
        exact: ["donnees", "ouvertes"].map(String::from).into_iter().collect(),
    };
    let highlighter = Highlighter::new(&analyzer, &terms);
    group.bench_function("snippet", |bench| bench.iter(|| highlighter.snippet(&text).len()));
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
