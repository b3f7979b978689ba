// The keyboard-only run, written once for every driver: Playwright in
// Chromium (tests/e2e/proof-a11y.spec.mjs) and WebDriver in Firefox and
// WebKit (tests/engines/scenarios.mjs) each give it a small adapter `k`.
//
// From the start to the form and back by Tab, Shift+Tab, Space, Enter,
// arrow keys and typing alone: focus on each new step's h1, a radio chosen
// by arrows, a typed name kept after Shift+Tab back to it, a citation
// opened by Enter, a download made by Enter, Clear all answers confirmed by
// keyboard.
//
// The adapter:
//   press(key)             "Tab", "Shift+Tab", "Enter", "Space", "ArrowDown", "ArrowUp"
//   type(text)             types into the focused field
//   focusedMatches(sel)    whether the element focused in the widget matches
//   focusedIndexInGroup()  the focused radio's index in its group
//   checkedIndex(name)     the index of the checked radio of group `name` (-1: none)
//   count(sel), exists(sel), text(sel), value(sel), radioGroups()
//   step()                 the widget's current step id
//   expectStep(id)         waits for step `id`
//   expectFocusOnH1(where) waits for focus on the step's h1
//   waitFor(ok, message)   polls `ok()` until true, or fails with `message`
//   downloadByEnter()      presses Enter and returns the offered file's name
//   check(ok, message)     fails with `message` unless `ok`
//   harmUrgencyIndex()     the index of the protocol's immediate-harm urgency
//                          among the Urgency step's radios (-1: it has none)

/** Runs the keyboard-only scenario; returns { keys, steps } for the report. */
export async function keyboardRun(k) {
  let keys = 0;
  const press = async (key) => {
    keys += 1;
    await k.press(key);
  };
  // Tab (or Shift+Tab) until the element focused in the widget matches.
  const tabTo = async (selector, key = "Tab") => {
    for (let i = 0; i < 150; i++) {
      await press(key);
      if (await k.focusedMatches(selector)) return;
    }
    throw new Error(`could not reach ${selector} with ${key}`);
  };
  let steps = 0;
  const next = async () => {
    const before = await k.step();
    await tabTo(".cr-continue");
    await press("Enter");
    await k.waitFor(async () => (await k.step()) !== before, `Enter on Continue at ${before}`);
    await k.expectFocusOnH1(`Enter on Continue at ${before}`);
    steps += 1;
  };
  // Pick option `index` of a radio group: Tab into it, Space, arrows (Tab
  // lands on the checked radio if there is one: move from there).
  const chooseRadio = async (name, index = 0, key = "Tab") => {
    await tabTo(`input[name="${name}"]`, key);
    await press("Space");
    const at = await k.focusedIndexInGroup();
    for (let i = at; i < index; i++) await press("ArrowDown");
    for (let i = at; i > index; i--) await press("ArrowUp");
    k.check((await k.checkedIndex(name)) === index, `radio ${name}[${index}] chosen by keyboard`);
  };

  if (await k.count("input[name=cr-subject]")) await chooseRadio("cr-subject");
  await next();
  await k.expectStep("safety");
  await chooseRadio("cr-immediate-harm", 1);
  await next();
  await k.expectStep("urgency");
  // No on Safety, then the immediate-harm urgency: the emergency panel and
  // the warning, whose way back is reachable by keyboard; then another
  // urgency clears both.
  const harmUrgency = await k.harmUrgencyIndex();
  const lastUrgency = (await k.count("input[name=cr-urgency]")) - 1;
  if (harmUrgency >= 0 && harmUrgency !== lastUrgency) {
    await chooseRadio("cr-urgency", harmUrgency);
    await k.waitFor(() => k.exists("[data-harm-conflict]"), "the warning when the answers about immediate harm disagree");
    k.check(await k.exists("[data-emergency]"), "the emergency panel with the immediate-harm urgency");
    await tabTo("[data-harm-conflict] button[data-step=safety]");
    await chooseRadio("cr-urgency", lastUrgency, "Shift+Tab");
    await k.waitFor(async () => !(await k.exists("[data-harm-conflict]")), "the warning gone once the answers agree");
  } else {
    await chooseRadio("cr-urgency", lastUrgency);
  }
  await next();
  await k.expectStep("disagreement");
  await chooseRadio("cr-disagreement", 1);
  await next();
  if ((await k.step()) === "context") {
    for (const name of await k.radioGroups()) await chooseRadio(name, 0);
    await next();
  }
  await k.expectStep("stages");
  await tabTo(".cr-add-attempt");
  await press("Enter");
  await k.waitFor(() => k.focusedMatches("#cr-attempt-0-date"), "focus on the new attempt's date");
  await tabTo("#cr-attempt-0-name");
  await k.type("Keyboard Person");
  await chooseRadio("cr-attempt-0-outcome", 1);
  await tabTo("#cr-attempt-0-name", "Shift+Tab");
  k.check((await k.value("#cr-attempt-0-name")) === "Keyboard Person", "the name typed, kept after Shift+Tab back to it");
  await next();
  await k.expectStep("next-step");
  await tabTo("details > summary");
  await press("Enter");
  k.check(await k.exists("details[open]"), "Enter on a summary opens its details");
  await next();
  await k.expectStep("details");
  await tabTo("#cr-concern");
  await k.type("Typed by keyboard alone.");
  await chooseRadio("cr-basis", 1);
  await next();
  await k.expectStep("check");
  k.check((await k.text(".cr-summary")).includes("Keyboard Person"), "Check your answers shows the typed name");
  await next();
  await k.expectStep("form");
  k.check((await k.text(".cr-form-preview")).includes("Typed by keyboard alone."), "the preview shows the typed concern");
  await tabTo(".cr-html");
  keys += 1;
  const name = await k.downloadByEnter();
  k.check(/\.html$/.test(name), `Enter on Download HTML offers the HTML file (${name})`);
  await tabTo(".cr-clear", "Shift+Tab");
  await press("Enter");
  await k.waitFor(() => k.exists(".cr-confirm__yes"), "the Clear all answers confirmation");
  await tabTo(".cr-confirm__yes");
  await press("Enter");
  await k.expectStep("start");
  await k.expectFocusOnH1("Clear all answers by keyboard");
  return { keys, steps };
}
