// The amoCRM gateway through the real proxy against the stand's amoCRM emulator, driven by the admin
// routes: long-lived and OAuth authorisation (the callback), one refresh for many callers, a revoked
// refresh token, the self-imposed limit under a 429 storm, a ban, names missing in amoCRM, exact
// search by the 1C id, and mistakes in the rules (DESIGN §5).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { binDir, control, startStand } from '../lib/harness.mjs';
import { amocrmSection, startProxy, standRules, standSecrets } from '../lib/system.mjs';

const ONEC_ID = '7b0c6a52-9a51-11ee-8c90-0242ac120002';
const LONG_LIVED = 'hs1c-demo-long-lived';
const STAGES = {
  payment: { pipeline: 'Продажи', status: 'Оплачено' },
  invoice: { pipeline: 'Продажи', status: 'Счёт выставлен' },
};
const OAUTH = {
  mode: 'oauth',
  client_id: 'hs1c-demo',
  client_secret: '$env:HS1C_AMOCRM_CLIENT_SECRET',
  redirect_uri: 'https://localhost:8443/_hs1c/amocrm/oauth/callback',
};
const oauthSection = { upstream: 'amocrm', auth: OAUTH, onec_id_field: 'Идентификатор 1С' };
const CALLBACK = '/_hs1c/amocrm/oauth/callback';
const env = { ...standSecrets, HS1C_AMOCRM_CLIENT_SECRET: 'hs1c-demo-secret' };

let stand;
let amo;
const running = [];

before(async () => { stand = await startStand(); amo = stand.url.amocrm; });
after(async () => { for (const p of running) await p.stop(); await stand.stop(); });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const freshDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-amo-'));

// A proxy in front of the stand whose "amocrm" section is `section` (no orders: their worker would
// add calls this file counts).
async function proxyWith(section, dir = freshDir()) {
  const rules = standRules(stand, dir);
  rules.amocrm = section;
  delete rules.orders;
  const p = await startProxy(rules, { dir, env });
  running.push(p);
  return p;
}

async function stopProxy(p) {
  await p.stop();
  running.splice(running.indexOf(p), 1);
}

async function admin(proxy, route, { method = 'GET', body } = {}) {
  const res = await fetch(proxy.url.admin + route, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, body: json, headers: res.headers };
}

const getLead = (proxy, id) => admin(proxy, `/admin/amocrm/leads/${id}`);
const moveLead = (proxy, id, event) =>
  admin(proxy, `/admin/amocrm/leads/${id}/stage`, { method: 'POST', body: { event } });

async function journal(since = 0) {
  const res = await fetch(`${amo}/_stand/requests?since=${since}`);
  return (await res.json()).requests;
}
async function lastSeq() {
  const all = await journal();
  return all.length ? all[all.length - 1].seq : 0;
}
const tokenCalls = (entries) => entries.filter((e) => e.path === '/oauth2/access_token');
const apiCalls = (entries) => entries.filter((e) => e.path.startsWith('/api/'));

async function waitFor(what, check, ms = 15000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
const stateOf = async (proxy) => (await admin(proxy, '/admin/amocrm')).body;
const waitState = (proxy, state) =>
  waitFor(`state ${state}`, async () => { const s = await stateOf(proxy); return s.state === state ? s : null; });

async function metric(proxy, line) {
  const text = (await admin(proxy, '/metrics')).body;
  const found = text.split('\n').find((l) => l.startsWith(line + ' '));
  return found ? Number(found.split(' ').pop()) : 0;
}

async function authorise(proxy, accept) {
  const { code } = await control(amo, 'oauth/code', {});
  // As amoCRM redirects: the code with state and referer beside it.
  const query = `code=${encodeURIComponent(code)}&state=x&referer=hs1cdemo.amocrm.ru`;
  const res = await fetch(`${proxy.url.http}${CALLBACK}?${query}`, { headers: accept ? { accept } : {} });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text(), code };
}

function logsMention(proxy, secret) {
  return proxy.lines.some((l) => JSON.stringify(l).includes(secret)) || proxy.stderr().includes(secret);
}

function copyStore(fromDir, toDir) {
  for (const suffix of ['', '-wal']) {
    const from = path.join(fromDir, 'hs1c.db' + suffix);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(toDir, 'hs1c.db' + suffix));
  }
}

