//! The two laws of cross-lingual cosine similarity, estimated from a text's own pairs: the law
//! of unrelated sentences (robustly, from pairs known to be unrelated) and the law of
//! translations (as one component of a two-law mixture, by EM).
//!
//! The aligner ([`crate::align`]) weighs its semantic evidence with these laws, and `validate`
//! ([`crate::qa`]) judges each pair of a memory against them. What this module deliberately does
//! not do: encode text, pick the pairs, or decide what a cosine means for a pair; it only
//! estimates the two normal laws.

/// A normal law of cosines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NormalLaw {
    /// The mean cosine.
    pub mu: f64,
    /// The standard deviation.
    pub sigma: f64,
}

impl NormalLaw {
    /// ln of the density at `x`, less the constant ln √(2π).
    #[inline]
    pub fn ln_density(&self, x: f64) -> f64 {
        let z = (x - self.mu) / self.sigma;
        -0.5 * z * z - self.sigma.ln()
    }
}

/// The smallest spread either law may have, so that no cosine becomes certain evidence from a
/// few close values.
pub const MIN_SIGMA: f64 = 0.03;

/// The EM fit of the translation law runs this many rounds; it settles in a few dozen.
const EM_ROUNDS: usize = 60;

/// The likelihood-ratio statistic (twice the log-likelihood gained by the two-law fit over the
/// unrelated law alone) that the cosines must reach for a translation law to be reported: the
/// chi-square value with three degrees of freedom (the added law's mean, spread and share) at
/// p = 0.001. Below it, the cosines do not show translations apart from chance.
pub const SIGNAL_THRESHOLD: f64 = 16.27;

/// Scale factor from the median absolute deviation to a standard deviation for normal data.
const MAD_TO_SIGMA: f64 = 1.4826;

/// The law of `cosines` of pairs taken to be unrelated, robustly: the median, and the median
/// absolute deviation scaled to a standard deviation (floored at [`MIN_SIGMA`]). `None` for no
/// cosine. Reorders `cosines`.
pub fn unrelated_law(cosines: &mut [f64]) -> Option<NormalLaw> {
    if cosines.is_empty() {
        return None;
    }
    let mu = median(cosines);
    let mut deviations: Vec<f64> = cosines.iter().map(|x| (x - mu).abs()).collect();
    let sigma = (MAD_TO_SIGMA * median(&mut deviations)).max(MIN_SIGMA);
    Some(NormalLaw { mu, sigma })
}

/// Fits the law of translations to `cosines` as the second component of a two-law mixture whose
/// first law, `unrelated`, is fixed; returns it with its share of the cosines. `None` when the
/// mixture does not explain the cosines better than `unrelated` alone by a likelihood-ratio
/// statistic of `threshold` (such as [`SIGNAL_THRESHOLD`]), or when the fitted law does not lie
/// above it.
///
/// A cosine below the unrelated law's mean is taken as an unrelated pair's: a translation
/// scores above a typical unrelated pair, and the robust unrelated law is thinner in its lower
/// tail than real cosines are. Left to the translation law, such cosines widened it to cover
/// both tails: on a short report whose first path an inserted sentence had shifted, 0.31 ±
/// 0.22 instead of 0.57 ± 0.07, too weak a channel to put the path right (2 of 15 beads).
pub fn fit_translation_law(
    cosines: &[f64],
    unrelated: NormalLaw,
    threshold: f64,
) -> Option<(NormalLaw, f64)> {
    if cosines.is_empty() {
        return None;
    }
    let null_ll: f64 = cosines.iter().map(|&x| unrelated.ln_density(x)).sum();
    // Start from the upper half of the cosines: translations are the closer pairs.
    let mut sorted = cosines.to_vec();
    let mid = sorted.len() / 2;
    sorted.select_nth_unstable_by(mid, f64::total_cmp);
    let upper = &sorted[mid..];
    let mut law = NormalLaw {
        mu: upper.iter().sum::<f64>() / upper.len() as f64,
        sigma: unrelated.sigma,
    };
    let mut share: f64 = 0.5;
    let mut ll = f64::NEG_INFINITY;
    for _ in 0..EM_ROUNDS {
        let (mut w, mut wx, mut wxx) = (0.0, 0.0, 0.0);
        ll = 0.0;
        for &x in cosines {
            let b = (1.0 - share).ln() + unrelated.ln_density(x);
            if x < unrelated.mu {
                ll += b;
                continue;
            }
            let a = share.ln() + law.ln_density(x);
            let top = a.max(b);
            let total = top + ((a - top).exp() + (b - top).exp()).ln();
            ll += total;
            let r = (a - total).exp();
            w += r;
            wx += r * x;
            wxx += r * x * x;
        }
        if w < 1.0 {
            return None;
        }
        law.mu = wx / w;
        law.sigma = (wxx / w - law.mu * law.mu).max(0.0).sqrt().max(MIN_SIGMA);
        share = (w / cosines.len() as f64).clamp(1e-3, 1.0 - 1e-3);
    }
    let gain = 2.0 * (ll - null_ll);
    (gain >= threshold && law.mu > unrelated.mu).then_some((law, share))
}

