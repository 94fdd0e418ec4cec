// The cart API (DESIGN §7) through the real proxy with the 1C stand behind it: lines take their names
// from 1C, parameters and values are checked against 1C, quantities are validated, bad input gets a
// clear error, and carts survive a restart and a SIGKILL of the proxy (issue 5).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startStand, stopProcess } from '../lib/harness.mjs';
import { startProxy, standRules } from '../lib/system.mjs';

const CABLE = '4f1d2c1e-9a51-11ee-8c90-0242ac120002';
const WAGO = '0c0f0000-0000-4000-8000-000000000016';
const SHIELD = '0c0f0000-0000-4000-8000-000000000018';
const api = '/_hs1c/api/v1';

let stand;
let proxy;
let rules;
let dir;

before(async () => {
  stand = await startStand();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-cart-'));
  rules = standRules(stand, dir);
  rules.nomenclature = { debounce_ms: 0 };
  proxy = await startProxy(rules, { dir });
});
after(async () => { await proxy?.stop(); await stand.stop(); });

async function call(method, target, body, headers = {}) {
  const res = await fetch(proxy.url.http + target, {
    method, headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, body: json, headers: res.headers };
}
const newCart = (extra = {}) => call('POST', `${api}/carts`, { script_id: 5120, field_id: '7107', context: { lead_id: '31337' }, ...extra });
const addLine = (cart, line) => call('POST', `${api}/carts/${cart}/lines`, line);
async function paramsOf(item) {
  return (await call('GET', `${api}/nomenclature/${item}/parameters`)).body.parameters;
}
async function valuesOf(item, pid) {
  return (await call('GET', `${api}/nomenclature/${item}/parameters/${pid}/values`)).body.values;
}
const search = (q) => call('GET', `${api}/nomenclature?q=${encodeURIComponent(q)}`);

test('a new cart is empty, has an unguessable id, and keeps only allowed context', async () => {
  const r = await newCart({ context: { lead_id: 31337, evil: '<script>', deal: { x: 1 } } });
  assert.equal(r.status, 201);
  assert.match(r.body.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(r.body, { id: r.body.id, script_id: '5120', field_id: '7107', lines: [] });
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const again = await newCart();
  assert.notEqual(again.body.id, r.body.id);
  const read = await call('GET', `${api}/carts/${r.body.id}`);
  assert.deepEqual(read.body, r.body);
});

test('bad input: unknown cart 404, bad ids or JSON 400, oversized body 413', async () => {
  const unknown = await call('GET', `${api}/carts/00000000-0000-4000-8000-000000000000`);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'cart_not_found');
  assert.match(unknown.body.error.message, /Корзина не найдена/);
  assert.equal((await call('GET', `${api}/carts/not-a-uuid`)).status, 404);
  assert.equal((await addLine('00000000-0000-4000-8000-000000000000', { item_id: CABLE })).status, 404);
  for (const body of ['{', '[]', 'null', JSON.stringify({ script_id: '../x', field_id: 1 }),
                      JSON.stringify({ script_id: 1 }), JSON.stringify({ script_id: 'a b', field_id: '1' })]) {
    const r = await call('POST', `${api}/carts`, body);
    assert.equal(r.status, 400, body);
    assert.ok(['bad_body', 'bad_ids'].includes(r.body.error.code));
  }
  const big = await call('POST', `${api}/carts`, JSON.stringify({ script_id: 1, field_id: 2, context: { pad: 'x'.repeat(20000) } }));
  assert.equal(big.status, 413);
});

test('a line takes its names from 1C; the same choice again adds to its quantity', async () => {
  const cart = (await newCart()).body.id;
  const notSeen = await addLine(cart, { item_id: CABLE, quantity: 1 });
  assert.equal(notSeen.status, 409);
  assert.equal(notSeen.body.error.code, 'item_unknown');
  await search('кабель ввгнг');
  const params = await paramsOf(CABLE);
  const colour = params.find((p) => p.name === 'Цвет');
  const white = (await valuesOf(CABLE, colour.id)).find((v) => v.name === 'Белый');
  const r = await addLine(cart, { item_id: CABLE, parameter_id: colour.id, value_id: white.id, quantity: 2, name: 'подделка' });
  assert.equal(r.status, 201);
  assert.equal(r.body.lines.length, 1);
  const line = r.body.lines[0];
  assert.deepEqual(line.item, { id: CABLE, name: 'Кабель ВВГнг(А)-LS 3х2,5', code: '00-00012345', unit: 'м' });
  assert.deepEqual(line.parameter, colour);
  assert.deepEqual(line.value, white);
  assert.equal(line.quantity, 2);
  const merged = await addLine(cart, { item_id: CABLE, parameter_id: colour.id, value_id: white.id, quantity: '0,5' });
  assert.equal(merged.body.lines.length, 1);
  assert.equal(merged.body.lines[0].quantity, 2.5);
});

test('parameters and values are checked against 1C', async () => {
  const cart = (await newCart()).body.id;
  await search('кабель ввгнг');
  const colour = (await paramsOf(CABLE)).find((p) => p.name === 'Цвет');
  const expect = async (line, code) => {
    const r = await addLine(cart, line);
    assert.equal(r.status, 400, JSON.stringify(line));
    assert.equal(r.body.error.code, code);
    assert.ok(r.body.error.message.length > 0);
  };
  await expect({ item_id: CABLE }, 'parameter_required');
  await expect({ item_id: CABLE, parameter_id: 'nope' }, 'parameter_unknown');
  await expect({ item_id: CABLE, parameter_id: colour.id }, 'value_required');
  await expect({ item_id: CABLE, parameter_id: colour.id, value_id: 'nope' }, 'value_unknown');
  await expect({ item_id: CABLE, parameter_id: "x' or 1=1" }, 'bad_body');

  await search('клеммник wago');
  await expect({ item_id: WAGO, parameter_id: colour.id }, 'parameter_not_allowed');
  const wago = await addLine(cart, { item_id: WAGO, quantity: 10 });
  assert.equal(wago.status, 201);
  assert.deepEqual(wago.body.lines[0].parameter, null);
  assert.deepEqual(wago.body.lines[0].value, null);

  await search('щит распределительный');
  const modification = (await paramsOf(SHIELD))[0];
  assert.deepEqual(await valuesOf(SHIELD, modification.id), []);
  await expect({ item_id: SHIELD, parameter_id: modification.id, value_id: 'x' }, 'value_not_allowed');
  const shield = await addLine(cart, { item_id: SHIELD, parameter_id: modification.id });
  assert.equal(shield.status, 201);
  assert.equal(shield.body.lines[1].parameter.name, 'Модификация (не заполнено)');
  assert.equal(shield.body.lines[1].value, null);
});

test('quantities: positive, at most three decimals, up to a million; change and remove lines', async () => {
  const cart = (await newCart()).body.id;
  await search('клеммник wago');
  for (const q of [0, -1, '-1', 'abc', '', 1e7, 2.0001, '1,2,3', '1e3', null, true, [1], 'NaN']) {
    const r = await addLine(cart, { item_id: WAGO, quantity: q });
    assert.equal(r.status, 400, `quantity ${JSON.stringify(q)}`);
    assert.equal(r.body.error.code, 'bad_quantity');
  }
  const added = await addLine(cart, { item_id: WAGO, quantity: '2,5' });
  const line = added.body.lines[0].id;
  assert.equal(added.body.lines[0].quantity, 2.5);
  const changed = await call('PUT', `${api}/carts/${cart}/lines/${line}`, { quantity: 1000000 });
  assert.equal(changed.status, 200);
  assert.equal(changed.body.lines[0].quantity, 1000000);
  assert.equal((await call('PUT', `${api}/carts/${cart}/lines/${line}`, { quantity: 0 })).status, 400);
  assert.equal((await call('PUT', `${api}/carts/${cart}/lines/${line}`, {})).status, 400);
  const missing = await call('PUT', `${api}/carts/${cart}/lines/00000000-0000-4000-8000-000000000000`, { quantity: 1 });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'line_not_found');
  const removed = await call('DELETE', `${api}/carts/${cart}/lines/${line}`);
  assert.equal(removed.status, 200);
  assert.deepEqual(removed.body.lines, []);
  assert.equal((await call('DELETE', `${api}/carts/${cart}/lines/${line}`)).status, 404);
});

