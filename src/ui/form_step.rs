//! Step 10, the form: the preview (the form module's escaped HTML), and
//! print, Word, HTML, JSON draft and plain-text outputs. Nothing is sent
//! anywhere: every output is a download or the clipboard.

use leptos::prelude::*;

use super::browser;
use super::markup::{Choice, ChoiceKind, Markup};
use super::widgets::{self, ctx, Said};
use case_resolution_core::form::{self, FormMeta};
use case_resolution_core::html::Html;

/// The status line of the outputs (a live region).
const STATUS: &str = ".cr-status-region";

pub fn form_step() -> impl IntoView {
    let ctx = ctx();
    // Fixed while the step is open, so the preview and every download carry
    // the same reference and time.
    let (date, time) = browser::now();
    let meta = StoredValue::new(FormMeta {
        reference: ctx.reference(),
        generated: format!("{date} {time}"),
        date,
    });
    // Built once, not a memo: the answers cannot change while this step is
    // open (a draft loads on the Start step, and clearing leaves the step).
    let document = ctx.advice.get_untracked().and_then(|advice| {
        ctx.with_protocol_untracked(|p| {
            ctx.answers
                .with_untracked(|a| meta.with_value(|m| form::build(p, a, &advice, m)))
        })
    });
    let preview = document
        .as_ref()
        .map(|d| form::html::fragment(d).into_string());
    let document = document.map(std::rc::Rc::new);
    // The engine's pick (a conditioned title where one holds).
    let title = document
        .as_ref()
        .map_or_else(|| "Case resolution form".to_string(), |d| d.title.clone());
    let protocol_id = move || {
        ctx.with_protocol_untracked(|p| p.id.clone())
            .unwrap_or_default()
    };
    let file = move |ext: &str| form::file_name(&protocol_id(), date, ext);
    let report = move |result: Result<(), String>, done: String| match result {
        Ok(()) => widgets::say(&ctx, STATUS, Said::Done, &done),
        Err(e) => widgets::say(&ctx, STATUS, Said::Failed, &e),
    };

    let print = move || {
        if let Some(root) = ctx.root.get_untracked() {
            browser::print_widget(&root);
        }
    };
    let copy_text = move || {
        let Some(text) = document.as_deref().map(form::text::render) else {
            return;
        };
        widgets::say(&ctx, STATUS, Said::Busy, "Copying…");
        leptos::task::spawn_local(async move {
            report(
                browser::copy_text(&text).await,
                "Copied the form as text. Paste it into an email or a record.".to_string(),
            );
        });
    };
    // HTML, JSON and Word are made by on-demand modules (`browser::form_file`)
    // from the same protocol, answers and reference as the preview. `kind`
    // is the module's name for the file, `ext` its file name's extension.
    let make_file =
        move |kind: &'static str, ext: &'static str, mime: &'static str, busy: &'static str| {
            if widgets::is_busy(&ctx, STATUS) {
                return;
            }
            let Some(request) = ctx.with_protocol_untracked(|p| {
                ctx.answers.with_untracked(|a| {
                    meta.with_value(|m| form::export::request(p, a, m, ctx.today))
                })
            }) else {
                return;
            };
            widgets::say(&ctx, STATUS, Said::Busy, busy);
            let base = ctx.base();
            let name = file(ext);
            leptos::task::spawn_local(async move {
                let result = browser::form_file(&base, kind, &request)
                    .await
                    .and_then(|bytes| browser::download_array(&name, mime, &bytes));
                let also = if kind == "json" {
                    " Load it on the Start step to carry on later."
                } else {
                    ""
                };
                report(result, format!("Downloaded {name}.{also}"));
            });
        };
    let download_html = move || {
        make_file(
            "html",
            "html",
            "text/html;charset=utf-8",
            "Preparing the HTML file…",
        )
    };
    let download_json =
        move || make_file("json", "json", "application/json", "Preparing the draft…");
    // The record's controls are escaped HTML with one delegated click (a
    // Leptos view with its own signal cost kilobytes); the tick is read
    // from the page when the button is pressed.
    let download_record = move || {
        let with_reference =
            widgets::input(&ctx, "cr-record-reference").is_some_and(|i| i.checked());
        make_file(
            if with_reference {
                "csv+reference"
            } else {
                "csv"
            },
            "csv",
            "text/csv;charset=utf-8",
            "Preparing the record…",
        );
    };
    let download_docx = move || {
        make_file(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Preparing the Word file…",
        )
    };

    // One delegated handler for every output button (a handler per button
    // costs the wasm a copy of Leptos's event code each).
    let click = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = widgets::clicked_element(&ev, "button") else {
            return;
        };
        let is = |class: &str| button.class_list().contains(class);
        if is("cr-print") {
            print();
        } else if is("cr-docx") {
            download_docx();
        } else if is("cr-html") {
            download_html();
        } else if is("cr-json") {
            download_json();
        } else if is("cr-copy") {
            copy_text();
        } else if is("cr-csv") {
            download_record();
        }
    };

    view! {
        <div class="cr-step cr-step--form" on:click=click>
            {widgets::fixed_block(intro_html(&title))}
            {widgets::fixed_block(actions_html())}
            <div class="cr-status-region" aria-live="polite"></div>
            {super::follow_up::follow_up()}
            <div class="cr-record">{widgets::fixed_block(record_html())}</div>
            // Focusable and named: on a narrow screen the preview scrolls
            // sideways (wide tables), so a keyboard user must reach it.
            <div
                class="cr-form-preview"
                role="region"
                aria-label="Preview of the form"
                tabindex="0"
                inner_html=preview
            ></div>
            {super::start::load_draft("cr-form-draft-title", "Load a different draft")}
        </div>
    }
}

