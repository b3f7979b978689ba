//! The partnership's report, from records the widget would write: every
//! count equals an independent count of the generated answers, every label
//! is the protocol's (no raw id published), no count of 1 to 4 is ever
//! shown and every other is rounded to 5; spreadsheet re-saves, duplicates,
//! foreign records, hostile cells and version-1 records are read or refused
//! as the module says.

use std::collections::BTreeMap;

use case_resolution_core::form::record::Record;
use case_resolution_core::form::report::{self, Count, FileNote, Labels, Period, Report};
use case_resolution_core::form::{self, FormMeta};
use case_resolution_core::guidance::{advise, route_for, Answers, Attempt, Date, Outcome};
use case_resolution_core::protocol::data::version;
use case_resolution_core::protocol::Protocol;
use case_resolution_test_support::form_fixture as fixture;
use case_resolution_test_support::rng::Rng;

/// Random answers on one of the protocol's routes, made on a random day of
/// 2026: a disagreement with a route, an urgency, attempts along it.
fn generated(p: &Protocol, rng: &mut Rng, i: usize) -> (Answers, FormMeta) {
    let with_route: Vec<&str> = p
        .disagreements
        .iter()
        .filter(|d| d.elsewhere.is_none())
        .map(|d| d.id.as_str())
        .collect();
    let mut a = Answers {
        immediate_harm: Some(rng.chance(20)),
        urgency: Some(rng.pick(&p.urgencies).id.clone()),
        ..Answers::default()
    };
    let d: &str = rng.pick::<&str>(&with_route);
    a.set_disagreement(p, d);
    let route = route_for(p, &a).expect("a route").into_owned();
    let first =
        Date::from_days(Date::parse("2026-01-05").unwrap().to_days() + rng.below(330) as i64);
    let tried = rng.below(route.stages.len() + 1);
    for (k, s) in route.stages.iter().take(tried).enumerate() {
        a.attempts.push(Attempt {
            stage: s.id.clone(),
            date: Date::from_days(first.to_days() + 3 * k as i64).to_string(),
            outcome: *rng.pick(&Outcome::ALL),
            ..Attempt::default()
        });
    }
    let made = Date::from_days(first.to_days() + 3 * tried as i64 + rng.below(20) as i64);
    let meta = FormMeta {
        // Unique references (a reference's code is 20 bits).
        reference: form::reference(made, i as u32),
        generated: String::new(),
        date: made,
    };
    (a, meta)
}

/// The generated records of a protocol, as CSV files: the first ten one
/// per file, the rest in one spreadsheet.
/// Record files (name, text), and the cases they were made from.
type Generated = (Vec<(String, String)>, Vec<(Answers, FormMeta)>);

fn files(p: &Protocol, n: usize, seed: u64) -> Generated {
    let mut rng = Rng::new(seed);
    let cases: Vec<(Answers, FormMeta)> = (0..n).map(|i| generated(p, &mut rng, i)).collect();
    let v = version(p);
    let csvs: Vec<String> = cases
        .iter()
        .map(|(a, m)| Record::of(p, a, m, true, &v).to_csv())
        .collect();
    let mut out: Vec<(String, String)> = csvs
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, c)| (format!("record-{i}.csv"), c.clone()))
        .collect();
    let mut sheet = csvs[10].clone();
    for c in &csvs[11..] {
        sheet.push_str(c.split_once("\r\n").unwrap().1);
    }
    out.push(("spreadsheet.csv".into(), sheet));
    (out, cases)
}

fn read(files: &[(String, String)]) -> report::Records {
    report::read(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
}

/// Counts by label, computed from the answers (not from the records).
fn tally(labels: impl Iterator<Item = String>) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for l in labels {
        *out.entry(l).or_default() += 1;
    }
    out
}

fn as_map(t: &report::Table) -> BTreeMap<String, usize> {
    t.rows.iter().cloned().collect()
}

