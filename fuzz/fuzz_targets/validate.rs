//! Fuzzes the TMX validator and the TMX reader with arbitrary bytes: neither may panic, hang or
//! grow without bound, whatever the input.
#![no_main]

use std::io::Cursor;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tmforge::qa::{self, Options};
use tmforge::tmx::TmxReader;

fuzz_target!(|data: &[u8]| {
    let options = Options {
        keep_units: true,
        max_segment_chars: 64,
        ..Options::default()
    };
    let mut units = 0u64;
    if let Ok(summary) = qa::validate(Cursor::new(data.to_vec()), "fuzz.tmx", &options, |c| {
        units += u64::from(c.unit.is_some());
        for f in &c.findings {
            assert!(!f.code.is_empty());
            assert!(f.line.is_some_and(|l| l >= 1));
        }
    }) {
        assert_eq!(summary.units, units);
    }
    if let Ok(mut reader) = TmxReader::new(Cursor::new(data.to_vec()), Path::new("fuzz.tmx")) {
        while let Ok(Some(unit)) = reader.next_unit() {
            for v in &unit.variants {
                let _ = v.segment.text();
            }
        }
    }
});
