//! The question steps: safety, urgency, the disagreement, context questions
//! (all in the protocol's own words) and the details for the form. Their
//! controls are HTML from [`super::markup`], read back by the step's
//! delegated handler ([`super::Ctx::edit_from`]).

use leptos::prelude::*;

use super::controls::{question_name, Control};
use super::markup::{Choice, Markup, TextKind};
use super::widgets::{self, ctx};
use super::{Ctx, Step};
use case_resolution_core::guidance::fields::{self, Group, Kind};
use case_resolution_core::guidance::{Answers, Basis};
use case_resolution_core::html::Html;
use case_resolution_core::protocol::{Protocol, Subject};

/// What a question step draws from: the protocol, the answers and the
/// errors, read once (untracked) when the step is drawn.
fn draw(ctx: Ctx, f: impl FnOnce(&mut Markup, &Protocol, &Answers)) -> Html {
    let errors = ctx.errors.get_untracked();
    let mut m = Markup::new(&errors);
    ctx.with_protocol_untracked(|p| ctx.answers.with_untracked(|a| f(&mut m, p, a)));
    m.finish()
}

/// Announces the emergency panel (shown first by the shell) whenever an
/// answer reports immediate harm (Yes on Safety, or the immediate-harm
/// urgency), with the warning when the two answers disagree; clears the
/// announcement otherwise.
/// (Read from the advice, which the engine derives from the answers.)
pub fn announce_harm(ctx: &Ctx) {
    let notice = ctx.advice.with_untracked(|a| {
        let Some(advice) = a else {
            return String::new();
        };
        let Some(e) = &advice.emergency else {
            return String::new();
        };
        let mut out = format!("Act now. {}", e.summary);
        if let Some(c) = &advice.harm_conflict {
            out.push(' ');
            out.push_str(&c.text);
        }
        out
    });
    ctx.notice.set(notice);
}

/// The advice's warning that the answers about immediate harm disagree,
/// with a button back to each answer named in `links`; empty when they
/// agree. Tracked: a block redraws it as the answers change.
pub fn harm_conflict_html(ctx: Ctx, links: &[(Step, &str)]) -> Html {
    let mut m = Markup::new(&[]);
    ctx.advice.with(|a| {
        if let Some(c) = a.as_ref().and_then(|a| a.harm_conflict.as_ref()) {
            m.harm_conflict(&c.text, links);
        }
    });
    m.finish()
}

/// The button back to the Safety question.
pub const CHANGE_SAFETY: (Step, &str) = (
    Step::Safety,
    "Change your answer to “Is anyone at risk of immediate harm?”",
);
/// The button back to the Urgency question.
pub const CHANGE_URGENCY: (Step, &str) = (Step::Urgency, "Change how urgent this is");

/// Step 2's question: is anyone at risk of immediate harm?
pub fn safety_html(m: &mut Markup, p: &Protocol, a: &Answers) {
    let hint = if p.covers.contains(&Subject::Adults) && !p.covers.contains(&Subject::Children) {
        "For example an adult who is in danger now."
    } else if p.covers_both() {
        "For example a child or an adult who is in danger now."
    } else {
        "For example a child who is in danger now."
    };
    m.radios(
        Control::ImmediateHarm.name(),
        "Is anyone at risk of immediate harm?",
        Some(hint),
        true,
        &[
            Choice::new("yes", "Yes", None),
            Choice::new("no", "No", None),
        ],
        a.immediate_harm.map(|h| if h { "yes" } else { "no" }),
    );
}

/// Step 2's follow-up, shown after yes: what has been done about it.
pub fn immediate_action_html(m: &mut Markup) {
    m.text_field(
        Control::ImmediateAction.name(),
        "What have you done, or are you doing, about the immediate risk? (optional)",
        Some("For example: called 999 at 10:40; contacted the MASH. This goes on the form."),
        TextKind::Area,
        None,
    );
}

/// Step 2: is anyone at risk of immediate harm? Yes shows the emergency
/// panel at once (it is rendered first by the shell) and announces it.
pub fn safety_step() -> impl IntoView {
    let ctx = ctx();
    // The follow-up is drawn when the answer flips, not on every keystroke
    // inside it: keyed on a list of strings (empty for No), the key the
    // stages step's blocks use.
    let yes = move || {
        ctx.answers.with(|a| {
            (a.immediate_harm == Some(true))
                .then(String::new)
                .into_iter()
                .collect::<Vec<String>>()
        })
    };
    let follow_up = move || {
        if ctx
            .answers
            .with_untracked(|a| a.immediate_harm == Some(true))
        {
            draw(ctx, |m, _, _| immediate_action_html(m))
        } else {
            Html::new()
        }
    };
    widgets::step(
        "cr-step",
        vec![
            widgets::fixed_block(draw(ctx, safety_html)),
            widgets::block_keyed(yes, follow_up),
            widgets::continue_block("Continue"),
        ],
    )
}

