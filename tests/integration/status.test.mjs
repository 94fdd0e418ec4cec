// Status events from 1C through the real proxy (issue 7, S4): the 1C stand calls the proxy as real 1C
// would (Basic auth, even line-broken), the event is stored before the 202, and the worker moves the
// amoCRM stand's deal to the mapped stage — found by the local link or by query with exact
// verification, waited for when the link is not there yet, applied once, never backwards, never out
// of a closed deal, and still applied after the proxy is killed right after the 202.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startStand, control, stopProcess } from '../lib/harness.mjs';
import { startProxy, standRules, standSecrets } from '../lib/system.mjs';
import { waitFor, amoLead, makeCart, loadScript, saveLogBody, endCall, onecOrders } from '../lib/orders.mjs';

const X = '7b0c6a52-9a51-11ee-8c90-0242ac120002';  // 40003 has it exactly; 40001 and 40002 partially
const INVOICE = 61003;
const PAYMENT = 61004;

let stand;
let proxy;
let rules;
let dir;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

before(async () => {
  const port = await freePort();
  stand = await startStand({ args: ['--proxy', `http://127.0.0.1:${port}`] });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-status-'));
  rules = standRules(stand, dir);
  rules.listeners = [{ name: 'http', address: `127.0.0.1:${port}` }];
  rules.admin = { address: `127.0.0.1:${await freePort()}` };
  rules.status = { poll_ms: 100, retry: { base_ms: 100, cap_ms: 300 }, find_deal_for_ms: 4000 };
  proxy = await startProxy(rules, { dir });
});
after(async () => { await proxy?.stop(); await stand.stop(); });
beforeEach(async () => {
  await control(stand.url.onec, 'reset', {});
  await control(stand.url.amocrm, 'reset', {});
});

// The 1C stand sends the event to the proxy and reports the proxy's answer.
async function send(id, status, at = new Date().toISOString().slice(0, 19)) {
  const r = await control(stand.url.onec, 'status-event', { id, status, at });
  if (typeof r.body === 'string') { try { r.body = JSON.parse(r.body); } catch { /* not JSON */ } }
  return r;
}
const statusOf = async (lead) => (await amoLead(stand, lead)).status_id;
const events = async (state) =>
  (await (await fetch(`${proxy.url.admin}/admin/status-events${state ? `?state=${state}` : ''}`)).json()).events;
function inboundAuth() {
  return 'Basic ' + Buffer.from(`${standSecrets.HS1C_ONEC_INBOUND_USER}:${standSecrets.HS1C_ONEC_INBOUND_PASSWORD}`).toString('base64');
}
const post = (body, headers = {}) => fetch(`${proxy.url.http}/_hs1c/1c/status`, {
  method: 'POST', headers: { authorization: inboundAuth(), 'content-type': 'application/json', ...headers }, body,
});

test('invoice then payment move the deal found by query among partial matches', async () => {
  const r = await send(X, 'invoice', '2026-12-03T10:00:00');
  assert.equal(r.status, 202, JSON.stringify(r));
  assert.equal(r.body.duplicate, false);
  await waitFor(async () => (await statusOf(40003)) === INVOICE);
  await send(X, 'payment', '2026-12-03T11:00:00');
  await waitFor(async () => (await statusOf(40003)) === PAYMENT);
  assert.equal(await statusOf(40001), 61001, 'partial matches untouched');
  assert.equal(await statusOf(40002), 61001);
  const done = await events('done');
  assert.ok(done.some((e) => e.id === X && e.status === 'payment' && e.lead_id === 40003));
});

test('wrong credentials: 401 and nothing stored; line-broken Basic from 1C is accepted', async () => {
  const before = (await events()).length;
  await control(stand.url.onec, 'quirks', { status_password: 'wrong' });
  const denied = await send(X, 'invoice');
  assert.equal(denied.status, 401);
  assert.equal((await events()).length, before);
  assert.equal((await post(JSON.stringify({ id: X, status: 'invoice' }), { authorization: '' })).status, 401);
  await control(stand.url.onec, 'quirks', { status_password: 'hs1c-demo-status', status_auth_crlf: true });
  const folded = await send(X, 'invoice', '2026-12-03T12:00:00');
  assert.equal(folded.status, 202, JSON.stringify(folded));
  assert.match(folded.sent.authorization, /\r\n /);
});

test('a repeat is acknowledged and not stored twice; out-of-order events never move a deal back', async () => {
  const first = await send(X, 'payment', '2026-12-03T13:00:00');
  const again = await send(X, 'payment', '2026-12-03T13:00:00');
  assert.equal(again.status, 202);
  assert.equal(again.body.duplicate, true);
  assert.equal(again.body.seq, first.body.seq);
  await waitFor(async () => (await statusOf(40003)) === PAYMENT);
  await send(X, 'invoice', '2026-12-03T09:00:00');
  const skipped = await waitFor(async () => (await events('skipped')).find((e) => e.status === 'invoice' && e.at === '2026-12-03T09:00:00'));
  assert.match(skipped.reason, /past this stage/);
  assert.equal(await statusOf(40003), PAYMENT);
});

test('bad bodies: unknown status names the accepted ones; broken JSON is refused; a BOM is fine', async () => {
  const unknown = await post(JSON.stringify({ id: X, status: 'shipped' }));
  assert.equal(unknown.status, 400);
  const body = await unknown.json();
  assert.equal(body.error.code, 'unknown_status');
  assert.match(body.error.message, /invoice, payment/);
  for (const bad of ['{', '[]', JSON.stringify({ status: 'payment' }), JSON.stringify({ id: '', status: 'payment' }),
                     JSON.stringify({ id: '00000000-0000-0000-0000-000000000000', status: 'payment' })]) {
    assert.equal((await post(bad)).status, 400, bad);
  }
  const bom = await post('\ufeff' + JSON.stringify({ id: 'bom-order-1', status: 'invoice', at: '2026-12-03T00:00:01' }));
  assert.equal(bom.status, 202);
});

