//! The protocol files and their validator (native).
//!
//! - every bundled protocol, and every `protocols/*.toml` on disk, validates,
//!   and every file on disk is bundled (a new file is tested once added);
//! - each malformed fixture in `tests/fixtures/protocols/bad-*.toml` is
//!   rejected with exactly one error, at the expected line and column, with
//!   the expected message, field path and help;
//! - the checker binary exits non-zero and prints `file:line:col`;
//! - the example in `protocols/README.md` is the example fixture, byte for
//!   byte, and validates;
//! - every phone number and email address in `protocols/*.toml` appears in
//!   the source texts (the same rule as `shared/tools/check-contacts`).

use std::path::{Path, PathBuf};
use std::process::Command;

use case_resolution_core::protocol::{
    bundled, load, load_str, Loaded, Options, ProtocolError, SourceFile, BUNDLED, MAX_FILE_BYTES,
};

fn root() -> PathBuf {
    case_resolution_test_support::root()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `protocols/*.toml`, sorted.
fn protocol_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("protocols"))
        .expect("protocols/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn show(errors: &[ProtocolError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}\n"))
        .collect::<String>()
}

#[test]
fn every_bundled_protocol_validates() {
    let protocols = match bundled() {
        Ok(p) => p,
        Err(errors) => panic!("a bundled protocol is invalid:\n{}", show(&errors)),
    };
    assert_eq!(protocols.len(), BUNDLED.len());
    let mut ids: Vec<&str> = protocols.iter().map(|p| p.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        protocols.len(),
        "two bundled protocols share an id"
    );
}

#[test]
fn every_protocol_file_on_disk_validates_and_is_bundled() {
    let files = protocol_files();
    assert!(
        files.len() >= 5,
        "expected the five partnerships, found {files:?}"
    );
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = read(path);
        let protocol = load_str(&format!("protocols/{name}"), &text)
            .unwrap_or_else(|errors| panic!("protocols/{name} is invalid:\n{}", show(&errors)));
        assert_eq!(
            format!("{}.toml", protocol.id),
            name,
            "a protocol's file is named after its id"
        );
        let bundled = BUNDLED.iter().find(|(file, _)| *file == name);
        let Some((_, bundled_text)) = bundled else {
            panic!("protocols/{name} is not in BUNDLED (core/build.rs lists protocols/*.toml): rebuild");
        };
        assert_eq!(*bundled_text, text, "BUNDLED's copy of {name} differs");
    }
    for (file, _) in BUNDLED {
        assert!(
            files.iter().any(|p| p.ends_with(file)),
            "BUNDLED names {file}, which is not in protocols/"
        );
    }
}

/// One malformed fixture and the single error it must produce.
struct Bad {
    file: &'static str,
    line: usize,
    /// `None` where the column means nothing (e.g. a missing table).
    column: Option<usize>,
    path: &'static str,
    message: &'static str,
    /// A substring of the help, where there must be one.
    help: Option<&'static str>,
}

const fn bad(
    file: &'static str,
    line: usize,
    column: Option<usize>,
    path: &'static str,
    message: &'static str,
    help: Option<&'static str>,
) -> Bad {
    Bad {
        file,
        line,
        column,
        path,
        message,
        help,
    }
}

