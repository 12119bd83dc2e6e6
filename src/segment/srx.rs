//! SRX 2.0 segmentation rules: reading the file, translating its Java regular expressions, and
//! applying the rules of one language to a line.
//!
//! SRX (Segmentation Rules eXchange) is the format CAT tools share: language rules made of
//! ordered `<rule break="yes|no">` elements with a `<beforebreak>` and an `<afterbreak>` regex,
//! and `<languagemap>`s that pick the language rules for a language code; with `cascade="yes"`
//! the rules of every matching map apply, in map order. At a position, the first rule (in that
//! order) whose `beforebreak` matches just before it and whose `afterbreak` matches just after it
//! decides; with no matching rule there is no break.
//!
//! The regexes are Java regexes. They are translated to Rust syntax where the meaning differs
//! (`\h`, `\v`, `(?U)`, `\p{Punct}`, POSIX classes, `[\d-–]`, `\uXXXX`, `\Q...\E`), compiled with
//! the `regex` crate, or with `fancy-regex` when they need lookaround, backreferences or atomic
//! groups. A regex that neither accepts is reported as an [`SrxDiagnostic`] and its rule is left
//! out; nothing is dropped silently.
//!
//! What it does not do: `<formathandle>` and `segmentsubflows` concern inline codes, which plain
//! text does not have, so they are read and ignored. Rules look at most [`CONTEXT_WINDOW`] bytes
//! on either side of a position, which keeps the engine linear in the length of the line; an
//! `afterbreak` sees the text from the position on, so a `\b` at its very start sees no left
//! context. Candidate positions of a break rule come from a leftmost, non-overlapping search of
//! its `beforebreak`, as in the Java engines. A Java `(?U)` flag applies from where it stands to
//! the end of the pattern, not only to the group around it.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::floor_boundary;
use crate::error::{Error, Position, Result};
use crate::lang::LanguageTag;

/// How many bytes of context a rule may see on each side of a candidate position. Java SRX
/// engines see the whole text, but real `beforebreak`/`afterbreak` patterns match a word or two;
/// a bound keeps the cost of a position constant, so long lines stay linear.
pub const CONTEXT_WINDOW: usize = 512;

/// An SRX file, parsed but not compiled.
#[derive(Debug, Clone)]
pub struct SrxRules {
    path: PathBuf,
    cascade: bool,
    language_rules: Vec<LanguageRule>,
    maps: Vec<LanguageMap>,
}

#[derive(Debug, Clone)]
struct LanguageRule {
    name: String,
    rules: Vec<RawRule>,
}

#[derive(Debug, Clone)]
struct RawRule {
    is_break: bool,
    before: String,
    after: String,
    line: usize,
}

#[derive(Debug, Clone)]
struct LanguageMap {
    pattern: String,
    rule_name: String,
    line: usize,
}

/// A rule, or a language map, that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrxDiagnostic {
    /// The `languagerulename` of the rule's language rule (or of the map).
    pub language_rule: String,
    /// 1-based index of the rule within its language rule; 0 for a language map or the file.
    pub rule_index: usize,
    /// 1-based line of the rule in the SRX file.
    pub line: usize,
    /// `beforebreak`, `afterbreak` or `languagepattern`.
    pub field: &'static str,
    /// The pattern as written in the file.
    pub pattern: String,
    /// Why it could not be used.
    pub reason: String,
}

impl fmt::Display for SrxDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.rule_index == 0 {
            write!(
                f,
                "line {}: language rule `{}`: {} `{}`: {}",
                self.line, self.language_rule, self.field, self.pattern, self.reason
            )
        } else {
            write!(
                f,
                "line {}: language rule `{}`, rule {}: {} `{}` left out: {}",
                self.line,
                self.language_rule,
                self.rule_index,
                self.field,
                self.pattern,
                self.reason
            )
        }
    }
}

impl SrxRules {
    /// Parses SRX text; `path` names the file in errors, which carry line and column.
    pub fn parse(text: &str, path: &Path) -> Result<SrxRules> {
        Parser::new(text, path).parse()
    }

    /// The names of the language rules, in file order.
    pub fn language_rule_names(&self) -> Vec<&str> {
        self.language_rules
            .iter()
            .map(|r| r.name.as_str())
            .collect()
    }

