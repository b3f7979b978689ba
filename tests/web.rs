//! Browser tests (wasm-bindgen-test in headless Chromium): mount the widget
//! into a real DOM, drive it as a practitioner would, and assert on what is
//! in its shadow root. Leptos applies DOM updates in tasks, so every event is
//! followed by `settle().await`.
#![cfg(target_arch = "wasm32")]

use case_resolution::embed;
use case_resolution_core::guidance::Answers;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn session() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

/// A fresh host element attached to the page.
fn host() -> web_sys::HtmlElement {
    let div: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

/// A plain options object from string pairs.
fn options(pairs: &[(&str, &str)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v)).unwrap();
    }
    o.into()
}

/// Lets Leptos apply pending updates (and the focus tasks queued after them).
/// Lets the widget finish what it started: a mount now waits for its
/// protocol's data file (here served in-process), then renders. Timers, not
/// `leptos::task::tick`, which panics before the first widget has mounted
/// (no executor yet).
async fn settle() {
    for _ in 0..4 {
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
    }
}

struct Widget {
    host: web_sys::HtmlElement,
    root: web_sys::ShadowRoot,
}

impl Widget {
    /// Mounts a Devon widget with its own storage key (cleared first).
    async fn devon(instance: &str) -> Widget {
        session()
            .remove_item(&format!("case-resolution:{instance}"))
            .unwrap();
        Widget::mount(&[("protocol", "devon-dcfp"), ("instance", instance)]).await
    }

    async fn mount(pairs: &[(&str, &str)]) -> Widget {
        // No dist/ here to fetch the checker module from.
        embed::load_custom_protocols_inline();
        let host = host();
        assert!(embed::mount(host.clone().into(), options(pairs)));
        settle().await;
        let root = host.shadow_root().expect("an open shadow root");
        Widget { host, root }
    }

    fn find(&self, selector: &str) -> Option<web_sys::Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn get(&self, selector: &str) -> web_sys::HtmlElement {
        self.find(selector)
            .unwrap_or_else(|| panic!("no {selector} in:\n{}", self.text()))
            .unchecked_into()
    }

    fn count(&self, selector: &str) -> u32 {
        self.root.query_selector_all(selector).unwrap().length()
    }

    fn text(&self) -> String {
        self.find(".cr-root")
            .and_then(|r| r.text_content())
            .unwrap_or_default()
    }

    fn step(&self) -> String {
        self.get(".cr-widget")
            .get_attribute("data-step")
            .unwrap_or_default()
    }

    async fn click(&self, selector: &str) {
        self.get(selector).click();
        settle().await;
    }

    async fn continue_on(&self) {
        self.click(".cr-continue").await;
    }

    async fn type_into(&self, selector: &str, text: &str) {
        let el = self.get(selector);
        if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            input.set_value(text);
        } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            area.set_value(text);
        }
        // Bubbling, like a real keystroke's: the step listens above its fields.
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
        el.dispatch_event(&event).unwrap();
        settle().await;
    }

    fn focused(&self) -> Option<web_sys::Element> {
        self.root.active_element()
    }

    fn assert_heading_focused(&self) {
        let focused = self.focused().expect("something focused in the widget");
        assert_eq!(
            focused.tag_name(),
            "H1",
            "focus is on {}",
            focused.outer_html()
        );
    }

    /// From Start to the next step: no immediate harm, routine, referral.
    async fn answer_to_stages(&self) {
        self.continue_on().await;
        assert_eq!(self.step(), "safety");
        self.click("#cr-immediate-harm-1").await; // No
        self.continue_on().await;
        assert_eq!(self.step(), "urgency");
        self.click("input[name=cr-urgency][value=routine]").await;
        self.continue_on().await;
        assert_eq!(self.step(), "disagreement");
        self.click("#cr-disagreement").await;
        self.continue_on().await;
        assert_eq!(self.step(), "stages");
    }

    fn stored(&self, instance: &str) -> Option<String> {
        session()
            .get_item(&format!("case-resolution:{instance}"))
            .unwrap()
    }

    fn remove(self) {
        self.host.remove();
    }
}

