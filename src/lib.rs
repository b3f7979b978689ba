//! Case resolution widget: helps a practitioner who disagrees with another
//! agency's safeguarding decision follow their partnership's escalation
//! protocol, and produces the case resolution form, all inside the browser.
//!
//! Layers, each depending only on those above it in this list:
//! - [`protocol`]: the protocol model, loading and validation (pure Rust);
//! - [`guidance`]: answers and the engine that turns them into advice (pure);
//! - [`form`]: the case resolution form as a document, and its renderers (pure);
//! - [`calendar`]: the follow-up event as an iCalendar (.ics) file (pure);
//! - [`render`]: escaped HTML for the read-only guidance (advice, emergency panel);
//! - `ui`: Leptos components (wasm only in practice, compiled everywhere);
//! - [`fallback`]: the static HTML the embed snippet carries inside the widget's
//!   element (emergency guidance, the protocol's link), and its version stamp;
//! - `embed`: the wasm-bindgen entry points, the only code that reads the host page.

pub mod calendar;
#[cfg(feature = "embed")]
pub mod embed;
pub mod fallback;
pub mod form;
pub mod guidance;
pub mod protocol;
pub mod render;
pub mod ui;
