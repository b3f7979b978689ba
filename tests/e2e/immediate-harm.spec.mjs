// The safety rules, every bundled protocol: immediate harm, however it is
// answered, brings 999 first; the two answers disagreeing is said, with a way back to
// each; once resolved, no later form is said to be owed.
import { test, expect } from "@playwright/test";
import { PROTOCOLS, guard, immediateHarmUrgency, statesNoImmediateHarm } from "./support/proof.mjs";

function widget(page) {
  const root = page.locator("[data-case-resolution]").first();
  return {
    root,
    step: () => root.locator(".cr-widget").getAttribute("data-step"),
    expectStep: (id) => expect(root.locator(".cr-widget")).toHaveAttribute("data-step", id),
    continue: () => root.locator(".cr-continue").click(),
  };
}

/** Whether the emergency panel is the first thing in the main column. */
const emergencyFirst = (page) =>
  page.evaluate(() => {
    const root = document.querySelector("[data-case-resolution]").shadowRoot;
    return root.querySelector(".cr-main")?.firstElementChild?.hasAttribute("data-emergency") ?? false;
  });

/** The form's preview: its first section is the emergency one, 999 before
 * anything about the case, and the Safety answer's warning is beside it. */
async function expectPreviewLeadsWith999(preview) {
  await expect(preview.locator("h4").first()).toContainText("Immediate harm reported");
  const text = await preview.textContent();
  expect(text.indexOf("call 999")).toBeGreaterThan(-1);
  expect(text.indexOf("call 999")).toBeLessThan(text.indexOf("About you"));
  expect(text).toContain("Your answers do not agree");
}

async function open(page, id) {
  await page.goto(`/?protocol=${encodeURIComponent(id)}`);
  const w = widget(page);
  await expect(w.root.locator("h1")).toBeVisible();
  await expect(w.root).toHaveAttribute("data-protocol", id);
  return w;
}

