// The partnership's report page (report.html): record files read on this
// device, counted by this page's own wasm module (case-resolution-report:
// none of it is loaded with the widget; its Rust code does the
// reading, the counting and the disclosure control: counts of 1 to 4 never
// shown, the rest rounded to 5), drawn here as tables and bar charts from
// the published figures only. No protocol text is in this file: the words
// come from the partnership's protocol data file. Nothing is sent anywhere:
// the only requests are this page's own files, protocols/index.json and the
// partnership's protocols/<id>.txt.

const main = document.getElementById("report");
const partnership = document.getElementById("report-partnership");
const filesInput = document.getElementById("report-files");
const period = document.getElementById("report-period");
const progress = document.getElementById("report-progress");
const result = document.getElementById("report-result");

let module;
function loadModule() {
  module ??= import("./case-resolution-report.js").then(async (report) => {
    await report.default({ module_or_path: new URL("./case-resolution-report_bg.wasm", import.meta.url) });
    return report;
  });
  return module;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

// The partnerships this release has, by id: their names, for the choice and
// for records of another partnership.
let names = new Map();
async function loadIndex() {
  const response = await fetch(new URL("./protocols/index.json", import.meta.url));
  const index = await response.json();
  names = new Map(index.protocols.map((p) => [p.id, p.name]));
  return index.protocols;
}

const fixed = main.dataset.protocol?.trim();
const ready = loadIndex().then((protocols) => {
  if (fixed) {
    // A partnership's own copy of the page reports its records only.
    document.getElementById("report-partnership-field").hidden = true;
    partnership.append(new Option(names.get(fixed) ?? fixed, fixed));
    return;
  }
  for (const p of protocols) partnership.append(new Option(p.name, p.id));
});

const dataFiles = new Map();
function protocolData(id) {
  if (!dataFiles.has(id)) {
    dataFiles.set(
      id,
      fetch(new URL(`./protocols/${encodeURIComponent(id)}.txt`, import.meta.url)).then((r) => {
        if (!r.ok) throw new Error(`the partnership's protocol file could not be loaded (HTTP ${r.status})`);
        return r.text();
      }),
    );
  }
  return dataFiles.get(id);
}

// The files chosen, read in chunks so that the page stays responsive and
// says how far it has got.
let chosen = { names: [], texts: [] };
const CHUNK = 100;
async function readFiles(files) {
  const out = { names: [], texts: [] };
  for (let i = 0; i < files.length; i += CHUNK) {
    const part = files.slice(i, i + CHUNK);
    const texts = await Promise.all(part.map((f) => f.text().catch(() => "")));
    out.names.push(...part.map((f) => f.name));
    out.texts.push(...texts);
    progress.textContent = `Read ${Math.min(i + CHUNK, files.length)} of ${files.length} files…`;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return out;
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attributes, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A horizontal bar per row, from the published figures; its text alternative says them all. */
function chart(title, rows) {
  const rowHeight = 26;
  const labelWidth = 300;
  const barWidth = 250;
  const max = Math.max(5, ...rows.map((r) => r.bar));
  const el = svg("svg", { viewBox: `0 0 ${labelWidth + barWidth + 110} ${rows.length * rowHeight + 4}`, role: "img", class: "report-chart" });
  el.setAttribute("aria-label", `${title}: ${rows.map((r) => `${r.label}, ${r.shown}`).join("; ")}`);
  rows.forEach((r, i) => {
    const y = i * rowHeight + 2;
    // Long labels shortened in the picture; the table below has them whole.
    const label = r.label.length > 36 ? `${r.label.slice(0, 35)}…` : r.label;
    el.append(svg("text", { x: labelWidth - 8, y: y + 17, "text-anchor": "end" }, label));
    const width = (barWidth * r.bar) / max;
    el.append(svg("rect", { x: labelWidth, y: y + 3, height: rowHeight - 8, width: Math.max(1, width) }));
    el.append(svg("text", { x: labelWidth + width + 6, y: y + 17 }, r.shown));
  });
  return el;
}

/** A table of label / figure rows, with a caption. */
function table(caption, head, rows) {
  const t = element("table");
  t.append(element("caption", "", caption));
  const thead = element("thead");
  const tr = element("tr");
  head.forEach((h, i) => {
    const th = element("th", i ? "report-number" : "", h);
    th.scope = "col";
    tr.append(th);
  });
  thead.append(tr);
  t.append(thead);
  const body = element("tbody");
  for (const cells of rows) {
    const row = element("tr");
    cells.forEach((c, i) => {
      const cell = element(i ? "td" : "th", i ? "report-number" : "", c);
      if (!i) cell.scope = "row";
      row.append(cell);
    });
    body.append(row);
  }
  t.append(body);
  // Scrolls sideways on a narrow screen: reachable and named for the keyboard.
  const wrap = element("div", "report-wide");
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", caption);
  wrap.append(t);
  return wrap;
}

function section(title) {
  const s = element("section", "report-section");
  s.append(element("h2", "", title));
  result.append(s);
  return s;
}

function download(csv, name) {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function draw(report) {
  result.replaceChildren();
  if (report.error) {
    result.append(element("p", "report-warnings", `The report could not be made: ${report.error}`));
    return;
  }
  const name = names.get(partnership.value) ?? "this partnership";
  const summary = section(`${name}: ${report.period}`);
  summary.append(element("p", "", `Records counted: ${report.records}.`));
  summary.append(
    element(
      "p",
      "report-note",
      "Counts are rounded to the nearest 5, and a count of fewer than 5 is not shown, so that no case can be recognised or worked out from the others. A figure from fewer than 5 records is not given.",
    ),
  );
  if (report.duplicates) {
    summary.append(element("p", "", `${report.duplicates} record${report.duplicates === 1 ? " was" : "s were"} in more than one file (the same form reference): each is counted once.`));
  }
  for (const other of report.others) {
    const whose = names.get(other.partnership) ?? "a partnership this page does not have";
    summary.append(element("p", "", `Records of another partnership (${whose}): ${other.records}. They are not counted here; choose that partnership to report them.`));
  }
  const refused = report.files.filter((f) => f.why);
  if (refused.length) {
    const box = element("div", "report-warnings");
    box.append(element("h3", "", `${refused.length} file${refused.length === 1 ? "" : "s"} not read`));
    const list = element("ul");
    for (const f of refused) list.append(element("li", "", `${f.name}: ${f.why}.`));
    box.append(list);
    summary.append(box);
  }
  const button = element("button", "report-button report-download", "Download the counts (CSV)");
  button.type = "button";
  button.addEventListener("click", () => download(report.csv, `escalation-report-${partnership.value}-${period.value}.csv`));
  summary.append(button);

  for (const t of report.tables) {
    const s = section(t.title);
    if (t.rows.length) s.append(chart(t.title, t.rows));
    const what = t.title.replace(/^Records by /, "");
    s.append(table(t.title, [what[0].toUpperCase() + what.slice(1), "Records"], t.rows.map((r) => [r.label, r.shown])));
  }
  for (const f of report.funnels) {
    const title = `Where cases stop: ${f.route}`;
    const s = section(title);
    s.append(element("p", "", "How many cases reached each stage, or went further."));
    s.append(chart(title, f.stages));
    s.append(table(title, ["Stage", "Reached"], f.stages.map((r) => [r.label, r.shown])));
  }
  if (report.cross.rows.length) {
    const s = section("Type of disagreement by furthest stage reached");
    s.append(table("Type of disagreement by furthest stage reached", ["Type of disagreement", ...report.cross.columns], report.cross.rows.map((r) => [r.label, ...r.cells])));
  }
  const days = section("Days from the first attempt to the form");
  days.append(table("Days from the first attempt to the form", ["Figure", "Days"], report.days.map((d) => [d.label, d.shown])));
}

async function update() {
  if (!chosen.names.length) return;
  progress.textContent = "Counting…";
  try {
    await ready;
    const [counter, data] = await Promise.all([loadModule(), protocolData(partnership.value)]);
    const report = JSON.parse(counter.report_records(chosen.names, chosen.texts, data, period.value));
    // The periods the records fall in, keeping the choice where it still is one.
    const keep = period.value;
    if (report.periods) {
      period.replaceChildren(...report.periods.map((p) => new Option(p.label, p.key, false, p.key === keep)));
    }
    draw(report);
    progress.textContent = `Read ${chosen.names.length} file${chosen.names.length === 1 ? "" : "s"}. The report is below.`;
  } catch (error) {
    console.error("case-resolution report:", error);
    progress.textContent = `The report could not be made: ${error.message}`;
  }
}

filesInput.addEventListener("change", async () => {
  const files = [...(filesInput.files || [])];
  result.replaceChildren();
  if (!files.length) return;
  chosen = await readFiles(files);
  await update();
});
period.addEventListener("change", update);
partnership.addEventListener("change", update);
document.getElementById("report-print").addEventListener("click", () => window.print());
