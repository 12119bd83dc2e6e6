//! Numbers in text, normalized across scripts and conventions: the one number reader that the
//! aligner (as evidence) and the QA checks (as `number-mismatch`) share.
//!
//! A number written in a sentence is a [`NumberMention`] with every value it can mean, because the
//! notation alone is often ambiguous: `22.230` is 22,230 in Arabic news (a dot as thousands
//! separator) and 22.23 in English, and `000 48` is 48 000 with its groups reversed, as text copied
//! out of a right-to-left layout often is. Two mentions match when their value sets meet.
//!
//! Digits are read in every script ([`digits`]), whatever the language. The rest depends on the
//! segment's language tag ([`Language`]): number words, ordinals and month names ([`words`]),
//! Chinese and Japanese numerals ([`cjk`]), Hebrew letter numerals ([`hebrew`]), and Roman
//! numerals ([`roman`]). Each mention says how sure it is ([`Certainty`]): digits are reported
//! when the other side lacks them; words and numerals only confirm a match, and an ambiguous one
//! (`I`, `un`, Hebrew `ה`) matches only a number of the other side that nothing else explains.
//!
//! What this module does not do: arithmetic, units, currencies, or numbers of more than one word
//! beyond the compounds below a hundred (`twenty-one`, `بیست و یکم`).

mod cjk;
mod digits;
mod hebrew;
mod roman;
mod words;

/// A number's value in canonical decimal form: no leading zeros, no trailing fractional zeros,
/// ASCII digits (`48000`, `22.23`, `0.5`).
pub type NumberValue = String;

/// How sure a reading is that the token is a number at all, from surest to least sure. The
/// order is the order in which mentions are matched, so that a sure reading finds its partner
/// before an ambiguous one can take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Certainty {
    /// Written in digits of any script. The only mentions reported when the other side has no
    /// counterpart.
    Digits,
    /// A number word, ordinal, month name or numeral that is a number where it stands
    /// (`seven`, `premier`, `August`, `第一条`, `סעיף א`, `Article IV`). It confirms a match but
    /// is never reported missing, since translators spell out, write digits or a heading numeral
    /// freely.
    Word,
    /// A token that is more often something else: the pronoun `I`, the articles `un`, `ein`,
    /// `bir`, a lone Hebrew letter, a lone `一` inside a Chinese word. It matches only a number
    /// of the other side that no surer reading explains.
    Ambiguous,
}

/// A number as it appears in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberMention {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Every value the notation can mean, most likely first.
    pub values: Vec<NumberValue>,
    /// How sure the reading is.
    pub certainty: Certainty,
}

impl NumberMention {
    /// Whether the two mentions can denote the same number.
    pub fn matches(&self, other: &NumberMention) -> bool {
        self.values.iter().any(|v| other.values.contains(v))
    }

    /// Whether the number is written in digits: the mentions whose absence on the other side is
    /// a finding, and that the aligner asks the other side for.
    pub fn in_digits(&self) -> bool {
        self.certainty == Certainty::Digits
    }
}

/// The languages whose words and numerals tmforge reads; digits are read in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Arabic,
    English,
    French,
    Spanish,
    German,
    Russian,
    Turkish,
    Persian,
    Urdu,
    Hebrew,
    Chinese,
    Japanese,
    /// Any other language, or none given: digits and Roman numerals only.
    Other,
}

impl Language {
    /// The languages with a table of number words.
    const WITH_WORDS: [Language; 10] = [
        Language::Arabic,
        Language::English,
        Language::French,
        Language::Spanish,
        Language::German,
        Language::Russian,
        Language::Turkish,
        Language::Persian,
        Language::Urdu,
        Language::Hebrew,
    ];

