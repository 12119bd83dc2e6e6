//! Translation-memory formats beside TMX: TSV, JSONL and Moses line-aligned text.
//!
//! Every format is read into and written from the one TMX model ([`TranslationUnit`],
//! [`Variant`], [`Prop`]), never converted format to format, so adding a format means adding one
//! reader and one writer here. Readers implement [`UnitSource`] and hand out one unit at a time;
//! writers take one unit at a time. What a format cannot hold is said in its module and counted
//! in [`Losses`], so that a conversion can tell its user what was left behind.
//!
//! This module does not open files or decide where output goes (the `convert` subcommand does),
//! and it does not check that the text of a pair is a good translation (that is [`crate::qa`]).
//!
//! [`Variant`]: crate::tmx::Variant
//! [`Prop`]: crate::tmx::Prop

pub mod jsonl;
pub mod moses;
pub mod tsv;

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::error::Result;
use crate::tmx::{TmxReader, TranslationUnit};

/// A file format tmforge converts between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// TMX 1.4b.
    Tmx,
    /// Tab-separated table with a header row of column names (see [`tsv`]).
    Tsv,
    /// One JSON object a line, one unit an object (see [`jsonl`]).
    Jsonl,
    /// One plain-text file a language, line `n` of each holding unit `n` (see [`moses`]).
    Moses,
}

impl Format {
    /// Every format, in the order they are listed in messages.
    pub const ALL: [Format; 4] = [Format::Tmx, Format::Tsv, Format::Jsonl, Format::Moses];

    /// The format a path's extension names: `.tmx`; `.tsv` or `.tab`; `.jsonl` or `.ndjson`; a
    /// language tag (`train.ar`) for Moses text. `None` when the extension says nothing, e.g. for
    /// `-` or a Moses prefix with no language.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "tmx" => Some(Format::Tmx),
            "tsv" | "tab" => Some(Format::Tsv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ if moses::is_language_extension(&ext) => Some(Format::Moses),
            _ => None,
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Tmx => "tmx",
            Format::Tsv => "tsv",
            Format::Jsonl => "jsonl",
            Format::Moses => "moses",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("`{s}` is not a format; use one of: tmx, tsv, jsonl, moses"))
    }
}

/// Anything that hands out translation units one at a time: a TMX reader or one of this module's
/// readers.
pub trait UnitSource {
    /// The next unit, or `None` at the end of the input.
    fn next_unit(&mut self) -> Result<Option<TranslationUnit>>;

    /// The source language the input declares, if it declares one (`*all*` declares none).
    fn source_language(&self) -> Option<String>;
}

impl UnitSource for TmxReader {
    fn next_unit(&mut self) -> Result<Option<TranslationUnit>> {
        TmxReader::next_unit(self)
    }

    fn source_language(&self) -> Option<String> {
        let srclang = self.header().srclang.trim();
        (!srclang.is_empty() && srclang != "*all*").then(|| srclang.to_string())
    }
}

/// The columns a table-like format needs, found by looking at every unit before writing, because
/// TSV names its columns in its first row and Moses opens one file a language before its first
/// line.
///
/// A unit holding two variants of one language, or two props of one type, needs two columns of
/// that name; the count of each name is the largest count seen in one unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// Language tags as first written, repeated when a unit holds several variants of one.
    pub languages: Vec<String>,
    /// Whether any unit has a `tuid`.
    pub tuid: bool,
    /// Unit attribute names other than `tuid`, in order of first appearance.
    pub attributes: Vec<String>,
    /// Prop types, repeated like languages.
    pub props: Vec<String>,
    /// The largest number of notes in one unit.
    pub notes: usize,
}

impl Columns {
    /// Takes account of one unit.
    pub fn observe(&mut self, unit: &TranslationUnit) {
        grow(
            &mut self.languages,
            unit.variants.iter().map(|v| v.lang.as_str()),
            true,
        );
        self.tuid |= unit.tuid.is_some();
        for (name, _) in &unit.extra {
            if !self.attributes.contains(name) {
                self.attributes.push(name.clone());
            }
        }
        grow(
            &mut self.props,
            unit.props.iter().map(|p| p.kind.as_str()),
            false,
        );
        self.notes = self.notes.max(unit.notes.len());
    }

    /// Reads every unit of `source` and returns the columns they need, with `source_language`
    /// (or, failing that, the input's declared source language) moved to the front.
    pub fn scan(source: &mut dyn UnitSource, source_language: Option<&str>) -> Result<Columns> {
        let mut columns = Columns::default();
        while let Some(unit) = source.next_unit()? {
            columns.observe(&unit);
        }
        let declared = source.source_language();
        if let Some(lang) = source_language.or(declared.as_deref()) {
            columns.put_language_first(lang);
        }
        Ok(columns)
    }

    /// Moves the columns of `lang` (compared without regard to case) to the front, so that the
    /// source language comes first.
    pub fn put_language_first(&mut self, lang: &str) {
        let (mut first, rest): (Vec<String>, Vec<String>) = self
            .languages
            .drain(..)
            .partition(|l| l.eq_ignore_ascii_case(lang));
        first.extend(rest);
        self.languages = first;
    }
}

