//! The guidance engine: a pure function from a protocol and answers to advice.

use super::advice::*;
use super::answers::{Answers, Outcome};
use super::date::Date;
use crate::protocol::{CitedText, Protocol, Route, Subject};

/// The route the answers lead to: the disagreement's own, unless a context
/// answer's option names another (the last such answer wins).
pub fn route_for<'p>(protocol: &'p Protocol, answers: &Answers) -> Option<&'p Route> {
    let disagreement = protocol.disagreement(answers.disagreement.as_deref()?)?;
    let mut route = disagreement.route.as_str();
    for qid in &disagreement.questions {
        let chosen = answers.context.get(qid).and_then(|opt| {
            protocol
                .question(qid)?
                .options
                .iter()
                .find(|o| &o.id == opt)
        });
        if let Some(r) = chosen.and_then(|o| o.route.as_deref()) {
            route = r;
        }
    }
    protocol.route(route)
}

/// Gives the advice for `answers` under `protocol`.
///
/// `today` is used only to date a timescale when nothing has been attempted
/// yet; pass the practitioner's local date. The same inputs always give the
/// same advice.
///
/// ```
/// use case_resolution_core::guidance::{advise, Answers, Date, Status};
/// use case_resolution_core::protocol::bundled;
///
/// let devon = bundled().unwrap().into_iter().find(|p| p.id == "devon-dcfp").unwrap();
/// let mut answers = Answers::default();
/// answers.immediate_harm = Some(false);
/// answers.urgency = Some("routine".into());
/// answers.disagreement = Some("referral-or-assessment".into());
///
/// let advice = advise(&devon, &answers, Date::parse("2026-11-23").unwrap());
/// assert_eq!(advice.status, Status::NotStarted);
/// assert_eq!(advice.next_step.unwrap().stage_id, "stage-1");
/// ```
pub fn advise(protocol: &Protocol, answers: &Answers, today: Date) -> Advice {
    // A hand-built out-of-range date (the fields are public) is normalised
    // rather than trusted: `Date::long` indexes month names.
    let today = Date::from_days(today.to_days());
    let immediate_harm = answers.immediate_harm == Some(true);
    let emergency = immediate_harm.then(|| EmergencyAdvice {
        summary: protocol.emergency.summary.clone(),
        actions: protocol.emergency.actions.clone(),
        contacts: protocol
            .emergency
            .contacts
            .iter()
            .filter_map(|id| protocol.contact(id).cloned())
            .collect(),
        cite: protocol.emergency.cite.clone(),
    });
    let urgency = answers.urgency.as_deref().and_then(|u| protocol.urgency(u));
    let urgency_note = urgency.and_then(|u| {
        u.guidance.as_ref().map(|g| CitedText {
            text: g.clone(),
            cite: u.cite.clone(),
        })
    });
    let may_skip = urgency.is_some_and(|u| u.may_skip_stages);
    let special_cases = protocol
        .special_cases
        .iter()
        .filter(|s| answers.special_cases.contains(&s.id))
        .map(|s| SpecialAdvice {
            id: s.id.clone(),
            label: s.label.clone(),
            guidance: s.guidance.clone(),
            cite: s.cite.clone(),
        })
        .collect();

    let mut advice = Advice {
        emergency,
        route: None,
        urgency: urgency_note,
        standing: Vec::new(),
        warnings: Vec::new(),
        status: Status::NeedsDisagreement,
        next_step: None,
        form: FormAdvice {
            title: protocol.form.title.clone(),
            recipient: protocol.form.recipient.clone(),
            due_now: false,
            stage_name: None,
            text: String::new(),
            cite: protocol.form.cite.clone(),
        },
        special_cases,
        after_resolution: Vec::new(),
        exhausted: None,
        tips: protocol.tips.clone(),
    };

    let Some(route) = route_for(protocol, answers) else {
        let any_form_stage = protocol
            .routes
            .iter()
            .flat_map(|r| &r.stages)
            .any(|s| s.submits_form);
        advice.form.text = if any_form_stage {
            format!(
                "Choose what the disagreement is about to see at which stage the {} goes to {}. Keep a record now: the form built here can hold it.",
                protocol.form.title, protocol.form.recipient
            )
        } else {
            form_text(&advice.form, FormPlace::NotInRoute)
        };
        return advice;
    };
    // The form belongs to a stage of this route, or to none of it.
    let form_index = route.stages.iter().position(|s| s.submits_form);
    advice.form.stage_name = form_index.map(|i| route.stages[i].name.clone());
    advice.route = Some(RouteInfo {
        id: route.id.clone(),
        name: route.name.clone(),
        summary: route.summary.clone(),
        cite: route.cite.clone(),
    });

    // A disagreement type for the other subject (the view offers only the
    // matching ones, but the subject can be changed afterwards).
    if let Some(d) = answers
        .disagreement
        .as_deref()
        .and_then(|d| protocol.disagreement(d))
    {
        if let (Some(theirs), Some(yours)) = (d.subject, answers.subject) {
            if theirs != yours {
                advice.warnings.push(CitedText {
                    text: format!(
                        "You chose: \"{}\". That is a disagreement about {}, but you said the concern is about {}. Check both answers: the route may be the wrong one.",
                        d.label,
                        subject_words(theirs),
                        subject_words(yours)
                    ),
                    cite: d.cite.clone(),
                });
            }
        }
    }

    // A question that can change the route, not (validly) answered yet: the
    // disagreement's own route is followed, but it may be the wrong one
    // (e.g. an allegation about the head teacher is not referred to them).
    if let Some(d) = answers
        .disagreement
        .as_deref()
        .and_then(|d| protocol.disagreement(d))
    {
        for q in d.questions.iter().filter_map(|q| protocol.question(q)) {
            let decides_route = q.options.iter().any(|o| o.route.is_some());
            let answered = answers
                .context
                .get(&q.id)
                .is_some_and(|a| q.options.iter().any(|o| &o.id == a));
            if decides_route && !answered {
                advice.warnings.push(CitedText {
                    text: format!(
                        "Answer \"{}\": the answer can change the route and whom to contact. Until then this advice follows \"{}\".",
                        q.label, route.name
                    ),
                    cite: q.cite.clone(),
                });
            }
        }
    }

    // Attempts on this route, by stage position; others are reported and ignored.
    let position = |stage: &str| route.stages.iter().position(|s| s.id == stage);
    let on_route: Vec<(usize, &super::answers::Attempt)> = answers
        .attempts
        .iter()
        .filter_map(|a| position(&a.stage).map(|p| (p, a)))
        .collect();
    let ignored = answers.attempts.len() - on_route.len();
    if ignored > 0 {
        advice.warnings.push(CitedText {
            text: format!(
                "{ignored} recorded attempt(s) are at stages that are not part of the route \"{}\" and are left out of this advice.",
                route.name
            ),
            cite: route.cite.clone(),
        });
    }

    advice.standing = route
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mine: Vec<_> = on_route.iter().filter(|(p, _)| *p == i).collect();
            StageStanding {
                stage_id: s.id.clone(),
                name: s.name.clone(),
                position: i + 1,
                attempts: mine.len(),
                latest: mine.last().map(|(_, a)| a.outcome),
                cite: s.cite.clone(),
            }
        })
        .collect();

    let resolved = on_route.iter().any(|(_, a)| a.outcome == Outcome::Resolved);
    let furthest = on_route.iter().map(|(p, _)| *p).max();
    let last_date = on_route
        .iter()
        .filter_map(|(_, a)| Date::parse(&a.date))
        .max();

    // Stages before the furthest one with nothing recorded.
    if let Some(f) = furthest {
        let skipped: Vec<&str> = route.stages[..f]
            .iter()
            .enumerate()
            .filter(|(i, _)| advice.standing[*i].attempts == 0)
            .map(|(_, s)| s.name.as_str())
            .collect();
        // At an urgency that lets the practitioner start at a later stage the
        // urgency's own guidance (shown above) says so: no warning.
        if !skipped.is_empty() && !may_skip {
            advice.warnings.push(CitedText {
                text: format!(
                    "No attempt is recorded for these earlier stages. {}. The protocol expects each stage to be tried in order. If you did try one, add it. If not, say in the form why it was skipped.",
                    skipped.join(". ")
                ),
                cite: route.cite.clone(),
            });
        }
    }

    advice.after_resolution = protocol.after_resolution.clone();
    let place = match (form_index, furthest) {
        (None, _) => FormPlace::NotInRoute,
        (Some(i), Some(f)) if f >= i => FormPlace::Reached,
        (Some(_), _) => FormPlace::Later,
    };
    if resolved {
        advice.status = Status::Resolved;
        advice.form.text = form_text(&advice.form, place);
        // Attempts entered after the resolved one that did not resolve it:
        // the practitioner may have re-opened the disagreement.
        let first_resolved = on_route
            .iter()
            .position(|(_, a)| a.outcome == Outcome::Resolved)
            .unwrap_or(0);
        if on_route[first_resolved..]
            .iter()
            .any(|(_, a)| a.outcome != Outcome::Resolved)
        {
            advice.warnings.push(CitedText {
                text: "An attempt is marked resolved, but attempts entered after it are not. The advice treats the disagreement as resolved. If it came back, change the outcome of the resolved attempt. Then you will see the next step.".to_string(),
                cite: route.cite.clone(),
            });
        }
        return advice;
    }

    let next_index = furthest.map_or(0, |f| f + 1);
    let awaiting = furthest.is_some_and(|f| {
        on_route
            .iter()
            .rfind(|(p, _)| *p == f)
            .is_some_and(|(_, a)| a.outcome == Outcome::NoResponseYet)
    });
    advice.status = match (furthest, awaiting) {
        (None, _) => Status::NotStarted,
        (Some(_), true) => Status::Awaiting,
        (Some(_), false) if next_index >= route.stages.len() => Status::Exhausted,
        (Some(_), false) => Status::InProgress,
    };
    if next_index >= route.stages.len() {
        advice.exhausted = Some(
            route
                .exhausted
                .clone()
                .unwrap_or_else(|| protocol.exhausted.clone()),
        );
        advice.form.text = form_text(&advice.form, place);
        return advice;
    }

    let stage = &route.stages[next_index];
    let due = stage.timescale.as_ref().and_then(|t| t.working_days).map(|n| {
        let (from, from_last_attempt) = match last_date {
            Some(d) => (d, true),
            None => (today, false),
        };
        let date = from.add_working_days(n);
        Due {
            date,
            from,
            from_last_attempt,
            working_days: n,
            explanation: format!(
                "{n} working day{} from {} ({}), counting Monday to Friday only: weekends are excluded. Bank holidays are not taken into account, so check the date.",
                if n == 1 { "" } else { "s" },
                from.long(),
                if from_last_attempt { "your last recorded attempt" } else { "today, as no attempt is recorded yet" },
            ),
        }
    });
    let waiting_note = awaiting.then(|| {
        let previous = &route.stages[next_index - 1];
        if immediate_harm {
            format!(
                "You are waiting for a response at {}. Someone may be at risk of immediate harm, so do not wait for it. Take the emergency actions now. Move on to this step without waiting if you need to.",
                previous.name
            )
        } else {
            format!(
                "You are waiting for a response at {}. If it does not resolve the matter, this is the next step.",
                previous.name
            )
        }
    });
    let alternatives = stage
        .alternatives
        .iter()
        .map(|a| AlternativeAdvice {
            text: a.text.clone(),
            applies_to_you: a
                .when
                .as_ref()
                .is_some_and(|(q, o)| answers.context.get(q) == Some(o)),
            cite: a.cite.clone(),
        })
        .collect();
    advice.next_step = Some(NextStep {
        stage_id: stage.id.clone(),
        name: stage.name.clone(),
        position: next_index + 1,
        total: route.stages.len(),
        who: stage.who.clone(),
        contact_role: stage.contact_role.clone(),
        contacts: stage
            .contacts
            .iter()
            .filter_map(|id| protocol.contact(id).cloned())
            .collect(),
        action: stage.action.clone(),
        prepare: stage.prepare.clone(),
        record: stage.record.clone(),
        timescale: stage.timescale.clone(),
        no_timescale: stage
            .timescale
            .is_none()
            .then(|| "The protocol states no timescale for this stage.".to_string()),
        due,
        submits_form: stage.submits_form,
        alternatives,
        waiting_note,
        cite: stage.cite.clone(),
    });
    advice.form.due_now = stage.submits_form;
    advice.form.text = form_text(
        &advice.form,
        if stage.submits_form {
            FormPlace::Now
        } else {
            place
        },
    );
    advice
}

