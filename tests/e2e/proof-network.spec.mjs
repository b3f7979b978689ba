// Proof 1-3: nothing leaves the page, nothing stays behind, the strict CSP holds.
//
// For every protocol the demo page offers: complete runs to the form that
// between them use every urgency level and every disagreement type (and
// immediate harm yes and no, with and without a stage attempt), each ending
// with every output (Word, HTML, JSON draft, copy as text, the record's CSV,
// the calendar follow-up), then a reload.
// Every request of the browser context is recorded; an init script wraps
// fetch, XMLHttpRequest, sendBeacon, WebSocket and EventSource. Asserted:
// - every request is for a file of dist/ (or the demo page itself);
// - the only network API calls are the documented three: the loader's fetch
//   of case-resolution-app_bg.wasm before load, and the on-demand modules'
//   fetches of their own .wasm, from dist/: the Word exporter's
//   (case-resolution-docx_bg.wasm) when Word is asked for, the checker
//   module's (case-resolution-check_bg.wasm) when HTML or JSON is;
// - after each run localStorage, IndexedDB and cookies are empty and session
//   storage holds only the widget's key; after "Clear all answers" (confirmed)
//   it holds nothing;
// - the server sends the strict CSP header and no securitypolicyviolation
//   event fires; no console error, no uncaught exception.
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { recordFigures } from "./support/figures.mjs";
import {
  CSP_HEADER, PROTOCOLS, ROOT, answer, download, expectNone, foreign, guard, offered, openDemo, skipUnlessOffered, stored,
  unexpectedCalls, widget,
} from "./support/proof.mjs";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const DETAILS = {
  "cr-your-name": "Pat Practitioner",
  "cr-your-role": "Designated safeguarding lead",
  "cr-your-agency": "Example Primary School",
  "cr-your-contact": "dsl@example.invalid",
  "cr-consulted-name": "Morgan Head",
  "cr-consulted-role": "Head teacher",
  "cr-subject-initials": "J.B.",
  "cr-subject-reference": "REF-1",
  "cr-subject-age": "9",
  "cr-decision-agency": "Children's services",
  "cr-decision-role": "MASH team manager",
  "cr-decision-date": "2026-11-02",
  "cr-concern": "The referral was closed without a strategy discussion.",
  "cr-outcome-sought": "A strategy discussion this week.",
};

test("the demo page offers only protocols that are tested", async ({ page }) => {
  const ids = await offered(page);
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(PROTOCOLS, `${id} is offered but has no file in protocols/`).toContain(id);
  const missing = PROTOCOLS.filter((p) => !ids.includes(p));
  if (missing.length) {
    test.info().annotations.push({ type: "not built yet", description: `in protocols/ but not in dist/: ${missing.join(", ")} (rebuild dist/)` });
  }
});

