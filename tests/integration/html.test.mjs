// HTML injection on routes with inject_html: where the plugin's tags go, content codings decoded,
// framing and validators fixed; everything else passes byte-for-byte; the embedded UI assets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileScope, makeRules, sourceDir, startProxy, tempDir } from './lib/proxy.mjs';
import { startUpstream } from './lib/upstream.mjs';
import { request } from './lib/client.mjs';

const scope = fileScope(after);
const snippet = '<link rel="stylesheet" href="/_hs1c/ui/plugin.css"><script defer src="/_hs1c/ui/config.js"></script><script defer src="/_hs1c/ui/plugin.js"></script>';
const pages = {
  '/head': '<!doctype html><html><HEAD><title>т</title></HEAD><body><p>x</p></body></html>',
  '/body': '<html><body><p>no head</p></BODY></html>',
  '/neither': '<p>fragment</p>',
};
const json = '{"status":0,"response":{"html":"</head></body>"}}';
const htmlRewriteBytes = 4096;
const largePage = () => `<html><head></head><body>${'x'.repeat(htmlRewriteBytes * 2)}</body></html>`;
let up;
let proxy;
let base;

before(async () => {
  const dir = await tempDir(scope);
  up = await startUpstream(scope, (req, res) => {
    const key = req.url.replace(/^\/plain/, '');
    if (key === '/json') {
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"j1"' });
      return res.end(json);
    }
    if (key.startsWith('/gzip') || key.startsWith('/deflate')) {
      const page = pages['/head'];
      const coded = key.startsWith('/gzip') ? zlib.gzipSync(page) : zlib.deflateSync(page);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': key.slice(1),
        'Content-Length': coded.length, ETag: '"z1"' });
      return res.end(coded);
    }
    if (key.startsWith('/chunked')) {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.write(pages['/head'].slice(0, 20));
      return res.end(pages['/head'].slice(20));
    }
    if (key.startsWith('/large')) {
      const big = largePage();
      const headers = { 'Content-Type': 'text/html', ETag: '"big"' };
      if (key === '/large-cl') headers['Content-Length'] = Buffer.byteLength(big);
      res.writeHead(200, headers);
      return res.end(big);
    }
    const page = pages[key];
    if (!page) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ETag: '"p1"',
      'Content-Length': Buffer.byteLength(page) });
    res.end(req.method === 'HEAD' ? undefined : page);
  });
  proxy = await startProxy(scope, dir, makeRules(dir, {
    upstreams: { hs: up.url },
    routes: [
      { name: 'plain', upstream: 'hs', path_prefix: '/plain/', inject_html: false },
      { name: 'main', upstream: 'hs', path_prefix: '/', inject_html: true },
    ],
    server: { limits: { html_rewrite_bytes: htmlRewriteBytes } },
  }));
  base = `http://localhost:${proxy.port.http}`;
});

function expectInjected(res, html) {
  assert.equal(res.status, 200);
  assert.equal(res.text, html);
  assert.equal(res.headers['content-length'], String(Buffer.byteLength(html)));
  assert.equal(res.headers.etag, undefined, 'ETag dropped on a rewritten page');
  assert.equal(res.headers['content-encoding'], undefined);
}

test('injected before </head> (any case)', async () => {
  const res = await request(`${base}/head`, { headers: { 'Accept-Encoding': 'gzip, br' } });
  expectInjected(res, pages['/head'].replace('</HEAD>', `${snippet}</HEAD>`));
  assert.equal(up.requests.at(-1).headers['accept-encoding'], 'identity');
});

test('injected before </body> when there is no </head>', async () => {
  expectInjected(await request(`${base}/body`), pages['/body'].replace('</BODY>', `${snippet}</BODY>`));
});

test('appended when there is neither', async () => {
  expectInjected(await request(`${base}/neither`), pages['/neither'] + snippet);
});

for (const coding of ['gzip', 'deflate']) {
  test(`${coding}-encoded HTML from the upstream is decoded and injected`, async () => {
    const res = await request(`${base}/${coding}`);
    expectInjected(res, pages['/head'].replace('</HEAD>', `${snippet}</HEAD>`));
  });
}

test('a chunked HTML answer is injected and sent with a recomputed length', async () => {
  const res = await request(`${base}/chunked`);
  expectInjected(res, pages['/head'].replace('</HEAD>', `${snippet}</HEAD>`));
});

for (const kind of ['large-cl', 'large-chunked']) {
  test(`HTML over html_rewrite_bytes (${kind}) passes through untouched`, async () => {
    const res = await request(`${base}/${kind}`);
    assert.equal(res.status, 200);
    assert.equal(res.text, largePage());
    assert.equal(res.headers.etag, '"big"');
  });
}

test('JSON on an injecting route passes byte-for-byte with its ETag', async () => {
  const res = await request(`${base}/json`);
  assert.equal(res.status, 200);
  assert.equal(res.text, json);
  assert.equal(res.headers.etag, '"j1"');
});

test('HTML on a route without inject_html passes byte-for-byte with its ETag and coding', async () => {
  const res = await request(`${base}/plain/head`, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(res.status, 200);
  assert.equal(res.text, pages['/head']);
  assert.equal(res.headers.etag, '"p1"');
  assert.equal(up.requests.at(-1).headers['accept-encoding'], 'gzip');
  const z = await request(`${base}/plain/gzip`);
  assert.equal(z.headers['content-encoding'], 'gzip');
  assert.equal(zlib.gunzipSync(z.body).toString(), pages['/head']);
});

test('HEAD of an HTML page on an injecting route keeps the upstream length and sends no body', async () => {
  const res = await request(`${base}/head`, { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-length'], String(Buffer.byteLength(pages['/head'])));
  assert.equal(res.body.length, 0);
});

test('/_hs1c/ui/plugin.js is served with an ETag; If-None-Match answers 304', async () => {
  const file = readFileSync(path.join(sourceDir, 'plugins/hyperscript/ui/plugin.js'));
  const before = up.requests.length;
  const res = await request(`${base}/_hs1c/ui/plugin.js`);
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^application\/javascript/);
  assert.equal(res.body.equals(file), true);
  const etag = res.headers.etag;
  assert.match(etag, /^(W\/)?"[^"]+"$/);
  assert.match(res.headers['cache-control'], /max-age=\d+/);
  const again = await request(`${base}/_hs1c/ui/plugin.js`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal(again.headers.etag, etag);
  const css = await request(`${base}/_hs1c/ui/plugin.css`);
  assert.equal(css.status, 200);
  assert.match(css.headers['content-type'], /^text\/css/);
  assert.equal(up.requests.length, before, 'assets never reach the upstream');
});
