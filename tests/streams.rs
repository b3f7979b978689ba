//! The wasm-streams stand-in (vendor/wasm-streams, patched in for Leptos's
//! server_fn) in a real browser: a Rust stream read by the browser's own
//! stream machinery and back, errors and cancellation.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use futures_util::stream::{self, StreamExt};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use wasm_streams::ReadableStream;

wasm_bindgen_test_configure!(run_in_browser);

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

#[wasm_bindgen_test]
async fn chunks_go_through_a_javascript_stream_and_back() {
    let chunks = vec![Ok(text("a")), Ok(JsValue::from_f64(2.0)), Ok(text("c"))];
    let raw = ReadableStream::from_stream(stream::iter(chunks)).into_raw();
    assert!(raw.is_instance_of::<web_sys::ReadableStream>());
    let read: Vec<_> = ReadableStream::from_raw(raw).into_stream().collect().await;
    let read: Vec<JsValue> = read.into_iter().map(Result::unwrap).collect();
    assert_eq!(read, vec![text("a"), JsValue::from_f64(2.0), text("c")]);
}

#[wasm_bindgen_test]
async fn the_browser_reads_bytes_from_a_rust_stream() {
    // As server_fn gives a request its body: the browser consumes the stream.
    let parts = ["case ", "resolution"].map(|s| Ok(js_sys::Uint8Array::from(s.as_bytes()).into()));
    let raw = ReadableStream::from_stream(stream::iter(parts)).into_raw();
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&raw)).unwrap();
    let body = JsFuture::from(response.text().unwrap()).await.unwrap();
    assert_eq!(body, text("case resolution"));
}

#[wasm_bindgen_test]
async fn an_error_item_errors_the_stream_and_ends_reading() {
    let chunks = vec![Ok(text("first")), Err(text("broken")), Ok(text("never"))];
    let read: Vec<_> = ReadableStream::from_stream(stream::iter(chunks))
        .into_stream()
        .collect()
        .await;
    assert_eq!(read.len(), 2, "{read:?}");
    assert_eq!(read[0], Ok(text("first")));
    assert_eq!(read[1], Err(text("broken")));
}

/// Sets its flag when dropped.
struct Dropped(Rc<Cell<bool>>);

impl Drop for Dropped {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

#[wasm_bindgen_test]
async fn cancelling_the_javascript_stream_drops_the_rust_one() {
    let dropped = Rc::new(Cell::new(false));
    let guard = Dropped(dropped.clone());
    let endless = stream::repeat_with(move || {
        let _keep = &guard;
        Ok(text("more"))
    });
    let raw = ReadableStream::from_stream(endless).into_raw();
    assert!(!dropped.get());
    JsFuture::from(raw.cancel()).await.unwrap();
    assert!(
        dropped.get(),
        "the Rust stream outlived its cancelled JavaScript stream"
    );
}
