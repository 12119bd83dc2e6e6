//! End-to-end tests of the aligner: the corpus gold through the command line, coverage
//! properties, synthetic recovery with merges, splits and deletions, and the evaluation.

mod common;

use std::path::Path;
use std::process::Command;

use common::synthetic::{one_paragraph, synthetic};
use common::{assert_success, require_program, run, shared, tmforge};
use proptest::prelude::*;
use tmforge::align::{self, AlignOptions, Bead, BeadRecord, Sentence};
use tmforge::encoder::Encoder;

fn data(name: &str) -> String {
    format!("{}/tests/data/align/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Source and target indices of beads, without confidences.
fn links(beads: &[BeadRecord]) -> Vec<(Vec<usize>, Vec<usize>)> {
    beads
        .iter()
        .map(|b| (b.source.clone(), b.target.clone()))
        .collect()
}

/// Sentences of a one-sentence-a-line file where blank lines separate paragraphs.
fn presegmented(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            paragraph += 1;
        } else {
            out.push(Sentence {
                text: line,
                paragraph,
            });
        }
    }
    out
}

fn assert_cover(beads: &[Bead], n: usize, m: usize) {
    let (mut i, mut j) = (0, 0);
    for b in beads {
        assert_eq!(b.source.start, i, "source not contiguous: {beads:?}");
        assert_eq!(b.target.start, j, "target not contiguous: {beads:?}");
        assert!(b.source.len() + b.target.len() > 0, "empty bead");
        // A bead of up to four sentences a side may take up to six unpaired sentences beside
        // it, or its neighbour bead.
        assert!(b.source.len() <= 10 && b.target.len() <= 10, "{b:?}");
        assert!((0.0..=1.0).contains(&b.confidence), "{}", b.confidence);
        i = b.source.end;
        j = b.target.end;
    }
    assert_eq!((i, j), (n, m));
}

