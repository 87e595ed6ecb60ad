#!/usr/bin/env bash
# Installs everything the build and the tests need, skipping what is present:
# wasm32 target, cargo-leptos, wasm-bindgen-cli, Debian chromium + brotli, npm
# packages (Playwright, axe-core, binaryen's wasm-opt). Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
mkdir -p "$DEZKY_TOOLS/bin"

step "rust wasm32 target"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt

step "cargo-leptos $CARGO_LEPTOS_VERSION"
if ! cargo-leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --root "$DEZKY_TOOLS"
fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  # Not --locked: its lockfile pins a webpki-roots version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$DEZKY_TOOLS"
fi

step "debian packages (chromium, brotli)"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v brotli >/dev/null || missing+=(brotli)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

step "npm packages (end2end)"
if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  (cd end2end && npm ci --no-audit --no-fund)
fi

step "FerretDB $FERRETDB_VERSION (MongoDB wire protocol stand-in)"
if ! ferretdb --version 2>/dev/null | grep -q "version: $FERRETDB_VERSION"; then
  # `go install` of FerretDB panics at start ("Invalid build/version/version.txt"):
  # the module zip lacks the generated version file. Build from a copy with it.
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  work=$(mktemp -d)
  cp -r "$src/." "$work/" && chmod -R u+w "$work"
  echo "$FERRETDB_VERSION" > "$work/build/version/version.txt"
  (cd "$work" && go build -o "$DEZKY_TOOLS/bin/ferretdb" ./cmd/ferretdb)
  rm -rf "$work"
fi

step "s3s-fs $S3S_FS_VERSION (S3 stand-in for the audit cold archive)"
if ! s3s-fs --version 2>/dev/null | grep -q "$S3S_FS_VERSION"; then
  # 0.15+ needs a newer Rust than ours; the binary feature adds the CLI.
  cargo install s3s-fs --version "$S3S_FS_VERSION" --locked --features binary --root "$DEZKY_TOOLS"
fi

step "npm packages (dev/oidc: the OIDC provider stand-in)"
if [ ! -d dev/oidc/node_modules/oidc-provider ] || [ dev/oidc/package-lock.json -nt dev/oidc/node_modules/.package-lock.json ]; then
  (cd dev/oidc && npm ci --no-audit --no-fund)
fi
