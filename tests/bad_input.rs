//! Bad input gets a clear error that names the file and the place, never a panic, and loses
//! nothing: each test runs the binary and checks the exit status, the message and the outputs.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build_cmd, repo, run, tmforge};
use tmforge::tmx::reader::read_file;

/// A corpus folder in a fresh temporary folder, with `files` written into it as bytes.
fn corpus(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for (name, bytes) in files {
        std::fs::write(corpus.join(name), bytes).unwrap();
    }
    (dir, corpus)
}

fn build(corpus: &Path, out: &Path) -> (i32, String, String) {
    let (status, stdout, stderr) = run(&mut build_cmd(corpus, out));
    (status.status.code().unwrap(), stdout, stderr)
}

const AR: &str = "قال الوزير إن 12 مدرسة فتحت.\nوأضاف أن العمل مستمر.\n";
const EN: &str = "The minister said 12 schools had opened.\nHe added that work continues.\n";

fn pairs(tmx: &Path) -> Vec<(String, String)> {
    read_file(tmx)
        .unwrap()
        .1
        .iter()
        .map(|u| (u.variants[0].segment.text(), u.variants[1].segment.text()))
        .collect()
}

#[test]
fn a_corpus_folder_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = build(&dir.path().join("nope"), &dir.path().join("out"));
    assert_eq!(code, 2);
    assert!(stderr.contains("nope: no such corpus folder"), "{stderr}");
    assert!(
        !dir.path().join("out").exists(),
        "no output folder for a failed build"
    );
}

