use super::*;

use case_resolution_core::protocol::When;

const SCSP: &str = "sheffield";

/// 4: other professionals "have the right to request that local authority
/// children's social care convene a conference", not "may ask".
#[test]
fn professionals_have_the_right_to_request_a_conference() {
    let p = protocol(SCSP);
    lacks(&all_text(&p), &["may ask"]);
    has(&summary(&p, "conference"), &["have the right to request"]);
    let n = run(&p, &answers("no-conference", "routine"))
        .next_step
        .expect("a next step");
    assert_eq!(n.stage_id, "request");
    has(&n.action, &["you have the right to request"]);
}

/// 3: "A clear record should be kept at all stages, by all parties": the
/// chapter never sends a record to the Chair of SCSP.
#[test]
fn the_record_is_not_sent_to_the_chair() {
    let p = protocol(SCSP);
    lacks(
        &p.form.recipient,
        &["Chair", "Sheffield Children Safeguarding"],
    );
    has(
        &p.form.recipient,
        &["parties to the disagreement", "names no form"],
    );
    let advice = run(&p, &answers("thresholds", "routine"));
    lacks(&advice.form.recipient, &["Chair"]);
}

/// 2: concerns are communicated "through their line management and
/// safeguarding leads"; 1: "designated safeguarding leads, whose role
/// includes conflict resolution". The route's stages say so, not only a tip.
#[test]
fn the_route_stages_name_the_safeguarding_leads() {
    let p = protocol(SCSP);
    has(
        &summary(&p, "escalation"),
        &["line management, with your safeguarding leads"],
    );
    has(
        &stage(&p, "escalation", "line-manager").action,
        &["designated safeguarding leads", "conflict resolution"],
    );
    let senior = stage(&p, "escalation", "senior-management");
    has(&senior.contact_role, &["safeguarding leads"]);
    has(
        &senior.action,
        &["through your line management and safeguarding leads"],
    );
    // What the practitioner reads at that step.
    let route = p.route("escalation").expect("the escalation route");
    let attempts: Vec<(&str, &str, Outcome)> = route.stages[..3]
        .iter()
        .map(|s| (s.id.as_str(), "2026-11-16", Outcome::NotResolved))
        .collect();
    let n = run(&p, &with(answers("thresholds", "routine"), &attempts))
        .next_step
        .expect("a next step");
    assert_eq!(n.stage_id, "senior-management");
    has(&n.contact_role, &["safeguarding leads"]);
}

/// 3: the senior manager's role "may be undertaken by a member of the
/// management committee": a possibility, not a rule.
#[test]
fn the_management_committee_may_take_the_senior_managers_role() {
    let p = protocol(SCSP);
    lacks(&all_text(&p), &["member acts as the senior manager"]);
    let hint = p
        .question("sector")
        .and_then(|q| q.hint.clone())
        .unwrap_or_default();
    has(&hint, &["may take the senior manager's role"]);
}

/// 3: "consideration will be given to referring the matter to the Chair";
/// 2: "This person / agency has responsibility for communicating such
/// concerns ... ultimately ... to the Chair".
#[test]
fn referral_to_the_chair_will_be_considered_by_you_or_your_agency() {
    let p = protocol(SCSP);
    has(
        &summary(&p, "escalation"),
        &["referral to the Chair of the SCSP will be considered"],
    );
    has(
        &stage(&p, "escalation", "scsp-chair").who,
        &["you or your agency"],
    );
}

/// 3: "some may need support from their managers".
#[test]
fn support_from_managers_is_what_some_workers_may_need() {
    let p = protocol(SCSP);
    lacks(&all_text(&p), &["ask your manager for support"]);
    has(
        &p.special_case("needs-support")
            .expect("the needs-support special case")
            .guidance,
        &["some workers may need support from their managers"],
    );
}

