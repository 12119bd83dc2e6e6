//! OpenDocument text (.odt): the text of `content.xml` as [`RichText`].
//!
//! Kept: paragraphs and headings (list items and table cells hold paragraphs); tracked insertions
//! (they are ordinary text in ODF, between change marks); the shown value of fields; bold, italic
//! and underline from the automatic styles of spans and paragraphs (what LibreOffice writes for
//! direct formatting) and links as paired codes; line breaks and note citations as placeholders;
//! footnotes and endnotes as paragraphs after the body, in the order they are cited.
//!
//! Left out: headers and footers (`styles.xml`, not read), comments (`office:annotation`),
//! tracked deletions (`text:tracked-changes` holds them), hidden text and paragraphs
//! (`text:hidden-text`, `text:hidden-paragraph`, `text:display="none"`), frames and text boxes
//! (`draw:frame`), generated indexes (a table of contents repeats the headings). Formatting from
//! named styles (a heading style's bold) is not a code: only direct formatting is.

use std::collections::HashMap;
use std::path::Path;

use super::inline::{CodeId, CodeKind, RichText, TextBuilder};
use super::package::{Package, XmlElement, XmlEvent, skip_subtree, xml_events};
use crate::error::{Error, Result};

const CONTENT: &str = "content.xml";

/// Reads an .odt held in `bytes`.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<RichText> {
    let mut package = Package::new(path, bytes, ".odt")?;
    if let Some(manifest) = package.part("META-INF/manifest.xml")?
        && manifest.contains("encryption-data")
    {
        return Err(Error::file(
            path,
            "the document is password-protected (encrypted); open it, remove the password \
             and save it again",
        ));
    }
    let Some(xml) = package.part(CONTENT)? else {
        let hint = if package.has("word/document.xml") {
            "it looks like a Word document: name it .docx"
        } else {
            "the zip is not an OpenDocument text; save it from the word processor as .odt"
        };
        return Err(Error::file(path, format!("{CONTENT} is missing: {hint}")));
    };
    Ok(read_events(&xml_events(path, CONTENT, &xml)?))
}

