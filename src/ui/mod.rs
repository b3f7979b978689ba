//! The widget's view: thin Leptos components over the domain core.
//!
//! State is one [`Answers`] value in a signal, plus the current step, shared
//! through context ([`Ctx`]). Components change answers only through the
//! small operations on `Answers` (the question steps' controls through
//! `markup::edit`); the advice is derived with [`advise`] in a `Memo`,
//! never stored. Browser I/O lives in [`browser`] only.

pub mod browser;
mod check;
mod follow_up;
mod form_step;
mod markup;
mod next_step;
mod questions;
mod stages;
mod start;
#[cfg(test)]
mod sweep;
mod widgets;

use leptos::html;
use leptos::prelude::*;

use crate::guidance::{advise, Advice, Answers, Date};
use crate::html::Html;
use crate::protocol::{data::Listed, Protocol};
use crate::render;

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
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// An in-widget confirmation waiting for an answer (never `window.confirm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    ClearAll,
    /// Switch to the protocol at this index, dropping the answers.
    SwitchProtocol(usize),
}

/// How a widget was configured by the embedding layer.
pub struct Config {
    /// The partnerships offered: one when the page fixed it, else the index.
    pub choices: Vec<Listed>,
    /// Each choice's protocol, once loaded (the fixed one always is; the
    /// picker loads a partnership's data file when it is chosen).
    pub protocols: Vec<Option<Protocol>>,
    /// True when the page chose the protocol (no picker).
    pub fixed: bool,
    /// The session storage key of this widget instance.
    pub storage_key: String,
    /// URL of the directory the widget's files are served from, ending in `/`.
    pub base: String,
}

/// Everything the components share. All fields are `Copy` handles.
#[derive(Clone, Copy)]
pub struct Ctx {
    choices: StoredValue<Vec<Listed>>,
    protocols: StoredValue<Vec<Option<Protocol>>>,
    /// The partnership chosen last, while its protocol loads: a slower,
    /// earlier load must not override it.
    latest_pick: StoredValue<Option<usize>>,
    pub fixed: bool,
    /// Index into the protocols offered; `None` until one is picked.
    pub protocol: RwSignal<Option<usize>>,
    pub answers: RwSignal<Answers>,
    pub step: RwSignal<Step>,
    /// True after a Change link on Check your answers: Continue goes back there.
    pub returning: RwSignal<bool>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub confirm: RwSignal<Option<Confirm>>,
    /// Text of the polite live region.
    pub notice: RwSignal<String>,
    /// Derived from protocol and answers; `None` until a protocol is chosen.
    pub advice: Memo<Option<Advice>>,
    pub today: Date,
    /// The form's reference (`CR-<date>-<code>`), one per session of the
    /// widget, so that the form and the calendar follow-up carry the same;
    /// new after "clear everything".
    pub reference: RwSignal<String>,
    pub root: NodeRef<html::Div>,
    storage_key: StoredValue<String>,
    base: StoredValue<String>,
}

impl Ctx {
    /// Runs `f` on the chosen protocol (tracked).
    pub fn with_protocol<R>(&self, f: impl FnOnce(&Protocol) -> R) -> Option<R> {
        let index = self.protocol.get()?;
        self.protocols
            .with_value(|ps| ps.get(index).and_then(Option::as_ref).map(f))
    }

    pub fn with_protocol_untracked<R>(&self, f: impl FnOnce(&Protocol) -> R) -> Option<R> {
        let index = self.protocol.get_untracked()?;
        self.protocols
            .with_value(|ps| ps.get(index).and_then(Option::as_ref).map(f))
    }

    /// The partnerships offered.
    pub fn with_choices<R>(&self, f: impl FnOnce(&[Listed]) -> R) -> R {
        self.choices.with_value(|cs| f(cs))
    }

    fn is_loaded(&self, index: usize) -> bool {
        self.protocols
            .with_value(|ps| matches!(ps.get(index), Some(Some(_))))
    }

    /// Loads the protocol of choice `index` if it is not yet loaded. `Err`
    /// is the message for the practitioner.
    pub async fn load(&self, index: usize) -> Result<(), String> {
        if self.is_loaded(index) {
            return Ok(());
        }
        let Some(choice) = self.choices.with_value(|cs| cs.get(index).cloned()) else {
            return Err("That partnership is not offered here.".to_string());
        };
        let cannot = |why: &str| {
            browser::warn(&format!("case-resolution: {why}"));
            format!(
                "The protocol of {} could not be loaded. Try again, or follow the protocol directly.",
                choice.name
            )
        };
        match browser::load_protocol(&choice.id).await {
            Ok(Some(loaded)) => {
                self.protocols.update_value(|ps| {
                    if let Some(slot) = ps.get_mut(index) {
                        *slot = Some(loaded.protocol);
                    }
                });
                Ok(())
            }
            Ok(None) => Err(cannot(&format!(
                "the partnership index lists “{}”, but its data file is missing",
                choice.id
            ))),
            Err(why) => Err(cannot(&why)),
        }
    }

