//! wasm-bindgen entry points: the only code that reads the host page.
//!
//! Mounting is explicit (no `#[wasm_bindgen(start)]`): the loader
//! `web/case-resolution.js` calls [`mount_all`] once the module is ready, and
//! host pages may call `window.CaseResolution.mount(element, options)`.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Attribute set on an element once a widget is mounted in it, so a second
/// mount into the same element is a no-op.
const MOUNTED_ATTR: &str = "data-case-resolution-mounted";

/// Placeholder widget: a heading and a button that changes its text.
#[component]
fn Widget() -> impl IntoView {
    let (started, set_started) = signal(false);
    view! {
        <section class="cr-widget">
            <h1 class="cr-heading">"Resolving a professional disagreement"</h1>
            <button type="button" class="cr-button" on:click=move |_| set_started.set(true)>
                {move || if started.get() { "Started" } else { "Start" }}
            </button>
        </section>
    }
}

/// Mounts the widget into `element`. `options` is a plain object of embedding
/// options (may be `undefined`). Returns `false` if a widget is already
/// mounted there.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<bool, JsValue> {
    let _ = options;
    if element.has_attribute(MOUNTED_ATTR) {
        return Ok(false);
    }
    let host: web_sys::HtmlElement = element
        .dyn_into()
        .map_err(|_| JsValue::from_str("case-resolution: mount target is not an HTML element"))?;
    host.set_attribute(MOUNTED_ATTR, "")?;
    let handle = leptos::mount::mount_to(host, Widget);
    // The widget lives as long as the page.
    handle.forget();
    Ok(true)
}

/// Mounts a widget into every `[data-case-resolution]` element in the
/// document. Returns how many widgets were mounted.
#[wasm_bindgen]
pub fn mount_all() -> Result<u32, JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("case-resolution: no document"))?;
    let nodes = document.query_selector_all("[data-case-resolution]")?;
    let mut mounted = 0;
    for i in 0..nodes.length() {
        if let Some(element) = nodes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            if mount(element, JsValue::UNDEFINED)? {
                mounted += 1;
            }
        }
    }
    Ok(mounted)
}
