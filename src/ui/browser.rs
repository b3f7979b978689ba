//! The edge: every call the widget makes into the browser beyond its own DOM.
//!
//! Session storage, downloads, the clipboard, reading a chosen file, loading
//! the on-demand Word exporter and protocol checker, printing, the clock and randomness all live
//! here, so the components stay thin and the domain core never sees web-sys.
//! Every function degrades (returns an error or does nothing) instead of
//! panicking when the browser refuses.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use case_resolution_core::form::export::FileKind;
use case_resolution_core::guidance::Date;
use case_resolution_core::html::Html;

thread_local! {
    /// The loader's `(url) => import(url)`: wasm-bindgen cannot express a
    /// dynamic import, and a JS snippet for it would cost the glue a chained
    /// request at start-up. Set once by the embed layer ([`set_importer`]).
    static IMPORTER: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
}

thread_local! {
    /// The loader's `(path) => Promise<string | null>`: fetches one of the
    /// widget's data files (`protocols/…`) from its own directory, at most
    /// once per page (it starts the fixed protocols' files in parallel with
    /// the wasm); `null` for a file that is not there. Set once by the embed
    /// layer ([`set_data_fetcher`]).
    static DATA: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
    /// In-process data files, for the browser tests, which have no `dist/`:
    /// see `embed::load_custom_protocols_inline`.
    static INLINE_DATA: std::cell::Cell<Option<DataFiles>> = const { std::cell::Cell::new(None) };
}

/// Data files by path, served in-process (tests).
type DataFiles = fn(&str) -> Option<String>;

/// Keeps the loader's data file fetcher.
/// The one way HTML enters the page: it takes an [`Html`], which is escaped
/// by construction, so no unescaped string can reach `innerHTML`. Clippy's
/// `disallowed-methods` (clippy.toml) refuses `set_inner_html` elsewhere and
/// the test command refuses Leptos's `inner_html=`.
#[allow(clippy::disallowed_methods)]
pub fn set_html(el: &web_sys::Element, html: &Html) {
    el.set_inner_html(html.as_str());
}

pub fn set_data_fetcher(fetch: js_sys::Function) {
    DATA.with(|d| *d.borrow_mut() = Some(fetch));
}

/// Serves data files from `files` instead of the loader (tests only).
pub fn set_inline_data(files: DataFiles) {
    INLINE_DATA.with(|d| d.set(Some(files)));
}

/// One of the widget's data files by its path under the widget's directory
/// (`protocols/index.json`): `Ok(None)` when it is not there, `Err` with the
/// reason when it could not be fetched.
pub async fn fetch_data(base: &str, path: &str) -> Result<Option<String>, String> {
    if let Some(files) = INLINE_DATA.with(|d| d.get()) {
        return Ok(files(path));
    }
    let fetched = match DATA.with(|d| d.borrow().clone()) {
        Some(fetch) => {
            let promise: js_sys::Promise = fetch
                .call1(&JsValue::NULL, &JsValue::from_str(path))
                .ok()
                .and_then(|p| p.dyn_into().ok())
                .ok_or("the loader could not fetch it")?;
            JsFuture::from(promise).await
        }
        None => fetch_from(base, path).await,
    };
    match fetched {
        Ok(text) if text.is_null() => Ok(None),
        Ok(text) => text
            .as_string()
            .map(Some)
            .ok_or_else(|| "it is not text".to_string()),
        Err(e) => Err(e
            .as_string()
            .or_else(|| {
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
            })
            .unwrap_or_else(|| "the network request failed".to_string())),
    }
}

/// Without the loader (the embed layer sets its fetcher): the text of
/// `{base}{path}`, `null` when the server has no such file.
#[cfg(not(feature = "embed"))]
async fn fetch_from(base: &str, path: &str) -> Result<JsValue, JsValue> {
    let window = window().ok_or("there is no window")?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str(&format!("{base}{path}")))
            .await?
            .dyn_into()?;
    match response.status() {
        404 | 410 => Ok(JsValue::NULL),
        _ if response.ok() => JsFuture::from(response.text()?).await,
        status => Err(format!("the server answered {status}").into()),
    }
}

/// Under the snippet the loader fetches the data files: see [`set_data_fetcher`].
#[cfg(feature = "embed")]
async fn fetch_from(_: &str, _: &str) -> Result<JsValue, JsValue> {
    Err("the widget was not started by case-resolution.js, which fetches its data files".into())
}

