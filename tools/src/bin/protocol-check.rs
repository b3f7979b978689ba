//! Checks protocol files: `cargo run --bin protocol-check -- protocols/*.toml`.
//! Prints every error with file, line, column, field and a suggested fix, and
//! exits non-zero if any file has one. Warnings (a cite without an anchor in
//! a partnership's own file, an anchor whose quote marks differ from the
//! source's) are printed too and do not fail the check.
//!
//! `--sources [ID=]FILE...` checks every anchor against the source texts:
//! plain text of the pages the protocol rests on (saved from the browser).
//! `FILE` alone is searched for every anchor; `ID=FILE` for the anchors whose
//! cite says `from = "ID"` (`main=FILE` for the `[source]` page).
//! `--strict` makes a cite without an anchor an error, as for the bundled
//! protocols.

use std::process::ExitCode;

use case_resolution_core::protocol::{load, render_errors, render_warnings, Options, SourceFile};

const USAGE: &str = "usage: protocol-check [--strict] [--sources [ID=]FILE... --] <file.toml>...";

/// The reading-ease figures of a file that loaded: its Flesch-Kincaid grade,
/// how many sentences are over 25 words, and the five longest with the line
/// each starts on (a plain-English rewrite starts there).
fn print_readability(text: &str, p: &case_resolution_core::protocol::Protocol) {
    use case_resolution_core::protocol::readability::MAX_SENTENCE_WORDS;
    let r = p.readability();
    println!(
        "   readability: Flesch-Kincaid grade {:.1} over {} sentences; {} over {MAX_SENTENCE_WORDS} words",
        r.grade(),
        r.sentences,
        r.long.len()
    );
    let mut shown: Vec<&str> = Vec::new();
    for (n, sentence) in &r.long {
        if shown.len() == 5 {
            break;
        }
        if shown.contains(&sentence.as_str()) {
            continue;
        }
        shown.push(sentence);
        // The lines the sentence's opening words are on (a sentence repeated
        // in several routes is listed once).
        let probe: String = sentence.chars().take(40).collect();
        let lines: Vec<String> = text
            .match_indices(&probe)
            .map(|(at, _)| (text[..at].matches('\n').count() + 1).to_string())
            .collect();
        let short: String = sentence.chars().take(70).collect();
        println!("     line {}: {n} words: {short}…", lines.join(", "));
    }
}

fn main() -> ExitCode {
    let mut strict = false;
    let mut source_args: Vec<(Option<String>, String)> = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let mut in_sources = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--strict" => strict = true,
            "--sources" => in_sources = true,
            "--" => in_sources = false,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if in_sources && !arg.ends_with(".toml") => match arg.split_once('=') {
                Some((id, file)) if !id.is_empty() && !id.contains('/') => {
                    source_args.push((Some(id.to_string()), file.to_string()))
                }
                _ => source_args.push((None, arg)),
            },
            _ => {
                in_sources = false;
                files.push(arg);
            }
        }
    }
    if files.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut texts = Vec::new();
    for (id, file) in &source_args {
        match std::fs::read_to_string(file) {
            Ok(t) => texts.push((id.clone(), file.clone(), t)),
            Err(e) => {
                eprintln!("error: {file}: cannot read the source text: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let sources: Vec<SourceFile> = texts
        .iter()
        .map(|(id, name, text)| SourceFile {
            id: id.as_deref(),
            name,
            text,
        })
        .collect();
    let options = Options {
        require_anchors: strict,
        sources: &sources,
    };
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
        match load(file, &text, &options) {
            Ok(loaded) => {
                let p = &loaded.protocol;
                let stages: usize = p.routes.iter().map(|r| r.stages.len()).sum();
                let anchors: usize = p.cites().iter().map(|c| c.anchors.len()).sum();
                eprint!("{}", render_warnings(&text, &loaded.warnings));
                print_readability(&text, p);
                println!(
                    "ok: {file}: {} ({} routes, {stages} stages, {} contacts, {anchors} anchors{}){}",
                    p.name,
                    p.routes.len(),
                    p.contacts.len(),
                    if sources.is_empty() { ", not checked against a source" } else { " found in the sources" },
                    match loaded.warnings.len() {
                        0 => String::new(),
                        n => format!(", {n} warning(s)"),
                    }
                );
            }
            Err(errors) => {
                failed += 1;
                eprint!("{}", render_errors(&text, &errors));
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
