//! The alignment stage: pairs the sentences of a text with those of its translation.
//!
//! The aligner is a hidden-Markov-style bead model (Gale and Church's, extended with evidence
//! channels) decoded by dynamic programming in a band, in three passes over the same input:
//!
//! 1. Paragraphs are anchors: when both sides have the same number of paragraphs, each paragraph
//!    is aligned with its counterpart alone. Otherwise paragraph starts are soft evidence.
//! 2. A length-only pass, coarse to fine: blocks of sentences are aligned first and the result
//!    bounds a narrow band at the next finer level, so the cost is linear in the text length.
//! 3. The model (bead-type priors, length ratio and variance, evidence weights) is estimated from
//!    that alignment, and the text is aligned again in a band around it with numbers,
//!    punctuation, cognates and paragraph starts as evidence.
//! 4. A word lexicon is learned (IBM Model 1) from the pairs of that alignment that sit among
//!    other 1-1 pairs, merged with the user's dictionary, the model is estimated again, and a
//!    last pass computes the final alignment and each bead's posterior probability by
//!    forward-backward.
//! 5. Each bead's confidence is its posterior, lowered where the bead and its neighbours
//!    together would make a larger bead of a shape the model lacks (2-3, 1-5, 3-3 ...), which
//!    the posterior cannot see; where that larger bead is the likelier, it replaces its parts.
//!
//! What this module does not do: segment text (see [`crate::segment`]), reorder (alignments are
//! monotone), or find a bead larger than two neighbouring beads of the model plus two
//! unpaired sentences.

mod anchored;
mod beads;
pub mod corrections;
mod dp;
mod eval;
mod features;
mod lexicon;
mod model;
mod semantic;

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

pub use anchored::{Anchor, align_anchored, align_anchored_to};
pub use beads::{BeadRecord, check_cover, parse_beads, read_beads, write_beads};
pub use eval::{Measures, Scores, TypeRecall, evaluate, render_scores};
pub use lexicon::Dictionary;

use dp::{Band, align_band};
use features::{CHANNELS, COGNATES, NUMBERS, SideFeatures, TRANSLITERATION};
use lexicon::Lexicon;
use model::{BEAD_TYPES, BeadEvidence, MAX_SIDE, Model, PairCounts, Step, pair_counts};
use semantic::{SemanticSide, SemanticWeight};

use crate::LanguageTag;
use crate::encoder::Encoder;

/// A sentence as the aligner sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// The sentence's text, without surrounding whitespace.
    pub text: &'a str,
    /// Index of the paragraph that holds the sentence.
    pub paragraph: usize,
}

/// A bead: consecutive source sentences aligned with consecutive target sentences. Either side
/// may be empty (a 1-0 or 0-1 bead: a sentence left unaligned).
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Source sentence numbers (0-based), empty for a 0-1 bead.
    pub source: Range<usize>,
    /// Target sentence numbers (0-based), empty for a 1-0 bead.
    pub target: Range<usize>,
    /// How likely the bead is right, in [0, 1]: its posterior probability under the model,
    /// times the probability that its ends are not inner boundaries of a larger bead of a shape
    /// the model lacks (2-3, 1-5 ...); for such a larger bead, its probability against its
    /// parts times the lowest posterior of its parts.
    pub confidence: f64,
}

impl Bead {
    /// The bead's type as translators write it: `1-1`, `2-1`, `1-0` ...
    pub fn kind(&self) -> String {
        format!("{}-{}", self.source.len(), self.target.len())
    }
}

/// Coarse levels group this many sentences into one unit. Four keeps each level a quarter of
/// the one below, so all coarse levels together cost a third of the finest.
const COARSE_FACTOR: usize = 4;

/// Lattices up to this many corners are searched whole by the length-only pass; larger ones go
/// coarse to fine. A whole search cannot lose its way, and four million corners (2,000 × 2,000
/// sentences) take about half a second.
const FULL_SEARCH_CORNERS: usize = 4_000_000;

/// Settings of the aligner.
#[derive(Debug, Clone)]
pub struct AlignOptions {
    /// A bilingual dictionary to add to the lexicon learned from the text.
    pub dictionary: Option<Arc<Dictionary>>,
    /// How many sentences the final passes may stray from the previous pass's path, on each side.
    /// The previous path is wrong by a sentence or two where it is wrong at all; 8 leaves room
    /// for a run of insertions without making the passes slower than linear.
    pub band_width: usize,
    /// Whether equal paragraph counts make paragraph boundaries hard anchors.
    pub paragraph_anchors: bool,
    /// The BCP 47 tags of the source and the target (empty when not known): they choose how
    /// numbers are read ([`crate::numbers::Language`]), so that `第一条` and `Article premier`
    /// confirm an `Article 1`.
    pub languages: [String; 2],
    /// The sentence encoder whose cosines are evidence, or `None` for none. Give it only for
    /// languages it covers ([`Encoder::covers`]): elsewhere its cosines carry little but cost
    /// the most of the alignment's time. The aligner also leaves the channel out on its own when
    /// the cosines of the input do not tell translations apart.
    pub encoder: Option<&'static Encoder>,
    /// The evidence weighed besides lengths (and the encoder's cosines, when it is given).
    pub evidence: Evidence,
}

/// The evidence the aligner weighs besides sentence lengths, each level adding to the one
/// before: for measuring what each kind is worth, and for texts where one misleads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Evidence {
    /// Sentence lengths and bead-type priors alone (Gale and Church).
    Length,
    /// Also numbers, punctuation, cognates, names across scripts and paragraph starts.
    Surface,
    /// Also word translations learned from the text (and the user's dictionary).
    #[default]
    Lexical,
}

impl AlignOptions {
    /// These options for a text in `source` and its translation in `target`: the languages
    /// set, and the encoder kept only when it covers both.
    pub fn for_languages(&self, source: &LanguageTag, target: &LanguageTag) -> AlignOptions {
        let mut options = self.clone();
        options.languages = [source.to_string(), target.to_string()];
        if !(Encoder::covers(source) && Encoder::covers(target)) {
            options.encoder = None;
        }
        options
    }
}

impl Default for AlignOptions {
    fn default() -> AlignOptions {
        AlignOptions {
            dictionary: None,
            band_width: 8,
            paragraph_anchors: true,
            languages: Default::default(),
            encoder: None,
            evidence: Evidence::default(),
        }
    }
}

