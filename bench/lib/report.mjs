// The Markdown report and its SVG charts, from the collected results. Ratios are computed in the
// same run (hs1c/nginx, hs1c/direct): absolute numbers on a shared machine are noise, ratios less so.
import fs from 'node:fs';
import path from 'node:path';
import { percentileChart, barChart, formatUs } from './svg.mjs';

const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
const num = (v, d = 0) => Number(v).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const ms = (v) => `${num(v, v < 10 ? 1 : 0)} ms`;
const byTarget = (rows, name, key = 'target') => rows.find((r) => r[key] === name);

function loadTable(rows, pick) {
  const head = '| target | req/s | p50 | p90 | p99 | p99.9 | max | errors | non-2xx | unsent | p99 vs nginx | p99 vs direct |\n'
    + '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n';
  const get = (name) => pick(byTarget(rows, name));
  const nginx = get('nginx');
  const direct = get('direct');
  return head + rows.map((row) => {
    const r = pick(row);
    const l = r.latency_us;
    return `| ${row.target} | ${num(r.rps)} | ${formatUs(l.p50)} | ${formatUs(l.p90)} | ${formatUs(l.p99)} | ${formatUs(l.p999)} `
      + `| ${formatUs(l.max)} | ${r.errors} | ${r.non_2xx} | ${r.unsent} | ${ratio(l.p99, nginx.latency_us.p99)} | ${ratio(l.p99, direct.latency_us.p99)} |`;
  }).join('\n') + '\n';
}

function saturationTable(rows) {
  const nginx = byTarget(rows, 'nginx').saturation.rps;
  const direct = byTarget(rows, 'direct').saturation.rps;
  return '| target | saturation req/s | p50 | p99 | vs nginx | vs direct |\n|---|---:|---:|---:|---:|---:|\n'
    + rows.map((r) => `| ${r.target} | ${num(r.saturation.rps)} | ${formatUs(r.saturation.latency_us.p50)} `
      + `| ${formatUs(r.saturation.latency_us.p99)} | ${ratio(r.saturation.rps, nginx)} | ${ratio(r.saturation.rps, direct)} |`).join('\n') + '\n';
}

function fixedSection(c) {
  let out = '';
  for (const rate of c.rates) {
    const rows = c.fixed.filter((f) => f.rate === rate).map((f) => ({ target: f.target, r: f.result }));
    out += `\nOpen loop at **${num(rate)} req/s** (latency from the intended send time):\n\n${loadTable(rows, (x) => x.r)}`;
  }
  return out;
}

function chartGroups(c) {
  const top = Math.max(...c.rates);
  return c.fixed.filter((f) => f.rate === top)
    .map((f) => ({ label: `${c.file.label} ${f.target}`, target: f.target, values: f.result.latency_us }));
}

