//! The widget's view: thin Leptos components over the domain core.
//!
//! State is one [`Answers`] value in a signal, plus the current step, shared
//! through context ([`Ctx`]). Components change answers only through the
//! small operations on `Answers` (the question steps' controls through
//! `markup::edit`); the advice is derived with [`advise`] in a `Memo`,
//! never stored. Browser I/O lives in [`browser`] only.

//!
//! Files: [`steps`] (the step model and what each step requires),
//! `state` (the shared [`Ctx`]), `persist` (session storage), `shell` (the
//! frame and start-up), then one file per step or group of steps.

pub mod browser;
mod check;
mod component;
mod controls;
mod follow_up;
mod form_step;
mod markup;
mod next_step;
mod persist;
mod questions;
mod shell;
mod stages;
mod start;
mod state;
pub mod steps;
#[cfg(test)]
mod sweep;
mod widgets;

pub use component::{
    error_panel, folder, load_protocol_files_with, show_problems, CaseResolution,
    CaseResolutionProps, Loaded, Loader, OnLoad, Problem,
};
pub use state::{Config, Confirm, Ctx};
pub use steps::{steps_for, validate, FieldError, Step};
