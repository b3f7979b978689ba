#!/usr/bin/env node
// Runs the engine suite (tests/engines/scenarios.mjs) in Firefox and/or WebKit
// against a built dist/, each scenario in a fresh tab of one browser session
// per engine, and prints a line per scenario and a summary.
//
//   node tests/engines/run.mjs [firefox] [webkit] [--grep REGEX] [--dist DIR] [--list]
//
// No engine named: both. WebKit needs a display: without $DISPLAY the runner
// starts itself again under `xvfb-run -a`. Artifacts (downloaded files, print
// PDFs, screenshots of failures, summary.json) go to target/engines/<engine>/.
// Exits 1 when any scenario fails.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startServer } from "../../scripts/serve.mjs";
import { ENGINES, HERE, PAGE_PROBE, Page, ROOT, browserVersion, distFiles, startDriver, startSession, widget } from "./lib.mjs";
import { SCENARIOS } from "./scenarios.mjs";

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? undefined : argv.splice(i, 2)[1];
};
const grep = opt("grep");
const dist = resolve(opt("dist") ?? process.env.ENGINES_DIST ?? join(ROOT, "dist"));
const list = argv.includes("--list");
const names = argv.filter((a) => !a.startsWith("--"));
const engines = (names.length ? names : Object.keys(ENGINES)).map((n) => {
  if (!ENGINES[n]) {
    console.error(`unknown engine ${n}: one of ${Object.keys(ENGINES).join(", ")}`);
    process.exit(2);
  }
  return ENGINES[n];
});

const selected = (engine) =>
  SCENARIOS.filter((s) => !grep || new RegExp(grep).test(s.name)).filter((s) => !s.engines || s.engines.includes(engine.name));

if (list) {
  for (const e of engines) for (const s of selected(e)) console.log(`${e.name}\t${s.name}`);
  process.exit(0);
}

