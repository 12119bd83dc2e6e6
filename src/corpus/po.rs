//! GNU gettext catalogues (.po) as [`BilingualUnit`]s: each translated entry's msgid and msgstr,
//! with its context, comments and references.
//!
//! Kept: translated entries; msgctxt as the prop `x-context`; `#:` references as `x-reference`;
//! extracted comments (`#.`) and translator comments (`# `) as notes. A `\n` inside a string is a
//! line-break code whose native text is `\n`, as the catalogue writes it; a blank line (`\n\n`)
//! separates paragraphs. C-format and other placeholders (`%s`, `%1$d`, `{0}`) are text, as they
//! are in the catalogue. A plural entry gives one pair: msgid with the msgstr form that the
//! header's `Plural-Forms` selects for n = 1; the other forms are left out, since which of, say,
//! Arabic's six forms translates an English `%d files` depends on n.
//!
//! Left out, and counted: fuzzy entries (`#, fuzzy`: a guess, not a translation), untranslated
//! ones, obsolete ones (`#~`). The header entry (msgid "") is read for its `Language` and
//! `X-Source-Language`, which must agree with the corpus, and `Plural-Forms`, and not paired.
//! Previous strings (`#|`) and flags other than fuzzy are left out.
//!
//! A syntax error is refused with its line and column.

use std::path::Path;

use super::bilingual::{Bilingual, BilingualUnit, Languages, left_out_notice};
use super::inline::{CodeKind, RichText, TextBuilder};
use crate::error::{Error, Position, Result};

/// One entry as read, strings unescaped.
#[derive(Debug, Default)]
struct Entry {
    translator_comments: Vec<String>,
    extracted_comments: Vec<String>,
    references: Vec<String>,
    fuzzy: bool,
    context: Option<String>,
    msgid: Option<String>,
    plural: Option<String>,
    /// `msgstr` (index 0) or `msgstr[n]`.
    msgstr: Vec<(usize, String)>,
    /// Line of the msgstr, for messages about the header.
    msgstr_line: usize,
}

/// Which string a continuation line adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Id,
    Plural,
    Str(usize),
}

/// Reads a catalogue (decoded, LF line ends); `path` names it in messages.
pub fn read(path: &Path, text: &str, languages: &Languages) -> Result<Bilingual> {
    let entries = parse(path, text)?;
    let mut out = Bilingual::default();
    let (mut fuzzy, mut untranslated, mut plurals) = (0, 0, 0);
    let mut singular = 0;
    let obsolete = text
        .lines()
        .filter(|l| l.starts_with("#~") && l[2..].trim_start().starts_with("msgid "))
        .count();
    for entry in entries {
        let Some(msgid) = &entry.msgid else { continue };
        if msgid.is_empty() && entry.context.is_none() {
            singular = header(path, text, &entry, languages, &mut out)?;
            continue;
        }
        if entry.fuzzy {
            fuzzy += 1;
            continue;
        }
        let form = if entry.plural.is_some() {
            plurals += 1;
            singular
        } else {
            0
        };
        let Some((_, msgstr)) = entry.msgstr.iter().find(|(i, _)| *i == form) else {
            untranslated += 1;
            continue;
        };
        let (source, target) = (rich(msgid), rich(msgstr));
        if source.is_blank() {
            continue;
        }
        if target.is_blank() {
            untranslated += 1;
            continue;
        }
        let mut props = Vec::new();
        if let Some(context) = &entry.context {
            props.push(("x-context".to_string(), context.clone()));
        }
        if !entry.references.is_empty() {
            props.push(("x-reference".to_string(), entry.references.join(" ")));
        }
        let notes = [&entry.extracted_comments, &entry.translator_comments]
            .into_iter()
            .filter(|c| !c.is_empty())
            .map(|c| c.join("\n"))
            .collect();
        out.units.push(BilingualUnit {
            source,
            target,
            given_segment: false,
            props,
            notes,
        });
    }
    out.notices.extend(left_out_notice(
        path,
        &[
            (fuzzy, "fuzzy entries"),
            (untranslated, "untranslated entries"),
            (obsolete, "obsolete entries"),
            (plurals, "plural forms (their singular kept)"),
        ],
    ));
    Ok(out)
}

