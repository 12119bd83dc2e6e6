//! Merging translation memories: many TMX files in, one out, identical pairs once.
//!
//! # What counts as what
//! Two units are the *same pair* when they hold the same languages (compared without regard to
//! case) with the same segments, inline markup included, whatever their order, ids, dates or
//! metadata. Of a set of same pairs one is written: the one with the newest `changedate` or
//! `creationdate` (on the `<tu>` or any `<tuv>`, as OmegaT writes them), the first on a tie.
//! It keeps its own attributes, gets the props and notes of all the others (their union, in input
//! order, each once), and a `usagecount` that is the sum of theirs. Props without a value are
//! left out (see [`crate::formats::drop_empty_props`]).
//!
//! A pair bound to a context is not the same pair as the one without: OmegaT writes its
//! alternative translations (used only in one place of one file) with props of the types in
//! [`CONTEXT_PROPS`], and a default translation and an alternative one must both survive for
//! OmegaT to keep using the default elsewhere. Their values are part of a pair's identity and
//! of its source's.
//!
//! Two pairs *conflict* when they have the same source segment and the same target languages but
//! different targets. The source language of a unit is its `srclang` attribute, else its file's
//! `srclang`, else its first `<tuv>`'s language. Conflicts are reported and, by
//! [`Prefer::KeepAll`], kept; [`Prefer::Newest`] and [`Prefer::First`] keep one of each set.
//!
//! # Memory and passes
//! The inputs are streamed, never held: memory grows with the number of distinct pairs (a 128-bit
//! hash and a small record each), not with the size of the files. The price is that each input
//! is read two or three times: once to find the pairs, once more only if some same pairs carry
//! different props or notes (to collect their union), and once to write. Inputs must therefore be
//! files, not pipes.
//!
//! The output is deterministic: units come in the order of their kept occurrence in the inputs,
//! and nothing depends on hash order. `tuid`s are kept, and made unique when two inputs used the
//! same one (a `-2`, `-3` ... suffix), because many tools key on them.
//!
//! The shards of one build (`tmforge build --shard K/N`) are joined, not merged: see
//! [`shards_of_one_build`].
//!
//! This module does not compare texts loosely (case, spaces, numbers): pairs that differ in any
//! character are different pairs. It does not judge which translation of a conflict is right.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::tmx::{Header, Note, Prop, TmxReader, TmxWriter, TranslationUnit};

/// How to resolve conflicting translations of one source segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Prefer {
    /// Keep every translation (and report the conflict).
    #[default]
    KeepAll,
    /// Keep the translation with the newest date.
    Newest,
    /// Keep the translation seen first (inputs in the order given).
    First,
}

/// Settings of a merge.
#[derive(Debug, Clone, Default)]
pub struct MergeOptions {
    /// How to resolve conflicts.
    pub prefer: Prefer,
    /// The output header's `creationdate` (see [`crate::creation_date`]).
    pub creation_date: String,
}

/// One translation in a conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictEntry {
    /// The file of the kept occurrence of this pair.
    pub file: PathBuf,
    /// Where its `<tu>` starts (`line:column`).
    pub position: String,
    /// Its `tuid`, if it has one.
    pub tuid: Option<String>,
    /// Target languages and their plain text.
    pub targets: Vec<(String, String)>,
    /// Its newest date, as written, if it has one.
    pub date: Option<String>,
    /// Whether it is in the output.
    pub kept: bool,
}

/// Different translations of one source segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// The source language, as the first occurrence writes it.
    pub source_lang: String,
    /// The source segment's plain text.
    pub source: String,
    /// Each translation, in input order.
    pub translations: Vec<ConflictEntry>,
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MergeReport {
    /// Each input and the number of units read from it.
    pub inputs: Vec<(PathBuf, usize)>,
    /// Units read from all inputs.
    pub units_read: usize,
    /// Units left out because they had no `<tuv>`.
    pub empty_units: usize,
    /// Units left out because they were the same pair as a kept one.
    pub duplicates: usize,
    /// Pairs left out by `--prefer` resolving a conflict.
    pub resolved: usize,
    /// Units written.
    pub units_written: usize,
    /// `tuid`s given a suffix because another unit already had them.
    pub renamed_tuids: usize,
    /// Props without a value left out (see [`crate::formats::drop_empty_props`]).
    pub empty_props: usize,
    /// The output's `srclang`.
    pub srclang: String,
    /// Every conflict, in input order.
    pub conflicts: Vec<Conflict>,
}

