//! Step 7, the next step: the engine's advice, in its order (emergency
//! first), with contacts, the timescale and due date, alternatives, the form,
//! special cases, what to do afterwards and tips, each with its citation.

use leptos::prelude::*;

use super::controls::Control;
use super::markup::{Choice, ChoiceKind, Markup};
use super::widgets::{self, ctx};
use case_resolution_core::guidance::{special_cases_offered, Advice, Answers, Status};
use case_resolution_core::html::Html;
use case_resolution_core::protocol::Protocol;
use case_resolution_core::render::{self, Part};

/// The sentence the live region announces for this advice.
pub fn announcement(advice: &Advice) -> String {
    let mut out = String::new();
    if advice.emergency.is_some() {
        out.push_str("Someone is at risk of immediate harm: act now. ");
    }
    if let Some(c) = &advice.harm_conflict {
        out.push_str(&c.text);
        out.push(' ');
    }
    // In the page's order: what is awaited, then the answer.
    if let (Some(a), Some(_)) = (&advice.awaiting, &advice.next_step) {
        out.push_str(&format!("Waiting for a response at {}. ", a.stage.name));
    }
    // A plan agreed, resolved with outstanding issues, not taken forward.
    if let Some(o) = &advice.outcome {
        out.push_str(&o.heading);
        out.push_str(". ");
    }
    match (&advice.next_step, advice.status) {
        (_, Status::Elsewhere) => out.push_str(
            "This protocol does not cover this kind of disagreement. Where to go instead is shown.",
        ),
        (_, Status::NotTakenForward) => out.push_str("The escalation ends here."),
        (_, Status::Resolved) if advice.outcome.is_some() => {
            out.push_str("The escalation ends here.")
        }
        (_, Status::Resolved) => match &advice.resolved_at {
            Some(r) => out.push_str(&format!(
                "Resolved at {}. The escalation ends here.",
                r.label().trim_end_matches('.')
            )),
            None => out.push_str("The disagreement is recorded as resolved."),
        },
        (None, Status::Awaiting) => {
            out.push_str("You are waiting for a response at the last stage.")
        }
        (_, Status::NeedsDisagreement) => {
            out.push_str("Choose what the disagreement is about to see the next step.")
        }
        (Some(n), _) => {
            out.push_str(&format!(
                "Next step: {}. Who acts: {}. Contact: {}.",
                n.name, n.who, n.contact_role
            ));
            for d in &n.timescales {
                out.push_str(&format!(" Timescale: {}.", d.label()));
            }
        }
        (None, _) => out.push_str("Every stage has been tried."),
    }
    out
}

pub fn next_step() -> impl IntoView {
    let ctx = ctx();
    // The live region lives in the shell (it must exist before its text
    // changes to be announced); set it when this step opens and whenever the
    // advice changes while it is open.
    Effect::new(move |_| {
        if let Some(text) = ctx.advice.with(|a| a.as_ref().map(announcement)) {
            ctx.notice.set(text);
        }
    });
    let special = ctx
        .with_protocol_untracked(|p| {
            ctx.answers
                .with_untracked(|a| special_cases_html(p, a, &ctx.open_disclosures()))
        })
        .unwrap_or_default();
    // The emergency panel is shown first by the shell, above this heading;
    // `advice_part` leaves it out. Each part is redrawn when the advice
    // changes (a special case ticked below it), with the disclosures left
    // open as they were.
    let part = move |part: Part| {
        move || {
            let mut html = Html::new();
            ctx.advice.with(|a| {
                let open = ctx.open_disclosures();
                if let Some(advice) = a
                    .as_ref()
                    .and_then(|a| ctx.with_protocol(|p| render::advice_part(a, p, part, &open)))
                {
                    html.html(&advice);
                }
            });
            html
        }
    };
    let mut heading = Markup::new(&[]);
    heading.heading("Your next step");
    // Drawn when the answers change, as the advice is.
    let conflict = move || {
        use super::questions::{harm_conflict_html, CHANGE_SAFETY, CHANGE_URGENCY};
        harm_conflict_html(ctx, &[CHANGE_SAFETY, CHANGE_URGENCY])
    };
    // A disagreement type not for this protocol: no follow-up, no special
    // cases (the type cannot change here). A special case ticked here may
    // also send the case elsewhere: then the special cases stay, so that it
    // can be unticked, and Continue goes (no form follows).
    let type_elsewhere = ctx.with_protocol_untracked(|p| {
        ctx.answers.with_untracked(|a| {
            a.disagreement
                .as_deref()
                .and_then(|d| p.disagreement(d))
                .is_some_and(|d| d.elsewhere.is_some())
        })
    }) == Some(true);
    let next = move || {
        let mut m = Markup::new(&[]);
        if ctx
            .advice
            .with(|a| a.as_ref().is_some_and(|a| a.elsewhere.is_none()))
        {
            m.continue_button("Continue");
        }
        m.finish()
    };
    // The answer first, then the rest in the order it is used: this stage,
    // the follow-up, the special cases, then the protocol's general material.
    let mut blocks = vec![
        widgets::fixed_block(heading.finish()),
        widgets::block(conflict),
        widgets::block(part(Part::Main)),
    ];
    if !type_elsewhere {
        blocks.push(super::follow_up::follow_up(true));
        blocks.push(widgets::fixed_block(special));
    }
    blocks.push(widgets::block(part(Part::More)));
    blocks.push(widgets::block(next));
    widgets::step("cr-step", blocks)
}

/// The special cases the protocol gives extra guidance for (if any), as
/// checkboxes in a disclosure, open when one is ticked or it was left open.
pub(super) fn special_cases_html(p: &Protocol, a: &Answers, open: &[String]) -> Html {
    let choices: Vec<Choice> = special_cases_offered(p, a)
        .into_iter()
        .map(|s| Choice::new(&s.id, &s.label, s.hint.as_deref()))
        .collect();
    let mut m = Markup::new(&[]);
    if !choices.is_empty() {
        let open = !a.special_cases.is_empty() || open.iter().any(|o| o == "special");
        m.disclosure(
            "special",
            "Special cases the protocol gives extra guidance for",
            open,
        );
        m.choices(
            ChoiceKind::Checkbox,
            Control::Special.name(),
            "Do any of these apply?",
            Some("Select all that apply."),
            false,
            &choices,
            |id| a.special_cases.contains(id),
        );
        m.end_disclosure();
    }
    m.finish()
}
