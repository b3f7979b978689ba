//! The calendar follow-up, parsed back with the
//! `icalendar` crate's parser: one all-day event on the engine's working-day
//! due date (or the date chosen), METHOD:PUBLISH, CLASS:PRIVATE, no
//! ORGANIZER or ATTENDEE, CRLF line endings and 75-octet folding, text
//! escaped; and no answer text ever in the file (the hostile corpus through
//! every answer field).

use case_resolution_core::calendar::{self, Plan, Stamp};
use case_resolution_core::guidance::{advise, Answers, Date};
use case_resolution_core::protocol::Protocol;
use case_resolution_test_support::form_fixture as fixture;
use icalendar::{Calendar, CalendarComponent, Class, Component, DatePerhapsTime};

fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}

fn stamp() -> Stamp {
    Stamp {
        date: today(),
        hour: 14,
        minute: 5,
        second: 9,
    }
}

const REFERENCE: &str = "CR-20261123-7F3K";

fn darlington() -> Protocol {
    fixture::protocols()
        .into_iter()
        .find(|p| p.id == "darlington")
        .expect("darlington")
}

fn file(p: &Protocol, a: &Answers, title: &str, chosen: Option<Date>) -> (Plan, String) {
    let plan = calendar::plan(&advise(p, a, today()));
    let ics = calendar::ics(p, &plan, title, chosen, REFERENCE, stamp(), 0xDEAD_BEEF)
        .expect("a date is known");
    (plan, ics)
}

/// Checks the file's shape and returns the parsed calendar.
fn parse(ics: &str) -> Calendar {
    assert!(ics.ends_with("\r\n"), "ends with CRLF");
    assert!(!ics.replace("\r\n", "").contains('\n'), "a bare LF");
    assert!(!ics.replace("\r\n", "").contains('\r'), "a bare CR");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let cal: Calendar = ics.parse().unwrap_or_else(|e| panic!("{e}\n{ics}"));
    assert_eq!(cal.property_value("VERSION"), Some("2.0"));
    assert_eq!(cal.property_value("METHOD"), Some("PUBLISH"));
    assert!(cal.property_value("PRODID").is_some());
    assert_eq!(cal.components.len(), 1, "one component");
    let unfolded = ics.replace("\r\n ", "");
    for banned in [
        "ORGANIZER",
        "ATTENDEE",
        "VALARM",
        "LOCATION",
        "URL:",
        "CONTACT",
    ] {
        assert!(
            !unfolded.lines().any(|l| l.starts_with(banned)),
            "{banned} in\n{ics}"
        );
    }
    cal
}

fn event(cal: &Calendar) -> &icalendar::Event {
    match &cal.components[0] {
        CalendarComponent::Event(e) => e,
        other => panic!("not an event: {other:?}"),
    }
}

/// An all-day date property as `YYYY-MM-DD`; `None` for a date-time.
fn day(d: Option<DatePerhapsTime>) -> Option<String> {
    match d? {
        DatePerhapsTime::Date(d) => Some(d.to_string()),
        DatePerhapsTime::DateTime(_) => None,
    }
}

fn naive(d: Date) -> Option<String> {
    Some(d.to_string())
}

#[test]
fn the_event_is_on_the_engines_working_day_due_date_or_the_chosen_date() {
    let mut with_due = 0;
    // No attempt yet, one attempt, and every stage but the last.
    let cases = fixture::protocols().into_iter().flat_map(|p| {
        let full = fixture::answers(&p);
        [0, 1, full.attempts.len()].map(|k| {
            let mut a = full.clone();
            a.attempts.truncate(k);
            (p.clone(), a)
        })
    });
    for (p, a) in cases {
        let advice = advise(&p, &a, today());
        let chosen = Date::parse("2026-12-09").unwrap();
        let (plan, ics) = file(&p, &a, "", Some(chosen));
        let cal = parse(&ics);
        let e = event(&cal);
        // The first date anything on the page falls due: the awaited
        // stage's timescales and the next step's.
        let first = advice
            .awaiting
            .iter()
            .flat_map(|w| &w.deadlines)
            .chain(advice.next_step.iter().flat_map(|n| &n.timescales))
            .filter_map(|d| d.due.as_ref())
            .min_by_key(|d| d.date);
        let expected = match first {
            Some(due) => {
                with_due += 1;
                assert_eq!(plan.due, Some(due.date), "{}", p.id);
                assert!(!due.date.is_weekend());
                assert!(
                    e.get_description().unwrap().replace("\r\n ", "").contains(
                        "Weekends and bank holidays in England and Wales are not counted"
                    ),
                    "{}: {ics}",
                    p.id
                );
                assert!(plan
                    .explanation
                    .contains("bank holidays in England and Wales are not counted"));
                due.date
            }
            None => {
                assert_eq!(plan.due, None, "{}", p.id);
                assert!(e.get_description().unwrap().contains("A date you chose"));
                assert!(plan.explanation.contains("choose the date"));
                // Without a chosen date there is no file: no invented timescale.
                assert!(calendar::ics(&p, &plan, "", None, REFERENCE, stamp(), 1).is_err());
                chosen
            }
        };
        // All day: DTSTART and DTEND are dates, DTEND the next day.
        assert_eq!(day(e.get_start()), naive(expected), "{}", p.id);
        assert_eq!(
            day(e.get_end()),
            naive(Date::from_days(expected.to_days() + 1)),
            "{}",
            p.id
        );
        assert!(ics.contains(&format!(
            "DTSTART;VALUE=DATE:{}",
            expected.to_string().replace('-', "")
        )));
        assert_eq!(e.get_class(), Some(Class::Private), "{}", p.id);
        assert_eq!(
            e.get_summary(),
            Some("Follow up: case resolution CR-20261123-7F3K")
        );
        let uid = e.get_uid().expect("a UID");
        assert!(uid.contains(REFERENCE) && uid.contains('@'), "{uid}");
        assert_eq!(
            e.get_timestamp().map(|t| t.to_rfc3339()),
            Some("2026-11-23T14:05:09+00:00".to_string())
        );
        let description = e.get_description().unwrap();
        assert!(description.starts_with(&p.name), "{description}");
    }
    assert!(
        with_due > 0,
        "a bundled protocol (Darlington) states working days"
    );
}

