// The follow-up in the practitioner's calendar, in the browser: the .ics
// the Next step page and the form step offer, made by the on-demand module
// from the same answers. Darlington states working-day timescales (the
// event falls on the engine's due date, no date to choose); Devon DCFP
// states none (the practitioner must choose one). The file must hold no
// answer text, and no organiser or attendee.
import { test, expect } from "@playwright/test";
import { answer, download, guard, expectNone, openDemo, skipUnlessOffered, unexpectedCalls } from "./support/proof.mjs";

const CONCERN = "Zebra-7 concern text that must never reach a calendar";

/** The .ics downloaded from the Next step page, as text, and its file name. */
async function ics(page, w) {
  const d = await download(page, w.host.getByRole("button", { name: "Add a follow-up to your calendar (.ics)" }));
  const path = await d.path();
  const text = (await import("node:fs")).readFileSync(path, "utf8");
  return { name: d.suggestedFilename(), text };
}

/** Unfolded content lines of an iCalendar text. */
const lines = (text) => text.replace(/\r\n[ \t]/g, "").split("\r\n").filter(Boolean);

function expectPrivateAllDay(text, date) {
  const l = lines(text);
  expect(text.split("\r\n").every((x) => Buffer.byteLength(x) <= 75), "lines folded at 75 octets").toBe(true);
  expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  expect(l[0]).toBe("BEGIN:VCALENDAR");
  expect(l).toContain("METHOD:PUBLISH");
  expect(l).toContain("CLASS:PRIVATE");
  expect(l).toContain(`DTSTART;VALUE=DATE:${date.replaceAll("-", "")}`);
  expect(l.some((x) => /^(ORGANIZER|ATTENDEE)/.test(x))).toBe(false);
  expect(text).not.toContain("Zebra-7");
}

test("Darlington, from the form step: the event falls on the engine's due date, with nothing from the answers", async ({ page, baseURL }) => {
  await skipUnlessOffered(page, "darlington");
  const record = await guard(page);
  const { w } = await openDemo(page, "darlington", record);
  await answer(w, { harm: "no", attempt: null, details: { "cr-concern": CONCERN } }, "form");
  const section = w.host.locator(".cr-follow-up-wrap");
  await expect(section).toContainText("working day");
  await expect(section.locator("#cr-follow-up-date")).toHaveCount(0);
  await expect(section.getByLabel("Event title")).toHaveValue(/^Follow up: case resolution CR-/);
  const { name, text } = await ics(page, w);
  const date = name.match(/^follow-up-(\d{4}-\d{2}-\d{2})\.ics$/)?.[1];
  expect(date, name).toBeTruthy();
  expectPrivateAllDay(text, date);
  await expect(section.locator(".cr-follow-up-status")).toContainText(`Downloaded ${name}`);
  const trap = await record.trap();
  expectNone(unexpectedCalls(trap.calls, baseURL), "network API calls beyond the documented ones");
  expectNone(record.pageErrors, "uncaught exceptions");
});

test("Devon DCFP: no stated timescale, so the practitioner chooses the date; an edited title is kept", async ({ page }) => {
  await skipUnlessOffered(page, "devon-dcfp");
  const record = await guard(page);
  const { w } = await openDemo(page, "devon-dcfp", record);
  await answer(w, { harm: "no", attempt: null }, "next-step");
  const section = w.host.locator(".cr-follow-up-wrap");
  await expect(section).toContainText("choose the date");
  // On the Next step the follow-up is folded away under its name.
  await section.getByText("Follow up in your calendar", { exact: true }).click();
  await section.getByRole("button", { name: "Add a follow-up to your calendar (.ics)" }).click();
  await expect(section.locator(".cr-follow-up-status")).toContainText("Choose a date for the follow-up.");
  await expect(section.locator("#cr-follow-up-date")).toBeFocused();
  await section.getByLabel("Date to follow up").fill("2031-03-14");
  await section.getByLabel("Event title").fill("Chase; the panel, again");
  const { name, text } = await ics(page, w);
  expect(name).toBe("follow-up-2031-03-14.ics");
  expectPrivateAllDay(text, "2031-03-14");
  expect(lines(text)).toContain("SUMMARY:Chase\\; the panel\\, again");
  expectNone(record.pageErrors, "uncaught exceptions");
});
