//! The question steps: safety, urgency, the disagreement, context questions
//! (all in the protocol's own words) and the details for the form.

use leptos::prelude::*;

use super::widgets::{self, ctx, Choice, TextKind};
use crate::guidance::{Answers, Basis};
use crate::protocol::Subject;

/// Step 2: is anyone at risk of immediate harm? Yes shows the emergency
/// panel at once (it is rendered first by the shell) and announces it.
pub fn safety_step() -> impl IntoView {
    let ctx = ctx();
    let hint = ctx
        .with_protocol_untracked(|p| {
            if p.covers.contains(&Subject::Adults) && !p.covers.contains(&Subject::Children) {
                "For example an adult who is in danger now."
            } else if p.covers_both() {
                "For example a child or an adult who is in danger now."
            } else {
                "For example a child who is in danger now."
            }
        })
        .unwrap_or("Someone who is in danger now.");
    let yes = move || ctx.answers.with(|a| a.immediate_harm == Some(true));
    view! {
        <div class="cr-step">
            {widgets::radios(
                "cr-immediate-harm".to_string(),
                "Is anyone at risk of immediate harm?".to_string(),
                Some(hint.to_string()),
                true,
                vec![Choice::new("yes", "Yes", None), Choice::new("no", "No", None)],
                move || {
                    ctx.answers
                        .with(|a| a.immediate_harm.map(|h| if h { "yes" } else { "no" }.to_string()))
                },
                move |v: String| {
                    let harm = v == "yes";
                    ctx.answers.update(|a| a.immediate_harm = Some(harm));
                    if harm {
                        let summary = ctx
                            .with_protocol_untracked(|p| p.emergency.summary.clone())
                            .unwrap_or_default();
                        ctx.notice.set(format!("Act now. {summary}"));
                    } else {
                        ctx.notice.set(String::new());
                    }
                },
            )}
            {move || {
                yes()
                    .then(|| {
                        untrack(|| {
                            widgets::text_field(
                                "cr-immediate-action".to_string(),
                                "What have you done, or are you doing, about the immediate risk? (optional)"
                                    .to_string(),
                                Some("For example: called 999 at 10:40; contacted the MASH. This goes on the form.".to_string()),
                                TextKind::Area,
                                None,
                                |a: &Answers| a.immediate_action.clone(),
                                |a: &mut Answers, v| a.immediate_action = v,
                            )
                        })
                    })
            }}
            {widgets::continue_button("Continue")}
        </div>
    }
}

