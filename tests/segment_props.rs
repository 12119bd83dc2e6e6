//! Property tests: segmentation is a lossless partition of any input and never panics.

use std::path::Path;

use proptest::prelude::*;
use tmforge::LanguageTag;
use tmforge::segment::{Segmenter, Sentence};

/// Checks that `sentences` are in order, non-empty, trimmed, on char boundaries, and that the
/// text between them is whitespace only, so that sentences and whitespace give the input back.
fn assert_partition(text: &str, sentences: &[Sentence]) {
    let mut pos = 0;
    let mut paragraph = 0;
    for s in sentences {
        assert!(
            s.start >= pos && s.start < s.end && s.end <= text.len(),
            "{s:?} in {text:?}"
        );
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(
            text[pos..s.start].chars().all(char::is_whitespace),
            "lost text before {s:?}"
        );
        let t = s.text(text);
        assert_eq!(t, t.trim(), "untrimmed sentence {t:?}");
        assert!(!t.contains('\n'), "sentence spans a newline: {t:?}");
        assert!(s.paragraph >= paragraph, "paragraphs go backwards");
        paragraph = s.paragraph;
        pos = s.end;
    }
    assert!(
        text[pos..].chars().all(char::is_whitespace),
        "lost text at the end"
    );
}

/// The segmenters under test, built once (compiling SRX regexes is the slow part).
fn segmenters() -> &'static [Segmenter] {
    static SEGMENTERS: std::sync::OnceLock<Vec<Segmenter>> = std::sync::OnceLock::new();
    SEGMENTERS.get_or_init(build_segmenters)
}

fn build_segmenters() -> Vec<Segmenter> {
    let mut out: Vec<Segmenter> = ["ar", "en", "de", "zh"]
        .iter()
        .map(|l| Segmenter::builtin(&LanguageTag::parse(l).unwrap()))
        .collect();
    let srx = include_str!("data/segment/sample.srx");
    let (srx, _) = Segmenter::from_srx_str(
        srx,
        Path::new("sample.srx"),
        &LanguageTag::parse("en").unwrap(),
    )
    .unwrap();
    out.push(srx);
    out
}

/// Text made of the characters the rules look at, so that rare paths are reached.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        ".",
        "!",
        "?",
        "؟",
        "۔",
        "…",
        "。",
        "！",
        ":",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\"",
        "'",
        "«",
        "»",
        "(",
        ")",
        "[1]",
        "[",
        "]",
        "\u{200F}",
        "\u{202A}",
        "\u{202C}",
        "\u{200E}",
        "د",
        "أ",
        "ق.م",
        "هـ",
        "م",
        "و",
        "الأراضي",
        "Mr",
        "U.S",
        "a.m",
        "I",
        "The",
        "the",
        "1",
        "22",
        "٢",
        "٫",
        "1.",
        "a.",
        "•",
        "⁃",
        "-",
        "www.",
        "@",
        "://",
        "GMT",
        "05:01",
        "é",
        "\u{301}",
        "😀",
        ",",
        "،",
        "\u{00A0}",
        "\r",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    // PROPTEST_CASES raises the count for a longer search.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_text_is_partitioned(text in any::<String>()) {
        for s in segmenters() {
            assert_partition(&text, &s.segment(&text));
        }
    }

    #[test]
    fn tricky_text_is_partitioned(text in tricky_text()) {
        for s in segmenters() {
            assert_partition(&text, &s.segment(&text));
        }
    }
}

#[test]
fn long_line_without_punctuation_is_linear() {
    // 2 MB without a break: must finish quickly (a quadratic scan would take minutes).
    let text = "كلمة ".repeat(200_000);
    let started = std::time::Instant::now();
    let s = Segmenter::builtin(&LanguageTag::parse("ar").unwrap()).segment(&text);
    assert_eq!(s.len(), 1);
    // Also a long line of dots and abbreviations, the scanner's busiest case.
    let dotted = "U.S. a.b.c.d.e ".repeat(50_000);
    let s = Segmenter::builtin(&LanguageTag::parse("en").unwrap()).segment(&dotted);
    assert_partition(&dotted, &s);
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}
