//! "Add a follow-up to your calendar (.ics)", on the Next step page and the
//! form step: an editable neutral title, a date input when the protocol
//! states no working-day timescale, the privacy sentence, and the download.
//! Which date, and what goes in the file, is decided by
//! [`crate::calendar`]; this view only holds the two controls.

use leptos::prelude::*;

use super::browser;
use super::widgets::ctx;
use crate::calendar;
use crate::form::html::escape;
use crate::guidance::Date;

pub fn follow_up() -> impl IntoView {
    let ctx = ctx();
    let plan = Memo::new(move |_| ctx.advice.with(|a| a.as_ref().map(calendar::plan)));
    let title = RwSignal::new(calendar::default_title(&ctx.reference.get_untracked()));
    let chosen = RwSignal::new(String::new());
    let status: RwSignal<Option<Result<String, String>>> = RwSignal::new(None);
    let explanation = move || plan.with(|p| p.as_ref().map(|p| p.explanation.clone()));
    let needs_date = move || plan.with(|p| p.as_ref().is_some_and(|p| p.due.is_none()));

    let download = move |_| {
        let Some(plan) = plan.get_untracked() else {
            return;
        };
        let result = ctx
            .with_protocol_untracked(|p| {
                calendar::ics(
                    p,
                    &plan,
                    &title.get_untracked(),
                    Date::parse(chosen.get_untracked().trim()),
                    &ctx.reference.get_untracked(),
                    browser::utc_now(),
                    browser::random_u32(),
                )
            })
            .unwrap_or_else(|| Err("Choose a protocol first.".to_string()))
            .and_then(|file| {
                let date = calendar::event_date(&plan, Date::parse(chosen.get_untracked().trim()))
                    .unwrap_or(ctx.today);
                let name = calendar::file_name(date);
                browser::download_text(&name, "text/calendar;charset=utf-8", &file).map(|()| {
                    format!("Downloaded {name}. Open it to add the event to your calendar.")
                })
            });
        if result.is_err() && needs_date() {
            ctx.focus_id("cr-follow-up-date");
        }
        status.set(Some(result));
    };
    let status_html = move || {
        match status.get() {
        None => String::new(),
        Some(Ok(m)) => format!(
            "<p class=\"cr-status cr-status--done\">{}</p>",
            escape(&m)
        ),
        Some(Err(m)) => format!(
            "<p class=\"cr-error-message cr-status cr-status--failed\"><span class=\"cr-visually-hidden\">Error: </span>{}</p>",
            escape(&m)
        ),
    }
    };

    view! {
        <section class="cr-section cr-follow-up" aria-labelledby="cr-follow-up-heading">
            <h2 class="cr-h2" id="cr-follow-up-heading">"Follow up in your calendar"</h2>
            <p class="cr-follow-up-when">{explanation}</p>
            <div class="cr-form-group">
                <label class="cr-label" for="cr-follow-up-title">"Event title"</label>
                <input
                    class="cr-input cr-follow-up-title"
                    type="text"
                    id="cr-follow-up-title"
                    name="cr-follow-up-title"
                    maxlength=calendar::TITLE_MAX
                    autocomplete="off"
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))
                />
            </div>
            <Show when=needs_date>
                <div class="cr-form-group">
                    <label class="cr-label" for="cr-follow-up-date">"Date to follow up"</label>
                    <input
                        class="cr-input cr-input--date cr-follow-up-date"
                        type="date"
                        id="cr-follow-up-date"
                        name="cr-follow-up-date"
                        autocomplete="off"
                        prop:value=move || chosen.get()
                        on:input=move |ev| chosen.set(event_target_value(&ev))
                    />
                </div>
            </Show>
            <p class="cr-hint" id="cr-follow-up-privacy">{calendar::PRIVACY_NOTE}</p>
            <button
                type="button"
                class="cr-button cr-button--secondary cr-ics"
                aria-describedby="cr-follow-up-privacy"
                on:click=download
            >
                {calendar::BUTTON}
            </button>
            <div class="cr-status-region" aria-live="polite" inner_html=status_html></div>
        </section>
    }
}