/// Reads the events of `content.xml` (or of a flat `.fodt`, which holds the same elements).
pub fn read_events(events: &[XmlEvent]) -> RichText {
    let mut walker = Walker {
        builder: TextBuilder::new(),
        styles: styles(events),
        spans: Vec::new(),
        links: Vec::new(),
        paragraph_depth: 0,
    };
    walker.walk(events);
    walker.builder.finish()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Props {
    bold: bool,
    italic: bool,
    underline: bool,
    hidden: bool,
}

impl Props {
    fn or(self, other: Props) -> Props {
        Props {
            bold: self.bold || other.bold,
            italic: self.italic || other.italic,
            underline: self.underline || other.underline,
            hidden: self.hidden || other.hidden,
        }
    }
}

/// The text properties of each automatic style, by name.
fn styles(events: &[XmlEvent]) -> HashMap<String, Props> {
    let mut out = HashMap::new();
    let mut current: Option<String> = None;
    for e in events {
        match e {
            XmlEvent::Start(e) if e.name == "style:style" => {
                current = e.attr("style:name").map(str::to_string);
            }
            XmlEvent::Start(e) if e.name == "style:text-properties" => {
                if let Some(name) = &current {
                    let weight = e.attr("fo:font-weight").unwrap_or("normal");
                    let props = Props {
                        bold: weight == "bold" || weight.parse::<u32>().is_ok_and(|w| w >= 600),
                        italic: matches!(e.attr("fo:font-style"), Some("italic" | "oblique")),
                        underline: e
                            .attr("style:text-underline-style")
                            .is_some_and(|u| u != "none"),
                        hidden: e.attr("text:display") == Some("none"),
                    };
                    out.insert(name.clone(), props);
                }
            }
            XmlEvent::End(name) if name == "style:style" => current = None,
            _ => {}
        }
    }
    out
}

struct Walker {
    builder: TextBuilder,
    styles: HashMap<String, Props>,
    /// Properties of the open paragraph and spans, innermost last.
    spans: Vec<Props>,
    links: Vec<CodeId>,
    paragraph_depth: usize,
}

impl Walker {
    fn props(&self, e: &XmlElement) -> Props {
        e.attr("text:style-name")
            .and_then(|n| self.styles.get(n))
            .copied()
            .unwrap_or_default()
    }

    fn effective(&self) -> Props {
        self.spans
            .iter()
            .fold(Props::default(), |acc, p| acc.or(*p))
    }

    fn walk(&mut self, events: &[XmlEvent]) {
        let mut i = 0;
        while i < events.len() {
            match &events[i] {
                XmlEvent::Start(e) => match e.name.as_str() {
                    "office:meta"
                    | "office:settings"
                    | "office:scripts"
                    | "office:font-face-decls"
                    | "office:styles"
                    | "office:automatic-styles"
                    | "office:master-styles"
                    | "text:tracked-changes"
                    | "office:annotation"
                    | "text:note-citation"
                    | "text:hidden-text"
                    | "text:hidden-paragraph"
                    | "draw:frame"
                    | "text:sequence-decls"
                    | "text:variable-decls"
                    | "text:table-of-content"
                    | "text:alphabetical-index"
                    | "text:illustration-index"
                    | "text:bibliography"
                    | "office:forms" => {
                        i = skip_subtree(events, i);
                        continue;
                    }
                    "text:p" | "text:h" => {
                        if self.paragraph_depth > 0 {
                            // A paragraph inside a paragraph (a caption) ends the outer one.
                            self.builder.end_paragraph();
                        }
                        self.paragraph_depth += 1;
                        let props = self.props(e);
                        self.spans.push(props);
                    }
                    "text:span" => {
                        let props = self.props(e);
                        self.spans.push(props);
                    }
                    "text:a" => {
                        let id = self.builder.open(CodeKind::Link, "", "");
                        self.links.push(id);
                    }
                    "text:line-break" if !self.effective().hidden => {
                        self.builder.placeholder(CodeKind::LineBreak, "");
                    }
                    "text:tab" | "text:s" => self.text(" "),
                    "text:note" => {
                        if !self.effective().hidden {
                            self.builder.placeholder(CodeKind::FootnoteRef, "");
                        }
                        let end = skip_subtree(events, i);
                        let body = &events[i + 1..end.saturating_sub(1)];
                        let spans = std::mem::take(&mut self.spans);
                        let links = std::mem::take(&mut self.links);
                        let depth = std::mem::replace(&mut self.paragraph_depth, 0);
                        self.builder.enter_note();
                        self.walk(body);
                        self.builder.leave_note();
                        self.spans = spans;
                        self.links = links;
                        self.paragraph_depth = depth;
                        i = end;
                        continue;
                    }
                    _ => {}
                },
                XmlEvent::End(name) => match name.as_str() {
                    "text:p" | "text:h" => {
                        self.spans.pop();
                        self.paragraph_depth = self.paragraph_depth.saturating_sub(1);
                        self.builder.end_paragraph();
                    }
                    "text:span" => {
                        self.spans.pop();
                    }
                    "text:a" => {
                        self.builder.format(&[
                            (CodeKind::Bold, false),
                            (CodeKind::Italic, false),
                            (CodeKind::Underline, false),
                        ]);
                        if let Some(id) = self.links.pop() {
                            self.builder.close(id);
                        }
                    }
                    _ => {}
                },
                XmlEvent::Text(t) => {
                    if self.paragraph_depth > 0 {
                        self.text(t);
                    }
                }
            }
            i += 1;
        }
    }

    fn text(&mut self, text: &str) {
        let p = self.effective();
        if p.hidden {
            return;
        }
        self.builder.format(&[
            (CodeKind::Bold, p.bold),
            (CodeKind::Italic, p.italic),
            (CodeKind::Underline, p.underline),
        ]);
        self.builder.text(text);
    }
}
