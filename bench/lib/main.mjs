// The benchmark's orchestration: starts the origin (nginx serving generated files), the stand (1C,
// HyperScript, amoCRM emulators), nginx as a keep-alive reverse proxy and hs1c, runs the scenarios
// against direct / nginx / hs1c, writes bench/results/<date>-<quick|full>.md and one SVG per scenario.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { binDir, sourceDir, startStand, control } from '../../tests/lib/harness.mjs';
import { startProxy, standRules } from '../../tests/lib/system.mjs';
import { nginxBinary, freePort, originConfig, proxyConfig, startNginx } from './nginx.mjs';
import { writeFixtures } from './fixtures.mjs';
import { passThrough, htmlPage } from './passthrough.mjs';
import { idleConnections } from './idle.mjs';
import { nomenclature } from './typing.mjs';
import { callBursts } from './orders.mjs';
import { loadScript, makeCart } from '../../tests/lib/orders.mjs';
import { stopAll, track, versionOf } from './processes.mjs';
import { writeReport } from './report.mjs';

const PROFILES = {
  quick: { connections: 32, warmup_s: 0.3, saturation_s: 1.5, rate_s: 1.5, idle: 2000, operators: 10, typing_s: 6,
    orders: 40, burst_concurrency: 40 },
  full: { connections: 64, warmup_s: 2, saturation_s: 10, rate_s: 10, idle: 2000, operators: 30, typing_s: 30,
    orders: 300, burst_concurrency: 100 },
};
// The 1C stand as in scenario 4 of the issue: slow answers and a licence cap.
const ONEC_QUIRKS = { latency_ms: 300, max_concurrent: 4 };
const ONEC_LICENCES = 4;

const mode = process.argv.includes('--quick') ? 'quick' : 'full';
const profile = PROFILES[mode];
const t0 = Date.now();
const say = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function resultsPath(ext) {
  const date = new Date().toISOString().slice(0, 10);
  return path.join(sourceDir, 'bench/results', `${date}-${mode}${ext}`);
}

async function main() {
  for (const bin of ['hs1c-proxy', 'hs1c-stand', 'hs1c-load']) {
    if (!fs.existsSync(path.join(binDir, bin))) throw new Error(`${bin} not found in ${binDir} (set HS1C_BIN or build first)`);
  }
  const nginx = nginxBinary();
  if (!nginx) throw new Error('nginx is not installed (./hs1c bench installs nginx-light)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-bench-'));
  say(`${mode} run, work dir ${dir}`);

  const www = path.join(dir, 'www');
  writeFixtures(www);
  const originPort = await freePort();
  const origin = await startNginx(nginx, path.join(dir, 'origin'), originConfig(path.join(dir, 'origin'), originPort, www), originPort);

  const stand = await startStand();
  track(stand.proc);
  const nginxPort = await freePort();
  const nginxOnecPort = await freePort();
  const onecHost = new URL(stand.url.onec).host;
  const proxyPrefix = path.join(dir, 'nginx');
  const nginxProxy = await startNginx(nginx, proxyPrefix, proxyConfig(proxyPrefix, [
    { port: nginxPort, upstream: `127.0.0.1:${originPort}` },
    { port: nginxOnecPort, upstream: onecHost },
  ]), nginxPort);

  // hs1c in front of the origin for scenarios 1-4 (the demo's features on, HyperScript = the origin),
  // and a second one in front of the stand's HyperScript for the orders of scenario 5.
  const rulesFor = (sub, hyperscriptUrl) => {
    const d = path.join(dir, sub);
    fs.mkdirSync(d, { recursive: true });
    const rules = standRules(stand, d);
    rules.upstreams.hyperscript = { url: hyperscriptUrl, pool: { max_idle: 64 } };
    rules.upstreams.onec.max_concurrent = ONEC_LICENCES;
    rules.log = { level: 'info', access: false };
    return { rules, d };
  };
  const a = rulesFor('hs1c', `http://127.0.0.1:${originPort}`);
  const proxy = await startProxy(a.rules, { dir: a.d });
  track(proxy.proc);
  // The whole system as the integration tests run it (HyperScript = the stand) for scenarios 4 and 5.
  const b = rulesFor('hs1c-system', stand.url.hyperscript);
  const ordersProxy = await startProxy(b.rules, { dir: b.d });
  track(ordersProxy.proc);
  say('origin, stand, nginx and hs1c are up');

  const targets = [
    { name: 'direct', base: `http://127.0.0.1:${originPort}`, pid: () => origin.pid },
    { name: 'nginx', base: `http://127.0.0.1:${nginxPort}`, pid: () => nginxProxy.pid },
    { name: 'hs1c', base: proxy.url.http, pid: () => proxy.proc.pid },
  ];
  const env = { binDir, say };
  const results = { mode, profile, quirks: ONEC_QUIRKS, licences: ONEC_LICENCES };
  results.passThrough = await passThrough(env, targets, profile);
  results.html = await htmlPage(env, targets, profile);
  results.idle = await idleConnections(env, targets, profile.idle);

  // One cart per operator, made as the page makes them (the script loaded through the proxy first).
  const session = await control(stand.url.hyperscript, 'session');
  await loadScript(ordersProxy.url.http, session);
  const carts = [];
  for (let i = 0; i < profile.operators; i++) carts.push(await makeCart(ordersProxy.url.http, { lines: [] }));
  await control(stand.url.onec, 'quirks', ONEC_QUIRKS);
  results.nomenclature = await nomenclature(env, {
    onecUrl: stand.url.onec, nginxOnec: `http://127.0.0.1:${nginxOnecPort}`,
    hs1c: { url: ordersProxy.url.http, admin: ordersProxy.url.admin }, carts,
  }, profile);
  results.orders = await callBursts(env, { stand, proxy: ordersProxy, quirks: ONEC_QUIRKS }, profile);

  results.machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    kernel: `${os.type()} ${os.release()}`,
    nginx: versionOf(nginx, ['-v']),
    hs1c: versionOf(path.join(binDir, 'hs1c-proxy'), ['--version']),
    gxx: versionOf('g++', ['--version']),
    node: process.version,
  };
  results.elapsedS = (Date.now() - t0) / 1000;
  const written = writeReport(results, resultsPath);
  say(`report: ${path.relative(process.cwd(), written.md)}`);
  for (const svg of written.svgs) say(`chart: ${path.relative(process.cwd(), svg)}`);
  workDir = dir;
}

// Removed after a successful run only: on failure the logs and configs inside are the evidence.
let workDir = null;

let failed = false;
const stopSignals = ['SIGINT', 'SIGTERM'];
for (const sig of stopSignals) process.on(sig, async () => { await stopAll(); process.exit(130); });
try {
  await main();
} catch (e) {
  failed = true;
  console.error(`bench failed: ${e.stack ?? e}`);
} finally {
  await stopAll();
}
if (!failed && workDir) fs.rmSync(workDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
