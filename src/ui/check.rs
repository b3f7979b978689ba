//! Step 9, check your answers: every answer with a Change link that goes to
//! its step and comes back here after Continue.

use leptos::prelude::*;

use super::markup::Markup;
use super::widgets::{self, ctx};
use super::Step;
use case_resolution_core::guidance::{fields, route_for, special_cases_offered, Answers};
use case_resolution_core::html::{join, Html};
use case_resolution_core::protocol::Protocol;

/// One row: the question, the answer, and the step that asks it.
pub(super) struct Row {
    key: String,
    value: String,
    step: Step,
}

fn or_none(s: &str) -> String {
    if s.trim().is_empty() {
        "Not given".to_string()
    } else {
        s.to_string()
    }
}

pub(super) fn rows(protocol: &Protocol, a: &Answers, fixed: bool) -> Vec<Row> {
    let mut out = Vec::new();
    let mut row = |key: &str, value: String, step: Step| {
        out.push(Row {
            key: key.to_string(),
            value,
            step,
        })
    };
    if !fixed {
        row("Partnership", protocol.name.clone(), Step::Start);
    }
    if protocol.covers_both() {
        row(
            "Who the concern is about",
            match a.subject {
                Some(case_resolution_core::protocol::Subject::Adults) => {
                    "An adult at risk".to_string()
                }
                Some(case_resolution_core::protocol::Subject::Children) => {
                    "A child or young person".to_string()
                }
                None => "Not given".to_string(),
            },
            Step::Start,
        );
    }
    row(
        "Is anyone at risk of immediate harm?",
        match a.immediate_harm {
            Some(true) => "Yes".to_string(),
            Some(false) => "No".to_string(),
            None => "Not given".to_string(),
        },
        Step::Safety,
    );
    if a.immediate_harm == Some(true) {
        row(
            "What was done about the immediate risk",
            or_none(&a.immediate_action),
            Step::Safety,
        );
    }
    row(
        "How urgent",
        a.urgency
            .as_deref()
            .and_then(|u| protocol.urgency(u))
            .map_or("Not given".to_string(), |u| u.label.clone()),
        Step::Urgency,
    );
    row(
        "What the disagreement is about",
        a.disagreement
            .as_deref()
            .and_then(|d| protocol.disagreement(d))
            .map_or("Not given".to_string(), |d| d.label.clone()),
        Step::Disagreement,
    );
    for q in a.questions(protocol) {
        let answer = a
            .context
            .get(&q.id)
            .and_then(|o| q.options.iter().find(|x| &x.id == o))
            .map_or("Not given".to_string(), |o| o.label.clone());
        row(&q.label, answer, Step::Context);
    }
    let route = route_for(protocol, a);
    let stage_name = |id: &str| {
        route
            .as_ref()
            .and_then(|r| r.stages.iter().find(|s| s.id == id))
            .map_or(id.to_string(), |s| s.name.clone())
    };
    if a.attempts.is_empty() {
        row("Stages tried", "None yet".to_string(), Step::Stages);
    }
    for (i, t) in a.attempts.iter().enumerate() {
        let with: Vec<&str> = [&t.with_name, &t.with_role, &t.with_agency]
            .into_iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let mut value = format!("{}: {}", stage_name(&t.stage), t.outcome_words());
        if !t.date.trim().is_empty() {
            value.push_str(&format!(", on {}", t.date.trim()));
        }
        if !with.is_empty() {
            value.push_str(&format!(", with {}", join(&with, ", ")));
        }
        if !t.notes.trim().is_empty() {
            value.push_str(&format!(". Notes: {}", t.notes.trim()));
        }
        row(&format!("Attempt {}", i + 1), value, Step::Stages);
    }
    let offered = special_cases_offered(protocol, a);
    let special: Vec<&str> = offered
        .iter()
        .filter(|s| a.special_cases.contains(&s.id))
        .map(|s| s.label.as_str())
        .collect();
    if !offered.is_empty() {
        row(
            "Special cases that apply",
            if special.is_empty() {
                "None".to_string()
            } else {
                join(&special, "; ")
            },
            Step::NextStep,
        );
    }
    let d = &a.details;
    // In the field table's order, the basis after the concern (as asked).
    for f in &fields::DETAIL_FIELDS {
        row(f.label, or_none((f.get)(d)), Step::Details);
        if f.group == fields::Group::Concern {
            row(
                fields::BASIS_LABEL,
                d.basis
                    .map_or("Not given".to_string(), |b| b.label().to_string()),
                Step::Details,
            );
        }
    }
    out
}

