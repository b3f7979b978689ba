//! Step 10, the form: the preview (the form module's escaped HTML), and
//! print, Word, HTML, JSON draft and plain-text outputs. Nothing is sent
//! anywhere: every output is a download or the clipboard.

use leptos::prelude::*;

use super::browser;
use super::markup::{Choice, ChoiceKind, Markup};
use super::state::Ctx;
use super::widgets::{self, ctx, Said};
use case_resolution_core::form::export::FileKind;
use case_resolution_core::form::{self, FormMeta};
use case_resolution_core::html::Html;

/// The status line of the outputs (a live region).
const STATUS: &str = ".cr-status-region";

pub fn form_step() -> impl IntoView {
    let ctx = ctx();
    // Fixed while the step is open, so the preview and every download carry
    // the same reference and time. Owned by the click handler below (a
    // `StoredValue<FormMeta>` was a stored-value type of its own in the wasm).
    let (date, time) = browser::now();
    let meta = FormMeta {
        reference: ctx.reference(),
        generated: format!("{date} {time}"),
        date,
    };
    // Built once, not a memo: the answers cannot change while this step is
    // open (a draft loads on the Start step, and clearing leaves the step).
    // Read in place, not cloned (a clone of the advice is code of its own).
    let document = ctx.advice.with_untracked(|advice| {
        let advice = advice.as_ref()?;
        ctx.with_protocol_untracked(|p| {
            ctx.answers
                .with_untracked(|a| form::build(p, a, advice, &meta))
        })
    });
    // Focusable and named: on a narrow screen the preview scrolls sideways
    // (wide tables), so a keyboard user must reach it.
    let mut preview = Html::new();
    preview.lit("<div class=\"cr-form-preview\" role=\"region\" aria-label=\"Preview of the form\" tabindex=\"0\">");
    if let Some(d) = &document {
        preview.html(&form::html::fragment(d));
    }
    preview.lit("</div>");
    // The engine's pick (a conditioned title where one holds).
    let title = document
        .as_ref()
        .map_or_else(|| "Case resolution form".to_string(), |d| d.title.clone());

    // One delegated handler for every output button (a handler per button
    // costs the wasm a copy of Leptos's event code each).
    let click = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = widgets::clicked_element(&ev, "button") else {
            return;
        };
        let is = |class: &str| button.class_list().contains(class);
        // HTML, JSON, Word and the record are made by on-demand modules
        // (`browser::form_file`): the module's name for the file, its
        // extension, type and what the status line says meanwhile.
        let (kind, busy) = if is("cr-print") {
            if let Some(root) = ctx.root.get_untracked() {
                browser::print_widget(&root);
            }
            return;
        } else if is("cr-copy") {
            if let Some(d) = &document {
                copy_text(ctx, form::text::render(d));
            }
            return;
        } else if is("cr-docx") {
            (FileKind::Word, "Preparing the Word file…")
        } else if is("cr-html") {
            (FileKind::Html, "Preparing the HTML file…")
        } else if is("cr-json") {
            (FileKind::Json, "Preparing the draft…")
        } else if is("cr-csv") {
            // The record's tick is read from the page when pressed.
            let with_reference =
                widgets::input(&ctx, "cr-record-reference").is_some_and(|i| i.checked());
            let kind = if with_reference {
                FileKind::RecordWithReference
            } else {
                FileKind::Record
            };
            (kind, "Preparing the record…")
        } else {
            return;
        };
        make_file(ctx, &meta, kind, busy);
    };

    let mut status = Html::new();
    status.lit("<div class=\"cr-status-region\" aria-live=\"polite\"></div>");
    let mut record = Html::new();
    record
        .lit("<div class=\"cr-record\">")
        .html(&record_html())
        .lit("</div>");
    widgets::clickable(
        "cr-step cr-step--form",
        Box::new(click),
        vec![
            widgets::fixed_block(intro_html(&title)),
            widgets::fixed_block(actions_html()),
            widgets::fixed_block(status),
            super::follow_up::follow_up(false),
            widgets::fixed_block(record),
            widgets::fixed_block(preview),
            super::start::load_draft("cr-form-draft-title", "Load a different draft"),
        ],
    )
}

/// Says how an output went, in the status line.
fn report(ctx: Ctx, result: Result<(), String>, done: &str) {
    match result {
        Ok(()) => widgets::say(&ctx, STATUS, Said::Done, done),
        Err(e) => widgets::say(&ctx, STATUS, Said::Failed, &e),
    }
}

/// Copy as text.
fn copy_text(ctx: Ctx, text: String) {
    widgets::say(&ctx, STATUS, Said::Busy, "Copying…");
    leptos::task::spawn_local(async move {
        let result = browser::copy_text(&text).await;
        report(
            ctx,
            result,
            "Copied the form as text. Paste it into an email or a record.",
        );
    });
}

/// A file from an on-demand module, from the same protocol, answers and
/// reference as the preview; `busy` is said meanwhile.
fn make_file(ctx: Ctx, meta: &FormMeta, kind: FileKind, busy: &str) {
    if widgets::is_busy(&ctx, STATUS) {
        return;
    }
    let Some(request) = ctx.with_protocol_untracked(|p| {
        ctx.answers
            .with_untracked(|a| form::export::request(p, a, meta, ctx.today))
    }) else {
        return;
    };
    widgets::say(&ctx, STATUS, Said::Busy, busy);
    let base = ctx.base();
    let name = ctx
        .with_protocol_untracked(|p| form::file_name(&p.id, meta.date, kind.extension()))
        .unwrap_or_default();
    leptos::task::spawn_local(async move {
        let result = browser::form_file(&base, kind, &request)
            .await
            .and_then(|bytes| browser::download_array(&name, kind.mime(), &bytes));
        let also = if kind == FileKind::Json {
            " Load it on the Start step to carry on later."
        } else {
            ""
        };
        report(ctx, result, &format!("Downloaded {name}.{also}"));
    });
}

/// The heading and what to do with the form.
fn intro_html(title: &str) -> Html {
    let mut m = Markup::new(&[]);
    m.raw("<div class=\"cr-form-intro\">")
        .heading(&format!("Your {title}"))
        .raw("<p>Check the preview, then print it or download it. Send it to the person the protocol names; this widget sends nothing.</p></div>");
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
