// The nomenclature API through the real proxy against the 1C stand, profile `hs`: search, parameters,
// values, hostile queries, caching, refinement, coalescing, debounce, the licence cap, quirks of
// real 1C servers, stale answers, the breaker and cache invalidation (issue 4, DESIGN §7–§8).
import { test, before, after, beforeEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStand, control } from '../lib/harness.mjs';
import { startProxy, standRules, standSecrets } from '../lib/system.mjs';

const CABLE = '4f1d2c1e-9a51-11ee-8c90-0242ac120002';
const COLOUR = (name) => name === 'Цвет';
const api = '/_hs1c/api/v1/nomenclature';

let stand;
let onec;
const proxies = [];

before(async () => { stand = await startStand(); onec = stand.url.onec; });
after(async () => { for (const p of proxies) await p.stop(); await stand.stop(); });

// A proxy in front of the stand with the "onec"/"nomenclature" sections changed by `tweak`.
async function proxyWith(tweak = () => {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-nom-'));
  const rules = standRules(stand, dir);
  rules.nomenclature = { debounce_ms: 0 };
  tweak(rules);
  const p = await startProxy(rules, { dir });
  proxies.push(p);
  return p;
}

async function get(proxy, target, init = {}) {
  const started = performance.now();
  const res = await fetch(proxy.url.http + target, init);
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: res.status, headers: res.headers, body, ms: performance.now() - started };
}
const search = (proxy, q, extra = '') => get(proxy, `${api}?q=${encodeURIComponent(q)}${extra}`);
const state = () => control(onec, 'state');
const searchCalls = async () => (await state()).requests.search ?? 0;
async function journal() {
  const res = await fetch(`${onec}/_stand/requests`);
  return (await res.json()).requests ?? [];
}

