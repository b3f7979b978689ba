//! Wording corrections from a second line-by-line review of the protocol
//! files against their sources. Each test names the source phrase it rests
//! on and fails on the wording it replaced.

use super::*;

/// The sentences of `text` (split as the plain-words check splits them).
fn sentences(text: &str) -> Vec<&str> {
    case_resolution_core::protocol::readability::sentences(text)
}

// --- Devon DCFP (seed 001) ---------------------------------------------------

/// 3.3.2: "It is critical that in these instances staff, and especially
/// their managers/supervisors, are able to recognise what is happening".
/// Recognising it is more than seeing it.
#[test]
fn dcfp_stuck_staff_and_managers_should_recognise_what_is_happening() {
    let p = protocol("devon-dcfp");
    let stuck = p.special_case("stuck").expect("the stuck special case");
    lacks(&stuck.guidance, &["see what is happening"]);
    has(&stuck.guidance, &["recognise what is happening"]);
    let c = &stuck.cite;
    assert!(
        c.anchors
            .iter()
            .any(|a| a.contains("are able to recognise what is happening")),
        "{:?}",
        c.anchors
    );
}

/// 2.8: "Conference chairs are independent of operational service delivery
/// and it is right that their independence should be used": independent of
/// the running of services, not just "independent".
#[test]
fn dcfp_conference_chairs_are_independent_of_operational_service_delivery() {
    let p = protocol("devon-dcfp");
    let text = all_text(&p);
    let lower = text.to_lowercase();
    let mut found = 0;
    for (i, _) in lower.match_indices("chairs are independent") {
        found += 1;
        assert!(
            lower[i..].starts_with("chairs are independent of operational service delivery"),
            "conference chairs described as independent without saying of what:\n{}",
            &text[i.saturating_sub(40)..(i + 80).min(text.len())]
        );
    }
    assert!(found > 0, "the 2.8 passage on conference chairs is gone");
}

// --- Devon schools (seed 000) ------------------------------------------------

/// KCSiE as quoted: staff "should feel able to raise concerns ... and know
/// that such concerns will be taken seriously by the senior leadership
/// team": what staff should know, not a promise of the widget. Every
/// "will be taken seriously" is inside that expectation.
#[test]
fn schools_taken_seriously_is_what_staff_should_know_not_a_promise() {
    let p = protocol("devon-schools");
    let text = all_text(&p);
    let mut found = 0;
    for s in text.lines().flat_map(sentences) {
        let l = s.to_lowercase();
        if l.contains("will be taken seriously") {
            found += 1;
            assert!(
                l.contains("should know that such concerns will be taken seriously"),
                "a promise, not an expectation: {s:?}"
            );
        }
    }
    assert!(found > 0, "the KCSiE expectation is gone");
    let action = stage(&p, "whistleblowing", "school-leadership")
        .action
        .clone();
    has(&action, &["KCSiE", "should feel able to raise"]);
}

// --- Sheffield (seed 002) ----------------------------------------------------

/// 4: "Where agreement cannot be reached, Sheffield Children Safeguarding
/// Partnership should be consulted": the chapter names no one who consults
/// it, so the stage names no actor and says the chapter does not say who.
#[test]
fn sheffield_consult_scsp_names_no_actor_the_chapter_does_not() {
    let p = protocol("sheffield");
    let s = stage(&p, "conference", "consult-scsp");
    lacks(&s.who, &["children's social care", "you and", "you,"]);
    has(&s.who, &["does not say who"]);
    has(
        &s.contact_role,
        &["Sheffield Children Safeguarding Partnership"],
    );
    has(
        &s.action,
        &[
            "Sheffield Children Safeguarding Partnership should be consulted",
            "does not say who",
        ],
    );
    lacks(&s.action, &["children's social care"]);
}

/// 3: "If unresolved, the problem should be referred to the worker's own
/// line manager or advisor (complainant agency), who will discuss the
/// situation with their equivalent colleague in the other agency": the
/// worker refers it to their own line manager, who then talks to the
/// other agency.
#[test]
fn sheffield_the_worker_refers_it_to_their_own_line_manager() {
    let p = protocol("sheffield");
    let s = stage(&p, "escalation", "line-manager");
    has(&s.who, &["you refer", "your own line manager or advisor"]);
    has(&s.action, &["your own line manager or advisor"]);
    let sum = summary(&p, "escalation");
    lacks(&sum, &["Next, your line manager or advisor talks"]);
    has(&sum, &["your own line manager or advisor"]);
}

