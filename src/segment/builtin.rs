//! The built-in segmentation rules: a byte scanner that stops only at candidate break characters
//! and decides each one from a few characters of context.
//!
//! Every decision looks at a bounded neighbourhood (the word before, the word after, a few
//! words back), so the scan is linear in the length of the line whatever its content.
//! Arabic has no letter case, so Arabic decisions rest on the word before the mark
//! (abbreviations, initials, era marks after years) rather than on the case of the word after.
//!
//! The rules deliberately never break at a comma (`,` or `،`), a semicolon or an ordinary colon:
//! in a translation memory those pieces are not sentences and would not be translated alone.

use super::floor_boundary;
use crate::lang::LanguageTag;

/// How far back (in bytes) the scanner looks for the word before a full stop. Longer "words"
/// are URLs or garbage; abbreviations are far shorter.
const WORD_BACK_LIMIT: usize = 64;
/// How far back (in bytes) the scanner counts words before an abbreviation.
const WORDS_BACK_LIMIT: usize = 256;
/// An abbreviation, a time or a unit before a capitalized word ends the sentence only when at
/// least this many words come before it: "At 5 a.m. Mr. Smith" and "In 44 B.C. Caesar" are
/// opening phrases, while "He left the bank at 6 P.M. Mr. Smith ..." is two sentences. Three
/// is the smallest count that separates the opening phrases of the peers' English cases
/// (pragmatic_segmenter's and sentencex's time and era cases) from their full clauses.
const MIN_WORDS_BEFORE_FINAL_ABBREVIATION: usize = 3;
/// How far forward (in bytes) the scanner reads the word after a break candidate.
const WORD_AHEAD_LIMIT: usize = 64;

/// Which family of decisions a language uses.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Script {
    /// Letter case tells sentence starts (English and the generic fallback).
    Cased,
    /// Arabic script: no letter case; `؟`, `۔` and Arabic abbreviations.
    Arabic,
}

/// The rules for one language.
#[derive(Debug)]
pub(crate) struct Profile {
    script: Script,
    /// Lower-case abbreviations (without their final dot) after which a capitalized word does not
    /// by itself start a sentence.
    abbreviations: &'static [&'static str],
    /// Capitalized words that usually start a sentence; after an abbreviation only these do.
    starters: &'static [&'static str],
}

/// Titles and other abbreviations that always precede something (a name, a number) and so never
/// end a sentence. Lower case, without the dot.
const TITLES: &[&str] = &[
    "adm", "atty", "brig", "capt", "cmdr", "col", "cpl", "dr", "drs", "e.g", "fr", "gen", "gov",
    "hon", "i.e", "lt", "maj", "messrs", "mlle", "mme", "mr", "mrs", "ms", "msgr", "mt", "pres",
    "prof", "pvt", "rep", "rev", "sen", "sgt", "sr", "st", "supt", "viz", "vs",
];

/// Abbreviations that are followed by a number ("p. 55", "No. 5", "Fig. 3", "Oct. 15").
const BEFORE_NUMBERS: &[&str] = &[
    "apr", "art", "aug", "ca", "ch", "dec", "feb", "fig", "figs", "jan", "jul", "jun", "mar", "no",
    "nos", "nov", "nr", "oct", "op", "p", "pp", "sec", "sep", "sept", "tel", "vol", "vols", "rs",
    "ft", "in", "lb", "lbs", "oz", "yd",
];

/// English abbreviations that may end a sentence but usually do not.
const EN_ABBREVIATIONS: &[&str] = &[
    "a.m", "p.m", "approx", "assn", "asst", "ave", "bldg", "blvd", "bros", "co", "corp", "dept",
    "est", "etc", "inc", "jr", "ltd", "mfg", "mgr", "mt", "ph.d", "rd", "sr", "univ", "u.s", "u.k",
    "u.n", "e.u", "u.s.a", "al",
];

/// English words that, capitalized after an abbreviation, show that a new sentence has started.
#[rustfmt::skip]
const EN_STARTERS: &[&str] = &[
    "A", "After", "All", "Also", "Although", "An", "And", "Are", "As", "At", "But", "Can", "Could",
    "Did", "Do", "Does", "During", "Each", "Even", "Every", "For", "From", "He", "Her", "Here",
    "His", "How", "However", "I", "If", "In", "Is", "It", "Its", "Let", "Many", "Meanwhile", "Most",
    "Mr", "Mrs", "Ms", "Dr", "My", "No", "Not", "Now", "On", "One", "Our", "Please", "She", "Since",
    "So", "Some", "Still", "That", "The", "Their", "Then", "There", "These", "They", "This",
    "Those", "Thus", "Today", "Was", "We", "Were", "What", "When", "Where", "Which", "While", "Who",
    "Why", "Will", "With", "Would", "Yesterday", "Yet", "You", "Your",
];