    /// Compiles the rules that apply to `lang`, reporting each rule that cannot be used.
    pub(crate) fn compile(&self, lang: &LanguageTag) -> (CompiledRules, Vec<SrxDiagnostic>) {
        let mut diagnostics = Vec::new();
        let codes = [lang.as_str().to_string(), lang.as_str().replace('-', "_")];
        let mut selected: Vec<&LanguageRule> = Vec::new();
        for map in &self.maps {
            let matcher = match translate(&map.pattern)
                .and_then(|p| Matcher::new(&format!("(?i)\\A(?:{p})\\z")))
            {
                Ok(m) => m,
                Err(reason) => {
                    diagnostics.push(SrxDiagnostic {
                        language_rule: map.rule_name.clone(),
                        rule_index: 0,
                        line: map.line,
                        field: "languagepattern",
                        pattern: map.pattern.clone(),
                        reason,
                    });
                    continue;
                }
            };
            if codes.iter().any(|c| matcher.is_match_at(c, 0)) {
                if let Some(rule) = self.language_rules.iter().find(|r| r.name == map.rule_name) {
                    selected.push(rule);
                }
                if !self.cascade {
                    break;
                }
            }
        }
        if selected.is_empty() {
            diagnostics.push(SrxDiagnostic {
                language_rule: String::new(),
                rule_index: 0,
                line: 0,
                field: "languagepattern",
                pattern: lang.to_string(),
                reason: format!(
                    "no <languagemap> of {} matches this language: only newlines will break",
                    self.path.display()
                ),
            });
        }
        let mut rules = Vec::new();
        for language_rule in selected {
            for (k, raw) in language_rule.rules.iter().enumerate() {
                let report = |field, pattern: &str, reason: String| SrxDiagnostic {
                    language_rule: language_rule.name.clone(),
                    rule_index: k + 1,
                    line: raw.line,
                    field,
                    pattern: pattern.to_string(),
                    reason,
                };
                let before = match compile_side(&raw.before, Side::Before) {
                    Ok(m) => m,
                    Err(reason) => {
                        diagnostics.push(report("beforebreak", &raw.before, reason));
                        continue;
                    }
                };
                let after = match compile_side(&raw.after, Side::After) {
                    Ok(m) => m,
                    Err(reason) => {
                        diagnostics.push(report("afterbreak", &raw.after, reason));
                        continue;
                    }
                };
                rules.push(CompiledRule {
                    is_break: raw.is_break,
                    before,
                    after,
                });
            }
        }
        let no_break_set = NoBreakSet::new(&rules);
        (
            CompiledRules {
                rules,
                no_break_set,
            },
            diagnostics,
        )
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

/// The compiled forms of one side of a rule; `None` for an empty pattern, which matches
/// everywhere.
#[derive(Debug)]
struct SideMatchers {
    /// The pattern itself, to find candidate positions (break rules' `beforebreak`).
    find: Matcher,
    /// The pattern anchored at the position: `(?:p)\z` before it, `\A(?:p)` after it.
    anchored: Matcher,
    /// The anchored pattern's text, for the no-break rule set.
    anchored_source: String,
}

fn compile_side(java: &str, side: Side) -> std::result::Result<Option<SideMatchers>, String> {
    if java.is_empty() {
        return Ok(None);
    }
    let p = translate(java)?;
    let anchored_source = match side {
        Side::Before => format!("(?:{p})\\z"),
        Side::After => format!("\\A(?:{p})"),
    };
    Ok(Some(SideMatchers {
        find: Matcher::new(&p)?,
        anchored: Matcher::new(&anchored_source)?,
        anchored_source,
    }))
}

/// A compiled regex: the `regex` crate when it accepts the pattern, `fancy-regex` otherwise.
#[derive(Debug)]
enum Matcher {
    Plain(regex::Regex),
    Fancy(fancy_regex::Regex),
}

impl Matcher {
    fn new(pattern: &str) -> std::result::Result<Matcher, String> {
        match regex::Regex::new(pattern) {
            Ok(re) => Ok(Matcher::Plain(re)),
            Err(plain) => match fancy_regex::Regex::new(pattern) {
                Ok(re) => Ok(Matcher::Fancy(re)),
                Err(fancy) => Err(format!(
                    "not a supported regex (as `{pattern}`): {}; with lookaround support: {fancy}",
                    first_line(&plain.to_string())
                )),
            },
        }
    }

    fn is_match_at(&self, haystack: &str, start: usize) -> bool {
        match self {
            Matcher::Plain(re) => re.is_match_at(haystack, start),
            // A pattern that exhausts the backtracking limit counts as not matching.
            Matcher::Fancy(re) => matches!(re.find_from_pos(haystack, start), Ok(Some(_))),
        }
    }

    /// Calls `f` with the end of each successive non-overlapping match in `haystack`.
    fn for_each_end(&self, haystack: &str, mut f: impl FnMut(usize)) {
        match self {
            Matcher::Plain(re) => re.find_iter(haystack).for_each(|m| f(m.end())),
            Matcher::Fancy(re) => {
                for m in re.find_iter(haystack) {
                    match m {
                        Ok(m) => f(m.end()),
                        Err(_) => break,
                    }
                }
            }
        }
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
        .to_string()
}

#[derive(Debug)]
struct CompiledRule {
    is_break: bool,
    before: Option<SideMatchers>,
    after: Option<SideMatchers>,
}

/// The anchored `beforebreak` patterns of the no-break rules that the `regex` crate compiles, as
/// one set, so that one pass over the window tells which of them match.
#[derive(Debug)]
struct NoBreakSet {
    set: Option<regex::RegexSet>,
    /// Rule index of each pattern in the set.
    rule_of: Vec<usize>,
}

impl NoBreakSet {
    fn new(rules: &[CompiledRule]) -> NoBreakSet {
        let mut patterns = Vec::new();
        let mut rule_of = Vec::new();
        for (k, r) in rules.iter().enumerate() {
            if let Some(b) = &r.before
                && !r.is_break
                && matches!(b.anchored, Matcher::Plain(_))
            {
                patterns.push(b.anchored_source.clone());
                rule_of.push(k);
            }
        }
        let set = regex::RegexSet::new(&patterns).ok();
        if set.is_none() {
            rule_of.clear();
        }
        NoBreakSet { set, rule_of }
    }
}

/// The rules that apply to one language, ready to run.
#[derive(Debug)]
pub(crate) struct CompiledRules {
    rules: Vec<CompiledRule>,
    no_break_set: NoBreakSet,
}

impl CompiledRules {
    /// Appends to `out` the positions in `line` where a new segment starts, in order.
    pub(crate) fn line_breaks(&self, line: &str, out: &mut Vec<usize>) {
        // Candidates: where some break rule's beforebreak ends and its afterbreak matches.
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for (k, rule) in self.rules.iter().enumerate() {
            if !rule.is_break {
                continue;
            }
            let mut add = |p: usize| {
                if p > 0 && p < line.len() && after_matches(rule, line, p) {
                    candidates.push((p, k));
                }
            };
            match &rule.before {
                Some(before) => before.find.for_each_end(line, &mut add),
                None => line.char_indices().for_each(|(p, _)| add(p)),
            }
        }
        candidates.sort_unstable();
        candidates.dedup_by_key(|c| c.0);
        for (p, first_break) in candidates {
            if !self.no_break_before(line, p, first_break) {
                out.push(p);
            }
        }
    }

    /// Whether a no-break rule that comes before rule `limit` matches at `p`.
    fn no_break_before(&self, line: &str, p: usize, limit: usize) -> bool {
        let window_start = floor_boundary(line, p.saturating_sub(CONTEXT_WINDOW));
        let head = &line[..p];
        if let Some(set) = &self.no_break_set.set {
            for i in set.matches_at(head, window_start).iter() {
                let k = self.no_break_set.rule_of[i];
                if k < limit && after_matches(&self.rules[k], line, p) {
                    return true;
                }
            }
        }
        self.rules[..limit].iter().enumerate().any(|(k, rule)| {
            !rule.is_break
                && !self.no_break_set.rule_of.contains(&k)
                && rule
                    .before
                    .as_ref()
                    .is_none_or(|b| b.anchored.is_match_at(head, window_start))
                && after_matches(rule, line, p)
        })
    }
}

/// Whether `rule`'s afterbreak matches at `p`.
fn after_matches(rule: &CompiledRule, line: &str, p: usize) -> bool {
    rule.after.as_ref().is_none_or(|a| {
        let end = floor_boundary(line, (p + CONTEXT_WINDOW).min(line.len()));
        a.anchored.is_match_at(&line[p..end], 0)
    })
}

// ------------------------------------------------------------------ Java regex translation

/// Java's `\h`: horizontal whitespace.
const JAVA_H: &str = r"\t\x20\xA0\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}";
/// Java's `\v` (since Java 8): vertical whitespace. Rust's `\v` is only U+000B.
const JAVA_V: &str = r"\n\x0B\x0C\r\x{85}\x{2028}\x{2029}";
/// Java's ASCII `\s`, `\d`, `\w` (without `(?U)`).
const JAVA_S: &str = r"\t\n\x0B\x0C\r\x20";
const JAVA_D: &str = "0-9";
const JAVA_W: &str = "a-zA-Z_0-9";
/// Java's POSIX `\p{Punct}`: the ASCII punctuation characters.
const JAVA_PUNCT: &str = r"!-/:-@\[-`{-~";

/// Translates a Java regex into the syntax of the `regex` / `fancy-regex` crates, or says why it
/// cannot be.
pub fn translate(java: &str) -> std::result::Result<String, String> {
    let chars: Vec<char> = java.chars().collect();
    let mut out = String::with_capacity(java.len() + 8);
    let mut unicode = false;
    let mut class_depth = 0usize;
    // Inside a class, whether the last item was a class (so a following `-` is a literal).
    let mut after_class_item = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&e) = chars.get(i + 1) else {
                    return Err("the pattern ends with a lone backslash".into());
                };
                i += 2;
                let in_class = class_depth > 0;
                let mut class_item = false;
                let class = |body: &str, negated: bool| {
                    format!("[{}{body}]", if negated { "^" } else { "" })
                };
                match e {
                    'Q' => {
                        let rest: String = chars[i..].iter().collect();
                        let (quoted, skip) = match rest.find("\\E") {
                            Some(k) => (&rest[..k], k + 2),
                            None => (rest.as_str(), rest.len()),
                        };
                        out.push_str(&regex::escape(quoted));
                        i += quoted.chars().count() + (skip - quoted.len());
                    }
                    'h' | 'H' => {
                        out.push_str(&class(JAVA_H, e == 'H'));
                        class_item = true;
                    }
                    'v' | 'V' => {
                        out.push_str(&class(JAVA_V, e == 'V'));
                        class_item = true;
                    }
                    'R' if !in_class => {
                        out.push_str(r"(?:\r\n|[\n\x0B\x0C\r\x{85}\x{2028}\x{2029}])")
                    }
                    'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                        if unicode {
                            out.push('\\');
                            out.push(e);
                        } else {
                            let body = match e.to_ascii_lowercase() {
                                'd' => JAVA_D,
                                's' => JAVA_S,
                                _ => JAVA_W,
                            };
                            out.push_str(&class(body, e.is_ascii_uppercase()));
                        }
                        class_item = true;
                    }
                    'p' | 'P' => {
                        let (name, len) = if chars.get(i) == Some(&'{') {
                            let end = chars[i..]
                                .iter()
                                .position(|&c| c == '}')
                                .ok_or("`\\p{` is not closed")?;
                            (chars[i + 1..i + end].iter().collect::<String>(), end + 1)
                        } else {
                            (
                                chars
                                    .get(i)
                                    .map(|c| c.to_string())
                                    .ok_or("`\\p` without a name")?,
                                1,
                            )
                        };
                        i += len;
                        out.push_str(&property(&name, e == 'P', unicode)?);
                        class_item = true;
                    }
                    'u' => {
                        let hex: String = chars
                            .get(i..i + 4)
                            .map(|h| h.iter().collect())
                            .unwrap_or_default();
                        if hex.len() != 4 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                            return Err("`\\u` must be followed by four hex digits".into());
                        }
                        i += 4;
                        out.push_str(&format!("\\x{{{hex}}}"));
                    }
                    '0' => {
                        let digits: String = chars[i..]
                            .iter()
                            .take(3)
                            .take_while(|c| ('0'..='7').contains(*c))
                            .collect();
                        let value = u32::from_str_radix(&digits, 8)
                            .map_err(|_| "`\\0` must be followed by octal digits")?;
                        i += digits.len();
                        out.push_str(&format!("\\x{{{value:X}}}"));
                    }
                    'e' => out.push_str(r"\x1B"),
                    'a' => out.push_str(r"\x07"),
                    'c' => {
                        let ctl = chars.get(i).ok_or("`\\c` without a letter")?;
                        i += 1;
                        out.push_str(&format!("\\x{{{:X}}}", (*ctl as u32) ^ 0x40));
                    }
                    // Segmentation works line by line, so "end before a final newline" is the end.
                    'Z' => out.push_str(r"\z"),
                    'X' => return Err("`\\X` (grapheme cluster) is not supported".into()),
                    'G' if !in_class => out.push_str(r"\G"),
                    _ if e.is_ascii_alphanumeric() => {
                        out.push('\\');
                        out.push(e);
                    }
                    _ => out.push_str(&regex::escape(&e.to_string())),
                }
                if in_class {
                    after_class_item = class_item;
                }
                continue;
            }
            '[' => {
                class_depth += 1;
                out.push('[');
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    // Java allows a `]` first in a class as a literal.
                    out.push_str(r"\]");
                    i += 1;
                }
                after_class_item = false;
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(']');
                after_class_item = class_depth > 0;
            }
            '-' if class_depth > 0 => {
                let next = chars.get(i + 1).copied();
                if after_class_item
                    || next == Some('-')
                    || (next == Some('\\')
                        && chars
                            .get(i + 2)
                            .is_some_and(|c| "dDsSwWhHvVpP".contains(*c)))
                {
                    out.push_str(r"\-");
                } else {
                    out.push('-');
                }
                after_class_item = false;
            }
            '~' if class_depth > 0 => {
                out.push_str(r"\~");
                after_class_item = false;
            }
            '(' if class_depth == 0 && chars.get(i + 1) == Some(&'?') => {
                let (text, consumed, sets_unicode) = group_prefix(&chars[i..])?;
                if sets_unicode {
                    unicode = true;
                }
                out.push_str(&text);
                i += consumed;
                continue;
            }
            _ => {
                out.push(c);
                if class_depth > 0 {
                    after_class_item = false;
                }
            }
        }
        i += 1;
    }
    // Possessive quantifiers are written the same way in fancy-regex; the regex crate rejects
    // them, which sends the pattern to fancy-regex.
    Ok(out)
}

