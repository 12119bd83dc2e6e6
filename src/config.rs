//! The optional `tmforge.toml` in a corpus folder: the settings a team shares in its repository
//! instead of long command lines. Flags given on the command line win over the file.
//!
//! ```toml
//! source-lang = "ar"
//! output = "../output"          # relative paths are relative to the corpus folder
//! min-confidence = 0.3
//! srx = "rules/segment.srx"
//! multilingual = false
//! review = true
//! [lang-map]
//! ar = "ar-SA"
//! en = "en-US"
//! ```
//!
//! Unknown keys are errors, so a misspelt setting is never silently ignored.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Position, Result};
use crate::lang::{LangMap, LanguageTag};

/// The name of the configuration file inside a corpus folder.
pub const FILE_NAME: &str = "tmforge.toml";

/// The settings of `tmforge.toml`; every one is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub source_lang: Option<LanguageTag>,
    pub output: Option<PathBuf>,
    pub min_confidence: Option<f64>,
    pub srx: Option<PathBuf>,
    pub lang_map: Option<LangMap>,
    pub multilingual: Option<bool>,
    pub review: Option<bool>,
}

impl Config {
    /// Reads `corpus/tmforge.toml` when there is one; paths in it are made relative to `corpus`.
    pub fn load(corpus: &Path) -> Result<Option<Config>> {
        let path = corpus.join(FILE_NAME);
        if !path.is_file() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, "reading", e))?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let position = e
                .span()
                .map_or(Position::LineColumn { line: 1, column: 1 }, |span| {
                    Position::of_offset(&text, span.start)
                });
            Error::input(&path, position, e.message().to_string())
        })?;
        if let Some(c) = config.min_confidence
            && !(0.0..=1.0).contains(&c)
        {
            return Err(Error::file(
                &path,
                format!("min-confidence must be between 0 and 1, not {c}"),
            ));
        }
        config.output = config.output.map(|p| corpus.join(p));
        config.srx = config.srx.map(|p| corpus.join(p));
        Ok(Some(config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_and_resolves_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            "source-lang = \"ar\"\noutput = \"../out\"\n[lang-map]\nen = \"en-US\"\n",
        )
        .unwrap();
        let config = Config::load(dir.path()).unwrap().unwrap();
        assert_eq!(config.output.unwrap(), dir.path().join("../out"));
        let en = LanguageTag::parse("en").unwrap();
        assert_eq!(config.lang_map.unwrap().apply(&en).as_str(), "en-US");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_position() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            "source-lang = \"ar\"\nmin_confidense = 2\n",
        )
        .unwrap();
        let err = Config::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("tmforge.toml:2:1") && err.contains("min_confidense"),
            "{err}"
        );
    }
}