    pub fn base(&self) -> String {
        self.base.get_value()
    }

    pub fn storage_key(&self) -> String {
        self.storage_key.get_value()
    }

    /// The steps shown for the current answers (tracked).
    pub fn steps(&self) -> Vec<Step> {
        let answers = self.answers;
        self.with_protocol(|p| answers.with(|a| steps_for(p, a)))
            .unwrap_or_else(|| vec![Step::Start])
    }

    fn steps_untracked(&self) -> Vec<Step> {
        untrack(|| self.steps())
    }

    /// Shows `step` and moves focus to its heading.
    pub fn go_to(&self, step: Step) {
        self.errors.set(Vec::new());
        self.confirm.set(None);
        self.step.set(step);
        self.focus_after_render("h1");
    }

    /// Continue: checks the current step's answers, then moves on.
    pub fn continue_on(&self) {
        let step = self.step.get_untracked();
        let errors = self.validate(step);
        if !errors.is_empty() {
            self.errors.set(errors);
            self.focus_after_render(".cr-error-summary");
            return;
        }
        let steps = self.steps_untracked();
        let next = if self.returning.get_untracked() {
            // Back to Check your answers, unless the change opened a question
            // that still needs an answer (e.g. a type with context questions).
            let after = steps.iter().skip_while(|s| **s != step).skip(1);
            let pending = after
                .take_while(|s| **s != Step::Check)
                .find(|s| !self.validate(**s).is_empty())
                .copied();
            if pending.is_none() {
                self.returning.set(false);
            }
            pending.unwrap_or(Step::Check)
        } else {
            steps
                .iter()
                .skip_while(|s| **s != step)
                .nth(1)
                .copied()
                .unwrap_or(step)
        };
        self.go_to(next);
    }

    /// Back: the previous step (or Check your answers after a Change link).
    pub fn back(&self) {
        let step = self.step.get_untracked();
        if self.returning.get_untracked() && step != Step::Check {
            self.returning.set(false);
            self.go_to(Step::Check);
            return;
        }
        let steps = self.steps_untracked();
        let previous = steps
            .iter()
            .take_while(|s| **s != step)
            .last()
            .copied()
            .unwrap_or(Step::Start);
        self.go_to(previous);
    }

    /// The question steps' delegated `input`/`change` handler: reads the
    /// control back into the answers. Text controls report on `input`,
    /// radios and checkboxes on `change` (browsers fire both for those).
    pub fn edit_from(&self, ev: &web_sys::Event) {
        let Some(c) = browser::control_of(ev) else {
            return;
        };
        if (ev.type_() == "change") != c.choice {
            return;
        }
        if c.name == "cr-protocol" {
            if let Ok(index) = c.value.parse() {
                self.pick_protocol(index);
            }
            return;
        }
        let answers = self.answers;
        let edited = self.with_protocol_untracked(|p| {
            let mut known = false;
            answers.maybe_update(|a| {
                known = markup::edit(a, p, &c.name, &c.value, c.checked);
                known
            });
            known
        });
        if edited == Some(true) && c.name == "cr-immediate-harm" {
            questions::announce_harm(self, c.value == "yes");
        }
    }

    /// The question steps' delegated click handler: a button's `data-action`.
    pub fn act(&self, button: &web_sys::Element) {
        match button.get_attribute("data-action").as_deref() {
            Some("continue") => self.continue_on(),
            Some("add-attempt") => stages::add_attempt(self, button.get_attribute("data-stage")),
            Some("remove-attempt") => stages::remove_attempt(
                self,
                button
                    .get_attribute("data-index")
                    .and_then(|i| i.parse().ok()),
            ),
            _ => {}
        }
    }

    /// A Change link on Check your answers.
    pub fn change(&self, step: Step) {
        self.returning.set(true);
        self.go_to(step);
    }

    /// Missing required answers on `step`.
    pub fn validate(&self, step: Step) -> Vec<FieldError> {
        let answers = self.answers;
        let fixed = self.fixed;
        untrack(
            || match self.with_protocol(|p| answers.with(|a| validate(step, p, a))) {
                Some(errors) => errors,
                None if step == Step::Start && !fixed => vec![FieldError::new(
                    "cr-protocol",
                    "Select the partnership whose protocol you follow",
                )],
                None => Vec::new(),
            },
        )
    }

