//! Semantic evidence: how close in meaning a span of source sentences is to a span of target
//! sentences, by the cosine of their embeddings from the multilingual sentence encoder
//! ([`crate::encoder`]).
//!
//! Every sentence is encoded once. The embedding of a run of two to four sentences (one side
//! of a 1-2, 2-2, 1-3 or 1-4 bead) comes from the encoder's pooled token sums of its sentences, not
//! from encoding the joined text again. Embeddings are kept as 8-bit integers with a scale per
//! row: a quarter of the memory of `f32`, with a cosine error near 0.001, far below the spread
//! of the cosines that tell pairs apart.
//!
//! The cosine is weighed like the other evidence, as a log-likelihood ratio of "these spans
//! translate each other" against "they are unrelated", with both laws estimated from the input
//! itself ([`SemanticWeight::estimate`]). A bead with two or more sentences on a side is also
//! asked whether each of them belongs: a sentence that the translation leaves out, joined to its
//! neighbour's bead, hardly moves the cosine of the two sides, but its own cosine with the other
//! side is that of a neighbour's sentence ([`PartLaws`]). What this module does not do: decide
//! the languages the encoder is used for (the caller does, see
//! [`crate::encoder::Encoder::covers`]).

use std::ops::Range;

use rayon::prelude::*;

use super::model::Step;
use crate::encoder::{self, DIM, Encoder};
use crate::similarity::{self, NormalLaw};

/// Longest run of sentences whose embedding is kept: the largest side of the model's bead types.
pub(crate) const MAX_RUN: usize = super::model::MAX_SIDE;

/// Sentences encoded at a time, of a whole text or of the doubtful stretches of a long one
/// together: enough that the encoder's head works on full blocks, few enough that a chunk's
/// token features and `f32` embeddings stay small while only the 8-bit copies of all are kept
/// (at 8,192 a 100k-sentence pair peaked at 811 MB instead of 384).
const ENCODE_CHUNK: usize = 1_024;

/// Embeddings of runs of 8-bit rows, one row per first sentence.
#[derive(Debug, Clone, Default)]
struct Rows {
    data: Vec<i8>,
    scale: Vec<f32>,
}

impl Rows {
    fn push(&mut self, row: &[f32]) {
        let top = row.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let scale = if top > 0.0 { top / 127.0 } else { 1.0 };
        self.data.extend(
            row.iter()
                .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8),
        );
        self.scale.push(scale);
    }

    fn len(&self) -> usize {
        self.scale.len()
    }

    #[inline]
    fn row(&self, i: usize) -> &[i8] {
        &self.data[i * DIM..(i + 1) * DIM]
    }
}

/// Dot product of two 8-bit rows, in blocks that the compiler turns into vector multiplies.
#[inline]
fn dot(a: &[i8], b: &[i8]) -> i32 {
    a.chunks_exact(32)
        .zip(b.chunks_exact(32))
        .map(|(x, y)| {
            x.iter()
                .zip(y)
                .map(|(&p, &q)| i32::from(p) * i32::from(q))
                .sum::<i32>()
        })
        .sum()
}

/// Most parts a bead's cosines keep: two beads of the model's largest shapes joined (8-2).
const MAX_PARTS: usize = 10;

/// The cosines of a bead that its semantic evidence weighs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BeadCosines {
    /// The cosine of the bead's two sides.
    pub whole: f64,
    /// For each sentence of a side of two or more: its cosine with the whole other side, and
    /// its share of its side's length.
    parts: [(f32, f32); MAX_PARTS],
    n_parts: usize,
    /// For a 2-2 bead, the cosines across the boundary between its two 1-1 halves
    /// ([`across`]).
    across: Option<[(f32, f32); 2]>,
    /// Whether both texts end a block at that boundary: then the cosines across it can only
    /// speak against the bead.
    pub(crate) kept_break: bool,
}

impl BeadCosines {
    /// The cosines of `a` sentences of `x` from `i` and `b` sentences of `y` from `j`, whose
    /// lengths are `lx` and `ly`, those of the parts only when `with_parts`; `None` unless all
    /// were encoded.
    pub fn new(
        (x, lx): (&SemanticSide, &[f64]),
        (i, a): (usize, usize),
        (y, ly): (&SemanticSide, &[f64]),
        (j, b): (usize, usize),
        with_parts: bool,
    ) -> Option<BeadCosines> {
        let mut out = BeadCosines {
            whole: x.cosine(i, a, y, j, b)?,
            parts: [(0.0, 0.0); MAX_PARTS],
            n_parts: 0,
            across: None,
            kept_break: false,
        };
        if !with_parts {
            return Some(out);
        }
        for (c, share) in parts((x, lx), (i, a), (y, ly), (j, b)).take(MAX_PARTS) {
            out.parts[out.n_parts] = (c? as f32, share as f32);
            out.n_parts += 1;
        }
        if a == 2 && b == 2 {
            out.across = Some(across((x, lx), (i, a), (y, ly), (j, b), (i + 1, j + 1))?);
        }
        Some(out)
    }

    fn parts(&self) -> &[(f32, f32)] {
        &self.parts[..self.n_parts]
    }
}

/// The sentences of each side of two or more of a bead of `a` sentences of `x` from `i` and
/// `b` of `y` from `j`: each one's cosine with the whole other side (`None` when not encoded),
/// and its share of its side's length (`lx`, `ly`: the sentence lengths).
fn parts<'a>(
    (x, lx): (&'a SemanticSide, &'a [f64]),
    (i, a): (usize, usize),
    (y, ly): (&'a SemanticSide, &'a [f64]),
    (j, b): (usize, usize),
) -> impl Iterator<Item = (Option<f64>, f64)> + 'a {
    fn side<'a>(
        (x, lx): (&'a SemanticSide, &'a [f64]),
        span: Range<usize>,
        y: &'a SemanticSide,
        (j, b): (usize, usize),
    ) -> impl Iterator<Item = (Option<f64>, f64)> + 'a {
        let total = lx[span.clone()].iter().sum::<f64>().max(1.0);
        let span = if span.len() > 1 { span } else { 0..0 };
        span.map(move |k| (x.cosine(k, 1, y, j, b), lx[k] / total))
    }
    side((x, lx), i..i + a, y, (j, b)).chain(side((y, ly), j..j + b, x, (i, a)))
}

