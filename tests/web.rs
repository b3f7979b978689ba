//! Browser tests (wasm-bindgen-test in headless Chromium): mount the widget
//! into a real DOM, interact with it, and assert on what the user would see.
#![cfg(target_arch = "wasm32")]

use case_resolution::embed;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh host element attached to the page.
fn host() -> web_sys::HtmlElement {
    let div: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

#[wasm_bindgen_test]
async fn mounts_into_a_div_and_responds_to_a_click() {
    let div = host();
    assert!(embed::mount(div.clone().into(), JsValue::UNDEFINED).unwrap());
    leptos::task::tick().await;

    let heading = div.query_selector("h1").unwrap().expect("a heading");
    assert!(!heading.text_content().unwrap().trim().is_empty());

    let button: web_sys::HtmlElement = div
        .query_selector("button")
        .unwrap()
        .expect("a button")
        .unchecked_into();
    let before = button.text_content().unwrap();
    button.click();
    leptos::task::tick().await;
    assert_ne!(
        button.text_content().unwrap(),
        before,
        "the click changed nothing"
    );
    div.remove();
}

#[wasm_bindgen_test]
async fn a_second_mount_into_the_same_element_is_a_no_op() {
    let div = host();
    assert!(embed::mount(div.clone().into(), JsValue::UNDEFINED).unwrap());
    assert!(!embed::mount(div.clone().into(), JsValue::UNDEFINED).unwrap());
    leptos::task::tick().await;
    assert!(find(&div, "h1").is_some());
    div.remove();
}

#[wasm_bindgen_test]
async fn mount_all_finds_every_marked_element() {
    let a = host();
    let b = host();
    a.set_attribute("data-case-resolution", "").unwrap();
    b.set_attribute("data-case-resolution", "").unwrap();
    assert!(embed::mount_all().unwrap() >= 2);
    leptos::task::tick().await;
    assert!(find(&a, "h1").is_some());
    assert!(find(&b, "h1").is_some());
    a.remove();
    b.remove();
}
