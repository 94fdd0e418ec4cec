// Scenario 3: many idle keep-alive connections, each having made one request; resident memory of the
// serving process (nginx: master and workers) before and after, per connection.
import net from 'node:net';
import { rssKiB } from './processes.mjs';
import { SMALL } from './fixtures.mjs';

const BATCH = 100;
const SETTLE_MS = 500;

function oneRequest(port, file) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let got = Buffer.alloc(0);
    s.on('error', reject);
    s.on('connect', () => s.write(`GET /${file} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    s.on('data', (d) => {
      got = Buffer.concat([got, d]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      const m = /content-length:\s*(\d+)/i.exec(got.subarray(0, end).toString());
      if (m && got.length >= end + 4 + Number(m[1])) {
        s.removeAllListeners('data');
        resolve(s);
      }
    });
  });
}

export async function idleConnections(env, targets, count) {
  env.say(`scenario 3: ${count} idle keep-alive connections`);
  const rows = [];
  for (const t of targets) {
    const port = Number(new URL(t.base).port);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const before = rssKiB(t.pid());
    const sockets = [];
    let failed = 0;
    for (let i = 0; i < count; i += BATCH) {
      const batch = await Promise.allSettled(Array.from({ length: Math.min(BATCH, count - i) }, () => oneRequest(port, SMALL.file)));
      for (const b of batch) (b.status === 'fulfilled' ? sockets.push(b.value) : failed++);
    }
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const after = rssKiB(t.pid());
    const open = sockets.filter((s) => !s.destroyed).length;
    for (const s of sockets) s.destroy();
    rows.push({ target: t.name, before, after, open, failed, perConnKiB: open > 0 ? (after - before) / open : 0 });
  }
  return rows;
}
