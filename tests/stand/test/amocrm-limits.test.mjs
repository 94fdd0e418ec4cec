// The amoCRM emulator's request limit (429 beyond rps_limit), the HTML 403 ban after ban_after 429s,
// lifting it, latency and down.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { control, startStand } from '../../lib/harness.mjs';
import { api, fixture, tokenRequest, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from '../amocrm/testing.mjs';

let stand;
let base;
before(async () => { stand = await startStand({ emulators: ['amocrm'] }); base = stand.url.amocrm; });
after(() => stand.stop());
beforeEach(() => control(base, 'reset', {}));

test('quirks default to amoCRM’s values', async () => {
  assert.deepEqual(await control(base, 'quirks'),
    { rps_limit: 7, ban_after: 20, token_ttl_s: 86400, latency_ms: 0, down: false, banned: false });
});

test('unknown quirks and bad values are refused', async () => {
  for (const body of [{ nope: 1 }, { rps_limit: 0 }, { down: 'yes' }]) {
    const res = await fetch(`${base}/_stand/quirks`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal(res.status, 400);
  }
});

test('more than 7 requests in a second answer 429 with a non-JSON body and no Retry-After', async () => {
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: 10 }, () => api(base, '/api/v4/leads/31337')));
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 1000, `the burst took ${elapsed} ms`);
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 429, 429, 429]);
  const limited = answers.find((a) => a.status === 429);
  assert.equal(limited.json, undefined);
  assert.equal(limited.headers.get('retry-after'), null);
  const state = await control(base, 'state');
  assert.deepEqual(state.limits, { rejected_429: 3, banned: false, peak_rps: 10 });
});

test('requests spaced out over more than a second all pass', async () => {
  await control(base, 'quirks', { rps_limit: 2 });
  // Taken before sending: the stand's window starts when it receives the pair, which is no earlier,
  // so a loaded machine delaying the answers cannot make the window look shorter than it is.
  const firstAt = Date.now();
  const first = await Promise.all([api(base, '/api/v4/leads/31337'), api(base, '/api/v4/leads/31337')]);
  assert.deepEqual(first.map((a) => a.status), [200, 200]);
  assert.equal((await api(base, '/api/v4/leads/31337')).status, 429);
  // Poll until the window has moved on: the first call that passes must come a second after the pair.
  let status = 429;
  while (status === 429) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = (await api(base, '/api/v4/leads/31337')).status;
  }
  assert.equal(status, 200);
  assert.ok(Date.now() - firstAt >= 950, `passed after ${Date.now() - firstAt} ms`);
});

test('after ban_after 429s every call answers the HTML 403 until reset', async () => {
  await control(base, 'quirks', { rps_limit: 1, ban_after: 3 });
  const statuses = [];
  for (let i = 0; i < 4; i += 1) statuses.push((await api(base, '/api/v4/leads/31337')).status);
  assert.deepEqual(statuses, [200, 429, 429, 429]);
  const blocked = await api(base, '/api/v4/leads/31337');
  assert.equal(blocked.status, 403);
  assert.match(blocked.type, /^text\/html/);
  assert.equal(blocked.text, fixture('blocked-403.html'));
  // Every call: without a token, and OAuth too.
  assert.equal((await api(base, '/api/v4/leads', { token: null })).status, 403);
  const oauth = await fetch(`${base}/oauth2/access_token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: REDIRECT_URI,
      grant_type: 'refresh_token', refresh_token: 'x' }),
  });
  assert.equal(oauth.status, 403);
  assert.equal((await control(base, 'state')).limits.banned, true);
  assert.equal((await control(base, 'quirks')).banned, true);

  await control(base, 'reset', {});
  assert.equal((await api(base, '/api/v4/leads/31337')).status, 200);
  assert.deepEqual((await control(base, 'state')).limits, { rejected_429: 0, banned: false, peak_rps: 1 });
});

test('quirk banned: false lifts the ban; banned: true imposes it', async () => {
  await control(base, 'quirks', { banned: true });
  assert.equal((await api(base, '/api/v4/leads/31337')).status, 403);
  await control(base, 'quirks', { banned: false });
  assert.equal((await api(base, '/api/v4/leads/31337')).status, 200);
});

test('latency_ms delays answers', async () => {
  await control(base, 'quirks', { latency_ms: 300 });
  const started = Date.now();
  const r = await api(base, '/api/v4/leads/31337');
  const elapsed = Date.now() - started;
  assert.equal(r.status, 200);
  assert.ok(elapsed >= 290, `answered after ${elapsed} ms`);
});

test('down resets connections; control calls still answer', async () => {
  await control(base, 'quirks', { down: true });
  await assert.rejects(fetch(`${base}/api/v4/leads/31337`));
  await control(base, 'quirks', { down: false });
  assert.equal((await api(base, '/api/v4/leads/31337')).status, 200);
});

test('tokens of the integration share one limit', async () => {
  const { code } = await control(base, 'oauth/code', {});
  const pair = (await tokenRequest(base, { client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
    redirect_uri: REDIRECT_URI, grant_type: 'authorization_code', code })).json;
  await control(base, 'quirks', { rps_limit: 2 });
  const statuses = [];
  statuses.push((await api(base, '/api/v4/leads/31337')).status);
  statuses.push((await api(base, '/api/v4/leads/31337', { token: pair.access_token })).status);
  statuses.push((await api(base, '/api/v4/leads/31337', { token: pair.access_token })).status);
  assert.deepEqual(statuses, [200, 200, 429]);
});
