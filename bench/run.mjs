#!/usr/bin/env node
// Side-by-side benchmark: the widget (Devon DCFP) against a static HTML floor
// (same questions, no script) and SurveyJS (same questionnaire, survey-core +
// survey-js-ui), in ONE headless Chromium session. See docs/performance.md;
// scripts/bench.sh runs set-up first.
//
//   node bench/run.mjs [--no-build] [--runs N] [--docx-runs N] [--data-runs N]
//                      [--no-native] [--out FILE] [--chromium PATH]
//
//   --no-build     use the existing dist/ (default: run scripts/build.sh first)
//   --runs N       runs per page and CPU rate (default 20, minimum 1)
//   --docx-runs N  page loads for the in-browser DOCX/HTML timing (default 10)
//   --data-runs N  page loads per embed for "5 vs 150 protocols" (default 5; 0 skips it)
//   --no-native    skip `cargo run --release -p case-resolution-docx --example form_timing`
//   --out FILE     results file (default bench/results.json, git-ignored)
//   --readme       also write the measured tables into docs/performance.md, between the
//                  bench:results markers of the "Performance" section
//
// Figures are reported, never asserted: the exit status is 0 unless the
// benchmark itself could not run (no dist/, no browser, no node_modules).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD, buildBench, writeHostPage } from "./build.mjs";
import { brotli, gzip, startServer } from "./server.mjs";
import { DETAILS, DISAGREEMENT, STAGES, URGENCY } from "./questionnaire.mjs";

const BENCH = fileURLToPath(new URL(".", import.meta.url));
const ROOT = join(BENCH, "..");
const DIST = join(ROOT, "dist");
const DIST_COPY = join(BUILD, "dist");
// The same dist/ with 150 synthetic protocols instead of the five: a page's
// bytes must not depend on how many partnerships there are.
const DIST_150 = join(BUILD, "dist150");
const KINDS = ["widget", "static", "surveyjs"];
const LABEL = { widget: "widget", static: "static floor", surveyjs: "SurveyJS" };
const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

// ---- arguments ---------------------------------------------------------------

function parseArgs(argv) {
  const opts = { build: true, runs: 20, docxRuns: 10, dataRuns: 5, native: true, out: join(BENCH, "results.json"), chromium: process.env.CHROMIUM_PATH || "/usr/bin/chromium" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    const int = (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) fail(`${a}: not a whole number: ${v}`);
      return n;
    };
    if (a === "--no-build") opts.build = false;
    else if (a === "--no-native") opts.native = false;
    else if (a === "--readme") opts.readme = true;
    else if (a.startsWith("--runs")) opts.runs = Math.max(1, int(value()));
    else if (a.startsWith("--docx-runs")) opts.docxRuns = int(value());
    else if (a.startsWith("--data-runs")) opts.dataRuns = int(value());
    else if (a.startsWith("--out")) opts.out = value();
    else if (a.startsWith("--chromium")) opts.chromium = value();
    else if (a === "-h" || a === "--help") {
      // The header comment, up to the first line of code.
      const lines = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1);
      console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith("//"))).map((l) => l.replace(/^\/\/ ?/, "")).join("\n"));
      process.exit(0);
    } else fail(`unknown argument ${a} (try --help)`);
  }
  return opts;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const log = (...a) => console.log("[bench]", ...a);

// ---- statistics ------------------------------------------------------------------

function quantile(values, q) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  // Nearest rank: the smallest value with at least q of the samples at or below it.
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
}
const summary = (values) => ({
  n: values.filter(Number.isFinite).length,
  median: quantile(values, 0.5),
  p95: quantile(values, 0.95),
  min: quantile(values, 0),
  max: quantile(values, 1),
});

// ---- sizes ---------------------------------------------------------------------------

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out.sort();
}

function measureFiles(dir, groupOf) {
  return filesUnder(dir).map((full) => {
    const raw = readFileSync(full);
    const file = relative(dir, full).split("\\").join("/");
    return { file, group: groupOf(file), raw: raw.length, gzip: gzip(raw).length, brotli: brotli(raw).length };
  });
}

function totals(files) {
  const t = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) for (const k of Object.keys(t)) t[k] += f[k];
  return t;
}

/**
 * dist/ sizes, computed here from the snapshot (gzip -9, brotli quality 11,
 * as scripts/size-report.sh), split into the initial bundle and what is
 * loaded on demand (the Word exporter, the protocol checker). Computed rather
 * than read from target/size-report.json because dist/ is shared: a report
 * written while another build rewrote a file can be wrong. The report is
 * compared, and a disagreement is said.
 */
// The fixed-protocol embed's budget, read from scripts/size-report.sh (the
// one place it is set) so that the two cannot drift apart.
function embedBudget() {
  try {
    const m = readFileSync(join(ROOT, "scripts", "size-report.sh"), "utf8").match(/^embed_budget=\$\(\((\d+) \* 1024\)\)/m);
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* below */
  }
  return null;
}

function widgetSizes() {
  // Groups as scripts/size-report.sh: the initial bundle is what a
  // partnership's page loads; the demo page's own files and the pasted
  // snippets (dist/fallback/) are not in it.
  const onDemand = (f) => /^case-resolution-(docx|check)[._]/.test(f);
  // Protocol data files are a group of their own: a page loads
  // one (the picker also the index), so the budget is the code plus the largest.
  const group = (f) =>
    onDemand(f)
      ? "on_demand"
      : /^fallback\//.test(f)
        ? "snippet"
        : /^protocols\//.test(f)
          ? "protocols"
          : /^(index\.html|demo\.(js|css))$/.test(f)
            ? "demo"
            : "initial";
  const files = measureFiles(DIST_COPY, group);
  const data = files.filter((f) => f.group === "protocols" && f.file.endsWith(".txt"));
  const largest = data.reduce((a, f) => (!a || f.brotli > a.brotli ? f : a), null);
  const exporters = {};
  for (const f of files.filter((f) => f.group === "on_demand")) {
    const name = f.file.match(/^(case-resolution-[a-z]+)/)[1];
    exporters[name] = (exporters[name] ?? 0) + f.brotli;
  }
  const sizes = {
    source: "computed by bench/run.mjs from the dist/ it measured (gzip -9, brotli quality 11)",
    files,
    initial: totals(files.filter((f) => f.group === "initial")),
    fixedEmbedBudget: embedBudget(),
    protocols: { count: data.length, largest: largest?.file ?? null, largest_brotli: largest?.brotli ?? 0 },
    on_demand: { ...totals(files.filter((f) => f.group === "on_demand")), exporters_brotli: exporters },
  };
  const reportPath = join(ROOT, process.env.CARGO_TARGET_DIR || "target", "size-report.json");
  try {
    const r = JSON.parse(readFileSync(reportPath, "utf8"));
    const differ = files.filter((f) => {
      const g = (r.files || []).find((x) => x.file === f.file);
      return !g || g.raw !== f.raw || g.brotli !== f.brotli || g.group !== f.group;
    });
    sizes.report = differ.length
      ? `${relative(ROOT, reportPath)} differs for ${differ.map((f) => f.file).join(", ")} (written for another build of dist/, or while a file was being rewritten)`
      : `${relative(ROOT, reportPath)} agrees`;
  } catch {
    sizes.report = `${relative(ROOT, reportPath)} not found`;
  }
  return sizes;
}

// ---- the pages and how to answer them ------------------------------------------

const CONCERN = "The referral was closed without a strategy discussion after a third disclosure.";

