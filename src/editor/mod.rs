//! The alignment editor behind `tmforge edit`: one document and one translation, the operations a
//! person uses to fix their alignment, and the `.align` file every change is saved to at once.
//!
//! A [`Session`] holds the sentences of both sides (after the segmentation fixes), the beads with
//! a confirmed flag each, and the undo and redo history. Every operation that changes something
//! writes the whole `.align` file atomically, so a crash or a closed tab loses nothing. Beads a
//! person makes by an edit (join, split, move, no counterpart) are confirmed: they are that
//! person's decision, and a realignment must not undo them. [`server`] puts a session on a
//! loopback HTTP port for the page in `page/`.
//!
//! What this module does not do: edit the texts (the corpus files are the truth; only sentence
//! breaks can be added or removed), or serve more than one document.

pub mod server;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::align::corrections::{
    self, AlignFile, FileBead, FixKind, SegmentFix, Side, Stamp, fingerprint,
};
use crate::align::{self, AlignOptions, Anchor};
use crate::corpus::{self, Document};
use crate::error::{Error, Result};
use crate::lang::LanguageTag;
use crate::qa::PairChecker;
use crate::segment::{self, Segmenter};
use crate::tmx::{Prop, TranslationUnit, Variant};

/// How many states undo goes back. Each holds the sentence ranges and beads of both sides (a few
/// tens of kilobytes for a long document), so a long session stays small.
const UNDO_DEPTH: usize = 200;

/// A bead as the editor holds it.
#[derive(Debug, Clone, PartialEq)]
struct EditBead {
    source: Range<usize>,
    target: Range<usize>,
    confidence: f64,
    confirmed: bool,
}

/// Everything undo restores.
#[derive(Debug, Clone, PartialEq)]
struct State {
    source: Vec<segment::Sentence>,
    target: Vec<segment::Sentence>,
    fixes: Vec<SegmentFix>,
    beads: Vec<EditBead>,
}

/// Where a sentence moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

/// An operation, as the page and scripts send it (`{"op": "join", "bead": 4}`). Bead and
/// sentence numbers are 0-based, as in the `.align` file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Op {
    /// Joins bead `bead` with the next one.
    Join {
        bead: usize,
    },
    /// Splits bead `bead` in two: the first part keeps its first `source` source and `target`
    /// target sentences.
    Split {
        bead: usize,
        source: usize,
        target: usize,
    },
    /// Moves a sentence to the bead above (it must be its bead's first on its side) or below
    /// (its last).
    Move {
        side: Side,
        sentence: usize,
        to: Direction,
    },
    /// Makes a sentence a bead of its own, with no counterpart (it must be its bead's first or
    /// last on its side).
    Detach {
        side: Side,
        sentence: usize,
    },
    /// Confirms or unconfirms beads.
    Confirm {
        beads: Vec<usize>,
        confirmed: bool,
    },
    /// Confirms every bead whose confidence is at least `threshold`.
    ConfirmAbove {
        threshold: f64,
    },
    /// Splits a sentence in two at character `at` of its text.
    SplitSentence {
        side: Side,
        sentence: usize,
        at: usize,
    },
    /// Joins a sentence with the next one on its side.
    JoinSentences {
        side: Side,
        sentence: usize,
    },
    /// Aligns every stretch between confirmed beads afresh.
    Realign,
    Undo,
    Redo,
}

/// One document pair being edited.
pub struct Session {
    name: String,
    source: Document,
    target: Document,
    align_path: PathBuf,
    options: AlignOptions,
    checker: PairChecker,
    state: State,
    undo: Vec<State>,
    redo: Vec<State>,
    /// Counts the changes, so that a page working on an older state is refused.
    version: u64,
    /// What the `.align` file said that no longer matched the texts.
    notices: Vec<String>,
    /// The alignment of the whole text without anchors, and the sentence boundaries of both
    /// sides it was made for: every realign reuses it while the segmentation stays, so that only
    /// the stretches it disagrees with are aligned (and encoded) again.
    whole: std::sync::Mutex<Option<WholeAlignment>>,
}

/// An alignment without anchors, and the sentences it was made for.
type WholeAlignment = (Vec<(usize, usize)>, Vec<(usize, usize)>, Vec<align::Bead>);

