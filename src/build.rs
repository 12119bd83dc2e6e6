//! The whole pipeline: corpus -> segment -> align -> TMX, one memory per language pair.
//!
//! Documents are processed in parallel in chunks, and their units are written in name order, so
//! the output is the same bytes whatever the thread count, and memory holds one chunk of
//! documents at a time rather than the corpus.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

mod bilingual;

use crate::align::corrections::AlignFile;
use crate::align::{self, AlignOptions, Anchor, Bead};
use crate::corpus::{self, Document, DocumentGroup, Notice};
use crate::error::{Error, Result};
use crate::lang::{LangMap, LanguageTag};
use crate::output::PendingFile;
use crate::qa;
use crate::report::{BuildReport, OutputFile, ReviewPage, review};
use crate::segment::{Segmenter, Sentence};
use crate::tmx::codes::{self, CodedSegment};
use crate::tmx::{Header, Note, Prop, TmxWriter, TranslationUnit, Variant};

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
    /// Tags to write in place of the corpus's own (`ar` -> `ar-SA`).
    pub lang_map: LangMap,
    /// One memory with every language of a document instead of one per language pair.
    pub multilingual: bool,
    /// Process only this share of the documents.
    pub shard: Option<Shard>,
    /// Segmentation rules to use instead of the built-in ones.
    pub srx: Option<PathBuf>,
    /// Write a review page (`SRC-TGT.html`) with the QA findings beside each memory.
    pub review: bool,
}

/// Memories with more units than this get no review page from `build`: a page that long is no
/// longer read by a person, and it would hold the whole memory in memory. `tmforge review` still
/// makes one on request.
pub const REVIEW_MAX_UNITS: usize = 20_000;

/// A deterministic share of a corpus, so that N machines can each build 1/N of it and
/// `tmforge merge` can join the results: document NAME belongs to shard
/// `fnv1a64(NAME) mod N`. FNV-1a is fixed by its definition, so the split is the same on every
/// machine and in every version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 0-based.
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Whether document `name` is in this shard.
    pub fn contains(&self, name: &str) -> bool {
        fnv1a64(name.as_bytes()) % self.count == self.index
    }
}

impl std::str::FromStr for Shard {
    type Err = String;
    /// `K/N` with 1 <= K <= N, as job schedulers number their tasks from 1.
    fn from_str(s: &str) -> std::result::Result<Shard, String> {
        let err = || format!("`{s}` is not K/N with 1 <= K <= N (example: 3/8)");
        let (k, n) = s.split_once('/').ok_or_else(err)?;
        let (k, n): (u64, u64) = (
            k.trim().parse().map_err(|_| err())?,
            n.trim().parse().map_err(|_| err())?,
        );
        if k == 0 || n == 0 || k > n {
            return Err(err());
        }
        Ok(Shard {
            index: k - 1,
            count: n,
        })
    }
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
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

    /// Sentences `range` joined with one space, with the document's inline codes put back.
    pub fn coded(&self, range: std::ops::Range<usize>) -> CodedSegment {
        codes::coded_segment(
            &self.document.text,
            &self.sentences,
            &self.document.codes,
            range,
        )
    }

    /// The text of sentences `range`, joined with one space (how a 2-1 pair is written).
    pub fn joined(&self, range: std::ops::Range<usize>) -> String {
        align::join_sentences(
            self.sentences[range]
                .iter()
                .map(|s| s.text(&self.document.text)),
        )
    }
}

/// A document aligned with one of its translations.
#[derive(Debug, Clone)]
pub struct AlignedDocument {
    pub source: SegmentedDocument,
    pub target: SegmentedDocument,
    pub beads: Vec<Bead>,
    /// Per bead, whether a person confirmed it (in the document's `.align` file).
    pub confirmed: Vec<bool>,
    /// Per bead, what a bilingual file says of the unit it comes from; empty for documents.
    pub annotations: Vec<Annotation>,
}

/// The ids (as props) and notes of a bilingual file's unit, for each pair cut from it.
#[derive(Debug, Clone, Default)]
pub struct Annotation {
    pub props: Vec<Prop>,
    pub notes: Vec<Note>,
}