/// A step drawn once, then Continue.
fn drawn_step(html: Html) -> AnyView {
    widgets::step(
        "cr-step",
        vec![
            widgets::fixed_block(html),
            widgets::continue_block("Continue"),
        ],
    )
}

/// Step 3: how urgent, as the protocol defines it.
pub fn urgency_html(m: &mut Markup, p: &Protocol, a: &Answers) {
    let choices: Vec<Choice> = p
        .urgencies
        .iter()
        .map(|u| Choice::new(&u.id, &u.label, u.hint.as_deref()))
        .collect();
    m.radios(
        Control::Urgency.name(),
        "How urgent is this?",
        None,
        true,
        &choices,
        a.urgency.as_deref(),
    );
}

/// Step 3. The conflict warning is its own block, redrawn as the answer
/// changes, so the radios are never redrawn under the practitioner.
pub fn urgency_step() -> impl IntoView {
    let ctx = ctx();
    let conflict = move || harm_conflict_html(ctx, &[CHANGE_SAFETY]);
    widgets::step(
        "cr-step",
        vec![
            widgets::fixed_block(draw(ctx, urgency_html)),
            widgets::block(conflict),
            widgets::continue_block("Continue"),
        ],
    )
}

/// Step 4: what the disagreement is about, with the protocol's hints.
pub fn disagreement_html(m: &mut Markup, p: &Protocol, a: &Answers) {
    let choices: Vec<Choice> = p
        .disagreements_for(a.subject)
        .map(|d| Choice::new(&d.id, &d.label, d.hint.as_deref()))
        .collect();
    m.radios(
        Control::Disagreement.name(),
        "What is the disagreement about?",
        None,
        true,
        &choices,
        a.disagreement.as_deref(),
    );
}

pub fn disagreement_step() -> impl IntoView {
    drawn_step(draw(ctx(), disagreement_html))
}

/// Step 5: the context questions the protocol asks for the chosen type. One
/// question is the page heading itself; several get a heading of their own.
pub fn context_html(m: &mut Markup, p: &Protocol, a: &Answers) {
    let questions = a.questions(p);
    let single = questions.len() == 1;
    if !single {
        m.heading("About your situation");
    }
    for q in questions {
        let choices: Vec<Choice> = q
            .options
            .iter()
            .map(|o| Choice::new(&o.id, &o.label, None))
            .collect();
        m.radios(
            &question_name(&q.id),
            &q.label,
            q.hint.as_deref(),
            single,
            &choices,
            a.context.get(&q.id).map(String::as_str),
        );
    }
}

pub fn context_step() -> impl IntoView {
    drawn_step(draw(ctx(), context_html))
}

/// Step 8: details that only go on the form. Minimal identifiers on purpose.
pub fn details_html(m: &mut Markup, p: &Protocol, a: &Answers) {
    let who = if a.subject_in(p) == Some(Subject::Adults) {
        "adult"
    } else {
        "child"
    };
    // The controls of one group, as the field table describes them.
    let group = |m: &mut Markup, g: Group| {
        for f in fields::in_group(g) {
            let kind = match f.kind {
                Kind::Line => TextKind::Line,
                Kind::Area => TextKind::Area,
                Kind::Date => TextKind::Date,
            };
            m.text_field(f.control, f.question, f.hint, kind, f.autocomplete);
        }
    };
    m.heading("Details for the form").para(
        "cr-hint cr-minimise",
        "Only what the form needs. Use initials, not names, and an age, not a date of birth. The form stays on this device until you choose to send it.",
    );
    m.section("cr-d-you", "About you");
    group(m, Group::You);
    m.end_section()
        .section("cr-d-consulted", "Manager or designated lead you consulted");
    group(m, Group::Consulted);
    m.end_section()
        .section("cr-d-subject", &format!("The {who}"));
    group(m, Group::Subject);
    m.end_section()
        .section("cr-d-decision", "The decision you disagree with");
    group(m, Group::Decision);
    m.end_section().section("cr-d-concern", "Your concern");
    group(m, Group::Concern);
    let bases: Vec<Choice> = Basis::ALL
        .iter()
        .map(|b| Choice::new(b.id(), b.label(), None))
        .collect();
    m.radios(
        Control::Basis.name(),
        "Is your concern based on evidence or professional judgement?",
        None,
        false,
        &bases,
        a.details.basis.map(|b| b.id()),
    );
    group(m, Group::Outcome);
    m.end_section();
}

