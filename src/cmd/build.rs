//! `tmforge build`: the whole pipeline, corpus folder in, one TMX per language pair out.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use tmforge::build::{BuildOptions, DocumentSummary, Progress, Shard, build};
use tmforge::config::Config;
use tmforge::lang::{LangMap, LanguageTag};

/// Build translation memories from a corpus folder.
///
/// The folder holds NAME.LANG.txt files; every NAME with a text in the source language and at
/// least one translation is segmented and aligned, and each target language gets one TMX 1.4b
/// file, SRC-TGT.tmx, in the output folder. The summary goes to stdout, warnings and progress to
/// stderr.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Settings may also come from tmforge.toml in the corpus folder (source-lang, output,
min-confidence, srx, lang-map, multilingual); flags win over the file.

Examples:
  tmforge build                         # corpus/ -> output/ar-en.tmx ...
  tmforge build docs -o tm --source-lang en
  tmforge build --lang-map ar=ar-SA,en=en-US --min-confidence 0.5
  tmforge build --multilingual          # one TMX with every language: output/ar-multilingual.tmx
  tmforge build --shard 3/8 -o out/3    # the third of eight shares; join them with tmforge merge
  tmforge build --no-semantic           # without the sentence encoder: faster, less accurate
  tmforge build --json > summary.json"
)]
pub struct Args {
    /// The corpus folder.
    #[arg(default_value = "corpus")]
    pub corpus: PathBuf,
    /// The output folder, created if missing [default: output].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// The language of the original documents, BCP 47 [default: ar].
    #[arg(long)]
    pub source_lang: Option<LanguageTag>,
    /// Leave out pairs whose alignment confidence is below this value, 0 to 1 [default: 0].
    #[arg(long)]
    pub min_confidence: Option<f64>,
    /// Language tags to write instead of the corpus's, e.g. ar=ar-SA,en=en-US.
    #[arg(long)]
    pub lang_map: Option<LangMap>,
    /// Write one memory whose units carry every language, pivoting on the source sentences.
    #[arg(long)]
    pub multilingual: bool,
    /// Process only share K of N of the documents (1 <= K <= N), chosen by a stable hash of the
    /// document name.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Segment with the rules of this SRX 2.0 file (the one your CAT tool uses) instead of the
    /// built-in ones.
    #[arg(long, value_name = "RULES.srx")]
    pub srx: Option<PathBuf>,
    /// Do not write a review page (SRC-TGT.html, pairs and QA findings) beside each memory.
    #[arg(long)]
    pub no_review: bool,
    #[command(flatten)]
    pub semantic: super::SemanticArgs,
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

impl Args {
    /// The arguments of a plain `tmforge build`, which is what `tmforge` alone runs.
    pub fn defaults() -> Args {
        use clap::{Args as _, FromArgMatches};
        let command = Args::augment_args(clap::Command::new("build"));
        Args::from_arg_matches(&command.get_matches_from(["build"])).expect("the defaults parse")
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
    let corpus = args.corpus;
    let config = Config::load(&corpus)?.unwrap_or_default();
    let min_confidence = args.min_confidence.or(config.min_confidence).unwrap_or(0.0);
    if !(0.0..=1.0).contains(&min_confidence) {
        anyhow::bail!("--min-confidence must be between 0 and 1, not {min_confidence}");
    }
    let options = BuildOptions {
        output: args
            .output
            .or(config.output)
            .unwrap_or_else(|| PathBuf::from("output")),
        source_lang: match args.source_lang.or(config.source_lang) {
            Some(lang) => lang,
            None => LanguageTag::parse("ar")?,
        },
        corpus,
        min_confidence,
        force: args.force,
        creation_date: tmforge::creation_date()?,
        align: tmforge::align::AlignOptions {
            encoder: args.semantic.encoder()?,
            ..Default::default()
        },
        lang_map: args
            .lang_map
            .unwrap_or_default()
            .or(&config.lang_map.unwrap_or_default()),
        multilingual: args.multilingual || config.multilingual.unwrap_or(false),
        shard: args.shard,
        srx: args.srx.or(config.srx),
        review: !args.no_review && config.review.unwrap_or(true),
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
