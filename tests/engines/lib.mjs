// The engine suite's driver layer: one W3C WebDriver client (selenium-webdriver)
// for Firefox (geckodriver) and WebKit (WebKitWebDriver + WebKitGTK's
// MiniBrowser), so every scenario in scenarios.mjs is written once and run in
// each engine. Playwright stays the Chromium driver (tests/e2e/).
//
// What the drivers cannot give us, the suite makes itself:
// - network events: the test server (scripts/serve.mjs) logs every request it
//   answers, and the page's Resource Timing entries list every resource it
//   loaded from any origin;
// - console and uncaught errors, CSP violations, downloads, print calls:
//   tests/support/page-probe.js, added by the test server as the first script of
//   every page (see there).
import { Builder, Key } from "selenium-webdriver";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export { Key };

import { AXE_TAGS, CSP_HEADER, PAGE_PROBE, PROTOCOLS, ROOT, distFiles } from "../support/browser.mjs";

export { AXE_TAGS, CSP_HEADER, PAGE_PROBE, PROTOCOLS, ROOT, distFiles };
export const HERE = fileURLToPath(new URL("./", import.meta.url));

/** Paths the harness itself serves beside dist/ (never the widget's). */
export const HARNESS_PATHS = ["/__engines/probe.js", "/__engines/narrow.html"];

