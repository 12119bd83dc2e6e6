//! XLIFF 1.2 and 2.x (2.0, 2.1, 2.2) files as [`BilingualUnit`]s: each translated unit's source
//! and target, its id and notes, its inline codes in the one inline model.
//!
//! Kept: `trans-unit`s (1.2) and `unit`s (2.x), inside any `group`; a 1.2 `<seg-source>`'s
//! `<mrk mtype="seg">` segments and a 2.x unit's `<segment>`s when it has several, each as a pair
//! given by the file; notes (1.2 `<note>`, 2.x `<notes><note>`); ids as props. Inline codes: 1.2
//! `<g>`, `<x/>`, `<bx/>`/`<ex/>`, `<bpt>`/`<ept>`, `<ph>`, `<it>`; 2.x `<pc>`, `<ph/>`,
//! `<sc/>`/`<ec/>`, with the native text 1.2 carries inside `<bpt>`, `<ept>`, `<ph>`, `<it>` and
//! 2.x in `<originalData>`. `ctype` (1.2) and `type`/`subType` (2.x) give bold, italic, underline,
//! link, line break and image; other codes keep no type. `<mrk>` annotations keep their text.
//!
//! Left out: units with `translate="no"`, units without a target or with an empty one, 1.2
//! targets in state `needs-translation`, `<alt-trans>` (suggestions, not the translation), 2.x
//! match, glossary and other modules (elements in another namespace), `<bin-unit>`, 1.2
//! `<context-group>`, and `<ignorable>` whitespace between segments.
//!
//! The XML is refused, with its line and column, when it is malformed or declares entities.

use std::collections::HashMap;
use std::path::Path;

use super::bilingual::{Bilingual, BilingualUnit, Languages, left_out_notice};
use super::inline::{CodeId, CodeKind, LoneEnd, RichText, TextBuilder};
use super::is_xml_char;
use super::package::{XmlElement, XmlEvent, parse_xml, skip_subtree};
use crate::error::{Error, Position, Result};

/// Reads XLIFF text (decoded, LF line ends); `path` names it in messages.
pub fn read(path: &Path, text: &str, languages: &Languages) -> Result<Bilingual> {
    let events = parse_xml(text).map_err(|e| {
        let hint = if e.entities {
            ": no CAT tool writes them into XLIFF"
        } else {
            ": the XLIFF file is damaged; export it again from the CAT tool"
        };
        Error::input(
            path,
            Position::of_offset(text, e.at),
            format!("{}{hint}", e.message),
        )
    })?;
    let Some((root_index, root)) = events.iter().enumerate().find_map(|(i, e)| match e {
        XmlEvent::Start(e) => Some((i, e)),
        _ => None,
    }) else {
        return Err(Error::file(
            path,
            "no XML element: this is not an XLIFF file",
        ));
    };
    let (prefix, local) = match root.name.split_once(':') {
        Some((p, l)) => (format!("{p}:"), l),
        None => (String::new(), root.name.as_str()),
    };
    if local != "xliff" {
        return Err(Error::file(
            path,
            format!(
                "the root element is <{}>, not <xliff>: this is not an XLIFF file",
                root.name
            ),
        ));
    }
    let version = root.attr("version").unwrap_or("");
    let v2 = version.starts_with('2') || (version.is_empty() && root.attr("srcLang").is_some());
    let mut reader = Reader {
        path,
        text,
        languages,
        prefix,
        out: Bilingual::default(),
        counts: Counts::default(),
    };
    if v2 {
        if let Some(lang) = root.attr("srcLang") {
            reader.check(false, lang, "srcLang")?;
        }
        if let Some(lang) = root.attr("trgLang") {
            reader.check(true, lang, "trgLang")?;
        }
    }
    reader.structure(&events[root_index + 1..], v2)?;
    let c = &reader.counts;
    let left_out = left_out_notice(
        path,
        &[
            (c.untranslated, "untranslated segments"),
            (c.not_for_translation, "units marked translate=\"no\""),
        ],
    );
    reader.out.notices.extend(left_out);
    Ok(reader.out)
}

