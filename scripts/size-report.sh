#!/usr/bin/env bash
# Size report for dist/: each file raw, gzip -9 and brotli (-q 11), split into
# the initial bundle (everything a partnership's page loads to show the
# widget: the loader with its glue, the wasm, stylesheets), files loaded on demand (the Word
# exporter, the protocol checker), the demo page's own files and the snippets,
# with totals. Writes target/size-report.json.
#
#   scripts/size-report.sh           report
#   scripts/size-report.sh --check   report, then exit 1 if a budget is exceeded
#                                    (a fixed-protocol embed <= 135 KB brotli;
#                                    each on-demand module <= 250 KB) or if
#                                    the widget's wasm holds a protocol's text
#                                    (protocols are data)
#   scripts/size-report.sh --markdown  report, then print it as a Markdown table
#                                    (for docs/performance.md)
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
markdown=0
[ "${1:-}" = "--check" ] && check=1
[ "${1:-}" = "--markdown" ] && markdown=1
dist=dist
report="${CARGO_TARGET_DIR:-target}/size-report.json"
# The initial bundle is what a partnership's page loads (the size budget's measure):
# the demo page's own files (index.html, which also carries every
# partnership's snippet with its fallback, demo.js, demo.css) are listed apart
# and not counted. Until the snippets carried static fallbacks (and the demo
# page every partnership's snippet) they were counted, as a margin. A build
# without the size-optimised std (build.sh's fallback, about +13 KB) may fail
# the budget: that is meant to be noticed.
# The budget is for a fixed-protocol embed: the code (the loader with the
# wasm-bindgen glue, the wasm, stylesheets) plus one protocol's data file,
# the largest.
embed_budget=$((135 * 1024))
exporter_budget=$((250 * 1024))

[ -f "$dist/case-resolution-app_bg.wasm" ] || { echo "size-report: $dist/ is not built (scripts/build.sh)" >&2; exit 2; }
mkdir -p "$(dirname "$report")"

kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

