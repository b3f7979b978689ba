//! Small shared pieces: headings, the blocks and delegated handlers of the
//! question steps (their controls are HTML from [`super::markup`]), the error
//! summary and the confirmation panel. Citations, contacts and the emergency
//! panel are HTML from [`case_resolution_core::render`].

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

use super::{browser, Confirm, Ctx};
use case_resolution_core::html::Html;

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
    super::shell::provide_ctx(super::Config {
        choices: Vec::new(),
        protocols: Vec::new(),
        fixed: true,
        storage_key: "case-resolution:fallback".to_string(),
        base: String::new(),
    })
}

type Draw = Arc<dyn Fn() -> Html + Send + Sync>;
/// What a keyed block is redrawn on: see [`block_keyed`].
type Key = Option<Arc<dyn Fn() -> Vec<String> + Send + Sync>>;

/// A block of a step: escaped HTML from [`super::markup`], redrawn when the
/// signals `html` reads change (a block holds what changes together, so
/// redrawing never takes the control being used from under the user). Its
/// text controls are then given their values from the answers, as properties
/// ([`super::markup::text_value`]).
pub fn block(html: impl Fn() -> Html + Send + Sync + 'static) -> AnyView {
    block_with(None, Arc::new(html))
}

/// A block redrawn only when `key` (which reads the signals) gives another
/// value, not on every change of what it reads: the safety step's follow-up
/// when the answer flips, a stage when attempts are added or removed, not on
/// every keystroke inside them. `html` reads untracked. (In place of a
/// `Memo<Vec<String>>`, a memo type of its own in the wasm.)
pub fn block_keyed(
    key: impl Fn() -> Vec<String> + Send + Sync + 'static,
    html: impl Fn() -> Html + Send + Sync + 'static,
) -> AnyView {
    block_with(Some(Arc::new(key)), Arc::new(html))
}

fn block_with(key: Key, html: Draw) -> AnyView {
    let ctx = ctx();
    // Erased, so every block is one view type (wasm size).
    view! { <div use:draw_block=(ctx, key, html)></div> }.into_any()
}

/// Draws a block as its element is created and whenever what it read
/// changes: synchronously the first time, so the step is complete when focus
/// moves to its heading.
fn draw_block(el: web_sys::Element, (ctx, key, html): (Ctx, Key, Draw)) {
    let mut drawn: Option<Vec<String>> = None;
    let effect = RenderEffect::new(move |_| {
        if let Some(key) = &key {
            let now = key();
            if drawn.as_ref() == Some(&now) {
                return;
            }
            drawn = Some(now);
        }
        browser::set_html(&el, &html());
        ctx.answers.with_untracked(|a| {
            browser::set_text_values(&el, |name| super::markup::text_value(a, name))
        });
    });
    // Lives as long as the step that made it.
    on_cleanup(move || drop(effect));
}

/// A block drawn once.
pub fn fixed_block(html: Html) -> AnyView {
    block(move || html.clone())
}

/// The Continue button of a question step, as a block.
pub fn continue_block(label: &str) -> AnyView {
    let mut m = super::markup::Markup::new(&[]);
    m.continue_button(label);
    fixed_block(m.finish())
}

/// A question step: its blocks inside one element whose delegated handlers
/// read every control back into the answers (`input` for text, `change` for
/// radios and checkboxes) and act on buttons with a `data-action`.
pub fn step(class: &'static str, blocks: Vec<AnyView>) -> AnyView {
    let ctx = ctx();
    let edit = move |ev: ev::Event| ctx.edit_from(&ev);
    let act = move |ev: ev::MouseEvent| {
        if let Some(button) = clicked_element(&ev, "button[data-action]") {
            ctx.act(&button);
        }
    };
    holder(class, Box::new(act), Box::new(edit), Box::new(edit), blocks)
}

/// An element holding `blocks`, with one delegated click handler: the
/// check step, the form step, the follow-up. The handler is boxed so that
/// they all share one view type (each `view!` tree with its own closure
/// type is code of its own in the wasm), with [`changeable`] too.
pub fn clickable(
    class: &'static str,
    click: Box<dyn Fn(ev::MouseEvent)>,
    blocks: Vec<AnyView>,
) -> AnyView {
    holder(class, click, Box::new(|_| {}), Box::new(|_| {}), blocks)
}

