//! The Next step states the layout check measures in real browsers
//! (`tests/e2e/next-step-glance.spec.mjs`), written from the engine: for
//! every bundled protocol, one route and six states (first stage, a middle
//! stage, last stage awaiting, every stage tried, resolved, harm reported),
//! each as the saved answers the widget restores and the engine's values for
//! the summary the page must show first. The file is checked in so the
//! browser test needs no Rust; this test fails when it is out of date
//! (write it again with `CR_UPDATE_FIXTURES=1`).

use case_resolution_core::form::draft;
use case_resolution_core::guidance::{advise, Advice, Answers, Attempt, Date, Outcome};
use case_resolution_core::protocol::{Protocol, Subject};
use case_resolution_test_support::{form_fixture, root};
use serde_json::{json, Value};

/// Attempts are dated a working week apart, from here.
const FIRST_ATTEMPT: &str = "2026-11-02";

/// The answers every state starts from: no immediate harm, the first
/// subject the protocol covers, routine urgency (the last one offered that
/// is not immediate harm), the first option of every context question, and
/// of the disagreement types the one whose route has the most stages.
fn base(p: &Protocol) -> Answers {
    let mut a = Answers {
        subject: p.covers_both().then_some(p.covers[0]),
        immediate_harm: Some(false),
        urgency: p
            .urgencies
            .iter()
            .rev()
            .find(|u| !u.immediate_harm)
            .map(|u| u.id.clone()),
        ..Answers::default()
    };
    let subject: Option<Subject> = a.subject;
    let mut best: Option<(usize, Answers)> = None;
    for d in p.disagreements_for(subject) {
        let mut b = a.clone();
        b.set_disagreement(p, &d.id);
        for q in b.questions(p) {
            let (qid, first) = (q.id.clone(), q.options[0].id.clone());
            b.set_context(p, &qid, &first);
        }
        let stages = advise(p, &b, today()).standing.len();
        if best.as_ref().is_none_or(|(n, _)| stages > *n) {
            best = Some((stages, b));
        }
    }
    a = best.expect("a disagreement type").1;
    a
}

fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}

/// `a` with one attempt at each of the first `n` stages of its route, the
/// last of them ending `last`, the others not resolved.
fn tried(p: &Protocol, a: &Answers, n: usize, last: Outcome) -> Answers {
    let stages: Vec<String> = advise(p, a, today())
        .standing
        .iter()
        .map(|s| s.stage_id.clone())
        .collect();
    let mut out = a.clone();
    let start = Date::parse(FIRST_ATTEMPT).unwrap();
    for (i, id) in stages.iter().take(n).enumerate() {
        out.attempts.push(Attempt {
            stage: id.clone(),
            date: start.add_working_days(5 * i as u32).to_string(),
            outcome: if i + 1 == n {
                last
            } else {
                Outcome::NotResolved
            },
            ..Attempt::default()
        });
    }
    out
}

/// What the page's summary must show, from the engine.
fn expected(advice: &Advice) -> Value {
    match &advice.next_step {
        Some(n) => json!({
            "name": n.name,
            "who": n.who,
            "contact": n.contact_role,
            "contacts": n.contacts.iter().map(|c| &c.name).collect::<Vec<_>>(),
            "timescales": n.timescales.iter().map(|d| d.label()).collect::<Vec<_>>(),
            "dated": n.timescales.iter().filter(|d| d.due.is_some()).count(),
            "noTimescale": n.no_timescale,
            "take": n.prepare,
        }),
        None => json!({
            "resolvedAt": advice.resolved_at.as_ref().map(|r| r.label()),
            "exhausted": advice.exhausted.as_ref().map(|x| &x.text),
            "awaitingLast": advice.awaiting_last.is_some(),
        }),
    }
}

fn states(p: &Protocol) -> Value {
    let a = base(p);
    let advice = advise(p, &a, today());
    let n = advice.standing.len();
    let route = advice.route.as_ref().expect("a route");
    let mut harm = a.clone();
    harm.immediate_harm = Some(true);
    let list = [
        ("first stage", a.clone()),
        ("a middle stage", tried(p, &a, n / 2, Outcome::NotResolved)),
        (
            "last stage awaiting",
            tried(p, &a, n, Outcome::NoResponseYet),
        ),
        ("every stage tried", tried(p, &a, n, Outcome::NotResolved)),
        ("resolved", tried(p, &a, 1, Outcome::Resolved)),
        ("harm reported", harm),
    ];
    let states: Vec<Value> = list
        .iter()
        .map(|(name, answers)| {
            let advice = advise(p, answers, today());
            json!({
                "state": name,
                "draft": draft::to_compact(&p.id, answers),
                "expect": expected(&advice),
            })
        })
        .collect();
    json!({
        "protocol": p.id,
        "route": route.name,
        "disagreement": a.disagreement,
        "stages": n,
        "states": states,
    })
}

#[test]
fn the_next_step_states_file_is_the_engines() {
    let all: Vec<Value> = form_fixture::protocols().iter().map(states).collect();
    for p in &all {
        assert!(
            p["stages"].as_u64().unwrap() >= 2,
            "{}: a route of two stages or more, so the states differ",
            p["protocol"]
        );
    }
    let written = serde_json::to_string_pretty(&all).unwrap() + "\n";
    let path = root().join("tests/e2e/fixtures/next-step-states.json");
    if std::env::var_os("CR_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &written).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == written,
        "{} is out of date: write it again with CR_UPDATE_FIXTURES=1 cargo test -p \
         case-resolution-tools --test next_step_states",
        path.display()
    );
}