#[test]
fn a_file_where_the_corpus_folder_is_expected() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corpus.txt");
    std::fs::write(&file, "x").unwrap();
    let (code, _, stderr) = build(&file, &dir.path().join("out"));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("corpus.txt: this is a file, not a corpus folder"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_is_reported_at_its_byte_offset_and_the_document_skipped() {
    // "café" in Latin-1: the 0xE9 byte is invalid UTF-8 at offset 3.
    let (dir, corpus) = corpus(&[
        ("a.ar.txt", AR.as_bytes()),
        ("a.en.txt", EN.as_bytes()),
        ("b.ar.txt", AR.as_bytes()),
        ("b.en.txt", b"caf\xE9 au lait.\n"),
    ]);
    let (code, stdout, stderr) = build(&corpus, &dir.path().join("out"));
    assert_eq!(code, 1, "documents were skipped: {stderr}");
    assert!(
        stderr.contains("b.en.txt:byte 3: skipped: invalid UTF-8"),
        "{stderr}"
    );
    assert!(stdout.contains("documents: 1"), "{stdout}");
    assert_eq!(
        pairs(&dir.path().join("out/ar-en.tmx")).len(),
        2,
        "the good document is kept"
    );
}

#[test]
fn nul_bytes_and_binary_files_are_refused_with_an_offset() {
    let (dir, corpus) = corpus(&[
        ("a.ar.txt", AR.as_bytes()),
        ("a.en.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    ]);
    let (code, _, stderr) = build(&corpus, &dir.path().join("out"));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("a.en.txt:byte 8: skipped: NUL byte"),
        "{stderr}"
    );
}

#[test]
fn utf16_utf8_bom_crlf_and_cr_give_the_same_pairs_as_plain_utf8() {
    let (dir, plain) = corpus(&[("a.ar.txt", AR.as_bytes()), ("a.en.txt", EN.as_bytes())]);
    build(&plain, &dir.path().join("plain"));
    let expected = pairs(&dir.path().join("plain/ar-en.tmx"));
    assert_eq!(expected.len(), 2);

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            AR.replace('\n', "\r\n")
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    let bom_cr: Vec<u8> = [0xEF, 0xBB, 0xBF]
        .into_iter()
        .chain(EN.replace('\n', "\r").bytes())
        .collect();
    let (dir2, other) = corpus(&[("a.ar.txt", &utf16), ("a.en.txt", &bom_cr)]);
    let (code, _, stderr) = build(&other, &dir2.path().join("out"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(pairs(&dir2.path().join("out/ar-en.tmx")), expected);
}

#[test]
fn empty_and_whitespace_only_documents_are_reported() {
    let (dir, corpus) = corpus(&[
        ("a.ar.txt", b""),
        ("a.en.txt", EN.as_bytes()),
        ("b.ar.txt", AR.as_bytes()),
        ("b.en.txt", b"  \n\t\n"),
    ]);
    let (code, stdout, stderr) = build(&corpus, &dir.path().join("out"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("a.ar.txt: is empty"), "{stderr}");
    assert!(stderr.contains("b.en.txt: is empty"), "{stderr}");
    assert!(
        stdout.contains("unaligned: 2 source, 2 target sentences"),
        "{stdout}"
    );
    assert!(pairs(&dir.path().join("out/ar-en.tmx")).is_empty());
}

#[test]
fn names_that_differ_only_by_case_are_explained() {
    let (dir, corpus) = corpus(&[
        ("Report.ar.txt", AR.as_bytes()),
        ("report.en.txt", EN.as_bytes()),
    ]);
    let (code, _, stderr) = build(&corpus, &dir.path().join("out"));
    assert_eq!(code, 2, "nothing to build");
    assert!(
        stderr.contains("Report.ar.txt: skipped: no translation")
            && stderr.contains("differ only by case"),
        "{stderr}"
    );
    assert!(
        stderr.contains("report.en.txt: skipped: translation without a source"),
        "{stderr}"
    );
}

#[test]
fn posix_style_and_malformed_language_tags() {
    let (dir, corpus) = corpus(&[
        ("a.ar.txt", AR.as_bytes()),
        ("a.en_US.txt", EN.as_bytes()),
        ("a.e1.txt", EN.as_bytes()),
    ]);
    let (code, stdout, stderr) = build(&corpus, &dir.path().join("out"));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("a.en_US.txt: language `en_US` read as the BCP 47 tag `en-US`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("a.e1.txt: skipped: `e1` is not a BCP 47 language tag"),
        "{stderr}"
    );
    assert!(stdout.contains("ar-en-US.tmx"), "{stdout}");
}

#[test]
fn a_translation_far_longer_than_its_source_is_aligned_with_a_warning() {
    let long = EN.repeat(40);
    let (dir, corpus) = corpus(&[("a.ar.txt", AR.as_bytes()), ("a.en.txt", long.as_bytes())]);
    let (code, stdout, stderr) = build(&corpus, &dir.path().join("out"));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("a.en.txt: is ") && stderr.contains("times as long as its source"),
        "{stderr}"
    );
    assert!(stdout.contains("unaligned: "), "{stdout}");
}

#[test]
fn a_missing_output_folder_is_created() {
    let (dir, corpus) = corpus(&[("a.ar.txt", AR.as_bytes()), ("a.en.txt", EN.as_bytes())]);
    let out = dir.path().join("deep/new/out");
    let (code, _, stderr) = build(&corpus, &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.join("ar-en.tmx").is_file());
}

#[test]
fn an_output_path_that_is_a_file_is_a_clear_error() {
    let (dir, corpus) = corpus(&[("a.ar.txt", AR.as_bytes()), ("a.en.txt", EN.as_bytes())]);
    let blocker = dir.path().join("out");
    std::fs::write(&blocker, "I am a file").unwrap();
    let (code, _, stderr) = build(&corpus, &blocker);
    assert_eq!(code, 2);
    assert!(stderr.contains("out"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "I am a file");
}

/// Runs `program args` as the unprivileged `nobody` user when the tests run as root (root reads
/// and writes through any permission bits), else as the current user.
fn as_unprivileged(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let mut cmd = if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        c
    } else {
        Command::new(args[0])
    };
    let rest = if is_root { args } else { &args[1..] };
    cmd.args(rest)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap()
}

/// A copy of the binary that the unprivileged user can run (the build folder may be private).
fn public_binary(dir: &Path) -> PathBuf {
    let bin = dir.join("tmforge");
    std::fs::copy(env!("CARGO_BIN_EXE_tmforge"), &bin).unwrap();
    bin
}

fn make_public(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = if path.is_dir() { 0o777 } else { 0o644 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn unreadable_files_and_unwritable_output_folders() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    make_public(dir.path());
    let bin = public_binary(dir.path());
    make_public(&bin);
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    make_public(&corpus);
    for (name, text) in [
        ("a.ar.txt", AR),
        ("a.en.txt", EN),
        ("b.ar.txt", AR),
        ("b.en.txt", EN),
    ] {
        std::fs::write(corpus.join(name), text).unwrap();
        make_public(&corpus.join(name));
    }
    std::fs::set_permissions(
        corpus.join("b.en.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    make_public(&out);

    let result = as_unprivileged(&[
        bin.as_os_str(),
        "build".as_ref(),
        corpus.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("b.en.txt: skipped: reading: Permission denied"),
        "{stderr}"
    );
    assert_eq!(pairs(&out.join("ar-en.tmx")).len(), 2);

    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let result = as_unprivileged(&[
        bin.as_os_str(),
        "build".as_ref(),
        corpus.as_os_str(),
        "-o".as_ref(),
        locked.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("locked") && stderr.contains("Permission denied"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(&locked).unwrap().count(),
        0,
        "no partial file"
    );
}

#[test]
fn a_kill_in_the_middle_of_writing_leaves_the_previous_memory_intact() {
    // A corpus large enough that writing takes a moment.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for i in 0..200 {
        std::fs::write(corpus.join(format!("d{i:04}.ar.txt")), AR.repeat(20)).unwrap();
        std::fs::write(corpus.join(format!("d{i:04}.en.txt")), EN.repeat(20)).unwrap();
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let previous = std::fs::read(repo().join("corpus/azerbaijan-demining.ar.txt")).unwrap();
    let mut old =
        b"<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header creationtool=\"tmforge\"".to_vec();
    old.extend_from_slice(&previous);
    std::fs::write(out.join("ar-en.tmx"), &old).unwrap();

    // Without the encoder, so that the first documents reach the writer within the wait.
    let mut child = build_cmd(&corpus, &out)
        .args(["-q", "--no-semantic"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the temporary file exists and holds data, then kill -9.
    let started = std::time::Instant::now();
    let mut killed_mid_write = false;
    while started.elapsed() < std::time::Duration::from_secs(30) {
        let partial = std::fs::read_dir(&out)
            .unwrap()
            .filter_map(|e| e.ok())
            .any(|e| {
                e.file_name().to_string_lossy().ends_with(".part")
                    && e.metadata().is_ok_and(|m| m.len() > 0)
            });
        if partial {
            child.kill().unwrap();
            killed_mid_write = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
    }
    child.wait().unwrap();
    assert!(
        killed_mid_write,
        "the build finished before it could be interrupted"
    );
    assert_eq!(
        std::fs::read(out.join("ar-en.tmx")).unwrap(),
        old,
        "the old memory must be intact"
    );
}

#[test]
fn a_long_line_without_punctuation_goes_through_in_linear_time() {
    // 2 MB of Arabic words and no full stop: one sentence per side. (Time is measured by the
    // segmenter's benchmark; here it must simply finish and keep the whole text.)
    let line = "كلمة ".repeat(200_000);
    let (dir, corpus) = corpus(&[
        ("a.ar.txt", line.as_bytes()),
        ("a.en.txt", "word ".repeat(180_000).as_bytes()),
    ]);
    let (code, stdout, stderr) = build(&corpus, &dir.path().join("out"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("sentences: ar 1, en 1"), "{stdout}");
    let units = pairs(&dir.path().join("out/ar-en.tmx"));
    assert_eq!(units[0].0.len(), line.trim_end().len());
}

#[test]
fn a_malformed_tmx_is_placed_by_line_and_column_in_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tmx");
    std::fs::write(
        &bad,
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"ar\"/>\n<body>\n<tu><tuv xml:lang=\"ar\"><seg>a & b</seg></tuv></tu>\n</body></tmx>\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    for args in [
        vec!["stats"],
        vec!["convert", "--to", "tsv"],
        vec!["merge", "-o"],
        vec!["validate"],
    ] {
        let mut cmd = tmforge();
        cmd.args(&args);
        if args.len() > 1 && args[args.len() - 1] == "-o" {
            cmd.arg(out.with_extension(args[0]));
        }
        cmd.arg(&bad);
        if args[0] == "convert" {
            cmd.arg(out.with_extension("tsv"));
        }
        let (status, stdout, stderr) = run(&mut cmd);
        let code = status.status.code();
        // validate reports the defect as a finding (exit 1); the others cannot use the file (2).
        let expected = if args[0] == "validate" { 1 } else { 2 };
        assert_eq!(code, Some(expected), "{args:?}: {stdout}{stderr}");
        assert!(
            format!("{stdout}{stderr}").contains("bad.tmx:4:"),
            "{args:?} must place the error at line 4: {stdout}{stderr}"
        );
    }
    assert!(
        !out.with_extension("tsv").exists() && !out.with_extension("merge").exists(),
        "no partial outputs"
    );

    // The review page of a broken file shows what is wrong with it.
    let page = dir.path().join("bad.html");
    let (status, _, stderr) = run(tmforge().arg("review").arg(&bad).arg("-o").arg(&page));
    assert!(status.status.success(), "{stderr}");
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("not-well-formed")
    );
}
