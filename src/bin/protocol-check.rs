//! Checks protocol files: `cargo run --bin protocol-check -- protocols/*.toml`.
//! Prints every error with file, line, column, field and a suggested fix, and
//! exits non-zero if any file has one.

use std::process::ExitCode;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: protocol-check <file.toml>...");
        return ExitCode::from(2);
    }
    let mut failed = 0;
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {file}: cannot read the file: {e}");
                failed += 1;
                continue;
            }
        };
        match case_resolution::protocol::load_str(file, &text) {
            Ok(p) => {
                let stages: usize = p.routes.iter().map(|r| r.stages.len()).sum();
                println!(
                    "ok: {file}: {} ({} routes, {stages} stages, {} contacts)",
                    p.name,
                    p.routes.len(),
                    p.contacts.len()
                );
            }
            Err(errors) => {
                failed += 1;
                eprint!(
                    "{}",
                    case_resolution::protocol::render_errors(&text, &errors)
                );
                eprintln!("{file}: {} error(s)", errors.len());
            }
        }
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