/// The two cosines across the boundary before source sentence `k` and target sentence `l`
/// inside a bead of `a` sentences of `x` from `i` and `b` of `y` from `j`: of the last source
/// sentence before it with the first target sentence after it, and the reverse, each with the
/// geometric mean of the two sentences' shares of their sides.
pub(crate) fn across(
    (x, lx): (&SemanticSide, &[f64]),
    (i, a): (usize, usize),
    (y, ly): (&SemanticSide, &[f64]),
    (j, b): (usize, usize),
    (k, l): (usize, usize),
) -> Option<[(f32, f32); 2]> {
    let sx = |m: usize| lx[m] / lx[i..i + a].iter().sum::<f64>().max(1.0);
    let sy = |m: usize| ly[m] / ly[j..j + b].iter().sum::<f64>().max(1.0);
    let one = |m: usize, n: usize| -> Option<(f32, f32)> {
        Some((
            x.cosine(m, 1, y, n, 1)? as f32,
            (sx(m) * sy(n)).sqrt() as f32,
        ))
    };
    Some([one(k - 1, l)?, one(k, l - 1)?])
}

/// Marks a run whose embedding was not computed.
const NONE: u32 = u32::MAX;

/// The embeddings of one side of the input: of every sentence, or of the sentences of some
/// stretches only (see [`SemanticSide::sparse`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct SemanticSide {
    /// The embeddings of runs of `k + 1` sentences taken as one text, in `runs[k]`.
    runs: [Rows; MAX_RUN],
    /// `slot[k][i]`: the row of `runs[k]` that holds the run from sentence `i`, or [`NONE`].
    slot: [Vec<u32>; MAX_RUN],
}

impl SemanticSide {
    /// Encodes every one of `texts`, and every run of up to [`MAX_RUN`] of them.
    pub fn new(encoder: &Encoder, texts: &[&str]) -> SemanticSide {
        SemanticSide::sparse(encoder, texts, std::slice::from_ref(&(0..texts.len())))
    }

    /// Encodes the texts of `ranges` (sorted and disjoint), and the runs within each range, in
    /// their plain form ([`encoder::plain`]).
    pub fn sparse(encoder: &Encoder, texts: &[&str], ranges: &[Range<usize>]) -> SemanticSide {
        let n = texts.len();
        let mut side = SemanticSide {
            runs: Default::default(),
            slot: std::array::from_fn(|_| vec![NONE; n]),
        };
        // The stretches' sentences are encoded together, in chunks, rather than stretch by
        // stretch: a stretch is a few sentences, and each call of the encoder's head lays out
        // its weight matrices again (on a 100k-sentence pair, a quarter of the whole run).
        let sentences: Vec<usize> = ranges.iter().flat_map(Clone::clone).collect();
        // Where each range ends, for each of its sentences: runs stay inside their range.
        let ends: Vec<usize> = ranges
            .iter()
            .flat_map(|r| std::iter::repeat_n(r.end, r.len()))
            .collect();
        for start in (0..sentences.len()).step_by(ENCODE_CHUNK) {
            let end = (start + ENCODE_CHUNK).min(sentences.len());
            // The runs that start in this chunk reach up to MAX_RUN - 1 sentences past it.
            let reach = (end + MAX_RUN - 1).min(sentences.len());
            let plain: Vec<_> = sentences[start..reach]
                .iter()
                .map(|&i| encoder::plain(texts[i]))
                .collect();
            let plain: Vec<&str> = plain.iter().map(|t| t.as_ref()).collect();
            let runs = encoder.encode_runs(&plain, MAX_RUN);
            for (k, embeddings) in runs.iter().enumerate() {
                for q in (start..end).filter(|&q| sentences[q] + k < ends[q]) {
                    let i = sentences[q];
                    side.slot[k][i] = side.runs[k].len() as u32;
                    side.runs[k].push(embeddings.row(q - start));
                }
            }
        }
        side
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.slot[0].len()
    }

    /// Cosine between this side's `a` sentences from `i` and `other`'s `b` sentences from `j`,
    /// when both were encoded. Spans longer than [`MAX_RUN`] (larger shapes) are taken as the
    /// normalized sum of their sentences' embeddings.
    pub fn cosine(
        &self,
        i: usize,
        a: usize,
        other: &SemanticSide,
        j: usize,
        b: usize,
    ) -> Option<f64> {
        if a <= MAX_RUN && b <= MAX_RUN {
            let (x, y) = (self.slot[a - 1][i], other.slot[b - 1][j]);
            if x == NONE || y == NONE {
                return None;
            }
            let (rx, ry) = (&self.runs[a - 1], &other.runs[b - 1]);
            let (x, y) = (x as usize, y as usize);
            let d = dot(rx.row(x), ry.row(y));
            return Some(f64::from(d as f32 * rx.scale[x] * ry.scale[y]));
        }
        let (u, v) = (self.sum(i, a)?, other.sum(j, b)?);
        let (uu, vv, uv) = u.iter().zip(&v).fold((0.0, 0.0, 0.0), |(p, q, r), (x, y)| {
            (p + x * x, q + y * y, r + x * y)
        });
        Some(if uu > 0.0 && vv > 0.0 {
            uv / (uu * vv).sqrt()
        } else {
            0.0
        })
    }

    /// The sum of the embeddings of sentences `i .. i + a`, when all were encoded.
    fn sum(&self, i: usize, a: usize) -> Option<Vec<f64>> {
        let mut out = vec![0.0; DIM];
        let rows = &self.runs[0];
        for k in i..i + a {
            let r = self.slot[0][k];
            if r == NONE {
                return None;
            }
            let r = r as usize;
            for (o, &x) in out.iter_mut().zip(rows.row(r)) {
                *o += f64::from(x) * f64::from(rows.scale[r]);
            }
        }
        Some(out)
    }
}