impl AlignedDocument {
    /// Segments and aligns a document pair.
    pub fn new(
        source: SegmentedDocument,
        target: SegmentedDocument,
        options: &AlignOptions,
    ) -> AlignedDocument {
        let options = options.for_languages(&source.document.lang, &target.document.lang);
        let beads = align::align(&source.for_alignment(), &target.for_alignment(), &options);
        AlignedDocument {
            confirmed: vec![false; beads.len()],
            source,
            target,
            beads,
            annotations: Vec::new(),
        }
    }

    /// Segments and aligns a document pair as its `.align` file corrects it: segmentation fixes
    /// applied, confirmed beads kept exactly and the rest aligned around them. Returns what in the
    /// file no longer matches the texts.
    pub fn corrected(
        mut source: SegmentedDocument,
        mut target: SegmentedDocument,
        file: &AlignFile,
        options: &AlignOptions,
    ) -> (AlignedDocument, Vec<String>) {
        let options = &options.for_languages(&source.document.lang, &target.document.lang);
        let fixed = file.correct(
            &source.document.text,
            std::mem::take(&mut source.sentences),
            &target.document.text,
            std::mem::take(&mut target.sentences),
        );
        (source.sentences, target.sentences) = (fixed.source, fixed.target);
        let anchors: Vec<Anchor> = fixed
            .confirmed
            .iter()
            .map(|k| Anchor {
                source: k.source.clone(),
                target: k.target.clone(),
            })
            .collect();
        if anchors.is_empty() {
            return (AlignedDocument::new(source, target, options), fixed.notices);
        }
        let beads = align::align_anchored(
            &source.for_alignment(),
            &target.for_alignment(),
            &anchors,
            options,
        );
        let anchored: std::collections::HashSet<(usize, usize, usize, usize)> = anchors
            .iter()
            .map(|a| (a.source.start, a.source.end, a.target.start, a.target.end))
            .collect();
        let confirmed = beads
            .iter()
            .map(|b| {
                anchored.contains(&(b.source.start, b.source.end, b.target.start, b.target.end))
            })
            .collect();
        let doc = AlignedDocument {
            source,
            target,
            beads,
            confirmed,
            annotations: Vec::new(),
        };
        (doc, fixed.notices)
    }

    /// Whether `bead` goes into a memory: it pairs sentences on both sides and reaches
    /// `min_confidence`.
    fn keeps(bead: &Bead, min_confidence: f64) -> bool {
        !bead.source.is_empty() && !bead.target.is_empty() && bead.confidence >= min_confidence
    }

    /// The translation units of the kept beads, with their `tuid`s numbered within the
    /// document and language tags renamed by `lang_map`.
    pub fn units(&self, min_confidence: f64, lang_map: &LangMap) -> Vec<TranslationUnit> {
        let name = &self.source.document.name;
        let source_lang = lang_map.apply(&self.source.document.lang);
        let target_lang = lang_map.apply(&self.target.document.lang);
        let none = Annotation::default();
        self.beads
            .iter()
            .zip(&self.confirmed)
            .enumerate()
            .filter(|(_, (b, _))| Self::keeps(b, min_confidence))
            .enumerate()
            .map(|(i, (k, (bead, &confirmed)))| TranslationUnit {
                tuid: Some(format!("{name}:{}", i + 1)),
                notes: self.annotations.get(k).unwrap_or(&none).notes.clone(),
                props: [
                    Prop::new("x-document", name.as_str()),
                    Prop::new("x-pair-type", bead.kind()),
                    Prop::new("x-confidence", format!("{:.2}", bead.confidence)),
                ]
                .into_iter()
                // A person checked the pair in `tmforge edit`: worth more than any confidence.
                .chain(confirmed.then(|| Prop::new(CONFIRMED_PROP, "yes")))
                .chain(
                    self.annotations
                        .get(k)
                        .unwrap_or(&none)
                        .props
                        .iter()
                        .cloned(),
                )
                .collect(),
                variants: {
                    let mut source = self.source.coded(bead.source.clone());
                    let mut target = self.target.coded(bead.target.clone());
                    codes::match_codes(&mut source, &mut target);
                    vec![
                        Variant::segment(source_lang.as_str(), source.to_segment()),
                        Variant::segment(target_lang.as_str(), target.to_segment()),
                    ]
                },
                ..Default::default()
            })
            .collect()
    }
}

