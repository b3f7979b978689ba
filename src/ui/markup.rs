//! The question steps' controls as escaped HTML, and the one function that
//! turns an edited control back into an answer.
//!
//! Why HTML and not a Leptos view per control: a form's controls hold their
//! own state (the text typed, the radio checked), so the widget only has to
//! draw them from the answers when a step opens (or its errors change) and
//! read them back on `input`/`change`, which one delegated handler per step
//! does ([`super::widgets::step`]). What a practitioner typed never goes into
//! this HTML: a text control is drawn empty and its value is set as a
//! property from [`text_value`] ([`super::widgets::block`]), so any text,
//! even a NUL that HTML cannot carry, comes back exactly as it was entered. A typed Leptos view per control cost
//! kilobytes of generic code per kind of control in the size budget,
//! and a reactive effect per attribute that only ever changed with the step.
//! Everything here is plain Rust over strings: it is tested natively.

use super::controls::{Action, Control, Edited, Part};
use super::{FieldError, Step};
use case_resolution_core::guidance::{Answers, Attempt, Basis, Outcome};
use case_resolution_core::html::Html;
use case_resolution_core::protocol::{Protocol, Subject};

/// One option of a radio or checkbox group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
}

impl<'a> Choice<'a> {
    pub fn new(id: &'a str, label: &'a str, hint: Option<&'a str>) -> Self {
        Choice { id, label, hint }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceKind {
    Radio,
    Checkbox,
}

/// What kind of text control to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Line,
    Area,
    Date,
}

/// Escaped HTML for part of a step, with the step's current errors (a field
/// in error gets its message, `aria-invalid` and the error class). Built on
/// [`Html`]: markup only from literals, every id, name and text escaped.
pub struct Markup<'e> {
    out: Html,
    errors: &'e [FieldError],
}

impl<'e> Markup<'e> {
    pub fn new(errors: &'e [FieldError]) -> Self {
        Markup {
            out: Html::new(),
            errors,
        }
    }

    pub fn finish(self) -> Html {
        self.out
    }

    /// Markup written in this crate (a `'static` literal).
    pub fn raw(&mut self, html: &'static str) -> &mut Self {
        self.out.lit(html);
        self
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.out.text(text);
        self
    }

    /// ` name="value"`, the value escaped.
    pub fn attr(&mut self, name: &'static str, value: &str) -> &mut Self {
        self.out.attr(name, value);
        self
    }

    /// A fragment already escaped (another drawing's [`Html`]).
    pub fn html(&mut self, fragment: &Html) -> &mut Self {
        self.out.html(fragment);
        self
    }

    /// A number in decimal.
    pub fn num(&mut self, n: usize) -> &mut Self {
        self.out.num(n);
        self
    }

    /// The page heading: focused on every step change.
    pub fn heading(&mut self, text: &str) -> &mut Self {
        self.raw("<h1 class=\"cr-h1\" tabindex=\"-1\">")
            .text(text)
            .raw("</h1>")
    }

    /// A paragraph with a class.
    pub fn para(&mut self, class: &'static str, text: &str) -> &mut Self {
        self.raw("<p class=\"")
            .raw(class)
            .raw("\">")
            .text(text)
            .raw("</p>")
    }

    /// A section with an `h2` (closed by [`Markup::end_section`]).
    pub fn section(&mut self, id: &str, title: &str) -> &mut Self {
        self.raw("<section class=\"cr-section\"")
            .attr("aria-labelledby", id)
            .raw("><h2 class=\"cr-h2\"")
            .attr("id", id)
            .raw(">")
            .text(title)
            .raw("</h2>")
    }

    pub fn end_section(&mut self) -> &mut Self {
        self.raw("</section>")
    }

