//! The command line itself: help with examples, completions, the man page, the version.

use std::process::{Command, Output};

fn tmforge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmforge"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn toolbox_subcommands_have_help_with_examples() {
    for sub in ["convert", "merge", "stats", "completions", "man"] {
        let help = stdout(&tmforge(&[sub, "--help"]));
        assert!(help.contains("Examples:"), "{sub}: {help}");
        assert!(help.contains(&format!("tmforge {sub}")), "{sub}: {help}");
    }
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&tmforge(&["completions", shell]));
        for sub in ["convert", "merge", "stats"] {
            assert!(script.contains(sub), "{shell} lacks {sub}");
        }
    }
    let out = tmforge(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_pages_are_roff() {
    let page = stdout(&tmforge(&["man"]));
    assert!(page.contains(".TH tmforge 1"), "{page}");
    assert!(page.contains("convert"));
    let page = stdout(&tmforge(&["man", "merge"]));
    assert!(page.contains(".TH tmforge-merge 1"), "{page}");
    assert!(page.contains("\\-\\-prefer"), "{page}");
    let out = tmforge(&["man", "nosuch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("convert, merge"));
}

#[test]
fn version() {
    let v = stdout(&tmforge(&["--version"]));
    assert_eq!(v.trim(), format!("tmforge {}", env!("CARGO_PKG_VERSION")));
}
