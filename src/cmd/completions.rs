//! `tmforge completions`.

use std::process::ExitCode;

/// Not available yet.
#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`tmforge completions` is not available in this version")
}
