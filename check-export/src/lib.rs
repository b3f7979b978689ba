//! What the widget needs only now and then: the protocol file checker (the
//! TOML parser and the validator, `case_resolution_core::protocol::load_str`), the
//! JSON draft reader (`case_resolution_core::form::draft::from_json`, serde_json) and the
//! HTML and JSON form files (`case_resolution_core::form::export`), as a
//! separate wasm module so that they stay out of the widget's initial
//! bundle. The protocols are data files compiled at build time
//! (`tools/src/bin/protocol-data.rs`) and
//! the widget keeps its answers in session storage in the compact encoding;
//! this module is fetched, from the widget's own files, only for a custom
//! protocol file (the `protocolText` / `data-protocol-source` options, and
//! `CaseResolution.checkProtocol`, the demo's "try your own protocol file")
//! for "Load a saved draft" and for the "Download HTML" and "Download JSON
//! draft" buttons.
//!
//! ```js
//! const check = await import("./case-resolution-check.js");
//! await check.default();
//! check.check_protocol("mine.toml", text); // JSON { ok, id, name, errors }
//! check.compile_protocol("mine.toml", text); // compact encoding, for the widget
//! check.compile_data("mine.toml", text); // the data file protocols/<id>.txt, or "E"
//! check.read_draft(json); // the draft in the compact encoding, or "E" + message
//! check.form_file("html", requestBytes); // Uint8Array: the form as a web page ("json": the draft)
//! check.tally_records(names, texts); // JSON: counts of record files, for the demo page
//! ```

use case_resolution_core::form::export::FileKind;
use wasm_bindgen::prelude::*;

/// Validates a protocol file's text. Returns JSON: `{ ok, id, name, errors:
/// [{ line, column, path, message, help, source }] }`.
#[wasm_bindgen]
pub fn check_protocol(file_name: &str, text: &str) -> String {
    case_resolution_core::protocol::check_json(file_name, text)
}

/// Loads a protocol file's text for the widget: the protocol or its errors,
/// in `case_resolution_core::protocol::compact`'s encoding.
#[wasm_bindgen]
pub fn compile_protocol(file_name: &str, text: &str) -> String {
    case_resolution_core::protocol::compile(file_name, text)
}

/// Compiles a protocol file's text into the data file the widget loads
/// (`protocols/<id>.txt`, `case_resolution_core::protocol::data`): the demo's
/// "Download the compiled protocol file". A file with mistakes gives `E`
/// and nothing else: `check_protocol` lists them.
#[wasm_bindgen]
pub fn compile_data(file_name: &str, text: &str) -> String {
    match case_resolution_core::protocol::load_str(file_name, text) {
        Ok(p) => case_resolution_core::protocol::data::write(&p),
        Err(_) => "E".to_string(),
    }
}

/// Reads a JSON draft file for the widget: the draft in
/// `case_resolution_core::form::draft`'s compact encoding, or `E` and the message
/// to show the practitioner.
#[wasm_bindgen]
pub fn read_draft(text: &str) -> String {
    case_resolution_core::form::draft::read_for_widget(text)
}

/// A form file from the widget's request
/// (`case_resolution_core::form::export::request`, as UTF-8 bytes: a
/// `Uint8Array` is copied as is, where a string would be converted to UTF-16
/// and back): `kind` `html` (the form as a web page) or `json` (the draft),
/// as UTF-8 bytes. Errors are a message string.
#[wasm_bindgen]
pub fn form_file(kind: &str, request: &[u8]) -> Result<Vec<u8>, JsValue> {
    let request = std::str::from_utf8(request)
        .map_err(|_| case_resolution_core::form::export::UNREADABLE.to_string());
    request
        .and_then(|r| {
            let kind = FileKind::from_id(kind)
                .ok_or_else(|| format!("There is no form file of the kind “{kind}”."))?;
            case_resolution_core::form::export::file(kind, r)
        })
        .map_err(|e| JsValue::from_str(&e))
}

/// Tallies record files (the demo page's tally of the partnership's
/// records): `names[i]` is
/// the file name of `texts[i]`. Returns JSON (`form::tally::Tally::to_json`):
/// the files counted, those skipped and why, the counts and their CSV.
#[wasm_bindgen]
pub fn tally_records(names: Vec<String>, texts: Vec<String>) -> String {
    let files = names
        .iter()
        .map(String::as_str)
        .zip(texts.iter().map(String::as_str));
    case_resolution_core::form::tally::Tally::of(files).to_json()
}
