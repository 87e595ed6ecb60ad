// A stateful stand-in for Stalwart 0.16's JMAP management API (the `x:`
// objects dezky provisions: x:Domain, x:Account, x:MailingList, and the
// server log x:Log it reads for the audit log). Stalwart has
// no server installable here, so this validates every object written to it
// against Stalwart's own machine-readable schema (`schema.json`, trimmed from
// upstream's stalwart-management-schema.json by `trim.mjs`): unknown
// properties, server-set properties, value types, enums, "@type" variants,
// sets and object lists are refused the way Stalwart refuses them
// (invalidProperties), required values as its generated validators do
// (validationFailed, "required"), unknown ids as invalidForeignKey, a second
// domain of one name as primaryKeyViolation, and removing a domain still in
// use as objectIsLinked with the linked objects. A domain's `dnsZoneFile` is
// written as Stalwart's BIND serializer writes it, with real DKIM keys.
//
// DEVELOPMENT AND TESTS ONLY. Usage:
//   node dev/stalwart/server.mjs --port 8089 [--user admin --secret ...]
//        [--hostname mail.dezky.test] [--schema dev/stalwart/schema.json]
//        [--state data/stalwart.json]
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const port = Number(arg('port', process.env.STALWART_PORT || 8089));
const user = arg('user', 'admin');
const secret = arg('secret', process.env.STALWART_FAKE_SECRET || 'dev-stalwart-secret');
const hostname = arg('hostname', 'mail.dezky.test');
const schema = JSON.parse(fs.readFileSync(arg('schema', path.join(here, 'schema.json')), 'utf8'));

const CORE = 'urn:ietf:params:jmap:core';
const STALWART = 'urn:stalwart:jmap';
const ACCOUNT = 'a';
// The objects this stand-in keeps (others answer unknownMethod, as a
// Stalwart without the enterprise features would for unlicensed ones).
const KEPT = ['x:Domain', 'x:Account', 'x:MailingList'];
const store = Object.fromEntries(KEPT.map((k) => [k, new Map()]));
const dkim = new Map(); // domain id -> [{ selector, k, p }]
let nextId = 1;
// The server log (x:Log, read-only): the authentication events of every
// request, as Stalwart logs them (`auth.success`, `auth.failed`).
const log = [];
const LOG_KEEP = Number(arg('log-keep', 10000));
let nextLog = 1;
function logEntry(event, level, details) {
  log.push({ id: `l${(nextLog++).toString(36)}`, timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), level, event, details });
  // Old entries roll off, as Stalwart's log files rotate.
  if (log.length > LOG_KEEP) log.splice(0, log.length - LOG_KEEP);
}
// --state FILE: kept across restarts (the development run), written after
// every change.
const stateFile = arg('state', null);
if (stateFile && fs.existsSync(stateFile)) {
  const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  for (const k of KEPT) for (const [id, o] of Object.entries(saved.store[k] || {})) store[k].set(id, o);
  for (const [id, keys] of Object.entries(saved.dkim || {})) dkim.set(id, keys);
  nextId = saved.nextId;
  log.push(...(saved.log || []));
  nextLog = saved.nextLog || 1;
}
function save() {
  if (!stateFile) return;
  const data = {
    nextId,
    store: Object.fromEntries(KEPT.map((k) => [k, Object.fromEntries(store[k])])),
    dkim: Object.fromEntries(dkim),
    log,
    nextLog,
  };
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(`${stateFile}.tmp`, JSON.stringify(data));
  fs.renameSync(`${stateFile}.tmp`, stateFile);
}
const newId = () => (nextId++).toString(36);

// ---------- validation against the schema ----------

class Invalid extends Error {
  constructor(type, extra) {
    super(type);
    this.body = { type, ...extra };
  }
}
const invalidProperty = (at, description) =>
  new Invalid('invalidProperties', { properties: [at], description });
const required = (property) =>
  new Invalid('validationFailed', { validationErrors: [{ type: 'Required', property }] });

const fieldsOf = (schemaName) => {
  const f = schema.fields[schemaName];
  if (!f) throw new Error(`schema has no fields for ${schemaName}`);
  return f.properties;
};

