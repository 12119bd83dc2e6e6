//! `tmforge stats`: what a TMX file holds, as a table or JSON (see `tmforge::report::stats`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmforge::LanguageTag;
use tmforge::report::stats::{memory_stats, qa_stats};
use tmforge::tmx::TmxReader;

/// Summarize a TMX file: units, languages, pair types, confidence and length ratios.
///
/// Pair types come from the x-pair-type prop tmforge writes (1-1, 1-2, 2-1 ...); a unit without
/// one (any other tool's file) counts as 1-1 when it holds two segments, and the output says how
/// many were computed that way. Confidence comes from the x-confidence prop. The length ratio is
/// the target's length over the source's, in characters, for each target language.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge stats output/ar-en.tmx
  tmforge stats memory.tmx --format json | jq .length_ratio
  cat memory.tmx | tmforge stats -

Exit status:
  0  the file was read
  2  the file could not be read (not TMX, malformed XML)")]
pub struct Args {
    /// The TMX file (`-` for standard input).
    pub file: PathBuf,
    /// How to print the summary.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// The source language, for files whose srclang is *all*. By default each unit's srclang, the
    /// file's, or the unit's first segment's language.
    #[arg(long, value_name = "LANG")]
    pub source_lang: Option<LanguageTag>,
    /// Leave out the pairs' similarity (the sentence encoder's meaning check, which encodes every
    /// segment).
    #[arg(long)]
    pub no_semantic: bool,
}

/// The choices of `--format`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsFormat {
    /// Aligned text for people.
    Table,
    /// One JSON object for programs.
    Json,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stdin = args.file.as_os_str() == "-";
    let (mut reader, name) = if stdin {
        (
            TmxReader::new(std::io::stdin(), Path::new("<stdin>"))?,
            "<stdin>".to_string(),
        )
    } else {
        (
            TmxReader::open(&args.file)?,
            args.file.display().to_string(),
        )
    };
    let mut stats = memory_stats(&mut reader, &name, args.source_lang.as_ref())?;
    // The QA checks read the file again; standard input cannot be read twice.
    if !stdin {
        let qa = qa_stats(&args.file, !args.no_semantic)?;
        stats.findings_by_code = Some(qa.findings_by_code);
        stats.similarity = Some(qa.similarity);
    }
    let text = match args.format {
        StatsFormat::Json => serde_json::to_string_pretty(&stats)? + "\n",
        StatsFormat::Table => stats.to_string(),
    };
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())
        .or_else(super::ignore_broken_pipe)?;
    Ok(ExitCode::SUCCESS)
}
