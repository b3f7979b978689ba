//! Properties of the guidance engine, proven over every bundled protocol.
//!
//! Each protocol in `bundled()` is covered automatically. The checks compare
//! `advise` against an independent statement of the rules (the oracle in
//! [`check`]) over:
//!
//! - exhaustively, every route × urgency × immediate-harm answer × every
//!   assignment of {not attempted, resolved, not resolved, no response yet}
//!   to the route's stages (sampled when a route is long), entered in a
//!   shuffled order;
//! - exhaustively, every disagreement type × context answers × urgency ×
//!   immediate-harm answer, with a few random attempt lists each;
//! - seeded random answers of every shape: unknown ids, attempts at other
//!   routes' stages, repeated stages, empty and invalid dates, hostile text,
//!   out-of-range `today` values.
//!
//! The generator is test-support's xorshift; a failure prints the seed of the case.
//! Set `ENGINE_SEED` to change the base seed, `ENGINE_CASES` for more cases.

use case_resolution_core::guidance::{
    advise, Advice, Answers, Attempt, Date, Deadline, Due, EscalationMap, FormPlace, Item,
    ItemKind, Mark, NextStep, Outcome, Status, TextMap, BANK_HOLIDAYS, CALL_999,
};
use case_resolution_core::protocol::{
    bundled, load_str, render_errors, Amount, CitedText, CountFrom, Early, OutcomeKind, Protocol,
    Route, SpecialCase, Timescale, When,
};
use case_resolution_core::render::advice_html;

// ---------------------------------------------------------------------------
// Deterministic random numbers

use case_resolution_test_support::rng::Rng;

fn base_seed() -> u64 {
    std::env::var("ENGINE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5AFE_C41D_2026)
}

fn case_count(default: usize) -> usize {
    std::env::var("ENGINE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Every bundled protocol, plus a synthetic one that uses every feature of
/// the model (so a feature no shipped file uses yet is still proven).
fn protocols() -> Vec<Protocol> {
    let mut all = match bundled() {
        Ok(p) => {
            assert!(!p.is_empty(), "no bundled protocols");
            p
        }
        Err(errors) => panic!("a bundled protocol does not load: {errors:#?}"),
    };
    // Files in protocols/ that are not bundled yet (another developer adds
    // them): proven as soon as they load, so a landing file is covered first
    // here and then through `bundled()`.
    let dir = case_resolution_test_support::root().join("protocols");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for path in files {
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Ok(p) = load_str(&path.display().to_string(), &text) {
            if !all.iter().any(|b| b.id == p.id) {
                all.push(p);
            }
        }
    }
    all.push(synthetic());
    all
}

fn synthetic() -> Protocol {
    let path = "tests/fixtures/engine-synthetic.toml";
    let text = include_str!("../../tests/fixtures/engine-synthetic.toml");
    load_str(path, text).unwrap_or_else(|e| panic!("{}", render_errors(text, &e)))
}

// ---------------------------------------------------------------------------
// An independent statement of the rules

/// The route the answers lead to: the disagreement's own, unless an answered
/// context question (one the disagreement asks) has an option naming another;
/// the last such question in the disagreement's order wins.
fn base_route<'p>(p: &'p Protocol, a: &Answers) -> Option<&'p Route> {
    let d = p
        .disagreements
        .iter()
        .find(|d| Some(d.id.as_str()) == a.disagreement.as_deref())?;
    let harm = a.immediate_harm == Some(true)
        || a.urgency
            .as_deref()
            .and_then(|u| p.urgencies.iter().find(|x| x.id == u))
            .is_some_and(|u| u.immediate_harm);
    // The first route chosen by a condition that holds, else its own.
    let mut route = d
        .route_when
        .iter()
        .find(|c| oracle_holds(&c.when, p, a, None, harm))
        .map_or(d.route.clone(), |c| c.route.clone());
    for q in &d.questions {
        let Some(chosen) = a.context.get(q) else {
            continue;
        };
        let question = p.questions.iter().find(|x| &x.id == q)?;
        if let Some(r) = question
            .options
            .iter()
            .find(|o| &o.id == chosen)
            .and_then(|o| o.route.clone())
        {
            route = r;
        }
    }
    p.routes.iter().find(|r| r.id == route)
}

/// The first special case (in the file's order) the protocol sends
/// elsewhere that is ticked and offered (its `when` read against the route
/// the answers would otherwise follow), where the disagreement type itself
/// has a route.
fn special_ending<'p>(p: &'p Protocol, a: &Answers, harm: bool) -> Option<&'p SpecialCase> {
    let d = p
        .disagreements
        .iter()
        .find(|d| Some(d.id.as_str()) == a.disagreement.as_deref())?;
    if d.elsewhere.is_some() {
        return None;
    }
    p.special_cases.iter().find(|s| {
        s.elsewhere
            && a.special_cases.contains(&s.id)
            && s.when
                .as_ref()
                .is_none_or(|w| oracle_holds(w, p, a, base_route(p, a), harm))
    })
}

/// The route with only the stages whose `when` holds.
fn expected_route(p: &Protocol, a: &Answers, harm: bool) -> Option<Route> {
    let base = base_route(p, a)?;
    let mut route = base.clone();
    route.stages.retain(|s| {
        s.when
            .as_ref()
            .is_none_or(|w| oracle_holds(w, p, a, Some(base), harm))
    });
    Some(route)
}

/// Day of the week by Sakamoto's method, 0 = Sunday, independent of the
/// crate's own day numbering.
fn sakamoto(d: Date) -> u32 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if d.month < 3 { d.year - 1 } else { d.year };
    ((y + y / 4 - y / 100 + y / 400 + T[d.month as usize - 1] + d.day as i32) % 7) as u32
}

fn is_weekend(d: Date) -> bool {
    matches!(sakamoto(d), 0 | 6)
}

/// Working days in (from, to], counted one calendar day at a time.
fn working_days_between(from: Date, to: Date) -> i64 {
    let mut n = 0;
    let mut day = from.to_days() + 1;
    while day <= to.to_days() {
        let d = Date::from_days(day);
        // Weekdays that are not in the published table of bank holidays.
        if !is_weekend(d) && !BANK_HOLIDAYS.contains(&(d.year, d.month, d.day)) {
            n += 1;
        }
        day += 1;
    }
    n
}

const SKIPPED_PREFIX: &str = "No attempt is recorded for";

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// The due date of the next step's first timescale.
fn first_due(n: &NextStep) -> Option<&Due> {
    n.timescales.first().and_then(|d| d.due.as_ref())
}

/// Checks one case against every rule below; `Err` says which failed.
fn check(p: &Protocol, a: &Answers, today: Date) -> Result<Advice, String> {
    let advice = advise(p, a, today);
    deterministic(p, a, today, &advice)?;
    let c = Case::new(p, a, today, &advice);
    items_cited_in_order(&c)?;
    immediate_harm_first(&c)?;
    special_cases_offered(&c)?;
    scoped_guidance(&c)?;
    // A special case the protocol sends elsewhere, ticked and offered:
    // no route at all.
    let owned_route =
        expected_route(p, a, c.harm).filter(|_| special_ending(p, a, c.harm).is_none());
    let Some(route) = route_and_slots(&c, owned_route.as_ref())? else {
        return Ok(advice);
    };
    let r = OnRoute::new(&c, route);
    standing_rows(&c, &r)?;
    check_map(route, &r.on, &advice, p, &r.end)?;
    route_warnings(&c, &r)?;
    outcome_note(&c, &r)?;
    if r.closing().is_some() {
        closed(&c, &r)?;
        return Ok(advice);
    }
    awaited(&c, &r)?;
    if !status_and_last_word(&c, &r)? {
        return Ok(advice);
    }
    next_step_rule(&c, &r)?;
    Ok(advice)
}

/// What every rule reads: the case, the advice and its items, and the
/// oracle's own reading of immediate harm and of conditions.
struct Case<'a> {
    p: &'a Protocol,
    a: &'a Answers,
    today: Date,
    advice: &'a Advice,
    items: Vec<Item>,
    /// Immediate harm, by either answer: Yes on Safety, or the urgency the
    /// file marks as immediate harm.
    harm: bool,
    /// The urgency chosen is the immediate-harm one.
    harm_urgency: bool,
    /// The route conditions are read against (before stage conditions).
    route_now: Option<&'a Route>,
}

impl<'a> Case<'a> {
    fn new(p: &'a Protocol, a: &'a Answers, today: Date, advice: &'a Advice) -> Self {
        let harm_urgency = a
            .urgency
            .as_deref()
            .and_then(|u| p.urgencies.iter().find(|x| x.id == u))
            .is_some_and(|u| u.immediate_harm);
        Case {
            p,
            a,
            today,
            advice,
            items: advice.items(),
            harm: a.immediate_harm == Some(true) || harm_urgency,
            harm_urgency,
            // No route once a special case sends the case elsewhere.
            route_now: base_route(p, a).filter(|_| {
                special_ending(p, a, a.immediate_harm == Some(true) || harm_urgency).is_none()
            }),
        }
    }

    /// Whether an optional condition holds (none: always).
    fn when(&self, w: Option<&When>) -> bool {
        w.is_none_or(|w| oracle_holds(w, self.p, self.a, self.route_now, self.harm))
    }

    fn holds(&self, c: &CitedText) -> bool {
        self.when(c.when.as_ref())
    }

    /// The texts whose condition holds, in order.
    fn scoped(&self, items: &[CitedText]) -> Vec<CitedText> {
        items.iter().filter(|t| self.holds(t)).cloned().collect()
    }
}

/// What the rules on a route read: the route with the stages whose
/// condition holds, the attempts on it, and its last word.
struct OnRoute<'a> {
    route: &'a Route,
    /// Attempts at this route's stages, with the stage's position.
    on: Vec<(usize, &'a Attempt)>,
    furthest: Option<usize>,
    /// The route's own last word where it has one (a conditioned one that
    /// holds first), else the protocol's (likewise).
    end: CitedText,
}

impl<'a> OnRoute<'a> {
    fn new(c: &Case<'a>, route: &'a Route) -> Self {
        let on: Vec<(usize, &Attempt)> =
            c.a.attempts
                .iter()
                .filter_map(|t| {
                    route
                        .stages
                        .iter()
                        .position(|s| s.id == t.stage)
                        .map(|i| (i, t))
                })
                .collect();
        let pick = |v: &[CitedText]| v.iter().find(|x| c.holds(x)).cloned();
        let end = pick(&route.endings)
            .or(route.exhausted.clone())
            .or_else(|| pick(&c.p.endings))
            .unwrap_or(c.p.exhausted.clone());
        OnRoute {
            route,
            furthest: on.iter().map(|(i, _)| *i).max(),
            on,
            end,
        }
    }

