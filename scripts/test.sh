#!/usr/bin/env bash
# The README's test command: set-up, then every check CI runs, in order.
# Prints a timing line per phase and a summary; exits non-zero on any failure.
# Stops at the first failing phase, unless KEEP_GOING=1 (then runs them all).
set -euo pipefail
cd "$(dirname "$0")/.."

export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

timings=()
failures=0
start_all=$(date +%s.%N)

elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

summary() {
  echo
  echo "== timings"
  printf '%s\n' "${timings[@]}"
  echo "total: $(elapsed "$start_all")s"
}

# phase <name> <command...>: runs the command, records its time, stops on failure.
phase() {
  local name="$1"; shift
  local t0; t0=$(date +%s.%N)
  echo
  echo "== $name"
  if "$@"; then
    timings+=("$(printf '%-28s %8ss  ok' "$name" "$(elapsed "$t0")")")
    echo "[time] $name: $(elapsed "$t0")s"
  else
    local status=$?
    timings+=("$(printf '%-28s %8ss  FAILED (exit %s)' "$name" "$(elapsed "$t0")" "$status")")
    echo "[time] $name: $(elapsed "$t0")s FAILED" >&2
    failures=$((failures + 1))
    if [ "${KEEP_GOING:-0}" != 1 ]; then
      summary
      exit 1
    fi
  fi
}

# Every crate: the core, the widget, the on-demand Word and checker modules.
workspace=(--workspace)

# Browser test files: those in tests/ that configure wasm-bindgen-test to run in a browser.
browser_tests=()
for f in tests/*.rs; do
  grep -q 'wasm_bindgen_test_configure!' "$f" && browser_tests+=(--test "$(basename "$f" .rs)")
done

phase "setup" scripts/setup.sh
phase "cargo fmt --check" cargo fmt --all -- --check
phase "clippy (native)" cargo clippy "${workspace[@]}" --all-targets -- -D warnings
# The widget as a Leptos host gets it (no `embed` feature) is code of its own:
# in a workspace build the feature is always on, so it is linted alone too.
clippy_wasm() {
  cargo clippy "${workspace[@]}" --lib --target wasm32-unknown-unknown -- -D warnings &&
    cargo clippy -p case-resolution --lib --no-default-features --target wasm32-unknown-unknown -- -D warnings
}
phase "clippy (wasm32)" clippy_wasm
phase "cargo test (native)" cargo test "${workspace[@]}"
# refuse WHAT FOUND: fails, listing FOUND under WHAT, when FOUND is not empty.
refuse() {
  if [ -n "$2" ]; then
    echo "$1:" >&2
    echo "$2" >&2
    return 1
  fi
}
# The core crate and the native tools build on no browser crate (their
# Cargo.toml names none; this catches one arriving through a dependency), so
# a web officer's `cargo run --bin protocol-check` compiles none either.
no_browser_crates() {
  refuse "$1 depends on a browser crate" \
    "$(cargo tree -p "$1" -e normal,build --prefix none | grep -E '^(leptos|web-sys|js-sys|wasm-bindgen|gloo)' || true)" &&
    echo "$1: no leptos, web-sys, js-sys, wasm-bindgen or gloo in its tree"
}
phase "core crate layering" no_browser_crates case-resolution-core
phase "tools crate layering" no_browser_crates case-resolution-tools
# HTML enters the page only through ui::browser::set_html, which takes an
# escaped Html: clippy.toml refuses web-sys's set_inner_html elsewhere, and
# this refuses Leptos's `inner_html=` attribute, which takes any string.
html_sink() {
  refuse "HTML set outside ui::browser::set_html (use it, with an Html)" \
    "$(grep -rnE '(^|[^_.a-z])inner_html[[:space:]]*=' src --include='*.rs' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*//' || true)"
}
phase "one HTML sink" html_sink
# `cargo test` above already built the validator (with the test feature set);
# running that binary saves a second compile of the crate. Falls back to cargo run.
protocol_check() {
  local bin="${CARGO_TARGET_DIR:-target}/debug/protocol-check"
  if [ -x "$bin" ]; then "$bin" --strict protocols/*.toml; else cargo run -q --bin protocol-check -- --strict protocols/*.toml; fi
}
phase "protocol-check" protocol_check
# The widget's browser tests, then the example Leptos host app's (a
# separate build: it depends on the widget without the embed feature).
# Arguments: env's, before the command (variables, -u, a wrapper).
browser_test() {
  env "$@" cargo test --target wasm32-unknown-unknown "${browser_tests[@]}" &&
    env "$@" cargo test --target wasm32-unknown-unknown -p case-resolution-leptos-host
}
phase "wasm-bindgen-test (chromium)" browser_test
# The same browser tests in the other engines. The runner takes the first
# driver variable it finds (GECKODRIVER, then SAFARIDRIVER, then CHROMEDRIVER),
# so each run names one. WebKit: WebKitWebDriver starts WebKitGTK's
# MiniBrowser, which needs a display (xvfb-run).
geckodriver_bin="$(command -v geckodriver || echo "$HOME/.cargo/bin/geckodriver")"
phase "wasm-bindgen-test (firefox)" browser_test GECKODRIVER="$geckodriver_bin"
phase "wasm-bindgen-test (webkit)" browser_test -u GECKODRIVER SAFARIDRIVER="$(command -v WebKitWebDriver)" \
  xvfb-run -a
phase "build dist/" scripts/build.sh
phase "leptos host example" scripts/leptos-host.sh
# Playwright's server port: 8181 unless taken (e.g. another checkout's suite
# running on this machine), then any free port.
if [ -z "${E2E_PORT:-}" ]; then
  E2E_PORT=$(node -e '
    const net = require("net");
    const probe = (p) => { const s = net.createServer(); s.once("error", () => probe(0));
      s.listen(p, "127.0.0.1", () => { console.log(s.address().port); s.close(); }); };
    probe(8181);')
  export E2E_PORT
fi
# tests/e2e/protocol-*.spec.mjs compile synthetic protocols with protocol-data:
# the binary `cargo test` above built for tools/tests/data_files.rs, else cargo run.
protocol_data_bin="${CARGO_TARGET_DIR:-target}/debug/protocol-data"
if [ -z "${PROTOCOL_DATA_BIN:-}" ] && [ -x "$protocol_data_bin" ]; then
  PROTOCOL_DATA_BIN="$(cd "$(dirname "$protocol_data_bin")" && pwd)/protocol-data"
  export PROTOCOL_DATA_BIN
fi
# The release folder and zip from dist/ (tests/e2e/release.spec.mjs runs it
# from an unpacked copy).
phase "release (zip)" scripts/release.sh
phase "playwright (dist/)" node_modules/.bin/playwright test
# Firefox and WebKit: the scenarios of tests/engines/ (selenium-webdriver over
# geckodriver and WebKitWebDriver) against the same dist/. Alone:
# `node tests/engines/run.mjs firefox` (or webkit; --grep REGEX for some).
phase "engines (firefox)" node tests/engines/run.mjs firefox
phase "engines (webkit)" node tests/engines/run.mjs webkit
phase "size budgets" scripts/size-report.sh --check

summary
if [ "$failures" -gt 0 ]; then
  echo "$failures phase(s) FAILED." >&2
  exit 1
fi
echo "All checks passed."
