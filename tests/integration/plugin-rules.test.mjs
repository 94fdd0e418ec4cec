// `hs1c-proxy --check` on the plugin sections ("onec", "nomenclature"): the demo rules pass with their
// environment, and every mistake in a broken section is named with its JSON path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { binDir, sourceDir } from '../lib/harness.mjs';
import { makeCerts, standSecrets } from '../lib/system.mjs';

function check(file, env = standSecrets) {
  const r = spawnSync(path.join(binDir, 'hs1c-proxy'), ['--check', '--rules', file],
    { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

test('the demo rules pass --check with the demo environment, and name a missing secret without it', () => {
  makeCerts(path.join(sourceDir, 'certs/dev'));
  const ok = check(path.join(sourceDir, 'rules/demo.jsonc'));
  assert.equal(ok.status, 0, ok.out);
  const missing = check(path.join(sourceDir, 'rules/demo.jsonc'),
    { ...standSecrets, HS1C_ONEC_PASSWORD: undefined });
  assert.notEqual(missing.status, 0);
  assert.match(missing.out, /\/onec\/auth\/password: environment variable HS1C_ONEC_PASSWORD is not set/);
  assert.ok(!missing.out.includes(standSecrets.HS1C_ONEC_INBOUND_PASSWORD), 'no secret in the output');
});

test('every problem of the onec and nomenclature sections is reported with its path', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-check-'));
  const file = path.join(dir, 'rules.json');
  fs.writeFileSync(file, JSON.stringify({
    listeners: [{ name: 'http', address: '127.0.0.1:0' }],
    upstreams: { onec: { url: 'http://127.0.0.1:1/trade' } },
    routes: [{ name: 'r', upstream: 'onec' }],
    onec: {
      profile: 'soap', upstream: '1c', auth: { user: 'a:b' },
      calls: { search: { url: '/x?q={query}', fields: { idd: '/id' } } }, queue: { max: -1 },
    },
    nomenclature: { limit: 1000, debounce: 5 },
    amocrm: { upstream: 'onec', auth: { mode: 'long_lived', long_lived_token: 't' }, stages: {} },
    status: { events: ['invoice', 'shipped'] },
  }));
  const r = check(file);
  assert.equal(r.status, 1);
  for (const line of [
    '/onec/profile: must be "hs" or "odata"',
    '/onec/auth/password: empty while a user is set',
    "/onec/auth/user: a Basic user name cannot contain ':'",
    '/onec/queue/max: must be between 0 and 100000',
    '/onec/calls/search/url: unknown placeholder {query}',
    '/onec/calls/search/fields/idd: unknown key',
    '/onec/upstream: no upstream named "1c"',
    '/nomenclature/limit: must be between 1 and 100',
    '/nomenclature/debounce: unknown key',
    '/status/events: "shipped" has no stage in amocrm.stages',
  ]) assert.ok(r.out.includes(line), `${line}\n---\n${r.out}`);
});
