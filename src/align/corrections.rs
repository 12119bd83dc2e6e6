//! The `.align` file: a person's corrections to the alignment of one document and one
//! translation, kept in the corpus beside the texts (`CORPUS/DOC.SRC-TGT.align`) so that every
//! build starts from them.
//!
//! ```text
//! # tmforge alignment; confirmed beads are kept by every build (tmforge edit)
//! # source: report.ar.txt sha256:5d41402abc4b2a76b9719d911017c592...
//! # target: report.en.txt sha256:7d793037a0760186574b0282f2f435e7...
//! split target 1234 "Smith said that"
//! join source 560 "والتي كانت"
//! [0]:[0]:confirmed:1f2e3d4c:5b6a7988
//! [1]:[1, 2]:0.93
//! []:[3]:confirmed:00000000:a1b2c3d4
//! ```
//!
//! - Bead lines are those of the `.gold` files (0-based sentence numbers, counted after the
//!   segmentation fixes), followed by `:confirmed` when a person confirmed the bead, or by the
//!   aligner's confidence otherwise. After `:confirmed` come two fingerprints, of the bead's
//!   source and target sentences, so that a confirmed bead can be found again when a text
//!   changes; a hand-written line may leave them out. An empty side (`[]`) sits where the bead
//!   on the line before ends, so a file that lists only some beads gives the bead before a
//!   one-sided one.
//! - `split SIDE OFFSET "TEXT"` starts a sentence at character OFFSET of that side's text (where
//!   the segmenter missed a break); `join SIDE OFFSET "TEXT"` removes the break before the sentence
//!   that starts there. TEXT is the text found at OFFSET when the fix was made (JSON string
//!   syntax), which finds the place again when the text changes.
//! - The header names both files with the SHA-256 of their text (UTF-8, LF line ends: what
//!   `sha256sum` prints for such a file). When a text no longer has that hash, what still
//!   matches is kept (confirmed beads whose sentences are unchanged, fixes whose text is still
//!   there) and the rest is reported.
//! - Other lines starting with `#` are comments; blank lines are skipped.
//!
//! What this module does not do: align (see [`super::align_anchored`]) or segment; it applies
//! fixes to the segmenter's output.

use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::Range;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Position, Result};
use crate::output::PendingFile;
use crate::segment;

/// First line of a file written by tmforge.
const HEADER: &str = "# tmforge alignment; confirmed beads are kept by every build (tmforge edit)";

/// Characters of text kept with a segmentation fix to find its place again: enough to be unique
/// in a document in practice, short enough to read.
pub const FIX_CONTEXT_CHARS: usize = 24;

/// Shortest context that may be looked for elsewhere in a changed text: fewer characters would
/// match in too many places to say which one was meant.
const MIN_RELOCATE_CHARS: usize = 6;

/// One side of a document pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Source,
    Target,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Source => "source",
            Side::Target => "target",
        }
    }
}

/// A text file named in the header, and the SHA-256 of its text when the alignment was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub file: String,
    /// Lower-case hex.
    pub sha256: String,
}

impl Stamp {
    /// The stamp of `text`, read from the file named `file`.
    pub fn of(file: &str, text: &str) -> Stamp {
        Stamp {
            file: file.to_string(),
            sha256: sha256_hex(text),
        }
    }
}

/// SHA-256 of `text`, lower-case hex.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// What a segmentation fix does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FixKind {
    /// A sentence starts at the offset.
    Split,
    /// The sentence that starts at the offset is one with the sentence before it.
    Join,
}

/// A correction of the segmenter's output on one side.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SegmentFix {
    pub side: Side,
    pub kind: FixKind,
    /// Character offset in the side's text (Unicode scalar values, LF line ends).
    pub offset: usize,
    /// The text at `offset` when the fix was made, up to [`FIX_CONTEXT_CHARS`] characters.
    pub context: String,
}

/// A bead line.
#[derive(Debug, Clone, PartialEq)]
pub struct FileBead {
    pub source: Range<usize>,
    pub target: Range<usize>,
    pub confirmed: bool,
    /// The aligner's confidence, written for beads not confirmed.
    pub confidence: Option<f64>,
    /// Fingerprints of the source and target sentences ([`fingerprint`]).
    pub fingerprint: Option<(u32, u32)>,
    /// 1-based line in the file it was read from (0 for a bead made in memory).
    pub line: usize,
}

