//! Word documents (.docx, Office Open XML): the text of `word/document.xml`, with its footnotes
//! and endnotes, as [`RichText`].
//!
//! Kept: paragraphs (headings, list items and table cells are paragraphs in Word too); tracked
//! insertions; the shown result of fields (a date, a page reference); direct bold, italic and
//! underline of runs and hyperlinks as paired codes; line breaks (`w:br`, `w:cr`) and footnote and
//! endnote references as placeholders; the notes themselves as paragraphs after the body, in the
//! order they are referred to.
//!
//! Left out: headers and footers (parts of their own, not read), comments (`comments.xml`, not
//! read), tracked deletions (`w:del`), field instructions (`w:instrText`, what lies between a
//! field's begin and separate marks), hidden text (`w:vanish`: Word neither shows nor prints it),
//! text boxes and drawings (their text sits outside the flow of the paragraph that anchors them),
//! and the fallback copy of alternate content (`mc:Fallback`). Bold or italic that comes only from
//! a paragraph or character style (a heading style) is not a code: only direct formatting is.
//! Elements are matched by the `w:` prefix every Word, LibreOffice and pandoc file uses.

use std::collections::HashMap;
use std::path::Path;

use super::inline::{CodeId, CodeKind, RichText, TextBuilder};
use super::package::{Package, XmlElement, XmlEvent, skip_subtree, xml_events};
use crate::error::{Error, Result};

const DOCUMENT: &str = "word/document.xml";

/// Reads a .docx held in `bytes`.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<RichText> {
    let mut package = Package::new(path, bytes, ".docx")?;
    let Some(xml) = package.part(DOCUMENT)? else {
        let hint = if package.has("content.xml") {
            "it looks like an OpenDocument file: name it .odt"
        } else {
            "the zip is not a Word document; save it from the word processor as .docx"
        };
        return Err(Error::file(path, format!("{DOCUMENT} is missing: {hint}")));
    };
    let events = xml_events(path, DOCUMENT, &xml)?;
    let mut notes = HashMap::new();
    for (part, element) in [
        ("word/footnotes.xml", "w:footnote"),
        ("word/endnotes.xml", "w:endnote"),
    ] {
        if let Some(xml) = package.part(part)? {
            collect_notes(&xml_events(path, part, &xml)?, element, &mut notes);
        }
    }
    let mut walker = Walker {
        builder: TextBuilder::new(),
        notes: &notes,
        state: State::default(),
        in_note: false,
    };
    walker.walk(&events);
    Ok(walker.builder.finish())
}

/// Notes by (element, id): the events of each note's body.
type Notes = HashMap<(String, String), Vec<XmlEvent>>;

fn collect_notes(events: &[XmlEvent], element: &str, notes: &mut Notes) {
    let mut i = 0;
    while i < events.len() {
        if let XmlEvent::Start(e) = &events[i]
            && e.name == element
        {
            let end = skip_subtree(events, i);
            let separator = matches!(
                e.attr("w:type"),
                Some("separator" | "continuationSeparator" | "continuationNotice")
            );
            if let (Some(id), false) = (e.attr("w:id"), separator) {
                let body = events[i + 1..end.saturating_sub(1)].to_vec();
                notes.insert((element.to_string(), id.to_string()), body);
            }
            i = end;
        } else {
            i += 1;
        }
    }
}

/// Direct formatting of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct RunProps {
    bold: bool,
    italic: bool,
    underline: bool,
    hidden: bool,
}

#[derive(Debug, Default)]
struct State {
    props: RunProps,
    links: Vec<CodeId>,
    in_text: bool,
    /// One entry per open complex field: whether its instruction is still being read.
    fields: Vec<bool>,
}

struct Walker<'n> {
    builder: TextBuilder,
    notes: &'n Notes,
    state: State,
    /// A reference inside a note is a placeholder only: a note that refers to itself must not
    /// loop.
    in_note: bool,
}