for (const protocol of PROTOCOLS) {
  test(`${protocol}: complete runs with every output leave nothing and send nothing`, async ({ page, baseURL }, info) => {
    test.setTimeout(240_000);
    await skipUnlessOffered(page, protocol);
    const record = await guard(page);
    const { w, response } = await openDemo(page, protocol, record);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-security-policy"]).toBe(CSP_HEADER);

    const used = { urgency: new Set(), disagreement: new Set(), harm: new Set() };
    let runs = 0;
    let outputs = 0;
    let storageChecks = 0;
    let counts = null;
    for (let i = 0; ; i++) {
      // Every urgency and every disagreement type used (an ending run too).
      if (counts && i >= Math.max(counts["cr-urgency"], counts["cr-disagreement"], 2)) {
        expect(used.urgency.size, "every urgency level used").toBe(counts["cr-urgency"]);
        expect(used.disagreement.size, "every disagreement type used").toBe(counts["cr-disagreement"]);
        break;
      }
      const harm = i % 2 === 0 ? "yes" : "no";
      const chosen = await answer(w, {
        subject: i,
        harm,
        urgency: i,
        disagreement: i,
        context: i,
        attempt: i % 2 === 0 ? { date: "2026-11-02", name: "A. Manager", role: "Team manager", agency: "Children's services", outcome: i % 3, notes: "Discussed." } : null,
        specialCases: i % 2 === 1,
        details: DETAILS,
        basis: i % 2,
      });
      counts = chosen.counts;
      used.urgency.add(chosen.urgency);
      used.disagreement.add(chosen.disagreement);
      used.harm.add(harm);
      if (chosen.ended) {
        // A type the protocol sends elsewhere: the answer says where, and
        // there is no form to make; the page keeps only the answers.
        await expect(w.host.locator(".cr-elsewhere")).toBeVisible();
        expect((await stored(page)).session).toEqual([`case-resolution:${protocol}`]);
        await w.clearAll();
        runs += 1;
        continue;
      }
      await w.expectStep("form");
      await expect(w.host.locator(".cr-form-preview")).toContainText(DETAILS["cr-concern"]);

      const status = w.host.locator(".cr-status-region");
      const docx = await download(page, w.host.getByRole("button", { name: "Download Word (.docx)" }));
      expect(docx.suggestedFilename()).toMatch(new RegExp(`^case-resolution-${protocol}-\\d{4}-\\d{2}-\\d{2}\\.docx$`));
      expect(await docx.failure()).toBeNull();
      const html = await download(page, w.host.getByRole("button", { name: "Download HTML" }));
      expect(html.suggestedFilename()).toMatch(/\.html$/);
      const json = await download(page, w.host.getByRole("button", { name: "Download JSON draft" }));
      expect(json.suggestedFilename()).toMatch(/\.json$/);
      await w.host.getByRole("button", { name: "Copy as text" }).click();
      await expect(status).toContainText("Copied");
      const trap = await record.trap();
      expect(trap.clipboard.at(-1)).toContain(DETAILS["cr-concern"]);
      // The record for the partnership and the calendar follow-up, made
      // on the device like the rest (a date is chosen where the protocol
      // states no working-day timescale).
      const csv = await download(page, w.host.getByRole("button", { name: "Download the record (CSV)" }));
      expect(csv.suggestedFilename()).toMatch(/\.csv$/);
      const followUp = w.host.locator(".cr-follow-up-wrap");
      if (await followUp.locator("#cr-follow-up-date").count()) {
        await followUp.getByLabel("Date to follow up").fill("2031-03-14");
      }
      const ics = await download(page, followUp.getByRole("button", { name: "Add a follow-up to your calendar (.ics)" }));
      expect(ics.suggestedFilename()).toMatch(/^follow-up-\d{4}-\d{2}-\d{2}\.ics$/);
      outputs += 6;

      // What the page keeps after a run, then after a reload (restored).
      for (const phase of ["after the run", "after a reload"]) {
        const s = await stored(page);
        expect(s.local, `localStorage ${phase}`).toEqual([]);
        expect(s.indexedDB, `IndexedDB ${phase}`).toEqual([]);
        expect(s.cookies, `cookies ${phase}`).toEqual([]);
        expect(s.session, `sessionStorage ${phase}`).toEqual([`case-resolution:${protocol}`]);
        storageChecks += 1;
        if (phase === "after the run") {
          await page.reload();
          await w.ready();
          await record.markLoaded();
          await expect(w.host.locator(".cr-widget")).not.toHaveAttribute("data-step", "start");
        }
      }

      // Clear all answers asks first; confirmed, nothing is left.
      await w.clearAll();
      const cleared = await stored(page);
      expect(cleared).toEqual({ local: [], session: [], indexedDB: [], cookies: [] });
      storageChecks += 1;
      runs += 1;
    }

    // A reload after clearing starts afresh, and nothing was written.
    await page.reload();
    await widget(page).ready();
    await record.markLoaded();
    await w.expectStep("start");

    const trap = await record.trap();
    const foreignRequests = foreign(record.requests, baseURL);
    const badCalls = unexpectedCalls(trap.calls, baseURL);
    const afterLoad = trap.calls.filter((c) => c.afterLoad);
    info.annotations.push({
      type: "requests",
      description: [...new Set(record.requests.map((r) => `${r.method} ${r.url}`))].join("\n"),
    });
    recordFigures("1 network", info.title, {
      protocols: 1,
      "complete runs": runs,
      "outputs made (docx/html/json/text/csv/ics)": outputs,
      "downloads seen": record.downloads,
      "requests recorded": record.requests.length,
      "foreign requests": foreignRequests.length,
      "network API calls (all, incl. wasm loads)": trap.calls.length,
      "network API calls after load (on-demand docx and checker wasm)": afterLoad.length,
      "unexpected network API calls": badCalls.length,
    });
    recordFigures("2 storage", info.title, { "storage checks": storageChecks, "storage leftovers": 0 });
    recordFigures("3 csp", info.title, { "pages under strict CSP": runs + 2, "CSP violations": trap.csp.length });
    recordFigures("1 network: page health", info.title, {
      "console errors (network runs)": record.consoleErrors.length,
      "page errors (network runs)": record.pageErrors.length,
    });

    expectNone(foreignRequests, "requests for anything but dist/");
    expectNone(badCalls, "network API calls beyond the documented wasm loads");
    const onDemand = (c) => /\/case-resolution-(docx|check)_bg\.wasm$/.test(new URL(c.url).pathname);
    expectNone(afterLoad.filter((c) => !onDemand(c)), "network API calls after load other than the on-demand modules' wasm");
    // Both modules were used: Word, and HTML and JSON.
    expect(afterLoad.some((c) => c.url.endsWith("/case-resolution-docx_bg.wasm"))).toBe(true);
    expect(afterLoad.some((c) => c.url.endsWith("/case-resolution-check_bg.wasm"))).toBe(true);
    expectNone(trap.csp, "CSP violations");
    expectNone(record.pageErrors, "uncaught exceptions");
    expectNone(record.consoleErrors, "console errors");
    expect(runs).toBeGreaterThanOrEqual(2);
  });
}