    fn pos(&self, id: &str) -> Option<usize> {
        self.route.stages.iter().position(|s| s.id == id)
    }

    fn tried(&self, i: usize) -> bool {
        self.on.iter().any(|(j, _)| *j == i)
    }

    /// The first stage whose next step offers going to `e`'s stage early.
    fn early_from(&self, e: &Early) -> usize {
        e.from.as_ref().and_then(|id| self.pos(id)).unwrap_or(0)
    }

    /// The stage after the furthest attempted.
    fn next(&self) -> usize {
        self.furthest.map_or(0, |f| f + 1)
    }

    /// The last attempt at the furthest stage awaits a reply.
    fn awaiting(&self) -> bool {
        self.latest() == Some(Outcome::NoResponseYet)
    }

    /// The outcome of the last attempt at the furthest stage.
    fn latest(&self) -> Option<Outcome> {
        let f = self.furthest?;
        self.on
            .iter()
            .rev()
            .find(|(j, _)| *j == f)
            .map(|(_, t)| t.outcome)
    }

    /// The last attempt at the furthest stage records a plan agreed (and
    /// nothing has ended the escalation): open until its review date.
    fn plan(&self) -> Option<&'a Attempt> {
        let f = self.furthest?;
        let t = self.on.iter().rev().find(|(j, _)| *j == f)?.1;
        (t.outcome == Outcome::PlanAgreed && self.closing().is_none()).then_some(t)
    }

    /// The attempt that ends the escalation (resolved, with or without
    /// outstanding issues, or not taken forward) at the earliest stage,
    /// the first entered there.
    fn closing(&self) -> Option<(usize, &'a Attempt)> {
        let mut best: Option<(usize, &'a Attempt)> = None;
        for (i, t) in &self.on {
            let ends = matches!(
                t.outcome,
                Outcome::Resolved | Outcome::ResolvedOutstanding | Outcome::NotTakenForward
            );
            if ends && best.is_none_or(|(b, _)| *i < b) {
                best = Some((*i, *t));
            }
        }
        best
    }
}

/// The same input always gives the same output, and it serialises.
fn deterministic(p: &Protocol, a: &Answers, today: Date, advice: &Advice) -> Result<(), String> {
    ensure!(
        advise(p, &a.clone(), today) == *advice,
        "two calls gave different advice"
    );
    let json =
        serde_json::to_string(advice).map_err(|e| format!("advice does not serialise: {e}"))?;
    let again = serde_json::to_string(&advise(p, a, today)).unwrap();
    ensure!(json == again, "serialised advice differs between calls");

    Ok(())
}

/// Every item has text and a citation; kinds in display order.
fn items_cited_in_order(c: &Case) -> Result<(), String> {
    let items = &c.items;
    for it in items {
        // The one uncited item: 999, the product's own baseline.
        let baseline = it.text == CALL_999 && it.kind == ItemKind::Emergency;
        ensure!(
            baseline || !it.cite.section.trim().is_empty(),
            "item without citation: {it:?}"
        );
        ensure!(!it.text.trim().is_empty(), "item without text: {it:?}");
    }
    for w in items.windows(2) {
        ensure!(
            w[0].kind <= w[1].kind,
            "items out of order: {:?} before {:?}",
            w[0].kind,
            w[1].kind
        );
    }

    Ok(())
}

/// Immediate harm, by either answer: emergency first, always, 999 before
/// anything; never otherwise. No on Safety with the immediate-harm urgency
/// is said once as a conflict.
fn immediate_harm_first(c: &Case) -> Result<(), String> {
    let (p, a, advice, items, harm) = (c.p, c.a, c.advice, &c.items, c.harm);
    let conflict = a.immediate_harm == Some(false) && c.harm_urgency;
    ensure!(
        advice.harm_conflict.is_some() == conflict,
        "Safety {:?} with urgency {:?}: conflict {:?}",
        a.immediate_harm,
        a.urgency,
        advice.harm_conflict
    );
    if conflict {
        ensure!(
            items
                .iter()
                .filter(|i| i.kind == ItemKind::Conflict)
                .count()
                == 1,
            "the conflict is not said once among the items"
        );
    }
    if harm {
        let e = advice
            .emergency
            .as_ref()
            .ok_or("immediate harm but no emergency advice")?;
        ensure!(
            items.first().map(|i| i.kind) == Some(ItemKind::Emergency),
            "immediate harm but the first item is {:?}",
            items.first()
        );
        let n = items
            .iter()
            .filter(|i| i.kind == ItemKind::Emergency)
            .count();
        ensure!(
            items[..n].iter().all(|i| i.kind == ItemKind::Emergency),
            "emergency items are not all at the front"
        );
        ensure!(
            n >= 2 + e.actions.len() + p.emergency.contacts.len(),
            "emergency items missing: {n}"
        );
        ensure!(
            e.contacts.len() == p.emergency.contacts.len(),
            "an emergency contact did not resolve"
        );
        // 999 first, whatever the protocol says: the product's baseline.
        ensure!(
            items[0].text == CALL_999 && items[0].text.contains("call 999"),
            "immediate harm, but 999 is not the first thing said: {:?}",
            items[0]
        );
        if let Some(w) = advice
            .next_step
            .as_ref()
            .and_then(|n| n.waiting_note.as_ref())
        {
            ensure!(
                w.to_lowercase().contains("do not wait"),
                "immediate harm, but the waiting note suggests waiting: {w}"
            );
        }
    } else {
        ensure!(
            advice.emergency.is_none(),
            "emergency advice without immediate harm"
        );
        ensure!(
            items.iter().all(|i| i.kind != ItemKind::Emergency),
            "emergency item without immediate harm"
        );
    }

    Ok(())
}

/// Special cases: the flagged ones the protocol defines, in its order.
/// Offered ones only: a case whose `when` no longer holds is not shown
/// even if it was ticked before the answers changed.
fn special_cases_offered(c: &Case) -> Result<(), String> {
    let (p, a, advice, harm) = (c.p, c.a, c.advice, c.harm);
    let flagged: Vec<&str> = p
        .special_cases
        .iter()
        .filter(|s| a.special_cases.contains(&s.id) && !s.elsewhere)
        .filter(|s| {
            s.when
                .as_ref()
                .is_none_or(|w| oracle_holds(w, p, a, base_route(p, a), harm))
        })
        .map(|s| s.id.as_str())
        .collect();
    for s in &advice.special_cases {
        let model = p.special_cases.iter().find(|x| x.id == s.id).unwrap();
        ensure!(
            s.contacts.iter().map(|c| &c.id).eq(model.contacts.iter()),
            "special case contacts differ"
        );
    }
    let shown: Vec<&str> = advice.special_cases.iter().map(|s| s.id.as_str()).collect();
    ensure!(
        flagged == shown,
        "special cases {shown:?}, expected {flagged:?}"
    );

    Ok(())
}

/// Conditioned guidance: shown if and only if its condition holds (the
/// oracle's own reading of `when`). Tips in the file's order; the urgency's guidance, else its one note that holds; the
/// form's one conditioned recipient that holds, else its own; emergency
/// actions.
fn scoped_guidance(c: &Case) -> Result<(), String> {
    let (p, a, advice) = (c.p, c.a, c.advice);
    let scoped = |items: &[CitedText]| c.scoped(items);
    ensure!(
        advice.tips == scoped(&p.tips),
        "tips differ from those whose condition holds"
    );
    let urgency = a
        .urgency
        .as_deref()
        .and_then(|u| p.urgencies.iter().find(|x| x.id == u));
    let notes: Vec<CitedText> = urgency.map(|u| scoped(&u.notes)).unwrap_or_default();
    ensure!(
        notes.len() <= 1,
        "{} notes of one urgency hold at once",
        notes.len()
    );
    let expected_note = urgency
        .and_then(|u| u.guidance.clone())
        .or_else(|| notes.first().map(|n| n.text.clone()));
    ensure!(
        advice.urgency.as_ref().map(|u| &u.text) == expected_note.as_ref(),
        "urgency guidance {:?}, expected {expected_note:?}",
        advice.urgency.as_ref().map(|u| &u.text)
    );
    // The form's recipient: the one conditioned recipient that holds, else
    // the form's own.
    let recipients = scoped(&p.form.recipients);
    ensure!(
        recipients.len() <= 1,
        "{} recipients hold at once",
        recipients.len()
    );
    let expected_to = recipients
        .first()
        .map_or(p.form.recipient.clone(), |r| r.text.clone());
    ensure!(
        advice.form.recipient == expected_to,
        "recipient {:?}, expected {expected_to:?}",
        advice.form.recipient
    );
    if let Some(e) = &advice.emergency {
        ensure!(
            e.actions == scoped(&p.emergency.actions),
            "emergency actions differ from those whose condition holds"
        );
    }
    Ok(())
}