/// Checks the header's languages; returns the msgstr form used for n = 1.
fn header(
    path: &Path,
    text: &str,
    entry: &Entry,
    languages: &Languages,
    out: &mut Bilingual,
) -> Result<usize> {
    let msgstr = entry.msgstr.first().map(|(_, s)| s.as_str()).unwrap_or("");
    let offset = line_offset(text, entry.msgstr_line);
    let mut singular = 0;
    for line in msgstr.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "Language" if !value.is_empty() => {
                languages.check(path, text, offset, true, value, "the header's Language")?;
            }
            "X-Source-Language" if !value.is_empty() => {
                languages.check(
                    path,
                    text,
                    offset,
                    false,
                    value,
                    "the header's X-Source-Language",
                )?;
            }
            "Plural-Forms" => match plural_index(value, 1) {
                Some(i) => singular = i,
                None => out.notices.push(crate::corpus::Notice {
                    path: path.to_path_buf(),
                    position: Some(Position::of_offset(text, offset)),
                    message: format!(
                        "Plural-Forms `{value}` not understood: msgstr[0] taken as the singular"
                    ),
                }),
            },
            _ => {}
        }
    }
    Ok(singular)
}

fn line_offset(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}

/// A string's text: `\n` a line-break code, a blank line a paragraph break.
fn rich(s: &str) -> RichText {
    let mut b = TextBuilder::new();
    let mut newlines = 0;
    let flush = |b: &mut TextBuilder, newlines: usize| match newlines {
        0 => {}
        1 => b.placeholder(CodeKind::LineBreak, "\\n"),
        _ => b.end_paragraph(),
    };
    for (k, line) in s.split('\n').enumerate() {
        if k > 0 {
            newlines += 1;
        }
        if !line.trim().is_empty() {
            flush(&mut b, newlines);
            newlines = 0;
            b.text(line);
        }
    }
    flush(&mut b, newlines);
    b.finish()
}