/// What the page shows: the texts, the beads and what the checks found.
#[derive(Debug, Serialize)]
pub struct View {
    pub version: u64,
    pub document: String,
    pub align_file: String,
    pub source: SideView,
    pub target: SideView,
    pub beads: Vec<BeadView>,
    pub notices: Vec<String>,
    pub can_undo: bool,
    pub can_redo: bool,
}

/// One side of the document.
#[derive(Debug, Serialize)]
pub struct SideView {
    pub lang: String,
    /// Whether the language is written right to left.
    pub rtl: bool,
    pub file: String,
    pub sentences: Vec<SentenceView>,
}

/// A sentence and its paragraph.
#[derive(Debug, Serialize)]
pub struct SentenceView {
    pub text: String,
    pub paragraph: usize,
}

/// A bead, its sentence ranges as `[start, end)`.
#[derive(Debug, Serialize)]
pub struct BeadView {
    pub source: [usize; 2],
    pub target: [usize; 2],
    pub confidence: f64,
    pub confirmed: bool,
    pub findings: Vec<FindingView>,
}

/// A QA finding of a pair.
#[derive(Debug, Serialize)]
pub struct FindingView {
    pub code: &'static str,
    pub message: String,
}

impl Session {
    /// Opens document `name` of `corpus` with its translation into `target_lang` (the only one,
    /// when `None`), segmented by `segmenter_for` and aligned with `options` (those of `build`,
    /// so that the editor shows what a build would write), with its `.align` file if there is
    /// one.
    pub fn open(
        corpus: &Path,
        name: &str,
        source_lang: &LanguageTag,
        target_lang: Option<&LanguageTag>,
        segmenter_for: impl Fn(&LanguageTag) -> Result<Segmenter>,
        options: &AlignOptions,
    ) -> Result<Session> {
        let found = corpus::discover(corpus, source_lang)?;
        let Some(group) = found.groups.iter().find(|g| g.name == name) else {
            let names: Vec<&str> = found.groups.iter().map(|g| g.name.as_str()).collect();
            return Err(Error::file(
                corpus,
                format!(
                    "has no document `{name}` with a `{source_lang}` text and a translation; \
                     its documents: {}",
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
            ));
        };
        let langs: Vec<&str> = group.translations.iter().map(|t| t.lang.as_str()).collect();
        let translation = match target_lang {
            Some(lang) => group.translations.iter().find(|t| &t.lang == lang),
            None if group.translations.len() == 1 => group.translations.first(),
            None => {
                return Err(Error::Invalid(format!(
                    "`{name}` has several translations ({}); choose one with --lang",
                    langs.join(", ")
                )));
            }
        }
        .ok_or_else(|| {
            Error::Invalid(format!(
                "`{name}` has no translation into {}; it has {}",
                target_lang.map_or("", |l| l.as_str()),
                langs.join(", ")
            ))
        })?;
        let (source, _) = group.source.load()?;
        let (target, _) = translation.load()?;
        let align_path = corpus.join(AlignFile::file_name(
            name,
            source.lang.as_str(),
            target.lang.as_str(),
        ));
        let file = AlignFile::read(&align_path)?.unwrap_or_default();
        let source_sentences = segmenter_for(&source.lang)?.segment(&source.text);
        let target_sentences = segmenter_for(&target.lang)?.segment(&target.text);
        let fixed = file.correct(
            &source.text,
            source_sentences,
            &target.text,
            target_sentences,
        );
        let checker = PairChecker::new(
            align_path.display().to_string(),
            source.lang.as_str(),
            target.lang.as_str(),
        );
        let mut session = Session {
            name: name.to_string(),
            align_path,
            options: options.for_languages(&source.lang, &target.lang),
            checker,
            state: State {
                source: fixed.source,
                target: fixed.target,
                fixes: fixed.fixes,
                beads: Vec::new(),
            },
            undo: Vec::new(),
            redo: Vec::new(),
            version: 1,
            notices: fixed.notices,
            source,
            target,
            whole: std::sync::Mutex::new(None),
        };
        match fixed.beads {
            Some(beads) => {
                session.state.beads = beads
                    .into_iter()
                    .map(|b| EditBead {
                        confidence: if b.confirmed {
                            1.0
                        } else {
                            b.confidence.unwrap_or(0.0)
                        },
                        source: b.source,
                        target: b.target,
                        confirmed: b.confirmed,
                    })
                    .collect();
            }
            None => {
                let anchors = fixed
                    .confirmed
                    .into_iter()
                    .map(|k| Anchor {
                        source: k.source,
                        target: k.target,
                    })
                    .collect::<Vec<_>>();
                session.state.beads = session.aligned(&anchors);
            }
        }
        Ok(session)
    }

    /// The path of the `.align` file changes are saved to.
    pub fn align_path(&self) -> &Path {
        &self.align_path
    }

    /// The version the next change must name.
    pub fn version(&self) -> u64 {
        self.version
    }

    fn texts<'a>(doc: &'a Document, sentences: &[segment::Sentence]) -> Vec<&'a str> {
        sentences.iter().map(|s| s.text(&doc.text)).collect()
    }

    /// The beads of the current sentences aligned around `anchors`.
    fn aligned(&self, anchors: &[Anchor]) -> Vec<EditBead> {
        fn view<'a>(
            doc: &'a Document,
            sentences: &[segment::Sentence],
        ) -> Vec<align::Sentence<'a>> {
            sentences
                .iter()
                .map(|s| align::Sentence {
                    text: s.text(&doc.text),
                    paragraph: s.paragraph,
                })
                .collect()
        }
        let (src, tgt) = (
            view(&self.source, &self.state.source),
            view(&self.target, &self.state.target),
        );
        let bounds = |sentences: &[segment::Sentence]| -> Vec<(usize, usize)> {
            sentences.iter().map(|s| (s.start, s.end)).collect()
        };
        let (sb, tb) = (bounds(&self.state.source), bounds(&self.state.target));
        let mut whole = self.whole.lock().unwrap_or_else(|e| e.into_inner());
        if !whole.as_ref().is_some_and(|(s, t, _)| *s == sb && *t == tb) {
            *whole = Some((sb, tb, align::align(&src, &tgt, &self.options)));
        }
        let made = &whole.as_ref().expect("set above").2;
        let beads = align::align_anchored_to(&src, &tgt, anchors, &self.options, made);
        beads
            .into_iter()
            .map(|b| {
                let confirmed = anchors
                    .iter()
                    .any(|a| a.source == b.source && a.target == b.target);
                EditBead {
                    source: b.source,
                    target: b.target,
                    confidence: if confirmed { 1.0 } else { b.confidence },
                    confirmed,
                }
            })
            .collect()
    }

    /// The page's view of the current state.
    pub fn view(&self) -> View {
        let side = |doc: &Document, sentences: &[segment::Sentence]| SideView {
            lang: doc.lang.to_string(),
            rtl: doc.lang.is_rtl(),
            file: doc
                .path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            sentences: sentences
                .iter()
                .map(|s| SentenceView {
                    text: s.text(&doc.text).to_string(),
                    paragraph: s.paragraph,
                })
                .collect(),
        };
        let (src, tgt) = (
            Self::texts(&self.source, &self.state.source),
            Self::texts(&self.target, &self.state.target),
        );
        let beads = self
            .state
            .beads
            .iter()
            .map(|b| BeadView {
                source: [b.source.start, b.source.end],
                target: [b.target.start, b.target.end],
                confidence: b.confidence,
                confirmed: b.confirmed,
                findings: self.findings(b, &src, &tgt),
            })
            .collect();
        View {
            version: self.version,
            document: self.name.clone(),
            align_file: self.align_path.display().to_string(),
            source: side(&self.source, &self.state.source),
            target: side(&self.target, &self.state.target),
            beads,
            notices: self.notices.clone(),
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
        }
    }

    /// The QA pair findings of a bead, as `tmforge validate` reports them in a memory.
    fn findings(&self, b: &EditBead, src: &[&str], tgt: &[&str]) -> Vec<FindingView> {
        if b.source.is_empty() || b.target.is_empty() {
            return Vec::new();
        }
        let (sl, tl) = (self.source.lang.as_str(), self.target.lang.as_str());
        let unit = TranslationUnit {
            props: vec![Prop::new("x-confidence", format!("{:.2}", b.confidence))],
            variants: vec![
                Variant::text(sl, &align::join_sentences(src[b.source.clone()].to_vec())),
                Variant::text(tl, &align::join_sentences(tgt[b.target.clone()].to_vec())),
            ],
            ..Default::default()
        };
        self.checker
            .check_unit(&unit, sl, tl)
            .into_iter()
            .map(|f| FindingView {
                code: f.code,
                message: f.message,
            })
            .collect()
    }

    /// Applies `op`, saves the `.align` file and returns nothing; an operation that does not
    /// apply (a bead number past the end, a sentence that cannot move) changes nothing and says
    /// why.
    pub fn apply(&mut self, op: &Op) -> std::result::Result<(), String> {
        let before = self.state.clone();
        match op {
            Op::Undo => {
                let previous = self.undo.pop().ok_or("nothing to undo")?;
                self.redo.push(std::mem::replace(&mut self.state, previous));
            }
            Op::Redo => {
                let next = self.redo.pop().ok_or("nothing to redo")?;
                self.undo.push(std::mem::replace(&mut self.state, next));
            }
            op => {
                self.change(op)?;
                if self.state == before {
                    return Ok(());
                }
                self.undo.push(before);
                if self.undo.len() > UNDO_DEPTH {
                    self.undo.remove(0);
                }
                self.redo.clear();
            }
        }
        self.version += 1;
        self.save().map_err(|e| e.to_string())
    }

    fn bead(&self, k: usize) -> std::result::Result<&EditBead, String> {
        self.state.beads.get(k).ok_or_else(|| {
            format!(
                "there is no bead {k}; the beads are numbered 0 to {}",
                self.state.beads.len().saturating_sub(1)
            )
        })
    }

    /// The bead that holds sentence `i` of `side`.
    fn bead_of(&self, side: Side, i: usize) -> std::result::Result<usize, String> {
        self.state
            .beads
            .iter()
            .position(|b| range(b, side).contains(&i))
            .ok_or_else(|| format!("there is no {} sentence {i}", side_name(side)))
    }

    fn change(&mut self, op: &Op) -> std::result::Result<(), String> {
        match *op {
            Op::Join { bead } => {
                self.bead(bead)?;
                let beads = &mut self.state.beads;
                let next = beads
                    .get(bead + 1)
                    .ok_or("the last bead has no next bead to join")?
                    .clone();
                let b = &mut beads[bead];
                b.source.end = next.source.end;
                b.target.end = next.target.end;
                b.confidence = b.confidence.min(next.confidence);
                b.confirmed = true;
                beads.remove(bead + 1);
            }
            Op::Split {
                bead,
                source,
                target,
            } => {
                let b = self.bead(bead)?.clone();
                if source > b.source.len() || target > b.target.len() {
                    return Err(format!(
                        "bead {bead} has {} source and {} target sentences",
                        b.source.len(),
                        b.target.len()
                    ));
                }
                let (cs, ct) = (b.source.start + source, b.target.start + target);
                let first = EditBead {
                    source: b.source.start..cs,
                    target: b.target.start..ct,
                    confidence: b.confidence,
                    confirmed: true,
                };
                let second = EditBead {
                    source: cs..b.source.end,
                    target: ct..b.target.end,
                    ..first.clone()
                };
                if is_empty(&first) || is_empty(&second) {
                    return Err("each part of a split needs a sentence".to_string());
                }
                self.state.beads.splice(bead..=bead, [first, second]);
            }
            Op::Move { side, sentence, to } => {
                let k = self.bead_of(side, sentence)?;
                let here = range(&self.state.beads[k], side).clone();
                let other = match to {
                    Direction::Up if here.start != sentence => {
                        return Err("only the first sentence of a bead moves up".to_string());
                    }
                    Direction::Down if here.end != sentence + 1 => {
                        return Err("only the last sentence of a bead moves down".to_string());
                    }
                    Direction::Up => k.checked_sub(1).ok_or("the first bead has none above")?,
                    Direction::Down => Some(k + 1)
                        .filter(|&n| n < self.state.beads.len())
                        .ok_or("the last bead has none below")?,
                };
                let beads = &mut self.state.beads;
                match to {
                    Direction::Up => {
                        range_mut(&mut beads[other], side).end += 1;
                        range_mut(&mut beads[k], side).start += 1;
                    }
                    Direction::Down => {
                        range_mut(&mut beads[other], side).start -= 1;
                        range_mut(&mut beads[k], side).end -= 1;
                    }
                }
                beads[other].confirmed = true;
                beads[k].confirmed = true;
                if is_empty(&beads[k]) {
                    beads.remove(k);
                }
            }
            Op::Detach { side, sentence } => {
                let k = self.bead_of(side, sentence)?;
                let b = self.state.beads[k].clone();
                let (own, other) = match side {
                    Side::Source => (&b.source, &b.target),
                    Side::Target => (&b.target, &b.source),
                };
                if other.is_empty() && own.len() == 1 {
                    // Already without counterpart: the person says so.
                    self.state.beads[k].confirmed = true;
                    return Ok(());
                }
                let first = own.start == sentence;
                if !first && own.end != sentence + 1 {
                    return Err(
                        "only the first or last sentence of a bead's side can be left without \
                         counterpart; split the bead first"
                            .to_string(),
                    );
                }
                let at = if first { other.start } else { other.end };
                let alone = match side {
                    Side::Source => EditBead {
                        source: sentence..sentence + 1,
                        target: at..at,
                        confidence: 1.0,
                        confirmed: true,
                    },
                    Side::Target => EditBead {
                        source: at..at,
                        target: sentence..sentence + 1,
                        confidence: 1.0,
                        confirmed: true,
                    },
                };
                let mut rest = b.clone();
                let r = range_mut(&mut rest, side);
                if first {
                    r.start += 1;
                } else {
                    r.end -= 1;
                }
                rest.confirmed = true;
                let parts = if first { [alone, rest] } else { [rest, alone] };
                let parts: Vec<EditBead> = parts.into_iter().filter(|p| !is_empty(p)).collect();
                self.state.beads.splice(k..=k, parts);
            }
            Op::Confirm {
                ref beads,
                confirmed,
            } => {
                for &k in beads {
                    self.bead(k)?;
                }
                for &k in beads {
                    self.state.beads[k].confirmed = confirmed;
                }
            }
            Op::ConfirmAbove { threshold } => {
                if !(0.0..=1.0).contains(&threshold) {
                    return Err(format!("the threshold is between 0 and 1, not {threshold}"));
                }
                for b in &mut self.state.beads {
                    if b.confidence >= threshold {
                        b.confirmed = true;
                    }
                }
            }
            Op::SplitSentence { side, sentence, at } => self.split_sentence(side, sentence, at)?,
            Op::JoinSentences { side, sentence } => self.join_sentences(side, sentence)?,
            Op::Realign => {
                let anchors: Vec<Anchor> = self
                    .state
                    .beads
                    .iter()
                    .filter(|b| b.confirmed)
                    .map(|b| Anchor {
                        source: b.source.clone(),
                        target: b.target.clone(),
                    })
                    .collect();
                self.state.beads = self.aligned(&anchors);
            }
            Op::Undo | Op::Redo => unreachable!("handled by apply"),
        }
        Ok(())
    }

    fn side(&self, side: Side) -> (&Document, &Vec<segment::Sentence>) {
        match side {
            Side::Source => (&self.source, &self.state.source),
            Side::Target => (&self.target, &self.state.target),
        }
    }

    /// Records a sentence start added (split) or removed (join) at byte `at`: a fix of the
    /// opposite kind at the same place is taken back instead.
    fn record_fix(&mut self, side: Side, kind: FixKind, at: usize) {
        let doc = match side {
            Side::Source => &self.source,
            Side::Target => &self.target,
        };
        let fix = corrections::fix_at(side, kind, &doc.text, at);
        let opposite = |f: &SegmentFix| f.side == side && f.offset == fix.offset && f.kind != kind;
        if let Some(i) = self.state.fixes.iter().position(opposite) {
            self.state.fixes.remove(i);
        } else {
            self.state.fixes.push(fix);
            self.state.fixes.sort_by_key(|f| (f.side as u8, f.offset));
        }
    }

    fn split_sentence(
        &mut self,
        side: Side,
        sentence: usize,
        at: usize,
    ) -> std::result::Result<(), String> {
        let (doc, sentences) = self.side(side);
        let s = *sentences
            .get(sentence)
            .ok_or_else(|| format!("there is no {} sentence {sentence}", side_name(side)))?;
        let text = s.text(&doc.text);
        let offset = text
            .char_indices()
            .nth(at)
            .map(|(b, _)| b)
            .filter(|&b| b > 0)
            .ok_or_else(|| {
                format!(
                    "a sentence of {} characters is split at 1 to {}",
                    text.chars().count(),
                    text.chars().count().saturating_sub(1)
                )
            })?;
        // Whitespace at the split point goes between the two sentences.
        let skip = text[offset..].len() - text[offset..].trim_start().len();
        let byte = s.start + offset + skip;
        let doc_text = doc.text.clone();
        let mut sentences = sentences.clone();
        corrections::apply_one(FixKind::Split, &doc_text, &mut sentences, byte)?;
        if sentences.len() == self.side(side).1.len() {
            return Ok(());
        }
        *self.sentences_mut(side) = sentences;
        self.record_fix(side, FixKind::Split, byte);
        for b in &mut self.state.beads {
            let r = range_mut(b, side);
            if r.start > sentence {
                r.start += 1;
            }
            if r.end > sentence {
                r.end += 1;
            }
        }
        Ok(())
    }

    fn join_sentences(&mut self, side: Side, sentence: usize) -> std::result::Result<(), String> {
        let (doc, sentences) = self.side(side);
        let next = *sentences.get(sentence + 1).ok_or_else(|| {
            format!(
                "{} sentence {sentence} has no next sentence to join",
                side_name(side)
            )
        })?;
        let doc_text = doc.text.clone();
        let mut sentences = sentences.clone();
        corrections::apply_one(FixKind::Join, &doc_text, &mut sentences, next.start)?;
        *self.sentences_mut(side) = sentences;
        self.record_fix(side, FixKind::Join, next.start);
        let (first, second) = (
            self.bead_of(side, sentence)?,
            self.bead_of(side, sentence + 1)?,
        );
        if first != second {
            // The joined sentence cannot be in two beads: they and any between become one.
            let last = self.state.beads[second].clone();
            let b = &mut self.state.beads[first];
            b.source.end = last.source.end;
            b.target.end = last.target.end;
            b.confirmed = true;
            self.state.beads.drain(first + 1..=second);
        }
        for b in &mut self.state.beads {
            let r = range_mut(b, side);
            if r.start > sentence {
                r.start -= 1;
            }
            if r.end > sentence + 1 {
                r.end -= 1;
            }
        }
        Ok(())
    }

    fn sentences_mut(&mut self, side: Side) -> &mut Vec<segment::Sentence> {
        match side {
            Side::Source => &mut self.state.source,
            Side::Target => &mut self.state.target,
        }
    }

    /// Writes the `.align` file of the current state.
    fn save(&self) -> Result<()> {
        let (src, tgt) = (
            Self::texts(&self.source, &self.state.source),
            Self::texts(&self.target, &self.state.target),
        );
        let stamp = |doc: &Document| {
            let file = doc
                .path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            Stamp::of(&file, &doc.text)
        };
        let file = AlignFile {
            source: Some(stamp(&self.source)),
            target: Some(stamp(&self.target)),
            fixes: self.state.fixes.clone(),
            beads: self
                .state
                .beads
                .iter()
                .map(|b| FileBead {
                    source: b.source.clone(),
                    target: b.target.clone(),
                    confirmed: b.confirmed,
                    confidence: (!b.confirmed).then_some(b.confidence),
                    fingerprint: b.confirmed.then(|| {
                        (
                            fingerprint(src[b.source.clone()].iter().copied()),
                            fingerprint(tgt[b.target.clone()].iter().copied()),
                        )
                    }),
                    line: 0,
                })
                .collect(),
        };
        file.save(&self.align_path)
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Source => "source",
        Side::Target => "target",
    }
}

fn range(b: &EditBead, side: Side) -> &Range<usize> {
    match side {
        Side::Source => &b.source,
        Side::Target => &b.target,
    }
}

fn range_mut(b: &mut EditBead, side: Side) -> &mut Range<usize> {
    match side {
        Side::Source => &mut b.source,
        Side::Target => &mut b.target,
    }
}

fn is_empty(b: &EditBead) -> bool {
    b.source.is_empty() && b.target.is_empty()
}

#[cfg(test)]
mod tests;
