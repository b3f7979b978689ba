// Demo page behaviour (a file, not inline: the page runs under a strict CSP).
// Pick a partnership (remounts the widget and shows its embed snippet), copy
// the snippet, and try a protocol file chosen from disk (read locally,
// validated by the widget's own loader, errors listed with line numbers).
// The chosen partnership is kept in the address (?protocol=…) so a reload
// shows the same widget, which then restores its answers from the tab.
// The snippet, and the widget shown, carry the static fallback (emergency
// guidance, the protocol's link) the build wrote for each partnership into
// <script type="text/plain" data-cr-snippet="id"> elements of this page; the
// page works the same, fallback included, when the widget cannot start.

const select = document.getElementById("demo-protocol");
const slot = document.getElementById("demo-widget-slot");
const snippet = document.getElementById("demo-snippet");
const copyButton = document.getElementById("demo-copy");
const copyStatus = document.getElementById("demo-copy-status");
const fileInput = document.getElementById("demo-file");
const fileResult = document.getElementById("demo-file-result");
const ownSlot = document.getElementById("demo-own-slot");

const params = new URLSearchParams(location.search);
const loaderUrl = new URL("case-resolution.js", location.href).href;

// The build's snippet sources: id ("" for the picker) -> element.
const sources = new Map(
  [...document.querySelectorAll("script[type='text/plain'][data-cr-snippet]")].map((s) => [s.dataset.crSnippet, s]),
);

// The widget's element for `id`, with its fallback, as HTML.
function elementHtml(id) {
  const source = sources.get(id);
  if (source) return source.textContent.trim();
  const attr = id ? ` data-protocol="${id}"` : "";
  return `<div data-case-resolution${attr}></div>`;
}

// The loader's hash, as the build stamped it on this page's own <script>.
const loaderIntegrity = document.querySelector('script[src$="case-resolution.js"]')?.integrity ?? "";

function snippetFor(id) {
  const integrity = loaderIntegrity ? ` integrity="${loaderIntegrity}"` : "";
  return `${elementHtml(id)}\n<script type="module" src="${loaderUrl}"${integrity}></script>`;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Offers `text` as a file made on this device. */
function downloadText(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// Replaces the live widget with a fresh one for `id` ("" = the picker),
// fallback included, as a host page would have it.
function showWidget(id) {
  const template = document.createElement("template");
  template.innerHTML = elementHtml(id);
  let div = template.content.firstElementChild;
  if (!div?.matches("[data-case-resolution]")) {
    div = element("div");
    div.setAttribute("data-case-resolution", "");
    if (id) div.setAttribute("data-protocol", id);
  }
  slot.replaceChildren(div);
  // Before the loader has run, it mounts every element itself.
  window.CaseResolution?.mount(div);
  snippet.textContent = snippetFor(id);
}

// The partnerships offered: the build's snippet sources, in this page, so
// that the widget asked for in the address is in place before the loader
// mounts (and fetches its protocol): this script runs first.
function partnerships() {
  return [...sources]
    .filter(([id]) => id)
    .map(([id, s]) => ({ id, name: s.dataset.name ?? id, area: s.dataset.area ?? "" }));
}

function start() {
  const protocols = partnerships();
  // Without one in the address, the page's own (Devon's), as it is marked up.
  const current = slot.querySelector("[data-case-resolution]")?.getAttribute("data-protocol") ?? "";
  const wanted = params.has("protocol") ? params.get("protocol") : current || (protocols[0]?.id ?? "");
  select.replaceChildren(
    ...protocols.map((p) => {
      const option = element("option", "", `${p.name} (${p.area})`);
      option.value = p.id;
      return option;
    }),
    Object.assign(element("option", "", "None fixed: the practitioner chooses"), { value: "" }),
  );
  select.value = protocols.some((p) => p.id === wanted) || wanted === "" ? wanted : protocols[0]?.id ?? "";
  snippet.textContent = snippetFor(select.value);
  // The markup holds Devon; put the chosen one in its place if that differs
  // (mounted by the loader, which runs after this script).
  if (current !== select.value) showWidget(select.value);

  select.addEventListener("change", () => {
    const url = new URL(location.href);
    url.searchParams.set("protocol", select.value);
    history.replaceState(null, "", url);
    showWidget(select.value);
  });
}

copyButton.addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(snippet.textContent);
    copyStatus.textContent = "Snippet copied.";
  } catch {
    copyStatus.textContent = "Copying was not allowed: select the snippet and copy it.";
  }
});

/** The validator's errors or warnings as a list: where, what, how to mend it, the line. */
function problemList(problems) {
  const list = element("ul");
  for (const e of problems) {
    const item = element("li");
    const where = e.line ? `Line ${e.line}, column ${e.column}: ` : "";
    const path = e.path ? `${e.path}: ` : "";
    item.append(element("span", "", `${where}${path}${e.message}`));
    if (e.help) item.append(element("span", "", ` (help: ${e.help})`));
    if (e.source !== null && e.source !== undefined) {
      item.append(element("pre", "", `${String(e.line).padStart(4)} | ${e.source}`));
    }
    list.append(item);
  }
  return list;
}

