//! `short-imports <module.wasm> <glue.js>`: renames every import the glue
//! provides (module `./<name>_bg.js`) to a short name (`a`, `b`, … `aa`, …),
//! in the wasm and in the glue, both rewritten in place.
//!
//! Why: wasm-bindgen names each import `__wbg_<function>_<16 hex digits>`,
//! and the name is written twice, in the wasm's import section and as a key
//! of the glue's imports object. The widget has about 150 imports, so
//! 5 KB of names per file, mostly hashes that do not compress (measured in
//! docs/performance.md). The names mean nothing to anyone: only the two
//! files must agree, and this step renames both from one mapping.

use std::collections::HashMap;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [wasm, glue] = args.as_slice() else {
        eprintln!("usage: short-imports <module.wasm> <glue.js>");
        return ExitCode::from(2);
    };
    match run(wasm, glue) {
        Ok(n) => {
            println!("[short-imports] {n} imports renamed in {wasm} and {glue}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("short-imports: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(wasm_path: &str, glue_path: &str) -> Result<usize, String> {
    let mut module =
        walrus::Module::from_file(wasm_path).map_err(|e| format!("{wasm_path}: {e}"))?;
    let glue = std::fs::read_to_string(glue_path).map_err(|e| format!("{glue_path}: {e}"))?;
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut next = 0usize;
    for import in module.imports.iter_mut() {
        if !import.module.ends_with("_bg.js") {
            continue;
        }
        let short = short_name(next);
        next += 1;
        renamed.insert(std::mem::replace(&mut import.name, short.clone()), short);
    }
    let glue = rename_keys(&glue, &renamed)?;
    module
        .emit_wasm_file(wasm_path)
        .map_err(|e| format!("{wasm_path}: {e}"))?;
    std::fs::write(glue_path, glue).map_err(|e| format!("{glue_path}: {e}"))?;
    Ok(renamed.len())
}

/// `a` … `z`, `A` … `Z`, then two letters: valid JavaScript property names.
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = Vec::new();
    loop {
        out.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Replaces each name that is a key of the glue's imports object
/// (`name: function`, as wasm-bindgen writes it). Every import must be
/// found exactly once as a key, or the files would no longer agree.
fn rename_keys(glue: &str, renamed: &HashMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(glue.len());
    let mut rest = glue;
    let mut found: HashMap<&str, usize> = HashMap::new();
    while let Some(i) = rest.find(|c: char| c == '_' || c.is_ascii_alphabetic()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest
            .find(|c: char| !(c == '_' || c == '$' || c.is_ascii_alphanumeric()))
            .unwrap_or(rest.len());
        let word = &rest[..end];
        let is_key = rest[end..].trim_start().starts_with(':');
        match renamed.get_key_value(word) {
            Some((old, short)) if is_key => {
                *found.entry(old.as_str()).or_default() += 1;
                out.push_str(short);
            }
            _ => out.push_str(word),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    for old in renamed.keys() {
        match found.get(old.as_str()) {
            Some(1) => {}
            Some(n) => return Err(format!("the import {old} is a key {n} times in the glue")),
            None => return Err(format!("the import {old} is not a key in the glue")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_distinct_property_names() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        let mut seen = std::collections::HashSet::new();
        for n in &names {
            assert!(seen.insert(n.clone()), "{n} twice");
            assert!(n.chars().all(|c| c.is_ascii_alphabetic()), "{n}");
        }
        assert_eq!(names[0], "a");
        assert_eq!(names[51], "Z");
        assert_eq!(names[52], "aa");
    }

    #[test]
    fn keys_are_renamed_and_nothing_else() {
        let renamed: HashMap<String, String> =
            [("__wbg_x_0123".to_string(), "a".to_string())].into();
        let glue = "const o = { __wbg_x_0123: function(a) { return __wbg_x_0123x; } };";
        assert_eq!(
            rename_keys(glue, &renamed).unwrap(),
            "const o = { a: function(a) { return __wbg_x_0123x; } };"
        );
        assert!(rename_keys("const o = {};", &renamed).is_err());
        assert!(rename_keys("{__wbg_x_0123: 1, __wbg_x_0123 : 2}", &renamed).is_err());
    }
}
