//! Scenario tests, each written from the source text of a protocol (quoted in
//! the comment above it; the seeds are in `../shared/seeds/`), asserting the
//! role or body the source names for the next step.
//!
//! Assertions use substrings that appear in, or closely paraphrase, the
//! source, so a protocol file that drifts from its source fails here.

use case_resolution_core::guidance::{advise, Answers};
use case_resolution_core::guidance::{Advice, ItemKind, Outcome, Status};
use case_resolution_core::protocol::Protocol;
use case_resolution_test_support::scenario::{answers, date, has, lacks, protocol, run, with};

/// All the next step's text in one string: who, role, action, contacts.
fn next_text(advice: &Advice) -> String {
    let n = advice.next_step.as_ref().expect("a next step");
    let mut s = format!("{} | {} | {} | {}", n.name, n.who, n.contact_role, n.action);
    for c in &n.contacts {
        s.push_str(&format!(
            " | {} {} {}",
            c.name,
            c.phone.as_deref().unwrap_or(""),
            c.email.as_deref().unwrap_or("")
        ));
    }
    for a in &n.alternatives {
        s.push_str(" | ");
        s.push_str(&a.text);
    }
    s
}

// ---------------------------------------------------------------------------
// Devon Children and Families Partnership: seed 001

const DCFP: &str = "devon-dcfp";
const DCFP_TYPE: &str = "referral-or-assessment";

/// "Stage 1: Professional discusses with their manager/named lead for child
/// protection in his or her own agency to clarify their thinking."
#[test]
fn dcfp_first_step_is_own_manager_or_named_lead() {
    let p = &protocol(DCFP);
    let advice = run(p, &answers(DCFP_TYPE, "routine"));
    assert_eq!(advice.status, Status::NotStarted);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-1");
    has(
        &n.contact_role,
        &["manager", "named lead for child protection"],
    );
    has(&n.action, &["clarify your thinking"]);
    // The source states no timescale for any stage.
    assert!(n.timescales.is_empty() && n.no_timescale.is_some());
    assert!(!advice.form.due_now);
}

/// "Stage 2: Initial attempts should be made to resolve the matter, this
/// would usually be through discussion between the two professionals
/// involved." / "Stage 3: If the problem is not resolved at Stage 2 the
/// concerned worker should contact their manager within their own agency, who
/// will contact the equivalent manager in the other agency to discuss and
/// seek to resolve."
#[test]
fn dcfp_stage_2_unresolved_goes_manager_to_manager() {
    let p = &protocol(DCFP);
    let a = with(
        answers(DCFP_TYPE, "routine"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-2", "2026-11-18", Outcome::NotResolved),
        ],
    );
    let advice = run(p, &a);
    assert_eq!(advice.status, Status::InProgress);
    assert!(advice.warnings.is_empty(), "{:?}", advice.warnings);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-3");
    has(
        &n.contact_role,
        &["your manager", "equivalent manager in the other agency"],
    );
}

/// "Stage 4: If the matter is not resolved at Stage 3, the manager reports to
/// their respective operations manager or named designated safeguarding
/// representative (for MASH, the Area Manager). These two managers must
/// attempt to resolve the issue through discussion."
#[test]
fn dcfp_stage_3_unresolved_goes_to_operations_managers() {
    let p = &protocol(DCFP);
    let a = with(
        answers(DCFP_TYPE, "routine"),
        &[
            ("stage-1", "2026-11-02", Outcome::NotResolved),
            ("stage-2", "2026-11-04", Outcome::NotResolved),
            ("stage-3", "2026-11-09", Outcome::NotResolved),
        ],
    );
    let n = run(p, &a).next_step.unwrap();
    assert_eq!(n.stage_id, "stage-4");
    has(
        &n.contact_role,
        &[
            "operations manager",
            "named designated safeguarding representative",
            "Area Manager",
        ],
    );
}

/// "Stage 5: If the differences cannot be resolved at Stage 4, the designated
/// or named lead from the concerned agency will inform the DCFP by submitting
/// a Case Resolution form in order that the decision can be reviewed,
/// including the possibility of a review panel."
#[test]
fn dcfp_stage_4_unresolved_named_lead_submits_case_resolution_form() {
    let p = &protocol(DCFP);
    let a = with(
        answers(DCFP_TYPE, "routine"),
        &[
            ("stage-1", "2026-11-02", Outcome::NotResolved),
            ("stage-2", "2026-11-04", Outcome::NotResolved),
            ("stage-3", "2026-11-09", Outcome::NotResolved),
            ("stage-4", "2026-11-16", Outcome::NotResolved),
        ],
    );
    let advice = run(p, &a);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-5");
    assert_eq!((n.position, n.total), (5, 5));
    has(&n.who, &["designated or named lead"]);
    has(&n.action, &["DCFP", "Case Resolution form", "review panel"]);
    has(&next_text(&advice), &["Case Resolution form"]);
    assert!(n.submits_form);
    assert!(advice.form.due_now);
    has(&advice.form.title, &["Case Resolution form"]);
    has(&advice.form.recipient, &["DCFP"]);
    has(&advice.form.text, &["submitted"]);
}