// The property table of an object value: its schema, or its "@type" variant's.
function propertiesFor(objectName, value, at) {
  const s = schema.schemas[objectName];
  if (!s) throw new Error(`schema has no ${objectName}`);
  if (s.type === 'single') return fieldsOf(s.schemaName);
  const variant = s.variants.find((v) => v.name === value['@type']);
  if (!variant) {
    throw invalidProperty(`${at}@type`, `expected one of ${s.variants.map((v) => v.name).join(', ')}`);
  }
  return variant.schemaName ? fieldsOf(variant.schemaName) : {};
}

function checkObject(objectName, value, at, mode) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidProperty(at.replace(/\/$/, ''), 'expected an object');
  }
  const props = propertiesFor(objectName, value, at);
  for (const [key, v] of Object.entries(value)) {
    if (key === '@type' || key === 'id') continue;
    const p = props[key];
    if (!p) throw invalidProperty(at + key, 'unknown property');
    if (p.update === 'serverSet') throw invalidProperty(at + key, 'server-set property');
    if (mode === 'update' && p.update === 'immutable') {
      throw invalidProperty(at + key, 'immutable property');
    }
    checkValue(p.type, v, at + key);
  }
  return props;
}

function checkValue(t, v, at) {
  if (v === null) {
    if (t.nullable) return;
    throw invalidProperty(at, 'null is not allowed');
  }
  switch (t.type) {
    case 'string':
      if (typeof v !== 'string') throw invalidProperty(at, 'expected a string');
      if (t.nullable && v === '') throw required(at);
      if (t.format === 'emailAddress' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) {
        throw new Invalid('validationFailed', {
          validationErrors: [{ type: 'Invalid', property: at, value: v }],
        });
      }
      return;
    case 'boolean':
      if (typeof v !== 'boolean') throw invalidProperty(at, 'expected a boolean');
      return;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidProperty(at, 'expected a number');
      if (['unsignedInteger', 'size', 'duration'].includes(t.format) && (v < 0 || !Number.isInteger(v))) {
        throw invalidProperty(at, 'expected a non-negative integer');
      }
      return;
    case 'utcDateTime':
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw invalidProperty(at, 'expected a date');
      return;
    case 'enum': {
      const names = (schema.enums[t.enumName] || []).map((e) => e.name);
      if (!names.includes(v)) throw invalidProperty(at, `not a ${t.enumName}`);
      return;
    }
    case 'objectId':
      if (typeof v !== 'string' || v === '') throw invalidProperty(at, 'expected an id');
      if (store[t.objectName] && !store[t.objectName].has(v)) {
        throw new Invalid('invalidForeignKey', { objectId: { object: t.objectName.slice(2), id: v } });
      }
      return;
    case 'object':
      checkObject(t.objectName, v, `${at}/`, 'create');
      return;
    case 'objectList':
      if (typeof v !== 'object' || Array.isArray(v)) throw invalidProperty(at, 'expected an object list');
      for (const [k, item] of Object.entries(v)) {
        if (!/^\d+$/.test(k)) throw invalidProperty(`${at}/${k}`, 'expected an index');
        checkObject(t.objectName, item, `${at}/${k}/`, 'create');
      }
      return;
    case 'set': {
      if (typeof v !== 'object' || Array.isArray(v)) throw invalidProperty(at, 'expected a set');
      const keys = Object.keys(v);
      for (const k of keys) {
        if (v[k] !== true) throw invalidProperty(`${at}/${k}`, 'set members are true');
        checkValue(t.class, k, `${at}/${k}`);
      }
      if (t.minItems && keys.length < t.minItems) {
        throw new Invalid('validationFailed', {
          validationErrors: [{ type: 'MinLength', property: at, required: t.minItems }],
        });
      }
      return;
    }
    case 'map':
      if (typeof v !== 'object' || Array.isArray(v)) throw invalidProperty(at, 'expected a map');
      for (const [k, item] of Object.entries(v)) {
        checkValue(t.keyClass, k, `${at}/${k}`);
        checkValue(t.valueClass, item, `${at}/${k}`);
      }
      return;
    default:
      throw new Error(`stand-in cannot check type ${t.type} at ${at}`);
  }
}