    /// The language of a BCP 47 tag (`ar`, `fa-IR`, `zh-Hant-TW`, `iw`), by its primary subtag;
    /// [`Language::Other`] for the rest and for an empty tag.
    pub fn of_tag(tag: &str) -> Language {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "ar" | "arb" | "arz" | "apc" | "ajp" | "acm" | "ary" | "aeb" | "afb" | "ayl" => {
                Language::Arabic
            }
            "en" => Language::English,
            "fr" => Language::French,
            "es" => Language::Spanish,
            "de" | "gsw" => Language::German,
            "ru" => Language::Russian,
            "tr" => Language::Turkish,
            "fa" | "pes" | "prs" => Language::Persian,
            "ur" => Language::Urdu,
            "he" | "iw" => Language::Hebrew,
            "zh" | "cmn" | "yue" | "wuu" | "hak" | "nan" | "gan" | "hsn" | "lzh" => {
                Language::Chinese
            }
            "ja" => Language::Japanese,
            _ => Language::Other,
        }
    }
}

/// Characters that group digits when they stand alone between two digit groups.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}')
}

/// The ASCII digit of a decimal digit of any script (`٣`, `۳`, `३`, `๓`, `３`).
pub fn ascii_digit(c: char) -> Option<char> {
    digits::digit_value(c).and_then(|d| char::from_digit(d, 10))
}

/// Whether `c` belongs to a script that writes words without spaces between them (Chinese,
/// Japanese, Korean before a number, Thai, Lao, Khmer, Myanmar), where a digit after a letter
/// starts a number rather than continuing a name.
fn writes_without_spaces(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'
        | '\u{1000}'..='\u{109F}'
        | '\u{1780}'..='\u{17FF}'
        | '\u{2E80}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// A run of digit groups joined by separators, as scanned.
struct RawNumber {
    start: usize,
    end: usize,
    groups: Vec<String>,
    separators: Vec<char>,
}

fn scan(text: &str) -> Vec<RawNumber> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if ascii_digit(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        // A digit glued to a preceding letter (`COVID19`, `A4`) is part of a name, not a number,
        // unless the letters are one or two Arabic or Hebrew one-letter proclitics (`و٨٢٪`, and
        // 82%; `ב2013`, in 2013; `וב2014`, and in 2014), or the script writes words without spaces
        // (`第3条`, `截至2013年`).
        let proclitics = chars[..i]
            .iter()
            .rev()
            .take_while(|&&(_, c)| is_letter(c))
            .take(3)
            .all(|&(_, c)| {
                matches!(
                    c,
                    'و' | 'ب' | 'ل' | 'ف' | 'ك' | 'ב' | 'ו' | 'ה' | 'ל' | 'מ' | 'ש' | 'כ'
                )
            });
        let letters_before = chars[..i]
            .iter()
            .rev()
            .take_while(|&&(_, c)| is_letter(c))
            .take(3)
            .count();
        let glued = i > 0
            && is_letter(chars[i - 1].1)
            && !writes_without_spaces(chars[i - 1].1)
            && !(proclitics && letters_before <= 2);
        let start = chars[i].0;
        let mut groups = vec![String::new()];
        let mut separators = Vec::new();
        while i < chars.len() {
            let c = chars[i].1;
            if let Some(d) = ascii_digit(c) {
                groups.last_mut().unwrap().push(d);
                i += 1;
            } else if matches!(c, '.' | ',' | '\u{66B}' | '\u{66C}' | '\'')
                && i + 1 < chars.len()
                && ascii_digit(chars[i + 1].1).is_some()
            {
                separators.push(c);
                groups.push(String::new());
                i += 1;
            } else {
                break;
            }
        }
        let end = chars.get(i).map_or(text.len(), |c| c.0);
        if !glued {
            out.push(RawNumber {
                start,
                end,
                groups,
                separators,
            });
        }
    }
    out
}

