#!/usr/bin/env bash
# THE run command: installs what is missing, builds, starts the development OIDC
# provider (the Authentik stand-in, with the demo accounts) on 127.0.0.1:3100 and
# dezky on http://127.0.0.1:3000 with the embedded store (data/dezky.db, seeded
# with demo partners, tenants and users on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
if [ ! -x "$CARGO_TARGET_DIR/debug/dezky" ]; then
  step "first run on this machine: installing the tools (~6 min) and building dezky (~10 min); later runs start in seconds"
fi
scripts/install-tools.sh
scripts/build-site.sh

export DEZKY_PUBLIC_URL="${DEZKY_PUBLIC_URL:-http://127.0.0.1:3000}"
export DEZKY_SITE_ROOT="${DEZKY_SITE_ROOT:-target/site}"
oidc_port="${OIDC_PORT:-3100}"
export OIDC_ISSUER_URL="${OIDC_ISSUER_URL:-http://127.0.0.1:$oidc_port/application/o/dezky/}"
export OIDC_PORTAL_CLIENT_SECRET="${OIDC_PORTAL_CLIENT_SECRET:-dev-portal-secret}"
export OIDC_OPERATOR_CLIENT_SECRET="${OIDC_OPERATOR_CLIENT_SECRET:-dev-operator-secret}"
# The same development provider answers Authentik's admin API (the part dezky
# calls): a person added in the portal can then sign in with their email.
export AUTHENTIK_API_URL="${AUTHENTIK_API_URL:-http://127.0.0.1:$oidc_port/api/v3/}"
export AUTHENTIK_API_TOKEN="${AUTHENTIK_API_TOKEN:-dev-authentik-token}"
# Development-only audit checkpoint key (public in this repository; production
# sets its own, see .env.example).
export AUDIT_ED25519_SECRET_KEY="${AUDIT_ED25519_SECRET_KEY:-6465a7a5d1f0c0b8e3b7b0c39a1f4e2d5c6b7a8990a1b2c3d4e5f60718293a4b}"

# The audit cold archive against s3s-fs (the MinIO / Hetzner stand-in; the bucket
# is the folder data/s3/dezky-audit). Development keeps nothing hot for long: every
# event but the newest is old enough, so "Run archive now" on /operator/audit
# always has something to move. The daily run stays off (ARCHIVE_ENABLED).
s3_port="${S3_PORT:-3900}"
export AUDIT_COLD_ENDPOINT="${AUDIT_COLD_ENDPOINT:-http://127.0.0.1:$s3_port}"
export AUDIT_COLD_BUCKET="${AUDIT_COLD_BUCKET:-dezky-audit}"
export AUDIT_COLD_ACCESS_KEY="${AUDIT_COLD_ACCESS_KEY:-dezky-dev}"
export AUDIT_COLD_SECRET_KEY="${AUDIT_COLD_SECRET_KEY:-dezky-dev-secret}"
export AUDIT_HOT_RETENTION_DAYS="${AUDIT_HOT_RETENTION_DAYS:-0}"

# DNS from Knot DNS with the development zone (dev/dns/example.zone): domain
# checks and the DNS probe work without the internet.
dns_port="${DNS_PORT:-3953}"
export DNS_RESOLVERS="${DNS_RESOLVERS:-127.0.0.1:$dns_port}"
export DNS_PROBE_NAME="${DNS_PROBE_NAME:-fjord-tandklinik.example}"

# Outgoing mail to maildev: nothing leaves the machine; read what dezky sent
# at http://127.0.0.1:1080.
smtp_port="${SMTP_DEV_PORT:-1025}"
mail_web_port="${MAIL_WEB_PORT:-1080}"
export SMTP_HOST="${SMTP_HOST:-127.0.0.1}"
export SMTP_PORT="${SMTP_PORT:-$smtp_port}"
export SMTP_SECURITY="${SMTP_SECURITY:-none}"
export SMTP_USERNAME="${SMTP_USERNAME:-dezky-dev}"
export SMTP_PASSWORD="${SMTP_PASSWORD:-dezky-dev-smtp}"
export SMTP_FROM="${SMTP_FROM:-dezky <noreply@dezky.example>}"

# Billing against stripe-mock (Stripe's own API mock, stateless): the billing
# calls are checked against Stripe's spec; nothing is charged. Money paths are
# on, so re-pricing, seats and the card form run against it (Stripe.js itself
# needs the internet).
stripe_port="${STRIPE_DEV_PORT:-12111}"
export STRIPE_SECRET_KEY="${STRIPE_SECRET_KEY:-sk_test_dezkyDevelopment}"
export STRIPE_WEBHOOK_SECRET="${STRIPE_WEBHOOK_SECRET:-whsec_dezky_development}"
export STRIPE_API_BASE="${STRIPE_API_BASE:-http://127.0.0.1:$stripe_port/}"
export STRIPE_PUBLISHABLE_KEY="${STRIPE_PUBLISHABLE_KEY:-pk_test_dezkyDevelopment}"
export BILLING_STRIPE_ENABLED="${BILLING_STRIPE_ENABLED:-true}"

