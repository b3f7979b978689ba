//! The partnership's report: what a quality group asks of the records
//! ([`super::record`]) its practitioners send, in the protocol's words.
//!
//! Reading ([`read`]): one or many records per file, as the widget writes
//! them or as a spreadsheet saves them again (a byte-order mark, `;` between
//! cells, months rewritten as `Nov-26`), versions 1 and 2; anything else is
//! refused by name, with the reason, never half read. The same form
//! reference twice is counted once (and said); records without a reference
//! are never merged. Cells a spreadsheet would run were neutralised when
//! written and are read back to their text.
//!
//! Reporting ([`Report::of`]): for one partnership and a period (a quarter,
//! a year, or all), counts by disagreement type, outcome and urgency, where
//! cases stop on each route (a funnel), a trend by the month of the first
//! attempt, disagreement type by stage reached, and the days from the first
//! attempt to the form (median and quartiles). Every label comes from the
//! protocol ([`Labels`]); an id the current protocol no longer has is said
//! as such, never shown raw.
//!
//! Disclosure control ([`Count`]): a count of 1 to 4 is never shown
//! ("fewer than 5"), every other count is rounded to the nearest 5, totals
//! included, and a figure from a group under five (a median, say) is not
//! given. Rounding every published count, not only the small ones, is what
//! stops a suppressed value being worked out from a total, the funnel or
//! another table: the difference of two rounded counts is never exact.

use std::collections::BTreeMap;

use super::record::{restore, COLUMNS, COLUMNS_1, SCHEMA, SCHEMA_1};
use crate::protocol::Protocol;

/// One record, as a value per column of [`COLUMNS`] (a version-1 record's
/// protocol version and ending empty, `version_known` false).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    values: Vec<String>,
    /// False for a version-1 record, which carried no protocol version.
    pub version_known: bool,
}

impl Row {
    /// The value of `column` (empty for an unknown column).
    pub fn get(&self, column: &str) -> &str {
        COLUMNS
            .iter()
            .position(|c| *c == column)
            .and_then(|i| self.values.get(i))
            .map_or("", String::as_str)
    }
}

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileNote {
    /// Read: how many records it held.
    Read { name: String, records: usize },
    /// Refused, with the reason in plain words.
    Refused { name: String, why: String },
}

/// The records read from some files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    /// Every record, each form reference once.
    pub rows: Vec<Row>,
    /// What became of each file, in the order given.
    pub files: Vec<FileNote>,
    /// Form references found more than once in one partnership's records
    /// (`"<partnership> <reference>"`) and how many times; each counted once.
    pub duplicates: Vec<(String, usize)>,
}

/// Reads record files: `(name, text)` each.
pub fn read<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Records {
    let mut out = Records::default();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (name, text) in files {
        match read_file(text) {
            Ok(rows) => {
                out.files.push(FileNote::Read {
                    name: name.to_string(),
                    records: rows.len(),
                });
                for row in rows {
                    let reference = row.get("form_reference").trim();
                    if !reference.is_empty() {
                        // The same reference in two partnerships' records is
                        // two forms (a reference is a date and 20 random bits).
                        let key = format!("{} {reference}", row.get("partnership"));
                        let n = seen.entry(key).or_default();
                        *n += 1;
                        if *n > 1 {
                            continue;
                        }
                    }
                    out.rows.push(row);
                }
            }
            Err(why) => out.files.push(FileNote::Refused {
                name: name.to_string(),
                why,
            }),
        }
    }
    out.duplicates = seen.into_iter().filter(|(_, n)| *n > 1).collect();
    out
}

