//! What a TMX file holds: units, languages, pair types, and the distributions of alignment
//! confidence and length ratio, for `tmforge stats`.
//!
//! One pass over the file: counts are kept per unit, and the values of the two distributions
//! (confidence and length ratio, 8 bytes a unit) are kept to compute exact quantiles. Its
//! `Display` is the table a person reads; it serializes to JSON for programs.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::lang::LanguageTag;
use crate::qa;
use crate::tmx::{TmxReader, TranslationUnit};

/// The prop tmforge writes with the shape of an alignment bead (`1-1`, `1-2` ...).
const PAIR_TYPE_PROP: &str = "x-pair-type";
/// The prop tmforge writes with the aligner's confidence (0 to 1).
const CONFIDENCE_PROP: &str = "x-confidence";
/// The bins of the confidence histogram: tenths, as the aligner's confidence is a probability.
const CONFIDENCE_EDGES: [f64; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
/// The bins of the length-ratio histogram. Translations of sentences mostly fall between half
/// and twice the source's length (Gale and Church model the ratio as roughly normal around the
/// language pair's mean); the outer bins collect the pairs worth a look.
const RATIO_EDGES: [f64; 10] = [
    0.0,
    0.25,
    0.5,
    0.75,
    1.0,
    1.25,
    1.5,
    2.0,
    3.0,
    f64::INFINITY,
];
/// The bins of the similarity histogram: the cosine of two sentences' embeddings. With the
/// bundled encoder unrelated sentences mostly fall below 0.3 and translations above 0.5, so the
/// bins are finest there.
const SIMILARITY_EDGES: [f64; 11] = [-1.0, 0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
/// The quantiles reported for each distribution.
const QUANTILES: [(&str, f64); 5] = [
    ("p05", 0.05),
    ("p25", 0.25),
    ("p50", 0.50),
    ("p75", 0.75),
    ("p95", 0.95),
];

/// The whole summary.
#[derive(Debug, Serialize)]
pub struct Stats {
    pub file: String,
    pub units: usize,
    pub srclang: String,
    pub creationtool: String,
    /// Segments a language (tags compared without regard to case; first spelling shown).
    pub languages: Vec<LanguageCount>,
    pub pair_types: PairTypes,
    /// Units with an `x-confidence` prop.
    pub confidence: Option<Distribution>,
    /// Confidence values that are not numbers from 0 to 1.
    pub invalid_confidence: usize,
    /// Per `source→target` language pair.
    pub length_ratio: BTreeMap<String, Distribution>,
    /// Findings of the QA checks by code; `null` for standard input, which cannot be read twice.
    pub findings_by_code: Option<BTreeMap<String, usize>>,
    /// The cross-lingual similarity of the pairs (`validate`'s meaning check), per
    /// `source→target` language pair the sentence encoder covers; `null` for standard input.
    pub similarity: Option<BTreeMap<String, Distribution>>,
}

/// The number of segments in one language.
#[derive(Debug, Serialize)]
pub struct LanguageCount {
    pub lang: String,
    pub segments: usize,
}

/// Pair types and how many were computed rather than read.
#[derive(Debug, Serialize, Default)]
pub struct PairTypes {
    pub counts: BTreeMap<String, usize>,
    /// Units without an `x-pair-type` prop, whose type was computed from their number of segments.
    pub computed: usize,
}

/// A distribution: summary numbers, quantiles and a histogram.
#[derive(Debug, Serialize)]
pub struct Distribution {
    pub count: usize,
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub quantiles: BTreeMap<String, f64>,
    /// Half-open bins `[from, to)`; the last bin of confidence is closed (`[0.9, 1.0]`).
    pub histogram: Vec<Bin>,
}

/// One histogram bin.
#[derive(Debug, Serialize)]
pub struct Bin {
    pub from: f64,
    /// `null` in JSON for an open-ended last bin.
    pub to: Option<f64>,
    pub count: usize,
}

impl Distribution {
    fn new(mut values: Vec<f64>, edges: &[f64]) -> Option<Distribution> {
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let count = values.len();
        // Nearest-rank quantiles.
        let quantile = |q: f64| values[((q * count as f64).ceil() as usize).clamp(1, count) - 1];
        let mut histogram: Vec<Bin> = edges
            .windows(2)
            .map(|w| Bin {
                from: w[0],
                to: w[1].is_finite().then_some(w[1]),
                count: 0,
            })
            .collect();
        let last = histogram.len() - 1;
        for &v in &values {
            let index = edges[1..]
                .iter()
                .position(|&to| v < to)
                .unwrap_or(last)
                .min(last);
            histogram[index].count += 1;
        }
        Some(Distribution {
            count,
            min: values[0],
            max: values[count - 1],
            mean: values.iter().sum::<f64>() / count as f64,
            quantiles: QUANTILES
                .iter()
                .map(|(name, q)| (name.to_string(), quantile(*q)))
                .collect(),
            histogram,
        })
    }
}

/// What `tmforge validate`'s checks say about a file: findings by code, and the distribution of
/// the pairs' cross-lingual similarity per language pair.
#[derive(Debug)]
pub struct QaStats {
    pub findings_by_code: BTreeMap<String, usize>,
    pub similarity: BTreeMap<String, Distribution>,
}

/// The QA findings of the file (`tmforge validate`'s checks, the meaning check with them, unless
/// `semantic` is false), counted by code, and the similarity of its pairs.
pub fn qa_stats(path: &Path, semantic: bool) -> Result<QaStats> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, "opening", e))?;
    let mut counts = BTreeMap::new();
    let mut cosines: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let options = qa::Options {
        semantic,
        ..qa::Options::default()
    };
    qa::validate(file, &path.display().to_string(), &options, |checked| {
        for finding in checked.findings {
            *counts.entry(finding.code.to_string()).or_insert(0) += 1;
        }
        for s in checked.similarities {
            cosines
                .entry(format!(
                    "{}→{}",
                    canonical(&s.source_lang),
                    canonical(&s.target_lang)
                ))
                .or_default()
                .push(s.cosine);
        }
    })
    .map_err(|e| Error::io(path, "reading", e))?;
    Ok(QaStats {
        findings_by_code: counts,
        similarity: cosines
            .into_iter()
            .filter_map(|(pair, values)| {
                Distribution::new(values, &SIMILARITY_EDGES).map(|d| (pair, d))
            })
            .collect(),
    })
}

