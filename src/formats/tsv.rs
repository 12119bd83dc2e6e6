//! TSV: the tab-separated table that CAT tools import and spreadsheets open.
//!
//! # Layout
//! The first row names the columns; every other row is one unit. A column is one of:
//!
//! | header cell | holds |
//! | --- | --- |
//! | a language tag (`ar`, `en-US`) | the text of that language's segment |
//! | `tu:tuid` | the unit's `tuid` |
//! | `tu:note` | one note of the unit |
//! | `tu:NAME` | the unit attribute `NAME` (`tu:creationdate`, `tu:usagecount` ...) |
//! | `prop:TYPE` | the value of one `<prop type="TYPE">` of the unit |
//!
//! A name can appear several times: a unit with two notes fills two `tu:note` columns, in order.
//! The first language column is the source language. Names holding `:` are never language tags,
//! so the two kinds cannot be confused.
//!
//! # Escaping
//! A cell cannot hold a tab or a line break, so four characters are written as two:
//! tab as `\t`, line feed as `\n`, carriage return as `\r` and the backslash itself as `\\`.
//! Reading undoes exactly that; a backslash followed by anything else is kept as it is, so
//! hand-made tables with Windows paths (`C:\Users`) read as they look. An empty file is a table
//! without units. Lines may end in LF or CRLF;
//! a UTF-8 byte-order mark is skipped; empty lines are skipped.
//!
//! # What TSV does not hold
//! An empty cell means "absent", so an empty segment or an empty prop value does not survive.
//! Segments are plain text: an inline code (`<bpt>`, `<ph>` ...) is written as its native text
//! (`{1}`, `<b>`), or left out when it has none.
//! Props, notes and attributes of `<tuv>` elements, and attributes of props and notes
//! (`xml:lang`), have no column. [`TsvWriter::losses`] counts what was left out.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use super::{Columns, Losses, UnitSource};
use crate::error::{Error, Position, Result};
use crate::lang::LanguageTag;
use crate::tmx::{Note, Prop, TranslationUnit, Variant};

/// The header cell of the `tuid` column.
const TUID: &str = "tu:tuid";
/// The header cell of a note column.
const NOTE: &str = "tu:note";
/// The prefix of a unit-attribute column.
const ATTRIBUTE_PREFIX: &str = "tu:";
/// The prefix of a prop column.
const PROP_PREFIX: &str = "prop:";

/// Escapes a cell: tab, line feed, carriage return and backslash become `\t`, `\n`, `\r`, `\\`.
pub fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}

/// Undoes [`escape_cell`]; a backslash before any other character is kept.
pub fn unescape_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out
}

/// What one column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Language(String),
    Tuid,
    Note,
    Attribute(String),
    Prop(String),
}

impl Column {
    fn header(&self) -> String {
        match self {
            Column::Language(lang) => lang.clone(),
            Column::Tuid => TUID.to_string(),
            Column::Note => NOTE.to_string(),
            Column::Attribute(name) => format!("{ATTRIBUTE_PREFIX}{name}"),
            Column::Prop(kind) => format!("{PROP_PREFIX}{kind}"),
        }
    }

    fn parse(cell: &str) -> std::result::Result<Column, String> {
        if cell == TUID {
            Ok(Column::Tuid)
        } else if cell == NOTE {
            Ok(Column::Note)
        } else if let Some(attr) = cell.strip_prefix(ATTRIBUTE_PREFIX) {
            Ok(Column::Attribute(attr.to_string()))
        } else if let Some(kind) = cell.strip_prefix(PROP_PREFIX) {
            Ok(Column::Prop(kind.to_string()))
        } else {
            let name = cell.trim();
            LanguageTag::parse(name)
                .map(|_| Column::Language(name.to_string()))
                .map_err(|e| {
                    format!(
                        "{e}; a header cell is a language tag, `{TUID}`, `{NOTE}`, `tu:ATTRIBUTE` \
                         or `prop:TYPE` (the first row of a TSV names its columns)"
                    )
                })
        }
    }
}

/// Writes units as TSV rows under a header row.
pub struct TsvWriter<W: Write> {
    out: W,
    columns: Vec<Column>,
    losses: Losses,
}

