//! Alignment throughput on synthetic document pairs of 10,000 and 100,000 sentences (the
//! generator of the aligner's tests: pseudo-words through a fixed lexicon, with merges, splits
//! and deletions).

use criterion::{Criterion, criterion_group, criterion_main};
use tmforge::align::{self, AlignOptions};

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("align");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let (src, tgt, _) = synthetic::synthetic(n, 42);
        let (s, t) = (
            synthetic::one_paragraph(&src),
            synthetic::one_paragraph(&tgt),
        );
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| align::align(&s, &t, &AlignOptions::default()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
