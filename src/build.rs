//! The whole pipeline: corpus -> segment -> align -> TMX, one memory per language pair.
//!
//! Documents are processed in parallel in chunks, and their units are written in name order, so
//! the output is the same bytes whatever the thread count, and memory holds one chunk of
//! documents at a time rather than the corpus.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::align::{self, AlignOptions, Bead};
use crate::corpus::{self, Document, DocumentGroup, Notice};
use crate::error::{Error, Result};
use crate::lang::LanguageTag;
use crate::output::PendingFile;
use crate::report::{BuildReport, OutputFile};
use crate::segment::{Segmenter, Sentence};
use crate::tmx::{Header, Prop, TmxWriter, TranslationUnit, Variant};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub corpus: PathBuf,
    pub output: PathBuf,
    pub source_lang: LanguageTag,
    /// Pairs below this confidence are left out of the memory (and counted).
    pub min_confidence: f64,
    /// Replace output files that tmforge did not write.
    pub force: bool,
    /// `creationdate` of the memories, `YYYYMMDDThhmmssZ`.
    pub creation_date: String,
    pub align: AlignOptions,
}

/// The sentences of one document in one language.
#[derive(Debug, Clone)]
pub struct SegmentedDocument {
    pub document: Document,
    pub sentences: Vec<Sentence>,
}

impl SegmentedDocument {
    /// Segments `document` with `segmenter`.
    pub fn new(document: Document, segmenter: &Segmenter) -> SegmentedDocument {
        let sentences = segmenter.segment(&document.text);
        SegmentedDocument {
            document,
            sentences,
        }
    }

