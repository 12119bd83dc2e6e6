//! End-to-end tests of `tmforge build` on the repository's corpus and on small corpora of their own.

mod common;

use std::path::Path;

use common::{build_cmd, build_corpus, copy_dir, repo, run, tmforge};
use tmforge::tmx::reader::read_file;

#[test]
fn builds_the_corpus_into_a_tmx_with_every_required_attribute() {
    let (_dir, tmx) = build_corpus(&repo().join("corpus"));
    let (header, units) = read_file(&tmx).unwrap();
    assert_eq!(header.creation_tool, "tmforge");
    assert_eq!(header.creation_tool_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(header.segtype, "sentence");
    assert_eq!(header.srclang, "ar");
    assert_eq!(header.datatype, "plaintext");
    assert!(!header.o_tmf.is_empty() && !header.adminlang.is_empty());
    // SOURCE_DATE_EPOCH=1700000000 is 2023-11-14 22:13:20 UTC.
    assert_eq!(header.attribute("creationdate"), Some("20231114T221320Z"));

    assert!(units.len() >= 14, "only {} units", units.len());
    let mut tuids = std::collections::HashSet::new();
    for unit in &units {
        assert!(tuids.insert(unit.tuid.clone().unwrap()), "duplicate tuid");
        assert_eq!(unit.prop("x-document"), Some("azerbaijan-demining"));
        let kind = unit.prop("x-pair-type").unwrap();
        assert!(
            ["1-1", "1-2", "2-1", "2-2", "1-3", "3-1"].contains(&kind),
            "{kind}"
        );
        let confidence: f64 = unit.prop("x-confidence").unwrap().parse().unwrap();
        assert!((0.0..=1.0).contains(&confidence));
        assert_eq!(unit.variants.len(), 2);
        assert_eq!(unit.variants[0].lang, "ar");
        assert_eq!(unit.variants[1].lang, "en");
        for v in &unit.variants {
            let text = v.segment.text();
            assert!(!text.trim().is_empty() && text.trim() == text, "{text:?}");
        }
    }
    // The headline is its own unit, unchanged.
    assert_eq!(
        units[0].variants[0].segment.text(),
        "أذربيجان تدعي أنها نجحت في تدمير أكثر من 48 ألف لغم وتسليح أرمني"
    );
}

#[test]
fn no_arguments_builds_corpus_into_output() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("corpus"), &dir.path().join("corpus"));
    let (out, stdout, stderr) = run(tmforge().current_dir(dir.path()));
    assert!(out.status.success(), "{stderr}");
    for line in [
        "documents: 1",
        "sentences: ar 15, en 16",
        "pairs: ",
        "unaligned: ",
        "wrote output/ar-en.tmx",
    ] {
        assert!(stdout.contains(line), "summary lacks {line:?}:\n{stdout}");
    }
    let default = std::fs::read(dir.path().join("output/ar-en.tmx")).unwrap();

    let (out, _, stderr) = run(tmforge()
        .current_dir(dir.path())
        .args(["build", "corpus", "-o", "explicit"]));
    assert!(out.status.success(), "{stderr}");
    let explicit = std::fs::read(dir.path().join("explicit/ar-en.tmx")).unwrap();
    assert_eq!(
        default, explicit,
        "no arguments must mean `build corpus -o output`"
    );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let (_a, first) = build_corpus(&repo().join("corpus"));
    let (_b, second) = build_corpus(&repo().join("corpus"));
    assert_eq!(
        std::fs::read(first).unwrap(),
        std::fs::read(second).unwrap()
    );
}