#[test]
fn every_count_equals_an_independent_count_of_the_generated_answers() {
    for (k, p) in fixture::protocols().into_iter().enumerate() {
        let (files, cases) = files(&p, 60, 0x5EED + k as u64);
        let records = read(&files);
        assert!(
            records
                .files
                .iter()
                .all(|f| matches!(f, FileNote::Read { .. })),
            "{:?}",
            records.files
        );
        assert_eq!(records.rows.len(), 60, "{}", p.id);
        let r = Report::of(&records, &p, &version(&p), Period::All);
        assert_eq!(r.records, 60);
        let label = |id: &Option<String>, f: &dyn Fn(&str) -> Option<String>| {
            f(id.as_deref().unwrap_or("")).unwrap()
        };
        let types = tally(cases.iter().map(|(a, _)| {
            label(&a.disagreement, &|id| {
                p.disagreement(id).map(|d| d.label.clone())
            })
        }));
        assert_eq!(as_map(&r.by_type), types, "{}: by type", p.id);
        let urgencies = tally(
            cases
                .iter()
                .map(|(a, _)| label(&a.urgency, &|id| p.urgency(id).map(|u| u.label.clone()))),
        );
        assert_eq!(as_map(&r.by_urgency), urgencies, "{}: by urgency", p.id);
        // Outcomes: from the engine's own reading of each case.
        let outcomes = tally(cases.iter().map(|(a, m)| {
            let code = form::record::outcome_code(&advise(&p, a, m.date));
            Labels::outcome(code).to_string()
        }));
        assert_eq!(as_map(&r.by_outcome), outcomes, "{}: by outcome", p.id);
        // The funnel: per route, how many cases tried each stage or beyond.
        for f in &r.funnels {
            let route = p.routes.iter().find(|x| x.name == f.route).unwrap();
            for (i, (name, n)) in f.stages.iter().enumerate() {
                assert_eq!(name, &route.stages[i].name);
                let expected = cases
                    .iter()
                    .filter(|(a, _)| route_for(&p, a).is_some_and(|x| x.id == route.id))
                    .filter(|(a, _)| a.attempts.len() > i)
                    .count();
                assert_eq!(
                    *n,
                    expected,
                    "{}: funnel {} stage {}",
                    p.id,
                    route.id,
                    i + 1
                );
            }
        }
        // The cross-tab adds up to the types.
        for (ty, cells) in &r.cross {
            assert_eq!(cells.iter().sum::<usize>(), types[ty], "{}: {ty}", p.id);
        }
        // Days: the median of the generated gaps.
        let mut days: Vec<i64> = cases
            .iter()
            .filter_map(|(a, m)| {
                let first = a.attempts.first()?;
                Some(m.date.to_days() - Date::parse(&first.date)?.to_days())
            })
            .collect();
        days.sort_unstable();
        if days.len() >= 5 {
            let s = r.days.expect("a spread");
            let mid = days.len() / 2;
            let median = if days.len() % 2 == 1 {
                days[mid] as f64
            } else {
                (days[mid - 1] + days[mid]) as f64 / 2.0
            };
            assert_eq!(s.median, median, "{}", p.id);
            assert!(s.lower_quartile <= s.median && s.median <= s.upper_quartile);
        }
        published_figures_are_safe(&r, &p);
    }
}

/// No published count is 1 to 4, every other is a multiple of 5, and no
/// cell holds one of the protocol's ids.
fn published_figures_are_safe(r: &Report, p: &Protocol) {
    let ids: Vec<&str> = p
        .disagreements
        .iter()
        .map(|d| d.id.as_str())
        .chain(p.routes.iter().map(|x| x.id.as_str()))
        .chain(
            p.routes
                .iter()
                .flat_map(|x| x.stages.iter().map(|s| s.id.as_str())),
        )
        .chain(p.urgencies.iter().map(|u| u.id.as_str()))
        .collect();
    for (table, row, column, shown) in r.published() {
        for cell in [&table, &row, &column] {
            assert!(
                !ids.contains(&cell.as_str()),
                "{}: a raw id {cell:?} in {table}",
                p.id
            );
        }
        if column == "days" {
            continue;
        }
        let ok = shown == "0"
            || shown == "fewer than 5"
            || shown.parse::<usize>().is_ok_and(|n| n >= 5 && n % 5 == 0);
        assert!(ok, "{}: {table} / {row} / {column} shows {shown:?}", p.id);
    }
}

