//! XLIFF and PO files in the corpus: their units become pairs, with ids, notes and inline codes
//! kept, and bad files are named and skipped while the rest is built.
//!
//! The fixtures in tests/data/bilingual/ are written as the tools write them: an XLIFF 1.2 in the
//! style of Okapi Rainbow (`<g>`, `<x/>`, `<bx/>`/`<ex/>`, `<bpt>`/`<ept>`, `<ph>`, `<it>`,
//! `<seg-source>`), an XLIFF 2.0 (`<pc>`, `<ph/>`, `<sc/>`/`<ec/>`, `<originalData>`, matches),
//! and a gettext catalogue with context, comments, a plural, a fuzzy and an obsolete entry.

mod common;

use std::path::{Path, PathBuf};

use common::{build_cmd, repo, run};
use tmforge::tmx::TranslationUnit;
use tmforge::tmx::reader::read_file;

fn data(name: &str) -> PathBuf {
    repo().join("tests/data/bilingual").join(name)
}

/// Builds `files` (fixture name, name in the corpus) with source language English; returns the
/// exit status, stderr and the output folder.
fn build(files: &[(&str, &str)]) -> (Option<i32>, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for (fixture, name) in files {
        std::fs::copy(data(fixture), corpus.join(name)).unwrap();
    }
    let out = dir.path().join("out");
    let (status, _, stderr) = run(build_cmd(&corpus, &out).args(["--source-lang", "en"]));
    (status.status.code(), stderr, dir)
}

fn units(dir: &Path, memory: &str) -> Vec<TranslationUnit> {
    read_file(&dir.join("out").join(memory)).unwrap().1
}

fn pair(unit: &TranslationUnit, target: &str) -> (String, String) {
    (
        unit.variant("en").unwrap().segment.xml().to_string(),
        unit.variant(target).unwrap().segment.xml().to_string(),
    )
}

const ALL: [(&str, &str); 3] = [
    ("printer-manual.fr.xlf", "printer-manual.fr.xlf"),
    ("printer-guide.de.xliff", "printer-guide.de.xliff"),
    ("printer-app.ar.po", "printer-app.ar.po"),
];

#[test]
fn xliff_1_2_units_become_pairs_with_their_codes_ids_and_notes() {
    let (status, stderr, dir) = build(&ALL);
    assert_eq!(status, Some(0), "{stderr}");
    let units = units(dir.path(), "en-fr.tmx");
    let ids: Vec<(&str, Option<&str>)> = units
        .iter()
        .map(|u| (u.prop("x-id").unwrap(), u.prop("x-segment")))
        .collect();
    // tu2's two <mrk mtype="seg"> are two pairs; tu3 is one paragraph of two sentences, paired in
    // order; tu4 is two English sentences and one French, aligned 2-1; translate="no", untranslated
    // and needs-translation units are left out.
    assert_eq!(
        ids,
        [
            ("tu1", None),
            ("tu2", Some("0")),
            ("tu2", Some("1")),
            ("tu3", None),
            ("tu3", None),
            ("tu4", None),
            ("tu5", None),
            ("tu6", None),
            ("tu7", None),
        ]
    );
    assert_eq!(units[5].prop("x-pair-type"), Some("2-1"));
    assert_eq!(
        units[1].notes[0].text,
        "\"Carton\" rather than \"boîte\": the client's glossary."
    );
    assert_eq!(
        pair(&units[3], "fr"),
        (
            "Press <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>Menu<ept i=\"1\">&lt;/b&gt;</ept> and choose <bpt i=\"2\" x=\"2\" type=\"link\"></bpt>Settings<ept i=\"2\"></ept>.<ph x=\"3\" type=\"lb\"></ph>".to_string(),
            "Appuyez sur <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>Menu<ept i=\"1\">&lt;/b&gt;</ept> et choisissez <bpt i=\"2\" x=\"2\" type=\"link\"></bpt>Paramètres<ept i=\"2\"></ept>.<ph x=\"3\" type=\"lb\"></ph>".to_string(),
        )
    );
    // Placeholders keep the spaces around them, and carry their native text.
    assert_eq!(
        pair(&units[4], "fr").0,
        "The display shows page <ph x=\"1\">{1}</ph> of <ph x=\"2\">{2}</ph>."
    );
    // <it> and a <bx/>/<ex/> pair.
    assert!(
        pair(&units[6], "fr")
            .1
            .contains("<it pos=\"begin\" x=\"1\" type=\"italic\">&lt;i&gt;</it>Prêt")
    );
    assert!(
        pair(&units[8], "fr")
            .1
            .contains("<bpt i=\"1\" x=\"1\" type=\"bold\"></bpt>Outils<ept i=\"1\"></ept>")
    );
    let line = stderr
        .lines()
        .find(|l| l.contains("printer-manual.fr.xlf"))
        .unwrap();
    assert!(
        line.contains("left out 2 untranslated segments, 1 units marked translate=\"no\""),
        "{line}"
    );
}

