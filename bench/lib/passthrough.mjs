// Scenarios 1 and 2: the same files fetched directly from the origin, through nginx and through hs1c;
// closed-loop saturation first, then open-loop runs at rates every target can sustain.
import { load } from './load.mjs';
import { SMALL, LARGE, PAGE } from './fixtures.mjs';

// Fixed rates as fractions of the slowest target's saturation, so every target gets the same rate.
const RATE_FRACTIONS = [0.25, 0.6];
const PAGE_RATE_FRACTION = 0.5;

async function measure(env, targets, file, profile) {
  const rows = [];
  for (const t of targets) {
    const url = `${t.base}/${file.file}`;
    await load(env.binDir, { url, connections: profile.connections, duration: profile.warmup_s });
    const sat = await load(env.binDir, { url, connections: profile.connections, duration: profile.saturation_s });
    rows.push({ target: t.name, saturation: sat });
  }
  return rows;
}

async function atRates(env, targets, file, profile, rates) {
  const out = [];
  for (const rate of rates) {
    for (const t of targets) {
      const r = await load(env.binDir, { url: `${t.base}/${file.file}`, connections: profile.connections,
        duration: profile.rate_s, rate });
      out.push({ target: t.name, rate, result: r });
    }
  }
  return out;
}

export async function passThrough(env, targets, profile) {
  const cases = [];
  for (const file of [SMALL, LARGE]) {
    env.say(`scenario 1: ${file.label} saturation`);
    const sat = await measure(env, targets, file, profile);
    const slowest = Math.min(...sat.map((s) => s.saturation.rps));
    const rates = RATE_FRACTIONS.map((f) => Math.max(1, Math.round(slowest * f)));
    env.say(`scenario 1: ${file.label} at ${rates.join(' and ')} req/s`);
    cases.push({ file, saturation: sat, fixed: await atRates(env, targets, file, profile, rates), rates });
  }
  return cases;
}

export async function htmlPage(env, targets, profile) {
  env.say('scenario 2: HTML page');
  const sizes = {};
  for (const t of targets) {
    const res = await fetch(`${t.base}/${PAGE.file}`);
    const text = await res.text();
    sizes[t.name] = { bytes: Buffer.byteLength(text), injected: text.includes('/_hs1c/ui/') };
  }
  const sat = await measure(env, targets, PAGE, profile);
  const slowest = Math.min(...sat.map((s) => s.saturation.rps));
  const rate = Math.max(1, Math.round(slowest * PAGE_RATE_FRACTION));
  return { file: PAGE, sizes, saturation: sat, fixed: await atRates(env, targets, PAGE, profile, [rate]), rates: [rate] };
}
