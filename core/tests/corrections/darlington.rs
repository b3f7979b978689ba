use super::*;

const DSP: &str = "darlington";

/// The text a disagreement type shows beside its label (empty if none).
fn hint_of(p: &Protocol, id: &str) -> String {
    p.disagreement(id)
        .unwrap_or_else(|| panic!("no disagreement {id}"))
        .hint
        .clone()
        .unwrap_or_default()
}

/// Neither page says there is "no separate urgent route"; the introduction
/// says it is "vital that such differences do not affect the outcomes".
/// Immediate harm gets no timescale to wait for.
#[test]
fn immediate_harm_urgency_says_do_not_wait_and_gives_no_timescale() {
    let p = protocol(DSP);
    let u = p.urgency("immediate").expect("an immediate-harm urgency");
    let own = format!(
        "{}\n{}",
        u.hint.clone().unwrap_or_default(),
        u.guidance.clone().unwrap_or_default()
    );
    lacks(&own, &["no separate urgent route", "working day"]);
    has(&own, &["do not wait", "emergency guidance"]);
    lacks(&all_text(&p), &["no separate urgent route"]);

    let mut a = answers("response-to-concern", "immediate");
    a.immediate_harm = Some(true);
    let advice = run(&p, &a);
    let note = advice.urgency.as_ref().expect("urgency guidance is shown");
    lacks(&note.text, &["working day", "no separate urgent route"]);
    has(&note.text, &["do not wait"]);
}

/// "decision as to whether to make a child subject of a Child Protection
/// Plan (see section below)": that section is not in the widget.
#[test]
fn cp_plan_says_the_procedure_has_its_own_section_the_widget_lacks() {
    let p = protocol(DSP);
    has(
        &hint_of(&p, "cp-plan"),
        &["section of its own", "does not hold", "general"],
    );
}

/// "the DSP Executive Strategy Process (Adult). This procedure sets out a
/// multi-agency framework for dealing with serious safeguarding concerns in
/// organisational settings": a process of its own, not in the widget.
#[test]
fn executive_strategy_says_it_is_a_separate_procedure_the_widget_lacks() {
    let p = protocol(DSP);
    has(
        &hint_of(&p, "executive-strategy"),
        &["separate DSP procedure", "does not hold", "general"],
    );
}

/// "many professional challenges can be resolved on an informal basis":
/// can be, not are.
#[test]
fn informal_resolution_is_a_possibility_not_a_fact() {
    let p = protocol(DSP);
    lacks(&all_text(&p), &["challenges are resolved informally"]);
    let routine = p.urgency("routine").expect("a routine urgency");
    has(
        routine.guidance.as_deref().unwrap_or(""),
        &["can be resolved informally"],
    );
}

/// "The Pledge is to be read out at the start of multi-agency meetings with
/// an expectation that all agencies share and support the use of the pledge."
#[test]
fn the_pledge_is_to_be_read_out_not_is_read() {
    let p = protocol(DSP);
    lacks(&all_text(&p), &["pledge is read at the start"]);
    let tips: Vec<&str> = p.tips.iter().map(|t| t.text.as_str()).collect();
    has(
        &tips.join("\n"),
        &["is to be read out", "expected to share and support"],
    );
}

/// "should be supported in raising a professional challenge, irrespective of
/// the seniority or status of the organisation or practitioner": the
/// seniority clause belongs to being supported.
#[test]
fn seniority_belongs_to_being_supported_in_raising_a_challenge() {
    let p = protocol(DSP);
    lacks(
        &all_text(&p),
        &["sign of good practice, whatever the seniority"],
    );
    let tips: Vec<&str> = p.tips.iter().map(|t| t.text.as_str()).collect();
    has(
        &tips.join("\n"),
        &["should be supported in raising one, whatever the seniority"],
    );
}

