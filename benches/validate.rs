//! Validation throughput on a generated memory of the seed article's pairs (about 4 MB), with and
//! without the pair checks, so that the structural pass and the pair QA can be told apart; and
//! with the meaning check, which encodes every segment, in units a second.

use std::hint::black_box;
use std::io::Cursor;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tmforge::qa::{self, Options};

/// A tmforge-style TMX of `units` units built from the article fixture's pairs, each made unique
/// by its number so that no unit conflicts with another.
fn memory(units: usize) -> Vec<u8> {
    let fixture = include_str!("../tests/fixtures/tmx/article-correct.tmx");
    let pairs: Vec<(&str, &str)> = fixture
        .split("<tuv xml:lang=\"ar\"><seg>")
        .skip(1)
        .map(|rest| {
            let (ar, rest) = rest.split_once("</seg>").unwrap();
            let en = rest
                .split_once("<seg>")
                .unwrap()
                .1
                .split_once("</seg>")
                .unwrap()
                .0;
            (ar, en)
        })
        .collect();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header creationtool=\"tmforge\" \
         creationtoolversion=\"0.1.0\" segtype=\"sentence\" o-tmf=\"tmforge\" adminlang=\"en\" srclang=\"ar\" \
         datatype=\"plaintext\" creationdate=\"20261129T041107Z\"/>\n  <body>\n",
    );
    for i in 0..units {
        let (ar, en) = pairs[i % pairs.len()];
        out.push_str(&format!(
            "    <tu tuid=\"doc:{i}\">\n      <prop type=\"x-document\">doc</prop>\n      <prop \
             type=\"x-pair-type\">1-1</prop>\n      <prop type=\"x-confidence\">0.93</prop>\n      \
             <tuv xml:lang=\"ar\">\n        <seg>{ar} {i}</seg>\n      </tuv>\n      <tuv \
             xml:lang=\"en\">\n        <seg>{en} {i}</seg>\n      </tuv>\n    </tu>\n"
        ));
    }
    out.push_str("  </body>\n</tmx>\n");
    out.into_bytes()
}

/// One validation of `data`, which must raise no finding (the memory is clean).
fn validate_clean(data: &[u8], options: &Options) -> qa::Summary {
    let mut findings = 0usize;
    let summary = qa::validate(Cursor::new(data.to_vec()), "bench.tmx", options, |c| {
        findings += c.findings.len()
    })
    .unwrap();
    assert_eq!(findings, 0);
    summary
}

fn bench(c: &mut Criterion) {
    let data = memory(5_000);
    let mut group = c.benchmark_group("validate");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(20);
    for (name, pair_checks) in [("full", true), ("structure-only", false)] {
        let options = Options {
            pair_checks,
            ..Options::default()
        };
        group.bench_function(name, |b| {
            b.iter(|| black_box(validate_clean(&data, &options)))
        });
    }
    group.finish();

    // The meaning check encodes every segment: measured in units a second, on a smaller memory.
    let units = 2_000;
    let data = memory(units);
    let mut group = c.benchmark_group("validate-semantic");
    group.throughput(Throughput::Elements(units as u64));
    group.sample_size(10);
    let options = Options {
        semantic: true,
        ..Options::default()
    };
    // The encoder is decoded once per process, before the timing.
    tmforge::encoder::Encoder::bundled().unwrap();
    group.bench_function("full+semantic", |b| {
        b.iter(|| black_box(validate_clean(&data, &options)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
