//! The one model every document reader produces: plain text in paragraphs, and the inline codes
//! (bold, italic, underline, links, line breaks, footnote references) as byte ranges of that text.
//!
//! Keeping the codes beside the text rather than inside it lets the segmenter and the aligner work
//! on exactly the text a `.txt` file with the same words would give, so every format yields the
//! same pairs; the TMX stage ([`crate::tmx::codes`]) puts the codes back into each segment by
//! offset, as Okapi's SRX segmenter does.
//!
//! This module does not parse any format; the readers beside it drive a [`TextBuilder`].

/// What an inline code stands for. The names are TMX 1.4b's recommended `type` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CodeKind {
    Bold,
    Italic,
    Underline,
    Link,
    LineBreak,
    FootnoteRef,
    Image,
    /// A paired code whose meaning the format does not say (an XLIFF `<g>` or `<pc>` without a
    /// known type): kept as a code, written without a `type`.
    Code,
    /// A standalone code whose meaning the format does not say (an XLIFF `<x/>` or `<ph/>`).
    Standalone,
}

impl CodeKind {
    /// The TMX `type` attribute (`ulined` and `fnote` are TMX 1.4b's own words), or none for a
    /// code whose meaning is not known.
    pub fn tmx_type(self) -> Option<&'static str> {
        Some(match self {
            CodeKind::Bold => "bold",
            CodeKind::Italic => "italic",
            CodeKind::Underline => "ulined",
            CodeKind::Link => "link",
            CodeKind::LineBreak => "lb",
            CodeKind::FootnoteRef => "fnote",
            CodeKind::Image => "image",
            CodeKind::Code | CodeKind::Standalone => return None,
        })
    }

    /// Whether the code wraps text (`<bpt>`/`<ept>`) rather than standing alone (`<ph>`).
    pub fn is_paired(self) -> bool {
        !matches!(
            self,
            CodeKind::LineBreak | CodeKind::FootnoteRef | CodeKind::Image | CodeKind::Standalone
        )
    }
}

/// The one end of a paired code whose other end is not in the text (an XLIFF `<bx/>` whose
/// `<ex/>` is in another unit, an `<it>`): written as TMX `<it pos="begin|end">`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoneEnd {
    Begin,
    End,
}

/// One code: a paired code covers `start..end` of the text; a placeholder has `start == end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineCode {
    pub kind: CodeKind,
    pub start: usize,
    pub end: usize,
    /// The format's own markup for the opening (or the placeholder), e.g. `<b>` or `**`; empty
    /// for formats whose markup is not text a translator could type (docx, odt).
    pub open: String,
    /// The format's own markup for the closing, e.g. `</b>`.
    pub close: String,
    /// The format's own id of the code, which its counterpart in the translation shares (XLIFF
    /// `id`); `None` where codes are matched by kind and order.
    pub id: Option<String>,
    /// Set for one end of a code whose other end lies outside the text (`start == end`).
    pub lone: Option<LoneEnd>,
}

/// A document's text and its codes, as a reader hands it over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RichText {
    /// Paragraphs separated by a blank line, one line each, as a `.txt` corpus file holds them.
    pub text: String,
    /// Sorted by start.
    pub codes: Vec<InlineCode>,
}

impl RichText {
    /// Whether `self.text` holds any word at all.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// A paired code still open, and where it began in the current paragraph.
#[derive(Debug, Clone)]
struct Open {
    id: usize,
    kind: CodeKind,
    start: usize,
    open: String,
    close: String,
    code_id: Option<String>,
}

#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    codes: Vec<InlineCode>,
    /// Whitespace seen but not yet written: written as one space before the next character.
    pending_space: bool,
}

/// Builds a [`RichText`] from a reader's events: text, codes opened and closed, paragraph ends,
/// and footnote bodies, which are collected and put after the body of the document.
///
/// Whitespace is folded as a browser folds it (a run of spaces, tabs and line ends is one space,
/// none at a paragraph's edges), so that a word-processor file, a web page and a wrapped Markdown
/// file give the one line a `.txt` paragraph has. A code still open at a paragraph's end is
/// closed there and opened again in the next paragraph.
#[derive(Debug, Default)]
pub struct TextBuilder {
    paragraphs: Vec<Paragraph>,
    notes: Vec<Paragraph>,
    current: Paragraph,
    open: Vec<Open>,
    next_id: usize,
    /// The codes [`TextBuilder::format`] opened and has not closed.
    formatting: Vec<(CodeKind, CodeId)>,
    /// Paragraphs, open codes and formatting of the text a footnote body interrupted.
    saved: Vec<Interrupted>,
    /// See [`TextBuilder::with_spaced_codes`].
    spaced_codes: bool,
}

/// The state of the text a footnote body interrupted: its paragraph, open codes and formatting.
type Interrupted = (Paragraph, Vec<Open>, Vec<(CodeKind, CodeId)>);

/// What [`TextBuilder::open`] returns, to close the same code again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeId(usize);

impl TextBuilder {
    pub fn new() -> TextBuilder {
        TextBuilder::default()
    }

