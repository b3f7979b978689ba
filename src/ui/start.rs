//! Step 1, Start: the partnership (unless the page fixed it), who the concern
//! is about (where the protocol covers both), the privacy promise, and
//! loading a saved draft.

use leptos::ev;
use leptos::prelude::*;

use super::controls::Control;
use super::markup::{Choice, Markup};
use super::widgets::{self, ctx};
use super::{browser, Ctx, Step};
use case_resolution_core::guidance::Answers;
use case_resolution_core::html::Html;
use case_resolution_core::protocol::{data::Listed, Protocol};

/// Answers still waiting for their protocol's data file to load.
pub type Pending = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>>>>;

/// Restores answers (and, with the picker, the partnership) from a draft
/// made under the protocol `protocol_id`: at once when that protocol is
/// loaded, else once it has (`Ok(Some(pending))`, to await).
pub fn restore(ctx: &Ctx, protocol_id: &str, answers: Answers) -> Result<Option<Pending>, String> {
    let index = ctx.with_choices(|cs| cs.iter().position(|c| c.id == protocol_id));
    let Some(index) = index else {
        let current = ctx
            .with_protocol_untracked(|p| p.name.clone())
            .unwrap_or_else(|| "this widget".to_string());
        return Err(format!(
            "This draft was made with the protocol “{protocol_id}”, which {current} does not use."
        ));
    };
    let ctx = *ctx;
    ctx.set_latest_pick(Some(index));
    let apply = move |answers| {
        ctx.protocol.set(Some(index));
        ctx.answers.set(answers);
    };
    if ctx.is_loaded(index) {
        apply(answers);
        return Ok(None);
    }
    Ok(Some(Box::pin(async move {
        if let Err(e) = ctx.load(index).await {
            ctx.pick_failed(index);
            return Err(e);
        }
        if ctx.latest_pick() == Some(index) {
            apply(answers);
        }
        Ok(())
    })))
}

/// "Load draft": a section with a file input that restores a downloaded
/// JSON draft exactly. Escaped HTML, redrawn when its error changes, with
/// one delegated `change` handler.
pub fn load_draft(title_id: &'static str, title: &'static str) -> AnyView {
    let ctx = ctx();
    // Why the last file could not be loaded; empty when none failed.
    let error = RwSignal::new(String::new());
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
            let result = match result {
                Ok(Some(pending)) => pending.await,
                Ok(None) => Ok(()),
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => {
                    error.set(String::new());
                    ctx.set_returning(false);
                    ctx.notice.set("Draft loaded.".to_string());
                    ctx.go_to(Step::Check);
                }
                Err(e) => {
                    error.set(e);
                    ctx.focus_after_render(".cr-load-draft .cr-error-message");
                }
            }
        });
    };
    let html = move || error.with(|e| load_draft_html(title_id, title, e));
    widgets::changeable(Box::new(on_change), vec![widgets::block(html)])
}

pub(super) fn load_draft_html(title_id: &str, title: &str, error: &str) -> Html {
    let failed = !error.is_empty();
    let mut m = Markup::new(&[]);
    m.section(title_id, title)
        .raw(if failed {
            "<div class=\"cr-load-draft cr-form-group--error\">"
        } else {
            "<div class=\"cr-load-draft\">"
        })
        .raw("<label class=\"cr-label\" for=\"cr-load-draft\">Load a saved draft</label><div class=\"cr-hint\" id=\"cr-load-draft-hint\">A JSON draft you downloaded from this widget earlier. It is read on this device only.</div>");
    if failed {
        m.raw("<p class=\"cr-error-message\" id=\"cr-load-draft-error\" role=\"alert\" tabindex=\"-1\"><span class=\"cr-visually-hidden\">Error: </span>The draft could not be loaded. ")
            .text(error)
            .raw("</p>");
    }
    m.raw("<input class=\"cr-file\" type=\"file\" id=\"cr-load-draft\" accept=\".json,application/json\"")
        .raw(if failed {
            " aria-describedby=\"cr-load-draft-hint cr-load-draft-error\">"
        } else {
            " aria-describedby=\"cr-load-draft-hint\">"
        })
        .raw("</div>")
        .end_section();
    m.finish()
}

/// The heading, what the widget does under the chosen protocol, and the
/// privacy promise.
pub(super) fn intro_html(p: Option<&Protocol>) -> Html {
    let mut m = Markup::new(&[]);
    m.heading("Resolve a professional disagreement");
    if let Some(p) = p {
        m.para(
            "cr-lead",
            &format!(
                "Use this when you disagree with another agency's decision about a child or an adult at risk. It follows the protocol of {}: “{}”. It tells you the next step, who to contact and what to record. It also prepares the {}.",
                p.name,
                p.source.title,
                // A file may give the title only for some answers.
                if p.form.title.is_empty() { "case resolution form" } else { &p.form.title }
            ),
        );
    }
    m.raw("<p class=\"cr-privacy\"><strong>Nothing you enter leaves this device.</strong> Your answers stay in this browser tab until you close it or clear them.</p>");
    m.finish()
}

