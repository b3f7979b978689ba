//! The tally of record files: what a QAG or PDG member
//! sees on the demo page after choosing several records
//! ([`super::record`]) from disk: counts per partnership by disagreement,
//! stage reached, outcome and month. Read with the `csv` crate, in the
//! browser (the on-demand module); nothing is uploaded.
//!
//! A file is counted only if it is exactly one record of a schema this
//! page reads: its header is [`COLUMNS`] and its `schema` [`SCHEMA`], or
//! the first format's ([`COLUMNS_1`], [`SCHEMA_1`], read with the protocol
//! version "unknown" and no ending), and it has one data row. Anything else (another schema, a damaged or cut file, a spreadsheet
//! of something else) is listed with the reason and skipped, never half
//! counted. Cells a spreadsheet would run were neutralised when written;
//! they are read back to their text ([`restore`]).

use std::collections::BTreeMap;

use super::record::{csv_text, restore, COLUMNS, COLUMNS_1, SCHEMA, SCHEMA_1};

/// What is counted, each by partnership: `(column, label)`.
pub const DIMENSIONS: [(&str, &str); 5] = [
    ("disagreement", "Disagreement"),
    ("stage_reached", "Stage reached"),
    ("outcome", "Outcome"),
    ("form_month", "Month"),
    ("protocol_version", "Protocol version"),
];

/// The protocol version of a first-format record, which did not carry one.
pub const VERSION_UNKNOWN: &str = "unknown";

/// The tally of some files.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// The files counted, by name.
    pub counted: Vec<String>,
    /// The files skipped: name and why.
    pub skipped: Vec<(String, String)>,
    /// `(partnership, column, value) -> count`, in that order.
    pub counts: BTreeMap<(String, String, String), usize>,
}

/// Reads one record file; its values by column, or why it cannot be counted.
fn read(text: &str) -> Result<Vec<String>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| format!("it is not a readable CSV file ({e})"))?;
        rows.push(
            row.iter()
                .map(|c| restore(c).to_string())
                .collect::<Vec<_>>(),
        );
    }
    let Some(header) = rows.first() else {
        return Err("it is empty".into());
    };
    let (columns, schema): (&[&str], &str) = if header.iter().map(String::as_str).eq(COLUMNS) {
        (&COLUMNS, SCHEMA)
    } else if header.iter().map(String::as_str).eq(COLUMNS_1) {
        (&COLUMNS_1, SCHEMA_1)
    } else {
        let schema_at = header.iter().position(|h| h == "schema");
        let schema = schema_at.and_then(|i| rows.get(1)?.get(i).cloned());
        return Err(match schema {
            Some(s) if s != SCHEMA && s != SCHEMA_1 => {
                format!("it is a record of schema {s}, which this page cannot count")
            }
            _ => "its columns are not those of a case resolution record".into(),
        });
    };
    match rows.len() {
        1 => return Err("it has no record in it (the header only)".into()),
        2 => {}
        n => return Err(format!("it has {} rows instead of one record", n - 1)),
    }
    let values = rows.swap_remove(1);
    if values.len() != columns.len() {
        return Err("its record is damaged or cut short".into());
    }
    if values[0] != schema {
        return Err(format!(
            "it is a record of schema {}, which this page cannot count",
            values[0]
        ));
    }
    // A first-format record, in this format's columns.
    let values: Vec<String> = COLUMNS
        .iter()
        .map(|c| match columns.iter().position(|x| x == c) {
            Some(i) => values[i].clone(),
            None if *c == "protocol_version" => VERSION_UNKNOWN.to_string(),
            None => String::new(),
        })
        .collect();
    let partnership = &values[1];
    if partnership.is_empty()
        || !partnership
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err("its partnership is missing or not a protocol id".into());
    }
    Ok(values)
}

impl Tally {
    /// The tally of `files` (name, text).
    pub fn of<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Tally {
        let mut tally = Tally::default();
        for (name, text) in files {
            match read(text) {
                Ok(values) => {
                    let at = |column: &str| {
                        let i = COLUMNS.iter().position(|c| *c == column).unwrap_or(0);
                        values[i].clone()
                    };
                    let partnership = at("partnership");
                    for (column, _) in DIMENSIONS {
                        let value = at(column);
                        *tally
                            .counts
                            .entry((partnership.clone(), column.to_string(), value))
                            .or_default() += 1;
                    }
                    tally.counted.push(name.to_string());
                }
                Err(why) => tally.skipped.push((name.to_string(), why)),
            }
        }
        tally
    }

    /// The counts as CSV: `partnership,counted_by,value,records`.
    pub fn to_csv(&self) -> String {
        let header = ["partnership", "counted_by", "value", "records"].map(String::from);
        let rows = self.counts.iter().map(|((partnership, column, value), n)| {
            vec![
                partnership.clone(),
                column.clone(),
                value.clone(),
                n.to_string(),
            ]
        });
        csv_text(std::iter::once(header.to_vec()).chain(rows))
    }

    /// The tally for the demo page, as JSON: `{ counted: [name], skipped:
    /// [{ name, why }], rows: [{ partnership, column, label, value, count }],
    /// csv }`.
    pub fn to_json(&self) -> String {
        let rows: Vec<serde_json::Value> = self
            .counts
            .iter()
            .map(|((partnership, column, value), n)| {
                let label = DIMENSIONS
                    .iter()
                    .find(|(c, _)| c == column)
                    .map_or(column.as_str(), |(_, l)| l);
                serde_json::json!({
                    "partnership": partnership,
                    "column": column,
                    "label": label,
                    "value": value,
                    "count": n,
                })
            })
            .collect();
        let skipped: Vec<serde_json::Value> = self
            .skipped
            .iter()
            .map(|(name, why)| serde_json::json!({ "name": name, "why": why }))
            .collect();
        serde_json::json!({
            "counted": self.counted,
            "skipped": skipped,
            "rows": rows,
            "csv": self.to_csv(),
        })
        .to_string()
    }
}