/// The delimiter of a file: `;` where its first line has more of them
/// than commas (a spreadsheet set to a European locale saves that way).
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// The records of one file, or why it cannot be read.
fn read_file(text: &str) -> Result<Vec<Row>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| format!("it is not a readable CSV file ({e})"))?;
        let cells: Vec<String> = row.iter().map(|c| restore(c.trim()).to_string()).collect();
        // A spreadsheet's empty trailing rows.
        if cells.iter().all(String::is_empty) {
            continue;
        }
        lines.push(cells);
    }
    let Some(header) = lines.first() else {
        return Err("it is empty".into());
    };
    let (columns, schema): (&[&str], &str) = if header.iter().map(String::as_str).eq(COLUMNS) {
        (&COLUMNS, SCHEMA)
    } else if header.iter().map(String::as_str).eq(COLUMNS_1) {
        (&COLUMNS_1, SCHEMA_1)
    } else {
        return Err("its columns are not those of a case resolution record".into());
    };
    if lines.len() == 1 {
        return Err("it has no record in it (the header only)".into());
    }
    let mut rows = Vec::with_capacity(lines.len() - 1);
    for (i, cells) in lines.iter().enumerate().skip(1) {
        let at = |column: &str| {
            columns
                .iter()
                .position(|c| *c == column)
                .map_or("", |i| cells[i].as_str())
        };
        if cells.len() != columns.len() {
            return Err(format!(
                "its record on line {} is damaged or cut short",
                i + 1
            ));
        }
        if at("schema") != schema {
            return Err(format!(
                "its record on line {} is of schema {}, which this page cannot read",
                i + 1,
                at("schema")
            ));
        }
        let partnership = at("partnership");
        if partnership.is_empty()
            || !partnership
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!(
                "its record on line {} has no partnership id",
                i + 1
            ));
        }
        let mut values = Vec::with_capacity(COLUMNS.len());
        for column in COLUMNS {
            let value = at(column);
            let value = if column.ends_with("_month") && !value.is_empty() {
                month(value).ok_or_else(|| {
                    format!(
                        "its {column} on line {} is {value:?}, not a month (write it as 2026-11)",
                        i + 1
                    )
                })?
            } else {
                value.to_string()
            };
            values.push(value);
        }
        rows.push(Row {
            values,
            version_known: schema == SCHEMA,
        });
    }
    Ok(rows)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A month as `YYYY-MM`, from how the widget writes it (`2026-11`) or how
/// a spreadsheet may save it again (`Nov-26`, `Nov-2026`, `November 2026`,
/// `01/11/2026`, `2026-11-01`).
pub fn month(text: &str) -> Option<String> {
    let t = text.trim();
    let two = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    let year_of = |s: &str| -> Option<u32> {
        match s.len() {
            2 if two(s) => Some(2000 + s.parse::<u32>().ok()?),
            4 if s.bytes().all(|b| b.is_ascii_digit()) => s.parse().ok(),
            _ => None,
        }
    };
    let valid = |y: u32, m: u32| {
        ((1..=12).contains(&m) && (1900..=2999).contains(&y)).then(|| format!("{y:04}-{m:02}"))
    };
    let parts: Vec<&str> = t.split(['-', '/', ' ']).filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [y, m] if y.len() == 4 => valid(year_of(y)?, m.parse().ok()?),
        [y, m, d] if y.len() == 4 && two(d) => valid(year_of(y)?, m.parse().ok()?),
        [d, m, y] if d.len() <= 2 && m.len() <= 2 => valid(year_of(y)?, m.parse().ok()?),
        [name, y] => {
            let lower = name.to_ascii_lowercase();
            let m = MONTHS.iter().position(|x| lower.starts_with(x))? as u32 + 1;
            valid(year_of(y)?, m)
        }
        _ => None,
    }
}

/// The period a report covers, by the month of the first attempt (the
/// form's month where no attempt is dated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    All,
    Year(u32),
    /// A calendar quarter: 1 is January to March.
    Quarter(u32, u32),
}