/// A protocol loaded from its data file, with the version its static
/// fallback would carry (`case_resolution_core::fallback::version_of_compiled`).
pub struct DataProtocol {
    pub protocol: case_resolution_core::protocol::Protocol,
    pub version: String,
}

/// A protocol's data file by id: the protocol, `Ok(None)` when there is no
/// such file, or the message for the page's maintainer.
pub async fn load_protocol(base: &str, id: &str) -> Result<Option<DataProtocol>, String> {
    use case_resolution_core::protocol::data;
    let path = format!("{}{}", data::DIR, data::file_name(id));
    let Some(text) = fetch_data(base, &path)
        .await
        .map_err(|why| format!("The protocol file {path} could not be loaded: {why}."))?
    else {
        return Ok(None);
    };
    let protocol = data::read(&text).map_err(|e| e.message(&path))?;
    if protocol.id != id {
        return Err(format!(
            "{path} holds the protocol “{}”, not “{id}”: a data file must be named after its protocol's id.",
            protocol.id
        ));
    }
    Ok(Some(DataProtocol {
        version: case_resolution_core::fallback::version_of_compiled(data::body(&text)),
        protocol,
    }))
}

thread_local! {
    /// The release's hashes of its files (`{ "case-resolution.css":
    /// "sha384-…", … }`), from the loader: set on every stylesheet link the
    /// widget makes. `None` in a host app, which serves the files itself.
    static INTEGRITY: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
}

/// Keeps the loader's hashes of the release's files.
pub fn set_integrity(hashes: JsValue) {
    INTEGRITY.with(|i| *i.borrow_mut() = Some(hashes));
}

/// `<link rel="stylesheet" href="{base}{file}">`, with the release's hash
/// of the file as its `integrity` where the loader gave one.
pub fn stylesheet(
    document: &web_sys::Document,
    base: &str,
    file: &str,
) -> Result<web_sys::Element, JsValue> {
    let link = document.create_element("link")?;
    link.set_attribute("rel", "stylesheet")?;
    link.set_attribute("href", &format!("{base}{file}"))?;
    let hash = INTEGRITY.with(|i| {
        i.borrow()
            .as_ref()
            .and_then(|h| js_sys::Reflect::get(h, &JsValue::from_str(file)).ok())
            .and_then(|v| v.as_string())
    });
    if let Some(hash) = hash {
        link.set_attribute("integrity", &hash)?;
    }
    Ok(link)
}

/// Keeps the function the widget uses to import its on-demand modules.
pub fn set_importer(importer: js_sys::Function) {
    IMPORTER.with(|i| *i.borrow_mut() = Some(importer));
}

/// `import(url)` through the loader's function; without one, the default
/// (`Err` under the snippet, whose loader always gives one).
fn import_module(url: &str) -> Result<js_sys::Promise, JsValue> {
    match IMPORTER.with(|i| i.borrow().clone()) {
        Some(importer) => importer
            .call1(&JsValue::NULL, &JsValue::from_str(url))?
            .dyn_into(),
        None => default_import(url),
    }
}

#[cfg(feature = "embed")]
fn default_import(_: &str) -> Result<js_sys::Promise, JsValue> {
    Err(JsValue::from_str(
        "no module importer (the widget was not started by case-resolution.js)",
    ))
}

// A Leptos host has no loader: a dynamic import in a module snippet (a file
// beside the host's glue, so it keeps to a CSP without 'unsafe-eval'). Not
// in the snippet's build, whose loader imports, one request fewer.
#[cfg(not(feature = "embed"))]
#[wasm_bindgen(inline_js = "export function cr_import(url) { return import(url); }")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn cr_import(url: &str) -> Result<js_sys::Promise, JsValue>;
}

#[cfg(not(feature = "embed"))]
fn default_import(url: &str) -> Result<js_sys::Promise, JsValue> {
    cr_import(url)
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Writes a warning to the browser console.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

/// Logs a warning with the JavaScript error that caused it, as the browser
/// shows errors (its stack included); not `{:?}`, whose formatter for
/// JavaScript values the widget would otherwise carry.
pub fn warn_error(message: &str, error: &JsValue) {
    web_sys::console::warn_2(&JsValue::from_str(message), error);
}

/// The practitioner's local date today.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date::new(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .or_else(|| Date::new(2026, 1, 1))
    .unwrap_or(Date {
        year: 2026,
        month: 1,
        day: 1,
    })
}

