//! The HTML of the read-only guidance (`render`): golden files per protocol,
//! nothing the engine says is dropped, hostile text stays inert text, and
//! only safe addresses become links. Regenerate the golden files with
//! `UPDATE_GOLDEN=1 cargo test --workspace` and review the diff.

use case_resolution_core::guidance::{
    advise, Advice, AlternativeAdvice, Awaited, Date, Deadline, Due, EmergencyAdvice, FormAdvice,
    FormPlace, NextStep, Outcome, OutcomeNote, RouteInfo, SpecialAdvice, StageRef, StageStanding,
    Status, CALL_999,
};
use case_resolution_core::html::escape;
use case_resolution_core::protocol::{
    Amount, Cite, CitedText, Contact, CountFrom, Protocol, Source, Timescale,
};
use case_resolution_core::render::{advice_html, emergency_html};
use case_resolution_test_support::{form_fixture as fixture, golden, markup};

fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}

/// Answer sets that between them reach every part of the advice: the
/// fixture case (immediate harm, stages attempted, a special case), the same
/// with its latest attempt resolved, and one with only the type chosen.
fn cases(p: &Protocol) -> Vec<(&'static str, Advice)> {
    let full = fixture::answers(p);
    let mut resolved = full.clone();
    if let Some(last) = resolved.attempts.last_mut() {
        last.outcome = Outcome::Resolved;
    }
    let mut fresh = full.clone();
    fresh.attempts.clear();
    fresh.special_cases.clear();
    fresh.immediate_harm = Some(false);
    vec![
        ("full", advise(p, &full, today())),
        ("resolved", advise(p, &resolved, today())),
        ("fresh", advise(p, &fresh, today())),
    ]
}