#[wasm_bindgen_test]
async fn start_step_promises_privacy_and_continue_moves_focus_to_the_new_heading() {
    let w = Widget::devon("t-start").await;
    assert_eq!(w.step(), "start");
    assert!(w.text().contains("Nothing you enter leaves this device"));
    assert!(w.text().contains("Step 1 of"));
    assert_eq!(w.count("nav [aria-current=step]"), 1);
    assert_eq!(w.count("h1"), 1);
    assert!(w.find(".cr-back").is_none(), "no Back on the first step");
    // The page does not get its focus stolen on load.
    assert!(w.focused().is_none());

    w.continue_on().await;
    assert_eq!(w.step(), "safety");
    w.assert_heading_focused();
    assert!(w.find(".cr-back").is_some());
    assert!(w.text().contains("Step 2 of"));
    assert_eq!(
        w.get("nav [aria-current=step]").text_content().unwrap(),
        "Safety"
    );
    w.click(".cr-back").await;
    assert_eq!(w.step(), "start");
    w.assert_heading_focused();
    w.remove();
}

#[wasm_bindgen_test]
async fn continue_without_an_answer_shows_the_error_summary_linked_to_the_field() {
    let w = Widget::devon("t-errors").await;
    w.continue_on().await;
    w.continue_on().await;
    assert_eq!(w.step(), "safety", "a missing answer keeps the step");
    let summary = w.get(".cr-error-summary");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    assert!(summary
        .text_content()
        .unwrap()
        .contains("There is a problem"));
    assert_eq!(
        w.focused().map(|f| f.class_name()),
        Some("cr-error-summary".to_string())
    );
    // The inline message is tied to the fieldset.
    assert!(w.find("#cr-immediate-harm-error").is_some());
    let described = w
        .get("fieldset")
        .get_attribute("aria-describedby")
        .unwrap_or_default();
    assert!(described.contains("cr-immediate-harm-error"), "{described}");
    // The summary's link moves focus to the first radio.
    w.click(".cr-error-summary a").await;
    assert_eq!(
        w.focused().map(|f| f.id()),
        Some("cr-immediate-harm".to_string())
    );
    // Answering and continuing clears the errors.
    w.click("#cr-immediate-harm-1").await;
    w.continue_on().await;
    assert_eq!(w.step(), "urgency");
    assert!(w.find(".cr-error-summary").is_none());
    w.remove();
}

#[wasm_bindgen_test]
async fn yes_to_immediate_harm_shows_the_emergency_panel_first_with_999() {
    let w = Widget::devon("t-emergency").await;
    w.continue_on().await;
    assert!(w.find("[data-emergency]").is_none());
    w.click("#cr-immediate-harm").await; // Yes
    let panel = w.get("[data-emergency]");
    let heading = w.get("h1");
    // The panel comes before the heading and everything else in the step.
    let position = panel.compare_document_position(&heading);
    assert!(position & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0);
    assert!(panel.text_content().unwrap().contains("999"));
    assert!(w.find("[data-emergency] a[href='tel:999']").is_some());
    assert!(w.find("[data-emergency] a[href^='mailto:']").is_some());
    assert!(w.text().contains("Act now"));
    // They may continue, to record; the panel stays first on every step.
    w.continue_on().await;
    assert_eq!(w.step(), "urgency");
    let panel = w.get("[data-emergency]");
    let first = w.get(".cr-main").first_element_child().unwrap();
    assert!(first.is_same_node(Some(&panel)));
    // The advice never tells them to wait: the emergency is first there too.
    w.click("input[name=cr-urgency][value=immediate]").await;
    w.continue_on().await;
    w.click("#cr-disagreement").await;
    w.continue_on().await;
    w.continue_on().await;
    assert_eq!(w.step(), "next-step");
    assert!(w
        .get(".cr-main")
        .first_element_child()
        .unwrap()
        .has_attribute("data-emergency"));
    w.remove();
}

