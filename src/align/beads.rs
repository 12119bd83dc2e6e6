//! The bead file format: one bead a line, `[0, 1]:[2]` (0-based sentence numbers, `[]` for an
//! empty side), optionally followed by `:0.93`, the bead's confidence.
//!
//! The reader accepts what the reference scorer accepts (spaces anywhere around the numbers,
//! anything after the second bracket ignored unless it is a confidence) so that gold files from
//! other tools can be read; it does not check that beads cover the text, which
//! [`check_cover`] does for those who want it.

use std::io::{self, Write};
use std::path::Path;

use super::Bead;
use crate::error::{Error, Position, Result};

/// A bead as read from a file: the sentence numbers of each side, which need not be contiguous in
/// a hand-made file, and the confidence if one was written.
#[derive(Debug, Clone, PartialEq)]
pub struct BeadRecord {
    /// Source sentence numbers, 0-based.
    pub source: Vec<usize>,
    /// Target sentence numbers, 0-based.
    pub target: Vec<usize>,
    /// The `:0.93` suffix, when the line has one.
    pub confidence: Option<f64>,
}

impl BeadRecord {
    /// The bead's type, `1-2` for one source and two target sentences.
    pub fn kind(&self) -> String {
        format!("{}-{}", self.source.len(), self.target.len())
    }
}

impl From<&Bead> for BeadRecord {
    fn from(b: &Bead) -> BeadRecord {
        BeadRecord {
            source: b.source.clone().collect(),
            target: b.target.clone().collect(),
            confidence: Some(b.confidence),
        }
    }
}

/// Parses bead lines; blank lines are skipped. `path` names the file in errors.
pub fn parse_beads(text: &str, path: &Path) -> Result<Vec<BeadRecord>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            continue;
        }
        out.push(parse_line(body).map_err(|(col, what)| Error::Input {
            path: path.to_path_buf(),
            position: Position::of_offset(text, start + col),
            message: format!(
                "{what}; a bead line looks like `[0, 1]:[2]` or `[3]:[]:0.93` \
                 (0-based sentence numbers, then an optional confidence)"
            ),
        })?);
    }
    Ok(out)
}

/// Reads a bead file.
pub fn read_beads(path: &Path) -> Result<Vec<BeadRecord>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "reading", e))?;
    parse_beads(&text, path)
}

/// One line; on error, the byte column and what was expected.
fn parse_line(line: &str) -> std::result::Result<BeadRecord, (usize, String)> {
    let mut pos = 0;
    let skip_ws = |pos: &mut usize| {
        while let Some(c) = line[*pos..].chars().next().filter(|c| c.is_whitespace()) {
            *pos += c.len_utf8();
        }
    };
    let expect = |pos: &mut usize, ch: char| -> std::result::Result<(), (usize, String)> {
        if line[*pos..].starts_with(ch) {
            *pos += 1;
            Ok(())
        } else {
            Err((*pos, format!("expected `{ch}`")))
        }
    };
    let list = |pos: &mut usize| -> std::result::Result<Vec<usize>, (usize, String)> {
        let open = *pos;
        let close = line[open..]
            .find(']')
            .map(|k| open + k)
            .ok_or((open, "expected `]` to close the list".to_string()))?;
        let mut ids = Vec::new();
        let mut at = open;
        for part in line[open..close].split(',') {
            let trimmed = part.trim();
            if !trimmed.is_empty() {
                let col = at + (part.len() - part.trim_start().len());
                ids.push(
                    trimmed
                        .parse::<usize>()
                        .map_err(|_| (col, format!("`{trimmed}` is not a sentence number")))?,
                );
            }
            at += part.len() + 1;
        }
        *pos = close + 1;
        Ok(ids)
    };
    skip_ws(&mut pos);
    expect(&mut pos, '[')?;
    let source = list(&mut pos)?;
    skip_ws(&mut pos);
    expect(&mut pos, ':')?;
    skip_ws(&mut pos);
    expect(&mut pos, '[')?;
    let target = list(&mut pos)?;
    let rest = line[pos..].trim();
    let confidence = rest
        .strip_prefix(':')
        .and_then(|r| r.trim().parse::<f64>().ok())
        .filter(|c| c.is_finite());
    Ok(BeadRecord {
        source,
        target,
        confidence,
    })
}

fn list(ids: &[usize]) -> String {
    ids.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes beads, one a line, with their confidence to two decimals when `confidence` is set.
pub fn write_beads(out: &mut impl Write, beads: &[Bead], confidence: bool) -> io::Result<()> {
    for b in beads {
        let r = BeadRecord::from(b);
        write!(out, "[{}]:[{}]", list(&r.source), list(&r.target))?;
        if confidence {
            write!(out, ":{:.2}", b.confidence)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Problems that keep `beads` from being a monotone cover of `n` source and `m` target
/// sentences; empty when there are none.
pub fn check_cover(beads: &[BeadRecord], n: usize, m: usize) -> Vec<String> {
    let mut problems = Vec::new();
    let src: Vec<usize> = beads
        .iter()
        .flat_map(|b| b.source.iter().copied())
        .collect();
    let tgt: Vec<usize> = beads
        .iter()
        .flat_map(|b| b.target.iter().copied())
        .collect();
    if !src.iter().copied().eq(0..n) {
        problems.push(format!(
            "source sentence numbers are not exactly 0..{n} in order"
        ));
    }
    if !tgt.iter().copied().eq(0..m) {
        problems.push(format!(
            "target sentence numbers are not exactly 0..{m} in order"
        ));
    }
    if beads
        .iter()
        .any(|b| b.source.is_empty() && b.target.is_empty())
    {
        problems.push("there is an empty bead `[]:[]`".to_string());
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_confidence() {
        let beads = vec![
            Bead {
                source: 0..2,
                target: 0..1,
                confidence: 0.934,
            },
            Bead {
                source: 2..2,
                target: 1..2,
                confidence: 1.0,
            },
        ];
        let mut out = Vec::new();
        write_beads(&mut out, &beads, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "[0, 1]:[0]:0.93\n[]:[1]:1.00\n");
        let back = parse_beads(&text, Path::new("x")).unwrap();
        assert_eq!(back[0].source, vec![0, 1]);
        assert_eq!(back[1].target, vec![1]);
        assert_eq!(back[0].confidence, Some(0.93));
        assert_eq!(check_cover(&back, 2, 2), Vec::<String>::new());
    }

    #[test]
    fn lenient_like_the_reference_reader() {
        let b = parse_beads("  [ 3 ,4 ] : [ ]  trailing words\n\n", Path::new("x")).unwrap();
        assert_eq!(
            b,
            vec![BeadRecord {
                source: vec![3, 4],
                target: vec![],
                confidence: None
            }]
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse_beads("[0]:[0]\n[1]:[x]\n", Path::new("g.beads")).unwrap_err();
        assert!(e.to_string().starts_with("g.beads:2:6:"), "{e}");
        let e = parse_beads("[0]-[0]\n", Path::new("g.beads")).unwrap_err();
        assert!(e.to_string().starts_with("g.beads:1:4:"), "{e}");
    }
}
