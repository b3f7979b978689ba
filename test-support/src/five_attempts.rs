//! A five-attempt case and a check that a PDF's text (read back with
//! `pdftotext`) holds every word of the steps table whole: the issue saw
//! "Outco me" and "Not resolv ed" when a narrow column split words.
//! Used by `core/tests/print_pdf.rs` (the HTML download printed by
//! Chromium) and the DOCX exporter's tests (LibreOffice's PDF).

use std::path::Path;
use std::process::Command;

use case_resolution_core::form::{Block, FormDocument, Table};
use case_resolution_core::guidance::{route_for, Attempt, Outcome};
use case_resolution_core::protocol::Protocol;

use crate::form_fixture as fixture;

/// The fixture case with five attempts (the route's stages in turn, again
/// from the first when the route is shorter), every outcome used.
pub fn case(p: &Protocol) -> case_resolution_core::guidance::Answers {
    let mut a = fixture::answers(p);
    let stages: Vec<String> = route_for(p, &a)
        .expect("a route")
        .stages
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let outcomes = [
        Outcome::NotResolved,
        Outcome::NotResolved,
        Outcome::NoResponseYet,
        Outcome::Resolved,
        Outcome::NotResolved,
    ];
    a.attempts = (0..5)
        .map(|i| Attempt {
            stage: stages[i % stages.len()].clone(),
            date: format!("2026-11-{:02}", 2 + 3 * i),
            with_name: format!("Jo Bloggs {}", i + 1),
            with_role: "Designated safeguarding lead".into(),
            with_agency: "Children's Social Care".into(),
            outcome: outcomes[i],
            notes: "Discussed on the phone; agreed to review the decision.".into(),
            ..Attempt::default()
        })
        .collect();
    a
}

/// The steps table of `doc`.
pub fn steps_table(doc: &FormDocument) -> &Table {
    doc.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            Block::Table { table } if table.caption == "Stages attempted so far" => Some(table),
            _ => None,
        })
        .expect("the steps table")
}

/// Every word of the table (headings and cells), without the punctuation
/// that ends a word.
pub fn table_words(t: &Table) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let cells = t
        .columns
        .iter()
        .cloned()
        .chain(t.rows.iter().flatten().flatten().cloned());
    for c in cells {
        for w in c.split_whitespace() {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if !w.is_empty() && !words.iter().any(|x| x == w) {
                words.push(w.to_string());
            }
        }
    }
    words
}

/// The PDF's text (`pdftotext -layout`, UTF-8): the table's cells side by
/// side as printed, each cell's lines in its own column (reading order
/// would join a line-end hyphen to the next cell's text).
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils: run scripts/setup.sh)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// Checks that every word of `t` is whole in the PDF text between the
/// table's caption and `until` (a text that follows the table), and that
/// no two neighbouring pieces of the text join into a table word that was
/// split ("Outco" then "me").
pub fn assert_no_split_words(text: &str, t: &Table, until: &str, context: &str) {
    let start = text
        .find(&t.caption)
        .unwrap_or_else(|| panic!("{context}: the caption {:?} in\n{text}", t.caption));
    let region = &text[start..];
    let region = &region[..region.find(until).unwrap_or(region.len())];
    let tokens: Vec<&str> = region
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let words = table_words(t);
    // A line may break after a word's own hyphen ("co-" / "workers"), as
    // typesetting allows: then each part is whole. A break anywhere else is
    // a split.
    let whole = |w: &str| {
        tokens.contains(&w)
            || (w.contains('-')
                && w.split('-')
                    .filter(|p| !p.is_empty())
                    .all(|p| tokens.contains(&p)))
    };
    let missing: Vec<&String> = words.iter().filter(|w| !whole(w)).collect();
    let split: Vec<String> = tokens
        .windows(2)
        .filter_map(|p| {
            let joined = format!("{}{}", p[0], p[1]);
            let hyphened = format!("{}-{}", p[0], p[1]);
            words
                .iter()
                .any(|w| *w == joined || *w == hyphened)
                .then(|| format!("{} {}", p[0], p[1]))
        })
        .collect();
    assert!(
        missing.is_empty() && split.is_empty(),
        "{context}: words split in the steps table: not whole {missing:?}, split {split:?}\n---\n{region}"
    );
}