    /// The sentences as the aligner takes them.
    pub fn for_alignment(&self) -> Vec<align::Sentence<'_>> {
        self.sentences
            .iter()
            .map(|s| align::Sentence {
                text: s.text(&self.document.text),
                paragraph: s.paragraph,
            })
            .collect()
    }

    /// The text of sentences `range`, joined with one space (how a 2-1 pair is written).
    pub fn joined(&self, range: std::ops::Range<usize>) -> String {
        self.sentences[range]
            .iter()
            .map(|s| s.text(&self.document.text))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A document aligned with one of its translations.
#[derive(Debug, Clone)]
pub struct AlignedDocument {
    pub source: SegmentedDocument,
    pub target: SegmentedDocument,
    pub beads: Vec<Bead>,
}

impl AlignedDocument {
    /// Segments and aligns a document pair.
    pub fn new(
        source: SegmentedDocument,
        target: Document,
        options: &AlignOptions,
    ) -> AlignedDocument {
        let target = SegmentedDocument::new(target.clone(), &Segmenter::builtin(&target.lang));
        let beads = align::align(&source.for_alignment(), &target.for_alignment(), options);
        AlignedDocument {
            source,
            target,
            beads,
        }
    }

    /// The translation units of the beads that pair sentences on both sides and reach
    /// `min_confidence`, with their `tuid`s numbered within the document.
    pub fn units(&self, min_confidence: f64) -> Vec<TranslationUnit> {
        let name = &self.source.document.name;
        self.beads
            .iter()
            .filter(|b| {
                !b.source.is_empty() && !b.target.is_empty() && b.confidence >= min_confidence
            })
            .enumerate()
            .map(|(i, bead)| TranslationUnit {
                tuid: Some(format!("{name}:{}", i + 1)),
                props: vec![
                    Prop::new("x-document", name.as_str()),
                    Prop::new("x-pair-type", bead.kind()),
                    Prop::new("x-confidence", format!("{:.2}", bead.confidence)),
                ],
                variants: vec![
                    Variant::text(
                        self.source.document.lang.as_str(),
                        &self.source.joined(bead.source.clone()),
                    ),
                    Variant::text(
                        self.target.document.lang.as_str(),
                        &self.target.joined(bead.target.clone()),
                    ),
                ],
                ..Default::default()
            })
            .collect()
    }
}

/// What one document group produced.
struct GroupResult {
    name: String,
    aligned: Vec<AlignedDocument>,
    notices: Vec<Notice>,
    /// Files that could not be read.
    failed: usize,
}

fn process_group(group: &DocumentGroup, options: &BuildOptions) -> GroupResult {
    let mut notices = Vec::new();
    let mut failed = 0;
    let mut load = |file: &corpus::DocumentFile| match file.load() {
        Ok((doc, mut n)) => {
            notices.append(&mut n);
            if doc.text.trim().is_empty() {
                notices.push(Notice {
                    path: file.path.clone(),
                    position: None,
                    message: "is empty: it has no sentence to align".to_string(),
                });
            }
            Some(doc)
        }
        Err(e) => {
            failed += 1;
            notices.push(Notice::skipped(&file.path, e));
            None
        }
    };
    let Some(source) = load(&group.source) else {
        return GroupResult {
            name: group.name.clone(),
            aligned: Vec::new(),
            notices,
            failed,
        };
    };
    let source = SegmentedDocument::new(source, &Segmenter::builtin(&options.source_lang));
    let mut aligned = Vec::new();
    for file in &group.translations {
        if let Some(target) = load(file) {
            aligned.push(AlignedDocument::new(source.clone(), target, &options.align));
        }
    }
    GroupResult {
        name: group.name.clone(),
        aligned,
        notices,
        failed,
    }
}

/// How many documents are held in memory at once.
const CHUNK: usize = 64;

/// The file name of the memory for one language pair: `ar-en.tmx`.
pub fn memory_file_name(source: &LanguageTag, target: &LanguageTag) -> String {
    format!("{source}-{target}.tmx")
}

/// Hears how a build is going, for a progress bar or a log; the build itself prints nothing.
pub trait Progress: Sync {
    /// The build found `documents` documents to align.
    fn start(&self, _documents: usize) {}
    /// A document's translations were aligned and written (or it was skipped).
    fn document_done(&self, _document: &DocumentSummary) {}
}

/// A progress listener that ignores everything.
pub struct Silent;
impl Progress for Silent {}

/// What one document produced, for `--verbose` logs.
#[derive(Debug, Clone)]
pub struct DocumentSummary {
    pub name: String,
    /// Per translation: its language, the sentence counts and the pairs written.
    pub translations: Vec<(LanguageTag, usize, usize, usize)>,
}

/// Runs the pipeline and writes one TMX per target language into `options.output`.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport> {
    let corpus = corpus::discover(&options.corpus, &options.source_lang)?;
    let mut report = BuildReport {
        notices: corpus.notices.clone(),
        ..Default::default()
    };
    if corpus.groups.is_empty() {
        let notices: String = corpus.notices.iter().map(|n| format!("\n  {n}")).collect();
        return Err(Error::file(
            &options.corpus,
            format!(
                "no document with both a source ({}) text and a translation: name them NAME.{}.txt and NAME.LANG.txt{notices}",
                options.source_lang, options.source_lang
            ),
        ));
    }
    let targets = corpus.target_languages();
    let header = Header::tmforge(options.source_lang.as_str(), &options.creation_date);
    let mut writers: BTreeMap<LanguageTag, (TmxWriter<PendingFile>, usize)> = BTreeMap::new();
    for lang in &targets {
        let path = options
            .output
            .join(memory_file_name(&options.source_lang, lang));
        let file = PendingFile::create(&path, options.force)?;
        let writer = TmxWriter::new(file, &header).map_err(|e| Error::io(&path, "writing", e))?;
        writers.insert(lang.clone(), (writer, 0));
    }

    progress.start(corpus.groups.len());
    for chunk in corpus.groups.chunks(CHUNK) {
        let results: Vec<GroupResult> = chunk
            .par_iter()
            .map(|g| process_group(g, options))
            .collect();
        for result in results {
            report.notices.extend(result.notices);
            report.unreadable_files += result.failed;
            if !result.aligned.is_empty() {
                report.documents += 1;
                let source = &result.aligned[0].source;
                *report
                    .sentences
                    .entry(source.document.lang.clone())
                    .or_default() += source.sentences.len();
            }
            let mut summary = DocumentSummary {
                name: result.name,
                translations: Vec::new(),
            };
            for doc in &result.aligned {
                record(&mut report, doc, options.min_confidence);
                let (writer, count) = writers
                    .get_mut(&doc.target.document.lang)
                    .expect("writer per target language");
                let units = doc.units(options.min_confidence);
                for unit in &units {
                    writer
                        .write_unit(unit)
                        .map_err(|e| Error::io(&options.output, "writing", e))?;
                }
                *count += units.len();
                summary.translations.push((
                    doc.target.document.lang.clone(),
                    doc.source.sentences.len(),
                    doc.target.sentences.len(),
                    units.len(),
                ));
            }
            progress.document_done(&summary);
        }
    }

    for (lang, (writer, units)) in writers {
        let file = writer
            .finish()
            .map_err(|e| Error::io(&options.output, "writing", e))?;
        let path = file.path().to_path_buf();
        file.commit()?;
        report.outputs.push(OutputFile {
            path,
            source_lang: options.source_lang.clone(),
            target_lang: lang,
            units,
        });
    }
    Ok(report)
}

fn record(report: &mut BuildReport, doc: &AlignedDocument, min_confidence: f64) {
    *report
        .sentences
        .entry(doc.target.document.lang.clone())
        .or_default() += doc.target.sentences.len();
    for bead in &doc.beads {
        match (bead.source.len(), bead.target.len()) {
            (n, 0) => report.unaligned_source += n,
            (0, n) => report.unaligned_target += n,
            _ if bead.confidence < min_confidence => report.below_threshold += 1,
            _ => *report.pair_types.entry(bead.kind()).or_default() += 1,
        }
    }
    let (s, t) = (
        doc.source.document.text.chars().count(),
        doc.target.document.text.chars().count(),
    );
    let ratio = t.max(1) as f64 / s.max(1) as f64;
    // Translations between the languages tmforge targets rarely differ in length by more than a
    // factor of three; beyond that the "translation" is likely another text or a partial one.
    if !(1.0 / 3.0..=3.0).contains(&ratio) {
        report.notices.push(Notice {
            path: doc.target.document.path.clone(),
            position: None,
            message: format!(
                "is {ratio:.1} times as long as its source {}: check that it is the whole translation of the same text",
                display_name(&doc.source.document.path)
            ),
        });
    }
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