// Stalwart's generated validators: a non-optional string may not be empty,
// a non-optional id must be set.
function checkRequired(props, obj) {
  for (const [key, p] of Object.entries(props)) {
    if (p.update === 'serverSet' || p.type.nullable) continue;
    if (p.type.type === 'string' && !obj[key]) throw required(key);
    if (p.type.type === 'objectId' && !obj[key]) throw required(key);
  }
}

// ---------- the objects ----------

const objectType = (name) => schema.schemas[name].type === 'multiple';
const emailOf = (obj) => {
  const d = store['x:Domain'].get(obj.domainId);
  return `${obj.name}@${d ? d.name : ''}`;
};
const aliasAddresses = (account) =>
  Object.values(account.aliases || {}).map((a) => {
    const d = store['x:Domain'].get(a.domainId);
    return `${a.name}@${d ? d.name : ''}`;
  });

function addressTaken(address, exceptId) {
  for (const [id, a] of store['x:Account']) {
    if (id !== exceptId && (emailOf(a) === address || aliasAddresses(a).includes(address))) return id;
  }
  for (const [id, l] of store['x:MailingList']) {
    if (id !== exceptId && emailOf(l) === address) return id;
  }
  return null;
}

function semantic(name, obj, id) {
  if (name === 'x:Domain') {
    if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(obj.name)) {
      throw new Invalid('validationFailed', {
        validationErrors: [{ type: 'Invalid', property: 'name', value: obj.name }],
      });
    }
    for (const [other, d] of store['x:Domain']) {
      if (other !== id && d.name === obj.name) {
        throw new Invalid('primaryKeyViolation', { properties: ['name'], objectId: { object: 'Domain', id: other } });
      }
    }
  } else {
    const mine = [emailOf(obj), ...(name === 'x:Account' ? aliasAddresses(obj) : [])];
    for (const address of mine) {
      const other = addressTaken(address, id);
      if (other) {
        throw new Invalid('primaryKeyViolation', { properties: ['name'], objectId: { object: name.slice(2), id: other } });
      }
    }
  }
}

function dkimKeysFor(domainId, domain) {
  const management = domain.dkimManagement || { '@type': 'Automatic' };
  if (management['@type'] !== 'Automatic') return [];
  const algorithms = Object.keys(management.algorithms || { Dkim1Ed25519Sha256: true, Dkim1RsaSha256: true });
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return algorithms.map((alg) => {
    const rsa = alg.includes('Rsa');
    const { publicKey } = rsa
      ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
      : crypto.generateKeyPairSync('ed25519');
    const der = publicKey.export({ type: 'spki', format: 'der' });
    // Ed25519 keys are published raw (RFC 8463), RSA as SubjectPublicKeyInfo.
    const p = (rsa ? der : der.subarray(der.length - 32)).toString('base64');
    const version = alg.startsWith('Dkim2') ? 2 : 1;
    return { selector: `v${version}-${rsa ? 'rsa' : 'ed25519'}-${date}`, k: rsa ? 'rsa' : 'ed25519', p };
  });
}

// As Stalwart's BindSerializer writes the zone (records sorted by type, then name).
function zoneFile(id, d) {
  const name = d.name;
  const records = [
    [`autoconfig.${name}.`, 'CNAME', `${hostname}.`],
    [`autodiscover.${name}.`, 'CNAME', `${hostname}.`],
    [`${name}.`, 'MX', `10 ${hostname}.`],
    [`_imaps._tcp.${name}.`, 'SRV', `0 1 993 ${hostname}.`],
    [`_jmap._tcp.${name}.`, 'SRV', `0 1 443 ${hostname}.`],
    [`_submissions._tcp.${name}.`, 'SRV', `0 1 465 ${hostname}.`],
  ];
  const uri = d.reportAddressUri;
  if (uri) {
    const rua = uri.startsWith('mailto:') && !uri.includes('@') ? `${uri}@${name}` : uri;
    records.push([`_dmarc.${name}.`, 'TXT', `"v=DMARC1; p=reject; rua=${rua}"`]);
    records.push([`_smtp._tls.${name}.`, 'TXT', `"v=TLSRPTv1; rua=${rua}"`]);
  }
  for (const key of dkim.get(id) || []) {
    records.push([`${key.selector}._domainkey.${name}.`, 'TXT', `"v=DKIM1; k=${key.k}; h=sha256; p=${key.p}"`]);
  }
  records.push([`${name}.`, 'TXT', '"v=spf1 mx -all"']);
  return records.map(([n, t, v]) => `${n} IN ${t} ${v}\n`).join('');
}

