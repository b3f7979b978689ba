//! wasm-bindgen entry points: the only code that reads the host page.
//!
//! Mounting is explicit (no `#[wasm_bindgen(start)]`): the loader
//! `web/case-resolution.js` calls [`mount_all`] once the module is ready, and
//! host pages may call `window.CaseResolution.mount(element, options)`.
//! Each mount renders the [`CaseResolution`](crate::ui::CaseResolution)
//! component, the one a Leptos host app renders, with the options read here.
//!
//! Each widget lives in an open shadow root attached to its host element, with
//! its stylesheet linked inside it, so host CSS cannot reach in and the
//! widget's CSS cannot leak out. Nothing here throws into the host page: a
//! bad configuration shows an error panel (`role="alert"`) where the widget
//! would be, and a missing element is a console warning.
//!
//! The static fallback a host page keeps inside the element (see
//! [`case_resolution_core::fallback`]) is projected through a named slot until the widget
//! has mounted, then removed from the DOM; its version stamp is checked
//! against the protocol the widget loaded. When the widget cannot start
//! (an unknown protocol, a broken protocol file), the fallback stays, beside
//! the error panel, with one more line saying so.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::{self, browser, CaseResolution, CaseResolutionProps, Loaded, Problem};
use case_resolution_core::fallback;
use case_resolution_core::protocol::{self, data};

/// Attribute set on an element once a widget (or its error panel) is
/// mounted in it, so a second mount into the same element is a no-op.
const MOUNTED_ATTR: &str = "data-case-resolution-mounted";

/// Embedding options, from `data-*` attributes or the `mount` options object.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Options {
    /// A protocol id: its data file, `protocols/<id>.txt` in the widget's
    /// directory, is loaded; absent: the picker.
    pub protocol: Option<String>,
    /// A compiled protocol data file's text, given directly (the demo's
    /// "try your own", once checked and compiled).
    pub protocol_data: Option<String>,
    /// `#id` of a `<script type="text/plain">` holding a protocol file.
    pub protocol_source: Option<String>,
    /// A protocol file's text, given directly (the demo's "try your own").
    pub protocol_text: Option<String>,
    /// Distinguishes several widgets with the same protocol (storage key).
    pub instance: Option<String>,
    /// URL of the directory holding the widget's files, ending in `/`.
    pub base: Option<String>,
}

/// Reads one string option: absent (`undefined`/`null`) is `None`; any
/// other non-string is a configuration error.
fn string_option(options: &JsValue, key: &str) -> Result<Option<String>, Problem> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    let value =
        js_sys::Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| {
        Problem::text(format!(
            "The option “{key}” must be a string (text), but it is {}.",
            js_sys::JsString::from(value.js_typeof())
        ))
    })
}

fn data_attr(element: &web_sys::Element, name: &str) -> Option<String> {
    element
        .get_attribute(name)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Options from the element's `data-*` attributes, overridden by `options`.
fn read_options(element: &web_sys::Element, options: &JsValue) -> Result<Options, Problem> {
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        return Err(Problem::text(
            "The mount options must be an object, for example { protocol: \"devon-dcfp\" }.",
        ));
    }
    let pick = |key: &str, attr: &str| -> Result<Option<String>, Problem> {
        Ok(string_option(options, key)?
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .or_else(|| data_attr(element, attr)))
    };
    Ok(Options {
        protocol: pick("protocol", "data-protocol")?,
        protocol_source: pick("protocolSource", "data-protocol-source")?,
        protocol_text: string_option(options, "protocolText")?,
        protocol_data: string_option(options, "protocolData")?,
        instance: pick("instance", "data-instance")?,
        // Set by the loader alone (its own folder), never by the page: the
        // loader fetches data files from that folder only, so a page's own
        // `base` could only have sent stylesheets and modules elsewhere.
        base: string_option(options, "base")?,
    })
}

/// A custom protocol file to load: (name for messages, text).
type Custom = (String, String);

/// The custom protocol file the options name, if any: `protocolText`, or the
/// text of the element `protocolSource` selects.
fn custom_protocol(
    options: &Options,
    document: Option<&web_sys::Document>,
) -> Result<Option<Custom>, Vec<Problem>> {
    if let Some(text) = &options.protocol_text {
        return Ok(Some(("(the chosen file)".to_string(), text.clone())));
    }
    let Some(selector) = &options.protocol_source else {
        return Ok(None);
    };
    let found = document.and_then(|d| d.query_selector(selector).ok().flatten());
    let Some(source) = found else {
        return Err(vec![Problem::text(format!(
            "data-protocol-source=\"{selector}\" names no element on this page. Point it at a <script type=\"text/plain\" id=\"…\"> holding the protocol file, e.g. \"#my-protocol\"."
        ))]);
    };
    Ok(Some((
        selector.clone(),
        source.text_content().unwrap_or_default(),
    )))
}

