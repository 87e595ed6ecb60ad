// Development and test stand-in for Authentik: panva's OpenID-certified
// oidc-provider, mounted under Authentik's issuer path shape, with dezky's two
// clients (dezky-portal, dezky-operator), a `groups` claim, refresh tokens, and
// the demo accounts (sign in with the account name; any password).
//
// DEVELOPMENT ONLY: the signing key in jwks.json is public in this repository.
import http from 'node:http';
import fs from 'node:fs';
import Provider from 'oidc-provider';
import { authentikApi } from './authentik-api.mjs';

const port = Number(process.env.OIDC_PORT || 3100);
const app = (process.env.DEZKY_PUBLIC_URL || 'http://127.0.0.1:3000').replace(/\/$/, '');
const prefix = '/application/o/dezky';
const issuer = `http://127.0.0.1:${port}${prefix}/`;
const jwks = JSON.parse(fs.readFileSync(new URL('./jwks.json', import.meta.url)));
const accounts = JSON.parse(fs.readFileSync(new URL('./accounts.json', import.meta.url)));
// Authentik's admin API (the part dezky calls), over the same accounts: a
// person added through it can sign in here; a deactivated one cannot.
const directory = authentikApi({ accounts, origin: `http://127.0.0.1:${port}` });

const client = (id, secret) => ({
  client_id: id,
  client_secret: secret,
  redirect_uris: [`${app}/auth/callback`],
  post_logout_redirect_uris: [`${app}/`, `${app}/not-authorised`],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const provider = new Provider(issuer, {
  clients: [
    client('dezky-portal', process.env.OIDC_PORTAL_CLIENT_SECRET || 'dev-portal-secret'),
    client('dezky-operator', process.env.OIDC_OPERATOR_CLIENT_SECRET || 'dev-operator-secret'),
    // OCIS' own public client (ocis-web). dezky's files adapter signs its
    // service user in through it once (`dezky files-bootstrap`, a loopback
    // redirect on any port, RFC 8252) and then lives on refresh tokens.
    {
      client_id: 'ocis-web',
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
  ],
  jwks,
  cookies: { keys: ['dezky-dev-oidc-cookie-key'] },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'groups'],
  claims: {
    openid: ['sub'],
    profile: ['name'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
  },
  // Authentik puts the requested claims into the ID token too.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  issueRefreshToken: async () => true,
  // Every refresh returns a new refresh token and the old one is spent: a
  // second use revokes the grant (as Authentik's rotation does), so a relying
  // party that refreshes twice with one token signs its user out.
  rotateRefreshToken: () => true,
  ttl: {
    AccessToken: Number(process.env.OIDC_ACCESS_TOKEN_TTL || 600),
    IdToken: 3600,
    RefreshToken: 14 * 24 * 3600,
    Grant: 14 * 24 * 3600,
    Session: 14 * 24 * 3600,
    Interaction: 3600,
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // Sign out without a confirmation click (Authentik's invalidation flow
      // does the same for its own applications).
      logoutSource: async (ctx, form) => {
        ctx.body = `<!DOCTYPE html><html><head><title>Signing out</title></head><body>
          ${form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')}
          <script>document.forms[0].submit()</script></body></html>`;
      },
    },
  },
  // First-party clients: consent is implied, like Authentik's implicit consent flow.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid offline_access profile email groups');
    grant.addOIDCClaims(['name', 'email', 'email_verified', 'groups']);
    await grant.save();
    return grant;
  },
  findAccount: async (_ctx, id) => {
    if (!directory.account(id)) return undefined;
    return {
      accountId: id,
      // Read at every token: group changes and deactivation show at once.
      claims: async () => {
        const account = directory.account(id);
        return {
          sub: id,
          name: account?.name,
          email: account?.email,
          email_verified: true,
          groups: account?.groups ?? [],
        };
      },
    };
  },
});

// A sign-in submitted for an account that may not sign in (unknown or
// deactivated) is Authentik's `login_failed`.
provider.use(async (ctx, next) => {
  await next();
  const body = ctx.oidc?.body;
  if (ctx.method === 'POST' && body?.prompt === 'login' && body.login && !directory.account(body.login)) {
    directory.signInFailed(String(body.login), ctx.ip);
  }
});

provider.on('authorization.success', (ctx) => {
  const session = ctx.oidc.session;
  if (session?.accountId) {
    directory.signedIn(session.accountId, session.uid, ctx.ip, ctx.get('user-agent'));
  }
});

http
  .createServer(async (req, res) => {
    if (await directory.handle(req, res)) return;
    if (req.url === prefix || req.url.startsWith(`${prefix}/`)) {
      req.originalUrl = req.url;
      req.url = req.url.slice(prefix.length) || '/';
      provider.callback()(req, res);
    } else {
      res.writeHead(404).end('not found');
    }
  })
  .listen(port, '127.0.0.1', () => {
    console.log(`oidc-provider (dev) issuer ${issuer}`);
  });
