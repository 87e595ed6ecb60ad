#!/usr/bin/env bash
# Billing figures (a benchmark, not a test): the daily MRR snapshot and the
# month's payouts for 10,000 tenants under 200 partners, on the embedded store
# (SQLite) and on the MongoDB-protocol server (FerretDB), each run twice (the
# second is the idempotent no-op). Release build of `dezky-bench`.
# Usage: bench/billing.sh [tenants] [partners]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
tenants="${1:-10000}"; partners="${2:-200}"
scripts/install-tools.sh >/dev/null
cargo build --release --locked -p server --features bench --bin dezky-bench 2>/dev/null
bin="$CARGO_TARGET_DIR/release/dezky-bench"
work=$(mktemp -d)
free() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port=$(free); debug=$(free)
mkdir -p "$work/ferret"
ferretdb --handler=sqlite --sqlite-url="file:$work/ferret/" --listen-addr="127.0.0.1:$port" \
  --debug-addr="127.0.0.1:$debug" --telemetry=disable --state-dir="$work" --log-level=ERROR &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

for store in sqlite mongodb; do
  case $store in
    sqlite) url="sqlite://$work/bench.db" ;;
    mongodb) url="mongodb://127.0.0.1:$port/bench" ;;
  esac
  printf '\n%s: %s tenants, %s partners\n' "$store" "$tenants" "$partners"
  "$bin" billing --store "$url" --tenants "$tenants" --partners "$partners"
done