function render(name, id, obj, properties) {
  // A copy: what is hidden below (secrets) must stay in the store.
  const out = { id, ...structuredClone(obj) };
  if (name === 'x:Domain') out.dnsZoneFile = zoneFile(id, obj);
  if (name === 'x:Account' || name === 'x:MailingList') out.emailAddress = emailOf(obj);
  if (name === 'x:Account') {
    out.usedDiskQuota = obj.usedDiskQuota || 0;
    // Secrets are write-only.
    for (const c of Object.values(out.credentials || {})) delete c.secret;
  }
  if (!properties) return out;
  return Object.fromEntries(['id', '@type', ...properties].filter((p) => p in out).map((p) => [p, out[p]]));
}

function linkedTo(domainId) {
  const linked = [];
  for (const [id, a] of store['x:Account']) {
    if (a.domainId === domainId || Object.values(a.aliases || {}).some((x) => x.domainId === domainId)) {
      linked.push({ object: 'Account', id });
    }
  }
  for (const [id, l] of store['x:MailingList']) {
    if (l.domainId === domainId) linked.push({ object: 'MailingList', id });
  }
  return linked;
}

function setPointer(obj, pointer, value) {
  const parts = pointer.split('/');
  let at = obj;
  for (const p of parts.slice(0, -1)) {
    if (typeof at[p] !== 'object' || at[p] === null) throw new Invalid('invalidPatch', { description: pointer });
    at = at[p];
  }
  const last = parts.at(-1);
  if (value === null) delete at[last];
  else at[last] = value;
}

// ---------- methods ----------

function get(name, args) {
  const ids = args.ids ?? [...store[name].keys()];
  const list = [];
  const notFound = [];
  for (const id of ids) {
    const obj = store[name].get(id);
    if (obj) list.push(render(name, id, obj, args.properties));
    else notFound.push(id);
  }
  return { accountId: ACCOUNT, state: String(nextId), list, notFound };
}

const FILTERS = {
  'x:Domain': ['name', 'text', 'memberTenantId'],
  'x:Account': ['domainId', 'text', 'type', 'memberTenantId'],
  'x:MailingList': ['domainId', 'text', 'memberTenantId'],
  'x:Log': ['text'],
};

// x:Log: oldest first, or by timestamp either way (then by id).
function queryLog(args) {
  const filter = args.filter || {};
  for (const key of Object.keys(filter)) {
    if (!FILTERS['x:Log'].includes(key)) throw new MethodError('unsupportedFilter', `cannot filter on ${key}`);
  }
  let list = log.filter((e) => filter.text === undefined || e.details.toLowerCase().includes(String(filter.text).toLowerCase()));
  for (const s of args.sort || []) {
    if (s.property !== 'timestamp') throw new MethodError('unsupportedSort', `cannot sort on ${s.property}`);
    if (s.isAscending === false) list = [...list].reverse();
  }
  const position = args.position || 0;
  const limit = args.limit ?? list.length;
  return { accountId: ACCOUNT, queryState: String(nextLog), ids: list.slice(position, position + limit).map((e) => e.id), position, total: list.length };
}

function getLog(args) {
  const byId = new Map(log.map((e) => [e.id, e]));
  const ids = args.ids ?? [...byId.keys()];
  const list = [];
  const notFound = [];
  for (const id of ids) {
    const e = byId.get(id);
    if (!e) notFound.push(id);
    else if (!args.properties) list.push(e);
    else list.push(Object.fromEntries(['id', ...args.properties].filter((p) => p in e).map((p) => [p, e[p]])));
  }
  return { accountId: ACCOUNT, state: String(nextLog), list, notFound };
}

