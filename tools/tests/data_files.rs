//! Compiled protocol data files: the format, its version guard,
//! and the compiler at the scale of every partnership in England.

use std::path::{Path, PathBuf};
use std::process::Command;

use case_resolution_core::protocol::data::{self, DataError};
use case_resolution_core::protocol::{load_str, BUNDLED};

fn root() -> PathBuf {
    case_resolution_test_support::root()
}

fn example() -> case_resolution_core::protocol::Protocol {
    let path = root().join("tests/fixtures/protocols/example.toml");
    load_str("example.toml", &std::fs::read_to_string(path).unwrap()).expect("example loads")
}

/// A file of the current format, kept: if the encoding changes (a field
/// added to the model), this fails until `data::FORMAT` is bumped and the
/// fixture written again (`CR_UPDATE_FIXTURES=1 cargo test --test data_files`),
/// so no release reads another's files wrongly.
#[test]
fn the_kept_data_file_of_the_current_format_still_reads_and_writes_the_same() {
    let path = root().join(format!(
        "tests/fixtures/data/example-format-{}.txt",
        data::FORMAT
    ));
    let written = data::write(&example());
    if std::env::var_os("CR_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &written).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: data::FORMAT changed? Write it with CR_UPDATE_FIXTURES=1",
            path.display()
        )
    });
    assert_eq!(data::read(&kept), Ok(example()), "the kept file reads back");
    assert!(
        written == kept,
        "the encoding changed since {} was written: bump data::FORMAT (so older files get the \
         \"recompile\" message) and write the fixture again with CR_UPDATE_FIXTURES=1",
        path.display()
    );
}

/// Files compiled by earlier releases, kept as they were written: format 1
/// (before the immediate-harm urgency was marked in the model: read as it
/// is, choosing "at risk of immediate harm" would bring no emergency
/// guidance), format 2 (before conditions), format 3 (before stage
/// conditions, skips, reaching a stage early and contacts on alternatives),
/// format 4 (before timescale units and counting points), format 5
/// (before several timescales per stage, with who owes each) and format 6
/// (before a cite could rest on passages of several sources). Each gets
/// "recompile this file" instead of a misreading.
#[test]
fn files_of_earlier_formats_are_refused_with_recompile() {
    for n in 1..data::FORMAT {
        let path = root().join(format!("tests/fixtures/data/example-format-{n}.txt"));
        let kept =
            std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is kept", path.display()));
        let e = data::read(&kept).unwrap_err();
        assert_eq!(e, DataError::Older(n));
        let message = e.message("protocols/example.txt");
        assert!(message.contains("Recompile this file"), "{message}");
    }
}

#[test]
fn other_formats_and_other_files_get_a_clear_message_not_a_misreading() {
    let good = data::write(&example());
    let body = good.split_once('\n').unwrap().1;
    let with_header = |h: &str| format!("{h}\n{body}");

    let older = data::read(&with_header("case-resolution protocol 0")).unwrap_err();
    assert_eq!(older, DataError::Older(0));
    let message = older.message("protocols/example.txt");
    assert!(
        message.contains("protocols/example.txt") && message.contains("Recompile this file"),
        "{message}"
    );

    let newer = data::read(&with_header(&format!(
        "case-resolution protocol {}",
        data::FORMAT + 1
    )))
    .unwrap_err();
    assert_eq!(newer, DataError::Newer(data::FORMAT + 1));
    assert!(newer.message("x.txt").contains("newer release"));

    // A TOML file, an HTML error page, nothing at all: not a data file.
    let toml =
        std::fs::read_to_string(root().join("tests/fixtures/protocols/example.toml")).unwrap();
    for text in [
        toml.as_str(),
        "<!doctype html><title>404</title>\n",
        "",
        "case-resolution protocol x\nP",
    ] {
        assert_eq!(
            data::read(text),
            Err(DataError::NotData),
            "{:?}",
            &text[..text.len().min(40)]
        );
    }
    // Cut short anywhere, or a byte changed: damaged, never a half protocol.
    for cut in [good.len() - 1, good.len() / 2, good.find('\n').unwrap() + 2] {
        assert_eq!(
            data::read(&good[..cut]),
            Err(DataError::Damaged),
            "cut at {cut}"
        );
    }
    assert_eq!(
        data::read(&good.replacen("P", "Q", 1)),
        Err(DataError::Damaged)
    );
    // A byte-order mark or Windows line ending on the header is harmless.
    assert_eq!(
        data::read(&format!("\u{feff}{}", good.replacen('\n', "\r\n", 1))),
        Ok(example())
    );
}

