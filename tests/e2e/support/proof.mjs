// Shared helpers of the proof suite: the protocols under test, a guard that
// records everything a page does that could leak (requests, network APIs,
// CSP violations, console errors, uncaught exceptions, clipboard writes),
// and a driver for one widget (inside its open shadow root).
import { expect } from "@playwright/test";
import { join } from "node:path";

import { AXE_TAGS, CSP_HEADER, PAGE_PROBE, PROTOCOLS, ROOT, distFiles, immediateHarmUrgency, statesNoImmediateHarm } from "../../support/browser.mjs";

export { AXE_TAGS, CSP_HEADER, PROTOCOLS, ROOT, distFiles, immediateHarmUrgency, statesNoImmediateHarm };

/**
 * Skips the test when `skip` holds, saying why, except when `CI` is set
 * (`.ci/run` sets it): there a skip would hide a test that never ran, so it
 * fails instead.
 */
export async function skipOrFail(skip, reason) {
  if (!skip) return;
  if (process.env.CI) throw new Error(`this test would be skipped, and CI is set: ${reason}`);
  const { test } = await import("@playwright/test");
  test.skip(true, reason);
}
export const DIST = join(ROOT, "dist");
export const TARGET = join(ROOT, "target");
/** Screenshots a person can look at: target/screenshots/<protocol>/NN-step.png. */
export const SCREENSHOTS = join(TARGET, "screenshots") + "/";

// Each test checks the demo page offers its protocol (see `offered`), and
// the coverage test checks the demo page offers nothing that is not tested.

/** The protocol ids the demo page offers in its picker. */
export async function offered(page) {
  await page.goto("/");
  // A clear failure, not a test timeout, when dist/ does not load (not built,
  // or being rebuilt by scripts/build.sh while the suite runs).
  await page
    .waitForFunction(() => window.CaseResolution?.ready, null, { timeout: 30_000 })
    .catch(() => {
      throw new Error("the widget's loader did not start: is dist/ built (scripts/build.sh), and not being rebuilt right now?");
    });
  const ids = await page.evaluate(async () => (await window.CaseResolution.protocols()).map((p) => p.id));
  return ids.sort();
}

const offeredCache = new Map();
/**
 * Skips the current test when dist/ was built before `protocol`'s file was
 * added (the demo page does not offer it yet), saying so in the report.
 */
export async function skipUnlessOffered(page, protocol) {
  const { test } = await import("@playwright/test");
  const key = "ids";
  if (!offeredCache.has(key)) offeredCache.set(key, await offered(page));
  const ids = offeredCache.get(key);
  await skipOrFail(!ids.includes(protocol), `${protocol} is in protocols/ but not in the built dist/ (run scripts/build.sh)`);
}


/**
 * Starts recording on `page` (call before the first navigation). Returns the
 * record: requests (url, resource type, method), console errors, page errors
 * and helpers to read the in-page trap.
 */
