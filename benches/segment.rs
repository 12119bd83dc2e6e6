//! Segmentation throughput: built-in Arabic and English rules on news text, a long line with
//! no punctuation (the linear-time guarantee), and the SRX engine on the sample rules.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tmforge::LanguageTag;
use tmforge::segment::Segmenter;

/// Size of each benchmark text: large enough that per-call overhead does not count.
const TARGET_BYTES: usize = 4 * 1024 * 1024;

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len() + 1)
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = std::fs::read_to_string(root.join("corpus/azerbaijan-demining.ar.txt")).unwrap();
    let english =
        std::fs::read_to_string(root.join("tests/data/segment/azerbaijan-demining.en.txt"))
            .unwrap();
    let arabic = repeat_to(&format!("{}\n\n", seed.trim()), TARGET_BYTES);
    let english = repeat_to(&format!("{}\n\n", english.trim()), TARGET_BYTES);
    let no_punctuation = repeat_to("كلمة ", TARGET_BYTES);

    let ar = Segmenter::builtin(&LanguageTag::parse("ar").unwrap());
    let en = Segmenter::builtin(&LanguageTag::parse("en").unwrap());
    let srx_text = std::fs::read_to_string(root.join("tests/data/segment/sample.srx")).unwrap();
    let (srx_ar, _) =
        Segmenter::from_srx_str(&srx_text, Path::new("sample.srx"), ar.lang()).unwrap();

    let mut group = c.benchmark_group("segment");
    group.sample_size(20);
    for (name, segmenter, text) in [
        ("builtin_ar_news", &ar, &arabic),
        ("builtin_en_news", &en, &english),
        ("builtin_ar_one_line_no_punctuation", &ar, &no_punctuation),
        ("srx_sample_ar_news", &srx_ar, &arabic),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| segmenter.segment(black_box(text)).len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