fn parse(path: &Path, text: &str) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut entry = Entry::default();
    let mut field: Option<Field> = None;
    let err = |line: usize, column: usize, message: String| {
        Error::input(path, Position::LineColumn { line, column }, message)
    };
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        let column = raw[..indent].chars().count() + 1;
        // A comment or keyword after a msgstr starts the next entry.
        let starts_entry = line.starts_with('#')
            || line.starts_with("msgctxt")
            || (line.starts_with("msgid") && !line.starts_with("msgid_plural"));
        if line.is_empty() || (starts_entry && !entry.msgstr.is_empty()) {
            if entry.msgid.is_some() && entry.msgstr.is_empty() {
                return Err(err(
                    number,
                    column,
                    "expected msgstr: the entry above has a msgid but no translation string".into(),
                ));
            }
            if entry.msgid.is_some() {
                entries.push(std::mem::take(&mut entry));
            } else if line.is_empty() {
                // Comments without an entry (a file's opening remarks) are dropped.
                entry = Entry::default();
            }
            field = None;
            if line.is_empty() {
                continue;
            }
        }
        if let Some(comment) = line.strip_prefix('#') {
            field = None;
            let body = |s: &str| s.trim().to_string();
            match comment.chars().next() {
                Some('~') => {}
                Some('.') => entry.extracted_comments.push(body(&comment[1..])),
                Some(':') => entry.references.push(body(&comment[1..])),
                Some(',') => {
                    if comment[1..].split(',').any(|f| f.trim() == "fuzzy") {
                        entry.fuzzy = true;
                    }
                }
                Some('|') => {}
                None | Some(' ' | '\t') => entry.translator_comments.push(body(comment)),
                Some(_) => {}
            }
            continue;
        }
        if line.starts_with('"') {
            let Some(f) = field else {
                return Err(err(
                    number,
                    column,
                    "a string with no msgid, msgstr or msgctxt before it".into(),
                ));
            };
            let s = string(line, number, column, &err)?;
            match f {
                Field::Context => entry.context.get_or_insert_default().push_str(&s),
                Field::Id => entry.msgid.get_or_insert_default().push_str(&s),
                Field::Plural => entry.plural.get_or_insert_default().push_str(&s),
                Field::Str(i) => {
                    if let Some((_, v)) = entry.msgstr.iter_mut().find(|(k, _)| *k == i) {
                        v.push_str(&s);
                    }
                }
            }
            continue;
        }
        let (keyword, rest) = line.split_at(line.find([' ', '\t', '"']).unwrap_or(line.len()));
        let rest = rest.trim_start();
        let string_column = column + line[..line.len() - rest.len()].chars().count();
        let value = string(rest, number, string_column, &err)?;
        let twice = |what: &str| {
            err(
                number,
                column,
                format!("a second {what} in one entry: a blank line or msgstr is missing above"),
            )
        };
        field = Some(match keyword {
            "msgctxt" => {
                if entry.context.is_some() || entry.msgid.is_some() {
                    return Err(twice("msgctxt"));
                }
                entry.context = Some(value);
                Field::Context
            }
            "msgid" => {
                if entry.msgid.is_some() {
                    return Err(twice("msgid"));
                }
                entry.msgid = Some(value);
                Field::Id
            }
            "msgid_plural" => {
                if entry.msgid.is_none() {
                    return Err(err(number, column, "msgid_plural before msgid".into()));
                }
                entry.plural = Some(value);
                Field::Plural
            }
            _ => {
                let index = match keyword {
                    "msgstr" => Some(0),
                    k => k
                        .strip_prefix("msgstr[")
                        .and_then(|r| r.strip_suffix(']'))
                        .and_then(|n| n.parse::<usize>().ok()),
                };
                let Some(index) = index else {
                    return Err(err(
                        number,
                        column,
                        format!(
                            "`{keyword}`: expected msgctxt, msgid, msgid_plural, msgstr, \
                             msgstr[N], a comment (#) or a quoted string"
                        ),
                    ));
                };
                if entry.msgid.is_none() {
                    return Err(err(number, column, format!("{keyword} without a msgid")));
                }
                if entry.msgstr.is_empty() {
                    entry.msgstr_line = number;
                }
                entry.msgstr.push((index, value));
                Field::Str(index)
            }
        });
    }
    if entry.msgid.is_some() {
        if entry.msgstr.is_empty() {
            let line = text.lines().count();
            return Err(Error::input(
                path,
                Position::LineColumn { line, column: 1 },
                "the file ends in an entry without msgstr: it is truncated",
            ));
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// A quoted PO string, unescaped; `line` and `column` say where it starts.
fn string(
    s: &str,
    line: usize,
    column: usize,
    err: &impl Fn(usize, usize, String) -> Error,
) -> Result<String> {
    let Some(body) = s.strip_prefix('"') else {
        return Err(err(line, column, "expected a quoted string".into()));
    };
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        let at = column + 1 + body[..i].chars().count();
        match c {
            '"' => {
                if !body[i + 1..].trim().is_empty() {
                    return Err(err(
                        line,
                        at + 1,
                        "text after the closing quote: escape a quote inside a string as \\\""
                            .into(),
                    ));
                }
                return Ok(out);
            }
            '\\' => {
                let Some((j, e)) = chars.next() else { break };
                out.push(match e {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '"' => '"',
                    '\\' => '\\',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'v' => '\u{b}',
                    '0'..='7' => {
                        let digits: String = body[j..]
                            .chars()
                            .take(3)
                            .take_while(|d| d.is_digit(8))
                            .collect();
                        for _ in 1..digits.len() {
                            chars.next();
                        }
                        char::from_u32(u32::from_str_radix(&digits, 8).unwrap_or(0))
                            .unwrap_or('\u{FFFD}')
                    }
                    other => {
                        return Err(err(
                            line,
                            at,
                            format!("unknown escape \\{other} in a string"),
                        ));
                    }
                });
            }
            c => out.push(c),
        }
    }
    Err(err(
        line,
        column,
        "unterminated string: the closing quote is missing".into(),
    ))
}

/// The msgstr index that a `Plural-Forms` header value (`nplurals=2; plural=(n != 1);`) gives
/// for `n`, or `None` when the expression cannot be read.
pub fn plural_index(header: &str, n: u64) -> Option<usize> {
    let expr = header.split(';').find_map(|part| {
        let (k, v) = part.split_once('=')?;
        (k.trim() == "plural").then(|| v.trim())
    })?;
    let tokens = tokenize(expr)?;
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        n,
    };
    let value = parser.ternary()?;
    (parser.at == tokens.len())
        .then_some(value)
        .and_then(|v| usize::try_from(v).ok())
}

fn tokenize(s: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else {
            let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
            if ["==", "!=", "<=", ">=", "&&", "||"].contains(&two.as_str()) {
                out.push(two);
                i += 2;
            } else if "n?:<>!%+-*/()".contains(c) {
                out.push(c.to_string());
                i += 1;
            } else {
                return None;
            }
        }
    }
    Some(out)
}