/// The units of a multilingual memory: one per block of source sentences, carrying the text of
/// every translation that aligns with the block.
///
/// The alignments of the translations can disagree (English joins source sentences 13 and 14,
/// French keeps them apart), so the blocks are the finest partition of the source sentences that
/// no kept bead of any translation crosses. Each translation's variant carries its own pair type
/// and confidence as props of its `<tuv>`; a translation with nothing aligned in a block is left
/// out of that unit.
pub fn multilingual_units(
    aligned: &[AlignedDocument],
    min_confidence: f64,
    lang_map: &LangMap,
) -> Vec<TranslationUnit> {
    let Some(first) = aligned.first() else {
        return Vec::new();
    };
    let source = &first.source;
    let n = source.sentences.len();
    // block_end[i]: the furthest source sentence that a kept bead starting at or before i reaches.
    let mut reach: Vec<usize> = (0..n).map(|i| i + 1).collect();
    for doc in aligned {
        for bead in doc
            .beads
            .iter()
            .filter(|b| AlignedDocument::keeps(b, min_confidence))
        {
            let r = &mut reach[bead.source.start];
            *r = (*r).max(bead.source.end);
        }
    }
    let mut blocks = Vec::new();
    let mut start = 0;
    while start < n {
        let mut end = reach[start];
        let mut i = start;
        while i < end {
            end = end.max(reach[i]);
            i += 1;
        }
        blocks.push(start..end);
        start = end;
    }
    let name = &source.document.name;
    let source_lang = lang_map.apply(&source.document.lang);
    let mut units = Vec::new();
    for block in blocks {
        let mut variants = vec![Variant::segment(
            source_lang.as_str(),
            source.coded(block.clone()).to_segment(),
        )];
        for doc in aligned {
            let inside: Vec<&Bead> = doc
                .beads
                .iter()
                .filter(|b| AlignedDocument::keeps(b, min_confidence))
                .filter(|b| block.start <= b.source.start && b.source.end <= block.end)
                .collect();
            let (Some(first), Some(last)) = (inside.first(), inside.last()) else {
                continue;
            };
            let target = first.target.start..last.target.end;
            let confidence = inside.iter().map(|b| b.confidence).fold(1.0, f64::min);
            let mut variant = Variant::segment(
                lang_map.apply(&doc.target.document.lang).as_str(),
                doc.target.coded(target.clone()).to_segment(),
            );
            variant.props = vec![
                Prop::new("x-pair-type", format!("{}-{}", block.len(), target.len())),
                Prop::new("x-confidence", format!("{confidence:.2}")),
            ];
            variants.push(variant);
        }
        if variants.len() > 1 {
            units.push(TranslationUnit {
                tuid: Some(format!("{name}:{}", units.len() + 1)),
                props: vec![Prop::new("x-document", name.as_str())],
                variants,
                ..Default::default()
            });
        }
    }
    units
}

/// The prop that marks a pair a person confirmed (`<prop type="x-confirmed">yes</prop>`).
pub const CONFIRMED_PROP: &str = "x-confirmed";

/// What one document group produced.
struct GroupResult {
    name: String,
    aligned: Vec<AlignedDocument>,
    notices: Vec<Notice>,
    /// Files that could not be read.
    failed: usize,
    /// The result of a bilingual file, whose pairs stand apart from any document's.
    bilingual: bool,
}

/// What a build works through: documents with their translations, and bilingual files.
enum Work<'a> {
    Group(&'a DocumentGroup),
    Bilingual(&'a corpus::DocumentFile),
}

impl Work<'_> {
    fn name(&self) -> &str {
        match self {
            Work::Group(g) => &g.name,
            Work::Bilingual(f) => &f.name,
        }
    }
}

