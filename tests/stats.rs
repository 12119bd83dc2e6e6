//! End-to-end tests of `tmforge stats`.

use std::path::Path;
use std::process::{Command, Output};

fn tmforge(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmforge"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// A memory as tmforge writes it: pair types and confidences in props.
fn own_memory() -> String {
    let units = [
        ("1-1", "0.95", "مرحبا", "Hello"),
        ("1-1", "0.85", "شكرا جزيلا", "Thanks a lot"),
        ("2-1", "0.40", "نعم", "Yes, indeed so"),
        ("1-1", "0.05", "لا", "no"),
    ];
    let mut tmx = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"tmforge\" \
         creationtoolversion=\"0.1.0\" segtype=\"sentence\" o-tmf=\"tmforge\" adminlang=\"en\" srclang=\"ar\" \
         datatype=\"plaintext\"/><body>\n",
    );
    for (i, (kind, confidence, ar, en)) in units.iter().enumerate() {
        tmx.push_str(&format!(
            "<tu tuid=\"{i}\"><prop type=\"x-pair-type\">{kind}</prop><prop type=\"x-confidence\">{confidence}</prop>\
             <tuv xml:lang=\"ar\"><seg>{ar}</seg></tuv><tuv xml:lang=\"en\"><seg>{en}</seg></tuv></tu>\n"
        ));
    }
    tmx + "</body></tmx>\n"
}

#[test]
fn own_memory_pair_types_confidence_and_length_ratio() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ar-en.tmx"), own_memory()).unwrap();
    let stats = json(&tmforge(
        &["stats", "ar-en.tmx", "--format", "json"],
        dir.path(),
    ));
    assert_eq!(stats["units"], 4);
    assert_eq!(stats["srclang"], "ar");
    assert_eq!(stats["pair_types"]["counts"]["1-1"], 3);
    assert_eq!(stats["pair_types"]["counts"]["2-1"], 1);
    assert_eq!(stats["pair_types"]["computed"], 0);
    let c = &stats["confidence"];
    assert_eq!(c["count"], 4);
    assert_eq!(c["min"], 0.05);
    assert_eq!(c["max"], 0.95);
    // Nearest rank: the 2nd of 4 sorted values.
    assert_eq!(c["quantiles"]["p50"], 0.40);
    let bins: Vec<u64> = c["histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .collect();
    assert_eq!(bins, [1, 0, 0, 0, 1, 0, 0, 0, 1, 1]);
    let r = &stats["length_ratio"]["ar→en"];
    assert_eq!(r["count"], 4);
    // "no" / "لا" = 1.0; "Yes, indeed so" / "نعم" = 14 / 3.
    assert_eq!(r["quantiles"]["p05"], 1.0);
    assert!((r["max"].as_f64().unwrap() - 14.0 / 3.0).abs() < 1e-9);
    // Two confidences are below validate's default threshold of 0.5.
    assert_eq!(
        stats["findings_by_code"]["low-confidence"], 2,
        "{}",
        stats["findings_by_code"]
    );
}

#[test]
fn foreign_file_pair_types_are_computed_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let memoq = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/foreign/memoq.tmx");
    let memoq = memoq.to_str().unwrap();
    let stats = json(&tmforge(&["stats", memoq, "--format", "json"], dir.path()));
    assert_eq!(stats["units"], 4);
    assert_eq!(stats["srclang"], "*all*");
    assert_eq!(stats["creationtool"], "MemoQ");
    assert_eq!(stats["pair_types"]["counts"]["1-1"], 4);
    assert_eq!(stats["pair_types"]["computed"], 4);
    assert!(stats["confidence"].is_null());
    assert_eq!(stats["length_ratio"]["ar-SA→en-US"]["count"], 4);
    assert_eq!(stats["languages"][0]["lang"], "ar-sa");
    assert_eq!(stats["languages"][0]["segments"], 4);

    let out = tmforge(&["stats", memoq], dir.path());
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("units         4"), "{table}");
    assert!(
        table.contains("4 unit(s) have no x-pair-type prop"),
        "{table}"
    );
    assert!(table.contains("confidence    none"), "{table}");
}

#[test]
fn reads_standard_input_and_refuses_what_is_not_tmx() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tmforge"))
        .args(["stats", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(own_memory().as_bytes())
        .unwrap();
    let stats = json(&child.wait_with_output().unwrap());
    assert_eq!(stats["units"], 4);
    assert_eq!(stats["file"], "<stdin>");

    std::fs::write(dir.path().join("x.tmx"), "<html><body/></html>").unwrap();
    let out = tmforge(&["stats", "x.tmx"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a TMX file"));
}
