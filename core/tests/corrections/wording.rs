//! Wording corrections from a second line-by-line review of the protocol
//! files against their sources. Each test names the source phrase it rests
//! on and fails on the wording it replaced.

use super::*;

use case_resolution_core::protocol::Stage;

/// The stage `id` of the route `route`.
fn stage<'a>(p: &'a Protocol, route: &str, id: &str) -> &'a Stage {
    p.route(route)
        .unwrap_or_else(|| panic!("no route {route}"))
        .stages
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no stage {id} in route {route}"))
}

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
