//! `tmforge completions`: shell completion scripts, generated from the command-line definition so
//! they never fall behind it.

use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

/// Print a shell completion script.
///
/// The script goes to standard output; where to put it depends on the shell.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge completions bash > ~/.local/share/bash-completion/completions/tmforge
  tmforge completions zsh > ~/.zfunc/_tmforge        # with fpath+=~/.zfunc in ~/.zshrc
  tmforge completions fish > ~/.config/fish/completions/tmforge.fish
  tmforge completions powershell >> $PROFILE")]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut command = crate::Cli::command();
    // Into memory first: the generator panics on a write error, and a closed pipe
    // (`tmforge completions bash | head`) is not an error.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "tmforge", &mut script);
    std::io::Write::write_all(&mut std::io::stdout().lock(), &script)
        .or_else(super::ignore_broken_pipe)?;
    Ok(ExitCode::SUCCESS)
}