/// Translates the `(?...` at the start of `chars`: Java inline flags (dropping `d`, `u`, and
/// turning `U` into Unicode classes), or passes lookaround and group syntax through.
/// Returns the text, how many characters were read, and whether `(?U)` was turned on.
fn group_prefix(chars: &[char]) -> std::result::Result<(String, usize, bool), String> {
    let rest: String = chars.iter().take(4).collect();
    for pass in ["(?:", "(?=", "(?!", "(?<=", "(?<!", "(?>"] {
        if rest.starts_with(pass) {
            return Ok((pass.to_string(), pass.chars().count(), false));
        }
    }
    if rest.starts_with("(?<") || rest.starts_with("(?P<") {
        // Named group.
        return Ok((
            rest[..rest.find('<').unwrap_or(2) + 1].to_string(),
            rest.find('<').unwrap_or(2) + 1,
            false,
        ));
    }
    let mut k = 2;
    let mut on = String::new();
    let mut off = String::new();
    let mut negate = false;
    let mut unicode = false;
    while let Some(&c) = chars.get(k) {
        match c {
            '-' => negate = true,
            'i' | 'm' | 's' | 'x' => {
                if negate {
                    off.push(c)
                } else {
                    on.push(c)
                }
            }
            'U' => unicode |= !negate,
            // UNICODE_CASE (Rust's case folding is always Unicode) and UNIX_LINES (lines hold no
            // line terminators here): nothing to translate.
            'u' | 'd' => {}
            ')' | ':' => break,
            _ => return Err(format!("unknown inline flag `{c}`")),
        }
        k += 1;
    }
    let end = chars
        .get(k)
        .copied()
        .ok_or("the inline flags are not closed")?;
    let flags = if off.is_empty() {
        on
    } else {
        format!("{on}-{off}")
    };
    let text = match (end, flags.is_empty()) {
        (')', true) => String::new(),
        (')', false) => format!("(?{flags})"),
        (_, true) => "(?:".to_string(),
        (_, false) => format!("(?{flags}:"),
    };
    Ok((text, k + 1, unicode))
}