function which(name) {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

export function geckodriverPath() {
  return process.env.GECKODRIVER ?? which("geckodriver") ?? join(homedir(), ".cargo/bin/geckodriver");
}

const MINIBROWSER = process.env.MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/**
 * The engines. Each says how to start its driver and a session, and what its
 * driver can do (print to PDF, a download folder, real WebAssembly-off).
 */
export const ENGINES = {
  firefox: {
    name: "firefox",
    label: "Firefox ESR (Gecko) via geckodriver",
    driver: () => geckodriverPath(),
    driverArgs: (port) => [`--port=${port}`, "--websocket-port=0", "--log=error"],
    needsDisplay: false,
    canPrint: true,
    downloadFolder: true,
    realWasmOff: true,
    capabilities: ({ downloads, wasm = true }) => ({
      browserName: "firefox",
      "moz:firefoxOptions": {
        binary: process.env.FIREFOX_BINARY ?? "/usr/bin/firefox-esr",
        args: ["-headless"],
        prefs: {
          ...(downloads
            ? {
                "browser.download.folderList": 2,
                "browser.download.dir": downloads,
                "browser.download.useDownloadDir": true,
                "browser.download.always_ask_before_handling_new_types": false,
                "browser.download.manager.showWhenStarting": false,
                "browser.download.start_downloads_in_tmp_dir": false,
                // Firefox opens its downloads panel on each download, which
                // takes the focus from the page (a keyboard user presses
                // Escape); the keyboard run carries on in the page instead.
                "browser.download.alwaysOpenPanel": false,
                "browser.helperApps.neverAsk.saveToDisk":
                  "application/json,text/html,application/octet-stream,application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              }
            : {}),
          "pdfjs.disabled": true,
          // The one setting the WebAssembly-off scenario changes.
          "javascript.options.wasm": wasm,
        },
      },
    }),
  },
  webkit: {
    name: "webkit",
    label: "WebKitGTK MiniBrowser via WebKitWebDriver",
    driver: () => process.env.WEBKIT_DRIVER ?? "/usr/bin/WebKitWebDriver",
    driverArgs: (port) => [`--port=${port}`],
    needsDisplay: true,
    canPrint: false, // WebKitWebDriver has no Print Page command (UnknownCommandError)
    downloadFolder: false, // no download folder: files are checked as the Blob the page makes
    realWasmOff: false, // no setting reaches JavaScriptCore's useWebAssembly from the driver
    capabilities: () => ({
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
    }),
  },
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts the engine's driver process; resolves once it accepts connections. */
export async function startDriver(engine) {
  const path = engine.driver();
  if (!existsSync(path)) throw new Error(`${engine.name}: driver not found at ${path} (run scripts/setup.sh)`);
  const port = await freePort();
  const child = spawn(path, engine.driverArgs(port), { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log = (log + d).slice(-20_000)));
  child.stderr.on("data", (d) => (log = (log + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${engine.name}: driver exited: ${log}`);
    try {
      const r = await fetch(`${url}/status`);
      if (r.ok) return { url, child, log: () => log, stop: () => child.kill() };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill();
  throw new Error(`${engine.name}: driver did not start: ${log}`);
}

/** A new browser session on a started driver. */
export async function startSession(engine, driverUrl, options = {}) {
  const driver = await new Builder().usingServer(driverUrl).withCapabilities(engine.capabilities(options)).build();
  await driver.manage().setTimeouts({ script: 60_000, pageLoad: 60_000 });
  await driver.manage().window().setRect({ width: 1280, height: 900 });
  return driver;
}

export async function browserVersion(driver) {
  const caps = await driver.getCapabilities();
  return `${caps.get("browserName")} ${caps.get("browserVersion")}`;
}

export class AssertionError extends Error {}

/** Fails with `message` (and a readable list) unless `ok`. */
export function check(ok, message, details) {
  if (!ok) {
    const extra = details === undefined ? "" : `\n${Array.isArray(details) ? details.map(fmt).join("\n") : fmt(details)}`;
    throw new AssertionError(`${message}${extra}`);
  }
}
const fmt = (x) => (typeof x === "string" ? `  ${x}` : `  ${JSON.stringify(x)}`);

export function none(list, what) {
  check(list.length === 0, `${what} (${list.length}):`, list);
}

/** JSON with object keys sorted, so that key order does not matter. */
function stable(x) {
  return JSON.stringify(x, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

export function equal(actual, expected, what) {
  const a = stable(actual);
  const e = stable(expected);
  check(a === e, `${what}: expected ${e?.slice(0, 400)}, got ${a?.slice(0, 400)}`);
}

/**
 * One browser tab under test: navigation, scripts in the page, and the
 * probe's records, gathered across page loads.
 */
export class Page {
  constructor({ driver, engine, origin, log }) {
    this.driver = driver;
    this.engine = engine;
    this.origin = origin;
    this.serverLog = log; // the test server's request log (shared, appended to)
    this.records = { errors: [], console: [], csp: [], calls: [], downloads: [], clipboard: [], prints: [], resources: [] };
    this.logStart = log.length;
  }

  url(path) {
    return new URL(path, this.origin).href;
  }

  /** Runs `fn(...args)` in the page; returns its (JSON-able or element) result. */
  js(fn, ...args) {
    return this.driver.executeScript(`return (${fn}).apply(null, arguments);`, ...args);
  }

  /** Runs async `fn(...args)` in the page and waits for its promise. */
  jsAsync(fn, ...args) {
    return this.driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       Promise.resolve().then(() => (${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
         .then((v) => done({ ok: v }), (e) => done({ error: String(e && e.stack || e) }));`,
      ...args,
    ).then((r) => {
      if (r && "error" in r) throw new Error(`in the page: ${r.error}`);
      return r?.ok;
    });
  }

  /** Polls `fn(...args)` in the page until it returns a truthy value. */
  async waitFor(fn, args = [], { timeout = 15_000, message = String(fn) } = {}) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await this.js(fn, ...args);
        if (last) return last;
      } catch (e) {
        last = e;
      }
      if (Date.now() > end) throw new AssertionError(`timed out after ${timeout} ms waiting for ${message} (last: ${String(last).slice(0, 300)})`);
      await sleep(50);
    }
  }

  /** Polls the Node-side `get()` until `ok(value)`. */
  async poll(get, ok, { timeout = 15_000, message = "a condition" } = {}) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      last = await get();
      if (ok(last)) return last;
      if (Date.now() > end) throw new AssertionError(`timed out after ${timeout} ms waiting for ${message} (last: ${JSON.stringify(last)?.slice(0, 300)})`);
      await sleep(50);
    }
  }

  /** Labels what the probe records from now on (for readable failures). */
  mark(label) {
    this.currentMark = label;
    return this.js((l) => window.__probe && (window.__probe.mark = l), label).catch(() => {});
  }

  /**
   * Moves the probe's records (and the page's resource timing entries) into
   * this.records, so they survive the next navigation. Downloads keep their
   * bytes only until read by takeDownloads().
   */
  async harvest() {
    let got;
    try {
      got = await this.js(() => {
        const P = window.__probe;
        if (!P) return null;
        const out = {};
        for (const k of ["errors", "console", "csp", "calls", "clipboard", "prints"]) out[k] = P[k].splice(0);
        // Downloads whose bytes are still being read stay for the next harvest.
        out.downloads = [];
        P.downloads = P.downloads.filter((d) => {
          if (d.base64 === null && d.error === null) return true;
          out.downloads.push(d);
          return false;
        });
        out.resources = performance
          .getEntriesByType("resource")
          .concat(performance.getEntriesByType("navigation"))
          .map((e) => e.name);
        performance.clearResourceTimings();
        out.page = location.href;
        return out;
      });
    } catch {
      return; // no page (about:blank) or navigating
    }
    if (!got) return;
    for (const [k, v] of Object.entries(got)) if (Array.isArray(v)) this.records[k].push(...v);
  }

  async goto(path) {
    await this.harvest();
    await this.driver.get(this.url(path));
    await this.mark(this.currentMark ?? "");
  }

  async reload() {
    await this.harvest();
    await this.driver.navigate().refresh();
    await this.mark(this.currentMark ?? "");
  }

  /** The files offered as downloads since the last call, with their bytes, waiting up to `timeout` for `count`. */
  async takeDownloads(count = 1, timeout = 60_000) {
    const end = Date.now() + timeout;
    for (;;) {
      await this.harvest();
      if (this.records.downloads.length >= count) return this.records.downloads.splice(0);
      if (Date.now() > end) throw new AssertionError(`expected ${count} download(s), got ${this.records.downloads.length}`);
      await sleep(100);
    }
  }

  /** Requests the server answered since this page (or the last reset) started. */
  requests() {
    return this.serverLog.slice(this.logStart);
  }
}

