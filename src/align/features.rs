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
use super::semantic::{BeadCosines, SemanticSide};
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
/// Names across scripts: capitalized Latin-script words ask for their consonant skeleton, and
/// Arabic-script words offer theirs (`Azerbaijan` and `أذربيجان` are both `S R B`). Only the
/// Latin side asks because only there is a name told from other words, by its capital. Used
/// only when one side is written in Latin script and the other is not; between two
/// Latin-script texts the cognate channel already sees the names.
pub(crate) const TRANSLITERATION: usize = 4;
/// Word translations rarer than most: the lexical channel's items that fewer sentences of the
/// other side offer than the median item. A covered word that one sentence in a hundred offers
/// says more than one that every other sentence offers (a function word); with its own
/// estimated weight, each half counts for what it is worth in this text.
pub(crate) const RARE_LEXICAL: usize = 5;
/// Number of evidence channels.
pub(crate) const CHANNELS: usize = 6;

/// Consonant classes that stand for a name in the transliteration channel: three tell most
/// names apart (`Armenian` and `أرمني` share only `R M N`) while a sentence's few dozen
/// skeletons cover an unrelated name by chance a few times in a hundred, which the channel's
/// estimated weight accounts for.
const SKELETON_CLASSES: usize = 3;

/// Length of the prefix that stands for a Latin-script token in the cognate channel. Four
/// letters is the usual cognate prefix in length-plus-cognate aligners (Simard et al. 1992).
const COGNATE_PREFIX: usize = 4;

/// Variable-length lists, one per sentence, stored flat: the lists of a million sentences are
/// two allocations, not a million.
#[derive(Debug, Clone)]
pub(crate) struct Lists<T> {
    offsets: Vec<u32>,
    data: Vec<T>,
}

impl<T: Copy> Default for Lists<T> {
    fn default() -> Lists<T> {
        Lists {
            offsets: vec![0],
            data: Vec::new(),
        }
    }
}

impl<T: Copy> Lists<T> {
    /// Appends the next sentence's list. Offsets are 32-bit to halve their memory; a side with
    /// more than four billion entries (tens of gigabytes of text) gets empty lists past that
    /// point, which costs evidence, not correctness.
    fn push(&mut self, items: &[T]) {
        if self.data.len() + items.len() <= u32::MAX as usize {
            self.data.extend_from_slice(items);
        }
        self.offsets.push(self.data.len() as u32);
    }