/// C's expression grammar, as much as Plural-Forms uses, over unsigned numbers.
struct Parser<'t> {
    tokens: &'t [String],
    at: usize,
    n: u64,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    fn eat(&mut self, t: &str) -> bool {
        let hit = self.peek() == Some(t);
        if hit {
            self.at += 1;
        }
        hit
    }

    fn ternary(&mut self) -> Option<u64> {
        let cond = self.binary(0)?;
        if self.eat("?") {
            let a = self.ternary()?;
            if !self.eat(":") {
                return None;
            }
            let b = self.ternary()?;
            return Some(if cond != 0 { a } else { b });
        }
        Some(cond)
    }

    /// Binary operators by precedence level, loosest first.
    fn binary(&mut self, level: usize) -> Option<u64> {
        const LEVELS: [&[&str]; 6] = [
            &["||"],
            &["&&"],
            &["==", "!="],
            &["<", ">", "<=", ">="],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        while let Some(op) = self.peek().filter(|t| LEVELS[level].contains(t)) {
            let op = op.to_string();
            self.at += 1;
            let right = self.binary(level + 1)?;
            left = match op.as_str() {
                "||" => u64::from(left != 0 || right != 0),
                "&&" => u64::from(left != 0 && right != 0),
                "==" => u64::from(left == right),
                "!=" => u64::from(left != right),
                "<" => u64::from(left < right),
                ">" => u64::from(left > right),
                "<=" => u64::from(left <= right),
                ">=" => u64::from(left >= right),
                "+" => left.checked_add(right)?,
                "-" => left.checked_sub(right)?,
                "*" => left.checked_mul(right)?,
                "/" => left.checked_div(right)?,
                _ => left.checked_rem(right)?,
            };
        }
        Some(left)
    }

    fn unary(&mut self) -> Option<u64> {
        if self.eat("!") {
            return Some(u64::from(self.unary()? == 0));
        }
        if self.eat("(") {
            let v = self.ternary()?;
            return self.eat(")").then_some(v);
        }
        if self.eat("n") {
            return Some(self.n);
        }
        let v = self.peek()?.parse().ok()?;
        self.at += 1;
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::LanguageTag;

    fn read_str(po: &str) -> Result<Bilingual> {
        let languages = Languages {
            source: LanguageTag::parse("en").unwrap(),
            target: LanguageTag::parse("ar").unwrap(),
        };
        read(Path::new("t.ar.po"), po, &languages)
    }

    #[test]
    fn plural_forms_select_the_singular() {
        let arabic = "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;";
        assert_eq!(plural_index(arabic, 1), Some(1));
        assert_eq!(plural_index(arabic, 105), Some(3));
        assert_eq!(plural_index("nplurals=2; plural=(n != 1);", 1), Some(0));
        assert_eq!(plural_index("nplurals=1; plural=0;", 1), Some(0));
        assert_eq!(plural_index("nplurals=2; plural=n $ 1;", 1), None);
    }

    #[test]
    fn entries_comments_and_what_is_left_out() {
        let po = r#"# Translation of app.
msgid ""
msgstr ""
"Language: ar\n"
"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;\n"

# Shown on the toolbar.
#. Verb.
#: src/ui.c:12 src/ui.c:40
#, c-format
msgctxt "toolbar"
msgid "Save %s\n"
"now"
msgstr "احفظ %s\n"
"الآن"

#, fuzzy
msgid "Open"
msgstr "افتح"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "لا ملفات"
msgstr[1] "ملف واحد"
msgstr[2] "ملفان"

msgid "Empty"
msgstr ""

#~ msgid "Old"
#~ msgstr "قديم"
"#;
        let read = read_str(po).unwrap();
        assert_eq!(read.units.len(), 2);
        let save = &read.units[0];
        assert_eq!(save.source.text, "Save %s now");
        assert_eq!(save.source.codes[0].kind, CodeKind::LineBreak);
        assert_eq!(save.source.codes[0].open, "\\n");
        assert_eq!(save.notes, ["Verb.", "Shown on the toolbar."]);
        assert_eq!(save.props[0], ("x-context".into(), "toolbar".into()));
        assert_eq!(read.units[1].target.text, "ملف واحد");
        let notice = read.notices[0].to_string();
        for what in ["1 fuzzy", "1 untranslated", "1 obsolete", "1 plural"] {
            assert!(notice.contains(what), "{notice}");
        }
    }

    #[test]
    fn syntax_errors_and_language_mismatches_name_the_line() {
        let err = read_str("msgid \"a\"\nmsgstr \"b\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.ar.po:2:8: unterminated string"), "{err}");
        let err = read_str("msgid \"a\"\nmsgtxt \"b\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.ar.po:2:1: `msgtxt`"), "{err}");
        let err = read_str("msgid \"a\\q\"\nmsgstr \"b\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("1:9: unknown escape \\q"), "{err}");
        let err = read_str("msgid \"\"\nmsgstr \"Language: fr\\n\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.ar.po:2:1: the file's target language is `fr`"),
            "{err}"
        );
    }
}