export async function guard(page) {
  const record = { requests: [], consoleErrors: [], pageErrors: [], downloads: 0, calls: [], csp: [], clipboard: [] };
  await page.exposeBinding("__probeReport", (_source, kind, data) => {
    if (kind === "call") record.calls.push(data);
    else if (kind === "csp") record.csp.push(data);
    else if (kind === "clipboard") record.clipboard.push(data);
  });
  page.context().on("request", (req) =>
    record.requests.push({ url: req.url(), type: req.resourceType(), method: req.method() }),
  );
  page.on("console", (msg) => {
    if (msg.type() === "error") record.consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => record.pageErrors.push(`${err.name}: ${err.message}\n${err.stack ?? ""}`));
  page.on("download", () => (record.downloads += 1));
  // The in-page recorder, shared with the engine suite: every network API
  // call (after load or not), CSP violations and clipboard writes, reported
  // as they happen through the binding above.
  await page.addInitScript({ path: PAGE_PROBE });
  /** Marks the page loaded: any network API call from now on is "after load". */
  record.markLoaded = () => page.evaluate(() => (window.__probe.loaded = true));
  /** Everything the init scripts reported, over every page load so far. */
  record.trap = async () => {
    await page.evaluate(() => 0); // a round trip: earlier reports have arrived
    return { calls: [...record.calls], csp: [...record.csp], clipboard: [...record.clipboard] };
  };
  return record;
}

/**
 * Requests that are not for a file of dist/ on the test server (or an
 * in-memory data:/blob: URL of the page's own origin). `extra` lists more
 * same-origin paths the test itself serves (fixture pages).
 */
export function foreign(requests, baseURL, extra = []) {
  const files = distFiles();
  for (const e of extra) files.add(e);
  const origin = new URL(baseURL).origin;
  return requests.filter(({ url }) => {
    if (url.startsWith("data:")) return false;
    if (url.startsWith(`blob:${origin}/`)) return false;
    let u;
    try {
      u = new URL(url);
    } catch {
      return true;
    }
    if (u.origin !== origin) return true;
    const path = u.pathname === "/" ? "/index.html" : u.pathname;
    return !files.has(path);
  });
}

/**
 * Network API calls other than those the widget documents: the loader's
 * fetch of the app's .wasm (before load), the protocols' data files
 * (protocols/<id>.txt, protocols/index.json), and the on-demand modules' fetch
 * of their .wasm from the widget's own directory: the Word exporter (when
 * Word is asked for) and the checker module (a custom protocol, a saved
 * draft, the HTML and JSON downloads).
 */
export function unexpectedCalls(calls, baseURL) {
  const origin = new URL(baseURL).origin;
  return calls.filter((c) => {
    if (c.api !== "fetch") return true;
    const u = new URL(c.url);
    if (u.origin !== origin) return true;
    if (!c.afterLoad && u.pathname === "/case-resolution-app_bg.wasm") return false;
    // Loaded on demand from the widget's own files: the Word exporter, and
    // the checker module (custom protocols, "try your own protocol file",
    // "Load a saved draft", the HTML and JSON downloads).
    if (u.pathname === "/case-resolution-docx_bg.wasm") return false;
    if (u.pathname === "/case-resolution-check_bg.wasm") return false;
    // The protocols' data files, from the widget's own folder: the fixed
    // protocol's (started with the wasm), or the picker's index and then
    // the partnership chosen.
    if (/^\/protocols\/([a-z0-9-]+\.txt|index\.json)$/.test(u.pathname)) return false;
    return true;
  });
}

/** Fails with a readable list when `list` is not empty. */
export function expectNone(list, what) {
  expect(list, `${what}:\n${list.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("\n")}`).toEqual([]);
}

/** A seeded PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

/**
 * A driver for the widget in `host` (a locator of a [data-case-resolution]
 * element). Locators pierce the open shadow root.
 */
export function widget(page, host = page.locator("[data-case-resolution]").first()) {
  const w = {
    page,
    host,
    h1: host.getByRole("heading", { level: 1 }),
    step: () => host.locator(".cr-widget").getAttribute("data-step"),
    expectStep: (id, options) => expect(host.locator(".cr-widget")).toHaveAttribute("data-step", id, options),
    // "Start", "Continue" or "Continue to the form", depending on the step.
    continueButton: host.locator(".cr-continue"),
    continue: () => w.continueButton.click(),
    back: () => host.getByRole("button", { name: "Back", exact: true }).click(),
    /** Waits until the widget shows a step. */
    ready: async () => {
      await expect(w.h1).toBeVisible();
    },
    /** Tag and text of the element focused inside this widget's shadow root. */
    focused: () =>
      host.evaluate((el) => {
        const a = el.shadowRoot?.activeElement;
        return a ? { tag: a.tagName, text: (a.textContent ?? "").trim().slice(0, 80), id: a.id } : null;
      }),
    radios: (name) => host.locator(`input[type=radio][name="${name}"]`),
    /** Distinct radio group names in the current step body. */
    radioGroups: () =>
      host
        .locator(".cr-main input[type=radio]")
        .evaluateAll((inputs) => [...new Set(inputs.map((i) => i.name))]),
    /** Free-text fields (text inputs and text areas) of the current step, by id. */
    textFields: () =>
      host
        .locator(".cr-main input[type=text], .cr-main textarea")
        .evaluateAll((els) => els.map((e) => e.id)),
    clearAll: async () => {
      await host.getByRole("button", { name: "Clear all answers" }).click();
      await host.getByRole("button", { name: "Yes, clear all answers" }).click();
      await w.expectStep("start");
    },
  };
  return w;
}

/** Opens the demo page with `protocol` fixed and waits for the widget. */
export async function openDemo(page, protocol, record) {
  const response = await page.goto(`/?protocol=${encodeURIComponent(protocol)}`);
  const w = widget(page);
  await w.ready();
  if (record) await record.markLoaded();
  return { w, response };
}

/**
 * Answers from the Start step up to (not including) `until`, by mouse,
 * or to the Next step when the disagreement type chosen is one the protocol
 * sends elsewhere (then `chosen.ended` is true: there is no form),
 * following `plan`: { subject, harm ("yes"|"no"), urgency, disagreement,
 * context (index used for every context question), attempt (values for one
 * attempt at the first stage, or null), specialCases (tick every checkbox on
 * the stages step), details ({ id: value } for the details step) }.
 * Indices wrap around the options offered. Returns what was chosen.
 */
export async function answer(w, plan = {}, until = "form") {
  const chosen = {};
  const pickRadio = async (name, index) => {
    const radios = w.radios(name);
    const n = await radios.count();
    (chosen.counts ??= {})[name] = n;
    if (n === 0) return null;
    const r = radios.nth(((index ?? 0) % n + n) % n);
    await r.check();
    return r.evaluate((el) => el.value);
  };
  for (let guard = 0; guard < 20; guard++) {
    const step = await w.step();
    if (step === until) return chosen;
    switch (step) {
      case "start":
        if (await w.radios("cr-protocol").count()) {
          chosen.protocol = await pickRadio("cr-protocol", plan.protocol ?? 0);
          // The partnership's file loads once it is chosen, and its own
          // questions (who the concern is about) appear after that: wait
          // until the widget names it, or Continue may come first.
          const label = await w.host.locator("input[name=cr-protocol]:checked").evaluate((el) => el.labels[0].textContent);
          const bar = w.host.locator(".cr-partnership");
          await expect
            .poll(async () => { const t = ((await bar.textContent()) ?? "").trim(); return t !== "" && label.includes(t); }, { message: "the chosen partnership's file loads" })
            .toBe(true);
        }
        chosen.subject = await pickRadio("cr-subject", plan.subject ?? 0);
        break;
      case "safety":
        await w.radios("cr-immediate-harm").nth(plan.harm === "yes" ? 0 : 1).check();
        break;
      case "urgency":
        chosen.urgency = await pickRadio("cr-urgency", plan.urgency ?? 0);
        break;
      case "disagreement":
        chosen.disagreement = await pickRadio("cr-disagreement", plan.disagreement ?? 0);
        break;
      case "context":
        chosen.context = {};
        for (const name of await w.radioGroups()) chosen.context[name] = await pickRadio(name, plan.context ?? 0);
        break;
      case "stages":
        if (plan.attempt) {
          await w.host.locator(".cr-add-attempt").first().click();
          await expect(w.host.locator("#cr-attempt-0-date")).toBeFocused();
          for (const [part, value] of Object.entries(plan.attempt)) {
            const field = w.host.locator(`#cr-attempt-0-${part}`);
            if (part === "outcome") await w.radios("cr-attempt-0-outcome").nth(value).check();
            else await field.fill(value);
          }
        }
        if (plan.specialCases) {
          const boxes = w.host.locator(".cr-main input[type=checkbox]");
          for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
        }
        break;
      case "details": {
        const details = plan.details ?? { "cr-concern": "The referral was closed without a strategy discussion." };
        for (const [id, value] of Object.entries(details)) await w.host.locator(`#${id}`).fill(value);
        if (plan.basis !== undefined) await w.radios("cr-basis").nth(plan.basis).check();
        break;
      }
      case "next-step":
        // A disagreement type the protocol sends elsewhere ends here: no
        // Continue, no form (`chosen.ended`).
        if ((await w.continueButton.count()) === 0) {
          chosen.ended = true;
          return chosen;
        }
        break;
      default:
        break;
    }
    const before = step;
    await w.continue();
    await expect.poll(() => w.step(), { message: `Continue on ${before}` }).not.toBe(before);
  }
  throw new Error(`did not reach ${until}`);
}

/** What the page keeps: storage keys, IndexedDB databases, cookies. */
export async function stored(page) {
  const inPage = await page.evaluate(async () => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
  }));
  return { ...inPage, cookies: (await page.context().cookies()).map((c) => c.name) };
}

/**
 * Clicks `button` and returns the download it starts; fails at once with the
 * widget's message if the widget reports a failure instead (or after 60 s).
 */
export async function download(page, button) {
  const failed = page.locator("[data-case-resolution] .cr-status--failed").first();
  const started = page.waitForEvent("download", { timeout: 60_000 }).catch((e) => e);
  await button.click();
  const failure = await Promise.race([
    started.then(() => null),
    failed.waitFor({ timeout: 60_000 }).then(() => failed.textContent(), () => null),
  ]);
  if (failure) throw new Error(`no download from ${button}: the widget says: ${failure}`);
  const d = await started;
  if (d instanceof Error) {
    const status = await page.locator("[data-case-resolution] .cr-status-region").first().textContent().catch(() => "");
    throw new Error(`no download from ${button} within 60 s; status: ${status}`);
  }
  return d;
}