/// The prop types that bind a pair to one context: OmegaT's alternative translations carry
/// `file` and `id` (or `prev` and `next`, the neighbouring source segments).
pub const CONTEXT_PROPS: [&str; 4] = ["file", "id", "prev", "next"];

/// The context props of a unit, sorted.
fn context(unit: &TranslationUnit) -> Vec<(&str, &str)> {
    let mut context: Vec<(&str, &str)> = unit
        .props
        .iter()
        .filter(|p| CONTEXT_PROPS.contains(&p.kind.as_str()))
        .map(|p| (p.kind.as_str(), p.value.as_str()))
        .collect();
    context.sort();
    context
}

/// Where a unit is: input index and unit index within it.
type Location = (u32, u32);

/// What is remembered of one distinct pair between passes.
struct Record {
    first: Location,
    kept: Location,
    /// The newest date, as digits (`YYYYMMDDhhmmss`), 0 when there is none.
    date: u64,
    source_key: u128,
    usage: Option<u64>,
    /// Hashes of the distinct sets of props and notes seen; more than one means a union is needed.
    meta_hashes: Vec<u64>,
    /// Whether `--prefer` left it out.
    dropped: bool,
}

/// The props and notes of all occurrences of a pair, collected when they differ.
#[derive(Default)]
struct Union {
    props: Vec<Prop>,
    notes: Vec<Note>,
    /// Per variant: props and notes.
    variants: Vec<(VariantId, Vec<Prop>, Vec<Note>)>,
}

/// A variant's lower-case language and its occurrence among variants of that language.
type VariantId = (String, usize);

/// What is known of one input from its header.
struct InputInfo {
    srclang: Option<String>,
}

