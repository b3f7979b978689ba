//! The guidance engine: a pure function from a protocol and answers to advice.
//!
//! [`advise`] is a sequence of steps, one function each: the emergency, the
//! urgency's meaning, the special cases flagged, the warnings about the
//! answers, where the practitioner stands, the status, the next step, the
//! protocol's last word and the formal form. Each step reads the protocol and
//! the answers (and what an earlier step worked out) and decides one part of
//! the advice.

use super::advice::*;
use super::answers::{Answers, Attempt, Outcome};
use super::date::Date;
use std::borrow::Cow;

use crate::protocol::{
    Amount, CitedText, Contact, CountFrom, Facts, Protocol, Route, SpecialCase, Stage, Subject,
    Urgency, When,
};

/// Where to go instead, when the chosen disagreement type is not for this
/// protocol at all ([`crate::protocol::Disagreement::elsewhere`]), or a
/// special case ticked (and offered) is one the protocol sends elsewhere
/// ([`SpecialCase::elsewhere`]: its guidance says where): then there is
/// no route, no stage and no form.
pub fn ends_elsewhere(protocol: &Protocol, answers: &Answers) -> Option<CitedText> {
    let d = protocol.disagreement(answers.disagreement.as_deref()?)?;
    if let Some(e) = &d.elsewhere {
        return Some(e.clone());
    }
    let ticked = |s: &&SpecialCase| s.elsewhere && answers.special_cases.contains(&s.id);
    if !protocol.special_cases.iter().any(|s| ticked(&s)) {
        return None;
    }
    offered_on(
        protocol,
        answers,
        chosen_route(protocol, answers).as_deref(),
    )
    .into_iter()
    .find(ticked)
    .map(|s| CitedText::new(s.guidance.clone(), s.cite.clone()))
}

/// The route the answers lead to: the disagreement's own, unless a context
/// answer's option names another (the last such answer wins), with only
/// the stages whose `when` holds for these answers (borrowed where every
/// stage is always part of it). `None` where the protocol sends the case
/// elsewhere ([`ends_elsewhere`]).
pub fn route_for<'p>(protocol: &'p Protocol, answers: &Answers) -> Option<Cow<'p, Route>> {
    if ends_elsewhere(protocol, answers).is_some() {
        return None;
    }
    chosen_route(protocol, answers)
}

/// [`route_for`], before any ending elsewhere is considered.
fn chosen_route<'p>(protocol: &'p Protocol, answers: &Answers) -> Option<Cow<'p, Route>> {
    let harm = immediate_harm_reported(protocol, answers);
    let mut buffers = (Vec::new(), Vec::new());
    // The facts before the route is known, for a route chosen by them.
    let before = facts(protocol, answers, harm, None, &mut buffers);
    let route = protocol.route_for(
        answers.disagreement.as_deref()?,
        |q| answers.context.get(q).map(String::as_str),
        |w| w.holds(&before),
    )?;
    if route.stages.iter().all(|s| s.when.is_none()) {
        return Some(Cow::Borrowed(route));
    }
    let mut buffers = (Vec::new(), Vec::new());
    let f = facts(protocol, answers, harm, Some(route), &mut buffers);
    let mut own = route.clone();
    own.stages.retain(|s| When::applies(s.when.as_ref(), &f));
    Some(Cow::Owned(own))
}

/// The contacts with these ids, in order.
fn contacts(protocol: &Protocol, ids: &[String]) -> Vec<Contact> {
    ids.iter()
        .filter_map(|id| protocol.contact(id).cloned())
        .collect()
}

/// The answers as the facts conditions (`when`) test; `answers` and
/// `specials` are the buffers the facts borrow.
fn facts<'a>(
    protocol: &Protocol,
    a: &'a Answers,
    harm: bool,
    route: Option<&'a Route>,
    buffers: &'a mut (Vec<(&'a str, &'a str)>, Vec<&'a str>),
) -> Facts<'a> {
    let (answers_buf, specials_buf) = buffers;
    *answers_buf = a
        .context
        .iter()
        .map(|(q, o)| (q.as_str(), o.as_str()))
        .collect();
    let answers: &'a [(&'a str, &'a str)] = answers_buf;
    let ticked: Vec<&str> = a.special_cases.iter().map(String::as_str).collect();
    let base = Facts {
        subject: a.subject_in(protocol),
        urgency: a.urgency.as_deref(),
        harm,
        disagreement: a.disagreement.as_deref(),
        route: route.map(|r| r.id.as_str()),
        answers,
        specials: &[],
    };
    // A case ticked, then no longer offered after an answer changed, is
    // not a fact: only those whose own `when` holds count.
    let before = Facts {
        specials: &ticked,
        ..base
    };
    *specials_buf = ticked
        .iter()
        .copied()
        .filter(|id| {
            protocol
                .special_case(id)
                .is_none_or(|s| When::applies(s.when.as_ref(), &before))
        })
        .collect();
    Facts {
        specials: specials_buf,
        ..base
    }
}

