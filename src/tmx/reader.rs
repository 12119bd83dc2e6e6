//! A streaming TMX reader: the header, then one `<tu>` at a time, for TMX files from any tool.
//!
//! Memory does not grow with the file: only the unit being read is held. Errors carry the line and
//! column where the XML went wrong. Entities other than XML's five predefined ones and character
//! references are refused rather than expanded, so a document type definition with entity
//! declarations (the "billion laughs" attack) or external entities cannot make the reader expand
//! or fetch anything. UTF-16 files (with a BOM) are transcoded on the fly.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Header, Note, Prop, Segment, TranslationUnit, Variant};
use crate::error::{Error, Position, Result};

/// Size of the buffer the XML parser reads from: large enough that the parser rarely straddles
/// two fills, and at least the 64 KiB of [`utf8_stream`]'s reader, so that filling it bypasses
/// that reader's own buffer instead of copying through it.
const COUNTING_BUFFER: usize = 1 << 17;

/// The buffered input of the XML parser, which knows the line and column of any byte it has
/// handed out.
///
/// Counting is lazy: consuming bytes only moves an index, and lines and characters are counted,
/// with vectorizable loops, when a position is asked for or before a buffer is refilled. A
/// validator asks for few positions (where a unit starts, where a problem is), so most bytes are
/// counted in one sweep of a whole buffer rather than a few bytes per parser step. One offset can
/// be [marked](Counting::mark) (where the event being parsed starts) and asked for after the
/// parser has moved past it, even into the next buffer.
pub(crate) struct Counting<R> {
    inner: R,
    buf: Box<[u8]>,
    /// Bytes of `buf` handed to the parser.
    pos: usize,
    /// Bytes of `buf` read from `inner`.
    filled: usize,
    /// Bytes of `buf` whose lines and characters are in `line` and `column`.
    counted: Cell<usize>,
    line: Cell<usize>,
    column: Cell<usize>,
    /// The marked offset in `buf`, while its position is not yet known.
    mark: Cell<Option<usize>>,
    /// The marked offset's line and column, once known.
    marked: Cell<(usize, usize)>,
    /// Whether fills are scanned for [suspect bytes](has_suspect_bytes).
    scan_suspect: bool,
    /// Whether the bytes in `buf` were scanned and hold no suspect byte.
    clean: bool,
    /// Fills that were not found clean.
    unclean_fills: u64,
    /// `unclean_fills` when the mark was set in a clean buffer.
    mark_fills: Cell<Option<u64>>,
}

impl<R: Read> Counting<R> {
    /// Reads `inner`, which starts at line 1, column 1.
    pub(crate) fn new(inner: R) -> Counting<R> {
        Counting {
            inner,
            buf: vec![0; COUNTING_BUFFER].into_boxed_slice(),
            pos: 0,
            filled: 0,
            counted: Cell::new(0),
            line: Cell::new(1),
            column: Cell::new(1),
            mark: Cell::new(None),
            marked: Cell::new((1, 1)),
            scan_suspect: false,
            clean: false,
            unclean_fills: 0,
            mark_fills: Cell::new(None),
        }
    }

    /// Scans every fill for [suspect bytes](has_suspect_bytes), once, so that the text of a
    /// clean fill need not be scanned again piece by piece: nearly every file has none at all.
    pub(crate) fn scan_for_suspect_bytes(&mut self) {
        self.scan_suspect = true;
    }

    /// Whether the bytes in the buffer hold no suspect byte (`false` when not scanned).
    pub(crate) fn buffer_clean(&self) -> bool {
        self.clean
    }

    /// Whether every byte from the [mark](Counting::mark) to the next one the parser will read
    /// was scanned and is no suspect byte (`false` when not scanned).
    pub(crate) fn clean_since_mark(&self) -> bool {
        self.clean && self.mark_fills.get() == Some(self.unclean_fills)
    }

    /// The line and column of the next byte the parser will read.
    pub(crate) fn position(&self) -> (usize, usize) {
        self.count_to(self.pos);
        (self.line.get(), self.column.get())
    }

    /// Remembers the offset of the next byte the parser will read, for
    /// [`Counting::marked_position`].
    pub(crate) fn mark(&self) {
        self.mark.set(Some(self.pos));
        self.mark_fills
            .set(self.clean.then_some(self.unclean_fills));
    }