test("the picker (no protocol fixed): each offered protocol to the form, nothing sent", async ({ page, baseURL }, info) => {
  test.setTimeout(180_000);
  const record = await guard(page);
  await page.goto("/?protocol=");
  const w = widget(page);
  await w.ready();
  await record.markLoaded();
  const count = await w.radios("cr-protocol").count();
  expect(count).toBe((await page.evaluate(() => window.CaseResolution.protocols())).length);
  for (let i = 0; i < count; i++) {
    await answer(w, { protocol: i, harm: "no", urgency: -1, disagreement: 0, context: -1 });
    await w.expectStep("form");
    await download(page, w.host.getByRole("button", { name: "Download HTML" }));
    await w.clearAll();
    expect((await stored(page)).session).toEqual([]);
  }
  const trap = await record.trap();
  recordFigures("1 network", info.title, {
    "picker runs": count,
    "requests recorded": record.requests.length,
    "foreign requests": foreign(record.requests, baseURL).length,
  });
  expectNone(foreign(record.requests, baseURL), "requests for anything but dist/");
  expectNone(unexpectedCalls(trap.calls, baseURL), "network API calls");
  expectNone(trap.csp, "CSP violations");
  expectNone(record.pageErrors, "uncaught exceptions");
  expectNone(record.consoleErrors, "console errors");
});

test("try your own protocol file: checked and previewed on this device, nothing sent", async ({ page, baseURL }, info) => {
  test.setTimeout(180_000);
  const protocol = PROTOCOLS[0];
  await skipUnlessOffered(page, protocol);
  const record = await guard(page);
  await page.goto("/");
  await widget(page).ready();
  await record.markLoaded();
  const file = readFileSync(join(ROOT, "protocols", `${protocol}.toml`), "utf8");

  // A broken file: the mistakes, with line numbers, in the page.
  await page.locator("#demo-file").setInputFiles({ name: "broken.toml", mimeType: "text/plain", buffer: Buffer.from(`${file}\nthis is not TOML\n`) });
  await expect(page.locator("#demo-file-result [role=alert]")).toContainText(/Line \d+/);

  // The real file, renamed: previewed in a widget, run to the form, every output.
  await page.locator("#demo-file").setInputFiles({ name: "edited.toml", mimeType: "text/plain", buffer: Buffer.from(file) });
  const own = widget(page, page.locator("#demo-own-slot > div"));
  await own.ready();
  await answer(own, { harm: "no", attempt: null, details: { "cr-concern": "Checked with an edited file." } });
  await own.expectStep("form");
  // The escalation map is drawn for a partnership's own file too.
  await expect(own.host.locator(".cr-form-preview .cr-map")).toHaveAccessibleName(/^Escalation map\. Stage 1/);
  for (const name of ["Download Word (.docx)", "Download HTML", "Download JSON draft"]) {
    await download(page, own.host.getByRole("button", { name }));
  }
  await own.host.getByRole("button", { name: "Copy as text" }).click();
  await expect(own.host.locator(".cr-status-region")).toContainText("Copied");

  const trap = await record.trap();
  const foreignRequests = foreign(record.requests, baseURL);
  recordFigures("1 network", info.title, {
    "custom protocol files checked in the page": 2,
    "requests recorded": record.requests.length,
    "foreign requests": foreignRequests.length,
    "unexpected network API calls": unexpectedCalls(trap.calls, baseURL).length,
  });
  recordFigures("3 csp", info.title, { "CSP violations": trap.csp.length });
  expectNone(foreignRequests, "requests for anything but dist/");
  expectNone(unexpectedCalls(trap.calls, baseURL), "network API calls beyond the documented wasm loads");
  expectNone(trap.csp, "CSP violations");
  expectNone(record.pageErrors, "uncaught exceptions");
  expectNone(record.consoleErrors, "console errors");
});
