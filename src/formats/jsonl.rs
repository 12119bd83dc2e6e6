//! JSONL: one unit a line, as a JSON object, for scripts and data pipelines.
//!
//! # Layout
//! ```json
//! {"tuid":"7","attributes":{"creationdate":"20240101T120000Z"},
//!  "props":[{"type":"x-confidence","value":"0.93"}],"notes":[{"text":"checked"}],
//!  "variants":[{"lang":"ar","text":"مرحبا"},
//!              {"lang":"en","text":"Press Save","xml":"Press <ph x=\"1\"/>Save"}]}
//! ```
//! (one line in the file). Every member but `variants` may be left out, and `lang` and `text` are
//! all a variant needs. `attributes` keeps the order it is written in. A variant's `xml` is the
//! segment's inner TMX markup, written only when the segment holds inline codes; when it is
//! present it is the segment (it must be well-formed and use only TMX inline elements) and `text`
//! is for the reader's convenience. Props and notes may carry `attributes` (`xml:lang`) too.
//!
//! JSON escapes tabs, line breaks and every other character itself, so JSONL holds everything the
//! model holds except the file header; the source language is the first variant's language.
//! Unknown members are refused rather than ignored, so that a misspelled `variant` is an error and
//! not a silently empty unit. Blank lines are skipped.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::UnitSource;
use crate::corpus::is_xml_char;
use crate::error::{Error, Position, Result};
use crate::tmx::{Note, Prop, Segment, TranslationUnit, Variant};

/// Attributes as a JSON object whose members keep their order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Attributes(Vec<(String, String)>);

impl Attributes {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct OrderedVisitor;
        impl<'de> Visitor<'de> for OrderedVisitor {
            type Value = Attributes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of attribute names and string values")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Attributes, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    out.push((k, v));
                }
                Ok(Attributes(out))
            }
        }
        deserializer.deserialize_map(OrderedVisitor)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonProp {
    #[serde(rename = "type")]
    kind: String,
    value: String,
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    attributes: Attributes,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonNote {
    text: String,
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    attributes: Attributes,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonVariant {
    lang: String,
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    xml: Option<String>,
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    attributes: Attributes,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    props: Vec<JsonProp>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<JsonNote>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonUnit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tuid: Option<String>,
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    attributes: Attributes,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    props: Vec<JsonProp>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<JsonNote>,
    variants: Vec<JsonVariant>,
}

fn props_to_json(props: &[Prop]) -> Vec<JsonProp> {
    props
        .iter()
        .map(|p| JsonProp {
            kind: p.kind.clone(),
            value: p.value.clone(),
            attributes: Attributes(p.extra.clone()),
        })
        .collect()
}

fn notes_to_json(notes: &[Note]) -> Vec<JsonNote> {
    notes
        .iter()
        .map(|n| JsonNote {
            text: n.text.clone(),
            attributes: Attributes(n.extra.clone()),
        })
        .collect()
}

fn props_from_json(props: Vec<JsonProp>) -> Vec<Prop> {
    props
        .into_iter()
        .map(|p| Prop {
            kind: p.kind,
            value: p.value,
            extra: p.attributes.0,
        })
        .collect()
}

fn notes_from_json(notes: Vec<JsonNote>) -> Vec<Note> {
    notes
        .into_iter()
        .map(|n| Note {
            text: n.text,
            extra: n.attributes.0,
        })
        .collect()
}

/// Writes units as JSON lines.
pub struct JsonlWriter<W: Write> {
    out: W,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer on `out`; JSONL has no header.
    pub fn new(out: W) -> JsonlWriter<W> {
        JsonlWriter { out }
    }

    /// Writes one unit as one line.
    pub fn write_unit(&mut self, unit: &TranslationUnit) -> Result<()> {
        let json = JsonUnit {
            tuid: unit.tuid.clone(),
            attributes: Attributes(unit.extra.clone()),
            props: props_to_json(&unit.props),
            notes: notes_to_json(&unit.notes),
            variants: unit
                .variants
                .iter()
                .map(|v| {
                    let text = v.segment.text();
                    let plain = Segment::from_text(&text);
                    JsonVariant {
                        lang: v.lang.clone(),
                        xml: (plain.xml() != v.segment.xml()).then(|| v.segment.xml().to_string()),
                        text,
                        attributes: Attributes(v.extra.clone()),
                        props: props_to_json(&v.props),
                        notes: notes_to_json(&v.notes),
                    }
                })
                .collect(),
        };
        serde_json::to_writer(&mut self.out, &json)
            .map_err(|e| Error::Invalid(format!("writing JSONL: {e}")))?;
        self.out
            .write_all(b"\n")
            .map_err(|e| Error::Invalid(format!("writing JSONL: {e}")))
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Reads JSON lines unit by unit.
pub struct JsonlReader<R: BufRead> {
    input: R,
    path: PathBuf,
    line: usize,
    first_language: Option<String>,
    buf: String,
}

impl<R: BufRead> JsonlReader<R> {
    /// A reader on `input`; `path` names it in messages.
    pub fn new(input: R, path: &Path) -> JsonlReader<R> {
        JsonlReader {
            input,
            path: path.to_path_buf(),
            line: 0,
            first_language: None,
            buf: String::new(),
        }
    }

    fn error_at(&self, column: usize, message: impl Into<String>) -> Error {
        Error::input(
            &self.path,
            Position::LineColumn {
                line: self.line,
                column,
            },
            message,
        )
    }
}

impl<R: BufRead> UnitSource for JsonlReader<R> {
    fn next_unit(&mut self) -> Result<Option<TranslationUnit>> {
        loop {
            self.buf.clear();
            let n = self.input.read_line(&mut self.buf).map_err(|e| {
                if e.kind() == std::io::ErrorKind::InvalidData {
                    self.error_at(1, "this line is not UTF-8; JSON text must be UTF-8")
                } else {
                    Error::io(&self.path, "reading", e)
                }
            })?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            let mut line = self.buf.trim_end_matches(['\n', '\r']);
            if self.line == 1 {
                line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
            }
            if line.trim().is_empty() {
                continue;
            }
            let json: JsonUnit = serde_json::from_str(line).map_err(|e| {
                self.error_at(
                    e.column().max(1),
                    format!(
                        "{e}; each line must be one object like \
                         {{\"variants\":[{{\"lang\":\"ar\",\"text\":\"...\"}},{{\"lang\":\"en\",\"text\":\"...\"}}]}}"
                    ),
                )
            })?;
            if json.variants.is_empty() {
                return Err(self.error_at(1, "`variants` is empty; a unit needs at least one"));
            }
            let mut variants = Vec::with_capacity(json.variants.len());
            for v in json.variants {
                if v.lang.trim().is_empty() {
                    return Err(self.error_at(1, "a variant has an empty `lang`"));
                }
                let segment = match v.xml {
                    Some(xml) => {
                        check_segment_xml(&xml).map_err(|m| {
                            self.error_at(1, format!("the `{}` variant's `xml`: {m}", v.lang))
                        })?;
                        Segment::from_xml(xml)
                    }
                    None => Segment::from_text(&v.text),
                };
                variants.push(Variant {
                    lang: v.lang,
                    extra: v.attributes.0,
                    props: props_from_json(v.props),
                    notes: notes_from_json(v.notes),
                    segment,
                });
            }
            if self.first_language.is_none() {
                self.first_language = Some(variants[0].lang.clone());
            }
            return Ok(Some(TranslationUnit {
                tuid: json.tuid,
                extra: json.attributes.0,
                props: props_from_json(json.props),
                notes: notes_from_json(json.notes),
                variants,
            }));
        }
    }

    fn source_language(&self) -> Option<String> {
        self.first_language.clone()
    }
}

/// The elements TMX 1.4b allows inside `<seg>` and inside them.
const INLINE_ELEMENTS: [&str; 7] = ["bpt", "ept", "it", "ph", "hi", "ut", "sub"];

/// Checks that `xml` can go between `<seg>` and `</seg>` as it is: well-formed, only TMX inline
/// elements, only the predefined entities, only characters XML 1.0 allows.
pub fn check_segment_xml(xml: &str) -> std::result::Result<(), String> {
    use quick_xml::events::Event;
    if let Some(c) = xml.chars().find(|&c| !is_xml_char(c)) {
        return Err(format!("U+{:04X} is a character XML 1.0 forbids", c as u32));
    }
    let wrapped = format!("<seg>{xml}</seg>");
    let mut reader = quick_xml::Reader::from_str(&wrapped);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                check_inline_element(&e, depth)?;
                depth += 1;
            }
            Ok(Event::Empty(e)) => check_inline_element(&e, depth)?,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::GeneralRef(r)) => {
                if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) if is_xml_char(c) => {}
                        _ => return Err(format!("&{}; is not an allowed character", &*r)),
                    }
                } else if !matches!(&*r, "lt" | "gt" | "amp" | "apos" | "quot") {
                    return Err(format!(
                        "&{}; is undefined (only &amp; &lt; &gt; &apos; &quot; and character references)",
                        &*r
                    ));
                }
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(Event::Text(_)) | Ok(Event::CData(_)) => {}
            Ok(_) => return Err("only text and inline elements may appear".to_string()),
            Err(e) => return Err(format!("not well-formed XML: {e}")),
        }
    }
}

