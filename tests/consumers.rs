//! The built memory loaded by real TMX consumers: xmllint against the TMX 1.4b DTD,
//! translate-toolkit, hypomnema and OmegaT 3.6 (a headless round trip in which OmegaT must
//! insert every unit's translation).
//!
//! These tests drive programs from outside the crate, so they are ignored by a plain
//! `cargo test`; `.ci/run` installs the programs and runs them with `--include-ignored`, and
//! then a missing program fails the test.

mod common;

use std::process::Command;

use common::{build_corpus, repo, require_program, shared};

#[test]
#[ignore = "needs xmllint"]
fn xmllint_validates_the_memory_against_the_tmx_dtd() {
    require_program("xmllint");
    let (_dir, tmx) = build_corpus(&repo().join("corpus"));
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--dtdvalid"])
        .arg(shared().join("spec/tmx14.dtd"))
        .arg(&tmx)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The file's own DOCTYPE names tmx14.dtd without a path, which --nonet may not find; that
    // is noise. Anything about validity is not.
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.contains("validity")
                || l.contains("error") && !l.contains("failed to load external entity")
        })
        .collect();
    assert!(
        out.status.success() && problems.is_empty(),
        "xmllint: {stderr}"
    );
}

/// Runs one consumer of `shared/tools/tmx_check.sh` on the built corpus memory.
fn tmx_check(consumer: &str) {
    require_program("bash");
    let (_dir, tmx) = build_corpus(&repo().join("corpus"));
    let out = Command::new("bash")
        .arg(shared().join("tools/tmx_check.sh"))
        .args(["--only", consumer, "-v"])
        .arg(&tmx)
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