    /// The line and column of the last [`Counting::mark`].
    pub(crate) fn marked_position(&self) -> (usize, usize) {
        if let Some(mark) = self.mark.get() {
            self.count_to(mark);
        }
        self.marked.get()
    }

    /// Whether the parser may owe an event without reading: after an empty-element tag (`<x/>`)
    /// read with `expand_empty_elements`, its end event comes next, and before the first event
    /// nothing ahead is known. Only the last bytes handed out tell, so this also answers `true`
    /// right after a refill.
    pub(crate) fn may_owe_event(&self) -> bool {
        self.pos < 2 || &self.buf[self.pos - 2..self.pos] == b"/>"
    }

    /// Consumes the whitespace (space, tab, newline, carriage return) ahead when a `<` follows it
    /// within the buffer: the whitespace between elements, which is half of a TMX file's events,
    /// at the cost of a short loop rather than a parser event. `false` when there is none, or when
    /// anything else (or the buffer's end) comes first.
    pub(crate) fn skip_blank_before_markup(&mut self) -> bool {
        let ahead = &self.buf[self.pos..self.filled];
        let blank = ahead
            .iter()
            .position(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        match blank {
            Some(n) if n > 0 && ahead[n] == b'<' => {
                self.pos += n;
                true
            }
            _ => false,
        }
    }

    /// The character data ahead, up to the next `<` or `&`, when that byte is within the buffer
    /// and the text is valid UTF-8: what the parser's next text event would hold, without copying
    /// it. `None` when the text is empty, runs past the buffer, or is not UTF-8 (the parser then
    /// reads it, and reports what is wrong). Hand it back with [`BufRead::consume`].
    pub(crate) fn text_ahead(&self) -> Option<&str> {
        let ahead = &self.buf[self.pos..self.filled];
        let end = memchr::memchr2(b'<', b'&', ahead)?;
        if end == 0 {
            return None;
        }
        simdutf8::basic::from_utf8(&ahead[..end]).ok()
    }

    /// Counts the bytes of `buf` up to `end`, noting the mark's position on the way.
    fn count_to(&self, end: usize) {
        let counted = self.counted.get();
        if let Some(mark) = self.mark.get()
            && mark >= counted
            && mark <= end
        {
            self.count_range(counted, mark);
            self.marked.set((self.line.get(), self.column.get()));
            self.mark.set(None);
            self.count_range(mark, end);
        } else if end > counted {
            self.count_range(counted, end);
        }
    }

    fn count_range(&self, from: usize, to: usize) {
        if to <= from {
            return;
        }
        let chunk = &self.buf[from..to];
        // Most ranges are a line or two of markup: a plain loop finds their last newline sooner
        // than a call into `memchr` would.
        let last = if chunk.len() <= SHORT_RANGE {
            chunk.iter().rposition(|&b| b == b'\n')
        } else {
            memchr::memrchr(b'\n', chunk)
        };
        match last {
            Some(last) => {
                self.line
                    .set(self.line.get() + count_newlines(&chunk[..last + 1]));
                self.column.set(1 + count_chars(&chunk[last + 1..]));
            }
            None => self.column.set(self.column.get() + count_chars(chunk)),
        }
        self.counted.set(to);
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Counting<R> {
    #[inline]
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.filled {
            // The bytes are about to be overwritten: count them (and place the mark) first.
            self.count_to(self.filled);
            let n = self.inner.read(&mut self.buf)?;
            self.pos = 0;
            self.filled = n;
            self.counted.set(0);
            self.clean = self.scan_suspect && !has_suspect_bytes(&self.buf[..n]);
            if !self.clean {
                self.unclean_fills += 1;
            }
        }
        Ok(&self.buf[self.pos..self.filled])
    }

    #[inline]
    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.filled);
    }
}

/// Ranges up to this many bytes are searched for their last newline byte by byte.
const SHORT_RANGE: usize = 256;

