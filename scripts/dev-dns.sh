#!/usr/bin/env bash
# Development and end-to-end DNS: Knot DNS (Debian package `knot`) authoritative
# for the `example.` zone in dev/dns/example.zone, on 127.0.0.1:PORT (UDP+TCP).
# Usage: scripts/dev-dns.sh PORT RUNDIR   (runs in the foreground)
set -euo pipefail
port="${1:?port}"
# Absolute: Knot reads relative paths in its config against its rundir.
mkdir -p "${2:?run directory}"
dir="$(cd "$2" && pwd)"
root="$(cd "$(dirname "$0")/.." && pwd)"
cp "$root/dev/dns/example.zone" "$dir/example.zone"
cat > "$dir/knot.conf" <<CONF
server:
  listen: 127.0.0.1@$port
  rundir: $dir
database:
  storage: $dir
control:
  listen: $dir/knot.sock
log:
  - target: stderr
    any: error
template:
  - id: default
    storage: $dir
    file: "%s.zone"
    zonefile-sync: -1
zone:
  - domain: example
CONF
exec /usr/sbin/knotd -c "$dir/knot.conf"
