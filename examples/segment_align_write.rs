//! Segments a text and its translation, aligns their sentences and writes a TMX file, with the
//! library alone (no command line).
//!
//! ```text
//! cargo run --example segment_align_write                    # built-in sample, TMX on stdout
//! cargo run --example segment_align_write -- ar.txt en.txt out.tmx
//! ```

use std::io::Write;

use tmforge::LanguageTag;
use tmforge::align::{self, AlignOptions};
use tmforge::segment::Segmenter;
use tmforge::tmx::{Header, Prop, TmxWriter, TranslationUnit, Variant};

/// A short Arabic text and its English translation, used when no files are given.
const SAMPLE_AR: &str =
    "ارتفعت الإيرادات بنسبة 12٪ في عام 2023. شكرا لكم على ثقتكم.\n\nنمت الأرباح الصافية.";
const SAMPLE_EN: &str =
    "Revenue rose by 12% in 2023. Thank you for your trust.\n\nNet profit grew.";

/// The sentences of `text` as the aligner takes them.
fn for_aligner<'a>(
    text: &'a str,
    sentences: &[tmforge::segment::Sentence],
) -> Vec<align::Sentence<'a>> {
    sentences
        .iter()
        .map(|s| align::Sentence {
            text: s.text(text),
            paragraph: s.paragraph,
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (source_text, target_text) = match args.as_slice() {
        [source, target, ..] => (
            std::fs::read_to_string(source)?,
            std::fs::read_to_string(target)?,
        ),
        _ => (SAMPLE_AR.to_string(), SAMPLE_EN.to_string()),
    };
    let source_lang = LanguageTag::parse("ar")?;
    let target_lang = LanguageTag::parse("en")?;

    // 1. Segment each side into sentences (byte ranges of the text).
    let source_sentences = Segmenter::builtin(&source_lang).segment(&source_text);
    let target_sentences = Segmenter::builtin(&target_lang).segment(&target_text);

    // 2. Align: beads pair consecutive source sentences with consecutive target sentences.
    let source = for_aligner(&source_text, &source_sentences);
    let target = for_aligner(&target_text, &target_sentences);
    let beads = align::align(&source, &target, &AlignOptions::default());

    // 3. Write one unit a bead that has both sides, streaming, with its shape and confidence.
    let header = Header::tmforge(source_lang.as_str(), &tmforge::creation_date()?);
    let out: Box<dyn Write> = match args.get(2) {
        Some(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut writer = TmxWriter::new(out, &header)?;
    let join = |side: &[align::Sentence], range: std::ops::Range<usize>| {
        side[range]
            .iter()
            .map(|s| s.text)
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (i, bead) in beads.iter().enumerate() {
        if bead.source.is_empty() || bead.target.is_empty() {
            continue;
        }
        writer.write_unit(&TranslationUnit {
            tuid: Some(format!("sample:{}", i + 1)),
            props: vec![
                Prop::new("x-pair-type", bead.kind()),
                Prop::new("x-confidence", format!("{:.2}", bead.confidence)),
            ],
            variants: vec![
                Variant::text(source_lang.as_str(), &join(&source, bead.source.clone())),
                Variant::text(target_lang.as_str(), &join(&target, bead.target.clone())),
            ],
            ..Default::default()
        })?;
    }
    writer.finish()?;
    Ok(())
}
