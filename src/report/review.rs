//! The review page: one self-contained HTML file that shows a memory's pairs side by side with
//! their QA findings, for a person to read before the memory is used.
//!
//! Everything is inline (CSS, a few lines of script, no fonts, images or network requests), so the
//! file can be mailed or opened from an archive. Right-to-left sides carry `dir="rtl"` and `lang`
//! so that browsers shape and order them correctly. The page works without script; the script
//! adds the "only pairs with findings" filter and the counts.
//!
//! What this module does not do: edit pairs, or render inline codes (segments are shown as their
//! plain text).

use std::io::{self, Write};

use crate::lang::LanguageTag;
use crate::qa::{self, Finding, Severity};
use crate::tmx::{TranslationUnit, Variant};

/// What the page is about.
#[derive(Debug, Clone)]
pub struct ReviewOptions {
    /// Shown as the page title (usually the TMX file name).
    pub title: String,
    /// The language shown in the first column.
    pub source_lang: String,
    /// The language shown in the second column.
    pub target_lang: String,
}

/// Validates the TMX document `input` (named `name` in findings) and writes its review page to
/// `out`; the languages shown default to the file's `srclang` and the first other language.
/// Returns the validation summary. The units are held in memory while the page is written, since
/// findings about the whole file go at its top.
pub fn write_review_of_tmx<R: io::Read + 'static>(
    input: R,
    name: &str,
    qa_options: &qa::Options,
    out: &mut impl Write,
) -> io::Result<qa::Summary> {
    let options = qa::Options {
        keep_units: true,
        ..qa_options.clone()
    };
    let mut units = Vec::new();
    let mut file_findings = Vec::new();
    let summary = qa::validate(
        input,
        name,
        &options,
        |checked: qa::Checked| match checked.unit {
            Some(unit) => units.push((unit, checked.findings, checked.similarities)),
            None => file_findings.extend(checked.findings),
        },
    )?;
    let source_lang = options
        .source_lang
        .clone()
        .or(summary.srclang.clone())
        .or_else(|| {
            units
                .first()
                .and_then(|(u, _, _)| u.variants.first())
                .map(|v| v.lang.clone())
        })
        .unwrap_or_default();
    let target_lang = options
        .target_lang
        .clone()
        .or_else(|| {
            units.iter().find_map(|(u, _, _)| {
                u.variants
                    .iter()
                    .find(|v| !v.lang.eq_ignore_ascii_case(&source_lang))
                    .map(|v| v.lang.clone())
            })
        })
        .unwrap_or_default();
    let title = std::path::Path::new(name)
        .file_name()
        .map_or(name.to_string(), |n| n.to_string_lossy().into_owned());
    // The similarity of the pair shown, when the meaning check judged it.
    let shown = |sims: &[qa::Similarity]| {
        sims.iter()
            .find(|s| {
                s.source_lang.eq_ignore_ascii_case(&source_lang)
                    && s.target_lang.eq_ignore_ascii_case(&target_lang)
            })
            .map(|s| s.cosine)
    };
    let units: Vec<_> = units
        .into_iter()
        .map(|(unit, findings, sims)| {
            let similarity = shown(&sims);
            (unit, findings, similarity)
        })
        .collect();
    write_review(
        units,
        &file_findings,
        &ReviewOptions {
            title,
            source_lang,
            target_lang,
        },
        out,
    )?;
    Ok(summary)
}

