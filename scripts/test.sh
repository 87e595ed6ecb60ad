#!/usr/bin/env bash
# THE test command: installs what is missing, then runs every quality gate and
# every test (format, wasm dependency check, clippy for both targets, build, unit
# and integration tests, Playwright in Debian's Chromium), and prints how long each
# phase took.
#
# Clippy runs while our crates compile (DEZKY_LINT=1, see scripts/env.sh): the
# site build lints the wasm32 hydrate build and the server, the test build lints
# every test target of the ssr build (what `cargo clippy --all-targets` covers),
# all with -D warnings, and no dependency is compiled twice.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
export DEZKY_PHASES
DEZKY_PHASES=$(mktemp)
started=$(date +%s)
report() {
  local rc=$?
  phase_table
  printf '%-52s %8d %6s\n' "total" "$(($(date +%s) - started))" "$([ "$rc" = 0 ] && echo ok || echo FAIL)"
  rm -f "$DEZKY_PHASES"
  [ -n "${DEZKY_E2E_DATA:-}" ] && rm -rf "$DEZKY_E2E_DATA"
  return "$rc"
}
trap report EXIT

timed "install tools (all)" scripts/install-tools.sh

step "cargo fmt --check"
timed "cargo fmt --check" cargo fmt --all --check

step "wasm build pulls in no server-only crate"
timed "wasm dependency check" scripts/check-wasm-deps.sh

export DEZKY_LINT=1
timed "build site + clippy (wasm32 hydrate, server)" scripts/build-site.sh

step "unit + integration tests (+ clippy on every test target)"
lint_env
# --tests: every unit and integration test target (there are no doc tests, and
# the binaries hold no tests).
timed "build tests + clippy (ssr, all test targets)" \
  env RUSTFLAGS="$SITE_RUSTFLAGS" cargo test --locked -p server -p app -p rules -p calc --features app/ssr --tests --no-run
# They take about 100 s; a test that hangs fails the run after 20 minutes
# (exit 124, libtest has named it "running for over 60 seconds") rather than
# taking CI's whole time with it.
timed "unit + integration tests" \
  timeout -k 10 1200 env RUSTFLAGS="$SITE_RUSTFLAGS" cargo test --locked -p server -p app -p rules -p calc --features app/ssr --tests

step "end-to-end (Playwright, Debian chromium)"
export DEZKY_E2E_PORT DEZKY_E2E_OIDC_PORT DEZKY_E2E_S3_PORT DEZKY_E2E_DNS_PORT DEZKY_E2E_SMTP_PORT DEZKY_E2E_MAIL_WEB_PORT DEZKY_E2E_STRIPE_PORT DEZKY_E2E_STALWART_PORT DEZKY_E2E_FILES_PORT DEZKY_E2E_DATA
# Nine distinct free ports, held open together while they are chosen (ports
# picked one at a time can repeat, and two stand-ins on one port fail the run),
# below the kernel's ephemeral range: a port the kernel hands out is also any
# outgoing connection's local port, and one took a stand-in's port between the
# choice and its bind. Free for TCP and UDP alike (the DNS stand-in takes both).
read -r DEZKY_E2E_PORT DEZKY_E2E_OIDC_PORT DEZKY_E2E_S3_PORT DEZKY_E2E_DNS_PORT DEZKY_E2E_SMTP_PORT \
  DEZKY_E2E_MAIL_WEB_PORT DEZKY_E2E_STRIPE_PORT DEZKY_E2E_STALWART_PORT DEZKY_E2E_FILES_PORT < <(python3 -c '
import random, socket
with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
    ephemeral = int(f.read().split()[0])
held, ports = [], []
for _ in range(1000):
    if len(ports) == 9:
        break
    port = random.randrange(max(1024, ephemeral - 12000), ephemeral)
    tcp, udp = socket.socket(), socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        tcp.bind(("127.0.0.1", port))
        udp.bind(("127.0.0.1", port))
    except OSError:
        tcp.close()
        udp.close()
        continue
    held += [tcp, udp]
    ports.append(port)
if len(ports) < 9:
    raise SystemExit("no nine free ports below the ephemeral range")
print(" ".join(map(str, ports)))
for s in held:
    s.close()
')
DEZKY_E2E_DATA="$(mktemp -d)"
export DEZKY_SERVER_BIN="$CARGO_TARGET_DIR/debug/dezky"
timed "end-to-end (Playwright)" bash -c 'cd end2end && npx playwright test'

step "no secret in the end-to-end server's log (debug level, the whole run)"
timed "secrets in logs" scripts/check-logs.sh "$DEZKY_E2E_DATA/server.log"

step "all tests passed"