/// "If you are concerned that a child is being abused please call 0345 155
/// 1071 or email mashsecure@devon.gov.uk. ... If it's an emergency call 999"
/// and "if a child is thought to be at risk of immediate harm discretion
/// should be used as to which stage is initiated".
#[test]
fn dcfp_immediate_harm_puts_999_and_mash_first_and_allows_a_higher_stage() {
    let p = &protocol(DCFP);
    let mut a = with(
        answers(DCFP_TYPE, "immediate"),
        &[("stage-3", "2026-11-23", Outcome::NoResponseYet)],
    );
    a.immediate_harm = Some(true);
    let advice = run(p, &a);
    let items = advice.items();
    assert_eq!(items[0].kind, ItemKind::Emergency);
    let e = advice.emergency.as_ref().unwrap();
    let phones: Vec<&str> = e
        .contacts
        .iter()
        .filter_map(|c| c.phone.as_deref())
        .collect();
    // 999 is the widget's own baseline, not a contact in the file; the
    // protocol's own words on it are an emergency action.
    assert!(
        e.actions.iter().any(|a| a.text.contains("999")),
        "{:?}",
        e.actions
    );
    assert!(phones.contains(&"0345 155 1071"), "{phones:?}");
    assert!(e
        .contacts
        .iter()
        .any(|c| c.email.as_deref() == Some("mashsecure@devon.gov.uk")));
    // Starting at Stage 3 is within the discretion: no skipped-stage warning.
    assert!(advice.warnings.is_empty(), "{:?}", advice.warnings);
    // The discretion is said with the next step.
    let notes: Vec<&str> = advice
        .next_step
        .as_ref()
        .unwrap()
        .notes
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    has(&notes.join(" "), &["which stage to start at"]);
    // Waiting at Stage 3, but never told to wait while a child is at risk.
    assert_eq!(advice.status, Status::Awaiting);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-4");
    has(n.waiting_note.as_deref().unwrap(), &["do not wait"]);
}

/// "Disagreements should be resolved at the lowest possible stage" and the
/// stages are taken in order: outside immediate harm, skipping Stage 2 is
/// warned about.
#[test]
fn dcfp_routine_skip_is_warned() {
    let p = &protocol(DCFP);
    let a = with(
        answers(DCFP_TYPE, "routine"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-3", "2026-11-18", Outcome::NotResolved),
        ],
    );
    let advice = run(p, &a);
    assert_eq!(advice.warnings.len(), 1);
    has(&advice.warnings[0].text, &["Stage 2"]);
    assert_eq!(advice.next_step.unwrap().stage_id, "stage-4");
}

/// "Designated lead for Child Protection feeds back to professionals with
/// original concerns." and 2.6 "unresolved escalations are reported up to the
/// PDG".
#[test]
fn dcfp_stage_5_unresolved_is_exhausted_with_feedback() {
    let p = &protocol(DCFP);
    let stages = ["stage-1", "stage-2", "stage-3", "stage-4", "stage-5"];
    let a = with(
        answers(DCFP_TYPE, "routine"),
        &stages.map(|s| (s, "2026-11-02", Outcome::NotResolved)),
    );
    let advice = run(p, &a);
    assert_eq!(advice.status, Status::Exhausted);
    assert!(advice.next_step.is_none());
    // 2.6 belongs to an unresolved escalation: the exhausted text, not the
    // advice for a resolved one.
    has(
        &advice.exhausted.as_ref().unwrap().text,
        &["DCFP", "feeds back", "reported up to the PDG"],
    );
}

/// "At all stages actions/decisions must be recorded in writing and shared
/// with relevant personnel." A resolution at Stage 2 ends the escalation.
#[test]
fn dcfp_resolved_at_stage_2_stops_and_records() {
    let p = &protocol(DCFP);
    let a = with(
        answers(DCFP_TYPE, "quick"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-2", "2026-11-17", Outcome::Resolved),
        ],
    );
    let advice = run(p, &a);
    assert_eq!(advice.status, Status::Resolved);
    assert!(advice.next_step.is_none());
    has(
        &advice.after_resolution[0].text,
        &["record", "writing", "share"],
    );
}

/// 3.2 "some scenarios which raise matters of such potentially serious
/// concern that they should be automatically logged with the chair of the
/// DCFP PDG"; 3.3.4 "The PDG should be informed and will offer a relevant
/// mediator".
#[test]
fn dcfp_special_cases_serious_concern_and_stuck() {
    let p = &protocol(DCFP);
    let mut a = answers("other-case-decision", "routine");
    a.special_cases.insert("serious-concern".into());
    a.special_cases.insert("stuck".into());
    let advice = run(p, &a);
    let texts: Vec<&str> = advice
        .special_cases
        .iter()
        .map(|s| s.guidance.as_str())
        .collect();
    assert_eq!(texts.len(), 2);
    has(texts[0], &["logged", "chair", "Practice Development Group"]);
    has(texts[1], &["PDG", "mediator"]);
}

// ---------------------------------------------------------------------------
// Leeds: Working Together procedures 2.9, seed 003

const LEEDS: &str = "leeds";