impl Period {
    fn holds(self, month: &str) -> bool {
        let (y, m) = match (month.get(..4), month.get(5..7)) {
            (Some(y), Some(m)) => (y.parse::<u32>().ok(), m.parse::<u32>().ok()),
            _ => (None, None),
        };
        match (self, y, m) {
            (Period::All, _, _) => true,
            (Period::Year(want), Some(y), Some(_)) => y == want,
            (Period::Quarter(want, q), Some(y), Some(m)) => y == want && m.div_ceil(3) == q,
            _ => false,
        }
    }

    /// "All records", "2026", "January to March 2026".
    pub fn label(self) -> String {
        const QUARTERS: [&str; 4] = [
            "January to March",
            "April to June",
            "July to September",
            "October to December",
        ];
        match self {
            Period::All => "All records".to_string(),
            Period::Year(y) => y.to_string(),
            Period::Quarter(y, q) => format!("{} {y}", QUARTERS[(q.clamp(1, 4) - 1) as usize]),
        }
    }
}

/// A count as it may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// None at all.
    Zero,
    /// 1 to 4: not shown.
    FewerThanFive,
    /// 5 or more, rounded to the nearest 5 (halves up).
    About(usize),
}

impl Count {
    /// The published form of a true count.
    pub fn of(n: usize) -> Count {
        match n {
            0 => Count::Zero,
            1..=4 => Count::FewerThanFive,
            n => Count::About((n + 2) / 5 * 5),
        }
    }

    /// As shown in a table: "0", "fewer than 5", "15".
    pub fn text(self) -> String {
        match self {
            Count::Zero => "0".to_string(),
            Count::FewerThanFive => "fewer than 5".to_string(),
            Count::About(n) => n.to_string(),
        }
    }
}

/// The protocol's words for the ids a record holds.
pub struct Labels<'p> {
    protocol: &'p Protocol,
}

impl<'p> Labels<'p> {
    pub fn new(protocol: &'p Protocol) -> Self {
        Labels { protocol }
    }

    /// A disagreement type's label.
    pub fn disagreement(&self, id: &str) -> String {
        match self.protocol.disagreement(id) {
            Some(d) => d.label.clone(),
            None if id.is_empty() => "Not recorded".into(),
            None => "A type no longer in the current protocol".into(),
        }
    }

    /// An urgency's label.
    pub fn urgency(&self, id: &str) -> String {
        match self.protocol.urgency(id) {
            Some(u) => u.label.clone(),
            None if id.is_empty() => "Not recorded".into(),
            None => "An urgency no longer in the current protocol".into(),
        }
    }

    /// A route's name.
    pub fn route(&self, id: &str) -> String {
        match self.protocol.route(id) {
            Some(r) => r.name.clone(),
            None if id.is_empty() => "No route (not for this protocol, or not chosen)".into(),
            None => "A route no longer in the current protocol".into(),
        }
    }

    /// The name of the furthest stage reached, by its id on its route
    /// (a version-1 record has only its position: named where the route
    /// still has that many stages).
    pub fn stage(&self, row: &Row) -> String {
        let route = self.protocol.route(row.get("route"));
        let id = row.get("stage_reached_id");
        let position: usize = row.get("stage_reached").parse().unwrap_or(0);
        if position == 0 {
            return "No stage tried yet".into();
        }
        let stage = route.and_then(|r| {
            if id.is_empty() {
                let same_length = row.get("stages_in_route") == r.stages.len().to_string();
                r.stages.get(position - 1).filter(|_| same_length)
            } else {
                r.stages.iter().find(|s| s.id == id)
            }
        });
        match stage {
            Some(s) => s.name.clone(),
            None => "A stage no longer in the current protocol".into(),
        }
    }

