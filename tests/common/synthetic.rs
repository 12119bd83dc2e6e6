//! A synthetic document pair with a known alignment, shared by the aligner's tests and its
//! benchmark: pseudo-words through a fixed lexicon, so that a lexical model has a signal, and
//! every bead type the aligner models.

#![allow(dead_code)]

use tmforge::align::{BeadRecord, Sentence};

/// Sentences of one paragraph, as the aligner takes them.
pub fn one_paragraph(texts: &[String]) -> Vec<Sentence<'_>> {
    texts
        .iter()
        .map(|text| Sentence { text, paragraph: 0 })
        .collect()
}

/// A tiny deterministic generator (xorshift64*), so the tests need no seed files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// A synthetic document pair with known beads: pseudo-words through a fixed lexicon with word
/// drops and insertions, numbers copied, and 1-1, 1-2, 2-1, 1-0, 0-1, 2-2, 1-3, 3-1 beads.
pub fn synthetic(n: usize, seed: u64) -> (Vec<String>, Vec<String>, Vec<BeadRecord>) {
    let mut rng = Rng(seed);
    let word = |rng: &mut Rng, alphabet: &[char]| -> String {
        let len = 2 + rng.below(7) as usize;
        (0..len)
            .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
            .collect()
    };
    let ar: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
    let en: Vec<char> = "abcdefghijklmnoprstuvwy".chars().collect();
    let vocab = 2000;
    let src_words: Vec<String> = (0..vocab).map(|_| word(&mut rng, &ar)).collect();
    let tgt_words: Vec<String> = (0..vocab).map(|_| word(&mut rng, &en)).collect();
    // Zipf-like word choice: the square of a uniform favours small ranks.
    let pick = |rng: &mut Rng| -> usize {
        let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * vocab as f64) as usize % vocab
    };
    let sentence = |rng: &mut Rng| -> Vec<(bool, usize)> {
        let len = 6 + rng.below(24) as usize;
        (0..len)
            .map(|_| {
                if rng.chance(0.03) {
                    (true, 1 + rng.below(9999) as usize)
                } else {
                    (false, pick(rng))
                }
            })
            .collect()
    };
    let render_src = |toks: &[(bool, usize)]| -> String {
        toks.iter()
            .map(|&(num, v)| {
                if num {
                    v.to_string()
                } else {
                    src_words[v].clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
            + " ."
    };
    let translate = |rng: &mut Rng, toks: &[(bool, usize)]| -> Vec<String> {
        let mut out = Vec::new();
        for &(num, v) in toks {
            if rng.chance(0.08) {
                continue;
            }
            out.push(if num {
                v.to_string()
            } else {
                tgt_words[v].clone()
            });
            if rng.chance(0.15) {
                out.push(tgt_words[rng.below(30) as usize].clone());
            }
        }
        if out.is_empty() {
            out.push(tgt_words[0].clone());
        }
        out
    };
    let mix: [((usize, usize), u64); 8] = [
        ((1, 1), 870),
        ((1, 2), 40),
        ((2, 1), 40),
        ((1, 0), 20),
        ((0, 1), 20),
        ((2, 2), 5),
        ((1, 3), 3),
        ((3, 1), 2),
    ];
    let (mut src, mut tgt, mut gold) = (Vec::new(), Vec::new(), Vec::new());
    while src.len() < n {
        let mut r = rng.below(1000);
        let &((a, b), _) = mix
            .iter()
            .find(|(_, w)| {
                if r < *w {
                    true
                } else {
                    r -= w;
                    false
                }
            })
            .unwrap();
        let toks: Vec<Vec<(bool, usize)>> = (0..a).map(|_| sentence(&mut rng)).collect();
        let source: Vec<usize> = (src.len()..src.len() + a).collect();
        src.extend(toks.iter().map(|t| render_src(t)));
        let lines: Vec<String> = if b == 0 {
            Vec::new()
        } else if a == 0 {
            let t = sentence(&mut rng);
            vec![translate(&mut rng, &t).join(" ") + "."]
        } else {
            let words: Vec<String> = toks.iter().flat_map(|t| translate(&mut rng, t)).collect();
            let words = if words.len() < b {
                vec![words[0].clone(); b]
            } else {
                words
            };
            let mut cuts: Vec<usize> = Vec::new();
            while cuts.len() < b - 1 {
                let c = 1 + rng.below(words.len() as u64 - 1) as usize;
                if !cuts.contains(&c) {
                    cuts.push(c);
                }
            }
            cuts.sort_unstable();
            cuts.push(words.len());
            let mut prev = 0;
            cuts.iter()
                .map(|&c| {
                    let s = words[prev..c].join(" ") + ".";
                    prev = c;
                    s
                })
                .collect()
        };
        let target: Vec<usize> = (tgt.len()..tgt.len() + lines.len()).collect();
        tgt.extend(lines);
        gold.push(BeadRecord {
            source,
            target,
            confidence: None,
        });
    }
    (src, tgt, gold)
}
