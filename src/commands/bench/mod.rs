//! `trouvaille bench`: what the performance measurements run — a synthetic corpus of any size
//! recombined from a real one, and the latency of queries on a warm searcher — one file per
//! subcommand.

mod gen_corpus;
mod queries;

use std::path::Path;

use crate::cli::{BenchArgs, BenchCommand};

/// Runs the `trouvaille bench` subcommand `args` names.
pub fn run(index_path: &Path, args: BenchArgs) -> anyhow::Result<()> {
    match args.command {
        BenchCommand::GenCorpus(args) => gen_corpus::run(args),
        BenchCommand::Queries(args) => queries::run(index_path, args),
    }
}