/// The median (the upper one for an even count); reorders `xs`, which must not be empty.
pub fn median(xs: &mut [f64]) -> f64 {
    let mid = xs.len() / 2;
    *xs.select_nth_unstable_by(mid, f64::total_cmp).1
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A deterministic sample of a normal law (Box-Muller on a fixed sequence).
    pub(crate) fn normal(count: usize, mu: f64, sigma: f64, seed: u64) -> Vec<f64> {
        let mut state = seed;
        let mut uniform = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        (0..count)
            .map(|_| {
                let (u, v) = (uniform(), uniform());
                mu + sigma * (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
            })
            .collect()
    }

    #[test]
    fn the_unrelated_law_ignores_a_few_translations_among_it() {
        let mut cosines = normal(400, 0.12, 0.1, 7);
        cosines.extend(normal(20, 0.75, 0.08, 8));
        let law = unrelated_law(&mut cosines).unwrap();
        assert!((law.mu - 0.12).abs() < 0.03, "{law:?}");
        assert!((law.sigma - 0.1).abs() < 0.03, "{law:?}");
        assert_eq!(unrelated_law(&mut []), None);
    }

    /// The cosines of the paired beads of a length path that an inserted sentence shifted
    /// for most of a short football report: three translations (0.45 to 0.64), and
    /// neighbours' pairs, several far below the unrelated pairs' mean (0.21 ± 0.11). Those low
    /// cosines are unrelated pairs, not translations: taken into the translation law, they
    /// made it wide and low (0.31 ± 0.22), too weak to put the path right.
    #[test]
    fn cosines_below_the_unrelated_mean_do_not_widen_the_translation_law() {
        let cosines = [
            0.55, 0.644, -0.009, 0.45, 0.312, 0.065, 0.136, 0.344, 0.199, 0.11, 0.088, 0.011,
            0.076, 0.238, 0.281,
        ];
        let unrelated = NormalLaw {
            mu: 0.205,
            sigma: 0.115,
        };
        // The aligner's threshold (`align::semantic::SIGNAL`, p = 0.01), which it passed.
        let (law, _) = fit_translation_law(&cosines, unrelated, 11.34).expect("a signal");
        assert!(law.mu > 0.5 && law.sigma < 0.1, "{law:?}");
    }

    #[test]
    fn a_mixture_gives_the_translation_law_and_its_share() {
        let mut cosines = normal(300, 0.7, 0.08, 1);
        cosines.extend(normal(100, 0.15, 0.12, 2));
        let unrelated = NormalLaw {
            mu: 0.15,
            sigma: 0.12,
        };
        let (law, share) =
            fit_translation_law(&cosines, unrelated, SIGNAL_THRESHOLD).expect("a signal");
        assert!((law.mu - 0.7).abs() < 0.03, "{law:?}");
        assert!((share - 0.75).abs() < 0.05, "{share}");
        let chance = normal(500, 0.15, 0.12, 3);
        assert_eq!(
            fit_translation_law(&chance, unrelated, SIGNAL_THRESHOLD),
            None
        );
    }
}
