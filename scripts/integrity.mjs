// Subresource Integrity for a built dist/ (scripts/build.sh):
//
//   node scripts/integrity.mjs hashes <dist>   prints the JSON the loader is
//     built with (CR_INTEGRITY): "sha256-…" for every wasm, every on-demand
//     module's script and every stylesheet in <dist>, by file name. The
//     loader checks each wasm against it before starting it and sets it on
//     the scripts and stylesheets it and the widget add.
//   node scripts/integrity.mjs stamp <dist>    adds the built loader's own
//     hash to every <script type="module" src="…case-resolution.js"> in
//     <dist>/index.html and <dist>/fallback/*.html (the snippets).
//
// Protocol data files (protocols/) are not hashed: a partnership may compile
// and drop in its own. Node's crypto only, no dependency.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const [mode, dist] = process.argv.slice(2);
if (!dist || !["hashes", "stamp"].includes(mode)) {
  console.error("usage: node scripts/integrity.mjs hashes|stamp <dist>");
  process.exit(2);
}
// SHA-256: as strong as the check needs, and each hash 20 characters
// shorter than SHA-384's in the loader every page downloads.
const sri = (file) => `sha256-${createHash("sha256").update(readFileSync(file)).digest("base64")}`;

if (mode === "hashes") {
  const hashes = {};
  for (const name of readdirSync(dist).sort()) {
    // The widget's own files: every wasm, its stylesheets and the
    // on-demand modules' glue; not the loader (its hash is in the snippet),
    // nor the demo and report pages' files.
    const hashed =
      name.endsWith(".wasm") ||
      (name.startsWith("case-resolution") && name.endsWith(".css")) ||
      ["case-resolution-check.js", "case-resolution-docx.js"].includes(name);
    if (hashed) hashes[name] = sri(join(dist, name));
  }
  process.stdout.write(JSON.stringify(hashes));
} else {
  const hash = sri(join(dist, "case-resolution.js"));
  const pages = [join(dist, "index.html")];
  const fallback = join(dist, "fallback");
  if (existsSync(fallback)) {
    for (const name of readdirSync(fallback)) if (name.endsWith(".html")) pages.push(join(fallback, name));
  }
  let stamped = 0;
  for (const page of pages) {
    if (!existsSync(page)) continue;
    const text = readFileSync(page, "utf8");
    const next = text.replace(
      /<script type="module" src="([^"]*case-resolution\.js)"( integrity="[^"]*")?><\/script>/g,
      (_, src) => {
        stamped++;
        return `<script type="module" src="${src}" integrity="${hash}"></script>`;
      },
    );
    if (next !== text) writeFileSync(page, next);
  }
  if (stamped === 0) {
    console.error("integrity: no loader <script> found to stamp");
    process.exit(1);
  }
  console.log(`[integrity] the loader's hash stamped on ${stamped} snippet(s): ${hash}`);
}