/// Reads a bilingual file and pairs its units.
fn process_bilingual(
    file: &corpus::DocumentFile,
    options: &BuildOptions,
    segmenters: &Segmenters,
) -> GroupResult {
    let mut result = GroupResult {
        name: file.name.clone(),
        aligned: Vec::new(),
        notices: Vec::new(),
        failed: 0,
        bilingual: true,
    };
    match corpus::bilingual::load(file, &options.source_lang) {
        Ok(read) => {
            result.notices = read.notices;
            if read.units.is_empty() {
                result.notices.push(Notice {
                    path: file.path.clone(),
                    position: None,
                    message: "has no translated unit: nothing to pair".to_string(),
                });
            }
            result.aligned.push(bilingual::align_units(
                file,
                &read.units,
                &options.source_lang,
                (
                    segmenters.get(&options.source_lang),
                    segmenters.get(&file.lang),
                ),
                &options.align,
            ));
        }
        Err(e) => {
            result.failed = 1;
            result.notices.push(Notice::skipped(&file.path, e));
        }
    }
    result
}

fn process_group(
    group: &DocumentGroup,
    options: &BuildOptions,
    segmenters: &Segmenters,
) -> GroupResult {
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
            bilingual: false,
        };
    };
    let source = SegmentedDocument::new(source, segmenters.get(&options.source_lang));
    let mut aligned = Vec::new();
    let mut corrections = Vec::new();
    for file in &group.translations {
        if let Some(target) = load(file) {
            let target = SegmentedDocument::new(target, segmenters.get(&file.lang));
            let doc = align_pair(
                source.clone(),
                target,
                &options.corpus.join(AlignFile::file_name(
                    &group.name,
                    group.source.lang.as_str(),
                    file.lang.as_str(),
                )),
                &options.align,
                &mut corrections,
            );
            aligned.push(doc);
        }
    }
    notices.append(&mut corrections);
    GroupResult {
        name: group.name.clone(),
        aligned,
        notices,
        failed,
        bilingual: false,
    }
}

/// Aligns a document pair, with the corrections of the `.align` file at `path` if there is one;
/// what in the file could not be used becomes a notice.
fn align_pair(
    source: SegmentedDocument,
    target: SegmentedDocument,
    path: &Path,
    options: &AlignOptions,
    notices: &mut Vec<Notice>,
) -> AlignedDocument {
    match AlignFile::read(path) {
        Ok(None) => AlignedDocument::new(source, target, options),
        Ok(Some(corrections)) => {
            let (doc, messages) = AlignedDocument::corrected(source, target, &corrections, options);
            notices.extend(messages.into_iter().map(|message| Notice {
                path: path.to_path_buf(),
                position: None,
                message,
            }));
            doc
        }
        Err(e) => {
            let mut notice = Notice::skipped(path, e);
            notice.message = notice.message.replacen(
                "skipped: ",
                "not used, the document is aligned without it: ",
                1,
            );
            notices.push(notice);
            AlignedDocument::new(source, target, options)
        }
    }
}

/// The segmenter of each language, made once per build.
struct Segmenters(BTreeMap<LanguageTag, Segmenter>);

