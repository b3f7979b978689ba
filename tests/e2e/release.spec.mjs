// The release stands alone (scripts/release.sh): its zip, unpacked into an
// empty folder outside the repository, checks out against its SHA256SUMS and
// runs from a plain static server (a few lines here, not the project's
// serve.mjs) under the strict CSP: every protocol's documented snippet (the
// fallback/<id>.html file, its script pointed at the release folder) and the
// picker's start the widget and reach the form, and nothing outside the
// release folder is requested. Chromium here; Firefox and WebKit run the
// same snippets from dist/ in tests/engines/.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { plainServer } from "../support/plain-server.mjs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOLS, ROOT, answer, download, skipOrFail, widget } from "./support/proof.mjs";

const version = readFileSync(join(ROOT, "Cargo.toml"), "utf8").match(/^version = "(.*)"$/m)[1];
const ZIP = join(ROOT, "release", `case-resolution-${version}.zip`);

let server;
let origin;
let folder;

test.beforeAll(async () => {
  await skipOrFail(!existsSync(ZIP), `${ZIP} is missing: run scripts/release.sh`);
  const dir = mkdtempSync(join(tmpdir(), "cr-release-"));
  execFileSync("unzip", ["-q", ZIP, "-d", dir]);
  folder = `case-resolution-${version}`;
  // The checksums a web officer is told to check.
  execFileSync("sha256sum", ["--quiet", "-c", "SHA256SUMS"], { cwd: join(dir, folder) });
  // A host page per snippet, at the server's root, as a partnership's page.
  hostPages(dir);
  server = await plainServer(dir);
  origin = server.origin;
});

