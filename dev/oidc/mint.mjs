// Test helper: signs an ID token with the stand-in's (public, development-only)
// key, so tests can present tokens with a wrong audience, issuer, nonce or expiry.
// Usage: node mint.mjs '{"iss":"...","aud":"...","sub":"...","nonce":"...","exp":123}' [MODE]
// MODE: `hs256:SECRET` signs with HMAC and the client secret (an algorithm the
// relying party must refuse); `unknown-key` signs with a fresh RSA key under a
// kid the provider does not publish.
import fs from 'node:fs';
import { SignJWT, importJWK, generateKeyPair } from 'jose';

const claims = JSON.parse(process.argv[2]);
const mode = process.argv[3] || '';
const { keys: [jwk] } = JSON.parse(fs.readFileSync(new URL('./jwks.json', import.meta.url)));
const now = Math.floor(Date.now() / 1000);
const jwt = new SignJWT({ iat: now, ...claims });
let token;
if (mode.startsWith('hs256:')) {
  const secret = new TextEncoder().encode(mode.slice('hs256:'.length));
  token = await jwt.setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
} else if (mode === 'unknown-key') {
  const { privateKey } = await generateKeyPair('RS256');
  token = await jwt.setProtectedHeader({ alg: 'RS256', kid: 'rotated-away', typ: 'JWT' }).sign(privateKey);
} else {
  const key = await importJWK(jwk, 'RS256');
  token = await jwt.setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' }).sign(key);
}
process.stdout.write(token);
