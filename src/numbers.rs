//! Numbers in text, normalized across scripts and conventions: the one number normalizer that the
//! aligner (as evidence) and the QA checks (as `number-mismatch`) share.
//!
//! A number written in a sentence is a [`NumberMention`] with every value it can mean, because the
//! notation alone is often ambiguous: `22.230` is 22,230 in Arabic news (a dot as thousands
//! separator) and 22.23 in English, and `000 48` is 48 000 with its groups reversed, as text copied
//! out of a right-to-left layout often is. Two mentions match when their value sets meet. What this
//! module does not do: arithmetic, units, currencies, or spelled-out numbers other than single
//! words (zero to twelve, the tens, a hundred, a thousand).

/// A number's value in canonical decimal form: no leading zeros, no trailing fractional zeros,
/// ASCII digits (`48000`, `22.23`, `0.5`).
pub type NumberValue = String;

/// A number as it appears in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberMention {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Every value the notation can mean, most likely first.
    pub values: Vec<NumberValue>,
    /// Written as a word (`seven`, `سبعة`) rather than in digits. Spelled numbers confirm a match
    /// but are never reported missing, since translators spell out or write digits freely.
    pub spelled: bool,
}

impl NumberMention {
    /// Whether the two mentions can denote the same number.
    pub fn matches(&self, other: &NumberMention) -> bool {
        self.values.iter().any(|v| other.values.contains(v))
    }
}

/// Characters that group digits when they stand alone between two digit groups.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}')
}

