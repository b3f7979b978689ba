//! The case resolution widget's domain core, plain Rust with no web
//! dependency (its `Cargo.toml` has none, so the compiler keeps it so).
//!
//! Layers, each depending only on those above it in this list (checked by
//! `core/tests/layers.rs`, which reads every `crate::` path in each module,
//! inline calls included, and fails on one that names a module below it):
//! - [`html`]: the one way HTML is written (escaped by construction), and
//!   [`html::clean_text`], the one way text is cleaned for any output;
//! - [`links`]: the one set of rules for what becomes a link (web, tel,
//!   mailto), for the advice and the fallback alike;
//! - [`protocol`]: the protocol model, loading and validation;
//! - [`guidance`]: answers and the engine that turns them into advice;
//! - [`render`]: escaped HTML for the read-only guidance (advice, emergency
//!   panel, the escalation map);
//! - [`calendar`]: the follow-up event as an iCalendar (.ics) file;
//! - [`form`]: the case resolution form as a document, and its renderers;
//! - [`fallback`]: the static HTML the embed snippet carries inside the widget's
//!   element (emergency guidance, the protocol's link), and its version stamp.
//!
//! The widget crate (`ui`, `embed`) and the on-demand checker and Word
//! modules build on this crate.

pub mod calendar;
pub mod fallback;
pub mod form;
pub mod guidance;
pub mod html;
pub mod links;
pub mod protocol;
pub mod render;
