// A small promise-based HTTP(S) client on Node's http module, without connection reuse unless an
// agent is given: returns status, headers, rawHeaders and the whole body as a Buffer.
import http from 'node:http';
import https from 'node:https';

export function request(url, { method = 'GET', headers = {}, body, ca, agent = false, servername, timeoutMs = 20000,
  minVersion, maxVersion, ALPNProtocols } = {}) {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, {
      method, headers, agent, ca, servername, minVersion, maxVersion, ALPNProtocols, timeout: timeoutMs,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const b = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, body: b,
          text: b.toString('utf8'), socket: res.socket, alpn: res.socket?.alpnProtocol });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`request to ${url} timed out`)));
    req.on('error', reject);
    if (body !== undefined) req.end(body); else req.end();
  });
}