/// Section 3: "If the dissenting professional believes that the decision reached by
/// the Conference Chair places a child at (further) risk of Significant Harm,
/// it is expected that s/he will formally raise the matter with their line
/// manager and/or Designated or Named Professional in their agency."
#[test]
fn leeds_conference_dissent_goes_first_to_line_manager_or_named_professional() {
    let p = &protocol(LEEDS);
    let advice = run(p, &answers("at-conference", "quick"));
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.position, 1);
    has(
        &n.contact_role,
        &["line manager", "Designated or Named Professional"],
    );
    has(&n.action, &["significant harm"]);
}

/// Section 3: "If this does not resolve the matter, it should be discussed with the
/// Safeguarding Children Board Manager or their nominated representative, who
/// will consider what further actions are required."
#[test]
fn leeds_conference_dissent_then_board_manager_then_nothing_further() {
    let p = &protocol(LEEDS);
    let first = run(p, &answers("at-conference", "routine"));
    let first_stage = first.next_step.unwrap().stage_id;
    let a = with(
        answers("at-conference", "routine"),
        &[(&first_stage, "2026-11-16", Outcome::NotResolved)],
    );
    let advice = run(p, &a);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!((n.position, n.total), (2, 2));
    has(
        &n.contact_role,
        &[
            "Safeguarding Children Board Manager",
            "nominated representative",
        ],
    );
    let a = with(a, &[(&n.stage_id, "2026-11-20", Outcome::NotResolved)]);
    let done = run(p, &a);
    assert_eq!(done.status, Status::Exhausted);
    has(
        &done.exhausted.unwrap().text,
        &["Safeguarding Children Board Manager"],
    );
}

/// Section 1: "If the professionals are unable to resolve differences through
/// discussion and/or meeting within a time scale which is acceptable to both
/// of them, their disagreement must be addressed by more experienced or more
/// senior staff. With respect to most day to day issues, this will require a
/// Children's Social Care team manager or assistant team manager liaising
/// with her/his equivalent in the relevant agency."
#[test]
fn leeds_referral_dissent_goes_from_discussion_to_team_managers() {
    let p = &protocol(LEEDS);
    let start = run(p, &answers("not-eligible", "routine"));
    let n = start.next_step.as_ref().unwrap();
    has(&n.action, &["discussion", "acceptable to both"]);
    // The chapter states no timescale in days.
    assert!(n.timescales.iter().all(|d| d.due.is_none()));
    let a = with(
        answers("not-eligible", "routine"),
        &[(&n.stage_id, "2026-11-16", Outcome::NotResolved)],
    );
    let n = run(p, &a).next_step.unwrap();
    has(
        &n.contact_role,
        &["team manager or assistant team manager", "equivalent"],
    );
}

/// Section 1: "If agreement cannot be reached following discussions between the
/// above 'first line' managers ... the issue must be referred without delay
/// through the line management of the respective agency/agencies structure.
/// Alternatively, and more commonly in health services, input may be sought
/// directly from the Designated or Named Professional in preference to the
/// use of line management. At this point a meeting should be called to
/// discuss the situation involving all parties."
#[test]
fn leeds_referral_line_management_or_for_health_the_named_professional() {
    let p = &protocol(LEEDS);
    let mut a = answers("cp-procedures", "quick");
    a.context.insert("agency".into(), "health".into());
    let route = p.route("referral").unwrap();
    let a = with(
        a,
        &[
            (&route.stages[0].id, "2026-11-16", Outcome::NotResolved),
            (&route.stages[1].id, "2026-11-17", Outcome::NotResolved),
        ],
    );
    let n = run(p, &a).next_step.unwrap();
    has(&n.contact_role, &["line management"]);
    has(&n.action, &["without delay", "meeting"]);
    let alt = n
        .alternatives
        .iter()
        .find(|x| x.applies_to_you)
        .expect("the health alternative applies");
    has(&alt.text, &["Designated or Named Professional"]);
}

/// Section 2: "those professionals and agencies who are most involved with the child
/// and family, and those who have taken part in a Section 47 Enquiry, have
/// the right to request that Children's Social Care Services convene a Child
/// Protection Conference ... Any such request that is supported by a senior
/// manager, or a Designated or Named Professional, should normally be agreed."
#[test]
fn leeds_need_for_conference_starts_with_a_request_to_social_care() {
    let p = &protocol(LEEDS);
    let n = run(p, &answers("need-for-conference", "quick"))
        .next_step
        .unwrap();
    has(&n.contact_role, &["Children's Social Care Services"]);
    has(&n.action, &["convene", "conference"]);
    has(
        &n.prepare.join(" "),
        &["senior manager", "Designated or Named Professional"],
    );
}