impl Walker<'_> {
    fn walk(&mut self, events: &[XmlEvent]) {
        let mut i = 0;
        while i < events.len() {
            match &events[i] {
                XmlEvent::Start(e) => match e.name.as_str() {
                    "w:del" | "w:delText" | "w:instrText" | "mc:Fallback" | "w:pPr"
                    | "w:sectPr" | "w:txbxContent" | "w:drawing" | "w:pict" | "w:object"
                    | "w:footnoteRef" | "w:endnoteRef" => {
                        i = skip_subtree(events, i);
                        continue;
                    }
                    "w:rPr" => {
                        let end = skip_subtree(events, i);
                        self.state.props = run_props(&events[i..end]);
                        i = end;
                        continue;
                    }
                    "w:r" => self.state.props = RunProps::default(),
                    "w:t" => self.state.in_text = true,
                    "w:tab" | "w:ptab" => self.text("\t"),
                    "w:noBreakHyphen" => self.text("\u{2011}"),
                    "w:br" | "w:cr" if self.visible() => {
                        if matches!(e.attr("w:type"), Some("page" | "column")) {
                            self.builder.text(" ");
                        } else {
                            self.builder.placeholder(CodeKind::LineBreak, "");
                        }
                    }
                    "w:footnoteReference" | "w:endnoteReference" if self.visible() => {
                        self.note(e);
                    }
                    "w:fldChar" => match e.attr("w:fldCharType") {
                        Some("begin") => self.state.fields.push(true),
                        Some("separate") => {
                            if let Some(f) = self.state.fields.last_mut() {
                                *f = false;
                            }
                        }
                        Some("end") => {
                            self.state.fields.pop();
                        }
                        _ => {}
                    },
                    "w:hyperlink" => {
                        let id = self.builder.open(CodeKind::Link, "", "");
                        self.state.links.push(id);
                    }
                    _ => {}
                },
                XmlEvent::End(name) => match name.as_str() {
                    "w:t" => self.state.in_text = false,
                    "w:p" => {
                        self.close_formatting();
                        self.builder.end_paragraph();
                    }
                    "w:hyperlink" => {
                        self.close_formatting();
                        if let Some(id) = self.state.links.pop() {
                            self.builder.close(id);
                        }
                    }
                    _ => {}
                },
                XmlEvent::Text(t) => {
                    if self.state.in_text {
                        self.text(t);
                    }
                }
            }
            i += 1;
        }
    }

    /// Whether text read now is shown: not hidden, not a field's instruction.
    fn visible(&self) -> bool {
        !self.state.props.hidden && !self.state.fields.iter().any(|&instruction| instruction)
    }

    fn text(&mut self, text: &str) {
        if !self.visible() {
            return;
        }
        self.apply_formatting();
        self.builder.text(text);
    }

    fn apply_formatting(&mut self) {
        let p = self.state.props;
        self.builder.format(&[
            (CodeKind::Bold, p.bold),
            (CodeKind::Italic, p.italic),
            (CodeKind::Underline, p.underline),
        ]);
    }

    fn close_formatting(&mut self) {
        self.builder.format(&[
            (CodeKind::Bold, false),
            (CodeKind::Italic, false),
            (CodeKind::Underline, false),
        ]);
    }

    /// A footnote or endnote reference: a placeholder here, the note's paragraphs after the body.
    fn note(&mut self, reference: &XmlElement) {
        self.builder.placeholder(CodeKind::FootnoteRef, "");
        let element = if reference.name == "w:footnoteReference" {
            "w:footnote"
        } else {
            "w:endnote"
        };
        let Some(id) = reference.attr("w:id").filter(|_| !self.in_note) else {
            return;
        };
        let Some(body) = self.notes.get(&(element.to_string(), id.to_string())) else {
            return;
        };
        let saved = std::mem::take(&mut self.state);
        self.builder.enter_note();
        self.in_note = true;
        self.walk(body);
        self.in_note = false;
        self.close_formatting();
        self.builder.leave_note();
        self.state = saved;
    }
}

fn run_props(events: &[XmlEvent]) -> RunProps {
    let mut props = RunProps::default();
    for e in events {
        let XmlEvent::Start(e) = e else { continue };
        let on = !matches!(e.attr("w:val"), Some("0" | "false" | "off" | "none"));
        match e.name.as_str() {
            "w:b" => props.bold = on,
            "w:i" => props.italic = on,
            "w:u" => props.underline = on,
            "w:vanish" => props.hidden = on,
            _ => {}
        }
    }
    props
}
