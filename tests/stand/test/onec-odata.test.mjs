// 1C emulator, profile `odata` (DESIGN §4.2): Catalog_Номенклатура with $format/$top/$select/$filter,
// OData string literals, Atom XML without $format, additional properties and their values, errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStand } from '../../lib/harness.mjs';

const base = '/trade/odata/standard.odata/';
const auth = 'Basic ' + Buffer.from('Интеграция:hs1c-demo', 'utf8').toString('base64');
const CABLE = '4f1d2c1e-9a51-11ee-8c90-0242ac120002';
const fixed = (n) => `0c0f0000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

let stand;
let url;
before(async () => { stand = await startStand({ emulators: ['onec'] }); url = stand.url.onec; });
after(async () => { await stand.stop(); });

// resource: decoded path below the base (percent-encoded here as UTF-8); options: raw values encoded.
async function odata(resource, options = {}, headers = { authorization: auth }) {
  const query = Object.entries(options).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const res = await fetch(`${url}${base}${encodeURIComponent(resource).replace(/%2F/g, '/')}${query ? '?' + query : ''}`, { headers });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, type: res.headers.get('content-type'), text, json, headers: res.headers };
}

const live = ' and DeletionMark eq false and IsFolder eq false';
const search = (filter, extra = {}) => odata('Catalog_Номенклатура',
  { $format: 'json', $select: 'Ref_Key,Description,Code', $filter: filter, ...extra });

test('search with like() and substringof(), $select and $top, as DESIGN §4.2', async () => {
  const r = await search(`like(Description,'%ввгнг(а)-ls 3х2,5%')${live}`, { $top: '3' });
  assert.equal(r.status, 200);
  assert.equal(r.type, 'application/json; charset=utf-8');
  assert.equal(r.json['odata.metadata'], `${url}${base}$metadata#Catalog_Номенклатура`);
  assert.equal(r.json.value.length, 3);
  assert.deepEqual(r.json.value[0], { Ref_Key: CABLE, Description: 'Кабель ВВГнг(А)-LS 3х2,5', Code: '00-00012345' });
  for (const row of r.json.value) assert.deepEqual(Object.keys(row), ['Ref_Key', 'Description', 'Code']);

  const s = await search(`substringof('СЧЁТЧИК',Description)${live}`);
  assert.deepEqual(s.json.value.map((v) => v.Ref_Key), [fixed(10)]);
  const l = await search(`like(Description,'Счетчик%')${live}`);
  assert.deepEqual(l.json.value.map((v) => v.Ref_Key), [fixed(11)]);
});

test('string literals: an apostrophe is found through a doubled quote; a lone one is a parse error', async () => {
  const like = await search(`like(Description,'%д''анжу%')${live}`);
  assert.deepEqual(like.json.value, [{ Ref_Key: fixed(9), Description: "Эмаль д'Анжу белая 0,9 кг", Code: '00-00012353' }]);
  const sub = await search(`substringof('Д''АНЖУ',Description)${live}`);
  assert.deepEqual(sub.json.value.map((v) => v.Ref_Key), [fixed(9)]);

  const broken = await search(`like(Description,'%д'анжу%')${live}`);
  assert.equal(broken.status, 400);
  assert.deepEqual(broken.json, { 'odata.error': { code: '14', message: { lang: 'ru', value: 'Ошибка при разборе опции запроса $filter' } } });
});

test('anything else in $filter, $top or $select is an odata.error with 400', async () => {
  for (const filter of [
    "Description eq 'x'", "startswith(Description,'каб')", "like(Code,'%1%')", 'DeletionMark eq 0',
    `like(Description,'%каб%') or IsFolder eq false`, `like(Description,'%каб%')${live} and`,
  ]) {
    const r = await search(filter);
    assert.equal(r.status, 400, filter);
    assert.equal(r.json['odata.error'].code, '14');
  }
  assert.equal((await search(`like(Description,'%каб%')`, { $top: 'ten' })).status, 400);
  assert.equal((await search(`like(Description,'%каб%')`, { $select: 'Ref_Key,Цена' })).status, 400);
  assert.equal((await search(`like(Description,'%каб%')`, { $orderby: 'Description' })).status, 400);
});

