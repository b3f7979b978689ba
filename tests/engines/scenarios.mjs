// The engine suite's scenarios, written once and run in each engine by
// run.mjs (Firefox through geckodriver, WebKit through WebKitWebDriver; the
// Chromium suite is tests/e2e/, with Playwright). Each scenario gets a fresh
// tab and `t`: { engine, page, w (the widget), dist, files, out, note(text),
// newSession(options), newPage(driver) }. What an engine's driver cannot do is
// said with t.note(), so the report lists it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AXE_TAGS, CSP_HEADER, HARNESS_PATHS, Key, PAGE_PROBE, PROTOCOLS, Page, ROOT, check, equal, none, short, widget } from "./lib.mjs";
import { keyboardRun } from "../support/keyboard-run.mjs";
import { plainServer } from "../support/plain-server.mjs";
import { immediateHarmUrgency } from "../support/browser.mjs";

const CONCERN = "The referral was closed without a strategy discussion.";
const DETAILS = {
  "cr-your-name": "Pat Practitioner",
  "cr-your-role": "Designated safeguarding lead",
  "cr-your-agency": "Example Primary School",
  "cr-your-contact": "dsl@example.invalid",
  "cr-subject-initials": "J.B.",
  "cr-decision-date": "2026-11-02",
  "cr-concern": CONCERN,
  "cr-outcome-sought": "A strategy discussion this week.",
};

const CORPUS = JSON.parse(readFileSync(join(ROOT, "tests/fixtures/hostile-inputs.json"), "utf8")).inputs.map((i) => i.text);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- page health

/**
 * What every scenario ends with: nothing left the page and nothing went
 * wrong in it. From the probe (every page load of the scenario): no uncaught
 * exception or unhandled rejection, no console error, no CSP violation, and
 * no network API call beyond the documented ones (the loader's fetch of the
 * app's wasm before load, the on-demand modules' wasm). From the test
 * server's log: every request was for a file of dist/ (or the harness's own
 * files) and answered 200. From Resource Timing: every resource any page
 * loaded came from the test server's origin and dist/.
 * `allow` filters out expected entries: { console: [regex], csp: (v) => bool }.
 */
async function expectHealthy(t, allow = {}) {
  const { page, files } = t;
  await page.harvest();
  const r = page.records;
  none(r.errors.map((e) => `[${e.mark}] ${e.text}`), "uncaught exceptions or unhandled rejections");
  const consoleErrors = r.console.filter((c) => c.level === "error" && !(allow.console ?? []).some((re) => re.test(c.text)));
  none(consoleErrors.map((c) => `[${c.mark}] ${c.text}`), "console errors");
  const warnings = r.console.filter((c) => c.level === "warn" && !(allow.warn ?? []).some((re) => re.test(c.text)));
  none(warnings.map((c) => `[${c.mark}] ${c.text}`), "console warnings from the widget");
  const csp = r.csp.filter((v) => !(allow.csp ?? (() => false))(v));
  none(csp.map((v) => `[${v.mark}] ${v.directive} blocked=${v.blocked} at ${v.source} ${v.sample ?? ""}`), "CSP violations");

  const origin = page.origin;
  const known = new Set([...files, ...HARNESS_PATHS]);
  const badRequests = page
    .requests()
    .filter((q) => {
      const path = new URL(q.url, origin).pathname;
      return !known.has(path === "/" ? "/index.html" : path) || q.status !== 200 || q.method !== "GET";
    })
    .map((q) => `${q.method} ${q.url} -> ${q.status}`);
  none(badRequests, "requests at the test server for anything but dist/ (or not answered 200)");

  const foreign = [...new Set(r.resources)].filter((u) => {
    if (u.startsWith("data:") || u.startsWith(`blob:${origin}/`)) return false;
    let url;
    try {
      url = new URL(u);
    } catch {
      return true;
    }
    if (url.protocol === "about:") return false;
    const path = url.pathname === "/" ? "/index.html" : url.pathname;
    return url.origin !== origin || !known.has(path);
  });
  none(foreign, "resources loaded from anywhere but dist/ (Resource Timing)");

  const calls = r.calls.filter((c) => {
    // axe-core reads the page's stylesheets itself (XMLHttpRequest): not the widget's.
    if (c.mark.startsWith("axe ") && c.api === "XMLHttpRequest" && new URL(c.url).origin === origin) return false;
    if (c.api !== "fetch") return true;
    const u = new URL(c.url);
    if (u.origin !== origin) return true;
    // The widget's folder: the server's root, or t.folder (the release's).
    const folder = t.folder ?? "";
    if (!u.pathname.startsWith(`${folder}/`)) return true;
    const path = u.pathname.slice(folder.length);
    if (!c.afterLoad && path === "/case-resolution-app_bg.wasm") return false;
    // The protocols' data files, from the widget's own folder.
    if (/^\/protocols\/([a-z0-9-]+\.txt|index\.json)$/.test(path)) return false;
    return !["/case-resolution-docx_bg.wasm", "/case-resolution-check_bg.wasm"].includes(path);
  });
  none(calls.map((c) => `[${c.mark}] ${c.api} ${c.url}`), "network API calls beyond the documented wasm loads");
}

// ------------------------------------------------------------------- helpers

async function openDemo(t, protocol, extra = "") {
  await t.page.goto(`/?protocol=${encodeURIComponent(protocol)}${extra}`);
  await t.w.ready();
  await t.page.js(() => (window.__probe.loaded = true));
}

/**
 * Answers from the current step up to `until` (not included), following
 * `plan`: { subject, harm: "yes"|"no", urgency, disagreement, context,
 * attempt: { date, name, role, agency, outcome, notes } | null, specialCases,
 * details: { id: value }, basis }. Indices wrap around the options offered.
 * Text is typed with the driver's keys unless plan.fill says to set it.
 */
/** A picture of the page, under target/engines/<engine>/<name>.png. */
async function screenshot(t, name) {
  const path = join(t.out, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await t.page.driver.takeScreenshot(), "base64");
}

