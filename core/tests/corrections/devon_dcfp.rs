use super::*;

const ID: &str = "devon-dcfp";
const TYPE: &str = "referral-or-assessment";

/// Routine answers with the first `n` stages tried and not resolved.
fn tried(n: usize) -> Answers {
    let stages = ["stage-1", "stage-2", "stage-3", "stage-4", "stage-5"];
    let attempts: Vec<(&str, &str, Outcome)> = stages[..n]
        .iter()
        .map(|s| (*s, "2026-11-16", Outcome::NotResolved))
        .collect();
    with(answers(TYPE, "routine"), &attempts)
}

/// 2.5: "that resolution continues up the hierarchies until a resolution is
/// reached. If necessary, this should be up to and include the senior
/// managers and leaders in partner organisations."
#[test]
fn exhausted_says_resolution_continues_up_the_hierarchies() {
    let p = protocol(ID);
    let advice = run(&p, &tried(5));
    let text = &advice.exhausted.as_ref().expect("every stage tried").text;
    has(
        text,
        &[
            "up the hierarchies",
            "senior managers and leaders in partner organisations",
        ],
    );
    lacks(text, &["describes no further stage"]);
}

/// 3.4: "This form should be used when efforts to resolve issues directly
/// between practitioners, their line manager/service has not achieved the
/// child-centred outcome desired or in a timely way"; Stage 5: "the
/// designated or named lead from the concerned agency will inform the DCFP".
/// That is Stage 5 reached early, not another way through each stage, and
/// not before efforts between practitioners: offered from Stage 2 on.
#[test]
fn the_form_is_stage_5_reached_early_from_stage_2_on() {
    let p = protocol(ID);
    assert!(
        p.routes[0]
            .stages
            .iter()
            .all(|s| s.alternatives.iter().all(|a| !a.text.contains("3.4"))),
        "3.4 is modelled as an alternative"
    );
    for n in 0..4 {
        let advice = run(&p, &tried(n));
        let step = advice.next_step.as_ref().expect("a next step");
        assert_eq!(step.position, n + 1);
        let notes = step
            .notes
            .iter()
            .map(|a| a.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        if n == 0 {
            lacks(&notes, &["3.4", "Case Resolution form"]);
            continue;
        }
        has(
            &notes,
            &[
                "Case Resolution form before Stage 5",
                "directly between practitioners",
                "in a timely way",
                "designated or named lead",
            ],
        );
        let route = advice.route.as_ref().expect("a route");
        has(route.summary.as_deref().unwrap_or(""), &["in a timely way"]);
    }
    // Going to Stage 5 after Stage 1 is not a skip; before Stage 1 it is.
    let early = with(
        answers(TYPE, "routine"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-5", "2026-11-17", Outcome::NoResponseYet),
        ],
    );
    assert!(
        run(&p, &early)
            .warnings
            .iter()
            .all(|w| !w.text.contains("No attempt is recorded")),
        "a skip warning for the form used early"
    );
    let too_early = with(
        answers(TYPE, "routine"),
        &[("stage-5", "2026-11-17", Outcome::NoResponseYet)],
    );
    let warned = run(&p, &too_early)
        .warnings
        .iter()
        .map(|w| w.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    has(&warned, &["No attempt is recorded", "Stage 1"]);
    lacks(&warned, &["Stage 2", "Stage 3", "Stage 4"]);
}

/// 5: "if a child is thought to be at risk of immediate harm discretion
/// should be used as to which stage is initiated": whenever harm is
/// reported (by either answer), said at the next step, and no stage is
/// "skipped"; otherwise every stage is expected in order.
#[test]
fn discretion_which_stage_to_start_at_when_harm_is_reported() {
    let p = protocol(ID);
    let jump = [("stage-4", "2026-11-16", Outcome::NotResolved)];
    let mut harm = with(answers(TYPE, "routine"), &jump);
    harm.immediate_harm = Some(true);
    let advice = run(&p, &harm);
    assert!(advice
        .warnings
        .iter()
        .all(|w| !w.text.contains("No attempt is recorded")));
    let notes: Vec<&str> = advice
        .next_step
        .as_ref()
        .expect("Stage 5 next")
        .notes
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    has(&notes.join("\n"), &["which stage to start at"]);
    let routine = run(&p, &with(answers(TYPE, "routine"), &jump));
    assert!(routine
        .warnings
        .iter()
        .any(|w| w.text.contains("No attempt is recorded")));
    assert!(p.urgency("immediate").unwrap().guidance.is_none());
}

/// "If you are concerned that a child is being abused please call 0345 155
/// 1071" and, apart from it, "If it's an emergency call 999".
#[test]
fn nothing_merges_999_with_the_mash() {
    let p = protocol(ID);
    lacks(&all_text(&p), &["999 or the MASH", "999 or MASH"]);
    has(
        &p.exhausted.text,
        &["in an emergency call 999", "abused contact the MASH"],
    );
    has(
        &p.emergency.summary,
        &[
            "call 999 in an emergency",
            "concerned that a child is being abused",
        ],
    );
}

/// 999 is shown by the widget itself (its emergency panel); the file keeps
/// the protocol's words "If it's an emergency call 999" but no 999 contact.
#[test]
fn no_999_contact_in_the_file() {
    let p = protocol(ID);
    assert!(p.contacts.iter().all(|c| c.phone.as_deref() != Some("999")));
    assert_eq!(p.emergency.contacts, vec!["mash".to_string()]);
    assert!(p.emergency.actions.iter().any(|a| a.text.contains("999")));
}

/// "Professionals should complete the MASH contact form." (no "also").
#[test]
fn mash_contact_form_has_no_added_also() {
    let p = protocol(ID);
    lacks(&all_text(&p), &["should also complete"]);
    let actions = p
        .emergency
        .actions
        .iter()
        .map(|a| a.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    has(
        &actions,
        &["Professionals should complete the MASH contact form"],
    );
}

/// 2.8: "The PDG will also expect the Independent Reviewing Unit to report on
/// any examples of inter-agency difference".
#[test]
fn pdg_will_expect_the_independent_reviewing_unit_to_report() {
    let p = protocol(ID);
    let mut a = answers(TYPE, "routine");
    a.special_cases.insert("conference-or-review".into());
    let advice = run(&p, &a);
    let guidance = &advice
        .special_cases
        .iter()
        .find(|s| s.id == "conference-or-review")
        .expect("the flagged case")
        .guidance;
    has(
        guidance,
        &[
            "PDG will expect the Independent Reviewing Unit to report",
            "independence should be used",
        ],
    );
    lacks(&all_text(&p), &["Independent Reviewing Unit reports"]);
}

/// Section 5, Conclusion: "Resolution should be sought within the shortest timescale
/// possible to ensure the child is protected." Nothing about waiting putting
/// the child at risk; 3.4 adds "or in a timely way".
#[test]
fn quick_urgency_has_no_invented_hint() {
    let p = protocol(ID);
    let quick = p.urgency("quick").expect("a quick urgency");
    assert!(quick.hint.is_none(), "{:?}", quick.hint);
    lacks(&all_text(&p), &["waiting would put"]);
    let advice = run(&p, &answers(TYPE, "quick"));
    has(
        &advice.urgency.as_ref().expect("urgency guidance").text,
        &["shortest timescale possible", "in a timely way"],
    );
}

/// Section 5, Conclusion: "discretion should be used as to which stage is initiated".
#[test]
fn immediate_urgency_hint_says_discretion_not_free_choice() {
    let p = protocol(ID);
    let immediate = p.urgency("immediate").expect("an immediate urgency");
    let hint = immediate.hint.as_deref().unwrap_or("");
    has(hint, &["discretion"]);
    lacks(hint, &["lets you choose"]);
}

/// 3.2: "matters of such potentially serious concern that they should be
/// automatically logged with the chair of the DCFP PDG".
#[test]
fn serious_concerns_should_be_logged() {
    let p = protocol(ID);
    let case = p
        .special_case("serious-concern")
        .expect("the serious-concern case");
    has(&case.guidance, &["should be logged automatically"]);
    lacks(
        &all_text(&p),
        &["serious enough to be logged", "beyond this one case"],
    );
}

/// 3.3.4: "The PDG should be informed and will offer a relevant mediator";
/// "no-one from the PDG, including the chair can be a case decision-maker".
#[test]
fn stuck_cases_pdg_should_be_informed() {
    let p = protocol(ID);
    let case = p.special_case("stuck").expect("the stuck case");
    has(
        &case.guidance,
        &[
            "PDG should be informed",
            "including the chair",
            "single most important",
        ],
    );
    lacks(&case.guidance, &["Inform the PDG", "the key help"]);
}

/// "Designated lead for Child Protection feeds back to professionals with
/// original concerns." stands after Stage 5 only.
#[test]
fn designated_lead_feedback_is_tied_to_stage_5() {
    let p = protocol(ID);
    let item = p
        .after_resolution
        .iter()
        .find(|t| t.text.contains("feeds back"))
        .expect("the feedback item");
    has(&item.text, &["Stage 5"]);
}

/// Stage 3: "the concerned worker should contact their manager within their
/// own agency, who will contact the equivalent manager in the other agency".
#[test]
fn stage_3_starts_with_you_contacting_your_manager() {
    let p = protocol(ID);
    let step = run(&p, &tried(2)).next_step.expect("a next step");
    assert_eq!(step.stage_id, "stage-3");
    assert!(step.who.starts_with("You,"), "{}", step.who);
    has(
        &step.action,
        &[
            "you should contact your manager",
            "will contact the equivalent manager",
        ],
    );
}

/// Stage 2: "discussion between the two professionals involved" (not "who
/// made the decision"); Stage 1: "to clarify their thinking" (nothing about
/// raising it afterwards).
#[test]
fn stages_1_and_2_keep_the_sources_roles() {
    let p = protocol(ID);
    let stage_1 = run(&p, &tried(0)).next_step.expect("a next step");
    lacks(&stage_1.action, &["before you raise it"]);
    let stage_2 = run(&p, &tried(1)).next_step.expect("a next step");
    assert_eq!(stage_2.stage_id, "stage-2");
    has(&stage_2.contact_role, &["other professional involved"]);
    lacks(&stage_2.contact_role, &["who made the decision"]);
}

/// Stage 5 names no "response" from the DCFP: "in order that the decision
/// can be reviewed" and "At all stages actions/decisions must be recorded".
#[test]
fn stage_5_record_does_not_invent_a_dcfp_response() {
    let p = protocol(ID);
    let step = run(&p, &tried(4)).next_step.expect("a next step");
    assert_eq!(step.stage_id, "stage-5");
    let record = step.record.join("\n");
    lacks(&record, &["the DCFP's response"]);
    has(&record, &["decisions", "in writing"]);
}

/// 1.1: "there are individual organisational and partnership whistle blowing
/// policies that cover these latter areas" (nothing says "instead").
#[test]
fn own_manager_disagreements_point_to_both_whistleblowing_policies() {
    let p = protocol(ID);
    let d = p
        .disagreement("other-case-decision")
        .expect("the other-case disagreement");
    let hint = d.hint.as_deref().unwrap_or("");
    has(
        hint,
        &["organisation's and the partnership's whistleblowing policies"],
    );
    lacks(hint, &["instead"]);
}

/// 2.6: "unresolved escalations are reported up to the PDG" is not advice
/// for a disagreement that has been resolved.
#[test]
fn after_resolution_does_not_speak_of_unresolved_escalations() {
    let p = protocol("devon-dcfp");
    for t in &p.after_resolution {
        lacks(&t.text, &["unresolved"]);
    }
}

/// 3.4: "Evidence of efforts to resolve issues and reasons for a formal
/// escalation to be provided": using the form early still needs them.
#[test]
fn using_the_form_early_still_needs_evidence_and_reasons() {
    let p = protocol("devon-dcfp");
    let early: Vec<_> = p.routes[0]
        .stages
        .iter()
        .filter_map(|s| s.early.as_ref())
        .collect();
    assert_eq!(early.len(), 1);
    for a in early {
        has(
            &a.text.text,
            &[
                "evidence of the efforts made so far",
                "reasons for a formal escalation",
            ],
        );
    }
}
