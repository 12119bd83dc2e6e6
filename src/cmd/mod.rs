//! One module per subcommand, each with its `Args` (flags and help) and its `run`.
//! Helpers shared by several subcommands live here.

pub mod align;
pub mod build;
pub mod completions;
pub mod convert;
pub mod edit;
pub mod embed;
pub mod eval;
pub mod man;
pub mod merge;
pub mod review;
pub mod segment;
pub mod stats;
pub mod validate;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use tmforge::output::PendingFile;

/// The flags of the semantic evidence, shared by the subcommands that align.
#[derive(clap::Args, Debug, Clone)]
pub struct SemanticArgs {
    /// Align without the sentence encoder: length, numbers, names, punctuation and the lexicon
    /// learned from the text only. Several times faster, and less accurate on short texts.
    #[arg(long)]
    pub no_semantic: bool,
    /// Load the sentence encoder from this folder (weights.npz and sp.model, as in the
    /// repository's models/use-multilingual-v3) instead of the copy built into tmforge.
    #[arg(long, value_name = "DIR", conflicts_with = "no_semantic")]
    pub model: Option<PathBuf>,
}

impl SemanticArgs {
    /// The encoder these flags ask for. A loaded model lives as long as the process, as the
    /// built-in one does.
    pub fn encoder(&self) -> anyhow::Result<Option<&'static tmforge::encoder::Encoder>> {
        use tmforge::encoder::Encoder;
        if self.no_semantic {
            return Ok(None);
        }
        Ok(Some(match &self.model {
            Some(dir) => Box::leak(Box::new(Encoder::load(dir)?)),
            None => Encoder::bundled()?,
        }))
    }
}

/// Exit statuses, shown in `--help`.
pub const HELP_FOOTER: &str = "\
Exit status:
  0  success
  1  the work was done, and it found problems (validation errors, documents skipped)
  2  the input could not be used (unreadable file, bad arguments)

Environment:
  RAYON_NUM_THREADS  threads to use (default: one per core); output is the same whatever the number
  SOURCE_DATE_EPOCH  the creation date written into memories, for reproducible builds
  TMFORGE_NO_AMX     run the sentence encoder in f32 even where the processor has a tile unit (AMX)";

/// Exit status when the work was done and found problems.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status when the input could not be used.
pub const EXIT_INPUT: u8 = 2;

/// Reads a text input, `-` meaning stdin, decoded as the corpus reader decodes files.
pub fn read_text_input(path: &str) -> anyhow::Result<String> {
    let (text, notices) = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        tmforge::corpus::decode_text(Path::new("<stdin>"), bytes)?
    } else {
        tmforge::corpus::read_text(Path::new(path))?
    };
    for notice in notices {
        eprintln!("tmforge: warning: {notice}");
    }
    Ok(text)
}

/// Where a subcommand writes: stdout for `-`, else a file written atomically.
pub enum Output {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(PendingFile),
}

impl Output {
    /// Opens `path` (`-` or none: stdout) for writing; an existing file that tmforge did not write
    /// is replaced only with `force`.
    pub fn create(path: Option<&PathBuf>, force: bool) -> anyhow::Result<Output> {
        match path {
            None => Ok(Output::Stdout(std::io::BufWriter::new(std::io::stdout()))),
            Some(p) if p.as_os_str() == "-" => {
                Ok(Output::Stdout(std::io::BufWriter::new(std::io::stdout())))
            }
            Some(p) => Ok(Output::File(PendingFile::create(p, force)?)),
        }
    }

    /// Finishes the output: flushes stdout, or puts the file in place.
    pub fn commit(self) -> anyhow::Result<()> {
        match self {
            Output::Stdout(mut w) => {
                w.flush().or_else(ignore_broken_pipe)?;
                Ok(())
            }
            Output::File(f) => Ok(f.commit()?),
        }
    }
}

/// A closed pipe (`tmforge ... | head`) is not an error.
fn ignore_broken_pipe(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(f) => f.flush(),
        }
    }
}
