//! Alignment QA on one translation unit: signs that a source and a target are not (or no longer)
//! translations of each other.
//!
//! Checks: numbers that differ (through [`crate::numbers`], so `000 48` = `48 ألف` = `48,000`),
//! an untranslated target, a length ratio far outside what the language pair predicts
//! ([`LengthModel`]), a low aligner confidence, brackets or quotes balanced on one side only,
//! leading or trailing whitespace, doubled spaces. Every check is a warning: a legal unit that a
//! person should look at.
//!
//! What this module does not do: judge meaning, spelling or terminology, or look at more than one
//! unit at a time (duplicates and conflicts are found by [`super::structure`]).

use super::{Code, Finding};
use crate::numbers;
use crate::tmx::TranslationUnit;

/// Below this `x-confidence` a pair is reported: under one half the aligner itself rates the
/// pair more likely wrong than right.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.5;

/// How many robust standard deviations from the predicted length ratio make a pair suspicious.
/// Four keeps the false alarm rate under one in ten thousand for normally distributed ratios while
/// a merged or split pair (a sentence missing on one side) is typically five or more away.
pub const LENGTH_RATIO_THRESHOLD: f64 = 4.0;

/// Per-character standard deviation of the log length ratio when nothing is known about the
/// language pair: Gale and Church (1993) measured a variance of 6.8 per source character for
/// target lengths of closely related languages; 3.0 (variance 9) widens it for distant pairs.
const PRIOR_SIGMA: f64 = 3.0;

/// Fitted spreads are not allowed below this, so that a file of unusually uniform pairs does not
/// turn ordinary variation into findings. Half the prior's spread.
const SIGMA_FLOOR: f64 = 1.5;

/// Weight, in pairs, of the language-pair prior when it is blended with a file's own statistics:
/// a file of 20 pairs counts half, a file of thousands decides alone.
const PRIOR_WEIGHT: f64 = 20.0;

/// Scale factor from the median absolute deviation to a standard deviation for normal data.
const MAD_TO_SIGMA: f64 = 1.4826;

/// The expected log of (target characters / source characters), known language pairs. Arabic
/// script omits short vowels and attaches articles, conjunctions and prepositions to words, so the
/// same sentence takes about 15% more characters in English (ratio 1.15 on parallel news text);
/// unknown pairs expect equal lengths.
fn prior_mean(source: &str, target: &str) -> f64 {
    const AR_TO_EN: f64 = 0.14; // ln(1.15)
    let primary = |l: &str| {
        l.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    match (primary(source).as_str(), primary(target).as_str()) {
        ("ar", "en") => AR_TO_EN,
        ("en", "ar") => -AR_TO_EN,
        _ => 0.0,
    }
}

/// Characters that count for length: everything but whitespace, since scripts space words
/// differently.
pub fn counted_chars(text: &str) -> usize {
    // Byte loops the compiler vectorizes, in `u8` lanes of 255 bytes: characters are the bytes
    // that are not continuation bytes, less ASCII whitespace; other whitespace (no-break and
    // narrow spaces) is looked for only when a lead byte of one is present.
    let bytes = text.as_bytes();
    let mut count = 0usize;
    let mut maybe_other_space = 0u8;
    for chunk in bytes.chunks(255) {
        let mut n = 0u8;
        for &b in chunk {
            // `|` and `&` rather than `||` and `&&`: no branch, so the loop vectorizes.
            let space = (b == b' ') | (b == b'\t') | (b == b'\n') | (b == b'\r');
            n += u8::from(((b as i8) >= -64) & !space);
            maybe_other_space |= u8::from((b == 0xC2) | (b == 0xE1) | (b == 0xE2) | (b == 0xE3));
        }
        count += usize::from(n);
    }
    if maybe_other_space != 0 {
        count -= text
            .chars()
            .filter(|c| !c.is_ascii() && c.is_whitespace())
            .count();
    }
    count
}

/// One pair's length evidence: the log ratio and the mean length it was measured on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LengthSample {
    /// ln((target + 1) / (source + 1)), characters without whitespace.
    pub log_ratio: f64,
    /// Mean of the two lengths: the ratio's variance shrinks as 1/length.
    pub length: f64,
    /// Characters of the source and of the target.
    pub source_chars: usize,
    /// Characters of the target.
    pub target_chars: usize,
}

impl LengthSample {
    /// The sample of a pair, or `None` when a side is empty (an empty segment is its own finding).
    pub fn of(source: &str, target: &str) -> Option<LengthSample> {
        let s = counted_chars(source);
        let t = counted_chars(target);
        if s == 0 || t == 0 {
            return None;
        }
        Some(LengthSample {
            log_ratio: ((t as f64 + 1.0) / (s as f64 + 1.0)).ln(),
            length: (s + t) as f64 / 2.0,
            source_chars: s,
            target_chars: t,
        })
    }
}

/// What lengths a language pair's translations have: the log ratio of target to source length is
/// modelled as normal with mean `mean` and variance `sigma² / length`, the length-proportional
/// variance of Gale and Church's aligner.
///
/// The parameters come from the file's own pairs, robustly (the median of the log ratios, and
/// the median absolute deviation of the length-scaled residuals), blended with the language
/// pair's prior when there are few pairs, so that a dozen pairs cannot make a normal pair look
/// odd and a bad pair cannot hide among many.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LengthModel {
    /// Expected ln(target / source characters).
    pub mean: f64,
    /// Standard deviation of the log ratio times the square root of the pair's length.
    pub sigma: f64,
}

impl LengthModel {
    /// The model before any pair is seen.
    pub fn prior(source_lang: &str, target_lang: &str) -> LengthModel {
        LengthModel {
            mean: prior_mean(source_lang, target_lang),
            sigma: PRIOR_SIGMA,
        }
    }

