//! Structural validation of a TMX file as a stream, followed by pair QA on every unit.
//!
//! One pass over the XML events finds every structural problem it can with its line and column,
//! and keeps going past the ones that do not stop an XML parser; the first well-formedness error
//! ends the pass (nothing after it can be trusted), and is reported like any other finding. Memory
//! holds the unit being read, a bounded number of early units while the length statistics warm
//! up, and one 64-bit hash per `tuid` and per source text for duplicate and conflict detection.
//!
//! What this pass does not do: validate against the DTD's content models in full, fetch or expand
//! anything a document type declares, or keep the text of earlier units.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, BufRead, Read};
use std::rc::Rc;

use quick_xml::Reader;
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesStart, Event};

use super::pairs::{LengthModel, LengthSample, PairChecker, Side};
use super::semantic::{PairJob, SemanticCheck, Similarity};
use super::{Code, Finding, Severity};
use crate::lang::LanguageTag;
use crate::tmx::reader::{Counting, has_suspect_bytes, utf8_stream};
use crate::tmx::{Note, Prop, Segment, TranslationUnit, Variant};

/// Trados Cloud's import limit for a translation memory file: 1 GB, counted here in decimal bytes
/// so that every file it might refuse is reported.
pub const FILE_SIZE_LIMIT: u64 = 1_000_000_000;

/// Trados Cloud's limit on one segment, in characters.
pub const SEGMENT_CHAR_LIMIT: usize = 2_000;

/// Units buffered before the length model is first fitted from the file's own pairs: enough for a
/// median and a MAD to be stable to a few percent, few enough to keep memory small.
const WARMUP_UNITS: usize = 2_000;

/// Length samples kept (a uniform reservoir) to refit the model on long files.
const RESERVOIR_SIZE: usize = 10_000;

/// Units between two refits of the length model after the warm-up.
const REFIT_EVERY: u64 = 50_000;

/// Distinct valid language tags remembered: more than a multilingual memory names.
const VALID_TAGS_KEPT: usize = 16;

/// Variants kept for reuse: more than most units have.
const SPARE_VARIANTS: usize = 8;

/// How the validator reads a file.
#[derive(Debug, Clone)]
pub struct Options {
    /// The source language, overriding `srclang`.
    pub source_lang: Option<String>,
    /// The target language; without it every other variant is checked against the source.
    pub target_lang: Option<String>,
    /// Pairs with an `x-confidence` below this are reported.
    pub min_confidence: f64,
    /// Files larger than this many bytes are reported (`file-too-large`).
    pub max_file_bytes: u64,
    /// Segments longer than this many characters are reported (`segment-too-long`).
    pub max_segment_chars: usize,
    /// Hand every unit to the caller (for the review page); without it only findings are.
    pub keep_units: bool,
    /// Run the pair checks (numbers, lengths ...) on every unit, not only the structural ones.
    pub pair_checks: bool,
    /// Judge each pair's meaning with the sentence encoder (`semantic-mismatch`), with the pair
    /// checks. Off by default in the library, since it loads the encoder (about 0.5 s) and
    /// encodes every segment; `tmforge validate`, `review` and `stats` turn it on.
    pub semantic: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            source_lang: None,
            target_lang: None,
            min_confidence: super::pairs::DEFAULT_MIN_CONFIDENCE,
            max_file_bytes: FILE_SIZE_LIMIT,
            max_segment_chars: SEGMENT_CHAR_LIMIT,
            keep_units: false,
            pair_checks: true,
            semantic: false,
        }
    }
}

/// What the validator hands its caller, in document order: a unit with its findings, or a finding
/// about the file outside any unit (`unit` is `None` then, and always without
/// [`Options::keep_units`]).
#[derive(Debug, Clone)]
pub struct Checked {
    /// The unit, with [`Options::keep_units`].
    pub unit: Option<TranslationUnit>,
    /// The unit's findings in document order, or one finding about the file.
    pub findings: Vec<Finding>,
    /// The cross-lingual similarity of each of the unit's pairs that was judged for meaning
    /// (with [`Options::semantic`]).
    pub similarities: Vec<Similarity>,
}

/// Totals of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// The file as named in findings.
    pub file: String,
    /// Translation units read.
    pub units: u64,
    /// Findings of severity error.
    pub errors: u64,
    /// Findings of severity warning.
    pub warnings: u64,
    /// Findings of severity note.
    pub notes: u64,
    /// Bytes read from the file.
    pub bytes: u64,
    /// Whether reading stopped early at a well-formedness error.
    pub stopped: bool,
    /// The header's `srclang`, when it is a language tag.
    pub srclang: Option<String>,
}

/// Validates one TMX document read from `input` (`name` names it in findings), handing each unit
/// and finding to `sink` in document order. Fails only when the input cannot be read at all;
/// every problem inside it is a finding.
pub fn validate<R: Read + 'static>(
    input: R,
    name: &str,
    options: &Options,
    sink: impl FnMut(Checked),
) -> io::Result<Summary> {
    let bytes = Rc::new(Cell::new(0u64));
    let counted = ByteCount {
        inner: input,
        count: Rc::clone(&bytes),
    };
    let stream = utf8_stream(counted)?;
    let mut counting = Counting::new(stream);
    counting.scan_for_suspect_bytes();
    let mut xml = Reader::from_reader(counting);
    xml.config_mut().expand_empty_elements = true;
    let mut pass = Pass::new(name, options, sink);
    pass.run(&mut xml);
    pass.summary.bytes = bytes.get();
    pass.summary.srclang = pass.header_srclang.clone();
    if bytes.get() > options.max_file_bytes {
        pass.file_finding(
            Finding::new(
                Code::FileTooLarge,
                name,
                format!(
                    "the file has {} bytes, over the {} bytes that Trados Cloud imports; split it \
                     (for example by document)",
                    bytes.get(),
                    options.max_file_bytes
                ),
            )
            .at(1, 1),
        );
    }
    pass.finish();
    Ok(pass.summary)
}

/// Counts the bytes read from the raw input.
struct ByteCount<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for ByteCount<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Hashes are already uniformly distributed: the tables only spread them (no second hashing).
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        // Keys are hashes already, but may arrive shifted (a `[u16; 3]` after its length): one
        // multiplication spreads them over the top bits the table's tags come from.
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashOnly = BuildHasherDefault<Identity>;

/// The hash of a source text in its language for a target language, languages without regard to
/// case.
fn hash_pair(source_lang: &str, source: &str, target_lang: &str) -> u64 {
    let mut langs = [0u8; 2 * LANG_BYTES_HASHED];
    for (lang, slot) in [source_lang, target_lang]
        .iter()
        .zip(langs.chunks_exact_mut(LANG_BYTES_HASHED))
    {
        for (to, b) in slot.iter_mut().zip(lang.bytes()) {
            *to = b.to_ascii_lowercase();
        }
    }
    let mut h = fold_hash(0, &langs);
    // Tags longer than a slot are rare; their whole text still tells them apart.
    if source_lang.len() > LANG_BYTES_HASHED || target_lang.len() > LANG_BYTES_HASHED {
        h = fold_hash(h, source_lang.to_ascii_lowercase().as_bytes());
        h = fold_hash(h, target_lang.to_ascii_lowercase().as_bytes());
    }
    fold_hash(h, source.as_bytes())
}

/// Bytes of each language tag that [`hash_pair`] hashes in one fixed block (`zh-Hant-TW` fits).
const LANG_BYTES_HASHED: usize = 16;

