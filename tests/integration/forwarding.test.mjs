// Forwarding semantics: bodiless answers, interim answers, chunked request bodies, upstream
// keep-alive, and what happens when the upstream closes a pooled connection in each way it can.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { fileScope, makeRules, startProxy, tempDir, waitUntil } from './lib/proxy.mjs';
import { startScriptedUpstream, startUpstream } from './lib/upstream.mjs';
import { RawConn } from './lib/raw.mjs';

const scope = fileScope(after);

async function proxyTo(upstreamUrl, extra = {}) {
  const dir = await tempDir(scope);
  return startProxy(scope, dir, makeRules(dir, { upstreams: { hs: upstreamUrl }, ...extra }));
}

function ok(body, extra = '') {
  return `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
}

function get(path, extra = '') { return `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}\r\n`; }

test('HEAD: the upstream Content-Length is kept, no body, the connection stays usable', async () => {
  const up = await startScriptedUpstream(scope, (req, s) => {
    if (req.method === 'HEAD') s.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1234\r\n\r\n');
    else s.write(ok('after'));
  });
  const proxy = await proxyTo(up.url);
  const c = await RawConn.open(proxy.port.http);
  await c.write(`HEAD /h HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  const res = await c.response({ head: true });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-length'], '1234');
  await c.write(get('/next'));
  const next = await c.response();
  assert.equal(next.status, 200);
  assert.equal(next.text, 'after', 'no stray body bytes after the HEAD answer');
  c.destroy();
});

for (const status of [204, 304]) {
  test(`${status}: no body reaches the client, the connection stays usable`, async () => {
    const up = await startScriptedUpstream(scope, (req, s) => {
      if (req.url === '/empty') s.write(`HTTP/1.1 ${status} X\r\nETag: "e1"\r\n\r\n`);
      else s.write(ok('after'));
    });
    const proxy = await proxyTo(up.url);
    const c = await RawConn.open(proxy.port.http);
    await c.write(get('/empty'));
    const res = await c.response();
    assert.equal(res.status, status);
    assert.equal(res.headers['transfer-encoding'], undefined);
    await c.write(get('/next'));
    const next = await c.response();
    assert.equal(next.status, 200);
    assert.equal(next.text, 'after');
    c.destroy();
  });
}

test('upstream 1xx answers (100, 102, 103 Early Hints) are consumed; the client gets the final answer only', async () => {
  const up = await startScriptedUpstream(scope, (req, s) => {
    s.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n');
    s.write('HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n');
    s.write(ok('final'));
  });
  const proxy = await proxyTo(up.url);
  const c = await RawConn.open(proxy.port.http);
  await c.write(get('/hints'));
  const res = await c.response();
  assert.equal(res.status, 200);
  assert.equal(res.text, 'final');
  c.destroy();
});

async function duplicateLengthProxy() {
  const up = await startScriptedUpstream(scope, (req, s) => {
    if (req.url === '/same') s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello');
    else s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!');
  });
  return proxyTo(up.url);
}

test('upstream identical duplicate Content-Length passes as one field', async () => {
  const proxy = await duplicateLengthProxy();
  const c = await RawConn.open(proxy.port.http);
  await c.write(get('/same'));
  const res = await c.response();
  assert.equal(res.status, 200);
  assert.equal(res.text, 'hello');
  assert.deepEqual(res.rawHeaders.filter(([n]) => n.toLowerCase() === 'content-length').map(([, v]) => v), ['5']);
  c.destroy();
});

test('upstream differing duplicate Content-Length answers 502', async () => {
  const proxy = await duplicateLengthProxy();
  const c = await RawConn.open(proxy.port.http);
  await c.write(get('/differ'));
  const res = await c.response();
  assert.equal(res.status, 502);
  c.destroy();
});

test('Expect: 100-continue with a chunked body: 100, then the answer, body intact', async () => {
  const up = await startUpstream(scope, (req, res, body) => res.end(createHash('sha256').update(body).digest('hex')));
  const proxy = await proxyTo(up.url);
  const c = await RawConn.open(proxy.port.http);
  await c.write('POST /up HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n');
  const interim = await c.response();
  assert.equal(interim.status, 100);
  const parts = [randomBytes(1000), randomBytes(70000), randomBytes(3)];
  for (const p of parts) await c.write(Buffer.concat([Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]));
  await c.write('0\r\n\r\n');
  const res = await c.response();
  assert.equal(res.status, 200);
  assert.equal(res.text, createHash('sha256').update(Buffer.concat(parts)).digest('hex'));
  c.destroy();
});

