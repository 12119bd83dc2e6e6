//! Word translations learned from the input (IBM Model 1 on the pairs a first alignment is sure
//! of) and read from a user's bilingual dictionary in hunalign's format.
//!
//! The lexicon turns into the aligner's lexical channel: each word offers the words it
//! translates to with enough probability, and a pair's evidence is how many words of one side
//! the other side's offers cover. Words are 32-bit hashes of their lowercased letters (see
//! [`super::features::hash_word`]). What this does not do: phrases, morphology, or word order.

use std::collections::HashMap;
use std::path::Path;

use super::features;
use crate::error::{Error, Position, Result};

/// At most this many sentence pairs train the lexicon, evenly spread over the text. Word
/// translations that matter for alignment are frequent ones, which a sample of this size already
/// sees many times; the cap keeps training time and memory constant in the text length.
const MAX_TRAINING_PAIRS: usize = 5_000;

/// Pairs with a side longer than this many words are left out of training: they are rare and
/// cost quadratically.
const MAX_TRAINING_WORDS: usize = 80;

/// EM iterations of Model 1 (the usual Model 1 schedule of GIZA++).
const IBM1_ITERATIONS: usize = 5;

/// A word offers a translation that holds at least this share of its translation probability.
/// With Model 1's tendency to spread mass over co-occurring words, a fifth keeps the one to three
/// real translations of a word and drops its accidental companions.
const MIN_TRANSLATION_PROBABILITY: f64 = 0.2;

/// A word offers at most this many translations.
const MAX_TRANSLATIONS: usize = 3;

/// A bilingual dictionary: source words to the target words they may translate to, as hashes.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    forward: HashMap<u32, Vec<u32>>,
    backward: HashMap<u32, Vec<u32>>,
    entries: usize,
}

impl Dictionary {
    /// Reads a hunalign dictionary: one entry a line, `target phrase @ source phrase`. Entries of
    /// one word on each side are used; multi-word phrases pair each of their words, which is what
    /// a bag-of-words aligner can use of them.
    pub fn parse(text: &str, path: &Path) -> Result<Dictionary> {
        let mut dict = Dictionary::default();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let here = offset;
            offset += line.len();
            if body.trim().is_empty() {
                continue;
            }
            let Some((target, source)) = body.split_once(" @ ") else {
                return Err(Error::Input {
                    path: path.to_path_buf(),
                    position: Position::of_offset(text, here),
                    message:
                        "expected `target phrase @ source phrase` (hunalign dictionary format); \
                              fix or delete the line"
                            .to_string(),
                });
            };
            let sw: Vec<u32> = features::words(source).map(features::word_key).collect();
            let tw: Vec<u32> = features::words(target).map(features::word_key).collect();
            for &s in &sw {
                for &t in &tw {
                    dict.forward.entry(s).or_default().push(t);
                    dict.backward.entry(t).or_default().push(s);
                }
            }
            dict.entries += 1;
        }
        Ok(dict)
    }

    /// Number of entries read.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Whether the dictionary has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }
}

/// Translations offered by each word, one direction.
#[derive(Debug, Clone, Default)]
pub(crate) struct Translations(pub FastMap<u32, Vec<u32>>);

impl Translations {
    /// The sorted, unique translations offered by `words`.
    pub fn offers(&self, words: &[u32]) -> Vec<u32> {
        let mut out: Vec<u32> = words
            .iter()
            .filter_map(|w| self.0.get(w))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Adds the entries of a dictionary direction.
    pub fn extend(&mut self, entries: &HashMap<u32, Vec<u32>>) {
        for (w, ts) in entries {
            let v = self.0.entry(*w).or_default();
            v.extend(ts.iter().copied());
            v.sort_unstable();
            v.dedup();
        }
    }
}

/// Both directions of a lexicon.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    pub forward: Translations,
    pub backward: Translations,
}

impl Lexicon {
    /// Trains Model 1 both ways on `pairs` of word lists, and adds `dictionary`.
    /// `pairs` are meant to be a [`training_sample`].
    pub fn train(pairs: &[(&[u32], &[u32])], dictionary: Option<&Dictionary>) -> Lexicon {
        let usable: Vec<(&[u32], &[u32])> = pairs
            .iter()
            .filter(|(s, t)| {
                !s.is_empty()
                    && !t.is_empty()
                    && s.len() <= MAX_TRAINING_WORDS
                    && t.len() <= MAX_TRAINING_WORDS
            })
            .copied()
            .collect();
        let (forward, backward) = ibm1_both(&usable);
        let mut lexicon = Lexicon { forward, backward };
        if let Some(d) = dictionary {
            lexicon.forward.extend(&d.forward);
            lexicon.backward.extend(&d.backward);
        }
        lexicon
    }
}