/// Inputs with up to this many sentences on both sides together are encoded whole, so that
/// meaning also steers the first, length-only alignment ([`anchors`]): over a whole scripture
/// (6,236 verses, 10,169 translated sentences) lengths alone strayed by up to 41 sentences,
/// and strict F1 was 0.71 encoded in stretches, 0.89 encoded whole. Longer inputs are first
/// aligned without the encoder, and only the stretches around the beads that that alignment
/// doubts are encoded (see [`doubtful_stretches`]): in a long text the lexicon learned from the
/// text itself is good, and encoding every sentence would cost most of the time of the
/// alignment (about 2,000 sentences a second on two cores) for beads that are already sure.
pub(crate) const ENCODE_WHOLE_UP_TO: usize = 20_000;

/// Below this confidence a bead is doubtful, and its neighbourhood worth encoding.
const DOUBT_BELOW: f64 = 0.99;

/// The stretches of each side within `margin` sentences of a doubtful bead of `path`, one
/// below [`DOUBT_BELOW`]. Sorted and disjoint. A sure unpaired sentence is not doubtful: in a
/// long text the length model and the lexicon place most insertions and omissions surely, and
/// encoding around each of them would cost three times as much.
pub(crate) fn doubtful_stretches(
    path: &[(Step, f64)],
    (n, m): (usize, usize),
    margin: usize,
) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let (mut src, mut tgt) = (Vec::new(), Vec::new());
    for (s, p) in path {
        if *p < DOUBT_BELOW {
            src.push(s.i.saturating_sub(margin)..(s.i + s.a() + margin).min(n));
            tgt.push(s.j.saturating_sub(margin)..(s.j + s.b() + margin).min(m));
        }
    }
    (merge_ranges(src), merge_ranges(tgt))
}

/// Sorts ranges and joins those that overlap or touch.
fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// How far from where the length-only alignment places a sentence its nearest translation by
/// meaning is looked for, in sentences of the other side. Lengths alone stray by up to 41
/// sentences over the 6,236 verses of a scripture and its 10,169 translated sentences, and by
/// up to 82 over another translation's 8,662; there the anchors found within reach steer the
/// path, and the next round reaches further.
const ANCHOR_WINDOW: usize = 64;

/// Sentence pairs sure enough by meaning to steer the first alignment of the segment `(s, t)`.
/// Lengths alone lose their way where translations vary in length (a verse in one to eight
/// sentences), by more than the later passes' band recovers.
///
/// Candidates are pairs where each sentence is the other's nearest by cosine within
/// [`ANCHOR_WINDOW`] of where `path`, a length-only alignment, places it, and the cosine's
/// evidence `w` is for a translation; of those, the longest chain that keeps both texts'
/// order. The chain falls into runs of candidates close together on both sides
/// ([`ANCHOR_RUN_GAP`]), and a run is sure when the evidence of its pairs together makes it
/// 99 % likely against every other placement in the window taken as equally likely
/// beforehand. One pair alone seldom is: over a whole scripture in an archaic translation,
/// whose verses' cosines with their translations are 0.42 ± 0.14, 11 of 6,236 verses were,
/// and lengths stayed 80 sentences off for 1,200 verses (strict F1 0.733). Runs held 2,187
/// pairs, 98 % of them right and all but 9 within two sentences of right (0.924). A lone pair
/// far from where its neighbours lie makes no run. Sentences that were not encoded have no
/// anchor.
pub(crate) fn anchors(
    (src, tgt): (&SemanticSide, &SemanticSide),
    w: &SemanticWeight,
    path: &[Step],
    (s, t): (Range<usize>, Range<usize>),
) -> Vec<(usize, usize)> {
    if s.is_empty() || t.is_empty() {
        return Vec::new();
    }
    let sure = anchor_bar();
    // Where the path puts each sentence on the other side.
    let (mut at_t, mut at_s) = (vec![t.start; s.len()], vec![s.start; t.len()]);
    for step in path {
        for i in step.i..step.i + step.a() {
            at_t[i - s.start] = step.j.min(t.end - 1);
        }
        for j in step.j..step.j + step.b() {
            at_s[j - t.start] = step.i.min(s.end - 1);
        }
    }
    let window = |c: usize, r: &Range<usize>| {
        c.saturating_sub(ANCHOR_WINDOW).max(r.start)..(c + ANCHOR_WINDOW + 1).min(r.end)
    };
    // Each sentence's nearest in its window (the first of equals), with the cosine and the
    // runner-up's.
    let nearest = |x: &SemanticSide, i: usize, y: &SemanticSide, js: Range<usize>| {
        let mut best: Option<(usize, f64, f64)> = None;
        for j in js {
            let Some(c) = x.cosine(i, 1, y, j, 1) else {
                continue;
            };
            best = match best {
                None => Some((j, c, f64::NEG_INFINITY)),
                Some((b, cb, c2)) if cb >= c => Some((b, cb, c2.max(c))),
                Some((_, cb, _)) => Some((j, c, cb)),
            };
        }
        best
    };
    let best_t: Vec<Option<(usize, f64, f64)>> = s
        .clone()
        .into_par_iter()
        .map(|i| nearest(src, i, tgt, window(at_t[i - s.start], &t)))
        .collect();
    let best_s: Vec<Option<(usize, f64, f64)>> = t
        .clone()
        .into_par_iter()
        .map(|j| nearest(tgt, j, src, window(at_s[j - t.start], &s)))
        .collect();
    // A pair's evidence is what its cosine says for a translation beyond what the runner-up
    // of either sentence says: a refrain (a verse closing with the same formula as many
    // others) has rivals as close wherever its window lies, and where the path was far off,
    // runs of refrains held it there (whole Pickthall text: strict F1 0.47 without the
    // runner-up, 0.84 with).
    let candidates: Vec<((usize, usize), f64)> = s
        .clone()
        .filter_map(|i| {
            let (j, c, runner_up) = best_t[i - s.start]?;
            let (back, _, other) = best_s[j - t.start]?;
            if back != i {
                return None;
            }
            let rival = w.ratio_to_peak(runner_up.max(other)).max(0.0);
            let llr = w.ratio_to_peak(c) - rival;
            (llr > 0.0).then_some(((i, j), llr))
        })
        .collect();
    sure_runs(&longest_chain(&candidates, |c| c.0.1), sure)
}