/// Local date and time now, as (date, "HH:MM").
pub fn now() -> (Date, String) {
    let now = js_sys::Date::new_0();
    (
        today(),
        format!("{:02}:{:02}", now.get_hours(), now.get_minutes()),
    )
}

/// A random 32-bit number (not for secrets: it only makes references distinct).
pub fn random_u32() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

fn session() -> Option<web_sys::Storage> {
    window()?.session_storage().ok().flatten()
}

/// Reads a session storage key; `None` when absent or storage is unavailable.
pub fn session_get(key: &str) -> Option<String> {
    session()?.get_item(key).ok().flatten()
}

/// Writes a session storage key; a full or disabled storage is logged only.
pub fn session_set(key: &str, value: &str) {
    match session() {
        Some(s) => {
            if s.set_item(key, value).is_err() {
                warn(
                    "case-resolution: could not save answers in this tab (session storage refused)",
                );
            }
        }
        None => warn(
            "case-resolution: session storage is not available; answers will not survive a reload",
        ),
    }
}

pub fn session_remove(key: &str) {
    if let Some(s) = session() {
        let _ = s.remove_item(key);
    }
}

/// Offers bytes already in JavaScript (an on-demand module's output) as a
/// download, without copying them through this module's memory.
pub fn download_array(
    file_name: &str,
    mime: &str,
    bytes: &js_sys::Uint8Array,
) -> Result<(), String> {
    let fail = |_| "Your browser did not allow the download.".to_string();
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(bytes);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = window()
        .and_then(|w| w.document())
        .ok_or("No document to download from.")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "Your browser did not allow the download.".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document.body().ok_or("No page body to download from.")?;
    let _ = body.append_child(&anchor);
    anchor.click();
    anchor.remove();
    // Revoke later: revoking at once can cancel the download in some browsers.
    gloo::timers::callback::Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Copies `text` to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = window()
        .map(|w| w.navigator().clipboard())
        .ok_or("The clipboard is not available.")?;
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "Your browser did not allow copying. Select the text in the preview and copy it instead.".to_string())
}

/// Reads a file the practitioner chose, as text. Nothing is uploaded.
pub async fn read_file_text(file: web_sys::File) -> Result<String, String> {
    let value = JsFuture::from(file.text())
        .await
        .map_err(|_| "The file could not be read.".to_string())?;
    value
        .as_string()
        .ok_or_else(|| "The file could not be read as text.".to_string())
}

/// A form control an event happened on: what the question steps' one
/// delegated handler reads back into the answers.
pub struct Control {
    pub name: String,
    pub value: String,
    pub checked: bool,
    /// A radio or checkbox (reported on `change`), not a text control.
    pub choice: bool,
}

pub fn control_of(event: &web_sys::Event) -> Option<Control> {
    let target = event.target()?;
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        let kind = input.type_();
        return Some(Control {
            name: input.name(),
            value: input.value(),
            checked: input.checked(),
            choice: kind == "radio" || kind == "checkbox",
        });
    }
    if let Some(select) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        return Some(Control {
            name: select.name(),
            value: select.value(),
            checked: true,
            choice: true,
        });
    }
    let area = target.dyn_ref::<web_sys::HtmlTextAreaElement>()?;
    Some(Control {
        name: area.name(),
        value: area.value(),
        checked: false,
        choice: false,
    })
}

/// Sets the value of the `<select>` matching `selector` under `root`, if any.
pub fn set_select_value(root: &web_sys::Element, selector: &str, value: &str) {
    if let Some(select) = root
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
    {
        select.set_value(value);
    }
}

/// Sets the value of every text control (text and date inputs, textareas)
/// under `root` that `value_of` knows, as a property: what was typed comes
/// back exactly, which HTML cannot promise (a NUL).
pub fn set_text_values<'a>(root: &web_sys::Element, value_of: impl Fn(&str) -> Option<&'a str>) {
    let Ok(list) = root.query_selector_all("input[type=text],input[type=date],textarea") else {
        return;
    };
    for i in 0..list.length() {
        let Some(node) = list.item(i) else {
            continue;
        };
        if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
            if let Some(value) = value_of(&input.name()) {
                input.set_value(value);
            }
        } else if let Some(area) = node.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            if let Some(value) = value_of(&area.name()) {
                area.set_value(value);
            }
        }
    }
}

