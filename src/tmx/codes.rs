//! Puts a document's inline codes back into the segments cut from its text, as TMX 1.4b inline
//! elements.
//!
//! The segmenter and the aligner see only the text; a segment is a run of sentences of it, and
//! each code of the document is placed by its offsets:
//! - a code that opens and closes inside the segment becomes `<bpt i="n">` and `<ept i="n">`;
//! - one whose other end lies in another segment (a bold phrase cut by a sentence break) becomes
//!   `<it pos="begin">` or `<it pos="end">`;
//! - line breaks and footnote references become `<ph>`;
//! - a code that covers the whole segment and more on both sides (a bold paragraph of three
//!   sentences, for the middle one) has neither end in the segment and is left out of it.
//!
//! An opening code in the whitespace between two sentences goes with the sentence after it, a
//! closing code or a placeholder with the sentence before it. Codes of the two sides of a pair
//! are matched kind by kind, in order, and share an `x` value.
//!
//! This module does not read documents ([`crate::corpus`] does) and does not decide which
//! sentences form a pair ([`crate::align`] does).

use std::fmt::Write;
use std::ops::Range;

use super::Segment;
use super::writer::{escape_attribute, escape_text};
use crate::corpus::inline::{CodeKind, InlineCode, LoneEnd};
use crate::segment::Sentence;

/// What an element does in the segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Begin(usize),
    End(usize),
    IsolatedBegin,
    IsolatedEnd,
    Placeholder,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Element {
    role: Role,
    kind: CodeKind,
    native: String,
    x: Option<usize>,
    /// The format's own id, shared with the counterpart in the translation.
    id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Code(Element),
}

/// A segment's text with its codes, before the `x` values of a pair are known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodedSegment {
    parts: Vec<Part>,
}

impl CodedSegment {
    /// The text without codes.
    pub fn plain(&self) -> String {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Text(t) => Some(t.as_str()),
                Part::Code(_) => None,
            })
            .collect()
    }

    /// How many inline elements the segment holds.
    pub fn code_count(&self) -> usize {
        self.parts
            .iter()
            .filter(|p| matches!(p, Part::Code(_)))
            .count()
    }

    /// The `<seg>` content.
    pub fn to_segment(&self) -> Segment {
        let mut xml = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => xml.push_str(&escape_text(t)),
                Part::Code(e) => write_element(&mut xml, e),
            }
        }
        Segment::from_xml(xml)
    }

    fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.parts.iter_mut().filter_map(|p| match p {
            Part::Code(e) => Some(e),
            Part::Text(_) => None,
        })
    }
}

fn write_element(xml: &mut String, e: &Element) {
    let x = e.x.map(|x| format!(" x=\"{x}\"")).unwrap_or_default();
    let ty = e
        .kind
        .tmx_type()
        .map(|t| format!(" type=\"{}\"", escape_attribute(t)))
        .unwrap_or_default();
    let native = escape_text(&e.native);
    let _ = match e.role {
        Role::Begin(i) => write!(xml, "<bpt i=\"{i}\"{x}{ty}>{native}</bpt>"),
        Role::End(i) => write!(xml, "<ept i=\"{i}\">{native}</ept>"),
        Role::IsolatedBegin => write!(xml, "<it pos=\"begin\"{x}{ty}>{native}</it>"),
        Role::IsolatedEnd => write!(xml, "<it pos=\"end\"{x}{ty}>{native}</it>"),
        Role::Placeholder => write!(xml, "<ph{x}{ty}>{native}</ph>"),
    };
}

/// The sentence that an opening code at byte `p` belongs to, and its offset in that sentence.
fn open_owner(sentences: &[Sentence], p: usize) -> Option<(usize, usize)> {
    let j = sentences.partition_point(|s| s.end <= p);
    let s = sentences.get(j)?;
    Some((j, p.max(s.start) - s.start))
}

/// The sentence that a closing code or placeholder at byte `p` belongs to, and its offset.
fn close_owner(sentences: &[Sentence], p: usize) -> Option<(usize, usize)> {
    let j = sentences.partition_point(|s| s.start < p).checked_sub(1)?;
    let s = &sentences[j];
    Some((j, p.min(s.end) - s.start))
}

/// Where an element goes: sentence index, offset in it, and the order among elements at one spot
/// (closings first, innermost first; then placeholders; then openings, outermost first).
type Insertion = (usize, usize, (u8, i64), Element);

