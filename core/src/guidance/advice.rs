//! The advice the engine gives: what to do next, in the order it is shown.

use serde::Serialize;

use super::answers::Outcome;
use super::date::Date;
use crate::protocol::{Amount, Cite, CitedText, Contact, Timescale};

/// Everything the practitioner is told, for one set of answers.
///
/// Fields are in display order; [`Advice::items`] flattens them, emergency first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    /// Present whenever immediate harm is reported: always shown first.
    pub emergency: Option<EmergencyAdvice>,
    /// Set when the two answers about immediate harm disagree (No on
    /// Safety, the immediate-harm urgency): shown right after the emergency.
    pub harm_conflict: Option<CitedText>,
    /// Set when the disagreement type is not for this protocol: where to go
    /// instead. Then there is no route, no next step and no form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elsewhere: Option<CitedText>,
    /// The route being followed, once a disagreement type is chosen.
    pub route: Option<RouteInfo>,
    /// What the chosen urgency means for the route.
    pub urgency: Option<CitedText>,
    /// Every stage of the route and what has been recorded against it.
    pub standing: Vec<StageStanding>,
    /// Skipped stages and ignored attempts.
    pub warnings: Vec<CitedText>,
    /// Where the practitioner stands overall.
    pub status: Status,
    /// The stage at which the disagreement was resolved (the first attempt
    /// entered as resolved); set exactly when [`Status::Resolved`].
    pub resolved_at: Option<StageRef>,
    /// Set when a reply is awaited, or a plan's review is, at the route's
    /// last stage: what that means, before the protocol's last word
    /// ([`Advice::exhausted`]).
    pub awaiting_last: Option<String>,
    /// What an outcome beyond resolved, not resolved and awaiting means
    /// now: a plan agreed (the route open until its review date), resolved
    /// with outstanding issues, or not taken forward (the route ends).
    pub outcome: Option<OutcomeNote>,
    /// While a reply is awaited: what the stage it is awaited from owes,
    /// and by when (only where that stage states a timescale).
    pub awaiting: Option<Awaited>,
    /// The stage to take next; `None` when resolved, exhausted or no route yet.
    pub next_step: Option<NextStep>,
    /// Whether and where the formal case resolution form belongs.
    pub form: FormAdvice,
    /// Guidance for the special cases the practitioner flagged.
    pub special_cases: Vec<SpecialAdvice>,
    /// Contacts the protocol lists without tying them to a step.
    pub other_contacts: Vec<Contact>,
    /// What to do once resolved.
    pub after_resolution: Vec<CitedText>,
    /// The protocol's last word after the route's last stage; set when
    /// every stage has been tried, or a reply is awaited at the last one.
    pub exhausted: Option<CitedText>,
    /// The protocol's general advice for raising a challenge.
    pub tips: Vec<CitedText>,
}

/// The first thing said whenever someone may be at risk of immediate harm,
/// whatever the protocol: the product's own safety baseline, so it carries no
/// citation of a source (most sources do not say it).
pub const CALL_999: &str = "If someone is in immediate danger, call 999.";

/// Emergency guidance, shown first whenever immediate harm is reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmergencyAdvice {
    /// What to do now, in the protocol's words.
    pub summary: String,
    /// Each emergency action, with its citation.
    pub actions: Vec<CitedText>,
    /// The front-door contacts the protocol gives; [`CALL_999`] comes
    /// before them whatever the protocol says.
    pub contacts: Vec<Contact>,
    /// The section the emergency guidance rests on.
    pub cite: Cite,
}

/// The route being followed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteInfo {
    /// The route's id in the protocol file.
    pub id: String,
    /// The route's name, e.g. "Stages of resolution".
    pub name: String,
    /// A short description of the route, where the protocol gives one.
    pub summary: Option<String>,
    /// The section the route rests on.
    pub cite: Cite,
    /// The route's end: what the protocol says once every stage is tried
    /// (the route's own last word, or the protocol's).
    pub end: CitedText,
}

/// A stage of the route, by name and position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageRef {
    /// The stage's id in the route.
    pub stage_id: String,
    /// The stage's name.
    pub name: String,
    /// 1-based position in the route.
    pub position: usize,
}

