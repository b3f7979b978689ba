//! Wording corrections from a second line-by-line review of the protocol
//! files against their sources. Each test names the source phrase it rests
//! on and fails on the wording it replaced.

use super::*;

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