/// The route, with the stages whose condition holds, and the slots that
/// depend on it (the form's title, the route's summary): the first
/// conditioned value that holds, else the value for every other case.
/// Without a route, nothing is owed.
fn route_and_slots<'r>(c: &Case, route: Option<&'r Route>) -> Result<Option<&'r Route>, String> {
    let (p, advice) = (c.p, c.advice);
    let holds = |x: &CitedText| c.holds(x);
    ensure!(
        advice.route.as_ref().map(|r| r.id.as_str()) == route.map(|r| r.id.as_str()),
        "route {:?}, expected {:?}",
        advice.route.as_ref().map(|r| &r.id),
        route.map(|r| &r.id)
    );
    // Single-valued slots: the first conditioned value that holds, else
    // the value for every other case.
    let title = p
        .form
        .titles
        .iter()
        .find(|c| holds(c))
        .map_or(p.form.title.clone(), |c| c.text.clone());
    ensure!(
        advice.form.title == title,
        "form title {:?}, expected {title:?}",
        advice.form.title
    );
    if let Some(r) = route {
        let summary = r
            .summaries
            .iter()
            .find(|c| holds(c))
            .map(|c| c.text.clone())
            .or(r.summary.clone());
        ensure!(
            advice.route.as_ref().and_then(|x| x.summary.clone()) == summary,
            "route summary wrong"
        );
    }
    // A disagreement type the protocol sends elsewhere: where to go, and
    // no route, stage, next step or form.
    // Or a special case ticked that the protocol sends elsewhere: its
    // guidance is where to go.
    let special = special_ending(p, c.a, c.harm).map(|s| CitedText {
        text: s.guidance.clone(),
        when: None,
        cite: s.cite.clone(),
    });
    let elsewhere =
        c.a.disagreement
            .as_deref()
            .and_then(|d| p.disagreement(d))
            .and_then(|d| d.elsewhere.as_ref())
            .or(special.as_ref());
    ensure!(
        advice.elsewhere.as_ref() == elsewhere,
        "elsewhere {:?}, expected {elsewhere:?}",
        advice.elsewhere
    );
    // No route: none chosen yet, or a type the protocol sends elsewhere.
    let Some(route) = route else {
        let want = if elsewhere.is_some() {
            Status::Elsewhere
        } else {
            Status::NeedsDisagreement
        };
        ensure!(
            advice.status == want,
            "no route, status {:?}, expected {want:?}",
            advice.status
        );
        ensure!(advice.next_step.is_none(), "no route but a next step");
        ensure!(advice.standing.is_empty(), "no route but a standing");
        ensure!(!advice.form.due_now, "no route but the form is due");
        if elsewhere.is_some() {
            ensure!(advice.route.is_none(), "elsewhere but a route");
            ensure!(advice.exhausted.is_none(), "elsewhere but a last word");
            ensure!(
                advice.form.place == FormPlace::NotInRoute,
                "elsewhere but a form"
            );
            ensure!(EscalationMap::of(advice).is_none(), "elsewhere but a map");
        }
        return Ok(None);
    };
    ensure!(elsewhere.is_none(), "elsewhere, yet a route");
    Ok(Some(route))
}

/// Standing: one row per stage, counts and latest outcome in entry order;
/// and, once there is a route, the after-resolution texts whose condition
/// holds, in the file's order.
fn standing_rows(c: &Case, r: &OnRoute) -> Result<(), String> {
    let (advice, route, on) = (c.advice, r.route, &r.on);
    ensure!(
        advice.after_resolution == c.scoped(&c.p.after_resolution),
        "after-resolution guidance differs from that whose condition holds"
    );
    let len = route.stages.len();
    ensure!(
        advice.standing.len() == len,
        "standing has {} rows",
        advice.standing.len()
    );
    for (i, s) in advice.standing.iter().enumerate() {
        let mine: Vec<&Attempt> = on
            .iter()
            .filter(|(j, _)| *j == i)
            .map(|(_, t)| *t)
            .collect();
        ensure!(
            s.stage_id == route.stages[i].id && s.position == i + 1,
            "standing row {i} wrong"
        );
        ensure!(
            s.attempts == mine.len(),
            "standing row {i} counts {}",
            s.attempts
        );
        ensure!(
            s.latest == mine.last().map(|t| t.outcome),
            "standing row {i} latest wrong"
        );
    }

    ensure!(
        advice
            .standing
            .iter()
            .all(|s| route.stages.iter().any(|x| x.id == s.stage_id)),
        "a standing row that is not a stage"
    );
    Ok(())
}

/// Warnings: a subject the disagreement is not for, unanswered questions
/// that can change the route, attempts off the route, and skipped stages
/// exactly when no rule excuses them (discretion, optional, a skip
/// condition that holds, a later stage tried that was reachable early).
fn route_warnings(c: &Case, r: &OnRoute) -> Result<(), String> {
    let (p, a, advice, route) = (c.p, c.a, c.advice, r.route);
    let len = route.stages.len();
    let off = a.attempts.len() - r.on.len();
    let holds = |x: &CitedText| c.holds(x);
    let discretion = p.discretion.iter().any(holds);
    let mismatch = p
        .disagreements
        .iter()
        .find(|d| Some(d.id.as_str()) == a.disagreement.as_deref())
        .and_then(|d| d.subject)
        .zip(a.subject)
        .is_some_and(|(theirs, yours)| theirs != yours);
    let mismatch_warned = advice
        .warnings
        .iter()
        .any(|w| w.text.contains("you said the concern is about"));
    ensure!(
        mismatch == mismatch_warned,
        "subject mismatch {mismatch}, warned {mismatch_warned}"
    );
    // An unanswered question that could change the route is pointed out.
    let undecided = p
        .disagreements
        .iter()
        .find(|d| Some(d.id.as_str()) == a.disagreement.as_deref())
        .map_or(0, |d| {
            d.questions
                .iter()
                .filter_map(|q| p.questions.iter().find(|x| &x.id == q))
                .filter(|q| q.options.iter().any(|o| o.route.is_some()))
                .filter(|q| {
                    !a.context
                        .get(&q.id)
                        .is_some_and(|o| q.options.iter().any(|x| &x.id == o))
                })
                .count()
        });
    let undecided_warned = advice
        .warnings
        .iter()
        .filter(|w| w.text.contains("can change the route"))
        .count();
    ensure!(
        undecided == undecided_warned,
        "{undecided} route-deciding questions unanswered, {undecided_warned} warned"
    );
    let off_warned = advice
        .warnings
        .iter()
        .any(|w| w.text.contains("not part of the route"));
    ensure!(
        off_warned == (off > 0),
        "{off} attempts off the route, warned: {off_warned}"
    );
    let (tried, from) = (|i| r.tried(i), |e: &Early| r.early_from(e));
    // A stage may be gone past untried: discretion, optional, its skip
    // condition holds, or a later stage tried was reachable early from it.
    let excused = |i: usize| {
        let s = &route.stages[i];
        discretion
            || s.optional.is_some()
            || s.may_skip.as_ref().is_some_and(holds)
            || (i + 1..len).any(|e| {
                tried(e)
                    && route.stages[e]
                        .early
                        .as_ref()
                        .is_some_and(|x| holds(&x.text) && from(x) <= i)
            })
    };
    let skipped: Vec<usize> = match r.furthest {
        Some(f) => (0..f).filter(|&i| !tried(i) && !excused(i)).collect(),
        None => Vec::new(),
    };
    let skip_warnings: Vec<&str> = advice
        .warnings
        .iter()
        .filter(|w| w.text.starts_with(SKIPPED_PREFIX))
        .map(|w| w.text.as_str())
        .collect();
    let should_warn = !skipped.is_empty();
    ensure!(
        skip_warnings.len() == usize::from(should_warn),
        "skipped {skipped:?}, warnings {skip_warnings:?}"
    );
    if should_warn {
        for i in &skipped {
            ensure!(
                skip_warnings[0].contains(&route.stages[*i].name),
                "skipped-stage warning does not name {}",
                route.stages[*i].name
            );
        }
    }

    Ok(())
}

/// Resolved (with or without outstanding issues) or not taken forward,
/// the first such attempt stops the escalation: no next step, no last
/// word, no wait, and the form owed only where its stage was reached.
fn closed(c: &Case, r: &OnRoute) -> Result<(), String> {
    let (advice, route, furthest) = (c.advice, r.route, r.furthest);
    let (at, t) = r.closing().ok_or("not closed")?;
    let resolves = t.outcome != Outcome::NotTakenForward;
    let expected = if resolves {
        Status::Resolved
    } else {
        Status::NotTakenForward
    };
    ensure!(
        advice.status == expected,
        "{:?} at stage {}, status {:?}",
        t.outcome,
        at + 1,
        advice.status
    );
    ensure!(advice.next_step.is_none(), "ended but a next step");
    ensure!(advice.exhausted.is_none(), "ended but exhausted");
    ensure!(
        advice.awaiting_last.is_none() && advice.awaiting.is_none(),
        "ended but awaiting a reply"
    );
    ensure!(!advice.form.due_now, "ended but the form is due now");
    // Nothing owed at a stage never reached: the form is never "now"
    // or "later" once ended; at its own stage or beyond, it was reached.
    let form_stage = route.stages.iter().position(|s| s.submits_form);
    let expected_place = match (form_stage, furthest) {
        (None, _) => FormPlace::NotInRoute,
        (Some(i), Some(f)) if f >= i => FormPlace::Reached,
        _ => FormPlace::NotNeeded,
    };
    ensure!(
        advice.form.place == expected_place,
        "ended: the form is {:?}, expected {expected_place:?}",
        advice.form.place
    );
    ensure!(
        advice.resolved_at.as_ref().map(|r| r.position) == resolves.then_some(at + 1),
        "resolved at {:?}, expected stage {} ({:?})",
        advice.resolved_at,
        at + 1,
        t.outcome
    );
    Ok(())
}

/// The oracle's kind for an outcome only some stages have.
fn kind_of(o: Outcome) -> Option<OutcomeKind> {
    match o {
        Outcome::PlanAgreed => Some(OutcomeKind::PlanAgreed),
        Outcome::ResolvedOutstanding => Some(OutcomeKind::Outstanding),
        Outcome::NotTakenForward => Some(OutcomeKind::NotTakenForward),
        _ => None,
    }
}

