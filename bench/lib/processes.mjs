// Child processes of the benchmark: every one is registered so that any exit path stops them all,
// and resident memory is read from /proc for the connection-memory scenario.
import fs from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';

const running = new Set();

export function track(proc) {
  running.add(proc);
  proc.on('exit', () => running.delete(proc));
  return proc;
}

export async function stopAll() {
  const waits = [];
  for (const p of running) {
    if (p.exitCode !== null || p.signalCode !== null) continue;
    waits.push(once(p, 'exit'));
    p.kill('SIGTERM');
  }
  await Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, 5000))]);
  for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
}

// Resident set of a process and its direct children (nginx's workers), in KiB.
export function rssKiB(pid) {
  const read = (p) => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) : 0;
    } catch { return 0; }
  };
  let total = read(pid);
  for (const p of childrenOf(pid)) total += read(p);
  return total;
}

function childrenOf(pid) {
  const out = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const m = /PPid:\s+(\d+)/.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'));
      if (m && Number(m[1]) === pid) out.push(Number(entry));
    } catch { /* the process ended while we looked */ }
  }
  return out;
}

// Runs `bin args` to completion and returns its stdout (throws with stderr on failure).
export function runToEnd(bin, args) {
  return new Promise((resolve, reject) => {
    const p = track(spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${bin} exited ${code}: ${err}`))));
  });
}

// The first line a program prints of its version, from stdout or stderr (`nginx -v` uses stderr).
export function versionOf(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return 'unavailable';
  const first = (text) => (text ?? '').split('\n')[0].trim();
  return first(r.stdout) || first(r.stderr) || 'unavailable';
}