/// Aligns `source` with `target`. The beads cover every sentence of both sides once, in order.
pub fn align(source: &[Sentence], target: &[Sentence], options: &AlignOptions) -> Vec<Bead> {
    let (n, m) = (source.len(), target.len());
    if n == 0 || m == 0 {
        // Nothing can be paired: every sentence is certainly unaligned.
        return (0..n)
            .map(|i| Bead {
                source: i..i + 1,
                target: 0..0,
                confidence: 1.0,
            })
            .chain((0..m).map(|j| Bead {
                source: n..n,
                target: j..j + 1,
                confidence: 1.0,
            }))
            .collect();
    }
    let width = options.band_width.max(1);
    let [source_lang, target_lang] = &options.languages;
    let encode_whole = options
        .encoder
        .filter(|_| n + m <= semantic::ENCODE_WHOLE_UP_TO);
    let lengths = |side: &[Sentence]| -> Vec<f64> {
        side.par_iter().map(|s| features::length(s.text)).collect()
    };
    let (ls, lt) = rayon::join(|| lengths(source), || lengths(target));
    let segments = segments((source, &ls), (target, &lt), options.paragraph_anchors);
    let mut model = Model::for_lengths(&ls, &lt);
    if encode_whole.is_some() {
        model.with_embeddings();
    }
    // The first, length-only alignment needs nothing but the lengths, so it runs while the
    // sentences are featurized: on its own it keeps one core busy for seconds on a long text.
    // Only embeddings change it (they admit beads of four sentences a side), and then it
    // waits for them.
    let length_only = || -> Vec<Vec<Step>> {
        segments
            .par_iter()
            .map(|(s, t)| {
                offset(
                    length_path(&ls[s.clone()], &lt[t.clone()], &model),
                    s.start,
                    t.start,
                )
            })
            .collect()
    };
    let ((mut src, mut tgt), path0) = rayon::join(
        || {
            let (mut src, mut tgt) = rayon::join(
                || SideFeatures::new(source, source_lang),
                || SideFeatures::new(target, target_lang),
            );
            if src.is_latin() != tgt.is_latin() {
                rayon::join(
                    || src.add_transliteration(source),
                    || tgt.add_transliteration(target),
                );
            }
            if let Some(encoder) = encode_whole {
                let (s, t) = rayon::join(
                    || SemanticSide::new(encoder, &texts(source)),
                    || SemanticSide::new(encoder, &texts(target)),
                );
                (src.semantic, tgt.semantic) = (Some(s), Some(t));
            }
            (src, tgt)
        },
        || encode_whole.is_none().then(length_only),
    );
    let mut path0 = path0.unwrap_or_else(length_only);
    // The model is estimated from the length path, and again each time meaning steers it:
    // each alignment through the anchors gives sharper laws, and they find more anchors (on a
    // whole scripture three rounds are needed: strict F1 0.879 after one, 0.894 after three).
    let mut astray = usize::MAX;
    for round in 0..=MAX_STEERING_ROUNDS {
        let flat0 = path0.concat();
        model.estimate(&src, &tgt, &flat0);
        model.use_evidence = options.evidence > Evidence::Length;
        model.set_semantic(estimate_semantic(&src, &tgt, &flat0));
        if round == MAX_STEERING_ROUNDS {
            break;
        }
        match steer_by_meaning(&src, &tgt, &segments, &model, &path0, width) {
            Some((steered, now)) if now < astray => (path0, astray) = (steered, now),
            _ => break,
        }
    }

    // The middle pass only has to be right enough to train the lexicon on and estimate the
    // model from: half the width is enough for that, and the final pass searches the full
    // width around its result and corrects what it left.
    let middle = width.div_ceil(2);
    let path1 = refine_all(&src, &tgt, &segments, &model, &path0, middle, false);
    drop(path0);
    let path1: Vec<Vec<Step>> = path1
        .into_iter()
        .map(|p| p.into_iter().map(|(s, _)| s).collect())
        .collect();
    let flat1 = path1.concat();
    if options.evidence >= Evidence::Lexical {
        learn_lexicon(source, target, &mut src, &mut tgt, &flat1, options);
    }
    model.estimate(&src, &tgt, &flat1);
    model.use_evidence = options.evidence > Evidence::Length;
    model.set_semantic(estimate_semantic(&src, &tgt, &flat1));
    drop(flat1);

    let mut path2 = refine_all(&src, &tgt, &segments, &model, &path1, width, true);
    drop(path1);
    if let Some(encoder) = options.encoder
        && n + m > semantic::ENCODE_WHOLE_UP_TO
    {
        // A long input: encode where the alignment without the encoder has doubts, and align
        // again with the cosines there.
        let flat2: Vec<(Step, f64)> = path2.iter().flatten().copied().collect();
        let (rs, rt) = semantic::doubtful_stretches(&flat2, (n, m), semantic::MAX_RUN);
        if !rs.is_empty() && !rt.is_empty() {
            let (s, t) = rayon::join(
                || SemanticSide::sparse(encoder, &texts(source), &rs),
                || SemanticSide::sparse(encoder, &texts(target), &rt),
            );
            (src.semantic, tgt.semantic) = (Some(s), Some(t));
            let steps: Vec<Step> = flat2.iter().map(|(s, _)| *s).collect();
            model.set_semantic(estimate_semantic(&src, &tgt, &steps));
            if model.semantic().is_some() {
                let previous: Vec<Vec<Step>> = path2
                    .iter()
                    .map(|p| p.iter().map(|(s, _)| *s).collect())
                    .collect();
                path2 = refine_all(&src, &tgt, &segments, &model, &previous, width, true);
            }
        }
    }
    let path2: Vec<(Step, f64)> = path2.into_iter().flatten().collect();
    let anchors: std::collections::HashSet<(usize, usize)> =
        segments.iter().map(|(s, t)| (s.start, t.start)).collect();
    let unions = larger_shapes(&src, &tgt, &model, &path2, &anchors);
    settle_larger_shapes(path2, &unions)
}

/// Learns a word lexicon (IBM Model 1) from the 1-1 beads of `path` that sit among other 1-1
/// beads, adds the user's dictionary, and fills both sides' lexical channels from it.
fn learn_lexicon(
    source: &[Sentence],
    target: &[Sentence],
    src: &mut SideFeatures,
    tgt: &mut SideFeatures,
    flat1: &[Step],
    options: &AlignOptions,
) {
    let confident: Vec<&Step> = (0..flat1.len())
        .filter(|&k| {
            flat1[k].kind == 0
                && (k == 0 || flat1[k - 1].kind == 0)
                && (k + 1 == flat1.len() || flat1[k + 1].kind == 0)
        })
        .map(|k| &flat1[k])
        .collect();
    let training: Vec<(Vec<u32>, Vec<u32>)> = lexicon::training_sample(confident)
        .into_par_iter()
        .map(|s| {
            (
                features::word_keys(source[s.i].text),
                features::word_keys(target[s.j].text),
            )
        })
        .collect();
    let training: Vec<(&[u32], &[u32])> = training
        .iter()
        .map(|(s, t)| (s.as_slice(), t.as_slice()))
        .collect();
    let lexicon = Lexicon::train(&training, options.dictionary.as_deref());
    set_lexical(source, target, src, tgt, &lexicon);
    let (src_frequency, tgt_frequency) = (src.lexical_key_frequency(), tgt.lexical_key_frequency());
    src.split_rare_lexical(&tgt_frequency);
    tgt.split_rare_lexical(&src_frequency);
}

fn texts<'a>(side: &[Sentence<'a>]) -> Vec<&'a str> {
    side.iter().map(|s| s.text).collect()
}

