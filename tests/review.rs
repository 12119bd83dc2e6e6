//! `tmforge review`: the page's content, its overwrite safety, and how a real browser renders it.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{fixture, require_any_program, run, tmforge};

/// `tmforge review TMX -o HTML EXTRA...`.
fn review(tmx: &Path, html: &Path, extra: &[&str]) -> Output {
    run(tmforge()
        .arg("review")
        .arg(tmx)
        .arg("-o")
        .arg(html)
        .args(extra))
    .0
}

#[test]
fn page_shows_pairs_findings_and_directions() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("shifted.html");
    let out = review(&fixture("tmx/article-shifted.tmx"), &html, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<meta name=\"generator\" content=\"tmforge\">"));
    assert_eq!(page.matches("<tr class=\"pair").count(), 14);
    assert_eq!(
        page.matches("<td class=\"seg\" lang=\"ar\" dir=\"rtl\">")
            .count(),
        14
    );
    assert_eq!(
        page.matches("<td class=\"seg\" lang=\"en\" dir=\"ltr\">")
            .count(),
        14
    );
    assert!(page.contains("<code>number-mismatch</code>"));
    assert!(page.contains("id=\"only-findings\""));
    // Self-contained: nothing is loaded from elsewhere.
    for outside in ["src=", "href=", "@import", "url("] {
        assert!(!page.contains(outside), "{outside}");
    }
}

#[test]
fn page_is_not_written_over_a_foreign_file() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("mine.html");
    std::fs::write(&html, "<html>someone's page</html>").unwrap();
    let out = review(&fixture("tmx/valid.tmx"), &html, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&html).unwrap(),
        "<html>someone's page</html>"
    );
    assert_eq!(
        review(&fixture("tmx/valid.tmx"), &html, &["--force"])
            .status
            .code(),
        Some(0)
    );
    // Its own page it replaces without --force.
    assert_eq!(
        review(&fixture("tmx/valid.tmx"), &html, &[]).status.code(),
        Some(0)
    );
}

#[test]
fn unreadable_tmx_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = review(&fixture("tmx/nothing.tmx"), &dir.path().join("x.html"), &[]);
    assert_eq!(out.status.code(), Some(2));
}

/// The DOM of `url` after its scripts ran, as headless Chromium dumps it.
fn rendered_dom(browser: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
#[ignore = "needs chromium"]
fn chromium_renders_the_page_and_the_filter_hides_clean_pairs() {
    // Chromium goes by different names on different systems.
    let browser = require_any_program(
        &["chromium", "chromium-browser"],
        "apt-get install chromium",
    );
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("article.html");
    // The article's fourteen correct pairs, the first damaged twice (a wrong number, a low
    // confidence): one pair with findings.
    let tmx = dir.path().join("article.tmx");
    let text = std::fs::read_to_string(fixture("tmx/article-correct.tmx")).unwrap();
    let damaged = text
        .replacen("48,000 Armenian", "46,000 Armenian", 1)
        .replacen(
            "<prop type=\"x-confidence\">0.93</prop>",
            "<prop type=\"x-confidence\">0.10</prop>",
            1,
        );
    std::fs::write(&tmx, damaged).unwrap();
    assert_eq!(review(&tmx, &html, &[]).status.code(), Some(0));
    let url = format!("file://{}", html.display());

    let all = rendered_dom(&browser, &url);
    assert!(
        all.contains("data-filter=\"all\""),
        "script did not run: {all}"
    );
    assert!(all.contains("data-total=\"14\""), "{all}");
    assert!(all.contains("data-flagged=\"1\""), "{all}");
    assert!(all.contains("data-shown=\"14\""), "{all}");
    assert!(
        all.contains("14 pairs, 1 with findings; showing 14"),
        "{all}"
    );

    let filtered = rendered_dom(&browser, &format!("{url}#only-findings"));
    assert!(filtered.contains("data-filter=\"findings\""), "{filtered}");
    assert!(filtered.contains("data-shown=\"1\""), "{filtered}");
    let hidden = filtered
        .matches("<tr class=\"pair\" data-findings=\"0\" hidden=\"\">")
        .count();
    assert_eq!(hidden, 13, "{filtered}");
    assert!(filtered.contains("lang=\"ar\" dir=\"rtl\""));
}