#[test]
fn json_summary_counts_pairs_and_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout, _) = run(tmforge()
        .args(["build", "--json", "-q", "-o"])
        .arg(dir.path())
        .arg(repo().join("corpus")));
    assert!(out.status.success());
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["documents"], 1);
    assert_eq!(summary["sentences"]["ar"], 15);
    let pairs: u64 = summary["pair_types"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    // The corpus has two translations (en, fr): the pairs of both memories.
    let units: u64 = summary["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["units"].as_u64().unwrap())
        .sum();
    assert_eq!(units, pairs);
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn several_documents_and_target_languages_and_orphans_reported_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write(
        &corpus,
        "a.ar.txt",
        "قال الوزير إن 12 مدرسة فتحت. وأضاف أن العمل مستمر.\n",
    );
    write(
        &corpus,
        "a.en.txt",
        "The minister said 12 schools had opened. He added that work continues.\n",
    );
    write(
        &corpus,
        "a.fr.txt",
        "Le ministre a dit que 12 écoles avaient ouvert. Il a ajouté que le travail continue.\n",
    );
    write(&corpus, "b.ar.txt", "وصل 300 زائر.\n");
    write(&corpus, "b.en.txt", "300 visitors arrived.\n");
    write(&corpus, "lonely.ar.txt", "لا ترجمة.\n");
    write(&corpus, "stray.en.txt", "No source.\n");
    write(&corpus, "notes.md", "not a document");
    let out = dir.path().join("out");
    let (status, stdout, stderr) = run(&mut build_cmd(&corpus, &out));
    assert!(status.status.success(), "{stderr}");
    assert!(stdout.contains("documents: 2"), "{stdout}");
    assert!(
        stderr.contains("lonely.ar.txt: skipped: no translation"),
        "{stderr}"
    );
    assert!(
        stderr.contains("stray.en.txt: skipped: translation without a source"),
        "{stderr}"
    );
    assert!(stderr.contains("notes.md: skipped"), "{stderr}");

    let (_, en) = read_file(&out.join("ar-en.tmx")).unwrap();
    let (_, fr) = read_file(&out.join("ar-fr.tmx")).unwrap();
    let docs: Vec<&str> = en.iter().map(|u| u.prop("x-document").unwrap()).collect();
    assert_eq!(docs, ["a", "a", "b"], "documents in name order");
    assert_eq!(fr.len(), 2);
    assert_eq!(fr[0].variants[1].lang, "fr");
    assert_eq!(en[2].variants[1].segment.text(), "300 visitors arrived.");
    let tuids: Vec<&str> = en.iter().map(|u| u.tuid.as_deref().unwrap()).collect();
    assert_eq!(tuids, ["a:1", "a:2", "b:1"]);
}

#[test]
fn characters_xml_forbids_are_removed_with_a_warning_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write(&corpus, "c.ar.txt", "مرحبا\u{1} بكم.\n");
    write(&corpus, "c.en.txt", "Welcome & \"enjoy\" <b>.\n");
    let out = dir.path().join("out");
    let (status, _, stderr) = run(&mut build_cmd(&corpus, &out));
    assert!(status.status.success(), "{stderr}");
    assert!(stderr.contains("c.ar.txt:1:6: removed U+0001"), "{stderr}");
    let xml = std::fs::read_to_string(out.join("ar-en.tmx")).unwrap();
    assert!(!xml.contains('\u{1}'));
    assert!(
        xml.contains("<seg>Welcome &amp; \"enjoy\" &lt;b&gt;.</seg>"),
        "{xml}"
    );
    let (_, units) = read_file(&out.join("ar-en.tmx")).unwrap();
    assert_eq!(units[0].variants[0].segment.text(), "مرحبا بكم.");
    assert_eq!(
        units[0].variants[1].segment.text(),
        "Welcome & \"enjoy\" <b>."
    );
}

#[test]
fn a_tmx_that_tmforge_did_not_write_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let theirs = "<tmx version=\"1.4\"><header creationtool=\"SDL Trados Studio\"/></tmx>";
    std::fs::write(out.join("ar-en.tmx"), theirs).unwrap();
    let (status, _, stderr) = run(tmforge()
        .arg("build")
        .arg(repo().join("corpus"))
        .arg("-o")
        .arg(&out));
    assert_eq!(status.status.code(), Some(2));
    assert!(
        stderr.contains("ar-en.tmx") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("ar-en.tmx")).unwrap(),
        theirs
    );
    // Nothing half-written is left behind.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);

    let (status, _, _) = run(tmforge()
        .arg("build")
        .arg(repo().join("corpus"))
        .arg("-o")
        .arg(&out)
        .arg("--force"));
    assert!(status.status.success());
    assert!(
        std::fs::read_to_string(out.join("ar-en.tmx"))
            .unwrap()
            .contains("creationtool=\"tmforge\"")
    );
}

