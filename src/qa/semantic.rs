//! The meaning check of `validate`: whether each pair's target says what its source says, by the
//! cross-lingual cosine similarity of their embeddings from the sentence encoder
//! ([`crate::encoder`]).
//!
//! A cosine means little on its own (it depends on the language pair, the kind of text, the
//! length of the segments), so each pair is judged against the file's own cosines, as the length
//! check judges lengths against the file's own ratios: the law of unrelated pairs comes from
//! pairs of sources and targets several units apart in the file, the law of translations from
//! the file's pairs taken as a mixture of translations and unrelated pairs (fitted by EM,
//! [`crate::similarity`]), each blended with a prior when the file is small. A pair is reported
//! when its cosine is more likely under the unrelated law than under the translations'.
//!
//! Pairs are judged in chunks: the distinct segments of a chunk are encoded once, together, on
//! every core, and only the cosines (not the embeddings) outlive the chunk.
//!
//! What this module deliberately does not do: read the file (the structural pass hands it the
//! pairs), judge languages the encoder was not trained on (a note says so), or tell which side of
//! a wrong pair is at fault.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{Code, Finding};
use crate::encoder::{self, DIM, Encoder};
use crate::lang::LanguageTag;
use crate::similarity::{self, NormalLaw};

/// Pairs judged together: enough that the encoder's batches run at full speed and the first
/// fit sees a few thousand cosines, few enough that the encoder's working memory for a chunk's
/// 4,096 segments stays near 300 MB (it is near 500 MB for twice as many).
pub const CHUNK_PAIRS: usize = 2_048;

/// Sources are paired with the targets this many units further on (within one language pair)
/// to sample the cosines of unrelated sentences. Neighbouring units of a memory often come from
/// one document and share its topic and names, which raises their cosine a little; five and
/// eleven units away they are as unrelated as the file's pairs can be while still being of its
/// kind of text.
const UNRELATED_OFFSETS: [usize; 2] = [5, 11];

/// The prior law of translations' cosines, for files too small to estimate their own: measured
/// with the bundled encoder on hand-aligned translations (the Text+Berg de-fr development set,
/// 1-1 beads, and the ar-en and ar-fr article pairs of the test corpus).
const PRIOR_TRANSLATION: NormalLaw = NormalLaw {
    mu: 0.72,
    sigma: 0.11,
};

/// The prior law of unrelated pairs' cosines, from the same texts' pairs five and eleven
/// sentences apart.
const PRIOR_UNRELATED: NormalLaw = NormalLaw {
    mu: 0.12,
    sigma: 0.10,
};

/// Weight, in pairs, of each prior when it is blended with a file's own estimate: a file of 40
/// pairs counts half, a file of thousands decides alone.
const PRIOR_WEIGHT: f64 = 40.0;

/// Cosines kept per language pair (uniform reservoirs) to refit the laws on long files.
const RESERVOIR_SIZE: usize = 20_000;

/// A fitted law of "translations" whose mean is below this is a law of something else: the pairs
/// of a file whose every target is shifted, which are neighbouring sentences of one text and so
/// related without translating each other. Real translations average 0.67 to 0.72 with the bundled
/// encoder (the texts of [`PRIOR_TRANSLATION`]), and 96 to 99 % lie above 0.5; such a file is
/// judged with the prior law instead.
const LEAST_TRANSLATION_MEAN: f64 = 0.5;

/// A neighbouring unit's target (or source) that is this much closer to a pair's source (or
/// target) than both the pair's own and the neighbour's own pair, and itself looks like a
/// translation, marks the pair as shifted: in a memory whose targets moved by one, each source's
/// translation sits one unit away. A tenth of a cosine is about one standard deviation of the
/// translations' law.
const NEIGHBOUR_MARGIN: f64 = 0.1;

/// The share of translations among a file's pairs before the file says otherwise: even odds.
/// A pair is reported when it is more likely wrong than right given its cosine and the share of
/// translations the file's own mixture shows (blended with this by [`PRIOR_WEIGHT`]): in a
/// clean memory a cosine between the two laws is then most likely a free translation, and in a
/// shifted one a wrong pair.
const PRIOR_SHARE: f64 = 0.5;

/// The similarity of one pair of a unit, for the review page and `stats`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Similarity {
    /// The source variant's language, as written.
    pub source_lang: String,
    /// The target variant's language, as written.
    pub target_lang: String,
    /// Cosine of the two segments' embeddings, -1 to 1.
    pub cosine: f64,
}