#[test]
fn corpus_gold_through_the_command_line() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = tmforge()
        .current_dir(root)
        .args([
            "align",
            "corpus/azerbaijan-demining.ar.txt",
            "corpus/azerbaijan-demining.en.txt",
            "--src-lang",
            "ar",
            "--tgt-lang",
            "en",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pred =
        align::parse_beads(&String::from_utf8(out.stdout).unwrap(), Path::new("stdout")).unwrap();
    let gold =
        align::read_beads(&Path::new(root).join("corpus/azerbaijan-demining.ar-en.gold")).unwrap();
    assert_eq!(links(&pred), links(&gold));
    assert!(pred.iter().all(|b| b.confidence.is_some()));
}

#[test]
fn corpus_gold_from_presegmented_paragraphs() {
    let ar = std::fs::read_to_string(data("demining.ar.txt")).unwrap();
    let en = std::fs::read_to_string(data("demining.en.txt")).unwrap();
    let (src, tgt) = (presegmented(&ar), presegmented(&en));
    assert_eq!((src.len(), tgt.len()), (15, 16));
    let beads = align::align(&src, &tgt, &AlignOptions::default());
    let pred: Vec<BeadRecord> = beads.iter().map(Into::into).collect();
    let gold = align::read_beads(Path::new(&data("demining.ar-en.gold"))).unwrap();
    assert_eq!(links(&pred), links(&gold));
}

#[test]
fn corpus_gold_without_paragraph_anchors() {
    // The evidence alone (numbers, names, lengths) finds the same alignment.
    let ar = std::fs::read_to_string(data("demining.ar.txt")).unwrap();
    let en = std::fs::read_to_string(data("demining.en.txt")).unwrap();
    let options = AlignOptions {
        paragraph_anchors: false,
        ..AlignOptions::default()
    };
    let beads = align::align(&presegmented(&ar), &presegmented(&en), &options);
    let pred: Vec<BeadRecord> = beads.iter().map(Into::into).collect();
    let gold = align::read_beads(Path::new(&data("demining.ar-en.gold"))).unwrap();
    let scores = align::evaluate(&[(gold, pred)], false);
    assert!(
        scores.strict.f1 >= 0.85,
        "{}",
        align::render_scores(&scores)
    );
}

/// The synthetic pair is recovered with strict F1 of at least 0.93 (measured: about 0.98 on
/// 10,000-sentence pairs from the shared generator) and lax F1 of at least 0.97.
#[test]
fn synthetic_recovery_with_merges_splits_and_deletions() {
    let (src, tgt, gold) = synthetic(500, 0x5eed);
    let s: Vec<Sentence> = one_paragraph(&src);
    let t: Vec<Sentence> = one_paragraph(&tgt);
    let beads = align::align(&s, &t, &AlignOptions::default());
    assert_cover(&beads, s.len(), t.len());
    let pred: Vec<BeadRecord> = beads.iter().map(Into::into).collect();
    let scores = align::evaluate(&[(gold, pred)], false);
    let table = align::render_scores(&scores);
    assert!(scores.strict.f1 >= 0.93, "{table}");
    assert!(scores.lax.f1 >= 0.97, "{table}");
    // Every type the generator makes is found at least sometimes.
    for t in &scores.by_type {
        if t.n >= 10 {
            assert!(t.strict_recall >= 0.5, "{table}");
        }
    }
}

/// Confidence means something: beads the model is sure of are right more often than the rest.
#[test]
fn confidence_separates_right_from_wrong_beads() {
    let (src, tgt, gold) = synthetic(500, 0xca11);
    let s: Vec<Sentence> = one_paragraph(&src);
    let t: Vec<Sentence> = one_paragraph(&tgt);
    let beads = align::align(&s, &t, &AlignOptions::default());
    let gold: std::collections::HashSet<(Vec<usize>, Vec<usize>)> =
        links(&gold).into_iter().collect();
    let (mut high, mut high_ok, mut low, mut low_ok) = (0, 0, 0, 0);
    for b in &beads {
        let ok = gold.contains(&(b.source.clone().collect(), b.target.clone().collect()));
        if b.confidence >= 0.9 {
            high += 1;
            high_ok += usize::from(ok);
        } else {
            low += 1;
            low_ok += usize::from(ok);
        }
    }
    assert!(high > 0 && low > 0, "{high} {low}");
    let (p_high, p_low) = (high_ok as f64 / high as f64, low_ok as f64 / low as f64);
    assert!(p_high >= 0.97, "precision of confident beads {p_high}");
    assert!(
        p_low < p_high - 0.2,
        "low-confidence beads are right as often: {p_low} vs {p_high}"
    );
}

/// A sentence translated by four, a shape the model has no bead type for, is found as one 1-4
/// bead: the model's best path splits it into a 1-3 bead and an unpaired sentence, both with
/// posterior 0.85, and the union of the two is the likelier.
#[test]
fn an_unmodelled_one_to_four_translation_is_found_whole() {
    let (src, mut tgt, gold) = synthetic(300, 0x1_4);
    let links = links(&gold);
    let (i, j) = links
        .iter()
        .skip(150)
        .find(|(s, t)| s.len() == 1 && t.len() == 1 && tgt[t[0]].split(' ').count() >= 12)
        .map(|(s, t)| (s[0], t[0]))
        .expect("a long 1-1 bead");
    let words: Vec<String> = tgt[j].split(' ').map(str::to_string).collect();
    let quarter = words.len() / 4;
    let parts: Vec<String> = (0..4)
        .map(|k| {
            let end = if k == 3 {
                words.len()
            } else {
                (k + 1) * quarter
            };
            words[k * quarter..end].join(" ")
        })
        .collect();
    tgt.splice(j..=j, parts);
    fn sentences(texts: &[String]) -> Vec<Sentence<'_>> {
        one_paragraph(texts)
    }
    let (s, t) = (sentences(&src), sentences(&tgt));
    let beads = align::align(&s, &t, &AlignOptions::default());
    let involved: Vec<&Bead> = beads
        .iter()
        .filter(|b| b.source.contains(&i) || (j..j + 4).any(|x| b.target.contains(&x)))
        .collect();
    assert_eq!(involved.len(), 1, "{involved:?}");
    assert_eq!(
        (involved[0].source.clone(), involved[0].target.clone()),
        (i..i + 1, j..j + 4)
    );
    assert!(involved[0].confidence >= 0.9, "{involved:?}");
    let sure = beads.iter().filter(|b| b.confidence >= 0.9).count();
    assert!(sure * 10 >= beads.len() * 8, "{sure} of {}", beads.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the lengths, including empty sides, the beads cover every sentence once, in order.
    #[test]
    fn beads_cover_both_sides(
        src in prop::collection::vec(("[a-z ]{0,40}", 0usize..3), 0..25),
        tgt in prop::collection::vec(("[a-z0-9 ?]{0,60}", 0usize..3), 0..25),
    ) {
        let mut sp = src.iter().map(|x| x.1).collect::<Vec<_>>();
        sp.sort_unstable();
        let mut tp = tgt.iter().map(|x| x.1).collect::<Vec<_>>();
        tp.sort_unstable();
        let s: Vec<Sentence> = src.iter().zip(&sp).map(|(x, &p)| Sentence { text: &x.0, paragraph: p }).collect();
        let t: Vec<Sentence> = tgt.iter().zip(&tp).map(|(x, &p)| Sentence { text: &x.0, paragraph: p }).collect();
        let beads = align::align(&s, &t, &AlignOptions::default());
        assert_cover(&beads, s.len(), t.len());
    }
}

#[test]
fn eval_matches_the_reference_scorer_output() {
    let out = tmforge()
        .args([
            "eval",
            "--gold",
            &data("eval.gold"),
            "--pred",
            &data("eval.pred"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let expected = std::fs::read_to_string(data("eval.expected")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}

#[test]
#[ignore = "needs python3 and the shared scorer"]
fn eval_agrees_with_score_py_on_a_synthetic_alignment() {
    require_program("python3");
    let scorer = shared().join("tools/align/score.py");
    assert!(
        scorer.is_file(),
        "{} is missing: the shared folder must sit beside the repository",
        scorer.display()
    );
    let (src, tgt, gold) = synthetic(300, 7);
    let s: Vec<Sentence> = one_paragraph(&src);
    let t: Vec<Sentence> = one_paragraph(&tgt);
    let beads = align::align(
        &s,
        &t,
        &AlignOptions {
            band_width: 2,
            ..AlignOptions::default()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let (g, p) = (dir.path().join("g"), dir.path().join("p"));
    let gold_text: String = gold
        .iter()
        .map(|b| format!("{:?}:{:?}\n", b.source, b.target))
        .collect();
    std::fs::write(&g, gold_text).unwrap();
    let mut pred = Vec::new();
    align::write_beads(&mut pred, &beads, true).unwrap();
    std::fs::write(&p, pred).unwrap();
    let ours = tmforge()
        .args(["eval", "--gold"])
        .arg(&g)
        .arg("--pred")
        .arg(&p)
        .output()
        .unwrap();
    let theirs = Command::new("python3")
        .arg(&scorer)
        .arg("--gold")
        .arg(&g)
        .arg("--pred")
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&ours.stdout),
        String::from_utf8_lossy(&theirs.stdout)
    );
}

#[test]
fn align_reads_stdin_writes_formats_and_scores_gold() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jsonl");
    let en = std::fs::read(Path::new(root).join("corpus/azerbaijan-demining.en.txt")).unwrap();
    let mut child = tmforge()
        .current_dir(root)
        .args([
            "align",
            "corpus/azerbaijan-demining.ar.txt",
            "-",
            "--src-lang",
            "ar",
            "--tgt-lang",
            "en",
            "--format",
            "jsonl",
            "--gold",
            "corpus/azerbaijan-demining.ar-en.gold",
            "-o",
        ])
        .arg(&out_path)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&en).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("| F1          |  1.000  |   1.000   |"),
        "{stderr}"
    );
    let jsonl = std::fs::read_to_string(&out_path).unwrap();
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["kind"], "1-1");
    assert!(
        first["target_text"]
            .as_str()
            .unwrap()
            .starts_with("Azerbaijan says")
    );
    assert_eq!(jsonl.lines().count(), 14);
}

#[test]
fn bad_gold_file_is_unusable_input_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("bad.gold");
    std::fs::write(&gold, "[0]:[0]\n[1]:[one]\n").unwrap();
    let out = tmforge()
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg("--pred")
        .arg(&gold)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("bad.gold:2:6"), "{stderr}");
    assert!(
        stderr.contains("`one` is not a sentence number"),
        "{stderr}"
    );
}