/// Newlines in `bytes`, summed in `u8` lanes of 255 bytes so that the loop vectorizes.
fn count_newlines(bytes: &[u8]) -> usize {
    let mut lines = 0usize;
    for chunk in bytes.chunks(255) {
        let n: u8 = chunk.iter().map(|&b| u8::from(b == b'\n')).sum();
        lines += usize::from(n);
    }
    lines
}

/// Characters in UTF-8 `bytes`: the bytes that are not continuation bytes (0x80-0xBF), summed in
/// `u8` lanes of 255 bytes so that the loop vectorizes fully.
fn count_chars(bytes: &[u8]) -> usize {
    let mut continuation = 0usize;
    for chunk in bytes.chunks(255) {
        let n: u8 = chunk.iter().map(|&b| u8::from((b as i8) < -64)).sum();
        continuation += usize::from(n);
    }
    bytes.len() - continuation
}

/// Whether `raw` may hold a character XML forbids: a control character other than tab, newline
/// and carriage return, or the lead byte 0xEF of U+FFFE/U+FFFF. A branch-free scan the compiler
/// vectorizes; only text it flags is checked character by character.
pub(crate) fn has_suspect_bytes(raw: &[u8]) -> bool {
    let mut suspect = 0u8;
    // Blocks of a fixed size, each folded on its own, so that the loop vectorizes.
    let mut blocks = raw.chunks_exact(SUSPECT_BLOCK);
    for block in &mut blocks {
        let mut any = 0u8;
        for &b in block {
            any |= u8::from(suspect_byte(b));
        }
        suspect |= any;
    }
    for &b in blocks.remainder() {
        suspect |= u8::from(suspect_byte(b));
    }
    suspect != 0
}

/// Bytes [`has_suspect_bytes`] folds together: two SSE registers.
const SUSPECT_BLOCK: usize = 32;

/// A control character XML does not allow, or the lead byte of U+FFFE and U+FFFF.
#[inline(always)]
fn suspect_byte(b: u8) -> bool {
    // Tab, newline and carriage return are the controls XML allows. `&` and `|` rather than
    // `&&` and `||`: no branch.
    // `b | 4 == 13` is tab (9) or carriage return (13): one test for two.
    ((b < 0x20) & ((b | 4) != b'\r') & (b != b'\n')) | (b == 0xEF)
}

/// Transcodes UTF-16 (after its BOM) to UTF-8 as it is read.
struct Utf16ToUtf8<R> {
    inner: R,
    big_endian: bool,
    out: Vec<u8>,
    pos: usize,
    pending_high: Option<u16>,
}

impl<R: Read> Read for Utf16ToUtf8<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.out.len() {
            self.out.clear();
            self.pos = 0;
            let mut raw = [0u8; 8192];
            let mut n = self.inner.read(&mut raw)?;
            if n == 0 {
                return Ok(0);
            }
            if n % 2 == 1 {
                // Complete the last code unit.
                let mut one = [0u8; 1];
                if self.inner.read(&mut one)? == 1 {
                    raw[n] = one[0];
                    n += 1;
                } else {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "UTF-16 input ends in the middle of a character",
                    ));
                }
            }
            for pair in raw[..n].chunks_exact(2) {
                let unit = if self.big_endian {
                    u16::from_be_bytes([pair[0], pair[1]])
                } else {
                    u16::from_le_bytes([pair[0], pair[1]])
                };
                let decoded = match (self.pending_high.take(), unit) {
                    (None, 0xD800..=0xDBFF) => {
                        self.pending_high = Some(unit);
                        continue;
                    }
                    (Some(high), 0xDC00..=0xDFFF) => char::from_u32(
                        0x10000 + (((high as u32) - 0xD800) << 10) + (unit as u32 - 0xDC00),
                    ),
                    (None, 0xDC00..=0xDFFF) | (Some(_), _) => None,
                    (None, u) => char::from_u32(u as u32),
                };
                let c = decoded.ok_or_else(|| {
                    io::Error::new(io::ErrorKind::InvalidData, "unpaired UTF-16 surrogate")
                })?;
                let mut tmp = [0u8; 4];
                self.out
                    .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            }
        }
        let n = (self.out.len() - self.pos).min(buf.len());
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Opens `input` as UTF-8, whatever its Unicode encoding: a UTF-8 BOM is skipped, UTF-16 with a
/// BOM is transcoded.
pub fn utf8_stream<R: Read + 'static>(input: R) -> io::Result<Box<dyn BufRead>> {
    let mut buffered = BufReader::with_capacity(1 << 16, input);
    let head = buffered.fill_buf()?;
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        buffered.consume(3);
        return Ok(Box::new(buffered));
    }
    for (bom, big_endian) in [([0xFF, 0xFE], false), ([0xFE, 0xFF], true)] {
        if head.starts_with(&bom) {
            buffered.consume(2);
            return Ok(Box::new(BufReader::with_capacity(
                1 << 16,
                Utf16ToUtf8 {
                    inner: buffered,
                    big_endian,
                    out: Vec::new(),
                    pos: 0,
                    pending_high: None,
                },
            )));
        }
    }
    Ok(Box::new(buffered))
}