/// One pair waiting to be judged.
#[derive(Debug, Clone)]
pub(crate) struct PairJob {
    /// Which held item (unit) the pair belongs to.
    pub item: usize,
    /// The language pair's index in the check's state.
    pub key: usize,
    pub source: String,
    pub target: String,
    pub source_lang: String,
    pub target_lang: String,
    pub tuid: Option<String>,
    pub line: usize,
    pub column: usize,
}

/// What a judged pair gives: its similarity, and a finding when it is reported.
pub(crate) struct Judged {
    pub item: usize,
    pub similarity: Similarity,
    pub finding: Option<Finding>,
}

/// The cosines seen for one language pair, and the laws fitted to them.
struct PairLaws {
    source: String,
    target: String,
    unrelated_seen: u64,
    unrelated: Vec<f64>,
    pairs_seen: u64,
    pairs: Vec<f64>,
    /// The laws in force: (translations, unrelated).
    laws: (NormalLaw, NormalLaw),
    /// The share of translations among the pairs, in force.
    share: f64,
}

/// The semantic check of one file.
pub(crate) struct SemanticCheck {
    file: String,
    /// Language pairs by primary subtags, lower case.
    keys: Vec<PairLaws>,
    /// Language pairs already reported as not covered.
    skipped: Vec<(String, String)>,
    rng: u64,
    encoder_failed: bool,
}

impl SemanticCheck {
    pub fn new(file: &str) -> SemanticCheck {
        SemanticCheck {
            file: file.to_string(),
            keys: Vec::new(),
            skipped: Vec::new(),
            rng: 0x2545_F491_4F6C_DD1D,
            encoder_failed: false,
        }
    }

    /// The index of the language pair `source` → `target` when the encoder covers both, or the
    /// note to report (once per language pair and file) when it does not.
    pub fn key(&mut self, source: &str, target: &str) -> Result<usize, Option<Box<Finding>>> {
        let primary = |l: &str| {
            l.split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        };
        let (s, t) = (primary(source), primary(target));
        if let Some(i) = self
            .keys
            .iter()
            .position(|k| k.source == s && k.target == t)
        {
            return Ok(i);
        }
        let covered = |l: &str| LanguageTag::parse(l).is_ok_and(|tag| Encoder::covers(&tag));
        if self.encoder_failed || !covered(&s) || !covered(&t) {
            if self.skipped.iter().any(|(a, b)| *a == s && *b == t) {
                return Err(None);
            }
            let outside: Vec<&str> = [source, target]
                .into_iter()
                .filter(|l| !covered(&primary(l)))
                .collect();
            let message = if self.encoder_failed {
                format!(
                    "the `{source}`-`{target}` pairs are not checked for meaning: the sentence \
                     encoder could not be loaded"
                )
            } else {
                format!(
                    "the `{source}`-`{target}` pairs are not checked for meaning: the sentence \
                     encoder was not trained on `{}` (it covers ar de en es fr it ja ko nl pl pt \
                     ru th tr zh); the other checks still apply",
                    outside.join("`, `")
                )
            };
            self.skipped.push((s, t));
            return Err(Some(Box::new(Finding::new(
                Code::SemanticSkipped,
                self.file.clone(),
                message,
            ))));
        }
        self.keys.push(PairLaws {
            source: s,
            target: t,
            unrelated_seen: 0,
            unrelated: Vec::new(),
            pairs_seen: 0,
            pairs: Vec::new(),
            laws: (PRIOR_TRANSLATION, PRIOR_UNRELATED),
            share: PRIOR_SHARE,
        });
        Ok(self.keys.len() - 1)
    }