fileInput.addEventListener("change", async () => {
  const file = fileInput.files?.[0];
  fileResult.replaceChildren();
  ownSlot.replaceChildren();
  if (!file) return;
  let text;
  try {
    text = await file.text();
  } catch {
    fileResult.append(element("p", "demo-errors", "The file could not be read."));
    return;
  }
  const result = await window.CaseResolution.checkProtocol(file.name, text);
  if (!result.ok) {
    const box = element("div", "demo-errors");
    box.setAttribute("role", "alert");
    const count = result.errors.length;
    box.append(element("h3", "", `${file.name} has ${count} mistake${count === 1 ? "" : "s"}`));
    box.append(problemList(result.errors));
    fileResult.append(box);
    return;
  }
  fileResult.append(element("p", "", `${file.name} is valid: ${result.name}. Preview:`));
  const warnings = result.warnings || [];
  if (warnings.length) {
    // Things to mend that do not stop the file working (a cite without an anchor).
    const box = element("div", "demo-warnings");
    const n = warnings.length;
    box.append(element("h3", "", `${n} thing${n === 1 ? "" : "s"} to mend before you publish it`));
    box.append(problemList(warnings));
    fileResult.append(box);
  }
  // The compiled data file: what the partnership publishes beside the
  // widget's files, so that no page view needs the checker. The preview
  // below runs from it, as the partnership's page would.
  const compiled = await window.CaseResolution.compileProtocol(file.name, text);
  const div = element("div");
  if (compiled !== null) {
    const dataName = `${result.id}.txt`;
    const box = element("div", "demo-compiled");
    const button = element("button", "demo-button", "Download the compiled protocol file");
    button.type = "button";
    button.id = "demo-download-compiled";
    button.addEventListener("click", () => downloadText(dataName, compiled, "text/plain;charset=utf-8"));
    const how = element("p", "");
    how.append(
      "To publish it: put ",
      element("code", "", dataName),
      " in the ",
      element("code", "", "protocols"),
      " folder beside the widget's files, and use ",
      element("code", "", `data-protocol="${result.id}"`),
      " in the snippet. The preview below runs from this compiled file.",
    );
    box.append(button, how);
    fileResult.append(box);
    ownSlot.append(div);
    window.CaseResolution.mount(div, { protocolData: compiled });
  } else {
    ownSlot.append(div);
    window.CaseResolution.mount(div, { protocolText: text });
  }
});

// The tally of record files (the on-demand checker module counts them; the
// page only draws the result, as text, a table and a bar chart).
const tallyInput = document.getElementById("demo-tally-files");
const tallyResult = document.getElementById("demo-tally-result");
let tallyModule;
function loadTally() {
  tallyModule ??= import("./case-resolution-check.js").then(async (check) => {
    await check.default({
      module_or_path: new URL("./case-resolution-check_bg.wasm", import.meta.url),
    });
    return check;
  });
  return tallyModule;
}

const SVG = "http://www.w3.org/2000/svg";
function svgElement(tag, attributes, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** One horizontal bar per row: label, bar, count. Text carries the numbers too. */
function barChart(rows, title) {
  const rowHeight = 26;
  const labelWidth = 220;
  const barWidth = 260;
  const max = Math.max(...rows.map((r) => r.count));
  const svg = svgElement("svg", {
    viewBox: `0 0 ${labelWidth + barWidth + 50} ${rows.length * rowHeight + 4}`,
    role: "img",
    class: "demo-chart",
  });
  svg.setAttribute("aria-label", `${title}: ${rows.map((r) => `${r.value || "not given"} ${r.count}`).join(", ")}`);
  rows.forEach((r, i) => {
    const y = i * rowHeight + 2;
    svg.append(svgElement("text", { x: labelWidth - 8, y: y + 17, "text-anchor": "end" }, r.value || "(not given)"));
    svg.append(svgElement("rect", { x: labelWidth, y: y + 3, height: rowHeight - 8, width: Math.max(2, (barWidth * r.count) / max) }));
    svg.append(svgElement("text", { x: labelWidth + (barWidth * r.count) / max + 6, y: y + 17 }, String(r.count)));
  });
  return svg;
}

tallyInput.addEventListener("change", async () => {
  tallyResult.replaceChildren();
  const files = [...(tallyInput.files || [])];
  if (!files.length) return;
  const names = files.map((f) => f.name);
  const texts = await Promise.all(files.map((f) => f.text().catch(() => "")));
  const tally = JSON.parse((await loadTally()).tally_records(names, texts));
  const n = tally.counted.length;
  tallyResult.append(element("p", "", `Counted ${n} record${n === 1 ? "" : "s"}.`));
  if (tally.skipped.length) {
    const box = element("div", "demo-warnings");
    box.append(element("h3", "", `${tally.skipped.length} file${tally.skipped.length === 1 ? "" : "s"} not counted`));
    const list = element("ul");
    for (const s of tally.skipped) list.append(element("li", "", `${s.name}: ${s.why}.`));
    box.append(list);
    tallyResult.append(box);
  }
  // One table and chart per partnership and counted-by column.
  const groups = new Map();
  for (const r of tally.rows) {
    const key = `${r.partnership}\u0000${r.label}`;
    if (!groups.has(key)) groups.set(key, { partnership: r.partnership, label: r.label, rows: [] });
    groups.get(key).rows.push(r);
  }
  for (const g of groups.values()) {
    const title = `${g.partnership}: records by ${g.label.toLowerCase()}`;
    const table = element("table", "demo-table");
    table.append(element("caption", "", title));
    const head = element("tr");
    head.append(element("th", "", g.label), element("th", "", "Records"));
    for (const th of head.children) th.scope = "col";
    const thead = element("thead");
    thead.append(head);
    const tbody = element("tbody");
    for (const r of g.rows) {
      const row = element("tr");
      row.append(element("td", "", r.value || "(not given)"), element("td", "", String(r.count)));
      tbody.append(row);
    }
    table.append(thead, tbody);
    tallyResult.append(table, barChart(g.rows, title));
  }
  if (n) {
    const button = element("button", "demo-button", "Download the counts (CSV)");
    button.type = "button";
    button.id = "demo-tally-download";
    button.addEventListener("click", () => downloadText("escalation-record-counts.csv", tally.csv, "text/csv;charset=utf-8"));
    tallyResult.append(button);
  }
});

start();