fn hash_of(text: &str) -> u64 {
    fold_hash(0, text.as_bytes())
}

/// Multiplies and folds the 128-bit product, so that every input bit reaches the result.
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// A fast 64-bit hash of `bytes` continuing from `seed`, eight bytes a step, for the duplicate
/// and conflict tables: it has to spread natural text, not to resist crafted collisions (one
/// costs a spurious warning at worst). The constants are digits of pi.
fn fold_hash(seed: u64, bytes: &[u8]) -> u64 {
    const K0: u64 = 0x243F_6A88_85A3_08D3;
    const K1: u64 = 0x1319_8A2E_0370_7344;
    let mut h = folded_multiply(seed ^ K0, (bytes.len() as u64) ^ K1);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        h = folded_multiply(h ^ u64::from_le_bytes(w), K1);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = folded_multiply(h ^ u64::from_le_bytes(w), K1);
    }
    folded_multiply(h, K0)
}

/// The TMX version a file declares: each is judged by its own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TmxVersion {
    /// TMX 1.1 (1998): `<tuv lang=...>`; OmegaT still writes its project memory in it.
    V11,
    /// TMX 1.2: `lang` still the variant's language attribute.
    V12,
    /// TMX 1.3: `xml:lang` introduced, `lang` kept for older files.
    V13,
    /// TMX 1.4 (1.4b): `xml:lang` only.
    V14,
}

impl TmxVersion {
    fn parse(value: &str) -> Option<TmxVersion> {
        Some(match value.trim() {
            "1.1" => TmxVersion::V11,
            "1.2" => TmxVersion::V12,
            "1.3" => TmxVersion::V13,
            "1.4" => TmxVersion::V14,
            _ => return None,
        })
    }

    /// Whether `<tuv lang=...>` is legal.
    fn allows_lang_attr(self) -> bool {
        self < TmxVersion::V14
    }
}

/// Where an element is, by what it may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Root,
    Tmx,
    Header,
    Ude,
    Body,
    Tu,
    Tuv,
    Seg,
    /// `bpt`, `ept`, `it`, `ph`, `ut`: native code, not text.
    Code,
    /// `hi`, `sub`: text.
    Hi,
    Prop,
    Note,
    /// Elements with no expected content (`map`) or unknown elements.
    Leaf,
}

fn child_ctx(parent: Ctx, name: &str) -> Option<Ctx> {
    Some(match (parent, name) {
        (Ctx::Root, "tmx") => Ctx::Tmx,
        (Ctx::Tmx, "header") => Ctx::Header,
        (Ctx::Tmx, "body") => Ctx::Body,
        (Ctx::Header, "ude") => Ctx::Ude,
        (Ctx::Ude, "map") => Ctx::Leaf,
        (Ctx::Body, "tu") => Ctx::Tu,
        (Ctx::Tu, "tuv") => Ctx::Tuv,
        (Ctx::Tuv, "seg") => Ctx::Seg,
        (Ctx::Header | Ctx::Tu | Ctx::Tuv, "prop") => Ctx::Prop,
        (Ctx::Header | Ctx::Tu | Ctx::Tuv, "note") => Ctx::Note,
        (Ctx::Seg | Ctx::Hi, "bpt" | "ept" | "it" | "ph" | "ut") => Ctx::Code,
        (Ctx::Seg | Ctx::Hi, "hi") => Ctx::Hi,
        (Ctx::Code, "sub") => Ctx::Hi,
        _ => return None,
    })
}

struct VariantState {
    lang: String,
    line: usize,
    column: usize,
    seg_line: usize,
    seg_column: usize,
    has_seg: bool,
    text: String,
    xml: String,
    attrs: Vec<(String, String)>,
    props: Vec<Prop>,
    notes: Vec<Note>,
}

#[derive(Default)]
struct UnitState {
    line: usize,
    column: usize,
    tuid: Option<String>,
    srclang: Option<String>,
    attrs: Vec<(String, String)>,
    props: Vec<Prop>,
    notes: Vec<Note>,
    /// The first `x-confidence` prop's value, when props are not kept.
    confidence: Option<String>,
    variants: Vec<VariantState>,
    findings: Vec<Finding>,
}

/// A unit whose length-ratio check waits for the model's first fit.
struct Waiting {
    item: usize,
    key: usize,
    tuid: Option<String>,
    sample: LengthSample,
    tgt_lang: String,
    line: usize,
    column: usize,
}

/// The length statistics of one language pair in the file.
struct LengthState {
    source: String,
    target: String,
    model: LengthModel,
    reservoir: Vec<LengthSample>,
    seen: u64,
}

struct Pass<'o, F: FnMut(Checked)> {
    name: String,
    options: &'o Options,
    sink: F,
    summary: Summary,
    stack: Vec<Ctx>,
    /// Inside a `<seg>`: `bpt` indices opened and not yet closed, and code depth.
    open_bpts: Vec<String>,
    code_depth: usize,
    header_seen: bool,
    body_seen: bool,
    header_srclang: Option<String>,
    srclang_reported: bool,
    unit: Option<UnitState>,
    prop_text: Option<String>,
    pending_attrs: Vec<(String, String)>,
    /// Whether the event being handled was read from bytes scanned clean of
    /// [suspect bytes](has_suspect_bytes) as they were read.
    clean_event: bool,
    /// Storage for the attributes of the start tag being read.
    spare_attrs: Vec<(&'static str, Cow<'static, str>)>,
    /// Language tags found valid, so that each distinct tag is parsed once.
    valid_tags: Vec<String>,
    /// Variants of finished units, kept for reuse.
    spare: Vec<VariantState>,
    tuids: HashSet<u64, HashOnly>,
    /// Source text (48-bit hash, as three `u16`) to target text (16-bit hash): eight bytes an
    /// entry. With a million units a false "same source" has odds of about 1 in 500 per file, and
    /// a conflict goes unseen when the two targets' 16-bit hashes meet (1 in 65,536).
    sources: HashMap<[u16; 3], u16, BuildHasherDefault<Identity>>,
    checker: PairChecker,
    lengths: Vec<LengthState>,
    /// Items held back while the length model warms up, and while a chunk of pairs waits to be
    /// judged for meaning; `None` when items go straight to the sink.
    held: Option<Vec<Checked>>,
    waiting: Vec<Waiting>,
    /// Whether the length models have had their first fit.
    warm: bool,
    /// The meaning check, with [`Options::semantic`], and the pairs waiting for it.
    semantic: Option<SemanticCheck>,
    jobs: Vec<PairJob>,
    /// The file's TMX version, once `<tmx>` is read.
    version: TmxVersion,
    /// Prop types already reported without the `x-` prefix.
    props_reported: HashSet<String>,
    rng: u64,
}

