#!/usr/bin/env bash
# Builds the site without cargo-leptos (whose own build, ~700 crates including swc,
# libgit2 and a vendored OpenSSL, cost 20+ minutes on a cold machine for four steps
# we can do directly):
#   1. the server binary (`cargo build -p server`),
#   2. the hydrate bundle (`cargo build -p frontend --target wasm32-unknown-unknown`
#      in its own target dir, so the ssr and hydrate features of `app` never unify),
#      split at its lazy routes by `wasm-split-cli` (a main module, a module per
#      route, shared chunks and the `__wasm_split.js` loader; what cargo-leptos
#      `--split` does), then `wasm-bindgen --target web` and, in release,
#      `wasm-opt -Oz` on every module; then a pack per signed-in route of the
#      modules a first load of it needs (scripts/wasm-split-packs.py),
#   3. the website's script (`frontend/document.js`) and its calculator module
#      (`calc/`, wasm-bindgen'ed),
#   4. the stylesheet through lightningcss (prefixes for `browserslist` "defaults";
#      minified in release) and `public/` copied into the site root,
#   5. one folder per build, named by the hash of its files (`pkg/<hash>/`), and
#      the `bundle.txt` next to the executable that tells the server its name, then
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
  # The release wasm also rebuilds the standard library with panics that abort
  # on the spot (`-Cpanic=immediate-abort`): no panic message formatting, no
  # file names and lines in the data, which every module carried; 7% of the main
  # module (254,476 -> 235,624 bytes brotli). `-Zlocation-detail=none` drops the
  # file names `#[track_caller]` functions still passed along, which nothing
  # reads once a panic aborts (main module 225,858 -> 223,819). All are unstable:
  # RUSTC_BOOTSTRAP lets this stable toolchain take them, for this build only,
  # with the `rust-src` component (added here: only this build needs it). A
  # panic in the browser is then a bare `unreachable` trap: reproduce it with a
  # debug build, which keeps the messages. `-Zfmt-debug=none` makes every `{:?}`
  # write nothing (the derived `Debug` code goes; main module -3.5 KB): what a
  # page shows or writes into an attribute never goes through `Debug` (enums
  # have `as_str`, checked against their serde names).
  rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
  wasm_args=(--profile wasm-release -Zbuild-std=std,panic_abort)
  wasm_unstable=(RUSTC_BOOTSTRAP=1)
  wasm_extra_flags="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
  wasm_out="$front_target/wasm32-unknown-unknown/wasm-release"
  bin_dir="$CARGO_TARGET_DIR/release"
  # Erased view types in release too: the wasm is half the size, and the server
  # must be built the same way or the pages it renders do not hydrate.
  rustflags="$SITE_RUSTFLAGS"
else
  server_args=()
  wasm_args=()
  wasm_unstable=()
  wasm_extra_flags=""
  wasm_out="$front_target/wasm32-unknown-unknown/debug"
  bin_dir="$CARGO_TARGET_DIR/debug"
  rustflags="$SITE_RUSTFLAGS"
fi
# The bundle is split at its lazy routes, which needs the linker's relocations.
wasm_rustflags="$rustflags -Clink-args=--emit-relocs${wasm_extra_flags:+ $wasm_extra_flags}"

# The two builds share no compiled crate (the wasm one has its own target dir), so
# they run side by side: each one's serial stretches (build scripts, the big `app`
# crate, linking) leave a core free for the other.
step "build: hydrate bundle (wasm32) and server (ssr), in parallel"
logs=$(mktemp -d)
env "${wasm_unstable[@]}" RUSTFLAGS="$wasm_rustflags" cargo build --locked -p frontend --lib --target wasm32-unknown-unknown \
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

# The website's pages do not hydrate; /partners' calculator runs the `rules`
# crate as a wasm module of its own (calc/), a few kilobytes, always optimised.
step "build: the website's calculator module (calc, wasm32)"
cargo build --locked -p calc --lib --target wasm32-unknown-unknown \
  --target-dir "$CARGO_TARGET_DIR/calc" --profile wasm-release

