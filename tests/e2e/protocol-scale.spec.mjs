// Protocols as data files, at the scale of every partnership in
// England: 150 synthetic protocols (tests/e2e/support/protocol-data.mjs,
// mirroring tests/data_files.rs `synthetic()`) compiled by protocol-data
// into a copy of dist/, against a copy of the normal dist/ (five), each
// served by scripts/serve.mjs with the strict CSP on a port of its own.
//
// (a) a fixed-protocol page loads the same bytes (< 1 KB apart, every
//     response body summed) with 5 and with 150 protocols, and never the
//     index or another protocol;
// (b) the picker loads the index, then exactly the one data file chosen;
// (c) every one of the 150 mounts (CaseResolution.mount into a fresh element
//     with data-protocol) to its Start step, its own name in the lead, no
//     error panel;
// (d) the 150-partnership picker is a labelled select that the keyboard
//     alone drives to the next step, and axe finds nothing on it.
//
// The setup needs cargo (a native build of protocol-data), or
// PROTOCOL_DATA_BIN naming a built protocol-data binary.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { AXE_TAGS, expectNone, widget } from "./support/proof.mjs";
import { distCopy, hostPage, scratch, serve, synthetic } from "./support/protocol-data.mjs";

// One worker holds the two servers; the tests share them, in order.
test.describe.configure({ mode: "default" });

const N = 150;
// The protocol compared in (a): Darlington with 5, its synthetic copy with 150.
const FIVE_ID = "darlington";
let SCALE_ID;
let dir, five, scale, protocols;

test.beforeAll(async () => {
  test.setTimeout(900_000); // a cold native build of protocol-data
  dir = scratch("scale");
  protocols = synthetic(join(dir, "toml"), N);
  SCALE_ID = protocols.find((p) => p.base === FIVE_ID && p.id.startsWith("p14")).id;
  const pages = (fixed) => ({ "fixed.html": hostPage(fixed), "picker.html": hostPage(), "blank.html": hostPage(null) });
  distCopy(join(dir, "five"), { pages: pages(FIVE_ID) });
  distCopy(join(dir, "scale"), { pages: pages(SCALE_ID), protocols: join(dir, "toml") });
  five = await serve(join(dir, "five"));
  scale = await serve(join(dir, "scale"));
});

