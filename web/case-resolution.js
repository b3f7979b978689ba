// Case resolution widget loader: the one module script a host page includes.
//
//   <div data-case-resolution data-protocol="devon-dcfp">…static fallback…</div>
//   <script type="module" src="/path/to/case-resolution.js"></script>
//
// Loads the WebAssembly next to this file (URLs relative to import.meta.url,
// so the files can be copied anywhere together), then mounts a widget into
// every [data-case-resolution] element. Each widget lives in its own shadow
// root and loads case-resolution.css from this file's directory itself.
//
// Also sets window.CaseResolution:
//   version                     the release's version, e.g. "0.1.0"
//   ready                       a promise, settled when the module has loaded:
//                                  true, or false when the widget cannot start
//   mount(element, options)     -> Promise<boolean>; element or CSS selector;
//                                  options { protocol, protocolSource,
//                                  protocolText, protocolData, instance }; false (and a
//                                  console warning) for a missing element;
//                                  false for an element that already has one.
//   mountAll()                  -> Promise<number>: mounts into new
//                                  [data-case-resolution] elements.
//   protocols()                 -> Promise<[{ id, name, short_name, area }]>,
//                                  from protocols/index.json
//   compileProtocol(name, text) -> Promise<string | null>: the data file for
//                                  protocols/<id>.txt (null: it has mistakes)
//   checkProtocol(name, text)   -> Promise<{ ok, id, name, errors: [...] }>,
//                                  from the protocol checker module
//                                  (case-resolution-check.js), fetched from
//                                  this file's directory on first use
// Protocols are data files beside this one (protocols/<id>.txt, and
// protocols/index.json for the partnership picker), fetched only from this
// file's own directory: a widget with data-protocol="<id>" fetches that one
// file, in parallel with the wasm; the picker fetches the index, then the
// partnership chosen.
// Nothing here throws into the host page: failures are logged and the
// promises resolve to false / 0 / [].
// No inline script and no eval: works under a strict Content Security Policy
// with script-src 'self' 'wasm-unsafe-eval'.
//
// The static fallback: the snippet carries the emergency guidance
// inside the element (<div class="cr-fallback" data-cr-fallback …>), which
// shows before this file has even loaded. This file links its stylesheet,
// case-resolution-fallback.css, into the page when a fallback is there; the
// widget removes the fallback when it mounts. If the widget cannot start
// (no WebAssembly in this browser, a file that fails to load), the fallback
// stays and gains one line saying so.
// The wasm-bindgen glue, bundled into this file by the build (one request
// fewer, and the wasm's streaming compile can start as soon as its response
// does, instead of after a second module has loaded). Its top level only
// defines functions, so a browser without WebAssembly loses nothing.
import * as glue from "./case-resolution-app.js";

const base = new URL("./", import.meta.url).href;

const FALLBACK = "[data-case-resolution] > [data-cr-fallback]";
const NO_WASM =
  "this browser does not run WebAssembly, which it needs (some locked-down browsers, and Lockdown Mode on Apple devices, turn it off)";
const NO_FILE = "one of its files could not be loaded; reloading the page may help";
const NO_START = "it failed in this browser";
const NOT_RELEASE = "one of its files is not the one this release was built with";
const NO_CHECK =
  "this page is not served over HTTPS, so the widget cannot check that its files are the ones published";

// The hashes of this release's other files (scripts/build.sh writes them in,
// as Subresource Integrity strings): every wasm is fetched, checked against
// its hash and started from the checked bytes, every script and stylesheet
// carries its hash. Protocol data files are not hashed: a partnership may
// compile and drop in its own. Empty in a development copy of this file.
// eslint-disable-next-line no-undef
const integrity = typeof CR_INTEGRITY === "object" ? CR_INTEGRITY : {};
// The hash of one of the widget's files, by its URL (only this folder's).
const hashOf = (url) => {
  const href = new URL(url, base).href;
  return href.startsWith(base) ? integrity[href.slice(base.length)] : undefined;
};

// The bytes of a file of this release, checked against its hash.
async function checked(url) {
  const want = hashOf(url);
  const response = await fetch(url, { credentials: "same-origin" }).catch(because(NO_FILE));
  if (!response.ok) because(NO_FILE)(new Error(`HTTP ${response.status} for ${response.url}`));
  const bytes = await response.arrayBuffer().catch(because(NO_FILE));
  if (!want) return bytes;
  if (!globalThis.crypto?.subtle) because(NO_CHECK)(new Error("no crypto.subtle"));
  const [algorithm, expected] = want.split("-");
  const digest = new Uint8Array(await crypto.subtle.digest(`SHA-${algorithm.slice(3)}`, bytes));
  if (btoa(String.fromCharCode(...digest)) !== expected) because(NOT_RELEASE)(new Error(`${url} does not match its hash`));
  return bytes;
}

