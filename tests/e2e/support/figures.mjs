// Figures of the proof suite (tests/e2e/proof-*.spec.mjs), and the table
// printed at the very end of `npx playwright test`.
//
// Every proof test writes its own small JSON file under
// target/proof/run-<runner pid>/ (one file per test, so parallel workers
// never write the same file). The Playwright runner process loads every spec
// file before it starts the workers; in that process this module clears the
// run directory and registers an exit hook that, once every worker is done,
// sums the figures, writes target/proof/summary.json and prints the table.
// `node tests/e2e/support/figures.mjs [run dir]` prints the table again.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROOF_DIR = fileURLToPath(new URL("../../../target/proof/", import.meta.url));
const inWorker = process.env.TEST_WORKER_INDEX !== undefined;
const runnerPid = inWorker ? process.ppid : process.pid;
export const RUN_DIR = join(PROOF_DIR, `run-${runnerPid}`);

/**
 * Records the figures of one test. `part` is the proof part ("1 network",
 * ...); `figures` maps a figure's name to a number (summed over the tests of
 * that part) or a string (kept, distinct values joined).
 */
export function recordFigures(part, testTitle, figures) {
  mkdirSync(RUN_DIR, { recursive: true });
  const slug = `${part}--${testTitle}`.replace(/[^A-Za-z0-9]+/g, "-").slice(0, 120);
  const file = join(RUN_DIR, `${slug}-${process.env.TEST_WORKER_INDEX ?? "x"}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ part, test: testTitle, figures }, null, 2));
}

/**
 * The random seed of this run, the same in every worker: PROOF_SEED, else
 * the one the runner process picked when it loaded the specs.
 */
export function runSeed() {
  if (process.env.PROOF_SEED !== undefined) return Number(process.env.PROOF_SEED) >>> 0;
  try {
    return Number(readFileSync(join(RUN_DIR, "seed.txt"), "utf8")) >>> 0;
  } catch {
    return Date.now() >>> 0;
  }
}

/** Sums every record in `dir`: { part: { figure: value } }, parts in order. */
export function summarise(dir = RUN_DIR) {
  const parts = {};
  if (!existsSync(dir)) return parts;
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".json")) continue;
    let record;
    try {
      record = JSON.parse(readFileSync(join(dir, name), "utf8"));
    } catch {
      continue;
    }
    const sums = (parts[record.part] ??= { tests: 0 });
    sums.tests += 1;
    for (const [key, value] of Object.entries(record.figures)) {
      if (typeof value === "number") {
        sums[key] = (typeof sums[key] === "number" ? sums[key] : 0) + value;
      } else {
        const seen = new Set(String(sums[key] ?? "").split(", ").filter(Boolean));
        seen.add(String(value));
        sums[key] = [...seen].join(", ");
      }
    }
  }
  return Object.fromEntries(Object.entries(parts).sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true })));
}

/** The figures as a plain-text table. */
export function table(parts) {
  const rows = [];
  for (const [part, figures] of Object.entries(parts)) {
    for (const [key, value] of Object.entries(figures)) rows.push([part, key, String(value)]);
  }
  if (rows.length === 0) return "Proof figures: no proof test ran.";
  const width = (i) => Math.max(...rows.map((r) => r[i].length), ["part", "figure", "value"][i].length);
  const w = [0, 1, 2].map(width).map((n, i) => (i === 2 ? Math.min(n, 90) : n));
  const line = (cells) => cells.map((c, i) => (i === 2 ? c : c.padEnd(w[i]))).join(" | ");
  const rule = w.map((n) => "-".repeat(n)).join("-+-");
  const out = ["", "Proof figures (tests/e2e/proof-*.spec.mjs)", rule, line(["part", "figure", "value"]), rule];
  let previous = null;
  for (const [part, key, value] of rows) {
    if (previous !== null && previous !== part) out.push(rule);
    out.push(line([previous === part ? "" : part, key, value]));
    previous = part;
  }
  out.push(rule);
  return out.join("\n");
}

function printSummary() {
  const parts = summarise();
  if (Object.keys(parts).length === 0) return;
  try {
    writeFileSync(join(PROOF_DIR, "summary.json"), JSON.stringify({ run: RUN_DIR, parts }, null, 2));
  } catch {
    // the table is still printed
  }
  console.log(table(parts));
}

// In the runner process (which loads the spec files to list the tests):
// start from an empty run directory, drop those of earlier runs, and print
// the table when the runner exits (after the reporter's own summary).
if (!inWorker && process.argv.some((a) => /playwright/.test(a)) && !globalThis.__proofFiguresHooked) {
  globalThis.__proofFiguresHooked = true;
  try {
    mkdirSync(PROOF_DIR, { recursive: true });
    // Runs of runners that have exited (a concurrent run keeps its own).
    for (const name of readdirSync(PROOF_DIR)) {
      const pid = Number(name.slice(4));
      if (!name.startsWith("run-") || pid === runnerPid) continue;
      let alive = false;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
      if (!alive) rmSync(join(PROOF_DIR, name), { recursive: true, force: true });
    }
    rmSync(RUN_DIR, { recursive: true, force: true });
    mkdirSync(RUN_DIR, { recursive: true });
    writeFileSync(join(RUN_DIR, "seed.txt"), String(process.env.PROOF_SEED ?? Date.now() % 2 ** 32));
  } catch {
    // figures are best effort; the tests themselves assert
  }
  process.on("exit", printSummary);
}

// `node tests/e2e/support/figures.mjs [dir]`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? readdirSync(PROOF_DIR).filter((n) => n.startsWith("run-")).map((n) => join(PROOF_DIR, n))[0];
  console.log(table(summarise(dir)));
}
