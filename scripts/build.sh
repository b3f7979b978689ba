#!/usr/bin/env bash
# Release build of the widget into dist/, with stable file names (no hashes) so
# a partnership can copy the files to its own site and reference them by name.
#
#   dist/index.html                      demo page
#   dist/case-resolution.js              loader: the one <script type="module"> a host page includes,
#                                        with the widget's wasm-bindgen glue bundled in
#   dist/case-resolution.css             widget styles (every class prefixed cr-)
#   dist/demo.js                         demo page behaviour
#   dist/*.css                           any other stylesheet in web/
#   dist/case-resolution-app_bg.wasm     the widget (wasm-opt -Oz)
#   dist/snippets/                       JS snippets, only if wasm-bindgen emits any
#   dist/case-resolution-docx.js         Word exporter glue, loaded on demand   } only if the
#   dist/case-resolution-docx_bg.wasm    Word exporter (wasm-opt -Oz)           } docx-export/ crate exists
#   dist/case-resolution-check.js        checker glue, loaded on demand (custom protocol files, "Load a saved draft")
#   dist/case-resolution-check_bg.wasm   TOML parser and validator, JSON draft reader (wasm-opt -Oz)
#   dist/case-resolution-report.js, _bg.wasm  the report page's module (report.html only)
#   dist/case-resolution-fallback.css    the static fallback's styles, linked into the host page by the loader
#   dist/protocols/<id>.txt              one compiled protocol per file in protocols/ (fetched by a widget with that id)
#   dist/protocols/index.json            the partnership picker's list (id, name, short name, area)
#   dist/fallback/<id>.html, picker.html the embed snippet with its static fallback, per bundled protocol
#                                        (pasted into host pages, never fetched; also filled into index.html)
#
# Ends with the size report (scripts/size-report.sh). Does not run set-up:
# scripts/run.sh and scripts/test.sh do.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir="${CARGO_TARGET_DIR:-target}"
wasm_dir="$target_dir/wasm32-unknown-unknown/release"
dist=dist

# wasm-opt: binaryen from the committed npm lockfile (pinned, so sizes are
# deterministic for the budget check). Not Debian's binaryen 108: it exports
# the funcref table in place of wasm-bindgen's externref table, and the module
# then fails to start ("WebAssembly.Table.set(): ... function-typed object").
wasm_opt=node_modules/.bin/wasm-opt
[ -x "$wasm_opt" ] || { echo "[build] $wasm_opt missing: run scripts/setup.sh" >&2; exit 1; }
# The features rustc's wasm32-unknown-unknown output uses (Rust >= 1.82).
opt_features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-multivalue --enable-reference-types)
strip=(--strip-debug --strip-producers --strip-target-features)

have_docx=0
[ -f docx-export/Cargo.toml ] && have_docx=1

# The standard library rebuilt for size, with `panic=immediate-abort`: a panic
# becomes a bare trap, as `panic=abort` already made it, minus the panic
# message formatting that nothing ever showed (wasm32-unknown-unknown has no
# stderr). -13 KB brotli on the widget (docs/performance.md, "Size"). For the same reason
# `-Zlocation-detail=none` leaves out the file names and line numbers that
# panics would have reported (-1.1 KB). All need unstable flags;
# RUSTC_BOOTSTRAP=1 allows them on the stable toolchain, for these builds
# only, and setup.sh installs the rust-src component they compile.
# CR_PLAIN_STD=1, or a toolchain that refuses the flags, gives the plain build.
small_std=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
small_flags="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
wasm_build() {
  if [ "${CR_PLAIN_STD:-0}" != 1 ] &&
    RUSTC_BOOTSTRAP=1 RUSTFLAGS="$small_flags ${RUSTFLAGS:-}" \
      cargo build --release --target wasm32-unknown-unknown --lib "${small_std[@]}" "$@"; then
    return
  fi
  [ "${CR_PLAIN_STD:-0}" = 1 ] || echo "[build] WARNING: the size-optimised std build failed; building with the prebuilt std (larger wasm)" >&2
  cargo build --release --target wasm32-unknown-unknown --lib "$@"
}

echo "[build] cargo build --release (wasm32)"
wasm_build
if [ "$have_docx" = 1 ]; then
  wasm_build --manifest-path docx-export/Cargo.toml
fi
wasm_build --manifest-path check-export/Cargo.toml
wasm_build --manifest-path report-export/Cargo.toml

rm -rf "$dist"
mkdir -p "$dist"

echo "[build] short-imports (native)"
cargo build --quiet --release -p case-resolution-short-imports
short_imports=target/release/short-imports

