//! [`CaseResolution`], the widget as one Leptos component: it loads its
//! protocol, then draws the widget or, when it cannot start, an error panel.
//! The embed layer (the snippet's `mount`) renders this same component, so a
//! Leptos host app and a web page run the same code.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

use super::{browser, shell, Config};
use case_resolution_core::html::Html;
use case_resolution_core::protocol::data::{self, Listed};
use case_resolution_core::protocol::{self, Protocol, ProtocolError};

/// One line of the error panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    /// The offending source line, for protocol errors.
    pub source_line: Option<String>,
}

impl Problem {
    pub fn text(message: impl Into<String>) -> Self {
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

/// How a [`CaseResolution`] started, for its `on_load` callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// The widget is drawn. `stamp`: (protocol id, or "" for the partnership
    /// picker; the version a current static fallback carries), when known.
    Started { stamp: Option<(String, String)> },
    /// The error panel is drawn instead, saying these.
    Failed { problems: Vec<Problem> },
}

/// Called once, when the widget or its error panel is drawn.
pub type OnLoad = Rc<dyn Fn(&Loaded)>;

/// The case resolution widget for one partnership's protocol, or the
/// partnership picker.
///
/// The component draws a `<div>`. By default it attaches an open shadow root
/// to it, links `{base}case-resolution.css` inside, and draws the widget
/// there, so the host's styles cannot reach in and the widget's cannot leak
/// out (the stylesheet is written for a shadow root: it styles `:host` and
/// bare elements). It also adds two print stylesheets to the document's
/// `<head>` once (`{base}case-resolution-print.css`, and the A4 page sheet,
/// inactive until the widget prints), keeps its draft in session storage
/// under `case-resolution:<instance or protocol id>`, and fetches its data
/// file (`{base}protocols/<id>.txt`, or `protocols/index.json` for the
/// picker) and, on demand, the Word exporter and checker modules
/// (`{base}case-resolution-docx.js`, `{base}case-resolution-check.js` and
/// their `.wasm`) from `base`. A host serves the release's files there.
///
/// Client-side rendering only: the widget reads the browser's storage and
/// clock as it starts, so it has nothing to render on a server.
///
/// ```no_run
/// use case_resolution::CaseResolution;
/// use leptos::prelude::*;
///
/// leptos::mount::mount_to_body(|| {
///     view! {
///         <main>
///             <h1>"Escalating a professional disagreement"</h1>
///             <CaseResolution protocol="darlington" base="/case-resolution/" />
///         </main>
///     }
/// });
/// ```
#[component]
pub fn CaseResolution(
    /// The partnership's protocol id (for example `"darlington"`): the
    /// component fetches `{base}protocols/<id>.txt`. Leave it out, with
    /// `protocol_data` and `protocol_text`, to offer the partnership picker.
    #[prop(optional, into)]
    protocol: Option<String>,
    /// A compiled protocol data file's text (what `protocol-data` writes, as
    /// in `protocols/<id>.txt`), used instead of fetching one.
    #[prop(optional, into)]
    protocol_data: Option<String>,
    /// A protocol file's text (TOML), checked and loaded by the on-demand
    /// checker module; its mistakes show in the error panel.
    #[prop(optional, into)]
    protocol_text: Option<String>,
    /// What to call `protocol_text` in messages, for example its file name.
    #[prop(optional, into)]
    protocol_name: Option<String>,
    /// Tells two widgets for the same protocol on one page apart: each keeps
    /// its draft under its own session storage key.
    #[prop(optional, into)]
    instance: Option<String>,
    /// URL of the folder holding the widget's files (stylesheets, data files,
    /// on-demand modules), for example `"/case-resolution/"`.
    #[prop(into)]
    base: String,
    /// `false`: draw the widget straight into the component's `<div>`, for a
    /// host that already gives it a shadow root with `case-resolution.css`
    /// (as the embed layer does). Default `true`.
    #[prop(default = true)]
    shadow: bool,
    /// Called once the widget, or its error panel, is drawn.
    #[prop(optional)]
    on_load: Option<OnLoad>,
) -> impl IntoView {
    let base = folder(base);
    let start = Start {
        source: if let Some(text) = protocol_text {
            Source::Text(
                protocol_name.unwrap_or_else(|| "(the chosen file)".to_string()),
                text,
            )
        } else if let Some(text) = protocol_data {
            Source::Data(text)
        } else if let Some(id) = protocol {
            Source::Id(id)
        } else {
            Source::Picker
        },
        instance,
        base,
        shadow,
        on_load,
        #[cfg(not(feature = "embed"))]
        owner: Owner::current(),
    };
    view! { <div use:begin=start></div> }
}

/// Where the protocol comes from.
#[derive(Clone)]
enum Source {
    Id(String),
    Data(String),
    /// (name for messages, text)
    Text(String, String),
    Picker,
}

/// The component's props, as its directive gets them.
#[derive(Clone)]
struct Start {
    source: Source,
    instance: Option<String>,
    base: String,
    shadow: bool,
    on_load: Option<OnLoad>,
    /// The component's owner: the widget drawn later (after a fetch) is its
    /// child, so it is cleaned up with the component.
    #[cfg(not(feature = "embed"))]
    owner: Option<Owner>,
}

/// What a widget offers, ready to show.
struct Offer {
    choices: Vec<Listed>,
    protocols: Vec<Option<Protocol>>,
    /// True when the page chose the protocol (no picker).
    fixed: bool,
    /// See [`Loaded::Started`].
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

/// Loads a protocol file: (name, text).
pub type Loader = fn(&str, &str) -> Result<Protocol, Vec<ProtocolError>>;

thread_local! {
    /// Loads protocol files in-process instead of through the on-demand
    /// checker module (the browser tests, which have no `dist/`).
    static INLINE_LOADER: std::cell::Cell<Option<Loader>> = const { std::cell::Cell::new(None) };
    /// Storage keys in use on this page and the elements holding them, so
    /// two widgets never share one. A key is free again once its element
    /// has left the page (the demo replaces its widget when the partnership
    /// changes).
    static KEYS: RefCell<Vec<(String, web_sys::Element)>> = const { RefCell::new(Vec::new()) };
}

/// Makes this page's widgets load protocol files (`protocol_text`) with
/// `load`, in-process and synchronously. A function pointer, so that the
/// widget's own wasm links no TOML parser.
pub fn load_protocol_files_with(load: Loader) {
    INLINE_LOADER.with(|l| l.set(Some(load)));
}

/// The component's directive: runs as its `<div>` is created.
fn begin(el: web_sys::Element, mut start: Start) {
    let container = if start.shadow {
        match shadow_container(&el, &start.base) {
            Ok(c) => c,
            Err(e) => {
                browser::warn_error(
                    "case-resolution: could not create the widget's shadow root:",
                    &e,
                );
                return;
            }
        }
    } else {
        el.set_class_name("cr-root");
        el.clone().unchecked_into()
    };
    // The text of a protocol file is taken, not copied (the directive's
    // parameter is a clone already).
    let source = std::mem::replace(&mut start.source, Source::Picker);
    // A widget for a protocol id keeps its draft under that id.
    let by_id = matches!(source, Source::Id(_));
    // One task for every source (one future type, not one per source): the
    // protocol's data file (under the snippet the loader requested it as
    // the page loaded), the index, or the checker module.
    // Not `leptos::task::spawn_local`: no Leptos executor may exist yet.
    wasm_bindgen_futures::spawn_local(async move {
        let resolved = resolve(&start.base, source).await;
        show(&el, container, start, by_id, resolved);
    });
}

/// The protocol (or the picker's partnerships) a source gives, or why not.
async fn resolve(base: &str, source: Source) -> Result<Offer, Vec<Problem>> {
    match source {
        Source::Data(text) => {
            let version = case_resolution_core::fallback::version_of_compiled(data::body(&text));
            data::read(&text)
                .map(|p| Offer::one(p, Some(version)))
                .map_err(|e| vec![Problem::text(e.message("The compiled protocol file"))])
        }
        Source::Text(name, text) => {
            let loaded = match INLINE_LOADER.with(|l| l.get()) {
                Some(load) => load(&name, &text).map(|p| (p, None)),
                None => match browser::check_protocol(base, &name, &text).await {
                    Ok(loaded) => loaded.map(|(p, v)| (p, Some(v))),
                    Err(message) => return Err(vec![Problem::text(message)]),
                },
            };
            custom_result(&name, &text, loaded)
        }
        Source::Id(id) => fixed_offer(base, id).await,
        Source::Picker => picker_offer(base).await,
    }
}

/// Attaches an open shadow root to `el` holding the stylesheet link and the
/// container the widget is drawn in.
fn shadow_container(el: &web_sys::Element, base: &str) -> Result<web_sys::HtmlElement, JsValue> {
    let document = el
        .owner_document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let shadow = el.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
    let link = browser::stylesheet(&document, base, "case-resolution.css")?;
    shadow.append_child(&link)?;
    let container: web_sys::HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("cr-root");
    shadow.append_child(&container)?;
    Ok(container)
}

/// Draws the widget, or the error panel, into `container`, and says which.
fn show(
    el: &web_sys::Element,
    container: web_sys::HtmlElement,
    start: Start,
    by_id: bool,
    resolved: Result<Offer, Vec<Problem>>,
) {
    let loaded = match resolved {
        Ok(offer) => {
            browser::ensure_print_sheets(&start.base);
            let storage_key = storage_key(el, &start, by_id, &offer);
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
                base: start.base.clone(),
            };
            let mount = move || leptos::mount::mount_to(container, move || shell::app(config));
            // In a host app the widget's reactive state is a child of the
            // component's owner, freed with it. Under the snippet that owner
            // is a root the embed layer never frees, so it is not kept there
            // (keeping it cost the snippet 0.3 KB brotli).
            #[cfg(not(feature = "embed"))]
            let handle = match &start.owner {
                Some(owner) => owner.with(mount),
                None => mount(),
            };
            #[cfg(feature = "embed")]
            let handle = mount();
            handle.forget();
            Loaded::Started { stamp }
        }
        Err(problems) => {
            show_problems(&container, &problems);
            Loaded::Failed { problems }
        }
    };
    if let Some(on_load) = &start.on_load {
        on_load(&loaded);
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
async fn fetch_index(base: &str) -> Result<(Vec<Listed>, String), String> {
    let file = format!("{}{}", data::DIR, data::INDEX);
    match browser::fetch_data(base, &file).await {
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
async fn picker_offer(base: &str) -> Result<Offer, Vec<Problem>> {
    let (choices, version) = fetch_index(base)
        .await
        .map_err(|m| vec![Problem::text(m)])?;
    Ok(Offer {
        // Not `vec![None; n]`, which clones an `Option<Protocol>` (a deep
        // clone's code in the wasm for `None`s).
        protocols: choices.iter().map(|_| None).collect(),
        choices,
        fixed: false,
        stamp: Some((String::new(), version)),
    })
}

/// A fixed protocol: its data file, or why not.
async fn fixed_offer(base: &str, id: String) -> Result<Offer, Vec<Problem>> {
    if !data::valid_id(&id) {
        return Err(vec![Problem::text(format!(
            "“{id}” is not a protocol id: ids are lower-case letters, digits and hyphens, for example “devon-dcfp”."
        ))]);
    }
    match browser::load_protocol(base, &id).await {
        Ok(Some(loaded)) => Ok(Offer::one(loaded.protocol, Some(loaded.version))),
        Ok(None) => {
            let mut message = format!("There is no protocol with the id “{id}”.");
            if let Ok((choices, _)) = fetch_index(base).await {
                let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
                if let Some(s) = protocol::suggest(&id, ids.iter().copied()) {
                    message.push_str(&format!(" Did you mean “{s}”?"));
                }
                message.push_str(&format!(
                    " The protocols available are: {}.",
                    case_resolution_core::html::join(&ids, ", ")
                ));
            }
            Err(vec![Problem::text(message)])
        }
        Err(message) => Err(vec![Problem::text(message)]),
    }
}

/// A storage key for this widget, distinct from every other on the page.
fn storage_key(el: &web_sys::Element, start: &Start, by_id: bool, offer: &Offer) -> String {
    let name =
        start
            .instance
            .clone()
            .unwrap_or_else(|| match (offer.fixed, offer.choices.first()) {
                (true, Some(p)) if by_id => p.id.clone(),
                (true, Some(p)) => format!("custom-{}", p.id),
                _ => "picker".to_string(),
            });
    let base = format!("case-resolution:{name}");
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        keys.retain(|(_, e)| e.is_connected());
        let mut key = base.clone();
        let mut n = 2;
        while keys.iter().any(|(k, _)| *k == key) {
            key = format!("{base}:{n}");
            n += 1;
        }
        keys.push((key.clone(), el.clone()));
        key
    })
}

/// A folder's URL as the widget's files are named from it: ending in `/`.
pub fn folder(mut base: String) -> String {
    if !base.is_empty() && !base.ends_with('/') {
        base.push('/');
    }
    base
}

/// Shows the error panel in `container` instead of the widget, and says why
/// in the console (for the page's maintainer).
pub fn show_problems(container: &web_sys::Element, problems: &[Problem]) {
    for p in problems {
        browser::warn(&format!("case-resolution: {}", p.message));
    }
    browser::set_html(container, &error_panel(problems));
}

/// The error panel shown instead of the widget: escaped HTML, as it never
/// changes (no view, no signals).
pub fn error_panel(problems: &[Problem]) -> Html {
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
