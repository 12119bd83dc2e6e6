//! Round trips through every format for arbitrary Unicode: each format keeps every pair,
//! language and prop it can hold, with Arabic, bidi controls, tabs, line breaks and backslashes
//! inside segments.

use std::path::Path;

use proptest::prelude::*;
use tmforge::formats::jsonl::{JsonlReader, JsonlWriter};
use tmforge::formats::moses::{MosesReader, MosesWriter};
use tmforge::formats::tsv::{TsvReader, TsvWriter};
use tmforge::formats::{Columns, UnitSource};
use tmforge::tmx::{Header, Note, Prop, Segment, TmxReader, TmxWriter, TranslationUnit, Variant};

/// Characters that make escaping hard, beside ordinary Arabic and Latin text.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        // Arabic letters, digits and punctuation.
        (0x0621u32..=0x064A).prop_map(|c| char::from_u32(c).unwrap()),
        Just('٫'),
        Just('،'),
        Just('٪'),
        // Bidi controls.
        prop::sample::select(vec![
            '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'
        ]),
        // Whitespace and escapes of every format.
        prop::sample::select(vec!['\t', '\n', '\r', '\\', ' ', '\u{A0}', '\u{2028}']),
        prop::sample::select(vec!['<', '>', '&', '"', '\'', ':', '{', '}', '[', ']']),
        // Latin, astral and combining characters.
        prop::char::range('a', 'z'),
        Just('😀'),
        Just('\u{0651}'),
        Just('\u{FEFF}'),
    ]
}

/// Any non-empty text of those characters (TSV reads an empty cell as "absent").
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 1..16).prop_map(|cs| cs.into_iter().collect())
}

/// Text that Moses line-aligned files can hold: no line break.
fn line_text() -> impl Strategy<Value = String> {
    text().prop_map(|t| t.replace(['\n', '\r'], " "))
}

fn lang() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["ar", "en", "ar-SA", "en-US", "fr"]).prop_map(str::to_string)
}

fn props() -> impl Strategy<Value = Vec<Prop>> {
    prop::collection::vec(
        (
            prop::sample::select(vec!["x-confidence", "x-pair-type", "client", "x-Origin"]),
            text(),
        )
            .prop_map(|(k, v)| Prop::new(k, v)),
        0..3,
    )
}

fn notes() -> impl Strategy<Value = Vec<Note>> {
    prop::collection::vec(
        text().prop_map(|text| Note {
            text,
            extra: Vec::new(),
        }),
        0..2,
    )
}

fn attributes() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map(
        prop::sample::select(vec!["creationdate", "usagecount", "changeid"]).prop_map(String::from),
        text(),
        0..3,
    )
    .prop_map(|m| m.into_iter().collect())
}

/// A unit of plain-text variants with unit-level metadata: what TSV holds.
fn table_unit() -> impl Strategy<Value = TranslationUnit> {
    (
        prop::option::of(text()),
        attributes(),
        props(),
        notes(),
        prop::collection::vec((lang(), text()), 1..4),
    )
        .prop_map(|(tuid, extra, props, notes, variants)| TranslationUnit {
            tuid,
            extra,
            props,
            notes,
            variants: variants
                .into_iter()
                .map(|(l, t)| Variant::text(l, &t))
                .collect(),
        })
}

/// Segment XML with inline codes around text.
fn segment() -> impl Strategy<Value = Segment> {
    prop::collection::vec(
        prop_oneof![
            3 => text().prop_map(|t| Segment::from_text(&t).xml().to_string()),
            1 => text().prop_map(|t| format!(
                "<ph x=\"1\">{}</ph>",
                Segment::from_text(&t).xml()
            )),
            1 => text().prop_map(|t| format!(
                "<bpt i=\"1\">&lt;b&gt;</bpt>{}<ept i=\"1\">&lt;/b&gt;</ept>",
                Segment::from_text(&t).xml()
            )),
        ],
        1..4,
    )
    .prop_map(|parts| Segment::from_xml(parts.concat()))
}

/// Any unit of the model, metadata at every level and inline codes included.
fn full_unit() -> impl Strategy<Value = TranslationUnit> {
    let variant = (lang(), attributes(), props(), notes(), segment()).prop_map(
        |(lang, extra, props, notes, segment)| Variant {
            lang,
            extra,
            props,
            notes,
            segment,
        },
    );
    (
        prop::option::of(text()),
        attributes(),
        props(),
        notes(),
        prop::collection::vec(variant, 1..4),
    )
        .prop_map(|(tuid, extra, props, notes, variants)| TranslationUnit {
            tuid,
            extra,
            props,
            notes,
            variants,
        })
}