impl StageRef {
    pub(super) fn of(route: &crate::protocol::Route, index: usize) -> StageRef {
        let s = &route.stages[index];
        StageRef {
            stage_id: s.id.clone(),
            name: s.name.clone(),
            position: index + 1,
        }
    }

    /// "Stage 2: Manager to manager", or the name alone where it already
    /// starts with its number ("Stage 2: line managers ...").
    pub fn label(&self) -> String {
        stage_label(self.position, &self.name)
    }
}

/// "Stage N: name", unless the name already starts with "Stage N".
pub fn stage_label(position: usize, name: &str) -> String {
    let number = format!("Stage {position}");
    let own = name.get(..number.len());
    if own.is_some_and(|o| o.eq_ignore_ascii_case(&number)) {
        name.to_string()
    } else {
        number + ": " + name
    }
}

/// One stage of the route and what is recorded against it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageStanding {
    /// The stage's id in the route.
    pub stage_id: String,
    /// The stage's name.
    pub name: String,
    /// 1-based.
    pub position: usize,
    /// How many attempts are recorded at this stage.
    pub attempts: usize,
    /// Outcome of the last attempt entered for this stage.
    pub latest: Option<Outcome>,
    /// The section the stage rests on.
    pub cite: Cite,
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
    /// The disagreement type is not for this protocol ([`Advice::elsewhere`]).
    Elsewhere,
    /// A plan was agreed at the furthest stage attempted: open until its
    /// review date ([`Advice::outcome`]).
    PlanAgreed,
    /// The challenge was not taken forward: the escalation ends there.
    NotTakenForward,
}

/// The next stage to take, with everything the protocol says about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextStep {
    /// The stage's id in the route.
    pub stage_id: String,
    /// The stage's name.
    pub name: String,
    /// 1-based position in the route.
    pub position: usize,
    /// How many stages the route has.
    pub total: usize,
    /// Who acts at this stage.
    pub who: String,
    /// The role to contact, in the protocol's words.
    pub contact_role: String,
    /// Contacts the protocol gives for this stage (phone, email, web).
    pub contacts: Vec<Contact>,
    /// What to do.
    pub action: String,
    /// What to have ready.
    pub prepare: Vec<String>,
    /// What to write down.
    pub record: Vec<String>,
    /// What falls due at this stage, in the protocol's order.
    pub timescales: Vec<Deadline>,
    /// Said when the protocol states no timescale for this stage.
    pub no_timescale: Option<String>,
    /// True when the formal form is submitted at this stage.
    pub submits_form: bool,
    /// Other ways through this stage the protocol names.
    pub alternatives: Vec<AlternativeAdvice>,
    /// What the protocol says about taking this stage: a later stage that
    /// may be gone to early from here, whether this one is optional or may
    /// be skipped, the discretion to choose where to start, its notes.
    pub notes: Vec<CitedText>,
    /// Set when the practitioner is still waiting at the previous stage.
    pub waiting_note: Option<String>,
    /// The section the stage rests on.
    pub cite: Cite,
}

/// One timescale of a stage, with the date it falls due where one can be
/// worked out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deadline {
    /// The words, who owes it and the section it rests on.
    pub timescale: Timescale,
    /// The date it falls due; `None` when it is in words only.
    pub due: Option<Due>,
}

impl Deadline {
    /// "Within one working day", or "The other professional: immediately".
    pub fn label(&self) -> String {
        match &self.timescale.owed_by {
            Some(who) => format!(
                "{}: {}",
                super::engine::capitalise(who),
                self.timescale.text
            ),
            None => self.timescale.text.clone(),
        }
    }

    /// "Due by Monday 7 December 2026: <how it was counted>".
    pub fn due_line(&self) -> Option<String> {
        let d = self.due.as_ref()?;
        let passed = if d.passed { PASSED } else { "" };
        Some(format!(
            "Due by {}{passed}: {}",
            d.date.long(),
            d.explanation
        ))
    }
}

/// Said after a due date that is before today.
pub const PASSED: &str = " – this date has passed";