/// Merges `inputs` into one TMX written to `out`; returns `out` and what happened.
pub fn merge<W: Write>(
    inputs: &[PathBuf],
    out: W,
    options: &MergeOptions,
) -> Result<(W, MergeReport)> {
    if inputs.is_empty() {
        return Err(Error::Invalid("give at least one TMX file to merge".into()));
    }
    let mut report = MergeReport::default();
    let mut infos = Vec::new();
    let mut headers = Vec::new();
    let mut records: HashMap<u128, Record> = HashMap::new();
    // Pass 1: find the distinct pairs.
    for (file_index, path) in inputs.iter().enumerate() {
        let mut reader = TmxReader::open(path)?;
        let header = reader.header().clone();
        let info = InputInfo {
            srclang: concrete(&header.srclang),
        };
        let mut count = 0u32;
        while let Some(unit) = reader.next_unit()? {
            count += 1;
            if unit.variants.is_empty() {
                report.empty_units += 1;
                continue;
            }
            let location = (file_index as u32, count - 1);
            let key = pair_key(&unit);
            let date = unit_date(&unit);
            let usage = unit
                .attribute("usagecount")
                .and_then(|u| u.trim().parse::<u64>().ok());
            let meta = meta_hash(&unit);
            match records.get_mut(&key) {
                None => {
                    records.insert(
                        key,
                        Record {
                            first: location,
                            kept: location,
                            date,
                            source_key: source_key(&unit, &info),
                            usage,
                            meta_hashes: vec![meta],
                            dropped: false,
                        },
                    );
                }
                Some(record) => {
                    report.duplicates += 1;
                    if date > record.date {
                        record.date = date;
                        record.kept = location;
                    }
                    record.usage = match (record.usage, usage) {
                        (Some(a), Some(b)) => Some(a.saturating_add(b)),
                        (a, b) => a.or(b),
                    };
                    if !record.meta_hashes.contains(&meta) {
                        record.meta_hashes.push(meta);
                    }
                }
            }
        }
        report.inputs.push((path.clone(), count as usize));
        report.units_read += count as usize;
        infos.push(info);
        headers.push(header);
    }

    // Conflicts: distinct pairs sharing a source key.
    let mut groups: HashMap<u128, Vec<u128>> = HashMap::new();
    for (key, record) in &records {
        groups.entry(record.source_key).or_default().push(*key);
    }
    groups.retain(|_, keys| keys.len() > 1);
    let mut in_conflict: HashSet<u128> = HashSet::new();
    for keys in groups.values_mut() {
        keys.sort_by_key(|k| records[k].first);
        in_conflict.extend(keys.iter().copied());
        let winner = match options.prefer {
            Prefer::KeepAll => None,
            Prefer::First => Some(keys[0]),
            // Newest date; the first seen on a tie (keys are in first-seen order).
            Prefer::Newest => keys.iter().copied().rev().max_by_key(|k| records[k].date),
        };
        if let Some(winner) = winner {
            for key in keys.iter().filter(|k| **k != winner) {
                if let Some(r) = records.get_mut(key) {
                    r.dropped = true;
                    report.resolved += 1;
                }
            }
        }
    }

    // Pass 2, only when same pairs carry different props or notes: collect their union.
    let mut unions: HashMap<u128, Union> = records
        .iter()
        .filter(|(_, r)| r.meta_hashes.len() > 1 && !r.dropped)
        .map(|(k, _)| (*k, Union::default()))
        .collect();
    if !unions.is_empty() {
        for path in inputs {
            let mut reader = TmxReader::open(path)?;
            while let Some(unit) = reader.next_unit()? {
                if unit.variants.is_empty() {
                    continue;
                }
                if let Some(union) = unions.get_mut(&pair_key(&unit)) {
                    union.add(&unit);
                }
            }
        }
    }

    // Pass 3: write.
    let header = output_header(&headers, &options.creation_date);
    report.srclang = header.srclang.clone();
    let mut writer = TmxWriter::new(out, &header).map_err(|e| write_error(&e))?;
    let mut tuids: HashSet<String> = HashSet::new();
    let mut conflict_entries: HashMap<u128, (String, String, ConflictEntry)> = HashMap::new();
    for (file_index, path) in inputs.iter().enumerate() {
        let mut reader = TmxReader::open(path)?;
        let mut index = 0u32;
        while let Some(mut unit) = reader.next_unit()? {
            index += 1;
            if unit.variants.is_empty() {
                continue;
            }
            let location = (file_index as u32, index - 1);
            let key = pair_key(&unit);
            let Some(record) = records.get(&key) else {
                return Err(Error::file(
                    path,
                    "changed while it was being merged; run the merge again",
                ));
            };
            if record.kept != location {
                continue;
            }
            let info = &infos[file_index];
            if in_conflict.contains(&key) {
                let (source_lang, source, targets) = describe(&unit, info);
                conflict_entries.insert(
                    key,
                    (
                        source_lang,
                        source,
                        ConflictEntry {
                            file: path.clone(),
                            position: reader.unit_position().to_string(),
                            tuid: unit.tuid.clone(),
                            targets,
                            date: newest_date_text(&unit),
                            kept: !record.dropped,
                        },
                    ),
                );
            }
            if record.dropped {
                continue;
            }
            if let Some(union) = unions.get(&key) {
                union.apply(&mut unit);
            }
            report.empty_props += crate::formats::drop_empty_props(&mut unit);
            if let Some(usage) = record.usage {
                set_attribute(&mut unit, "usagecount", usage.to_string());
            }
            if header.srclang == "*all*"
                && unit.attribute("srclang").is_none()
                && let Some(lang) = &info.srclang
            {
                set_attribute(&mut unit, "srclang", lang.clone());
            }
            if let Some(tuid) = &unit.tuid
                && !tuids.insert(tuid.clone())
            {
                let renamed = (2..)
                    .map(|n| format!("{tuid}-{n}"))
                    .find(|t| !tuids.contains(t))
                    .unwrap_or_default();
                tuids.insert(renamed.clone());
                unit.tuid = Some(renamed);
                report.renamed_tuids += 1;
            }
            writer.write_unit(&unit).map_err(|e| write_error(&e))?;
            report.units_written += 1;
        }
    }
    let out = writer.finish().map_err(|e| write_error(&e))?;

    let mut group_list: Vec<&Vec<u128>> = groups.values().collect();
    group_list.sort_by_key(|keys| records[&keys[0]].first);
    for keys in group_list {
        let mut conflict: Option<Conflict> = None;
        for key in keys {
            if let Some((source_lang, source, entry)) = conflict_entries.remove(key) {
                conflict
                    .get_or_insert_with(|| Conflict {
                        source_lang,
                        source,
                        translations: Vec::new(),
                    })
                    .translations
                    .push(entry);
            }
        }
        report.conflicts.extend(conflict);
    }
    Ok((out, report))
}

fn write_error(e: &std::io::Error) -> Error {
    Error::Invalid(format!("writing the merged TMX: {e}"))
}

