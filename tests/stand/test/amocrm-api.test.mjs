// The amoCRM emulator's API v4: leads search, reads, PATCH writes and every 400 shape, fields, pipelines.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { control, startStand } from '../../lib/harness.mjs';
import { api, fixture, ONEC_ID } from '../amocrm/testing.mjs';

let stand;
let base;
before(async () => { stand = await startStand({ emulators: ['amocrm'] }); base = stand.url.amocrm; });
after(() => stand.stop());
// The request limit has its own tests (amocrm-limits): here it must not interfere.
beforeEach(async () => {
  await control(base, 'reset', {});
  await control(base, 'quirks', { rps_limit: 1000 });
});

test('no match answers 204 with an empty body', async () => {
  const r = await api(base, '/api/v4/leads?query=nothing-like-this');
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  assert.equal(r.headers.get('content-length'), null);
});

test('query returns partial matches of a 1C id, as the real account does', async () => {
  const r = await api(base, `/api/v4/leads?query=${ONEC_ID}`);
  assert.equal(r.status, 200);
  assert.equal(r.type, 'application/hal+json');
  const expected = JSON.parse(fixture('leads-query-partial-matches.json'));
  assert.deepEqual(r.json._embedded.leads.map((l) => l.id), expected._embedded.leads.map((l) => l.id));
  for (const [i, lead] of r.json._embedded.leads.entries()) {
    assert.equal(lead.name, expected._embedded.leads[i].name);
    assert.deepEqual(lead.custom_fields_values, expected._embedded.leads[i].custom_fields_values);
  }
  assert.equal(r.json._page, 1);
  assert.equal(r.json._links.self.href, `${base}/api/v4/leads?query=${ONEC_ID}&page=1&limit=50`);
  assert.equal(r.json._links.next, undefined);
});

