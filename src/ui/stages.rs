//! Step 6, stages attempted: the route's stages, and for each attempt the
//! date, with whom, the outcome and notes. Several attempts per stage. Each
//! stage is one block of HTML from [`super::markup`], redrawn when attempts
//! at it are added or removed.

use leptos::prelude::*;

use super::controls::{attempt_name, Action, Part};
use super::markup::{Choice, Markup, TextKind};
use super::widgets::{self, ctx};
use super::Ctx;
use case_resolution_core::guidance::{outcomes_offered, route_for, Answers, Outcome};
use case_resolution_core::protocol::{Protocol, Stage};

/// One stage: its name, who to contact, each attempt at it (a fieldset with
/// a Remove button) and the button that adds one.
pub fn stage_html(m: &mut Markup, p: &Protocol, stage: &Stage, a: &Answers) {
    let name = &stage.name;
    m.raw("<section class=\"cr-stage\"><h2 class=\"cr-h2\">")
        .text(name)
        .raw("</h2>");
    m.para(
        "cr-hint",
        &format!("Who to contact: {}", stage.contact_role),
    );
    // The three every stage has, then those the protocol gives this one.
    // Those carry what the protocol says of them as their hint.
    let offered = outcomes_offered(p, a, stage);
    let given = p.outcomes_at(stage);
    let said = |o: &Outcome| {
        given
            .iter()
            .find(|g| Some(g.kind) == o.kind())
            .map(|g| g.text.text.as_str())
    };
    let outcomes: Vec<Choice> = offered
        .iter()
        .map(|o| Choice::new(o.id(), o.label(), said(o)))
        .collect();
    let decided_by = given
        .iter()
        .find_map(|o| o.decided_by.as_deref())
        .map(|d| format!("The protocol says who decides: {d}"));
    let attempts = a
        .attempts
        .iter()
        .enumerate()
        .filter(|(_, t)| t.stage == stage.id);
    for (number, (i, t)) in attempts.enumerate() {
        let number = number + 1;
        let text = |m: &mut Markup, part: Part, label: &str, kind: TextKind| {
            m.text_field(&attempt_name(i, part), label, None, kind, None);
        };
        m.raw("<fieldset class=\"cr-fieldset cr-attempt\"><legend class=\"cr-legend cr-legend--small\">Attempt ")
            .num(number)
            .raw(" at ")
            .text(name)
            .raw("</legend>");
        text(m, Part::Date, "Date", TextKind::Date);
        m.raw("<p class=\"cr-label cr-attempt__with\">With whom</p><div class=\"cr-attempt__people\">");
        text(m, Part::Name, "Name", TextKind::Line);
        text(m, Part::Role, "Role", TextKind::Line);
        text(m, Part::Agency, "Agency", TextKind::Line);
        m.raw("</div>").radios(
            &attempt_name(i, Part::Outcome),
            "Outcome",
            None,
            false,
            &outcomes,
            Some(t.outcome.id()),
        );
        // Shown by the stylesheet only while their outcome is chosen
        // (`.cr-if--<outcome>`); what they hold is kept either way.
        let more = |m: &mut Markup, o: Outcome, fields: &[(Part, &str, TextKind)], hint| {
            if offered.contains(&o) {
                m.raw("<div class=\"cr-if cr-if--").raw(o.id()).raw("\">");
                for (part, label, kind) in fields {
                    m.text_field(&attempt_name(i, *part), label, hint, *kind, None);
                }
                m.raw("</div>");
            }
        };
        more(
            m,
            Outcome::PlanAgreed,
            &[(Part::Review, "Date to review the plan", TextKind::Date)],
            None,
        );
        more(
            m,
            Outcome::ResolvedOutstanding,
            &[
                (
                    Part::Outstanding,
                    "What is still outstanding",
                    TextKind::Area,
                ),
                (Part::FollowUp, "Who follows it up", TextKind::Line),
            ],
            None,
        );
        more(
            m,
            Outcome::NotTakenForward,
            &[(
                Part::DecidedBy,
                "Who decided not to take it forward",
                TextKind::Line,
            )],
            decided_by.as_deref(),
        );
        text(m, Part::Notes, "Notes", TextKind::Area);
        m.raw("<button type=\"button\" class=\"cr-button cr-button--secondary cr-remove-attempt\" data-action=\"")
            .raw(Action::RemoveAttempt.name())
            .raw("\" data-index=\"")
            .num(i)
            .raw("\">Remove attempt ")
            .num(number)
            .raw(" at ")
            .text(name)
            .raw("</button></fieldset>");
    }
    m.raw("<button type=\"button\" class=\"cr-button cr-button--secondary cr-add-attempt\" data-action=\"")
        .raw(Action::AddAttempt.name())
        .raw("\"")
        .attr("data-stage", &stage.id)
        .raw(">Add an attempt at ")
        .text(name)
        .raw("</button></section>");
}

/// Add an attempt at the stage with this id; focus its date.
pub fn add_attempt(ctx: &Ctx, stage: Option<String>) {
    let Some(stage) = stage else {
        return;
    };
    if let Some(i) = ctx.answers.try_update(|a| a.add_attempt(&stage)) {
        ctx.focus_id_after_render(attempt_name(i, Part::Date));
    }
}

