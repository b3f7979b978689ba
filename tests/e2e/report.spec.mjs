// The partnership's report page (report.html), per bundled protocol, with
// 200 generated records (tests/e2e/fixtures/report/<id>.csv, written with
// the figures they must give by core/tests/report.rs from an independent
// count of the generated answers): every expected figure shown, no raw id
// anywhere on the page, no count of 1 to 4 in any table (a quarter's
// smaller counts too), axe clean, nothing requested but the page's own
// files and the partnership's data file. Then, for one protocol: the same
// file twice, another partnership's records, a spreadsheet's re-save and a
// hostile cell; and 1,000 records, one file each, with the time taken.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AXE_TAGS, PROTOCOLS, ROOT, download, expectNone, guard, unexpectedCalls } from "./support/proof.mjs";

const FIXTURES = join(ROOT, "tests", "e2e", "fixtures", "report");
const fixture = (id) => ({
  csv: readFileSync(join(FIXTURES, `${id}.csv`), "utf8"),
  expected: JSON.parse(readFileSync(join(FIXTURES, `${id}.json`), "utf8")),
});
const file = (name, text) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });

/** Opens the report page for a partnership and reads `files` into it. */
async function report(page, id, files) {
  await page.goto("/report.html");
  await expect(page.locator("#report-partnership option")).not.toHaveCount(0);
  await page.locator("#report-partnership").selectOption(id);
  await page.locator("#report-files").setInputFiles(files);
  await expect(page.locator("#report-progress")).toContainText("The report is below", { timeout: 60_000 });
}

/** The figure a table's row shows, by the table's caption and the row's label. */
async function figure(page, caption, label) {
  const table = page.locator("table", { has: page.locator("caption", { hasText: caption }) }).first();
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  const row = table.locator("tbody tr", { has: page.locator("th", { hasText: exact }) });
  await expect(row, `one row "${label}" in "${caption}"`).toHaveCount(1);
  return row.locator("td").first().textContent();
}

/** Every table cell's figure shown on the page. */
const cells = (page) => page.locator("#report-result td").allTextContents();

for (const id of PROTOCOLS) {
  test(`${id}: the report shows the expected figures in the protocol's words, small counts suppressed`, async ({ page, baseURL }) => {
    const record = await guard(page);
    const { csv, expected } = fixture(id);
    await report(page, id, [file(`${id}-records.csv`, csv)]);
    await expect(page.locator("#report-result")).toContainText(`Records counted: ${expected.records}.`);
    for (const [caption, rows] of Object.entries(expected.tables)) {
      for (const [label, shown] of Object.entries(rows)) {
        expect(await figure(page, caption, label), `${caption}: ${label}`).toBe(shown);
      }
    }
    const text = await page.locator("body").textContent();
    for (const raw of expected.ids) expect(text, `the raw id ${raw} on the page`).not.toContain(raw);
    for (const c of await cells(page)) expect(c).not.toMatch(/^[1-4]$/);
    // A quarter: smaller groups, still nothing from 1 to 4.
    const quarter = page.locator("#report-period option[value$='-Q2']").first();
    if (await quarter.count()) {
      await page.locator("#report-period").selectOption(await quarter.getAttribute("value"));
      await expect(page.locator("#report-result h2").first()).toContainText("April to June");
      const shown = await cells(page);
      for (const c of shown) expect(c).not.toMatch(/^[1-4]$/);
      expect(shown.some((c) => c === "fewer than 5"), "a quarter has small counts, suppressed").toBe(true);
    }
    const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    const trap = await record.trap();
    // The page's own module and the partnership list, beside the data file.
    const calls = unexpectedCalls(trap.calls, baseURL).filter((c) => !/\/(protocols\/index\.json|case-resolution-report_bg\.wasm)$/.test(c.url));
    expectNone(calls, "requests beyond the page's files and the partnership's data file");
    expectNone(record.pageErrors, "uncaught exceptions");
    expectNone(record.consoleErrors, "console errors");
  });
}

