# Sourced by every script: where tools and build output live, and the build
# environment shared by the site build, cargo test and the lints (identical env and
# RUSTFLAGS let them reuse each other's compiled dependencies).
#
# Tools and the cargo target directory live OUTSIDE the clone, so a fresh clone on
# a warm machine reuses them. Override with DEZKY_TOOLS / CARGO_TARGET_DIR.
export DEZKY_TOOLS="${DEZKY_TOOLS:-$HOME/.local/share/dezky-tools}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dezky-target}"
export PATH="$DEZKY_TOOLS/bin:$(pwd)/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Read by leptos at compile time (the bundle's file names).
export LEPTOS_OUTPUT_NAME=dezky
unset RUSTFLAGS RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
# Every build of the app uses erased view types: much faster to compile, and a
# release wasm half the size. The server and the wasm must agree (typed and
# erased views hydrate differently), and cargo test uses the same flags to reuse
# the dependencies.
export SITE_RUSTFLAGS="--cfg erase_components"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Versions of the build tools and stand-ins (see ../shared/BUILD-NOTES.md: newer
# ones need a newer Rust or Go).
export WASM_BINDGEN_VERSION=0.2.130
# The version cargo-leptos uses to split a bundle at its lazy routes; built from
# our patched copy in vendor/ (vendor/README.md).
export WASM_SPLIT_VERSION=0.2.4
export FERRETDB_VERSION=v1.24.2
export S3S_FS_VERSION=0.14.1
export STRIPE_MOCK_VERSION=v0.203.0

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# DEZKY_LINT=1: clippy-driver compiles our own crates (cargo's
# RUSTC_WORKSPACE_WRAPPER, as `cargo clippy` sets it), so building them also lints
# them with -D warnings; dependencies are compiled once, by plain rustc.
lint_env() {
  if [ "${DEZKY_LINT:-}" = 1 ]; then
    RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)"
    export RUSTC_WORKSPACE_WRAPPER
    export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
  fi
}

# Phase timing: `timed NAME command...` runs the command and appends "NAME<TAB>secs"
# to $DEZKY_PHASES (when set); `phase_table` prints them.
timed() {
  local name="$1" start rc=0
  shift
  start=$(date +%s)
  "$@" || rc=$?
  [ -n "${DEZKY_PHASES:-}" ] && printf '%s\t%s\t%s\n' "$name" "$(($(date +%s) - start))" "$rc" >>"$DEZKY_PHASES"
  return "$rc"
}
phase_table() {
  [ -n "${DEZKY_PHASES:-}" ] && [ -f "$DEZKY_PHASES" ] || return 0
  printf '\n%-52s %8s %6s\n' phase seconds status
  awk -F'\t' '{ printf "%-52s %8d %6s\n", $1, $2, ($3 == 0 ? "ok" : "FAIL " $3) }' "$DEZKY_PHASES"
}
