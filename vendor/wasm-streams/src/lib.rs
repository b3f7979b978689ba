//! The part of the `wasm-streams` crate that Leptos's `server_fn` uses,
//! without the classes `wasm-streams` exports to JavaScript.
//!
//! Why: Leptos always links `server_fn`'s browser client, which names
//! `wasm_streams::ReadableStream`. The widget has no server functions, so
//! none of that code is reachable, but `wasm-streams` marks its stream
//! adapters `#[wasm_bindgen]`, which makes them exports of the widget's wasm,
//! and exports are roots no dead-code pass may remove: about 5.4 KB brotli
//! of code and glue on every page view (docs/performance.md). This crate
//! gives the same four calls, built on plain JavaScript callbacks that are
//! removed with the code that would call them. It is not a general
//! replacement: only what `server_fn` 0.8 calls is here.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;

use futures_util::stream::{self, Stream, StreamExt};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{
    ReadableStreamDefaultController, ReadableStreamDefaultReader, ReadableStreamReadResult,
};

type Chunks = Pin<Box<dyn Stream<Item = Result<JsValue, JsValue>>>>;

/// A JavaScript `ReadableStream`, made from or read as a Rust [`Stream`].
#[derive(Debug)]
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a JavaScript stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// The JavaScript stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// A JavaScript stream whose chunks are the items of `chunks`: an `Err`
    /// item errors the stream; the end of `chunks` closes it.
    pub fn from_stream<St>(chunks: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        // Taken out while a chunk is awaited (the stream does not call pull
        // again until the promise settles); `None` once ended or cancelled.
        let slot: Rc<RefCell<Option<Chunks>>> = Rc::new(RefCell::new(Some(Box::pin(chunks))));
        let pulled = slot.clone();
        let pull = Closure::<dyn FnMut(ReadableStreamDefaultController) -> Promise>::new(
            move |controller: ReadableStreamDefaultController| {
                let slot = pulled.clone();
                future_to_promise(async move {
                    let taken = slot.borrow_mut().take();
                    let Some(mut chunks) = taken else {
                        return Ok(JsValue::UNDEFINED);
                    };
                    match chunks.next().await {
                        Some(Ok(chunk)) => {
                            controller.enqueue_with_chunk(&chunk)?;
                            *slot.borrow_mut() = Some(chunks);
                        }
                        Some(Err(error)) => return Err(error),
                        None => controller.close()?,
                    }
                    Ok(JsValue::UNDEFINED)
                })
            },
        );
        let cancel = Closure::<dyn FnMut(JsValue)>::new(move |_reason: JsValue| {
            slot.borrow_mut().take();
        });
        let source = Object::new();
        // Setting a property on a new plain object cannot fail.
        let _ = Reflect::set(&source, &"pull".into(), &pull.into_js_value());
        let _ = Reflect::set(&source, &"cancel".into(), &cancel.into_js_value());
        let raw = web_sys::ReadableStream::new_with_underlying_source(&source)
            .expect_throw("ReadableStream with a pull source");
        Self { raw }
    }

    /// Reads the JavaScript stream as a Rust stream of its chunks, ending
    /// when it closes and after its first error.
    pub fn into_stream(self) -> impl Stream<Item = Result<JsValue, JsValue>> {
        let reader: ReadableStreamDefaultReader = self.raw.get_reader().unchecked_into();
        stream::unfold(Some(reader), |reader| async move {
            let reader = reader?;
            match JsFuture::from(reader.read()).await {
                Ok(result) => {
                    let result: ReadableStreamReadResult = result.unchecked_into();
                    if result.get_done().unwrap_or(false) {
                        None
                    } else {
                        Some((Ok(result.get_value()), Some(reader)))
                    }
                }
                Err(error) => Some((Err(error), None)),
            }
        })
    }
}
