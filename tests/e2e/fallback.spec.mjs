// The static fallback: safe before and without WebAssembly.
//
// The embed snippet carries a static fallback inside the widget's element
// (core/src/fallback.rs; the build writes dist/fallback/<id>.html and
// picker.html, and fills the demo page's copies). A host page
// (fixtures/fallback-host.html, served at /fallback-host.html under the
// strict CSP) holds one of those files exactly as a web officer pastes it,
// for a fixed protocol and for the picker. Asserted, for each:
// - with WebAssembly disabled (Chromium --js-flags=--jitless leaves
//   `WebAssembly` undefined), with the wasm answering 404 and with the loader
//   script answering 404: the element shows 999 (a tel: link) and the
//   protocol's source link(s); where the loader ran, one more line says the
//   interactive version could not start and why; no uncaught exception, no
//   request beyond the widget's own files (none at all for the wasm when
//   WebAssembly is missing), no CSP violation; axe passes on the fallback;
// - with everything working: the fallback shows while the wasm is still on
//   its way, and is gone from the DOM once the widget has mounted;
// - a stale fallback (another version stamp) logs a console warning naming
//   both versions, and still leaves when the widget mounts;
// - an unknown protocol id: the fallback stays, with the line, beside the
//   widget's error panel.
// The demo page uses the same snippets: its "copy the snippet" gives the
// element with its fallback, and it still shows the fallbacks (and lets you
// switch between them) without WebAssembly. Nothing here hard-codes protocol
// wording: expectations come from protocols/*.toml and from dist/.
import { test, expect, chromium } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM_ARGS } from "../../playwright.config.mjs";
import { AXE_TAGS, CSP_HEADER, DIST, ROOT, expectNone, foreign, guard, skipOrFail, widget } from "./support/proof.mjs";

const FIXTURE = readFileSync(fileURLToPath(new URL("./fixtures/fallback-host.html", import.meta.url)), "utf8");
const HOST_PATH = "/fallback-host.html";

/** id -> source url (or null) of every protocol file in protocols/. */
const SOURCES = new Map(
  readdirSync(join(ROOT, "protocols"))
    .filter((f) => f.endsWith(".toml"))
    .map((f) => readFileSync(join(ROOT, "protocols", f), "utf8"))
    .map((text) => {
      const id = text.match(/^id\s*=\s*"([^"]+)"/m)?.[1];
      const section = text.split(/^\[source\]\s*$/m)[1]?.split(/^\[/m)[0] ?? "";
      return [id, section.match(/^url\s*=\s*"([^"]+)"/m)?.[1] ?? null];
    })
    .filter(([id]) => id),
);

// The fixed protocol under test: the demo's default where it has a web
// address, else the first one that has.
const FIXED = SOURCES.get("devon-dcfp") ? "devon-dcfp" : [...SOURCES].find(([, url]) => url)?.[0];

/** The snippet the build wrote for `id` (undefined: the picker). */
function snippet(id) {
  return readFileSync(join(DIST, "fallback", `${id ?? "picker"}.html`), "utf8");
}

/** The version stamped on a snippet's fallback. */
function stampOf(html) {
  return html.match(/data-cr-version="([^"]+)"/)?.[1];
}

const MODES = [
  { name: "a fixed protocol", id: FIXED, links: () => [SOURCES.get(FIXED)] },
  { name: "the picker", id: undefined, links: () => [...SOURCES.values()].filter(Boolean) },
];

/** Serves the host page holding `html` (a snippet) at HOST_PATH. */
async function serveHost(page, html) {
  await page.route(`**${HOST_PATH}`, (route) =>
    route.fulfill({
      status: 200,
      headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP_HEADER },
      body: FIXTURE.replace("{{SNIPPET}}", html),
    }),
  );
}

/** A page in a Chromium without WebAssembly, with its own context. */
async function withoutWasm(baseURL, run) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, "--js-flags=--jitless"],
  });
  try {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await run(page);
  } finally {
    await browser.close();
  }
}

const host = (page) => page.locator("[data-case-resolution]").first();
const fallbackOf = (page) => host(page).locator(":scope > [data-cr-fallback]");

/** The fallback shows 999 as a tel: link first, and every expected source link. */
async function expectSafetyInformation(page, links) {
  const fallback = fallbackOf(page);
  await expect(fallback).toBeVisible();
  const nine = fallback.locator('a[href="tel:999"]');
  await expect(nine).toBeVisible();
  await expect(nine).toHaveText("999");
  await expect(fallback.locator("a").first()).toHaveAttribute("href", "tel:999");
  await expect(fallback.locator("p").first()).toContainText("999");
  for (const url of links) await expect(fallback.locator(`a[href="${url}"]`).first()).toBeVisible();
}

