//! Safe access to the zip packages (.docx, .odt) and the XML parts inside them.
//!
//! A package comes from whoever sent the document, so it is read with limits: a part may unpack to
//! at most [`MAX_UNPACKED`] bytes and, past [`RATIO_GRACE`] bytes, to at most [`MAX_RATIO`] times
//! its packed size (a zip bomb is a small file that unpacks to gigabytes). XML parts may not
//! declare entities (entity expansion is the XML form of the same attack). Encrypted packages are
//! refused with a message that says so, rather than read as garbage.
//!
//! This module does not interpret the parts; the docx and odt readers do.

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;

use crate::error::{Error, Result};

/// The most a part may unpack to: 256 MiB, several times the `document.xml` of a 2,000-page book.
pub const MAX_UNPACKED: u64 = 256 << 20;

/// The largest unpacked-to-packed ratio accepted past [`RATIO_GRACE`]: 100, Apache POI's
/// `ZipSecureFile` default (a minimum inflate ratio of 0.01). Office XML packs about 10 to 1.
pub const MAX_RATIO: u64 = 100;

/// Bytes a part may unpack to before the ratio is checked (POI's grace size is 100 KB), so that a
/// tiny, very repetitive part is not mistaken for a bomb.
pub const RATIO_GRACE: u64 = 1 << 20;

/// The first bytes of an OLE compound file: a password-protected .docx (Office encrypts the
/// package into one) or a legacy .doc.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An opened zip package.
pub struct Package<'a> {
    path: &'a Path,
    zip: zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
}

impl<'a> Package<'a> {
    /// Opens the package held in `bytes`; `path` names it in messages.
    pub fn new(path: &'a Path, bytes: Vec<u8>, kind: &str) -> Result<Package<'a>> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(Error::file(
                path,
                format!(
                    "this is not a zip package but an OLE file: a password-protected (encrypted) \
                     document or an old binary .doc; open it, remove the password and save it as \
                     {kind}"
                ),
            ));
        }
        let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
            Error::file(
                path,
                format!(
                    "not a readable {kind} file (a {kind} is a zip package): {e}; the file is \
                     damaged or truncated, save it again"
                ),
            )
        })?;
        Ok(Package { path, zip })
    }

    /// Whether the package holds `name`.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The text of part `name`, unpacked within the limits, or `None` when there is no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<String>> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let path = self.path;
        let err = |message: String| Error::file(path, format!("{name}: {message}"));
        let mut file = self.zip.by_index(index).map_err(|e| {
            if matches!(e, zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword")) {
                err(
                    "the part is encrypted; remove the password and save the document again"
                        .to_string(),
                )
            } else {
                err(format!(
                    "cannot unpack: {e}; the file is damaged, save it again"
                ))
            }
        })?;
        if file.encrypted() {
            return Err(err(
                "the part is encrypted; remove the password and save the document again".into(),
            ));
        }
        let packed = file.compressed_size().max(1);
        let mut bytes = Vec::new();
        let mut limited = (&mut file).take(MAX_UNPACKED + 1);
        let mut chunk = [0u8; 64 * 1024];
        loop {
            let n = limited.read(&mut chunk).map_err(|e| {
                err(format!(
                    "cannot unpack: {e}; the file is damaged or truncated"
                ))
            })?;
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&chunk[..n]);
            let unpacked = bytes.len() as u64;
            if unpacked > MAX_UNPACKED {
                return Err(err(format!(
                    "unpacks to more than {} MiB: refused as a possible zip bomb",
                    MAX_UNPACKED >> 20
                )));
            }
            if unpacked > RATIO_GRACE && unpacked / packed > MAX_RATIO {
                return Err(err(format!(
                    "unpacks to more than {MAX_RATIO} times its packed size ({packed} bytes): \
                     refused as a possible zip bomb"
                )));
            }
        }
        String::from_utf8(bytes).map(Some).map_err(|e| {
            err(format!(
                "byte {}: invalid UTF-8; the part is damaged or encrypted",
                e.utf8_error().valid_up_to()
            ))
        })
    }
}

