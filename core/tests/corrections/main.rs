//! Corrections found by a line-by-line review of the protocol files against
//! their sources. Each test fails on the wording it replaced, so
//! the old meaning cannot come back unnoticed. One module per protocol file.

use case_resolution_core::guidance::{
    outcomes_offered, Advice, Answers, EscalationMap, FormPlace, Mark, Outcome, Status,
};
use case_resolution_core::protocol::{bundled, Protocol, Stage};
use case_resolution_test_support::scenario::{answers, has, lacks, protocol, run, with};

mod darlington;
mod devon_dcfp;
mod devon_schools;
mod leeds;
mod sheffield;
mod wording;

/// The stage `id` of the route `route`.
fn stage<'a>(p: &'a Protocol, route: &str, id: &str) -> &'a Stage {
    p.route(route)
        .unwrap_or_else(|| panic!("no route {route}"))
        .stages
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no stage {id} in route {route}"))
}

/// The summary of the route `route` (empty if none).
fn summary(p: &Protocol, route: &str) -> String {
    p.route(route)
        .unwrap_or_else(|| panic!("no route {route}"))
        .summary
        .clone()
        .unwrap_or_default()
}

/// Every piece of text the advice shows, one item per line (what the
/// practitioner reads on the Next step page).
fn shown(advice: &Advice) -> String {
    advice
        .items()
        .iter()
        .map(|i| i.text.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every string a protocol file holds that a practitioner can read (labels,
/// hints, guidance, stages, texts), one per line; not ids or cites.
fn all_text(p: &Protocol) -> String {
    let mut out: Vec<String> = vec![
        p.name.clone(),
        p.form.title.clone(),
        p.form.recipient.clone(),
    ];
    out.push(p.emergency.summary.clone());
    out.extend(p.emergency.actions.iter().map(|a| a.text.clone()));
    for c in &p.contacts {
        out.push(c.name.clone());
        out.extend(c.note.clone());
    }
    for u in &p.urgencies {
        out.push(u.label.clone());
        out.extend(u.hint.clone());
        out.extend(u.guidance.clone());
    }
    for q in &p.questions {
        out.push(q.label.clone());
        out.extend(q.hint.clone());
        out.extend(q.options.iter().map(|o| o.label.clone()));
    }
    for d in &p.disagreements {
        out.push(d.label.clone());
        out.extend(d.hint.clone());
    }
    for r in &p.routes {
        out.push(r.name.clone());
        out.extend(r.summary.clone());
        out.extend(r.exhausted.as_ref().map(|x| x.text.clone()));
        for s in &r.stages {
            out.extend([
                s.name.clone(),
                s.who.clone(),
                s.contact_role.clone(),
                s.action.clone(),
            ]);
            out.extend(s.prepare.iter().cloned());
            out.extend(s.record.iter().cloned());
            out.extend(s.timescales.iter().map(|t| t.text.clone()));
            out.extend(s.alternatives.iter().map(|a| a.text.clone()));
        }
    }
    for s in &p.special_cases {
        out.extend([s.label.clone(), s.guidance.clone()]);
        out.extend(s.hint.clone());
    }
    out.extend(p.tips.iter().map(|t| t.text.clone()));
    out.extend(p.after_resolution.iter().map(|t| t.text.clone()));
    out.push(p.exhausted.text.clone());
    out.join("\n")
}

/// Immediate harm gets the emergency guidance and nothing that suggests
/// waiting (the review found Darlington pairing it with "Stage 1 is due
/// within one working day"): for every protocol, under immediate harm and
/// its most urgent level, 999 comes first, and what is said before the next
/// step (the emergency panel and the urgency's meaning) names no timescale.
#[test]
fn immediate_harm_says_999_first_and_nothing_about_waiting() {
    for p in bundled().expect("bundled protocols load") {
        let urgent = p.urgencies.first().expect("an urgency");
        let d = p.disagreements.first().expect("a disagreement");
        let mut a = answers(&d.id, &urgent.id);
        a.immediate_harm = Some(true);
        let advice = run(&p, &a);
        let text = shown(&advice);
        assert!(
            text.starts_with(case_resolution_core::guidance::CALL_999),
            "{}: {text}",
            p.id
        );
        let before_next: String = text
            .lines()
            .take_while(|l| !l.starts_with("Next step"))
            .collect::<Vec<_>>()
            .join("\n");
        lacks(
            &before_next,
            &["working day", "within one", "within 1", "is due"],
        );
    }
}

/// 999 is the widget's own baseline (`guidance::CALL_999`): the files whose
/// sources print no 999 (Darlington, Leeds, Sheffield) neither list it nor
/// say it, and their emergency summaries say there is no emergency contact
/// and not to wait. (The Devon files, whose source prints it, have their own
/// tests.)
#[test]
fn sources_without_999_neither_list_nor_say_it() {
    for id in ["darlington", "leeds", "sheffield"] {
        let p = protocol(id);
        assert!(
            p.contacts
                .iter()
                .all(|c| !c.phone.as_deref().is_some_and(|ph| ph.contains("999"))),
            "{id}"
        );
        assert!(
            p.emergency.contacts.is_empty(),
            "{id}: {:?}",
            p.emergency.contacts
        );
        lacks(&all_text(&p), &["999", "Emergency services"]);
        has(
            &p.emergency.summary,
            &["do not wait", "no emergency contact"],
        );
    }
}
