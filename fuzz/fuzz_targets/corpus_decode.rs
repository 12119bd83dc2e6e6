//! Fuzzes corpus decoding: arbitrary bytes are decoded as a corpus file. Decoding must not
//! panic; what it returns must be fit for XML (no forbidden character) with LF line ends only;
//! valid UTF-8 and UTF-16 must be decoded, not refused, and lose nothing but the BOM, the CRs
//! of line ends and the forbidden characters (one notice each); a refusal must point at a byte
//! of the input that is really wrong there.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tmforge::corpus::{decode_text, is_xml_char};
use tmforge::error::{Error, Position};

/// What decoding should give for `text` once it is known to be Unicode: LF line ends, no
/// forbidden character; and how many characters were removed.
fn expected(text: &str) -> (String, usize) {
    let lf = text.replace("\r\n", "\n").replace('\r', "\n");
    let clean: String = lf.chars().filter(|&c| is_xml_char(c)).collect();
    let removed = lf.chars().count() - clean.chars().count();
    (clean, removed)
}

/// The input as Unicode text, if it is valid UTF-8 (BOM or not, no NUL) or UTF-16 with a BOM.
fn unicode(data: &[u8]) -> Option<String> {
    let utf16 = |rest: &[u8], from: fn([u8; 2]) -> u16| -> Option<String> {
        if rest.len() % 2 != 0 {
            return None;
        }
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| from([c[0], c[1]])).collect();
        String::from_utf16(&units).ok()
    };
    if let Some(rest) = data.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .ok()
            .filter(|s| !s.contains('\0'))
            .map(str::to_string);
    }
    if let Some(rest) = data.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = data.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    std::str::from_utf8(data)
        .ok()
        .filter(|s| !s.contains('\0'))
        .map(str::to_string)
}

/// Whether byte `offset` of `data` is where decoding really fails.
fn is_bad_at(data: &[u8], offset: usize) -> bool {
    if offset >= data.len() {
        return false;
    }
    let unit = |from: fn([u8; 2]) -> u16| -> bool {
        if data.len() % 2 != 0 {
            // Odd length: the offset names the dangling last byte.
            return offset == data.len() - 1;
        }
        offset >= 2 && offset % 2 == 0 && {
            let u = from([data[offset], data[offset + 1]]);
            (0xD800..=0xDFFF).contains(&u)
        }
    };
    if data.starts_with(&[0xFF, 0xFE]) {
        return unit(u16::from_le_bytes);
    }
    if data.starts_with(&[0xFE, 0xFF]) {
        return unit(u16::from_be_bytes);
    }
    let start = if data.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    offset >= start
        && (data[offset] == 0
            || (std::str::from_utf8(&data[start..offset]).is_ok()
                && std::str::from_utf8(&data[offset..]).is_err()))
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.txt");
    let decoded = decode_text(path, data.to_vec());
    match (&decoded, unicode(data)) {
        (Ok((text, notices)), want) => {
            assert!(!text.contains('\r'), "CR left in {text:?}");
            assert!(
                text.chars().all(is_xml_char),
                "forbidden character in {text:?}"
            );
            let want = want.expect("decoded bytes that are not valid Unicode text");
            let (clean, removed) = expected(&want);
            assert_eq!(text, &clean, "decoded text differs from the input");
            assert_eq!(notices.len(), removed, "one notice per removed character");
        }
        (Err(e), Some(_)) => panic!("valid Unicode text refused: {e}"),
        (Err(Error::Input { position, .. }), None) => match position {
            Position::Byte(b) => {
                assert!(
                    is_bad_at(data, *b),
                    "error at byte {b}, where nothing is wrong"
                )
            }
            other => panic!("decoding error placed at {other:?}, not at a byte"),
        },
        (Err(e), None) => panic!("decoding error without a position: {e}"),
    }
});
