//! `tmforge review`: writes a TMX file's pairs and their QA findings as one HTML page.

use std::fs::File;
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use tmforge::qa::Options;
use tmforge::report::review::write_review_of_tmx;

/// Write a self-contained HTML page showing a TMX file's pairs side by side with the findings of
/// `tmforge validate` next to each pair.
///
/// The page needs no network and can be opened from anywhere. Exit status 0 when the page is
/// written (whatever the findings), 2 when the TMX cannot be read or the page cannot be written.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge review output/ar-en.tmx                 # writes output/ar-en.html
  tmforge review received.tmx -o review.html
  cat memory.tmx | tmforge review - > review.html

Exit status:
  0  the page was written (whatever the findings)
  2  the TMX could not be read, or the page could not be written")]
pub struct Args {
    /// The TMX file; `-` reads standard input.
    pub file: String,
    /// The HTML file to write (default: the TMX's name with `.html`; `-` for standard output).
    #[arg(short, long, value_name = "FILE.html")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file that tmforge did not write.
    #[arg(long)]
    pub force: bool,
    /// The language of the first column (default: the header's `srclang`).
    #[arg(long, value_name = "LANG")]
    pub src_lang: Option<String>,
    /// The language of the second column (default: the first other language of the first unit).
    #[arg(long, value_name = "LANG")]
    pub tgt_lang: Option<String>,
    /// Do not judge the pairs' meaning with the sentence encoder (no similarity column values,
    /// no `semantic-mismatch`).
    #[arg(long)]
    pub no_semantic: bool,
}

/// Runs `tmforge review`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = Options {
        source_lang: args.src_lang.clone(),
        target_lang: args.tgt_lang.clone(),
        semantic: !args.no_semantic,
        ..Options::default()
    };
    let output = match args.output {
        Some(path) => path,
        None if args.file == "-" => PathBuf::from("-"),
        None => PathBuf::from(&args.file).with_extension("html"),
    };
    let mut out = super::Output::create(Some(&output), args.force)?;
    let summary = if args.file == "-" {
        write_review_of_tmx(io::stdin(), "<stdin>", &options, &mut out)
            .context("reading standard input")?
    } else {
        let file = File::open(&args.file).with_context(|| format!("{}: cannot open", args.file))?;
        if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            anyhow::bail!("{}: is a folder; a TMX file was expected", args.file);
        }
        write_review_of_tmx(file, &args.file, &options, &mut out)
            .with_context(|| format!("{}: cannot read", args.file))?
    };
    out.commit()?;
    if output.as_os_str() != "-" {
        eprintln!(
            "wrote {} ({} units, {} errors, {} warnings)",
            output.display(),
            summary.units,
            summary.errors,
            summary.warnings
        );
    }
    Ok(ExitCode::SUCCESS)
}
