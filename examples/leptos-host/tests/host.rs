//! The example host app in a real browser (Chromium, Firefox and WebKit, as
//! the widget's own browser tests): its content and the component side by
//! side, driven to the Next step.
#![cfg(target_arch = "wasm32")]

use case_resolution_core::protocol::{self, data};
use case_resolution_leptos_host::Intranet;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The data files a release's `protocols/` holds, compiled here: the test
/// runner serves no such folder.
fn data_files(path: &str) -> Option<String> {
    let name = path.strip_prefix(data::DIR)?;
    protocol::bundled()
        .ok()?
        .iter()
        .find(|p| data::file_name(&p.id) == name)
        .map(data::write)
}

/// Lets the component fetch, draw and move focus.
async fn settle() {
    for _ in 0..4 {
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
    }
}

fn get(root: &web_sys::ShadowRoot, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in the widget"))
        .unchecked_into()
}

fn step(root: &web_sys::ShadowRoot) -> String {
    get(root, ".cr-widget")
        .get_attribute("data-step")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_host_app_renders_the_component_beside_its_content_to_the_next_step() {
    case_resolution::ui::browser::set_inline_data(data_files);
    let document = web_sys::window().unwrap().document().unwrap();
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage.remove_item("case-resolution:darlington").unwrap();
    let page: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&page).unwrap();
    let handle = leptos::mount::mount_to(page.clone(), || {
        view! { <Intranet base="./" protocol="darlington" /> }
    });
    settle().await;

    // The host's own content, in the host's DOM.
    let heading = page
        .query_selector("h1")
        .unwrap()
        .expect("the host's heading");
    assert_eq!(
        heading.text_content().unwrap(),
        "Children's services intranet"
    );
    assert!(page.query_selector(".host-intro").unwrap().is_some());
    // The component: its own shadow root, its stylesheet linked inside.
    let host = page
        .query_selector("main > div")
        .unwrap()
        .expect("the component's element");
    let root = host
        .shadow_root()
        .expect("the component's open shadow root");
    let link = root
        .query_selector("link[rel=stylesheet]")
        .unwrap()
        .unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("./case-resolution.css")
    );
    assert!(
        page.query_selector(".cr-widget").unwrap().is_none(),
        "the widget is inside the shadow root, not in the host's DOM"
    );
    assert!(get(&root, ".cr-partnership")
        .text_content()
        .unwrap()
        .contains("Darlington"));

    // From Start to the Next step, as a practitioner would.
    for _ in 0..12 {
        match step(&root).as_str() {
            "next-step" => break,
            // Darlington's protocol covers children and adults: say which.
            "start" => get(&root, "#cr-subject").click(),
            "safety" => get(&root, "#cr-immediate-harm-1").click(), // No
            "urgency" => get(&root, "input[name=cr-urgency][value=routine]").click(),
            "disagreement" => get(&root, "#cr-disagreement").click(),
            _ => {}
        }
        settle().await;
        get(&root, ".cr-continue").click();
        settle().await;
    }
    assert_eq!(step(&root), "next-step", "{}", root.inner_html());
    let answer = get(&root, ".cr-answer").text_content().unwrap();
    assert!(answer.contains("Stage 1"), "{answer}");

    // Unmounting the host app takes the widget with it.
    drop(handle);
    assert!(!host.is_connected());
}
