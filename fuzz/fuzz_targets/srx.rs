//! Fuzzes the SRX reader and the Java-regex translation: arbitrary bytes (read as lossy UTF-8)
//! are parsed as an SRX file and compiled for a language; any segmenter that comes out must
//! segment a fixed text without panicking and keep the segmentation invariants.
#![no_main]

#[path = "common/sentences.rs"]
mod sentences;

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tmforge::LanguageTag;
use tmforge::segment::Segmenter;

/// Languages to compile for: the input length picks one, so that mutations reach each map.
const LANGUAGES: [&str; 3] = ["en", "ar", "fr-CA"];

/// A short text with what rules look at: abbreviations, initials, numbers, quotes, closing
/// brackets, Arabic and CJK terminators, multi-byte characters next to breaks, a blank line.
const TEXT: &str = "Dr. Smith met Mr. J. R. Brown at 3.5 km. \"Why?\" he asked (twice). Done!\n\
هل انتهت عملية إزالة الألغام؟ ليس بعد. قال د. أحمد إن 48 ألف لغم أزيلت…\n\
\n  \u{00A0}Ünïcödé… «quoted.» 終わり。次の文。 Ende?! e.g. this; U.S.A. ok\u{2026}  \n";

fuzz_target!(|data: &[u8]| {
    let srx = String::from_utf8_lossy(data);
    let lang = LanguageTag::parse(LANGUAGES[data.len() % LANGUAGES.len()]).unwrap();
    match Segmenter::from_srx_str(&srx, Path::new("fuzz.srx"), &lang) {
        Ok((segmenter, diagnostics)) => {
            for d in &diagnostics {
                // Only diagnostics about the whole file (rule index 0) may lack a line.
                assert!(d.rule_index == 0 || d.line >= 1, "rule without a line: {d}");
            }
            let sentences = segmenter.segment(TEXT);
            sentences::check(TEXT, &sentences);
        }
        Err(e) => {
            // Errors must say where: the file name comes first.
            assert!(e.to_string().starts_with("fuzz.srx"), "{e}");
        }
    }
});
