//! The alignment stage: pairs the sentences of a text with those of its translation.

use std::ops::Range;

/// A sentence as the aligner sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    /// Index of the paragraph that holds the sentence.
    pub paragraph: usize,
}

/// A bead: consecutive source sentences aligned with consecutive target sentences. Either side
/// may be empty (a 1-0 or 0-1 bead: a sentence left unaligned).
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    pub source: Range<usize>,
    pub target: Range<usize>,
    /// How likely the bead is right, in [0, 1].
    pub confidence: f64,
}

impl Bead {
    /// The bead's type as translators write it: `1-1`, `2-1`, `1-0` ...
    pub fn kind(&self) -> String {
        format!("{}-{}", self.source.len(), self.target.len())
    }
}

/// Settings of the aligner.
#[derive(Debug, Clone, Default)]
pub struct AlignOptions {}

/// Aligns `source` with `target`. The beads cover every sentence of both sides once, in order.
pub fn align(source: &[Sentence], target: &[Sentence], _options: &AlignOptions) -> Vec<Bead> {
    let n = source.len().min(target.len());
    let mut beads: Vec<Bead> = (0..n)
        .map(|i| Bead {
            source: i..i + 1,
            target: i..i + 1,
            confidence: 0.5,
        })
        .collect();
    beads.extend((n..source.len()).map(|i| Bead {
        source: i..i + 1,
        target: n..n,
        confidence: 0.5,
    }));
    beads.extend((n..target.len()).map(|i| Bead {
        source: source.len()..source.len(),
        target: i..i + 1,
        confidence: 0.5,
    }));
    beads
}