/// Adds names to `list` until it holds each name as many times as `names` does. Languages are
/// compared without regard to case (BCP 47); prop types exactly.
fn grow<'a>(list: &mut Vec<String>, names: impl Iterator<Item = &'a str>, ignore_case: bool) {
    let same = |a: &str, b: &str| {
        if ignore_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for name in names {
        match counts.iter_mut().find(|(n, _)| same(n, name)) {
            Some((_, c)) => *c += 1,
            None => counts.push((name, 1)),
        }
    }
    for (name, count) in counts {
        let have = list.iter().filter(|l| same(l, name)).count();
        for _ in have..count {
            list.push(name.to_string());
        }
    }
}

/// What a writer had to leave out because its format cannot hold it, counted so that the user can
/// be told once rather than once a unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Losses {
    /// Inline codes (`<bpt>`, `<ph>` ...) written as their native text (`{1}`, `<b>`).
    pub inline_codes: usize,
    /// Inline codes without native text, left out.
    pub inline_codes_dropped: usize,
    /// Props, notes and attributes of `<tuv>` elements left out.
    pub variant_metadata: usize,
    /// Props, notes and attributes (`tuid` included) of `<tu>` elements left out.
    pub unit_metadata: usize,
}

impl Losses {
    /// Whether nothing was lost.
    pub fn is_empty(&self) -> bool {
        *self == Losses::default()
    }

    /// One line a kind of loss, for warnings.
    pub fn describe(&self, format: Format) -> Vec<String> {
        let mut lines = Vec::new();
        if self.inline_codes > 0 {
            lines.push(format!(
                "{} inline code(s) (<bpt>, <ph> ...), which {format} cannot hold, were flattened \
                 to their native text ({{1}}, <b> ...) (convert to tmx or jsonl to keep them)",
                self.inline_codes
            ));
        }
        if self.inline_codes_dropped > 0 {
            lines.push(format!(
                "{} inline code(s) without native text (bold, links, footnote marks of a \
                 document) were left out, keeping the text they mark (convert to tmx or jsonl to \
                 keep them)",
                self.inline_codes_dropped
            ));
        }
        if self.variant_metadata > 0 {
            lines.push(format!(
                "{} prop(s), note(s) or attribute(s) of <tuv> elements were left out: {format} \
                 holds them only per unit (jsonl and tmx keep them)",
                self.variant_metadata
            ));
        }
        if self.unit_metadata > 0 {
            lines.push(format!(
                "{} prop(s), note(s) or attribute(s) of <tu> elements were left out: {format} \
                 holds only the text (tsv, jsonl and tmx keep them)",
                self.unit_metadata
            ));
        }
        lines
    }

    /// Counts what `unit` holds beyond its languages and text: metadata at the levels a format
    /// cannot hold, and inline codes when it holds only text.
    pub(crate) fn count(&mut self, unit: &TranslationUnit, keeps_unit_metadata: bool) {
        for v in &unit.variants {
            self.variant_metadata += v.props.len() + v.notes.len() + v.extra.len();
            if v.segment.has_markup() {
                let (_, kept, dropped) = v.segment.flattened();
                self.inline_codes += kept;
                self.inline_codes_dropped += dropped;
            }
        }
        if !keeps_unit_metadata {
            self.unit_metadata += unit.props.len()
                + unit.notes.len()
                + unit.extra.len()
                + usize::from(unit.tuid.is_some());
        }
    }
}

/// Removes the props without a value from a unit and its variants; returns how many.
///
/// An empty `<prop>` holds nothing, and some TMX consumers (hypomnema) refuse a whole file for
/// one, so tmforge leaves them out of the TMX it writes from other tools' files.
pub fn drop_empty_props(unit: &mut TranslationUnit) -> usize {
    let before = count_props(unit);
    unit.props.retain(|p| !p.value.is_empty());
    for v in &mut unit.variants {
        v.props.retain(|p| !p.value.is_empty());
    }
    before - count_props(unit)
}

fn count_props(unit: &TranslationUnit) -> usize {
    unit.props.len() + unit.variants.iter().map(|v| v.props.len()).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tmx::{Prop, Variant};

    #[test]
    fn format_from_extension() {
        let f = |p: &str| Format::from_path(Path::new(p));
        assert_eq!(f("a.TMX"), Some(Format::Tmx));
        assert_eq!(f("a.tsv"), Some(Format::Tsv));
        assert_eq!(f("a.ndjson"), Some(Format::Jsonl));
        assert_eq!(f("train.ar"), Some(Format::Moses));
        assert_eq!(f("train.en-US"), Some(Format::Moses));
        assert_eq!(f("notes.txt"), None);
        assert_eq!(f("-"), None);
        assert_eq!("JSONL".parse::<Format>(), Ok(Format::Jsonl));
        assert!("csv".parse::<Format>().unwrap_err().contains("tmx, tsv"));
    }

    #[test]
    fn columns_repeat_names_held_twice_by_one_unit() {
        let unit = TranslationUnit {
            tuid: Some("1".into()),
            extra: vec![("usagecount".into(), "2".into())],
            props: vec![Prop::new("x-a", "1"), Prop::new("x-a", "2")],
            variants: vec![
                Variant::text("en", "a"),
                Variant::text("ar", "b"),
                Variant::text("EN", "c"),
            ],
            ..Default::default()
        };
        let mut columns = Columns::default();
        columns.observe(&unit);
        columns.observe(&unit);
        columns.put_language_first("ar");
        assert_eq!(columns.languages, ["ar", "en", "en"]);
        assert_eq!(columns.props, ["x-a", "x-a"]);
        assert!(columns.tuid);
        assert_eq!(columns.attributes, ["usagecount"]);
    }
}
