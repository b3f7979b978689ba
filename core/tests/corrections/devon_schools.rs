use super::*;

const ID: &str = "devon-schools";

/// The social-care route with its first `n` steps tried and not resolved.
fn social_care_tried(p: &Protocol, n: usize) -> Answers {
    let route = p.route("social-care").expect("the social-care route");
    let attempts: Vec<(&str, &str, Outcome)> = route.stages[..n]
        .iter()
        .map(|s| (s.id.as_str(), "2026-11-16", Outcome::NotResolved))
        .collect();
    with(answers("mash-decision", "routine"), &attempts)
}

/// Further information: "Devon CC named worker: 01392 383000 (automated
/// service, state the name of the person you wish to speak to)". The DES
/// Safeguarding team number (01392 287223) is tied to no step, so it stays out.
#[test]
fn the_named_worker_number_keeps_the_guides_label() {
    let p = protocol(ID);
    let advice = run(&p, &answers("mash-decision", "routine"));
    let step = advice.next_step.as_ref().expect("a next step");
    let c = step
        .contacts
        .iter()
        .find(|c| c.phone.as_deref() == Some("01392 383000"))
        .expect("the named-worker number");
    has(&c.name, &["Devon CC named worker"]);
    has(
        c.note.as_deref().unwrap_or(""),
        &[
            "state the name of the person you wish to speak to",
            "Further information",
        ],
    );
    lacks(
        &all_text(&p),
        &["Devon County Council, to reach a named worker"],
    );
    // "DES Safeguarding team: 01392 287223": listed, tied to no step.
    let des = p
        .contacts
        .iter()
        .find(|c| c.phone.as_deref() == Some("01392 287223"))
        .expect("the DES Safeguarding team is listed");
    has(&des.name, &["DES Safeguarding team"]);
    assert_eq!(p.other_contacts, vec![des.id.clone()]);
    let on_a_step = p.routes.iter().flat_map(|r| &r.stages).any(|s| {
        s.contacts.contains(&des.id) || s.alternatives.iter().any(|a| a.contacts.contains(&des.id))
    });
    assert!(!on_a_step, "the DES Safeguarding team is tied to a step");
    let advice = run(&p, &answers("mash-decision", "routine"));
    assert!(advice.other_contacts.iter().any(|c| c.id == des.id));
}

/// "If a staff member feels unable to raise their concerns with the
/// school’s senior leadership team of Governing Body/Board, then the NSPCC
/// has a whistleblowing helpline": another way through the school's
/// procedure, not a stage after it.
#[test]
fn the_nspcc_helpline_is_an_alternative_to_the_schools_procedure() {
    let p = protocol(ID);
    let route = p.route("whistleblowing").expect("the whistleblowing route");
    assert_eq!(route.stages.len(), 1, "the NSPCC is modelled as a stage");
    let n = run(&p, &answers("whistleblowing", "routine"))
        .next_step
        .expect("a next step");
    assert_eq!(n.stage_id, "school-leadership");
    let nspcc = n
        .alternatives
        .iter()
        .find(|a| a.text.contains("NSPCC"))
        .expect("the NSPCC as another way");
    has(&nspcc.text, &["feel unable to raise your concerns"]);
    assert_eq!(
        nspcc
            .contacts
            .iter()
            .map(|c| c.email.as_deref())
            .collect::<Vec<_>>(),
        vec![Some("help@nspcc.org.uk")]
    );
}

/// The DCFP protocol's discretion which stage to start at belongs to the
/// routes that follow that protocol, not to whistleblowing or allegations.
#[test]
fn discretion_only_on_the_routes_that_follow_the_dcfp_protocol() {
    let p = protocol(ID);
    for (kind, said) in [
        ("mash-decision", true),
        ("whistleblowing", false),
        ("allegation", false),
    ] {
        let mut a = answers(kind, "immediate");
        a.immediate_harm = Some(true);
        let text = shown(&run(&p, &a));
        assert_eq!(text.contains("which stage to start at"), said, "{kind}");
    }
}

