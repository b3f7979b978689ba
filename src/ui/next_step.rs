//! Step 7, the next step: the engine's advice, in its order (emergency
//! first), with contacts, the timescale and due date, alternatives, the form,
//! special cases, what to do afterwards and tips, each with its citation.

use leptos::prelude::*;

use super::widgets::{self, cite, ctx, Choice};
use crate::guidance::{Advice, NextStep, Outcome, Status};
use crate::protocol::CitedText;

/// The sentence the live region announces for this advice.
pub fn announcement(advice: &Advice) -> String {
    let mut out = String::new();
    if advice.emergency.is_some() {
        out.push_str("Someone is at risk of immediate harm: act now. ");
    }
    match (&advice.next_step, advice.status) {
        (_, Status::Resolved) => out.push_str("The disagreement is recorded as resolved."),
        (_, Status::NeedsDisagreement) => {
            out.push_str("Choose what the disagreement is about to see the next step.")
        }
        (Some(n), _) => {
            out.push_str(&format!(
                "Next step: {}. Contact: {}.",
                n.name, n.contact_role
            ));
            if let Some(t) = &n.timescale {
                out.push_str(&format!(" Timescale: {}.", t.text));
            }
        }
        (None, _) => out.push_str("Every stage has been tried."),
    }
    out
}

fn list(items: Vec<String>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! { <ul class="cr-list">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
    })
}

fn cited_list(class: &'static str, items: Vec<CitedText>) -> impl IntoView {
    view! {
        <ul class=format!("cr-list {class}")>
            {items.into_iter().map(|c| view! { <li>{c.text} {cite(c.cite)}</li> }).collect_view()}
        </ul>
    }
}

