use super::*;

const LEEDS: &str = "leeds";

/// The advice once every stage of `route` has been tried without resolution.
fn all_tried(p: &Protocol, disagreement: &str, route: &str) -> Advice {
    let attempts: Vec<(&str, &str, Outcome)> = p
        .route(route)
        .unwrap_or_else(|| panic!("no route {route}"))
        .stages
        .iter()
        .map(|s| (s.id.as_str(), "2026-11-16", Outcome::NotResolved))
        .collect();
    run(p, &with(answers(disagreement, "routine"), &attempts))
}

const BOARD_MANAGER_DECIDES: &str =
    "will decide on a course of action, including reporting to the LSCB Chair";

/// 5: the Board Manager "will determine a course of action including
/// reporting to the LSCB Chair", not "may include".
#[test]
fn board_manager_will_decide_a_course_of_action_including_reporting_to_the_chair() {
    let p = protocol(LEEDS);
    lacks(
        &all_text(&p),
        &[
            "may include reporting",
            "may report to the LSCB Chair",
            "decides what to do",
        ],
    );
    for route in ["referral", "conference-need", "plan"] {
        has(
            &stage(&p, route, "board-manager").action,
            &[BOARD_MANAGER_DECIDES],
        );
    }
    has(&p.exhausted.text, &[BOARD_MANAGER_DECIDES]);
    let at_conference = p
        .route("at-conference")
        .and_then(|r| r.exhausted.as_ref())
        .expect("the conference-dissent route has its own exhausted text");
    has(&at_conference.text, &[BOARD_MANAGER_DECIDES]);
    has(
        &p.special_case("policy-issue")
            .expect("the policy-issue special case")
            .guidance,
        &[BOARD_MANAGER_DECIDES],
    );
}

/// 5: "who will determine a course of action including reporting to the
/// LSCB Chair": what the practitioner reads once every stage is tried.
#[test]
fn exhausted_advice_says_the_board_manager_reports_to_the_chair() {
    let p = protocol(LEEDS);
    for (disagreement, route) in [
        ("not-eligible", "referral"),
        ("need-for-conference", "conference-need"),
        ("at-conference", "at-conference"),
        ("plan-implementation", "plan"),
    ] {
        let advice = all_tried(&p, disagreement, route);
        let text = advice
            .exhausted
            .as_ref()
            .map(|e| e.text.clone())
            .unwrap_or_default();
        has(&text, &["including reporting to the LSCB Chair"]);
        lacks(&text, &["may include", "may report"]);
    }
}

/// 2: the professionals most involved "have the right to request that
/// Children's Social Care Services convene a Child Protection Conference".
#[test]
fn professionals_have_the_right_to_request_a_conference() {
    let p = protocol(LEEDS);
    lacks(&all_text(&p), &["may request"]);
    has(
        &summary(&p, "conference-need"),
        &["have the right to request"],
    );
    let n = run(&p, &answers("need-for-conference", "routine"))
        .next_step
        .expect("a next step");
    assert_eq!(n.stage_id, "request-conference");
    has(&n.action, &["you have the right to request"]);
}

/// 4: "consideration should be given to convening a Child Protection Review
/// Conference", not "may be considered".
#[test]
fn consideration_should_be_given_to_a_review_conference() {
    let p = protocol(LEEDS);
    lacks(&all_text(&p), &["may be considered"]);
    has(
        &summary(&p, "plan"),
        &[
            "consideration should be given",
            "Child Protection Review Conference",
        ],
    );
    has(
        &stage(&p, "plan", "review-conference").contact_role,
        &["consideration should be given"],
    );
}

/// 1: "their disagreement must be addressed by more experienced or more
/// senior staff".
#[test]
fn more_senior_staff_must_take_up_the_disagreement() {
    let p = protocol(LEEDS);
    lacks(&all_text(&p), &["senior staff take the disagreement up"]);
    has(
        &stage(&p, "referral", "first-line-managers").action,
        &["must be taken up by more experienced or more senior staff"],
    );
    // The quick urgency's note on the referral route (urgency notes are per route).
    let quick = run(&p, &answers("not-eligible", "quick"))
        .urgency
        .map(|u| u.text)
        .unwrap_or_default();
    has(
        &quick,
        &["must be taken up by more experienced or more senior staff"],
    );
}

/// 1: a team manager "liaising with her/his equivalent in the relevant
/// agency", not "in your agency".
#[test]
fn first_line_managers_liaise_with_their_equivalent_in_the_relevant_agency() {
    let p = protocol(LEEDS);
    lacks(&all_text(&p), &["equivalent manager in your agency"]);
    let a = with(
        answers("not-eligible", "routine"),
        &[("discussion", "2026-11-16", Outcome::NotResolved)],
    );
    let n = run(&p, &a).next_step.expect("a next step");
    assert_eq!(n.stage_id, "first-line-managers");
    has(&n.contact_role, &["equivalent in the relevant agency"]);
}

/// Principle: "At no time must professional dissent detract from ensuring
/// that the child is safeguarded": the emergency trigger is immediate harm;
/// "Significant Harm" (3.) is a reason to challenge, not an emergency.
#[test]
fn the_emergency_urgency_is_immediate_harm_only() {
    let p = protocol(LEEDS);
    let u = p.urgency("immediate").expect("an immediate-harm urgency");
    has(&u.label, &["immediate harm"]);
    lacks(&u.label, &["significant"]);
    lacks(&all_text(&p), &["immediate or significant harm"]);
}

