//! The corpus stage: finds the documents of a corpus folder and reads their text.
//!
//! A corpus is a folder of files named `NAME.LANG.EXT`, EXT one of [`DocumentFormat`]'s (plain
//! text, Word, OpenDocument, web pages, Markdown, subtitles). Files that share a NAME are one
//! document in several languages: the one in the source language is the original and every other
//! one is a reference translation; they may be in different formats. Every format is read into the
//! one model of [`inline`]: the text, as a `.txt` file with the same words holds it, and the
//! formatting as inline codes beside it. A NAME may have one file per language: when a `.txt` and
//! a document of another format share a NAME and a language, the document is used and the `.txt`
//! is passed over with a notice (it is taken to be the document's plain-text export). Bilingual
//! files (XLIFF, PO: [`bilingual`]) hold a source and its translation already paired; they are
//! named for their target language and listed apart from the documents. Anything that cannot be used (a source without a translation, a
//! translation without a source, a malformed language tag, a file in another encoding) is reported
//! as a [`Notice`] by name, never dropped silently.
//!
//! Reading decodes UTF-8 (with or without BOM) and UTF-16 with a BOM, turns CRLF and CR line ends
//! into LF, and removes the characters XML 1.0 forbids (one such character makes OmegaT drop a whole
//! memory) with a notice that gives their line and column. It does not guess legacy encodings:
//! invalid UTF-8 is an error at its byte offset.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Position, Result};
use crate::lang::LanguageTag;

pub mod bilingual;
pub mod docx;
pub mod html;
pub mod inline;
pub mod markdown;
pub mod odt;
pub mod package;
pub mod po;
pub mod subtitles;
pub mod xliff;

use inline::{InlineCode, RichText};

/// The formats a corpus document may be in, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentFormat {
    Txt,
    Docx,
    Odt,
    Html,
    Markdown,
    Srt,
    Vtt,
}

impl DocumentFormat {
    /// Every extension read, with its format.
    pub const EXTENSIONS: [(&'static str, DocumentFormat); 9] = [
        ("txt", DocumentFormat::Txt),
        ("docx", DocumentFormat::Docx),
        ("odt", DocumentFormat::Odt),
        ("html", DocumentFormat::Html),
        ("htm", DocumentFormat::Html),
        ("md", DocumentFormat::Markdown),
        ("srt", DocumentFormat::Srt),
        ("vtt", DocumentFormat::Vtt),
        ("markdown", DocumentFormat::Markdown),
    ];

    /// The format of a file name's extension (case-insensitive).
    pub fn of_path(path: &Path) -> Option<DocumentFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::EXTENSIONS
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|(_, f)| *f)
    }

    /// Reads a document of this format from `bytes`; `path` names it in messages. Text formats
    /// are decoded as `.txt` files are; the notices report characters removed.
    pub fn read(self, path: &Path, bytes: Vec<u8>) -> Result<(RichText, Vec<Notice>)> {
        let text_of = |bytes: Vec<u8>| decode_text(path, bytes);
        Ok(match self {
            DocumentFormat::Txt => {
                let (text, notices) = text_of(bytes)?;
                (
                    RichText {
                        text,
                        codes: Vec::new(),
                    },
                    notices,
                )
            }
            DocumentFormat::Docx => (docx::read(path, bytes)?, Vec::new()),
            DocumentFormat::Odt => (odt::read(path, bytes)?, Vec::new()),
            DocumentFormat::Html => {
                let (text, notices) = text_of(bytes)?;
                (html::read(&text), notices)
            }
            DocumentFormat::Markdown => {
                let (text, notices) = text_of(bytes)?;
                (markdown::read(&text), notices)
            }
            DocumentFormat::Srt | DocumentFormat::Vtt => {
                let (text, notices) = text_of(bytes)?;
                let flavor = if self == DocumentFormat::Srt {
                    subtitles::Flavor::Srt
                } else {
                    subtitles::Flavor::Vtt
                };
                (subtitles::read(&text, flavor), notices)
            }
        })
    }
}

/// The extensions read, for messages: `txt, docx, ...`.
fn extension_list() -> String {
    DocumentFormat::EXTENSIONS
        .iter()
        .map(|(e, _)| *e)
        .chain(
            bilingual::BilingualFormat::EXTENSIONS
                .iter()
                .map(|(e, _)| *e),
        )
        .collect::<Vec<_>>()
        .join(", ")
}

