//! The segmentation stage: splits a text into sentences.
//!
//! Segmentation never changes the text: a [`Sentence`] is a byte range of the input, so the
//! sentences and the whitespace between them give the input back. A newline always ends a
//! sentence, and a blank line starts a new paragraph.
//!
//! Two kinds of rules decide where a line breaks:
//! - the built-in rules ([`Segmenter::builtin`]), hand-written scanners for Arabic, English and a
//!   generic fallback, which look only at candidate break characters and their neighbours, so
//!   they run in linear time at hundreds of megabytes a second;
//! - SRX 2.0 rules loaded from a file ([`Segmenter::from_srx`]), the format CAT tools share, so
//!   users keep the rules they already trust.
//!
//! This module does not clean text (no whitespace folding, no joining of lines broken in the
//! middle of a sentence), and does not guess the language: the caller says which it is.

mod builtin;
pub mod srx;

use std::path::Path;
use std::sync::Arc;

use crate::lang::LanguageTag;

pub use srx::{SrxDiagnostic, SrxRules};

/// A sentence: a byte range of the input, without leading or trailing whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the sentence's first character in the input.
    pub start: usize,
    /// Byte offset just past the sentence's last character.
    pub end: usize,
    /// 0-based index of the paragraph (blank-line separated block) that holds the sentence.
    pub paragraph: usize,
}

impl Sentence {
    /// The sentence's text in `input`.
    pub fn text<'a>(&self, input: &'a str) -> &'a str {
        &input[self.start..self.end]
    }
}

/// A sentence segmenter for one language.
#[derive(Debug, Clone)]
pub struct Segmenter {
    lang: LanguageTag,
    rules: Rules,
}

/// Where the segmenter's break decisions come from.
#[derive(Debug, Clone)]
enum Rules {
    Builtin(&'static builtin::Profile),
    Srx(Arc<srx::CompiledRules>),
}

impl Segmenter {
    /// The built-in rules for `lang`; languages without rules of their own get generic rules
    /// (`.`, `!`, `?` and their full-width and Arabic-script forms, common abbreviations).
    pub fn builtin(lang: &LanguageTag) -> Segmenter {
        Segmenter {
            lang: lang.clone(),
            rules: Rules::Builtin(builtin::Profile::for_language(lang)),
        }
    }

    /// The rules of the SRX file at `path` that apply to `lang`, and what in the file could not
    /// be used (each unusable rule is named, none is dropped silently).
    pub fn from_srx(
        path: &Path,
        lang: &LanguageTag,
    ) -> crate::Result<(Segmenter, Vec<SrxDiagnostic>)> {
        let text =
            std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, "reading", e))?;
        Segmenter::from_srx_str(&text, path, lang)
    }

    /// Like [`Segmenter::from_srx`], for SRX text already in memory; `path` names it in errors.
    pub fn from_srx_str(
        srx_text: &str,
        path: &Path,
        lang: &LanguageTag,
    ) -> crate::Result<(Segmenter, Vec<SrxDiagnostic>)> {
        let rules = SrxRules::parse(srx_text, path)?;
        let (compiled, diagnostics) = rules.compile(lang);
        Ok((
            Segmenter {
                lang: lang.clone(),
                rules: Rules::Srx(Arc::new(compiled)),
            },
            diagnostics,
        ))
    }

    /// The language the segmenter is for.
    pub fn lang(&self) -> &LanguageTag {
        &self.lang
    }

    /// Splits `text` into sentences.
    pub fn segment(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut paragraph = 0;
        let mut line_start = 0;
        let mut breaks = Vec::new();
        for line in text.split_inclusive('\n') {
            let body = line.strip_suffix('\n').unwrap_or(line);
            if body.trim().is_empty() {
                if out
                    .last()
                    .is_some_and(|s: &Sentence| s.paragraph == paragraph)
                {
                    paragraph += 1;
                }
            } else {
                breaks.clear();
                match &self.rules {
                    Rules::Builtin(profile) => builtin::line_breaks(profile, body, &mut breaks),
                    Rules::Srx(rules) => rules.line_breaks(body, &mut breaks),
                }
                let mut start = 0;
                for &b in breaks.iter().chain(std::iter::once(&body.len())) {
                    if b > start && b <= body.len() {
                        push(
                            &mut out,
                            text,
                            line_start + start,
                            line_start + b,
                            paragraph,
                        );
                        start = b;
                    }
                }
            }
            line_start += line.len();
        }
        out
    }
}

/// The largest char boundary of `s` at or below `i`: windows of context are cut in bytes and
/// must not split a character.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Adds `text[start..end]`, trimmed of whitespace, unless nothing is left.
fn push(out: &mut Vec<Sentence>, text: &str, start: usize, end: usize, paragraph: usize) {
    let piece = &text[start..end];
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let lead = piece.len() - piece.trim_start().len();
    out.push(Sentence {
        start: start + lead,
        end: start + lead + trimmed.len(),
        paragraph,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> LanguageTag {
        LanguageTag::parse(s).unwrap()
    }

    #[test]
    fn paragraphs_count_blank_line_blocks() {
        let text = "One. Two.\nThree.\n\n\n  \nFour.\n";
        let s = Segmenter::builtin(&tag("en")).segment(text);
        let got: Vec<_> = s.iter().map(|s| (s.text(text), s.paragraph)).collect();
        assert_eq!(got, [("One.", 0), ("Two.", 0), ("Three.", 0), ("Four.", 1)]);
    }

    #[test]
    fn segmenter_is_shareable_between_threads() {
        fn check<T: Clone + std::fmt::Debug + Send + Sync>() {}
        check::<Segmenter>();
    }
}