/// Arabic era marks written after a year: "2020 م." and "1442 هـ." usually end a sentence.
const AR_ERA_MARKS: &[&str] = &["م", "ه", "هـ", "ق.م", "ب.م"];

/// Arabic verbs of saying that follow a quotation in the same sentence
/// (`«...؟» تساءل الوزير`, `"..." قال المتحدث`).
const AR_SPEECH_VERBS: &[&str] = &[
    "قال",
    "قالت",
    "يقول",
    "تقول",
    "أضاف",
    "أضافت",
    "تساءل",
    "تساءلت",
    "سأل",
    "سألت",
    "أكد",
    "أكدت",
    "صرح",
    "صرحت",
    "أوضح",
    "أوضحت",
    "رد",
    "ردت",
    "علق",
    "علقت",
    "كتب",
    "كتبت",
];

/// The English rules.
static ENGLISH: Profile = Profile {
    script: Script::Cased,
    abbreviations: EN_ABBREVIATIONS,
    starters: EN_STARTERS,
};

/// The Arabic-script rules (Arabic, Persian, Urdu and others written in Arabic script).
static ARABIC: Profile = Profile {
    script: Script::Arabic,
    abbreviations: EN_ABBREVIATIONS,
    starters: EN_STARTERS,
};

/// Rules for languages without their own: case-based, with only titles and initials known.
static GENERIC: Profile = Profile {
    script: Script::Cased,
    abbreviations: &[],
    starters: &[],
};

impl Profile {
    /// The profile for `lang`: Arabic-script languages, English, or the generic fallback.
    pub(crate) fn for_language(lang: &LanguageTag) -> &'static Profile {
        match lang.primary() {
            "ar" | "fa" | "ur" | "ps" | "ku" | "sd" | "ug" | "ckb" => &ARABIC,
            "en" => &ENGLISH,
            _ => &GENERIC,
        }
    }
}

/// Byte classes for the scan: 0 = nothing to do, 1 = ASCII terminator, 2 = colon, 3 = lead byte
/// of a multi-byte character that may be a terminator.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'.' as usize] = 1;
    t[b'!' as usize] = 1;
    t[b'?' as usize] = 1;
    t[b':' as usize] = 2;
    t[0xD8] = 3; // U+061F ARABIC QUESTION MARK
    t[0xDB] = 3; // U+06D4 ARABIC FULL STOP
    t[0xE2] = 3; // U+2026 ellipsis, U+203C, U+2047-2049
    t[0xE3] = 3; // U+3002 ideographic full stop
    t[0xEF] = 3; // U+FF01, U+FF1F, U+FF61 full-width forms
    t
};

/// Whether the bytes at `i` encode one of the multi-byte terminators of [`is_terminator`].
fn multibyte_terminator_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i..] {
        [0xD8, 0x9F, ..] | [0xDB, 0x94, ..] => true, // ؟ ۔
        [0xE2, 0x80, 0xA6 | 0xBC, ..] | [0xE2, 0x81, 0x87..=0x89, ..] => true, // … ‼ ⁇ ⁈ ⁉
        [0xE3, 0x80, 0x82, ..] => true,              // 。
        [0xEF, 0xBC, 0x81 | 0x9F, ..] | [0xEF, 0xBD, 0xA1, ..] => true, // ！ ？ ｡
        _ => false,
    }
}

/// Whether `c` ends sentences.
fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '؟' | '۔' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？' | '｡'
    )
}

/// Invisible direction marks and embeddings that copy-paste from right-to-left layouts leaves
/// around punctuation; they never decide anything and stay with the character they follow.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// Characters that close a quotation or a parenthesis and stay with the sentence before them.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '）' | '」' | '』'
    ) || is_bidi_control(c)
}

/// Characters that open a quotation or a parenthesis before the first word of a sentence.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '„'
            | '«'
            | '‹'
            | '('
            | '['
            | '{'
            | '（'
            | '「'
            | '『'
            | '¿'
            | '¡'
    ) || is_bidi_control(c)
}

/// List bullets that may precede a list number.
fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '◦' | '▪' | '‣' | '·' | '-' | '–' | '—' | '*')
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06FA}'..='\u{06FC}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c)
}

/// The character starting at byte `i` of `s` (which must be a char boundary).
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

/// The character ending at byte `i` of `s`.
fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|t| t.chars().next_back())
}

/// A run of terminators as it was scanned.
struct Run {
    end: usize,
    /// `!`, `?`, `؟` or their variants: the run ends a sentence whatever word comes before.
    strong: bool,
    dots: usize,
    /// `. . .`: dots separated by single spaces.
    spaced: bool,
    /// The byte just after the first dot, for a spaced ellipsis that starts with a full stop.
    after_first: usize,
    /// An ideographic or full-width mark: those scripts put no space between sentences.
    ideographic: bool,
}