    /// Opens a disclosure like the advice's (`render`'s): `<details>` named
    /// by `label`, open when `open`; close it with [`Markup::end_disclosure`].
    pub fn disclosure(&mut self, id: &'static str, label: &str, open: bool) -> &mut Self {
        self.raw("<details class=\"cr-details cr-disclose\" data-disclose=\"")
            .raw(id)
            .raw(if open {
                "\" open><summary>"
            } else {
                "\"><summary>"
            })
            .text(label)
            .raw("</summary><div class=\"cr-disclose__body\">")
    }

    pub fn end_disclosure(&mut self) -> &mut Self {
        self.raw("</div></details>")
    }

    /// The Continue button (the step's click handler acts on `data-action`).
    pub fn continue_button(&mut self, label: &str) -> &mut Self {
        self.raw("<div class=\"cr-button-group\"><button type=\"button\" class=\"cr-button cr-continue\" data-action=\"")
            .raw(Action::Continue.name())
            .raw("\">")
            .text(label)
            .raw("</button></div>")
    }

    /// The warning that the two answers about immediate harm disagree,
    /// with a button back to each answer that is on another step (the
    /// Urgency step shows its own question just above). Drawn like the
    /// Next step's other warnings: a heading and the text.
    pub fn harm_conflict(&mut self, text: &str, links: &[(Step, &str)]) -> &mut Self {
        self.raw("<div class=\"cr-warning cr-conflict\" data-harm-conflict=\"\"><h2 class=\"cr-h2\">Check your answers about immediate harm</h2><p>")
            .text(text)
            .raw("</p>");
        for (step, label) in links {
            self.raw("<p><button type=\"button\" class=\"cr-link\" data-action=\"")
                .raw(Action::ChangeAnswer.name())
                .raw("\"")
                .attr("data-step", step.id())
                .raw(">")
                .text(label)
                .raw("</button></p>");
        }
        self.raw("</div>")
    }

    fn error(&self, field: &str) -> Option<&'e str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Opens a form group; returns its `aria-describedby` (hint, error).
    fn group_start(&mut self, field: &str, has_hint: bool) -> (Option<&'e str>, String) {
        let error = self.error(field);
        self.raw(if error.is_some() {
            "<div class=\"cr-form-group cr-form-group--error\">"
        } else {
            "<div class=\"cr-form-group\">"
        });
        let (hint, err) = (format!("{field}-hint"), format!("{field}-error"));
        let mut ids: Vec<&str> = Vec::new();
        if has_hint {
            ids.push(&hint);
        }
        if error.is_some() {
            ids.push(&err);
        }
        (error, case_resolution_core::html::join(&ids, " "))
    }

    /// ` aria-describedby="…"` unless there is nothing to describe by.
    fn described_by(&mut self, ids: &str) -> &mut Self {
        if !ids.is_empty() {
            self.attr("aria-describedby", ids);
        }
        self
    }

    fn hint_and_error(&mut self, field: &str, hint: Option<&str>, error: Option<&str>) {
        if let Some(h) = hint {
            self.raw("<div class=\"cr-hint\"")
                .attr("id", &format!("{field}-hint"))
                .raw(">")
                .text(h)
                .raw("</div>");
        }
        if let Some(message) = error {
            self.raw("<p class=\"cr-error-message\"")
                .attr("id", &format!("{field}-error"))
                .raw("><span class=\"cr-visually-hidden\">Error: </span>")
                .text(message)
                .raw("</p>");
        }
    }