/// A whole `.align` file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AlignFile {
    pub source: Option<Stamp>,
    pub target: Option<Stamp>,
    pub fixes: Vec<SegmentFix>,
    pub beads: Vec<FileBead>,
}

/// The fingerprint of a run of sentences: the first 32 bits of the SHA-256 of their texts, one
/// a line. 32 bits are plenty to tell whether the sentences at a place are still the same.
pub fn fingerprint<'a>(sentences: impl IntoIterator<Item = &'a str>) -> u32 {
    let mut hash = Sha256::new();
    for s in sentences {
        hash.update(s.as_bytes());
        hash.update(b"\n");
    }
    let d = hash.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

impl AlignFile {
    /// The name of the `.align` file of document `name` and one translation.
    pub fn file_name(name: &str, source_lang: &str, target_lang: &str) -> String {
        format!("{name}.{source_lang}-{target_lang}.align")
    }

    /// Reads `path`; `None` when there is no such file.
    pub fn read(path: &Path) -> Result<Option<AlignFile>> {
        match std::fs::read_to_string(path) {
            Ok(text) => AlignFile::parse(&text, path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(path, "reading", e)),
        }
    }

    /// Parses the text of an `.align` file; `path` names it in errors, which give the line and
    /// column of the first malformed line.
    pub fn parse(text: &str, path: &Path) -> Result<AlignFile> {
        let mut file = AlignFile::default();
        let mut offset = 0;
        for (index, line) in text.split_inclusive('\n').enumerate() {
            let start = offset;
            offset += line.len();
            let body = line.trim_end_matches(['\n', '\r']);
            let trimmed = body.trim();
            let lead = body.len() - body.trim_start().len();
            let fail = |col: usize, what: String| {
                Error::input(path, Position::of_offset(text, start + lead + col), what)
            };
            if trimmed.is_empty() {
                continue;
            }
            if let Some(comment) = trimmed.strip_prefix('#') {
                let comment = comment.trim();
                for (side, key) in [(Side::Source, "source:"), (Side::Target, "target:")] {
                    if let Some(rest) = comment.strip_prefix(key) {
                        let stamp = parse_stamp(rest.trim()).ok_or_else(|| {
                            fail(
                                0,
                                format!(
                                    "a header line looks like `# {key} NAME.txt sha256:HEX` \
                                     (64 hex digits); fix it or delete the line"
                                ),
                            )
                        })?;
                        match side {
                            Side::Source => file.source = Some(stamp),
                            Side::Target => file.target = Some(stamp),
                        }
                    }
                }
                continue;
            }
            if trimmed.starts_with('[') {
                let mut bead = parse_bead(trimmed).map_err(|(col, what)| {
                    fail(
                        col,
                        format!(
                            "{what}; a bead line looks like `[0, 1]:[2]`, `[3]:[]:0.93` or \
                             `[4]:[5]:confirmed`"
                        ),
                    )
                })?;
                bead.line = index + 1;
                // An empty side (`[]`) sits where the bead on the line before ends.
                let (s, t) = file
                    .beads
                    .last()
                    .map_or((0, 0), |b| (b.source.end, b.target.end));
                if bead.source.is_empty() {
                    bead.source = s..s;
                }
                if bead.target.is_empty() {
                    bead.target = t..t;
                }
                file.beads.push(bead);
                continue;
            }
            let fix = parse_fix(trimmed).map_err(|(col, what)| {
                fail(
                    col,
                    format!(
                        "{what}; a line is a bead (`[0]:[1]`), a segmentation fix \
                         (`split target 120 \"Smith said\"`, `join source 88 \"and the\"`) or a \
                         `#` comment"
                    ),
                )
            })?;
            file.fixes.push(fix);
        }
        Ok(file)
    }

    /// The file's text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(HEADER);
        out.push('\n');
        for (key, stamp) in [("source", &self.source), ("target", &self.target)] {
            if let Some(s) = stamp {
                let _ = writeln!(out, "# {key}: {} sha256:{}", s.file, s.sha256);
            }
        }
        for fix in &self.fixes {
            let kind = match fix.kind {
                FixKind::Split => "split",
                FixKind::Join => "join",
            };
            let context = serde_json::to_string(&fix.context).expect("a string serializes");
            let _ = writeln!(out, "{kind} {} {} {context}", fix.side.name(), fix.offset);
        }
        for b in &self.beads {
            let list = |r: &Range<usize>| {
                r.clone()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = write!(out, "[{}]:[{}]", list(&b.source), list(&b.target));
            if b.confirmed {
                out.push_str(":confirmed");
                if let Some((s, t)) = b.fingerprint {
                    let _ = write!(out, ":{s:08x}:{t:08x}");
                }
            } else if let Some(c) = b.confidence {
                let _ = write!(out, ":{c:.2}");
            }
            out.push('\n');
        }
        out
    }

    /// Writes the file atomically (a crash leaves the old file or the new one). The file is
    /// replaced whoever wrote it: it was read first, and what it said is in `self`.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut file = PendingFile::create(path, true)?;
        file.write_all(self.render().as_bytes())
            .map_err(|e| Error::io(path, "writing", e))?;
        file.commit()
    }

    /// Whether it has a confirmed bead.
    pub fn has_confirmed(&self) -> bool {
        self.beads.iter().any(|b| b.confirmed)
    }

    /// Whether the text of `side` differs from the one the file was saved with. A file without a
    /// header (written by hand) is taken as current.
    pub fn is_stale(&self, side: Side, text: &str) -> bool {
        let stamp = match side {
            Side::Source => &self.source,
            Side::Target => &self.target,
        };
        stamp.as_ref().is_some_and(|s| s.sha256 != sha256_hex(text))
    }
}

