//! `tmforge embed`: sentence embeddings of a text with the bundled multilingual encoder.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use tmforge::LanguageTag;
use tmforge::encoder::Encoder;
use tmforge::segment::Segmenter;

/// Sentences encoded and written per block, so that memory does not grow with the input
/// (embeddings do not depend on how the sentences are grouped).
const BLOCK: usize = 8192;

/// How embeddings are printed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// One JSON array of 512 floats a line.
    #[default]
    Json,
    /// One JSON object a line: the sentence (`text`) and its vector (`embedding`).
    Jsonl,
}

/// Embed the sentences of a text with the bundled multilingual sentence encoder.
///
/// The text is split into sentences with tmforge's segmenter for --lang (or taken one sentence a
/// line with --presegmented), and each sentence gets a 512-dimensional unit vector from
/// Universal Sentence Encoder multilingual v3: translations of a sentence get vectors close to
/// it (their dot product is the cosine similarity). The model is trained on ar de en es fr it ja
/// ko nl pl pt ru th tr zh; other languages are encoded with a warning, since the vocabulary is
/// shared but the vectors are less reliable.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmforge embed corpus/azerbaijan-demining.en.txt --lang en -o en.vectors
  tmforge embed dev.de --lang de --presegmented --format jsonl
  echo 'Der Minister unterzeichnete das Abkommen.' | tmforge embed - --lang de --presegmented
  tmforge embed article.txt --lang fr --model models/use-multilingual-v3

Exit status:
  0  success
  2  the input or the model folder could not be used")]
pub struct Args {
    /// The text file to embed; `-` or nothing reads standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,

    /// The language of the text (BCP 47: ar, en, de-CH, ...); picks the segmentation rules.
    #[arg(long, short = 'l', value_name = "LANG")]
    pub lang: LanguageTag,

    /// The input has one sentence a line already: every line is embedded as it is, blank lines
    /// included, so that output line N belongs to input line N.
    #[arg(long)]
    pub presegmented: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Json)]
    pub format: Format,

    /// Read the model from this folder (weights.npz and sp.model) instead of the bundled copy.
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,

    /// Write here instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace the output file even if tmforge did not write it.
    #[arg(long)]
    pub force: bool,
}

#[derive(serde::Serialize)]
struct JsonEmbedding<'a> {
    text: &'a str,
    embedding: &'a [f32],
}

/// Runs `tmforge embed`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = super::read_text_input(&args.input)?;
    let sentences: Vec<&str> = if args.presegmented {
        text.lines().collect()
    } else {
        let segmenter = Segmenter::builtin(&args.lang);
        segmenter
            .segment(&text)
            .iter()
            .map(|s| s.text(&text))
            .collect()
    };
    if !Encoder::covers(&args.lang) {
        eprintln!(
            "tmforge: warning: the sentence encoder was not trained on `{}` (it covers ar de en es fr it ja ko nl pl pt ru th tr zh); its vectors for this text are less reliable",
            args.lang
        );
    }
    let loaded;
    let encoder = match &args.model {
        Some(dir) => {
            loaded = Encoder::load(dir)?;
            &loaded
        }
        None => Encoder::bundled()?,
    };
    let mut out = super::Output::create(args.output.as_ref(), args.force)?;
    let write = |out: &mut super::Output| -> std::io::Result<()> {
        for block in sentences.chunks(BLOCK) {
            let embeddings = encoder.encode(block);
            for (i, text) in block.iter().enumerate() {
                match args.format {
                    Format::Json => serde_json::to_writer(&mut *out, embeddings.row(i))?,
                    Format::Jsonl => serde_json::to_writer(
                        &mut *out,
                        &JsonEmbedding {
                            text,
                            embedding: embeddings.row(i),
                        },
                    )?,
                }
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    };
    match write(&mut out) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e).context("writing the embeddings"),
    }
    out.commit()?;
    Ok(ExitCode::SUCCESS)
}
