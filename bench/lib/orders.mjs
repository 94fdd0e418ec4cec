// Scenario 5 (hs1c only: nginx and a direct upstream have no orders): a burst of ended calls, each a
// save_log with its own cart, sent through hs1c at once; how fast they are accepted durably (committed
// to the outbox) and how fast the outbox drains into 1C and amoCRM.
import { control } from '../../tests/lib/harness.mjs';
import { makeCart, loadScript, saveLogBody, endCall } from '../../tests/lib/orders.mjs';

const DEALS = [31337, 40001, 40002, 40003, 40005, 40006];
const PREPARE_CONCURRENCY = 8;
const POLL_MS = 100;
const DRAIN_TIMEOUT_MS = 120000;

const pct = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : 0);

async function inParallel(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

async function pending(adminUrl) {
  let n = 0;
  for (const state of ['pending_1c', 'pending_amocrm']) {
    n += (await (await fetch(`${adminUrl}/admin/outbox?state=${state}`)).json()).orders.length;
  }
  return n;
}

async function countByState(adminUrl) {
  const rows = (await (await fetch(`${adminUrl}/admin/outbox`)).json()).orders;
  const out = {};
  for (const r of rows) out[r.state] = (out[r.state] ?? 0) + 1;
  return out;
}

export async function callBursts(env, { stand, proxy, quirks }, profile) {
  env.say(`scenario 5: ${profile.orders} calls ended at once`);
  const url = proxy.url.http;
  // Carts are built with 1C answering at once: preparation is not what is measured.
  await control(stand.url.onec, 'quirks', { latency_ms: 0 });
  const session = await control(stand.url.hyperscript, 'session');
  await loadScript(url, session);
  const carts = await inParallel(Array.from({ length: profile.orders }, (_, i) => i), PREPARE_CONCURRENCY,
    (i) => makeCart(url, { lines: [{ item_id: '0c0f0000-0000-4000-8000-000000000016', quantity: i + 1 }] }));
  await control(stand.url.onec, 'quirks', quirks);
  const ordersBefore = (await control(stand.url.onec, 'state')).orders.length;

  const started = performance.now();
  const calls = await inParallel(carts, profile.burst_concurrency, async (cart, i) => {
    try {
      return await endCall(url, session, saveLogBody(session, cart, { leadId: String(DEALS[i % DEALS.length]) }));
    } catch (e) {
      return { status: 0, ms: performance.now() - started, error: String(e) };
    }
  });
  const acceptedMs = performance.now() - started;
  const accepted = calls.filter((c) => c.status === 200 && c.notice).length;

  let left = await pending(proxy.url.admin);
  while (left > 0 && performance.now() - started < DRAIN_TIMEOUT_MS) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    left = await pending(proxy.url.admin);
  }
  const drainedMs = performance.now() - started;
  const states = await countByState(proxy.url.admin);
  const onecOrders = (await control(stand.url.onec, 'state')).orders.length - ordersBefore;
  const waits = calls.map((c) => c.ms).sort((a, b) => a - b);
  return {
    orders: profile.orders,
    concurrency: profile.burst_concurrency,
    accepted,
    acceptedMs,
    acceptedPerS: accepted / (acceptedMs / 1000),
    wait: { p50: pct(waits, 0.5), p90: pct(waits, 0.9), p99: pct(waits, 0.99), p999: pct(waits, 0.999), max: waits.at(-1) ?? 0 },
    drained: left === 0,
    left,
    drainedMs,
    drainPerS: profile.orders / (drainedMs / 1000),
    states,
    onecOrders,
  };
}