impl<W: Write> TsvWriter<W> {
    /// Writes the header row for `columns` (see [`Columns::scan`]).
    pub fn new(mut out: W, columns: &Columns) -> std::io::Result<TsvWriter<W>> {
        let mut list: Vec<Column> = columns
            .languages
            .iter()
            .map(|l| Column::Language(l.clone()))
            .collect();
        if columns.tuid {
            list.push(Column::Tuid);
        }
        list.extend(columns.attributes.iter().cloned().map(Column::Attribute));
        list.extend(columns.props.iter().cloned().map(Column::Prop));
        list.extend(std::iter::repeat_n(Column::Note, columns.notes));
        let header: Vec<String> = list.iter().map(|c| escape_cell(&c.header())).collect();
        writeln!(out, "{}", header.join("\t"))?;
        Ok(TsvWriter {
            out,
            columns: list,
            losses: Losses::default(),
        })
    }

    /// Writes one unit as one row. Variants and props are matched to columns in order: the second
    /// `en` variant goes to the second `en` column.
    pub fn write_unit(&mut self, unit: &TranslationUnit) -> Result<()> {
        self.losses.count(unit, true);
        for p in &unit.props {
            self.losses.unit_metadata += p.extra.len();
        }
        for n in &unit.notes {
            self.losses.unit_metadata += n.extra.len();
        }
        let mut used_variants = vec![false; unit.variants.len()];
        let mut used_props = vec![false; unit.props.len()];
        let mut notes = unit.notes.iter();
        let mut cells = Vec::with_capacity(self.columns.len());
        for column in &self.columns {
            let value = match column {
                Column::Language(lang) => take(&mut used_variants, &unit.variants, |v| {
                    v.lang.eq_ignore_ascii_case(lang)
                })
                .map(|v| v.segment.flattened().0),
                Column::Tuid => unit.tuid.clone(),
                Column::Note => notes.next().map(|n| n.text.clone()),
                Column::Attribute(name) => unit.attribute(name).map(str::to_string),
                Column::Prop(kind) => {
                    take(&mut used_props, &unit.props, |p| &p.kind == kind).map(|p| p.value.clone())
                }
            };
            cells.push(escape_cell(value.as_deref().unwrap_or("")));
        }
        if used_variants.iter().any(|u| !u) || used_props.iter().any(|u| !u) {
            return Err(Error::Invalid(format!(
                "unit {} holds a language or prop that the TSV columns do not name; scan every \
                 unit with Columns::observe before writing",
                unit.tuid.as_deref().unwrap_or("without tuid")
            )));
        }
        writeln!(self.out, "{}", cells.join("\t"))
            .map_err(|e| Error::Invalid(format!("writing TSV: {e}")))
    }

    /// What the rows written so far left out.
    pub fn losses(&self) -> Losses {
        self.losses
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// The first item not yet used that matches, marked used.
fn take<'a, T>(used: &mut [bool], items: &'a [T], matches: impl Fn(&T) -> bool) -> Option<&'a T> {
    let index = (0..items.len()).find(|&i| !used[i] && matches(&items[i]))?;
    used[index] = true;
    Some(&items[index])
}

/// Reads a TSV table unit by unit.
pub struct TsvReader<R: BufRead> {
    input: R,
    path: PathBuf,
    line: usize,
    columns: Vec<Column>,
    buf: Vec<u8>,
}

impl<R: BufRead> TsvReader<R> {
    /// Reads the header row; `path` names the input in messages.
    pub fn new(input: R, path: &Path) -> Result<TsvReader<R>> {
        let mut reader = TsvReader {
            input,
            path: path.to_path_buf(),
            line: 0,
            columns: Vec::new(),
            buf: Vec::new(),
        };
        // An empty file is an empty table (what a memory without units converts to).
        let Some(header) = reader.next_line()? else {
            return Ok(reader);
        };
        let header = header
            .strip_prefix('\u{FEFF}')
            .unwrap_or(&header)
            .to_string();
        let mut column_start = 1;
        for cell in header.split('\t') {
            let column = Column::parse(&unescape_cell(cell)).map_err(|message| {
                reader.error_at(column_start, format!("header cell `{cell}`: {message}"))
            })?;
            column_start += cell.chars().count() + 1;
            reader.columns.push(column);
        }
        if !reader
            .columns
            .iter()
            .any(|c| matches!(c, Column::Language(_)))
        {
            return Err(reader.error_at(
                1,
                "the first row names no language column; it should name the columns, e.g. `ar<TAB>en`",
            ));
        }
        Ok(reader)
    }

