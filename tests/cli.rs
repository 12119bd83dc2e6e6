//! The command line itself: help with examples, completions, the man page, the version.

mod common;

use common::{assert_success, run, tmforge};

/// The stdout of a successful `tmforge ARGS`.
fn stdout(args: &[&str]) -> String {
    assert_success(run(tmforge().args(args))).0
}

#[test]
fn every_subcommand_has_help_with_examples() {
    for sub in [
        "build",
        "segment",
        "align",
        "embed",
        "eval",
        "validate",
        "review",
        "convert",
        "merge",
        "stats",
        "completions",
        "man",
    ] {
        let help = stdout(&[sub, "--help"]);
        assert!(help.contains("Examples:"), "{sub}: {help}");
        assert!(help.contains(&format!("tmforge {sub}")), "{sub}: {help}");
    }
}

#[test]
fn top_level_help_names_the_exit_statuses_and_the_environment() {
    let help = stdout(&["--help"]);
    for name in [
        "Exit status:",
        "RAYON_NUM_THREADS",
        "SOURCE_DATE_EPOCH",
        "TMFORGE_NO_AMX",
    ] {
        assert!(help.contains(name), "{name}: {help}");
    }
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        for sub in ["convert", "merge", "stats"] {
            assert!(script.contains(sub), "{shell} lacks {sub}");
        }
    }
    let (out, _, _) = run(tmforge().args(["completions", "tcsh"]));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_pages_are_roff() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH tmforge 1"), "{page}");
    assert!(page.contains("convert"));
    let page = stdout(&["man", "merge"]);
    assert!(page.contains(".TH tmforge-merge 1"), "{page}");
    assert!(page.contains("\\-\\-prefer"), "{page}");
    let (out, _, stderr) = run(tmforge().args(["man", "nosuch"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("convert, merge"));
}

#[test]
fn version() {
    let v = stdout(&["--version"]);
    assert_eq!(v.trim(), format!("tmforge {}", env!("CARGO_PKG_VERSION")));
}

/// `-o /dev/null` discards the output, as it does for any command line tool, and leaves the
/// device in place: a finished file renamed over it would have made `/dev/null` a regular file
/// for every program on the machine (and needed `--force` first).
#[cfg(unix)]
#[test]
fn output_to_dev_null_discards_it_and_keeps_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let (src, tgt) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&src, "Erster Satz.\nZweiter Satz.\n").unwrap();
    std::fs::write(&tgt, "Première phrase.\nDeuxième phrase.\n").unwrap();
    assert_success(run(tmforge()
        .arg("align")
        .arg(&src)
        .arg(&tgt)
        .args(["--src-lang", "de", "--tgt-lang", "fr", "--presegmented"])
        .args(["--no-semantic", "-o", "/dev/null"])));
    let kind = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/null is no longer a device");
}
