// The HyperScript emulator over HTTP: the page and its hooks, sessions and CSRF, the /ajax RPC
// methods of DESIGN §3, $.param parsing, pass logs in /_stand/state, reset and quirks.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startStand, control, sourceDir } from '../../lib/harness.mjs';

const fixtures = path.join(sourceDir, 'tests/fixtures/cases/hyperscript');
const fixtureToken = 'b1946ac92492d2347c6235b4d2611184';
const invalidCsrf = {
  status: 1,
  msg: 'Invalid csrf token',
  msg_ru: 'Сессия устарела: обновите страницу и повторите действие.',
};
const unknownType = { status: 1, msg: 'Unknown field type', msg_ru: 'Неизвестный тип поля.' };
const demoFieldIds = ['7101', '7102', '7104', '7105', '7106'];

let stand;
let base;

before(async () => {
  stand = await startStand({ emulators: ['hyperscript'] });
  base = stand.url.hyperscript;
});
after(() => stand?.stop());
beforeEach(() => control(base, 'reset', {}));

const session = () => control(base, 'session');

async function ajax(s, body, { cookie = s?.cookie } = {}) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' };
  if (cookie) headers.cookie = cookie;
  const res = await fetch(`${base}/ajax`, { method: 'POST', headers, body });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  return res.json();
}

// A form body in $.param's flat shape, csrf_token last as the front end sends it.
const form = (s, params) => new URLSearchParams({ ...params, csrf_token: s.csrf_token }).toString();

async function call(s, method, params = {}) {
  return ajax(s, form(s, { method, ...params }));
}