/// One XML event of a part, simplified for the document readers: elements by their qualified
/// name as written (`w:p`), text with references resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlEvent {
    Start(XmlElement),
    End(String),
    Text(String),
}

/// A start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlElement {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

impl XmlElement {
    /// The value of attribute `name` (qualified as written).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses part `part` of the document at `path` into events; errors name the part and the byte.
pub fn xml_events(path: &Path, part: &str, xml: &str) -> Result<Vec<XmlEvent>> {
    parse_xml(xml).map_err(|e| {
        let hint = if e.entities {
            ": the file was not written by an office program"
        } else {
            ""
        };
        Error::file(path, format!("{part}, byte {}: {}{hint}", e.at, e.message))
    })
}

/// Why XML could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// Byte offset in the text parsed.
    pub at: usize,
    pub message: String,
    /// The document declares entities (refused, not a syntax error).
    pub entities: bool,
}

/// Parses XML text into events. Entity declarations are refused, and only XML's five predefined
/// entities and character references are resolved.
pub fn parse_xml(xml: &str) -> std::result::Result<Vec<XmlEvent>, XmlError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut out = Vec::new();
    // Elements open, so that a document cut short is not taken for a complete one.
    let mut open: Vec<String> = Vec::new();
    let err = |at: u64, message: String| XmlError {
        at: usize::try_from(at).unwrap_or(usize::MAX),
        message,
        entities: false,
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| err(reader.error_position(), format!("malformed XML: {e}")))?;
        let at = reader.buffer_position();
        match event {
            Event::DocType(d) if d.contains("<!ENTITY") => {
                return Err(XmlError {
                    entities: true,
                    ..err(
                        at,
                        "the document type declares entities; tmforge does not expand them \
                         (entity expansion is a known attack)"
                            .into(),
                    )
                });
            }
            Event::Start(e) => {
                let mut attributes = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|x| err(at, format!("malformed attribute: {x}")))?;
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|x| err(at, format!("attribute value: {x}")))?;
                    attributes.push((a.key.as_ref().to_string(), value.into_owned()));
                }
                let name = e.name().as_ref().to_string();
                open.push(name.clone());
                out.push(XmlEvent::Start(XmlElement { name, attributes }));
            }
            Event::End(e) => {
                open.pop();
                out.push(XmlEvent::End(e.name().as_ref().to_string()));
            }
            Event::Text(t) => push_text(&mut out, &t.xml10_content()),
            Event::CData(c) => push_text(&mut out, &c),
            Event::GeneralRef(r) => {
                let text = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| err(at, format!("bad character reference: {e}")))?
                        .map(String::from)
                        .unwrap_or_default()
                } else {
                    match &*r {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "apos" => "'".into(),
                        "quot" => "\"".into(),
                        other => {
                            return Err(err(
                                at,
                                format!("undefined entity &{other}; (only XML's five are allowed)"),
                            ));
                        }
                    }
                };
                push_text(&mut out, &text);
            }
            Event::Eof => {
                if let Some(name) = open.last() {
                    return Err(err(
                        reader.buffer_position(),
                        format!("malformed XML: the text ends inside <{name}>: it is truncated"),
                    ));
                }
                break;
            }
            _ => {}
        }
    }
    Ok(out)
}

fn push_text(out: &mut Vec<XmlEvent>, text: &str) {
    if let Some(XmlEvent::Text(previous)) = out.last_mut() {
        previous.push_str(text);
    } else {
        out.push(XmlEvent::Text(text.to_string()));
    }
}

/// The index just past the end tag matching the start tag at `events[start]`, for skipping a
/// subtree (the events are well nested: quick-xml checks end tags).
pub fn skip_subtree(events: &[XmlEvent], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, e) in events.iter().enumerate().skip(start) {
        match e {
            XmlEvent::Start(_) => depth += 1,
            XmlEvent::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            XmlEvent::Text(_) => {}
        }
    }
    events.len()
}
