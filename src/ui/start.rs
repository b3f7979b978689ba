//! Step 1, Start: the partnership (unless the page fixed it), who the concern
//! is about (where the protocol covers both), the privacy promise, and
//! loading a saved draft.

use leptos::ev;
use leptos::prelude::*;

use super::widgets::{self, ctx, Choice};
use super::{browser, Ctx, Step};
use crate::guidance::Answers;
use crate::protocol::Subject;

/// Restores answers (and, with the picker, the partnership) from a draft
/// made under the protocol `protocol_id`.
pub fn restore(ctx: &Ctx, protocol_id: &str, answers: Answers) -> Result<(), String> {
    let index = ctx.with_protocols(|ps| ps.iter().position(|p| p.id == protocol_id));
    let Some(index) = index else {
        let current = ctx
            .with_protocol_untracked(|p| p.name.clone())
            .unwrap_or_else(|| "this widget".to_string());
        return Err(format!(
            "This draft was made with the protocol “{protocol_id}”, which {current} does not use."
        ));
    };
    ctx.protocol.set(Some(index));
    ctx.answers.set(answers);
    Ok(())
}

/// "Load draft": a file input that restores a downloaded JSON draft exactly.
pub fn load_draft() -> impl IntoView {
    let ctx = ctx();
    let message = RwSignal::new(None::<Result<String, String>>);
    let on_change = move |ev: ev::Event| {
        let Some(file) = browser::chosen_file(&ev) else {
            return;
        };
        leptos::task::spawn_local(async move {
            // The JSON reader is in the checker module, loaded now.
            let result = match browser::read_file_text(file).await {
                Ok(text) => browser::read_draft(&ctx.base(), &text).await,
                Err(e) => Err(e),
            }
            .and_then(|(protocol, answers)| restore(&ctx, &protocol, answers));
            match result {
                Ok(()) => {
                    message.set(None);
                    ctx.returning.set(false);
                    ctx.notice.set("Draft loaded.".to_string());
                    ctx.go_to(Step::Check);
                }
                Err(e) => {
                    message.set(Some(Err(e)));
                    ctx.focus_after_render(".cr-load-draft .cr-error-message");
                }
            }
        });
    };
    view! {
        <div class="cr-load-draft" class:cr-form-group--error=move || matches!(message.get(), Some(Err(_)))>
            <label class="cr-label" for="cr-load-draft">"Load a saved draft"</label>
            <div class="cr-hint" id="cr-load-draft-hint">
                "A JSON draft you downloaded from this widget earlier. It is read on this device only."
            </div>
            {move || {
                message
                    .get()
                    .and_then(|m| m.err())
                    .map(|e| {
                        view! {
                            <p class="cr-error-message" id="cr-load-draft-error" role="alert" tabindex="-1">
                                <span class="cr-visually-hidden">"Error: "</span>
                                "The draft could not be loaded. "
                                {e}
                            </p>
                        }
                    })
            }}
            <input
                class="cr-file"
                type="file"
                id="cr-load-draft"
                accept=".json,application/json"
                aria-describedby=move || {
                    if matches!(message.get(), Some(Err(_))) {
                        "cr-load-draft-hint cr-load-draft-error"
                    } else {
                        "cr-load-draft-hint"
                    }
                }
                on:change=on_change
            />
        </div>
    }
}

pub fn start_step() -> impl IntoView {
    let ctx = ctx();
    let intro = move || {
        ctx.with_protocol(|p| {
            view! {
                <p class="cr-lead">
                    "Use this when you disagree with another agency's decision about a child or an adult at risk. It follows "
                    {p.name.clone()}
                    "'s protocol, “" {p.source.title.clone()} "”: it tells you the next step, who to contact and what to record, and it prepares the "
                    {p.form.title.clone()} "."
                </p>
            }
        })
    };
    let picker = (!ctx.fixed).then(|| {
        let choices = ctx.with_protocols(|ps| {
            ps.iter()
                .enumerate()
                .map(|(i, p)| Choice::new(i.to_string(), p.name.clone(), Some(p.area.clone())))
                .collect::<Vec<_>>()
        });
        widgets::radios(
            "cr-protocol".to_string(),
            "Which partnership's protocol do you follow?".to_string(),
            Some("This is usually the area where the child or adult lives.".to_string()),
            false,
            choices,
            move || ctx.protocol.get().map(|i| i.to_string()),
            move |v: String| {
                if let Ok(i) = v.parse::<usize>() {
                    ctx.pick_protocol(i);
                }
            },
        )
    });
    // Rebuilt when the partnership changes: the subject question depends on it.
    let subject = move || {
        let covers_both = ctx.with_protocol(|p| p.covers_both()).unwrap_or(false);
        covers_both.then(|| {
            untrack(|| {
                widgets::radios(
                    "cr-subject".to_string(),
                    "Who is the concern about?".to_string(),
                    None,
                    false,
                    vec![
                        Choice::new("children", "A child or young person", None),
                        Choice::new("adults", "An adult at risk", None),
                    ],
                    move || ctx.answers.with(|a| a.subject.map(|s| s.id().to_string())),
                    move |v: String| {
                        let subject = match v.as_str() {
                            "adults" => Subject::Adults,
                            _ => Subject::Children,
                        };
                        ctx.answers.update(|a| a.subject = Some(subject));
                    },
                )
            })
        })
    };
    view! {
        <div class="cr-step cr-step--start">
            {widgets::heading("Resolve a professional disagreement".to_string())}
            {intro}
            <p class="cr-privacy">
                <strong>"Nothing you enter leaves this device."</strong>
                " Your answers stay in this browser tab until you close it or clear them."
            </p>
            {picker}
            {subject}
            {widgets::continue_button("Start")}
            <section class="cr-section" aria-labelledby="cr-saved-draft-title">
                <h2 class="cr-h2" id="cr-saved-draft-title">"Continue from a saved draft"</h2>
                {load_draft()}
            </section>
        </div>
    }
}
