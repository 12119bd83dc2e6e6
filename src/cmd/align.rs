//! `tmforge align`: aligns a text with its translation and writes the beads.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use tmforge::LanguageTag;
use tmforge::align::corrections::AlignFile;
use tmforge::align::{self, AlignOptions, Anchor, Bead, Dictionary, Evidence, Sentence};
use tmforge::encoder::Encoder;
use tmforge::segment::{self, Segmenter};
use tmforge::tmx::{Header, Prop, TmxWriter, TranslationUnit, Variant};

use super::{Output, read_text_input};

/// What `--format` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `[0, 1]:[2]:0.93` per line: sentence numbers of each side and the confidence.
    Beads,
    /// source text, target text, bead type, confidence; tab-separated.
    Tsv,
    /// One JSON object a line with numbers, texts, type and confidence.
    Jsonl,
    /// A TMX 1.4b memory of the beads that have text on both sides.
    Tmx,
}

/// Align a text with its translation, sentence by sentence.
///
/// Both texts are segmented with the built-in rules of their language (or read one sentence a line
/// with --presegmented), aligned, and written as beads: groups of consecutive sentences that
/// translate each other (1-1, 1-2, 2-1, 2-2, 1-3, 3-1, and larger shapes such as 2-3 or 1-4 where
/// neighbouring beads are better taken as one) or that have no counterpart (1-0, 0-1). Each bead
/// carries a confidence in [0, 1]: its posterior probability under the model, lowered where it may
/// be part of a larger bead; beads below 0.9 are the ones worth checking.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge align corpus/azerbaijan-demining.ar.txt corpus/azerbaijan-demining.en.txt --src-lang ar --tgt-lang en
  tmforge align a.ar.txt a.en.txt --src-lang ar --tgt-lang en --gold a.ar-en.gold
  tmforge align dev.de dev.fr --src-lang de --tgt-lang fr --presegmented --format tsv -o pairs.tsv
  tmforge align a.ar.txt a.en.txt --src-lang ar --tgt-lang en --format tmx -o a.tmx
  tmforge align big.de big.fr --src-lang de --tgt-lang fr --presegmented --no-semantic
  tmforge align a.ar.txt a.en.txt --src-lang ar --tgt-lang en --anchors a.ar-en.align

Exit status:
  0  success
  2  the input could not be used (unreadable file, bad arguments)")]
pub struct Args {
    /// The source text (`-` for standard input).
    pub source: String,
    /// The target text, its translation (`-` for standard input).
    pub target: String,
    /// Language of the source text (BCP 47, e.g. `ar`).
    #[arg(long)]
    pub src_lang: LanguageTag,
    /// Language of the target text (BCP 47, e.g. `en`).
    #[arg(long)]
    pub tgt_lang: LanguageTag,
    /// The texts are already split: one sentence a line (line numbers are sentence numbers).
    #[arg(long)]
    pub presegmented: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Beads)]
    pub format: Format,
    /// Leave the confidence out of `beads` output.
    #[arg(long)]
    pub no_confidence: bool,
    /// A hand-checked alignment (bead file) to score the result against; scores go to stderr.
    #[arg(long, value_name = "GOLD")]
    pub gold: Option<PathBuf>,
    /// A bilingual dictionary in hunalign's format (`target phrase @ source phrase` per line).
    #[arg(long, value_name = "FILE")]
    pub dictionary: Option<PathBuf>,
    #[command(flatten)]
    pub semantic: super::SemanticArgs,
    /// The evidence weighed besides lengths, each level adding to the one before (the encoder's
    /// cosines come on top unless --no-semantic): for measuring what each kind is worth.
    #[arg(long, value_enum, default_value_t = EvidenceArg::Lexical)]
    pub evidence: EvidenceArg,
    /// An `.align` file (written by `tmforge edit`): its segmentation fixes are applied, its
    /// confirmed beads kept exactly and the rest aligned around them.
    #[arg(long, value_name = "FILE")]
    pub anchors: Option<PathBuf>,
    /// Where to write (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace an output file that tmforge did not write.
    #[arg(long)]
    pub force: bool,
}

/// `--evidence`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvidenceArg {
    /// Sentence lengths alone.
    Length,
    /// Also numbers, punctuation, cognates, names across scripts and paragraph starts.
    Surface,
    /// Also the word lexicon learned from the texts and --dictionary.
    Lexical,
}

impl From<EvidenceArg> for Evidence {
    fn from(arg: EvidenceArg) -> Evidence {
        match arg {
            EvidenceArg::Length => Evidence::Length,
            EvidenceArg::Surface => Evidence::Surface,
            EvidenceArg::Lexical => Evidence::Lexical,
        }
    }
}

/// Sentences of a text: one a line, or as the built-in segmenter splits it.
fn sentences(text: &str, lang: &LanguageTag, presegmented: bool) -> Vec<segment::Sentence> {
    if presegmented {
        let mut start = 0;
        text.split_inclusive('\n')
            .map(|line| {
                let lead = line.len() - line.trim_start().len();
                let s = segment::Sentence {
                    start: start + lead,
                    end: start + lead + line.trim().len(),
                    paragraph: 0,
                };
                start += line.len();
                s
            })
            .collect()
    } else {
        Segmenter::builtin(lang).segment(text)
    }
}

fn joined(sentences: &[Sentence], range: std::ops::Range<usize>) -> String {
    align::join_sentences(sentences[range].iter().map(|s| s.text))
}