/// Scans the terminator run that starts at `start`.
fn scan_run(line: &str, start: usize) -> Run {
    let bytes = line.as_bytes();
    let mut run = Run {
        end: start,
        strong: false,
        dots: 0,
        spaced: false,
        after_first: start,
        ideographic: false,
    };
    let mut i = start;
    while let Some(c) = char_at(line, i) {
        if is_terminator(c) {
            run.ideographic |= matches!(c, '。' | '！' | '？' | '｡');
            match c {
                '.' | '。' | '｡' | '۔' => run.dots += 1,
                '…' => run.dots += 3,
                _ => run.strong = true,
            }
            i += c.len_utf8();
            if i == start + c.len_utf8() {
                run.after_first = i;
            }
            run.end = i;
        } else if is_bidi_control(c) {
            i += c.len_utf8();
        } else if c == ' ' && run.strong && {
            let spaces = bytes[i..]
                .iter()
                .take(3)
                .take_while(|b| **b == b' ')
                .count();
            spaces <= 2 && char_at(line, i + spaces).is_some_and(is_terminator)
        } {
            // "! ! !", "! ?", "? . . .": spaced marks after a question or an exclamation.
            i += bytes[i..].iter().take_while(|b| **b == b' ').count();
        } else if c == ' '
            && bytes.get(i + 1) == Some(&b'.')
            && run.dots > 0
            && !run.strong
            && (run.spaced || run.dots == 1)
        {
            // ". . ." (a spaced ellipsis): the space belongs to the run.
            run.spaced = true;
            i += 1;
        } else {
            break;
        }
    }
    if run.spaced && run.dots < 3 {
        // "word . .x" is not an ellipsis: keep only the first dot.
        run.spaced = false;
        run.dots = 1;
        run.end = run.after_first;
    }
    run
}

/// Skips closing quotes, brackets and bidi controls after a run, and reference marks such as
/// `[1]` or ` [1][2]` that belong to the sentence before them.
fn skip_closers(line: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(line, i) {
        if is_closer(c) {
            i += c.len_utf8();
        } else if let Some(len) = citation_at(line, i) {
            i += len;
        } else {
            break;
        }
    }
    i
}

/// The length of a reference mark (`[12]`, optionally after spaces) at byte `i`.
fn citation_at(line: &str, i: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let spaces = bytes[i..]
        .iter()
        .take(2)
        .take_while(|b| **b == b' ')
        .count();
    let j = i + spaces;
    if bytes.get(j) != Some(&b'[') {
        return None;
    }
    let digits = bytes[j + 1..]
        .iter()
        .take(4)
        .take_while(|b| b.is_ascii_digit())
        .count();
    (digits > 0 && bytes.get(j + 1 + digits) == Some(&b']')).then_some(spaces + digits + 2)
}

/// What follows a candidate break: the first significant character after the whitespace and
/// opening quotes, and the word it starts.
struct Next<'a> {
    first: Option<char>,
    word: &'a str,
    /// Byte offset just past `word` in the line.
    word_end: usize,
}

fn next_after(line: &str, mut i: usize) -> Next<'_> {
    let limit = (i + WORD_AHEAD_LIMIT).min(line.len());
    while let Some(c) = char_at(line, i) {
        if i >= limit || !(c.is_whitespace() || is_opener(c) || matches!(c, '-' | '–' | '—')) {
            break;
        }
        i += c.len_utf8();
    }
    let first = char_at(line, i);
    let mut j = i;
    while let Some(c) = char_at(line, j) {
        if j >= limit || !c.is_alphabetic() {
            break;
        }
        j += c.len_utf8();
    }
    Next {
        first,
        word: &line[i..j],
        word_end: j,
    }
}

