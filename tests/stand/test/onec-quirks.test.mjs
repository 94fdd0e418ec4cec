// 1C emulator quirks (DESIGN §4.3), each on and off: BOM, charset, NBSP numbers, latency, cold start,
// error bodies, licence cap on concurrent requests, down; plus state counters and reset.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startStand, control } from '../../lib/harness.mjs';

const hs = '/trade/hs/hyperscript/v1';
const odataSearch = '/trade/odata/standard.odata/' + encodeURIComponent('Catalog_Номенклатура') +
  '?$format=json&$top=1&$filter=' + encodeURIComponent("substringof('кабель',Description)");
const auth = 'Basic ' + Buffer.from('Интеграция:hs1c-demo', 'utf8').toString('base64');
const CABLE = '4f1d2c1e-9a51-11ee-8c90-0242ac120002';
const searchPath = `${hs}/nomenclature?q=${encodeURIComponent('кабель')}&limit=1`;

let stand;
let url;
before(async () => { stand = await startStand({ emulators: ['onec'] }); url = stand.url.onec; });
after(async () => { await stand.stop(); });
beforeEach(async () => { await control(url, 'reset', {}); });

async function raw(p, init = {}) {
  const started = performance.now();
  const res = await fetch(url + p, { ...init, headers: { authorization: auth, ...(init.headers ?? {}) } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), bytes, text: bytes.toString('utf8'), ms: performance.now() - started };
}

test('bom: a UTF-8 BOM before JSON and XML bodies when on, none when off', async () => {
  const off = await raw(searchPath);
  assert.equal(off.bytes[0], 0x7b);
  await control(url, 'quirks', { bom: true });
  const on = await raw(searchPath);
  assert.deepEqual([...on.bytes.subarray(0, 4)], [0xef, 0xbb, 0xbf, 0x7b]);
  assert.equal(JSON.parse(on.bytes.subarray(3).toString('utf8')).items.length, 1);
  const xml = await raw(odataSearch.replace('$format=json&', ''));
  assert.deepEqual([...xml.bytes.subarray(0, 5)], [0xef, 0xbb, 0xbf, 0x3c, 0x3f]);
});

test('charset: the header says utf-8, nothing, or windows-1251; the bytes stay UTF-8', async () => {
  assert.equal((await raw(searchPath)).type, 'application/json; charset=utf-8');
  await control(url, 'quirks', { charset: 'none' });
  assert.equal((await raw(searchPath)).type, 'application/json');
  await control(url, 'quirks', { charset: 'windows-1251' });
  const r = await raw(searchPath);
  assert.equal(r.type, 'application/json; charset=windows-1251');
  assert.equal(JSON.parse(r.text).items[0].name, 'Кабель ВВГнг(А)-LS 3х2,5');
  assert.equal((await raw(odataSearch)).type, 'application/json; charset=windows-1251');
});

test('nbsp_numbers: get order numbers become 1C-formatted strings; off they are JSON numbers', async () => {
  const created = await (await fetch(url + hs + '/orders', {
    method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ external_id: 'nbsp-1', items: [{ nomenclature_id: CABLE, quantity: 2 }] }),
  })).json();
  const plain = JSON.parse((await raw(`${hs}/orders/${created.id}`)).text);
  assert.deepEqual([plain.items[0].quantity, plain.items[0].price, plain.items[0].sum, plain.total], [2, 1234.5, 2469, 2469]);
  await control(url, 'quirks', { nbsp_numbers: true });
  const nbsp = JSON.parse((await raw(`${hs}/orders/${created.id}`)).text);
  assert.deepEqual([nbsp.items[0].quantity, nbsp.items[0].price, nbsp.items[0].sum, nbsp.total],
    ['2', '1\u00a0234,50', '2\u00a0469,00', '2\u00a0469,00']);
});

test('latency_ms: every call is slowed by it; off it is fast', async () => {
  await control(url, 'quirks', { latency_ms: 400 });
  assert.ok((await raw(searchPath)).ms >= 400);
  assert.ok((await raw(odataSearch)).ms >= 400);
  await control(url, 'quirks', { latency_ms: 0 });
  assert.ok((await raw(searchPath)).ms < 350);
});

test('cold_start_ms + idle_s: the first call after idle_s of silence pays the session start', async () => {
  await control(url, 'quirks', { cold_start_ms: 500, idle_s: 3600 });
  const first = await raw(searchPath);
  assert.equal(first.status, 200);
  assert.ok(first.ms >= 500, `cold call took ${first.ms} ms`);
  assert.ok((await raw(searchPath)).ms < 450, 'a warm call is fast');
  // idle_s 0: every call comes after "enough" silence, so each one is cold.
  await control(url, 'quirks', { idle_s: 0 });
  assert.ok((await raw(searchPath)).ms >= 500);
  assert.ok((await raw(searchPath)).ms >= 500);
  await control(url, 'quirks', { cold_start_ms: 0 });
  assert.ok((await raw(searchPath)).ms < 450);
});

