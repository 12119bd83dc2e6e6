//! Fuzzes the aligner's inputs and the bead-file reader.
//!
//! The input is split at its first NUL byte into a source and a target side (lossy UTF-8); each
//! non-blank line of a side is a sentence and blank lines separate paragraphs. Whatever the
//! sides, the beads must cover every sentence of both once, in order, with a confidence in
//! [0, 1]. The whole input is also read as a bead file: no panic, errors placed in the text,
//! and what it reads must read back the same once written out again.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tmforge::align::{AlignOptions, BeadRecord, Sentence, align, check_cover, parse_beads};

/// Beads join at most this many sentences on a side: two neighbouring beads of the model's
/// largest types (three a side) merged into one larger shape.
const MAX_BEAD_SIDE: usize = 6;

fn sentences(side: &str) -> Vec<Sentence<'_>> {
    let mut out: Vec<Sentence> = Vec::new();
    let mut paragraph = 0;
    for line in side.split('\n') {
        let text = line.trim();
        if text.is_empty() {
            if out.last().is_some_and(|s| s.paragraph == paragraph) {
                paragraph += 1;
            }
        } else {
            out.push(Sentence { text, paragraph });
        }
    }
    out
}

fn check_alignment(data: &[u8]) {
    let (src_bytes, tgt_bytes) = match data.iter().position(|&b| b == 0) {
        Some(k) => (&data[..k], &data[k + 1..]),
        None => (data, &[][..]),
    };
    let (src_text, tgt_text) = (
        String::from_utf8_lossy(src_bytes),
        String::from_utf8_lossy(tgt_bytes),
    );
    let (src, tgt) = (sentences(&src_text), sentences(&tgt_text));
    let beads = align(&src, &tgt, &AlignOptions::default());
    let (mut i, mut j) = (0, 0);
    for (k, b) in beads.iter().enumerate() {
        assert_eq!(
            b.source.start, i,
            "bead {k} {b:?} does not continue the source"
        );
        assert_eq!(
            b.target.start, j,
            "bead {k} {b:?} does not continue the target"
        );
        assert!(
            b.source.end >= b.source.start && b.target.end >= b.target.start,
            "bead {k} {b:?} is reversed"
        );
        assert!(
            !(b.source.is_empty() && b.target.is_empty()),
            "bead {k} is empty"
        );
        assert!(
            b.source.len() <= MAX_BEAD_SIDE && b.target.len() <= MAX_BEAD_SIDE,
            "bead {k} {b:?} is larger than two merged beads of the model's largest types"
        );
        assert!(
            (0.0..=1.0).contains(&b.confidence),
            "bead {k} {b:?}: confidence outside [0, 1] or NaN"
        );
        (i, j) = (b.source.end, b.target.end);
    }
    assert_eq!(
        (i, j),
        (src.len(), tgt.len()),
        "beads do not cover both sides"
    );
    let records: Vec<BeadRecord> = beads.iter().map(BeadRecord::from).collect();
    assert_eq!(
        check_cover(&records, src.len(), tgt.len()),
        Vec::<String>::new()
    );
}

fn write_record(r: &BeadRecord) -> String {
    let ids = |v: &[usize]| {
        v.iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut line = format!("[{}]:[{}]", ids(&r.source), ids(&r.target));
    if let Some(c) = r.confidence {
        // `{}` writes the shortest text that reads back as the same f64.
        line.push_str(&format!(":{c}"));
    }
    line
}

fn check_bead_reader(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("fuzz.beads");
    match parse_beads(&text, path) {
        Ok(records) => {
            for r in &records {
                assert!(r.confidence.is_none_or(f64::is_finite), "{r:?}");
            }
            let written: String = records.iter().map(|r| write_record(r) + "\n").collect();
            let back = parse_beads(&written, path).expect("written beads must read back");
            assert_eq!(
                back, records,
                "bead records change when written and read back"
            );
        }
        Err(e) => {
            let message = e.to_string();
            let lines = text.split('\n').count();
            let position = message
                .strip_prefix("fuzz.beads:")
                .and_then(|m| m.split(':').next())
                .and_then(|l| l.parse::<usize>().ok());
            assert!(
                position.is_some_and(|l| (1..=lines).contains(&l)),
                "error without a line inside the text: {message}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check_bead_reader(data);
    check_alignment(data);
});
