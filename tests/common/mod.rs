//! Helpers shared by the end-to-end tests: running the binary, finding the repository's files,
//! and requiring the outside programs that the ignored tests drive.

#![allow(dead_code)]

pub mod synthetic;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The crate's root folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The read-only `shared/` folder that sits beside the repository (DTD, consumer scripts), or
/// the one `TMFORGE_SHARED` names (a git worktree elsewhere has no `shared/` beside it).
pub fn shared() -> PathBuf {
    std::env::var_os("TMFORGE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"))
}

/// A file or folder under `tests/fixtures/`, e.g. `fixture("tmx/valid.tmx")`.
pub fn fixture(path: &str) -> PathBuf {
    repo().join("tests/fixtures").join(path)
}

/// A command that runs the tmforge binary with a fixed `SOURCE_DATE_EPOCH`.
pub fn tmforge() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tmforge"));
    cmd.env("SOURCE_DATE_EPOCH", "1700000000");
    cmd
}

/// `tmforge build CORPUS -o OUT`, for more arguments to be added.
pub fn build_cmd(corpus: &Path, out: &Path) -> Command {
    let mut cmd = tmforge();
    cmd.arg("build").arg(corpus).arg("-o").arg(out);
    cmd
}

/// Runs `cmd` and returns its output; stdout and stderr as text.
pub fn run(cmd: &mut Command) -> (Output, String, String) {
    checked(cmd.output().expect("the tmforge binary runs"))
}

/// Runs `cmd` with `input` on its standard input, like [`run`].
pub fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> (Output, String, String) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tmforge binary runs");
    // The command may exit before it reads its input (bad arguments): a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(input);
    checked(child.wait_with_output().unwrap())
}

/// Asserts that a run of tmforge succeeded; returns its stdout and stderr (warnings a test may
/// look for).
pub fn assert_success((out, stdout, stderr): (Output, String, String)) -> (String, String) {
    assert!(
        out.status.success(),
        "status {:?}\nstderr: {stderr}",
        out.status
    );
    (stdout, stderr)
}

/// The output of a finished tmforge, with stdout and stderr as text, after checking it did not
/// panic.
fn checked(out: Output) -> (Output, String, String) {
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
    require_any_program(
        &[program],
        "run `bash .ci/run` (as root) or `bash ../shared/tools/tmx_setup.sh` first",
    );
}

/// The first of `names` found on the PATH (one program goes by several names on different
/// systems); fails the test with `install_hint` when there is none, like [`require_program`].
pub fn require_any_program(names: &[&str], install_hint: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
                .find(|path| path.is_file())
        })
        .unwrap_or_else(|| {
            let names: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
            let names = names.join(" or ");
            panic!("{names} is not installed; {install_hint}")
        })
}

/// Validates `tmx` with xmllint against the TMX 1.4b DTD in `shared/spec/`; any message, even a
/// "validity warning" (which leaves the exit status at 0), fails the test.
pub fn assert_dtd_valid(tmx: &Path) {
    require_any_program(&["xmllint"], "apt-get install libxml2-utils");
    let dtd = shared().join("spec/tmx14.dtd");
    // The DTD beside the file, so that its DOCTYPE resolves and any message is a real one.
    std::fs::copy(&dtd, tmx.parent().unwrap().join("tmx14.dtd")).unwrap();
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--dtdvalid"])
        .arg(&dtd)
        .arg(tmx)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("validity warning") && stderr.trim().is_empty(),
        "{}: {stderr}",
        tmx.display()
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
