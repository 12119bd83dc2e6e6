//! The probability model of a bead: prior of its type, a length model, and the log-likelihood
//! ratios of the evidence channels, all estimated from the input itself.
//!
//! A bead's score is `ln P(type) + ln P(lengths | type) + Σ LLR(evidence)`. The length term is
//! Gale and Church's: the target length is normally distributed around `ratio × source length`
//! with variance `s² × mean length`, and a bead scores the two-sided tail probability of its
//! standardized difference. Each evidence channel counts how many items of one sentence the
//! other covers; its weight per hit and per miss is the log ratio of the hit rate in aligned pairs
//! to the hit rate in neighbouring, unaligned pairs (the confusions the aligner has to rule out).
//! What this does not do: model word order, or weigh items by rarity.

use super::features::{CHANNELS, SideFeatures};

/// The bead types the aligner considers, as (source sentences, target sentences).
pub(crate) const BEAD_TYPES: [(usize, usize); 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
];

/// Starting bead-type probabilities before any estimation: Gale and Church (1993), table 5
/// (1-1 .89, 1-0 or 0-1 .0099, 2-1 or 1-2 .089, 2-2 .011), each two-way mass split evenly, and
/// 1-3 / 3-1 given a quarter of the 2-2 mass each; renormalized on use.
const INITIAL_PRIORS: [f64; 8] = [
    0.89, 0.00495, 0.00495, 0.0445, 0.0445, 0.011, 0.00275, 0.00275,
];

/// How many beads' worth of weight the initial priors keep when bead-type frequencies are
/// re-estimated, so that a short text cannot drive a type's probability to zero.
const PRIOR_STRENGTH: f64 = 20.0;

/// Gale and Church's variance per character of the length difference, used only to find the first
/// alignment; it is then re-estimated from the input.
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
    fn new(p1: f64, p0: f64) -> ChannelWeight {
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
}

/// The estimated model.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub log_prior: [f64; 8],
    /// Expected target characters per source character.
    pub ratio: f64,
    /// Variance of the length difference per character.
    pub variance: f64,
    /// `[channel][direction]`, direction 0: target items covered by the source, 1: the reverse.
    pub channels: [[ChannelWeight; 2]; CHANNELS],
    /// Log-likelihood ratio of the paragraph-start pattern `(source starts) * 2 + (target starts)`.
    pub paragraph: [f64; 4],
    /// Whether channels and paragraphs are used (false for the first, length-only pass).
    pub use_evidence: bool,
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

/// `ln erfc(x)` for `x ≥ 0`, accurate far into the tail (Numerical Recipes' `erfcc` Chebyshev
/// fit, fractional error below 1.2e-7), so very unlikely beads keep distinct scores.
pub(crate) fn ln_erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    t.ln() + poly
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
    let (s, t) = (&src.sentences[i], &tgt.sentences[j]);
    for c in 0..CHANNELS {
        out[c] = t.channels[c].covered_by(&s.channels[c]).min(255) as u8;
        out[CHANNELS + c] = s.channels[c].covered_by(&t.channels[c]).min(255) as u8;
    }
    out
}

impl Model {
    /// The model before anything is known about the input but its total lengths.
    pub fn initial(src: &SideFeatures, tgt: &SideFeatures) -> Model {
        let (ls, lt) = (src.length(0..src.len()), tgt.length(0..tgt.len()));
        let ratio = if ls > 0.0 && lt > 0.0 { lt / ls } else { 1.0 };
        let total: f64 = INITIAL_PRIORS.iter().sum();
        Model {
            log_prior: INITIAL_PRIORS.map(|p| (p / total).ln()),
            ratio,
            variance: INITIAL_VARIANCE,
            channels: [[ChannelWeight::default(); 2]; CHANNELS],
            paragraph: [0.0; 4],
            use_evidence: false,
        }
    }

    /// Log probability of the lengths of a bead with `ls` source and `lt` target characters.
    pub fn length_score(&self, ls: f64, lt: f64) -> f64 {
        let mean = (self.ratio * ls + lt) / 2.0;
        let sd = (self.variance * mean.max(1.0)).sqrt();
        let delta = (lt - self.ratio * ls) / sd;
        ln_erfc(delta.abs() / std::f64::consts::SQRT_2)
    }

    /// Score of a bead of type `kind` with the given lengths and evidence. `counts` are the summed
    /// hit counts, `items` the item totals per `[direction * CHANNELS + channel]`, and `starts` the
    /// paragraph-start pattern.
    pub fn score(
        &self,
        kind: usize,
        ls: f64,
        lt: f64,
        evidence: Option<(&[u32; 2 * CHANNELS], &[u32; 2 * CHANNELS], usize)>,
    ) -> f64 {
        let mut s = self.log_prior[kind] + self.length_score(ls, lt);
        if self.use_evidence
            && let Some((hits, items, starts)) = evidence
        {
            let (a, b) = BEAD_TYPES[kind];
            for d in 0..2 {
                // Direction 0: target items covered by the `a` source sentences.
                let size = if d == 0 { a } else { b };
                for c in 0..CHANNELS {
                    let w = self.channels[c][d];
                    let n = items[d * CHANNELS + c];
                    let k = hits[d * CHANNELS + c].min(n);
                    s += f64::from(k) * w.hit[size - 1] + f64::from(n - k) * w.miss[size - 1];
                }
            }
            s += self.paragraph[starts];
        }
        s
    }

    /// Re-estimates every parameter from an alignment of the input, and turns evidence on.
    pub fn estimate(&mut self, src: &SideFeatures, tgt: &SideFeatures, path: &[Step]) {
        // Bead-type priors: observed frequencies, smoothed towards the current priors.
        let mut counts = [0.0; 8];
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
            .map(|s| (src.sentences[s.i].length, tgt.sentences[s.j].length))
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
                    d * d / ((self.ratio * a + b) / 2.0)
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
                let nt = tgt.sentences[j].channels[c].len() as f64;
                let ns = src.sentences[i].channels[c].len() as f64;
                hits[c][0][aligned] += f64::from(counts[c]).min(nt);
                items[c][0][aligned] += nt;
                hits[c][1][aligned] += f64::from(counts[CHANNELS + c]).min(ns);
                items[c][1][aligned] += ns;
            }
            let pattern = usize::from(src.sentences[i].paragraph_start) * 2
                + usize::from(tgt.sentences[j].paragraph_start);
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
        for (p, llr) in self.paragraph.iter_mut().enumerate() {
            *llr =
                ((starts[1][p] + 1.0) / (n1 + 4.0)).ln() - ((starts[0][p] + 1.0) / (n0 + 4.0)).ln();
        }
        self.use_evidence = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_erfc_matches_known_values() {
        // erfc(0) = 1, erfc(1) = 0.157299207, erfc(5) = 1.53745979e-12.
        assert!(ln_erfc(0.0).abs() < 1e-6);
        assert!((ln_erfc(1.0) - 0.157_299_207f64.ln()).abs() < 1e-6);
        assert!((ln_erfc(5.0) - 1.537_459_79e-12f64.ln()).abs() < 1e-5);
        assert!(ln_erfc(40.0).is_finite());
    }

    #[test]
    fn length_score_prefers_the_expected_ratio() {
        let src = SideFeatures::new(&[]);
        let mut m = Model::initial(&src, &src);
        m.ratio = 1.2;
        assert!(m.length_score(100.0, 120.0) > m.length_score(100.0, 60.0));
        assert!(m.length_score(100.0, 120.0) > m.length_score(100.0, 0.0));
    }
}
