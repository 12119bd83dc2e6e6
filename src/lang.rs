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
    fn rtl_by_primary_subtag() {
        assert!(LanguageTag::parse("ar-SA").unwrap().is_rtl());
        assert!(!LanguageTag::parse("en").unwrap().is_rtl());
    }
}