#[wasm_bindgen_test]
async fn stages_take_several_attempts_each_with_date_people_outcome_and_notes() {
    let w = Widget::devon("t-stages").await;
    w.answer_to_stages().await;
    assert!(w.count(".cr-stage") >= 2);
    w.click(".cr-add-attempt").await;
    assert_eq!(w.count(".cr-attempt"), 1);
    assert_eq!(
        w.focused().map(|f| f.id()),
        Some("cr-attempt-0-date".to_string())
    );
    assert_eq!(
        w.get("#cr-attempt-0-date").get_attribute("type").as_deref(),
        Some("date")
    );
    w.type_into("#cr-attempt-0-date", "2026-11-02").await;
    w.type_into("#cr-attempt-0-name", "A. Manager").await;
    w.type_into("#cr-attempt-0-notes", "Talked it through")
        .await;
    // Outcome radios: Resolved / Not resolved / No response yet.
    assert_eq!(w.count("input[name=cr-attempt-0-outcome]"), 3);
    // A second attempt at the same stage.
    w.click(".cr-add-attempt").await;
    assert_eq!(w.count(".cr-attempt"), 2);
    w.click(".cr-attempt:nth-of-type(2) .cr-remove-attempt")
        .await;
    assert_eq!(w.count(".cr-attempt"), 1);
    let date: web_sys::HtmlInputElement = w.get("#cr-attempt-0-date").unchecked_into();
    assert_eq!(
        date.value(),
        "2026-11-02",
        "the kept attempt keeps its answers"
    );
    // Saved on every change, as a JSON draft.
    let saved = w.stored("t-stages").expect("a saved draft");
    assert!(saved.contains("A. Manager"), "{saved}");

    w.continue_on().await;
    assert_eq!(w.step(), "next-step");
    // Stage 1 attempted and not resolved: the next step is stage 2.
    let next = w.get(".cr-next").text_content().unwrap();
    assert!(next.contains("Stage 2"), "{next}");
    let live = w
        .get(".cr-visually-hidden[aria-live=polite]")
        .text_content()
        .unwrap();
    assert!(live.contains("Next step"), "{live}");
    assert!(w.count("details.cr-cite > summary") > 0);
    w.remove();
}

#[wasm_bindgen_test]
async fn next_step_special_cases_change_the_advice() {
    let w = Widget::devon("t-special").await;
    w.answer_to_stages().await;
    w.continue_on().await;
    assert_eq!(w.step(), "next-step");
    assert!(w.find(".cr-special").is_none());
    w.click("#cr-special").await;
    assert!(
        w.find(".cr-special").is_some(),
        "guidance for the ticked case"
    );
    w.remove();
}

#[wasm_bindgen_test]
async fn check_answers_change_link_returns_to_check_answers_keeping_everything() {
    let w = Widget::devon("t-change").await;
    w.answer_to_stages().await;
    w.continue_on().await; // next step
    w.continue_on().await; // details
    assert_eq!(w.step(), "details");
    w.continue_on().await;
    assert!(
        w.find(".cr-error-summary").is_some(),
        "the concern is required"
    );
    w.type_into("#cr-concern", "The referral was closed too early")
        .await;
    w.type_into("#cr-subject-initials", "J.B.").await;
    w.continue_on().await;
    assert_eq!(w.step(), "check");
    assert!(w.text().contains("The referral was closed too early"));
    assert!(w.text().contains("Routine"));

    w.click("[data-change-step=urgency] .cr-change").await;
    assert_eq!(w.step(), "urgency");
    w.assert_heading_focused();
    w.click("input[name=cr-urgency][value=quick]").await;
    w.continue_on().await;
    assert_eq!(w.step(), "check", "Continue returns to check your answers");
    assert!(w.text().contains("A decision is needed quickly"));
    assert!(w.text().contains("J.B."));
    assert!(w.text().contains("The referral was closed too early"));

    // Back from a changed step also returns to check answers.
    w.click("[data-change-step=details] .cr-change").await;
    assert_eq!(w.step(), "details");
    w.click(".cr-back").await;
    assert_eq!(w.step(), "check");

    w.continue_on().await;
    assert_eq!(w.step(), "form");
    let preview = w.get(".cr-form-preview");
    assert!(preview.inner_html().contains("cr-form"));
    assert!(preview
        .text_content()
        .unwrap()
        .contains("The referral was closed too early"));
    for button in [".cr-print", ".cr-docx", ".cr-html", ".cr-json", ".cr-copy"] {
        assert!(w.find(button).is_some(), "{button}");
    }
    assert!(w.find("#cr-load-draft").is_some());
    w.remove();
}

