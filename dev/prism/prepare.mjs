// Writes the API descriptions Prism serves in the tests, from the vendors' own
// files: Authentik's schema.yml (npm @goauthentik/api) and OCIS' libregraph
// spec (dev/files/libregraph.yaml, a copy of libre-graph-api v1.0).
//
// Paths are prefixed as the servers mount them (/api/v3, /graph), and only the
// path groups dezky calls are kept (Prism starts in seconds instead of half a
// minute on the full Authentik schema); every kept operation and every
// component schema is the vendor's text, unchanged. A call outside the kept
// groups gets Prism's 404, so a test of it fails rather than passing unchecked.
//
//   node prepare.mjs OUT_DIR
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const out = process.argv[2] || path.join(here, 'build');
fs.mkdirSync(out, { recursive: true });

// Keeps the `paths:` entries (at `indent` spaces) whose key passes `keep`,
// and prefixes them; everything outside `paths:` is copied as is.
function trim(text, { indent, keep, prefix, servers }) {
  const lines = text.split('\n');
  const pad = ' '.repeat(indent);
  const res = [];
  let inPaths = false;
  let keeping = true;
  for (let line of lines) {
    if (/^[a-z]/.test(line)) {
      inPaths = line.startsWith('paths:');
      keeping = true;
      if (line.startsWith('servers:')) {
        res.push(servers);
        keeping = false;
        continue;
      }
    } else if (inPaths && line.startsWith(pad) && line[indent] !== ' ' && line.trim().endsWith(':')) {
      const key = line.trim().slice(0, -1).replace(/^'|'$/g, '');
      keeping = keep(key);
      if (keeping) line = `${pad}'${prefix}${key}':`;
    } else if (!inPaths && !keeping && /^\s/.test(line)) {
      continue; // the old servers list
    }
    if (keeping) res.push(line);
  }
  return res.join('\n');
}

const authentik = fs.readFileSync(path.join(here, 'node_modules/@goauthentik/api/schema.yml'), 'utf8');
const AUTHENTIK_PATHS = [
  '/core/users/', '/core/groups/', '/core/applications/', '/core/authenticated_sessions/',
  '/authenticators/admin/', '/flows/instances/', '/crypto/certificatekeypairs/',
  '/propertymappings/provider/scope/', '/providers/oauth2/', '/policies/bindings/',
  '/events/events/',
];
fs.writeFileSync(path.join(out, 'authentik.yml'), trim(authentik, {
  indent: 2,
  keep: (k) => AUTHENTIK_PATHS.some((p) => k.startsWith(p)),
  prefix: '/api/v3',
  servers: 'servers:\n- url: /',
}));

const graphFile = path.join(here, '../files/libregraph.yaml');
if (fs.existsSync(graphFile)) {
  const graph = fs.readFileSync(graphFile, 'utf8');
  const GRAPH_PATHS = ['/v1.0/users', '/v1.0/drives', '/v1.0/me', '/v1beta1/drives'];
  fs.writeFileSync(path.join(out, 'libregraph.yml'), trim(graph, {
    indent: 2,
    keep: (k) => GRAPH_PATHS.some((p) => k === p || k.startsWith(`${p}/`) || k.startsWith(`${p}(`) || k.startsWith(`${p}{`)),
    prefix: '/graph',
    servers: 'servers:\n  - url: /',
  }));
}
console.log(`specs written to ${out}`);
