//! The probability model of a bead: prior of its type, a length model, and the log-likelihood
//! ratios of the evidence channels, all estimated from the input itself.
//!
//! A bead's score is `ln P(type) + LLR(lengths) + Σ LLR(evidence)`, every term a log-likelihood
//! ratio of "these sentences translate each other" against "they are unrelated", so that paths
//! with different numbers of beads compare fairly. The length model is Gale and Church's (the
//! target length is normal around `ratio × source length`, variance `s² × length`), used as a
//! density against the marginal density of the sentence lengths, in both directions. Each evidence channel counts how many items of one sentence the
//! other covers; its weight per hit and per miss is the log ratio of the hit rate in aligned pairs
//! to the hit rate in neighbouring, unaligned pairs (the confusions the aligner has to rule out).
//! What this does not do: model word order, or weigh items by rarity.

use super::features::{CHANNELS, LEXICAL, RARE_LEXICAL, SideFeatures};
use super::semantic::{BeadCosines, SemanticWeight};

/// The bead types the aligner considers, as (source sentences, target sentences). The 1-4
/// and 4-1 types only with the encoder's cosines (see [`Model::allows`]): a translation that
/// renders a long verse or sentence in four or more sentences is common in scripture and in
/// loose translations.
pub(crate) const BEAD_TYPES: [(usize, usize); TYPES] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
    (1, 4),
    (4, 1),
];

/// The number of bead types.
pub(crate) const TYPES: usize = 10;

/// The most sentences on one side of a bead type.
pub(crate) const MAX_SIDE: usize = 4;

/// Starting bead-type probabilities before any estimation: Gale and Church (1993), table 5
/// (1-1 .89, 1-0 or 0-1 .0099, 2-1 or 1-2 .089, 2-2 .011), each two-way mass split evenly, and
/// 1-3 / 3-1 given a quarter of the 2-2 mass each, 1-4 / 4-1 a quarter of that; renormalized
/// on use.
const INITIAL_PRIORS: [f64; TYPES] = [
    0.89, 0.00495, 0.00495, 0.0445, 0.0445, 0.011, 0.00275, 0.00275, 0.000_69, 0.000_69,
];

/// How many beads' worth of weight the initial priors keep when bead-type frequencies are
/// re-estimated, so that a short text cannot drive a type's probability to zero.
const PRIOR_STRENGTH: f64 = 20.0;

/// Gale and Church's variance per character of the length difference (1993), used only to find
/// the first alignment; it is then re-estimated from the input.
const INITIAL_VARIANCE: f64 = 6.8;

/// Median of the chi-square distribution with one degree of freedom: turns the median squared
/// standardized difference into a variance estimate that outliers (wrong beads) do not move.
const CHI2_1_MEDIAN: f64 = 0.454_936_4;

/// Bounds on the estimated channel hit probabilities, so that no single channel becomes certain
/// (a weight of ±∞) from a finite sample.
const MIN_PROBABILITY: f64 = 1e-3;

/// Weight of one hit and one miss in a channel direction, by the number of sentences (1 to 3)
/// on the covering side.
///
/// More sentences offer more keys, so they cover more items by chance: with a hit probability
/// `p1` for a sentence's translation and `p0` for an unrelated sentence, an item is covered by
/// `n` sentences that include its translation with probability `1 - (1 - p1)(1 - p0)^(n-1)`, and
/// by `n` unrelated ones with `1 - (1 - p0)^n`. Without this, merging beads would buy chance hits.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ChannelWeight {
    pub hit: [f64; 3],
    pub miss: [f64; 3],
}

impl ChannelWeight {
    pub(crate) fn new(p1: f64, p0: f64) -> ChannelWeight {
        let mut w = ChannelWeight::default();
        for n in 1..=3 {
            let chance = (1.0 - p0).powi(n as i32 - 1);
            let q1 = 1.0 - (1.0 - p1) * chance;
            let q0 = 1.0 - (1.0 - p0) * chance;
            w.hit[n - 1] = (q1 / q0).ln();
            w.miss[n - 1] = ((1.0 - q1) / (1.0 - q0)).ln();
        }
        w
    }

