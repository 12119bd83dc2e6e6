//! End-to-end tests of the build's settings: tmforge.toml, --lang-map, --multilingual, --shard.

mod common;

use std::path::Path;

use common::{build_cmd, run, tmforge};
use tmforge::tmx::reader::read_file;

fn corpus(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let files = [
        (
            "a.ar.txt",
            "قال الوزير إن 12 مدرسة فتحت. وأضاف أن العمل مستمر.\n",
        ),
        (
            "a.en.txt",
            "The minister said 12 schools had opened. He added that work continues.\n",
        ),
        (
            "a.fr.txt",
            "Le ministre a dit que 12 écoles avaient ouvert. Il a ajouté que le travail continue.\n",
        ),
        ("b.ar.txt", "وصل 300 زائر.\n"),
        ("b.en.txt", "300 visitors arrived.\n"),
        ("c.ar.txt", "شكرا.\n"),
        ("c.en.txt", "Thank you.\n"),
        ("d.ar.txt", "شكرا.\n\nشكرا.\n"),
        ("d.en.txt", "Thank you.\n\nThank you.\n"),
        ("e.ar.txt", "انتهى الاجتماع في 5 دقائق.\n"),
        ("e.en.txt", "The meeting ended in 5 minutes.\n"),
    ];
    for (name, text) in files {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    corpus
}

#[test]
fn lang_map_renames_the_tags_written_but_not_the_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let out = dir.path().join("out");
    let (status, _, stderr) =
        run(build_cmd(&corpus, &out).args(["--lang-map", "ar=ar-SA,en=en-US"]));
    assert!(status.status.success(), "{stderr}");
    let (header, units) = read_file(&out.join("ar-en.tmx")).unwrap();
    assert_eq!(header.srclang, "ar-SA");
    assert_eq!(units[0].variants[0].lang, "ar-SA");
    assert_eq!(units[0].variants[1].lang, "en-US");
    let (_, fr) = read_file(&out.join("ar-fr.tmx")).unwrap();
    assert_eq!(
        fr[0].variants[1].lang, "fr",
        "unmapped tags stay as they are"
    );

    let (status, _, stderr) = run(tmforge()
        .arg("build")
        .arg(&corpus)
        .args(["--lang-map", "ar:ar-SA"]));
    assert_eq!(status.status.code(), Some(2));
    assert!(stderr.contains("FROM=TO"), "{stderr}");
}

#[test]
fn a_config_file_in_the_corpus_sets_defaults_that_flags_override() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    std::fs::write(
        corpus.join("tmforge.toml"),
        "output = \"../from-config\"\nmultilingual = true\n[lang-map]\nen = \"en-GB\"\n",
    )
    .unwrap();
    let (status, stdout, stderr) = run(tmforge().arg("build").arg(&corpus));
    assert!(status.status.success(), "{stderr}");
    assert!(
        !stderr.contains("tmforge.toml"),
        "the config file is not a document: {stderr}"
    );
    let memory = dir.path().join("from-config/ar-multilingual.tmx");
    assert!(
        stdout.contains("ar-multilingual.tmx (ar -> en, fr,"),
        "{stdout}"
    );
    let (_, units) = read_file(&memory).unwrap();
    assert_eq!(units[0].variants[1].lang, "en-GB");

    let (status, _, stderr) = run(tmforge()
        .arg("build")
        .arg(&corpus)
        .args(["--lang-map", "en=en-US", "-o"])
        .arg(dir.path().join("flags")));
    assert!(status.status.success(), "{stderr}");
    let (_, units) = read_file(&dir.path().join("flags/ar-multilingual.tmx")).unwrap();
    assert_eq!(units[0].variants[1].lang, "en-US");

    std::fs::write(corpus.join("tmforge.toml"), "multilingual = \"yes\"\n").unwrap();
    let (status, _, stderr) = run(tmforge().arg("build").arg(&corpus));
    assert_eq!(status.status.code(), Some(2));
    assert!(stderr.contains("tmforge.toml:1:16"), "{stderr}");
}

