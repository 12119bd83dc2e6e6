//! The report stage: what a build did, for a person (text) and for scripts (JSON).

pub mod review;
pub mod stats;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::corpus::Notice;
use crate::lang::LanguageTag;

/// One memory written by a build.
#[derive(Debug, Clone, Serialize)]
pub struct OutputFile {
    pub path: PathBuf,
    pub source_lang: LanguageTag,
    /// One language for a bilingual memory, every target language for a multilingual one.
    pub target_langs: Vec<LanguageTag>,
    /// Translation units written.
    pub units: usize,
    /// The review page written beside the memory, if any.
    pub review: Option<ReviewPage>,
}

/// A review page, and what the QA checks found in the memory it shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewPage {
    pub path: PathBuf,
    pub errors: u64,
    pub warnings: u64,
}

/// What a build did. Its `Display` is the summary a person reads; notices are printed apart
/// (on stderr) by the caller.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildReport {
    /// Documents aligned (a document with several translations counts once).
    pub documents: usize,
    /// Sentences per language.
    pub sentences: BTreeMap<LanguageTag, usize>,
    /// Pairs written, by type (`1-1`, `2-1` ...).
    pub pair_types: BTreeMap<String, usize>,
    /// Source sentences that no target sentence matched (1-0).
    pub unaligned_source: usize,
    /// Target sentences that no source sentence matched (0-1).
    pub unaligned_target: usize,
    /// Pairs a person confirmed (in `.align` files), written with confidence 1.00.
    pub confirmed_pairs: usize,
    /// Pairs left out for a confidence below `--min-confidence`.
    pub below_threshold: usize,
    /// Files that could not be read (their documents were skipped, or aligned without them).
    pub unreadable_files: usize,
    pub outputs: Vec<OutputFile>,
    #[serde(serialize_with = "notices_as_strings")]
    pub notices: Vec<Notice>,
}

fn notices_as_strings<S: serde::Serializer>(notices: &[Notice], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(notices.iter().map(|n| n.to_string()))
}

impl fmt::Display for BuildReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "documents: {}", self.documents)?;
        let sentences: Vec<String> = self
            .sentences
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        writeln!(f, "sentences: {}", sentences.join(", "))?;
        let total: usize = self.pair_types.values().sum();
        let types: Vec<String> = self
            .pair_types
            .iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect();
        writeln!(f, "pairs: {total} ({})", types.join(", "))?;
        writeln!(
            f,
            "unaligned: {} source, {} target sentences",
            self.unaligned_source, self.unaligned_target
        )?;
        if self.confirmed_pairs > 0 {
            writeln!(
                f,
                "confirmed by a person: {} pairs (.align files)",
                self.confirmed_pairs
            )?;
        }
        if self.unreadable_files > 0 {
            writeln!(
                f,
                "unreadable files skipped: {} (see the warnings)",
                self.unreadable_files
            )?;
        }
        if self.below_threshold > 0 {
            writeln!(
                f,
                "left out below --min-confidence: {} pairs",
                self.below_threshold
            )?;
        }
        for out in &self.outputs {
            writeln!(
                f,
                "wrote {} ({} -> {}, {} units)",
                out.path.display(),
                out.source_lang,
                out.target_langs
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                out.units
            )?;
            if let Some(page) = &out.review {
                writeln!(
                    f,
                    "wrote {} (QA: {} errors, {} warnings)",
                    page.path.display(),
                    page.errors,
                    page.warnings
                )?;
            }
        }
        Ok(())
    }
}