    /// Encodes the segments of `jobs`, updates the laws with their cosines, and judges each pair.
    pub fn judge(&mut self, jobs: &[PairJob]) -> Vec<Judged> {
        if jobs.is_empty() {
            return Vec::new();
        }
        let encoder = match Encoder::bundled() {
            Ok(e) => e,
            Err(_) => {
                self.encoder_failed = true;
                return Vec::new();
            }
        };
        // Each distinct segment once.
        let seen: Vec<[Cow<str>; 2]> = jobs
            .iter()
            .map(|job| [for_meaning(&job.source), for_meaning(&job.target)])
            .collect();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut texts: Vec<&str> = Vec::new();
        let mut ids = Vec::with_capacity(jobs.len());
        for pair_texts in &seen {
            let mut pair = [0usize; 2];
            for (slot, text) in pair.iter_mut().zip(pair_texts.iter().map(|t| t.as_ref())) {
                *slot = *index.entry(text).or_insert_with(|| {
                    texts.push(text);
                    texts.len() - 1
                });
            }
            ids.push((pair[0], pair[1]));
        }
        let embeddings = encoder.encode(&texts);
        let cosine = |a: usize, b: usize| -> f64 {
            let (x, y) = (embeddings.row(a), embeddings.row(b));
            f64::from(dot(x, y))
        };
        let cosines: Vec<f64> = ids.iter().map(|&(s, t)| cosine(s, t)).collect();
        // The file's laws, updated with this chunk's cosines.
        for key in 0..self.keys.len() {
            let members: Vec<usize> = (0..jobs.len()).filter(|&i| jobs[i].key == key).collect();
            if members.is_empty() {
                continue;
            }
            let mut unrelated = Vec::new();
            for offset in UNRELATED_OFFSETS {
                for w in members.windows(offset + 1) {
                    let (a, b) = (w[0], w[offset]);
                    let (sa, ta) = ids[a];
                    let (sb, tb) = ids[b];
                    // The same text elsewhere in the file is no unrelated pair.
                    if sa != sb && ta != tb {
                        unrelated.push(cosine(sa, tb));
                    }
                }
            }
            for c in unrelated {
                self.sample(key, c, true);
            }
            for &i in &members {
                self.sample(key, cosines[i], false);
            }
            self.refit(key);
        }
        // The previous and next pair of the same language pair, for each pair.
        let mut previous = vec![None; jobs.len()];
        let mut next = vec![None; jobs.len()];
        let mut last: Vec<Option<usize>> = vec![None; self.keys.len()];
        for (i, job) in jobs.iter().enumerate() {
            if let Some(p) = last[job.key] {
                previous[i] = Some(p);
                next[p] = Some(i);
            }
            last[job.key] = Some(i);
        }
        jobs.iter()
            .zip(cosines.iter().copied())
            .enumerate()
            .map(|(i, (job, c))| {
                let (translation, unrelated) = self.keys[job.key].laws;
                let cut = cut_point(translation, unrelated, self.keys[job.key].share);
                let meaningful = has_letters(&job.source) && has_letters(&job.target);
                // The closest other side among the neighbours: this source with their targets,
                // this target with their sources.
                let (s, t) = ids[i];
                let neighbour = [previous[i], next[i]]
                    .into_iter()
                    .flatten()
                    .filter(|&n| ids[n].1 != t && ids[n].0 != s)
                    .flat_map(|n| [cosine(s, ids[n].1), cosine(ids[n].0, t)].map(|nc| (n, nc)))
                    // It must fit this pair better than the neighbour's own pair fits: in a
                    // shifted memory that pair is wrong too, while near-repeats (`Save file`,
                    // `Save files`) each fit their own pair at least as well.
                    .filter(|&(n, nc)| nc > cosines[n] + NEIGHBOUR_MARGIN)
                    .max_by(|a, b| a.1.total_cmp(&b.1));
                let shifted = neighbour
                    .filter(|&(_, nc)| nc >= cut.max(unrelated.mu) && nc > c + NEIGHBOUR_MARGIN);
                let finding = if !meaningful {
                    None
                } else if c < cut {
                    Some(self.finding(job, c, translation, unrelated, None))
                } else {
                    shifted.map(|(n, nc)| {
                        self.finding(job, c, translation, unrelated, Some((&jobs[n], nc)))
                    })
                };
                Judged {
                    item: job.item,
                    similarity: Similarity {
                        source_lang: job.source_lang.clone(),
                        target_lang: job.target_lang.clone(),
                        cosine: round3(c),
                    },
                    finding,
                }
            })
            .collect()
    }

    fn finding(
        &self,
        job: &PairJob,
        cosine: f64,
        translation: NormalLaw,
        unrelated: NormalLaw,
        neighbour: Option<(&PairJob, f64)>,
    ) -> Finding {
        if let Some((other, nc)) = neighbour {
            let unit = other
                .tuid
                .as_deref()
                .map_or_else(|| format!("line {}", other.line), |t| format!("tuid {t}"));
            let message = format!(
                "the `{}` target seems to belong to a neighbouring unit: it and the `{}` source \
                 have a similarity of {cosine:.2}, but {nc:.2} with the pair of the unit at {unit}; \
                 check whether the targets are shifted",
                job.target_lang, job.source_lang
            );
            return Finding::new(Code::SemanticMismatch, self.file.clone(), message)
                .at(job.line, job.column)
                .in_unit(job.tuid.as_deref())
                .with_score(round3(cosine));
        }
        let message = format!(
            "the `{}` target does not seem to say what the `{}` source says: their similarity is \
             {cosine:.2}, where this file's translations have {:.2} ± {:.2} and unrelated \
             pairs {:.2} ± {:.2}; check that the target belongs to this source (a shifted, \
             merged or misplaced pair)",
            job.target_lang,
            job.source_lang,
            translation.mu,
            translation.sigma,
            unrelated.mu,
            unrelated.sigma
        );
        Finding::new(Code::SemanticMismatch, self.file.clone(), message)
            .at(job.line, job.column)
            .in_unit(job.tuid.as_deref())
            .with_score(round3(cosine))
    }