    /// The weights of a hit and a miss when the covering side offers `size` sentences' worth of
    /// keys (1 to 3), between those of whole sentence counts.
    #[inline]
    pub(crate) fn at(&self, size: f64) -> (f64, f64) {
        let x = size.clamp(1.0, 3.0) - 1.0;
        // A comparison, not a saturating float-to-integer cast: this runs for every channel
        // of every bead scored.
        let k = usize::from(x >= 1.0);
        let f = x - k as f64;
        (
            self.hit[k] + f * (self.hit[k + 1] - self.hit[k]),
            self.miss[k] + f * (self.miss[k + 1] - self.miss[k]),
        )
    }
}

/// What a bead's sentences show of each other beyond lengths and cosines.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BeadEvidence<'a> {
    /// Items covered, per `[direction * CHANNELS + channel]`; direction 0 counts target items
    /// covered by the source sentences, 1 the reverse.
    pub hits: &'a [u32; 2 * CHANNELS],
    /// Item totals, indexed alike.
    pub items: &'a [u32; 2 * CHANNELS],
    /// The paragraph-start pattern where the bead starts: `2 × source + target`.
    pub starts: usize,
}

/// The estimated model.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub log_prior: [f64; TYPES],
    /// Expected target characters per source character.
    pub ratio: f64,
    /// Variance of the length difference per character.
    pub variance: f64,
    /// Marginal distribution of a sentence's length, `[source, target]`.
    pub marginal: [LogNormal; 2],
    /// Mean sentence length, `[source, target]`.
    pub mean_length: [f64; 2],
    /// `[channel][direction]`, direction 0: target items covered by the source, 1: the reverse.
    pub channels: [[ChannelWeight; 2]; CHANNELS],
    /// Log-likelihood ratio of the paragraph-start pattern `(source starts) * 2 + (target starts)`.
    pub paragraph: [f64; 4],
    /// Whether channels and paragraphs are used (false for the first, length-only pass).
    pub use_evidence: bool,
    /// The weight of the cosine of a bead's two sides, when the input has embeddings and they
    /// tell translations apart (see [`SemanticWeight::estimate`]).
    semantic: Option<SemanticWeight>,
    /// Whether the input has embeddings, and whether beads with four sentences on a side are
    /// considered: only where the cosines can weigh each of their sentences
    /// ([`SemanticWeight::bead_llr`]), and in the first, length-only pass of such an input.
    /// Without that check a 1-4 bead buys the chance hits of an inserted neighbour: on
    /// Text+Berg they took F1 without the encoder from 0.835 to 0.798. With it, verses whose
    /// translation runs to four sentences or more are found whole.
    embeddings: bool,
    long_beads: bool,
}

/// A log-normal distribution of `length + 1`, the marginal law of a sentence length: what a
/// length costs when nothing on the other side predicts it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LogNormal {
    mu: f64,
    sigma: f64,
}

impl LogNormal {
    /// Fitted to `lengths` by the mean and standard deviation of their logarithms.
    pub fn fit(lengths: impl Iterator<Item = f64> + Clone) -> LogNormal {
        let n = lengths.clone().count().max(1) as f64;
        let mu = lengths.clone().map(|l| (l + 1.0).ln()).sum::<f64>() / n;
        let var = lengths.map(|l| ((l + 1.0).ln() - mu).powi(2)).sum::<f64>() / n;
        LogNormal {
            mu,
            // A single or constant length still gets a usable spread: a tenth of e.
            sigma: var.sqrt().max(0.1),
        }
    }

    /// `ln` of the density at `length`.
    pub fn ln_pdf(&self, length: f64) -> f64 {
        let lx = (length + 1.0).ln();
        let z = (lx - self.mu) / self.sigma;
        -0.5 * z * z - lx - self.sigma.ln() - LN_SQRT_2PI
    }
}

