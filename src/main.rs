//! `trouvaille`: index an article archive and search it with French-aware relevance.
//!
//! `main` only parses the command line and dispatches; each command lives in `commands/`.
#![deny(missing_docs)]

mod cli;
mod commands;
mod terminal;
mod writer_lock;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(status) => status,
        Err(error) => {
            eprintln!("trouvaille: {error:#}");
            ExitCode::FAILURE
        }
    }
}
