//! Sentence encoder throughput on the reference sentences (ar, en, de, fr): encoding, runs of up
//! to three sentences, and tokenizing alone. `bench/encoder_speed.py` compares with the package.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tmforge::encoder::Encoder;

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let jsonl = std::fs::read_to_string(root.join("tests/data/encoder/sentences.jsonl")).unwrap();
    let sentences: Vec<String> = jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["text"].as_str().unwrap().to_string()
        })
        .collect();
    let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let encoder = Encoder::bundled().unwrap();

    let mut group = c.benchmark_group("encoder");
    group.sample_size(10);
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("encode_reference_sentences", |b| {
        b.iter(|| black_box(encoder.encode(black_box(&texts))))
    });
    group.bench_function("encode_runs_3_reference_sentences", |b| {
        b.iter(|| black_box(encoder.encode_runs(black_box(&texts), 3)))
    });
    group.bench_function("tokenize_reference_sentences", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(encoder.tokenize(black_box(t)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
