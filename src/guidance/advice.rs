//! The advice the engine gives: what to do next, in the order it is shown.

use serde::Serialize;

use super::answers::Outcome;
use super::date::Date;
use crate::protocol::{CitedText, Contact, Timescale};

/// Everything the practitioner is told, for one set of answers.
///
/// Fields are in display order; [`Advice::items`] flattens them, emergency first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    /// Present whenever immediate harm is reported: always shown first.
    pub emergency: Option<EmergencyAdvice>,
    /// The route being followed, once a disagreement type is chosen.
    pub route: Option<RouteInfo>,
    /// What the chosen urgency means for the route.
    pub urgency: Option<CitedText>,
    /// Every stage of the route and what has been recorded against it.
    pub standing: Vec<StageStanding>,
    /// Skipped stages and ignored attempts.
    pub warnings: Vec<CitedText>,
    pub status: Status,
    pub next_step: Option<NextStep>,
    pub form: FormAdvice,
    /// Guidance for the special cases the practitioner flagged.
    pub special_cases: Vec<SpecialAdvice>,
    /// What to do once resolved.
    pub after_resolution: Vec<CitedText>,
    /// What to do when every stage has been tried; set when that is the case.
    pub exhausted: Option<CitedText>,
    pub tips: Vec<CitedText>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmergencyAdvice {
    pub summary: String,
    pub actions: Vec<CitedText>,
    pub contacts: Vec<Contact>,
    pub cite: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteInfo {
    pub id: String,
    pub name: String,
    pub summary: Option<String>,
    pub cite: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageStanding {
    pub stage_id: String,
    pub name: String,
    /// 1-based.
    pub position: usize,
    pub attempts: usize,
    /// Outcome of the last attempt entered for this stage.
    pub latest: Option<Outcome>,
    pub cite: String,
}

/// Where the practitioner stands overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No disagreement type chosen yet, so no route.
    NeedsDisagreement,
    /// A route, nothing attempted yet.
    NotStarted,
    /// Attempts made, the last one not resolved.
    InProgress,
    /// The furthest stage attempted is waiting for a response.
    Awaiting,
    /// An attempt resolved the disagreement.
    Resolved,
    /// Every stage has been tried without resolution.
    Exhausted,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextStep {
    pub stage_id: String,
    pub name: String,
    /// 1-based position in the route, and the route's length.
    pub position: usize,
    pub total: usize,
    pub who: String,
    pub contact_role: String,
    pub contacts: Vec<Contact>,
    pub action: String,
    pub prepare: Vec<String>,
    pub record: Vec<String>,
    /// The timescale the protocol states, if any.
    pub timescale: Option<Timescale>,
    /// Said when the protocol states no timescale for this stage.
    pub no_timescale: Option<String>,
    pub due: Option<Due>,
    pub submits_form: bool,
    pub alternatives: Vec<AlternativeAdvice>,
    /// Set when the practitioner is still waiting at the previous stage.
    pub waiting_note: Option<String>,
    pub cite: String,
}

/// A due date worked out from a timescale stated in working days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Due {
    pub date: Date,
    /// The date counted from.
    pub from: Date,
    /// True when counted from the last attempt, false when from today.
    pub from_last_attempt: bool,
    pub working_days: u32,
    /// Plain-English explanation, including that weekends are excluded.
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlternativeAdvice {
    pub text: String,
    /// True when the practitioner's context answers match this alternative.
    pub applies_to_you: bool,
    pub cite: String,
}

/// Whether the formal form belongs to the next step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormAdvice {
    pub title: String,
    pub recipient: String,
    /// True when the next step is the one where the form is submitted.
    pub due_now: bool,
    /// The stage at which the protocol has the form submitted, if any.
    pub stage_name: Option<String>,
    pub text: String,
    pub cite: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpecialAdvice {
    pub id: String,
    pub label: String,
    pub guidance: String,
    pub cite: String,
}

/// What an advice item is, for ordering and announcements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Emergency,
    Route,
    Urgency,
    Standing,
    Warning,
    NextStep,
    Form,
    SpecialCase,
    AfterResolution,
    Exhausted,
    Tip,
}

/// One piece of advice with its citation, as [`Advice::items`] lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    pub text: String,
    pub cite: String,
}

