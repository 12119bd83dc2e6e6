//! Fuzzes the built-in segmenters: the first byte picks Arabic, English or the generic rules,
//! the rest is the text. Whatever the text, the sentences must partition it losslessly.
#![no_main]

#[path = "common/sentences.rs"]
mod sentences;

use libfuzzer_sys::fuzz_target;
use tmforge::LanguageTag;
use tmforge::segment::Segmenter;

/// One language per rule profile: Arabic, English, and one without rules of its own.
const LANGUAGES: [&str; 3] = ["ar", "en", "de"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let lang = LanguageTag::parse(LANGUAGES[usize::from(selector) % LANGUAGES.len()]).unwrap();
    let sentences = Segmenter::builtin(&lang).segment(text);
    sentences::check(text, &sentences);
});