# Mail admin against the Stalwart stand-in (dev/stalwart: Stalwart's JMAP
# management, every object checked against Stalwart's published schema; its
# state is kept in data/stalwart.json).
stalwart_port="${STALWART_DEV_PORT:-8089}"
export STALWART_URL="${STALWART_URL:-http://127.0.0.1:$stalwart_port}"
export STALWART_ADMIN_SECRET="${STALWART_ADMIN_SECRET:-dev-stalwart-secret}"
export STALWART_PROVISIONING_ENABLED="${STALWART_PROVISIONING_ENABLED:-true}"

# Files admin against the libregraph stand-in (dev/files: tokens checked at
# the development provider, as OCIS checks them). Its service user is signed in
# once per run by dev/files/bootstrap.mjs, which runs `dezky files-bootstrap`
# and signs in at the development provider as svc-files. The development
# token key is public in this repository (production sets its own).
files_port="${FILES_DEV_PORT:-9200}"
export DEZKY_TOKEN_KEYS="${DEZKY_TOKEN_KEYS:-dev:ZGV6a3ktZGV2ZWxvcG1lbnQtdG9rZW4ta2V5LTMyYiE=}"
export OCIS_URL="${OCIS_URL:-http://127.0.0.1:$files_port}"
export DEZKY_FILES_APP_URL="${DEZKY_FILES_APP_URL:-http://127.0.0.1:$files_port/}"
export OCIS_OIDC_ISSUER="${OCIS_OIDC_ISSUER:-$OIDC_ISSUER_URL}"
# What the stand-in does, written as OCIS' audit service writes its file.
export OCIS_AUDIT_LOG="${OCIS_AUDIT_LOG:-$PWD/data/files-audit.log}"

step "development OIDC provider on 127.0.0.1:$oidc_port (demo accounts: see README)"
OIDC_PORT="$oidc_port" node dev/oidc/server.mjs &
oidc_pid=$!
step "development S3 (s3s-fs) on 127.0.0.1:$s3_port, bucket data/s3/$AUDIT_COLD_BUCKET"
mkdir -p "data/s3/$AUDIT_COLD_BUCKET"
s3s-fs --host 127.0.0.1 --port "$s3_port" --access-key "$AUDIT_COLD_ACCESS_KEY" --secret-key "$AUDIT_COLD_SECRET_KEY" data/s3 &
s3_pid=$!
step "development DNS (Knot) on 127.0.0.1:$dns_port, zone dev/dns/example.zone"
scripts/dev-dns.sh "$dns_port" data/dns &
dns_pid=$!
step "development mail catcher (maildev): SMTP 127.0.0.1:$smtp_port, read mail at http://127.0.0.1:$mail_web_port"
node dev/mail/node_modules/maildev/bin/maildev --smtp "$smtp_port" --web "$mail_web_port" --ip 127.0.0.1 \
  --incoming-user "$SMTP_USERNAME" --incoming-pass "$SMTP_PASSWORD" --silent &
mail_pid=$!
step "development billing (stripe-mock) on 127.0.0.1:$stripe_port"
scripts/dev-stripe.sh "$stripe_port" &
stripe_pid=$!
step "development mail server admin (Stalwart stand-in) on 127.0.0.1:$stalwart_port"
node dev/stalwart/server.mjs --port "$stalwart_port" --secret "$STALWART_ADMIN_SECRET" --state data/stalwart.json &
stalwart_pid=$!
step "development files server (libregraph stand-in) on 127.0.0.1:$files_port"
node dev/files/server.mjs --port "$files_port" --issuer "$OCIS_OIDC_ISSUER" --admin svc-files --state data/files.json \
  --audit-log "$OCIS_AUDIT_LOG" &
files_pid=$!
trap 'kill $oidc_pid $s3_pid $dns_pid $mail_pid $stripe_pid $stalwart_pid $files_pid 2>/dev/null || true' EXIT INT TERM
step "signing the files service user in (dezky files-bootstrap)"
node dev/files/bootstrap.mjs "$CARGO_TARGET_DIR/debug/dezky" svc-files

step "dezky on $DEZKY_PUBLIC_URL (Ctrl-C stops it)"
"$CARGO_TARGET_DIR/debug/dezky"