async function answer(t, plan = {}, until = "form", w = t.w) {
  const chosen = {};
  const put = (id, value) => (plan.fill || /date/.test(id) ? w.fill(`#${id}`, value) : w.type(`#${id}`, value));
  for (let guard = 0; guard < 20; guard++) {
    const step = await w.step();
    if (plan.screenshots) await screenshot(t, `${plan.screenshots}/${String(guard).padStart(2, "0")}-${step}`);
    if (step === until) return chosen;
    switch (step) {
      case "start":
        if (await w.count("input[name=cr-protocol]")) chosen.protocol = (await w.radio("cr-protocol", plan.protocol ?? 0)).value;
        if (await w.count("input[name=cr-subject]")) chosen.subject = (await w.radio("cr-subject", plan.subject ?? 0)).value;
        break;
      case "safety":
        await w.radio("cr-immediate-harm", plan.harm === "yes" ? 0 : 1);
        if (plan.harm === "yes" && plan.immediateAction) await put("cr-immediate-action", plan.immediateAction);
        break;
      case "urgency": {
        const r = await w.radio("cr-urgency", plan.urgency ?? 0);
        chosen.urgency = r.value;
        chosen.urgencies = r.count;
        break;
      }
      case "disagreement": {
        const r = await w.radio("cr-disagreement", plan.disagreement ?? 0);
        chosen.disagreement = r.value;
        chosen.disagreements = r.count;
        break;
      }
      case "context":
        for (const name of await w.radioGroups()) await w.radio(name, plan.context ?? 0);
        break;
      case "stages":
        if (plan.attempt) {
          await w.click(".cr-add-attempt");
          await t.page.poll(w.focused, (f) => f?.id === "cr-attempt-0-date", { message: "focus on the new attempt's date" });
          for (const [part, value] of Object.entries(plan.attempt)) {
            if (part === "outcome") await w.radio("cr-attempt-0-outcome", value);
            else await put(`cr-attempt-0-${part}`, value);
          }
        }
        if (plan.specialCases) {
          const n = await w.count(".cr-main input[type=checkbox]");
          for (let i = 0; i < n; i++) {
            const box = await t.page.js((h, k) => document.querySelector(h).shadowRoot.querySelectorAll(".cr-main input[type=checkbox]")[k], w.host, i);
            await box.click();
          }
        }
        break;
      case "details":
        for (const [id, value] of Object.entries(plan.details ?? { "cr-concern": CONCERN })) await put(id, value);
        if (plan.basis !== undefined) await w.radio("cr-basis", plan.basis);
        break;
      default:
        break;
    }
    await w.next();
  }
  throw new Error(`did not reach ${until}`);
}

/** Clicks an output button; returns the file it offered { name, type, bytes }. */
async function download(t, selector, w = t.w) {
  await t.page.mark(`download ${selector}`);
  await w.click(selector);
  const failed = async () => (await w.exists(".cr-status--failed")) && (await w.text(".cr-status--failed"));
  const end = Date.now() + 60_000;
  for (;;) {
    await t.page.harvest();
    const d = t.page.records.downloads.shift();
    if (d) {
      check(!d.error, `${selector}: the Blob could not be read: ${d.error}`);
      const file = { name: d.name, type: d.type, bytes: Buffer.from(d.base64, "base64") };
      equal(file.bytes.length, d.size, `${selector}: bytes read from the Blob`);
      writeFileSync(join(t.out, "downloads", `captured-${file.name}`), file.bytes);
      if (t.engine.downloadFolder) await savedToDisk(t, file);
      return file;
    }
    const f = await failed();
    check(!f, `${selector}: the widget reports a failure: ${f}`);
    check(Date.now() < end, `${selector}: no download within 60 s`);
    await sleep(100);
  }
}

/** Per download folder: the files already matched to a download. */
const SAVED = new Map();

/**
 * Where the engine has a download folder (Firefox): the file the browser
 * itself saved there has the Blob's bytes (a real download, not just a Blob).
 */
async function savedToDisk(t, file) {
  const dir = join(t.out, "downloads");
  const dot = file.name.lastIndexOf(".");
  const stem = file.name.slice(0, dot);
  const ext = file.name.slice(dot);
  const end = Date.now() + 30_000;
  if (!SAVED.has(dir)) SAVED.set(dir, new Set());
  const counted = SAVED.get(dir);
  for (;;) {
    // A file not yet matched to an earlier download: Firefox names a second
    // file of the same name "name(1).ext".
    const match = readdirSync(dir).find((n) => {
      if (counted.has(n)) return false;
      if (!(n === file.name || (n.startsWith(stem) && n.endsWith(ext) && /^\(\d+\)$/.test(n.slice(stem.length, -ext.length))))) return false;
      return readFileSync(join(dir, n)).equals(file.bytes);
    });
    if (match) {
      counted.add(match);
      return;
    }
    check(Date.now() < end, `${file.name}: the browser saved no file with the Blob's bytes in its download folder`);
    await sleep(200);
  }
}

function unzip(path, member) {
  return execFileSync("unzip", ["-p", path, member], { maxBuffer: 64 * 1024 * 1024 }).toString("utf8");
}

/** Saves a file under the scenario's artifacts; returns its path. */
function save(t, name, bytes) {
  const path = join(t.out, "downloads", name);
  writeFileSync(path, bytes);
  return path;
}

/** Loads a saved draft file through the form step's file input (the driver's file upload). */
async function loadDraft(t, path, w = t.w) {
  await t.page.mark("load a saved draft");
  const input = await w.el("#cr-load-draft");
  check(input, "no #cr-load-draft file input");
  await input.sendKeys(path);
}

// ----------------------------------------------------------------- scenarios

export const SCENARIOS = [];
const scenario = (name, run, engines) => SCENARIOS.push({ name, run, engines });