#[test]
fn dictionary_file_is_read_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t, d) = (
        dir.path().join("s"),
        dir.path().join("t"),
        dir.path().join("d"),
    );
    std::fs::write(
        &s,
        "Der Hund schläft.\nDie Katze jagt eine Maus im Garten.\nEs regnet.\n",
    )
    .unwrap();
    std::fs::write(
        &t,
        "The dog sleeps.\nThe cat hunts a mouse in the garden.\nIt rains.\n",
    )
    .unwrap();
    std::fs::write(
        &d,
        "dog @ Hund\ncat @ Katze\nmouse @ Maus\ngarden @ Garten\n",
    )
    .unwrap();
    let align_with_dictionary = || {
        tmforge()
            .args([
                "align",
                "--presegmented",
                "--src-lang",
                "de",
                "--tgt-lang",
                "en",
                "--dictionary",
            ])
            .arg(&d)
            .arg(&s)
            .arg(&t)
            .output()
            .unwrap()
    };
    let out = align_with_dictionary();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let beads =
        align::parse_beads(&String::from_utf8(out.stdout).unwrap(), Path::new("x")).unwrap();
    assert_eq!(
        links(&beads),
        vec![(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])]
    );
    std::fs::write(&d, "dog Hund\n").unwrap();
    let out = align_with_dictionary();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(":1:1:"));
}