#[test]
fn a_page_given_id_cannot_name_a_file_outside_the_data_directory() {
    for id in ["devon-dcfp", "leeds", "a1"] {
        assert!(data::valid_id(id), "{id}");
    }
    for id in [
        "",
        "../secret",
        "a/b",
        "Leeds",
        "x.txt",
        "a b",
        "%2e%2e",
        &"a".repeat(65),
    ] {
        assert!(!data::valid_id(id), "{id}");
    }
}

/// `n` synthetic protocols derived from the bundled five: new ids, names
/// and areas, the guidance (and so every anchor) unchanged.
fn synthetic(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let (file, text) = BUNDLED[i % BUNDLED.len()];
        let base = load_str(file, text).expect("bundled loads");
        let text = text
            .replacen(
                &format!("\nid = \"{}\"\n", base.id),
                &format!("\nid = \"p{i:03}-{}\"\n", base.id),
                1,
            )
            .replacen(
                &format!("\nname = \"{}\"\n", base.name),
                &format!("\nname = \"Partnership {i:03} ({})\"\n", base.name),
                1,
            )
            .replacen(
                &format!("\narea = \"{}\"\n", base.area),
                &format!("\narea = \"Area {i:03}\"\n",),
                1,
            );
        std::fs::write(dir.join(format!("p{i:03}.toml")), text).unwrap();
    }
}

fn compile(from: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_protocol-data"))
        .args([
            "--out".as_ref(),
            out.as_os_str(),
            "--from".as_ref(),
            from.as_os_str(),
        ])
        .status()
        .unwrap();
    assert!(status.success(), "protocol-data --from {}", from.display());
}

/// At 150 partnerships: every file compiles and reads back as its TOML
/// loads, the index lists all 150 (small enough for the picker to fetch), and
/// a fixed-protocol embed's data file is the same size as with five: the
/// cost of one partnership's page does not grow with the others.
#[test]
fn one_hundred_and_fifty_protocols_compile_to_one_file_each_and_a_small_index() {
    let tmp = std::env::temp_dir().join(format!("cr-scale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    synthetic(&tmp.join("src"), 150);
    compile(&tmp.join("src"), &tmp.join("dist"));
    let out = tmp.join("dist").join(data::DIR);
    let mut files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(files.len(), 151, "150 data files and the index");

    for i in 0..150 {
        let (file, text) = BUNDLED[i % BUNDLED.len()];
        let base = load_str(file, text).unwrap();
        let id = format!("p{i:03}-{}", base.id);
        let source =
            std::fs::read_to_string(tmp.join("src").join(format!("p{i:03}.toml"))).unwrap();
        let expected = load_str("x.toml", &source).expect("synthetic validates");
        let compiled = std::fs::read_to_string(out.join(data::file_name(&id))).unwrap();
        assert_eq!(data::read(&compiled).as_ref(), Ok(&expected), "{id}");
        // The same guidance as its base: within a few bytes of its base's file.
        let grown = compiled.len() as i64 - data::write(&base).len() as i64;
        assert!(
            (0..64).contains(&grown),
            "{id}: {grown} bytes more than its base"
        );
    }
    let index = std::fs::read_to_string(out.join(data::INDEX)).unwrap();
    assert_eq!(index.matches("\"id\":").count(), 150);
    assert!(index.len() < 40 * 1024, "index {} bytes", index.len());
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_mistake_in_any_file_stops_the_compiler_and_writes_nothing() {
    let tmp = std::env::temp_dir().join(format!("cr-broken-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    synthetic(&tmp.join("src"), 3);
    let broken = tmp.join("src/p001.toml");
    let text = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(&broken, text.replacen("anchor = ", "anchorr = ", 1)).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_protocol-data"))
        .args([
            "--out".as_ref(),
            tmp.join("dist").as_os_str(),
            "--from".as_ref(),
            tmp.join("src").as_os_str(),
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("p001.toml") && stderr.contains("anchorr"),
        "{stderr}"
    );
    assert!(!tmp.join("dist").exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&tmp);
}
