// 1C emulator → proxy status events: POST /_stand/status-event makes the stand send
// POST <proxy>/_hs1c/1c/status with Basic auth (optionally CR LF-broken Base64), over HTTP or HTTPS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStand, control } from '../../lib/harness.mjs';

// A stand-in for the proxy: records what arrives (raw bytes too) and answers as told.
function fakeProxy(server) {
  const seen = [];
  let rawData = '';
  let answer = { status: 202, body: '{"stored":true}' };
  server.on('connection', (socket) => socket.on('data', (d) => { rawData += d.toString('latin1'); }));
  server.on('secureConnection', (socket) => socket.on('data', (d) => { rawData += d.toString('latin1'); }));
  server.on('request', (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
  });
  return {
    seen, raw: () => rawData, clearRaw: () => { rawData = ''; },
    answer: (a) => { answer = a; },
    listen: () => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port))),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

const decodeBasic = (h) => Buffer.from(h.replace(/^Basic\s+/, '').replace(/\s+/g, ''), 'base64').toString('utf8');

let proxy;
let stand;
let url;
before(async () => {
  // Real 1C folds its Base64 over lines; the proxy must accept that, so this fake proxy does too.
  proxy = fakeProxy(http.createServer({ insecureHTTPParser: true }));
  const port = await proxy.listen();
  stand = await startStand({ emulators: ['onec'], args: ['--proxy', `http://127.0.0.1:${port}`] });
  url = stand.url.onec;
});
after(async () => { await stand.stop(); await proxy.close(); });

test('status event: POST /_hs1c/1c/status with the JSON body and Basic auth; the proxy answer is relayed', async () => {
  const answer = await control(url, 'status-event', { id: '7b0c6a52-9a51-11ee-8c90-0242ac120002', status: 'payment', at: '2026-12-03T12:00:00' });
  assert.equal(answer.status, 202);
  assert.equal(answer.body, '{"stored":true}');
  const got = proxy.seen.at(-1);
  assert.equal(got.method, 'POST');
  assert.equal(got.url, '/_hs1c/1c/status');
  assert.match(got.headers['content-type'], /^application\/json/);
  assert.deepEqual(JSON.parse(got.body), { id: '7b0c6a52-9a51-11ee-8c90-0242ac120002', status: 'payment', at: '2026-12-03T12:00:00' });
  assert.equal(got.body, '{"id":"7b0c6a52-9a51-11ee-8c90-0242ac120002","status":"payment","at":"2026-12-03T12:00:00"}');
  assert.equal(got.headers.authorization, 'Basic ' + Buffer.from('1c-status:hs1c-demo-status').toString('base64'));
  assert.equal(decodeBasic(got.headers.authorization), '1c-status:hs1c-demo-status');

  const state = await control(url, 'state');
  assert.equal(state.status_events.at(-1).status, 202);
});

test('status event: "at" defaults to now as YYYY-MM-DDThh:mm:ss; the proxy\'s refusal is relayed too', async () => {
  proxy.answer({ status: 401, body: '{"error":{"code":"unauthorized"}}' });
  const answer = await control(url, 'status-event', { id: 'abc', status: 'invoice' });
  proxy.answer({ status: 202, body: '{"stored":true}' });
  assert.equal(answer.status, 401);
  assert.equal(answer.body, '{"error":{"code":"unauthorized"}}');
  const body = JSON.parse(proxy.seen.at(-1).body);
  assert.equal(body.status, 'invoice');
  assert.match(body.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);

  const bad = await fetch(`${url}/_stand/status-event`, { method: 'POST', body: '{"id":"x"}' });
  assert.equal(bad.status, 400);
});

test('status_user / status_password: a Cyrillic login is sent as UTF-8 bytes', async () => {
  await control(url, 'quirks', { status_user: 'Обмен1С', status_password: 'пароль' });
  await control(url, 'status-event', { id: 'abc', status: 'payment' });
  await control(url, 'reset', {});
  assert.equal(decodeBasic(proxy.seen.at(-1).headers.authorization), 'Обмен1С:пароль');
});

test('status_auth_crlf: CR LF inside the Base64 (folded), off: one unbroken token', async () => {
  const b64 = Buffer.from('1c-status:hs1c-demo-status').toString('base64');
  await control(url, 'quirks', { status_auth_crlf: true });
  proxy.clearRaw();
  const answer = await control(url, 'status-event', { id: 'abc', status: 'payment' });
  assert.equal(answer.status, 202);
  assert.ok(proxy.raw().includes(`Authorization: Basic ${b64.slice(0, 16)}\r\n ${b64.slice(16, 32)}\r\n ${b64.slice(32)}\r\n`), proxy.raw());
  assert.equal(decodeBasic(proxy.seen.at(-1).headers.authorization), '1c-status:hs1c-demo-status');

  await control(url, 'quirks', { status_auth_crlf: false });
  proxy.clearRaw();
  await control(url, 'status-event', { id: 'abc', status: 'payment' });
  assert.ok(proxy.raw().includes(`Authorization: Basic ${b64}\r\n`));
  await control(url, 'reset', {});
});

test('status event to a proxy that is not listening answers 502 with the reason', async () => {
  const closed = http.createServer();
  const port = await new Promise((resolve) => closed.listen(0, '127.0.0.1', () => resolve(closed.address().port)));
  await new Promise((resolve) => closed.close(resolve));
  const other = await startStand({ emulators: ['onec'], args: ['--proxy', `http://127.0.0.1:${port}/`] });
  try {
    const res = await fetch(`${other.url.onec}/_stand/status-event`, { method: 'POST', body: '{"id":"a","status":"payment"}' });
    assert.equal(res.status, 502);
    assert.match((await res.json()).error, /^connect: /);
  } finally {
    await other.stop();
  }
});

test('status event over HTTPS: verified with status_ca_file, unverified without it, refused with a wrong CA', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'onec-status-'));
  const cert = (name) => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', path.join(dir, `${name}.key`), '-out', path.join(dir, `${name}.crt`)], { stdio: 'ignore' });
    return { key: readFileSync(path.join(dir, `${name}.key`)), cert: readFileSync(path.join(dir, `${name}.crt`)), file: path.join(dir, `${name}.crt`) };
  };
  const good = cert('proxy');
  const wrong = cert('other');
  const tlsProxy = fakeProxy(https.createServer({ key: good.key, cert: good.cert }));
  const port = await tlsProxy.listen();
  const other = await startStand({ emulators: ['onec'], args: ['--proxy', `https://localhost:${port}`] });
  try {
    const u = other.url.onec;
    const unverified = await control(u, 'status-event', { id: 'tls-1', status: 'payment' });
    assert.equal(unverified.status, 202);
    await control(u, 'quirks', { status_ca_file: good.file });
    const verified = await control(u, 'status-event', { id: 'tls-2', status: 'invoice' });
    assert.equal(verified.status, 202);
    assert.deepEqual(tlsProxy.seen.map((s) => JSON.parse(s.body).id), ['tls-1', 'tls-2']);
    assert.equal(tlsProxy.seen[1].url, '/_hs1c/1c/status');
    assert.equal(tlsProxy.seen[1].headers.host, `localhost:${port}`);

    await control(u, 'quirks', { status_ca_file: wrong.file });
    const res = await fetch(`${u}/_stand/status-event`, { method: 'POST', body: '{"id":"tls-3","status":"payment"}' });
    assert.equal(res.status, 502);
    assert.match((await res.json()).error, /^TLS handshake: /);
    assert.equal(tlsProxy.seen.length, 2);
  } finally {
    await other.stop();
    await tlsProxy.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