#[derive(Debug, Default)]
struct Counts {
    untranslated: usize,
    not_for_translation: usize,
}

struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    languages: &'a Languages,
    /// The prefix of XLIFF's own elements (`""`, or `"xlf:"` when the file binds one).
    prefix: String,
    out: Bilingual,
    counts: Counts,
}

impl Reader<'_> {
    /// The local name of an XLIFF element, or `None` for an element of another namespace (a
    /// module or a tool's extension).
    fn local<'n>(&self, name: &'n str) -> Option<&'n str> {
        if self.prefix.is_empty() {
            (!name.contains(':')).then_some(name)
        } else {
            name.strip_prefix(self.prefix.as_str())
        }
    }

    fn check(&self, target: bool, declared: &str, attribute: &str) -> Result<()> {
        let offset = [
            format!("{attribute}=\"{declared}\""),
            format!("{attribute}='{declared}'"),
        ]
        .iter()
        .find_map(|needle| self.text.find(needle.as_str()))
        .unwrap_or(0);
        self.languages
            .check(self.path, self.text, offset, target, declared, attribute)
    }

    /// Walks files and groups down to the units.
    fn structure(&mut self, events: &[XmlEvent], v2: bool) -> Result<()> {
        let mut i = 0;
        while i < events.len() {
            let XmlEvent::Start(e) = &events[i] else {
                i += 1;
                continue;
            };
            let end = skip_subtree(events, i);
            match self.local(&e.name) {
                Some("file") if !v2 => {
                    if let Some(lang) = e.attr("source-language") {
                        self.check(false, lang, "source-language")?;
                    }
                    if let Some(lang) = e.attr("target-language") {
                        self.check(true, lang, "target-language")?;
                    }
                    i += 1;
                }
                Some("file" | "body" | "group") => i += 1,
                Some("trans-unit") if !v2 => {
                    self.unit_v1(e, &events[i + 1..end - 1])?;
                    i = end;
                }
                Some("unit") if v2 => {
                    self.unit_v2(e, &events[i + 1..end - 1]);
                    i = end;
                }
                _ => i = end,
            }
        }
        Ok(())
    }

    fn unit_v1(&mut self, unit: &XmlElement, children: &[XmlEvent]) -> Result<()> {
        if unit.attr("translate") == Some("no") {
            self.counts.not_for_translation += 1;
            return Ok(());
        }
        let mut source = None;
        let mut seg_source = None;
        let mut target = None;
        let mut notes = Vec::new();
        for (element, content) in child_elements(children) {
            match self.local(&element.name) {
                Some("source") => source = Some(content),
                Some("seg-source") => seg_source = Some(content),
                Some("target") => {
                    if let Some(lang) = element.attr("xml:lang") {
                        self.check(true, lang, "the target's xml:lang")?;
                    }
                    if element.attr("state") != Some("needs-translation") {
                        target = Some(content);
                    }
                }
                Some("note") => push_note(&mut notes, content),
                _ => {}
            }
        }
        let mut props = Vec::new();
        if let Some(id) = unit.attr("id") {
            props.push(("x-id".to_string(), id.to_string()));
        }
        let Some(target) = target else {
            self.counts.untranslated += 1;
            return Ok(());
        };
        let target_segments = segments_v1(self, target);
        if let (Some(seg_source), false) = (seg_source, target_segments.is_empty()) {
            let targets: HashMap<&str, &[XmlEvent]> = target_segments.into_iter().collect();
            for (mid, content) in segments_v1(self, seg_source) {
                let Some(target) = targets.get(mid) else {
                    self.counts.untranslated += 1;
                    continue;
                };
                let mut props = props.clone();
                props.push(("x-segment".to_string(), mid.to_string()));
                self.push_unit(
                    inline_v1(self, content),
                    inline_v1(self, target),
                    true,
                    props,
                    notes.clone(),
                );
            }
            return Ok(());
        }
        let Some(source) = source else {
            return Ok(());
        };
        let (source, target) = (inline_v1(self, source), inline_v1(self, target));
        self.push_unit(source, target, false, props, notes);
        Ok(())
    }

    fn unit_v2(&mut self, unit: &XmlElement, children: &[XmlEvent]) {
        if unit.attr("translate") == Some("no") {
            self.counts.not_for_translation += 1;
            return;
        }
        let mut notes = Vec::new();
        let mut data = HashMap::new();
        let mut segments = Vec::new();
        for (element, content) in child_elements(children) {
            match self.local(&element.name) {
                Some("notes") => {
                    for (note, text) in child_elements(content) {
                        if self.local(&note.name) == Some("note") {
                            push_note(&mut notes, text);
                        }
                    }
                }
                Some("originalData") => {
                    for (d, text) in child_elements(content) {
                        if let Some(id) = d.attr("id") {
                            data.insert(id.to_string(), self.native_v2(text));
                        }
                    }
                }
                Some("segment") => {
                    let (mut source, mut target) = (None, None);
                    for (part, text) in child_elements(content) {
                        match self.local(&part.name) {
                            Some("source") => source = Some(text),
                            Some("target") => target = Some(text),
                            _ => {}
                        }
                    }
                    segments.push((element.attr("id"), source, target));
                }
                _ => {}
            }
        }
        let given = segments.len() > 1;
        for (segment_id, source, target) in segments {
            let Some(source) = source else { continue };
            let Some(target) = target else {
                self.counts.untranslated += 1;
                continue;
            };
            let mut props = Vec::new();
            if let Some(id) = unit.attr("id") {
                props.push(("x-id".to_string(), id.to_string()));
            }
            if let (Some(id), true) = (segment_id, given) {
                props.push(("x-segment".to_string(), id.to_string()));
            }
            let (source, target) = (self.inline_v2(source, &data), self.inline_v2(target, &data));
            self.push_unit(source, target, given, props, notes.clone());
        }
    }

    fn push_unit(
        &mut self,
        source: RichText,
        target: RichText,
        given_segment: bool,
        props: Vec<(String, String)>,
        notes: Vec<String>,
    ) {
        if source.is_blank() {
            return;
        }
        if target.is_blank() {
            self.counts.untranslated += 1;
            return;
        }
        self.out.units.push(BilingualUnit {
            source,
            target,
            given_segment,
            props,
            notes,
        });
    }

    /// The text of an `<originalData><data>`: characters and `<cp hex>`.
    fn native_v2(&self, events: &[XmlEvent]) -> String {
        let mut out = String::new();
        for e in events {
            match e {
                XmlEvent::Text(t) => out.push_str(t),
                XmlEvent::Start(e) if self.local(&e.name) == Some("cp") => {
                    out.extend(code_point(e));
                }
                _ => {}
            }
        }
        out
    }

    /// XLIFF 2 inline content as rich text.
    fn inline_v2(&self, events: &[XmlEvent], data: &HashMap<String, String>) -> RichText {
        let native = |e: &XmlElement, attr: &str| -> String {
            e.attr(attr)
                .and_then(|d| data.get(d))
                .cloned()
                .unwrap_or_default()
        };
        let closed: Vec<&str> = events
            .iter()
            .filter_map(|e| match e {
                XmlEvent::Start(e) if self.local(&e.name) == Some("ec") => e.attr("startRef"),
                _ => None,
            })
            .collect();
        let mut b = TextBuilder::with_spaced_codes();
        let mut open_sc: HashMap<String, CodeId> = HashMap::new();
        let mut stack: Vec<Option<CodeId>> = Vec::new();
        let mut i = 0;
        while i < events.len() {
            match &events[i] {
                XmlEvent::Text(t) => b.text(t),
                XmlEvent::End(_) => {
                    if let Some(Some(id)) = stack.pop() {
                        b.close(id);
                    }
                }
                XmlEvent::Start(e) => {
                    let end = skip_subtree(events, i);
                    let id = e.attr("id");
                    match self.local(&e.name) {
                        Some("pc") => {
                            let kind = kind_v2(e, true);
                            let code = b.open_code(
                                kind,
                                &native(e, "dataRefStart"),
                                &native(e, "dataRefEnd"),
                                id,
                            );
                            stack.push(Some(code));
                            i += 1;
                            continue;
                        }
                        Some("mrk") => {
                            stack.push(None);
                            i += 1;
                            continue;
                        }
                        Some("ph") => {
                            b.placeholder_code(kind_v2(e, false), &native(e, "dataRef"), id)
                        }
                        Some("cp") => {
                            if let Some(c) = code_point(e) {
                                b.text(&c.to_string());
                            }
                        }
                        Some("sc") => {
                            let kind = kind_v2(e, true);
                            let paired = e.attr("isolated") != Some("yes")
                                && id.is_some_and(|id| closed.contains(&id));
                            if let (true, Some(id)) = (paired, id) {
                                let code = b.open_code(kind, &native(e, "dataRef"), "", Some(id));
                                open_sc.insert(id.to_string(), code);
                            } else {
                                b.lone(kind, LoneEnd::Begin, &native(e, "dataRef"), id);
                            }
                        }
                        Some("ec") => {
                            let start = e.attr("startRef");
                            match start.and_then(|s| open_sc.remove(s)) {
                                Some(code) => {
                                    b.set_close(code, &native(e, "dataRef"));
                                    b.close(code);
                                }
                                None => b.lone(
                                    kind_v2(e, true),
                                    LoneEnd::End,
                                    &native(e, "dataRef"),
                                    id.or(start),
                                ),
                            }
                        }
                        _ => {}
                    }
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        b.finish()
    }
}

/// XLIFF 1.2 inline content as rich text.
fn inline_v1(reader: &Reader, events: &[XmlEvent]) -> RichText {
    // Keys (`rid`, else `id`) of the ends present, so that a beginning whose end is in another
    // unit becomes a lone code rather than a pair closed at the end of the text.
    let key = |e: &XmlElement| e.attr("rid").or(e.attr("id")).map(str::to_string);
    let ends: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            XmlEvent::Start(e) if matches!(reader.local(&e.name), Some("ex" | "ept")) => key(e),
            _ => None,
        })
        .collect();
    let mut b = TextBuilder::with_spaced_codes();
    let mut open: HashMap<String, CodeId> = HashMap::new();
    let mut stack: Vec<Option<CodeId>> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            XmlEvent::Text(t) => b.text(t),
            XmlEvent::End(_) => {
                if let Some(Some(id)) = stack.pop() {
                    b.close(id);
                }
            }
            XmlEvent::Start(e) => {
                let end = skip_subtree(events, i);
                let native = native_v1(&events[i + 1..end.saturating_sub(1)]);
                let id = e.attr("id");
                match reader.local(&e.name) {
                    Some("g") => {
                        let code = b.open_code(kind_v1(e, true), "", "", id);
                        stack.push(Some(code));
                        i += 1;
                        continue;
                    }
                    Some("mrk") => {
                        stack.push(None);
                        i += 1;
                        continue;
                    }
                    Some("x") => b.placeholder_code(kind_v1(e, false), "", id),
                    Some("ph") => b.placeholder_code(kind_v1(e, false), &native, id),
                    Some(name @ ("bx" | "bpt")) => {
                        let native = if name == "bpt" { native.as_str() } else { "" };
                        match key(e).filter(|k| ends.contains(k)) {
                            Some(k) => {
                                let code = b.open_code(kind_v1(e, true), native, "", id);
                                open.insert(k, code);
                            }
                            None => b.lone(kind_v1(e, true), LoneEnd::Begin, native, id),
                        }
                    }
                    Some(name @ ("ex" | "ept")) => {
                        let native = if name == "ept" { native.as_str() } else { "" };
                        match key(e).and_then(|k| open.remove(&k)) {
                            Some(code) => {
                                b.set_close(code, native);
                                b.close(code);
                            }
                            None => b.lone(CodeKind::Code, LoneEnd::End, native, id),
                        }
                    }
                    Some("it") => {
                        let end = if e.attr("pos") == Some("close") {
                            LoneEnd::End
                        } else {
                            LoneEnd::Begin
                        };
                        b.lone(kind_v1(e, true), end, &native, id);
                    }
                    _ => {}
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    b.finish()
}

/// The native code inside a 1.2 `<bpt>`, `<ept>`, `<ph>` or `<it>`: its characters, including
/// those of a `<sub>`.
fn native_v1(events: &[XmlEvent]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            XmlEvent::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

/// The `<mrk mtype="seg" mid>` segments of a 1.2 `<seg-source>` or segmented `<target>`.
fn segments_v1<'e>(reader: &Reader, events: &'e [XmlEvent]) -> Vec<(&'e str, &'e [XmlEvent])> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let XmlEvent::Start(e) = &events[i] {
            let end = skip_subtree(events, i);
            if reader.local(&e.name) == Some("mrk") && e.attr("mtype") == Some("seg") {
                out.push((e.attr("mid").unwrap_or(""), &events[i + 1..end - 1]));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The kind of a 1.2 code from its `ctype`.
fn kind_v1(e: &XmlElement, paired: bool) -> CodeKind {
    let ctype = e.attr("ctype").unwrap_or("");
    let ctype = ctype.strip_prefix("x-").unwrap_or(ctype);
    match (ctype, paired) {
        ("bold", true) => CodeKind::Bold,
        ("italic", true) => CodeKind::Italic,
        ("underlined" | "underline", true) => CodeKind::Underline,
        ("link", true) => CodeKind::Link,
        (_, true) => CodeKind::Code,
        ("lb", false) => CodeKind::LineBreak,
        ("image", false) => CodeKind::Image,
        (_, false) => CodeKind::Standalone,
    }
}

/// The kind of a 2.x code from its `subType` (`xlf:b`, `xlf:lb` ...) and `type`.
fn kind_v2(e: &XmlElement, paired: bool) -> CodeKind {
    match (e.attr("subType"), e.attr("type"), paired) {
        (Some("xlf:b"), _, true) => CodeKind::Bold,
        (Some("xlf:i"), _, true) => CodeKind::Italic,
        (Some("xlf:u"), _, true) => CodeKind::Underline,
        (_, Some("link"), true) => CodeKind::Link,
        (_, _, true) => CodeKind::Code,
        (Some("xlf:lb"), _, false) => CodeKind::LineBreak,
        (_, Some("image"), false) => CodeKind::Image,
        (_, _, false) => CodeKind::Standalone,
    }
}

/// The character of a 2.x `<cp hex="..."/>`, when XML may carry it.
fn code_point(e: &XmlElement) -> Option<char> {
    let hex = e.attr("hex")?;
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    is_xml_char(c).then_some(c)
}

/// The direct child elements of `events` (a content list), each with its content.
fn child_elements(events: &[XmlEvent]) -> Vec<(&XmlElement, &[XmlEvent])> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let XmlEvent::Start(e) = &events[i] {
            let end = skip_subtree(events, i);
            out.push((e, &events[i + 1..end.saturating_sub(1).max(i + 1)]));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// A note's text, its whitespace folded; an empty note is dropped.
fn push_note(notes: &mut Vec<String>, content: &[XmlEvent]) {
    let text: String = native_v1(content)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !text.is_empty() {
        notes.push(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::LanguageTag;

    fn languages(source: &str, target: &str) -> Languages {
        Languages {
            source: LanguageTag::parse(source).unwrap(),
            target: LanguageTag::parse(target).unwrap(),
        }
    }

    fn read_str(xml: &str) -> Result<Bilingual> {
        read(Path::new("t.fr.xliff"), xml, &languages("en", "fr"))
    }

    #[test]
    fn v1_codes_keep_their_ids_and_native_text() {
        let xml = r#"<xliff version="1.2"><file source-language="en" target-language="fr" datatype="html" original="a.html"><body>
<trans-unit id="7"><source>Press <g id="1" ctype="bold">Save</g> now.<x id="2" ctype="lb"/>Then <bpt id="3">&lt;a href="x"&gt;</bpt>go<ept id="3">&lt;/a&gt;</ept>.</source>
<target>Appuyez sur <g id="1" ctype="bold">Enregistrer</g>.</target><note from="dev">Button label</note></trans-unit>
<trans-unit id="8" translate="no"><source>X</source><target>X</target></trans-unit>
<trans-unit id="9"><source>Untranslated.</source></trans-unit>
</body></file></xliff>"#;
        let read = read_str(xml).unwrap();
        assert_eq!(read.units.len(), 1);
        let unit = &read.units[0];
        assert_eq!(unit.source.text, "Press Save now. Then go.");
        assert_eq!(unit.target.text, "Appuyez sur Enregistrer.");
        assert_eq!(unit.props, [("x-id".to_string(), "7".to_string())]);
        assert_eq!(unit.notes, ["Button label"]);
        let codes = &unit.source.codes;
        assert_eq!(codes[0].kind, CodeKind::Bold);
        assert_eq!(codes[0].id.as_deref(), Some("1"));
        assert_eq!(codes[1].kind, CodeKind::LineBreak);
        assert_eq!(
            (codes[2].open.as_str(), codes[2].close.as_str()),
            ("<a href=\"x\">", "</a>")
        );
        let notice = read.notices[0].to_string();
        assert!(
            notice.contains("1 untranslated") && notice.contains("1 units marked"),
            "{notice}"
        );
    }

    #[test]
    fn v2_segments_and_original_data() {
        let xml = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr-FR"><file id="f1">
<unit id="u1"><notes><note category="context">Dialog</note></notes>
<originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data><data id="d3">{0}</data></originalData>
<segment id="s1"><source>One <pc id="1" dataRefStart="d1" dataRefEnd="d2" subType="xlf:b">bold</pc>.</source><target>Un <pc id="1" dataRefStart="d1" dataRefEnd="d2" subType="xlf:b">gras</pc>.</target></segment>
<ignorable><source> </source></ignorable>
<segment id="s2"><source>Count <ph id="2" dataRef="d3"/>.</source><target>Compte <ph id="2" dataRef="d3"/>.</target></segment>
</unit></file></xliff>"#;
        let read = read_str(xml).unwrap();
        assert_eq!(read.units.len(), 2);
        assert!(read.units.iter().all(|u| u.given_segment));
        assert_eq!(read.units[0].notes, ["Dialog"]);
        assert_eq!(read.units[1].props[1], ("x-segment".into(), "s2".into()));
        let bold = &read.units[0].target.codes[0];
        assert_eq!((bold.kind, bold.open.as_str()), (CodeKind::Bold, "<b>"));
        assert_eq!(read.units[1].source.codes[0].open, "{0}");
    }

    #[test]
    fn bad_xliff_is_refused_with_its_position() {
        let err = read_str("<xliff version=\"1.2\">\n<file>\n</xliff>")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.fr.xliff:3:"), "{err}");
        let err = read_str("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]><xliff/>")
            .unwrap_err()
            .to_string();
        assert!(err.contains("declares entities"), "{err}");
        let err = read_str(
            r#"<xliff version="1.2"><file source-language="en" target-language="de"/></xliff>"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("target language is `de`") && err.contains("t.fr.xliff:1:"),
            "{err}"
        );
        let err = read_str(r#"<xliff version="2.0" srcLang="ar" trgLang="fr"/>"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("--source-lang ar"), "{err}");
    }
}
