//! Moses line-aligned text: one plain-text file a language, line `n` of each file holding the
//! two (or more) sides of unit `n`, as MT training tools read them.
//!
//! # Naming
//! The files share a prefix and end in their language: `train.ar` and `train.en` are the files of
//! prefix `train`. A path given to tmforge is either one of the files (`train.ar`: its language
//! becomes the source language, and the other languages are the sibling files `train.*` whose
//! extension is a language tag) or the bare prefix (`train`, with `--from moses`/`--to moses`).
//! An extension counts as a language when it is a BCP 47 tag with a two- or three-letter primary
//! subtag and not a common file extension such as `txt` or `tmx` (see [`is_language_extension`]).
//!
//! # What Moses text does not hold
//! Only languages and plain text: no `tuid`, props, notes or attributes, and no inline codes
//! (their text is kept). A segment cannot hold a line break, so a unit with one is refused with an
//! error that names it (convert to TSV or JSONL instead, which escape line breaks); so is a unit
//! that lacks one of the languages or holds one twice, because the files would no longer line up.
//! Tabs and every other character are written as they are. Reading accepts LF or CRLF line ends.

use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use super::{Losses, UnitSource};
use crate::error::{Error, Position, Result};
use crate::lang::LanguageTag;
use crate::tmx::{TranslationUnit, Variant};

/// Two- and three-letter file extensions that are well-formed language tags but name file types,
/// so they never make a file a Moses side (`train.txt` is not "text in the language txt"). None of
/// them is an ISO 639 code in use for a language people translate.
const FILE_EXTENSIONS: [&str; 30] = [
    "tmx", "tsv", "tab", "txt", "csv", "xml", "bak", "log", "zip", "pdf", "doc", "tok", "bpe",
    "spm", "sgm", "out", "err", "dat", "bin", "cfg", "ini", "yml", "gz", "xz", "bz2", "md", "py",
    "sh", "js", "db",
];

/// Whether a file extension names a language: a BCP 47 tag with a two- or three-letter primary
/// subtag (ISO 639), not one of the common file extensions.
pub fn is_language_extension(ext: &str) -> bool {
    let lower = ext.to_ascii_lowercase();
    if FILE_EXTENSIONS.contains(&lower.as_str()) {
        return false;
    }
    LanguageTag::parse(ext).is_ok_and(|tag| (2..=3).contains(&tag.primary().len()))
}

/// The files of one Moses corpus: a prefix and its languages, the source language first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MosesFiles {
    /// The path without the language extension (`data/train`).
    pub prefix: PathBuf,
    /// The languages, as they appear in the file names.
    pub languages: Vec<String>,
}

impl MosesFiles {
    /// The file of `lang`: the prefix, a dot and the language.
    pub fn path(&self, lang: &str) -> PathBuf {
        let mut name: OsString = self.prefix.clone().into_os_string();
        name.push(".");
        name.push(lang);
        PathBuf::from(name)
    }

    /// Splits a path given for Moses text into its prefix and, when it names one of the files,
    /// that file's language.
    pub fn split(spec: &Path) -> (PathBuf, Option<String>) {
        match spec.extension().and_then(|e| e.to_str()) {
            Some(ext) if is_language_extension(ext) => (spec.with_extension(""), Some(ext.into())),
            _ => (spec.to_path_buf(), None),
        }
    }

    /// Finds the files of an existing corpus from one of its files or its prefix: every sibling
    /// `PREFIX.LANG`, the named language first and the others in alphabetical order.
    pub fn find(spec: &Path) -> Result<MosesFiles> {
        let (prefix, named) = MosesFiles::split(spec);
        let stem = prefix
            .file_name()
            .and_then(|s| s.to_str())
            .ok_or_else(|| Error::file(spec, "is not a Moses file name or prefix (NAME.ar, NAME)"))?
            .to_string();
        let dir = match prefix.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let entries =
            std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, "listing the folder", e))?;
        let mut languages = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, "listing the folder", e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(lang) = name
                .strip_prefix(stem.as_str())
                .and_then(|r| r.strip_prefix('.'))
            else {
                continue;
            };
            if is_language_extension(lang) && entry.path().is_file() {
                languages.push(lang.to_string());
            }
        }
        languages.sort();
        if let Some(named) = &named {
            if !languages.contains(named) {
                return Err(Error::io(
                    spec,
                    "opening",
                    std::io::Error::from(std::io::ErrorKind::NotFound),
                ));
            }
            languages.retain(|l| l != named);
            languages.insert(0, named.clone());
        }
        let files = MosesFiles { prefix, languages };
        match files.languages.len() {
            0 => Err(Error::file(
                spec,
                format!(
                    "no Moses files found: expected one file a language named {}.LANG (e.g. {} and {})",
                    files.prefix.display(),
                    files.path("ar").display(),
                    files.path("en").display()
                ),
            )),
            1 => Err(Error::file(
                spec,
                format!(
                    "only {} was found; Moses text needs one file a language beside it (e.g. {})",
                    files.path(&files.languages[0]).display(),
                    files
                        .path(if files.languages[0] == "en" {
                            "ar"
                        } else {
                            "en"
                        })
                        .display()
                ),
            )),
            _ => Ok(files),
        }
    }
}

