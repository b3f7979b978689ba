//! The partnership's report page's own module (`report.html`, `report.js`):
//! the records read, counted and published as `case_resolution_core::form::report`
//! says, in a wasm module of its own, so that none of it is loaded with the
//! widget (which loads its on-demand checker module for its own files).
//!
//! ```js
//! const report = await import("./case-resolution-report.js");
//! await report.default();
//! report.report_records(names, texts, data, "2026-Q2"); // JSON: the partnership's report
//! ```

use wasm_bindgen::prelude::*;

/// The partnership's report: `names[i]` is the file name of `texts[i]`
/// (record files), `data` the partnership's protocol data file
/// (`protocols/<id>.txt`, for its words), `period` `all`, a year (`2026`)
/// or a quarter (`2026-Q2`). Returns JSON
/// (`form::report::report_json`), or `{ "error": … }` for a data file this
/// release cannot read.
#[wasm_bindgen]
pub fn report_records(names: Vec<String>, texts: Vec<String>, data: &str, period: &str) -> String {
    use case_resolution_core::form::report;
    use case_resolution_core::protocol::data;
    let protocol = match data::read(data) {
        Ok(p) => p,
        Err(e) => return report::error_json(&e.message("the partnership's protocol file")),
    };
    let version = data::version(&protocol);
    let files: Vec<(&str, &str)> = names
        .iter()
        .map(String::as_str)
        .zip(texts.iter().map(String::as_str))
        .collect();
    report::report_json(&files, &protocol, &version, period)
}
