//! The anchored aligner on the Arabic-English dev set: beads a person confirmed are kept exactly,
//! and the stretches between them are aligned at least as well as without them.

mod common;

use tmforge::align::{Anchor, Bead, BeadRecord, Sentence, align, align_anchored, parse_beads};

fn data(path: &str) -> String {
    std::fs::read_to_string(common::repo().join("tests/data/align/ar-en").join(path)).unwrap()
}

fn lines(text: &str) -> Vec<Sentence<'_>> {
    text.lines()
        .map(|text| Sentence { text, paragraph: 0 })
        .collect()
}

fn key(source: &[usize], target: &[usize]) -> (Vec<usize>, Vec<usize>) {
    (source.to_vec(), target.to_vec())
}

fn found(beads: &[Bead], gold: &BeadRecord) -> bool {
    beads.iter().any(|b| {
        key(
            &b.source.clone().collect::<Vec<_>>(),
            &b.target.clone().collect::<Vec<_>>(),
        ) == key(&gold.source, &gold.target)
    })
}

#[test]
fn anchors_are_kept_and_the_stretches_between_them_are_as_good_as_without() {
    let (mut right_plain, mut right_anchored, mut scored) = (0, 0, 0);
    for doc in ["news", "report", "sport"] {
        let (ar, en) = (data(&format!("{doc}.ar")), data(&format!("{doc}.en")));
        let (src, tgt) = (lines(&ar), lines(&en));
        let gold = parse_beads(&data(&format!("{doc}.gold")), "gold".as_ref()).unwrap();
        // Every seventh gold bead is confirmed, as a person working down the page would.
        let is_anchor = |k: usize| k % 7 == 3;
        let anchors: Vec<Anchor> = gold
            .iter()
            .enumerate()
            .filter(|&(k, _)| is_anchor(k))
            .map(|(_, g)| {
                let range = |ids: &[usize], before: usize| match (ids.first(), ids.last()) {
                    (Some(&a), Some(&b)) => a..b + 1,
                    _ => before..before,
                };
                Anchor {
                    source: range(&g.source, 0),
                    target: range(&g.target, 0),
                }
            })
            .filter(|a| !a.source.is_empty() && !a.target.is_empty())
            .collect();
        assert!(anchors.len() >= 5, "{doc}");
        let options = Default::default();
        let plain = align(&src, &tgt, &options);
        let anchored = align_anchored(&src, &tgt, &anchors, &options);
        for a in &anchors {
            assert!(
                anchored
                    .iter()
                    .any(|b| b.source == a.source && b.target == a.target && b.confidence == 1.0),
                "{doc}: anchor {a:?} not kept"
            );
        }
        for (_, g) in gold.iter().enumerate().filter(|&(k, _)| !is_anchor(k)) {
            scored += 1;
            right_plain += usize::from(found(&plain, g));
            right_anchored += usize::from(found(&anchored, g));
        }
    }
    let (p, a) = (
        right_plain as f64 / scored as f64,
        right_anchored as f64 / scored as f64,
    );
    eprintln!("strict recall of the beads between anchors: plain {p:.3}, anchored {a:.3}");
    assert!(a >= p, "anchored {a:.3} < plain {p:.3}");
}
