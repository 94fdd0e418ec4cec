// A test upstream: a Node http/https server on 127.0.0.1:0 that records every request it receives
// (method, target, raw header pairs, body) and every connection, then answers with `handler`.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { once } from 'node:events';

// handler(req, res, body) — called once the whole request body has been read, unless `streaming`
// is set, in which case handler(req, res) gets the unread request.
export async function startUpstream(t, handler, { tls, streaming = false, keepAliveTimeout = 60000 } = {}) {
  const requests = [];
  const sockets = new Set();
  let connections = 0;
  const onRequest = (req, res) => {
    const rec = { method: req.method, url: req.url, headers: req.headers, rawHeaders: req.rawHeaders,
      httpVersion: req.httpVersion, socket: req.socket, body: null };
    requests.push(rec);
    if (streaming) return handler(req, res, rec);
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => { rec.body = Buffer.concat(chunks); handler(req, res, rec.body, rec); });
  };
  const server = tls ? https.createServer({ cert: tls.certPem, key: tls.keyPem, ...tls.options }, onRequest)
    : http.createServer(onRequest);
  server.keepAliveTimeout = keepAliveTimeout;
  server.headersTimeout = keepAliveTimeout + 1000;
  server.requestTimeout = 0;
  server.on(tls ? 'secureConnection' : 'connection', (s) => {
    connections += 1;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = server.address().port;
  const up = {
    server, requests, sockets, port,
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    get connections() { return connections; },
    // Every header value received under `name` (case-insensitive), in order.
    headerValues(rec, name) {
      const out = [];
      for (let i = 0; i < rec.rawHeaders.length; i += 2)
        if (rec.rawHeaders[i].toLowerCase() === name.toLowerCase()) out.push(rec.rawHeaders[i + 1]);
      return out;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      server.closeAllConnections?.();
    },
  };
  t?.after?.(() => up.close());
  return up;
}

// A raw TCP upstream: `onConnection(socket, index)` gets every accepted socket; records the bytes.
export async function startRawUpstream(t, onConnection) {
  const conns = [];
  const server = net.createServer((s) => {
    const rec = { socket: s, data: Buffer.alloc(0) };
    conns.push(rec);
    s.on('data', (d) => { rec.data = Buffer.concat([rec.data, d]); });
    s.on('error', () => {});
    onConnection(s, conns.length - 1, rec);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = server.address().port;
  const up = {
    server, conns, port, url: `http://127.0.0.1:${port}`,
    close: async () => { for (const c of conns) c.socket.destroy(); server.close(); },
  };
  t?.after?.(() => up.close());
  return up;
}

// A scripted upstream on raw sockets, for answers Node's http server will not produce (1xx, odd
// framing, closing or resetting at chosen moments). Requests are parsed minimally (Content-Length
// bodies only); onRequest(req, socket) answers by writing raw bytes. `requests` records them all.
export async function startScriptedUpstream(t, onRequest) {
  const requests = [];
  const up = await startRawUpstream(t, (socket, index) => {
    let buf = Buffer.alloc(0);
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const [line, ...fields] = head.split('\r\n');
        const headers = {};
        for (const f of fields) {
          const i = f.indexOf(':');
          headers[f.slice(0, i).trim().toLowerCase()] = f.slice(i + 1).trim();
        }
        const length = Number(headers['content-length'] ?? 0);
        if (buf.length < end + 4 + length) return;
        const [method, url] = line.split(' ');
        const req = { method, url, headers, head, body: buf.subarray(end + 4, end + 4 + length), conn: index };
        buf = buf.subarray(end + 4 + length);
        requests.push(req);
        onRequest(req, socket);
      }
    });
  });
  up.requests = requests;
  return up;
}