/// A language tag that names one language (not empty, not `*all*`).
fn concrete(srclang: &str) -> Option<String> {
    let s = srclang.trim();
    (!s.is_empty() && s != "*all*").then(|| s.to_string())
}

/// A 128-bit hash: two 64-bit hashes of the same data, told apart by a leading byte. The
/// standard hasher is deterministic within one run, which is all the keys need.
fn hash128(feed: impl Fn(&mut DefaultHasher)) -> u128 {
    let mut a = DefaultHasher::new();
    0u8.hash(&mut a);
    feed(&mut a);
    let mut b = DefaultHasher::new();
    1u8.hash(&mut b);
    feed(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// The identity of a pair: its languages (lower case) and segments, in sorted order, and its
/// context.
fn pair_key(unit: &TranslationUnit) -> u128 {
    let mut sides: Vec<(String, &str)> = unit
        .variants
        .iter()
        .map(|v| (v.lang.to_ascii_lowercase(), v.segment.xml()))
        .collect();
    sides.sort();
    let context = context(unit);
    hash128(|h| {
        sides.hash(h);
        context.hash(h);
    })
}

/// The source language of a unit: its own `srclang`, its file's, or its first variant's.
fn source_lang(unit: &TranslationUnit, info: &InputInfo) -> String {
    unit.attribute("srclang")
        .and_then(concrete)
        .or_else(|| info.srclang.clone())
        .filter(|lang| {
            unit.variants
                .iter()
                .any(|v| v.lang.eq_ignore_ascii_case(lang))
        })
        .unwrap_or_else(|| unit.variants[0].lang.clone())
}

/// The index of the source variant.
fn source_index(unit: &TranslationUnit, info: &InputInfo) -> usize {
    let lang = source_lang(unit, info);
    unit.variants
        .iter()
        .position(|v| v.lang.eq_ignore_ascii_case(&lang))
        .unwrap_or(0)
}

/// The identity of a source: its language, its segment, the target languages and the context.
fn source_key(unit: &TranslationUnit, info: &InputInfo) -> u128 {
    let index = source_index(unit, info);
    let source = &unit.variants[index];
    let mut targets: Vec<String> = unit
        .variants
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .map(|(_, v)| v.lang.to_ascii_lowercase())
        .collect();
    targets.sort();
    hash128(|h| {
        source.lang.to_ascii_lowercase().hash(h);
        source.segment.xml().hash(h);
        targets.hash(h);
        context(unit).hash(h);
    })
}

/// The source language, source text and targets of a unit, for a conflict report.
fn describe(unit: &TranslationUnit, info: &InputInfo) -> (String, String, Vec<(String, String)>) {
    let index = source_index(unit, info);
    let targets = unit
        .variants
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .map(|(_, v)| (v.lang.clone(), v.segment.text()))
        .collect();
    let source = &unit.variants[index];
    (source.lang.clone(), source.segment.text(), targets)
}

/// A hash of everything that [`Union`] merges: props and notes of the unit and its variants.
fn meta_hash(unit: &TranslationUnit) -> u64 {
    let mut h = DefaultHasher::new();
    for p in &unit.props {
        (&p.kind, &p.value, &p.extra).hash(&mut h);
    }
    0xFFu8.hash(&mut h);
    for n in &unit.notes {
        (&n.text, &n.extra).hash(&mut h);
    }
    for v in &unit.variants {
        0xFEu8.hash(&mut h);
        v.lang.to_ascii_lowercase().hash(&mut h);
        for p in &v.props {
            (&p.kind, &p.value, &p.extra).hash(&mut h);
        }
        0xFFu8.hash(&mut h);
        for n in &v.notes {
            (&n.text, &n.extra).hash(&mut h);
        }
    }
    h.finish()
}

/// Variants identified by language (lower case) and occurrence among variants of that language,
/// so that the union matches the `en` of one unit with the `EN` of another.
fn variant_ids(unit: &TranslationUnit) -> Vec<VariantId> {
    let mut seen: Vec<String> = Vec::new();
    unit.variants
        .iter()
        .map(|v| {
            let lang = v.lang.to_ascii_lowercase();
            let n = seen.iter().filter(|l| **l == lang).count();
            seen.push(lang.clone());
            (lang, n)
        })
        .collect()
}

fn push_new<T: PartialEq + Clone>(list: &mut Vec<T>, items: &[T]) {
    for item in items {
        if !list.contains(item) {
            list.push(item.clone());
        }
    }
}

impl Union {
    fn add(&mut self, unit: &TranslationUnit) {
        push_new(&mut self.props, &unit.props);
        push_new(&mut self.notes, &unit.notes);
        for (id, v) in variant_ids(unit).into_iter().zip(&unit.variants) {
            match self.variants.iter_mut().find(|(i, _, _)| *i == id) {
                Some((_, props, notes)) => {
                    push_new(props, &v.props);
                    push_new(notes, &v.notes);
                }
                None => self.variants.push((id, v.props.clone(), v.notes.clone())),
            }
        }
    }

    /// Adds to `unit` (the kept occurrence) what the others had and it lacks.
    fn apply(&self, unit: &mut TranslationUnit) {
        push_new(&mut unit.props, &self.props);
        push_new(&mut unit.notes, &self.notes);
        let ids = variant_ids(unit);
        for (id, v) in ids.into_iter().zip(unit.variants.iter_mut()) {
            if let Some((_, props, notes)) = self.variants.iter().find(|(i, _, _)| *i == id) {
                push_new(&mut v.props, props);
                push_new(&mut v.notes, notes);
            }
        }
    }
}

/// The attributes that date a unit, on the `<tu>` or its `<tuv>`s.
const DATE_ATTRIBUTES: [&str; 2] = ["changedate", "creationdate"];

/// The number of digits in a TMX date (`YYYYMMDDThhmmssZ` has fourteen).
const DATE_DIGITS: usize = 14;

/// A TMX date as a number that orders like the date: its first fourteen digits, padded with
/// zeros (`20240101T120000Z` gives 20240101120000). Dates with fewer than eight digits (no full
/// day) are not dates.
fn date_value(text: &str) -> u64 {
    let digits: String = text
        .chars()
        .filter(char::is_ascii_digit)
        .take(DATE_DIGITS)
        .collect();
    if digits.len() < 8 {
        return 0;
    }
    format!("{digits:0<DATE_DIGITS$}").parse().unwrap_or(0)
}

fn all_dates(unit: &TranslationUnit) -> impl Iterator<Item = &str> {
    let unit_dates = unit.extra.iter();
    let variant_dates = unit.variants.iter().flat_map(|v| v.extra.iter());
    unit_dates
        .chain(variant_dates)
        .filter(|(k, _)| DATE_ATTRIBUTES.contains(&k.as_str()))
        .map(|(_, v)| v.as_str())
}

fn unit_date(unit: &TranslationUnit) -> u64 {
    all_dates(unit).map(date_value).max().unwrap_or(0)
}

fn newest_date_text(unit: &TranslationUnit) -> Option<String> {
    all_dates(unit)
        .filter(|d| date_value(d) > 0)
        .max_by_key(|d| date_value(d))
        .map(str::to_string)
}

fn set_attribute(unit: &mut TranslationUnit, name: &str, value: String) {
    match unit.extra.iter_mut().find(|(k, _)| k == name) {
        Some((_, v)) => *v = value,
        None => unit.extra.push((name.to_string(), value)),
    }
}

/// The merged file's header: tmforge's, with the inputs' common source language (`*all*` when
/// they differ), their common segtype, datatype, o-tmf and adminlang when they agree, and the
/// union of their header props and notes.
fn output_header(headers: &[Header], creation_date: &str) -> Header {
    fn common<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
        let mut first: Option<&str> = None;
        for v in values {
            match first {
                None => first = Some(v),
                Some(f) if f.eq_ignore_ascii_case(v) => {}
                Some(_) => return None,
            }
        }
        first.filter(|f| !f.trim().is_empty()).map(str::to_string)
    }
    let srclang =
        common(headers.iter().map(|h| h.srclang.as_str())).unwrap_or_else(|| "*all*".to_string());
    let mut header = Header::tmforge(&srclang, creation_date);
    if let Some(segtype) = common(headers.iter().map(|h| h.segtype.as_str()))
        && matches!(
            segtype.as_str(),
            "block" | "paragraph" | "sentence" | "phrase"
        )
    {
        header.segtype = segtype;
    }
    header.datatype = common(headers.iter().map(|h| h.datatype.as_str()))
        .unwrap_or_else(|| "unknown".to_string());
    if let Some(o_tmf) = common(headers.iter().map(|h| h.o_tmf.as_str())) {
        header.o_tmf = o_tmf;
    }
    if let Some(adminlang) = common(headers.iter().map(|h| h.adminlang.as_str())) {
        header.adminlang = adminlang;
    }
    for h in headers {
        push_new(&mut header.props, &h.props);
        push_new(&mut header.notes, &h.notes);
    }
    header.props.retain(|p| !p.value.is_empty());
    header
}

/// The header shared by `inputs` when they are the shards of one tmforge build (`build --shard
/// K/N`), else `None`.
///
/// Shards are recognized, not declared: every input was written by tmforge with the same header,
/// every unit carries an `x-document` prop, each input lists its documents in name order, and no
/// document is in two inputs. Such inputs are not memories to deduplicate but pieces of one
/// memory, and [`join_shards`] puts them back together exactly.
pub fn shards_of_one_build(inputs: &[PathBuf]) -> Result<Option<Header>> {
    let mut header: Option<Header> = None;
    let mut seen: HashSet<String> = HashSet::new();
    for path in inputs {
        let mut reader = TmxReader::open(path)?;
        let this = reader.header();
        if this.creation_tool != crate::tmx::CREATION_TOOL
            || header.as_ref().is_some_and(|h| h != this)
        {
            return Ok(None);
        }
        header.get_or_insert_with(|| this.clone());
        let mut mine: Vec<String> = Vec::new();
        while let Some(unit) = reader.next_unit()? {
            let Some(document) = unit.prop("x-document") else {
                return Ok(None);
            };
            match mine.last() {
                Some(last) if last == document => {}
                Some(last) if last.as_str() > document => return Ok(None),
                _ => mine.push(document.to_string()),
            }
        }
        for document in mine {
            if !seen.insert(document) {
                return Ok(None);
            }
        }
    }
    Ok(header)
}

/// Joins the shards of one build (see [`shards_of_one_build`]) into the memory a single build
/// would have written: every unit kept, documents interleaved in name order. Returns `out` and
/// the number of units written.
pub fn join_shards<W: Write>(inputs: &[PathBuf], header: &Header, out: W) -> Result<(W, usize)> {
    let mut readers = Vec::new();
    for path in inputs {
        let mut reader = TmxReader::open(path)?;
        let next = reader.next_unit()?;
        readers.push((reader, next));
    }
    let mut writer = TmxWriter::new(out, header).map_err(|e| write_error(&e))?;
    let mut written = 0;
    loop {
        let document = |slot: &Option<TranslationUnit>| {
            slot.as_ref()
                .and_then(|u| u.prop("x-document").map(str::to_string))
        };
        let Some((index, current)) = readers
            .iter()
            .enumerate()
            .filter_map(|(i, (_, next))| document(next).map(|d| (i, d)))
            .min_by(|a, b| a.1.cmp(&b.1))
        else {
            break;
        };
        let (reader, next) = &mut readers[index];
        while let Some(unit) = next.take() {
            if unit.prop("x-document") != Some(current.as_str()) {
                *next = Some(unit);
                break;
            }
            writer.write_unit(&unit).map_err(|e| write_error(&e))?;
            written += 1;
            *next = reader.next_unit()?;
        }
    }
    Ok((writer.finish().map_err(|e| write_error(&e))?, written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_order_like_dates() {
        assert!(date_value("20240102T000000Z") > date_value("20240101T235959Z"));
        assert_eq!(date_value("20240101"), 20240101000000);
        assert_eq!(date_value("2024-01-01T12:00:00Z"), 20240101120000);
        assert_eq!(date_value("yesterday"), 0);
    }

    #[test]
    fn the_same_pair_whatever_the_order_and_case_of_languages() {
        use crate::tmx::Variant;
        let a = TranslationUnit {
            variants: vec![Variant::text("ar", "س"), Variant::text("en", "x")],
            ..Default::default()
        };
        let b = TranslationUnit {
            tuid: Some("9".into()),
            variants: vec![Variant::text("EN", "x"), Variant::text("ar", "س")],
            ..Default::default()
        };
        assert_eq!(pair_key(&a), pair_key(&b));
        let c = TranslationUnit {
            variants: vec![Variant::text("ar", "س"), Variant::text("en", "y")],
            ..Default::default()
        };
        assert_ne!(pair_key(&a), pair_key(&c));
        let info = InputInfo {
            srclang: Some("ar".into()),
        };
        assert_eq!(source_key(&a, &info), source_key(&c, &info));
    }
}
