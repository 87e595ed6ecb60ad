#!/usr/bin/env bash
# Fails when the browser (wasm32, hydrate) build depends on a server-only crate.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
forbidden=(tokio mio hyper hyper-util axum tower-http reqwest mongodb bson rusqlite libsqlite3-sys sqlx
  aws-sdk-s3 aws-smithy-runtime async-stripe stripe-core openidconnect oauth2 rustls ring
  ed25519-dalek hmac leptos_axum secrecy tracing-subscriber server)
tree=$(cargo tree --locked -p frontend --target wasm32-unknown-unknown -e normal --prefix none --no-dedupe | awk '{print $1}' | sort -u)
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