test('the page sets a session cookie, embeds its CSRF token and carries the DOM hooks', async () => {
  const res = await fetch(`${base}/?lead_id=31337`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
  const cookie = res.headers.get('set-cookie');
  assert.match(cookie, /^hs_session=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax$/);
  const html = await res.text();
  const token = html.match(/<meta name="csrf-token" content="([0-9a-f]{32})">/)[1];

  for (const hook of ['id="show_add_field"', 'id="tab_new_simple"', 'id="field_name"', 'id="field_type"',
    'class="js_view_box', 'class="js_outfields_box', 'talk_is_over">Разговор окончен<', 'window.appasyncadd',
    '<script src="/assets/app.js"></script>'])
    assert.ok(html.includes(hook), hook);
  const select = html.match(/<select id="field_type">([\s\S]*?)<\/select>/)[1];
  assert.deepEqual([...select.matchAll(/value="([a-z]+)"/g)].map((m) => m[1]),
    ['text', 'textarea', 'checkbox', 'number', 'date', 'datetime', 'multilist']);

  // A second visit keeps the session: no new cookie, the same token, and that token works.
  const sessionCookie = cookie.split(';')[0];
  const again = await fetch(`${base}/`, { headers: { cookie: sessionCookie } });
  assert.equal(again.headers.get('set-cookie'), null);
  assert.ok((await again.text()).includes(`content="${token}"`));
  const listed = await ajax({ cookie: sessionCookie },
    `method=scripts.list&csrf_token=${token}`);
  assert.equal(listed.status, 0);
});

test('the app script and stylesheet are served with the hooks the plugin relies on', async () => {
  const js = await fetch(`${base}/assets/app.js`);
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  const code = await js.text();
  for (const name of ["'constructor load done'", "'constructor step selected'", "'start script'",
    "'stop script'", 'window.appasyncadd', "'script.save_log'", "'script.add_field'"])
    assert.ok(code.includes(name), name);
  const css = await fetch(`${base}/assets/app.css`);
  assert.equal(css.status, 200);
  assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
  assert.equal((await fetch(`${base}/nowhere`)).status, 404);
});

test('RPC is refused without the session\'s own CSRF token', async () => {
  const s = await session();
  assert.match(s.cookie, /^hs_session=[0-9a-f]{32}$/);
  assert.match(s.csrf_token, /^[0-9a-f]{32}$/);
  const other = await session();
  assert.notEqual(other.csrf_token, s.csrf_token);

  assert.deepEqual(await call(s, 'scripts.list'), {
    status: 0,
    response: { scripts: [{ id: 5120, title: 'Продажа: входящий звонок', ver: 17, steps: 5, fields: 5 }] },
  });
  assert.deepEqual(await ajax(s, 'method=scripts.list&csrf_token=0123'), invalidCsrf);
  assert.deepEqual(await ajax(s, 'method=scripts.list'), invalidCsrf);
  assert.deepEqual(await ajax(s, `method=scripts.list&csrf_token=${other.csrf_token}`), invalidCsrf);
  assert.deepEqual(await ajax(null, `method=scripts.list&csrf_token=${s.csrf_token}`), invalidCsrf);
  assert.deepEqual(await ajax(s, `method=scripts.list&csrf_token=${s.csrf_token}&x=%zz`),
    { status: 1, msg: 'Malformed request body', msg_ru: 'Некорректный запрос.' });
  assert.deepEqual(await call(s, 'script.nope'), { status: 1, msg: 'Unknown method', msg_ru: 'Неизвестный метод.' });
});

test('the demo script loads with its steps and fields', async () => {
  const s = await session();
  const { status, response } = await call(s, 'scripts.load_without_external_scripts', { id: 5120 });
  assert.equal(status, 0);
  assert.equal(response.data.id, 5120);
  assert.equal(response.data.ver, 17);
  assert.equal(response.data.start, 88231);
  assert.deepEqual(response.data.steps.map((st) => st.id), [88231, 88232, 88233, 88234, 88235]);
  assert.deepEqual(response.data.steps[0].answers,
    [{ id: 60001, text: 'Клиент представился', target: 88232 }, { id: 60002, text: 'Не хочет разговаривать', target: 88235 }]);
  assert.ok(response.data.steps[0].text.endsWith('<hs class="js_field" data-id="7101">Имя клиента</hs>'));
  assert.deepEqual(Object.keys(response.fields), demoFieldIds);
  assert.deepEqual(response.fields['7105'], {
    id: 7105, name: 'Услуги', type: 'multilist', options: 'Доставка\nМонтаж & наладка\nВывоз упаковки',
    sys_name: '', position: 4, value: '',
  });
  assert.deepEqual(response.fields['7106'],
    { id: 7106, name: 'ID сделки', type: 'text', options: '', sys_name: 'lead_id', position: 5, value: '' });
  assert.deepEqual(await call(s, 'scripts.load_without_external_scripts', { id: 1 }),
    { status: 1, msg: 'Script not found', msg_ru: 'Скрипт не найден.' });
});

test('add_field refuses an unknown type and adds a known one that later loads return', async () => {
  const s = await session();
  const fixture = (await readFile(path.join(fixtures, 'add_field.form'), 'utf8')).trim()
    .replace(fixtureToken, s.csrf_token);
  assert.deepEqual(await ajax(s, fixture), unknownType);
  assert.equal((await control(base, 'state')).fields.length, 5);

  const added = await ajax(s, fixture.replace('type=nomenclature', 'type=textarea'));
  assert.deepEqual(added, {
    status: 0,
    response: { id: 7107, name: 'Товары из 1С', type: 'textarea', options: '', sys_name: '', position: 6 },
  });
  const loaded = await call(s, 'scripts.load_without_external_scripts', { id: 5120 });
  assert.deepEqual(loaded.response.fields['7107'],
    { id: 7107, name: 'Товары из 1С', type: 'textarea', options: '', sys_name: '', position: 6, value: '' });
  assert.equal(loaded.response.data.ver, 18);
  const listed = await call(s, 'script.get_script_fields', { id: 5120 });
  assert.deepEqual(Object.keys(listed.response.fields), [...demoFieldIds, '7107']);

  const stored = (await control(base, 'state')).fields.find((f) => f.id === 7107);
  assert.deepEqual(stored, {
    id: 7107, name: 'Товары из 1С', type: 'textarea', options: '', sys_name: '', position: 6,
    script_id: 5120, node_id: 88231, key: '', is_from_crm: false,
  });
});

test('add_field keeps options as sent and checks name and script', async () => {
  const s = await session();
  const marked = await ajax(s, 'method=script.add_field&script_id=5120&node_id=88233&name=%D0%A6%D0%B2%D0%B5%D1%82'
    + `&type=multilist&options%5B%5D=A&options%5B%5D=B+%26+C&options%5Bhs1c%5D=x&csrf_token=${s.csrf_token}`);
  assert.deepEqual(marked.response.options, { 0: 'A', 1: 'B & C', hs1c: 'x' });
  assert.equal(marked.response.name, 'Цвет');
  assert.deepEqual(await call(s, 'script.add_field', { script_id: 5120, name: '  ', type: 'text' }),
    { status: 1, msg: 'Field name is required', msg_ru: 'Укажите название поля.' });
  assert.deepEqual(await call(s, 'script.add_field', { script_id: 9, name: 'X', type: 'text' }),
    { status: 1, msg: 'Script not found', msg_ru: 'Скрипт не найден.' });
});

test('update_field and delete_field change the stored fields', async () => {
  const s = await session();
  const updated = await call(s, 'script.update_field', { id: 7102, name: 'Телефон клиента', options: 'm' });
  assert.deepEqual(updated.response,
    { id: 7102, name: 'Телефон клиента', type: 'text', options: 'm', sys_name: '', position: 2 });
  assert.deepEqual(await call(s, 'script.update_field', { id: 7102, type: 'nomenclature' }), unknownType);
  assert.deepEqual(await call(s, 'script.update_field', { id: 1 }),
    { status: 1, msg: 'Field not found', msg_ru: 'Поле не найдено.' });
  assert.deepEqual(await call(s, 'script.delete_field', { id: 7104 }), { status: 0, response: { id: 7104 } });
  const listed = await call(s, 'script.get_script_fields', { id: 5120 });
  assert.deepEqual(Object.keys(listed.response.fields), ['7101', '7102', '7105', '7106']);
  assert.equal(listed.response.fields['7102'].name, 'Телефон клиента');
});

test('update_node saves a step text with field tags', async () => {
  const s = await session();
  const text = 'Назовите товар: <hs class="js_field" data-id="7101">Имя клиента</hs> & всё';
  const res = await call(s, 'script.update_node', { script_id: 5120, node_id: 88232, text, title: 'Потребность' });
  assert.equal(res.status, 0);
  assert.equal(res.response.ver, 18);
  assert.equal(res.response.node.text, text);
  assert.equal(res.response.node.title, 'Потребность');
  const loaded = await call(s, 'scripts.load_without_external_scripts', { id: 5120 });
  assert.equal(loaded.response.data.steps[1].text, text);
  assert.deepEqual(await call(s, 'script.update_node', { script_id: 5120, node_id: 1, text }),
    { status: 1, msg: 'Step not found', msg_ru: 'Шаг скрипта не найден.' });
});

test('save_log stores the parsed pass and its raw body byte for byte', async () => {
  const s = await session();
  const body = (await readFile(path.join(fixtures, 'save_log.form'), 'utf8')).trim()
    .replace(fixtureToken, s.csrf_token);
  assert.deepEqual(await ajax(s, body), { status: 0, response: { log_id: 1 } });

  const [log] = (await control(base, 'state')).pass_logs;
  assert.equal(log.raw, body);
  assert.equal(log.log_id, 1);
  assert.equal(log.script_id, 5120);
  assert.equal(log.ver, '17');
  assert.equal(log.token, '9f3c2a7e41b04d6e8a1f0c5d2b7e9a13');
  assert.equal(log.outcome, 'ok');
  assert.equal(log.duration, '312');
  assert.deepEqual(log.widgets, { basket2: { total: '0' } });
  assert.equal(log.unexpected, null);
  assert.deepEqual(log.log, [
    { id: 'start', cid: '', script: { id: '5120', ver: '17' }, isgoal: '0' },
    { id: 's3', cid: 'c12', script: { id: '5120', ver: '17' }, isgoal: '1' },
  ]);
  assert.deepEqual(log.fields, [
    { id: '7101', value: 'Иванов Пётр (тест)' },
    { id: '7102', value: '+7 900 000-00-00' },
    { id: '7103', value: 'hs1c-cart:3d6f0a4e-2c1b-4f7e-9a8d-5b6c7d8e9f01' },
    { id: '7104', value: '1' },
    { id: '7105', value: ['Доставка', 'Монтаж & наладка'] },
    { id: '7106', value: '31337' },
  ]);
  assert.equal(log.params.csrf_token, s.csrf_token);
  assert.equal(log.params.method, 'script.save_log');
  assert.match(log.received_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  assert.deepEqual(await call(s, 'script.save_log', { id: 77 }),
    { status: 1, msg: 'Script not found', msg_ru: 'Скрипт не найден.' });
  assert.equal((await control(base, 'state')).pass_logs.length, 1);
});

test('$.param nesting: arrays of scalars, sparse and unordered indices, deep objects, repeats', async () => {
  const s = await session();
  const pairs = [
    ['id', '5120'],
    ['fields[0][value][]', 'a'], ['fields[0][value][]', 'b'], ['fields[0][id]', '1'],
    ['fields[1][value][0]', 'x'],
    ['odd[1]', 'one'], ['odd[0]', 'zero'],
    ['gap[0]', 'a'], ['gap[2]', 'c'],
    ['deep[a][b][c][]', 'd'],
    ['plain', 'first'], ['plain', 'second'],
    ['broken[x', 'kept'],
    ['unexpected[]', ''],
  ];
  const body = `method=script.save_log&${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`
    + `&csrf_token=${s.csrf_token}`;
  assert.equal((await ajax(s, body)).status, 0);
  const { params } = (await control(base, 'state')).pass_logs[0];
  assert.deepEqual(params, {
    method: 'script.save_log',
    id: '5120',
    fields: [{ value: ['a', 'b'], id: '1' }, { value: ['x'] }],
    odd: { 1: 'one', 0: 'zero' },
    gap: { 0: 'a', 2: 'c' },
    deep: { a: { b: { c: ['d'] } } },
    plain: 'second',
    'broken[x': 'kept',
    unexpected: [''],
    csrf_token: s.csrf_token,
  });
  // JS orders integer keys itself, so the kept insertion order is checked on the JSON text.
  const raw = await (await fetch(`${base}/_stand/state`)).text();
  assert.ok(raw.includes('"odd":{"1":"one","0":"zero"}'), 'unordered indices keep their order');
});

test('reset restores the demo and drops pass logs but keeps sessions valid', async () => {
  const s = await session();
  await call(s, 'script.add_field', { script_id: 5120, name: 'Лишнее', type: 'text' });
  await call(s, 'script.save_log', { id: 5120 });
  let state = await control(base, 'state');
  assert.equal(state.fields.length, 6);
  assert.equal(state.pass_logs.length, 1);
  assert.equal(state.scripts[0].ver, 18);

  await control(base, 'reset', {});
  state = await control(base, 'state');
  assert.deepEqual(state.fields.map((f) => String(f.id)), demoFieldIds);
  assert.deepEqual(state.pass_logs, []);
  assert.equal(state.scripts[0].ver, 17);
  const again = await call(s, 'script.add_field', { script_id: 5120, name: 'Снова', type: 'date' });
  assert.equal(again.response.id, 7107);
});

test('quirks: latency_ms delays answers, down resets connections, bad names are refused', async () => {
  const s = await session();
  const latency = 300;
  assert.deepEqual(await control(base, 'quirks', { latency_ms: latency }), { latency_ms: latency, down: false });
  const started = performance.now();
  assert.equal((await call(s, 'scripts.list')).status, 0);
  assert.ok(performance.now() - started >= latency, 'answer came before the latency');

  await control(base, 'quirks', { latency_ms: 0, down: true });
  await assert.rejects(fetch(`${base}/`));
  await control(base, 'quirks', { down: false });
  assert.equal((await fetch(`${base}/`)).status, 200);

  const bad = await fetch(`${base}/_stand/quirks`, { method: 'POST', body: JSON.stringify({ bom: true }) });
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), { error: 'unknown quirk: bom' });
  const badValue = await fetch(`${base}/_stand/quirks`, { method: 'POST', body: JSON.stringify({ latency_ms: -1, down: true }) });
  assert.equal(badValue.status, 400);
  assert.deepEqual(await control(base, 'quirks'), { latency_ms: 0, down: false });
});