/// An element holding `blocks`, with one delegated change handler (the
/// draft loader's file input).
pub fn changeable(change: Box<dyn Fn(ev::Event)>, blocks: Vec<AnyView>) -> AnyView {
    holder("", Box::new(|_| {}), change, Box::new(|_| {}), blocks)
}

/// The one element type behind [`step`], [`clickable`] and [`changeable`].
fn holder(
    class: &'static str,
    click: Box<dyn Fn(ev::MouseEvent)>,
    change: Box<dyn Fn(ev::Event)>,
    input: Box<dyn Fn(ev::Event)>,
    blocks: Vec<AnyView>,
) -> AnyView {
    view! { <div class=class on:click=click on:change=change on:input=input>{blocks}</div> }
        .into_any()
}

/// The error summary's content, shown after Continue with answers missing:
/// a link per problem that moves focus to its field (the frame draws it and
/// handles its clicks, `super::shell`).
pub(super) fn error_summary_html(errors: &[super::FieldError]) -> Html {
    let mut out = Html::new();
    out.lit("<h2 class=\"cr-error-summary__title\" id=\"cr-error-summary-title\">There is a problem</h2><ul class=\"cr-error-summary__list\">");
    for e in errors {
        out.lit("<li><a")
            .attr("href", &format!("#{}", e.field))
            .attr("data-field", &e.field)
            .lit(">")
            .text(&e.message)
            .lit("</a></li>");
    }
    out.lit("</ul>");
    out
}

/// `attr` of the element matching `selector` that an event happened in: for
/// the one delegated click handler of a block of escaped HTML.
pub(super) fn clicked(ev: &ev::MouseEvent, selector: &str, attr: &str) -> Option<String> {
    clicked_element(ev, selector)?.get_attribute(attr)
}

/// The element matching `selector` that an event happened in.
pub(super) fn clicked_element(ev: &ev::MouseEvent, selector: &str) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()?
}

/// The input with this id in the widget, if it is there (the follow-up's
/// and the record's fields are read from the page when a button is pressed).
pub(super) fn input(ctx: &Ctx, id: &str) -> Option<web_sys::HtmlInputElement> {
    use wasm_bindgen::JsCast;
    let root = ctx.root.get_untracked()?;
    root.query_selector(&format!("#{id}"))
        .ok()??
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()
}

/// What a status line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Said {
    Busy,
    Done,
    Failed,
}

/// Shows `message` in the status line `region` (a selector), written into
/// the page directly: a status line is drawn from nothing else.
pub(super) fn say(ctx: &Ctx, region: &str, said: Said, message: &str) {
    if let Some(region) = ctx
        .root
        .get_untracked()
        .and_then(|r| r.query_selector(region).ok().flatten())
    {
        browser::set_html(&region, &status_html(said, message));
    }
}

/// Whether the status line `region` shows work under way ([`Said::Busy`]).
pub(super) fn is_busy(ctx: &Ctx, region: &str) -> bool {
    let busy = format!("{region} .cr-status:not(.cr-status--done):not(.cr-status--failed)");
    ctx.root
        .get_untracked()
        .and_then(|r| r.query_selector(&busy).ok().flatten())
        .is_some()
}

/// A status line (the form step's, the follow-up's): one paragraph of
/// escaped HTML, an error said as one to screen readers.
pub(super) fn status_html(said: Said, message: &str) -> Html {
    let mut html = Html::new();
    html.lit(match said {
        Said::Failed => "<p class=\"cr-error-message cr-status cr-status--failed\"><span class=\"cr-visually-hidden\">Error: </span>",
        Said::Done => "<p class=\"cr-status cr-status--done\">",
        Said::Busy => "<p class=\"cr-status\">",
    })
    .text(message)
    .lit("</p>");
    html
}

/// The in-widget confirmation's content (clear all answers, or switch
/// partnership), escaped HTML drawn by the frame (`super::shell`), which
/// handles its two buttons.
pub(super) fn confirm_html(what: Confirm) -> Html {
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
    let mut html = Html::new();
    html.lit("<h2 class=\"cr-confirm__title\" id=\"cr-confirm-title\" tabindex=\"-1\">")
        .lit(title)
        .lit("</h2><p>")
        .lit(text)
        .lit("</p><div class=\"cr-button-group\"><button type=\"button\" class=\"cr-button cr-button--warning cr-confirm__yes\" data-confirm=\"yes\">")
        .lit(yes)
        .lit("</button><button type=\"button\" class=\"cr-button cr-button--secondary cr-confirm__no\" data-confirm=\"no\">Cancel</button></div>");
    html
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