/// An even sample, in order, of at most [`MAX_TRAINING_PAIRS`] of the `candidates` for
/// training: taken before the pairs' words are looked up, so that only the sample's are.
pub(crate) fn training_sample<T>(candidates: Vec<T>) -> Vec<T> {
    let step = candidates.len().div_ceil(MAX_TRAINING_PAIRS).max(1);
    candidates.into_iter().step_by(step).collect()
}

/// A hasher for keys that are already well-mixed hashes or dense ids: one multiply and a
/// rotation, instead of the default SipHash, which dominated training time.
#[derive(Default, Clone, Copy)]
pub(crate) struct MixHasher(u64);

impl std::hash::Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
    fn write_u64(&mut self, x: u64) {
        // The multiplier is the 64-bit golden-ratio constant of Fibonacci hashing.
        self.0 = (self.0 ^ x)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(26);
    }
}

/// Hash maps keyed by word hashes or ids.
pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<MixHasher>>;

/// Dense ids of the words of one side.
fn intern(vocabulary: &mut FastMap<u32, u32>, words: &mut Vec<u32>, sentence: &[u32]) -> Vec<u32> {
    sentence
        .iter()
        .map(|&w| {
            *vocabulary.entry(w).or_insert_with(|| {
                words.push(w);
                (words.len() - 1) as u32
            })
        })
        .collect()
}

/// Model 1 in both directions, t(target | source) and t(source | target), over the same
/// co-occurrence table: every co-occurring (source, target) word pair gets one parameter slot,
/// and each sentence pair lists its slots as a matrix, target-major, that the forward direction
/// reads by rows and the backward direction by columns.
fn ibm1_both(sample: &[(&[u32], &[u32])]) -> (Translations, Translations) {
    let (mut src_vocab, mut tgt_vocab) = (FastMap::default(), FastMap::default());
    let (mut src_words, mut tgt_words) = (Vec::new(), Vec::new());
    let cells: usize = sample.iter().map(|(s, t)| s.len() * t.len()).sum();
    // Most co-occurrences in a sample are distinct pairs: reserving for a half of them spares
    // most of the rehashing.
    let mut slot_of: FastMap<u64, u32> =
        FastMap::with_capacity_and_hasher(cells / 2, Default::default());
    let mut keys: Vec<(u32, u32)> = Vec::new();
    let mut slots: Vec<u32> = Vec::with_capacity(cells);
    let mut shapes: Vec<(Vec<u32>, Vec<u32>)> = Vec::with_capacity(sample.len());
    for &(s, t) in sample {
        let s = intern(&mut src_vocab, &mut src_words, s);
        let t = intern(&mut tgt_vocab, &mut tgt_words, t);
        for &tw in &t {
            for &sw in &s {
                let key = (u64::from(sw) << 32) | u64::from(tw);
                let slot = *slot_of.entry(key).or_insert_with(|| {
                    keys.push((sw, tw));
                    (keys.len() - 1) as u32
                });
                slots.push(slot);
            }
        }
        shapes.push((s, t));
    }
    drop(slot_of);
    if keys.is_empty() {
        return Default::default();
    }
    let ((forward, _), (backward, _)) = rayon::join(
        || {
            em(
                &keys,
                &slots,
                &shapes,
                src_words.len(),
                tgt_words.len(),
                false,
            )
        },
        || {
            em(
                &keys,
                &slots,
                &shapes,
                tgt_words.len(),
                src_words.len(),
                true,
            )
        },
    );
    let collect = |prob: &[f32], transpose: bool| -> Translations {
        let mut out: FastMap<u32, Vec<(f32, u32)>> = FastMap::default();
        for (k, &(sw, tw)) in keys.iter().enumerate() {
            let (from, to) = if transpose {
                (tgt_words[tw as usize], src_words[sw as usize])
            } else {
                (src_words[sw as usize], tgt_words[tw as usize])
            };
            if f64::from(prob[k]) >= MIN_TRANSLATION_PROBABILITY {
                out.entry(from).or_default().push((prob[k], to));
            }
        }
        Translations(
            out.into_iter()
                .map(|(w, mut v)| {
                    v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                    v.truncate(MAX_TRANSLATIONS);
                    let mut ts: Vec<u32> = v.into_iter().map(|(_, t)| t).collect();
                    ts.sort_unstable();
                    (w, ts)
                })
                .collect(),
        )
    };
    (collect(&forward, false), collect(&backward, true))
}

