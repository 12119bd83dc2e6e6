//! Matrix products on the tile unit (AMX) of recent Intel processors: bf16 inputs, f32 sums.
//!
//! The second convolution layer is most of the encoder's arithmetic, and one tile instruction
//! does the work of hundreds of vector instructions. Rounding its inputs to bf16 moves an
//! embedding by a cosine of about 2·10⁻⁶, far inside the encoder's fidelity bound, so it is used
//! wherever the processor and the kernel offer it; elsewhere, or with `TMFORGE_NO_AMX` set, the
//! encoder keeps its f32 products.

/// Rows and columns of the output block one pass of the tile loop computes: 2 × 2 tiles of
/// 16 × 16 f32.
pub const BLOCK: usize = 32;
/// The reduction dimension is taken 32 bf16 values (one tile row of 64 bytes) at a time.
const K_STEP: usize = 32;

/// Whether the tile unit can be used: the processor has AMX-TILE and AMX-BF16, Linux granted
/// this process the tile state, and `TMFORGE_NO_AMX` is not set. Asked once per process.
pub fn available() -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| std::env::var_os("TMFORGE_NO_AMX").is_none() && detect())
}

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
fn detect() -> bool {
    use std::arch::x86_64::__cpuid_count;
    let (max_leaf, leaf7) = (__cpuid_count(0, 0).eax, __cpuid_count(7, 0));
    const AMX_BF16: u32 = 1 << 22;
    const AMX_TILE: u32 = 1 << 24;
    if max_leaf < 7 || leaf7.edx & (AMX_BF16 | AMX_TILE) != AMX_BF16 | AMX_TILE {
        return false;
    }
    // Linux keeps the 8 KB tile state from processes that have not asked for it (the first tile
    // instruction would raise SIGILL), and refuses when the kernel or hypervisor lacks it.
    const ARCH_REQ_XCOMP_PERM: libc::c_long = 0x1023;
    const XFEATURE_XTILEDATA: libc::c_long = 18;
    // SAFETY: arch_prctl with these arguments only changes this process's permissions.
    unsafe {
        libc::syscall(
            libc::SYS_arch_prctl,
            ARCH_REQ_XCOMP_PERM,
            XFEATURE_XTILEDATA,
        ) == 0
    }
}

#[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
fn detect() -> bool {
    false
}

/// A zeroed buffer whose first element starts a 64-byte cache line: a tile row that straddles
/// two lines costs two loads, which halved the speed of the products.
pub struct Aligned<T> {
    buf: Vec<T>,
    start: usize,
    len: usize,
}

impl<T: Copy + Default> Aligned<T> {
    pub fn zeroed(len: usize) -> Aligned<T> {
        let size = std::mem::size_of::<T>();
        let buf = vec![T::default(); len + 64 / size];
        let start = (buf.as_ptr() as usize).wrapping_neg() % 64 / size;
        Aligned { buf, start, len }
    }
}

impl<T> std::ops::Deref for Aligned<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.buf[self.start..self.start + self.len]
    }
}

impl<T> std::ops::DerefMut for Aligned<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.buf[self.start..self.start + self.len]
    }
}

/// f32 to bf16, rounding to nearest even (the inputs here are finite).
pub fn bf16(x: f32) -> u16 {
    let u = x.to_bits();
    ((u + 0x7fff + ((u >> 16) & 1)) >> 16) as u16
}

/// A `k × n` weight matrix in bf16, laid out as the tile unit reads its right-hand operand:
/// tiles of 16 rows (pairs of consecutive k) by 16 columns, each row holding the column's two
/// values of its pair side by side. The tiles of one 32-column block follow each other in the
/// order the product reads them, so that it streams through memory.
pub struct PackedWeights {
    k: usize,
    n: usize,
    tiles: Aligned<u16>,
}

/// bf16 values in one tile: 16 rows of 64 bytes.
const TILE: usize = 16 * 32;

impl PackedWeights {
    /// Packs row-major `b` (`k × n`); `k` and `n` are multiples of 32.
    pub fn new(b: &[f32], k: usize, n: usize) -> PackedWeights {
        assert!(
            k.is_multiple_of(K_STEP) && n.is_multiple_of(BLOCK) && b.len() == k * n,
            "packed weights shape"
        );
        let steps = k / K_STEP;
        let mut tiles = Aligned::zeroed(steps * n / 16 * TILE);
        for kk in 0..k {
            let (step, pair, half) = (kk / K_STEP, (kk % K_STEP) / 2, kk % 2);
            for col in 0..n {
                let (block, tile_col) = (col / BLOCK, (col % BLOCK) / 16);
                let tile = (block * steps + step) * 2 + tile_col;
                tiles[tile * TILE + pair * 32 + (col % 16) * 2 + half] = bf16(b[kk * n + col]);
            }
        }
        PackedWeights { k, n, tiles }
    }

    /// The tile of reduction step `step` and the 16 columns `col_tile · 16..`.
    fn tile(&self, step: usize, col_tile: usize) -> *const u16 {
        let steps = self.k / K_STEP;
        self.tiles[((col_tile / 2 * steps + step) * 2 + col_tile % 2) * TILE..].as_ptr()
    }
}

