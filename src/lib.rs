//! Case resolution widget: helps a practitioner who disagrees with another
//! agency's safeguarding decision follow their partnership's escalation
//! protocol, and produces the case resolution form, all inside the browser.
//!
//! The domain (protocol, guidance, form, calendar, html, render, fallback) is the
//! `case-resolution-core` crate, which has no web dependency; this crate adds
//! the two layers that touch the browser:
//! - `ui`: Leptos components (wasm only in practice, compiled everywhere);
//! - `embed`: the wasm-bindgen entry points, the only code that reads the host page.
//!
//! The core's modules are re-exported here, so `crate::protocol` and
//! `case_resolution::form` read as before.

pub use case_resolution_core::{calendar, fallback, form, guidance, html, protocol, render};

pub mod embed;
pub mod ui;
