#!/usr/bin/env bash
# Audit chain figures (a benchmark, not a test): appends per second (each one the
# event and its Merkle leaf record) with one and
# with eight concurrent writers, on the embedded store (SQLite) and on the
# MongoDB-protocol server (FerretDB), and verifier throughput in events per
# second. Release build of the `dezky-audit` tool. Compare ratios within one run.
# Usage: bench/audit.sh [events-per-writer]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
n="${1:-20000}"
scripts/install-tools.sh >/dev/null
# The site build's flags: bench/run.sh's release build and this one share
# their compiled dependencies.
RUSTFLAGS="$SITE_RUSTFLAGS" cargo build --release --locked -p server --bin dezky-audit 2>/dev/null
bin="$CARGO_TARGET_DIR/release/dezky-audit"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
debug=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
ferretdb --handler=sqlite --sqlite-url="file:$work/ferret/" --listen-addr="127.0.0.1:$port" \
  --debug-addr="127.0.0.1:$debug" --telemetry=disable --state-dir="$work" --log-level=ERROR &
pid=$!
mkdir -p "$work/ferret"
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

rate() { sed -E 's/.*: ([0-9]+) appends\/s/\1/'; }
printf '\n%-10s %10s %22s %22s\n' store events "appends/s (1 writer)" "appends/s (8 writers)"
for store in sqlite mongodb; do
  case $store in
    sqlite) one="sqlite://$work/one.db"; eight="sqlite://$work/eight.db" ;;
    mongodb) one="mongodb://127.0.0.1:$port/one"; eight="mongodb://127.0.0.1:$port/eight" ;;
  esac
  m=$n; [ $store = mongodb ] && m=$((n / 4))
  r1=$("$bin" append --store "$one" --writers 1 --events "$m" | rate)
  r8=$("$bin" append --store "$eight" --writers 8 --events $((m / 8)) | rate)
  printf '%-10s %10s %22s %22s\n' "$store" "$m" "$r1" "$r8"
  # Verifier throughput over the 1-writer chain.
  "$bin" verify --store "$one" >/dev/null 2>"$work/verify.txt" || true
  verify_line=$(grep '^verified' "$work/verify.txt")
  events=$(echo "$verify_line" | awk '{print $2}'); secs=$(echo "$verify_line" | awk '{print $11}')
  python3 -c "print(f'{\"\":10} verifier: {$events} events in {$secs} s = {int($events/$secs) if $secs else 0} events/s')"
done

# The cold archive of the 1-writer SQLite chain to s3s-fs (5,000-event batches),
# then the verifier over bucket + store.
s3=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
mkdir -p "$work/s3/dezky-audit"
s3s-fs --host 127.0.0.1 --port "$s3" --access-key bench --secret-key bench-secret "$work/s3" >/dev/null 2>&1 &
s3pid=$!
trap 'kill $pid $s3pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$s3") 2>/dev/null && break; sleep 0.1; done
export AUDIT_COLD_ENDPOINT="http://127.0.0.1:$s3" AUDIT_COLD_ACCESS_KEY=bench AUDIT_COLD_SECRET_KEY=bench-secret
export AUDIT_SIGNING_KEY=bench-key-of-at-least-thirty-two-bytes DATABASE_URL="sqlite://$work/unused.db"
start=$(date +%s.%N)
"$bin" archive --store "sqlite://$work/one.db" --retention-days 0 >/dev/null
end=$(date +%s.%N)
python3 -c "print(f'archive:    {$n - 1} events to S3 in {$end - $start:.3f} s = {int(($n - 1) / ($end - $start))} events/s')"
"$bin" verify --store "sqlite://$work/one.db" --bucket >/dev/null 2>"$work/verify.txt" || true
verify_line=$(grep '^verified' "$work/verify.txt")
archived=$(echo "$verify_line" | awk '{print $5}'); secs=$(echo "$verify_line" | awk '{print $11}')
python3 -c "print(f'verifier:   {$archived} archived events (download, gunzip, hash, signature) in {$secs} s = {int($archived/$secs) if $secs else 0} events/s')"
