//! tmforge builds translation memories from documents and their reference translations.
//!
//! The pipeline has one module per stage, each with plain data in and out:
//! [`corpus`] finds and reads documents, [`segment`] splits them into sentences, [`align`] pairs
//! the sentences of a text with those of its translation, [`tmx`] reads and writes TMX 1.4b,
//! [`qa`] checks memories and their pairs, and [`report`] says what happened. [`build`] runs
//! them in order; [`numbers`] and [`lang`] are shared by several stages. [`editor`] lets a person
//! correct an alignment in the browser.

pub mod align;
pub mod build;
pub mod config;
pub mod corpus;
pub mod editor;
pub mod encoder;
pub mod error;
pub mod formats;
pub mod lang;
pub mod merge;
pub mod numbers;
pub mod output;
pub mod qa;
pub mod report;
pub mod segment;
pub mod similarity;
pub mod tmx;

pub use error::{Error, Result};
pub use lang::LanguageTag;

/// A TMX date (`YYYYMMDDThhmmssZ`, UTC) for now, or for `SOURCE_DATE_EPOCH` when it is set, so
/// that builds can be reproduced byte for byte.
pub fn creation_date() -> Result<String> {
    let timestamp = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value.trim().parse::<i64>().map_err(|_| {
            Error::Invalid(format!(
                "SOURCE_DATE_EPOCH=`{value}` is not a whole number of seconds since 1970"
            ))
        })?,
        Err(_) => time::OffsetDateTime::now_utc().unix_timestamp(),
    };
    let date = time::OffsetDateTime::from_unix_timestamp(timestamp)
        .map_err(|e| Error::Invalid(format!("SOURCE_DATE_EPOCH={timestamp}: {e}")))?;
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    date.format(format)
        .map_err(|e| Error::Invalid(e.to_string()))
}
