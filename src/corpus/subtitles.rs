//! Subtitles (.srt, SubRip; .vtt, WebVTT) as [`RichText`]: each cue is a paragraph.
//!
//! Kept: the cues' text in file order; a line break inside a cue as a line-break placeholder
//! (the cue's lines are one sentence shown on two lines); `<b>`, `<i>`, `<u>` as paired codes
//! with their tags as native text.
//!
//! Left out: cue numbers and timings, WebVTT's header, `NOTE`, `STYLE` and `REGION` blocks, cue
//! settings, and other tags (`<c.class>`, `<v Speaker>`, `<font>`, timestamps), whose text is kept.

use super::inline::{CodeKind, RichText, TextBuilder};

/// Which subtitle format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Srt,
    Vtt,
}

/// Reads subtitles already decoded to text with LF line ends.
pub fn read(text: &str, flavor: Flavor) -> RichText {
    let mut builder = TextBuilder::new();
    for (n, block) in text.split("\n\n").enumerate() {
        let lines: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
        let Some(timing) = lines.iter().position(|l| l.contains("-->")) else {
            // Not a cue: a WebVTT header, NOTE, STYLE or REGION block, or stray text.
            if flavor == Flavor::Srt && n > 0 && !lines.is_empty() {
                // An SRT cue's text can hold a blank line only by mistake: keep the words.
                cue_text(&mut builder, &lines);
            }
            continue;
        };
        cue_text(&mut builder, &lines[timing + 1..]);
    }
    builder.finish()
}

fn cue_text(builder: &mut TextBuilder, lines: &[&str]) {
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            builder.placeholder(CodeKind::LineBreak, "");
        }
        line_text(builder, line.trim());
    }
    builder.end_paragraph();
}

/// A cue line: text, `<b>`/`<i>`/`<u>` codes, other tags dropped, `&amp;`-style references read.
fn line_text(builder: &mut TextBuilder, line: &str) {
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<')
            && let Some(end) = after.find('>')
        {
            let tag = &after[..end];
            let closing = tag.starts_with('/');
            let name = tag
                .trim_start_matches('/')
                .split(|c: char| c == '.' || c.is_whitespace())
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let kind = match name.as_str() {
                "b" => Some(CodeKind::Bold),
                "i" => Some(CodeKind::Italic),
                "u" => Some(CodeKind::Underline),
                _ => None,
            };
            if let Some(kind) = kind {
                if closing {
                    builder.close_kind(kind);
                } else {
                    builder.open(kind, &format!("<{tag}>"), &format!("</{name}>"));
                }
            }
            rest = &after[end + 1..];
            continue;
        }
        let end = rest[1..].find('<').map_or(rest.len(), |i| i + 1);
        builder.text(&unescape(&rest[..end]));
        rest = &rest[end..];
    }
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lrm;", "\u{200e}")
        .replace("&rlm;", "\u{200f}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_are_paragraphs_and_tags_are_codes() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nHello <i>there</i>,\nfriend.\n\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n";
        let rich = read(srt, Flavor::Srt);
        assert_eq!(rich.text, "Hello there, friend.\n\nBye.");
        assert_eq!(rich.codes[0].kind, CodeKind::Italic);
        assert_eq!(&rich.text[rich.codes[0].start..rich.codes[0].end], "there");
        assert_eq!(rich.codes[1].kind, CodeKind::LineBreak);
        let vtt = "WEBVTT\n\nNOTE a comment\n\n00:01.000 --> 00:02.000 align:start\n<v Anna>Hi &amp; bye</v>\n";
        assert_eq!(read(vtt, Flavor::Vtt).text, "Hi & bye");
    }
}
