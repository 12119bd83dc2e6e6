//! `tmforge man`: the manual page, generated from the command-line definition.

use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

/// Print the manual page (roff).
///
/// With no argument, the page of tmforge itself; with a subcommand's name, that subcommand's page
/// (tmforge-convert(1) ...).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge man | man -l -
  tmforge man > /usr/local/share/man/man1/tmforge.1
  tmforge man convert > /usr/local/share/man/man1/tmforge-convert.1")]
pub struct Args {
    /// A subcommand whose page to print instead.
    pub subcommand: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut command = crate::Cli::command();
    command.build();
    let page = match &args.subcommand {
        None => command,
        Some(name) => {
            let names: Vec<String> = command
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            // After `build`, a subcommand's display name is `tmforge-NAME` and its binary name
            // `tmforge NAME`, which is what its page is titled and shows in its synopsis.
            command
                .find_subcommand(name)
                .with_context(|| {
                    format!(
                        "`{name}` is not a tmforge subcommand; the subcommands are: {}",
                        names.join(", ")
                    )
                })?
                .clone()
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut roff)
        .context("rendering the manual page")?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), &roff)
        .or_else(super::ignore_broken_pipe)?;
    Ok(ExitCode::SUCCESS)
}