/// What a plan agreed, resolved with outstanding issues or not taken
/// forward means, on the page: said for the attempt that ended the
/// escalation, or for a plan at the furthest stage; with the review date
/// (and whether it has come), and the protocol's own text for that
/// outcome at that stage (the stage's, else the protocol's, whose
/// condition holds).
fn outcome_note(c: &Case, r: &OnRoute) -> Result<(), String> {
    let advice = c.advice;
    let expected = match (r.closing(), r.plan()) {
        (Some((i, t)), _) => kind_of(t.outcome).map(|_| (i, t)),
        (None, Some(t)) => r.furthest.map(|f| (f, t)),
        (None, None) => None,
    };
    let Some((at, t)) = expected else {
        ensure!(
            advice.outcome.is_none(),
            "an outcome note {:?} with no such outcome",
            advice.outcome.as_ref().map(|o| &o.heading)
        );
        return Ok(());
    };
    let o = advice
        .outcome
        .as_ref()
        .ok_or_else(|| format!("{:?} at stage {}, but no note", t.outcome, at + 1))?;
    ensure!(o.outcome == t.outcome, "note for {:?}", o.outcome);
    ensure!(o.stage.position == at + 1, "note at the wrong stage");
    let kind = kind_of(t.outcome);
    let stage = &r.route.stages[at];
    let given = stage
        .outcomes
        .iter()
        .chain(&c.p.outcomes)
        .find(|g| Some(g.kind) == kind)
        .filter(|g| c.holds(&g.text));
    // The stage's own outcome of a kind hides the protocol's, even where
    // its condition does not hold.
    ensure!(
        o.protocol.as_ref() == given.map(|g| &g.text),
        "the protocol's text for {:?} at stage {} differs",
        t.outcome,
        at + 1
    );
    let stage_word = format!("at Stage {}", at + 1);
    ensure!(
        o.heading.contains(&stage_word) || o.heading.contains(&stage.name),
        "the note's heading does not say where: {}",
        o.heading
    );
    match t.outcome {
        Outcome::PlanAgreed => {
            let review = Date::parse(t.review_date.trim());
            ensure!(o.review == review, "review date {:?}", o.review);
            ensure!(
                o.review_due == review.is_some_and(|d| d <= c.today),
                "review due {} wrong",
                o.review_due
            );
            if let Some(d) = review {
                ensure!(
                    o.heading.contains(&d.long()) && o.text.contains(&d.long()),
                    "the review date is not shown: {}",
                    o.heading
                );
            }
            if c.harm {
                ensure!(
                    o.text.contains("do not wait"),
                    "immediate harm, but the plan's note suggests waiting"
                );
            }
        }
        Outcome::NotTakenForward => {
            if let Some(d) = given.and_then(|g| g.decided_by.as_deref()) {
                ensure!(
                    o.text.contains(d.trim_end_matches('.')),
                    "who decides, as the protocol says, is not said"
                );
            }
            ensure!(o.text.contains("ends here"), "not said to end");
        }
        _ => ensure!(
            o.heading.starts_with("Resolved at") && o.heading.contains("outstanding"),
            "outstanding issues not said: {}",
            o.heading
        ),
    }
    ensure!(
        c.items.iter().any(|i| i.text == o.heading),
        "the note is not among the items"
    );
    Ok(())
}

/// A stage's timescales whose condition holds, in order, each with its due
/// date: the stated counting point (today until an attempt it counts from
/// is recorded), then the unit, each counted independently.
fn deadlines(c: &Case, r: &OnRoute, index: usize, got: &[Deadline]) -> Result<(), String> {
    let today = c.today;
    let (items, on) = (&c.items, &r.on);
    let pos = |id: &str| r.pos(id);
    let expected: Vec<&Timescale> = r.route.stages[index]
        .timescales
        .iter()
        .filter(|t| t.when.as_ref().is_none_or(|w| c.when(Some(w))))
        .collect();
    ensure!(
        got.iter()
            .map(|d| &d.timescale)
            .eq(expected.iter().copied()),
        "timescales at stage {index} differ from those whose condition holds"
    );
    let dates_at = |at: Option<usize>| -> Vec<Date> {
        on.iter()
            .filter(|(j, _)| at.is_none_or(|i| *j == i))
            .filter_map(|(_, x)| Date::parse(&x.date))
            .collect()
    };
    for d in got {
        let t = &d.timescale;
        let Some(amount) = t.amount else {
            ensure!(d.due.is_none(), "a due date without a unit");
            continue;
        };
        let due = d.due.as_ref().ok_or("a unit but no due date")?;
        let origin = match &t.counted_from {
            CountFrom::LastAttempt | CountFrom::NotStated => dates_at(None).into_iter().max(),
            CountFrom::PreviousStage => index
                .checked_sub(1)
                .and_then(|i| dates_at(Some(i)).into_iter().max()),
            CountFrom::ThisStage => dates_at(Some(index)).into_iter().min(),
            CountFrom::Stage(id) => pos(id).and_then(|i| dates_at(Some(i)).into_iter().min()),
            CountFrom::RouteStart => dates_at(None).into_iter().min(),
        };
        // A plan agreed at the stage before, with a review date later than
        // that point: the time starts at the review (this stage follows
        // only if the plan is not carried out).
        let review = r
            .plan()
            .filter(|_| index == r.next())
            .and_then(|p| Date::parse(p.review_date.trim()))
            .filter(|_| {
                matches!(
                    t.counted_from,
                    CountFrom::LastAttempt | CountFrom::NotStated | CountFrom::PreviousStage
                )
            });
        let origin = match (origin, review) {
            (Some(o), Some(v)) if v > o => Some(v),
            (None, Some(v)) => Some(v),
            (o, _) => o,
        };
        let from = origin.unwrap_or_else(|| Date::from_days(today.to_days()));
        ensure!(
            due.from == from,
            "due counted from {}, expected {from} ({:?})",
            due.from,
            t.counted_from
        );
        ensure!(
            due.from_attempt == origin.is_some(),
            "due origin flag wrong"
        );
        ensure!(due.amount == amount, "due amount wrong");
        let span = due.date.to_days() - from.to_days();
        match amount {
            Amount::WorkingDays(days) => {
                ensure!(
                    !is_weekend(due.date),
                    "due date {} falls on a weekend",
                    due.date
                );
                ensure!(
                    working_days_between(from, due.date) == i64::from(days)
                        && !BANK_HOLIDAYS.contains(&(due.date.year, due.date.month, due.date.day)),
                    "due {} is not {days} working days after {from}",
                    due.date
                );
                ensure!(
                    due.explanation.contains("weekends are excluded"),
                    "due explanation does not say weekends are excluded"
                );
            }
            Amount::CalendarDays(days) => {
                ensure!(
                    span == i64::from(days),
                    "due {} is not {days} days after {from}",
                    due.date
                )
            }
            Amount::Hours(h) => ensure!(
                span * 24 >= i64::from(h) && (span - 1) * 24 < i64::from(h),
                "due {} is not {h} hours (whole days) after {from}",
                due.date
            ),
            Amount::Immediately => ensure!(span == 0, "immediately, but due {}", due.date),
        }
        ensure!(
            (t.counted_from == CountFrom::NotStated)
                == due
                    .explanation
                    .contains("does not say when this time starts"),
            "not-stated counting point said wrongly: {}",
            due.explanation
        );
        ensure!(
            items
                .iter()
                .any(|i| i.text.contains(&due.date.long()) && i.text.contains(&due.explanation)),
            "the due date is not among the items"
        );
    }
    Ok(())
}

/// While a reply is awaited (and not resolved): what the awaited stage owes
/// and by when, wherever it states a timescale that holds.
fn awaited(c: &Case, r: &OnRoute) -> Result<(), String> {
    let (advice, route, furthest, awaiting) = (c.advice, r.route, r.furthest, r.awaiting());
    match advice.awaiting.as_ref() {
        Some(w) => {
            let f = furthest
                .filter(|_| awaiting)
                .ok_or("awaiting deadlines, but no reply is awaited")?;
            ensure!(w.stage.position == f + 1, "awaiting the wrong stage");
            ensure!(
                !w.deadlines.is_empty(),
                "an awaited stage with no timescale shown"
            );
            deadlines(c, r, f, &w.deadlines)?;
        }
        None => ensure!(
            !awaiting
                || furthest.is_none_or(|f| route.stages[f]
                    .timescales
                    .iter()
                    .all(|t| { t.when.as_ref().is_some_and(|w| !c.when(Some(w))) })),
            "a reply is awaited at a stage with timescales, but none is shown"
        ),
    }
    Ok(())
}

/// The status; and once every stage is tried (or a reply is awaited at the
/// last), the route's or the protocol's last word. `Ok(true)` when stages
/// remain, for the next step's rules.
fn status_and_last_word(c: &Case, r: &OnRoute) -> Result<bool, String> {
    let (advice, items, harm, furthest) = (c.advice, &c.items, c.harm, r.furthest);
    let (len, next, end) = (r.route.stages.len(), r.next(), &r.end);
    let plan = r.plan().is_some();
    let awaiting = r.awaiting() || plan;
    let expected_status = match furthest {
        None => Status::NotStarted,
        Some(_) if plan => Status::PlanAgreed,
        Some(_) if awaiting => Status::Awaiting,
        Some(_) if next >= len => Status::Exhausted,
        Some(_) => Status::InProgress,
    };
    ensure!(
        advice.status == expected_status,
        "status {:?}, expected {expected_status:?}",
        advice.status
    );

    ensure!(
        advice.resolved_at.is_none(),
        "not resolved, but resolved at {:?}",
        advice.resolved_at
    );
    ensure!(
        advice.form.place != FormPlace::NotNeeded,
        "not resolved, but the form is not needed"
    );
    if next >= len {
        ensure!(
            advice.next_step.is_none(),
            "every stage tried but a next step"
        );
        // Waiting at the last stage is said as such, not as "every stage
        // has been tried" (which the status and the view read).
        ensure!(
            advice.awaiting_last.is_some() == awaiting,
            "awaiting {awaiting} at the last stage, note {:?}",
            advice.awaiting_last
        );
        if let (true, Some(w)) = (harm, &advice.awaiting_last) {
            ensure!(
                w.to_lowercase().contains("do not wait"),
                "immediate harm, but the last-stage note suggests waiting: {w}"
            );
        }
        let last_word = &end;
        ensure!(
            advice.exhausted.as_ref() == Some(last_word),
            "every stage tried but not the route's or protocol's exhausted text"
        );
        ensure!(
            items
                .iter()
                .any(|i| i.kind == ItemKind::Exhausted && i.text == last_word.text),
            "exhausted text not among the items"
        );
        ensure!(!advice.form.due_now, "exhausted but the form is due now");
        return Ok(false);
    }
    ensure!(
        advice.exhausted.is_none() && advice.awaiting_last.is_none(),
        "stages remain but exhausted text shown"
    );

    Ok(true)
}