/// Reads line-aligned files in step, one unit a line.
pub struct MosesReader {
    sides: Vec<(String, PathBuf, Box<dyn BufRead>)>,
    line: usize,
    buf: Vec<u8>,
}

impl MosesReader {
    /// Opens every file of `files`.
    pub fn open(files: &MosesFiles) -> Result<MosesReader> {
        let mut sides = Vec::new();
        for lang in &files.languages {
            let path = files.path(lang);
            let file = File::open(&path).map_err(|e| Error::io(&path, "opening", e))?;
            sides.push((
                lang.clone(),
                path,
                Box::new(BufReader::new(file)) as Box<dyn BufRead>,
            ));
        }
        Ok(MosesReader::from_readers(sides))
    }

    /// Reads from already open inputs: (language, path for messages, input).
    pub fn from_readers(sides: Vec<(String, PathBuf, Box<dyn BufRead>)>) -> MosesReader {
        MosesReader {
            sides,
            line: 0,
            buf: Vec::new(),
        }
    }
}

impl UnitSource for MosesReader {
    fn next_unit(&mut self) -> Result<Option<TranslationUnit>> {
        let line = self.line + 1;
        let mut variants = Vec::with_capacity(self.sides.len());
        let mut ended: Vec<usize> = Vec::new();
        for (index, (lang, path, input)) in self.sides.iter_mut().enumerate() {
            self.buf.clear();
            let n = input
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| Error::io(&*path, "reading", e))?;
            if n == 0 {
                ended.push(index);
                continue;
            }
            if self.buf.ends_with(b"\n") {
                self.buf.pop();
            }
            if self.buf.ends_with(b"\r") {
                self.buf.pop();
            }
            let text = std::str::from_utf8(&self.buf).map_err(|e| {
                Error::input(
                    &*path,
                    Position::LineColumn {
                        line,
                        column: e.valid_up_to() + 1,
                    },
                    "this line is not UTF-8; Moses files must be UTF-8",
                )
            })?;
            variants.push(Variant::text(lang.clone(), text));
        }
        if ended.len() == self.sides.len() {
            return Ok(None);
        }
        if let Some(&short) = ended.first() {
            let longer = (0..self.sides.len())
                .find(|i| !ended.contains(i))
                .map_or_else(String::new, |i| self.sides[i].1.display().to_string());
            return Err(Error::file(
                &self.sides[short].1,
                format!(
                    "has {} lines and {longer} has more; line-aligned files must have the same \
                     number of lines",
                    self.line
                ),
            ));
        }
        self.line = line;
        Ok(Some(TranslationUnit {
            variants,
            ..Default::default()
        }))
    }

    fn source_language(&self) -> Option<String> {
        self.sides.first().map(|(lang, _, _)| lang.clone())
    }
}

/// Writes units as one line in each language's output.
pub struct MosesWriter<W: Write> {
    sides: Vec<(String, W)>,
    units: usize,
    losses: Losses,
}

impl<W: Write> MosesWriter<W> {
    /// A writer with one output a language, the source language first.
    pub fn new(sides: Vec<(String, W)>) -> MosesWriter<W> {
        MosesWriter {
            sides,
            units: 0,
            losses: Losses::default(),
        }
    }