test.afterAll(async () => {
  await five?.close();
  await scale?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Records every response: path and body size; page errors. */
function meter(page) {
  const record = { responses: [], pending: [], failed: [], pageErrors: [], consoleErrors: [] };
  page.on("requestfinished", (req) =>
    record.pending.push(
      req.sizes().then((s) => record.responses.push({ path: new URL(req.url()).pathname, bytes: s.responseBodySize })),
    ),
  );
  page.on("requestfailed", (req) => record.failed.push(`${req.url()} ${req.failure()?.errorText}`));
  page.on("pageerror", (e) => record.pageErrors.push(`${e.name}: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && record.consoleErrors.push(m.text()));
  record.settle = async () => {
    await page.waitForLoadState("networkidle");
    await Promise.all(record.pending);
    return record.responses;
  };
  return record;
}

const protocolPaths = (responses) => responses.map((r) => r.path).filter((p) => p.startsWith("/protocols/")).sort();

/** Opens `url` (a fixed-protocol page) in a fresh context: what it loads. */
async function fixedPageLoad(browser, url, name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const m = meter(page);
  await page.goto(url);
  const w = widget(page);
  await w.expectStep("start", { timeout: 30_000 });
  await expect(w.host.locator(".cr-lead")).toContainText(name);
  const responses = await m.settle();
  await context.close();
  expectNone(m.pageErrors, `uncaught errors on ${url}`);
  expectNone(m.failed, `failed requests on ${url}`);
  return responses;
}

test("(a) a fixed-protocol page loads the same bytes with 150 protocols as with 5", async ({ browser }, info) => {
  const scaleName = protocols.find((p) => p.id === SCALE_ID).name;
  const small = await fixedPageLoad(browser, `${five.origin}/fixed.html`, "Darlington Safeguarding Partnership");
  const large = await fixedPageLoad(browser, `${scale.origin}/fixed.html`, scaleName);
  const sum = (rs) => rs.reduce((t, r) => t + r.bytes, 0);
  const table = (rs) => rs.map((r) => `${r.path} ${r.bytes}`).sort().join("\n");
  info.annotations.push({
    type: "bytes",
    description: `5 protocols: ${sum(small)} B (${small.length} responses); ${N} protocols: ${sum(large)} B (${large.length} responses)`,
  });
  // The one protocol's data file, nothing else of protocols/.
  expect(protocolPaths(small)).toEqual([`/protocols/${FIVE_ID}.txt`]);
  expect(protocolPaths(large)).toEqual([`/protocols/${SCALE_ID}.txt`]);
  // The same files otherwise, and within 1 KB in all.
  const others = (rs) => rs.map((r) => r.path).filter((p) => !p.startsWith("/protocols/")).sort();
  expect(others(large)).toEqual(others(small));
  expect(
    Math.abs(sum(large) - sum(small)),
    `bytes loaded, 5 protocols:\n${table(small)}\n\n${N} protocols:\n${table(large)}`,
  ).toBeLessThan(1024);
});

/** Waits for the picker widget's Start step. */
async function openPicker(page, origin) {
  await page.goto(`${origin}/picker.html`);
  const w = widget(page);
  await w.expectStep("start", { timeout: 30_000 });
  return w;
}

test("(b) the picker loads the index, then only the data file of the partnership chosen", async ({ page }) => {
  const m = meter(page);
  const w = await openPicker(page, scale.origin);
  const select = w.host.locator("select#cr-protocol");
  await expect(select).toBeVisible();
  await m.settle();
  expect(protocolPaths(m.responses), "before a choice").toEqual(["/protocols/index.json"]);

  const chosen = protocols[77];
  await select.selectOption({ label: `${chosen.name} (${chosen.area})` });
  await expect(w.host.locator(".cr-lead")).toContainText(chosen.name);
  await m.settle();
  expect(protocolPaths(m.responses), "after one choice").toEqual(["/protocols/index.json", `/protocols/${chosen.id}.txt`].sort());
  expectNone(m.pageErrors, "uncaught errors");
  expectNone(m.consoleErrors, "console errors");
});

test(`(c) every one of the ${N} protocols mounts to its Start step`, async ({ page }, info) => {
  test.setTimeout(600_000);
  const m = meter(page);
  await page.goto(`${scale.origin}/blank.html`);
  await page.evaluate(() => window.CaseResolution.ready);
  const started = Date.now();
  const results = [];
  for (const p of protocols) {
    // In the page: a fresh element, mounted, read once the widget shows a
    // step or an error panel; then removed (the next one is fresh).
    const r = await page.evaluate(async (id) => {
      const div = document.createElement("div");
      div.setAttribute("data-case-resolution", "");
      div.setAttribute("data-protocol", id);
      document.querySelector("main").append(div);
      const mounted = await window.CaseResolution.mount(div);
      const deadline = performance.now() + 20_000;
      let out;
      while (performance.now() < deadline) {
        const root = div.shadowRoot;
        const panel = root?.querySelector(".cr-error-panel");
        const step = root?.querySelector(".cr-widget[data-step]");
        const h1 = root?.querySelector("h1");
        if (panel || (step && h1)) {
          out = {
            mounted,
            panel: panel ? panel.textContent.trim() : null,
            step: step?.getAttribute("data-step") ?? null,
            h1: h1?.textContent.trim() ?? null,
            lead: root.querySelector(".cr-lead")?.textContent ?? "",
          };
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      div.remove();
      return out ?? { mounted, timeout: true };
    }, p.id);
    results.push({ id: p.id, name: p.name, ...r });
  }
  info.annotations.push({ type: "mounted", description: `${N} protocols in ${Date.now() - started} ms (untimed)` });
  const wrong = results.filter(
    (r) => !r.mounted || r.timeout || r.panel !== null || r.step !== "start" || r.h1 !== "Resolve a professional disagreement" || !r.lead.includes(r.name),
  );
  expectNone(wrong, `protocols that did not mount to their Start step`);
  // Each protocol's own data file, once; no index, nothing else.
  await m.settle();
  expect(protocolPaths(m.responses)).toEqual(protocols.map((p) => `/protocols/${p.id}.txt`).sort());
  expectNone(m.pageErrors, "uncaught errors");
  expectNone(m.consoleErrors, "console errors");
});

test(`(d) the ${N}-partnership picker: a labelled select, usable by keyboard alone, no axe violations`, async ({ page }) => {
  const m = meter(page);
  const w = await openPicker(page, scale.origin);
  const select = w.host.getByLabel("Which partnership's protocol do you follow?");
  await expect(select).toHaveAttribute("id", "cr-protocol");
  await expect(select).toHaveAttribute("name", "cr-protocol");
  expect(await select.evaluate((s) => s.tagName)).toBe("SELECT");
  await expect(select.locator("option")).toHaveCount(N + 1);
  await expect(select.locator("option").first()).toHaveText("Choose one");
  await expect(w.host.locator(".cr-main input[type=radio][name=cr-protocol]")).toHaveCount(0);

  const violations = async (label) =>
    (await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()).violations.map(
      (v) => `[${label}] ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => JSON.stringify(n.target)).join("\n    ")}`,
    );
  const found = await violations("picker, nothing chosen");

  // Keyboard only: Tab from the page into the widget until the select has
  // focus, then arrow keys to choose.
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  for (let i = 0; i < 20 && (await w.focused())?.id !== "cr-protocol"; i++) await page.keyboard.press("Tab");
  expect((await w.focused())?.id, "Tab reaches the select").toBe("cr-protocol");
  // Three presses of the down arrow: Choose one -> Area 000 -> 001 -> 002 (the
  // index is sorted by area). Each press is a choice (a change event), so
  // the select must keep focus while the chosen partnership's file loads.
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("ArrowDown");
    await expect.soft(w.host.locator(".cr-lead"), `choice ${i + 1} by the down arrow`).toContainText(protocols[i].name);
    expect
      .soft((await w.focused())?.id, `focus stays on the select after choice ${i + 1} by the down arrow`)
      .toBe("cr-protocol");
  }
  expect.soft(await select.inputValue(), "three down-arrow presses choose the third partnership").toBe("2");
  // Whatever was chosen is what the widget shows.
  const chosen = protocols[Number(await select.inputValue())];
  await expect(w.host.locator(".cr-lead")).toContainText(chosen.name);
  found.push(...(await violations("picker, one chosen")));

  // On to Start by Tab (answering "who is it about" with Space where asked)
  // and Enter on Start.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    const f = await w.focused();
    if (f?.tag === "INPUT" && (await w.host.locator(`#${f.id}`).getAttribute("type")) === "radio") await page.keyboard.press("Space");
    if (f?.tag === "BUTTON" && f.text === "Start") break;
  }
  expect((await w.focused())?.text, "Tab reaches Start").toBe("Start");
  await page.keyboard.press("Enter");
  await expect.poll(() => w.step(), { message: "Enter on Start" }).not.toBe("start");
  await expect.poll(async () => (await w.focused())?.tag, { message: "focus on the next step's h1" }).toBe("H1");
  found.push(...(await violations(`after Start: ${await w.step()}`)));
  expect(found, found.join("\n")).toEqual([]);
  expectNone(m.pageErrors, "uncaught errors");
});