/** A host page per snippet in `dir`'s release, at its root, as a partnership's page. */
function hostPages(dir) {
  const snippets = readdirSync(join(dir, folder, "fallback")).filter((f) => f.endsWith(".html"));
  for (const f of snippets) {
    const snippet = readFileSync(join(dir, folder, "fallback", f), "utf8").replace(/src="[^"]*case-resolution\.js"/, `src="/${folder}/case-resolution.js"`);
    // The documented snippet carries the loader's hash.
    expect(snippet).toMatch(/<script type="module" src="[^"]+" integrity="sha256-[A-Za-z0-9+/=]{44}"><\/script>/);
    writeFileSync(join(dir, `host-${f}`), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A partnership's page</title><link rel="icon" href="data:,"></head><body><main><h1>Professional disagreements</h1>${snippet}</main></body></html>`);
  }
}

/** The release unpacked afresh, with `file` changed by one byte, served. */
async function tampered(file) {
  const dir = mkdtempSync(join(tmpdir(), "cr-release-tampered-"));
  execFileSync("unzip", ["-q", ZIP, "-d", dir]);
  const path = join(dir, folder, file);
  const bytes = readFileSync(path);
  bytes[bytes.length >> 1] ^= 1;
  writeFileSync(path, bytes);
  hostPages(dir);
  return plainServer(dir);
}

test.afterAll(() => server?.close());

for (const id of [...PROTOCOLS, "picker"]) {
  test(`the release's ${id} snippet runs to the form on its own`, async ({ page }) => {
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${origin}/host-${id}.html`);
    const w = widget(page);
    await w.ready();
    expect(await page.evaluate(() => window.CaseResolution.version)).toBe(version);
    await answer(w, { harm: "no", attempt: null }, "form");
    await expect(w.host.locator(".cr-form-preview")).toBeVisible();
    // The stylesheet inside the widget carries the release's hash.
    expect(await w.host.locator("link[rel=stylesheet]").first().getAttribute("integrity")).toMatch(/^sha256-/);
    if (id === PROTOCOLS[0]) {
      // An on-demand module: its script and wasm checked, under the CSP.
      const file = await download(page, w.host.getByRole("button", { name: "Download HTML" }));
      expect(file.suggestedFilename()).toMatch(/\.html$/);
    }
    const outside = requests.filter((u) => !u.startsWith(`${origin}/${folder}/`) && u !== `${origin}/host-${id}.html`);
    expect(outside, "requests outside the release folder").toEqual([]);
    expect(errors, "errors").toEqual([]);
  });
}

test("the npm package holds the release's files, the licences and the crates' version", async () => {
  const tgz = join(ROOT, "release", `case-resolution-${version}.tgz`);
  await skipOrFail(!existsSync(tgz), `${tgz} is missing: run scripts/release.sh`);
  const packed = execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" }).trim().split("\n").map((f) => f.replace(/^package\//, "")).sort();
  const zipped = execFileSync("unzip", ["-Z1", ZIP], { encoding: "utf8" }).trim().split("\n")
    .filter((f) => !f.endsWith("/")).map((f) => f.slice(folder.length + 1)).sort();
  expect(packed).toEqual(zipped);
  const pkg = JSON.parse(execFileSync("tar", ["-xzOf", tgz, "package/package.json"], { encoding: "utf8" }));
  expect(pkg.version).toBe(version);
  const notices = execFileSync("unzip", ["-p", ZIP, `${folder}/THIRD-PARTY-LICENSES.txt`], { encoding: "utf8", maxBuffer: 16 << 20 });
  // The crates the widget and the Word module are built on, each with its licence text.
  for (const crate of ["leptos", "wasm-bindgen", "docx-rs", "js-sys"]) expect(notices).toMatch(new RegExp(`^${crate} [0-9.]+: \\S`, "m"));
  expect(notices).toContain("Permission is hereby granted, free of charge");
  expect(notices).toContain("Apache License");
});

test("one changed byte of the wasm fails the release's SHA256SUMS check", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cr-release-bad-"));
  execFileSync("unzip", ["-q", ZIP, "-d", dir]);
  const wasm = join(dir, folder, "case-resolution-app_bg.wasm");
  const bytes = readFileSync(wasm);
  bytes[bytes.length >> 1] ^= 1;
  writeFileSync(wasm, bytes);
  expect(() => execFileSync("sha256sum", ["--quiet", "-c", "SHA256SUMS"], { cwd: join(dir, folder), stdio: "pipe" })).toThrow();
});

// The integrity checks, tried: one changed byte in a file the browser
// checks (the loader, by the snippet's hash) or the loader checks (a wasm,
// against the hash built into it) stops it, and the static fallback stays.
test("one changed byte of the widget's wasm stops the widget, and the fallback says why", async ({ page }) => {
  const bad = await tampered("case-resolution-app_bg.wasm");
  try {
    await page.goto(`${bad.origin}/host-${PROTOCOLS[0]}.html`);
    expect(await page.evaluate(() => window.CaseResolution.ready)).toBe(false);
    await expect(page.locator(".cr-fallback__status")).toContainText("not the one this release was built with");
    await expect(page.locator("[data-cr-fallback]")).toContainText("999");
  } finally {
    bad.close();
  }
});

test("one changed byte of the loader: the browser refuses it, and the fallback stays", async ({ page }) => {
  const bad = await tampered("case-resolution.js");
  try {
    await page.goto(`${bad.origin}/host-${PROTOCOLS[0]}.html`);
    await expect(page.locator("[data-cr-fallback]")).toContainText("999");
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => typeof window.CaseResolution)).toBe("undefined");
    expect(bad.log.filter((r) => r.url.endsWith(".wasm")), "no wasm fetched").toEqual([]);
  } finally {
    bad.close();
  }
});

test("one changed byte of an on-demand module's wasm: that output fails and says so", async ({ page }) => {
  const bad = await tampered("case-resolution-check_bg.wasm");
  try {
    await page.goto(`${bad.origin}/host-${PROTOCOLS[0]}.html`);
    const w = widget(page);
    await w.ready();
    await answer(w, { harm: "no", attempt: null }, "form");
    await w.host.getByRole("button", { name: "Download HTML" }).click();
    await expect(w.host.locator(".cr-status--failed")).toBeVisible();
  } finally {
    bad.close();
  }
});

test("docs/embedding.md's table of files is what the build writes to dist/", async () => {
  const { distFiles } = await import("../support/browser.mjs");
  const doc = readFileSync(join(ROOT, "docs", "embedding.md"), "utf8");
  const table = doc.slice(doc.indexOf("## Build outputs"));
  const listed = new Set();
  for (const row of table.split("\n").filter((l) => l.startsWith("| `"))) {
    const cell = row.split("|")[1];
    for (const [, name] of cell.matchAll(/`([^`]+)`/g)) {
      const names = name.includes("<id>") ? PROTOCOLS.map((id) => name.replace("<id>", id)) : [name];
      for (const n of names) listed.add(`/${n}`);
    }
  }
  const built = distFiles();
  expect([...built].filter((f) => !listed.has(f)).sort(), "files in dist/ the table does not list").toEqual([]);
  expect([...listed].filter((f) => !built.has(f)).sort(), "files the table lists that dist/ does not have").toEqual([]);
});