/// The public Text+Berg development set (German-French, hand-aligned, 422 beads), scored by the
/// reference scorer: the figure in the README (0.905 strict), with room for about five beads.
/// hunalign scores 0.683 strict and 0.918 lax on it. The beads at confidence 0.99 or more are
/// right at least 98 % of the time (106 beads, none wrong); before the boundaries between
/// neighbouring beads were doubted on their own evidence, 7 of 181 were wrong, and before
/// names and numbers crossing a boundary counted, 2 of 121.
#[test]
#[ignore = "needs python3, the shared scorer and the shared Text+Berg dev set"]
fn text_berg_dev_set_scores_above_hunalign() {
    require_program("python3");
    let dev = shared().join("peers/alignment/bleualign-dev");
    let scorer = shared().join("tools/align/score.py");
    assert!(
        dev.join("dev.gold").is_file() && scorer.is_file(),
        "{} or {} is missing: the shared folder must sit beside the repository",
        dev.display(),
        scorer.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let pred = dir.path().join("dev.pred");
    assert_success(run(tmforge()
        .arg("align")
        .arg(dev.join("dev.de"))
        .arg(dev.join("dev.fr"))
        .args([
            "--src-lang",
            "de",
            "--tgt-lang",
            "fr",
            "--presegmented",
            "-o",
        ])
        .arg(&pred)));
    let scored = Command::new("python3")
        .arg(&scorer)
        .arg("--gold")
        .arg(dev.join("dev.gold"))
        .arg("--pred")
        .arg(&pred)
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&scored.stdout).into_owned();
    let f1: Vec<f64> = table
        .lines()
        .find(|l| l.contains("F1"))
        .expect("an F1 line")
        .split('|')
        .filter_map(|cell| cell.trim().parse().ok())
        .collect();
    assert_eq!(f1.len(), 2, "{table}");
    assert!(f1[0] >= 0.90 && f1[1] >= 0.97, "{table}");
    let gold = align::read_beads(&dev.join("dev.gold")).unwrap();
    let pred = align::read_beads(&pred).unwrap();
    let (sure, right) = sure_and_right(&[(gold, pred)]);
    assert!(
        sure >= 100 && right as f64 >= 0.98 * sure as f64,
        "{right} of {sure} sure beads right"
    );
}

