// Helpers for the proxy integration tests: a temp dir with rules, the real hs1c-proxy started on
// loopback ports picked at run time, its JSON log lines, and condition waits with deadlines.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { binDir, sourceDir, startProcess, stopProcess } from '../../lib/harness.mjs';

export { binDir, sourceDir, stopProcess };
export const proxyBin = path.join(binDir, 'hs1c-proxy');
const run = promisify(execFile);

const defaultWaitMs = 10000;
const pollMs = 20;

// Resolves once `check()` returns a truthy value (which is returned); rejects after `ms`.
export async function waitUntil(check, { ms = defaultWaitMs, what = 'condition' } = {}) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export async function tempDir(t) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hs1c-it-'));
  t?.after?.(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// A dev CA and a localhost certificate made by the project's own script.
export async function devCerts(dir) {
  const out = path.join(dir, 'certs');
  await run(path.join(sourceDir, 'certs/make-dev-certs.sh'), [out]);
  return {
    dir: out,
    ca: path.join(out, 'ca.crt'),
    cert: path.join(out, 'localhost.crt'),
    key: path.join(out, 'localhost.key'),
    caPem: readFileSync(path.join(out, 'ca.crt')),
    certPem: readFileSync(path.join(out, 'localhost.crt')),
    keyPem: readFileSync(path.join(out, 'localhost.key')),
  };
}

// Rules for a test: every listener on 127.0.0.1:0, the store in the temp dir. `opts.upstreams` maps a
// name to a URL string or a full upstream object; routes default to one "main" route to "hs" on "/".
export function makeRules(dir, opts = {}) {
  const upstreams = {};
  for (const [name, u] of Object.entries(opts.upstreams ?? {}))
    upstreams[name] = typeof u === 'string' ? { url: u } : u;
  const listeners = opts.listeners ?? [{ name: 'http', address: '127.0.0.1:0' }];
  return {
    server: {
      threads: 2,
      server_names: ['localhost', '127.0.0.1', 'scripts.example.ru'],
      ...opts.server,
      limits: { ...opts.server?.limits },
      timeouts_ms: { drain: 3000, ...opts.server?.timeouts_ms },
    },
    listeners,
    admin: { address: '127.0.0.1:0' },
    upstreams,
    routes: opts.routes ?? [{ name: 'main', upstream: 'hs', path_prefix: '/', inject_html: false }],
    injection: opts.injection ?? { scripts: [], styles: [] },
    store: { path: path.join(dir, 'store.db') },
    log: { level: 'info', access: true, ...opts.log },
    ...opts.extra,
  };
}

export async function writeRules(dir, rules, name = 'rules.json') {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(rules, null, 2));
  return file;
}

// Starts hs1c-proxy with `rules` (an object) written into `dir`. Resolves to
// { proc, pid, lines, port: {<listener>: n, admin: n}, rulesFile, stop(), waitLine(pred), access() }.
export async function startProxy(t, dir, rules, { env = {} } = {}) {
  const rulesFile = await writeRules(dir, rules);
  const expected = rules.listeners.length + 1;
  const p = await startProcess(proxyBin, ['--rules', rulesFile], {
    env,
    ready: (lines) => lines.filter((l) => l.msg === 'listening').length >= expected,
  });
  const port = {};
  for (const l of p.lines)
    if (l.msg === 'listening') port[l.admin ? 'admin' : l.listener] = Number(l.address.split(':').pop());
  const proxy = {
    ...p,
    pid: p.proc.pid,
    port,
    rulesFile,
    stop: () => stopProcess(p.proc),
    waitLine: (pred, what = 'log line') => waitUntil(() => p.lines.find(pred), { what }),
    access: () => p.lines.filter((l) => l.msg === 'access'),
    stdoutText: () => p.lines.map((l) => JSON.stringify(l)).join('\n'),
  };
  t?.after?.(() => proxy.stop());
  return proxy;
}

// Runs the proxy binary to completion (for --check, --version, start-up failures).
export async function runProxy(args, { env = {}, timeoutMs = 20000 } = {}) {
  try {
    const { stdout, stderr } = await run(proxyBin, args, { env: { ...process.env, ...env }, timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (e) {
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export function vmRssKb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

export function fixture(rel) {
  return readFileSync(path.join(sourceDir, 'tests/fixtures', rel));
}

// A stand-in for a test context shared by a whole file: collects clean-ups that `after` runs in
// reverse order (node:test runs an `after` registered inside `before` too early).
export function fileScope(afterHook) {
  const cleanups = [];
  afterHook(async () => { for (const fn of cleanups.reverse()) await fn(); });
  return { after: (fn) => cleanups.push(fn) };
}