/// The statistics of the memory `reader` reads, named `file`; `source_lang` overrides the
/// file's `srclang` (for `*all*` files). The QA findings are left to [`findings_by_code`].
pub fn memory_stats(
    reader: &mut TmxReader,
    file: &str,
    source_lang: Option<&LanguageTag>,
) -> Result<Stats> {
    let header = reader.header().clone();
    let file_srclang = source_lang.map(|l| l.as_str().to_string()).or_else(|| {
        let s = header.srclang.trim();
        (!s.is_empty() && s != "*all*").then(|| s.to_string())
    });
    let mut units = 0usize;
    let mut languages: Vec<(String, usize)> = Vec::new();
    let mut pair_types = PairTypes::default();
    let mut confidences = Vec::new();
    let mut invalid_confidence = 0usize;
    let mut ratios: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    while let Some(unit) = reader.next_unit()? {
        units += 1;
        for v in &unit.variants {
            match languages
                .iter_mut()
                .find(|(l, _)| l.eq_ignore_ascii_case(&v.lang))
            {
                Some((_, n)) => *n += 1,
                None => languages.push((v.lang.clone(), 1)),
            }
        }
        let pair_type = match unit.prop(PAIR_TYPE_PROP) {
            Some(t) => t.trim().to_string(),
            None => {
                pair_types.computed += 1;
                match unit.variants.len() {
                    2 => "1-1".to_string(),
                    n => format!("{n} segments"),
                }
            }
        };
        *pair_types.counts.entry(pair_type).or_insert(0) += 1;
        if let Some(c) = unit.prop(CONFIDENCE_PROP) {
            match c.trim().parse::<f64>() {
                Ok(c) if (0.0..=1.0).contains(&c) => confidences.push(c),
                _ => invalid_confidence += 1,
            }
        }
        length_ratios(&unit, file_srclang.as_deref(), &mut ratios);
    }
    languages.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(Stats {
        file: file.to_string(),
        units,
        srclang: header.srclang.clone(),
        creationtool: header.creation_tool.clone(),
        languages: languages
            .into_iter()
            .map(|(lang, segments)| LanguageCount { lang, segments })
            .collect(),
        pair_types,
        confidence: Distribution::new(confidences, &CONFIDENCE_EDGES),
        invalid_confidence,
        length_ratio: ratios
            .into_iter()
            .filter_map(|(pair, values)| Distribution::new(values, &RATIO_EDGES).map(|d| (pair, d)))
            .collect(),
        findings_by_code: None,
        similarity: None,
    })
}

/// Adds the unit's target/source length ratios, in characters of plain text, to `ratios` under
/// `source→target`. A unit with an empty source has no ratio.
fn length_ratios(
    unit: &TranslationUnit,
    file_srclang: Option<&str>,
    ratios: &mut BTreeMap<String, Vec<f64>>,
) {
    let Some(first) = unit.variants.first() else {
        return;
    };
    let srclang = unit
        .attribute("srclang")
        .filter(|s| *s != "*all*")
        .or(file_srclang)
        .unwrap_or(&first.lang);
    let Some(source_index) = unit
        .variants
        .iter()
        .position(|v| v.lang.eq_ignore_ascii_case(srclang))
        .or_else(|| {
            let primary = srclang.split('-').next().unwrap_or(srclang);
            unit.variants
                .iter()
                .position(|v| v.primary_lang().eq_ignore_ascii_case(primary))
        })
    else {
        return;
    };
    let source = &unit.variants[source_index];
    let source_len = source.segment.text().chars().count();
    if source_len == 0 {
        return;
    }
    for (i, target) in unit.variants.iter().enumerate() {
        if i == source_index {
            continue;
        }
        let ratio = target.segment.text().chars().count() as f64 / source_len as f64;
        ratios
            .entry(format!(
                "{}→{}",
                canonical(&source.lang),
                canonical(&target.lang)
            ))
            .or_default()
            .push(ratio);
    }
}