describe('long-lived token', () => {
  let proxy;
  before(async () => {
    await control(amo, 'reset', {});
    proxy = await proxyWith(amocrmSection({ stages: STAGES }));
  });
  after(async () => { await stopProxy(proxy); });

  test('names resolve to ids at start-up', async () => {
    const s = await waitState(proxy, 'ready');
    assert.equal(s.mode, 'long_lived');
    assert.equal(s.detail, 'amoCRM подключена.');
    assert.equal(s.resolved.onec_id_field, 880001);
    assert.deepEqual(s.resolved.stages, {
      payment: { pipeline_id: 7001, status_id: 61004 },
      invoice: { pipeline_id: 7001, status_id: 61003 },
    });
    assert.deepEqual(s.resolved.problems, []);
    const ready = await admin(proxy, '/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.checks.amocrm.ready, true);
    assert.match(ready.body.checks.amocrm.detail, /^ready: /);
  });

  test('a lead with custom_fields_values null reads as no fields, with the bearer token', async () => {
    const since = await lastSeq();
    const r = await getLead(proxy, 31337);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.lead,
      { id: 31337, name: 'Сделка №31337', pipeline_id: 7001, status_id: 61001, fields: {} });
    const calls = await journal(since);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].path, '/api/v4/leads/31337');
    assert.equal(calls[0].headers.authorization, `Bearer ${LONG_LIVED}`);
  });

  test('absent and malformed lead ids', async () => {
    const missing = await getLead(proxy, 999999);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
    for (const bad of ['abc', '-5', '0', '1e3', '99999999999999999999']) {
      const r = await getLead(proxy, bad);
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.error.code, 'bad_lead_id');
    }
  });

  test('writing the 1C id puts it into field 880001', async () => {
    const since = await lastSeq();
    const value = '00-000123 «тест» <script>';
    const r = await admin(proxy, '/admin/amocrm/leads/31337/onec-id', { method: 'POST', body: { value } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { done: true });
    const [patch] = await journal(since);
    assert.equal(patch.method, 'PATCH');
    assert.deepEqual(JSON.parse(patch.body), { custom_fields_values: [{ field_id: 880001, values: [{ value }] }] });
    const lead = (await getLead(proxy, 31337)).body.lead;
    assert.deepEqual(lead.fields, { 880001: [value] });
    const bad = await admin(proxy, '/admin/amocrm/leads/31337/onec-id', { method: 'POST', body: { value: 5 } });
    assert.equal(bad.status, 400);
  });

  test('find by the 1C id keeps only the exact value (40003), follows no partial match', async () => {
    const r = await admin(proxy, `/admin/amocrm/leads?onec_id=${encodeURIComponent(ONEC_ID)}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.leads.map((l) => l.id), [40003]);
    const since = await lastSeq();
    const none = await admin(proxy, '/admin/amocrm/leads?onec_id=nothing-like-this');
    assert.equal(none.status, 200);
    assert.deepEqual(none.body.leads, []);
    const [query] = await journal(since);
    assert.equal(query.query, 'query=nothing-like-this&limit=250&page=1');
  });

  test('moving to a stage sends status and pipeline; «Неразобранное» is reported as unsorted', async () => {
    const ok = await moveLead(proxy, 40005, 'payment');
    assert.equal(ok.status, 200);
    const moved = (await getLead(proxy, 40005)).body.lead;
    assert.equal(moved.status_id, 61004);
    const unsorted = await moveLead(proxy, 40004, 'invoice');
    assert.equal(unsorted.status, 409);
    assert.equal(unsorted.body.error.code, 'unsorted');
    assert.equal(unsorted.body.error.amo_code, 'NotSupportedChoice');
    assert.equal(unsorted.body.error.amo_path, 'status_id');
    assert.equal(unsorted.body.error.retryable, false);
    const unknown = await moveLead(proxy, 40005, 'refund');
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.error.code, 'rejected');
  });

  test('the token never reaches the logs', async () => {
    assert.equal(logsMention(proxy, LONG_LIVED), false);
  });
});

describe('OAuth', () => {
  before(async () => { await control(amo, 'reset', {}); });

  test('without a pair: needs authorisation, nothing sent; the callback authorises', async () => {
    const since = await lastSeq();
    const proxy = await proxyWith({ ...oauthSection, stages: STAGES });
    const s = await waitState(proxy, 'needs_authorisation');
    assert.equal(s.authorised, false);
    const ready = await admin(proxy, '/readyz');
    assert.equal(ready.status, 200);
    assert.match(ready.body.checks.amocrm.detail, /needs_authorisation: .*авторизац/);
    const refused = await getLead(proxy, 31337);
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, 'unauthorized');
    assert.equal((await journal(since)).length, 0);

    const page = await authorise(proxy);
    assert.equal(page.status, 200);
    assert.match(page.type, /^text\/html/);
    assert.match(page.text, /amoCRM подключена/);
    const ready2 = await waitState(proxy, 'ready');
    assert.equal(ready2.resolved.onec_id_field, 880001);
    assert.ok(ready2.token_expires_at > Date.now() / 1000 + 80000);

    const lead = await getLead(proxy, 31337);
    assert.equal(lead.status, 200);
    const calls = await journal(since);
    const exchange = tokenCalls(calls);
    assert.equal(exchange.length, 1);
    assert.equal(JSON.parse(exchange[0].body).grant_type, 'authorization_code');
    const access = apiCalls(calls).at(-1).headers.authorization.replace('Bearer ', '');
    assert.ok(access.length > 10);
    assert.equal(logsMention(proxy, access), false);
    assert.equal(logsMention(proxy, 'hs1c-demo-secret'), false);
    assert.equal(logsMention(proxy, page.code), false);

    // The code is single-use: a replay is refused and changes nothing.
    const replay = await fetch(`${proxy.url.http}${CALLBACK}?code=${encodeURIComponent(page.code)}`,
      { headers: { accept: 'application/json' } });
    assert.equal(replay.status, 400);
    assert.equal((await replay.json()).error.code, 'code_refused');
    assert.equal((await stateOf(proxy)).state, 'ready');
    await stopProxy(proxy);
  });

  test('the callback without a code or after a refusal', async () => {
    const proxy = await proxyWith({ upstream: 'amocrm', auth: OAUTH });
    const none = await fetch(`${proxy.url.http}${CALLBACK}`);
    assert.equal(none.status, 400);
    assert.match(await none.text(), /нет кода авторизации/);
    const denied = await fetch(`${proxy.url.http}${CALLBACK}?error=access_denied`,
      { headers: { accept: 'application/json' } });
    assert.equal(denied.status, 400);
    assert.equal((await denied.json()).error.code, 'access_denied');
    const json = await authorise(proxy, 'application/json');
    assert.equal(json.status, 200);
    assert.equal(JSON.parse(json.text).authorised, true);
    await stopProxy(proxy);
  });
});

describe('token expiry and revocation', () => {
  const first = freshDir();
  const copy = freshDir();

  before(async () => { await control(amo, 'reset', {}); });

  test('twenty concurrent calls on an expired token cause exactly one refresh', async () => {
    const proxy = await proxyWith(oauthSection, first);
    await waitState(proxy, 'needs_authorisation');
    await control(amo, 'quirks', { token_ttl_s: 1 });
    assert.equal((await authorise(proxy)).status, 200);
    await waitState(proxy, 'ready');
    await control(amo, 'quirks', { token_ttl_s: 86400 });
    // The pair A (refresh token included) as stored now, for the revocation test below.
    copyStore(first, copy);
    // The access token lives one second: wait until the stand says it has expired.
    await waitFor('the access token to expire', async () => {
      const tokens = (await control(amo, 'state')).oauth.access_tokens.filter((t) => !t.long_lived);
      return tokens.length > 0 && tokens[tokens.length - 1].expired;
    });

    const since = await lastSeq();
    const answers = await Promise.all(Array.from({ length: 20 }, () => getLead(proxy, 40003)));
    for (const a of answers) assert.equal(a.status, 200);
    const calls = await journal(since);
    const refreshes = tokenCalls(calls);
    assert.equal(refreshes.length, 1);
    assert.equal(JSON.parse(refreshes[0].body).grant_type, 'refresh_token');
    assert.equal(apiCalls(calls).length, 20);
    assert.ok(apiCalls(calls).every((c) => c.seq > refreshes[0].seq));
    assert.equal(await metric(proxy, 'hs1c_amocrm_token_refreshes_total{outcome="ok"}'), 1);
    await stopProxy(proxy);
  });

  test('a revoked refresh token: needs authorisation, no retry loop, remembered over a restart', async () => {
    const since = await lastSeq();
    // This copy still holds pair A, whose refresh token the first proxy has spent.
    let proxy = await proxyWith(oauthSection, copy);
    const s = await waitState(proxy, 'needs_authorisation');
    assert.equal(s.authorised, true);
    const ready = await admin(proxy, '/readyz');
    assert.equal(ready.status, 200);
    assert.match(ready.body.checks.amocrm.detail, /^needs_authorisation: /);
    const answers = await Promise.all(Array.from({ length: 5 }, () => getLead(proxy, 31337)));
    for (const a of answers) {
      assert.equal(a.status, 503);
      assert.equal(a.body.error.code, 'unauthorized');
    }
    await sleep(300);
    const calls = await journal(since);
    assert.equal(tokenCalls(calls).length, 1);
    assert.equal(apiCalls(calls).length, 0);
    assert.equal(await metric(proxy, 'hs1c_amocrm_token_refreshes_total{outcome="revoked"}'), 1);
    assert.equal(await metric(proxy, 'hs1c_amocrm_state'), 1);
    assert.ok(proxy.lines.some((l) => l.level === 'error' && /authorised again/.test(l.msg)));
    await stopProxy(proxy);

    const restarted = await lastSeq();
    proxy = await proxyWith(oauthSection, copy);
    await waitState(proxy, 'needs_authorisation');
    await sleep(300);
    assert.equal((await journal(restarted)).length, 0);

    // A human authorises again: work goes on.
    assert.equal((await authorise(proxy)).status, 200);
    await waitState(proxy, 'ready');
    assert.equal((await getLead(proxy, 31337)).status, 200);
    await stopProxy(proxy);
  });
});

describe('request limit', () => {
  before(async () => { await control(amo, 'reset', {}); });

  test('thirty concurrent calls stay under the limit without a single 429', async () => {
    const proxy = await proxyWith(amocrmSection());
    await waitState(proxy, 'ready');
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => getLead(proxy, 40001 + (i % 6))));
    for (const a of answers) assert.equal(a.status, 200);
    const limits = (await control(amo, 'state')).limits;
    assert.ok(limits.peak_rps <= 6, `peak ${limits.peak_rps}`);
    assert.equal(limits.rejected_429, 0);
    assert.ok(await metric(proxy, 'hs1c_amocrm_throttle_waits_total') > 0);
    await stopProxy(proxy);
  });

  test('a 429 storm slows every caller down: no ban, never above 7 a second', async () => {
    await control(amo, 'reset', {});
    await control(amo, 'quirks', { rps_limit: 3 });
    const proxy = await proxyWith(amocrmSection());
    await waitState(proxy, 'ready');
    const answers = await Promise.all(Array.from({ length: 20 }, () => getLead(proxy, 40003)));
    for (const a of answers) assert.equal(a.status, 200);
    const limits = (await control(amo, 'state')).limits;
    assert.equal(limits.banned, false);
    assert.ok(limits.peak_rps <= 7, `peak ${limits.peak_rps}`);
    assert.ok(limits.rejected_429 >= 1 && limits.rejected_429 < 20, `429s ${limits.rejected_429}`);
    assert.equal(await metric(proxy, 'hs1c_amocrm_429_total'), limits.rejected_429);
    assert.ok(await metric(proxy, 'hs1c_amocrm_requests_total{call="get_lead",outcome="throttled"}') >= 1);
    await stopProxy(proxy);
  });
});

describe('ban', () => {
  before(async () => { await control(amo, 'reset', {}); });

  test('the first HTML 403 stops every call until an operator unbans', async () => {
    const proxy = await proxyWith(amocrmSection({ stages: STAGES }));
    await waitState(proxy, 'ready');
    await control(amo, 'quirks', { banned: true });
    const since = await lastSeq();
    const first = await getLead(proxy, 31337);
    assert.equal(first.status, 503);
    assert.equal(first.body.error.code, 'banned');
    assert.equal(first.body.error.retryable, true);
    assert.equal((await journal(since)).length, 1);

    const more = await Promise.all([
      getLead(proxy, 31337),
      admin(proxy, '/admin/amocrm/leads/31337/onec-id', { method: 'POST', body: { value: 'x' } }),
      admin(proxy, `/admin/amocrm/leads?onec_id=${ONEC_ID}`),
      moveLead(proxy, 40005, 'payment'),
    ]);
    for (const r of more) assert.equal(r.body.error.code, 'banned');
    assert.equal((await journal(since)).length, 1);

    const s = await stateOf(proxy);
    assert.equal(s.state, 'banned');
    assert.match(s.detail, /заблокировала/);
    const ready = await admin(proxy, '/readyz');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.checks.amocrm.ready, false);
    assert.equal(await metric(proxy, 'hs1c_amocrm_state'), 2);
    assert.ok(proxy.lines.some((l) => l.level === 'error' && /blocked the account/.test(l.msg)));

    // amoCRM support lifted it; the proxy still sends nothing until told.
    await control(amo, 'quirks', { banned: false });
    assert.equal((await getLead(proxy, 31337)).body.error.code, 'banned');
    assert.equal((await journal(since)).length, 1);
    const unban = await admin(proxy, '/admin/amocrm/unban', { method: 'POST' });
    assert.equal(unban.status, 200);
    assert.equal(unban.body.state, 'ready');
    assert.equal((await getLead(proxy, 31337)).status, 200);
    assert.equal((await admin(proxy, '/readyz')).status, 200);
    await stopProxy(proxy);
  });
});

describe('names missing in amoCRM', () => {
  before(async () => { await control(amo, 'reset', {}); });

  test('loud problems, and the calls needing them fail clearly without writing', async () => {
    const proxy = await proxyWith(amocrmSection({
      onec_id_field: 'Номер заказа 1С',
      stages: {
        payment: { pipeline: 'Опт', status: 'Оплачено' },
        invoice: { pipeline: 'Продажи', status: 'Счет выставлен' },
      },
    }));
    const s = await waitState(proxy, 'ready');
    assert.match(s.detail, /не найдена/);
    assert.equal(s.resolved.onec_id_field, null);
    assert.equal(s.resolved.problems.length, 2);
    // «Счет» for «Счёт» is taken, with a note.
    assert.deepEqual(s.resolved.stages, { invoice: { pipeline_id: 7001, status_id: 61003 } });
    assert.equal(s.resolved.warnings.length, 1);
    const loud = (l) => l.level === 'error' && /not resolved/.test(l.msg) && /Номер заказа 1С/.test(l.problem);
    assert.ok(proxy.lines.some(loud));

    const since = await lastSeq();
    const write = await admin(proxy, '/admin/amocrm/leads/31337/onec-id', { method: 'POST', body: { value: 'x' } });
    assert.equal(write.status, 422);
    assert.match(write.body.error.message, /Номер заказа 1С/);
    const move = await moveLead(proxy, 40005, 'payment');
    assert.equal(move.status, 422);
    assert.equal((await journal(since)).length, 0);
    await stopProxy(proxy);
  });
});

describe('rules', () => {
  test('mistakes in the section are reported with their paths and stop the proxy', async () => {
    const dir = freshDir();
    const rules = standRules(stand, dir);
    rules.amocrm = {
      upstream: 'amo',
      auth: { mode: 'oauth', client_id: 'x', client_secret: 'top-secret-value' },
      rps: 7,
    };
    delete rules.orders;
    const file = path.join(dir, 'rules.json');
    fs.writeFileSync(file, JSON.stringify(rules));
    const run = promisify(execFile);
    const args = ['--check', '--rules', file];
    const check = run(path.join(binDir, 'hs1c-proxy'), args, { env: { ...process.env, ...env } });
    const err = await check.then(() => null, (e) => e);
    assert.ok(err, 'the check must fail');
    assert.match(err.stderr, /\/amocrm\/rps/);
    assert.match(err.stderr, /\/amocrm\/auth\/redirect_uri/);
    assert.match(err.stderr, /\/amocrm\/upstream/);
    assert.doesNotMatch(err.stderr, /top-secret-value/);
  });
});
