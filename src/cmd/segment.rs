//! `tmforge segment`: splits a text into sentences, one a line or as JSON lines.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use tmforge::LanguageTag;
use tmforge::segment::Segmenter;

/// How sentences are printed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// One sentence a line.
    #[default]
    Lines,
    /// One JSON object a line: text, start, end (byte offsets) and paragraph.
    Jsonl,
}

/// Split a text into sentences.
///
/// The text is read as tmforge reads corpus files: a byte-order mark is removed and CRLF or CR
/// line ends become LF. The byte offsets of `--format jsonl` count bytes in that decoded text.
/// A newline always ends a sentence; a blank line starts a new paragraph. The text is never
/// changed: the sentences and the whitespace between them give the decoded input back.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge segment corpus/azerbaijan-demining.ar.txt --lang ar
  tmforge segment - --lang en --format jsonl < article.txt
  tmforge segment article.txt --lang en --srx segment.srx   # your CAT tool's rules

Exit status:
  0  success
  1  the text was split, but rules of the SRX file had to be left out (listed on stderr)
  2  the input or the SRX file could not be used")]
pub struct Args {
    /// The text file to split; `-` or nothing reads standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,

    /// The language of the text (BCP 47: ar, en, ar-SA, ...). Arabic-script languages and
    /// English have rules of their own; others get generic rules.
    #[arg(long, short = 'l', value_name = "LANG")]
    pub lang: LanguageTag,

    /// Use the rules of this SRX 2.0 file (the language maps pick the rules for --lang) instead
    /// of the built-in ones. Rules whose regexes cannot be used are listed on stderr, left out,
    /// and make the exit status 1; a malformed file is exit status 2.
    #[arg(long, value_name = "RULES.srx")]
    pub srx: Option<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Lines)]
    pub format: Format,

    /// Write here instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace the output file even if tmforge did not write it.
    #[arg(long)]
    pub force: bool,
}

/// One sentence in `--format jsonl`.
#[derive(serde::Serialize)]
struct JsonSentence<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    paragraph: usize,
}

/// Runs `tmforge segment`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut status = ExitCode::SUCCESS;
    let segmenter = match &args.srx {
        None => Segmenter::builtin(&args.lang),
        Some(path) => {
            let (segmenter, diagnostics) = match Segmenter::from_srx(path, &args.lang) {
                Ok(ok) => ok,
                Err(e) => {
                    eprintln!("tmforge: error: {e}");
                    return Ok(ExitCode::from(super::EXIT_INPUT));
                }
            };
            for d in &diagnostics {
                eprintln!("tmforge: warning: {}: {d}", path.display());
            }
            if !diagnostics.is_empty() {
                status = ExitCode::from(super::EXIT_FINDINGS);
            }
            segmenter
        }
    };
    let text = read_input(&args.input)?;
    let sentences = segmenter.segment(&text);
    let mut out = super::Output::create(args.output.as_ref(), args.force)?;
    let write = |out: &mut super::Output| -> std::io::Result<()> {
        for s in &sentences {
            match args.format {
                Format::Lines => {
                    out.write_all(s.text(&text).as_bytes())?;
                    out.write_all(b"\n")?;
                }
                Format::Jsonl => {
                    let json = JsonSentence {
                        text: s.text(&text),
                        start: s.start,
                        end: s.end,
                        paragraph: s.paragraph,
                    };
                    serde_json::to_writer(&mut *out, &json)?;
                    out.write_all(b"\n")?;
                }
            }
        }
        Ok(())
    };
    match write(&mut out) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(status),
        Err(e) => return Err(e).context("writing the sentences"),
    }
    out.commit()?;
    Ok(status)
}

/// Reads the input; an unreadable input is exit status 2 through the caller's error path.
fn read_input(input: &str) -> anyhow::Result<String> {
    super::read_text_input(input)
}
