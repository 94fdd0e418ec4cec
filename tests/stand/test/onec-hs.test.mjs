// 1C emulator, profile `hs` (DESIGN §4.1): auth, search semantics over the messy built-in catalogue,
// parameters, values, orders with idempotency, and the --catalog file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startStand, control, sourceDir } from '../../lib/harness.mjs';

const base = '/trade/hs/hyperscript/v1';
const auth = 'Basic ' + Buffer.from('Интеграция:hs1c-demo', 'utf8').toString('base64');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const CABLE = '4f1d2c1e-9a51-11ee-8c90-0242ac120002';  // Кабель ВВГнг(А)-LS 3х2,5, price 1234.50
const fixed = (n) => `0c0f0000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

let stand;
let url;
before(async () => { stand = await startStand({ emulators: ['onec'] }); url = stand.url.onec; });
after(async () => { await stand.stop(); });

async function get(p, headers = { authorization: auth }) {
  const res = await fetch(url + base + p, { headers });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

async function post(p, body) {
  const res = await fetch(url + base + p, {
    method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: JSON.parse(await res.text()) };
}

const search = async (q, extra = '') => get(`/nomenclature?q=${encodeURIComponent(q)}${extra}`);
const ids = (r) => r.json.items.map((i) => i.id);

test('Basic auth: Cyrillic login as UTF-8 bytes; wrong or missing credentials answer 401 with the realm', async () => {
  const ok = await search('кабель');
  assert.equal(ok.status, 200);
  for (const headers of [
    {},
    { authorization: 'Basic ' + Buffer.from('Интеграция:wrong').toString('base64') },
    // the same login in Windows-1251 bytes, as a misconfigured client would send it
    { authorization: 'Basic ' + Buffer.concat([Buffer.from([0xc8, 0xed, 0xf2, 0xe5, 0xe3, 0xf0, 0xe0, 0xf6, 0xe8, 0xff]), Buffer.from(':hs1c-demo')]).toString('base64') },
    { authorization: 'Bearer hs1c-demo' },
  ]) {
    const r = await get('/nomenclature?q=abc', headers);
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('www-authenticate'), 'Basic realm="1C"');
  }
});

test('search: case-insensitive substring, limit and more, fixed items first', async () => {
  const r = await search('КАБЕЛЬ ВВГНГ(А)-ls 3Х2,5', '&limit=100');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items[0], { id: CABLE, name: 'Кабель ВВГнг(А)-LS 3х2,5', code: '00-00012345', unit: 'м' });
  assert.ok(!ids(r).includes(fixed(19)), 'the deleted duplicate is never found');

  const five = await search('кабель', '&limit=5');
  assert.equal(five.json.items.length, 5);
  assert.equal(five.json.more, true);
  for (const item of five.json.items) assert.match(item.name.toLowerCase(), /кабель/);

  const dflt = await search('кабель');
  assert.equal(dflt.json.items.length, 20);
  const capped = await search('кабель', '&limit=500');
  assert.equal(capped.json.items.length, 100);
  assert.equal(capped.json.more, true);

  const one = await search('Меркурий 201.5');
  assert.deepEqual(ids(one), [fixed(10)]);
  assert.equal(one.json.more, false);
});

test('search: ё/Ё fold to ё only, NBSP, double spaces, Latin look-alikes, duplicates, markup', async () => {
  assert.deepEqual(ids(await search('СЧЁТЧИК')), [fixed(10)]);
  assert.deepEqual(ids(await search('счетчик')), [fixed(11)]);
  assert.deepEqual(ids(await search('ёрш для')), [fixed(12)]);
  assert.deepEqual(ids(await search('кабель\u00a0ввгнг')), ['4f1d2c1f-9a51-11ee-8c90-0242ac120002']);
  assert.deepEqual(ids(await search('кабель  пвс')), [fixed(3)]);
  assert.deepEqual(ids(await search('Кaбель ВВГ 3x')), [fixed(4)]);  // Latin a and x
  assert.deepEqual(ids(await search('Лента изоляционная ПВХ 19мм')), [fixed(13), fixed(14)]);
  const script = await search('<script>');
  assert.deepEqual(script.json.items.map((i) => i.name), ['Кабель-канал 25х16 <script>alert(1)</script>']);
  assert.deepEqual(ids(await search("д'анжу")), [fixed(9)]);
  assert.deepEqual((await search('«Пилот»')).json.items.map((i) => i.name), ['Удлинитель «Пилот» 5 розеток 3 м']);
  assert.deepEqual((await search('"Этюд"')).json.items.map((i) => i.id), [fixed(7)]);
  assert.deepEqual((await search('R&D')).json.items.map((i) => i.id), [fixed(8)]);
});

test('search: never deleted items, items inside deleted groups, or groups', async () => {
  for (const q of ['не использовать', 'Кабель АПВ 4', 'ПВ-1 1,5 старый', 'Архив', 'Кабель и провод']) {
    const r = await search(q, '&limit=100');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { items: [], more: false }, q);
  }
});

test('search: bad parameters answer 400 with a 1C-style error', async () => {
  for (const p of ['/nomenclature', '/nomenclature?q=', '/nomenclature?q=abc&limit=x', '/nomenclature?q=abc&limit=0']) {
    const r = await get(p);
    assert.equal(r.status, 400, p);
    assert.equal(r.json.success, false);
    assert.equal(typeof r.json.error, 'string');
  }
});

test('parameters and values: only the item\'s own, possibly empty', async () => {
  const params = await get(`/nomenclature/${CABLE}/parameters`);
  assert.deepEqual(params.json.parameters.map((p) => p.name), ['Длина бухты', 'Цвет']);
  const [coil, color] = params.json.parameters;
  assert.match(coil.id, GUID);
  const colors = await get(`/nomenclature/${CABLE}/parameters/${color.id}/values`);
  assert.deepEqual(colors.json.values.map((v) => v.name), ['Белый', 'Чёрный']);
  const coils = await get(`/nomenclature/${CABLE}/parameters/${coil.id}/values`);
  assert.deepEqual(coils.json.values.map((v) => v.name), ['Отрез (кратно 1 м)', '100 м', '200 м']);

  assert.deepEqual((await get(`/nomenclature/${fixed(16)}/parameters`)).json, { parameters: [] });
  const ncsItem = await get(`/nomenclature/${fixed(17)}/parameters`);
  const ncs = ncsItem.json.parameters.find((p) => p.name === 'Цвет по каталогу NCS');
  const ncsValues = await get(`/nomenclature/${fixed(17)}/parameters/${ncs.id}/values`);
  assert.equal(ncsValues.json.values.length, 300);
  const empty = await get(`/nomenclature/${fixed(18)}/parameters`);
  assert.deepEqual(empty.json.parameters.map((p) => p.name), ['Модификация (не заполнено)']);
  assert.deepEqual((await get(`/nomenclature/${fixed(18)}/parameters/${empty.json.parameters[0].id}/values`)).json, { values: [] });

  assert.equal((await get(`/nomenclature/${fixed(16)}/parameters/${color.id}/values`)).status, 404);
  const unknown = await get('/nomenclature/00000000-0000-0000-0000-000000000000/parameters');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.success, false);
});

test('orders: validation, idempotency by external_id, numbering, get with prices and sums', async () => {
  await control(url, 'reset', {});
  const params = (await get(`/nomenclature/${CABLE}/parameters`)).json.parameters;
  const color = params.find((p) => p.name === 'Цвет');
  const white = (await get(`/nomenclature/${CABLE}/parameters/${color.id}/values`)).json.values[0];
  const body = {
    external_id: '6f1a2b3c-0000-4000-8000-000000000001', amocrm_lead_id: 123, created_at: '2026-12-03T12:00:00',
    fields: [{ id: '7', name: 'Телефон', value: '+7 900 000-00-00' }],
    items: [
      { nomenclature_id: CABLE, name: 'x', parameter_id: color.id, parameter_name: 'Цвет', value_id: white.id, value_name: 'Белый', quantity: 2 },
      { nomenclature_id: fixed(16), name: 'Клеммник', quantity: 3 },
    ],
  };
  const first = await post('/orders', body);
  assert.equal(first.status, 200);
  assert.match(first.json.id, GUID);
  assert.equal(first.json.number, 'ЗК-000001');
  const again = await post('/orders', body);
  assert.deepEqual(again, first);

  const bad = [
    'not json',
    { ...body, external_id: '' },
    { ...body, external_id: 'e2', items: [] },
    { ...body, external_id: 'e3', items: [{ nomenclature_id: '00000000-0000-0000-0000-000000000000', quantity: 1 }] },
    { ...body, external_id: 'e4', items: [{ nomenclature_id: CABLE, quantity: 0 }] },
    { ...body, external_id: 'e5', items: [{ nomenclature_id: CABLE, parameter_id: color.id, value_id: params[0].id, quantity: 1 }] },
    { ...body, external_id: 'e6', items: [{ nomenclature_id: fixed(16), parameter_id: color.id, quantity: 1 }] },
  ];
  for (const b of bad) {
    const r = await post('/orders', b);
    assert.equal(r.status, 400, JSON.stringify(b));
    assert.equal(r.json.success, false);
  }
  const second = await post('/orders', { ...body, external_id: 'other' });
  assert.equal(second.json.number, 'ЗК-000002');
  const state = await control(url, 'state');
  assert.equal(state.orders.length, 2);
  assert.equal(state.orders[0].external_id, body.external_id);
  assert.equal(state.orders[0].request.amocrm_lead_id, 123);

  const order = await get(`/orders/${first.json.id}`);
  assert.equal(order.status, 200);
  assert.match(order.json.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.deepEqual({ ...order.json, date: 'd' }, {
    id: first.json.id, number: 'ЗК-000001', date: 'd', status: 'new',
    items: [
      { name: 'Кабель ВВГнг(А)-LS 3х2,5', parameter: 'Цвет', value: 'Белый', unit: 'м', quantity: 2, price: 1234.5, sum: 2469 },
      { name: 'Клеммник WAGO 221-413 (3 провода)', parameter: '', value: '', unit: 'шт', quantity: 3, price: 39, sum: 117 },
    ],
    total: 2586,
  });
  const missing = await get('/orders/00000000-0000-0000-0000-000000000000');
  assert.equal(missing.status, 404);
  assert.equal(missing.json.success, false);
  assert.equal((await get('/nowhere')).status, 404);
});

test('--catalog FILE: the sample catalogue is served instead of the generated one', async () => {
  const file = path.join(sourceDir, 'tests/fixtures/catalog-sample.json');
  const sample = JSON.parse(readFileSync(file, 'utf8'));
  const other = await startStand({ emulators: ['onec'], args: ['--catalog', file] });
  try {
    const expected = sample.items.filter((i) => !i.deleted && i.name.toLowerCase().includes('кабель')).map((i) => i.id);
    assert.ok(expected.length >= 5);
    const res = await fetch(`${other.url.onec}${base}/nomenclature?q=${encodeURIComponent('КАБЕЛЬ')}&limit=100`, { headers: { authorization: auth } });
    const body = await res.json();
    assert.deepEqual(body.items.map((i) => i.id), expected);
    assert.equal(body.more, false);
    const state = await control(other.url.onec, 'state');
    assert.equal(state.catalog.items, sample.items.length);
  } finally {
    await other.stop();
  }
});