/// Reads a TMX document unit by unit.
pub struct TmxReader {
    xml: Reader<Counting<Box<dyn BufRead>>>,
    path: PathBuf,
    header: Header,
    buf: Vec<u8>,
    done: bool,
    unit_position: Position,
}

impl TmxReader {
    /// Opens a TMX file and reads it up to the end of its header.
    pub fn open(path: &Path) -> Result<TmxReader> {
        let file = File::open(path).map_err(|e| Error::io(path, "opening", e))?;
        if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err(Error::file(
                path,
                "this is a folder; a TMX file was expected",
            ));
        }
        TmxReader::new(file, path)
    }

    /// Reads a TMX document from `input` (`path` only names it in messages).
    pub fn new<R: Read + 'static>(input: R, path: &Path) -> Result<TmxReader> {
        let stream = utf8_stream(input).map_err(|e| Error::io(path, "reading", e))?;
        let mut xml = Reader::from_reader(Counting::new(stream));
        xml.config_mut().expand_empty_elements = true;
        let mut reader = TmxReader {
            xml,
            path: path.to_path_buf(),
            header: Header::default(),
            buf: Vec::new(),
            done: false,
            unit_position: Position::LineColumn { line: 1, column: 1 },
        };
        reader.read_prolog()?;
        Ok(reader)
    }

    /// The file's header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Where the last unit returned by [`TmxReader::next_unit`] starts.
    pub fn unit_position(&self) -> &Position {
        &self.unit_position
    }

    fn position(&self) -> Position {
        let (line, column) = self.xml.get_ref().position();
        Position::LineColumn { line, column }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::input(&self.path, self.position(), message)
    }

    fn next_event(&mut self) -> Result<Event<'static>> {
        self.buf.clear();
        match self.xml.read_event_into(&mut self.buf) {
            Ok(Event::DocType(d)) if d.contains("<!ENTITY") || d.contains("SYSTEM \"http") => Err(self.error(
                "the document type declares entities; tmforge refuses to expand them (entity expansion \
                 and external entities are a known attack); remove the DOCTYPE's internal subset",
            )),
            Ok(event) => Ok(event.into_owned()),
            Err(e) => Err(self.error(format!("malformed XML: {e}"))),
        }
    }

    fn read_prolog(&mut self) -> Result<()> {
        let mut seen_root = false;
        loop {
            match self.next_event()? {
                Event::Start(e) if e.name().as_ref() == "tmx" => seen_root = true,
                Event::Start(e) if e.name().as_ref() == "header" && seen_root => {
                    self.header = self.read_header(&e)?;
                }
                Event::Start(e) if e.name().as_ref() == "body" && seen_root => return Ok(()),
                Event::Start(e) => {
                    let name = e.name().as_ref().to_string();
                    if !seen_root {
                        return Err(self.error(format!(
                            "the root element is <{name}>, not <tmx>: this is not a TMX file"
                        )));
                    }
                    self.skip(&name)?;
                }
                Event::Eof => {
                    return Err(self.error(if seen_root {
                        "the file ends before <body>"
                    } else {
                        "no <tmx> element: this is not a TMX file"
                    }));
                }
                _ => {}
            }
        }
    }

    fn read_header(&mut self, start: &BytesStart) -> Result<Header> {
        let mut header = Header::default();
        for (key, value) in self.attributes(start)? {
            match key.as_str() {
                "creationtool" => header.creation_tool = value,
                "creationtoolversion" => header.creation_tool_version = value,
                "segtype" => header.segtype = value,
                "o-tmf" => header.o_tmf = value,
                "adminlang" => header.adminlang = value,
                "srclang" => header.srclang = value,
                "datatype" => header.datatype = value,
                _ => header.extra.push((key, value)),
            }
        }
        loop {
            match self.next_event()? {
                Event::Start(e) => match e.name().as_ref() {
                    "prop" => header.props.push(self.read_prop(&e)?),
                    "note" => header.notes.push(self.read_note(&e)?),
                    other => {
                        let other = other.to_string();
                        self.skip(&other)?;
                    }
                },
                Event::End(_) => return Ok(header),
                Event::Eof => return Err(self.error("the file ends inside <header>")),
                _ => {}
            }
        }
    }

    /// The next unit, or `None` at the end of the body.
    pub fn next_unit(&mut self) -> Result<Option<TranslationUnit>> {
        if self.done {
            return Ok(None);
        }
        loop {
            let before = self.position();
            match self.next_event()? {
                Event::Start(e) if e.name().as_ref() == "tu" => {
                    self.unit_position = before;
                    return self.read_unit(&e).map(Some);
                }
                Event::Start(e) => {
                    let name = e.name().as_ref().to_string();
                    self.skip(&name)?;
                }
                Event::End(_) => {
                    self.done = true;
                    return Ok(None);
                }
                Event::Eof => return Err(self.error("the file ends inside <body>")),
                _ => {}
            }
        }
    }

    fn read_unit(&mut self, start: &BytesStart) -> Result<TranslationUnit> {
        let mut unit = TranslationUnit::default();
        for (key, value) in self.attributes(start)? {
            if key == "tuid" {
                unit.tuid = Some(value);
            } else {
                unit.extra.push((key, value));
            }
        }
        loop {
            match self.next_event()? {
                Event::Start(e) => match e.name().as_ref() {
                    "prop" => unit.props.push(self.read_prop(&e)?),
                    "note" => unit.notes.push(self.read_note(&e)?),
                    "tuv" => unit.variants.push(self.read_variant(&e)?),
                    other => {
                        let other = other.to_string();
                        self.skip(&other)?;
                    }
                },
                Event::End(_) => return Ok(unit),
                Event::Eof => return Err(self.error("the file ends inside <tu>")),
                _ => {}
            }
        }
    }

    fn read_variant(&mut self, start: &BytesStart) -> Result<Variant> {
        let mut lang = None;
        let mut extra = Vec::new();
        for (key, value) in self.attributes(start)? {
            match key.as_str() {
                "xml:lang" => lang = Some(value),
                "lang" if lang.is_none() => lang = Some(value),
                _ => extra.push((key, value)),
            }
        }
        let mut variant = Variant {
            lang: lang.unwrap_or_default(),
            extra,
            props: Vec::new(),
            notes: Vec::new(),
            segment: Segment::default(),
        };
        loop {
            match self.next_event()? {
                Event::Start(e) => match e.name().as_ref() {
                    "prop" => variant.props.push(self.read_prop(&e)?),
                    "note" => variant.notes.push(self.read_note(&e)?),
                    "seg" => variant.segment = Segment::from_xml(self.read_inner_xml("seg")?),
                    other => {
                        let other = other.to_string();
                        self.skip(&other)?;
                    }
                },
                Event::End(_) => return Ok(variant),
                Event::Eof => return Err(self.error("the file ends inside <tuv>")),
                _ => {}
            }
        }
    }

    fn read_prop(&mut self, start: &BytesStart) -> Result<Prop> {
        let mut prop = Prop::new("", "");
        for (key, value) in self.attributes(start)? {
            if key == "type" {
                prop.kind = value;
            } else {
                prop.extra.push((key, value));
            }
        }
        prop.value = segment_text(&self.read_inner_xml("prop")?);
        Ok(prop)
    }

    fn read_note(&mut self, start: &BytesStart) -> Result<Note> {
        let extra = self.attributes(start)?;
        let text = segment_text(&self.read_inner_xml("note")?);
        Ok(Note { text, extra })
    }

    fn attributes(&self, start: &BytesStart) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for attr in start.attributes() {
            let attr = attr.map_err(|e| self.error(format!("malformed attribute: {e}")))?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| self.error(format!("attribute `{}`: {e}", attr.key.as_ref())))?;
            out.push((attr.key.as_ref().to_string(), value.into_owned()));
        }
        Ok(out)
    }

    /// The content of the element just opened, as escaped XML, up to its end tag.
    fn read_inner_xml(&mut self, name: &str) -> Result<String> {
        let mut xml = String::new();
        let mut depth = 0usize;
        loop {
            match self.next_event()? {
                Event::Start(e) => {
                    depth += 1;
                    xml.push('<');
                    // `<ph x="1" />` is read as a start and an end tag: drop the space before `/>`.
                    xml.push_str(e.trim_end());
                    xml.push('>');
                }
                Event::End(e) => {
                    if depth == 0 {
                        return Ok(xml);
                    }
                    depth -= 1;
                    xml.push_str("</");
                    xml.push_str(e.name().as_ref());
                    xml.push('>');
                }
                Event::Text(t) => xml.push_str(&super::writer::escape_text(&t.xml10_content())),
                Event::CData(c) => {
                    xml.push_str(&super::writer::escape_text(&c));
                }
                Event::GeneralRef(r) => {
                    if r.is_char_ref() {
                        let c = r.resolve_char_ref().map_err(|e| {
                            self.error(format!("bad character reference &{};: {e}", &*r))
                        })?;
                        if let Some(c) = c {
                            xml.push_str(&super::writer::escape_text(&c.to_string()));
                        }
                    } else if matches!(&*r, "lt" | "gt" | "amp" | "apos" | "quot") {
                        xml.push('&');
                        xml.push_str(&r);
                        xml.push(';');
                    } else {
                        return Err(self.error(format!(
                            "undefined entity &{};: TMX allows only &amp; &lt; &gt; &apos; &quot; and \
                             character references (a bare & must be written &amp;)",
                            &*r
                        )));
                    }
                }
                Event::Eof => return Err(self.error(format!("the file ends inside <{name}>"))),
                _ => {}
            }
        }
    }

    fn skip(&mut self, name: &str) -> Result<()> {
        self.read_inner_xml(name).map(|_| ())
    }
}