/// The documents of a development set under `tests/data/align/SET`, one sentence a line, aligned
/// with `options`: each document's gold and predicted beads.
fn dev_set(set: &str, options: &AlignOptions) -> Vec<(Vec<BeadRecord>, Vec<BeadRecord>)> {
    let folder = Path::new(&data(set)).to_path_buf();
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".gold").map(str::to_string)
        })
        .collect();
    names.sort();
    names
        .iter()
        .map(|doc| {
            let read =
                |ext: &str| std::fs::read_to_string(folder.join(format!("{doc}.{ext}"))).unwrap();
            let lines =
                |text: String| -> Vec<String> { text.lines().map(str::to_string).collect() };
            let (s, t) = (lines(read("ar")), lines(read("en")));
            let beads = align::align(&one_paragraph(&s), &one_paragraph(&t), options);
            assert_cover(&beads, s.len(), t.len());
            let gold = align::read_beads(&folder.join(format!("{doc}.gold"))).unwrap();
            (gold, beads.iter().map(Into::into).collect())
        })
        .collect()
}

/// The options with the bundled sentence encoder.
fn semantic() -> AlignOptions {
    AlignOptions {
        encoder: Some(Encoder::bundled().expect("the bundled encoder loads")),
        ..AlignOptions::default()
    }
}

/// Asserts that at least `share` of the predicted beads at confidence 0.99 or more are gold beads.
fn assert_sure_beads_right(docs: &[(Vec<BeadRecord>, Vec<BeadRecord>)], share: f64) {
    let (sure, right) = sure_and_right(docs);
    assert!(
        right as f64 >= share * sure as f64,
        "{right} of {sure} sure beads right"
    );
}

/// Of the predicted beads at confidence 0.99 or more, how many there are and how many are gold
/// beads.
fn sure_and_right(docs: &[(Vec<BeadRecord>, Vec<BeadRecord>)]) -> (usize, usize) {
    let (mut sure, mut right) = (0, 0);
    for (gold, pred) in docs {
        let gold: std::collections::HashSet<_> = gold
            .iter()
            .map(|b| (b.source.clone(), b.target.clone()))
            .collect();
        for b in pred
            .iter()
            .filter(|b| b.confidence.is_some_and(|c| c >= 0.99))
        {
            sure += 1;
            right += usize::from(gold.contains(&(b.source.clone(), b.target.clone())));
        }
    }
    (sure, right)
}

/// The Arabic-English development set of `tests/data/align/ar-en` (three documents, 141 hand-made
/// beads, 29 % of them other than 1-1) without the encoder: the figure in the README, with room
/// for two beads.
#[test]
fn arabic_english_dev_set() {
    let docs = dev_set("ar-en", &AlignOptions::default());
    let scores = align::evaluate(&docs, false);
    let table = align::render_scores(&scores);
    assert!(
        scores.strict.f1 >= 0.90 && scores.lax.f1 >= 0.935,
        "{table}"
    );
}

/// The same set with the sentence encoder's cosines as evidence: better, and the sure beads right.
#[test]
fn arabic_english_dev_set_with_the_encoder() {
    let docs = dev_set("ar-en", &semantic());
    let scores = align::evaluate(&docs, false);
    let table = align::render_scores(&scores);
    assert!(scores.strict.f1 >= 0.95 && scores.lax.f1 >= 0.98, "{table}");
    assert_sure_beads_right(&docs, 0.96);
}

/// Eight short news articles whose translations insert explanatory sentences and drop others
/// (`tests/data/align/ar-en-news`, 38 % of the beads other than 1-1). Without meaning, lengths
/// and a lexicon learned from 20 sentences pair the wrong sentences wholesale; with the encoder
/// the set is aligned nearly as well as the easier one.
#[test]
fn short_news_articles_with_insertions_and_omissions() {
    let docs = dev_set("ar-en-news", &semantic());
    let scores = align::evaluate(&docs, false);
    let table = align::render_scores(&scores);
    assert!(scores.strict.f1 >= 0.94 && scores.lax.f1 >= 0.97, "{table}");
    assert_sure_beads_right(&docs, 0.97);
    let without = align::evaluate(&dev_set("ar-en-news", &AlignOptions::default()), false);
    assert!(
        scores.strict.f1 > without.strict.f1 + 0.2,
        "the encoder adds little: {} against {}",
        scores.strict.f1,
        without.strict.f1
    );
}

