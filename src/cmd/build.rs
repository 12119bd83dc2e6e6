//! `tmforge build`: the whole pipeline, corpus folder in, one TMX per language pair out.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use tmforge::LanguageTag;
use tmforge::build::{BuildOptions, DocumentSummary, Progress, build};

/// Build translation memories from a corpus folder.
///
/// The folder holds NAME.LANG.txt files; every NAME with a text in the source language and at
/// least one translation is segmented and aligned, and each target language gets one TMX 1.4b
/// file, SRC-TGT.tmx, in the output folder. The summary goes to stdout, warnings and progress to
/// stderr.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge build                         # corpus/ -> output/ar-en.tmx ...
  tmforge build docs -o tm --source-lang en
  tmforge build --min-confidence 0.5 --json > summary.json")]
pub struct Args {
    /// The corpus folder.
    #[arg(default_value = "corpus")]
    pub corpus: PathBuf,
    /// The output folder (created if missing).
    #[arg(short, long, default_value = "output")]
    pub output: PathBuf,
    /// The language of the original documents (BCP 47).
    #[arg(long, default_value = "ar")]
    pub source_lang: LanguageTag,
    /// Leave out pairs whose alignment confidence is below this value (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    pub min_confidence: f64,
    /// Replace output files that tmforge did not write.
    #[arg(long)]
    pub force: bool,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// No progress bar and no warnings on stderr.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// One line per document on stderr.
    #[arg(short, long)]
    pub verbose: bool,
}

impl Default for Args {
    fn default() -> Args {
        Args {
            corpus: PathBuf::from("corpus"),
            output: PathBuf::from("output"),
            source_lang: LanguageTag::parse("ar").expect("valid tag"),
            min_confidence: 0.0,
            force: false,
            json: false,
            quiet: false,
            verbose: false,
        }
    }
}

/// Progress on stderr: a bar on a terminal, a line per document with `--verbose`.
struct StderrProgress {
    bar: Option<ProgressBar>,
    verbose: bool,
}

impl Progress for StderrProgress {
    fn start(&self, documents: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(documents as u64);
        }
    }

    fn document_done(&self, document: &DocumentSummary) {
        if self.verbose {
            for (lang, source, target, pairs) in &document.translations {
                let line = format!(
                    "{} -> {lang}: {source} + {target} sentences, {pairs} pairs",
                    document.name
                );
                match &self.bar {
                    Some(bar) => bar.println(line),
                    None => eprintln!("{line}"),
                }
            }
        }
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !(0.0..=1.0).contains(&args.min_confidence) {
        anyhow::bail!(
            "--min-confidence must be between 0 and 1, not {}",
            args.min_confidence
        );
    }
    let options = BuildOptions {
        corpus: args.corpus,
        output: args.output,
        source_lang: args.source_lang,
        min_confidence: args.min_confidence,
        force: args.force,
        creation_date: tmforge::creation_date()?,
        align: Default::default(),
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{bar:40}] {pos}/{len} documents ({per_sec}, {eta} left)",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar
    });
    let progress = StderrProgress {
        bar,
        verbose: args.verbose,
    };
    let report = build(&options, &progress)?;
    if let Some(bar) = &progress.bar {
        bar.finish_and_clear();
    }
    if !args.quiet {
        for notice in &report.notices {
            eprintln!("tmforge: warning: {notice}");
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
    }
    Ok(if report.unreadable_files > 0 {
        ExitCode::from(super::EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}