describe('profile hs', () => {
  let proxy;
  before(async () => { proxy = await proxyWith(); });
  beforeEach(async () => { await control(onec, 'reset', {}); await invalidateAll(proxy); });

  test('search finds items with id, name, code and unit; more and stale flags', async () => {
    const r = await search(proxy, 'кабель ввг');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const first = r.body.items.find((i) => i.id === CABLE);
    assert.deepEqual(first, { id: CABLE, name: 'Кабель ВВГнг(А)-LS 3х2,5', code: '00-00012345', unit: 'м' });
    assert.equal(r.body.stale, false);
    assert.equal(typeof r.body.more, 'boolean');
    assert.ok(r.body.items.length <= 20);
    const calls = (await journal()).filter((j) => j.path.endsWith('/nomenclature'));
    assert.equal(calls.length, 1);
    assert.equal(calls[0].query, `q=${encodeURIComponent('кабель ввг')}&limit=20`);
    assert.equal(calls[0].headers.authorization,
      'Basic ' + Buffer.from('Интеграция:hs1c-demo', 'utf8').toString('base64'));
  });

  test('fewer than 3 letters after trimming: 400 with a Russian message, 1C never asked', async () => {
    for (const q of ['', 'к', 'ка', '  ка  ', 'к а', '\u00a0к\u00a0а\u00a0']) {
      const r = await search(proxy, q);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.error.code, 'query_too_short');
      assert.match(r.body.error.message, /не меньше 3 букв/);
    }
    assert.equal(await searchCalls(), 0);
  });

  test('hostile queries: a correct search or a clear 400, never a broken 1C URL', async () => {
    const cases = [
      ["д'Анжу", '…000000000009'], ['"Этюд"', '…000000000007'], ['R&D 200', '…000000000008'],
      ['<script>', '…000000000005'], ['«Пилот»', '…000000000006'],
    ];
    for (const [q, idTail] of cases) {
      const r = await search(proxy, q);
      assert.equal(r.status, 200, q);
      assert.ok(r.body.items.some((i) => i.id.endsWith(idTail.slice(1))), `${q} finds ${idTail}`);
    }
    for (const q of ['100%', 'a_b_c', 'x=1&limit=100', '#frag1']) {
      const r = await search(proxy, q);
      assert.equal(r.status, 200, q);
      assert.ok(Array.isArray(r.body.items));
    }
    // Punctuation, symbols and emoji are not letters: 1C is not asked to scan its catalogue for them.
    for (const q of ['%%%', '___', '🙂🙂🙂', "'''"]) {
      const r = await search(proxy, q);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.error.code, 'query_too_short');
    }
    // What reached 1C is exactly the text, one q and our limit.
    const targets = (await journal()).filter((j) => j.path.endsWith('/nomenclature')).map((j) => new URLSearchParams(j.query));
    assert.ok(targets.some((p) => p.get('q') === 'x=1&limit=100' && p.getAll('limit').join() === '20'));
    assert.ok(targets.some((p) => p.get('q') === '#frag1'));
    const long = await search(proxy, 'к'.repeat(2048));
    assert.equal(long.status, 400);
    assert.equal(long.body.error.code, 'query_too_long');
    const bad = await get(proxy, `${api}?q=%FF%FEabc`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'query_invalid');
    const ctl = await search(proxy, 'abc\u0001def');
    assert.equal(ctl.status, 400);
    assert.equal(ctl.body.error.code, 'query_invalid');
  });

  test('the cache key folds case and whitespace: one 1C call for variants of one query', async () => {
    for (const q of ['розетка', 'РОЗЕТКА', '  Розетка ', 'розетка\u00a0']) {
      const r = await search(proxy, q);
      assert.equal(r.status, 200);
      assert.ok(r.body.items.length > 0);
    }
    assert.equal(await searchCalls(), 1);
    // ё stays distinct from е by default: a second call.
    await search(proxy, 'счётчик');
    await search(proxy, 'счетчик');
    assert.equal(await searchCalls(), 3);
  });

  test('a complete cached answer refines longer queries without 1C', async () => {
    const r = await search(proxy, 'меркурий');
    assert.equal(r.body.more, false);
    assert.equal(r.body.items.length, 2);
    const refined = await search(proxy, 'меркурий 201.5');
    assert.equal(refined.status, 200);
    assert.deepEqual(refined.body.items.map((i) => i.name), ['Счётчик электроэнергии Меркурий 201.5']);
    assert.equal(refined.body.more, false);
    assert.equal(await searchCalls(), 1);
    // An incomplete answer (more = true) is never refined locally.
    await search(proxy, 'кабель');
    await search(proxy, 'кабель ввг');
    assert.equal(await searchCalls(), 3);
  });

  test('100 concurrent identical searches against a slow 1C make one 1C call', async () => {
    await control(onec, 'quirks', { latency_ms: 300 });
    const answers = await Promise.all(Array.from({ length: 100 }, () => search(proxy, 'удлинитель')));
    for (const a of answers) {
      assert.equal(a.status, 200);
      assert.deepEqual(a.body, answers[0].body);
    }
    assert.ok(answers[0].body.items.length > 0);
    assert.equal(await searchCalls(), 1);
  });

  test('parameters and values of an item; the item\'s own values only', async () => {
    const p = await get(proxy, `${api}/${CABLE}/parameters`);
    assert.equal(p.status, 200);
    assert.deepEqual(p.body.parameters.map((x) => x.name), ['Длина бухты', 'Цвет']);
    const colour = p.body.parameters.find((x) => COLOUR(x.name));
    const v = await get(proxy, `${api}/${CABLE}/parameters/${colour.id}/values`);
    assert.equal(v.status, 200);
    assert.deepEqual(v.body.values.map((x) => x.name), ['Белый', 'Чёрный']);
    assert.equal(v.body.stale, false);
    await get(proxy, `${api}/${CABLE}/parameters`);
    assert.equal((await state()).requests.parameters, 1);
  });

  test('unknown item: 404 not_found; a malformed id never reaches 1C', async () => {
    const r = await get(proxy, `${api}/4f1d2c1e-0000-0000-0000-000000000000/parameters`);
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'not_found');
    for (const id of ["a'b", 'a%20b', '%D0%BA', 'a%2F..%2Fb']) {
      const bad = await get(proxy, `${api}/${id}/parameters`);
      assert.equal(bad.status, 400, id);
      assert.equal(bad.body.error.code, 'bad_id');
    }
    assert.equal((await state()).requests.parameters, 1);
  });

  test('1C quirks: BOM and wrong charsets are read as UTF-8', async () => {
    await control(onec, 'quirks', { bom: true, charset: 'windows-1251' });
    const r = await search(proxy, 'ёрш');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((i) => i.name), ['ЁРШ для чистки труб 32 мм']);
    await control(onec, 'quirks', { bom: true, charset: 'none' });
    const p = await get(proxy, `${api}/${CABLE}/parameters`);
    assert.equal(p.body.parameters.length, 2);
  });

  test('1C errors become clear JSON errors', async () => {
    const expect = {
      '500_text': [502, 'onec_error', false],
      '200_error': [502, 'onec_error', true],
      '406_xml': [503, 'onec_unavailable', false],
      licence: [503, 'onec_busy', false],
    };
    // Retryable failures (session lost, no licence) are tried twice; 1C's own errors once.
    const attempts = { '500_text': 1, '200_error': 1, '406_xml': 2, licence: 2 };
    let n = 0;
    for (const [quirk, [status, code, detail]] of Object.entries(expect)) {
      await control(onec, 'quirks', { error: quirk });
      const r = await search(proxy, `ошибка ${quirk} ${n++}`);
      assert.equal(r.status, status, quirk);
      assert.equal(r.body.error.code, code, quirk);
      assert.match(r.body.error.message, /1С/);
      assert.equal('detail' in r.body.error, detail, quirk);
      assert.equal((await state()).requests.error_quirk, attempts[quirk], quirk);
      await control(onec, 'reset', {});
    }
  });
});

