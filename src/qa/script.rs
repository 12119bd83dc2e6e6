//! Whether a segment is written in its language's script: letters mostly of another script (a
//! Russian sentence under `ar`, a Latin jumble under `zh-CN`) and mojibake (UTF-8 decoded as
//! Latin-1 or CP1252 somewhere on the way: `Ã©tÃ©` for `été`).
//!
//! The script of each letter is its Unicode Script property. Letters common to all scripts
//! (digits, punctuation) and combining marks are not counted; in a language of another script,
//! ASCII and full-width Latin letters are not counted either, since names, code and product
//! names are written so in every language.
//!
//! What this module deliberately does not do: identify the language (French written under `es`
//! is still Latin script), or repair text.

use unicode_script::{Script, UnicodeScript};

/// A segment is reported when more than this share of its counted letters are of a foreign
/// script: "mostly", so that a name or a term in another script never is.
const FOREIGN_SHARE: f64 = 0.5;

/// Fewer foreign letters than this are never reported: a short abbreviation is no sentence.
const MIN_FOREIGN_LETTERS: usize = 3;

/// The scripts a language is written in, by its tag: a script subtag (`sr-Latn`, `zh-Hant`)
/// decides; otherwise the primary language's usual scripts. `None` for a language this table
/// does not know, which is then not checked.
fn expected_scripts(lang: &str) -> Option<Vec<Script>> {
    let mut subtags = lang.split(['-', '_']);
    let primary = subtags.next()?.to_ascii_lowercase();
    let script_subtag =
        subtags.find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()));
    if let Some(code) = script_subtag {
        let script = match code.to_ascii_lowercase().as_str() {
            "latn" => Script::Latin,
            "cyrl" => Script::Cyrillic,
            "arab" => Script::Arabic,
            "hans" | "hant" | "hani" => Script::Han,
            "grek" => Script::Greek,
            "hebr" => Script::Hebrew,
            "deva" => Script::Devanagari,
            _ => return None,
        };
        let mut scripts = vec![script];
        // Japanese and Korean tags with a Han subtag still mix their own scripts in.
        if script == Script::Han {
            scripts.extend(own_scripts(&primary).unwrap_or_default());
            scripts.push(Script::Bopomofo);
        }
        return Some(scripts);
    }
    own_scripts(&primary)
}

fn own_scripts(primary: &str) -> Option<Vec<Script>> {
    use Script::*;
    Some(match primary {
        "ar" | "fa" | "ur" | "ps" | "ug" | "ckb" | "sd" | "prs" => vec![Arabic],
        "he" | "yi" => vec![Hebrew],
        "ru" | "uk" | "be" | "bg" | "mk" | "kk" | "ky" | "mn" | "tg" | "tt" | "ba" | "cv" => {
            vec![Cyrillic]
        }
        "sr" => vec![Cyrillic, Latin],
        "el" => vec![Greek],
        "zh" | "cmn" | "yue" | "wuu" => vec![Han, Bopomofo],
        "ja" => vec![Han, Hiragana, Katakana],
        "ko" => vec![Hangul, Han],
        "th" => vec![Thai],
        "lo" => vec![Lao],
        "km" => vec![Khmer],
        "my" => vec![Myanmar],
        "hi" | "mr" | "ne" | "sa" => vec![Devanagari],
        "bn" | "as" => vec![Bengali],
        "pa" => vec![Gurmukhi],
        "gu" => vec![Gujarati],
        "ta" => vec![Tamil],
        "te" => vec![Telugu],
        "kn" => vec![Kannada],
        "ml" => vec![Malayalam],
        "si" => vec![Sinhala],
        "or" => vec![Oriya],
        "bo" | "dz" => vec![Tibetan],
        "ka" => vec![Georgian],
        "hy" => vec![Armenian],
        "am" | "ti" => vec![Ethiopic],
        "en" | "fr" | "de" | "es" | "it" | "pt" | "nl" | "pl" | "cs" | "sk" | "sl" | "hr"
        | "bs" | "ro" | "hu" | "tr" | "sv" | "da" | "no" | "nb" | "nn" | "fi" | "et" | "lv"
        | "lt" | "is" | "ga" | "cy" | "eu" | "ca" | "gl" | "sq" | "vi" | "id" | "ms" | "tl"
        | "sw" | "af" | "mt" | "lb" | "fy" | "oc" | "br" | "eo" | "la" | "az" | "uz" | "tk"
        | "ha" | "yo" | "ig" | "zu" | "xh" | "so" | "mg" => vec![Latin],
        _ => return None,
    })
}