/// The next step is the first stage after the furthest attempted, with its
/// roles, contacts, alternatives, notes and timescales as the oracle reads
/// them.
fn next_step_rule(c: &Case, r: &OnRoute) -> Result<(), String> {
    let (p, advice, items, route) = (c.p, c.advice, &c.items, r.route);
    let (len, next) = (route.stages.len(), r.next());
    let awaiting = r.awaiting() || r.plan().is_some();
    let holds = |x: &CitedText| c.holds(x);
    let from = |e: &Early| r.early_from(e);
    let stage = &route.stages[next];
    let n = advice
        .next_step
        .as_ref()
        .ok_or("stages remain but no next step")?;
    ensure!(
        n.stage_id == stage.id,
        "next step {}, expected {}",
        n.stage_id,
        stage.id
    );
    ensure!(
        n.position == next + 1 && n.total == len,
        "next step position wrong"
    );
    ensure!(
        n.who == stage.who && n.contact_role == stage.contact_role && n.action == stage.action,
        "next step roles differ from the stage"
    );
    ensure!(
        n.prepare == stage.prepare && n.record == stage.record,
        "prepare/record differ"
    );
    // The stage's contacts, then those for some answers whose condition holds.
    let expected_contacts: Vec<&String> = stage
        .contacts
        .iter()
        .chain(
            stage
                .contacts_for
                .iter()
                .filter(|x| c.when(Some(&x.when)))
                .map(|c| &c.contact),
        )
        .collect();
    ensure!(
        n.contacts
            .iter()
            .map(|c| &c.id)
            .eq(expected_contacts.iter().copied()),
        "next step contacts differ"
    );
    ensure!(n.submits_form == stage.submits_form, "submits_form differs");
    ensure!(
        advice.form.due_now == stage.submits_form,
        "form.due_now differs"
    );
    ensure!(n.waiting_note.is_some() == awaiting, "waiting note wrong");
    // Alternatives: offered iff their condition holds, marked as applying
    // when they have one; never a stage (the count is the route's stages).
    let offered: Vec<_> = stage
        .alternatives
        .iter()
        .filter(|x| x.when.as_ref().is_none_or(|w| c.when(Some(w))))
        .collect();
    ensure!(
        n.alternatives.len() == offered.len(),
        "{} alternatives offered, expected {}",
        n.alternatives.len(),
        offered.len()
    );
    for (alt, model) in n.alternatives.iter().zip(&offered) {
        ensure!(
            alt.text == model.text && alt.applies_to_you == model.when.is_some(),
            "alternative wrong: {:?}",
            alt.text
        );
        ensure!(
            alt.contacts.iter().map(|c| &c.id).eq(model.contacts.iter()),
            "alternative contacts differ"
        );
    }
    // Notes: a later stage reachable early from here, optional, may be
    // skipped, discretion (with words), the stage's own notes that hold.
    let mut notes: Vec<&CitedText> = route.stages[next + 1..]
        .iter()
        .filter_map(|s| s.early.as_ref())
        .filter(|e| holds(&e.text) && from(e) <= next)
        .map(|e| &e.text)
        .collect();
    notes.extend(stage.optional.iter());
    notes.extend(stage.may_skip.iter().filter(|c| holds(c)));
    notes.extend(
        p.discretion
            .iter()
            .filter(|d| !d.text.is_empty() && holds(d)),
    );
    notes.extend(stage.notes.iter().filter(|c| holds(c)));
    ensure!(
        n.notes.iter().eq(notes.iter().copied()),
        "next-step notes {:?}, expected {:?}",
        n.notes.iter().map(|x| &x.text).collect::<Vec<_>>(),
        notes.iter().map(|x| &x.text).collect::<Vec<_>>()
    );
    ensure!(
        items
            .iter()
            .any(|i| i.kind == ItemKind::NextStep && i.text.contains(&stage.contact_role)),
        "the role to contact is not among the items"
    );

    deadlines(c, r, next, &n.timescales)?;
    ensure!(
        n.no_timescale.is_some() == n.timescales.is_empty(),
        "no-timescale note wrong"
    );
    Ok(())
}

/// The escalation map against the route and the attempts (not against the
/// map's own code): a stop per stage in order, "you are here" on the
/// furthest stage tried, "next" on the advice's next stage or, once every
/// stage is tried, on the route's end; and on the Next step page the
/// picture's text alternative is the "Where you are" list, word for word.
fn check_map(
    route: &Route,
    on: &[(usize, &Attempt)],
    advice: &Advice,
    p: &Protocol,
    last_word: &CitedText,
) -> Result<(), String> {
    let map = EscalationMap::of(advice).ok_or("a route but no map")?;
    let len = route.stages.len();
    ensure!(map.stops.len() == len, "map has {} stops", map.stops.len());
    let furthest = on.iter().map(|(i, _)| *i).max();
    let ended = matches!(advice.status, Status::Resolved | Status::NotTakenForward);
    let next = match ended {
        true => None,
        false => Some(furthest.map_or(0, |f| f + 1)).filter(|&i| i < len),
    };
    let closing = on
        .iter()
        .filter(|(_, t)| {
            matches!(
                t.outcome,
                Outcome::Resolved | Outcome::ResolvedOutstanding | Outcome::NotTakenForward
            )
        })
        .fold(None, |best: Option<&(usize, &Attempt)>, x| match best {
            Some(b) if b.0 <= x.0 => Some(b),
            _ => Some(x),
        });
    for (i, (stop, stage)) in map.stops.iter().zip(&route.stages).enumerate() {
        ensure!(
            stop.label.ends_with(&stage.name),
            "stop {i} is {:?}, the stage {:?}",
            stop.label,
            stage.name
        );
        ensure!(
            stop.tried == on.iter().any(|(j, _)| *j == i),
            "stop {i} tried wrong"
        );
        let here = closing.map(|(j, t)| (*j, t.outcome == Outcome::NotTakenForward));
        let mark = if here == Some((i, false)) {
            Mark::Resolved
        } else if here == Some((i, true)) {
            Mark::Ended
        } else if Some(i) == furthest {
            Mark::Here
        } else if Some(i) == next {
            Mark::Next
        } else {
            Mark::None
        };
        ensure!(
            stop.mark == mark,
            "stop {i} marked {:?}, expected {mark:?}",
            stop.mark
        );
    }
    // Past the last stage (tried, or awaiting a reply there) and not
    // resolved, the advice gives the route's last word: the end is next.
    let past_the_end = !ended && furthest.is_some_and(|f| f + 1 >= len);
    let end_mark = if past_the_end { Mark::Next } else { Mark::None };
    ensure!(
        map.end_mark == end_mark,
        "the end marked {:?}",
        map.end_mark
    );
    ensure!(
        map.end == last_word.text,
        "the end is not the route's last word"
    );

    let html = advice_html(advice, p);
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    let label = html
        .split("<div class=\"cr-map\" role=\"img\" aria-label=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .ok_or("no map with role=img and a label on the Next step")?;
    let list = html
        .split("<ul class=\"cr-list cr-standing\">")
        .nth(1)
        .and_then(|r| r.split("</ul>").next())
        .ok_or("no \"Where you are\" list")?;
    let items: Vec<String> = list
        .split("<li>")
        .skip(1)
        .map(|li| unescape(li.trim_end_matches("</li>")))
        .collect();
    ensure!(
        items.len()
            == len + 1 + usize::from(advice.resolved_at.is_some() || advice.outcome.is_some()),
        "the list has {} items",
        items.len()
    );
    if let Some(o) = &advice.outcome {
        ensure!(
            items[0] == format!("{}.", o.heading),
            "the map does not lead with the outcome: {:?}",
            items[0]
        );
    } else if let Some(r) = &advice.resolved_at {
        ensure!(
            items[0].starts_with(&format!("Resolved at Stage {}", r.position)),
            "resolved, but the map does not say where: {:?}",
            items[0]
        );
    }
    ensure!(
        unescape(label) == format!("Escalation map. {}", items.join(" ")),
        "the map's text alternative is not the list: {label:?} vs {items:?}"
    );
    Ok(())
}

/// The oracle's reading of a condition, written apart from the model's
/// `When::holds`: an unknown fact meets no test about it.
fn oracle_holds(w: &When, p: &Protocol, a: &Answers, route: Option<&Route>, harm: bool) -> bool {
    holds_with(w, p, a, route, harm, false)
}

/// `raw`: a special case counts when ticked; otherwise only when ticked
/// and still offered (its own `when`, read raw, holds).
fn holds_with(
    w: &When,
    p: &Protocol,
    a: &Answers,
    route: Option<&Route>,
    harm: bool,
    raw: bool,
) -> bool {
    let rec = |x: &When| holds_with(x, p, a, route, harm, raw);
    let subject = a.subject.or((p.covers.len() == 1).then(|| p.covers[0]));
    match w {
        When::All(v) => v.iter().all(rec),
        When::Any(v) => v.iter().any(rec),
        When::Not(x) => !rec(x),
        When::Subject(s) => subject == Some(*s),
        When::Urgency(ids) => a.urgency.as_ref().is_some_and(|u| ids.contains(u)),
        When::Harm(h) => harm == *h,
        When::Disagreement(ids) => a.disagreement.as_ref().is_some_and(|d| ids.contains(d)),
        When::Route(ids) => route.is_some_and(|r| ids.contains(&r.id)),
        When::Answer { question, options } => {
            a.context.get(question).is_some_and(|o| options.contains(o))
        }
        When::Special(id) => {
            a.special_cases.contains(id)
                && (raw
                    || p.special_cases
                        .iter()
                        .find(|s| &s.id == id)
                        .and_then(|s| s.when.as_ref())
                        .is_none_or(|sw| holds_with(sw, p, a, route, harm, true)))
        }
    }
}

fn run(p: &Protocol, a: &Answers, today: Date, seed: u64) -> Advice {
    let result = std::panic::catch_unwind(|| check(p, a, today));
    match result {
        Ok(Ok(advice)) => advice,
        Ok(Err(why)) => panic!(
            "protocol {}, seed {seed} (ENGINE_SEED={}): {why}\ntoday {today:?}\nanswers {a:#?}",
            p.id,
            base_seed()
        ),
        Err(_) => panic!(
            "protocol {}, seed {seed} (ENGINE_SEED={}): advise panicked\ntoday {today:?}\nanswers {a:#?}",
            p.id,
            base_seed()
        ),
    }
}

// ---------------------------------------------------------------------------
// Generators

const HOSTILE: &[&str] = &[
    "",
    "Sam Jones",
    "<script>alert(1)</script>",
    "Team manager, \"Children's Services\" & co",
    "名前 — ünïcødé",
    "line\nbreak\ttab",
    "    ",
];

const BAD_DATES: &[&str] = &[
    "",
    "   ",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "23/11/2026",
    "2026-1-5",
    "tomorrow",
    "9999-99-99",
    "1899-12-31",
    "3000-01-01",
    "-2026-11-23",
    "2026-11-23T10:00",
    "２０２６-１１-２３",
];

fn random_date(rng: &mut Rng) -> Date {
    // 2019-01-01 .. about 2031, every day of the week.
    Date::from_days(17_897 + rng.below(4_500) as i64)
}

fn random_date_text(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => rng.pick(BAD_DATES).to_string(),
        1 => format!(" {} ", random_date(rng)),
        2 => "2024-02-29".to_string(),
        _ => random_date(rng).to_string(),
    }
}