    /// The prior updated with `samples` (robust estimates, blended by sample count).
    pub fn fit(prior: LengthModel, samples: &[LengthSample]) -> LengthModel {
        if samples.is_empty() {
            return prior;
        }
        let n = samples.len() as f64;
        let mut ratios: Vec<f64> = samples.iter().map(|s| s.log_ratio).collect();
        let median = median(&mut ratios);
        let mut residuals: Vec<f64> = samples
            .iter()
            .map(|s| ((s.log_ratio - median) * s.length.sqrt()).abs())
            .collect();
        let spread = MAD_TO_SIGMA * self::median(&mut residuals);
        let w = n / (n + PRIOR_WEIGHT);
        LengthModel {
            mean: w * median + (1.0 - w) * prior.mean,
            sigma: (w * spread + (1.0 - w) * prior.sigma).max(SIGMA_FLOOR),
        }
    }

    /// How many standard deviations `sample` is from the prediction.
    pub fn z(&self, sample: &LengthSample) -> f64 {
        (sample.log_ratio - self.mean) * sample.length.sqrt() / self.sigma
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// One side of a pair as the checks see it.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The variant's language as written.
    pub lang: &'a str,
    /// Plain text (inline codes left out).
    pub text: &'a str,
    /// Where its `<seg>` starts, when known.
    pub line: Option<usize>,
    /// The column where its `<seg>` starts.
    pub column: Option<usize>,
}

/// Checks pairs of one file against the same settings.
#[derive(Debug, Clone)]
pub struct PairChecker {
    /// The file named in findings.
    pub file: String,
    /// Pairs with an `x-confidence` below this are reported.
    pub min_confidence: f64,
    /// The length model pairs are judged against.
    pub length: LengthModel,
}

impl PairChecker {
    /// A checker for `file` with the language pair's prior length model.
    pub fn new(file: impl Into<String>, source_lang: &str, target_lang: &str) -> PairChecker {
        PairChecker {
            file: file.into(),
            min_confidence: DEFAULT_MIN_CONFIDENCE,
            length: LengthModel::prior(source_lang, target_lang),
        }
    }

    /// Every pair finding of `unit` (the variants of `source_lang` and `target_lang`), without
    /// positions: for units built in memory, as `build` has them.
    pub fn check_unit(
        &self,
        unit: &TranslationUnit,
        source_lang: &str,
        target_lang: &str,
    ) -> Vec<Finding> {
        let (Some(src), Some(tgt)) = (unit.variant(source_lang), unit.variant(target_lang)) else {
            return Vec::new();
        };
        let (src_text, tgt_text) = (src.segment.text(), tgt.segment.text());
        let side = |lang, text| Side {
            lang,
            text,
            line: None,
            column: None,
        };
        let (s, t) = (side(&src.lang, &src_text), side(&tgt.lang, &tgt_text));
        let mut out = Vec::new();
        self.check_texts(
            unit.tuid.as_deref(),
            s,
            t,
            unit.prop("x-confidence"),
            &mut out,
        );
        if let Some(f) = self.check_length(unit.tuid.as_deref(), s, t) {
            out.push(f);
        }
        out
    }

    fn finding(&self, code: Code, side: Side, tuid: Option<&str>, message: String) -> Finding {
        let mut f = Finding::new(code, self.file.clone(), message).in_unit(tuid);
        f.line = side.line;
        f.column = side.column;
        f
    }

    /// The length-ratio finding of a pair, if its length is far from the model's prediction.
    pub fn check_length(&self, tuid: Option<&str>, src: Side, tgt: Side) -> Option<Finding> {
        let sample = LengthSample::of(src.text, tgt.text)?;
        self.length_finding_with(&self.length, tuid, sample, tgt.lang, tgt.line, tgt.column)
    }

    /// The length-ratio finding of a pair against `model` rather than the checker's own.
    pub fn length_finding_with(
        &self,
        model: &LengthModel,
        tuid: Option<&str>,
        sample: LengthSample,
        tgt_lang: &str,
        line: Option<usize>,
        column: Option<usize>,
    ) -> Option<Finding> {
        let z = model.z(&sample);
        let (s, t) = (sample.source_chars, sample.target_chars);
        (z.abs() > LENGTH_RATIO_THRESHOLD).then(|| {
            let expected = (model.mean.exp() * s as f64).round();
            let side = Side {
                lang: tgt_lang,
                text: "",
                line,
                column,
            };
            self.finding(
                Code::LengthRatio,
                side,
                tuid,
                format!(
                    "the `{tgt_lang}` target has {t} characters for a source of {s} (about \
                     {expected} expected; {:.1} standard deviations {}): check that no sentence is \
                     missing or extra on either side",
                    z.abs(),
                    if z > 0.0 { "longer" } else { "shorter" }
                ),
            )
        })
    }

    /// Every pair finding except the length ratio, which needs the file's statistics.
    pub fn check_texts(
        &self,
        tuid: Option<&str>,
        src: Side,
        tgt: Side,
        confidence: Option<&str>,
        out: &mut Vec<Finding>,
    ) {
        for side in [src, tgt] {
            if side.text.trim() != side.text && !side.text.trim().is_empty() {
                out.push(self.finding(
                    Code::LeadingTrailingWhitespace,
                    side,
                    tuid,
                    format!(
                        "the `{}` segment starts or ends with whitespace, which tools keep or trim \
                         differently; remove it",
                        side.lang
                    ),
                ));
            }
            if side.text.contains("  ") {
                out.push(self.finding(
                    Code::DoubledSpace,
                    side,
                    tuid,
                    format!(
                        "the `{}` segment has two spaces in a row; use one",
                        side.lang
                    ),
                ));
            }
        }
        if src.text.is_empty() || tgt.text.is_empty() {
            return;
        }
        for side in [src, tgt] {
            if let Some(problem) = super::script::check(side.text, side.lang) {
                out.push(self.finding(
                    Code::WrongScript,
                    side,
                    tuid,
                    script_message(side.lang, &problem),
                ));
            }
        }
        self.check_numbers(tuid, src, tgt, out);
        if !same_primary(src.lang, tgt.lang)
            && same_but_whitespace(src.text, tgt.text)
            && !copied_rightly(src.text)
        {
            let how = if same_ignoring_case(src.text.trim(), tgt.text.trim()) {
                "unchanged"
            } else {
                "but for its spacing"
            };
            out.push(self.finding(
                Code::Untranslated,
                tgt,
                tuid,
                format!(
                    "the `{}` target is the `{}` source {how}; translate it or drop the unit",
                    tgt.lang, src.lang
                ),
            ));
        }
        let (sb, tb) = (balance(src.text), balance(tgt.text));
        for (i, name) in BRACKET_NAMES.iter().enumerate() {
            if sb[i] != tb[i] {
                let (bad, good) = if sb[i] { (tgt, src) } else { (src, tgt) };
                out.push(self.finding(
                    Code::UnbalancedBrackets,
                    bad,
                    tuid,
                    format!(
                        "{name} are unbalanced in the `{}` segment but balanced in the `{}` one: a \
                         part of the sentence may be missing",
                        bad.lang, good.lang
                    ),
                ));
            }
        }
        if let Some(value) = confidence {
            match value.trim().parse::<f64>() {
                Ok(c) if (0.0..=1.0).contains(&c) => {
                    if c < self.min_confidence {
                        out.push(self.finding(
                            Code::LowConfidence,
                            tgt,
                            tuid,
                            format!(
                                "the aligner's confidence is {c} (below {}); check that the \
                                 target translates the source",
                                self.min_confidence
                            ),
                        ));
                    }
                }
                _ => out.push(self.finding(
                    Code::LowConfidence,
                    tgt,
                    tuid,
                    format!(
                        "x-confidence `{value}` is not a number between 0 and 1, so the pair's \
                         alignment cannot be trusted; check it"
                    ),
                )),
            }
        }
    }