/// An outcome a protocol gives some stages, as it stands for these answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeNote {
    /// [`Outcome::PlanAgreed`], [`Outcome::ResolvedOutstanding`] or
    /// [`Outcome::NotTakenForward`].
    pub outcome: Outcome,
    /// The stage of the attempt it was recorded at.
    pub stage: StageRef,
    /// "Plan agreed at Stage 1: …; review by Tuesday 12 January 2027".
    pub heading: String,
    /// What it means now, in plain words.
    pub text: String,
    /// A plan's review date, where one is recorded.
    pub review: Option<Date>,
    /// The review date is today or before: time to ask whether the plan
    /// was carried out.
    pub review_due: bool,
    /// Who decides, in the protocol's words (not taken forward).
    pub decided_by: Option<String>,
    /// What the protocol says about this outcome at this stage, where it
    /// gives the outcome there.
    pub protocol: Option<CitedText>,
    /// The section the stage rests on.
    pub cite: Cite,
}

/// The stage a reply is awaited from, and what it owes by when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Awaited {
    /// The furthest stage attempted, whose reply is awaited.
    pub stage: StageRef,
    /// Its timescales that hold for these answers, with their dates.
    pub deadlines: Vec<Deadline>,
}

/// A due date worked out from a timescale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Due {
    /// The date it falls due (never a Saturday or Sunday).
    pub date: Date,
    /// The date is before today: the page says so, not just "due by".
    pub passed: bool,
    /// The date counted from.
    pub from: Date,
    /// True when counted from a recorded attempt (the point the protocol
    /// states), false when from today, as none is recorded yet.
    pub from_attempt: bool,
    /// The time counted, in the protocol's unit.
    pub amount: Amount,
    /// Plain-English explanation, including that weekends are excluded.
    pub explanation: String,
}

/// Another way through the next stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlternativeAdvice {
    /// The alternative, in the protocol's words.
    pub text: String,
    /// True when the alternative is offered because of the practitioner's
    /// answers (its condition holds), not to everyone.
    pub applies_to_you: bool,
    /// Contacts the protocol gives for it.
    pub contacts: Vec<Contact>,
    /// The section it rests on.
    pub cite: Cite,
}

/// Whether the formal form belongs to the next step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormAdvice {
    /// The form's name in the protocol, e.g. "Case Resolution form".
    pub title: String,
    /// Who the form goes to.
    pub recipient: String,
    /// True when the next step is the one where the form is submitted.
    pub due_now: bool,
    /// Where the form stands for these answers (what [`FormAdvice::text`] says).
    pub place: FormPlace,
    /// The stage at which the protocol has the form submitted, if any.
    pub stage_name: Option<String>,
    /// One sentence on where the form belongs for these answers.
    pub text: String,
    /// The section the form rests on.
    pub cite: Cite,
}

/// Where the formal form stands for the practitioner's route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormPlace {
    /// No route yet, so its stage is not known.
    NoRoute,
    /// The next step is the one where it is submitted.
    Now,
    /// Its stage is still ahead.
    Later,
    /// Its stage has been attempted.
    Reached,
    /// Resolved before its stage: the protocol does not ask for it.
    NotNeeded,
    /// No stage of this route submits it.
    NotInRoute,
}

/// Guidance for a special case the practitioner flagged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpecialAdvice {
    /// The special case's id.
    pub id: String,
    /// What the practitioner ticked.
    pub label: String,
    /// What the protocol says to do.
    pub guidance: String,
    /// Contacts the protocol gives for it.
    pub contacts: Vec<Contact>,
    /// The section it rests on.
    pub cite: Cite,
}

/// What an advice item is, for ordering and announcements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Emergency guidance (immediate harm).
    Emergency,
    /// The two answers about immediate harm disagree.
    Conflict,
    /// The route and its summary.
    Route,
    /// What the chosen urgency means.
    Urgency,
    /// A stage and what is recorded at it.
    Standing,
    /// A skipped stage, ignored attempts or inconsistent answers.
    Warning,
    /// Part of the next step.
    NextStep,
    /// Where the formal form belongs.
    Form,
    /// A flagged special case.
    SpecialCase,
    /// What to do once resolved.
    AfterResolution,
    /// A reply awaited at the last stage, and the protocol's last word.
    Exhausted,
    /// General advice from the protocol.
    Tip,
}

/// One piece of advice with its citation, as [`Advice::items`] lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Which part of the advice it belongs to.
    pub kind: ItemKind,
    /// The text to show.
    pub text: String,
    /// The section of the source it rests on.
    pub cite: Cite,
}