#[test]
fn counts_are_suppressed_under_five_and_rounded_to_five() {
    assert_eq!(Count::of(0), Count::Zero);
    for n in 1..=4 {
        assert_eq!(Count::of(n).text(), "fewer than 5");
    }
    assert_eq!(Count::of(5).text(), "5");
    assert_eq!(Count::of(7).text(), "5");
    assert_eq!(Count::of(8).text(), "10");
    assert_eq!(Count::of(12).text(), "10");
    assert_eq!(Count::of(13).text(), "15");
    // A suppressed cell cannot be worked out from the rounded total and the
    // rounded others: every true count from 1 to 9 fits the same figures.
    let with = |hidden: usize| {
        let rows = [hidden, 12, 23];
        (Count::of(rows.iter().sum()), Count::of(12), Count::of(23))
    };
    let seen = with(3);
    assert!((1..=4).all(|h| with(h) == seen || Count::of(h) == Count::FewerThanFive));
    assert_eq!(with(1), with(2));
}

#[test]
fn a_spreadsheet_resave_reads_the_same_and_a_bad_month_is_refused_by_name() {
    let p = fixture::protocols().remove(0);
    let (files, _) = files(&p, 12, 7);
    let original = read(&files);
    // Saved again by a spreadsheet in a European locale: a byte-order
    // mark, `;` between cells, months as "Nov-26".
    let resaved: Vec<(String, String)> = files
        .iter()
        .map(|(n, t)| {
            let mut out = String::from("\u{feff}");
            for line in t.split("\r\n").filter(|l| !l.is_empty()) {
                let cells: Vec<String> = line
                    .split(',')
                    .map(|c| match report::month(c) {
                        Some(m) if c.len() == 7 => {
                            let mon = [
                                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                "Oct", "Nov", "Dec",
                            ][m[5..7].parse::<usize>().unwrap() - 1];
                            format!("{mon}-{}", &m[2..4])
                        }
                        _ => c.to_string(),
                    })
                    .collect();
                out.push_str(&cells.join(";"));
                out.push_str("\r\n");
            }
            (n.clone(), out)
        })
        .collect();
    assert!(resaved[0].1.contains("Nov-26") || resaved.iter().any(|(_, t)| t.contains("-26;")));
    let again = read(&resaved);
    assert_eq!(again.rows, original.rows);
    // A month no one can read: the file is refused, by name, with the line.
    let bad = files[0].1.replace(",2026-", ",Smarch-");
    let refused = report::read([("bad.csv", bad.as_str())]);
    match &refused.files[0] {
        FileNote::Refused { name, why } => {
            assert_eq!(name, "bad.csv");
            assert!(
                why.contains("line 2") && why.contains("not a month"),
                "{why}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(refused.rows.is_empty());
    for (text, month) in [
        ("2026-11", "2026-11"),
        ("Nov-26", "2026-11"),
        ("November 2026", "2026-11"),
        ("01/11/2026", "2026-11"),
        ("2026-11-01", "2026-11"),
    ] {
        assert_eq!(report::month(text).as_deref(), Some(month), "{text}");
    }
    assert_eq!(report::month("13/2026"), None);
}

#[test]
fn duplicates_once_empty_references_apart_foreign_records_apart_hostile_cells_as_text() {
    let p = fixture::protocols().remove(0);
    let (mut files, _) = files(&p, 12, 11);
    // The same record twice (sent twice, saved twice).
    files.push(("again.csv".into(), files[0].1.clone()));
    // Two records without a reference: never merged.
    let (a, m) = generated(&p, &mut Rng::new(3), 99);
    let plain = Record::of(&p, &a, &m, false, &version(&p)).to_csv();
    files.push(("no-ref-1.csv".into(), plain.clone()));
    files.push(("no-ref-2.csv".into(), plain.clone()));
    // Another partnership's record, and one with a hostile cell.
    let other = fixture::protocols().remove(1);
    let (b, n) = generated(&other, &mut Rng::new(4), 100);
    files.push((
        "other.csv".into(),
        Record::of(&other, &b, &n, false, &version(&other)).to_csv(),
    ));
    let hostile = plain.replacen(
        &format!(",{},", a.disagreement.clone().unwrap()),
        ",'=HYPERLINK(\"http://x\"),",
        1,
    );
    files.push(("hostile.csv".into(), hostile));
    let records = read(&files);
    assert_eq!(records.duplicates.len(), 1, "{:?}", records.duplicates);
    assert_eq!(records.duplicates[0].1, 2);
    let r = Report::of(&records, &p, &version(&p), Period::All);
    assert_eq!(
        r.records,
        12 + 3,
        "twelve, the two without a reference, and the hostile one"
    );
    assert_eq!(r.other_partnerships, vec![(other.id.clone(), 1)]);
    // The hostile cell is an id the protocol does not have: said as such.
    assert_eq!(
        as_map(&r.by_type)["A type no longer in the current protocol"],
        1
    );
    assert!(r
        .published()
        .iter()
        .all(|(_, row, _, _)| !row.contains("HYPERLINK")));
}

#[test]
fn version_1_records_count_as_version_unknown_and_periods_filter_by_first_attempt() {
    let p = fixture::protocols()
        .into_iter()
        .find(|p| p.id == "darlington")
        .unwrap();
    let root = case_resolution_test_support::root();
    let old = std::fs::read_to_string(root.join("tests/fixtures/records/darlington-schema-1.csv"))
        .unwrap();
    let (mut files, cases) = files(&p, 20, 21);
    files.push(("old.csv".into(), old));
    let records = read(&files);
    let r = Report::of(&records, &p, &version(&p), Period::All);
    assert_eq!(
        as_map(&r.by_version)["Version unknown (an older record format)"],
        1
    );
    assert_eq!(as_map(&r.by_version)["The current version"], 20);
    // A quarter: the records whose first attempt falls in it.
    let q = Period::Quarter(2026, 2);
    let expected = cases
        .iter()
        .filter(|(a, _)| {
            a.attempts
                .first()
                .and_then(|t| Date::parse(&t.date))
                .is_some_and(|d| d.year == 2026 && (4..=6).contains(&d.month))
        })
        .count();
    let in_q = Report::of(&records, &p, &version(&p), q);
    let no_attempt_in_q = cases
        .iter()
        .filter(|(a, m)| {
            a.attempts.is_empty() && m.date.year == 2026 && (4..=6).contains(&m.date.month)
        })
        .count();
    assert_eq!(in_q.records, expected + no_attempt_in_q);
    assert_eq!(q.label(), "April to June 2026");
}

/// The report page's browser test reads, per protocol, 200 generated records
/// (`tests/e2e/fixtures/report/<id>.csv`, one spreadsheet) and the figures
/// it must show (`<id>.json`): each table's rows as an independent count of
/// the generated answers, published as [`Count`] says; and the protocol's
/// ids that no label contains, which the page must never show. Written with
/// `CR_UPDATE_FIXTURES=1`; this test fails while they are not current.
#[test]
fn the_report_page_fixtures_are_current() {
    let dir = case_resolution_test_support::root().join("tests/e2e/fixtures/report");
    let update = std::env::var_os("CR_UPDATE_FIXTURES").is_some();
    for (k, p) in fixture::protocols().into_iter().enumerate() {
        let (files, cases) = files(&p, 200, 0xFACE + k as u64);
        let mut sheet = files[0].1.clone();
        for (_, f) in &files[1..] {
            for line in f.split("\r\n").skip(1).filter(|l| !l.is_empty()) {
                sheet.push_str(line);
                sheet.push_str("\r\n");
            }
        }
        let shown = |m: BTreeMap<String, usize>| -> BTreeMap<String, String> {
            m.into_iter()
                .map(|(l, n)| (l, Count::of(n).text()))
                .collect()
        };
        let types = tally(cases.iter().map(|(a, _)| {
            p.disagreement(a.disagreement.as_deref().unwrap())
                .unwrap()
                .label
                .clone()
        }));
        let urgencies = tally(cases.iter().map(|(a, _)| {
            p.urgency(a.urgency.as_deref().unwrap())
                .unwrap()
                .label
                .clone()
        }));
        let outcomes = tally(cases.iter().map(|(a, m)| {
            Labels::outcome(form::record::outcome_code(&advise(&p, a, m.date))).to_string()
        }));
        // Everything the page may show in words: an id that is also a word
        // of one (Sheffield's stage "co-workers") cannot be told apart.
        let labels: Vec<String> = p
            .disagreements
            .iter()
            .map(|d| d.label.clone())
            .chain(p.urgencies.iter().map(|u| u.label.clone()))
            .chain(p.routes.iter().map(|r| r.name.clone()))
            .chain(
                p.routes
                    .iter()
                    .flat_map(|r| r.stages.iter().map(|s| s.name.clone())),
            )
            .collect();
        let ids: Vec<&str> = p
            .disagreements
            .iter()
            .map(|d| d.id.as_str())
            .chain(p.urgencies.iter().map(|u| u.id.as_str()))
            .chain(p.routes.iter().map(|r| r.id.as_str()))
            .chain(
                p.routes
                    .iter()
                    .flat_map(|r| r.stages.iter().map(|s| s.id.as_str())),
            )
            .filter(|id| id.contains('-') && !labels.iter().any(|l| l.contains(id)))
            .collect();
        let expected = serde_json::json!({
            "records": Count::of(cases.len()).text(),
            "ids": ids,
            "tables": {
                "Records by type of disagreement": shown(types),
                "Records by urgency": shown(urgencies),
                "Records by where the escalation stands": shown(outcomes),
            },
        });
        let json = serde_json::to_string_pretty(&expected).unwrap() + "\n";
        let (csv_path, json_path) = (
            dir.join(format!("{}.csv", p.id)),
            dir.join(format!("{}.json", p.id)),
        );
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&csv_path, &sheet).unwrap();
            std::fs::write(&json_path, &json).unwrap();
        }
        let kept = |path: &std::path::Path| {
            std::fs::read_to_string(path).unwrap_or_else(|_| {
                panic!(
                    "{} is missing: write it with CR_UPDATE_FIXTURES=1",
                    path.display()
                )
            })
        };
        assert!(
            kept(&csv_path) == sheet,
            "{} is not current: CR_UPDATE_FIXTURES=1",
            csv_path.display()
        );
        assert!(
            kept(&json_path) == json,
            "{} is not current: CR_UPDATE_FIXTURES=1",
            json_path.display()
        );
    }
}

/// The page's JSON: the published figures only, the periods the records
/// fall in (each readable back), the files refused by name, the CSV.
#[test]
fn the_pages_answer_holds_only_published_figures() {
    let p = fixture::protocols().remove(0);
    let (mut files, _) = files(&p, 40, 5);
    files.push(("notes.csv".into(), "name,age\r\nSam,9\r\n".into()));
    let named: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let json: serde_json::Value =
        serde_json::from_str(&report::report_json(&named, &p, &version(&p), "all")).unwrap();
    assert_eq!(json["records"], "40");
    let refused: Vec<&serde_json::Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("why").is_some())
        .collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["name"], "notes.csv");
    for period in json["periods"].as_array().unwrap() {
        let key = period["key"].as_str().unwrap();
        let parsed = Period::parse(key).expect("a period the page can ask for");
        assert_eq!(parsed.key(), key);
        assert_eq!(parsed.label(), period["label"].as_str().unwrap());
    }
    for table in json["tables"].as_array().unwrap() {
        for row in table["rows"].as_array().unwrap() {
            let shown = row["shown"].as_str().unwrap();
            assert!(
                shown == "0" || shown == "fewer than 5" || shown.parse::<usize>().unwrap() % 5 == 0,
                "{shown}"
            );
            let bar = row["bar"].as_u64().unwrap().to_string();
            assert!(
                bar == shown || (bar == "0" && shown == "fewer than 5"),
                "{bar} for {shown}"
            );
        }
    }
    assert!(json["csv"]
        .as_str()
        .unwrap()
        .starts_with("table,row,column,shown\r\n"));
    assert_eq!(Period::parse("2026-Q5"), None);
    assert_eq!(Period::parse("nonsense"), None);
    assert!(report::error_json("a \"quoted\" message").contains("\\\"quoted\\\""));
}