/// EM for Model 1 in one direction: `transpose` false estimates t(target | source) (rows of
/// each slot matrix are target words), true t(source | target) (columns). Returns the slot
/// probabilities and the NULL word's probabilities per generated word.
fn em(
    keys: &[(u32, u32)],
    slots: &[u32],
    shapes: &[(Vec<u32>, Vec<u32>)],
    givers: usize,
    generated: usize,
    transpose: bool,
) -> (Vec<f32>, Vec<f32>) {
    let giver_of: Vec<u32> = keys
        .iter()
        .map(|&(s, t)| if transpose { t } else { s })
        .collect();
    // Single precision halves the memory the slot loop walks at random; the probabilities
    // only need to rank a word's translations.
    let mut prob = vec![1.0f32; keys.len()];
    let mut null = vec![1.0f32; generated];
    let mut count = vec![0.0f32; keys.len()];
    let mut null_count = vec![0.0f32; generated];
    let mut total = vec![0.0f32; givers];
    let mut row = Vec::new();
    for _ in 0..IBM1_ITERATIONS {
        count.iter_mut().for_each(|c| *c = 0.0);
        null_count.iter_mut().for_each(|c| *c = 0.0);
        let mut at = 0;
        for (s, t) in shapes {
            let matrix = &slots[at..at + s.len() * t.len()];
            at += matrix.len();
            // Generated words and, for each, its slots over the giving sentence.
            let (outer, inner) = if transpose {
                (s, t.len())
            } else {
                (t, s.len())
            };
            for (g, &word) in outer.iter().enumerate() {
                row.clear();
                if transpose {
                    row.extend((0..inner).map(|x| matrix[x * s.len() + g]));
                } else {
                    row.extend_from_slice(&matrix[g * inner..(g + 1) * inner]);
                }
                let w = word as usize;
                let denom: f32 = null[w] + row.iter().map(|&k| prob[k as usize]).sum::<f32>();
                if denom > 0.0 {
                    let scale = 1.0 / denom;
                    null_count[w] += null[w] * scale;
                    for &k in &row {
                        count[k as usize] += prob[k as usize] * scale;
                    }
                }
            }
        }
        // Each giver's total expected count, summed over its slots in one sequential sweep.
        total.iter_mut().for_each(|c| *c = 0.0);
        for (c, &g) in count.iter().zip(&giver_of) {
            total[g as usize] += c;
        }
        for k in 0..keys.len() {
            let t = total[giver_of[k] as usize];
            prob[k] = if t > 0.0 { count[k] / t } else { 0.0 };
        }
        let null_total: f32 = null_count.iter().sum();
        for (p, c) in null.iter_mut().zip(&null_count) {
            *p = if null_total > 0.0 {
                c / null_total
            } else {
                0.0
            };
        }
    }
    (prob, null)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(w: &str) -> u32 {
        features::word_key(w)
    }

    fn sent(text: &str) -> Vec<u32> {
        features::words(text).map(h).collect()
    }

    #[test]
    fn model1_learns_consistent_translations() {
        let src = [
            "la maison bleue",
            "la maison",
            "la fleur bleue",
            "une fleur",
            "une maison",
        ];
        let tgt = [
            "the blue house",
            "the house",
            "the blue flower",
            "a flower",
            "a house",
        ];
        let s: Vec<Vec<u32>> = src.iter().map(|x| sent(x)).collect();
        let t: Vec<Vec<u32>> = tgt.iter().map(|x| sent(x)).collect();
        let pairs: Vec<(&[u32], &[u32])> = s
            .iter()
            .zip(&t)
            .map(|(a, b)| (a.as_slice(), b.as_slice()))
            .collect();
        let lex = Lexicon::train(&pairs, None);
        assert!(lex.forward.offers(&[h("maison")]).contains(&h("house")));
        assert!(lex.backward.offers(&[h("flower")]).contains(&h("fleur")));
        assert!(!lex.forward.offers(&[h("maison")]).contains(&h("flower")));
    }

    #[test]
    fn dictionary_format_and_errors() {
        let d = Dictionary::parse(
            "house @ maison\n\nthe house @ la maison\n",
            Path::new("d.dic"),
        )
        .unwrap();
        assert_eq!(d.len(), 2);
        let mut tr = Translations::default();
        tr.extend(&d.forward);
        assert!(tr.offers(&[h("maison")]).contains(&h("house")));
        let err =
            Dictionary::parse("house @ maison\nbroken line\n", Path::new("d.dic")).unwrap_err();
        assert!(err.to_string().contains("d.dic:2:1"), "{err}");
    }
}