impl<'o, F: FnMut(Checked)> Pass<'o, F> {
    fn new(name: &str, options: &'o Options, sink: F) -> Self {
        let mut checker = PairChecker::new(name, "", "");
        checker.min_confidence = options.min_confidence;
        Pass {
            name: name.to_string(),
            options,
            sink,
            summary: Summary {
                file: name.to_string(),
                ..Summary::default()
            },
            stack: vec![Ctx::Root],
            open_bpts: Vec::new(),
            code_depth: 0,
            header_seen: false,
            body_seen: false,
            header_srclang: None,
            srclang_reported: false,
            unit: None,
            prop_text: None,
            pending_attrs: Vec::new(),
            spare_attrs: Vec::new(),
            clean_event: false,
            valid_tags: Vec::new(),
            spare: Vec::new(),
            tuids: HashSet::default(),
            sources: HashMap::default(),
            checker,
            lengths: Vec::new(),
            held: Some(Vec::new()),
            waiting: Vec::new(),
            warm: false,
            semantic: (options.pair_checks && options.semantic).then(|| SemanticCheck::new(name)),
            jobs: Vec::new(),
            version: TmxVersion::V14,
            props_reported: HashSet::new(),
            rng: 0x9E37_79B9_7F4A_7C15,
        }
    }

    fn finding(&self, code: Code, line: usize, column: usize, message: String) -> Finding {
        Finding::new(code, self.name.clone(), message).at(line, column)
    }

    /// Records a finding: in the current unit if there is one, else on its own.
    fn report(&mut self, finding: Finding) {
        match &mut self.unit {
            Some(unit) => {
                let tuid = unit.tuid.clone();
                unit.findings.push(finding.in_unit(tuid.as_deref()));
            }
            None => self.file_finding(finding),
        }
    }

    fn file_finding(&mut self, finding: Finding) {
        self.emit(Checked {
            unit: None,
            findings: vec![finding],
            similarities: Vec::new(),
        });
    }

    fn emit(&mut self, item: Checked) {
        match &mut self.held {
            Some(held) => held.push(item),
            None => self.deliver(item),
        }
    }

    fn deliver(&mut self, item: Checked) {
        for f in &item.findings {
            match f.severity {
                Severity::Error => self.summary.errors += 1,
                Severity::Warning => self.summary.warnings += 1,
                Severity::Note => self.summary.notes += 1,
            }
        }
        if item.unit.is_some() || !item.findings.is_empty() || !item.similarities.is_empty() {
            (self.sink)(item);
        }
    }

