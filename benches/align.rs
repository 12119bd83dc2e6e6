//! Alignment throughput on synthetic document pairs of 10,000 and 100,000 sentences: Arabic-like
//! and Latin pseudo-words through a fixed lexicon, with merges, splits and deletions.

use criterion::{Criterion, criterion_group, criterion_main};
use tmforge::align::{self, AlignOptions, Sentence};

/// A deterministic xorshift64* generator.
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
}

/// `n` source sentences and their translations: 1-1 mostly, with 1-2, 2-1, 1-0 and 0-1 beads.
fn pair(n: usize) -> (Vec<String>, Vec<String>) {
    let mut rng = Rng(42);
    let ar: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
    let en: Vec<char> = "abcdefghijklmnoprstuvwy".chars().collect();
    let word = |rng: &mut Rng, abc: &[char]| -> String {
        (0..2 + rng.below(7))
            .map(|_| abc[rng.below(abc.len() as u64) as usize])
            .collect()
    };
    let vocab = 5000;
    let sw: Vec<String> = (0..vocab).map(|_| word(&mut rng, &ar)).collect();
    let tw: Vec<String> = (0..vocab).map(|_| word(&mut rng, &en)).collect();
    let (mut src, mut tgt) = (Vec::new(), Vec::new());
    while src.len() < n {
        let ids: Vec<usize> = (0..6 + rng.below(24))
            .map(|_| {
                let u = rng.below(1 << 20) as f64 / f64::from(1 << 20);
                (u * u * u * vocab as f64) as usize
            })
            .collect();
        let s: Vec<&str> = ids.iter().map(|&i| sw[i].as_str()).collect();
        let t: Vec<&str> = ids
            .iter()
            .filter(|_| rng.below(12) > 0)
            .map(|&i| tw[i].as_str())
            .collect();
        match rng.below(100) {
            0..=1 => src.push(s.join(" ") + " ."),
            2..=3 => tgt.push(t.join(" ") + "."),
            4..=7 if t.len() > 2 => {
                src.push(s.join(" ") + " .");
                let cut = t.len() / 2;
                tgt.push(t[..cut].join(" ") + ".");
                tgt.push(t[cut..].join(" ") + ".");
            }
            _ => {
                src.push(s.join(" ") + " .");
                tgt.push(t.join(" ") + ".");
            }
        }
    }
    (src, tgt)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("align");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let (src, tgt) = pair(n);
        let s: Vec<Sentence> = src
            .iter()
            .map(|t| Sentence {
                text: t,
                paragraph: 0,
            })
            .collect();
        let t: Vec<Sentence> = tgt
            .iter()
            .map(|t| Sentence {
                text: t,
                paragraph: 0,
            })
            .collect();
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| align::align(&s, &t, &AlignOptions::default()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