/// An article aligned with another article's translation: the cosines show no translations, so
/// the encoder's channel is refused, and lengths and the lexicon of two short texts still pair
/// their sentences somehow. None of those pairs may be called sure: before the tempering of
/// confidence applied to such texts too, two such pairs of the news set had 10 and 8 beads at
/// 1.00.
#[test]
fn unrelated_articles_get_no_sure_bead() {
    let read = |name: &str| std::fs::read_to_string(data(&format!("ar-en-news/{name}"))).unwrap();
    for (ar, en) in [("culture.ar", "science.en"), ("disaster.ar", "politics.en")] {
        let (s, t) = (read(ar), read(en));
        let (s, t) = (presegmented(&s), presegmented(&t));
        let beads = align::align(&s, &t, &semantic());
        assert_cover(&beads, s.len(), t.len());
        let sure: Vec<_> = beads.iter().filter(|b| b.confidence >= 0.99).collect();
        assert!(sure.is_empty(), "{ar} with {en}: {sure:?}");
    }
}

/// The football report with one more explanatory sentence, taken from another article,
/// inserted into its English near the end: lengths alone then pair most sentences with a
/// neighbour's translation, and the encoder's laws are first estimated from that shifted path.
/// Its pairs' cosines are mostly unrelated ones, several far below the unrelated pairs' mean,
/// and a translation law wide enough to take those in as well (0.30 ± 0.22, against 0.21 ±
/// 0.11 for unrelated pairs) kept the shifted diagonal: 2 of 15 gold beads found.
#[test]
fn an_inserted_sentence_does_not_shift_a_short_article() {
    let read = |name: &str| std::fs::read_to_string(data(name)).unwrap();
    let other = read("ar-en-news/culture.en");
    let inserted = other
        .lines()
        .find(|l| l.starts_with("Iraq is this year"))
        .unwrap();
    let en = read("ar-en-wire/football.en");
    let mut en: Vec<&str> = en.lines().collect();
    en.insert(11, inserted);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("football.en");
    std::fs::write(&target, en.join("\n") + "\n").unwrap();
    let (stdout, _) = assert_success(run(tmforge().args([
        "align",
        &data("ar-en-wire/football.ar"),
        target.to_str().unwrap(),
        "--src-lang",
        "ar",
        "--tgt-lang",
        "en",
        "--presegmented",
    ])));
    let pred = links(&align::parse_beads(&stdout, Path::new("stdout")).unwrap());
    // The gold alignment, with the inserted sentence as a bead of its own.
    let shift = |j: usize| j + usize::from(j >= 11);
    let mut gold = links(&align::read_beads(Path::new(&data("ar-en-wire/football.gold"))).unwrap());
    for (_, target) in &mut gold {
        target.iter_mut().for_each(|j| *j = shift(*j));
    }
    gold.push((vec![], vec![11]));
    let found = pred.iter().filter(|b| gold.contains(b)).count();
    assert!(
        found >= 10,
        "{found} of {} gold beads: {pred:?}",
        gold.len()
    );
}

/// Six wire-style news articles (`tests/data/align/ar-en-wire`, 38 % of the beads other than
/// 1-1, four with an explanatory sentence inserted early and one dropped later), each opening
/// with a headline and a lead that repeats it. A headline ends without a sentence mark, and
/// content is not taken to cross out of it: counted as a clause moved across the boundary, the
/// lead's repeated party and seat count joined headline and lead into one bead.
#[test]
fn wire_news_keeps_each_headline_apart_from_its_lead() {
    let docs = dev_set("ar-en-wire", &semantic());
    let scores = align::evaluate(&docs, false);
    let table = align::render_scores(&scores);
    assert!(scores.strict.f1 >= 0.90 && scores.lax.f1 >= 0.96, "{table}");
    assert_sure_beads_right(&docs, 0.97);
    for (k, (_, beads)) in docs.iter().enumerate() {
        assert!(
            beads.iter().any(|b| b.source == [0] && b.target == [0]),
            "document {k}: the headline is not a bead of its own: {:?}",
            &beads[..2]
        );
    }
}