#[test]
fn darlington_counts_working_days_from_the_last_attempt() {
    let p = darlington();
    let mut a = fixture::answers(&p);
    a.attempts.truncate(1);
    let due = advise(&p, &a, today())
        .next_step
        .and_then(|n| n.timescales.into_iter().next())
        .and_then(|d| d.due)
        .expect("a due date");
    let (_, ics) = file(&p, &a, "", None);
    let e_start = day(event(&parse(&ics)).get_start());
    assert_eq!(e_start, naive(due.date));
    let case_resolution_core::protocol::Amount::WorkingDays(n) = due.amount else {
        panic!("Darlington's timescales are in working days");
    };
    assert_eq!(due.date, due.from.add_working_days(n));
    assert!(due.from_attempt);
    assert_eq!(due.from, Date::parse(&a.attempts[0].date).unwrap());
}

/// A plan agreed at Darlington's Stage 1: the event is on its review date
/// (the first thing to check), and Stage 2's time is counted from that
/// date, as Stage 2 follows only if the plan is not carried out.
#[test]
fn a_plan_agreed_puts_the_event_on_its_review_date() {
    let p = darlington();
    let mut a = fixture::answers(&p);
    a.attempts.truncate(1);
    a.attempts[0].outcome = case_resolution_core::guidance::Outcome::PlanAgreed;
    a.attempts[0].review_date = "2026-12-14".into();
    let review = Date::parse("2026-12-14").unwrap();
    let (plan, ics) = file(&p, &a, "", None);
    assert!(plan.review && plan.due == Some(review), "{plan:?}");
    assert!(plan
        .explanation
        .contains("review the plan agreed at Stage 1"));
    let e = parse(&ics);
    assert_eq!(day(event(&e).get_start()), naive(review));
    assert!(
        ics.replace("\r\n ", "").contains("review the plan agreed"),
        "{ics}"
    );
    let due = advise(&p, &a, today())
        .next_step
        .and_then(|n| n.timescales.into_iter().next())
        .and_then(|d| d.due)
        .expect("Stage 2's due date");
    assert_eq!(due.from, review);
    assert_eq!(due.date, review.add_working_days(3));
    assert!(
        due.explanation.contains("the date to review the plan"),
        "{}",
        due.explanation
    );
}

#[test]
fn an_edited_title_is_escaped_and_folded_and_reads_back_the_same() {
    let p = &fixture::protocols()[0];
    let a = fixture::answers(p);
    let title = "Chase: call back, then; check \\ notes é🙂 ".repeat(3);
    let (_, ics) = file(p, &a, &title, Some(today()));
    assert!(ics.contains("Chase: call back\\, then\\; check \\\\ notes"));
    let cal = parse(&ics);
    let expected: String = title.trim().chars().take(calendar::TITLE_MAX).collect();
    assert_eq!(event(&cal).get_summary(), Some(expected.trim_end()));
    // Lines were folded (the title is longer than one line).
    assert!(ics.contains("\r\n "), "folded");
    // A title cannot add a property: newlines become spaces.
    let (_, ics) = file(
        p,
        &a,
        "x\r\nATTENDEE:mailto:someone@example.org\nORGANIZER:x",
        Some(today()),
    );
    let cal = parse(&ics);
    assert!(event(&cal).get_summary().unwrap().starts_with("x ATTENDEE"));
}