    fn check_numbers(&self, tuid: Option<&str>, src: Side, tgt: Side, out: &mut Vec<Finding>) {
        match (DigitRuns::of(src.text), DigitRuns::of(tgt.text)) {
            (Some(s), Some(t)) if s.is_empty() && t.is_empty() => return,
            // The same digit groups on both sides: whatever the separators, every number has a
            // reading that matches (`22.230` = `22,230`, `000 48` = `48,000`; a scaled `48 ألف`
            // keeps its reading 48 too), so the full scanner would find nothing.
            (Some(s), Some(t)) if s == t => return,
            _ => {}
        }
        let s = numbers::find_numbers(src.text, src.lang);
        let t = numbers::find_numbers(tgt.text, tgt.lang);
        let (mut missing_in_target, mut missing_in_source) = numbers::unmatched(&s, &t);
        // A translated manual is paginated anew: its page references change or become
        // `above` and `below`, rightly.
        missing_in_target.retain(|m| !page_reference(src.text, m.start));
        missing_in_source.retain(|m| !page_reference(tgt.text, m.start));
        if missing_in_target.is_empty() && missing_in_source.is_empty() {
            return;
        }
        let show = |text: &str, list: &[&numbers::NumberMention]| {
            list.iter()
                .map(|m| format!("`{}`", &text[m.start..m.end]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !missing_in_target.is_empty() {
            parts.push(format!(
                "{} in the `{}` source has no counterpart in the target",
                show(src.text, &missing_in_target),
                src.lang
            ));
        }
        if !missing_in_source.is_empty() {
            parts.push(format!(
                "{} in the `{}` target has no counterpart in the source",
                show(tgt.text, &missing_in_source),
                tgt.lang
            ));
        }
        out.push(self.finding(
            Code::NumberMismatch,
            tgt,
            tuid,
            format!("{}; check the numbers", parts.join("; ")),
        ));
    }
}

/// Words that introduce a page number, lower case, in the languages whose manuals say so.
const PAGE_WORDS: [&str; 19] = [
    "page",
    "pages",
    "p.",
    "pp.",
    "seite",
    "seiten",
    "s.",
    "página",
    "páginas",
    "pág.",
    "pagina",
    "pagine",
    "pag.",
    "страница",
    "стр.",
    "с.",
    "صفحة",
    "الصفحة",
    "ص.",
];

/// Whether the number at byte `start` of `text` is a page number (`on page 26`, `S. 298`).
fn page_reference(text: &str, start: usize) -> bool {
    text[..start]
        .split_whitespace()
        .next_back()
        .is_some_and(|word| PAGE_WORDS.contains(&word.to_lowercase().as_str()))
}

/// What a `wrong-script` finding says.
fn script_message(lang: &str, problem: &super::script::ScriptProblem) -> String {
    use super::script::ScriptProblem;
    match problem {
        ScriptProblem::Mojibake { garbled, repaired } => format!(
            "the `{lang}` segment holds mojibake: `{garbled}` is the UTF-8 of `{repaired}` read as \
             Latin-1 or CP1252; re-import the text as UTF-8"
        ),
        ScriptProblem::ForeignScript {
            foreign,
            counted,
            example,
            latin1_letters,
        } => {
            let hint = if *latin1_letters {
                " (letters of Latin-1's upper half under a language of another script: text in a \
                 legacy encoding such as GBK, Big5, Shift-JIS or EUC-KR was read as Latin-1)"
            } else {
                ""
            };
            format!(
                "{foreign} of the {counted} letters of the `{lang}` segment are not in {lang}'s \
                 script (`{example}`){hint}; check the text and its language tag"
            )
        }
    }
}

/// Whether two texts are equal once whitespace is left out and case ignored: a copy, or a
/// near-copy whose spacing alone was touched.
fn same_but_whitespace(a: &str, b: &str) -> bool {
    let letters = |t: &str| {
        t.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect::<Vec<char>>()
    };
    // Most pairs differ at once: compare without collecting when the first characters differ.
    let first = |t: &str| {
        t.chars()
            .find(|c| !c.is_whitespace())
            .map(|c| c.to_lowercase().next())
    };
    first(a) == first(b) && letters(a) == letters(b)
}

/// Whether a source is rightly copied as its translation: text with no word of two letters or
/// more (numbers, signs), a single word or name (`OmegaT`, `Article 2`), or text made of code,
/// placeholders, URLs, file names and key names (`${nameOnly}`, `Ctrl+T`, `QgsRasterLayer`).
fn copied_rightly(text: &str) -> bool {
    let mut words = 0usize;
    let (mut capitalised, mut acronym) = (true, false);
    for token in text.split_whitespace() {
        let trimmed = token.trim_matches(|c: char| !c.is_alphanumeric());
        if trimmed.chars().filter(|c| c.is_alphabetic()).count() < 2 || is_technical(token) {
            continue;
        }
        words += 1;
        capitalised &= trimmed.starts_with(char::is_uppercase);
        acronym |= trimmed
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit());
        if words > NAME_WORDS {
            return false;
        }
    }
    // One word, or the few capitalised words of a product's or an organisation's name, told
    // from a title-case interface string (`Open Project`) by its acronym.
    words <= 1 || (capitalised && acronym)
}

/// Most words of a name copied as it is (`IBM Watson`, `XML Spreadsheet 2003`, `HTML Help
/// Compiler`).
const NAME_WORDS: usize = 4;

/// Whether a whitespace-delimited token is code or a name of a thing rather than a word:
/// placeholders (`${x}`, `{0}`, `%s`, `<b>`), URLs and e-mail addresses, paths and file names,
/// key names (`Ctrl+T`), identifiers (`snake_case`, `camelCase`, `Qgs::Layer`, `a.b()`), and
/// anything in backquotes.
fn is_technical(token: &str) -> bool {
    let t = token.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '!' | '?' | '"' | '\''));
    if t.contains([
        '{', '}', '$', '%', '<', '>', '`', '_', '\\', '/', '@', '=', '#', '|',
    ]) || t.contains("::")
        || t.contains("()")
    {
        return true;
    }
    // Command-line options: `-jar`, `--help`, `-Xmx2048M`.
    if t.strip_prefix('-')
        .map(|o| o.trim_start_matches('-'))
        .is_some_and(|o| o.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        return true;
    }
    // Key names: modifier+key, and the names of keys on their own (`ctrl shift W`).
    if t.contains('+') && t.split('+').all(|k| !k.is_empty() && k.len() <= 6) {
        return true;
    }
    if KEY_NAMES.iter().any(|k| t.eq_ignore_ascii_case(k))
        || t.strip_prefix(['F', 'f'])
            .is_some_and(|n| n.parse::<u8>().is_ok_and(|n| (1..=24).contains(&n)))
    {
        return true;
    }
    // File names and dotted names: `setup.exe`, `org.omegat`, not a sentence's final period.
    let core = t.trim_end_matches('.');
    if let Some((stem, ext)) = core.rsplit_once('.')
        && !stem.is_empty()
        && !ext.is_empty()
        && ext.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return true;
    }
    // camelCase and inner capitals (`QgsRasterLayer`, `iPhone`), not an initial capital alone.
    t.chars().skip(1).any(char::is_uppercase) && t.chars().any(char::is_lowercase)
}