    /// Where to resume after restoring answers: the first unanswered
    /// question, else the furthest step the answers suggest.
    fn resume_step(&self) -> Step {
        let steps = self.steps_untracked();
        for s in steps.iter().copied().take_while(|s| *s != Step::Stages) {
            if !self.validate(s).is_empty() {
                return s;
            }
        }
        untrack(|| {
            self.answers.with(|a| {
                if a.details != Default::default() {
                    if self.validate(Step::Details).is_empty() {
                        Step::Check
                    } else {
                        Step::Details
                    }
                } else if !a.attempts.is_empty() || !a.special_cases.is_empty() {
                    Step::NextStep
                } else {
                    Step::Stages
                }
            })
        })
    }

    /// Focuses the first element matching `selector` in this widget, once
    /// the pending DOM updates have been applied (they run as tasks queued
    /// before this one).
    pub fn focus_after_render(&self, selector: &'static str) {
        let root = self.root;
        leptos::task::spawn_local(async move {
            focus_in(root, selector);
        });
    }

    /// Focuses the element with `id` in this widget, after rendering.
    pub fn focus_id_after_render(&self, id: String) {
        let root = self.root;
        leptos::task::spawn_local(async move {
            focus_in(root, &format!("#{id}"));
        });
    }

    /// Focuses the element with `id` now (error summary links).
    pub fn focus_id(&self, id: &str) {
        focus_in(self.root, &format!("#{id}"));
    }

    /// Clears every answer, the stored draft and (with the picker) the choice.
    pub fn clear_all(&self) {
        browser::session_remove(&self.storage_key());
        self.answers.set(Answers::default());
        self.reference
            .set(crate::form::reference(self.today, browser::random_u32()));
        if !self.fixed {
            self.protocol.set(None);
        }
        self.returning.set(false);
        self.go_to(Step::Start);
        self.notice.set("All answers cleared.".to_string());
        // Persisting reacts to the change above; make sure nothing is left.
        browser::session_remove(&self.storage_key());
    }

    /// Picks a protocol; asks first when answers would be lost.
    pub fn pick_protocol(&self, index: usize) {
        if self.protocol.get_untracked() == Some(index) {
            return;
        }
        let has_answers = self.answers.with_untracked(|a| *a != Answers::default());
        if has_answers && self.protocol.get_untracked().is_some() {
            self.confirm.set(Some(Confirm::SwitchProtocol(index)));
            self.focus_after_render(".cr-confirm h2");
        } else {
            self.switch_to(index, false);
        }
    }

    /// Makes choice `index` the protocol in use, once it has loaded, and
    /// drops the answers (they were made under another protocol, or none).
    /// `confirmed`: after "Yes, change" (back to Start, and say so).
    fn switch_to(&self, index: usize, confirmed: bool) {
        let ctx = *self;
        ctx.latest_pick.set_value(Some(index));
        let apply = move || {
            if ctx.latest_pick.get_value() != Some(index) {
                return;
            }
            // Only what changes is set: the step redraws on a change of
            // errors, which would take focus from the control in use (the
            // picker's radio, or its list as the practitioner arrows through).
            if ctx.errors.with_untracked(|e| !e.is_empty()) {
                ctx.errors.set(Vec::new());
            }
            if confirmed {
                browser::session_remove(&ctx.storage_key());
            }
            ctx.answers.maybe_update(|a| {
                let changed = *a != Answers::default();
                if changed {
                    *a = Answers::default();
                }
                changed
            });
            ctx.protocol.set(Some(index));
            if confirmed {
                ctx.returning.set(false);
                ctx.go_to(Step::Start);
                ctx.notice
                    .set("Partnership changed. Your previous answers were cleared.".to_string());
            }
        };
        if ctx.is_loaded(index) {
            apply();
            return;
        }
        leptos::task::spawn_local(async move {
            match ctx.load(index).await {
                Ok(()) => apply(),
                Err(message) if ctx.latest_pick.get_value() == Some(index) => {
                    ctx.errors
                        .set(vec![FieldError::new("cr-protocol", message.clone())]);
                    ctx.notice.set(message);
                }
                Err(_) => {}
            }
        });
    }

