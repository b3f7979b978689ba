// Case resolution widget loader: the one module script a host page includes.
//
//   <div data-case-resolution data-protocol="devon-dcfp"></div>
//   <script type="module" src="/path/to/case-resolution.js"></script>
//
// Loads the WebAssembly next to this file (URLs relative to import.meta.url,
// so the files can be copied anywhere together), then mounts a widget into
// every [data-case-resolution] element. Each widget lives in its own shadow
// root and loads case-resolution.css from this file's directory itself.
//
// Also sets window.CaseResolution:
//   ready                       a promise, settled when the module has loaded
//   mount(element, options)     -> Promise<boolean>; element or CSS selector;
//                                  options { protocol, protocolSource,
//                                  protocolText, instance }; false (and a
//                                  console warning) for a missing element;
//                                  false for an element that already has one.
//   mountAll()                  -> Promise<number>: mounts into new
//                                  [data-case-resolution] elements.
//   protocols()                 -> Promise<[{ id, name, short_name, area }]>
//   checkProtocol(name, text)   -> Promise<{ ok, id, name, errors: [...] }>,
//                                  from the protocol checker module
//                                  (case-resolution-check.js), fetched from
//                                  this file's directory on first use
// Nothing here throws into the host page: failures are logged and the
// promises resolve to false / 0 / [].
// No inline script and no eval: works under a strict Content Security Policy
// with script-src 'self' 'wasm-unsafe-eval'.
const base = new URL("./", import.meta.url).href;

// Start-up requests in parallel, not one after another: the wasm is fetched
// while the glue module loads (a static import would delay the fetch until
// the glue had loaded), and the widget stylesheet is preloaded so that it is
// ready when the first widget's shadow root links it.
const wasmResponse = fetch(new URL("./case-resolution-app_bg.wasm", import.meta.url));
wasmResponse.catch(() => {}); // reported through `ready` below
preloadStyle(`${base}case-resolution.css`);

function preloadStyle(href) {
  try {
    const link = document.createElement("link");
    link.rel = "preload";
    link.as = "style";
    link.href = href;
    link.setAttribute("data-cr-preload", "");
    document.head.append(link);
  } catch {
    // Only an optimisation: the shadow root links the stylesheet anyway.
  }
}

let app;
const ready = import("./case-resolution-app.js")
  .then(async (glue) => {
    await glue.default({ module_or_path: wasmResponse });
    glue.set_base(base, (url) => import(url));
    app = glue;
    return true;
  })
  .catch((error) => {
    console.error("case-resolution: the widget could not start", error);
    return false;
  });

// The protocol checker (TOML parser and validator), a module of its own so
// that the widget's initial bundle stays small; loaded on first use.
let checker;
function loadChecker() {
  checker ??= import("./case-resolution-check.js").then(async (check) => {
    await check.default({
      module_or_path: new URL("./case-resolution-check_bg.wasm", import.meta.url),
    });
    return check;
  });
  return checker;
}

// Runs `f` once the module is ready; any failure becomes `fallback`.
function whenReady(f, fallback) {
  return ready.then((ok) => {
    if (!ok) return fallback;
    try {
      return f();
    } catch (error) {
      console.error("case-resolution:", error);
      return fallback;
    }
  });
}

function withBase(options) {
  if (options === undefined || options === null) return { base };
  if (typeof options !== "object") return options; // reported in the widget
  return { base, ...options };
}

if (!window.CaseResolution) {
  window.CaseResolution = {
    ready,
    base,
    mount: (element, options) => whenReady(() => app.mount(element, withBase(options)), false),
    mountAll: () => whenReady(() => app.mount_all({ base }), 0),
    protocols: () => whenReady(() => JSON.parse(app.protocols_json()), []),
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
  whenReady(() => app.mount_all({ base }), 0);
}
