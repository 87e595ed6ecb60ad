#!/usr/bin/env bash
# Fails when a browser (wasm32) build depends on a server-only crate: the hydrate
# bundle (`frontend`) and the website's calculator module (`calc`), which must
# moreover stay the `rules` crate and wasm-bindgen alone (it is a public page's
# payload).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
forbidden=(tokio mio hyper hyper-util axum tower-http reqwest mongodb bson rusqlite libsqlite3-sys sqlx
  aws-sdk-s3 aws-smithy-runtime async-stripe stripe-core openidconnect oauth2 rustls ring
  ed25519-dalek hmac leptos_axum secrecy tracing-subscriber server)
tree_of() {
  cargo tree --locked -p "$1" --target wasm32-unknown-unknown -e normal --prefix none --no-dedupe | awk '{print $1}' | sort -u
}
tree=$(tree_of frontend)
bad=()
for crate in "${forbidden[@]}"; do
  if grep -qx "$crate" <<<"$tree"; then
    bad+=("$crate: $(cargo tree --locked -p frontend --target wasm32-unknown-unknown -e normal -i "$crate" --depth 3 2>/dev/null | head -4 | tr '\n' ' ')")
  fi
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "server-only crates in the wasm build:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "ok: $(wc -l <<<"$tree") crates in the wasm build, none server-only"
calc=$(tree_of calc | grep -vxE 'calc|rules|wasm-bindgen.*|cfg-if|once_cell|rustversion|proc-macro2|quote|syn|unicode-ident|bumpalo|log' || true)
if [ -n "$calc" ]; then
  echo "the calculator module (calc) depends on more than rules and wasm-bindgen:" >&2
  echo "$calc" >&2
  exit 1
fi
echo "ok: the calculator module is rules and wasm-bindgen"