/// A tag in canonical case, so that `ar-sa` and `ar-SA` count together; as written if malformed.
fn canonical(lang: &str) -> String {
    LanguageTag::parse(lang).map_or_else(|_| lang.to_string(), |t| t.to_string())
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&table(self))
    }
}

fn table(stats: &Stats) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let mut row = |name: &str, value: String| {
        let _ = writeln!(out, "{name:<14}{value}");
    };
    row("file", stats.file.clone());
    row("creationtool", stats.creationtool.clone());
    row("units", stats.units.to_string());
    row("srclang", stats.srclang.clone());
    row(
        "languages",
        stats
            .languages
            .iter()
            .map(|l| format!("{} {}", l.lang, l.segments))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let mut pair_types = stats
        .pair_types
        .counts
        .iter()
        .map(|(t, n)| format!("{t}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    if stats.pair_types.computed > 0 {
        let _ = write!(
            pair_types,
            " ({} unit(s) have no {PAIR_TYPE_PROP} prop: their type is computed, a unit with two \
             segments counting as 1-1)",
            stats.pair_types.computed
        );
    }
    row("pair types", pair_types);
    match &stats.confidence {
        Some(d) => {
            row("confidence", summary(d));
            row("", histogram(d));
        }
        None => row("confidence", format!("none (no {CONFIDENCE_PROP} prop)")),
    }
    if stats.invalid_confidence > 0 {
        row(
            "",
            format!(
                "{} {CONFIDENCE_PROP} value(s) are not numbers from 0 to 1",
                stats.invalid_confidence
            ),
        );
    }
    if stats.length_ratio.is_empty() {
        row(
            "length ratio",
            "none (no unit with a source and a target)".to_string(),
        );
    }
    for (i, (pair, d)) in stats.length_ratio.iter().enumerate() {
        row(
            if i == 0 { "length ratio" } else { "" },
            format!("{pair}: {}", summary(d)),
        );
        row("", histogram(d));
    }
    match &stats.similarity {
        Some(pairs) if pairs.is_empty() => row(
            "similarity",
            "none (no pair in languages the sentence encoder covers)".to_string(),
        ),
        Some(pairs) => {
            for (i, (pair, d)) in pairs.iter().enumerate() {
                row(
                    if i == 0 { "similarity" } else { "" },
                    format!("{pair}: {}", summary(d)),
                );
                row("", histogram(d));
            }
        }
        None => {}
    }
    match &stats.findings_by_code {
        Some(counts) if counts.is_empty() => row("findings", "none".to_string()),
        Some(counts) => row(
            "findings",
            counts
                .iter()
                .map(|(code, n)| format!("{code} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        None => row(
            "findings",
            "not computed by stats (run `tmforge validate` for the QA checks)".to_string(),
        ),
    }
    out
}

fn summary(d: &Distribution) -> String {
    let q = |name: &str| d.quantiles.get(name).copied().unwrap_or(f64::NAN);
    format!(
        "n={} min {:.2} p05 {:.2} p25 {:.2} median {:.2} p75 {:.2} p95 {:.2} max {:.2} mean {:.2}",
        d.count,
        d.min,
        q("p05"),
        q("p25"),
        q("p50"),
        q("p75"),
        q("p95"),
        d.max,
        d.mean
    )
}

fn histogram(d: &Distribution) -> String {
    d.histogram
        .iter()
        .map(|b| match b.to {
            Some(to) => format!("[{}, {}) {}", b.from, to, b.count),
            None => format!("[{}, ∞) {}", b.from, b.count),
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles_and_bins() {
        let d = Distribution::new(vec![0.95, 0.05, 0.5, 1.0], &CONFIDENCE_EDGES).unwrap();
        assert_eq!(d.quantiles["p50"], 0.5);
        assert_eq!(d.quantiles["p05"], 0.05);
        assert_eq!(d.quantiles["p95"], 1.0);
        assert_eq!(d.histogram[0].count, 1);
        assert_eq!(d.histogram[5].count, 1);
        // 0.95 and 1.0 both go to the last, closed, bin.
        assert_eq!(d.histogram[9].count, 2);
        let r = Distribution::new(vec![10.0], &RATIO_EDGES).unwrap();
        assert_eq!(r.histogram.last().unwrap().count, 1);
        assert!(r.histogram.last().unwrap().to.is_none());
    }
}