    /// Answers a confirmation.
    pub fn confirm_answer(&self, yes: bool) {
        let Some(what) = self.confirm.get_untracked() else {
            return;
        };
        self.confirm.set(None);
        match (what, yes) {
            (Confirm::ClearAll, true) => self.clear_all(),
            (Confirm::SwitchProtocol(index), true) => self.switch_to(index, true),
            (Confirm::SwitchProtocol(_), false) => {
                // The radio the practitioner clicked is checked natively;
                // put the checked state back to the protocol still in use.
                let current = self.protocol.get_untracked();
                if let Some(root) = self.root.get_untracked() {
                    browser::set_select_value(
                        &root,
                        "select[name=cr-protocol]",
                        &current.map(|i| i.to_string()).unwrap_or_default(),
                    );
                    if let Ok(list) = root.query_selector_all("input[name=cr-protocol]") {
                        for i in 0..list.length() {
                            if let Some(input) = list.item(i).and_then(|n| {
                                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(n).ok()
                            }) {
                                input.set_checked(Some(i as usize) == current);
                            }
                        }
                    }
                }
                self.focus_after_render("h1");
            }
            (Confirm::ClearAll, false) => self.focus_after_render(".cr-clear"),
        }
    }
}

fn focus_in(root: NodeRef<html::Div>, selector: &str) {
    let Some(root) = root.get_untracked() else {
        return;
    };
    match root.query_selector(selector) {
        Ok(Some(element)) => {
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
                let _ = el.focus();
            }
        }
        _ => browser::warn(&format!("case-resolution: nothing to focus at {selector}")),
    }
}

