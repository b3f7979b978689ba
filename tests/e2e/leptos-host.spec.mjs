// The example Leptos host app (examples/leptos-host, built by
// scripts/leptos-host.sh into target/leptos-host/) on a plain static server
// under the strict CSP: the CaseResolution component fetches its protocol's
// data file from `base` itself (no loader), runs to the form, and makes the
// Word file with the on-demand module it imports itself.
import { test, expect } from "@playwright/test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { plainServer } from "../support/plain-server.mjs";
import { ROOT, answer, download, skipOrFail, widget } from "./support/proof.mjs";

const HOST = join(ROOT, "target", "leptos-host");

let server;
let origin;

test.beforeAll(async () => {
  await skipOrFail(!existsSync(join(HOST, "leptos-host_bg.wasm")), `${HOST} is missing: run scripts/leptos-host.sh`);
  // The host app at /target/leptos-host/, the widget's files at /dist/: nothing else.
  server = await plainServer(ROOT, { allowed: [join(ROOT, "dist"), HOST] });
  origin = server.origin;
});

test.afterAll(() => server?.close());

test("the example Leptos host renders the component beside its content, fetches its protocol and makes the Word file", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${origin}/target/leptos-host/index.html`);
  await expect(page.getByRole("heading", { level: 1, name: "Children's services intranet" })).toBeVisible();
  const w = widget(page, page.locator("main > div"));
  await w.ready();
  await expect(w.host.locator(".cr-partnership")).toHaveText("Darlington Safeguarding Partnership");
  // No loader: the component fetched its data file and stylesheet from base.
  expect(requests).toContain("/dist/protocols/darlington.txt");
  expect(requests).toContain("/dist/case-resolution.css");
  expect(requests.filter((p) => p.startsWith("/dist/case-resolution.js") || p.includes("case-resolution-app"))).toEqual([]);
  await answer(w, { harm: "no", attempt: null }, "form");
  await expect(w.host.locator(".cr-form-preview")).toBeVisible();
  const docx = await download(page, w.host.getByRole("button", { name: "Download Word (.docx)" }));
  expect(docx.suggestedFilename()).toMatch(/\.docx$/);
  expect(requests).toContain("/dist/case-resolution-docx.js");
  expect(errors, "errors").toEqual([]);
});
