//! The network of Universal Sentence Encoder multilingual v3: a quantised token embedding, three
//! convolutional n-gram branches, a sum over tokens and a small residual feed-forward head.
//!
//! The forward pass follows the reference package's numpy backend layer by layer (same
//! operations, same order of the non-linear steps), with exact rearrangements for speed:
//! everything that depends on the token id alone is computed once per distinct id in a chunk of
//! texts ([`TokenCache`]); the sum over tokens is taken before the output projection, as the
//! reference does; and each convolution reads its windows in place from a padded layout rather
//! than copying them. The two convolution layers are most of the arithmetic: on a processor with
//! a tile unit they run there in bf16 ([`amx`]); elsewhere in f32, with the first layer's
//! per-slot products cached per token id as well. It does not batch across calls or keep a cache
//! between them: memory stays bounded by [`CHUNK_DISTINCT_IDS`] and [`MICRO_BATCH_TOKENS`].

use std::ops::Range;

use rayon::prelude::*;

use super::amx;
use super::npz::Npz;
use crate::Result;

/// Rows of each of the 17 quantised embedding chunks (`q1`..`q17` in weights.npz); piece id
/// `r * 17 + c` is row `r` of chunk `c + 1`.
const CHUNK_ROWS: usize = 7530;
const CHUNKS: usize = 17;
/// Rows of the embedding table (covers the 128,000 pieces of sp.model).
pub const VOCAB: usize = CHUNK_ROWS * CHUNKS;
/// Width of the token embedding.
const EMB: usize = 512;
/// Width of each convolutional branch.
const CNN: usize = 256;
/// Width of the token features summed over a text: embedding and the three branches.
pub const FEAT: usize = EMB + 3 * CNN;
/// Width of the feed-forward head's hidden layers (d0, d1, p1 in weights.npz).
const HIDDEN: usize = 320;
/// Width of the output embedding.
pub const OUT: usize = 512;
/// (n-gram order, tokens of left context) of the three branches, from the reference backend.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
/// How far a token's features reach on either side: two convolution layers of windows reaching
/// two tokens each way (order 5, left context 2).
pub const WINDOW_REACH: usize = 4;
/// Zero rows around each text in the second layer's input: the most left context (2) and right
/// context (order 5 − 1 − 2) of any branch.
const PAD: usize = 2;
/// Where branch `i`'s per-slot first-layer products start in a cached token row.
const SLOT_OFFSETS: [usize; 3] = [0, 2 * CNN, 5 * CNN];
/// Width of a cached token's first-layer products (2 + 3 + 5 slots of 256).
const SLOTS: usize = 10 * CNN;
/// Width of the projected, normalised token vector (the three branch inputs side by side).
const PROJ: usize = 3 * CNN;

/// Most distinct token ids whose cached features are held at once (3,328 floats each, so at
/// most 109 MB): a chunk of texts ends before it would exceed this. A thousand sentences of
/// prose have about 6,000 distinct ids; a smaller cache recomputes shared ids in every chunk.
const CHUNK_DISTINCT_IDS: usize = 8192;
/// Tokens per micro-batch of the convolution: large enough for the matrix products to run near
/// full speed, small enough that a batch's buffers (about 10 MB) stay per-thread and transient.
/// A longer text is a batch of its own.
pub const MICRO_BATCH_TOKENS: usize = 1024;
/// Distinct ids per block when filling the token cache.
const CACHE_BLOCK: usize = 256;

/// One convolutional branch.
struct Branch {
    order: usize,
    left: usize,
    /// First layer, rearranged to `CNN × (order·CNN)`: column block `j` is the weight of window
    /// slot `j`, so one product gives every slot's contribution of a token.
    w1_slots: Vec<f32>,
    b1: Vec<f32>,
    /// Second layer as stored: `(order·CNN) × CNN`.
    w2: Vec<f32>,
    /// Both layers in bf16 for the tile unit, when the processor has one: the first layer then
    /// runs as a convolution like the second, and the token cache holds no per-slot products.
    tiles: Option<[amx::PackedWeights; 2]>,
    b2: Vec<f32>,
}

