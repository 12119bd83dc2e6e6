//! Documents in every format the corpus reads give the text and pairs of the plain-text build,
//! with their formatting kept as TMX inline codes.
//!
//! The fixtures in tests/data/formats/ were made by LibreOffice and pandoc from hand-written
//! sources (`regenerate.sh` there); the ignored test at the end makes them again and compares.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_success, build_cmd, repo, require_program, run};
use tmforge::LanguageTag;
use tmforge::corpus::DocumentFile;
use tmforge::tmx::reader::read_file;

fn data(name: &str) -> PathBuf {
    repo().join("tests/data/formats").join(name)
}

/// The English article in every format, by fixture name.
const ARTICLE_FIXTURES: [&str; 6] = [
    "article-libreoffice.en.docx",
    "article-libreoffice.en.odt",
    "article-pandoc.en.docx",
    "article-pandoc.en.odt",
    "article.en.html",
    "article.en.md",
];

fn load(path: &Path) -> tmforge::corpus::Document {
    DocumentFile {
        name: "article".into(),
        lang: LanguageTag::parse("en").unwrap(),
        path: path.to_path_buf(),
    }
    .load()
    .unwrap_or_else(|e| panic!("{e}"))
    .0
}

fn plain_article() -> String {
    std::fs::read_to_string(data("article.en.txt"))
        .unwrap()
        .trim_end()
        .to_string()
}

#[test]
fn every_format_reads_to_the_text_of_the_txt() {
    let expected = plain_article();
    for fixture in ARTICLE_FIXTURES {
        let doc = load(&data(fixture));
        assert_eq!(doc.text, expected, "{fixture}");
        let kinds: Vec<&str> = doc.codes.iter().filter_map(|c| c.kind.tmx_type()).collect();
        for kind in ["bold", "italic", "link", "fnote"] {
            assert!(
                kinds.contains(&kind),
                "{fixture} has no {kind} code: {kinds:?}"
            );
        }
    }
}

#[test]
fn left_out_parts_stay_out() {
    // The .fodt source has a header, a footer, a comment and a tracked deletion; LibreOffice
    // carries all four into the .docx and the .odt.
    for fixture in ["article-libreoffice.en.docx", "article-libreoffice.en.odt"] {
        let text = load(&data(fixture)).text;
        for absent in ["DRAFT", "footer", "spelling", "very grave"] {
            assert!(!text.contains(absent), "{fixture} kept `{absent}`");
        }
        assert!(
            text.contains("by the Armenian army"),
            "{fixture}: tracked insertion lost"
        );
    }
}

/// Builds a corpus of the Arabic article and `english` (copied as article.en.EXT); returns the
/// units' (Arabic, English) text with the codes taken out, and the English segments' XML.
fn build_with(english: &Path) -> (Vec<(String, String)>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(
        repo().join("corpus/azerbaijan-demining.ar.txt"),
        corpus.join("article.ar.txt"),
    )
    .unwrap();
    let ext = english.extension().unwrap().to_str().unwrap();
    std::fs::copy(english, corpus.join(format!("article.en.{ext}"))).unwrap();
    let out = dir.path().join("out");
    assert_success(run(&mut build_cmd(&corpus, &out)));
    let (_, units) = read_file(&out.join("ar-en.tmx")).unwrap();
    let pairs = units
        .iter()
        .map(|u| {
            (
                u.variant("ar").unwrap().segment.text(),
                u.variant("en").unwrap().segment.text(),
            )
        })
        .collect();
    let xml = units
        .iter()
        .map(|u| u.variant("en").unwrap().segment.xml().to_string())
        .collect();
    (pairs, xml)
}