fn subject_words(s: Subject) -> &'static str {
    match s {
        Subject::Children => "a child",
        Subject::Adults => "an adult at risk",
    }
}

/// Where the formal form stands for the practitioner's route.
#[derive(Clone, Copy)]
enum FormPlace {
    /// The next step is the one where it is submitted.
    Now,
    /// Its stage is still ahead.
    Later,
    /// Its stage has been attempted.
    Reached,
    /// No stage of this route submits it.
    NotInRoute,
}

/// Where the form belongs, in short sentences: the form's title, the stage
/// and the recipient (each a protocol's own words, which may be long) each
/// in a sentence of their own.
fn form_text(form: &FormAdvice, place: FormPlace) -> String {
    let stage = form.stage_name.as_deref().unwrap_or("its stage");
    let to = full_stop(&form.recipient);
    match place {
        FormPlace::Now => format!(
            "This is the step where the {} is submitted. It goes to: {to}",
            form.title
        ),
        FormPlace::Later => format!(
            "The formal {} is sent later, at this stage: {}. It goes to: {to} Keep a record now. The form built here can hold it.",
            form.title,
            stage
        ),
        FormPlace::Reached => format!(
            "The formal {} belongs to this stage: {}. You have recorded an attempt at it, so make sure it went to the right place, and keep a copy. It goes to: {to}",
            form.title,
            stage
        ),
        FormPlace::NotInRoute => format!(
            "The protocol does not make a formal form part of these stages. Keep a written record. The {} built here can hold it. It goes to: {to}",
            form.title
        ),
    }
}

/// The text, ending with a full stop if it does not end a sentence already.
fn full_stop(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}