/// `c = a · b` for `rows` rows, a multiple of [`BLOCK`]: `a` is bf16 with row stride `lda`
/// (rows may overlap, as the windows of a convolution do), `c` is f32 with row stride `ldc`.
/// Call only when [`available`] is true.
pub fn gemm(rows: usize, a: &[u16], lda: usize, b: &PackedWeights, c: &mut [f32], ldc: usize) {
    assert!(available(), "tile unit not available");
    assert!(rows.is_multiple_of(BLOCK) && ldc >= b.n, "gemm shape");
    if rows == 0 {
        return;
    }
    assert!(a.len() >= (rows - 1) * lda + b.k, "gemm: a too short");
    assert!(c.len() >= (rows - 1) * ldc + b.n, "gemm: c too short");
    // SAFETY: `available` checked the processor and the kernel's permission; the asserts keep
    // every tile row read from `a` and `b` and written to `c` inside its slice.
    unsafe { tile_gemm(rows, a.as_ptr(), lda, b, c.as_mut_ptr(), ldc) }
}

/// The tile configuration: palette 1, all eight tiles 16 rows of 64 bytes.
#[repr(C, align(64))]
struct TileConfig([u8; 64]);

impl TileConfig {
    fn full() -> TileConfig {
        let mut cfg = [0u8; 64];
        cfg[0] = 1;
        for t in 0..8 {
            cfg[16 + 2 * t] = 64;
            cfg[48 + t] = 16;
        }
        TileConfig(cfg)
    }
}

/// Tiles 0–3 accumulate a 32 × 32 block of `c`; 4–5 hold 16 rows of `a` each, 6–7 16 columns of
/// `b` each.
#[cfg(target_arch = "x86_64")]
unsafe fn tile_gemm(
    rows: usize,
    a: *const u16,
    lda: usize,
    b: &PackedWeights,
    c: *mut f32,
    ldc: usize,
) {
    use std::arch::asm;
    let cfg = TileConfig::full();
    let (sa, sb, sc) = (lda * 2, 64usize, ldc * 4);
    // SAFETY (whole block): the caller guarantees the tile unit and the bounds of every pointer
    // formed here; tile registers are not used by compiled code, so they persist between blocks.
    unsafe {
        asm!("ldtilecfg [{}]", in(reg) cfg.0.as_ptr(), options(nostack, readonly));
        for i0 in (0..rows).step_by(BLOCK) {
            for j0 in (0..b.n).step_by(BLOCK) {
                asm!(
                    "tilezero tmm0",
                    "tilezero tmm1",
                    "tilezero tmm2",
                    "tilezero tmm3",
                    options(nostack, nomem)
                );
                for step in 0..b.k / K_STEP {
                    let a0 = a.add(i0 * lda + step * K_STEP);
                    let a1 = a0.add(16 * lda);
                    let b0 = b.tile(step, j0 / 16);
                    let b1 = b.tile(step, j0 / 16 + 1);
                    asm!(
                        "tileloadd tmm4, [{a0} + {sa} * 1]",
                        "tileloadd tmm5, [{a1} + {sa} * 1]",
                        "tileloadd tmm6, [{b0} + {sb} * 1]",
                        "tileloadd tmm7, [{b1} + {sb} * 1]",
                        "tdpbf16ps tmm0, tmm4, tmm6",
                        "tdpbf16ps tmm1, tmm4, tmm7",
                        "tdpbf16ps tmm2, tmm5, tmm6",
                        "tdpbf16ps tmm3, tmm5, tmm7",
                        a0 = in(reg) a0,
                        a1 = in(reg) a1,
                        b0 = in(reg) b0,
                        b1 = in(reg) b1,
                        sa = in(reg) sa,
                        sb = in(reg) sb,
                        options(nostack, readonly)
                    );
                }
                let c00 = c.add(i0 * ldc + j0);
                let c01 = c00.add(16);
                let c10 = c00.add(16 * ldc);
                let c11 = c10.add(16);
                asm!(
                    "tilestored [{c00} + {sc} * 1], tmm0",
                    "tilestored [{c01} + {sc} * 1], tmm1",
                    "tilestored [{c10} + {sc} * 1], tmm2",
                    "tilestored [{c11} + {sc} * 1], tmm3",
                    c00 = in(reg) c00,
                    c01 = in(reg) c01,
                    c10 = in(reg) c10,
                    c11 = in(reg) c11,
                    sc = in(reg) sc,
                    options(nostack)
                );
            }
        }
        asm!("tilerelease", options(nostack, nomem));
    }
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn tile_gemm(_: usize, _: *const u16, _: usize, _: &PackedWeights, _: *mut f32, _: usize) {
    unreachable!("available() is false off x86_64")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values exact in bf16, so the tile product must equal the f64 product up to f32 rounding.
    #[test]
    fn tile_product_matches_a_plain_product() {
        if !available() {
            eprintln!("no tile unit here: nothing to compare");
            return;
        }
        let (rows, k, n, lda) = (64, 96, 64, 40);
        let val = |i: usize, j: usize| ((i * 7 + j * 3) % 17) as f32 / 8.0 - 1.0;
        let a32: Vec<f32> = (0..(rows - 1) * lda + k).map(|i| val(i, 1)).collect();
        let b: Vec<f32> = (0..k * n).map(|i| val(i / n, i % n)).collect();
        let a: Vec<u16> = a32.iter().map(|&x| bf16(x)).collect();
        let mut c = vec![f32::NAN; rows * n];
        gemm(rows, &a, lda, &PackedWeights::new(&b, k, n), &mut c, n);
        for i in 0..rows {
            for j in 0..n {
                let want: f64 = (0..k)
                    .map(|kk| f64::from(a32[i * lda + kk]) * f64::from(b[kk * n + j]))
                    .sum();
                assert!((f64::from(c[i * n + j]) - want).abs() < 1e-4, "({i}, {j})");
            }
        }
    }
}
