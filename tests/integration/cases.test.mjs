// Every raw request in tests/fixtures/cases/proxy/ sent byte-for-byte to the public listener, plus the
// framing variants around them: status, closing, and whether anything reached the upstream.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { fileScope, fixture, makeRules, startProxy, tempDir, waitUntil } from './lib/proxy.mjs';
import { startUpstream } from './lib/upstream.mjs';
import { RawConn, rawExchange } from './lib/raw.mjs';

const headerLimit = 8192;
let up;
let proxy;
let port;
const held = [];  // upstream answers a test holds back
const t = fileScope(after);

before(async () => {
  const dir = await tempDir(t);
  up = await startUpstream(t, (req, res, body) => {
    if (req.url.startsWith('/hold')) return held.push(res);  // answered by the test that holds it
    res.setHeader('content-type', 'text/plain');
    res.end(`got ${req.method} ${req.url} ${body.length}`);
  });
  proxy = await startProxy(t, dir, makeRules(dir, {
    upstreams: { hs: up.url },
    server: { limits: { header_bytes: headerLimit } },
  }));
  port = proxy.port.http;
});

async function refused(bytes, status = 400) {
  const before = up.requests.length;
  const res = await rawExchange(port, bytes, { expectClose: true });
  assert.equal(res.status, status);
  assert.equal(res.conn.closed, true);
  assert.equal(up.requests.length, before, 'nothing reaches the upstream');
  return res;
}

test('cl-and-te.http: 400, closed, nothing forwarded', async () => {
  await refused(fixture('cases/proxy/cl-and-te.http'));
});

test('te-gzip-then-cl.http: 400, closed, nothing forwarded', async () => {
  await refused(fixture('cases/proxy/te-gzip-then-cl.http'));
});

test('chunked-on-http10.http: 400, nothing forwarded', async () => {
  await refused(fixture('cases/proxy/chunked-on-http10.http'));
});

test('duplicate-cl-differ.http: 400, nothing forwarded', async () => {
  await refused(fixture('cases/proxy/duplicate-cl-differ.http'));
});

test('missing-host.http: 400', async () => {
  await refused(fixture('cases/proxy/missing-host.http'));
});

test('header-flood.http: 431 and closed', async () => {
  const res = await refused(fixture('cases/proxy/header-flood.http'), 431);
  assert.match(res.headers['content-type'], /^text\/plain/);
});

test('absolute-form-foreign.http: refused, the foreign address never dialled, nothing upstream', async () => {
  const before = up.requests.length;
  const connsBefore = up.connections;
  const res = await rawExchange(port, fixture('cases/proxy/absolute-form-foreign.http'), { expectClose: true });
  assert.ok(res.status === 400 || res.status === 403, `status ${res.status}`);
  assert.equal(up.requests.length, before);
  assert.equal(up.connections, connsBefore);
  // The log names no part of a non-origin target (an absolute URL may carry user:password).
  const line = await proxy.waitLine((l) => l.msg === 'access' && l.path === '(non-origin target)');
  assert.equal(line.status, res.status);
  assert.equal(line.upstream, undefined, 'no upstream for a foreign absolute-form target');
});

test('absolute-form naming a listening loopback address that is not ours: refused, never dialled', async () => {
  const spy = net.createServer((s) => { spied += 1; s.destroy(); });
  let spied = 0;
  spy.listen(0, '127.0.0.2');
  await once(spy, 'listening');
  t.after(() => spy.close());
  const target = `127.0.0.2:${spy.address().port}`;
  const before = up.requests.length;
  const res = await rawExchange(port, `GET http://${target}/x HTTP/1.1\r\nHost: ${target}\r\n\r\n`, { expectClose: true });
  assert.ok(res.status === 400 || res.status === 403, `status ${res.status}`);
  assert.equal(up.requests.length, before);
  // Ask the proxy something else and wait for its answer, so a dial would have happened by now.
  const after = await rawExchange(port, 'GET /sync HTTP/1.1\r\nHost: localhost\r\n\r\n');
  after.conn.destroy();
  assert.equal(spied, 0, 'the foreign address was never dialled');
});

test('absolute-form naming our own host is served', async () => {
  const res = await rawExchange(port, `GET http://localhost:${port}/own?x=1 HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`);
  assert.equal(res.status, 200);
  assert.equal(res.text, 'got GET /own?x=1 0');
});

