//! Markdown (.md, CommonMark with tables and footnotes, as pandoc writes it) as [`RichText`],
//! parsed with `pulldown-cmark`.
//!
//! Kept: paragraphs, headings, list items, table cells and block quotes as paragraphs; inline code
//! and code blocks as text; emphasis, strong emphasis and links as paired codes with their marks
//! as native text (`*`, `**`, `[` and `](URL)`); hard line breaks and footnote references
//! (`[^1]`) as placeholders; footnote definitions as paragraphs after the body.
//!
//! Left out: YAML metadata blocks, raw HTML (blocks and inline tags), images' alternative text,
//! and task-list markers. A soft line break (a line wrapped in the source) is a space.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::inline::{CodeId, CodeKind, RichText, TextBuilder};

/// Reads Markdown text.
pub fn read(text: &str) -> RichText {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut builder = TextBuilder::new();
    let mut open: Vec<CodeId> = Vec::new();
    // Depth inside elements whose text is left out (images, metadata).
    let mut skip = 0usize;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Image { .. } | Tag::MetadataBlock(_) | Tag::HtmlBlock => skip += 1,
                _ if skip > 0 => {}
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => builder.end_paragraph(),
                Tag::FootnoteDefinition(_) => builder.enter_note(),
                Tag::Emphasis => open.push(builder.open(CodeKind::Italic, "*", "*")),
                Tag::Strong => open.push(builder.open(CodeKind::Bold, "**", "**")),
                Tag::Link { dest_url, .. } => {
                    open.push(builder.open(CodeKind::Link, "[", &format!("]({dest_url})")))
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Image | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => {
                    skip = skip.saturating_sub(1)
                }
                _ if skip > 0 => {}
                TagEnd::FootnoteDefinition => builder.leave_note(),
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => {
                    if let Some(id) = open.pop() {
                        builder.close(id);
                    }
                }
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => builder.end_paragraph(),
                _ => {}
            },
            _ if skip > 0 => {}
            Event::Text(t) | Event::Code(t) => builder.text(&t),
            Event::SoftBreak => builder.text(" "),
            Event::HardBreak => builder.placeholder(CodeKind::LineBreak, "\\"),
            Event::FootnoteReference(label) => {
                builder.placeholder(CodeKind::FootnoteRef, &format!("[^{label}]"))
            }
            _ => {}
        }
    }
    builder.finish()
}