#[wasm_bindgen_test]
async fn hostile_text_stays_text_in_the_preview() {
    let w = Widget::devon("t-hostile").await;
    w.answer_to_stages().await;
    w.continue_on().await;
    w.continue_on().await;
    w.type_into(
        "#cr-concern",
        "<img src=x onerror=alert(1)><script>x()</script>",
    )
    .await;
    w.continue_on().await;
    assert!(w.text().contains("<img src=x"));
    w.continue_on().await;
    assert_eq!(w.step(), "form");
    assert_eq!(w.count(".cr-form-preview img"), 0);
    assert_eq!(w.count(".cr-form-preview script"), 0);
    w.remove();
}

#[wasm_bindgen_test]
async fn clear_all_answers_asks_to_confirm_then_clears() {
    let w = Widget::devon("t-clear").await;
    w.continue_on().await;
    w.click("#cr-immediate-harm-1").await;
    assert!(w.stored("t-clear").is_some());

    w.click(".cr-clear").await;
    assert!(w.find(".cr-confirm").is_some());
    assert_eq!(
        w.focused().map(|f| f.id()),
        Some("cr-confirm-title".to_string())
    );
    // Cancel keeps everything.
    w.click(".cr-confirm__no").await;
    assert!(w.find(".cr-confirm").is_none());
    assert_eq!(w.step(), "safety");
    assert!(w.stored("t-clear").is_some());

    w.click(".cr-clear").await;
    w.click(".cr-confirm__yes").await;
    assert_eq!(w.step(), "start");
    assert!(
        w.stored("t-clear").is_none(),
        "nothing left in session storage"
    );
    w.continue_on().await;
    let no: web_sys::HtmlInputElement = w.get("#cr-immediate-harm-1").unchecked_into();
    assert!(!no.checked(), "the answer was cleared");
    w.remove();
}

#[wasm_bindgen_test]
async fn a_saved_draft_is_restored_on_mount() {
    let answers = Answers {
        immediate_harm: Some(false),
        urgency: Some("quick".into()),
        ..Answers::default()
    };
    let saved = case_resolution_core::form::draft::to_compact("devon-dcfp", &answers);
    session()
        .set_item("case-resolution:t-restore", &saved)
        .unwrap();
    let w = Widget::mount(&[("protocol", "devon-dcfp"), ("instance", "t-restore")]).await;
    // Resumes at the first unanswered question.
    assert_eq!(w.step(), "disagreement");
    w.click(".cr-back").await;
    let quick: web_sys::HtmlInputElement = w
        .get("input[name=cr-urgency][value=quick]")
        .unchecked_into();
    assert!(quick.checked());
    w.remove();
}

#[wasm_bindgen_test]
async fn a_saved_value_in_another_format_is_dropped_not_misread() {
    // What an earlier version kept in session storage: the JSON draft.
    let answers = Answers {
        immediate_harm: Some(false),
        ..Answers::default()
    };
    let json = case_resolution_core::form::draft::to_json("devon-dcfp", &answers);
    session()
        .set_item("case-resolution:t-old-format", &json)
        .unwrap();
    let w = Widget::mount(&[("protocol", "devon-dcfp"), ("instance", "t-old-format")]).await;
    assert_eq!(w.step(), "start");
    assert!(w.stored("t-old-format").is_none());
    w.remove();
}