fn parse_stamp(rest: &str) -> Option<Stamp> {
    let (file, hash) = rest.rsplit_once(char::is_whitespace)?;
    let hash = hash.strip_prefix("sha256:")?;
    (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Stamp {
        file: file.trim().to_string(),
        sha256: hash.to_ascii_lowercase(),
    })
}

type LineError = (usize, String);

fn parse_bead(line: &str) -> std::result::Result<FileBead, LineError> {
    let mut pos = 0;
    let list = |pos: &mut usize| -> std::result::Result<Range<usize>, LineError> {
        let rest = &line[*pos..];
        if !rest.starts_with('[') {
            return Err((*pos, "expected `[`".to_string()));
        }
        let close = rest
            .find(']')
            .ok_or((*pos, "expected `]` to close the list".to_string()))?;
        let mut ids = Vec::new();
        let mut at = *pos + 1;
        for part in rest[1..close].split(',') {
            let t = part.trim();
            if !t.is_empty() {
                let col = at + (part.len() - part.trim_start().len());
                ids.push(
                    t.parse::<usize>()
                        .map_err(|_| (col, format!("`{t}` is not a sentence number")))?,
                );
            }
            at += part.len() + 1;
        }
        if ids.windows(2).any(|w| w[1] != w[0] + 1) {
            return Err((
                *pos,
                "the sentence numbers of a bead must follow each other (`[4, 5, 6]`)".to_string(),
            ));
        }
        *pos += close + 1;
        Ok(ids.first().map_or(0..0, |&f| f..f + ids.len()))
    };
    let source = list(&mut pos)?;
    if !line[pos..].starts_with(':') {
        return Err((pos, "expected `:` between the two lists".to_string()));
    }
    pos += 1;
    let target = list(&mut pos)?;
    let mut bead = FileBead {
        source,
        target,
        confirmed: false,
        confidence: None,
        fingerprint: None,
        line: 0,
    };
    // An empty bead cannot come from the aligner; it would anchor nothing.
    if bead.source.is_empty() && bead.target.is_empty() {
        return Err((0, "`[]:[]` is an empty bead".to_string()));
    }
    let rest = line[pos..].trim_end();
    if rest.is_empty() {
        return Ok(bead);
    }
    let Some(rest) = rest.strip_prefix(':') else {
        return Err((
            pos,
            "expected `:confirmed`, `:0.93` or the end of the line".to_string(),
        ));
    };
    let fields: Vec<&str> = rest.split(':').collect();
    match fields.as_slice() {
        ["confirmed"] => bead.confirmed = true,
        ["confirmed", s, t] => {
            let hex = |h: &str| (h.len() == 8).then(|| u32::from_str_radix(h, 16).ok())?;
            bead.confirmed = true;
            bead.fingerprint = Some(hex(s).zip(hex(t)).ok_or((
                pos + 11,
                "fingerprints are two groups of 8 hex digits, `:1f2e3d4c:5b6a7988`".to_string(),
            ))?);
        }
        [c] => {
            let c = c
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|c| (0.0..=1.0).contains(c))
                .ok_or((
                    pos + 1,
                    format!("`{c}` is neither `confirmed` nor a confidence"),
                ))?;
            bead.confidence = Some(c);
        }
        _ => {
            return Err((
                pos + 1,
                "expected `confirmed`, `confirmed:HEX:HEX` or a confidence".to_string(),
            ));
        }
    }
    Ok(bead)
}