// 1. A complete run to the form per bundled protocol, with every output made
//    and checked, print, reload restore, Clear all answers, Load a saved
//    draft, and the page's health under the strict CSP (network proof).
PROTOCOLS.forEach((protocol, i) => {
  scenario(`run-to-form/${protocol}`, async (t) => {
    const { page, w } = t;
    const head = await fetch(page.url(`/?protocol=${protocol}`));
    equal(head.headers.get("content-security-policy"), CSP_HEADER, "the page's CSP header");
    await openDemo(t, protocol);
    await page.mark("run");
    const harm = i % 2 === 0 ? "yes" : "no";
    const chosen = await answer(t, {
      subject: i,
      harm,
      immediateAction: harm === "yes" ? "Called 999 and the MASH." : undefined,
      urgency: i,
      disagreement: i,
      context: i,
      attempt: { date: "2026-11-02", name: "A. Manager", role: "Team manager", agency: "Children's services", outcome: i % 3, notes: "Discussed." },
      specialCases: i % 2 === 1,
      details: DETAILS,
      basis: i % 2,
      screenshots: `steps/${protocol}`,
    });
    await w.expectStep("form");
    check((await w.text(".cr-form-preview")).includes(CONCERN), "the preview shows the concern as typed");

    // Word: a real .docx whose document holds the concern.
    const docx = await download(t, ".cr-docx");
    check(new RegExp(`^case-resolution-${protocol}-\\d{4}-\\d{2}-\\d{2}\\.docx$`).test(docx.name), `Word file name: ${docx.name}`);
    equal(docx.bytes.subarray(0, 2).toString(), "PK", "the .docx is a zip");
    const docxPath = save(t, `${protocol}.docx`, docx.bytes);
    check(unzip(docxPath, "word/document.xml").includes(CONCERN), "word/document.xml holds the concern");
    // HTML: one self-contained file, no script.
    const html = await download(t, ".cr-html");
    check(/\.html$/.test(html.name), `HTML file name: ${html.name}`);
    const htmlText = html.bytes.toString("utf8");
    check(/^<!doctype html>/i.test(htmlText) && htmlText.includes(CONCERN) && !/<script/i.test(htmlText), "the HTML file: a document with the concern and no script");
    // JSON draft: the answers as entered.
    const json = await download(t, ".cr-json");
    check(/\.json$/.test(json.name), `JSON file name: ${json.name}`);
    const draft = JSON.parse(json.bytes.toString("utf8"));
    equal(draft.protocol, protocol, "the draft's protocol");
    equal(draft.answers?.details?.concern, CONCERN, "the draft's concern");
    equal(draft.answers?.attempts?.[0]?.with_name, "A. Manager", "the draft's attempt");
    const draftPath = save(t, `${protocol}-draft.json`, json.bytes);
    await page.poll(() => w.text(".cr-status-region"), (s) => /\.json/.test(s), { message: "the status line names the JSON file" });

    // Copy as text.
    await page.mark("copy as text");
    // A WebKitWebDriver pointer click once reached nothing (no writeText
    // call, status unchanged) right after a download; a second real click is
    // the retry, and the report says so. A script click would not count as a
    // user gesture for the clipboard.
    const copyStatus = (timeout) =>
      page.poll(() => w.text(".cr-status-region"), (s) => /Copied|did not allow/.test(s), { timeout, message: "the copy status" });
    await w.click(".cr-copy");
    const status = await copyStatus(5_000)
      .catch(async (e) => {
        const calls = await page.js(() => window.__probe.clipboardCalls.length);
        if (calls) throw e;
        t.note("the first click on Copy reached nothing (no clipboard call); clicked again");
        await w.click(".cr-copy");
        return copyStatus(15_000);
      })
      .catch(async (e) => {
        const calls = await page.js(() => [window.__probe.clipboardCalls, document.hasFocus(), document.visibilityState]);
        throw new Error(`${e.message}; clipboard.writeText calls, document focus, visibility: ${JSON.stringify(calls)}`);
      });
    check(/Copied/.test(status), `Copy as text: ${status}`);
    await page.harvest();
    check(page.records.clipboard.at(-1)?.includes(CONCERN), "the copied text holds the concern");

    // The escalation map in the preview: a picture named by its words.
    const mapName = await w.inRoot((root) => root.querySelector(".cr-form-preview .cr-map[role=img]")?.getAttribute("aria-label") ?? "");
    // (Resolved at a stage, the map says so first: "Resolved at Stage 1: …".)
    check(/^Escalation map\. (Resolved at Stage \d+: [^]*?\. )?Stage 1/.test(mapName), `the escalation map's text alternative: ${short(mapName)}`);
    // The partnership's record and the calendar follow-up, made on the device.
    const csv = await download(t, ".cr-csv");
    check(/\.csv$/.test(csv.name) && !csv.bytes.toString("utf8").includes(CONCERN), `the record: ${csv.name}, no answer text`);
    if (await w.exists("#cr-follow-up-date")) await w.fill("#cr-follow-up-date", "2031-03-14");
    const ics = await download(t, ".cr-ics");
    const icsText = ics.bytes.toString("utf8");
    check(/^follow-up-\d{4}-\d{2}-\d{2}\.ics$/.test(ics.name) && icsText.startsWith("BEGIN:VCALENDAR\r\n") && !icsText.includes(CONCERN), `the follow-up: ${ics.name}, no answer text`);

    // Print: the page is marked so that only this widget's form prints; where
    // the driver prints to PDF, the PDF has the form and not the host page.
    await print(t, protocol);

    // Reload: the answers come back from this tab's session storage, and
    // nothing else is kept anywhere.
    await page.mark("reload");
    await page.reload();
    await w.ready();
    check((await w.step()) !== "start", "a reload restores the answers (not back at the start)");
    await storage(t, [`case-resolution:${protocol}`]);

    // Clear all answers: asks first; cancelling keeps, confirming clears.
    await page.mark("clear all");
    await w.click(".cr-clear");
    await page.waitFor((h) => !!document.querySelector(h).shadowRoot.querySelector(".cr-confirm__no"), [w.host]);
    await w.click(".cr-confirm__no");
    check((await w.step()) !== "start", "cancelling Clear keeps the answers");
    await w.clearAll();
    await w.expectFocusOnH1("Clear all answers");
    await storage(t, []);

    // Load a saved draft (the file input, from the form step's link or the
    // start step): back at Check your answers, then the form, and the draft
    // made again is the same file.
    await loadDraft(t, draftPath);
    await w.expectStep("check", 30_000);
    check((await w.text(".cr-summary")).includes(CONCERN), "the loaded draft's concern on Check your answers");
    await w.next();
    await w.expectStep("form");
    const again = await download(t, ".cr-json");
    check(again.bytes.equals(json.bytes), "the draft downloaded after loading it is the same file");
    await w.clearAll();
    await page.reload();
    await w.ready();
    await w.expectStep("start");

    // The strict CSP is in force in this engine: an inline script and eval
    // are refused (and reported), a request elsewhere is blocked.
    await cspInForce(t);
    await expectHealthy(t, { csp: (v) => v.mark === "csp self-test" });
    t.note(`${chosen.urgencies} urgencies / ${chosen.disagreements} disagreement types offered; immediate harm ${harm}; ${page.requests().length} requests, all dist/`);
  });
});

