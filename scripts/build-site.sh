#!/usr/bin/env bash
# Builds the site without cargo-leptos (whose own build, ~700 crates including swc,
# libgit2 and a vendored OpenSSL, cost 20+ minutes on a cold machine for four steps
# we can do directly):
#   1. the server binary (`cargo build -p server`),
#   2. the hydrate bundle (`cargo build -p frontend --target wasm32-unknown-unknown`
#      in its own target dir, so the ssr and hydrate features of `app` never unify),
#      then `wasm-bindgen --target web` and, in release, `wasm-opt -Oz`,
#   3. the stylesheet through lightningcss (prefixes for `browserslist` "defaults";
#      minified in release) and `public/` copied into the site root,
#   4. content hashes in the bundle's file names (`dezky.<hash>.wasm`) and the
#      `hash.txt` that leptos' HydrationScripts reads next to the executable, then
#      brotli + gzip copies so the server sends the smallest encoding.
# The names come from `[[workspace.metadata.leptos]]` in Cargo.toml (output-name
# "dezky", site-root "target/site", pkg dir "pkg").
#
# Usage: scripts/build-site.sh [--release]
# DEZKY_LINT=1 runs clippy (-D warnings) on our own crates while they compile
# (clippy-driver as RUSTC_WORKSPACE_WRAPPER): the lint costs no second pass over the
# dependencies, which a separate `cargo clippy` would check again from scratch.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

release=""
[ "${1:-}" = "--release" ] && release=1
site=target/site
pkg="$site/pkg"
front_target="$CARGO_TARGET_DIR/front"
lint_env

if [ -n "$release" ]; then
  server_args=(--release)
  wasm_args=(--profile wasm-release)
  wasm_out="$front_target/wasm32-unknown-unknown/wasm-release"
  bin_dir="$CARGO_TARGET_DIR/release"
  rustflags=""
else
  server_args=()
  wasm_args=()
  wasm_out="$front_target/wasm32-unknown-unknown/debug"
  bin_dir="$CARGO_TARGET_DIR/debug"
  rustflags="$DEBUG_RUSTFLAGS"
fi

# The two builds share no compiled crate (the wasm one has its own target dir), so
# they run side by side: each one's serial stretches (build scripts, the big `app`
# crate, linking) leave a core free for the other.
step "build: hydrate bundle (wasm32) and server (ssr), in parallel"
logs=$(mktemp -d)
RUSTFLAGS="$rustflags" cargo build --locked -p frontend --lib --target wasm32-unknown-unknown \
  --target-dir "$front_target" "${wasm_args[@]}" >"$logs/wasm.log" 2>&1 &
wasm_pid=$!
RUSTFLAGS="$rustflags" cargo build --locked -p server --bin dezky "${server_args[@]}" >"$logs/server.log" 2>&1 &
server_pid=$!
# Progress while they work (a first build compiles ~1,000 crates).
started=$(date +%s)
ticks=0
while kill -0 "$wasm_pid" 2>/dev/null || kill -0 "$server_pid" 2>/dev/null; do
  sleep 1
  ticks=$((ticks + 1))
  [ $((ticks % 30)) -eq 0 ] || continue
  printf '  … %3d s: compiled %s crates for the wasm bundle, %s for the server\n' \
    "$(($(date +%s) - started))" "$(grep -c '^ *Compiling' "$logs/wasm.log")" "$(grep -c '^ *Compiling' "$logs/server.log")"
done
failed=""
wait "$wasm_pid" || failed+=" wasm"
wait "$server_pid" || failed+=" server"
for part in wasm server; do
  grep -E '^(warning|error)' -A12 "$logs/$part.log" || true
  tail -n 1 "$logs/$part.log"
done
if [ -n "$failed" ]; then
  for part in $failed; do
    echo "---- the $part build failed:" >&2
    cat "$logs/$part.log" >&2
  done
  exit 1
fi
rm -rf "$logs"

step "site: wasm-bindgen, css, public/, hashes"
rm -rf "$site"
mkdir -p "$pkg"
cp -r public/. "$site/"
wasm-bindgen --target web --no-typescript --out-name dezky --out-dir "$pkg" "$wasm_out/frontend.wasm"
mv "$pkg/dezky_bg.wasm" "$pkg/dezky.wasm"
if [ -n "$release" ]; then
  # wasm-opt takes minutes on one core: its output is kept per input.
  optimised="$front_target/wasm-opt-$(sha256sum "$pkg/dezky.wasm" | cut -c1-16).wasm"
  if [ ! -f "$optimised" ]; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$pkg/dezky.wasm" -o "$optimised.tmp"
    mv "$optimised.tmp" "$optimised"
  fi
  cp "$optimised" "$pkg/dezky.wasm"
  lightningcss --bundle --minify --browserslist style/main.css -o "$pkg/dezky.css"
else
  lightningcss --bundle --browserslist style/main.css -o "$pkg/dezky.css"
fi

# Content hashes: leptos reads `hash.txt` beside the executable ("js: H", "wasm: H",
# "css: H") and links `/pkg/dezky.H.ext`; the server marks such names immutable.
hashes=""
for ext in js wasm css; do
  h=$(sha256sum "$pkg/dezky.$ext" | cut -c1-20)
  mv "$pkg/dezky.$ext" "$pkg/dezky.$h.$ext"
  hashes+="$ext: $h"$'\n'
done
printf '%s' "$hashes" >"$bin_dir/hash.txt"

step "site: precompress (brotli, gzip)"
# Full brotli quality for release; a quick pass for the (much larger) debug bundle.
q=5; [ -n "$release" ] && q=11
find "$site" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.txt' -o -name '*.xml' \) |
  while read -r f; do
    brotli -f -q "$q" -o "$f.br" "$f"
    gzip -f -k -9 "$f"
  done
