// The amoCRM emulator's OAuth: authorization code → pair, single-use refresh tokens, expiring access
// tokens, the long-lived token.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { control, startStand } from '../../lib/harness.mjs';
import { api, fixture, tokenRequest, CLIENT_ID, CLIENT_SECRET, LONG_LIVED, REDIRECT_URI } from '../amocrm/testing.mjs';

let stand;
let base;
before(async () => { stand = await startStand({ emulators: ['amocrm'] }); base = stand.url.amocrm; });
after(() => stand.stop());
beforeEach(() => control(base, 'reset', {}));

const pollIntervalMs = 10;

const grant = (extra) => ({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: REDIRECT_URI, ...extra });

async function codePair() {
  const { code } = await control(base, 'oauth/code', {});
  return tokenRequest(base, grant({ grant_type: 'authorization_code', code }));
}

test('an authorization code gives a working pair, once', async () => {
  const { code } = await control(base, 'oauth/code', {});
  assert.equal(typeof code, 'string');
  const r = await tokenRequest(base, grant({ grant_type: 'authorization_code', code }));
  assert.equal(r.status, 200);
  assert.equal(r.json.token_type, 'Bearer');
  assert.equal(r.json.expires_in, 86400);
  assert.notEqual(r.json.access_token, r.json.refresh_token);
  assert.equal((await api(base, '/api/v4/leads/31337', { token: r.json.access_token })).status, 200);

  const again = await tokenRequest(base, grant({ grant_type: 'authorization_code', code }));
  assert.equal(again.status, 400);
  assert.equal(again.type, 'application/problem+json');
  assert.equal(again.json.hint, 'Authorization code has been revoked');
});

test('the redirect URI and the client secret must match', async () => {
  const { code } = await control(base, 'oauth/code', {});
  const wrongUri = await tokenRequest(base, grant({ grant_type: 'authorization_code', code, redirect_uri: 'https://evil.example/cb' }));
  assert.equal(wrongUri.status, 400);
  const wrongSecret = await tokenRequest(base, grant({ grant_type: 'authorization_code', code, client_secret: 'nope' }));
  assert.equal(wrongSecret.status, 401);
  assert.equal(wrongSecret.json.hint, 'Client authentication failed');
  // The failed attempts did not spend the code.
  assert.equal((await tokenRequest(base, grant({ grant_type: 'authorization_code', code }))).status, 200);
});

test('a refresh gives a new pair; the old refresh token is revoked', async () => {
  const first = (await codePair()).json;
  const refreshed = await tokenRequest(base, grant({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
  assert.equal(refreshed.status, 200);
  assert.notEqual(refreshed.json.access_token, first.access_token);
  assert.notEqual(refreshed.json.refresh_token, first.refresh_token);
  assert.equal((await api(base, '/api/v4/leads/31337', { token: refreshed.json.access_token })).status, 200);

  const reused = await tokenRequest(base, grant({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
  assert.equal(reused.status, 401);
  assert.equal(reused.type, 'application/problem+json');
  assert.deepEqual(reused.json, JSON.parse(fixture('oauth-refresh-revoked.json')));

  const next = await tokenRequest(base, grant({ grant_type: 'refresh_token', refresh_token: refreshed.json.refresh_token }));
  assert.equal(next.status, 200);

  const state = await control(base, 'state');
  assert.deepEqual(state.oauth.refresh_tokens.map((t) => t.used).sort(), [false, true, true]);
  assert.equal(JSON.stringify(state).includes(first.refresh_token), false);
});

test('access tokens expire after token_ttl_s', async () => {
  await control(base, 'quirks', { token_ttl_s: 1, rps_limit: 1000 });
  const issuedAt = Date.now();
  const pair = (await codePair()).json;
  assert.equal(pair.expires_in, 1);
  let status = (await api(base, '/api/v4/leads/31337', { token: pair.access_token })).status;
  const firstStatus = status;
  let last;
  while (status === 200) {
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    last = await api(base, '/api/v4/leads/31337', { token: pair.access_token });
    status = last.status;
    assert.ok(Date.now() - issuedAt < 5000, 'the token never expired');
  }
  const elapsed = Date.now() - issuedAt;
  assert.equal(firstStatus, 200);
  assert.equal(status, 401);
  assert.equal(last.type, 'application/problem+json');
  assert.equal(last.json.detail, 'Token has expired');
  assert.ok(elapsed >= 950, `expired after ${elapsed} ms`);
  // The long-lived token outlives any ttl.
  assert.equal((await api(base, '/api/v4/leads/31337', { token: LONG_LIVED })).status, 200);
});

test('the long-lived token works and never expires', async () => {
  await control(base, 'quirks', { token_ttl_s: 1, rps_limit: 1000 });
  const r = await api(base, '/api/v4/leads/31337', { token: LONG_LIVED });
  assert.equal(r.status, 200);
  const state = await control(base, 'state');
  const entry = state.oauth.access_tokens.find((t) => t.long_lived);
  assert.equal(entry.client_id, CLIENT_ID);
  assert.equal(entry.expired, undefined);
});

test('unknown grant types and missing parameters are refused', async () => {
  const r = await tokenRequest(base, grant({ grant_type: 'password' }));
  assert.equal(r.status, 400);
  const noCode = await tokenRequest(base, grant({ grant_type: 'authorization_code' }));
  assert.equal(noCode.status, 400);
  assert.equal(noCode.json.hint, 'Check the `code` parameter');
});
