//! Numbers written as words, language by language: cardinals and ordinals (`seven`, `premier`,
//! `dreißigste`, `двадцать первая`, `yirmi birinci`, `بیست و یکم`, `پہلا`, `الحادي عشر`),
//! month names (`August`, `أغسطس`, `ژوئن`), and the compounds a heading number needs (up to
//! ninety-nine in every language).
//!
//! Each language has one table, built once, whose keys are normalized the way words are looked
//! up ([`normalize_into`]): lower case, Arabic-script letters folded to one form (Arabic and
//! Persian yeh and kaf, Urdu heh, hamza on alef), vowel signs, tatweel and zero-width joiners
//! removed. What this file does not do: multiply (`three hundred`), read fractions, or read a
//! language it has no table for.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{Certainty, Language, NumberMention, is_letter};

/// What a word is in a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A number on its own (`seven`, `premier`).
    Number,
    /// A number only as the first part of a compound (Arabic `أحد` in `أحد عشر`, eleven).
    CompoundOnly,
    /// A month name: its number, so that `August 2013` matches `2013年8月`.
    Month,
    /// A word that with the ordinal after it names a month (Arabic `تشرين الأول`, October):
    /// the months it makes with a first and a second, or none (a month of the Hijri calendar,
    /// `ربيع الأول`, which is no Gregorian month and no number).
    MonthBefore([Option<u32>; 2]),
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    value: u32,
    certainty: Certainty,
    kind: Kind,
}

type Table = HashMap<String, Entry>;

/// Lower case, without the marks and joiners that do not change a word, with the letters that
/// Arabic, Persian and Urdu texts write in several ways folded to one; appended to `out`.
fn normalize_into(word: &str, lang: Language, out: &mut String) {
    for c in word.chars() {
        match c {
            '\u{64B}'..='\u{65F}' | '\u{670}' | '\u{640}' | '\u{200C}' | '\u{200D}' => {}
            '\u{591}'..='\u{5C7}' => {}
            'ي' | 'ى' => out.push('ی'),
            'ك' => out.push('ک'),
            'ہ' | 'ە' | 'ۀ' => out.push('ه'),
            'ۃ' => out.push('ة'),
            'أ' | 'إ' | 'ٱ' => out.push('ا'),
            // Turkish dotted and dotless i.
            'I' if lang == Language::Turkish => out.push('ı'),
            'İ' => out.push('i'),
            // Scripts without case, asked first: the case tables are the cost of this loop.
            '\u{590}'..='\u{6FF}' => out.push(c),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c if c.is_uppercase() => out.extend(c.to_lowercase()),
            c => out.push(c),
        }
    }
}

/// Characters of a word: letters, and the marks and joiners inside Arabic-script and Hebrew
/// words (`سی‌ام` is one word).
fn is_word_char(c: char) -> bool {
    is_letter(c)
        || matches!(
            c,
            '\u{200C}' | '\u{200D}' | '\u{64B}'..='\u{65F}' | '\u{670}'
        )
        || ('\u{591}'..='\u{5BD}').contains(&c)
        || matches!(
            c,
            '\u{5BF}' | '\u{5C1}' | '\u{5C2}' | '\u{5C4}' | '\u{5C5}' | '\u{5C7}'
        )
}

struct Builder {
    lang: Language,
    table: Table,
    key: String,
}

impl Builder {
    fn add(&mut self, word: &str, value: u32, certainty: Certainty, kind: Kind) {
        self.key.clear();
        normalize_into(word, self.lang, &mut self.key);
        self.table.insert(
            self.key.clone(),
            Entry {
                value,
                certainty,
                kind,
            },
        );
    }

    /// Words that are numbers wherever they stand.
    fn words(&mut self, words: &[(&str, u32)]) {
        for &(w, v) in words {
            self.add(w, v, Certainty::Word, Kind::Number);
        }
    }

    /// Words that are more often something else (`un` the article, `second` the unit of time).
    fn ambiguous(&mut self, words: &[(&str, u32)]) {
        for &(w, v) in words {
            self.add(w, v, Certainty::Ambiguous, Kind::Number);
        }
    }

    /// The twelve month names, January first; several spellings of a month separated by `|`.
    fn months(&mut self, names: [&str; 12]) {
        for (i, spellings) in names.iter().enumerate() {
            for w in spellings.split('|') {
                self.add(w, i as u32 + 1, Certainty::Word, Kind::Month);
            }
        }
    }

    /// Ordinals made of a stem and an ending (`erst` + `e`, `перв` + `ая`).
    fn stems(&mut self, stems: &[(&str, u32)], endings: &[&str]) {
        for &(stem, v) in stems {
            for end in endings {
                self.add(&format!("{stem}{end}"), v, Certainty::Word, Kind::Number);
            }
        }
    }
}

/// The tens of `words` combined with their units into single words, as German
/// (`einundzwanzig`), Turkish (`yirmibir`) and Persian with its joiner removed (`بیستویکم`)
/// write them: `unit_first` puts the unit first, `joiner` goes between.
fn one_word_compounds(
    b: &mut Builder,
    tens: &[(&str, u32)],
    units: &[(&str, u32)],
    joiner: &str,
    unit_first: bool,
) {
    for &(t, tv) in tens {
        for &(u, uv) in units {
            let w = if unit_first {
                format!("{u}{joiner}{t}")
            } else {
                format!("{t}{joiner}{u}")
            };
            b.add(&w, tv + uv, Certainty::Word, Kind::Number);
        }
    }
}

