//! Fuzzes the web-page and Markdown readers: arbitrary bytes are read as a .html and as a .md
//! file. Reading must not panic; an error (binary or invalid text) must name the file; what is
//! read must be a text without blank paragraphs whose codes lie within it on character
//! boundaries.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tmforge::corpus::DocumentFormat;

fuzz_target!(|data: &[u8]| {
    for (format, name) in [
        (DocumentFormat::Html, "f.html"),
        (DocumentFormat::Markdown, "f.md"),
    ] {
        match format.read(Path::new(name), data.to_vec()) {
            Ok((rich, _)) => {
                assert!(!rich.text.starts_with(' ') && !rich.text.ends_with(' '));
                assert!(!rich.text.contains("\n\n\n"));
                for code in &rich.codes {
                    assert!(code.start <= code.end && code.end <= rich.text.len());
                    assert!(rich.text.is_char_boundary(code.start));
                    assert!(rich.text.is_char_boundary(code.end));
                }
            }
            Err(e) => assert!(e.to_string().starts_with(name), "{e}"),
        }
    }
});