/// The weight of the semantic channel estimated from `path`, when both sides have embeddings.
///
/// When the path's pairs do not show translations, the path moved by one sentence on either
/// side is tried as well: lengths that missed a sentence inserted or left out near the start
/// (a scripture's opening formula joined to the first verse) pair every sentence with its
/// neighbour's translation, and the channel that would put them right was refused. In a
/// 17-verse sura the verses' cosines were 0.28 on average with their translations and 0.09
/// with the next verse's, and the whole sura came out shifted, at 1.00.
fn estimate_semantic(
    src: &SideFeatures,
    tgt: &SideFeatures,
    path: &[Step],
) -> Option<SemanticWeight> {
    let (x, y) = (src.semantic.as_ref()?, tgt.semantic.as_ref()?);
    let estimate =
        |path: &[Step]| SemanticWeight::estimate((x, &src.lengths), (y, &tgt.lengths), path);
    estimate(path).or_else(|| {
        let (n, m) = (src.lengths.len(), tgt.lengths.len());
        [(0, 1), (1, 0)].into_iter().find_map(|(di, dj)| {
            let moved: Vec<Step> = path
                .iter()
                .filter(|s| s.a() > 0 && s.b() > 0)
                .filter(|s| s.i + s.a() + di <= n && s.j + s.b() + dj <= m)
                .map(|s| Step {
                    i: s.i + di,
                    j: s.j + dj,
                    kind: s.kind,
                })
                .collect();
            estimate(&moved)
        })
    })
}

/// The independent parts of the input: one per paragraph pair when both texts have as many
/// paragraphs and their lengths pair them in order, else the whole text.
///
/// Equal counts alone do not make the paragraphs each other's translations: the Universal
/// Declaration's Arabic has an adoption note that the English lacks and lacks a recital that
/// the English has, 92 paragraphs each, and pairing them by number forced 13 sentences of the
/// preamble apart (unit F1 through `build` 0.963, 0.990 without). So the paragraphs are first
/// aligned by their lengths alone, as sentences are, and they are anchors only when that
/// alignment pairs each with the one of the same number; otherwise paragraph starts are only
/// the model's evidence.
fn segments(
    (source, ls): (&[Sentence], &[f64]),
    (target, lt): (&[Sentence], &[f64]),
    anchors: bool,
) -> Vec<(Range<usize>, Range<usize>)> {
    fn blocks(side: &[Sentence]) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for (i, s) in side.iter().enumerate() {
            match out.last_mut() {
                Some(r) if side[r.end - 1].paragraph == s.paragraph => r.end = i + 1,
                _ => out.push(i..i + 1),
            }
        }
        out
    }
    let (bs, bt) = (blocks(source), blocks(target));
    let in_order = || {
        let total = |lengths: &[f64], blocks: &[Range<usize>]| -> Vec<f64> {
            blocks
                .iter()
                .map(|b| lengths[b.clone()].iter().sum())
                .collect()
        };
        let (ps, pt) = (total(ls, &bs), total(lt, &bt));
        length_path(&ps, &pt, &Model::for_lengths(&ps, &pt))
            .iter()
            .all(|(step, _)| (step.a(), step.b()) == (1, 1))
    };
    if anchors && bs.len() == bt.len() && bs.len() > 1 && in_order() {
        bs.into_iter().zip(bt).collect()
    } else {
        vec![(0..source.len(), 0..target.len())]
    }
}

fn offset(steps: Vec<(Step, f64)>, di: usize, dj: usize) -> Vec<Step> {
    steps
        .into_iter()
        .map(|(s, _)| Step {
            i: s.i + di,
            j: s.j + dj,
            kind: s.kind,
        })
        .collect()
}

/// Length-only alignment of two length sequences, coarse to fine.
fn length_path(ls: &[f64], lt: &[f64], model: &Model) -> Vec<(Step, f64)> {
    let (n, m) = (ls.len(), lt.len());
    let small = (n + 1).saturating_mul(m + 1) <= FULL_SEARCH_CORNERS;
    let band = if small || n < 2 * COARSE_FACTOR || m < 2 * COARSE_FACTOR {
        Band::full(n, m)
    } else {
        let coarsen =
            |l: &[f64]| -> Vec<f64> { l.chunks(COARSE_FACTOR).map(|c| c.iter().sum()).collect() };
        let coarse = length_path(&coarsen(ls), &coarsen(lt), model);
        let f = COARSE_FACTOR;
        let projected: Vec<_> = coarse
            .iter()
            .map(|(s, _)| {
                (
                    (s.i * f, s.j * f),
                    (((s.i + s.a()) * f).min(n), ((s.j + s.b()) * f).min(m)),
                )
            })
            .collect();
        // A coarse path can be a whole unit off where it is wrong at all; four units of slack
        // on each side keep the true path inside the band (two were not enough on a
        // million-sentence synthetic pair, where the fine path lost its way for 10,000 beads).
        Band::around(n, m, &projected, 4 * f)
    };
    length_in_band(&band, ls, lt, model)
}

/// The length-only alignment of `ls` with `lt` within `band`.
fn length_in_band(band: &Band, ls: &[f64], lt: &[f64], model: &Model) -> Vec<(Step, f64)> {
    // Lengths at this level have their own marginal law.
    let mut model = model.clone();
    let level = Model::for_lengths(ls, lt);
    model.marginal = level.marginal;
    let (ss, st) = (model.spans(0, ls), model.spans(1, lt));
    align_band(
        band,
        |i, j, k| {
            let (a, b) = BEAD_TYPES[k];
            if a == 0 || b == 0 {
                return model.log_prior[k];
            }
            model.score(k, &ss[i][a - 1], &st[j][b - 1], None, None)
        },
        false,
    )
}

/// The length-only `path` of each segment aligned again through the pairs that meaning makes
/// sure ([`semantic::anchors`]), where confirmed anchors lie outside the band of `width` that
/// the later passes search around it: lengths alone can lose their way by more than that band
/// recovers. With the number of anchors that lay outside; `None` when no segment needs it, or
/// without the encoder's laws.
fn steer_by_meaning(
    src: &SideFeatures,
    tgt: &SideFeatures,
    segments: &[(Range<usize>, Range<usize>)],
    model: &Model,
    path: &[Vec<Step>],
    width: usize,
) -> Option<(Vec<Vec<Step>>, usize)> {
    let (x, y, w) = (
        src.semantic.as_ref()?,
        tgt.semantic.as_ref()?,
        model.semantic()?,
    );
    let steered: Vec<(Option<Vec<Step>>, usize)> = segments
        .par_iter()
        .zip(path)
        .map(|((s, t), path)| {
            let anchors = semantic::anchors((x, y), w, path, (s.clone(), t.clone()));
            let band = Band::around(
                s.len(),
                t.len(),
                &local_spans(path, (s.start, t.start)),
                width,
            );
            let side = |i: usize, j: usize| band.side(i - s.start, j - t.start);
            let anchors = confirmed(&anchors, side);
            let astray = anchors.iter().filter(|&&(i, j)| side(i, j).is_ne()).count();
            let steered = (astray > 0).then(|| {
                let (ls, lt) = (&src.lengths[s.clone()], &tgt.lengths[t.clone()]);
                let corridor = anchor_corridor(&anchors, (s.start, t.start), (ls.len(), lt.len()));
                let band = Band::around(ls.len(), lt.len(), &corridor, ANCHOR_SLACK);
                offset(length_in_band(&band, ls, lt, model), s.start, t.start)
            });
            (steered, astray)
        })
        .collect();
    let astray = steered.iter().map(|(_, n)| n).sum();
    steered.iter().any(|(p, _)| p.is_some()).then(|| {
        let paths = steered
            .into_iter()
            .zip(path)
            .map(|((new, _), old)| new.unwrap_or_else(|| old.clone()))
            .collect();
        (paths, astray)
    })
}