    /// Writes one line in every output, or nothing and an error when the unit cannot be written
    /// without breaking the line alignment.
    pub fn write_unit(&mut self, unit: &TranslationUnit) -> Result<()> {
        self.units += 1;
        let name = match &unit.tuid {
            Some(tuid) => format!("unit {} (tuid `{tuid}`)", self.units),
            None => format!("unit {}", self.units),
        };
        let mut lines = Vec::with_capacity(self.sides.len());
        for (lang, _) in &self.sides {
            let mut matching = unit
                .variants
                .iter()
                .filter(|v| v.lang.eq_ignore_ascii_case(lang));
            let variant = matching.next().ok_or_else(|| {
                Error::Invalid(format!(
                    "{name} has no `{lang}` segment; Moses files must line up, so every unit needs \
                     every language (convert to tsv or jsonl, which allow gaps)"
                ))
            })?;
            if matching.next().is_some() {
                return Err(Error::Invalid(format!(
                    "{name} holds two `{lang}` segments; Moses text holds one a language \
                     (convert to tsv or jsonl instead)"
                )));
            }
            let text = variant.segment.flattened().0;
            if text.contains(['\n', '\r']) {
                return Err(Error::Invalid(format!(
                    "{name}: the `{lang}` segment holds a line break, which Moses line-aligned text \
                     cannot hold (one line is one segment); convert to tsv or jsonl, which escape \
                     line breaks, or remove it from the segment"
                )));
            }
            lines.push(text);
        }
        if let Some(v) = unit.variants.iter().find(|v| {
            !self
                .sides
                .iter()
                .any(|(l, _)| v.lang.eq_ignore_ascii_case(l))
        }) {
            return Err(Error::Invalid(format!(
                "{name} holds a `{}` segment and no Moses file was opened for that language",
                v.lang
            )));
        }
        self.losses.count(unit, false);
        for ((lang, out), text) in self.sides.iter_mut().zip(lines) {
            writeln!(out, "{text}")
                .map_err(|e| Error::Invalid(format!("writing the `{lang}` file: {e}")))?;
        }
        Ok(())
    }

    /// What the lines written so far left out.
    pub fn losses(&self) -> Losses {
        self.losses
    }

    /// Flushes and returns the outputs.
    pub fn finish(self) -> std::io::Result<Vec<(String, W)>> {
        let mut sides = self.sides;
        for (_, out) in &mut sides {
            out.flush()?;
        }
        Ok(sides)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_extensions() {
        assert!(is_language_extension("ar"));
        assert!(is_language_extension("en-US"));
        assert!(is_language_extension("zh-Hant"));
        for not in ["txt", "tmx", "jsonl", "html", "1", "gz"] {
            assert!(!is_language_extension(not), "{not}");
        }
    }

    #[test]
    fn finds_siblings_with_the_named_language_first() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["train.en", "train.ar", "train.fr", "train.txt", "other.de"] {
            std::fs::write(dir.path().join(name), "x\n").unwrap();
        }
        let files = MosesFiles::find(&dir.path().join("train.en")).unwrap();
        assert_eq!(files.languages, ["en", "ar", "fr"]);
        let files = MosesFiles::find(&dir.path().join("train")).unwrap();
        assert_eq!(files.languages, ["ar", "en", "fr"]);
        let err = MosesFiles::find(&dir.path().join("other")).unwrap_err();
        assert!(err.to_string().contains("only"), "{err}");
    }

    #[test]
    fn unequal_files_are_an_error() {
        let sides: Vec<(String, PathBuf, Box<dyn BufRead>)> = vec![
            ("ar".into(), "t.ar".into(), Box::new("a\r\nb\n".as_bytes())),
            ("en".into(), "t.en".into(), Box::new("A\n".as_bytes())),
        ];
        let mut r = MosesReader::from_readers(sides);
        let u = r.next_unit().unwrap().unwrap();
        assert_eq!(u.variants[0].segment.text(), "a");
        let err = r.next_unit().unwrap_err().to_string();
        assert!(err.starts_with("t.en: has 1 lines and t.ar"), "{err}");
    }

    #[test]
    fn line_breaks_are_refused_by_name() {
        let mut w = MosesWriter::new(vec![
            ("ar".to_string(), Vec::new()),
            ("en".into(), Vec::new()),
        ]);
        let unit = TranslationUnit {
            tuid: Some("9".into()),
            variants: vec![Variant::text("ar", "a"), Variant::text("en", "b\nc")],
            ..Default::default()
        };
        let err = w.write_unit(&unit).unwrap_err().to_string();
        assert!(
            err.contains("tuid `9`") && err.contains("line break"),
            "{err}"
        );
    }
}
