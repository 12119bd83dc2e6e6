//! The model's SentencePiece unigram tokenizer: `nmt_nfkc` normalisation from the model's
//! precompiled charsmap, SentencePiece's whitespace rules, and unigram Viterbi segmentation.
//!
//! It reproduces the token ids of the reference package exactly (a test compares them on the
//! reference sentences through the embeddings): the normaliser walks the charsmap's darts-clone
//! double array byte by byte, taking the longest match as SentencePiece's C++ does (the
//! `tokenizers` crate's Precompiled normaliser works per grapheme cluster instead, which gives
//! other results on long clusters). It does not train, sample, or handle byte fallback: the
//! bundled model uses none of them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::{Error, Result};

/// Ids of SentencePiece's fixed pieces in this model.
pub const UNK: u32 = 0;
pub const BOS: u32 = 1;
pub const EOS: u32 = 2;
/// SentencePiece's score penalty for an unknown character, below the lowest piece score
/// (`kUnkPenalty` in SentencePiece's unigram model).
const UNK_PENALTY: f64 = 10.0;
/// The visible space that SentencePiece puts in place of spaces (U+2581).
const SPACE: &str = "\u{2581}";

/// The tokenizer of a SentencePiece model file.
pub struct Tokenizer {
    /// Every piece and every proper prefix of a piece: piece id + 1, or 0 for a prefix that is
    /// not itself a piece (it only tells Viterbi to keep extending).
    prefixes: HashMap<Box<str>, u32, BuildHasherDefault<FxHasher>>,
    /// Piece scores, widened to f64 as the reference package adds them.
    scores: Vec<f64>,
    unk_score: f64,
    /// The longest piece, in characters.
    max_len: usize,
    normalizer: Normalizer,
}

impl Tokenizer {
    /// Parses a SentencePiece `ModelProto`; `label` names the file in messages.
    pub fn from_bytes(data: &[u8], label: &str) -> Result<Tokenizer> {
        let bad = |what: &str| {
            Error::Invalid(format!(
                "{label}: not a SentencePiece model ({what}); the model folder needs the sp.model of the Universal Sentence Encoder package"
            ))
        };
        let top = fields(data).map_err(|e| bad(&e))?;
        let mut pieces: Vec<&str> = Vec::new();
        let mut scores = Vec::new();
        let mut charsmap: Option<&[u8]> = None;
        for (field, value) in top {
            match (field, value) {
                // ModelProto.pieces
                (1, Value::Bytes(msg)) => {
                    let mut piece = None;
                    let mut score = 0.0f32;
                    for (f, v) in fields(msg).map_err(|e| bad(&e))? {
                        match (f, v) {
                            (1, Value::Bytes(b)) => {
                                piece = Some(
                                    std::str::from_utf8(b)
                                        .map_err(|_| bad("a piece is not UTF-8"))?,
                                )
                            }
                            (2, Value::Fixed32(bits)) => score = f32::from_bits(bits),
                            _ => {}
                        }
                    }
                    let piece = piece.ok_or_else(|| bad("a piece has no text"))?;
                    pieces.push(piece);
                    scores.push(f64::from(score));
                }
                // ModelProto.normalizer_spec; its field 2 is the precompiled charsmap.
                (3, Value::Bytes(msg)) if charsmap.is_none() => {
                    for (f, v) in fields(msg).map_err(|e| bad(&e))? {
                        if let (2, Value::Bytes(b)) = (f, v) {
                            charsmap = Some(b);
                        }
                    }
                }
                _ => {}
            }
        }
        if pieces.len() <= EOS as usize {
            return Err(bad("it has fewer than three pieces"));
        }
        let mut prefixes: HashMap<Box<str>, u32, BuildHasherDefault<FxHasher>> = HashMap::default();
        for (id, piece) in pieces.iter().enumerate() {
            for (k, _) in piece.char_indices().skip(1) {
                prefixes.entry(piece[..k].into()).or_insert(0);
            }
            prefixes.insert((*piece).into(), id as u32 + 1);
        }
        let max_len = pieces.iter().map(|p| p.chars().count()).max().unwrap_or(1);
        let unk_score = scores.iter().copied().fold(f64::INFINITY, f64::min) - UNK_PENALTY;
        let normalizer = Normalizer::new(charsmap.unwrap_or(&[])).map_err(|e| bad(&e))?;
        Ok(Tokenizer {
            prefixes,
            scores,
            unk_score,
            max_len,
            normalizer,
        })
    }

