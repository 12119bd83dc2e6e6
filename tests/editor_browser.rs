//! `tmforge edit` in a real browser: Debian's chromium driven by playwright-core (both installed
//! by `.ci/run`) fixes the inserted-sentence article with the keyboard, then `tmforge build`
//! must write the corrected pairs. With TMFORGE_SCREENSHOTS=1 it writes the README's screenshots
//! (docs/editor*.png).

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::{assert_success, build_cmd, fixture, repo, require_any_program, run, tmforge};

/// Where `.ci/run` installs playwright-core (`TMFORGE_PLAYWRIGHT_DIR` overrides it).
fn playwright_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TMFORGE_PLAYWRIGHT_DIR") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache"));
    cache.join("tmforge-ci/node")
}

/// Stops the server when the test ends, whatever happens.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
#[ignore = "needs chromium and playwright-core (installed by .ci/run)"]
fn a_misalignment_fixed_in_the_browser_reaches_the_memory() {
    require_any_program(&["chromium"], "run `bash .ci/run` (as root) first");
    let node = require_any_program(&["node", "nodejs"], "run `bash .ci/run` (as root) first");
    let playwright = playwright_dir();
    assert!(
        playwright.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed in {}; run `bash .ci/run` (as root) first",
        playwright.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for lang in ["ar", "en"] {
        let name = format!("mosul-library.{lang}.txt");
        std::fs::copy(fixture(&format!("edit/{name}")), corpus.join(&name)).unwrap();
    }
    // Without the encoder the article's alignment goes wrong after the inserted sentence, which
    // is what the person fixes here; the build afterwards runs with the defaults.
    let mut child = tmforge()
        .args(["edit", "--no-open", "--no-semantic"])
        .arg(&corpus)
        .arg("mosul-library")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let server = Server(child);
    assert!(
        url.starts_with("http://127.0.0.1:") && url.contains("/?token="),
        "{url}"
    );

    // The README's screenshots are taken again on request (TMFORGE_SCREENSHOTS=1), so that an
    // ordinary test run leaves the working tree as it was.
    let shots = if std::env::var_os("TMFORGE_SCREENSHOTS").is_some() {
        repo().join("docs")
    } else {
        dir.path().join("shots")
    };
    std::fs::create_dir_all(&shots).unwrap();
    let out = Command::new(node)
        .arg(repo().join("tests/browser/edit.cjs"))
        .arg(url.trim())
        .arg(&shots)
        .env("PLAYWRIGHT_DIR", &playwright)
        .env("GOLD", fixture("edit/mosul-library.ar-en.gold"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.ends_with("ok\n"), "{stdout}");
    drop(server);

    // The fix is in the corpus; the build writes the corrected pairs.
    let memory = dir.path().join("out");
    let (summary, _) = assert_success(run(build_cmd(&corpus, &memory).arg("--no-review")));
    assert!(
        summary.contains("confirmed by a person: 3 pairs"),
        "{summary}"
    );
    let (_, units) = tmforge::tmx::reader::read_file(&memory.join("ar-en.tmx")).unwrap();
    let english: Vec<String> = units
        .iter()
        .map(|u| u.variant("en").unwrap().segment.text())
        .collect();
    assert_eq!(units.len(), 10);
    assert!(english[2].starts_with("The president of the university and a number"));
    assert!(english[3].starts_with("The president of the university said"));
    assert!(
        !english.iter().any(|e| e.contains("burned during the war")),
        "the added sentence has no counterpart: {english:?}"
    );
}
