// nginx started by the harness: an origin serving the generated fixed-size files, and the reverse
// proxy compared with hs1c (keep-alive upstreams), each with its own prefix, config, pid and logs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, execFileSync } from 'node:child_process';
import { track } from './processes.mjs';

// Beyond the 2,000 idle connections of scenario 3, each proxied one also holds an upstream socket.
const WORKER_CONNECTIONS = 8192;
const UPSTREAM_KEEPALIVE = 64;
const START_TIMEOUT_MS = 10000;

export function nginxBinary() {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (fs.existsSync(p)) return p;
  try { return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim() || null; } catch { return null; }
}

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function common(prefix) {
  // Running as root, workers would switch to nobody and could not read the private temp dir.
  const user = process.getuid() === 0 ? `user ${os.userInfo().username};\n` : '';
  return `${user}worker_processes auto;
worker_rlimit_nofile ${WORKER_CONNECTIONS * 2};
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections ${WORKER_CONNECTIONS}; }
`;
}

// Debian's build compiles absolute temp paths under /var/lib/nginx in; every module present must get
// one inside the prefix, and naming a module that is compiled out is a configuration error.
function tempPaths(prefix) {
  // nginx -V writes to stderr.
  const built = execFileSync('sh', ['-c', '"$0" -V 2>&1', nginxBinary()], { encoding: 'utf8' });
  return ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .filter((m) => m === 'client_body' || !built.includes(`--without-http_${m}_module`))
    .map((m) => `  ${m}_temp_path ${prefix}/${m};\n`).join('');
}

function httpCommon(prefix) {
  return `  access_log off;
${tempPaths(prefix)}  keepalive_requests 1000000;
  keepalive_timeout 75s;
  types { text/html html; application/octet-stream bin; }
`;
}

export function originConfig(prefix, port, root) {
  return `${common(prefix)}http {
${httpCommon(prefix)}  server {
    listen 127.0.0.1:${port} backlog=4096;
    root ${root};
    etag off;
  }
}
`;
}

// One server per upstream: the files' origin and the 1C stand.
export function proxyConfig(prefix, routes) {
  const blocks = routes.map((r, i) => `  upstream up${i} { server ${r.upstream}; keepalive ${UPSTREAM_KEEPALIVE}; }
  server {
    listen 127.0.0.1:${r.port} backlog=4096;
    location / {
      proxy_pass http://up${i};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
`).join('');
  return `${common(prefix)}http {
${httpCommon(prefix)}${blocks}}
`;
}

export async function startNginx(bin, prefix, config, port) {
  fs.mkdirSync(prefix, { recursive: true });
  const file = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(file, config);
  const proc = track(spawn(bin, ['-p', prefix, '-c', file, '-e', path.join(prefix, 'error.log')],
    { stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const until = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`nginx exited ${proc.exitCode}: ${stderr}${readLog(prefix)}`);
    if (await accepts(port)) return { proc, pid: proc.pid, prefix };
    if (Date.now() > until) throw new Error(`nginx did not listen on ${port}: ${readLog(prefix)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readLog(prefix) {
  try { return fs.readFileSync(path.join(prefix, 'error.log'), 'utf8'); } catch { return ''; }
}

function accepts(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}