#[test]
fn a_multilingual_memory_pivots_on_the_source_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let out = dir.path().join("out");
    let (status, _, stderr) = run(build_cmd(&corpus, &out).arg("--multilingual"));
    assert!(status.status.success(), "{stderr}");
    assert!(!out.join("ar-en.tmx").exists());
    let (_, units) = read_file(&out.join("ar-multilingual.tmx")).unwrap();
    let langs: Vec<Vec<&str>> = units
        .iter()
        .map(|u| u.variants.iter().map(|v| v.lang.as_str()).collect())
        .collect();
    assert_eq!(langs.len(), 7);
    assert_eq!(
        langs[..3],
        [
            vec!["ar", "en", "fr"],
            vec!["ar", "en", "fr"],
            vec!["ar", "en"]
        ]
    );
    assert_eq!(
        units[2].variant("en").unwrap().segment.text(),
        "300 visitors arrived."
    );
    assert_eq!(units[2].variant("en").unwrap().props[0].kind, "x-pair-type");
}

#[test]
fn shards_cover_every_document_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut documents = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("shard{k}"));
        let (status, _, stderr) =
            run(build_cmd(&corpus, &out).args(["--shard", &format!("{k}/3"), "-q"]));
        assert!(status.status.success(), "{stderr}");
        let (_, units) = read_file(&out.join("ar-en.tmx")).unwrap();
        documents.extend(
            units
                .iter()
                .map(|u| u.prop("x-document").unwrap().to_string()),
        );
    }
    documents.sort();
    assert_eq!(documents, ["a", "a", "b", "c", "d", "d", "e"]);

    // Joined by merge, the shards give exactly the single-machine build, duplicates and all.
    let single = dir.path().join("single");
    let (status, _, _) = run(build_cmd(&corpus, &single).arg("-q"));
    assert!(status.status.success());
    let joined = dir.path().join("joined.tmx");
    let mut merge = tmforge();
    merge.arg("merge");
    for k in [3, 1, 2] {
        merge.arg(dir.path().join(format!("shard{k}/ar-en.tmx")));
    }
    let (status, _, stderr) = run(merge.arg("-o").arg(&joined));
    assert!(status.status.success(), "{stderr}");
    assert!(
        stderr.contains("joined 3 shard(s) of one build"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&joined).unwrap(),
        std::fs::read(single.join("ar-en.tmx")).unwrap()
    );
    let (status, _, stderr) = run(tmforge().arg("build").arg(&corpus).args(["--shard", "4/3"]));
    assert_eq!(status.status.code(), Some(2));
    assert!(stderr.contains("K/N"), "{stderr}");
}

#[test]
fn an_srx_file_replaces_the_built_in_segmentation() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    // Rules that end a sentence only at a full stop followed by a space, for every language:
    // "12 schools had opened. He added" splits, and nothing else does.
    let srx = dir.path().join("rules.srx");
    std::fs::write(
        &srx,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="no"/>
  <body>
    <languagerules>
      <languagerule languagerulename="All">
        <rule break="yes"><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>
        <rule break="no"><beforebreak>[\p{L}\h]</beforebreak><afterbreak>(?&lt;=x)y</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern=".*" languagerulename="All"/>
    </maprules>
  </body>
</srx>"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let (status, stdout, stderr) = run(build_cmd(&corpus, &out).arg("--srx").arg(&srx));
    assert!(status.status.success(), "{stderr}");
    assert!(stdout.contains("sentences: ar 7, en 7, fr 2"), "{stdout}");

    std::fs::write(&srx, "<srx version=\"2.0\"><body><languagerules>").unwrap();
    let (status, _, stderr) = run(build_cmd(&corpus, &out).arg("--srx").arg(&srx));
    assert_eq!(status.status.code(), Some(2));
    assert!(stderr.contains("rules.srx:1:"), "{stderr}");
}

#[test]
fn the_thread_count_does_not_change_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut outputs = Vec::new();
    for threads in ["1", "2", "5"] {
        let out = dir.path().join(format!("t{threads}"));
        let (status, _, stderr) = run(tmforge()
            .env("RAYON_NUM_THREADS", threads)
            .arg("build")
            .arg(&corpus)
            .arg("-o")
            .arg(&out)
            .arg("-q"));
        assert!(status.status.success(), "{stderr}");
        outputs.push((
            std::fs::read(out.join("ar-en.tmx")).unwrap(),
            std::fs::read(out.join("ar-fr.tmx")).unwrap(),
        ));
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
}