test('a chunked request body is forwarded intact', async () => {
  const up = await startUpstream(scope, (req, res, body) => res.end(String(body.length)));
  const proxy = await proxyTo(up.url);
  const c = await RawConn.open(proxy.port.http);
  const parts = Array.from({ length: 20 }, (_, i) => randomBytes(1 + i * 997));
  let wire = 'POST /chunks HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n';
  const bufs = [Buffer.from(wire)];
  for (const p of parts) bufs.push(Buffer.from(`${p.length.toString(16)};ext=1\r\n`), p, Buffer.from('\r\n'));
  bufs.push(Buffer.from('0\r\n\r\n'));
  await c.write(Buffer.concat(bufs));
  const res = await c.response();
  assert.equal(res.status, 200);
  const whole = Buffer.concat(parts);
  assert.equal(res.text, String(whole.length));
  assert.equal(up.requests.at(-1).body.equals(whole), true);
  c.destroy();
});

test('keep-alive to the upstream: two requests reuse one upstream connection', async () => {
  const up = await startUpstream(scope, (req, res) => res.end(req.url));
  const proxy = await proxyTo(up.url);
  const c = await RawConn.open(proxy.port.http);
  for (const p of ['/one', '/two', '/three']) {
    await c.write(get(p));
    const res = await c.response();
    assert.equal(res.text, p);
  }
  assert.equal(up.connections, 1);
  assert.equal(up.requests[0].socket, up.requests[2].socket);
  c.destroy();
});

// The upstream answers the first request with keep-alive, then kills the pooled connection.
const idleDeaths = {
  'FIN (EOF)': (s) => s.end(),
  'RST': (s) => s.resetAndDestroy(),
};

for (const [how, kill] of Object.entries(idleDeaths)) {
  test(`upstream closes an idle pooled connection by ${how}: the next GET succeeds`, async () => {
    const up = await startScriptedUpstream(scope, (req, s) => {
      s.write(ok(`${req.url} on ${req.conn}`), () => { if (req.conn === 0) kill(s); });
    });
    const proxy = await proxyTo(up.url);
    const c = await RawConn.open(proxy.port.http);
    await c.write(get('/first'));
    assert.equal((await c.response()).text, '/first on 0');
    await waitUntil(() => up.conns[0].socket.destroyed || up.conns[0].socket.writableFinished, { what: 'the kill' });
    await c.write(get('/second'));
    const res = await c.response();
    assert.equal(res.status, 200);
    assert.equal(res.text, '/second on 1');
    // Had the proxy written before noticing the close, the request died on connection 0 and was
    // retried; either way it is answered on a fresh connection.
    assert.equal(`${up.requests.at(-1).url}@${up.requests.at(-1).conn}`, '/second@1');
    assert.equal(up.requests.filter((r) => r.url === '/second' && r.conn === 1).length, 1);
    c.destroy();
  });
}