# On demand: the Word exporter and the protocol checker (glue + wasm each).
# Snippets: dist/fallback/, the embed snippets with their static fallbacks,
# which a host page pastes into its own markup and no page fetches (the demo
# page's copies are in index.html, counted there); listed, not in a total.
# Everything else is initial.
is_on_demand() { case "$1" in case-resolution-docx* | case-resolution-check*) return 0 ;; *) return 1 ;; esac; }
is_snippet() { case "$1" in fallback/*) return 0 ;; *) return 1 ;; esac; }
is_protocol() { case "$1" in protocols/*) return 0 ;; *) return 1 ;; esac; }
# The demo page's files, and the partnership's report page's (report.html:
# the quality group's page, which loads the checker module, not the widget).
is_demo() { case "$1" in index.html | demo.js | demo.css | report.html | report.js | report.css | case-resolution-report*) return 0 ;; *) return 1 ;; esac; }

declare -A group_raw group_gz group_br
group_raw=([initial]=0 [on_demand]=0 [snippet]=0 [demo]=0 [protocols]=0); group_gz=([initial]=0 [on_demand]=0 [snippet]=0 [demo]=0 [protocols]=0); group_br=([initial]=0 [on_demand]=0 [snippet]=0 [demo]=0 [protocols]=0)
# The largest protocol data file (brotli) and the picker's index.
max_protocol_br=0
max_protocol=""
index_br=0
declare -A exporter_br
rows=()
json_files=""

while IFS= read -r file; do
  rel="${file#"$dist"/}"
  raw=$(wc -c <"$file")
  gz=$(gzip -9 -n -c "$file" | wc -c)
  br=$(brotli -q 11 -c "$file" | wc -c)
  group=initial
  if is_snippet "$rel"; then
    group=snippet
  elif is_demo "$rel"; then
    group=demo
  elif is_protocol "$rel"; then
    group=protocols
    if [ "$rel" = protocols/index.json ]; then
      index_br=$br
    elif [ "$br" -gt "$max_protocol_br" ]; then
      max_protocol_br=$br
      max_protocol=$rel
    fi
  elif is_on_demand "$rel"; then
    group=on_demand
    exporter="${rel%%[._]*}"
    exporter_br[$exporter]=$(( ${exporter_br[$exporter]:-0} + br ))
  fi
  group_raw[$group]=$(( group_raw[$group] + raw ))
  group_gz[$group]=$(( group_gz[$group] + gz ))
  group_br[$group]=$(( group_br[$group] + br ))
  rows+=("$group|$rel|$raw|$gz|$br")
  json_files+="${json_files:+,}
    {\"file\": \"$rel\", \"group\": \"$group\", \"raw\": $raw, \"gzip\": $gz, \"brotli\": $br}"
done < <(find "$dist" -type f | LC_ALL=C sort)

line() { printf '  %-36s %10s %10s %10s\n' "$@"; }
print_group() {
  local group="$1" title="$2" row
  echo "$title"
  for row in "${rows[@]}"; do
    IFS='|' read -r g rel raw gz br <<<"$row"
    [ "$g" = "$group" ] || continue
    line "$rel" "$(kb "$raw")" "$(kb "$gz")" "$(kb "$br")"
  done
  line "total" "$(kb "${group_raw[$group]}")" "$(kb "${group_gz[$group]}")" "$(kb "${group_br[$group]}")"
}

echo
echo "Size report (KB = 1024 bytes)"
line "file" "raw" "gzip -9" "brotli"
print_group initial "Code, what every partnership's page loads (loader, glue, wasm, stylesheets):"
print_group protocols "Protocol data files (a page loads one, the picker also the index):"
print_group on_demand "On demand (budget $(kb $exporter_budget) KB brotli per exporter):"
print_group demo "The demo and report pages' own files (not a practitioner's page; not in a budget):"
if [ "${group_raw[snippet]}" -gt 0 ]; then
  print_group snippet "Snippets with their static fallbacks (pasted into host pages, not fetched; not in a budget):"
fi
fixed_embed=$(( group_br[initial] + max_protocol_br ))
picker_embed=$(( group_br[initial] + index_br + max_protocol_br ))
echo "A fixed-protocol embed loads the code and one protocol: $(kb $fixed_embed) KB brotli with the largest ($max_protocol), budget $(kb $embed_budget) KB."
echo "A picker embed loads the code, the index and the protocol chosen: $(kb $picker_embed) KB brotli at most."
line "initial + on demand" "$(kb $(( group_raw[initial] + group_raw[on_demand] )))" \
  "$(kb $(( group_gz[initial] + group_gz[on_demand] )))" "$(kb $(( group_br[initial] + group_br[on_demand] )))"

json_exporters=""
for e in "${!exporter_br[@]}"; do
  json_exporters+="${json_exporters:+, }\"$e\": ${exporter_br[$e]}"
done
cat >"$report" <<JSON
{
  "unit": "bytes",
  "files": [$json_files
  ],
  "initial": {"raw": ${group_raw[initial]}, "gzip": ${group_gz[initial]}, "brotli": ${group_br[initial]}},
  "protocols": {"count": $(find "$dist/protocols" -name '*.txt' | wc -l), "largest": "$max_protocol", "largest_brotli": $max_protocol_br, "index_brotli": $index_br, "all_brotli": ${group_br[protocols]}},
  "fixed_embed": {"brotli": $fixed_embed, "budget_brotli": $embed_budget},
  "picker_embed": {"brotli": $picker_embed},
  "on_demand": {"raw": ${group_raw[on_demand]}, "gzip": ${group_gz[on_demand]}, "brotli": ${group_br[on_demand]}, "budget_brotli_per_exporter": $exporter_budget, "exporters_brotli": {$json_exporters}}
}
JSON
echo "(written to $report)"

if [ "$markdown" = 1 ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const kb = (b) => (b / 1024).toFixed(1);
    const rows = ["| file | group | raw KB | gzip -9 KB | brotli KB |", "| --- | --- | ---: | ---: | ---: |"];
    for (const f of r.files.filter((f) => f.group !== "snippet" && f.group !== "demo" && f.group !== "protocols")) rows.push(`| \`${f.file}\` | ${f.group.replace("_", " ")} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`);
    for (const g of ["initial", "on_demand"]) rows.push(`| **total** | ${g.replace("_", " ")} | ${kb(r[g].raw)} | ${kb(r[g].gzip)} | **${kb(r[g].brotli)}** |`);
    rows.push(`| \`${r.protocols.largest}\` | largest of ${r.protocols.count} protocol data files | | | ${kb(r.protocols.largest_brotli)} |`);
    rows.push(`| \`protocols/index.json\` | the picker index | | | ${kb(r.protocols.index_brotli)} |`);
    rows.push(`| **fixed-protocol embed** | code + one protocol | | | **${kb(r.fixed_embed.brotli)}** |`);
    console.log("\n" + rows.join("\n"));
  ' "$report"
fi

if [ "$check" = 1 ]; then
  failed=0
  if [ "$fixed_embed" -gt "$embed_budget" ]; then
    echo "BUDGET EXCEEDED: a fixed-protocol embed is $(kb "$fixed_embed") KB brotli, budget $(kb $embed_budget) KB" >&2
    failed=1
  fi
  # The wasm holds code only: no protocol's name may be in it.
  if ! node -e '
    const fs = require("fs");
    const [wasm, index] = process.argv.slice(1);
    const bytes = fs.readFileSync(wasm);
    const names = JSON.parse(fs.readFileSync(index, "utf8")).protocols.map((p) => p.name);
    const found = names.filter((n) => bytes.includes(Buffer.from(n, "utf8")));
    if (!names.length) { console.error("no protocols in " + index); process.exit(1); }
    if (found.length) { console.error("PROTOCOL TEXT IN THE WASM: " + found.join("; ")); process.exit(1); }
    console.log(`The widget wasm holds none of the ${names.length} protocols names: protocols are data only.`);
  ' "$dist/case-resolution-app_bg.wasm" "$dist/protocols/index.json"; then
    failed=1
  fi
  # Exports are roots no dead-code pass removes: the widget's are its three
  # entry points and wasm-bindgen's own. A dependency exporting more (as
  # wasm-streams did, 5.4 KB: vendor/wasm-streams) fails here.
  if ! node -e '
    const bytes = require("fs").readFileSync(process.argv[1]);
    WebAssembly.compile(bytes).then((m) => {
      const own = new Set(["memory", "mount", "mount_all", "set_base", "__abort_handler", "__instance_terminated"]);
      const other = WebAssembly.Module.exports(m).map((e) => e.name)
        .filter((n) => !own.has(n) && !/^__wbindgen_|^__externref_|^_WASM_SPLIT_MARKER_|^wasm_bindgen_[0-9a-f]+___convert__closures/.test(n));
      if (other.length) {
        console.error("UNEXPECTED WASM EXPORTS (each keeps its code in every page view): " + other.join(" "));
        if (other.some((n) => /stream/i.test(n))) console.error("wasm-streams exports: is cargo still applying the [patch.crates-io] wasm-streams = { path = \"vendor/wasm-streams\" } in Cargo.toml? (`cargo tree -i wasm-streams` shows its path when it is)");
        process.exit(1);
      }
      console.log("The widget wasm exports only its entry points and wasm-bindgen internals.");
    });
  ' "$dist/case-resolution-app_bg.wasm"; then
    failed=1
  fi
  for e in "${!exporter_br[@]}"; do
    if [ "${exporter_br[$e]}" -gt "$exporter_budget" ]; then
      echo "BUDGET EXCEEDED: $e is $(kb "${exporter_br[$e]}") KB brotli, budget $(kb $exporter_budget) KB" >&2
      failed=1
    fi
  done
  [ "$failed" = 0 ] && echo "Size budgets: OK (fixed-protocol embed $(kb "$fixed_embed") KB of $(kb $embed_budget); each on-demand module within $(kb $exporter_budget) KB)"
  exit "$failed"
fi
