//! The form as plain text, for the body of an email ("Copy as text").
//!
//! Control characters other than newline and tab are removed; a value that
//! runs over several lines is indented under its label so it stays readable.

use crate::html::clean_text;
use std::fmt::Write;

use super::model::*;

/// Renders the form as plain text with `\n` line endings.
pub fn render(doc: &FormDocument) -> String {
    let mut out = String::with_capacity(8192);
    let title = upper(&one_line(&doc.title));
    let _ = writeln!(
        out,
        "{title}\n{}\n",
        "=".repeat(title.chars().count().max(3))
    );
    write_fields(&mut out, &doc.header);
    for s in &doc.sections {
        let heading = upper(&one_line(&s.heading));
        let _ = writeln!(
            out,
            "\n{heading}\n{}",
            "-".repeat(heading.chars().count().max(3))
        );
        for b in &s.blocks {
            write_block(&mut out, b);
        }
    }
    let _ = writeln!(out, "\n--\n{}", one_line(&doc.footer));
    out
}

/// Upper case for ASCII and Latin-1 letters (headings are English text);
/// not `str::to_uppercase`, whose Unicode tables would add ~25 KB to the wasm.
fn upper(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'a'..='z' | '\u{e0}'..='\u{fe}' if c != '\u{f7}' => {
                char::from_u32(c as u32 - 32).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// Text on one line: newlines and tabs become spaces.
fn one_line(s: &str) -> String {
    clean_text(s).replace(['\n', '\t'], " ")
}

/// Continuation lines of a multi-line value, indented by `indent`.
fn indented(s: &str, indent: &str) -> String {
    clean_text(s).replace('\n', &format!("\n{indent}"))
}

fn cite(c: &str) -> String {
    if c.trim().is_empty() {
        String::new()
    } else {
        format!(" [Protocol: {}]", one_line(c))
    }
}

fn write_fields(out: &mut String, fields: &[Field]) {
    for f in fields {
        let value = f
            .value
            .as_deref()
            .map_or(NOT_GIVEN.to_string(), |v| indented(v, "  "));
        let _ = writeln!(out, "{}: {value}", one_line(&f.label));
    }
}

fn write_block(out: &mut String, b: &Block) {
    match b {
        Block::Fields { fields } => write_fields(out, fields),
        Block::Paragraph { text, cite: c } => {
            let _ = writeln!(
                out,
                "{}{}",
                indented(text, ""),
                cite(c.as_deref().unwrap_or(""))
            );
        }
        Block::List { title, items } => {
            let _ = writeln!(out, "{}:", one_line(title));
            for i in items {
                let _ = writeln!(out, "  * {}{}", indented(&i.text, "    "), cite(&i.cite));
            }
        }
        Block::Table { table } => {
            if table.rows.is_empty() {
                let _ = writeln!(
                    out,
                    "{}: {}",
                    one_line(&table.caption),
                    one_line(&table.empty)
                );
                return;
            }
            let _ = writeln!(out, "{}:", one_line(&table.caption));
            for (n, row) in table.rows.iter().enumerate() {
                for (i, (col, cell)) in table.columns.iter().zip(row).enumerate() {
                    let lead = if i == 0 {
                        format!("{:>2}. ", n + 1)
                    } else {
                        "    ".into()
                    };
                    let v = cell
                        .as_deref()
                        .map_or(NOT_GIVEN.to_string(), |v| indented(v, "      "));
                    let _ = writeln!(out, "{lead}{}: {v}", one_line(col));
                }
            }
        }
        Block::Map { map } => {
            let _ = writeln!(out, "Escalation map:");
            for l in map.lines() {
                let _ = writeln!(out, "  * {}", indented(&l, "    "));
            }
        }
        Block::SignOff { blocks } => {
            for s in blocks {
                let _ = writeln!(out, "{}", one_line(&s.heading));
                for l in &s.lines {
                    let _ = writeln!(out, "  {}: ______________________________", one_line(l));
                }
            }
        }
    }
}