/// The word before byte `end` (bidi controls skipped): letters, digits, inner dots, apostrophes,
/// `°` and the Arabic tatweel. Returns the word and where it starts.
fn word_before(line: &str, floor_at: usize, end: usize) -> (&str, usize) {
    let mut e = end;
    while let Some(c) = char_before(line, e) {
        if is_bidi_control(c) {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    let floor = floor_boundary(line, e.saturating_sub(WORD_BACK_LIMIT).max(floor_at.min(e)));
    let mut s = e;
    for (k, c) in line[floor..e].char_indices().rev() {
        if c.is_alphanumeric()
            || matches!(c, '.' | '\'' | '’' | '°' | 'ـ' | '&')
            || is_bidi_control(c)
        {
            s = floor + k;
        } else {
            break;
        }
    }
    // A word does not start with a dot or an apostrophe.
    while let Some(c) = char_at(line, s) {
        if s < e && matches!(c, '.' | '\'' | '’') {
            s += c.len_utf8();
        } else {
            break;
        }
    }
    (&line[s..e], s)
}

/// Whether only whitespace, bullets and bidi controls stand between `from` and `to`.
fn only_bullets_between(line: &str, from: usize, to: usize) -> bool {
    to.saturating_sub(from) <= 16
        && line.get(from..to).is_some_and(|t| {
            t.chars()
                .all(|c| c.is_whitespace() || is_bullet(c) || is_bidi_control(c))
        })
}

/// Counts whole words between `from` and `to`, stopping at `cap`.
fn words_between(line: &str, from: usize, to: usize, cap: usize) -> usize {
    let from = floor_boundary(line, from.max(to.saturating_sub(WORDS_BACK_LIMIT)));
    let mut n = 0;
    let mut in_word = false;
    for c in line[from..to].chars().rev() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            n += 1;
            if n >= cap {
                break;
            }
        }
    }
    n
}

