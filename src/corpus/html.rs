//! Web pages (.html, .htm) as [`RichText`], parsed as browsers parse them (html5ever, through
//! `scraper`), so that broken markup gives the text a browser shows.
//!
//! Kept: the text of `<body>`; block elements (`p`, `h1`-`h6`, `li`, `td`, `th`, `dt`, `dd`,
//! `blockquote`, `div`, `pre`, `figcaption` ...) as paragraphs; `b`/`strong`, `i`/`em`, `u` and
//! `a href` as paired codes and `br` as a line-break placeholder, each with its tag as native
//! text (`<b>`, `</b>`); footnote references (`role="doc-noteref"` or pandoc's `footnote-ref`
//! class) as footnote placeholders. A footnotes section at the end of the page stays where it is,
//! after the body text.
//!
//! Left out: `<head>` (the `<title>` repeats the headline), `nav`, `script`, `style`, `noscript`,
//! `template`, `svg`, `iframe`, forms' controls, elements with the `hidden` attribute, images'
//! alternative text, comments, and footnote back-links (`role="doc-backlink"`). Whitespace is
//! folded as a browser folds it (`pre` included, for simplicity).
//!
//! The page must be UTF-8 (with or without BOM) or UTF-16 with a BOM, as `.txt` files must; a
//! page with NUL bytes is refused as binary.

use std::path::Path;

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::inline::{CodeId, CodeKind, RichText, TextBuilder};

/// Reads a page already decoded to text.
pub fn read(text: &str) -> RichText {
    let html = Html::parse_document(text);
    let mut builder = TextBuilder::new();
    // The node whose subtree is being skipped, and the codes to close at each element's end.
    let mut skipping: Option<ego_tree::NodeId> = None;
    let mut closes: Vec<(ego_tree::NodeId, CodeId)> = Vec::new();
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => builder.text(t),
                    Node::Element(e) => {
                        let name = e.name();
                        let role = e.attr("role").unwrap_or("");
                        let class = e.attr("class").unwrap_or("");
                        let has_class = |c: &str| class.split_whitespace().any(|x| x == c);
                        if SKIPPED.contains(&name)
                            || e.attr("hidden").is_some()
                            || role == "doc-backlink"
                            || has_class("footnote-back")
                        {
                            skipping = Some(node.id());
                            continue;
                        }
                        if role == "doc-noteref" || has_class("footnote-ref") {
                            builder.placeholder(CodeKind::FootnoteRef, &start_tag(e));
                            skipping = Some(node.id());
                            continue;
                        }
                        if BLOCKS.contains(&name) {
                            builder.end_paragraph();
                        }
                        let kind = match name {
                            "b" | "strong" => Some(CodeKind::Bold),
                            "i" | "em" => Some(CodeKind::Italic),
                            "u" => Some(CodeKind::Underline),
                            "a" if e.attr("href").is_some() => Some(CodeKind::Link),
                            _ => None,
                        };
                        if let Some(kind) = kind {
                            let id = builder.open(kind, &start_tag(e), &format!("</{name}>"));
                            closes.push((node.id(), id));
                        } else if name == "br" {
                            builder.placeholder(CodeKind::LineBreak, "<br>");
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if let Some((id, code)) = closes.last().copied()
                    && id == node.id()
                {
                    closes.pop();
                    builder.close(code);
                }
                if let Node::Element(e) = node.value()
                    && BLOCKS.contains(&e.name())
                {
                    builder.end_paragraph();
                }
            }
        }
    }
    builder.finish()
}

/// Elements whose content is not text of the page.
const SKIPPED: &[&str] = &[
    "head", "nav", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
    "select", "textarea", "button", "img", "video", "audio", "canvas",
];

/// Elements that end the paragraph before and after them.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "caption",
    "blockquote",
    "div",
    "pre",
    "figcaption",
    "address",
    "article",
    "section",
    "aside",
    "header",
    "footer",
    "main",
    "ul",
    "ol",
    "dl",
    "table",
    "tr",
    "figure",
    "hr",
    "body",
    "details",
    "summary",
    "legend",
    "fieldset",
];

/// The element's start tag as native code: `<a href="...">`, `<b>`.
fn start_tag(e: &scraper::node::Element) -> String {
    match e.attr("href") {
        Some(href) if e.name() == "a" => format!("<a href=\"{}\">", href.replace('"', "&quot;")),
        _ => format!("<{}>", e.name()),
    }
}

/// Reads a page file: decoded as `.txt` files are, then parsed.
pub fn read_file(path: &Path, bytes: Vec<u8>) -> crate::Result<RichText> {
    let (text, _) = super::decode_text(path, bytes)?;
    Ok(read(&text))
}