/// `ln √(2π)`.
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// `ln x` for positive finite `x`, to about 1e-6: exponent and mantissa from the bits, then the
/// `atanh` series of the mantissa. The bead score takes two logarithms per candidate bead,
/// which with the library `ln` is the largest single cost of alignment.
#[inline]
pub(crate) fn fast_ln(x: f64) -> f64 {
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    if exponent == 0 || exponent == 0x7ff {
        return x.ln();
    }
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    // Centre the mantissa on 1 so that the series converges fast: m in [0.75, 1.5).
    let (m, e) = if m > 1.5 {
        (m / 2.0, exponent - 1022)
    } else {
        (m, exponent - 1023)
    };
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let series = 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (0.2 + s2 * (1.0 / 7.0 + s2 / 9.0))));
    e as f64 * std::f64::consts::LN_2 + series
}

/// `ln` of the density of one way to split `total` characters into `parts` sentences, all splits
/// equally likely: the uniform density on the simplex, `(parts - 1)! / total^(parts - 1)`.
fn ln_split(parts: usize, total: f64) -> f64 {
    if parts == 1 {
        return 0.0;
    }
    let factorial: f64 = (1..parts).map(|k| k as f64).product();
    factorial.ln() - (parts as f64 - 1.0) * fast_ln(total.max(1.0))
}

/// What the length score needs of a span of one to three sentences on one side.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SpanStat {
    /// Total length.
    pub sum: f32,
    /// `1 / (2 σ²)` of the other side's total when this span predicts it.
    pub inv: f32,
    /// Everything of the log density that does not depend on the other side: normalizer,
    /// split density, minus the span's marginal density.
    pub constant: f32,
    /// The keys the span offers, in sentences ([`Model::covering_size`]).
    pub covering: f64,
}

/// A bead in global sentence indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    pub i: usize,
    pub j: usize,
    pub kind: usize,
}

impl Step {
    pub fn a(&self) -> usize {
        BEAD_TYPES[self.kind].0
    }
    pub fn b(&self) -> usize {
        BEAD_TYPES[self.kind].1
    }
}

/// Per-pair evidence counts: `[direction * CHANNELS + channel]`, capped at 255.
pub(crate) type PairCounts = [u8; 2 * CHANNELS];

/// Counts the evidence of source sentence `i` and target sentence `j`.
pub(crate) fn pair_counts(
    src: &SideFeatures,
    tgt: &SideFeatures,
    i: usize,
    j: usize,
) -> PairCounts {
    let mut out = [0u8; 2 * CHANNELS];
    for c in 0..CHANNELS {
        out[c] = tgt.covered(c, j, src, i).min(255) as u8;
        out[CHANNELS + c] = src.covered(c, i, tgt, j).min(255) as u8;
    }
    out
}

impl Model {
    /// The initial model for two sequences of lengths.
    pub fn for_lengths(src: &[f64], tgt: &[f64]) -> Model {
        let (ls, lt): (f64, f64) = (src.iter().sum(), tgt.iter().sum());
        let ratio = if ls > 0.0 && lt > 0.0 { lt / ls } else { 1.0 };
        let total: f64 = INITIAL_PRIORS.iter().sum();
        Model {
            log_prior: INITIAL_PRIORS.map(|p| (p / total).ln()),
            ratio,
            variance: INITIAL_VARIANCE,
            marginal: [
                LogNormal::fit(src.iter().copied()),
                LogNormal::fit(tgt.iter().copied()),
            ],
            mean_length: [
                (ls / src.len().max(1) as f64).max(1.0),
                (lt / tgt.len().max(1) as f64).max(1.0),
            ],
            channels: [[ChannelWeight::default(); 2]; CHANNELS],
            paragraph: [0.0; 4],
            use_evidence: false,
            semantic: None,
            embeddings: false,
            long_beads: false,
        }
    }

    /// The length statistics of every span of one to four sentences of side `side` (0 source,
    /// 1 target), indexed by first sentence: what [`Model::length_score`] needs of each side,
    /// so that scoring a bead takes no logarithm. Spans that would run past the end are zero.
    pub fn spans(&self, side: usize, lengths: &[f64]) -> Vec<[SpanStat; MAX_SIDE]> {
        let marginal: Vec<f64> = lengths
            .iter()
            .map(|&l| self.marginal[side].ln_pdf(l))
            .collect();
        (0..lengths.len())
            .map(|i| {
                let mut out = [SpanStat::default(); MAX_SIDE];
                let (mut total, mut longest, mut marg) = (0.0, 0.0f64, 0.0);
                for (a, stat) in out.iter_mut().enumerate() {
                    if i + a >= lengths.len() {
                        break;
                    }
                    total += lengths[i + a];
                    longest = longest.max(lengths[i + a]);
                    marg += marginal[i + a];
                    *stat = self.stat(side, (total, longest), marg, a + 1);
                }
                out
            })
            .collect()
    }

