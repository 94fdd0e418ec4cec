// Operations: admin endpoints, the CLI (--version, --check, $env: secrets), the access log, secrets
// kept out of logs, SIGTERM drain with a request in flight, SIGHUP reload (good and broken rules).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileScope, makeRules, runProxy, startProxy, tempDir, waitUntil, writeRules } from './lib/proxy.mjs';
import { startUpstream } from './lib/upstream.mjs';
import { request } from './lib/client.mjs';
import { RawConn } from './lib/raw.mjs';

const scope = fileScope(after);
let up;
let proxy;

before(async () => {
  const dir = await tempDir(scope);
  up = await startUpstream(scope, (req, res) => res.end(`a ${req.url}`));
  proxy = await startProxy(scope, dir, makeRules(dir, { upstreams: { hs: up.url } }));
});

test('/healthz and /readyz answer on the admin listener', async () => {
  const h = await request(`http://127.0.0.1:${proxy.port.admin}/healthz`);
  assert.equal(h.status, 200);
  const r = await request(`http://127.0.0.1:${proxy.port.admin}/readyz`);
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^application\/json/);
  const body = JSON.parse(r.text);
  assert.equal(body.ready, true);
  assert.equal(body.checks.store.ready, true);
  assert.equal(body.checks.draining.ready, true);
});

test('admin endpoints are not on the public listener', async () => {
  const before = up.requests.length;
  const res = await request(`http://localhost:${proxy.port.http}/metrics`);
  assert.equal(res.text, 'a /metrics', 'forwarded like any other path');
  assert.equal(up.requests.length, before + 1);
});

test('/metrics counts requests by route and status', async () => {
  for (let i = 0; i < 3; i += 1) assert.equal((await request(`http://localhost:${proxy.port.http}/m${i}`)).status, 200);
  const m = await request(`http://127.0.0.1:${proxy.port.admin}/metrics`);
  assert.equal(m.status, 200);
  assert.match(m.headers['content-type'], /^text\/plain/);
  const line = m.text.split('\n').find((l) => l.startsWith('hs1c_requests_total{route="main",status="200"}'));
  assert.ok(line, m.text);
  const count = Number(line.split(' ').pop());
  const served = proxy.access().filter((l) => l.route === 'main' && l.status === 200).length;
  assert.equal(count, served);
  assert.ok(count >= 3);
});

test('the access line has request_id, status, route, upstream, durations and bytes', async () => {
  const res = await request(`http://localhost:${proxy.port.http}/logged?token=secret-query`, {
    method: 'POST', body: 'hello',
  });
  const id = res.headers['x-request-id'];
  const line = await proxy.waitLine((l) => l.msg === 'access' && l.request_id === id, 'the access line');
  assert.equal(line.status, 200);
  assert.equal(line.route, 'main');
  assert.equal(line.upstream, 'hs');
  assert.equal(line.method, 'POST');
  assert.equal(line.path, '/logged', 'the query is never logged');
  assert.equal(line.bytes_in, 5);
  assert.equal(line.bytes_out, Buffer.byteLength('a /logged?token=secret-query'));
  assert.equal(Number.isInteger(line.duration_us), true, 'duration_us');
  assert.equal(Number.isInteger(line.upstream_us), true, 'upstream_us');
  assert.ok(line.duration_us >= line.upstream_us);
  assert.doesNotMatch(proxy.stdoutText(), /secret-query/);
});

test('an Authorization header value never appears in the logs', async () => {
  const secret = 'Bearer very-secret-token-4242';
  await request(`http://localhost:${proxy.port.http}/auth`, { headers: { Authorization: secret, Cookie: 'sid=cookie-secret-77' } });
  await proxy.waitLine((l) => l.msg === 'access' && l.path === '/auth');
  assert.equal(up.requests.at(-1).headers.authorization, secret, 'end-to-end header forwarded');
  assert.doesNotMatch(proxy.stdoutText(), /very-secret-token-4242|cookie-secret-77/);
  assert.doesNotMatch(proxy.stderr(), /very-secret-token-4242|cookie-secret-77/);
});

test('--version prints the name and version', async () => {
  const r = await runProxy(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^hs1c-proxy \d+\.\d+\.\d+\n$/);
});

test('--check: a good file exits 0, a bad one exits 1 naming each problem by its JSON path', async () => {
  const dir = await tempDir(scope);
  const good = await writeRules(dir, makeRules(dir, { upstreams: { hs: up.url } }), 'good.json');
  const ok = await runProxy(['--check', '--rules', good]);
  assert.equal(ok.code, 0, ok.stderr);
  const badRules = makeRules(dir, { upstreams: { hs: 'ftp://nowhere' } });
  badRules.server.threads = 'many';
  badRules.listeners[0].address = 'not-an-address';
  badRules.routes[0].upstream = 'missing';
  const bad = await writeRules(dir, badRules, 'bad.json');
  const r = await runProxy(['--check', '--rules', bad]);
  assert.equal(r.code, 1);
  const out = r.stdout + r.stderr;
  for (const p of ['/server/threads', '/listeners/0/address', '/upstreams/hs/url', '/routes/0/upstream'])
    assert.ok(out.includes(p), `${p} in ${out}`);
});