/// The 0-based sentence indices of each side of each bead in a `.gold` file.
fn gold_beads(path: &Path) -> Vec<(Vec<usize>, Vec<usize>)> {
    let indices = |side: &str| -> Vec<usize> {
        side.trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split(',')
            .filter(|x| !x.trim().is_empty())
            .map(|x| x.trim().parse().unwrap())
            .collect()
    };
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (s, t) = l.split_once(':').unwrap();
            (indices(s), indices(t))
        })
        .collect()
}

/// Every memory of `corpus/` (ar-en from plain text, ar-fr from a .docx with codes) holds
/// exactly the pairs of its hand-checked `.gold` file, codes taken out.
#[test]
fn the_memory_holds_exactly_the_hand_checked_gold_pairs() {
    use tmforge::LanguageTag;
    use tmforge::segment::Segmenter;
    let corpus = repo().join("corpus");
    let ar = LanguageTag::parse("ar").unwrap();
    let found = tmforge::corpus::discover(&corpus, &ar).unwrap();
    let group = &found.groups[0];
    let sentences = |file: &tmforge::corpus::DocumentFile| -> Vec<String> {
        let (doc, _) = file.load().unwrap();
        Segmenter::builtin(&doc.lang)
            .segment(&doc.text)
            .iter()
            .map(|s| s.text(&doc.text).to_string())
            .collect()
    };
    let source = sentences(&group.source);
    let (_dir, tmx) = build_corpus(&corpus);
    let mut checked = Vec::new();
    for file in &group.translations {
        let lang = file.lang.as_str();
        let target = sentences(file);
        let join = |side: &[String], idx: &[usize]| {
            idx.iter()
                .map(|&i| side[i].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let expected: Vec<(String, String, String)> =
            gold_beads(&corpus.join(format!("azerbaijan-demining.ar-{lang}.gold")))
                .iter()
                .filter(|(s, t)| !s.is_empty() && !t.is_empty())
                .map(|(s, t)| {
                    (
                        join(&source, s),
                        join(&target, t),
                        format!("{}-{}", s.len(), t.len()),
                    )
                })
                .collect();
        let (_, units) = read_file(&tmx.with_file_name(format!("ar-{lang}.tmx"))).unwrap();
        let got: Vec<(String, String, String)> = units
            .iter()
            .map(|u| {
                (
                    u.variants[0].segment.text(),
                    u.variants[1].segment.text(),
                    u.prop("x-pair-type").unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(got, expected, "ar-{lang}");
        checked.push(lang.to_string());
    }
    assert_eq!(checked, ["en", "fr"]);
}

#[test]
fn the_built_memory_passes_strict_validation_and_gets_a_review_page() {
    let (_dir, tmx) = build_corpus(&repo().join("corpus"));
    let (out, stdout, stderr) = run(tmforge().arg("validate").arg("--strict").arg(&tmx));
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("14 unit(s), 0 errors, 0 warnings"),
        "{stdout}"
    );

    let page = std::fs::read_to_string(tmx.with_extension("html")).unwrap();
    assert!(page.contains("<meta name=\"generator\" content=\"tmforge\">"));
    assert!(
        page.contains("dir=\"rtl\""),
        "the Arabic side is right-to-left"
    );
    assert!(page.contains("Vugar Suleymanov"));
}

#[test]
fn no_review_leaves_the_page_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (status, stdout, _) = run(tmforge()
        .arg("build")
        .arg(repo().join("corpus"))
        .arg("-o")
        .arg(&out)
        .arg("--no-review"));
    assert!(status.status.success());
    assert!(!stdout.contains(".html"), "{stdout}");
    assert!(out.join("ar-en.tmx").exists() && !out.join("ar-en.html").exists());
}
