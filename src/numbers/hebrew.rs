//! Hebrew letter numerals: `א` is 1, `י״ב` 12, `ט״ו` 15, `כ״א` 21, as headings and lists number
//! their items (`סעיף א.`, article 1; `פרק ג`, chapter 3; `ב)` at the start of a list item).
//!
//! Every Hebrew word is also a string of letters with values, so letters are read as a number
//! only where the text says so: with a geresh or gershayim (`ה׳`, `י״ב`), after a heading word,
//! or as a list marker at the start of a segment; and only when the letters are in the order a
//! numeral writes them (hundreds, tens, units, `טו` and `טז` for 15 and 16), which the acronyms
//! written with gershayim (`ארה״ב`, `צה״ל`) are not. A lone letter elsewhere is ambiguous (`ה`).
//! What this file does not do: read years of the Hebrew calendar (`תשע״ג`) as Gregorian years.

use super::{Certainty, NumberMention};

/// Heading words after which letters number the heading (`סעיף א`, `פרק ב`, `חלק ג`).
const HEADING_WORDS: &[&str] = &[
    "סעיף",
    "סעיפים",
    "פרק",
    "חלק",
    "סימן",
    "פסקה",
    "פסקת",
    "פיסקה",
    "תוספת",
    "כרך",
    "שער",
    "ספר",
    "מאמר",
    "נספח",
    "תקנה",
    "תקנת",
    "סעיף-קטן",
];

/// The one-letter prefixes (and, the, in, to, from, that) a heading word can carry.
const PREFIXES: &[char] = &['ו', 'ה', 'ב', 'ל', 'מ', 'ש', 'כ'];

fn letter_value(c: char) -> Option<u32> {
    Some(match c {
        'א' => 1,
        'ב' => 2,
        'ג' => 3,
        'ד' => 4,
        'ה' => 5,
        'ו' => 6,
        'ז' => 7,
        'ח' => 8,
        'ט' => 9,
        'י' => 10,
        'כ' => 20,
        'ל' => 30,
        'מ' => 40,
        'נ' => 50,
        'ס' => 60,
        'ע' => 70,
        'פ' => 80,
        'צ' => 90,
        'ק' => 100,
        'ר' => 200,
        'ש' => 300,
        'ת' => 400,
        _ => return None,
    })
}

/// The value of letters written as a numeral, or `None` when they are not one: values never
/// increase, at most one tens and one units letter, 15 and 16 as `טו` and `טז`.
fn numeral_value(letters: &[char]) -> Option<u32> {
    if letters.is_empty() || letters.len() > 5 {
        return None;
    }
    let values: Vec<u32> = letters
        .iter()
        .map(|&c| letter_value(c))
        .collect::<Option<_>>()?;
    let tail: String = letters.iter().rev().take(2).rev().collect();
    if tail == "יה" || tail == "יו" {
        return None;
    }
    let special = tail == "טו" || tail == "טז";
    let (mut tens, mut units) = (0, 0);
    for (k, pair) in values.windows(2).enumerate() {
        let last_pair = special && k + 2 == values.len();
        if pair[1] > pair[0] && !last_pair {
            return None;
        }
    }
    for (k, &v) in values.iter().enumerate() {
        let in_special = special && k + 2 >= values.len();
        if in_special {
            continue;
        }
        if (10..100).contains(&v) {
            tens += 1;
        } else if v < 10 {
            units += 1;
        }
    }
    if tens > 1 || units > 1 || (special && (tens > 0 || units > 0)) {
        return None;
    }
    Some(values.iter().sum())
}

fn is_hebrew_letter(c: char) -> bool {
    ('\u{5D0}'..='\u{5EA}').contains(&c)
}

fn is_geresh(c: char) -> bool {
    matches!(c, '\u{5F3}' | '\'' | '\u{2019}')
}

fn is_gershayim(c: char) -> bool {
    matches!(c, '\u{5F4}' | '"' | '\u{201D}')
}

/// Whether `word` is a heading word, with or without its prefixes.
fn is_heading(word: &str) -> bool {
    let mut w = word;
    for _ in 0..3 {
        if HEADING_WORDS.contains(&w) {
            return true;
        }
        match w.strip_prefix(PREFIXES) {
            Some(rest) if rest.chars().count() >= 3 => w = rest,
            _ => return false,
        }
    }
    false
}