/// Who the form goes to for these answers, and the passage that says so:
/// the one conditioned recipient that holds, else the form's own.
fn recipient(protocol: &Protocol, f: &Facts) -> (String, crate::protocol::Cite) {
    match protocol
        .form
        .recipients
        .iter()
        .find(|r| When::applies(r.when.as_ref(), f))
    {
        Some(r) => (r.text.clone(), r.cite.clone()),
        None => (protocol.form.recipient.clone(), protocol.form.cite.clone()),
    }
}

/// The texts of a list whose condition holds, in order.
fn applying(items: &[CitedText], f: &Facts) -> Vec<CitedText> {
    items
        .iter()
        .filter(|t| When::applies(t.when.as_ref(), f))
        .cloned()
        .collect()
}

/// Whether immediate harm is reported: Yes on the Safety question, or the
/// urgency the protocol marks as its immediate-harm one, whichever was
/// answered. Either brings the emergency guidance first.
pub fn immediate_harm_reported(protocol: &Protocol, answers: &Answers) -> bool {
    answers.immediate_harm == Some(true) || chosen_harm_urgency(protocol, answers).is_some()
}

/// The chosen urgency, when it is the protocol's immediate-harm urgency.
fn chosen_harm_urgency<'p>(protocol: &'p Protocol, answers: &Answers) -> Option<&'p Urgency> {
    answers
        .urgency
        .as_deref()
        .and_then(|u| protocol.urgency(u))
        .filter(|u| u.immediate_harm)
}

/// The two answers about immediate harm disagree: No on Safety, and the
/// immediate-harm urgency. The emergency guidance is shown (the safer
/// reading) and this says so; neither answer is changed or blocked.
pub fn harm_conflict(protocol: &Protocol, answers: &Answers) -> Option<CitedText> {
    if answers.immediate_harm != Some(false) {
        return None;
    }
    chosen_harm_urgency(protocol, answers).map(|u| CitedText {
        when: None,
        text: format!(
            "Your answers do not agree. You said no one is at risk of immediate harm, but you chose \"{}\" for how urgent this is. The emergency guidance is shown in case someone is at risk. Check both answers and change the one that is wrong.",
            u.label
        ),
        cite: u.cite.clone(),
    })
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
    let immediate_harm = immediate_harm_reported(protocol, answers);
    let urgency = answers.urgency.as_deref().and_then(|u| protocol.urgency(u));
    let chosen = route_for(protocol, answers);
    let chosen_route = chosen.as_deref();
    // What the file scopes with `when` is given only where it holds.
    let mut buffers = (Vec::new(), Vec::new());
    let facts = facts(
        protocol,
        answers,
        immediate_harm,
        chosen_route,
        &mut buffers,
    );
    let (recipient, recipient_cite) = recipient(protocol, &facts);
    let mut advice = Advice {
        emergency: emergency(protocol, immediate_harm, &facts),
        harm_conflict: harm_conflict(protocol, answers),
        elsewhere: None,
        route: None,
        urgency: urgency_note(urgency, &facts),
        standing: Vec::new(),
        warnings: Vec::new(),
        status: Status::NeedsDisagreement,
        resolved_at: None,
        awaiting_last: None,
        outcome: None,
        awaiting: None,
        next_step: None,
        // The form's text depends on the route: set below.
        form: FormAdvice {
            title: first(&protocol.form.titles, &facts)
                .map_or_else(|| protocol.form.title.clone(), |t| t.text.clone()),
            recipient,
            due_now: false,
            place: FormPlace::NotInRoute,
            stage_name: None,
            text: String::new(),
            cite: recipient_cite,
        },
        special_cases: special_cases(protocol, answers),
        other_contacts: contacts(protocol, &protocol.other_contacts),
        after_resolution: Vec::new(),
        exhausted: None,
        tips: applying(&protocol.tips, &facts),
    };

    if let Some(e) = ends_elsewhere(protocol, answers) {
        advice.elsewhere = Some(e);
        advice.status = Status::Elsewhere;
        advice.form.place = FormPlace::NotInRoute;
        advice.form.text =
            "This protocol does not cover this kind of disagreement, so it has no form for it."
                .to_string();
        return advice;
    }
    let Some(route) = chosen_route else {
        advice.form.place = FormPlace::NoRoute;
        advice.form.text = form_before_route(protocol, &advice.form);
        return advice;
    };
    advice.route = Some(RouteInfo {
        id: route.id.clone(),
        name: route.name.clone(),
        summary: first(&route.summaries, &facts)
            .map(|s| s.text.clone())
            .or_else(|| route.summary.clone()),
        cite: route.cite.clone(),
        end: exhausted(protocol, route, &facts),
    });
    answer_warnings(protocol, answers, route, &mut advice.warnings);
    let progress = Progress::of(route, answers);
    advice.standing = standing(protocol, route, &progress, &facts, &mut advice.warnings);
    advice.after_resolution = applying(&protocol.after_resolution, &facts);
    advice.status = status(route, &progress);
    advice.resolved_at = progress.resolved_at.map(|i| StageRef::of(route, i));
    advice.outcome = outcome_note(protocol, route, &progress, &facts, today, immediate_harm);
    // Once resolved or not taken forward there is no next step; past the
    // last stage, the protocol's last word instead.
    if progress.closed.is_none() {
        if progress.waiting() && progress.next_index() >= route.stages.len() {
            advice.awaiting_last = Some(awaiting_last(route, &progress, immediate_harm));
        }
        // While a reply is awaited: what the awaited stage owes, and by when.
        if let Some(i) = progress.furthest.filter(|_| progress.awaiting) {
            let deadlines = deadlines(route, i, &progress, &facts, today);
            if !deadlines.is_empty() {
                advice.awaiting = Some(Awaited {
                    stage: StageRef::of(route, i),
                    deadlines,
                });
            }
        }
        match route.stages.get(progress.next_index()) {
            Some(stage) => {
                advice.next_step = Some(next_step(
                    protocol,
                    &facts,
                    route,
                    stage,
                    &progress,
                    today,
                    immediate_harm,
                ))
            }
            None => advice.exhausted = advice.route.as_ref().map(|r| r.end.clone()),
        }
    }
    form(
        &mut advice.form,
        route,
        &progress,
        advice.next_step.as_ref(),
    );
    advice
}

