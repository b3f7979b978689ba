// Shared helpers for the end-to-end suite: watch a page for requests, console
// errors, uncaught exceptions and CSP violations.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL("../../target/screenshots/", import.meta.url));

/** Every file in dist/, as URL paths ("/index.html", "/case-resolution.js", ...). */
export function distFiles(dir = DIST) {
  const out = new Set();
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      for (const f of distFiles(full)) out.add(f);
    } else {
      out.add("/" + relative(DIST, full).split("\\").join("/"));
    }
  }
  return out;
}

/**
 * Starts watching `page` (call before the first navigation). Returns a record
 * with `requests` (every URL requested), `consoleErrors`, `pageErrors` and
 * `cspViolations()` (read from the page).
 */
export async function watch(page) {
  const record = { requests: [], consoleErrors: [], pageErrors: [] };
  page.on("request", (req) => record.requests.push(req.url()));
  page.on("console", (msg) => {
    if (msg.type() === "error") record.consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => record.pageErrors.push(String(err)));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  record.cspViolations = () => page.evaluate(() => window.__cspViolations ?? []);
  return record;
}

/**
 * Requests that are not for a file in dist/ on the test server. `data:` URLs
 * (the demo's empty favicon) make no network request and are allowed.
 */
export function foreignRequests(requests, baseURL) {
  const files = distFiles();
  const origin = new URL(baseURL).origin;
  return requests.filter((url) => {
    if (url.startsWith("data:")) return false;
    const u = new URL(url);
    if (u.origin !== origin) return true;
    const path = u.pathname === "/" ? "/index.html" : u.pathname;
    return !files.has(path);
  });
}