/// The heading and what to do with the form.
fn intro_html(title: &str) -> Html {
    let mut m = Markup::new(&[]);
    m.heading(&format!("Your {title}"))
        .raw("<p>Check the preview, then print it or download it. Send it to the person the protocol names; this widget sends nothing.</p>");
    m.finish()
}

/// Print, the downloads and Copy as text (see the step's click handler).
pub(super) fn actions_html() -> Html {
    let mut html = Html::new();
    html.lit("<div class=\"cr-actions\" role=\"group\" aria-label=\"Print, download or copy the form\"><button type=\"button\" class=\"cr-button cr-print\">Print</button><button type=\"button\" class=\"cr-button cr-button--secondary cr-docx\">Download Word (.docx)</button><button type=\"button\" class=\"cr-button cr-button--secondary cr-html\">Download HTML</button><button type=\"button\" class=\"cr-button cr-button--secondary cr-json\">Download JSON draft</button><button type=\"button\" class=\"cr-button cr-button--secondary cr-copy\">Copy as text</button></div>");
    html
}

/// "For the partnership's records": what the record is, the tick for the
/// form reference and the button (see [`case_resolution_core::form::record`]).
fn record_html() -> Html {
    let mut m = Markup::new(&[]);
    m.section("cr-record-title", "For the partnership's records")
        .raw("<p class=\"cr-hint\" id=\"cr-record-hint\">A short file your partnership can count: the kind of disagreement, the stages tried and the months, as codes. Nothing in it names the case. Send it with the form if your partnership asks for it.</p>")
        .choices(
            ChoiceKind::Checkbox,
            "cr-record-reference",
            "The form reference",
            None,
            false,
            &[Choice::new(
                "yes",
                "Include the form reference. It links the record to this form.",
                None,
            )],
            |_| false,
        )
        .raw("<button type=\"button\" class=\"cr-button cr-button--secondary cr-csv\" aria-describedby=\"cr-record-hint\">Download the record (CSV)</button>")
        .end_section();
    m.finish()
}