/// The weights, as read from weights.npz.
pub struct Model {
    /// The quantised embedding table as stored: chunk `id % CHUNKS`, row `id / CHUNKS`, `EMB`
    /// bytes a row.
    table: Vec<Vec<u8>>,
    scale: Vec<f32>,
    lo: Vec<f32>,
    proj_w: Vec<f32>,
    proj_b: Vec<f32>,
    proj_ln_g: Vec<f32>,
    proj_ln_b: Vec<f32>,
    branches: [Branch; 3],
    ln_g: Vec<f32>,
    ln_b: Vec<f32>,
    cnn_w: Vec<f32>,
    cnn_b: Vec<f32>,
    d0: Vec<f32>,
    d1: Vec<f32>,
    p1: Vec<f32>,
    d2: Vec<f32>,
    p3: Vec<f32>,
    d3: Vec<f32>,
    eps: f32,
}

/// Concatenates row-major matrices with `rows` rows side by side.
fn hcat(parts: &[Vec<f32>], rows: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for r in 0..rows {
        for p in parts {
            let w = p.len() / rows;
            out.extend_from_slice(&p[r * w..(r + 1) * w]);
        }
    }
    out
}

impl Model {
    /// Reads the weights from the bytes of weights.npz.
    pub fn from_npz(bytes: &[u8], label: &str) -> Result<Model> {
        let mut z = Npz::open(bytes, label)?;
        // The table is most of the archive: its chunks are inflated side by side. The first
        // error in chunk order is reported, whichever thread met one first.
        let table = (0..CHUNKS)
            .into_par_iter()
            .map_with(z.clone(), |z, c| {
                z.u8(&format!("q{}", c + 1), &[CHUNK_ROWS, EMB])
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Result<Vec<_>>>()?;
        let mut proj = Vec::new();
        let mut proj_b = Vec::new();
        let mut proj_ln_g = Vec::new();
        let mut proj_ln_b = Vec::new();
        let mut branches = Vec::new();
        for (order, left) in ORDERS {
            proj.push(z.f32(&format!("proj{order}"), &[EMB, CNN])?);
            proj_b.extend(z.f32(&format!("proj_b{order}"), &[CNN])?);
            proj_ln_g.extend(z.f32(&format!("ln_g{order}"), &[CNN])?);
            proj_ln_b.extend(z.f32(&format!("ln_b{order}"), &[CNN])?);
            let w1 = z.f32(&format!("w1_{order}"), &[order * CNN, CNN])?;
            // w1 row j·CNN + k, column c  ->  w1_slots row k, column j·CNN + c
            let mut w1_slots = vec![0f32; CNN * order * CNN];
            for j in 0..order {
                for k in 0..CNN {
                    let src = &w1[(j * CNN + k) * CNN..(j * CNN + k + 1) * CNN];
                    let dst = k * order * CNN + j * CNN;
                    w1_slots[dst..dst + CNN].copy_from_slice(src);
                }
            }
            let w2 = z.f32(&format!("w2_{order}"), &[order * CNN, CNN])?;
            branches.push(Branch {
                order,
                left,
                w1_slots,
                b1: z.f32(&format!("b1_{order}"), &[CNN])?,
                tiles: amx::available().then(|| {
                    [
                        amx::PackedWeights::new(&w1, order * CNN, CNN),
                        amx::PackedWeights::new(&w2, order * CNN, CNN),
                    ]
                }),
                w2,
                b2: z.f32(&format!("b2_{order}"), &[CNN])?,
            });
        }
        let branches: [Branch; 3] = branches
            .try_into()
            .unwrap_or_else(|_| unreachable!("three orders"));
        Ok(Model {
            table,
            scale: z.f32("scale", &[CHUNKS])?,
            lo: z.f32("lo", &[CHUNKS])?,
            proj_w: hcat(&proj, EMB),
            proj_b,
            proj_ln_g,
            proj_ln_b,
            branches,
            ln_g: z.f32("ln_g", &[FEAT])?,
            ln_b: z.f32("ln_b", &[FEAT])?,
            cnn_w: z.f32("cnn_W", &[FEAT, OUT])?,
            cnn_b: z.f32("cnn_b", &[OUT])?,
            d0: z.f32("d0", &[OUT, HIDDEN])?,
            d1: z.f32("d1", &[HIDDEN, HIDDEN])?,
            p1: z.f32("p1", &[OUT, HIDDEN])?,
            d2: z.f32("d2", &[HIDDEN, OUT])?,
            p3: z.f32("p3", &[HIDDEN, OUT])?,
            d3: z.f32("d3", &[OUT, OUT])?,
            eps: z.f64_scalar("eps")? as f32,
        })
    }

    /// Whether the convolutions run on the tile unit (see [`amx`]).
    fn uses_tiles(&self) -> bool {
        self.branches[0].tiles.is_some()
    }

    /// The dequantised embedding of piece `id` (ids past the table, which sp.model does not
    /// produce, read as the last row rather than panic).
    fn embed(&self, id: u32, out: &mut [f32]) {
        let id = (id as usize).min(VOCAB - 1);
        let (c, r) = (id % CHUNKS, id / CHUNKS);
        let (s, lo) = (self.scale[c], self.lo[c]);
        for (o, &q) in out.iter_mut().zip(&self.table[c][r * EMB..(r + 1) * EMB]) {
            // Two roundings, as the reference: (q · scale) then + lo.
            *o = f32::from(q) * s + lo;
        }
    }

    /// The pooled token features of each tokenised text (the sum over its tokens of the
    /// normalised features, before the output projection), with the sums over its head and
    /// tail: the tokens whose n-gram windows reach its BOS or its EOS.
    pub fn pooled(&self, texts: &[Vec<u32>]) -> Pooled {
        let ranges = |_: usize, len: usize| {
            [
                0..len,
                0..(WINDOW_REACH + 1).min(len),
                len.saturating_sub(WINDOW_REACH + 1)..len,
            ]
        };
        Pooled {
            rows: self.range_sums(texts, &ranges),
        }
    }

    /// For each text, the sum of its normalised token features over `zones[i]`.
    pub fn zone_sums(&self, texts: &[Vec<u32>], zones: &[Range<usize>]) -> Vec<f32> {
        self.range_sums(texts, &|i: usize, _: usize| [zones[i].clone()])
    }

    /// For each text, the sums of its normalised token features over the `R` token ranges that
    /// `ranges(index, length)` gives for it: `texts.len() × R × FEAT`.
    fn range_sums<const R: usize>(
        &self,
        texts: &[Vec<u32>],
        ranges: &(dyn Fn(usize, usize) -> [Range<usize>; R] + Sync),
    ) -> Vec<f32> {
        let mut out = vec![0f32; texts.len() * R * FEAT];
        let mut first = 0;
        while first < texts.len() {
            let chunk = chunk_end(texts, first);
            let cache = TokenCache::new(self, &texts[first..chunk]);
            let batches = micro_batches(&texts[first..chunk]);
            let results: Vec<Vec<f32>> = batches
                .par_iter()
                .map(|&(a, b)| {
                    let batch = &texts[first + a..first + b];
                    let feats = self.features(&cache, batch);
                    let mut sums = vec![0f32; batch.len() * R * FEAT];
                    let mut start = 0;
                    for (k, text) in batch.iter().enumerate() {
                        for (r, range) in ranges(first + a + k, text.len()).into_iter().enumerate()
                        {
                            let sum = &mut sums[(k * R + r) * FEAT..(k * R + r + 1) * FEAT];
                            for t in range {
                                let row = &feats[(start + t) * FEAT..(start + t + 1) * FEAT];
                                for (a, &b) in sum.iter_mut().zip(row) {
                                    *a += b;
                                }
                            }
                        }
                        start += text.len();
                    }
                    sums
                })
                .collect();
            let mut at = first * R * FEAT;
            for r in results {
                out[at..at + r.len()].copy_from_slice(&r);
                at += r.len();
            }
            first = chunk;
        }
        out
    }

    /// The normalised features of every token of one micro-batch, `tokens × FEAT`.
    fn features(&self, cache: &TokenCache, texts: &[Vec<u32>]) -> Vec<f32> {
        let m: usize = texts.iter().map(Vec::len).sum();
        // First-layer outputs live in a padded layout: PAD zero rows before every text and after
        // the last, so that the second layer's window of `order` rows around a token is one
        // contiguous run of rows, zero outside its text, and the windows of all tokens are the
        // rows of one matrix with row stride CNN.
        let mut ids = Vec::with_capacity(m);
        let mut span = Vec::with_capacity(m);
        let mut pos = Vec::with_capacity(m);
        let mut padded = PAD;
        for t in texts {
            let start = ids.len();
            ids.extend_from_slice(t);
            span.extend(std::iter::repeat_n((start, ids.len()), t.len()));
            pos.extend(padded..padded + t.len());
            padded += t.len() + PAD;
        }
        // The second layer's output row r is the token at padded row r + PAD.
        let out_rows = (padded - PAD).next_multiple_of(amx::BLOCK);
        let h_rows = out_rows + 2 * PAD + amx::BLOCK;
        let rows: Vec<usize> = ids.iter().map(|&id| cache.row(id)).collect();
        let mut feats = vec![0f32; m * FEAT];
        // Each token's cached rows are gathered once: they are scattered over the cache, and
        // every branch reads them twice.
        let mut proj = vec![0f32; m * PROJ];
        for (t, &id) in ids.iter().enumerate() {
            self.embed(id, &mut feats[t * FEAT..t * FEAT + EMB]);
            proj[t * PROJ..(t + 1) * PROJ].copy_from_slice(cache.proj(rows[t]));
        }
        let mut h = vec![0f32; h_rows * CNN];
        let mut c = amx::Aligned::<f32>::zeroed(out_rows * CNN);
        // bf16 input rows of the tile unit's products, zero outside the texts.
        let mut tile_input =
            amx::Aligned::<u16>::zeroed(if self.uses_tiles() { h_rows * CNN } else { 0 });
        for (i, br) in self.branches.iter().enumerate() {
            let n = br.order;
            // Output row r's window starts at padded row r + PAD - left.
            let first = (PAD - br.left) * CNN;
            // First layer, then ReLU and the residual input.
            if let Some([w1, _]) = &br.tiles {
                for (t, &p) in pos.iter().enumerate() {
                    let x = &proj[t * PROJ + i * CNN..t * PROJ + (i + 1) * CNN];
                    for (d, &v) in tile_input[p * CNN..(p + 1) * CNN].iter_mut().zip(x) {
                        *d = amx::bf16(v);
                    }
                }
                amx::gemm(out_rows, &tile_input[first..], CNN, w1, &mut c, CNN);
                for (t, &p) in pos.iter().enumerate() {
                    let x = &proj[t * PROJ + i * CNN..t * PROJ + (i + 1) * CNN];
                    let ct = &c[(p - PAD) * CNN..(p - PAD + 1) * CNN];
                    let ht = &mut h[p * CNN..(p + 1) * CNN];
                    for (((a, &c), &b), &x) in ht.iter_mut().zip(ct).zip(&br.b1).zip(x) {
                        *a = (c + b).max(0.0) + x;
                    }
                }
            } else {
                for t in 0..m {
                    let ht = &mut h[pos[t] * CNN..(pos[t] + 1) * CNN];
                    ht.copy_from_slice(&br.b1);
                    let (start, end) = span[t];
                    for j in 0..n {
                        let Some(s) = (t + j)
                            .checked_sub(br.left)
                            .filter(|&s| s >= start && s < end)
                        else {
                            continue;
                        };
                        let p = cache.slot(rows[s], i, j);
                        for (a, &b) in ht.iter_mut().zip(p) {
                            *a += b;
                        }
                    }
                    let x = &proj[t * PROJ + i * CNN..t * PROJ + (i + 1) * CNN];
                    for (a, &b) in ht.iter_mut().zip(x) {
                        *a = a.max(0.0) + b;
                    }
                }
            }
            // Second layer.
            if let Some([_, w2]) = &br.tiles {
                for &p in &pos {
                    let src = &h[p * CNN..(p + 1) * CNN];
                    for (d, &v) in tile_input[p * CNN..(p + 1) * CNN].iter_mut().zip(src) {
                        *d = amx::bf16(v);
                    }
                }
                amx::gemm(out_rows, &tile_input[first..], CNN, w2, &mut c, CNN);
            } else {
                sgemm(
                    out_rows,
                    n * CNN,
                    CNN,
                    &h[first..],
                    CNN,
                    &br.w2,
                    CNN,
                    &mut c,
                    CNN,
                    0.0,
                );
            }
            for t in 0..m {
                let dst = &mut feats[t * FEAT + EMB + i * CNN..t * FEAT + EMB + (i + 1) * CNN];
                let r = pos[t] - PAD;
                let src = &c[r * CNN..(r + 1) * CNN];
                for (((d, &c), &b), &r) in dst
                    .iter_mut()
                    .zip(src)
                    .zip(&br.b2)
                    .zip(&h[pos[t] * CNN..(pos[t] + 1) * CNN])
                {
                    *d = (c + b).max(0.0) + r;
                }
            }
        }
        for row in feats.chunks_exact_mut(FEAT) {
            layer_norm(row, &self.ln_g, &self.ln_b, self.eps);
        }
        feats
    }

    /// The embeddings (`n × OUT`, unit rows) of texts given their pooled features and token
    /// counts: the output projection scaled by 1/sqrt(tokens), then the residual head.
    pub fn head(&self, pooled: &[f32], lens: &[usize]) -> Vec<f32> {
        const BLOCK: usize = 256;
        let mut out = vec![0f32; lens.len() * OUT];
        out.par_chunks_mut(BLOCK * OUT)
            .zip(pooled.par_chunks(BLOCK * FEAT))
            .zip(lens.par_chunks(BLOCK))
            .for_each(|((out, pooled), lens)| self.head_block(pooled, lens, out));
        out
    }

    fn head_block(&self, pooled: &[f32], lens: &[usize], out: &mut [f32]) {
        let s = lens.len();
        let mut mean = vec![0f32; s * OUT];
        sgemm(
            s,
            FEAT,
            OUT,
            pooled,
            FEAT,
            &self.cnn_w,
            OUT,
            &mut mean,
            OUT,
            0.0,
        );
        for (row, &len) in mean.chunks_exact_mut(OUT).zip(lens) {
            let len = len as f32;
            let r = 1.0 / len.sqrt();
            for (m, &b) in row.iter_mut().zip(&self.cnn_b) {
                *m = (*m + len * b) * r;
            }
        }
        let mut y0 = vec![0f32; s * HIDDEN];
        sgemm(
            s, OUT, HIDDEN, &mean, OUT, &self.d0, HIDDEN, &mut y0, HIDDEN, 0.0,
        );
        relu(&mut y0);
        let mut y1 = vec![0f32; s * HIDDEN];
        sgemm(
            s, OUT, HIDDEN, &mean, OUT, &self.p1, HIDDEN, &mut y1, HIDDEN, 0.0,
        );
        sgemm(
            s, HIDDEN, HIDDEN, &y0, HIDDEN, &self.d1, HIDDEN, &mut y1, HIDDEN, 1.0,
        );
        relu(&mut y1);
        let mut y2 = vec![0f32; s * OUT];
        sgemm(
            s, HIDDEN, OUT, &y1, HIDDEN, &self.d2, OUT, &mut y2, OUT, 0.0,
        );
        relu(&mut y2);
        sgemm(s, HIDDEN, OUT, &y1, HIDDEN, &self.p3, OUT, out, OUT, 0.0);
        sgemm(s, OUT, OUT, &y2, OUT, &self.d3, OUT, out, OUT, 1.0);
        for row in out.chunks_exact_mut(OUT) {
            let mut norm2 = 0f32;
            for z in row.iter_mut() {
                *z = z.tanh();
                norm2 += *z * *z;
            }
            let r = 1.0 / norm2.max(self.eps).sqrt();
            for z in row.iter_mut() {
                *z *= r;
            }
        }
    }
}

/// Pooled features of texts: per text, three rows of `FEAT`: the sum over all its tokens, over
/// its head and over its tail (see [`Model::pooled`]).
pub struct Pooled {
    rows: Vec<f32>,
}

impl Pooled {
    /// The sum of text `i`'s token features.
    pub fn sum(&self, i: usize) -> &[f32] {
        &self.rows[i * 3 * FEAT..i * 3 * FEAT + FEAT]
    }

    /// The sum of text `i`'s head features (BOS and the tokens whose windows reach it).
    pub fn head(&self, i: usize) -> &[f32] {
        &self.rows[i * 3 * FEAT + FEAT..i * 3 * FEAT + 2 * FEAT]
    }

    /// The sum of text `i`'s tail features (EOS and the tokens whose windows reach it).
    pub fn tail(&self, i: usize) -> &[f32] {
        &self.rows[i * 3 * FEAT + 2 * FEAT..(i + 1) * 3 * FEAT]
    }

    /// The sums of all texts, `n × FEAT`.
    pub fn sums(&self) -> Vec<f32> {
        self.rows
            .chunks_exact(3 * FEAT)
            .flat_map(|r| r[..FEAT].iter().copied())
            .collect()
    }
}

/// Per-chunk cache of what depends on the token id alone: the projected, normalised vector and
/// the first convolution layer's product for every branch and window slot.
struct TokenCache {
    /// Cache row of each piece id, `u32::MAX` when absent.
    index: Vec<u32>,
    proj: Vec<f32>,
    slots: Vec<f32>,
}

impl TokenCache {
    fn new(model: &Model, texts: &[Vec<u32>]) -> TokenCache {
        let mut index = vec![u32::MAX; VOCAB];
        let mut distinct = Vec::new();
        for &id in texts.iter().flatten() {
            let id = (id as usize).min(VOCAB - 1);
            if index[id] == u32::MAX {
                index[id] = 0;
                distinct.push(id as u32);
            }
        }
        distinct.sort_unstable();
        for (row, &id) in distinct.iter().enumerate() {
            index[id as usize] = row as u32;
        }
        let n = distinct.len();
        let mut proj = vec![0f32; n * PROJ];
        proj.par_chunks_mut(CACHE_BLOCK * PROJ)
            .zip(distinct.par_chunks(CACHE_BLOCK))
            .for_each(|(proj, ids)| {
                let m = ids.len();
                let mut emb = vec![0f32; m * EMB];
                for (row, &id) in emb.chunks_exact_mut(EMB).zip(ids) {
                    model.embed(id, row);
                }
                for row in proj.chunks_exact_mut(PROJ) {
                    row.copy_from_slice(&model.proj_b);
                }
                sgemm(
                    m,
                    EMB,
                    PROJ,
                    &emb,
                    EMB,
                    &model.proj_w,
                    PROJ,
                    proj,
                    PROJ,
                    1.0,
                );
                for row in proj.chunks_exact_mut(PROJ) {
                    layer_norm(row, &model.proj_ln_g, &model.proj_ln_b, model.eps);
                }
            });
        // With the tile unit the first layer is a convolution of `proj`; without, its per-slot
        // products are cached too.
        let mut slots = vec![0f32; if model.uses_tiles() { 0 } else { n * SLOTS }];
        slots
            .par_chunks_mut(CACHE_BLOCK * SLOTS)
            .zip(proj.par_chunks(CACHE_BLOCK * PROJ))
            .for_each(|(slots, proj)| {
                let m = proj.len() / PROJ;
                for (i, br) in model.branches.iter().enumerate() {
                    let width = br.order * CNN;
                    // Branch i's input is columns i·CNN.. of `proj`; its output goes to
                    // columns SLOT_OFFSETS[i].. of `slots`.
                    sgemm(
                        m,
                        CNN,
                        width,
                        &proj[i * CNN..],
                        PROJ,
                        &br.w1_slots,
                        width,
                        &mut slots[SLOT_OFFSETS[i]..],
                        SLOTS,
                        0.0,
                    );
                }
            });
        TokenCache { index, proj, slots }
    }

    fn row(&self, id: u32) -> usize {
        self.index[(id as usize).min(VOCAB - 1)] as usize
    }

    fn proj(&self, row: usize) -> &[f32] {
        &self.proj[row * PROJ..(row + 1) * PROJ]
    }

    /// Branch `i`'s first-layer product of the token in cache row `row` at window slot `j`.
    fn slot(&self, row: usize, i: usize, j: usize) -> &[f32] {
        let at = row * SLOTS + SLOT_OFFSETS[i] + j * CNN;
        &self.slots[at..at + CNN]
    }
}

/// Where the chunk of texts starting at `first` ends: before the text that would take the
/// number of distinct ids past [`CHUNK_DISTINCT_IDS`] (a chunk has at least one text).
fn chunk_end(texts: &[Vec<u32>], first: usize) -> usize {
    let mut seen = vec![false; VOCAB];
    let mut distinct = 0;
    for (end, text) in texts.iter().enumerate().skip(first) {
        let mut fresh = Vec::new();
        for &id in text {
            let id = (id as usize).min(VOCAB - 1);
            if !seen[id] {
                seen[id] = true;
                fresh.push(id);
            }
        }
        if end > first && distinct + fresh.len() > CHUNK_DISTINCT_IDS {
            return end;
        }
        distinct += fresh.len();
    }
    texts.len()
}

/// Micro-batches `[a, b)` of consecutive texts with at most [`MICRO_BATCH_TOKENS`] tokens each
/// (a longer text alone). They depend on the token counts only, never on the thread count.
fn micro_batches(texts: &[Vec<u32>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut first, mut tokens) = (0, 0);
    for (i, t) in texts.iter().enumerate() {
        if i > first && tokens + t.len() > MICRO_BATCH_TOKENS {
            out.push((first, i));
            first = i;
            tokens = 0;
        }
        tokens += t.len();
    }
    if first < texts.len() {
        out.push((first, texts.len()));
    }
    out
}

/// Layer normalisation of one row in place, in the reference's order of operations (centre,
/// variance of the centred row, scale by 1/sqrt(var + eps), then gain and bias).
fn layer_norm(x: &mut [f32], g: &[f32], b: &[f32], eps: f32) {
    let n = x.len() as f64;
    let mean = (sum_f64(x, |v| v) / n) as f32;
    for v in x.iter_mut() {
        *v -= mean;
    }
    let var = sum_f64(x, |v| v * v);
    let r = 1.0 / ((var / n) as f32 + eps).sqrt();
    for ((v, &g), &b) in x.iter_mut().zip(g).zip(b) {
        *v = *v * r * g + b;
    }
}

/// The sum of `f` over a row in f64, in eight interleaved partial sums: one running sum would be
/// a chain of dependent additions, the slowest part of the features.
fn sum_f64(x: &[f32], f: impl Fn(f64) -> f64) -> f64 {
    let mut acc = [0f64; 8];
    let chunks = x.chunks_exact(8);
    let rest: f64 = chunks.remainder().iter().map(|&v| f(f64::from(v))).sum();
    for c in chunks {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a += f(f64::from(v));
        }
    }
    acc.iter().sum::<f64>() + rest
}

fn relu(x: &mut [f32]) {
    for v in x {
        *v = v.max(0.0);
    }
}

/// `c = a · b + beta · c` for row-major `a` (m×k, row stride lda), `b` (k×n, ldb), `c` (m×n,
/// ldc); `beta` is 0 to overwrite `c`, 1 to add to it.
#[allow(clippy::too_many_arguments)]
fn sgemm(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    c: &mut [f32],
    ldc: usize,
    beta: f32,
) {
    if m == 0 || n == 0 {
        return;
    }
    // The last row of each operand only needs its own columns, so the slices may end early.
    // Rows of `a` may overlap (a convolution's windows); rows of `c` may not.
    assert!(ldb >= n && ldc >= n, "gemm strides");
    assert!(a.len() >= (m - 1) * lda + k, "gemm: a too short");
    assert!(b.len() >= (k.max(1) - 1) * ldb + n, "gemm: b too short");
    assert!(c.len() >= (m - 1) * ldc + n, "gemm: c too short");
    // SAFETY: the asserts above keep every element that matrixmultiply reads or writes, at
    // (row · stride + column), inside the slices; `c` is borrowed mutably, so nothing aliases it.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            lda as isize,
            1,
            b.as_ptr(),
            ldb as isize,
            1,
            beta,
            c.as_mut_ptr(),
            ldc as isize,
            1,
        );
    }
}