impl Segmenters {
    /// Built-in segmenters, or those of the SRX file `srx`; what the SRX file cannot do is
    /// returned as notices.
    fn new<'a>(
        langs: impl IntoIterator<Item = &'a LanguageTag>,
        srx: Option<&Path>,
    ) -> Result<(Segmenters, Vec<Notice>)> {
        let mut map = BTreeMap::new();
        let mut notices = Vec::new();
        for lang in langs {
            let segmenter = match srx {
                None => Segmenter::builtin(lang),
                Some(path) => {
                    let (segmenter, diagnostics) = Segmenter::from_srx(path, lang)?;
                    notices.extend(diagnostics.into_iter().map(|d| Notice {
                        path: path.to_path_buf(),
                        position: None,
                        message: format!("{lang}: {d}"),
                    }));
                    segmenter
                }
            };
            map.insert(lang.clone(), segmenter);
        }
        notices.dedup_by(|a, b| {
            a.message.split_once(": ").map(|x| x.1) == b.message.split_once(": ").map(|x| x.1)
        });
        Ok((Segmenters(map), notices))
    }

    fn get(&self, lang: &LanguageTag) -> &Segmenter {
        self.0
            .get(lang)
            .expect("a segmenter for every language of the corpus")
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
    if corpus.groups.is_empty() && corpus.bilingual.is_empty() {
        let notices: String = corpus.notices.iter().map(|n| format!("\n  {n}")).collect();
        return Err(Error::file(
            &options.corpus,
            format!(
                "no document with both a source ({}) text and a translation: name them NAME.{}.txt and NAME.LANG.txt{notices}",
                options.source_lang, options.source_lang
            ),
        ));
    }
    let mut groups: Vec<Work> = corpus
        .groups
        .iter()
        .map(Work::Group)
        .chain(corpus.bilingual.iter().map(Work::Bilingual))
        .filter(|w| options.shard.is_none_or(|shard| shard.contains(w.name())))
        .collect();
    // Name order across both kinds (stable: a document before a bilingual file of its name).
    groups.sort_by(|a, b| a.name().cmp(b.name()));
    let targets = corpus.target_languages();
    let header = Header::tmforge(
        options.lang_map.apply(&options.source_lang).as_str(),
        &options.creation_date,
    );
    // One memory per target language, or a single multilingual one (keyed by no language).
    let memories: Vec<(Option<LanguageTag>, String)> = if options.multilingual {
        vec![(None, format!("{}-multilingual.tmx", options.source_lang))]
    } else {
        targets
            .iter()
            .map(|t| (Some(t.clone()), memory_file_name(&options.source_lang, t)))
            .collect()
    };
    let mut writers = BTreeMap::new();
    for (lang, file_name) in memories {
        let path = options.output.join(file_name);
        let file = PendingFile::create(&path, options.force)?;
        let writer = TmxWriter::new(file, &header).map_err(|e| Error::io(&path, "writing", e))?;
        writers.insert(lang, (writer, 0usize));
    }
    let (segmenters, srx_notices) = Segmenters::new(
        std::iter::once(&options.source_lang).chain(&targets),
        options.srx.as_deref(),
    )?;
    report.notices.extend(srx_notices);

    progress.start(groups.len());
    for chunk in groups.chunks(CHUNK) {
        let results: Vec<GroupResult> = chunk
            .par_iter()
            .map(|w| match w {
                Work::Group(g) => process_group(g, options, &segmenters),
                Work::Bilingual(f) => process_bilingual(f, options, &segmenters),
            })
            .collect();
        for result in results {
            report.notices.extend(result.notices);
            report.unreadable_files += result.failed;
            if let Some(first) = result.aligned.first() {
                report.documents += 1;
                *report
                    .sentences
                    .entry(first.source.document.lang.clone())
                    .or_default() += first.source.sentences.len();
            }
            let mut summary = DocumentSummary {
                name: result.name,
                translations: Vec::new(),
            };
            for doc in &result.aligned {
                record(&mut report, doc, options.min_confidence);
                summary.translations.push((
                    doc.target.document.lang.clone(),
                    doc.source.sentences.len(),
                    doc.target.sentences.len(),
                    doc.beads
                        .iter()
                        .filter(|b| AlignedDocument::keeps(b, options.min_confidence))
                        .count(),
                ));
            }
            let batches: Vec<(Option<LanguageTag>, Vec<TranslationUnit>)> = if options.multilingual
                && result.bilingual
            {
                // Its own units, named apart from those of a document of the same NAME.
                result
                    .aligned
                    .iter()
                    .map(|doc| {
                        let mut units = doc.units(options.min_confidence, &options.lang_map);
                        let prefix = format!("{}.{}:", summary.name, doc.target.document.lang);
                        for (i, unit) in units.iter_mut().enumerate() {
                            unit.tuid = Some(format!("{prefix}{}", i + 1));
                        }
                        (None, units)
                    })
                    .collect()
            } else if options.multilingual {
                vec![(
                    None,
                    multilingual_units(&result.aligned, options.min_confidence, &options.lang_map),
                )]
            } else {
                result
                    .aligned
                    .iter()
                    .map(|doc| {
                        let lang = Some(doc.target.document.lang.clone());
                        (lang, doc.units(options.min_confidence, &options.lang_map))
                    })
                    .collect()
            };
            for (lang, units) in batches {
                let (writer, count) = writers.get_mut(&lang).expect("a writer per memory");
                for unit in &units {
                    writer
                        .write_unit(unit)
                        .map_err(|e| Error::io(&options.output, "writing", e))?;
                }
                *count += units.len();
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
        let mut output = OutputFile {
            path,
            source_lang: options.source_lang.clone(),
            target_langs: lang.map_or_else(|| targets.clone(), |l| vec![l]),
            units,
            review: None,
        };
        if options.review && units <= REVIEW_MAX_UNITS {
            output.review = Some(write_review_page(
                &output,
                options.force,
                &options.lang_map,
                options.align.encoder.is_some(),
            )?);
        } else if options.review {
            report.notices.push(Notice {
                path: output.path.clone(),
                position: None,
                message: format!(
                    "no review page for {units} units (more than {REVIEW_MAX_UNITS}); run `tmforge review` on a part of it"
                ),
            });
        }
        report.outputs.push(output);
    }
    Ok(report)
}

/// Validates a written memory and writes its review page beside it (`ar-en.tmx` -> `ar-en.html`),
/// with the pairs' meaning judged by the sentence encoder when the build aligned with it: the
/// page `tmforge review` makes of the same memory.
fn write_review_page(
    output: &OutputFile,
    force: bool,
    lang_map: &LangMap,
    semantic: bool,
) -> Result<ReviewPage> {
    let html = output.path.with_extension("html");
    let mut page = PendingFile::create(&html, force)?;
    let tmx =
        std::fs::File::open(&output.path).map_err(|e| Error::io(&output.path, "reading", e))?;
    let target_lang = match output.target_langs.as_slice() {
        [one] => Some(lang_map.apply(one).to_string()),
        _ => None,
    };
    let qa_options = qa::Options {
        target_lang,
        semantic,
        ..qa::Options::default()
    };
    let summary = review::write_review_of_tmx(
        tmx,
        &output.path.display().to_string(),
        &qa_options,
        &mut page,
    )
    .map_err(|e| Error::io(&html, "writing", e))?;
    page.commit()?;
    Ok(ReviewPage {
        path: html,
        errors: summary.errors,
        warnings: summary.warnings,
    })
}

/// How many times longer or shorter than its source a whole translation may be before the build
/// warns. Translations between the languages tmforge is built for differ in length by a factor
/// of about 0.8 to 1.3 (the article's English is 1.19 times its Arabic); beyond three, the
/// "translation" is most likely another text, or a part of one.
const MAX_LENGTH_FACTOR: f64 = 3.0;

fn record(report: &mut BuildReport, doc: &AlignedDocument, min_confidence: f64) {
    *report
        .sentences
        .entry(doc.target.document.lang.clone())
        .or_default() += doc.target.sentences.len();
    report.confirmed_pairs += doc
        .beads
        .iter()
        .zip(&doc.confirmed)
        .filter(|(b, c)| **c && !b.source.is_empty() && !b.target.is_empty())
        .count();
    for bead in &doc.beads {
        match (bead.source.len(), bead.target.len()) {
            (n, 0) => report.unaligned_source += n,
            (0, n) => report.unaligned_target += n,
            _ if bead.confidence < min_confidence => report.below_threshold += 1,
            _ => *report.pair_types.entry(bead.kind()).or_default() += 1,
        }
    }
    let (s, t) = (
        doc.source.document.text.trim().chars().count(),
        doc.target.document.text.trim().chars().count(),
    );
    // An empty side has its own notice.
    let ratio = t as f64 / s.max(1) as f64;
    if s > 0 && t > 0 && !(1.0 / MAX_LENGTH_FACTOR..=MAX_LENGTH_FACTOR).contains(&ratio) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn segmented(lang: &str, sentences: &[&str]) -> SegmentedDocument {
        let text = sentences.join("\n");
        let lang = LanguageTag::parse(lang).unwrap();
        let document = Document {
            name: "doc".into(),
            lang: lang.clone(),
            path: PathBuf::from("doc.txt"),
            text,
            codes: Vec::new(),
        };
        SegmentedDocument::new(document, &Segmenter::builtin(&lang))
    }

    fn bead(s: std::ops::Range<usize>, t: std::ops::Range<usize>, confidence: f64) -> Bead {
        Bead {
            source: s,
            target: t,
            confidence,
        }
    }

    #[test]
    fn multilingual_blocks_are_the_finest_partition_no_translation_crosses() {
        let source = segmented("ar", &["أ.", "ب.", "ج."]);
        let en = AlignedDocument {
            source: source.clone(),
            target: segmented("en", &["A.", "B and C."]),
            beads: vec![bead(0..1, 0..1, 0.9), bead(1..3, 1..2, 0.8)],
            confirmed: vec![false; 2],
            annotations: Vec::new(),
        };
        let fr = AlignedDocument {
            source: source.clone(),
            target: segmented("fr", &["A.", "B.", "C.", "D."]),
            beads: vec![
                bead(0..1, 0..1, 0.9),
                bead(1..2, 1..2, 0.7),
                bead(2..3, 2..3, 0.95),
                bead(3..3, 3..4, 0.5),
            ],
            confirmed: vec![false; 4],
            annotations: Vec::new(),
        };
        let map: LangMap = "fr=fr-FR".parse().unwrap();
        let units = multilingual_units(&[en, fr], 0.0, &map);
        let texts: Vec<Vec<(String, String)>> = units
            .iter()
            .map(|u| {
                u.variants
                    .iter()
                    .map(|v| (v.lang.clone(), v.segment.text()))
                    .collect()
            })
            .collect();
        let pair = |l: &str, t: &str| (l.to_string(), t.to_string());
        assert_eq!(
            texts,
            vec![
                vec![pair("ar", "أ."), pair("en", "A."), pair("fr-FR", "A.")],
                vec![
                    pair("ar", "ب. ج."),
                    pair("en", "B and C."),
                    pair("fr-FR", "B. C.")
                ],
            ]
        );
        let fr = &units[1].variants[2];
        assert_eq!(fr.props[0].value, "2-2");
        assert_eq!(
            fr.props[1].value, "0.70",
            "a block is as sure as its least sure bead"
        );
    }

    #[test]
    fn a_translation_below_the_threshold_is_left_out_of_the_unit() {
        let source = segmented("ar", &["أ.", "ب."]);
        let en = AlignedDocument {
            source: source.clone(),
            target: segmented("en", &["A.", "B."]),
            beads: vec![bead(0..1, 0..1, 0.9), bead(1..2, 1..2, 0.2)],
            confirmed: vec![false; 2],
            annotations: Vec::new(),
        };
        let units = multilingual_units(&[en], 0.5, &LangMap::default());
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].tuid.as_deref(), Some("doc:1"));
    }

    #[test]
    fn shards_split_names_stably_and_completely() {
        assert_eq!(
            "2/4".parse::<Shard>().unwrap(),
            Shard { index: 1, count: 4 }
        );
        for bad in ["0/4", "5/4", "1/0", "x", "1-4"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let names: Vec<String> = (0..1000).map(|i| format!("doc-{i}")).collect();
        let shards: Vec<Shard> = (1..=4).map(|k| format!("{k}/4").parse().unwrap()).collect();
        for name in &names {
            assert_eq!(shards.iter().filter(|s| s.contains(name)).count(), 1);
        }
        let sizes: Vec<usize> = shards
            .iter()
            .map(|s| names.iter().filter(|n| s.contains(n)).count())
            .collect();
        assert!(sizes.iter().all(|&n| (200..300).contains(&n)), "{sizes:?}");
        // The FNV-1a 64 test vector: the split must never change between versions.
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