/// A file of the corpus, before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFile {
    /// The NAME part of `NAME.LANG.txt`.
    pub name: String,
    pub lang: LanguageTag,
    pub path: PathBuf,
}

/// One document: its original and the reference translations found beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentGroup {
    pub name: String,
    pub source: DocumentFile,
    /// Sorted by language tag.
    pub translations: Vec<DocumentFile>,
}

/// A document's text, decoded and with LF line ends, and its inline codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub name: String,
    pub lang: LanguageTag,
    pub path: PathBuf,
    pub text: String,
    /// Formatting as byte ranges of `text` (none for `.txt`), sorted by start.
    pub codes: Vec<InlineCode>,
}

/// Something about the corpus that the user should hear about but that does not stop the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub path: PathBuf,
    pub position: Option<Position>,
    pub message: String,
}

impl Notice {
    /// The notice for a file skipped because of `error`, placed where the error is.
    pub fn skipped(path: &Path, error: Error) -> Notice {
        let (position, message) = match error {
            Error::Input {
                position, message, ..
            } => (Some(position), message),
            Error::Io { action, cause, .. } => (None, format!("{action}: {cause}")),
            Error::File { message, .. } => (None, message),
            Error::Invalid(message) => (None, message),
        };
        Notice {
            path: path.to_path_buf(),
            position,
            message: format!("skipped: {message}"),
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.position {
            Some(p) => write!(f, "{}:{p}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// The documents of a corpus folder, grouped by name, in name order.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub root: PathBuf,
    pub source_lang: LanguageTag,
    pub groups: Vec<DocumentGroup>,
    /// Bilingual files (XLIFF, PO), each a document with its translation: `lang` is the
    /// target's. Sorted by name.
    pub bilingual: Vec<DocumentFile>,
    pub notices: Vec<Notice>,
}

impl Corpus {
    /// Every target language present in the corpus, sorted.
    pub fn target_languages(&self) -> Vec<LanguageTag> {
        let mut langs: Vec<LanguageTag> = self
            .groups
            .iter()
            .flat_map(|g| g.translations.iter().map(|t| t.lang.clone()))
            .chain(self.bilingual.iter().map(|b| b.lang.clone()))
            .collect();
        langs.sort();
        langs.dedup();
        langs
    }
}

/// Lists `root` and groups its `NAME.LANG.txt` files into documents.
///
/// Only the top level of `root` is read; `.gold` and `.align` files and `tmforge.toml` belong to
/// the corpus and are passed over quietly, any other file is reported.
pub fn discover(root: &Path, source_lang: &LanguageTag) -> Result<Corpus> {
    let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::file(
            root,
            "no such corpus folder; run tmforge where the corpus folder is, or name it: \
                 `tmforge build FOLDER`",
        ),
        _ => Error::io(root, "opening the corpus folder", e),
    })?;
    if !meta.is_dir() {
        return Err(Error::file(
            root,
            "this is a file, not a corpus folder; give the folder that holds the NAME.LANG.txt files",
        ));
    }
    let entries =
        std::fs::read_dir(root).map_err(|e| Error::io(root, "listing the corpus folder", e))?;
    let mut notices = Vec::new();
    // name -> lang -> file
    let mut by_name: BTreeMap<String, BTreeMap<LanguageTag, DocumentFile>> = BTreeMap::new();
    let mut bilingual: BTreeMap<(String, LanguageTag), DocumentFile> = BTreeMap::new();
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(root, "listing the corpus folder", e))?;
        paths.push(entry.path());
    }
    paths.sort();
    for path in paths {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir()
            || file_name.starts_with('.')
            || file_name.ends_with(".gold")
            || file_name.ends_with(".align")
            || file_name == "tmforge.toml"
        {
            continue;
        }
        let bilingual_format = bilingual::BilingualFormat::of_path(&path);
        let format = DocumentFormat::of_path(&path);
        if format.is_none() && bilingual_format.is_none() {
            notices.push(notice(
                &path,
                &format!(
                    "skipped: not a NAME.LANG.txt file (nor NAME.LANG.EXT with EXT one of {})",
                    extension_list()
                ),
            ));
            continue;
        }
        let stem = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = stem.as_str();
        let Some((name, lang_text)) = stem.rsplit_once('.') else {
            notices.push(notice(
                &path,
                "skipped: no language in the name; call it NAME.LANG.txt (e.g. report.ar.txt)",
            ));
            continue;
        };
        let lang = match LanguageTag::parse(lang_text) {
            Ok(lang) => lang,
            Err(e) => {
                notices.push(notice(&path, &format!("skipped: {e}")));
                continue;
            }
        };
        if lang.as_str() != lang_text {
            notices.push(notice(
                &path,
                &format!("language `{lang_text}` read as the BCP 47 tag `{lang}`"),
            ));
        }
        let Some(format) = format else {
            // A bilingual file: LANG is its target language.
            let file = DocumentFile {
                name: name.to_string(),
                lang: lang.clone(),
                path,
            };
            if lang == *source_lang {
                notices.push(notice(
                    &file.path,
                    &format!(
                        "skipped: a bilingual file is named for its target language, and `{lang}` \
                         is the source language; call it {name}.TARGET.{}",
                        file.path
                            .extension()
                            .map(|e| e.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    ),
                ));
            } else if let Some(previous) = bilingual.get(&(name.to_string(), lang.clone())) {
                notices.push(notice(
                    &file.path,
                    &format!(
                        "skipped: {} already holds the `{lang}` translation of `{name}`",
                        previous.path.display()
                    ),
                ));
            } else {
                bilingual.insert((name.to_string(), lang), file);
            }
            continue;
        };
        let langs = by_name.entry(name.to_string()).or_default();
        if let Some(previous) = langs.get(&lang) {
            let previous_is_txt =
                DocumentFormat::of_path(&previous.path) == Some(DocumentFormat::Txt);
            if previous_is_txt && format != DocumentFormat::Txt {
                notices.push(notice(
                    &previous.path,
                    &format!(
                        "passed over: {} is the `{lang}` text of `{name}` (a document wins over a \
                         .txt of the same name and language, taken to be its plain-text export)",
                        path.display()
                    ),
                ));
                langs.insert(
                    lang.clone(),
                    DocumentFile {
                        name: name.to_string(),
                        lang,
                        path,
                    },
                );
                continue;
            }
            if format != DocumentFormat::Txt && !previous_is_txt {
                notices.push(notice(
                    &path,
                    &format!(
                        "skipped: {} is already the `{lang}` text of `{name}`; keep one file a \
                         language",
                        previous.path.display()
                    ),
                ));
                continue;
            }
            if format == DocumentFormat::Txt && !previous_is_txt {
                notices.push(notice(
                    &path,
                    &format!(
                        "passed over: {} is the `{lang}` text of `{name}` (a document wins over a \
                         .txt of the same name and language, taken to be its plain-text export)",
                        previous.path.display()
                    ),
                ));
                continue;
            }
            notices.push(notice(
                &path,
                &format!(
                    "skipped: {} is already the `{lang}` text of `{name}`",
                    previous.path.display()
                ),
            ));
            continue;
        }
        langs.insert(
            lang.clone(),
            DocumentFile {
                name: name.to_string(),
                lang,
                path,
            },
        );
    }

    let lowercase_names: BTreeMap<String, Vec<String>> =
        by_name.keys().fold(BTreeMap::new(), |mut m, n| {
            m.entry(n.to_lowercase())
                .or_insert_with(Vec::new)
                .push(n.clone());
            m
        });
    let case_hint = |name: &str| -> String {
        let others: Vec<&String> = lowercase_names[&name.to_lowercase()]
            .iter()
            .filter(|n| *n != name)
            .collect();
        if others.is_empty() {
            String::new()
        } else {
            format!(
                " (names differ only by case from `{}`: rename one so they match exactly)",
                others[0]
            )
        }
    };

    // A bilingual file gives the pairs of its NAME and language: a monolingual translation of
    // the same NAME and language would give them a second time.
    let mut bilingual_files = Vec::new();
    for ((name, lang), file) in bilingual {
        let translation = by_name
            .get(&name)
            .filter(|langs| langs.contains_key(source_lang))
            .and_then(|langs| langs.get(&lang));
        match translation {
            Some(other) => notices.push(notice(
                &file.path,
                &format!(
                    "skipped: {} is already the `{lang}` translation of `{name}`; keep one",
                    other.path.display()
                ),
            )),
            None => bilingual_files.push(file),
        }
    }

    let mut groups = Vec::new();
    for (name, mut langs) in by_name {
        match langs.remove(source_lang) {
            Some(source) if langs.is_empty() => notices.push(notice(
                &source.path,
                &format!(
                    "skipped: no translation of `{name}` beside it (expected {name}.LANG.txt){}",
                    case_hint(&name)
                ),
            )),
            Some(source) => groups.push(DocumentGroup {
                name,
                source,
                translations: langs.into_values().collect(),
            }),
            None => {
                for file in langs.values() {
                    notices.push(notice(
                        &file.path,
                        &format!(
                            "skipped: translation without a source (expected {name}.{source_lang}.txt){}",
                            case_hint(&name)
                        ),
                    ));
                }
            }
        }
    }
    Ok(Corpus {
        root: root.to_path_buf(),
        source_lang: source_lang.clone(),
        groups,
        bilingual: bilingual_files,
        notices,
    })
}

fn notice(path: &Path, message: &str) -> Notice {
    Notice {
        path: path.to_path_buf(),
        position: None,
        message: message.to_string(),
    }
}

impl DocumentFile {
    /// Reads the file in the format its extension names; notices report removed characters.
    pub fn load(&self) -> Result<(Document, Vec<Notice>)> {
        let format = DocumentFormat::of_path(&self.path).unwrap_or(DocumentFormat::Txt);
        let (rich, notices) = if format == DocumentFormat::Txt {
            let (text, notices) = read_text(&self.path)?;
            (
                RichText {
                    text,
                    codes: Vec::new(),
                },
                notices,
            )
        } else {
            let meta =
                std::fs::metadata(&self.path).map_err(|e| Error::io(&self.path, "reading", e))?;
            if meta.is_dir() {
                return Err(Error::file(
                    &self.path,
                    "this is a folder; a document was expected",
                ));
            }
            let bytes =
                std::fs::read(&self.path).map_err(|e| Error::io(&self.path, "reading", e))?;
            format.read(&self.path, bytes)?
        };
        Ok((
            Document {
                name: self.name.clone(),
                lang: self.lang.clone(),
                path: self.path.clone(),
                text: rich.text,
                codes: rich.codes,
            },
            notices,
        ))
    }
}

/// Reads a text file: UTF-8 or UTF-16 with a BOM, LF line ends, no XML-illegal characters.
pub fn read_text(path: &Path) -> Result<(String, Vec<Notice>)> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, "reading", e))?;
    if meta.is_dir() {
        return Err(Error::file(
            path,
            "this is a folder; a text file was expected",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "reading", e))?;
    decode_text(path, bytes)
}