const EN_CARDINALS: &[(&str, u32)] = &[
    ("zero", 0),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
    ("thousand", 1000),
];

fn english(b: &mut Builder) {
    b.words(EN_CARDINALS);
    b.ambiguous(&[("one", 1), ("second", 2)]);
    b.words(&[
        ("first", 1),
        ("third", 3),
        ("fourth", 4),
        ("fifth", 5),
        ("sixth", 6),
        ("seventh", 7),
        ("eighth", 8),
        ("ninth", 9),
        ("tenth", 10),
        ("eleventh", 11),
        ("twelfth", 12),
        ("thirteenth", 13),
        ("fourteenth", 14),
        ("fifteenth", 15),
        ("sixteenth", 16),
        ("seventeenth", 17),
        ("eighteenth", 18),
        ("nineteenth", 19),
        ("twentieth", 20),
        ("thirtieth", 30),
        ("fortieth", 40),
        ("fiftieth", 50),
        ("sixtieth", 60),
        ("seventieth", 70),
        ("eightieth", 80),
        ("ninetieth", 90),
        ("hundredth", 100),
    ]);
    b.months([
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]);
}

fn french(b: &mut Builder) {
    b.ambiguous(&[
        ("un", 1),
        ("une", 1),
        ("neuf", 9),
        ("second", 2),
        ("seconde", 2),
        ("seconds", 2),
        ("secondes", 2),
    ]);
    b.words(&[
        ("zéro", 0),
        ("deux", 2),
        ("trois", 3),
        ("quatre", 4),
        ("cinq", 5),
        ("six", 6),
        ("sept", 7),
        ("huit", 8),
        ("dix", 10),
        ("onze", 11),
        ("douze", 12),
        ("treize", 13),
        ("quatorze", 14),
        ("quinze", 15),
        ("seize", 16),
        ("vingt", 20),
        ("trente", 30),
        ("quarante", 40),
        ("cinquante", 50),
        ("soixante", 60),
        ("cent", 100),
        ("mille", 1000),
        ("premier", 1),
        ("première", 1),
        ("premiers", 1),
        ("premières", 1),
        ("unième", 1),
    ]);
    let ordinals = [
        ("deuxième", 2),
        ("troisième", 3),
        ("quatrième", 4),
        ("cinquième", 5),
        ("sixième", 6),
        ("septième", 7),
        ("huitième", 8),
        ("neuvième", 9),
        ("dixième", 10),
        ("onzième", 11),
        ("douzième", 12),
        ("treizième", 13),
        ("quatorzième", 14),
        ("quinzième", 15),
        ("seizième", 16),
        ("vingtième", 20),
        ("trentième", 30),
        ("quarantième", 40),
        ("cinquantième", 50),
        ("soixantième", 60),
        ("centième", 100),
        ("millième", 1000),
    ];
    b.words(&ordinals);
    for (w, v) in ordinals {
        b.add(&format!("{w}s"), v, Certainty::Word, Kind::Number);
    }
    b.months([
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]);
}

fn spanish(b: &mut Builder) {
    b.ambiguous(&[("un", 1), ("uno", 1), ("una", 1)]);
    b.words(&[
        ("cero", 0),
        ("dos", 2),
        ("tres", 3),
        ("cuatro", 4),
        ("cinco", 5),
        ("seis", 6),
        ("siete", 7),
        ("ocho", 8),
        ("nueve", 9),
        ("diez", 10),
        ("once", 11),
        ("doce", 12),
        ("trece", 13),
        ("catorce", 14),
        ("quince", 15),
        ("dieciséis", 16),
        ("diecisiete", 17),
        ("dieciocho", 18),
        ("diecinueve", 19),
        ("veinte", 20),
        ("veintiuno", 21),
        ("veintiuna", 21),
        ("veintiún", 21),
        ("veintidós", 22),
        ("veintitrés", 23),
        ("veinticuatro", 24),
        ("veinticinco", 25),
        ("veintiséis", 26),
        ("veintisiete", 27),
        ("veintiocho", 28),
        ("veintinueve", 29),
        ("treinta", 30),
        ("cuarenta", 40),
        ("cincuenta", 50),
        ("sesenta", 60),
        ("setenta", 70),
        ("ochenta", 80),
        ("noventa", 90),
        ("cien", 100),
        ("ciento", 100),
        ("mil", 1000),
        ("primer", 1),
        ("tercer", 3),
        ("decimotercer", 13),
        ("decimoprimer", 11),
    ]);
    b.stems(
        &[
            ("primer", 1),
            ("tercer", 3),
            ("quint", 5),
            ("sext", 6),
            ("séptim", 7),
            ("octav", 8),
            ("noven", 9),
            ("décim", 10),
            ("undécim", 11),
            ("duodécim", 12),
            ("decimoprimer", 11),
            ("decimosegund", 12),
            ("decimotercer", 13),
            ("decimocuart", 14),
            ("decimoquint", 15),
            ("decimosext", 16),
            ("decimoséptim", 17),
            ("decimoctav", 18),
            ("decimonoven", 19),
            ("vigésim", 20),
            ("trigésim", 30),
            ("cuadragésim", 40),
            ("quincuagésim", 50),
        ],
        &["o", "a", "os", "as"],
    );
    // `segundo` is also the unit of time, `cuarto` a room and a quarter.
    for (stem, v) in [("segund", 2), ("cuart", 4)] {
        for end in ["o", "a", "os", "as"] {
            b.add(
                &format!("{stem}{end}"),
                v,
                Certainty::Ambiguous,
                Kind::Number,
            );
        }
    }
    b.months([
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre|setiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ]);
}