/// `int` and `frac` digit strings to the canonical form.
fn canonical(int: &str, frac: &str) -> NumberValue {
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// `value` times 10^`k`.
fn shift(value: &str, k: usize) -> NumberValue {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    let mut digits = format!("{int}{frac}");
    let point = int.len() + k;
    while digits.len() < point {
        digits.push('0');
    }
    canonical(&digits[..point], &digits[point..])
}

fn is_thousands_grouping(groups: &[String]) -> bool {
    (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3)
}

/// The values of one scanned run; `None` when the run is a list of numbers (a date `15.10.2021`,
/// a version `1.2.3`) rather than one number.
fn interpret(raw: &RawNumber) -> Option<Vec<NumberValue>> {
    let g = &raw.groups;
    if raw.separators.is_empty() {
        return Some(vec![canonical(&g[0], "")]);
    }
    let last = *raw.separators.last().unwrap();
    let explicit_decimal = last == '\u{66B}';
    let mut kinds: Vec<char> = raw.separators.clone();
    kinds.sort_unstable();
    kinds.dedup();
    let thousands_only = raw
        .separators
        .iter()
        .all(|&c| matches!(c, '\u{66C}' | '\''));
    if thousands_only || (kinds.len() == 1 && raw.separators.len() >= 2 && !explicit_decimal) {
        return is_thousands_grouping(g).then(|| vec![canonical(&g.concat(), "")]);
    }
    if explicit_decimal || kinds.len() >= 2 {
        // The last separator is the decimal point, the others group thousands.
        let (frac, int_groups) = g.split_last().unwrap();
        if int_groups.len() > 1 && !is_thousands_grouping(int_groups) {
            return None;
        }
        return Some(vec![canonical(&int_groups.concat(), frac)]);
    }
    // One `.` or `,`: a decimal point, or a thousands separator when three digits follow.
    let decimal = canonical(&g[0], &g[1]);
    if is_thousands_grouping(g) && g[0] != "0" {
        Some(vec![canonical(&g.concat(), ""), decimal])
    } else {
        Some(vec![decimal])
    }
}

/// Values of digit groups separated by single spaces: `18 302` read forwards, and `000 48` read
/// with its groups reversed (right-to-left copy damage). Empty when neither reading is a number.
fn space_grouped(groups: &[String]) -> Vec<NumberValue> {
    let mut values = Vec::new();
    if is_thousands_grouping(groups) {
        values.push(canonical(&groups.concat(), ""));
    }
    let reversed: Vec<String> = groups.iter().rev().cloned().collect();
    if is_thousands_grouping(&reversed) {
        let v = canonical(&reversed.concat(), "");
        if !values.contains(&v) {
            values.push(v);
        }
    }
    values
}

/// Words that multiply the number before them, in every language read (a word after digits is
/// no other language's number): `48 ألف`, `3,5 millions`, `2 Millionen`, `5 млн`, `3 bin`,
/// `۲ میلیون`, `5 لاکھ` (10^5) and `2 کروڑ` (10^7), `3 מיליון`.
fn scale_word(word: &str) -> Option<usize> {
    match word {
        "thousand" | "thousands" | "ألف" | "الف" | "آلاف" | "الاف" | "ألفا" | "mille"
        | "milliers" | "mil" | "tausend" | "тысяча" | "тысячи" | "тысяч" | "тыс" | "bin"
        | "هزار" | "ہزار" | "אלף" | "אלפים" => Some(3),
        "لاکھ" => Some(5),
        "million" | "millions" | "مليون" | "ملايين" | "millón" | "millones" | "millionen"
        | "mio" | "миллион" | "миллиона" | "миллионов" | "млн" | "milyon" | "میلیون" | "ملین"
        | "מיליון" => Some(6),
        "کروڑ" => Some(7),
        "billion"
        | "billions"
        | "مليار"
        | "مليارات"
        | "milliard"
        | "milliards"
        | "milliarde"
        | "milliarden"
        | "mrd"
        | "миллиард"
        | "миллиарда"
        | "миллиардов"
        | "млрд"
        | "milyar"
        | "میلیارد"
        | "ارب"
        | "מיליארד" => Some(9),
        _ => None,
    }
}

/// `char::is_alphabetic`, answered without a table lookup for ASCII and the Arabic letters
/// (U+0620-U+064A, all letters), which are nearly every character tmforge reads: the number
/// scanner asks for every character of every segment.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if ('\u{620}'..='\u{64A}').contains(&c) {
        true
    } else {
        c.is_alphabetic()
    }
}

