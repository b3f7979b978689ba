//! The protocol checker's answers, for the on-demand checker module
//! (`check-export/`, `case-resolution-check.js`): the widget's initial bundle
//! has no TOML parser, so custom protocol files are loaded by that module.

use serde::Serialize;

use super::{compact, load, load_str, Options, ProtocolError};

#[derive(Serialize)]
struct Checked {
    ok: bool,
    id: Option<String>,
    name: Option<String>,
    errors: Vec<CheckedError>,
    /// Things to mend that do not stop the file working (a cite without an
    /// anchor): the file loads, and the demo page lists them.
    warnings: Vec<CheckedError>,
}

#[derive(Serialize)]
struct CheckedError {
    line: usize,
    column: usize,
    path: String,
    message: String,
    help: Option<String>,
    source: Option<String>,
}

/// Validates a protocol file's text (the demo's "try your own protocol").
/// Returns JSON: `{ ok, id, name, errors: [{ line, column, path, message,
/// help, source }], warnings: [same] }`.
pub fn check_json(file_name: &str, text: &str) -> String {
    let problems = |list: Vec<ProtocolError>| -> Vec<CheckedError> {
        list.into_iter()
            .map(|e| CheckedError {
                source: text
                    .lines()
                    .nth(e.line.saturating_sub(1))
                    .filter(|_| e.line > 0)
                    .map(str::to_string),
                line: e.line,
                column: e.column,
                path: e.path,
                message: e.message,
                help: e.help,
            })
            .collect()
    };
    let checked = match load(file_name, text, &Options::default()) {
        Ok(loaded) => Checked {
            ok: true,
            id: Some(loaded.protocol.id),
            name: Some(loaded.protocol.name),
            errors: Vec::new(),
            warnings: problems(loaded.warnings),
        },
        Err(errors) => Checked {
            ok: false,
            id: None,
            name: None,
            errors: problems(errors),
            warnings: Vec::new(),
        },
    };
    serde_json::to_string(&checked).unwrap_or_else(|_| "{\"ok\":false,\"errors\":[]}".to_string())
}

/// Loads a protocol file's text, answering in the [`compact`] encoding
/// (the protocol, or its errors) that the widget decodes.
pub fn compile(file_name: &str, text: &str) -> String {
    compact::encode(&load_str(file_name, text))
}
