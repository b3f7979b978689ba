//! The helpers the scenario tests share (`core/tests/engine_scenarios.rs`
//! and `core/tests/corrections/`): a protocol by id, answers with attempts,
//! the advice on a fixed Monday, and case-insensitive text checks.

use case_resolution_core::guidance::{advise, Advice, Answers, Attempt, Date, Outcome};
use case_resolution_core::protocol::{bundled, load_str, render_errors, Protocol};

/// A Monday.
pub const TODAY: &str = "2026-11-23";

/// The bundled protocol, or, while it is still being added to the bundle,
/// the file `protocols/<id>.toml`.
pub fn protocol(id: &str) -> Protocol {
    if let Some(p) = bundled()
        .expect("bundled protocols load")
        .into_iter()
        .find(|p| p.id == id)
    {
        return p;
    }
    let path = crate::root()
        .join(format!("protocols/{id}.toml"))
        .display()
        .to_string();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("protocol {id} is neither bundled nor in {path}: {e}"));
    load_str(&path, &text).unwrap_or_else(|e| panic!("{}", render_errors(&text, &e)))
}

/// A date written `YYYY-MM-DD`.
pub fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// No immediate harm, this disagreement and this urgency.
pub fn answers(disagreement: &str, urgency: &str) -> Answers {
    Answers {
        immediate_harm: Some(false),
        urgency: Some(urgency.into()),
        disagreement: Some(disagreement.into()),
        ..Answers::default()
    }
}

/// One attempt at `stage` on `on`.
pub fn attempt(stage: &str, on: &str, outcome: Outcome) -> Attempt {
    Attempt {
        stage: stage.into(),
        date: on.into(),
        outcome,
        ..Attempt::default()
    }
}

/// `a` with these attempts (stage id, date, outcome) recorded.
pub fn with(mut a: Answers, attempts: &[(&str, &str, Outcome)]) -> Answers {
    for (s, d, o) in attempts {
        a.attempts.push(attempt(s, d, *o));
    }
    a
}

/// The advice on [`TODAY`].
pub fn run(p: &Protocol, a: &Answers) -> Advice {
    advise(p, a, date(TODAY))
}

/// Case-insensitive: every needle occurs in the haystack.
#[track_caller]
pub fn has(haystack: &str, needles: &[&str]) {
    let h = haystack.to_lowercase();
    for n in needles {
        assert!(
            h.contains(&n.to_lowercase()),
            "expected {n:?} in:\n{haystack}"
        );
    }
}

/// Case-insensitive: no needle occurs in the haystack.
#[track_caller]
pub fn lacks(haystack: &str, needles: &[&str]) {
    let h = haystack.to_lowercase();
    for n in needles {
        assert!(
            !h.contains(&n.to_lowercase()),
            "did not expect {n:?} in:\n{haystack}"
        );
    }
}