/// Aligns, writes, and scores against `--gold` when given.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.source == "-" && args.target == "-" {
        anyhow::bail!("only one of SOURCE and TARGET can be `-` (standard input)");
    }
    let source_text = read_text_input(&args.source)?;
    let target_text = read_text_input(&args.target)?;
    let covered = Encoder::covers(&args.src_lang) && Encoder::covers(&args.tgt_lang);
    if !covered && !args.semantic.no_semantic {
        eprintln!(
            "tmforge: note: the sentence encoder was not trained on {} and {} both; aligning \
             without it (as with --no-semantic)",
            args.src_lang, args.tgt_lang
        );
    }
    let mut options = AlignOptions {
        encoder: if covered {
            args.semantic.encoder()?
        } else {
            None
        },
        evidence: args.evidence.into(),
        ..Default::default()
    }
    .for_languages(&args.src_lang, &args.tgt_lang);
    if let Some(path) = &args.dictionary {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: reading the dictionary", path.display()))?;
        options.dictionary = Some(Arc::new(Dictionary::parse(&text, path)?));
    }
    let gold = match &args.gold {
        Some(path) => Some(align::read_beads(path)?),
        None => None,
    };
    let mut source = sentences(&source_text, &args.src_lang, args.presegmented);
    let mut target = sentences(&target_text, &args.tgt_lang, args.presegmented);
    let mut anchors = Vec::new();
    if let Some(path) = &args.anchors {
        let file = AlignFile::read(path)?.with_context(|| {
            format!(
                "{}: no such file; give the .align file that `tmforge edit` wrote",
                path.display()
            )
        })?;
        let fixed = file.correct(&source_text, source, &target_text, target);
        for notice in &fixed.notices {
            eprintln!("tmforge: warning: {}: {notice}", path.display());
        }
        (source, target) = (fixed.source, fixed.target);
        anchors = fixed
            .confirmed
            .into_iter()
            .map(|k| Anchor {
                source: k.source,
                target: k.target,
            })
            .collect();
    }
    let view = |text, sentences: &[segment::Sentence]| -> Vec<Sentence> {
        sentences
            .iter()
            .map(|s| Sentence {
                text: s.text(text),
                paragraph: s.paragraph,
            })
            .collect()
    };
    let (source, target) = (view(&source_text, &source), view(&target_text, &target));
    let beads = if anchors.is_empty() {
        align::align(&source, &target, &options)
    } else {
        align::align_anchored(&source, &target, &anchors, &options)
    };

    let mut out = Output::create(args.output.as_ref(), args.force)?;
    write(&mut out, &args, &source, &target, &beads)?;
    out.commit()?;

    if let (Some(gold), Some(path)) = (gold, &args.gold) {
        for problem in align::check_cover(&gold, source.len(), target.len()) {
            eprintln!(
                "tmforge: warning: {}: {problem} ({} source and {} target sentences here)",
                path.display(),
                source.len(),
                target.len()
            );
        }
        let pred: Vec<align::BeadRecord> = beads.iter().map(Into::into).collect();
        let scores = align::evaluate(&[(gold, pred)], false);
        eprintln!("{}", align::render_scores(&scores));
    }
    Ok(ExitCode::SUCCESS)
}

fn write(
    out: &mut Output,
    args: &Args,
    source: &[Sentence],
    target: &[Sentence],
    beads: &[Bead],
) -> anyhow::Result<()> {
    let clean = |s: String| s.replace(['\t', '\n', '\r'], " ");
    match args.format {
        Format::Beads => align::write_beads(out, beads, !args.no_confidence)?,
        Format::Tsv => {
            for b in beads {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{:.2}",
                    clean(joined(source, b.source.clone())),
                    clean(joined(target, b.target.clone())),
                    b.kind(),
                    b.confidence
                )?;
            }
        }
        Format::Jsonl => {
            for b in beads {
                let line = serde_json::json!({
                    "source": b.source.clone().collect::<Vec<_>>(),
                    "target": b.target.clone().collect::<Vec<_>>(),
                    "kind": b.kind(),
                    "confidence": (b.confidence * 1000.0).round() / 1000.0,
                    "source_text": joined(source, b.source.clone()),
                    "target_text": joined(target, b.target.clone()),
                });
                writeln!(out, "{line}")?;
            }
        }
        Format::Tmx => {
            let date = tmforge::creation_date()?;
            let mut writer = TmxWriter::new(out, &Header::tmforge(args.src_lang.as_str(), &date))?;
            let name = Path::new(&args.source)
                .file_name()
                .map_or_else(|| "stdin".to_string(), |n| n.to_string_lossy().into_owned());
            for (k, b) in beads
                .iter()
                .filter(|b| !b.source.is_empty() && !b.target.is_empty())
                .enumerate()
            {
                writer.write_unit(&TranslationUnit {
                    tuid: Some(format!("{name}:{}", k + 1)),
                    props: vec![
                        Prop::new("x-pair-type", b.kind()),
                        Prop::new("x-confidence", format!("{:.2}", b.confidence)),
                    ],
                    variants: vec![
                        Variant::text(args.src_lang.as_str(), &joined(source, b.source.clone())),
                        Variant::text(args.tgt_lang.as_str(), &joined(target, b.target.clone())),
                    ],
                    ..Default::default()
                })?;
            }
            writer.finish()?;
        }
    }
    Ok(())
}