test('connection-names-xff.http: X-Secret-Hop dropped, X-Forwarded-For is the peer', async () => {
  const before = up.requests.length;
  const res = await rawExchange(port, fixture('cases/proxy/connection-names-xff.http'));
  assert.equal(res.status, 200);
  assert.equal(up.requests.length, before + 1);
  const rec = up.requests.at(-1);
  assert.equal(rec.url, '/index.html');
  assert.deepEqual(up.headerValues(rec, 'x-secret-hop'), []);
  assert.deepEqual(up.headerValues(rec, 'x-forwarded-for'), ['127.0.0.1']);
  res.conn.destroy();
});

test('expect-100-continue.http: 100 Continue, then the final answer, body forwarded', async () => {
  const c = await RawConn.open(port);
  const bytes = fixture('cases/proxy/expect-100-continue.http');
  const split = bytes.indexOf('\r\n\r\n') + 4;
  await c.write(bytes.subarray(0, split));  // header only: a deadlock would hang here
  const interim = await c.response();
  assert.equal(interim.status, 100);
  await c.write(bytes.subarray(split));
  const res = await c.response();
  assert.equal(res.status, 200);
  assert.equal(res.text, 'got POST /ajax 28');
  assert.equal(up.requests.at(-1).body.toString(), 'method=script.load&id=1&x=yz');
  assert.deepEqual(up.headerValues(up.requests.at(-1), 'expect'), []);
  c.destroy();
});

function post(te, extra = '') {
  return `POST /te HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: ${te}\r\n${extra}\r\n5\r\nhello\r\n0\r\n\r\n`;
}

test('Transfer-Encoding: chunked<TAB> is refused', async () => {
  await refused(post('chunked\t'));
});

test('Transfer-Encoding: gzip, chunked is refused', async () => {
  await refused(post('gzip, chunked'));
});

test('Transfer-Encoding twice (chunked, chunked) is refused', async () => {
  await refused(post('chunked', 'Transfer-Encoding: chunked\r\n'));
});

test('Transfer-Encoding: "chunked " (trailing space, RFC OWS) is accepted, consistently', async () => {
  for (let i = 0; i < 2; i += 1) {
    const before = up.requests.length;
    const res = await rawExchange(port, post('chunked '));
    assert.equal(res.status, 200);
    assert.equal(res.text, 'got POST /te 5');
    assert.equal(up.requests.length, before + 1);
    assert.equal(up.requests.at(-1).body.toString(), 'hello');
    res.conn.destroy();
  }
});

test('Transfer-Encoding: Chunked (any case) is accepted', async () => {
  const res = await rawExchange(port, post('Chunked'));
  assert.equal(res.status, 200);
  assert.equal(up.requests.at(-1).body.toString(), 'hello');
  res.conn.destroy();
});

test('identical duplicate Content-Length is accepted', async () => {
  const res = await rawExchange(port,
    'POST /cl HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello');
  // A 400 here comes from the upstream (Node refuses duplicate fields) when both are forwarded.
  assert.equal(res.status, 200, 'the proxy must forward one Content-Length');
  assert.equal(res.text, 'got POST /cl 5');
  assert.equal(up.requests.at(-1).body.toString(), 'hello');
  assert.deepEqual(up.headerValues(up.requests.at(-1), 'content-length'), ['5']);
  res.conn.destroy();
});

test('Transfer-Encoding continued on an obs-fold line is refused', async () => {
  await refused('POST /te HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n gzip\r\n\r\n0\r\n\r\n');
});

for (const value of ['+5', '-5', '5 5', '0x5', '']) {
  test(`Content-Length ${JSON.stringify(value)} is refused`, async () => {
    await refused(`POST /cl HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${value}\r\n\r\nhello`);
  });
}

test('two pipelined requests in one write are answered in order', async () => {
  const c = await RawConn.open(port);
  await c.write('GET /p1 HTTP/1.1\r\nHost: localhost\r\n\r\nPOST /p2 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc');
  assert.equal((await c.response()).text, 'got GET /p1 0');
  assert.equal((await c.response()).text, 'got POST /p2 3');
  c.destroy();
});

