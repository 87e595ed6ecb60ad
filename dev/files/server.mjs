// A stateful stand-in for the part of OCIS' libregraph API dezky calls
// (/graph/v1.0/users, /drives, /me). The tests put Prism in front of it,
// serving the libre-graph-api v1.0 description (dev/files/libregraph.yaml),
// so requests and answers are checked against the published API; this keeps
// the state and does what OCIS does with it:
//   - a bearer token is checked the way OCIS checks an opaque one: at the
//     identity provider's userinfo endpoint (so only a token dezky really
//     obtained from the provider works), and only the admin user
//     (--admin, the `sub`) may manage users and list all drives;
//   - usernames follow OCIS' default rule, a taken one is 409
//     nameAlreadyExists;
//   - deleting a user deletes their personal drive;
//   - with --audit-log FILE, what it does is appended to FILE the way OCIS'
//     audit service writes its file (AUDIT_LOG_TO_FILE, AUDIT_FORMAT=json):
//     one JSON object per line with OCIS' fields, actions and messages
//     (services/audit/pkg/types), `Time` only where OCIS sets one.
// Differences from OCIS, by design: a personal drive is made when the user is
// created (OCIS makes it at the first sign-in), with --quota bytes.
//
// DEVELOPMENT AND TESTS ONLY. Usage:
//   node dev/files/server.mjs --port 9200 --issuer http://127.0.0.1:3101/application/o/dezky/
//        [--admin svc-files] [--quota 10737418240] [--state data/files.json]
//        [--audit-log data/files-audit.log]
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const port = Number(arg('port', 9200));
const issuer = arg('issuer', 'http://127.0.0.1:3101/application/o/dezky/');
const admin = arg('admin', 'svc-files');
const defaultQuota = Number(arg('quota', 10 * 1024 ** 3));
const stateFile = arg('state', null);
const auditFile = arg('audit-log', null);

let state = { users: {}, drives: {} };
if (stateFile && fs.existsSync(stateFile)) state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
function save() {
  if (!stateFile) return;
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(`${stateFile}.tmp`, JSON.stringify(state));
  fs.renameSync(`${stateFile}.tmp`, stateFile);
}

// OCIS' audit service's line: the base event's fields, then the event's own.
function audit(action, message, fields, time = '') {
  if (!auditFile) return;
  const line = {
    RemoteAddr: '', User: '', URL: '', Method: '', UserAgent: '', Time: time,
    App: 'admin_audit', Message: message, Action: action, CLI: false, Level: 1, ...fields,
  };
  fs.mkdirSync(path.dirname(auditFile), { recursive: true });
  fs.appendFileSync(auditFile, `${JSON.stringify(line)}\n`);
}

// OCIS' default username rule (GRAPH_USERNAME_MATCH=default).
const USERNAME = /^[a-zA-Z_][a-zA-Z0-9_.@-]*$/;

const odataError = (res, status, code, message) => send(res, status, { error: { code, message } });
function send(res, status, body) {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

// ---------- tokens, checked at the provider like OCIS does ----------

let userinfoUrl = null;
const checked = new Map(); // token hash -> { claims, until }
async function caller(req) {
  const header = req.headers.authorization || '';
  if (!header.startsWith('Bearer ')) return null;
  const token = header.slice(7);
  const key = crypto.createHash('sha256').update(token).digest('hex');
  const hit = checked.get(key);
  if (hit && hit.until > Date.now()) return hit.claims;
  if (!userinfoUrl) {
    const doc = await (await fetch(`${issuer.replace(/\/?$/, '/')}.well-known/openid-configuration`)).json();
    userinfoUrl = doc.userinfo_endpoint;
  }
  const res = await fetch(userinfoUrl, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) return null;
  const claims = await res.json();
  checked.set(key, { claims, until: Date.now() + 10_000 });
  return claims;
}

// ---------- objects ----------

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const quotaOf = (d) => {
  const remaining = Math.max(0, d.total - d.used);
  const ratio = d.total ? d.used / d.total : 0;
  const state = ratio >= 1 ? 'exceeded' : ratio >= 0.9 ? 'critical' : ratio >= 0.75 ? 'nearing' : 'normal';
  return { total: d.total, used: d.used, remaining, deleted: 0, state };
};
const userView = (u) => ({
  id: u.id,
  displayName: u.displayName,
  mail: u.mail,
  onPremisesSamAccountName: u.onPremisesSamAccountName,
  accountEnabled: u.accountEnabled,
  userType: 'Member',
});
const driveView = (d) => {
  const owner = state.users[d.ownerId];
  return {
    id: d.id,
    name: owner ? owner.displayName : d.name,
    driveType: 'personal',
    driveAlias: owner ? `personal/${owner.onPremisesSamAccountName.toLowerCase()}` : undefined,
    createdDateTime: d.createdDateTime,
    lastModifiedDateTime: d.lastModifiedDateTime,
    owner: { user: { id: d.ownerId, displayName: owner ? owner.displayName : '' } },
    quota: quotaOf(d),
    webUrl: `http://127.0.0.1:${port}/f/${d.id}`,
  };
};

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch {
        resolve(undefined);
      }
    });
  });
}