test("a duplicate, another partnership, a spreadsheet's re-save and a hostile cell", async ({ page }) => {
  const [mine, other] = [PROTOCOLS[0], PROTOCOLS[1]];
  const { csv, expected } = fixture(mine);
  const lines = csv.split("\r\n").filter(Boolean);
  // Saved again by a spreadsheet in a European locale.
  const resave = (text) =>
    "\ufeff" +
    text
      .split("\r\n")
      .map((l) => l.replaceAll(",", ";").replace(/;(\d{4})-(\d{2})(?=;)/g, (_, y, m) => `;${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(m) - 1]}-${y.slice(2)}`))
      .join("\r\n");
  // A disagreement cell a spreadsheet would run (neutralised with ' as the
  // widget writes such cells), with no reference of its own.
  const hostileRow = lines[1].split(",");
  hostileRow[lines[0].split(",").indexOf("disagreement")] = "'=HYPERLINK(\"http://x\")";
  hostileRow[hostileRow.length - 1] = "";
  const quoted = (cells) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(",");
  const files = [
    file("all.csv", resave(csv)),
    file("sent-twice.csv", `${lines[0]}\r\n${lines[1]}\r\n`),
    file("other.csv", fixture(other).csv),
    file("hostile.csv", `${lines[0]}\r\n${quoted(hostileRow)}\r\n`),
    file("not-a-record.csv", "name,age\r\nSam,9\r\n"),
  ];
  await report(page, mine, files);
  const result = page.locator("#report-result");
  // 200 records (the re-saved file), the duplicate counted once, the
  // hostile one added: 201, published as 200.
  await expect(result).toContainText(`Records counted: ${expected.records}.`);
  await expect(result).toContainText("1 record was in more than one file (the same form reference): each is counted once.");
  await expect(result).toContainText("Records of another partnership (");
  await expect(result).toContainText("not-a-record.csv: its columns are not those of a case resolution record.");
  expect(await figure(page, "Records by type of disagreement", "A type no longer in the current protocol")).toBe("fewer than 5");
  await expect(result).not.toContainText("HYPERLINK");
  // The counts, as CSV: the published figures only.
  const counts = await download(page, page.getByRole("button", { name: "Download the counts (CSV)" }));
  const text = readFileSync(await counts.path(), "utf8");
  expect(text.split("\r\n")[0]).toBe("table,row,column,shown");
  expect(text).not.toMatch(/,[1-4]\r\n/);
});

test("1,000 records, one file each: read in chunks with a progress line", async ({ page }, info) => {
  const id = PROTOCOLS[0];
  const lines = fixture(id).csv.split("\r\n").filter(Boolean);
  const files = [];
  for (let i = 0; i < 1000; i++) {
    const row = lines[1 + (i % (lines.length - 1))].split(",");
    row[row.length - 1] = `CR-20260101-${String(i).padStart(4, "0")}`;
    files.push(file(`record-${i}.csv`, `${lines[0]}\r\n${row.join(",")}\r\n`));
  }
  await page.goto("/report.html");
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  await page.locator("#report-partnership").selectOption(id);
  const started = Date.now();
  await page.locator("#report-files").setInputFiles(files);
  await expect(page.locator("#report-progress")).toContainText("The report is below", { timeout: 120_000 });
  const ms = Date.now() - started;
  await expect(page.locator("#report-result")).toContainText("Records counted: 1000.");
  const longest = await page.evaluate(() => window.__longest);
  console.log(`report: 1,000 record files in ${ms} ms; longest task ${Math.round(longest)} ms`);
  info.annotations.push({ type: "figures", description: `1,000 files: ${ms} ms, longest task ${Math.round(longest)} ms` });
});

test("a partnership's own copy of the page (main data-protocol) reports that partnership only", async ({ page }) => {
  const id = PROTOCOLS[PROTOCOLS.length - 1];
  const html = readFileSync(join(ROOT, "dist", "report.html"), "utf8").replace('<main class="report" id="report">', `<main class="report" id="report" data-protocol="${id}">`);
  await page.route("**/report.html", (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
  await page.goto("/report.html");
  await expect(page.locator("#report-partnership-field")).toBeHidden();
  const { csv, expected } = fixture(id);
  await page.locator("#report-files").setInputFiles([file("records.csv", csv), file("other.csv", fixture(PROTOCOLS[0]).csv)]);
  await expect(page.locator("#report-progress")).toContainText("The report is below");
  await expect(page.locator("#report-result")).toContainText(`Records counted: ${expected.records}.`);
  await expect(page.locator("#report-result")).toContainText("Records of another partnership (");
});