    /// A builder whose placeholders keep the whitespace on both their sides: `page {1} of`
    /// stays that, where folding would leave one space and the code on one side of it. For
    /// bilingual files, whose text is matched against no `.txt` and whose placeholders
    /// (variables such as `{1}`) are words of the sentence.
    pub fn with_spaced_codes() -> TextBuilder {
        TextBuilder {
            spaced_codes: true,
            ..TextBuilder::default()
        }
    }

    /// Adds text; whitespace is folded.
    pub fn text(&mut self, text: &str) {
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                self.current.pending_space = true;
            } else {
                self.flush_space();
                self.current.text.push(c);
            }
        }
    }

    /// Whether the current paragraph holds no text yet.
    pub fn paragraph_is_empty(&self) -> bool {
        self.current.text.is_empty()
    }

    fn flush_space(&mut self) {
        if self.current.pending_space {
            if !self.current.text.is_empty() {
                self.current.text.push(' ');
            }
            self.current.pending_space = false;
        }
    }

    /// Opens a paired code at the next character.
    pub fn open(&mut self, kind: CodeKind, open: &str, close: &str) -> CodeId {
        self.open_code(kind, open, close, None)
    }

    /// Opens a paired code that carries the format's own id (see [`InlineCode::id`]).
    pub fn open_code(
        &mut self,
        kind: CodeKind,
        open: &str,
        close: &str,
        code_id: Option<&str>,
    ) -> CodeId {
        self.flush_space();
        let id = self.next_id;
        self.next_id += 1;
        self.open.push(Open {
            id,
            kind,
            start: self.current.text.len(),
            open: open.to_string(),
            close: close.to_string(),
            code_id: code_id.map(str::to_string),
        });
        CodeId(id)
    }

    /// Sets the closing markup of a code still open, for formats that give it only where the
    /// code closes (XLIFF 1.2's `<ept>`).
    pub fn set_close(&mut self, id: CodeId, close: &str) {
        if let Some(open) = self.open.iter_mut().rfind(|o| o.id == id.0) {
            open.close = close.to_string();
        }
    }

    /// Closes a code opened by [`TextBuilder::open`]; closing one already closed does nothing.
    pub fn close(&mut self, id: CodeId) {
        if let Some(i) = self.open.iter().rposition(|o| o.id == id.0) {
            let open = self.open.remove(i);
            self.finish_code(open);
        }
    }

    /// Closes the innermost open code of `kind`, if any (for formats that close by name).
    pub fn close_kind(&mut self, kind: CodeKind) {
        if let Some(i) = self.open.iter().rposition(|o| o.kind == kind) {
            let open = self.open.remove(i);
            self.finish_code(open);
        }
    }

    fn finish_code(&mut self, open: Open) {
        let end = self.current.text.len();
        if end > open.start {
            self.current.codes.push(InlineCode {
                kind: open.kind,
                start: open.start,
                end,
                open: open.open,
                close: open.close,
                id: open.code_id,
                lone: None,
            });
        }
    }

    /// Sets the direct formatting in effect for the text that follows (formats that say what
    /// each run looks like, such as docx and odt, rather than where a code opens and closes):
    /// runs with the same formatting share one code.
    pub fn format(&mut self, wanted: &[(CodeKind, bool)]) {
        for &(kind, on) in wanted {
            let open = self.formatting.iter().position(|(k, _)| *k == kind);
            match (open, on) {
                (Some(at), false) => {
                    let (_, id) = self.formatting.remove(at);
                    self.close(id);
                }
                (None, true) => {
                    let id = self.open(kind, "", "");
                    self.formatting.push((kind, id));
                }
                _ => {}
            }
        }
    }

    /// A placeholder at the current position. A line break also separates words.
    pub fn placeholder(&mut self, kind: CodeKind, native: &str) {
        self.placeholder_code(kind, native, None);
    }

    /// A placeholder that carries the format's own id (see [`InlineCode::id`]).
    pub fn placeholder_code(&mut self, kind: CodeKind, native: &str, code_id: Option<&str>) {
        let at = self.current.text.len();
        let code = InlineCode {
            kind,
            start: at,
            end: at,
            open: native.to_string(),
            close: String::new(),
            id: code_id.map(str::to_string),
            lone: None,
        };
        if kind == CodeKind::LineBreak {
            self.current.codes.push(code);
            self.current.pending_space = true;
        } else if self.spaced_codes && self.current.pending_space {
            self.flush_space();
            self.current.codes.push(InlineCode {
                start: self.current.text.len(),
                end: self.current.text.len(),
                ..code
            });
        } else {
            self.current.codes.push(code);
        }
    }

    /// One end of a paired code whose other end is not in this text, at the current position:
    /// a beginning goes with the text after it, an end with the text before it.
    pub fn lone(&mut self, kind: CodeKind, end: LoneEnd, native: &str, code_id: Option<&str>) {
        if end == LoneEnd::Begin {
            self.flush_space();
        }
        let at = self.current.text.len();
        let (open, close) = match end {
            LoneEnd::Begin => (native.to_string(), String::new()),
            LoneEnd::End => (String::new(), native.to_string()),
        };
        self.current.codes.push(InlineCode {
            kind,
            start: at,
            end: at,
            open,
            close,
            id: code_id.map(str::to_string),
            lone: Some(end),
        });
    }

    /// Ends the current paragraph (an empty one is dropped).
    pub fn end_paragraph(&mut self) {
        for (_, id) in std::mem::take(&mut self.formatting).into_iter().rev() {
            self.close(id);
        }
        let open = std::mem::take(&mut self.open);
        for o in &open {
            self.finish_code(o.clone());
        }
        let mut finished = std::mem::take(&mut self.current);
        finished.pending_space = false;
        // A space flushed for a code that then held no text (`word <a> </a></p>`) would end the
        // paragraph; a `.txt` line with the same words has none. Codes past the end are clamped
        // by `finish`.
        let kept = finished.text.trim_end_matches(' ').len();
        finished.text.truncate(kept);
        if !finished.text.is_empty() {
            if self.saved.is_empty() {
                self.paragraphs.push(finished);
            } else {
                self.notes.push(finished);
            }
        }
        self.open = open.into_iter().map(|o| Open { start: 0, ..o }).collect();
    }

    /// Starts a footnote or endnote body: its paragraphs go after the document's body, and the
    /// text it interrupted continues after [`TextBuilder::leave_note`].
    pub fn enter_note(&mut self) {
        let current = std::mem::take(&mut self.current);
        let open = std::mem::take(&mut self.open);
        let formatting = std::mem::take(&mut self.formatting);
        self.saved.push((current, open, formatting));
    }

    /// Ends a footnote body started by [`TextBuilder::enter_note`].
    pub fn leave_note(&mut self) {
        self.end_paragraph();
        self.open.clear();
        if let Some((current, open, formatting)) = self.saved.pop() {
            self.current = current;
            self.open = open;
            self.formatting = formatting;
        }
    }

    /// Adds a paragraph to the notes that follow the body (for formats that keep footnotes in
    /// a part of their own, such as docx's `footnotes.xml`): call between `enter_note` and
    /// `leave_note`, or build a second builder and [`TextBuilder::append_notes`] it.
    pub fn append_notes(&mut self, other: TextBuilder) {
        let mut other = other;
        other.end_paragraph();
        self.notes.extend(other.paragraphs);
        self.notes.extend(other.notes);
    }

    /// The text, paragraphs separated by a blank line, footnotes last.
    pub fn finish(mut self) -> RichText {
        while !self.saved.is_empty() {
            self.leave_note();
        }
        self.end_paragraph();
        let mut out = RichText::default();
        for p in self.paragraphs.into_iter().chain(self.notes) {
            if !out.text.is_empty() {
                out.text.push_str("\n\n");
            }
            let base = out.text.len();
            out.text.push_str(&p.text);
            let len = p.text.len();
            out.codes.extend(p.codes.into_iter().map(|c| InlineCode {
                start: base + c.start.min(len),
                end: base + c.end.min(len),
                ..c
            }));
        }
        out.codes
            .sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_never_ends_in_a_space() {
        // The space before the link is flushed when the link opens; the link holds no text.
        let mut b = TextBuilder::new();
        b.text("Landmines remain ");
        let link = b.open(CodeKind::Link, "<a href=\"x\">", "</a>");
        b.text("  ");
        b.close(link);
        b.end_paragraph();
        b.text("Next.");
        let rich = b.finish();
        assert_eq!(rich.text, "Landmines remain\n\nNext.");
        assert!(rich.codes.iter().all(|c| c.end <= rich.text.len()));
    }

    #[test]
    fn whitespace_folds_and_codes_keep_their_words() {
        let mut b = TextBuilder::new();
        b.text("  Press ");
        let bold = b.open(CodeKind::Bold, "<b>", "</b>");
        b.text("Save");
        b.close(bold);
        b.text(" \n now.");
        b.placeholder(CodeKind::FootnoteRef, "");
        b.end_paragraph();
        b.enter_note();
        b.text("A note.");
        b.leave_note();
        b.text("Next\tparagraph.");
        let rich = b.finish();
        assert_eq!(rich.text, "Press Save now.\n\nNext paragraph.\n\nA note.");
        assert_eq!(&rich.text[rich.codes[0].start..rich.codes[0].end], "Save");
        assert_eq!(rich.codes[1].start, "Press Save now.".len());
    }

    #[test]
    fn a_code_open_across_paragraphs_is_closed_and_reopened() {
        let mut b = TextBuilder::new();
        let i = b.open(CodeKind::Italic, "", "");
        b.text("One.");
        b.end_paragraph();
        b.text("Two.");
        b.close(i);
        let rich = b.finish();
        let spans: Vec<&str> = rich
            .codes
            .iter()
            .map(|c| &rich.text[c.start..c.end])
            .collect();
        assert_eq!(spans, ["One.", "Two."]);
    }
}