    /// Where the escalation stands, in the product's words.
    pub fn outcome(code: &str) -> &'static str {
        match code {
            "resolved" => "Resolved",
            "resolved_outstanding" => "Resolved, with outstanding issues",
            "plan_agreed" => "Plan agreed, awaiting its review",
            "not_taken_forward" => "Not taken forward",
            "not_resolved" => "Not resolved",
            "awaiting" => "Awaiting a reply",
            "" => "No stage tried yet",
            _ => "An outcome this page does not know",
        }
    }

    /// The protocol version a record was made under.
    pub fn version(&self, row: &Row, current: &str) -> String {
        let v = row.get("protocol_version");
        if !row.version_known || v.is_empty() {
            "Version unknown (an older record format)".into()
        } else if v == current {
            "The current version".into()
        } else {
            format!("Another version ({v})")
        }
    }
}

/// A table of counts: one row per label, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    /// `(label, true count)`: the true counts stay inside; only
    /// [`Count::of`] of each is ever shown.
    pub rows: Vec<(String, usize)>,
}

impl Table {
    fn count(title: &str, labels: impl IntoIterator<Item = String>, order: &[String]) -> Table {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for l in labels {
            *counts.entry(l).or_default() += 1;
        }
        // The protocol's order first, then anything else alphabetically.
        let mut rows: Vec<(String, usize)> = order
            .iter()
            .filter_map(|l| counts.remove(l).map(|n| (l.clone(), n)))
            .collect();
        rows.extend(counts);
        Table {
            title: title.to_string(),
            rows,
        }
    }

    /// The rows as published.
    pub fn shown(&self) -> Vec<(String, Count)> {
        self.rows
            .iter()
            .map(|(l, n)| (l.clone(), Count::of(*n)))
            .collect()
    }
}

/// Where cases stop on one route: how many reached each stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funnel {
    pub route: String,
    /// `(stage name, how many reached it or went further)`.
    pub stages: Vec<(String, usize)>,
}

/// Days from the first attempt to the form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub lower_quartile: f64,
    pub median: f64,
    pub upper_quartile: f64,
}

/// The report for one partnership and period.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub partnership: String,
    pub period: Period,
    /// How many records it counts.
    pub records: usize,
    pub by_type: Table,
    pub by_outcome: Table,
    pub by_urgency: Table,
    pub by_version: Table,
    /// By the month of the first attempt, in order.
    pub by_month: Table,
    pub funnels: Vec<Funnel>,
    /// Disagreement type (rows) by stage reached (columns): true counts.
    pub cross: Vec<(String, Vec<usize>)>,
    /// The columns of [`Report::cross`].
    pub cross_stages: Vec<String>,
    /// `None` where fewer than five records give the number of days.
    pub days: Option<Spread>,
    /// How many records of other partnerships were left out (reported
    /// apart: [`Report::of`] for their id).
    pub other_partnerships: Vec<(String, usize)>,
}

/// "November 2026" for `2026-11`.
pub fn month_label(month: &str) -> String {
    let m: Option<u32> = month.get(5..7).and_then(|m| m.parse().ok());
    match (month.get(..4), m) {
        (Some(y), Some(m @ 1..=12)) => format!("{} {y}", crate::guidance::Date::month_name(m)),
        _ => "No month recorded".to_string(),
    }
}

/// The month a record is counted in: of its first attempt, else its form.
fn counted_month(row: &Row) -> &str {
    match row.get("first_attempt_month") {
        "" => row.get("form_month"),
        m => m,
    }
}

/// The value at fraction `q` of sorted `v` (linear between neighbours).
fn quantile(v: &[i64], q: f64) -> f64 {
    let pos = q * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] as f64 + (v[hi] - v[lo]) as f64 * (pos - lo as f64)
}

