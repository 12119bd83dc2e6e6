//! The TMX stage: one model of a translation memory ([`Header`], [`TranslationUnit`], [`Variant`])
//! and the TMX 1.4b reader and writer on top of it.
//!
//! The model keeps what any tool's TMX can hold, not only what tmforge writes: every attribute,
//! `<prop>` and `<note>` survives a read and a write, and a segment keeps its inline markup
//! (`<bpt>`, `<ph>` ...) verbatim as XML, so that converting or merging another tool's memory never
//! loses its codes. Plain text goes in and out through [`Segment::from_text`] and
//! [`Segment::text`].

pub mod codes;
pub mod reader;
pub mod writer;

pub use reader::TmxReader;
pub use writer::TmxWriter;

/// The value of `creationtool` in the files tmforge writes, and the mark by which it recognizes
/// its own files before overwriting one.
pub const CREATION_TOOL: &str = "tmforge";

/// `<header>`: the seven attributes TMX 1.4b requires, and the optional ones.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    pub creation_tool: String,
    pub creation_tool_version: String,
    /// `block`, `paragraph`, `sentence` or `phrase`.
    pub segtype: String,
    pub o_tmf: String,
    pub adminlang: String,
    /// A language tag, or `*all*`.
    pub srclang: String,
    pub datatype: String,
    /// Optional attributes in document order (`creationdate`, `o-encoding`, ...).
    pub extra: Vec<(String, String)>,
    pub props: Vec<Prop>,
    pub notes: Vec<Note>,
}

impl Header {
    /// The header of a sentence-level plain-text memory written by tmforge.
    pub fn tmforge(srclang: &str, creationdate: &str) -> Header {
        Header {
            creation_tool: CREATION_TOOL.to_string(),
            creation_tool_version: env!("CARGO_PKG_VERSION").to_string(),
            segtype: "sentence".to_string(),
            o_tmf: CREATION_TOOL.to_string(),
            adminlang: "en".to_string(),
            srclang: srclang.to_string(),
            datatype: "plaintext".to_string(),
            extra: vec![("creationdate".to_string(), creationdate.to_string())],
            props: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// An optional attribute's value.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        find_attribute(&self.extra, name)
    }
}

/// The value of attribute `name` among `attributes`.
fn find_attribute<'a>(attributes: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `<prop type="...">`: tool-specific metadata; user-defined types start with `x-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prop {
    pub kind: String,
    pub value: String,
    /// Other attributes (`xml:lang`, `o-encoding`).
    pub extra: Vec<(String, String)>,
}

impl Prop {
    pub fn new(kind: impl Into<String>, value: impl Into<String>) -> Prop {
        Prop {
            kind: kind.into(),
            value: value.into(),
            extra: Vec::new(),
        }
    }
}

/// `<note>`: free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub extra: Vec<(String, String)>,
}

/// `<tu>`: one translation unit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TranslationUnit {
    pub tuid: Option<String>,
    /// Other attributes in document order (`srclang`, `creationdate`, `usagecount`, ...).
    pub extra: Vec<(String, String)>,
    pub props: Vec<Prop>,
    pub notes: Vec<Note>,
    pub variants: Vec<Variant>,
}

impl TranslationUnit {
    /// The value of the first prop of type `kind`.
    pub fn prop(&self, kind: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|p| p.kind == kind)
            .map(|p| p.value.as_str())
    }

    /// The first variant whose language has the same primary subtag as `lang` (case-insensitive),
    /// preferring an exact match.
    pub fn variant(&self, lang: &str) -> Option<&Variant> {
        let lang = lang.to_ascii_lowercase();
        let primary = lang.split(['-', '_']).next().unwrap_or("");
        self.variants
            .iter()
            .find(|v| v.lang.eq_ignore_ascii_case(&lang))
            .or_else(|| self.variants.iter().find(|v| v.primary_lang() == primary))
    }

    /// An optional attribute's value.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        find_attribute(&self.extra, name)
    }
}

/// `<tuv>`: the text of a unit in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The `xml:lang` value as written.
    pub lang: String,
    pub extra: Vec<(String, String)>,
    pub props: Vec<Prop>,
    pub notes: Vec<Note>,
    pub segment: Segment,
}

impl Variant {
    /// A variant holding plain text.
    pub fn text(lang: impl Into<String>, text: &str) -> Variant {
        Variant {
            lang: lang.into(),
            extra: Vec::new(),
            props: Vec::new(),
            notes: Vec::new(),
            segment: Segment::from_text(text),
        }
    }

    /// A variant holding `segment` (text with inline codes).
    pub fn segment(lang: impl Into<String>, segment: Segment) -> Variant {
        Variant {
            segment,
            ..Variant::text(lang, "")
        }
    }

    /// The primary language subtag, lower case.
    pub fn primary_lang(&self) -> String {
        self.lang
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }
}

/// The content of a `<seg>`: escaped XML, inline elements included, exactly as it is written
/// between `<seg>` and `</seg>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segment {
    xml: String,
}

impl Segment {
    /// A segment holding `text` (escaped; characters XML forbids are dropped).
    pub fn from_text(text: &str) -> Segment {
        Segment {
            xml: writer::escape_text(text).into_owned(),
        }
    }

    /// A segment from its inner XML, trusted to be well-formed (the reader produces it).
    pub fn from_xml(xml: String) -> Segment {
        Segment { xml }
    }

    /// The inner XML.
    pub fn xml(&self) -> &str {
        &self.xml
    }

    /// The plain text: character data outside inline elements, unescaped. Inline codes
    /// (`<bpt>`, `<ph>` ...) hold native markup, not text, and are left out; `<hi>` and `<sub>`
    /// hold translatable text and are kept.
    pub fn text(&self) -> String {
        reader::segment_text(&self.xml)
    }

    /// The text with each inline code replaced by its native text (`{1}`, `<b>`), for formats
    /// without inline codes; also how many codes kept native text and how many had none.
    pub fn flattened(&self) -> (String, usize, usize) {
        reader::segment_text_flattened(&self.xml)
    }

    /// Whether the segment holds inline elements.
    pub fn has_markup(&self) -> bool {
        self.xml.contains('<')
    }
}
