//! The wizard's steps as a model: their order, ids and labels, which steps
//! a protocol and answers give, and what each requires before Continue.

use super::controls::{attempt_name, question_name, Control, Part};
use case_resolution_core::guidance::{Answers, Date, Outcome};
use case_resolution_core::protocol::Protocol;

/// The steps of the wizard, in order. `Context` is only shown when the chosen
/// disagreement type has context questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Start,
    Safety,
    Urgency,
    Disagreement,
    Context,
    Stages,
    NextStep,
    Details,
    Check,
    Form,
}

impl Step {
    pub const ALL: [Step; 10] = [
        Step::Start,
        Step::Safety,
        Step::Urgency,
        Step::Disagreement,
        Step::Context,
        Step::Stages,
        Step::NextStep,
        Step::Details,
        Step::Check,
        Step::Form,
    ];

    /// Stable id, used as `data-step` on the widget (tests and styling).
    pub fn id(self) -> &'static str {
        match self {
            Step::Start => "start",
            Step::Safety => "safety",
            Step::Urgency => "urgency",
            Step::Disagreement => "disagreement",
            Step::Context => "context",
            Step::Stages => "stages",
            Step::NextStep => "next-step",
            Step::Details => "details",
            Step::Check => "check",
            Step::Form => "form",
        }
    }

    /// Short name in the list of steps.
    pub fn label(self) -> &'static str {
        match self {
            Step::Start => "Start",
            Step::Safety => "Safety",
            Step::Urgency => "Urgency",
            Step::Disagreement => "The disagreement",
            Step::Context => "Your situation",
            Step::Stages => "Stages tried",
            Step::NextStep => "Next step",
            Step::Details => "Details for the form",
            Step::Check => "Check your answers",
            Step::Form => "The form",
        }
    }
}

/// A missing or invalid answer: the field to focus and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub(super) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The steps for a protocol and answers: the context step only when the
/// chosen disagreement type has questions.
pub fn steps_for(protocol: &Protocol, answers: &Answers) -> Vec<Step> {
    let has_context = !answers.questions(protocol).is_empty();
    // A disagreement type the protocol sends elsewhere has no stages and
    // no form: the Next step, saying where to go, is the last.
    let elsewhere = case_resolution_core::guidance::ends_elsewhere(protocol, answers).is_some();
    Step::ALL
        .into_iter()
        .filter(|s| *s != Step::Context || has_context)
        .filter(|s| {
            !elsewhere || !matches!(s, Step::Stages | Step::Details | Step::Check | Step::Form)
        })
        .collect()
}

/// The required answers of each step. Which questions are required is a view
/// concern; what the answers mean is the engine's.
pub fn validate(step: Step, protocol: &Protocol, answers: &Answers) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match step {
        Step::Start => {
            if protocol.covers_both() && answers.subject.is_none() {
                errors.push(FieldError::new(
                    Control::Subject.name(),
                    "Select whether the concern is about a child or an adult",
                ));
            }
        }
        Step::Safety => {
            if answers.immediate_harm.is_none() {
                errors.push(FieldError::new(
                    Control::ImmediateHarm.name(),
                    "Select yes if anyone is at risk of immediate harm",
                ));
            }
        }
        Step::Urgency => {
            if answers
                .urgency
                .as_deref()
                .and_then(|u| protocol.urgency(u))
                .is_none()
            {
                errors.push(FieldError::new(
                    Control::Urgency.name(),
                    "Select how urgent this is",
                ));
            }
        }
        Step::Disagreement => {
            if answers
                .disagreement
                .as_deref()
                .and_then(|d| protocol.disagreement(d))
                .is_none()
            {
                errors.push(FieldError::new(
                    Control::Disagreement.name(),
                    "Select what the disagreement is about",
                ));
            }
        }
        Step::Context => {
            for q in answers.questions(protocol) {
                if !answers.context.contains_key(&q.id) {
                    errors.push(FieldError::new(
                        question_name(&q.id),
                        format!("Answer: {}", q.label),
                    ));
                }
            }
        }
        Step::Stages => {
            for (i, a) in answers.attempts.iter().enumerate() {
                // The review date only while its outcome is chosen (it is hidden otherwise).
                let review =
                    (a.outcome == Outcome::PlanAgreed).then_some((Part::Review, &a.review_date));
                for (part, date) in std::iter::once((Part::Date, &a.date)).chain(review) {
                    if !date.trim().is_empty() && Date::parse(date).is_none() {
                        errors.push(FieldError::new(
                            attempt_name(i, part),
                            "Enter the date as a real date, for example 23/11/2026",
                        ));
                    }
                }
            }
        }
        Step::Details => {
            if answers.details.concern.trim().is_empty() {
                errors.push(FieldError::new(
                    "cr-concern",
                    "Describe your concern and the evidence for it",
                ));
            }
            let d = &answers.details.decision_date;
            if !d.trim().is_empty() && Date::parse(d).is_none() {
                errors.push(FieldError::new(
                    "cr-decision-date",
                    "Enter the date of the decision as a real date",
                ));
            }
        }
        Step::NextStep | Step::Check | Step::Form => {}
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A disagreement type the protocol sends elsewhere ends at the Next
    /// step: no stages to record, no details, no form.
    #[test]
    fn a_disagreement_sent_elsewhere_has_no_stages_or_form_steps() {
        let p = case_resolution_test_support::scenario::protocol("devon-dcfp");
        let mut a = Answers::default();
        a.set_disagreement(&p, "own-manager-or-employer");
        let steps = steps_for(&p, &a);
        assert_eq!(steps.last(), Some(&Step::NextStep), "{steps:?}");
        assert!(!steps.contains(&Step::Stages) && !steps.contains(&Step::Form));
        a.set_disagreement(&p, "other-case-decision");
        let steps = steps_for(&p, &a);
        assert!(steps.contains(&Step::Stages) && steps.last() == Some(&Step::Form));
    }

    /// So does a special case the protocol sends elsewhere, while it is
    /// ticked (the synthetic fixture's "complaint").
    #[test]
    fn a_special_case_sent_elsewhere_ends_at_the_next_step_while_ticked() {
        let text = include_str!("../../tests/fixtures/engine-synthetic.toml");
        let p = case_resolution_core::protocol::load_str("engine-synthetic.toml", text).unwrap();
        let mut a = Answers::default();
        a.set_disagreement(&p, "threshold");
        a.toggle_special_case("complaint", true);
        let steps = steps_for(&p, &a);
        assert_eq!(steps.last(), Some(&Step::NextStep), "{steps:?}");
        assert!(!steps.contains(&Step::Stages) && !steps.contains(&Step::Form));
        a.toggle_special_case("complaint", false);
        assert_eq!(steps_for(&p, &a).last(), Some(&Step::Form));
    }
}