/// 2: "Attempts at problem resolution may leave a worker / agency believing
/// that the child / young person remains likely to suffer significant harm.
/// This person / agency has responsibility for communicating such concerns
/// through their line management and safeguarding leads": the safeguarding
/// leads come with that belief, in the summary and the stage's contact role
/// as in its action.
#[test]
fn sheffield_line_management_and_safeguarding_leads_keep_their_condition() {
    let p = protocol("sheffield");
    let harm = "likely to suffer significant harm";
    for (place, text) in [
        ("route summary", summary(&p, "escalation")),
        (
            "contact role",
            stage(&p, "escalation", "senior-management")
                .contact_role
                .clone(),
        ),
        (
            "action",
            stage(&p, "escalation", "senior-management").action.clone(),
        ),
    ] {
        // The sentence naming the safeguarding leads also holds the belief.
        let leads: Vec<&str> = sentences(&text)
            .into_iter()
            .filter(|s| s.to_lowercase().contains("safeguarding leads"))
            .collect();
        assert!(!leads.is_empty(), "{place}: no safeguarding leads: {text}");
        for s in leads {
            let i = text.find(s).expect("a sentence of the text");
            // The condition is in that sentence or the one just before it.
            let before = &text[..i];
            let prev = sentences(before).last().copied().unwrap_or("");
            assert!(
                s.contains(harm) || prev.contains(harm),
                "{place}: safeguarding leads without the condition: {s:?}"
            );
        }
    }
}

// --- Leeds (seed 003) --------------------------------------------------------

/// 3: "it should be discussed with the Safeguarding Children Board Manager
/// or their nominated representative, who will consider what further
/// actions are required". After that the chapter describes no step: the
/// route's last word does not send the practitioner back to the Board
/// Manager (or round again via the LSCB representatives).
#[test]
fn leeds_at_conference_exhausted_does_not_loop_back_to_the_board_manager() {
    let p = protocol("leeds");
    let last = stage(&p, "at-conference", "board-manager");
    has(&last.contact_role, &["Safeguarding Children Board Manager"]);
    let ex = p
        .route("at-conference")
        .and_then(|r| r.exhausted.as_ref())
        .expect("the route's own exhausted text");
    lacks(
        &ex.text,
        &[
            "referred to the Safeguarding Children Board Manager",
            "discussed with the Safeguarding Children Board Manager",
            "LSCB representative",
            "section 5 applies",
        ],
    );
    has(
        &ex.text,
        &["will consider what further action", "no further step"],
    );
}

// --- Darlington (seed 004 and the seeds README's supplementary facts) --------

/// Supplementary facts: "Stage 2: if not resolved, both parties discuss
/// ..."; "Stage 3: if not resolved, and the manager thinks it appropriate,
/// an inter-agency meeting is arranged".
#[test]
fn darlington_stages_2_and_3_keep_if_not_resolved() {
    let p = protocol("darlington");
    for id in ["stage-2", "stage-3"] {
        has(&stage(&p, "challenge", id).action, &["not resolved"]);
    }
    let sum = summary(&p, "challenge");
    for s in sentences(&sum)
        .into_iter()
        .filter(|s| s.starts_with("Stage 2") || s.starts_with("Stage 3"))
    {
        has(s, &["not resolved"]);
    }
}

/// "Stage 4 and beyond: the public text was not available here" is the
/// seeds README's note, not a sentence of the DSP procedure page: the texts
/// that say so cite that note, not the page.
#[test]
fn darlington_stage_4_not_available_is_cited_to_the_note_not_the_dsp_page() {
    let p = protocol("darlington");
    let route_ex = p
        .route("challenge")
        .and_then(|r| r.exhausted.clone())
        .expect("the route's own exhausted text");
    for ex in [&route_ex, &p.exhausted] {
        has(&ex.text, &["not available"]);
        let from = ex.cite.from.as_deref().expect("cites a [[sources]] page");
        assert_ne!(from, "procedure", "cited to the DSP page: {:?}", ex.cite);
        let src = p
            .sources
            .iter()
            .find(|s| s.id == from)
            .expect("a declared source");
        lacks(&src.title, &["how to make a professional challenge"]);
        assert!(src.url.is_none(), "links to a page that does not say it");
        lacks(&ex.cite.section, &["Procedure and guidance"]);
    }
}
