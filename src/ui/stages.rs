//! Step 6, stages attempted: the route's stages, and for each attempt the
//! date, with whom, the outcome and notes. Several attempts per stage.

use leptos::prelude::*;

use super::widgets::{self, ctx, Choice, TextKind};
use crate::guidance::{route_for, Answers, Attempt, Outcome};

/// A free-text part of an attempt.
#[derive(Clone, Copy)]
enum Part {
    Date,
    Name,
    Role,
    Agency,
    Notes,
}

impl Part {
    fn id(self) -> &'static str {
        match self {
            Part::Date => "date",
            Part::Name => "name",
            Part::Role => "role",
            Part::Agency => "agency",
            Part::Notes => "notes",
        }
    }
    fn get(self, a: &Attempt) -> &String {
        match self {
            Part::Date => &a.date,
            Part::Name => &a.with_name,
            Part::Role => &a.with_role,
            Part::Agency => &a.with_agency,
            Part::Notes => &a.notes,
        }
    }
    fn get_mut(self, a: &mut Attempt) -> &mut String {
        match self {
            Part::Date => &mut a.date,
            Part::Name => &mut a.with_name,
            Part::Role => &mut a.with_role,
            Part::Agency => &mut a.with_agency,
            Part::Notes => &mut a.notes,
        }
    }
}

fn attempt_field(index: usize, part: Part, label: &str, kind: TextKind) -> impl IntoView {
    widgets::text_field(
        format!("cr-attempt-{index}-{}", part.id()),
        label.to_string(),
        None,
        kind,
        None,
        move |a: &Answers| {
            a.attempts
                .get(index)
                .map(|t| part.get(t).clone())
                .unwrap_or_default()
        },
        move |a: &mut Answers, v| {
            if let Some(t) = a.attempts.get_mut(index) {
                *part.get_mut(t) = v;
            }
        },
    )
}

/// One attempt, as a fieldset.
fn attempt_view(index: usize, number: usize, stage_name: String) -> impl IntoView {
    let ctx = ctx();
    let legend = format!("Attempt {number} at {stage_name}");
    let remove_label = format!("Remove attempt {number} at {stage_name}");
    view! {
        <fieldset class="cr-fieldset cr-attempt">
            <legend class="cr-legend cr-legend--small">{legend}</legend>
            {attempt_field(index, Part::Date, "Date", TextKind::Date)}
            <p class="cr-label cr-attempt__with">"With whom"</p>
            <div class="cr-attempt__people">
                {attempt_field(index, Part::Name, "Name", TextKind::Line)}
                {attempt_field(index, Part::Role, "Role", TextKind::Line)}
                {attempt_field(index, Part::Agency, "Agency", TextKind::Line)}
            </div>
            {widgets::radios(
                format!("cr-attempt-{index}-outcome"),
                "Outcome".to_string(),
                None,
                false,
                Outcome::ALL.iter().map(|o| Choice::new(o.id(), o.label(), None)).collect(),
                move || {
                    ctx.answers
                        .with(|a| a.attempts.get(index).map(|t| t.outcome.id().to_string()))
                },
                move |v: String| {
                    if let Some(o) = Outcome::from_id(&v) {
                        ctx.answers.update(|a| {
                            if let Some(t) = a.attempts.get_mut(index) {
                                t.outcome = o;
                            }
                        });
                    }
                },
            )}
            {attempt_field(index, Part::Notes, "Notes", TextKind::Area)}
            <button
                type="button"
                class="cr-button cr-button--secondary cr-remove-attempt"
                on:click=move |_| {
                    ctx.answers.update(|a| a.remove_attempt(index));
                    ctx.notice.set("Attempt removed.".to_string());
                    ctx.focus_after_render("h1");
                }
            >
                {remove_label}
            </button>
        </fieldset>
    }
}

pub fn stages_step() -> impl IntoView {
    let ctx = ctx();
    let stages = ctx
        .with_protocol_untracked(|p| {
            ctx.answers.with_untracked(|a| {
                route_for(p, a)
                    .map(|r| {
                        r.stages
                            .iter()
                            .map(|s| (s.id.clone(), s.name.clone(), s.contact_role.clone()))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        })
        .unwrap_or_default();
    let sections = stages
        .into_iter()
        .map(|(stage_id, name, contact_role)| {
            // A Memo so the list is rebuilt only when attempts at this stage
            // are added or removed, not on every keystroke inside them.
            let id_for_memo = stage_id.clone();
            let indices = Memo::new(move |_| {
                ctx.answers.with(|a| {
                    a.attempts
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.stage == id_for_memo)
                        .map(|(i, _)| i)
                        .collect::<Vec<_>>()
                })
            });
            let list_name = name.clone();
            let list = move || {
                indices
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(n, i)| attempt_view(i, n + 1, list_name.clone()))
                    .collect_view()
            };
            let add_label = format!("Add an attempt at {name}");
            let add = move |_| {
                let index = ctx.answers.try_update(|a| a.add_attempt(&stage_id));
                if let Some(i) = index {
                    ctx.focus_id_after_render(format!("cr-attempt-{i}-date"));
                }
            };
            view! {
                <section class="cr-stage">
                    <h2 class="cr-h2">{name}</h2>
                    <p class="cr-hint">"Who to contact: " {contact_role}</p>
                    {list}
                    <button type="button" class="cr-button cr-button--secondary cr-add-attempt" on:click=add>
                        {add_label}
                    </button>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="cr-step">
            {widgets::heading("Which stages have you tried?".to_string())}
            <p class="cr-hint">
                "Add each time you raised the disagreement: when, with whom and what happened. You can add more than one attempt at a stage. If you have not tried any stage yet, continue."
            </p>
            {sections}
            {widgets::continue_button("Continue")}
        </div>
    }
}
