#!/usr/bin/env bash
# Development and end-to-end billing: stripe-mock (Stripe's own API mock) on
# 127.0.0.1:PORT with the spec and fixtures scripts/install-tools.sh prepared
# (dev/stripe/prepare.py). Stateless: every call is validated against Stripe's
# spec and answered with fixture data; nothing is charged, nothing is kept.
# Usage: scripts/dev-stripe.sh PORT   (runs in the foreground)
set -euo pipefail
port="${1:?port}"
cd "$(dirname "$0")/.."
. scripts/env.sh
share="$DEZKY_TOOLS/share/stripe-mock-$STRIPE_MOCK_VERSION"
# Its HTTPS listener would take :12112 on every interface otherwise: the next
# port, on 127.0.0.1 only.
exec stripe-mock -spec "$share/spec3.json" -fixtures "$share/fixtures3.json" \
  -http-addr "127.0.0.1:$port" -https-addr "127.0.0.1:$((port + 1))"