fn check_inline_element(
    e: &quick_xml::events::BytesStart,
    depth: usize,
) -> std::result::Result<(), String> {
    let name = e.name().as_ref().to_string();
    if depth > 0 && !INLINE_ELEMENTS.contains(&name.as_str()) {
        return Err(format!(
            "<{name}> is not a TMX inline element (allowed: {})",
            INLINE_ELEMENTS.join(", ")
        ));
    }
    for attr in e.attributes() {
        attr.map_err(|err| format!("malformed attribute in <{name}>: {err}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_xml_is_checked() {
        assert!(check_segment_xml("Press <ph x=\"1\">&lt;b/&gt;</ph> &amp; go").is_ok());
        assert!(
            check_segment_xml("<b>x</b>")
                .unwrap_err()
                .contains("not a TMX inline")
        );
        assert!(
            check_segment_xml("<ph>x")
                .unwrap_err()
                .contains("well-formed")
        );
        assert!(
            check_segment_xml("&nbsp;")
                .unwrap_err()
                .contains("undefined")
        );
        assert!(check_segment_xml("&#1;").is_err());
    }

    #[test]
    fn reads_with_positions_and_refuses_unknown_members() {
        let input = "\n{\"variants\":[{\"lang\":\"ar\",\"text\":\"س\\tص\"}]}\n{\"variant\":[]}\n";
        let mut r = JsonlReader::new(input.as_bytes(), Path::new("t.jsonl"));
        let u = r.next_unit().unwrap().unwrap();
        assert_eq!(u.variants[0].segment.text(), "س\tص");
        assert_eq!(r.source_language().as_deref(), Some("ar"));
        let err = r.next_unit().unwrap_err().to_string();
        assert!(
            err.starts_with("t.jsonl:3:") && err.contains("variant"),
            "{err}"
        );
    }
}
