//! The QA stage: findings about a translation memory and the pairs in it.

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Legal, but risky in some tool or a sign of a wrong pair.
    Warning,
    /// The spec forbids it, or a consumer rejects or drops the file.
    Error,
}

/// One problem found in a file, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable kebab-case identifier (`empty-seg`, `number-mismatch` ...).
    pub code: &'static str,
    pub severity: Severity,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub tuid: Option<String>,
    pub message: String,
}
