//! wasm-bindgen entry points: the only code that reads the host page.
//!
//! Mounting is explicit (no `#[wasm_bindgen(start)]`): the loader
//! `web/case-resolution.js` calls [`mount_all`] once the module is ready, and
//! host pages may call `window.CaseResolution.mount(element, options)`.
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

use std::cell::RefCell;

use case_resolution_core::html::Html;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::{self, browser, Config};
use case_resolution_core::fallback;
use case_resolution_core::protocol::data::{self, Listed};
use case_resolution_core::protocol::{self, Protocol, ProtocolError};

/// Attribute set on an element once a widget (or its error panel) is
/// mounted in it, so a second mount into the same element is a no-op.
const MOUNTED_ATTR: &str = "data-case-resolution-mounted";

thread_local! {
    /// Storage keys in use on this page and their host elements, so two
    /// widgets never share one. A key is free again once its host has left
    /// the page (the demo replaces its widget when the partnership changes).
    static KEYS: RefCell<Vec<(String, web_sys::Element)>> = const { RefCell::new(Vec::new()) };
}

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

/// One line of the error panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    /// The offending source line, for protocol errors.
    pub source_line: Option<String>,
}

impl Problem {
    fn text(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            source_line: None,
        }
    }

    fn from_protocol(source: &str, e: &ProtocolError) -> Self {
        let mut message = format!("Line {}, column {}: ", e.line, e.column);
        if !e.path.is_empty() {
            message.push_str(&format!("{}: ", e.path));
        }
        message.push_str(&e.message);
        if let Some(help) = &e.help {
            message.push_str(&format!(" (help: {help})"));
        }
        Problem {
            message,
            source_line: source
                .lines()
                .nth(e.line.saturating_sub(1))
                .filter(|_| e.line > 0)
                .map(|l| format!("{:>4} | {l}", e.line)),
        }
    }
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

/// What a widget offers, ready to show.
struct Offer {
    choices: Vec<Listed>,
    protocols: Vec<Option<Protocol>>,
    /// True when the page chose the protocol (no picker).
    fixed: bool,
    /// The stamp a current static fallback for this widget carries:
    /// (protocol id, or "" for the picker; version). `None`: not known (a
    /// custom protocol loaded in-process, in the tests): not checked.
    stamp: Option<(String, String)>,
}

impl Offer {
    /// One protocol, fixed, with its version when known.
    fn one(p: Protocol, version: Option<String>) -> Self {
        Offer {
            stamp: version.map(|v| (p.id.clone(), v)),
            choices: vec![Listed::of(&p)],
            protocols: vec![Some(p)],
            fixed: true,
        }
    }
}

/// A custom protocol file, loaded (by the checker module or in-process), as
/// the widget's offer or the problems to show.
fn custom_result(
    name: &str,
    text: &str,
    loaded: Result<(Protocol, Option<String>), Vec<ProtocolError>>,
) -> Result<Offer, Vec<Problem>> {
    loaded.map(|(p, v)| Offer::one(p, v)).map_err(|errors| {
        let mut out = vec![Problem::text(format!(
            "The custom protocol {name} has {} mistake{}:",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        ))];
        out.extend(errors.iter().map(|e| Problem::from_protocol(text, e)));
        out
    })
}

/// The picker's index (`protocols/index.json`, `data::index_json`): the
/// partnerships and the picker fallback's version.
fn read_index(text: &str) -> Result<(Vec<Listed>, String), String> {
    let file = format!("{}{}", data::DIR, data::INDEX);
    let value = js_sys::JSON::parse(text)
        .map_err(|_| format!("{file} is not a partnership index (it is not JSON)."))?;
    let get = |v: &JsValue, key: &str| {
        js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    };
    let format = get(&value, "format").as_f64();
    if format != Some(f64::from(data::FORMAT)) {
        return Err(format!(
            "{file} is in format {}, and this widget reads format {}: rebuild the widget's files so that they come from one release.",
            // As an integer: formatting an f64 would link float printing (KBs).
            format.map_or("(none)".to_string(), |f| (f as i64).to_string()),
            data::FORMAT
        ));
    }
    let version = get(&value, "picker_version")
        .as_string()
        .unwrap_or_default();
    let entries = get(&value, "protocols");
    if !js_sys::Array::is_array(&entries) {
        return Err(format!("{file} lists no partnerships."));
    }
    let mut out = Vec::new();
    for (n, entry) in js_sys::Array::from(&entries).iter().enumerate() {
        let field = |key: &str| get(&entry, key).as_string();
        match (
            field("id"),
            field("name"),
            field("short_name"),
            field("area"),
        ) {
            (Some(id), Some(name), Some(short_name), Some(area)) if data::valid_id(&id) => out
                .push(Listed {
                    id,
                    name,
                    short_name,
                    area,
                }),
            _ => {
                return Err(format!(
                    "{file}: partnership {} has no valid id, name, short_name and area.",
                    n + 1
                ))
            }
        }
    }
    if out.is_empty() {
        return Err(format!("{file} lists no partnerships."));
    }
    Ok((out, version))
}