/// The emergency guidance, given only when immediate harm is reported.
fn emergency(protocol: &Protocol, immediate_harm: bool, f: &Facts) -> Option<EmergencyAdvice> {
    immediate_harm.then(|| EmergencyAdvice {
        summary: protocol.emergency.summary.clone(),
        actions: applying(&protocol.emergency.actions, f),
        contacts: contacts(protocol, &protocol.emergency.contacts),
        cite: protocol.emergency.cite.clone(),
    })
}

/// What the chosen urgency means for the route, where the protocol says.
/// (Its `guidance`, else the one note whose `when` holds: the loader
/// allows no more than one.)
fn urgency_note(urgency: Option<&Urgency>, f: &Facts) -> Option<CitedText> {
    let u = urgency?;
    match &u.guidance {
        Some(g) => Some(CitedText::new(g.clone(), u.cite.clone())),
        None => u
            .notes
            .iter()
            .find(|n| When::applies(n.when.as_ref(), f))
            .cloned(),
    }
}

/// The special cases offered for these answers (those whose `when`
/// holds), in the protocol's order: the ones the view asks about.
pub fn special_cases_offered<'p>(
    protocol: &'p Protocol,
    answers: &Answers,
) -> Vec<&'p SpecialCase> {
    // The route before any ending: a case that sends the disagreement
    // elsewhere stays offered, so that it can be unticked.
    offered_on(
        protocol,
        answers,
        chosen_route(protocol, answers).as_deref(),
    )
}

fn offered_on<'p>(
    protocol: &'p Protocol,
    answers: &Answers,
    route: Option<&Route>,
) -> Vec<&'p SpecialCase> {
    let mut buffers = (Vec::new(), Vec::new());
    let harm = immediate_harm_reported(protocol, answers);
    let f = facts(protocol, answers, harm, route, &mut buffers);
    protocol
        .special_cases
        .iter()
        .filter(|s| When::applies(s.when.as_ref(), &f))
        .collect()
}

/// The protocol's guidance for each special case flagged and offered, in
/// the protocol's order (but one that sends the case elsewhere, whose
/// guidance is the answer itself).
fn special_cases(protocol: &Protocol, answers: &Answers) -> Vec<SpecialAdvice> {
    special_cases_offered(protocol, answers)
        .into_iter()
        .filter(|s| answers.special_cases.contains(&s.id) && !s.elsewhere)
        .map(|s| SpecialAdvice {
            id: s.id.clone(),
            label: s.label.clone(),
            guidance: s.guidance.clone(),
            contacts: contacts(protocol, &s.contacts),
            cite: s.cite.clone(),
        })
        .collect()
}

