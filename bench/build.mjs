// Prepares bench/build/ from committed sources and node_modules (no network):
//
//   build/widget/devon.html   the widget's host page: the README's embed
//                             snippet and nothing else (the files come from dist/)
//   build/widget/picker.html  the same with no data-protocol: the partnership
//                             picker (protocols/index.json, then the one chosen)
//   build/widget/demo.html    not written: the demo page is dist/index.html
//   build/surveyjs/           index.html and main.js from bench/surveyjs/, the
//                             minified UMD survey-core and survey-js-ui, the
//                             fontless stylesheet, and model.js (devon.json)
//
// The static floor needs no build: bench/static/devon.html is served as is.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { makePeers } from "./make-peers.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
export const BUILD = `${here}build/`;

export const SURVEYJS_FILES = [
  ["node_modules/survey-core/survey.core.min.js", "survey.core.min.js"],
  ["node_modules/survey-js-ui/survey-js-ui.min.js", "survey-js-ui.min.js"],
  ["node_modules/survey-core/survey-core.fontless.min.css", "survey-core.fontless.min.css"],
];

export function buildBench() {
  for (const [from] of SURVEYJS_FILES) {
    if (!existsSync(here + from)) {
      throw new Error(`bench/${from} is missing: run \`npm ci\` in bench/ (scripts/bench.sh does it)`);
    }
  }
  makePeers();
  rmSync(BUILD, { recursive: true, force: true });
  mkdirSync(`${BUILD}widget`, { recursive: true });
  mkdirSync(`${BUILD}surveyjs`, { recursive: true });

  writeHostPage(`${BUILD}widget/devon.html`, "devon-dcfp", "Devon Children and Families Partnership");
  writeHostPage(`${BUILD}widget/picker.html`, null, "choose your partnership");

  for (const [from, to] of SURVEYJS_FILES) copyFileSync(here + from, `${BUILD}surveyjs/${to}`);
  copyFileSync(`${here}surveyjs/index.html`, `${BUILD}surveyjs/index.html`);
  copyFileSync(`${here}surveyjs/main.js`, `${BUILD}surveyjs/main.js`);
  const model = readFileSync(`${here}surveyjs/devon.json`, "utf8");
  writeFileSync(`${BUILD}surveyjs/model.js`, `window.BENCH_SURVEY_MODEL = ${model.trim()};\n`);
  const versions = Object.fromEntries(
    ["survey-core", "survey-js-ui", "playwright-core"].map((p) => [
      p,
      JSON.parse(readFileSync(`${here}node_modules/${p}/package.json`, "utf8")).version,
    ]),
  );
  return { versions };
}

/**
 * A host page holding only the embed snippet: `protocol` fixed, or null for
 * the partnership picker. No static fallback, so the page's requests are the
 * widget's own (a pasted snippet's fallback adds its stylesheet).
 */
export function writeHostPage(file, protocol, title) {
  const attr = protocol ? ` data-protocol="${protocol}"` : "";
  writeFileSync(
    file,
    `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Case resolution widget: ${title}</title>
<link rel="icon" href="data:,">
</head>
<body>
<div data-case-resolution${attr}></div>
<script type="module" src="case-resolution.js"></script>
</body>
</html>
`,
  );
}
