#!/usr/bin/env bash
# The README's benchmark command (separate from the test command): set-up
# (scripts/setup.sh), the benchmark's own npm packages (`npm ci` in bench/,
# only when bench/package-lock.json changed), then bench/run.mjs, which builds
# dist/ (scripts/build.sh) unless --no-build. Arguments go to bench/run.mjs:
#
#   scripts/bench.sh                 full run: build, 20 runs per page and CPU rate
#   scripts/bench.sh --no-build --runs 5 --no-native
#
# Figures are reported, not asserted; see docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

scripts/setup.sh

stamp=bench/node_modules/.bench-stamp
if [ ! -f "$stamp" ] || ! cmp -s bench/package-lock.json "$stamp"; then
  echo "[bench] npm ci (bench/)"
  (cd bench && npm ci --no-audit --no-fund --silent)
  cp bench/package-lock.json "$stamp"
fi

exec node bench/run.mjs "$@"
