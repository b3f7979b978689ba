//! The answers kept in this browser tab's session storage, in the compact
//! encoding ([`case_resolution_core::form::draft::to_compact`]): restored when the widget
//! mounts, saved on every change, removed when they are empty. Nothing else
//! is stored, and nothing leaves the device.

use leptos::prelude::*;

use super::{browser, start, Ctx};
use case_resolution_core::guidance::Answers;

/// Restores a saved draft, if this tab holds one for this widget; a draft
/// this version cannot read is removed, with a console warning.
pub(super) fn restore(ctx: Ctx) {
    if let Some(saved) = browser::session_get(&ctx.storage_key()) {
        let failed = move |message: String| {
            browser::warn(&format!(
                "case-resolution: the saved answers could not be restored: {message}"
            ));
            browser::session_remove(&ctx.storage_key());
        };
        match case_resolution_core::form::draft::from_compact(&saved) {
            None => failed("they are not in this version's format".to_string()),
            // With the picker, the partnership's protocol may have to load
            // first; a fixed protocol is restored before the first render.
            Some((id, answers)) => match start::restore(&ctx, &id, answers) {
                Ok(None) => ctx.step.set(ctx.resume_step()),
                Ok(Some(pending)) => leptos::task::spawn_local(async move {
                    match pending.await {
                        Ok(()) => ctx.step.set(ctx.resume_step()),
                        Err(message) => failed(message),
                    }
                }),
                Err(message) => failed(message),
            },
        }
    }
}

/// Saves the answers on every change. An empty set of answers leaves
/// nothing behind.
pub(super) fn save_on_change(ctx: Ctx) {
    Effect::new(move |_| {
        let key = ctx.storage_key();
        let saved = ctx.with_protocol(|p| {
            ctx.answers.with(|a| {
                (*a != Answers::default())
                    .then(|| case_resolution_core::form::draft::to_compact(&p.id, a))
            })
        });
        match saved {
            Some(Some(saved)) => browser::session_set(&key, &saved),
            Some(None) => browser::session_remove(&key),
            None => {}
        }
    });
}
