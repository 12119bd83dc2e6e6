//! Word translations learned from the input (IBM Model 1 on the pairs a first alignment is sure
//! of) and read from a user's bilingual dictionary in hunalign's format.
//!
//! The lexicon turns into the aligner's lexical channel: each word offers the words it
//! translates to with enough probability, and a pair's evidence is how many words of one side
//! the other side's offers cover. Words are 32-bit hashes of their lowercased letters (see
//! [`super::features::hash_word`]). What this does not do: phrases, morphology, or word order.

use std::collections::HashMap;
use std::path::Path;

use super::features::{self, LEXICAL};
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

/// Hash standing for the empty word that Model 1 lets every target word align to.
const NULL_WORD: u32 = u32::MAX;

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
            let sw: Vec<u32> = features::words(source)
                .map(|w| features::hash_word(LEXICAL as u32, w))
                .collect();
            let tw: Vec<u32> = features::words(target)
                .map(|w| features::hash_word(LEXICAL as u32, w))
                .collect();
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
pub(crate) struct Translations(pub HashMap<u32, Vec<u32>>);

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
    pub fn train(pairs: &[(&[u32], &[u32])], dictionary: Option<&Dictionary>) -> Lexicon {
        let sample: Vec<(&[u32], &[u32])> = {
            let usable: Vec<_> = pairs
                .iter()
                .filter(|(s, t)| {
                    !s.is_empty()
                        && !t.is_empty()
                        && s.len() <= MAX_TRAINING_WORDS
                        && t.len() <= MAX_TRAINING_WORDS
                })
                .copied()
                .collect();
            let step = usable.len().div_ceil(MAX_TRAINING_PAIRS).max(1);
            usable.into_iter().step_by(step).collect()
        };
        let (forward, backward) = rayon::join(
            || ibm1(sample.iter().map(|&(s, t)| (s, t))),
            || ibm1(sample.iter().map(|&(s, t)| (t, s))),
        );
        let mut lexicon = Lexicon { forward, backward };
        if let Some(d) = dictionary {
            lexicon.forward.extend(&d.forward);
            lexicon.backward.extend(&d.backward);
        }
        lexicon
    }
}

/// Model 1 translation probabilities t(target | source), kept as each source word's likely
/// translations.
fn ibm1<'a>(pairs: impl Iterator<Item = (&'a [u32], &'a [u32])>) -> Translations {
    // Every co-occurring (source, target) pair gets one parameter slot; slots are listed per
    // pair, target-major: for each target word, its slots over NULL + the source words.
    let mut slot_of: HashMap<u64, u32> = HashMap::new();
    let mut keys: Vec<u64> = Vec::new();
    let mut slots: Vec<u32> = Vec::new();
    let mut shapes: Vec<(usize, usize)> = Vec::new();
    for (s, t) in pairs {
        for &tw in t {
            for sw in std::iter::once(NULL_WORD).chain(s.iter().copied()) {
                let key = (u64::from(sw) << 32) | u64::from(tw);
                let slot = *slot_of.entry(key).or_insert_with(|| {
                    keys.push(key);
                    (keys.len() - 1) as u32
                });
                slots.push(slot);
            }
        }
        shapes.push((s.len() + 1, t.len()));
    }
    drop(slot_of);
    if keys.is_empty() {
        return Translations::default();
    }
    let mut sources: Vec<u32> = keys.iter().map(|k| (k >> 32) as u32).collect();
    sources.sort_unstable();
    sources.dedup();
    let source_of: Vec<u32> = keys
        .iter()
        .map(|k| sources.binary_search(&((k >> 32) as u32)).expect("present") as u32)
        .collect();
    let mut prob = vec![1.0f64; keys.len()];
    let mut count = vec![0.0f64; keys.len()];
    let mut total = vec![0.0f64; sources.len()];
    for _ in 0..IBM1_ITERATIONS {
        count.iter_mut().for_each(|c| *c = 0.0);
        total.iter_mut().for_each(|c| *c = 0.0);
        let mut at = 0;
        for &(width, targets) in &shapes {
            for _ in 0..targets {
                let row = &slots[at..at + width];
                let denom: f64 = row.iter().map(|&k| prob[k as usize]).sum();
                if denom > 0.0 {
                    for &k in row {
                        let c = prob[k as usize] / denom;
                        count[k as usize] += c;
                        total[source_of[k as usize] as usize] += c;
                    }
                }
                at += width;
            }
        }
        for k in 0..keys.len() {
            let t = total[source_of[k] as usize];
            prob[k] = if t > 0.0 { count[k] / t } else { 0.0 };
        }
    }
    let mut out: HashMap<u32, Vec<(f64, u32)>> = HashMap::new();
    for (k, &key) in keys.iter().enumerate() {
        let sw = (key >> 32) as u32;
        if sw != NULL_WORD && prob[k] >= MIN_TRANSLATION_PROBABILITY {
            out.entry(sw).or_default().push((prob[k], key as u32));
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(w: &str) -> u32 {
        features::hash_word(LEXICAL as u32, w)
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
