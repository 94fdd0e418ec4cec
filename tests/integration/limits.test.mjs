// Limits from the rules: header size (431), route body size (413, declared and streamed), the
// header-read deadline against slow clients, idle keep-alive, upstream connect failure and first-byte
// timeout, and max_connections.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { fileScope, makeRules, startProxy, tempDir } from './lib/proxy.mjs';
import { startUpstream } from './lib/upstream.mjs';
import { RawConn, rawExchange } from './lib/raw.mjs';

const scope = fileScope(after);
const headerBytes = 4096;
const routeBodyBytes = 1000;
const headerReadMs = 1500;
const idleMs = 700;
const firstByteMs = 700;
const slack = 3000;

let up;
let proxy;
let deadPort;

before(async () => {
  const dir = await tempDir(scope);
  up = await startUpstream(scope, (req, res, body) => {
    if (req.url.includes('/never')) return;  // no answer: first-byte timeout
    res.end(`got ${body.length}`);
  });
  const closed = net.createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  deadPort = closed.address().port;
  closed.close();
  proxy = await startProxy(scope, dir, makeRules(dir, {
    upstreams: {
      hs: { url: up.url, first_byte_timeout_ms: firstByteMs },
      dead: { url: `http://127.0.0.1:${deadPort}`, connect_timeout_ms: 2000 },
    },
    routes: [
      { name: 'dead', upstream: 'dead', path_prefix: '/dead' },
      { name: 'small', upstream: 'hs', path_prefix: '/small', body_bytes: routeBodyBytes },
      { name: 'main', upstream: 'hs', path_prefix: '/' },
    ],
    server: {
      limits: { header_bytes: headerBytes },
      timeouts_ms: { header_read: headerReadMs, idle: idleMs },
    },
  }));
});

test('431 for a header block over header_bytes, connection closed, nothing upstream', async () => {
  const before = up.requests.length;
  const pad = 'a'.repeat(headerBytes);
  const res = await rawExchange(proxy.port.http, `GET / HTTP/1.1\r\nHost: localhost\r\nX-Pad: ${pad}\r\n\r\n`,
    { expectClose: true });
  assert.equal(res.status, 431);
  assert.equal(up.requests.length, before);
});

test('a header block just under header_bytes passes', async () => {
  const pad = 'a'.repeat(headerBytes - 200);
  const res = await rawExchange(proxy.port.http, `GET /fits HTTP/1.1\r\nHost: localhost\r\nX-Pad: ${pad}\r\n\r\n`);
  assert.equal(res.status, 200);
  res.conn.destroy();
});

test('413 for a declared Content-Length over the route body_bytes, before the body is sent', async () => {
  const before = up.requests.length;
  const c = await RawConn.open(proxy.port.http);
  await c.write(`POST /small/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${routeBodyBytes + 1}\r\n\r\n`);
  const res = await c.response();  // the body was never sent: the answer cannot wait for it
  assert.equal(res.status, 413);
  assert.match(res.headers['content-type'], /^text\/plain/);
  await c.waitClosed();
  assert.equal(up.requests.length, before);
});

test('a body of exactly body_bytes passes', async () => {
  const res = await rawExchange(proxy.port.http,
    `POST /small/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${routeBodyBytes}\r\n\r\n${'b'.repeat(routeBodyBytes)}`);
  assert.equal(res.status, 200);
  assert.equal(res.text, `got ${routeBodyBytes}`);
  res.conn.destroy();
});

test('413 for a chunked body going over body_bytes while streaming', async () => {
  const c = await RawConn.open(proxy.port.http);
  await c.write('POST /small/y HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n');
  const chunk = `258\r\n${'c'.repeat(600)}\r\n`;
  await c.write(chunk);
  await c.write(chunk);
  const res = await c.response();
  assert.equal(res.status, 413);
  await c.waitClosed();
});

