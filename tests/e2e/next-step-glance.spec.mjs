// The next step at a glance. For every bundled protocol, six
// states of one route (tests/e2e/fixtures/next-step-states.json, written
// from the engine by tools/tests/next_step_states.rs), at a phone's size and
// a laptop's: the answer comes first under the step heading, every field of
// it is visible and says what the engine says, the next step's name, contact
// and timescale end within one viewport height of the heading's top (the
// widget sits in someone else's page, so the heading is the origin), and the
// words shown before anything is opened stay few. The form step's download
// and print buttons are measured the same way.
import { test, expect } from "@playwright/test";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { widget, answer, TARGET } from "./support/proof.mjs";

const STATES = JSON.parse(readFileSync(new URL("./fixtures/next-step-states.json", import.meta.url), "utf8"));
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
// The limit on the words shown before anything is opened (step
// body; the emergency panel and warnings excluded).
const WORD_LIMIT = 300;

/** Measures the step in the page: words shown, and each field's end below the heading's top. */
function measure(host) {
  return host.evaluate((el) => {
    const root = el.shadowRoot;
    const step = root.querySelector(".cr-step");
    const h1 = root.querySelector("h1");
    const top = h1.getBoundingClientRect().top;
    const hidden = (e) =>
      !e.checkVisibility({ visibilityProperty: true, opacityProperty: true }) ||
      e.closest(".cr-visually-hidden, .cr-warning, [data-emergency]") !== null ||
      (e.closest("details:not([open])") !== null && e.closest("summary") === null);
    let words = 0;
    const walker = document.createTreeWalker(step, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (hidden(n.parentElement)) continue;
      words += n.data.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    }
    const field = (name) => {
      const f = root.querySelector(`[data-summary="${name}"]`);
      if (!f) return null;
      // The contact's own element is its role; its dd holds the numbers too.
      const box = (name === "contact" ? f.closest("dd") : f).getBoundingClientRect();
      return { end: box.bottom - top, visible: !hidden(f), text: f.textContent.replace(/\s+/g, " ").trim() };
    };
    const answerBox = root.querySelector(".cr-answer");
    const items = (name) => [...(root.querySelector(`[data-summary="${name}"]`)?.querySelectorAll("li") ?? [])].map((li) => li.textContent.trim());
    const contactDd = root.querySelector('[data-summary="contact"]')?.closest("dd");
    return {
      words,
      viewport: window.innerHeight,
      answerEnd: answerBox ? answerBox.getBoundingClientRect().bottom - top : null,
      name: field("name"),
      who: field("who"),
      contact: field("contact"),
      timescale: field("timescale"),
      take: field("take"),
      takeItems: items("take"),
      contactNames: [...(contactDd?.querySelectorAll(".cr-contact__name") ?? [])].map((e) => e.textContent.trim()),
      dueDates: root.querySelectorAll('[data-summary="timescale"] .cr-due').length,
      answerText: answerBox?.textContent.replace(/\s+/g, " ") ?? "",
    };
  });
}

/** Opens the demo with `draft` saved for `protocol` and goes to the Next step. */
async function openState(page, protocol, draft) {
  await page.evaluate(([k, v]) => sessionStorage.setItem(k, v), [`case-resolution:${protocol}`, draft]);
  await page.reload();
  const w = widget(page);
  await w.ready();
  await expect.poll(() => w.step()).not.toBe("start");
  if ((await w.step()) === "stages") await w.continue();
  await w.expectStep("next-step");
  return w;
}

const figures = [];