    /// The statistics of one span of any number of sentences (for shapes beyond the bead
    /// types, whose statistics [`Model::spans`] does not keep).
    pub fn span_stat(&self, side: usize, lengths: &[f64]) -> SpanStat {
        let (total, longest) = lengths
            .iter()
            .fold((0.0, 0.0f64), |(s, m), &l| (s + l, m.max(l)));
        let marg = lengths.iter().map(|&l| self.marginal[side].ln_pdf(l)).sum();
        self.stat(side, (total, longest), marg, lengths.len())
    }

    fn stat(&self, side: usize, (total, longest): (f64, f64), marg: f64, parts: usize) -> SpanStat {
        let c = self.ratio;
        // The variance of the other side's total when this side predicts it: source spans
        // predict `c × total`, target spans predict `total / c`.
        let ln_var = if side == 0 {
            self.variance.ln() + fast_ln((c * total).max(1.0))
        } else {
            self.variance.ln() + fast_ln(total.max(1.0)) - 2.0 * c.ln()
        };
        SpanStat {
            sum: total as f32,
            inv: (0.5 * (-ln_var).exp()) as f32,
            constant: (-0.5 * ln_var - LN_SQRT_2PI + ln_split(parts, total) - marg) as f32,
            covering: self.covering_size(side, total, longest),
        }
    }

    /// Log-likelihood ratio of the lengths of a paired bead against the same sentences left
    /// unpaired: the target total given the source total (normal, variance growing with length)
    /// times a uniform split into sentences, over the marginal densities of those sentences;
    /// averaged over both directions of prediction, so that neither language is privileged.
    /// Unpaired sentences contribute their marginal density on every path, which cancels out.
    #[inline]
    pub fn length_score(&self, src: &SpanStat, tgt: &SpanStat) -> f64 {
        let c = self.ratio;
        let (ls, lt) = (f64::from(src.sum), f64::from(tgt.sum));
        let forward = lt - c * ls;
        let backward = ls - lt / c;
        0.5 * (f64::from(src.constant) + f64::from(tgt.constant)
            - forward * forward * f64::from(src.inv)
            - backward * backward * f64::from(tgt.inv))
    }

    /// Marks the input as having embeddings, which lets the length-only pass consider beads
    /// with four sentences on a side.
    pub fn with_embeddings(&mut self) {
        (self.embeddings, self.long_beads) = (true, true);
    }

    /// Sets the weight of the cosines. Beads with four sentences on a side are considered
    /// while it can weigh a bead's parts.
    pub fn set_semantic(&mut self, semantic: Option<SemanticWeight>) {
        self.long_beads = self.embeddings && semantic.as_ref().is_some_and(|w| w.part.is_some());
        self.semantic = semantic;
    }

    /// The weight of the cosines, when the input has embeddings that tell translations apart.
    pub fn semantic(&self) -> Option<&SemanticWeight> {
        self.semantic.as_ref()
    }

    /// The cosines of a bead that this model weighs: none without a semantic weight, and
    /// those of the parts only when it has laws for them. Scoring a bead is the aligner's
    /// inner loop; a cosine that nothing weighs is not computed.
    #[inline]
    pub fn cosines(
        &self,
        (src, i, a): (&SideFeatures, usize, usize),
        (tgt, j, b): (&SideFeatures, usize, usize),
    ) -> Option<BeadCosines> {
        let w = self.semantic.as_ref()?;
        let mut cosines = src.cosines((i, a), tgt, (j, b), w.part.is_some())?;
        cosines.kept_break = a == 2 && b == 2 && kept_block_break(src, tgt, (i + 1, j + 1));
        Some(cosines)
    }