/// The evidence, in nats, that makes a run of anchors 99 % likely against every other
/// placement in the window, taken as equally likely beforehand.
fn anchor_bar() -> f64 {
    (99.0 * (2 * ANCHOR_WINDOW) as f64).ln()
}

/// The farthest apart, in sentences on either side, that two pairs of a chain of anchor
/// candidates are taken as one run: a verse translated in up to eight sentences.
const ANCHOR_RUN_GAP: usize = 2 * super::model::MAX_SIDE;

/// The pairs of `chain` (pairs with their evidence, in both texts' order) in runs whose
/// evidence together reaches `sure`; a run is a stretch of pairs each within
/// [`ANCHOR_RUN_GAP`] of the one before on both sides.
fn sure_runs(chain: &[((usize, usize), f64)], sure: f64) -> Vec<(usize, usize)> {
    chain
        .chunk_by(|(a, _), (b, _)| b.0 - a.0 <= ANCHOR_RUN_GAP && b.1 - a.1 <= ANCHOR_RUN_GAP)
        .filter(|run| run.iter().map(|(_, llr)| llr).sum::<f64>() >= sure)
        .flatten()
        .map(|&(pair, _)| pair)
        .collect()
}

/// The longest subsequence of `pairs` (sorted by their first number) whose second numbers,
/// as `second` reads them, rise too.
fn longest_chain<T: Copy>(pairs: &[T], second: impl Fn(&T) -> usize) -> Vec<T> {
    // Patience sorting: `tails[k]` ends the best chain of length k + 1 found so far.
    let mut tails: Vec<usize> = Vec::new();
    let mut before = vec![usize::MAX; pairs.len()];
    for (k, pair) in pairs.iter().enumerate() {
        let j = second(pair);
        let at = tails.partition_point(|&q| second(&pairs[q]) < j);
        if at > 0 {
            before[k] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        out.push(pairs[k]);
        k = before[k];
    }
    out.reverse();
    out
}

/// Pairs this many sentences or more apart from the path are taken as unrelated when the
/// cosine law of unrelated pairs is estimated: the previous pass is off by a few sentences where
/// it is wrong at all (a shifted stretch after an inserted sentence is off by one), so pairs
/// five away are unrelated whether or not it is right.
const NULL_OFFSET: usize = 5;

/// The likelihood-ratio statistic that the path's cosines must reach for the channel to be used:
/// the chi-square value with three degrees of freedom at p = 0.01, where validation asks for
/// p = 0.001 ([`similarity::SIGNAL_THRESHOLD`]). The test guards against an encoder that does
/// not know the languages, and a channel fitted to chance has its two laws close together and
/// weighs little; a channel refused loses all the evidence of a real but weak signal. At
/// p = 0.001 a 19-verse scripture passage (statistic 12) was aligned on lengths alone, with a
/// shifted pair at 0.99.
const SIGNAL: f64 = 11.34;

/// The fewest cosines of unrelated pairs the law of unrelated pairs is estimated from.
const MIN_NULL: usize = 8;

/// Degrees of freedom of the Student's t tail that the law of translations' cosines has below
/// its mean. A short text's translations give a narrow law (0.79 ± 0.05 in a 16-sentence
/// election report), and a real translation far below it (0.61: "The government must then win
/// a vote of confidence from the chamber within a month of its first sitting.") counted 2.6
/// nats against its bead under the normal tail, which merged it with its neighbour into a 2-2
/// bead; under this tail it counts for its bead. Wrong pairs, far below, still count strongly
/// against. On the wire set strict F1 rises from 0.922 to 0.939 with 3, 5 or 10 degrees of
/// freedom, and no other set moves by more than a bead; a heavy tail for the law of unrelated
/// pairs too cost the news set 0.07.
const TRANSLATION_TAIL: f64 = 5.0;

/// The weight of a cosine: the log-likelihood ratio of two laws, one of the cosines of
/// spans that translate each other and one of unrelated spans.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SemanticWeight {
    /// Mean and spread of the cosine of translations.
    pub mu1: f64,
    pub sigma1: f64,
    /// Mean and spread of the cosine of unrelated spans.
    pub mu0: f64,
    pub sigma0: f64,
    /// The laws of a sentence's cosine with the translation of a span that holds it, and with the
    /// translation of its neighbour.
    pub part: Option<PartLaws>,
}

impl SemanticWeight {
    /// Log-likelihood ratio of a cosine, made to rise with the cosine: below the unrelated
    /// law's mean a cosine counts as that mean (a translation full of names and numbers can
    /// have a low cosine), and where the two laws' spreads make the ratio turn down again, it
    /// stays at its top. Below its mean the translation law has a heavy tail
    /// ([`TRANSLATION_TAIL`]).
    #[inline]
    pub fn llr(&self, cosine: f64) -> f64 {
        self.ratio(cosine.clamp(self.mu0, self.top()))
    }

    /// The log-likelihood ratio of a cosine as the two laws give it, up to where it
    /// turns down. Where the translation law is the wider, [`Self::llr`] stops at its mean, since
    /// a bead's cosine above it says no more than that it translates; an anchor's must say how
    /// far above chance it lies.
    fn ratio_to_peak(&self, cosine: f64) -> f64 {
        let peak = if self.sigma1 < self.sigma0 {
            self.top()
        } else {
            1.0
        };
        self.ratio(cosine.clamp(self.mu0, peak))
    }

