//! Compiles protocol files into the data files the widget loads
//! (`case_resolution_core::protocol::data`):
//!
//! ```sh
//! cargo run --bin protocol-data -- --out dist              # every file in protocols/
//! cargo run --bin protocol-data -- --out DIR --from SRC    # every *.toml in SRC instead
//! ```
//!
//! Writes `OUT/protocols/<id>.txt` per protocol and `OUT/protocols/index.json`
//! (the picker's list). Every cite must carry an anchor, as for the bundled
//! files in the tests. Any mistake in any file stops it with the file, line,
//! column and field, and nothing is written: a release never ships a protocol
//! the widget would refuse.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use case_resolution_core::fallback;
use case_resolution_core::protocol::{self, data, Options, Protocol};

fn usage() -> ExitCode {
    eprintln!("usage: protocol-data --out DIR [--from DIR]");
    ExitCode::from(2)
}

/// The protocol files to compile: `from`'s `*.toml` sorted by name, or the
/// bundled list (the same files as `protocols/`, compiled into this tool).
fn sources(from: Option<&Path>) -> Result<Vec<(String, String)>, String> {
    let Some(dir) = from else {
        return Ok(protocol::BUNDLED
            .iter()
            .map(|(f, t)| (format!("protocols/{f}"), t.to_string()))
            .collect());
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

fn compile(files: &[(String, String)]) -> Result<Vec<Protocol>, String> {
    let strict = Options {
        require_anchors: true,
        sources: &[],
    };
    let mut protocols: Vec<Protocol> = Vec::new();
    let mut problems = Vec::new();
    for (file, text) in files {
        match protocol::load(file, text, &strict) {
            Ok(loaded) => {
                if let Some(other) = protocols.iter().find(|p| p.id == loaded.protocol.id) {
                    problems.push(format!(
                        "{file}: the id “{}” is already used by {}",
                        other.id, other.name
                    ));
                }
                protocols.push(loaded.protocol);
            }
            Err(errors) => problems.push(protocol::render_errors(text, &errors)),
        }
    }
    if protocols.is_empty() && problems.is_empty() {
        problems.push("no protocol files to compile".to_string());
    }
    if problems.is_empty() {
        Ok(protocols)
    } else {
        Err(problems.join("\n"))
    }
}

fn run(out: &Path, from: Option<&Path>) -> Result<usize, String> {
    let protocols = compile(&sources(from)?)?;
    let dir = out.join(data::DIR);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    for p in &protocols {
        write(&data::file_name(&p.id), &data::write(p))?;
    }
    let index = data::index_json(&protocols, &fallback::picker_version(&protocols));
    write(data::INDEX, &index)?;
    Ok(protocols.len())
}

/// A warning, not a failure, when the bank holiday table ends within six
/// months: due dates after its end are said to leave holidays uncounted.
fn holiday_table_warning() {
    use case_resolution_core::guidance::{Date, BANK_HOLIDAYS_UNTIL};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let left = BANK_HOLIDAYS_UNTIL.to_days() - Date::from_days(now).to_days();
    if left < 183 {
        eprintln!(
            "protocol-data: warning: the bank holiday table (core/src/guidance/date.rs) ends on {}, {left} days from today; add the next year's dates from https://www.gov.uk/bank-holidays",
            BANK_HOLIDAYS_UNTIL
        );
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut out, mut from) = (None, None);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--out", Some(v)) => out = Some(PathBuf::from(v)),
            ("--from", Some(v)) => from = Some(PathBuf::from(v)),
            _ => return usage(),
        }
    }
    let Some(out) = out else {
        return usage();
    };
    holiday_table_warning();
    match run(&out, from.as_deref()) {
        Ok(n) => {
            println!(
                "protocol-data: {n} protocol data file{} and {} in {}",
                if n == 1 { "" } else { "s" },
                data::INDEX,
                out.join(data::DIR).display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("protocol-data: {e}");
            ExitCode::FAILURE
        }
    }
}