/// Section 4: "The line managers of the professionals involved should first address
/// these concerns." ... "Where the issue cannot be resolved, consideration
/// should be given to convening a Child Protection Review Conference."
#[test]
fn leeds_plan_dissent_line_managers_first_then_review_conference() {
    let p = &protocol(LEEDS);
    let first = run(p, &answers("plan-implementation", "routine"))
        .next_step
        .unwrap();
    has(&first.contact_role, &["line managers"]);
    let route = p.route("plan").unwrap();
    let a = with(
        answers("plan-implementation", "routine"),
        &[
            (&route.stages[0].id, "2026-11-02", Outcome::NotResolved),
            (&route.stages[1].id, "2026-11-09", Outcome::NotResolved),
        ],
    );
    let n = run(p, &a).next_step.unwrap();
    has(
        &n.action,
        &["consideration", "Child Protection Review Conference"],
    );
}

/// Section 5: "If professional disagreements remain unresolved, the matter must be
/// referred to the LSCB representative for each agency involved. In the
/// unlikely event that the issue is not resolved ... the matter should be
/// referred to the Safeguarding Children Board Manager who will determine a
/// course of action including reporting to the LSCB Chair."
#[test]
fn leeds_where_differences_remain_lscb_representatives_then_board_manager() {
    let p = &protocol(LEEDS);
    let route = p.route("referral").unwrap();
    let n = route.stages.len();
    let attempts: Vec<(&str, &str, Outcome)> = route.stages[..n - 2]
        .iter()
        .map(|s| (s.id.as_str(), "2026-11-02", Outcome::NotResolved))
        .collect();
    let advice = run(p, &with(answers("single-or-joint", "routine"), &attempts));
    let next = advice.next_step.unwrap();
    has(&next.contact_role, &["LSCB representative for each agency"]);
    let attempts: Vec<(&str, &str, Outcome)> = route.stages[..n - 1]
        .iter()
        .map(|s| (s.id.as_str(), "2026-11-02", Outcome::NotResolved))
        .collect();
    let advice = run(p, &with(answers("single-or-joint", "routine"), &attempts));
    let last = advice.next_step.unwrap();
    has(&last.contact_role, &["Safeguarding Children Board Manager"]);
    has(&last.action, &["LSCB Chair"]);
}

// ---------------------------------------------------------------------------
// Sheffield Children Safeguarding Partnership: procedures 2.2, seed 002

const SCSP: &str = "sheffield";

/// Sheffield's escalation route as (stage id, date, outcome), the first `n`
/// stages not resolved.
fn scsp_unresolved(p: &Protocol, n: usize) -> Vec<(String, String, Outcome)> {
    let route = p.route("escalation").unwrap();
    route.stages[..n]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                s.id.clone(),
                format!("2026-11-{:02}", 2 + i),
                Outcome::NotResolved,
            )
        })
        .collect()
}

fn with_owned(a: Answers, attempts: &[(String, String, Outcome)]) -> Answers {
    let borrowed: Vec<(&str, &str, Outcome)> = attempts
        .iter()
        .map(|(s, d, o)| (s.as_str(), d.as_str(), *o))
        .collect();
    with(a, &borrowed)
}

/// Section 3: "The process of effective challenge should first involve workers
/// consulting co-workers, to clarify their thinking and practice in the
/// first instance." Then: "Initial attempts to resolve the problem should
/// normally be between the people who disagree".
#[test]
fn scsp_first_co_workers_then_the_person_you_disagree_with() {
    let p = &protocol(SCSP);
    let n = run(p, &answers("thresholds", "routine")).next_step.unwrap();
    has(&n.contact_role, &["co-workers"]);
    has(&n.action, &["clarify your thinking"]);
    let a = with_owned(answers("thresholds", "routine"), &scsp_unresolved(p, 1));
    let n = run(p, &a).next_step.unwrap();
    has(&n.contact_role, &["person you disagree with"]);
}

/// Section 3: "If unresolved, the problem should be referred to the worker's own line
/// manager or advisor (complainant agency), who will discuss the situation
/// with their equivalent colleague in the other agency".
#[test]
fn scsp_then_own_line_manager_with_their_equivalent() {
    let p = &protocol(SCSP);
    let a = with_owned(answers("decision-making", "quick"), &scsp_unresolved(p, 2));
    let n = run(p, &a).next_step.unwrap();
    has(
        &n.contact_role,
        &[
            "line manager or advisor",
            "equivalent colleague in the other agency",
        ],
    );
}

/// Section 3: "If the problem remains unresolved, the line manager (complainant
/// agency) will refer up their agency line management structure. This may be
/// the management committee if in a VCF sector organisation".
#[test]
fn scsp_then_up_line_management_or_the_vcf_management_committee() {
    let p = &protocol(SCSP);
    let mut a = answers("service-provision", "routine");
    a.context.insert("sector".into(), "vcf".into());
    let a = with_owned(a, &scsp_unresolved(p, 3));
    let n = run(p, &a).next_step.unwrap();
    has(&n.contact_role, &["line management"]);
    let alt = n.alternatives.iter().find(|x| x.applies_to_you).unwrap();
    has(&alt.text, &["management committee"]);
}

