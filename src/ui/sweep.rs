//! The hostile-protocol sweep: every bundled protocol with markup,
//! quotes and script added to every string the protocol file holds (names,
//! labels, hints, guidance, anchors, contacts), and the same in every answer,
//! drawn through every step, the advice, the emergency panel, the follow-up,
//! Check your answers, the error summary and the form. Only the widget's own
//! markup may appear: its own tags and attributes, no script, no event
//! handler, no link other than `http(s)`, `tel:` and `mailto:`.

use super::markup::Markup;
use super::{
    check, follow_up, form_step, next_step, questions, stages, start, validate, widgets, Step,
};
use case_resolution_core::calendar;
use case_resolution_core::form::{self, FormMeta};
use case_resolution_core::guidance::{advise, route_for, Answers, Date};
use case_resolution_core::protocol::data::Listed;
use case_resolution_core::protocol::{self, Protocol};
use case_resolution_core::render;

use case_resolution_test_support::{form_fixture as fixture, markup as markup_check};

/// One word (anchors must keep their word count), short enough for a short
/// name, that is a script, a tag with an event handler and an attribute
/// break-out at once.
const PAYLOAD: &str = "<script>x</script><b/onclick=y>\"'&";

/// Keys whose strings are ids, references, addresses or enumerations the
/// loader checks against a closed set: a payload there is (rightly) refused
/// by the validator, so it could never reach the widget.
const NOT_TEXT: &[&str] = &[
    "id",
    "from",
    "url",
    "phone",
    "email",
    "covers",
    "subject",
    "stages",
    "contacts",
    "route",
    "routes",
    "applies_to",
    "disagreements",
    "urgencies",
    "kind",
    "unit",
    "form_id",
    "version",
    "schema",
    "date",
    "reviewed",
    "basis",
    "when",
    "to",
    "stage",
    "from_stage",
    "counted_from",
    "counted_from_stage",
    "other_contacts",
    "contact",
    "default",
    "questions",
    "special_cases",
    "question",
    "option",
    "options",
    "disagreement",
    "urgency",
];

fn poison(value: &mut toml::Value, key: &str, count: &mut usize) {
    match value {
        toml::Value::String(s) if !NOT_TEXT.contains(&key) && !s.is_empty() => {
            // Within the loader's length limits: added to a short string or
            // an anchor (whose words must stay), else in place of its end.
            if key == "anchor" || key == "anchors" || s.len() + PAYLOAD.len() <= 40 {
                s.push_str(PAYLOAD);
            } else if s.len() > PAYLOAD.len() {
                let mut keep = s.len() - PAYLOAD.len();
                while !s.is_char_boundary(keep) {
                    keep -= 1;
                }
                s.truncate(keep);
                s.push_str(PAYLOAD);
            } else {
                *s = PAYLOAD.to_string();
            }
            *count += 1;
        }
        toml::Value::Array(items) => {
            for item in items {
                poison(item, key, count);
            }
        }
        toml::Value::Table(table) => {
            for (k, v) in table.iter_mut() {
                poison(v, k, count);
            }
        }
        _ => {}
    }
}