    #[inline]
    fn ratio(&self, s: f64) -> f64 {
        let z1 = (s - self.mu1) / self.sigma1;
        let z0 = (s - self.mu0) / self.sigma0;
        let translation = if s < self.mu1 {
            -0.5 * (TRANSLATION_TAIL + 1.0) * (z1 * z1 / TRANSLATION_TAIL).ln_1p()
        } else {
            -0.5 * z1 * z1
        };
        (self.sigma0 / self.sigma1).ln() + translation + 0.5 * z0 * z0
    }

    /// The log-likelihood ratio of a bead's cosines: that of its two sides, plus the evidence
    /// against its weakest part, when a part is no closer to the other side than a neighbour's
    /// sentence would be. A sentence that the translation leaves out, joined to its neighbour's
    /// bead, barely lowers the cosine of the two sides (0.846 to 0.805 in a news article) but
    /// has a cosine of its own with them near that of unrelated neighbours (0.10). Only evidence
    /// against counts: for a part that fits, the cosine of the two sides has already said so.
    #[inline]
    pub fn bead_llr(&self, c: &BeadCosines) -> f64 {
        let mut s = self.llr(c.whole);
        if let Some(laws) = &self.part {
            s += c
                .parts()
                .iter()
                .map(|&(x, share)| laws.llr(self.mu1, f64::from(x), f64::from(share)))
                .fold(0.0, f64::min);
            if let Some(across) = c.across {
                s += self.crossing_llr(across, c.kept_break);
            }
        }
        s
    }

    /// Log-likelihood ratio of the two cosines across a boundary inside a bead ([`across`]),
    /// between content crossing it and two beads that each translate their own sentences.
    /// Content crosses in one direction, either one: one of the two cosines is then that of a
    /// part with the geometric mean of the two sentences' shares (the part law), the other a
    /// neighbour's. With two beads both are neighbours' ([`PartLaws::crossing_llr`]). On
    /// Text+Berg the larger of the two is above 0.40 for 12 of the 16 hand-aligned 2-2 beads,
    /// and for 8 of 162 neighbouring 1-1 beads. Zero without part laws. Where both texts end a
    /// block at the boundary (`kept_break`, [`super::model::kept_block_break`]), only the
    /// evidence against content crossing counts.
    pub fn crossing_llr(&self, across: [(f32, f32); 2], kept_break: bool) -> f64 {
        let Some(laws) = &self.part else {
            return 0.0;
        };
        let [x, y] =
            across.map(|(c, share)| laws.crossing_llr(self.mu1, f64::from(c), f64::from(share)));
        let top = x.max(y);
        let llr = top + (0.5 * ((x - top).exp() + (y - top).exp())).ln();
        if kept_break { llr.min(0.0) } else { llr }
    }

    /// The cosine above `mu1` where the log-likelihood ratio stops rising (where its
    /// derivative, `(s - mu0) / sigma0² - (s - mu1) / sigma1²`, is zero), or 1.
    fn top(&self) -> f64 {
        let (p1, p0) = (self.sigma1.powi(-2), self.sigma0.powi(-2));
        if p1 > p0 {
            ((self.mu1 * p1 - self.mu0 * p0) / (p1 - p0)).clamp(self.mu1, 1.0)
        } else {
            // The translation law is the wider: the ratio rises until the laws' tails cross,
            // beyond the data; stop at its mean.
            self.mu1
        }
    }

    /// Estimates both laws from `path`, a previous alignment that may be wrong in places.
    ///
    /// The unrelated law comes from pairs [`NULL_OFFSET`] sentences off the path's 1-1 beads,
    /// robustly (median and median absolute deviation). The path's own paired beads are taken
    /// as a mixture of translations and of unrelated pairs (a stretch that a length-only pass
    /// shifted by an inserted sentence pairs every sentence with its neighbour's translation),
    /// and the translation law is fitted to them by EM with the unrelated law held fixed. `None`
    /// when the mixture does not explain the path's cosines significantly better than the
    /// unrelated law alone. The laws of a bead's parts come last ([`SemanticWeight::part_laws`]);
    /// `ls` and `lt` are the sentence lengths of each side.
    pub fn estimate(
        (src, ls): (&SemanticSide, &[f64]),
        (tgt, lt): (&SemanticSide, &[f64]),
        path: &[Step],
    ) -> Option<Self> {
        let (n, m) = (src.len(), tgt.len());
        // Pairs past a bead's last sentence on one side, or before its first on the other: of
        // the 1-1 beads, whose neighbourhood the path is surest of, and of every paired bead
        // in a text too short for those (ten verses translated in 28 sentences).
        let far_from = |one_to_one: bool| -> Vec<f64> {
            path.par_iter()
                .filter(|s| {
                    if one_to_one {
                        s.kind == 0
                    } else {
                        s.a() > 0 && s.b() > 0
                    }
                })
                .flat_map_iter(|s| {
                    let far = [
                        (s.i, s.j + s.b() - 1 + NULL_OFFSET),
                        (s.i + s.a() - 1 + NULL_OFFSET, s.j),
                        (s.i, s.j.wrapping_sub(NULL_OFFSET)),
                    ];
                    far.into_iter()
                        .filter(|&(i, j)| i < n && j < m)
                        .filter_map(|(i, j)| src.cosine(i, 1, tgt, j, 1))
                })
                .collect()
        };
        let mut null = far_from(true);
        if null.len() < MIN_NULL {
            null = far_from(false);
        }
        let paired: Vec<f64> = path
            .par_iter()
            .filter(|s| s.a() > 0 && s.b() > 0)
            .filter_map(|s| src.cosine(s.i, s.a(), tgt, s.j, s.b()))
            .collect();
        if null.len() < MIN_NULL || paired.len() < 4 {
            return None;
        }
        let unrelated = similarity::unrelated_law(&mut null)?;
        let mut w = fit_translations(paired, unrelated.mu, unrelated.sigma)?;
        w.part = w.part_laws((src, ls), (tgt, lt), path);
        Some(w)
    }

