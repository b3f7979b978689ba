// The wizard end to end, for every bundled protocol (read from protocols/, so
// a new protocol file is tested the moment it is added): a complete run to
// the form by mouse, Change links and Back keep every answer, a reload
// restores, Clear clears, the emergency panel comes first whenever immediate
// harm is yes, drafts download and load back, Print marks the page.
// A screenshot of every step goes to target/screenshots/<protocol>/.
// Tested once, elsewhere: the keyboard-only run and 320 px
// (proof-a11y.spec.mjs), bad configuration (proof-config.spec.mjs), a
// hostile host page (proof-hostile-host.spec.mjs).
import { test, expect } from "@playwright/test";
import { mkdirSync, readFileSync } from "node:fs";
import { PROTOCOLS, SCREENSHOTS, guard } from "./support/proof.mjs";

const CONCERN = "The referral was closed without a strategy discussion; <b>not bold</b>";

/** The first widget on the page, and helpers that look inside its shadow root. */
function widget(page) {
  const root = page.locator("[data-case-resolution]").first();
  return {
    root,
    step: () => root.locator(".cr-widget").getAttribute("data-step"),
    expectStep: (id) => expect(root.locator(".cr-widget")).toHaveAttribute("data-step", id),
    continue: () => root.locator(".cr-continue").click(),
    focusedTag: () =>
      page.evaluate(() => {
        const host = document.querySelector("[data-case-resolution]");
        const el = host?.shadowRoot?.activeElement;
        return el ? el.tagName : null;
      }),
    focused: () =>
      page.evaluate(() => {
        const host = document.querySelector("[data-case-resolution]");
        const el = host?.shadowRoot?.activeElement;
        return el ? { tag: el.tagName, id: el.id, cls: el.className } : null;
      }),
  };
}

async function open(page, id) {
  await page.goto(`/?protocol=${encodeURIComponent(id)}`);
  const w = widget(page);
  await expect(w.root.locator("h1")).toBeVisible();
  // Every file in protocols/ must be bundled into the widget.
  const bundled = await page.evaluate(async () => (await window.CaseResolution.protocols()).map((p) => p.id));
  expect(bundled, `protocols/ has ${id}, but the widget does not bundle it (protocols/*.toml, compiled by src/bin/protocol-data.rs)`).toContain(id);
  await expect(w.root).toHaveAttribute("data-protocol", id);
  return w;
}

/** The demo page's default widget (the first bundled protocol), and its id. */
async function openDefault(page) {
  await page.goto("/");
  const w = widget(page);
  await expect(w.root.locator("h1")).toBeVisible();
  return [w, await w.root.getAttribute("data-protocol")];
}

// Fixed numbers, so the files sort in the order a practitioner meets them
// whichever test (and worker) takes them.
const ORDER = [
  "start", "safety-error", "safety", "emergency", "urgency", "disagreement", "context",
  "stages", "next-step", "details", "check", "form", "clear-confirm", "load-draft-error",
];
async function screenshot(w, protocol, name) {
  const dir = `${SCREENSHOTS}${protocol}/`;
  mkdirSync(dir, { recursive: true });
  const n = String(ORDER.indexOf(name) + 1).padStart(2, "0");
  await w.root.screenshot({ path: `${dir}${n}-${name}.png` });
}

/** Answers every question by mouse up to and including the stages step. */
async function answerToStages(w, { harm = "no" } = {}) {
  await w.expectStep("start");
  if (await w.root.locator("#cr-subject").count()) await w.root.locator("#cr-subject").check();
  await w.continue();
  await w.expectStep("safety");
  await w.root.locator(harm === "yes" ? "#cr-immediate-harm" : "#cr-immediate-harm-1").check();
  await w.continue();
  await w.expectStep("urgency");
  await w.root.locator("input[name=cr-urgency]").last().check();
  await w.continue();
  await w.expectStep("disagreement");
  await w.root.locator("#cr-disagreement").check();
  await w.continue();
  if ((await w.step()) === "context") {
    const groups = await w.root.locator("fieldset").count();
    for (let i = 0; i < groups; i++) {
      await w.root.locator("fieldset").nth(i).locator("input[type=radio]").first().check();
    }
    await w.continue();
  }
  await w.expectStep("stages");
}

/** From the start to the form: the stages skipped, only the concern given. */
async function answerToForm(w) {
  await answerToStages(w);
  await w.continue();
  await w.continue();
  await w.root.locator("#cr-concern").fill(CONCERN);
  await w.continue();
  await w.continue();
  await w.expectStep("form");
}

