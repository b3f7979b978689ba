//! The widget's frame: the progress line, the partnership, the list of
//! steps, the emergency panel, the current step's body, Back and Clear, and
//! the live region; and the start-up that builds the shared state.

use leptos::prelude::*;

use super::state::new_ctx;
use super::{
    check, form_step, next_step, persist, questions, stages, start, widgets, Config, Confirm, Ctx,
    Step,
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

/// The whole widget.
pub fn app(config: Config) -> impl IntoView {
    let ctx = provide_ctx(config);
    let steps = Memo::new(move |_| ctx.steps());
    let position = move || {
        let step = ctx.step.get();
        let steps = steps.get();
        let n = steps.iter().position(|s| *s == step).map_or(1, |i| i + 1);
        format!("Step {n} of {}", steps.len())
    };
    // The list of steps as HTML: one string per step change instead of a
    // Leptos view per item.
    let nav = move || {
        let current = ctx.step.get();
        steps.with(|steps| {
            steps
                .iter()
                .fold(Html::new(), |mut out, s| {
                    out.lit(if *s == current {
                        "<li class=\"cr-steps__item cr-steps__item--current\" aria-current=\"step\">"
                    } else {
                        "<li class=\"cr-steps__item\">"
                    })
                    .lit(s.label())
                    .lit("</li>");
                    out
                })
                .into_string()
        })
    };
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
    let show_back = move || ctx.step.get() != Step::Start;
    // The panel's content is escaped HTML from `render`, like the advice
    // (see there why); the panel is the first thing in the main column.
    let emergency = move || {
        ctx.advice
            .with(|a| {
                a.as_ref()
                    .and_then(|a| a.emergency.as_ref())
                    .and_then(|e| ctx.with_protocol(|p| render::emergency_html(e, p).into_string()))
            })
            .map(|html| {
                view! {
                    <section
                        class="cr-emergency"
                        aria-labelledby="cr-emergency-title"
                        data-emergency=""
                        inner_html=html
                    ></section>
                }
            })
    };

    view! {
        <div class="cr-widget" node_ref=ctx.root data-step=move || ctx.step.get().id()>
            <div class="cr-bar">
                <p class="cr-progress">{position}</p>
                <p class="cr-partnership">
                    {move || ctx.with_protocol(|p| p.name.clone())}
                </p>
                <button
                    type="button"
                    class="cr-link cr-clear"
                    on:click=move |_| {
                        ctx.confirm.set(Some(Confirm::ClearAll));
                        ctx.focus_after_render(".cr-confirm h2");
                    }
                >
                    "Clear all answers"
                </button>
            </div>
            {widgets::confirm_panel}
            <div class="cr-layout">
                <nav class="cr-nav" aria-label="Steps">
                    <ol class="cr-steps" inner_html=nav></ol>
                </nav>
                <div class="cr-main">
                    {emergency}
                    {move || {
                        show_back()
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="cr-link cr-back"
                                        on:click=move |_| ctx.back()
                                    >
                                        "Back"
                                    </button>
                                }
                            })
                    }}
                    {widgets::error_summary}
                    {body}
                </div>
            </div>
            <div class="cr-visually-hidden" aria-live="polite">
                {move || ctx.notice.get()}
            </div>
        </div>
    }
}
