//! Fuzzes the zip and XML readers of word-processor documents and the readers of bilingual files:
//! arbitrary bytes are read as a .docx and as an .odt, (first byte even) the rest as the
//! `content.xml`/`document.xml` of a one-part package, so that mutations reach the XML readers
//! without first breaking the zip, and (first byte 1 mod 4) the rest as an XLIFF and as a PO file.
//! Reading must not panic; an error must name the file; what is read must be a text whose codes
//! lie within it, on character boundaries, in order of their start.
#![no_main]

use std::io::Write;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tmforge::LanguageTag;
use tmforge::corpus::DocumentFormat;
use tmforge::corpus::bilingual::{BilingualFormat, Languages};
use tmforge::corpus::inline::RichText;

fn check(result: tmforge::Result<(RichText, Vec<tmforge::corpus::Notice>)>, name: &str) {
    match result {
        Ok((rich, _)) => {
            let mut last = 0;
            for code in &rich.codes {
                assert!(code.start <= code.end && code.end <= rich.text.len());
                assert!(rich.text.is_char_boundary(code.start));
                assert!(rich.text.is_char_boundary(code.end));
                assert!(code.start >= last);
                last = code.start;
            }
        }
        Err(e) => assert!(e.to_string().starts_with(name), "{e}"),
    }
}

fn one_part(name: &str, xml: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file(name, options).unwrap();
    zip.write_all(xml).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Reads `bytes` as a bilingual file and checks every unit's two texts as `check` does.
fn check_bilingual(format: BilingualFormat, name: &str, bytes: &[u8]) {
    let languages = Languages {
        source: LanguageTag::parse("en").unwrap(),
        target: LanguageTag::parse("fr").unwrap(),
    };
    match format.read(Path::new(name), bytes.to_vec(), &languages) {
        Ok(read) => {
            for unit in read.units {
                assert!(!unit.source.is_blank() && !unit.target.is_blank());
                check(Ok((unit.source, Vec::new())), name);
                check(Ok((unit.target, Vec::new())), name);
            }
        }
        Err(e) => assert!(e.to_string().starts_with(name), "{e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    if let Some((&first, rest)) = data.split_first()
        && first % 4 == 1
    {
        check_bilingual(BilingualFormat::Xliff, "f.fr.xliff", rest);
        check_bilingual(BilingualFormat::Po, "f.fr.po", rest);
        return;
    }
    let (docx, odt) = (Path::new("f.docx"), Path::new("f.odt"));
    if let Some((&first, rest)) = data.split_first()
        && first % 2 == 0
    {
        check(
            DocumentFormat::Docx.read(docx, one_part("word/document.xml", rest)),
            "f.docx",
        );
        check(
            DocumentFormat::Odt.read(odt, one_part("content.xml", rest)),
            "f.odt",
        );
        return;
    }
    check(DocumentFormat::Docx.read(docx, data.to_vec()), "f.docx");
    check(DocumentFormat::Odt.read(odt, data.to_vec()), "f.odt");
});