/// What is wrong with a segment's script.
#[derive(Debug, Clone, PartialEq)]
pub enum ScriptProblem {
    /// UTF-8 read as Latin-1 or CP1252: the garbled run and what it reads as.
    Mojibake { garbled: String, repaired: String },
    /// Most letters are of another script; `latin1_letters` when they are letters of Latin-1's
    /// upper half under a language of another script (a legacy encoding read as Latin-1).
    ForeignScript {
        foreign: usize,
        counted: usize,
        example: String,
        latin1_letters: bool,
    },
}

/// The script problem of `text` in language `lang`, if any.
pub fn check(text: &str, lang: &str) -> Option<ScriptProblem> {
    // ASCII holds no mojibake, and its letters are expected or tolerated in every language.
    if text.is_ascii() {
        return None;
    }
    // Letters of another script first: a legacy encoding read as Latin-1 holds pairs of bytes
    // that happen to be UTF-8 too, and is better told as what it is.
    if let Some(problem) = foreign_script(text, lang) {
        return Some(problem);
    }
    mojibake(text)
}

/// Most letters of `text` outside the scripts of `lang`.
fn foreign_script(text: &str, lang: &str) -> Option<ScriptProblem> {
    let scripts = expected_scripts(lang)?;
    let latin_expected = scripts.contains(&Script::Latin);
    // Lead bytes C2 to C9 encode U+0080 to U+027F: Latin-1's upper half and the Latin
    // extensions. A Latin-script segment with no other non-ASCII character has no foreign letter.
    if latin_expected
        && text
            .bytes()
            .all(|b| b < 0x80 || (0xC2..=0xC9).contains(&b) || (0x80..0xC0).contains(&b))
    {
        return None;
    }
    let (mut counted, mut foreign, mut latin1) = (0usize, 0usize, 0usize);
    let mut example = String::new();
    for c in text.chars() {
        if !c.is_alphabetic() {
            continue;
        }
        let script = c.script();
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        if !latin_expected && script == Script::Latin && tolerated_latin(c) {
            continue;
        }
        counted += 1;
        if !scripts.contains(&script) {
            foreign += 1;
            if ('\u{C0}'..='\u{FF}').contains(&c) {
                latin1 += 1;
            }
            if example.chars().count() < 12 {
                example.push(c);
            }
        }
    }
    (foreign >= MIN_FOREIGN_LETTERS && foreign as f64 > FOREIGN_SHARE * counted as f64).then(|| {
        ScriptProblem::ForeignScript {
            foreign,
            counted,
            example,
            latin1_letters: !latin_expected && latin1 * 2 > foreign,
        }
    })
}

/// Latin letters that every language writes now and then: ASCII and the full-width forms.
fn tolerated_latin(c: char) -> bool {
    c.is_ascii() || ('\u{FF00}'..='\u{FFEF}').contains(&c)
}