/// Decodes bytes as [`read_text`] does; `path` only names the input in messages. Plain UTF-8
/// with LF line ends and no forbidden character, the common case, is taken over without a copy.
pub fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<(String, Vec<Notice>)> {
    let raw = decode_unicode(path, bytes)?;
    let text = normalize_line_ends(raw);
    Ok(remove_xml_illegal(path, text))
}

fn decode_unicode(path: &Path, mut bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        return decode_utf8(path, bytes, 3);
    }
    let utf16 = |rest: &[u8], big_endian: bool| -> Result<String> {
        if !rest.len().is_multiple_of(2) {
            return Err(Error::input(
                path,
                Position::Byte(bytes.len() - 1),
                "UTF-16 text with an odd number of bytes: the file is truncated",
            ));
        }
        let units = rest.chunks_exact(2).map(|c| {
            if big_endian {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        let mut out = String::with_capacity(rest.len() / 2);
        // Counted in 16-bit units, not characters: a surrogate pair before the bad unit is two.
        let mut unit_index = 0;
        for unit in char::decode_utf16(units) {
            match unit {
                Ok(c) => {
                    out.push(c);
                    unit_index += c.len_utf16();
                }
                Err(_) => {
                    return Err(Error::input(
                        path,
                        Position::Byte(2 + 2 * unit_index),
                        "unpaired UTF-16 surrogate: the file is damaged",
                    ));
                }
            }
        }
        Ok(out)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, true);
    }
    decode_utf8(path, bytes, 0)
}

fn decode_utf8(path: &Path, bytes: Vec<u8>, base: usize) -> Result<String> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::input(
            path,
            Position::Byte(base + nul),
            "NUL byte: this is a binary file or UTF-16 without a byte-order mark; \
             save it as UTF-8 text",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => Err(Error::input(
            path,
            Position::Byte(base + e.utf8_error().valid_up_to()),
            "invalid UTF-8: the file is not UTF-8 text; convert it first \
             (for example `iconv -f WINDOWS-1256 -t UTF-8`)",
        )),
    }
}