/// Up to this many partnerships, the picker is radios; beyond, a drop-down
/// list (GOV.UK: radios for a few choices, a list to search in for many).
const MOST_RADIOS: usize = 12;

/// The partnership picker: one radio per partnership offered, or a
/// drop-down list when there are many, in the index's order (by area).
pub(super) fn picker_html(m: &mut Markup, choices: &[Listed], selected: Option<usize>) {
    const LEGEND: &str = "Which partnership's protocol do you follow?";
    const HINT: &str = "This is usually the area where the child or adult lives.";
    let ids: Vec<String> = (0..choices.len()).map(|i| i.to_string()).collect();
    let selected = selected.map(|i| i.to_string());
    if choices.len() > MOST_RADIOS {
        let options: Vec<(String, String)> = choices
            .iter()
            .zip(ids)
            .map(|(c, id)| (id, format!("{} ({})", c.name, c.area)))
            .collect();
        m.select(
            Control::Protocol.name(),
            LEGEND,
            Some(HINT),
            &options,
            selected.as_deref(),
        );
        return;
    }
    let list: Vec<Choice> = choices
        .iter()
        .zip(&ids)
        .map(|(c, id)| Choice::new(id, &c.name, Some(&c.area)))
        .collect();
    m.radios(
        Control::Protocol.name(),
        LEGEND,
        Some(HINT),
        false,
        &list,
        selected.as_deref(),
    );
}

/// Who the concern is about, where the protocol covers both.
pub(super) fn subject_html(m: &mut Markup, p: &Protocol, a: &Answers) {
    if p.covers_both() {
        m.radios(
            Control::Subject.name(),
            "Who is the concern about?",
            None,
            false,
            &[
                Choice::new("children", "A child or young person", None),
                Choice::new("adults", "An adult at risk", None),
            ],
            a.subject.map(|s| s.id()),
        );
    }
}

pub fn start_step() -> impl IntoView {
    let ctx = ctx();
    let errors = ctx.errors.get_untracked();
    // The intro and the subject question follow the partnership; the picker
    // is drawn once, so choosing never redraws the radio in use.
    let intro = move || {
        ctx.with_protocol(|p| intro_html(Some(p)))
            .unwrap_or_else(|| intro_html(None))
    };
    let mut blocks = vec![widgets::block(intro)];
    if !ctx.fixed {
        let mut m = Markup::new(&errors);
        ctx.with_choices(|cs| picker_html(&mut m, cs, ctx.protocol.get_untracked()));
        blocks.push(widgets::fixed_block(m.finish()));
    }
    let subject_errors = errors.clone();
    blocks.push(widgets::block(move || {
        let mut m = Markup::new(&subject_errors);
        ctx.with_protocol(|p| ctx.answers.with_untracked(|a| subject_html(&mut m, p, a)));
        m.continue_button("Start");
        m.finish()
    }));
    blocks.push(load_draft(
        "cr-saved-draft-title",
        "Continue from a saved draft",
    ));
    widgets::step("cr-step cr-step--start", blocks)
}

#[cfg(test)]
mod tests {
    use super::load_draft_html;

    #[test]
    fn the_draft_loader_ties_its_error_to_the_file_input_only_when_there_is_one() {
        let fine = load_draft_html("t", "Continue", "").into_string();
        assert!(fine.contains(r#"aria-describedby="cr-load-draft-hint">"#));
        assert!(!fine.contains("cr-load-draft-error"));
        assert!(!fine.contains("cr-form-group--error"));

        let failed = load_draft_html("t", "Continue", "not JSON <b>").into_string();
        assert!(failed.contains(r#"<div class="cr-load-draft cr-form-group--error">"#));
        assert!(failed.contains(
            r#"id="cr-load-draft-error" role="alert" tabindex="-1"><span class="cr-visually-hidden">Error: </span>The draft could not be loaded. not JSON &lt;b&gt;</p>"#
        ));
        assert!(failed.contains(r#"aria-describedby="cr-load-draft-hint cr-load-draft-error">"#));
        // The section is labelled by its own heading.
        assert!(failed.starts_with(r#"<section class="cr-section" aria-labelledby="t"><h2 class="cr-h2" id="t">Continue</h2>"#));
    }
}
