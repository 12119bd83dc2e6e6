//! The `tmforge` command line: parses flags and hands each subcommand to its module in `cmd/`.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Build translation memories (TMX 1.4b) from documents and their reference translations.
///
/// With no subcommand, tmforge runs `tmforge build corpus -o output`.
#[derive(Parser)]
#[command(name = "tmforge", version, propagate_version = true, after_help = cmd::HELP_FOOTER)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    Build(cmd::build::Args),
    Segment(cmd::segment::Args),
    Align(cmd::align::Args),
    Embed(cmd::embed::Args),
    Eval(cmd::eval::Args),
    Validate(cmd::validate::Args),
    Review(cmd::review::Args),
    Edit(cmd::edit::Args),
    Convert(cmd::convert::Args),
    Merge(cmd::merge::Args),
    Stats(cmd::stats::Args),
    Completions(cmd::completions::Args),
    Man(cmd::man::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => cmd::build::run(cmd::build::Args::defaults()),
        Some(Command::Build(args)) => cmd::build::run(args),
        Some(Command::Segment(args)) => cmd::segment::run(args),
        Some(Command::Align(args)) => cmd::align::run(args),
        Some(Command::Embed(args)) => cmd::embed::run(args),
        Some(Command::Eval(args)) => cmd::eval::run(args),
        Some(Command::Validate(args)) => cmd::validate::run(args),
        Some(Command::Review(args)) => cmd::review::run(args),
        Some(Command::Edit(args)) => cmd::edit::run(args),
        Some(Command::Convert(args)) => cmd::convert::run(args),
        Some(Command::Merge(args)) => cmd::merge::run(args),
        Some(Command::Stats(args)) => cmd::stats::run(args),
        Some(Command::Completions(args)) => cmd::completions::run(args),
        Some(Command::Man(args)) => cmd::man::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tmforge: error: {e:#}");
            ExitCode::from(cmd::EXIT_INPUT)
        }
    }
}
