#!/usr/bin/env bash
# The release a partnership's web officer downloads: after scripts/build.sh,
#   release/case-resolution-<version>/   the files a site needs (dist/: the
#       loader, the wasm modules, the stylesheets, protocols/, fallback/ with
#       the snippets, and the demo page, which is also the tools page: the
#       protocol checker and compiler and "Copy the snippet"), EMBED.md for
#       the web officer, INFORMATION-GOVERNANCE.md, LICENSE,
#       THIRD-PARTY-LICENSES.txt and SHA256SUMS;
#   release/case-resolution-<version>.zip   the same folder, zipped: what a
#       maintainer attaches to a tagged release;
#   release/case-resolution-<version>.tgz   the same files as an npm package
#       (`npm pack`; package.json in the folder names it case-resolution-widget).
# The version is the crates' (Cargo.toml); the loader reports it as
# window.CaseResolution.version. release/ is not committed.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f dist/case-resolution.js ] || { echo "[release] dist/ is missing: run scripts/build.sh first" >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[ -n "$version" ] || { echo "[release] no version in Cargo.toml" >&2; exit 1; }
grep -qF "\"$version\"" dist/case-resolution.js ||
  { echo "[release] dist/case-resolution.js does not carry version $version: build again" >&2; exit 1; }

name="case-resolution-$version"
out="release/$name"
rm -rf "$out" "release/$name.zip"
mkdir -p "$out"
cp -R dist/. "$out/"
cp LICENSE docs/release/EMBED.md docs/release/INFORMATION-GOVERNANCE.md "$out/"
# The licences of the third-party crates compiled into the wasm modules.
node scripts/licences.mjs "$out/THIRD-PARTY-LICENSES.txt"
# The npm package's manifest: the same files, the same version.
cat >"$out/package.json" <<JSON
{
  "name": "case-resolution-widget",
  "version": "$version",
  "description": "Embeddable case resolution (professional disagreement escalation) widget for safeguarding partnerships: static files to serve, see EMBED.md",
  "license": "MIT",
  "type": "module",
  "exports": { ".": "./case-resolution.js", "./*": "./*" }
}
JSON
(cd "$out" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum >SHA256SUMS)
(cd release && zip -q -X -r "$name.zip" "$name")
# The npm package: the same folder, as npm packs it (package/…).
(cd "$out" && npm pack --silent --pack-destination .. >/dev/null)
mv "release/case-resolution-widget-$version.tgz" "release/$name.tgz"
bytes=$(stat -c %s "release/$name.zip")
files=$(wc -l <"$out/SHA256SUMS")
echo "[release] release/$name.zip: $files files, $((bytes / 1024)) KB; release/$name.tgz (npm pack): $(($(stat -c %s "release/$name.tgz") / 1024)) KB"
