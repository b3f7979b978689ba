// A record the partnership can tally, and the tally, in the browser: the
// form step's "Download the record (CSV)" (made by the on-demand module from
// the same answers: countable facts only, the form reference only when
// ticked), then the demo page's "Count escalation records" reading those
// files back, with a damaged one listed and skipped.
import fs from "node:fs";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { answer, download, guard, expectNone, openDemo, skipUnlessOffered } from "./support/proof.mjs";

const CONCERN = "Zebra-7 concern text that must never reach a record";

/** Rows of a CSV we wrote: no cell of ours holds a comma or a quote. */
const csvRows = (text) => text.split("\r\n").filter(Boolean).map((line) => line.split(","));

test("the record: countable facts only, the reference when ticked, and the tally counts the files", async ({ page }, info) => {
  await skipUnlessOffered(page, "darlington");
  const record = await guard(page);
  const { w } = await openDemo(page, "darlington", record);
  await answer(w, { harm: "no", attempt: null, details: { "cr-concern": CONCERN, "cr-your-name": "Sam Zebra" } }, "form");
  const section = w.host.locator(".cr-record");
  await expect(section.getByRole("heading", { name: "For the partnership's records" })).toBeVisible();
  const button = section.getByRole("button", { name: "Download the record (CSV)" });

  const first = await download(page, button);
  const plain = fs.readFileSync(await first.path(), "utf8");
  expect(first.suggestedFilename()).toMatch(/^case-resolution-darlington-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, row] = csvRows(plain);
  expect(header[0]).toBe("schema");
  const get = (r, c) => r[header.indexOf(c)];
  expect(get(row, "partnership")).toBe("darlington");
  expect(get(row, "immediate_harm")).toBe("no");
  expect(get(row, "form_month")).toMatch(/^\d{4}-\d{2}$/);
  expect(get(row, "form_reference")).toBe("");
  expect(header[0] + get(row, "schema")).toBe("schema2");
  // The protocol's version, as its compiled file is stamped.
  expect(get(row, "protocol_version")).toMatch(/^[0-9a-f]{8}$/);
  expect(plain).not.toContain("Zebra");

  // Ticked: the same record with the reference the form shows.
  await section.getByLabel(/Include the form reference/).check();
  const second = await download(page, button);
  const withRef = fs.readFileSync(await second.path(), "utf8");
  const reference = get(csvRows(withRef)[1], "form_reference");
  expect(reference).toMatch(/^CR-\d{8}-[A-Z0-9]{4}$/);
  await expect(w.host.locator(".cr-form-preview")).toContainText(reference);
  expect(withRef).not.toContain("Zebra");
  // The printed form carries the record too (without the reference).
  await expect(w.host.locator(".cr-form-preview")).toContainText("For the partnership's records");

  // The tally on the demo page: the two records and a damaged file.
  const dir = info.outputPath("records");
  fs.mkdirSync(dir, { recursive: true });
  const files = [
    ["one.csv", plain],
    ["two.csv", withRef],
    ["cut.csv", plain.slice(0, plain.length - 15)],
  ].map(([name, text]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  });
  await page.locator("#demo-tally-files").setInputFiles(files);
  const result = page.locator("#demo-tally-result");
  await expect(result).toContainText("Counted 2 records.");
  await expect(result.locator(".demo-warnings")).toContainText("cut.csv: its record is damaged or cut short.");
  const byOutcome = result.locator("table", { has: page.locator("caption", { hasText: "darlington: records by outcome" }) });
  await expect(byOutcome).toBeVisible();
  const cells = await byOutcome.locator("tbody td").allTextContents();
  expect(cells.filter((_, i) => i % 2 === 1).map(Number).reduce((a, b) => a + b, 0)).toBe(2);
  await expect(result.getByRole("img", { name: /darlington: records by month/ })).toBeVisible();
  const counts = await download(page, result.getByRole("button", { name: "Download the counts (CSV)" }));
  const countRows = csvRows(fs.readFileSync(await counts.path(), "utf8"));
  expect(countRows[0]).toEqual(["partnership", "counted_by", "value", "records"]);
  const total = countRows.slice(1).reduce((n, r) => n + Number(r[3]), 0);
  expect(total).toBe(2 * 5);
  expectNone(record.pageErrors, "uncaught exceptions");
});