fn german(b: &mut Builder) {
    b.ambiguous(&[
        ("ein", 1),
        ("eine", 1),
        ("einen", 1),
        ("einem", 1),
        ("einer", 1),
        ("eines", 1),
    ]);
    let units = [
        ("ein", 1),
        ("zwei", 2),
        ("drei", 3),
        ("vier", 4),
        ("fünf", 5),
        ("sechs", 6),
        ("sieben", 7),
        ("acht", 8),
        ("neun", 9),
    ];
    let tens = [
        ("zwanzig", 20),
        ("dreißig", 30),
        ("vierzig", 40),
        ("fünfzig", 50),
        ("sechzig", 60),
        ("siebzig", 70),
        ("achtzig", 80),
        ("neunzig", 90),
    ];
    b.words(&units[1..]);
    b.words(&tens);
    b.words(&[
        ("null", 0),
        ("eins", 1),
        ("zwo", 2),
        ("zehn", 10),
        ("elf", 11),
        ("zwölf", 12),
        ("dreizehn", 13),
        ("vierzehn", 14),
        ("fünfzehn", 15),
        ("sechzehn", 16),
        ("siebzehn", 17),
        ("achtzehn", 18),
        ("neunzehn", 19),
        ("hundert", 100),
        ("tausend", 1000),
    ]);
    one_word_compounds(b, &tens, &units, "und", true);
    let endings = ["e", "er", "en", "em", "es"];
    b.stems(
        &[
            ("erst", 1),
            ("zweit", 2),
            ("dritt", 3),
            ("viert", 4),
            ("fünft", 5),
            ("sechst", 6),
            ("siebt", 7),
            ("siebent", 7),
            ("acht", 8),
            ("neunt", 9),
            ("zehnt", 10),
            ("elft", 11),
            ("zwölft", 12),
            ("dreizehnt", 13),
            ("vierzehnt", 14),
            ("fünfzehnt", 15),
            ("sechzehnt", 16),
            ("siebzehnt", 17),
            ("achtzehnt", 18),
            ("neunzehnt", 19),
            ("hundertst", 100),
            ("tausendst", 1000),
        ],
        &endings,
    );
    for (t, tv) in tens {
        for end in endings {
            b.add(&format!("{t}st{end}"), tv, Certainty::Word, Kind::Number);
            for (u, uv) in units {
                b.add(
                    &format!("{u}und{t}st{end}"),
                    tv + uv,
                    Certainty::Word,
                    Kind::Number,
                );
            }
        }
    }
    b.months([
        "januar|jänner",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ]);
}

fn russian(b: &mut Builder) {
    b.ambiguous(&[
        ("один", 1),
        ("одна", 1),
        ("одно", 1),
        ("одного", 1),
        ("одной", 1),
        ("одному", 1),
        ("одним", 1),
        ("одном", 1),
        ("одну", 1),
    ]);
    b.words(&[
        ("ноль", 0),
        ("нуль", 0),
        ("два", 2),
        ("две", 2),
        ("двух", 2),
        ("три", 3),
        ("трёх", 3),
        ("трех", 3),
        ("четыре", 4),
        ("четырёх", 4),
        ("четырех", 4),
        ("сорок", 40),
        ("сорока", 40),
        ("пятьдесят", 50),
        ("шестьдесят", 60),
        ("семьдесят", 70),
        ("восемьдесят", 80),
        ("девяносто", 90),
        ("сто", 100),
        ("тысяча", 1000),
    ]);
    // Nominative in `-ь`, genitive, dative and prepositional in `-и`.
    for (w, v) in [
        ("пять", 5),
        ("шесть", 6),
        ("семь", 7),
        ("восемь", 8),
        ("девять", 9),
        ("десять", 10),
        ("одиннадцать", 11),
        ("двенадцать", 12),
        ("тринадцать", 13),
        ("четырнадцать", 14),
        ("пятнадцать", 15),
        ("шестнадцать", 16),
        ("семнадцать", 17),
        ("восемнадцать", 18),
        ("девятнадцать", 19),
        ("двадцать", 20),
        ("тридцать", 30),
    ] {
        b.words(&[(w, v)]);
        let stem = w.strip_suffix('ь').unwrap_or(w);
        b.add(&format!("{stem}и"), v, Certainty::Word, Kind::Number);
    }
    b.add("восьми", 8, Certainty::Word, Kind::Number);
    b.stems(
        &[
            ("перв", 1),
            ("втор", 2),
            ("четвёрт", 4),
            ("четверт", 4),
            ("пят", 5),
            ("шест", 6),
            ("седьм", 7),
            ("восьм", 8),
            ("девят", 9),
            ("десят", 10),
            ("одиннадцат", 11),
            ("двенадцат", 12),
            ("тринадцат", 13),
            ("четырнадцат", 14),
            ("пятнадцат", 15),
            ("шестнадцат", 16),
            ("семнадцат", 17),
            ("восемнадцат", 18),
            ("девятнадцат", 19),
            ("двадцат", 20),
            ("тридцат", 30),
            ("сороков", 40),
            ("пятидесят", 50),
            ("сот", 100),
        ],
        &[
            "ый", "ой", "ий", "ая", "ое", "ые", "ого", "ому", "ым", "ом", "ую", "ых", "ыми",
        ],
    );
    b.stems(
        &[("трет", 3)],
        &[
            "ий", "ья", "ье", "ьи", "ьего", "ьей", "ьему", "ьим", "ьем", "ью", "ьих", "ьими",
        ],
    );
    b.months([
        "январь|января|январе",
        "февраль|февраля|феврале",
        "март|марта|марте",
        "апрель|апреля|апреле",
        "май|мая|мае",
        "июнь|июня|июне",
        "июль|июля|июле",
        "август|августа|августе",
        "сентябрь|сентября|сентябре",
        "октябрь|октября|октябре",
        "ноябрь|ноября|ноябре",
        "декабрь|декабря|декабре",
    ]);
}

