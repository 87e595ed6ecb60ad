#!/usr/bin/env bash
# Fails when a server log holds a secret: any value in end2end/secrets.json
# (what the end-to-end server was configured with), or the shape of a token
# or credential (a JWT, a bearer or basic-auth header, a session cookie, a Stripe key, a
# webhook secret, a password field). Prints the count of lines it read and
# how many of them were panics (reported, not failed: see the performance
# issue for the known one).
# Usage: scripts/check-logs.sh LOGFILE
set -euo pipefail
log="${1:?log file}"
cd "$(dirname "$0")/.."
[ -s "$log" ] || { echo "check-logs: $log is missing or empty (nothing was logged?)" >&2; exit 1; }
python3 - "$log" end2end/secrets.json <<'PY'
import json, re, sys
log_path, secrets_path = sys.argv[1], sys.argv[2]
secrets = {k: v for k, v in json.load(open(secrets_path)).items() if not k.startswith("_")}
shapes = {
    "a JWT": re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    "a bearer header": re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/-]{8,}"),
    "a basic-auth header": re.compile(r"(?i)basic\s+[A-Za-z0-9+/]{12,}={0,2}"),
    "a session cookie": re.compile(r"dezky_session=[A-Za-z0-9_-]{8,}"),
    "a Stripe key": re.compile(r"\b[sr]k_(test|live)_[A-Za-z0-9]{6,}"),
    "a webhook secret": re.compile(r"\bwhsec_[A-Za-z0-9_]{6,}"),
    "a password field": re.compile(r"(?i)\"?password\"?\s*[:=]\s*\"?[^\s\",}\]]{4,}"),
    "a refresh or access token field": re.compile(r"(?i)(refresh|access)_token\"?\s*[:=]\s*\"?[A-Za-z0-9._-]{8,}"),
}
found = []
lines = panics = 0
with open(log_path, encoding="utf-8", errors="replace") as f:
    for n, line in enumerate(f, 1):
        lines += 1
        if "panicked at" in line:
            panics += 1
        for name, value in secrets.items():
            if value and value in line:
                found.append(f"line {n}: the value of {name}")
        for what, pattern in shapes.items():
            if pattern.search(line):
                found.append(f"line {n}: {what}")
print(f"check-logs: {lines} lines read, {panics} panics, {len(found)} secrets")
if found:
    for f in found[:20]:
        print(f"  {f}", file=sys.stderr)
    sys.exit(1)
PY