async function storage(t, sessionKeys) {
  const s = await t.page.jsAsync(async () => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    indexedDB: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
  }));
  const cookies = (await t.page.driver.manage().getCookies()).map((c) => c.name);
  equal({ ...s, cookies }, { local: [], session: sessionKeys, indexedDB: [], cookies: [] }, "what the page keeps");
}

async function cspInForce(t) {
  const { page } = t;
  await page.mark("csp self-test");
  const result = await page.jsAsync(async () => {
    const before = window.__probe.csp.length;
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true;";
    document.head.append(s);
    // A string for setTimeout is eval in the page's own realm (a driver's
    // script may itself be exempt from the page's CSP, as in Firefox).
    setTimeout("window.__evalRan = true;", 0);
    let fetchBlocked = false;
    try {
      await fetch("http://127.0.0.2:9/csp-probe");
    } catch {
      fetchBlocked = true;
    }
    await new Promise((r) => setTimeout(r, 200));
    return { inlineRan: !!window.__inlineRan, evalBlocked: !window.__evalRan, fetchBlocked, reported: window.__probe.csp.length - before };
  });
  equal(result.inlineRan, false, "an inline script is refused under the strict CSP");
  equal(result.evalBlocked, true, "eval is refused under the strict CSP");
  equal(result.fetchBlocked, true, "a request to another origin is blocked");
  check(result.reported >= 3, `the engine reports the violations (securitypolicyviolation events: ${result.reported})`);
  await page.mark("");
  // The self-test's own fetch is not the widget's.
  await page.harvest();
  page.records.calls = page.records.calls.filter((c) => c.mark !== "csp self-test");
}

/** Print: the marks while printing; the PDF where the driver makes one; the marks removed after. */
async function print(t, protocol) {
  const { page, w, engine } = t;
  await page.mark("print");
  await w.click(".cr-print");
  await page.harvest();
  const p = page.records.prints.at(-1);
  equal(p && { html: p.html, host: p.host, pageSheet: p.pageSheet, printSheet: p.printSheet }, { html: true, host: true, pageSheet: "print", printSheet: "print" }, "the page as marked when Print calls window.print()");
  if (engine.canPrint) {
    const pdf = Buffer.from(await page.driver.printPage({ orientation: "portrait" }), "base64");
    const path = save(t, `${protocol}-print.pdf`, pdf);
    const text = execFileSync("pdftotext", ["-layout", path, "-"]).toString("utf8").replace(/\s+/g, " ");
    check(text.includes(CONCERN), "the printed PDF holds the form (the concern)");
    check(!/Choose a partnership|Embed it in your page/.test(text), "the printed PDF leaves out the host page");
    check(!/Download Word|Clear all answers/.test(text), "the printed PDF leaves out the widget's buttons");
    const pages = execFileSync("pdfinfo", [path]).toString().match(/Pages:\s+(\d+)/)?.[1];
    const size = execFileSync("pdfinfo", [path]).toString().match(/Page size:\s+([^\n]+)/)?.[1];
    t.note(`print: ${pages} page(s) of PDF, ${size}`);
  } else {
    t.note("print: the page marks are checked; no PDF (WebKitWebDriver has no Print Page command)");
  }
  await page.js(() => window.dispatchEvent(new Event("afterprint")));
  const after = await page.js(() => ({
    html: document.documentElement.classList.contains("cr-printing"),
    marked: document.querySelectorAll("[data-cr-print-ancestor], [data-cr-printing]").length,
    pageSheet: document.querySelector("link[data-cr-page-sheet]")?.media,
  }));
  equal(after, { html: false, marked: 0, pageSheet: "not all" }, "the page unmarked after printing");
}

