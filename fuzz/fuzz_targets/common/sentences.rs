//! Invariants every segmentation must keep, whatever rules produced it.

use tmforge::segment::Sentence;

/// Asserts that `sentences` partition `text` losslessly: in order, non-overlapping, within
/// bounds, on char boundaries, trimmed, non-empty, without a newline inside, with only
/// whitespace between them, and with paragraph numbers that grow by one exactly across a
/// blank line.
pub fn check(text: &str, sentences: &[Sentence]) {
    let mut previous_end = 0;
    let mut previous_paragraph: Option<usize> = None;
    for (k, s) in sentences.iter().enumerate() {
        assert!(
            s.start < s.end && s.end <= text.len(),
            "sentence {k} {s:?} is empty or out of bounds (text has {} bytes)",
            text.len()
        );
        assert!(
            s.start >= previous_end,
            "sentence {k} {s:?} starts before the previous one ends ({previous_end})"
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "sentence {k} {s:?} is not on char boundaries"
        );
        let body = s.text(text);
        assert_eq!(body, body.trim(), "sentence {k} {s:?} is not trimmed");
        assert!(!body.contains('\n'), "sentence {k} {s:?} spans a newline");
        let gap = &text[previous_end..s.start];
        assert!(
            gap.chars().all(char::is_whitespace),
            "non-whitespace {gap:?} between sentences {} and {k} is lost",
            k.wrapping_sub(1)
        );
        let expected = match previous_paragraph {
            None => 0,
            // Two newlines in a whitespace gap enclose a blank line.
            Some(p) => p + usize::from(gap.matches('\n').count() >= 2),
        };
        assert_eq!(
            s.paragraph, expected,
            "sentence {k} {s:?}: wrong paragraph after gap {gap:?}"
        );
        previous_end = s.end;
        previous_paragraph = Some(s.paragraph);
    }
    let tail = &text[previous_end..];
    assert!(
        tail.chars().all(char::is_whitespace),
        "non-whitespace {tail:?} after the last sentence is lost"
    );
}
