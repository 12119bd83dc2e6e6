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