/// Every number in `text`, a segment in the language tagged `lang` (BCP 47; empty when not
/// known), in order of appearance.
pub fn find_numbers(text: &str, lang: &str) -> Vec<NumberMention> {
    let raws = scan(text);
    let mut out: Vec<NumberMention> = Vec::new();
    let mut i = 0;
    while i < raws.len() {
        // Try a run of plain digit groups joined by single spaces.
        let mut j = i;
        while j + 1 < raws.len()
            && raws[j].separators.is_empty()
            && raws[j + 1].separators.is_empty()
            && text[raws[j].end..raws[j + 1].start].chars().count() == 1
            && text[raws[j].end..raws[j + 1].start]
                .chars()
                .all(is_group_space)
        {
            j += 1;
        }
        if j > i {
            let groups: Vec<String> = raws[i..=j].iter().map(|r| r.groups[0].clone()).collect();
            let values = space_grouped(&groups);
            if !values.is_empty() {
                out.push(NumberMention {
                    start: raws[i].start,
                    end: raws[j].end,
                    values,
                    certainty: Certainty::Digits,
                });
                i = j + 1;
                continue;
            }
        }
        let raw = &raws[i];
        match interpret(raw) {
            Some(values) => out.push(NumberMention {
                start: raw.start,
                end: raw.end,
                values,
                certainty: Certainty::Digits,
            }),
            None => {
                // A list such as a dotted date: each group is a number of its own.
                let mut offset = raw.start;
                for group in &raw.groups {
                    let len: usize = text[offset..]
                        .chars()
                        .take(group.chars().count())
                        .map(char::len_utf8)
                        .sum();
                    out.push(NumberMention {
                        start: offset,
                        end: offset + len,
                        values: vec![canonical(group, "")],
                        certainty: Certainty::Digits,
                    });
                    offset += len
                        + text[offset + len..]
                            .chars()
                            .next()
                            .map_or(0, char::len_utf8);
                }
            }
        }
        i += 1;
    }
    apply_scale_words(text, &mut out);
    let language = Language::of_tag(lang);
    words::read(text, language, &mut out);
    match language {
        Language::Chinese | Language::Japanese => cjk::read(text, &mut out),
        Language::Hebrew => hebrew::read(text, &mut out),
        _ => {}
    }
    roman::read(text, &mut out);
    out.sort_by_key(|m| (m.start, m.certainty));
    // A reading inside another one's span is the same token read twice (a Hebrew word that is
    // also a lone letter, a Roman numeral that is also an English word): the surer one stays.
    let mut kept: Vec<NumberMention> = Vec::with_capacity(out.len());
    for m in out {
        match kept.last() {
            Some(last) if m.start < last.end => {}
            _ => kept.push(m),
        }
    }
    kept
}

fn apply_scale_words(text: &str, mentions: &mut [NumberMention]) {
    for m in mentions.iter_mut() {
        let rest = text[m.end..].trim_start();
        let word: String = rest.chars().take_while(|&c| is_letter(c)).collect();
        let multiplier = rest.chars().next().and_then(cjk::multiplier);
        if let Some(k) = multiplier.or_else(|| scale_word(&word.to_lowercase())) {
            let scaled: Vec<NumberValue> = m.values.iter().map(|v| shift(v, k)).collect();
            m.values.extend(scaled);
        }
    }
}

