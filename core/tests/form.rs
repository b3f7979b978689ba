//! The case resolution form: golden files per renderer and protocol, hostile
//! text in every field, "Not given" for every empty answer, and the JSON
//! draft round trip. Regenerate the golden files with
//! `UPDATE_GOLDEN=1 cargo test --workspace` and review the diff.

use case_resolution_core::form::{self, draft, html, text, Block, FormDocument, NOT_GIVEN};
use case_resolution_core::guidance::{Answers, Attempt, Basis, Outcome};
use case_resolution_core::html::escape;
use case_resolution_core::protocol::Subject;
use case_resolution_test_support::{form_fixture as fixture, golden};

/// The HTML file with its stylesheet replaced by a marker, for the golden
/// files: the file stays one self-contained page (checked here, once), and
/// a change to the form's CSS does not rewrite every golden document.
fn styled_apart(document: String) -> String {
    let style = format!("<style>\n{}{}</style>", html::STYLE, html::PRINT_STYLE);
    assert_eq!(
        document.matches(&style).count(),
        1,
        "the HTML file inlines web/form.css and the print rules, once"
    );
    document.replace(
        &style,
        "<style>/* web/form.css and the print rules, inlined */</style>",
    )
}

#[test]
fn golden_outputs_for_every_bundled_protocol() {
    let mut failures = Vec::new();
    for p in fixture::protocols() {
        let a = fixture::answers(&p);
        let doc = fixture::document(&p, &a);
        for (ext, out) in [
            ("fragment.html", html::fragment(&doc).into_string()),
            (
                "document.html",
                styled_apart(html::document(&doc).into_string()),
            ),
            ("txt", text::render(&doc)),
            ("draft.json", draft::to_json(&p.id, &a)),
        ] {
            if let Err(e) = golden::check(&format!("{}.{ext}", p.id), &out) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The two safety cases per protocol (No on Safety with the immediate-harm
/// urgency; resolved at Stage 1): the Next step's advice, the HTML file and
/// the text copy. The Word text is in `docx-export/tests/docx.rs`.
#[test]
fn golden_safety_cases_for_every_bundled_protocol() {
    use case_resolution_core::guidance::advise;
    use case_resolution_core::render::advice_html;
    let mut failures = Vec::new();
    for p in fixture::protocols() {
        for (case, a) in fixture::safety_variants(&p) {
            let doc = fixture::document(&p, &a);
            let advice = advise(&p, &a, fixture::meta().date);
            for (ext, out) in [
                ("advice.html", advice_html(&advice, &p).into_string()),
                (
                    "document.html",
                    styled_apart(html::document(&doc).into_string()),
                ),
                ("txt", text::render(&doc)),
            ] {
                if let Err(e) = golden::check(&format!("{}.{case}.{ext}", p.id), &out) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

const PAYLOADS: [&str; 3] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
];

/// Checks every tag in `html` against what the renderers write: known
/// elements only, no link or source attribute, no event handler.
fn assert_only_our_markup(html: &str, context: &str) {
    const TAGS: &[&str] = &[
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "article", "header",
        "footer", "section", "h1", "h2", "h3", "h4", "dl", "dt", "dd", "div", "p", "span", "ul",
        "li", "ol", "strong", "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th",
        "td",
    ];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').map(|e| i + e).unwrap_or(rest.len());
        let tag = &rest[i + 1..end];
        let name = tag
            .trim_start_matches('/')
            .split([' ', '\n'])
            .next()
            .unwrap_or("");
        assert!(TAGS.contains(&name), "{context}: unexpected tag <{tag}>");
        let lower = tag.to_ascii_lowercase();
        for bad in [
            "href",
            "src=",
            "onerror",
            "onload",
            "javascript:",
            "action=",
        ] {
            assert!(
                !lower.contains(bad),
                "{context}: attribute {bad} in <{tag}>"
            );
        }
        rest = &rest[end.min(rest.len())..];
        if rest.is_empty() {
            break;
        }
        rest = &rest[1..];
    }
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "{context}: a script element"
    );
}

#[test]
fn hostile_text_in_every_field_stays_inert_text_in_html() {
    for p in fixture::protocols() {
        for payload in PAYLOADS {
            let a = fixture::hostile(&p, payload);
            let doc = fixture::document(&p, &a);
            let escaped = escape(payload);
            for (name, out) in [
                ("fragment", html::fragment(&doc)),
                ("document", html::document(&doc)),
            ] {
                let context = format!("{} {name} with {payload}", p.id);
                assert_only_our_markup(&out, &context);
                // 15 detail fields + 5 per attempt (+ the extra attempt's
                // stage and notes) all appear, escaped.
                let expected = 15 + 5 * (a.attempts.len() - 1) + 2;
                assert!(
                    out.matches(&escaped).count() >= expected,
                    "{context}: {} of {expected} escaped copies",
                    out.matches(&escaped).count()
                );
            }
        }
    }
}

#[test]
fn hostile_ids_from_a_hand_edited_draft_are_escaped_too() {
    let p = &fixture::protocols()[0];
    let mut a = fixture::answers(p);
    a.urgency = Some(PAYLOADS[0].into());
    a.disagreement = Some(PAYLOADS[1].into());
    a.special_cases.insert(PAYLOADS[0].into());
    let doc = fixture::document(p, &a);
    assert_only_our_markup(&html::document(&doc), "hostile ids");
    assert!(html::fragment(&doc).contains(&escape(PAYLOADS[1])));
}

#[test]
fn the_html_document_is_self_contained_and_printable() {
    let p = &fixture::protocols()[0];
    let out = html::document(&fixture::document(p, &fixture::answers(p)));
    assert!(out.starts_with("<!DOCTYPE html>"));
    assert!(out.contains("Content-Security-Policy"));
    assert!(out.contains("default-src 'none'; style-src 'unsafe-inline'"));
    assert!(out.contains("@page{size:A4"));
    assert!(out.contains("tr{break-inside:avoid"));
    for external in ["http://", "https://", "url(", "@import", "<link", "<script"] {
        assert!(!out.contains(external), "external reference {external}");
    }
    // No personal data in the title (browser history, print header).
    let title = &out[out.find("<title>").unwrap()..out.find("</title>").unwrap()];
    assert!(
        !title.contains("Siân") && title.contains("CR-20261123-"),
        "{title}"
    );
}

/// Labels whose value is `None` in the document, with section headings.
/// The partnership's record is left out: it is worked out from the answers
/// (tests/record.rs), not asked.
fn not_given(doc: &FormDocument) -> Vec<String> {
    let mut out = Vec::new();
    for s in doc
        .sections
        .iter()
        .filter(|s| s.heading != "For the partnership's records")
    {
        for b in &s.blocks {
            match b {
                Block::Fields { fields } => out.extend(
                    fields
                        .iter()
                        .filter(|f| f.value.is_none())
                        .map(|f| format!("{}: {}", s.heading, f.label)),
                ),
                Block::Table { table } => {
                    for r in &table.rows {
                        out.extend(r.iter().filter(|c| c.is_none()).map(|_| s.heading.clone()));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn empty_answers_show_as_not_given_and_are_never_dropped() {
    for p in fixture::protocols() {
        let mut a = Answers::default();
        a.attempts.push(Attempt {
            stage: p.routes[0].stages[0].id.clone(),
            ..Attempt::default()
        });
        let doc = fixture::document(&p, &a);
        let missing = not_given(&doc);
        // 6 about you, 3 subject, 4 decision, 2 concern, 3 urgency, 1 outcome
        // sought, 3 blank cells in the attempt (date, with whom, notes).
        let expected = 6 + 3 + usize::from(p.covers_both()) + 4 + 2 + 3 + 1 + 3;
        assert_eq!(missing.len(), expected, "{}: {missing:#?}", p.id);
        for (name, out) in [
            ("fragment", html::fragment(&doc).into_string()),
            ("text", text::render(&doc)),
        ] {
            assert!(
                out.matches(NOT_GIVEN).count() >= expected,
                "{} {name}: {} < {expected}",
                p.id,
                out.matches(NOT_GIVEN).count()
            );
        }
    }
}

#[test]
fn the_form_holds_what_the_issue_lists() {
    let p = &fixture::protocols()[0];
    let a = fixture::answers(p);
    let doc = fixture::document(p, &a);
    let t = text::render(&doc);
    assert!(t.starts_with(&p.form.title.to_uppercase()));
    for needle in [
        p.name.as_str(),
        p.form.recipient.as_str(),
        "CR-20261123-",
        "2026-11-23 14:05",
        Basis::Both.label(),
        Outcome::NoResponseYet.label(),
        "Stages attempted so far",
        "Signature: ____",
        "Nothing was sent anywhere.",
    ] {
        assert!(t.contains(needle), "missing {needle}");
    }
    let urgency = p.urgency(a.urgency.as_deref().unwrap()).unwrap();
    assert!(t.contains(&urgency.label));
    let dis = p.disagreement(a.disagreement.as_deref().unwrap()).unwrap();
    assert!(t.contains(&dis.label));
    for s in &a.attempts {
        let name = &p
            .routes
            .iter()
            .flat_map(|r| &r.stages)
            .find(|x| x.id == s.stage)
            .unwrap()
            .name;
        assert!(t.contains(name.as_str()), "stage {name}");
    }
    let reviewed = p
        .source
        .reviewed
        .as_deref()
        .unwrap_or("review date not stated");
    assert!(doc.footer.contains(reviewed));
    for v in fixture::typed_values(&a) {
        for line in v.lines() {
            assert!(t.contains(line), "text lacks {line:?}");
        }
    }
}

#[test]
fn text_output_has_no_control_characters() {
    let p = &fixture::protocols()[0];
    let a = fixture::hostile(p, "a\u{0}b\u{1}c\u{1b}[31md\u{7f}e\u{85}f\r\ng\th");
    let doc = fixture::document(p, &a);
    for out in [
        text::render(&doc),
        html::document(&doc).into_string(),
        html::fragment(&doc).into_string(),
    ] {
        assert!(
            out.chars()
                .all(|c| !c.is_control() || c == '\n' || c == '\t'),
            "control character left"
        );
        assert!(out.contains("abc[31mdef"));
    }
}

// --- The JSON draft -------------------------------------------------------

use case_resolution_test_support::rng::Rng;

/// A random string: often empty or short, with control characters,
/// markup, quotes and characters from every plane.
fn string(r: &mut Rng) -> String {
    const POOL: &[char] = &[
        'a',
        'Z',
        '0',
        ' ',
        '\n',
        '\t',
        '\r',
        '"',
        '\\',
        '/',
        '<',
        '>',
        '&',
        '\'',
        '\u{0}',
        '\u{1}',
        '\u{1f}',
        '\u{7f}',
        '\u{85}',
        'é',
        'ß',
        'ŵ',
        '中',
        '👍',
        '\u{200d}',
        '\u{202e}',
        '\u{fffd}',
        '\u{ffff}',
        '\u{10ffff}',
    ];
    let len = match r.below(4) {
        0 => 0,
        1 => r.below(4),
        _ => r.below(40),
    };
    (0..len)
        .map(|_| {
            if r.below(4) == 0 {
                char::from_u32(r.below(0x11_0000) as u32).unwrap_or('x')
            } else {
                *r.pick(POOL)
            }
        })
        .collect()
}

/// Sometimes a random string.
fn opt(r: &mut Rng) -> Option<String> {
    r.bool().then(|| string(r))
}

fn random_answers(r: &mut Rng) -> Answers {
    let mut a = Answers {
        subject: [None, Some(Subject::Children), Some(Subject::Adults)][r.below(3)],
        immediate_harm: [None, Some(true), Some(false)][r.below(3)],
        immediate_action: string(r),
        urgency: opt(r),
        disagreement: opt(r),
        ..Answers::default()
    };
    for _ in 0..r.below(4) {
        let (k, v) = (string(r), string(r));
        a.context.insert(k, v);
    }
    for _ in 0..r.below(6) {
        a.attempts.push(Attempt {
            stage: string(r),
            date: string(r),
            with_name: string(r),
            with_role: string(r),
            with_agency: string(r),
            outcome: Outcome::ALL[r.below(Outcome::ALL.len())],
            notes: string(r),
            review_date: string(r),
            outstanding: string(r),
            follow_up: string(r),
            decided_by: string(r),
        });
    }
    for _ in 0..r.below(3) {
        let s = string(r);
        a.special_cases.insert(s);
    }
    let d = &mut a.details;
    for f in d.text_fields_mut() {
        *f = string(r);
    }
    d.basis = [
        None,
        Some(Basis::Evidence),
        Some(Basis::ProfessionalJudgement),
        Some(Basis::Both),
    ][r.below(4)];
    a
}

#[test]
fn answers_to_json_to_answers_is_the_identity() {
    let mut r = Rng::with_state(0x9E37_79B9_7F4A_7C15);
    for i in 0..2_000 {
        let a = random_answers(&mut r);
        let protocol = string(&mut r);
        let json = draft::to_json(&protocol, &a);
        let back = draft::from_json(&json).unwrap_or_else(|e| panic!("case {i}: {e}\n{json}"));
        assert_eq!(back.schema, draft::CURRENT);
        assert_eq!(back.protocol, protocol, "case {i}");
        assert_eq!(back.answers, a, "case {i}");
    }
    // And the fixtures.
    for p in fixture::protocols() {
        let a = fixture::answers(&p);
        let back = draft::from_json(&draft::to_json(&p.id, &a)).unwrap();
        assert_eq!(back.answers_for(&p.id).unwrap(), a);
    }
}

#[test]
fn answers_to_the_compact_session_encoding_and_back_is_the_identity() {
    let mut r = Rng::with_state(0x2545_F491_4F6C_DD1D);
    for i in 0..2_000 {
        let a = random_answers(&mut r);
        let protocol = string(&mut r);
        let saved = draft::to_compact(&protocol, &a);
        let (p, back) = draft::from_compact(&saved).unwrap_or_else(|| panic!("case {i}: {saved}"));
        assert_eq!((p.as_str(), &back), (protocol.as_str(), &a), "case {i}");
        // Anything cut short or with a byte too many is refused, never misread.
        for cut in [1, saved.len() / 2, saved.len() - 1] {
            if let Some(prefix) = saved.get(..cut) {
                assert_eq!(draft::from_compact(prefix), None, "case {i}, cut at {cut}");
            }
        }
        assert_eq!(draft::from_compact(&format!("{saved}0;")), None, "case {i}");
    }
    // A JSON draft (what session storage held before) is not read as one.
    assert_eq!(
        draft::from_compact(&draft::to_json("devon-dcfp", &Answers::default())),
        None
    );
}

/// Session storage keeps answers in the compact encoding, whose tag
/// (`cr-draft-N;`) must change whenever the layout of `Answers` does, or a
/// tab reloaded after an update would misread what it saved. This kept
/// encoding of a few seeded answer sets fails the test on any layout change
/// until the tag is bumped and the file rewritten
/// (`CR_UPDATE_FIXTURES=1 cargo test --test form`).
#[test]
fn the_session_encoding_is_pinned_so_a_layout_change_bumps_its_tag() {
    let mut r = Rng::with_state(0x5851_F42D_4C95_7F2D);
    let values: Vec<String> = (0..3)
        .map(|_| draft::to_compact("pinned", &random_answers(&mut r)))
        .collect();
    // One value per line, as Rust string literals (control characters and
    // line breaks escaped), so the file survives any editor or checkout.
    let written: String = values.iter().map(|v| format!("{v:?}\n")).collect();
    let path = case_resolution_test_support::root().join("tests/fixtures/data/session-draft.txt");
    if std::env::var_os("CR_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &written).unwrap();
    }
    let kept = std::fs::read_to_string(&path).expect("tests/fixtures/data/session-draft.txt");
    let tag = |s: &str| {
        let s = s.trim_start_matches('"');
        s[..s.find(';').unwrap_or(0)].to_string()
    };
    if written != kept {
        assert_ne!(
            tag(&written),
            tag(&kept),
            "the session encoding changed but its tag did not: bump COMPACT_TAG in core/src/form/draft.rs, then rewrite the fixture with CR_UPDATE_FIXTURES=1"
        );
        panic!("the session encoding's tag changed: rewrite the fixture with CR_UPDATE_FIXTURES=1");
    }
    for value in &values {
        assert!(draft::from_compact(value).is_some(), "a value reads back");
    }
}

/// A tab's session draft written before attempts had a review date,
/// outstanding issues and who decided (`cr-draft-1`, kept as it was
/// written) still loads after an upgrade, with those fields empty.
#[test]
fn a_session_draft_of_the_first_layout_still_loads() {
    let path = case_resolution_test_support::root().join("tests/fixtures/data/session-draft-1.txt");
    let kept = std::fs::read_to_string(&path).expect("the first layout's values");
    let mut attempts = 0;
    for line in kept.lines() {
        // Each line is a Rust string literal: JSON reads it the same way
        // for these values (escaped with \u{..} only where JSON has \u).
        let value: String = line
            .strip_prefix('"')
            .and_then(|l| l.strip_suffix('"'))
            .map(unescape_rust)
            .expect("a quoted value");
        assert!(value.starts_with("cr-draft-1;"), "{value}");
        let (id, a) = draft::from_compact(&value).expect("a first-layout value loads");
        assert_eq!(id, "pinned");
        for t in &a.attempts {
            attempts += 1;
            assert!(t.review_date.is_empty() && t.outstanding.is_empty());
            assert!(t.follow_up.is_empty() && t.decided_by.is_empty());
            assert!(Outcome::ALL[..3].contains(&t.outcome));
        }
        // Written again, it is the current layout, and reads back the same.
        let again = draft::to_compact(&id, &a);
        assert!(again.starts_with("cr-draft-2;"));
        assert_eq!(draft::from_compact(&again), Some((id, a)));
    }
    assert!(attempts > 0, "the kept values have attempts to read");
}

/// Undoes Rust's `{:?}` escapes for a string: `\\`, `\"`, `\n`, `\r`,
/// `\t`, `\0`, `\'` and `\u{…}`.
fn unescape_rust(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[test]
fn the_checker_module_hands_back_exactly_what_the_json_reader_read() {
    let mut r = Rng::with_state(0x6A09_E667_F3BC_C908);
    for i in 0..500 {
        let a = random_answers(&mut r);
        let json = draft::to_json("devon-dcfp", &a);
        let reply = draft::read_for_widget(&json);
        assert_eq!(
            draft::read_reply(&reply),
            Some(Ok(("devon-dcfp".to_string(), a))),
            "case {i}"
        );
    }
    // Refusals arrive as the reader's own message.
    for bad in [
        "{\n  \"schema\": 1,\n  \"protocol\": oops\n}",
        "[1, 2]",
        "{\"schema\": 2}",
    ] {
        let expected = draft::from_json(bad).unwrap_err().to_string();
        assert_eq!(
            draft::read_reply(&draft::read_for_widget(bad)),
            Some(Err(expected))
        );
    }
    assert_eq!(draft::read_reply("nonsense"), None);
}

#[test]
fn a_draft_from_a_newer_widget_is_refused_clearly() {
    let json =
        draft::to_json("devon-dcfp", &Answers::default()).replace("\"schema\": 2", "\"schema\": 3");
    let e = draft::from_json(&json).unwrap_err();
    assert_eq!(e, draft::DraftError::Newer { found: 3 });
    assert!(
        e.to_string()
            .contains("made by a newer version of the widget"),
        "{e}"
    );
}

#[test]
fn a_draft_without_a_version_or_with_version_0_is_refused_clearly() {
    let e = draft::from_json(r#"{"protocol": "devon-dcfp", "answers": {}}"#).unwrap_err();
    assert!(matches!(e, draft::DraftError::NotADraft { .. }));
    assert!(
        e.to_string().contains("not a draft saved by this widget"),
        "{e}"
    );
    assert!(e.to_string().contains("no draft format number"), "{e}");

    // A hypothetical version 0 goes through the migration hook, which has
    // no step from 0, and is refused.
    let e =
        draft::from_json(r#"{"schema": 0, "protocol": "devon-dcfp", "answers": {}}"#).unwrap_err();
    assert_eq!(e, draft::DraftError::Unsupported { found: 0 });
    assert!(e.to_string().contains("format 0"), "{e}");
    assert!(e.to_string().contains("cannot read"), "{e}");

    let e = draft::from_json(r#"{"schema": "one"}"#).unwrap_err();
    assert!(matches!(e, draft::DraftError::NotADraft { .. }), "{e}");
    let e = draft::from_json("[1, 2]").unwrap_err();
    assert!(matches!(e, draft::DraftError::NotADraft { .. }), "{e}");
}

#[test]
fn malformed_json_reports_line_and_column() {
    let e = draft::from_json("{\n  \"schema\": 1,\n  \"protocol\": oops\n}").unwrap_err();
    match &e {
        draft::DraftError::Malformed { line, column, .. } => assert_eq!((*line, *column), (3, 15)),
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("line 3, column 15"), "{e}");
}

#[test]
fn a_wrong_field_names_its_place_and_another_protocol_is_refused() {
    let json = "{\n\"schema\": 1,\n\"protocol\": \"x\",\n\"answers\": {\"your_name\": \"A\"}\n}";
    let e = draft::from_json(json).unwrap_err();
    assert!(
        matches!(
            e,
            draft::DraftError::Invalid {
                line: Some((4, _)),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("your_name"), "{e}");

    let d = draft::from_json(&draft::to_json("leeds", &Answers::default())).unwrap();
    let e = d.answers_for("devon-dcfp").unwrap_err();
    assert!(e.to_string().contains("\"leeds\""), "{e}");

    let big = " ".repeat(draft::MAX_BYTES + 1);
    assert!(matches!(
        draft::from_json(&big),
        Err(draft::DraftError::TooLarge { .. })
    ));
}

#[test]
fn file_names_and_references() {
    let m = fixture::meta();
    assert_eq!(m.reference.len(), 16);
    assert!(m.reference.starts_with("CR-20261123-"));
    assert_eq!(
        form::file_name("devon-dcfp", m.date, "html"),
        "case-resolution-devon-dcfp-2026-11-23.html"
    );
}

#[test]
fn escape_replaces_the_five_specials_and_keeps_everything_else() {
    assert_eq!(
        escape("a<b>&\"'ü🙂\u{0}\r\nz"),
        "a&lt;b&gt;&amp;&quot;&#39;ü🙂\nz"
    );
    assert_eq!(escape("&&"), "&amp;&amp;");
    assert_eq!(escape(""), "");
}
