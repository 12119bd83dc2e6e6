//! `tmforge validate`: checks TMX files for what breaks a CAT tool and for suspicious pairs.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use tmforge::qa::{self, Code, Options, Severity};

/// Output formats of `validate`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Compiler-style lines: `file:line:col: error[code]: message (tuid X)`, then a summary.
    #[default]
    Text,
    /// JSON Lines: one object per finding, then one `{"summary": {...}}` object per file.
    Json,
}

/// Check TMX files (any tool's TMX 1.4b, UTF-8 or UTF-16) for defects that make a CAT tool reject
/// or drop them, and their pairs for signs of misalignment.
///
/// Every finding has a stable code (see --list-codes), a severity (error, warning, or note: shown,
/// never failing the run), and the file, line and column. Each pair is also judged for meaning
/// by the bundled sentence encoder (languages it covers; --no-semantic skips it).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge validate output/ar-en.tmx
  tmforge validate --strict --format json memories/*.tmx > findings.jsonl
  tmforge validate received.tmx --src-lang en-US --tgt-lang ar-SA
  tmforge validate --list-codes

Exit status:
  0  no error (with --strict: no warning either; notes never count)
  1  findings
  2  a file could not be read at all")]
pub struct Args {
    /// TMX files to check; `-` reads standard input.
    #[arg(required_unless_present = "list_codes")]
    pub files: Vec<String>,
    /// How findings are printed.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// The source language, instead of each file's `srclang`.
    #[arg(long, value_name = "LANG")]
    pub src_lang: Option<String>,
    /// The target language (default: every variant other than the source).
    #[arg(long, value_name = "LANG")]
    pub tgt_lang: Option<String>,
    /// Report pairs whose `x-confidence` is below this.
    #[arg(long, value_name = "P", default_value_t = qa::pairs::DEFAULT_MIN_CONFIDENCE)]
    pub min_confidence: f64,
    /// Check the file's structure only, not its pairs (numbers, lengths, meaning ...).
    #[arg(long)]
    pub structure_only: bool,
    /// Do not judge the pairs' meaning with the sentence encoder (`semantic-mismatch`).
    #[arg(long)]
    pub no_semantic: bool,
    /// Print every finding code with its severity and meaning, and exit.
    #[arg(long)]
    pub list_codes: bool,
}

/// Runs `tmforge validate`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.list_codes {
        for code in Code::ALL {
            writeln!(
                out,
                "{:<28} {:<7} {}",
                code.as_str(),
                code.severity().as_str(),
                code.doc().split_whitespace().collect::<Vec<_>>().join(" ")
            )?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    for (flag, value) in [
        ("--src-lang", &args.src_lang),
        ("--tgt-lang", &args.tgt_lang),
    ] {
        if let Some(v) = value {
            tmforge::LanguageTag::parse(v).map_err(|e| anyhow::anyhow!("{flag}: {e}"))?;
        }
    }
    if !(0.0..=1.0).contains(&args.min_confidence) {
        anyhow::bail!(
            "--min-confidence {} is not between 0 and 1",
            args.min_confidence
        );
    }
    let options = Options {
        source_lang: args.src_lang.clone(),
        target_lang: args.tgt_lang.clone(),
        min_confidence: args.min_confidence,
        pair_checks: !args.structure_only,
        semantic: !args.structure_only && !args.no_semantic,
        ..Options::default()
    };
    let mut unreadable = false;
    let (mut errors, mut warnings, mut notes, mut files) = (0u64, 0u64, 0u64, 0usize);
    for file in &args.files {
        let result = if file == "-" {
            check(io::stdin(), "<stdin>", &options, args.format, &mut out)
        } else {
            match open(Path::new(file)) {
                Ok(f) => check(f, file, &options, args.format, &mut out),
                Err(e) => Err(e),
            }
        };
        match result {
            Ok(summary) => {
                files += 1;
                errors += summary.errors;
                warnings += summary.warnings;
                notes += summary.notes;
            }
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            Err(e) => {
                out.flush().ok();
                eprintln!("tmforge: error: {file}: cannot be read: {e}");
                unreadable = true;
            }
        }
    }
    if args.format == Format::Text && files > 1 {
        let notes = if notes > 0 {
            format!(", {notes} note(s)")
        } else {
            String::new()
        };
        writeln!(
            out,
            "{files} files: {errors} error(s), {warnings} warning(s){notes}"
        )
        .ok();
    }
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(if unreadable {
        ExitCode::from(super::EXIT_INPUT)
    } else if errors > 0 || (args.strict && warnings > 0) {
        ExitCode::from(super::EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

fn open(path: &Path) -> io::Result<File> {
    let file = File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::other("it is a folder; a TMX file was expected"));
    }
    Ok(file)
}

fn check<R: io::Read + 'static>(
    input: R,
    name: &str,
    options: &Options,
    format: Format,
    out: &mut impl Write,
) -> io::Result<qa::Summary> {
    let mut write_error = None;
    // Text output shows a structural finding once per code and message, with a count at the end:
    // a file with one fault in every unit reads as one fault.
    let mut repeated: HashMap<(&'static str, String), u64> = HashMap::new();
    let summary = qa::validate(input, name, options, |checked| {
        if write_error.is_some() {
            return;
        }
        for finding in &checked.findings {
            if format == Format::Text
                && Code::from_name(finding.code).is_some_and(|c| !c.is_pair_check())
            {
                let seen = repeated
                    .entry((finding.code, finding.message.clone()))
                    .or_insert(0);
                *seen += 1;
                if *seen > 1 {
                    continue;
                }
            }
            let result = match format {
                Format::Text => writeln!(out, "{finding}"),
                Format::Json => serde_json::to_writer(&mut *out, finding)
                    .map_err(io::Error::other)
                    .and_then(|()| writeln!(out)),
            };
            if let Err(e) = result {
                write_error = Some(e);
                return;
            }
        }
    })?;
    if let Some(e) = write_error {
        return Err(e);
    }
    if format == Format::Text {
        let mut again: Vec<_> = repeated.into_iter().filter(|(_, n)| *n > 1).collect();
        again.sort();
        for ((code, message), n) in again {
            let severity = Code::from_name(code).map_or("error", |c| c.severity().as_str());
            writeln!(
                out,
                "{name}: {severity}[{code}]: {n} times in all (each one with --format json), \
                 shown once above: {message}"
            )?;
        }
    }
    match format {
        Format::Text => writeln!(
            out,
            "{}: {} unit(s), {} {}, {} {}{}{}",
            name,
            summary.units,
            summary.errors,
            plural(summary.errors, Severity::Error),
            summary.warnings,
            plural(summary.warnings, Severity::Warning),
            if summary.notes > 0 {
                format!(
                    ", {} {}",
                    summary.notes,
                    plural(summary.notes, Severity::Note)
                )
            } else {
                String::new()
            },
            if summary.stopped {
                " (reading stopped at the first fatal error)"
            } else {
                ""
            }
        )?,
        Format::Json => {
            serde_json::to_writer(&mut *out, &serde_json::json!({ "summary": summary }))
                .map_err(io::Error::other)?;
            writeln!(out)?;
        }
    }
    Ok(summary)
}

fn plural(n: u64, severity: Severity) -> String {
    let word = severity.as_str();
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