/// The digit-written numbers of each side that find no counterpart on the other side.
///
/// Matching is one-to-one: `3 ... 3` on one side needs two threes on the other. Surer mentions
/// are matched first, and among them those with a single reading, and each takes the surest
/// partner it can: so a word or an ambiguous token (`un`, `I`) only takes a number that no digit
/// or surer word of its side explains.
pub fn unmatched<'a>(
    source: &'a [NumberMention],
    target: &'a [NumberMention],
) -> (Vec<&'a NumberMention>, Vec<&'a NumberMention>) {
    let mut used = vec![false; target.len()];
    let mut source_used = vec![false; source.len()];
    let mut order: Vec<usize> = (0..source.len()).collect();
    order.sort_by_key(|&i| (source[i].certainty, source[i].values.len()));
    for i in order {
        let pick = target
            .iter()
            .enumerate()
            .filter(|(j, t)| !used[*j] && t.matches(&source[i]))
            .min_by_key(|(_, t)| (t.certainty, t.values.len()))
            .map(|(j, _)| j);
        if let Some(j) = pick {
            used[j] = true;
            source_used[i] = true;
        }
    }
    let missing_in_target = source
        .iter()
        .zip(&source_used)
        .filter(|(m, u)| !**u && m.in_digits())
        .map(|(m, _)| m)
        .collect();
    let missing_in_source = target
        .iter()
        .zip(&used)
        .filter(|(m, u)| !**u && m.in_digits())
        .map(|(m, _)| m)
        .collect();
    (missing_in_target, missing_in_source)
}

/// What the tests of the script readers compare: each mention's first value and certainty.
#[cfg(test)]
mod reader_tests {
    use super::{Certainty, NumberMention};

    /// Every mention `read` finds in `text`.
    pub(super) fn read_all(
        read: fn(&str, &mut Vec<NumberMention>),
        text: &str,
    ) -> Vec<(String, Certainty)> {
        let mut out = Vec::new();
        read(text, &mut out);
        out.into_iter()
            .map(|m| (m.values[0].clone(), m.certainty))
            .collect()
    }

