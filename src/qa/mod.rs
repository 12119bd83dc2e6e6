//! The QA stage: findings about a translation memory and the pairs in it.
//!
//! Two kinds of checks share one [`Finding`] format. [`structure`] reads a TMX file as a stream and
//! reports what breaks a consumer (ill-formed XML, missing header attributes, bad dates, language
//! tags that match nothing ...); [`pairs`] looks at each unit's source and target and reports what
//! suggests a wrong or damaged pair (numbers that differ, an untranslated target, a length far
//! from what the language pair predicts ...). Every finding has a stable [`Code`], so scripts and
//! suppression lists can rely on it.
//!
//! What this module deliberately does not do: repair files, validate against the DTD's content
//! models in full (element order inside `<header>` is not checked), or judge translation quality
//! beyond these mechanical signals.

pub mod pairs;
pub mod script;
pub mod semantic;
pub mod structure;

use serde::Serialize;

pub use pairs::{LengthModel, PairChecker};
pub use semantic::Similarity;
pub use structure::{Checked, Options, Summary, validate};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, not a defect: shown, but never changes the exit status (`--strict`
    /// included).
    Note,
    /// Legal, but risky in some tool or a sign of a wrong pair.
    Warning,
    /// The spec forbids it, or a consumer rejects or drops the file.
    Error,
}

impl Severity {
    /// The word used in diagnostics (`error`, `warning`, `note`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem found in a file, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable kebab-case identifier (`empty-seg`, `number-mismatch` ...).
    pub code: &'static str,
    /// The code's severity.
    pub severity: Severity,
    /// The file as the user named it (`<stdin>` for standard input).
    pub file: String,
    /// 1-based line, when the finding has a place in the file.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// The unit's `tuid`, when the finding is about a unit that has one.
    pub tuid: Option<String>,
    /// What is wrong and what to do about it.
    pub message: String,
    /// The measurement behind the finding, when it is one number (the cross-lingual similarity of
    /// a `semantic-mismatch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

impl Finding {
    /// A finding of `code` with the code's severity and no position yet.
    pub fn new(code: Code, file: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            code: code.as_str(),
            severity: code.severity(),
            file: file.into(),
            line: None,
            column: None,
            tuid: None,
            message: message.into(),
            score: None,
        }
    }

    /// The same finding with its measurement.
    pub fn with_score(mut self, score: f64) -> Finding {
        self.score = Some(score);
        self
    }

    /// The same finding placed at a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Finding {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The same finding attributed to the unit `tuid`.
    pub fn in_unit(mut self, tuid: Option<&str>) -> Finding {
        self.tuid = tuid.map(str::to_string);
        self
    }
}

impl std::fmt::Display for Finding {
    /// Compiler style: `file:line:col: error[code]: message (tuid X)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(
            f,
            ": {}[{}]: {}",
            self.severity.as_str(),
            self.code,
            self.message
        )?;
        if let Some(tuid) = &self.tuid {
            write!(f, " (tuid {tuid})")?;
        }
        Ok(())
    }
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, $severity:ident; )*) => {
        /// Every kind of finding, with its stable name and severity.
        ///
        /// The name is the public contract (output, suppression lists, docs); the severity follows
        /// one rule: `error` when the TMX spec forbids it or a known consumer rejects or silently
        /// drops the whole file, `warning` when it is legal but loses data in some tool or suggests
        /// a wrong pair, `note` when it is worth knowing but not a defect.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable kebab-case name.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// How bad a finding of this code is.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// What the code means and why it matters, for `--help` and the README.
            pub fn doc(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),*).trim_start(),)* }
            }

            /// The code named `name`.
            pub fn from_name(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str() == name)
            }
        }
    };
}

