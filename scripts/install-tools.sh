#!/usr/bin/env bash
# Installs everything the build and the tests need, skipping what is present:
# the wasm32 target, wasm-bindgen-cli, s3s-fs (the S3 stand-in), FerretDB (the
# MongoDB stand-in), Debian chromium + brotli, and the npm packages (Playwright,
# axe-core, lightningcss, binaryen's wasm-opt, terser; dev/oidc's OIDC provider; dev/mail's
# maildev; dev/prism's Prism with Authentik's schema.yml).
# Safe to run repeatedly.
#
# Cold-machine budget: the downloads and the Go build run in the background while
# cargo compiles the two Rust tools; both Rust tools are build-only, so they are
# compiled in the dev profile (`--debug`: minutes instead of tens of minutes; they
# process a few megabytes per run, where their speed does not matter).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
mkdir -p "$DEZKY_TOOLS/bin"
logs=$(mktemp -d)
pids=()
names=()

# bg NAME command...: run in the background, log to a file, time it.
bg() {
  local name="$1"
  shift
  (timed "install: $name" "$@") >"$logs/$name.log" 2>&1 &
  pids+=($!)
  names+=("$name")
}

apt_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v brotli >/dev/null || missing+=(brotli)
  # Knot DNS: the authoritative server the DNS-lookup adapter is tested against.
  [ -x /usr/sbin/knotd ] || missing+=(knot)
  [ ${#missing[@]} -eq 0 ] && return 0
  local SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
}

npm_dir() {
  local dir="$1" marker="$2"
  if [ ! -d "$dir/node_modules/$marker" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

ferretdb_build() {
  ferretdb --version 2>/dev/null | grep -q "version: $FERRETDB_VERSION" && return 0
  # `go install` of FerretDB panics at start ("Invalid build/version/version.txt"):
  # the module zip lacks the generated version file. Build from a copy with it.
  local src work
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  work=$(mktemp -d)
  cp -r "$src/." "$work/" && chmod -R u+w "$work"
  echo "$FERRETDB_VERSION" >"$work/build/version/version.txt"
  (cd "$work" && go build -o "$DEZKY_TOOLS/bin/ferretdb" ./cmd/ferretdb)
  rm -rf "$work"
}

# stripe-mock (Stripe's API mock) and the spec + fixtures it serves in the
# tests: its own, with the gap to async-stripe's API version filled
# (dev/stripe/prepare.py says which).
stripe_mock_build() {
  local share="$DEZKY_TOOLS/share/stripe-mock-$STRIPE_MOCK_VERSION"
  [ -x "$DEZKY_TOOLS/bin/stripe-mock" ] && [ -f "$share/spec3.json" ] && [ "$share/spec3.json" -nt dev/stripe/prepare.py ] && return 0
  GOBIN="$DEZKY_TOOLS/bin" go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
  mkdir -p "$share"
  python3 dev/stripe/prepare.py "$(go env GOMODCACHE)/github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" "$share"
}

step "background: debian packages, npm packages, FerretDB $FERRETDB_VERSION, stripe-mock $STRIPE_MOCK_VERSION"
bg apt apt_packages
bg npm-end2end npm_dir end2end @playwright/test
bg npm-oidc npm_dir dev/oidc oidc-provider
bg npm-mail npm_dir dev/mail maildev
bg npm-prism npm_dir dev/prism @stoplight/prism-cli
bg ferretdb ferretdb_build
bg stripe-mock stripe_mock_build

step "rust wasm32 target, clippy, rustfmt"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  # Not --locked: its lockfile pins a webpki-roots version the registry lacks.
  timed "install: wasm-bindgen-cli (--debug)" \
    cargo install --debug wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$DEZKY_TOOLS"
fi

step "wasm-split-cli $WASM_SPLIT_VERSION, patched (splits the bundle at its lazy routes)"
# Built from vendor/ (our `--nested` and `--shared-into-main`); reinstalled when
# the copy changes.
split_src=vendor/wasm_split_cli_support
split_stamp="$WASM_SPLIT_VERSION+$(cd "$split_src" && find . -type f -not -path './target/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
if [ ! -x "$DEZKY_TOOLS/bin/wasm-split-cli" ] || [ "$(cat "$DEZKY_TOOLS/wasm-split.version" 2>/dev/null)" != "$split_stamp" ]; then
  timed "install: wasm-split-cli (--debug)" \
    cargo install --debug --path "$split_src" --locked --features build-binary --root "$DEZKY_TOOLS" --force \
      --target-dir "$CARGO_TARGET_DIR/wasm-split"
  echo "$split_stamp" >"$DEZKY_TOOLS/wasm-split.version"
fi

step "s3s-fs $S3S_FS_VERSION (S3 stand-in for the audit cold archive)"
if ! s3s-fs --version 2>/dev/null | grep -q "$S3S_FS_VERSION"; then
  # 0.15+ needs a newer Rust than ours; the binary feature adds the CLI.
  timed "install: s3s-fs (--debug)" \
    cargo install --debug s3s-fs --version "$S3S_FS_VERSION" --locked --features binary --root "$DEZKY_TOOLS"
fi

step "waiting for the background installs"
failed=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "install of ${names[$i]} failed:" >&2
    cat "$logs/${names[$i]}.log" >&2
    failed=1
  fi
done
rm -rf "$logs"
exit "$failed"