    /// Adds a cosine to a language pair's reservoir of unrelated (`null`) or paired cosines.
    fn sample(&mut self, key: usize, cosine: f64, null: bool) {
        // xorshift64, fixed seed: runs are reproducible.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let r = self.rng;
        let state = &mut self.keys[key];
        let (seen, reservoir) = if null {
            (&mut state.unrelated_seen, &mut state.unrelated)
        } else {
            (&mut state.pairs_seen, &mut state.pairs)
        };
        *seen += 1;
        if reservoir.len() < RESERVOIR_SIZE {
            reservoir.push(cosine);
        } else {
            let j = (r % *seen) as usize;
            if j < RESERVOIR_SIZE {
                reservoir[j] = cosine;
            }
        }
    }

    /// Fits the laws of a language pair to its reservoirs, each blended with its prior by count.
    fn refit(&mut self, key: usize) {
        let state = &mut self.keys[key];
        let mut null = state.unrelated.clone();
        let unrelated = match similarity::unrelated_law(&mut null) {
            Some(law) => blend(law, null.len(), PRIOR_UNRELATED),
            None => PRIOR_UNRELATED,
        };
        // A file whose pairs show no translations apart from chance (every pair shifted) keeps
        // the prior law of translations: its own pairs cannot say what a translation looks like.
        let fit =
            similarity::fit_translation_law(&state.pairs, unrelated, similarity::SIGNAL_THRESHOLD)
                .map(|(law, share)| {
                    let n = state.pairs.len() as f64;
                    (
                        blend(law, (share * n) as usize, PRIOR_TRANSLATION),
                        (share * n + PRIOR_SHARE * PRIOR_WEIGHT) / (n + PRIOR_WEIGHT),
                    )
                });
        let (translation, share) = match fit {
            Some((law, share)) if law.mu >= LEAST_TRANSLATION_MEAN => (law, share),
            _ => (PRIOR_TRANSLATION, PRIOR_SHARE),
        };
        state.laws = (translation, unrelated);
        state.share = share;
    }
}

/// `law` estimated from `n` values, blended with `prior` by [`PRIOR_WEIGHT`].
fn blend(law: NormalLaw, n: usize, prior: NormalLaw) -> NormalLaw {
    let w = n as f64 / (n as f64 + PRIOR_WEIGHT);
    NormalLaw {
        mu: w * law.mu + (1.0 - w) * prior.mu,
        sigma: (w * law.sigma + (1.0 - w) * prior.sigma).max(similarity::MIN_SIGMA),
    }
}

