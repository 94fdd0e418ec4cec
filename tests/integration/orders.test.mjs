// «Разговор окончен» through the real proxy (issue 6, DESIGN §3, S3): the order reaches 1C once with
// the cart's lines and the call's named fields, HyperScript's log gets a readable summary, the deal in
// amoCRM gets the 1C id; 1C down means queued and delivered later; forged, foreign and empty carts
// make no order; the outbox is visible and retryable from the admin listener.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStand, control } from '../lib/harness.mjs';
import { startProxy, standRules } from '../lib/system.mjs';
import { makeCart, loadScript, saveLogBody, endCall, waitFor, onecOrders, hsPassLogs, amoLead, onecIdOf, apiCall }
  from '../lib/orders.mjs';

let stand;
let proxy;
let session;

before(async () => {
  stand = await startStand();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-orders-'));
  const rules = standRules(stand, dir);
  rules.nomenclature = { debounce_ms: 0 };
  rules.onec.breaker = { failures: 5, open_ms: 1000 };  // a down 1C is retried soon after it is back
  rules.orders = { submit_budget_ms: 1500, poll_ms: 100, retry: { base_ms: 200, cap_ms: 600 } };
  proxy = await startProxy(rules, { dir });
});
after(async () => { await proxy?.stop(); await stand.stop(); });
beforeEach(async () => {
  for (const e of ['hyperscript', 'onec', 'amocrm']) await control(stand.url[e], 'reset', {});
  session = await control(stand.url.hyperscript, 'session');
  await loadScript(proxy.url.http, session);
});

const outbox = async (state) =>
  (await (await fetch(`${proxy.url.admin}/admin/outbox${state ? `?state=${state}` : ''}`)).json()).orders;

test('the happy path: 1C order with lines and named fields, summary in the log, the id in the deal', async () => {
  const cart = await makeCart(proxy.url.http, { lines: [{ item_id: '0c0f0000-0000-4000-8000-000000000016', quantity: '2,5' }] });
  const r = await endCall(proxy.url.http, session, saveLogBody(session, cart));
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 0, JSON.stringify(r.body));
  assert.equal(r.notice.length, 1);
  assert.equal(r.notice[0].cart, cart);
  assert.equal(r.notice[0].state, 'sent');
  assert.match(r.notice[0].number, /^ЗК-\d+$/);

  const orders = await onecOrders(stand);
  assert.equal(orders.length, 1);
  const order = orders[0];
  assert.equal(order.external_id, cart);
  assert.equal(order.request.amocrm_lead_id, 31337);
  assert.deepEqual(order.request.items.map((i) => [i.nomenclature_id, i.name, i.quantity]),
    [['0c0f0000-0000-4000-8000-000000000016', 'Клеммник WAGO 221-413 (3 провода)', 2.5]]);
  const phone = order.request.fields.find((f) => f.id === '7102');
  assert.deepEqual(phone, { id: '7102', name: 'Телефон', value: '+7 900 000-00-00' });
  assert.ok(!order.request.fields.some((f) => f.id === '7103'), 'the cart field is not a field of the order');

  const logs = await hsPassLogs(stand);
  assert.equal(logs.length, 1);
  const cartField = logs[0].fields.find((f) => String(f.id) === '7103');
  assert.equal(cartField.value, `Заказ ${r.notice[0].number} передан в 1С: Клеммник WAGO 221-413 (3 провода) — 2,5 шт`);
  const other = logs[0].fields.find((f) => String(f.id) === '7105');
  assert.deepEqual(other.value, ['Доставка', 'Монтаж & наладка']);

  await waitFor(async () => onecIdOf(await amoLead(stand, 31337)) === order.id);
  const done = await waitFor(async () => (await outbox('done')).find((o) => o.cart_id === cart));
  assert.equal(done.onec_number, r.notice[0].number);
  const status = await apiCall(proxy.url.http, 'GET', `/_hs1c/api/v1/carts/${cart}/order`);
  assert.deepEqual(status.body, { state: 'done', number: r.notice[0].number });
});

test('a repeated «Разговор окончен» makes no second order', async () => {
  const cart = await makeCart(proxy.url.http);
  const first = await endCall(proxy.url.http, session, saveLogBody(session, cart));
  const second = await endCall(proxy.url.http, session, saveLogBody(session, cart));
  assert.equal(second.body.status, 0);
  assert.equal(second.notice[0].number, first.notice[0].number);
  assert.equal((await onecOrders(stand)).length, 1);
  assert.equal((await control(stand.url.onec, 'state')).requests.create_order, 1);
});

