//! The library's error type.
//!
//! Every error that comes from user input carries where it happened (the file, and a line and
//! column or a byte offset when there is one) and what to do about it, because a translator reads
//! these messages, not a stack trace.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// 1-based line and column (column counted in characters).
    LineColumn { line: usize, column: usize },
    /// 0-based byte offset, for binary-level problems such as invalid UTF-8.
    Byte(usize),
}

impl Position {
    /// The 1-based line and column of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position::LineColumn { line, column }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::LineColumn { line, column } => write!(f, "{line}:{column}"),
            Position::Byte(offset) => write!(f, "byte {offset}"),
        }
    }
}

/// Everything that can go wrong in tmforge's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written. The I/O error is part of the message
    /// rather than a chained source, so that it is printed once.
    #[error("{}: {action}: {cause}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        cause: std::io::Error,
    },
    /// An input is malformed at a known position.
    #[error("{}:{position}: {message}", path.display())]
    Input {
        path: PathBuf,
        position: Position,
        message: String,
    },
    /// An input is unusable as a whole (no position applies).
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
    /// A setting or argument is invalid.
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// An I/O error on `path` while doing `action` ("reading", "writing", ...).
    pub fn io(path: impl AsRef<Path>, action: &'static str, source: std::io::Error) -> Error {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            action,
            cause: source,
        }
    }

    /// A malformed input at `position`.
    pub fn input(path: impl AsRef<Path>, position: Position, message: impl Into<String>) -> Error {
        Error::Input {
            path: path.as_ref().to_path_buf(),
            position,
            message: message.into(),
        }
    }

    /// A whole-file problem.
    pub fn file(path: impl AsRef<Path>, message: impl Into<String>) -> Error {
        Error::File {
            path: path.as_ref().to_path_buf(),
            message: message.into(),
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_to_line_and_column_counts_characters() {
        let text = "ab\nجاكرتا x";
        // "x" is after 6 Arabic letters and a space on line 2.
        let offset = text.find('x').unwrap();
        assert_eq!(
            Position::of_offset(text, offset),
            Position::LineColumn { line: 2, column: 8 }
        );
        assert_eq!(
            Position::of_offset(text, 0),
            Position::LineColumn { line: 1, column: 1 }
        );
    }
}
