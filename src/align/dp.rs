//! Dynamic programming over a band of the alignment lattice: Viterbi for the best bead sequence
//! and forward-backward for each bead's posterior probability.
//!
//! A lattice corner `(i, j)` means "the first `i` source and `j` target sentences are aligned".
//! The band keeps, for every row `i`, the corners `lo[i] ..= hi[i]`, with `lo` and `hi`
//! non-decreasing and neighbouring rows overlapping, so that a path from `(0, 0)` to `(n, m)`
//! always exists. Time and memory are proportional to the number of corners in the band, never
//! to `n × m` unless the band is full. This module does not choose the band or score beads.

use super::model::{BEAD_TYPES, MAX_SIDE, Step, TYPES};

/// A stretch of a path: from one corner to another.
pub(crate) type Span = ((usize, usize), (usize, usize));

/// The corners kept of an `n × m` lattice.
#[derive(Debug, Clone)]
pub(crate) struct Band {
    pub n: usize,
    pub m: usize,
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Band {
    /// Every corner.
    pub fn full(n: usize, m: usize) -> Band {
        Band::from_ranges(n, m, vec![0; n + 1], vec![m; n + 1])
    }

    /// The corners within `width` columns of `path` (in local indices), where `path` is a bead
    /// sequence from `(0, 0)` to `(n, m)` of any granularity: a bead from `(i, j)` to `(i2, j2)`
    /// opens rows `i ..= i2` at columns `j - width ..= j2 + width`.
    pub fn around(n: usize, m: usize, path: &[Span], width: usize) -> Band {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0; n + 1];
        for &((i, j), (i2, j2)) in path {
            for r in i.min(n)..=i2.min(n) {
                lo[r] = lo[r].min(j.saturating_sub(width));
                hi[r] = hi[r].max((j2 + width).min(m));
            }
        }
        Band::from_ranges(n, m, lo, hi)
    }

    /// Repairs arbitrary ranges into a valid band: ends pinned to `(0, 0)` and `(n, m)`,
    /// monotone bounds, and overlapping neighbours.
    fn from_ranges(n: usize, m: usize, mut lo: Vec<usize>, mut hi: Vec<usize>) -> Band {
        lo[0] = 0;
        hi[n] = m;
        // Rows no path bead touched inherit their neighbours' ranges through the monotone fix.
        for r in (0..n).rev() {
            lo[r] = lo[r].min(lo[r + 1]);
        }
        for r in 1..=n {
            hi[r] = hi[r].max(hi[r - 1]);
        }
        for r in 0..=n {
            hi[r] = hi[r].min(m);
            lo[r] = lo[r].min(hi[r]);
        }
        for r in 0..n {
            hi[r] = hi[r].max(lo[r + 1]);
        }
        let mut offset = Vec::with_capacity(n + 2);
        let mut total = 0;
        for r in 0..=n {
            offset.push(total);
            total += hi[r] - lo[r] + 1;
        }
        offset.push(total);
        Band {
            n,
            m,
            lo,
            hi,
            offset,
        }
    }

    /// Number of corners.
    pub fn cells(&self) -> usize {
        self.offset[self.n + 1]
    }

    /// The columns of row `i`.
    pub fn row(&self, i: usize) -> std::ops::RangeInclusive<usize> {
        self.lo[i]..=self.hi[i]
    }