test('slowloris: a header sent one byte at a time is cut at header_read', async () => {
  const c = await RawConn.open(proxy.port.http);
  const started = Date.now();
  const bytes = Buffer.from('GET /slow HTTP/1.1\r\nHost: localhost\r\nX-Long: ' + 'x'.repeat(100) + '\r\n\r\n');
  const interval = 100;
  let i = 0;
  const timer = setInterval(() => {
    if (c.closed || i >= bytes.length) return clearInterval(timer);
    c.sock.write(bytes.subarray(i, i + 1));
    i += 1;
  }, interval);
  try {
    await c.waitClosed(headerReadMs + slack);
  } finally {
    clearInterval(timer);
  }
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= headerReadMs - 100, `closed after ${elapsed} ms`);
  assert.ok(i < bytes.length, 'cut before the header was complete');
  assert.doesNotMatch(c.buf.toString('latin1'), /^HTTP\/1\.1 200/);
});

test('an idle keep-alive connection is closed after idle', async () => {
  const c = await RawConn.open(proxy.port.http);
  await c.write('GET /ka HTTP/1.1\r\nHost: localhost\r\n\r\n');
  assert.equal((await c.response()).status, 200);
  const answered = Date.now();
  await c.waitClosed(idleMs + slack);
  const elapsed = Date.now() - answered;
  assert.ok(elapsed >= idleMs - 100, `closed after ${elapsed} ms`);
});

test('upstream connect failure: 502 with a plain body', async () => {
  const res = await rawExchange(proxy.port.http, 'GET /dead/x HTTP/1.1\r\nHost: localhost\r\n\r\n');
  assert.equal(res.status, 502);
  assert.match(res.headers['content-type'], /^text\/plain/);
  assert.equal(res.text, 'Сервер за прокси недоступен, повторите попытку позже\n');
  res.conn.destroy();
  const line = await proxy.waitLine((l) => l.msg === 'access' && l.path === '/dead/x');
  assert.equal(line.status, 502);
  assert.equal(line.upstream, 'dead');
});

test('upstream first-byte timeout: 504 with a plain body on a normal route', async () => {
  const started = Date.now();
  const res = await rawExchange(proxy.port.http, 'GET /never HTTP/1.1\r\nHost: localhost\r\n\r\n');
  assert.equal(res.status, 504);
  assert.match(res.headers['content-type'], /^text\/plain/);
  assert.equal(res.text, 'Сервер за прокси не ответил вовремя, повторите попытку\n');
  assert.ok(Date.now() - started >= firstByteMs - 100);
  res.conn.destroy();
});

test('the proxy\'s own prefix is never forwarded: an unknown /_hs1c/ path is a JSON 404 from the proxy', async () => {
  const before = up.requests.length;
  const res = await rawExchange(proxy.port.http, 'GET /_hs1c/x/never HTTP/1.1\r\nHost: localhost\r\n\r\n');
  assert.equal(res.status, 404);
  assert.match(res.headers['content-type'], /^application\/json/);
  assert.equal(JSON.parse(res.text).error.code, 'not_found');
  assert.equal(up.requests.length, before, 'the upstream saw nothing');
  res.conn.destroy();
});

test('max_connections reached: extra connections are closed at once', async () => {
  const dir = await tempDir(scope);
  const maxConnections = 2;
  const p = await startProxy(scope, dir, makeRules(dir, {
    upstreams: { hs: up.url }, server: { limits: { max_connections: maxConnections } },
  }));
  const held = [];
  for (let i = 0; i < maxConnections; i += 1) {
    const c = await RawConn.open(p.port.http);
    await c.write('GET /held HTTP/1.1\r\nHost: localhost\r\n\r\n');
    assert.equal((await c.response()).status, 200);
    held.push(c);
  }
  const extra = await RawConn.open(p.port.http);
  await extra.write('GET /extra HTTP/1.1\r\nHost: localhost\r\n\r\n');
  await extra.waitClosed();
  assert.doesNotMatch(extra.buf.toString('latin1'), /^HTTP\/1\.1 200/);
  held[0].destroy();
  // Once one slot frees up, a new connection is served again (the count is polled by reconnecting).
  const deadline = Date.now() + 5000;
  for (;;) {
    const c = await RawConn.open(p.port.http);
    await c.write('GET /again HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const r = await c.response().catch(() => null);
    c.destroy();
    if (r?.status === 200) break;
    if (Date.now() > deadline) assert.fail('no connection served after one was freed');
  }
  for (const c of held) c.destroy();
});
