// The nomenclature API through the real proxy against the 1C stand's standard OData interface
// (profile `odata`, DESIGN §4.2): search by like(), literals with quotes, like-wildcards in the
// operator's text, parameters joined to their names, values, and OData errors with 1C's message.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStand, control } from '../lib/harness.mjs';
import { startProxy, standRules, onecSection } from '../lib/system.mjs';

const CABLE = '4f1d2c1e-9a51-11ee-8c90-0242ac120002';
const api = '/_hs1c/api/v1/nomenclature';

let stand;
let onec;
let proxy;

before(async () => {
  stand = await startStand({ emulators: ['onec'] });
  onec = stand.url.onec;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-odata-'));
  const rules = standRules({ url: { hyperscript: 'http://127.0.0.1:9', onec, amocrm: 'http://127.0.0.1:9' } }, dir);
  rules.onec = onecSection('odata');
  rules.nomenclature = { debounce_ms: 0, cache: { search_ttl_ms: 0, parameters_ttl_ms: 0, values_ttl_ms: 0, negative_ttl_ms: 0, revalidate_ms: 0 } };
  proxy = await startProxy(rules, { dir });
});
after(async () => { await proxy?.stop(); await stand.stop(); });
beforeEach(async () => { await control(onec, 'reset', {}); });

async function get(target) {
  const res = await fetch(proxy.url.http + target);
  return { status: res.status, body: await res.json() };
}
const search = (q) => get(`${api}?q=${encodeURIComponent(q)}`);
async function odataCalls() {
  const res = await fetch(`${onec}/_stand/requests`);
  return ((await res.json()).requests ?? []).filter((r) => r.path.includes('/odata/'));
}

test('search maps Ref_Key, Description, Code and the unit; more from one extra row', async () => {
  const r = await search('кабель ввг');
  assert.equal(r.status, 200);
  const cable = r.body.items.find((i) => i.id === CABLE);
  assert.deepEqual(cable, { id: CABLE, name: 'Кабель ВВГнг(А)-LS 3х2,5', code: '00-00012345', unit: 'м' });
  const many = await search('кабель');
  assert.equal(many.body.items.length, 20);
  assert.equal(many.body.more, true);
  const calls = await odataCalls();
  assert.ok(calls.every((c) => c.query.includes('%24format=json') || c.query.includes('$format=json')));
  assert.ok(calls.some((c) => decodeURIComponent(c.query).includes('$top=21')));
});

test('quotes are doubled inside the OData literal; no injection into $filter', async () => {
  const r = await search("д'Анжу");
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((i) => i.name), ["Эмаль д'Анжу белая 0,9 кг"]);
  const inj = await search("x') or true or substringof('a");
  assert.equal(inj.status, 200);
  assert.deepEqual(inj.body.items, []);
  const filters = (await odataCalls()).map((c) => new URLSearchParams(c.query).get('$filter'));
  assert.ok(filters.includes("like(Description,'%д''Анжу%') and DeletionMark eq false and IsFolder eq false"));
});

test('% and _ typed by the operator are matched literally, not as like() wildcards', async () => {
  const r = await search('3х2_5');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items, []);
  const pct = await search('кабель%_');
  assert.deepEqual(pct.body.items, []);
  const plain = await search('3х2,5');
  assert.ok(plain.body.items.length > 0);
});

test('parameters carry names from the chart of characteristic types; values by owner', async () => {
  const p = await get(`${api}/${CABLE}/parameters`);
  assert.equal(p.status, 200);
  assert.deepEqual(p.body.parameters.map((x) => x.name).sort(), ['Длина бухты', 'Цвет']);
  const colour = p.body.parameters.find((x) => x.name === 'Цвет');
  const v = await get(`${api}/${CABLE}/parameters/${colour.id}/values`);
  assert.equal(v.status, 200);
  assert.ok(v.body.values.some((x) => x.name === 'Белый'));
  assert.ok(v.body.values.some((x) => x.name === 'Чёрный'));
});

test('an unknown item is 404; an OData error names 1C\'s message', async () => {
  const r = await get(`${api}/4f1d2c1e-0000-0000-0000-000000000000/parameters`);
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'not_found');
  await control(onec, 'quirks', { bom: true, charset: 'none' });
  const bom = await search('ёрш');
  assert.deepEqual(bom.body.items.map((i) => i.name), ['ЁРШ для чистки труб 32 мм']);
});
