#!/usr/bin/env bash
# Installs everything a fresh machine lacks for building and testing the widget.
# Idempotent: each step checks first and does nothing when already satisfied.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }

# --- Debian packages: Chromium + driver (browser tests), binaryen (wasm-opt),
#     LibreOffice writer (reads the DOCX back in tests), brotli (size report),
#     poppler-utils (pdftotext reads printed PDFs back in tests).
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v wasm-opt >/dev/null 2>&1 || need_apt+=(binaryen)
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
command -v brotli >/dev/null 2>&1 || need_apt+=(brotli)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# --- Rust: the wasm target and wasm-bindgen-cli at exactly the Cargo.lock version.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
# rust-src: scripts/build.sh compiles the standard library for size.
if ! rustup component list --installed | grep -q '^rust-src'; then
  log "rustup component add rust-src"
  rustup component add rust-src
fi
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  log "cargo install wasm-bindgen-cli $wb_version"
  # Not --locked: one of its locked dependencies is missing from the registry here.
  cargo install wasm-bindgen-cli --version "$wb_version" --quiet
fi

# --- Node packages for the end-to-end suite and the pinned wasm-opt (binaryen),
#     from the committed lockfile. Node.js and npm come with this kind of machine.
#     PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: we drive Debian's /usr/bin/chromium.
if [ -f package-lock.json ]; then
  command -v npm >/dev/null 2>&1 || { log "npm not found: install Node.js 20+ first"; exit 1; }
  stamp=node_modules/.setup-stamp
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    log "npm ci"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent
    cp package-lock.json "$stamp"
  fi
fi
log "ready"