/// The most times the first alignment is steered by meaning. It stops as soon as no anchor
/// strays, or when a round leaves as many astray as the one before: the corridor through the
/// anchors lets lengths pass beside an anchor they cannot reach (on Text+Berg, one after a
/// passage of 36 sentences that only the French has), and steering again changed nothing but
/// the estimates, all eight rounds (strict F1 0.900, against 0.905 after two).
const MAX_STEERING_ROUNDS: usize = 8;

/// How far, in sentences, the first alignment may stray from the stretches between semantic
/// anchors: an anchor is a sentence's nearest translation by meaning, which for a verse
/// rendered in several sentences may be any of them.
const ANCHOR_SLACK: usize = 2 * MAX_SIDE;

/// The `anchors` (a chain) without those that lie outside the band around the length path
/// (`side` tells which side) alone: one that strays is kept only when a neighbour in the
/// chain strays the same way. Lengths lose their way gradually, over a stretch, so a real
/// stray has company; a lone one is a sentence that resembles another far away (on Text+Berg,
/// one 43 sentences off, against 281 right of 284).
fn confirmed(
    anchors: &[(usize, usize)],
    side: impl Fn(usize, usize) -> std::cmp::Ordering,
) -> Vec<(usize, usize)> {
    let sides: Vec<_> = anchors.iter().map(|&(i, j)| side(i, j)).collect();
    (0..anchors.len())
        .filter(|&k| {
            sides[k].is_eq()
                || (k > 0 && sides[k - 1] == sides[k])
                || sides.get(k + 1) == Some(&sides[k])
        })
        .map(|k| anchors[k])
        .collect()
}

/// The stretches between consecutive `anchors` (global sentence numbers of a segment starting
/// at `(i0, j0)`, of `n × m` sentences), in the segment's own numbers: each from the corner
/// before one anchor to the corner after the next, so that every path through the anchors
/// stays inside.
fn anchor_corridor(
    anchors: &[(usize, usize)],
    (i0, j0): (usize, usize),
    (n, m): (usize, usize),
) -> Vec<dp::Span> {
    let mut corners = vec![(0, 0)];
    corners.extend(anchors.iter().map(|&(i, j)| (i - i0, j - j0)));
    corners.push((n, m));
    corners
        .windows(2)
        .map(|w| (w[0], ((w[1].0 + 1).min(n), (w[1].1 + 1).min(m))))
        .collect()
}

/// The evidence passes cut long segments into pieces of at least this many beads of the
/// previous path, so that pieces run in parallel and memory stays bounded. Cuts fall only in the middle of
/// runs of 1-1 beads, where the previous pass is all but certain.
const PIECE_BEADS: usize = 2_000;

/// Beads on each side of a cut that must all be 1-1.
const CUT_RUN: usize = 3;

/// Aligns every segment again in a band around `previous`, long segments cut at confident
/// points of `previous` first.
fn refine_all(
    src: &SideFeatures,
    tgt: &SideFeatures,
    segments: &[(Range<usize>, Range<usize>)],
    model: &Model,
    previous: &[Vec<Step>],
    width: usize,
    posteriors: bool,
) -> Vec<Vec<(Step, f64)>> {
    segments
        .iter()
        .zip(previous)
        .map(|((s, t), prev)| {
            pieces(prev, s.clone(), t.clone())
                .into_par_iter()
                .map(|(s, t, prev)| refine(src, tgt, s, t, model, prev, width, posteriors))
                .collect::<Vec<_>>()
                .concat()
        })
        .collect()
}

/// Cuts a segment and its path into pieces at corners surrounded by runs of 1-1 beads.
fn pieces(
    path: &[Step],
    s: Range<usize>,
    t: Range<usize>,
) -> Vec<(Range<usize>, Range<usize>, &[Step])> {
    let mut out = Vec::new();
    let (mut start, mut si, mut ti) = (0, s.start, t.start);
    let mut k = start + PIECE_BEADS;
    while k + CUT_RUN < path.len() {
        if path[k - CUT_RUN..k + CUT_RUN].iter().all(|st| st.kind == 0) {
            let (ci, cj) = (path[k].i, path[k].j);
            out.push((si..ci, ti..cj, &path[start..k]));
            (start, si, ti) = (k, ci, cj);
            k += PIECE_BEADS;
        } else {
            k += 1;
        }
    }
    out.push((si..s.end, ti..t.end, &path[start..]));
    out
}