/** What must hold on every page of this file: nothing thrown, nothing foreign, the CSP kept. */
async function expectClean(page, record, baseURL, extra = []) {
  await page.waitForLoadState("networkidle");
  const trap = await record.trap();
  expectNone(record.pageErrors, "uncaught exceptions");
  expectNone(foreign(record.requests, baseURL, [HOST_PATH, ...extra]), "requests beyond the widget's files");
  expectNone(trap.csp, "CSP violations");
  return trap;
}

async function expectAxeClean(page, label) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const violations = result.violations.map(
    (v) => `[${label}] ${v.id}: ${v.help} ${v.nodes.map((n) => JSON.stringify(n.target)).join(" ")}`,
  );
  expectNone(violations, `axe violations (${label})`);
}

test.describe("the snippet's static fallback", () => {
  test.beforeEach(async () => skipOrFail(!FIXED, "no protocol file in protocols/ has a source url"));

  for (const mode of MODES) {
    test(`${mode.name}: without WebAssembly the fallback shows 999 and the source, and says why`, async ({ baseURL }) => {
      await withoutWasm(baseURL, async (page) => {
        const record = await guard(page);
        await serveHost(page, snippet(mode.id));
        await page.goto(HOST_PATH);
        expect(await page.evaluate(() => typeof WebAssembly), "WebAssembly is really missing").toBe("undefined");
        await expectSafetyInformation(page, mode.links());
        await expect(fallbackOf(page).locator(".cr-fallback__status")).toContainText(/could not start: .*WebAssembly/);
        await expect(page.locator("link[data-cr-fallback-style]")).toHaveCount(1);
        await page.evaluate(() => window.CaseResolution.ready);
        await expectClean(page, record, baseURL);
        const wasm = record.requests.filter((r) => /\.wasm$|case-resolution-app\.js$/.test(new URL(r.url).pathname));
        expectNone(wasm, "requests for the wasm or its glue without WebAssembly");
        await expectAxeClean(page, `${mode.name}, no WebAssembly`);
      });
    });

    test(`${mode.name}: with the wasm answering 404 the fallback stays and says a file could not load`, async ({ page, baseURL }) => {
      const record = await guard(page);
      await serveHost(page, snippet(mode.id));
      await page.route("**/case-resolution-app_bg.wasm", (route) => route.fulfill({ status: 404, body: "not found\n" }));
      await page.goto(HOST_PATH);
      await expect(fallbackOf(page).locator(".cr-fallback__status")).toContainText(/could not start: .*files could not be loaded/);
      await expectSafetyInformation(page, mode.links());
      expect(await page.evaluate(() => window.CaseResolution.ready)).toBe(false);
      await expect(host(page).locator(".cr-widget")).toHaveCount(0);
      await expectClean(page, record, baseURL);
      await expectAxeClean(page, `${mode.name}, wasm 404`);
    });

    test(`${mode.name}: with the loader answering 404 the static HTML alone shows 999 and the source`, async ({ page, baseURL }) => {
      const record = await guard(page);
      await serveHost(page, snippet(mode.id));
      await page.route("**/case-resolution.js", (route) => route.fulfill({ status: 404, body: "not found\n" }));
      await page.goto(HOST_PATH);
      await expectSafetyInformation(page, mode.links());
      expect(await page.evaluate(() => window.CaseResolution)).toBeUndefined();
      await expectClean(page, record, baseURL);
      await expectAxeClean(page, `${mode.name}, loader 404`);
    });

    test(`${mode.name}: the fallback shows until the widget mounts, then leaves the DOM`, async ({ page, baseURL }) => {
      const record = await guard(page);
      const warnings = [];
      page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
      await serveHost(page, snippet(mode.id));
      // Hold the wasm until the fallback has been seen.
      let release;
      const held = new Promise((resolve) => (release = resolve));
      await page.route("**/case-resolution-app_bg.wasm", async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(HOST_PATH);
      await expectSafetyInformation(page, mode.links());
      await expect(fallbackOf(page).locator(".cr-fallback__status")).toHaveCount(0);
      release();
      const w = widget(page, host(page));
      await w.ready();
      expect(await page.evaluate(() => document.querySelectorAll("[data-cr-fallback]").length)).toBe(0);
      const trap = await expectClean(page, record, baseURL);
      expect(trap.calls.filter((c) => c.api !== "fetch"), "network APIs other than the wasm fetch").toEqual([]);
      expectNone(record.consoleErrors, "console errors");
      expectNone(warnings.filter((t) => t.includes("fallback")), "warnings about the fallback");
    });
  }

  test("a stale fallback logs a warning naming both versions, and still leaves", async ({ page, baseURL }) => {
    const record = await guard(page);
    const warnings = [];
    page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    for (const mode of MODES) {
      const current = snippet(mode.id);
      const version = stampOf(current);
      expect(version, "the snippet is stamped").toMatch(/^[0-9a-f]{8}$/);
      const stale = version === "00000000" ? "00000001" : "00000000";
      warnings.length = 0;
      await serveHost(page, current.replace(`data-cr-version="${version}"`, `data-cr-version="${stale}"`));
      await page.goto(HOST_PATH);
      await widget(page, host(page)).ready();
      await expect.poll(() => warnings.find((t) => t.includes(stale)), { message: `a warning for ${mode.name}` }).toBeTruthy();
      const warning = warnings.find((t) => t.includes(stale));
      expect(warning).toContain(version);
      if (mode.id) expect(warning).toContain(mode.id);
      expect(await page.evaluate(() => document.querySelectorAll("[data-cr-fallback]").length)).toBe(0);
      await expectClean(page, record, baseURL);
      await page.unroute(`**${HOST_PATH}`);
    }
  });

  test("an unknown protocol id: the fallback stays, says why, beside the error panel", async ({ page, baseURL }) => {
    const record = await guard(page);
    const html = snippet(FIXED).replace(`data-protocol="${FIXED}"`, 'data-protocol="no-such-protocol"');
    await serveHost(page, html);
    await page.goto(HOST_PATH);
    await expect(host(page).locator("[role=alert]")).toContainText("no-such-protocol");
    await expectSafetyInformation(page, [SOURCES.get(FIXED)]);
    await expect(fallbackOf(page).locator(".cr-fallback__status")).toContainText(/could not start: .*no-such-protocol/);
    // 999 comes before the error panel.
    const order = await host(page).evaluate((el) => {
      const alert = el.shadowRoot.querySelector("[role=alert]");
      const fallback = el.querySelector(":scope > [data-cr-fallback]");
      return fallback.getBoundingClientRect().top < alert.getBoundingClientRect().top;
    });
    expect(order, "the fallback shows above the error panel").toBe(true);
    // The widget asks for the id's data file (in its own folder), which is not there.
    await expectClean(page, record, baseURL, ["/protocols/no-such-protocol.txt"]);
    await expectAxeClean(page, "unknown protocol");
  });
});

test.describe("the demo page uses the same snippet", () => {
  test.beforeEach(async () => skipOrFail(!FIXED, "no protocol file in protocols/ has a source url"));
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("copy the snippet gives the element with its fallback; the widget replaces it", async ({ page, baseURL }) => {
    const record = await guard(page);
    await page.goto(`/?protocol=${FIXED}`);
    const w = widget(page);
    await w.ready();
    expect(await page.evaluate(() => document.querySelectorAll("#demo-widget-slot [data-cr-fallback]").length)).toBe(0);
    const loader = new URL("/case-resolution.js", baseURL).href;
    for (const [id, value] of [[FIXED, FIXED], [undefined, ""]]) {
      await page.locator("#demo-protocol").selectOption(value);
      // The build's snippet, its loader at this page's address, with the
      // loader's hash the build stamped on it.
      const integrity = snippet(id).match(/ integrity="(sha256-[^"]+)"/)[1];
      const expected = `${snippet(id).split("\n<script")[0]}\n<script type="module" src="${loader}" integrity="${integrity}"></script>`;
      await expect(page.locator("#demo-snippet")).toHaveText(expected);
      await page.locator("#demo-copy").click();
      await expect(page.locator("#demo-copy-status")).toHaveText("Snippet copied.");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
      await widget(page).ready();
      expect(await page.evaluate(() => document.querySelectorAll("#demo-widget-slot [data-cr-fallback]").length)).toBe(0);
    }
    await expectClean(page, record, baseURL);
    expectNone(record.consoleErrors, "console errors");
  });

  test("without WebAssembly the demo shows each partnership's fallback", async ({ baseURL }) => {
    await withoutWasm(baseURL, async (page) => {
      const record = await guard(page);
      await page.goto("/?protocol=");
      const slot = page.locator("#demo-widget-slot [data-case-resolution]");
      await expect(slot).not.toHaveAttribute("data-protocol");
      await expectSafetyInformation(page, MODES[1].links());
      await expect(fallbackOf(page).locator(".cr-fallback__status")).toContainText("WebAssembly");
      await page.locator("#demo-protocol").selectOption(FIXED);
      await expect(slot).toHaveAttribute("data-protocol", FIXED);
      await expectSafetyInformation(page, MODES[0].links());
      await expect(fallbackOf(page).locator(".cr-fallback__status")).toContainText("WebAssembly");
      await expect(page.locator("#demo-snippet")).toContainText(`data-cr-fallback="${FIXED}"`);
      await expectClean(page, record, baseURL);
      await expectAxeClean(page, "demo, no WebAssembly");
    });
  });
});
