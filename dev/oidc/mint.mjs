// Test helper: signs an ID token with the stand-in's (public, development-only)
// key, so tests can present tokens with a wrong audience, issuer, nonce or expiry.
// Usage: node mint.mjs '{"iss":"...","aud":"...","sub":"...","nonce":"...","exp":123}'
import fs from 'node:fs';
import { SignJWT, importJWK } from 'jose';

const claims = JSON.parse(process.argv[2]);
const { keys: [jwk] } = JSON.parse(fs.readFileSync(new URL('./jwks.json', import.meta.url)));
const key = await importJWK(jwk, 'RS256');
const now = Math.floor(Date.now() / 1000);
const token = await new SignJWT({ iat: now, ...claims })
  .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
  .sign(key);
process.stdout.write(token);