/// 1: "Records of discussions must be maintained by all the agencies
/// involved"; the chapter sends no record to the Board Manager.
#[test]
fn the_record_goes_to_no_one_the_chapter_does_not_name() {
    let p = protocol(LEEDS);
    lacks(&p.form.recipient, &["Board Manager"]);
    has(&p.form.recipient, &["agencies involved", "names no form"]);
    let advice = run(&p, &answers("not-eligible", "routine"));
    lacks(&advice.form.recipient, &["Board Manager"]);
}

/// 1 and 4: "the issue must be referred without delay through the line
/// management".
#[test]
fn line_management_referral_must_be_made_without_delay() {
    let p = protocol(LEEDS);
    for route in ["referral", "plan"] {
        has(
            &stage(&p, route, "line-management").action,
            &["must be referred without delay"],
        );
    }
}

/// 1 and 4: "input may be sought directly from the Designated or Named
/// Professional": an option, not an instruction.
#[test]
fn the_health_alternative_is_an_option() {
    let p = protocol(LEEDS);
    for route in ["referral", "plan"] {
        let alternatives = &stage(&p, route, "line-management").alternatives;
        assert!(!alternatives.is_empty(), "{route}: no alternative");
        for alt in alternatives {
            has(&alt.text, &["you may seek input"]);
        }
    }
}

/// 3: "it is expected that s/he will formally raise the matter" and "it
/// should be discussed with the Safeguarding Children Board Manager"; "The
/// agency or individual who dissents" acts.
#[test]
fn conference_dissent_keeps_the_sources_expectations() {
    let p = protocol(LEEDS);
    let own = stage(&p, "at-conference", "own-agency");
    has(
        &own.action,
        &["you are expected to raise the matter formally"],
    );
    let board = stage(&p, "at-conference", "board-manager");
    has(
        &board.action,
        &["it should be discussed with the Safeguarding Children Board Manager"],
    );
    has(&board.who, &["whoever dissents"]);
}

/// 2: "every effort should be made to resolve them through discussion and
/// explanation"; 1: records "must be maintained", outcomes "should also be
/// recorded".
#[test]
fn discussion_and_records_keep_their_modal_verbs() {
    let p = protocol(LEEDS);
    has(
        &stage(&p, "conference-need", "discussion-explanation").action,
        &["every effort should be made"],
    );
    let after: Vec<&str> = p.after_resolution.iter().map(|t| t.text.as_str()).collect();
    has(
        &after.join("\n"),
        &["must keep records", "should also be recorded"],
    );
}

/// Principle: "At no time must professional dissent detract from ensuring
/// that the child is safeguarded." The first-line managers' rule belongs to
/// section 1's route, not to immediate harm, where it read as "go through
/// the usual steps first".
#[test]
fn immediate_harm_guidance_is_the_principle_not_a_route_rule() {
    let p = protocol("leeds");
    let g = p
        .urgency("immediate")
        .and_then(|u| u.guidance.clone())
        .unwrap_or_default();
    lacks(&g, &["first-line managers", "line management"]);
    has(&g, &["safe now", "paramount"]);
}

/// Section 5 is passive ("must be referred", "should be referred"): it names
/// no one who refers the matter, so the file does not either.
#[test]
fn no_invented_actor_for_the_section_5_referrals() {
    let p = protocol("leeds");
    for r in &p.routes {
        for s in r.stages.iter().filter(|s| {
            s.action
                .contains("must be referred to the LSCB representative")
                || s.action
                    .contains("should be referred to the Safeguarding Children Board Manager")
        }) {
            has(&s.who, &["not named in the procedure"]);
        }
    }
}

/// Each section of the chapter says how its own dissent goes forward:
/// "within a time scale which is acceptable to both of them" is section 1's
/// (referral); section 3 expects the dissenting professional to "formally
/// raise the matter with their line manager"; section 4: "The line managers
/// of the professionals involved should first address these concerns".
/// Section 1's words used to show on every route.
#[test]
fn each_route_gets_its_own_sections_words_for_the_urgency() {
    let p = protocol("leeds");
    for urgency in ["quick", "routine"] {
        let note = |disagreement: &str| {
            run(&p, &answers(disagreement, urgency))
                .urgency
                .map(|u| u.text)
                .unwrap_or_default()
        };
        has(&note("not-eligible"), &["a time you both accept"]);
        for other in [
            "need-for-conference",
            "at-conference",
            "plan-implementation",
        ] {
            lacks(&note(other), &["a time you both accept"]);
        }
        has(
            &note("at-conference"),
            &["formally raise it with your line manager"],
        );
        has(
            &note("plan-implementation"),
            &["line managers of the professionals involved should first address"],
        );
        has(
            &note("need-for-conference"),
            &["discussion and explanation"],
        );
    }
}

/// "Where the issue cannot be resolved, consideration should be given to
/// convening a Child Protection Review Conference": optional; going past it
/// to the LSCB representatives is not a skip.
#[test]
fn the_review_conference_is_optional() {
    let p = protocol("leeds");
    let route = p.route("plan").expect("the plan route");
    let rc = route
        .stages
        .iter()
        .find(|s| s.id == "review-conference")
        .unwrap();
    has(
        &rc.optional.as_ref().expect("optional").text,
        &["not automatic", "considered"],
    );
    let a = with(
        answers("plan-implementation", "routine"),
        &[
            ("line-managers", "2026-11-16", Outcome::NotResolved),
            ("line-management", "2026-11-17", Outcome::NotResolved),
            ("lscb-representatives", "2026-11-18", Outcome::NotResolved),
        ],
    );
    let advice = run(&p, &a);
    assert!(
        advice
            .warnings
            .iter()
            .all(|w| !w.text.contains("No attempt is recorded")),
        "{:?}",
        advice.warnings
    );
}