/// "it is expected that the Independent Reviewing Unit report to the QAG, IRT
/// conference chairs are independent" (never "Independent Reviewing Team").
#[test]
fn independent_reviewing_unit_is_not_renamed() {
    let p = protocol(ID);
    lacks(&all_text(&p), &["Independent Reviewing Team"]);
    let advice = run(&p, &answers("conference-or-review", "routine"));
    has(
        &advice.next_step.as_ref().expect("a next step").contact_role,
        &["IRT conference chairs"],
    );
    let done = with(
        answers("conference-or-review", "routine"),
        &[("conference-chair", "2026-11-16", Outcome::NotResolved)],
    );
    has(
        &run(&p, &done)
            .exhausted
            .expect("the route is exhausted")
            .text,
        &["Independent Reviewing Unit"],
    );
}

/// "The DSCP Case Resolution Protocol requires that in all instances of these
/// forms of escalation are reported up to the DSCP Quality Assurance Group
/// (QAG)": shown at every step, not only the manager-to-manager one.
#[test]
fn every_social_care_step_says_all_instances_go_to_the_qag() {
    let p = protocol(ID);
    let route = p.route("social-care").expect("the social-care route");
    for (i, stage) in route.stages.iter().enumerate() {
        let advice = run(&p, &social_care_tried(&p, i));
        let step = advice.next_step.as_ref().expect("a next step");
        assert_eq!(step.stage_id, stage.id);
        has(
            &step.record.join("\n"),
            &["All instances", "Quality Assurance Group"],
        );
    }
}

/// The guide: "reported up to the DSCP Quality Assurance Group (QAG)"; the
/// DCFP protocol it links to: the lead "will inform the DCFP by submitting a
/// Case Resolution form" and "unresolved escalations are reported up to the
/// PDG". Said where the practitioner sees the recipient.
#[test]
fn recipient_says_qag_here_and_pdg_in_the_dcfp_protocol() {
    let p = protocol(ID);
    let advice = run(&p, &answers("step-down", "routine"));
    has(
        &advice.form.recipient,
        &["Quality Assurance Group", "Practice Development Group"],
    );
    has(&advice.form.text, &["Practice Development Group"]);
    assert!(p
        .tips
        .iter()
        .any(|t| t.text.contains("Practice Development Group")
            && t.text.contains("Quality Assurance Group")));
}

/// Only the linked DCFP protocol says "If it's an emergency call 999"; the
/// widget shows 999 itself, so the file lists no 999 contact.
#[test]
fn no_999_contact_in_the_file() {
    let p = protocol(ID);
    assert!(p.contacts.iter().all(|c| c.phone.as_deref() != Some("999")));
    assert_eq!(p.emergency.contacts, vec!["mash".to_string()]);
}

/// DCFP 5. Conclusion: "Resolution should be sought within the shortest
/// timescale possible to ensure the child is protected."
#[test]
fn quick_urgency_uses_the_protocols_own_words() {
    let p = protocol(ID);
    let advice = run(&p, &answers("mash-decision", "quick"));
    has(
        &advice.urgency.as_ref().expect("urgency guidance").text,
        &["shortest timescale possible"],
    );
    lacks(&all_text(&p), &["as quickly as the child's safety needs"]);
}

/// "In nearly all instances, it will be possible to resolve any differences
/// within the line management arrangement of partner agencies."
#[test]
fn routine_urgency_says_nearly_all_not_most() {
    let p = protocol(ID);
    let routine = p.urgency("routine").expect("a routine urgency");
    // Now a note scoped to the inter-agency routes (by its `when`).
    let guidance: String = routine
        .guidance
        .iter()
        .chain(routine.notes.iter().map(|n| &n.text))
        .cloned()
        .collect();
    has(&guidance, &["nearly all instances"]);
    lacks(&guidance, &["Most differences"]);
}

/// KCSiE as quoted: "such concerns will be taken seriously by the senior
/// leadership team"; the NSPCC line: "unable to raise their concerns with the
/// school's senior leadership team of Governing Body/Board".
#[test]
fn whistleblowing_concerns_will_be_taken_seriously() {
    let p = protocol(ID);
    let advice = run(&p, &answers("whistleblowing", "routine"));
    has(
        &advice.next_step.as_ref().expect("a next step").action,
        &["will be taken seriously"],
    );
    lacks(
        &all_text(&p),
        &["should be taken seriously", "raise it within the school"],
    );
}

/// "appropriate action to safeguard a child can be taken by any member of
/// staff" (can, not must).
#[test]
fn dsl_route_says_any_member_of_staff_can_act() {
    let p = protocol(ID);
    let advice = run(&p, &answers("dsl", "routine"));
    has(
        &advice.next_step.as_ref().expect("a next step").action,
        &["you can take the appropriate action"],
    );
    lacks(&all_text(&p), &["take the action needed"]);
}