for (const protocol of PROTOCOLS) {
  test.describe(protocol, () => {
    test("complete run to the form, a screenshot of every step, focus on each h1", async ({ page }) => {
      const record = await guard(page);
      const w = await open(page, protocol);
      await screenshot(w, protocol, "start");
      if (await w.root.locator("#cr-subject").count()) await w.root.locator("#cr-subject").check();
      await w.continue();

      await w.expectStep("safety");
      expect(await w.focusedTag()).toBe("H1");
      // The error summary first, as a practitioner who skips the question sees it.
      await w.continue();
      await expect(w.root.locator(".cr-error-summary")).toBeVisible();
      await screenshot(w, protocol, "safety-error");
      await w.root.locator("#cr-immediate-harm-1").check();
      await screenshot(w, protocol, "safety");
      await w.continue();

      await w.expectStep("urgency");
      expect(await w.focusedTag()).toBe("H1");
      await w.root.locator("input[name=cr-urgency]").last().check();
      await screenshot(w, protocol, "urgency");
      await w.continue();

      await w.expectStep("disagreement");
      await w.root.locator("#cr-disagreement").check();
      await screenshot(w, protocol, "disagreement");
      await w.continue();

      if ((await w.step()) === "context") {
        expect(await w.focusedTag()).toBe("H1");
        const groups = await w.root.locator("fieldset").count();
        for (let i = 0; i < groups; i++) {
          await w.root.locator("fieldset").nth(i).locator("input[type=radio]").first().check();
        }
        await screenshot(w, protocol, "context");
        await w.continue();
      }

      await w.expectStep("stages");
      expect(await w.focusedTag()).toBe("H1");
      await w.root.locator(".cr-add-attempt").first().click();
      await expect(w.root.locator("#cr-attempt-0-date")).toBeFocused();
      await w.root.locator("#cr-attempt-0-date").fill("2026-11-02");
      await w.root.locator("#cr-attempt-0-name").fill("A. Manager");
      await w.root.locator("#cr-attempt-0-role").fill("Team manager");
      await w.root.locator("#cr-attempt-0-agency").fill("Children's services");
      await w.root.locator("#cr-attempt-0-notes").fill("Discussed; decision stands.");
      await screenshot(w, protocol, "stages");
      await w.continue();

      await w.expectStep("next-step");
      expect(await w.focusedTag()).toBe("H1");
      await expect(w.root.locator(".cr-next").first()).toBeVisible();
      await expect(w.root.locator(".cr-visually-hidden[aria-live=polite]")).toContainText(/Next step|Every stage|resolved/);
      // The escalation map: a picture whose accessible name is the
      // "Where you are" list word for word; stage 1 is tried, so it says
      // "You are here" there and "Next" on the stage the advice names.
      // Folded under its name after the answer: opened as a reader would.
      const map = w.root.locator(".cr-map");
      await expect(map).toBeHidden();
      await w.root.getByText("Where you are: the escalation map", { exact: true }).click();
      await expect(map).toBeVisible();
      const words = await w.root.locator(".cr-standing li").allTextContents();
      await expect(map).toHaveAccessibleName(`Escalation map. ${words.join(" ")}`);
      await expect(map.locator(".cr-map__stop--here")).toContainText("You are here");
      const next = await w.root.locator(".cr-next h2").first().textContent();
      if (await map.locator(".cr-map__stop--next").count()) {
        await expect(map.locator(".cr-map__stop--next")).toContainText(next.trim());
      }
      await screenshot(w, protocol, "next-step");
      await w.continue();

      await w.expectStep("details");
      await w.root.locator("#cr-your-role").fill("Designated safeguarding lead");
      await w.root.locator("#cr-subject-initials").fill("J.B.");
      await w.root.locator("#cr-subject-age").fill("9");
      await w.root.locator("#cr-concern").fill(CONCERN);
      await w.root.locator("#cr-basis").check();
      await screenshot(w, protocol, "details");
      await w.continue();

      await w.expectStep("check");
      expect(await w.focusedTag()).toBe("H1");
      await expect(w.root.locator(".cr-summary")).toContainText(CONCERN);
      await screenshot(w, protocol, "check");
      await w.continue();

      await w.expectStep("form");
      expect(await w.focusedTag()).toBe("H1");
      const preview = w.root.locator(".cr-form-preview");
      await expect(preview).toContainText(CONCERN);
      await expect(preview).toContainText("J.B.");
      expect(await preview.locator("b").count(), "user text stays text").toBe(0);
      await expect(preview.locator(".cr-map")).toHaveAccessibleName(`Escalation map. ${words.join(" ")}`);
      await screenshot(w, protocol, "form");

      expect((await record.trap()).csp, "CSP violations").toEqual([]);
      expect(record.pageErrors, "uncaught exceptions").toEqual([]);
      expect(record.consoleErrors, "console errors").toEqual([]);
    });

    test("Change links and Back keep every answer; a reload restores; Clear clears", async ({ page }) => {
      const w = await open(page, protocol);
      await answerToStages(w);
      await w.root.locator(".cr-add-attempt").first().click();
      await w.root.locator("#cr-attempt-0-name").fill("Kept Name");
      await w.continue();
      await w.continue();
      await w.root.locator("#cr-concern").fill(CONCERN);
      await w.continue();
      await w.expectStep("check");

      // Change the urgency: back on its step with the answer shown, then
      // Continue returns to Check your answers with everything else kept.
      await w.root.locator("[data-change-step=urgency] .cr-change").click();
      await w.expectStep("urgency");
      await expect(w.root.locator("input[name=cr-urgency]").last()).toBeChecked();
      await w.root.locator("input[name=cr-urgency]").first().check();
      await w.continue();
      await w.expectStep("check");
      await expect(w.root.locator(".cr-summary")).toContainText(CONCERN);
      await expect(w.root.locator(".cr-summary")).toContainText("Kept Name");

      // Back, step by step, to the start: every answer is still there.
      await w.root.locator(".cr-back").click();
      await w.expectStep("details");
      await expect(w.root.locator("#cr-concern")).toHaveValue(CONCERN);
      await w.root.locator(".cr-back").click();
      await w.expectStep("next-step");
      await w.root.locator(".cr-back").click();
      await w.expectStep("stages");
      await expect(w.root.locator("#cr-attempt-0-name")).toHaveValue("Kept Name");
      await w.root.locator(".cr-back").click();
      if ((await w.step()) === "context") await w.root.locator(".cr-back").click();
      await w.expectStep("disagreement");
      await expect(w.root.locator("#cr-disagreement")).toBeChecked();
      await w.root.locator(".cr-back").click();
      await w.expectStep("urgency");
      await expect(w.root.locator("input[name=cr-urgency]").first()).toBeChecked();
      await w.root.locator(".cr-back").click();
      await w.expectStep("safety");
      await expect(w.root.locator("#cr-immediate-harm-1")).toBeChecked();

      // Reload: the answers come back from this tab's session storage.
      await page.reload();
      await expect(w.root.locator("h1")).toBeVisible();
      await w.expectStep("check");
      await expect(w.root.locator(".cr-summary")).toContainText(CONCERN);
      await expect(w.root.locator(".cr-summary")).toContainText("Kept Name");
      const keys = await page.evaluate(() => Object.keys(sessionStorage));
      expect(keys).toEqual([`case-resolution:${protocol}`]);

      // Clear asks first; cancelling keeps everything.
      await w.root.locator(".cr-clear").click();
      await expect(w.root.locator(".cr-confirm")).toBeVisible();
      await w.root.locator(".cr-confirm__no").click();
      await expect(w.root.locator(".cr-summary")).toContainText(CONCERN);
      await w.root.locator(".cr-clear").click();
      await screenshot(w, protocol, "clear-confirm");
      await w.root.locator(".cr-confirm__yes").click();
      await w.expectStep("start");
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      await page.reload();
      await expect(w.root.locator("h1")).toBeVisible();
      await w.expectStep("start");
    });

    test("the emergency panel comes first whenever immediate harm is yes", async ({ page }) => {
      const w = await open(page, protocol);
      if (await w.root.locator("#cr-subject").count()) await w.root.locator("#cr-subject").check();
      await w.continue();
      await w.root.locator("#cr-immediate-harm").check();
      const first = () =>
        page.evaluate(() => {
          const root = document.querySelector("[data-case-resolution]").shadowRoot;
          return root.querySelector(".cr-main")?.firstElementChild?.hasAttribute("data-emergency");
        });
      await expect(w.root.locator("[data-emergency]")).toBeVisible();
      await expect(w.root.locator("[data-emergency]")).toContainText("999");
      expect(await first()).toBe(true);
      await screenshot(w, protocol, "emergency");
      for (const step of ["urgency", "disagreement"]) {
        await w.continue();
        if ((await w.step()) !== step) break;
        expect(await first()).toBe(true);
        await w.root.locator(`input[name=cr-${step}]`).first().check();
      }
      // Through to the next step: the emergency is still first, above the advice.
      while (!["next-step", "form"].includes(await w.step())) {
        if ((await w.step()) === "context") {
          const groups = await w.root.locator("fieldset").count();
          for (let i = 0; i < groups; i++) {
            await w.root.locator("fieldset").nth(i).locator("input[type=radio]").first().check();
          }
        }
        await w.continue();
      }
      await w.expectStep("next-step");
      expect(await first()).toBe(true);
      const panel = await w.root.locator("[data-emergency]").boundingBox();
      const heading = await w.root.locator("h1").boundingBox();
      expect(panel.y).toBeLessThan(heading.y);
    });

    test("a JSON draft downloads and loads back exactly; a bad draft is refused clearly", async ({ page }, info) => {
      const w = await open(page, protocol);
      await answerToForm(w);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        w.root.locator(".cr-json").click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^case-resolution-${protocol}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
      const path = info.outputPath("draft.json");
      await download.saveAs(path);

      const [html] = await Promise.all([page.waitForEvent("download"), w.root.locator(".cr-html").click()]);
      expect(html.suggestedFilename()).toMatch(/\.html$/);

      // Word: the exporter is loaded on demand from the widget's own files.
      const [docx] = await Promise.all([
        page.waitForEvent("download", { timeout: 30_000 }),
        w.root.locator(".cr-docx").click(),
      ]);
      expect(docx.suggestedFilename()).toMatch(/\.docx$/);
      const docxPath = info.outputPath("form.docx");
      await docx.saveAs(docxPath);
      expect(readFileSync(docxPath).subarray(0, 2).toString()).toBe("PK");
      await expect(w.root.locator(".cr-status--done")).toContainText(".docx");

      await w.root.locator(".cr-clear").click();
      await w.root.locator(".cr-confirm__yes").click();
      await w.expectStep("start");

      await w.root.locator("#cr-load-draft").setInputFiles({
        name: "newer.json",
        mimeType: "application/json",
        buffer: Buffer.from(JSON.stringify({ schema: 999, protocol, answers: {} })),
      });
      await expect(w.root.locator("#cr-load-draft-error")).toBeVisible();
      await screenshot(w, protocol, "load-draft-error");

      await w.root.locator("#cr-load-draft").setInputFiles(path);
      await w.expectStep("check");
      await expect(w.root.locator(".cr-summary")).toContainText(CONCERN);
    });
  });
}

