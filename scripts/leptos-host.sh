#!/usr/bin/env bash
# The example Leptos host app (examples/leptos-host): builds it for the
# browser into target/leptos-host/ and checks that its wasm exports none of
# the snippet's functions (mount, mount_all, set_base: the embed layer, off
# when a host depends on the crate without default features). The same check
# runs on the widget's own wasm, which must export them, so that it can fail.
# Serve the result beside a release:
#   target/leptos-host/index.html expects the widget's files in ../../dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/leptos-host
echo "[leptos-host] cargo build --release (wasm32)"
cargo build --quiet --release --target wasm32-unknown-unknown -p case-resolution-leptos-host
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name leptos-host \
  target/wasm32-unknown-unknown/release/case_resolution_leptos_host.wasm
cp examples/leptos-host/index.html examples/leptos-host/main.js "$out/"

# exports FILE: the wasm's export names, one a line.
exports() {
  node -e 'const fs = require("fs");
    const names = WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(process.argv[1])));
    for (const e of names) console.log(e.name);' "$1"
}
embed='^(mount|mount_all|set_base)$'
found=$(exports "$out/leptos-host_bg.wasm" | grep -E "$embed" || true)
if [ -n "$found" ]; then
  echo "[leptos-host] the host app's wasm exports the embed layer's functions:" >&2
  echo "$found" >&2
  exit 1
fi
if [ -f dist/case-resolution-app_bg.wasm ] &&
  [ "$(exports dist/case-resolution-app_bg.wasm | grep -cE "$embed")" != 3 ]; then
  echo "[leptos-host] the check is broken: the widget's own wasm should export mount, mount_all and set_base" >&2
  exit 1
fi
echo "[leptos-host] $out: its wasm exports $(exports "$out/leptos-host_bg.wasm" | wc -l) names, none of mount, mount_all, set_base"
