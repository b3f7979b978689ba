//! Scenario tests, each written from the source text of a protocol (quoted in
//! the comment above it; the seeds are in `../shared/seeds/`), asserting the
//! role or body the source names for the next step.
//!
//! Assertions use substrings that appear in, or closely paraphrase, the
//! source, so a protocol file that drifts from its source fails here.

use case_resolution::guidance::{
    advise, Advice, Answers, Attempt, Date, ItemKind, Outcome, Status,
};
use case_resolution::protocol::{bundled, Protocol};

fn protocol(id: &str) -> Protocol {
    bundled()
        .expect("bundled protocols load")
        .into_iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("protocol {id} is not bundled"))
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A Monday.
const TODAY: &str = "2026-11-23";

fn answers(disagreement: &str, urgency: &str) -> Answers {
    Answers {
        immediate_harm: Some(false),
        urgency: Some(urgency.into()),
        disagreement: Some(disagreement.into()),
        ..Answers::default()
    }
}

fn attempt(stage: &str, on: &str, outcome: Outcome) -> Attempt {
    Attempt {
        stage: stage.into(),
        date: on.into(),
        outcome,
        ..Attempt::default()
    }
}

fn with(mut a: Answers, attempts: &[(&str, &str, Outcome)]) -> Answers {
    for (s, d, o) in attempts {
        a.attempts.push(attempt(s, d, *o));
    }
    a
}

fn run(p: &Protocol, a: &Answers) -> Advice {
    advise(p, a, date(TODAY))
}

/// Case-insensitive: every needle occurs in the haystack.
#[track_caller]
fn has(haystack: &str, needles: &[&str]) {
    let h = haystack.to_lowercase();
    for n in needles {
        assert!(
            h.contains(&n.to_lowercase()),
            "expected {n:?} in {haystack:?}"
        );
    }
}

/// All the next step's text in one string: who, role, action, contacts.
fn next_text(advice: &Advice) -> String {
    let n = advice.next_step.as_ref().expect("a next step");
    let mut s = format!("{} | {} | {} | {}", n.name, n.who, n.contact_role, n.action);
    for c in &n.contacts {
        s.push_str(&format!(
            " | {} {} {}",
            c.name,
            c.phone.as_deref().unwrap_or(""),
            c.email.as_deref().unwrap_or("")
        ));
    }
    for a in &n.alternatives {
        s.push_str(" | ");
        s.push_str(&a.text);
    }
    s
}

// ---------------------------------------------------------------------------
// Devon Children and Families Partnership: seed 001

const DCFP: &str = "devon-dcfp";
const DCFP_TYPE: &str = "referral-or-assessment";

/// "Stage 1: Professional discusses with their manager/named lead for child
/// protection in his or her own agency to clarify their thinking."
#[test]
fn dcfp_first_step_is_own_manager_or_named_lead() {
    let p = protocol(DCFP);
    let advice = run(&p, &answers(DCFP_TYPE, "routine"));
    assert_eq!(advice.status, Status::NotStarted);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-1");
    has(
        &n.contact_role,
        &["manager", "named lead for child protection"],
    );
    has(&n.action, &["clarify your thinking"]);
    // The source states no timescale for any stage.
    assert!(n.timescale.is_none() && n.due.is_none() && n.no_timescale.is_some());
    assert!(!advice.form.due_now);
}

/// "Stage 2: Initial attempts should be made to resolve the matter, this
/// would usually be through discussion between the two professionals
/// involved." / "Stage 3: If the problem is not resolved at Stage 2 the
/// concerned worker should contact their manager within their own agency, who
/// will contact the equivalent manager in the other agency to discuss and
/// seek to resolve."
#[test]
fn dcfp_stage_2_unresolved_goes_manager_to_manager() {
    let p = protocol(DCFP);
    let a = with(
        answers(DCFP_TYPE, "routine"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-2", "2026-11-18", Outcome::NotResolved),
        ],
    );
    let advice = run(&p, &a);
    assert_eq!(advice.status, Status::InProgress);
    assert!(advice.warnings.is_empty(), "{:?}", advice.warnings);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-3");
    has(
        &n.contact_role,
        &["your manager", "equivalent manager in the other agency"],
    );
}

/// "Stage 4: If the matter is not resolved at Stage 3, the manager reports to
/// their respective operations manager or named designated safeguarding
/// representative (for MASH, the Area Manager). These two managers must
/// attempt to resolve the issue through discussion."
#[test]
fn dcfp_stage_3_unresolved_goes_to_operations_managers() {
    let p = protocol(DCFP);
    let a = with(
        answers(DCFP_TYPE, "routine"),
        &[
            ("stage-1", "2026-11-02", Outcome::NotResolved),
            ("stage-2", "2026-11-04", Outcome::NotResolved),
            ("stage-3", "2026-11-09", Outcome::NotResolved),
        ],
    );
    let n = run(&p, &a).next_step.unwrap();
    assert_eq!(n.stage_id, "stage-4");
    has(
        &n.contact_role,
        &[
            "operations manager",
            "named designated safeguarding representative",
            "Area Manager",
        ],
    );
}