/// The first file chosen in a file input, if any.
pub fn chosen_file(event: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = event.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0);
    // Let the same file be chosen again later.
    input.set_value("");
    file
}

/// Imports one of the widget's on-demand modules (`{base}{name}.js` and
/// `{base}{name}_bg.wasm`, next to its other files) and starts it. `Err`
/// after a console warning.
async fn load_module(base: &str, name: &str) -> Result<JsValue, ()> {
    let url = format!("{base}{name}.js");
    let imported = match import_module(&url) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    let module = imported.map_err(|e| {
        warn_error(&format!("case-resolution: import of {url} failed:"), &e);
    })?;
    let init: js_sys::Function = js_sys::Reflect::get(&module, &JsValue::from_str("default"))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(())?;
    let init_options = js_sys::Object::new();
    let wasm_url = format!("{base}{name}_bg.wasm");
    let _ = js_sys::Reflect::set(
        &init_options,
        &JsValue::from_str("module_or_path"),
        &JsValue::from_str(&absolute_url(&wasm_url)),
    );
    let started = init.call1(&JsValue::NULL, &init_options).map_err(|_| ())?;
    if let Ok(promise) = started.dyn_into::<js_sys::Promise>() {
        JsFuture::from(promise).await.map_err(|e| {
            warn_error(&format!("case-resolution: {name} did not start:"), &e);
        })?;
    }
    Ok(module)
}

/// Calls `module.name(args…)`.
fn call_export(module: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(module, &JsValue::from_str(name))?.dyn_into()?;
    f.apply(&JsValue::NULL, &args.iter().collect())
}

/// Makes a form file with an on-demand module, from `request`
/// ([`case_resolution_core::form::export::request`]): `docx` with the Word exporter
/// (`case-resolution-docx.js`), `html` or `json` with the checker module
/// (`case-resolution-check.js`), both next to the widget's other files. The
/// file comes back as a `Uint8Array` for [`download_array`]: a maximal form
/// is ~1 MB of Word, not worth copying back here. `Err` is the message to show.
pub async fn form_file(
    base: &str,
    kind: FileKind,
    request: &str,
) -> Result<js_sys::Uint8Array, String> {
    let word = kind == FileKind::Word;
    let (name, failed) = if word {
        ("case-resolution-docx", "The Word exporter could not be loaded, so no Word file was made. Check that case-resolution-docx.js and its .wasm file are published next to case-resolution.js, or use Print or Download HTML instead.")
    } else {
        ("case-resolution-check", "The form module could not be loaded, so no file was made. Check that case-resolution-check.js and its .wasm file are published next to case-resolution.js, or use Print instead.")
    };
    let module = load_module(base, name)
        .await
        .map_err(|_| failed.to_string())?;
    // As UTF-8 bytes: copied as they are, where a string would be converted
    // to UTF-16 and back (a maximal request is ~360 KB).
    let request: JsValue = js_sys::Uint8Array::from(request.as_bytes()).into();
    let made = if word {
        call_export(&module, "render_docx", &[request])
    } else {
        call_export(&module, "form_file", &[kind.id().into(), request])
    };
    made.map_err(|e| {
        warn_error(&format!("case-resolution: {name} failed:"), &e);
        "The file could not be made. Use Print instead.".to_string()
    })?
    .dyn_into()
    .map_err(|_| "The file could not be made. Use Print instead.".to_string())
}

/// Loads the protocol checker (`case-resolution-check.js`, next to the
/// widget's other files) on demand and loads and validates a custom protocol
/// file with it. The outer `Err` is a message for the page's maintainer.
pub async fn check_protocol(
    base: &str,
    file: &str,
    text: &str,
) -> Result<
    Result<
        (case_resolution_core::protocol::Protocol, String),
        Vec<case_resolution_core::protocol::ProtocolError>,
    >,
    String,
> {
    const FAILED: &str = "The protocol checker (case-resolution-check.js and its .wasm file) could not be loaded, so the custom protocol file could not be read. Publish them next to case-resolution.js.";
    let module = load_module(base, "case-resolution-check")
        .await
        .map_err(|_| FAILED.to_string())?;
    call_export(&module, "compile_protocol", &[file.into(), text.into()])
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|compiled| {
            let version = case_resolution_core::fallback::version_of_compiled(&compiled);
            Some(case_resolution_core::protocol::compact::decode(&compiled)?.map(|p| (p, version)))
        })
        .ok_or_else(|| FAILED.to_string())
}