    fn error_at(&self, column: usize, message: impl Into<String>) -> Error {
        Error::input(
            &self.path,
            Position::LineColumn {
                line: self.line,
                column,
            },
            message,
        )
    }

    /// The next non-empty line without its line end, or `None` at the end.
    fn next_line(&mut self) -> Result<Option<String>> {
        loop {
            self.buf.clear();
            let n = self
                .input
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| Error::io(&self.path, "reading", e))?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            if self.buf.ends_with(b"\n") {
                self.buf.pop();
            }
            if self.buf.ends_with(b"\r") {
                self.buf.pop();
            }
            let line = std::str::from_utf8(&self.buf).map_err(|e| {
                self.error_at(
                    e.valid_up_to() + 1,
                    "this line is not UTF-8; save the table as UTF-8 and try again",
                )
            })?;
            if !line.is_empty() {
                return Ok(Some(line.to_string()));
            }
        }
    }
}

impl<R: BufRead> UnitSource for TsvReader<R> {
    fn next_unit(&mut self) -> Result<Option<TranslationUnit>> {
        let Some(line) = self.next_line()? else {
            return Ok(None);
        };
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != self.columns.len() {
            return Err(self.error_at(
                1,
                format!(
                    "this row has {} cells and the header names {} columns; a tab inside a cell \
                     must be written \\t",
                    cells.len(),
                    self.columns.len()
                ),
            ));
        }
        let mut unit = TranslationUnit::default();
        for (column, cell) in self.columns.iter().zip(cells) {
            if cell.is_empty() {
                continue;
            }
            let value = unescape_cell(cell);
            match column {
                Column::Language(lang) => unit.variants.push(Variant::text(lang.clone(), &value)),
                Column::Tuid => unit.tuid = Some(value),
                Column::Note => unit.notes.push(Note {
                    text: value,
                    extra: Vec::new(),
                }),
                Column::Attribute(name) => unit.extra.push((name.clone(), value)),
                Column::Prop(kind) => unit.props.push(Prop::new(kind.clone(), value)),
            }
        }
        if unit.variants.is_empty() {
            return Err(self.error_at(
                1,
                "this row has no text in any language column; a unit needs at least one segment",
            ));
        }
        Ok(Some(unit))
    }

    fn source_language(&self) -> Option<String> {
        self.columns.iter().find_map(|c| match c {
            Column::Language(lang) => Some(lang.clone()),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips_and_keeps_unknown_escapes() {
        let text = "a\tb\nc\rd\\e\\\\t";
        assert_eq!(escape_cell(text), "a\\tb\\nc\\rd\\\\e\\\\\\\\t");
        assert_eq!(unescape_cell(&escape_cell(text)), text);
        assert_eq!(unescape_cell(r"C:\Users\x"), r"C:\Users\x");
        assert_eq!(unescape_cell("end\\"), "end\\");
    }

    #[test]
    fn reads_a_table_with_metadata_columns() {
        let tsv = "\u{FEFF}ar\ten-US\ttu:tuid\tprop:x-confidence\ttu:note\r\nمرحبا\tHi\\tthere\t7\t0.9\tchecked\r\n\r\n";
        let mut r = TsvReader::new(tsv.as_bytes(), Path::new("t.tsv")).unwrap();
        assert_eq!(r.source_language().as_deref(), Some("ar"));
        let u = r.next_unit().unwrap().unwrap();
        assert_eq!(u.tuid.as_deref(), Some("7"));
        assert_eq!(u.variant("en").unwrap().segment.text(), "Hi\tthere");
        assert_eq!(u.prop("x-confidence"), Some("0.9"));
        assert_eq!(u.notes[0].text, "checked");
        assert!(r.next_unit().unwrap().is_none());
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = TsvReader::new("ar\tبيت\n".as_bytes(), Path::new("t.tsv"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.starts_with("t.tsv:1:4: header cell `بيت`"), "{err}");
        let mut r = TsvReader::new("ar\ten\na\tb\tc\n".as_bytes(), Path::new("t.tsv")).unwrap();
        let err = r.next_unit().unwrap_err().to_string();
        assert!(
            err.starts_with("t.tsv:2:1:") && err.contains("3 cells"),
            "{err}"
        );
    }
}
