//! The case resolution form as a document: what it says, not how it looks.
//!
//! Every renderer ([`super::html`], [`super::text`], the DOCX exporter in
//! `docx-export/`) walks the same [`FormDocument`], so the outputs cannot
//! drift apart. The on-demand modules build it themselves from the widget's
//! request ([`super::export`]), so it is never sent between modules.

use std::borrow::Cow;

use crate::guidance::{EscalationMap, Mark, END_LABEL};

/// What every renderer shows for an answer left empty.
pub const NOT_GIVEN: &str = "Not given";

/// The whole form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormDocument {
    /// The protocol's name for the form, e.g. "Case Resolution form".
    pub title: String,
    /// Partnership, recipient, reference and time generated.
    pub header: Vec<Field>,
    pub sections: Vec<Section>,
    /// "Generated in your browser from …. Nothing was sent anywhere."
    pub footer: String,
}

/// A headed part of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// One piece of a section, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Labelled values, shown as a definition list or two-column layout.
    Fields {
        fields: Vec<Field>,
    },
    /// A sentence or two, with the protocol section it rests on, if any.
    Paragraph {
        text: String,
        cite: Option<String>,
    },
    /// A titled list of cited items (what to prepare, special cases, …).
    List {
        title: String,
        items: Vec<Cited>,
    },
    Table {
        table: Table,
    },
    /// The escalation map: a picture in HTML, a compact table in Word,
    /// its lines in text.
    Map {
        map: EscalationMap,
    },
    /// Blank boxes for signatures.
    SignOff {
        blocks: Vec<SignOff>,
    },
}

/// A label and its value; `None` renders as [`NOT_GIVEN`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub value: Option<String>,
}

/// Text with the protocol section it rests on (`cite` may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub text: String,
    pub cite: String,
}

/// A table with a header row. A `None` cell renders as [`NOT_GIVEN`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
    /// Shown instead of the table when there are no rows.
    pub empty: String,
}

/// One signature block: a heading and blank lines for name, role,
/// signature and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOff {
    pub heading: String,
    pub lines: Vec<String>,
}

impl Field {
    /// A field whose value is `None` when `value` is blank.
    pub fn new(label: impl Into<String>, value: &str) -> Field {
        Field {
            label: label.into(),
            value: given(value),
        }
    }
}

impl Cited {
    pub fn new(text: impl Into<String>, cite: impl Into<String>) -> Cited {
        Cited {
            text: text.into(),
            cite: cite.into(),
        }
    }
}

/// `None` for a blank answer, otherwise the cleaned text.
pub(crate) fn given(value: &str) -> Option<String> {
    let v = clean_text(value);
    (!v.trim().is_empty()).then(|| v.into_owned())
}

/// Removes characters that have no business in a document and that XML 1.0
/// cannot even carry: C0 controls other than tab and newline, DEL, C1
/// controls and the non-characters U+FFFE/U+FFFF. Carriage returns become
/// newlines. Every renderer passes user text through this, so text that
/// needs nothing is borrowed, not copied.
pub fn clean_text(s: &str) -> Cow<'_, str> {
    // A byte scan first (10 000-character answers pass through here several
    // times per export): every character changed below is an ASCII control
    // or DEL, a C1 control (UTF-8 lead byte 0xC2) or U+FFFE/U+FFFF (lead
    // byte 0xEF). Text without those bytes needs no char-by-char look.
    let suspect =
        |b: u8| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f || b == 0xc2 || b == 0xef;
    if !s.bytes().any(suspect) || !s.chars().any(|c| !keep(c) || c == '\r') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else if keep(c) {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn keep(c: char) -> bool {
    match c {
        '\t' | '\n' => true,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}

/// The escalation map as a table, for the Word file: a stage per row, then
/// the route's end; the mark ("you are here", "next") after the standing.
pub fn map_table(map: &EscalationMap) -> Table {
    let row = |label: &str, state: &str, mark: Mark| {
        vec![
            Some(label.to_string()),
            Some(format!("{state}{}", mark.aside())),
        ]
    };
    let mut rows: Vec<Vec<Option<String>>> = map
        .stops
        .iter()
        .map(|s| row(&s.label, &s.state, s.mark))
        .collect();
    rows.push(row(END_LABEL, &map.end, map.end_mark));
    Table {
        caption: "Escalation map".into(),
        columns: vec!["Stage".into(), "Where you are".into()],
        rows,
        empty: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_keeps_tabs_newlines_and_unicode_only() {
        assert_eq!(clean_text("a\u{0}b\u{1}c\td\ne"), "abc\td\ne");
        assert_eq!(clean_text("x\r\ny\rz"), "x\ny\nz");
        assert_eq!(clean_text("\u{85}é👍\u{7f}\u{ffff}"), "é👍");
        // Lead bytes 0xC2 and 0xEF start both kept and removed characters.
        assert_eq!(
            clean_text("£\u{a0}\u{9f}\u{feff}\u{fffe}x"),
            "£\u{a0}\u{feff}x"
        );
        assert!(matches!(
            clean_text("plain é 🙂\ttab\nline"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(clean_text("£ and \u{feff}"), Cow::Borrowed(_)));
        assert_eq!(given("  \n"), None);
        assert_eq!(given("A.B."), Some("A.B.".into()));
    }
}