// One of the on-demand modules (the checker, the Word exporter): its script
// through a <script> carrying its hash (a dynamic import() cannot carry one;
// the import() after it gets the module the browser checked), its wasm
// through `checked`. Once per module: later calls get the same promise.
const modules = new Map();
function importChecked(url) {
  const href = new URL(url, base).href;
  if (!modules.has(href)) modules.set(href, importOnce(href));
  return modules.get(href);
}
function importOnce(url) {
  const want = hashOf(url);
  const loaded = want
    ? new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.type = "module";
        script.src = url;
        script.integrity = want;
        script.onload = () => {
          script.remove();
          resolve();
        };
        script.onerror = () => {
          script.remove();
          reject(new Error(`${url} could not be loaded or does not match its hash`));
        };
        document.head.append(script);
      })
    : Promise.resolve();
  return loaded
    .then(() => import(url))
    .then((module) => {
      let started;
      return {
        ...module,
        default: (options) =>
          (started ??= checked(options.module_or_path).then((bytes) => module.default({ module_or_path: bytes }))),
      };
    });
}

// Tags an error with the plain words the fallback will show.
function because(reason) {
  return (error) => {
    throw Object.assign(new Error(reason), { reason, cause: error });
  };
}

// Adds the "could not start" line to a fallback, once.
function explain(fallback, reason) {
  try {
    if (fallback.querySelector(".cr-fallback__status")) return;
    const line = document.createElement("p");
    line.className = "cr-fallback__status";
    line.textContent = `The interactive version of this guide could not start: ${reason}. The information above still applies.`;
    fallback.append(line);
  } catch {
    // the fallback itself is still there
  }
}

// Every fallback in the page, or the one inside the element `root`.
function explainAll(reason, root = document) {
  try {
    const inside = root.querySelectorAll(root === document ? FALLBACK : ":scope > [data-cr-fallback]");
    for (const fallback of inside) explain(fallback, reason);
  } catch {
    // nothing to explain in
  }
}

// The fallback's stylesheet, in the page (the fallback is the host page's
// markup, outside any shadow root); its rules all sit under
// [data-case-resolution] > .cr-fallback.
function linkFallbackStyle() {
  try {
    if (!document.querySelector(FALLBACK)) return;
    const href = `${base}case-resolution-fallback.css`;
    for (const link of document.querySelectorAll("link[rel~=stylesheet]")) {
      if (link.href === href) return;
    }
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    if (hashOf(href)) link.integrity = hashOf(href);
    link.setAttribute("data-cr-fallback-style", "");
    document.head.append(link);
  } catch {
    // the fallback reads unstyled
  }
}
linkFallbackStyle();

// Without WebAssembly (hardened browser modes leave it undefined) nothing
// else is fetched: the fallback is all there is.
const hasWasm =
  typeof WebAssembly === "object" && WebAssembly !== null && typeof WebAssembly.instantiate === "function";

// Start-up requests in parallel, not one after another: the wasm, the data
// files below and the widget stylesheet, preloaded so that it is ready when
// the first widget's shadow root links it.
const wasmResponse = hasWasm ? checked(new URL("./case-resolution-app_bg.wasm", import.meta.url)) : null;
wasmResponse?.catch(() => {}); // reported through `ready` below
if (hasWasm) preloadStyle(`${base}case-resolution.css`);

function preloadStyle(href) {
  try {
    const link = document.createElement("link");
    link.rel = "preload";
    link.as = "style";
    link.href = href;
    if (hashOf(href)) link.integrity = hashOf(href);
    link.setAttribute("data-cr-preload", "");
    document.head.append(link);
  } catch {
    // Only an optimisation: the shadow root links the stylesheet anyway.
  }
}

