// Proxy hygiene on both public listeners: hop-by-hop and Connection-named headers removed both ways,
// forwarding headers set by the proxy alone, Host and origin rewrites between upstream and public side.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { devCerts, fileScope, makeRules, startProxy, tempDir } from './lib/proxy.mjs';
import { rawExchange } from './lib/raw.mjs';
import { startUpstream } from './lib/upstream.mjs';
import { request } from './lib/client.mjs';

const t = fileScope(after);
let up;
let proxy;
let certs;
const requestIdPattern = /^[0-9a-f]{32}$/;

before(async () => {
  const dir = await tempDir(t);
  certs = await devCerts(dir);
  up = await startUpstream(t, (req, res) => {
    const origin = `http://localhost:${up.port}`;
    if (req.url === '/redirect') {
      res.writeHead(302, [
        ['Location', `${origin}/next?a=1`],
        ['Content-Location', `${origin}/here`],
        ['Refresh', `5; url=${origin}/later`],
        ['Set-Cookie', 'sid=1; Domain=localhost; Path=/; HttpOnly'],
        ['Set-Cookie', 'other=2; Domain=elsewhere.example; Path=/'],
        ['Content-Length', '0'],
      ]);
      return res.end();
    }
    if (req.url === '/foreign-location') {
      res.writeHead(302, { Location: 'https://elsewhere.example/x', 'Content-Length': '0' });
      return res.end();
    }
    res.writeHead(200, [
      ['Content-Type', 'text/plain'],
      ['Connection', 'keep-alive, X-Up-Hop'],
      ['X-Up-Hop', 'upstream-secret'],
      ['Keep-Alive', 'timeout=5'],
      ['Proxy-Authenticate', 'Basic realm="x"'],
      ['X-End-To-End', 'kept'],
      ['Content-Length', '2'],
    ]);
    res.end('ok');
  });
  proxy = await startProxy(t, dir, makeRules(dir, {
    upstreams: { hs: `http://localhost:${up.port}` },
    listeners: [
      { name: 'http', address: '127.0.0.1:0' },
      { name: 'https', address: '127.0.0.1:0', tls: { cert: certs.cert, key: certs.key } },
    ],
  }));
});

const hopHeaders = {
  Connection: 'keep-alive, X-Custom-Hop',
  'X-Custom-Hop': 'must-not-pass',
  'Keep-Alive': 'timeout=5',
  'Proxy-Connection': 'keep-alive',
  TE: 'trailers',
  'Proxy-Authorization': 'Basic c2VjcmV0',
  'X-Forwarded-For': '6.6.6.6',
  'X-Forwarded-Host': 'evil.example',
  'X-Forwarded-Proto': 'gopher',
  'X-Request-ID': 'client-chosen-id-0123456789abcdef',
  Via: '1.0 evil',
  'X-End-To-End': 'kept',
};