/// Section 3: "If the problem remains unresolved, consideration will be given to
/// referring the matter to the Chair of Sheffield Children Safeguarding
/// Partnership, who should offer a process of mediation through the SCSP
/// Learning and Practice Improvement Group (LPIG)".
#[test]
fn scsp_final_step_is_the_chair_and_lpig_mediation() {
    let p = &protocol(SCSP);
    let a = with_owned(answers("roles", "routine"), &scsp_unresolved(p, 4));
    let advice = run(p, &a);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.position, n.total);
    has(
        &n.contact_role,
        &[
            "Chair of Sheffield Children Safeguarding Partnership",
            "mediation",
            "Learning and Practice Improvement Group",
        ],
    );
    has(&n.action, &["consideration"]);
    let total = n.total;
    let done = run(
        p,
        &with_owned(answers("roles", "routine"), &scsp_unresolved(p, total)),
    );
    assert_eq!(done.status, Status::Exhausted);
    has(&done.exhausted.unwrap().text, &["Chair", "mediation"]);
}

/// Section 3: "Initial attempts to resolve the problem should normally be between the
/// people who disagree, unless the child / young person is at immediate
/// risk" and "Timely action is paramount": that attempt, and only that one,
/// may be left out.
#[test]
fn scsp_immediate_risk_may_go_past_the_direct_discussion() {
    let p = &protocol(SCSP);
    let route = p.route("escalation").unwrap();
    let mut a = with(
        answers("thresholds", "immediate"),
        &[
            (&route.stages[0].id, "2026-11-23", Outcome::NotResolved),
            (&route.stages[2].id, "2026-11-23", Outcome::NotResolved),
        ],
    );
    a.immediate_harm = Some(true);
    let advice = run(p, &a);
    assert_eq!(advice.items()[0].kind, ItemKind::Emergency);
    assert!(advice.warnings.is_empty(), "{:?}", advice.warnings);
    assert_eq!(advice.next_step.unwrap().stage_id, route.stages[3].id);
    // Routine: the same skip is warned about.
    let a = with(
        answers("thresholds", "routine"),
        &[
            (&route.stages[0].id, "2026-11-23", Outcome::NotResolved),
            (&route.stages[2].id, "2026-11-23", Outcome::NotResolved),
        ],
    );
    assert_eq!(run(p, &a).warnings.len(), 1);
}

/// Section 4: "Where agreement cannot be reached, Sheffield Children Safeguarding
/// Partnership should be consulted. Every effort should be made to resolve
/// the matter through discussion and explanation. Following this, where
/// agreement cannot be reached a conference should be convened."
#[test]
fn scsp_conference_not_convened_request_then_consult_the_partnership() {
    let p = &protocol(SCSP);
    let first = run(p, &answers("no-conference", "quick"))
        .next_step
        .unwrap();
    has(&first.contact_role, &["children's social care"]);
    has(&first.action, &["request", "conference"]);
    let a = with(
        answers("no-conference", "quick"),
        &[(&first.stage_id, "2026-11-16", Outcome::NotResolved)],
    );
    let n = run(p, &a).next_step.unwrap();
    has(
        &n.contact_role,
        &["Sheffield Children Safeguarding Partnership"],
    );
    has(&n.action, &["discussion and explanation"]);
}

/// Section 5: "When the matter is satisfactorily resolved ... any general principles
/// should be identified and referred to the SCSP for discussion to inform
/// future learning. ... It may also be helpful for individuals to debrief".
#[test]
fn scsp_resolved_learning_and_debrief() {
    let p = &protocol(SCSP);
    let route = p.route("escalation").unwrap();
    let a = with(
        answers("information-sharing", "routine"),
        &[
            (&route.stages[0].id, "2026-11-16", Outcome::NotResolved),
            (&route.stages[1].id, "2026-11-17", Outcome::Resolved),
        ],
    );
    let advice = run(p, &a);
    assert_eq!(advice.status, Status::Resolved);
    let all: Vec<&str> = advice
        .after_resolution
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    has(&all.join(" "), &["SCSP", "learning", "debrief"]);
}

// ---------------------------------------------------------------------------
// Darlington Safeguarding Partnership: seed 004, and the stages of the same
// procedure's "how to make a professional challenge" page (revised December
// 2025) as summarised in seeds/README.md, "Supplementary facts".

const DSP: &str = "darlington";

/// "Stage 1: the practitioner contacts the person or agency who made the
/// decision (or took the action) ... Timescale: within one working day."
#[test]
fn dsp_stage_1_decision_maker_within_one_working_day() {
    let p = &protocol(DSP);
    let advice = run(p, &answers("thresholds", "routine"));
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-1");
    has(&n.contact_role, &["person or agency who made the decision"]);
    has(&n.record.join(" "), &["email"]);
    has(&n.timescales[0].timescale.text, &["one working day"]);
    // Nothing attempted yet: one working day from today, Monday 23 November.
    let due = n.timescales[0].due.as_ref().unwrap();
    assert_eq!(due.date, date("2026-11-24"));
    assert!(!due.from_attempt);
    // Raised on a Friday, it is due on the Monday.
    let friday = advise(p, &answers("thresholds", "routine"), date("2026-11-27"));
    assert_eq!(
        friday.next_step.unwrap().timescales[0]
            .due
            .as_ref()
            .unwrap()
            .date,
        date("2026-11-30")
    );
}