/// Remove the attempt at this index; focus the heading.
pub fn remove_attempt(ctx: &Ctx, index: Option<usize>) {
    let Some(index) = index else {
        return;
    };
    ctx.answers.update(|a| a.remove_attempt(index));
    ctx.notice.set("Attempt removed.".to_string());
    ctx.focus_after_render("h1");
}

pub fn stages_step() -> impl IntoView {
    let ctx = ctx();
    let count = ctx
        .with_protocol_untracked(|p| {
            ctx.answers
                .with_untracked(|a| route_for(p, a).map_or(0, |r| r.stages.len()))
        })
        .unwrap_or(0);
    let mut intro = Markup::new(&[]);
    intro.heading("Which stages have you tried?").para(
        "cr-hint",
        "Add each time you raised the disagreement: when, with whom and what happened. You can add more than one attempt at a stage. If you have not tried any stage yet, continue.",
    );
    let mut blocks = vec![widgets::fixed_block(intro.finish())];
    let errors = ctx.errors.get_untracked();
    // The attempts' stages in order: a stage is redrawn only when attempts
    // are added or removed (which renumbers the ids after them), not on
    // every keystroke inside them.
    let attempts = move || {
        ctx.answers.with(|a| {
            a.attempts
                .iter()
                .map(|t| t.stage.clone())
                .collect::<Vec<_>>()
        })
    };
    for n in 0..count {
        let errors = errors.clone();
        blocks.push(widgets::block_keyed(attempts, move || {
            let mut m = Markup::new(&errors);
            ctx.with_protocol_untracked(|p| {
                ctx.answers.with_untracked(|a| {
                    let route = route_for(p, a);
                    if let Some(stage) = route.as_ref().and_then(|r| r.stages.get(n)) {
                        stage_html(&mut m, p, stage, a);
                    }
                })
            });
            m.finish()
        }));
    }
    blocks.push(widgets::continue_block("Continue"));
    widgets::step("cr-step", blocks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::markup::{edit, text_value};
    use crate::ui::questions::control_names;

    #[test]
    fn each_attempt_is_a_fieldset_whose_controls_edit_that_attempt() {
        for p in case_resolution_core::protocol::bundled().unwrap() {
            let route = &p.routes[0];
            let stage = &route.stages[0];
            let mut a = Answers::default();
            let first = a.add_attempt(&stage.id);
            let second = a.add_attempt(&stage.id);
            a.attempts[second].with_name = "Jo \"J\" <Smith>".into();
            let mut m = Markup::new(&[]);
            stage_html(&mut m, &p, stage, &a);
            let html = m.finish();
            assert_eq!(
                html.matches("<fieldset class=\"cr-fieldset cr-attempt\">")
                    .count(),
                2
            );
            assert!(html.contains("Attempt 2 at "));
            assert!(html.contains(&format!(
                "data-action=\"remove-attempt\" data-index=\"{second}\""
            )));
            assert!(html.contains(&format!(
                "data-action=\"add-attempt\" data-stage=\"{}\"",
                stage.id
            )));
            assert!(!html.contains("Smith"), "typed text is never drawn");
            assert_eq!(
                text_value(&a, &format!("cr-attempt-{second}-name")),
                Some("Jo \"J\" <Smith>")
            );
            let names = control_names(&html);
            assert!(names.contains(&format!("cr-attempt-{first}-outcome")));
            for name in names {
                let mut edited = a.clone();
                let value = if name.ends_with("-outcome") {
                    Outcome::Resolved.id()
                } else {
                    "2026-11-01"
                };
                assert!(
                    edit(&mut edited, &p, &name, value, false),
                    "{}: {name}",
                    p.id
                );
                assert_ne!(edited, a, "{name} changed nothing");
            }
        }
    }

    /// A stage offers the outcomes its protocol gives it, each with what the
    /// protocol says as its hint and the fields it records, and no others.
    #[test]
    fn a_stage_offers_its_own_outcomes_with_their_fields() {
        let p = case_resolution_core::protocol::bundled()
            .unwrap()
            .into_iter()
            .find(|p| p.id == "darlington")
            .unwrap();
        let mut a = Answers {
            disagreement: Some("response-to-concern".into()),
            ..Answers::default()
        };
        let draw = |a: &Answers, i: usize| {
            let mut m = Markup::new(&[]);
            stage_html(&mut m, &p, &p.routes[0].stages[i], a);
            m.finish().into_string()
        };
        a.add_attempt("stage-1");
        let one = draw(&a, 0);
        assert!(one.contains("value=\"plan_agreed\""));
        assert!(one.contains("agree a plan"));
        assert!(one.contains("class=\"cr-if cr-if--plan_agreed\""));
        assert!(one.contains("name=\"cr-attempt-0-review\""));
        assert!(!one.contains("not_taken_forward") && !one.contains("resolved_outstanding"));
        a.attempts.clear();
        a.add_attempt("stage-2");
        let two = draw(&a, 1);
        assert!(two.contains("value=\"not_taken_forward\""));
        assert!(two.contains("The protocol says who decides: your manager"));
        assert!(two.contains("name=\"cr-attempt-0-decided-by\""));
        assert!(!two.contains("plan_agreed"));
    }
}
