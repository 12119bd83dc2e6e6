//! Pairs from bilingual files (XLIFF, PO): the file pairs its units already, so each unit's
//! source is paired with its target, and only inside a unit is anything segmented or aligned.
//!
//! A unit the file gives as one segment, or whose two sides are one sentence each, is one pair.
//! A unit of several sentences is segmented; when both sides have as many sentences, they pair in
//! order, otherwise the unit's sentences are aligned as a document's are. Pairs the file gives
//! have confidence 1.00. The units' ids and notes go to every pair cut from them.
//!
//! This module does not read the files ([`crate::corpus::bilingual`] does).

use crate::align::{self, AlignOptions, Bead};
use crate::corpus::Document;
use crate::corpus::DocumentFile;
use crate::corpus::bilingual::BilingualUnit;
use crate::corpus::inline::{InlineCode, RichText};
use crate::lang::LanguageTag;
use crate::segment::{Segmenter, Sentence};
use crate::tmx::{Note, Prop};

use super::{AlignedDocument, Annotation, SegmentedDocument};

/// One side of the units laid end to end, a paragraph (or more) each, with their sentences.
struct Side {
    text: String,
    codes: Vec<InlineCode>,
    sentences: Vec<Sentence>,
    paragraphs: usize,
}

impl Side {
    fn new() -> Side {
        Side {
            text: String::new(),
            codes: Vec::new(),
            sentences: Vec::new(),
            paragraphs: 0,
        }
    }

    /// Appends a unit's text; returns the range of its sentences.
    fn push(
        &mut self,
        rich: &RichText,
        segmenter: &Segmenter,
        whole: bool,
    ) -> std::ops::Range<usize> {
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let base = self.text.len();
        self.text.push_str(&rich.text);
        self.codes.extend(rich.codes.iter().map(|c| InlineCode {
            start: c.start + base,
            end: c.end + base,
            ..c.clone()
        }));
        let first = self.sentences.len();
        let sentences = if whole {
            vec![Sentence {
                start: 0,
                end: rich.text.len(),
                paragraph: 0,
            }]
        } else {
            segmenter.segment(&rich.text)
        };
        let paragraphs = sentences.iter().map(|s| s.paragraph + 1).max().unwrap_or(1);
        self.sentences
            .extend(sentences.into_iter().map(|s| Sentence {
                start: s.start + base,
                end: s.end + base,
                paragraph: s.paragraph + self.paragraphs,
            }));
        self.paragraphs += paragraphs;
        first..self.sentences.len()
    }

    fn into_document(self, file: &DocumentFile, lang: &LanguageTag) -> SegmentedDocument {
        SegmentedDocument {
            document: Document {
                name: file.name.clone(),
                lang: lang.clone(),
                path: file.path.clone(),
                text: self.text,
                codes: self.codes,
            },
            sentences: self.sentences,
        }
    }
}

/// The pairs of a bilingual file's units, as an aligned document whose beads carry the units'
/// ids and notes.
pub(super) fn align_units(
    file: &DocumentFile,
    units: &[BilingualUnit],
    source_lang: &LanguageTag,
    segmenters: (&Segmenter, &Segmenter),
    options: &AlignOptions,
) -> AlignedDocument {
    let options = options.for_languages(source_lang, &file.lang);
    let (mut source, mut target) = (Side::new(), Side::new());
    let mut beads = Vec::new();
    let mut annotations = Vec::new();
    for unit in units {
        let s = source.push(&unit.source, segmenters.0, unit.given_segment);
        let t = target.push(&unit.target, segmenters.1, unit.given_segment);
        let unit_beads: Vec<Bead> = if s.len() == t.len() {
            s.clone()
                .zip(t.clone())
                .map(|(i, j)| Bead {
                    source: i..i + 1,
                    target: j..j + 1,
                    confidence: 1.0,
                })
                .collect()
        } else {
            align::align(
                &view(&source, s.clone()),
                &view(&target, t.clone()),
                &options,
            )
            .into_iter()
            .map(|b| Bead {
                source: b.source.start + s.start..b.source.end + s.start,
                target: b.target.start + t.start..b.target.end + t.start,
                confidence: b.confidence,
            })
            .collect()
        };
        let annotation = Annotation {
            props: unit
                .props
                .iter()
                .map(|(k, v)| Prop::new(k.as_str(), v.as_str()))
                .collect(),
            notes: unit
                .notes
                .iter()
                .map(|text| Note {
                    text: text.clone(),
                    extra: Vec::new(),
                })
                .collect(),
        };
        annotations.extend(std::iter::repeat_n(annotation, unit_beads.len()));
        beads.extend(unit_beads);
    }
    AlignedDocument {
        source: source.into_document(file, source_lang),
        target: target.into_document(file, &file.lang),
        confirmed: vec![false; beads.len()],
        beads,
        annotations,
    }
}

/// Sentences `range` of `side` as the aligner takes them.
fn view(side: &Side, range: std::ops::Range<usize>) -> Vec<align::Sentence<'_>> {
    side.sentences[range]
        .iter()
        .map(|x| align::Sentence {
            text: &side.text[x.start..x.end],
            paragraph: x.paragraph,
        })
        .collect()
}