/// "Stage 2: if not resolved, both parties discuss with their own line
/// manager / named practitioner / designated safeguarding lead ...
/// Timescale: where possible within 3 working days."
#[test]
fn dsp_stage_2_line_managers_due_in_3_working_days_over_a_weekend() {
    let p = &protocol(DSP);
    // Stage 1 tried on Thursday 26 November 2026: Friday 27, Monday 30,
    // Tuesday 1 December.
    let a = with(
        answers("case-closure", "quick"),
        &[("stage-1", "2026-11-26", Outcome::NotResolved)],
    );
    let advice = run(p, &a);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-2");
    has(
        &n.contact_role,
        &[
            "line manager",
            "named practitioner",
            "designated safeguarding lead",
        ],
    );
    has(
        &n.action,
        &["your manager talks to the other practitioner's manager"],
    );
    has(&n.timescales[0].timescale.text, &["within 3 working days"]);
    let due = n.timescales[0].due.as_ref().unwrap();
    assert_eq!(due.from, date("2026-11-26"));
    assert_eq!(due.date, date("2026-12-01"));
    assert!(due.from_attempt);
    has(&due.explanation, &["weekends are excluded"]);
    assert!(advice
        .items()
        .iter()
        .any(|i| i.text.contains("Tuesday 1 December 2026") && i.text.contains("weekends")));
}

/// A due date before today says so, on the page, in the form and in the
/// items, and one on or after today does not (a practitioner
/// returning to an old case must not read a past date as still to come).
#[test]
fn a_due_date_that_has_passed_says_so() {
    use case_resolution_core::form;
    use case_resolution_core::render::advice_html;
    let p = &protocol(DSP);
    let a = with(
        answers("case-closure", "quick"),
        &[("stage-1", "2026-11-26", Outcome::NotResolved)],
    );
    // Due Tuesday 1 December 2026.
    for (today, passed) in [
        ("2026-11-30", false),
        ("2026-12-01", false),
        ("2026-12-02", true),
    ] {
        let advice = advise(p, &a, date(today));
        let due = advice.next_step.as_ref().unwrap().timescales[0]
            .due
            .clone()
            .unwrap();
        assert_eq!(due.passed, passed, "on {today}");
        let html = advice_html(&advice, p).into_string();
        let meta = form::FormMeta {
            reference: "CR-TEST".into(),
            generated: format!("{today} 10:00"),
            date: date(today),
        };
        let text = form::text::render(&form::build(p, &a, &advice, &meta));
        assert_eq!(
            html.contains("this date has passed"),
            passed,
            "the page on {today}"
        );
        assert_eq!(
            text.contains("this date has passed"),
            passed,
            "the form on {today}"
        );
        assert_eq!(
            advice
                .items()
                .iter()
                .any(|i| i.text.contains("this date has passed")),
            passed,
            "the items on {today}"
        );
    }
}

/// "Stage 3: if not resolved, and the manager thinks it appropriate, an
/// inter-agency meeting is arranged ... recorded on the Professional
/// Challenge Recording Tool (Appendix 1 of the procedure), and a copy is
/// shared with the DSP Business Unit (DSP@darlington.gov.uk) for recording."
#[test]
fn dsp_stage_3_meeting_and_recording_tool_to_the_business_unit() {
    let p = &protocol(DSP);
    let a = with(
        answers("assessments", "routine"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-2", "2026-11-18", Outcome::NotResolved),
        ],
    );
    let advice = run(p, &a);
    let n = advice.next_step.as_ref().unwrap();
    assert_eq!(n.stage_id, "stage-3");
    has(&n.name, &["inter-agency meeting"]);
    has(&n.who, &["if they think it appropriate"]);
    has(
        &next_text(&advice),
        &[
            "Professional Challenge Recording Tool",
            "DSP@darlington.gov.uk",
        ],
    );
    // The source gives no timescale for Stage 3.
    assert!(n.timescales.is_empty());
    assert!(n.submits_form && advice.form.due_now);
    has(
        &advice.form.title,
        &["Professional Challenge Recording Tool"],
    );
    has(&advice.form.recipient, &["DSP Business Unit"]);
}

/// "Stage 4 and beyond: the public text was not available here. The protocol
/// file must say so honestly (for example: 'for later stages, follow the DSP
/// procedure and contact the DSP Business Unit') rather than invent them."
#[test]
fn dsp_after_stage_3_says_the_later_stages_are_not_available() {
    let p = &protocol(DSP);
    let a = with(
        answers("signs-of-harm", "routine"),
        &[
            ("stage-1", "2026-11-16", Outcome::NotResolved),
            ("stage-2", "2026-11-18", Outcome::NotResolved),
            ("stage-3", "2026-11-20", Outcome::NotResolved),
        ],
    );
    let advice = run(p, &a);
    assert_eq!(advice.status, Status::Exhausted);
    assert!(advice.next_step.is_none());
    has(
        &advice.exhausted.unwrap().text,
        &[
            "not available",
            "DSP Business Unit",
            "DSP@darlington.gov.uk",
        ],
    );
}