describe('stale answers and the breaker', () => {
  let proxy;
  before(async () => {
    proxy = await proxyWith((r) => {
      r.nomenclature = { debounce_ms: 0, deadline_ms: 1000,
                         cache: { search_ttl_ms: 200, revalidate_ms: 0, max_stale_ms: 600000 } };
      r.onec.breaker = { failures: 3, open_ms: 1500 };
      r.onec.retry = { attempts: 1 };
    });
  });
  beforeEach(async () => { await control(onec, 'reset', {}); await invalidateAll(proxy); });

  test('1C down: an expired answer is served and marked stale; a new query gets a clear error', async () => {
    const fresh = await search(proxy, 'клеммник');
    assert.equal(fresh.body.stale, false);
    await new Promise((r) => setTimeout(r, 300));
    await control(onec, 'quirks', { down: true });
    const stale = await search(proxy, 'клеммник');
    assert.equal(stale.status, 200);
    assert.equal(stale.body.stale, true);
    assert.deepEqual(stale.body.items, fresh.body.items);
    const none = await search(proxy, 'краска');
    assert.equal(none.status, 503);
    assert.equal(none.body.error.code, 'onec_unavailable');
  });

  test('the breaker opens after repeated failures and spares 1C until it closes', async () => {
    await control(onec, 'quirks', { error: '406_xml' });
    for (let i = 0; i < 3; i++) assert.equal((await search(proxy, `сбой ${i}`)).status, 503);
    const before = await state();
    const spared = await search(proxy, 'сбой 4');
    assert.equal(spared.status, 503);
    assert.equal((await state()).requests.search, before.requests.search, '1C not called while open');
    const metrics = await (await fetch(`${proxy.url.admin}/metrics`)).text();
    assert.match(metrics, /hs1c_onec_breaker_state 1/);
    await control(onec, 'quirks', { error: 'none' });
    await new Promise((r) => setTimeout(r, 1600));
    const healed = await search(proxy, 'сбой 5');
    assert.equal(healed.status, 200);
  });
});

describe('a cold 1C start', () => {
  let proxy;
  before(async () => {
    proxy = await proxyWith((r) => { r.nomenclature = { debounce_ms: 0, deadline_ms: 1000 }; });
  });
  beforeEach(async () => { await control(onec, 'reset', {}); await invalidateAll(proxy); });

  test('a cold 1C start beyond the deadline: a clear error now, the answer cached for the next try', async () => {
    await control(onec, 'quirks', { cold_start_ms: 1800, idle_s: 0 });
    const first = await search(proxy, 'щит');
    assert.equal(first.status, 503);
    assert.equal(first.body.error.code, 'onec_unavailable');
    assert.ok(first.ms < 1800, `answered within the deadline (${first.ms} ms)`);
    await new Promise((r) => setTimeout(r, 1300));  // the fetch goes on to 1.8 s and fills the cache
    await control(onec, 'quirks', { cold_start_ms: 0 });
    const second = await search(proxy, 'щит');
    assert.equal(second.status, 200);
    assert.ok(second.body.items.length > 0);
    assert.equal(await searchCalls(), 1);
  });
});

