//! What the practitioner has told us, as one plain value.
//!
//! The view holds an [`Answers`] in a signal and changes it only through the
//! small operations here, so every rule about what an answer change implies
//! (e.g. a new disagreement type clears context answers that no longer apply)
//! lives in the domain core, not in a component.

use serde::{Deserialize, Serialize};

use super::sorted::{TextMap, TextSet};
use crate::protocol::{OutcomeKind, Protocol, Subject};

/// Everything entered so far. Free text is kept exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Answers {
    /// Who the concern is about; only asked where the protocol covers both.
    pub subject: Option<Subject>,
    /// Is anyone at risk of immediate harm?
    pub immediate_harm: Option<bool>,
    /// What was done about immediate harm, for the form.
    pub immediate_action: String,
    /// An urgency id from the protocol.
    pub urgency: Option<String>,
    /// A disagreement id from the protocol.
    pub disagreement: Option<String>,
    /// Context question id → option id.
    pub context: TextMap,
    /// Stages attempted so far, in the order entered.
    pub attempts: Vec<Attempt>,
    /// Special-case ids the practitioner flagged.
    pub special_cases: TextSet,
    /// Details that only go on the form.
    pub details: Details,
}

/// One attempt at one stage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Attempt {
    /// A stage id of the current route.
    pub stage: String,
    /// `YYYY-MM-DD` as entered; may be empty.
    pub date: String,
    /// Who the practitioner spoke to: name,
    pub with_name: String,
    /// their role,
    pub with_role: String,
    /// and their agency.
    pub with_agency: String,
    /// How the attempt ended.
    pub outcome: Outcome,
    /// Anything else the practitioner noted.
    pub notes: String,
    /// A plan agreed: the date to review it, `YYYY-MM-DD` as entered.
    pub review_date: String,
    /// Resolved with outstanding issues: what is still outstanding,
    pub outstanding: String,
    /// and who follows it up.
    pub follow_up: String,
    /// Not taken forward: who decided.
    pub decided_by: String,
}

impl Attempt {
    /// The outcome's label, with what the attempt records for the outcomes
    /// that carry more: the review date, what is outstanding and who
    /// follows it up, who decided ("not given" where empty).
    pub fn outcome_words(&self) -> String {
        let mut out = self.outcome.label().to_string();
        let mut add = |label: &str, value: &str| {
            let value = value.trim();
            out.push_str(". ");
            out.push_str(label);
            out.push_str(if value.is_empty() { "not given" } else { value });
        };
        match self.outcome {
            Outcome::PlanAgreed => add(
                "Review by: ",
                &super::Date::parse(self.review_date.trim())
                    .map_or_else(|| self.review_date.clone(), |d| d.long()),
            ),
            Outcome::ResolvedOutstanding => {
                add("Outstanding: ", &self.outstanding);
                add("Followed up by: ", &self.follow_up);
            }
            Outcome::NotTakenForward => add("Decided by: ", &self.decided_by),
            _ => {}
        }
        out
    }
}

/// How an attempt ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The disagreement was resolved: the escalation stops.
    Resolved,
    /// Not resolved: the next stage follows.
    #[default]
    NotResolved,
    /// Raised, no answer yet.
    NoResponseYet,
    /// A plan agreed, with a date to review it: the route stays open until
    /// then (only where the protocol gives this outcome at the stage).
    PlanAgreed,
    /// Resolved, with issues still outstanding: the escalation stops.
    ResolvedOutstanding,
    /// The challenge was not taken forward: the escalation stops.
    NotTakenForward,
}

impl Outcome {
    /// Every outcome: the three every stage has, then those a protocol
    /// gives some stages (the index is the session encoding's, so new ones
    /// go at the end).
    pub const ALL: [Outcome; 6] = [
        Outcome::Resolved,
        Outcome::NotResolved,
        Outcome::NoResponseYet,
        Outcome::PlanAgreed,
        Outcome::ResolvedOutstanding,
        Outcome::NotTakenForward,
    ];

    /// The outcome a protocol file's kind stands for.
    pub fn of_kind(kind: OutcomeKind) -> Outcome {
        match kind {
            OutcomeKind::PlanAgreed => Outcome::PlanAgreed,
            OutcomeKind::Outstanding => Outcome::ResolvedOutstanding,
            OutcomeKind::NotTakenForward => Outcome::NotTakenForward,
        }
    }

    /// The protocol file's kind, for an outcome only some stages have.
    pub fn kind(self) -> Option<OutcomeKind> {
        OutcomeKind::ALL
            .into_iter()
            .find(|k| Outcome::of_kind(*k) == self)
    }

    /// Whether the disagreement is resolved (with or without outstanding issues).
    pub fn resolves(self) -> bool {
        matches!(self, Outcome::Resolved | Outcome::ResolvedOutstanding)
    }

    /// Whether the escalation stops here: resolved, or not taken forward.
    pub fn closes(self) -> bool {
        self.resolves() || self == Outcome::NotTakenForward
    }

    /// The id used in saved answers.
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::NotResolved => "not_resolved",
            Outcome::NoResponseYet => "no_response_yet",
            Outcome::PlanAgreed => "plan_agreed",
            Outcome::ResolvedOutstanding => "resolved_outstanding",
            Outcome::NotTakenForward => "not_taken_forward",
        }
    }
    /// The outcome with this id.
    pub fn from_id(id: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.id() == id)
    }
    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Resolved => "Resolved",
            Outcome::NotResolved => "Not resolved",
            Outcome::NoResponseYet => "No response yet",
            Outcome::PlanAgreed => "Plan agreed, with a date to review it",
            Outcome::ResolvedOutstanding => "Resolved, with outstanding issues",
            Outcome::NotTakenForward => "Not taken forward",
        }
    }
}