#[test]
fn xliff_2_segments_and_original_data() {
    let (status, stderr, dir) = build(&ALL);
    assert_eq!(status, Some(0), "{stderr}");
    let units = units(dir.path(), "en-de.tmx");
    let texts: Vec<(String, String)> = units
        .iter()
        .map(|u| {
            (
                u.variant("en").unwrap().segment.text(),
                u.variant("de").unwrap().segment.text(),
            )
        })
        .collect();
    assert_eq!(
        texts[3..],
        [
            (
                "The tray holds 250 sheets.".to_string(),
                "Das Fach fasst 250 Blatt.".to_string()
            ),
            (
                "Do not overfill it.".to_string(),
                "Überfüllen Sie es nicht.".to_string()
            ),
        ],
        "a unit of one <segment> holding two sentences is segmented"
    );
    assert_eq!(
        units.len(),
        5,
        "translate=\"no\", no target and mtc:match are left out"
    );
    assert_eq!(
        pair(&units[0], "de").1,
        "<bpt i=\"1\" x=\"1\" type=\"bold\">&lt;w:b/&gt;</bpt>Schnellstart<ept i=\"1\">&lt;/w:b&gt;</ept>"
    );
    assert_eq!(
        pair(&units[2], "de").1,
        "Siehe die <bpt i=\"1\" x=\"1\" type=\"link\">&lt;a href=\"https://example.com/help\"&gt;</bpt>Online-Hilfe<ept i=\"1\">&lt;/a&gt;</ept>."
    );
    assert_eq!(units[1].prop("x-segment"), Some("s1"));
    assert_eq!(
        units[1].notes[0].text,
        "Keep the button names as on the device."
    );
}