describe('debounce and the licence cap', () => {
  let proxy;
  before(async () => {
    proxy = await proxyWith((r) => {
      r.upstreams.onec.max_concurrent = 2;
      r.nomenclature = { debounce_ms: 150, deadline_ms: 15000 };
      r.onec.queue = { max: 64, wait_ms: 12000 };
    });
  });
  beforeEach(async () => { await control(onec, 'reset', {}); await invalidateAll(proxy); });

  test('a typed query at 80 ms intervals makes at most one 1C call', async () => {
    await control(onec, 'quirks', { latency_ms: 300 });
    const cart = 'cart-typing-1';
    const pending = [];
    for (const q of ['к', 'ка', 'каб', 'кабе', 'кабел', 'кабель']) {
      pending.push(search(proxy, q, `&cart=${cart}`));
      await new Promise((r) => setTimeout(r, 80));
    }
    const answers = await Promise.all(pending);
    assert.equal(answers[0].status, 400);
    assert.equal(answers[1].status, 400);
    for (const a of answers.slice(2, 5)) {
      assert.equal(a.status, 200);
      assert.equal(a.body.superseded, true);
      assert.ok(a.ms < 200, `superseded answered at once (${a.ms} ms)`);
    }
    assert.equal(answers[5].status, 200);
    assert.ok(answers[5].body.items.length > 0);
    assert.ok(!answers[5].body.superseded);
    assert.ok(await searchCalls() <= 1);
  });

  test('cache hits are never delayed by debounce', async () => {
    await search(proxy, 'лента', '&cart=c2');
    const hit = await search(proxy, 'лента', '&cart=c2');
    assert.equal(hit.status, 200);
    assert.ok(hit.ms < 100, `hit took ${hit.ms} ms`);
  });

  test('50 distinct searches with a licence cap of 2: never more than 2 at 1C, everyone answered', async () => {
    await control(onec, 'quirks', { latency_ms: 300 });
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => search(proxy, `товар ${i} x`)));
    for (const a of answers) {
      assert.ok(a.status === 200 || (a.status === 503 && a.body.error.code === 'onec_busy'), JSON.stringify(a.body));
      assert.ok(a.ms < 15000 + 500);
    }
    const st = await state();
    assert.ok(st.max_in_flight <= 2, `max in flight ${st.max_in_flight}`);
    assert.equal(st.requests.licence_refused ?? 0, 0);
    assert.ok(answers.filter((a) => a.status === 200).length >= 30);
    assert.ok(performance.now() - started < 16000);
    const metrics = await (await fetch(`${proxy.url.admin}/metrics`)).text();
    assert.match(metrics, /hs1c_onec_queue_depth \d+/);
  });
});

describe('revalidation and opaque matching', () => {
  let proxy;
  before(async () => {
    proxy = await proxyWith((r) => {
      r.onec.match = 'opaque';
      r.nomenclature = { debounce_ms: 0, cache: { search_ttl_ms: 200, revalidate_ms: 60000 } };
    });
  });
  beforeEach(async () => { await control(onec, 'reset', {}); await invalidateAll(proxy); });

  test('past its TTL an answer is served at once and refreshed in the background', async () => {
    const first = await search(proxy, 'клеммник');
    await new Promise((r) => setTimeout(r, 300));
    await control(onec, 'quirks', { latency_ms: 500 });
    const second = await search(proxy, 'клеммник');
    assert.equal(second.status, 200);
    assert.ok(second.ms < 300, `served without waiting for 1C (${second.ms} ms)`);
    assert.deepEqual(second.body, first.body);
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(await searchCalls(), 2);
  });

  test('with opaque matching a longer query always asks 1C', async () => {
    const r = await search(proxy, 'меркурий');
    assert.equal(r.body.more, false);
    const longer = await search(proxy, 'меркурий 201.5');
    assert.equal(longer.body.items.length, 1);
    assert.equal(await searchCalls(), 2);
  });
});

describe('invalidation by 1C', () => {
  let proxy;
  before(async () => { proxy = await proxyWith(); });
  beforeEach(async () => { await control(onec, 'reset', {}); await invalidateAll(proxy); });

  test('needs the status-event credentials; drops entries of the given items', async () => {
    await search(proxy, 'ввгнг');
    const denied = await fetch(`${proxy.url.http}/_hs1c/1c/invalidate`, { method: 'POST', body: '{"all":true}' });
    assert.equal(denied.status, 401);
    assert.match(denied.headers.get('www-authenticate'), /^Basic/);
    const wrong = await invalidate(proxy, { all: true }, 'Basic ' + Buffer.from('1c-status:nope').toString('base64'));
    assert.equal(wrong.status, 401);
    const ok = await invalidate(proxy, { ids: [CABLE] });
    assert.equal(ok.status, 200);
    assert.ok((await ok.json()).dropped >= 1);
    await search(proxy, 'ввгнг');
    assert.equal(await searchCalls(), 2);
    const bad = await invalidate(proxy, { ids: [1] });
    assert.equal(bad.status, 400);
  });
});

function inboundAuth() {
  return 'Basic ' + Buffer.from(`${standSecrets.HS1C_ONEC_INBOUND_USER}:${standSecrets.HS1C_ONEC_INBOUND_PASSWORD}`)
    .toString('base64');
}
function invalidate(proxy, body, authorization = inboundAuth()) {
  return fetch(`${proxy.url.http}/_hs1c/1c/invalidate`, {
    method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
}
async function invalidateAll(proxy) {
  const r = await invalidate(proxy, { all: true });
  assert.equal(r.status, 200);
}
