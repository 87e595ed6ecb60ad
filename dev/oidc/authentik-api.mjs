// The part of Authentik's admin API (/api/v3/) dezky calls, kept in memory by
// the development identity provider, so a person added in the portal can then
// sign in (and a deactivated one cannot). Answers are shaped as Authentik's own
// schema.yml says: the tests put Prism (proxy mode, validating requests and
// answers against that schema) in front of this, so a drift on either side
// fails them.
//
// DEVELOPMENT AND TESTS ONLY. The token is AK_API_TOKEN (default
// `dev-authentik-token`).
import crypto from 'node:crypto';

const now = () => new Date().toISOString();
const uuid = () => crypto.randomUUID();
const hex = (s) => crypto.createHash('sha256').update(String(s)).digest('hex');

export function authentikApi({ accounts, origin }) {
  const token = process.env.AK_API_TOKEN || 'dev-authentik-token';
  const state = {
    users: new Map(), // pk -> user
    groups: new Map(), // uuid -> group
    sessions: new Map(), // uuid -> session
    devices: new Map(), // pk -> [device]
    flows: new Map(), // uuid -> flow
    keypairs: new Map(),
    scopes: new Map(),
    providers: new Map(), // pk -> provider
    applications: new Map(), // slug -> application
    bindings: new Map(),
    passwords: new Map(), // pk -> password (never logged)
    events: [], // Authentik's event log, oldest first (`Event`)
  };
  const sessionIds = new Map(); // oidc-provider session uid -> session uuid
  let nextUser = 1;
  let nextGroup = 1;
  let nextProvider = 1;

  const group = (name) => {
    for (const g of state.groups.values()) if (g.name === name) return g;
    const g = { pk: uuid(), num_pk: nextGroup++, name, is_superuser: false, attributes: {}, users: new Set() };
    state.groups.set(g.pk, g);
    return g;
  };
  const addUser = ({ username, name, email, path = 'users', is_active = true, groups = [] }) => {
    const u = {
      pk: nextUser++, uuid: uuid(), username, name, email, path, is_active, type: 'internal',
      attributes: {}, date_joined: now(), last_updated: now(), password_change_date: now(), last_login: null,
    };
    state.users.set(u.pk, u);
    for (const gk of groups) state.groups.get(gk)?.users.add(u.pk);
    return u;
  };
  // The service account the token belongs to.
  const service = addUser({ username: 'ak-dezky-service', name: 'dezky provisioning', email: 'ak-dezky-service@dezky.invalid', path: 'goauthentik.io/service-accounts' });
  service.type = 'service_account';
  for (const [key, a] of Object.entries(accounts)) {
    const u = addUser({ username: key, name: a.name, email: a.email, groups: (a.groups || []).map((n) => group(n).pk) });
    for (const d of a.authenticators || []) {
      state.devices.set(u.pk, [...(state.devices.get(u.pk) || []), device(d.kind, d.name)]);
    }
  }
  for (const [slug, designation] of [
    ['default-provider-authorization-implicit-consent', 'authorization'],
    ['default-provider-invalidation-flow', 'invalidation'],
    ['default-authentication-flow', 'authentication'],
  ]) addFlow({ name: slug, slug, title: slug, designation });
  const kp = { pk: uuid(), name: 'authentik Self-signed Certificate' };
  state.keypairs.set(kp.pk, kp);
  for (const scope of ['openid', 'email', 'profile', 'offline_access']) {
    const m = { pk: uuid(), managed: `goauthentik.io/providers/oauth2/scope-${scope}`, name: `authentik default OAuth Mapping: OpenID '${scope}'`, scope_name: scope, expression: 'return {}', description: '' };
    state.scopes.set(m.pk, m);
  }

  function device(kind, name) {
    const cls = { totp: 'TOTPDevice', webauthn: 'WebAuthnDevice', static: 'StaticDevice' }[kind] || 'Device';
    return {
      verbose_name: `${kind} device`, verbose_name_plural: `${kind} devices`,
      meta_model_name: `authentik_stages_authenticator_${kind}.${cls.toLowerCase()}`,
      pk: String(crypto.randomInt(1, 1e6)), name, type: `authentik_stages_authenticator_${kind}.${cls}`,
      confirmed: true, created: now(), last_updated: now(), last_used: null,
      extra_description: null, external_id: null,
    };
  }
  function addFlow({ name, slug, title, designation }) {
    const f = { pk: uuid(), name, slug, title, designation };
    state.flows.set(f.pk, f);
    return f;
  }

  // Authentik's event log (`Event`): what happened, by whom, from where.
  // Listed by GET events/events/ (ordering=created, paged).
  const actorOf = (u) => (u ? { pk: u.pk, email: u.email, username: u.username } : { pk: 0, email: '', username: 'AnonymousUser', is_anonymous: true });
  function logEvent(action, actor, context = {}, ip = '127.0.0.1', app = 'authentik.events.signals') {
    const created = new Date();
    state.events.push({
      pk: uuid(), user: actorOf(actor), action, app, context, client_ip: ip,
      created: created.toISOString(), expires: new Date(created.getTime() + 365 * 864e5).toISOString(),
      brand: { pk: 'default', app: 'authentik_brands', name: 'Default brand', model_name: 'brand' },
    });
  }
  const modelOf = (u) => ({ pk: u.pk, app: 'authentik_core', name: u.username, model_name: 'user' });

  // ---- shapes (schema.yml components) ----
  const partialGroup = (g) => ({ pk: g.pk, num_pk: g.num_pk, name: g.name, is_superuser: g.is_superuser, attributes: g.attributes });
  const groupsOf = (pk) => [...state.groups.values()].filter((g) => g.users.has(pk));
  const userOut = (u, withGroups = true) => ({
    pk: u.pk, username: u.username, name: u.name, is_active: u.is_active, last_login: u.last_login,
    date_joined: u.date_joined, is_superuser: false,
    groups: groupsOf(u.pk).map((g) => g.pk),
    groups_obj: withGroups ? groupsOf(u.pk).map(partialGroup) : null,
    roles: [], roles_obj: [], email: u.email,
    avatar: `data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}`,
    attributes: u.attributes, uid: hex(u.uuid), path: u.path, type: u.type, uuid: u.uuid,
    password_change_date: u.password_change_date, last_updated: u.last_updated,
  });
  const partialUser = (u) => ({ pk: u.pk, username: u.username, name: u.name, is_active: u.is_active, last_login: u.last_login, email: u.email, attributes: u.attributes, uid: hex(u.uuid) });
  const groupOut = (g, withUsers = true) => ({
    ...partialGroup(g), parents: [], parents_obj: [], users: [...g.users],
    users_obj: withUsers ? [...g.users].map((pk) => state.users.get(pk)).filter(Boolean).map(partialUser) : null,
    roles: [], roles_obj: [], inherited_roles_obj: [], children: [], children_obj: [],
  });
  const sessionOut = (s) => ({
    uuid: s.uuid, current: false,
    user_agent: {
      device: { brand: null, family: 'Other', model: null },
      os: { family: 'Other', major: null, minor: null, patch: null, patch_minor: null },
      user_agent: { family: 'Other', major: '', minor: '', patch: '' },
      string: s.last_user_agent,
    },
    geo_ip: null, asn: null, user: s.user, last_ip: s.last_ip, last_user_agent: s.last_user_agent,
    last_used: s.last_used, expires: s.expires,
  });
  const flowOut = (f) => ({
    pk: f.pk, policybindingmodel_ptr_id: f.pk, name: f.name, slug: f.slug, title: f.title,
    designation: f.designation, background: '', background_url: '/static/dist/assets/images/flow_background.jpg',
    background_themed_urls: null, stages: [], policies: [], cache_count: 0, policy_engine_mode: 'any',
    compatibility_mode: false, export_url: `/api/v3/flows/instances/${f.slug}/export/`, layout: 'stacked',
    denied_action: 'message_continue', authentication: 'none',
  });
  const keypairOut = (k) => ({
    pk: k.pk, name: k.name, fingerprint_sha256: hex(k.pk), fingerprint_sha1: hex(k.pk).slice(0, 40),
    cert_expiry: '2030-01-01T00:00:00Z', cert_subject: 'CN=authentik Self-signed Certificate',
    private_key_available: true, key_type: 'rsa',
    certificate_download_url: `/api/v3/crypto/certificatekeypairs/${k.pk}/view_certificate/?download`,
    private_key_download_url: `/api/v3/crypto/certificatekeypairs/${k.pk}/view_private_key/?download`,
    managed: null,
  });
  const scopeOut = (m) => ({
    ...m, component: 'ak-property-mapping-provider-scope-form', verbose_name: 'Scope Mapping',
    verbose_name_plural: 'Scope Mappings', meta_model_name: 'authentik_providers_oauth2.scopemapping',
  });
  const appFor = (p) => [...state.applications.values()].find((a) => a.provider === p.pk);
  const providerBase = (p) => ({
    pk: p.pk, name: p.name, authentication_flow: null, authorization_flow: p.authorization_flow,
    invalidation_flow: p.invalidation_flow, property_mappings: p.property_mappings,
    component: 'ak-provider-oauth2-form',
    assigned_application_slug: appFor(p)?.slug ?? null, assigned_application_name: appFor(p)?.name ?? null,
    assigned_backchannel_application_slug: null, assigned_backchannel_application_name: null,
    verbose_name: 'OAuth2/OpenID Provider', verbose_name_plural: 'OAuth2/OpenID Providers',
    meta_model_name: 'authentik_providers_oauth2.oauth2provider',
  });
  const providerOut = (p) => ({
    ...providerBase(p), client_type: p.client_type, grant_types: ['authorization_code', 'refresh_token'],
    client_id: p.client_id, client_secret: p.client_secret,
    access_code_validity: 'minutes=1', access_token_validity: 'minutes=5', refresh_token_validity: 'days=30',
    refresh_token_threshold: 'seconds=0',
    include_claims_in_id_token: p.include_claims_in_id_token, signing_key: p.signing_key, encryption_key: null,
    redirect_uris: p.redirect_uris, logout_method: 'backchannel', sub_mode: 'hashed_user_id',
    issuer_mode: 'per_provider', jwt_federation_sources: [], jwt_federation_providers: [],
  });
  const appOut = (a) => ({
    pk: a.pbm_uuid, pbm_uuid: a.pbm_uuid, name: a.name, slug: a.slug, provider: a.provider,
    provider_obj: a.provider && state.providers.has(a.provider) ? providerBase(state.providers.get(a.provider)) : null,
    backchannel_providers: [], backchannel_providers_obj: [], launch_url: a.meta_launch_url || null,
    open_in_new_tab: false, meta_launch_url: a.meta_launch_url, meta_icon: '', meta_icon_url: null,
    meta_icon_themed_urls: null, meta_description: '', meta_publisher: '', policy_engine_mode: a.policy_engine_mode,
    group: a.group, meta_hide: false,
  });
  const bindingOut = (b) => ({
    pk: b.pk, policy: null, group: b.group, user: null, policy_obj: null,
    group_obj: state.groups.has(b.group) ? partialGroup(state.groups.get(b.group)) : null, user_obj: null,
    target: b.target, negate: b.negate, enabled: b.enabled, order: b.order, timeout: b.timeout,
    failure_result: false, expires: null, expiring: false,
  });
  const page = (results) => ({
    pagination: { next: 0, previous: 0, count: results.length, current: 1, total_pages: 1, start_index: results.length ? 1 : 0, end_index: results.length },
    results, autocomplete: {},
  });

  // One page of a longer list, as Authentik's pagination answers it.
  const paged = (all, q) => {
    const size = Math.max(1, Math.min(1000, Number(q.get('page_size')) || 20));
    const current = Math.max(1, Number(q.get('page')) || 1);
    const total = Math.max(1, Math.ceil(all.length / size));
    const results = all.slice((current - 1) * size, current * size);
    const start = results.length ? (current - 1) * size + 1 : 0;
    return {
      pagination: {
        next: current < total ? current + 1 : 0, previous: current > 1 ? current - 1 : 0, count: all.length,
        current, total_pages: total, start_index: start, end_index: results.length ? start + results.length - 1 : 0,
      },
      results, autocomplete: {},
    };
  };

  // ---- HTTP ----
  const send = (res, status, body) => {
    if (body === undefined) return res.writeHead(status).end();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const invalid = (res, fields) => send(res, 400, fields);
  const notFound = (res) => send(res, 404, { detail: 'No User matches the given query.' });
  const readBody = (req) => new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try { resolve(text ? JSON.parse(text) : {}); } catch { resolve(null); }
    });
  });
  const emailOk = (e) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e);

  async function handle(req, res) {
    const url = new URL(req.url, origin);
    if (!url.pathname.startsWith('/api/v3/')) return false;
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(res, 403, { detail: 'Authentication credentials were not provided.' });
      return true;
    }
    const path = url.pathname.slice('/api/v3/'.length);
    const q = url.searchParams;
    const m = req.method;
    const body = ['POST', 'PUT', 'PATCH'].includes(m) ? await readBody(req) : {};
    if (body === null) return invalid(res, { non_field_errors: ['JSON parse error'] }), true;
    let p;
    const route = (method, re) => m === method && (p = path.match(re));

    if (route('GET', /^core\/users\/me\/$/)) {
      const self = {
        pk: service.pk, username: service.username, name: service.name, is_active: true, is_superuser: false,
        is_current: true, groups: [], roles: [], email: service.email, avatar: userOut(service).avatar,
        uid: hex(service.uuid), settings: {}, type: service.type, system_permissions: [],
      };
      send(res, 200, { user: self, users: [self] });
    } else if (route('GET', /^core\/users\/$/)) {
      let list = [...state.users.values()].filter((u) => u.type !== 'service_account');
      if (q.has('email')) list = list.filter((u) => u.email.toLowerCase() === q.get('email').toLowerCase());
      if (q.has('username')) list = list.filter((u) => u.username === q.get('username'));
      if (q.has('path_startswith')) list = list.filter((u) => u.path.startsWith(q.get('path_startswith')));
      send(res, 200, page(list.map((u) => userOut(u, q.get('include_groups') !== 'false'))));
    } else if (route('POST', /^core\/users\/$/)) {
      const errors = {};
      if (!body.username) errors.username = ['This field is required.'];
      if (body.name === undefined) errors.name = ['This field is required.'];
      if (body.email && !emailOk(body.email)) errors.email = ['Enter a valid email address.'];
      if ([...state.users.values()].some((u) => u.username === body.username)) errors.username = ['This field must be unique.'];
      if (Object.keys(errors).length) return invalid(res, errors), true;
      const u = addUser({ username: body.username, name: body.name, email: body.email || '', path: body.path || 'users', is_active: body.is_active !== false, groups: body.groups || [] });
      logEvent('model_created', service, { model: modelOf(u) }, req.socket.remoteAddress);
      send(res, 201, userOut(u));
    } else if (route('GET', /^core\/users\/(\d+)\/$/)) {
      const u = state.users.get(Number(p[1]));
      u ? send(res, 200, userOut(u)) : notFound(res);
    } else if (route('PATCH', /^core\/users\/(\d+)\/$/)) {
      const u = state.users.get(Number(p[1]));
      if (!u) return notFound(res), true;
      for (const k of ['name', 'email', 'is_active', 'path', 'attributes']) if (k in body) u[k] = body[k];
      u.last_updated = now();
      if (u.is_active === false) for (const [id, s] of state.sessions) if (s.user === u.pk) state.sessions.delete(id);
      logEvent('model_updated', service, { model: modelOf(u) }, req.socket.remoteAddress);
      send(res, 200, userOut(u));
    } else if (route('DELETE', /^core\/users\/(\d+)\/$/)) {
      const pk = Number(p[1]);
      const gone = state.users.get(pk);
      if (!state.users.delete(pk)) return notFound(res), true;
      logEvent('model_deleted', service, { model: modelOf(gone) }, req.socket.remoteAddress);
      for (const g of state.groups.values()) g.users.delete(pk);
      send(res, 204);
    } else if (route('POST', /^core\/users\/(\d+)\/set_password\/$/)) {
      const u = state.users.get(Number(p[1]));
      if (!u) return notFound(res), true;
      if (!body.password) return send(res, 400), true;
      state.passwords.set(u.pk, body.password);
      u.password_change_date = now();
      logEvent('password_set', u, {}, req.socket.remoteAddress, 'authentik.core.signals');
      send(res, 204);
    } else if (route('POST', /^core\/users\/(\d+)\/recovery\/$/)) {
      const u = state.users.get(Number(p[1]));
      if (!u) return notFound(res), true;
      const flow = [...state.flows.values()].find((f) => f.designation === 'recovery');
      if (!flow) return invalid(res, { non_field_errors: ['No recovery flow set.'] }), true;
      send(res, 200, { link: `${origin}/if/flow/${flow.slug}/?flow_token=${crypto.randomBytes(24).toString('hex')}` });
    } else if (route('GET', /^core\/groups\/$/)) {
      let list = [...state.groups.values()];
      if (q.has('name')) list = list.filter((g) => g.name === q.get('name'));
      send(res, 200, page(list.map((g) => groupOut(g, q.get('include_users') !== 'false'))));
    } else if (route('POST', /^core\/groups\/$/)) {
      if (!body.name) return invalid(res, { name: ['This field is required.'] }), true;
      if ([...state.groups.values()].some((g) => g.name === body.name)) return invalid(res, { name: ['group with this name already exists.'] }), true;
      send(res, 201, groupOut(group(body.name)));
    } else if (route('POST', /^core\/groups\/([0-9a-f-]+)\/(add|remove)_user\/$/)) {
      const g = state.groups.get(p[1]);
      if (!g) return send(res, 404, { detail: 'No Group matches the given query.' }), true;
      if (!state.users.has(body.pk)) return send(res, 404, { detail: 'User not found' }), true;
      p[2] === 'add' ? g.users.add(body.pk) : g.users.delete(body.pk);
      send(res, 204);
    } else if (route('GET', /^core\/authenticated_sessions\/$/)) {
      let list = [...state.sessions.values()];
      if (q.has('user__username')) {
        const u = [...state.users.values()].find((x) => x.username === q.get('user__username'));
        list = list.filter((s) => s.user === u?.pk);
      }
      send(res, 200, page(list.map(sessionOut)));
    } else if (route('DELETE', /^core\/authenticated_sessions\/([0-9a-f-]+)\/$/)) {
      state.sessions.delete(p[1]) ? send(res, 204) : send(res, 404, { detail: 'No AuthenticatedSession matches the given query.' });
    } else if (route('GET', /^authenticators\/admin\/all\/$/)) {
      send(res, 200, state.devices.get(Number(q.get('user'))) || []);
    } else if (route('GET', /^flows\/instances\/$/)) {
      let list = [...state.flows.values()];
      if (q.has('slug')) list = list.filter((f) => f.slug === q.get('slug'));
      if (q.has('designation')) list = list.filter((f) => f.designation === q.get('designation'));
      send(res, 200, page(list.map(flowOut)));
    } else if (route('POST', /^flows\/instances\/$/)) {
      if (!body.slug || !body.name || !body.title || !body.designation) return invalid(res, { slug: ['This field is required.'] }), true;
      send(res, 201, flowOut(addFlow(body)));
    } else if (route('GET', /^crypto\/certificatekeypairs\/$/)) {
      let list = [...state.keypairs.values()];
      if (q.has('search')) list = list.filter((k) => k.name.toLowerCase().includes(q.get('search').toLowerCase()));
      send(res, 200, page(list.map(keypairOut)));
    } else if (route('GET', /^propertymappings\/provider\/scope\/$/)) {
      let list = [...state.scopes.values()];
      if (q.has('scope_name')) list = list.filter((s) => s.scope_name === q.get('scope_name'));
      send(res, 200, page(list.map(scopeOut)));
    } else if (route('POST', /^providers\/oauth2\/$/)) {
      const errors = {};
      for (const k of ['name', 'authorization_flow', 'invalidation_flow']) if (!body[k]) errors[k] = ['This field is required.'];
      if (!state.flows.has(body.authorization_flow)) errors.authorization_flow = [`Invalid pk "${body.authorization_flow}" - object does not exist.`];
      if (body.signing_key && !state.keypairs.has(body.signing_key)) errors.signing_key = ['Invalid pk - object does not exist.'];
      if ([...state.providers.values()].some((x) => x.name === body.name)) errors.name = ['Provider with this name already exists.'];
      if (Object.keys(errors).length) return invalid(res, errors), true;
      const pv = {
        pk: nextProvider++, name: body.name, authorization_flow: body.authorization_flow,
        invalidation_flow: body.invalidation_flow, property_mappings: body.property_mappings || [],
        client_type: body.client_type || 'confidential', client_id: crypto.randomBytes(20).toString('hex'),
        client_secret: crypto.randomBytes(48).toString('hex'), redirect_uris: body.redirect_uris || [],
        signing_key: body.signing_key ?? null, include_claims_in_id_token: body.include_claims_in_id_token ?? true,
      };
      state.providers.set(pv.pk, pv);
      send(res, 201, providerOut(pv));
    } else if (route('GET', /^providers\/oauth2\/(\d+)\/$/)) {
      const pv = state.providers.get(Number(p[1]));
      pv ? send(res, 200, providerOut(pv)) : send(res, 404, { detail: 'No OAuth2Provider matches the given query.' });
    } else if (route('DELETE', /^providers\/oauth2\/(\d+)\/$/)) {
      state.providers.delete(Number(p[1])) ? send(res, 204) : send(res, 404, { detail: 'No OAuth2Provider matches the given query.' });
    } else if (route('GET', /^core\/applications\/$/)) {
      let list = [...state.applications.values()];
      if (q.has('group')) list = list.filter((a) => a.group === q.get('group'));
      if (q.has('slug')) list = list.filter((a) => a.slug === q.get('slug'));
      send(res, 200, page(list.map(appOut)));
    } else if (route('POST', /^core\/applications\/$/)) {
      const errors = {};
      if (!body.name) errors.name = ['This field is required.'];
      if (!/^[-a-zA-Z0-9_]+$/.test(body.slug || '')) errors.slug = ['Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.'];
      if (state.applications.has(body.slug)) errors.slug = ['Application with this slug already exists.'];
      if (body.provider != null && !state.providers.has(body.provider)) errors.provider = ['Invalid pk - object does not exist.'];
      if (Object.keys(errors).length) return invalid(res, errors), true;
      const a = { pbm_uuid: uuid(), name: body.name, slug: body.slug, provider: body.provider ?? null, group: body.group || '', meta_launch_url: body.meta_launch_url || '', policy_engine_mode: body.policy_engine_mode || 'any' };
      state.applications.set(a.slug, a);
      send(res, 201, appOut(a));
    } else if (route('GET', /^core\/applications\/([-a-zA-Z0-9_]+)\/$/)) {
      const a = state.applications.get(p[1]);
      a ? send(res, 200, appOut(a)) : send(res, 404, { detail: 'No Application matches the given query.' });
    } else if (route('DELETE', /^core\/applications\/([-a-zA-Z0-9_]+)\/$/)) {
      const a = state.applications.get(p[1]);
      if (!a) return send(res, 404, { detail: 'No Application matches the given query.' }), true;
      state.applications.delete(p[1]);
      for (const [k, b] of state.bindings) if (b.target === a.pbm_uuid) state.bindings.delete(k);
      send(res, 204);
    } else if (route('GET', /^policies\/bindings\/$/)) {
      let list = [...state.bindings.values()];
      if (q.has('target')) list = list.filter((b) => b.target === q.get('target'));
      send(res, 200, page(list.map(bindingOut)));
    } else if (route('GET', /^providers\/oauth2\/$/)) {
      send(res, 200, page([...state.providers.values()].map(providerOut)));
    } else if (route('POST', /^policies\/bindings\/$/)) {
      const targets = new Set([...state.applications.values()].map((a) => a.pbm_uuid));
      if (!targets.has(body.target)) return invalid(res, { target: ['Invalid pk - object does not exist.'] }), true;
      if (!body.group || !state.groups.has(body.group)) return invalid(res, { group: ['Invalid pk - object does not exist.'] }), true;
      const b = { pk: uuid(), target: body.target, group: body.group, order: body.order, enabled: body.enabled ?? true, negate: body.negate ?? false, timeout: body.timeout ?? 30 };
      state.bindings.set(b.pk, b);
      send(res, 201, bindingOut(b));
    } else if (route('GET', /^events\/events\/$/)) {
      let list = [...state.events];
      if (q.has('action')) list = list.filter((e) => e.action === q.get('action'));
      if (q.has('username')) list = list.filter((e) => e.user.username === q.get('username'));
      const order = q.get('ordering') || '-created';
      if (order === '-created') list.reverse();
      else if (order !== 'created') return invalid(res, { ordering: [`Unknown ordering ${order}`] }), true;
      send(res, 200, paged(list, q));
    } else {
      send(res, 404, { detail: `Not found: ${m} /api/v3/${path}` });
    }
    return true;
  }

  return {
    handle,
    /** The live account for a sign-in name (username or email), if it may sign in. */
    account(login) {
      const u = [...state.users.values()].find((x) => x.username === login || (x.email && x.email === login));
      if (!u || !u.is_active || u.type === 'service_account') return undefined;
      return { id: u.username, name: u.name, email: u.email, groups: groupsOf(u.pk).map((g) => g.name), pk: u.pk };
    },
    /** Records a sign-in as an Authentik session (listed and ended by the admin API). */
    signedIn(login, key, ip, userAgent) {
      const u = [...state.users.values()].find((x) => x.username === login || (x.email && x.email === login));
      if (!u) return;
      u.last_login = now();
      const id = sessionIds.get(key);
      if (id && state.sessions.has(id)) {
        state.sessions.get(id).last_used = now();
        return;
      }
      const s = { uuid: uuid(), user: u.pk, last_ip: ip || '127.0.0.1', last_user_agent: userAgent || '', last_used: now(), expires: new Date(Date.now() + 14 * 864e5).toISOString() };
      state.sessions.set(s.uuid, s);
      sessionIds.set(key, s.uuid);
      logEvent('login', u, { auth_method: 'password', http_request: { path: '/', method: 'POST', user_agent: userAgent || '' } }, s.last_ip);
    },
    /** Records a refused sign-in (an unknown or deactivated account). */
    signInFailed(login, ip) {
      logEvent('login_failed', undefined, { username: login, stage: { pk: 'default-authentication-password', app: 'authentik_stages_password', name: 'default-authentication-password', model_name: 'passwordstage' } }, ip || '127.0.0.1');
    },
  };
}