test('a refused request after a good one on the same connection: the good answer stands, then 400 and close', async () => {
  const c = await RawConn.open(port);
  const before = up.requests.length;
  await c.write('GET /fine HTTP/1.1\r\nHost: localhost\r\n\r\n');
  assert.equal((await c.response()).text, 'got GET /fine 0');
  await c.write(fixture('cases/proxy/cl-and-te.http'));
  assert.equal((await c.response()).status, 400);
  await c.waitClosed();
  assert.equal(up.requests.length, before + 1);
});

test('duplicate Host is refused', async () => {
  await refused('GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n');
});

test('HTTP/1.0 without Host is accepted', async () => {
  const res = await rawExchange(port, 'GET /old HTTP/1.0\r\n\r\n', { expectClose: true });
  assert.equal(res.status, 200);
  assert.equal(res.version, '1.0');
  assert.equal(res.text, 'got GET /old 0');
});

test('a malformed request never affects other connections', async () => {
  const bad = [
    'cases/proxy/cl-and-te.http', 'cases/proxy/te-gzip-then-cl.http', 'cases/proxy/chunked-on-http10.http',
    'cases/proxy/duplicate-cl-differ.http', 'cases/proxy/missing-host.http', 'cases/proxy/header-flood.http',
    'cases/proxy/absolute-form-foreign.http',
  ].map((f) => fixture(f));
  bad.push(Buffer.from('\x00\x01garbage\r\n\r\n'), Buffer.from(post('chunked\t')));

  // A good request whose answer the upstream holds while every malformed one is refused.
  const slow = await RawConn.open(port);
  await slow.write('GET /hold HTTP/1.1\r\nHost: localhost\r\n\r\n');
  await waitUntil(() => held.length === 1, { what: 'the held request upstream' });

  const goods = Array.from({ length: 4 }, (_, i) =>
    rawExchange(port, `GET /good${i} HTTP/1.1\r\nHost: localhost\r\n\r\n`));
  const bads = bad.map((b) => rawExchange(port, b, { expectClose: true }));
  const badRes = await Promise.all(bads);
  for (const r of badRes) assert.ok([400, 403, 431].includes(r.status), `status ${r.status}`);
  const goodRes = await Promise.all(goods);
  goodRes.forEach((r, i) => { assert.equal(r.status, 200); assert.equal(r.text, `got GET /good${i} 0`); r.conn.destroy(); });

  held[0].end('held answer');
  const res = await slow.response();
  assert.equal(res.status, 200);
  assert.equal(res.text, 'held answer');
  slow.destroy();
  assert.equal(proxy.proc.exitCode, null, 'the proxy is still running');
});

test('bare-LF header lines are refused at once, not after the header deadline', async () => {
  const started = Date.now();
  await refused(Buffer.from('GET /lf HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\t\n\n0\n\n'));
  // header_read is 10 s by default: answering well before it shows the read did not wait it out.
  assert.ok(Date.now() - started < 5000, `answered after ${Date.now() - started} ms`);
});

test('a Host that is not one of server_names is refused with 421 and not forwarded', async () => {
  await refused(Buffer.from('GET /other HTTP/1.1\r\nHost: evil.example\r\n\r\n'), 421);
  await refused(Buffer.from('GET /other HTTP/1.1\r\nHost: evil.example:8080\r\n\r\n'), 421);
});

test('a chunked body with a broken chunk gets 400, not a silent close', async () => {
  const res = await rawExchange(port,
    'POST /badchunk HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n',
    { expectClose: true });
  assert.equal(res.status, 400);
  assert.equal(res.conn.closed, true);
});

test('credentials in an absolute-form target never reach the access log', async () => {
  await refused(Buffer.from('GET http://user:USERINFOSECRET@evil.example/x?q=QSECRET HTTP/1.1\r\nHost: localhost\r\n\r\n'));
  await proxy.waitLine((l) => l.msg === 'access' && l.path === '(non-origin target)');
  assert.ok(!proxy.lines.some((l) => JSON.stringify(l).includes('SECRET')));
});

test('refused requests carry a request id and are counted in the metrics', async () => {
  const res = await rawExchange(port, fixture('cases/proxy/cl-and-te.http'), { expectClose: true });
  assert.match(res.headers['x-request-id'], /^[0-9a-f]{32}$/);
  const metrics = await (await fetch(`http://127.0.0.1:${proxy.port.admin}/metrics`)).text();
  assert.match(metrics, /hs1c_requests_total\{route="refused",status="400"\} [1-9]/);
});
