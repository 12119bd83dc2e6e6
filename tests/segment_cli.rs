//! `tmforge segment` end to end: the real binary on small inputs.

mod common;

use common::{repo, run_with_stdin, tmforge};

#[test]
fn lines_from_stdin() {
    let (o, stdout, stderr) = run_with_stdin(
        tmforge().args(["segment", "--lang", "ar"]),
        "هل انتهى العمل؟ ليس بعد.\n\nوقال د. أحمد إن العمل مستمر.".as_bytes(),
    );
    assert!(o.status.success(), "{stderr}");
    assert_eq!(
        stdout,
        "هل انتهى العمل؟\nليس بعد.\nوقال د. أحمد إن العمل مستمر.\n"
    );
}

#[test]
fn jsonl_offsets_point_into_the_decoded_input() {
    // A BOM and CRLF line ends: offsets count bytes of the text after decoding (BOM removed,
    // CRLF turned into LF), as --help says.
    let input = "\u{feff}One. Two.\r\n\r\nThree.";
    let (o, stdout, stderr) = run_with_stdin(
        tmforge().args(["segment", "-", "--lang", "en", "--format", "jsonl"]),
        input.as_bytes(),
    );
    assert!(o.status.success(), "{stderr}");
    let decoded = "One. Two.\n\nThree.";
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    for row in &rows {
        let (start, end) = (
            row["start"].as_u64().unwrap() as usize,
            row["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&decoded[start..end], row["text"].as_str().unwrap());
    }
    assert_eq!(rows[2]["paragraph"], 1);
    assert_eq!(rows[2]["text"], "Three.");
}

#[test]
fn srx_rules_from_a_file_with_warnings() {
    let srx = repo().join("tests/data/segment/sample.srx");
    let (o, stdout, stderr) = run_with_stdin(
        tmforge().args(["segment", "--lang", "en", "--srx", srx.to_str().unwrap()]),
        b"Mr. Smith came. He left.",
    );
    // One rule of the file cannot be used: the work is done, with a finding (status 1).
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout, "Mr. Smith came.\nHe left.\n");
    assert!(
        stderr.contains("warning") && stderr.contains("InNoSuchBlock"),
        "{stderr}"
    );
}

#[test]
fn malformed_srx_is_exit_status_2_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.srx");
    std::fs::write(&path, "<srx>\n<body>\n</srx>").unwrap();
    let (o, _, stderr) = run_with_stdin(
        tmforge().args(["segment", "--lang", "en", "--srx", path.to_str().unwrap()]),
        b"One.",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("bad.srx:3:"), "{stderr}");
}

#[test]
fn missing_input_file_is_exit_status_2() {
    let (o, _, stderr) = run_with_stdin(
        tmforge().args(["segment", "--lang", "en", "/no/such/file.txt"]),
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("/no/such/file.txt"));
}

#[test]
fn bad_language_tag_is_refused() {
    let (o, _, _) = run_with_stdin(tmforge().args(["segment", "--lang", "عربي"]), b"");
    assert_eq!(o.status.code(), Some(2));
}