    /// The laws of a part's cosine with the other side of its bead ([`PartLaws`]), from the
    /// parts of beads of `path` whose two sides look like translations: of its 2-1, 1-2, 2-2
    /// ... beads, and of every two neighbouring 1-1 beads taken as one 2-2 bead, which a short
    /// text has many more of. The law of a neighbour's sentence comes from the cosines across
    /// those neighbouring 1-1 beads.
    fn part_laws(
        &self,
        (src, ls): (&SemanticSide, &[f64]),
        (tgt, lt): (&SemanticSide, &[f64]),
        path: &[Step],
    ) -> Option<PartLaws> {
        let translates = |i, a, j, b| {
            src.cosine(i, a, tgt, j, b)
                .is_some_and(|c| self.llr(c) > 0.0)
        };
        // How far each part's cosine with the other side is from what its share predicts.
        let mut residuals = Vec::new();
        let mut add_parts = |(i, a), (j, b)| {
            for (c, share) in parts((src, ls), (i, a), (tgt, lt), (j, b)) {
                residuals.extend(c.map(|c| c - self.mu1 * share.sqrt()));
            }
        };
        let (mut neighbour, mut across) = (Vec::new(), Vec::new());
        for s in path {
            let (a, b) = (s.a(), s.b());
            if a > 0 && b > 0 && a + b > 2 && translates(s.i, a, s.j, b) {
                add_parts((s.i, a), (s.j, b));
            }
        }
        for w in path.windows(2) {
            let (x, y) = (w[0], w[1]);
            let paired = |s: &Step| s.a() > 0 && s.b() > 0 && translates(s.i, s.a(), s.j, s.b());
            if !(paired(&x) && paired(&y) && y.i == x.i + x.a() && y.j == x.j + x.b()) {
                continue;
            }
            // The sentences on either side of the boundary between two beads.
            let pair = [
                src.cosine(y.i - 1, 1, tgt, y.j, 1),
                src.cosine(y.i, 1, tgt, y.j - 1, 1),
            ];
            if x.kind == 0 && y.kind == 0 {
                add_parts((x.i, 2), (x.j, 2));
                neighbour.extend(pair.into_iter().flatten());
            } else {
                across.extend(pair.into_iter().flatten());
            }
        }
        // A text too short for neighbouring 1-1 beads (ten verses in 28 sentences) takes its
        // neighbours across the boundaries of every two paired beads.
        if neighbour.len() < 4 {
            neighbour.append(&mut across);
        }
        if residuals.len() < 8 || neighbour.len() < 4 {
            return None;
        }
        let residual = similarity::unrelated_law(&mut residuals)?;
        Some(PartLaws {
            offset: residual.mu,
            spread: residual.sigma,
            neighbour: similarity::unrelated_law(&mut neighbour)?,
        })
    }
}

/// The laws of the cosine of one sentence of a bead's side with the bead's other side. When
/// the sentence is part of what the other side translates, the cosine is normal around the
/// translation law's mean times the square root of the sentence's share of its side's length
/// (plus an `offset` fitted with the spread): the side's embedding is close to the sum of its
/// sentences' token sums, whose norms grow as the square root of their lengths. When the
/// sentence is a neighbour's, its cosine follows the law of neighbouring sentences' cosines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PartLaws {
    offset: f64,
    spread: f64,
    neighbour: NormalLaw,
}

impl PartLaws {
    /// The law of the cosine of a part with `share` of its side's length, with `mu1` the
    /// translation law's mean; `None` where it does not lie above the neighbour's law, so that
    /// the cosine tells nothing.
    fn part(&self, mu1: f64, share: f64) -> Option<NormalLaw> {
        let part = NormalLaw {
            mu: mu1 * share.sqrt() + self.offset,
            sigma: self.spread,
        };
        (part.mu > self.neighbour.mu).then_some(part)
    }

    /// Log-likelihood ratio of cosine `x` of a part with `share` of its side's length, between
    /// being a part and being a neighbour's sentence, with `mu1` the translation law's mean.
    /// Between the laws' means it is the ratio of the two normal densities; beyond them it
    /// stays at the nearer mean's value, since the normal tails are thinner than real ones.
    /// Zero where the part's law does not lie above the neighbour's: the cosine of a short
    /// fragment tells nothing.
    fn llr(&self, mu1: f64, x: f64, share: f64) -> f64 {
        let Some(part) = self.part(mu1, share) else {
            return 0.0;
        };
        let x = x.clamp(self.neighbour.mu, part.mu);
        part.ln_density(x) - self.neighbour.ln_density(x)
    }

    /// Log-likelihood ratio of cosine `x` across a boundary, between that of a part with
    /// `share` and that of a neighbour's sentence, both laws with Student's t tails of three
    /// degrees of freedom about the same centres and scales. Here a high cosine counts *for*
    /// the part, and the normal law of neighbours, fitted robustly to their bulk, is far too
    /// thin in its upper tail for that: two sentences of one sports report about the same
    /// season have a cosine of 0.47 against neighbours at 0.11 ± 0.08, 4.4 spreads off, which
    /// the normal law takes as 9 nats of evidence that a clause crossed, and the t law as 4.
    fn crossing_llr(&self, mu1: f64, x: f64, share: f64) -> f64 {
        let Some(part) = self.part(mu1, share) else {
            return 0.0;
        };
        let t3 = |law: &NormalLaw| {
            let z = (x - law.mu) / law.sigma;
            -2.0 * (1.0 + z * z / 3.0).ln() - law.sigma.ln()
        };
        t3(&part) - t3(&self.neighbour)
    }
}

