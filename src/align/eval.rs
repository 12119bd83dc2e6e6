//! Scores of a predicted alignment against a gold one: strict and lax precision, recall and F1,
//! and gold recall per bead type, micro-averaged over documents.
//!
//! Strict: a predicted bead counts only if the same bead is in the gold. Lax: it counts if it
//! shares a source and a target sentence with a gold bead (a 1-0 or 0-1 bead, if one of its
//! sentences is unaligned in the gold too); lax recall is the same test the other way round.
//! These are the measures of the Vecalign and Bertalign papers, computed as the shared reference
//! scorer computes them. This module does not check that the beads cover the texts.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::BeadRecord;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Measures {
    /// Share of predicted beads that count.
    pub precision: f64,
    /// Share of gold beads that count.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// Strict recall of the gold beads of one type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeRecall {
    /// The bead type, `1-2`.
    pub kind: String,
    /// Gold beads of this type.
    pub n: usize,
    /// Share of them found exactly.
    pub strict_recall: f64,
}

/// Every score of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Documents scored.
    pub docs: usize,
    /// Gold beads.
    pub n_gold: usize,
    /// Predicted beads.
    pub n_pred: usize,
    /// A predicted bead counts if the gold has the same bead.
    pub strict: Measures,
    /// A bead counts if it shares a source and a target sentence with one of the other side.
    pub lax: Measures,
    /// Most frequent gold type first.
    pub by_type: Vec<TypeRecall>,
}

type Key = (Vec<usize>, Vec<usize>);

fn key(b: &BeadRecord) -> Key {
    (b.source.clone(), b.target.clone())
}

/// How many beads of `cand` laxly match something in `reference`.
fn lax_hits(cand: &[BeadRecord], reference: &[BeadRecord]) -> usize {
    let mut links = HashSet::new();
    let mut null_src = HashSet::new();
    let mut null_tgt = HashSet::new();
    for b in reference {
        if !b.source.is_empty() && !b.target.is_empty() {
            for &i in &b.source {
                for &j in &b.target {
                    links.insert((i, j));
                }
            }
        } else if !b.source.is_empty() {
            null_src.extend(b.source.iter().copied());
        } else {
            null_tgt.extend(b.target.iter().copied());
        }
    }
    cand.iter()
        .filter(|b| {
            if !b.source.is_empty() && !b.target.is_empty() {
                b.source
                    .iter()
                    .any(|i| b.target.iter().any(|j| links.contains(&(*i, *j))))
            } else if !b.source.is_empty() {
                b.source.iter().any(|i| null_src.contains(i))
            } else {
                b.target.iter().any(|j| null_tgt.contains(j))
            }
        })
        .count()
}

fn prf(hits_p: usize, hits_r: usize, n_pred: usize, n_gold: usize) -> Measures {
    let p = if n_pred > 0 {
        hits_p as f64 / n_pred as f64
    } else {
        0.0
    };
    let r = if n_gold > 0 {
        hits_r as f64 / n_gold as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Measures {
        precision: p,
        recall: r,
        f1: f,
    }
}

/// Scores documents given as (gold, predicted) bead lists. With `ignore_null`, 1-0 and 0-1 beads
/// are dropped from both sides first.
pub fn evaluate(docs: &[(Vec<BeadRecord>, Vec<BeadRecord>)], ignore_null: bool) -> Scores {
    let (mut n_gold, mut n_pred, mut strict, mut lax_p, mut lax_r) = (0, 0, 0, 0, 0);
    let mut order: Vec<String> = Vec::new();
    let mut types: HashMap<String, (usize, usize)> = HashMap::new();
    for (gold, pred) in docs {
        let keep = |b: &&BeadRecord| !ignore_null || (!b.source.is_empty() && !b.target.is_empty());
        let gold: Vec<BeadRecord> = gold.iter().filter(keep).cloned().collect();
        let pred: Vec<BeadRecord> = pred.iter().filter(keep).cloned().collect();
        let g: HashSet<Key> = gold.iter().map(key).collect();
        let p: HashSet<Key> = pred.iter().map(key).collect();
        strict += g.intersection(&p).count();
        lax_p += lax_hits(&pred, &gold);
        lax_r += lax_hits(&gold, &pred);
        n_gold += gold.len();
        n_pred += pred.len();
        for b in &gold {
            let kind = b.kind();
            let entry = types.entry(kind.clone()).or_insert_with(|| {
                order.push(kind);
                (0, 0)
            });
            entry.0 += 1;
            if p.contains(&key(b)) {
                entry.1 += 1;
            }
        }
    }
    let mut by_type: Vec<TypeRecall> = order
        .into_iter()
        .map(|kind| {
            let (n, h) = types[&kind];
            TypeRecall {
                kind,
                n,
                strict_recall: if n > 0 { h as f64 / n as f64 } else { 0.0 },
            }
        })
        .collect();
    by_type.sort_by_key(|t| std::cmp::Reverse(t.n));
    Scores {
        docs: docs.len(),
        n_gold,
        n_pred,
        strict: prf(strict, strict, n_pred, n_gold),
        lax: prf(lax_p, lax_r, n_pred, n_gold),
        by_type,
    }
}

/// The scores as a table, laid out as the reference scorer prints them.
pub fn render_scores(s: &Scores) -> String {
    let mut lines = vec![
        " -----------------------------------".to_string(),
        "|             |  Strict |    Lax    |".to_string(),
        format!(
            "| Precision   |  {:.3}  |   {:.3}   |",
            s.strict.precision, s.lax.precision
        ),
        format!(
            "| Recall      |  {:.3}  |   {:.3}   |",
            s.strict.recall, s.lax.recall
        ),
        format!(
            "| F1          |  {:.3}  |   {:.3}   |",
            s.strict.f1, s.lax.f1
        ),
        " -----------------------------------".to_string(),
        format!(
            "docs={} gold beads={} predicted beads={} missing predictions=0",
            s.docs, s.n_gold, s.n_pred
        ),
    ];
    lines.push(format!(
        "gold strict recall by bead type: {}",
        s.by_type
            .iter()
            .map(|t| format!("{} {:.3} (n={})", t.kind, t.strict_recall, t.n))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::parse_beads;
    use std::path::Path;

    fn beads(text: &str) -> Vec<BeadRecord> {
        parse_beads(text, Path::new("t")).unwrap()
    }

    #[test]
    fn strict_and_lax() {
        let gold = beads("[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[3]:[3]\n");
        let pred = beads("[0]:[0]\n[1]:[1]\n[]:[2]\n[2, 3]:[3]\n");
        let s = evaluate(&[(gold, pred)], false);
        assert_eq!(s.strict.precision, 0.25);
        assert_eq!(s.strict.recall, 0.25);
        // Lax: [0]:[0], [1]:[1], [2,3]:[3] hit; []:[2] does not (2 is aligned in gold).
        assert_eq!(s.lax.precision, 0.75);
        // Gold: [0]:[0], [1]:[1,2], [3]:[3] hit; [2]:[] does not.
        assert_eq!(s.lax.recall, 0.75);
        assert_eq!(s.by_type[0].kind, "1-1");
        assert_eq!(s.by_type[0].n, 2);
        assert_eq!(s.by_type[0].strict_recall, 0.5);
        let s = evaluate(
            &[(beads("[0]:[0]\n[1]:[]\n"), beads("[0]:[0]\n[1]:[]\n"))],
            true,
        );
        assert_eq!((s.n_gold, s.strict.f1), (1, 1.0));
    }
}