/// The bundled protocols, each with the payload in every text string.
fn hostile_protocols() -> Vec<(Protocol, usize)> {
    protocol::BUNDLED
        .iter()
        .map(|(file, text)| {
            let mut value: toml::Value = toml::from_str(text).expect("a bundled file is TOML");
            let mut count = 0;
            poison(&mut value, "", &mut count);
            let poisoned = toml::to_string(&value).expect("TOML out");
            let p = protocol::load_str(file, &poisoned).unwrap_or_else(|errors| {
                panic!(
                    "{file} with the payload does not load: {}",
                    errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            });
            (p, count)
        })
        .collect()
}

/// Every tag and attribute the widget's steps, advice and form write. A new
/// one is added here on purpose, never by a protocol file or an answer.
const TAGS: &[&str] = &[
    "a", "article", "button", "caption", "col", "colgroup", "dd", "details", "div", "dl", "dt",
    "fieldset", "footer", "h1", "h2", "h3", "h4", "header", "input", "label", "legend", "li", "ol",
    "option", "p", "pre", "section", "select", "span", "strong", "summary", "table", "tbody", "td",
    "textarea", "th", "thead", "tr", "ul",
];
const ATTRS: &[&str] = &[
    "class",
    "role",
    "aria-label",
    "id",
    "name",
    "value",
    "type",
    "for",
    "href",
    "rel",
    "target",
    "tabindex",
    "checked",
    "selected",
    "rows",
    "autocomplete",
    "spellcheck",
    "maxlength",
    "scope",
    "aria-describedby",
    "aria-labelledby",
    "aria-invalid",
    "aria-current",
    "aria-live",
    "data-action",
    "data-index",
    "data-stage",
    "data-step",
    "data-change-step",
    "data-field",
    "data-disclose",
    "data-summary",
    "open",
    "accept",
];

/// Only our tags and attributes, no raw `<` or `>` outside a tag or inside
/// a value, and links only to safe schemes or the widget's own fields (the
/// error summary's `#cr-…`).
fn assert_only_our_markup(html: &str, context: &str) {
    let mut links = markup_check::SAFE_LINKS.to_vec();
    links.push("#cr-");
    markup_check::assert_only_markup(html, TAGS, ATTRS, &links, context);
}

/// Every step's markup for one protocol and answers, named.
fn every_drawing(p: &Protocol, a: &Answers, today: Date) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut draw = |name: &str, f: &dyn Fn(&mut Markup)| {
        // Each drawing once without errors and once with every error the
        // step's validation gives for empty answers.
        for errors in [Vec::new(), all_errors(p)] {
            let mut m = Markup::new(&errors);
            f(&mut m);
            out.push((name.to_string(), m.finish().into_string()));
        }
    };
    draw("picker", &|m| {
        start::picker_html(m, &[Listed::of(p), Listed::of(p)], Some(0))
    });
    draw("picker, many", &|m| {
        let many: Vec<Listed> = (0..20).map(|_| Listed::of(p)).collect();
        start::picker_html(m, &many, Some(3))
    });
    draw("subject", &|m| start::subject_html(m, p, a));
    draw("safety", &|m| questions::safety_html(m, p, a));
    draw("immediate action", &|m| questions::immediate_action_html(m));
    draw("urgency", &|m| questions::urgency_html(m, p, a));
    draw("disagreement", &|m| questions::disagreement_html(m, p, a));
    draw("context", &|m| questions::context_html(m, p, a));
    draw("details", &|m| questions::details_html(m, p, a));
    for r in &p.routes {
        for s in &r.stages {
            draw("stage", &|m| stages::stage_html(m, p, s, a));
        }
    }
    out.push(("intro".into(), start::intro_html(Some(p)).into_string()));
    out.push((
        "special cases".into(),
        next_step::special_cases_html(p, a, &["special".to_string()]).into_string(),
    ));
    let advice = advise(p, a, today);
    out.push((
        "advice".into(),
        render::advice_html(&advice, p).into_string(),
    ));
    if let Some(e) = &advice.emergency {
        out.push((
            "emergency".into(),
            render::emergency_html(e, p).into_string(),
        ));
    }
    let plan = calendar::plan(&advice);
    out.push((
        "follow-up".into(),
        follow_up::section_html(&plan, PAYLOAD, Some(PAYLOAD.into()), Some(true)).into_string(),
    ));
    for fixed in [false, true] {
        let rows = check::rows(p, a, fixed);
        out.push(("check".into(), check::rows_html(&rows).into_string()));
    }
    out.push((
        "error summary".into(),
        widgets::error_summary_html(&all_errors(p)).into_string(),
    ));
    // The draft loader, as drawn and with an error naming what the file
    // held (a draft's reader quotes it: "unknown field `…`").
    for error in ["", PAYLOAD] {
        out.push((
            "load draft".into(),
            start::load_draft_html("cr-saved-draft-title", "Continue", error).into_string(),
        ));
    }
    out.push((
        "form outputs".into(),
        form_step::actions_html().into_string(),
    ));
    // The error panel, with a protocol file's message and offending line.
    let problems = [crate::ui::Problem {
        message: format!("{}: {PAYLOAD}", p.name),
        source_line: Some(PAYLOAD.into()),
    }];
    out.push((
        "error panel".into(),
        crate::ui::error_panel(&problems).into_string(),
    ));
    let meta = FormMeta {
        reference: form::reference(today, 7),
        generated: PAYLOAD.into(),
        date: today,
    };
    let doc = form::build(p, a, &advice, &meta);
    out.push((
        "form preview".into(),
        form::html::fragment(&doc).into_string(),
    ));
    let document = form::html::document(&doc).into_string();
    let body = &document[document.find("<body>").expect("a body") + 6..];
    out.push(("form file".into(), body.replace("</body>\n</html>\n", "")));
    out
}

