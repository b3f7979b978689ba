// The in-page recorder of the browser tests, one for both drivers: added
// before any of the page's scripts, by Playwright as an init script
// (tests/e2e/support/proof.mjs, `guard`) and by the engine suite's test
// server as the first script of every page it serves (tests/engines/run.mjs:
// a classic script from the same origin, so the strict CSP allows it). It
// does what Playwright's event streams do in Chromium for drivers that have
// none (WebKitWebDriver has no BiDi and no console log endpoint).
//
// window.__probe records, with the label of what the test was doing (mark):
// - errors: uncaught exceptions and unhandled promise rejections;
// - console: console.error and console.warn calls;
// - csp: securitypolicyviolation events (the server also receives reports);
// - calls: every fetch / XMLHttpRequest / sendBeacon / WebSocket / EventSource
//   call, with whether it came after the test marked the page loaded (still
//   made: the test decides what was allowed);
// - downloads: every file offered through an <a download> click on a blob:
//   URL (name, type, size, and the bytes as base64 once read), the click then
//   goes on as usual (a real download where the browser makes one);
// - clipboard: text written by navigator.clipboard.writeText (and in
//   clipboardCalls, when each write settled);
// - prints (engine suite only, `window.__probeStubPrint`): window.print()
//   calls, with how the page was marked at that moment (the print dialog is
//   not opened: a driver cannot close it).
// Calls, CSP violations and clipboard writes also go at once to
// `window.__probeReport(kind, data)` where the test defines it (a Playwright
// binding, which outlives a navigation; the in-page arrays do not).
// A page loaded with `__engines_nowasm` in its query has no WebAssembly
// global (as under a browser policy or Lockdown Mode that turns it off).
(() => {
  if (window.__probe) return;
  const P = (window.__probe = {
    mark: "",
    loaded: false,
    errors: [],
    console: [],
    csp: [],
    calls: [],
    downloads: [],
    clipboard: [],
    clipboardCalls: [],
    prints: [],
  });
  const report = (kind, data) => {
    try {
      window.__probeReport?.(kind, data);
    } catch {
      // the in-page record remains
    }
  };
  const text = (x) => {
    if (x instanceof Error) return `${x.name}: ${x.message}`;
    if (typeof x === "string") return x;
    try {
      return JSON.stringify(x) ?? String(x);
    } catch {
      return String(x);
    }
  };

  if (/[?&]__engines_nowasm\b/.test(location.search)) {
    try {
      delete window.WebAssembly;
    } catch {
      window.WebAssembly = undefined;
    }
  }

  window.addEventListener("error", (e) => {
    if (e instanceof ErrorEvent) {
      P.errors.push({ mark: P.mark, text: `${text(e.error ?? e.message)} at ${e.filename}:${e.lineno}` });
    }
  });
  window.addEventListener("unhandledrejection", (e) => {
    P.errors.push({ mark: P.mark, text: `unhandled rejection: ${text(e.reason)}` });
  });
  for (const level of ["error", "warn"]) {
    const original = console[level];
    console[level] = function (...args) {
      P.console.push({ mark: P.mark, level, text: args.map(text).join(" ") });
      return original.apply(this, args);
    };
  }
  // Capture phase on window: violations inside shadow roots are composed.
  window.addEventListener(
    "securitypolicyviolation",
    (e) => {
      const v = {
        mark: P.mark,
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}`,
        sample: e.sample,
      };
      P.csp.push(v);
      report("csp", v);
    },
    true,
  );

  const note = (api, url) => {
    let href = "";
    try {
      href = new URL(String(url && url.url ? url.url : url), location.href).href;
    } catch {
      href = String(url);
    }
    const call = { mark: P.mark, api, url: href, afterLoad: P.loaded, page: location.href };
    P.calls.push(call);
    report("call", call);
  };
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    note("fetch", input);
    return fetch0.call(this, input, init);
  };
  const open0 = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    note("XMLHttpRequest", url);
    return open0.call(this, method, url, ...rest);
  };
  if (navigator.sendBeacon) {
    const beacon0 = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      note("sendBeacon", url);
      return beacon0(url, data);
    };
  }
  for (const name of ["WebSocket", "EventSource"]) {
    const C = window[name];
    if (!C) continue;
    window[name] = new Proxy(C, {
      construct(target, args) {
        note(name, args[0]);
        return Reflect.construct(target, args);
      },
    });
  }
  if (navigator.clipboard && navigator.clipboard.writeText) {
    const write0 = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (value) => {
      P.clipboard.push(String(value));
      report("clipboard", String(value));
      const call = { mark: P.mark, at: Date.now(), settled: null };
      P.clipboardCalls.push(call);
      const promise = write0(value);
      promise.then(
        () => (call.settled = `ok after ${Date.now() - call.at} ms`),
        (e) => (call.settled = `refused after ${Date.now() - call.at} ms: ${e}`),
      );
      return promise;
    };
  }

  // Downloads: remember each Blob given a URL, and read it when an
  // <a download> with that URL is clicked.
  const blobs = new Map();
  const createObjectURL0 = URL.createObjectURL;
  URL.createObjectURL = function (obj) {
    const url = createObjectURL0.call(URL, obj);
    if (obj instanceof Blob) blobs.set(url, obj);
    return url;
  };
  const click0 = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    const blob = blobs.get(this.href);
    if (this.hasAttribute("download") && blob) {
      const entry = { mark: P.mark, name: this.download, type: blob.type, size: blob.size, base64: null, error: null };
      P.downloads.push(entry);
      const reader = new FileReader();
      reader.onload = () => (entry.base64 = String(reader.result).replace(/^data:[^,]*,/, ""));
      reader.onerror = () => (entry.error = String(reader.error));
      reader.readAsDataURL(blob);
    }
    return click0.call(this);
  };

  if (window.__probeStubPrint) window.print = () => {
    const root = document.documentElement;
    P.prints.push({
      mark: P.mark,
      html: root.classList.contains("cr-printing"),
      host: !!document.querySelector("[data-case-resolution][data-cr-printing]"),
      pageSheet: document.querySelector("link[data-cr-page-sheet]")?.media ?? null,
      printSheet: document.querySelector("link[data-cr-print-sheet]")?.media ?? null,
    });
  };
})();
