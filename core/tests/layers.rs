//! The core's layers, as `src/lib.rs` lists them: a module may name only
//! modules listed above it. Every `crate::` path in each module's files is
//! read (imports and inline calls alike, `crate::{a, b}` groups too; comments
//! are skipped, since doc links may point anywhere), so a new dependency
//! that breaks the order fails here with the file and line.

use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The layer order: the list in `src/lib.rs`'s doc comment, one
/// "//! - [`module`]: …" line per layer, in order (rustfmt sorts the `mod`
/// lines themselves, so they cannot carry it). Every `pub mod` is listed.
fn order() -> Vec<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let listed: Vec<String> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//! - [`"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect();
    let mut declared: Vec<String> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    declared.sort();
    assert_eq!(
        sorted, declared,
        "src/lib.rs lists the layers it declares, each once"
    );
    listed
}

/// Every `.rs` file of a module: `src/<m>.rs` and everything under `src/<m>/`.
fn files(module: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let single = src().join(format!("{module}.rs"));
    if single.exists() {
        out.push(single);
    }
    let mut dirs = vec![src().join(module)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The top-level modules a line of code names through `crate::`.
fn named(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a::x, b}`: the first segment of each entry (one line).
            let inner = group.split('}').next().unwrap_or("");
            for part in inner.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out
}

/// Every use of a module listed below the one that uses it.
fn violations(order: &[String], read: impl Fn(&Path) -> String) -> Vec<String> {
    let mut out = Vec::new();
    for (i, module) in order.iter().enumerate() {
        let below = &order[i + 1..];
        for file in files(module) {
            let text = read(&file);
            for (n, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for name in named(line) {
                    if below.contains(&name) {
                        out.push(format!(
                            "{}:{}: `{module}` names `crate::{name}`, which src/lib.rs lists below it",
                            file.display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_module_names_only_modules_listed_above_it() {
    let order = order();
    assert!(order.len() >= 7, "src/lib.rs lists {order:?}");
    let found = violations(&order, |p| std::fs::read_to_string(p).unwrap());
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The check itself: a path naming a lower module, as an import, an inline
/// call or inside a group, is found; one in a comment is not.
#[test]
fn the_check_finds_a_path_to_a_lower_module() {
    let order = order();
    let html = src().join("html.rs");
    for planted in [
        "use crate::form::clean_text;",
        "    let x = crate::render::map_html(out, map);",
        "use crate::{protocol::Cite, guidance::Date};",
    ] {
        let found = violations(&order, |p| {
            let text = std::fs::read_to_string(p).unwrap();
            if p == html {
                format!("{text}\n{planted}\n")
            } else {
                text
            }
        });
        assert!(
            found.iter().any(|f| f.contains("html.rs")),
            "not found: {planted}"
        );
    }
    let commented = violations(&order, |p| {
        let text = std::fs::read_to_string(p).unwrap();
        if p == html {
            format!("{text}\n/// See [`crate::form::build`].\n")
        } else {
            text
        }
    });
    assert!(commented.is_empty(), "{commented:?}");
}
