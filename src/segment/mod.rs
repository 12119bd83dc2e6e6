//! The segmentation stage: splits a text into sentences.
//!
//! Segmentation never changes the text: a [`Sentence`] is a byte range of the input, so the
//! sentences and the whitespace between them give the input back. A newline always ends a
//! sentence.

use crate::lang::LanguageTag;

/// A sentence: a byte range of the input, without leading or trailing whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
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
}

impl Segmenter {
    /// The built-in rules for `lang`.
    pub fn builtin(lang: &LanguageTag) -> Segmenter {
        Segmenter { lang: lang.clone() }
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
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            if body.trim().is_empty() {
                if out
                    .last()
                    .is_some_and(|s: &Sentence| s.paragraph == paragraph)
                {
                    paragraph += 1;
                }
            } else {
                let mut start = 0;
                let chars: Vec<(usize, char)> = body.char_indices().collect();
                for (k, &(i, c)) in chars.iter().enumerate() {
                    let next_space = chars.get(k + 1).is_none_or(|(_, n)| n.is_whitespace());
                    if matches!(c, '.' | '!' | '?' | '؟') && next_space && k + 1 < chars.len() {
                        push(
                            &mut out,
                            text,
                            line_start + start,
                            line_start + i + c.len_utf8(),
                            paragraph,
                        );
                        start = i + c.len_utf8();
                    }
                }
                push(
                    &mut out,
                    text,
                    line_start + start,
                    line_start + body.len(),
                    paragraph,
                );
            }
            line_start += line.len();
        }
        out
    }
}

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
