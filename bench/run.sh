#!/usr/bin/env bash
# Performance figures (a benchmark, not a test): SSR throughput and p99 latency
# for the home page and /partners at 50 connections with wrk on the same box, HTML
# bytes, and the wasm bundle raw / gzip / brotli. Builds in release mode.
# Usage: bench/run.sh [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
secs="${1:-15}"
command -v wrk >/dev/null || { SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo; $SUDO apt-get install -y -qq wrk; }
scripts/install-tools.sh >/dev/null
scripts/build-site.sh --release >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
data=$(mktemp -d)
DEZKY_LISTEN_ADDR="127.0.0.1:$port" DEZKY_SITE_ROOT=target/site RUST_LOG=warn DATABASE_URL="sqlite://$data/bench.db" \
  "$CARGO_TARGET_DIR/release/dezky" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

printf '\n%-10s %12s %10s %12s %12s\n' page "req/s" "p99" "html bytes" "html br"
for path in / /partners; do
  bytes=$(curl -fs "http://127.0.0.1:$port$path" | wc -c)
  br=$(curl -fs -H 'accept-encoding: br' "http://127.0.0.1:$port$path" | wc -c)
  wrk -t2 -c50 -d"${secs}s" --latency "http://127.0.0.1:$port$path" >/tmp/dezky-wrk.txt
  rps=$(awk '/Requests\/sec/ {print $2}' /tmp/dezky-wrk.txt)
  p99=$(awk '$1=="99%" {print $2}' /tmp/dezky-wrk.txt)
  printf '%-10s %12s %10s %12s %12s\n' "$path" "$rps" "$p99" "$bytes" "$br"
done

printf '\n%-28s %10s %10s %10s\n' file raw gzip brotli
for f in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do
  printf '%-28s %10s %10s %10s\n' "$(basename "$f")" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
done