if (engines.some((e) => e.needsDisplay) && !process.env.DISPLAY) {
  // WebKitGTK's MiniBrowser has no headless mode: give it a virtual display.
  const r = spawnSync("xvfb-run", ["-a", "-s", "-screen 0 1600x1200x24", process.execPath, ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  if (r.error) {
    console.error(`xvfb-run: ${r.error.message} (run scripts/setup.sh)`);
    process.exit(1);
  }
  process.exit(r.status ?? 1);
}

const files = distFiles(dist);
if (!files.has("/index.html")) {
  console.error(`no ${dist}/index.html: build dist/ first (scripts/build.sh)`);
  process.exit(1);
}

// The test server: dist/ with the strict CSP, the probe in every page, the
// 320 px frame page, and a log of every request it answers.
const serverLog = [];
// The one in-page recorder (also Playwright's), with the print dialog stubbed:
// a driver cannot close it.
const probe = `window.__probeStubPrint = true;\n${readFileSync(PAGE_PROBE, "utf8")}`;
const server = await startServer({
  root: dist,
  port: Number(process.env.ENGINES_PORT ?? 0),
  headScript: "/__engines/probe.js",
  onRequest: (r) => serverLog.push({ ...r, at: Date.now() }),
  routes: {
    "/__engines/probe.js": (req, res) => {
      res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store" });
      res.end(probe);
    },
    // A page holding the demo page in a frame 320 CSS pixels wide: the
    // narrow-layout check, for browsers whose windows cannot be made that
    // narrow (MiniBrowser stops at 447 px).
    "/__engines/narrow.html": (req, res, _body, send) => {
      const q = new URL(req.url, "http://x").searchParams;
      const src = `/?protocol=${encodeURIComponent(q.get("protocol") ?? "")}`;
      send(
        res,
        200,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>320 px</title><link rel="icon" href="data:,"></head>` +
          `<body><iframe id="narrow" title="the demo page, 320 px wide" src="${src}" width="320" height="640"></iframe></body></html>`,
        "text/html; charset=utf-8",
      );
    },
  },
});

let failed = 0;
let passed = 0;
const lines = [];
const started = Date.now();

for (const engine of engines) {
  const out = join(ROOT, "target", "engines", engine.name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "downloads"), { recursive: true });
  const t0 = Date.now();
  let driverProc;
  let driver;
  let version = "?";
  const results = [];
  const sessions = [];
  const extraDrivers = [];
  const mainSession = async () => {
    const d = await startSession(engine, driverProc.url, { downloads: join(out, "downloads") });
    sessions.push(d);
    return d;
  };
  // A second session (other settings) on a driver of its own: geckodriver
  // runs one session at a time. The scenario quits it; the driver stops here.
  const newSession = async (options = {}) => {
    const p = await startDriver(engine);
    extraDrivers.push(p);
    const d = await startSession(engine, p.url, { downloads: join(out, "downloads"), ...options });
    sessions.push(d);
    return d;
  };
  try {
    driverProc = await startDriver(engine);
    driver = await mainSession();
    version = await browserVersion(driver);
  } catch (e) {
    console.error(`${engine.name}: could not start a session: ${e.stack ?? e}`);
    driverProc?.stop();
    failed += 1;
    lines.push(`${engine.name}: NO SESSION`);
    continue;
  }
  console.log(`\n== ${engine.label}: ${version} (dist: ${dist})`);

  // A session that dies under a scenario (the browser process crashed: in one
  // CI run WebKit's did, with an empty error, and its driver then refused a new
  // session) is replaced by a new driver and session, and that scenario runs
  // once more, said in its notes. An assertion that fails is never retried.
  const restart = async (why) => {
    writeFileSync(join(out, `driver-${Date.now()}.log`), `${why}\n\n${driverProc.log()}`);
    await driver.quit().catch(() => {});
    driverProc.stop();
    driverProc = await startDriver(engine);
    driver = await mainSession();
  };
  for (const scenario of selected(engine)) {
    const s0 = Date.now();
    const notes = [];
    let error = null;
    for (let attemptNo = 1; attemptNo <= 2; attemptNo++) {
      error = null;
      let page;
      try {
        // A fresh tab: its own session storage, nothing left from the last scenario.
        const old = await driver.getWindowHandle().catch(() => null);
        await driver.switchTo().newWindow("tab");
        const handle = await driver.getWindowHandle();
        if (old) {
          await driver.switchTo().window(old);
          await driver.close();
          await driver.switchTo().window(handle);
        }
        page = new Page({ driver, engine, origin: server.origin, log: serverLog });
        await scenario.run({
          engine,
          page,
          w: widget(page),
          dist,
          files,
          out,
          note: (n) => notes.push(n),
          newSession,
          newPage: (d) => new Page({ driver: d, engine, origin: server.origin, log: serverLog }),
        });
      } catch (e) {
        error = e;
        try {
          const shot = await driver.takeScreenshot();
          writeFileSync(join(out, `${scenario.name.replace(/[^\w.-]+/g, "_")}.png`), shot, "base64");
        } catch {
          // the session may be gone
        }
        let alive = true;
        try {
          await driver.getTitle();
        } catch {
          alive = false;
        }
        if (!alive) {
          const why = `${scenario.name}, try ${attemptNo}: the browser session died (${error.name ?? "Error"}: ${error.message || "no message"})`;
          try {
            await restart(why);
          } catch (e2) {
            console.error(`${engine.name}: could not restart the session: ${e2}`);
            break;
          }
          if (attemptNo === 1) {
            notes.length = 0;
            notes.push(`${why}; ran again in a new driver and session`);
            continue;
          }
        }
      }
      break;
    }
    const secs = ((Date.now() - s0) / 1000).toFixed(1);
    const result = { engine: engine.name, scenario: scenario.name, ok: !error, seconds: Number(secs), notes };
    if (error) result.error = String(error.stack ?? error);
    results.push(result);
    if (error) failed += 1;
    else passed += 1;
    console.log(`${error ? "FAIL" : "ok  "} ${engine.name} ${scenario.name} (${secs}s)${notes.length ? `\n       note: ${notes.join("\n       note: ")}` : ""}`);
    if (error) console.log(`       ${String(error.message || error.name || error).split("\n").join("\n       ")}`);
  }
  for (const d of sessions) await d.quit().catch(() => {});
  driverProc.stop();
  for (const p of extraDrivers) p.stop();
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const ok = results.filter((r) => r.ok).length;
  lines.push(`${engine.name.padEnd(8)} ${version.padEnd(22)} ${ok}/${results.length} scenarios passed in ${secs}s`);
  writeFileSync(join(out, "summary.json"), JSON.stringify({ engine: engine.name, version, seconds: Number(secs), results }, null, 2));
}
await server.close();

console.log(`\n== engines (${((Date.now() - started) / 1000).toFixed(1)}s)`);
for (const l of lines) console.log(l);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
