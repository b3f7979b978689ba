//! The widget's frame: the progress line, the partnership, the list of
//! steps, the emergency panel, the current step's body, Back and Clear, and
//! the live region; and the start-up that builds the shared state.

use leptos::ev;
use leptos::prelude::*;

use super::state::new_ctx;
use super::{
    browser, check, form_step, next_step, persist, questions, stages, start, widgets, Config,
    Confirm, Ctx, Step,
};
use case_resolution_core::html::Html;
use case_resolution_core::render;

/// Builds the shared state, restores a saved draft from session storage and
/// starts saving on every change.
pub(super) fn provide_ctx(config: Config) -> Ctx {
    let ctx = new_ctx(config);
    persist::restore(ctx);
    persist::save_on_change(ctx);
    provide_context(ctx);
    ctx
}

/// The frame around the steps, as escaped HTML: the bar, the list of steps,
/// the main column and the live region, with empty comments marking where
/// the optional panels go (as Leptos marks a place). The step bodies are
/// Leptos views mounted into the main column after those marks.
const FRAME: &str = "<div class=\"cr-bar\"><p class=\"cr-progress\"></p><p class=\"cr-partnership\"></p><button type=\"button\" class=\"cr-link cr-clear\">Clear all answers</button></div><!----><div class=\"cr-layout\"><nav class=\"cr-nav\" aria-label=\"Steps\"><ol class=\"cr-steps\"></ol></nav><div class=\"cr-main\"><!----><!----><!----></div></div><div class=\"cr-visually-hidden\" aria-live=\"polite\"></div>";

/// The whole widget: one element, its frame drawn by [`frame`] (a view
/// tree per part of the frame cost the wasm kilobytes of generic code), and
/// one delegated click handler for the frame's buttons and links.
pub(super) fn app(config: Config) -> impl IntoView {
    let ctx = provide_ctx(config);
    let click = move |ev: ev::MouseEvent| {
        if let Some(field) = widgets::clicked(&ev, ".cr-error-summary a[data-field]", "data-field")
        {
            // Inside a shadow root a fragment link would only change the
            // host page's URL.
            ev.prevent_default();
            ctx.focus_id(&field);
        } else if let Some(yes) =
            widgets::clicked(&ev, ".cr-confirm button[data-confirm]", "data-confirm")
        {
            ctx.confirm_answer(yes == "yes");
        } else if let Some(summary) = widgets::clicked_element(&ev, "[data-disclose] > summary") {
            // Which disclosures are open, kept over Back, Change and a
            // redraw: the click comes before the toggle, so it will be the
            // opposite of what it is now.
            if let Some(d) = summary.parent_element() {
                if let Some(id) = d.get_attribute("data-disclose") {
                    ctx.set_disclosure(id, !d.has_attribute("open"));
                }
            }
        } else if widgets::clicked_element(&ev, "button.cr-back").is_some() {
            ctx.back();
        } else if widgets::clicked_element(&ev, "button.cr-clear").is_some() {
            ctx.confirm.set(Some(Confirm::ClearAll));
            ctx.focus_after_render(".cr-confirm h2");
        }
    };
    view! { <div class="cr-widget" node_ref=ctx.root on:click=click use:frame=ctx></div> }
}