/// The byte a character stands for when UTF-8 bytes were decoded as CP1252 (or Latin-1, whose
/// upper half CP1252 shares but for 0x80-0x9F).
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// The first run of characters that, read back as CP1252 bytes, is UTF-8 for non-ASCII text:
/// a run of such characters that decodes whole, or holds a three- or four-byte character or two
/// characters in a row. A lead byte and its continuation bytes almost never stand side by side in
/// real text (`Ã` followed by `©`), and a single pair inside a longer jumble is more likely
/// chance (the bytes of another legacy encoding).
fn mojibake(text: &str) -> Option<ScriptProblem> {
    if !may_hold_mojibake(text.as_bytes()) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if cp1252_byte(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&j| cp1252_byte(chars[j]).is_none())
            .unwrap_or(chars.len());
        let bytes: Vec<u8> = chars[i..end]
            .iter()
            .filter_map(|&c| cp1252_byte(c))
            .collect();
        let found = if std::str::from_utf8(&bytes).is_ok() {
            Some((0, bytes.len()))
        } else {
            (0..bytes.len()).find_map(|at| {
                let valid = valid_utf8_prefix(&bytes[at..]);
                let decoded = std::str::from_utf8(&bytes[at..at + valid]).ok()?;
                (valid >= 3 || decoded.chars().count() >= 2).then_some((at, valid))
            })
        };
        if let Some((at, len)) = found {
            // Every character of the run stands for one byte.
            let garbled: String = chars[i + at..i + at + len].iter().collect();
            let repaired = String::from_utf8_lossy(&bytes[at..at + len]).into_owned();
            return Some(ScriptProblem::Mojibake { garbled, repaired });
        }
        i = end;
    }
    None
}

/// Whether `bytes` hold a character that stands for a UTF-8 lead byte in CP1252 (`Â` to `ô`,
/// encoded C3 82 to C3 B4) followed at once by one that stands for a continuation byte (U+0080
/// to U+00BF, encoded C2 xx, or a CP1252 sign of C5, C6, CB or E2): every mojibake starts so, and
/// real text almost never does, so most segments are passed over on their bytes.
fn may_hold_mojibake(bytes: &[u8]) -> bool {
    memchr::memchr_iter(0xC3, bytes).any(|at| {
        matches!(bytes.get(at + 1), Some(0x82..=0xB4))
            && matches!(bytes.get(at + 2), Some(0xC2 | 0xC5 | 0xC6 | 0xCB | 0xE2))
    })
}

/// How many bytes at the start of `bytes` are whole UTF-8 multi-byte characters.
fn valid_utf8_prefix(bytes: &[u8]) -> usize {
    let mut at = 0;
    while at < bytes.len() {
        let width = match bytes[at] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => break,
        };
        let Some(seq) = bytes.get(at..at + width) else {
            break;
        };
        if std::str::from_utf8(seq).is_err() {
            break;
        }
        at += width;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_of_utf8_read_as_cp1252_is_found_and_repaired() {
        assert_eq!(
            check("Ã©tÃ© 2013", "fr"),
            Some(ScriptProblem::Mojibake {
                garbled: "Ã©".into(),
                repaired: "é".into()
            })
        );
        assert!(matches!(
            check("Itâ€™s done", "en"),
            Some(ScriptProblem::Mojibake { repaired, .. }) if repaired == "’"
        ));
        // Real accented text is not mojibake.
        for (text, lang) in [
            ("Die Grösse der Lichtbrechung, Äußerung «Makalu»", "de"),
            ("L'été à Zürich — « très » chaud…", "fr"),
            ("¿Qué? ¡Sí! Ñandú", "es"),
        ] {
            assert_eq!(check(text, lang), None, "{text}");
        }
    }

    #[test]
    fn a_legacy_encoding_read_as_latin1_is_a_foreign_script() {
        match check("ÆÁÄ»ÓÒ±ßÔòÏÔÊ¾", "zh-CN") {
            Some(ScriptProblem::ForeignScript {
                latin1_letters: true,
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn letters_of_another_script_only_when_they_are_most() {
        assert!(matches!(
            check("Это предложение по-русски.", "ar"),
            Some(ScriptProblem::ForeignScript { .. })
        ));
        assert!(matches!(
            check("Это предложение по-русски.", "fr-FR"),
            Some(ScriptProblem::ForeignScript { .. })
        ));
        for (text, lang) in [
            ("请在 OmegaT 中按 Ctrl+T。", "zh-CN"),
            ("ＯｍｅｇａＴ を起動します", "ja"),
            ("قال Müller إن الألغام", "ar"),
            ("Srpski tekst latinicom", "sr"),
            ("Српски текст", "sr-Cyrl"),
            ("བཀྲ་ཤིས་བདེ་ལེགས། ༡༢", "bo"),
            ("Schriftzeichen 漢字 im Text", "de"),
            ("αβγ", "xx"),
        ] {
            assert_eq!(check(text, lang), None, "{text}");
        }
    }
}