/// Translates `\p{name}` / `\P{name}`.
fn property(name: &str, negated: bool, unicode: bool) -> std::result::Result<String, String> {
    let posix_ascii = |body: &str| format!("[{}{body}]", if negated { "^" } else { "" });
    let prop = |p: &str| format!("\\{}{{{p}}}", if negated { 'P' } else { 'p' });
    let ascii_or = |ascii: &str, uni: &str| {
        if unicode {
            prop(uni)
        } else {
            posix_ascii(ascii)
        }
    };
    Ok(match name {
        "Lower" => ascii_or("a-z", "Lowercase"),
        "Upper" => ascii_or("A-Z", "Uppercase"),
        "ASCII" => posix_ascii(r"\x00-\x7F"),
        "Alpha" => ascii_or("a-zA-Z", "Alphabetic"),
        "Digit" => ascii_or("0-9", "Nd"),
        "Alnum" => {
            if unicode {
                posix_ascii(r"\p{Alphabetic}\p{Nd}")
            } else {
                posix_ascii("a-zA-Z0-9")
            }
        }
        "Punct" => ascii_or(JAVA_PUNCT, "P"),
        "Graph" | "Print" if !unicode => posix_ascii(if name == "Graph" {
            r"\x21-\x7E"
        } else {
            r"\x20-\x7E"
        }),
        "Blank" => {
            if unicode {
                posix_ascii(r"\t\p{Zs}")
            } else {
                posix_ascii(r"\t\x20")
            }
        }
        "Cntrl" => ascii_or(r"\x00-\x1F\x7F", "Cc"),
        "XDigit" => posix_ascii("0-9a-fA-F"),
        "Space" => ascii_or(JAVA_S, "White_Space"),
        "javaLowerCase" => prop("Lowercase"),
        "javaUpperCase" => prop("Uppercase"),
        "javaWhitespace" => prop("White_Space"),
        "javaLetter" => prop("L"),
        "javaDigit" => prop("Nd"),
        "javaAlphabetic" => prop("Alphabetic"),
        "javaLetterOrDigit" => posix_ascii(r"\p{L}\p{Nd}"),
        _ if name.starts_with("In") => match block(&name[2..]) {
            Some(range) => posix_ascii(range),
            None => {
                return Err(format!(
                    "Unicode block `{name}` is not known; use a script such as \\p{{IsArabic}}"
                ));
            }
        },
        _ if name.starts_with("Is") => prop(&name[2..]),
        _ if name.starts_with("general_category=") || name.starts_with("gc=") => {
            prop(name.split('=').nth(1).unwrap_or(name))
        }
        _ if name.starts_with("script=") || name.starts_with("sc=") => {
            prop(name.split('=').nth(1).unwrap_or(name))
        }
        _ => prop(name),
    })
}