/// Writes the review page of `units` (each with its findings and the cross-lingual similarity of
/// the pair shown, when it was measured), with `file_findings` (those about the file rather than
/// a unit) at the top. Units are written as they come, so a long memory does not need to be held
/// in memory.
pub fn write_review(
    units: impl IntoIterator<Item = (TranslationUnit, Vec<Finding>, Option<f64>)>,
    file_findings: &[Finding],
    options: &ReviewOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    let title = escape(&options.title);
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"generator\" content=\"tmforge\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} - tmforge review</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>{title}</h1>\n<p id=\"summary\"></p>\n\
         <label><input type=\"checkbox\" id=\"only-findings\"> only pairs with findings</label>\n\
         </header>\n"
    )?;
    if !file_findings.is_empty() {
        writeln!(
            out,
            "<section id=\"file-findings\">\n<h2>About the file</h2>"
        )?;
        write_findings(out, file_findings)?;
        writeln!(out, "</section>")?;
    }
    let (src_attrs, tgt_attrs) = (
        lang_attrs(&options.source_lang),
        lang_attrs(&options.target_lang),
    );
    writeln!(
        out,
        "<table id=\"pairs\">\n<thead><tr><th>unit</th><th{src_attrs}>{}</th><th{tgt_attrs}>{}</th>\
         <th>type</th><th>confidence</th><th title=\"cross-lingual similarity of the pair's \
         meaning, -1 to 1\">similarity</th><th>findings</th></tr></thead>\n<tbody>",
        escape(&options.source_lang),
        escape(&options.target_lang)
    )?;
    for (n, (unit, findings, similarity)) in units.into_iter().enumerate() {
        write_unit(out, n + 1, &unit, &findings, similarity, options)?;
    }
    writeln!(
        out,
        "</tbody>\n</table>\n<script>{SCRIPT}</script>\n</body>\n</html>"
    )
}

fn write_unit(
    out: &mut impl Write,
    n: usize,
    unit: &TranslationUnit,
    findings: &[Finding],
    similarity: Option<f64>,
    options: &ReviewOptions,
) -> io::Result<()> {
    let worst = findings.iter().map(|f| f.severity).max();
    let class = match worst {
        Some(Severity::Error) => "pair has-findings has-error",
        Some(Severity::Warning) => "pair has-findings",
        Some(Severity::Note) | None => "pair",
    };
    let tuid = unit.tuid.clone().unwrap_or_else(|| format!("#{n}"));
    write!(
        out,
        "<tr class=\"{class}\" data-findings=\"{}\"><td class=\"tuid\">{}</td>",
        findings.len(),
        escape(&tuid)
    )?;
    let src = unit.variant(&options.source_lang);
    let tgt = unit
        .variant(&options.target_lang)
        .filter(|t| src.is_none_or(|s| !std::ptr::eq(*t, s)));
    for variant in [src, tgt] {
        match variant {
            Some(v) => write_side(out, v)?,
            None => write!(out, "<td class=\"missing\">(none)</td>")?,
        }
    }
    let pair_type = unit.prop("x-pair-type").unwrap_or("");
    write!(out, "<td class=\"type\">{}</td>", escape(pair_type))?;
    match unit
        .prop("x-confidence")
        .and_then(|c| c.trim().parse::<f64>().ok())
    {
        Some(c) => {
            // Red (hue 0) at 0, through yellow, to green (hue 120) at 1.
            let hue = (c.clamp(0.0, 1.0) * 120.0).round();
            write!(
                out,
                "<td class=\"conf\" style=\"background:hsl({hue},75%,82%)\" data-confidence=\"{c}\">{c:.2}</td>"
            )?;
        }
        None => write!(out, "<td class=\"conf\"></td>")?,
    }
    match similarity {
        Some(c) => {
            // Red below 0.2 (unrelated sentences), green from 0.7 (a typical translation).
            let hue = ((c - 0.2) / 0.5 * 120.0).clamp(0.0, 120.0).round();
            write!(
                out,
                "<td class=\"sim\" style=\"background:hsl({hue},75%,82%)\" data-similarity=\"{c}\">{c:.2}</td>"
            )?;
        }
        None => write!(out, "<td class=\"sim\"></td>")?,
    }
    write!(out, "<td class=\"findings\">")?;
    if !findings.is_empty() {
        write_findings(out, findings)?;
    }
    writeln!(out, "</td></tr>")
}

fn write_side(out: &mut impl Write, variant: &Variant) -> io::Result<()> {
    write!(
        out,
        "<td class=\"seg\"{}>{}</td>",
        lang_attrs(&variant.lang),
        escape(&variant.segment.text())
    )
}

fn write_findings(out: &mut impl Write, findings: &[Finding]) -> io::Result<()> {
    write!(out, "<ul>")?;
    for f in findings {
        let place = match (f.line, f.column) {
            (Some(l), Some(c)) => format!(" <span class=\"at\">{l}:{c}</span>"),
            (Some(l), None) => format!(" <span class=\"at\">{l}</span>"),
            _ => String::new(),
        };
        write!(
            out,
            "<li class=\"{}\"><code>{}</code>{place} {}</li>",
            f.severity.as_str(),
            f.code,
            escape(&f.message)
        )?;
    }
    write!(out, "</ul>")
}