fn read_all(source: &mut dyn UnitSource) -> Vec<TranslationUnit> {
    let mut units = Vec::new();
    while let Some(unit) = source.next_unit().unwrap() {
        units.push(unit);
    }
    units
}

/// A unit in an order-free form: TSV writes variants and props in column order.
fn sorted(unit: &TranslationUnit) -> TranslationUnit {
    let mut unit = unit.clone();
    unit.extra.sort();
    unit.props
        .sort_by(|a, b| (&a.kind, &a.value).cmp(&(&b.kind, &b.value)));
    unit.variants.sort_by(|a, b| {
        (a.lang.to_ascii_lowercase(), a.segment.xml())
            .cmp(&(b.lang.to_ascii_lowercase(), b.segment.xml()))
    });
    unit
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn tmx_keeps_everything(units in prop::collection::vec(full_unit(), 0..4)) {
        let mut writer = TmxWriter::new(Vec::new(), &Header::tmforge("ar", "20240101T000000Z")).unwrap();
        for unit in &units {
            writer.write_unit(unit).unwrap();
        }
        let bytes = writer.finish().unwrap();
        let mut reader = TmxReader::new(std::io::Cursor::new(bytes), Path::new("t.tmx")).unwrap();
        prop_assert_eq!(read_all(&mut reader), units);
    }

    #[test]
    fn jsonl_keeps_everything(units in prop::collection::vec(full_unit(), 0..4)) {
        let mut writer = JsonlWriter::new(Vec::new());
        for unit in &units {
            writer.write_unit(unit).unwrap();
        }
        let bytes = writer.finish().unwrap();
        let mut reader = JsonlReader::new(&bytes[..], Path::new("t.jsonl"));
        prop_assert_eq!(read_all(&mut reader), units);
    }

    #[test]
    fn tsv_keeps_pairs_languages_and_unit_metadata(units in prop::collection::vec(table_unit(), 0..6)) {
        let mut columns = Columns::default();
        for unit in &units {
            columns.observe(unit);
        }
        let mut writer = TsvWriter::new(Vec::new(), &columns).unwrap();
        for unit in &units {
            writer.write_unit(unit).unwrap();
        }
        prop_assert!(writer.losses().is_empty());
        let bytes = writer.finish().unwrap();
        let mut reader = TsvReader::new(&bytes[..], Path::new("t.tsv")).unwrap();
        let back = read_all(&mut reader);
        prop_assert_eq!(
            back.iter().map(sorted).collect::<Vec<_>>(),
            units.iter().map(sorted).collect::<Vec<_>>()
        );
    }

    #[test]
    fn moses_keeps_the_text_of_every_language(
        pairs in prop::collection::vec((line_text(), line_text()), 0..8)
    ) {
        let units: Vec<TranslationUnit> = pairs
            .iter()
            .map(|(ar, en)| TranslationUnit {
                variants: vec![Variant::text("ar", ar), Variant::text("en", en)],
                ..Default::default()
            })
            .collect();
        let mut writer = MosesWriter::new(vec![("ar".to_string(), Vec::new()), ("en".to_string(), Vec::new())]);
        for unit in &units {
            writer.write_unit(unit).unwrap();
        }
        let sides = writer.finish().unwrap();
        let readers: Vec<(String, std::path::PathBuf, Box<dyn std::io::BufRead>)> = sides
            .into_iter()
            .map(|(lang, bytes)| {
                let path = format!("t.{lang}").into();
                (lang, path, Box::new(std::io::Cursor::new(bytes)) as Box<dyn std::io::BufRead>)
            })
            .collect();
        let mut reader = MosesReader::from_readers(readers);
        prop_assert_eq!(read_all(&mut reader), units);
    }

    #[test]
    fn moses_refuses_line_breaks(ar in text(), en in text()) {
        let unit = TranslationUnit {
            variants: vec![Variant::text("ar", &ar), Variant::text("en", &en)],
            ..Default::default()
        };
        let mut writer = MosesWriter::new(vec![("ar".to_string(), Vec::new()), ("en".to_string(), Vec::new())]);
        let result = writer.write_unit(&unit);
        let has_break = (ar + &en).contains(['\n', '\r']);
        prop_assert_eq!(result.is_err(), has_break);
        if let Err(e) = result {
            prop_assert!(e.to_string().contains("line break"));
        }
    }
}