test('error: 500_text, 200_error, 406_xml and licence bodies on both profiles; none serves normally', async () => {
  const expectations = {
    '500_text': [500, 'text/plain; charset=utf-8', '{ОбщийМодуль.ИнтеграцияHyperScript.Модуль(42)}: Ошибка при вызове метода контекста (Выполнить): Поле объекта не обнаружено (Артикул)'],
    '200_error': [200, 'application/json; charset=utf-8', JSON.stringify({ success: false, error: 'Ошибка при выполнении запроса: Таблица не найдена "РегистрСведений.Цены"' })],
    '406_xml': [406, 'application/xml; charset=utf-8', null],
    licence: [500, 'text/plain; charset=utf-8', null],
  };
  for (const [mode, [status, type, body]] of Object.entries(expectations)) {
    await control(url, 'quirks', { error: mode });
    for (const p of [searchPath, odataSearch]) {
      const r = await raw(p);
      assert.equal(r.status, status, `${mode} ${p}`);
      assert.equal(r.type, type);
      if (body !== null) assert.equal(r.text, body);
    }
  }
  await control(url, 'quirks', { error: '406_xml' });
  const xml = (await raw(searchPath)).text;
  assert.match(xml, /<exception [^>]*reason="406"><descr [^>]*>Истекло время ожидания сеанса<\/descr><\/exception>$/);
  await control(url, 'quirks', { error: 'licence' });
  assert.match((await raw(searchPath)).text, /^Не обнаружена свободная лицензия!/);
  await control(url, 'quirks', { error: 'none' });
  const ok = await raw(searchPath);
  assert.equal(ok.status, 200);
  assert.equal(JSON.parse(ok.text).items.length, 1);
});

test('max_concurrent: requests beyond the cap get the licence error; in-flight counters track them', async () => {
  await control(url, 'quirks', { max_concurrent: 2, latency_ms: 500 });
  const results = await Promise.all([1, 2, 3, 4].map(() => raw(searchPath)));
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 500, 500]);
  for (const r of results.filter((x) => x.status === 500)) assert.match(r.text, /^Не обнаружена свободная лицензия!/);
  let state = await control(url, 'state');
  // Refusals return at once, so the peak depends on arrival order; the held sessions are exact.
  assert.equal(state.in_flight, 0);
  assert.equal(state.requests.licence_refused, 2);
  assert.equal(state.requests.search, 2);

  await control(url, 'reset', {});
  await control(url, 'quirks', { latency_ms: 300 });
  const free = await Promise.all([1, 2, 3, 4].map(() => raw(searchPath)));
  assert.deepEqual(free.map((r) => r.status), [200, 200, 200, 200]);
  state = await control(url, 'state');
  assert.equal(state.max_in_flight, 4);
  assert.equal(state.requests.search, 4);
});

test('down: connections are reset while on; control calls still answer; off serves again', async () => {
  await control(url, 'quirks', { down: true });
  await assert.rejects(fetch(url + searchPath, { headers: { authorization: auth } }));
  assert.equal((await control(url, 'quirks')).down, true);
  await control(url, 'quirks', { down: false });
  assert.equal((await raw(searchPath)).status, 200);
});

test('quirks: unknown names and bad values are refused and change nothing; reset restores defaults', async () => {
  for (const bad of [{ nope: 1 }, { bom: 'yes' }, { charset: 'koi8-r' }, { error: 'boom' }, { latency_ms: -1 }, { bom: true, idle_s: 'x' }]) {
    const res = await fetch(`${url}/_stand/quirks`, { method: 'POST', body: JSON.stringify(bad) });
    assert.equal(res.status, 400, JSON.stringify(bad));
  }
  const q = await control(url, 'quirks');
  assert.deepEqual(q, {
    bom: false, charset: 'utf-8', nbsp_numbers: false, latency_ms: 0, cold_start_ms: 0, idle_s: 0, error: 'none',
    max_concurrent: 0, down: false, status_user: '1c-status', status_password: 'hs1c-demo-status',
    status_auth_crlf: false, status_ca_file: '',
  });
  await control(url, 'quirks', { bom: true, error: '500_text' });
  await control(url, 'reset', {});
  assert.equal((await control(url, 'quirks')).bom, false);
  assert.equal((await control(url, 'quirks')).error, 'none');
});

test('state counts requests per call kind and the journal records them', async () => {
  await raw(searchPath);
  await raw(`${hs}/nomenclature/${CABLE}/parameters`);
  await raw(odataSearch);
  await fetch(url + searchPath);
  const state = await control(url, 'state');
  assert.deepEqual(state.requests, { search: 1, parameters: 1, odata_search: 1, unauthorized: 1 });
  const journal = await control(url, 'requests');
  assert.equal(journal.requests.length, 4);
});