    fn run<R: BufRead>(&mut self, xml: &mut Reader<Counting<R>>) {
        let mut buf = Vec::new();
        loop {
            if !xml.get_ref().may_owe_event() {
                // Whitespace between elements, and text the buffer holds whole, are read here
                // without a parser event: what the parser would hand over, without its copy.
                let input = xml.get_mut();
                let in_text = matches!(
                    self.stack.last(),
                    Some(Ctx::Seg | Ctx::Hi | Ctx::Code | Ctx::Prop | Ctx::Note)
                );
                if !in_text && input.skip_blank_before_markup() {
                    continue;
                }
                if let Some(text) = input.text_ahead() {
                    input.mark();
                    self.clean_event = input.buffer_clean();
                    if !self.clean_event && has_suspect_bytes(text.as_bytes()) {
                        let (line, column) = input.marked_position();
                        self.text(text, line, column);
                    } else {
                        self.push_text(text, text);
                    }
                    let n = text.len();
                    input.consume(n);
                    continue;
                }
            }
            // Where the event starts, counted only for the events that need it.
            xml.get_ref().mark();
            buf.clear();
            let start = xml.buffer_position();
            let event = match xml.read_event_into(&mut buf) {
                Ok(event) => event,
                Err(e) => {
                    // The parser may have read far past the problem (to the end of the file for
                    // an unclosed `&`); its error offset, counted from this event's start, places
                    // it exactly when the bytes are still in the buffer.
                    let offset = xml.error_position().checked_sub(start).map(|o| o as usize);
                    let (l, col) = if let Some(offset) = offset.filter(|&o| o <= buf.len()) {
                        let (line, column) = xml.get_ref().marked_position();
                        advance(line, column, &String::from_utf8_lossy(&buf[..offset]))
                    } else {
                        xml.get_ref().position()
                    };
                    let text = e.to_string();
                    let hint = if text.contains("reference") {
                        "a bare `&` must be written `&amp;`"
                    } else if text.contains("UTF-8") || text.contains("utf-8") {
                        "save the file as UTF-8"
                    } else {
                        "nothing after this point can be read"
                    };
                    self.fatal(
                        l,
                        col,
                        format!("the XML is not well-formed: {text}; fix it here ({hint})"),
                    );
                    return;
                }
            };
            // Text without a suspect byte cannot hold a finding, and needs no position.
            self.clean_event = xml.get_ref().clean_since_mark();
            let plain_text = matches!(&event, Event::Text(t) if self.clean_event || !has_suspect_bytes(t.as_bytes()));
            let (line, column) = match &event {
                Event::End(_) => (0, 0),
                _ if plain_text => (0, 0),
                _ => xml.get_ref().marked_position(),
            };
            match event {
                Event::Start(e) if !self.start(&e, line, column) => return,
                Event::Start(_) => {}
                Event::End(e) => self.end(e.name().as_ref()),
                Event::Text(t) if plain_text => self.push_text(&t, &t),
                Event::Text(t) => self.text(&t, line, column),
                Event::CData(c) => {
                    self.check_chars(&c, line, column + "<![CDATA[".len());
                    let escaped = crate::tmx::writer::escape_text(&c).into_owned();
                    self.push_text(&c, &escaped);
                }
                Event::GeneralRef(r) => self.reference(&r, line, column),
                Event::DocType(d) => {
                    if d.contains("<!ENTITY") {
                        self.report(self.finding(
                            Code::EntityRefused,
                            line,
                            column,
                            "the document type declares entities; tmforge refuses to expand them \
                             (entity expansion is a known attack): remove the DOCTYPE's internal \
                             subset"
                                .to_string(),
                        ));
                    } else if d.contains("://") {
                        self.report(self.finding(
                            Code::EntityRefused,
                            line,
                            column,
                            "the document type points at a DTD on the network; tmforge does not \
                             fetch it: write `<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">`"
                                .to_string(),
                        ));
                    }
                }
                Event::Comment(c) => self.check_chars(&c, line, column + 4),
                Event::Eof => {
                    if self.stack.len() > 1 {
                        let open = self.stack.len() - 1;
                        self.fatal(
                            line,
                            column,
                            format!(
                                "the file ends with {open} element(s) still open; it is truncated"
                            ),
                        );
                    } else if !self.header_seen || !self.body_seen {
                        self.report(self.finding(
                            Code::NotTmx,
                            line,
                            column,
                            "the file has no <tmx> with a <header> and a <body>: this is not a TMX file".to_string(),
                        ));
                    }
                    return;
                }
                _ => {}
            }
        }
    }

    fn fatal(&mut self, line: usize, column: usize, message: String) {
        self.summary.stopped = true;
        let f = self.finding(Code::NotWellFormed, line, column, message);
        // A unit cut short is still handed over with what it has.
        if let Some(unit) = self.unit.take() {
            let tuid = unit.tuid.clone();
            let mut findings = unit.findings;
            findings.push(f.in_unit(tuid.as_deref()));
            self.emit(Checked {
                unit: None,
                findings,
                similarities: Vec::new(),
            });
        } else {
            self.file_finding(f);
        }
    }

    /// Checks a chunk of raw text for characters XML forbids; `line`/`column` is where it starts.
    fn check_chars(&mut self, raw: &str, line: usize, column: usize) {
        if self.clean_event || !has_suspect_bytes(raw.as_bytes()) {
            return;
        }
        for (offset, c) in raw.char_indices() {
            if !is_xml_char(c) {
                let (l, col) = advance(line, column, &raw[..offset]);
                self.report(self.finding(
                    Code::XmlIllegalChar,
                    l,
                    col,
                    format!(
                        "U+{:04X} is not allowed in XML 1.0, and one such character makes consumers \
                         drop the whole file; delete it",
                        c as u32
                    ),
                ));
            }
        }
    }

    fn text(&mut self, raw: &str, line: usize, column: usize) {
        self.check_chars(raw, line, column);
        self.push_text(raw, raw);
    }

    /// Adds content to the segment or prop being read: `text` to the plain text, `xml` to the
    /// inner XML.
    fn push_text(&mut self, text: &str, xml: &str) {
        let top = *self.stack.last().unwrap_or(&Ctx::Root);
        match top {
            Ctx::Prop | Ctx::Note => {
                if let Some(p) = &mut self.prop_text {
                    p.push_str(text);
                }
            }
            Ctx::Seg | Ctx::Hi | Ctx::Code => {
                let keep = self.options.keep_units;
                if let Some(v) = self.unit.as_mut().and_then(|u| u.variants.last_mut()) {
                    if self.code_depth == 0 {
                        v.text.push_str(text);
                    }
                    if keep {
                        v.xml.push_str(xml);
                    }
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, r: &quick_xml::events::BytesRef, line: usize, column: usize) {
        if r.is_char_ref() {
            match r.resolve_char_ref() {
                Ok(Some(c)) if is_xml_char(c) => {
                    let raw = format!("&{};", &**r);
                    self.push_text(c.encode_utf8(&mut [0; 4]), &raw);
                }
                Ok(_) | Err(_) => self.report(self.finding(
                    Code::XmlIllegalChar,
                    line,
                    column,
                    format!(
                        "`&{};` refers to a character XML 1.0 does not allow, even as a reference; \
                         delete it",
                        &**r
                    ),
                )),
            }
            return;
        }
        let c = match &**r {
            "lt" => "<",
            "gt" => ">",
            "amp" => "&",
            "apos" => "'",
            "quot" => "\"",
            other => {
                let message = format!(
                    "`&{other};` is not defined: TMX allows only &amp; &lt; &gt; &apos; &quot; and \
                     character references (write a bare & as &amp;)"
                );
                self.report(self.finding(Code::UndefinedEntity, line, column, message));
                return;
            }
        };
        let raw = format!("&{};", &**r);
        self.push_text(c, &raw);
    }

    /// Handles a start tag; `false` stops the pass (a fatal problem).
    fn start(&mut self, e: &BytesStart, line: usize, column: usize) -> bool {
        let qname = e.name();
        let name: &str = qname.as_ref();
        let parent = *self.stack.last().unwrap_or(&Ctx::Root);
        let mut attrs = recycle(std::mem::take(&mut self.spare_attrs));
        let mut iter = e.attributes();
        // Duplicates are looked for below, among the attributes already collected, without the
        // parser's allocation per element.
        iter.with_checks(false);
        let base = e.as_ptr() as usize;
        for attr in iter {
            let attr = attr.and_then(|a| {
                let key: &str = a.key.into_inner();
                match attrs.iter().find(|(k, _)| *k == key) {
                    Some((previous, _)) => Err(AttrError::Duplicated(
                        key.as_ptr() as usize - base,
                        previous.as_ptr() as usize - base,
                    )),
                    None => Ok(a),
                }
            });
            let attr = match attr {
                Ok(a) => a,
                Err(err) => {
                    self.fatal(
                        line,
                        column,
                        format!("malformed attribute in <{name}>: {err}; quote every value and write each attribute once"),
                    );
                    return false;
                }
            };
            let key: &str = attr.key.into_inner();
            self.check_chars(&attr.value, line, column);
            // Normalization changes only values with a reference, tab, newline or carriage
            // return: the others are taken as they are, without the parser's general path.
            let plain = !attr
                .value
                .bytes()
                .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'));
            let value = if plain {
                Ok(attr.value.clone())
            } else {
                attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            };
            let value = match value {
                Ok(v) => v,
                Err(err) => {
                    self.report(self.finding(
                        Code::UndefinedEntity,
                        line,
                        column,
                        format!("attribute `{key}` of <{name}>: {err}; write a bare & as &amp;"),
                    ));
                    attr.value
                }
            };
            attrs.push((key, value));
        }
        let ctx = match child_ctx(parent, name) {
            Some(ctx) => ctx,
            None if parent == Ctx::Root => {
                self.report(self.finding(
                    Code::NotTmx,
                    line,
                    column,
                    format!("the root element is <{name}>, not <tmx>: this is not a TMX file"),
                ));
                self.summary.stopped = true;
                return false;
            }
            None => {
                if parent != Ctx::Leaf {
                    let within = self.stack_name(parent);
                    self.report(self.finding(
                        Code::UnexpectedElement,
                        line,
                        column,
                        format!("<{name}> is not allowed inside {within} in TMX 1.4b; remove it or move it"),
                    ));
                }
                Ctx::Leaf
            }
        };
        self.stack.push(ctx);
        match ctx {
            Ctx::Tmx => self.start_tmx(&attrs, line, column),
            Ctx::Header => self.start_header(&attrs, line, column),
            Ctx::Body => {
                self.body_seen = true;
                if !self.header_seen {
                    self.report(self.finding(
                        Code::NotTmx,
                        line,
                        column,
                        "<body> comes without a <header> before it; add the header".to_string(),
                    ));
                }
            }
            Ctx::Tu => self.start_unit(&attrs, line, column),
            Ctx::Tuv => self.start_variant(&attrs, line, column),
            Ctx::Seg => {
                self.open_bpts.clear();
                self.code_depth = 0;
                let second = self
                    .unit
                    .as_ref()
                    .and_then(|u| u.variants.last())
                    .is_some_and(|v| v.has_seg);
                if second {
                    let message =
                        "a <tuv> holds exactly one <seg>; this is a second one".to_string();
                    self.report(self.finding(Code::UnexpectedElement, line, column, message));
                }
                if let Some(v) = self.unit.as_mut().and_then(|u| u.variants.last_mut()) {
                    v.has_seg = true;
                    v.seg_line = line;
                    v.seg_column = column;
                    v.text.clear();
                    v.xml.clear();
                }
            }
            Ctx::Code | Ctx::Hi => self.start_inline(name, e, &attrs, ctx, line, column),
            Ctx::Prop | Ctx::Note => {
                if ctx == Ctx::Prop {
                    match attrs.iter().find(|(k, _)| *k == "type") {
                        None => self.report(self.finding(
                            Code::MissingAttr,
                            line,
                            column,
                            "<prop> has no `type`, which TMX requires; add one such as type=\"x-note\"".to_string(),
                        )),
                        Some((_, t))
                            if !t.starts_with("x-")
                                && !is_tool_prop_type(t)
                                && !self.props_reported.contains(t.as_ref()) =>
                        {
                            self.props_reported.insert(t.to_string());
                            let message = format!(
                                "prop type `{t}` lacks the `x-` prefix TMX 1.4b asks of \
                                 user-defined types; a tool other than the one that wrote it may \
                                 not know what it means: if it is yours, name it `x-{t}` \
                                 (reported once per type)"
                            );
                            self.report(self.finding(Code::PropWithoutXPrefix, line, column, message));
                        }
                        Some(_) => {}
                    }
                }
                // Validation needs only the confidence; the review page needs everything.
                let needed = self.options.keep_units
                    || (ctx == Ctx::Prop && attr(&attrs, "type") == Some("x-confidence"));
                if needed {
                    // Without the review page the only prop kept is `x-confidence`: its type
                    // goes without saying.
                    if self.options.keep_units {
                        self.pending_attrs = owned(&attrs, &[]);
                    }
                    self.prop_text = Some(String::new());
                } else {
                    self.prop_text = None;
                }
            }
            _ => {}
        }
        self.spare_attrs = recycle(attrs);
        true
    }

    fn stack_name(&self, ctx: Ctx) -> &'static str {
        match ctx {
            Ctx::Root => "the document",
            Ctx::Tmx => "<tmx>",
            Ctx::Header => "<header>",
            Ctx::Ude => "<ude>",
            Ctx::Body => "<body>",
            Ctx::Tu => "<tu>",
            Ctx::Tuv => "<tuv>",
            Ctx::Seg => "<seg>",
            Ctx::Code => "an inline code",
            Ctx::Hi => "<hi>/<sub>",
            Ctx::Prop => "<prop>",
            Ctx::Note => "<note>",
            Ctx::Leaf => "this element",
        }
    }

    fn start_tmx(&mut self, attrs: &Attrs, line: usize, column: usize) {
        let declared = attr(attrs, "version");
        match declared.map(|v| (v, TmxVersion::parse(v))) {
            Some((_, Some(TmxVersion::V14))) => {}
            Some((v, Some(older))) => {
                self.version = older;
                let message = format!(
                    "the file is TMX {v}, an older version than 1.4b: it is checked by TMX {v}'s \
                     rules (`<tuv lang=...>` is legal there), but tools that read only TMX 1.4 \
                     (hypomnema; translate-toolkit's languages) may not read it; export it as \
                     TMX 1.4 for those"
                );
                self.report(self.finding(Code::OlderVersion, line, column, message));
            }
            other => {
                let message = match other {
                    Some((v, _)) => format!(
                        "<tmx version=\"{v}\"> is no TMX version (1.1, 1.2, 1.3 or 1.4); the TMX \
                         1.4b DTD expects version=\"1.4\""
                    ),
                    None => "<tmx> has no `version`; write version=\"1.4\"".to_string(),
                };
                self.report(self.finding(Code::BadVersion, line, column, message));
            }
        }
    }

    fn start_header(&mut self, attrs: &Attrs, line: usize, column: usize) {
        self.header_seen = true;
        for required in [
            "creationtool",
            "creationtoolversion",
            "segtype",
            "o-tmf",
            "adminlang",
            "datatype",
        ] {
            if attr(attrs, required).is_none() {
                let message = format!(
                    "the header has no `{required}`, which TMX 1.4b requires and DTD validation \
                     rejects; add it"
                );
                self.report(self.finding(Code::MissingHeaderAttr, line, column, message));
            }
        }
        match attr(attrs, "srclang") {
            None => {
                let message = "the header has no `srclang`: OmegaT crashes reading the file and \
                               xmllint rejects it; add srclang=\"...\" with the source language"
                    .to_string();
                self.report(self.finding(Code::MissingSrclang, line, column, message));
            }
            Some(value) => {
                if value != "*all*" && self.check_tag("srclang", value, line, column) {
                    self.header_srclang = Some(value.to_string());
                }
            }
        }
        if let Some(lang) = attr(attrs, "adminlang") {
            self.check_tag("adminlang", lang, line, column);
        }
        self.check_common(attrs, line, column);
    }

    /// Reports `value` when it is not a BCP 47 tag; `true` when it is one.
    fn check_tag(&mut self, what: &str, value: &str, line: usize, column: usize) -> bool {
        if self.valid_tags.iter().any(|t| t == value) {
            return true;
        }
        let problem = if value.contains('_') {
            Some(format!(
                "`_` separates subtags in locales, not in language tags; write `{}`",
                value.replace('_', "-")
            ))
        } else {
            LanguageTag::parse(value).err().map(|e| e.to_string())
        };
        match problem {
            Some(p) => {
                let message = format!("{what}=\"{value}\": {p}");
                self.report(self.finding(Code::BadLangTag, line, column, message));
                false
            }
            None => {
                // A file names a handful of languages; the bound only guards odd files.
                if self.valid_tags.len() < VALID_TAGS_KEPT {
                    self.valid_tags.push(value.to_string());
                }
                true
            }
        }
    }

    /// Checks the attributes that `<header>`, `<tu>` and `<tuv>` share.
    fn check_common(&mut self, attrs: &Attrs, line: usize, column: usize) {
        for (key, value) in attrs {
            match *key {
                "creationdate" | "changedate" | "lastusagedate" if !is_tmx_date(value) => {
                    let message = format!(
                        "{key}=\"{value}\" is not a TMX date (YYYYMMDDThhmmssZ, in UTC, e.g. \
                             20240101T120000Z); hypomnema rejects the file"
                    );
                    self.report(self.finding(Code::BadDate, line, column, message));
                }
                "usagecount" if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) => {
                    let message = format!(
                        "usagecount=\"{value}\" is not a whole number; write a count such as 0 \
                             or 3"
                    );
                    self.report(self.finding(Code::BadUsagecount, line, column, message));
                }
                "segtype"
                    if !matches!(
                        value.as_ref(),
                        "block" | "paragraph" | "sentence" | "phrase"
                    ) =>
                {
                    let message = format!(
                        "segtype=\"{value}\" is not one of block, paragraph, sentence, phrase"
                    );
                    self.report(self.finding(Code::BadSegtype, line, column, message));
                }
                _ => {}
            }
        }
    }

    fn start_unit(&mut self, attrs: &Attrs, line: usize, column: usize) {
        self.unit = Some(UnitState {
            line,
            column,
            tuid: attr(attrs, "tuid").map(str::to_string),
            ..UnitState::default()
        });
        self.check_common(attrs, line, column);
        if let Some(tuid) = attr(attrs, "tuid")
            && !self.tuids.insert(hash_of(tuid))
        {
            let message = format!(
                "tuid `{tuid}` is used by an earlier unit too; tools that key on tuid keep only \
                     one of them: make it unique"
            );
            self.report(self.finding(Code::DuplicateTuid, line, column, message));
        }
        if let Some(srclang) = attr(attrs, "srclang")
            && srclang != "*all*"
            && self.check_tag("srclang", srclang, line, column)
            && let Some(u) = &mut self.unit
        {
            u.srclang = Some(srclang.to_string());
        }
        if let Some(u) = &mut self.unit
            && self.options.keep_units
        {
            u.attrs = owned(attrs, &["tuid"]);
        }
    }

    fn start_variant(&mut self, attrs: &Attrs, line: usize, column: usize) {
        let xml_lang = attr(attrs, "xml:lang");
        let old_lang = attr(attrs, "lang");
        let lang = match (xml_lang, old_lang) {
            (Some(l), _) => {
                if old_lang.is_some() && !self.version.allows_lang_attr() {
                    let message = "<tuv> has both `xml:lang` and the TMX 1.1 `lang`; remove `lang`"
                        .to_string();
                    self.report(self.finding(Code::DeprecatedLangAttr, line, column, message));
                }
                l
            }
            (None, Some(l)) if self.version.allows_lang_attr() => l,
            (None, Some(l)) => {
                let message = format!(
                    "<tuv lang=\"{l}\"> is TMX 1.1; TMX 1.4b requires xml:lang=\"{l}\" (hypomnema \
                     rejects the file, translate-toolkit loses the languages)"
                );
                self.report(self.finding(Code::DeprecatedLangAttr, line, column, message));
                l
            }
            (None, None) => {
                let message = "<tuv> has no xml:lang; add the variant's language".to_string();
                self.report(self.finding(Code::MissingLang, line, column, message));
                ""
            }
        };
        if !lang.is_empty() {
            self.check_tag("xml:lang", lang, line, column);
        }
        self.check_common(attrs, line, column);
        let keep = self.options.keep_units;
        // Variants are recycled so that their text buffers are allocated once, not per unit.
        let mut variant = self.spare.pop().unwrap_or_else(|| VariantState {
            lang: String::new(),
            line,
            column,
            seg_line: line,
            seg_column: column,
            has_seg: false,
            text: String::new(),
            xml: String::new(),
            attrs: Vec::new(),
            props: Vec::new(),
            notes: Vec::new(),
        });
        variant.lang.clear();
        variant.lang.push_str(lang);
        variant.line = line;
        variant.column = column;
        variant.seg_line = line;
        variant.seg_column = column;
        variant.has_seg = false;
        variant.text.clear();
        variant.xml.clear();
        variant.props.clear();
        variant.notes.clear();
        variant.attrs = if keep {
            owned(attrs, &["xml:lang", "lang"])
        } else {
            Vec::new()
        };
        if let Some(u) = &mut self.unit {
            u.variants.push(variant);
        }
    }

    fn start_inline(
        &mut self,
        name: &str,
        e: &BytesStart,
        attrs: &Attrs,
        ctx: Ctx,
        line: usize,
        column: usize,
    ) {
        if ctx == Ctx::Code {
            self.code_depth += 1;
            match name {
                "bpt" => self
                    .open_bpts
                    .push(attr(attrs, "i").unwrap_or_default().to_string()),
                "ept" => {
                    let i = attr(attrs, "i").unwrap_or_default();
                    match self.open_bpts.iter().rposition(|b| b == i) {
                        Some(at) => {
                            self.open_bpts.remove(at);
                        }
                        None => {
                            let message = format!(
                                "<ept i=\"{i}\"> closes no <bpt i=\"{i}\"> of this segment; pair \
                                 them or use <it pos=\"end\"> for an isolated code"
                            );
                            self.report(self.finding(
                                Code::UnpairedInlineCode,
                                line,
                                column,
                                message,
                            ));
                        }
                    }
                }
                _ => {}
            }
        } else if name == "sub" {
            self.code_depth = self.code_depth.saturating_sub(1);
        }
        if self.options.keep_units {
            let raw = format!("<{}>", &**e);
            if let Some(v) = self.unit.as_mut().and_then(|u| u.variants.last_mut()) {
                v.xml.push_str(&raw);
            }
        }
    }

    fn end(&mut self, name: &str) {
        let ctx = self.stack.pop().unwrap_or(Ctx::Root);
        match ctx {
            Ctx::Code | Ctx::Hi => {
                if ctx == Ctx::Code {
                    self.code_depth = self.code_depth.saturating_sub(1);
                } else if name == "sub" {
                    self.code_depth += 1;
                }
                if self.options.keep_units
                    && let Some(v) = self.unit.as_mut().and_then(|u| u.variants.last_mut())
                {
                    v.xml.push_str("</");
                    v.xml.push_str(name);
                    v.xml.push('>');
                }
            }
            Ctx::Seg => self.end_seg(),
            Ctx::Prop | Ctx::Note => {
                let Some(text) = self.prop_text.take() else {
                    return;
                };
                let attrs = std::mem::take(&mut self.pending_attrs);
                let keep = self.options.keep_units;
                let parent = *self.stack.last().unwrap_or(&Ctx::Root);
                let Some(u) = &mut self.unit else { return };
                if !keep {
                    // The unit's first `x-confidence` is the one the pair checks read.
                    if parent == Ctx::Tu && u.confidence.is_none() {
                        u.confidence = Some(text);
                    }
                    return;
                }
                let (props, notes) = match (parent, u.variants.last_mut()) {
                    (Ctx::Tuv, Some(v)) => (&mut v.props, &mut v.notes),
                    (Ctx::Tu, _) => (&mut u.props, &mut u.notes),
                    _ => return,
                };
                if ctx == Ctx::Prop {
                    let kind = attrs
                        .iter()
                        .find(|(k, _)| k == "type")
                        .map(|(_, v)| v.clone());
                    let mut prop = Prop::new(kind.unwrap_or_default(), text);
                    prop.extra = attrs.into_iter().filter(|(k, _)| k != "type").collect();
                    props.push(prop);
                } else {
                    notes.push(Note { text, extra: attrs });
                }
            }
            Ctx::Tuv => {
                let missing = self
                    .unit
                    .as_ref()
                    .and_then(|u| u.variants.last())
                    .filter(|v| !v.has_seg)
                    .map(|v| (v.line, v.column));
                if let Some((l, c)) = missing {
                    let message = "<tuv> has no <seg>, which TMX requires; add the segment or remove the variant".to_string();
                    self.report(self.finding(Code::MissingSeg, l, c, message));
                }
            }
            Ctx::Tu => self.end_unit(),
            _ => {}
        }
    }

    fn end_seg(&mut self) {
        let max = self.options.max_segment_chars;
        let bpts = std::mem::take(&mut self.open_bpts);
        let Some(v) = self.unit.as_ref().and_then(|u| u.variants.last()) else {
            return;
        };
        let (line, column, lang) = (v.seg_line, v.seg_column, v.lang.clone());
        // XML's whitespace only: a no-break space is text a translator typed.
        let empty = v
            .text
            .trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r'))
            .is_empty()
            && !v.xml.contains('<');
        // Bytes bound characters from above: most segments need no count.
        let chars = if v.text.len() > max {
            v.text.chars().count()
        } else {
            0
        };
        for i in bpts {
            let message = format!(
                "<bpt i=\"{i}\"> has no <ept i=\"{i}\"> in this segment; pair them or use <it \
                 pos=\"begin\"> for an isolated code"
            );
            self.report(self.finding(Code::UnpairedInlineCode, line, column, message));
        }
        if empty {
            let message = format!(
                "the `{lang}` segment is empty: OmegaT inserts it as an empty translation and the \
                 sentence vanishes; fill it or remove the variant"
            );
            self.report(self.finding(Code::EmptySeg, line, column, message));
        }
        if chars > max {
            let message = format!(
                "the `{lang}` segment has {chars} characters, over the {max} that Trados Cloud \
                 accepts; split it"
            );
            self.report(self.finding(Code::SegmentTooLong, line, column, message));
        }
    }

    fn end_unit(&mut self) {
        let Some(mut unit) = self.unit.take() else {
            return;
        };
        self.summary.units += 1;
        // Moved out rather than cloned, and put back below.
        let tuid = unit.tuid.take();
        let t = tuid.as_deref();
        if unit.variants.is_empty() {
            unit.findings.push(
                self.finding(
                    Code::MissingSeg,
                    unit.line,
                    unit.column,
                    "<tu> has no <tuv>; TMX requires at least one: remove the unit".to_string(),
                )
                .in_unit(t),
            );
        }
        let unit_srclang = unit.srclang.take();
        let header_srclang = self.header_srclang.take();
        let srclang = unit_srclang.as_deref().or(header_srclang.as_deref());
        if let Some(src) = srclang {
            let found = unit
                .variants
                .iter()
                .any(|v| v.lang.eq_ignore_ascii_case(src));
            // A variant without a language is its own finding (`missing-lang`).
            let all_named = unit.variants.iter().all(|v| !v.lang.is_empty());
            if !found && all_named && !unit.variants.is_empty() && !self.srclang_reported {
                self.srclang_reported = true;
                let langs: Vec<&str> = unit.variants.iter().map(|v| v.lang.as_str()).collect();
                unit.findings.push(
                    self.finding(
                        Code::SrclangMismatch,
                        unit.line,
                        unit.column,
                        format!(
                            "srclang `{src}` matches none of this unit's languages ({}) exactly; \
                             translate-toolkit then loses every source text: make srclang equal \
                             the source <tuv>'s xml:lang (reported once, for the first such unit)",
                            langs.join(", ")
                        ),
                    )
                    .in_unit(t),
                );
            }
        }
        unit.tuid = tuid;
        if self.options.pair_checks {
            self.check_pairs(&mut unit, srclang);
        }
        self.header_srclang = header_srclang;
        unit.findings
            .sort_by_key(|f| (f.line.unwrap_or(0), f.column.unwrap_or(0)));
        let model = self.options.keep_units.then(|| to_model(&mut unit));
        if self.spare.len() < SPARE_VARIANTS {
            self.spare.append(&mut unit.variants);
        }
        self.emit(Checked {
            unit: model,
            findings: unit.findings,
            similarities: Vec::new(),
        });
        let chunk_full = self.jobs.len() >= super::semantic::CHUNK_PAIRS;
        let warmed_up = !self.warm && self.summary.units >= WARMUP_UNITS as u64;
        if self.held.is_some() && (warmed_up || chunk_full) {
            self.release(false);
        }
        if self.warm && self.summary.units.is_multiple_of(REFIT_EVERY) {
            for state in &mut self.lengths {
                state.model = LengthModel::fit(
                    LengthModel::prior(&state.source, &state.target),
                    &state.reservoir,
                );
            }
        }
    }

    fn check_pairs(&mut self, unit: &mut UnitState, srclang: Option<&str>) {
        let source_lang = self.options.source_lang.as_deref().or(srclang);
        let src_index = match source_lang {
            Some(l) => find_variant(&unit.variants, l),
            None => (!unit.variants.is_empty()).then_some(0),
        };
        let Some(si) = src_index else { return };
        let named_target = self
            .options
            .target_lang
            .as_deref()
            .map(|l| find_variant(&unit.variants, l));
        let tuid = unit.tuid.as_deref();
        let confidence = unit.confidence.as_deref().or_else(|| {
            unit.props
                .iter()
                .find(|p| p.kind == "x-confidence")
                .map(|p| p.value.as_str())
        });
        for ti in 0..unit.variants.len() {
            let wanted = match named_target {
                Some(named) => named == Some(ti),
                None => !unit.variants[ti]
                    .lang
                    .eq_ignore_ascii_case(&unit.variants[si].lang),
            };
            if !wanted || ti == si {
                continue;
            }
            let (s, t) = (&unit.variants[si], &unit.variants[ti]);
            let (src, tgt) = (side_of(s), side_of(t));
            self.checker
                .check_texts(tuid, src, tgt, confidence, &mut unit.findings);
            if !s.text.is_empty() && !t.text.is_empty() {
                let key = hash_pair(&s.lang, &s.text, &t.lang);
                let value = hash_of(&t.text);
                let key = [(key >> 48) as u16, (key >> 32) as u16, (key >> 16) as u16];
                match self.sources.insert(key, value as u16) {
                    Some(previous) if previous != value as u16 => unit.findings.push(
                        Finding::new(
                            Code::ConflictingTranslation,
                            self.name.clone(),
                            "an earlier unit has the same source with a different target; OmegaT \
                             silently keeps only the later one: keep one translation or make the \
                             sources differ",
                        )
                        .at(t.seg_line, t.seg_column)
                        .in_unit(tuid),
                    ),
                    _ => {}
                }
            }
            if let Some(sample) = LengthSample::of(&s.text, &t.text) {
                let key = self.length_key(&s.lang, &t.lang);
                self.add_sample(key, sample);
                match &self.held {
                    Some(held) => self.waiting.push(Waiting {
                        item: held.len(),
                        key,
                        tuid: tuid.map(str::to_string),
                        sample,
                        tgt_lang: t.lang.clone(),
                        line: t.seg_line,
                        column: t.seg_column,
                    }),
                    None => {
                        let finding = self.checker.length_finding_with(
                            &self.lengths[key].model,
                            tuid,
                            sample,
                            &t.lang,
                            Some(t.seg_line),
                            Some(t.seg_column),
                        );
                        unit.findings.extend(finding);
                    }
                }
            }
            let meaningful = |text: &str| !text.trim().is_empty();
            if let (Some(semantic), Some(held)) = (&mut self.semantic, &self.held)
                && meaningful(&s.text)
                && meaningful(&t.text)
            {
                match semantic.key(&s.lang, &t.lang) {
                    Ok(key) => self.jobs.push(PairJob {
                        item: held.len(),
                        key,
                        source: s.text.clone(),
                        target: t.text.clone(),
                        source_lang: s.lang.clone(),
                        target_lang: t.lang.clone(),
                        tuid: tuid.map(str::to_string),
                        line: t.seg_line,
                        column: t.seg_column,
                    }),
                    Err(Some(note)) => unit
                        .findings
                        .push((*note).at(t.seg_line, t.seg_column).in_unit(tuid)),
                    Err(None) => {}
                }
            }
        }
    }

    fn length_key(&mut self, source: &str, target: &str) -> usize {
        let (s, t) = (primary_subtag(source), primary_subtag(target));
        if let Some(i) = self
            .lengths
            .iter()
            .position(|x| x.source.eq_ignore_ascii_case(s) && x.target.eq_ignore_ascii_case(t))
        {
            return i;
        }
        let (s, t) = (s.to_ascii_lowercase(), t.to_ascii_lowercase());
        self.lengths.push(LengthState {
            model: LengthModel::prior(&s, &t),
            source: s,
            target: t,
            reservoir: Vec::new(),
            seen: 0,
        });
        self.lengths.len() - 1
    }

    /// Keeps a uniform sample of the pair's lengths (reservoir sampling with a fixed seed, so runs
    /// are reproducible).
    fn add_sample(&mut self, key: usize, sample: LengthSample) {
        // xorshift64
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let r = self.rng;
        let state = &mut self.lengths[key];
        state.seen += 1;
        if state.reservoir.len() < RESERVOIR_SIZE {
            state.reservoir.push(sample);
        } else {
            let j = (r % state.seen) as usize;
            if j < RESERVOIR_SIZE {
                state.reservoir[j] = sample;
            }
        }
    }

    fn judge_length(&self, w: &Waiting) -> Option<Finding> {
        self.checker.length_finding_with(
            &self.lengths[w.key].model,
            w.tuid.as_deref(),
            w.sample,
            &w.tgt_lang,
            Some(w.line),
            Some(w.column),
        )
    }

    /// Fits the length models on the pairs seen so far (the first time), judges the held pairs'
    /// lengths and meanings, and hands over the held items. Items are held again afterwards
    /// while the meaning check waits for its next chunk, or until the length models are fitted.
    fn release(&mut self, last: bool) {
        let warmed_up = last || self.summary.units >= WARMUP_UNITS as u64;
        if !self.warm {
            for state in &mut self.lengths {
                state.model = LengthModel::fit(
                    LengthModel::prior(&state.source, &state.target),
                    &state.reservoir,
                );
            }
            self.warm = warmed_up;
        }
        let Some(mut held) = self.held.take() else {
            return;
        };
        if let Some(semantic) = &mut self.semantic {
            let jobs = std::mem::take(&mut self.jobs);
            for judged in semantic.judge(&jobs) {
                let item = &mut held[judged.item];
                item.similarities.push(judged.similarity);
                if let Some(f) = judged.finding {
                    item.findings.push(f);
                    item.findings
                        .sort_by_key(|f| (f.line.unwrap_or(0), f.column.unwrap_or(0)));
                }
            }
        }
        for w in std::mem::take(&mut self.waiting) {
            if let Some(f) = self.judge_length(&w) {
                let item = &mut held[w.item];
                item.findings.push(f);
                item.findings
                    .sort_by_key(|f| (f.line.unwrap_or(0), f.column.unwrap_or(0)));
            }
        }
        for item in held {
            self.deliver(item);
        }
        if self.semantic.is_some() || !self.warm {
            self.held = Some(Vec::new());
        }
    }

    fn finish(&mut self) {
        // Whatever the file's size, what is held now is judged with what the file showed.
        self.release(true);
        self.held = None;
    }
}

/// Prop types that CAT tools write by design without the `x-` prefix, each in its own files and
/// read back by it: Trados Workbench's font and style tables and its text and attribute fields
/// (`Txt::Client`, `Att::Status`), and OmegaT's context props of alternative translations. Any
/// other tool's types are reported once each, as a note.
fn is_tool_prop_type(kind: &str) -> bool {
    const EXACT: &[&str] = &[
        // Trados Workbench (TW4Win) headers.
        "RTFFontTable",
        "RTFStyleSheet",
        // OmegaT: alternative translations and their context.
        "file",
        "id",
        "prev",
        "next",
        "path",
    ];
    const PREFIXES: &[&str] = &["Txt::", "Att::"];
    EXACT.contains(&kind) || PREFIXES.iter().any(|p| kind.starts_with(p))
}

fn primary_subtag(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or("")
}

fn side_of(v: &VariantState) -> Side<'_> {
    Side {
        lang: &v.lang,
        text: &v.text,
        line: Some(v.seg_line),
        column: Some(v.seg_column),
    }
}

fn find_variant(variants: &[VariantState], lang: &str) -> Option<usize> {
    variants
        .iter()
        .position(|v| v.lang.eq_ignore_ascii_case(lang))
        .or_else(|| {
            let primary = |l: &str| {
                l.split(['-', '_'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase()
            };
            let p = primary(lang);
            variants.iter().position(|v| primary(&v.lang) == p)
        })
}

fn to_model(unit: &mut UnitState) -> TranslationUnit {
    TranslationUnit {
        tuid: unit.tuid.clone(),
        extra: std::mem::take(&mut unit.attrs),
        props: std::mem::take(&mut unit.props),
        notes: std::mem::take(&mut unit.notes),
        variants: unit
            .variants
            .drain(..)
            .map(|v| Variant {
                lang: v.lang,
                extra: v.attrs,
                props: v.props,
                notes: v.notes,
                segment: Segment::from_xml(v.xml),
            })
            .collect(),
    }
}

/// Attributes of the element being read, borrowed from the parser's buffer.
type Attrs<'a> = [(&'a str, Cow<'a, str>)];

fn attr<'a>(attrs: &'a Attrs, name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.as_ref())
}

fn owned(attrs: &Attrs, skip: &[&str]) -> Vec<(String, String)> {
    attrs
        .iter()
        .filter(|(k, _)| !skip.contains(k))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// An empty vector with the storage of `attrs`, for the attributes of the next start tag (whose
/// borrows live in another buffer): one allocation for the whole file instead of one a tag.
fn recycle<'b>(mut attrs: Vec<(&str, Cow<str>)>) -> Vec<(&'b str, Cow<'b, str>)> {
    attrs.clear();
    // Collecting a vector's own iterator into elements of the same layout reuses its storage.
    attrs.into_iter().map(|_| unreachable!()).collect()
}

/// Whether XML 1.0 allows `c` in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The line and column after `text`, which starts at `line`:`column`.
fn advance(line: usize, column: usize, text: &str) -> (usize, usize) {
    match text.rfind('\n') {
        Some(last) => (
            line + text.matches('\n').count(),
            1 + text[last + 1..].chars().count(),
        ),
        None => (line, column + text.chars().count()),
    }
}

/// Whether `value` is `YYYYMMDDThhmmssZ` with a real date and time.
pub fn is_tmx_date(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() != 16 || !value.is_ascii() || b[8] != b'T' || b[15] != b'Z' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = &value[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (Some(year), Some(month), Some(day), Some(h), Some(m), Some(s)) = (
        digits(0..4),
        digits(4..6),
        digits(6..8),
        digits(9..11),
        digits(11..13),
        digits(13..15),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day) && h < 24 && m < 60 && s <= 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_tmx_date("20240101T120000Z"));
        assert!(is_tmx_date("20240229T235960Z"));
        assert!(!is_tmx_date("20230229T000000Z"));
        assert!(!is_tmx_date("2024-01-01T12:00:00Z"));
        assert!(!is_tmx_date("20241301T000000Z"));
        assert!(!is_tmx_date("20240101T120000"));
        // Sixteen bytes, not sixteen ASCII characters (found by fuzzing).
        assert!(!is_tmx_date("2024\u{feff}0T120000Z"));
        assert!(!is_tmx_date("٢٠٢٤0101T12Z"));
    }

    #[test]
    fn pair_hashes_tell_texts_and_languages_apart() {
        let mut seen = HashSet::new();
        for i in 0..20_000 {
            assert!(seen.insert(hash_of(&format!("doc:{i}"))), "{i}");
        }
        assert_ne!(hash_of(""), hash_of("\0"));
        assert_ne!(hash_of("abcdefgh"), hash_of("abcdefgh\0"));
        let text = "أكثر من 48 ألف لغم";
        assert_eq!(
            hash_pair("AR", text, "en-US"),
            hash_pair("ar", text, "EN-us")
        );
        assert_ne!(hash_pair("ar", text, "en"), hash_pair("ar", text, "fr"));
        assert_ne!(hash_pair("ar", text, "en"), hash_pair("en", text, "ar"));
        let long = "en-Latn-US-x-private-one";
        assert_ne!(
            hash_pair("ar", text, long),
            hash_pair("ar", text, "en-Latn-US-x-private-two")
        );
    }

    #[test]
    fn attribute_storage_is_recycled_empty() {
        let text = String::from("x");
        let mut attrs: Vec<(&str, Cow<str>)> = Vec::with_capacity(8);
        attrs.push((text.as_str(), Cow::Borrowed("1")));
        let ptr = attrs.as_ptr() as usize;
        let again = recycle(attrs);
        assert!(again.is_empty());
        assert_eq!(again.as_ptr() as usize, ptr);
        assert!(again.capacity() >= 8);
    }

    #[test]
    fn positions_advance_over_lines_and_characters() {
        assert_eq!(advance(3, 5, "ab"), (3, 7));
        assert_eq!(advance(3, 5, "ab\nجاك"), (4, 4));
    }
}