fn parse_fix(line: &str) -> std::result::Result<SegmentFix, LineError> {
    let mut words = line.splitn(4, ' ');
    let kind = match words.next() {
        Some("split") => FixKind::Split,
        Some("join") => FixKind::Join,
        _ => return Err((0, "unknown line".to_string())),
    };
    let side_at = line.find(' ').map_or(line.len(), |i| i + 1);
    let side = match words.next() {
        Some("source") => Side::Source,
        Some("target") => Side::Target,
        _ => return Err((side_at, "expected `source` or `target`".to_string())),
    };
    let offset_at = side_at + side.name().len() + 1;
    let offset = words
        .next()
        .and_then(|w| w.parse::<usize>().ok())
        .ok_or((offset_at, "expected a character offset".to_string()))?;
    let context_at = offset_at + offset.to_string().len() + 1;
    let context = words
        .next()
        .and_then(|w| serde_json::from_str::<String>(w.trim()).ok())
        .ok_or((
            context_at,
            "expected the text at the offset, in double quotes".to_string(),
        ))?;
    Ok(SegmentFix {
        side,
        kind,
        offset,
        context,
    })
}

/// The byte offset of character `chars` of `text`, if the text is that long.
fn byte_of_char(text: &str, chars: usize) -> Option<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .nth(chars)
}

/// The fix context at byte `at`: the next [`FIX_CONTEXT_CHARS`] characters, up to the line end.
pub fn context_at(text: &str, at: usize) -> String {
    text[at..]
        .chars()
        .take_while(|&c| c != '\n')
        .take(FIX_CONTEXT_CHARS)
        .collect()
}

/// A segmentation fix for a sentence start at byte `at` of `text`.
pub fn fix_at(side: Side, kind: FixKind, text: &str, at: usize) -> SegmentFix {
    SegmentFix {
        side,
        kind,
        offset: text[..at].chars().count(),
        context: context_at(text, at),
    }
}

/// Applies the fixes of `side` to `sentences` (the segmenter's output for `text`) and returns
/// the fixes that apply, their offsets moved where the text moved. `stale` says the text changed
/// since the fixes were made: a fix whose context is no longer at its offset is then looked for
/// nearby; otherwise, and when it is not found, it is left out with a notice.
pub fn apply_fixes(
    fixes: &[SegmentFix],
    side: Side,
    text: &str,
    sentences: &mut Vec<segment::Sentence>,
    stale: bool,
    notices: &mut Vec<String>,
) -> Vec<SegmentFix> {
    let mut applied = Vec::new();
    for fix in fixes.iter().filter(|f| f.side == side) {
        let here = byte_of_char(text, fix.offset).filter(|&b| text[b..].starts_with(&fix.context));
        let at = match here {
            Some(b) => Some(b),
            None if stale && fix.context.chars().count() >= MIN_RELOCATE_CHARS => {
                let guess = byte_of_char(text, fix.offset).unwrap_or(text.len());
                text.match_indices(fix.context.as_str())
                    .map(|(b, _)| b)
                    .min_by_key(|&b| b.abs_diff(guess))
            }
            None => None,
        };
        let what = match fix.kind {
            FixKind::Split => "split",
            FixKind::Join => "join",
        };
        let Some(at) = at else {
            notices.push(format!(
                "the {what} of {} sentences at character {} ({:?}) no longer matches the text; \
                 it is left out",
                side.name(),
                fix.offset,
                fix.context
            ));
            continue;
        };
        match apply_one(fix.kind, text, sentences, at) {
            Ok(()) => applied.push(fix_at(side, fix.kind, text, at)),
            Err(why) => notices.push(format!(
                "the {what} of {} sentences at character {} ({:?}) is left out: {why}",
                side.name(),
                fix.offset,
                fix.context
            )),
        }
    }
    applied
}