pub fn details_step() -> impl IntoView {
    drawn_step(draw(ctx(), details_html))
}

/// Checks that the markup and [`super::markup::edit`] agree: every control a
/// question step draws is one `edit` knows. (Used by the tests below and by
/// the stages step's.)
#[cfg(test)]
pub(super) fn control_names(html: &str) -> Vec<String> {
    html.split(" name=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::markup::{edit, text_value};

    fn protocols() -> Vec<Protocol> {
        case_resolution_core::protocol::bundled().unwrap()
    }

    /// Every step's every control, for every bundled protocol, changes the
    /// answers through `edit` (a control `edit` does not know would be a
    /// question whose answer is silently lost).
    #[test]
    fn every_control_drawn_is_one_that_edit_knows() {
        for p in protocols() {
            let mut a = Answers {
                subject: Some(Subject::Children),
                immediate_harm: Some(true),
                ..Default::default()
            };
            let disagreement = p.disagreements[0].id.clone();
            a.set_disagreement(&p, &disagreement);
            let steps: [fn(&mut Markup, &Protocol, &Answers); 5] = [
                safety_html,
                urgency_html,
                disagreement_html,
                context_html,
                details_html,
            ];
            let mut names = Vec::new();
            for draw in steps {
                let mut m = Markup::new(&[]);
                draw(&mut m, &p, &a);
                names.extend(control_names(&m.finish()));
            }
            let mut m = Markup::new(&[]);
            immediate_action_html(&mut m);
            names.extend(control_names(&m.finish()));
            assert!(names.len() > 20, "{}: {names:?}", p.id);
            for name in names {
                let mut edited = a.clone();
                assert!(edit(&mut edited, &p, &name, "x", true), "{}: {name}", p.id);
                // A text control shows what editing it wrote.
                if text_value(&a, &name).is_some() {
                    assert_eq!(text_value(&edited, &name), Some("x"), "{name}");
                }
            }
        }
    }

    #[test]
    fn the_details_step_draws_no_typed_text_and_each_field_shows_its_own_answer() {
        let p = &protocols()[0];
        let mut a = Answers::default();
        a.details.your_name = "Sam <Lee>".into();
        a.details.concern = "Line one\nline two".into();
        a.details.decision_date = "2026-11-20".into();
        let mut m = Markup::new(&[]);
        details_html(&mut m, p, &a);
        let html = m.finish();
        assert!(!html.contains("Sam") && !html.contains("Line one") && !html.contains("2026"));
        assert_eq!(text_value(&a, "cr-your-name"), Some("Sam <Lee>"));
        assert_eq!(text_value(&a, "cr-concern"), Some("Line one\nline two"));
        assert!(html.contains("type=\"date\" id=\"cr-decision-date\""));
        assert!(html.contains("<textarea class=\"cr-textarea\" id=\"cr-concern\""));
        assert_eq!(html.matches("<section").count(), 5);
        assert_eq!(html.matches("<h1").count(), 1);
        assert_eq!(
            control_names(&html).len(),
            17,
            "14 text fields and 3 basis radios"
        );
    }

    #[test]
    fn one_context_question_is_the_page_heading_and_several_get_their_own() {
        let mut found = 0;
        for p in protocols() {
            for d in &p.disagreements {
                let mut a = Answers::default();
                a.set_disagreement(&p, &d.id);
                let n = a.questions(&p).len();
                if n == 0 {
                    continue;
                }
                found += 1;
                let mut m = Markup::new(&[]);
                context_html(&mut m, &p, &a);
                let html = m.finish();
                assert_eq!(html.matches("<h1").count(), 1, "{}/{}", p.id, d.id);
                assert_eq!(html.matches("<fieldset").count(), n);
                assert_eq!(html.contains("cr-legend--page"), n == 1);
            }
        }
        assert!(found > 0, "no bundled type has context questions");
    }
}