fn random_today(rng: &mut Rng) -> Date {
    match rng.below(40) {
        // Out-of-range values a caller could build by hand.
        0 => Date {
            year: 2026,
            month: 13,
            day: 40,
        },
        1 => Date {
            year: 2026,
            month: 0,
            day: 0,
        },
        2 => Date {
            year: 2999,
            month: 12,
            day: 31,
        },
        _ => random_date(rng),
    }
}

fn all_stage_ids(p: &Protocol) -> Vec<String> {
    p.routes
        .iter()
        .flat_map(|r| r.stages.iter().map(|s| s.id.clone()))
        .collect()
}

fn random_attempt(rng: &mut Rng, p: &Protocol, route: Option<&Route>) -> Attempt {
    let stage = match (route, rng.below(10)) {
        (Some(r), 0..=6) => rng.pick(&r.stages).id.clone(),
        (_, 7 | 8) => {
            let ids = all_stage_ids(p);
            rng.pick(&ids).clone()
        }
        _ => rng
            .pick(&["", "stage-99", "STAGE-1", " stage-1"])
            .to_string(),
    };
    Attempt {
        stage,
        date: random_date_text(rng),
        with_name: rng.pick(HOSTILE).to_string(),
        with_role: rng.pick(HOSTILE).to_string(),
        with_agency: rng.pick(HOSTILE).to_string(),
        outcome: *rng.pick(&Outcome::ALL),
        notes: rng.pick(HOSTILE).to_string(),
        review_date: random_date_text(rng),
        outstanding: rng.pick(HOSTILE).to_string(),
        follow_up: rng.pick(HOSTILE).to_string(),
        decided_by: rng.pick(HOSTILE).to_string(),
    }
}

/// Random answers of any shape.
fn random_answers(rng: &mut Rng, p: &Protocol) -> Answers {
    let mut a = Answers::default();
    if rng.chance(70) {
        a.subject = Some(*rng.pick(&p.covers));
    }
    a.immediate_harm = *rng.pick(&[None, Some(false), Some(true)]);
    a.immediate_action = rng.pick(HOSTILE).to_string();
    a.urgency = match rng.below(p.urgencies.len() + 2) {
        0 => None,
        1 => Some("no-such-urgency".into()),
        i => Some(p.urgencies[i - 2].id.clone()),
    };
    a.disagreement = match rng.below(p.disagreements.len() + 4) {
        0 => None,
        1 => Some("no-such-disagreement".into()),
        i if i >= 2 + p.disagreements.len() => Some(rng.pick(&p.disagreements).id.clone()),
        i => Some(p.disagreements[i - 2].id.clone()),
    };
    // Context: any question, any option, sometimes nonsense.
    for q in &p.questions {
        if rng.chance(60) && !q.options.is_empty() {
            let opt = if rng.chance(90) {
                rng.pick(&q.options).id.clone()
            } else {
                "no-such-option".into()
            };
            a.context.insert(q.id.clone(), opt);
        }
    }
    if rng.chance(10) {
        a.context.insert("no-such-question".into(), "x".into());
    }
    let route = base_route(p, &a);
    let count = rng.below(route.map_or(3, |r| r.stages.len() * 2 + 3));
    for _ in 0..count {
        a.attempts.push(random_attempt(rng, p, route));
    }
    for s in &p.special_cases {
        if rng.chance(30) {
            a.special_cases.insert(s.id.clone());
        }
    }
    if rng.chance(10) {
        a.special_cases.insert("no-such-case".into());
    }
    a
}

/// Every combination of context answers for a disagreement's questions:
/// unanswered or any option (capped, to keep the run short).
fn context_combinations(p: &Protocol, disagreement: &str) -> Vec<TextMap> {
    let d = p
        .disagreements
        .iter()
        .find(|d| d.id == disagreement)
        .unwrap();
    let mut combos = vec![TextMap::new()];
    for qid in &d.questions {
        let Some(q) = p.questions.iter().find(|q| &q.id == qid) else {
            continue;
        };
        let mut next = Vec::new();
        for c in &combos {
            next.push(c.clone());
            for o in &q.options {
                let mut c = c.clone();
                c.insert(q.id.clone(), o.id.clone());
                next.push(c);
            }
        }
        combos = next;
        if combos.len() > 400 {
            combos.truncate(400);
        }
    }
    combos
}

fn urgency_choices(p: &Protocol) -> Vec<Option<String>> {
    let mut u: Vec<Option<String>> = vec![None];
    u.extend(p.urgencies.iter().map(|x| Some(x.id.clone())));
    u
}

/// One way into each route: the first disagreement type and context
/// answers that lead there, by route id.
fn ways_into_routes(p: &Protocol) -> Vec<(String, Answers)> {
    let mut ways: Vec<(String, Answers)> = Vec::new();
    for d in &p.disagreements {
        for ctx in context_combinations(p, &d.id) {
            let a = Answers {
                disagreement: Some(d.id.clone()),
                context: ctx,
                ..Answers::default()
            };
            if let Some(r) = base_route(p, &a) {
                if !ways.iter().any(|(id, _)| id == &r.id) {
                    ways.push((r.id.clone(), a));
                }
            }
        }
    }
    ways
}

// ---------------------------------------------------------------------------
// The proofs

#[test]
fn every_route_and_every_stage_outcome_assignment() {
    let seed = base_seed();
    let mut rng = Rng::new(seed);
    for p in protocols() {
        let ways = ways_into_routes(&p);
        assert!(!ways.is_empty(), "{}: no route is reachable", p.id);
        for (route_id, base) in ways {
            let route = p.route(&route_id).unwrap();
            let n = route.stages.len();
            let total = 4usize.saturating_pow(n as u32);
            // Every assignment for routes up to 6 stages; a sample beyond.
            let assignments: Vec<usize> = if total <= 4096 {
                (0..total).collect()
            } else {
                (0..4096).map(|_| rng.below(total)).collect()
            };
            for (k, code) in assignments.into_iter().enumerate() {
                let case_seed = seed.wrapping_add(k as u64);
                let mut crng = Rng::new(case_seed);
                let mut attempts = Vec::new();
                let mut c = code;
                let mut day = random_date(&mut crng);
                for stage in &route.stages {
                    let pick = c % 4;
                    c /= 4;
                    if pick > 0 {
                        day = Date::from_days(day.to_days() + crng.below(6) as i64);
                        attempts.push(Attempt {
                            stage: stage.id.clone(),
                            date: if crng.chance(10) {
                                String::new()
                            } else {
                                day.to_string()
                            },
                            outcome: Outcome::ALL[pick - 1],
                            ..Attempt::default()
                        });
                    }
                }
                if crng.chance(50) {
                    crng.shuffle(&mut attempts);
                }
                let urgencies = urgency_choices(&p);
                let urgency = urgencies[k % urgencies.len()].clone();
                for harm in [Some(false), Some(true)] {
                    let a = Answers {
                        immediate_harm: harm,
                        urgency: urgency.clone(),
                        attempts: attempts.clone(),
                        ..base.clone()
                    };
                    run(&p, &a, random_date(&mut crng), case_seed);
                }
            }
        }
    }
}

/// The two safety rules (immediate harm by either answer comes first; a
/// resolution ends the route), over Safety Yes / No / unanswered ×
/// every urgency and none × every route × every assignment of outcomes to
/// its stages (attempts in stage order, dated a day apart): whenever
/// immediate harm is reported by either answer, 999 is the first item and
/// the protocol's emergency contacts follow before anything about a stage;
/// whenever an attempt resolved it, there is no next step, no "every stage
/// has been tried" and no form owed at a stage the case never reached.
/// Stated on the advice's structure (kinds, fields), not its wording.
#[test]
fn immediate_harm_by_either_answer_and_resolution_over_every_outcome() {
    let mut cases = 0usize;
    for p in protocols() {
        let ways = ways_into_routes(&p);
        let harm_urgency = p.urgencies.iter().find(|u| u.immediate_harm);
        for (route_id, base) in ways {
            let route = p.route(&route_id).unwrap();
            let n = route.stages.len();
            let total = 4usize.saturating_pow(n as u32).min(4096);
            for code in 0..total {
                let mut attempts = Vec::new();
                let mut c = code;
                for (i, stage) in route.stages.iter().enumerate() {
                    let pick = c % 4;
                    c /= 4;
                    if pick > 0 {
                        attempts.push(Attempt {
                            stage: stage.id.clone(),
                            date: format!("2026-11-{:02}", 2 + i),
                            outcome: Outcome::ALL[pick - 1],
                            ..Attempt::default()
                        });
                    }
                }
                for safety in [Some(true), Some(false), None] {
                    for urgency in urgency_choices(&p) {
                        cases += 1;
                        let a = Answers {
                            immediate_harm: safety,
                            urgency: urgency.clone(),
                            attempts: attempts.clone(),
                            ..base.clone()
                        };
                        let advice = advise(&p, &a, Date::parse("2026-11-23").unwrap());
                        let items = advice.items();
                        let harm = safety == Some(true)
                            || harm_urgency.is_some_and(|u| urgency.as_deref() == Some(&u.id));
                        let why = || format!("{} {route_id} {code} {safety:?} {urgency:?}", p.id);
                        // Against the stages on the route for these answers
                        // (a stage's `when` may leave some out).
                        let shown = expected_route(&p, &a, harm).unwrap();
                        let resolved_at = attempts
                            .iter()
                            .filter_map(|t| {
                                let i = shown.stages.iter().position(|s| s.id == t.stage)?;
                                (t.outcome == Outcome::Resolved).then_some(i)
                            })
                            .next();
                        let furthest = attempts
                            .iter()
                            .filter_map(|t| shown.stages.iter().position(|s| s.id == t.stage))
                            .max();
                        if harm {
                            assert_eq!(items[0].kind, ItemKind::Emergency, "{}", why());
                            assert_eq!(items[0].text, CALL_999, "{}", why());
                            let e = advice
                                .emergency
                                .as_ref()
                                .unwrap_or_else(|| panic!("{}", why()));
                            assert_eq!(e.contacts.len(), p.emergency.contacts.len(), "{}", why());
                            // The emergency block, contacts included, comes
                            // before any stage, standing or next step.
                            let emergency_end = items
                                .iter()
                                .position(|i| i.kind != ItemKind::Emergency)
                                .unwrap_or(items.len());
                            let first_stage = items
                                .iter()
                                .position(|i| {
                                    matches!(i.kind, ItemKind::Standing | ItemKind::NextStep)
                                })
                                .unwrap_or(items.len());
                            assert!(emergency_end <= first_stage, "{}", why());
                            assert!(
                                emergency_end >= 2 + e.actions.len() + p.emergency.contacts.len(),
                                "{}",
                                why()
                            );
                        } else {
                            assert!(advice.emergency.is_none(), "{}", why());
                        }
                        if let Some(r) = resolved_at {
                            assert_eq!(advice.status, Status::Resolved, "{}", why());
                            assert!(advice.next_step.is_none(), "{}", why());
                            assert!(advice.exhausted.is_none(), "{}", why());
                            assert!(advice.awaiting_last.is_none(), "{}", why());
                            assert!(
                                !items.iter().any(|i| i.kind == ItemKind::NextStep
                                    || i.kind == ItemKind::Exhausted),
                                "{}",
                                why()
                            );
                            assert!(
                                !matches!(advice.form.place, FormPlace::Now | FormPlace::Later),
                                "{}: form {:?}",
                                why(),
                                advice.form.place
                            );
                            assert!(!advice.form.due_now, "{}", why());
                            let form_stage = route.stages.iter().position(|s| s.submits_form);
                            if let (Some(fs), Some(f)) = (form_stage, furthest) {
                                if f < fs {
                                    assert_eq!(
                                        advice.form.place,
                                        FormPlace::NotNeeded,
                                        "{}",
                                        why()
                                    );
                                }
                            }
                            assert_eq!(
                                advice.resolved_at.as_ref().map(|x| x.position),
                                Some(r + 1),
                                "{}",
                                why()
                            );
                            let map = EscalationMap::of(&advice).unwrap();
                            assert!(map.resolved.is_some(), "{}", why());
                            assert_eq!(map.stops[r].mark, Mark::Resolved, "{}", why());
                        } else {
                            assert!(advice.resolved_at.is_none(), "{}", why());
                        }
                    }
                }
            }
        }
    }
    assert!(cases > 10_000, "only {cases} cases");
}