/** One run's steps per page: option to pick, Continue to press, what shows next. */
const FLOWS = {
  widget: [
    { step: "safety", answer: true, option: { selector: "#cr-immediate-harm-1" }, until: ["widgetStep", "urgency"] },
    { step: "urgency", answer: true, option: { selector: "input[name=cr-urgency]", index: -1 }, until: ["widgetStep", "disagreement"] },
    { step: "disagreement", answer: true, option: { selector: "#cr-disagreement" }, until: ["widgetStep", "stages"] },
    { step: "stages", until: ["widgetStep", "next-step"] },
    { step: "next-step", until: ["widgetStep", "details"] },
    { step: "details", fill: [["#cr-concern", CONCERN]], option: { selector: "#cr-basis" }, until: ["widgetStep", "check"] },
    { step: "check", until: ["widgetStep", "form"] },
  ].map((s) => ({ ...s, next: { selector: ".cr-continue" } })),
  static: [
    { step: "safety", answer: true, option: { selector: "input[name=immediate_harm][value=no]" }, until: ["staticStep", "urgency"] },
    { step: "urgency", answer: true, option: { selector: "input[name=urgency][value=routine]" }, until: ["staticStep", "disagreement"] },
    { step: "disagreement", answer: true, option: { selector: "input[name=disagreement][value=referral-or-assessment]" }, until: ["staticStep", "stages"] },
    { step: "stages", until: ["staticStep", "details"] },
    { step: "details", fill: [["#concern", CONCERN]], option: { selector: "input[name=basis][value=evidence]" }, until: ["staticStep", "done"] },
  ].map((s) => ({ ...s, next: { selector: `#${s.step} a.continue` } })),
  surveyjs: [
    { step: "safety", answer: true, option: { selector: ".sd-page input[type=radio][value=no]" }, until: ["surveyTitle", URGENCY.title] },
    { step: "urgency", answer: true, option: { selector: ".sd-page input[type=radio][value=routine]" }, until: ["surveyTitle", DISAGREEMENT.title] },
    { step: "disagreement", answer: true, option: { selector: ".sd-page input[type=radio][value=referral-or-assessment]" }, until: ["surveyTitle", STAGES.title] },
    { step: "stages", until: ["surveyTitle", DETAILS.title] },
    { step: "details", fill: [["textarea[aria-required=true]", CONCERN]], option: { selector: ".sd-page input[type=radio][value=evidence]" }, next: { selector: ".sd-navigation__complete-btn" }, until: ["surveyTitle", "#completed"] },
  ].map((s) => ({ next: { selector: ".sd-navigation__next-btn" }, ...s })),
};

const URLS = { widget: "/widget/devon.html", static: "/static/devon.html", surveyjs: "/surveyjs/index.html" };

// ---- one page load -----------------------------------------------------------

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function newPage(browser, kind, rate, autoStart = true) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: `window.__BENCH = ${JSON.stringify({ kind, autoStart })};` });
  await context.addInitScript({ path: join(BENCH, "probe.js") });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const cdp = await context.newCDPSession(page);
  // list: every request's URL and transfer size, for the per-embed byte counts.
  const net = { requests: 0, bytes: 0, inflight: new Set(), last: Date.now(), failed: [], list: new Map() };
  cdp.on("Network.requestWillBeSent", (e) => {
    net.requests++;
    net.list.set(e.requestId, { url: e.request.url, bytes: null });
    net.inflight.add(e.requestId);
    net.last = Date.now();
  });
  cdp.on("Network.loadingFinished", (e) => {
    net.bytes += e.encodedDataLength;
    const r = net.list.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
    net.inflight.delete(e.requestId);
    net.last = Date.now();
  });
  cdp.on("Network.loadingFailed", (e) => {
    net.failed.push(e.errorText);
    net.inflight.delete(e.requestId);
    net.last = Date.now();
  });
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  return { context, page, cdp, net, errors };
}