/// The segment made of sentences `range` of a document (`text`, its `sentences` and `codes`),
/// joined with one space as [`crate::align::join_sentences`] joins them.
pub fn coded_segment(
    text: &str,
    sentences: &[Sentence],
    codes: &[InlineCode],
    range: Range<usize>,
) -> CodedSegment {
    let mut inserts: Vec<Insertion> = Vec::new();
    if let (Some(first), Some(last)) = (
        sentences.get(range.start),
        range.end.checked_sub(1).and_then(|l| sentences.get(l)),
    ) {
        let (lo, hi) = (first.start, last.end);
        let upper = codes.partition_point(|c| c.start <= hi);
        for code in codes[..upper].iter().filter(|c| c.end >= lo) {
            let element = |role| Element {
                role,
                kind: code.kind,
                native: match role {
                    Role::End(_) | Role::IsolatedEnd => code.close.clone(),
                    _ => code.open.clone(),
                },
                x: None,
                id: code.id.clone(),
            };
            let inside = |owner: Option<(usize, usize)>| owner.filter(|(j, _)| range.contains(j));
            match code.lone {
                Some(LoneEnd::Begin) => {
                    if let Some((j, off)) = inside(open_owner(sentences, code.start)) {
                        let key = (2, -(code.end as i64));
                        inserts.push((j, off, key, element(Role::IsolatedBegin)));
                    }
                    continue;
                }
                Some(LoneEnd::End) => {
                    let owner =
                        close_owner(sentences, code.start).or(open_owner(sentences, code.start));
                    if let Some((j, off)) = inside(owner) {
                        inserts.push((
                            j,
                            off,
                            (0, -(code.start as i64)),
                            element(Role::IsolatedEnd),
                        ));
                    }
                    continue;
                }
                None => {}
            }
            if !code.kind.is_paired() {
                if let Some((j, off)) =
                    inside(close_owner(sentences, code.start).or(open_owner(sentences, code.start)))
                {
                    inserts.push((j, off, (1, 0), element(Role::Placeholder)));
                }
                continue;
            }
            let (Some(o), Some(c)) = (
                open_owner(sentences, code.start),
                close_owner(sentences, code.end),
            ) else {
                continue;
            };
            if (o.0, o.1) > (c.0, c.1) {
                // Whitespace only.
                continue;
            }
            let open_key = (2, -(code.end as i64));
            let close_key = (0, -(code.start as i64));
            match (inside(Some(o)), inside(Some(c))) {
                (Some(o), Some(c)) => {
                    inserts.push((o.0, o.1, open_key, element(Role::Begin(0))));
                    inserts.push((c.0, c.1, close_key, element(Role::End(0))));
                }
                (Some(o), None) => inserts.push((o.0, o.1, open_key, element(Role::IsolatedBegin))),
                (None, Some(c)) => inserts.push((c.0, c.1, close_key, element(Role::IsolatedEnd))),
                (None, None) => {}
            }
        }
    }
    // A stable sort keeps each Begin before its End when both sit at one spot of an empty span.
    let mut order: Vec<usize> = (0..inserts.len()).collect();
    order.sort_by_key(|&k| (inserts[k].0, inserts[k].1, inserts[k].2));
    // Number the pairs in the order their beginnings appear.
    let mut pair_of: Vec<Option<usize>> = vec![None; inserts.len()];
    let mut next_i = 1;
    for &k in &order {
        if inserts[k].3.role == Role::Begin(0) {
            pair_of[k] = Some(next_i);
            next_i += 1;
        }
    }
    // Each End follows its Begin in `inserts` (pushed right after it).
    for k in 0..inserts.len() {
        if inserts[k].3.role == Role::Begin(0) {
            let i = pair_of[k].expect("numbered above");
            inserts[k].3.role = Role::Begin(i);
            inserts[k + 1].3.role = Role::End(i);
        }
    }

    let mut segment = CodedSegment::default();
    let mut cursor = order.iter().peekable();
    for j in range.clone() {
        let Some(s) = sentences.get(j) else { break };
        let sentence = &text[s.start..s.end];
        if j > range.start {
            segment.parts.push(Part::Text(" ".to_string()));
        }
        let mut done = 0;
        while let Some(&&k) = cursor.peek() {
            if inserts[k].0 != j {
                break;
            }
            let off = floor_boundary(sentence, inserts[k].1);
            if off > done {
                segment
                    .parts
                    .push(Part::Text(sentence[done..off].to_string()));
                done = off;
            }
            segment.parts.push(Part::Code(inserts[k].3.clone()));
            cursor.next();
        }
        if done < sentence.len() {
            segment.parts.push(Part::Text(sentence[done..].to_string()));
        }
    }
    segment
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// What a code is matched on: its kind and role (none for an `<ept>`, which takes its `<bpt>`'s
/// pairing), and the format's own id.
type Matchable = (Option<(CodeKind, u8)>, Option<String>);

/// Gives the codes of a source segment and its translation that correspond the same `x`. Codes
/// that carry the format's own id (XLIFF) match the code of the same id and role on the other
/// side; the others match by kind and role in order: the n-th code of a kind and role on one side
/// matches the n-th of that kind and role on the other.
pub fn match_codes(source: &mut CodedSegment, target: &mut CodedSegment) {
    let class = |e: &Element| {
        let role = match e.role {
            Role::Begin(_) => 0,
            Role::End(_) => return None,
            Role::IsolatedBegin => 1,
            Role::IsolatedEnd => 2,
            Role::Placeholder => 3,
        };
        Some((e.kind, role))
    };
    let sources: Vec<Matchable> = source
        .elements_mut()
        .map(|e| (class(e), e.id.clone()))
        .collect();
    let targets: Vec<Matchable> = target
        .elements_mut()
        .map(|e| (class(e), e.id.clone()))
        .collect();
    let mut used = vec![false; targets.len()];
    let mut partner: Vec<Option<usize>> = vec![None; sources.len()];
    // By id first: an id names the same code on both sides, whatever its kind says.
    for (s, (c, id)) in sources.iter().enumerate() {
        let (Some((_, role)), Some(id)) = (c, id) else {
            continue;
        };
        if let Some(t) = (0..targets.len()).find(|&t| {
            !used[t]
                && targets[t].1.as_deref() == Some(id.as_str())
                && targets[t].0.map(|(_, r)| r) == Some(*role)
        }) {
            used[t] = true;
            partner[s] = Some(t);
        }
    }
    // Then by kind and role, in order.
    for (s, (c, _)) in sources.iter().enumerate() {
        if partner[s].is_some() || c.is_none() {
            continue;
        }
        if let Some(t) = (0..targets.len()).find(|&t| !used[t] && targets[t].0 == *c) {
            used[t] = true;
            partner[s] = Some(t);
        }
    }
    let mut target_x: Vec<Option<usize>> = vec![None; targets.len()];
    let mut next_x = 1;
    for (e, p) in source.elements_mut().zip(&partner) {
        if let Some(t) = *p {
            e.x = Some(next_x);
            target_x[t] = Some(next_x);
            next_x += 1;
        }
    }
    for (e, x) in target.elements_mut().zip(target_x) {
        e.x = x;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::inline::{CodeKind, TextBuilder};
    use crate::lang::LanguageTag;
    use crate::segment::Segmenter;

    fn segments(rich: &crate::corpus::inline::RichText) -> Vec<String> {
        let sentences = Segmenter::builtin(&LanguageTag::parse("en").unwrap()).segment(&rich.text);
        (0..sentences.len())
            .map(|j| {
                coded_segment(&rich.text, &sentences, &rich.codes, j..j + 1)
                    .to_segment()
                    .xml()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn a_pair_split_by_a_sentence_break_becomes_isolated_codes() {
        let mut b = TextBuilder::new();
        b.text("It rained. ");
        let bold = b.open(CodeKind::Bold, "<b>", "</b>");
        b.text("Then it snowed. Then");
        b.close(bold);
        b.text(" it stopped.");
        b.placeholder(CodeKind::FootnoteRef, "[1]");
        let segs = segments(&b.finish());
        assert_eq!(
            segs,
            [
                "It rained.",
                "<it pos=\"begin\" type=\"bold\">&lt;b&gt;</it>Then it snowed.",
                "Then<it pos=\"end\" type=\"bold\">&lt;/b&gt;</it> it stopped.<ph type=\"fnote\">[1]</ph>",
            ]
        );
    }

    #[test]
    fn codes_pair_within_a_segment_and_match_across_languages() {
        let mut b = TextBuilder::new();
        let link = b.open(CodeKind::Link, "", "");
        b.text("A ");
        let bold = b.open(CodeKind::Bold, "", "");
        b.text("bold");
        b.close(bold);
        b.close(link);
        b.text(" word.");
        let rich = b.finish();
        let sentences = Segmenter::builtin(&LanguageTag::parse("en").unwrap()).segment(&rich.text);
        let mut source = coded_segment(&rich.text, &sentences, &rich.codes, 0..1);
        let mut b = TextBuilder::new();
        b.text("Un mot ");
        let bold = b.open(CodeKind::Bold, "", "");
        b.text("gras");
        b.close(bold);
        b.text(".");
        let rich = b.finish();
        let sentences = Segmenter::builtin(&LanguageTag::parse("fr").unwrap()).segment(&rich.text);
        let mut target = coded_segment(&rich.text, &sentences, &rich.codes, 0..1);
        match_codes(&mut source, &mut target);
        assert_eq!(
            source.to_segment().xml(),
            "<bpt i=\"1\" type=\"link\"></bpt>A <bpt i=\"2\" x=\"1\" type=\"bold\"></bpt>bold\
             <ept i=\"2\"></ept><ept i=\"1\"></ept> word."
        );
        assert_eq!(
            target.to_segment().xml(),
            "Un mot <bpt i=\"1\" x=\"1\" type=\"bold\"></bpt>gras<ept i=\"1\"></ept>."
        );
        assert_eq!(source.plain(), "A bold word.");
    }
}
