//! `tmforge eval`: scores a predicted alignment against a hand-checked one.

use std::path::PathBuf;
use std::process::ExitCode;

use tmforge::align;

/// Score an alignment against a hand-checked (gold) one.
///
/// Prints strict and lax precision, recall and F1, and the gold recall of each bead type, over
/// all the file pairs given (micro-averaged). Strict counts a predicted bead only if the gold has
/// the same bead; lax counts it if it shares a source and a target sentence with a gold bead.
/// Both files are bead files (`[0, 1]:[2]` per line, an optional `:0.93` after it is ignored).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge eval --gold corpus/azerbaijan-demining.ar-en.gold --pred pred.beads
  tmforge eval --gold g1.gold g2.gold --pred p1.beads p2.beads --json
  tmforge eval --gold dev.gold --pred dev.beads --ignore-null   # leave 1-0 and 0-1 beads out

Exit status:
  0  the scores were printed
  2  a bead file could not be read or does not fit its texts")]
pub struct Args {
    /// Gold bead files.
    #[arg(long, required = true, num_args = 1..)]
    pub gold: Vec<PathBuf>,
    /// Predicted bead files, in the same order as --gold.
    #[arg(long, required = true, num_args = 1..)]
    pub pred: Vec<PathBuf>,
    /// Leave 1-0 and 0-1 beads out of both sides before scoring.
    #[arg(long)]
    pub ignore_null: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Reads the files and prints the scores.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.gold.len() != args.pred.len() {
        anyhow::bail!(
            "--gold has {} files and --pred {}: give one predicted file per gold file, in the same order",
            args.gold.len(),
            args.pred.len()
        );
    }
    let mut docs = Vec::new();
    for (g, p) in args.gold.iter().zip(&args.pred) {
        docs.push((align::read_beads(g)?, align::read_beads(p)?));
    }
    let scores = align::evaluate(&docs, args.ignore_null);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&scores)?);
    } else {
        println!("{}", align::render_scores(&scores));
    }
    Ok(ExitCode::SUCCESS)
}