#[test]
fn every_disagreement_context_urgency_and_harm() {
    let seed = base_seed() ^ 0xD15A;
    let mut k = 0u64;
    for p in protocols() {
        for d in &p.disagreements {
            for ctx in context_combinations(&p, &d.id) {
                for urgency in urgency_choices(&p) {
                    for harm in [None, Some(false), Some(true)] {
                        for _ in 0..3 {
                            k += 1;
                            let case_seed = seed.wrapping_add(k);
                            let mut rng = Rng::new(case_seed);
                            let mut a = Answers {
                                immediate_harm: harm,
                                urgency: urgency.clone(),
                                disagreement: Some(d.id.clone()),
                                context: ctx.clone(),
                                ..Answers::default()
                            };
                            let route = base_route(&p, &a);
                            for _ in 0..rng.below(8) {
                                a.attempts.push(random_attempt(&mut rng, &p, route));
                            }
                            run(&p, &a, random_date(&mut rng), case_seed);
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn random_answers_of_every_shape() {
    let seed = base_seed() ^ 0xA11;
    let cases = case_count(2000);
    for p in protocols() {
        for k in 0..cases {
            let case_seed = seed.wrapping_add(k as u64);
            let mut rng = Rng::new(case_seed);
            let a = random_answers(&mut rng, &p);
            let today = random_today(&mut rng);
            run(&p, &a, today, case_seed);
        }
    }
}

#[test]
fn attempts_in_any_order_give_the_same_next_step() {
    // The next step depends on which stages were attempted, not on the order
    // they were entered in (only the latest outcome at a stage does).
    let seed = base_seed() ^ 0x0DE5;
    for p in protocols() {
        for k in 0..500u64 {
            let case_seed = seed.wrapping_add(k);
            let mut rng = Rng::new(case_seed);
            let mut a = random_answers(&mut rng, &p);
            // One attempt per stage, so entry order cannot change any latest outcome.
            let mut seen = std::collections::BTreeSet::new();
            a.attempts.retain(|t| seen.insert(t.stage.clone()));
            let today = random_date(&mut rng);
            let first = run(&p, &a, today, case_seed);
            rng.shuffle(&mut a.attempts);
            let second = run(&p, &a, today, case_seed);
            assert_eq!(
                first
                    .next_step
                    .as_ref()
                    .map(|n| (&n.stage_id, &n.timescales)),
                second
                    .next_step
                    .as_ref()
                    .map(|n| (&n.stage_id, &n.timescales)),
                "{}: seed {case_seed}: order changed the next step",
                p.id
            );
            assert_eq!(first.status, second.status, "{}: seed {case_seed}", p.id);
        }
    }
}

#[test]
fn every_protocol_reaches_every_route_and_stage() {
    // Guards the exhaustive test: a route no answer leads to is never proven.
    for p in protocols() {
        for r in &p.routes {
            let reachable = p.disagreements.iter().any(|d| {
                context_combinations(&p, &d.id).into_iter().any(|ctx| {
                    let a = Answers {
                        disagreement: Some(d.id.clone()),
                        context: ctx,
                        ..Answers::default()
                    };
                    base_route(&p, &a).is_some_and(|x| x.id == r.id)
                })
            });
            assert!(reachable, "{}: no answers lead to route {}", p.id, r.id);
            assert!(
                !r.stages.is_empty(),
                "{}: route {} has no stages",
                p.id,
                r.id
            );
        }
    }
}

#[test]
fn generator_is_deterministic() {
    let mut a = Rng::new(42);
    let mut b = Rng::new(42);
    for _ in 0..100 {
        assert_eq!(a.next_u64(), b.next_u64());
    }
    assert_ne!(Rng::new(0).next_u64(), 0);
}

// ---------------------------------------------------------------------------
// Rules pinned on the synthetic protocol

fn syn_answers(attempts: &[(&str, &str, Outcome)]) -> Answers {
    Answers {
        immediate_harm: Some(false),
        urgency: Some("routine".into()),
        disagreement: Some("threshold".into()),
        attempts: attempts
            .iter()
            .map(|(s, d, o)| Attempt {
                stage: s.to_string(),
                date: d.to_string(),
                outcome: *o,
                ..Attempt::default()
            })
            .collect(),
        ..Answers::default()
    }
}

/// A deadline counted from the first attempt at a named stage (the
/// synthetic Stage 4: "within 60 working days of stage 2") does not move
/// when that stage is chased; one counted from the last attempt would.
#[test]
fn a_chase_does_not_move_a_deadline_counted_from_a_stages_first_attempt() {
    let p = synthetic();
    let a = syn_answers(&[
        ("stage-1", "2026-11-02", Outcome::NotResolved),
        ("stage-2", "2026-11-09", Outcome::NotResolved),
        ("stage-2", "2026-11-16", Outcome::NotResolved),
        ("stage-3", "2026-11-18", Outcome::NotResolved),
    ]);
    let advice = advise(&p, &a, Date::parse("2026-11-20").unwrap());
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-4");
    let due = first_due(n).unwrap();
    assert_eq!(due.from.to_string(), "2026-11-09");
    assert_eq!(
        due.date,
        Date::parse("2026-11-09").unwrap().add_working_days(60)
    );
    assert!(
        due.explanation.contains("your first attempt at Stage 2"),
        "{}",
        due.explanation
    );
}

/// A stage with several timescales, each owed by someone (the synthetic
/// L2: an acknowledgement at once by the other professional, a plan within
/// two working days of the first discussion by both, and the managers'
/// reply within a working day for quick cases only): the next step lists
/// those that hold, each with its owner and date; while a reply is awaited
/// there, the page, the form and the calendar give the same dates, and a
/// chase moves only the one counted from the last attempt.
#[test]
fn several_timescales_at_a_stage_each_with_its_owner_and_date() {
    use case_resolution_core::calendar;
    use case_resolution_core::form::{build, text, FormMeta};
    let p = synthetic();
    let capacity = |urgency: &str, attempts: &[(&str, &str, Outcome)]| Answers {
        urgency: Some(urgency.into()),
        disagreement: Some("capacity".into()),
        ..syn_answers(attempts)
    };
    let today = Date::parse("2026-11-20").unwrap();
    // The next step, before anything is tried at L2: counted from today.
    let a = capacity("routine", &[("l1", "2026-11-16", Outcome::NotResolved)]);
    let advice = advise(&p, &a, today);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "l2");
    let labels: Vec<String> = n.timescales.iter().map(|d| d.label()).collect();
    assert_eq!(
        labels,
        [
            "The other professional: an acknowledgement immediately",
            "Both of you: an agreed plan within 48 hours (two working days) of the first discussion"
        ],
        "the routine answers leave out the managers' timescale"
    );
    assert!(n
        .timescales
        .iter()
        .all(|d| d.due.as_ref().is_some_and(|x| !x.from_attempt)));
    let html = advice_html(&advice, &p).to_string();
    for l in &labels {
        assert!(html.contains(l.as_str()), "{l} is not on the page");
    }

    // Tried on Friday 20 November, chased on Tuesday 24, a reply awaited,
    // quick: three timescales, the chase moving only the managers'.
    let a = capacity(
        "quick",
        &[
            ("l1", "2026-11-16", Outcome::NotResolved),
            ("l2", "2026-11-20", Outcome::NotResolved),
            ("l2", "2026-11-24", Outcome::NoResponseYet),
        ],
    );
    let advice = advise(&p, &a, Date::parse("2026-11-25").unwrap());
    let w = advice
        .awaiting
        .as_ref()
        .expect("the awaited stage's timescales");
    assert_eq!(w.stage.stage_id, "l2");
    let dates: Vec<(String, String)> = w
        .deadlines
        .iter()
        .map(|d| {
            let due = d.due.as_ref().unwrap();
            (due.from.to_string(), due.date.to_string())
        })
        .collect();
    let expect = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        dates,
        [
            expect("2026-11-20", "2026-11-20"),
            expect("2026-11-20", "2026-11-24"),
            expect("2026-11-24", "2026-11-25"),
        ]
    );
    assert_eq!(
        w.deadlines[2].timescale.owed_by.as_deref(),
        Some("the managers")
    );
    // The page names the stage and gives each date.
    let html = advice_html(&advice, &p).to_string();
    assert!(html.contains("Waiting for a response at L2"), "{html}");
    for d in &w.deadlines {
        assert!(html.contains(&d.due.as_ref().unwrap().date.long()));
        assert!(html.contains(&d.label()));
    }
    // The form says the same.
    let meta = FormMeta {
        reference: "CR-20261125-TEST".into(),
        generated: "2026-11-25 10:00".into(),
        date: Date::parse("2026-11-25").unwrap(),
    };
    let text = text::render(&build(&p, &a, &advice, &meta));
    assert!(text.contains("Waiting on: L2"), "{text}");
    for d in &w.deadlines {
        assert!(text.contains(&d.label()), "{text}");
        assert!(
            text.contains(&d.due.as_ref().unwrap().date.long()),
            "{text}"
        );
    }
    // The calendar: one event, on the first date anything falls due.
    let plan = calendar::plan(&advice);
    assert_eq!(
        plan.due.map(|d| d.to_string()).as_deref(),
        Some("2026-11-20")
    );
    assert!(plan.awaited);
    assert!(
        plan.explanation.contains("an acknowledgement immediately"),
        "{}",
        plan.explanation
    );
}

/// Bank holidays in England and Wales are not working days: stage 2's
/// "within 3 working days" after Thursday 24 December 2026 passes Christmas
/// Day (Friday 25) and Boxing Day's substitute (Monday 28): Tuesday 29,
/// Wednesday 30, Thursday 31. Past the table's end, the page says holidays
/// are not known.
#[test]
fn due_dates_leave_out_bank_holidays_and_say_where_the_table_ends() {
    let p = synthetic();
    let a = syn_answers(&[("stage-1", "2026-12-24", Outcome::NotResolved)]);
    let advice = advise(&p, &a, Date::parse("2026-12-24").unwrap());
    let due = first_due(advice.next_step.as_ref().unwrap())
        .unwrap()
        .clone();
    assert_eq!(due.date.to_string(), "2026-12-31");
    assert!(
        !due.explanation.contains("not known"),
        "{}",
        due.explanation
    );
    let a = syn_answers(&[("stage-1", "2027-12-30", Outcome::NotResolved)]);
    let advice = advise(&p, &a, Date::parse("2027-12-30").unwrap());
    let due = first_due(advice.next_step.as_ref().unwrap())
        .unwrap()
        .clone();
    assert_eq!(due.date.to_string(), "2028-01-04");
    assert!(
        due.explanation
            .contains("Bank holidays after Friday 31 December 2027 are not known"),
        "{}",
        due.explanation
    );
}

#[test]
fn due_date_counts_working_days_from_the_last_attempt_over_a_weekend() {
    let p = synthetic();
    // Stage 1 on Friday 27 November 2026; stage 2 "within 3 working days":
    // Monday 30, Tuesday 1, Wednesday 2 December.
    let a = syn_answers(&[("stage-1", "2026-11-27", Outcome::NotResolved)]);
    let advice = advise(&p, &a, Date::parse("2026-11-28").unwrap());
    let n = advice.next_step.as_ref().unwrap();
    let due = first_due(n).unwrap();
    assert_eq!(due.date.to_string(), "2026-12-02");
    assert_eq!(due.from.to_string(), "2026-11-27");
    assert!(due.from_attempt);
    assert!(due.explanation.contains("weekends are excluded"));
    assert!(due
        .explanation
        .contains("bank holidays in England and Wales"));
    let item = advice
        .items()
        .into_iter()
        .find(|i| i.text.starts_with("Due by"))
        .unwrap();
    assert_eq!(item.kind, ItemKind::NextStep);
    assert!(
        item.text.contains("Wednesday 2 December 2026"),
        "{}",
        item.text
    );
    assert_eq!(item.cite.section, "S4.2");
}

#[test]
fn due_date_counts_from_today_when_nothing_is_dated() {
    let p = synthetic();
    // Nothing attempted: stage 1 "within one working day" from today (a Saturday).
    let advice = advise(&p, &syn_answers(&[]), Date::parse("2026-11-28").unwrap());
    let due = first_due(advice.next_step.as_ref().unwrap())
        .unwrap()
        .clone();
    assert_eq!(due.date.to_string(), "2026-11-30");
    assert!(!due.from_attempt);
    assert!(due.explanation.contains("today"));
    // An undated attempt also counts from today.
    let a = syn_answers(&[("stage-1", "", Outcome::NotResolved)]);
    let advice = advise(&p, &a, Date::parse("2026-11-27").unwrap());
    let due = first_due(advice.next_step.as_ref().unwrap()).unwrap();
    assert_eq!(due.date.to_string(), "2026-12-02");
    assert!(!due.from_attempt);
}

#[test]
fn a_timescale_without_working_days_gives_no_date() {
    let p = synthetic();
    let a = syn_answers(&[
        ("stage-1", "2026-11-23", Outcome::NotResolved),
        ("stage-2", "2026-11-24", Outcome::NotResolved),
    ]);
    let n = advise(&p, &a, Date::parse("2026-11-25").unwrap())
        .next_step
        .unwrap();
    assert_eq!(n.timescales[0].timescale.text, "as soon as possible");
    assert!(first_due(&n).is_none() && n.no_timescale.is_none());
}

#[test]
fn context_answers_switch_route_and_highlight_alternatives() {
    let p = synthetic();
    let mut a = syn_answers(&[]);
    a.context.insert("agency".into(), "health".into());
    let advice = advise(&p, &a, Date::parse("2026-11-23").unwrap());
    let n = advice.next_step.unwrap();
    assert_eq!(advice.route.unwrap().id, "main");
    assert!(n.alternatives[0].applies_to_you && !n.alternatives[1].applies_to_you);
    // "school" switches route; "fast" (asked later) wins over it.
    a.context.insert("agency".into(), "school".into());
    assert_eq!(route_id(&p, &a), "schools");
    a.context.insert("speed".into(), "fast".into());
    assert_eq!(route_id(&p, &a), "quick");
    // An answer to a question this disagreement does not ask changes nothing.
    let mut b = syn_answers(&[]);
    b.disagreement = Some("capacity".into());
    b.context.insert("speed".into(), "fast".into());
    assert_eq!(route_id(&p, &b), "long");
}

fn route_id(p: &Protocol, a: &Answers) -> String {
    advise(p, a, Date::parse("2026-11-23").unwrap())
        .route
        .unwrap()
        .id
}

#[test]
fn the_form_text_follows_the_current_routes_form_stage() {
    let p = synthetic();
    let today = Date::parse("2026-11-23").unwrap();
    let before = advise(&p, &syn_answers(&[]), today);
    assert_eq!(before.form.stage_name.as_deref(), Some("Stage 4: the form"));
    assert!(before
        .form
        .text
        .contains("at this stage: Stage 4: the form"));
    let due = advise(
        &p,
        &syn_answers(&[
            ("stage-1", "2026-11-02", Outcome::NotResolved),
            ("stage-2", "2026-11-03", Outcome::NotResolved),
            ("stage-3", "2026-11-04", Outcome::NotResolved),
        ]),
        today,
    );
    assert!(due.form.due_now && due.form.text.contains("is submitted"));
    let reached = advise(
        &p,
        &syn_answers(&[("stage-4", "2026-11-04", Outcome::NoResponseYet)]),
        today,
    );
    assert!(!reached.form.due_now && reached.form.text.contains("make sure it went"));
    // The schools route has no form stage: never point at another route's.
    let mut s = syn_answers(&[]);
    s.context.insert("agency".into(), "school".into());
    let schools = advise(&p, &s, today);
    assert_eq!(schools.form.stage_name, None);
    assert!(schools
        .form
        .text
        .contains("does not make a formal form part"));
}

#[test]
fn a_later_unresolved_attempt_after_a_resolved_one_is_pointed_out() {
    let p = synthetic();
    let a = syn_answers(&[
        ("stage-1", "2026-11-02", Outcome::Resolved),
        ("stage-2", "2026-11-09", Outcome::NotResolved),
    ]);
    let advice = advise(&p, &a, Date::parse("2026-11-23").unwrap());
    assert_eq!(advice.status, Status::Resolved);
    assert!(advice.next_step.is_none());
    assert!(advice
        .warnings
        .iter()
        .any(|w| w.text.contains("attempts entered after it are not")));
}

#[test]
fn items_follow_the_issue_order() {
    // Emergency; route; standing and warnings; next step; form; special
    // cases; after resolution; exhausted; tips.
    let p = synthetic();
    let mut a = syn_answers(&[("stage-2", "2026-11-20", Outcome::NoResponseYet)]);
    a.immediate_harm = Some(true);
    a.special_cases.insert("serious".into());
    let kinds: Vec<ItemKind> = advise(&p, &a, Date::parse("2026-11-23").unwrap())
        .items()
        .into_iter()
        .map(|i| i.kind)
        .collect();
    let mut order = kinds.clone();
    order.dedup();
    assert_eq!(
        order,
        [
            ItemKind::Emergency,
            ItemKind::Route,
            ItemKind::Urgency,
            ItemKind::Standing,
            ItemKind::Warning,
            ItemKind::NextStep,
            ItemKind::Form,
            ItemKind::SpecialCase,
            ItemKind::AfterResolution,
            ItemKind::Tip,
        ]
    );
}

/// A special case the protocol sends elsewhere (the synthetic "complaint",
/// offered on the main route): ticked, its guidance is the answer, with no
/// route, stage, next step, map or form, and it is still offered so that it
/// can be unticked; unticked, the route is back with its attempts.
#[test]
fn a_special_case_sent_elsewhere_ends_the_route_while_it_is_ticked() {
    let p = synthetic();
    let today = Date::parse("2026-11-23").unwrap();
    let mut a = syn_answers(&[("stage-1", "2026-11-16", Outcome::NotResolved)]);
    a.special_cases.insert("complaint".into());
    let advice = check(&p, &a, today).unwrap();
    let e = advice.elsewhere.as_ref().expect("where to go instead");
    assert!(e.text.contains("complaints procedure"), "{}", e.text);
    assert_eq!(advice.status, Status::Elsewhere);
    assert!(advice.route.is_none() && advice.next_step.is_none());
    assert!(advice.standing.is_empty() && EscalationMap::of(&advice).is_none());
    assert_eq!(advice.form.place, FormPlace::NotInRoute);
    assert!(
        advice.special_cases.is_empty(),
        "its guidance is the answer, not a note"
    );
    assert!(
        case_resolution_core::guidance::special_cases_offered(&p, &a)
            .iter()
            .any(|s| s.id == "complaint")
    );
    a.special_cases.remove("complaint");
    let advice = check(&p, &a, today).unwrap();
    assert!(advice.elsewhere.is_none());
    assert_eq!(
        advice.next_step.map(|n| n.stage_id).as_deref(),
        Some("stage-2")
    );
}
