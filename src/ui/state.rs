//! The state every step shares ([`Ctx`], provided through Leptos context):
//! the protocols, the answers, the step, its errors, a confirmation waiting
//! for an answer, and the operations that change them.

use leptos::html;
use leptos::prelude::*;

use super::controls::{Action, Control};
use super::{browser, markup, questions, stages, steps_for, validate, FieldError, Step};
use case_resolution_core::guidance::{advise, Advice, Answers, Date};
use case_resolution_core::protocol::{data::Listed, Protocol};

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

/// What the widget holds that no view draws from: one stored value, not
/// one per field (each stored type costs the wasm its own code).
struct Held {
    choices: Vec<Listed>,
    protocols: Vec<Option<Protocol>>,
    /// The partnership chosen last, while its protocol loads: a slower,
    /// earlier load must not override it.
    latest_pick: Option<usize>,
    /// Start was pressed while the partnership just chosen was loading: go
    /// on once it has loaded (not "Select the partnership", which it is).
    start_when_loaded: bool,
    storage_key: String,
    base: String,
    /// True after a Change link on Check your answers: Continue goes back there.
    returning: bool,
    /// The form's reference (`CR-<date>-<code>`), one per session of the
    /// widget, so that the form and the calendar follow-up carry the same;
    /// new after "clear everything".
    reference: String,
    /// The Next step's disclosures the practitioner has open (their
    /// `data-disclose` ids), so they stay open over Back, Change and a redraw.
    open: Vec<String>,
}

/// Everything the components share. All fields are `Copy` handles.
#[derive(Clone, Copy)]
pub struct Ctx {
    held: StoredValue<Held>,
    pub fixed: bool,
    /// Index into the protocols offered; `None` until one is picked.
    pub protocol: RwSignal<Option<usize>>,
    pub answers: RwSignal<Answers>,
    pub step: RwSignal<Step>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub confirm: RwSignal<Option<Confirm>>,
    /// Text of the polite live region.
    pub notice: RwSignal<String>,
    /// Derived from protocol and answers; `None` until a protocol is chosen.
    pub advice: Memo<Option<Advice>>,
    pub today: Date,
    pub root: NodeRef<html::Div>,
}

impl Ctx {
    /// Runs `f` on the chosen protocol (tracked).
    pub fn with_protocol<R>(&self, f: impl FnOnce(&Protocol) -> R) -> Option<R> {
        let index = self.protocol.get()?;
        self.held
            .with_value(|h| h.protocols.get(index).and_then(Option::as_ref).map(f))
    }

    pub fn with_protocol_untracked<R>(&self, f: impl FnOnce(&Protocol) -> R) -> Option<R> {
        let index = self.protocol.get_untracked()?;
        self.held
            .with_value(|h| h.protocols.get(index).and_then(Option::as_ref).map(f))
    }

    /// The partnerships offered.
    pub fn with_choices<R>(&self, f: impl FnOnce(&[Listed]) -> R) -> R {
        self.held.with_value(|h| f(&h.choices))
    }

    pub(super) fn is_loaded(&self, index: usize) -> bool {
        self.held
            .with_value(|h| matches!(h.protocols.get(index), Some(Some(_))))
    }

    /// The partnership picked last could not be loaded: nothing is loading
    /// any more, so Start goes by what is loaded (and asks for a
    /// partnership if none is) instead of waiting.
    pub(super) fn pick_failed(&self, index: usize) {
        if self.latest_pick() == Some(index) {
            self.set_latest_pick(self.protocol.get_untracked());
            self.set_start_when_loaded(false);
        }
    }