/// Unicode blocks that segmentation rules use, as ranges (the regex crates know scripts, not
/// blocks).
fn block(name: &str) -> Option<&'static str> {
    Some(
        match name
            .replace(['_', ' ', '-'], "")
            .to_ascii_lowercase()
            .as_str()
        {
            "basiclatin" => r"\x00-\x7F",
            "latin1supplement" => r"\x80-\xFF",
            "latinextendeda" => r"\x{100}-\x{17F}",
            "latinextendedb" => r"\x{180}-\x{24F}",
            "combiningdiacriticalmarks" => r"\x{300}-\x{36F}",
            "greek" | "greekandcoptic" => r"\x{370}-\x{3FF}",
            "cyrillic" => r"\x{400}-\x{4FF}",
            "hebrew" => r"\x{590}-\x{5FF}",
            "arabic" => r"\x{600}-\x{6FF}",
            "generalpunctuation" => r"\x{2000}-\x{206F}",
            "cjksymbolsandpunctuation" => r"\x{3000}-\x{303F}",
            "hiragana" => r"\x{3040}-\x{309F}",
            "katakana" => r"\x{30A0}-\x{30FF}",
            "cjkunifiedideographs" => r"\x{4E00}-\x{9FFF}",
            "halfwidthandfullwidthforms" => r"\x{FF00}-\x{FFEF}",
            _ => return None,
        },
    )
}