test('without the DeletionMark and IsFolder terms, deleted items and folders come back, as in real 1C', async () => {
  const deleted = await search(`substringof('не использовать',Description)`, { $select: 'Ref_Key,DeletionMark,IsFolder' });
  assert.deepEqual(deleted.json.value, [
    { Ref_Key: deleted.json.value[0].Ref_Key, DeletionMark: true, IsFolder: true },
    { Ref_Key: fixed(19), DeletionMark: true, IsFolder: false },
  ]);
  const archived = await search(`like(Description,'Кабель АПВ 4%')`, { $select: 'Ref_Key,DeletionMark' });
  assert.deepEqual(archived.json.value, [{ Ref_Key: fixed(20), DeletionMark: true }]);
  const live2 = await search(`like(Description,'Кабель АПВ 4%')${live}`);
  assert.deepEqual(live2.json.value, []);
});

test('without $format the answer is Atom XML, with markup escaped', async () => {
  const r = await odata('Catalog_Номенклатура', { $filter: `substringof('<script>',Description)${live}` });
  assert.equal(r.status, 200);
  assert.equal(r.type, 'application/atom+xml; charset=utf-8');
  assert.ok(r.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
  assert.match(r.text, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  assert.equal(r.text.split('<entry>').length - 1, 1);
  assert.ok(r.text.includes('<d:Description>Кабель-канал 25х16 &lt;script&gt;alert(1)&lt;/script&gt;</d:Description>'));
  assert.ok(r.text.includes(`<d:Ref_Key>${fixed(5)}</d:Ref_Key>`));
  assert.ok(!r.text.includes('<script>'));
});

test('parameters: ДополнительныеРеквизиты rows, names from the chart of characteristic types, values by Owner_Key', async () => {
  const rows = await odata(`Catalog_Номенклатура(guid'${CABLE}')/ДополнительныеРеквизиты`, { $format: 'json' });
  assert.equal(rows.status, 200);
  assert.equal(rows.json['odata.metadata'], `${url}${base}$metadata#Catalog_Номенклатура_ДополнительныеРеквизиты`);
  assert.equal(rows.json.value.length, 2);
  assert.deepEqual(rows.json.value.map((r) => [r.Ref_Key, r.LineNumber]), [[CABLE, '1'], [CABLE, '2']]);

  const hs = await (await fetch(`${url}/trade/hs/hyperscript/v1/nomenclature/${CABLE}/parameters`, { headers: { authorization: auth } })).json();
  assert.deepEqual(rows.json.value.map((r) => r['Свойство_Key']), hs.parameters.map((p) => p.id));

  const names = await odata('ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения', { $format: 'json', $select: 'Ref_Key,Description' });
  const byId = Object.fromEntries(names.json.value.map((p) => [p.Ref_Key, p.Description]));
  assert.deepEqual(rows.json.value.map((r) => byId[r['Свойство_Key']]), ['Длина бухты', 'Цвет']);
  const one = await odata(`ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения(guid'${hs.parameters[1].id}')`, { $format: 'json' });
  assert.equal(one.json.Description, 'Цвет');

  const values = await odata('Catalog_ЗначенияСвойствОбъектов', {
    $format: 'json', $select: 'Ref_Key,Description', $filter: `Owner_Key eq guid'${hs.parameters[0].id}'`,
  });
  assert.deepEqual(values.json.value.map((v) => v.Description), ['Отрез (кратно 1 м)', '50 м', '100 м', '200 м', '500 м']);
  const badGuid = await odata('Catalog_ЗначенияСвойствОбъектов', { $format: 'json', $filter: "Owner_Key eq guid'x'" });
  assert.equal(badGuid.status, 400);

  const none = await odata(`Catalog_Номенклатура(guid'${fixed(16)}')/ДополнительныеРеквизиты`, { $format: 'json' });
  assert.deepEqual(none.json.value, []);
});

test('unknown entity sets and keys answer 404 odata.error; auth is required', async () => {
  const set = await odata('Catalog_Контрагенты', { $format: 'json' });
  assert.equal(set.status, 404);
  assert.equal(set.json['odata.error'].code, '9');
  const key = await odata("Catalog_Номенклатура(guid'00000000-0000-0000-0000-000000000000')", { $format: 'json' });
  assert.equal(key.status, 404);
  const item = await odata(`Catalog_Номенклатура(guid'${CABLE}')`, { $format: 'json', $select: 'Description' });
  assert.equal(item.json.Description, 'Кабель ВВГнг(А)-LS 3х2,5');

  const anon = await odata('Catalog_Номенклатура', { $format: 'json' }, {});
  assert.equal(anon.status, 401);
  assert.equal(anon.headers.get('www-authenticate'), 'Basic realm="1C"');
});