/// Reads a whole TMX file into memory: for small files and tests. Large files should use
/// [`TmxReader`] unit by unit.
pub fn read_file(path: &Path) -> Result<(Header, Vec<TranslationUnit>)> {
    let mut reader = TmxReader::open(path)?;
    let mut units = Vec::new();
    while let Some(unit) = reader.next_unit()? {
        units.push(unit);
    }
    Ok((reader.header().clone(), units))
}

/// A segment's text for a format without inline codes: each code is replaced by its native text
/// (`{1}`, `<b>`), so that "Step {1} of 5" does not become "Step  of 5". Returns the text, the
/// number of codes written as their native text, and the number that had none and were dropped.
pub fn segment_text_flattened(xml: &str) -> (String, usize, usize) {
    let mut out = String::with_capacity(xml.len());
    let (mut kept, mut dropped) = (0, 0);
    // Whether the code element now open has shown any native text.
    let mut open_code: Option<bool> = None;
    let mut rest = xml;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').unwrap_or(after.len());
            let tag = &after[..end];
            let closing = tag.starts_with('/');
            let self_closing = tag.ends_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            if matches!(name.as_str(), "bpt" | "ept" | "ph" | "it" | "ut") {
                if self_closing {
                    dropped += 1;
                } else if closing {
                    match open_code.take() {
                        Some(true) => kept += 1,
                        _ => dropped += 1,
                    }
                } else {
                    open_code = Some(false);
                }
            }
            rest = &after[(end + 1).min(after.len())..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let chunk = &rest[..end];
            if let Some(shown) = open_code.as_mut() {
                *shown |= !chunk.is_empty();
            }
            match quick_xml::escape::unescape(chunk) {
                Ok(text) => out.push_str(&text),
                Err(_) => out.push_str(chunk),
            }
            rest = &rest[end..];
        }
    }
    (out, kept, dropped)
}