/// The Universal Declaration of Human Rights (`ar-en-udhr`): one sentence a line, and as
/// published, in paragraphs. Both texts have 92 paragraphs, but the Arabic adds an adoption note
/// and lacks one recital of the preamble, so pairing paragraphs by number forced the preamble's
/// sentences apart; the paragraphs are anchors only where their lengths pair them in order.
#[test]
fn the_declaration_aligns_though_its_paragraphs_do_not_pair_by_number() {
    let docs = dev_set("ar-en-udhr", &semantic());
    let scores = align::evaluate(&docs, false);
    assert!(
        scores.strict.f1 >= 0.97,
        "{}",
        align::render_scores(&scores)
    );
    assert_sure_beads_right(&docs, 0.98);

    let stdout = align_published("ar-en-udhr", "udhr");
    let pred = align::parse_beads(&stdout, Path::new("stdout")).unwrap();
    let gold = align::read_beads(Path::new(&data("ar-en-udhr/udhr.gold"))).unwrap();
    let scores = align::evaluate(&[(gold, pred.clone())], false);
    assert!(
        scores.strict.f1 >= 0.97,
        "{}",
        align::render_scores(&scores)
    );
    // The recital the Arabic lacks ("Whereas it is essential to promote the development of
    // friendly relations between nations") is left unpaired, and besides it at most "Now,
    // therefore,", which the Arabic says in one word of the next paragraph.
    let unpaired: Vec<usize> = pred
        .iter()
        .filter(|b| b.source.is_empty())
        .flat_map(|b| b.target.clone())
        .collect();
    assert!(unpaired.contains(&5), "{unpaired:?}");
    assert!(unpaired.iter().all(|j| [5, 9].contains(j)), "{unpaired:?}");
}

/// A clause regrouped between two sentences inside one paragraph (`ar-en-wire/flood`, gold
/// `[6, 7]:[8, 9]`) is one bead when the article comes in paragraphs too. A bead that starts
/// where neither text starts a paragraph used to gain what such a start gains against a
/// neighbour's sentence (1.8 nats in that article, where most paragraphs are one sentence),
/// and so two beads inside a paragraph always beat one.
#[test]
fn a_regrouped_pair_inside_a_paragraph_is_one_bead() {
    let gold = std::fs::read_to_string(data("ar-en-wire/flood.gold")).unwrap();
    assert_eq!(align_published("ar-en-wire", "flood"), gold);
}

/// A right pair whose cosine lies far below the rest of its article's (0.61, where the
/// election report's translations lie at 0.79 ± 0.05: "The government must then win a vote of
/// confidence from the chamber within a month of its first sitting.") stays a bead of its own
/// rather than joining its neighbour in a 2-2 bead.
#[test]
fn a_loose_pair_is_not_merged_into_its_neighbour() {
    let gold = std::fs::read_to_string(data("ar-en-wire/election.gold")).unwrap();
    assert_eq!(align_published("ar-en-wire", "election"), gold);
}

/// The beads, without confidences, of `tmforge align` on document `doc` of a set as published:
/// `DOC.ar.txt` and `DOC.en.txt`, in paragraphs.
fn align_published(set: &str, doc: &str) -> String {
    let folder = Path::new(&data(set)).to_path_buf();
    let (stdout, _) = assert_success(run(tmforge()
        .arg("align")
        .arg(folder.join(format!("{doc}.ar.txt")))
        .arg(folder.join(format!("{doc}.en.txt")))
        .args(["--src-lang", "ar", "--tgt-lang", "en", "--no-confidence"])));
    stdout
}

