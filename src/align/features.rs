//! What the aligner knows about each sentence: its length, where paragraphs start, and the
//! "items" it can share with a translation, grouped in evidence channels.
//!
//! A channel gives every sentence a set of *keys* (what it offers) and a list of *items* (what it
//! asks for). A pair's evidence in a channel is how many items of one side the keys of the other
//! side cover, in both directions. Keys are 32-bit hashes, so no vocabulary is kept and sentences
//! are featurized in parallel; a rare hash collision only adds noise that the estimated channel
//! weights absorb. This module does not weigh the evidence: the model does.

use rayon::prelude::*;

use super::Sentence;
use crate::numbers;

/// Numbers, normalized across scripts and conventions by [`crate::numbers`].
pub(crate) const NUMBERS: usize = 0;
/// Punctuation classes (`?` and `؟` are one class).
pub(crate) const PUNCTUATION: usize = 1;
/// Latin-script tokens of four letters or more, compared by their first four letters: names,
/// acronyms and cognates.
pub(crate) const COGNATES: usize = 2;
/// Word translations: from the lexicon learned from the input and the user's dictionary.
pub(crate) const LEXICAL: usize = 3;
/// Number of evidence channels.
pub(crate) const CHANNELS: usize = 4;

/// Length of the prefix that stands for a Latin-script token in the cognate channel. Four
/// letters is the usual cognate prefix in length-plus-cognate aligners (Simard et al. 1992).
const COGNATE_PREFIX: usize = 4;

/// One sentence's keys and items in one channel. `items` is sorted and may repeat; `keys` is
/// sorted and unique. Number items carry several readings each, so they are kept apart.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChannelData {
    pub keys: Vec<u32>,
    pub items: Vec<u32>,
    /// For the number channel: each item's readings (any one may match).
    pub alternatives: Vec<Vec<u32>>,
}

impl ChannelData {
    /// Number of items.
    pub fn len(&self) -> usize {
        if self.alternatives.is_empty() {
            self.items.len()
        } else {
            self.alternatives.len()
        }
    }

    /// How many of these items `other`'s keys cover.
    pub fn covered_by(&self, other: &ChannelData) -> u32 {
        if !self.alternatives.is_empty() {
            return self
                .alternatives
                .iter()
                .filter(|alts| alts.iter().any(|a| other.keys.binary_search(a).is_ok()))
                .count() as u32;
        }
        let (items, keys) = (&self.items, &other.keys);
        let (mut a, mut b, mut hits) = (0, 0, 0u32);
        while a < items.len() && b < keys.len() {
            match items[a].cmp(&keys[b]) {
                std::cmp::Ordering::Less => a += 1,
                std::cmp::Ordering::Greater => b += 1,
                std::cmp::Ordering::Equal => {
                    hits += 1;
                    a += 1;
                }
            }
        }
        hits
    }
}

/// The features of one sentence.
#[derive(Debug, Clone, Default)]
pub(crate) struct SentenceFeatures {
    /// Characters other than whitespace.
    pub length: f64,
    /// Whether the sentence opens a paragraph.
    pub paragraph_start: bool,
    /// Hashes of its lowercased words (letters only), for the lexicon.
    pub words: Vec<u32>,
    pub channels: [ChannelData; CHANNELS],
}

/// The features of one side of the input.
#[derive(Debug, Clone, Default)]
pub(crate) struct SideFeatures {
    pub sentences: Vec<SentenceFeatures>,
}

impl SideFeatures {
    /// Featurizes `sentences`.
    pub fn new(sentences: &[Sentence]) -> SideFeatures {
        let mut feats: Vec<SentenceFeatures> = sentences.par_iter().map(featurize).collect();
        for (i, f) in feats.iter_mut().enumerate() {
            f.paragraph_start = i == 0 || sentences[i - 1].paragraph != sentences[i].paragraph;
        }
        SideFeatures { sentences: feats }
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    /// Every sentence's length.
    pub fn lengths(&self) -> Vec<f64> {
        self.sentences.iter().map(|f| f.length).collect()
    }
}

/// 32-bit FNV-1a of a string under a channel salt, lowercased on the fly.
pub(crate) fn hash_word(salt: u32, word: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5 ^ salt.wrapping_mul(0x0100_0193);
    let mut buf = [0u8; 4];
    let mut eat = |c: char| {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    for c in word.chars() {
        if c.is_ascii() {
            eat(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut eat);
        }
    }
    h
}

/// The words of a text: maximal runs of letters and combining marks.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| {
        if c.is_ascii() {
            !c.is_ascii_alphabetic()
        } else if ('\u{621}'..='\u{64A}').contains(&c) {
            // The Arabic letters: the commonest non-ASCII case, answered without a table search.
            false
        } else {
            !(c.is_alphabetic() || is_mark(c))
        }
    })
    .filter(|w| !w.is_empty())
}