/// What the concern rests on (Devon asks practitioners to say when it is a
/// gut feeling and own it as such).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Facts the practitioner can point to.
    Evidence,
    /// Professional judgement or a gut feeling, owned as such.
    ProfessionalJudgement,
    /// Both.
    Both,
}

impl Basis {
    /// Every basis, in the order offered.
    pub const ALL: [Basis; 3] = [Basis::Evidence, Basis::ProfessionalJudgement, Basis::Both];
    /// The id used in saved answers.
    pub fn id(self) -> &'static str {
        match self {
            Basis::Evidence => "evidence",
            Basis::ProfessionalJudgement => "professional_judgement",
            Basis::Both => "both",
        }
    }
    /// The basis with this id.
    pub fn from_id(id: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.id() == id)
    }
    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Basis::Evidence => "Evidence (facts I can point to)",
            Basis::ProfessionalJudgement => "Professional judgement or gut feeling",
            Basis::Both => "Both evidence and professional judgement",
        }
    }
}

/// Details that only go on the form. Minimal identifiers on purpose.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Details {
    /// The practitioner's name.
    pub your_name: String,
    /// The practitioner's role.
    pub your_role: String,
    /// The practitioner's agency.
    pub your_agency: String,
    /// How to reach the practitioner.
    pub your_contact: String,
    /// Who the practitioner consulted (e.g. their safeguarding lead): name,
    pub consulted_name: String,
    /// and role.
    pub consulted_role: String,
    /// Initials or an agency reference, not a full name.
    pub subject_initials: String,
    /// An agency reference for the child or adult.
    pub subject_reference: String,
    /// Age or year of birth, not a full date of birth.
    pub subject_age: String,
    /// The agency whose decision is disputed.
    pub decision_agency: String,
    /// The role of the person who made the decision.
    pub decision_role: String,
    /// When the decision was made, as entered.
    pub decision_date: String,
    /// The concern, in the practitioner's words.
    pub concern: String,
    /// What the concern rests on.
    pub basis: Option<Basis>,
    /// What the practitioner wants to happen.
    pub outcome_sought: String,
}

impl Details {
    /// Every free-text field, in the draft format's field order (without
    /// `basis`), so code that treats them alike cannot miss a new one.
    pub fn text_fields_mut(&mut self) -> [&mut String; 14] {
        [
            &mut self.your_name,
            &mut self.your_role,
            &mut self.your_agency,
            &mut self.your_contact,
            &mut self.consulted_name,
            &mut self.consulted_role,
            &mut self.subject_initials,
            &mut self.subject_reference,
            &mut self.subject_age,
            &mut self.decision_agency,
            &mut self.decision_role,
            &mut self.decision_date,
            &mut self.concern,
            &mut self.outcome_sought,
        ]
    }
}

impl Answers {
    /// Chooses a disagreement type. Context answers and attempts that belong
    /// to another type's route are dropped only if the route changes.
    pub fn set_disagreement(&mut self, protocol: &Protocol, id: &str) {
        if self.disagreement.as_deref() == Some(id) {
            return;
        }
        let before = crate::guidance::route_for(protocol, self).map(|r| r.id.clone());
        self.disagreement = Some(id.to_string());
        let asked: Vec<String> = protocol
            .disagreement(id)
            .map(|d| d.questions.clone())
            .unwrap_or_default();
        self.context.retain(|q, _| asked.contains(q));
        let after = crate::guidance::route_for(protocol, self).map(|r| r.id.clone());
        if before != after {
            self.retain_attempts_on_route(protocol);
        }
    }

    /// Answers a context question.
    pub fn set_context(&mut self, protocol: &Protocol, question: &str, option: &str) {
        self.context
            .insert(question.to_string(), option.to_string());
        self.retain_attempts_on_route(protocol);
    }

    /// Keeps only attempts at stages of the current route.
    fn retain_attempts_on_route(&mut self, protocol: &Protocol) {
        if let Some(route) = crate::guidance::route_for(protocol, self) {
            let ids: Vec<&str> = route.stages.iter().map(|s| s.id.as_str()).collect();
            self.attempts.retain(|a| ids.contains(&a.stage.as_str()));
        }
    }

    /// Adds an empty attempt at a stage; returns its index.
    pub fn add_attempt(&mut self, stage: &str) -> usize {
        self.attempts.push(Attempt {
            stage: stage.to_string(),
            ..Attempt::default()
        });
        self.attempts.len() - 1
    }

    /// Removes the attempt at `index`, if there is one.
    pub fn remove_attempt(&mut self, index: usize) {
        if index < self.attempts.len() {
            self.attempts.remove(index);
        }
    }

    /// Flags or unflags a special case.
    pub fn toggle_special_case(&mut self, id: &str, on: bool) {
        if on {
            self.special_cases.insert(id.to_string());
        } else {
            self.special_cases.remove(id);
        }
    }

    /// Context questions the protocol asks for the chosen disagreement.
    pub fn questions<'p>(&self, protocol: &'p Protocol) -> Vec<&'p crate::protocol::Question> {
        self.disagreement
            .as_deref()
            .and_then(|d| protocol.disagreement(d))
            .map(|d| {
                d.questions
                    .iter()
                    .filter_map(|q| protocol.question(q))
                    .collect()
            })
            .unwrap_or_default()
    }
}