/// Starts a sentence at byte `at` (split) or removes the break before the sentence that starts
/// at `at` (join).
pub fn apply_one(
    kind: FixKind,
    text: &str,
    sentences: &mut Vec<segment::Sentence>,
    at: usize,
) -> std::result::Result<(), String> {
    let k = sentences.partition_point(|s| s.start < at);
    match kind {
        FixKind::Split => {
            if sentences.get(k).is_some_and(|s| s.start == at) {
                return Ok(()); // the segmenter breaks there already
            }
            let Some(host) = k
                .checked_sub(1)
                .map(|i| sentences[i])
                .filter(|s| at < s.end)
            else {
                return Err("it is not inside a sentence".to_string());
            };
            let head = text[host.start..at].trim_end();
            if head.is_empty() || text[at..].starts_with(char::is_whitespace) {
                return Err("a sentence cannot start or end with whitespace there".to_string());
            }
            sentences[k - 1].end = host.start + head.len();
            sentences.insert(
                k,
                segment::Sentence {
                    start: at,
                    end: host.end,
                    paragraph: host.paragraph,
                },
            );
            Ok(())
        }
        FixKind::Join => {
            if sentences.get(k).is_none_or(|s| s.start != at) {
                if k > 0 && at < sentences[k - 1].end {
                    return Ok(()); // the segmenter no longer breaks there
                }
                return Err("no sentence starts there".to_string());
            }
            if k == 0 {
                return Err("it is the first sentence".to_string());
            }
            if sentences[k - 1].paragraph != sentences[k].paragraph {
                return Err("sentences of two paragraphs are not joined".to_string());
            }
            sentences[k - 1].end = sentences[k].end;
            sentences.remove(k);
            Ok(())
        }
    }
}

/// A confirmed bead that still holds, with the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub source: Range<usize>,
    pub target: Range<usize>,
    pub line: usize,
}

/// The confirmed beads of `beads` that hold for sentences `source` and `target` (after the
/// fixes), in order; those that no longer do are reported in `notices` by line.
///
/// On a side whose text is current, a bead holds where it is written (and its fingerprint, if
/// any, matches). On a changed side it holds if its sentences are still in the text: at the same
/// place shifted by as much as the bead before it moved, or at the nearest place after the bead
/// before it where they are found.
pub fn confirmed_beads(
    beads: &[FileBead],
    source: &[&str],
    target: &[&str],
    stale: (bool, bool),
    notices: &mut Vec<String>,
) -> Vec<Kept> {
    let mut kept: Vec<Kept> = Vec::new();
    let mut shift = (0isize, 0isize);
    for b in beads.iter().filter(|b| b.confirmed) {
        let (prev_s, prev_t) = kept.last().map_or((0, 0), |k| (k.source.end, k.target.end));
        let fp = b.fingerprint;
        let s = locate(source, &b.source, fp.map(|f| f.0), stale.0, prev_s, shift.0);
        let t = locate(target, &b.target, fp.map(|f| f.1), stale.1, prev_t, shift.1);
        match (s, t) {
            (Some(s), Some(t)) => {
                shift = (
                    s.start as isize - b.source.start as isize,
                    t.start as isize - b.target.start as isize,
                );
                kept.push(Kept {
                    source: s,
                    target: t,
                    line: b.line,
                });
            }
            _ => notices.push(format!(
                "line {}: the confirmed bead [{}]:[{}] no longer matches the sentences of the \
                 texts; it is aligned again",
                b.line,
                join_range(&b.source),
                join_range(&b.target)
            )),
        }
    }
    kept
}

