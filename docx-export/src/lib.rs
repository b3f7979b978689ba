//! The case resolution form as a Word (.docx) file.
//!
//! A separate wasm module so that docx-rs stays out of the widget's initial
//! bundle: the widget imports it on demand, from its own files, when the
//! practitioner asks for Word, and passes an
//! [`case_resolution_core::form::export::request`]: the protocol, the answers and
//! the form's reference and time, from which this module builds the same
//! [`FormDocument`] the widget previews:
//!
//! ```js
//! const docx = await import("./case-resolution-docx.js");
//! await docx.default();
//! const bytes = docx.render_docx(new TextEncoder().encode(request)); // Uint8Array
//! ```
//!
//! The file uses real Word styles ("Heading 1", "Heading 2") and real tables
//! with a header row. Text goes through [`clean_text`] first (XML 1.0 cannot
//! carry NUL and most other control characters, and Word refuses a file that
//! has them); docx-rs escapes the rest.

use case_resolution_core::form::export::{read_request, UNREADABLE};
use case_resolution_core::form::{
    clean_text, map_table, Block, Field, FormDocument, Table, NOT_GIVEN,
};
use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Shading,
    Style, StyleType, Table as DTable, TableCell, TableRow, WidthType,
};
use wasm_bindgen::prelude::*;

/// A4 in twentieths of a point.
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
/// 2 cm margins.
const MARGIN: i32 = 1_134;
/// The text width: the page less both margins.
const TEXT_W: usize = (PAGE_W as usize) - 2 * (MARGIN as usize);
const GREY: &str = "505A5F";
const HEADER_FILL: &str = "F3F2F1";

/// wasm entry point: the widget's form request in, as UTF-8 bytes (a
/// `Uint8Array`, copied as is, where a string would be converted to UTF-16
/// and back: a maximal request is ~360 KB), the .docx bytes out (a
/// `Uint8Array`). Errors are a message string.
#[wasm_bindgen]
pub fn render_docx(request: &[u8]) -> Result<Vec<u8>, JsValue> {
    std::str::from_utf8(request)
        .map_err(|_| UNREADABLE.to_string())
        .and_then(docx_from_request)
        .map_err(|e| JsValue::from_str(&e))
}

/// [`render_docx`] without JavaScript types, for native callers and tests.
pub fn docx_from_request(request: &str) -> Result<Vec<u8>, String> {
    let r = read_request(request).ok_or(UNREADABLE)?;
    docx_bytes(&r.document())
}

/// The form as the bytes of a .docx file.
pub fn docx_bytes(doc: &FormDocument) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::with_capacity(16 * 1024));
    let mut xml = build(doc).build();
    xml.document = mark_header_rows(&xml.document);
    xml.pack(&mut out)
        .map_err(|e| format!("The Word file could not be written: {e}"))?;
    Ok(out.into_inner())
}

fn build(doc: &FormDocument) -> Docx {
    let mut d = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(567)
                .footer(567),
        )
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(21)
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .outline_lvl(0)
                .line_spacing(LineSpacing::new().before(0).after(160))
                .size(34)
                .bold(),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("Heading 2")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .outline_lvl(1)
                .line_spacing(LineSpacing::new().before(280).after(100))
                .size(26)
                .bold(),
        );
    d = d.add_paragraph(heading("Heading1", &doc.title));
    d = d.add_table(fields_table(&doc.header));
    for s in &doc.sections {
        d = d.add_paragraph(heading("Heading2", &s.heading));
        for b in &s.blocks {
            d = add_block(d, b);
        }
    }
    d.add_paragraph(Paragraph::new())
        .add_paragraph(Paragraph::new().add_run(text_run(&doc.footer).size(18).color(GREY)))
}

fn heading(style: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .keep_next(true)
        .add_run(text_run(&one_line(text)))
}

fn one_line(s: &str) -> String {
    clean_text(s).replace(['\n', '\t'], " ")
}

/// A run holding `text`, with its newlines as line breaks and tabs as tabs.
fn text_run(text: &str) -> Run {
    let text = clean_text(text);
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                run = run.add_tab();
            }
            if !part.is_empty() {
                run = run.add_text(part);
            }
        }
    }
    run
}

fn value_run(v: Option<&str>) -> Run {
    match v {
        Some(v) => text_run(v),
        None => Run::new().add_text(NOT_GIVEN).italic().color(GREY),
    }
}

fn cite_run(cite: &str) -> Option<Run> {
    (!cite.trim().is_empty()).then(|| {
        Run::new()
            .add_text(format!(" (Protocol: {})", one_line(cite)))
            .size(18)
            .color(GREY)
    })
}

fn cell(p: Paragraph, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(p)
        .width(width, WidthType::Dxa)
}

/// Labels and values as a two-column table, the label column shaded.
fn fields_table(fields: &[Field]) -> DTable {
    let label_w = 3_000;
    let rows = fields
        .iter()
        .map(|f| {
            TableRow::new(vec![
                cell(
                    Paragraph::new().add_run(text_run(&one_line(&f.label)).bold()),
                    label_w,
                )
                .shading(Shading::new().fill(HEADER_FILL)),
                cell(
                    Paragraph::new().add_run(value_run(f.value.as_deref())),
                    TEXT_W - label_w,
                ),
            ])
            .cant_split()
        })
        .collect();
    DTable::new(rows)
        .set_grid(vec![label_w, TEXT_W - label_w])
        .width(TEXT_W, WidthType::Dxa)
}

