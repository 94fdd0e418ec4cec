// Helpers shared by the amoCRM emulator's Node tests (tests/stand/test/amocrm*.test.mjs).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceDir } from '../../lib/harness.mjs';

export const LONG_LIVED = 'hs1c-demo-long-lived';
export const CLIENT_ID = 'hs1c-demo';
export const CLIENT_SECRET = 'hs1c-demo-secret';
export const REDIRECT_URI = 'https://localhost:8443/_hs1c/amocrm/oauth/callback';
export const ONEC_ID = '7b0c6a52-9a51-11ee-8c90-0242ac120002';

export function fixture(name) {
  return readFileSync(path.join(sourceDir, 'tests/fixtures/cases/amocrm', name), 'utf8');
}

// An API call with a bearer token; resolves to { status, type, text, json }.
export async function api(base, route, { token = LONG_LIVED, method = 'GET', body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${route}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, text, json };
}

export async function tokenRequest(base, body) {
  const res = await fetch(`${base}/oauth2/access_token`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), json: await res.json() };
}
