//! `tmforge validate` on one fixture per defect: the code, severity, line and exit status of
//! each, the output formats, and the files that must pass clean.

mod common;

use common::{fixture, run, run_with_stdin, tmforge};
use tmforge::qa::{self, Code, Options, Severity};

/// The findings of `validate --format json`, and the exit status.
/// Validates `bytes` in process with the default options: its findings and summary.
fn validate_bytes(bytes: Vec<u8>, name: &str) -> (Vec<qa::Finding>, qa::Summary) {
    let mut found = Vec::new();
    let summary = qa::validate(
        std::io::Cursor::new(bytes),
        name,
        &Options::default(),
        |c| found.extend(c.findings),
    )
    .unwrap();
    (found, summary)
}

fn findings(name: &str, extra: &[&str]) -> (Vec<serde_json::Value>, i32) {
    let path = fixture(&format!("tmx/{name}"));
    let mut args = vec!["validate", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    let (out, text, _) = run(tmforge().args(&args));
    let values: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    let (summary, findings): (Vec<_>, Vec<_>) =
        values.into_iter().partition(|v| v.get("summary").is_some());
    assert_eq!(summary.len(), 1, "one summary per file: {text}");
    (findings, out.status.code().unwrap())
}

/// (fixture, code, severity, line, exit status without --strict)
const DEFECTS: &[(&str, &str, &str, u64, i32)] = &[
    ("xml-illegal-char.tmx", "xml-illegal-char", "error", 9, 1),
    (
        "xml-illegal-char-ref.tmx",
        "xml-illegal-char",
        "error",
        9,
        1,
    ),
    ("not-well-formed.tmx", "not-well-formed", "error", 9, 1),
    (
        "not-well-formed-truncated.tmx",
        "not-well-formed",
        "error",
        10,
        1,
    ),
    ("missing-srclang.tmx", "missing-srclang", "error", 3, 1),
    (
        "missing-header-attr.tmx",
        "missing-header-attr",
        "error",
        3,
        1,
    ),
    ("srclang-mismatch.tmx", "srclang-mismatch", "error", 5, 1),
    (
        "deprecated-lang-attr.tmx",
        "deprecated-lang-attr",
        "error",
        8,
        1,
    ),
    ("missing-lang.tmx", "missing-lang", "error", 8, 1),
    ("bad-lang-tag.tmx", "bad-lang-tag", "error", 9, 1),
    ("empty-seg.tmx", "empty-seg", "warning", 9, 0),
    ("bad-date.tmx", "bad-date", "error", 3, 1),
    ("duplicate-tuid.tmx", "duplicate-tuid", "warning", 11, 0),
    (
        "conflicting-translation.tmx",
        "conflicting-translation",
        "warning",
        15,
        0,
    ),
    ("segment-too-long.tmx", "segment-too-long", "warning", 8, 0),
    ("bad-usagecount.tmx", "bad-usagecount", "error", 5, 1),
    (
        "prop-without-x-prefix.tmx",
        "prop-without-x-prefix",
        "note",
        6,
        0,
    ),
    ("missing-attr.tmx", "missing-attr", "error", 6, 1),
    (
        "unpaired-inline-code.tmx",
        "unpaired-inline-code",
        "error",
        9,
        1,
    ),
    ("bad-segtype.tmx", "bad-segtype", "error", 3, 1),
    ("number-mismatch.tmx", "number-mismatch", "warning", 9, 0),
    ("untranslated.tmx", "untranslated", "warning", 9, 0),
    ("length-ratio.tmx", "length-ratio", "warning", 9, 0),
    ("low-confidence.tmx", "low-confidence", "warning", 9, 0),
    (
        "unbalanced-brackets.tmx",
        "unbalanced-brackets",
        "warning",
        9,
        0,
    ),
    (
        "leading-trailing-whitespace.tmx",
        "leading-trailing-whitespace",
        "warning",
        9,
        0,
    ),
    ("doubled-space.tmx", "doubled-space", "warning", 9, 0),
    ("entity-refused.tmx", "entity-refused", "error", 2, 1),
    ("undefined-entity.tmx", "undefined-entity", "error", 9, 1),
    ("not-tmx.tmx", "not-tmx", "error", 2, 1),
    ("bad-version.tmx", "bad-version", "error", 2, 1),
    ("omegat-project-save-1.1.tmx", "older-version", "note", 2, 0),
    (
        "omegat-project-save-1.1.tmx",
        "semantic-skipped",
        "note",
        11,
        0,
    ),
    (
        "semantic-mismatch.tmx",
        "semantic-mismatch",
        "warning",
        31,
        0,
    ),
    ("wrong-script.tmx", "wrong-script", "warning", 7, 0),
    ("missing-seg.tmx", "missing-seg", "error", 9, 1),
    (
        "unexpected-element.tmx",
        "unexpected-element",
        "error",
        8,
        1,
    ),
];

#[test]
fn every_defect_has_its_code_severity_line_and_exit_status() {
    for &(name, code, severity, line, status) in DEFECTS {
        // The meaning check loads the sentence encoder: only where it is the code under test.
        let semantic: &[&str] = if code.starts_with("semantic") {
            &[]
        } else {
            &["--no-semantic"]
        };
        let (found, exit) = findings(name, semantic);
        let first = found
            .iter()
            .find(|f| f["code"] == code)
            .unwrap_or_else(|| panic!("{name}: no {code} in {found:#?}"));
        assert_eq!(first["severity"], severity, "{name}");
        assert_eq!(first["line"], line, "{name}: {first}");
        assert!(first["column"].as_u64().unwrap() >= 1, "{name}");
        assert!(
            first["file"].as_str().unwrap().ends_with(name),
            "{name}: {first}"
        );
        assert_eq!(exit, status, "{name}: {found:#?}");
        // Notes never fail a run, not even with --strict.
        let strict = findings(name, &[&["--strict"], semantic].concat()).1;
        assert_eq!(
            strict,
            i32::from(severity != "note"),
            "{name} with --strict"
        );
        // The severity in the output is the code's documented one.
        let documented = Code::from_name(code).unwrap().severity();
        assert_eq!(documented.as_str(), severity, "{name}");
    }
}

#[test]
fn every_code_but_file_size_has_a_fixture() {
    for code in Code::ALL {
        if *code == Code::FileTooLarge {
            continue; // a 1 GB fixture is tested through the limit option below
        }
        assert!(
            DEFECTS.iter().any(|d| d.1 == code.as_str()),
            "{code:?} has no fixture"
        );
    }
}

#[test]
fn columns_point_at_the_defect() {
    // The bare `&` is the 82nd character of line 9; the U+0001 the 52nd.
    let (found, _) = findings("not-well-formed.tmx", &[]);
    assert_eq!(found[0]["column"], 82);
    let (found, _) = findings("xml-illegal-char.tmx", &[]);
    assert_eq!(found[0]["column"], 52);
    assert_eq!(found[0]["tuid"], "1");
}

#[test]
fn clean_files_pass_in_every_encoding() {
    for name in [
        "valid.tmx",
        "valid-utf16le.tmx",
        "valid-utf8-bom.tmx",
        "article-correct.tmx",
    ] {
        let (found, exit) = findings(name, &["--strict"]);
        assert!(found.is_empty(), "{name}: {found:#?}");
        assert_eq!(exit, 0, "{name}");
    }
}

#[test]
fn the_articles_correct_pairs_raise_no_alarm_and_shifted_ones_do() {
    let (found, _) = findings("article-correct.tmx", &[]);
    assert!(found.is_empty(), "{found:#?}");
    let (found, exit) = findings("article-shifted.tmx", &["--strict"]);
    let flagged: std::collections::BTreeSet<&str> =
        found.iter().filter_map(|f| f["tuid"].as_str()).collect();
    assert!(flagged.len() >= 12, "{flagged:?}");
    assert_eq!(exit, 1);
}

#[test]
fn a_tmx_written_by_tmforge_validates_clean() {
    use tmforge::tmx::{Header, Prop, TmxWriter, TranslationUnit, Variant};
    let header = Header::tmforge("ar", "20261129T041107Z");
    let mut writer = TmxWriter::new(Vec::new(), &header).unwrap();
    for (i, (ar, en)) in [
        ("أكثر من 48 ألف لغم", "more than 48,000 mines"),
        ("دمرت 000 48 لغم", "destroyed 48,000 mines"),
        ("حتى 15 تشرين الأول/أكتوبر 2021.", "by 15 October 2021."),
        ("قوله \" نعم \" .", "saying: \"Yes.\""),
    ]
    .into_iter()
    .enumerate()
    {
        writer
            .write_unit(&TranslationUnit {
                tuid: Some(format!("doc:{i}")),
                props: vec![
                    Prop::new("x-document", "doc"),
                    Prop::new("x-pair-type", "1-1"),
                    Prop::new("x-confidence", "0.93"),
                ],
                variants: vec![Variant::text("ar", ar), Variant::text("en", en)],
                ..TranslationUnit::default()
            })
            .unwrap();
    }
    let (found, summary) = validate_bytes(writer.finish().unwrap(), "built.tmx");
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(summary.units, 4);
}

#[test]
fn network_dtds_are_refused_and_the_local_one_is_fine() {
    let valid = std::fs::read_to_string(fixture("tmx/valid.tmx")).unwrap();
    for (doctype, refused) in [
        ("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">", false),
        (
            "<!DOCTYPE tmx SYSTEM \"http://example.org/tmx14.dtd\">",
            true,
        ),
        (
            "<!DOCTYPE tmx PUBLIC \"-//LISA OSCAR:1998//DTD for Translation Memory eXchange//EN\" \"https://example.org/tmx14.dtd\">",
            true,
        ),
    ] {
        let text = valid.replacen("\n", &format!("\n{doctype}\n"), 1);
        let (found, _) = validate_bytes(text.into_bytes(), "d.tmx");
        let codes: Vec<_> = found.iter().map(|f| (f.code, f.line)).collect();
        if refused {
            assert_eq!(codes, vec![("entity-refused", Some(2))], "{doctype}");
        } else {
            assert!(codes.is_empty(), "{codes:?}");
        }
    }
}

#[test]
fn file_too_large_is_an_error_at_the_start() {
    let options = Options {
        max_file_bytes: 100,
        ..Options::default()
    };
    let file = std::fs::File::open(fixture("tmx/valid.tmx")).unwrap();
    let mut found = Vec::new();
    let summary = qa::validate(file, "valid.tmx", &options, |c| found.extend(c.findings)).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, "file-too-large");
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!((found[0].line, found[0].column), (Some(1), Some(1)));
    assert_eq!(summary.errors, 1);
}

#[test]
fn text_output_reads_like_compiler_diagnostics() {
    let path = fixture("tmx/empty-seg.tmx");
    let (out, text, _) = run(tmforge().args(["validate", path.to_str().unwrap()]));
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("{}:9:26: warning[empty-seg]: ", path.display())),
        "{first}"
    );
    assert!(first.ends_with("(tuid 1)"), "{first}");
    assert!(
        text.lines()
            .last()
            .unwrap()
            .ends_with("1 unit(s), 0 errors, 1 warning"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn stdin_and_several_files() {
    let bytes = std::fs::read(fixture("tmx/bad-date.tmx")).unwrap();
    let (out, text, _) = run_with_stdin(tmforge().args(["validate", "-"]), &bytes);
    assert!(text.starts_with("<stdin>:3:3: error[bad-date]"), "{text}");
    assert_eq!(out.status.code(), Some(1));

    let (a, b) = (fixture("tmx/valid.tmx"), fixture("tmx/empty-seg.tmx"));
    let (_, text, _) = run(tmforge().args(["validate", a.to_str().unwrap(), b.to_str().unwrap()]));
    assert!(
        text.ends_with("2 files: 0 error(s), 1 warning(s)\n"),
        "{text}"
    );
}

#[test]
fn unreadable_input_exits_2() {
    let missing = fixture("tmx/no-such-file.tmx");
    let (out, _, err) = run(tmforge().args(["validate", missing.to_str().unwrap()]));
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("no-such-file.tmx"), "{err}");
    let folder = fixture("tmx/");
    let (out, _, _) = run(tmforge().args(["validate", folder.to_str().unwrap()]));
    assert_eq!(out.status.code(), Some(2));
    // Unreadable wins over findings in another file.
    let bad = fixture("tmx/bad-date.tmx");
    let (out, _, _) =
        run(tmforge().args(["validate", bad.to_str().unwrap(), missing.to_str().unwrap()]));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn language_options_choose_the_pair() {
    // A target language the file lacks leaves no pair to check; swapping the languages moves the
    // finding to the other segment.
    let (found, _) = findings("number-mismatch.tmx", &["--tgt-lang", "fr"]);
    assert!(found.is_empty(), "{found:#?}");
    let (found, _) = findings(
        "number-mismatch.tmx",
        &["--src-lang", "en", "--tgt-lang", "ar"],
    );
    assert_eq!(found[0]["code"], "number-mismatch");
    assert_eq!(found[0]["line"], 8);
    let (out, _, _) = run(tmforge().args(["validate", "--src-lang", "x_1!", "x.tmx"]));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn list_codes_names_every_code() {
    let (_, text, _) = run(tmforge().args(["validate", "--list-codes"]));
    for code in Code::ALL {
        assert!(text.contains(code.as_str()), "{code:?}");
    }
}

#[test]
fn the_memory_tmforge_build_writes_is_structurally_clean() {
    let out_dir = tempfile::tempdir().unwrap();
    let corpus = fixture("tmx/corpus");
    let (built, _, _) = run(tmforge()
        .arg("build")
        .arg(&corpus)
        .arg("-o")
        .arg(out_dir.path())
        .env("SOURCE_DATE_EPOCH", "1764400000"));
    assert!(built.status.success(), "{built:?}");
    let tmx = out_dir.path().join("ar-en.tmx");
    let (out, text, _) = run(tmforge().args([
        "validate",
        "--strict",
        "--structure-only",
        tmx.to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.ends_with(" 0 errors, 0 warnings\n"), "{text}");
}

/// Units of `name` (a fixture) with a finding of `code`, and the units in all.
fn units_with(name: &str, code: &str, extra: &[&str]) -> (usize, usize) {
    let path = fixture(&format!("tmx/{name}"));
    let mut args = vec!["validate", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    let (_, text, _) = run(tmforge().args(&args));
    let values: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let units = values
        .iter()
        .find_map(|v| v["summary"]["units"].as_u64())
        .unwrap() as usize;
    let flagged: std::collections::BTreeSet<&str> = values
        .iter()
        .filter(|v| v["code"] == code)
        .filter_map(|v| v["tuid"].as_str())
        .collect();
    (flagged.len(), units)
}

#[test]
fn the_meaning_check_tells_right_pairs_from_shifted_ones() {
    for (correct, shifted) in [
        ("article-correct.tmx", "article-shifted.tmx"),
        ("article-en-fr.tmx", "article-en-fr-shifted.tmx"),
    ] {
        let (flagged, units) = units_with(correct, "semantic-mismatch", &[]);
        assert!(
            flagged * 100 <= units * 4,
            "{correct}: {flagged} of {units}"
        );
        let (flagged, units) = units_with(shifted, "semantic-mismatch", &[]);
        assert!(
            flagged * 100 >= units * 80,
            "{shifted}: {flagged} of {units}"
        );
        // The score is the similarity, in the JSON finding.
        let (found, _) = findings(shifted, &[]);
        let semantic = found
            .iter()
            .find(|f| f["code"] == "semantic-mismatch")
            .unwrap();
        let score = semantic["score"].as_f64().unwrap();
        assert!((-1.0..0.7).contains(&score), "{semantic}");
        // Off on request, and with the structure alone.
        for flag in ["--no-semantic", "--structure-only"] {
            assert_eq!(
                units_with(shifted, "semantic-mismatch", &[flag]).0,
                0,
                "{flag}"
            );
        }
    }
    // One pair swapped with a far one: those two units, no other.
    let (found, _) = findings("semantic-mismatch.tmx", &[]);
    let flagged: std::collections::BTreeSet<&str> = found
        .iter()
        .filter(|f| f["code"] == "semantic-mismatch")
        .filter_map(|f| f["tuid"].as_str())
        .collect();
    assert_eq!(
        flagged.into_iter().collect::<Vec<_>>(),
        vec!["azerbaijan-demining:11", "azerbaijan-demining:4"]
    );
}

/// An OmegaT project memory keeps each version of a reworded sentence beside the others: a
/// neighbour's target may fit a pair's source better than its own freer translation does, but
/// it fits its own source better still, so no pair is taken for a shifted one.
#[test]
fn near_repeats_in_a_project_memory_are_not_shifted_pairs() {
    let (found, exit) = findings("near-repeats.tmx", &["--strict"]);
    assert!(found.iter().all(|f| f["severity"] == "note"), "{found:#?}");
    assert_eq!(exit, 0);
}

#[test]
fn an_omegat_tmx_1_1_project_memory_is_legal() {
    // `<tmx version="1.1">`, `<tuv lang="EN-US">`, copied key names, placeholders and names, Czech
    // quotes, a no-break space alone, OmegaT's own props: notes only.
    let (found, exit) = findings("omegat-project-save-1.1.tmx", &["--strict"]);
    let severities: Vec<_> = found
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert!(severities.iter().all(|s| *s == "note"), "{found:#?}");
    assert_eq!(exit, 0);
    // Its true structural errors are still errors: no version, a TEI element in a segment, a
    // prop without a type.
    let text = std::fs::read_to_string(fixture("tmx/omegat-project-save-1.1.tmx")).unwrap();
    for (from, to, code) in [
        ("<tmx version=\"1.1\">", "<tmx>", "bad-version"),
        (
            "<seg>Ctrl+T</seg>",
            "<seg><hi rend=\"b\">Ctrl+T</hi><term>T</term></seg>",
            "unexpected-element",
        ),
        (
            "<prop type=\"file\">",
            "<prop type2=\"file\">",
            "missing-attr",
        ),
    ] {
        let broken = text.replacen(from, to, 1);
        let (found, _) = validate_bytes(broken.into_bytes(), "omegat.tmx");
        assert!(
            found
                .iter()
                .any(|f| f.code == code && f.severity == Severity::Error),
            "{code}: {found:#?}"
        );
    }
}

#[test]
fn lang_attributes_in_a_tmx_1_4_file_are_errors_reported_once_in_text() {
    let text = std::fs::read_to_string(fixture("tmx/omegat-project-save-1.1.tmx"))
        .unwrap()
        .replace("<tmx version=\"1.1\">", "<tmx version=\"1.4\">");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lang-1.4.tmx");
    std::fs::write(&path, text).unwrap();
    let (out, text, _) = run(tmforge().args(["validate", "--no-semantic", path.to_str().unwrap()]));
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("[deprecated-lang-attr]"))
        .collect();
    // Two messages (`EN-US` and `CS`), each shown once, then counted.
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        text.contains("error[deprecated-lang-attr]: 7 times in all"),
        "{text}"
    );
    let (out, json, _) = run(tmforge().args([
        "validate",
        "--no-semantic",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json.matches("deprecated-lang-attr").count(), 14, "{json}");
}

#[test]
fn tool_props_are_not_flagged_and_others_are_a_note_once_per_type() {
    let (found, exit) = findings("trados-workbench-props.tmx", &["--strict"]);
    let props: Vec<&str> = found
        .iter()
        .filter(|f| f["code"] == "prop-without-x-prefix")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(props.len(), 1, "{found:#?}");
    assert!(props[0].contains("`Client`"), "{}", props[0]);
    assert!(!props[0].contains("Trados"), "{}", props[0]);
    assert!(found.iter().all(|f| f["severity"] == "note"), "{found:#?}");
    assert_eq!(exit, 0);
}

#[test]
fn mojibake_and_foreign_scripts_are_wrong_script() {
    let (found, _) = findings("wrong-script.tmx", &["--no-semantic"]);
    let wrong: Vec<(&str, &str)> = found
        .iter()
        .filter(|f| f["code"] == "wrong-script")
        .map(|f| (f["tuid"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(wrong.len(), 2, "{found:#?}");
    assert_eq!(wrong[0].0, "1");
    assert!(wrong[0].1.contains("legacy encoding"), "{}", wrong[0].1);
    assert_eq!(wrong[1].0, "3");
    assert!(
        wrong[1].1.contains("`Ã©` is the UTF-8 of `é`"),
        "{}",
        wrong[1].1
    );
}

#[test]
fn review_and_stats_show_the_similarity() {
    let path = fixture("tmx/article-shifted.tmx");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    let (out, _, _) = run(tmforge().args([
        "review",
        path.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]));
    assert!(out.status.success());
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("data-similarity=").count(), 14);
    let (out, json, _) = run(tmforge().args(["stats", "--format", "json", path.to_str().unwrap()]));
    assert!(out.status.success());
    let stats: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sim = &stats["similarity"]["ar→en"];
    assert_eq!(sim["count"], 14);
    assert!(sim["quantiles"]["p50"].as_f64().unwrap() < 0.5, "{sim}");
}