/// Areas of disagreement include "decisions regarding implementation and/or
/// responding to and addressing the DSP Executive Strategy Process (Adult)"
/// and "decision as to whether to make a child subject of a Child Protection
/// Plan": adult-only and child-only contexts.
#[test]
fn dsp_adult_and_child_contexts() {
    let p = &protocol(DSP);
    let adult: Vec<&str> = p
        .disagreements_for(Some(case_resolution_core::protocol::Subject::Adults))
        .map(|d| d.id.as_str())
        .collect();
    assert!(adult.contains(&"executive-strategy") && adult.contains(&"risk-enablement"));
    assert!(!adult.contains(&"cp-plan"));
    let mut a = answers("executive-strategy", "routine");
    a.subject = Some(case_resolution_core::protocol::Subject::Adults);
    let advice = run(p, &a);
    assert!(advice.warnings.is_empty());
    has(
        &advice.next_step.unwrap().contact_role,
        &["made the decision"],
    );
    // Answers changed afterwards to a child: pointed out, not silently used.
    a.subject = Some(case_resolution_core::protocol::Subject::Children);
    assert!(run(p, &a)
        .warnings
        .iter()
        .any(|w| w.text.contains("adult at risk")));
}

/// The procedure gives no discretion to skip a stage: at immediate risk, the
/// emergency guidance comes first ("vital that such differences do not affect
/// the outcomes"), and starting at Stage 2 is still pointed out.
#[test]
fn dsp_immediate_harm_999_first_and_no_skipping_discretion() {
    let p = &protocol(DSP);
    let mut a = with(
        answers("response-to-concern", "immediate"),
        &[("stage-2", "2026-11-23", Outcome::NoResponseYet)],
    );
    a.immediate_harm = Some(true);
    let advice = run(p, &a);
    assert_eq!(advice.items()[0].kind, ItemKind::Emergency);
    has(
        &advice.emergency.as_ref().unwrap().summary,
        &["do not wait"],
    );
    assert_eq!(advice.warnings.len(), 1);
    has(&advice.warnings[0].text, &["Stage 1"]);
    has(
        advice.next_step.unwrap().waiting_note.as_deref().unwrap(),
        &["do not wait"],
    );
}

// ---------------------------------------------------------------------------
// Devon schools and settings: one-minute guide No. 20, seed 000

const SCHOOLS: &str = "devon-schools";

/// "The first step is to contact the Social Worker (SW) who has made the
/// decision and discuss your concerns with them, if this conversation does
/// not resolve the issue, you must escalate your concerns to the Team Manager
/// (TM) for that SW." Contacts: "Devon CC named worker: 01392 383000
/// (automated service, state the name of the person you wish to speak to)".
#[test]
fn schools_mash_decision_social_worker_then_team_manager() {
    let p = &protocol(SCHOOLS);
    let advice = run(p, &answers("mash-decision", "routine"));
    let n = advice.next_step.as_ref().unwrap();
    has(&n.contact_role, &["social worker who made the decision"]);
    has(&next_text(&advice), &["01392 383000"]);
    let a = with(
        answers("mash-decision", "routine"),
        &[(&n.stage_id, "2026-11-16", Outcome::NotResolved)],
    );
    let n = run(p, &a).next_step.unwrap();
    has(&n.contact_role, &["team manager", "social worker"]);
}

/// "If you have ongoing concerns ... resolution must be sought manager to
/// manager up the hierarchies until a solution is reached. If necessary this
/// should be up to and include the senior managers and leaders in partner
/// organisations ... reported up to the DSCP Quality Assurance Group (QAG)".
#[test]
fn schools_step_down_then_manager_to_manager_reported_to_qag() {
    let p = &protocol(SCHOOLS);
    let route = p.route("social-care").unwrap();
    let a = with(
        answers("step-down", "quick"),
        &[
            (&route.stages[0].id, "2026-11-16", Outcome::NotResolved),
            (&route.stages[1].id, "2026-11-17", Outcome::NotResolved),
        ],
    );
    let advice = run(p, &a);
    let n = advice.next_step.as_ref().unwrap();
    has(&n.name, &["manager to manager"]);
    has(
        &n.contact_role,
        &["senior managers and leaders in partner organisations"],
    );
    has(&n.record.join(" "), &["Quality Assurance Group"]);
    has(&advice.form.recipient, &["Quality Assurance Group"]);
}

/// "If staff have safeguarding concerns or an allegation is made about
/// another member of staff this should be referred to the Head Teacher or
/// Principal."
#[test]
fn schools_allegation_about_staff_goes_to_the_head_teacher() {
    let p = &protocol(SCHOOLS);
    let mut a = answers("allegation", "quick");
    a.context.insert("allegation-about".into(), "staff".into());
    let advice = run(p, &a);
    assert!(advice.warnings.is_empty(), "{:?}", advice.warnings);
    has(
        &advice.next_step.unwrap().contact_role,
        &["head teacher or principal"],
    );
}

