// Proof 4: accessible on every step, as an accessibility auditor would test it.
//
// For every protocol the demo page offers:
// - axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA tags) on every state of the
//   wizard: each step, each error state (Continue with nothing answered), the
//   emergency panel (immediate harm yes, shown on every later step), the
//   next step with every citation and tip opened, the form preview, the copy
//   status, a refused draft, and the "Clear all answers" confirmation: zero
//   violations, printed readably when there are any;
// - focus is on the new step's h1 after every step change (Continue and Back);
// - the same walk at 320 px wide: no horizontal scrolling in any state;
// - a complete run by keyboard alone (Tab, Shift+Tab, Space, Enter, arrow
//   keys, and typing into text fields), ending with a download made by Enter.
// The picker (no protocol fixed) start step and its error are audited once.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { recordFigures } from "./support/figures.mjs";
import { AXE_TAGS, PROTOCOLS, expectNone, openDemo, skipUnlessOffered, widget } from "./support/proof.mjs";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

/** Runs axe on the page (widget included, through its open shadow root). */
async function axe(page, label) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations.map((v) => ({
    state: label,
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary?.replace(/\s+/g, " ")}`),
  }));
}

function describe(violations) {
  return violations
    .map((v) => `[${v.state}] ${v.rule} (${v.impact}): ${v.help}\n    ${v.nodes.join("\n    ")}`)
    .join("\n");
}

async function expectFocusOnH1(w, where) {
  await expect
    .poll(async () => (await w.focused())?.tag, { message: `focus on the h1 after ${where}` })
    .toBe("H1");
}

/** Continue, expecting the step to change and focus to land on its h1. */
async function next(w, counts) {
  const before = await w.step();
  await w.continue();
  await expect.poll(() => w.step(), { message: `Continue on ${before}` }).not.toBe(before);
  await expectFocusOnH1(w, `Continue on ${before}`);
  counts.focusChecks += 1;
}

/** Continue with nothing answered: the error summary, focused. */
async function errorState(w) {
  await w.continue();
  await expect(w.host.locator(".cr-error-summary")).toBeVisible();
  await expect
    .poll(async () => (await w.focused())?.id || (await w.host.evaluate((h) => h.shadowRoot.activeElement?.className)))
    .toMatch(/cr-error-summary/);
}

/**
 * Walks every state of the wizard with immediate harm `harm`, calling
 * `check(label)` in each. Returns the number of states.
 */
async function walk(page, w, harm, check, counts) {
  let states = 0;
  const at = async (label) => {
    states += 1;
    await check(label);
  };
  await w.expectStep("start");
  await at("start");
  if (await w.radios("cr-subject").count()) {
    await errorState(w);
    await at("start: error");
    await w.radios("cr-subject").first().check();
  }
  await next(w, counts);

  await w.expectStep("safety");
  await at("safety");
  await errorState(w);
  await at("safety: error");
  await w.radios("cr-immediate-harm").nth(harm === "yes" ? 0 : 1).check();
  if (harm === "yes") {
    await expect(w.host.locator("[data-emergency]")).toBeVisible();
    await at("safety: emergency panel");
  }
  await next(w, counts);

  for (const step of ["urgency", "disagreement"]) {
    await w.expectStep(step);
    await at(step);
    await errorState(w);
    await at(`${step}: error`);
    await w.radios(`cr-${step}`).last().check();
    await at(`${step}: answered`);
    await next(w, counts);
  }

  if ((await w.step()) === "context") {
    await at("context");
    await errorState(w);
    await at("context: error");
    for (const name of await w.radioGroups()) await w.radios(name).first().check();
    await next(w, counts);
  }

  await w.expectStep("stages");
  await at("stages");
  await w.host.locator(".cr-add-attempt").first().click();
  await w.host.locator("#cr-attempt-0-name").fill("A. Manager");
  const boxes = w.host.locator(".cr-main input[type=checkbox]");
  for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
  await at("stages: an attempt");
  await next(w, counts);

  await w.expectStep("next-step");
  await at("next-step");
  const summaries = w.host.locator(".cr-main details > summary");
  for (let i = 0; i < (await summaries.count()); i++) await summaries.nth(i).click();
  await at("next-step: citations and tips open");
  await w.back();
  await w.expectStep("stages");
  await expectFocusOnH1(w, "Back");
  counts.focusChecks += 1;
  await next(w, counts);
  await next(w, counts);

  await w.expectStep("details");
  await at("details");
  await errorState(w);
  await at("details: error");
  await w.host.locator("#cr-concern").fill("The referral was closed without a strategy discussion.");
  await w.radios("cr-basis").first().check();
  await next(w, counts);

  await w.expectStep("check");
  await at("check");
  await next(w, counts);

  await w.expectStep("form");
  await at("form (preview)");
  await w.host.getByRole("button", { name: "Copy as text" }).click();
  await expect(w.host.locator(".cr-status-region")).toContainText("Copied");
  await at("form: copied");
  await w.host.locator("#cr-load-draft").setInputFiles({
    name: "not-a-draft.json",
    mimeType: "application/json",
    buffer: Buffer.from("{ not json"),
  });
  await expect(w.host.locator("#cr-load-draft-error")).toBeVisible();
  await at("form: a refused draft");

  await w.host.getByRole("button", { name: "Clear all answers" }).click();
  await expect(w.host.locator(".cr-confirm")).toBeVisible();
  await at("clear: confirmation");
  await w.host.getByRole("button", { name: "Yes, clear all answers" }).click();
  await w.expectStep("start");
  await expectFocusOnH1(w, "Clear all answers");
  counts.focusChecks += 1;
  return states;
}

for (const protocol of PROTOCOLS) {
  test(`${protocol}: axe on every state, focus on each h1, nothing scrolls sideways at 320 px`, async ({ page }, info) => {
    test.setTimeout(300_000);
    await skipUnlessOffered(page, protocol);
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.setViewportSize({ width: 1280, height: 900 });
    const { w } = await openDemo(page, protocol);
    const counts = { focusChecks: 0 };

    const violations = [];
    const axeStates = await walk(page, w, "yes", async (label) => violations.push(...(await axe(page, label))), counts);

    await page.setViewportSize({ width: 320, height: 640 });
    const overflow = [];
    const narrowStates = await walk(page, w, "no", async (label) => {
      const o = await page.evaluate(() => {
        const s = document.scrollingElement;
        return { scrollWidth: s.scrollWidth, clientWidth: s.clientWidth };
      });
      if (o.scrollWidth > o.clientWidth) overflow.push(`${label}: scrollWidth ${o.scrollWidth} > ${o.clientWidth}`);
    }, counts);

    recordFigures("4 accessibility", info.title, {
      "protocols audited": 1,
      "states checked by axe": axeStates,
      "axe violations": violations.length,
      "focus-on-h1 checks": counts.focusChecks,
      "states checked at 320 px": narrowStates,
      "states scrolling sideways at 320 px": overflow.length,
    });
    expect(violations, `axe violations:\n${describe(violations)}`).toEqual([]);
    expectNone(overflow, "horizontal scrolling at 320 px");
    expectNone(errors, "uncaught exceptions");
  });

  test(`${protocol}: a complete run by keyboard alone`, async ({ page }, info) => {
    test.setTimeout(180_000);
    await skipUnlessOffered(page, protocol);
    const { w } = await openDemo(page, protocol);
    let keys = 0;
    const press = async (key) => {
      keys += 1;
      await page.keyboard.press(key);
    };
    const focusedMatches = (selector) =>
      w.host.evaluate((h, sel) => !!h.shadowRoot.activeElement?.matches(sel), selector);
    // Tab (or Shift+Tab) until the element focused in the widget matches.
    const tabTo = async (selector, key = "Tab") => {
      for (let i = 0; i < 150; i++) {
        await press(key);
        if (await focusedMatches(selector)) return;
      }
      throw new Error(`could not reach ${selector} with ${key}`);
    };
    let steps = 0;
    const next = async () => {
      const before = await w.step();
      await tabTo(".cr-continue");
      await press("Enter");
      await expect.poll(() => w.step(), { message: `Enter on Continue at ${before}` }).not.toBe(before);
      await expectFocusOnH1(w, `Enter on Continue at ${before}`);
      steps += 1;
    };
    // Pick option `index` of a radio group: Tab into it, Space, arrows.
    const chooseRadio = async (name, index = 0) => {
      await tabTo(`input[name="${name}"]`);
      await press("Space");
      // Tab lands on the checked radio if there is one: move from there.
      const at = await w.host.evaluate((h) => {
        const a = h.shadowRoot.activeElement;
        return [...h.shadowRoot.querySelectorAll(`input[name="${a.name}"]`)].indexOf(a);
      });
      for (let i = at; i < index; i++) await press("ArrowDown");
      for (let i = at; i > index; i--) await press("ArrowUp");
      await expect(w.radios(name).nth(index)).toBeChecked();
    };

    if (await w.radios("cr-subject").count()) await chooseRadio("cr-subject");
    await next();
    await w.expectStep("safety");
    await chooseRadio("cr-immediate-harm", 1);
    await next();
    await w.expectStep("urgency");
    await chooseRadio("cr-urgency", (await w.radios("cr-urgency").count()) - 1);
    await next();
    await w.expectStep("disagreement");
    await chooseRadio("cr-disagreement", 1);
    await next();
    if ((await w.step()) === "context") {
      for (const name of await w.radioGroups()) await chooseRadio(name, 0);
      await next();
    }
    await w.expectStep("stages");
    await tabTo(".cr-add-attempt");
    await press("Enter");
    await expect(w.host.locator("#cr-attempt-0-date")).toBeFocused();
    await tabTo("#cr-attempt-0-name");
    await page.keyboard.type("Keyboard Person");
    await chooseRadio("cr-attempt-0-outcome", 1);
    // Back to the name by Shift+Tab: it kept what was typed.
    await tabTo("#cr-attempt-0-name", "Shift+Tab");
    await expect(w.host.locator("#cr-attempt-0-name")).toHaveValue("Keyboard Person");
    await next();
    await w.expectStep("next-step");
    await tabTo("details > summary");
    await press("Enter");
    await expect(w.host.locator("details[open]").first()).toBeVisible();
    await next();
    await w.expectStep("details");
    await tabTo("#cr-concern");
    await page.keyboard.type("Typed by keyboard alone.");
    await chooseRadio("cr-basis", 1);
    await next();
    await w.expectStep("check");
    await expect(w.host.locator(".cr-summary")).toContainText("Keyboard Person");
    await next();
    await w.expectStep("form");
    await expect(w.host.locator(".cr-form-preview")).toContainText("Typed by keyboard alone.");
    await tabTo(".cr-html");
    const [d] = await Promise.all([page.waitForEvent("download"), press("Enter")]);
    expect(d.suggestedFilename()).toMatch(/\.html$/);
    // Clear by keyboard: the confirmation, then Enter on "Yes".
    await tabTo(".cr-clear", "Shift+Tab");
    await press("Enter");
    await expect(w.host.locator(".cr-confirm")).toBeVisible();
    await tabTo(".cr-confirm__yes");
    await press("Enter");
    await w.expectStep("start");
    recordFigures("4 accessibility", info.title, { "keyboard-only complete runs": 1, "keys pressed (keyboard runs)": keys, "keyboard step changes, focus on h1": steps });
  });
}

test("the picker (no protocol fixed): start step and its error pass axe", async ({ page }, info) => {
  await page.goto("/?protocol=");
  const w = widget(page);
  await w.ready();
  const violations = await axe(page, "picker: start");
  await w.continue();
  await expect(w.host.locator(".cr-error-summary")).toBeVisible();
  violations.push(...(await axe(page, "picker: start error")));
  recordFigures("4 accessibility", info.title, { "states checked by axe": 2, "axe violations": violations.length });
  expect(violations, `axe violations:\n${describe(violations)}`).toEqual([]);

  // Control: axe does look inside the widget's shadow root (a planted
  // unlabelled field there is reported).
  await w.host.evaluate((h) => {
    const input = document.createElement("input");
    input.id = "proof-planted";
    h.shadowRoot.querySelector(".cr-main").append(input);
  });
  const planted = await axe(page, "control");
  expect(planted.map((v) => v.rule)).toContain("label");
});