    /// Radios or checkboxes in a fieldset. `field` is the group's name and
    /// the id of its first control (what the error summary focuses). With
    /// `page_heading`, the legend is the page's `h1`.
    #[allow(clippy::too_many_arguments)]
    pub fn choices(
        &mut self,
        kind: ChoiceKind,
        field: &str,
        legend: &str,
        hint: Option<&str>,
        page_heading: bool,
        choices: &[Choice],
        checked: impl Fn(&str) -> bool,
    ) -> &mut Self {
        // Classes are named after the kind: `cr-radio…`, `cr-checkbox…`.
        let (open_input, open_label, open_hint, group) = match kind {
            ChoiceKind::Radio => (
                "<div class=\"cr-radio\"><input class=\"cr-radio__input\" type=\"radio\"",
                "><label class=\"cr-radio__label\"",
                "<div class=\"cr-hint cr-radio__hint\"",
                "<div class=\"cr-radios\">",
            ),
            ChoiceKind::Checkbox => (
                "<div class=\"cr-checkbox\"><input class=\"cr-checkbox__input\" type=\"checkbox\"",
                "><label class=\"cr-checkbox__label\"",
                "<div class=\"cr-hint cr-checkbox__hint\"",
                "<div class=\"cr-checkboxes\">",
            ),
        };
        let (error, described) = self.group_start(field, hint.is_some());
        self.raw("<fieldset class=\"cr-fieldset\"")
            .described_by(&described);
        if page_heading {
            self.raw(
                "><legend class=\"cr-legend cr-legend--page\"><h1 class=\"cr-h1\" tabindex=\"-1\">",
            )
            .text(legend)
            .raw("</h1></legend>");
        } else {
            self.raw("><legend class=\"cr-legend\">")
                .text(legend)
                .raw("</legend>");
        }
        self.hint_and_error(field, hint, error);
        self.raw(group);
        for (i, choice) in choices.iter().enumerate() {
            let input_id = if i == 0 {
                field.to_string()
            } else {
                format!("{field}-{i}")
            };
            let hint_id = format!("{input_id}-hint");
            self.raw(open_input)
                .attr("id", &input_id)
                .attr("name", field)
                .attr("value", choice.id);
            if choice.hint.is_some() {
                self.attr("aria-describedby", &hint_id);
            }
            if checked(choice.id) {
                self.raw(" checked");
            }
            self.raw(open_label)
                .attr("for", &input_id)
                .raw(">")
                .text(choice.label)
                .raw("</label>");
            if let Some(h) = choice.hint {
                self.raw(open_hint)
                    .attr("id", &hint_id)
                    .raw(">")
                    .text(h)
                    .raw("</div>");
            }
            self.raw("</div>");
        }
        self.raw("</div></fieldset></div>")
    }

    /// Radios: [`Markup::choices`] with at most one checked.
    pub fn radios(
        &mut self,
        field: &str,
        legend: &str,
        hint: Option<&str>,
        page_heading: bool,
        choices: &[Choice],
        selected: Option<&str>,
    ) -> &mut Self {
        self.choices(
            ChoiceKind::Radio,
            field,
            legend,
            hint,
            page_heading,
            choices,
            |id| selected == Some(id),
        )
    }

    /// Opens a form group with a label, hint and error for the one control
    /// `field`; returns the error and the control's `aria-describedby`.
    fn labelled_start(
        &mut self,
        field: &str,
        label: &str,
        hint: Option<&str>,
    ) -> (Option<&'e str>, String) {
        let (error, described) = self.group_start(field, hint.is_some());
        self.raw("<label class=\"cr-label\"")
            .attr("for", field)
            .raw(">")
            .text(label)
            .raw("</label>");
        self.hint_and_error(field, hint, error);
        (error, described)
    }

    /// ` id="field" name="field"`, its description and whether it is invalid.
    fn control_attrs(&mut self, field: &str, described: &str, invalid: bool) -> &mut Self {
        self.attr("id", field)
            .attr("name", field)
            .described_by(described);
        if invalid {
            self.raw(" aria-invalid=\"true\"");
        }
        self
    }

    /// A labelled drop-down list: `(value, label)` options after an empty
    /// "choose" one, `selected` chosen. For long lists, where radios would
    /// fill several screens (the partnership picker with many partnerships);
    /// the browser's own control types ahead and reads well to screen readers.
    pub fn select(
        &mut self,
        field: &str,
        label: &str,
        hint: Option<&str>,
        options: &[(String, String)],
        selected: Option<&str>,
    ) -> &mut Self {
        let (error, described) = self.labelled_start(field, label, hint);
        self.raw("<select class=\"cr-select\"")
            .control_attrs(field, &described, error.is_some())
            .raw("><option value=\"\">Choose one</option>");
        for (value, text) in options {
            self.raw("<option").attr("value", value);
            if selected == Some(value.as_str()) {
                self.raw(" selected");
            }
            self.raw(">").text(text).raw("</option>");
        }
        self.raw("</select></div>")
    }