fn turkish(b: &mut Builder) {
    // `bir` is also the indefinite article, `altı` "its underside", `yedi` "ate", `bin` "ride".
    b.ambiguous(&[("bir", 1), ("altı", 6), ("yedi", 7), ("bin", 1000)]);
    let units = [
        ("bir", 1),
        ("iki", 2),
        ("üç", 3),
        ("dört", 4),
        ("beş", 5),
        ("altı", 6),
        ("yedi", 7),
        ("sekiz", 8),
        ("dokuz", 9),
    ];
    let tens = [
        ("on", 10),
        ("yirmi", 20),
        ("otuz", 30),
        ("kırk", 40),
        ("elli", 50),
        ("altmış", 60),
        ("yetmiş", 70),
        ("seksen", 80),
        ("doksan", 90),
    ];
    b.words(&[
        ("sıfır", 0),
        ("iki", 2),
        ("üç", 3),
        ("dört", 4),
        ("beş", 5),
        ("sekiz", 8),
        ("dokuz", 9),
        ("yüz", 100),
    ]);
    b.words(&tens);
    let unit_ordinals = [
        ("birinci", 1),
        ("ikinci", 2),
        ("üçüncü", 3),
        ("dördüncü", 4),
        ("beşinci", 5),
        ("altıncı", 6),
        ("yedinci", 7),
        ("sekizinci", 8),
        ("dokuzuncu", 9),
    ];
    let ten_ordinals = [
        ("onuncu", 10),
        ("yirminci", 20),
        ("otuzuncu", 30),
        ("kırkıncı", 40),
        ("ellinci", 50),
        ("altmışıncı", 60),
        ("yetmişinci", 70),
        ("sekseninci", 80),
        ("doksanıncı", 90),
        ("yüzüncü", 100),
        ("bininci", 1000),
    ];
    b.words(&unit_ordinals);
    b.words(&ten_ordinals);
    one_word_compounds(b, &tens, &units, "", false);
    one_word_compounds(b, &tens, &unit_ordinals, "", false);
    b.months([
        "ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim",
        "kasım", "aralık",
    ]);
}

fn persian(b: &mut Builder) {
    // `یک` is also the indefinite article, `نه` "no", `ده` "village", `مه` "fog".
    b.ambiguous(&[("یک", 1), ("نه", 9), ("ده", 10)]);
    let tens = [
        ("بیست", 20),
        ("سی", 30),
        ("چهل", 40),
        ("پنجاه", 50),
        ("شصت", 60),
        ("هفتاد", 70),
        ("هشتاد", 80),
        ("نود", 90),
    ];
    b.words(&tens);
    b.words(&[
        ("صفر", 0),
        ("دو", 2),
        ("سه", 3),
        ("چهار", 4),
        ("پنج", 5),
        ("شش", 6),
        ("هفت", 7),
        ("هشت", 8),
        ("یازده", 11),
        ("دوازده", 12),
        ("سیزده", 13),
        ("چهارده", 14),
        ("پانزده", 15),
        ("شانزده", 16),
        ("هفده", 17),
        ("هجده", 18),
        ("هیجده", 18),
        ("نوزده", 19),
        ("صد", 100),
        ("هزار", 1000),
        ("اول", 1),
        ("اولین", 1),
        ("نخست", 1),
        ("نخستین", 1),
    ]);
    let unit_ordinals = [
        ("یکم", 1),
        ("دوم", 2),
        ("سوم", 3),
        ("چهارم", 4),
        ("پنجم", 5),
        ("ششم", 6),
        ("هفتم", 7),
        ("هشتم", 8),
        ("نهم", 9),
    ];
    let other_ordinals = [
        ("دهم", 10),
        ("یازدهم", 11),
        ("دوازدهم", 12),
        ("سیزدهم", 13),
        ("چهاردهم", 14),
        ("پانزدهم", 15),
        ("شانزدهم", 16),
        ("هفدهم", 17),
        ("هجدهم", 18),
        ("هیجدهم", 18),
        ("نوزدهم", 19),
        ("بیستم", 20),
        ("سی‌ام", 30),
        ("چهلم", 40),
        ("پنجاهم", 50),
        ("شصتم", 60),
        ("هفتادم", 70),
        ("هشتادم", 80),
        ("نودم", 90),
        ("صدم", 100),
    ];
    for list in [&unit_ordinals[..], &other_ordinals[..]] {
        b.words(list);
        // `دومین`, `بیستمین`: the ordinal before its noun.
        for &(w, v) in list {
            b.add(&format!("{w}ین"), v, Certainty::Word, Kind::Number);
        }
    }
    // Written as one word once the joiner is removed: `بیست‌ویکم`.
    let units = [
        ("یک", 1),
        ("دو", 2),
        ("سه", 3),
        ("چهار", 4),
        ("پنج", 5),
        ("شش", 6),
        ("هفت", 7),
        ("هشت", 8),
        ("نه", 9),
    ];
    one_word_compounds(b, &tens, &units, "و", false);
    one_word_compounds(b, &tens, &unit_ordinals, "و", false);
    b.months([
        "ژانویه",
        "فوریه",
        "مارس",
        "آوریل",
        "مه",
        "ژوئن",
        "ژوئیه|جولای",
        "اوت|آگوست",
        "سپتامبر",
        "اکتبر",
        "نوامبر",
        "دسامبر",
    ]);
}