/// Names of modifier and special keys, as shortcut lists write them.
const KEY_NAMES: [&str; 22] = [
    "ctrl",
    "control",
    "alt",
    "altgr",
    "shift",
    "meta",
    "cmd",
    "command",
    "option",
    "super",
    "win",
    "fn",
    "esc",
    "enter",
    "tab",
    "backspace",
    "del",
    "ins",
    "home",
    "pgup",
    "pgdn",
    "space",
];

/// Case-insensitive equality that stops at the first difference (most pairs differ at once).
fn same_ignoring_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// The runs of digits in a text (any script's decimal digits, leading zeros kept), sorted: a
/// cheap signature that equals the other side's when both write the same digit groups.
#[derive(Debug, PartialEq, Eq)]
struct DigitRuns {
    runs: [u128; DigitRuns::MAX],
    len: usize,
}

impl DigitRuns {
    /// Runs kept; a text with more is left to the full number scanner.
    const MAX: usize = 24;

    /// The signature, or `None` when the text has too many or too long runs to summarize.
    fn of(text: &str) -> Option<DigitRuns> {
        let mut out = DigitRuns {
            runs: [0; DigitRuns::MAX],
            len: 0,
        };
        // Each run as base-11 digits shifted by one, so that leading zeros count. Digits are
        // recognized on the bytes: ASCII, Arabic-Indic (D9 A0-A9), Extended Arabic-Indic
        // (DB B0-B9) and fullwidth (EF BC 90-99) directly, and the characters whose lead byte
        // is that of some other script's digits (DF, E0, E1, EA, F0) through
        // `numbers::ascii_digit`, which reads the digits of every script.
        let mut current: Option<u128> = None;
        let bytes = text.as_bytes();
        let mut i = next_digit(bytes, 0);
        while i < bytes.len() {
            match digit_at(bytes, i) {
                // A run goes on digit by digit, without a block scan per digit.
                Some((d, width)) => {
                    let value = current
                        .unwrap_or(0)
                        .checked_mul(11)?
                        .checked_add(d as u128 + 1)?;
                    current = Some(value);
                    i += width;
                }
                // Anything between two digits ends a run; no digit starts inside a character,
                // so the search resumes at the next byte.
                None => {
                    if let Some(run) = current.take() {
                        out.push(run)?;
                    }
                    i = next_digit(bytes, i + 1);
                }
            }
        }
        if let Some(run) = current {
            out.push(run)?;
        }
        out.runs[..out.len].sort_unstable();
        Some(out)
    }

