//! `tmforge merge`: one memory from many TMX files, identical pairs once, conflicts reported.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use tmforge::merge::{Conflict, MergeOptions, Prefer, join_shards, merge, shards_of_one_build};

use super::Output;

/// Merge TMX files from any tool into one.
///
/// Identical pairs (same languages, same segments, inline codes included) are written once: the
/// occurrence with the newest changedate or creationdate, with the props and notes of all of them
/// and the sum of their usagecount. OmegaT's alternative translations (props file, id, prev, next)
/// are kept apart from the default translation. Different translations of one source segment are
/// conflicts: they are listed on standard error (all of them with --conflicts) and kept, unless --prefer
/// picks one. The output's srclang is the inputs' common source language, or *all* when they
/// differ (each unit then keeps its file's source language in its own srclang). Inputs are read
/// two or three times, so they must be files; memory grows with the number of distinct pairs, not
/// with the size of the files.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge merge trados.tmx memoq.tmx omegat.tmx -o all.tmx
  tmforge merge old.tmx new.tmx -o tm.tmx --prefer newest
  tmforge merge a.tmx b.tmx -o tm.tmx --conflicts conflicts.jsonl --json

Exit status:
  0  merged (conflicts, if any, are reported and do not change the status)
  2  an input could not be read, or the output could not be written")]
pub struct Args {
    /// The TMX files to merge, in order of precedence for --prefer first.
    #[arg(required = true, value_name = "TMX")]
    pub inputs: Vec<PathBuf>,
    /// The merged TMX file (`-` for standard output).
    #[arg(short, long, value_name = "OUT.tmx")]
    pub output: PathBuf,
    /// What to do with different translations of one source segment.
    #[arg(long, value_enum, default_value_t = PreferArg::KeepAll)]
    pub prefer: PreferArg,
    /// Write every conflict as one JSON object a line to this file (`-`: standard output).
    #[arg(long, value_name = "FILE.jsonl")]
    pub conflicts: Option<PathBuf>,
    /// Print the summary as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    /// Replace an output file that tmforge did not write.
    #[arg(long)]
    pub force: bool,
}

/// The choices of `--prefer`.
#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum PreferArg {
    /// Keep every translation.
    KeepAll,
    /// Keep the translation with the newest changedate/creationdate.
    Newest,
    /// Keep the translation from the earliest input.
    First,
}

/// How many conflicts are shown on standard error; the rest are counted (and all of them go to
/// `--conflicts`), so that a large merge does not bury its summary.
const CONFLICTS_SHOWN: usize = 10;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let output_stdout = args.output.as_os_str() == "-";
    let conflicts_stdout = args
        .conflicts
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "-");
    if [output_stdout, conflicts_stdout, args.json]
        .iter()
        .filter(|b| **b)
        .count()
        > 1
    {
        bail!("only one of `-o -`, `--conflicts -` and --json can use standard output");
    }
    for input in &args.inputs {
        if input.as_os_str() == "-" {
            bail!(
                "merge reads each input more than once, so it cannot read standard input; \
                 save it to a file first"
            );
        }
    }
    let options = MergeOptions {
        prefer: match args.prefer {
            PreferArg::KeepAll => Prefer::KeepAll,
            PreferArg::Newest => Prefer::Newest,
            PreferArg::First => Prefer::First,
        },
        creation_date: tmforge::creation_date()?,
    };
    if let Some(header) = shards_of_one_build(&args.inputs)? {
        let out = Output::create(Some(&args.output), args.force)?;
        let (out, units) = join_shards(&args.inputs, &header, out)?;
        out.commit()?;
        eprintln!(
            "tmforge: joined {} shard(s) of one build: {units} unit(s) written to {}",
            args.inputs.len(),
            args.output.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let out = Output::create(Some(&args.output), args.force)?;
    let (out, report) = merge(&args.inputs, out, &options)?;
    out.commit()?;

    if let Some(path) = &args.conflicts {
        let mut out = Output::create(Some(path), args.force)?;
        for conflict in &report.conflicts {
            serde_json::to_writer(&mut out, conflict)?;
            out.write_all(b"\n")?;
        }
        out.commit()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let shown = report.conflicts.len().min(CONFLICTS_SHOWN);
    for conflict in &report.conflicts[..shown] {
        eprint!("{}", describe(conflict));
    }
    if report.conflicts.len() > shown {
        eprintln!(
            "tmforge: ... and {} more conflict(s){}",
            report.conflicts.len() - shown,
            if args.conflicts.is_some() {
                ""
            } else {
                " (list them all with --conflicts FILE.jsonl)"
            }
        );
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    let resolution = match args.prefer {
        PreferArg::KeepAll => "all translations kept".to_string(),
        PreferArg::Newest => format!("{} older translation(s) left out", report.resolved),
        PreferArg::First => format!("{} later translation(s) left out", report.resolved),
    };
    eprintln!(
        "tmforge: merged {} file(s): {} unit(s) read, {} duplicate(s) removed, {} conflict(s) \
         ({resolution}), {} unit(s) written to {} (srclang {})",
        report.inputs.len(),
        report.units_read,
        report.duplicates,
        report.conflicts.len(),
        report.units_written,
        if output_stdout {
            "<stdout>".to_string()
        } else {
            args.output.display().to_string()
        },
        report.srclang
    );
    if report.empty_units > 0 {
        eprintln!(
            "tmforge: warning: {} unit(s) without any <tuv> were left out",
            report.empty_units
        );
    }
    if report.empty_props > 0 {
        eprintln!(
            "tmforge: warning: {} prop(s) without a value were left out (some TMX readers refuse them)",
            report.empty_props
        );
    }
    if report.renamed_tuids > 0 {
        eprintln!(
            "tmforge: warning: {} tuid(s) were used by more than one unit and got a suffix (-2, -3 ...)",
            report.renamed_tuids
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A conflict as a few lines for standard error.
fn describe(conflict: &Conflict) -> String {
    let mut text = format!(
        "tmforge: conflict: {} source \"{}\" has {} translations:\n",
        conflict.source_lang,
        conflict.source,
        conflict.translations.len()
    );
    for entry in &conflict.translations {
        let targets: Vec<String> = entry
            .targets
            .iter()
            .map(|(lang, t)| format!("{lang} \"{t}\""))
            .collect();
        text.push_str(&format!(
            "  {} {}:{}{}{} {}\n",
            if entry.kept { "kept   " } else { "dropped" },
            entry.file.display(),
            entry.position,
            entry
                .tuid
                .as_ref()
                .map_or_else(String::new, |t| format!(" tuid {t}")),
            entry
                .date
                .as_ref()
                .map_or_else(String::new, |d| format!(" {d}")),
            targets.join(", ")
        ));
    }
    text
}
