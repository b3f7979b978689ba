//! Writes the static HTML fallbacks of the embed snippet, from the
//! bundled protocols as the widget has them compiled:
//!
//! ```sh
//! cargo run --bin fallback-html -- --out dist [--page index.html]
//! cargo run --bin fallback-html -- --print devon-dcfp   # one snippet to stdout
//! ```
//!
//! `--out DIR` writes `DIR/fallback/<id>.html` for every bundled protocol and
//! `DIR/fallback/picker.html` (no protocol fixed): each the whole snippet,
//! the element with its fallback and the loader's `<script>` line.
//! `--page FILE` also writes `DIR/<file name>` with the page's build markers
//! filled in (`case_resolution_core::fallback::fill_page`). `--print ID` (or
//! `--print picker`) prints one snippet. Exits non-zero, saying why, when a
//! marker names no bundled protocol or a file cannot be read or written.
//!
//! When the bundled protocols do not load (a broken protocol file: the
//! widget then shows its error panel, and `cargo test` names the mistake),
//! it says so on stderr and still writes the page, with the safety baseline
//! alone in every fallback (`fallback::fill_page_baseline`), and no
//! snippet files (`protocol-data`, which runs first, is what stops the build
//! over a protocol).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use case_resolution_core::fallback;
use case_resolution_core::protocol::{self, Protocol};

/// What the generated snippet files name as the loader: beside the page.
const LOADER: &str = "case-resolution.js";

fn usage() -> ExitCode {
    eprintln!("usage: fallback-html --out DIR [--page FILE] | --print ID|picker");
    ExitCode::from(2)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn read_page(page: &Path) -> Result<String, String> {
    std::fs::read_to_string(page).map_err(|e| format!("cannot read {}: {e}", page.display()))
}

fn page_out(out: &Path, page: &Path) -> Result<PathBuf, String> {
    let name = page
        .file_name()
        .ok_or_else(|| format!("{} names no file", page.display()))?;
    Ok(out.join(name))
}

fn run(out: Option<PathBuf>, page: Option<PathBuf>, print: Option<String>) -> Result<(), String> {
    let protocols: Vec<Protocol> = match protocol::bundled() {
        Ok(p) => p,
        Err(errors) => {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| format!("  {}:{}: {}: {}", e.file, e.line, e.path, e.message))
                .collect();
            let problem = format!("the bundled protocols do not load:\n{}", lines.join("\n"));
            let (Some(out), Some(page), None) = (&out, &page, &print) else {
                return Err(problem);
            };
            eprintln!("fallback-html: WARNING: {problem}\nfallback-html: WARNING: {} gets the safety baseline alone in its fallbacks; no dist/fallback/ snippets", page.display());
            let filled = fallback::fill_page_baseline(&read_page(page)?)
                .map_err(|e| format!("{}: {e}", page.display()))?;
            return write(&page_out(out, page)?, &filled);
        }
    };
    if let Some(id) = print {
        let id = (id != "picker").then_some(id);
        println!("{}", fallback::snippet(id.as_deref(), &protocols, LOADER)?);
        return Ok(());
    }
    let Some(out) = out else {
        return Err("nothing to do: give --out DIR or --print ID".into());
    };
    let dir = out.join("fallback");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for p in &protocols {
        let text = fallback::snippet(Some(&p.id), &protocols, LOADER)?;
        write(&dir.join(format!("{}.html", p.id)), &format!("{text}\n"))?;
    }
    let picker = fallback::snippet(None, &protocols, LOADER)?;
    write(&dir.join("picker.html"), &format!("{picker}\n"))?;
    if let Some(page) = page {
        let filled = fallback::fill_page(&read_page(&page)?, &protocols)
            .map_err(|e| format!("{}: {e}", page.display()))?;
        write(&page_out(&out, &page)?, &filled)?;
    }
    println!(
        "fallback-html: {} snippets in {}",
        protocols.len() + 1,
        dir.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut out, mut page, mut print) = (None, None, None);
    while let Some(arg) = args.next() {
        let Some(value) = args.next() else {
            return usage();
        };
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(value)),
            "--page" => page = Some(PathBuf::from(value)),
            "--print" => print = Some(value),
            _ => return usage(),
        }
    }
    match run(out, page, print) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fallback-html: {e}");
            ExitCode::FAILURE
        }
    }
}