/// A word with its dots removed and lower-cased, for abbreviation look-up.
fn key(word: &str) -> String {
    word.chars()
        .filter(|c| !is_bidi_control(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// "U.S", "a.m", "i.e", "أ.د", "ص.ب": single letters joined by dots.
fn is_dotted_initials(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        let mut chars = part.chars().filter(|c| !is_bidi_control(*c) && *c != 'ـ');
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_alphabetic() => parts += 1,
            _ => return false,
        }
    }
    parts >= 2
}

fn is_single_letter(word: &str) -> bool {
    let mut chars = word.chars().filter(|c| !is_bidi_control(*c) && *c != 'ـ');
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// Whether byte `i` lies in a URL or an e-mail address (the whitespace-delimited token around it
/// contains `://`, `@` or starts with `www.`).
fn in_url_or_email(line: &str, i: usize) -> bool {
    let from = floor_boundary(line, i.saturating_sub(WORD_BACK_LIMIT));
    let start = line[from..i]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(from, |(k, c)| from + k + c.len_utf8());
    let to = floor_boundary(line, (i + WORD_BACK_LIMIT).min(line.len()));
    let end = line[i..to].find(char::is_whitespace).map_or(to, |k| i + k);
    let token = &line[start..end];
    token.contains("://") || token.contains('@') || token.starts_with("www.")
}

/// Decides the full stop(s) and other terminators of one run. Returns the break position (the
/// byte where the next sentence may start) or `None`.
fn decide(
    profile: &Profile,
    line: &str,
    seg_start: usize,
    start: usize,
    run: &Run,
) -> Option<usize> {
    let after = skip_closers(line, run.end);
    let follow = char_at(line, after)?; // end of line: the line end breaks anyway
    let prev = char_before(line, start);

    if !follow.is_whitespace() {
        // No space after the mark: "world.Today", "الأراضي.وقد" break; "22.230", "U.S.A",
        // "example.com", "Jr.'s" do not.
        if run.ideographic {
            return Some(after);
        }
        if run.dots > 1 || run.spaced {
            return None;
        }
        let prev = prev?;
        let (word, _) = word_before(line, seg_start, start);
        let joined = if is_arabic_letter(follow) {
            is_arabic_letter(prev)
                && (run.strong || word.chars().filter(|c| is_arabic_letter(*c)).count() >= 2)
        } else {
            follow.is_uppercase()
                && (prev.is_lowercase() || is_digit(prev) || (run.strong && prev.is_alphabetic()))
        };
        // "Ph.D": a single letter and a dot after the mark make dotted initials.
        let initials_follow =
            follow.is_alphabetic() && char_at(line, after + follow.len_utf8()) == Some('.');
        if !joined
            || initials_follow
            || is_abbreviation(profile, word)
            || in_url_or_email(line, start)
        {
            return None;
        }
        return Some(after);
    }

    let next = next_after(line, after);
    let next_first = next.first?;
    if next_first.is_lowercase() || matches!(next_first, ',' | ';' | ':' | '،' | '؛') {
        // Case says the sentence goes on ("Yahoo! in", "co. at", "... well"); no sentence
        // starts with a comma.
        return None;
    }
    if next.word == "و" && char_at(line, next.word_end).is_some_and(char::is_whitespace) {
        // A detached "و" ("and") continues the sentence: "300 ق.م. و 250 ق.م.".
        return None;
    }
    // Latin text inside Arabic is decided by case, like English.
    let cased = profile.script == Script::Cased || next_first.is_ascii_alphabetic();
    if profile.script == Script::Arabic
        && line[run.end..after].contains(['"', '»', '”'])
        && AR_SPEECH_VERBS.contains(&next.word)
    {
        // «هل نحن مستعدون؟» تساءل الوزير: the quotation is the object of the verb after it.
        return None;
    }
    if run.strong {
        return Some(after);
    }
    if run.dots >= 3 || run.spaced {
        return decide_ellipsis(line, start, run, after, next_first);
    }

    let (word, word_start) = word_before(line, seg_start, start);
    if word.is_empty() {
        // " ." detached from its word, or after a bracket or a quote; "Mr ." is still a title.
        if prev == Some(' ') {
            let (spaced_word, _) = word_before(line, seg_start, start - 1);
            if TITLES.contains(&key(spaced_word).as_str()) {
                return None;
            }
        }
        return Some(after);
    }
    if only_bullets_between(line, seg_start, word_start)
        && (is_single_letter(word) || word.chars().all(is_digit))
        && word.chars().count() <= 3
    {
        // "1. The first item", "a. ...", "• 9. ...": a list marker, not a sentence.
        return None;
    }
    let k = key(word);
    let latin_word = word
        .chars()
        .rev()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| c.is_ascii_alphabetic() || !is_arabic_letter(c));
    if !latin_word && word.chars().any(is_arabic_letter) {
        return decide_arabic_word(line, word_start, &k, after);
    }
    if is_digit(next_first) && is_time_or_era(&k) {
        // "7 p.m. 7 a.m. is ...": a time after a number, then a new sentence; "A.D. 79" is not.
        return time_after_number(line, seg_start, word_start).then_some(after);
    }
    if is_digit(next_first) {
        if TITLES.contains(&k.as_str())
            || BEFORE_NUMBERS.contains(&k.trim_end_matches('°'))
            || k.ends_with('°')
            || is_single_letter(word)
            || profile.abbreviations.contains(&k.as_str())
        {
            return None;
        }
        return Some(after);
    }
    if TITLES.contains(&k.as_str()) {
        return None;
    }
    if DEGREES.contains(&k.as_str()) {
        // "She earned her Ph.D. Tom was impressed."
        return Some(after);
    }
    let known = profile.abbreviations.contains(&k.as_str())
        || (BEFORE_NUMBERS.contains(&k.as_str()) && !COMMON_WORDS.contains(&k.as_str()))
        || is_dotted_initials(word)
        || is_single_letter(word);
    if !known {
        return Some(after);
    }
    if !cased || !next.word.chars().next().is_some_and(|c| c.is_uppercase()) {
        // A Latin abbreviation before Arabic text or before a non-letter: "شركة Apple Inc. إن".
        return None;
    }
    if is_single_letter(word)
        && next.word.chars().count() == 1
        && char_at(line, next.word_end) == Some('.')
    {
        // "U. A. E.": a chain of initials.
        return None;
    }
    if let Some(decision) = decide_measure(line, seg_start, word, word_start, after) {
        return decision;
    }
    let starts_sentence = profile.starters.contains(&next.word)
        || (is_single_letter(word) && EN_STARTERS.contains(&next.word));
    let enough_words = is_single_letter(word)
        || words_between(
            line,
            seg_start,
            word_start,
            MIN_WORDS_BEFORE_FINAL_ABBREVIATION,
        ) >= MIN_WORDS_BEFORE_FINAL_ABBREVIATION;
    (starts_sentence && enough_words).then_some(after)
}

/// Units written after a number ("5 ft.", "2 lb.").
const UNITS: &[&str] = &["ft", "in", "lb", "lbs", "oz", "yd"];
/// Academic degrees, which end sentences more often than they stand before a capitalized word.
const DEGREES: &[&str] = &["ph.d", "m.d", "b.a", "m.a", "m.b.a", "b.sc", "m.sc", "ll.m"];
/// Entries of [`BEFORE_NUMBERS`] that are also ordinary words ("Come in. Sit down.").
const COMMON_WORDS: &[&str] = &["in", "no", "art"];

/// Times written with dotted abbreviations.
const TIME_MARKS: &[&str] = &["a.m", "p.m"];
/// Eras written with dotted abbreviations.
const ERA_MARKS: &[&str] = &["b.c", "a.d", "c.e", "b.c.e"];

fn is_time_or_era(k: &str) -> bool {
    TIME_MARKS.contains(&k) || ERA_MARKS.contains(&k)
}

/// Whether a number stands just before `word_start` ("6 a.m.", "753 B.C.").
fn time_after_number(line: &str, seg_start: usize, word_start: usize) -> bool {
    line[seg_start.min(word_start)..word_start]
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(is_digit)
}

/// A time, an era or a unit after a number, before a capitalized word. It ends the sentence
/// when a clause comes before the number ("He left the bank at 6 p.m. Mr. Smith then ...",
/// "She weighed 5 lb. Tom ..."), not after a short opening phrase ("At 5 a.m. Mr. Smith ...",
/// "In 44 B.C. Caesar ...").
fn decide_measure(
    line: &str,
    seg_start: usize,
    word: &str,
    word_start: usize,
    after: usize,
) -> Option<Option<usize>> {
    let k = key(word);
    let measure = is_time_or_era(&k) || UNITS.contains(&k.as_str());
    if !measure || !time_after_number(line, seg_start, word_start) {
        return None;
    }
    let clause = words_between(
        line,
        seg_start,
        word_start,
        MIN_WORDS_BEFORE_FINAL_ABBREVIATION,
    ) >= MIN_WORDS_BEFORE_FINAL_ABBREVIATION;
    Some(clause.then_some(after))
}

/// An Arabic word before a full stop: initials and abbreviations (`د.`, `أ.د.`, `ص.ب.`) do not
/// end a sentence, era marks after a year (`2020 م.`) and everything else do.
fn decide_arabic_word(line: &str, word_start: usize, k: &str, after: usize) -> Option<usize> {
    let bare: String = k.chars().filter(|c| *c != 'ـ').collect();
    let is_initial = is_single_letter(k) || is_dotted_initials(k);
    if !is_initial {
        return Some(after);
    }
    if AR_ERA_MARKS.contains(&k) || AR_ERA_MARKS.contains(&bare.as_str()) {
        // An era mark ends a sentence when it follows a year.
        let before =
            line[..word_start].trim_end_matches(|c: char| c.is_whitespace() || is_bidi_control(c));
        if before.chars().next_back().is_some_and(is_digit) {
            return Some(after);
        }
    }
    None
}

/// An ellipsis: `...`, `…`, `. . .` or four dots.
fn decide_ellipsis(
    line: &str,
    start: usize,
    run: &Run,
    after: usize,
    next_first: char,
) -> Option<usize> {
    // "[...]" marks an omission inside a quotation.
    if char_before(line, start) == Some('[') && char_at(line, run.end) == Some(']') {
        return None;
    }
    let starts = next_first.is_uppercase() || is_arabic_letter(next_first) || is_digit(next_first);
    if !starts {
        return None;
    }
    if run.spaced {
        let attached = char_before(line, start).is_some_and(|c| !c.is_whitespace());
        return match run.dots {
            // "compounds. . . . The": a full stop, then an ellipsis that opens the next sentence.
            4 if attached => Some(run.after_first),
            n if n >= 4 => Some(after),
            // ". . ." alone marks an omission inside the sentence.
            _ => None,
        };
    }
    Some(after)
}

/// Whether `word` (before a full stop) is an abbreviation or an initial.
fn is_abbreviation(profile: &Profile, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let k = key(word);
    TITLES.contains(&k.as_str())
        || BEFORE_NUMBERS.contains(&k.as_str())
        || profile.abbreviations.contains(&k.as_str())
        || is_dotted_initials(word)
        || is_single_letter(word)
}

/// A list marker at the start of a line: bullet, number or letter, and its closing punctuation.
struct ListMarker<'a> {
    bullet: &'a str,
    ordinal: Ordinal,
    punct: &'a str,
}