#[test]
fn po_entries_with_context_comments_and_plural() {
    let (status, stderr, dir) = build(&ALL);
    assert_eq!(status, Some(0), "{stderr}");
    let units = units(dir.path(), "en-ar.tmx");
    let texts: Vec<(String, String)> = units
        .iter()
        .map(|u| {
            (
                u.variant("en").unwrap().segment.text(),
                u.variant("ar").unwrap().segment.text(),
            )
        })
        .collect();
    let expected = [
        ("Printer settings", "إعدادات الطابعة"),
        ("Printing page %1$d of %2$d", "طباعة الصفحة %1$d من %2$d"),
        (
            "%s is out of paper. Load paper and press OK.",
            "نفدت الورق من %s. ضع الورق واضغط موافق.",
        ),
        // Arabic's Plural-Forms gives form 1 for n = 1.
        ("One job waiting", "مهمة واحدة في الانتظار"),
        ("Open the {0} dialog.", "افتح مربع الحوار {0}."),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(texts, expected);
    assert_eq!(units[1].prop("x-context"), Some("status bar"));
    assert_eq!(
        units[1].notes[0].text,
        "Checked against the device's own menu."
    );
    assert_eq!(
        units[0].notes[0].text,
        "TRANSLATORS: the title of the main window."
    );
    assert_eq!(units[0].prop("x-reference"), Some("src/main.c:42"));
    assert!(
        pair(&units[2], "ar")
            .1
            .contains("<ph x=\"1\" type=\"lb\">\\n</ph>")
    );
    let line = stderr
        .lines()
        .find(|l| l.contains("printer-app.ar.po"))
        .unwrap();
    for what in ["1 fuzzy", "1 untranslated", "1 obsolete", "1 plural"] {
        assert!(line.contains(what), "{line}");
    }
}

#[test]
fn bad_bilingual_files_are_named_and_skipped_and_the_rest_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let good = std::fs::read_to_string(data("printer-manual.fr.xlf")).unwrap();
    let cases: Vec<(&str, String)> = vec![
        ("good.fr.xlf", good.clone()),
        (
            "truncated.fr.xlf",
            good[..good.len() / 2].to_string(),
        ),
        (
            "mismatched.fr.xlf",
            good.replace("<source xml:lang=\"en\">Installing the <g id=\"1\" ctype=\"x-bold\">printer</g></source>", "<source>Installing</sourc>"),
        ),
        (
            "entity.fr.xliff",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [<!ENTITY a \"aaaa\">]>\n<xliff version=\"1.2\"/>".to_string(),
        ),
        (
            "german.fr.xlf",
            good.replace("target-language=\"fr-FR\"", "target-language=\"de\""),
        ),
        (
            "broken.fr.po",
            "msgid \"Save\"\nmsgstr \"Enregistrer\n".to_string(),
        ),
    ];
    for (name, text) in &cases {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    let out = dir.path().join("out");
    let (status, _, stderr) = run(build_cmd(&corpus, &out).args(["--source-lang", "en"]));
    assert_eq!(status.status.code(), Some(1), "{stderr}");
    let line_of = |name: &str| {
        stderr
            .lines()
            .find(|l| l.contains(name) && l.contains("skipped"))
            .unwrap_or_else(|| panic!("no message for {name}:\n{stderr}"))
            .to_string()
    };
    assert!(line_of("truncated.fr.xlf").contains("malformed XML"));
    assert!(line_of("mismatched.fr.xlf").contains("malformed XML"));
    assert!(
        line_of("mismatched.fr.xlf").contains("mismatched.fr.xlf:14:"),
        "{stderr}"
    );
    assert!(line_of("entity.fr.xliff").contains("entity.fr.xliff:2:"));
    assert!(line_of("entity.fr.xliff").contains("declares entities"));
    let german = line_of("german.fr.xlf");
    assert!(
        german.contains("german.fr.xlf:3:") && german.contains("target language is `de`"),
        "{german}"
    );
    assert!(line_of("broken.fr.po").contains("broken.fr.po:2:8: skipped: unterminated string"));
    let units = units(dir.path(), "en-fr.tmx");
    let documents: std::collections::BTreeSet<&str> =
        units.iter().filter_map(|u| u.prop("x-document")).collect();
    assert_eq!(documents.into_iter().collect::<Vec<_>>(), ["good"]);
}

#[test]
fn a_bilingual_file_beside_documents_of_the_same_name() {
    // The Arabic article and its English .txt, and an XLIFF of another language under the same
    // NAME: both memories are written. An XLIFF of a language the documents already have is
    // skipped with a notice.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("manual.en.txt"), "Install the printer.\n").unwrap();
    std::fs::write(
        corpus.join("manual.de.txt"),
        "Installieren Sie den Drucker.\n",
    )
    .unwrap();
    std::fs::copy(data("printer-manual.fr.xlf"), corpus.join("manual.fr.xlf")).unwrap();
    std::fs::copy(
        data("printer-guide.de.xliff"),
        corpus.join("manual.de.xliff"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let (status, _, stderr) = run(build_cmd(&corpus, &out).args(["--source-lang", "en"]));
    assert_eq!(status.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("manual.de.xliff: skipped:") && stderr.contains("manual.de.txt is already"),
        "{stderr}"
    );
    assert_eq!(units(dir.path(), "en-de.tmx").len(), 1);
    assert_eq!(units(dir.path(), "en-fr.tmx").len(), 9);
}
