//! BCP 47 language tags, the one language type used everywhere in tmforge.
//!
//! Tags are stored in their canonical case (`ar`, `en-US`, `zh-Hant-TW`) and compared without
//! regard to case, as BCP 47 says. Underscores (`ar_EG`, the POSIX locale habit) are accepted and
//! turned into hyphens, because users paste them from their systems; anything else that is not a
//! well-formed tag is refused with a message that says why. This is a syntactic check: the subtag
//! registry is not consulted.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A well-formed BCP 47 language tag in canonical case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageTag(String);

/// Why a string is not a language tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a BCP 47 language tag: {reason} (examples: ar, en, ar-SA, en-US)")]
pub struct LanguageTagError {
    pub input: String,
    pub reason: &'static str,
}

impl LanguageTag {
    /// Parses and canonicalizes a tag; `_` separators are accepted as `-`.
    pub fn parse(input: &str) -> Result<LanguageTag, LanguageTagError> {
        let fail = |reason| LanguageTagError {
            input: input.to_string(),
            reason,
        };
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(fail("it is empty"));
        }
        let mut out = Vec::new();
        for (i, sub) in trimmed.split(['-', '_']).enumerate() {
            if sub.is_empty() || sub.len() > 8 || !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(fail("subtags are 1 to 8 ASCII letters or digits"));
            }
            let canonical = if i == 0 {
                if !(2..=8).contains(&sub.len()) || !sub.chars().all(|c| c.is_ascii_alphabetic()) {
                    return Err(fail("the language subtag must be 2 to 8 letters"));
                }
                sub.to_ascii_lowercase()
            } else if sub.len() == 4 && sub.chars().all(|c| c.is_ascii_alphabetic()) {
                // Script: title case (Arab, Latn, Hant).
                let mut s = sub.to_ascii_lowercase();
                s[..1].make_ascii_uppercase();
                s
            } else if sub.len() == 2 && sub.chars().all(|c| c.is_ascii_alphabetic()) {
                // Region: upper case (SA, US).
                sub.to_ascii_uppercase()
            } else {
                sub.to_ascii_lowercase()
            };
            out.push(canonical);
        }
        Ok(LanguageTag(out.join("-")))
    }

    /// The tag as text, in canonical case.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag (`ar` for `ar-SA`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// Whether this is a right-to-left language, for display (`dir="rtl"`).
    pub fn is_rtl(&self) -> bool {
        matches!(
            self.primary(),
            "ar" | "arc"
                | "dv"
                | "fa"
                | "he"
                | "iw"
                | "ks"
                | "ku"
                | "ps"
                | "sd"
                | "syr"
                | "ug"
                | "ur"
                | "yi"
        )
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for LanguageTag {
    type Err = LanguageTagError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LanguageTag::parse(s)
    }
}

impl Serialize for LanguageTag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for LanguageTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        LanguageTag::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Renames language tags on output, so that the tags in a memory match what the user's CAT tool
/// expects (Trados skips language pairs that do not match exactly): `ar=ar-SA,en=en-US`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LangMap(Vec<(LanguageTag, LanguageTag)>);

impl LangMap {
    /// The tag to write for `tag`: its mapping, or itself.
    pub fn apply(&self, tag: &LanguageTag) -> LanguageTag {
        self.0
            .iter()
            .find(|(from, _)| from == tag)
            .map_or_else(|| tag.clone(), |(_, to)| to.clone())
    }

    /// Adds the mappings of `other` that this map does not have (command line over config file).
    pub fn or(mut self, other: &LangMap) -> LangMap {
        for (from, to) in &other.0 {
            if !self.0.iter().any(|(f, _)| f == from) {
                self.0.push((from.clone(), to.clone()));
            }
        }
        self
    }
}

impl FromStr for LangMap {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut map = Vec::new();
        for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (from, to) = item
                .split_once('=')
                .ok_or_else(|| format!("`{item}` is not FROM=TO (example: ar=ar-SA,en=en-US)"))?;
            let from = LanguageTag::parse(from).map_err(|e| e.to_string())?;
            let to = LanguageTag::parse(to).map_err(|e| e.to_string())?;
            map.push((from, to));
        }
        Ok(LangMap(map))
    }
}

impl<'de> Deserialize<'de> for LangMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let table = std::collections::BTreeMap::<String, String>::deserialize(deserializer)?;
        let mut map = Vec::new();
        for (from, to) in table {
            let from = LanguageTag::parse(&from).map_err(serde::de::Error::custom)?;
            let to = LanguageTag::parse(&to).map_err(serde::de::Error::custom)?;
            map.push((from, to));
        }
        Ok(LangMap(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_case_and_underscore() {
        assert_eq!(LanguageTag::parse("AR_eg").unwrap().as_str(), "ar-EG");
        assert_eq!(
            LanguageTag::parse("zh-hant-tw").unwrap().as_str(),
            "zh-Hant-TW"
        );
        assert_eq!(LanguageTag::parse("en").unwrap().primary(), "en");
        assert_eq!(LanguageTag::parse("ar-SA").unwrap().primary(), "ar");
    }

    #[test]
    fn malformed_tags_are_refused_with_a_reason() {
        for bad in ["", "a", "ar--SA", "ar.SA", "عربي", "123"] {
            let err = LanguageTag::parse(bad).unwrap_err();
            assert!(err.to_string().contains("BCP 47"), "{bad}: {err}");
        }
    }

    #[test]
    fn lang_map_renames_exact_tags_only() {
        let map: LangMap = "ar=ar-SA, en=en-US".parse().unwrap();
        assert_eq!(
            map.apply(&LanguageTag::parse("ar").unwrap()).as_str(),
            "ar-SA"
        );
        assert_eq!(map.apply(&LanguageTag::parse("fr").unwrap()).as_str(), "fr");
        assert!(
            "ar:ar-SA"
                .parse::<LangMap>()
                .unwrap_err()
                .contains("FROM=TO")
        );
        let file: LangMap = "en=en-GB".parse().unwrap();
        let merged = map.or(&file);
        assert_eq!(
            merged.apply(&LanguageTag::parse("en").unwrap()).as_str(),
            "en-US"
        );
    }

    #[test]
    fn rtl_by_primary_subtag() {
        assert!(LanguageTag::parse("ar-SA").unwrap().is_rtl());
        assert!(!LanguageTag::parse("en").unwrap().is_rtl());
    }
}
