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

use case_resolution::protocol::{bundled, load_str, ProtocolError, BUNDLED, MAX_FILE_BYTES};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
            panic!("protocols/{name} is not in BUNDLED (src/protocol/bundled.rs): add it there");
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
    bad("bad-unreachable-route", 52, Some(6), "routes[1].id", "route `orphan` is never reached", Some("`route` of a disagreement or question option")),
    bad("bad-unused-contact", 28, Some(6), "contacts[1].id", "contact `business-unit` is never reached", Some("`contacts`")),
    bad("bad-unused-question", 33, Some(6), "questions[0].id", "question `agency` is never reached", Some("disagreement's `questions`")),
    bad("bad-contact-missing-cite", 21, Some(1), "contacts[0].cite", "missing field `cite`", Some("cite = ")),
    bad("bad-timescale-missing-cite", 49, Some(13), "routes[0].stages[0].timescale.cite", "missing field `cite`", Some("cite = ")),
    bad("bad-contact-no-means", 21, Some(1), "contacts[0]", "contact `emergency` has no phone, email or url", Some("`contact_role`")),
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
    bad("bad-emergency-no-contacts", 21, Some(12), "emergency.contacts", "the emergency section names no contact", Some("contacts = [\"emergency\"]")),
    bad("bad-emergency-empty-contact", 21, Some(13), "emergency.contacts[0]", "empty text in the list", None),
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
        stderr.contains("phnoe = \"999\""),
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
    let p = load_str("example.toml", block)
        .unwrap_or_else(|errors| panic!("the README example is invalid:\n{}", show(&errors)));
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
    assert!(stages().any(|s| s
        .timescale
        .as_ref()
        .is_some_and(|t| t.working_days.is_some())));
    assert!(stages().any(|s| s.alternatives.iter().any(|a| a.when.is_some())));
    assert!(stages().any(|s| s.submits_form));
    assert!(stages().any(|s| !s.contacts.is_empty()));
    assert!(!p.special_cases.is_empty() && !p.tips.is_empty());
}

// --- Contacts must come from the sources ------------------------------------

/// The seed texts: `../shared/seeds` when present, else the vendored copy.
fn seeds_dir() -> PathBuf {
    let shared = root().join("../shared/seeds");
    if shared.is_dir() {
        return shared;
    }
    let vendored = root().join("tests/fixtures/seeds");
    assert!(
        vendored.is_dir(),
        "neither ../shared/seeds nor tests/fixtures/seeds exists: the contacts cannot be traced"
    );
    vendored
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
    let sources = source_text(&seeds_dir());
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

#[test]
fn the_vendored_seeds_match_the_shared_ones() {
    let shared = root().join("../shared/seeds");
    if !shared.is_dir() {
        return; // CI without ../shared: the vendored copy is all there is.
    }
    let vendored = root().join("tests/fixtures/seeds");
    for entry in std::fs::read_dir(&shared).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        let copy = std::fs::read(vendored.join(name)).unwrap_or_else(|_| {
            panic!("tests/fixtures/seeds lacks {name:?}: copy it from ../shared/seeds")
        });
        assert!(
            copy == std::fs::read(&path).unwrap(),
            "tests/fixtures/seeds/{name:?} differs from ../shared/seeds"
        );
    }
}
