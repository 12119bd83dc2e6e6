//! Helpers shared by the end-to-end tests: running the binary, finding the repository's files,
//! and requiring the outside programs that the ignored tests drive.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate's root folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The read-only `shared/` folder that sits beside the repository (DTD, consumer scripts).
pub fn shared() -> PathBuf {
    repo().join("../shared")
}

/// A command that runs the tmforge binary with a fixed `SOURCE_DATE_EPOCH`.
pub fn tmforge() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tmforge"));
    cmd.env("SOURCE_DATE_EPOCH", "1700000000");
    cmd
}

/// Runs `cmd` and returns its output; stdout and stderr as text.
pub fn run(cmd: &mut Command) -> (Output, String, String) {
    let out = cmd.output().expect("the tmforge binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // Whatever the input, tmforge must never panic.
    assert!(!stderr.contains("panicked"), "tmforge panicked:\n{stderr}");
    assert_ne!(out.status.code(), Some(101), "tmforge panicked:\n{stderr}");
    (out, stdout, stderr)
}

/// Fails the test with an install hint when `program` is not on the PATH. Tests that call this are
/// `#[ignore]`d, so they run only when asked for (`cargo test -- --include-ignored`, as CI does),
/// and then a missing program is a failure, never a silent pass.
pub fn require_program(program: &str) {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "`{program}` is not installed; run `bash .ci/run` (as root) or `bash ../shared/tools/tmx_setup.sh` first"
    );
}

/// Copies the files of `from` (not recursive) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// Builds `corpus` into a fresh temporary folder and returns it with the path of `ar-en.tmx`.
pub fn build_corpus(corpus: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let (status, _, stderr) = run(tmforge()
        .arg("build")
        .arg(corpus)
        .arg("-o")
        .arg(&out)
        .arg("--quiet"));
    assert!(status.status.success(), "build failed: {stderr}");
    (dir, out.join("ar-en.tmx"))
}