/// The index, or the problem to show.
async fn fetch_index() -> Result<(Vec<Listed>, String), String> {
    let file = format!("{}{}", data::DIR, data::INDEX);
    match browser::fetch_data(&file).await {
        Ok(Some(text)) => read_index(&text),
        Ok(None) => Err(format!(
            "The partnership index {file} is missing: publish the whole protocols/ directory with the widget's files."
        )),
        Err(why) => Err(format!(
            "The partnership index {file} could not be loaded: {why}."
        )),
    }
}

/// The picker: every partnership in the index, none loaded yet.
async fn picker_offer() -> Result<Offer, Vec<Problem>> {
    let (choices, version) = fetch_index().await.map_err(|m| vec![Problem::text(m)])?;
    Ok(Offer {
        protocols: vec![None; choices.len()],
        choices,
        fixed: false,
        stamp: Some((String::new(), version)),
    })
}

/// A fixed protocol: its data file, or why not.
async fn fixed_offer(id: String) -> Result<Offer, Vec<Problem>> {
    if !data::valid_id(&id) {
        return Err(vec![Problem::text(format!(
            "“{id}” is not a protocol id: ids are lower-case letters, digits and hyphens, for example “devon-dcfp”."
        ))]);
    }
    match browser::load_protocol(&id).await {
        Ok(Some(loaded)) => Ok(Offer::one(loaded.protocol, Some(loaded.version))),
        Ok(None) => {
            let mut message = format!("There is no protocol with the id “{id}”.");
            if let Ok((choices, _)) = fetch_index().await {
                let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
                if let Some(s) = protocol::suggest(&id, ids.iter().copied()) {
                    message.push_str(&format!(" Did you mean “{s}”?"));
                }
                message.push_str(&format!(
                    " The protocols available are: {}.",
                    ids.join(", ")
                ));
            }
            Err(vec![Problem::text(message)])
        }
        Err(message) => Err(vec![Problem::text(message)]),
    }
}

/// Loads a protocol file: (name, text).
type Loader = fn(&str, &str) -> Result<Protocol, Vec<ProtocolError>>;

thread_local! {
    /// Loads custom protocol files in-process instead of through the
    /// on-demand checker module: see [`load_custom_protocols_inline`].
    static INLINE_LOADER: std::cell::Cell<Option<Loader>> = const { std::cell::Cell::new(None) };
}

/// Makes this page's widgets load custom protocol files (`protocolText`,
/// `protocolSource`) in-process and synchronously, instead of fetching the
/// checker module (`case-resolution-check.js`). For the browser tests, which
/// have no `dist/` to fetch it from. Calling it links the TOML parser into
/// the wasm; a function pointer, so that the widget's own wasm has none.
pub fn load_custom_protocols_inline() {
    INLINE_LOADER.with(|l| l.set(Some(protocol::load_str)));
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

/// A storage key for this widget, distinct from every other on the page.
fn storage_key(host: &web_sys::Element, options: &Options, offer: &Offer) -> String {
    let name =
        options
            .instance
            .clone()
            .unwrap_or_else(|| match (offer.fixed, offer.choices.first()) {
                (true, Some(p)) if options.protocol.is_some() => p.id.clone(),
                (true, Some(p)) => format!("custom-{}", p.id),
                _ => "picker".to_string(),
            });
    let base = format!("case-resolution:{name}");
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        keys.retain(|(_, h)| h.is_connected());
        let mut key = base.clone();
        let mut n = 2;
        while keys.iter().any(|(k, _)| *k == key) {
            key = format!("{base}:{n}");
            n += 1;
        }
        keys.push((key.clone(), host.clone()));
        key
    })
}