/// Every error every step reports for empty answers, with the payload
/// added to each field and message (as a hostile protocol's labels do).
fn all_errors(p: &Protocol) -> Vec<super::FieldError> {
    let empty = Answers::default();
    Step::ALL
        .iter()
        .flat_map(|s| validate(*s, p, &empty))
        .map(|mut e| {
            e.field.push_str(PAYLOAD);
            e.message.push_str(PAYLOAD);
            e
        })
        .collect()
}

#[test]
fn a_hostile_protocol_and_hostile_answers_give_only_our_markup_everywhere() {
    let today = Date::parse("2026-11-30").unwrap();
    let protocols = hostile_protocols();
    assert!(protocols.len() >= 5);
    for (p, poisoned) in &protocols {
        // The walk reached the protocol's text, not a handful of fields.
        assert!(*poisoned > 40, "{}: only {poisoned} strings poisoned", p.id);
        let mut a = fixture::maximal(p);
        for t in &mut a.attempts {
            t.notes.push_str(PAYLOAD);
        }
        let hostile = fixture::hostile(p, PAYLOAD);
        for (case, answers) in [("maximal", &a), ("hostile", &hostile)] {
            let mut shown = 0;
            for (name, html) in every_drawing(p, answers, today) {
                let context = format!("{} ({case}): {name}", p.id);
                assert_only_our_markup(&html, &context);
                assert!(!html.contains(PAYLOAD), "{context}: the payload unescaped");
                shown += html.matches("&lt;script&gt;x&lt;/script&gt;").count();
            }
            // The payload is there, as text, many times over: the sweep
            // checked the protocol's own words, not pages without them.
            assert!(
                shown > 100,
                "{} ({case}): the payload shown {shown} times",
                p.id
            );
        }
        // Every stage of the chosen route was drawn with its name escaped.
        let route = route_for(p, &a).expect("a route");
        assert!(route.stages.iter().all(|s| s.name.contains(PAYLOAD)));
    }
}

#[test]
fn the_sweep_catches_markup_that_is_not_ours() {
    let caught = std::panic::catch_unwind(|| {
        assert_only_our_markup("<p class=\"x\"><img src=x onerror=alert(1)></p>", "test")
    });
    assert!(caught.is_err(), "an <img> must fail the sweep");
    let caught = std::panic::catch_unwind(|| {
        assert_only_our_markup("<a href=\"javascript:alert(1)\">x</a>", "test")
    });
    assert!(caught.is_err(), "a javascript: link must fail the sweep");
    let caught = std::panic::catch_unwind(|| {
        assert_only_our_markup("<p class=\"x\" onclick=\"y\">x</p>", "test")
    });
    assert!(caught.is_err(), "an event handler must fail the sweep");
}
