// What both browser suites share: the Chromium one (Playwright, tests/e2e/)
// and the Firefox and WebKit one (WebDriver, tests/engines/). The in-page
// recorder they both add is page-probe.js, beside this file.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** axe-core's rule tags for WCAG 2.2 A and AA. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The strict Content-Security-Policy scripts/serve.mjs sends with every page. */
export const CSP_HEADER =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * Ids of the protocol files in protocols/, sorted. Tests are generated from
 * these, so a new protocol file is tested the moment it is added.
 */
export const PROTOCOLS = readdirSync(join(ROOT, "protocols"))
  .filter((f) => f.endsWith(".toml"))
  .map((f) => readFileSync(join(ROOT, "protocols", f), "utf8").match(/^id\s*=\s*"([^"]+)"/m)?.[1])
  .filter(Boolean)
  .sort();

/** The in-page recorder (see there). */
export const PAGE_PROBE = join(ROOT, "tests", "support", "page-probe.js");

/** Every file in `dist` (the built widget) as a URL path ("/index.html", ...). */
export function distFiles(dist = join(ROOT, "dist")) {
  const out = new Set();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.add("/" + relative(dist, full).split("\\").join("/"));
    }
  };
  walk(dist);
  return out;
}

/** Whether a protocol file states it has no urgency for immediate harm. */
export function statesNoImmediateHarm(protocol) {
  const file = readdirSync(join(ROOT, "protocols"))
    .filter((f) => f.endsWith(".toml"))
    .map((f) => readFileSync(join(ROOT, "protocols", f), "utf8"))
    .find((text) => text.match(/^id\s*=\s*"([^"]+)"/m)?.[1] === protocol);
  return /^\[no_immediate_harm_urgency\]\s*$/m.test(file ?? "");
}

/**
 * The id of the urgency a protocol file marks `immediate_harm = true`, or
 * null where the file says it has none.
 */
export function immediateHarmUrgency(protocol) {
  const file = readdirSync(join(ROOT, "protocols"))
    .filter((f) => f.endsWith(".toml"))
    .map((f) => readFileSync(join(ROOT, "protocols", f), "utf8"))
    .find((text) => text.match(/^id\s*=\s*"([^"]+)"/m)?.[1] === protocol);
  for (const block of (file ?? "").split(/^\[\[urgencies\]\]\s*$/m).slice(1)) {
    const body = block.split(/^\[/m)[0];
    if (/^immediate_harm\s*=\s*true\s*$/m.test(body)) return body.match(/^id\s*=\s*"([^"]+)"/m)?.[1] ?? null;
  }
  return null;
}