/// Makes this page's widgets load custom protocol files (`protocolText`,
/// `protocolSource`) in-process and synchronously, instead of fetching the
/// checker module (`case-resolution-check.js`). For the browser tests, which
/// have no `dist/` to fetch it from. Calling it links the TOML parser into
/// the wasm; a function pointer, so that the widget's own wasm has none.
pub fn load_custom_protocols_inline() {
    crate::ui::load_protocol_files_with(protocol::load_str);
    browser::set_inline_data(bundled_data);
}

/// The data files of the bundled protocols, compiled in-process: what
/// `dist/protocols/` would hold (for the browser tests).
fn bundled_data(path: &str) -> Option<String> {
    let protocols = protocol::bundled().ok()?;
    let name = path.strip_prefix(data::DIR)?;
    if name == data::INDEX {
        return Some(data::index_json(
            &protocols,
            &fallback::picker_version(&protocols),
        ));
    }
    protocols
        .iter()
        .find(|p| data::file_name(&p.id) == name)
        .map(data::write)
}

thread_local! {
    /// The loader's directory, set once by `set_base`: the fallback when a
    /// mount's options give none or cannot be read, so even an error panel
    /// links the widget's own stylesheet rather than one beside the host page.
    static DEFAULT_BASE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Called by the loader with the directory it was loaded from, its
/// `(url) => Promise<module>`, with which the widget loads its on-demand
/// modules (their scripts and wasm checked against the release's hashes),
/// its `(path) => Promise<string | null>`, which fetches the widget's data
/// files (`protocols/…`) from that directory only, and the release's hashes
/// of its files, set on the stylesheet links the widget makes.
#[wasm_bindgen]
pub fn set_base(base: String, importer: JsValue, data: JsValue, integrity: JsValue) {
    DEFAULT_BASE.with(|b| *b.borrow_mut() = base);
    if integrity.is_object() {
        browser::set_integrity(integrity);
    }
    if let Ok(importer) = importer.dyn_into::<js_sys::Function>() {
        browser::set_importer(importer);
    }
    if let Ok(data) = data.dyn_into::<js_sys::Function>() {
        browser::set_data_fetcher(data);
    }
}

/// The directory of the widget's files: the `base` option, else the
/// loader's (also when the options cannot be read).
fn base_url(options: Option<&Options>) -> String {
    ui::folder(
        options
            .and_then(|o| o.base.clone())
            .unwrap_or_else(|| DEFAULT_BASE.with(|b| b.borrow().clone())),
    )
}

/// Attaches an open shadow root to `host` (or, for elements that cannot
/// have one, to a new child) holding the stylesheet link and a container,
/// and, when the host holds a static fallback, the slot that keeps showing it
/// until the widget has mounted.
fn shadow_container(
    host: &web_sys::Element,
    base: &str,
    with_fallback: bool,
) -> Result<web_sys::HtmlElement, JsValue> {
    let document = host
        .owner_document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
    let shadow = match host.attach_shadow(&init) {
        Ok(s) => s,
        Err(_) => {
            let inner = document.create_element("div")?;
            host.append_child(&inner)?;
            inner.attach_shadow(&init)?
        }
    };
    let link = browser::stylesheet(&document, base, "case-resolution.css")?;
    shadow.append_child(&link)?;
    if with_fallback {
        let slot = document.create_element("slot")?;
        slot.set_attribute("name", fallback::SLOT)?;
        shadow.append_child(&slot)?;
    }
    // The component's own element inside is the `.cr-root`.
    let container: web_sys::HtmlElement = document.create_element("div")?.unchecked_into();
    shadow.append_child(&container)?;
    Ok(container)
}

fn mount_element(host: web_sys::Element, options: &JsValue) -> bool {
    if host.has_attribute(MOUNTED_ATTR) {
        return false;
    }
    let _ = host.set_attribute(MOUNTED_ATTR, "");
    let document = host.owner_document();
    let parsed = read_options(&host, options);
    let base = base_url(parsed.as_ref().ok());
    let with_fallback = !fallbacks(&host).is_empty();
    let container = match shadow_container(&host, &base, with_fallback) {
        Ok(c) => c,
        Err(e) => {
            browser::warn_error(
                "case-resolution: could not create the widget's shadow root:",
                &e,
            );
            let _ = host.remove_attribute(MOUNTED_ATTR);
            return false;
        }
    };
    let custom = parsed
        .map_err(|p| vec![p])
        .and_then(|o| custom_protocol(&o, document.as_ref()).map(|c| (o, c)));
    let (options, custom) = match custom {
        Ok(found) => found,
        Err(problems) => {
            container.set_class_name("cr-root");
            ui::show_problems(&container, &problems);
            explain_all(&host, &why_not_started(&Options::default()));
            return true;
        }
    };
    let reason = why_not_started(&options);
    // Once drawn: the fallback leaves the DOM (not only the view), or says
    // why the widget could not start.
    let on_load = Rc::new(move |loaded: &Loaded| match loaded {
        Loaded::Started { stamp } => {
            for element in fallbacks(&host) {
                if let Some((id, version)) = stamp {
                    check_stamp(&element, id, version);
                }
                element.remove();
            }
        }
        Loaded::Failed { .. } => explain_all(&host, &reason),
    });
    let (protocol_name, protocol_text) = custom.unzip();
    let props = CaseResolutionProps {
        protocol: options.protocol,
        protocol_data: options.protocol_data,
        protocol_text,
        protocol_name,
        instance: options.instance,
        base,
        shadow: false,
        on_load: Some(on_load),
    };
    leptos::mount::mount_to(container, move || CaseResolution(props)).forget();
    true
}

/// The host's static fallbacks: its direct children marked
/// [`fallback::ATTR`] (normally one).
fn fallbacks(host: &web_sys::Element) -> Vec<web_sys::Element> {
    let Ok(list) = host.query_selector_all(&format!(":scope > [{}]", fallback::ATTR)) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
        .collect()
}

fn describe_stamp(id: &str, version: &str) -> String {
    if id.is_empty() {
        format!("version {version} for the partnership picker")
    } else {
        format!("version {version} for “{id}”")
    }
}

/// Warns when a fallback's stamp is not the one the widget would write now,
/// naming both, so the web officer updates the page. A fallback without a
/// version (written by hand) is not checked.
fn check_stamp(element: &web_sys::Element, id: &str, version: &str) {
    let Some(found_version) = element.get_attribute(fallback::VERSION_ATTR) else {
        return;
    };
    let found_id = element.get_attribute(fallback::ATTR).unwrap_or_default();
    let (found_id, found_version) = (found_id.trim(), found_version.trim());
    if found_id != id || found_version != version {
        browser::warn(&format!(
            "case-resolution: this page's fallback (the emergency information inside the widget's element) is {}, but the widget loaded {}. Copy the snippet again from the demo page (or dist/fallback/) so that the page shows the protocol's current contacts.",
            describe_stamp(found_id, found_version),
            describe_stamp(id, version),
        ));
    }
}

/// Why the widget could not start, in plain words, for the fallback's line.
fn why_not_started(options: &Options) -> String {
    if options.protocol_text.is_some() || options.protocol_source.is_some() {
        "the protocol file this page gives it has mistakes".to_string()
    } else if options.protocol_data.is_some() {
        "the compiled protocol file this page gives it cannot be read".to_string()
    } else if let Some(id) = &options.protocol {
        format!("this page asks for a protocol (“{id}”) that it does not include")
    } else {
        "this page sets it up wrongly".to_string()
    }
}

/// Adds the "could not start" line to each of the host's fallbacks.
fn explain_all(host: &web_sys::Element, reason: &str) {
    for element in fallbacks(host) {
        explain(&element, reason);
    }
}

/// Adds the line saying the interactive version could not start, once.
fn explain(element: &web_sys::Element, reason: &str) {
    let status = "cr-fallback__status";
    if let Ok(Some(_)) = element.query_selector(&format!(".{status}")) {
        return;
    }
    let Some(document) = element.owner_document() else {
        return;
    };
    if let Ok(p) = document.create_element("p") {
        p.set_class_name(status);
        p.set_text_content(Some(&format!(
            "The interactive version of this guide could not start: {reason}. The information above still applies."
        )));
        let _ = element.append_child(&p);
    }
}

/// Mounts a widget into `element` (an element, or a CSS selector for one).
/// `options` is a plain object (`protocol`, `protocolSource`, `protocolText`,
/// `instance`, `base`) or `undefined`; `data-*` attributes on the element
/// fill in what it leaves out. Returns `false`, changing nothing, when the
/// element is missing or already holds a widget. Never throws: configuration
/// mistakes show an error panel in the element.
#[wasm_bindgen]
pub fn mount(element: JsValue, options: JsValue) -> bool {
    let found = if let Some(selector) = element.as_string() {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
    } else {
        element.dyn_into::<web_sys::Element>().ok()
    };
    match found {
        Some(host) => mount_element(host, &options),
        None => {
            browser::warn(
                "case-resolution: mount() was given no element to mount into; nothing was mounted.",
            );
            false
        }
    }
}

/// Mounts a widget into every `[data-case-resolution]` element in the
/// document that has none yet. `defaults` (optional) supplies options shared
/// by all, e.g. `{ base }` from the loader. Returns how many were mounted.
#[wasm_bindgen]
pub fn mount_all(defaults: JsValue) -> u32 {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return 0;
    };
    let Ok(nodes) = document.query_selector_all("[data-case-resolution]") else {
        return 0;
    };
    let mut mounted = 0;
    for i in 0..nodes.length() {
        if let Some(element) = nodes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            if mount_element(element, &defaults) {
                mounted += 1;
            }
        }
    }
    mounted
}
