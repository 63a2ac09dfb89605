//! One file per command; `run` dispatches.

mod index;
mod search;
mod serve;

use crate::cli::{Cli, Command};

/// Runs the command `cli` names.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Index(args) => index::run(&cli.index, args),
        Command::Search(args) => search::run(&cli.index, args),
        Command::Serve(args) => serve::run(&cli.index, args),
    }
}