/// Step 3: how urgent, as the protocol defines it.
pub fn urgency_step() -> impl IntoView {
    let ctx = ctx();
    let choices = ctx
        .with_protocol_untracked(|p| {
            p.urgencies
                .iter()
                .map(|u| Choice::new(u.id.clone(), u.label.clone(), u.hint.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    view! {
        <div class="cr-step">
            {widgets::radios(
                "cr-urgency".to_string(),
                "How urgent is this?".to_string(),
                None,
                true,
                choices,
                move || ctx.answers.with(|a| a.urgency.clone()),
                move |v: String| ctx.answers.update(|a| a.urgency = Some(v)),
            )}
            {widgets::continue_button("Continue")}
        </div>
    }
}

/// Step 4: what the disagreement is about, with the protocol's hints.
pub fn disagreement_step() -> impl IntoView {
    let ctx = ctx();
    let subject = ctx.answers.with_untracked(|a| a.subject);
    let choices = ctx
        .with_protocol_untracked(|p| {
            p.disagreements_for(subject)
                .map(|d| Choice::new(d.id.clone(), d.label.clone(), d.hint.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    view! {
        <div class="cr-step">
            {widgets::radios(
                "cr-disagreement".to_string(),
                "What is the disagreement about?".to_string(),
                None,
                true,
                choices,
                move || ctx.answers.with(|a| a.disagreement.clone()),
                move |v: String| {
                    ctx.with_protocol_untracked(|p| ctx.answers.update(|a| a.set_disagreement(p, &v)));
                },
            )}
            {widgets::continue_button("Continue")}
        </div>
    }
}

/// Step 5: the context questions the protocol asks for the chosen type.
pub fn context_step() -> impl IntoView {
    let ctx = ctx();
    let questions = ctx
        .with_protocol_untracked(|p| {
            ctx.answers.with_untracked(|a| {
                a.questions(p)
                    .into_iter()
                    .map(|q| {
                        (
                            q.id.clone(),
                            q.label.clone(),
                            q.hint.clone(),
                            q.options
                                .iter()
                                .map(|o| Choice::new(o.id.clone(), o.label.clone(), None))
                                .collect::<Vec<_>>(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
        .unwrap_or_default();
    let single = questions.len() == 1;
    let title = (!single).then(|| widgets::heading("About your situation".to_string()));
    let fields = questions
        .into_iter()
        .map(|(id, label, hint, choices)| {
            let read_id = id.clone();
            widgets::radios(
                format!("cr-q-{id}"),
                label,
                hint,
                single,
                choices,
                move || ctx.answers.with(|a| a.context.get(&read_id).cloned()),
                move |v: String| {
                    ctx.with_protocol_untracked(|p| {
                        ctx.answers.update(|a| a.set_context(p, &id, &v))
                    });
                },
            )
        })
        .collect_view();
    view! {
        <div class="cr-step">
            {title}
            {fields}
            {widgets::continue_button("Continue")}
        </div>
    }
}

/// Step 8: details that only go on the form. Minimal identifiers on purpose.
pub fn details_step() -> impl IntoView {
    let ctx = ctx();
    let adult = ctx.answers.with_untracked(|a| a.subject) == Some(Subject::Adults)
        || ctx
            .with_protocol_untracked(|p| p.covers == vec![Subject::Adults])
            .unwrap_or(false);
    let who = if adult { "adult" } else { "child" };
    let line = |id: &str,
                label: &str,
                hint: Option<&str>,
                auto: Option<&'static str>,
                get: fn(&Answers) -> String,
                set: fn(&mut Answers, String)| {
        widgets::text_field(
            id.to_string(),
            label.to_string(),
            hint.map(str::to_string),
            TextKind::Line,
            auto,
            get,
            set,
        )
    };
    view! {
        <div class="cr-step">
            {widgets::heading("Details for the form".to_string())}
            <p class="cr-hint cr-minimise">
                "Only what the form needs. Use initials, not names, and an age, not a date of birth. The form stays on this device until you choose to send it."
            </p>
            <section class="cr-section" aria-labelledby="cr-d-you">
                <h2 class="cr-h2" id="cr-d-you">"About you"</h2>
                {line("cr-your-name", "Your name", None, Some("name"), |a| a.details.your_name.clone(), |a, v| a.details.your_name = v)}
                {line("cr-your-role", "Your role", None, Some("organization-title"), |a| a.details.your_role.clone(), |a, v| a.details.your_role = v)}
                {line("cr-your-agency", "Your agency or organisation", None, Some("organization"), |a| a.details.your_agency.clone(), |a, v| a.details.your_agency = v)}
                {line("cr-your-contact", "Your work phone or email", None, None, |a| a.details.your_contact.clone(), |a, v| a.details.your_contact = v)}
            </section>
            <section class="cr-section" aria-labelledby="cr-d-consulted">
                <h2 class="cr-h2" id="cr-d-consulted">"Manager or designated lead you consulted"</h2>
                {line("cr-consulted-name", "Their name", None, None, |a| a.details.consulted_name.clone(), |a, v| a.details.consulted_name = v)}
                {line("cr-consulted-role", "Their role", None, None, |a| a.details.consulted_role.clone(), |a, v| a.details.consulted_role = v)}
            </section>
            <section class="cr-section" aria-labelledby="cr-d-subject">
                <h2 class="cr-h2" id="cr-d-subject">{format!("The {who}")}</h2>
                {line("cr-subject-initials", "Initials", Some("Initials only, not a full name."), None, |a| a.details.subject_initials.clone(), |a, v| a.details.subject_initials = v)}
                {line("cr-subject-reference", "Agency reference (optional)", Some("A case or record number the recipient will recognise."), None, |a| a.details.subject_reference.clone(), |a, v| a.details.subject_reference = v)}
                {line("cr-subject-age", "Age", Some("An age or year of birth, not a date of birth."), None, |a| a.details.subject_age.clone(), |a, v| a.details.subject_age = v)}
            </section>
            <section class="cr-section" aria-labelledby="cr-d-decision">
                <h2 class="cr-h2" id="cr-d-decision">"The decision you disagree with"</h2>
                {line("cr-decision-agency", "Agency that made it", None, None, |a| a.details.decision_agency.clone(), |a, v| a.details.decision_agency = v)}
                {line("cr-decision-role", "Team or role of the person who made it", None, None, |a| a.details.decision_role.clone(), |a, v| a.details.decision_role = v)}
                {widgets::text_field(
                    "cr-decision-date".to_string(),
                    "Date of the decision".to_string(),
                    None,
                    TextKind::Date,
                    None,
                    |a: &Answers| a.details.decision_date.clone(),
                    |a: &mut Answers, v| a.details.decision_date = v,
                )}
            </section>
            <section class="cr-section" aria-labelledby="cr-d-concern">
                <h2 class="cr-h2" id="cr-d-concern">"Your concern"</h2>
                {widgets::text_field(
                    "cr-concern".to_string(),
                    "What is your concern, and what is it based on?".to_string(),
                    Some("Say what you disagree with and why. Give the evidence; if it is a gut feeling, say so.".to_string()),
                    TextKind::Area,
                    None,
                    |a: &Answers| a.details.concern.clone(),
                    |a: &mut Answers, v| a.details.concern = v,
                )}
                {widgets::radios(
                    "cr-basis".to_string(),
                    "Is your concern based on evidence or professional judgement?".to_string(),
                    None,
                    false,
                    Basis::ALL.iter().map(|b| Choice::new(b.id(), b.label(), None)).collect(),
                    move || ctx.answers.with(|a| a.details.basis.map(|b| b.id().to_string())),
                    move |v: String| ctx.answers.update(|a| a.details.basis = Basis::from_id(&v)),
                )}
                {widgets::text_field(
                    "cr-outcome-sought".to_string(),
                    "What outcome are you seeking?".to_string(),
                    None,
                    TextKind::Area,
                    None,
                    |a: &Answers| a.details.outcome_sought.clone(),
                    |a: &mut Answers, v| a.details.outcome_sought = v,
                )}
            </section>
            {widgets::continue_button("Continue")}
        </div>
    }
}