#[derive(Clone, Copy)]
enum Ordinal {
    Number(u64),
    Letter(char),
    None,
}

/// Reads a list marker ("1.", "1.)", "2)", "a.", "• 9.", "⁃10.") at byte `i`.
fn list_marker_at(line: &str, i: usize) -> Option<(ListMarker<'_>, usize)> {
    let rest = &line[i..];
    let mut j = 0;
    let bullet_end = rest
        .char_indices()
        .find(|&(_, c)| !is_bullet(c))
        .map_or(rest.len(), |(k, _)| k);
    let bullet = &rest[..bullet_end];
    if bullet.chars().count() > 1 {
        return None;
    }
    j += bullet_end;
    while rest[j..].starts_with(' ') && !bullet.is_empty() {
        j += 1;
    }
    let digits = rest[j..].bytes().take_while(u8::is_ascii_digit).count();
    let ordinal = if digits > 0 && digits <= 3 {
        let n = rest[j..j + digits].parse().ok()?;
        j += digits;
        Ordinal::Number(n)
    } else if let Some(c) = rest[j..].chars().next().filter(|c| c.is_ascii_lowercase())
        && bullet.is_empty()
    {
        j += 1;
        Ordinal::Letter(c)
    } else if !bullet.is_empty() && digits == 0 {
        Ordinal::None
    } else {
        return None;
    };
    let punct_len = if rest[j..].starts_with(".)") {
        2
    } else if rest[j..].starts_with(')') || rest[j..].starts_with('.') {
        1
    } else if matches!(ordinal, Ordinal::None) {
        0
    } else {
        return None;
    };
    let punct = &rest[j..j + punct_len];
    if matches!(ordinal, Ordinal::Letter(_)) && punct.is_empty() {
        return None;
    }
    j += punct_len;
    // The marker is followed by a space and a word that does not start in lower case.
    if !rest[j..].starts_with(' ') {
        return None;
    }
    let next = next_after(rest, j);
    if next.first.is_none_or(|c| c.is_lowercase()) {
        return None;
    }
    Some((
        ListMarker {
            bullet,
            ordinal,
            punct,
        },
        i + j,
    ))
}