thread_local! {
    /// The loader's directory, set once by `set_base`: the fallback when a
    /// mount's options give none or cannot be read, so even an error panel
    /// links the widget's own stylesheet rather than one beside the host page.
    static DEFAULT_BASE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Called by the loader with the directory it was loaded from, its
/// `(url) => import(url)`, with which the widget loads its on-demand modules,
/// and its `(path) => Promise<string | null>`, which fetches the widget's
/// data files (`protocols/…`) from that directory only.
#[wasm_bindgen]
pub fn set_base(base: String, importer: JsValue, data: JsValue) {
    DEFAULT_BASE.with(|b| *b.borrow_mut() = base);
    if let Ok(importer) = importer.dyn_into::<js_sys::Function>() {
        browser::set_importer(importer);
    }
    if let Ok(data) = data.dyn_into::<js_sys::Function>() {
        browser::set_data_fetcher(data);
    }
}

fn default_base() -> String {
    DEFAULT_BASE.with(|b| b.borrow().clone())
}

/// The directory of the widget's files: the `base` option, else the loader's.
fn base_url(options: &Options) -> String {
    let mut base = options.base.clone().unwrap_or_else(default_base);
    if !base.is_empty() && !base.ends_with('/') {
        base.push('/');
    }
    base
}

/// The error panel shown instead of the widget: escaped HTML, as it never
/// changes (no view, no signals).
pub(crate) fn error_panel(problems: &[Problem]) -> Html {
    let mut html = Html::new();
    html.lit("<div class=\"cr-widget cr-error-panel\" role=\"alert\" aria-labelledby=\"cr-error-panel-title\"><h2 class=\"cr-error-panel__title\" id=\"cr-error-panel-title\">The case resolution widget could not start</h2><ul class=\"cr-error-panel__list\">");
    for p in problems {
        html.lit("<li>").text(&p.message);
        if let Some(line) = &p.source_line {
            html.lit("<pre class=\"cr-error-panel__source\">")
                .text(line)
                .lit("</pre>");
        }
        html.lit("</li>");
    }
    html.lit("</ul><p class=\"cr-hint\">If you look after this page, correct the embedding code or the protocol file. If you are a practitioner, follow your partnership's escalation protocol directly.</p></div>");
    html
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
    let link = document.create_element("link")?;
    link.set_attribute("rel", "stylesheet")?;
    link.set_attribute("href", &format!("{base}case-resolution.css"))?;
    shadow.append_child(&link)?;
    if with_fallback {
        let slot = document.create_element("slot")?;
        slot.set_attribute("name", fallback::SLOT)?;
        shadow.append_child(&slot)?;
    }
    let container: web_sys::HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("cr-root");
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
    let base = parsed.as_ref().map(base_url).unwrap_or_else(|_| {
        let mut b = default_base();
        if !b.is_empty() && !b.ends_with('/') {
            b.push('/');
        }
        b
    });
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
    match (custom, INLINE_LOADER.with(|l| l.get())) {
        (Ok((options, Some((name, text)))), Some(load)) => {
            let resolved = custom_result(&name, &text, load(&name, &text).map(|p| (p, None)));
            show(host, container, options, base, resolved);
        }
        (Ok((options, Some((name, text)))), None) => {
            // The checker module loads the file; the widget appears when it has.
            // Not `leptos::task::spawn_local`: no Leptos executor may exist yet.
            wasm_bindgen_futures::spawn_local(async move {
                let resolved = match browser::check_protocol(&base, &name, &text).await {
                    Ok(loaded) => custom_result(&name, &text, loaded.map(|(p, v)| (p, Some(v)))),
                    Err(message) => Err(vec![Problem::text(message)]),
                };
                show(host, container, options, base, resolved);
            });
        }
        (Ok((options, None)), _) => {
            if let Some(text) = &options.protocol_data {
                let version = fallback::version_of_compiled(data::body(text));
                let resolved = data::read(text)
                    .map(|p| Offer::one(p, Some(version)))
                    .map_err(|e| vec![Problem::text(e.message("The compiled protocol file"))]);
                show(host, container, options, base, resolved);
                return true;
            }
            // The data file (or the index) was requested by the loader
            // when the page loaded; this waits for it.
            wasm_bindgen_futures::spawn_local(async move {
                let resolved = match options.protocol.clone() {
                    Some(id) => fixed_offer(id).await,
                    None => picker_offer().await,
                };
                show(host, container, options, base, resolved);
            });
        }
        (Err(problems), _) => show(host, container, Options::default(), base, Err(problems)),
    }
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

/// Mounts the widget, or the error panel, into `container`.
fn show(
    host: web_sys::Element,
    container: web_sys::HtmlElement,
    options: Options,
    base: String,
    resolved: Result<Offer, Vec<Problem>>,
) {
    match resolved {
        Ok(offer) => {
            browser::ensure_print_sheets(&base);
            let storage_key = storage_key(&host, &options, &offer);
            let Offer {
                choices,
                protocols,
                fixed,
                stamp,
            } = offer;
            let config = Config {
                choices,
                protocols,
                fixed,
                storage_key,
                base,
            };
            leptos::mount::mount_to(container, move || ui::app(config)).forget();
            // Mounted: the fallback leaves the DOM (not only the view).
            for element in fallbacks(&host) {
                if let Some((id, version)) = &stamp {
                    check_stamp(&element, id, version);
                }
                element.remove();
            }
        }
        Err(problems) => {
            for p in &problems {
                browser::warn(&format!("case-resolution: {}", p.message));
            }
            let reason = why_not_started(&options);
            for element in fallbacks(&host) {
                explain(&element, &reason);
            }
            browser::set_html(&container, &error_panel(&problems));
        }
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