/// A short article whose translation renders each long Arabic sentence in up to four English
/// sentences (`tests/data/align/ar-en-long`: 10 sentences against 28, four of them 1-4 beads).
/// Too short for neighbouring 1-1 beads to teach the laws of the cosines, which come from its
/// other beads; then the 1-4 beads are found whole instead of as a 1-3 bead and an insertion.
#[test]
fn long_sentences_translated_in_up_to_four_sentences() {
    let docs = dev_set("ar-en-long", &semantic());
    let scores = align::evaluate(&docs, false);
    let table = align::render_scores(&scores);
    assert!(scores.strict.f1 >= 0.9, "{table}");
}

/// A fully vowelled Arabic litany of parallel clauses (`tests/data/align/ar-en-vowelled`), where
/// lengths say little and the first line is long. The encoder reads Arabic without its vowel
/// signs, as most of what it learned from was written; given the marks, its cosines barely told
/// a line's translation from the next line's, and two shifted stretches came out with three
/// wrong pairs at 0.99 and above.
#[test]
fn fully_vowelled_arabic_is_aligned_on_its_meaning() {
    let docs = dev_set("ar-en-vowelled", &semantic());
    let scores = align::evaluate(&docs, false);
    let table = align::render_scores(&scores);
    assert!(scores.strict.f1 >= 0.85, "{table}");
    let (sure, right) = sure_and_right(&docs);
    assert_eq!(right, sure, "{right} of {sure} sure beads right");
}

/// A block of captions inserted in the translation (a page of photo credits in a scanned
/// yearbook) is found where it is. Lengths alone place it a few sentences off, pairing the
/// sentences beside it with captions; the final passes then have to move the pairs by as many
/// sentences as the block holds, farther than the band's width.
#[test]
fn a_long_block_of_inserted_captions_is_found_where_it_is() {
    let (src, mut tgt, gold) = synthetic(200, 0xca9);
    let at = gold[100].target.first().copied().expect("a paired bead");
    const BLOCK: usize = 24;
    let captions = [
        "Foto Archiv",
        "Bild oben",
        "Zeichnung",
        "Photo",
        "vgl. Tafel",
    ];
    tgt.splice(
        at..at,
        (0..BLOCK).map(|k| captions[k % captions.len()].to_string()),
    );
    let shift = |t: &[usize]| -> Vec<usize> {
        t.iter()
            .map(|&x| if x >= at { x + BLOCK } else { x })
            .collect()
    };
    let mut expected: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for (k, b) in gold.iter().enumerate() {
        if k == 100 {
            expected.extend((at..at + BLOCK).map(|x| (Vec::new(), vec![x])));
        }
        expected.push((b.source.clone(), shift(&b.target)));
    }
    let (s, t) = (one_paragraph(&src), one_paragraph(&tgt));
    let beads = align::align(&s, &t, &AlignOptions::default());
    assert_cover(&beads, s.len(), t.len());
    let found: std::collections::HashSet<(Vec<usize>, Vec<usize>)> = beads
        .iter()
        .map(|b| (b.source.clone().collect(), b.target.clone().collect()))
        .collect();
    let missed: Vec<_> = expected.iter().filter(|b| !found.contains(b)).collect();
    assert!(missed.len() <= 3, "{} missed: {missed:?}", missed.len());
    for x in at..at + BLOCK {
        assert!(
            found.contains(&(Vec::new(), vec![x])),
            "caption {x} not left unpaired"
        );
    }
}

/// A language pair the encoder was not trained on is aligned without it, and the user is told;
/// `--no-semantic` asked for that, so it says nothing. Both give the same beads.
#[test]
fn a_pair_the_encoder_does_not_cover_is_aligned_without_it_and_said_so() {
    let (ar, en) = (data("demining.ar.txt"), data("demining.en.txt"));
    let beads = |extra: &[&str]| {
        assert_success(run(tmforge()
            .args(["align", &ar, &en, "--src-lang", "he", "--tgt-lang", "en"])
            .args(extra)))
    };
    let (plain, said) = beads(&[]);
    assert!(said.contains("not trained on he and en"), "{said}");
    let (without, quiet) = beads(&["--no-semantic"]);
    assert!(!quiet.contains("encoder"), "{quiet}");
    assert_eq!(plain, without);
}