test('an event that arrives before the deal carries the id waits for it and is then applied', async () => {
  const id = 'a0000000-0000-4000-8000-00000000beef';
  await send(id, 'invoice', '2026-12-03T14:00:00');
  const pending = await waitFor(async () => (await events('pending')).find((e) => e.id === id && e.attempts > 0));
  assert.match(pending.reason, /no deal carries this 1C id yet/);
  assert.equal(await statusOf(40006), 62001, 'nothing moved while the deal is unknown');
  // The link arrives (as the orders worker would write it).
  const link = await fetch(`${proxy.url.admin}/admin/amocrm/leads/40006/onec-id`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: id }),
  });
  assert.equal(link.status, 200);
  await waitFor(async () => (await events('done')).some((e) => e.id === id && e.lead_id === 40006));
  // 40006 is in pipeline 7002; the stage of pipeline «Продажи» moves it there, as the rules say.
  assert.equal(await statusOf(40006), INVOICE);

  const never = 'a0000000-0000-4000-8000-00000000dead';
  await send(never, 'payment', '2026-12-03T15:00:00');
  const parked = await waitFor(async () => (await events('parked')).find((e) => e.id === never), { timeout: 10000 });
  assert.match(parked.reason, /no deal carries this 1C id/);
  const retried = await fetch(`${proxy.url.admin}/admin/status-events/${parked.seq}/retry`, { method: 'POST' });
  assert.equal(retried.status, 200);
});

test('an order placed through the proxy is found by its local link, without asking amoCRM to search', async () => {
  const session = await control(stand.url.hyperscript, 'session');
  await loadScript(proxy.url.http, session);
  const cart = await makeCart(proxy.url.http);
  const ended = await endCall(proxy.url.http, session, saveLogBody(session, cart, { leadId: '40005' }));
  assert.equal(ended.notice[0].state, 'sent');
  const order = (await onecOrders(stand)).find((o) => o.external_id === cart);
  const journalBefore = (await (await fetch(`${stand.url.amocrm}/_stand/requests`)).json()).requests.length;
  await send(order.id, 'invoice', '2026-12-03T15:30:00');
  await waitFor(async () => (await statusOf(40005)) === INVOICE);
  const journal = (await (await fetch(`${stand.url.amocrm}/_stand/requests`)).json()).requests.slice(journalBefore);
  // (other tests' events may still be searching for their own ids)
  assert.ok(!journal.some((r) => decodeURIComponent(r.query ?? '').includes(`query=${order.id}`)), 'no search was needed');
});

test('a closed deal stays closed', async () => {
  const token = 'hs1c-demo-long-lived';
  const patch = await fetch(`${stand.url.amocrm}/api/v4/leads/40003`, {
    method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status_id: 142, pipeline_id: 7001 }),
  });
  assert.equal(patch.status, 200);
  await send(X, 'invoice', '2026-12-03T16:00:00');
  const skipped = await waitFor(async () => (await events('skipped')).find((e) => e.at === '2026-12-03T16:00:00'));
  assert.match(skipped.reason, /closed/);
  assert.equal(await statusOf(40003), 142);
});

test('killed right after the 202 and restarted: the event is still applied', async () => {
  await control(stand.url.amocrm, 'quirks', { down: true });
  // (payment: the proxy remembers that 40003 went past «Счёт выставлен» in the tests above)
  const r = await send(X, 'payment', '2026-12-03T17:00:00');
  assert.equal(r.status, 202);
  await stopProcess(proxy.proc, 'SIGKILL');
  await control(stand.url.amocrm, 'quirks', { down: false });
  proxy = await startProxy(rules, { dir });
  await waitFor(async () => (await statusOf(40003)) === PAYMENT, { timeout: 20000 });
  assert.ok((await events('done')).some((e) => e.at === '2026-12-03T17:00:00'));
});

test('without a status section the endpoint says it is off and stores nothing', async () => {
  const off = standRules(stand, fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-status-off-')));
  const p = await startProxy(off);
  try {
    const res = await fetch(`${p.url.http}/_hs1c/1c/status`, {
      method: 'POST', headers: { authorization: inboundAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ id: X, status: 'payment' }),
    });
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error.code, 'not_configured');
  } finally {
    await p.stop();
  }
});

test('near misses of the proxy\'s own routes get a JSON 404 and never reach HyperScript with 1C\'s credentials', async () => {
  const before = (await (await fetch(`${stand.url.hyperscript}/_stand/requests`)).json()).requests.length;
  for (const target of ['/_hs1c/1c/status/', '/_hs1c/1c/Status', '/_hs1c/nope', '/_hs1c', '/_hs1c/api/v1/carts/']) {
    const res = await fetch(`${proxy.url.http}${target}`, {
      method: 'POST', headers: { authorization: inboundAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ id: X, status: 'payment' }),
    });
    assert.ok(res.status === 404 || res.status === 405, `${target}: ${res.status}`);
    assert.match(res.headers.get('content-type'), /application\/json/, target);
  }
  const after = (await (await fetch(`${stand.url.hyperscript}/_stand/requests`)).json()).requests.length;
  assert.equal(after, before, 'nothing was forwarded');
});