    /// Which side of the band corner `(i, j)` lies on: `Less` left of row `i`'s columns,
    /// `Greater` right of them, `Equal` in the band.
    pub fn side(&self, i: usize, j: usize) -> std::cmp::Ordering {
        let i = i.min(self.n);
        if j < self.lo[i] {
            std::cmp::Ordering::Less
        } else if j > self.hi[i] {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }

    /// Storage index of corner `(i, j)`, if it is in the band.
    #[inline]
    pub fn index(&self, i: usize, j: usize) -> Option<usize> {
        if i > self.n || j < self.lo[i] || j > self.hi[i] {
            None
        } else {
            Some(self.offset[i] + j - self.lo[i])
        }
    }
}

/// Rows of best scores kept: one more than the most source sentences a bead spans.
const RING: usize = MAX_SIDE + 1;

/// `ln Σ exp(x)`, shifted by the maximum so that nothing overflows; `-∞` when all are `-∞`.
#[inline]
fn log_sum(xs: &[f64; TYPES]) -> f64 {
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if hi == f64::NEG_INFINITY {
        return hi;
    }
    hi + xs.iter().map(|&x| (x - hi).exp()).sum::<f64>().ln()
}

/// The best bead sequence, and when `posteriors` is set, each of its beads' posterior
/// probability. `score(i, j, kind)` scores the bead of `kind` that starts at corner `(i, j)`.
pub(crate) fn align_band(
    band: &Band,
    score: impl Fn(usize, usize, usize) -> f64 + Sync,
    posteriors: bool,
) -> Vec<(Step, f64)> {
    let cells = band.cells();
    // Best scores are needed only for the last four rows (beads span at most three), so they
    // live in a ring of four rows; only the back pointers, a byte a corner, cover the band.
    let ring_width = (0..=band.n)
        .map(|r| band.hi[r] - band.lo[r] + 1)
        .max()
        .unwrap_or(1);
    let mut best = vec![f64::NEG_INFINITY; RING * ring_width];
    let slot = |i: usize, j: usize| (i % RING) * ring_width + j - band.lo[i];
    let mut back = vec![u8::MAX; cells];
    let mut forward = if posteriors {
        vec![f64::NEG_INFINITY; cells]
    } else {
        Vec::new()
    };
    // With posteriors, each transition's score is kept for the backward pass: scoring is the
    // dominant cost, and the band of one piece is small. NaN marks transitions never scored
    // (from corners the forward pass cannot reach, which carry no posterior mass).
    let types = BEAD_TYPES.len();
    let mut cache = if posteriors {
        vec![f64::NAN; cells * types]
    } else {
        Vec::new()
    };
    if posteriors {
        forward[0] = 0.0;
    }
    for i in 0..=band.n {
        best[(i % RING) * ring_width..(i % RING + 1) * ring_width].fill(f64::NEG_INFINITY);
        // The rows a bead ending in row `i` starts from, by its number of source sentences:
        // their first column, last column, first corner's storage index and best-score slot.
        let from_rows: [Option<(usize, usize, usize, usize)>; RING] = std::array::from_fn(|da| {
            let r = i.checked_sub(da)?;
            Some((
                band.lo[r],
                band.hi[r],
                band.offset[r],
                (r % RING) * ring_width,
            ))
        });
        for j in band.row(i) {
            let here = band.offset[i] + j - band.lo[i];
            if here == 0 {
                best[slot(0, 0)] = 0.0;
                continue;
            }
            let mut b = f64::NEG_INFINITY;
            let mut arg = u8::MAX;
            // Forward terms of the incoming transitions, summed once at the end: one
            // logarithm per corner instead of one per transition.
            let mut terms = [f64::NEG_INFINITY; TYPES];
            for (k, &(da, db)) in BEAD_TYPES.iter().enumerate() {
                let Some((lo, hi, offset, ring)) = from_rows[da] else {
                    continue;
                };
                let Some(col) = j.checked_sub(db).filter(|c| (lo..=hi).contains(c)) else {
                    continue;
                };
                let from = best[ring + col - lo];
                if from == f64::NEG_INFINITY {
                    continue;
                }
                let prev = offset + col - lo;
                let s = score(i - da, col, k);
                if from + s > b {
                    b = from + s;
                    arg = k as u8;
                }
                if posteriors {
                    cache[prev * types + k] = s;
                    terms[k] = forward[prev] + s;
                }
            }
            best[slot(i, j)] = b;
            back[here] = arg;
            if posteriors {
                forward[here] = log_sum(&terms);
            }
        }
    }
    // Trace back.
    let mut steps = Vec::new();
    let (mut i, mut j) = (band.n, band.m);
    while i > 0 || j > 0 {
        let k = back[band.index(i, j).expect("path stays in band")] as usize;
        let (da, db) = BEAD_TYPES[k];
        i -= da;
        j -= db;
        steps.push(Step { i, j, kind: k });
    }
    steps.reverse();
    if !posteriors {
        return steps.into_iter().map(|s| (s, f64::NAN)).collect();
    }
    drop(best);
    drop(back);
    // Backward pass.
    let mut backward = vec![f64::NEG_INFINITY; cells];
    backward[cells - 1] = 0.0;
    for i in (0..=band.n).rev() {
        for j in band.row(i).rev() {
            let here = band.index(i, j).expect("in band");
            if i == band.n && j == band.m {
                continue;
            }
            let mut terms = [f64::NEG_INFINITY; TYPES];
            for (k, &(da, db)) in BEAD_TYPES.iter().enumerate() {
                let Some(next) = band.index(i + da, j + db) else {
                    continue;
                };
                if i + da > band.n || j + db > band.m || backward[next] == f64::NEG_INFINITY {
                    continue;
                }
                let s = cache[here * types + k];
                if !s.is_nan() {
                    terms[k] = s + backward[next];
                }
            }
            let acc = log_sum(&terms);
            backward[here] = acc;
        }
    }
    let total = forward[cells - 1];
    steps
        .into_iter()
        .map(|s| {
            let (da, db) = BEAD_TYPES[s.kind];
            let from = band.index(s.i, s.j).expect("in band");
            let to = band.index(s.i + da, s.j + db).expect("in band");
            let p = (forward[from] + cache[from * types + s.kind] + backward[to] - total).exp();
            (s, p.clamp(0.0, 1.0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_around_a_path_is_valid() {
        let path = vec![((0, 0), (1, 1)), ((1, 1), (3, 2)), ((3, 2), (4, 4))];
        let band = Band::around(4, 4, &path, 1);
        assert!(band.index(0, 0).is_some());
        assert!(band.index(4, 4).is_some());
        assert!(band.index(0, 4).is_none());
        for i in 0..4 {
            assert!(band.row(i + 1).start() <= band.row(i).end());
        }
    }

    #[test]
    fn viterbi_and_posteriors_on_a_tiny_lattice() {
        let band = Band::full(2, 2);
        // 1-1 beads are the only likely ones.
        let steps = align_band(&band, |_, _, k| if k == 0 { -0.1 } else { -10.0 }, true);
        assert_eq!(steps.len(), 2);
        assert!(steps.iter().all(|(s, p)| s.kind == 0 && *p > 0.99));
    }
}
