//! HTML renderings of the form: a fragment for the in-widget preview and a
//! self-contained printable file.
//!
//! Every string, the protocol's included, is escaped (`& < > " '`) after
//! [`clean_text`]; no attribute carries document text and nothing becomes a
//! link, so hostile text in any answer stays inert text.

use std::fmt::Write;

use super::model::*;

/// Styles for the form, scoped to `.cr-form` (`web/form.css`). [`document`]
/// inlines them; `scripts/build.sh` appends the same file to the widget's
/// stylesheet for the preview, so the two cannot drift apart. Units are em,
/// not rem, because inside the widget rem follows the host page's root.
pub const STYLE: &str = include_str!("../../../web/form.css");

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
    // Copies the runs between special characters whole: all five are ASCII,
    // so byte positions are always character boundaries.
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
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
        "<table class=\"cr-form-table\">\n<caption>{}</caption>",
        escape(&t.caption)
    );
    // One class per column, named after its heading, for the column widths
    // in `web/form.css` (the steps table's date and outcome columns fit
    // their longest word, so no word is split).
    out.push_str("<colgroup>");
    for c in &t.columns {
        let _ = write!(out, "<col class=\"cr-form-col-{}\">", column_class(c));
    }
    out.push_str("</colgroup>\n<thead><tr>");
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

/// A column heading as a class-name suffix: ASCII letters and digits in
/// lower case, anything else a single `-` ("With whom" gives `with-whom`).
fn column_class(heading: &str) -> String {
    let mut out = String::with_capacity(heading.len());
    for c in heading.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::column_class;

    #[test]
    fn column_classes_are_plain_ascii() {
        assert_eq!(column_class("With whom"), "with-whom");
        assert_eq!(column_class("Outcome"), "outcome");
        assert_eq!(column_class(" <x> \"y\" "), "x-y");
    }
}
