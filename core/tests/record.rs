//! "For the partnership's records": the CSV read back with
//! a maintained CSV parser, for every bundled protocol: one header row, one
//! data row, only countable facts (nothing the practitioner typed), months
//! and never a day, the form reference only when asked for, formula cells
//! neutralised; and the same record on the form.

use case_resolution_core::form::record::{restore, Record, COLUMNS, SCHEMA};
use case_resolution_core::form::{self, export, text, FormMeta};
use case_resolution_core::guidance::{advise, Answers, Date};
use case_resolution_core::protocol::data as fallback;
use case_resolution_core::protocol::Protocol;
use case_resolution_test_support::form_fixture as fixture;

fn rows(csv_text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("RFC 4180").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_record_is_one_row_of_countable_facts_for_every_protocol() {
    let meta = fixture::meta();
    for p in fixture::protocols() {
        let a = fixture::answers(&p);
        let csv_text = record_of(&p, &a, &meta, false).to_csv();
        assert!(csv_text.ends_with("\r\n") && !csv_text.replace("\r\n", "").contains('\n'));
        let rows = rows(&csv_text);
        assert_eq!(rows.len(), 2, "{}: a header and one row", p.id);
        assert_eq!(rows[0], COLUMNS.map(str::to_string).to_vec(), "{}", p.id);
        let get = |c: &str| rows[1][COLUMNS.iter().position(|x| *x == c).unwrap()].clone();
        assert_eq!(get("schema"), SCHEMA);
        assert_eq!(get("partnership"), p.id);
        assert_eq!(
            get("disagreement"),
            a.disagreement.clone().unwrap_or_default()
        );
        assert_eq!(get("urgency"), a.urgency.clone().unwrap_or_default());
        assert_eq!(get("immediate_harm"), "yes");
        assert_eq!(get("attempts"), a.attempts.len().to_string());
        assert_eq!(get("form_month"), "2026-11");
        assert_eq!(
            get("form_reference"),
            "",
            "{}: no reference unless asked",
            p.id
        );
        let route = get("route");
        let r = p.routes.iter().find(|r| r.id == route).expect("a route id");
        assert_eq!(get("stages_in_route"), r.stages.len().to_string());
        let reached: usize = get("stage_reached").parse().unwrap();
        assert!(
            reached >= 1 && reached <= r.stages.len(),
            "{}: {reached}",
            p.id
        );
        assert!(["resolved", "not_resolved", "awaiting"].contains(&get("outcome").as_str()));
        assert_eq!(get("protocol_version"), fallback::version(&p));
        assert_eq!(get("ending"), "");
        for c in ["first_attempt_month", "form_month"] {
            let m = get(c);
            assert!(
                m.len() == 7
                    && m.as_bytes()[4] == b'-'
                    && m.chars().filter(char::is_ascii_digit).count() == 6,
                "{}: {c} = {m:?} is a month, never a day",
                p.id
            );
        }
        let days: i64 = get("days_first_attempt_to_form").parse().unwrap();
        assert!(days >= 0, "{}: {days}", p.id);
        // Every special case id the practitioner ticked, and only ids.
        for id in get("special_cases").split(';').filter(|s| !s.is_empty()) {
            assert!(p.special_cases.iter().any(|s| s.id == id), "{}: {id}", p.id);
        }
        // With the tick, the reference, and nothing else changes.
        let with = rows_of(&record_of(&p, &a, &meta, true));
        assert_eq!(with[1].last().unwrap(), &meta.reference);
        assert_eq!(with[1][..COLUMNS.len() - 1], rows[1][..COLUMNS.len() - 1]);
    }
}

/// The record as the module writes it: with the protocol's version.
fn record_of(p: &Protocol, a: &Answers, meta: &FormMeta, with: bool) -> Record {
    Record::of(p, a, meta, with, &fallback::version(p))
}

fn rows_of(r: &Record) -> Vec<Vec<String>> {
    rows(&r.to_csv())
}

#[test]
fn nothing_the_practitioner_typed_reaches_the_record() {
    let meta = fixture::meta();
    for payload in [
        "Sam Jones",
        "=HYPERLINK(\"http://x\")",
        "a,b\r\nc\"d",
        "Initials AB",
    ] {
        for p in fixture::protocols() {
            let a = fixture::hostile(&p, payload);
            for with in [false, true] {
                let csv_text = record_of(&p, &a, &meta, with).to_csv();
                assert!(
                    !csv_text.contains(payload),
                    "{}: {payload:?} in {csv_text}",
                    p.id
                );
                for typed in fixture::typed_values(&a) {
                    assert!(!csv_text.contains(&typed), "{}: {typed:?}", p.id);
                }
            }
        }
    }
}

#[test]
fn a_cell_a_spreadsheet_would_run_is_text_and_reads_back() {
    let p = fixture::protocols().remove(0);
    let mut a = fixture::answers(&p);
    // An attempt dated after the form (a typing slip): a negative number of
    // days, which a spreadsheet would read as a formula.
    for t in &mut a.attempts {
        t.date = "2026-12-25".into();
    }
    let meta = fixture::meta();
    let record = record_of(&p, &a, &meta, false);
    let rows = rows_of(&record);
    let i = COLUMNS
        .iter()
        .position(|c| *c == "days_first_attempt_to_form")
        .unwrap();
    assert_eq!(rows[1][i], "'-32");
    assert_eq!(restore(&rows[1][i]), "-32");
    assert_eq!(record.values[i], "-32");
}

#[test]
fn the_form_prints_the_record_and_the_module_makes_the_csv() {
    let today = Date::parse("2026-11-23").unwrap();
    for p in fixture::protocols() {
        let a = fixture::answers(&p);
        let meta: FormMeta = fixture::meta();
        let doc = form::build(&p, &a, &advise(&p, &a, today), &meta);
        let printed = text::render(&doc);
        let record = record_of(&p, &a, &meta, false);
        assert!(
            printed
                .to_uppercase()
                .contains("FOR THE PARTNERSHIP'S RECORDS"),
            "{}",
            p.id
        );
        // The version is the module's to work out (the widget has no
        // encoder to hash the protocol with): in the file, not on the form.
        assert!(!printed.contains("protocol_version"), "{}", p.id);
        let shown = |c: &str| !matches!(c, "form_reference" | "protocol_version");
        for (column, value) in record.pairs().filter(|(c, _)| shown(c)) {
            if !value.is_empty() {
                assert!(
                    printed.contains(&format!("{column}: {value}")),
                    "{}: {column}",
                    p.id
                );
            }
        }
        let request = export::request(&p, &a, &meta, today);
        let file = export::file(export::FileKind::Record, &request).unwrap();
        assert_eq!(String::from_utf8(file).unwrap(), record.to_csv());
        let file = export::file(export::FileKind::RecordWithReference, &request).unwrap();
        assert_eq!(
            String::from_utf8(file).unwrap(),
            record_of(&p, &a, &meta, true).to_csv()
        );
    }
}

#[test]
fn the_tally_counts_records_and_skips_what_it_cannot_count() {
    use case_resolution_core::form::tally::Tally;
    let meta = fixture::meta();
    let mut files: Vec<(String, String)> = Vec::new();
    let protocols = fixture::protocols();
    for p in &protocols {
        let a = fixture::answers(p);
        files.push((
            format!("{}.csv", p.id),
            record_of(p, &a, &meta, false).to_csv(),
        ));
        files.push((
            format!("{}-ref.csv", p.id),
            record_of(p, &a, &meta, true).to_csv(),
        ));
    }
    let good = files.len();
    // A record with a negative number of days (neutralised when written).
    let mut late = fixture::answers(&protocols[0]);
    for t in &mut late.attempts {
        t.date = "2026-12-25".into();
    }
    files.push((
        "late.csv".into(),
        record_of(&protocols[0], &late, &meta, false).to_csv(),
    ));
    let one = files[0].1.clone();
    let bad = [
        ("future.csv", one.replacen("\r\n2,", "\r\n3,", 1)),
        ("cut.csv", one[..one.len() - 12].to_string()),
        ("two.csv", format!("{one}{}", one.lines().nth(1).unwrap())),
        ("header-only.csv", one.lines().next().unwrap().to_string()),
        ("other.csv", "name,age\r\nSam,9\r\n".to_string()),
        ("empty.csv", String::new()),
        ("quote.csv", "schema,\"partnership\r\n".to_string()),
    ];
    for (name, text) in &bad {
        files.push((name.to_string(), text.clone()));
    }
    let tally = Tally::of(files.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    assert_eq!(tally.counted.len(), good + 1, "{:#?}", tally.skipped);
    let skipped: Vec<&str> = tally.skipped.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(skipped, bad.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    assert!(
        tally.skipped[0].1.contains("schema 3"),
        "{:?}",
        tally.skipped[0]
    );
    // Each partnership: two records (with and without the reference), the
    // first also the late one; per dimension the counts add up to that.
    for p in &protocols {
        let expected = 2 + usize::from(p.id == protocols[0].id);
        for column in [
            "disagreement",
            "stage_reached",
            "outcome",
            "form_month",
            "protocol_version",
        ] {
            let total: usize = tally
                .counts
                .iter()
                .filter(|((id, c, _), _)| id == &p.id && c == column)
                .map(|(_, n)| n)
                .sum();
            assert_eq!(total, expected, "{} {column}", p.id);
        }
        let a = fixture::answers(p);
        let key = (
            p.id.clone(),
            "disagreement".to_string(),
            a.disagreement.clone().unwrap(),
        );
        assert!(tally.counts[&key] >= 2, "{}", p.id);
    }
    // The counts' CSV reads back to the same numbers.
    let rows = rows(&tally.to_csv());
    assert_eq!(rows[0], ["partnership", "counted_by", "value", "records"]);
    assert_eq!(rows.len() - 1, tally.counts.len());
    let total: usize = rows[1..]
        .iter()
        .map(|r| r[3].parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, 5 * (good + 1));
}

/// Kept as the previous release wrote them: a version-1 record (no
/// protocol version, no ending) is counted, its version "unknown", beside
/// a version-2 record of the same partnership; and a schema-1 JSON draft
/// loads to the same answers, the fields added since empty.
#[test]
fn a_version_1_record_and_a_schema_1_draft_still_read() {
    use case_resolution_core::form::draft;
    use case_resolution_core::form::tally::{Tally, VERSION_UNKNOWN};
    let root = case_resolution_test_support::root();
    let old = std::fs::read_to_string(root.join("tests/fixtures/records/darlington-schema-1.csv"))
        .unwrap();
    let p = fixture::protocols()
        .into_iter()
        .find(|p| p.id == "darlington")
        .unwrap();
    let new = record_of(&p, &fixture::answers(&p), &fixture::meta(), false).to_csv();
    let tally = Tally::of([("old.csv", old.as_str()), ("new.csv", new.as_str())]);
    assert_eq!(tally.counted, ["old.csv", "new.csv"], "{:?}", tally.skipped);
    let count = |column: &str, value: &str| {
        tally
            .counts
            .get(&(
                "darlington".to_string(),
                column.to_string(),
                value.to_string(),
            ))
            .copied()
            .unwrap_or(0)
    };
    assert_eq!(count("protocol_version", VERSION_UNKNOWN), 1);
    assert_eq!(count("protocol_version", &fallback::version(&p)), 1);
    assert_eq!(count("outcome", "awaiting"), 2);

    let json = std::fs::read_to_string(root.join("tests/fixtures/drafts/darlington-schema-1.json"))
        .unwrap();
    assert!(json.contains("\"schema\": 1"));
    let d = draft::from_json(&json).expect("a schema-1 draft loads");
    assert_eq!(d.schema, draft::CURRENT);
    assert_eq!(d.answers, fixture::answers(&p));
}
