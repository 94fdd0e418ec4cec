// Runs hs1c-load once and returns its JSON result line.
import path from 'node:path';
import { runToEnd } from './processes.mjs';

export async function load(binDir, { url, connections, duration, rate = 0, threads = 1, headers = [] }) {
  const args = ['--url', url, '--connections', String(connections), '--duration', String(duration),
    '--rate', String(rate), '--threads', String(threads)];
  for (const h of headers) args.push('--header', h);
  const out = await runToEnd(path.join(binDir, 'hs1c-load'), args);
  return JSON.parse(out.trim().split('\n').pop());
}
