//! Small shared pieces: headings, radios, text fields, the error summary and
//! the confirmation panel. Citations, contacts and the emergency panel are
//! HTML from [`crate::render`].

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

use super::{Confirm, Ctx};
use crate::form::html::escape;
use crate::guidance::Answers;

pub fn ctx() -> Ctx {
    // Every component is created under `app`, which provides the context.
    use_context::<Ctx>().unwrap_or_else(|| {
        super::browser::warn("case-resolution: a component was created outside the widget");
        panic_free_fallback()
    })
}

/// Unreachable in practice: components are only created inside `app`. Kept
/// so that a mistake degrades to an inert widget instead of a panic.
fn panic_free_fallback() -> Ctx {
    super::provide_ctx(super::Config {
        protocols: Vec::new(),
        fixed: true,
        storage_key: "case-resolution:fallback".to_string(),
        base: String::new(),
    })
}

/// One option of a radio or checkbox group.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
}

impl Choice {
    pub fn new(id: impl Into<String>, label: impl Into<String>, hint: Option<String>) -> Self {
        Choice {
            id: id.into(),
            label: label.into(),
            hint,
        }
    }
}

/// The page heading: focused on every step change.
pub fn heading(text: String) -> impl IntoView {
    view! { <h1 class="cr-h1" tabindex="-1">{text}</h1> }
}

/// An inline error message for `field`, when it is in error.
fn inline_error(ctx: Ctx, field: String) -> impl IntoView {
    let id = format!("{field}-error");
    move || {
        ctx.error_for(&field).map(|message| {
            view! {
                <p class="cr-error-message" id=id.clone()>
                    <span class="cr-visually-hidden">"Error: "</span>
                    {message}
                </p>
            }
        })
    }
}