for (const p of STATES) {
  test(`${p.protocol}: the answer leads the Next step in every state, at both sizes`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(SIZES[0]);
    await page.goto(`/?protocol=${encodeURIComponent(p.protocol)}`);
    await widget(page).ready();
    for (const s of p.states) {
      const w = await openState(page, p.protocol, s.draft);
      const where = `${p.protocol}, ${s.state} (route: ${p.route})`;
      const e = s.expect;
      let words = null;
      for (const size of SIZES) {
        await page.setViewportSize(size);
        const m = await measure(w.host);
        const at = `${where} at ${size.width}×${size.height}`;
        words ??= m.words;
        figures.push({ protocol: p.protocol, state: s.state, size: `${size.width}x${size.height}`, words: m.words, answerEnd: Math.round(m.answerEnd ?? -1), viewport: m.viewport });
        expect(m.name, `${at}: the answer's heading`).not.toBeNull();
        expect(m.name.visible, `${at}: the answer's heading is visible`).toBe(true);
        if (e.name !== undefined) {
          expect(m.name.text, `${at}: the next step's name`).toBe(e.name);
          expect(m.who?.text, `${at}: who acts`).toBe(e.who);
          expect(m.contact?.text, `${at}: who to contact`).toBe(e.contact);
          expect(m.contactNames, `${at}: the contacts`).toEqual(e.contacts);
          for (const f of ["who", "contact", "timescale"]) expect(m[f].visible, `${at}: ${f} is visible`).toBe(true);
          for (const t of e.timescales) expect(m.timescale.text, `${at}: the timescale`).toContain(t);
          if (e.noTimescale) expect(m.timescale.text, `${at}: no timescale`).toContain(e.noTimescale);
          expect(m.dueDates, `${at}: a due date for each dated timescale`).toBe(e.dated);
          expect(m.takeItems, `${at}: what to take`).toEqual(e.take);
          if (e.take.length) expect(m.take.visible, `${at}: what to take is visible`).toBe(true);
          for (const f of ["name", "contact", "timescale"]) {
            expect(m[f].end, `${at}: the ${f} ends within one viewport height of the heading's top`).toBeLessThanOrEqual(m.viewport);
          }
        } else {
          if (e.resolvedAt) expect(m.name.text).toBe(`Resolved at ${e.resolvedAt}`);
          if (e.exhausted) expect(m.answerText, `${at}: the protocol's last word`).toContain(e.exhausted.replace(/\s+/g, " ").slice(0, 60));
          expect(m.answerEnd, `${at}: the answer ends within one viewport height of the heading's top`).toBeLessThanOrEqual(m.viewport);
        }
      }
      expect(words, `${where}: words shown before anything is opened`).toBeLessThanOrEqual(WORD_LIMIT);
      // Said once: the protocol's last word is not repeated by the map.
      if (e.exhausted) {
        const times = await w.host.evaluate((el, text) => el.shadowRoot.querySelector(".cr-step").textContent.replace(/\s+/g, " ").split(text).length - 1, e.exhausted.replace(/\s+/g, " ").slice(0, 60));
        expect(times, `${where}: the last word is said once`).toBe(1);
      }
    }
    // The form step: Print and Download Word within one viewport height.
    const w = await openState(page, p.protocol, p.states[0].draft);
    await answer(w, {}, "form");
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const ends = await w.host.evaluate((el) => {
        const root = el.shadowRoot;
        const top = root.querySelector("h1").getBoundingClientRect().top;
        return ["cr-print", "cr-docx"].map((c) => root.querySelector(`.${c}`).getBoundingClientRect().bottom - top);
      });
      for (const end of ends) expect(end, `${p.protocol} form step at ${size.width}: the print and Word buttons`).toBeLessThanOrEqual(size.height);
    }
  });
}

test("the disclosures stay as left over Back and Continue and a redraw, and print open", async ({ page }) => {
  const p = STATES.find((x) => x.protocol === "devon-dcfp");
  await page.goto(`/?protocol=${p.protocol}`);
  await widget(page).ready();
  const w = await openState(page, p.protocol, p.states[1].draft);
  const open = (id) => w.host.locator(`details[data-disclose="${id}"]`).evaluate((d) => d.open);
  // Opened by keyboard, as a screen reader user would.
  await w.host.locator('details[data-disclose="map"] > summary').focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => open("map")).toBe(true);
  expect(await open("tips")).toBe(false);
  await w.back();
  await w.expectStep("stages");
  await w.continue();
  await w.expectStep("next-step");
  expect(await open("map"), "open again after Back and Continue").toBe(true);
  // Ticking a special case redraws the advice: the map stays open.
  await w.host.locator('details[data-disclose="special"] > summary').click();
  await w.host.locator(".cr-main input[type=checkbox]").first().check();
  await expect(w.host.locator(".cr-special")).toBeVisible();
  expect(await open("map"), "open after a redraw").toBe(true);
  await w.host.locator('details[data-disclose="map"] > summary').click();
  await expect.poll(() => open("map")).toBe(false);
  // Printing shows what is folded away (there is no opening a printed page).
  const tips = w.host.locator('details[data-disclose="tips"] .cr-tips');
  expect(await tips.evaluate((e) => e.checkVisibility())).toBe(false);
  await page.emulateMedia({ media: "print" });
  expect(await tips.evaluate((e) => e.checkVisibility()), "a closed disclosure prints open").toBe(true);
  await page.emulateMedia({ media: "screen" });
});

test.afterAll(() => {
  if (figures.length === 0) return;
  const dir = join(TARGET, "glance");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `figures-${process.env.TEST_WORKER_INDEX ?? "x"}-${Date.now()}.json`), JSON.stringify(figures, null, 1));
  for (const f of figures) console.log(`glance ${f.protocol} | ${f.state} | ${f.size} | words ${f.words} | answer ends ${f.answerEnd} px of ${f.viewport}`);
});

test("a disagreement the protocol sends elsewhere: the answer says where, and nothing follows", async ({ page }) => {
  await page.goto("/?protocol=devon-dcfp");
  const w = widget(page);
  await w.ready();
  // DCFP 1.1: with one's own manager or employer.
  await answer(w, { harm: "no", disagreement: 2 }, "next-step");
  await expect(w.host.locator('[data-summary="name"]')).toHaveText("This protocol does not cover this");
  await expect(w.host.locator(".cr-elsewhere")).toContainText("whistleblowing policy");
  await expect(w.host.locator(".cr-continue")).toHaveCount(0);
  await expect(w.host.locator(".cr-map")).toHaveCount(0);
  const steps = await w.host.locator(".cr-steps li").allTextContents();
  expect(steps.join(" | ")).not.toMatch(/Stages tried|The form/);
  await expect(w.host.locator(".cr-visually-hidden[aria-live=polite]")).toContainText("does not cover");
});