    /// A labelled text control, drawn empty (its value is set from
    /// [`text_value`] once it is in the page).
    pub fn text_field(
        &mut self,
        field: &str,
        label: &str,
        hint: Option<&str>,
        kind: TextKind,
        autocomplete: Option<&'static str>,
    ) -> &mut Self {
        let (error, described) = self.labelled_start(field, label, hint);
        let invalid = error.is_some();
        match kind {
            TextKind::Area => self
                .raw("<textarea class=\"cr-textarea\"")
                .control_attrs(field, &described, invalid)
                .raw(" rows=\"5\"></textarea>"),
            TextKind::Date => self
                .raw("<input class=\"cr-input cr-input--date\" type=\"date\"")
                .control_attrs(field, &described, invalid)
                .raw(" autocomplete=\"off\">"),
            TextKind::Line => self
                .raw("<input class=\"cr-input\" type=\"text\"")
                .control_attrs(field, &described, invalid)
                .raw(" autocomplete=\"")
                .raw(autocomplete.unwrap_or("off"))
                .raw("\" spellcheck=\"true\">"),
        };
        self.raw("</div>")
    }
}

/// The free-text fields of an attempt, by their [`Part`], expanded for
/// reading and for writing (the outcome is a choice, not text). The
/// details step's are in [`case_resolution_core::guidance::fields`].
macro_rules! attempt_field {
    ($t:expr, $part:expr, $($borrow:tt)+) => {
        Some(match $part {
            Part::Date => $($borrow)+ $t.date,
            Part::Name => $($borrow)+ $t.with_name,
            Part::Role => $($borrow)+ $t.with_role,
            Part::Agency => $($borrow)+ $t.with_agency,
            Part::Notes => $($borrow)+ $t.notes,
            Part::Review => $($borrow)+ $t.review_date,
            Part::Outstanding => $($borrow)+ $t.outstanding,
            Part::FollowUp => $($borrow)+ $t.follow_up,
            Part::DecidedBy => $($borrow)+ $t.decided_by,
            Part::Outcome => return None,
        })
    };
}

fn attempt_slot(t: &mut Attempt, part: Part) -> Option<&mut String> {
    attempt_field!(t, part, &mut)
}

/// What the text control `name` shows: the answer it edits. `None` for a
/// name that is not a text control's.
pub fn text_value<'a>(answers: &'a Answers, name: &str) -> Option<&'a str> {
    match Edited::parse(name)? {
        Edited::Control(Control::ImmediateAction) => Some(&answers.immediate_action),
        Edited::Attempt(index, part) => {
            let t = answers.attempts.get(index)?;
            attempt_field!(t, part, &).map(String::as_str)
        }
        Edited::Detail(f) => Some((f.get)(&answers.details).as_str()),
        _ => None,
    }
}