test('a missing $env: variable stops start-up naming the key', async () => {
  const dir = await tempDir(scope);
  const rules = makeRules(dir, { upstreams: { hs: '$env:HS1C_IT_SURELY_UNSET_URL' } });
  const file = await writeRules(dir, rules);
  const env = { ...process.env };
  delete env.HS1C_IT_SURELY_UNSET_URL;
  const r = await runProxy(['--rules', file], { env });
  assert.notEqual(r.code, 0);
  const out = r.stdout + r.stderr;
  assert.ok(out.includes('/upstreams/hs/url'), out);
  assert.ok(out.includes('HS1C_IT_SURELY_UNSET_URL'), out);
  const set = await runProxy(['--check', '--rules', file], { env: { HS1C_IT_SURELY_UNSET_URL: up.url } });
  assert.equal(set.code, 0, set.stdout + set.stderr);
});

test('SIGTERM: the in-flight answer completes, new connections are refused, exit 0', async () => {
  const dir = await tempDir(scope);
  let release;
  const slow = await startUpstream(scope, (req, res) => { release = () => res.end('late answer'); });
  const p = await startProxy(scope, dir, makeRules(dir, { upstreams: { hs: slow.url } }));
  const idle = await RawConn.open(p.port.http);  // an idle keep-alive connection: closed by the drain
  const pending = request(`http://localhost:${p.port.http}/slow`);
  await waitUntil(() => slow.requests.length === 1, { what: 'the request upstream' });
  const exited = once(p.proc, 'exit');
  p.proc.kill('SIGTERM');
  await p.waitLine((l) => l.msg === 'draining');
  await assert.rejects(RawConn.open(p.port.http), /ECONNREFUSED/);
  await idle.waitClosed();
  assert.equal(idle.buf.length, 0);
  release();
  const res = await pending;
  assert.equal(res.status, 200);
  assert.equal(res.text, 'late answer');
  const [code, signal] = await exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
});

// A proxy whose only route goes to upstream `a`, plus upstream `b` for the edited rules.
async function reloadSetup() {
  const dir = await tempDir(scope);
  const b = await startUpstream(scope, (req, res) => res.end(`b ${req.url}`));
  const rules = makeRules(dir, { upstreams: { hs: up.url, other: b.url } });
  const p = await startProxy(scope, dir, rules);
  const kept = await RawConn.open(p.port.http);
  await kept.write('GET /before HTTP/1.1\r\nHost: localhost\r\n\r\n');
  assert.equal((await kept.response()).text, 'a /before');
  rules.routes = [
    { name: 'moved', upstream: 'other', path_prefix: '/new/' },
    { name: 'main', upstream: 'other', path_prefix: '/' },
  ];
  await writeFile(p.rulesFile, JSON.stringify(rules));
  p.proc.kill('SIGHUP');
  await p.waitLine((l) => l.msg === 'rules reloaded');
  return { p, kept };
}

test('SIGHUP applies edited rules to new requests; an open keep-alive connection keeps working', async () => {
  const { p, kept } = await reloadSetup();
  const fresh = await request(`http://localhost:${p.port.http}/new/x`);
  assert.equal(fresh.text, 'b /new/x');
  await p.waitLine((l) => l.msg === 'access' && l.path === '/new/x' && l.route === 'moved');
  assert.equal(kept.closed, false);
  await kept.write('GET /after HTTP/1.1\r\nHost: localhost\r\n\r\n');
  assert.equal((await kept.response()).status, 200);
  kept.destroy();
});

test('after SIGHUP, the next request on a keep-alive connection opened before it uses the new rules', async () => {
  const { kept } = await reloadSetup();
  await kept.write('GET /after HTTP/1.1\r\nHost: localhost\r\n\r\n');
  assert.equal((await kept.response()).text, 'b /after');
  kept.destroy();
});

test('SIGHUP with a broken rules file is refused; the running rules stay', async () => {
  const { p, kept } = await reloadSetup();
  assert.equal((await request(`http://localhost:${p.port.http}/new/x`)).text, 'b /new/x');
  await writeFile(p.rulesFile, '{ "server": { "threads": "x" }, ');
  const reloadsBefore = p.lines.filter((l) => l.msg === 'reloading rules').length;
  p.proc.kill('SIGHUP');
  await p.waitLine((l) => l.msg === 'reload refused: rules have problems');
  assert.equal(p.lines.filter((l) => l.msg === 'reloading rules').length, reloadsBefore + 1);
  assert.equal((await request(`http://localhost:${p.port.http}/new/y`)).text, 'b /new/y');
  await kept.write('GET /last HTTP/1.1\r\nHost: localhost\r\n\r\n');
  assert.equal((await kept.response()).status, 200);
  kept.destroy();
  assert.equal(p.proc.exitCode, null);
});