    /// Loads the protocol of choice `index` if it is not yet loaded. `Err`
    /// is the message for the practitioner.
    pub async fn load(&self, index: usize) -> Result<(), String> {
        if self.is_loaded(index) {
            return Ok(());
        }
        let Some(choice) = self.held.with_value(|h| h.choices.get(index).cloned()) else {
            return Err("That partnership is not offered here.".to_string());
        };
        let cannot = |why: &str| {
            browser::warn(&format!("case-resolution: {why}"));
            format!(
                "The protocol of {} could not be loaded. Try again, or follow the protocol directly.",
                choice.name
            )
        };
        match browser::load_protocol(&self.base(), &choice.id).await {
            Ok(Some(loaded)) => {
                self.held.update_value(|h| {
                    if let Some(slot) = h.protocols.get_mut(index) {
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
        self.held.with_value(|h| h.base.clone())
    }

    pub fn storage_key(&self) -> String {
        self.held.with_value(|h| h.storage_key.clone())
    }

    /// The partnership chosen last (see [`Held`]).
    pub(super) fn latest_pick(&self) -> Option<usize> {
        self.held.with_value(|h| h.latest_pick)
    }

    pub(super) fn set_latest_pick(&self, pick: Option<usize>) {
        self.held.update_value(|h| h.latest_pick = pick);
    }

    /// The disclosures left open (see [`Held`]).
    pub fn open_disclosures(&self) -> Vec<String> {
        self.held.with_value(|h| h.open.clone())
    }

    /// Notes that the disclosure `id` was opened or closed.
    pub(super) fn set_disclosure(&self, id: String, open: bool) {
        self.held.update_value(|h| {
            h.open.retain(|o| *o != id);
            if open {
                h.open.push(id);
            }
        });
    }

    /// The form's reference (see [`Held`]).
    pub fn reference(&self) -> String {
        self.held.with_value(|h| h.reference.clone())
    }

    /// Whether Continue goes back to Check your answers (see [`Held`]).
    pub(super) fn returning(&self) -> bool {
        self.held.with_value(|h| h.returning)
    }

    pub(super) fn set_returning(&self, yes: bool) {
        self.held.update_value(|h| h.returning = yes);
    }

    fn start_when_loaded(&self) -> bool {
        self.held.with_value(|h| h.start_when_loaded)
    }

    fn set_start_when_loaded(&self, yes: bool) {
        self.held.update_value(|h| h.start_when_loaded = yes);
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
        let picked = self.latest_pick();
        if step == Step::Start && picked.is_some() && picked != self.protocol.get_untracked() {
            self.set_start_when_loaded(true);
            return;
        }
        let errors = self.validate(step);
        if !errors.is_empty() {
            self.errors.set(errors);
            self.focus_after_render(".cr-error-summary");
            return;
        }
        let steps = self.steps_untracked();
        let next = if self.returning() {
            // Back to Check your answers, unless the change opened a question
            // that still needs an answer (e.g. a type with context questions).
            let after = steps.iter().skip_while(|s| **s != step).skip(1);
            let pending = after
                .take_while(|s| **s != Step::Check)
                .find(|s| !self.validate(**s).is_empty())
                .copied();
            if pending.is_none() {
                self.set_returning(false);
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
        if self.returning() && step != Step::Check {
            self.set_returning(false);
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
        if c.name == Control::Protocol.name() {
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
        if edited == Some(true)
            && (c.name == Control::ImmediateHarm.name() || c.name == Control::Urgency.name())
        {
            questions::announce_harm(self);
        }
    }

    /// The question steps' delegated click handler: a button's `data-action`.
    pub fn act(&self, button: &web_sys::Element) {
        let action = button.get_attribute("data-action");
        match action.as_deref().and_then(Action::parse) {
            Some(Action::Continue) => self.continue_on(),
            Some(Action::AddAttempt) => {
                stages::add_attempt(self, button.get_attribute("data-stage"))
            }
            Some(Action::RemoveAttempt) => stages::remove_attempt(
                self,
                button
                    .get_attribute("data-index")
                    .and_then(|i| i.parse().ok()),
            ),
            Some(Action::ChangeAnswer) => {
                let step = button.get_attribute("data-step");
                if let Some(step) = Step::ALL
                    .into_iter()
                    .find(|s| Some(s.id()) == step.as_deref())
                {
                    self.go_to(step);
                }
            }
            None => {}
        }
    }

    /// A Change link on Check your answers.
    pub fn change(&self, step: Step) {
        self.set_returning(true);
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
                    Control::Protocol.name(),
                    "Select the partnership whose protocol you follow",
                )],
                None => Vec::new(),
            },
        )
    }

    /// Where to resume after restoring answers: the first unanswered
    /// question, else the furthest step the answers suggest.
    pub(super) fn resume_step(&self) -> Step {
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
        let reference = case_resolution_core::form::reference(self.today, browser::random_u32());
        self.held.update_value(|h| {
            h.reference = reference;
            h.open.clear();
        });
        if !self.fixed {
            self.protocol.set(None);
        }
        self.set_returning(false);
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
        ctx.set_latest_pick(Some(index));
        // A Start pressed for an earlier pick does not carry over.
        ctx.set_start_when_loaded(false);
        let apply = move || {
            if ctx.latest_pick() != Some(index) {
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
            if ctx.start_when_loaded() && !confirmed {
                ctx.set_start_when_loaded(false);
                ctx.continue_on();
            }
            if confirmed {
                ctx.set_returning(false);
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
                Err(message) if ctx.latest_pick() == Some(index) => {
                    ctx.pick_failed(index);
                    ctx.errors.set(vec![FieldError::new(
                        Control::Protocol.name(),
                        message.clone(),
                    )]);
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

/// The shared state for a widget configured so, at its first step.
pub(super) fn new_ctx(config: Config) -> Ctx {
    let Config {
        choices,
        protocols,
        fixed,
        storage_key,
        base,
    } = config;
    let protocol =
        RwSignal::new((fixed || (protocols.len() == 1 && protocols[0].is_some())).then_some(0));
    let today = browser::today();
    let held = StoredValue::new(Held {
        choices,
        protocols,
        latest_pick: None,
        start_when_loaded: false,
        storage_key,
        base,
        returning: false,
        reference: case_resolution_core::form::reference(today, browser::random_u32()),
        open: Vec::new(),
    });
    let answers = RwSignal::new(Answers::default());
    // A Memo, not a closure: several parts of the next step read the advice
    // and it should be worked out once per change of answers.
    let advice = Memo::new(move |_| {
        let index = protocol.get()?;
        held.with_value(|h| {
            let p = h.protocols.get(index)?.as_ref()?;
            Some(answers.with(|a| advise(p, a, today)))
        })
    });
    Ctx {
        held,
        fixed,
        protocol,
        answers,
        step: RwSignal::new(Step::Start),
        errors: RwSignal::new(Vec::new()),
        confirm: RwSignal::new(None),
        notice: RwSignal::new(String::new()),
        advice,
        today,
        root: NodeRef::new(),
    }
}