/// The beads of `path` as spans in the numbers of a piece starting at `(s0, t0)`.
fn local_spans(path: &[Step], (s0, t0): (usize, usize)) -> Vec<dp::Span> {
    path.iter()
        .map(|p| ((p.i - s0, p.j - t0), (p.i - s0 + p.a(), p.j - t0 + p.b())))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn refine(
    src: &SideFeatures,
    tgt: &SideFeatures,
    s: Range<usize>,
    t: Range<usize>,
    model: &Model,
    previous: &[Step],
    width: usize,
    posteriors: bool,
) -> Vec<(Step, f64)> {
    let (n, m) = (s.len(), t.len());
    let (s0, t0) = (s.start, t.start);
    let mut corners = local_spans(previous, (s0, t0));
    corners.extend(run_slack(previous, (s0, t0), (n, m)));
    let band = Band::around(n, m, &corners, width);
    // Lengths and their marginal densities of this piece only, indexed from its start.
    let (src_spans, tgt_spans) = (
        model.spans(0, &src.lengths[s.clone()]),
        model.spans(1, &tgt.lengths[t.clone()]),
    );
    // Item counts per sentence, `[direction * CHANNELS + channel]` as the score wants them:
    // direction 0 counts target items, direction 1 source items.
    let item_counts = |side: &SideFeatures, range: Range<usize>| -> Vec<[u32; CHANNELS]> {
        range.map(|i| side.items(i).map(u32::from)).collect()
    };
    let (src_items, tgt_items) = (item_counts(src, s.clone()), item_counts(tgt, t.clone()));
    let store: Vec<PairCounts> = (0..=n)
        .into_par_iter()
        .flat_map_iter(|i| {
            let band = &band;
            band.row(i).map(move |j| {
                if i < n && j < m {
                    pair_counts(src, tgt, s0 + i, t0 + j)
                } else {
                    [0; 2 * CHANNELS]
                }
            })
        })
        .collect();
    let score = |i: usize, j: usize, k: usize| -> f64 {
        let (a, b) = BEAD_TYPES[k];
        if a == 0 || b == 0 {
            return model.log_prior[k];
        }
        let mut hits = [0u32; 2 * CHANNELS];
        for ii in i..i + a {
            for jj in j..j + b {
                if let Some(x) = band.index(ii, jj) {
                    for (h, &c) in hits.iter_mut().zip(&store[x]) {
                        *h += u32::from(c);
                    }
                }
            }
        }
        let mut items = [0u32; 2 * CHANNELS];
        for x in &tgt_items[j..j + b] {
            for c in 0..CHANNELS {
                items[c] += x[c];
            }
        }
        for x in &src_items[i..i + a] {
            for c in 0..CHANNELS {
                items[CHANNELS + c] += x[c];
            }
        }
        let starts =
            usize::from(src.paragraph_start[s0 + i]) * 2 + usize::from(tgt.paragraph_start[t0 + j]);
        model.score(
            k,
            &src_spans[i][a - 1],
            &tgt_spans[j][b - 1],
            Some(BeadEvidence {
                hits: &hits,
                items: &items,
                starts,
            }),
            model.cosines((src, s0 + i, a), (tgt, t0 + j, b)),
        )
    };
    // Scaling every score leaves the best path as it is and changes only the posteriors.
    let temper = if src.semantic.is_some() {
        SEMANTIC_TEMPER
    } else {
        1.0
    };
    align_band(&band, |i, j, k| temper * score(i, j, k), posteriors)
        .into_iter()
        .map(|(st, p)| {
            (
                Step {
                    i: st.i + s0,
                    j: st.j + t0,
                    kind: st.kind,
                },
                p,
            )
        })
        .collect()
}

/// The power to which a bead's likelihood ratio is raised for its posterior when the encoder's
/// cosines are evidence. The channels are scored as independent, but the cosine, the lexicon,
/// the cognates and the numbers largely see the same fact (these sentences say the same thing),
/// so their summed log-likelihood ratio overstates the evidence several times over, and every
/// bead came out sure. 0.25 was chosen on the three development sets (`bench/ablation.py`):
/// it makes the beads at confidence 0.99 or more right 100 % of the time on both Arabic-English
/// sets (94 % on the noisier Text+Berg set, against 90 % untempered) with the lowest Brier score
/// of the values tried (1, 0.5, 0.3, 0.25, 0.2, 0.15). Without the encoder the channels were
/// calibrated as they are.
///
/// It applies wherever the encoder read the text, also where the cosines were refused as
/// evidence: they are refused where they do not show translations (an eight-verse sura in an
/// archaic translation, 0.31 against 0.20 for unrelated pairs), and the lengths and lexicon of
/// so short a text had paired every verse with the next one's translation at 1.00. Over the 114
/// chapters of that translation, 8 of 266 beads at 0.99 or more were wrong; tempered, 1 of
/// 188, with every bead as it was.
const SEMANTIC_TEMPER: f64 = 0.25;

/// Extra band spans around the runs of unpaired sentences in `previous`: a piece's path in
/// global sentence numbers from corner `(s0, t0)`, returned in the piece's own numbers, within
/// its `n × m` lattice. A run of `r` unpaired sentences, on either
/// side or both, may be an insertion or omission that the previous pass put in the wrong
/// place: a length-only pass cannot tell a block of captions inserted here from one inserted a
/// few sentences later, and the sentences it paired with the captions instead then sit up to
/// `r` sentences from their translations, beyond the band's width. So the band opens `r`
/// sentences around every run.
fn run_slack(previous: &[Step], (s0, t0): (usize, usize), (n, m): (usize, usize)) -> Vec<dp::Span> {
    let mut out = Vec::new();
    let mut k = 0;
    let unpaired = |s: &Step| s.a() == 0 || s.b() == 0;
    while k < previous.len() {
        let start = k;
        let kind = unpaired(&previous[k]);
        while k < previous.len() && unpaired(&previous[k]) == kind {
            k += 1;
        }
        let (first, last) = (&previous[start], &previous[k - 1]);
        let r = (k - start).min(MAX_RUN_SLACK);
        if kind && r >= 2 {
            let (i, j) = (first.i - s0, first.j - t0);
            let (i2, j2) = (last.i - s0 + last.a(), last.j - t0 + last.b());
            out.push((
                (i.saturating_sub(r), j.saturating_sub(r)),
                ((i2 + r).min(n), (j2 + r).min(m)),
            ));
        }
    }
    out
}

/// The most slack a run of unpaired sentences opens. Every unpaired sentence adds at most this
/// many corners on each side to the band, so the cost stays linear in the text whatever it
/// holds; an insertion longer than this is found when the length pass places it.
const MAX_RUN_SLACK: usize = 64;

/// The full score of `a` source sentences from `i` and `b` target sentences from `j` as one
/// bead, less its prior, for any shape. Items are counted covered once however many sentences
/// of the other side cover them, so that shapes of different sizes compare fairly.
fn bead_llr(
    src: &SideFeatures,
    tgt: &SideFeatures,
    model: &Model,
    (i, j): (usize, usize),
    (a, b): (usize, usize),
) -> f64 {
    let mut hits = [0u32; 2 * CHANNELS];
    let mut items = [0u32; 2 * CHANNELS];
    for c in 0..CHANNELS {
        for jj in j..j + b {
            hits[c] += tgt.covered_by_any(c, jj, src, i..i + a);
            items[c] += u32::from(tgt.items(jj)[c]);
        }
        for ii in i..i + a {
            hits[CHANNELS + c] += src.covered_by_any(c, ii, tgt, j..j + b);
            items[CHANNELS + c] += u32::from(src.items(ii)[c]);
        }
    }
    let starts = usize::from(src.paragraph_start[i]) * 2 + usize::from(tgt.paragraph_start[j]);
    model.pair_llr(
        a,
        b,
        &model.span_stat(0, &src.lengths[i..i + a]),
        &model.span_stat(1, &tgt.lengths[j..j + b]),
        Some(BeadEvidence {
            hits: &hits,
            items: &items,
            starts,
        }),
        model.cosines((src, i, a), (tgt, j, b)),
    )
}

/// Neighbouring beads that may be parts of one larger bead of a shape the model does not have
/// (2-3, 1-5, 3-3 ...). Within the model such a bead is certain, because no alternative
/// explains its sentences; but a translation that merges four sentences into one shows up as a
/// 1-3 bead and a 0-1 bead that both look sure.
///
/// For a run of beads whose union is such a shape, the union is scored as a bead and the
/// boundaries inside it hold with the probability the two-way choice gives them,
/// `σ(score(parts) − score(union))`. An unmodelled shape is taken to be as likely as the rarest
/// of the model's many-to-many types of up to three sentences a side (the 1-4 and 4-1 types are
/// rarer still, and only there with the encoder). Paragraph anchors always hold.
///
/// Where the cosines across the boundary between two paired beads are known, that boundary,
/// between 1-1 beads too, holds instead with the probability of [`split_margin`]. Scoring the
/// union as one bead counts the evidence of each part once more in the parts' favour, so that
/// a boundary the translator did not keep looked as sure as any other: on Text+Berg 7 of the
/// 181 beads at 0.99 and above were wrong, and 2 of 121 are with the split margin.
fn larger_shapes(
    src: &SideFeatures,
    tgt: &SideFeatures,
    model: &Model,
    path: &[(Step, f64)],
    anchors: &std::collections::HashSet<(usize, usize)>,
) -> Vec<Union> {
    let rarest = model.rarest_prior();
    let score = |s: &Step| -> f64 {
        let (a, b) = (s.a(), s.b());
        if a == 0 || b == 0 {
            model.log_prior[s.kind]
        } else {
            model.log_prior[s.kind] + bead_llr(src, tgt, model, (s.i, s.j), (a, b))
        }
    };
    // Unions of two neighbouring beads, and of a bead with up to `MAX_NULL_RUN` unpaired
    // sentences next to it (a five-sentence translation of one sentence leaves a 1-3 bead and
    // a run of 0-1 beads).
    (0..path.len())
        .into_par_iter()
        .flat_map_iter(|k| {
            (2..=MAX_NULL_RUN + 1).filter_map(move |len| {
                let run = path.get(k..k + len)?;
                let paired = run.iter().filter(|(s, _)| s.a() > 0 && s.b() > 0).count();
                if len > 2 && paired != 1 {
                    return None;
                }
                let shape = run
                    .iter()
                    .fold((0, 0), |(a, b), (s, _)| (a + s.a(), b + s.b()));
                let modelled = model.has_shape(shape);
                if (modelled && paired != 2)
                    || shape.0 == 0
                    || shape.1 == 0
                    || run[1..].iter().any(|(s, _)| anchors.contains(&(s.i, s.j)))
                {
                    return None;
                }
                let (x, _) = run[0];
                let across = if paired == 2 {
                    crossing(src, tgt, model, (x, run[1].0))
                } else {
                    None
                };
                let margin = match across {
                    Some(across) => split_margin(src, tgt, model, (x, run[1].0), across),
                    // A modelled shape was the aligner's own choice to make.
                    None if modelled => return None,
                    None => {
                        let merged = rarest + bead_llr(src, tgt, model, (x.i, x.j), shape);
                        run.iter().map(|(s, _)| score(s)).sum::<f64>() - merged
                    }
                };
                Some(Union {
                    first: k,
                    len,
                    hold: sigmoid(margin),
                })
            })
        })
        .collect()
}

/// The logistic function: the probability of the first of two readings whose log odds are
/// `x`.
fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The evidence of content crossing the boundary between neighbouring paired beads `x` and
/// `y`, from the cosines across it ([`SemanticWeight::crossing_llr`]) and, once the evidence
/// channels are on, the names and numbers only the other bead covers ([`crossing_items`]);
/// `None` where the model has no laws for the cosines or the sentences were not encoded. Where
/// both texts end a block there ([`model::kept_block_break`]), only evidence against content
/// crossing counts.
fn crossing(
    src: &SideFeatures,
    tgt: &SideFeatures,
    model: &Model,
    (x, y): (Step, Step),
) -> Option<f64> {
    let w = model.semantic()?;
    w.part.as_ref()?;
    let across = semantic::across(
        (src.semantic.as_ref()?, &src.lengths),
        (x.i, x.a() + y.a()),
        (tgt.semantic.as_ref()?, &tgt.lengths),
        (x.j, x.b() + y.b()),
        (y.i, y.j),
    )?;
    let kept = model::kept_block_break(src, tgt, (y.i, y.j));
    let items = if model.use_evidence && !kept {
        crossing_items(src, tgt, model, (x, y))
    } else {
        0.0
    };
    Some(w.crossing_llr(across, kept) + items)
}

/// How much likelier the boundary between neighbouring paired beads `x` and `y` is than one
/// bead of their union, in nats, given `across`, the evidence of content crossing it.
///
/// The union is taken to keep the structure of its parts, with content that crosses their
/// boundary: a translator who moves a clause into the next sentence still translates the
/// rest sentence by sentence. The evidence of each part's own sentences is then explained
/// alike by both readings, and only what differs is weighed: the priors, the lengths (a moved
/// clause makes each part's lengths disagree and the union's agree), the second bead's
/// paragraph pattern, and the crossing. An unmodelled shape's prior falls with each sentence
/// past four at the rate at which the model's own 2-2 prior falls below its 1-1 prior.
fn split_margin(
    src: &SideFeatures,
    tgt: &SideFeatures,
    model: &Model,
    (x, y): (Step, Step),
    across: f64,
) -> f64 {
    let shape = (x.a() + y.a(), x.b() + y.b());
    let prior = model.prior_of(shape).unwrap_or_else(|| {
        let per_sentence =
            (model.prior_of((2, 2)).unwrap_or(0.0) - model.prior_of((1, 1)).unwrap_or(0.0)) / 2.0;
        model.rarest_prior() + per_sentence * (shape.0 + shape.1).saturating_sub(4) as f64
    });
    let length = |i: usize, a: usize, j: usize, b: usize| {
        model.length_score(
            &model.span_stat(0, &src.lengths[i..i + a]),
            &model.span_stat(1, &tgt.lengths[j..j + b]),
        )
    };
    let mut margin = model.log_prior[x.kind] + model.log_prior[y.kind] - prior
        + length(x.i, x.a(), x.j, x.b())
        + length(y.i, y.a(), y.j, y.b())
        - length(x.i, shape.0, x.j, shape.1)
        - across;
    if model.use_evidence {
        margin += model.paragraph
            [usize::from(src.paragraph_start[y.i]) * 2 + usize::from(tgt.paragraph_start[y.j])];
    }
    margin
}

/// The channels whose items name one thing: numbers, names and cognates. A clause that moves
/// across a boundary takes them with it, while the words of the lexicon learned from the text
/// and punctuation recur in neighbouring sentences about the same matter: counted across the
/// boundary too, they merged right beads (Text+Berg strict F1 0.866 without crossing items,
/// 0.856 with all channels, 0.871 with the lexicon added to these three, 0.889 with
/// punctuation, 0.893 with these three).
const NAMING_CHANNELS: [usize; 3] = [NUMBERS, COGNATES, TRANSLITERATION];

/// The evidence for one bead of the union of neighbouring paired beads `x` and `y` from the
/// items of [`NAMING_CHANNELS`] that moved across their boundary (a team's leader named in the
/// French of the first sentence and in the German of the second): a miss in the parts and a
/// hit in the union, on both sides.
///
/// An item moved only when it is missing from its own bead on both sides: the source of one
/// bead and the target of the other each have an item that only the other covers. One side
/// alone is a name that recurs, as a text goes on about the same place: a French sentence
/// naming the Gasherbrum before its German does, while the next German sentence names it with
/// its own French. Counted from one side, recurring names merged three pairs of right 1-1
/// beads on Text+Berg, one of them with 11.8 nats.
///
/// Hits and misses are weighed by each span's covering size ([`model::SpanStat::covering`]),
/// as in a bead's score. Weighed by sentence counts, a list entry cut after the leader's initial
/// (`Leiter Ch .` | `Evans , Gipfelmannschaften ...`, the French cut after his name) counted
/// its moved name as a chance hit of a two-sentence union and stayed two wrong 1-1 beads
/// (Text+Berg strict F1 0.905; 0.908 with covering sizes, every other set unchanged).
fn crossing_items(
    src: &SideFeatures,
    tgt: &SideFeatures,
    model: &Model,
    (x, y): (Step, Step),
) -> f64 {
    let (sx, sy) = (x.i..x.i + x.a(), y.i..y.i + y.a());
    let (tx, ty) = (x.j..x.j + x.b(), y.j..y.j + y.b());
    // The covering sizes of each bead's sides and of the union's, source then target.
    let cover = |side: &SideFeatures, k: usize, r: &Range<usize>| {
        model.span_stat(k, &side.lengths[r.clone()]).covering
    };
    let [src_x, src_y, src_union] = [&sx, &sy, &(x.i..y.i + y.a())].map(|r| cover(src, 0, r));
    let [tgt_x, tgt_y, tgt_union] = [&tx, &ty, &(x.j..y.j + y.b())].map(|r| cover(tgt, 1, r));
    // Items of `this` side's `sentences` that the other side's `across` part covers and its
    // `own` part does not.
    let orphans = |c: usize,
                   (this, other): (&SideFeatures, &SideFeatures),
                   sentences: Range<usize>,
                   own: Range<usize>,
                   across: Range<usize>|
     -> u32 {
        let union = own.start.min(across.start)..own.end.max(across.end);
        sentences
            .map(|k| {
                this.covered_by_any(c, k, other, union.clone())
                    .saturating_sub(this.covered_by_any(c, k, other, own.clone()))
            })
            .sum()
    };
    let mut llr = 0.0;
    for c in NAMING_CHANNELS {
        // Direction 0: target items covered by source sentences; 1: the reverse.
        let [to_target, to_source] = model.channels[c];
        let (hit_target, hit_source) = (to_target.at(src_union).0, to_source.at(tgt_union).0);
        let (miss_sx, miss_sy) = (to_target.at(src_x).1, to_target.at(src_y).1);
        let (miss_tx, miss_ty) = (to_source.at(tgt_x).1, to_source.at(tgt_y).1);
        // Content in the source of `y` and the target of `x`, and the reverse.
        let forward = orphans(c, (tgt, src), tx.clone(), sx.clone(), sy.clone()).min(orphans(
            c,
            (src, tgt),
            sy.clone(),
            ty.clone(),
            tx.clone(),
        ));
        let backward = orphans(c, (src, tgt), sx.clone(), tx.clone(), ty.clone()).min(orphans(
            c,
            (tgt, src),
            ty.clone(),
            sy.clone(),
            sx.clone(),
        ));
        llr += f64::from(forward) * (hit_target - miss_sx + hit_source - miss_ty);
        llr += f64::from(backward) * (hit_source - miss_tx + hit_target - miss_sy);
    }
    llr
}

/// A run of neighbouring beads of the path that may be one bead.
#[derive(Debug, Clone, Copy)]
struct Union {
    /// Index of the run's first bead.
    first: usize,
    /// Number of beads in the run.
    len: usize,
    /// Probability that the boundaries inside the run hold, against the run being one bead.
    hold: f64,
}

/// The final beads: each bead's confidence is lowered by every union that it may belong to
/// (times the probability that the boundaries hold), and the unions worth more than their parts
/// become single beads, likeliest first, where they do not overlap a likelier one. A run of
/// `len` beads is worth `len` right beads when its boundaries hold and the union one right bead
/// when they do not, so merging pays off in expected right beads when `1 - hold > len * hold`.
/// A merged bead's confidence is the probability of the union against its parts times the
/// lowest posterior of its parts: the union is right only if its outer ends are, and the model
/// is no surer of those than of its parts (on Text+Berg, three unions at 1.00 were wrong at
/// their ends).
fn settle_larger_shapes(path: Vec<(Step, f64)>, unions: &[Union]) -> Vec<Bead> {
    let posterior: Vec<f64> = path.iter().map(|(_, p)| *p).collect();
    let mut beads: Vec<Bead> = path
        .into_iter()
        .map(|(s, p)| Bead {
            source: s.i..s.i + s.a(),
            target: s.j..s.j + s.b(),
            confidence: p,
        })
        .collect();
    for u in unions {
        for bead in &mut beads[u.first..u.first + u.len] {
            bead.confidence *= u.hold;
        }
    }
    let mut likely: Vec<&Union> = unions
        .iter()
        .filter(|u| 1.0 - u.hold > u.len as f64 * u.hold)
        .collect();
    likely.sort_by(|x, y| x.hold.total_cmp(&y.hold));
    // The chosen unions, by first bead; `taken` marks the beads they cover.
    let mut taken = vec![false; beads.len()];
    let mut chosen: Vec<&Union> = Vec::new();
    for u in likely {
        let run = &mut taken[u.first..u.first + u.len];
        if !run.iter().any(|&t| t) {
            run.fill(true);
            chosen.push(u);
        }
    }
    drop(taken);
    chosen.sort_by_key(|u| u.first);
    // Merge in place: beads only ever shrink in number, so the write position never passes
    // the read position.
    let (mut write, mut read) = (0, 0);
    let mut next = chosen.into_iter().peekable();
    while read < beads.len() {
        let merged = match next.next_if(|u| u.first == read) {
            Some(u) => {
                let last = &beads[read + u.len - 1];
                let bead = Bead {
                    source: beads[read].source.start..last.source.end,
                    target: beads[read].target.start..last.target.end,
                    confidence: (1.0 - u.hold)
                        * posterior[read..read + u.len]
                            .iter()
                            .copied()
                            .fold(1.0, f64::min),
                };
                read += u.len;
                bead
            }
            None => {
                read += 1;
                beads[read - 1].clone()
            }
        };
        beads[write] = merged;
        write += 1;
    }
    beads.truncate(write);
    beads
}

/// Longest run of unpaired sentences that [`larger_shapes`] considers part of a larger
/// bead with its paired neighbour: with the 1-4 and 4-1 types, runs of six make beads of up to
/// ten sentences a side. Scripture translates a long verse in up to eighteen sentences (110
/// of the Qur'an's 6,236 verses in five or more); runs of two, which allowed 1-5 and 1-6 beads,
/// left the rest as a 1-4 bead and a run of insertions.
const MAX_NULL_RUN: usize = 6;

/// Fills the lexical channel from `lexicon`: a sentence offers the translations of its words and
/// asks for those of its words that some word of the other language offers.
fn set_lexical(
    source: &[Sentence],
    target: &[Sentence],
    src: &mut SideFeatures,
    tgt: &mut SideFeatures,
    lexicon: &Lexicon,
) {
    use std::collections::HashSet;
    type FastSet = HashSet<u32, std::hash::BuildHasherDefault<lexicon::MixHasher>>;
    let offered_target: FastSet = lexicon.forward.0.values().flatten().copied().collect();
    let offered_source: FastSet = lexicon.backward.0.values().flatten().copied().collect();
    src.set_lexical(
        source,
        |w| lexicon.forward.offers(w),
        |w| offered_source.contains(&w),
    );
    tgt.set_lexical(
        target,
        |w| lexicon.backward.offers(w),
        |w| offered_target.contains(&w),
    );
}

/// Sentences joined into the text of one side of a bead: with one space, as a 2-1 pair is
/// written into a memory.
pub fn join_sentences<'a>(sentences: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, s) in sentences.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(s);
    }
    out
}

