//! `tmforge validate` on a declaration of 30 numbered articles translated from Arabic into ten
//! languages, whose headings number the articles in digits of three scripts, ordinal words,
//! Hebrew letters and Chinese numerals: the correct memory raises no number alarm, and the same
//! memory with every target moved by one unit is caught.

mod common;

use std::collections::BTreeSet;

use common::{fixture, run, tmforge};

/// The lines of the targets that `validate` reports a `number-mismatch` on.
fn flagged_lines(name: &str) -> BTreeSet<u64> {
    let path = fixture(&format!("tmx/{name}"));
    let (_, text, _) =
        run(tmforge().args(["validate", "--format", "json", path.to_str().unwrap()]));
    text.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["code"] == "number-mismatch")
        .map(|v| v["line"].as_u64().unwrap())
        .collect()
}

/// The lines of the target segments of the units whose Arabic source holds a digit.
fn targets_of_numbered_sources(name: &str) -> BTreeSet<u64> {
    let text = std::fs::read_to_string(fixture(&format!("tmx/{name}"))).unwrap();
    let mut out = BTreeSet::new();
    let mut source_has_digit = false;
    for (n, line) in (1..).zip(text.lines()) {
        if line.contains("xml:lang=\"ar\"") {
            source_has_digit = line.chars().any(|c| c.is_ascii_digit());
        } else if line.contains("<tuv") && source_has_digit {
            out.insert(n);
        }
    }
    out
}

#[test]
fn correct_headings_in_ten_languages_raise_no_number_alarm() {
    let found = flagged_lines("numbers-declaration.tmx");
    assert!(found.is_empty(), "flagged lines: {found:?}");
}

#[test]
fn every_target_moved_by_one_unit_is_caught() {
    let numbered = targets_of_numbered_sources("numbers-declaration-shifted.tmx");
    // 30 headings and 3 of the 4 other units hold digits (the marriage article spells its 18).
    assert_eq!(numbered.len(), 33 * 10);
    let caught = flagged_lines("numbers-declaration-shifted.tmx");
    let share = numbered.intersection(&caught).count() as f64 / numbered.len() as f64;
    // Missed: `المادة 30` beside the closing article, which names articles 29 and 30 itself.
    assert!(share >= 0.97, "{share}");
}