/// Applies an edited control to the answers: `name` is the control's name
/// (its group's, for radios and checkboxes), `value` its value and `checked`
/// whether a checkbox is ticked. Returns false, changing nothing, for a
/// control that is not an answer (the partnership picker, a file input).
pub fn edit(
    answers: &mut Answers,
    protocol: &Protocol,
    name: &str,
    value: &str,
    checked: bool,
) -> bool {
    let Some(edited) = Edited::parse(name) else {
        return false;
    };
    let value_string = || value.to_string();
    match edited {
        Edited::Control(control) => match control {
            Control::Protocol => return false,
            Control::Subject => {
                answers.subject = Some(match value {
                    "adults" => Subject::Adults,
                    _ => Subject::Children,
                })
            }
            Control::ImmediateHarm => answers.immediate_harm = Some(value == "yes"),
            Control::ImmediateAction => answers.immediate_action = value_string(),
            Control::Urgency => answers.urgency = Some(value_string()),
            Control::Disagreement => answers.set_disagreement(protocol, value),
            Control::Special => answers.toggle_special_case(value, checked),
            Control::Basis => answers.details.basis = Basis::from_id(value),
        },
        Edited::Question(question) => answers.set_context(protocol, question, value),
        Edited::Attempt(index, part) => {
            let Some(attempt) = answers.attempts.get_mut(index) else {
                return false;
            };
            if part == Part::Outcome {
                match Outcome::from_id(value) {
                    Some(o) => attempt.outcome = o,
                    None => return false,
                }
            } else {
                match attempt_slot(attempt, part) {
                    Some(slot) => *slot = value_string(),
                    None => return false,
                }
            }
        }
        Edited::Detail(f) => *(f.get_mut)(&mut answers.details) = value_string(),
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn radios_html(errors: &[FieldError], selected: Option<&str>) -> String {
        let mut m = Markup::new(errors);
        m.radios(
            "cr-x",
            "Pick <one>",
            Some("A \"hint\""),
            true,
            &[
                Choice::new("a", "A & co", None),
                Choice::new("b", "B", Some("About b")),
            ],
            selected,
        );
        m.finish().into_string()
    }

    #[test]
    fn radios_are_a_fieldset_whose_legend_is_the_heading_with_ids_hints_and_the_checked_one() {
        let html = radios_html(&[], Some("b"));
        assert!(html.starts_with("<div class=\"cr-form-group\"><fieldset class=\"cr-fieldset\" aria-describedby=\"cr-x-hint\"><legend class=\"cr-legend cr-legend--page\"><h1 class=\"cr-h1\" tabindex=\"-1\">Pick &lt;one&gt;</h1></legend>"));
        assert!(html.contains("<div class=\"cr-hint\" id=\"cr-x-hint\">A &quot;hint&quot;</div>"));
        assert!(html.contains("id=\"cr-x\" name=\"cr-x\" value=\"a\"><label class=\"cr-radio__label\" for=\"cr-x\">A &amp; co</label>"));
        assert!(html.contains(
            "id=\"cr-x-1\" name=\"cr-x\" value=\"b\" aria-describedby=\"cr-x-1-hint\" checked>"
        ));
        assert!(
            html.contains("<div class=\"cr-hint cr-radio__hint\" id=\"cr-x-1-hint\">About b</div>")
        );
        assert_eq!(html.matches(" checked").count(), 1);
        assert!(!html.contains("cr-error-message"));
    }

    #[test]
    fn a_field_in_error_shows_its_message_and_is_described_by_it() {
        let errors = [FieldError::new("cr-x", "Select <one>")];
        let html = radios_html(&errors, None);
        assert!(html.starts_with("<div class=\"cr-form-group cr-form-group--error\">"));
        assert!(html.contains("aria-describedby=\"cr-x-hint cr-x-error\""));
        assert!(html.contains("<p class=\"cr-error-message\" id=\"cr-x-error\"><span class=\"cr-visually-hidden\">Error: </span>Select &lt;one&gt;</p>"));
        assert!(!html.contains(" checked"));

        let errors = [FieldError::new("cr-concern", "Describe it")];
        let mut m = Markup::new(&errors);
        m.text_field("cr-concern", "Concern", None, TextKind::Area, None);
        let html = m.finish();
        assert!(html.contains("<textarea class=\"cr-textarea\" id=\"cr-concern\" name=\"cr-concern\" aria-describedby=\"cr-concern-error\" aria-invalid=\"true\" rows=\"5\"></textarea>"));
    }

    #[test]
    fn text_fields_are_drawn_empty_with_their_kind() {
        let mut m = Markup::new(&[]);
        m.text_field(
            "cr-your-name",
            "Your name",
            None,
            TextKind::Line,
            Some("name"),
        )
        .text_field(
            "cr-decision-date",
            "Date",
            Some("When"),
            TextKind::Date,
            None,
        );
        let html = m.finish();
        assert!(html.contains("<label class=\"cr-label\" for=\"cr-your-name\">Your name</label><input class=\"cr-input\" type=\"text\" id=\"cr-your-name\" name=\"cr-your-name\" autocomplete=\"name\" spellcheck=\"true\">"));
        assert!(html.contains("type=\"date\" id=\"cr-decision-date\" name=\"cr-decision-date\" aria-describedby=\"cr-decision-date-hint\" autocomplete=\"off\">"));
        assert!(!html.contains("aria-invalid"));
        assert!(
            !html.contains("value="),
            "typed text is set as a property, never drawn"
        );
    }

    #[test]
    fn edits_change_the_answer_their_control_names_and_nothing_else() {
        let p = case_resolution_core::protocol::bundled()
            .unwrap()
            .into_iter()
            .find(|p| p.id == "devon-dcfp")
            .unwrap();
        let mut a = Answers::default();
        assert!(edit(&mut a, &p, "cr-immediate-harm", "yes", true));
        assert_eq!(a.immediate_harm, Some(true));
        assert!(edit(&mut a, &p, "cr-concern", "because", false));
        assert_eq!(a.details.concern, "because");
        assert!(edit(&mut a, &p, "cr-basis", Basis::ALL[0].id(), true));
        assert_eq!(a.details.basis, Some(Basis::ALL[0]));
        let stage = p.routes[0].stages[0].id.clone();
        let i = a.add_attempt(&stage);
        assert!(edit(
            &mut a,
            &p,
            &format!("cr-attempt-{i}-notes"),
            "met",
            false
        ));
        assert!(edit(
            &mut a,
            &p,
            &format!("cr-attempt-{i}-outcome"),
            Outcome::ALL[1].id(),
            true
        ));
        assert_eq!(a.attempts[i].notes, "met");
        assert_eq!(a.attempts[i].outcome, Outcome::ALL[1]);

        let before = a.clone();
        for (name, value) in [
            ("cr-protocol", "0"),
            ("cr-load-draft", "x"),
            ("cr-attempt-9-notes", "x"),
            (&*format!("cr-attempt-{i}-outcome"), "no-such-outcome"),
            (&*format!("cr-attempt-{i}-colour"), "x"),
            ("cr-attempt-x", "x"),
        ] {
            assert!(!edit(&mut a, &p, name, value, true), "{name}");
        }
        assert_eq!(a, before);
    }

    #[test]
    fn every_detail_field_has_its_own_slot_and_reads_back_what_was_written() {
        let p = &case_resolution_core::protocol::bundled().unwrap()[0];
        let mut a = Answers::default();
        let ids = [
            "cr-your-name",
            "cr-your-role",
            "cr-your-agency",
            "cr-your-contact",
            "cr-consulted-name",
            "cr-consulted-role",
            "cr-subject-initials",
            "cr-subject-reference",
            "cr-subject-age",
            "cr-decision-agency",
            "cr-decision-role",
            "cr-decision-date",
            "cr-concern",
            "cr-outcome-sought",
        ];
        for id in ids {
            assert!(edit(&mut a, p, id, &format!("{id} \u{0}<x>"), false));
        }
        for id in ids {
            assert_eq!(text_value(&a, id), Some(&*format!("{id} \u{0}<x>")));
        }
        let mut sorted: Vec<String> = a
            .details
            .text_fields_mut()
            .iter()
            .map(|s| s.to_string())
            .collect();
        sorted.sort();
        let mut expected: Vec<String> = ids.iter().map(|id| format!("{id} \u{0}<x>")).collect();
        expected.sort();
        assert_eq!(
            sorted, expected,
            "each id fills a different field, and all of them"
        );
        assert_eq!(text_value(&a, "cr-basis"), None);
        assert_eq!(text_value(&a, "cr-attempt-0-notes"), None);
    }
}