impl Report {
    /// The report of `records` for `protocol`'s partnership over `period`;
    /// `version` is the protocol's current version (its compiled file's stamp).
    pub fn of(records: &Records, protocol: &Protocol, version: &str, period: Period) -> Report {
        let labels = Labels::new(protocol);
        let mut others: BTreeMap<String, usize> = BTreeMap::new();
        let rows: Vec<&Row> = records
            .rows
            .iter()
            .filter(|r| {
                let own = r.get("partnership") == protocol.id;
                if !own {
                    *others.entry(r.get("partnership").to_string()).or_default() += 1;
                }
                own && period.holds(counted_month(r))
            })
            .collect();
        let types: Vec<String> = protocol
            .disagreements
            .iter()
            .map(|d| d.label.clone())
            .collect();
        let urgencies: Vec<String> = protocol.urgencies.iter().map(|u| u.label.clone()).collect();
        let outcomes: Vec<String> = [
            "resolved",
            "resolved_outstanding",
            "plan_agreed",
            "not_taken_forward",
            "not_resolved",
            "awaiting",
            "",
        ]
        .iter()
        .map(|c| Labels::outcome(c).to_string())
        .collect();
        let by_type = Table::count(
            "Records by type of disagreement",
            rows.iter()
                .map(|r| labels.disagreement(r.get("disagreement"))),
            &types,
        );
        let by_outcome = Table::count(
            "Records by where the escalation stands",
            rows.iter()
                .map(|r| Labels::outcome(r.get("outcome")).to_string()),
            &outcomes,
        );
        let by_urgency = Table::count(
            "Records by urgency",
            rows.iter().map(|r| labels.urgency(r.get("urgency"))),
            &urgencies,
        );
        let by_version = Table::count(
            "Records by protocol version",
            rows.iter().map(|r| labels.version(r, version)),
            &["The current version".to_string()],
        );
        // Months in order (the labels sort as their `YYYY-MM` does not).
        let mut months: Vec<&str> = rows.iter().map(|r| counted_month(r)).collect();
        months.sort_unstable();
        months.dedup();
        let by_month = Table::count(
            "Records by month of the first attempt",
            rows.iter().map(|r| month_label(counted_month(r))),
            &months.iter().map(|m| month_label(m)).collect::<Vec<_>>(),
        );
        // Funnels: for each route with records, how many reached each stage.
        let mut funnels = Vec::new();
        for route in &protocol.routes {
            let on: Vec<&&Row> = rows.iter().filter(|r| r.get("route") == route.id).collect();
            if on.is_empty() {
                continue;
            }
            let reached = |r: &Row| -> usize {
                let id = r.get("stage_reached_id");
                match route.stages.iter().position(|s| s.id == id) {
                    Some(i) => i + 1,
                    None => r.get("stage_reached").parse().unwrap_or(0),
                }
            };
            funnels.push(Funnel {
                route: route.name.clone(),
                stages: route
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.name.clone(), on.iter().filter(|r| reached(r) > i).count()))
                    .collect(),
            });
        }
        // Type by stage reached, columns in the order the stages appear.
        let mut cross_stages: Vec<String> = vec!["No stage tried yet".to_string()];
        for s in protocol.routes.iter().flat_map(|r| &r.stages) {
            if !cross_stages.contains(&s.name) {
                cross_stages.push(s.name.clone());
            }
        }
        let mut cross: Vec<(String, Vec<usize>)> = Vec::new();
        for r in &rows {
            let stage = labels.stage(r);
            if !cross_stages.contains(&stage) {
                cross_stages.push(stage.clone());
            }
            let col = cross_stages.iter().position(|s| *s == stage).unwrap_or(0);
            let ty = labels.disagreement(r.get("disagreement"));
            let at = match cross.iter().position(|(t, _)| *t == ty) {
                Some(i) => i,
                None => {
                    cross.push((ty, Vec::new()));
                    cross.len() - 1
                }
            };
            let cells = &mut cross[at].1;
            if cells.len() <= col {
                cells.resize(col + 1, 0);
            }
            cells[col] += 1;
        }
        for (_, cells) in &mut cross {
            cells.resize(cross_stages.len(), 0);
        }
        let mut days: Vec<i64> = rows
            .iter()
            .filter_map(|r| r.get("days_first_attempt_to_form").parse::<i64>().ok())
            .filter(|d| *d >= 0)
            .collect();
        days.sort_unstable();
        let days = (days.len() >= 5).then(|| Spread {
            lower_quartile: quantile(&days, 0.25),
            median: quantile(&days, 0.5),
            upper_quartile: quantile(&days, 0.75),
        });
        Report {
            partnership: protocol.id.clone(),
            period,
            records: rows.len(),
            by_type,
            by_outcome,
            by_urgency,
            by_version,
            by_month,
            funnels,
            cross,
            cross_stages,
            days,
            other_partnerships: others.into_iter().collect(),
        }
    }

    /// Every figure the report publishes, as `(table, row, column, shown)`:
    /// the counts as CSV and the page draw from this one list, so nothing
    /// is shown that it has not passed through [`Count::of`].
    pub fn published(&self) -> Vec<(String, String, String, String)> {
        let mut out = vec![(
            "Records".to_string(),
            self.period.label(),
            "records".to_string(),
            Count::of(self.records).text(),
        )];
        for t in [
            &self.by_type,
            &self.by_outcome,
            &self.by_urgency,
            &self.by_version,
            &self.by_month,
        ] {
            for (label, n) in t.shown() {
                out.push((t.title.clone(), label, "records".to_string(), n.text()));
            }
        }
        for f in &self.funnels {
            for (stage, n) in &f.stages {
                out.push((
                    format!("Where cases stop: {}", f.route),
                    stage.clone(),
                    "reached this stage or beyond".to_string(),
                    Count::of(*n).text(),
                ));
            }
        }
        for (ty, cells) in &self.cross {
            for (stage, n) in self.cross_stages.iter().zip(cells) {
                out.push((
                    "Type of disagreement by furthest stage reached".to_string(),
                    ty.clone(),
                    stage.clone(),
                    Count::of(*n).text(),
                ));
            }
        }
        let spread = |f: f64| format!("{f:.1}");
        match self.days {
            Some(s) => {
                for (what, v) in [
                    ("lower quartile", s.lower_quartile),
                    ("median", s.median),
                    ("upper quartile", s.upper_quartile),
                ] {
                    out.push((
                        "Days from the first attempt to the form".to_string(),
                        what.to_string(),
                        "days".to_string(),
                        spread(v),
                    ));
                }
            }
            None => out.push((
                "Days from the first attempt to the form".to_string(),
                "median".to_string(),
                "days".to_string(),
                "not given: fewer than 5 records".to_string(),
            )),
        }
        out
    }

    /// The published figures as CSV (`table,row,column,shown`), cells a
    /// spreadsheet would run neutralised.
    pub fn to_csv(&self) -> String {
        let header = ["table", "row", "column", "shown"]
            .map(String::from)
            .to_vec();
        super::record::csv_text(
            std::iter::once(header).chain(
                self.published()
                    .into_iter()
                    .map(|(a, b, c, d)| vec![a, b, c, d]),
            ),
        )
    }
}