test('carts survive a restart and a SIGKILL right after the answer', async () => {
  const cart = (await newCart()).body.id;
  await search('клеммник wago');
  await addLine(cart, { item_id: WAGO, quantity: 3 });
  await proxy.stop();
  proxy = await startProxy(rules, { dir });
  let read = await call('GET', `${api}/carts/${cart}`);
  assert.equal(read.status, 200);
  assert.equal(read.body.lines[0].quantity, 3);

  // Items are remembered in memory only: a restarted proxy asks for a fresh search first.
  assert.equal((await addLine(cart, { item_id: WAGO })).status, 409);
  await search('клеммник wago');
  const added = await addLine(cart, { item_id: WAGO, quantity: 4 });
  assert.equal(added.status, 201);
  await stopProcess(proxy.proc, 'SIGKILL');
  proxy = await startProxy(rules, { dir });
  read = await call('GET', `${api}/carts/${cart}`);
  assert.equal(read.body.lines[0].quantity, 7);
});

test('a malformed chunked body to the cart API gets a 400, not a silent close', async () => {
  const { port } = new URL(proxy.url.http);
  const answer = await new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write('POST /_hs1c/api/v1/carts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
                   'Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n');
    });
    let data = '';
    socket.on('data', (d) => { data += d; });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    socket.setTimeout(5000, () => { socket.destroy(); resolve(data); });
  });
  assert.match(answer, /^HTTP\/1\.1 400 /);
});
