// Init script for every benchmark page (added with context.addInitScript,
// after `window.__BENCH = { kind, autoStart }` is set). It runs before any
// page script and changes nothing the page does; it only watches:
//
// - first control interactive: the first `input[type=radio]` (or, for the
//   widget's start step, which asks no question, its Start button) that is
//   rendered (checkVisibility with the visibility property) and not disabled,
//   checked on every DOM mutation, in the document and in every shadow root
//   (Element.prototype.attachShadow is wrapped to observe new roots), and on
//   every animation frame as a fallback. Times are performance.now(), that is
//   milliseconds from navigation start. `…Painted` is the end of the frame
//   that shows it (requestAnimationFrame, then a MessageChannel message,
//   which runs after that frame's paint).
// - widget only, with autoStart: as soon as Start is interactive it is
//   clicked, and `firstRadio` is when the first question's radio is.
// - wasm memory: every WebAssembly.Memory exported by an instance the page
//   creates (instantiate / instantiateStreaming are wrapped), so the widget's
//   linear memory can be read without the widget exposing it.
// - downloads: URL.createObjectURL is wrapped to log the time and blob size.
// - start-up (window.__benchStartup), for the breakdown in run.mjs: when each
//   fetch() is called (the loader's first call, for the wasm, is made while
//   it is evaluated), when the first wasm instantiation is called and
//   resolves, and when the first shadow root is attached (the widget's mount).
//   The requests' own times come from PerformanceResourceTiming.
// - kind "picker" (the widget with no data-protocol): the first question is
//   the partnership picker, radios or (for many partnerships) a select.
//
// window.__benchAnswer(spec) clicks an option and Continue and resolves when
// the next step is shown and painted (see run.mjs).
(() => {
  const cfg = window.__BENCH || { kind: "none" };
  const marks = (window.__benchMarks = {});
  const now = () => performance.now();
  const afterPaint = (inFrame) =>
    new Promise((resolve) => {
      const post = () => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve(now());
        ch.port2.postMessage(0);
      };
      if (inFrame) post();
      else requestAnimationFrame(post);
    });

  // ---- start-up timestamps ---------------------------------------------
  const startup = (window.__benchStartup = { fetches: [] });
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    try {
      startup.fetches.push({ url: String(input instanceof Request ? input.url : input), t: now() });
    } catch (e) {
      /* not ours to break */
    }
    return fetch0.apply(this, arguments);
  };

  // ---- wasm memories and object URLs ------------------------------------
  const memories = (window.__benchWasmMemories = []);
  const grab = (result) => {
    try {
      const instance = result instanceof WebAssembly.Instance ? result : result && result.instance;
      if (instance) {
        for (const v of Object.values(instance.exports)) if (v instanceof WebAssembly.Memory) memories.push(v);
      }
    } catch (e) {
      /* not ours to break */
    }
    return result;
  };
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) {
    WebAssembly.instantiateStreaming = function (...args) {
      startup.instantiateCalled ??= now();
      return streaming.apply(this, args).then((r) => {
        startup.instantiated ??= now();
        return grab(r);
      });
    };
  }
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) {
    startup.instantiateCalled ??= now();
    return instantiate.apply(this, args).then((r) => {
      startup.instantiated ??= now();
      return grab(r);
    });
  };
  const objectUrls = (window.__benchObjectUrls = []);
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = function (obj) {
    objectUrls.push({ t: now(), size: obj && obj.size, type: obj && obj.type });
    return createObjectURL.call(URL, obj);
  };

  // ---- where each kind of page keeps its questions ----------------------
  const widgetRoot = () => {
    const host = document.querySelector("[data-case-resolution]");
    return host && host.shadowRoot;
  };
  const inWidget = cfg.kind === "widget" || cfg.kind === "picker";
  const scope = () => (inWidget ? widgetRoot() : document);
  const shown = (el) => !!el && el.isConnected && el.checkVisibility({ visibilityProperty: true });
  const usable = (el) => shown(el) && !el.disabled;

  // ---- first control interactive ---------------------------------------
  let phase = "control"; // control -> radio (widget autoStart) -> done
  function check(inFrame) {
    if (phase === "done") return;
    const root = scope();
    if (!root) return;
    if (phase === "control") {
      const radio = root.querySelector(cfg.kind === "picker" ? "input[type=radio], select" : "input[type=radio]");
      const start = inWidget ? root.querySelector(".cr-continue") : null;
      const hit = usable(radio) ? radio : usable(start) ? start : null;
      if (!hit) return;
      marks.firstControl = now();
      marks.firstControlKind = hit === radio ? hit.type : "start-button";
      afterPaint(inFrame).then((t) => (marks.firstControlPainted = t));
      if (hit === radio) {
        marks.firstRadio = marks.firstControl;
        afterPaint(inFrame).then((t) => (marks.firstRadioPainted = t));
        phase = "done";
      } else if (cfg.autoStart) {
        phase = "radio";
        marks.startClicked = now();
        hit.click();
      } else {
        phase = "done";
      }
      return;
    }
    if (phase === "radio") {
      const radio = root.querySelector("input[type=radio]");
      if (!usable(radio)) return;
      marks.firstRadio = now();
      afterPaint(inFrame).then((t) => (marks.firstRadioPainted = t));
      phase = "done";
    }
  }
  const observerOptions = { subtree: true, childList: true, attributes: true, characterData: true };
  const observers = [];
  const waiters = [];
  let framesIdle = false;
  const observe = (node) => {
    const mo = new MutationObserver(() => {
      check(false);
      for (const w of waiters.slice()) w(false);
    });
    mo.observe(node, observerOptions);
    observers.push(mo);
  };
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    startup.shadowAttached ??= now();
    try {
      observe(root);
    } catch (e) {
      /* closed or odd roots: the frame loop still sees the document */
    }
    return root;
  };
  observe(document);
  // The static floor changes step by fragment navigation (CSS :target), which
  // mutates nothing: look when the fragment changes instead.
  window.addEventListener("hashchange", () => {
    for (const w of waiters.slice()) w(false);
  });
  const started = now();
  (function frame() {
    check(true);
    for (const w of waiters.slice()) w(true);
    if (phase !== "done" || waiters.length || now() - started < 1000) requestAnimationFrame(frame);
    else framesIdle = true;
  })();

  // ---- one answer: option, Continue, next step painted -------------------
  // spec: { option: {selector, index} | null, fill: [[selector, value]],
  //         next: {selector} | null (the Continue control), until: predicate name + arg }
  const predicates = {
    // widget: the step attribute names the next step and its h1 is rendered.
    widgetStep: (step) => {
      const root = widgetRoot();
      const w = root && root.querySelector(".cr-widget");
      return !!w && w.getAttribute("data-step") === step && shown(root.querySelector("h1"));
    },
    // static floor: the next step's section (and its h1) is rendered (:target).
    staticStep: (id) => shown(document.querySelector(`#${id} h1`)),
    // SurveyJS: the page title with this text is rendered, or the completed page.
    surveyTitle: (text) => {
      if (text === "#completed") return shown(document.querySelector(".sd-completedpage"));
      for (const el of document.querySelectorAll(".sd-page__title")) if (shown(el) && el.textContent.trim() === text) return true;
      return false;
    },
  };
  const pick = (root, { selector, index = 0 }) => {
    let all = [...root.querySelectorAll(selector)];
    if (all.some(shown)) all = all.filter(shown);
    return all[index < 0 ? all.length + index : index] || null;
  };
  const setValue = (el, value) => {
    // As typing would: focus, the value, input and change events, then blur
    // (SurveyJS takes a comment's value on blur).
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    el.focus();
    Object.getOwnPropertyDescriptor(proto, "value").set.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
    el.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
    el.blur();
  };
  window.__benchAnswer = (spec) =>
    new Promise((resolve, reject) => {
      const root = scope();
      for (const [selector, value] of spec.fill || []) {
        const el = root.querySelector(selector);
        if (!el) return reject(new Error(`no field ${selector}`));
        setValue(el, value);
      }
      const option = spec.option ? pick(root, spec.option) : null;
      if (spec.option && !option) return reject(new Error(`no option ${JSON.stringify(spec.option)}`));
      const next = spec.next ? pick(root, spec.next) : null;
      if (spec.next && !next) return reject(new Error(`no Continue ${JSON.stringify(spec.next)}`));
      const done = () => predicates[spec.until[0]](spec.until[1]);
      if (done()) return reject(new Error(`already showing ${spec.until.join(" ")}`));
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting for ${spec.until.join(" ")}`));
      }, spec.timeout || 20000);
      const waiter = (inFrame) => {
        if (!done()) return;
        const shownAt = now();
        waiters.splice(waiters.indexOf(waiter), 1);
        clearTimeout(timer);
        afterPaint(inFrame).then((painted) => resolve({ dom: shownAt - t0, painted: painted - t0 }));
      };
      waiters.push(waiter);
      if (framesIdle) {
        framesIdle = false;
        (function frame() {
          for (const w of waiters.slice()) w(true);
          if (waiters.length) requestAnimationFrame(frame);
          else framesIdle = true;
        })();
      }
      const t0 = now();
      if (option) option.click();
      if (next) next.click();
      // A synchronous render shows the step before any observer runs.
      if (waiters.includes(waiter)) waiter(false);
    });
})();
