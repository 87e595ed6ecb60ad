#!/usr/bin/env bash
# Development and end-to-end DNS: Knot DNS (Debian package `knot`) authoritative
# for the `example.` zone in dev/dns/example.zone, on 127.0.0.1:PORT (UDP+TCP).
# Usage: scripts/dev-dns.sh PORT RUNDIR   (runs in the foreground)
#        scripts/dev-dns.sh publish ZONEFILE [RUNDIR]
#          publishes the records of a zone file (the Domains page's "Download
#          zone file") in the running server, as an admin would at their DNS
#          host: each name and type replaced by the file's values. RUNDIR
#          defaults to data/dns (scripts/run.sh); only names under `example.`.
set -euo pipefail
if [ "${1:-}" = publish ]; then
  file="${2:?zone file}"
  root="$(cd "$(dirname "$0")/.." && pwd)"
  rundir="${3:-$root/data/dns}"
  exec python3 - "$file" "$rundir/knot.conf" <<'PY'
import shlex, subprocess, sys
path, conf = sys.argv[1], sys.argv[2]
sets = {}
for line in open(path, encoding="utf-8"):
    line = line.strip()
    if not line or line.startswith(";"):
        continue
    # name. TTL IN TYPE data...
    parts = line.split(None, 4)
    if len(parts) < 5 or parts[2].upper() != "IN":
        sys.exit(f"not a record line: {line}")
    owner, ttl, _, rtype, data = parts
    owner = owner.lower()
    if not owner.endswith(".example."):
        sys.exit(f"{owner}: the development DNS serves only names under example.")
    sets.setdefault((owner, rtype.upper()), []).append((ttl, data))
def knotc(*args, check=True):
    out = subprocess.run(["/usr/sbin/knotc", "-c", conf, *args], capture_output=True, text=True)
    if check and (out.returncode != 0 or "error" in out.stdout.lower()):
        sys.exit(f"knotc {' '.join(args)}: {out.stdout}{out.stderr}")
knotc("zone-begin", "example")
for (owner, rtype), values in sets.items():
    knotc("zone-unset", "example", owner, rtype, check=False)
    for ttl, data in values:
        knotc("zone-set", "example", owner, ttl, rtype, data)
knotc("zone-commit", "example")
print(f"published {sum(len(v) for v in sets.values())} records for {len(sets)} names and types")
PY
fi
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