#[test]
fn every_format_gives_the_pairs_of_the_txt_build_with_codes() {
    let (expected, _) = build_with(&data("article.en.txt"));
    assert!(expected.len() >= 13, "{expected:?}");
    for fixture in ARTICLE_FIXTURES {
        let (pairs, xml) = build_with(&data(fixture));
        assert_eq!(pairs, expected, "{fixture}");
        let all = xml.join("\n");
        for code in [
            "type=\"bold\"",
            "type=\"italic\"",
            "type=\"link\"",
            "type=\"fnote\"",
            "<it pos=\"begin\"",
            "<it pos=\"end\"",
        ] {
            assert!(all.contains(code), "{fixture}: no {code} in\n{all}");
        }
        // Every <bpt> has its <ept> in the same segment.
        for seg in &xml {
            assert_eq!(
                seg.matches("<bpt ").count(),
                seg.matches("<ept ").count(),
                "{fixture}: {seg}"
            );
        }
    }
}

#[test]
#[ignore = "needs libreoffice and pandoc (installed by .ci/run)"]
fn regenerated_fixtures_match() {
    require_program("soffice");
    require_program("pandoc");
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("bash")
        .arg(data("regenerate.sh"))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    for fixture in ARTICLE_FIXTURES
        .iter()
        .filter(|f| !f.ends_with(".md"))
        .copied()
        .chain(["azerbaijan-demining.fr.docx"])
    {
        let committed = if fixture.starts_with("azerbaijan") {
            repo().join("corpus").join(fixture)
        } else {
            data(fixture)
        };
        let (new, old) = (load(&dir.path().join(fixture)), load(&committed));
        assert_eq!(new.text, old.text, "{fixture}");
        assert_eq!(new.codes, old.codes, "{fixture}");
    }
}

/// A zip holding `parts` (name, bytes), deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn bad_documents_are_named_and_skipped_and_the_rest_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let arabic = std::fs::read(repo().join("corpus/azerbaijan-demining.ar.txt")).unwrap();
    let good = std::fs::read(data("article-pandoc.en.docx")).unwrap();
    let entity = b"<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><w:document><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>";
    let bomb = vec![b' '; 8 << 20];
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.extend_from_slice(&[0; 504]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("good.en.docx", good.clone(), ""),
        (
            "corrupt.en.docx",
            b"PK\x03\x04 not really a zip".to_vec(),
            "damaged or truncated",
        ),
        (
            "truncated.en.docx",
            good[..good.len() / 2].to_vec(),
            "damaged or truncated",
        ),
        (
            "nodoc.en.docx",
            zip_of(&[("word/other.xml", b"<x/>")]),
            "word/document.xml is missing",
        ),
        ("encrypted.en.docx", encrypted, "password-protected"),
        (
            "bomb.en.docx",
            zip_of(&[("word/document.xml", &bomb)]),
            "possible zip bomb",
        ),
        (
            "entity.en.docx",
            zip_of(&[("word/document.xml", entity)]),
            "word/document.xml, byte",
        ),
        (
            "binary.en.html",
            b"<html>\0\x01\x02".to_vec(),
            "byte 6: skipped: NUL byte",
        ),
    ];
    for (name, bytes, _) in &cases {
        std::fs::write(corpus.join(name), bytes).unwrap();
        let stem = name.split('.').next().unwrap();
        std::fs::write(corpus.join(format!("{stem}.ar.txt")), &arabic).unwrap();
    }
    let out = dir.path().join("out");
    let (status, _, stderr) = run(&mut build_cmd(&corpus, &out));
    assert_eq!(status.status.code(), Some(1), "{stderr}");
    for (name, _, message) in &cases[1..] {
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no message for {name}:\n{stderr}"));
        assert!(line.contains(message), "{name}: {line}");
    }
    let (_, units) = read_file(&out.join("ar-en.tmx")).unwrap();
    let documents: std::collections::BTreeSet<String> = units
        .iter()
        .filter_map(|u| u.prop("x-document").map(str::to_string))
        .collect();
    assert_eq!(documents.into_iter().collect::<Vec<_>>(), ["good"]);
}