    /// The log prior of beads of `shape`, when it is one of the model's types.
    pub fn prior_of(&self, shape: (usize, usize)) -> Option<f64> {
        BEAD_TYPES
            .iter()
            .position(|&t| t == shape)
            .map(|kind| self.log_prior[kind])
    }

    /// The log prior of the rarest of the model's many-to-many types of up to three sentences
    /// a side: what a larger shape that the model lacks is taken to be worth at most.
    pub fn rarest_prior(&self) -> f64 {
        BEAD_TYPES
            .iter()
            .zip(self.log_prior)
            .filter(|&(&(a, b), _)| a > 0 && b > 0 && a + b > 3 && a.max(b) < 4)
            .map(|(_, p)| p)
            .fold(f64::INFINITY, f64::min)
    }

    /// Whether beads of `kind` are considered.
    #[inline]
    pub fn allows(&self, kind: usize) -> bool {
        let (a, b) = BEAD_TYPES[kind];
        a.max(b) < MAX_SIDE || self.long_beads
    }

    /// Whether a bead of `shape` (source and target sentences) is of a type the model considers.
    pub fn has_shape(&self, shape: (usize, usize)) -> bool {
        BEAD_TYPES
            .iter()
            .position(|&t| t == shape)
            .is_some_and(|k| self.allows(k))
    }

    /// Score of a bead of type `kind` with the given span statistics, `evidence`, and `cosine`,
    /// the similarity of the bead's two sides and of its parts with the other side.
    #[inline]
    pub fn score(
        &self,
        kind: usize,
        src: &SpanStat,
        tgt: &SpanStat,
        evidence: Option<BeadEvidence>,
        cosine: Option<BeadCosines>,
    ) -> f64 {
        let (a, b) = BEAD_TYPES[kind];
        if a == 0 || b == 0 {
            // An unpaired sentence's length has the same (marginal) probability on every path
            // that leaves it unpaired or pairs it, so only the pairing's conditional term counts.
            return self.log_prior[kind];
        }
        if !self.allows(kind) {
            return f64::NEG_INFINITY;
        }
        self.log_prior[kind] + self.pair_llr(a, b, src, tgt, evidence, cosine)
    }

    /// How many sentences' worth of keys a span of side `side` with sentence `lengths` offers:
    /// the sentence that holds an item's translation, taken to be the longest, plus the rest of
    /// the span in mean sentence lengths, at most 3. Numbers, names, cognates and punctuation
    /// come with a sentence's length, so a fragment of four words beside a long sentence
    /// (`Nun begannen die Erkundungen :`) offers few chance hits; counted as a whole second
    /// sentence it devalued every hit of its bead (8.7 nats on Text+Berg, where such fragments
    /// were left unpaired). The lexical channels keep the sentence count ([`Model::pair_llr`]).
    #[inline]
    fn covering_size(&self, side: usize, total: f64, longest: f64) -> f64 {
        (1.0 + (total - longest) / self.mean_length[side]).min(3.0)
    }

    /// Log-likelihood ratio of `a` source sentences translating `b` target sentences against
    /// their being unrelated: lengths and, when given and estimated, evidence and the cosines.
    /// Each side's [`SpanStat::covering`] weighs the hits of
    /// the channels whose items come with a sentence's length. The lexical channels count
    /// sentences instead: every sentence, however short, offers the frequent words, and weighed
    /// by length the Declaration's short articles, all "everyone has the right", merged in pairs
    /// without the encoder (strict F1 0.964 to 0.868). Shapes beyond three sentences a side weigh
    /// hits as three-sentence ones do, which slightly overrates the chance hits of larger spans.
    #[inline]
    pub fn pair_llr(
        &self,
        a: usize,
        b: usize,
        src: &SpanStat,
        tgt: &SpanStat,
        evidence: Option<BeadEvidence>,
        cosine: Option<BeadCosines>,
    ) -> f64 {
        let mut s = self.length_score(src, tgt);
        if let (Some(w), Some(c)) = (self.semantic, cosine) {
            s += w.bead_llr(&c);
        }
        if self.use_evidence
            && let Some(BeadEvidence {
                hits,
                items,
                starts,
            }) = evidence
        {
            let mut e = 0.0;
            for (d, (keys, sentences)) in [(src.covering, a), (tgt.covering, b)]
                .into_iter()
                .enumerate()
            {
                // Direction 0: target items covered by the source sentences.
                for c in 0..CHANNELS {
                    let n = items[d * CHANNELS + c];
                    if n == 0 {
                        continue;
                    }
                    let size = if c == LEXICAL || c == RARE_LEXICAL {
                        sentences as f64
                    } else {
                        keys
                    };
                    let (hit, miss) = self.channels[c][d].at(size);
                    let k = hits[d * CHANNELS + c].min(n);
                    e += f64::from(k) * hit + f64::from(n - k) * miss;
                }
            }
            s += e + self.paragraph[starts];
        }
        s
    }