#[test]
fn golden_advice_and_emergency_html_for_every_bundled_protocol() {
    let mut failures = Vec::new();
    for p in fixture::protocols() {
        let (_, advice) = cases(&p).remove(0);
        let emergency = advice.emergency.as_ref().expect("the fixture reports harm");
        for (name, out) in [
            ("advice.html", advice_html(&advice, &p)),
            ("emergency.html", emergency_html(emergency, &p)),
        ] {
            assert_parser_keeps_structure(&out, &format!("{} {name}", p.id));
            if let Err(e) = golden::check(&format!("{}.{name}", p.id), &out) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `innerHTML` parses the string: a block element inside a `<p>` would
/// close the paragraph early and change the structure the view expects.
fn assert_parser_keeps_structure(html: &str, context: &str) {
    for (i, _) in html.match_indices("<p") {
        let end = i + html[i..].find("</p>").expect("a closed paragraph");
        let inside = &html[i + 2..end];
        for block in [
            "<details", "<div", "<ul", "<section", "<dl", "<p", "<h2", "<h3",
        ] {
            assert!(
                !inside.contains(block),
                "{context}: {block} inside <p{inside}"
            );
        }
    }
}

/// What a citation shows: its section and each anchor.
fn shown_cite(c: &Cite) -> Vec<String> {
    let mut out = vec![c.section.clone()];
    out.extend(c.anchors.iter().cloned());
    out
}

/// Every piece of text the advice holds that the Next step shows.
fn shown_texts(a: &Advice) -> Vec<String> {
    let mut t: Vec<String> = Vec::new();
    let cited = |t: &mut Vec<String>, c: &CitedText| {
        t.push(c.text.clone());
        t.extend(shown_cite(&c.cite));
    };
    if let Some(r) = &a.route {
        t.push(r.name.clone());
        t.extend(r.summary.clone());
        t.extend(shown_cite(&r.cite));
    }
    if let Some(u) = &a.urgency {
        cited(&mut t, u);
    }
    t.extend(a.standing.iter().map(|s| s.name.clone()));
    a.warnings.iter().for_each(|w| cited(&mut t, w));
    let deadline = |t: &mut Vec<String>, d: &Deadline| {
        t.push(d.label());
        t.extend(shown_cite(&d.timescale.cite));
        if let Some(due) = &d.due {
            t.extend([due.date.long(), due.explanation.clone()]);
        }
    };
    if let Some(w) = &a.awaiting {
        t.push(w.stage.name.clone());
        w.deadlines.iter().for_each(|d| deadline(&mut t, d));
    }
    if let Some(n) = &a.next_step {
        t.extend([n.name.clone(), n.who.clone(), n.contact_role.clone()]);
        t.push(n.action.clone());
        t.extend(shown_cite(&n.cite));
        t.extend(n.waiting_note.clone());
        t.extend(n.prepare.iter().chain(&n.record).cloned());
        for c in &n.contacts {
            t.push(c.name.clone());
            t.extend(
                c.phone
                    .iter()
                    .chain(&c.email)
                    .chain(&c.url)
                    .chain(&c.note)
                    .cloned(),
            );
        }
        n.timescales.iter().for_each(|d| deadline(&mut t, d));
        t.extend(n.no_timescale.clone());
        for alt in &n.alternatives {
            t.push(alt.text.clone());
            t.extend(shown_cite(&alt.cite));
        }
    }
    t.extend([a.form.title.clone(), a.form.text.clone()]);
    t.extend(shown_cite(&a.form.cite));
    for s in &a.special_cases {
        t.extend([s.label.clone(), s.guidance.clone()]);
        t.extend(shown_cite(&s.cite));
    }
    if a.status == Status::Resolved {
        a.after_resolution.iter().for_each(|c| cited(&mut t, c));
    }
    if let Some(x) = &a.exhausted {
        cited(&mut t, x);
    }
    a.tips.iter().for_each(|c| cited(&mut t, c));
    t.retain(|s| !s.trim().is_empty());
    t
}

#[test]
fn the_html_drops_nothing_the_engine_says() {
    for p in fixture::protocols() {
        for (name, advice) in cases(&p) {
            let html = advice_html(&advice, &p);
            for text in shown_texts(&advice) {
                assert!(
                    html.contains(&escape(&text)),
                    "{} {name}: the advice HTML lacks {text:?}",
                    p.id
                );
            }
            if let Some(e) = &advice.emergency {
                let html = emergency_html(e, &p);
                // 999 first, as a tap-to-call link, whatever the protocol says.
                let lead = CALL_999.split_once("999").unwrap().0;
                assert!(
                    html.starts_with("<h2")
                        && html.contains(&format!("{}<a href=\"tel:999\">999</a>", escape(lead))),
                    "{}: {html}",
                    p.id
                );
                let mut texts = vec![e.summary.clone()];
                texts.extend(shown_cite(&e.cite));
                e.actions.iter().for_each(|a| texts.push(a.text.clone()));
                texts.extend(e.contacts.iter().map(|c| c.name.clone()));
                texts.extend(e.contacts.iter().filter_map(|c| c.phone.clone()));
                for text in texts.iter().filter(|t| !t.trim().is_empty()) {
                    assert!(
                        html.contains(&escape(text)),
                        "{} emergency lacks {text:?}",
                        p.id
                    );
                }
                assert!(html.contains("Act now"), "{}: the emergency heading", p.id);
            }
            assert!(
                !html.contains("Act now"),
                "{} {name}: the emergency panel belongs to the shell, not the advice",
                p.id
            );
        }
    }
}

const PAYLOADS: [&str; 3] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
];

fn cited(x: &str) -> CitedText {
    CitedText::new(x, cite(x))
}

/// A citation with `x` as its section, anchor and address, resting also on
/// a second passage the same (so that both passages are written).
fn cite(x: &str) -> Cite {
    let one = Cite {
        section: x.into(),
        anchors: vec![x.into()],
        from: None,
        url: Some(x.into()),
        exact: true,
        also: Vec::new(),
    };
    Cite {
        also: vec![one.clone()],
        ..one
    }
}

/// A bundled protocol with this main source (the renderer names it in
/// citations) and short name (in link labels).
fn protocol_with(source: Source, short_name: &str) -> Protocol {
    let mut p = fixture::protocols().remove(0);
    p.source = source;
    p.short_name = short_name.into();
    p
}

fn contact(x: &str) -> Contact {
    Contact {
        id: "c".into(),
        name: x.into(),
        phone: Some(x.into()),
        email: Some(x.into()),
        url: Some(x.into()),
        note: Some(x.into()),
        cite: cite(x),
    }
}

/// A timescale with `x` in every text field, and its due date.
fn deadline(x: &str) -> Deadline {
    Deadline {
        timescale: Timescale {
            text: x.into(),
            amount: Some(Amount::WorkingDays(1)),
            counted_from: CountFrom::Stage(x.into()),
            owed_by: Some(x.into()),
            when: None,
            cite: cite(x),
        },
        due: Some(Due {
            date: today(),
            passed: false,
            from: today(),
            from_attempt: true,
            amount: Amount::WorkingDays(1),
            explanation: x.into(),
        }),
    }
}

/// An advice with `x` in every text field: what a hostile custom protocol
/// file could make the engine say.
fn hostile_advice(x: &str) -> Advice {
    Advice {
        emergency: Some(EmergencyAdvice {
            summary: x.into(),
            actions: vec![cited(x)],
            contacts: vec![contact(x)],
            cite: cite(x),
        }),
        harm_conflict: Some(cited(x)),
        elsewhere: Some(cited(x)),
        route: Some(RouteInfo {
            id: x.into(),
            name: x.into(),
            summary: Some(x.into()),
            cite: cite(x),
            end: cited(x),
        }),
        urgency: Some(cited(x)),
        standing: vec![StageStanding {
            stage_id: x.into(),
            name: x.into(),
            position: 1,
            attempts: 1,
            latest: Some(Outcome::NotResolved),
            cite: cite(x),
        }],
        warnings: vec![cited(x)],
        status: Status::Resolved,
        resolved_at: Some(StageRef {
            stage_id: x.into(),
            name: x.into(),
            position: 1,
        }),
        awaiting_last: Some(x.into()),
        outcome: Some(OutcomeNote {
            outcome: Outcome::ResolvedOutstanding,
            stage: StageRef {
                stage_id: x.into(),
                name: x.into(),
                position: 1,
            },
            heading: x.into(),
            text: x.into(),
            review: None,
            review_due: false,
            decided_by: Some(x.into()),
            protocol: Some(cited(x)),
            cite: cite(x),
        }),
        awaiting: Some(Awaited {
            stage: StageRef {
                stage_id: x.into(),
                name: x.into(),
                position: 1,
            },
            deadlines: vec![deadline(x)],
        }),
        next_step: Some(NextStep {
            stage_id: x.into(),
            name: x.into(),
            position: 1,
            total: 2,
            who: x.into(),
            contact_role: x.into(),
            contacts: vec![contact(x)],
            action: x.into(),
            prepare: vec![x.into()],
            record: vec![x.into()],
            timescales: vec![deadline(x)],
            no_timescale: None,
            submits_form: true,
            alternatives: vec![AlternativeAdvice {
                text: x.into(),
                applies_to_you: true,
                contacts: vec![contact(x)],
                cite: cite(x),
            }],
            notes: vec![cited(x)],
            waiting_note: Some(x.into()),
            cite: cite(x),
        }),
        form: FormAdvice {
            title: x.into(),
            recipient: x.into(),
            due_now: true,
            place: FormPlace::Now,
            stage_name: Some(x.into()),
            text: x.into(),
            cite: cite(x),
        },
        special_cases: vec![SpecialAdvice {
            id: x.into(),
            label: x.into(),
            guidance: x.into(),
            contacts: vec![contact(x)],
            cite: cite(x),
        }],
        other_contacts: vec![contact(x)],
        after_resolution: vec![cited(x)],
        exhausted: Some(cited(x)),
        tips: vec![cited(x)],
    }
}

/// Checks every tag the renderer wrote: known elements only, no event
/// handler, and links only to http(s), tel: and mailto: addresses.
fn assert_only_our_markup(html: &str, context: &str) {
    const TAGS: &[&str] = &[
        "section", "div", "h2", "h3", "p", "ul", "li", "strong", "span", "dl", "dt", "dd",
        "details", "summary", "a", "ol",
    ];
    const ATTRS: &[&str] = &[
        "class",
        "id",
        "href",
        "rel",
        "target",
        "aria-labelledby",
        "role",
        "aria-label",
        "data-disclose",
        "data-summary",
        "open",
    ];
    markup::assert_only_markup(html, TAGS, ATTRS, markup::SAFE_LINKS, context);
}

#[test]
fn hostile_text_in_every_field_stays_inert_text() {
    let source = |x: &str| Source {
        title: x.into(),
        url: Some(x.into()),
        reviewed: None,
    };
    for x in PAYLOADS {
        let advice = hostile_advice(x);
        let escaped = escape(x);
        let html = advice_html(&advice, &protocol_with(source(x), x));
        assert_only_our_markup(&html, &format!("advice with {x}"));
        // Every text field of the advice, each citation (section + title),
        // and the contact's four ways and note appear, escaped.
        assert!(
            html.matches(&escaped).count() >= 40,
            "advice with {x}: only {} escaped copies",
            html.matches(&escaped).count()
        );
        assert!(
            escaped == x || !html.contains(x),
            "advice with {x}: the payload unescaped"
        );
        let e = advice.emergency.as_ref().unwrap();
        let html = emergency_html(e, &protocol_with(source(x), x));
        assert_only_our_markup(&html, &format!("emergency with {x}"));
        assert!(html.matches(&escaped).count() >= 8, "emergency with {x}");
    }
}

#[test]
fn only_real_addresses_become_links() {
    let source = Source {
        title: "A protocol".into(),
        url: Some("https://example.org/protocol".into()),
        reviewed: None,
    };
    let mut c = contact("x");
    c.name = "Front door".into();
    c.phone = Some("0345 155 1071".into());
    c.email = Some("mash@example.org".into());
    c.url = Some("https://example.org/mash".into());
    let e = EmergencyAdvice {
        summary: "Call 999".into(),
        actions: vec![],
        contacts: vec![c.clone()],
        cite: Cite {
            url: Some("https://example.org/protocol".into()),
            ..Cite::section("3.1")
        },
    };
    let html = emergency_html(&e, &protocol_with(source.clone(), "P"));
    assert!(
        html.contains("<a href=\"tel:03451551071\">0345 155 1071</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"mailto:mash@example.org\">mash@example.org</a>"));
    assert!(html.contains(
        "<a href=\"https://example.org/mash\" rel=\"noopener noreferrer\" target=\"_blank\">"
    ));
    assert!(
        html.contains("<a class=\"cr-cite__link\" href=\"https://example.org/protocol\""),
        "source link: {html}"
    );
    // Not addresses: shown as text, never links.
    c.phone = Some("ask reception".into());
    c.email = Some("two@a.org, three@b.org".into());
    c.url = Some("ftp://example.org".into());
    let source = Source {
        url: Some("www.example.org".into()),
        ..source
    };
    let e = EmergencyAdvice {
        contacts: vec![c],
        cite: Cite {
            url: Some("www.example.org".into()),
            ..Cite::section("3.1")
        },
        ..e
    };
    let html = emergency_html(&e, &protocol_with(source, "P"));
    // The widget's own 999 link is the only one.
    assert_eq!(html.matches("<a ").count(), 1, "{html}");
    assert_eq!(html.matches("<a href=\"tel:999\">").count(), 1, "{html}");
    assert!(html.contains("Phone: ask reception"));
    assert!(html.contains("ftp://example.org"));
}

/// Every `href` in the HTML.
fn hrefs(html: &str) -> Vec<&str> {
    html.match_indices("href=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

/// The "Read this passage" links are made from the protocol file alone: what
/// the practitioner typed never goes into an address (a text fragment is
/// kept by the browser, but an address can still reach a server's logs).
#[test]
fn no_link_ever_carries_an_answer() {
    const MARK: &str = "Zqxmark";
    let mut links = 0;
    for p in fixture::protocols() {
        let mut a = fixture::answers(&p);
        a.immediate_action = format!("{MARK} action");
        let d = &mut a.details;
        for f in [
            &mut d.your_name,
            &mut d.your_role,
            &mut d.your_agency,
            &mut d.your_contact,
            &mut d.consulted_name,
            &mut d.consulted_role,
            &mut d.subject_initials,
            &mut d.subject_reference,
            &mut d.subject_age,
            &mut d.decision_agency,
            &mut d.decision_role,
            &mut d.decision_date,
            &mut d.concern,
            &mut d.outcome_sought,
        ] {
            *f = format!("{MARK} {f}");
        }
        for t in &mut a.attempts {
            t.with_name = format!("{MARK} name");
            t.notes = format!("{MARK} notes");
        }
        let advice = advise(&p, &a, today());
        let mut html = advice_html(&advice, &p);
        html.html(&emergency_html(advice.emergency.as_ref().unwrap(), &p));
        for h in hrefs(&html) {
            links += 1;
            assert!(
                !h.to_lowercase().contains(&MARK.to_lowercase()),
                "{}: {h}",
                p.id
            );
        }
        // The passage links are the protocol's own addresses.
        for h in hrefs(&html).into_iter().filter(|h| h.contains("#:~:text=")) {
            assert!(
                p.cites()
                    .iter()
                    .any(|c| c.link().is_some_and(|l| escape(&l) == h)),
                "{}: a passage link not made from a cite: {h}",
                p.id
            );
        }
    }
    assert!(links > 20, "only {links} links checked");
}

/// One table of edge cases for links: the advice (the emergency panel's
/// contacts) and the static fallback make the same contact a link, or text,
/// alike, with the same address, from the one set of rules
/// (`case_resolution_core::links`).
#[test]
fn the_advice_and_the_fallback_link_the_same_contacts_alike() {
    use case_resolution_core::fallback::protocol_fallback;
    // (phone, email, web, the hrefs expected: none where it stays text)
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "0117 496 0123",
            "duty@example.org",
            "https://example.org/a",
            &[
                "tel:01174960123",
                "mailto:duty@example.org",
                "https://example.org/a",
            ],
        ),
        ("+", "a\"b@example.org", "https://exa mple.org", &[]),
        (
            "+44 117 496 0123",
            "duty@example.org?cc=x@example.org",
            "https://ex\u{7}ample.org",
            &["tel:+441174960123"],
        ),
        (
            "  01632 960 000  ",
            "o'brien@example.org",
            "javascript:alert(1)",
            &["tel:01632960000"],
        ),
        (
            "no number",
            "first@example.org, second@example.org",
            " HTTP://EXAMPLE.ORG/b ",
            &["HTTP://EXAMPLE.ORG/b"],
        ),
        (
            "0117\u{0}496",
            "duty@ex\u{7}ample.org",
            "http://example.org/c\nd",
            &["tel:0117496"],
        ),
    ];
    use case_resolution_core::fallback::front_door;
    let base = fixture::protocols()
        .into_iter()
        .find(|p| !front_door(p).is_empty())
        .expect("a protocol with a front-door contact");
    for (phone, email, web, expected) in cases {
        let mut p = base.clone();
        let id = front_door(&p)[0].id.clone();
        let c = p.contacts.iter_mut().find(|c| c.id == id).unwrap();
        c.phone = Some(phone.to_string());
        c.email = Some(email.to_string());
        c.url = Some(web.to_string());
        let answers = case_resolution_core::guidance::Answers {
            immediate_harm: Some(true),
            ..Default::default()
        };
        let advice = advise(&p, &answers, today());
        let panel = emergency_html(advice.emergency.as_ref().unwrap(), &p).to_string();
        let fallback = protocol_fallback(&p).to_string();
        // Every href on the page but the cite links and 999's.
        let cite_urls: Vec<String> = p
            .source
            .url
            .iter()
            .chain(p.sources.iter().filter_map(|x| x.url.as_ref()))
            .map(|u| escape(u))
            .collect();
        let hrefs = |html: &str| -> Vec<String> {
            html.split("href=\"")
                .skip(1)
                .map(|s| s[..s.find('"').unwrap()].to_string())
                .filter(|h| h != "tel:999" && !cite_urls.iter().any(|u| h.starts_with(u.as_str())))
                .collect()
        };
        for (name, html) in [("advice", &panel), ("fallback", &fallback)] {
            let got = hrefs(html);
            for kind in ["tel:", "mailto:", "http"] {
                let linked: Vec<&String> = got
                    .iter()
                    .filter(|h| h.to_ascii_lowercase().starts_with(kind))
                    .collect();
                let want: Vec<String> = expected
                    .iter()
                    .filter(|e| e.to_ascii_lowercase().starts_with(kind))
                    .map(|e| escape(e))
                    .collect();
                assert!(
                    linked.iter().map(|h| h.as_str()).eq(want.iter().map(String::as_str)),
                    "{name}: {kind} links {linked:?}, expected {want:?} for {phone:?} {email:?} {web:?}"
                );
            }
        }
    }
}
