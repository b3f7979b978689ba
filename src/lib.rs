//! Case resolution widget: helps a practitioner who disagrees with another
//! agency's safeguarding decision follow their partnership's escalation
//! protocol, and produces the case resolution form, all inside the browser.
//!
//! The domain (protocol, guidance, form, calendar, html, render, fallback) is the
//! `case-resolution-core` crate, which has no web dependency; this crate adds
//! the two layers that touch the browser:
//! - `ui`: Leptos components (wasm only in practice, compiled everywhere);
//! - `embed`: the wasm-bindgen entry points, the only code that reads the host
//!   page; behind the default-on `embed` feature, which a Leptos host app
//!   turns off to get only the [`CaseResolution`] component.
//!
//! The core is not re-exported: the ui names `case_resolution_core::…`, so a
//! reader sees which names are the domain's and which the browser layers'.

#[cfg(feature = "embed")]
pub mod embed;
pub mod ui;

pub use ui::{CaseResolution, CaseResolutionProps};
