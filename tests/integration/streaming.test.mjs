// Bodies stream with bounded memory: a 200 MB download and a 200 MB upload through the proxy, the
// proxy's resident memory sampled from /proc while bytes flow, the bytes checked by hash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { fileScope, makeRules, startProxy, tempDir, vmRssKb } from './lib/proxy.mjs';
import { startUpstream } from './lib/upstream.mjs';

const scope = fileScope(after);
const totalBytes = 200 * 1024 * 1024;
const blockBytes = 64 * 1024;
const rssLimitKb = 64 * 1024;
const sampleMs = 50;

let up;
let proxy;

// A deterministic block stream: block i is filled from a seed so both ends can hash it.
function block(i) {
  const b = Buffer.alloc(blockBytes, i % 251);
  b.writeUInt32BE(i, 0);
  return b;
}
const blocks = totalBytes / blockBytes;
const expectedHash = (() => {
  const h = createHash('sha256');
  for (let i = 0; i < blocks; i += 1) h.update(block(i));
  return h.digest('hex');
})();

// Writes every block to `w` respecting backpressure.
async function writeBlocks(w) {
  for (let i = 0; i < blocks; i += 1) {
    if (!w.write(block(i))) await new Promise((r) => w.once('drain', r));
  }
  w.end();
}

function sampler(pid) {
  let peak = 0;
  const timer = setInterval(() => { peak = Math.max(peak, vmRssKb(pid)); }, sampleMs);
  timer.unref();  // a failed transfer must not keep the test process alive
  return { stop: () => { clearInterval(timer); return Math.max(peak, vmRssKb(pid)); } };
}

before(async () => {
  const dir = await tempDir(scope);
  up = await startUpstream(scope, (req, res, rec) => {
    if (req.method === 'GET') {
      const headers = { 'Content-Type': 'application/octet-stream' };
      if (req.url !== '/big-chunked') headers['Content-Length'] = totalBytes;
      res.writeHead(200, headers);
      writeBlocks(res);
      return;
    }
    const h = createHash('sha256');
    let n = 0;
    req.on('data', (c) => { h.update(c); n += c.length; });
    req.on('end', () => res.end(JSON.stringify({ bytes: n, hash: h.digest('hex') })));
  }, { streaming: true });
  proxy = await startProxy(scope, dir, makeRules(dir, {
    upstreams: { hs: up.url },
    server: { limits: { body_bytes: totalBytes * 2 } },
  }));
});

async function download(path) {
  const s = sampler(proxy.pid);
  const { hash, bytes } = await new Promise((resolve, reject) => {
    http.get(`http://localhost:${proxy.port.http}${path}`, (res) => {
      const h = createHash('sha256');
      let n = 0;
      res.on('data', (c) => { h.update(c); n += c.length; });
      res.on('end', () => resolve({ hash: h.digest('hex'), bytes: n }));
      res.on('error', reject);
    }).on('error', reject);
  });
  const peak = s.stop();
  assert.equal(bytes, totalBytes);
  assert.equal(hash, expectedHash);
  assert.ok(peak < rssLimitKb, `peak RSS ${peak} kB`);
}

test('a 200 MB download (Content-Length) streams with bounded proxy memory', () => download('/big'));

test('a 200 MB download (chunked) streams with bounded proxy memory', () => download('/big-chunked'));

test('a 200 MB upload (chunked) streams with bounded proxy memory', async () => {
  const s = sampler(proxy.pid);
  const answer = await new Promise((resolve, reject) => {
    const req = http.request(`http://localhost:${proxy.port.http}/upload`, { method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' } }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    writeBlocks(req);
  });
  const peak = s.stop();
  assert.equal(answer.status, 200);
  assert.deepEqual(JSON.parse(answer.text), { bytes: totalBytes, hash: expectedHash });
  assert.ok(peak < rssLimitKb, `peak RSS ${peak} kB`);
});

test('a 200 MB upload with Content-Length streams too', async () => {
  const s = sampler(proxy.pid);
  const answer = await new Promise((resolve, reject) => {
    const req = http.request(`http://localhost:${proxy.port.http}/upload-cl`, { method: 'POST',
      headers: { 'Content-Length': totalBytes } }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    writeBlocks(req);
  });
  const peak = s.stop();
  assert.equal(answer.status, 200);
  assert.deepEqual(JSON.parse(answer.text), { bytes: totalBytes, hash: expectedHash });
  assert.ok(peak < rssLimitKb, `peak RSS ${peak} kB`);
});
