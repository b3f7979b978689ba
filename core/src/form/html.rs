//! HTML renderings of the form: a fragment for the in-widget preview and a
//! self-contained printable file.
//!
//! Every string, the protocol's included, is escaped (`& < > " '`) after
//! [`clean_text`]; no attribute carries document text and nothing becomes a
//! link, so hostile text in any answer stays inert text.

use super::model::*;
use crate::html::Html;

/// Styles for the form, scoped to `.cr-form` (`web/form.css`). [`document`]
/// inlines them; `scripts/build.sh` appends the same file to the widget's
/// stylesheet for the preview, so the two cannot drift apart. Units are em,
/// not rem, because inside the widget rem follows the host page's root.
pub const STYLE: &str = include_str!("../../../web/form.css");

/// Print rules for the standalone file: A4, the form alone, no split rows.
pub const PRINT_STYLE: &str = r#"@page{size:A4;margin:16mm 15mm}
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
pub fn fragment(doc: &FormDocument) -> Html {
    let mut out = Html::with_capacity(8192);
    write_form(&mut out, doc, 3);
    out
}

/// The form as one self-contained HTML file: inline CSS, no script, no
/// external reference (a Content-Security-Policy meta tag forbids any),
/// printable on A4. Headings start at `<h1>`.
pub fn document(doc: &FormDocument) -> Html {
    let mut out = Html::with_capacity(16384);
    out.lit("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
        .lit("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .lit("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .lit("<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    // The title holds the form's name and reference only: no personal data
    // in browser history or the print header.
    out.text(&doc.title);
    if let Some(r) = doc
        .header
        .iter()
        .find(|f| f.label == "Reference")
        .and_then(|f| f.value.as_deref())
    {
        out.lit(" ").text(r);
    }
    out.lit("</title>\n<style>\n")
        .lit(STYLE)
        .lit(PRINT_STYLE)
        .lit("</style>\n</head>\n<body>\n");
    write_form(&mut out, doc, 1);
    out.lit("</body>\n</html>\n");
    out
}

/// `<hN` and `</hN>`, for the form's heading levels (1 to 4).
fn heading(level: u8) -> (&'static str, &'static str) {
    match level {
        1 => ("<h1", "</h1>\n"),
        2 => ("<h2", "</h2>\n"),
        3 => ("<h3", "</h3>\n"),
        _ => ("<h4", "</h4>\n"),
    }
}

fn write_form(out: &mut Html, doc: &FormDocument, level: u8) {
    let (open, close) = heading(level);
    out.lit("<article class=\"cr-form\">\n<header class=\"cr-form-header\">\n")
        .lit(open)
        .lit(" class=\"cr-form-title\">")
        .text(&doc.title)
        .lit(close);
    write_fields(out, &doc.header);
    out.lit("</header>\n");
    let (open, close) = heading(level + 1);
    for s in &doc.sections {
        out.lit("<section class=\"cr-form-section\">\n")
            .lit(open)
            .lit(" class=\"cr-form-heading\">")
            .text(&s.heading)
            .lit(close);
        for b in &s.blocks {
            write_block(out, b);
        }
        out.lit("</section>\n");
    }
    out.lit("<footer class=\"cr-form-footer\"><p>")
        .text(&doc.footer)
        .lit("</p></footer>\n</article>\n");
}

fn value(out: &mut Html, v: Option<&str>) {
    match v {
        Some(v) => out
            .lit("<span class=\"cr-form-value\">")
            .text(v)
            .lit("</span>"),
        None => out
            .lit("<span class=\"cr-form-missing\">")
            .lit(NOT_GIVEN)
            .lit("</span>"),
    };
}

fn cite(out: &mut Html, c: &str) {
    if !c.trim().is_empty() {
        out.lit(" <span class=\"cr-form-cite\">(Protocol: ")
            .text(c)
            .lit(")</span>");
    }
}

fn write_fields(out: &mut Html, fields: &[Field]) {
    out.lit("<dl class=\"cr-form-fields\">\n");
    for f in fields {
        out.lit("<div class=\"cr-form-field\"><dt>")
            .text(&f.label)
            .lit("</dt><dd>");
        value(out, f.value.as_deref());
        out.lit("</dd></div>\n");
    }
    out.lit("</dl>\n");
}

fn write_block(out: &mut Html, b: &Block) {
    match b {
        Block::Fields { fields } => write_fields(out, fields),
        Block::Paragraph { text, cite: c } => {
            out.lit("<p class=\"cr-form-para\">").text(text);
            cite(out, c.as_deref().unwrap_or(""));
            out.lit("</p>\n");
        }
        Block::List { title, items } => {
            out.lit("<div class=\"cr-form-list\">\n<p class=\"cr-form-list-title\">")
                .text(title)
                .lit("</p>\n<ul>\n");
            for i in items {
                out.lit("<li>").text(&i.text);
                cite(out, &i.cite);
                out.lit("</li>\n");
            }
            out.lit("</ul>\n</div>\n");
        }
        Block::Table { table } => write_table(out, table),
        Block::Map { map } => {
            crate::render::map_html(out, map);
            out.lit("\n");
        }
        Block::SignOff { blocks } => {
            out.lit("<div class=\"cr-form-signoffs\">\n");
            for s in blocks {
                out.lit("<div class=\"cr-form-signoff\">\n<p class=\"cr-form-signoff-heading\">")
                    .text(&s.heading)
                    .lit("</p>\n<dl>\n");
                for l in &s.lines {
                    out.lit("<dt>").text(l).lit("</dt><dd></dd>\n");
                }
                out.lit("</dl>\n</div>\n");
            }
            out.lit("</div>\n");
        }
    }
}

fn write_table(out: &mut Html, t: &Table) {
    if t.rows.is_empty() {
        out.lit("<p class=\"cr-form-para\"><strong>")
            .text(&t.caption)
            .lit(":</strong> ")
            .text(&t.empty)
            .lit("</p>\n");
        return;
    }
    out.lit("<table class=\"cr-form-table\">\n<caption>")
        .text(&t.caption)
        .lit("</caption>\n");
    // One class per column, named after its heading, for the column widths
    // in `web/form.css` (the steps table's date and outcome columns fit
    // their longest word, so no word is split).
    out.lit("<colgroup>");
    for c in &t.columns {
        out.lit("<col")
            .attr("class", &format!("cr-form-col-{}", column_class(c)))
            .lit(">");
    }
    out.lit("</colgroup>\n<thead><tr>");
    for c in &t.columns {
        out.lit("<th scope=\"col\">").text(c).lit("</th>");
    }
    out.lit("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.lit("<tr>");
        for cell in row {
            out.lit("<td>");
            value(out, cell.as_deref());
            out.lit("</td>");
        }
        out.lit("</tr>\n");
    }
    out.lit("</tbody>\n</table>\n");
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
