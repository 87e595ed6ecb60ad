// Development and tests only: runs `dezky files-bootstrap` (the real
// command, with the caller's environment) and plays the person at the
// browser: opens the URL it prints, signs in at the development identity
// provider as the files service user (svc-files) and lets the redirect come
// back to the command's loopback port. Production runs the command by hand.
//   node dev/files/bootstrap.mjs path/to/dezky [account]
import { spawn } from 'node:child_process';

const [binary, account = 'svc-files'] = process.argv.slice(2);
// The provider may still be starting.
const issuer = (process.env.OCIS_OIDC_ISSUER || '').replace(/\/?$/, '/');
for (let i = 0; i < 100; i += 1) {
  try {
    if ((await fetch(`${issuer}.well-known/openid-configuration`)).ok) break;
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 200));
}
const child = spawn(binary, ['files-bootstrap'], { stdio: ['ignore', 'inherit', 'pipe'] });
let said = '';
const url = await new Promise((resolve, reject) => {
  child.stderr.on('data', (chunk) => {
    said += chunk;
    const m = /(https?:\/\/\S+\/auth\?\S+)/.exec(said);
    if (m) resolve(m[1]);
  });
  child.on('exit', (code) => reject(new Error(`dezky files-bootstrap exited (${code}):\n${said}`)));
});

// A browser: keeps the provider's cookies, follows redirects by hand.
const jar = new Map();
async function go(target, init = {}) {
  const headers = { ...(init.headers || {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
  const res = await fetch(target, { ...init, headers, redirect: 'manual' });
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return res;
}
let next = url;
for (let i = 0; i < 12; i += 1) {
  const res = await go(next);
  if (next.includes('/callback?')) break;
  if (res.status === 200) {
    const html = await res.text();
    const action = new URL(/action="([^"]+)"/.exec(html)[1], next).toString();
    const form = html.includes('name="login"')
      ? { prompt: 'login', login: account, password: 'dev' }
      : { prompt: 'consent' };
    const posted = await go(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    next = new URL(posted.headers.get('location'), action).toString();
  } else {
    next = new URL(res.headers.get('location'), next).toString();
  }
}
const code = await new Promise((resolve) => child.on('exit', resolve));
if (code !== 0) {
  console.error(said);
  process.exit(1);
}
console.error(said.trim().split('\n').at(-1));