/// Reads a JSON draft file with the checker module (`case-resolution-check.js`,
/// on demand): (protocol id, answers), or the message to show.
pub async fn read_draft(
    base: &str,
    text: &str,
) -> Result<(String, case_resolution_core::guidance::Answers), String> {
    const FAILED: &str = "The draft reader (case-resolution-check.js and its .wasm file) could not be loaded, so the draft could not be read. Publish them next to case-resolution.js.";
    let module = load_module(base, "case-resolution-check")
        .await
        .map_err(|_| FAILED.to_string())?;
    call_export(&module, "read_draft", &[text.into()])
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|reply| case_resolution_core::form::draft::read_reply(&reply))
        .unwrap_or_else(|| Err(FAILED.to_string()))
}

/// Resolves `url` against the page's address.
fn absolute_url(url: &str) -> String {
    let base = window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    web_sys::Url::new_with_base(url, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| url.to_string())
}

/// Prints only the widget whose shadow root holds `inside`: marks the host
/// page (`html.cr-printing`, rules in `case-resolution-print.css`) and the
/// host element and its ancestors, prints, and unmarks after printing.
pub fn print_widget(inside: &web_sys::Element) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document.document_element() else {
        return;
    };
    let host = inside
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .map(|s| s.host())
        .unwrap_or_else(|_| inside.clone());
    let _ = host.set_attribute("data-cr-printing", "");
    let mut ancestor = host.parent_element();
    while let Some(a) = ancestor {
        let _ = a.set_attribute("data-cr-print-ancestor", "");
        ancestor = a.parent_element();
    }
    let _ = root.class_list().add_1("cr-printing");
    set_page_sheet_media(&document, "print");

    if let Some(w) = window() {
        gloo::events::EventListener::once(&w, "afterprint", move |_| {
            if let Some(document) = window().and_then(|w| w.document()) {
                if let Some(root) = document.document_element() {
                    let _ = root.class_list().remove_1("cr-printing");
                }
                if let Ok(marked) = document.query_selector_all("[data-cr-print-ancestor]") {
                    for i in 0..marked.length() {
                        if let Some(e) = marked
                            .item(i)
                            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                        {
                            let _ = e.remove_attribute("data-cr-print-ancestor");
                        }
                    }
                }
                set_page_sheet_media(&document, "not all");
            }
            let _ = host.remove_attribute("data-cr-printing");
        })
        .forget();
        if w.print().is_err() {
            warn("case-resolution: printing is not available here");
        }
    }
}

/// Switches the A4 page stylesheet (`@page` cannot be scoped to a class, so
/// it only applies while the widget prints).
fn set_page_sheet_media(document: &web_sys::Document, media: &str) {
    if let Ok(Some(link)) = document.query_selector("link[data-cr-page-sheet]") {
        let _ = link.set_attribute("media", media);
    }
}

/// Adds the host page's print stylesheets once per page: the rules that hide
/// everything but the printing widget, and the A4 page size (inactive until
/// printing).
pub fn ensure_print_sheets(base: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(_)) = document.query_selector("link[data-cr-print-sheet]") {
        return;
    }
    let Some(head) = document.head() else {
        return;
    };
    for (file, marker, media) in [
        ("case-resolution-print.css", "data-cr-print-sheet", "print"),
        ("case-resolution-page.css", "data-cr-page-sheet", "not all"),
    ] {
        if let Ok(link) = stylesheet(&document, base, file) {
            let _ = link.set_attribute("media", media);
            let _ = link.set_attribute(marker, "");
            let _ = head.append_child(&link);
        }
    }
}

/// The time now in UTC, for a calendar file's `DTSTAMP`.
pub fn utc_now() -> case_resolution_core::calendar::Stamp {
    let now = js_sys::Date::new_0();
    case_resolution_core::calendar::Stamp {
        date: Date::new(
            now.get_utc_full_year() as i32,
            now.get_utc_month() + 1,
            now.get_utc_date(),
        )
        .unwrap_or_else(today),
        hour: now.get_utc_hours(),
        minute: now.get_utc_minutes(),
        second: now.get_utc_seconds(),
    }
}