/// "both parties discuss with their own line manager / named practitioner /
/// designated safeguarding lead"; Stage 3 only "if ... the manager thinks it
/// appropriate".
#[test]
fn route_summary_and_stage_2_keep_every_role_and_the_stage_3_condition() {
    let p = protocol(DSP);
    let route = p.route("challenge").expect("the challenge route");
    let summary = route.summary.clone().unwrap_or_default();
    lacks(&summary, &["both line managers or safeguarding leads"]);
    has(
        &summary,
        &[
            "named practitioner",
            "designated safeguarding lead",
            "if the manager thinks it appropriate",
        ],
    );
    let a = with(
        answers("thresholds", "routine"),
        &[("stage-1", "2026-11-16", Outcome::NotResolved)],
    );
    let n = run(&p, &a).next_step.expect("stage 2 is next");
    assert_eq!(n.stage_id, "stage-2");
    has(
        &n.who,
        &["named practitioner", "designated safeguarding lead"],
    );
}

/// Stage 3: "an inter-agency meeting is arranged (agree who attends)" and "a
/// copy is shared with the DSP Business Unit ... for recording": who attends
/// is not named, and the Business Unit receives a copy.
#[test]
fn stage_3_names_no_attendees_and_the_business_unit_receives_a_copy() {
    let p = protocol(DSP);
    let a = with(
        answers("assessments", "routine"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-2", "2026-11-18", Outcome::NotResolved),
        ],
    );
    let advice = run(&p, &a);
    let n = advice.next_step.as_ref().expect("stage 3 is next");
    assert_eq!(n.stage_id, "stage-3");
    lacks(&n.contact_role, &["managers and practitioners involved"]);
    has(&n.contact_role, &["agreed to attend"]);
    lacks(&advice.form.recipient, &["keeps a copy"]);
    has(&advice.form.recipient, &["receives a copy for recording"]);
}

/// "Organisations must have robust supervision processes in place ... to
/// offer support and guidance to those who invoke this procedure": the
/// source says what supervision is for, not "ask your supervisor".
#[test]
fn support_case_rests_on_supervision_without_an_added_instruction() {
    let p = protocol(DSP);
    let case = p.special_case("needs-support").expect("the support case");
    lacks(&case.guidance, &["Ask your supervisor"]);
    has(
        &case.guidance,
        &[
            "should be supported in raising",
            "robust supervision processes",
        ],
    );
}

/// "Stage 3: if not resolved, and the manager thinks it appropriate, an
/// inter-agency meeting": optional, in the procedure's words, at the step.
#[test]
fn stage_3_only_if_the_manager_thinks_it_appropriate() {
    let p = protocol("darlington");
    let s3 = &p.routes[0].stages[2];
    let optional = s3.optional.as_ref().expect("Stage 3 optional");
    has(&optional.text, &["not resolved", "thinks it appropriate"]);
    let a = with(
        answers("thresholds", "routine"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-2", "2026-11-17", Outcome::NotResolved),
        ],
    );
    let n = run(&p, &a).next_step.expect("Stage 3 next");
    assert_eq!(n.stage_id, "stage-3");
    assert!(n.notes.contains(optional));
}

/// The supplementary facts give "within one working day" and "where
/// possible within 3 working days" with no starting point: the file says
/// so, and the page says which date it counted from, and why.
#[test]
fn the_timescales_state_no_counting_point_and_the_page_says_so() {
    use case_resolution_core::protocol::CountFrom;
    let p = protocol("darlington");
    for s in &p.routes[0].stages[..2] {
        let [t] = &s.timescales[..] else {
            panic!("{}: one timescale", s.id)
        };
        assert_eq!(t.counted_from, CountFrom::NotStated, "{}", s.id);
    }
    let a = with(
        answers("thresholds", "routine"),
        &[("stage-1", "2026-11-16", Outcome::NotResolved)],
    );
    let due = run(&p, &a)
        .next_step
        .and_then(|n| n.timescales.into_iter().next())
        .and_then(|d| d.due)
        .expect("a due date");
    has(
        &due.explanation,
        &[
            "does not say when this time starts",
            "last recorded attempt",
        ],
    );
}

/// The stages' outcomes, as the procedure gives them: Stage 1 "agree a
/// plan"; Stage 2, the manager takes it further only "if justified";
/// Stage 3 records "any outstanding issues". Each stage offers only its
/// own, and each says what it means.
#[test]
fn each_stage_offers_the_outcomes_the_procedure_gives_it() {
    let p = protocol(DSP);
    let a = answers("response-to-concern", "routine");
    let offered = |id: &str| {
        outcomes_offered(&p, &a, stage(&p, "challenge", id))
            .into_iter()
            .skip(3)
            .collect::<Vec<_>>()
    };
    assert_eq!(offered("stage-1"), [Outcome::PlanAgreed]);
    assert_eq!(offered("stage-2"), [Outcome::NotTakenForward]);
    assert_eq!(offered("stage-3"), [Outcome::ResolvedOutstanding]);
}