/// The cosine below which a pair is reported: where a pair is as likely unrelated as a
/// translation, given the two laws and the share of translations (the log-likelihood ratio of
/// the laws crosses the log of the prior odds against a translation), between the unrelated
/// law's mean and the translations'. Between the two means the ratio only rises, so it is found
/// by bisection; outside them it is not looked for (far below the unrelated mean a wide
/// translation law could win again, which says nothing about the pair).
pub fn cut_point(translation: NormalLaw, unrelated: NormalLaw, share: f64) -> f64 {
    let odds_against = ((1.0 - share) / share).ln();
    let llr = |c: f64| translation.ln_density(c) - unrelated.ln_density(c) - odds_against;
    let (mut lo, mut hi) = (unrelated.mu, translation.mu);
    if hi <= lo {
        // No translation law above the unrelated one: nothing can be told apart.
        return f64::NEG_INFINITY;
    }
    if llr(lo) >= 0.0 {
        return lo;
    }
    if llr(hi) <= 0.0 {
        return hi;
    }
    for _ in 0..50 {
        let mid = 0.5 * (lo + hi);
        if llr(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The text the encoder sees: its plain form ([`encoder::plain`]), without a user interface
/// string's one access-key marker (`&Replace`, `E&rsetzen`, `~Edit`), because that cuts a word
/// into pieces the encoder does not know (`Replace`/`Ersetzen` have a cosine of 0.67,
/// `&Replace`/`E&rsetzen` 0.47). A text with several markers is prose (`A & B`, `R&D and
/// M&A`) and keeps them.
fn for_meaning(text: &str) -> Cow<'_, str> {
    match without_access_key(text) {
        Cow::Borrowed(text) => encoder::plain(text),
        Cow::Owned(text) => Cow::Owned(encoder::plain(&text).into_owned()),
    }
}

fn without_access_key(text: &str) -> Cow<'_, str> {
    let mut marks = text
        .char_indices()
        .zip(text.chars().skip(1))
        .filter(|&((i, c), next)| {
            matches!(c, '&' | '~') && next.is_alphabetic() && !text[..i].ends_with(['&', '~'])
        });
    match (marks.next(), marks.next()) {
        (Some(((i, c), _)), None) => {
            Cow::Owned(format!("{}{}", &text[..i], &text[i + c.len_utf8()..]))
        }
        _ => Cow::Borrowed(text),
    }
}

/// Whether `text` has a letter: a segment of digits and signs has no meaning to compare.
fn has_letters(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Dot product of two embeddings (unit rows, so their cosine).
fn dot(a: &[f32], b: &[f32]) -> f32 {
    debug_assert_eq!(a.len(), DIM);
    a.chunks_exact(16)
        .zip(b.chunks_exact(16))
        .map(|(x, y)| x.iter().zip(y).map(|(p, q)| p * q).sum::<f32>())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_keys_and_arabic_vowel_signs_are_dropped_and_prose_ampersands_kept() {
        for (text, seen) in [
            ("حِفْظُ ٱلْمَلَفِّ", "حفظ الملف"),
            ("&حِفْظ", "حفظ"),
            ("&Replace", "Replace"),
            ("E&rsetzen", "Ersetzen"),
            ("Show &source term first", "Show source term first"),
            ("~Edit", "Edit"),
            ("Tom & Jerry", "Tom & Jerry"),
            ("R&D and M&A", "R&D and M&A"),
            ("Save && quit", "Save && quit"),
            ("~5 km", "~5 km"),
        ] {
            assert_eq!(for_meaning(text), seen, "{text}");
        }
    }

    #[test]
    fn the_cut_lies_between_the_laws_and_moves_with_them() {
        let cut = cut_point(PRIOR_TRANSLATION, PRIOR_UNRELATED, PRIOR_SHARE);
        assert!(
            cut > PRIOR_UNRELATED.mu && cut < PRIOR_TRANSLATION.mu,
            "{cut}"
        );
        let lower = cut_point(
            NormalLaw {
                mu: 0.55,
                sigma: 0.11,
            },
            PRIOR_UNRELATED,
            PRIOR_SHARE,
        );
        assert!(lower < cut, "{lower} {cut}");
        // A file of translations judges a middling cosine a free translation.
        let clean = cut_point(PRIOR_TRANSLATION, PRIOR_UNRELATED, 0.97);
        assert!(clean < cut && clean > PRIOR_UNRELATED.mu, "{clean} {cut}");
        let none = cut_point(PRIOR_UNRELATED, PRIOR_TRANSLATION, PRIOR_SHARE);
        assert_eq!(none, f64::NEG_INFINITY);
    }

    #[test]
    fn small_files_lean_on_the_prior() {
        let own = NormalLaw {
            mu: 0.5,
            sigma: 0.2,
        };
        let few = blend(own, 4, PRIOR_TRANSLATION);
        let many = blend(own, 4_000, PRIOR_TRANSLATION);
        assert!((few.mu - PRIOR_TRANSLATION.mu).abs() < 0.03, "{few:?}");
        assert!((many.mu - 0.5).abs() < 0.01, "{many:?}");
    }

    #[test]
    fn uncovered_languages_get_one_note_per_pair() {
        let mut check = SemanticCheck::new("t.tmx");
        assert_eq!(check.key("en-US", "fr"), Ok(0));
        assert_eq!(check.key("EN", "fr-CA"), Ok(0));
        let note = check.key("en", "cs").unwrap_err().expect("a note");
        assert_eq!(note.code, "semantic-skipped");
        assert!(note.message.contains("`cs`"), "{}", note.message);
        assert_eq!(check.key("en", "cs-CZ").unwrap_err(), None);
    }
}