#[wasm_bindgen_test]
async fn without_a_protocol_the_start_step_offers_the_partnerships() {
    session().remove_item("case-resolution:t-picker").unwrap();
    let w = Widget::mount(&[("instance", "t-picker")]).await;
    let offered = w.count("input[name=cr-protocol]");
    assert_eq!(
        offered as usize,
        case_resolution_core::protocol::BUNDLED.len()
    );
    if offered > 1 {
        // Nothing is chosen for the practitioner.
        w.continue_on().await;
        assert!(w.find(".cr-error-summary").is_some());
    }
    // Devon DCFP (one subject, so no question beside the partnership): its
    // data file loads when chosen.
    let devon = (0..offered)
        .find(|i| {
            w.find(&format!("label[for=cr-protocol-{i}]"))
                .or_else(|| w.find("label[for=cr-protocol]").filter(|_| *i == 0))
                .and_then(|l| l.text_content())
                .is_some_and(|t| t.contains("Devon Children"))
        })
        .expect("Devon DCFP offered");
    let id = if devon == 0 {
        "#cr-protocol".to_string()
    } else {
        format!("#cr-protocol-{devon}")
    };
    w.click(&id).await;
    w.continue_on().await;
    assert_eq!(w.step(), "safety");
    w.remove();
}

#[wasm_bindgen_test]
async fn an_unknown_protocol_shows_an_error_panel_and_throws_nothing() {
    let w = Widget::mount(&[("protocol", "devon")]).await;
    let panel = w.get("[role=alert]");
    let text = panel.text_content().unwrap();
    assert!(text.contains("no protocol with the id “devon”"), "{text}");
    assert!(text.contains("devon-dcfp"), "{text}");
    w.remove();
}

#[wasm_bindgen_test]
async fn a_bad_option_type_shows_an_error_panel() {
    let host = host();
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"protocol".into(), &JsValue::from_f64(42.0)).unwrap();
    assert!(embed::mount(host.clone().into(), o.into()));
    settle().await;
    let root = host.shadow_root().unwrap();
    let text = root
        .query_selector("[role=alert]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(text.contains("“protocol” must be a string"), "{text}");
    host.remove();
}

#[wasm_bindgen_test]
async fn a_malformed_custom_protocol_shows_the_validators_messages_with_lines() {
    let script = document().create_element("script").unwrap();
    script.set_attribute("type", "text/plain").unwrap();
    script.set_attribute("id", "t-bad-protocol").unwrap();
    script.set_text_content(Some("id = \"x\"\nname = \"X\"\ncovers = [\"pets\"]\n"));
    document().body().unwrap().append_child(&script).unwrap();
    let w = Widget::mount(&[("protocolSource", "#t-bad-protocol")]).await;
    let text = w.get("[role=alert]").text_content().unwrap();
    assert!(text.contains("custom protocol"), "{text}");
    assert!(text.contains("Line "), "{text}");
    assert!(w.count(".cr-error-panel__list li") > 1);
    w.remove();
    script.remove();
}

#[wasm_bindgen_test]
async fn a_custom_protocol_with_context_questions_shows_the_context_step() {
    let devon = case_resolution_core::protocol::BUNDLED
        .iter()
        .find(|(f, _)| *f == "devon-dcfp.toml")
        .unwrap()
        .1;
    let text = devon.replacen(
        "id = \"referral-or-assessment\"\n",
        "id = \"referral-or-assessment\"\nquestions = [\"agency\"]\n",
        1,
    ) + "\n[[questions]]\nid = \"agency\"\nlabel = \"Which kind of agency do you work for?\"\ncite = \"Stages of resolution\"\n\n[[questions.options]]\nid = \"health\"\nlabel = \"Health\"\n\n[[questions.options]]\nid = \"other\"\nlabel = \"Another agency\"\n";
    let w = Widget::mount(&[("protocolText", &text), ("instance", "t-context")]).await;
    assert!(
        w.find("[role=alert]").is_none(),
        "custom protocol rejected: {}",
        w.text()
    );
    w.answer_to_stages_with_context().await;
    w.remove();
}

