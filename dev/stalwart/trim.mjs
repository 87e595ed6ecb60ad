// Writes dev/stalwart/schema.json: the part of Stalwart's published
// management schema (stalwart-management-schema.json, Stalwart 0.16.19) that
// the stand-in serves (x:Domain, x:Account, x:MailingList, x:Log and everything
// their properties refer to), copied verbatim. `--check` compares instead of
// writing, so a test notices when the copy and upstream part ways.
//   node dev/stalwart/trim.mjs <upstream.json> [--check]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [source, flag] = process.argv.slice(2);
const upstream = JSON.parse(fs.readFileSync(source, 'utf8'));
const out = { objects: {}, schemas: {}, fields: {}, enums: {} };
const seenObjects = new Set();

function visitType(t) {
  if (!t) return;
  if (t.enumName) out.enums[t.enumName] = upstream.enums[t.enumName];
  if (t.objectName && (t.type === 'object' || t.type === 'objectList')) visitObject(t.objectName);
  visitType(t.class);
  visitType(t.keyClass);
  visitType(t.valueClass);
}
function visitFields(name) {
  if (out.fields[name] || !upstream.fields[name]) return;
  out.fields[name] = upstream.fields[name];
  for (const p of Object.values(upstream.fields[name].properties)) visitType(p.type);
}
function visitObject(name) {
  if (seenObjects.has(name)) return;
  seenObjects.add(name);
  const s = upstream.schemas[name];
  if (!s) throw new Error(`upstream has no schema ${name}`);
  out.schemas[name] = s;
  if (s.schemaName) visitFields(s.schemaName);
  for (const v of s.variants || []) if (v.schemaName) visitFields(v.schemaName);
}
for (const root of ['x:Domain', 'x:Account', 'x:MailingList', 'x:Log']) {
  out.objects[root] = upstream.objects[root];
  visitObject(root);
}
const sorted = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
const text = JSON.stringify({ objects: sorted(out.objects), schemas: sorted(out.schemas), fields: sorted(out.fields), enums: sorted(out.enums) }) + '\n';
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema.json');
if (flag === '--check') {
  if (fs.readFileSync(target, 'utf8') !== text) {
    console.error(`${target} differs from what ${source} gives: run node dev/stalwart/trim.mjs ${source}`);
    process.exit(1);
  }
  console.log('schema.json matches upstream');
} else {
  fs.writeFileSync(target, text);
  console.log(`wrote ${target}: ${Object.keys(out.schemas).length} schemas, ${Object.keys(out.fields).length} field tables, ${Object.keys(out.enums).length} enums, ${text.length} bytes`);
}
