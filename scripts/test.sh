#!/usr/bin/env bash
# THE test command: installs what is missing, then runs every quality gate and
# every test (format, wasm dependency check, clippy for both targets, build, unit
# and integration tests, Playwright in Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

scripts/install-tools.sh

step "cargo fmt --check"
cargo fmt --all --check

step "wasm build pulls in no server-only crate"
scripts/check-wasm-deps.sh

step "build (cargo-leptos: server + wasm)"
scripts/build-site.sh

step "unit + integration tests"
RUSTFLAGS="$DEBUG_RUSTFLAGS" cargo test --locked -p server -p app --features app/ssr

step "clippy: server (ssr) build"
RUSTFLAGS="$DEBUG_RUSTFLAGS" cargo clippy --locked -p server -p app --features app/ssr --all-targets -- -D warnings

step "clippy: wasm32 hydrate build"
# cargo-leptos builds the wasm in its own target dir; share it.
RUSTFLAGS="$DEBUG_RUSTFLAGS" cargo clippy --locked -p frontend --target wasm32-unknown-unknown --target-dir "$CARGO_TARGET_DIR/front" -- -D warnings

step "end-to-end (Playwright, Debian chromium)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export DEZKY_E2E_PORT="$port"
export DEZKY_E2E_OIDC_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export DEZKY_E2E_S3_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export DEZKY_E2E_DATA="$(mktemp -d)"
trap 'rm -rf "$DEZKY_E2E_DATA"' EXIT
export DEZKY_SERVER_BIN="$CARGO_TARGET_DIR/debug/dezky"
(cd end2end && npx playwright test)

step "all tests passed"
