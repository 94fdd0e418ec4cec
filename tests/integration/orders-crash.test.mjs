// The proxy is killed with SIGKILL at random moments while 50 calls end (issue 6): operators retry
// what was not answered, the proxy comes back each time, and afterwards 1C holds exactly 50 orders —
// none lost, none doubled — and every deal carries a 1C id of its own orders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startStand, control, stopProcess } from '../lib/harness.mjs';
import { startProxy, standRules } from '../lib/system.mjs';
import { makeCart, loadScript, saveLogBody, endCall, waitFor, onecOrders, amoLead, onecIdOf } from '../lib/orders.mjs';

const CALLS = 50;
const DEALS = [31337, 40001, 40002, 40003, 40005, 40006];

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
  stand = await startStand();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-crash-'));
  rules = standRules(stand, dir);
  rules.listeners = [{ name: 'http', address: `127.0.0.1:${await freePort()}` }];
  rules.admin = { address: `127.0.0.1:${await freePort()}` };
  rules.nomenclature = { debounce_ms: 0 };
  rules.onec.breaker = { failures: 5, open_ms: 1000 };  // a down 1C is retried soon after it is back
  rules.orders = { submit_budget_ms: 1000, poll_ms: 100, retry: { base_ms: 100, cap_ms: 400 } };
  proxy = await startProxy(rules, { dir });
});
after(async () => { await proxy?.stop(); await stand.stop(); });

test(`SIGKILL at random moments during ${CALLS} ended calls: exactly ${CALLS} orders in 1C, every deal linked`, async (t) => {
  const url = proxy.url.http;
  const session = await control(stand.url.hyperscript, 'session');
  await loadScript(url, session);
  const carts = [];
  for (let i = 0; i < CALLS; i++) carts.push(await makeCart(url, { lines: [{ item_id: '0c0f0000-0000-4000-8000-000000000016', quantity: i + 1 }] }));

  // A 1C that takes a while, so that kills land inside submissions, not only between them.
  await control(stand.url.onec, 'quirks', { latency_ms: 80 });
  let killing = true;
  let kills = 0;
  const killer = (async () => {
    while (killing) {
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
      if (!killing) break;
      await stopProcess(proxy.proc, 'SIGKILL');
      kills++;
      proxy = await startProxy(rules, { dir });
    }
  })();

  for (let i = 0; i < CALLS; i++) {
    const body = saveLogBody(session, carts[i], { leadId: String(DEALS[i % DEALS.length]) });
    // An operator whose click got no answer clicks again.
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await endCall(url, session, body);
        if (r.status === 200 && r.body.status === 0) break;
      } catch { /* the proxy was killed mid-request */ }
      assert.ok(attempt < 200, 'the proxy keeps coming back');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  killing = false;
  await killer;
  assert.ok(kills >= 5, `killed ${kills} times`);
  t.diagnostic(`the proxy was killed ${kills} times`);

  const states = async () => {
    const all = (await (await fetch(`${proxy.url.admin}/admin/outbox`)).json()).orders;
    const by = {};
    for (const o of all) by[o.state] = (by[o.state] ?? 0) + 1;
    return { by, reasons: [...new Set(all.filter((o) => o.state !== 'done').map((o) => o.reason))] };
  };
  try {
    await waitFor(async () => (await states()).by.done === CALLS, { timeout: 120000, every: 250 });
  } catch (e) {
    e.message += ` — outbox: ${JSON.stringify(await states())}`;
    throw e;
  }
  const orders = await onecOrders(stand);
  assert.equal(orders.length, CALLS);
  assert.deepEqual(new Set(orders.map((o) => o.external_id)), new Set(carts));
  for (const deal of DEALS) {
    const ids = orders.filter((o) => o.request.amocrm_lead_id === deal).map((o) => o.id);
    assert.ok(ids.includes(onecIdOf(await amoLead(stand, deal))), `deal ${deal} carries one of its orders' ids`);
  }
});
