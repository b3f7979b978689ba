// Outcomes a protocol gives some stages, in the browser: Darlington's
// Stage 1 "agree a plan" (a review date, the route open until then) and
// Stage 2 "if justified" (not taken forward: the route ends there). The
// fields an outcome records show only while it is chosen, the Next step
// and the form say what it means, and axe finds nothing on the way.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { AXE_TAGS, answer, expectNone, guard, openDemo, skipUnlessOffered } from "./support/proof.mjs";

/** The attempt's outcome radio with this value. */
const outcome = (w, i, value) => w.host.locator(`input[name=cr-attempt-${i}-outcome][value=${value}]`);

async function axeClean(page) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
}

test("a plan agreed at Stage 1: its review date, the route open, the form says so", async ({ page }) => {
  await skipUnlessOffered(page, "darlington");
  const record = await guard(page);
  const { w } = await openDemo(page, "darlington", record);
  await answer(w, { harm: "no", urgency: 2, attempt: null }, "stages");
  await w.host.locator(".cr-add-attempt").first().click();
  await w.host.locator("#cr-attempt-0-date").fill("2026-11-16");
  const review = w.host.locator("#cr-attempt-0-review");
  // Offered at Stage 1 only, with the procedure's words; its field hidden
  // until it is chosen.
  await expect(outcome(w, 0, "plan_agreed")).toHaveCount(1);
  await expect(outcome(w, 0, "not_taken_forward")).toHaveCount(0);
  await expect(w.host.locator(".cr-stage").first()).toContainText("agree a plan");
  await expect(review).toBeHidden();
  await outcome(w, 0, "plan_agreed").check();
  await expect(review).toBeVisible();
  await review.fill("2099-01-12");
  await axeClean(page);
  await answer(w, { harm: "no", urgency: 2, attempt: null }, "next-step");
  const main = w.host.locator(".cr-main");
  await expect(main).toContainText("Plan agreed at Stage 1");
  await expect(main).toContainText("review by Monday 12 January 2099");
  await expect(main).toContainText("stays open until the review date");
  // The next stage is what to do if the plan is not carried out.
  await expect(w.host.locator("[data-summary=name]").first()).toContainText("Stage 2");
  await expect(main).toContainText("If the plan is not carried out, this is the next step.");
  await axeClean(page);
  await answer(w, { harm: "no", urgency: 2, attempt: null }, "form");
  const preview = w.host.locator(".cr-form-preview");
  await expect(preview).toContainText("Plan agreed, with a date to review it. Review by: Monday 12 January 2099");
  await expect(preview).toContainText("Plan agreed at Stage 1");
  expectNone(record.pageErrors, "uncaught exceptions");
});

test("not taken forward at Stage 2: who decides, and the route ends there", async ({ page }) => {
  await skipUnlessOffered(page, "darlington");
  const record = await guard(page);
  const { w } = await openDemo(page, "darlington", record);
  await answer(w, { harm: "no", urgency: 2, attempt: null }, "stages");
  const add = w.host.locator(".cr-add-attempt");
  await add.nth(0).click();
  await outcome(w, 0, "not_resolved").check();
  await add.nth(1).click();
  await w.host.locator("#cr-attempt-1-date").fill("2026-11-18");
  await outcome(w, 1, "not_taken_forward").check();
  const decided = w.host.locator("#cr-attempt-1-decided-by");
  await expect(decided).toBeVisible();
  await expect(w.host.locator(".cr-stage").nth(1)).toContainText("The protocol says who decides: your manager");
  await decided.fill("My team manager");
  await answer(w, { harm: "no", urgency: 2, attempt: null }, "next-step");
  const main = w.host.locator(".cr-main");
  await expect(main).toContainText("Not taken forward at Stage 2");
  await expect(main).toContainText("The escalation on this route ends here.");
  await expect(main).not.toContainText("Stage 3 of 3");
  await axeClean(page);
  await answer(w, { harm: "no", urgency: 2, attempt: null }, "form");
  await expect(w.host.locator(".cr-form-preview")).toContainText("Not taken forward. Decided by: My team manager");
  expectNone(record.pageErrors, "uncaught exceptions");
});