/// docx-rs (0.4.22) cannot mark a row as a header row (`<w:tblHeader/>`,
/// Word's "Repeat as header row at the top of each page"). A data table's
/// header row is built with this row height, which no other row has, and
/// [`mark_header_rows`] turns it into `<w:tblHeader/>` in the finished XML.
/// (Left unchanged it would be a harmless "at least 1 twip" height.)
const HEADER_MARK_HEIGHT: f32 = 1.0;
const HEADER_MARK_XML: &str = r#"<w:trHeight w:val="1" w:hRule="atLeast" />"#;
const TABLE_HEADER_XML: &str = "<w:tblHeader />";

/// `word/document.xml` with every marked row made a repeating header row.
/// Document text cannot hold the marker: docx-rs escapes `<` in text.
fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(document) {
        Ok(xml) => xml.replace(HEADER_MARK_XML, TABLE_HEADER_XML).into_bytes(),
        Err(_) => document.to_vec(),
    }
}

fn data_table(t: &Table) -> DTable {
    let n = t.columns.len().max(1);
    // Stage, with whom and notes get more room than date and outcome, which
    // still fit their longest word ("2026-11-23", "response") on one line.
    let weights: Vec<usize> = if n == 5 {
        vec![23, 16, 21, 15, 25]
    } else if n == 2 {
        // The escalation map: the stage's name, then what is recorded there
        // or the route's last word, which runs longer.
        vec![2, 3]
    } else {
        vec![1; n]
    };
    let total: usize = weights.iter().sum();
    let widths: Vec<usize> = weights.iter().map(|w| TEXT_W * w / total).collect();
    let header = TableRow::new(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                // Keep with next: Word keeps a row whose paragraphs all keep
                // with the next one on the page of the following row.
                cell(
                    Paragraph::new()
                        .keep_next(true)
                        .add_run(text_run(&one_line(c)).bold()),
                    *w,
                )
                .shading(Shading::new().fill(HEADER_FILL))
            })
            .collect(),
    )
    .cant_split()
    .row_height(HEADER_MARK_HEIGHT);
    let mut rows = vec![header];
    for r in &t.rows {
        rows.push(
            TableRow::new(
                (0..n)
                    .map(|i| {
                        let v = r.get(i).and_then(|c| c.as_deref());
                        cell(Paragraph::new().add_run(value_run(v)), widths[i])
                    })
                    .collect(),
            )
            .cant_split(),
        );
    }
    DTable::new(rows)
        .set_grid(widths)
        .width(TEXT_W, WidthType::Dxa)
}

fn add_block(d: Docx, b: &Block) -> Docx {
    match b {
        Block::Fields { fields } => d
            .add_table(fields_table(fields))
            .add_paragraph(Paragraph::new()),
        Block::Paragraph { text, cite } => {
            let mut p = Paragraph::new().add_run(text_run(text));
            if let Some(c) = cite.as_deref().and_then(cite_run) {
                p = p.add_run(c);
            }
            d.add_paragraph(p)
        }
        Block::List { title, items } => {
            let mut d = d.add_paragraph(
                Paragraph::new()
                    .keep_next(true)
                    .add_run(text_run(&one_line(title)).bold()),
            );
            for i in items {
                let mut p = Paragraph::new()
                    .indent(
                        Some(360),
                        Some(docx_rs::SpecialIndentType::Hanging(240)),
                        None,
                        None,
                    )
                    .add_run(Run::new().add_text("\u{2022} "))
                    .add_run(text_run(&i.text));
                if let Some(c) = cite_run(&i.cite) {
                    p = p.add_run(c);
                }
                d = d.add_paragraph(p);
            }
            d
        }
        Block::Table { table } => {
            let caption = Paragraph::new()
                .keep_next(true)
                .add_run(text_run(&one_line(&table.caption)).bold());
            if table.rows.is_empty() {
                d.add_paragraph(caption.add_run(text_run(&format!(": {}", one_line(&table.empty)))))
            } else {
                d.add_paragraph(caption)
                    .add_table(data_table(table))
                    .add_paragraph(Paragraph::new())
            }
        }
        Block::Map { map } => add_block(
            d,
            &Block::Table {
                table: map_table(map),
            },
        ),
        Block::SignOff { blocks } => {
            let mut d = d;
            for s in blocks {
                let label_w = 2_000;
                let rows = s
                    .lines
                    .iter()
                    .map(|l| {
                        TableRow::new(vec![
                            cell(
                                Paragraph::new().add_run(text_run(&one_line(l)).bold()),
                                label_w,
                            )
                            .shading(Shading::new().fill(HEADER_FILL)),
                            cell(Paragraph::new(), TEXT_W - label_w),
                        ])
                        .row_height(520.0)
                        .cant_split()
                    })
                    .collect();
                d = d
                    .add_paragraph(
                        Paragraph::new()
                            .keep_next(true)
                            .align(AlignmentType::Left)
                            .add_run(text_run(&one_line(&s.heading)).bold()),
                    )
                    .add_table(
                        DTable::new(rows)
                            .set_grid(vec![label_w, TEXT_W - label_w])
                            .width(TEXT_W, WidthType::Dxa),
                    )
                    .add_paragraph(Paragraph::new());
            }
            d
        }
    }
}