// The pooled connection looks alive but dies as soon as the next request arrives (its write is lost).
async function deadOnArrival(method) {
  const up = await startScriptedUpstream(scope, (req, s) => {
    if (req.conn === 0 && req.url !== '/first') return s.resetAndDestroy();
    s.write(ok(`${req.method} ${req.url} on ${req.conn}`));
  });
  const proxy = await proxyTo(up.url);
  const c = await RawConn.open(proxy.port.http);
  await c.write(get('/first'));
  assert.equal((await c.response()).status, 200);
  const body = method === 'POST' ? 'a=1' : '';
  await c.write(`${method} /second HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  const res = await c.response();
  c.destroy();
  return { up, res };
}

test('a GET on a pooled connection that dies on arrival is retried once on a fresh one', async () => {
  const { up, res } = await deadOnArrival('GET');
  assert.equal(res.status, 200);
  assert.equal(res.text, 'GET /second on 1');
  assert.deepEqual(up.requests.map((r) => `${r.method} ${r.url}@${r.conn}`),
    ['GET /first@0', 'GET /second@0', 'GET /second@1']);
});

test('a POST fully sent on a dead pooled connection is not retried: 502, the upstream saw it once', async () => {
  const { up, res } = await deadOnArrival('POST');
  assert.equal(res.status, 502);
  assert.equal(up.requests.filter((r) => r.method === 'POST').length, 1);
  assert.equal(up.conns.length, 1, 'no second connection for the POST');
});

test('a bodiless PUT (idempotent) on a dead pooled connection is retried once', async () => {
  const { up, res } = await deadOnArrival('PUT');
  assert.equal(res.status, 200);
  assert.equal(res.text, 'PUT /second on 1');
  assert.equal(up.requests.filter((r) => r.method === 'PUT').length, 2);
});

test('an upstream that dies mid-answer: 502 is not sent after bytes went out, the client connection closes', async () => {
  const up = await startScriptedUpstream(scope, (req, s) => {
    s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial', () => s.resetAndDestroy());
  });
  const proxy = await proxyTo(up.url);
  const c = await RawConn.open(proxy.port.http);
  await c.write(get('/broken'));
  await c.waitClosed();
  assert.match(c.buf.toString('latin1'), /^HTTP\/1\.1 200 OK\r\n/);
  assert.doesNotMatch(c.buf.toString('latin1'), /502/);
  assert.equal(up.requests.length, 1, 'a broken answer is never retried');
});

test('HTTP/1.0 client, chunked upstream answer: the body ends with the connection, never chunked', async () => {
  const up = await startScriptedUpstream(scope, (req, s) => {
    s.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
  });
  const proxy = await proxyTo(up.url);
  const c = await RawConn.open(proxy.port.http);
  await c.write('GET /old HTTP/1.0\r\nHost: localhost\r\n\r\n');
  const res = await c.response();
  assert.equal(res.status, 200);
  assert.equal(res.version, '1.0');
  assert.equal(res.headers['transfer-encoding'], undefined);
  assert.equal(res.text, 'hello world');
  assert.equal(c.closed, true);
});

test('a client that stops sending its body is cut after body_idle; the upstream never gets a whole request', async () => {
  const bodyIdleMs = 700;
  const up = await startUpstream(scope, (req, res, body) => res.end(String(body.length)));
  const proxy = await proxyTo(up.url, { server: { timeouts_ms: { body_idle: bodyIdleMs } } });
  const c = await RawConn.open(proxy.port.http);
  await c.write('POST /stall HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nonly-part');
  const started = Date.now();
  await c.waitClosed(bodyIdleMs + 5000);
  assert.ok(Date.now() - started >= bodyIdleMs - 100);
  assert.equal(up.requests.filter((r) => r.body !== null).length, 0, 'no complete request upstream');
  const line = await proxy.waitLine((l) => l.msg === 'access' && l.path === '/stall');
  assert.match(line.error, /client/);
});

test('routes match by host, method and path prefix; the upstream base path prefixes the target', async () => {
  const a = await startUpstream(scope, (req, res) => res.end(`a ${req.method} ${req.url}`));
  const b = await startUpstream(scope, (req, res) => res.end(`b ${req.method} ${req.url}`));
  const proxy = await proxyTo(a.url, {
    upstreams: { hs: a.url, other: `${b.url}/base` },
    routes: [
      { name: 'by-host', upstream: 'other', hosts: ['api.test'], path_prefix: '/' },
      { name: 'by-method', upstream: 'other', methods: ['DELETE'], path_prefix: '/items/' },
      { name: 'by-path', upstream: 'other', path_prefix: '/b/' },
      { name: 'main', upstream: 'hs', path_prefix: '/app/' },
    ],
    server: { server_names: ['localhost', 'api.test'] },
  });
  const send = async (line, host = 'localhost') => {
    const c = await RawConn.open(proxy.port.http);
    await c.write(`${line} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    const res = await c.response();
    c.destroy();
    return res;
  };
  assert.equal((await send('GET /app/x?q=1')).text, 'a GET /app/x?q=1');
  assert.equal((await send('GET /app/x', 'API.test:8080')).text, 'b GET /base/app/x');
  assert.equal((await send('DELETE /items/7')).text, 'b DELETE /base/items/7');
  assert.equal((await send('GET /b/y')).text, 'b GET /base/b/y');
  const none = await send('GET /nowhere');
  assert.equal(none.status, 404);
  assert.equal(none.text, 'Адрес не найден\n');
  await proxy.waitLine((l) => l.msg === 'access' && l.path === '/nowhere');
  assert.deepEqual(proxy.access().map((l) => `${l.route} ${l.status}`),
    ['main 200', 'by-host 200', 'by-method 200', 'by-path 200', 'none 404']);
});
