#!/usr/bin/env bash
# THE run command: installs what is missing, builds, and starts dezky on
# http://127.0.0.1:3000 with embedded defaults (no external services needed).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/install-tools.sh
scripts/build-site.sh
step "dezky on http://127.0.0.1:3000 (Ctrl-C stops it)"
export DEZKY_SITE_ROOT="${DEZKY_SITE_ROOT:-target/site}"
exec "$CARGO_TARGET_DIR/debug/dezky"
