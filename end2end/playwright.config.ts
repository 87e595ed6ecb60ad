import { defineConfig, devices } from '@playwright/test';
import { readFileSync } from 'node:fs';

// The secrets the server runs with: one list, which scripts/check-logs.sh also
// reads to prove none of them reaches the server's log.
const here = typeof __dirname === 'string' ? __dirname : process.cwd();
const secrets = JSON.parse(readFileSync(`${here}/secrets.json`, 'utf8'));

// The server is started by Playwright (and always stopped by it) from the binary
// that scripts/build-site.sh built; the port is chosen by scripts/test.sh.
const port = Number(process.env.DEZKY_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const server = process.env.DEZKY_SERVER_BIN;
if (!server) throw new Error('DEZKY_SERVER_BIN is not set: run the tests through scripts/test.sh');
// The development OIDC provider (dev/oidc, the Authentik stand-in) with the demo
// accounts, and a fresh embedded store per run (scripts/test.sh makes the dir).
const oidcPort = Number(process.env.DEZKY_E2E_OIDC_PORT ?? port + 1);
const issuer = `http://127.0.0.1:${oidcPort}/application/o/dezky/`;
const dataDir = process.env.DEZKY_E2E_DATA;
export const DEV_AUDIT_KEY: string = secrets.AUDIT_ED25519_SECRET_KEY;
if (!dataDir) throw new Error('DEZKY_E2E_DATA is not set: run the tests through scripts/test.sh');
// s3s-fs, the S3 stand-in of the audit cold archive: the bucket is a folder.
const s3Port = Number(process.env.DEZKY_E2E_S3_PORT ?? port + 2);
const s3BucketDir = `${dataDir}/s3/dezky-audit`;
// Knot DNS with the development zone (dev/dns/example.zone).
const dnsPort = Number(process.env.DEZKY_E2E_DNS_PORT ?? port + 3);
// maildev, the SMTP catcher: SMTP with AUTH, and its JSON API on mailWebPort.
const smtpPort = Number(process.env.DEZKY_E2E_SMTP_PORT ?? port + 4);
const mailWebPort = Number(process.env.DEZKY_E2E_MAIL_WEB_PORT ?? port + 5);
// stripe-mock, the billing stand-in (exported: a test pauses it to see an outage).
export const stripePort = Number(process.env.DEZKY_E2E_STRIPE_PORT ?? port + 6);
// The Stalwart stand-in (dev/stalwart: JMAP management checked against
// Stalwart's schema).
const stalwartPort = Number(process.env.DEZKY_E2E_STALWART_PORT ?? port + 7);
// The files stand-in (dev/files: libregraph, tokens checked at the provider);
// its service user is signed in by dev/files/bootstrap.mjs before the server
// starts (the real `dezky files-bootstrap`).
const filesPort = Number(process.env.DEZKY_E2E_FILES_PORT ?? port + 8);

// Debian's Chromium, never a browser downloaded by a test tool.
const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL,
    launchOptions: chromium,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 }, launchOptions: chromium } },
    { name: 'phone', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, launchOptions: chromium } },
  ],
  webServer: [{
    command: `exec node dev/files/server.mjs --port ${filesPort} --issuer ${issuer} --admin svc-files --audit-log '${dataDir}/files-audit.log'`,
    cwd: '..',
    port: filesPort,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  }, {
    command: `exec node dev/stalwart/server.mjs --port ${stalwartPort} --secret ${secrets.STALWART_ADMIN_SECRET}`,
    cwd: '..',
    port: stalwartPort,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  }, {
    command: `exec scripts/dev-stripe.sh ${stripePort}`,
    cwd: '..',
    port: stripePort,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  }, {
    command: `exec node dev/mail/node_modules/maildev/bin/maildev --smtp ${smtpPort} --web ${mailWebPort} --ip 127.0.0.1 --incoming-user dezky-dev --incoming-pass ${secrets.SMTP_PASSWORD} --silent`,
    cwd: '..',
    port: mailWebPort,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  }, {
    command: `exec scripts/dev-dns.sh ${dnsPort} '${dataDir}/dns'`,
    cwd: '..',
    port: dnsPort,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  }, {
    command: `mkdir -p '${s3BucketDir}' && exec s3s-fs --host 127.0.0.1 --port ${s3Port} --access-key dezky-dev --secret-key ${secrets.AUDIT_COLD_SECRET_KEY} '${dataDir}/s3'`,
    port: s3Port,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  }, {
    command: 'node dev/oidc/server.mjs',
    url: `${issuer}.well-known/openid-configuration`,
    cwd: '..',
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { OIDC_PORT: String(oidcPort), DEZKY_PUBLIC_URL: baseURL },
  }, {
    // Every log line, at debug, goes to a file scripts/check-logs.sh scans.
    command: `node dev/files/bootstrap.mjs '${server}' >>'${dataDir}/server.log' 2>&1 && exec '${server}' >>'${dataDir}/server.log' 2>&1`,
    url: `${baseURL}/readyz`,
    cwd: '..',
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DEZKY_LISTEN_ADDR: `127.0.0.1:${port}`,
      DEZKY_PUBLIC_URL: baseURL,
      DEZKY_SITE_ROOT: 'target/site',
      RUST_LOG: 'debug',
      DATABASE_URL: `sqlite://${dataDir}/dezky.db`,
      OIDC_ISSUER_URL: issuer,
      OIDC_PORTAL_CLIENT_SECRET: secrets.OIDC_PORTAL_CLIENT_SECRET,
      OIDC_OPERATOR_CLIENT_SECRET: secrets.OIDC_OPERATOR_CLIENT_SECRET,
      // The development provider's Authentik admin API.
      AUTHENTIK_API_URL: `http://127.0.0.1:${oidcPort}/api/v3/`,
      AUTHENTIK_API_TOKEN: secrets.AUTHENTIK_API_TOKEN,
      // Development-only checkpoint key (public in this repository).
      AUDIT_ED25519_SECRET_KEY: DEV_AUDIT_KEY,
      // The cold archive against s3s-fs; every event but the newest is old
      // enough, so "Run archive now" always has something to move.
      AUDIT_COLD_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      AUDIT_COLD_BUCKET: 'dezky-audit',
      AUDIT_COLD_ACCESS_KEY: 'dezky-dev',
      AUDIT_COLD_SECRET_KEY: secrets.AUDIT_COLD_SECRET_KEY,
      AUDIT_HOT_RETENTION_DAYS: '0',
      // The identity, mail and files servers' logs are read when a test says so
      // ("Read now"), so no scheduled read lands between another test's
      // action and its check of the audit list.
      AUDIT_INGEST_INTERVAL_SECS: '0',
      // Every test signs in from 127.0.0.1, dozens of times a minute; the
      // limits themselves are tested at their defaults in server/tests.
      DNS_RESOLVERS: `127.0.0.1:${dnsPort}`,
      DNS_PROBE_NAME: 'fjord-tandklinik.example',
      // Domains are rechecked every few seconds, so a test sees drift noticed.
      DNS_RECHECK_INTERVAL_SECS: '5',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_SECURITY: 'none',
      SMTP_USERNAME: 'dezky-dev',
      SMTP_PASSWORD: secrets.SMTP_PASSWORD,
      SMTP_FROM: 'dezky <noreply@dezky.example>',
      STRIPE_SECRET_KEY: secrets.STRIPE_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: secrets.STRIPE_WEBHOOK_SECRET,
      STRIPE_PUBLISHABLE_KEY: 'pk_test_dezkyEndToEnd',
      BILLING_STRIPE_ENABLED: 'true',
      STRIPE_API_BASE: `http://127.0.0.1:${stripePort}/`,
      // A paused stand-in shows as down within seconds.
      STRIPE_TIMEOUT_MS: '1500',
      DEZKY_TOKEN_KEYS: secrets.DEZKY_TOKEN_KEYS,
      OCIS_URL: `http://127.0.0.1:${filesPort}`,
      // The files stand-in's web address stands in for the files web app.
      DEZKY_FILES_APP_URL: `http://127.0.0.1:${filesPort}/`,
      OCIS_OIDC_ISSUER: issuer,
      // What the files stand-in does, written as OCIS' audit service writes it.
      OCIS_AUDIT_LOG: `${dataDir}/files-audit.log`,
      STALWART_URL: `http://127.0.0.1:${stalwartPort}`,
      STALWART_ADMIN_SECRET: secrets.STALWART_ADMIN_SECRET,
      STALWART_PROVISIONING_ENABLED: 'true',
      DEZKY_RATE_SIGN_IN_PER_MINUTE: '10000',
      DEZKY_RATE_API_PER_MINUTE: '100000',
    },
  }],
});