/// Breaks before the following items of a list written on one line ("1) one 2) two"), found
/// only when the line itself starts with a list marker and the items are numbered in sequence.
fn list_breaks(line: &str, out: &mut Vec<usize>) {
    let lead = line.len() - line.trim_start().len();
    let Some((mut marker, mut pos)) = list_marker_at(line, lead) else {
        return;
    };
    loop {
        let (needle, successor) = match marker.ordinal {
            Ordinal::Number(n) if marker.bullet.is_empty() => (
                format!("{}{}", n + 1, marker.punct),
                Some(Ordinal::Number(n + 1)),
            ),
            Ordinal::Number(n) => (marker.bullet.to_string(), Some(Ordinal::Number(n + 1))),
            Ordinal::Letter(c) => match char::from_u32(c as u32 + 1) {
                Some(n) if n.is_ascii_lowercase() => {
                    (format!("{n}{}", marker.punct), Some(Ordinal::Letter(n)))
                }
                _ => return,
            },
            Ordinal::None => (marker.bullet.to_string(), None),
        };
        let mut found = None;
        let mut from = pos;
        while let Some(k) = line[from..].find(needle.as_str()) {
            let at = from + k;
            let spaced_before = char_before(line, at).is_some_and(char::is_whitespace);
            let candidate = list_marker_at(line, at).filter(|(m, _)| {
                m.bullet == marker.bullet
                    && m.punct == marker.punct
                    && match (successor, m.ordinal) {
                        (Some(Ordinal::Number(a)), Ordinal::Number(b)) => a == b,
                        (Some(Ordinal::Letter(a)), Ordinal::Letter(b)) => a == b,
                        (None, Ordinal::None) => true,
                        _ => false,
                    }
            });
            if spaced_before && let Some((m, p)) = candidate {
                found = Some((at, m, p));
                break;
            }
            from = at + needle.len();
        }
        let Some((at, m, p)) = found else { return };
        out.push(at);
        marker = m;
        pos = p;
    }
}

/// How far back (in bytes) quotation marks are counted to tell an opening from a closing `"`.
const QUOTE_BACK_LIMIT: usize = 4096;

/// Moves a break past a quotation mark written apart from the sentence (`... الالغام " .` or
/// `through. " The`), when the sentence before the break left that quotation open.
fn past_closing_quote(line: &str, seg_start: usize, b: usize) -> usize {
    let rest = &line[b..];
    let spaces = rest.len() - rest.trim_start().len();
    let Some(q) = char_at(line, b + spaces) else {
        return b;
    };
    let close = match q {
        '"' => '"',
        '»' => '»',
        '”' => '”',
        _ => return b,
    };
    let end = b + spaces + q.len_utf8();
    if !char_at(line, end).is_none_or(char::is_whitespace) {
        return b;
    }
    let from = floor_boundary(line, seg_start.max(b.saturating_sub(QUOTE_BACK_LIMIT)));
    let sentence = &line[from..b];
    let open = match close {
        '"' => sentence.matches('"').count() % 2 == 1,
        '»' => sentence.matches('«').count() > sentence.matches('»').count(),
        _ => sentence.matches('“').count() > sentence.matches('”').count(),
    };
    if open {
        // A full stop may follow the closing mark: `" .`
        let after_quote = &line[end..];
        let gap = after_quote.len() - after_quote.trim_start().len();
        if after_quote[gap..].starts_with('.')
            && char_at(line, end + gap + 1).is_none_or(char::is_whitespace)
        {
            return end + gap + 1;
        }
        end
    } else {
        b
    }
}

