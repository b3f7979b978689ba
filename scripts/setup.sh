#!/usr/bin/env bash
# Installs everything a fresh machine lacks for building and testing the widget.
# Idempotent: each step checks first and does nothing when already satisfied.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }

# --- The pinned Rust toolchain (rust-toolchain.toml), first: every cargo and
#     rustup call inside the project resolves it. Its queries run from / so
#     that the pin does not apply to them before it exists. Where the toolchain
#     installed as "stable" is exactly the pinned release (this kind of machine
#     has one toolchain and cannot download another), a copy of it is
#     registered under the pinned name: hard links (`cp -al`: instant, no
#     space), so a later `rustup update` of stable, which writes new files,
#     leaves the pinned one as it was. (rustup refuses `toolchain link` for a
#     release's name; a symlink, as before, followed stable to a newer
#     compiler.) Otherwise rustup installs the pinned release. Either way the
#     project's `rustc -V` must then be the pinned release, or set-up stops.
pinned=$(sed -n 's/^channel = "\(.*\)"$/\1/p' rust-toolchain.toml)
toolchains="${RUSTUP_HOME:-$HOME/.rustup}/toolchains"
for link in "$toolchains/$pinned"-*; do
  # A symlink left by an earlier set-up: replaced by a copy of what it
  # points at, only while that is still the pinned release.
  if [ -L "$link" ]; then
    target=$(readlink -f "$link")
    rm "$link"
    if "$target/bin/rustc" -V 2>/dev/null | grep -q "^rustc $pinned "; then
      log "replacing the symlink $link by a copy (hard links) of $target"
      cp -al "$target" "$link"
    else
      log "removed $link: it pointed at $("$target/bin/rustc" -V 2>/dev/null || echo "nothing"), not $pinned"
    fi
  fi
done
if ! (cd / && rustup toolchain list) | grep -q "^$pinned-"; then
  stable_rustc=$(cd / && rustup which --toolchain stable rustc 2>/dev/null || true)
  if [ -n "$stable_rustc" ] && "$stable_rustc" -V | grep -q "^rustc $pinned "; then
    host=$("$stable_rustc" -vV | sed -n 's/^host: //p')
    log "registering a copy (hard links) of the installed stable Rust ($pinned) as toolchain $pinned-$host"
    cp -al "$toolchains/stable-$host" "$toolchains/$pinned-$host"
  else
    log "rustup toolchain install $pinned"
    (cd / && rustup toolchain install "$pinned" --profile minimal \
      --component rust-src,rustfmt,clippy --target wasm32-unknown-unknown)
  fi
fi
if ! rustc -V | grep -q "^rustc $pinned "; then
  log "ERROR: the project's rustc is $(rustc -V), not the pinned $pinned (rust-toolchain.toml)"
  exit 1
fi

# --- Debian packages: Chromium + driver (browser tests),
#     LibreOffice writer (reads the DOCX back in tests), brotli (size report);
#     the other engines the tests run in: Firefox ESR (Gecko) and WebKitGTK's
#     WebKitWebDriver with its MiniBrowser (WebKit, the engine behind Safari),
#     which needs a display: Xvfb (xvfb-run, xauth); zip (the release);
#     unzip and poppler-utils
#     (pdftotext, pdfinfo) read the downloaded .docx and the printed PDF.
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
command -v brotli >/dev/null 2>&1 || need_apt+=(brotli)
command -v firefox-esr >/dev/null 2>&1 || need_apt+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || need_apt+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || need_apt+=(xvfb)
command -v xauth >/dev/null 2>&1 || need_apt+=(xauth)
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
command -v zip >/dev/null 2>&1 || need_apt+=(zip)
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
  log "cargo install wasm-bindgen-cli $wb_version --locked"
  if ! cargo install wasm-bindgen-cli --version "$wb_version" --locked --quiet; then
    # On some machines one of its locked dependencies is missing from the
    # registry they reach; without --locked cargo picks versions that are there.
    log "cargo install --locked failed (see above); installing wasm-bindgen-cli $wb_version without --locked"
    cargo install wasm-bindgen-cli --version "$wb_version" --quiet
  fi
fi

# --- geckodriver (Firefox's WebDriver server) at a pinned version, from
#     crates.io: the engine suite and wasm-bindgen-test drive Firefox with it.
gecko_version=0.37.1
gecko="$(command -v geckodriver || echo "$HOME/.cargo/bin/geckodriver")"
if [ "$("$gecko" --version 2>/dev/null | awk 'NR == 1 { print $2 }')" != "$gecko_version" ]; then
  log "cargo install geckodriver $gecko_version"
  if ! cargo install geckodriver --version "$gecko_version" --locked --quiet; then
    log "cargo install --locked failed (see above); installing geckodriver $gecko_version without --locked"
    cargo install geckodriver --version "$gecko_version" --quiet
  fi
fi

# --- Node packages for the end-to-end suites (Playwright; selenium-webdriver
#     and axe-core for the Firefox and WebKit suite) and the pinned wasm-opt (binaryen),
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
