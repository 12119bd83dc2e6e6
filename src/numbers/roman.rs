//! Roman numerals: `Article IV`, `Chapitre XII`, `Глава III`, list markers (`II.`, `(iv)`),
//! and, as ambiguous readings, the other upper-case ones (`World War II`, and `I`).
//!
//! Only numerals written the standard way are read (`IV`, not `IIII`; `XL`, not `XXXX`), and only
//! where they can be one: after a heading word of any language, as a list marker, or in upper
//! case of two letters or more. Since upper-case words of Roman letters are also acronyms (`CD`,
//! `MIX`) and `I` is a pronoun, those count only when the other side has the number. What this
//! file does not do: read lower-case numerals outside list markers.

use super::{Certainty, NumberMention};

/// Words that a numbered heading starts with, in the languages tmforge knows and their
/// neighbours, lower case (`Article IV`, `Titre II`, `Teil III`, `Глава V`, `Kısım II`).
const HEADING_WORDS: &[&str] = &[
    "article",
    "articles",
    "art",
    "chapter",
    "part",
    "section",
    "title",
    "book",
    "volume",
    "annex",
    "appendix",
    "schedule",
    "protocol",
    "phase",
    "stage",
    "level",
    "class",
    "category",
    "grade",
    "type",
    "war",
    "session",
    "clause",
    "rule",
    "principle",
    "paragraph",
    "amendment",
    "chapitre",
    "partie",
    "titre",
    "livre",
    "tome",
    "annexe",
    "protocole",
    "principe",
    "alinéa",
    "artículo",
    "capítulo",
    "parte",
    "título",
    "sección",
    "libro",
    "tomo",
    "anexo",
    "protocolo",
    "fase",
    "principio",
    "párrafo",
    "artikel",
    "kapitel",
    "teil",
    "abschnitt",
    "titel",
    "buch",
    "band",
    "anhang",
    "anlage",
    "protokoll",
    "grundsatz",
    "absatz",
    "статья",
    "статьи",
    "статье",
    "статью",
    "глава",
    "главы",
    "главе",
    "раздел",
    "раздела",
    "часть",
    "части",
    "том",
    "приложение",
    "протокол",
    "книга",
    "пункт",
    "ст",
    "madde",
    "maddesi",
    "bölüm",
    "bölümü",
    "kısım",
    "kitap",
    "cilt",
    "ek",
    "articolo",
    "capitolo",
    "artigo",
    "hoofdstuk",
];

/// The value of a Roman numeral written the standard way (1 to 3999), in one case.
fn roman_value(token: &str) -> Option<u32> {
    // Nearly every word of a text fails here, before anything is allocated for it.
    if !token.bytes().all(|b| b"IVXLCDMivxlcdm".contains(&b)) {
        return None;
    }
    let upper = token.to_ascii_uppercase();
    if token != upper && token != token.to_ascii_lowercase() {
        return None;
    }
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            'D' => 500,
            'M' => 1000,
            _ => return None,
        })
    };
    let values: Vec<u32> = upper.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (k, &v) in values.iter().enumerate() {
        if values.get(k + 1).is_some_and(|&next| next > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let total = u32::try_from(total)
        .ok()
        .filter(|t| (1..4000).contains(t))?;
    (to_roman(total) == upper).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const PARTS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in PARTS {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// The word before byte `at`, lower case, skipping spaces and an abbreviating dot (`Art. IV`).
fn word_before(text: &str, at: usize) -> String {
    let before = text[..at].trim_end().trim_end_matches('.');
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(i, _)| i);
    before[start..].to_lowercase()
}

/// Every Roman numeral in `text` that can be one.
pub(super) fn read(text: &str, out: &mut Vec<NumberMention>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        // A whole word: no letter (of any script) or digit touching it.
        let before = text[..start].chars().next_back();
        let after = text[i..].chars().next();
        if before.is_some_and(|c| c.is_alphanumeric()) || after.is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let token = &text[start..i];
        let Some(value) = roman_value(token) else {
            continue;
        };
        let upper = token.bytes().all(|b| b.is_ascii_uppercase());
        let heading = HEADING_WORDS.contains(&word_before(text, start).as_str());
        let at_start = text[..start].trim().is_empty();
        let marker = at_start && matches!(after, Some('.' | ')'));
        let bracketed = before == Some('(') && after == Some(')');
        let certainty = if heading && (upper || token.len() > 1) || marker {
            Certainty::Word
        } else if bracketed {
            // `(iv)` numbers a list; `(v)` may as well be the letter v of `(a)`, `(b)` ...
            if token.len() > 1 {
                Certainty::Word
            } else {
                Certainty::Ambiguous
            }
        } else if upper && (token.len() > 1 || matches!(token, "I" | "V" | "X")) {
            Certainty::Ambiguous
        } else {
            continue;
        };
        out.push(NumberMention {
            start,
            end: i,
            values: vec![value.to_string()],
            certainty,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Vec<(String, Certainty)> {
        super::super::reader_tests::read_all(read, text)
    }

    #[test]
    fn numerals_in_headings_and_lists_are_sure() {
        let word = |v: &str| vec![(v.to_string(), Certainty::Word)];
        assert_eq!(read_all("Article IV"), word("4"));
        assert_eq!(read_all("Art. XXI"), word("21"));
        assert_eq!(read_all("Chapitre XII"), word("12"));
        assert_eq!(read_all("Глава III"), word("3"));
        assert_eq!(read_all("Article I"), word("1"));
        assert_eq!(read_all("II. Scope"), word("2"));
        assert_eq!(read_all("see (iv) above"), word("4"));
        assert_eq!(read_all("Madde XXX"), word("30"));
    }

    #[test]
    fn pronouns_acronyms_and_words_are_not_sure() {
        let amb = |v: &str| vec![(v.to_string(), Certainty::Ambiguous)];
        assert_eq!(read_all("Then I left"), amb("1"));
        assert_eq!(read_all("World War II"), word_or("2"));
        assert_eq!(read_all("a CD"), amb("400"));
        for text in ["IIII", "VV", "IC", "mix", "Civil", "vivid", "XIVth"] {
            assert!(read_all(text).is_empty(), "{text}");
        }
        fn word_or(v: &str) -> Vec<(String, Certainty)> {
            vec![(v.to_string(), Certainty::Word)]
        }
    }
}