impl Advice {
    /// Every piece of advice, flattened in display order, each with its
    /// citation. Emergency items, when present, come first.
    pub fn items(&self) -> Vec<Item> {
        let mut out = Vec::new();
        let mut push = |kind, text: &str, cite: &str| {
            out.push(Item {
                kind,
                text: text.to_string(),
                cite: cite.to_string(),
            })
        };
        if let Some(e) = &self.emergency {
            push(ItemKind::Emergency, &e.summary, &e.cite);
            for a in &e.actions {
                push(ItemKind::Emergency, &a.text, &a.cite);
            }
            for c in &e.contacts {
                push(ItemKind::Emergency, &contact_line(c), &c.cite);
            }
        }
        if let Some(r) = &self.route {
            push(ItemKind::Route, &r.name, &r.cite);
            if let Some(summary) = &r.summary {
                push(ItemKind::Route, summary, &r.cite);
            }
        }
        if let Some(u) = &self.urgency {
            push(ItemKind::Urgency, &u.text, &u.cite);
        }
        for s in &self.standing {
            let state = match (s.attempts, s.latest) {
                (0, _) | (_, None) => "not attempted".to_string(),
                (1, Some(o)) => format!("1 attempt, {}", o.label().to_lowercase()),
                (n, Some(o)) => format!("{n} attempts, latest {}", o.label().to_lowercase()),
            };
            push(ItemKind::Standing, &format!("{}: {state}", s.name), &s.cite);
        }
        for w in &self.warnings {
            push(ItemKind::Warning, &w.text, &w.cite);
        }
        if let Some(n) = &self.next_step {
            let c = n.cite.as_str();
            push(
                ItemKind::NextStep,
                &format!("Next step ({} of {}): {}", n.position, n.total, n.name),
                c,
            );
            if let Some(w) = &n.waiting_note {
                push(ItemKind::NextStep, w, c);
            }
            push(ItemKind::NextStep, &format!("Who acts: {}", n.who), c);
            push(
                ItemKind::NextStep,
                &format!("Who to contact: {}", n.contact_role),
                c,
            );
            for ct in &n.contacts {
                push(ItemKind::NextStep, &contact_line(ct), &ct.cite);
            }
            push(ItemKind::NextStep, &format!("What to do: {}", n.action), c);
            for p in &n.prepare {
                push(ItemKind::NextStep, &format!("Prepare: {p}"), c);
            }
            for r in &n.record {
                push(ItemKind::NextStep, &format!("Record: {r}"), c);
            }
            match (&n.timescale, &n.no_timescale) {
                (Some(t), _) => push(
                    ItemKind::NextStep,
                    &format!("Timescale: {}", t.text),
                    &t.cite,
                ),
                (None, Some(none)) => push(ItemKind::NextStep, none, c),
                (None, None) => {}
            }
            if let (Some(d), Some(t)) = (&n.due, &n.timescale) {
                push(
                    ItemKind::NextStep,
                    &format!("Due by {}: {}", d.date.long(), d.explanation),
                    &t.cite,
                );
            }
            for a in &n.alternatives {
                let text = if a.applies_to_you {
                    format!("Applies to you: {}", a.text)
                } else {
                    a.text.clone()
                };
                push(ItemKind::NextStep, &text, &a.cite);
            }
        }
        push(ItemKind::Form, &self.form.text, &self.form.cite);
        for s in &self.special_cases {
            push(ItemKind::SpecialCase, &s.guidance, &s.cite);
        }
        for a in &self.after_resolution {
            push(ItemKind::AfterResolution, &a.text, &a.cite);
        }
        if let Some(x) = &self.exhausted {
            push(ItemKind::Exhausted, &x.text, &x.cite);
        }
        for t in &self.tips {
            push(ItemKind::Tip, &t.text, &t.cite);
        }
        out
    }
}

/// "MASH: phone 0345 155 1071, email …" for lists and plain text.
pub fn contact_line(c: &Contact) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &c.phone {
        parts.push(format!("phone {p}"));
    }
    if let Some(e) = &c.email {
        parts.push(format!("email {e}"));
    }
    if let Some(u) = &c.url {
        parts.push(format!("web {u}"));
    }
    format!("{}: {}", c.name, parts.join(", "))
}