    fn push(&mut self, run: u128) -> Option<()> {
        *self.runs.get_mut(self.len)? = run;
        self.len += 1;
        Some(())
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Bytes looked at together by the vectorizable scans below: one AVX2 register.
const BLOCK: usize = 32;

/// Whether a digit [`DigitRuns`] reads may start at a byte `b` followed by `n1` and `n2`:
/// written without branches so that a block of bytes is tested at once. The lead bytes of the
/// other scripts' digits are flagged whatever follows, and [`digit_at`] decides.
#[inline(always)]
fn starts_digit(b: u8, n1: u8, n2: u8) -> bool {
    (b.wrapping_sub(b'0') < 10)
        | ((b == 0xD9) & (n1.wrapping_sub(0xA0) < 10))
        | ((b == 0xDB) & (n1.wrapping_sub(0xB0) < 10))
        | ((b == 0xEF) & (n1 == 0xBC) & (n2.wrapping_sub(0x90) < 10))
        | (b == 0xDF)
        | (b == 0xE0)
        | (b == 0xE1)
        | (b == 0xEA)
        | (b == 0xF0)
}

/// The `N` bytes of `bytes` from `i`, or, near the end, the rest copied into `tail` (zeros after).
#[inline]
fn window<'a, const N: usize>(bytes: &'a [u8], i: usize, tail: &'a mut [u8; N]) -> &'a [u8] {
    match bytes.get(i..i + N) {
        Some(w) => w,
        None => {
            let rest = &bytes[i..];
            tail[..rest.len()].copy_from_slice(rest);
            tail
        }
    }
}

/// The first offset at or after `i` where a digit starts, or the length of `bytes`. Most text
/// has none: it is skipped a block at a time.
fn next_digit(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        // The text's last bytes are padded with zeros, which start no digit and complete none.
        let mut tail = [0u8; BLOCK + 2];
        let w = window(bytes, i, &mut tail);
        let mut flags = [0u8; BLOCK];
        for (k, flag) in flags.iter_mut().enumerate() {
            *flag = u8::from(starts_digit(w[k], w[k + 1], w[k + 2]));
        }
        if let Some(k) = first_flag(&flags) {
            return i + k;
        }
        i += BLOCK;
    }
    bytes.len()
}

/// The offset of the first nonzero byte of a block of 0/1 flags: read as two little-endian
/// words, so that the block is not scanned a second time byte by byte.
#[inline(always)]
fn first_flag(flags: &[u8; BLOCK]) -> Option<usize> {
    let (lo, hi) = flags.split_at(BLOCK / 2);
    let word = |half: &[u8]| u128::from_le_bytes(half.try_into().unwrap_or([0; 16]));
    let (lo, hi) = (word(lo), word(hi));
    if lo != 0 {
        Some(lo.trailing_zeros() as usize / 8)
    } else if hi != 0 {
        Some(BLOCK / 2 + hi.trailing_zeros() as usize / 8)
    } else {
        None
    }
}

/// The digit starting at `bytes[i]` and its width in bytes, if a digit starts there.
fn digit_at(bytes: &[u8], i: usize) -> Option<(u8, usize)> {
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b @ b'0'..=b'9' => Some((b - b'0', 1)),
        0xD9 if (0xA0..=0xA9).contains(&next(1)) => Some((next(1) - 0xA0, 2)),
        0xDB if (0xB0..=0xB9).contains(&next(1)) => Some((next(1) - 0xB0, 2)),
        0xEF if next(1) == 0xBC && (0x90..=0x99).contains(&next(2)) => Some((next(2) - 0x90, 3)),
        // NKo, the scripts of South and Southeast Asia, and the supplementary planes: decoded.
        lead @ (0xDF | 0xE0 | 0xE1 | 0xEA | 0xF0) => {
            let width = match lead {
                0xDF => 2,
                0xF0 => 4,
                _ => 3,
            };
            let c = std::str::from_utf8(bytes.get(i..i + width)?)
                .ok()?
                .chars()
                .next()?;
            let d = numbers::ascii_digit(c)?;
            Some((d as u8 - b'0', width))
        }
        _ => None,
    }
}

fn same_primary(a: &str, b: &str) -> bool {
    let p = |l: &str| {
        l.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    p(a) == p(b)
}

const BRACKET_NAMES: [&str; 4] = [
    "round brackets",
    "square brackets",
    "curly brackets",
    "double quotes",
];

/// Whether `b` can start a bracket or a quote: the ASCII ones, and the lead bytes of «», “”„,
/// ‹›, 「」『』 and the fullwidth brackets. Without branches, so that a block of bytes is tested at once.
#[inline(always)]
fn bracket_byte(b: u8) -> bool {
    (b.wrapping_sub(b'(') < 2)
        | (b == b'[')
        | (b == b']')
        | (b == b'{')
        | (b == b'}')
        | (b == b'"')
        | (b == 0xC2)
        | (b == 0xE2)
        | (b == 0xE3)
        | (b == 0xEF)
}

/// The first offset at or after `i` of a byte that can start a bracket or a quote, or the length
/// of `bytes`; blocks without one are skipped at once.
fn next_bracket(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        // Zeros pad the text's last block: no bracket.
        let mut tail = [0u8; BLOCK];
        let w = window(bytes, i, &mut tail);
        let mut flags = [0u8; BLOCK];
        for (flag, &b) in flags.iter_mut().zip(w) {
            *flag = u8::from(bracket_byte(b));
        }
        if let Some(k) = first_flag(&flags) {
            return i + k;
        }
        i += BLOCK;
    }
    bytes.len()
}

/// Whether each kind of bracket (and double quotes) is balanced in `text`. The marker of a list
/// item (`a)`, `2)`, `iv )` at the start) closes no bracket and does not count.
fn balance(text: &str) -> [bool; 4] {
    let mut balanced = balance_of_marks(text);
    if !balanced[0]
        && let Some(item) = without_list_marker(text)
    {
        balanced[0] = balance_of_marks(item)[0];
    }
    balanced
}