    /// The values of the mentions `read` is sure of (read as words or numerals).
    pub(super) fn sure(read: fn(&str, &mut Vec<NumberMention>), text: &str) -> Vec<String> {
        read_all(read, text)
            .into_iter()
            .filter(|(_, c)| *c == Certainty::Word)
            .map(|(v, _)| v)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Vec<String>> {
        find_numbers(text, "")
            .into_iter()
            .filter(NumberMention::in_digits)
            .map(|m| m.values)
            .collect()
    }

    fn v(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn is_letter_is_is_alphabetic() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_conjunction_glued_to_digits_does_not_hide_the_number() {
        assert_eq!(
            values("٨٧٪ في الأولى و٨٢٪ في الثانية"),
            vec![v(&["87"]), v(&["82"])]
        );
        assert_eq!(values("ب18 شهراً"), vec![v(&["18"])]);
        assert!(values("COVID19 and A4").is_empty());
        assert!(values("كوفيد19").is_empty());
    }

    #[test]
    fn seed_article_notations() {
        assert_eq!(values("أكثر من 000 48 لغم"), vec![v(&["48000"])]);
        assert_eq!(values("ما مجموعه 302 18 هكتار"), vec![v(&["18302"])]);
        assert_eq!(values("و 17.426 لغم"), vec![v(&["17426", "17.426"])]);
        assert_eq!(values("تشرين الثاني/نوفمبر 2020،"), vec![v(&["2020"])]);
        assert_eq!(values("48 ألف لغم"), vec![v(&["48", "48000"])]);
    }

    #[test]
    fn english_notations() {
        assert_eq!(values("18,302 hectares"), vec![v(&["18302", "18.302"])]);
        assert_eq!(values("18 302 hectares"), vec![v(&["18302"])]);
        assert_eq!(values("3.5 billion"), vec![v(&["3.5", "3500000000"])]);
        assert_eq!(
            values("1,234.50 and 1.234,5"),
            vec![v(&["1234.5"]), v(&["1234.5"])]
        );
        assert_eq!(values("the year 2021."), vec![v(&["2021"])]);
        assert_eq!(
            values("on 15.10.2021"),
            vec![v(&["15"]), v(&["10"]), v(&["2021"])]
        );
        assert_eq!(values("COVID19 and 0.5"), vec![v(&["0.5"])]);
    }

    #[test]
    fn arabic_indic_digits_and_separators() {
        assert_eq!(
            values("٢٫٧ و ١٢٣٬٤٥٦ و ۴۸"),
            vec![v(&["2.7"]), v(&["123456"]), v(&["48"])]
        );
    }

    #[test]
    fn matching_across_languages() {
        let ar = find_numbers(
            "تم الكشف عن 22.230 ذخيرة و 17.426 لغم و 8.755 لغم حتى 15 تشرين الأول/أكتوبر 2021",
            "ar",
        );
        let en = find_numbers(
            "22,230 items, 17,426 mines and 8,755 mines by 15 October 2021",
            "en",
        );
        let (a, b) = unmatched(&ar, &en);
        assert!(a.is_empty() && b.is_empty(), "{a:?} {b:?}");

        let ar = find_numbers("قتل 33 أذربيجانيا، من بينهم سبعة جنود و 26 مدنيا", "ar");
        let en = find_numbers(
            "33 Azerbaijanis, including 7 soldiers and 26 civilians",
            "en",
        );
        let (a, b) = unmatched(&ar, &en);
        assert!(a.is_empty() && b.is_empty(), "{a:?} {b:?}");

        let ar = find_numbers("أكثر من 000 48 لغم", "ar");
        let en = find_numbers("more than 84,000 mines", "en");
        let (a, b) = unmatched(&ar, &en);
        assert_eq!(a.len(), 1);
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn one_to_one_matching() {
        let src = find_numbers("3 and 3", "en");
        let tgt = find_numbers("3", "en");
        let (a, b) = unmatched(&src, &tgt);
        assert_eq!(a.len(), 1);
        assert!(b.is_empty());
    }

    /// The texts of the numbers of each side that the other side lacks.
    fn missing(src: &str, src_lang: &str, tgt: &str, tgt_lang: &str) -> [Vec<String>; 2] {
        let s = find_numbers(src, src_lang);
        let t = find_numbers(tgt, tgt_lang);
        let (a, b) = unmatched(&s, &t);
        let texts = |text: &str, list: Vec<&NumberMention>| -> Vec<String> {
            list.iter()
                .map(|m| text[m.start..m.end].to_string())
                .collect()
        };
        [texts(src, a), texts(tgt, b)]
    }

    fn agree(src: &str, src_lang: &str, tgt: &str, tgt_lang: &str) -> bool {
        let [a, b] = missing(src, src_lang, tgt, tgt_lang);
        a.is_empty() && b.is_empty()
    }

    /// Article headings of a declaration in every script, against the Arabic original and its
    /// neighbour, in both directions.
    const HEADINGS: &[(&str, &str, &str)] = &[
        // (language, article 1, article 2)
        ("en", "Article I", "Article II"),
        ("fr", "Article premier", "Article 2"),
        ("es", "Artículo primero", "Artículo segundo"),
        ("de", "Erster Artikel", "Zweiter Artikel"),
        ("ru", "Статья первая", "Статья вторая"),
        ("tr", "Birinci madde", "İkinci madde"),
        ("fa", "مادهٔ اول", "مادهٔ دوم"),
        ("ur", "پہلی دفعہ", "دفعہ ۲"),
        ("he", "סעיף א.", "סעיף ב."),
        ("zh", "第一条", "第二条"),
        ("ja", "第一条", "第２条"),
        ("hi", "अनुच्छेद १", "अनुच्छेद २"),
        ("th", "มาตรา ๑", "มาตรา ๒"),
    ];

    #[test]
    fn article_headings_match_in_every_script_and_their_neighbours_do_not() {
        for &(lang, first, second) in HEADINGS {
            assert!(agree("المادة 1", "ar", first, lang), "{lang}: {first}");
            assert!(agree(first, lang, "المادة 1", "ar"), "{lang}: {first}");
            assert!(agree("المادة 2", "ar", second, lang), "{lang}: {second}");
            assert!(!agree("المادة 1", "ar", second, lang), "{lang}: {second}");
            assert!(!agree("المادة 2", "ar", first, lang), "{lang}: {first}");
            assert!(!agree(second, lang, "المادة 1", "ar"), "{lang}: {second}");
            assert!(agree("المادة الأولى", "ar", first, lang), "{lang}: {first}");
        }
    }

    #[test]
    fn twentieth_articles_and_beyond() {
        for (lang, text) in [
            ("en", "Article XXI"),
            ("fr", "Article vingt et un"),
            ("es", "Artículo vigésimo primero"),
            ("de", "Einundzwanzigster Artikel"),
            ("ru", "Статья двадцать первая"),
            ("tr", "Yirmi birinci madde"),
            ("fa", "مادهٔ بیست و یکم"),
            ("ur", "اکیسویں دفعہ"),
            ("he", "סעיף כ״א."),
            ("zh", "第二十一条"),
        ] {
            assert!(agree("المادة 21", "ar", text, lang), "{lang}: {text}");
            assert!(!agree("المادة 22", "ar", text, lang), "{lang}: {text}");
            assert!(!agree(text, lang, "المادة 20", "ar"), "{lang}: {text}");
        }
    }

    #[test]
    fn dates_and_multipliers_of_chinese_and_japanese() {
        assert!(agree("In August 2013.", "en", "2013年8月に。", "ja"));
        assert!(agree("2013年8月に。", "ja", "In August 2013.", "en"));
        assert!(agree("في آب/أغسطس 2013", "ar", "2013年8月", "zh"));
        assert_eq!(
            missing("In September 2013.", "en", "2013年8月に。", "ja"),
            [vec![], vec!["8".to_string()]]
        );
        assert!(agree("共有94万人", "zh", "940,000 people", "en"));
        assert!(agree(
            "截至2013年，3万人",
            "zh",
            "30,000 people by 2013",
            "en"
        ));
        assert!(!agree("3万人", "zh", "3,500 people", "en"));
        assert!(agree("第１２条", "zh", "Article 12", "en"));
    }

    #[test]
    fn ambiguous_tokens_count_only_for_a_number_nothing_else_explains() {
        // `un` is read as 1 when the other side has a 1 and nothing else to pair it with ...
        assert!(agree("لمدة 1 سنة", "ar", "pendant un an", "fr"));
        // ... but does not hide a number that is wrong.
        assert_eq!(
            missing("2 أطفال", "ar", "ein Kind", "de"),
            [vec!["2".to_string()], vec![]]
        );
        assert_eq!(
            missing("I agree", "en", "أوافق على 2", "ar"),
            [vec![], vec!["2".to_string()]]
        );
        // A sure reading is preferred: `premier` takes the 1, `une` stays free.
        let s = find_numbers("Article premier : une personne", "fr");
        let certainties: Vec<Certainty> = s.iter().map(|m| m.certainty).collect();
        assert_eq!(certainties, [Certainty::Word, Certainty::Ambiguous]);
        // The same words in a language that does not read them are no numbers.
        assert!(find_numbers("un ein bir", "en").is_empty());
    }

    #[test]
    fn digits_of_every_script() {
        assert_eq!(values("अनुच्छेद १२"), vec![v(&["12"])]);
        assert_eq!(values("পৃষ্ঠা ১২৩"), vec![v(&["123"])]);
        assert_eq!(values("พ.ศ. ๒๕๕๖"), vec![v(&["2556"])]);
        assert_eq!(values("ལོ་ ༢༠༡༣"), vec![v(&["2013"])]);
        assert_eq!(values("第１２条"), vec![v(&["12"])]);
        assert_eq!(values("ב-2013 וב2014"), vec![v(&["2013"]), v(&["2014"])]);
    }
}
