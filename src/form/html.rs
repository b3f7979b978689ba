//! HTML renderings of the form: a fragment for the in-widget preview and a
//! self-contained printable file.
//!
//! Every string, the protocol's included, is escaped (`& < > " '`) after
//! [`clean_text`]; no attribute carries document text and nothing becomes a
//! link, so hostile text in any answer stays inert text.

use std::fmt::Write;

use super::model::*;

/// Styles for the form, scoped to `.cr-form`. [`document`] inlines them; the
/// widget can add them to its own stylesheet for the preview.
pub const STYLE: &str = r#".cr-form{font:11pt/1.45 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#0b0c0c;max-width:48rem}
.cr-form-title{font-size:1.6em;margin:0 0 .4em}
.cr-form-heading{font-size:1.2em;margin:1.4em 0 .4em;padding-bottom:.15em;border-bottom:2px solid #0b0c0c;break-after:avoid}
.cr-form-fields{margin:0 0 .6em;display:grid;grid-template-columns:minmax(9rem,16rem) 1fr;gap:.25em 1em}
.cr-form-field{display:contents}
.cr-form-fields dt{font-weight:700}
.cr-form-fields dd{margin:0}
.cr-form-value,.cr-form-table td{white-space:pre-wrap;overflow-wrap:anywhere}
.cr-form-missing{font-style:italic;color:#505a5f}
.cr-form-para{margin:.4em 0}
.cr-form-cite{color:#505a5f;font-size:.9em}
.cr-form-list-title{font-weight:700;margin:.6em 0 .2em}
.cr-form-list ul{margin:0;padding-left:1.4em}
.cr-form-table{border-collapse:collapse;width:100%;margin:.4em 0}
.cr-form-table caption{text-align:left;font-weight:700;padding-bottom:.2em}
.cr-form-table th,.cr-form-table td{border:1px solid #b1b4b6;padding:.3em .4em;text-align:left;vertical-align:top}
.cr-form-table th{background:#f3f2f1}
.cr-form-table tr{break-inside:avoid;page-break-inside:avoid}
.cr-form-signoffs{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:1em}
.cr-form-signoff{border:1px solid #b1b4b6;padding:.5em .7em;break-inside:avoid;page-break-inside:avoid}
.cr-form-signoff-heading{font-weight:700;margin:0 0 .3em}
.cr-form-signoff dl{margin:0}
.cr-form-signoff dt{font-size:.9em;color:#505a5f}
.cr-form-signoff dd{margin:0 0 .5em;min-height:1.8em;border-bottom:1px solid #0b0c0c}
.cr-form-footer{margin-top:1.5em;padding-top:.5em;border-top:1px solid #b1b4b6;font-size:.9em;color:#505a5f}
"#;

/// Print rules for the standalone file: A4, the form alone, no split rows.
const PRINT_STYLE: &str = r#"@page{size:A4;margin:16mm 15mm}
html{background:#fff}
body{margin:1.5rem auto;padding:0 1rem;max-width:50rem}
tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
h1,h2{break-after:avoid;page-break-after:avoid}
@media print{body{margin:0;padding:0;max-width:none}.cr-form{max-width:none;font-size:10.5pt}}
"#;

/// The form as an HTML fragment for the widget's preview (set with
/// `inner_html`). Headings start at `<h3>` (the form title) and `<h4>`
/// (sections), to sit under the widget's own `<h2>` step heading.
pub fn fragment(doc: &FormDocument) -> String {
    let mut out = String::with_capacity(8192);
    write_form(&mut out, doc, 3);
    out
}

/// The form as one self-contained HTML file: inline CSS, no script, no
/// external reference (a Content-Security-Policy meta tag forbids any),
/// printable on A4. Headings start at `<h1>`.
pub fn document(doc: &FormDocument) -> String {
    let mut out = String::with_capacity(16384);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    // The title holds the form's name and reference only: no personal data
    // in browser history or the print header.
    out.push_str(&escape(&doc.title));
    if let Some(r) = doc
        .header
        .iter()
        .find(|f| f.label == "Reference")
        .and_then(|f| f.value.as_deref())
    {
        out.push(' ');
        out.push_str(&escape(r));
    }
    out.push_str("</title>\n<style>\n");
    out.push_str(STYLE);
    out.push_str(PRINT_STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
    write_form(&mut out, doc, 1);
    out.push_str("</body>\n</html>\n");
    out
}

/// Escapes text for HTML element content and quoted attribute values, after
/// removing control characters.
pub fn escape(s: &str) -> String {
    let s = clean_text(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn write_form(out: &mut String, doc: &FormDocument, level: u8) {
    let h = level;
    let h2 = level + 1;
    out.push_str("<article class=\"cr-form\">\n<header class=\"cr-form-header\">\n");
    let _ = writeln!(
        out,
        "<h{h} class=\"cr-form-title\">{}</h{h}>",
        escape(&doc.title)
    );
    write_fields(out, &doc.header);
    out.push_str("</header>\n");
    for s in &doc.sections {
        out.push_str("<section class=\"cr-form-section\">\n");
        let _ = writeln!(
            out,
            "<h{h2} class=\"cr-form-heading\">{}</h{h2}>",
            escape(&s.heading)
        );
        for b in &s.blocks {
            write_block(out, b);
        }
        out.push_str("</section>\n");
    }
    let _ = writeln!(
        out,
        "<footer class=\"cr-form-footer\"><p>{}</p></footer>\n</article>",
        escape(&doc.footer)
    );
}

fn value(v: Option<&str>) -> String {
    match v {
        Some(v) => format!("<span class=\"cr-form-value\">{}</span>", escape(v)),
        None => format!("<span class=\"cr-form-missing\">{NOT_GIVEN}</span>"),
    }
}

fn cite(c: &str) -> String {
    if c.trim().is_empty() {
        String::new()
    } else {
        format!(
            " <span class=\"cr-form-cite\">(Protocol: {})</span>",
            escape(c)
        )
    }
}

fn write_fields(out: &mut String, fields: &[Field]) {
    out.push_str("<dl class=\"cr-form-fields\">\n");
    for f in fields {
        let _ = writeln!(
            out,
            "<div class=\"cr-form-field\"><dt>{}</dt><dd>{}</dd></div>",
            escape(&f.label),
            value(f.value.as_deref())
        );
    }
    out.push_str("</dl>\n");
}

fn write_block(out: &mut String, b: &Block) {
    match b {
        Block::Fields { fields } => write_fields(out, fields),
        Block::Paragraph { text, cite: c } => {
            let _ = writeln!(
                out,
                "<p class=\"cr-form-para\">{}{}</p>",
                escape(text),
                cite(c.as_deref().unwrap_or(""))
            );
        }
        Block::List { title, items } => {
            let _ = writeln!(
                out,
                "<div class=\"cr-form-list\">\n<p class=\"cr-form-list-title\">{}</p>\n<ul>",
                escape(title)
            );
            for i in items {
                let _ = writeln!(out, "<li>{}{}</li>", escape(&i.text), cite(&i.cite));
            }
            out.push_str("</ul>\n</div>\n");
        }
        Block::Table { table } => write_table(out, table),
        Block::SignOff { blocks } => {
            out.push_str("<div class=\"cr-form-signoffs\">\n");
            for s in blocks {
                let _ = writeln!(
                    out,
                    "<div class=\"cr-form-signoff\">\n<p class=\"cr-form-signoff-heading\">{}</p>\n<dl>",
                    escape(&s.heading)
                );
                for l in &s.lines {
                    let _ = writeln!(out, "<dt>{}</dt><dd></dd>", escape(l));
                }
                out.push_str("</dl>\n</div>\n");
            }
            out.push_str("</div>\n");
        }
    }
}

fn write_table(out: &mut String, t: &Table) {
    if t.rows.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"cr-form-para\"><strong>{}:</strong> {}</p>",
            escape(&t.caption),
            escape(&t.empty)
        );
        return;
    }
    let _ = writeln!(
        out,
        "<table class=\"cr-form-table\">\n<caption>{}</caption>\n<thead><tr>",
        escape(&t.caption)
    );
    for c in &t.columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(c));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", value(cell.as_deref()));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}
