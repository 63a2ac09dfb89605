//! One file per command; `run` dispatches.

mod bench;
mod delete;
mod eval;
mod export;
mod index;
mod ranking;
mod search;
mod serve;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs the command `cli` names; the exit status tells partial outcomes apart.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let success = |()| ExitCode::SUCCESS;
    match cli.command {
        Command::Index(args) => index::run(&cli.index, args),
        Command::Search(args) => search::run(&cli.index, args).map(success),
        Command::Delete(args) => delete::run(&cli.index, args),
        Command::Eval(args) => eval::run(&cli.index, args).map(success),
        Command::Serve(args) => serve::run(&cli.index, args).map(success),
        Command::Export(args) => export::run(&cli.index, args).map(success),
        Command::Bench(args) => bench::run(&cli.index, args).map(success),
    }
}