/// Arabic vowel signs and other combining marks belong to the word they sit on.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{610}'..='\u{61A}' | '\u{64B}'..='\u{65F}' | '\u{670}')
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (c.is_alphabetic() && ('\u{C0}'..='\u{24F}').contains(&c))
}

/// The punctuation class of a character, if it has one. Classes are the marks that survive
/// translation: questions, exclamations, quotations, parentheses, colons, semicolons, percent.
fn punctuation_class(c: char) -> Option<u32> {
    Some(match c {
        '?' | '؟' | '？' => 1,
        '!' | '！' => 2,
        '"' | '“' | '”' | '«' | '»' | '„' | '‹' | '›' | '「' | '」' => 3,
        '(' | ')' | '[' | ']' | '（' | '）' => 4,
        ':' | '：' => 5,
        ';' | '؛' => 6,
        '%' | '٪' | '‰' => 7,
        _ => return None,
    })
}

fn sorted_unique(mut v: Vec<u32>) -> Vec<u32> {
    v.sort_unstable();
    v.dedup();
    v
}

fn featurize(sentence: &Sentence) -> SentenceFeatures {
    let text = sentence.text;
    let length = text.chars().filter(|c| !c.is_whitespace()).count() as f64;

    let mut channels: [ChannelData; CHANNELS] = Default::default();

    // Numbers: every reading of a digit-written number is an alternative; spelled numbers are
    // keys only, so that they confirm a match but are never asked for.
    let mentions = numbers::find_numbers(text);
    let mut number_keys = Vec::new();
    for m in &mentions {
        let alts: Vec<u32> = m
            .values
            .iter()
            .map(|v| hash_word(NUMBERS as u32, v))
            .collect();
        number_keys.extend(alts.iter().copied());
        if !m.spelled {
            channels[NUMBERS].alternatives.push(alts);
        }
    }
    channels[NUMBERS].keys = sorted_unique(number_keys);

    let classes: Vec<u32> = text.chars().filter_map(punctuation_class).collect();
    let classes = sorted_unique(classes);
    channels[PUNCTUATION].items = classes.clone();
    channels[PUNCTUATION].keys = classes;

    let mut word_hashes = Vec::new();
    let mut cognates = Vec::new();
    for w in words(text) {
        word_hashes.push(hash_word(LEXICAL as u32, w));
        if w.chars().count() >= COGNATE_PREFIX && w.chars().all(is_latin_letter) {
            let end = w
                .char_indices()
                .nth(COGNATE_PREFIX)
                .map_or(w.len(), |(i, _)| i);
            cognates.push(hash_word(COGNATES as u32, &w[..end]));
        }
    }
    cognates.sort_unstable();
    channels[COGNATES].keys = sorted_unique(cognates.clone());
    channels[COGNATES].items = cognates;

    SentenceFeatures {
        length,
        paragraph_start: false,
        words: word_hashes,
        channels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Sentence<'_> {
        Sentence { text, paragraph: 0 }
    }

    #[test]
    fn numbers_match_across_scripts_and_notations() {
        let side = SideFeatures::new(&[
            s("دمرت أكثر من 000 48 لغم و ٢٢٫٥ في المئة"),
            s("48,000 mines and 22.5 per cent"),
        ]);
        let ar = &side.sentences[0].channels[NUMBERS];
        let en = &side.sentences[1].channels[NUMBERS];
        assert_eq!(ar.len(), 2);
        assert_eq!(en.covered_by(ar), 2);
        assert_eq!(ar.covered_by(en), 2);
    }

    #[test]
    fn question_marks_are_one_class() {
        let side = SideFeatures::new(&[s("لماذا؟"), s("Why?"), s("Because.")]);
        let q = |i: usize| &side.sentences[i].channels[PUNCTUATION];
        assert_eq!(q(1).covered_by(q(0)), 1);
        assert_eq!(q(2).covered_by(q(0)), 0);
    }

    #[test]
    fn cognates_compare_prefixes_of_latin_words() {
        let side = SideFeatures::new(&[
            s("Die Regierung von Karabach"),
            s("Le gouvernement du Karabakh"),
        ]);
        let c = |i: usize| &side.sentences[i].channels[COGNATES];
        assert_eq!(c(1).covered_by(c(0)), 1);
    }

    #[test]
    fn paragraph_starts_and_lengths() {
        let side = SideFeatures::new(&[
            Sentence {
                text: "a b",
                paragraph: 0,
            },
            Sentence {
                text: "cd",
                paragraph: 0,
            },
            Sentence {
                text: "e",
                paragraph: 1,
            },
        ]);
        let starts: Vec<bool> = side.sentences.iter().map(|f| f.paragraph_start).collect();
        assert_eq!(starts, vec![true, false, true]);
        assert_eq!(side.lengths(), vec![2.0, 2.0, 1.0]);
    }
}
