//! Answers, advice and the engine between them: pure functions, no browser.
//!
//! The view calls one function, [`advise`], whenever the answers change.

#![warn(missing_docs)]

mod advice;
mod answers;
mod date;
mod engine;
pub mod fields;
mod map;
mod sorted;

pub use advice::*;
pub use answers::{Answers, Attempt, Basis, Details, Outcome};
pub use date::{Date, BANK_HOLIDAYS, BANK_HOLIDAYS_UNTIL};
pub(crate) use engine::beyond_holidays;
pub use engine::{
    advise, ends_elsewhere, harm_conflict, immediate_harm_reported, outcomes_offered, route_for,
    special_cases_offered,
};
pub use map::{EscalationMap, Mark, Stop, END_LABEL};
pub use sorted::{TextMap, TextSet};
