// Proof 5: no failure under random use.
//
// A seeded random walk of ACTIONS (default 1 000) actions per protocol the
// demo page offers: click any enabled control in the widget (buttons,
// radios, checkboxes, Back, Change links, Clear and its confirmation, the
// outputs, error summary links, citations), type into text fields, set
// dates, load a draft (valid or junk), reload the page. Asserted: no console
// error, no uncaught exception or wasm panic, no CSP violation, no request
// beyond dist/, and the widget never goes blank (an h1 is always shown).
// The seed is printed; replay a failure with PROOF_SEED=<seed>.
import { test, expect } from "@playwright/test";
import { recordFigures, runSeed } from "./support/figures.mjs";
import {
  PROTOCOLS, expectNone, foreign, guard, openDemo, rng, skipUnlessOffered, unexpectedCalls,
} from "./support/proof.mjs";

const SEED = runSeed();
const ACTIONS = Number(process.env.PROOF_WALK_ACTIONS ?? 1000);

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const WORDS = ["Concern", "a", "Ref 12", "J.B.", "<b>x</b>", "=1+1", "é", "😀", "\u202e", "", " ", "'\"", "2026", "Line\nbreak"];

function text(r) {
  const n = 1 + r.int(4);
  return Array.from({ length: n }, () => r.pick(WORDS)).join(" ");
}

// In the page: the enabled, visible controls of the widget, and the chosen
// one (index `pick` of them, as a fraction) scrolled into view.
function choose([pick]) {
  const host = document.querySelector("[data-case-resolution]");
  const root = host?.shadowRoot;
  if (!root) return null;
  const selector = [
    "button:not([disabled])",
    "input[type=radio]:not([disabled])",
    "input[type=checkbox]:not([disabled])",
    "input[type=text]",
    "input[type=date]",
    "textarea",
    "summary",
    "a[href^='#']",
  ].join(",");
  // Shown: laid out, and not folded away in a closed disclosure.
  const all = [...root.querySelectorAll(selector)].filter((el) => el.getClientRects().length > 0 && el.checkVisibility());
  if (all.length === 0) return { count: 0 };
  const el = all[Math.floor(pick * all.length)];
  el.scrollIntoView({ block: "center", inline: "nearest" });
  const rect = el.getBoundingClientRect();
  const kind =
    el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text")
      ? "text"
      : el.tagName === "INPUT" && el.type === "date"
        ? "date"
        : "click";
  return {
    count: all.length,
    kind,
    id: el.id,
    label: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} ${(el.textContent || el.value || "").trim().slice(0, 40)}`,
    x: rect.left + rect.width / 2,
    y: rect.top + Math.min(rect.height / 2, 10),
  };
}

PROTOCOLS.forEach((protocol, index) => {
  test(`${protocol}: a seeded random walk of ${ACTIONS} actions`, async ({ page, baseURL }, info) => {
    test.setTimeout(Math.max(180_000, ACTIONS * 400));
    await skipUnlessOffered(page, protocol);
    const seed = (SEED + index) >>> 0;
    console.log(`random walk ${protocol}: seed ${seed} (replay: PROOF_SEED=${SEED})`);
    info.annotations.push({ type: "seed", description: `PROOF_SEED=${SEED} (${protocol}: ${seed})` });
    const r = rng(seed);
    const record = await guard(page);
    const { w } = await openDemo(page, protocol, record);
    const log = [];
    const counts = { click: 0, text: 0, date: 0, reload: 0, draft: 0, none: 0 };
    let draft = null;
    page.on("download", async (d) => {
      if (d.suggestedFilename().endsWith(".json")) draft = await d.path().catch(() => null);
    });

    for (let i = 0; i < ACTIONS; i++) {
      const roll = r.next();
      try {
        if (roll < 0.01) {
          counts.reload += 1;
          log.push(`${i} reload`);
          await page.reload();
          await w.ready();
          await record.markLoaded();
          continue;
        }
        if (roll < 0.02) {
          const input = w.host.locator("#cr-load-draft");
          if (await input.count()) {
            counts.draft += 1;
            const junk = r.chance(0.5) || !draft;
            log.push(`${i} load ${junk ? "a junk" : "the last"} draft`);
            await input.setInputFiles(
              junk
                ? { name: "junk.json", mimeType: "application/json", buffer: Buffer.from(r.pick(["{", "[]", '{"schema":1}', "null", text(r)])) }
                : draft,
            );
            continue;
          }
        }
        const target = await page.evaluate(choose, [r.next()]);
        if (!target || target.count === 0) {
          counts.none += 1;
          log.push(`${i} nothing to act on`);
          continue;
        }
        log.push(`${i} ${target.kind} ${target.label}`);
        counts[target.kind] += 1;
        if (target.kind === "text") {
          const field = w.host.locator(`#${target.id}`);
          if (r.chance(0.5)) await field.fill(text(r), { timeout: 5000 });
          else {
            await page.mouse.click(target.x, target.y);
            await page.keyboard.type(text(r).slice(0, 12));
          }
        } else if (target.kind === "date") {
          const d = r.pick(["2026-11-02", "2025-01-31", "", "2024-02-29"]);
          await w.host.locator(`#${target.id}`).fill(d, { timeout: 5000 });
        } else {
          await page.mouse.click(target.x, target.y);
        }
      } catch (error) {
        throw new Error(`action ${i} failed (seed ${seed}): ${error.message}\nlast actions:\n${log.slice(-15).join("\n")}`);
      }
      if (i % 100 === 99) {
        await expect(w.h1, `the widget shows a step after action ${i} (seed ${seed})`).toBeVisible();
      }
    }
    await expect(w.h1).toBeVisible();

    const trap = await record.trap();
    const foreignRequests = foreign(record.requests, baseURL);
    recordFigures("5 random walk", info.title, {
      seed: String(SEED),
      "protocols walked": 1,
      actions: ACTIONS,
      clicks: counts.click,
      "texts typed": counts.text,
      "dates set": counts.date,
      reloads: counts.reload,
      "drafts loaded": counts.draft,
      "console errors": record.consoleErrors.length,
      "page errors / panics": record.pageErrors.length,
      "CSP violations (walk)": trap.csp.length,
      "foreign requests (walk)": foreignRequests.length,
    });
    const context = `\nseed ${seed} (PROOF_SEED=${SEED}); last actions:\n${log.slice(-20).join("\n")}`;
    expectNone(record.pageErrors, `uncaught exceptions / panics${context}`);
    expectNone(record.consoleErrors, `console errors${context}`);
    expectNone(trap.csp, "CSP violations");
    expectNone(foreignRequests, "requests beyond dist/");
    expectNone(unexpectedCalls(trap.calls, baseURL), "network API calls");
  });
});