// The widget's data files, fetched once each: path under this directory
// -> Promise<string | null> (null: not there). Only paths inside the
// directory of this file are fetched, never another site or folder.
const dataFiles = new Map();
function fetchData(path) {
  let url;
  try {
    url = new URL(String(path), base);
  } catch {
    return Promise.reject(new Error(`not a file path: ${path}`));
  }
  if (!url.href.startsWith(base) || url.search || url.hash) {
    return Promise.reject(new Error(`${path} is outside the widget's own directory`));
  }
  let file = dataFiles.get(url.href);
  if (!file) {
    file = fetch(url, { credentials: "same-origin" }).then((response) => {
      // Not there: null. The body is read all the same, so the request ends
      // (an unread body keeps it open, and the page never goes idle).
      if (response.status === 404 || response.status === 410) return response.text().then(() => null, () => null);
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${response.url}`);
      return response.text();
    });
    file.catch(() => {}); // reported by the widget that asked
    dataFiles.set(url.href, file);
  }
  return file;
}

// Start each widget's data file now, beside the wasm: the fixed protocol's
// file, or the picker's index. Elements with a protocol file of their own
// (data-protocol-source) need neither.
if (hasWasm) {
  try {
    for (const element of document.querySelectorAll("[data-case-resolution]")) {
      if (element.hasAttribute("data-protocol-source")) continue;
      const id = element.getAttribute("data-protocol")?.trim();
      if (!id) fetchData("protocols/index.json");
      else if (/^[a-z0-9-]{1,64}$/.test(id)) fetchData(`protocols/${id}.txt`);
    }
  } catch {
    // only an optimisation: the widget asks again when it mounts
  }
}

let app;
// Why the widget could not start, in plain words ("" while it can).
let failure = "";
const ready = (
  hasWasm
    ? // From the checked bytes (a failed fetch or check keeps its reason).
      wasmResponse.then((bytes) => glue.default({ module_or_path: bytes })).then(() => {
        glue.set_base(base, importChecked, fetchData, integrity);
        app = glue;
        return true;
      })
    : Promise.reject(Object.assign(new Error(NO_WASM), { reason: NO_WASM }))
).catch((error) => {
  failure = error?.reason ?? NO_START;
  if (hasWasm) console.error("case-resolution: the widget could not start", error?.cause ?? error);
  else console.warn("case-resolution: WebAssembly is not available in this browser; the page shows the static fallback");
  explainAll(failure);
  return false;
});

// The protocol checker (TOML parser and validator), a module of its own so
// that the widget's initial bundle stays small; loaded on first use.
let checker;
function loadChecker() {
  checker ??= importChecked(new URL("./case-resolution-check.js", import.meta.url).href).then(async (check) => {
    await check.default({
      module_or_path: new URL("./case-resolution-check_bg.wasm", import.meta.url),
    });
    return check;
  });
  return checker;
}

// Runs `f` once the module is ready; any failure becomes `fallback`, and
// `root` (an element, or the document), when given, has its static fallbacks
// say that the widget could not start.
function whenReady(f, fallback, root) {
  return ready.then((ok) => {
    if (!ok) {
      if (root) explainAll(failure, root);
      return fallback;
    }
    try {
      return f();
    } catch (error) {
      console.error("case-resolution:", error);
      if (root) explainAll(NO_START, root);
      return fallback;
    }
  });
}

// The element `mount` was given (an element or a selector), if there is one.
function elementOf(element) {
  try {
    const found = typeof element === "string" ? document.querySelector(element) : element;
    return found instanceof Element ? found : undefined;
  } catch {
    return undefined;
  }
}

// The widget's files are this loader's folder, whatever the page's options
// say: `base` is not a page option (data files are fetched from here only).
function withBase(options) {
  if (options === undefined || options === null) return { base };
  if (typeof options !== "object") return options; // reported in the widget
  return { ...options, base };
}

// The release's version, set by scripts/build.sh (the crates' version).
// eslint-disable-next-line no-undef
const version = typeof CR_VERSION === "string" ? CR_VERSION : "development";

if (!window.CaseResolution) {
  window.CaseResolution = {
    ready,
    version,
    base,
    mount: (element, options) =>
      whenReady(() => app.mount(element, withBase(options)), false, elementOf(element)),
    mountAll: () => whenReady(() => app.mount_all({ base }), 0, document),
    protocols: () =>
      whenReady(
        () =>
          fetchData("protocols/index.json").then(
            (text) => (text ? JSON.parse(text).protocols ?? [] : []),
            () => [],
          ),
        [],
      ),
    // The data file a widget loads (protocols/<id>.txt), compiled from a
    // protocol file's text by the checker module; null if it has mistakes.
    compileProtocol: (name, text) =>
      loadChecker().then(
        (check) => {
          const compiled = check.compile_data(String(name), String(text));
          return compiled === "E" ? null : compiled;
        },
        (error) => {
          console.error("case-resolution: the protocol checker could not be loaded", error);
          return null;
        },
      ),
    checkProtocol: (name, text) =>
      loadChecker().then(
        (check) => JSON.parse(check.check_protocol(String(name), String(text))),
        (error) => {
          console.error("case-resolution: the protocol checker could not be loaded", error);
          return {
            ok: false,
            errors: [{ line: 0, column: 0, path: "", message: "The protocol checker could not be loaded." }],
          };
        },
      ),
  };
  whenReady(() => app.mount_all({ base }), 0, document);
}