/// A plan agreed at Stage 1 keeps the route open until its review date,
/// then asks whether it was carried out; Stage 2 is the next step if not.
#[test]
fn a_plan_agreed_at_stage_1_waits_for_its_review_date() {
    let p = protocol(DSP);
    let mut a = with(
        answers("response-to-concern", "routine"),
        &[("stage-1", "2026-11-16", Outcome::PlanAgreed)],
    );
    a.attempts[0].review_date = "2026-11-30".into();
    let advice = run(&p, &a);
    assert_eq!(advice.status, Status::PlanAgreed);
    let note = advice.outcome.as_ref().expect("the plan is said");
    has(
        &note.heading,
        &[
            "Plan agreed at Stage 1",
            "review by Monday 30 November 2026",
        ],
    );
    has(&note.text, &["stays open until the review date"]);
    let said = note.protocol.as_ref().expect("the procedure's words on it");
    assert!(said.cite.anchors.iter().any(|x| x.contains("agree a plan")));
    let next = advice
        .next_step
        .as_ref()
        .expect("Stage 2 if the plan fails");
    assert_eq!(next.stage_id, "stage-2");
    has(
        next.waiting_note.as_deref().unwrap_or(""),
        &["A plan was agreed", "not carried out"],
    );
    // On the review date: was it carried out?
    a.attempts[0].review_date = "2026-11-23".into();
    let note = run(&p, &a).outcome.expect("the plan is said");
    assert!(note.review_due);
    has(&note.text, &["has come", "carried out"]);
}

/// At Stage 2 the manager may judge the challenge not justified: the
/// route ends there, no Stage 3 is offered and no Recording Tool is owed.
#[test]
fn a_challenge_not_justified_at_stage_2_ends_the_route() {
    let p = protocol(DSP);
    let a = with(
        answers("response-to-concern", "routine"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-2", "2026-11-18", Outcome::NotTakenForward),
        ],
    );
    let advice = run(&p, &a);
    assert_eq!(advice.status, Status::NotTakenForward);
    assert!(advice.next_step.is_none() && advice.exhausted.is_none());
    let note = advice.outcome.as_ref().expect("the ending is said");
    has(&note.heading, &["Not taken forward at Stage 2"]);
    has(
        &note.text,
        &["ends here", "your manager, who reviews the concern"],
    );
    let said = note.protocol.as_ref().expect("the procedure's words on it");
    has(&said.text, &["justified"]);
    assert_eq!(advice.form.place, FormPlace::NotNeeded);
    has(&advice.form.text, &["not taken forward before Stage 3"]);
    let map = EscalationMap::of(&advice).expect("a map");
    assert_eq!(map.stops[1].mark, Mark::Ended);
    has(
        map.resolved.as_deref().unwrap_or(""),
        &["Not taken forward at Stage 2"],
    );
}

/// Stage 3's record holds "any outstanding issues": resolved with some
/// still open ends the route and says so.
#[test]
fn stage_3_can_be_resolved_with_outstanding_issues() {
    let p = protocol(DSP);
    let a = with(
        answers("response-to-concern", "routine"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-2", "2026-11-18", Outcome::NotResolved),
            ("stage-3", "2026-11-20", Outcome::ResolvedOutstanding),
        ],
    );
    let advice = run(&p, &a);
    assert_eq!(advice.status, Status::Resolved);
    assert_eq!(advice.resolved_at.as_ref().map(|r| r.position), Some(3));
    let note = advice
        .outcome
        .as_ref()
        .expect("the outstanding issues are said");
    has(
        &note.heading,
        &["Resolved at Stage 3", "outstanding issues"],
    );
    has(
        &note.protocol.as_ref().expect("the procedure's words").text,
        &["outstanding", "Professional Challenge Recording Tool"],
    );
}