for (const scheme of ['http', 'https']) {
  test(`${scheme}: request hop-by-hop headers removed, forwarding headers set by the proxy`, async () => {
    const port = proxy.port[scheme];
    const res = await request(`${scheme}://localhost:${port}/page?q=1`, { headers: hopHeaders, ca: certs.caPem });
    assert.equal(res.status, 200);
    const rec = up.requests.at(-1);
    assert.equal(rec.url, '/page?q=1');
    for (const h of ['x-custom-hop', 'keep-alive', 'proxy-connection', 'te', 'proxy-authorization'])
      assert.deepEqual(up.headerValues(rec, h), [], h);
    assert.deepEqual(up.headerValues(rec, 'connection').filter((v) => /x-custom-hop/i.test(v)), []);
    assert.deepEqual(up.headerValues(rec, 'x-end-to-end'), ['kept']);
    assert.deepEqual(up.headerValues(rec, 'host'), [`localhost:${up.port}`]);
    assert.deepEqual(up.headerValues(rec, 'x-forwarded-for'), ['127.0.0.1']);
    assert.deepEqual(up.headerValues(rec, 'x-forwarded-proto'), [scheme]);
    assert.deepEqual(up.headerValues(rec, 'x-forwarded-host'), [`localhost:${port}`]);
    assert.deepEqual(up.headerValues(rec, 'via'), ['1.0 evil, 1.1 hs1c']);
    const [id] = up.headerValues(rec, 'x-request-id');
    assert.match(id, requestIdPattern);
    assert.equal(res.headers['x-request-id'], id, 'the client gets the id the upstream saw');
  });

  test(`${scheme}: response hop-by-hop and Connection-named headers removed`, async () => {
    const res = await request(`${scheme}://localhost:${proxy.port[scheme]}/plain`, { ca: certs.caPem });
    assert.equal(res.status, 200);
    assert.equal(res.text, 'ok');
    assert.equal(res.headers['x-up-hop'], undefined);
    assert.equal(res.headers['keep-alive'], undefined);
    assert.equal(res.headers['proxy-authenticate'], undefined);
    assert.equal(res.headers['x-end-to-end'], 'kept');
    assert.match(res.headers['x-request-id'], requestIdPattern);
  });

  test(`${scheme}: Location, Content-Location, Refresh and Set-Cookie Domain rewritten to the public origin`, async () => {
    const port = proxy.port[scheme];
    const res = await request(`${scheme}://localhost:${port}/redirect`, { ca: certs.caPem });
    const pub = `${scheme}://localhost:${port}`;
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, `${pub}/next?a=1`);
    assert.equal(res.headers['content-location'], `${pub}/here`);
    assert.equal(res.headers.refresh, `5; url=${pub}/later`);
    assert.deepEqual(res.headers['set-cookie'], [
      'sid=1; Domain=localhost; Path=/; HttpOnly',
      'other=2; Domain=elsewhere.example; Path=/',
    ]);
  });
}

test('Set-Cookie Domain of the upstream host becomes the public host', async () => {
  // The public host differs from the upstream's here, so the rewrite is visible.
  const port = proxy.port.http;
  const res = await request(`http://127.0.0.1:${port}/redirect`, { headers: { Host: `127.0.0.1:${port}` } });
  assert.equal(res.status, 302);
  assert.equal(res.headers.location, `http://127.0.0.1:${port}/next?a=1`);
  assert.deepEqual(res.headers['set-cookie'], [
    'sid=1; Domain=127.0.0.1; Path=/; HttpOnly',
    'other=2; Domain=elsewhere.example; Path=/',
  ]);
});

test('a Location to another origin is left alone', async () => {
  const res = await request(`http://localhost:${proxy.port.http}/foreign-location`);
  assert.equal(res.status, 302);
  assert.equal(res.headers.location, 'https://elsewhere.example/x');
});

test('every answer carries a fresh X-Request-ID (an incoming one is not trusted by default)', async () => {
  const a = await request(`http://localhost:${proxy.port.http}/plain`, { headers: { 'X-Request-ID': 'abc' } });
  const b = await request(`http://localhost:${proxy.port.http}/plain`);
  assert.match(a.headers['x-request-id'], requestIdPattern);
  assert.match(b.headers['x-request-id'], requestIdPattern);
  assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
});

test('with server.trust_request_id a valid incoming X-Request-ID is kept; an invalid one is replaced', async () => {
  const dir = await tempDir(t);
  const p = await startProxy(t, dir, makeRules(dir, {
    upstreams: { hs: `http://localhost:${up.port}` }, server: { trust_request_id: true },
  }));
  const incoming = '0123456789abcdef0123456789abcdef';
  const kept = await request(`http://localhost:${p.port.http}/plain`, { headers: { 'X-Request-ID': incoming } });
  assert.equal(kept.headers['x-request-id'], incoming);
  assert.deepEqual(up.headerValues(up.requests.at(-1), 'x-request-id'), [incoming]);
  const bad = await request(`http://localhost:${p.port.http}/plain`, { headers: { 'X-Request-ID': 'bad id\twith\tspaces' } });
  assert.match(bad.headers['x-request-id'], requestIdPattern);
});

test('an X-Forwarded-For sent twice by the client never reaches the upstream', async () => {
  const res = await rawExchange(proxy.port.http,
    'GET /plain HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 1.1.1.1\r\nX-Forwarded-For: 2.2.2.2\r\n\r\n');
  assert.equal(res.status, 200);
  assert.deepEqual(up.headerValues(up.requests.at(-1), 'x-forwarded-for'), ['127.0.0.1']);
  res.conn.destroy();
});