    /// Sentence `i`'s list.
    #[inline]
    pub fn get(&self, i: usize) -> &[T] {
        &self.data[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// How many of the sorted `items` occur in the sorted `keys` (both may repeat).
#[inline]
fn merge_hits<T: Ord>(items: &[T], keys: &[T]) -> u32 {
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

/// A 16-bit fingerprint of a 32-bit word hash. Cognate and lexical items are compared by
/// fingerprint: with a few dozen keys a sentence, a chance collision covers an item with
/// probability under 0.1 %, far below the rate at which unrelated sentences share words, and it
/// halves the largest part of the aligner's memory.
#[inline]
pub(crate) fn fingerprint(h: u32) -> u16 {
    (h ^ (h >> 16)) as u16
}

/// The features of one side of the input, one entry per sentence in each field.
#[derive(Debug, Clone, Default)]
pub(crate) struct SideFeatures {
    /// Characters other than whitespace.
    pub lengths: Vec<f64>,
    /// Whether the sentence opens a paragraph.
    pub paragraph_start: Vec<bool>,
    /// Whether the sentence ends without a mark that ends sentences: a headline, a heading or
    /// a list item, a block of its own even where the input has no paragraphs.
    pub unmarked_end: Vec<bool>,
    /// Items per channel.
    counts: Vec<[u16; CHANNELS]>,
    /// Punctuation classes present, one bit each: keys and items at once.
    punctuation: Vec<u8>,
    /// Every reading of every number mentioned, digits or words, sorted.
    number_keys: Lists<u32>,
    /// Numbers written in digits, each as its count of readings followed by the readings (any
    /// one may match).
    number_items: Lists<u32>,
    /// Cognate prefixes, sorted with repeats: items, and as a set, keys.
    cognates: Lists<u16>,
    /// Skeletons of the capitalized Latin-script words, sorted with repeats.
    skeleton_items: Lists<u16>,
    /// Skeletons of the Arabic-script words, with and without their clitics, sorted.
    skeleton_keys: Lists<u16>,
    /// Letters in Latin script and letters in all, to tell the side's script.
    latin_letters: usize,
    letters: usize,
    /// Translations the sentence's words offer, sorted.
    lexical_keys: Lists<u16>,
    /// Bit `key % 128` of every lexical key, so that most items a sentence does not offer are
    /// told apart without searching its keys.
    lexical_mask: Vec<u128>,
    /// Words some word of the other language offers, sorted with repeats: the commoner half.
    lexical_items: Lists<u16>,
    /// The rarer half of those words.
    rare_lexical_items: Lists<u16>,
    /// Embeddings of the sentences and their runs, when the encoder is used.
    pub semantic: Option<SemanticSide>,
}

/// The characters a sentence ends with when a mark ends it: stops, colons, closing quotes and
/// brackets.
const SENTENCE_END_MARKS: &str = ".!?؟…:;؛。！？\"'»«”’)]";

/// Sentences featurized in parallel at a time, so that the per-sentence temporaries of a long
/// text never all exist at once.
const FEATURIZE_CHUNK: usize = 16_384;

impl SideFeatures {
    /// Featurizes `sentences`, written in the language tagged `lang` (empty when not known).
    pub fn new(sentences: &[Sentence], lang: &str) -> SideFeatures {
        let mut side = SideFeatures::default();
        for chunk in sentences.chunks(FEATURIZE_CHUNK) {
            let feats: Vec<Featurized> = chunk.par_iter().map(|s| featurize(s, lang)).collect();
            for f in feats {
                side.lengths.push(f.length);
                side.punctuation.push(f.punctuation);
                side.number_keys.push(&f.number_keys);
                side.number_items.push(&f.number_items);
                side.cognates.push(&f.cognates);
                side.skeleton_items.push(&[]);
                side.skeleton_keys.push(&[]);
                side.latin_letters += f.latin_letters;
                side.letters += f.letters;
                side.lexical_keys.push(&[]);
                side.lexical_items.push(&[]);
                side.rare_lexical_items.push(&[]);
                let mut counts = [0u16; CHANNELS];
                counts[NUMBERS] = f.numbers.min(usize::from(u16::MAX)) as u16;
                counts[PUNCTUATION] = f.punctuation.count_ones() as u16;
                counts[COGNATES] = f.cognates.len().min(usize::from(u16::MAX)) as u16;
                side.counts.push(counts);
            }
        }
        side.paragraph_start = (0..sentences.len())
            .map(|i| i == 0 || sentences[i - 1].paragraph != sentences[i].paragraph)
            .collect();
        side.unmarked_end = sentences
            .iter()
            .map(|s| {
                (s.text.trim_end().chars().next_back())
                    .is_some_and(|c| !SENTENCE_END_MARKS.contains(c))
            })
            .collect();
        side
    }

    /// Whether most of the side's letters are in Latin script.
    pub fn is_latin(&self) -> bool {
        2 * self.latin_letters > self.letters
    }

    /// Fills the transliteration channel from the side's `sentences`. Only for a pair of texts
    /// in different scripts: between two texts in the same script the cognate channel already
    /// sees the names, and counting them twice would overweigh them.
    pub fn add_transliteration(&mut self, sentences: &[Sentence]) {
        let (mut items, mut keys) = (Lists::default(), Lists::default());
        for (start, chunk) in (0..)
            .step_by(FEATURIZE_CHUNK)
            .zip(sentences.chunks(FEATURIZE_CHUNK))
        {
            let skeletons: Vec<(Vec<u16>, Vec<u16>)> =
                chunk.par_iter().map(|s| skeletons(s.text)).collect();
            for (i, (asked, offered)) in (start..).zip(skeletons) {
                items.push(&asked);
                keys.push(&offered);
                self.counts[i][TRANSLITERATION] = asked.len().min(usize::from(u16::MAX)) as u16;
            }
        }
        self.skeleton_items = items;
        self.skeleton_keys = keys;
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    /// Cosines between this side's `a` sentences from `i` and `other`'s `b` sentences from `j`
    /// (and of the parts, when `with_parts`), when both sides have embeddings.
    #[inline]
    pub fn cosines(
        &self,
        (i, a): (usize, usize),
        other: &SideFeatures,
        (j, b): (usize, usize),
        with_parts: bool,
    ) -> Option<BeadCosines> {
        let (x, y) = (self.semantic.as_ref()?, other.semantic.as_ref()?);
        BeadCosines::new(
            (x, &self.lengths),
            (i, a),
            (y, &other.lengths),
            (j, b),
            with_parts,
        )
    }

    /// Sentence `i`'s item count in each channel.
    #[inline]
    pub fn items(&self, i: usize) -> [u16; CHANNELS] {
        self.counts[i]
    }

    /// How many items of this side's sentence `i` in `channel` the keys of `other`'s sentence
    /// `j` cover.
    #[inline]
    pub fn covered(&self, channel: usize, i: usize, other: &SideFeatures, j: usize) -> u32 {
        // Most sentences have no items in some channel (numbers, or cognates in a non-Latin
        // script): answer those without touching the lists.
        if self.counts[i][channel] == 0 {
            return 0;
        }
        match channel {
            NUMBERS => {
                let keys = other.number_keys.get(j);
                self.number_hits(i, |reading| keys.binary_search(reading).is_ok())
            }
            PUNCTUATION => (self.punctuation[i] & other.punctuation[j]).count_ones(),
            LEXICAL | RARE_LEXICAL => {
                other.offered_lexical(j, self.fingerprints(channel, i, other).0)
            }
            _ => {
                let (items, keys) = self.fingerprints(channel, i, other);
                merge_hits(items, keys.get(j))
            }
        }
    }

    /// How many items of this side's sentence `i` in `channel` the keys of any of `other`'s
    /// sentences `js` cover. Each item counts once however many sentences cover it: summing
    /// [`SideFeatures::covered`] over the sentences would count a word that two of them offer
    /// twice, and so reward large beads for repeated words.
    pub fn covered_by_any(
        &self,
        channel: usize,
        i: usize,
        other: &SideFeatures,
        js: std::ops::Range<usize>,
    ) -> u32 {
        if js.len() == 1 {
            return self.covered(channel, i, other, js.start);
        }
        if self.counts[i][channel] == 0 {
            return 0;
        }
        match channel {
            NUMBERS => self.number_hits(i, |reading| {
                js.clone()
                    .any(|j| other.number_keys.get(j).binary_search(reading).is_ok())
            }),
            PUNCTUATION => {
                let keys = js.fold(0u8, |mask, j| mask | other.punctuation[j]);
                (self.punctuation[i] & keys).count_ones()
            }
            _ => {
                let (items, keys) = self.fingerprints(channel, i, other);
                items
                    .iter()
                    .filter(|x| js.clone().any(|j| keys.get(j).binary_search(x).is_ok()))
                    .count() as u32
            }
        }
    }

    /// How many numbers of sentence `i` have a reading that `offered` accepts.
    #[inline]
    fn number_hits(&self, i: usize, offered: impl Fn(&u32) -> bool) -> u32 {
        let mut items = self.number_items.get(i);
        let mut hits = 0;
        while let Some((&k, rest)) = items.split_first() {
            let (alternatives, tail) = rest.split_at((k as usize).min(rest.len()));
            hits += u32::from(alternatives.iter().any(&offered));
            items = tail;
        }
        hits
    }

    /// In a channel whose items are word fingerprints (cognates, lexical, transliteration):
    /// sentence `i`'s items, and the keys of `other`'s sentences.
    #[inline]
    fn fingerprints<'a>(
        &'a self,
        channel: usize,
        i: usize,
        other: &'a SideFeatures,
    ) -> (&'a [u16], &'a Lists<u16>) {
        match channel {
            COGNATES => (self.cognates.get(i), &other.cognates),
            LEXICAL => (self.lexical_items.get(i), &other.lexical_keys),
            RARE_LEXICAL => (self.rare_lexical_items.get(i), &other.lexical_keys),
            _ => (self.skeleton_items.get(i), &other.skeleton_keys),
        }
    }

    /// Fills the lexical channel from the side's `sentences`: `keys(words)` gives the sorted
    /// translations a sentence's [`word_keys`] offer, and `asked(word)` whether a word is
    /// offered by some word of the other language. The word keys are computed again here rather
    /// than kept from featurization: at four bytes a word they would be the largest part of the
    /// aligner's memory until this point.
    pub fn set_lexical(
        &mut self,
        sentences: &[Sentence],
        keys: impl Fn(&[u32]) -> Vec<u32> + Sync,
        asked: impl Fn(u32) -> bool + Sync,
    ) {
        let mut lexical_keys = Lists::default();
        let mut lexical_mask = Vec::with_capacity(self.len());
        let mut lexical_items = Lists::default();
        let n = self.len();
        for start in (0..n).step_by(FEATURIZE_CHUNK) {
            let end = (start + FEATURIZE_CHUNK).min(n);
            let filled: Vec<(Vec<u16>, Vec<u16>)> = (start..end)
                .into_par_iter()
                .map(|i| {
                    let words = word_keys(sentences[i].text);
                    let mut k: Vec<u16> = keys(&words).into_iter().map(fingerprint).collect();
                    k.sort_unstable();
                    k.dedup();
                    let mut items: Vec<u16> = words
                        .iter()
                        .copied()
                        .filter(|&w| asked(w))
                        .map(fingerprint)
                        .collect();
                    items.sort_unstable();
                    (k, items)
                })
                .collect();
            for (i, (k, items)) in (start..end).zip(filled) {
                lexical_keys.push(&k);
                lexical_mask.push(k.iter().fold(0u128, |m, &x| m | 1 << (x % 128)));
                lexical_items.push(&items);
                self.counts[i][LEXICAL] = items.len().min(usize::from(u16::MAX)) as u16;
            }
        }
        self.lexical_keys = lexical_keys;
        self.lexical_mask = lexical_mask;
        self.lexical_items = lexical_items;
    }

    /// How many of `items` (sorted, with repeats) sentence `j` offers in the lexical channel.
    #[inline]
    fn offered_lexical(&self, j: usize, items: &[u16]) -> u32 {
        let (mask, keys) = (self.lexical_mask[j], self.lexical_keys.get(j));
        items
            .iter()
            .filter(|&&x| mask >> (x % 128) & 1 == 1 && keys.binary_search(&x).is_ok())
            .count() as u32
    }

    /// How many sentences offer each lexical key, indexed by fingerprint.
    pub fn lexical_key_frequency(&self) -> Vec<u32> {
        let mut frequency = vec![0u32; 1 << 16];
        for i in 0..self.len() {
            // Keys are sorted and unique within a sentence.
            for &k in self.lexical_keys.get(i) {
                frequency[usize::from(k)] += 1;
            }
        }
        frequency
    }

    /// Moves the lexical items that fewer sentences of the other side offer than the median
    /// item (`other_frequency`, from [`SideFeatures::lexical_key_frequency`]) to the
    /// [`RARE_LEXICAL`] channel.
    pub fn split_rare_lexical(&mut self, other_frequency: &[u32]) {
        let mut all: Vec<u32> = self
            .lexical_items
            .data
            .iter()
            .map(|&x| other_frequency[usize::from(x)])
            .collect();
        if all.is_empty() {
            return;
        }
        let mid = all.len() / 2;
        let median = *all.select_nth_unstable(mid).1;
        let (mut common, mut rare) = (Lists::default(), Lists::default());
        let (mut c, mut r) = (Vec::new(), Vec::new());
        for i in 0..self.len() {
            c.clear();
            r.clear();
            for &x in self.lexical_items.get(i) {
                if other_frequency[usize::from(x)] < median {
                    r.push(x);
                } else {
                    c.push(x);
                }
            }
            common.push(&c);
            rare.push(&r);
            self.counts[i][LEXICAL] = c.len().min(usize::from(u16::MAX)) as u16;
            self.counts[i][RARE_LEXICAL] = r.len().min(usize::from(u16::MAX)) as u16;
        }
        self.lexical_items = common;
        self.rare_lexical_items = rare;
    }
}

/// 32-bit FNV-1a of a string under a channel salt, lowercased on the fly.
pub(crate) fn hash_word(salt: u32, word: &str) -> u32 {
    hash_chars(salt, word.chars())
}

fn hash_chars(salt: u32, chars: impl Iterator<Item = char>) -> u32 {
    let mut h: u32 = 0x811c_9dc5 ^ salt.wrapping_mul(0x0100_0193);
    let mut buf = [0u8; 4];
    let mut eat = |c: char| {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    for c in chars {
        if c.is_ascii() {
            eat(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut eat);
        }
    }
    h
}

/// The lexicon keys of a text's words, in order.
pub(crate) fn word_keys(text: &str) -> Vec<u32> {
    words(text).map(word_key).collect()
}

/// The key of a word in the lexicon. Arabic-script words are taken without the article and the
/// clitics before it, and with the spellings writers mix normalized (hamza seats on alif, tā'
/// marbūṭa, alif maqṣūra, tatweel, vowel signs): `والألغام`, `الالغام` and `ألغام` are one word,
/// as `mines` is, so that the lexicon learns one translation instead of several rare ones.
pub(crate) fn word_key(word: &str) -> u32 {
    match arabic_stem(word) {
        Some(stem) => hash_chars(LEXICAL as u32, stem.chars().filter_map(normal_arabic)),
        None => hash_word(LEXICAL as u32, word),
    }
}

/// The letter an Arabic spelling variant stands for, `None` for marks that carry no letter.
fn normal_arabic(c: char) -> Option<char> {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ة' => Some('ه'),
        'ى' => Some('ي'),
        'ـ' | '\u{64B}'..='\u{652}' | '\u{670}' => None,
        _ => Some(c),
    }
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
    // The range test first: it is cheap, and most non-ASCII letters fail it.
    c.is_ascii_alphabetic() || (('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic())
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

/// One sentence's features before they are stored flat.
struct Featurized {
    length: f64,
    punctuation: u8,
    number_keys: Vec<u32>,
    number_items: Vec<u32>,
    numbers: usize,
    cognates: Vec<u16>,
    latin_letters: usize,
    letters: usize,
}

/// A sentence's length for the length model: its characters other than white space.
pub(crate) fn length(text: &str) -> f64 {
    text.chars().filter(|c| !c.is_whitespace()).count() as f64
}

fn featurize(sentence: &Sentence, lang: &str) -> Featurized {
    let text = sentence.text;
    let length = length(text);

    // Numbers: every reading of a digit-written number is an alternative; numbers in words or
    // numerals are keys only, so that they confirm a match but are never asked for.
    let mentions = numbers::find_numbers(text, lang);
    let (mut number_keys, mut number_items, mut numbers) = (Vec::new(), Vec::new(), 0);
    for m in &mentions {
        let start = number_keys.len();
        number_keys.extend(m.values.iter().map(|v| hash_word(NUMBERS as u32, v)));
        if m.in_digits() {
            number_items.push((number_keys.len() - start) as u32);
            number_items.extend_from_slice(&number_keys[start..]);
            numbers += 1;
        }
    }
    let number_keys = sorted_unique(number_keys);

    let punctuation = text
        .chars()
        .filter_map(punctuation_class)
        .fold(0u8, |mask, class| mask | (1 << class));

    let mut cognates = Vec::new();
    let (mut latin_letters, mut letters) = (0, 0);
    for w in words(text) {
        let (count, latin) = w.chars().fold((0, 0), |(n, l), c| {
            (n + 1, l + usize::from(is_latin_letter(c)))
        });
        latin_letters += latin;
        letters += count;
        if count >= COGNATE_PREFIX && latin == count {
            let end = w
                .char_indices()
                .nth(COGNATE_PREFIX)
                .map_or(w.len(), |(i, _)| i);
            cognates.push(fingerprint(hash_word(COGNATES as u32, &w[..end])));
        }
    }
    cognates.sort_unstable();

    Featurized {
        length,
        punctuation,
        number_keys,
        number_items,
        numbers,
        cognates,
        latin_letters,
        letters,
    }
}

/// A text's name skeletons: those its capitalized Latin-script words ask for, sorted with
/// repeats, and those its Arabic-script words offer, with and without their clitics, sorted.
fn skeletons(text: &str) -> (Vec<u16>, Vec<u16>) {
    let (mut asked, mut offered) = (Vec::new(), Vec::new());
    for w in words(text) {
        if w.chars().any(is_latin_letter) {
            if w.starts_with(char::is_uppercase) {
                asked.extend(skeleton(w));
            }
        } else if let Some(bare) = arabic_stem(w) {
            offered.extend(skeleton(bare));
            offered.extend(skeleton(w));
        }
    }
    asked.sort_unstable();
    offered.sort_unstable();
    offered.dedup();
    (asked, offered)
}

/// The consonant class of a letter, for comparing names across scripts; `None` for vowels and
/// the letters transliterations drop or disagree on (`h`, `w`, `y`, `ع`, `ا`, `و`, `ي` ...).
/// Classes are coarse (`t`/`d`, `s`/`z`, `k`/`q`/`g`/`j`) because transliteration conventions
/// are: `ج` is `j` in Jakarta and `g` in Egyptian names, `ذ` is `z` in Azerbaijan and `dh`
/// elsewhere.
fn consonant_class(c: char) -> Option<u8> {
    Some(match c.to_ascii_lowercase() {
        'b' | 'p' | 'ب' | 'پ' => b'B',
        'f' | 'v' | 'ف' | 'ڤ' => b'F',
        't' | 'd' | 'ت' | 'ط' | 'د' | 'ض' | 'ث' => b'T',
        'k' | 'q' | 'c' | 'g' | 'j' | 'x' | 'ك' | 'ق' | 'غ' | 'خ' | 'ج' | 'گ' | 'چ' => b'K',
        's' | 'z' | 'س' | 'ص' | 'ز' | 'ش' | 'ذ' | 'ظ' | 'ژ' => b'S',
        'l' | 'ل' => b'L',
        'm' | 'م' => b'M',
        'n' | 'ن' => b'N',
        'r' | 'ر' => b'R',
        _ => return None,
    })
}

/// The fingerprint of a word's first [`SKELETON_CLASSES`] consonant classes, repeats
/// collapsed (`Karabakh`: `K R B`); `None` for a word with fewer.
fn skeleton(word: &str) -> Option<u16> {
    let mut classes = [0u8; SKELETON_CLASSES];
    let mut n = 0;
    for class in word.chars().filter_map(consonant_class) {
        if n > 0 && classes[n - 1] == class {
            continue;
        }
        classes[n] = class;
        n += 1;
        if n == SKELETON_CLASSES {
            let text = std::str::from_utf8(&classes).expect("ASCII classes");
            return Some(fingerprint(hash_word(TRANSLITERATION as u32, text)));
        }
    }
    None
}

/// An Arabic-script word without the article and the one-letter clitics written before it
/// (`والأذربيجانية` → `أذربيجانية`), or the word itself when nothing is attached; `None` for a
/// word in another script. The skeleton of the whole word is offered too, since a word may
/// begin with the same letters as a clitic.
fn arabic_stem(word: &str) -> Option<&str> {
    if !word.starts_with(|c: char| ('\u{600}'..='\u{6FF}').contains(&c)) {
        return None;
    }
    let rest = ["وال", "فال", "بال", "كال", "لل", "ال"]
        .iter()
        .find_map(|p| word.strip_prefix(p))
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(word);
    Some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Sentence<'_> {
        Sentence { text, paragraph: 0 }
    }

    #[test]
    fn numbers_match_across_scripts_and_notations() {
        let side = SideFeatures::new(
            &[
                s("دمرت أكثر من 000 48 لغم و ٢٢٫٥ في المئة"),
                s("48,000 mines and 22.5 per cent"),
            ],
            "",
        );
        assert_eq!(side.items(0)[NUMBERS], 2);
        assert_eq!(side.covered(NUMBERS, 1, &side, 0), 2);
        assert_eq!(side.covered(NUMBERS, 0, &side, 1), 2);
    }

    #[test]
    fn numbers_in_words_and_numerals_confirm_digits_in_their_language() {
        let ar = SideFeatures::new(&[s("المادة 1"), s("المادة 2")], "ar");
        let zh = SideFeatures::new(&[s("第一条"), s("第二条")], "zh");
        assert_eq!(ar.covered(NUMBERS, 0, &zh, 0), 1);
        assert_eq!(ar.covered(NUMBERS, 1, &zh, 1), 1);
        assert_eq!(ar.covered(NUMBERS, 0, &zh, 1), 0);
        // Read as another language, the numerals are no numbers.
        let other = SideFeatures::new(&[s("第一条")], "");
        assert_eq!(ar.covered(NUMBERS, 0, &other, 0), 0);
    }

    #[test]
    fn question_marks_are_one_class() {
        let side = SideFeatures::new(&[s("لماذا؟"), s("Why?"), s("Because.")], "");
        assert_eq!(side.covered(PUNCTUATION, 1, &side, 0), 1);
        assert_eq!(side.covered(PUNCTUATION, 2, &side, 0), 0);
    }

    #[test]
    fn cognates_compare_prefixes_of_latin_words() {
        let side = SideFeatures::new(
            &[
                s("Die Regierung von Karabach"),
                s("Le gouvernement du Karabakh"),
            ],
            "",
        );
        assert_eq!(side.covered(COGNATES, 1, &side, 0), 1);
    }

    #[test]
    fn lexical_channel_counts_offered_words() {
        let sentences = [s("maison bleue"), s("blue house house")];
        let mut side = SideFeatures::new(&sentences, "");
        let h = word_key;
        let (maison, house) = (h("maison"), h("house"));
        side.set_lexical(
            &sentences,
            |words| {
                if words.contains(&maison) {
                    vec![house]
                } else {
                    Vec::new()
                }
            },
            |w| w == house,
        );
        assert_eq!(side.items(1)[LEXICAL], 2);
        assert_eq!(side.covered(LEXICAL, 1, &side, 0), 2);
        assert_eq!(side.covered(LEXICAL, 0, &side, 1), 0);
    }

    #[test]
    fn a_word_two_sentences_offer_is_covered_once() {
        let side = SideFeatures::new(
            &[s("Karabach"), s("Karabakh est loin"), s("Karabakh aussi")],
            "",
        );
        assert_eq!(side.covered(COGNATES, 0, &side, 1), 1);
        assert_eq!(side.covered(COGNATES, 0, &side, 2), 1);
        assert_eq!(side.covered_by_any(COGNATES, 0, &side, 1..3), 1);
        assert_eq!(side.covered_by_any(PUNCTUATION, 0, &side, 1..3), 0);
    }

    #[test]
    fn names_match_across_scripts_by_consonant_skeleton() {
        let sentences = [
            s("أعلنت السلطات الأذربيجانية في جاكرتا عن منطقة كاراباخ والجيش الأرمني"),
            s("JAKARTA - Azerbaijani authorities in the Karabakh region and the Armenian army"),
            s("Officials in Paris said nothing"),
        ];
        let mut side = SideFeatures::new(&sentences, "");
        assert_eq!(side.items(1)[TRANSLITERATION], 0);
        side.add_transliteration(&sentences);
        // Lowercase Latin words are not names and ask for nothing; Arabic words only offer.
        assert_eq!(side.items(1)[TRANSLITERATION], 4);
        assert_eq!(side.items(0)[TRANSLITERATION], 0);
        // Jakarta, Azerbaijani, Karabakh, Armenian; `Officials` and `Paris` find nothing.
        assert_eq!(side.covered(TRANSLITERATION, 1, &side, 0), 4);
        assert_eq!(side.covered(TRANSLITERATION, 2, &side, 0), 0);
    }

    #[test]
    fn lexical_items_split_by_how_many_sentences_offer_them() {
        let sentences = [s("the house the"), s("the garden")];
        let mut side = SideFeatures::new(&sentences, "");
        side.set_lexical(&sentences, |_| Vec::new(), |_| true);
        let mut frequency = vec![0u32; 1 << 16];
        for (word, n) in [("the", 40), ("house", 1), ("garden", 2)] {
            frequency[usize::from(fingerprint(word_key(word)))] = n;
        }
        side.split_rare_lexical(&frequency);
        // The median item is `the` (40): rarer words move to their own channel.
        assert_eq!(side.items(0)[LEXICAL], 2);
        assert_eq!(side.items(0)[RARE_LEXICAL], 1);
        assert_eq!(side.items(1)[LEXICAL], 1);
        assert_eq!(side.items(1)[RARE_LEXICAL], 1);
    }

    #[test]
    fn arabic_words_are_one_lexicon_key_across_clitics_and_spellings() {
        assert_eq!(word_key("والألغام"), word_key("ألغام"));
        assert_eq!(word_key("الالغام"), word_key("ألغام"));
        assert_eq!(word_key("مدرسة"), word_key("المدرسه"));
        assert_ne!(word_key("ألغام"), word_key("أعلام"));
        assert_eq!(word_key("Mines"), word_key("mines"));
    }

    #[test]
    fn paragraph_starts_and_lengths() {
        let side = SideFeatures::new(
            &[
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
            ],
            "",
        );
        assert_eq!(side.paragraph_start, vec![true, false, true]);
        assert_eq!(side.lengths, vec![2.0, 2.0, 1.0]);
    }
}
