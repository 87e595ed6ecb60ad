# Sourced by every script: where tools and build output live, and the build
# environment shared by cargo-leptos, cargo test and clippy (identical env and
# RUSTFLAGS let them reuse each other's compiled dependencies).
#
# Tools and the cargo target directory live OUTSIDE the clone, so a fresh clone on
# a warm machine reuses them. Override with DEZKY_TOOLS / CARGO_TARGET_DIR.
export DEZKY_TOOLS="${DEZKY_TOOLS:-$HOME/.local/share/dezky-tools}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dezky-target}"
export PATH="$DEZKY_TOOLS/bin:$(pwd)/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export LEPTOS_OUTPUT_NAME=dezky
unset RUSTFLAGS
# cargo-leptos adds exactly this to debug builds; cargo test and clippy use the same
# flags so they reuse the dependencies cargo-leptos compiled.
export DEBUG_RUSTFLAGS="--cfg erase_components"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Versions of the build tools (see BUILD-NOTES: newer ones need a newer Rust).
export CARGO_LEPTOS_VERSION=0.3.10
export WASM_BINDGEN_VERSION=0.2.130
export BINARYEN_VERSION=132.0.0
export FERRETDB_VERSION=v1.24.2
export S3S_FS_VERSION=0.14.1
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