fn urdu(b: &mut Builder) {
    // `ایک` is also the indefinite article, `دو` "give", `نو` "new", `سو` "so", `پہلے` "before",
    // `دوسرے` "other", `چھٹی` "holiday".
    b.ambiguous(&[
        ("ایک", 1),
        ("دو", 2),
        ("نو", 9),
        ("سو", 100),
        ("پہلے", 1),
        ("دوسری", 2),
        ("دوسرے", 2),
        ("چھٹی", 6),
    ]);
    // Urdu has a word of its own for every number to a hundred.
    let cardinals = [
        ("تین", 3),
        ("چار", 4),
        ("پانچ", 5),
        ("چھ", 6),
        ("سات", 7),
        ("آٹھ", 8),
        ("دس", 10),
        ("گیارہ", 11),
        ("بارہ", 12),
        ("تیرہ", 13),
        ("چودہ", 14),
        ("پندرہ", 15),
        ("سولہ", 16),
        ("سترہ", 17),
        ("اٹھارہ", 18),
        ("انیس", 19),
        ("بیس", 20),
        ("اکیس", 21),
        ("بائیس", 22),
        ("تئیس", 23),
        ("تیئس", 23),
        ("چوبیس", 24),
        ("پچیس", 25),
        ("چھبیس", 26),
        ("ستائیس", 27),
        ("اٹھائیس", 28),
        ("انتیس", 29),
        ("تیس", 30),
        ("چالیس", 40),
        ("پچاس", 50),
        ("ساٹھ", 60),
        ("ستر", 70),
        ("اسی", 80),
        ("نوے", 90),
        ("ہزار", 1000),
    ];
    b.words(&cardinals);
    b.words(&[
        ("صفر", 0),
        ("اول", 1),
        ("پہلا", 1),
        ("پہلی", 1),
        ("دوسرا", 2),
        ("تیسرا", 3),
        ("تیسری", 3),
        ("تیسرے", 3),
        ("چوتھا", 4),
        ("چوتھی", 4),
        ("چوتھے", 4),
        ("چھٹا", 6),
        ("چھٹے", 6),
        ("نواں", 9),
        ("نویں", 9),
    ]);
    // From the fifth on, the cardinal and `واں` (`ویں` before a feminine or oblique noun).
    for &(w, v) in &cardinals {
        if v >= 5 {
            for end in ["واں", "ویں"] {
                b.add(&format!("{w}{end}"), v, Certainty::Word, Kind::Number);
            }
        }
    }
    b.months([
        "جنوری",
        "فروری",
        "مارچ",
        "اپریل",
        "مئی",
        "جون",
        "جولائی",
        "اگست",
        "ستمبر",
        "اکتوبر",
        "نومبر",
        "دسمبر",
    ]);
}

fn arabic(b: &mut Builder) {
    b.words(&[
        ("واحد", 1),
        ("واحدة", 1),
        ("اثنان", 2),
        ("اثنين", 2),
        ("اثنتان", 2),
        ("اثنتين", 2),
        ("ثلاث", 3),
        ("ثلاثة", 3),
        ("أربع", 4),
        ("أربعة", 4),
        ("خمس", 5),
        ("خمسة", 5),
        ("ست", 6),
        ("ستة", 6),
        ("سبع", 7),
        ("سبعة", 7),
        ("ثمان", 8),
        ("ثماني", 8),
        ("ثمانية", 8),
        ("تسع", 9),
        ("تسعة", 9),
        ("عشر", 10),
        ("عشرة", 10),
        // The tens, nominative (`-ون`) and accusative or genitive (`-ين`).
        ("عشرون", 20),
        ("عشرين", 20),
        ("ثلاثون", 30),
        ("ثلاثين", 30),
        ("أربعون", 40),
        ("أربعين", 40),
        ("خمسون", 50),
        ("خمسين", 50),
        ("ستون", 60),
        ("ستين", 60),
        ("سبعون", 70),
        ("سبعين", 70),
        ("ثمانون", 80),
        ("ثمانين", 80),
        ("تسعون", 90),
        ("تسعين", 90),
        ("مئة", 100),
        ("مائة", 100),
        ("ألف", 1000),
        // Ordinals, masculine and feminine, and the adverbs of lists (`أولاً`, firstly).
        ("أول", 1),
        ("أولى", 1),
        ("أولا", 1),
        ("حادي", 1),
        ("حادية", 1),
        ("ثاني", 2),
        ("ثانية", 2),
        ("ثانيا", 2),
        ("ثالث", 3),
        ("ثالثة", 3),
        ("ثالثا", 3),
        ("رابع", 4),
        ("رابعة", 4),
        ("رابعا", 4),
        ("خامس", 5),
        ("خامسة", 5),
        ("خامسا", 5),
        ("سادس", 6),
        ("سادسة", 6),
        ("سادسا", 6),
        ("سابع", 7),
        ("سابعة", 7),
        ("سابعا", 7),
        ("ثامن", 8),
        ("ثامنة", 8),
        ("ثامنا", 8),
        ("تاسع", 9),
        ("تاسعة", 9),
        ("تاسعا", 9),
        ("عاشر", 10),
        ("عاشرة", 10),
        ("عاشرا", 10),
    ]);
    // The units of eleven and twelve, which stand only before `عشر`.
    for w in ["أحد", "إحدى"] {
        b.add(w, 1, Certainty::Word, Kind::CompoundOnly);
    }
    for w in ["اثنا", "اثني", "اثنتا", "اثنتي"] {
        b.add(w, 2, Certainty::Word, Kind::CompoundOnly);
    }
    b.months([
        "يناير|كانون",
        "فبراير|شباط",
        "مارس|آذار",
        "أبريل|نيسان",
        "مايو|أيار",
        "يونيو|يونيه|حزيران",
        "يوليو|يوليه|تموز",
        "أغسطس|آب",
        "سبتمبر|أيلول",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ]);
    // `كانون الثاني` is January and `كانون الأول` December; `تشرين الأول`, `تشرين الثاني` are
    // October and November; `ربيع الأول` and `جمادى الأولى` are Hijri months, not numbers.
    let before = |first, second| Kind::MonthBefore([first, second]);
    b.add("كانون", 0, Certainty::Word, before(Some(12), Some(1)));
    b.add("تشرين", 0, Certainty::Word, before(Some(10), Some(11)));
    b.add("ربيع", 0, Certainty::Word, before(None, None));
    b.add("جمادى", 0, Certainty::Word, before(None, None));
}