// 2. A complete run by keyboard alone (Tab, Shift+Tab, Space, Enter, arrow
//    keys, typing), focus on each new step's h1, ending with a download made
//    by Enter and Clear all answers by keyboard.
scenario(`keyboard-only/${PROTOCOLS[0]}`, async (t) => {
  const { page, w } = t;
  await openDemo(t, PROTOCOLS[0]);
  const driver = page.driver;
  const KEYS = { Tab: Key.TAB, Enter: Key.ENTER, Space: Key.SPACE, ArrowDown: Key.ARROW_DOWN, ArrowUp: Key.ARROW_UP };
  const press = async (key) => {
    if (key === "Shift+Tab") await driver.actions().keyDown(Key.SHIFT).sendKeys(Key.TAB).keyUp(Key.SHIFT).perform();
    else await driver.actions().sendKeys(KEYS[key] ?? key).perform();
  };
  // Start from the page: the first Tab goes into the page, then the widget.
  await page.js(() => document.activeElement?.blur());
  const { keys, steps } = await keyboardRun({
    press,
    type: (text) => driver.actions().sendKeys(text).perform(),
    focusedMatches: (selector) => w.inRoot((root, s) => !!root.activeElement?.matches(s), selector),
    focusedIndexInGroup: () =>
      w.inRoot((root) => {
        const a = root.activeElement;
        return [...root.querySelectorAll(`input[name="${a.name}"]`)].indexOf(a);
      }),
    checkedIndex: (name) => w.inRoot((root, n) => [...root.querySelectorAll(`input[name="${n}"]`)].findIndex((r) => r.checked), name),
    count: w.count,
    exists: w.exists,
    text: w.text,
    value: w.value,
    radioGroups: w.radioGroups,
    step: w.step,
    expectStep: (id) => w.expectStep(id),
    expectFocusOnH1: w.expectFocusOnH1,
    waitFor: (ok, message) => page.poll(ok, (x) => x === true, { message }),
    downloadByEnter: async () => {
      await page.mark("download by Enter");
      await press("Enter");
      return (await page.takeDownloads(1))[0].name;
    },
    check,
    harmUrgencyIndex: () =>
      w.inRoot(
        (root, id) => [...root.querySelectorAll("input[name=cr-urgency]")].findIndex((r) => r.value === id),
        immediateHarmUrgency(PROTOCOLS[0]),
      ),
  });
  t.note(`${keys} keys, ${steps} step changes by Enter, focus on each h1`);
  await expectHealthy(t);
});

// 3. axe-core (WCAG 2.2 A/AA tags) on every state of the wizard, focus on the
//    h1 after every Continue and Back, per bundled protocol.
const AXE_SOURCE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

