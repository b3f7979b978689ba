// Smoke test: the demo page loads under the strict CSP, the widget mounts and
// responds, nothing is requested beyond dist/, and nothing logs an error.
import { test, expect } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { SCREENSHOTS, expectNone, foreign, guard } from "./support/proof.mjs";

test("demo page: widget mounts, responds, stays inside dist/ and the CSP", async ({ page, baseURL }) => {
  const record = await guard(page);

  const response = await page.goto("/");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-security-policy"]).toContain("script-src 'self' 'wasm-unsafe-eval'");

  const widget = page.locator("[data-case-resolution]").first();
  const heading = widget.locator("h1").first();
  await expect(heading).toBeVisible();
  await expect(heading).not.toBeEmpty();

  // Interact: the first button in the widget must change what it shows
  // (the widget renders into an open shadow root, if it uses one).
  const shown = () => widget.evaluate((el) => (el.shadowRoot ?? el).textContent);
  const before = await shown();
  await widget.getByRole("button").first().click();
  await expect.poll(shown).not.toBe(before);

  await page.waitForLoadState("networkidle");
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}smoke.png`, fullPage: true });

  expectNone(foreign(record.requests, baseURL), "requests beyond dist/");
  expect(record.requests.some((r) => r.url.endsWith("/case-resolution-app_bg.wasm"))).toBe(true);
  expectNone((await record.trap()).csp, "CSP violations");
  expect(record.pageErrors, "uncaught exceptions").toEqual([]);
  expect(record.consoleErrors, "console errors").toEqual([]);
});

test("window.CaseResolution.mount mounts into an element a host page creates", async ({ page }) => {
  const record = await guard(page);
  await page.goto("/");
  await page.waitForFunction(() => window.CaseResolution !== undefined);
  const mounted = await page.evaluate(async () => {
    const div = document.createElement("div");
    div.id = "extra";
    document.body.append(div);
    const first = await window.CaseResolution.mount(div, {});
    const second = await window.CaseResolution.mount(div, {});
    return [first, second];
  });
  expect(mounted).toEqual([true, false]);
  await expect(page.locator("#extra h1")).toHaveCount(1);
  expectNone((await record.trap()).csp, "CSP violations");
  expect(record.pageErrors).toEqual([]);
  expect(record.consoleErrors).toEqual([]);
});
