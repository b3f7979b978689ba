// Proof 8: bad configuration gives a readable error panel or a documented
// no-op, never an uncaught exception.
//
// A host page (tests/e2e/fixtures/bad-config.html, served by the test at a
// same-origin address under the strict CSP) embeds the widget wrongly in
// every way the snippet allows: an unknown protocol id, a custom protocol
// (data-protocol-source -> <script type="text/plain">) that is not TOML, one
// that is TOML but breaks the schema on a known line, a source that names no
// element or is not a selector, an element that cannot hold a shadow root.
// Then the API is called wrongly: mount(null), mount(undefined), mount(42),
// a selector matching nothing, a selector that is not a selector, options
// of the wrong type, a second mount into the same element, mountAll twice,
// checkProtocol on garbage. Asserted: each bad embedding shows a role=alert
// panel with the validator's message (with the line number for protocol
// files); each API misuse resolves to the documented value (false / 0 /
// { ok: false, errors }); page.on('pageerror') stays empty, no console error
// (warnings are the documented channel), and the panels pass axe.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { recordFigures } from "./support/figures.mjs";
import { AXE_TAGS, CSP_HEADER, PROTOCOLS, ROOT, expectNone, foreign, guard, skipUnlessOffered } from "./support/proof.mjs";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** A bundled protocol file with one field broken on a known line. */
function brokenSchema(protocol) {
  const file = readFileSync(join(ROOT, "protocols", `${protocol}.toml`), "utf8");
  const lines = file.split("\n");
  const i = lines.findIndex((l) => /^name\s*=/.test(l));
  lines[i] = "name = 42";
  return { text: lines.join("\n").replace(/^id\s*=\s*"[^"]+"/m, 'id = "custom-broken"'), line: i + 1 };
}

const NOT_TOML = 'id = "custom"\nname = "Custom"\nthis line is not TOML at all\n';

test("bad configuration: error panels with line numbers, documented no-ops, nothing thrown", async ({ page, baseURL }, info) => {
  test.setTimeout(120_000);
  const protocol = PROTOCOLS[0];
  await skipUnlessOffered(page, protocol);
  const broken = brokenSchema(protocol);
  await page.route("**/proof-fixtures/*", async (route) => {
    const body = readFileSync(join(FIXTURES, "bad-config.html"), "utf8")
      .replace("{{NOT_TOML}}", NOT_TOML)
      .replace("{{BROKEN_SCHEMA}}", broken.text.replaceAll("</script", "<\\/script"));
    await route.fulfill({ status: 200, headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP_HEADER }, body });
  });
  const record = await guard(page);
  const warnings = [];
  page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
  await page.goto("/proof-fixtures/bad-config.html");
  await page.waitForFunction(() => window.CaseResolution);
  await page.evaluate(() => window.CaseResolution.ready);

  const panel = (id) => page.locator(`#${id} [role=alert]`);
  const panels = {
    unknown: [/no-such-protocol/],
    "not-toml": [/Line 3/],
    "broken-schema": [new RegExp(`Line ${broken.line}\\b`), /name/],
    "missing-source": [/#does-not-exist/],
    "bad-selector-source": [/./],
  };
  for (const [id, patterns] of Object.entries(panels)) {
    await expect(panel(id), `error panel in #${id}`).toBeVisible();
    for (const p of patterns) await expect(panel(id), `#${id} says ${p}`).toContainText(p);
    await expect(page.locator(`#${id} .cr-widget:not(.cr-error-panel)`)).toHaveCount(0);
  }
  // An element that cannot have a shadow root still gets a working widget.
  await expect(page.locator("#list-host").getByRole("heading", { level: 1 })).toBeVisible();
  // The good widget on the same page is unaffected.
  await expect(page.locator("#good").getByRole("heading", { level: 1 })).toBeVisible();

  // axe itself makes inline styles while it measures (the page's CSP reports
  // them), so the page's own errors are taken before it runs, and again after
  // the API calls below.
  const errorsBeforeAxe = [...record.consoleErrors];
  const cspBeforeAxe = [...(await record.trap()).csp];
  // #list-host is excluded: a <ul> host gets the widget in a <div> child
  // (it cannot hold a shadow root), which axe rightly calls a bad list; that
  // is the host page's markup, reported separately.
  const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).exclude("#list-host").analyze();
  record.consoleErrors.splice(errorsBeforeAxe.length);
  expectNone(cspBeforeAxe, "CSP violations before axe ran");
  const cspAfterAxe = (await record.trap()).csp.length;
  const violations = axe.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => JSON.stringify(n.target)).join(" ")}`);

  const api = await page.evaluate(async ([notToml]) => {
    const CR = window.CaseResolution;
    const fresh = () => document.body.appendChild(document.createElement("div"));
    const out = {};
    const attempt = async (name, f) => {
      try {
        out[name] = await f();
      } catch (e) {
        out[name] = `THREW ${e}`;
      }
    };
    await attempt("mount(null)", () => CR.mount(null));
    await attempt("mount(undefined)", () => CR.mount(undefined));
    await attempt("mount(42)", () => CR.mount(42));
    await attempt("mount('#nope')", () => CR.mount("#nope"));
    await attempt("mount('!!bad selector')", () => CR.mount("!!bad selector"));
    await attempt("mount(detached element)", () => CR.mount(document.createElement("div"), {}));
    const text = fresh();
    text.id = "api-protocol-text";
    await attempt("mount(el, { protocolText: not TOML })", () => CR.mount(text, { protocolText: notToml }));
    const twice = fresh();
    twice.id = "api-twice";
    await attempt("mount(el) first", () => CR.mount(twice, {}));
    await attempt("mount(el) second", () => CR.mount(twice, {}));
    await attempt("mount(the page's mounted element) again", () => CR.mount("#good", {}));
    await attempt("mountAll() (nothing new)", () => CR.mountAll());
    await attempt("mountAll() again", () => CR.mountAll());
    await attempt("checkProtocol(garbage)", async () => {
      const r = await CR.checkProtocol("garbage.toml", notToml);
      return { ok: r.ok, lines: r.errors.map((e) => e.line) };
    });
    await attempt("checkProtocol(undefined, undefined)", async () => (await CR.checkProtocol(undefined, undefined)).ok);
    out.twiceWidgets = twice.shadowRoot?.querySelectorAll(".cr-widget").length ?? 0;
    return out;
  }, [NOT_TOML]);

  expect(api).toMatchObject({
    "mount(null)": false,
    "mount(undefined)": false,
    "mount(42)": false,
    "mount('#nope')": false,
    "mount('!!bad selector')": false,
    "mount(el) first": true,
    "mount(el) second": false,
    "mount(the page's mounted element) again": false,
    "mountAll() again": 0,
    "checkProtocol(garbage)": { ok: false },
    "checkProtocol(undefined, undefined)": false,
    twiceWidgets: 1,
  });
  expect(api["checkProtocol(garbage)"].lines).toContain(3);
  for (const [k, v] of Object.entries(api)) expect(String(v), k).not.toMatch(/^THREW/);
  await expect(panel("api-protocol-text")).toContainText("Line 3");

  const trap = await record.trap();
  recordFigures("8 bad configuration", info.title, {
    "bad embeddings (error panel shown)": Object.keys(panels).length + 1,
    "API misuses (documented result)": Object.keys(api).length - 1,
    "uncaught exceptions": record.pageErrors.length,
    "console errors (config)": record.consoleErrors.filter((e) => !/Failed to load resource: .*404/.test(e)).length,
    "console warnings (documented channel)": warnings.length,
    "axe violations on error panels": violations.length,
  });
  info.annotations.push({ type: "api results", description: JSON.stringify(api) });
  expectNone(record.pageErrors, "uncaught exceptions");
  // The browser's own line for the unknown id's data file (a 404 the widget
  // expects, and answers with its panel) is not the widget's error; only
  // that one is allowed, once per unknown id.
  const notFound = (e) => /Failed to load resource: .*404/.test(e);
  expect(record.consoleErrors.filter(notFound).length, "the browser's 404 lines").toBeLessThanOrEqual(2);
  expectNone(record.consoleErrors.filter((e) => !notFound(e)), "console errors");
  expectNone(violations, "axe violations on the error panels");
  expectNone(trap.csp.slice(cspAfterAxe), "CSP violations after axe");
  // The unknown id's data file is asked for (in the widget's folder) and is not there.
  expectNone(foreign(record.requests, baseURL, ["/proof-fixtures/bad-config.html", "/protocols/no-such-protocol.txt"]), "requests");
});

for (const [what, options] of [["a string", "devon"], ["{ protocol: 42 }", { protocol: 42 }]]) {
test(`options of the wrong type (${what}) give an error panel with the widget's own stylesheet`, async ({ page, baseURL }) => {
  const protocol = PROTOCOLS[0];
  await skipUnlessOffered(page, protocol);
  const record = await guard(page);
  await page.goto("/");
  await page.evaluate(() => window.CaseResolution.ready);
  await page.evaluate(() => history.replaceState(null, "", "/some/host/page.html"));
  const mounted = await page.evaluate(async (opts) => {
    const el = document.body.appendChild(document.createElement("div"));
    el.id = "string-options";
    return window.CaseResolution.mount(el, opts);
  }, options);
  expect(mounted).toBe(true);
  await expect(page.locator("#string-options [role=alert]")).toBeVisible();
  await page.waitForLoadState("networkidle");
  expectNone(record.pageErrors, "uncaught exceptions");
  expectNone(foreign(record.requests, baseURL), "requests outside the widget's files");
});
}