    /// Re-estimates every parameter from an alignment of the input, and turns evidence on.
    pub fn estimate(&mut self, src: &SideFeatures, tgt: &SideFeatures, path: &[Step]) {
        // Bead-type priors: observed frequencies, smoothed towards the current priors.
        let mut counts = [0.0; TYPES];
        for step in path {
            counts[step.kind] += 1.0;
        }
        let total: f64 = counts.iter().sum::<f64>() + PRIOR_STRENGTH;
        for (lp, count) in self.log_prior.iter_mut().zip(counts) {
            *lp = ((count + PRIOR_STRENGTH * lp.exp()) / total).ln();
        }

        // Length ratio and variance from the 1-1 beads, robustly.
        let ones: Vec<(f64, f64)> = path
            .iter()
            .filter(|s| s.kind == 0)
            .map(|s| (src.lengths[s.i], tgt.lengths[s.j]))
            .filter(|&(a, b)| a > 0.0 && b > 0.0)
            .collect();
        if ones.len() >= 3 {
            let (sa, sb) = ones
                .iter()
                .fold((0.0, 0.0), |(x, y), &(a, b)| (x + a, y + b));
            self.ratio = sb / sa;
            let mut z: Vec<f64> = ones
                .iter()
                .map(|&(a, b)| {
                    let d = b - self.ratio * a;
                    d * d / (self.ratio * a)
                })
                .collect();
            let mid = z.len() / 2;
            z.select_nth_unstable_by(mid, f64::total_cmp);
            let variance = z[mid] / CHI2_1_MEDIAN;
            if variance.is_finite() && variance > 0.0 {
                self.variance = variance;
            }
        }

        // Channels and paragraphs: aligned 1-1 pairs against their neighbours.
        let mut hits = [[[0.0f64; 2]; 2]; CHANNELS]; // [channel][direction][aligned?]
        let mut items = [[[0.0f64; 2]; 2]; CHANNELS];
        let mut starts = [[0.0f64; 4]; 2];
        let mut tally = |i: usize, j: usize, aligned: usize| {
            let counts = pair_counts(src, tgt, i, j);
            for c in 0..CHANNELS {
                let nt = f64::from(tgt.items(j)[c]);
                let ns = f64::from(src.items(i)[c]);
                hits[c][0][aligned] += f64::from(counts[c]).min(nt);
                items[c][0][aligned] += nt;
                hits[c][1][aligned] += f64::from(counts[CHANNELS + c]).min(ns);
                items[c][1][aligned] += ns;
            }
            let pattern =
                usize::from(src.paragraph_start[i]) * 2 + usize::from(tgt.paragraph_start[j]);
            starts[aligned][pattern] += 1.0;
        };
        for s in path.iter().filter(|s| s.kind == 0) {
            tally(s.i, s.j, 1);
            if s.j + 1 < tgt.len() {
                tally(s.i, s.j + 1, 0);
            }
            if s.i + 1 < src.len() {
                tally(s.i + 1, s.j, 0);
            }
        }
        for c in 0..CHANNELS {
            for d in 0..2 {
                let rate = |a: usize| {
                    ((hits[c][d][a] + 0.5) / (items[c][d][a] + 1.0))
                        .clamp(MIN_PROBABILITY, 1.0 - MIN_PROBABILITY)
                };
                let (p1, p0) = (rate(1), rate(0));
                self.channels[c][d] = if p1 > p0 {
                    ChannelWeight::new(p1, p0)
                } else {
                    ChannelWeight::default()
                };
            }
        }
        let (n1, n0): (f64, f64) = (starts[1].iter().sum(), starts[0].iter().sum());
        // A start where neither text starts a paragraph is what every sentence inside a bead
        // has too: it says nothing for a boundary. Against neighbours' pairs it looked like
        // evidence (1.8 nats where most paragraphs are one sentence), and two beads inside a
        // paragraph always beat one. So it stays at zero.
        for (p, llr) in self.paragraph.iter_mut().enumerate().skip(1) {
            *llr =
                ((starts[1][p] + 1.0) / (n1 + 4.0)).ln() - ((starts[0][p] + 1.0) / (n0 + 4.0)).ln();
        }
        self.use_evidence = true;
    }
}