/**
 * A driver for the widget in the element `host` (a CSS selector of a
 * [data-case-resolution] element in the page), reaching into its open shadow
 * root from page scripts. Clicks and typing are the driver's own (trusted
 * input events, in the engine's own way), on elements found in the shadow root.
 */
export function widget(page, host = "[data-case-resolution]", { scriptClicks = false } = {}) {
  // scriptClicks: clicks as element.click() from a page script instead of the
  // driver's pointer (for the 320 px frame: see scenarios.mjs).
  const activate = (e) => (scriptClicks ? page.js((x) => x.click(), e) : e.click());
  const w = {
    page,
    host,
    /** An element in the shadow root (a WebElement), or null. */
    el: (selector) =>
      page.js(
        (h, s) => document.querySelector(h)?.shadowRoot?.querySelector(s) ?? null,
        host,
        selector,
      ),
    /** Runs `fn(shadowRoot, ...args)` in the page. */
    inRoot: (fn, ...args) =>
      page.js(
        `function (h, ...rest) { const root = document.querySelector(h)?.shadowRoot; if (!root) throw new Error("no widget at " + h); return (${fn})(root, ...rest); }`,
        host,
        ...args,
      ),
    count: (selector) => w.inRoot((root, s) => root.querySelectorAll(s).length, selector),
    text: (selector = ".cr-widget") => w.inRoot((root, s) => root.querySelector(s)?.textContent ?? "", selector),
    exists: (selector) => w.inRoot((root, s) => !!root.querySelector(s), selector),
    visible: (selector) =>
      w.inRoot((root, s) => {
        const e = root.querySelector(s);
        if (!e) return false;
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden";
      }, selector),
    step: () => w.inRoot((root) => root.querySelector(".cr-widget")?.getAttribute("data-step") ?? null),
    /** Waits until the widget shows step `id`. */
    expectStep: (id, timeout = 15_000) =>
      page.waitFor(
        (h, want) => document.querySelector(h)?.shadowRoot?.querySelector(".cr-widget")?.getAttribute("data-step") === want,
        [host, id],
        { timeout, message: `step ${id}` },
      ),
    /** Waits until the widget shows a step with an h1. */
    ready: (timeout = 30_000) =>
      page.waitFor((h) => !!document.querySelector(h)?.shadowRoot?.querySelector("h1"), [host], {
        timeout,
        message: "the widget's first step (is dist/ built?)",
      }),
    /** Clicks the element (the driver's own click: scrolled into view, a trusted event). */
    click: async (selector) => {
      const e = await w.el(selector);
      check(e, `no ${selector} in the widget`);
      await activate(e);
    },
    /** Clicks option `index` of radio group `name` (wrapping around). Returns its value. */
    radio: async (name, index = 0) => {
      const n = await w.count(`input[type=radio][name="${name}"]`);
      check(n > 0, `no radio group ${name}`);
      const i = ((index % n) + n) % n;
      const e = await page.js(
        (h, nm, k) => document.querySelector(h).shadowRoot.querySelectorAll(`input[type=radio][name="${nm}"]`)[k],
        host,
        name,
        i,
      );
      await activate(e);
      check(await page.js((x) => x.checked, e), `radio ${name}[${i}] checked after a click`);
      return { value: await page.js((x) => x.value, e), count: n };
    },
    radioGroups: () =>
      w.inRoot((root) => [...new Set([...root.querySelectorAll(".cr-main input[type=radio]")].map((i) => i.name))]),
    textFields: () =>
      w.inRoot((root) => [...root.querySelectorAll(".cr-main input[type=text], .cr-main textarea")].map((e) => e.id)),
    /** Types `text` into a field with the driver's key events (after clearing it). */
    type: async (selector, text) => {
      const e = await w.el(selector);
      check(e, `no ${selector} in the widget`);
      await e.clear();
      await e.sendKeys(text);
    },
    /**
     * Sets a field's value from a script and fires input and change, as a
     * paste would (exact for any text: control characters, 100 000 characters,
     * and date inputs whose typed form depends on the engine's locale).
     */
    fill: (selector, value) =>
      w.inRoot(
        (root, s, v) => {
          const e = root.querySelector(s);
          if (!e) throw new Error(`no ${s}`);
          e.focus();
          const proto = e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
          Object.getOwnPropertyDescriptor(proto, "value").set.call(e, v);
          e.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
          e.dispatchEvent(new Event("change", { bubbles: true }));
          return e.value;
        },
        selector,
        value,
      ),
    value: (selector) => w.inRoot((root, s) => root.querySelector(s)?.value ?? null, selector),
    /** The focused element inside the shadow root: { tag, id, cls, text }. */
    /** Clicks an element found by a page script (driver pointer or script, as the widget is set). */
    activate,
    focused: () =>
      w.inRoot((root) => {
        const a = root.activeElement;
        return a ? { tag: a.tagName, id: a.id, cls: String(a.className), text: (a.textContent ?? "").trim().slice(0, 60) } : null;
      }),
    /** Continue (or Start), then wait for the step to change. */
    next: async () => {
      const before = await w.step();
      await w.click(".cr-continue");
      await page.poll(w.step, (s) => s !== before, { message: `a new step after Continue on ${before}` });
      return w.step();
    },
    back: async () => {
      const before = await w.step();
      await w.click(".cr-back");
      await page.poll(w.step, (s) => s !== before, { message: `a new step after Back on ${before}` });
    },
    /** Waits for focus on the step's h1 (the accessibility promise). */
    expectFocusOnH1: (where) =>
      page.poll(w.focused, (f) => f?.tag === "H1", { timeout: 5_000, message: `focus on the new step's h1 after ${where}` }),
    clearAll: async () => {
      await w.click(".cr-clear");
      await page.waitFor((h) => !!document.querySelector(h).shadowRoot.querySelector(".cr-confirm__yes"), [host], {
        message: "the Clear all answers confirmation",
      });
      await w.click(".cr-confirm__yes");
      await w.expectStep("start");
    },
  };
  return w;
}

/** `s` cut to `n` characters, for messages. */
export function short(s, n = 120) {
  s = String(s);
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