/// "Initial attempts to resolve the problem should normally be between the
/// people who disagree, unless the child / young person is at immediate
/// risk": only that first attempt is exempt, not every step up to the Chair.
#[test]
fn immediate_risk_exempts_only_the_first_attempt() {
    let p = protocol("sheffield");
    let u = p.urgency("immediate").expect("an immediate urgency");
    assert!(u.guidance.is_none(), "said on every route");
    // Section 3's rule, on section 3's route only.
    let note = u
        .notes
        .iter()
        .find(|n| n.text.contains("need not start"))
        .expect("a note");
    assert_eq!(note.when, Some(When::Route(vec!["escalation".into()])));
    let g = note.text.as_str();
    lacks(g, &["straight to a later step"]);
    has(g, &["need not start with the person you disagree with"]);
    // With harm reported, going past the direct discussion is not a skip;
    // going past talking to co-workers still is.
    let mut a = with(
        answers("thresholds", "immediate"),
        &[("line-manager", "2026-11-16", Outcome::NotResolved)],
    );
    a.immediate_harm = Some(true);
    let warned: Vec<String> = run(&p, &a)
        .warnings
        .iter()
        .filter(|w| w.text.contains("No attempt is recorded"))
        .map(|w| w.text.clone())
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    has(&warned[0], &["Talk to your co-workers"]);
    lacks(
        &warned[0],
        &["Try to resolve it with the person you disagree with"],
    );
    assert!(p.discretion.is_empty());
}

/// "If the problem remains unresolved, consideration will be given to
/// referring the matter to the Chair": an optional step, said so.
#[test]
fn the_chair_of_the_scsp_is_an_optional_step() {
    let p = protocol("sheffield");
    let chair = stage(&p, "escalation", "scsp-chair");
    has(
        &chair.optional.as_ref().expect("optional").text,
        &["not automatic", "will be considered"],
    );
    let a = with(
        answers("thresholds", "routine"),
        &[
            ("co-workers", "2026-11-16", Outcome::NotResolved),
            ("between-you", "2026-11-16", Outcome::NotResolved),
            ("line-manager", "2026-11-17", Outcome::NotResolved),
            ("senior-management", "2026-11-18", Outcome::NotResolved),
        ],
    );
    let n = run(&p, &a).next_step.expect("the Chair next");
    assert_eq!(n.stage_id, "scsp-chair");
    has(
        &n.notes.iter().map(|x| x.text.clone()).collect::<String>(),
        &["not automatic"],
    );
}

/// "should always be prepared to review decisions and plans with an open mind"
#[test]
fn reviewing_decisions_with_an_open_mind_is_always_expected() {
    let p = protocol("sheffield");
    has(&all_text(&p), &["Always be prepared to review decisions"]);
}

/// The flowcharts (a) "Quick decision required" and (b) "Non-urgent
/// response" are part of section 3, the process of effective challenge and
/// escalation. Their note used to show on the conference route too; now
/// only on the challenge route.
#[test]
fn the_flowchart_notes_show_only_on_the_challenge_route() {
    let p = protocol("sheffield");
    for urgency in ["quick", "routine"] {
        let note = |disagreement: &str| {
            run(&p, &answers(disagreement, urgency))
                .urgency
                .map(|u| u.text)
                .unwrap_or_default()
        };
        has(&note("thresholds"), &["flowchart"]);
        lacks(&note("no-conference"), &["flowchart"]);
    }
}

/// "A clear record should be kept at all stages … how any outstanding
/// issues will be pursued": every stage of every route can be resolved
/// with outstanding issues, and says what the record must hold.
#[test]
fn every_stage_can_be_resolved_with_outstanding_issues() {
    let p = protocol("sheffield");
    for d in &p.disagreements {
        let a = answers(&d.id, "routine");
        let Some(route) = p.route(&d.route) else {
            continue;
        };
        for s in &route.stages {
            assert!(
                outcomes_offered(&p, &a, s).contains(&Outcome::ResolvedOutstanding),
                "{} {}",
                route.id,
                s.id
            );
            let advice = run(
                &p,
                &with(
                    a.clone(),
                    &[(&s.id, "2026-11-20", Outcome::ResolvedOutstanding)],
                ),
            );
            assert_eq!(advice.status, Status::Resolved, "{}", s.id);
            let note = advice.outcome.expect("said");
            has(
                &note.protocol.expect("the procedure's words").text,
                &["written confirmation", "outstanding issues"],
            );
        }
    }
}
