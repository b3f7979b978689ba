//! "For the partnership's records": the countable facts of one
//! escalation, with nothing that identifies the case, for a partnership to
//! tally (Devon's QAG overview, its PDG log, Sheffield's learning).
//!
//! Only ids from the protocol file, yes/no, counts, months (never a day)
//! and a number of days: no name, no initials, no free text, no date of
//! birth, no agency. The form reference, which makes the record traceable
//! to the form, is only included when the practitioner ticks it.
//!
//! The CSV is RFC 4180 (CRLF, quoted where needed), one header row and one
//! data row; a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return gets a leading `'` so a spreadsheet shows it as text instead of
//! running it as a formula ([`neutralise`], undone by [`restore`]).

use super::FormMeta;
use crate::guidance::{advise, route_for, Advice, Answers, Date, Outcome, Status};
use crate::protocol::Protocol;

/// The record's format. A tally reads this one and [`SCHEMA_1`].
pub const SCHEMA: &str = "2";

/// The columns, in order.
pub const COLUMNS: [&str; 18] = [
    "schema",
    "partnership",
    "protocol_version",
    "route",
    "disagreement",
    "urgency",
    "immediate_harm",
    "special_cases",
    "stages_in_route",
    "stage_reached",
    "stage_reached_id",
    "attempts",
    "outcome",
    "ending",
    "first_attempt_month",
    "form_month",
    "days_first_attempt_to_form",
    "form_reference",
];

/// The first format: no protocol version, no ending, and three outcomes
/// (resolved, not resolved, awaiting). Still read by a tally.
pub const SCHEMA_1: &str = "1";

/// The columns of [`SCHEMA_1`], in order.
pub const COLUMNS_1: [&str; 15] = [
    "schema",
    "partnership",
    "route",
    "disagreement",
    "urgency",
    "immediate_harm",
    "special_cases",
    "stages_in_route",
    "stage_reached",
    "attempts",
    "outcome",
    "first_attempt_month",
    "form_month",
    "days_first_attempt_to_form",
    "form_reference",
];

/// One record: a value per column of [`COLUMNS`] (empty when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The values, in the order of [`COLUMNS`].
    pub values: Vec<String>,
}

fn month(d: Date) -> String {
    format!("{:04}-{:02}", d.year, d.month)
}

/// Where the escalation stands, for the record's `outcome` column:
/// `resolved`, `resolved_outstanding`, `plan_agreed`, `not_taken_forward`,
/// `not_resolved`, `awaiting`, or empty (nothing tried, or no route).
pub fn outcome_code(advice: &Advice) -> &'static str {
    let outcome = advice.outcome.as_ref().map(|o| o.outcome);
    match advice.status {
        Status::Resolved if outcome == Some(Outcome::ResolvedOutstanding) => "resolved_outstanding",
        Status::Resolved => "resolved",
        Status::PlanAgreed => "plan_agreed",
        Status::NotTakenForward => "not_taken_forward",
        Status::Awaiting => "awaiting",
        Status::InProgress | Status::Exhausted => "not_resolved",
        Status::NeedsDisagreement | Status::NotStarted | Status::Elsewhere => "",
    }
}

impl Record {
    /// The record of these answers, made on `meta.date`. `with_reference`:
    /// the practitioner ticked "include the form reference". `version`:
    /// the protocol's version, as its compiled file is stamped
    /// (`crate::fallback::version`); empty where not worked out (the
    /// widget's preview, which does not show it).
    pub fn of(
        p: &Protocol,
        a: &Answers,
        meta: &FormMeta,
        with_reference: bool,
        version: &str,
    ) -> Record {
        Record::with_advice(
            p,
            a,
            &advise(p, a, meta.date),
            meta,
            with_reference,
            version,
        )
    }

    /// [`Record::of`], with the advice for these answers already worked out.
    pub fn with_advice(
        p: &Protocol,
        a: &Answers,
        advice: &Advice,
        meta: &FormMeta,
        with_reference: bool,
        version: &str,
    ) -> Record {
        let chosen = route_for(p, a);
        let route = chosen.as_deref();
        let position = |stage: &str| {
            route
                .and_then(|r| r.stages.iter().position(|s| s.id == stage))
                .map(|i| i + 1)
        };
        let reached = a
            .attempts
            .iter()
            .filter_map(|t| position(&t.stage))
            .max()
            .unwrap_or(0);
        // Its id too: a position alone would mean another stage in a later
        // version of the protocol, or where a stage's `when` left it out.
        let reached_id = route
            .and_then(|r| r.stages.get(reached.wrapping_sub(1)))
            .map(|s| s.id.clone())
            .unwrap_or_default();
        let first = a
            .attempts
            .iter()
            .filter_map(|t| Date::parse(t.date.trim()))
            .min();
        let days = first
            .map(|f| (meta.date.to_days() - f.to_days()).to_string())
            .unwrap_or_default();
        let values = vec![
            SCHEMA.to_string(),
            p.id.clone(),
            version.to_string(),
            route.map(|r| r.id.clone()).unwrap_or_default(),
            a.disagreement.clone().unwrap_or_default(),
            a.urgency.clone().unwrap_or_default(),
            match a.immediate_harm {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
            crate::html::join(
                &a.special_cases
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
                ";",
            ),
            route
                .map(|r| r.stages.len().to_string())
                .unwrap_or_default(),
            reached.to_string(),
            reached_id,
            a.attempts.len().to_string(),
            outcome_code(advice).to_string(),
            if advice.status == Status::Elsewhere {
                "elsewhere".to_string()
            } else {
                String::new()
            },
            first.map(month).unwrap_or_default(),
            month(meta.date),
            days,
            if with_reference {
                meta.reference.clone()
            } else {
                String::new()
            },
        ];
        Record { values }
    }

    /// `(column, value)` pairs, for the form and the JSON draft.
    pub fn pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        COLUMNS
            .iter()
            .copied()
            .zip(self.values.iter().map(String::as_str))
    }

    /// The CSV file: the header row and this record's row.
    pub fn to_csv(&self) -> String {
        csv_text([
            COLUMNS.iter().map(|c| c.to_string()).collect(),
            self.values.clone(),
        ])
    }
}

/// Rows as CSV (RFC 4180: CRLF, quoted only where needed, by the `csv`
/// crate), every cell [`neutralise`]d. The record and the tally's counts.
pub fn csv_text(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail; every row has the same length.
        let _ = out.write_record(row.iter().map(|c| neutralise(c)));
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A cell a spreadsheet would run as a formula, made text with a leading `'`.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// The cell as written, from a neutralised one.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if matches!(
                rest.chars().next(),
                Some('=' | '+' | '-' | '@' | '\t' | '\r')
            ) =>
        {
            rest
        }
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_read_back() {
        for cell in ["=1+1", "+44", "-3", "@SUM(A1)", "\tx", "\rx"] {
            let n = neutralise(cell);
            assert!(n.starts_with('\''), "{cell:?}");
            assert_eq!(restore(&n), cell);
        }
        assert_eq!(neutralise("leeds"), "leeds");
        assert_eq!(restore("'quoted"), "'quoted");
        let quoted = |cell: &str| csv_text([vec![cell.to_string(), "x".to_string()]]);
        assert_eq!(quoted("a,b"), "\"a,b\",x\r\n");
        assert_eq!(quoted("say \"x\""), "\"say \"\"x\"\"\",x\r\n");
    }
}