/// Draws the frame into the widget's element as it is created, mounts the
/// current step's body, and redraws each part when what it shows changes.
fn frame(root: web_sys::Element, ctx: Ctx) {
    let mut frame_html = Html::new();
    frame_html.lit(FRAME);
    browser::set_html(&root, &frame_html);
    let find = |selector: &str| root.query_selector(selector).ok().flatten();
    let (Some(progress), Some(partnership), Some(nav), Some(main), Some(live)) = (
        find(".cr-progress"),
        find(".cr-partnership"),
        find(".cr-steps"),
        find(".cr-main"),
        find("[aria-live]"),
    ) else {
        return;
    };
    let marks = main.child_nodes();
    let (Some(confirm_at), Some(emergency_at), Some(back_at), Some(errors_at)) = (
        root.child_nodes().item(1),
        marks.item(0),
        marks.item(1),
        marks.item(2),
    ) else {
        return;
    };
    // The step: the element's data-step, the progress line and the list of
    // steps (one string per step change instead of a view per item). Read
    // on every change of the answers, drawn only when the step or the list
    // changes (a `Memo<Vec<Step>>` was a memo type of its own in the wasm).
    let root_el = root.clone();
    let mut drawn: Option<(Step, Vec<Step>)> = None;
    let step_effect = RenderEffect::new(move |_| {
        let current = ctx.step.get();
        let steps = ctx.steps();
        if drawn
            .as_ref()
            .is_some_and(|(s, l)| *s == current && *l == steps)
        {
            return;
        }
        let _ = root_el.set_attribute("data-step", current.id());
        let n = steps
            .iter()
            .position(|s| *s == current)
            .map_or(1, |i| i + 1);
        progress.set_text_content(Some(&format!("Step {n} of {}", steps.len())));
        browser::set_html(&nav, &nav_html(&steps, current));
        drawn = Some((current, steps));
    });
    let name_effect = RenderEffect::new(move |_| {
        partnership.set_text_content(ctx.with_protocol(|p| p.name.clone()).as_deref());
    });
    // The live region keeps one text node, changed only when the text is
    // (the same words set again are not announced again).
    let said = web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.create_text_node(""));
    if let Some(said) = &said {
        let _ = live.append_child(said);
    }
    let mut last = String::new();
    let notice_effect = RenderEffect::new(move |_| {
        ctx.notice.with(|text| {
            if *text != last {
                if let Some(said) = &said {
                    said.set_data(text);
                }
                last.clone_from(text);
            }
        })
    });
    let confirm = panel(
        confirm_at,
        "<div class=\"cr-confirm\" role=\"region\" aria-labelledby=\"cr-confirm-title\">",
        move || ctx.confirm.get().map(widgets::confirm_html),
    );
    // The emergency panel is the first thing in the main column; its content
    // is escaped HTML from `render`, like the advice (see there why).
    let emergency = panel(
        emergency_at,
        "<section class=\"cr-emergency\" aria-labelledby=\"cr-emergency-title\" data-emergency=\"\">",
        move || {
            ctx.advice.with(|a| {
                a.as_ref()
                    .and_then(|a| a.emergency.as_ref())
                    .and_then(|e| ctx.with_protocol(|p| render::emergency_html(e, p)))
            })
        },
    );
    let back = panel(
        back_at,
        "<button type=\"button\" class=\"cr-link cr-back\">",
        move || {
            (ctx.step.get() != Step::Start).then(|| {
                let mut html = Html::new();
                html.lit("Back");
                html
            })
        },
    );
    let errors = panel(
        errors_at,
        "<div class=\"cr-error-summary\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"cr-error-summary-title\">",
        move || {
            ctx.errors.with(|es| {
                (!es.is_empty()).then(|| widgets::error_summary_html(es))
            })
        },
    );
    // Rebuilt when the step changes, and when its errors do (after Continue,
    // with focus going to the error summary): the question steps draw their
    // fields' error states then. Step bodies subscribe to answers in their
    // own, finer blocks, so typing never re-creates a step.
    let body = move || {
        let step = ctx.step.get();
        ctx.errors.track();
        untrack(|| match step {
            Step::Start => start::start_step().into_any(),
            Step::Safety => questions::safety_step().into_any(),
            Step::Urgency => questions::urgency_step().into_any(),
            Step::Disagreement => questions::disagreement_step().into_any(),
            Step::Context => questions::context_step().into_any(),
            Step::Stages => stages::stages_step().into_any(),
            Step::NextStep => next_step::next_step().into_any(),
            Step::Details => questions::details_step().into_any(),
            Step::Check => check::check_step().into_any(),
            Step::Form => form_step::form_step().into_any(),
        })
    };
    let mut body = body.build();
    body.mount(&main, None);
    // The widget is never unmounted (the embed forgets its mount handle), so
    // the body and the frame's effects live as long as the page.
    std::mem::forget(body);
    std::mem::forget((
        step_effect,
        name_effect,
        notice_effect,
        confirm,
        emergency,
        back,
        errors,
    ));
}

/// The list of steps, the current one marked.
fn nav_html(steps: &[Step], current: Step) -> Html {
    steps.iter().fold(Html::new(), |mut out, s| {
        out.lit(if *s == current {
            "<li class=\"cr-steps__item cr-steps__item--current\" aria-current=\"step\">"
        } else {
            "<li class=\"cr-steps__item\">"
        })
        .lit(s.label())
        .lit("</li>");
        out
    })
}

/// An optional panel of the frame, before the comment `at`: the element
/// `open` (its opening tag) holding what `inner` returns, escaped HTML.
/// Created when it appears, its content replaced only when it changes (a
/// panel that stays is the same element, keeping focus and what a screen
/// reader has read), removed when `inner` returns nothing.
fn panel(
    at: web_sys::Node,
    open: &'static str,
    inner: impl Fn() -> Option<Html> + 'static,
) -> RenderEffect<()> {
    let mut shown: Option<(web_sys::Element, Html)> = None;
    RenderEffect::new(move |_| match (inner(), &mut shown) {
        (None, _) => {
            if let Some((el, _)) = shown.take() {
                el.remove();
            }
        }
        (Some(html), Some((el, last))) => {
            if html != *last {
                browser::set_html(el, &html);
                *last = html;
            }
        }
        (Some(html), None) => {
            let made = at.owner_document().and_then(|d| {
                let scratch = d.create_element("div").ok()?;
                let mut start = Html::new();
                start.lit(open);
                browser::set_html(&scratch, &start);
                scratch.first_element_child()
            });
            if let (Some(el), Some(parent)) = (made, at.parent_node()) {
                browser::set_html(&el, &html);
                let _ = parent.insert_before(&el, Some(&at));
                shown = Some((el, html));
            }
        }
    })
}