/// Appends to `out` the byte offsets in `line` (which holds no newline) where a new sentence may
/// start, in increasing order.
pub(crate) fn line_breaks(profile: &Profile, line: &str, out: &mut Vec<usize>) {
    let mut list = Vec::new();
    list_breaks(line, &mut list);
    let mut list = list.into_iter().peekable();
    let bytes = line.as_bytes();
    let mut seg_start = 0;
    let mut dateline = false;
    let mut i = 0;
    while i < bytes.len() {
        let class = CLASS[bytes[i] as usize];
        if class == 0 {
            i += 1;
            continue;
        }
        while let Some(&b) = list.peek() {
            if b > i {
                break;
            }
            list.next();
            if b > seg_start {
                out.push(b);
                seg_start = b;
            }
        }
        if class == 2 {
            // ':' — only a dateline header ("..., 05:01 GMT The Sunday Times: ...") ends at a colon.
            let digit_around = i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            if digit_around {
                let mut j = i + 1;
                while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b':') {
                    j += 1;
                }
                let tail = &line[j..];
                if tail.starts_with(" GMT")
                    || tail.starts_with(" UTC")
                    || tail.starts_with(" بتوقيت")
                {
                    dateline = true;
                }
            } else if dateline && bytes.get(i + 1).is_some_and(|b| *b == b' ') {
                out.push(i + 1);
                seg_start = i + 1;
                dateline = false;
            }
            i += 1;
            continue;
        }
        if class == 3 && !multibyte_terminator_at(bytes, i) {
            // Most such lead bytes start Arabic letters: skip them without decoding.
            i += 1;
            continue;
        }
        let run = scan_run(line, i);
        if let Some(b) = decide(profile, line, seg_start, i, &run)
            .map(|b| past_closing_quote(line, seg_start, b))
            && b > seg_start
        {
            out.push(b);
            seg_start = b;
            dateline = false;
        }
        i = run.end.max(i + 1);
    }
    for b in list {
        if b > seg_start {
            out.push(b);
            seg_start = b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segmenter;

    fn seg(lang: &str, text: &str) -> Vec<String> {
        let s = Segmenter::builtin(&LanguageTag::parse(lang).unwrap());
        s.segment(text)
            .iter()
            .map(|x| x.text(text).to_string())
            .collect()
    }

    #[test]
    fn arabic_question_mark_and_exclamation() {
        assert_eq!(
            seg("ar", "هل انتهى العمل؟ ليس بعد! سنواصل."),
            ["هل انتهى العمل؟", "ليس بعد!", "سنواصل."]
        );
        assert_eq!(seg("ar", "حقا؟! نعم."), ["حقا؟!", "نعم."]);
    }

    #[test]
    fn arabic_initials_do_not_end_sentences() {
        assert_eq!(
            seg("ar", "وقال د. أحمد إن الوضع مستقر. وأضاف أنه متفائل."),
            ["وقال د. أحمد إن الوضع مستقر.", "وأضاف أنه متفائل."]
        );
        assert_eq!(
            seg("ar", "حاضر أ.د. محمد علي في الندوة."),
            ["حاضر أ.د. محمد علي في الندوة."]
        );
        assert_eq!(
            seg("ar", "العنوان ص.ب. 1234 عمان."),
            ["العنوان ص.ب. 1234 عمان."]
        );
    }

    #[test]
    fn arabic_era_mark_after_year_ends_sentence() {
        assert_eq!(
            seg("ar", "ولد عام 1950 م. وتوفي بعد ذلك."),
            ["ولد عام 1950 م.", "وتوفي بعد ذلك."]
        );
    }

    #[test]
    fn numbers_and_urls_do_not_break() {
        assert_eq!(
            seg("ar", "بلغ 22.230 ذخيرة و٢٫٧ مليون. انتهى."),
            ["بلغ 22.230 ذخيرة و٢٫٧ مليون.", "انتهى."]
        );
        assert_eq!(
            seg("en", "See www.example.com. Then jane.doe@mail.org wrote."),
            ["See www.example.com.", "Then jane.doe@mail.org wrote."]
        );
    }

    #[test]
    fn commas_and_semicolons_never_break() {
        assert_eq!(
            seg("ar", "أولا، ثانيا؛ ثالثا: رابعا"),
            ["أولا، ثانيا؛ ثالثا: رابعا"]
        );
    }

    #[test]
    fn english_abbreviations() {
        assert_eq!(
            seg("en", "Mr. Smith met Dr. Jones at 10 a.m. on Monday."),
            ["Mr. Smith met Dr. Jones at 10 a.m. on Monday."]
        );
        assert_eq!(
            seg("en", "I live in the U.S. How about you?"),
            ["I live in the U.S.", "How about you?"]
        );
        assert_eq!(
            seg("en", "I work for the U.S. Government in Virginia."),
            ["I work for the U.S. Government in Virginia."]
        );
    }

    #[test]
    fn list_on_one_line() {
        assert_eq!(
            seg("en", "1) The first item 2) The second item"),
            ["1) The first item", "2) The second item"]
        );
    }

    #[test]
    fn long_line_without_punctuation_is_one_sentence() {
        let line = "كلمة ".repeat(10_000);
        assert_eq!(seg("ar", &line).len(), 1);
    }
}