test('forged, unknown, foreign and empty carts make no order and pass untouched', async () => {
  const forged = saveLogBody(session, '11111111-2222-4333-8444-555555555555');
  const r1 = await endCall(proxy.url.http, session, forged);
  assert.equal(r1.body.status, 0);
  assert.equal(r1.notice, null);
  const foreign = await makeCart(proxy.url.http);
  const r2 = await endCall(proxy.url.http, session, saveLogBody(session, foreign).replace('fields%5B2%5D%5Bid%5D=7103', 'fields%5B2%5D%5Bid%5D=7101'));
  assert.equal(r2.notice, null);
  const empty = await makeCart(proxy.url.http, { lines: [] });
  await endCall(proxy.url.http, session, saveLogBody(session, empty));
  assert.equal((await onecOrders(stand)).length, 0);
  const logs = await hsPassLogs(stand);
  assert.equal(logs[0].raw, forged, 'forwarded byte for byte');
  assert.equal(logs[2].fields.find((f) => String(f.id) === '7103').value, 'Товары не выбраны');
  const broken = `method=script.save_log&id=5120&fields%5B0%5D%5Bid%5D=7103&fields%5B0%5D%5Bvalue%5D=%zz&csrf_token=${session.csrf_token}`;
  const r3 = await endCall(proxy.url.http, session, broken);
  assert.equal(r3.notice, null);
  assert.equal((await onecOrders(stand)).length, 0);
});

test('1C down: the operator is answered within the budget, the order is delivered once when 1C is back', async () => {
  await control(stand.url.onec, 'quirks', { down: true });
  const cart = await makeCart(proxy.url.http).catch(async () => {
    // The search itself needs 1C: build the cart with 1C up, then take 1C down.
    await control(stand.url.onec, 'quirks', { down: false });
    const id = await makeCart(proxy.url.http);
    await control(stand.url.onec, 'quirks', { down: true });
    return id;
  });
  const r = await endCall(proxy.url.http, session, saveLogBody(session, cart));
  assert.equal(r.body.status, 0);
  assert.equal(r.notice[0].state, 'queued');
  assert.ok(r.ms < 4000, `answered in ${r.ms} ms`);
  const logs = await hsPassLogs(stand);
  assert.match(logs[0].fields.find((f) => String(f.id) === '7103').value, /^Заказ передаётся в 1С: Клеммник/);
  const pending = await outbox('pending_1c');
  assert.equal(pending[0].cart_id, cart);
  assert.match(pending[0].reason, /^1C: /);
  await new Promise((res) => setTimeout(res, 700));
  await control(stand.url.onec, 'quirks', { down: false });
  await waitFor(async () => (await outbox('done')).some((o) => o.cart_id === cart));
  assert.equal((await onecOrders(stand)).length, 1);
  assert.equal(onecIdOf(await amoLead(stand, 31337)), (await onecOrders(stand))[0].id);
});

test('no deal id: unlinked; an unknown deal: parked with the reason; retry from the admin API', async () => {
  const noDeal = await makeCart(proxy.url.http);
  await endCall(proxy.url.http, session, saveLogBody(session, noDeal, { leadId: '' }));
  const unlinked = await waitFor(async () => (await outbox('unlinked')).find((o) => o.cart_id === noDeal));
  assert.equal(unlinked.lead_id, null);
  assert.match(unlinked.reason, /no deal id/);

  const ghost = await makeCart(proxy.url.http);
  await endCall(proxy.url.http, session, saveLogBody(session, ghost, { leadId: '999999' }));
  const parked = await waitFor(async () => (await outbox('parked')).find((o) => o.cart_id === ghost));
  assert.match(parked.reason, /^amoCRM: /);
  assert.equal((await onecOrders(stand)).length, 2, 'both orders are in 1C');

  const bad = await fetch(`${proxy.url.admin}/admin/outbox?state=nonsense`);
  assert.equal(bad.status, 400);
  const retried = await fetch(`${proxy.url.admin}/admin/outbox/${ghost}/retry`, { method: 'POST' });
  assert.equal(retried.status, 200);
  assert.equal((await fetch(`${proxy.url.admin}/admin/outbox/00000000-0000-4000-8000-000000000000/retry`, { method: 'POST' })).status, 404);
  const metrics = await (await fetch(`${proxy.url.admin}/metrics`)).text();
  assert.match(metrics, /hs1c_orders_outbox\{state="unlinked"\} [1-9]/);
});