async function axe(t, label) {
  const { page } = t;
  await page.mark(`axe ${label}`);
  const loaded = await page.js(() => typeof window.axe);
  if (loaded !== "object") await page.driver.executeScript(`${AXE_SOURCE}\n;return typeof window.axe;`);
  const violations = await page.jsAsync(
    async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return r.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`) }));
    },
    AXE_TAGS,
  );
  await page.mark("");
  return violations.map((v) => `[${label}] ${v.rule} (${v.impact}): ${v.help}\n      ${v.nodes.join("\n      ")}`);
}

/** axe's own probes add inline styles, which the strict CSP refuses: not the widget's. */
const axeNoise = (v) => v.mark.startsWith("axe ") && /^style-src/.test(v.directive);

/**
 * Walks every state of the wizard (immediate harm `harm`), calling
 * `at(label)` in each; checks focus on the h1 after each step change.
 * `urgency`: the urgency to choose by id (else the last one).
 */
async function walk(t, harm, at, w = t.w, counts = { focus: 0 }, urgency = null) {
  const { page } = t;
  const next = async () => {
    const before = await w.step();
    await w.next();
    await w.expectFocusOnH1(`Continue on ${before}`);
    counts.focus += 1;
  };
  const errorState = async (label) => {
    await w.click(".cr-continue");
    await page.waitFor((h) => !!document.querySelector(h).shadowRoot.querySelector(".cr-error-summary"), [w.host], { message: "the error summary" });
    await page.poll(w.focused, (f) => /cr-error-summary/.test(`${f?.id} ${f?.cls}`), { message: "focus on the error summary" });
    await at(`${label}: error`);
  };
  await w.expectStep("start");
  await at("start");
  if (await w.count("input[name=cr-subject]")) {
    await errorState("start");
    await w.radio("cr-subject", 0);
  }
  await next();
  await w.expectStep("safety");
  await at("safety");
  await errorState("safety");
  await w.radio("cr-immediate-harm", harm === "yes" ? 0 : 1);
  if (harm === "yes") {
    await page.waitFor((h) => !!document.querySelector(h).shadowRoot.querySelector("[data-emergency]"), [w.host], { message: "the emergency panel" });
    await at("safety: emergency panel");
  }
  await next();
  for (const step of ["urgency", "disagreement"]) {
    await w.expectStep(step);
    await at(step);
    await errorState(step);
    if (step === "urgency" && urgency) {
      const i = await w.inRoot((root, id) => [...root.querySelectorAll("input[name=cr-urgency]")].findIndex((r) => r.value === id), urgency);
      await w.radio("cr-urgency", i);
      await page.waitFor((h) => !!document.querySelector(h).shadowRoot.querySelector("[data-harm-conflict]"), [w.host], { message: "the warning that the answers disagree" });
    } else if (step === "disagreement") {
      // The last type with stages (one the protocol sends elsewhere ends
      // at the Next step, and this walk goes on to the form).
      for (let k = -1; ; k--) {
        await w.radio("cr-disagreement", k);
        // The list of steps is redrawn after the answer changes.
        await new Promise((r) => setTimeout(r, 100));
        if ((await w.text(".cr-steps")).includes("Stages tried")) break;
      }
    } else {
      await w.radio(`cr-${step}`, -1);
    }
    await at(`${step}: answered`);
    await next();
  }
  if ((await w.step()) === "context") {
    await at("context");
    await errorState("context");
    for (const name of await w.radioGroups()) await w.radio(name, 0);
    await next();
  }
  await w.expectStep("stages");
  await at("stages");
  await w.click(".cr-add-attempt");
  await page.poll(w.focused, (f) => f?.id === "cr-attempt-0-date", { message: "focus on the new attempt's date" });
  await w.type("#cr-attempt-0-name", "A. Manager");
  const boxes = await w.count(".cr-main input[type=checkbox]");
  for (let i = 0; i < boxes; i++) {
    const box = await page.js((h, k) => document.querySelector(h).shadowRoot.querySelectorAll(".cr-main input[type=checkbox]")[k], w.host, i);
    await w.activate(box);
  }
  await at("stages: an attempt");
  await next();
  await w.expectStep("next-step");
  await at("next-step");
  const summaries = await w.count(".cr-main details > summary");
  for (let i = 0; i < summaries; i++) {
    const s = await page.js((h, k) => document.querySelector(h).shadowRoot.querySelectorAll(".cr-main details > summary")[k], w.host, i);
    await w.activate(s);
  }
  await at("next-step: citations and tips open");
  await w.back();
  await w.expectStep("stages");
  await w.expectFocusOnH1("Back");
  counts.focus += 1;
  await next();
  await next();
  await w.expectStep("details");
  await at("details");
  await errorState("details");
  await w.type("#cr-concern", CONCERN);
  await w.radio("cr-basis", 0);
  await next();
  await w.expectStep("check");
  await at("check");
  await next();
  await w.expectStep("form");
  await at("form (preview)");
  await w.clearAll();
  await at("start after Clear all answers");
  return counts;
}

for (const protocol of PROTOCOLS) {
  scenario(`axe-every-step/${protocol}`, async (t) => {
    await openDemo(t, protocol);
    const violations = [];
    let states = 0;
    const counts = await walk(t, "yes", async (label) => {
      states += 1;
      violations.push(...(await axe(t, label)));
    });
    none(violations, "axe violations");
    t.note(`${states} states, 0 axe violations, focus on the h1 after ${counts.focus} step changes`);
    if (protocol === PROTOCOLS[0]) {
      // Control: axe does look inside the widget's shadow root in this
      // engine (an unlabelled field planted there is reported).
      await t.w.inRoot((root) => {
        const input = document.createElement("input");
        input.id = "engines-planted";
        root.querySelector(".cr-main").append(input);
      });
      const planted = await axe(t, "control: a planted unlabelled field");
      check(planted.some((v) => v.includes("] label (")), "axe reports a planted unlabelled field in the shadow root", planted);
    }
    await expectHealthy(t, { csp: axeNoise });
  });
}

// 4. The 320 px layout: the demo page in a frame 320 CSS px wide, every state
//    of the wizard: nothing scrolls sideways.
for (const protocol of PROTOCOLS) {
  scenario(`narrow-320px/${protocol}`, async (t) => {
    const { page } = t;
    await page.goto(`/__engines/narrow.html?protocol=${encodeURIComponent(protocol)}`);
    const frame = await page.driver.findElement({ css: "#narrow" });
    await page.driver.switchTo().frame(frame);
    // Clicks in the frame are made from script: in one full run WebKitWebDriver's
    // pointer clicks on "Add an attempt" inside the frame had no effect in all
    // five protocols (not seen again in later runs, nor ever at the top level,
    // where every other scenario clicks with the driver). This scenario is
    // about layout; the driver's clicks are tested everywhere else.
    t = { ...t, w: widget(page, "[data-case-resolution]", { scriptClicks: true }) };
    try {
      await t.w.ready();
      const width = await page.js(() => document.documentElement.clientWidth + (innerWidth - document.documentElement.clientWidth));
      equal(width, 320, "the frame's viewport width");
      const overflow = [];
      const violations = [];
      let states = 0;
      // No on Safety with the immediate-harm urgency: the warning that the
      // answers disagree is on the Urgency and Next steps; axe checks those.
      const harmUrgency = immediateHarmUrgency(protocol);
      const conflictStates = new Set(["urgency: answered", "next-step"]);
      await walk(t, "no", async (label) => {
        states += 1;
        const o = await page.js(() => ({ scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth }));
        if (o.scroll > o.client) overflow.push(`${label}: scrollWidth ${o.scroll} > clientWidth ${o.client}`);
        if (harmUrgency && conflictStates.has(label)) violations.push(...(await axe(t, `320 px, answers disagree: ${label}`)));
      }, t.w, { focus: 0 }, harmUrgency);
      const shot = await page.driver.takeScreenshot();
      writeFileSync(join(t.out, `narrow-${protocol}.png`), shot, "base64");
      none(overflow, "states scrolling sideways at 320 px");
      none(violations, "axe violations with the warning");
      t.note(`${states} states at 320 px, none scrolls sideways; the warning passes axe`);
      await expectHealthy(t, { csp: axeNoise });
    } finally {
      await page.harvest();
      await page.driver.switchTo().defaultContent();
    }
  });
}

// 5. Hostile text in every free-text field: the preview and the HTML file
//    keep it inert, the JSON draft keeps it exactly, and loading the draft
//    back gives every field the same value and the same draft again.
const norm = (s) => String(s).replace(/[\s\u0000-\u001f\u007f-\u009f\ufffd]/gu, "");

function draftValue(draft, id) {
  const a = draft.answers;
  if (id === "cr-immediate-action") return a.immediate_action;
  const m = id.match(/^cr-attempt-(\d+)-(name|role|agency|notes)$/);
  if (m) return a.attempts[Number(m[1])][m[2] === "notes" ? "notes" : `with_${m[2]}`];
  return a.details[id.replace(/^cr-/, "").replaceAll("-", "_")];
}

/**
 * Milliseconds the engine takes to lay out the element again (display none,
 * then shown), the least of `times` tries (a busy machine only adds time).
 */
function relayoutMs(w, selector, times = 1) {
  return w.inRoot(
    (root, sel, n) => {
      const e = root.querySelector(sel);
      const tries = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        e.style.display = "none";
        void e.offsetHeight;
        e.style.display = "";
        void e.offsetHeight;
        tries.push(performance.now() - t0);
      }
      e.removeAttribute("style");
      return Math.round(Math.min(...tries));
    },
    selector,
    times,
  );
}

async function hostileRound(t, valueFor, label) {
  const { page, w } = t;
  const t0 = Date.now();
  const lap = (what) => process.env.ENGINES_DEBUG && console.log(`  ${label} ${what}: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  const entered = {};
  let j = 0;
  const fill = async (id) => {
    entered[id] = await w.fill(`#${id}`, valueFor(j++));
  };
  await page.mark(`hostile ${label}`);
  await answer(t, {}, "safety");
  await w.radio("cr-immediate-harm", 0);
  await fill("cr-immediate-action");
  await answer(t, { urgency: 0, disagreement: 0, context: 0 }, "stages");
  await w.click(".cr-add-attempt");
  await w.fill("#cr-attempt-0-date", "2026-11-02");
  for (const id of await w.textFields()) await fill(id);
  await answer(t, { details: {}, fill: true }, "details");
  const detailFields = await w.textFields();
  check(detailFields.length >= 12, `details step text fields: ${detailFields.length}`);
  for (const id of detailFields) await fill(id);
  await answer(t, { details: {}, fill: true }, "check");
  const f0 = Date.now();
  await w.next();
  await w.expectStep("form");
  const formMs = Date.now() - f0;
  lap(`form step shown after ${formMs} ms`);
  const problems = [];
  const missing = (where, text) => {
    const n = norm(text);
    for (const [id, v] of Object.entries(entered)) if (!n.includes(norm(v))) problems.push(`${label}: ${where} lacks the value of ${id}: ${JSON.stringify(short(v, 60))}`);
  };
  const p = await w.inRoot((root) => {
    const preview = root.querySelector(".cr-form-preview");
    const els = [...preview.querySelectorAll("*")];
    return {
      pwned: window.__pwned ?? null,
      onAttrs: els.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
      scripts: preview.querySelectorAll("script, iframe, object, embed, img, svg, form").length,
      text: preview.textContent,
    };
  });
  if (p.pwned !== null) problems.push(`${label}: a payload ran (window.__pwned = ${p.pwned})`);
  problems.push(...p.onAttrs.map((a) => `${label}: preview has an event attribute ${a}`));
  if (p.scripts) problems.push(`${label}: preview has ${p.scripts} active element(s)`);
  missing("preview", p.text);

  lap("preview checked");
  const html = (await download(t, ".cr-html")).bytes.toString("utf8");
  const h = await page.js((src) => {
    const doc = new DOMParser().parseFromString(src, "text/html");
    const els = [...doc.querySelectorAll("*")];
    return {
      scripts: doc.querySelectorAll("script, iframe, object, embed, img, form").length,
      onAttrs: els.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
      text: doc.body.textContent,
    };
  }, html);
  if (h.scripts) problems.push(`${label}: HTML has ${h.scripts} active element(s)`);
  problems.push(...h.onAttrs.map((a) => `${label}: HTML has an event attribute ${a}`));
  missing("HTML", h.text);

  lap("html checked");
  const json = await download(t, ".cr-json");
  const draft = JSON.parse(json.bytes.toString("utf8"));
  for (const [id, v] of Object.entries(entered)) if (draftValue(draft, id) !== v) problems.push(`${label}: the JSON value of ${id} differs: ${JSON.stringify(short(draftValue(draft, id), 60))}`);
  const path = save(t, `hostile-${label}.json`, json.bytes);

  lap("json checked");
  await w.clearAll();
  await loadDraft(t, path);
  await w.expectStep("check", 60_000);
  lap("loaded");
  await w.next();
  await w.expectStep("form");
  const again = await download(t, ".cr-json");
  if (!again.bytes.equals(json.bytes)) problems.push(`${label}: the draft made after loading it differs from the one loaded`);
  lap("again");
  await w.back();
  await w.back();
  await w.expectStep("details");
  for (const [id, v] of Object.entries(entered)) {
    if (!id.startsWith("cr-attempt") && id !== "cr-immediate-action" && (await w.value(`#${id}`)) !== v) problems.push(`${label}: ${id} after loading the draft differs`);
  }
  await w.back();
  await w.back();
  await w.expectStep("stages");
  for (const [id, v] of Object.entries(entered)) {
    if (id.startsWith("cr-attempt") && (await w.value(`#${id}`)) !== v) problems.push(`${label}: ${id} after loading the draft differs`);
  }
  lap("fields compared");
  await w.clearAll();
  return { problems, fields: Object.keys(entered).length, bytes: json.bytes.length, formMs };
}

scenario(`hostile-input-round-trip/${PROTOCOLS[0]}`, async (t) => {
  await openDemo(t, PROTOCOLS[0]);
  const problems = [];
  let fills = 0;
  let rounds = 0;
  // Round k gives field j input (k * fields + j) mod N: every input goes
  // into some field over ceil(N / fields) rounds.
  let fields = 17;
  for (let k = 0; k * fields < CORPUS.length; k++) {
    const r = await hostileRound(t, (j) => CORPUS[(k * fields + j) % CORPUS.length], `round-${k}`);
    fields = r.fields;
    problems.push(...r.problems);
    fills += r.fields;
    rounds += 1;
  }
  none(problems, "hostile input not kept inert and exact");
  t.note(`${CORPUS.length} corpus inputs over ${rounds} rounds of ${fields} fields (${fills} fills), JSON exact and loaded back`);
  await expectHealthy(t);
});

scenario(`hostile-input-100k/${PROTOCOLS[0]}`, async (t) => {
  await openDemo(t, PROTOCOLS[0]);
  let big = "";
  for (let i = 0; big.length < 100_000; i++) big += `${CORPUS[i % CORPUS.length]} `;
  big = big.slice(0, 100_000);
  const r = await hostileRound(t, () => big, "100k");
  none(r.problems, "100 000 characters in every field not kept exact");
  t.note(`100 000 characters in each of ${r.fields} fields: form step in ${(r.formMs / 1000).toFixed(1)} s, draft of ${r.bytes} bytes loaded back exactly`);
  await expectHealthy(t);
});

// 5b. Long values lay out in about the time Check your answers takes with
//     the same values. WebKit laid out the form preview of 30 000-character
//     values 2.7 times slower than Check your answers (100 000 characters in
//     every field: 32 to 45 s) while the value column's minimum was its
//     min-content under overflow-wrap: anywhere; web/form.css now gives the
//     column minmax(0, 1fr) and the values break-word (ratio 1.0). Both are
//     measured in the page, back to back, the least of three tries.
scenario(`long-values-layout/${PROTOCOLS[0]}`, async (t) => {
  const { w } = t;
  await openDemo(t, PROTOCOLS[0]);
  await answer(t, { harm: "no" }, "details");
  const long = "x".repeat(30_000);
  for (const id of await w.textFields()) await w.fill(`#${id}`, long);
  await w.next();
  await w.expectStep("check");
  const checkMs = await relayoutMs(w, ".cr-main", 3);
  await w.next();
  await w.expectStep("form");
  const formMs = await relayoutMs(w, ".cr-form-preview", 3);
  t.note(`30 000 characters in every details field: layout of Check your answers ${checkMs} ms, of the form preview ${formMs} ms`);
  check(formMs <= 1.6 * checkMs + 100, `laying out the form preview took ${formMs} ms, over 1.6 times Check your answers (${checkMs} ms) with the same values`);
  await w.clearAll();
  await expectHealthy(t);
});

// 6. WebAssembly off: no uncaught exception, the loader says why in the
//    console, and the embed element's static fallback (emergency guidance),
//    where the build has one, stays visible.
scenario(`wasm-off/${PROTOCOLS[0]}`, async (t) => {
  let page = t.page;
  let driver = null;
  if (t.engine.realWasmOff) {
    driver = await t.newSession({ wasm: false });
    page = t.newPage(driver);
  } else {
    t.note("WebAssembly off simulated: the WebAssembly global removed before any script (no driver setting turns it off in WebKitGTK)");
  }
  try {
    await page.goto(`/?protocol=${PROTOCOLS[0]}${t.engine.realWasmOff ? "" : "&__engines_nowasm"}`);
    equal(await page.js(() => typeof WebAssembly), "undefined", "WebAssembly is off in this page");
    const ready = await page.jsAsync(async () => {
      for (let i = 0; i < 100 && !window.CaseResolution; i++) await new Promise((r) => setTimeout(r, 50));
      return window.CaseResolution ? await window.CaseResolution.ready : "no loader";
    });
    equal(ready, false, "the loader's ready promise says the widget could not start");
    await sleep(300);
    const host = await page.js(() => {
      const h = document.querySelector("[data-case-resolution]");
      const r = h.getBoundingClientRect();
      return { children: h.children.length, text: h.innerText ?? h.textContent, shadow: !!h.shadowRoot, visible: r.width > 0 && r.height > 0 };
    });
    if (host.children > 0) {
      check(host.visible && /999/.test(host.text), `the static fallback in the embed element is shown, with 999: ${short(host.text, 200)}`);
      t.note("the static fallback is shown with WebAssembly off");
    } else {
      t.note("this build has no static fallback in the embed element: checked that nothing throws; the fallback check runs once it is merged");
    }
    const sub = { ...t, page };
    // With WebAssembly absent the loader says so as a warning (the fallback
    // is the expected page, not an error); a start that fails says so as an error.
    const why = /case-resolution: (the widget could not start|WebAssembly is not available in this browser)/;
    await expectHealthy(sub, { console: [why], warn: [why] });
    await page.harvest();
    check(page.records.console.some((c) => why.test(c.text)), "the loader logs why the widget did not start");
  } finally {
    if (driver) await driver.quit().catch(() => {});
  }
});

// The release as a web officer gets it: the zip unpacked into an
// empty folder outside the repository, served by a plain static server with
// the strict CSP, each partnership's snippet and the picker's on a page of
// its own, run to the form. Nothing outside the release folder is requested.
scenario("release-snippets", async (t) => {
  const version = readFileSync(join(ROOT, "Cargo.toml"), "utf8").match(/^version = "(.*)"$/m)[1];
  const folder = `case-resolution-${version}`;
  const zip = join(ROOT, "release", `${folder}.zip`);
  check(existsSync(zip), `${zip} is missing: run scripts/release.sh`);
  const dir = mkdtempSync(join(tmpdir(), "cr-release-engines-"));
  execFileSync("unzip", ["-q", zip, "-d", dir]);
  const files = new Set(
    readFileSync(join(dir, folder, "SHA256SUMS"), "utf8").trim().split("\n").map((l) => `/${folder}/${l.split(/\s+\*?/)[1]}`),
  );
  // The page probe (errors, CSP reports, downloads), as the runner's server adds it.
  writeFileSync(join(dir, "probe.js"), `window.__probeStubPrint = true;\n${readFileSync(PAGE_PROBE, "utf8")}`);
  const ids = [...PROTOCOLS, "picker"];
  for (const id of ids) {
    const snippet = readFileSync(join(dir, folder, "fallback", `${id}.html`), "utf8").replace(/src="[^"]*case-resolution\.js"/, `src="/${folder}/case-resolution.js"`);
    writeFileSync(
      join(dir, `host-${id}.html`),
      `<!doctype html><html lang="en"><head><script src="/probe.js"></script><meta charset="utf-8"><title>A partnership's page</title><link rel="icon" href="data:,"></head><body><main><h1>Professional disagreements</h1>${snippet}</main></body></html>`,
    );
  }
  const server = await plainServer(dir);
  const { origin, log } = server;
  try {
    for (const id of ids) {
      const page = new Page({ driver: t.page.driver, engine: t.engine, origin, log });
      const w = widget(page);
      await page.goto(`/host-${id}.html`);
      await w.ready();
      // Every host page: a new page's first harvest reads the one before.
      const sub = { ...t, page, w, folder: `/${folder}`, files: new Set([...files, ...ids.map((i) => `/host-${i}.html`), "/probe.js"]) };
      await page.mark(`release ${id}`);
      await answer(sub, { harm: "no", attempt: null }, "form", w);
      check((await w.text(".cr-form-preview")).includes(CONCERN), `${id}: the preview shows the concern`);
      equal(await page.js(() => window.CaseResolution.version), version, `${id}: CaseResolution.version`);
      await expectHealthy(sub);
    }
    t.note(`${ids.length} snippets from the unpacked release ran to the form`);
  } finally {
    server.close();
  }
});

export { CSP_HEADER };