impl Advice {
    /// Every piece of advice, flattened in display order, each with its
    /// citation. Emergency items, when present, come first.
    pub fn items(&self) -> Vec<Item> {
        let mut out = Vec::new();
        let mut push = |kind, text: &str, cite: &Cite| {
            out.push(Item {
                kind,
                text: text.to_string(),
                cite: cite.clone(),
            })
        };
        if let Some(e) = &self.emergency {
            push(ItemKind::Emergency, CALL_999, &Cite::default());
            push(ItemKind::Emergency, &e.summary, &e.cite);
            for a in &e.actions {
                push(ItemKind::Emergency, &a.text, &a.cite);
            }
            for c in &e.contacts {
                push(ItemKind::Emergency, &contact_line(c), &c.cite);
            }
        }
        if let Some(c) = &self.harm_conflict {
            push(ItemKind::Conflict, &c.text, &c.cite);
        }
        if let Some(e) = &self.elsewhere {
            push(ItemKind::Route, &e.text, &e.cite);
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
                (1, Some(o)) => format!("1 attempt, {}", o.label().to_ascii_lowercase()),
                (n, Some(o)) => format!("{n} attempts, latest {}", o.label().to_ascii_lowercase()),
            };
            push(ItemKind::Standing, &format!("{}: {state}", s.name), &s.cite);
        }
        if let Some(a) = &self.awaiting {
            for d in &a.deadlines {
                let due = d.due_line().map(|l| format!(". {l}")).unwrap_or_default();
                push(
                    ItemKind::Standing,
                    &format!("Waiting on {}: {}{due}", a.stage.name, d.label()),
                    &d.timescale.cite,
                );
            }
        }
        if let Some(o) = &self.outcome {
            push(ItemKind::Standing, &o.heading, &o.cite);
            push(ItemKind::Standing, &o.text, &o.cite);
            if let Some(p) = &o.protocol {
                push(ItemKind::Standing, &p.text, &p.cite);
            }
        }
        for w in &self.warnings {
            push(ItemKind::Warning, &w.text, &w.cite);
        }
        if let Some(n) = &self.next_step {
            let c = &n.cite;
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
            for d in &n.timescales {
                push(
                    ItemKind::NextStep,
                    &format!("Timescale: {}", d.label()),
                    &d.timescale.cite,
                );
                if let Some(line) = d.due_line() {
                    push(ItemKind::NextStep, &line, &d.timescale.cite);
                }
            }
            if let Some(none) = &n.no_timescale {
                push(ItemKind::NextStep, none, c);
            }
            for note in &n.notes {
                push(ItemKind::NextStep, &note.text, &note.cite);
            }
            for a in &n.alternatives {
                let text = if a.applies_to_you {
                    format!("Applies to you: {}", a.text)
                } else {
                    a.text.clone()
                };
                push(ItemKind::NextStep, &text, &a.cite);
                for ct in &a.contacts {
                    push(ItemKind::NextStep, &contact_line(ct), &ct.cite);
                }
            }
        }
        push(ItemKind::Form, &self.form.text, &self.form.cite);
        for s in &self.special_cases {
            push(ItemKind::SpecialCase, &s.guidance, &s.cite);
            for ct in &s.contacts {
                push(ItemKind::SpecialCase, &contact_line(ct), &ct.cite);
            }
        }
        for a in &self.after_resolution {
            push(ItemKind::AfterResolution, &a.text, &a.cite);
        }
        if let Some(x) = &self.exhausted {
            if let Some(w) = &self.awaiting_last {
                push(ItemKind::Exhausted, w, &x.cite);
            }
            push(ItemKind::Exhausted, &x.text, &x.cite);
        }
        for t in &self.tips {
            push(ItemKind::Tip, &t.text, &t.cite);
        }
        for ct in &self.other_contacts {
            push(ItemKind::Tip, &contact_line(ct), &ct.cite);
        }
        out
    }
}

/// One line for a contact, e.g. "MASH: phone 0345 155 1071, email …" for lists and plain text.
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
    if parts.is_empty() {
        // A name alone, where the source prints no way to reach it.
        return c.name.clone();
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    format!("{}: {}", c.name, crate::html::join(&parts, ", "))
}