/// "you are not happy that this is the right decision ... it is your duty to
/// professionally challenge decisions made"; "it is advisable to keep a
/// record".
#[test]
fn tips_keep_the_guides_threshold_and_advice() {
    let p = protocol(ID);
    let tips = p
        .tips
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    has(
        &tips,
        &["not happy that the decision is right", "advisable"],
    );
    lacks(&tips, &["when you believe it is wrong"]);
}

/// "each manager you communicate with should be able to advise you of which
/// manager you should next speak to in their line management".
#[test]
fn manager_to_manager_is_done_by_you_with_each_manager() {
    let p = protocol(ID);
    let advice = run(&p, &social_care_tried(&p, 2));
    let step = advice.next_step.as_ref().expect("a next step");
    assert_eq!(step.stage_id, "manager-to-manager");
    has(&step.who, &["You"]);
    lacks(&step.who, &["Your managers and theirs"]);
    has(&step.action, &["in their line management"]);
}

/// After referring to children's social care, the MASH section applies: "it
/// is your duty to professionally challenge decisions made".
#[test]
fn after_a_dsl_referral_challenging_is_a_duty() {
    let p = protocol(ID);
    let done = with(
        answers("dsl", "routine"),
        &[("refer", "2026-11-16", Outcome::NotResolved)],
    );
    let text = run(&p, &done)
        .exhausted
        .expect("the route is exhausted")
        .text;
    has(&text, &["it is your duty to challenge"]);
    lacks(&text, &["you can challenge it"]);
}

/// "resolution must be sought manager to manager … If necessary this should
/// be up to and include the senior managers": the "must" does not reach the
/// senior managers, and the QAG reporting covers these escalations only.
#[test]
fn going_up_to_senior_managers_is_should_not_must() {
    let p = protocol("devon-schools");
    let text = all_text(&p);
    lacks(&text, &["until a solution is reached, if necessary up to"]);
    has(
        &text,
        &["If necessary, this should go up to and include senior managers"],
    );
    // The QAG recipient is now the social-care route's (a conditioned recipient).
    let qag = run(&p, &answers("mash-decision", "routine")).form.recipient;
    lacks(&qag, &["all escalations are reported"]);
    has(&qag, &["MASH or children's social care decisions"]);
}

/// "In nearly all instances, it will be possible to resolve any differences
/// within the line management arrangement of partner agencies" (the DSCP
/// protocol, quoted at the top of the guide): about differences between
/// agencies. It used to show on every route, whistleblowing and
/// allegations about staff included; now only on the social care and
/// conference routes.
#[test]
fn the_line_management_note_shows_only_on_the_inter_agency_routes() {
    let p = protocol(ID);
    let note = |disagreement: &str| {
        run(&p, &answers(disagreement, "routine"))
            .urgency
            .map(|u| u.text)
            .unwrap_or_default()
    };
    for inter_agency in ["mash-decision", "step-down", "conference-or-review"] {
        has(
            &note(inter_agency),
            &["line management of partner agencies"],
        );
    }
    for own_school in ["dsl", "whistleblowing", "allegation"] {
        lacks(&note(own_school), &["line management of partner agencies"]);
    }
}

/// "The DSCP Case Resolution Protocol requires that in all instances of
/// these forms of escalation are reported up to the DSCP Quality Assurance
/// Group (QAG)": the MASH and social care challenges; for conferences and
/// child in care reviews "it is expected that the Independent Reviewing
/// Unit report to the QAG". The QAG used to be "Send to" on every route,
/// whistleblowing and allegations about staff included.
#[test]
fn the_qag_is_the_recipient_only_where_the_guide_says() {
    let p = protocol(ID);
    let send_to = |disagreement: &str| run(&p, &answers(disagreement, "routine")).form.recipient;
    for social_care in ["mash-decision", "step-down"] {
        has(&send_to(social_care), &["Quality Assurance Group"]);
    }
    has(
        &send_to("conference-or-review"),
        &["Quality Assurance Group", "Independent Reviewing Unit"],
    );
    for own_school in ["dsl", "whistleblowing", "allegation"] {
        let to = send_to(own_school);
        lacks(&to, &["Quality Assurance Group"]);
        has(&to, &["names no one"]);
    }
}