/// The ASCII digit of any decimal digit tmforge reads: ASCII, Arabic-Indic, Extended Arabic-Indic
/// (Persian, Urdu) and fullwidth.
pub fn ascii_digit(c: char) -> Option<char> {
    let base = match c {
        '0'..='9' => return Some(c),
        '\u{660}'..='\u{669}' => 0x660,
        '\u{6F0}'..='\u{6F9}' => 0x6F0,
        '\u{FF10}'..='\u{FF19}' => 0xFF10,
        _ => return None,
    };
    char::from_u32('0' as u32 + (c as u32 - base))
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
        // unless the letter is an Arabic one-letter proclitic standing alone (`و٨٢٪`, and 82%).
        let glued = i > 0
            && is_letter(chars[i - 1].1)
            && !(matches!(chars[i - 1].1, 'و' | 'ب' | 'ل' | 'ف' | 'ك')
                && (i < 2 || !is_letter(chars[i - 2].1)));
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

/// Words that multiply the number before them.
fn scale_word(word: &str) -> Option<usize> {
    match word {
        "thousand" | "thousands" | "ألف" | "الف" | "آلاف" | "الاف" | "ألفا" => {
            Some(3)
        }
        "million" | "millions" | "مليون" | "ملايين" => Some(6),
        "billion" | "billions" | "مليار" | "مليارات" => Some(9),
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

/// Numbers written as one word, in English and Arabic (with the conjunction `و` stripped): zero
/// to twelve, the tens, a hundred and a thousand, which news writes out (`عشرون فتاة`, twenty
/// girls; `ألف ميغاواط`, 1,000 megawatts).
fn spelled_value(word: &str) -> Option<u32> {
    // The English words are ASCII, and no non-ASCII word lowercases to one of them.
    let english = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if let Some(v) = english.iter().position(|w| w.eq_ignore_ascii_case(word)) {
        return Some(v as u32);
    }
    let tens = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(k) = tens.iter().position(|w| w.eq_ignore_ascii_case(word)) {
        return Some(20 + 10 * k as u32);
    }
    if word.eq_ignore_ascii_case("hundred") {
        return Some(100);
    }
    if word.eq_ignore_ascii_case("thousand") {
        return Some(1000);
    }
    let arabic = |w: &str| -> Option<u32> {
        Some(match w {
            "واحد" | "واحدة" => 1,
            "اثنان" | "اثنين" | "اثنتان" | "اثنتين" => 2,
            "ثلاث" | "ثلاثة" => 3,
            "أربع" | "أربعة" | "اربع" | "اربعة" => 4,
            "خمس" | "خمسة" => 5,
            "ست" | "ستة" => 6,
            "سبع" | "سبعة" => 7,
            "ثمان" | "ثماني" | "ثمانية" => 8,
            "تسع" | "تسعة" => 9,
            "عشر" | "عشرة" => 10,
            // The tens, nominative (`-ون`) and accusative or genitive (`-ين`).
            "عشرون" | "عشرين" => 20,
            "ثلاثون" | "ثلاثين" => 30,
            "أربعون" | "أربعين" | "اربعون" | "اربعين" => 40,
            "خمسون" | "خمسين" => 50,
            "ستون" | "ستين" => 60,
            "سبعون" | "سبعين" => 70,
            "ثمانون" | "ثمانين" => 80,
            "تسعون" | "تسعين" => 90,
            "مئة" | "مائة" => 100,
            "ألف" | "الف" => 1000,
            _ => return None,
        })
    };
    arabic(word).or_else(|| word.strip_prefix('و').and_then(arabic))
}

/// Every number in `text`, in order of appearance.
pub fn find_numbers(text: &str) -> Vec<NumberMention> {
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
                    spelled: false,
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
                spelled: false,
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
                        spelled: false,
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
    out.extend(spelled_numbers(text));
    out.sort_by_key(|m| m.start);
    out
}

fn apply_scale_words(text: &str, mentions: &mut [NumberMention]) {
    for m in mentions.iter_mut() {
        let rest = text[m.end..].trim_start();
        let word: String = rest.chars().take_while(|&c| is_letter(c)).collect();
        if let Some(k) = scale_word(&word.to_lowercase()) {
            let scaled: Vec<NumberValue> = m.values.iter().map(|v| shift(v, k)).collect();
            m.values.extend(scaled);
        }
    }
}

fn spelled_numbers(text: &str) -> Vec<NumberMention> {
    // Byte spans of the runs of letters, without collecting them: every segment a validator
    // reads comes through here.
    let mut chars = text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')));
    let mut words = std::iter::from_fn(|| {
        let mut start = None;
        for (i, c) in chars.by_ref() {
            if is_letter(c) {
                start.get_or_insert(i);
            } else if let Some(s) = start {
                return Some((s, i));
            }
        }
        None
    })
    .peekable();
    let mention = |start: usize, end: usize, value: u32| NumberMention {
        start,
        end,
        values: vec![value.to_string()],
        spelled: true,
    };
    let mut out = Vec::new();
    while let Some((s, e)) = words.next() {
        // Arabic writes 11 to 19 as a unit and `عشر` (`ثمانية عشر شهراً`, 18 months).
        if let Some(&(s2, e2)) = words.peek()
            && text[e..s2].chars().all(char::is_whitespace)
            && matches!(&text[s2..e2], "عشر" | "عشرة")
            && let Some(unit) = teen_unit(&text[s..e])
        {
            out.push(mention(s, e2, 10 + unit));
            words.next();
        } else if let Some(v) = spelled_value(&text[s..e]) {
            out.push(mention(s, e, v));
        }
    }
    out
}

/// The unit of an Arabic number from 11 to 19, the word before `عشر`, with or without the
/// conjunction and the article (`وأحد عشر`, and eleven; `الستة عشر`, the sixteen).
fn teen_unit(word: &str) -> Option<u32> {
    let word = word.strip_prefix('و').unwrap_or(word);
    let word = word.strip_prefix("ال").unwrap_or(word);
    match word {
        "أحد" | "احد" | "إحدى" | "احدى" => Some(1),
        "اثنا" | "اثني" | "اثنتا" | "اثنتي" => Some(2),
        _ => spelled_value(word).filter(|u| (3..=9).contains(u)),
    }
}

/// The digit-written numbers of each side that find no counterpart on the other side.
///
/// Matching is one-to-one: `3 ... 3` on one side needs two threes on the other. Mentions with a
/// single reading are matched first so that an ambiguous one does not take their partner.
pub fn unmatched<'a>(
    source: &'a [NumberMention],
    target: &'a [NumberMention],
) -> (Vec<&'a NumberMention>, Vec<&'a NumberMention>) {
    let mut used = vec![false; target.len()];
    let mut source_used = vec![false; source.len()];
    let mut order: Vec<usize> = (0..source.len()).collect();
    order.sort_by_key(|&i| (source[i].spelled, source[i].values.len()));
    for i in order {
        let pick = target
            .iter()
            .enumerate()
            .filter(|(j, t)| !used[*j] && t.matches(&source[i]))
            .min_by_key(|(_, t)| (t.spelled, t.values.len()))
            .map(|(j, _)| j);
        if let Some(j) = pick {
            used[j] = true;
            source_used[i] = true;
        }
    }
    let missing_in_target = source
        .iter()
        .zip(&source_used)
        .filter(|(m, u)| !**u && !m.spelled)
        .map(|(m, _)| m)
        .collect();
    let missing_in_source = target
        .iter()
        .zip(&used)
        .filter(|(m, u)| !**u && !m.spelled)
        .map(|(m, _)| m)
        .collect();
    (missing_in_target, missing_in_source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Vec<String>> {
        find_numbers(text)
            .into_iter()
            .filter(|m| !m.spelled)
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
    fn spelled_numbers_ignore_case() {
        assert_eq!(spelled_value("Seven"), Some(7));
        assert_eq!(spelled_value("TWELVE"), Some(12));
        assert_eq!(spelled_value("وسبعة"), Some(7));
        assert_eq!(spelled_value("sevens"), None);
        assert_eq!(spelled_value("Twenty"), Some(20));
        assert_eq!(spelled_value("ninety"), Some(90));
        assert_eq!(spelled_value("عشرون"), Some(20));
        assert_eq!(spelled_value("وثلاثين"), Some(30));
    }

    #[test]
    fn arabic_eleven_to_nineteen_are_two_words() {
        let spelled = |t: &str| -> Vec<String> {
            spelled_numbers(t)
                .into_iter()
                .flat_map(|m| m.values)
                .collect()
        };
        assert_eq!(spelled("خلال ثمانية عشر شهراً"), vec!["18"]);
        assert_eq!(spelled("ذات الستة عشر عاماً"), vec!["16"]);
        assert_eq!(spelled("اثنا عشر لاعباً وأحد عشر مدرباً"), vec!["12", "11"]);
        assert_eq!(spelled("عشرة أيام"), vec!["10"]);
        assert_eq!(spelled("ثلاثة، عشر"), vec!["3", "10"]);
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
        );
        let en = find_numbers("22,230 items, 17,426 mines and 8,755 mines by 15 October 2021");
        let (a, b) = unmatched(&ar, &en);
        assert!(a.is_empty() && b.is_empty(), "{a:?} {b:?}");

        let ar = find_numbers("قتل 33 أذربيجانيا، من بينهم سبعة جنود و 26 مدنيا");
        let en = find_numbers("33 Azerbaijanis, including 7 soldiers and 26 civilians");
        let (a, b) = unmatched(&ar, &en);
        assert!(a.is_empty() && b.is_empty(), "{a:?} {b:?}");

        let ar = find_numbers("أكثر من 000 48 لغم");
        let en = find_numbers("more than 84,000 mines");
        let (a, b) = unmatched(&ar, &en);
        assert_eq!(a.len(), 1);
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn one_to_one_matching() {
        let src = find_numbers("3 and 3");
        let tgt = find_numbers("3");
        let (a, b) = unmatched(&src, &tgt);
        assert_eq!(a.len(), 1);
        assert!(b.is_empty());
    }
}