impl Widget {
    async fn answer_to_stages_with_context(&self) {
        self.continue_on().await;
        self.click("#cr-immediate-harm-1").await;
        self.continue_on().await;
        self.click("input[name=cr-urgency][value=routine]").await;
        self.continue_on().await;
        self.click("#cr-disagreement").await;
        self.continue_on().await;
        assert_eq!(self.step(), "context");
        assert!(self
            .text()
            .contains("Which kind of agency do you work for?"));
        self.continue_on().await;
        assert!(self.find(".cr-error-summary").is_some());
        self.click("#cr-q-agency").await;
        self.continue_on().await;
        assert_eq!(self.step(), "stages");
    }
}

#[wasm_bindgen_test]
async fn a_second_mount_into_the_same_element_is_a_no_op_and_a_missing_element_is_refused() {
    let div = host();
    assert!(embed::mount(
        div.clone().into(),
        options(&[("instance", "t-twice")])
    ));
    assert!(!embed::mount(div.clone().into(), JsValue::UNDEFINED));
    settle().await;
    assert_eq!(
        div.shadow_root()
            .unwrap()
            .query_selector_all("h1")
            .unwrap()
            .length(),
        1
    );
    assert!(!embed::mount(JsValue::NULL, JsValue::UNDEFINED));
    assert!(!embed::mount(
        JsValue::from_str("#no-such-element"),
        JsValue::UNDEFINED
    ));
    div.remove();
}

#[wasm_bindgen_test]
async fn two_widgets_on_one_page_do_not_share_storage() {
    session().remove_item("case-resolution:devon-dcfp").unwrap();
    session()
        .remove_item("case-resolution:devon-dcfp:2")
        .unwrap();
    let a = Widget::mount(&[("protocol", "devon-dcfp")]).await;
    let b = Widget::mount(&[("protocol", "devon-dcfp")]).await;
    a.continue_on().await;
    a.click("#cr-immediate-harm").await;
    b.continue_on().await;
    b.click("#cr-immediate-harm-1").await;
    let ka = session()
        .get_item("case-resolution:devon-dcfp")
        .unwrap()
        .unwrap();
    let kb = session()
        .get_item("case-resolution:devon-dcfp:2")
        .unwrap()
        .unwrap();
    assert_ne!(ka, kb);
    assert!(a.find("[data-emergency]").is_some());
    assert!(b.find("[data-emergency]").is_none());
    a.remove();
    b.remove();
}

#[wasm_bindgen_test]
async fn a_compiled_protocol_given_directly_mounts_and_a_bad_one_shows_why() {
    let p = case_resolution_core::protocol::bundled().unwrap().remove(0);
    let good = case_resolution_core::protocol::data::write(&p);
    let w = Widget::mount(&[("protocolData", &good), ("instance", "t-data")]).await;
    assert!(w.find(".cr-error-panel").is_none(), "{}", w.text());
    assert!(w.text().contains(&p.name), "{}", w.text());
    w.remove();
    let format = case_resolution_core::protocol::data::FORMAT;
    let newer = good.replacen(
        &format!("protocol {format}\n"),
        &format!("protocol {}\n", format + 1),
        1,
    );
    let cut = &good[..good.len() / 2];
    for (text, says) in [
        (newer.as_str(), "newer release"),
        (cut, "damaged or cut short"),
        ("id = \"x\"\n", "not a compiled protocol file"),
    ] {
        let w = Widget::mount(&[("protocolData", text), ("instance", "t-bad-data")]).await;
        let panel = w.get(".cr-error-panel").text_content().unwrap_or_default();
        assert!(panel.contains(says), "{says}: {panel}");
        w.remove();
    }
}

