//! The fixture case for form tests: one complete case per protocol, built
//! from the protocol's own data so a new protocol file gets one at once.
//! Used by the core's form tests, the DOCX exporter's tests and the
//! widget's hostile-protocol sweep.

use case_resolution_core::form::{self, FormDocument, FormMeta};
use case_resolution_core::guidance::{advise, route_for, Answers, Attempt, Basis, Date, Outcome};
use case_resolution_core::protocol::Protocol;

/// The fixed date, time and reference every golden file is made with.
pub fn meta() -> FormMeta {
    let date = Date::parse("2026-11-23").unwrap();
    FormMeta {
        // CR-20261123-7F3K
        reference: form::reference(date, 0x0008_85A5),
        generated: "2026-11-23 14:05".into(),
        date,
    }
}

pub fn protocols() -> Vec<Protocol> {
    case_resolution_core::protocol::bundled().expect("bundled protocols load")
}

/// A full case: every detail filled in except the agency reference (to show
/// "Not given"), every stage but the last attempted, the first special case
/// flagged.
pub fn answers(p: &Protocol) -> Answers {
    let mut a = Answers::default();
    if p.covers_both() {
        a.subject = Some(p.covers[0]);
    }
    a.immediate_harm = Some(true);
    a.immediate_action =
        "Phoned the front door at 09:10; police welfare check the same morning.".into();
    a.urgency = p
        .urgencies
        .get(1)
        .or(p.urgencies.first())
        .map(|u| u.id.clone());
    let dis = p
        .disagreements
        .iter()
        .find(|d| !d.questions.is_empty())
        .or(p.disagreements.first())
        .expect("a disagreement type");
    a.set_disagreement(p, &dis.id.clone());
    for q in dis.questions.clone() {
        if let Some(o) = p.question(&q).and_then(|q| q.options.first()) {
            a.set_context(p, &q, &o.id.clone());
        }
    }
    let route = route_for(p, &a).expect("a route").clone();
    let n = route.stages.len();
    for (i, s) in route
        .stages
        .iter()
        .take(n.saturating_sub(1).max(1))
        .enumerate()
    {
        a.attempts.push(Attempt {
            stage: s.id.clone(),
            date: format!("2026-11-{:02}", 2 + 3 * i),
            with_name: format!("Jo Bloggs-{}", i + 1),
            with_role: "Team manager".into(),
            with_agency: "Children's Social Care".into(),
            outcome: if i + 2 == n {
                Outcome::NoResponseYet
            } else {
                Outcome::NotResolved
            },
            notes: format!(
                "Discussed on the phone.\nAgreed to review by stage {}.",
                i + 2
            ),
            ..Attempt::default()
        });
    }
    if let Some(s) = p.special_cases.first() {
        a.special_cases.insert(s.id.clone());
    }
    let d = &mut a.details;
    d.your_name = "Siân O'Brien".into();
    d.your_role = "Designated safeguarding lead".into();
    d.your_agency = "Example Primary School".into();
    d.your_contact = "01234 567890".into();
    d.consulted_name = "Ravi Patel".into();
    d.consulted_role = "Head teacher".into();
    d.subject_initials = "A.B.".into();
    d.subject_reference = String::new();
    d.subject_age = "7".into();
    d.decision_agency = "Children's Social Care (MASH)".into();
    d.decision_role = "MASH duty team".into();
    d.decision_date = "2026-10-30".into();
    d.concern = "Referral closed with no assessment after a third disclosure.\nThe child said \"I don't want to go home\" & was frightened.".into();
    d.basis = Some(Basis::Both);
    d.outcome_sought = "A strategy discussion and a child and family assessment.".into();
    a
}

/// The two cases of the safety rules, from the full case: No on Safety with
/// the protocol's immediate-harm urgency ("conflict"), and resolved at the
/// route's first stage with no harm reported ("resolved-1").
pub fn safety_variants(p: &Protocol) -> Vec<(&'static str, Answers)> {
    let full = answers(p);
    let mut conflict = full.clone();
    conflict.immediate_harm = Some(false);
    conflict.immediate_action.clear();
    conflict.urgency = p
        .urgencies
        .iter()
        .find(|u| u.immediate_harm)
        .map(|u| u.id.clone());
    let mut resolved = full;
    resolved.immediate_harm = Some(false);
    resolved.immediate_action.clear();
    resolved.urgency = p
        .urgencies
        .iter()
        .rfind(|u| !u.immediate_harm)
        .map(|u| u.id.clone());
    resolved.attempts.truncate(1);
    if let Some(first) = resolved.attempts.first_mut() {
        first.outcome = Outcome::Resolved;
    }
    vec![("conflict", conflict), ("resolved-1", resolved)]
}

pub fn document(p: &Protocol, a: &Answers) -> FormDocument {
    let meta = meta();
    let advice = advise(p, a, meta.date);
    form::build(p, a, &advice, &meta)
}

/// Every free-text value the practitioner typed in `a`.
pub fn typed_values(a: &Answers) -> Vec<String> {
    let d = &a.details;
    let mut v = vec![
        a.immediate_action.clone(),
        d.your_name.clone(),
        d.your_role.clone(),
        d.your_agency.clone(),
        d.your_contact.clone(),
        d.consulted_name.clone(),
        d.consulted_role.clone(),
        d.subject_initials.clone(),
        d.subject_reference.clone(),
        d.subject_age.clone(),
        d.decision_agency.clone(),
        d.decision_role.clone(),
        d.decision_date.clone(),
        d.concern.clone(),
        d.outcome_sought.clone(),
    ];
    for t in &a.attempts {
        v.extend([
            t.date.clone(),
            t.with_name.clone(),
            t.with_role.clone(),
            t.with_agency.clone(),
            t.notes.clone(),
        ]);
    }
    v.retain(|s| !s.is_empty());
    v
}

/// Answers with `payload` in every free-text field and every id.
pub fn hostile(p: &Protocol, payload: &str) -> Answers {
    let mut a = answers(p);
    let s = payload.to_string();
    a.immediate_action = s.clone();
    let d = &mut a.details;
    for f in d.text_fields_mut() {
        *f = s.clone();
    }
    for t in &mut a.attempts {
        t.date = s.clone();
        t.with_name = s.clone();
        t.with_role = s.clone();
        t.with_agency = s.clone();
        t.notes = s.clone();
    }
    // An unknown stage id (as a hand-edited draft could hold) is shown as is.
    a.attempts.push(Attempt {
        stage: s.clone(),
        notes: s.clone(),
        ..Attempt::default()
    });
    a
}

/// A maximal case: every stage of every route attempted, 10 000-character fields.
pub fn maximal(p: &Protocol) -> Answers {
    let long = |seed: &str| seed.repeat(10_000 / seed.len() + 1)[..10_000].to_string();
    let mut a = hostile(p, &long("Long text & <markup> ünïcödé 🙂 \n"));
    a.attempts.clear();
    for r in &p.routes {
        for s in &r.stages {
            a.attempts.push(Attempt {
                stage: s.id.clone(),
                date: "2026-11-02".into(),
                with_name: long("Name "),
                with_role: long("Role "),
                with_agency: long("Agency "),
                outcome: Outcome::NotResolved,
                notes: long("Notes line\n"),
                ..Attempt::default()
            });
        }
    }
    a.special_cases = p.special_cases.iter().map(|s| s.id.clone()).collect();
    a
}
