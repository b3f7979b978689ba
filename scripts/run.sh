#!/usr/bin/env bash
# The README's run command: set-up, release build into dist/, then serve the
# demo page on http://127.0.0.1:8080 (PORT=... to change) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8080}"
scripts/setup.sh
scripts/build.sh
echo
echo "Demo page: http://127.0.0.1:$port/"
exec node scripts/serve.mjs --port "$port"
