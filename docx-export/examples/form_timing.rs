//! Times the form outputs for a maximal case: every stage of every route
//! attempted, 10 000-character answers. For the performance budgets:
//!
//! ```sh
//! cargo run --release -p case-resolution-docx --example form_timing
//! ```
//!
//! Prints one line per output with the median and worst of several runs and
//! the output size. Native timings: the wasm build is slower by a small factor.

use case_resolution_test_support::form_fixture as fixture;
use std::time::{Duration, Instant};

use case_resolution_core::form::{draft, export, html, text};
use case_resolution_docx::{docx_bytes, docx_from_request};

const RUNS: usize = 15;

fn time<T>(label: &str, size: impl Fn(&T) -> usize, mut f: impl FnMut() -> T) {
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut bytes = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = f();
        times.push(start.elapsed());
        bytes = size(&out);
    }
    times.sort();
    println!(
        "{label:<28} median {:>8.2} ms   worst {:>8.2} ms   {:>9} bytes",
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3,
        bytes
    );
}

fn main() {
    for p in fixture::protocols() {
        let a = fixture::maximal(&p);
        let stages: usize = p.routes.iter().map(|r| r.stages.len()).sum();
        println!(
            "{}: {} attempts, {} special cases, 10 000-character fields ({RUNS} runs each)",
            p.id,
            a.attempts.len(),
            a.special_cases.len()
        );
        assert_eq!(a.attempts.len(), stages);
        let doc = fixture::document(&p, &a);
        let meta = fixture::meta();
        let request = export::request(&p, &a, &meta, meta.date);
        time(
            "build (advise + form)",
            |_: &_| 0,
            || fixture::document(&p, &a),
        );
        time("html::fragment", String::len, || {
            html::fragment(&doc).into_string()
        });
        time("html::document", String::len, || {
            html::document(&doc).into_string()
        });
        time("text::render", String::len, || text::render(&doc));
        time("draft::to_json", String::len, || draft::to_json(&p.id, &a));
        let saved = draft::to_json(&p.id, &a);
        time(
            "draft::from_json",
            |_: &_| saved.len(),
            || draft::from_json(&saved).unwrap(),
        );
        // What the widget does on a download: the request (in the widget),
        // then the module reads it, builds the form and renders it.
        time("export::request", String::len, || {
            export::request(&p, &a, &meta, meta.date)
        });
        time("html file path (request in)", Vec::len, || {
            export::file(export::FileKind::Html, &request).unwrap()
        });
        time("docx_bytes", Vec::len, || docx_bytes(&doc).unwrap());
        time("render_docx path (request in)", Vec::len, || {
            docx_from_request(&request).unwrap()
        });
        println!();
    }
}