/// Warns when the answers that chose the route may have chosen the wrong one.
fn answer_warnings(
    protocol: &Protocol,
    answers: &Answers,
    route: &Route,
    warnings: &mut Vec<CitedText>,
) {
    let Some(d) = answers
        .disagreement
        .as_deref()
        .and_then(|d| protocol.disagreement(d))
    else {
        return;
    };

    // A disagreement type for the other subject (the view offers only the
    // matching ones, but the subject can be changed afterwards).
    if let (Some(theirs), Some(yours)) = (d.subject, answers.subject) {
        if theirs != yours {
            warnings.push(CitedText {
                when: None,
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

    // A question that can change the route, not (validly) answered yet: the
    // disagreement's own route is followed, but it may be the wrong one
    // (e.g. an allegation about the head teacher is not referred to them).
    for q in d.questions.iter().filter_map(|q| protocol.question(q)) {
        let decides_route = q.options.iter().any(|o| o.route.is_some());
        let answered = answers
            .context
            .get(&q.id)
            .is_some_and(|a| q.options.iter().any(|o| &o.id == a));
        if decides_route && !answered {
            warnings.push(CitedText {
                when: None,
                text: format!(
                    "Answer \"{}\": the answer can change the route and whom to contact. Until then this advice follows \"{}\".",
                    q.label, route.name
                ),
                cite: q.cite.clone(),
            });
        }
    }
}

/// The attempts recorded, as they bear on one route: what the steps after
/// the route's choice read.
struct Progress<'a> {
    /// Attempts at this route's stages, with the stage's position, in the
    /// order entered.
    on_route: Vec<(usize, &'a Attempt)>,
    /// How many attempts are at stages of another route (left out).
    ignored: usize,
    /// The attempt whose outcome ends the escalation (resolved, or not
    /// taken forward) at the earliest stage (the first entered there), with
    /// its stage's position: the order attempts were entered in does not
    /// change where the escalation ended.
    closed: Option<(usize, &'a Attempt)>,
    /// Whether that attempt resolved the disagreement.
    resolved: bool,
    /// The position of its stage, when it resolved the disagreement.
    resolved_at: Option<usize>,
    /// The position of the furthest stage attempted.
    furthest: Option<usize>,
    /// Whether the last attempt entered at the furthest stage awaits a response.
    awaiting: bool,
    /// That attempt, when it records a plan agreed (the route stays open
    /// until its review date).
    plan: Option<&'a Attempt>,
    /// The latest date among the attempts on the route.
    last_date: Option<Date>,
}

impl<'a> Progress<'a> {
    fn of(route: &Route, answers: &'a Answers) -> Self {
        let position = |stage: &str| route.stages.iter().position(|s| s.id == stage);
        let on_route: Vec<(usize, &Attempt)> = answers
            .attempts
            .iter()
            .filter_map(|a| position(&a.stage).map(|p| (p, a)))
            .collect();
        let furthest = on_route.iter().map(|(p, _)| *p).max();
        let closed = on_route
            .iter()
            .filter(|(_, a)| a.outcome.closes())
            .min_by_key(|(p, _)| *p)
            .copied();
        let resolved = closed.is_some_and(|(_, a)| a.outcome.resolves());
        let latest = furthest.and_then(|f| on_route.iter().rfind(|(p, _)| *p == f));
        Progress {
            ignored: answers.attempts.len() - on_route.len(),
            closed,
            resolved,
            resolved_at: closed.filter(|_| resolved).map(|(p, _)| p),
            awaiting: latest.is_some_and(|(_, a)| a.outcome == Outcome::NoResponseYet),
            plan: latest
                .filter(|(_, a)| a.outcome == Outcome::PlanAgreed)
                .map(|(_, a)| *a),
            last_date: on_route
                .iter()
                .filter_map(|(_, a)| Date::parse(&a.date))
                .max(),
            furthest,
            on_route,
        }
    }

    /// The position of the stage after the furthest one attempted.
    fn next_index(&self) -> usize {
        self.furthest.map_or(0, |f| f + 1)
    }

    /// Whether the route is open but waiting: on a reply, or on a plan's review.
    fn waiting(&self) -> bool {
        self.awaiting || self.plan.is_some()
    }
}

/// Whether the stage at `index` may be gone past with nothing recorded
/// there: the protocol leaves the starting stage to the practitioner (a
/// `discretion` that holds), the stage is optional, it may be skipped (its
/// `may_skip` holds), or a stage after it that was tried may be reached
/// early from a stage at or before it.
pub fn may_go_past(
    protocol: &Protocol,
    route: &Route,
    index: usize,
    tried: impl Fn(usize) -> bool,
    f: &Facts,
) -> bool {
    let holds = |c: &CitedText| When::applies(c.when.as_ref(), f);
    let stage = &route.stages[index];
    protocol.discretion.iter().any(&holds)
        || stage.optional.is_some()
        || stage.may_skip.as_ref().is_some_and(holds)
        || route
            .stages
            .iter()
            .enumerate()
            .skip(index + 1)
            .any(|(e, s)| {
                tried(e)
                    && s.early.as_ref().is_some_and(|early| {
                        holds(&early.text) && early_from(route, early) <= index
                    })
            })
}

/// The position of the first stage whose next step offers going early.
fn early_from(route: &Route, early: &crate::protocol::Early) -> usize {
    early
        .from
        .as_deref()
        .and_then(|id| route.stages.iter().position(|s| s.id == id))
        .unwrap_or(0)
}

/// Each stage of the route with what is recorded there, warning of attempts that do not fit.
fn standing(
    protocol: &Protocol,
    route: &Route,
    progress: &Progress,
    f: &Facts,
    warnings: &mut Vec<CitedText>,
) -> Vec<StageStanding> {
    // Attempts on other routes' stages are reported and ignored.
    let ignored = progress.ignored;
    if ignored > 0 {
        warnings.push(CitedText {
            when: None,
            text: format!(
                "{ignored} recorded attempt(s) are at stages that are not part of the route \"{}\" and are left out of this advice.",
                route.name
            ),
            cite: route.cite.clone(),
        });
    }

    let on_route = &progress.on_route;
    let standing: Vec<StageStanding> = route
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

    // Stages before the furthest one with nothing recorded.
    let facts = f;
    if let Some(f) = progress.furthest {
        let tried = |i: usize| standing[i].attempts > 0;
        // Only stages the protocol expects to be tried in order.
        let skipped: Vec<&str> = route.stages[..f]
            .iter()
            .enumerate()
            .filter(|(i, _)| !tried(*i) && !may_go_past(protocol, route, *i, tried, facts))
            .map(|(_, s)| s.name.as_str())
            .collect();
        if !skipped.is_empty() {
            warnings.push(CitedText {
                when: None,
                text: format!(
                    "No attempt is recorded for these earlier stages. {}. The protocol expects each stage to be tried in order. If you did try one, add it. If not, say in the form why it was skipped.",
                    crate::html::join(&skipped, ". ")
                ),
                cite: route.cite.clone(),
            });
        }
    }

    if let Some((_, closing)) = progress.closed {
        // Attempts entered after the one that ended the escalation that
        // do not end it too: the practitioner may have re-opened it.
        let first = on_route
            .iter()
            .position(|(_, a)| a.outcome.closes())
            .unwrap_or(0);
        if on_route[first..].iter().any(|(_, a)| !a.outcome.closes()) {
            let marked = closing.outcome.label().to_ascii_lowercase();
            warnings.push(CitedText {
                when: None,
                text: format!("An attempt is marked \"{marked}\", but attempts entered after it are not. The advice treats the escalation as ended there. If it came back, change the outcome of that attempt. Then you will see the next step."),
                cite: route.cite.clone(),
            });
        }
    }
    standing
}

/// Where the practitioner stands overall on the route.
fn status(route: &Route, progress: &Progress) -> Status {
    if progress.resolved {
        return Status::Resolved;
    }
    if progress.closed.is_some() {
        return Status::NotTakenForward;
    }
    if progress.plan.is_some() {
        return Status::PlanAgreed;
    }
    match (progress.furthest, progress.awaiting) {
        (None, _) => Status::NotStarted,
        (Some(_), true) => Status::Awaiting,
        (Some(_), false) if progress.next_index() >= route.stages.len() => Status::Exhausted,
        (Some(_), false) => Status::InProgress,
    }
}

/// Waiting for a reply, or for a plan's review, at the route's last
/// stage: not "every stage has been tried", and, where someone may be at
/// immediate risk, not a reason to wait.
fn awaiting_last(route: &Route, progress: &Progress, immediate_harm: bool) -> String {
    let last = route.stages.last().map_or("", |s| s.name.as_str());
    let (waiting, it, wait_for) = if progress.plan.is_some() {
        (
            "A plan was agreed",
            "the plan is not carried out",
            "its review",
        )
    } else {
        (
            "You are waiting for a response",
            "this stage does not resolve the disagreement",
            "it",
        )
    };
    if immediate_harm {
        format!(
            "{waiting} at the last stage of this route: {last}. Someone may be at risk of immediate harm, so do not wait for {wait_for}. Take the emergency actions now. Below is what the protocol says if {it}."
        )
    } else {
        format!(
            "{waiting} at the last stage of this route: {last}. Below is what the protocol says if {it}."
        )
    }
}

/// What an outcome beyond resolved, not resolved and awaiting means now:
/// the plan agreed at the furthest stage, or the attempt that ended the
/// escalation when it was resolved with outstanding issues or not taken
/// forward. With what the protocol says of it at that stage, where it does.
fn outcome_note(
    protocol: &Protocol,
    route: &Route,
    progress: &Progress,
    f: &Facts,
    today: Date,
    immediate_harm: bool,
) -> Option<OutcomeNote> {
    let (index, attempt) = match progress.closed {
        Some(closed) => closed,
        None => (progress.furthest?, progress.plan?),
    };
    let outcome = attempt.outcome;
    let kind = outcome.kind()?;
    let stage = StageRef::of(route, index);
    let at = stage.label();
    let at = at.trim_end_matches('.');
    let given = protocol
        .outcomes_at(&route.stages[index])
        .into_iter()
        .find(|o| o.kind == kind && When::applies(o.text.when.as_ref(), f));
    let review = Date::parse(attempt.review_date.trim());
    let review_due = review.is_some_and(|d| d <= today);
    let (heading, text) = match outcome {
        Outcome::PlanAgreed => {
            let next = if progress.next_index() < route.stages.len() {
                "take the next step below"
            } else {
                "see below what the protocol says next"
            };
            let text = match review {
                None => format!("A plan was agreed, but no review date is recorded. Add the date it is to be reviewed to the attempt. On that date, check whether the plan was carried out. If it was, change the attempt's outcome to resolved. If not, {next}."),
                Some(d) if review_due => format!("The review date, {}, has come. Was the plan carried out? If it was, change the attempt's outcome to resolved. If not, {next}.", d.long()),
                Some(d) => format!("The disagreement stays open until the review date, {}. Then check whether the plan was carried out. If it was, change the attempt's outcome to resolved. If not, {next}.", d.long()),
            };
            let text = if immediate_harm {
                format!("Someone may be at risk of immediate harm, so do not wait for the review. Take the emergency actions now. {text}")
            } else {
                text
            };
            let heading = match review {
                Some(d) => format!("Plan agreed at {at} – review by {}", d.long()),
                None => format!("Plan agreed at {at}"),
            };
            (heading, text)
        }
        Outcome::ResolvedOutstanding => (
            format!("Resolved at {at}, with outstanding issues"),
            "You have recorded that the disagreement was resolved, with issues still outstanding. The escalation ends here. Agree in writing what is outstanding and who follows it up.".to_string(),
        ),
        _ => (
            format!("Not taken forward at {at}"),
            format!(
                "You have recorded that the challenge was not taken forward{}. The escalation on this route ends here.",
                given
                    .and_then(|g| g.decided_by.as_deref())
                    .map(|d| format!(". Who decides, as the protocol says: {}", d.trim_end_matches('.')))
                    .unwrap_or_default()
            ),
        ),
    };
    Some(OutcomeNote {
        outcome,
        heading,
        text,
        review: review.filter(|_| outcome == Outcome::PlanAgreed),
        review_due: review_due && outcome == Outcome::PlanAgreed,
        decided_by: given.and_then(|g| g.decided_by.clone()),
        protocol: given.map(|g| g.text.clone()),
        cite: route.stages[index].cite.clone(),
        stage,
    })
}

/// The outcomes offered for an attempt at `stage` under these answers:
/// the three every stage has, then those the protocol gives this stage
/// (whose `when` holds), in the protocol's order.
pub fn outcomes_offered(protocol: &Protocol, answers: &Answers, stage: &Stage) -> Vec<Outcome> {
    let route = route_for(protocol, answers);
    let mut buffers = (Vec::new(), Vec::new());
    let harm = immediate_harm_reported(protocol, answers);
    let f = facts(protocol, answers, harm, route.as_deref(), &mut buffers);
    let mut out = Outcome::ALL[..3].to_vec();
    out.extend(
        protocol
            .outcomes_at(stage)
            .into_iter()
            .filter(|o| When::applies(o.text.when.as_ref(), &f))
            .map(|o| Outcome::of_kind(o.kind)),
    );
    out
}

/// The next stage in full: who acts, whom to contact, what to do, prepare and record, and by when.
fn next_step(
    protocol: &Protocol,
    f: &Facts,
    route: &Route,
    stage: &Stage,
    progress: &Progress,
    today: Date,
    immediate_harm: bool,
) -> NextStep {
    let next_index = progress.next_index();
    let waiting_note = progress.waiting().then(|| {
        let previous = &route.stages[next_index - 1].name;
        let (waiting, unless, it) = if progress.plan.is_some() {
            ("A plan was agreed", "If the plan is not carried out", "its review")
        } else {
            (
                "You are waiting for a response",
                "If it does not resolve the matter",
                "it",
            )
        };
        if immediate_harm {
            format!(
                "{waiting} at {previous}. Someone may be at risk of immediate harm, so do not wait for {it}. Take the emergency actions now. Move on to this step without waiting if you need to."
            )
        } else {
            format!("{waiting} at {previous}. {unless}, this is the next step.")
        }
    });
    // Alternatives offered to these answers; one with a condition that
    // holds is marked as applying to the practitioner.
    let alternatives = stage
        .alternatives
        .iter()
        .filter(|a| When::applies(a.when.as_ref(), f))
        .map(|a| AlternativeAdvice {
            text: a.text.clone(),
            applies_to_you: a.when.is_some(),
            contacts: contacts(protocol, &a.contacts),
            cite: a.cite.clone(),
        })
        .collect();
    let holds = |c: &&CitedText| When::applies(c.when.as_ref(), f);
    // What the protocol says about taking this stage, in this order: a
    // later stage that may be gone to from here, whether this one is
    // optional or may be skipped, the discretion to choose, its notes.
    let mut notes: Vec<CitedText> = route
        .stages
        .iter()
        .enumerate()
        .skip(next_index + 1)
        .filter_map(|(_, s)| {
            s.early
                .as_ref()
                .filter(|e| holds(&&e.text) && early_from(route, e) <= next_index)
                .map(|e| e.text.clone())
        })
        .collect();
    notes.extend(stage.optional.iter().cloned());
    notes.extend(stage.may_skip.iter().filter(holds).cloned());
    notes.extend(
        protocol
            .discretion
            .iter()
            .filter(|d| !d.text.is_empty() && holds(d))
            .cloned(),
    );
    notes.extend(stage.notes.iter().filter(holds).cloned());
    let timescales = deadlines(route, next_index, progress, f, today);
    NextStep {
        stage_id: stage.id.clone(),
        name: stage.name.clone(),
        position: next_index + 1,
        total: route.stages.len(),
        who: stage.who.clone(),
        contact_role: stage.contact_role.clone(),
        contacts: stage
            .contacts
            .iter()
            .chain(
                stage
                    .contacts_for
                    .iter()
                    .filter(|c| c.when.holds(f))
                    .map(|c| &c.contact),
            )
            .filter_map(|id| protocol.contact(id).cloned())
            .collect(),
        action: stage.action.clone(),
        prepare: stage.prepare.clone(),
        record: stage.record.clone(),
        no_timescale: timescales
            .is_empty()
            .then(|| "The protocol states no timescale for this stage.".to_string()),
        timescales,
        submits_form: stage.submits_form,
        alternatives,
        notes,
        waiting_note,
        cite: stage.cite.clone(),
    }
}

/// What falls due at the stage at `index` for these answers, each with
/// its date where one can be worked out.
fn deadlines(
    route: &Route,
    index: usize,
    progress: &Progress,
    f: &Facts,
    today: Date,
) -> Vec<Deadline> {
    route.stages[index]
        .timescales
        .iter()
        .filter(|t| When::applies(t.when.as_ref(), f))
        .map(|t| Deadline {
            timescale: t.clone(),
            due: due(route, t, index, progress, today),
        })
        .collect()
}

/// When a timescale of the stage at `index` falls due, where it has a
/// unit a date can be worked out from: counted from the point the file
/// states (today until an attempt it counts from is recorded).
fn due(
    route: &Route,
    t: &crate::protocol::Timescale,
    index: usize,
    progress: &Progress,
    today: Date,
) -> Option<Due> {
    let amount = t.amount?;
    // The dates recorded at one stage (`Some(i)`) or anywhere on the route.
    let dated = |at: Option<usize>| {
        progress
            .on_route
            .iter()
            .filter(move |(p, _)| at.is_none_or(|i| *p == i))
            .filter_map(|(_, a)| Date::parse(&a.date))
    };
    let (origin, why) = match &t.counted_from {
        CountFrom::LastAttempt | CountFrom::NotStated => {
            (progress.last_date, "your last recorded attempt".to_string())
        }
        CountFrom::PreviousStage => (
            index.checked_sub(1).and_then(|i| dated(Some(i)).max()),
            "your last attempt at the stage before".to_string(),
        ),
        CountFrom::ThisStage => (
            dated(Some(index)).min(),
            "your first attempt at this stage".to_string(),
        ),
        CountFrom::Stage(id) => {
            let at = route.stages.iter().position(|s| s.id == *id);
            (
                at.and_then(|i| dated(Some(i)).min()),
                format!(
                    "your first attempt at {}",
                    at.map_or(id.as_str(), |i| route.stages[i].name.as_str())
                ),
            )
        }
        CountFrom::RouteStart => (
            dated(None).min(),
            "your first attempt on this route".to_string(),
        ),
    };
    // A plan agreed at the stage before: this stage follows only if the
    // plan is not carried out, so a time counted from the last attempt
    // starts no earlier than the plan's review date.
    let review = progress
        .plan
        .filter(|_| index == progress.next_index())
        .and_then(|p| Date::parse(p.review_date.trim()))
        .filter(|r| {
            matches!(
                t.counted_from,
                CountFrom::LastAttempt | CountFrom::NotStated | CountFrom::PreviousStage
            ) && origin.is_none_or(|o| *r > o)
        });
    let (origin, why) = match review {
        Some(r) => (
            Some(r),
            "the date to review the plan agreed at the stage before, as this stage follows only if the plan is not carried out".to_string(),
        ),
        None => (origin, why),
    };
    let (from, from_attempt) = match origin {
        Some(d) => (d, true),
        None => (today, false),
    };
    let why = if from_attempt {
        why
    } else {
        "today, as no attempt it counts from is recorded yet".to_string()
    };
    let later = |days: i64| Date::from_days(from.to_days() + days);
    let (date, unit) = match amount {
        Amount::Immediately => (
            from,
            "The protocol says this should happen immediately.".to_string(),
        ),
        Amount::Hours(h) => {
            let days = i64::from(h.div_ceil(24));
            (
                later(days),
                format!(
                    "No time of day is recorded, so the hours are counted as {days} whole day{}.",
                    if days == 1 { "" } else { "s" }
                ),
            )
        }
        Amount::WorkingDays(n) => {
            let date = from.add_working_days(n);
            (
                date,
                format!(
                    "Only Monday to Friday count: weekends are excluded, and so are bank holidays in England and Wales.{}",
                    beyond_holidays(date)
                ),
            )
        }
        Amount::CalendarDays(n) => (
            later(i64::from(n)),
            "Every day counts, weekends and bank holidays included.".to_string(),
        ),
    };
    let unstated = match (&t.counted_from, review) {
        (CountFrom::NotStated, None) => "The protocol does not say when this time starts. So it is counted from your last recorded attempt, or from today if there is none. ",
        (CountFrom::NotStated, Some(_)) => "The protocol does not say when this time starts. ",
        _ => "",
    };
    let words = amount.words();
    Some(Due {
        date,
        passed: date < today,
        from,
        from_attempt,
        amount,
        explanation: format!(
            "{unstated}{} from {} ({why}). {unit}",
            capitalise(&words),
            from.long()
        ),
    })
}

/// Said when a due date is past the bank holiday table's end.
pub(crate) fn beyond_holidays(date: Date) -> String {
    if date > super::date::BANK_HOLIDAYS_UNTIL {
        format!(
            " Bank holidays after {} are not known to this version, so check the date.",
            super::date::BANK_HOLIDAYS_UNTIL.long()
        )
    } else {
        String::new()
    }
}

/// The last word once every stage is tried without resolution: the
/// route's own (a conditioned one first), else the protocol's.
fn exhausted(protocol: &Protocol, route: &Route, f: &Facts) -> CitedText {
    first(&route.endings, f)
        .or(route.exhausted.as_ref())
        .or_else(|| first(&protocol.endings, f))
        .unwrap_or(&protocol.exhausted)
        .clone()
}

/// The first of a slot's conditioned values that holds.
fn first<'a>(items: &'a [CitedText], f: &Facts) -> Option<&'a CitedText> {
    items.iter().find(|t| When::applies(t.when.as_ref(), f))
}

/// Where the formal form belongs before a route is chosen.
fn form_before_route(protocol: &Protocol, form: &FormAdvice) -> String {
    let any_form_stage = protocol
        .routes
        .iter()
        .flat_map(|r| &r.stages)
        .any(|s| s.submits_form);
    if any_form_stage {
        format!(
            "Choose what the disagreement is about to see at which stage the {} goes to {}. Keep a record now: the form built here can hold it.",
            form.title, form.recipient
        )
    } else {
        form_text(form, FormPlace::NotInRoute)
    }
}

/// Where the formal form belongs on the route: its stage, and whether the next step submits it.
fn form(form: &mut FormAdvice, route: &Route, progress: &Progress, next: Option<&NextStep>) {
    // The form belongs to a stage of this route, or to none of it.
    let form_index = route.stages.iter().position(|s| s.submits_form);
    form.stage_name = form_index.map(|i| route.stages[i].name.clone());
    form.due_now = next.is_some_and(|n| n.submits_form);
    let place = match (form_index, progress.furthest) {
        _ if form.due_now => FormPlace::Now,
        (None, _) => FormPlace::NotInRoute,
        // The source still asks for the form at a stage the case reached.
        (Some(i), Some(f)) if f >= i => FormPlace::Reached,
        // Resolved, or not taken forward, before the form's stage:
        // nothing is owed there.
        (Some(_), _) if progress.closed.is_some() => FormPlace::NotNeeded,
        (Some(_), _) => FormPlace::Later,
    };
    form.place = place;
    form.text = if place == FormPlace::NotNeeded && !progress.resolved {
        format!(
            "The challenge was not taken forward before {}, the stage where the formal {} belongs. So the protocol does not ask for that form now. Keep a written record of the decision. The form built here can hold it.",
            form.stage_name.as_deref().unwrap_or("its stage"),
            form.title
        )
    } else {
        form_text(form, place)
    };
}

fn subject_words(s: Subject) -> &'static str {
    match s {
        Subject::Children => "a child",
        Subject::Adults => "an adult at risk",
    }
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
        FormPlace::NoRoute | FormPlace::NotInRoute => format!(
            "The protocol does not make a formal form part of these stages. Keep a written record. The {} built here can hold it. It goes to: {to}",
            form.title
        ),
        FormPlace::NotNeeded => format!(
            "The disagreement was resolved before {stage}, the stage where the formal {} belongs. So the protocol does not ask for that form now. Keep a written record of what was agreed. The form built here can hold it.",
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

/// The text with its first letter in capitals ("Immediately", "3 working days").
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}