/// The text after a list item's marker (one to three letters or digits, then `)`), if it starts
/// with one.
fn without_list_marker(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let label = text.find(|c: char| !c.is_alphanumeric())?;
    if label == 0 || text[..label].chars().count() > 3 {
        return None;
    }
    text[label..]
        .trim_start()
        .strip_prefix(')')
        .filter(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
}

fn balance_of_marks(text: &str) -> [bool; 4] {
    // Most segments hold no bracket or quote, and most bytes are none.
    let bytes = text.as_bytes();
    let mut i = next_bracket(bytes, 0);
    if i == bytes.len() {
        return [true; 4];
    }
    let mut depth = [0i64; 3];
    let mut broken = [false; 3];
    let mut straight_quotes = 0usize;
    let mut quotes = QuoteCount::default();
    // On the bytes: every bracket and quote is ASCII or one of a few fixed UTF-8 sequences, and
    // the continuation bytes of other characters never equal an ASCII byte. Only the bytes that
    // can start one are visited.
    while i < bytes.len() {
        let b = bytes[i];
        let at = i;
        i = next_bracket(bytes, i + 1);
        let tail = |n: usize| bytes.get(at + 1..at + 1 + n).unwrap_or(&[]);
        let (kind, delta) = match b {
            b'(' => (0, 1),
            b')' => (0, -1),
            b'[' => (1, 1),
            b']' => (1, -1),
            b'{' => (2, 1),
            b'}' => (2, -1),
            b'"' => {
                straight_quotes += 1;
                continue;
            }
            // « and »
            0xC2 => {
                match tail(1) {
                    [0xAB] => quotes.guillemets[0] += 1,
                    [0xBB] => quotes.guillemets[1] += 1,
                    _ => {}
                }
                continue;
            }
            // “ ” „ ‹ ›
            0xE2 => {
                match tail(2) {
                    [0x80, 0x9E] => quotes.low_open += 1,
                    [0x80, 0x9C] => quotes.left_double(),
                    [0x80, 0x9D] => quotes.right_double(),
                    [0x80, 0xB9] => quotes.single_guillemets[0] += 1,
                    [0x80, 0xBA] => quotes.single_guillemets[1] += 1,
                    _ => {}
                }
                continue;
            }
            // 「 」 『 』
            0xE3 => {
                match tail(2) {
                    [0x80, 0x8C] | [0x80, 0x8E] => quotes.corners[0] += 1,
                    [0x80, 0x8D] | [0x80, 0x8F] => quotes.corners[1] += 1,
                    _ => {}
                }
                continue;
            }
            // fullwidth （ ）
            0xEF => match tail(2) {
                [0xBC, 0x88] => (0, 1),
                [0xBC, 0x89] => (0, -1),
                _ => continue,
            },
            _ => continue,
        };
        depth[kind] += delta;
        if depth[kind] < 0 {
            broken[kind] = true;
        }
    }
    let ok = |k: usize| !broken[k] && depth[k] == 0;
    // Curly quotes pair as their languages write them, straight quotes by parity; a straight
    // quote may close a curly one (`“Linhas"`, typed over the source's quotes).
    let open = quotes.low_open + quotes.high_open;
    let quotes_ok = if open > 0 && straight_quotes >= open {
        (straight_quotes - open).is_multiple_of(2)
            && QuoteCount {
                low_open: 0,
                high_open: 0,
                ..quotes
            }
            .balanced()
    } else {
        straight_quotes.is_multiple_of(2) && quotes.balanced()
    };
    [ok(0), ok(1), ok(2), quotes_ok]
}

/// The quotation marks of a segment, counted so that every language's pairs balance: English
/// `“ ”`, German and Czech `„ “`, Polish and Hungarian `„ ”`, Swedish and Finnish `” ”`, French
/// and Russian `« »`, Danish `» «`, `‹ ›` either way round, Chinese and Japanese `「 」` `『 』`.
/// The order of guillemets is not checked (both directions are in use); each kind must come in
/// as many openings as closings.
#[derive(Debug, Default)]
struct QuoteCount {
    /// `„` still waiting for its closing `“` or `”`.
    low_open: usize,
    /// `“` opening (English) and still waiting for `”`.
    high_open: usize,
    /// `”` with nothing to close: Swedish and Finnish write it at both ends.
    lone_right: usize,
    guillemets: [usize; 2],
    single_guillemets: [usize; 2],
    corners: [usize; 2],
}

impl QuoteCount {
    /// `“` closes a German `„`, and otherwise opens an English quotation.
    fn left_double(&mut self) {
        if self.low_open > 0 {
            self.low_open -= 1;
        } else {
            self.high_open += 1;
        }
    }

    /// `”` closes an English `“` or a Polish `„`, and otherwise stands alone.
    fn right_double(&mut self) {
        if self.high_open > 0 {
            self.high_open -= 1;
        } else if self.low_open > 0 {
            self.low_open -= 1;
        } else {
            self.lone_right += 1;
        }
    }

    fn balanced(&self) -> bool {
        self.low_open == 0
            && self.high_open == 0
            && self.lone_right.is_multiple_of(2)
            && self.guillemets[0] == self.guillemets[1]
            && self.single_guillemets[0] == self.single_guillemets[1]
            && self.corners[0] == self.corners[1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side<'a>(lang: &'a str, text: &'a str) -> Side<'a> {
        Side {
            lang,
            text,
            line: Some(1),
            column: Some(1),
        }
    }

    fn codes(src: &str, tgt: &str) -> Vec<&'static str> {
        let checker = PairChecker::new("t.tmx", "ar", "en");
        let mut out = Vec::new();
        checker.check_texts(None, side("ar", src), side("en", tgt), None, &mut out);
        out.extend(checker.check_length(None, side("ar", src), side("en", tgt)));
        out.iter().map(|f| f.code).collect()
    }

    #[test]
    fn article_notations_are_not_mismatches() {
        assert!(codes("أكثر من 48 ألف لغم", "more than 48,000 mines").is_empty());
        assert!(codes("أكثر من 000 48 لغم", "more than 48,000 mines").is_empty());
        assert!(codes("22.230 ذخيرة غير منفجرة", "22,230 items of ordnance").is_empty());
        assert!(codes("حتى 15 تشرين الأول/أكتوبر 2021.", "by 15 October 2021.").is_empty());
        assert!(
            codes(
                "قوله \" اننا نتبادل الخبرات \" .",
                "saying: \"We are exchanging experience.\""
            )
            .is_empty()
        );
    }

    fn number_codes(src_lang: &str, src: &str, tgt_lang: &str, tgt: &str) -> Vec<&'static str> {
        let checker = PairChecker::new("t.tmx", src_lang, tgt_lang);
        let mut out = Vec::new();
        checker.check_texts(
            None,
            side(src_lang, src),
            side(tgt_lang, tgt),
            None,
            &mut out,
        );
        // Numerals read in a language that does not write them are tested below, in segments
        // whose script is rightly reported too.
        out.iter()
            .map(|f| f.code)
            .filter(|c| *c != "wrong-script")
            .collect()
    }

    #[test]
    fn headings_numbered_in_words_and_numerals_match_by_language() {
        for (lang, first, second) in [
            ("zh", "第一条", "第二条"),
            ("he", "סעיף א.", "סעיף ב."),
            ("fa", "مادهٔ اول", "مادهٔ دوم"),
            ("fr", "Article premier", "Article 2"),
        ] {
            assert!(
                number_codes("ar", "المادة 1", lang, first).is_empty(),
                "{first}"
            );
            assert!(
                number_codes(lang, first, "ar", "المادة 1").is_empty(),
                "{first}"
            );
            assert_eq!(
                number_codes("ar", "المادة 1", lang, second),
                vec!["number-mismatch"],
                "{second}"
            );
            assert_eq!(
                number_codes(lang, second, "ar", "المادة 1"),
                vec!["number-mismatch"],
                "{second}"
            );
        }
        // Read as a language that does not write them, the numerals are not numbers.
        assert_eq!(
            number_codes("ar", "المادة 1", "en", "第一条"),
            vec!["number-mismatch"]
        );
    }

    #[test]
    fn page_references_may_change_in_translation() {
        assert!(codes("انظر الصفحة 26", "See page 4.").is_empty());
        let checker = PairChecker::new("t.tmx", "en", "pt-BR");
        let mut out = Vec::new();
        checker.check_texts(
            None,
            side(
                "en",
                "For further information, refer to “Assigning colors” on page 26.",
            ),
            side(
                "pt-BR",
                "Para mais informações, consulte “Atribuir cores\" abaixo.",
            ),
            None,
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
        // Other numbers still count.
        assert_eq!(codes("عام 1955", "in 1956"), vec!["number-mismatch"]);
    }

    #[test]
    fn each_pair_check_fires() {
        assert_eq!(
            codes("أكثر من 48 ألف لغم", "more than 46,000 mines"),
            vec!["number-mismatch"]
        );
        assert_eq!(
            codes("Karabakh region", "Karabakh region"),
            vec!["untranslated"]
        );
        assert_eq!(codes("2021", "2021"), Vec::<&str>::new());
        assert_eq!(
            codes("وكالة (أنامة) للألغام", "The agency (ANAMA for mines"),
            vec!["unbalanced-brackets"]
        );
        assert_eq!(
            codes("قال \" نعم \" .", "He said \"yes."),
            vec!["unbalanced-brackets"]
        );
        assert_eq!(
            codes(" وقال", "He said"),
            vec!["leading-trailing-whitespace"]
        );
        assert_eq!(codes("وقال  نعم", "He said yes"), vec!["doubled-space"]);
    }

    #[test]
    fn length_ratio_flags_a_missing_sentence_not_normal_variation() {
        let ar = "وتشكل الألغام الأرضية انتهاكا خطيرا لقواعد ومبادئ القانون الإنساني الدولي الهامة، بما في ذلك اتفاقيات جنيف لعام 1949.";
        let en = "Landmines are a grave violation of important rules and principles of international humanitarian law, including the 1949 Geneva Conventions.";
        assert!(codes(ar, en).is_empty());
        let long = format!("{en} {en} {en} {en}").replace(" 1949", "");
        let ar_long = ar.replace(" 1949", "");
        assert_eq!(codes(&ar_long, &long), vec!["length-ratio"]);
        let short_en = "Landmines.";
        assert_eq!(codes(&ar_long, short_en), vec!["length-ratio"]);
    }

    #[test]
    fn fitted_model_is_robust_to_outliers_and_falls_back_to_the_prior() {
        let prior = LengthModel::prior("ar", "en");
        assert_eq!(LengthModel::fit(prior, &[]), prior);
        let mut samples: Vec<LengthSample> = (0..200)
            .map(|i| LengthSample {
                log_ratio: 0.3 + 0.01 * ((i % 7) as f64 - 3.0),
                length: 100.0,
                source_chars: 100,
                target_chars: 130,
            })
            .collect();
        samples.extend((0..20).map(|_| LengthSample {
            log_ratio: 3.0,
            length: 100.0,
            source_chars: 10,
            target_chars: 200,
        }));
        let fitted = LengthModel::fit(prior, &samples);
        assert!((fitted.mean - 0.3).abs() < 0.03, "{fitted:?}");
        assert!(
            fitted.sigma >= SIGMA_FLOOR && fitted.sigma < 2.0,
            "{fitted:?}"
        );
    }

    #[test]
    fn digit_runs_agree_only_on_the_same_groups() {
        let runs = |t: &str| DigitRuns::of(t).unwrap();
        assert_eq!(runs("22.230 و 000 48"), runs("48,000 and 22,230"));
        assert_eq!(runs("٢٢٫٢٣٠"), runs("22.230"));
        assert_ne!(runs("1949"), runs("1994"));
        assert_ne!(runs("048"), runs("48"));
        assert!(runs("no digits").is_empty());
        assert_eq!(runs("अनुच्छेद १२"), runs("Article 12"));
        assert_eq!(runs("มาตรา ๑๒"), runs("第１２条"));
        assert_ne!(runs("अनुच्छेद १२"), runs("Article 13"));
        assert_eq!(codes("المادة १२", "Article 13"), vec!["number-mismatch"]);
        assert!(DigitRuns::of(&"1 ".repeat(30)).is_none());
        assert!(DigitRuns::of(&"9".repeat(60)).is_none());
        assert_eq!(
            codes("1949 و 1994", "1994 and 1994"),
            vec!["number-mismatch"]
        );
        // The shortcut agrees with the full scanner wherever it applies.
        for (a, b) in [
            ("أكثر من 48 مليون لغم", "more than 48 thousand mines"),
            ("22.230 و 17.426", "22,230 and 17,426"),
            ("000 48", "48 000"),
            ("15.10.2021", "15 10 2021"),
            ("١٢٣٬٤٥٦", "123,456"),
            ("3.5", "3,5"),
        ] {
            assert_eq!(runs(a), runs(b), "{a} / {b}");
            let (x, y) = (
                numbers::find_numbers(a, "ar"),
                numbers::find_numbers(b, "en"),
            );
            let (m, n) = numbers::unmatched(&x, &y);
            assert!(m.is_empty() && n.is_empty(), "{a} / {b}");
        }
    }

    /// The digit runs of `text`, character by character through `numbers::ascii_digit`.
    fn reference_runs(text: &str) -> Option<DigitRuns> {
        let mut out = DigitRuns {
            runs: [0; DigitRuns::MAX],
            len: 0,
        };
        let mut current: Option<u128> = None;
        for c in text.chars() {
            match numbers::ascii_digit(c) {
                Some(d) => {
                    let d = d as u128 - '0' as u128;
                    current = Some(current.unwrap_or(0).checked_mul(11)?.checked_add(d + 1)?);
                }
                None => {
                    if let Some(run) = current.take() {
                        out.push(run)?;
                    }
                }
            }
        }
        if let Some(run) = current {
            out.push(run)?;
        }
        out.runs[..out.len].sort_unstable();
        Some(out)
    }

    #[test]
    fn digit_runs_on_bytes_agree_with_the_characters() {
        // Digits of every script read, and characters sharing their lead bytes: U+066E (D9 AE),
        // U+06FA (DB BA), U+FF61 (EF BD A1), U+FEFC (EF BB BC), U+FF1A (EF BC 9A).
        // Other scripts' digits and letters sharing their lead bytes: Devanagari ० ९ and क,
        // Thai ๑ and ก, NKo ߁ and ߊ, mathematical 𝟘 and an emoji.
        let alphabet: Vec<char> = "0159٠٣٩۰۴۹０５９ٮۺ｡ﻼ：a ,.،جك\u{a0}०९क๑ก߁ߊ𝟘😀"
            .chars()
            .collect();
        let mut rng = 0x2545_F491_4F6C_DD1Du64;
        for len in 0..400 {
            let text: String = (0..len % 60)
                .map(|_| {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    alphabet[(rng % alphabet.len() as u64) as usize]
                })
                .collect();
            assert_eq!(DigitRuns::of(&text), reference_runs(&text), "{text:?}");
        }
    }

    #[test]
    fn brackets_and_quotes_of_every_script() {
        assert_eq!(balance("a (b) [c] {d} \"e\""), [true; 4]);
        assert_eq!(balance("«نعم» “yes” （x）"), [true; 4]);
        assert_eq!(balance(")("), [false, true, true, true]);
        assert_eq!(balance("«نعم"), [true, true, true, false]);
        assert_eq!(balance("（x"), [false, true, true, true]);
        assert_eq!(balance("\"a"), [true, true, true, false]);
        // List items.
        for item in [
            "a) la réfraction",
            "b ) la déviation",
            "12) Ende",
            " iv) fin",
            "c)",
        ] {
            assert!(balance(item)[0], "{item}");
        }
        for text in ["la déviation )", "abcd) x", "a)b", "a) (x"] {
            assert!(!balance(text)[0], "{text}");
        }
        // Past the first blocks of bytes, and in the last, partial one.
        let pad = "جاكرتا ".repeat(9);
        assert_eq!(balance(&format!("{pad}({pad}")), [false, true, true, true]);
        assert_eq!(balance(&format!("{pad}({pad})")), [true; 4]);
        assert_eq!(balance(&format!("{pad}{pad}«")), [true, true, true, false]);
        assert_eq!(balance(&format!("{pad}{pad}]")), [true, false, true, true]);
    }

    #[test]
    fn quotes_balance_as_each_language_writes_them() {
        for text in [
            "„Fantasie“ a „Fuga“",
            "„Nie”",
            "”Ja” sa han",
            "»Ja« sagde han",
            "‹oui› et ›non‹",
            "「はい」と『いいえ』",
            "“Yes,” he said",
        ] {
            assert!(balance(text)[3], "{text}");
        }
        for text in ["„Fantasie", "「はい", "«oui", "“Yes"] {
            assert!(!balance(text)[3], "{text}");
        }
        // A straight quote closing a curly one.
        assert!(balance("consulte “Atribuir cores\" abaixo")[3]);
        assert!(!balance("consulte “Atribuir cores\" \"abaixo")[3]);
        assert!(codes("قال «نعم» .", "Řekl „ano“.").is_empty());
    }

    #[test]
    fn rightly_copied_segments_are_not_untranslated_and_near_copies_are() {
        let en_fr = |src: &str, tgt: &str| {
            let checker = PairChecker::new("t.tmx", "en", "fr");
            let mut out = Vec::new();
            checker.check_texts(None, side("en", src), side("fr", tgt), None, &mut out);
            out.iter().map(|f| f.code).collect::<Vec<_>>()
        };
        for text in [
            "${nameOnly}",
            "Ctrl+T",
            "ctrl shift W",
            "meta alt F4",
            "java -jar OmegaT.jar",
            "IBM Watson",
            "XML Spreadsheet 2003",
            "OmegaT",
            "`QgsRasterLayer`",
            "https://omegat.org/download",
            "project_save.tmx",
            "Article 2",
            "QgsRasterLayer::dataProvider() -> {0}",
        ] {
            assert_eq!(en_fr(text, text), Vec::<&str>::new(), "{text}");
        }
        for (src, tgt) in [
            // A near-copy that differs only in its spacing.
            ("Open the project folder", "Open the project\u{a0}folder"),
            // A title-case interface string does not pass for a name.
            ("Open Project Folder", "Open Project Folder"),
            // Key names do not excuse the words around them.
            ("Press Enter to continue", "Press Enter to continue"),
        ] {
            assert_eq!(en_fr(src, tgt), vec!["untranslated"], "{src}");
        }
    }

    #[test]
    fn counted_chars_skips_every_whitespace() {
        assert_eq!(counted_chars("ab c"), 3);
        assert_eq!(counted_chars("جاك رتا\u{a0}1\u{202f}2"), 8);
    }

    #[test]
    fn confidence_below_threshold_or_unreadable() {
        let checker = PairChecker::new("t.tmx", "ar", "en");
        let mut out = Vec::new();
        for value in ["0.2", "high", "0.93"] {
            checker.check_texts(
                None,
                side("ar", "نعم"),
                side("en", "yes"),
                Some(value),
                &mut out,
            );
        }
        let codes: Vec<_> = out.iter().map(|f| f.code).collect();
        assert_eq!(codes, vec!["low-confidence", "low-confidence"]);
    }
}
