// Shared helpers for Node-driven tests: start the real binaries on loopback ports picked at run time,
// wait for them to report their addresses, and stop them. No fixed sleeps: everything waits on output.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';

export const binDir = process.env.HS1C_BIN ?? path.resolve(import.meta.dirname, '../../build/bin');
export const sourceDir = process.env.HS1C_SOURCE_DIR ?? path.resolve(import.meta.dirname, '../..');

const startTimeoutMs = 20000;

// Spawns `bin` and resolves once `isReady(json)` has accepted enough stdout JSON lines.
// Returns { proc, lines, stderr() }; stdout lines that are JSON are collected in `lines`.
export async function startProcess(bin, args, { env = {}, ready, cwd } = {}) {
  const proc = spawn(bin, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const rl = readline.createInterface({ input: proc.stdout });
  const result = { proc, lines, stderr: () => stderr };
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${bin} did not start in time\n${stderr}`)), startTimeoutMs);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${bin} exited with ${code}\n${stderr}`)); });
    rl.on('line', (line) => {
      let obj;
      try { obj = JSON.parse(line); } catch { return; }
      lines.push(obj);
      if (ready(lines)) { clearTimeout(timer); resolve(); }
    });
  });
  proc.removeAllListeners('exit');
  return result;
}

// Starts hs1c-stand with every emulator on a free port unless `args` says otherwise.
// Resolves to { proc, url: { hyperscript, onec, amocrm }, stop() }.
export async function startStand({ emulators = ['hyperscript', 'onec', 'amocrm'], args = [] } = {}) {
  const all = ['hyperscript', 'onec', 'amocrm'];
  const flags = all.flatMap((e) => [`--${e}`, emulators.includes(e) ? '127.0.0.1:0' : 'off']);
  const p = await startProcess(path.join(binDir, 'hs1c-stand'), [...flags, ...args], {
    ready: (lines) => emulators.every((e) => lines.some((l) => l.stand === e)),
  });
  const url = {};
  for (const l of p.lines) if (l.stand) url[l.stand] = `http://${l.address}`;
  return { ...p, url, stop: () => stopProcess(p.proc) };
}

export async function stopProcess(proc, signal = 'SIGTERM') {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill(signal);
  await once(proc, 'exit');
}

// fetch() to a stand control route, returning parsed JSON.
export async function control(base, route, body) {
  const res = await fetch(`${base}/_stand/${route}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${route}: ${res.status} ${await res.text()}`);
  return res.json();
}
