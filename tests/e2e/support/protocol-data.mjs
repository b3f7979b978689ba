// Protocol data files for the end-to-end suite: synthetic
// partnerships derived from protocols/*.toml, compiled with the
// protocol-data tool into a copy of dist/, served beside the real one.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DIST, ROOT, TARGET } from "./proof.mjs";
import { startServer } from "../../../scripts/serve.mjs";

/** The bundled protocol files, by file name (the order of `BUNDLED`). */
export function bundledToml() {
  return readdirSync(join(ROOT, "protocols"))
    .filter((f) => f.endsWith(".toml"))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(ROOT, "protocols", file), "utf8") }));
}

/** The first top-level `key = "value"` line's value. */
function topLevel(text, key) {
  return text.match(new RegExp(`\\n${key} = "([^"\\n]*)"\\n`))?.[1];
}

/**
 * A protocol file with its own id, name and area: the first top-level
 * `id = …`, `name = …` and `area = …` lines replaced (as
 * tests/data_files.rs `synthetic()` does); the guidance is unchanged.
 */
export function renamed(text, { id, name, area }) {
  const swap = (t, key, value) => {
    const old = topLevel(t, key);
    if (old === undefined) throw new Error(`no top-level ${key} line`);
    return t.replace(`\n${key} = "${old}"\n`, `\n${key} = "${value}"\n`);
  };
  let out = text;
  if (id !== undefined) out = swap(out, "id", id);
  if (name !== undefined) out = swap(out, "name", name);
  if (area !== undefined) out = swap(out, "area", area);
  return out;
}

/**
 * `n` synthetic protocols, mirroring tests/data_files.rs `synthetic()`:
 * protocol i is bundled file i mod 5 with id `p{iii}-{id}`, name
 * `Partnership {iii} ({name})` and area `Area {iii}`. Returns
 * [{ file, id, name, base }].
 */
export function synthetic(dir, n) {
  mkdirSync(dir, { recursive: true });
  const bundled = bundledToml();
  const out = [];
  for (let i = 0; i < n; i++) {
    const { text } = bundled[i % bundled.length];
    const base = { id: topLevel(text, "id"), name: topLevel(text, "name") };
    const k = String(i).padStart(3, "0");
    const p = { id: `p${k}-${base.id}`, name: `Partnership ${k} (${base.name})`, area: `Area ${k}` };
    const file = `p${k}.toml`;
    writeFileSync(join(dir, file), renamed(text, p));
    out.push({ file, ...p, base: base.id });
  }
  return out;
}

/**
 * Runs the protocol-data tool: `$PROTOCOL_DATA_BIN` when set (a prebuilt
 * binary), else `cargo run --quiet --bin protocol-data` (a native build;
 * CARGO_TARGET_DIR is honoured). Throws with the tool's output on failure.
 */
export function protocolData(out, from) {
  const args = ["--out", out, "--from", from];
  const [cmd, argv] = process.env.PROTOCOL_DATA_BIN
    ? [process.env.PROTOCOL_DATA_BIN, args]
    : ["cargo", ["run", "--quiet", "--bin", "protocol-data", "--", ...args]];
  try {
    return execFileSync(cmd, argv, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 900_000 });
  } catch (e) {
    throw new Error(`protocol-data --out ${out} --from ${from} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

/** A fresh scratch directory under target/ for this process. */
export function scratch(name) {
  const dir = join(TARGET, "e2e-protocol-data", `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A copy of dist/ in `dir`, with `pages` ({ "name.html": html }) added;
 * with `protocols` (a directory of TOML files), its protocols/ holds only
 * those, compiled by protocol-data.
 */
export function distCopy(dir, { pages = {}, protocols } = {}) {
  cpSync(DIST, dir, { recursive: true });
  if (protocols) {
    rmSync(join(dir, "protocols"), { recursive: true, force: true });
    protocolData(dir, protocols);
  }
  for (const [name, html] of Object.entries(pages)) writeFileSync(join(dir, name), html);
  return dir;
}

/**
 * A host page with one widget: data-protocol=`id`, or the picker when `id`
 * is undefined; `null`: no widget (the page mounts its own).
 */
export function hostPage(id) {
  const attr = id === undefined ? "" : ` data-protocol="${id}"`;
  return `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>A partnership's page</title>
    <link rel="icon" href="data:,">
  </head>
  <body>
    <main>
      <h1>Resolving professional disagreements</h1>
      ${id === null ? "" : `<div data-case-resolution${attr}></div>`}
    </main>
    <script type="module" src="case-resolution.js"></script>
  </body>
</html>
`;
}

/** Serves `root` with scripts/serve.mjs (strict CSP) on a free port. */
export function serve(root) {
  return startServer({ root, port: 0 });
}