function query(name, args) {
  const filter = args.filter || {};
  for (const key of Object.keys(filter)) {
    if (!FILTERS[name].includes(key)) throw new MethodError('unsupportedFilter', `cannot filter on ${key}`);
  }
  const ids = [];
  for (const [id, obj] of store[name]) {
    if (filter.name !== undefined && obj.name !== filter.name) continue;
    if (filter.domainId !== undefined && obj.domainId !== filter.domainId) continue;
    if (filter.type !== undefined && obj['@type'] !== filter.type) continue;
    if (filter.text !== undefined) {
      const hay = `${obj.name} ${name === 'x:Domain' ? '' : emailOf(obj)} ${obj.description || ''}`;
      if (!hay.toLowerCase().includes(String(filter.text).toLowerCase())) continue;
    }
    ids.push(id);
  }
  const position = args.position || 0;
  const limit = args.limit ?? ids.length;
  return { accountId: ACCOUNT, queryState: String(nextId), ids: ids.slice(position, position + limit), position, total: ids.length };
}

function set(name, args) {
  const res = { accountId: ACCOUNT, oldState: String(nextId), created: {}, updated: {}, destroyed: [], notCreated: {}, notUpdated: {}, notDestroyed: {} };
  for (const [key, value] of Object.entries(args.create || {})) {
    try {
      const obj = structuredClone(value);
      if (objectType(name) && !obj['@type']) throw invalidProperty('@type', 'required');
      const props = checkObject(name, obj, '', 'create');
      checkRequired(props, obj);
      semantic(name, obj, null);
      const id = newId();
      if ('createdAt' in props) obj.createdAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      if (name === 'x:Domain') {
        obj.isEnabled ??= true;
        dkim.set(id, dkimKeysFor(id, obj));
      }
      store[name].set(id, obj);
      res.created[key] = { id, ...(obj.createdAt ? { createdAt: obj.createdAt } : {}) };
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      res.notCreated[key] = e.body;
    }
  }
  for (const [id, patch] of Object.entries(args.update || {})) {
    const current = store[name].get(id);
    if (!current) {
      res.notUpdated[id] = { type: 'notFound' };
      continue;
    }
    try {
      const next = structuredClone(current);
      for (const [pointer, value] of Object.entries(patch)) setPointer(next, pointer, value);
      const touched = Object.fromEntries(
        [...new Set(Object.keys(patch).map((p) => p.split('/')[0]))].filter((k) => k in next).map((k) => [k, next[k]]),
      );
      if (next['@type'] !== current['@type']) throw invalidProperty('@type', 'immutable property');
      touched['@type'] = next['@type'];
      const props = checkObject(name, touched, '', 'update');
      checkRequired(props, next);
      semantic(name, next, id);
      store[name].set(id, next);
      res.updated[id] = null;
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      res.notUpdated[id] = e.body;
    }
  }
  for (const id of args.destroy || []) {
    if (!store[name].has(id)) {
      res.notDestroyed[id] = { type: 'notFound' };
      continue;
    }
    if (name === 'x:Domain') {
      const linked = linkedTo(id);
      if (linked.length) {
        res.notDestroyed[id] = { type: 'objectIsLinked', objectId: { object: 'Domain', id }, linkedObjects: linked };
        continue;
      }
      dkim.delete(id);
    }
    store[name].delete(id);
    res.destroyed.push(id);
  }
  res.newState = String(nextId);
  save();
  return res;
}

class MethodError extends Error {
  constructor(type, description) {
    super(type);
    this.body = { type, description };
  }
}

function resolveBackReferences(args, responses) {
  const out = {};
  for (const [key, value] of Object.entries(args)) {
    if (!key.startsWith('#')) {
      out[key] = value;
      continue;
    }
    const source = responses.find(([n, , c]) => c === value.resultOf && n === value.name);
    if (!source) throw new MethodError('invalidResultReference', `no ${value.name} answered ${value.resultOf}`);
    const pathParts = value.path.split('/').filter(Boolean);
    let at = source[1];
    for (const p of pathParts) at = at?.[p];
    if (at === undefined) throw new MethodError('invalidResultReference', value.path);
    out[key.slice(1)] = at;
  }
  return out;
}

