// TLS on both sides: the public HTTPS listener (1.2 and 1.3 accepted, 1.1 refused, ALPN http/1.1)
// and an HTTPS upstream verified against a CA file with SNI equal to its host name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { once } from 'node:events';
import path from 'node:path';
import { devCerts, fileScope, makeRules, startProxy, tempDir } from './lib/proxy.mjs';
import { startUpstream } from './lib/upstream.mjs';
import { request } from './lib/client.mjs';
import { RawConn } from './lib/raw.mjs';

const scope = fileScope(after);
let certs;
let otherCerts;
let up;
let proxy;
const sni = [];

before(async () => {
  const dir = await tempDir(scope);
  certs = await devCerts(dir);
  otherCerts = await devCerts(path.join(dir, 'other'));
  up = await startUpstream(scope, (req, res) => res.end(`secure ${req.url}`), { tls: certs });
  up.server.on('secureConnection', (s) => sni.push(s.servername));
  proxy = await startProxy(scope, dir, makeRules(dir, {
    upstreams: {
      hs: { url: `https://localhost:${up.port}`, ca_file: certs.ca },
      wrong: { url: `https://localhost:${up.port}`, ca_file: otherCerts.ca },
    },
    routes: [
      { name: 'wrong', upstream: 'wrong', path_prefix: '/wrong' },
      { name: 'main', upstream: 'hs', path_prefix: '/' },
    ],
    listeners: [{ name: 'https', address: '127.0.0.1:0', tls: { cert: certs.cert, key: certs.key } }],
  }));
});

async function handshake(options) {
  const s = tls.connect({ host: '127.0.0.1', port: proxy.port.https, servername: 'localhost', ca: certs.caPem, ...options });
  try {
    await once(s, 'secureConnect');
    return { protocol: s.getProtocol(), alpn: s.alpnProtocol, socket: s };
  } catch (e) {
    return { error: e };
  }
}

for (const version of ['TLSv1.2', 'TLSv1.3']) {
  test(`${version} is accepted and serves requests`, async () => {
    const res = await request(`https://localhost:${proxy.port.https}/v`, {
      ca: certs.caPem, minVersion: version, maxVersion: version,
    });
    assert.equal(res.status, 200);
    assert.equal(res.text, 'secure /v');
    const h = await handshake({ minVersion: version, maxVersion: version });
    assert.equal(h.protocol, version);
    h.socket.destroy();
  });
}

test('TLS 1.1 is refused', async () => {
  const tls11 = { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' };
  // Control: this client can speak TLS 1.1 to a server that allows it, so the refusal is the proxy's.
  const control = tls.createServer({ cert: certs.certPem, key: certs.keyPem, ...tls11 }, (s) => s.end());
  control.listen(0, '127.0.0.1');
  await once(control, 'listening');
  const c = tls.connect({ host: '127.0.0.1', port: control.address().port, servername: 'localhost', ca: certs.caPem, ...tls11 });
  await once(c, 'secureConnect');
  assert.equal(c.getProtocol(), 'TLSv1.1');
  c.destroy();
  control.close();
  const h = await handshake(tls11);
  assert.ok(h.error, `handshake succeeded with ${h.protocol}`);
  assert.equal(h.socket, undefined);
});

test('ALPN selects http/1.1 (h2 is not offered back)', async () => {
  const h = await handshake({ ALPNProtocols: ['h2', 'http/1.1'] });
  assert.equal(h.alpn, 'http/1.1');
  h.socket.destroy();
});

test('HTTPS upstream: certificate verified with ca_file, SNI is the upstream host name', async () => {
  const res = await request(`https://localhost:${proxy.port.https}/up`, { ca: certs.caPem });
  assert.equal(res.status, 200);
  assert.equal(res.text, 'secure /up');
  assert.ok(sni.length >= 1);
  assert.ok(sni.every((n) => n === 'localhost'), JSON.stringify(sni));
  const rec = up.requests.at(-1);
  assert.equal(rec.headers.host, `localhost:${up.port}`);
  assert.equal(rec.headers['x-forwarded-proto'], 'https');
});

test('HTTPS upstream signed by another CA: 502 and nothing served', async () => {
  const before = up.requests.length;
  const res = await request(`https://localhost:${proxy.port.https}/wrong/x`, { ca: certs.caPem });
  assert.equal(res.status, 502);
  assert.equal(up.requests.length, before, 'the upstream served nothing');
  const line = await proxy.waitLine((l) => l.msg === 'access' && l.path === '/wrong/x');
  assert.equal(line.status, 502);
  assert.match(line.error, /TLS handshake|certificate/i);
});

test('plain HTTP sent to the HTTPS listener is dropped; the listener keeps serving', async () => {
  const c = await RawConn.open(proxy.port.https);
  await c.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
  await c.waitClosed();
  assert.doesNotMatch(c.buf.toString('latin1'), /^HTTP\/1\.1 200/);
  const res = await request(`https://localhost:${proxy.port.https}/still`, { ca: certs.caPem });
  assert.equal(res.text, 'secure /still');
});
