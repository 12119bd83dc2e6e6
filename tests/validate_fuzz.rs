//! A bounded, deterministic stand-in for the cargo-fuzz target in `fuzz/`: the validator and the
//! reader must not panic on mutated fixtures or random bytes, and every finding must be placed.

mod common;

use std::io::Cursor;
use std::path::Path;

use common::fixture;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use tmforge::qa::{self, Options};
use tmforge::tmx::TmxReader;

fn check(data: &[u8]) {
    let options = Options {
        keep_units: true,
        max_segment_chars: 64,
        ..Options::default()
    };
    let mut units = 0u64;
    let result = qa::validate(Cursor::new(data.to_vec()), "f.tmx", &options, |c| {
        units += u64::from(c.unit.is_some());
        for f in &c.findings {
            assert!(f.line.is_some_and(|l| l >= 1), "{f:?}");
            assert!(f.column.is_some_and(|c| c >= 1), "{f:?}");
        }
    });
    if let Ok(summary) = result {
        assert_eq!(summary.units, units);
    }
    if let Ok(mut reader) = TmxReader::new(Cursor::new(data.to_vec()), Path::new("f.tmx")) {
        while let Ok(Some(unit)) = reader.next_unit() {
            for v in &unit.variants {
                let _ = v.segment.text();
            }
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let mut names: Vec<_> = std::fs::read_dir(fixture("tmx"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tmx"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

/// One edit of a seed: replace, insert or delete a few bytes, with bytes that matter to XML.
fn edit() -> impl Strategy<Value = (u8, usize, Vec<u8>)> {
    let interesting = prop_oneof![
        Just(b'<'),
        Just(b'>'),
        Just(b'&'),
        Just(b'"'),
        Just(b'/'),
        Just(b';'),
        Just(0u8),
        Just(1u8),
        Just(0xFFu8),
        Just(0xD8u8),
        any::<u8>(),
    ];
    (
        0u8..3,
        any::<usize>(),
        prop::collection::vec(interesting, 1..6),
    )
}

#[test]
fn mutated_fixtures_and_random_bytes_never_panic() {
    let seeds = seeds();
    let config = Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let strategy = (
        0..seeds.len(),
        prop::collection::vec(edit(), 1..8),
        prop::collection::vec(any::<u8>(), 0..64),
    );
    runner
        .run(&strategy, |(seed, edits, random)| {
            let mut data = seeds[seed].clone();
            for (kind, at, bytes) in edits {
                let at = at % (data.len() + 1);
                match kind {
                    0 => {
                        let end = (at + bytes.len()).min(data.len());
                        data.splice(at..end, bytes);
                    }
                    1 => {
                        data.splice(at..at, bytes);
                    }
                    _ => {
                        let end = (at + bytes.len()).min(data.len());
                        data.drain(at..end);
                    }
                }
            }
            check(&data);
            check(&random);
            Ok(())
        })
        .unwrap();
}

#[test]
fn entity_bombs_and_deep_nesting_stay_small() {
    let mut lol =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY a \"aaaaaaaaaa\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "a".to_string()
        } else {
            format!("a{}", i - 1)
        };
        lol.push_str(&format!(
            "<!ENTITY a{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    lol.push_str("]>\n<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>&a9;</seg></tuv></tu></body></tmx>");
    let mut codes = Vec::new();
    qa::validate(
        Cursor::new(lol.into_bytes()),
        "lol.tmx",
        &Options::default(),
        |c| codes.extend(c.findings.into_iter().map(|f| f.code)),
    )
    .unwrap();
    assert!(codes.contains(&"entity-refused"), "{codes:?}");
    assert!(codes.contains(&"undefined-entity"), "{codes:?}");
    let deep = format!(
        "<tmx version=\"1.4\"><header/><body>{}</body></tmx>",
        "<x>".repeat(50_000)
    );
    check(deep.as_bytes());
}