async function route(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const p = url.pathname;
  if (p === '/healthz') return send(res, 200, {});
  const who = await caller(req);
  if (!who) return odataError(res, 401, 'unauthenticated', 'invalid or expired token');
  const isAdmin = who.sub === admin;
  const adminOnly = () => odataError(res, 403, 'accessDenied', 'the admin role is required');

  // Test and development helper (not libregraph): set a user's usage.
  if (req.method === 'PUT' && p.startsWith('/dev/usage/')) {
    if (!isAdmin) return adminOnly();
    const drive = Object.values(state.drives).find((d) => d.ownerId === p.split('/')[3]);
    if (!drive) return odataError(res, 404, 'itemNotFound', 'no personal drive');
    const body = await readBody(req);
    drive.used = Number(body?.used ?? 0);
    drive.lastModifiedDateTime = now();
    save();
    return send(res, 200, driveView(drive));
  }

  if (req.method === 'GET' && p === '/graph/v1.0/me') {
    const me = Object.values(state.users).find((u) => u.onPremisesSamAccountName === who.sub);
    return send(res, 200, me ? userView(me) : { id: who.sub, displayName: who.name || who.sub, mail: who.email, onPremisesSamAccountName: who.sub });
  }
  if (req.method === 'GET' && p === '/graph/v1.0/me/drives') {
    const mine = Object.values(state.users).find((u) => u.onPremisesSamAccountName === who.sub);
    return send(res, 200, { value: Object.values(state.drives).filter((d) => mine && d.ownerId === mine.id).map(driveView) });
  }
  if (req.method === 'GET' && p === '/graph/v1.0/drives') {
    if (!isAdmin) return adminOnly();
    let drives = Object.values(state.drives).map(driveView);
    const filter = url.searchParams.get('$filter');
    if (filter) {
      const m = /^driveType eq '([a-z]+)'$/.exec(filter) || /^id eq '([^']+)'$/.exec(filter);
      if (!m) return odataError(res, 400, 'invalidRequest', `unsupported filter ${filter}`);
      drives = drives.filter((d) => (filter.startsWith('id') ? d.id === m[1] : d.driveType === m[1]));
    }
    return send(res, 200, { value: drives });
  }
  if (p === '/graph/v1.0/users') {
    if (!isAdmin) return adminOnly();
    if (req.method === 'GET') {
      const term = (url.searchParams.get('$search') || '').replace(/^"|"$/g, '').toLowerCase();
      const users = Object.values(state.users).filter((u) => !term
        || [u.mail, u.displayName, u.onPremisesSamAccountName].some((v) => (v || '').toLowerCase().includes(term)));
      return send(res, 200, { value: users.map(userView) });
    }
    if (req.method === 'POST') {
      const body = await readBody(req);
      if (!body) return odataError(res, 400, 'invalidRequest', 'invalid body');
      const name = body.onPremisesSamAccountName || '';
      if (!USERNAME.test(name)) {
        return odataError(res, 400, 'invalidRequest', `username '${name}' must be at least the local part of an email`);
      }
      if (!body.displayName) return odataError(res, 400, 'invalidRequest', 'missing displayName');
      if (Object.values(state.users).some((u) => u.onPremisesSamAccountName.toLowerCase() === name.toLowerCase())) {
        return odataError(res, 409, 'nameAlreadyExists', `a user with the name ${name} already exists`);
      }
      const user = {
        id: crypto.randomUUID(),
        displayName: body.displayName,
        mail: body.mail || '',
        onPremisesSamAccountName: name,
        accountEnabled: body.accountEnabled ?? true,
      };
      state.users[user.id] = user;
      const drive = { id: `${crypto.randomUUID()}$${crypto.randomUUID()}`, ownerId: user.id, total: defaultQuota, used: 0, createdDateTime: now(), lastModifiedDateTime: now() };
      state.drives[drive.id] = drive;
      save();
      audit('user_created', `user '${who.sub}' created the user '${user.id}'`, { UserID: user.id });
      audit('space_created', `user '${who.sub}' created a space '${drive.id}' with name '${user.displayName}'`, {
        SpaceID: drive.id, Owner: user.id, RootItem: drive.id, Name: user.displayName, Type: 'personal',
      }, drive.createdDateTime);
      return send(res, 201, userView(user));
    }
  }
  const m = /^\/graph\/v1\.0\/users\/([^/]+)$/.exec(p);
  if (m) {
    if (!isAdmin) return adminOnly();
    const id = decodeURIComponent(m[1]);
    const user = state.users[id] || Object.values(state.users).find((u) => u.onPremisesSamAccountName === id);
    if (!user) return odataError(res, 404, 'itemNotFound', `user ${id} not found`);
    if (req.method === 'GET') return send(res, 200, userView(user));
    if (req.method === 'PATCH') {
      const body = await readBody(req);
      if (!body) return odataError(res, 400, 'invalidRequest', 'invalid body');
      for (const k of ['displayName', 'mail', 'accountEnabled']) if (k in body) user[k] = body[k];
      save();
      return send(res, 200, userView(user));
    }
    if (req.method === 'DELETE') {
      delete state.users[user.id];
      for (const [did, d] of Object.entries(state.drives)) if (d.ownerId === user.id) delete state.drives[did];
      save();
      audit('user_deleted', `user '${who.sub}' deleted the user '${user.id}'`, { UserID: user.id });
      return send(res, 204);
    }
  }
  return odataError(res, 404, 'itemNotFound', `${req.method} ${p} is not served here`);
}

http
  .createServer((req, res) => {
    route(req, res).catch((e) => {
      console.error(e);
      odataError(res, 500, 'generalException', String(e.message));
    });
  })
  .listen(port, '127.0.0.1', () => {
    console.log(`files stand-in (libregraph, development only) on http://127.0.0.1:${port}, admin ${admin}`);
  });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