// The on-demand modules that make the files: when one cannot be loaded, its
// buttons say so and point to Print; the preview does not need either.
for (const [file, what, buttons] of [
  ["case-resolution-docx.js", "a Word exporter", [".cr-docx"]],
  ["case-resolution-check.js", "a form module (HTML, JSON)", [".cr-html", ".cr-json"]],
]) {
  test(`${what} that cannot be loaded gives a clear message`, async ({ page }) => {
    await page.route(`**/${file}`, (route) => route.fulfill({ status: 404, body: "" }));
    const [w] = await openDefault(page);
    await answerToForm(w);
    for (const button of buttons) {
      await w.root.locator(button).click();
      await expect(w.root.locator(".cr-status--failed")).toContainText("could not be loaded");
      await expect(w.root.locator(".cr-status--failed")).toContainText("Print");
    }
    await expect(w.root.locator(".cr-form-preview")).toContainText(CONCERN);
  });
}

test("Print marks the page so only this widget's form prints, and unmarks after", async ({ page }) => {
  const [w, first] = await openDefault(page);
  await answerToForm(w);
  // Replace the print dialog: record the page state while "printing", and
  // keep a picture of the print view.
  await page.evaluate(() => {
    window.print = () => {
      window.__printed = {
        html: document.documentElement.classList.contains("cr-printing"),
        host: !!document.querySelector("[data-case-resolution][data-cr-printing]"),
        pageSheet: document.querySelector("link[data-cr-page-sheet]")?.media,
      };
    };
  });
  await w.root.locator(".cr-print").click();
  expect(await page.evaluate(() => window.__printed)).toEqual({ html: true, host: true, pageSheet: "print" });
  await page.emulateMedia({ media: "print" });
  // Only the form is visible: the page's own content and the widget's controls are hidden.
  await expect(page.locator(".demo-header")).toBeHidden();
  await expect(w.root.locator(".cr-form-preview")).toBeVisible();
  await expect(w.root.locator(".cr-actions")).toBeHidden();
  await expect(w.root.locator(".cr-nav")).toBeHidden();
  mkdirSync(`${SCREENSHOTS}${first}/`, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${first}/18-print-view.png`, fullPage: true });
  await page.emulateMedia({ media: "screen" });
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  expect(await page.evaluate(() => document.documentElement.classList.contains("cr-printing"))).toBe(false);
  expect(await page.locator("[data-cr-print-ancestor]").count()).toBe(0);
  expect(await page.evaluate(() => document.querySelector("link[data-cr-page-sheet]")?.media)).toBe("not all");
});