# bindgen <input.wasm> <out-name> [wasm-opt flags]: glue + wasm into dist/,
# then optimise the wasm (default -Oz).
bindgen() {
  local input="$1" name="$2"
  shift 2
  local opt=("${@:--Oz}")
  echo "[build] wasm-bindgen $name"
  wasm-bindgen --target web --no-typescript --out-dir "$dist" --out-name "$name" "$input"
  # Short import names in the wasm and its glue alike (docs/performance.md).
  "$short_imports" "$dist/${name}_bg.wasm" "$dist/${name}.js"
  echo "[build] wasm-opt ${opt[*]} $name"
  "$wasm_opt" "${opt[@]}" "${opt_features[@]}" "${strip[@]}" -o "$dist/${name}_bg.wasm" "$dist/${name}_bg.wasm"
}

# The widget: -Oz repeated until it stops shrinking (-0.9 KB brotli, ~20 s).
bindgen "$wasm_dir/case_resolution.wasm" case-resolution-app -Oz --converge
bindgen "$wasm_dir/case_resolution_check.wasm" case-resolution-check
# The report page's own module (report.html): not the widget's.
bindgen "$wasm_dir/case_resolution_report.wasm" case-resolution-report
if [ "$have_docx" = 1 ]; then
  bindgen "$wasm_dir/case_resolution_docx.wasm" case-resolution-docx
fi

# The protocols as data files: the wasm holds code only. Stops the
# build, naming file, line and field, if any protocol file has a mistake.
echo "[build] protocol-data (dist/protocols/)"
cargo run --quiet --bin protocol-data -- --out "$dist"

# The embed snippets with their static fallbacks, from the
# protocols as compiled into the widget: dist/fallback/, and the demo page
# with its build markers filled in (core/src/fallback.rs, tools/src/bin/fallback-html.rs).
# A native build of the crate (debug profile, shared with `cargo test`).
echo "[build] fallback-html (dist/fallback/, dist/index.html)"
cargo run --quiet --bin fallback-html -- --out "$dist" --page index.html
# The loader, the demo's script and every stylesheet in web/ but form.css,
# which is appended to the widget's stylesheet: one file, one request, and the
# same rules as the HTML download (core/src/form/html.rs inlines form.css).
cp web/case-resolution.js web/demo.js web/report.js web/report.html "$dist/"
for css in web/*.css; do
  [ "$css" = web/form.css ] || cp "$css" "$dist/"
done
{ echo; cat web/form.css; } >>"$dist/case-resolution.css"

# Minify every script and stylesheet in dist/ (esbuild, pinned in
# package-lock.json): comments and whitespace out, local names shortened, no
# bundling and no syntax lowering, so each file keeps its imports, its
# `import.meta.url` and its name. -4.9 KB brotli on the initial bundle
# (docs/performance.md, "Size"). The readable sources are in web/.
esbuild=node_modules/.bin/esbuild
[ -x "$esbuild" ] || { echo "[build] $esbuild missing: run scripts/setup.sh" >&2; exit 1; }
echo "[build] esbuild --minify (dist/*.js, dist/*.css)"
while IFS= read -r -d '' file; do
  "$esbuild" "$file" --minify --log-level=warning --allow-overwrite --outfile="$file"
done < <(find "$dist" -type f \( -name '*.js' -o -name '*.css' \) -print0)
# The loader carries the widget's glue (bundled: one request fewer, and the
# wasm compiles while it downloads; docs/performance.md, "Start-up"); the
# checker module stays a file of its own, loaded on first use. The one file a
# host page names keeps a pointer to its documentation.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
# The hashes of the files the loader fetches or links (every wasm, the
# on-demand modules' scripts, the stylesheets), written into it: it starts
# each wasm only from bytes that match, and sets the hashes on scripts and
# stylesheets (scripts/integrity.mjs; docs/embedding.md, "Integrity").
integrity=$(node scripts/integrity.mjs hashes "$dist")
"$esbuild" "$dist/case-resolution.js" --bundle --format=esm --minify --log-level=warning --allow-overwrite \
  --external:./case-resolution-check.js --define:CR_VERSION="\"$version\"" \
  --define:CR_INTEGRITY="$integrity" \
  --outfile="$dist/case-resolution.js" \
  --banner:js="// Case resolution widget loader (minified; source web/case-resolution.js, options in README.md)"
rm "$dist/case-resolution-app.js"
# The loader's own hash, on the snippets and the demo page's <script>.
node scripts/integrity.mjs stamp "$dist"

scripts/size-report.sh