codes! {
    /// A character XML 1.0 forbids (U+0000-U+001F other than tab, newline and carriage return, U+FFFE,
    /// U+FFFF), raw or as `&#...;`: OmegaT drops the whole memory.
    XmlIllegalChar = "xml-illegal-char", Error;
    /// The XML is not well-formed (a bare `&`, a mismatched tag, invalid UTF-8, a truncated file):
    /// reading stops here, and consumers reject the file.
    NotWellFormed = "not-well-formed", Error;
    /// The document type declares entities, or points at an external one: tmforge refuses to expand
    /// them (entity expansion and external entities are known attacks).
    EntityRefused = "entity-refused", Error;
    /// A reference to an entity other than XML's five predefined ones.
    UndefinedEntity = "undefined-entity", Error;
    /// The root element is not `<tmx>`, or `<header>`/`<body>` is missing.
    NotTmx = "not-tmx", Error;
    /// `<tmx version>` is missing or not one of 1.1, 1.2, 1.3, 1.4.
    BadVersion = "bad-version", Error;
    /// The file is TMX 1.1, 1.2 or 1.3: it is judged by its own version's rules (`<tuv lang=...>`
    /// is legal there), but tools that read only TMX 1.4 (hypomnema, translate-toolkit's
    /// languages) may not read it.
    OlderVersion = "older-version", Note;
    /// The header has no `srclang`: OmegaT crashes reading it, xmllint rejects it.
    MissingSrclang = "missing-srclang", Error;
    /// The header lacks one of the attributes TMX 1.4b requires (`creationtool`,
    /// `creationtoolversion`, `segtype`, `o-tmf`, `adminlang`, `datatype`).
    MissingHeaderAttr = "missing-header-attr", Error;
    /// A required attribute other than the header's is missing (`<prop type>`).
    MissingAttr = "missing-attr", Error;
    /// `srclang` matches no `<tuv xml:lang>` of a unit exactly: translate-toolkit silently loses
    /// every source text.
    SrclangMismatch = "srclang-mismatch", Error;
    /// `<tuv lang=...>` (TMX 1.1 to 1.3) instead of `xml:lang` in a TMX 1.4 file: hypomnema
    /// rejects the file, translate-toolkit loses the languages.
    DeprecatedLangAttr = "deprecated-lang-attr", Error;
    /// A `<tuv>` without any language.
    MissingLang = "missing-lang", Error;
    /// A language attribute that is not a BCP 47 tag.
    BadLangTag = "bad-lang-tag", Error;
    /// A `<tu>` without `<tuv>`, or a `<tuv>` without `<seg>`, as the DTD requires.
    MissingSeg = "missing-seg", Error;
    /// An element the TMX 1.4b DTD does not allow where it stands.
    UnexpectedElement = "unexpected-element", Error;
    /// An empty `<seg/>`: OmegaT inserts an empty translation and the sentence vanishes.
    EmptySeg = "empty-seg", Warning;
    /// A date that is not `YYYYMMDDThhmmssZ`: hypomnema rejects the file.
    BadDate = "bad-date", Error;
    /// `segtype` is not `block`, `paragraph`, `sentence` or `phrase`.
    BadSegtype = "bad-segtype", Error;
    /// `usagecount` is not a non-negative integer.
    BadUsagecount = "bad-usagecount", Error;
    /// `<bpt>` and `<ept>` that do not pair up by `i` inside one `<seg>`.
    UnpairedInlineCode = "unpaired-inline-code", Error;
    /// The same `tuid` twice: tools that key on it keep only one of the units.
    DuplicateTuid = "duplicate-tuid", Warning;
    /// The same source text with a different target earlier in the file: OmegaT silently keeps the
    /// later one.
    ConflictingTranslation = "conflicting-translation", Warning;
    /// A segment over 2,000 characters: Trados Cloud refuses it.
    SegmentTooLong = "segment-too-long", Warning;
    /// A file over 1 GB: Trados Cloud refuses to import it.
    FileTooLarge = "file-too-large", Error;
    /// A `<prop type>` without the `x-` prefix TMX 1.4b reserves for user-defined types, other
    /// than the types CAT tools write by design (Trados Workbench, SDL, OmegaT ...): reported once
    /// per type.
    PropWithoutXPrefix = "prop-without-x-prefix", Note;
    /// A number on one side that the other side does not have (Arabic-Indic digits, `22.230` as
    /// thousands and reversed groups such as `000 48` are normalized first).
    NumberMismatch = "number-mismatch", Warning;
    /// The target is the source, unchanged or but for whitespace (code, placeholders, URLs, file
    /// and key names and single names are rightly copied, and not reported).
    Untranslated = "untranslated", Warning;
    /// The target's meaning is far from the source's: their cross-lingual similarity (from the
    /// sentence encoder) is more likely for unrelated sentences than for this file's translations.
    SemanticMismatch = "semantic-mismatch", Warning;
    /// The pairs of a language the sentence encoder does not cover are not checked for meaning
    /// (once per file and language pair).
    SemanticSkipped = "semantic-skipped", Note;
    /// Most letters of a segment are outside the scripts of its language, or it holds mojibake
    /// (UTF-8 read as Latin-1 or CP1252, text in a legacy encoding read as Latin-1).
    WrongScript = "wrong-script", Warning;
    /// The target's length is far outside what the language pair and the file's own pairs predict.
    LengthRatio = "length-ratio", Warning;
    /// The aligner's confidence (`x-confidence`) is below the threshold, or unreadable.
    LowConfidence = "low-confidence", Warning;
    /// Brackets or quotes balanced on one side and not on the other (quotes as each language
    /// writes them: `“ ”`, `„ “`, `« »`, `» «`, `‹ ›`, `「 」`).
    UnbalancedBrackets = "unbalanced-brackets", Warning;
    /// A segment starting or ending with whitespace, which tools trim differently.
    LeadingTrailingWhitespace = "leading-trailing-whitespace", Warning;
    /// Two spaces in a row inside a segment.
    DoubledSpace = "doubled-space", Warning;
}

impl Code {
    /// Whether the code is about one pair's source and target (rather than the file's structure):
    /// these are the checks `--structure-only` skips.
    pub fn is_pair_check(self) -> bool {
        matches!(
            self,
            Code::NumberMismatch
                | Code::Untranslated
                | Code::SemanticMismatch
                | Code::WrongScript
                | Code::LengthRatio
                | Code::LowConfidence
                | Code::UnbalancedBrackets
                | Code::LeadingTrailingWhitespace
                | Code::DoubledSpace
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        for name in &names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
        }
        for code in Code::ALL {
            assert!(!code.doc().is_empty(), "{code:?}");
            assert_eq!(Code::from_name(code.as_str()), Some(*code));
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn display_reads_like_a_compiler_diagnostic() {
        let f = Finding::new(Code::EmptySeg, "a.tmx", "empty")
            .at(3, 7)
            .in_unit(Some("9"));
        assert_eq!(
            f.to_string(),
            "a.tmx:3:7: warning[empty-seg]: empty (tuid 9)"
        );
    }
}
