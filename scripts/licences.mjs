#!/usr/bin/env node
// Third-party licence notices for what is compiled into the release's wasm
// modules: every crate the widget, the checker module, the Word module and the report page's module
// build on for the browser (normal dependencies, wasm32), with its licence
// and the licence files its source ships, and the npm packages whose code
// is in the release's JavaScript (none: the loader is ours, the glue
// wasm-bindgen's output for our crates).
//
//   node scripts/licences.mjs OUT.txt   writes the notices
//   node scripts/licences.mjs --check   fails on a crate with no licence,
//                                       or one outside ALLOWED
//
// From `cargo metadata` (the crates' own manifests and files), so the list
// follows Cargo.lock without a tool to install.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
// The crates whose wasm is shipped.
const ROOTS = ["case-resolution", "case-resolution-check", "case-resolution-docx", "case-resolution-report"];
// Licences the release may carry (SPDX ids in the crates' expressions).
const ALLOWED = new Set(["MIT", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-2-Clause", "BSD-3-Clause", "Zlib", "Unicode-3.0", "Unicode-DFS-2016", "ISC", "0BSD", "MPL-2.0", "CC0-1.0", "Unlicense", "BSL-1.0"]);

const meta = JSON.parse(
  execFileSync("cargo", ["metadata", "--format-version", "1", "--filter-platform", "wasm32-unknown-unknown", "--locked"], {
    cwd: ROOT,
    maxBuffer: 256 << 20,
    encoding: "utf8",
  }),
);
const packages = new Map(meta.packages.map((p) => [p.id, p]));
const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
const workspace = new Set(meta.workspace_members);

// Every package reachable from the roots through normal dependencies.
const seen = new Set();
const queue = meta.packages.filter((p) => ROOTS.includes(p.name) && workspace.has(p.id)).map((p) => p.id);
if (queue.length !== ROOTS.length) throw new Error(`not all of ${ROOTS.join(", ")} are in the workspace`);
// Procedural macros run in the compiler and leave no code in the wasm: they
// and what only they depend on are not compiled in.
const isMacro = (id) => packages.get(id).targets.some((t) => t.kind.includes("proc-macro"));
while (queue.length) {
  const id = queue.pop();
  if (seen.has(id) || isMacro(id)) continue;
  seen.add(id);
  for (const dep of nodes.get(id)?.deps ?? []) {
    if (dep.dep_kinds.some((k) => k.kind === null)) queue.push(dep.pkg);
  }
}

const third = [...seen]
  .filter((id) => !workspace.has(id))
  .map((id) => packages.get(id))
  .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));

const problems = [];
const entries = third.map((p) => {
  const dir = dirname(p.manifest_path);
  const files = readdirSync(dir)
    .filter((f) => /^(licen[cs]e|copying|notice|copyright)/i.test(f))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), "utf8").trim() }));
  const licence = p.license ?? (p.license_file ? `see ${p.license_file}` : null);
  if (!licence) problems.push(`${p.name} ${p.version}: no licence in its manifest`);
  else if (p.license) {
    for (const id of p.license.split(/\s+OR\s+|\s+AND\s+|\/|[()]/).map((s) => s.trim()).filter(Boolean)) {
      if (!ALLOWED.has(id)) problems.push(`${p.name} ${p.version}: licence ${id} is not in the allowed list`);
    }
  }
  return { p, licence, files };
});

if (process.argv[2] === "--check") {
  if (problems.length) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
  console.log(`[licences] ${third.length} third-party crates compiled in, each with an allowed licence`);
  process.exit(0);
}
const out = process.argv[2];
if (!out) throw new Error("usage: node scripts/licences.mjs OUT.txt | --check");
if (problems.length) throw new Error(problems.join("\n"));

// Licence texts shared word for word by several crates are written once.
const texts = new Map();
const lines = [
  "Third-party licences",
  "",
  "The case resolution widget's WebAssembly modules (case-resolution-app_bg.wasm,",
  "case-resolution-check_bg.wasm, case-resolution-docx_bg.wasm) are compiled from",
  "the project's own crates (MIT, see LICENSE) and the Rust crates below. The",
  "JavaScript files are the project's own and wasm-bindgen's generated glue.",
  "",
  `${third.length} crates, by name: licence (SPDX), repository.`,
  "",
];
for (const { p, licence } of entries) lines.push(`${p.name} ${p.version}: ${licence}${p.repository ? `, ${p.repository}` : ""}`);
lines.push("", "The licence files these crates ship, each text once, with the crates that ship it.", "");
for (const { p, files } of entries) {
  for (const f of files) {
    const list = texts.get(f.text) ?? [];
    list.push(`${p.name} ${p.version} (${f.name})`);
    texts.set(f.text, list);
  }
}
for (const [text, owners] of texts) {
  lines.push("=".repeat(78), ...owners, "-".repeat(78), text, "");
}
writeFileSync(out, lines.join("\n"));
console.log(`[licences] ${out}: ${third.length} crates, ${texts.size} distinct licence texts`);