/// Every letter numeral in `text`.
pub(super) fn read(text: &str, out: &mut Vec<NumberMention>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut previous_word: Option<String> = None;
    let mut i = 0;
    while i < chars.len() {
        if !is_hebrew_letter(chars[i].1) {
            i += 1;
            continue;
        }
        // A token: letters, with gershayim between them or a geresh after them.
        let start = i;
        let mut letters = Vec::new();
        let (mut gershayim, mut geresh) = (false, false);
        while i < chars.len() {
            let c = chars[i].1;
            if is_hebrew_letter(c) {
                letters.push(c);
                i += 1;
            } else if ('\u{591}'..='\u{5C7}').contains(&c) && c != '\u{5BE}' && c != '\u{5C3}' {
                i += 1;
            } else if is_gershayim(c)
                && !gershayim
                && chars.get(i + 1).is_some_and(|&(_, n)| is_hebrew_letter(n))
            {
                gershayim = true;
                i += 1;
            } else {
                break;
            }
        }
        if chars.get(i).is_some_and(|&(_, c)| is_geresh(c)) && !gershayim {
            geresh = true;
            i += 1;
        }
        let end = chars.get(i).map_or(text.len(), |&(b, _)| b);
        let word: String = letters.iter().collect();
        let after = text[end..].chars().next();
        let at_start = text[..chars[start].0].trim().is_empty();
        let heading = previous_word.as_deref().is_some_and(is_heading);
        let reading = if gershayim {
            // With a one-letter prefix (`בי״ב`, on the 12th) when the letters alone are no numeral.
            numeral_value(&letters)
                .or_else(|| {
                    PREFIXES
                        .contains(&letters[0])
                        .then(|| numeral_value(&letters[1..]))
                        .flatten()
                })
                // Acronyms with gershayim that happen to be ordered letters (`ש״ח`, shekels; `ק״ג`,
                // kilograms) have large values; numbers in running text rarely do.
                .map(|v| {
                    (
                        v,
                        if v < 100 {
                            Certainty::Word
                        } else {
                            Certainty::Ambiguous
                        },
                    )
                })
        } else if geresh && letters.len() == 1 {
            numeral_value(&letters).map(|v| (v, Certainty::Word))
        } else if geresh {
            // An abbreviation (`וכו׳`, etc.).
            None
        } else if heading || (at_start && matches!(after, Some('.' | ')'))) {
            (letters.len() <= 3)
                .then(|| numeral_value(&letters))
                .flatten()
                .map(|v| (v, Certainty::Word))
        } else if letters.len() == 1 && !matches!(after, Some('-' | '\u{5BE}')) {
            numeral_value(&letters).map(|v| (v, Certainty::Ambiguous))
        } else {
            None
        };
        if let Some((value, certainty)) = reading {
            out.push(NumberMention {
                start: chars[start].0,
                end,
                values: vec![value.to_string()],
                certainty,
            });
        }
        previous_word = Some(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Vec<(String, Certainty)> {
        super::super::reader_tests::read_all(read, text)
    }

    fn sure(text: &str) -> Vec<String> {
        super::super::reader_tests::sure(read, text)
    }

    #[test]
    fn numerals_in_headings_and_lists() {
        assert_eq!(sure("סעיף א."), ["1"]);
        assert_eq!(sure("סעיף יב"), ["12"]);
        assert_eq!(sure("סעיף י״ב"), ["12"]);
        assert_eq!(sure("סעיף כ\"א."), ["21"]);
        assert_eq!(sure("סעיף טו."), ["15"]);
        assert_eq!(sure("סעיף ל."), ["30"]);
        assert_eq!(sure("בפרק ג נאמר"), ["3"]);
        assert_eq!(sure("ב) כל אדם זכאי"), ["2"]);
        assert_eq!(sure("ראה ה׳ לעיל"), ["5"]);
        assert_eq!(sure("ביום ט״ז"), ["16"]);
        assert_eq!(sure("בי״ב בחודש"), ["12"]);
    }

    #[test]
    fn words_and_acronyms_are_not_numerals() {
        // Ordinary words, acronyms with gershayim, and an abbreviation with a geresh.
        for text in [
            "כל בני האדם נולדו בני חורין ושווים בערכם ובזכויותיהם.",
            "ארה״ב וצה״ל",
            "וכו׳",
            "סעיף יה",
        ] {
            assert!(sure(text).is_empty(), "{text}: {:?}", read_all(text));
        }
        assert_eq!(read_all("ש״ח"), [("308".to_string(), Certainty::Ambiguous)]);
        assert_eq!(read_all("ה"), [("5".to_string(), Certainty::Ambiguous)]);
    }
}
