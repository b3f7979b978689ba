//! The case resolution form as a document: what it says, not how it looks.
//!
//! Every renderer ([`super::html`], [`super::text`], the DOCX exporter in
//! `docx-export/`) walks the same [`FormDocument`], so the outputs cannot
//! drift apart. The on-demand modules build it themselves from the widget's
//! request ([`super::export`]), so it is never sent between modules.

use crate::guidance::{EscalationMap, Mark, END_LABEL};
use crate::html::clean_text;

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
    fn given_is_none_for_blank_text() {
        assert_eq!(given("  \n"), None);
        assert_eq!(given("A.B."), Some("A.B.".into()));
    }
}
