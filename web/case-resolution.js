// Case resolution widget loader: the one module script a host page includes.
//
//   <link rel="stylesheet" href="case-resolution.css">
//   <script type="module" src="case-resolution.js"></script>
//   <div data-case-resolution data-protocol="devon-dcfp"></div>
//
// Loads the WebAssembly next to this file (URLs relative to import.meta.url,
// so the files can be copied anywhere together), then mounts a widget into
// every [data-case-resolution] element. Also exposes
// window.CaseResolution.mount(element, options) for explicit mounting.
// No inline script and no eval: works under a strict Content Security Policy
// with script-src 'self' 'wasm-unsafe-eval'.
import init, { mount, mount_all } from "./case-resolution-app.js";

const ready = init({
  module_or_path: new URL("./case-resolution-app_bg.wasm", import.meta.url),
});

window.CaseResolution = {
  ready,
  mount: (element, options) => ready.then(() => mount(element, options)),
};

ready
  .then(() => mount_all())
  .catch((error) => {
    console.error("case-resolution: the widget could not start", error);
  });