fn hebrew(b: &mut Builder) {
    // `אחד` is also "someone", `שני` "Monday" and "scarlet", `שש` "glad", `שבע` "sated",
    // `עשר` "rich".
    b.ambiguous(&[
        ("אחד", 1),
        ("אחת", 1),
        ("שני", 2),
        ("שתי", 2),
        ("שש", 6),
        ("שבע", 7),
        ("עשר", 10),
    ]);
    b.words(&[
        ("שניים", 2),
        ("שתיים", 2),
        ("שלושה", 3),
        ("שלוש", 3),
        ("ארבעה", 4),
        ("ארבע", 4),
        ("חמישה", 5),
        ("חמש", 5),
        ("שישה", 6),
        ("שבעה", 7),
        ("שמונה", 8),
        ("תשעה", 9),
        ("תשע", 9),
        ("עשרה", 10),
        ("עשרים", 20),
        ("שלושים", 30),
        ("ארבעים", 40),
        ("חמישים", 50),
        ("שישים", 60),
        ("שבעים", 70),
        ("שמונים", 80),
        ("תשעים", 90),
        ("מאה", 100),
        ("אלף", 1000),
        ("ראשון", 1),
        ("ראשונה", 1),
        ("שנייה", 2),
        ("שניה", 2),
        ("שלישי", 3),
        ("שלישית", 3),
        ("רביעי", 4),
        ("רביעית", 4),
        ("חמישי", 5),
        ("חמישית", 5),
        ("שישי", 6),
        ("שישית", 6),
        ("שביעי", 7),
        ("שביעית", 7),
        ("שמיני", 8),
        ("שמינית", 8),
        ("תשיעי", 9),
        ("תשיעית", 9),
        ("עשירי", 10),
        ("עשירית", 10),
    ]);
    b.months([
        "ינואר",
        "פברואר",
        "מרץ|מרס",
        "אפריל",
        "מאי",
        "יוני",
        "יולי",
        "אוגוסט",
        "ספטמבר",
        "אוקטובר",
        "נובמבר",
        "דצמבר",
    ]);
}

/// The table of `lang`, built on first use.
fn table(lang: Language) -> Option<&'static Table> {
    static TABLES: [OnceLock<Table>; Language::WITH_WORDS.len()] =
        [const { OnceLock::new() }; Language::WITH_WORDS.len()];
    let index = Language::WITH_WORDS.iter().position(|&l| l == lang)?;
    Some(TABLES[index].get_or_init(|| {
        let mut b = Builder {
            lang,
            table: Table::new(),
            key: String::new(),
        };
        match lang {
            Language::English => english(&mut b),
            Language::French => french(&mut b),
            Language::Spanish => spanish(&mut b),
            Language::German => german(&mut b),
            Language::Russian => russian(&mut b),
            Language::Turkish => turkish(&mut b),
            Language::Persian => persian(&mut b),
            Language::Urdu => urdu(&mut b),
            Language::Arabic => arabic(&mut b),
            Language::Hebrew => hebrew(&mut b),
            _ => {}
        }
        b.table
    }))
}

/// One-letter proclitics that Arabic and Hebrew write as part of the next word.
fn proclitic_strips(lang: Language) -> &'static [&'static str] {
    match lang {
        // With or without the conjunction, the article and a preposition.
        Language::Arabic => &[
            "و", "ال", "وال", "بال", "فال", "كال", "لل", "ولل", "ب", "ل", "وب", "ول",
        ],
        Language::Hebrew => &[
            "ו", "ה", "ב", "ל", "מ", "ש", "וה", "וב", "ול", "שה", "שב", "מה",
        ],
        _ => &[],
    }
}

/// Words joining the tens and the units of a compound (`vingt et un`, `treinta y uno`,
/// `بیست و یکم`, `واحد و عشرون`).
fn is_connector(lang: Language, word: &str) -> bool {
    match lang {
        Language::French => word == "et",
        Language::Spanish => word == "y",
        Language::Persian | Language::Arabic | Language::Urdu => word == "و",
        Language::English => word == "and",
        _ => false,
    }
}

/// Whether `gap`, the text between two words, keeps them in one number: spaces and hyphens.
fn joins(gap: &str) -> bool {
    !gap.is_empty()
        && gap
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{200C}'))
}