/// `aria-describedby` for a field: its hint and, when in error, its message.
fn described_by(ctx: Ctx, field: String, has_hint: bool) -> impl Fn() -> Option<String> {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{field}-hint"));
        }
        if ctx.error_for(&field).is_some() {
            ids.push(format!("{field}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A radio group in a fieldset. `field` is the id of the first radio (what
/// the error summary focuses) and the group's name. With `page_heading`, the
/// legend is the page's `h1`.
pub fn radios(
    field: String,
    legend: String,
    hint: Option<String>,
    page_heading: bool,
    choices: Vec<Choice>,
    selected: impl Fn() -> Option<String> + Send + Sync + 'static,
    on_select: impl Fn(String) + Send + Sync + 'static,
) -> AnyView {
    // The closures are boxed so that this view is built by one copy of the
    // code, not one per call site (wasm size).
    choice_group(
        ChoiceKind::Radio,
        field,
        legend,
        hint,
        page_heading,
        choices,
        Arc::new(move |id: &str| selected().as_deref() == Some(id)),
        Arc::new(move |id: String, _| on_select(id)),
    )
}

/// Checkboxes in a fieldset.
pub fn checkboxes(
    field: String,
    legend: String,
    hint: Option<String>,
    choices: Vec<Choice>,
    is_checked: impl Fn(&str) -> bool + Send + Sync + 'static,
    on_toggle: impl Fn(String, bool) + Send + Sync + 'static,
) -> AnyView {
    choice_group(
        ChoiceKind::Checkbox,
        field,
        legend,
        hint,
        false,
        choices,
        Arc::new(is_checked),
        Arc::new(on_toggle),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChoiceKind {
    Radio,
    Checkbox,
}

type IsChecked = Arc<dyn Fn(&str) -> bool + Send + Sync>;
type OnChange = Arc<dyn Fn(String, bool) + Send + Sync>;

/// Radios or checkboxes in a fieldset: one view for both, its classes named
/// after the kind (`cr-radio…`, `cr-checkbox…`).
#[allow(clippy::too_many_arguments)]
fn choice_group(
    kind: ChoiceKind,
    field: String,
    legend: String,
    hint: Option<String>,
    page_heading: bool,
    choices: Vec<Choice>,
    is_checked: IsChecked,
    on_change: OnChange,
) -> AnyView {
    let (input_type, item_class, input_class, label_class, hint_class, group_class) = match kind {
        ChoiceKind::Radio => (
            "radio",
            "cr-radio",
            "cr-radio__input",
            "cr-radio__label",
            "cr-hint cr-radio__hint",
            "cr-radios",
        ),
        ChoiceKind::Checkbox => (
            "checkbox",
            "cr-checkbox",
            "cr-checkbox__input",
            "cr-checkbox__label",
            "cr-hint cr-checkbox__hint",
            "cr-checkboxes",
        ),
    };
    let ctx = ctx();
    let has_hint = hint.is_some();
    // Escaped HTML (see `crate::render`): one element type for both kinds.
    let (legend_class, legend_html) = if page_heading {
        (
            "cr-legend cr-legend--page",
            format!(
                "<h1 class=\"cr-h1\" tabindex=\"-1\">{}</h1>",
                escape(&legend)
            ),
        )
    } else {
        ("cr-legend", escape(&legend))
    };
    let legend_view = view! { <legend class=legend_class inner_html=legend_html></legend> };
    let hint_view =
        hint.map(|h| view! { <div class="cr-hint" id=format!("{field}-hint")>{h}</div> });
    let items = choices
        .into_iter()
        .enumerate()
        .map(|(i, choice)| {
            let input_id = if i == 0 {
                field.clone()
            } else {
                format!("{field}-{i}")
            };
            let hint_id = format!("{input_id}-hint");
            let choice_hint = choice.hint.clone();
            let is_checked = is_checked.clone();
            let on_change = on_change.clone();
            let value = choice.id.clone();
            let checked_value = choice.id.clone();
            view! {
                <div class=item_class>
                    <input
                        class=input_class
                        type=input_type
                        id=input_id.clone()
                        name=field.clone()
                        value=value.clone()
                        aria-describedby=choice_hint.is_some().then(|| hint_id.clone())
                        prop:checked=move || is_checked(&checked_value)
                        on:change=move |ev: ev::Event| on_change(value.clone(), event_target_checked(&ev))
                    />
                    <label class=label_class for=input_id>
                        {choice.label}
                    </label>
                    {choice_hint.map(|h| view! { <div class=hint_class id=hint_id>{h}</div> })}
                </div>
            }
        })
        .collect_view();
    let error_field = field.clone();
    view! {
        <div class="cr-form-group" class:cr-form-group--error=move || ctx.error_for(&error_field).is_some()>
            <fieldset class="cr-fieldset" aria-describedby=described_by(ctx, field.clone(), has_hint)>
                {legend_view}
                {hint_view}
                {inline_error(ctx, field.clone())}
                <div class=group_class>{items}</div>
            </fieldset>
        </div>
    }
    .into_any()
}

/// What kind of text control to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Line,
    Area,
    Date,
}

/// A labelled text control bound to part of the answers through a getter
/// and a setter (typing updates the answers on every keystroke, so a reload
/// loses nothing).
pub fn text_field(
    field: String,
    label: String,
    hint: Option<String>,
    kind: TextKind,
    autocomplete: Option<&'static str>,
    get: impl Fn(&Answers) -> String + Send + Sync + 'static,
    set: impl Fn(&mut Answers, String) + Send + Sync + 'static,
) -> AnyView {
    text_field_dyn(
        field,
        label,
        hint,
        kind,
        autocomplete,
        Arc::new(get),
        Arc::new(set),
    )
}

type Getter = Arc<dyn Fn(&Answers) -> String + Send + Sync>;
type Setter = Arc<dyn Fn(&mut Answers, String) + Send + Sync>;

fn text_field_dyn(
    field: String,
    label: String,
    hint: Option<String>,
    kind: TextKind,
    autocomplete: Option<&'static str>,
    get: Getter,
    set: Setter,
) -> AnyView {
    let ctx = ctx();
    let has_hint = hint.is_some();
    let answers = ctx.answers;
    let value = move || answers.with(|a| get(a));
    let on_input = move |ev: ev::Event| {
        let text = event_target_value(&ev);
        answers.update(|a| set(a, text));
    };
    let invalid_field = field.clone();
    let invalid = move || ctx.error_for(&invalid_field).map(|_| "true");
    let describedby = described_by(ctx, field.clone(), has_hint);
    let control = match kind {
        TextKind::Area => view! {
            <textarea
                class="cr-textarea"
                id=field.clone()
                name=field.clone()
                rows="5"
                aria-describedby=describedby
                aria-invalid=invalid
                prop:value=value
                on:input=on_input
            ></textarea>
        }
        .into_any(),
        TextKind::Line | TextKind::Date => view! {
            <input
                class="cr-input"
                class:cr-input--date=kind == TextKind::Date
                type=if kind == TextKind::Date { "date" } else { "text" }
                id=field.clone()
                name=field.clone()
                autocomplete=autocomplete.unwrap_or("off")
                spellcheck=if kind == TextKind::Date { None } else { Some("true") }
                aria-describedby=describedby
                aria-invalid=invalid
                prop:value=value
                on:input=on_input
            />
        }
        .into_any(),
    };
    let error_field = field.clone();
    view! {
        <div class="cr-form-group" class:cr-form-group--error=move || ctx.error_for(&error_field).is_some()>
            <label class="cr-label" for=field.clone()>{label}</label>
            {hint.map(|h| view! { <div class="cr-hint" id=format!("{field}-hint")>{h}</div> })}
            {inline_error(ctx, field.clone())}
            {control}
        </div>
    }
    .into_any()
}

/// The error summary, shown after Continue with answers missing: a link per
/// problem that moves focus to its field. Escaped HTML set with
/// `inner_html`, like the advice (see [`crate::render`]), with one delegated
/// click handler for its links.
pub fn error_summary() -> impl IntoView {
    let ctx = ctx();
    let follow = move |ev: ev::MouseEvent| {
        if let Some(field) = clicked(&ev, "a[data-field]", "data-field") {
            // Inside a shadow root a fragment link would only change the
            // host page's URL.
            ev.prevent_default();
            ctx.focus_id(&field);
        }
    };
    move || {
        let html = ctx
            .errors
            .with(|es| (!es.is_empty()).then(|| error_summary_html(es)));
        html.map(|html| {
            view! {
                <div
                    class="cr-error-summary"
                    role="alert"
                    tabindex="-1"
                    aria-labelledby="cr-error-summary-title"
                    on:click=follow
                    inner_html=html
                ></div>
            }
        })
    }
}

fn error_summary_html(errors: &[super::FieldError]) -> String {
    let mut out = String::from("<h2 class=\"cr-error-summary__title\" id=\"cr-error-summary-title\">There is a problem</h2><ul class=\"cr-error-summary__list\">");
    for e in errors {
        let field = escape(&e.field);
        out.push_str(&format!(
            "<li><a href=\"#{field}\" data-field=\"{field}\">{}</a></li>",
            escape(&e.message)
        ));
    }
    out.push_str("</ul>");
    out
}

/// `attr` of the element matching `selector` that an event happened in: for
/// the one delegated click handler of a block of escaped HTML.
pub(super) fn clicked(ev: &ev::MouseEvent, selector: &str, attr: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()??
        .get_attribute(attr)
}

/// The in-widget confirmation (clear all answers, or switch partnership), as
/// escaped HTML like the error summary; one click handler for both buttons.
pub fn confirm_panel() -> impl IntoView {
    let ctx = ctx();
    let answer = move |ev: ev::MouseEvent| {
        if let Some(yes) = clicked(&ev, "button[data-confirm]", "data-confirm") {
            ctx.confirm_answer(yes == "yes");
        }
    };
    move || {
        ctx.confirm.get().map(|what| {
            let (title, text, yes) = match what {
                Confirm::ClearAll => (
                    "Clear all answers?",
                    "This deletes everything you have entered in this widget, in this browser tab. It cannot be undone. Download a JSON draft first if you want to keep it.",
                    "Yes, clear all answers",
                ),
                Confirm::SwitchProtocol(_) => (
                    "Change partnership?",
                    "Your answers follow this partnership's protocol, so changing it clears them.",
                    "Yes, change and clear my answers",
                ),
            };
            let html = format!(
                "<h2 class=\"cr-confirm__title\" id=\"cr-confirm-title\" tabindex=\"-1\">{title}</h2><p>{text}</p><div class=\"cr-button-group\"><button type=\"button\" class=\"cr-button cr-button--warning cr-confirm__yes\" data-confirm=\"yes\">{yes}</button><button type=\"button\" class=\"cr-button cr-button--secondary cr-confirm__no\" data-confirm=\"no\">Cancel</button></div>"
            );
            view! {
                <div
                    class="cr-confirm"
                    role="region"
                    aria-labelledby="cr-confirm-title"
                    on:click=answer
                    inner_html=html
                ></div>
            }
        })
    }
}

/// The Continue button.
pub fn continue_button(label: &'static str) -> impl IntoView {
    let ctx = ctx();
    view! {
        <div class="cr-button-group">
            <button type="button" class="cr-button cr-continue" on:click=move |_| ctx.continue_on()>
                {label}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::FieldError;

    #[test]
    fn the_error_summary_links_each_field_and_escapes_its_text() {
        let errors = [
            FieldError::new("cr-concern", "Describe your concern"),
            FieldError::new("cr-q-x", "Answer: <b>Is it \"urgent\"</b> & why?"),
        ];
        let html = error_summary_html(&errors);
        assert_eq!(html.matches("<a href=").count(), 2);
        assert!(html.contains("href=\"#cr-concern\" data-field=\"cr-concern\""));
        assert!(html.contains("Answer: &lt;b&gt;Is it &quot;urgent&quot;&lt;/b&gt; &amp; why?"));
        assert!(!html.contains("<b>"));
    }
}