#[rustfmt::skip]
const BAD: &[Bad] = &[
    bad("bad-unknown-key", 25, Some(1), "contacts[0].phnoe", "unknown key `phnoe`", Some("did you mean `phone`?")),
    bad("bad-missing-field", 43, Some(1), "routes[0].stages[0].who", "missing field `who`", Some("add `who = ")),
    bad("bad-missing-table", 1, None, "form", "missing table `[form]`", None),
    bad("bad-duplicate-id", 33, Some(6), "urgencies[1].id", "duplicate urgency id `routine` (first defined on line 28)", Some("different id")),
    bad("bad-duplicate-option", 42, Some(6), "questions[0].options[1].id", "duplicate option id `health` in question `agency`", None),
    bad("bad-unresolved-reference", 18, Some(26), "emergency.contacts[1]", "no contact has the id `emergncy`", Some("did you mean `emergency`?")),
    bad("bad-stage-unknown-contact", 49, Some(13), "routes[0].stages[0].contacts[0]", "no contact has the id `emergecy`", Some("did you mean `emergency`?")),
    bad("bad-unreachable-route", 52, Some(6), "routes[1].id", "route `orphan` is never reached", Some("`route` of a disagreement (or its `route_when`)")),
    bad("bad-unused-contact", 28, Some(6), "contacts[1].id", "contact `business-unit` is never reached", Some("`contacts`")),
    bad("bad-unused-question", 33, Some(6), "questions[0].id", "question `agency` is never reached", Some("disagreement's `questions`")),
    bad("bad-contact-missing-cite", 21, Some(1), "contacts[0].cite", "missing field `cite`", Some("cite = ")),
    bad("bad-timescale-missing-cite", 49, Some(13), "routes[0].stages[0].timescale.cite", "missing field `cite`", Some("cite = ")),
    bad("bad-phone", 24, Some(9), "contacts[0].phone", "`0345 155 107` is not a UK phone number", Some("as the source prints it")),
    bad("bad-email", 25, Some(9), "contacts[0].email", "`dsp@darlington` is not an email address", None),
    bad("bad-url", 10, Some(7), "source.url", "`www.example.org.uk/escalation` is not a web address", Some("https://")),
    bad("bad-too-long", 29, Some(9), "urgencies[0].label", "`label` is 368 characters long; the most allowed is 300", Some("shorten it")),
    bad("bad-invalid-id", 44, Some(6), "routes[0].stages[0].id", "`Stage 1` is not a valid id", Some("for example `stage-1`")),
    bad("bad-wrong-type", 49, Some(16), "routes[0].stages[0].submits_form", "`submits_form` must be true or false, found text", None),
    bad("bad-list-type", 49, Some(11), "routes[0].stages[0].prepare", "`prepare` must be a list, found text", None),
    bad("bad-toml-syntax", 3, Some(25), "", "this is not valid TOML", None),
    bad("bad-empty-text", 48, Some(10), "routes[0].stages[0].action", "`action` is empty", None),
    bad("bad-working-days", 49, Some(48), "routes[0].stages[0].timescale.working_days", "`working_days` must be between 1 and 60, found 0", None),
    bad("bad-unknown-subject", 35, Some(11), "disagreements[0].subject", "unknown subject `adult`", Some("\"adults\"")),
    bad("bad-covers", 6, Some(11), "covers[0]", "unknown subject `child`", Some("\"children\"")),
    bad("bad-empty-covers", 6, Some(10), "covers", "`covers` is empty", None),
    bad("bad-subject-not-covered", 35, Some(11), "disagreements[0].subject", "this disagreement is for adults but the protocol's `covers` does not include them", None),
    bad("bad-empty-stages", 41, Some(10), "routes[0].stages", "`stages` is empty: at least one is needed", None),
    bad("bad-control-char", 52, Some(8), "after_resolution[0].text", "`text` contains a control character", None),
    bad("bad-control-char-in-list", 49, Some(30), "routes[0].stages[0].record[1]", "this entry contains a control character", Some("remove it")),
    bad("bad-when-option", 67, Some(40), "routes[0].stages[0].alternatives[0].when.option", "question `agency` has no option with the id `helth`", Some("did you mean `health`?")),
    bad("bad-999-contact", 38, Some(9), "contacts[0].phone", "999 is not a protocol contact", Some("remove this contact")),
    bad("bad-emergency-empty-contact", 21, Some(13), "emergency.contacts[0]", "empty text in the list", None),
    bad("bad-immediate-harm-unstated", 28, Some(1), "urgencies", "no urgency is marked `immediate_harm = true`", Some("[no_immediate_harm_urgency]")),
    bad("bad-immediate-harm-twice", 36, Some(18), "urgencies[1].immediate_harm", "urgency `routine` is marked `immediate_harm = true`, but so is `immediate`", Some("mark only the one")),
    bad("bad-immediate-harm-both", 61, Some(1), "no_immediate_harm_urgency", "says the protocol has no immediate-harm urgency, but urgency `routine` is marked", Some("keep one of the two")),
    bad("bad-when-unknown-route", 66, Some(18), "tips[0].when.route", "no route has the id `escalaton`", Some("did you mean `escalation`?")),
    bad("bad-when-never", 66, Some(8), "tips[0].when", "no answers meet this condition", Some("must fit together")),
    bad("bad-note-overlap", 71, Some(8), "urgencies[0].notes[1].when", "this note and note 1 of urgency `routine` can both apply to the same answers", Some("exclusive")),
    bad("bad-note-without-when", 64, Some(1), "urgencies[0].notes[0].when", "a note needs `when`", Some("guidance for every case goes in the urgency's `guidance`")),
    bad("bad-recipient-overlap", 71, Some(8), "form.recipients[1].when", "this recipient and recipient 1 can both apply to the same answers", Some("exclusive")),
    bad("bad-slot-gap", 63, Some(1), "form.title", "the form title has no value for some answers (for example: no route chosen yet)", Some("without `when`")),
    bad("bad-slot-two-defaults", 67, Some(1), "form.title[1]", "the form title has two values without `when`", Some("give the rest a `when`")),
    bad("bad-slot-overlap", 74, Some(8), "form.title[2].when", "this value and value 1 of the form title can both apply to the same answers", Some("exclusive")),
    bad("bad-early-from", 58, Some(24), "routes[0].stages[1].early.from_stage", "`stage-2` is not a stage before this one on the route", Some("first stage")),
    bad("bad-may-skip-without-when", 66, Some(12), "routes[0].stages[2].may_skip.when", "`may_skip` needs `when`: it says when the stage may be skipped", Some("harm = true")),
    bad("bad-elsewhere-with-route", 42, Some(9), "disagreements[1].route", "a disagreement with `elsewhere` has no route: it is not for this protocol", Some("remove `route`")),
    bad("bad-route-when-route", 37, Some(46), "disagreements[0].route_when[0].when", "a condition that chooses the route cannot test the route", Some("test the urgency")),
    bad("bad-timescale-two-units", 50, Some(13), "routes[0].stages[0].timescale", "this timescale gives more than one unit: working_days, hours", Some("say the rest in `text`")),
    bad("bad-same-as-unknown", 53, Some(11), "routes[0].stages[1].same_as", "route `escalation` has no stage `stage-9` written out to copy", Some("did you mean `stage-1`?")),
    bad("bad-same-as-extra-key", 54, Some(1), "routes[0].stages[1].name", "a stage that is `same_as` another takes no other keys", Some("write the stage out in full")),
    bad("bad-timescale-unknown-stage", 62, Some(22), "routes[0].stages[0].timescale[1].counted_from_stage", "`stage-2` is not a stage of this route", Some("first attempt")),
    bad("bad-timescale-counted-from", 50, Some(80), "routes[0].stages[0].timescale.counted_from", "unknown counting point `start`", Some("not-stated")),
    bad("bad-outcome-kind", 53, Some(8), "routes[0].stages[0].outcomes[0].kind", "unknown outcome `plan-agred`", Some("did you mean `plan-agreed`?")),
    bad("bad-outcome-decided-by", 54, Some(14), "routes[0].stages[0].outcomes[0].decided_by", "`decided_by` is only for `not-taken-forward`, not `plan-agreed`", Some("say who decides in `text`")),
    bad("bad-when-question", 67, Some(21), "routes[0].stages[0].alternatives[0].when.question", "no question has the id `agncy`", Some("did you mean `agency`?")),
];