struct Word<'t> {
    start: usize,
    end: usize,
    text: &'t str,
    key: &'t str,
    entry: Option<Entry>,
}

fn lookup(table: &Table, lang: Language, key: &str) -> Option<Entry> {
    if let Some(e) = table.get(key) {
        return Some(*e);
    }
    proclitic_strips(lang)
        .iter()
        .filter_map(|p| key.strip_prefix(p))
        .filter(|rest| rest.chars().count() >= 2)
        .find_map(|rest| table.get(rest).copied())
}

/// Every number written in words in `text`, read as `lang` writes them.
pub(super) fn read(text: &str, lang: Language, out: &mut Vec<NumberMention>) {
    let Some(table) = table(lang) else {
        return;
    };
    // The words' keys, one after another: one allocation for the text, not one per word.
    let mut keys = String::with_capacity(text.len());
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if is_word_char(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            let from = keys.len();
            normalize_into(&text[s..i], lang, &mut keys);
            spans.push((s, i, from..keys.len()));
        }
    }
    let words: Vec<Word> = spans
        .into_iter()
        .map(|(start, end, key)| {
            let key = &keys[key];
            Word {
                start,
                end,
                text: &text[start..end],
                key,
                entry: lookup(table, lang, key),
            }
        })
        .collect();
    let mention = |start: usize, end: usize, value: u32, certainty| NumberMention {
        start,
        end,
        values: vec![value.to_string()],
        certainty,
    };
    let mut i = 0;
    while i < words.len() {
        let Some(entry) = words[i].entry else {
            i += 1;
            continue;
        };
        if let Some((value, last)) = compound(&words, i, text, lang) {
            out.push(mention(
                words[i].start,
                words[last].end,
                value,
                Certainty::Word,
            ));
            i = last + 1;
            continue;
        }
        match entry.kind {
            Kind::Number => out.push(mention(
                words[i].start,
                words[i].end,
                entry.value,
                entry.certainty,
            )),
            Kind::Month => {
                // English and Turkish capitalize month names; `may` and `march` are verbs.
                let capitalized = words[i].text.starts_with(char::is_uppercase);
                if capitalized || !matches!(lang, Language::English | Language::Turkish) {
                    out.push(mention(
                        words[i].start,
                        words[i].end,
                        entry.value,
                        Certainty::Word,
                    ));
                }
            }
            Kind::MonthBefore(months) => {
                let next = words
                    .get(i + 1)
                    .filter(|w| joins(&text[words[i].end..w.start]));
                let nth = next.and_then(|w| w.entry).map(|e| e.value);
                if let Some(n @ (1 | 2)) = nth {
                    if let Some(month) = months[n as usize - 1] {
                        out.push(mention(
                            words[i].start,
                            words[i + 1].end,
                            month,
                            Certainty::Word,
                        ));
                    }
                    i += 1;
                } else if entry.value != 0 {
                    out.push(mention(
                        words[i].start,
                        words[i].end,
                        entry.value,
                        entry.certainty,
                    ));
                }
            }
            Kind::CompoundOnly => {}
        }
        i += 1;
    }
}