impl Period {
    /// `all`, `2026` or `2026-Q2`, as the report page names its choices.
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim();
        if t == "all" {
            return Some(Period::All);
        }
        match t.split_once("-Q") {
            Some((y, q)) => {
                let (y, q) = (y.parse().ok()?, q.parse().ok()?);
                (1..=4).contains(&q).then_some(Period::Quarter(y, q))
            }
            None => t.parse().ok().map(Period::Year),
        }
    }

    /// The name [`Period::parse`] reads.
    pub fn key(self) -> String {
        match self {
            Period::All => "all".into(),
            Period::Year(y) => y.to_string(),
            Period::Quarter(y, q) => format!("{y}-Q{q}"),
        }
    }
}

/// The report page's answer for `files` (name, text), the partnership's
/// `protocol` (its current `version`) and a period (`all`, `2026`,
/// `2026-Q2`): JSON `{ period, records, files: [{ name, records } | { name,
/// why }], duplicates, others: [{ partnership, records }], periods: [{ key,
/// label }], tables: [{ title, rows: [{ label, shown, bar }] }], funnels:
/// [{ route, stages: [...] }], cross: { columns, rows: [{ label, cells }] },
/// days: [{ label, shown }], csv }`. Every figure is as published
/// ([`Count`]); `bar` is the published number (0 where suppressed), for
/// the charts.
pub fn report_json(
    files: &[(&str, &str)],
    protocol: &Protocol,
    version: &str,
    period: &str,
) -> String {
    use serde_json::{json, Value};
    let records = read(files.iter().copied());
    let period = Period::parse(period).unwrap_or(Period::All);
    let r = Report::of(&records, protocol, version, period);
    let cell = |n: usize| {
        let c = Count::of(n);
        json!({ "shown": c.text(), "bar": match c { Count::About(n) => n, _ => 0 } })
    };
    let rows = |t: &Table| -> Value {
        json!({
            "title": t.title,
            "rows": t.rows.iter().map(|(l, n)| {
                let mut v = cell(*n);
                v["label"] = json!(l);
                v
            }).collect::<Vec<_>>(),
        })
    };
    // The periods the partnership's records fall in: every year and quarter.
    let mut periods = vec![Period::All];
    for row in records
        .rows
        .iter()
        .filter(|r| r.get("partnership") == protocol.id)
    {
        let m = counted_month(row);
        let (Some(y), Some(mo)) = (
            m.get(..4).and_then(|y| y.parse::<u32>().ok()),
            m.get(5..7).and_then(|x| x.parse::<u32>().ok()),
        ) else {
            continue;
        };
        for p in [Period::Year(y), Period::Quarter(y, mo.div_ceil(3))] {
            if !periods.contains(&p) {
                periods.push(p);
            }
        }
    }
    periods[1..].sort_by_key(|p| match p {
        Period::Year(y) => (*y, 0),
        Period::Quarter(y, q) => (*y, *q),
        Period::All => (0, 0),
    });
    let files_json: Vec<Value> = records
        .files
        .iter()
        .map(|f| match f {
            FileNote::Read { name, records } => json!({ "name": name, "records": records }),
            FileNote::Refused { name, why } => json!({ "name": name, "why": why }),
        })
        .collect();
    let days: Vec<Value> = r
        .published()
        .into_iter()
        .filter(|(t, ..)| t.starts_with("Days"))
        .map(|(_, label, _, shown)| json!({ "label": label, "shown": shown }))
        .collect();
    json!({
        "period": period.label(),
        "records": Count::of(r.records).text(),
        "files": files_json,
        "duplicates": records.duplicates.iter().map(|(_, n)| n - 1).sum::<usize>(),
        "others": r.other_partnerships.iter().map(|(p, n)| json!({ "partnership": p, "records": Count::of(*n).text() })).collect::<Vec<_>>(),
        "periods": periods.iter().map(|p| json!({ "key": p.key(), "label": p.label() })).collect::<Vec<_>>(),
        "tables": [rows(&r.by_type), rows(&r.by_outcome), rows(&r.by_urgency), rows(&r.by_month), rows(&r.by_version)],
        "funnels": r.funnels.iter().map(|f| json!({
            "route": f.route,
            "stages": f.stages.iter().map(|(l, n)| { let mut v = cell(*n); v["label"] = json!(l); v }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "cross": {
            "columns": r.cross_stages,
            "rows": r.cross.iter().map(|(l, cells)| json!({
                "label": l,
                "cells": cells.iter().map(|n| Count::of(*n).text()).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        },
        "days": days,
        "csv": r.to_csv(),
    })
    .to_string()
}

/// The report page's answer when it has no protocol to report with.
pub fn error_json(message: &str) -> String {
    serde_json::json!({ "error": message }).to_string()
}