async function networkQuiet(net, quietMs = 300, maxMs = 15_000) {
  const start = Date.now();
  while (Date.now() - start < maxMs) {
    if (net.inflight.size === 0 && Date.now() - net.last >= quietMs) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function memory(page, cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  const dom = await cdp.send("Memory.getDOMCounters").catch(() => null);
  const wasm = await page.evaluate(() => (window.__benchWasmMemories || []).reduce((s, m) => s + m.buffer.byteLength, 0));
  return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasmMemory: wasm, domNodes: dom?.nodes ?? null, listeners: dom?.jsEventListeners ?? null };
}

async function loadRun(browser, base, kind, rate) {
  const { context, page, cdp, net, errors } = await newPage(browser, kind, rate);
  try {
    await page.goto(base + URLS[kind], { waitUntil: "commit", timeout: 60_000 });
    await page
      .waitForFunction(() => window.__benchMarks && window.__benchMarks.firstRadioPainted !== undefined, null, { timeout: 60_000 })
      .catch(async (e) => {
        const state = await page
          .evaluate(() => ({
            marks: window.__benchMarks,
            step: document.querySelector("[data-case-resolution]")?.shadowRoot?.querySelector(".cr-widget")?.getAttribute("data-step") ?? null,
            text: (document.querySelector("[data-case-resolution]")?.shadowRoot ?? document.body)?.textContent?.slice(0, 200),
          }))
          .catch(() => null);
        throw new Error(`first question never became interactive (${e.message.split("\n")[0]}); page: ${JSON.stringify(state)}; errors: ${errors.slice(0, 3).join(" | ")}; failed requests: ${net.failed.join(", ")}`);
      });
    await networkQuiet(net);
    const marks = await page.evaluate(() => window.__benchMarks);
    const resources = await page.evaluate(() => {
      const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
      return {
        count: entries.length,
        encodedBody: entries.reduce((s, e) => s + (e.encodedBodySize || 0), 0),
        decodedBody: entries.reduce((s, e) => s + (e.decodedBodySize || 0), 0),
        transfer: entries.reduce((s, e) => s + (e.transferSize || 0), 0),
      };
    });
    const load = { requests: net.requests, transferred: net.bytes, ...resources, failed: net.failed.slice() };
    const startup = kind === "widget" ? await page.evaluate(startupTimes) : null;
    const steps = [];
    for (const s of FLOWS[kind]) {
      const spec = { option: s.option, next: s.next, fill: s.fill, until: s.until, timeout: 20_000 };
      const r = await withTimeout(page.evaluate((spec) => window.__benchAnswer(spec), spec), 30_000, `${kind} ${s.step}`);
      steps.push({ step: s.step, answer: !!s.answer, ...r });
    }
    await networkQuiet(net);
    const mem = await memory(page, cdp);
    return { kind, rate, marks, load, startup, steps, memory: mem, bytesAfterRun: net.bytes, errors };
  } finally {
    await context.close().catch(() => {});
  }
}

// ---- start-up breakdown (fixed-protocol embed) --------------------------------

/** In the page: the start-up timestamps (ms from navigation start). */
function startupTimes() {
  const entries = performance.getEntriesByType("resource");
  const res = (re) => {
    const e = entries.find((x) => re.test(new URL(x.name).pathname));
    return e ? { start: e.startTime, end: e.responseEnd } : null;
  };
  const s = window.__benchStartup || { fetches: [] };
  return {
    page: performance.getEntriesByType("navigation")[0]?.responseEnd,
    loader: res(/\/case-resolution\.js$/),
    wasm: res(/\/case-resolution-app_bg\.wasm$/),
    css: res(/\/case-resolution\.css$/),
    data: res(/\/protocols\/[^/]+\.txt$/),
    // The loader's first statement that fetches (the wasm) runs as it is evaluated.
    loaderRuns: s.fetches[0]?.t,
    instantiateCalled: s.instantiateCalled,
    instantiated: s.instantiated,
    mount: s.shadowAttached,
  };
}

// [phase, from, to]: each a function of (startup, marks) -> ms from navigation.
// Durations are the median of each run's own difference, not a difference of
// medians.
const PHASES = [
  ["host page received", () => 0, (s) => s.page],
  ["host page -> loader requested", (s) => s.page, (s) => s.loader?.start],
  ["loader download", (s) => s.loader?.start, (s) => s.loader?.end],
  ["loader downloaded -> evaluated (its wasm fetch() call)", (s) => s.loader?.end, (s) => s.loaderRuns],
  ["wasm download (request -> last byte)", (s) => s.wasm?.start, (s) => s.wasm?.end],
  ["data file download (protocols/<id>.txt)", (s) => s.data?.start, (s) => s.data?.end],
  ["stylesheet download", (s) => s.css?.start, (s) => s.css?.end],
  // The glue is bundled in the loader: it calls instantiateStreaming as soon
  // as the wasm's response headers arrive, and the wasm compiles while the
  // rest of it downloads (streaming compilation).
  ["loader evaluated -> instantiateStreaming called (the wasm's response headers)", (s) => s.loaderRuns, (s) => s.instantiateCalled],
  ["instantiateStreaming called -> resolved (the rest of the wasm, compile, instantiate)", (s) => s.instantiateCalled, (s) => s.instantiated],
  ["instantiated -> mount start (shadow root attached)", (s) => s.instantiated, (s) => s.mount],
  ["mount start -> start step interactive", (s) => s.mount, (s, m) => m.firstControl],
  ["Start clicked -> first question interactive", (s, m) => m.startClicked, (s, m) => m.firstRadio],
];

function startupBreakdown(runs) {
  const ok = runs.filter((r) => r.startup);
  const num = (x) => (Number.isFinite(x) ? x : NaN);
  return PHASES.map(([phase, from, to]) => {
    const a = ok.map((r) => num(from(r.startup, r.marks)));
    const b = ok.map((r) => num(to(r.startup, r.marks)));
    return { phase, from: summary(a).median, to: summary(b).median, duration: summary(a.map((x, i) => b[i] - x)) };
  });
}

// ---- 5 vs 150 protocols (the same page bytes with more partnerships) --------

/**
 * dist150: the dist/ snapshot with protocols/ replaced by 150 synthetic
 * protocols, compiled by `protocol-data --from` as in tests/data_files.rs
 * (`synthetic`): protocol i is protocols/*.toml[i % 5] with its first
 * top-level id, name and area lines renamed, guidance unchanged. Returns the
 * fixed protocol to embed (the first synthetic Devon DCFP) or { error }.
 */
function buildDist150(n = 150, base = "devon-dcfp") {
  const src = join(BUILD, "protocols150");
  rmSync(src, { recursive: true, force: true });
  rmSync(DIST_150, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const files = readdirSync(join(ROOT, "protocols")).filter((f) => f.endsWith(".toml")).sort();
  let fixed = null;
  for (let i = 0; i < n; i++) {
    let text = readFileSync(join(ROOT, "protocols", files[i % files.length]), "utf8");
    const p = String(i).padStart(3, "0");
    // The first "\nkey = "…"\n" line is the top-level one (tables follow them).
    const rename = (key, to) => {
      const m = text.match(new RegExp(`\n${key} = "([^"\n]*)"\n`));
      if (!m) throw new Error(`protocols/${files[i % files.length]}: no top-level ${key} line`);
      text = text.replace(m[0], () => `\n${key} = "${to(m[1])}"\n`);
      return m[1];
    };
    const id = rename("id", (v) => `p${p}-${v}`);
    rename("name", (v) => `Partnership ${p} (${v})`);
    rename("area", () => `Area ${p}`);
    if (id === base && !fixed) fixed = `p${p}-${id}`;
    writeFileSync(join(src, `p${p}.toml`), text);
  }
  cpSync(DIST_COPY, DIST_150, { recursive: true });
  rmSync(join(DIST_150, "protocols"), { recursive: true, force: true });
  log(`5 vs 150: cargo run --bin protocol-data -- --out ${relative(ROOT, DIST_150)} --from ${relative(ROOT, src)}`);
  const r = spawnSync("cargo", ["run", "--quiet", "--bin", "protocol-data", "--", "--out", DIST_150, "--from", src], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30 * 60_000,
  });
  if (r.status !== 0) return { error: `protocol-data failed: ${(r.error ? String(r.error) : "") + (r.stderr || "").slice(-1500)}` };
  const index = readFileSync(join(DIST_150, "protocols", "index.json"));
  return {
    fixed,
    count: JSON.parse(index).protocols.length,
    // Raw beside brotli: the synthetic names repeat, so the index compresses
    // better than 150 real partnerships' would.
    indexRaw: { 5: statSync(join(DIST_COPY, "protocols", "index.json")).size, 150: index.length },
  };
}

/** The index (in protocols/index.json, the picker's order) of protocol `id`. */
function pickerIndex(dist, id) {
  return JSON.parse(readFileSync(join(dist, "protocols", "index.json"), "utf8")).protocols.findIndex((p) => p.id === id);
}

/**
 * One load of an embed, counting the widget's own requests (everything but
 * the host page): to the first question (the fixed embed: Start clicked, its
 * first radio; the picker: the partnership control), network quiet; then,
 * for the picker, after choosing `pick` and its data file has arrived.
 */
async function dataRun(browser, base, spec) {
  const { context, page, net, errors } = await newPage(browser, spec.kind, 1, spec.kind === "widget");
  const url = base + spec.url;
  const requests = async () => {
    const bodies = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType("resource").map((e) => [e.name, e.encodedBodySize])));
    const list = [...net.list.values()]
      .filter((r) => r.url !== url && /^https?:/.test(r.url))
      .map((r) => ({ file: new URL(r.url).pathname.replace(/^\/[^/]+\//, ""), transferred: r.bytes, body: bodies[r.url] ?? null }));
    const sum = (k) => list.reduce((s, r) => s + (r[k] ?? 0), 0);
    return { count: list.length, transferred: sum("transferred"), body: sum("body"), list };
  };
  try {
    await page.goto(url, { waitUntil: "commit", timeout: 60_000 });
    await page.waitForFunction(() => window.__benchMarks && window.__benchMarks.firstRadio !== undefined, null, { timeout: 60_000 });
    await networkQuiet(net);
    const marks = await page.evaluate(() => window.__benchMarks);
    const first = await requests();
    let chosen = null;
    if (spec.pick) {
      await page.evaluate((index) => {
        const root = document.querySelector("[data-case-resolution]").shadowRoot;
        const select = root.querySelector("select[name=cr-protocol]");
        if (select) {
          select.value = String(index);
          select.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
        } else root.querySelector(`input[name=cr-protocol][value="${index}"]`).click();
      }, spec.pick.index);
      const file = `/protocols/${spec.pick.id}.txt`;
      const t0 = Date.now();
      while (![...net.list.values()].some((r) => r.url.endsWith(file) && r.bytes != null)) {
        if (Date.now() - t0 > 15_000) throw new Error(`${spec.name}: ${file} was not fetched after choosing it`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await networkQuiet(net);
      chosen = await requests();
    }
    return { name: spec.name, marks, first, chosen, errors, failed: net.failed.slice() };
  } finally {
    await context.close().catch(() => {});
  }
}

// ---- DOCX and HTML for a maximal case, in the browser ----------------------------

// The same maximal case as the native figure (tests/support/form_fixture.rs,
// `maximal`): every stage attempted, every text field 10 000 characters of
// the same seed texts (markup, non-ASCII, an emoji and line breaks), every
// special case flagged.
function maximalDraft() {
  const long = (seed) => Array.from(seed.repeat(Math.ceil(10_000 / seed.length) + 1)).slice(0, 10_000).join("");
  const text = long("Long text & <markup> \u00fcn\u00efc\u00f6d\u00e9 \u{1F642} \n");
  const attempts = STAGES.stages.map(([stage]) => ({
    stage,
    date: "2026-11-02",
    with_name: long("Name "),
    with_role: long("Role "),
    with_agency: long("Agency "),
    outcome: "not_resolved",
    notes: long("Notes line\n"),
  }));
  const details = {};
  for (const [, fields] of DETAILS.sections) for (const [id, , kind] of fields) details[id] = kind === "date" ? "2026-10-30" : kind === "radio" ? "both" : text;
  return {
    schema: 1,
    protocol: "devon-dcfp",
    answers: {
      subject: null,
      immediate_harm: true,
      immediate_action: text,
      urgency: "quick",
      disagreement: "referral-or-assessment",
      context: {},
      attempts,
      special_cases: STAGES.special_cases.map(([id]) => id),
      details,
    },
  };
}

async function docxRun(browser, base, rate, warmRepeats = 5) {
  const { context, page, errors } = await newPage(browser, "widget", rate, false);
  try {
    await page.goto(base + URLS.widget, { waitUntil: "commit", timeout: 60_000 });
    await page.waitForFunction(() => window.__benchMarks && window.__benchMarks.firstControlPainted !== undefined, null, { timeout: 60_000 });
    // Load the maximal draft on the start step.
    const input = page.locator("[data-case-resolution] #cr-load-draft");
    if ((await input.count()) === 0) throw new Error("the widget's start step has no #cr-load-draft input (could not reach it)");
    await input.setInputFiles({ name: "maximal.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(maximalDraft())) });
    await page.waitForFunction(() => document.querySelector("[data-case-resolution]")?.shadowRoot?.querySelector(".cr-widget")?.getAttribute("data-step") === "check", null, { timeout: 30_000 });
    // Check -> form: the FormDocument is built (advise + form::build) and the
    // preview (html::fragment) rendered and painted.
    const open = await page.evaluate((spec) => window.__benchAnswer(spec), { next: { selector: ".cr-continue" }, until: ["widgetStep", "form"] });
    const click = (cls, timeout = 30_000) =>
      page.evaluate(
        ({ cls, timeout }) =>
          new Promise((resolve, reject) => {
            const root = document.querySelector("[data-case-resolution]").shadowRoot;
            const button = root.querySelector(cls);
            if (!button) return reject(new Error(`no ${cls} button`));
            const before = window.__benchObjectUrls.length;
            const t0 = performance.now();
            const timer = setTimeout(() => {
              const status = root.querySelector(".cr-status");
              reject(new Error(`no download ${timeout} ms after ${cls}; widget status: ${status ? status.textContent : "none"}`));
            }, timeout);
            const poll = () => {
              if (window.__benchObjectUrls.length > before) {
                clearTimeout(timer);
                const u = window.__benchObjectUrls[before];
                resolve({ ms: u.t - t0, bytes: u.size });
              } else setTimeout(poll, 0);
            };
            button.click();
            poll();
          }),
        { cls, timeout },
      );
    // Wait until the widget is not busy (the Word button is ignored while busy).
    const idle = () =>
      page.waitForFunction(() => {
        const root = document.querySelector("[data-case-resolution]").shadowRoot;
        return !root.querySelector(".cr-status:not(.cr-status--done):not(.cr-status--failed)");
      }, null, { timeout: 30_000 });
    const html = [];
    const docx = [];
    // The first HTML download loads the module that makes it.
    const htmlCold = await click(".cr-html", 60_000);
    await idle();
    for (let i = 0; i < warmRepeats; i++) {
      html.push(await click(".cr-html"));
      await idle();
    }
    const docxCold = await click(".cr-docx", 60_000);
    await idle();
    for (let i = 0; i < warmRepeats; i++) {
      docx.push(await click(".cr-docx"));
      await idle();
    }
    return { rate, formOpen: open, htmlCold, html, docxCold, docx, errors };
  } finally {
    await context.close().catch(() => {});
  }
}

// ---- native figure ------------------------------------------------------------

function nativeTiming() {
  log("native: cargo run --release -p case-resolution-docx --example form_timing");
  const r = spawnSync("cargo", ["run", "--quiet", "--release", "-p", "case-resolution-docx", "--example", "form_timing"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) return { error: (r.error ? String(r.error) : "") + (r.stderr || "").slice(-2000) };
  const out = r.stdout;
  // Devon DCFP block: "<label> median X ms worst Y ms N bytes".
  const block = out.split(/\n\s*\n/).find((b) => b.startsWith("devon-dcfp")) || "";
  const rows = {};
  for (const line of block.split("\n")) {
    const m = line.match(/^(.+?)\s+median\s+([\d.]+) ms\s+worst\s+([\d.]+) ms/);
    if (m) rows[m[1].trim()] = { median: Number(m[2]), worst: Number(m[3]) };
  }
  return { protocol: "devon-dcfp", rows, output: out };
}

// ---- report --------------------------------------------------------------------

const kb = (b) => (b == null ? "-" : (b / 1024).toFixed(1));
const ms = (x) => (x == null ? "-" : x < 10 ? x.toFixed(2) : x.toFixed(1));
const ratio = (a, b) => (a == null || b == null || b === 0 ? "-" : `${(a / b).toFixed(2)}x`);
const mib = (b) => (b == null ? "-" : (b / 1048576).toFixed(2));

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function markdown(headers, rows) {
  return [
    `| ${headers.join(" | ")} |`,
    `| ${headers.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

// ---- 5 vs 150 protocols: figures ------------------------------------------------

function dataStats(runs) {
  const out = {};
  for (const name of ["fixed5", "fixed150", "picker5", "picker150"]) {
    const rs = runs.filter((r) => r.name === name);
    if (!rs.length) continue;
    const part = (k) => {
      const xs = rs.map((r) => r[k]).filter(Boolean);
      if (!xs.length) return null;
      const file = (re) => summary(xs.map((x) => x.list.filter((f) => re.test(f.file)).reduce((s, f) => s + (f.transferred ?? 0), 0)));
      return {
        transferred: summary(xs.map((x) => x.transferred)),
        body: summary(xs.map((x) => x.body)),
        count: summary(xs.map((x) => x.count)),
        dataFile: file(/^protocols\/[^/]+\.txt$/),
        index: file(/^protocols\/index\.json$/),
        requests: xs[0].list,
      };
    };
    out[name] = {
      runs: rs.length,
      first: part("first"),
      chosen: part("chosen"),
      firstQuestion: summary(rs.map((r) => r.marks.firstRadio)),
      firstQuestionKind: rs[0].marks.firstControlKind,
    };
  }
  return out;
}

function dataNote150(data, setup, enc) {
  const n = Math.max(0, ...Object.values(data).map((d) => d.runs));
  return (
    `Protocols as data files, 5 vs 150 partnerships (${setup.count ?? "?"} synthetic protocols compiled by protocol-data --from; fixed embed ` +
    `devon-dcfp vs ${setup.fixed ?? "?"}), ${n} loads of each embed at 1x CPU, served with ${enc}: KB transferred = ` +
    `compressed bodies + HTTP headers (CDP encodedDataLength), every request but the host page, median. ` +
    `protocols/index.json is ${kb(setup.indexRaw?.[5])} vs ${kb(setup.indexRaw?.[150])} KB raw; the synthetic names repeat, ` +
    `so 150 real partnerships' index would compress less`
  );
}

function dataRows(d) {
  if (!d.fixed5 && !d.picker5) return [];
  const count = (x) => (x == null ? "-" : String(x));
  const sign = (x, f) => (x == null ? "-" : `${x >= 0 ? "+" : ""}${f(x)}`);
  const row = (label, a, b, get, fmt) => {
    const x = a ? get(a) : null;
    const y = b ? get(b) : null;
    return [label, fmt(x), fmt(y), x == null || y == null ? "-" : sign(y - x, fmt)];
  };
  const [f5, f150, p5, p150] = [d.fixed5?.first, d.fixed150?.first, d.picker5?.first, d.picker150?.first];
  const [c5, c150] = [d.picker5?.chosen, d.picker150?.chosen];
  const bytes = (k) => (p) => p[k].median;
  return [
    row("fixed protocol, to the first question: transferred (KB)", f5, f150, bytes("transferred"), kb),
    row("  compressed bodies only (KB)", f5, f150, bytes("body"), kb),
    row("  requests", f5, f150, bytes("count"), count),
    row("  of which the protocol's data file (KB)", f5, f150, bytes("dataFile"), kb),
    row("picker, to the first question: transferred (KB)", p5, p150, bytes("transferred"), kb),
    row("  requests", p5, p150, bytes("count"), count),
    row("  of which protocols/index.json (KB)", p5, p150, bytes("index"), kb),
    row("picker, after choosing one partnership: transferred (KB)", c5, c150, bytes("transferred"), kb),
    row("  requests", c5, c150, bytes("count"), count),
    row("  of which the chosen protocol's data file (KB)", c5, c150, bytes("dataFile"), kb),
    // No timings here: these few loads, run together after the main rounds,
    // measured slower than the main rounds' widget loads; results.json keeps them.
  ];
}

/** One line per embed: what it requested (KB transferred each), from its first load. */
function requestLines(d) {
  const line = (label, p) =>
    p ? `${label}: ${p.requests.map((r) => `${r.file} ${kb(r.transferred)}`).join(", ")}` : null;
  return [
    line("fixed protocol, 5", d.fixed5?.first),
    line("fixed protocol, 150", d.fixed150?.first),
    line("picker, 5, after choosing", d.picker5?.chosen),
    line("picker, 150, after choosing", d.picker150?.chosen),
  ].filter(Boolean);
}

function metricRows(stats) {
  // [label, unit formatter, key path]
  const defs = [
    ["bytes transferred (KB)", kb, "bytes"],
    ["requests", (x) => (x == null ? "-" : String(x)), "requests"],
    ["first control interactive (ms)", ms, "firstControl"],
    ["first question interactive (ms)", ms, "firstRadio"],
    ["first question painted (ms)", ms, "firstRadioPainted"],
    ["first question interactive, 4x CPU (ms)", ms, "firstRadio4"],
    ["answer -> next step in the DOM (ms)", ms, "answerDom1"],
    ["answer -> next step painted (ms)", ms, "answer1"],
    ["answer -> next step painted, 4x CPU (ms)", ms, "answer4"],
    ["answer -> next step in the DOM, 4x CPU (ms)", ms, "answerDom4"],
    ["any Continue -> next step painted, 4x CPU (ms)", ms, "continue4"],
    ["JS heap after a full run (MiB)", mib, "jsHeap"],
    ["wasm memory after a full run (MiB)", mib, "wasm"],
    ["DOM nodes after a full run", (x) => (x == null ? "-" : String(Math.round(x))), "domNodes"],
  ];
  const rows = [];
  for (const [label, fmt, key] of defs) {
    const w = stats.widget[key];
    const s = stats.static[key];
    const v = stats.surveyjs[key];
    rows.push([
      label,
      `${fmt(w?.median)} / ${fmt(w?.p95)}`,
      `${fmt(s?.median)} / ${fmt(s?.p95)}`,
      `${fmt(v?.median)} / ${fmt(v?.p95)}`,
      ratio(w?.median, s?.median),
      ratio(w?.median, v?.median),
    ]);
  }
  return rows;
}

// ---- budgets (size, start-up, answer and export times) ---------------------------

function exporterSizes(widget) {
  const fromReport = widget.on_demand.exporters_brotli;
  if (fromReport && Object.keys(fromReport).length) return fromReport;
  const out = {};
  for (const f of widget.files.filter((f) => f.group === "on_demand")) {
    const name = f.file.replace(/[._].*$/, "").replace(/^(case-resolution-[a-z]+).*$/, "$1");
    out[name] = (out[name] ?? 0) + f.brotli;
  }
  return out;
}

function budgets(widget, sizes, stats, { docxStats, htmlPlusDocx, native }) {
  const yes = (ok) => (ok == null ? "n/a" : ok ? "yes" : "**no**");
  const rows = [];
  // As scripts/size-report.sh: the code plus the largest protocol data file.
  const embed = widget.initial.brotli + widget.protocols.largest_brotli;
  const budget = widget.fixedEmbedBudget;
  rows.push([
    `fixed-protocol embed (code + largest protocol) <= ${budget ? kb(budget) : "?"} KB brotli`,
    `${kb(embed)} KB`,
    yes(budget == null ? null : embed <= budget),
  ]);
  rows.push(["fixed-protocol embed < SurveyJS page (brotli)", `${kb(embed)} vs ${kb(sizes.surveyjs.total.brotli)} KB`, yes(embed < sizes.surveyjs.total.brotli)]);
  for (const [name, br] of Object.entries(exporterSizes(widget)).sort()) {
    rows.push([`${name} (on demand) <= 250 KB brotli`, `${kb(br)} KB`, yes(br <= 250 * 1024)]);
  }
  const w = stats.widget.firstRadio.median;
  const st = stats.static.firstRadio.median;
  const sj = stats.surveyjs.firstRadio.median;
  rows.push(["first question interactive <= 2x static floor (median)", `${ms(w)} vs 2 x ${ms(st)} ms (${ratio(w, st)})`, yes(w == null || st == null ? null : w <= 2 * st)]);
  rows.push(["first question interactive < SurveyJS (median)", `${ms(w)} vs ${ms(sj)} ms`, yes(w == null || sj == null ? null : w < sj)]);
  const p95 = stats.widget.answer4.p95;
  const p95dom = stats.widget.answerDom4.p95;
  rows.push(["p95 answer -> next step <= 16 ms at 4x CPU (painted)", `${ms(p95)} ms`, yes(p95 == null ? null : p95 <= 16)]);
  rows.push(["  the same, to the next step in the DOM (before the frame)", `${ms(p95dom)} ms`, yes(p95dom == null ? null : p95dom <= 16)]);
  rows.push(["DOCX + HTML, maximal case <= 20 ms, browser (warm, median)", `${ms(htmlPlusDocx.median)} ms (p95 ${ms(htmlPlusDocx.p95)})`, yes(htmlPlusDocx.median == null ? null : htmlPlusDocx.median <= 20)]);
  if (native.rows) {
    const n = (k) => native.rows[k]?.median;
    // A download of each: the widget writes the request twice, the modules
    // read it, build the form and render it.
    const total = 2 * n("export::request") + n("html file path (request in)") + n("render_docx path (request in)");
    rows.push(["DOCX + HTML, maximal case <= 20 ms, native (median)", `${ms(total)} ms`, yes(Number.isFinite(total) ? total <= 20 : null)]);
  } else {
    rows.push(["DOCX + HTML, maximal case <= 20 ms, native", "not run (--no-native)", "n/a"]);
  }
  return rows;
}

// ---- README ------------------------------------------------------------------------

const BEGIN = "<!-- bench:results:begin (written by node bench/run.mjs --readme) -->";
const END = "<!-- bench:results:end -->";

function updateReadme(out, opts) {
  const path = join(ROOT, "docs/performance.md");
  const text = readFileSync(path, "utf8");
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a === -1 || b < a) {
    log(`docs/performance.md has no bench markers (${BEGIN} ... ${END}): not updated`);
    return;
  }
  const m = out.markdown;
  const body = [
    BEGIN,
    "",
    `Measured with \`${["node bench/run.mjs", ...process.argv.slice(2)].join(" ")}\` on ${m.machine}; load average ${out.machine.loadavgBefore.map((x) => x.toFixed(1)).join(" ")} at the start and ${out.machine.loadavgAfter.map((x) => x.toFixed(1)).join(" ")} at the end (the machine is shared, so timings are noisy). ${opts.runs} runs per page at each CPU rate, served with ${out.encoding}; SurveyJS ${out.versions["survey-core"]}.`,
    "",
    m.budgets,
    "",
    m.timings,
    "",
    `First question interactive, widget/static floor (median, 1x CPU, same run): **${m.firstQuestionRatio}**.`,
    "",
    `Start-up of the fixed-protocol embed (Devon DCFP), ${m.startupRuns} loads at 1x CPU, ms from navigation start (*from* and *to* are medians, *takes* the median and p95 of each load's own duration):`,
    "",
    m.startup,
    "",
    ...(m.data ? [`${m.dataNote}:`, "", m.data, "", ...m.dataRequests.map((l) => `- ${l}`), ""] : []),
    "Each Continue, per step, at 4x CPU (ms, median / p95):",
    "",
    m.steps,
    "",
    `DOCX and HTML for a maximal case (Devon: all five stages attempted, every text field 10 000 characters), in the browser at 1x CPU (${out.raw.docx.length} page loads${out.docx.native && out.docx.native.html ? "" : ""}):`,
    "",
    m.docx,
    "",
    "Sizes (KB = 1024 bytes):",
    "",
    m.sizes,
    "",
    END,
  ].join("\n");
  writeFileSync(path, text.slice(0, a) + body + text.slice(b + END.length));
}

// ---- main ------------------------------------------------------------------------

// Ctrl-C or SIGTERM: close Chromium and the server, then exit.
const cleanups = [];
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping`);
    const timer = setTimeout(() => process.exit(code), 5_000);
    Promise.allSettled(cleanups.map((f) => f())).finally(() => {
      clearTimeout(timer);
      process.exit(code);
    });
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = new Date();
  const loadBefore = loadavg();

  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    fail("bench/node_modules is missing: run `npm ci` in bench/ (scripts/bench.sh does set-up and this)");
  }
  if (!existsSync(opts.chromium)) fail(`no Chromium at ${opts.chromium} (scripts/setup.sh installs Debian's; or --chromium PATH)`);

  if (opts.build) {
    log("building dist/ (scripts/build.sh; --no-build to skip)");
    const r = spawnSync(join(ROOT, "scripts", "build.sh"), [], { cwd: ROOT, stdio: "inherit", timeout: 45 * 60_000 });
    if (r.status !== 0) fail(`scripts/build.sh failed (${r.error ? r.error.message : `exit ${r.status}`})`);
  }
  for (const f of ["case-resolution.js", "case-resolution-app_bg.wasm", "case-resolution.css"]) {
    if (!existsSync(join(DIST, f))) {
      fail(
        existsSync(DIST)
          ? `dist/ is incomplete (dist/${f} is missing; is scripts/build.sh running?): wait for it, or drop --no-build`
          : `dist/ is missing: build it first (scripts/build.sh), or drop --no-build`,
      );
    }
  }

  let benchBuild;
  try {
    benchBuild = buildBench();
    // A snapshot of dist/, served and measured instead of dist/ itself, so a
    // concurrent scripts/build.sh (which empties dist/) cannot break the run.
    // Retried while a wasm file does not validate (caught mid-write by a build).
    for (let attempt = 1; ; attempt++) {
      rmSync(DIST_COPY, { recursive: true, force: true });
      cpSync(DIST, DIST_COPY, { recursive: true, preserveTimestamps: true });
      const broken = filesUnder(DIST_COPY).filter((f) => f.endsWith(".wasm") && !WebAssembly.validate(readFileSync(f)));
      if (!broken.length) break;
      if (attempt === 10) throw new Error(`dist/ keeps changing (${broken.map((f) => relative(DIST_COPY, f)).join(", ")} invalid): is a build running? Try again`);
      log(`dist/ is being rewritten (${broken.length} invalid wasm file(s)); copying again in 10 s`);
      await new Promise((r) => setTimeout(r, 10_000));
    }
  } catch (e) {
    fail(e.message);
  }
  for (const f of ["case-resolution.js", "case-resolution-app_bg.wasm", "case-resolution.css"]) {
    if (!existsSync(join(DIST_COPY, f))) fail(`dist/ changed while it was copied (a build running?): ${f} is missing; run again`);
  }

  // 5 vs 150 protocols: a second copy of the snapshot, with its own host pages.
  let data150 = { skipped: "--data-runs 0" };
  if (opts.dataRuns > 0) {
    try {
      data150 = buildDist150();
    } catch (e) {
      data150 = { error: String(e.message || e) };
    }
    if (data150.error) log(`5 vs 150: not measured (${data150.error})`);
    else {
      mkdirSync(join(BUILD, "widget150"), { recursive: true });
      writeHostPage(join(BUILD, "widget150", "devon.html"), data150.fixed, "Devon Children and Families Partnership (synthetic)");
      writeHostPage(join(BUILD, "widget150", "picker.html"), null, "choose your partnership");
    }
  }
  const dataPages = data150.fixed
    ? [
        { name: "fixed5", kind: "widget", url: "/widget/devon.html" },
        { name: "fixed150", kind: "widget", url: "/widget150/devon.html" },
        { name: "picker5", kind: "picker", url: "/widget/picker.html", pick: { id: "devon-dcfp", index: pickerIndex(DIST_COPY, "devon-dcfp") } },
        { name: "picker150", kind: "picker", url: "/widget150/picker.html", pick: { id: data150.fixed, index: pickerIndex(DIST_150, data150.fixed) } },
      ]
    : [];

  // Sizes.
  const widget = widgetSizes();
  const surveyFiles = measureFiles(join(BUILD, "surveyjs"), (f) => (/^survey/.test(f) ? "library" : "page"));
  const staticFiles = measureFiles(join(BENCH, "static"), () => "page");
  const sizes = {
    widget,
    surveyjs: { files: surveyFiles, total: totals(surveyFiles), library: totals(surveyFiles.filter((f) => f.group === "library")) },
    static: { files: staticFiles, total: totals(staticFiles) },
  };

  const server = await startServer({
    mounts: {
      "/widget/": [join(BUILD, "widget"), DIST_COPY],
      "/widget150/": [join(BUILD, "widget150"), DIST_150],
      "/static/": [join(BENCH, "static")],
      "/surveyjs/": [join(BUILD, "surveyjs")],
    },
  });
  log(`serving on ${server.url}`);
  cleanups.push(() => server.close());

  let browser;
  const results = { runs: [], docx: [], data: [], failures: [] };
  try {
    browser = await withTimeout(
      chromium.launch({ executablePath: opts.chromium, args: CHROMIUM_ARGS, timeout: 60_000, handleSIGINT: false, handleSIGTERM: false }),
      90_000,
      "Chromium start",
    );
    cleanups.push(() => browser.close());
    const version = browser.version();
    log(`Chromium ${version}; ${opts.runs} runs per page at 1x and 4x CPU, alternating widget / static / SurveyJS`);

    // Warm-up (not recorded): one load of each, so first-ever costs (disk
    // cache of the binary, V8 code for the harness) are not charged to anyone.
    for (const kind of KINDS) await loadRun(browser, server.url, kind, 1).catch(() => {});

    for (let i = 0; i < opts.runs; i++) {
      // Rotate the order every round so that no page always goes first.
      const order = KINDS.map((_, j) => KINDS[(i + j) % KINDS.length]);
      for (const rate of [1, 4]) {
        for (const kind of order) {
          try {
            results.runs.push(await withTimeout(loadRun(browser, server.url, kind, rate), 180_000, `${kind} run`));
          } catch (e) {
            results.failures.push({ kind, rate, round: i, error: String(e.message || e) });
            log(`run failed (${kind}, ${rate}x, round ${i + 1}): ${e.message || e}`);
          }
        }
      }
      process.stdout.write(`\r[bench] round ${i + 1}/${opts.runs} done`);
    }
    process.stdout.write("\n");

    // 5 vs 150: one unrecorded load of each (the server compresses each file
    // on its first request, dist150's included), then the four embeds in
    // turn, rotating which goes first.
    if (opts.dataRuns > 0) for (const spec of dataPages) await dataRun(browser, server.url, spec).catch(() => {});
    for (let i = 0; i < (dataPages.length ? opts.dataRuns : 0); i++) {
      for (let j = 0; j < dataPages.length; j++) {
        const spec = dataPages[(i + j) % dataPages.length];
        try {
          results.data.push(await withTimeout(dataRun(browser, server.url, spec), 120_000, `${spec.name} run`));
        } catch (e) {
          results.failures.push({ kind: spec.name, round: i, error: String(e.message || e) });
          log(`run failed (${spec.name}, round ${i + 1}): ${e.message || e}`);
        }
      }
    }

    for (let i = 0; i < opts.docxRuns; i++) {
      try {
        results.docx.push(await withTimeout(docxRun(browser, server.url, 1), 180_000, "DOCX run"));
      } catch (e) {
        results.failures.push({ kind: "widget-docx", round: i, error: String(e.message || e) });
        log(`DOCX run failed: ${e.message || e}`);
      }
    }
    results.chromium = version;
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.close();
  }
  results.encodings = { ...server.encodings };

  const native = opts.native ? nativeTiming() : { skipped: "--no-native" };

  // ---- statistics per page ----
  const stats = {};
  for (const kind of KINDS) {
    const at = (rate) => results.runs.filter((r) => r.kind === kind && r.rate === rate);
    const r1 = at(1);
    const r4 = at(4);
    const answers = (runs) => runs.flatMap((r) => r.steps.filter((s) => s.answer).map((s) => s.painted));
    stats[kind] = {
      runs: { "1x": r1.length, "4x": r4.length },
      bytes: summary(r1.map((r) => r.load.transferred)),
      encodedBody: summary(r1.map((r) => r.load.encodedBody)),
      requests: summary(r1.map((r) => r.load.requests)),
      firstControl: summary(r1.map((r) => r.marks.firstControl)),
      firstRadio: summary(r1.map((r) => r.marks.firstRadio)),
      firstRadioPainted: summary(r1.map((r) => r.marks.firstRadioPainted)),
      firstRadio4: summary(r4.map((r) => r.marks.firstRadio)),
      answer1: summary(answers(r1)),
      answer4: summary(answers(r4)),
      answerDom1: summary(r1.flatMap((r) => r.steps.filter((s) => s.answer).map((s) => s.dom))),
      answerDom4: summary(r4.flatMap((r) => r.steps.filter((s) => s.answer).map((s) => s.dom))),
      continue4: summary(r4.flatMap((r) => r.steps.map((s) => s.painted))),
      perStep4: Object.fromEntries(FLOWS[kind].map((s) => [s.step, summary(r4.map((r) => r.steps.find((x) => x.step === s.step)?.painted))])),
      perStep1: Object.fromEntries(FLOWS[kind].map((s) => [s.step, summary(r1.map((r) => r.steps.find((x) => x.step === s.step)?.painted))])),
      jsHeap: summary(r1.map((r) => r.memory.jsHeapUsed)),
      wasm: summary(r1.map((r) => r.memory.wasmMemory)),
      domNodes: summary(r1.map((r) => r.memory.domNodes)),
      pageErrors: [...new Set([...r1, ...r4].flatMap((r) => r.errors))].slice(0, 10),
    };
    if (kind === "widget") stats[kind].startToQuestion = summary(r1.map((r) => r.marks.firstRadio - r.marks.startClicked));
  }
  const docxStats = {
    formOpen: summary(results.docx.map((d) => d.formOpen.painted)),
    html: summary(results.docx.flatMap((d) => d.html.map((x) => x.ms))),
    htmlCold: summary(results.docx.map((d) => d.htmlCold.ms)),
    docxCold: summary(results.docx.map((d) => d.docxCold.ms)),
    docx: summary(results.docx.flatMap((d) => d.docx.map((x) => x.ms))),
    docxBytes: results.docx[0]?.docx[0]?.bytes ?? null,
    htmlBytes: results.docx[0]?.html[0]?.bytes ?? null,
  };
  const startup = startupBreakdown(results.runs.filter((r) => r.kind === "widget" && r.rate === 1));
  const data = dataStats(results.data);
  const htmlPlusDocx = summary(results.docx.flatMap((d) => d.docx.map((x, i) => x.ms + (d.html[i]?.ms ?? NaN))));

  // ---- print ----
  const machine = `${cpus().length} cores (${cpus()[0]?.model?.trim() ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Chromium ${results.chromium}, Node ${process.versions.node}, ${started.toISOString().slice(0, 10)}`;
  const enc = results.encodings.br ? "brotli (quality 11)" : results.encodings.gzip ? "gzip -9" : "none";
  console.log("\nSizes (KB = 1024 bytes; raw / gzip -9 / brotli)");
  console.log(`  source: ${widget.source}; ${widget.report}`);
  const sizeRows = [
    ...widget.files.map((f) => [`widget ${f.group.replace("_", "-")}: ${f.file}`, kb(f.raw), kb(f.gzip), kb(f.brotli)]),
    ["widget initial bundle (total, code only)", kb(widget.initial.raw), kb(widget.initial.gzip), kb(widget.initial.brotli)],
    ["widget on demand (total)", kb(widget.on_demand.raw), kb(widget.on_demand.gzip), kb(widget.on_demand.brotli)],
    ...surveyFiles.map((f) => [`SurveyJS: ${f.file}`, kb(f.raw), kb(f.gzip), kb(f.brotli)]),
    ["SurveyJS page (total)", kb(sizes.surveyjs.total.raw), kb(sizes.surveyjs.total.gzip), kb(sizes.surveyjs.total.brotli)],
    ["static floor page", kb(sizes.static.total.raw), kb(sizes.static.total.gzip), kb(sizes.static.total.brotli)],
  ];
  console.log(table(["file", "raw", "gzip -9", "brotli"], sizeRows));
  console.log(
    `  fixed-protocol embed ${kb(widget.initial.brotli + widget.protocols.largest_brotli)} KB brotli (code ${kb(widget.initial.brotli)} + ${widget.protocols.largest} ${kb(widget.protocols.largest_brotli)}; budget ${kb(widget.fixedEmbedBudget)} KB); SurveyJS page ${kb(sizes.surveyjs.total.brotli)} KB brotli: widget/SurveyJS ${ratio(widget.initial.brotli + widget.protocols.largest_brotli, sizes.surveyjs.total.brotli)}`,
  );

  const headers = ["metric (median / p95)", "widget", "static floor", "SurveyJS", "widget/static", "widget/SurveyJS"];
  const rows = metricRows(stats);
  console.log(`\nTimings and memory: ${opts.runs} runs per page per CPU rate; ${machine}; served with ${enc}`);
  console.log(table(headers, rows));
  const fq = (k) => stats[k].firstRadio.median;
  const fqRatio = `${ratio(fq("widget"), fq("static"))} (${ms(fq("widget"))} vs ${ms(fq("static"))} ms)`;
  console.log(`\nFirst question interactive, widget/static floor (median, 1x CPU, same run): ${fqRatio}`);

  const startupRows = startup.map((p) => [p.phase, ms(p.from), ms(p.to), `${ms(p.duration.median)} / ${ms(p.duration.p95)}`]);
  const startupHeaders = ["phase (fixed protocol, 1x CPU)", "from (ms)", "to (ms)", "takes (median / p95 ms)"];
  console.log(`\nStart-up of the fixed-protocol embed, ${stats.widget.runs["1x"]} loads (ms from navigation start; from / to are medians, "takes" the median of each load's own duration)`);
  console.log(table(startupHeaders, startupRows));

  const dataHeaders = ["embed (the widget's own requests)", "5 protocols", "150 protocols", "150 - 5"];
  const dRows = dataRows(data);
  const dataNote = dataNote150(data, data150, enc);
  if (dRows.length) {
    console.log(`\n${dataNote}`);
    console.log(table(dataHeaders, dRows));
    for (const line of requestLines(data)) console.log(`  ${line}`);
  } else console.log(`\n5 vs 150 protocols: not measured (${data150.error ?? data150.skipped ?? "no runs"})`);
  const docxRows = [
    ["check -> form step painted (build + preview)", `${ms(docxStats.formOpen.median)} / ${ms(docxStats.formOpen.p95)}`],
    ["Download HTML, warm (request + module + Blob)", `${ms(docxStats.html.median)} / ${ms(docxStats.html.p95)}`],
    ["Download HTML, first (loads the checker module)", `${ms(docxStats.htmlCold.median)} / ${ms(docxStats.htmlCold.p95)}`],
    ["Download Word, first (loads the exporter)", `${ms(docxStats.docxCold.median)} / ${ms(docxStats.docxCold.p95)}`],
    ["Download Word, warm (request + render_docx + Blob)", `${ms(docxStats.docx.median)} / ${ms(docxStats.docx.p95)}`],
    ["HTML + Word, warm", `${ms(htmlPlusDocx.median)} / ${ms(htmlPlusDocx.p95)}`],
  ];
  if (native.rows) {
    const n = native.rows;
    const get = (k) => n[k]?.median;
    docxRows.push(["native: build (advise + form)", `${ms(get("build (advise + form)"))} / ${ms(n["build (advise + form)"]?.worst)} (worst)`]);
    for (const row of ["export::request", "html file path (request in)", "render_docx path (request in)"]) {
      docxRows.push([`native: ${row}`, `${ms(get(row))} / ${ms(n[row]?.worst)} (worst)`]);
    }
  } else if (native.error) {
    docxRows.push(["native form_timing", `failed: ${native.error.split("\n").slice(-3).join(" ")}`]);
  }
  console.log(
    `\nDOCX and HTML for a maximal case (Devon: all 5 stages attempted, every text field 10 000 characters), in the browser at 1x CPU, ${results.docx.length} page loads; Word ${kb(docxStats.docxBytes)} KB, HTML ${kb(docxStats.htmlBytes)} KB`,
  );
  console.log(table(["output (median / p95)", "ms"], docxRows));
  // Every Continue, per step, at 4x CPU (diagnostic: the steps differ per page).
  const stepNames = [...new Set(KINDS.flatMap((k) => FLOWS[k].map((s) => s.step)))];
  const stepRows = stepNames.map((step) => [
    step,
    ...KINDS.map((k) => {
      const x = stats[k].perStep4[step];
      return x && x.n ? `${ms(x.median)} / ${ms(x.p95)}` : "-";
    }),
  ]);
  console.log("\nContinue -> that step's successor painted, per step, 4x CPU (ms, median / p95)");
  console.log(table(["step", ...KINDS.map((k) => LABEL[k])], stepRows));

  const budgetRows = budgets(widget, sizes, stats, { docxStats, htmlPlusDocx, native });
  console.log("\nBudgets (reported, not asserted here: the size budget is checked by the test command)");
  console.log(table(["budget", "measured", "met?"], budgetRows));

  if (results.failures.length) {
    console.log(`\n${results.failures.length} run(s) failed (left out of the figures):`);
    for (const f of results.failures.slice(0, 10)) console.log(`  ${f.kind} ${f.rate ?? ""}x round ${f.round + 1}: ${f.error}`);
  }
  for (const kind of KINDS) {
    if (stats[kind].pageErrors.length) console.log(`\n${LABEL[kind]} page errors: ${stats[kind].pageErrors.join(" | ")}`);
  }

  const out = {
    date: started.toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model?.trim(), memoryGiB: Math.round(totalmem() / 2 ** 30), chromium: results.chromium, node: process.versions.node, loadavgBefore: loadBefore, loadavgAfter: loadavg() },
    options: { runs: opts.runs, docxRuns: opts.docxRuns, build: opts.build },
    encoding: enc,
    versions: benchBuild.versions,
    sizes,
    stats,
    docx: { browser: docxStats, htmlPlusDocx, native: native.rows ?? native },
    firstQuestionRatio: { widget: fq("widget"), static: fq("static"), ratio: fq("widget") / fq("static") },
    startup,
    protocols5vs150: { setup: data150, pages: dataPages, stats: data },
    budgets: budgetRows.map(([budget, measured, met]) => ({ budget, measured, met })),
    markdown: {
      timings: markdown(headers, rows),
      steps: markdown(["step", ...KINDS.map((k) => LABEL[k])], stepRows),
      docx: markdown(["output (median / p95)", "ms"], docxRows),
      sizes: markdown(["file", "raw KB", "gzip -9 KB", "brotli KB"], sizeRows),
      budgets: markdown(["budget", "measured", "met?"], budgetRows),
      firstQuestionRatio: fqRatio,
      startup: markdown(startupHeaders, startupRows),
      startupRuns: stats.widget.runs["1x"],
      data: dRows.length ? markdown(dataHeaders, dRows) : null,
      dataNote,
      dataRequests: requestLines(data),
      machine,
    },
    failures: results.failures,
    raw: { runs: results.runs, docx: results.docx, data: results.data },
  };
  writeFileSync(opts.out, JSON.stringify(out, null, 1) + "\n");
  log(`wrote ${relative(process.cwd(), opts.out) || opts.out}`);
  if (opts.readme) {
    updateReadme(out, opts);
    log("updated the measured figures in docs/performance.md (between the bench markers)");
  }
}

main().catch((e) => {
  console.error(`bench: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