/// Fits the translation law to `cosines` as the second component of a two-law mixture whose
/// first law, `N(mu0, sigma0)`, is fixed.
///
/// Each cosine counts once. A pair of texts that recurs (a refrain, a repeated heading or
/// boilerplate line) gives the same cosine every time and so nothing new about the law: kept
/// as often as it recurs, the refrain on every other verse of a sura became a translation law
/// of spread 0.03 around its own cosine, and every other verse a certain mismatch.
fn fit_translations(mut cosines: Vec<f64>, mu0: f64, sigma0: f64) -> Option<SemanticWeight> {
    cosines.sort_unstable_by(f64::total_cmp);
    cosines.dedup_by(|a, b| a.to_bits() == b.to_bits());
    let unrelated = NormalLaw {
        mu: mu0,
        sigma: sigma0,
    };
    let (law, _share) = similarity::fit_translation_law(&cosines, unrelated, SIGNAL)?;
    Some(SemanticWeight {
        mu1: law.mu,
        sigma1: law.sigma,
        mu0,
        sigma0,
        part: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On a real article, the pairs that meaning makes anchors are pairs of the hand-made
    /// alignment, and most sentences get one, wherever a wrong length path put them, even
    /// through a channel too weak for any one pair to be sure alone.
    #[test]
    fn anchors_on_a_real_article_are_gold_pairs() {
        let read = |ext: &str| super::super::test_data(&format!("ar-en/report.{ext}"));
        let (ar, en) = (read("ar"), read("en"));
        let (ar, en): (Vec<&str>, Vec<&str>) = (ar.lines().collect(), en.lines().collect());
        let gold =
            super::super::read_beads(&super::super::test_data_path("ar-en/report.gold")).unwrap();
        let mut path = Vec::new();
        let mut links = std::collections::HashSet::new();
        for super::super::BeadRecord {
            source: a,
            target: b,
            ..
        } in gold
        {
            for &i in &a {
                for &j in &b {
                    links.insert((i, j));
                }
            }
            // The laws are estimated from the paired beads of the model's shapes.
            let kind = super::super::model::BEAD_TYPES
                .iter()
                .position(|&t| t == (a.len(), b.len()));
            if let (Some(kind), Some(&i), Some(&j)) = (kind, a.first(), b.first()) {
                path.push(Step { i, j, kind });
            }
        }
        let encoder = Encoder::bundled().unwrap();
        let (src, tgt) = (
            SemanticSide::new(encoder, &ar),
            SemanticSide::new(encoder, &en),
        );
        let lengths = |t: &[&str]| -> Vec<f64> { t.iter().map(|s| s.len() as f64).collect() };
        let w = SemanticWeight::estimate((&src, &lengths(&ar)), (&tgt, &lengths(&en)), &path)
            .expect("the article's cosines tell translations apart");
        // A length path ten sentences off.
        let (n, m) = (ar.len(), en.len());
        let off: Vec<Step> = (0..n)
            .map(|i| Step {
                i,
                j: (i + 10).min(m - 1),
                kind: 0,
            })
            .collect();
        // Every anchor right, and at least `share` of the sentences anchored.
        let check = |w: &SemanticWeight, share: f64| {
            let found = anchors((&src, &tgt), w, &off, (0..n, 0..m));
            let wrong: Vec<_> = found.iter().filter(|p| !links.contains(p)).collect();
            assert!(wrong.is_empty(), "{wrong:?}");
            assert!(
                found.len() as f64 >= share * n as f64,
                "{} anchors for {n} sentences",
                found.len()
            );
        };
        check(&w, 0.75);
        // A channel too weak for any one pair to be sure, as for an archaic translation: the
        // translations' law an eighth of the way up from that of unrelated pairs, as wide.
        // Runs of pairs still are.
        let weak = SemanticWeight {
            mu1: w.mu0 + (w.mu1 - w.mu0) / 8.0,
            sigma1: w.sigma0,
            ..w
        };
        let sure = anchor_bar();
        let strongest = links
            .iter()
            .filter_map(|&(i, j)| src.cosine(i, 1, &tgt, j, 1))
            .map(|c| weak.ratio_to_peak(c))
            .fold(f64::MIN, f64::max);
        assert!(strongest < sure, "{strongest} nats");
        check(&weak, 0.5);
    }

    /// Pairs too weak alone are sure together when they lie close on both sides, and a pair as
    /// weak far from the others is not.
    #[test]
    fn weak_pairs_are_sure_together_and_a_lone_one_is_not() {
        let sure = 9.0;
        let chain = [
            ((10, 20), 4.0),
            ((11, 22), 3.5),
            ((13, 27), 2.0),
            ((40, 60), 8.5),
            ((70, 95), 9.5),
        ];
        assert_eq!(
            sure_runs(&chain, sure),
            vec![(10, 20), (11, 22), (13, 27), (70, 95)]
        );
        // The same pairs spread apart on one side make no run.
        let spread = [((10, 20), 4.0), ((11, 30), 3.5), ((13, 40), 2.0)];
        assert!(sure_runs(&spread, sure).is_empty());
    }

    #[test]
    fn the_longest_chain_keeps_both_orders_and_drops_a_far_pair() {
        let pairs = [(0, 0), (1, 2), (2, 40), (3, 4), (4, 5), (6, 3), (7, 8)];
        assert_eq!(
            longest_chain(&pairs, |p| p.1),
            vec![(0, 0), (1, 2), (3, 4), (4, 5), (7, 8)]
        );
        assert!(longest_chain(&[] as &[(usize, usize)], |p| p.1).is_empty());
    }
    use crate::similarity::tests::normal;

    #[test]
    fn a_translation_well_below_a_narrow_law_still_counts_for_its_bead() {
        // The election report's laws: its pair at 0.61 is a real translation.
        let w = SemanticWeight {
            mu1: 0.794,
            sigma1: 0.052,
            mu0: 0.241,
            sigma0: 0.152,
            part: None,
        };
        assert!(w.llr(0.61) > 0.0, "{}", w.llr(0.61));
        // A neighbour's sentence, nearer chance, still counts strongly against.
        assert!(w.llr(0.35) < -5.0, "{}", w.llr(0.35));
    }

    #[test]
    fn llr_rises_with_the_cosine_and_stays_bounded() {
        let w = SemanticWeight {
            mu1: 0.7,
            sigma1: 0.1,
            mu0: 0.15,
            sigma0: 0.12,
            part: None,
        };
        assert!(w.llr(0.7) > 5.0);
        assert!(w.llr(0.15) < -5.0);
        assert!(w.llr(0.3) < w.llr(0.5));
        // Closer than the typical translation is still better evidence, up to a cosine of 1.
        assert!(w.llr(0.9) > w.llr(0.7));
        // Below the unrelated law's mean, no further evidence against.
        assert_eq!(w.llr(-0.4), w.llr(0.15));
    }

    #[test]
    fn a_part_as_far_from_the_other_side_as_a_neighbour_counts_against_its_bead() {
        // The laws of a news article: translations near 0.69, neighbours near 0.2.
        let laws = PartLaws {
            offset: 0.0,
            spread: 0.12,
            neighbour: NormalLaw {
                mu: 0.2,
                sigma: 0.1,
            },
        };
        let w = SemanticWeight {
            mu1: 0.69,
            sigma1: 0.08,
            mu0: 0.1,
            sigma0: 0.11,
            part: Some(laws),
        };
        let bead = |whole: f64, parts: &[(f32, f32)]| {
            let mut c = BeadCosines {
                whole,
                parts: [(0.0, 0.0); MAX_PARTS],
                n_parts: parts.len(),
                across: None,
                kept_break: false,
            };
            c.parts[..parts.len()].copy_from_slice(parts);
            w.bead_llr(&c)
        };
        // A left-out sentence with a third of the source joined to a 1-1 pair: the cosine of the
        // two sides stays high, its own cosine is a neighbour's.
        let dropped = bead(0.80, &[(0.85, 0.67), (0.10, 0.33)]);
        assert!(dropped < w.llr(0.80) - 1.0, "{dropped}");
        // A real 2-1 bead: each part as close as its share predicts; nothing is taken off.
        assert_eq!(bead(0.80, &[(0.55, 0.67), (0.42, 0.33)]), w.llr(0.80));
        // A short fragment's cosine says nothing either way.
        assert_eq!(bead(0.80, &[(0.85, 0.95), (0.0, 0.05)]), w.llr(0.80));
        // A 1-1 bead has no parts.
        assert_eq!(bead(0.80, &[]), w.llr(0.80));
    }

    #[test]
    fn a_clause_moved_across_a_boundary_shows_in_one_of_the_cosines_across_it() {
        // The laws of Text+Berg: translations near 0.66, neighbours near 0.14.
        let w = SemanticWeight {
            mu1: 0.66,
            sigma1: 0.12,
            mu0: 0.05,
            sigma0: 0.1,
            part: Some(PartLaws {
                offset: 0.02,
                spread: 0.12,
                neighbour: NormalLaw {
                    mu: 0.14,
                    sigma: 0.1,
                },
            }),
        };
        // Two halves, each sentence half its side: one cosine across is a part's, the other a
        // neighbour's, in either order.
        let moved = w.crossing_llr([(0.52, 0.5), (0.10, 0.5)], false);
        assert!(moved > 2.0, "{moved}");
        assert!((w.crossing_llr([(0.10, 0.5), (0.52, 0.5)], false) - moved).abs() < 1e-9);
        // Two neighbours' cosines: the two beads each translate their own sentences.
        let kept = w.crossing_llr([(0.12, 0.5), (0.15, 0.5)], false);
        assert!(kept < -2.0, "{kept}");
        // Where both texts end a block there, content is not taken to have crossed; the
        // evidence of two beads stands.
        assert_eq!(w.crossing_llr([(0.52, 0.5), (0.10, 0.5)], true), 0.0);
        assert_eq!(w.crossing_llr([(0.12, 0.5), (0.15, 0.5)], true), kept);
        // Without the laws of parts nothing is said.
        let bare = SemanticWeight { part: None, ..w };
        assert_eq!(bare.crossing_llr([(0.52, 0.5), (0.10, 0.5)], false), 0.0);
    }

    #[test]
    fn a_shifted_path_still_finds_the_translation_law() {
        // Half the path's pairs are translations, half are a shifted stretch of unrelated pairs.
        let mut cosines = normal(40, 0.7, 0.08, 1);
        cosines.extend(normal(40, 0.15, 0.12, 2));
        let w = fit_translations(cosines, 0.15, 0.12).expect("a signal");
        assert!((w.mu1 - 0.7).abs() < 0.05, "{w:?}");
    }

    #[test]
    fn a_refrain_counts_once_in_the_translation_law() {
        // Every other line is the same refrain and its translation, all at one cosine; the
        // other lines are translations spread as usual.
        let mut cosines = vec![0.40; 35];
        cosines.extend(normal(35, 0.42, 0.09, 4));
        let w = fit_translations(cosines, 0.26, 0.18).expect("a signal");
        assert!(w.sigma1 > 0.06, "{w:?}");
        // A verse whose cosine is a little under the refrain's is not a certain mismatch.
        assert!(w.llr(0.30) > -3.0, "{}", w.llr(0.30));
    }

    #[test]
    fn a_weak_signal_in_a_short_text_is_still_used() {
        // A 19-verse passage: translations near 0.36, barely apart from unrelated pairs at
        // 0.17 ± 0.16, with 8 of the path's 19 pairs shifted. The likelihood-ratio statistic
        // is 14.8: refused at p = 0.001 (16.27).
        let mut cosines = normal(11, 0.36, 0.08, 5);
        cosines.extend(normal(8, 0.17, 0.16, 6));
        let w = fit_translations(cosines, 0.17, 0.16).expect("a signal");
        assert!((w.mu1 - 0.36).abs() < 0.08, "{w:?}");
    }

    #[test]
    fn cosines_of_chance_alone_give_no_channel() {
        // An encoder that does not know the languages: the path's pairs look like any pairs.
        let cosines = normal(500, 0.2, 0.1, 3);
        assert_eq!(fit_translations(cosines, 0.2, 0.1), None);
    }
}