/// "In circumstances where the head Teacher or Principal is the subject of
/// the allegation/concern, the matter should be referred to the Chair of
/// Governors, Chair of the Management Committee or proprietor (in the case
/// of an independent school)."
#[test]
fn schools_allegation_about_the_head_goes_to_the_chair_of_governors() {
    let p = &protocol(SCHOOLS);
    let mut a = answers("allegation", "quick");
    a.context.insert("allegation-about".into(), "head".into());
    let n = run(p, &a).next_step.unwrap();
    has(
        &n.contact_role,
        &[
            "Chair of Governors",
            "Chair of the Management Committee",
            "proprietor",
        ],
    );
    assert!(!n
        .contact_role
        .to_lowercase()
        .starts_with("the head teacher"));
}

/// "If the Head Teacher is also the sole proprietor allegations should be
/// referred to the Local Authority Designated Officer (LADO)." and "LADO
/// contact details: 01392 384964 or email
/// childsc.localauthoritydesignatedofficersecure-mailbox@devon.gov.uk".
#[test]
fn schools_head_who_is_sole_proprietor_goes_to_the_lado_with_its_number() {
    let p = &protocol(SCHOOLS);
    let mut a = answers("allegation", "immediate");
    a.context
        .insert("allegation-about".into(), "head-sole-proprietor".into());
    let advice = run(p, &a);
    let n = advice.next_step.as_ref().unwrap();
    has(
        &n.contact_role,
        &["Local Authority Designated Officer", "LADO"],
    );
    has(
        &next_text(&advice),
        &[
            "01392 384964",
            "childsc.localauthoritydesignatedofficersecure-mailbox@devon.gov.uk",
        ],
    );
}

/// The same passage: until the practitioner says whom the allegation is
/// about, the route (and so whom to refer to) is not settled, and the advice
/// says so rather than silently sending it to the head teacher.
#[test]
fn schools_allegation_without_saying_about_whom_is_pointed_out() {
    let p = &protocol(SCHOOLS);
    let advice = run(p, &answers("allegation", "quick"));
    assert!(advice
        .warnings
        .iter()
        .any(|w| w.text.contains("can change the route")));
}

/// "If a staff member feels unable to raise their concerns with the school's
/// senior leadership team of Governing Body/Board, then the NSPCC has a
/// whistleblowing helpline help@nspcc.org.uk"
#[test]
fn schools_whistleblowing_procedure_or_the_nspcc_helpline_instead() {
    let p = &protocol(SCHOOLS);
    let advice = run(p, &answers("whistleblowing", "routine"));
    let first = advice.next_step.as_ref().unwrap();
    has(
        &first.contact_role,
        &["senior leadership team", "governing body"],
    );
    let nspcc = first
        .alternatives
        .iter()
        .find(|a| a.text.contains("NSPCC"))
        .expect("the NSPCC as another way");
    assert!(nspcc
        .contacts
        .iter()
        .any(|c| c.email.as_deref() == Some("help@nspcc.org.uk")));
    has(
        &advice
            .items()
            .iter()
            .map(|i| i.text.clone())
            .collect::<String>(),
        &["help@nspcc.org.uk"],
    );
    let a = with(
        answers("whistleblowing", "routine"),
        &[(&first.stage_id, "2026-11-16", Outcome::NotResolved)],
    );
    let done = run(p, &a);
    assert_eq!(done.status, Status::Exhausted);
    has(&done.exhausted.unwrap().text, &["NSPCC"]);
}

/// "All staff should be aware of the process for making referrals to
/// children's social care so that, in the event of a disagreement with, or
/// inaction by, the Designated Safeguarding Lead, appropriate action to
/// safeguard a child can be taken by any member of staff."
#[test]
fn schools_dsl_inaction_any_member_of_staff_refers() {
    let p = &protocol(SCHOOLS);
    let advice = run(p, &answers("dsl", "quick"));
    let n = advice.next_step.as_ref().unwrap();
    has(&n.who, &["any member of staff"]);
    has(&n.contact_role, &["children's social care"]);
    has(&next_text(&advice), &["0345 155 1071"]);
}

/// DCFP 1.1: a disagreement with one's own managers and employing bodies
/// is for "individual organisational and partnership whistle blowing
/// policies", not this protocol: the answer says where to go, and there is
/// no route, stage, next step, map or form.
#[test]
fn dcfp_own_manager_goes_to_whistleblowing_not_the_stages() {
    use case_resolution_core::guidance::{EscalationMap, Status};
    use case_resolution_core::render::advice_html;
    let p = &protocol("devon-dcfp");
    let advice = run(p, &answers("own-manager-or-employer", "routine"));
    let e = advice.elsewhere.as_ref().expect("where to go instead");
    has(
        &e.text,
        &["own managers or employer", "whistleblowing policy"],
    );
    assert_eq!(e.cite.section, "1.1");
    assert_eq!(advice.status, Status::Elsewhere);
    assert!(advice.route.is_none() && advice.next_step.is_none() && advice.standing.is_empty());
    assert!(EscalationMap::of(&advice).is_none());
    let html = advice_html(&advice, p).into_string();
    has(
        &html,
        &["This protocol does not cover this", "whistleblowing"],
    );
    lacks(&html, &["Where you are", "About the form"]);
    // The other types still follow the stages.
    assert!(run(p, &answers("other-case-decision", "routine"))
        .next_step
        .is_some());
}