fn join_range(r: &Range<usize>) -> String {
    r.clone()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where the run `old` of one side is now; see [`confirmed_beads`].
fn locate(
    texts: &[&str],
    old: &Range<usize>,
    fp: Option<u32>,
    stale: bool,
    after: usize,
    shift: isize,
) -> Option<Range<usize>> {
    let n = texts.len();
    let len = old.len();
    let fits = |p: usize| p >= after && p + len <= n;
    let matches = |p: usize| fp.is_none_or(|f| fingerprint(texts[p..p + len].iter().copied()) == f);
    if !stale {
        return (fits(old.start) && matches(old.start)).then(|| old.clone());
    }
    let guess = (old.start as isize + shift).clamp(after as isize, n as isize) as usize;
    if len == 0 {
        // An empty side has no sentences to find: it sits where the shift puts it.
        return fits(guess).then_some(guess..guess);
    }
    // A changed text without fingerprints cannot tell whether the sentences are the same.
    fp?;
    let last = n.checked_sub(len)?;
    (0..=n)
        .flat_map(|d| {
            let down = guess.checked_add(d).filter(|&p| p <= last);
            let up = guess.checked_sub(d).filter(|&p| d > 0 && p >= after);
            down.into_iter().chain(up)
        })
        .find(|&p| fits(p) && matches(p))
        .map(|p| p..p + len)
}

/// A document pair as its `.align` file corrects it: the sentences after the segmentation fixes,
/// and the confirmed beads that still hold.
#[derive(Debug, Clone)]
pub struct Corrected {
    pub source: Vec<segment::Sentence>,
    pub target: Vec<segment::Sentence>,
    /// The fixes that applied, at their offsets in the texts as they are now.
    pub fixes: Vec<SegmentFix>,
    /// The confirmed beads that hold, in order.
    pub confirmed: Vec<Kept>,
    /// The file's whole alignment, when neither text changed and its beads cover both.
    pub beads: Option<Vec<FileBead>>,
    /// What no longer matched and was left out.
    pub notices: Vec<String>,
}

impl AlignFile {
    /// Applies the file to a document pair: `source` and `target` are the segmenter's sentences
    /// of `source_text` and `target_text`.
    pub fn correct(
        &self,
        source_text: &str,
        mut source: Vec<segment::Sentence>,
        target_text: &str,
        mut target: Vec<segment::Sentence>,
    ) -> Corrected {
        let stale = (
            self.is_stale(Side::Source, source_text),
            self.is_stale(Side::Target, target_text),
        );
        let mut notices = Vec::new();
        for (side, changed) in [(Side::Source, stale.0), (Side::Target, stale.1)] {
            if changed {
                notices.push(format!(
                    "the {} text changed since the alignment was saved; what still matches is kept",
                    side.name()
                ));
            }
        }
        let mut fixes = apply_fixes(
            &self.fixes,
            Side::Source,
            source_text,
            &mut source,
            stale.0,
            &mut notices,
        );
        fixes.extend(apply_fixes(
            &self.fixes,
            Side::Target,
            target_text,
            &mut target,
            stale.1,
            &mut notices,
        ));
        let texts = |text, s: &[segment::Sentence]| -> Vec<&str> {
            s.iter().map(|s| s.text(text)).collect::<Vec<_>>()
        };
        let (src, tgt) = (texts(source_text, &source), texts(target_text, &target));
        let confirmed = confirmed_beads(&self.beads, &src, &tgt, stale, &mut notices);
        let beads = (stale == (false, false)
            && notices.is_empty()
            && covers(&self.beads, src.len(), tgt.len()))
        .then(|| self.beads.clone());
        Corrected {
            source,
            target,
            fixes,
            confirmed,
            beads,
            notices,
        }
    }
}

/// Whether `beads` cover `n` source and `m` target sentences exactly, in order.
pub fn covers(beads: &[FileBead], n: usize, m: usize) -> bool {
    let (mut s, mut t) = (0, 0);
    for b in beads {
        if b.source.start != s || b.target.start != t {
            return false;
        }
        (s, t) = (b.source.end, b.target.end);
    }
    s == n && t == m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> AlignFile {
        AlignFile {
            source: Some(Stamp::of("a.ar.txt", "نص")),
            target: Some(Stamp::of("a.en.txt", "text")),
            fixes: vec![
                SegmentFix {
                    side: Side::Target,
                    kind: FixKind::Split,
                    offset: 12,
                    context: "Smith \"said\" \\".to_string(),
                },
                SegmentFix {
                    side: Side::Source,
                    kind: FixKind::Join,
                    offset: 3,
                    context: "والتي".to_string(),
                },
            ],
            beads: vec![
                FileBead {
                    source: 0..1,
                    target: 0..2,
                    confirmed: true,
                    confidence: None,
                    fingerprint: Some((0x1f2e_3d4c, 7)),
                    line: 6,
                },
                FileBead {
                    source: 1..1,
                    target: 2..3,
                    confirmed: false,
                    confidence: Some(0.25),
                    fingerprint: None,
                    line: 7,
                },
                FileBead {
                    source: 1..3,
                    target: 3..3,
                    confirmed: true,
                    confidence: None,
                    fingerprint: None,
                    line: 8,
                },
            ],
        }
    }

    #[test]
    fn round_trip() {
        let file = sample();
        let text = file.render();
        assert!(
            text.contains("[0]:[0, 1]:confirmed:1f2e3d4c:00000007\n"),
            "{text}"
        );
        assert!(text.contains("[]:[2]:0.25\n"), "{text}");
        assert!(text.contains("[1, 2]:[]:confirmed\n"), "{text}");
        assert!(
            text.contains("split target 12 \"Smith \\\"said\\\" \\\\\"\n"),
            "{text}"
        );
        let back = AlignFile::parse(&text, Path::new("a.ar-en.align")).unwrap();
        assert_eq!(back, file);
    }

    #[test]
    fn comments_blank_lines_and_gold_style_lines_are_read() {
        let text = "# my notes\n\n  [0]:[0]\n[1, 2]:[1]:confirmed\n# source: x.txt sha256:bad\n";
        let e = AlignFile::parse(text, Path::new("d.align")).unwrap_err();
        assert!(e.to_string().starts_with("d.align:5:1:"), "{e}");
        let file = AlignFile::parse(&text.replace("# source", "# from"), Path::new("d")).unwrap();
        assert_eq!(file.beads.len(), 2);
        assert!(file.beads[1].confirmed && !file.beads[0].confirmed);
        assert_eq!(file.beads[1].line, 4);
        assert!(file.has_confirmed());
    }

    #[test]
    fn malformed_lines_are_reported_with_line_and_column() {
        let cases = [
            (
                "[0]:[0]\n[1]:[x]\n",
                "d.align:2:6:",
                "is not a sentence number",
            ),
            ("[0]:[0]\n\n[1]-[1]\n", "d.align:3:4:", "expected `:`"),
            ("[0]:[0]:sure\n", "d.align:1:9:", "neither `confirmed`"),
            ("[0]:[0]:confirmed:xyz:1\n", "d.align:1:19:", "8 hex digits"),
            ("[1, 3]:[0]\n", "d.align:1:1:", "follow each other"),
            ("[]:[]\n", "d.align:1:1:", "empty bead"),
            (
                "  split middle 3 \"x\"\n",
                "d.align:1:9:",
                "`source` or `target`",
            ),
            (
                "split source x \"a\"\n",
                "d.align:1:14:",
                "character offset",
            ),
            ("join target 4 a\n", "d.align:1:15:", "double quotes"),
            ("[0]:[0]\nmerge 1 2\n", "d.align:2:1:", "unknown line"),
        ];
        for (text, at, what) in cases {
            let e = AlignFile::parse(text, Path::new("d.align"))
                .unwrap_err()
                .to_string();
            assert!(e.starts_with(at) && e.contains(what), "{text:?}: {e}");
        }
    }

    fn sentences(text: &str) -> Vec<segment::Sentence> {
        let lang = crate::LanguageTag::parse("en").unwrap();
        segment::Segmenter::builtin(&lang).segment(text)
    }

    fn texts<'a>(text: &'a str, s: &[segment::Sentence]) -> Vec<&'a str> {
        s.iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn fixes_split_and_join_and_follow_a_changed_text() {
        let text = "He met Dr. Smith today. It rained. Then he left.\n";
        let mut s = sentences(text);
        assert_eq!(texts(text, &s).len(), 3);
        let split = fix_at(
            Side::Source,
            FixKind::Split,
            text,
            text.find("Smith").unwrap(),
        );
        let join = fix_at(
            Side::Source,
            FixKind::Join,
            text,
            text.find("Then").unwrap(),
        );
        let mut notices = Vec::new();
        let fixes = [split, join];
        let applied = apply_fixes(&fixes, Side::Source, text, &mut s, false, &mut notices);
        assert_eq!(applied, fixes, "{notices:?}");
        assert_eq!(
            texts(text, &s),
            ["He met Dr.", "Smith today.", "It rained. Then he left."]
        );
        // Fixes of the other side are not applied here.
        let mut s = sentences(text);
        assert!(apply_fixes(&fixes, Side::Target, text, &mut s, false, &mut notices).is_empty());
        // A sentence added at the front moves the fixes; their texts find them again.
        let changed = format!("A new start. {text}");
        let mut s = sentences(&changed);
        let applied = apply_fixes(&fixes, Side::Source, &changed, &mut s, true, &mut notices);
        assert_eq!(applied.len(), 2, "{notices:?}");
        assert_eq!(applied[0].offset, split_offset(&changed, "Smith"));
        assert_eq!(texts(&changed, &s)[2], "Smith today.");
        assert!(notices.is_empty(), "{notices:?}");
        // Gone from the text: left out, with a notice.
        let gone = "Nothing of the kind here.\n";
        let mut s = sentences(gone);
        assert!(
            apply_fixes(&fixes[..1], Side::Source, gone, &mut s, true, &mut notices).is_empty()
        );
        assert!(notices[0].contains("no longer matches"), "{notices:?}");
    }

    fn split_offset(text: &str, word: &str) -> usize {
        text[..text.find(word).unwrap()].chars().count()
    }

    #[test]
    fn stale_texts_keep_the_confirmed_beads_whose_sentences_are_unchanged() {
        let src = ["A.", "B.", "C.", "D."];
        let tgt = ["a.", "b.", "c.", "d."];
        let bead = |s: Range<usize>, t: Range<usize>, line| FileBead {
            fingerprint: Some((
                fingerprint(src[s.clone()].iter().copied()),
                fingerprint(tgt[t.clone()].iter().copied()),
            )),
            source: s,
            target: t,
            confirmed: true,
            confidence: None,
            line,
        };
        let beads = vec![
            bead(0..1, 0..1, 4),
            bead(1..2, 1..2, 5),
            bead(3..4, 3..4, 6),
        ];
        let mut notices = Vec::new();
        // Unchanged texts: everything holds where it is.
        let kept = confirmed_beads(&beads, &src, &tgt, (false, false), &mut notices);
        assert_eq!(kept.len(), 3);
        // The source gains a sentence at the front and loses "B.": the first and last beads
        // are found one further on, the second is gone.
        let changed = ["New.", "A.", "C.", "D."];
        let kept = confirmed_beads(&beads, &changed, &tgt, (true, false), &mut notices);
        let found: Vec<_> = kept.iter().map(|k| (k.source.clone(), k.line)).collect();
        assert_eq!(found, vec![(1..2, 4), (3..4, 6)]);
        assert!(
            notices.iter().any(|n| n.starts_with("line 5:")),
            "{notices:?}"
        );
        // A file that says its text is current but whose bead is past the end.
        notices.clear();
        let kept = confirmed_beads(&beads, &src[..2], &tgt, (false, false), &mut notices);
        assert_eq!(kept.len(), 2);
        assert!(notices[0].starts_with("line 6:"), "{notices:?}");
    }

    #[test]
    fn the_header_tells_a_changed_text() {
        let file = sample();
        assert!(!file.is_stale(Side::Source, "نص"));
        assert!(file.is_stale(Side::Target, "text, changed"));
        assert!(!AlignFile::default().is_stale(Side::Source, "anything"));
        // What sha256sum prints for a file holding "text".
        assert_eq!(
            sha256_hex("text"),
            "982d9e3eb996f559e633f4d194def3761d909f5a3b647d1a851fead67c32c9d1"
        );
    }
}
