//! Bilingual corpus files (XLIFF, PO): files that hold the source text and its translation
//! already paired, unit by unit, read into [`BilingualUnit`]s of the one inline model.
//!
//! Such a file is named `NAME.LANG.EXT` like every corpus file, LANG being its *target* language:
//! its source is in the build's source language, which the file's own language attributes must
//! confirm, as they must confirm LANG. A unit keeps its ids and notes, which become the TMX unit's
//! props and notes.
//!
//! This module does not segment or align the units' text (the build does that, within each
//! unit); it only reads the files and checks their languages.

use std::path::Path;

use super::inline::RichText;
use super::{Notice, decode_text, po, xliff};
use crate::error::{Error, Position, Result};
use crate::lang::LanguageTag;

/// The bilingual formats, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BilingualFormat {
    /// XLIFF 1.2, 2.0, 2.1 and 2.2.
    Xliff,
    /// GNU gettext catalogues.
    Po,
}

impl BilingualFormat {
    /// Every extension read, with its format.
    pub const EXTENSIONS: [(&'static str, BilingualFormat); 3] = [
        ("xliff", BilingualFormat::Xliff),
        ("xlf", BilingualFormat::Xliff),
        ("po", BilingualFormat::Po),
    ];

    /// The format of a file name's extension (case-insensitive).
    pub fn of_path(path: &Path) -> Option<BilingualFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::EXTENSIONS
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|(_, f)| *f)
    }

    /// Reads a bilingual file held in `bytes`; `path` names it in messages. `languages` are the
    /// build's source language and the target language the file name gives, which the file's own
    /// attributes must agree with.
    pub fn read(self, path: &Path, bytes: Vec<u8>, languages: &Languages) -> Result<Bilingual> {
        let (text, mut notices) = decode_text(path, bytes)?;
        let mut read = match self {
            BilingualFormat::Xliff => xliff::read(path, &text, languages)?,
            BilingualFormat::Po => po::read(path, &text, languages)?,
        };
        notices.append(&mut read.notices);
        read.notices = notices;
        Ok(read)
    }
}

/// Reads the bilingual corpus file `file` (its `lang` is the target language) of a corpus whose
/// source language is `source`.
pub fn load(file: &super::DocumentFile, source: &LanguageTag) -> Result<Bilingual> {
    let format = BilingualFormat::of_path(&file.path)
        .ok_or_else(|| Error::file(&file.path, "not a bilingual file (.xliff, .xlf or .po)"))?;
    let meta = std::fs::metadata(&file.path).map_err(|e| Error::io(&file.path, "reading", e))?;
    if meta.is_dir() {
        return Err(Error::file(
            &file.path,
            "this is a folder; a file was expected",
        ));
    }
    let bytes = std::fs::read(&file.path).map_err(|e| Error::io(&file.path, "reading", e))?;
    let languages = Languages {
        source: source.clone(),
        target: file.lang.clone(),
    };
    format.read(&file.path, bytes, &languages)
}

/// The languages a bilingual file must hold.
#[derive(Debug, Clone)]
pub struct Languages {
    /// The build's source language.
    pub source: LanguageTag,
    /// The language of the file name.
    pub target: LanguageTag,
}

impl Languages {
    /// Checks a language the file declares (`role` is `source` or `target`, `attribute` the
    /// attribute or header that declares it, `offset` where in `text`) against the expected one.
    pub fn check(
        &self,
        path: &Path,
        text: &str,
        offset: usize,
        target: bool,
        declared: &str,
        attribute: &str,
    ) -> Result<()> {
        let expected = if target { &self.target } else { &self.source };
        if same_language(declared, expected.as_str()) {
            return Ok(());
        }
        let what = if target {
            format!(
                "the file's target language is `{declared}` ({attribute}) but its name says \
                 `{expected}`: rename the file NAME.{declared}.EXT, or correct {attribute}"
            )
        } else {
            format!(
                "the file's source language is `{declared}` ({attribute}) but the build's source \
                 language is `{expected}`: build with --source-lang {declared}, or leave the file \
                 out of this corpus"
            )
        };
        Err(Error::input(path, Position::of_offset(text, offset), what))
    }
}

/// Whether two language tags name the same language, one perhaps more precisely than the other
/// (`fr` and `fr-FR`, `pt_BR` and `pt-BR`): a file made for `fr-FR` serves a `fr` corpus.
pub fn same_language(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().replace('_', "-").to_ascii_lowercase();
    let (a, b) = (norm(a), norm(b));
    a == b || a.starts_with(&format!("{b}-")) || b.starts_with(&format!("{a}-"))
}

/// One unit of a bilingual file: a source text and its translation, with what the file says
/// about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BilingualUnit {
    pub source: RichText,
    pub target: RichText,
    /// The file gives this text as one segment (an XLIFF 1.2 `<mrk mtype="seg">`, an XLIFF 2
    /// `<segment>`): it is one pair as it stands, not segmented again.
    pub given_segment: bool,
    /// TMX props: (`x-id`, the unit's id), (`x-context`, PO's msgctxt) ...
    pub props: Vec<(String, String)>,
    /// TMX notes: the file's notes and comments.
    pub notes: Vec<String>,
}

/// What a bilingual file holds.
#[derive(Debug, Clone, Default)]
pub struct Bilingual {
    pub units: Vec<BilingualUnit>,
    /// Entries left out (untranslated, fuzzy, obsolete ...) and characters removed.
    pub notices: Vec<Notice>,
}

/// The notice that counts what a reader left out: `left out: 3 fuzzy, 1 untranslated`; none
/// when nothing was.
pub fn left_out_notice(path: &Path, counts: &[(usize, &str)]) -> Option<Notice> {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    (!parts.is_empty()).then(|| Notice {
        path: path.to_path_buf(),
        position: None,
        message: format!("left out {}", parts.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_match_when_one_is_more_precise() {
        assert!(same_language("fr", "fr-FR"));
        assert!(same_language("pt_BR", "pt-br"));
        assert!(!same_language("fr", "fy"));
        assert!(!same_language("fr-CA", "fr-FR"));
    }
}