step "site: split into per-route chunks, wasm-bindgen, css, public/"
rm -rf "$site"
mkdir -p "$site/pkg"
cp -r public/. "$site/"
stage=$(mktemp -d)
# Every lazy route (app/src/app.rs) becomes a wasm module of its own; code two
# routes share goes to a shared chunk. A face's pages never load without its
# shell, so chunks that differ only by them are one file, and the code every
# signed-in page needs joins the main module, which only they load
# (scripts/lazy-route-nesting.py; our patch of the tool, vendor/README.md).
mapfile -t nesting < <(python3 scripts/lazy-route-nesting.py app/src/app.rs)
[ "${#nesting[@]}" -gt 0 ]
# shellcheck disable=SC2068 # each line is `--nested SHELL=PAGE,...`, two words
wasm-split-cli --target web --out-name dezky ${nesting[@]} --shared-into-main \
  "$wasm_out/frontend.wasm" "$stage/split"
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-name dezky --out-dir "$stage/pkg" "$stage/split/dezky.wasm"
mv "$stage/pkg/dezky_bg.wasm" "$stage/pkg/dezky.wasm"
rm "$stage/split/dezky.wasm"
mv "$stage/split/"* "$stage/pkg/"
# Leptos links the loader by cargo-leptos' name for it. modules.json lists each
# route's modules (scripts/wasm-split-modules.py says why it is no manifest).
loader="__wasm_split.______________________.js"
mv "$stage/pkg/__wasm_split.js" "$stage/pkg/$loader"
# Only the module specifiers of the imports: the import object's keys stay the
# module name the wasm imports from.
sed -i -E "s#^(import .* from )[\"']\./__wasm_split\.js[\"'](;?)\$#\1\"./$loader\"\2#" "$stage/pkg/dezky.js"
python3 scripts/wasm-split-modules.py "$stage/pkg" "$loader"
# The website's document pages load `document.js`, and /partners `calc.js`.
wasm-bindgen --target web --no-typescript --out-name calc --out-dir "$stage/pkg" \
  "$CARGO_TARGET_DIR/calc/wasm32-unknown-unknown/wasm-release/calc.wasm"
cp frontend/document.js "$stage/pkg/document.js"
if [ -n "$release" ]; then
  # wasm-opt takes minutes on one core: its output is kept per input file and
  # options. Every module also loses its `producers` and `target_features`
  # sections (about 200 bytes each, which the browser ignores): a face's first
  # load is 130 to 300 files, so that was 20 to 37 KB brotli of it.
  opt_cache="$front_target/wasm-opt"
  opt_flags="-Oz --enable-bulk-memory --enable-nontrapping-float-to-int --strip-producers --strip-target-features"
  mkdir -p "$opt_cache"
  export opt_cache opt_flags
  # The main module, which every signed-in face loads, is optimised until a
  # pass changes nothing (`--converge`: 378 bytes brotli fewer, a minute more).
  find "$stage/pkg" -name '*.wasm' -print0 | xargs -0 -P 2 -I{} sh -c '
    flags="$opt_flags"
    case "$1" in */dezky.wasm) flags="$opt_flags --converge" ;; esac
    out="$opt_cache/$({ cat "$1"; echo "$flags"; } | sha256sum | cut -c1-16).wasm"
    if [ ! -f "$out" ]; then
      # shellcheck disable=SC2086 # the flags are words
      wasm-opt $flags "$1" -o "$out.tmp.$$"
      mv "$out.tmp.$$" "$out"
    fi
    cp "$out" "$1"' _ {}
  lightningcss --bundle --minify --browserslist style/main.css -o "$stage/pkg/dezky.css"
else
  lightningcss --bundle --browserslist style/main.css -o "$stage/pkg/dezky.css"
fi
# The main module without what only the tools above needed: wasm-split's null
# segments keeping them off the split modules' table slots, and wasm-bindgen's
# hashed import names, here and in dezky.js (scripts/wasm-trim-main.py).
python3 scripts/wasm-trim-main.py "$stage/pkg"
# A signed-in page's first load in one file per route on screen (its shell's and
# its page's modules), which brotli compresses far better than 120 to 300 files
# each alone; leptos preloads them from `__wasm_split_manifest.json`
# (scripts/wasm-split-packs.py says how).
# shellcheck disable=SC2068 # each line is `--nested SHELL=PAGE,...`, two words
python3 scripts/wasm-split-packs.py "$stage/pkg" ${nesting[@]}
# Every signed-in first load runs dezky.js (wasm-bindgen's glue) and the
# loader, which the tools write readable: 61 and 22 KB. Minified (terser, as ES
# modules: their exports and import specifiers keep their names), dezky.js is
# 6,756 -> 4,936 bytes brotli and the loader about 4,600 -> 3,542. Last, as wasm-trim-main.py and
# wasm-split-packs.py edit them first; in both builds, so that the end-to-end
# tests (the debug build) run the scripts a release serves.
for js in "$stage/pkg/dezky.js" "$stage/pkg/$loader"; do
  terser "$js" --module --compress --mangle -o "$js.min"
  mv "$js.min" "$js"
done

# One build, one folder: `pkg/<hash of every file in it>/`. The files keep the
# names they refer to each other by (`./dezky.js`, `./__wasm_split.js`, the
# chunks), and the server marks everything under such a folder immutable. The
# server reads the folder's name from `bundle.txt` beside the executable.
build=$(cd "$stage/pkg" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-20)
mv "$stage/pkg" "$pkg/$build"
rm -rf "$stage"
rm -f "$bin_dir/hash.txt"
printf 'pkg/%s\n' "$build" >"$bin_dir/bundle.txt"

step "site: precompress (brotli, gzip)"
# Full brotli quality for release; a quick pass for the (much larger) debug bundle.
q=5; [ -n "$release" ] && q=11
find "$site" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.txt' -o -name '*.xml' \) |
  while read -r f; do
    brotli -f -q "$q" -o "$f.br" "$f"
    gzip -f -k -9 "$f"
  done