/// CRLF and lone CR become LF, so that every platform's files give the same sentences.
pub fn normalize_line_ends(text: String) -> String {
    if !text.as_bytes().contains(&b'\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Whether XML 1.0 allows `c` in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether UTF-8 `bytes` may hold a character XML 1.0 forbids: a C0 control other than tab,
/// LF and CR, or U+FFFE/U+FFFF (EF BF BE/BF). Surrogates cannot occur in valid UTF-8.
fn may_hold_xml_illegal(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || (matches!(b, 0xBE | 0xBF) && i >= 2 && bytes[i - 2] == 0xEF && bytes[i - 1] == 0xBF)
    })
}

fn remove_xml_illegal(path: &Path, text: String) -> (String, Vec<Notice>) {
    if !may_hold_xml_illegal(text.as_bytes()) || text.chars().all(is_xml_char) {
        return (text, Vec::new());
    }
    let mut notices = Vec::new();
    let mut clean = String::with_capacity(text.len());
    for (offset, c) in text.char_indices() {
        if is_xml_char(c) {
            clean.push(c);
        } else {
            notices.push(Notice {
                path: path.to_path_buf(),
                position: Some(Position::of_offset(&text, offset)),
                message: format!(
                    "removed U+{:04X}, a control character that XML 1.0 forbids",
                    c as u32
                ),
            });
        }
    }
    (clean, notices)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<(String, Vec<Notice>)> {
        decode_text(Path::new("t.txt"), bytes.to_vec())
    }

    #[test]
    fn boms_and_line_ends() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc").unwrap().0, "a\nb\nc");
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("سلام\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16le).unwrap().0, "سلام\n");
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("hi".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&utf16be).unwrap().0, "hi");
    }

    #[test]
    fn unpaired_surrogate_offset_counts_units_after_a_pair() {
        // BOM, `a`, U+1F600 (a surrogate pair: 4 bytes), `b`, then a lone high surrogate at byte 10.
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\u{1F600}b".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .chain([0x00, 0xD8, b'c', 0x00])
            .collect();
        let err = decode(&bytes).unwrap_err().to_string();
        assert!(
            err.contains("byte 10") && err.contains("surrogate"),
            "{err}"
        );
    }

    #[test]
    fn invalid_utf8_reports_byte_offset() {
        let err = decode(b"abc\xC7\xE1").unwrap_err().to_string();
        assert!(err.contains("byte 3"), "{err}");
        assert!(err.contains("not UTF-8"), "{err}");
    }

    #[test]
    fn nul_byte_is_refused() {
        let err = decode(b"ab\0cd").unwrap_err().to_string();
        assert!(err.contains("byte 2") && err.contains("NUL"), "{err}");
    }

    #[test]
    fn noncharacters_are_removed_too() {
        let (text, notices) = decode("a\u{FFFE}b\u{FFFF}c\u{FFFD}".as_bytes()).unwrap();
        assert_eq!(text, "abc\u{FFFD}");
        assert_eq!(notices.len(), 2);
    }

    #[test]
    fn xml_illegal_controls_are_removed_with_position() {
        let (text, notices) = decode("a\nb\u{1}c".as_bytes()).unwrap();
        assert_eq!(text, "a\nbc");
        assert_eq!(notices.len(), 1);
        assert_eq!(
            notices[0].to_string(),
            "t.txt:2:2: removed U+0001, a control character that XML 1.0 forbids"
        );
    }
}
