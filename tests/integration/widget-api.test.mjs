// The widget API through the real proxy (issue 8, S5): a deal's 1C order from the local link or the
// deal's own field, the order's lines read live from 1C, amoCRM's disposable token checked (every kind
// of bad token refused with nothing read), and CORS only for the account's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStand, control } from '../lib/harness.mjs';
import { startProxy, standRules } from '../lib/system.mjs';
import { makeCart, loadScript, saveLogBody, endCall, onecOrders } from '../lib/orders.mjs';

let rulesOnDisk;
const X = '7b0c6a52-9a51-11ee-8c90-0242ac120002';  // deal 40003's «Идентификатор 1С» in the stand
let stand;
let proxy;
let origin;

before(async () => {
  stand = await startStand();
  origin = stand.url.amocrm;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-widget-'));
  const rules = standRules(stand, dir);
  rules.widget = { client_secret: '$env:HS1C_AMOCRM_CLIENT_SECRET', audience: 'https://localhost:8443',
                   account_id: 29000001, origins: [origin] };
  proxy = await startProxy(rules, { dir });
  rulesOnDisk = rules;
});
after(async () => { await proxy?.stop(); await stand.stop(); });

const token = async () => (await control(stand.url.amocrm, 'widget/token')).token;
async function call(target, { tok, method = 'GET', headers = {} } = {}) {
  const res = await fetch(proxy.url.http + target, {
    method, headers: { origin, ...(tok === undefined ? {} : { 'x-auth-token': tok }), ...headers },
  });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: res.status, body, headers: res.headers };
}

function b64url(s) { return Buffer.from(s).toString('base64url'); }
function forge(claims, { alg = 'HS256', secret = 'hs1c-demo-secret' } = {}) {
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  const sig = crypto.createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${sig}`;
}
function claims(extra = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { iss: 'https://hs1cdemo.amocrm.ru', aud: 'https://localhost:8443', jti: crypto.randomBytes(16).toString('hex'),
           iat: now, nbf: now, exp: now + 1800, account_id: 29000001, user_id: 504141, subdomain: 'hs1cdemo', ...extra };
}

test('a deal\'s order: from the local link for orders placed here, from the deal\'s field otherwise', async () => {
  const session = await control(stand.url.hyperscript, 'session');
  await loadScript(proxy.url.http, session);
  const cart = await makeCart(proxy.url.http);
  const ended = await endCall(proxy.url.http, session, saveLogBody(session, cart, { leadId: '40005' }));
  const order = (await onecOrders(stand)).find((o) => o.external_id === cart);
  const t = await token();
  const local = await call('/_hs1c/widget/v1/leads/40005/order', { tok: t });
  assert.equal(local.status, 200);
  assert.deepEqual(local.body, { lead_id: 40005, onec_id: order.id, number: ended.notice[0].number });
  assert.equal(local.headers.get('access-control-allow-origin'), origin);
  const field = await call('/_hs1c/widget/v1/leads/40003/order', { tok: t });
  assert.deepEqual(field.body, { lead_id: 40003, onec_id: X, number: '' });
  const none = await call('/_hs1c/widget/v1/leads/31337/order', { tok: t });
  assert.equal(none.body.onec_id, null);
  assert.equal((await call('/_hs1c/widget/v1/leads/abc/order', { tok: t })).status, 400);

  const lines = await call(`/_hs1c/widget/v1/orders/${order.id}`, { tok: t });
  assert.equal(lines.status, 200);
  assert.equal(lines.body.number, ended.notice[0].number);
  assert.equal(lines.body.items[0].name, 'Клеммник WAGO 221-413 (3 провода)');
  assert.equal(lines.body.items[0].quantity, 2);
  assert.equal(typeof lines.body.total, 'number');
  const unknown = await call('/_hs1c/widget/v1/orders/0c0f0000-0000-4000-8000-00000000ffff', { tok: t });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'order_not_found');
});

test('bad tokens get 401 and nothing is read from 1C or amoCRM', async () => {
  const now = Math.floor(Date.now() / 1000);
  const bad = {
    missing: undefined,
    none: `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(claims()))}.`,
    hs512: forge(claims(), { alg: 'HS512' }),
    wrong_secret: forge(claims(), { secret: 'guess' }),
    expired: forge(claims({ exp: now - 3600, iat: now - 7200, nbf: now - 7200 })),
    not_yet: forge(claims({ nbf: now + 3600 })),
    other_account: forge(claims({ account_id: 1 })),
    other_aud: forge(claims({ aud: 'https://evil.example' })),
    garbage: 'not.a.jwt!',
    oversized: 'a'.repeat(5000),
  };
  const onecBefore = (await control(stand.url.onec, 'state')).requests.get_order ?? 0;
  const amoBefore = (await (await fetch(`${stand.url.amocrm}/_stand/requests`)).json()).requests.length;
  for (const [name, tok] of Object.entries(bad)) {
    for (const target of ['/_hs1c/widget/v1/leads/40003/order', `/_hs1c/widget/v1/orders/${X}`]) {
      const r = await call(target, { tok });
      assert.equal(r.status, 401, `${name} ${target}`);
      assert.equal(r.body.error.code, 'unauthorized');
    }
  }
  assert.equal((await control(stand.url.onec, 'state')).requests.get_order ?? 0, onecBefore);
  const amoAfter = (await (await fetch(`${stand.url.amocrm}/_stand/requests`)).json()).requests.length;
  assert.equal(amoAfter, amoBefore);
  assert.equal((await call('/_hs1c/widget/v1/leads/40003/order', { tok: forge(claims()) })).status, 200);
});

test('CORS: the account\'s origin gets the preflight; others get no grant', async () => {
  const ok = await call('/_hs1c/widget/v1/orders/x', {
    method: 'OPTIONS', headers: { 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-auth-token' },
  });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), origin);
  assert.match(ok.headers.get('access-control-allow-headers'), /X-Auth-Token/i);
  assert.match(ok.headers.get('access-control-allow-methods'), /GET/);
  const evil = await call('/_hs1c/widget/v1/orders/x', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
  assert.equal(evil.status, 403);
  assert.equal(evil.headers.get('access-control-allow-origin'), null);
  const evilGet = await call('/_hs1c/widget/v1/leads/40003/order', { tok: await token(), headers: { origin: 'https://evil.example' } });
  assert.equal(evilGet.headers.get('access-control-allow-origin'), null);
});

test('a reload with odd widget values is refused and the proxy keeps serving', async () => {
  const broken = JSON.parse(JSON.stringify(rulesOnDisk));
  broken.widget.origins = ['*'];
  delete broken.widget.audience;
  fs.writeFileSync(proxy.rulesFile, JSON.stringify(broken));
  proxy.proc.kill('SIGHUP');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(proxy.proc.exitCode, null, 'still running');
  const health = await fetch(`${proxy.url.admin}/healthz`);
  assert.equal(health.status, 200);
  const t = await token();
  assert.equal((await call('/_hs1c/widget/v1/leads/31337/order', { tok: t })).status, 200, 'the old generation serves');
  fs.writeFileSync(proxy.rulesFile, JSON.stringify(rulesOnDisk));
});