fn next_step_view(n: NextStep) -> impl IntoView {
    let due = n.due.map(|d| {
        view! {
            <p class="cr-due">
                <strong>"Due by: " {d.date.long()}</strong>
            </p>
            <p class="cr-hint">{d.explanation}</p>
        }
    });
    let timescale = match n.timescale {
        Some(t) => view! {
            <h3 class="cr-h3">"Timescale"</h3>
            <p>{t.text} {cite(t.cite)}</p>
            {due}
        }
        .into_any(),
        None => n
            .no_timescale
            .map(|t| view! { <h3 class="cr-h3">"Timescale"</h3> <p>{t}</p> })
            .into_any(),
    };
    let alternatives = (!n.alternatives.is_empty()).then(|| {
        let items = n
            .alternatives
            .into_iter()
            .map(|a| {
                let applies = a.applies_to_you;
                view! {
                    <li class="cr-alternative" class:cr-alternative--applies=applies>
                        {applies.then(|| view! { <strong class="cr-tag">"Applies to you"</strong> " " })}
                        {a.text}
                        {cite(a.cite)}
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3 class="cr-h3">"Other ways through this stage"</h3>
            <ul class="cr-list cr-alternatives">{items}</ul>
        }
    });
    let prepare = (!n.prepare.is_empty()).then(|| {
        view! { <h3 class="cr-h3">"What to prepare"</h3> {list(n.prepare)} }
    });
    let record = (!n.record.is_empty()).then(|| {
        view! { <h3 class="cr-h3">"What to record"</h3> {list(n.record)} }
    });
    view! {
        <section class="cr-panel cr-next" aria-labelledby="cr-next-title">
            {n.waiting_note.map(|w| view! { <p class="cr-inset">{w}</p> })}
            <p class="cr-caption">{format!("Stage {} of {}", n.position, n.total)}</p>
            <h2 class="cr-h2" id="cr-next-title">{n.name}</h2>
            <p class="cr-action">{n.action}</p>
            <dl class="cr-who">
                <dt>"Who acts"</dt>
                <dd>{n.who}</dd>
                <dt>"Who to contact"</dt>
                <dd>{n.contact_role}</dd>
            </dl>
            {widgets::contacts(n.contacts)}
            {prepare}
            {record}
            {timescale}
            {alternatives}
            {cite(n.cite)}
        </section>
    }
}

fn advice_view(advice: Advice) -> impl IntoView {
    let route = advice.route.map(|r| {
        view! {
            <p class="cr-route">
                "Route: " <strong>{r.name}</strong>
                {r.summary.map(|s| view! { ". " {s} })}
                {cite(r.cite)}
            </p>
        }
    });
    let urgency = advice
        .urgency
        .map(|u| view! { <p class="cr-inset">{u.text} {cite(u.cite)}</p> });
    let standing = (!advice.standing.is_empty()).then(|| {
        let rows = advice
            .standing
            .into_iter()
            .map(|s| {
                let state = match (s.attempts, s.latest) {
                    (0, _) => "Not tried".to_string(),
                    (n, Some(o)) => format!(
                        "{n} attempt{}: {}",
                        if n == 1 { "" } else { "s" },
                        match o {
                            Outcome::Resolved => "resolved",
                            Outcome::NotResolved => "not resolved",
                            Outcome::NoResponseYet => "no response yet",
                        }
                    ),
                    (n, None) => format!("{n} attempts"),
                };
                view! {
                    <li>
                        <span class="cr-standing__name">{s.name}</span>
                        ": "
                        <span class="cr-standing__state">{state}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h2 class="cr-h2">"Where you are"</h2>
            <ul class="cr-list cr-standing">{rows}</ul>
        }
    });
    let warnings = (!advice.warnings.is_empty()).then(|| {
        view! {
            <div class="cr-warning">
                <h2 class="cr-h2">"Check this"</h2>
                {cited_list("cr-warnings", advice.warnings)}
            </div>
        }
    });
    let resolved = (advice.status == Status::Resolved).then(|| {
        view! {
            <section class="cr-panel cr-next">
                <h2 class="cr-h2">"Resolved"</h2>
                <p>"You have recorded that the disagreement was resolved."</p>
            </section>
        }
    });
    let exhausted = advice.exhausted.map(|x| {
        view! {
            <section class="cr-panel cr-next">
                <h2 class="cr-h2">"Every stage has been tried"</h2>
                <p>{x.text} {cite(x.cite)}</p>
            </section>
        }
    });
    let next = advice.next_step.map(next_step_view);
    let form = advice.form;
    let special = (!advice.special_cases.is_empty()).then(|| {
        let items = advice
            .special_cases
            .into_iter()
            .map(|s| view! { <li><strong>{s.label}</strong> ": " {s.guidance} {cite(s.cite)}</li> })
            .collect_view();
        view! {
            <h2 class="cr-h2">"Because of what you ticked"</h2>
            <ul class="cr-list cr-special">{items}</ul>
        }
    });
    let after =
        (advice.status == Status::Resolved && !advice.after_resolution.is_empty()).then(|| {
            view! {
                <h2 class="cr-h2">"After resolution"</h2>
                {cited_list("cr-after", advice.after_resolution)}
            }
        });
    let tips = (!advice.tips.is_empty()).then(|| {
        view! {
            <details class="cr-details">
                <summary>"Tips for raising a disagreement"</summary>
                {cited_list("cr-tips", advice.tips)}
            </details>
        }
    });
    view! {
        {route}
        {urgency}
        {resolved}
        {next}
        {exhausted}
        {warnings}
        <section class="cr-section" aria-labelledby="cr-form-advice-title">
            <h2 class="cr-h2" id="cr-form-advice-title">{form.title}</h2>
            <p>{form.text} {cite(form.cite)}</p>
        </section>
        {special}
        {after}
        {standing}
        {tips}
    }
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
    let special_choices = ctx
        .with_protocol_untracked(|p| {
            p.special_cases
                .iter()
                .map(|s| Choice::new(s.id.clone(), s.label.clone(), s.hint.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let special = (!special_choices.is_empty()).then(|| {
        widgets::checkboxes(
            "cr-special".to_string(),
            "Do any of these apply?".to_string(),
            Some("The protocol gives extra guidance for these. Select all that apply.".to_string()),
            special_choices,
            move |id: &str| ctx.answers.with(|a| a.special_cases.contains(id)),
            move |id: String, on: bool| ctx.answers.update(|a| a.toggle_special_case(&id, on)),
        )
    });
    // The emergency panel is shown first by the shell, above this heading.
    let advice = move || {
        ctx.advice.get().map(|mut a| {
            a.emergency = None;
            advice_view(a)
        })
    };
    view! {
        <div class="cr-step">
            {widgets::heading("Your next step".to_string())}
            <div class="cr-advice">{advice}</div>
            {special}
            {widgets::continue_button("Continue")}
        </div>
    }
}
