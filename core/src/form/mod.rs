//! The case resolution form: one document model and its renderers.
//!
//! Pure Rust, no browser: the widget's edge supplies the time and randomness
//! in a [`FormMeta`], and does the downloading, printing and copying.
//!
//! ```
//! use case_resolution_core::form::{self, html, text, draft, FormMeta};
//! use case_resolution_core::guidance::{advise, Answers, Date};
//!
//! let protocol = case_resolution_core::protocol::bundled().unwrap().remove(0);
//! let answers = Answers::default();
//! let today = Date::parse("2026-11-23").unwrap();
//! let advice = advise(&protocol, &answers, today);
//! let meta = FormMeta {
//!     reference: form::reference(today, 0x1234_5678),
//!     generated: "2026-11-23 14:05".into(),
//!     date: today,
//! };
//! let doc = form::build(&protocol, &answers, &advice, &meta);
//! let preview = html::fragment(&doc);      // for inner_html in the widget
//! let file = html::document(&doc);         // the HTML download
//! let email = text::render(&doc);          // "Copy as text"
//! let saved = draft::to_json(&protocol.id, &answers); // "Save draft"
//! assert_eq!(draft::from_json(&saved).unwrap().answers, answers);
//! assert_eq!(form::file_name(&protocol.id, today, "docx"),
//!            format!("case-resolution-{}-2026-11-23.docx", protocol.id));
//! # let _ = (preview, file, email);
//! ```
//!
//! In the browser the widget renders only the preview and the text; the HTML
//! file, the JSON draft and the Word file are made by modules loaded on
//! demand, from an [`export::request`] (see there).

mod build;
pub mod draft;
pub mod export;
pub mod html;
mod model;
pub mod record;
pub mod report;
pub mod tally;
pub mod text;

pub use crate::html::clean_text;
pub use build::build;
pub use model::{map_table, Block, Cited, Field, FormDocument, Section, SignOff, Table, NOT_GIVEN};

use crate::guidance::Date;

/// What only the edge knows: supplied by the browser when the form is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormMeta {
    /// From [`reference()`], e.g. `CR-20261123-7F3K`.
    pub reference: String,
    /// Local date and time generated, as shown, e.g. `2026-11-23 14:05`.
    pub generated: String,
    /// The local date, for the reference and file names.
    pub date: Date,
}

/// Characters used in references: no 0/O, 1/I, so it can be read out on the phone.
const REFERENCE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A form reference such as `CR-20261123-7F3K`: the date and four characters
/// from 20 bits of `random` (the browser supplies `crypto.getRandomValues`).
pub fn reference(date: Date, random: u32) -> String {
    let code: String = (0..4)
        .map(|i| REFERENCE_ALPHABET[((random >> (5 * i)) & 31) as usize] as char)
        .collect();
    format!("CR-{:04}{:02}{:02}-{code}", date.year, date.month, date.day)
}

/// The download file name, `case-resolution-<protocol-id>-<yyyy-mm-dd>.<ext>`.
/// Never contains personal data; characters outside `[a-z0-9-]` in the
/// protocol id (and outside `[a-z0-9]` in the extension) are dropped.
pub fn file_name(protocol_id: &str, date: Date, ext: &str) -> String {
    let id: String = protocol_id
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let ext: String = ext
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let id = if id.is_empty() {
        "protocol".to_string()
    } else {
        id
    };
    format!("case-resolution-{id}-{date}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_use_the_date_and_an_unambiguous_alphabet() {
        let d = Date::parse("2026-11-23").unwrap();
        let r = reference(d, 0);
        assert_eq!(r, "CR-20261123-2222");
        for random in [1u32, 0xFFFF_FFFF, 0xDEAD_BEEF, 12345] {
            let r = reference(d, random);
            assert_eq!(r.len(), "CR-20261123-7F3K".len());
            assert!(r[12..].chars().all(|c| !"01OI".contains(c)), "{r}");
        }
        assert_ne!(reference(d, 1), reference(d, 2));
    }

    #[test]
    fn file_names_hold_no_personal_data() {
        let d = Date::parse("2026-01-05").unwrap();
        assert_eq!(
            file_name("devon-dcfp", d, "docx"),
            "case-resolution-devon-dcfp-2026-01-05.docx"
        );
        assert_eq!(
            file_name("../X y", d, ".html"),
            "case-resolution-xy-2026-01-05.html"
        );
        assert_eq!(
            file_name("", d, "json"),
            "case-resolution-protocol-2026-01-05.json"
        );
    }
}