export function writeReport(res, pathFor) {
  const svgs = [];
  const chart = (n, svg) => {
    const file = pathFor(`-scenario${n}.svg`);
    fs.writeFileSync(file, svg);
    svgs.push(file);
    return path.basename(file);
  };
  const p = res.profile;
  const m = res.machine;
  let md = `# hs1c benchmark (${res.mode}), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Machine: **${m.cores} cores** (${m.cpu}), ${m.memoryGiB} GiB, ${m.kernel}.
Versions: hs1c-proxy \`${m.hs1c}\`; \`${m.nginx}\`; \`${m.gxx}\`; Node ${m.node}. Run took ${num(res.elapsedS)} s.

## Method

Everything runs on this one machine over loopback, sharing its ${m.cores} cores: the load generator
(\`hs1c-load\`, ours: Asio/Beast, HTTP/1.1 keep-alive, one thread), the origin, the proxy under test and
the stand. Absolute numbers are therefore pessimistic and noisy; **compare the ratios**, measured in the
same run one target after another.

- **Targets.** *direct*: the origin itself. *nginx*: Debian's nginx as a reverse proxy to the same origin
  (\`worker_processes auto\`, upstream \`keepalive 64\`, HTTP/1.1 to the upstream, \`access_log off\`).
  *hs1c*: hs1c-proxy with the demo's features on (rules as in the integration tests, HTML injection on
  the route, \`server.threads\` 0 = one per core, upstream pool of 64, access log off like nginx's).
- **Origin.** For scenarios 1–3 a second nginx serves generated files (1 KB, 100 KB, a ~200 KB HTML page
  with Cyrillic text): the stand's single-threaded emulator would be the bottleneck and record every
  request. Scenarios 4–5 use hs1c-stand's 1C, HyperScript and amoCRM emulators.
- **Closed loop** (saturation): ${p.connections} connections, each sends its next request as soon as the
  previous answer arrives, ${p.saturation_s} s after a ${p.warmup_s} s warm-up. **Open loop**: the same
  connections send at a fixed total rate on a fixed schedule; latency is measured from the *intended*
  send time, so a stall is charged for every request it delayed (no coordinated omission); requests
  the target was too far behind to send within 5 s after the run are counted as *unsent*. Fixed rates
  are fractions of the slowest target's saturation so every target gets the same load.
- **Percentiles** come from a log-bucket histogram (≤ 0.8 % relative error) in microseconds.

## Scenario 1: pass-through GET
`;
  for (const c of res.passThrough) {
    md += `\n### ${c.file.label} body\n\nClosed loop, ${p.connections} connections, ${p.saturation_s} s:\n\n${saturationTable(c.saturation)}${fixedSection(c)}`;
  }
  md += `\n![scenario 1](${chart(1, percentileChart('Scenario 1: pass-through latency at the higher fixed rate',
    res.passThrough.flatMap(chartGroups)))})\n`;

  const h = res.html;
  md += `\n## Scenario 2: HTML page with injection (hs1c) vs pass-through (nginx)

Bytes per answer: ${Object.entries(h.sizes).map(([t, s]) => `${t} ${num(s.bytes)}${s.injected ? ' (injected)' : ''}`).join(', ')}.
hs1c parses the page and inserts its \`<link>\`/\`<script>\` before \`</head>\`; nginx streams it untouched.

${saturationTable(h.saturation)}${fixedSection(h)}
![scenario 2](${chart(2, percentileChart('Scenario 2: HTML page latency at the fixed rate', chartGroups(h)))})
`;

  md += `\n## Scenario 3: ${num(p.idle)} idle keep-alive connections

Each connection makes one 1 KB request and stays open; resident memory (VmRSS of the process, for
nginx the master and its workers) is read before and after.

| target | RSS before | RSS after | connections held | failed | KiB per connection |
|---|---:|---:|---:|---:|---:|
${res.idle.map((r) => `| ${r.target} | ${num(r.before / 1024, 1)} MiB | ${num(r.after / 1024, 1)} MiB | ${r.open} | ${r.failed} | ${num(r.perConnKiB, 1)} |`).join('\n')}

hs1c/nginx per connection: ${ratio(byTarget(res.idle, 'hs1c').perConnKiB, byTarget(res.idle, 'nginx').perConnKiB)}.

![scenario 3](${chart(3, barChart('Scenario 3: resident memory per idle connection', res.idle.map((r) => ({ label: r.target, target: r.target, value: r.perConnKiB })), 'KiB'))})
`;

  const n = res.nomenclature;
  md += `\n## Scenario 4: nomenclature search while operators type

${p.operators} operators type words letter by letter (120–300 ms between keys, 1–2.5 s reading between
words; the same seeded schedule for every target) for ${p.typing_s} s; every keystroke sends a search.
1C stand: quirks \`${JSON.stringify(res.quirks)}\` (300 ms per call, a 5th concurrent call is refused
for lack of licences); hs1c's 1C licence cap is ${res.licences}. *direct* and *nginx* call 1C's HTTP
service per keystroke, as an integration without hs1c would; hs1c answers \`/_hs1c/api/v1/nomenclature\`
with a cart id per operator (cache, refinement, coalescing, debounce, fewer than 3 letters refused
locally). 1C calls are the stand's own \`requests.search\` counter. *Wait* is what the operator waits
for: the answer to the last keystroke of each word, over words answered with results (a word whose
last search failed, e.g. refused for lack of licences, counts under *failed words* instead).

| target | keystrokes | 1C calls | 1C calls per keystroke | wait p50 | wait p90 | wait p99 | max | failed words | errors (all keystrokes) | cache hit ratio |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${n.map((r) => `| ${r.target} | ${r.keystrokes} | ${r.onecCalls} | ${num(r.callsPerQuery, 3)} | ${ms(r.final.p50)} | ${ms(r.final.p90)} | ${ms(r.final.p99)} | ${ms(r.final.max)} | ${r.finalErrors} / ${r.words} | ${r.errors} | ${r.hitRatio === undefined ? '—' : `${num(r.hitRatio * 100, 1)} %`} |`).join('\n')}

hs1c lookups by result (search): \`${JSON.stringify(byTarget(n, 'hs1c').lookups ?? {})}\`; superseded keystrokes
${byTarget(n, 'hs1c').superseded}, refused as too short ${byTarget(n, 'hs1c').tooShort}. Cache hit ratio = (hit + refined + revalidate) / all search lookups.
hs1c wait p99 vs nginx: ${ratio(byTarget(n, 'hs1c').final.p99, byTarget(n, 'nginx').final.p99)}; 1C calls vs nginx: ${ratio(byTarget(n, 'hs1c').onecCalls, byTarget(n, 'nginx').onecCalls)}.

![scenario 4](${chart(4, percentileChart('Scenario 4: operator wait for the last keystroke of a word', n.map((r) => ({
    label: r.target, target: r.target,
    values: { p50: r.final.p50 * 1000, p90: r.final.p90 * 1000, p99: r.final.p99 * 1000, p999: r.final.p999 * 1000 },
  }))))})
`;

  const o = res.orders;
  md += `\n## Scenario 5: call-ended bursts (hs1c only)

nginx and a bare upstream have no orders to compare with. ${o.orders} carts are prepared, then
${o.orders} \`script.save_log\` calls (HyperScript's «Разговор окончен») go through hs1c with ${o.concurrency} in
flight, each to one of 6 amoCRM deals; 1C as in scenario 4. *Accepted* = answered 200 with
\`X-Hs1c-Orders\` (the order is committed to the outbox before HyperScript sees the call); hs1c waits up to
\`orders.submit_budget_ms\` (3 s) for 1C, then the outbox worker finishes in the background.

| orders | accepted | burst time | accepted/s | operator wait p50 | p90 | p99 | max | all done | drain time | drained/s | 1C orders | outbox states |
|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|
| ${o.orders} | ${o.accepted} | ${ms(o.acceptedMs)} | ${num(o.acceptedPerS, 1)} | ${ms(o.wait.p50)} | ${ms(o.wait.p90)} | ${ms(o.wait.p99)} | ${ms(o.wait.max)} | ${o.drained ? 'yes' : `no (${o.left} pending)`} | ${ms(o.drainedMs)} | ${num(o.drainPerS, 1)} | ${o.onecOrders} | \`${JSON.stringify(o.states)}\` |

Drain time runs from the start of the burst until no order is \`pending_1c\` or \`pending_amocrm\`; with a
300 ms 1C and ${res.licences} licences 1C alone allows about ${num(res.licences / 0.3, 1)} orders/s, and the amoCRM
stand's rate limit bounds the linking step.

![scenario 5](${chart(5, percentileChart('Scenario 5: operator wait on «Разговор окончен»', [{
    label: 'hs1c save_log', target: 'hs1c',
    values: { p50: o.wait.p50 * 1000, p90: o.wait.p90 * 1000, p99: o.wait.p99 * 1000, p999: o.wait.p999 * 1000 },
  }]))})
`;
  const mdFile = pathFor('.md');
  fs.writeFileSync(mdFile, md);
  return { md: mdFile, svgs };
}