/// The steps for a protocol and answers: the context step only when the
/// chosen disagreement type has questions.
pub fn steps_for(protocol: &Protocol, answers: &Answers) -> Vec<Step> {
    let has_context = !answers.questions(protocol).is_empty();
    Step::ALL
        .into_iter()
        .filter(|s| *s != Step::Context || has_context)
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
                    "cr-subject",
                    "Select whether the concern is about a child or an adult",
                ));
            }
        }
        Step::Safety => {
            if answers.immediate_harm.is_none() {
                errors.push(FieldError::new(
                    "cr-immediate-harm",
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
                errors.push(FieldError::new("cr-urgency", "Select how urgent this is"));
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
                    "cr-disagreement",
                    "Select what the disagreement is about",
                ));
            }
        }
        Step::Context => {
            for q in answers.questions(protocol) {
                if !answers.context.contains_key(&q.id) {
                    errors.push(FieldError::new(
                        format!("cr-q-{}", q.id),
                        format!("Answer: {}", q.label),
                    ));
                }
            }
        }
        Step::Stages => {
            for (i, a) in answers.attempts.iter().enumerate() {
                if !a.date.trim().is_empty() && Date::parse(&a.date).is_none() {
                    errors.push(FieldError::new(
                        format!("cr-attempt-{i}-date"),
                        "Enter the date as a real date, for example 23/11/2026",
                    ));
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

/// Builds the shared state, restores a saved draft from session storage and
/// starts saving on every change.
fn provide_ctx(config: Config) -> Ctx {
    let Config {
        choices,
        protocols,
        fixed,
        storage_key,
        base,
    } = config;
    let protocol =
        RwSignal::new((fixed || (protocols.len() == 1 && protocols[0].is_some())).then_some(0));
    let protocols = StoredValue::new(protocols);
    let answers = RwSignal::new(Answers::default());
    let today = browser::today();
    // A Memo, not a closure: several parts of the next step read the advice
    // and it should be worked out once per change of answers.
    let advice = Memo::new(move |_| {
        let index = protocol.get()?;
        protocols.with_value(|ps| {
            let p = ps.get(index)?.as_ref()?;
            Some(answers.with(|a| advise(p, a, today)))
        })
    });
    let ctx = Ctx {
        choices: StoredValue::new(choices),
        protocols,
        latest_pick: StoredValue::new(None),
        fixed,
        protocol,
        answers,
        step: RwSignal::new(Step::Start),
        returning: RwSignal::new(false),
        errors: RwSignal::new(Vec::new()),
        confirm: RwSignal::new(None),
        notice: RwSignal::new(String::new()),
        advice,
        today,
        reference: RwSignal::new(crate::form::reference(today, browser::random_u32())),
        root: NodeRef::new(),
        storage_key: StoredValue::new(storage_key),
        base: StoredValue::new(base),
    };

    if let Some(saved) = browser::session_get(&ctx.storage_key()) {
        let failed = move |message: String| {
            browser::warn(&format!(
                "case-resolution: the saved answers could not be restored: {message}"
            ));
            browser::session_remove(&ctx.storage_key());
        };
        match crate::form::draft::from_compact(&saved) {
            None => failed("they are not in this version's format".to_string()),
            // With the picker, the partnership's protocol may have to load
            // first; a fixed protocol is restored before the first render.
            Some((id, answers)) => match start::restore(&ctx, &id, answers) {
                Ok(None) => ctx.step.set(ctx.resume_step()),
                Ok(Some(pending)) => leptos::task::spawn_local(async move {
                    match pending.await {
                        Ok(()) => ctx.step.set(ctx.resume_step()),
                        Err(message) => failed(message),
                    }
                }),
                Err(message) => failed(message),
            },
        }
    }

    // Save on every change. An empty set of answers leaves nothing behind.
    Effect::new(move |_| {
        let key = ctx.storage_key();
        let saved = ctx.with_protocol(|p| {
            ctx.answers.with(|a| {
                (*a != Answers::default()).then(|| crate::form::draft::to_compact(&p.id, a))
            })
        });
        match saved {
            Some(Some(saved)) => browser::session_set(&key, &saved),
            Some(None) => browser::session_remove(&key),
            None => {}
        }
    });

    provide_context(ctx);
    ctx
}

/// The whole widget.
pub fn app(config: Config) -> impl IntoView {
    let ctx = provide_ctx(config);
    let steps = Memo::new(move |_| ctx.steps());
    let position = move || {
        let step = ctx.step.get();
        let steps = steps.get();
        let n = steps.iter().position(|s| *s == step).map_or(1, |i| i + 1);
        format!("Step {n} of {}", steps.len())
    };
    // The list of steps as HTML: one string per step change instead of a
    // Leptos view per item.
    let nav = move || {
        let current = ctx.step.get();
        steps.with(|steps| {
            steps
                .iter()
                .fold(Html::new(), |mut out, s| {
                    out.lit(if *s == current {
                        "<li class=\"cr-steps__item cr-steps__item--current\" aria-current=\"step\">"
                    } else {
                        "<li class=\"cr-steps__item\">"
                    })
                    .lit(s.label())
                    .lit("</li>");
                    out
                })
                .into_string()
        })
    };
    // Rebuilt when the step changes, and when its errors do (after Continue,
    // with focus going to the error summary): the question steps draw their
    // fields' error states then. Step bodies subscribe to answers in their
    // own, finer blocks, so typing never re-creates a step.
    let body = move || {
        let step = ctx.step.get();
        ctx.errors.track();
        untrack(|| match step {
            Step::Start => start::start_step().into_any(),
            Step::Safety => questions::safety_step().into_any(),
            Step::Urgency => questions::urgency_step().into_any(),
            Step::Disagreement => questions::disagreement_step().into_any(),
            Step::Context => questions::context_step().into_any(),
            Step::Stages => stages::stages_step().into_any(),
            Step::NextStep => next_step::next_step().into_any(),
            Step::Details => questions::details_step().into_any(),
            Step::Check => check::check_step().into_any(),
            Step::Form => form_step::form_step().into_any(),
        })
    };
    let show_back = move || ctx.step.get() != Step::Start;
    // The panel's content is escaped HTML from `render`, like the advice
    // (see there why); the panel is the first thing in the main column.
    let emergency = move || {
        ctx.advice
            .with(|a| {
                a.as_ref()
                    .and_then(|a| a.emergency.as_ref())
                    .and_then(|e| ctx.with_protocol(|p| render::emergency_html(e, p).into_string()))
            })
            .map(|html| {
                view! {
                    <section
                        class="cr-emergency"
                        aria-labelledby="cr-emergency-title"
                        data-emergency=""
                        inner_html=html
                    ></section>
                }
            })
    };

    view! {
        <div class="cr-widget" node_ref=ctx.root data-step=move || ctx.step.get().id()>
            <div class="cr-bar">
                <p class="cr-progress">{position}</p>
                <p class="cr-partnership">
                    {move || ctx.with_protocol(|p| p.name.clone())}
                </p>
                <button
                    type="button"
                    class="cr-link cr-clear"
                    on:click=move |_| {
                        ctx.confirm.set(Some(Confirm::ClearAll));
                        ctx.focus_after_render(".cr-confirm h2");
                    }
                >
                    "Clear all answers"
                </button>
            </div>
            {widgets::confirm_panel}
            <div class="cr-layout">
                <nav class="cr-nav" aria-label="Steps">
                    <ol class="cr-steps" inner_html=nav></ol>
                </nav>
                <div class="cr-main">
                    {emergency}
                    {move || {
                        show_back()
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="cr-link cr-back"
                                        on:click=move |_| ctx.back()
                                    >
                                        "Back"
                                    </button>
                                }
                            })
                    }}
                    {widgets::error_summary}
                    {body}
                </div>
            </div>
            <div class="cr-visually-hidden" aria-live="polite">
                {move || ctx.notice.get()}
            </div>
        </div>
    }
}
