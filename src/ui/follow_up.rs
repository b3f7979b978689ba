//! "Add a follow-up to your calendar (.ics)", on the Next step page and the
//! form step: an editable neutral title, a date input when the protocol
//! states no working-day timescale, the privacy sentence, and the download.
//! Which date, and what goes in the file, is decided by [`case_resolution_core::calendar`];
//! the file is made by the on-demand module from the form's request
//! ([`case_resolution_core::form::export::calendar_request`]), so the calendar code is not
//! in the widget. Drawn as escaped HTML with one delegated click handler; the
//! two fields are read from the page when the button is pressed.

use leptos::ev;
use leptos::prelude::*;

use super::browser;
use super::markup::Markup;
use super::widgets::{self, ctx, Said};
use super::Ctx;
use case_resolution_core::calendar::{self, Plan};
use case_resolution_core::form::export::FileKind;
use case_resolution_core::form::{self, FormMeta};
use case_resolution_core::guidance::Date;
use case_resolution_core::html::Html;

const TITLE: &str = "cr-follow-up-title";
const DATE: &str = "cr-follow-up-date";

/// The section, for the plan the current advice gives, with the title and
/// date as they are: a disclosure (open or not) on the Next step, where the
/// answer comes first; a section on the form step.
pub(super) fn section_html(
    plan: &Plan,
    title: &str,
    date: Option<String>,
    disclosure: Option<bool>,
) -> Html {
    const LABEL: &str = "Follow up in your calendar";
    let mut m = Markup::new(&[]);
    match disclosure {
        Some(open) => m.disclosure("follow-up", LABEL, open),
        None => m.section("cr-follow-up-heading", LABEL),
    };
    m.para("cr-follow-up-when", &plan.explanation);
    m.raw("<div class=\"cr-form-group\"><label class=\"cr-label\" for=\"cr-follow-up-title\">Event title</label><input class=\"cr-input cr-follow-up-title\" type=\"text\" id=\"cr-follow-up-title\" name=\"cr-follow-up-title\" autocomplete=\"off\" maxlength=\"")
        .num(calendar::TITLE_MAX)
        .raw("\" value=\"")
        .text(title)
        .raw("\"></div>");
    if plan.due.is_none() {
        m.raw("<div class=\"cr-form-group\"><label class=\"cr-label\" for=\"cr-follow-up-date\">Date to follow up</label><input class=\"cr-input cr-input--date cr-follow-up-date\" type=\"date\" id=\"cr-follow-up-date\" name=\"cr-follow-up-date\" autocomplete=\"off\" value=\"")
            .text(&date.unwrap_or_default())
            .raw("\"></div>");
    }
    m.raw("<p class=\"cr-hint\" id=\"cr-follow-up-privacy\">")
        .text(calendar::PRIVACY_NOTE)
        .raw("</p><button type=\"button\" class=\"cr-button cr-button--secondary cr-ics\" aria-describedby=\"cr-follow-up-privacy\">")
        .text(calendar::BUTTON)
        .raw("</button><div class=\"cr-follow-up-status\" aria-live=\"polite\"></div>");
    match disclosure {
        Some(_) => m.end_disclosure(),
        None => m.end_section(),
    };
    m.finish()
}

/// The value of the input `id` in this widget, if it is there.
fn field(ctx: &Ctx, id: &str) -> Option<String> {
    widgets::input(ctx, id).map(|i| i.value())
}

/// Shows `message` in the section's status line.
fn status(ctx: &Ctx, message: &str, said: Said) {
    widgets::say(ctx, ".cr-follow-up-status", said, message);
}

/// The button: makes the file with the on-demand module and offers it.
fn download(ctx: Ctx) {
    let Some(plan) = ctx
        .advice
        .with_untracked(|a| a.as_ref().map(calendar::plan))
    else {
        return;
    };
    let chosen = field(&ctx, DATE).and_then(|d| Date::parse(d.trim()));
    let Some(date) = calendar::event_date(&plan, chosen) else {
        status(&ctx, "Choose a date for the follow-up.", Said::Failed);
        ctx.focus_id(DATE);
        return;
    };
    let title = field(&ctx, TITLE).unwrap_or_default();
    let (today, time) = browser::now();
    let meta = FormMeta {
        reference: ctx.reference(),
        generated: format!("{today} {time}"),
        date: today,
    };
    let Some(request) = ctx.with_protocol_untracked(|p| {
        ctx.answers
            .with_untracked(|a| form::export::request(p, a, &meta, ctx.today))
    }) else {
        return;
    };
    let request = form::export::calendar_request(
        &request,
        &title,
        chosen,
        browser::utc_now(),
        browser::random_u32(),
    );
    let name = calendar::file_name(date);
    let base = ctx.base();
    // A new attempt replaces what the last one said (an error no longer true).
    status(&ctx, "Preparing the calendar file…", Said::Busy);
    leptos::task::spawn_local(async move {
        let made = browser::form_file(&base, FileKind::Calendar, &request)
            .await
            .and_then(|bytes| browser::download_array(&name, FileKind::Calendar.mime(), &bytes));
        match made {
            Ok(()) => status(
                &ctx,
                &format!("Downloaded {name}. Open it to add the event to your calendar."),
                Said::Done,
            ),
            Err(message) => status(&ctx, &message, Said::Failed),
        }
    });
}

/// The follow-up; `disclosed` on the Next step (see [`section_html`]).
pub fn follow_up(disclosed: bool) -> AnyView {
    let ctx = ctx();
    // Redrawn when the advice changes (a special case ticked can change the
    // next step and its date); what was typed is carried over.
    let html = move || {
        ctx.advice.with(|a| {
            a.as_ref()
                .map(|a| {
                    let title = field(&ctx, TITLE)
                        .unwrap_or_else(|| calendar::default_title(&ctx.reference()));
                    let open =
                        disclosed.then(|| ctx.open_disclosures().iter().any(|o| o == "follow-up"));
                    section_html(&calendar::plan(a), &title, field(&ctx, DATE), open)
                })
                .unwrap_or_default()
        })
    };
    let click = move |ev: ev::MouseEvent| {
        if widgets::clicked_element(&ev, "button.cr-ics").is_some() {
            download(ctx);
        }
    };
    widgets::clickable(
        "cr-follow-up-wrap",
        Box::new(click),
        vec![widgets::block(html)],
    )
}