fn load_fixture(name: &str) -> Result<(), Vec<ProtocolError>> {
    let file = format!("tests/fixtures/protocols/{name}.toml");
    load_str(&file, &read(&root().join(&file))).map(|_| ())
}

#[test]
fn each_malformed_fixture_gives_its_one_precise_error() {
    let mut failures = Vec::new();
    for b in BAD {
        let errors = match load_fixture(b.file) {
            Ok(()) => {
                failures.push(format!("{}: accepted", b.file));
                continue;
            }
            Err(errors) => errors,
        };
        let [e] = errors.as_slice() else {
            failures.push(format!(
                "{}: expected one error, got {}:\n{}",
                b.file,
                errors.len(),
                show(&errors)
            ));
            continue;
        };
        let ok = e.file == format!("tests/fixtures/protocols/{}.toml", b.file)
            && e.line == b.line
            && b.column.is_none_or(|c| e.column == c)
            && e.path == b.path
            && e.message.contains(b.message)
            && b.help
                .is_none_or(|h| e.help.as_deref().unwrap_or("").contains(h));
        if !ok {
            failures.push(format!(
                "{}: expected line {} column {:?} `{}` \"{}\" (help {:?}), got\n  {e}",
                b.file, b.line, b.column, b.path, b.message, b.help
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_malformed_fixture_is_in_the_table() {
    let dir = root().join("tests/fixtures/protocols");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("bad-") && n.ends_with(".toml"))
        .map(|n| n.trim_end_matches(".toml").to_string())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = BAD.iter().map(|b| b.file.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(listed.len() >= 20);
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let example = read(&root().join("tests/fixtures/protocols/example.toml"));
    let mut text = example.clone();
    while text.len() <= MAX_FILE_BYTES {
        text.push_str("# padding that makes the file too large to be a protocol\n");
    }
    let errors = load_str("big.toml", &text).expect_err("too large");
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let e = &errors[0];
    assert_eq!((e.line, e.column, e.path.as_str()), (1, 1, ""));
    assert!(
        e.message.contains(&format!(
            "the largest accepted is {} KB",
            MAX_FILE_BYTES / 1024
        )),
        "{e}"
    );
    // Exactly at the limit is still read.
    let mut at_limit = example;
    while at_limit.len() < MAX_FILE_BYTES {
        at_limit.push('\n');
    }
    assert!(load_str("limit.toml", &at_limit).is_ok());
}

#[test]
fn a_list_over_sixty_entries_is_refused() {
    let example = read(&root().join("tests/fixtures/protocols/example.toml"));
    let items: Vec<String> = (0..61).map(|i| format!("\"Item {i}\"")).collect();
    let old = "prepare = [\"Your reasons, with the evidence for them\"]";
    assert!(example.contains(old));
    let text = example.replace(old, &format!("prepare = [{}]", items.join(", ")));
    let errors = load_str("long-list.toml", &text).expect_err("too many entries");
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(errors[0].path, "routes[0].stages[0].prepare");
    assert!(errors[0]
        .message
        .contains("has 61 entries; the most allowed is 60"));
}

#[test]
fn the_checker_exits_non_zero_and_prints_file_line_column() {
    let file = "tests/fixtures/protocols/bad-unknown-key.toml";
    let out = Command::new(env!("CARGO_BIN_EXE_protocol-check"))
        .current_dir(root())
        .args(["tests/fixtures/protocols/example.toml", file])
        .output()
        .expect("the checker runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{file}:25:1: `contacts[0].phnoe`: unknown key `phnoe`"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("help: did you mean `phone`?"), "{stderr}");
    assert!(
        stderr.contains("phnoe = \"0117 496 0999\""),
        "the offending line is shown: {stderr}"
    );
    // The good file in the same run is still reported as good.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("ok: tests/fixtures/protocols/example.toml"),
        "{stdout}"
    );
}

#[test]
fn the_checker_accepts_every_shipped_protocol() {
    let files: Vec<PathBuf> = protocol_files();
    let out = Command::new(env!("CARGO_BIN_EXE_protocol-check"))
        .current_dir(root())
        .args(&files)
        .output()
        .expect("the checker runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok: ")).count(),
        files.len()
    );
}

#[test]
fn the_readme_example_is_the_example_fixture_and_validates() {
    let readme = read(&root().join("protocols/README.md"));
    let marker = "<!-- example: tests/fixtures/protocols/example.toml -->";
    let start = readme
        .find(marker)
        .expect("protocols/README.md marks its example");
    let after = &readme[start + marker.len()..];
    let fence = "```toml\n";
    let body = &after[after.find(fence).expect("a toml block follows the marker") + fence.len()..];
    let block = &body[..body.find("\n```").expect("the block is closed") + 1];
    let fixture = read(&root().join("tests/fixtures/protocols/example.toml"));
    assert!(
        block == fixture,
        "the example in protocols/README.md differs from tests/fixtures/protocols/example.toml: copy one onto the other"
    );
    // Strict, and every anchor found in its made-up source page.
    let source = read(&root().join("tests/fixtures/protocols/example-source.txt"));
    let loaded = load_checked("example.toml", block, &[("main", source)], true)
        .unwrap_or_else(|errors| panic!("the README example is invalid:\n{}", show(&errors)));
    assert!(loaded.warnings.is_empty(), "{}", show(&loaded.warnings));
    let p = loaded.protocol;
    // It shows every part of a file.
    assert!(p.source.url.is_some() && p.source.reviewed.is_some());
    assert!(!p.emergency.actions.is_empty());
    assert!(p
        .questions
        .iter()
        .any(|q| q.options.iter().any(|o| o.route.is_some())));
    assert!(p.disagreements.iter().any(|d| !d.questions.is_empty()));
    assert!(p.routes.iter().any(|r| r.exhausted.is_some()));
    let stages = || p.routes.iter().flat_map(|r| &r.stages);
    assert!(stages().any(|s| s.timescales.iter().any(|t| t.amount.is_some())));
    assert!(stages().any(|s| s.alternatives.iter().any(|a| a.when.is_some())));
    assert!(stages().any(|s| s.submits_form));
    assert!(stages().any(|s| !s.contacts.is_empty()));
    assert!(!p.special_cases.is_empty() && !p.tips.is_empty());
}

// --- Contacts must come from the sources ------------------------------------

/// The seed texts, `../shared/seeds` (beside the project on CI and on every
/// developer machine; the project keeps no copy of other people's
/// documents). `None`, with a note, when it is absent; absent under `CI`
/// is a failure, so CI never passes by skipping.
fn seeds_dir() -> Option<PathBuf> {
    let shared = root().join("../shared/seeds");
    if shared.is_dir() {
        return Some(shared);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/seeds is missing on CI: the protocols cannot be checked against their sources"
    );
    eprintln!(
        "SKIPPED: ../shared/seeds is not beside the project, so contacts and anchors are not checked against the sources"
    );
    None
}

fn source_text(dir: &Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "expected the five seeds in {}",
        dir.display()
    );
    files
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Phone numbers as check-contacts finds them:
/// `(?<![\d.])(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)`.
fn phones(line: &str) -> Vec<String> {
    let c: Vec<char> = line.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let boundary = i == 0 || !(c[i - 1].is_ascii_digit() || c[i - 1] == '.');
        match boundary.then(|| phone_at(&c, i)).flatten() {
            Some(end) => {
                found.push(c[i..end].iter().collect());
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// The end of a phone number starting at `i`, trying the longest forms first
/// as the regular expression's greedy quantifiers do.
fn phone_at(c: &[char], i: usize) -> Option<usize> {
    let digit = |k: usize| c.get(k).is_some_and(char::is_ascii_digit);
    let sep = |k: usize| c.get(k).is_some_and(|&x| x.is_whitespace() || x == '-');
    let mut starts = Vec::new();
    if c[i] == '0' {
        starts.push(i + 1);
    } else if c[i..].starts_with(&['+', '4', '4']) {
        if c.get(i + 3).is_some_and(|x| x.is_whitespace()) {
            starts.push(i + 4);
        }
        starts.push(i + 3);
    }
    let run = |from: usize, n: usize| (from..from + n).all(digit);
    for s in starts {
        for a in (2..=4).rev() {
            if !run(s, a) {
                continue;
            }
            for sep1 in [true, false] {
                let b0 = s + a + usize::from(sep1);
                if sep1 && !sep(s + a) {
                    continue;
                }
                for b in (3..=4).rev() {
                    if !run(b0, b) {
                        continue;
                    }
                    for sep2 in [true, false] {
                        let c0 = b0 + b + usize::from(sep2);
                        if sep2 && !sep(b0 + b) {
                            continue;
                        }
                        for d in (3..=4).rev() {
                            if run(c0, d) && !digit(c0 + d) {
                                return Some(c0 + d);
                            }
                        }
                    }
                }
            }
        }
    }
    None
}

/// Email addresses as check-contacts finds them:
/// `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+`.
fn emails(line: &str) -> Vec<String> {
    let c: Vec<char> = line.chars().collect();
    let local = |x: char| x.is_ascii_alphanumeric() || "._%+-".contains(x);
    let label = |x: char| x.is_ascii_alphanumeric() || x == '-';
    let mut found = Vec::new();
    let mut from = 0;
    let mut at = 0;
    while at < c.len() {
        if c[at] != '@' {
            at += 1;
            continue;
        }
        let mut start = at;
        while start > from && local(c[start - 1]) {
            start -= 1;
        }
        // The domain: labels joined by dots, at least two.
        let mut end = at + 1;
        let mut labels = 0;
        loop {
            let label_start = end;
            while end < c.len() && label(c[end]) {
                end += 1;
            }
            if end == label_start {
                // An empty label: back off the dot that led here.
                end = end.saturating_sub(1).max(at + 1);
                break;
            }
            labels += 1;
            if end < c.len() && c[end] == '.' {
                end += 1;
            } else {
                break;
            }
        }
        if start < at && labels >= 2 {
            found.push(c[start..end].iter().collect());
            from = end;
            at = end;
        } else {
            at += 1;
        }
    }
    found
}

#[test]
fn the_contact_scanners_match_check_contacts() {
    assert_eq!(phones("call 0345 155 1071 now"), ["0345 155 1071"]);
    assert_eq!(phones("01392 383000 (automated)"), ["01392 383000"]);
    assert_eq!(phones("ring +44 1392 384964."), ["+44 1392 384964"]);
    assert_eq!(
        phones("999, 12.01392 383000, 0345 155 10711"),
        Vec::<String>::new()
    );
    assert_eq!(
        phones("a: 01392 384964 or 01392 287223"),
        ["01392 384964", "01392 287223"]
    );
    assert_eq!(
        emails("email mashsecure@devon.gov.uk. Or help@nspcc.org.uk"),
        ["mashsecure@devon.gov.uk", "help@nspcc.org.uk"]
    );
    assert_eq!(emails("DSP@darlington.gov.uk)"), ["DSP@darlington.gov.uk"]);
    assert_eq!(emails("not@home, @x.y, a@b"), Vec::<String>::new());
}

#[test]
fn every_phone_number_and_email_in_protocols_is_in_the_sources() {
    let Some(seeds) = seeds_dir() else { return };
    let sources = source_text(&seeds);
    let source_digits = digits(&sources);
    let source_emails: Vec<String> = sources
        .lines()
        .flat_map(emails)
        .map(|e| e.to_lowercase())
        .collect();
    let mut count = 0;
    let mut missing = Vec::new();
    for path in protocol_files() {
        for (n, line) in read(&path).lines().enumerate() {
            for phone in phones(line) {
                count += 1;
                let mut d = digits(&phone);
                if let Some(rest) = d.strip_prefix("44") {
                    d = format!("0{rest}");
                }
                if !source_digits.contains(&d) {
                    missing.push(format!(
                        "{}:{}: phone number {phone} is in no source",
                        path.display(),
                        n + 1
                    ));
                }
            }
            for email in emails(line) {
                count += 1;
                if !source_emails.contains(&email.to_lowercase()) {
                    missing.push(format!(
                        "{}:{}: email {email} is in no source",
                        path.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(
        count > 5,
        "only {count} contacts found: the scanner is broken"
    );
}

// --- Anchors: every cite pinned to the passage it rests on --------------------

/// The source texts of each bundled protocol, as seeds: (file, [(source id,
/// seed file)]). `main` is the `[source]` page; the others are the file's
/// `[[sources]]`. A new bundled protocol needs its row here.
const SOURCES: &[(&str, &[(&str, &str)])] = &[
    (
        "darlington.toml",
        &[
            ("main", "004_87d7d4bded40a9f8.txt"),
            // The supplementary facts: our summary of the procedure page.
            ("procedure", "README.md#Supplementary facts"),
            // The note in the same section that Stage 4 and beyond were not
            // available: the seeds README's own words, not the DSP page's.
            ("sources-note", "README.md#Supplementary facts"),
        ],
    ),
    ("devon-dcfp.toml", &[("main", "001_faeb7cce500b43cd.txt")]),
    (
        "devon-schools.toml",
        &[
            ("main", "000_a874d6d753c34c49.txt"),
            ("dcfp", "001_faeb7cce500b43cd.txt"),
        ],
    ),
    ("leeds.toml", &[("main", "003_988fbcef50f73066.txt")]),
    ("sheffield.toml", &[("main", "002_5bf49b329d86033b.txt")]),
];

/// The text of a seed; `FILE#Heading` is the part of FILE from that `##`
/// heading to the next.
fn seed_text(seeds: &Path, name: &str) -> String {
    let (file, heading) = name
        .split_once('#')
        .map_or((name, None), |(f, h)| (f, Some(h)));
    let text = read(&seeds.join(file));
    let Some(h) = heading else { return text };
    let start = text
        .find(&format!("## {h}"))
        .unwrap_or_else(|| panic!("{file} has no heading {h:?}"));
    let rest = &text[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    rest[..end].to_string()
}

/// The source texts of one bundled protocol file, by source id.
fn sources_of(seeds: &Path, file: &str) -> Vec<(&'static str, String)> {
    let (_, list) = SOURCES
        .iter()
        .find(|(f, _)| *f == file)
        .unwrap_or_else(|| panic!("{file} has no row in SOURCES (tests/protocols.rs)"));
    list.iter()
        .map(|(id, name)| (*id, seed_text(seeds, name)))
        .collect()
}

fn load_checked(
    file: &str,
    text: &str,
    sources: &[(&str, String)],
    require_anchors: bool,
) -> Result<Loaded, Vec<ProtocolError>> {
    let files: Vec<SourceFile> = sources
        .iter()
        .map(|(id, t)| SourceFile {
            id: Some(id),
            name: id,
            text: t,
        })
        .collect();
    load(
        file,
        text,
        &Options {
            require_anchors,
            sources: &files,
        },
    )
}

#[test]
fn every_anchor_of_every_bundled_protocol_is_in_its_own_source() {
    let Some(seeds) = seeds_dir() else { return };
    for (file, text) in BUNDLED {
        let sources = sources_of(&seeds, file);
        let loaded = load_checked(&format!("protocols/{file}"), text, &sources, true)
            .unwrap_or_else(|e| panic!("protocols/{file}:\n{}", show(&e)));
        assert!(
            loaded.warnings.is_empty(),
            "protocols/{file} warnings:\n{}",
            show(&loaded.warnings)
        );
        let p = &loaded.protocol;
        for c in p.cites() {
            assert!(!c.anchors.is_empty(), "{file}: {} has no anchor", c.section);
        }
        // Each named source text is cited at least once, and nothing cites a
        // text the file does not name (the loader refuses that already).
        for s in &p.sources {
            assert!(
                p.cites()
                    .iter()
                    .any(|c| c.from.as_deref() == Some(s.id.as_str())),
                "{file}: source `{}` is never cited",
                s.id
            );
        }
    }
    for (file, _) in SOURCES {
        assert!(
            BUNDLED.iter().any(|(f, _)| f == file),
            "SOURCES names {file}, which is not bundled"
        );
    }
}

#[test]
fn an_anchor_is_looked_for_in_its_own_source_not_in_any_seed() {
    let Some(seeds) = seeds_dir() else { return };
    // Leeds' anchors are in Leeds' chapter, and not all in Sheffield's.
    let (_, text) = BUNDLED.iter().find(|(f, _)| *f == "leeds.toml").unwrap();
    let wrong = vec![("main", seed_text(&seeds, "002_5bf49b329d86033b.txt"))];
    let errors = load_checked("protocols/leeds.toml", text, &wrong, true).unwrap_err();
    assert!(errors.iter().all(|e| e.path.ends_with("anchor")));
    assert!(errors.iter().any(|e| e.message.contains("is not in main")));
}

/// Guidance resting on two sources: Devon schools' QAG recipient rests on
/// the guide and on the DCFP protocol it links to (which reports to its
/// PDG instead). Each passage is its own cite, its anchors looked for in its
/// own source and its link to its own page; the guide's words put in the
/// DCFP passage fail there, at that path.
#[test]
fn each_passage_of_a_cite_is_checked_against_its_own_source() {
    let Some(seeds) = seeds_dir() else { return };
    let (_, text) = BUNDLED
        .iter()
        .find(|(f, _)| *f == "devon-schools.toml")
        .unwrap();
    let sources = sources_of(&seeds, "devon-schools.toml");
    let p = load_checked("protocols/devon-schools.toml", text, &sources, true)
        .unwrap_or_else(|e| panic!("{}", show(&e)))
        .protocol;
    let recipient = p
        .form
        .recipients
        .iter()
        .find(|r| r.text.contains("Practice Development Group"))
        .expect("the QAG recipient that names the PDG");
    assert_eq!(recipient.cite.from, None, "the guide first");
    let [also] = recipient.cite.also.as_slice() else {
        panic!("one other passage: {:?}", recipient.cite.also)
    };
    assert_eq!(also.from.as_deref(), Some("dcfp"));
    assert!(also
        .anchors
        .iter()
        .any(|a| a.contains("reported up to the PDG")));
    let link = also.link().unwrap_or_default();
    assert!(
        link.starts_with("https://www.devonscp.org.uk/") && link.contains("PDG"),
        "{link}"
    );
    assert!(recipient
        .cite
        .label()
        .contains("; also DCFP Case Resolution Protocol"));
    // Several as a list of tables, each checked alike.
    let two = text.replacen(
        "also = { from = \"dcfp\", cite = \"DCFP Case Resolution Protocol (linked from the guide), 2.6\", anchor = \"unresolved escalations are reported up to the PDG\" }",
        "also = [{ from = \"dcfp\", cite = \"2.6\", anchor = \"unresolved escalations are reported up to the PDG\" }, { from = \"dcfp\", cite = \"Stage 5\", anchor = \"will inform the DCFP by submitting a Case Resolution form\" }]",
        1,
    );
    assert_ne!(two, *text);
    let p2 = load_checked("protocols/devon-schools.toml", &two, &sources, true)
        .unwrap_or_else(|e| panic!("{}", show(&e)))
        .protocol;
    let sections: Vec<&str> = p2.form.recipients[0]
        .cite
        .also
        .iter()
        .map(|c| c.section.as_str())
        .collect();
    assert_eq!(sections, ["2.6", "Stage 5"]);
    let moved = text.replacen(
        "anchor = \"unresolved escalations are reported up to the PDG\" }",
        "anchor = \"DSCP Quality Assurance Group (QAG)\" }",
        1,
    );
    assert_ne!(moved, *text);
    let errors = load_checked("protocols/devon-schools.toml", &moved, &sources, true).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.path == "form.recipients[0].also.anchor"
                && e.message.contains("is not in dcfp")),
        "{}",
        show(&errors)
    );
}

/// The first `anchor = "…"` line of a bundled file: (line index, anchor).
fn first_anchor(text: &str) -> (usize, String) {
    text.lines()
        .enumerate()
        .find_map(|(i, l)| {
            let rest = l.strip_prefix("anchor = \"")?;
            Some((i, rest[..rest.find('"')?].to_string()))
        })
        .expect("an anchor line")
}

#[test]
fn one_changed_word_in_an_anchor_fails_with_its_place_and_the_nearest_passage() {
    let Some(seeds) = seeds_dir() else { return };
    for (file, text) in BUNDLED {
        let sources = sources_of(&seeds, file);
        let (line, anchor) = first_anchor(text);
        let words: Vec<&str> = anchor.split_whitespace().collect();
        let mut changed = words.clone();
        let k = words.len() / 2;
        changed[k] = "zebra";
        let changed = changed.join(" ");
        let mutated: String = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == line {
                    l.replacen(&anchor, &changed, 1)
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let name = format!("protocols/{file}");
        let errors = load_checked(&name, &mutated, &sources, true).unwrap_err();
        let [e] = errors.as_slice() else {
            panic!("{file}: expected one error, got\n{}", show(&errors))
        };
        assert_eq!((e.file.as_str(), e.line), (name.as_str(), line + 1), "{e}");
        assert_eq!(e.column, 10, "{e}");
        assert!(e.path.ends_with(".anchor"), "{e}");
        assert!(e.message.contains(&changed), "{e}");
        let help = e.help.as_deref().unwrap_or("");
        assert!(help.contains("did you mean “"), "{e}");
        // The suggestion is the passage itself: the words around the changed
        // one are in it.
        assert!(
            help.contains(words[0]) && help.contains(words[words.len() - 1]),
            "{e}"
        );
    }
}

#[test]
fn a_cite_without_an_anchor_is_an_error_when_bundled_and_a_warning_otherwise() {
    let (_, text) = BUNDLED
        .iter()
        .find(|(f, _)| *f == "sheffield.toml")
        .unwrap();
    let (line, _) = first_anchor(text);
    let without: String = text
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != line)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let strict = load_checked("s.toml", &without, &[], true).unwrap_err();
    assert_eq!(strict.len(), 1, "{}", show(&strict));
    assert!(strict[0].message.contains("no `anchor`"), "{}", strict[0]);
    let lenient = load_checked("s.toml", &without, &[], false).expect("loads with a warning");
    assert_eq!(lenient.warnings.len(), 1, "{}", show(&lenient.warnings));
    assert!(lenient.warnings[0].path.ends_with("anchor"));
    // The line the warning points at is the cite beside which the anchor goes.
    assert!(without
        .lines()
        .nth(lenient.warnings[0].line - 1)
        .unwrap()
        .starts_with("cite"));
}

#[test]
fn the_checker_checks_anchors_against_the_sources_it_is_given() {
    let Some(seeds) = seeds_dir() else { return };
    let seed = seeds.join("003_988fbcef50f73066.txt");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_protocol-check"))
            .current_dir(root())
            .args(args)
            .output()
            .expect("protocol-check runs")
    };
    let ok = run(&[
        "--strict",
        "--sources",
        &format!("main={}", seed.display()),
        "--",
        "protocols/leeds.toml",
    ]);
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(stdout.contains("found in the sources"), "{stdout}");
    // The same file against another partnership's source fails, naming places.
    let other = seeds.join("002_5bf49b329d86033b.txt");
    let bad = run(&["--sources", other.to_str().unwrap(), "protocols/leeds.toml"]);
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success());
    assert!(
        stderr.contains("protocols/leeds.toml:") && stderr.contains(".anchor`: anchor “"),
        "{stderr}"
    );
}

#[test]
fn links_open_the_cited_passage_on_the_partnerships_own_page() {
    let protocols = bundled().expect("bundled");
    let mut fragments = 0;
    for p in &protocols {
        for c in p.cites() {
            let Some(link) = c.link() else {
                assert!(c.url.is_none(), "{}: an address but no link", p.id);
                continue;
            };
            let url = c.url.as_deref().unwrap();
            assert!(
                link.starts_with(url) && link.starts_with("https://"),
                "{link}"
            );
            match link.split_once("#:~:") {
                Some((_, directives)) => {
                    fragments += 1;
                    assert!(c.exact, "{}: a summary's link has a fragment: {link}", p.id);
                    let texts: Vec<&str> = directives.split('&').collect();
                    assert_eq!(texts.len(), c.anchors.len(), "{link}");
                    for (t, anchor) in texts.iter().zip(&c.anchors) {
                        let enc = t.strip_prefix("text=").expect("text= directive");
                        assert!(
                            !enc.contains(['-', ',', '&', ' ', '#']),
                            "{}: unencoded character in {enc}",
                            p.id
                        );
                        assert_eq!(
                            percent_decode(enc),
                            anchor.split_whitespace().collect::<Vec<_>>().join(" ")
                        );
                    }
                }
                None => assert!(
                    !c.exact || c.anchors.is_empty(),
                    "{}: no fragment in {link}",
                    p.id
                ),
            }
        }
    }
    assert!(
        fragments > 50,
        "only {fragments} links with a text fragment"
    );
    // Leeds' chapter has no public address: no link at all.
    let leeds = protocols.iter().find(|p| p.id == "leeds").unwrap();
    assert!(leeds.cites().iter().all(|c| c.link().is_none()));
    // Darlington's stages rest on our summary of the procedure page: the
    // link opens that page, unhighlighted.
    let dsp = protocols.iter().find(|p| p.id == "darlington").unwrap();
    let summary = dsp
        .cites()
        .into_iter()
        .find(|c| c.from.as_deref() == Some("procedure"))
        .unwrap();
    assert!(!summary.exact);
    assert_eq!(summary.link().as_deref(), summary.url.as_deref());
    assert!(summary
        .link()
        .unwrap()
        .ends_with("/procedure-and-guidance/"));
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

// --- Plain English ----------------------------------------------------------

/// Every bundled protocol reads at Flesch-Kincaid grade 8 or below, with no
/// sentence over 25 words (GOV.UK's content standard asks for short
/// sentences and everyday words), measured
/// over every text a practitioner reads (`protocol::readability`).
#[test]
fn every_bundled_protocol_is_plain_english() {
    use case_resolution_core::protocol::readability::MAX_SENTENCE_WORDS;
    let mut report = Vec::new();
    for p in bundled().expect("bundled") {
        let r = p.readability();
        report.push(format!(
            "{}: grade {:.1}, {} long",
            p.id,
            r.grade(),
            r.long.len()
        ));
        assert!(
            r.grade() <= 8.0,
            "{}: grade {:.1} (at most 8.0)",
            p.id,
            r.grade()
        );
        assert!(
            r.long.is_empty(),
            "{}: sentences over {MAX_SENTENCE_WORDS} words:\n{}",
            p.id,
            r.long
                .iter()
                .map(|(n, s)| format!("  {n}: {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(
            r.sentences > 50,
            "{}: only {} sentences measured",
            p.id,
            r.sentences
        );
    }
    eprintln!("{}", report.join("\n"));
}

/// An urgency has `guidance` for every case or notes for some: a note
/// beside `guidance` is refused, at the note's `when`.
#[test]
fn a_note_beside_an_urgencys_guidance_is_refused() {
    let example = read(&root().join("tests/fixtures/protocols/example.toml"));
    // After the urgency's last line, so its `cite` stays its own.
    let old = "anchor = \"you may start at any stage\"";
    assert!(example.contains(old));
    let text = example.replace(
        old,
        &format!(
            "{old}\n\n[[urgencies.notes]]\ntext = \"On this route, phone.\"\nwhen = {{ harm = true }}\ncite = \"Section 4\""
        ),
    );
    let errors = load_str("note.toml", &text).expect_err("a note beside guidance");
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(errors[0].path, "urgencies[0].notes[0].when");
    assert!(
        errors[0].message.contains("has `guidance` for every case"),
        "{}",
        errors[0]
    );
}

/// A file in the format before stage conditions and skips (`example.toml`
/// keeps it) loads unchanged: an urgency's `may_skip_stages` is discretion
/// whenever harm is reported (it is the immediate-harm urgency), and an
/// alternative's `when = { question, option }` is an answer test.
#[test]
fn a_file_in_the_earlier_format_loads_with_the_same_meaning() {
    use case_resolution_core::protocol::When;
    let file = "tests/fixtures/protocols/example.toml";
    let text = read(&root().join(file));
    assert!(text.contains("may_skip_stages = true") && text.contains("when = { question = "));
    let p = load_str(file, &text).expect("example.toml loads");
    assert_eq!(p.discretion.len(), 1);
    assert_eq!(p.discretion[0].when, Some(When::Harm(true)));
    assert!(
        p.discretion[0].text.is_empty(),
        "the urgency's own guidance says it"
    );
    let alt = &p.routes[0].stages[1].alternatives[0];
    assert_eq!(
        alt.when,
        Some(When::Answer {
            question: "agency".into(),
            options: vec!["health".into()]
        })
    );
}

/// Shared stages (`same_as`) read exactly as the stages written out: each
/// bundled file, with every `same_as` replaced by a copy of the stage it
/// names (done here on the TOML, not by the loader), loads to the same
/// protocol, so every route's advice is the same. Leeds shares its two
/// "where professional differences remain" stages.
#[test]
fn shared_stages_load_as_the_stages_written_out() {
    let mut shared = 0;
    for path in protocol_files() {
        let text = read(&path);
        let mut doc: toml::Table = text.parse().unwrap();
        let routes = doc["routes"].as_array().unwrap().clone();
        let written = |route: &str, stage: &str| -> toml::Value {
            let r = routes
                .iter()
                .find(|r| r["id"].as_str() == Some(route))
                .unwrap();
            r["stages"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s.get("id").and_then(|v| v.as_str()) == Some(stage))
                .unwrap()
                .clone()
        };
        for r in doc["routes"].as_array_mut().unwrap() {
            for s in r["stages"].as_array_mut().unwrap() {
                if let Some(same) = s.get("same_as").cloned() {
                    shared += 1;
                    *s = written(
                        same["route"].as_str().unwrap(),
                        same["stage"].as_str().unwrap(),
                    );
                }
            }
        }
        let name = path.file_name().unwrap().to_str().unwrap();
        let out = toml::to_string(&doc).unwrap();
        let by_loader = load_str(name, &text).unwrap();
        let written_out = load_str(name, &out).unwrap();
        assert_eq!(by_loader.routes, written_out.routes, "{name}");
        assert_eq!(by_loader, written_out, "{name}");
    }
    assert!(shared >= 4, "Leeds shares its stages ({shared} found)");
}

/// What the demo's `CaseResolution.checkProtocol` answers (through the
/// on-demand checker module, `check-export`, which calls this): a bad file
/// gives `ok: false` with a line; a bundled one `ok: true`.
#[test]
fn the_checker_modules_answer_says_ok_or_where() {
    use case_resolution_core::protocol::check_json;
    let bad = check_json("mine.toml", "id = 3\n");
    assert!(bad.contains("\"ok\":false"), "{bad}");
    assert!(bad.contains("\"line\":"), "{bad}");
    let good = check_json("devon.toml", BUNDLED[0].1);
    assert!(good.contains("\"ok\":true"), "{good}");
}
