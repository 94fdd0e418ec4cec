// Scenario 4: operators typing nomenclature queries letter by letter at human speed. Every target
// replays the same seeded schedule; each keystroke fires a search at once (as a naive integration
// would), and what the operator waits for is the answer to the last keystroke of each word.
import { control } from '../../tests/lib/harness.mjs';

const WORDS = ['кабель', 'автомат', 'розетка', 'клеммник', 'выключатель', 'провод', 'краска', 'кабель ввг',
  'гофра', 'щит', 'лампа', 'удлинитель'];
const KEY_MIN_MS = 120;
const KEY_SPREAD_MS = 180;
const READ_MIN_MS = 1000;
const READ_SPREAD_MS = 1500;
const START_SPREAD_MS = 1000;
const SEARCH_LIMIT = 20;

// mulberry32: a tiny seeded generator, so every target sees the same keystrokes at the same offsets.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function typingPlan(operators, durationMs) {
  const plan = [];
  for (let op = 0; op < operators; op++) {
    const r = rng(op + 1);
    let t = r() * START_SPREAD_MS;
    let w = op % WORDS.length;
    while (t < durationMs) {
      const word = [...WORDS[w]];
      for (let i = 1; i <= word.length; i++) {
        plan.push({ op, at: t, q: word.slice(0, i).join(''), last: i === word.length });
        t += KEY_MIN_MS + r() * KEY_SPREAD_MS;
      }
      t += READ_MIN_MS + r() * READ_SPREAD_MS;
      w = (w + 1 + Math.floor(r() * 3)) % WORDS.length;
    }
  }
  return plan.sort((a, b) => a.at - b.at);
}

const pct = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : 0);

// target: { name, url(q, op) → string, headers }; returns the counts and operator-visible percentiles.
async function replay(plan, target) {
  const started = performance.now();
  const results = [];
  const inflight = [];
  for (const k of plan) {
    const wait = started + k.at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sent = started + k.at;
    inflight.push(fetch(target.url(k.q, k.op), { headers: target.headers }).then(async (res) => {
      const text = await res.text();
      let body = null;
      try { body = JSON.parse(text); } catch { /* 1C's plain-text errors */ }
      results.push({ ...k, ms: performance.now() - sent, status: res.status, superseded: body?.superseded === true,
        stale: body?.stale === true });
    }, () => results.push({ ...k, ms: performance.now() - sent, status: 0 })));
  }
  await Promise.all(inflight);
  const finals = results.filter((r) => r.last && r.status === 200).map((r) => r.ms).sort((a, b) => a - b);
  const answered = results.filter((r) => r.status === 200 && !r.superseded).map((r) => r.ms).sort((a, b) => a - b);
  return {
    keystrokes: results.length,
    words: results.filter((r) => r.last).length,
    ok: results.filter((r) => r.status === 200).length,
    superseded: results.filter((r) => r.superseded).length,
    errors: results.filter((r) => r.status !== 200 && r.status !== 400).length,
    tooShort: results.filter((r) => r.status === 400).length,
    finalErrors: results.filter((r) => r.last && r.status !== 200).length,
    final: { p50: pct(finals, 0.5), p90: pct(finals, 0.9), p99: pct(finals, 0.99), p999: pct(finals, 0.999), max: finals.at(-1) ?? 0 },
    answered: { p50: pct(answered, 0.5), p99: pct(answered, 0.99) },
  };
}

async function metricsOf(adminUrl) {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const byResult = {};
  for (const line of text.split('\n')) {
    const m = /^hs1c_nomenclature_lookups_total\{([^}]*)\}\s+(\d+(?:\.\d+)?)/.exec(line);
    if (!m || !/kind="search"/.test(m[1])) continue;
    const result = /result="([^"]+)"/.exec(m[1])?.[1];
    byResult[result] = (byResult[result] ?? 0) + Number(m[2]);
  }
  return byResult;
}

const searches = async (onecUrl) => (await control(onecUrl, 'state')).requests?.search ?? 0;

export async function nomenclature(env, { onecUrl, nginxOnec, hs1c, carts }, profile) {
  env.say(`scenario 4: ${profile.operators} operators typing for ${profile.typing_s} s per target`);
  const plan = typingPlan(profile.operators, profile.typing_s * 1000);
  const basic = `Basic ${Buffer.from('Интеграция:hs1c-demo', 'utf8').toString('base64')}`;
  const onecPath = (q) => `/trade/hs/hyperscript/v1/nomenclature?q=${encodeURIComponent(q)}&limit=${SEARCH_LIMIT}`;
  const targets = [
    { name: 'direct', url: (q) => onecUrl + onecPath(q), headers: { authorization: basic } },
    { name: 'nginx', url: (q) => nginxOnec + onecPath(q), headers: { authorization: basic } },
    { name: 'hs1c', url: (q, op) => `${hs1c.url}/_hs1c/api/v1/nomenclature?q=${encodeURIComponent(q)}&cart=${carts[op % carts.length]}`,
      headers: {} },
  ];
  const rows = [];
  for (const t of targets) {
    const before = await searches(onecUrl);
    const metricsBefore = t.name === 'hs1c' ? await metricsOf(hs1c.admin) : null;
    const r = await replay(plan, t);
    const calls = (await searches(onecUrl)) - before;
    const row = { target: t.name, ...r, onecCalls: calls, callsPerQuery: r.keystrokes ? calls / r.keystrokes : 0 };
    if (metricsBefore) {
      const after = await metricsOf(hs1c.admin);
      const delta = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (metricsBefore[k] ?? 0)]));
      const total = Object.values(delta).reduce((a, b) => a + b, 0);
      const local = (delta.hit ?? 0) + (delta.refined ?? 0) + (delta.revalidate ?? 0);
      row.lookups = delta;
      row.hitRatio = total ? local / total : 0;
    }
    rows.push(row);
  }
  return rows;
}
