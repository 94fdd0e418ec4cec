// A raw HTTP/1.1 client over net or tls: sends bytes exactly as given and parses the answers itself,
// so tests see interim 1xx answers, exact framing and whether the proxy closed the connection.
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';

const defaultWaitMs = 10000;
const headerEnd = Buffer.from('\r\n\r\n');

export class RawConn {
  static async open(port, { secure = false, tlsOptions = {} } = {}) {
    const sock = secure
      ? tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...tlsOptions })
      : net.connect({ host: '127.0.0.1', port });
    await once(sock, secure ? 'secureConnect' : 'connect');
    return new RawConn(sock);
  }

  constructor(sock) {
    this.sock = sock;
    this.buf = Buffer.alloc(0);
    this.closed = false;
    this.error = null;
    this.listeners = new Set();
    sock.on('data', (d) => { this.buf = Buffer.concat([this.buf, d]); this.notify(); });
    sock.on('close', () => { this.closed = true; this.notify(); });
    sock.on('error', (e) => { this.error = e; });
  }

  notify() { for (const l of [...this.listeners]) l(); }

  write(bytes) {
    return new Promise((resolve) => this.sock.write(bytes, () => resolve()));
  }

  end() { this.sock.end(); }
  destroy() { this.sock.destroy(); }

  // Waits until `pred()` is truthy or the deadline passes (then throws).
  async until(pred, ms = defaultWaitMs, what = 'data') {
    if (pred()) return;
    await new Promise((resolve, reject) => {
      const done = () => { if (pred()) { clearTimeout(timer); this.listeners.delete(done); resolve(); } };
      const timer = setTimeout(() => { this.listeners.delete(done); reject(new Error(`timed out waiting for ${what}`)); }, ms);
      this.listeners.add(done);
    });
  }

  async waitClosed(ms = defaultWaitMs) { await this.until(() => this.closed, ms, 'the connection to close'); }

  // Parses the next answer. `head` = the request was HEAD (no body whatever the headers say).
  // Interim 1xx answers are returned on their own.
  async response({ head = false, ms = defaultWaitMs } = {}) {
    await this.until(() => this.buf.indexOf(headerEnd) >= 0 || this.closed, ms, 'a response header');
    const end = this.buf.indexOf(headerEnd);
    if (end < 0) throw new Error(`connection closed before a response; got ${JSON.stringify(this.buf.toString('latin1'))}`);
    const headText = this.buf.subarray(0, end).toString('latin1');
    this.buf = this.buf.subarray(end + 4);
    const [statusLine, ...lines] = headText.split('\r\n');
    const m = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) throw new Error(`bad status line ${JSON.stringify(statusLine)}`);
    const res = { version: m[1], status: Number(m[2]), reason: m[3] ?? '', statusLine, rawHeaders: [], headers: {} };
    for (const line of lines) {
      const i = line.indexOf(':');
      const name = line.slice(0, i).trim().toLowerCase();
      const value = line.slice(i + 1).trim();
      res.rawHeaders.push([line.slice(0, i), value]);
      res.headers[name] = name in res.headers ? `${res.headers[name]}, ${value}` : value;
    }
    if (res.status < 200 || head || res.status === 204 || res.status === 304) { res.body = Buffer.alloc(0); return res; }
    if (/chunked/i.test(res.headers['transfer-encoding'] ?? '')) {
      const parts = [];
      for (;;) {
        await this.until(() => this.buf.indexOf('\r\n') >= 0 || this.closed, ms, 'a chunk size');
        const le = this.buf.indexOf('\r\n');
        if (le < 0) throw new Error('connection closed inside a chunked body');
        const size = parseInt(this.buf.subarray(0, le).toString('latin1'), 16);
        if (size === 0) {
          await this.until(() => this.buf.indexOf(headerEnd, le - 2 < 0 ? 0 : le - 2) >= 0 || this.closed, ms, 'chunked end');
          const te = this.buf.indexOf(headerEnd, Math.max(0, le - 2));
          this.buf = this.buf.subarray(te + 4);
          break;
        }
        await this.until(() => this.buf.length >= le + 2 + size + 2 || this.closed, ms, 'chunk data');
        if (this.buf.length < le + 2 + size + 2) throw new Error('connection closed inside a chunk');
        parts.push(this.buf.subarray(le + 2, le + 2 + size));
        this.buf = this.buf.subarray(le + 2 + size + 2);
      }
      res.body = Buffer.concat(parts);
    } else if (res.headers['content-length'] !== undefined) {
      const n = Number(res.headers['content-length'].split(',')[0]);  // tests assert duplicates separately
      await this.until(() => this.buf.length >= n || this.closed, ms, 'the body');
      if (this.buf.length < n) throw new Error(`connection closed after ${this.buf.length} of ${n} body bytes`);
      res.body = this.buf.subarray(0, n);
      this.buf = this.buf.subarray(n);
    } else {
      await this.waitClosed(ms);
      res.body = this.buf;
      this.buf = Buffer.alloc(0);
    }
    res.text = res.body.toString('utf8');
    return res;
  }
}

// Sends `bytes` on a new connection and returns the first final answer plus whether the proxy then
// closed the connection (waited for when `expectClose`).
export async function rawExchange(port, bytes, { expectClose = false, secure = false, tlsOptions, head = false } = {}) {
  const c = await RawConn.open(port, { secure, tlsOptions });
  await c.write(bytes);
  let res = await c.response({ head });
  const interim = [];
  while (res.status < 200) { interim.push(res); res = await c.response({ head }); }
  if (expectClose) await c.waitClosed();
  res.interim = interim;
  res.conn = c;
  return res;
}
