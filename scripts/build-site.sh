#!/usr/bin/env bash
# Builds the server and the wasm bundle with cargo-leptos, then precompresses the
# bundle (brotli + gzip) so the server can send the smallest encoding.
# Usage: scripts/build-site.sh [--release]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
if [ "${1:-}" = "--release" ]; then
  cargo leptos build --release
else
  cargo leptos build
fi
step "precompress target/site"
find target/site -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.txt' -o -name '*.xml' \) |
  while read -r f; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -k -9 "$f"
  done