/// Mounts `protocol` with `answers` already saved in this tab's session
/// under `instance`, as a reload would find them.
async fn with_saved(protocol: &str, instance: &str, answers: &Answers) -> Widget {
    let saved = case_resolution_core::form::draft::to_compact(protocol, answers);
    session()
        .set_item(&format!("case-resolution:{instance}"), &saved)
        .unwrap();
    Widget::mount(&[("protocol", protocol), ("instance", instance)]).await
}

/// `answers` with one attempt at `stage` on `date`.
fn tried(
    mut answers: Answers,
    stage: &str,
    date: &str,
    outcome: case_resolution_core::guidance::Outcome,
) -> Answers {
    answers
        .attempts
        .push(case_resolution_core::guidance::Attempt {
            stage: stage.into(),
            date: date.into(),
            outcome,
            ..Default::default()
        });
    answers
}

/// Reaching a stage early, alternatives and listed contacts, in the page:
/// what the protocol says about taking the next stage leads it (DCFP 3.4:
/// the form may be used before Stage 5, once Stage 1 is tried), another way
/// through a stage carries its contact as a link, and a contact the source
/// ties to no step is listed as such.
#[wasm_bindgen_test]
async fn next_step_shows_reaching_a_stage_early_alternatives_with_contacts_and_listed_contacts() {
    let answers = tried(
        Answers {
            immediate_harm: Some(false),
            urgency: Some("routine".into()),
            disagreement: Some("referral-or-assessment".into()),
            ..Answers::default()
        },
        "stage-1",
        "2026-11-16",
        case_resolution_core::guidance::Outcome::NotResolved,
    );
    let w = with_saved("devon-dcfp", "t-early", &answers).await;
    assert_eq!(w.step(), "next-step");
    let inset = w.get(".cr-next .cr-inset").text_content().unwrap();
    assert!(
        inset.contains("Case Resolution form before Stage 5"),
        "{inset}"
    );
    w.remove();

    let answers = Answers {
        immediate_harm: Some(false),
        urgency: Some("routine".into()),
        disagreement: Some("whistleblowing".into()),
        ..Answers::default()
    };
    let w = with_saved("devon-schools", "t-alt", &answers).await;
    assert_eq!(w.step(), "stages");
    w.continue_on().await;
    assert_eq!(w.step(), "next-step");
    let alt = w.get(".cr-alternatives");
    assert!(alt.text_content().unwrap().contains("NSPCC"));
    assert!(
        alt.query_selector("a[href='mailto:help@nspcc.org.uk']")
            .unwrap()
            .is_some(),
        "the NSPCC's email as a link"
    );
    let text = w.text();
    assert!(text.contains("Other contacts in the protocol"), "{text}");
    assert!(text.contains("01392 287223"), "{text}");
    w.remove();
}

/// Timescales in the page: while a reply is awaited at Darlington's Stage 1
/// ("within one working day"), the Next step page says so and gives that
/// stage's due date, before the next stage and its own date.
#[wasm_bindgen_test]
async fn next_step_gives_the_awaited_stages_due_date() {
    let answers = tried(
        Answers {
            subject: Some(case_resolution_core::protocol::Subject::Children),
            immediate_harm: Some(false),
            urgency: Some("routine".into()),
            disagreement: Some("thresholds".into()),
            ..Answers::default()
        },
        "stage-1",
        "2026-11-16",
        case_resolution_core::guidance::Outcome::NoResponseYet,
    );
    let w = with_saved("darlington", "t-awaited", &answers).await;
    assert_eq!(w.step(), "next-step");
    let waiting = w.get("#cr-awaiting-title").text_content().unwrap();
    assert!(
        waiting.starts_with("Waiting for a response at Stage 1"),
        "{waiting}"
    );
    let text = w.text();
    // Monday 16 November 2026 and one working day: Tuesday 17 November.
    assert!(text.contains("Tuesday 17 November 2026"), "{text}");
    let awaited = text.find("Waiting for a response at Stage 1").unwrap();
    let next = text.find("Stage 2 of 3").expect("the next stage");
    assert!(
        awaited < next,
        "the awaited stage comes before the next step"
    );
    w.remove();
}