function call(method, rawArgs, responses) {
  const [name, verb] = method.split('/');
  if (name === 'x:Log' && ['get', 'query'].includes(verb)) {
    const args = resolveBackReferences(rawArgs, responses);
    if (args.accountId !== ACCOUNT) throw new MethodError('accountNotFound', String(args.accountId));
    for (const p of args.properties || []) {
      if (!(p in schema.fields['x:Log'].properties)) throw new MethodError('invalidArguments', `unknown property ${p}`);
    }
    return verb === 'get' ? getLog(args) : queryLog(args);
  }
  if (!KEPT.includes(name) || !['get', 'set', 'query'].includes(verb)) {
    throw new MethodError('unknownMethod', method);
  }
  const args = resolveBackReferences(rawArgs, responses);
  if (args.accountId !== ACCOUNT) throw new MethodError('accountNotFound', String(args.accountId));
  if (verb === 'get') return get(name, args);
  if (verb === 'query') return query(name, args);
  return set(name, args);
}

// ---------- HTTP ----------

const same = (a, b) => {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

// Who the Basic credentials are: the administrator, a mailbox (by its
// address and a password credential), or nobody. Each attempt is logged as
// Stalwart logs it: accountName, remoteIp.
function authenticate(req) {
  const header = req.headers.authorization || '';
  if (!header.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const [name, given] = colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  const ip = (req.socket.remoteAddress || '').replace(/^::ffff:/, '');
  const where = `accountName = "${name.replace(/"/g, '')}", remoteIp = ${ip}, listenerId = "http"`;
  let who = null;
  if (same(name, user) && same(given, secret)) who = 'admin';
  else {
    for (const a of store['x:Account'].values()) {
      if (emailOf(a) !== name) continue;
      if (Object.values(a.credentials || {}).some((c) => c['@type'] === 'Password' && same(c.secret, given))) who = 'user';
    }
  }
  if (who) logEntry('auth.success', 'info', `Authentication successful (${where})`);
  else logEntry('auth.failed', 'warn', `Authentication failed (${where})`);
  save();
  return who;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const problem = (type, detail, status = 400) => ({ type: `urn:ietf:params:jmap:error:${type}`, status, detail });

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/healthz/live') return send(res, 200, {});
  const who = authenticate(req);
  if (!who) {
    res.setHeader('www-authenticate', 'Basic realm="Stalwart Server"');
    return send(res, 401, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'You have to authenticate first.' });
  }
  if (who !== 'admin') {
    return send(res, 403, { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'You do not have enough permissions to access this resource.' });
  }
  if (req.method === 'GET' && (url.pathname === '/jmap/session' || url.pathname === '/.well-known/jmap')) {
    const base = `http://${req.headers.host}`;
    return send(res, 200, {
      capabilities: { [CORE]: { maxSizeUpload: 50000000, maxCallsInRequest: 16, maxObjectsInGet: 500, maxObjectsInSet: 500 }, [STALWART]: {} },
      accounts: { [ACCOUNT]: { name: user, isPersonal: true, isReadOnly: false, accountCapabilities: { [STALWART]: {} } } },
      primaryAccounts: { [STALWART]: ACCOUNT },
      username: user,
      apiUrl: `${base}/jmap/`,
      state: String(nextId),
    });
  }
  if (req.method !== 'POST' || !['/jmap', '/jmap/'].includes(url.pathname)) {
    return send(res, 404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'The requested resource does not exist on this server.' });
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, problem('notJSON', 'The content of the request did not parse as JSON.'));
    }
    if (!Array.isArray(body?.using) || !Array.isArray(body?.methodCalls)) {
      return send(res, 400, problem('notRequest', 'Missing using or methodCalls.'));
    }
    for (const capability of body.using) {
      if (![CORE, STALWART].includes(capability)) {
        return send(res, 400, problem('unknownCapability', `Unknown capability ${capability}`));
      }
    }
    if (!body.using.includes(STALWART)) {
      return send(res, 400, problem('notRequest', `Management methods need ${STALWART} in using`));
    }
    const responses = [];
    for (const [method, args, callId] of body.methodCalls) {
      try {
        responses.push([method, call(method, args || {}, responses), callId]);
      } catch (e) {
        if (!(e instanceof MethodError)) {
          console.error(e);
          return send(res, 500, { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: String(e.message) });
        }
        responses.push(['error', e.body, callId]);
      }
    }
    return send(res, 200, { methodResponses: responses, sessionState: String(nextId) });
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`stalwart stand-in (JMAP management, development only) on http://127.0.0.1:${port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