/// The rows as HTML (escaped): `dt`/`dd` pairs with a Change button naming
/// its step in `data-step`. A string set with `inner_html`, like the advice
/// (see `case_resolution_core::render`): about 30 rows of static text build faster that
/// way, and one delegated click handler serves every Change button.
pub(super) fn rows_html(rows: &[Row]) -> Html {
    let mut out = Html::with_capacity(rows.len() * 256);
    for r in rows {
        let step = r.step.id();
        out.lit("<div class=\"cr-summary__row\"")
            .attr("data-change-step", step)
            .lit("><dt class=\"cr-summary__key\">")
            .text(&r.key)
            .lit("</dt><dd class=\"cr-summary__value\">")
            .text(&r.value)
            .lit("</dd><dd class=\"cr-summary__actions\"><button type=\"button\" class=\"cr-link cr-change\"")
            .attr("data-step", step)
            .lit(">Change<span class=\"cr-visually-hidden\"> ")
            .text(&r.key)
            .lit("</span></button></dd></div>");
    }
    out
}

pub fn check_step() -> impl IntoView {
    let ctx = ctx();
    let html = ctx
        .with_protocol_untracked(|p| ctx.answers.with_untracked(|a| rows(p, a, ctx.fixed)))
        .map(|rows| rows_html(&rows))
        .unwrap_or_default();
    // Any Change button (or its text) inside the list: the step it names;
    // else Continue.
    let click = move |ev: leptos::ev::MouseEvent| {
        let step = widgets::clicked(&ev, "button.cr-change", "data-step")
            .and_then(|id| Step::ALL.into_iter().find(|s| s.id() == id));
        if let Some(step) = step {
            ctx.change(step);
        } else if let Some(button) = widgets::clicked_element(&ev, "button[data-action]") {
            ctx.act(&button);
        }
    };
    let mut m = Markup::new(&[]);
    m.heading("Check your answers")
        .raw("<dl class=\"cr-summary\">")
        .html(&html)
        .raw("</dl>")
        .continue_button("Continue to the form");
    widgets::clickable(
        "cr-step",
        Box::new(click),
        vec![widgets::fixed_block(m.finish())],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_a_change_button_naming_its_step_and_text_is_escaped() {
        let p = case_resolution_core::protocol::bundled().unwrap().remove(0);
        let mut a = Answers::default();
        a.details.concern = "<img src=x onerror=alert(1)> & \"more\"".into();
        let rows = rows(&p, &a, false);
        let html = rows_html(&rows);
        assert_eq!(html.matches("<button").count(), rows.len());
        for r in &rows {
            let tag = format!("data-step=\"{}\"", r.step.id());
            assert!(html.contains(&tag), "{tag}");
        }
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;more&quot;"));
        assert!(!html.contains("<img"));
    }

    #[test]
    fn check_your_answers_and_the_form_label_every_detail_alike() {
        use case_resolution_core::form::{self, Block, FormMeta};
        use case_resolution_core::guidance::{advise, Date};
        let today = Date::parse("2026-11-30").unwrap();
        for p in case_resolution_core::protocol::bundled().unwrap() {
            let mut a = Answers::default();
            for (i, f) in fields::DETAIL_FIELDS.iter().enumerate() {
                *(f.get_mut)(&mut a.details) = format!("value {i}");
            }
            let meta = FormMeta {
                reference: form::reference(today, 1),
                generated: String::new(),
                date: today,
            };
            let doc = form::build(&p, &a, &advise(&p, &a, today), &meta);
            let on_form: Vec<(String, Option<String>)> = doc
                .sections
                .iter()
                .flat_map(|s| &s.blocks)
                .flat_map(|b| match b {
                    Block::Fields { fields } => fields.clone(),
                    _ => Vec::new(),
                })
                .map(|f| (f.label, f.value))
                .collect();
            let shown: Vec<(String, String)> = rows(&p, &a, false)
                .into_iter()
                .filter(|r| r.step == Step::Details)
                .map(|r| (r.key, r.value))
                .collect();
            // Every free-text detail and the basis, once each, on both.
            assert_eq!(shown.len(), fields::DETAIL_FIELDS.len() + 1, "{}", p.id);
            for (key, value) in &shown {
                let form_value = on_form
                    .iter()
                    .find(|(label, _)| label == key)
                    .unwrap_or_else(|| panic!("{}: the form has no {key:?}", p.id));
                if value != "Not given" {
                    assert_eq!(
                        form_value.1.as_deref(),
                        Some(value.as_str()),
                        "{}: {key}",
                        p.id
                    );
                }
            }
        }
    }
}