/** From the Urgency step's Continue to the Next step: the first type, first context answers, no attempt. */
async function toNextStep(w) {
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

for (const protocol of PROTOCOLS) {
  const harmUrgency = immediateHarmUrgency(protocol);

  test.describe(protocol, () => {
    test("No on Safety with the immediate-harm urgency: 999 first, with the warning, on every step and in the preview", async ({ page }) => {
      // A protocol that states it has no immediate-harm urgency cannot have
      // the two answers disagree: checked that it says so, not skipped.
      if (!harmUrgency) return expect(statesNoImmediateHarm(protocol), `${protocol} has no immediate-harm urgency and does not say so`).toBe(true);
      const record = await guard(page);
      const w = await open(page, protocol);
      if (await w.root.locator("#cr-subject").count()) await w.root.locator("#cr-subject").check();
      await w.continue();
      await w.expectStep("safety");
      await w.root.locator("#cr-immediate-harm-1").check(); // No
      await w.continue();
      await w.expectStep("urgency");
      await expect(w.root.locator("[data-emergency]")).toHaveCount(0);
      await w.root.locator(`input[name=cr-urgency][value="${harmUrgency}"]`).check();
      // At once, on the Urgency step: the emergency panel first, 999 in it,
      // and the warning with a way back to the Safety answer.
      await expect(w.root.locator("[data-emergency]")).toContainText("999");
      expect(await emergencyFirst(page)).toBe(true);
      const warning = w.root.locator("[data-harm-conflict]");
      await expect(warning).toBeVisible();
      await expect(warning.locator("button[data-step=safety]")).toBeVisible();
      // The live region says so too.
      await expect(w.root.locator("[aria-live=polite]")).toContainText("Your answers do not agree");

      await toNextStep(w);
      await w.continue();
      await w.expectStep("next-step");
      expect(await emergencyFirst(page)).toBe(true);
      await expect(w.root.locator("[data-emergency] .cr-emergency__999")).toContainText("call 999");
      await expect(warning).toBeVisible();
      await expect(warning.locator("button[data-step=safety]")).toBeVisible();
      await expect(warning.locator("button[data-step=urgency]")).toBeVisible();

      // Through to the form: the preview leads with the emergency section
      // and keeps the Safety answer as given, with the warning beside it.
      await w.continue();
      await w.expectStep("details");
      await w.root.locator("#cr-concern").fill("Closed without a strategy discussion.");
      await w.continue();
      await w.expectStep("check");
      await w.continue();
      await w.expectStep("form");
      const preview = w.root.locator(".cr-form-preview");
      await expectPreviewLeadsWith999(preview);

      // The way back: Change on the Next step goes to the Safety question.
      await w.root.locator(".cr-back").click();
      await w.expectStep("check");
      for (let i = 0; i < 2; i++) await w.root.locator(".cr-back").click();
      await w.expectStep("next-step");
      await warning.locator("button[data-step=safety]").click();
      await w.expectStep("safety");
      await w.root.locator("#cr-immediate-harm").check(); // Yes: the answers agree now
      await w.continue();
      await w.expectStep("urgency");
      await expect(w.root.locator("[data-harm-conflict]")).toHaveCount(0);
      expect(await emergencyFirst(page)).toBe(true);
      expect(record.pageErrors).toEqual([]);
    });

    test("a loaded draft holding the contradiction shows 999 first and the warning", async ({ page }) => {
      // A protocol that states it has no immediate-harm urgency cannot have
      // the two answers disagree: checked that it says so, not skipped.
      if (!harmUrgency) return expect(statesNoImmediateHarm(protocol), `${protocol} has no immediate-harm urgency and does not say so`).toBe(true);
      const w = await open(page, protocol);
      const draft = {
        schema: 1,
        protocol,
        answers: { immediate_harm: false, urgency: harmUrgency },
      };
      await w.root.locator("#cr-load-draft").setInputFiles({
        name: "draft.json",
        mimeType: "application/json",
        buffer: Buffer.from(JSON.stringify(draft)),
      });
      // A loaded draft opens on Check your answers; the form's preview
      // leads with 999.
      await w.expectStep("check");
      await expect(w.root.locator("[data-emergency]")).toContainText("999");
      expect(await emergencyFirst(page)).toBe(true);
      await w.continue();
      await w.expectStep("form");
      await expectPreviewLeadsWith999(w.root.locator(".cr-form-preview"));
      // Back to the Next step: 999 first, and the warning.
      while ((await w.step()) !== "next-step") await w.root.locator(".cr-back").click();
      expect(await emergencyFirst(page)).toBe(true);
      await expect(w.root.locator("[data-harm-conflict]")).toBeVisible();
      await expect(w.root.locator("[data-harm-conflict] button[data-step=urgency]")).toBeVisible();
    });

    test("resolved at Stage 1: the route ends there, and no later form is owed", async ({ page }) => {
      const w = await open(page, protocol);
      if (await w.root.locator("#cr-subject").count()) await w.root.locator("#cr-subject").check();
      await w.continue();
      await w.root.locator("#cr-immediate-harm-1").check();
      await w.continue();
      await w.expectStep("urgency");
      await w.root.locator("input[name=cr-urgency]").last().check();
      await toNextStep(w);
      await w.root.locator(".cr-add-attempt").first().click();
      await w.root.locator("input[name=cr-attempt-0-outcome][value=resolved]").check();
      await w.continue();
      await w.expectStep("next-step");
      const advice = w.root.locator(".cr-step");
      await expect(advice.locator(".cr-resolved h2")).toContainText("Resolved at Stage 1");
      await expect(advice.locator(".cr-next")).toHaveCount(1);
      await expect(advice).not.toContainText("is sent later");
      await expect(advice).not.toContainText("is submitted");
      await expect(advice).not.toContainText("Every stage has been tried");
      await expect(advice.locator(".cr-map")).toContainText("Resolved at Stage 1");
      await expect(w.root.locator("[data-emergency]")).toHaveCount(0);
    });
  });
}