/// The plain text of a segment's inner XML: character data outside inline codes, unescaped.
pub fn segment_text(xml: &str) -> String {
    if !xml.contains(['<', '&']) {
        return xml.to_string();
    }
    let mut out = String::with_capacity(xml.len());
    // Depth inside elements whose content is native code rather than text.
    let mut code_depth = 0usize;
    let mut rest = xml;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').unwrap_or(after.len());
            let tag = &after[..end];
            let closing = tag.starts_with('/');
            let self_closing = tag.ends_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            let is_code = matches!(name.as_str(), "bpt" | "ept" | "ph" | "it" | "ut");
            if is_code && !self_closing {
                if closing {
                    code_depth = code_depth.saturating_sub(1);
                } else {
                    code_depth += 1;
                }
            } else if name == "sub" && code_depth > 0 {
                // <sub> holds translatable text inside a code.
                if closing {
                    code_depth += 1;
                } else {
                    code_depth -= 1;
                }
            }
            rest = &after[(end + 1).min(after.len())..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            if code_depth == 0 {
                let chunk = &rest[..end];
                match quick_xml::escape::unescape(chunk) {
                    Ok(text) => out.push_str(&text),
                    Err(_) => out.push_str(chunk),
                }
            }
            rest = &rest[end..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(xml: &str) -> Result<(Header, Vec<TranslationUnit>)> {
        let mut reader =
            TmxReader::new(io::Cursor::new(xml.as_bytes().to_vec()), Path::new("t.tmx"))?;
        let mut units = Vec::new();
        while let Some(u) = reader.next_unit()? {
            units.push(u);
        }
        Ok((reader.header().clone(), units))
    }

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="X" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="*all*" datatype="html"><prop type="x-a">1</prop></header>
<body>
<tu tuid="7" usagecount="2"><note>n &amp; m</note>
<tuv xml:lang="en-US"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> &amp; go&#33;</seg></tuv>
<tuv lang="ar"><seg><![CDATA[a<b]]></seg></tuv>
</tu>
</body></tmx>"#;

    #[test]
    fn reads_any_tools_tmx_keeping_inline_codes() {
        let (header, units) = read_str(SAMPLE).unwrap();
        assert_eq!(header.srclang, "*all*");
        assert_eq!(header.props[0].kind, "x-a");
        assert_eq!(units.len(), 1);
        let u = &units[0];
        assert_eq!(u.tuid.as_deref(), Some("7"));
        assert_eq!(u.attribute("usagecount"), Some("2"));
        assert_eq!(u.notes[0].text, "n & m");
        let en = u.variant("en").unwrap();
        assert_eq!(
            en.segment.xml(),
            "Press <bpt i=\"1\">&lt;b&gt;</bpt>Save<ept i=\"1\">&lt;/b&gt;</ept> &amp; go!"
        );
        assert_eq!(en.segment.text(), "Press Save & go!");
        assert_eq!(u.variant("ar").unwrap().segment.text(), "a<b");
    }

    #[test]
    fn flattening_keeps_native_text_of_codes() {
        let (text, kept, dropped) = segment_text_flattened(
            "Step <ph x=\"1\">{1}</ph> of 5<ph type=\"lb\"></ph>, <bpt i=\"1\">&lt;b&gt;</bpt>now<ept i=\"1\">&lt;/b&gt;</ept><ph/>",
        );
        assert_eq!(text, "Step {1} of 5, <b>now</b>");
        assert_eq!((kept, dropped), (3, 2));
    }

    #[test]
    fn count_newlines_counts_newlines() {
        let text = "a\nجاكرتا\n\n".repeat(300);
        assert_eq!(count_newlines(text.as_bytes()), 900);
        assert_eq!(count_newlines(b"no newline"), 0);
    }

    #[test]
    fn count_chars_counts_characters() {
        let text = "جاكرتا x ".repeat(100);
        assert_eq!(count_chars(text.as_bytes()), text.chars().count());
        assert_eq!(count_chars(b""), 0);
    }

    /// The line and column after `text`, character by character.
    fn naive_position(text: &[u8]) -> (usize, usize) {
        let text = std::str::from_utf8(text).unwrap();
        let line = 1 + text.matches('\n').count();
        let column = 1 + text.rsplit('\n').next().unwrap().chars().count();
        (line, column)
    }

    #[test]
    fn counting_places_marks_across_buffer_refills() {
        // Over two buffers' worth of mixed-script lines, consumed in uneven steps (never splitting a
        // character), with a mark before every step and asked for after it.
        let line = "جاكرتا x <seg>48</seg>\n";
        let text = line.repeat(3 * COUNTING_BUFFER / line.len());
        let bytes = text.as_bytes();
        let mut counting = Counting::new(io::Cursor::new(bytes.to_vec()));
        let mut offset = 0;
        let mut step = 1;
        while offset < bytes.len() {
            counting.mark();
            let available = counting.fill_buf().unwrap().len();
            let mut n = step.min(available);
            while !text.is_char_boundary(offset + n) {
                n -= 1;
            }
            let before = offset;
            counting.consume(n);
            offset += n;
            if step % 3 == 0 {
                // Refill before asking, as the parser does when an event straddles buffers.
                let _ = counting.fill_buf().unwrap();
            }
            assert_eq!(
                counting.marked_position(),
                naive_position(&bytes[..before]),
                "{before}"
            );
            if step % 5 == 0 {
                assert_eq!(counting.position(), naive_position(&bytes[..offset]));
            }
            step = step % 9973 + 17;
        }
        assert_eq!(counting.position(), naive_position(bytes));
    }

    #[test]
    fn errors_have_line_and_column() {
        let bad = "<tmx version=\"1.4\">\n<header srclang=\"ar\"/>\n<body>\n<tu><tuv xml:lang=\"en\"><seg>a & b</seg></tuv></tu>\n</body></tmx>";
        let err = read_str(bad).unwrap_err().to_string();
        assert!(err.starts_with("t.tmx:4:"), "{err}");
    }

    #[test]
    fn entity_declarations_are_refused() {
        let lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>&lol2;</seg></tuv></tu></body></tmx>";
        let err = read_str(lol).unwrap_err().to_string();
        assert!(err.contains("entities"), "{err}");
    }

    #[test]
    fn utf16_with_bom() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let mut reader = TmxReader::new(io::Cursor::new(bytes), Path::new("t.tmx")).unwrap();
        let unit = reader.next_unit().unwrap().unwrap();
        assert_eq!(
            unit.variant("en").unwrap().segment.text(),
            "Press Save & go!"
        );
    }

    #[test]
    fn suspect_bytes_are_the_forbidden_controls_and_the_lead_of_fffe() {
        for b in 0..=255u8 {
            let forbidden = (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF;
            assert_eq!(suspect_byte(b), forbidden, "{b:#04x}");
            let mut block = vec![b'a'; 70];
            block[b as usize % 70] = b;
            assert_eq!(has_suspect_bytes(&block), forbidden, "{b:#04x}");
        }
    }

    #[test]
    fn counting_knows_which_fills_are_clean() {
        let mut bytes = vec![b'a'; 3 * COUNTING_BUFFER];
        bytes[COUNTING_BUFFER + 10] = 0x01;
        let mut counting = Counting::new(io::Cursor::new(bytes.clone()));
        // Without the scan nothing is known to be clean.
        let _ = counting.fill_buf().unwrap();
        counting.mark();
        assert!(!counting.buffer_clean() && !counting.clean_since_mark());

        let mut counting = Counting::new(io::Cursor::new(bytes));
        counting.scan_for_suspect_bytes();
        let _ = counting.fill_buf().unwrap();
        counting.consume(COUNTING_BUFFER - 5);
        counting.mark();
        assert!(counting.buffer_clean() && counting.clean_since_mark());
        // An event from the clean first fill into the second, which holds U+0001.
        counting.consume(5);
        let _ = counting.fill_buf().unwrap();
        assert!(!counting.buffer_clean() && !counting.clean_since_mark());
        counting.consume(COUNTING_BUFFER - 5);
        counting.mark();
        assert!(!counting.clean_since_mark());
        // Marked in the unclean fill, read on into the clean third one.
        counting.consume(5);
        let _ = counting.fill_buf().unwrap();
        assert!(counting.buffer_clean() && !counting.clean_since_mark());
        counting.mark();
        assert!(counting.clean_since_mark());
    }
}