/// ` lang="..." dir="..."` for a language, `dir="rtl"` for right-to-left scripts.
fn lang_attrs(lang: &str) -> String {
    let rtl = LanguageTag::parse(lang).is_ok_and(|t| t.is_rtl());
    format!(
        " lang=\"{}\" dir=\"{}\"",
        escape(lang),
        if rtl { "rtl" } else { "ltr" }
    )
}

/// Text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body{font-family:system-ui,sans-serif;margin:0;color:#222}
header{position:sticky;top:0;background:#fff;padding:.5em 1em;border-bottom:1px solid #ccc}
h1{font-size:1.2em;margin:.2em 0}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e4e4e4;padding:.4em .6em;vertical-align:top;text-align:start}
th{background:#f4f4f4}
td.seg{width:32%;line-height:1.5}
td.seg[dir=rtl]{font-size:1.1em}
td.tuid,td.type,td.conf,td.sim{white-space:nowrap;font-size:.85em;width:1%}
td.findings{min-width:18em}
td.missing{color:#999}
tr.has-error td.tuid{border-inline-start:4px solid #c62828}
tr.has-findings td.tuid{border-inline-start:4px solid #f9a825}
td.findings ul,#file-findings ul{margin:0;padding-inline-start:1em;font-size:.85em}
li.error code{color:#c62828}
li.warning code{color:#a06800}
li.note code{color:#555}
.at{color:#777}
tr[hidden]{display:none}
#file-findings{padding:.5em 1em;background:#fff3e0}
";

const SCRIPT: &str = "
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.pair'));
  var box = document.getElementById('only-findings');
  var summary = document.getElementById('summary');
  var flagged = rows.filter(function (r) { return r.classList.contains('has-findings'); }).length;
  function apply() {
    var shown = 0;
    rows.forEach(function (r) {
      var hide = box.checked && !r.classList.contains('has-findings');
      r.hidden = hide;
      if (!hide) { shown++; }
    });
    summary.textContent = rows.length + ' pairs, ' + flagged + ' with findings; showing ' + shown;
    summary.dataset.shown = shown;
    summary.dataset.total = rows.length;
    summary.dataset.flagged = flagged;
    document.body.dataset.filter = box.checked ? 'findings' : 'all';
  }
  if (location.hash === '#only-findings') { box.checked = true; }
  box.addEventListener('change', apply);
  apply();
})();
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::Code;

    fn page() -> String {
        let unit = TranslationUnit {
            tuid: Some("a<1>".to_string()),
            props: vec![
                crate::tmx::Prop::new("x-pair-type", "1-2"),
                crate::tmx::Prop::new("x-confidence", "0.25"),
            ],
            variants: vec![
                Variant::text("ar", "أكثر من 48 ألف لغم"),
                Variant::text("en", "more than 46,000 mines & \"more\""),
            ],
            ..TranslationUnit::default()
        };
        let finding = Finding::new(Code::NumberMismatch, "t.tmx", "check <48>").at(9, 26);
        let mut out = Vec::new();
        write_review(
            [
                (unit.clone(), vec![finding], Some(0.12)),
                (unit, vec![], None),
            ],
            &[],
            &ReviewOptions {
                title: "t.tmx".into(),
                source_lang: "ar".into(),
                target_lang: "en".into(),
            },
            &mut out,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn sides_carry_direction_and_language_and_text_is_escaped() {
        let html = page();
        assert!(html.contains("<meta name=\"generator\" content=\"tmforge\">"));
        assert!(html.contains("<td class=\"seg\" lang=\"ar\" dir=\"rtl\">أكثر من 48 ألف لغم</td>"));
        assert!(html.contains(
            "lang=\"en\" dir=\"ltr\">more than 46,000 mines &amp; &quot;more&quot;</td>"
        ));
        assert!(html.contains("a&lt;1&gt;"));
        assert!(html.contains("check &lt;48&gt;"));
        assert!(html.contains("hsl(30,75%,82%)"));
        assert!(
            html.contains("data-similarity=\"0.12\">0.12</td>"),
            "{html}"
        );
        assert!(!html.contains("http"), "no network references");
    }
}