    /// Number of pieces in the vocabulary.
    pub fn vocab_size(&self) -> usize {
        self.scores.len()
    }

    /// The ids of `text`, with BOS first and EOS last. A text that normalises to nothing
    /// (empty, spaces only) is `[BOS, UNK, EOS]`, as in the reference.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let normalized = self.normalizer.normalize(text);
        let mut ids = Vec::with_capacity(normalized.len() / 3 + 3);
        ids.push(BOS);
        if normalized.is_empty() {
            ids.push(UNK);
        } else {
            self.viterbi(&normalized, &mut ids);
        }
        ids.push(EOS);
        ids
    }

    /// Best segmentation of `s` under the unigram scores, appended to `out`.
    ///
    /// All lattice nodes starting at a position share that position's best predecessor, so a
    /// left-to-right pass over positions is the whole lattice search. Ties keep the earlier
    /// candidate (strict `>`), as SentencePiece does; scores are summed in f64 like the reference.
    fn viterbi(&self, s: &str, out: &mut Vec<u32>) {
        let bounds: Vec<usize> = s
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .collect();
        let len = bounds.len() - 1;
        let mut best = vec![-1e38f64; len + 1];
        best[0] = 0.0;
        let mut start_of = vec![0usize; len + 1];
        let mut piece_of = vec![UNK; len + 1];
        for i in 0..len {
            let base = best[i];
            let stop = (i + self.max_len).min(len);
            let mut has_single = false;
            for j in i + 1..=stop {
                let Some(&v) = self.prefixes.get(&s[bounds[i]..bounds[j]]) else {
                    break;
                };
                if v > 0 {
                    let score = base + self.scores[v as usize - 1];
                    if score > best[j] {
                        best[j] = score;
                        start_of[j] = i;
                        piece_of[j] = v - 1;
                    }
                    if j == i + 1 {
                        has_single = true;
                    }
                }
            }
            if !has_single {
                let score = base + self.unk_score;
                if score > best[i + 1] {
                    best[i + 1] = score;
                    start_of[i + 1] = i;
                    piece_of[i + 1] = UNK;
                }
            }
        }
        let at = out.len();
        let mut p = len;
        while p > 0 {
            out.push(piece_of[p]);
            p = start_of[p];
        }
        out[at..].reverse();
    }
}

/// SentencePiece's normaliser with the `nmt_nfkc` precompiled charsmap, dummy prefix, escaped
/// whitespace and removal of extra whitespace (the model's settings).
struct Normalizer {
    /// The darts-clone double array.
    units: Vec<u32>,
    /// NUL-terminated replacement strings, indexed by the trie's values.
    replacements: Vec<u8>,
}

impl Normalizer {
    fn new(charsmap: &[u8]) -> std::result::Result<Normalizer, String> {
        if charsmap.is_empty() {
            return Ok(Normalizer {
                units: Vec::new(),
                replacements: Vec::new(),
            });
        }
        let size = charsmap
            .get(..4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or("the charsmap is truncated")?;
        let trie = charsmap
            .get(4..4 + size)
            .ok_or("the charsmap's trie is truncated")?;
        if size % 4 != 0 || size == 0 {
            return Err("the charsmap's trie size is not a positive multiple of 4".into());
        }
        Ok(Normalizer {
            units: trie
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
            replacements: charsmap[4 + size..].to_vec(),
        })
    }

    fn offset(unit: u32) -> usize {
        ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
    }

    /// What the text at `pos` normalises to, and how many bytes that consumes: the longest
    /// charsmap key at `pos`, or else one character unchanged.
    fn prefix<'t>(&'t self, text: &'t [u8], pos: usize) -> (&'t [u8], usize) {
        let mut best_len = 0;
        let mut best_value = 0usize;
        if !self.units.is_empty() {
            let mut node = Self::offset(self.units[0]);
            for (i, &c) in text[pos..].iter().enumerate() {
                node ^= c as usize;
                let Some(&unit) = self.units.get(node) else {
                    break;
                };
                if unit & 0x8000_00FF != u32::from(c) {
                    break;
                }
                node ^= Self::offset(unit);
                if unit & 0x100 != 0 {
                    best_len = i + 1;
                    best_value = self
                        .units
                        .get(node)
                        .map_or(usize::MAX, |v| (v & 0x7FFF_FFFF) as usize);
                }
            }
        }
        if best_len == 0 || best_value >= self.replacements.len() {
            let len = utf8_len(text[pos]).min(text.len() - pos);
            return (&text[pos..pos + len], len);
        }
        let tail = &self.replacements[best_value..];
        let end = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
        (&tail[..end], best_len)
    }

    fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let n = raw.len();
        let mut pos = 0;
        // Leading whitespace is dropped.
        while pos < n {
            let (p, adv) = self.prefix(raw, pos);
            if p != b" " {
                break;
            }
            pos += adv;
        }
        if pos >= n {
            return String::new();
        }
        let mut out: Vec<u8> = Vec::with_capacity(n + 8);
        out.extend_from_slice(SPACE.as_bytes());
        let mut prev_space = true;
        while pos < n {
            let (mut p, adv) = self.prefix(raw, pos);
            pos += adv;
            if prev_space {
                while let Some(rest) = p.strip_prefix(b" ") {
                    p = rest;
                }
            }
            if p.is_empty() {
                continue;
            }
            for &b in p {
                if b == b' ' {
                    out.extend_from_slice(SPACE.as_bytes());
                } else {
                    out.push(b);
                }
            }
            prev_space = p.last() == Some(&b' ');
        }
        while out.ends_with(SPACE.as_bytes()) {
            out.truncate(out.len() - SPACE.len());
        }
        // The charsmap's replacements are UTF-8 and keys end on character boundaries; a model
        // whose replacements are not would be corrupt, and its bytes are replaced, not trusted.
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Length of the UTF-8 sequence that starts with `first` (1 for a stray byte).
fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// A protobuf field's value (the wire types the model uses).
enum Value<'a> {
    Bytes(&'a [u8]),
    Fixed32(u32),
    /// A varint or 64-bit value: skipped, the model's fields of interest have neither type.
    Other,
}

fn varint(data: &[u8], pos: &mut usize) -> std::result::Result<u64, String> {
    let mut result = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *data.get(*pos).ok_or("truncated varint")?;
        *pos += 1;
        result |= u64::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return Ok(result);
        }
    }
    Err("varint longer than 10 bytes".into())
}

/// The fields of one protobuf message, in order.
fn fields(data: &[u8]) -> std::result::Result<Vec<(u64, Value<'_>)>, String> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let tag = varint(data, &mut pos)?;
        let (field, wire) = (tag >> 3, tag & 7);
        let value = match wire {
            0 => {
                varint(data, &mut pos)?;
                Value::Other
            }
            1 => {
                data.get(pos..pos + 8).ok_or("truncated 64-bit field")?;
                pos += 8;
                Value::Other
            }
            2 => {
                let len = usize::try_from(varint(data, &mut pos)?).map_err(|e| e.to_string())?;
                let b = data
                    .get(pos..pos.saturating_add(len))
                    .ok_or_else(|| format!("field {field} runs past the end of its message"))?;
                pos += len;
                Value::Bytes(b)
            }
            5 => {
                let b = data.get(pos..pos + 4).ok_or("truncated 32-bit field")?;
                pos += 4;
                Value::Fixed32(u32::from_le_bytes(b.try_into().expect("4 bytes")))
            }
            w => return Err(format!("unsupported protobuf wire type {w} at byte {pos}")),
        };
        out.push((field, value));
    }
    Ok(out)
}

/// The Fx hash (as in rustc): the vocabulary lookup runs once per character and candidate
/// length, where SipHash's DoS resistance buys nothing (the keys are the model's pieces).
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
