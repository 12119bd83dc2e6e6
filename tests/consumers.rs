//! The built memory loaded by real TMX consumers: xmllint against the TMX 1.4b DTD,
//! translate-toolkit, hypomnema and OmegaT 3.6 (a headless round trip in which OmegaT must
//! insert every unit's translation).
//!
//! These tests drive programs from outside the crate, so they are ignored by a plain
//! `cargo test`; `.ci/run` installs the programs and runs them with `--include-ignored`, and
//! then a missing program fails the test.

mod common;

use std::process::Command;

use common::{assert_dtd_valid, build_cmd, build_corpus, repo, require_program, run, shared};

#[test]
#[ignore = "needs xmllint"]
fn xmllint_validates_the_memory_against_the_tmx_dtd() {
    let (_dir, tmx) = build_corpus(&repo().join("corpus"));
    assert_dtd_valid(&tmx);
    assert_dtd_valid(&tmx.with_file_name("ar-fr.tmx"));
}

/// Runs one consumer of `shared/tools/tmx_check.sh` on the built corpus memories: ar-en (plain
/// text) and ar-fr (from a .docx: bold, link and footnote codes), and on the memories built from
/// the XLIFF 1.2 and 2.0 fixtures (codes with native text, isolated codes).
fn tmx_check(consumer: &str) {
    require_program("bash");
    let (_dir, tmx) = build_corpus(&repo().join("corpus"));
    let with_codes = tmx.with_file_name("ar-fr.tmx");
    let text = std::fs::read_to_string(&with_codes).unwrap();
    assert!(
        text.contains("<bpt ") && text.contains("<ph "),
        "no codes in {text}"
    );
    check_one(consumer, &tmx, ("ar", "en"));
    check_one(consumer, &with_codes, ("ar", "fr"));
    let (_bilingual_dir, out) = build_bilingual();
    for target in ["fr", "de", "ar"] {
        check_one(
            consumer,
            &out.join(format!("en-{target}.tmx")),
            ("en", target),
        );
    }
}

/// Builds tests/data/bilingual/ (XLIFF 1.2, XLIFF 2.0, PO; source English) into a temporary
/// folder; returns it and the output folder.
fn build_bilingual() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let (status, _, stderr) = run(build_cmd(&repo().join("tests/data/bilingual"), &out).args([
        "--source-lang",
        "en",
        "--quiet",
    ]));
    assert!(status.status.success(), "build failed: {stderr}");
    let xliff = std::fs::read_to_string(out.join("en-fr.tmx")).unwrap();
    assert!(
        xliff.contains("<bpt ") && xliff.contains("<it ") && xliff.contains(">{1}</ph>"),
        "no codes in {xliff}"
    );
    (dir, out)
}

#[test]
#[ignore = "needs xmllint"]
fn xmllint_validates_the_memories_built_from_xliff_and_po() {
    let (_dir, out) = build_bilingual();
    for target in ["fr", "de", "ar"] {
        assert_dtd_valid(&out.join(format!("en-{target}.tmx")));
    }
}

/// `languages` are the memory's source and target, for OmegaT's project.
fn check_one(consumer: &str, tmx: &std::path::Path, languages: (&str, &str)) {
    let out = Command::new("bash")
        .arg(shared().join("tools/tmx_check.sh"))
        .args(["--only", consumer, "-v"])
        .args(["--src-lang", languages.0, "--tgt-lang", languages.1])
        .arg(tmx)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{consumer} rejected the memory:\n{stdout}"
    );
    assert!(stdout.contains(&format!("PASS {consumer}")), "{stdout}");
}

#[test]
#[ignore = "needs translate-toolkit (shared/tools/tmx_setup.sh)"]
fn translate_toolkit_loads_every_unit() {
    tmx_check("translate-toolkit");
}

#[test]
#[ignore = "needs hypomnema (shared/tools/tmx_setup.sh)"]
fn hypomnema_loads_every_unit() {
    tmx_check("hypomnema");
}

#[test]
#[ignore = "needs OmegaT and java (shared/tools/tmx_setup.sh)"]
fn omegat_inserts_every_translation() {
    require_program("java");
    tmx_check("omegat");
}