/// "Stage 5: If the differences cannot be resolved at Stage 4, the designated
/// or named lead from the concerned agency will inform the DCFP by submitting
/// a Case Resolution form in order that the decision can be reviewed,
/// including the possibility of a review panel."
#[test]
fn dcfp_stage_4_unresolved_named_lead_submits_case_resolution_form() {
    let p = protocol(DCFP);
    let a = with(
        answers(DCFP_TYPE, "routine"),
        &[
            ("stage-1", "2026-11-02", Outcome::NotResolved),
            ("stage-2", "2026-11-04", Outcome::NotResolved),
            ("stage-3", "2026-11-09", Outcome::NotResolved),
            ("stage-4", "2026-11-16", Outcome::NotResolved),
        ],
    );
    let advice = run(&p, &a);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-5");
    assert_eq!((n.position, n.total), (5, 5));
    has(&n.who, &["designated or named lead"]);
    has(&n.action, &["DCFP", "Case Resolution form", "review panel"]);
    has(&next_text(&advice), &["Case Resolution form"]);
    assert!(n.submits_form);
    assert!(advice.form.due_now);
    has(&advice.form.title, &["Case Resolution form"]);
    has(&advice.form.recipient, &["DCFP"]);
    has(&advice.form.text, &["submitted"]);
}

/// "If you are concerned that a child is being abused please call 0345 155
/// 1071 or email mashsecure@devon.gov.uk. ... If it's an emergency call 999"
/// and "if a child is thought to be at risk of immediate harm discretion
/// should be used as to which stage is initiated".
#[test]
fn dcfp_immediate_harm_puts_999_and_mash_first_and_allows_a_higher_stage() {
    let p = protocol(DCFP);
    let mut a = with(
        answers(DCFP_TYPE, "immediate"),
        &[("stage-3", "2026-11-23", Outcome::NoResponseYet)],
    );
    a.immediate_harm = Some(true);
    let advice = run(&p, &a);
    let items = advice.items();
    assert_eq!(items[0].kind, ItemKind::Emergency);
    let e = advice.emergency.as_ref().unwrap();
    let phones: Vec<&str> = e
        .contacts
        .iter()
        .filter_map(|c| c.phone.as_deref())
        .collect();
    assert!(phones.contains(&"999"), "{phones:?}");
    assert!(phones.contains(&"0345 155 1071"), "{phones:?}");
    assert!(e
        .contacts
        .iter()
        .any(|c| c.email.as_deref() == Some("mashsecure@devon.gov.uk")));
    // Starting at Stage 3 is within the discretion: no skipped-stage warning.
    assert!(advice.warnings.is_empty(), "{:?}", advice.warnings);
    has(
        &advice.urgency.as_ref().unwrap().text,
        &["discretion", "stage"],
    );
    // Waiting at Stage 3, but never told to wait while a child is at risk.
    assert_eq!(advice.status, Status::Awaiting);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-4");
    has(n.waiting_note.as_deref().unwrap(), &["do not wait"]);
}

/// "Disagreements should be resolved at the lowest possible stage" and the
/// stages are taken in order: outside immediate harm, skipping Stage 2 is
/// warned about.
#[test]
fn dcfp_routine_skip_is_warned() {
    let p = protocol(DCFP);
    let a = with(
        answers(DCFP_TYPE, "routine"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-3", "2026-11-18", Outcome::NotResolved),
        ],
    );
    let advice = run(&p, &a);
    assert_eq!(advice.warnings.len(), 1);
    has(&advice.warnings[0].text, &["Stage 2"]);
    assert_eq!(advice.next_step.unwrap().stage_id, "stage-4");
}

/// "Designated lead for Child Protection feeds back to professionals with
/// original concerns." and 2.6 "unresolved escalations are reported up to the
/// PDG".
#[test]
fn dcfp_stage_5_unresolved_is_exhausted_with_feedback() {
    let p = protocol(DCFP);
    let stages = ["stage-1", "stage-2", "stage-3", "stage-4", "stage-5"];
    let a = with(
        answers(DCFP_TYPE, "routine"),
        &stages.map(|s| (s, "2026-11-02", Outcome::NotResolved)),
    );
    let advice = run(&p, &a);
    assert_eq!(advice.status, Status::Exhausted);
    assert!(advice.next_step.is_none());
    has(
        &advice.exhausted.as_ref().unwrap().text,
        &["DCFP", "feeds back"],
    );
    assert!(advice
        .after_resolution
        .iter()
        .any(|t| t.text.contains("Practice Development Group")));
}

/// "At all stages actions/decisions must be recorded in writing and shared
/// with relevant personnel." A resolution at Stage 2 ends the escalation.
#[test]
fn dcfp_resolved_at_stage_2_stops_and_records() {
    let p = protocol(DCFP);
    let a = with(
        answers(DCFP_TYPE, "quick"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-2", "2026-11-17", Outcome::Resolved),
        ],
    );
    let advice = run(&p, &a);
    assert_eq!(advice.status, Status::Resolved);
    assert!(advice.next_step.is_none());
    has(
        &advice.after_resolution[0].text,
        &["record", "writing", "share"],
    );
}

/// 3.2 "some scenarios which raise matters of such potentially serious
/// concern that they should be automatically logged with the chair of the
/// DCFP PDG"; 3.3.4 "The PDG should be informed and will offer a relevant
/// mediator".
#[test]
fn dcfp_special_cases_serious_concern_and_stuck() {
    let p = protocol(DCFP);
    let mut a = answers("other-case-decision", "routine");
    a.special_cases.insert("serious-concern".into());
    a.special_cases.insert("stuck".into());
    let advice = run(&p, &a);
    let texts: Vec<&str> = advice
        .special_cases
        .iter()
        .map(|s| s.guidance.as_str())
        .collect();
    assert_eq!(texts.len(), 2);
    has(texts[0], &["logged", "chair", "Practice Development Group"]);
    has(texts[1], &["PDG", "mediator"]);
}