// ------------------------------------------------------------------ SRX parsing

struct Parser<'a> {
    text: &'a str,
    path: &'a Path,
    reader: Reader<&'a [u8]>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, path: &'a Path) -> Parser<'a> {
        Parser {
            text,
            path,
            reader: Reader::from_str(text),
        }
    }

    fn position_at(&self, offset: u64) -> Position {
        Position::of_offset(self.text, usize::try_from(offset).unwrap_or(usize::MAX))
    }

    fn error_at(&self, offset: u64, message: impl Into<String>) -> Error {
        Error::input(self.path, self.position_at(offset), message)
    }

    fn line_at(&self, offset: u64) -> usize {
        match self.position_at(offset) {
            Position::LineColumn { line, .. } => line,
            Position::Byte(_) => 0,
        }
    }

    fn next(&mut self) -> Result<(Event<'a>, u64)> {
        let start = self.reader.buffer_position();
        match self.reader.read_event() {
            Ok(e) => Ok((e, start)),
            Err(e) => {
                let at = self.reader.error_position();
                Err(self.error_at(at, format!("malformed XML: {e}")))
            }
        }
    }

    fn attrs(&self, e: &BytesStart, at: u64) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for attr in e.attributes() {
            let attr =
                attr.map_err(|err| self.error_at(at, format!("malformed attribute: {err}")))?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| {
                    self.error_at(at, format!("attribute `{}`: {err}", attr.key.as_ref()))
                })?;
            out.push((attr.key.as_ref().to_string(), value.into_owned()));
        }
        Ok(out)
    }

    fn parse(mut self) -> Result<SrxRules> {
        let mut rules = SrxRules {
            path: self.path.to_path_buf(),
            cascade: false,
            language_rules: Vec::new(),
            maps: Vec::new(),
        };
        let mut seen_root = false;
        let mut stack: Vec<String> = Vec::new();
        let mut current_rule: Option<RawRule> = None;
        let mut text = String::new();
        loop {
            let (event, at) = self.next()?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let name = local_name(e);
                    let empty = matches!(event, Event::Empty(_));
                    if !seen_root {
                        if name != "srx" {
                            return Err(self.error_at(at, format!("the root element is <{name}>, not <srx>: this is not an SRX file")));
                        }
                        seen_root = true;
                    }
                    let attrs = self.attrs(e, at)?;
                    let get = |key: &str| {
                        attrs
                            .iter()
                            .find(|(k, _)| k == key)
                            .map(|(_, v)| v.as_str())
                    };
                    match name.as_str() {
                        "header" => {
                            rules.cascade =
                                get("cascade").is_some_and(|v| v.eq_ignore_ascii_case("yes"))
                        }
                        "languagerule" => {
                            let Some(n) = get("languagerulename") else {
                                return Err(self.error_at(
                                    at,
                                    "<languagerule> needs a languagerulename attribute",
                                ));
                            };
                            rules.language_rules.push(LanguageRule {
                                name: n.to_string(),
                                rules: Vec::new(),
                            });
                        }
                        "rule" => {
                            if !stack.iter().any(|s| s == "languagerule") {
                                return Err(
                                    self.error_at(at, "<rule> must be inside a <languagerule>")
                                );
                            }
                            let is_break = match get("break") {
                                None => true,
                                Some(v) if v.eq_ignore_ascii_case("yes") => true,
                                Some(v) if v.eq_ignore_ascii_case("no") => false,
                                Some(v) => {
                                    return Err(self.error_at(
                                        at,
                                        format!("break=\"{v}\": expected \"yes\" or \"no\""),
                                    ));
                                }
                            };
                            let rule = RawRule {
                                is_break,
                                before: String::new(),
                                after: String::new(),
                                line: self.line_at(at),
                            };
                            if empty {
                                push_rule(&mut rules, rule);
                            } else {
                                current_rule = Some(rule);
                            }
                        }
                        "beforebreak" | "afterbreak" => {
                            if current_rule.is_none() {
                                return Err(
                                    self.error_at(at, format!("<{name}> must be inside a <rule>"))
                                );
                            }
                            text.clear();
                        }
                        "languagemap" => {
                            let (Some(pattern), Some(rule_name)) =
                                (get("languagepattern"), get("languagerulename"))
                            else {
                                return Err(self.error_at(at, "<languagemap> needs languagepattern and languagerulename attributes"));
                            };
                            if !rules.language_rules.iter().any(|r| r.name == rule_name) {
                                return Err(self.error_at(at, format!(
                                    "<languagemap> names language rule `{rule_name}`, which the file does not define (defined: {})",
                                    rules.language_rule_names().join(", ")
                                )));
                            }
                            rules.maps.push(LanguageMap {
                                pattern: pattern.to_string(),
                                rule_name: rule_name.to_string(),
                                line: self.line_at(at),
                            });
                        }
                        _ => {}
                    }
                    if !empty {
                        stack.push(name);
                    }
                }
                Event::End(ref e) => {
                    let name = e.local_name().as_ref().to_string();
                    stack.pop();
                    match name.as_str() {
                        "beforebreak" => {
                            if let Some(r) = current_rule.as_mut() {
                                r.before = std::mem::take(&mut text);
                            }
                        }
                        "afterbreak" => {
                            if let Some(r) = current_rule.as_mut() {
                                r.after = std::mem::take(&mut text);
                            }
                        }
                        "rule" => {
                            if let Some(r) = current_rule.take() {
                                push_rule(&mut rules, r);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Text(t) => text.push_str(&t.xml10_content()),
                Event::CData(c) => text.push_str(&c),
                Event::GeneralRef(r) => {
                    let resolved: Cow<str> = if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => Cow::Owned(c.to_string()),
                            _ => {
                                return Err(
                                    self.error_at(at, format!("bad character reference &{};", &*r))
                                );
                            }
                        }
                    } else {
                        match r.as_ref() {
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "amp" => "&".into(),
                            "apos" => "'".into(),
                            "quot" => "\"".into(),
                            other => {
                                return Err(self.error_at(
                                    at,
                                    format!(
                                        "undefined entity &{};: write & as &amp; and < as &lt;",
                                        other
                                    ),
                                ));
                            }
                        }
                    };
                    text.push_str(&resolved);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !seen_root {
            return Err(Error::file(
                self.path,
                "no <srx> element: this is not an SRX file",
            ));
        }
        if !stack.is_empty() {
            let at = self.text.len() as u64;
            return Err(self.error_at(
                at,
                format!(
                    "the file ends inside <{}>",
                    stack.last().map_or("", String::as_str)
                ),
            ));
        }
        Ok(rules)
    }
}

fn local_name(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

fn push_rule(rules: &mut SrxRules, rule: RawRule) {
    if let Some(lr) = rules.language_rules.last_mut() {
        lr.rules.push(rule);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_constructs_are_translated() {
        assert_eq!(translate(r"\h").unwrap(), format!("[{JAVA_H}]"));
        assert_eq!(translate(r"[\d-–]").unwrap(), r"[[0-9]\-–]");
        assert_eq!(translate(r"(?U)\d\.").unwrap(), r"\d\.");
        assert_eq!(translate(r"\p{Punct}").unwrap(), format!("[{JAVA_PUNCT}]"));
        assert_eq!(translate(r"(?iu)\u00e9").unwrap(), r"(?i)\x{00e9}");
        assert_eq!(translate(r"\Qa.b\E").unwrap(), r"a\.b");
        assert!(translate(r"\p{InBogusBlock}").is_err());
    }

    #[test]
    fn translated_patterns_mean_what_java_means() {
        let re = |p: &str| regex::Regex::new(&translate(p).unwrap()).unwrap();
        // Without (?U), Java's \d is ASCII; with it, Unicode.
        assert!(!re(r"^\d$").is_match("٣"));
        assert!(re(r"(?U)^\d$").is_match("٣"));
        // Rust's (?U) would make quantifiers lazy; Java's does not.
        assert_eq!(re(r"(?U)a+").find("aaa").unwrap().as_str(), "aaa");
        assert!(re(r"^\v$").is_match("\u{2028}"));
        assert!(re(r"^[\d-–]+$").is_match("1-2–3"));
    }
}