/// Whether both texts end a block before source sentence `k` and target sentence `l`: both
/// start a paragraph there, or both sentences before it end without a sentence mark (a
/// headline, a heading). There, what crosses the boundary is not taken as content that moved
/// across it, only its absence as evidence of two beads: a translator who moves a clause moves
/// it within a paragraph, and a headline says what its lead says by design (in one news
/// article the cosines across are 0.61 and 0.51, where a moved clause gives one high and one
/// low, and the lead repeats the headline's party and seat count).
pub(crate) fn kept_block_break(
    src: &SideFeatures,
    tgt: &SideFeatures,
    (k, l): (usize, usize),
) -> bool {
    (src.paragraph_start[k] && tgt.paragraph_start[l])
        || (k > 0 && l > 0 && src.unmarked_end[k - 1] && tgt.unmarked_end[l - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_ln_is_accurate() {
        for x in [
            1e-3, 0.5, 0.75, 1.0, 1.4999, 1.5001, 2.0, 7.3, 100.0, 12_345.6, 1e12,
        ] {
            assert!(
                (fast_ln(x) - x.ln()).abs() < 1e-6,
                "{x}: {} {}",
                fast_ln(x),
                x.ln()
            );
        }
    }

    /// A fragment beside a long sentence offers few keys, and a hit in their bead is worth
    /// nearly what it is worth in the long sentence alone; two sentences of the mean length
    /// weigh as two.
    #[test]
    fn a_fragment_barely_widens_its_bead() {
        let model = Model::for_lengths(&[100.0, 100.0, 100.0, 100.0], &[100.0; 4]);
        let covering = |side: usize, lengths: &[f64]| model.span_stat(side, lengths).covering;
        assert_eq!(covering(0, &[100.0]), 1.0);
        assert_eq!(covering(0, &[100.0, 100.0]), 2.0);
        assert!((covering(0, &[150.0, 20.0]) - 1.2).abs() < 1e-9);
        assert_eq!(covering(1, &[100.0; 4]), 3.0);
        let w = ChannelWeight::new(0.6, 0.1);
        let (one, two) = (w.at(1.0), w.at(2.0));
        assert_eq!(one, (w.hit[0], w.miss[0]));
        assert_eq!(two, (w.hit[1], w.miss[1]));
        let fragment = w.at(1.2);
        assert!(fragment.0 < one.0 && fragment.0 > two.0, "{fragment:?}");
    }

    #[test]
    fn length_score_prefers_the_expected_ratio() {
        // Sentence lengths spread as in real text (log-normal, sigma near 0.8).
        let src = [20.0, 45.0, 70.0, 100.0, 140.0, 200.0, 320.0];
        let tgt = src.map(|l| 1.2 * l);
        let mut m = Model::for_lengths(&src, &tgt);
        m.ratio = 1.2;
        let score = |s: &[f64], t: &[f64]| {
            m.length_score(
                &m.spans(0, s)[0][s.len() - 1],
                &m.spans(1, t)[0][t.len() - 1],
            )
        };
        assert!(score(&[100.0], &[120.0]) > score(&[100.0], &[60.0]));
        // A sentence split in two is better paired whole than half paired, half left out.
        let whole = score(&[100.0], &[70.0, 50.0]) + m.log_prior[3];
        let half = score(&[100.0], &[70.0]) + m.log_prior[0] + m.log_prior[2];
        assert!(whole > half, "{whole} {half}");
    }
}
