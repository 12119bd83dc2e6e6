//! A streaming TMX 1.4b writer: the header first, then one unit at a time, so memory does not grow
//! with the number of units.
//!
//! The output is UTF-8 with an XML declaration and the TMX 1.4 doctype, indented between elements
//! but never inside `<seg>`, where whitespace is data. Characters that XML 1.0 forbids never reach
//! the file (one of them makes OmegaT drop a whole memory): text and attribute values are escaped
//! and filtered here, whatever the caller passes.

use std::borrow::Cow;
use std::io::{self, Write};

use super::{Header, Note, Prop, TranslationUnit, Variant};
use crate::corpus::is_xml_char;

/// Writes a TMX document to `W` unit by unit; call [`TmxWriter::finish`] to close it.
pub struct TmxWriter<W: Write> {
    out: W,
}

impl<W: Write> TmxWriter<W> {
    /// Writes the prolog and the header.
    pub fn new(mut out: W, header: &Header) -> io::Result<TmxWriter<W>> {
        out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        out.write_all(b"<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n")?;
        out.write_all(b"<tmx version=\"1.4\">\n")?;
        let mut attrs = vec![
            ("creationtool", header.creation_tool.as_str()),
            ("creationtoolversion", header.creation_tool_version.as_str()),
            ("segtype", header.segtype.as_str()),
            ("o-tmf", header.o_tmf.as_str()),
            ("adminlang", header.adminlang.as_str()),
            ("srclang", header.srclang.as_str()),
            ("datatype", header.datatype.as_str()),
        ];
        attrs.extend(header.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        write_start(&mut out, 1, "header", &attrs)?;
        if header.props.is_empty() && header.notes.is_empty() {
            out.write_all(b"/>\n")?;
        } else {
            out.write_all(b">\n")?;
            write_notes_and_props(&mut out, 2, &header.notes, &header.props)?;
            out.write_all(b"  </header>\n")?;
        }
        out.write_all(b"  <body>\n")?;
        Ok(TmxWriter { out })
    }

    /// Writes one `<tu>`.
    pub fn write_unit(&mut self, unit: &TranslationUnit) -> io::Result<()> {
        let out = &mut self.out;
        let mut attrs: Vec<(&str, &str)> = Vec::new();
        if let Some(tuid) = &unit.tuid {
            attrs.push(("tuid", tuid));
        }
        attrs.extend(unit.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        write_start(out, 2, "tu", &attrs)?;
        out.write_all(b">\n")?;
        write_notes_and_props(out, 3, &unit.notes, &unit.props)?;
        for variant in &unit.variants {
            write_variant(out, variant)?;
        }
        out.write_all(b"    </tu>\n")
    }

    /// Closes the document and returns the underlying writer, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"  </body>\n</tmx>\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_variant<W: Write>(out: &mut W, variant: &Variant) -> io::Result<()> {
    let mut attrs = vec![("xml:lang", variant.lang.as_str())];
    attrs.extend(variant.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    write_start(out, 3, "tuv", &attrs)?;
    out.write_all(b">\n")?;
    write_notes_and_props(out, 4, &variant.notes, &variant.props)?;
    out.write_all(b"        <seg>")?;
    out.write_all(variant.segment.xml().as_bytes())?;
    out.write_all(b"</seg>\n      </tuv>\n")
}

fn write_notes_and_props<W: Write>(
    out: &mut W,
    depth: usize,
    notes: &[Note],
    props: &[Prop],
) -> io::Result<()> {
    for note in notes {
        let attrs: Vec<(&str, &str)> = note
            .extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        write_start(out, depth, "note", &attrs)?;
        writeln!(out, ">{}</note>", escape_text(&note.text))?;
    }
    for prop in props {
        let mut attrs = vec![("type", prop.kind.as_str())];
        attrs.extend(prop.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        write_start(out, depth, "prop", &attrs)?;
        writeln!(out, ">{}</prop>", escape_text(&prop.value))?;
    }
    Ok(())
}

/// Writes `<name a="v" ...` (without the closing `>`), indented two spaces a level.
fn write_start<W: Write>(
    out: &mut W,
    depth: usize,
    name: &str,
    attrs: &[(&str, &str)],
) -> io::Result<()> {
    write!(out, "{:indent$}<{name}", "", indent = depth * 2)?;
    for (key, value) in attrs {
        write!(out, " {key}=\"{}\"", escape_attribute(value))?;
    }
    Ok(())
}

/// Escapes character data: `&`, `<`, `>`, and CR (which XML parsers would turn into LF); drops the
/// characters XML 1.0 forbids.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Escapes an attribute value: as [`escape_text`], plus `"` and the whitespace characters that
/// attribute-value normalization would turn into spaces.
pub fn escape_attribute(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, attribute: bool) -> Cow<'_, str> {
    let needs = |c: char| {
        matches!(c, '&' | '<' | '>' | '\r')
            || !is_xml_char(c)
            || (attribute && matches!(c, '"' | '\n' | '\t'))
    };
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c if !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tmx::{Header, TranslationUnit, Variant};

    #[test]
    fn escapes_and_drops_forbidden_characters() {
        assert_eq!(
            escape_text("a & b < c > d\u{1}\r"),
            "a &amp; b &lt; c &gt; d&#13;"
        );
        assert_eq!(escape_attribute("\"x\"\n"), "&quot;x&quot;&#10;");
        assert!(matches!(escape_text("سلام"), Cow::Borrowed(_)));
    }

    #[test]
    fn writes_a_complete_document() {
        let header = Header::tmforge("ar", "20240101T120000Z");
        let mut w = TmxWriter::new(Vec::new(), &header).unwrap();
        w.write_unit(&TranslationUnit {
            tuid: Some("doc:1".into()),
            props: vec![Prop::new("x-pair-type", "1-1")],
            variants: vec![
                Variant::text("ar", "مرحبا"),
                Variant::text("en", "Hello & bye"),
            ],
            ..Default::default()
        })
        .unwrap();
        let xml = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
        assert!(
            xml.contains(r#"srclang="ar" datatype="plaintext" creationdate="20240101T120000Z"/>"#)
        );
        assert!(xml.contains("<tu tuid=\"doc:1\">\n      <prop type=\"x-pair-type\">1-1</prop>"));
        assert!(xml.contains("<tuv xml:lang=\"en\">\n        <seg>Hello &amp; bye</seg>"));
        assert!(xml.ends_with("  </body>\n</tmx>\n"));
    }
}