fn hostile_corpus() -> Vec<String> {
    let path = case_resolution_test_support::root().join("tests/fixtures/hostile-inputs.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap().to_string())
        .collect()
}

/// Pieces of `text` long enough to be telling: its words of 4 or more
/// letters or digits.
fn telling_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_string)
        .collect()
}

#[test]
fn no_answer_text_ever_reaches_the_file() {
    let corpus = hostile_corpus();
    assert!(corpus.len() > 20);
    for p in fixture::protocols() {
        let (_, ics) = file(&p, &fixture::answers(&p), "", Some(today()));
        let baseline = telling_words(&ics.replace("\r\n ", "").to_lowercase());
        // The file's own fixed words, whichever kind of date: made without
        // any answer.
        let mut own = Vec::new();
        for plan in [
            Plan {
                due: Some(today()),
                amount: Some(case_resolution_core::protocol::Amount::WorkingDays(5)),
                awaited: false,
                review: false,
                explanation: String::new(),
            },
            Plan {
                due: Some(today()),
                amount: Some(case_resolution_core::protocol::Amount::WorkingDays(5)),
                awaited: true,
                review: false,
                explanation: String::new(),
            },
            Plan {
                due: Some(today()),
                amount: None,
                awaited: false,
                review: true,
                explanation: String::new(),
            },
            Plan {
                due: None,
                amount: None,
                awaited: false,
                review: false,
                explanation: String::new(),
            },
        ] {
            let f = calendar::ics(&p, &plan, "", Some(today()), REFERENCE, stamp(), 1).unwrap();
            own.extend(telling_words(&f.replace("\r\n ", "").to_lowercase()));
        }
        // The fixture's own typed values: none of their other words in the file.
        for v in fixture::typed_values(&fixture::answers(&p)) {
            for w in telling_words(&v) {
                let w_lower = w.to_lowercase();
                if own.contains(&w_lower) || !w.chars().any(char::is_alphabetic) {
                    continue;
                }
                assert!(
                    !baseline.contains(&w_lower),
                    "{}: {w:?} from an answer in\n{ics}",
                    p.id
                );
            }
        }
        for payload in &corpus {
            let a = fixture::hostile(&p, payload);
            let (_, ics) = file(&p, &a, "", Some(today()));
            let text = ics.replace("\r\n ", "");
            let trimmed = payload.trim();
            if trimmed.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
                assert!(!text.contains(trimmed), "{}: {payload:?} in\n{ics}", p.id);
                assert!(
                    !text.contains(&calendar::escape(trimmed)),
                    "{}: {payload:?} (escaped) in\n{ics}",
                    p.id
                );
            }
            // The hostile answers change nothing but, at most, the date.
            let (_, clean) = file(&p, &fixture::answers(&p), "", Some(today()));
            let strip = |s: &str| {
                s.lines()
                    .filter(|l| {
                        !l.starts_with("DTSTART")
                            && !l.starts_with("DTEND")
                            && !l.starts_with("DESCRIPTION")
                            && !l.starts_with(' ')
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(strip(&ics), strip(&clean), "{}: {payload:?}", p.id);
            parse(&ics);
        }
    }
}

/// The widget does not make the file: it sends the form's request and the
/// follow-up controls to the on-demand module (`form::export::file(FileKind::Calendar,
/// …)`), which must give exactly the file the calendar code gives for the
/// same answers, and refuse anything else.
#[test]
fn the_on_demand_module_makes_the_same_file_from_the_widgets_request() {
    use case_resolution_core::form::{export, FormMeta};
    for p in case_resolution_core::protocol::bundled().unwrap() {
        let a = Answers::default();
        let meta = FormMeta {
            reference: REFERENCE.to_string(),
            generated: "2026-11-23 14:05".to_string(),
            date: today(),
        };
        let form = export::request(&p, &a, &meta, today());
        let chosen = Date::parse("2026-12-04");
        let title = "Chase; the panel, again";
        let request = export::calendar_request(&form, title, chosen, stamp(), 7);
        let made = export::file(export::FileKind::Calendar, &request).expect("the module makes it");
        let plan = calendar::plan(&advise(&p, &a, today()));
        let direct = calendar::ics(&p, &plan, title, chosen, REFERENCE, stamp(), 7).unwrap();
        assert_eq!(String::from_utf8(made).unwrap(), direct, "{}", p.id);
        // A form request alone, a cut request, another build's: refused.
        for bad in [form.as_str(), &request[..request.len() / 2], "cr-ics-9;x"] {
            assert!(
                export::file(export::FileKind::Calendar, bad).is_err(),
                "{}",
                p.id
            );
        }
    }
}
