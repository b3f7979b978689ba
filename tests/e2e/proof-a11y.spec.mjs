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
import { AXE_TAGS, PROTOCOLS, expectNone, immediateHarmUrgency, openDemo, skipUnlessOffered, widget } from "./support/proof.mjs";
import { keyboardRun } from "../support/keyboard-run.mjs";

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
 * `check(label)` in each; `urgency` is the urgency to choose (else the
 * last). Returns the number of states.
 */
async function walk(page, w, harm, check, counts, urgency = null) {
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
    if (step === "urgency" && urgency) {
      await w.host.locator(`input[name=cr-urgency][value="${urgency}"]`).check();
      await expect(w.host.locator("[data-harm-conflict]")).toBeVisible();
    } else if (step === "disagreement") {
      // The last type with stages (one the protocol sends elsewhere ends
      // at the Next step, and this walk goes on to the form).
      const radios = w.radios("cr-disagreement");
      for (let k = (await radios.count()) - 1; k >= 0; k--) {
        await radios.nth(k).check();
        // The list of steps is redrawn after the answer changes.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
        if (((await w.host.locator(".cr-steps").textContent()) ?? "").includes("Stages tried")) break;
      }
    } else {
      await w.radios(`cr-${step}`).last().check();
    }
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
    // At 320 px: No on Safety with the immediate-harm urgency, so the
    // warning that the answers disagree is on the Urgency and Next steps
    // (and axe checks those states too).
    const harmUrgency = immediateHarmUrgency(protocol);
    const conflictStates = new Set(["urgency: answered", "next-step", "form (preview)"]);
    const narrowStates = await walk(page, w, "no", async (label) => {
      const o = await page.evaluate(() => {
        const s = document.scrollingElement;
        return { scrollWidth: s.scrollWidth, clientWidth: s.clientWidth };
      });
      if (o.scrollWidth > o.clientWidth) overflow.push(`${label}: scrollWidth ${o.scrollWidth} > ${o.clientWidth}`);
      if (harmUrgency && conflictStates.has(label)) violations.push(...(await axe(page, `320 px, answers disagree: ${label}`)));
    }, counts, harmUrgency);

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
    const { keys, steps } = await keyboardRun({
      press: (key) => page.keyboard.press(key),
      type: (text) => page.keyboard.type(text),
      focusedMatches: (sel) => w.host.evaluate((h, s) => !!h.shadowRoot.activeElement?.matches(s), sel),
      focusedIndexInGroup: () =>
        w.host.evaluate((h) => {
          const a = h.shadowRoot.activeElement;
          return [...h.shadowRoot.querySelectorAll(`input[name="${a.name}"]`)].indexOf(a);
        }),
      checkedIndex: (name) => w.radios(name).evaluateAll((radios) => radios.findIndex((r) => r.checked)),
      count: (sel) => w.host.locator(sel).count(),
      exists: async (sel) => (await w.host.locator(sel).count()) > 0,
      text: (sel) => w.host.locator(sel).first().textContent(),
      value: (sel) => w.host.locator(sel).inputValue(),
      radioGroups: () => w.radioGroups(),
      step: () => w.step(),
      expectStep: (id) => w.expectStep(id),
      expectFocusOnH1: (where) => expectFocusOnH1(w, where),
      waitFor: (ok, message) => expect.poll(ok, { message }).toBe(true),
      downloadByEnter: async () => {
        const [d] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
        return d.suggestedFilename();
      },
      check: (ok, message) => expect(ok, message).toBe(true),
      harmUrgencyIndex: () =>
        w.radios("cr-urgency").evaluateAll((rs, id) => rs.findIndex((r) => r.value === id), immediateHarmUrgency(protocol)),
    });
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