/// A number of two or three words starting at word `i`: the tens and the units (`twenty-one`,
/// `vingt et un`, `yirmi birinci`, `بیست و یکم`), Arabic's units and tens (`الحادي والعشرون`)
/// and units and `عشر` (`ثمانية عشر`), French `soixante-dix` and `quatre-vingt`. Returns the
/// value and the last word.
fn compound(words: &[Word], i: usize, text: &str, lang: Language) -> Option<(u32, usize)> {
    let first = words[i].entry?;
    let next = |k: usize| -> Option<usize> {
        let mut j = k + 1;
        let w = words.get(j)?;
        if !joins(&text[words[k].end..w.start]) {
            return None;
        }
        if is_connector(lang, w.key) {
            j += 1;
            let after = words.get(j)?;
            if !joins(&text[w.end..after.start]) {
                return None;
            }
        }
        Some(j)
    };
    let value_at = |j: usize| {
        words[j]
            .entry
            .filter(|e| matches!(e.kind, Kind::Number | Kind::CompoundOnly))
            .map(|e| e.value)
    };
    if lang == Language::Arabic && (1..=9).contains(&first.value) {
        let j = next(i)?;
        let key = words[j].key.strip_prefix('و').unwrap_or(words[j].key);
        if matches!(key, "عشر" | "عشرة") {
            return Some((10 + first.value, j));
        }
        let tens = value_at(j)?;
        return ((20..=90).contains(&tens) && tens % 10 == 0).then_some((tens + first.value, j));
    }
    if first.kind != Kind::Number {
        return None;
    }
    let (base, last) = if lang == Language::French
        && first.value == 4
        && let Some(j) = next(i)
        && matches!(words[j].key, "vingt" | "vingts" | "vingtième")
    {
        (80, j)
    } else {
        (first.value, i)
    };
    let tens_like = base % 10 == 0
        && match base {
            10 => matches!(lang, Language::Turkish | Language::French),
            20..=90 => true,
            _ => false,
        };
    if !tens_like {
        return None;
    }
    // The units that may follow: French counts 70 and 90 as 60 + 10..19 and 80 + 10..19.
    let limit = match (lang, base) {
        (Language::French, 60 | 80) => 20,
        _ => 10,
    };
    let tail = next(last).and_then(|j| {
        let (unit, end) = compound(words, j, text, lang).or_else(|| value_at(j).map(|v| (v, j)))?;
        let fits =
            (1..limit).contains(&unit) && !(base == 10 && lang == Language::French && unit < 7);
        fits.then_some((base + unit, end))
    });
    // Persian writes thirtieth also as two words, `سی ام`.
    let ordinal_suffix = lang == Language::Persian
        && words
            .get(last + 1)
            .is_some_and(|w| w.key == "ام" && joins(&text[words[last].end..w.start]));
    match tail {
        Some(t) => Some(t),
        None if ordinal_suffix => Some((base, last + 1)),
        None if last > i => Some((base, last)),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str, lang: Language) -> Vec<(String, Certainty)> {
        let mut out = Vec::new();
        read(text, lang, &mut out);
        out.into_iter()
            .map(|m| (m.values[0].clone(), m.certainty))
            .collect()
    }

    fn values(text: &str, lang: Language) -> Vec<String> {
        read_all(text, lang).into_iter().map(|(v, _)| v).collect()
    }

    #[test]
    fn ordinals_of_article_headings() {
        use Language::*;
        assert_eq!(values("Article premier", French), ["1"]);
        assert_eq!(values("Article vingt et unième", French), ["21"]);
        assert_eq!(values("Artículo primero", Spanish), ["1"]);
        assert_eq!(values("vigésimo primero", Spanish), ["21"]);
        assert_eq!(values("Erster Artikel", German), ["1"]);
        assert_eq!(values("der einundzwanzigste Artikel", German), ["21"]);
        assert_eq!(values("Статья первая", Russian), ["1"]);
        assert_eq!(values("двадцать первая статья", Russian), ["21"]);
        assert_eq!(values("Birinci madde", Turkish), ["1"]);
        assert_eq!(values("Yirmi birinci madde", Turkish), ["21"]);
        assert_eq!(values("İkinci madde", Turkish), ["2"]);
        assert_eq!(values("مادهٔ اول", Persian), ["1"]);
        assert_eq!(values("مادهٔ بیست و یکم", Persian), ["21"]);
        assert_eq!(values("مادهٔ بیست‌ویکم", Persian), ["21"]);
        assert_eq!(values("مادهٔ سی‌ام", Persian), ["30"]);
        assert_eq!(values("مادهٔ سی ام", Persian), ["30"]);
        assert_eq!(values("پہلا باب", Urdu), ["1"]);
        assert_eq!(values("اکیسویں دفعہ", Urdu), ["21"]);
        assert_eq!(values("المادة الأولى", Arabic), ["1"]);
        assert_eq!(values("المادة الحادية والعشرون", Arabic), ["21"]);
        assert_eq!(values("الفصل الثالث عشر", Arabic), ["13"]);
        assert_eq!(values("the twenty-first article", English), ["21"]);
        assert_eq!(values("soixante-dix-sept", French), ["77"]);
        assert_eq!(values("quatre-vingt-dix", French), ["90"]);
        assert_eq!(values("הסעיף הראשון", Hebrew), ["1"]);
    }

    #[test]
    fn articles_and_pronouns_are_ambiguous() {
        use Language::*;
        for (text, lang) in [
            ("un esprit de fraternité", French),
            ("ein Geist der Brüderlichkeit", German),
            ("una persona", Spanish),
            ("bir kardeşlik", Turkish),
            ("یک روح", Persian),
            ("ایک شخص", Urdu),
            ("towards one another", English),
        ] {
            assert_eq!(
                read_all(text, lang),
                [("1".to_string(), Certainty::Ambiguous)],
                "{text}"
            );
        }
        assert_eq!(
            read_all("eins", German),
            [("1".to_string(), Certainty::Word)]
        );
    }

    #[test]
    fn month_names_are_their_numbers() {
        use Language::*;
        assert_eq!(values("In August 2013.", English), ["8"]);
        assert_eq!(values("you may go", English), Vec::<String>::new());
        assert_eq!(values("en août", French), ["8"]);
        assert_eq!(values("в августе", Russian), ["8"]);
        assert_eq!(values("Ağustos'ta", Turkish), ["8"]);
        assert_eq!(values("في آب/أغسطس", Arabic), ["8", "8"]);
        assert_eq!(values("في تشرين الأول", Arabic), ["10"]);
        assert_eq!(values("كانون الثاني", Arabic), ["1"]);
        assert_eq!(values("ربيع الأول", Arabic), Vec::<String>::new());
        assert_eq!(values("באוגוסט", Hebrew), ["8"]);
    }

    #[test]
    fn arabic_eleven_to_nineteen_are_two_words() {
        let v = |t| values(t, Language::Arabic);
        assert_eq!(v("خلال ثمانية عشر شهراً"), ["18"]);
        assert_eq!(v("ذات الستة عشر عاماً"), ["16"]);
        assert_eq!(v("اثنا عشر لاعباً وأحد عشر مدرباً"), ["12", "11"]);
        assert_eq!(v("عشرة أيام"), ["10"]);
        assert_eq!(v("ثلاثة، عشر"), ["3", "10"]);
        assert_eq!(v("وسبعة"), ["7"]);
        assert_eq!(v("عشرون فتاة وثلاثين"), ["20", "30"]);
    }

    #[test]
    fn words_of_another_language_are_not_read() {
        assert!(values("once upon a time", Language::English).is_empty());
        assert_eq!(values("once", Language::Spanish), ["11"]);
        assert!(values("on the table", Language::English).is_empty());
        assert_eq!(values("on gün", Language::Turkish), ["10"]);
        assert!(values("sevens", Language::English).is_empty());
        assert_eq!(values("Seven TWELVE", Language::English), ["7", "12"]);
    }
}