test('query ignores case in Cyrillic', async () => {
  const r = await api(base, `/api/v4/leads?query=${encodeURIComponent('РОМАШКА')}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json._embedded.leads.map((l) => l.id), [40005]);
});

test('a lead without values has custom_fields_values null, like the real one', async () => {
  const r = await api(base, '/api/v4/leads/31337');
  assert.equal(r.status, 200);
  const real = JSON.parse(fixture('lead-fields-null.json'));
  const { _links: a, ...ours } = r.json;
  const { _links: b, ...theirs } = real;
  assert.deepEqual(ours, theirs);
  assert.equal(a.self.href, `${base}/api/v4/leads/31337`);
  assert.equal(b.self.href.endsWith('/api/v4/leads/31337'), true);
});

test('an absent lead is a 404 problem', async () => {
  const r = await api(base, '/api/v4/leads/999999');
  assert.equal(r.status, 404);
  assert.equal(r.type, 'application/problem+json');
  assert.equal(r.json.status, 404);
});

test('pages follow _links.next; limit above 250 is refused', async () => {
  const first = await api(base, '/api/v4/leads?limit=3');
  assert.deepEqual(first.json._embedded.leads.map((l) => l.id), [31337, 40001, 40002]);
  assert.equal(first.json._links.next.href, `${base}/api/v4/leads?page=2&limit=3`);
  const second = await api(base, new URL(first.json._links.next.href).pathname + new URL(first.json._links.next.href).search);
  assert.deepEqual(second.json._embedded.leads.map((l) => l.id), [40003, 40004, 40005]);
  assert.equal(second.json._page, 2);
  const third = await api(base, '/api/v4/leads?limit=3&page=3');
  assert.deepEqual(third.json._embedded.leads.map((l) => l.id), [40006]);
  assert.equal(third.json._links.next, undefined);
  assert.equal((await api(base, '/api/v4/leads?limit=3&page=4')).status, 204);
  assert.equal((await api(base, '/api/v4/leads?limit=250')).status, 200);
  const tooMany = await api(base, '/api/v4/leads?limit=251');
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.type, 'application/problem+json');
});

test('custom fields list «Идентификатор 1С» as a text field', async () => {
  const r = await api(base, '/api/v4/leads/custom_fields');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json._embedded.custom_fields.map((f) => [f.id, f.name, f.type]),
    [[880001, 'Идентификатор 1С', 'text'], [880002, 'Комментарий', 'textarea']]);
});

test('pipelines: «Неразобранное» first, the stages, then 142 and 143', async () => {
  const r = await api(base, '/api/v4/leads/pipelines');
  assert.equal(r.status, 200);
  const [sales, service] = r.json._embedded.pipelines;
  assert.equal(sales.id, 7001);
  assert.equal(sales.name, 'Продажи');
  assert.deepEqual(sales._embedded.statuses.map((s) => [s.id, s.name]), [
    [61000, 'Неразобранное'], [61001, 'Первичный контакт'], [61002, 'Переговоры'],
    [61003, 'Счёт выставлен'], [61004, 'Оплачено'], [142, 'Успешно реализовано'],
    [143, 'Закрыто и не реализовано']]);
  assert.equal(sales._embedded.statuses[0].type, 1);
  assert.deepEqual(service._embedded.statuses.map((s) => s.id), [62000, 62001, 62002, 142, 143]);
});

test('PATCH writes a custom field, then reads back; the write is found by query', async () => {
  const w = await api(base, '/api/v4/leads/31337', {
    method: 'PATCH', body: { custom_fields_values: [{ field_id: 880001, values: [{ value: '000123' }] }] },
  });
  assert.equal(w.status, 200);
  assert.equal(w.type, 'application/hal+json');
  assert.equal(w.json.id, 31337);
  const r = await api(base, '/api/v4/leads/31337');
  assert.deepEqual(r.json.custom_fields_values, [{
    field_id: 880001, field_name: 'Идентификатор 1С', field_code: null, field_type: 'text', values: [{ value: '000123' }],
  }]);
  assert.equal(r.json.updated_at, w.json.updated_at);
  const q = await api(base, '/api/v4/leads?query=000123');
  assert.deepEqual(q.json._embedded.leads.map((l) => l.id), [31337]);
  const cleared = await api(base, '/api/v4/leads/31337', {
    method: 'PATCH', body: { custom_fields_values: [{ field_id: 880001, values: null }] },
  });
  assert.equal(cleared.status, 200);
  assert.equal((await api(base, '/api/v4/leads/31337')).json.custom_fields_values, null);
});

test('an unknown field_id answers the real validation 400, index in path', async () => {
  const r = await api(base, '/api/v4/leads/31337', {
    method: 'PATCH', body: { custom_fields_values: [{ field_id: 123, values: [{ value: 'x' }] }] },
  });
  assert.equal(r.status, 400);
  assert.equal(r.type, 'application/problem+json');
  assert.deepEqual(r.json, JSON.parse(fixture('validation-400.json')));
  const second = await api(base, '/api/v4/leads/31337', {
    method: 'PATCH',
    body: { custom_fields_values: [{ field_id: 880001, values: [{ value: 'ok' }] }, { field_id: 5, values: [{ value: 'x' }] }] },
  });
  assert.equal(second.status, 400);
  assert.equal(second.json['validation-errors'][0].errors[0].path, 'custom_fields_values.1.field_id');
  // Nothing of a refused request is applied.
  assert.equal((await api(base, '/api/v4/leads/31337')).json.custom_fields_values, null);
});

test('status changes: pipeline_id needed for 142/143, status must be in the pipeline', async () => {
  const moved = await api(base, '/api/v4/leads/40003', { method: 'PATCH', body: { status_id: 61004, pipeline_id: 7001 } });
  assert.equal(moved.status, 200);
  assert.equal((await api(base, '/api/v4/leads/40003')).json.status_id, 61004);

  const foreign = await api(base, '/api/v4/leads/40003', { method: 'PATCH', body: { status_id: 62001, pipeline_id: 7001 } });
  assert.equal(foreign.status, 400);
  assert.deepEqual(foreign.json['validation-errors'][0].errors,
    [{ code: 'NotSupportedChoice', path: 'status_id', detail: 'The value you selected is not a valid choice.' }]);

  const wonAlone = await api(base, '/api/v4/leads/40003', { method: 'PATCH', body: { status_id: 142 } });
  assert.equal(wonAlone.status, 400);
  assert.equal(wonAlone.type, 'application/problem+json');
  assert.deepEqual(wonAlone.json['validation-errors'][0].errors.map((e) => e.path), ['pipeline_id']);

  const won = await api(base, '/api/v4/leads/40003', { method: 'PATCH', body: { status_id: 142, pipeline_id: 7001 } });
  assert.equal(won.status, 200);
  const after = (await api(base, '/api/v4/leads/40003')).json;
  assert.equal(after.status_id, 142);
  assert.equal(typeof after.closed_at, 'number');
});

test('a lead in «Неразобранное» refuses a status change with the real 400', async () => {
  const r = await api(base, '/api/v4/leads/40004', { method: 'PATCH', body: { status_id: 61003, pipeline_id: 7001 } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json, JSON.parse(fixture('unsorted-400.json')));
  assert.equal((await api(base, '/api/v4/leads/40004')).json.status_id, 61000);
});

test('name and price are written; a bad price is InvalidType', async () => {
  const ok = await api(base, '/api/v4/leads/40006', { method: 'PATCH', body: { name: 'Ремонт <b>', price: 4200 } });
  assert.equal(ok.status, 200);
  const l = (await api(base, '/api/v4/leads/40006')).json;
  assert.equal(l.name, 'Ремонт <b>');
  assert.equal(l.price, 4200);
  const bad = await api(base, '/api/v4/leads/40006', { method: 'PATCH', body: { price: 'много' } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json['validation-errors'][0].errors.map((e) => [e.code, e.path]), [['InvalidType', 'price']]);
});

test('bulk PATCH applies all or nothing, request_id is the element index', async () => {
  const bad = await api(base, '/api/v4/leads', {
    method: 'PATCH',
    body: [
      { id: 40001, status_id: 61003, pipeline_id: 7001 },
      { id: 40003, custom_fields_values: [{ field_id: 880002, values: [{ value: 'a' }] }, { field_id: 1, values: [{ value: 'b' }] }] },
    ],
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json['validation-errors'], [{ request_id: '1', errors: [{
    code: 'NotSupportedChoice', path: 'custom_fields_values.1.field_id', detail: 'The value you selected is not a valid choice.' }] }]);
  assert.equal((await api(base, '/api/v4/leads/40001')).json.status_id, 61001);

  const ok = await api(base, '/api/v4/leads', {
    method: 'PATCH',
    body: [{ id: 40001, status_id: 61003, pipeline_id: 7001 }, { id: 40002, price: 10 }],
  });
  assert.equal(ok.status, 200);
  assert.equal(ok.type, 'application/hal+json');
  assert.deepEqual(ok.json._embedded.leads.map((l) => l.id), [40001, 40002]);
  assert.equal((await api(base, '/api/v4/leads/40001')).json.status_id, 61003);
  assert.equal((await api(base, '/api/v4/leads/40002')).json.price, 10);

  const missing = await api(base, '/api/v4/leads', { method: 'PATCH', body: [{ id: 1, price: 1 }] });
  assert.equal(missing.status, 400);
  assert.equal(missing.json['validation-errors'][0].errors[0].path, 'id');
});

test('state holds the leads in full, reset restores the demo data', async () => {
  await api(base, '/api/v4/leads/40002', { method: 'PATCH', body: { price: 77 } });
  let state = await (await fetch(`${base}/_stand/state`)).json();
  assert.equal(state.leads.find((l) => l.id === 40002).price, 77);
  assert.equal(state.leads.length, 7);
  await fetch(`${base}/_stand/reset`, { method: 'POST' });
  state = await (await fetch(`${base}/_stand/state`)).json();
  assert.equal(state.leads.find((l) => l.id === 40002).price, 0);
});

test('calls without a valid bearer token answer 401 problem+json', async () => {
  for (const token of [null, 'not-a-token']) {
    const r = await api(base, '/api/v4/leads', { token });
    assert.equal(r.status, 401);
    assert.equal(r.type, 'application/problem+json');
    assert.equal(r.json.status, 401);
  }
});
