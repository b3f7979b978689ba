//! The details for the form, described once: each free-text field's control
//! id, its key in a draft, the question the Details step asks, the one label
//! Check your answers and the form both show, its hint, kind and group, and
//! how to read and write it in [`Details`]. The Details step, the control
//! read-back, Check your answers, the form and the draft formats are built
//! from this table, so adding a field is one entry here (plus its tests).

use super::answers::{Answers, Details};
use crate::protocol::{Protocol, Subject};

/// What kind of control a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Line,
    /// Several lines.
    Area,
    /// A date picker (the text is kept as entered).
    Date,
}

/// Which part of the Details step (and of the form) a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// The practitioner.
    You,
    /// The manager or designated lead they consulted.
    Consulted,
    /// The child or adult.
    Subject,
    /// The decision disputed.
    Decision,
    /// The concern and what it rests on.
    Concern,
    /// What the practitioner wants to happen.
    Outcome,
}

/// One free-text detail.
pub struct DetailField {
    /// The control's id and name on the Details step (`cr-…`).
    pub control: &'static str,
    /// The field's name in a JSON draft (and in [`Details`]).
    pub key: &'static str,
    /// What the Details step asks.
    pub question: &'static str,
    /// The label on Check your answers and on the form (one, so they agree).
    pub label: &'static str,
    /// The hint under the question.
    pub hint: Option<&'static str>,
    /// The control drawn for it.
    pub kind: Kind,
    /// The browser's `autocomplete` token for the practitioner's own details.
    pub autocomplete: Option<&'static str>,
    /// Where it is asked and shown.
    pub group: Group,
    /// Reads it from the details.
    pub get: fn(&Details) -> &String,
    /// Writes it in the details.
    pub get_mut: fn(&mut Details) -> &mut String,
}

macro_rules! field {
    ($field:ident, $control:literal, $question:literal, $label:literal, $hint:expr, $kind:ident, $auto:expr, $group:ident) => {
        DetailField {
            control: $control,
            key: stringify!($field),
            question: $question,
            label: $label,
            hint: $hint,
            kind: Kind::$kind,
            autocomplete: $auto,
            group: Group::$group,
            get: |d| &d.$field,
            get_mut: |d| &mut d.$field,
        }
    };
}

/// Every free-text detail, in the draft formats' order.
pub const DETAIL_FIELDS: [DetailField; 14] = [
    field!(your_name, "cr-your-name", "Your name", "Your name", None, Line, Some("name"), You),
    field!(your_role, "cr-your-role", "Your role", "Your role", None, Line, Some("organization-title"), You),
    field!(your_agency, "cr-your-agency", "Your agency or organisation", "Your agency", None, Line, Some("organization"), You),
    field!(your_contact, "cr-your-contact", "Your work phone or email", "Your contact (phone or email)", None, Line, None, You),
    field!(consulted_name, "cr-consulted-name", "Their name", "Manager or designated lead consulted", None, Line, None, Consulted),
    field!(consulted_role, "cr-consulted-role", "Their role", "Their role", None, Line, None, Consulted),
    field!(subject_initials, "cr-subject-initials", "Initials", "Initials", Some("Initials only, not a full name."), Line, None, Subject),
    field!(subject_reference, "cr-subject-reference", "Agency reference (optional)", "Agency reference", Some("A case or record number the recipient will recognise."), Line, None, Subject),
    field!(subject_age, "cr-subject-age", "Age", "Age or year of birth", Some("An age or year of birth, not a date of birth."), Line, None, Subject),
    field!(decision_agency, "cr-decision-agency", "Agency that made it", "Agency that made the decision", None, Line, None, Decision),
    field!(decision_role, "cr-decision-role", "Team or role of the person who made it", "Team or role", None, Line, None, Decision),
    field!(decision_date, "cr-decision-date", "Date of the decision", "Date of the decision", None, Date, None, Decision),
    field!(concern, "cr-concern", "What is your concern, and what is it based on?", "The concern", Some("Say what you disagree with and why. Give the evidence; if it is a gut feeling, say so."), Area, None, Concern),
    field!(outcome_sought, "cr-outcome-sought", "What outcome are you seeking?", "What you want to happen", None, Area, None, Outcome),
];

/// The label of the one detail that is not free text ([`Details::basis`]),
/// on Check your answers and the form.
pub const BASIS_LABEL: &str = "Evidence or professional judgement";

/// The detail whose control is `control`.
pub fn by_control(control: &str) -> Option<&'static DetailField> {
    DETAIL_FIELDS.iter().find(|f| f.control == control)
}

/// The fields of one group, in order.
pub fn in_group(group: Group) -> impl Iterator<Item = &'static DetailField> {
    DETAIL_FIELDS.iter().filter(move |f| f.group == group)
}

impl Answers {
    /// Who the concern is about: the practitioner's answer, or the one group
    /// the protocol covers; `None` when it covers both and nothing is chosen.
    /// The one place this is inferred (the Details step and the form ask it).
    pub fn subject_in(&self, p: &Protocol) -> Option<Subject> {
        self.subject
            .or_else(|| (p.covers.len() == 1).then(|| p.covers[0]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_reads_and_writes_its_own_slot_and_ids_are_unique() {
        let mut d = Details::default();
        for (i, f) in DETAIL_FIELDS.iter().enumerate() {
            *(f.get_mut)(&mut d) = format!("value {i}");
        }
        for (i, f) in DETAIL_FIELDS.iter().enumerate() {
            assert_eq!((f.get)(&d), &format!("value {i}"), "{}", f.key);
            assert_eq!(by_control(f.control).map(|x| x.key), Some(f.key));
            assert!(f.control.starts_with("cr-"), "{}", f.control);
        }
        let mut keys: Vec<&str> = DETAIL_FIELDS.iter().map(|f| f.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), DETAIL_FIELDS.len());
        // The draft order is the table's.
        let mut d = Details::default();
        for (i, slot) in d.text_fields_mut().into_iter().enumerate() {
            *slot = i.to_string();
        }
        for (i, f) in DETAIL_FIELDS.iter().enumerate() {
            assert_eq!((f.get)(&d), &i.to_string(), "{}", f.key);
        }
    }
}