/// The path of a file of the alignment test data, `tests/data/align/{name}`.
#[cfg(test)]
fn test_data_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/align")
        .join(name)
}

/// The text of a file of the alignment test data.
#[cfg(test)]
fn test_data(name: &str) -> String {
    std::fs::read_to_string(test_data_path(name)).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(i: usize, j: usize, shape: (usize, usize)) -> Step {
        let kind = BEAD_TYPES.iter().position(|&t| t == shape).expect("a type");
        Step { i, j, kind }
    }

    /// A length path shifted by one sentence pairs every sentence with its neighbour's
    /// translation; the laws of the cosines are still found, from the path moved back.
    #[test]
    fn the_semantic_laws_are_found_from_a_path_shifted_by_one() {
        let read = |ext: &str| test_data(&format!("ar-en-vowelled/litany.{ext}"));
        let (ar, en) = (read("ar"), read("en"));
        let side = |text: &str, lang: &str| {
            let sentences: Vec<Sentence> = text
                .lines()
                .map(|text| Sentence { text, paragraph: 0 })
                .collect();
            let mut features = SideFeatures::new(&sentences, lang);
            let texts: Vec<&str> = text.lines().collect();
            features.semantic = Some(SemanticSide::new(Encoder::bundled().unwrap(), &texts));
            features
        };
        let (src, tgt) = (side(&ar, "ar"), side(&en, "en"));
        let n = ar.lines().count();
        let right: Vec<Step> = (0..n).map(|i| step(i, i, (1, 1))).collect();
        let shifted: Vec<Step> = (0..n - 1).map(|i| step(i, i + 1, (1, 1))).collect();
        let truth = estimate_semantic(&src, &tgt, &right).expect("laws from the right path");
        assert!(
            SemanticWeight::estimate(
                (src.semantic.as_ref().unwrap(), &src.lengths),
                (tgt.semantic.as_ref().unwrap(), &tgt.lengths),
                &shifted,
            )
            .is_none(),
            "the shifted path's own pairs show no translations"
        );
        let found = estimate_semantic(&src, &tgt, &shifted).expect("laws from the moved path");
        assert!(
            (found.mu1 - truth.mu1).abs() < 0.05,
            "{found:?} against {truth:?}"
        );
    }

    #[test]
    fn a_stray_anchor_needs_a_neighbour_straying_the_same_way() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        // The length path's band holds columns i - 2 ..= i + 2 of row i.
        let side = |i: usize, j: usize| {
            if j + 2 < i {
                Less
            } else if j > i + 2 {
                Greater
            } else {
                Equal
            }
        };
        let anchors = [
            (0, 0),
            (5, 30),
            (10, 10),
            (20, 40),
            (21, 41),
            (30, 25),
            (40, 30),
        ];
        // (5, 30) strays alone; (20, 40) and (21, 41) together; (30, 25) and (40, 30) stray to
        // the other side together.
        assert_eq!(
            confirmed(&anchors, side),
            vec![(0, 0), (10, 10), (20, 40), (21, 41), (30, 25), (40, 30)]
        );
        // The corridor runs from corner to corner through every anchor.
        let corridor = anchor_corridor(&[(12, 15), (20, 40)], (10, 10), (30, 40));
        assert_eq!(
            corridor,
            vec![((0, 0), (3, 6)), ((2, 5), (11, 31)), ((10, 30), (30, 40))]
        );
    }

    /// The features of `text`, one sentence an item, in one paragraph.
    fn side(text: &[&'static str], lang: &str) -> SideFeatures {
        let sentences: Vec<Sentence> = text
            .iter()
            .map(|&text| Sentence { text, paragraph: 0 })
            .collect();
        SideFeatures::new(&sentences, lang)
    }

    /// A name moved across a boundary is missing from its own bead on both sides; a name that
    /// recurs is missing on one side only, and says nothing for one bead.
    #[test]
    fn only_a_name_missing_on_both_sides_crossed_the_boundary() {
        let mut model = Model::for_lengths(&[10.0, 10.0], &[10.0, 10.0]);
        model.channels[features::COGNATES] = [model::ChannelWeight::new(0.6, 0.1); 2];
        let (x, y) = (step(0, 0, (1, 1)), step(1, 1, (1, 1)));
        // Hartog leads the French of the first sentence and the German of the second.
        let moved = crossing_items(
            &side(
                &[
                    "Die Expedition erreichte das Lager.",
                    "Dort wartete Hartog.",
                ],
                "de",
            ),
            &side(
                &[
                    "Hartog et l'expédition atteignirent le camp.",
                    "Il attendait là.",
                ],
                "fr",
            ),
            &model,
            (x, y),
        );
        assert!(moved > 1.0, "{moved}");
        // The French names the Gasherbrum a sentence early; the next German sentence names it
        // with its own French.
        let recurring = crossing_items(
            &side(
                &[
                    "Die Expedition erreichte das Lager.",
                    "Darüber stand Gasherbrum.",
                ],
                "de",
            ),
            &side(
                &[
                    "L'expédition atteignit le camp du Gasherbrum.",
                    "Le Gasherbrum dominait.",
                ],
                "fr",
            ),
            &model,
            (x, y),
        );
        assert_eq!(recurring, 0.0);
    }

    /// A name moved out of a fragment says more than one moved out of a whole sentence: the
    /// union of a sentence and a fragment offers barely more keys for chance hits than the
    /// sentence alone.
    #[test]
    fn a_name_moved_with_a_fragment_weighs_more_than_with_a_sentence() {
        let mut model = Model::for_lengths(&[60.0, 60.0], &[60.0, 60.0]);
        model.channels[features::COGNATES] = [model::ChannelWeight::new(0.6, 0.1); 2];
        let (x, y) = (step(0, 0, (1, 1)), step(1, 1, (1, 1)));
        let french = side(
            &[
                "Septième sommet, environ huit mille mètres, chef Charles Evans ;",
                "équipes du sommet Band et Brown.",
            ],
            "fr",
        );
        let moved = |second: &'static str| {
            crossing_items(
                &side(
                    &[
                        "Siebter Gipfel, etwa achttausend Meter, Leiter Charles",
                        second,
                    ],
                    "de",
                ),
                &french,
                &model,
                (x, y),
            )
        };
        let fragment = moved("Evans, Gipfelmannschaften Band und Brown.");
        let sentence = moved(
            "Evans, die Gipfelmannschaften waren Band und Brown, die nach langen Wochen im \
             Lager endlich aufbrachen.",
        );
        assert!(sentence > 0.0, "{sentence}");
        assert!(fragment > sentence + 0.1, "{fragment} against {sentence}");
    }

    #[test]
    fn a_union_is_no_surer_than_its_least_sure_part() {
        // A 1-0, a 1-3 and a 1-0 whose union, a 3-3 bead, is far likelier than the parts
        // kept apart, but whose parts the model doubted.
        let path = vec![
            (step(0, 0, (1, 1)), 1.0),
            (step(1, 1, (1, 0)), 0.84),
            (step(2, 1, (1, 3)), 0.82),
            (step(3, 4, (1, 0)), 0.85),
            (step(4, 4, (1, 1)), 1.0),
        ];
        let unions = [Union {
            first: 1,
            len: 3,
            hold: 1e-7,
        }];
        let beads = settle_larger_shapes(path, &unions);
        assert_eq!(beads.len(), 3);
        assert_eq!(
            (beads[1].source.clone(), beads[1].target.clone()),
            (1..4, 1..4)
        );
        assert!((beads[1].confidence - 0.82).abs() < 1e-6, "{:?}", beads[1]);
        // The beads outside the union keep their posteriors.
        assert_eq!(beads[0].confidence, 1.0);
        assert_eq!(beads[2].confidence, 1.0);
    }
}
