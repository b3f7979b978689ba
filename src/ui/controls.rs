//! Every control and button of the question steps, by the name its markup
//! carries, written once. The steps draw `Control::Urgency.name()`,
//! `attempt_name(i, Part::Date)` and `Action::Continue.name()`; what the page
//! sends back is parsed into these types ([`Edited::parse`],
//! [`Action::parse`]) before anything acts on it, so a control and the code
//! that reads it cannot drift apart by a typo in a string.

use case_resolution_core::guidance::fields::{self, DetailField};

/// The answer controls with one fixed name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// The partnership picker (not an answer: it chooses the protocol).
    Protocol,
    /// Children or adults, where a protocol covers both.
    Subject,
    ImmediateHarm,
    ImmediateAction,
    Urgency,
    Disagreement,
    /// The special-case checkboxes on the Next step.
    Special,
    /// What the concern rests on (Details).
    Basis,
}

impl Control {
    /// Every one, for parsing.
    pub const ALL: [Control; 8] = [
        Control::Protocol,
        Control::Subject,
        Control::ImmediateHarm,
        Control::ImmediateAction,
        Control::Urgency,
        Control::Disagreement,
        Control::Special,
        Control::Basis,
    ];

    /// The control's name (its group's, for radios and checkboxes), and the
    /// id of its first input.
    pub const fn name(self) -> &'static str {
        match self {
            Control::Protocol => "cr-protocol",
            Control::Subject => "cr-subject",
            Control::ImmediateHarm => "cr-immediate-harm",
            Control::ImmediateAction => "cr-immediate-action",
            Control::Urgency => "cr-urgency",
            Control::Disagreement => "cr-disagreement",
            Control::Special => "cr-special",
            Control::Basis => "cr-basis",
        }
    }
}

/// The fields of one recorded attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Date,
    Name,
    Role,
    Agency,
    Outcome,
    Notes,
    Review,
    Outstanding,
    FollowUp,
    DecidedBy,
}

impl Part {
    /// Every one, for parsing.
    pub const ALL: [Part; 10] = [
        Part::Date,
        Part::Name,
        Part::Role,
        Part::Agency,
        Part::Outcome,
        Part::Notes,
        Part::Review,
        Part::Outstanding,
        Part::FollowUp,
        Part::DecidedBy,
    ];

    /// The last part of the control's name.
    pub const fn id(self) -> &'static str {
        match self {
            Part::Date => "date",
            Part::Name => "name",
            Part::Role => "role",
            Part::Agency => "agency",
            Part::Outcome => "outcome",
            Part::Notes => "notes",
            Part::Review => "review",
            Part::Outstanding => "outstanding",
            Part::FollowUp => "follow-up",
            Part::DecidedBy => "decided-by",
        }
    }
}

const QUESTION: &str = "cr-q-";
const ATTEMPT: &str = "cr-attempt-";

/// The radios of a context question: `cr-q-<question id>`.
pub fn question_name(question: &str) -> String {
    format!("{QUESTION}{question}")
}

/// One field of the attempt at `index`: `cr-attempt-<index>-<part>`.
pub fn attempt_name(index: usize, part: Part) -> String {
    format!("{ATTEMPT}{index}-{}", part.id())
}

/// A control the page says was edited, by what it edits.
#[derive(Clone, Copy)]
pub enum Edited<'a> {
    Control(Control),
    /// A context question, by its id in the protocol.
    Question(&'a str),
    /// A field of the attempt at this index.
    Attempt(usize, Part),
    /// A field of the Details step, from the one field table.
    Detail(&'static DetailField),
}

impl<'a> Edited<'a> {
    /// What the control named `name` edits; `None` for a name the steps
    /// never draw.
    pub fn parse(name: &'a str) -> Option<Edited<'a>> {
        if let Some(c) = Control::ALL.into_iter().find(|c| c.name() == name) {
            return Some(Edited::Control(c));
        }
        if let Some(question) = name.strip_prefix(QUESTION) {
            return Some(Edited::Question(question));
        }
        if let Some(rest) = name.strip_prefix(ATTEMPT) {
            let (index, part) = rest.split_once('-')?;
            let part = Part::ALL.into_iter().find(|p| p.id() == part)?;
            return Some(Edited::Attempt(index.parse().ok()?, part));
        }
        fields::by_control(name).map(Edited::Detail)
    }
}

/// The buttons the question steps' one click handler acts on
/// (`data-action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Continue,
    /// Add an attempt at the button's `data-stage`.
    AddAttempt,
    /// Remove the attempt at the button's `data-index`.
    RemoveAttempt,
    /// Go back to the step in the button's `data-step` to change an answer
    /// (the warning when the answers about immediate harm disagree).
    ChangeAnswer,
}

impl Action {
    const ALL: [Action; 4] = [
        Action::Continue,
        Action::AddAttempt,
        Action::RemoveAttempt,
        Action::ChangeAnswer,
    ];

    /// The button's `data-action`.
    pub const fn name(self) -> &'static str {
        match self {
            Action::Continue => "continue",
            Action::AddAttempt => "add-attempt",
            Action::RemoveAttempt => "remove-attempt",
            Action::ChangeAnswer => "change-answer",
        }
    }

    /// The action a button's `data-action` names.
    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_what_it_names() {
        for c in Control::ALL {
            assert!(matches!(Edited::parse(c.name()), Some(Edited::Control(x)) if x == c));
        }
        for p in Part::ALL {
            assert!(matches!(
                Edited::parse(&attempt_name(12, p)),
                Some(Edited::Attempt(12, x)) if x == p
            ));
        }
        assert!(matches!(
            Edited::parse(&question_name("setting")),
            Some(Edited::Question("setting"))
        ));
        for f in &fields::DETAIL_FIELDS {
            assert!(
                matches!(Edited::parse(f.control), Some(Edited::Detail(x)) if x.control == f.control)
            );
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.name()), Some(a));
        }
    }

    #[test]
    fn names_the_steps_never_draw_are_refused() {
        for name in [
            "",
            "cr-",
            "cr-attempt-x",
            "cr-attempt-1",
            "cr-attempt-1-colour",
            "cr-attempt--date",
            "cr-urgency-1",
            "urgency",
        ] {
            assert!(Edited::parse(name).is_none(), "{name}");
        }
        assert_eq!(Action::parse("Continue"), None);
    }
}
