// Starts the whole system for end-to-end tests: hs1c-stand with every emulator on a free port, and
// hs1c-proxy with rules generated for those ports (HTTP and HTTPS listeners, admin), in a temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { binDir, sourceDir, startProcess, startStand, stopProcess } from './harness.mjs';

// A dev CA and localhost certificate made once per test process.
export function makeCerts(dir) {
  execFileSync(path.join(sourceDir, 'certs/make-dev-certs.sh'), [dir], { stdio: 'ignore' });
  return { ca: path.join(dir, 'ca.crt'), cert: path.join(dir, 'localhost.crt'), key: path.join(dir, 'localhost.key') };
}

// Starts hs1c-proxy with `rules` (an object) written to a temp file; resolves once every listener
// reported its address. Returns { proc, lines, url: { http, https, admin }, dir, stop() }.
export async function startProxy(rules, { env = standSecrets, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-')) } = {}) {
  const file = path.join(dir, 'rules.json');
  fs.writeFileSync(file, JSON.stringify(rules, null, 2));
  const names = [...rules.listeners.map((l) => l.name), 'admin'];
  const p = await startProcess(path.join(binDir, 'hs1c-proxy'), ['--rules', file], {
    env,
    ready: (lines) => names.every((n) => lines.some((l) => l.msg === 'listening' && l.listener === n)),
  });
  const url = {};
  for (const l of p.lines) {
    if (l.msg !== 'listening') continue;
    url[l.listener] = `${l.tls ? 'https' : 'http'}://${l.address}`;
  }
  return { ...p, url, dir, rulesFile: file, stop: () => stopProcess(p.proc) };
}

// The stand's demo credentials, handed to the proxy through the environment as production secrets
// would be ("$env:NAME" in the rules), never written into rules files.
export const standSecrets = {
  HS1C_ONEC_USER: 'Интеграция',
  HS1C_ONEC_PASSWORD: 'hs1c-demo',
  HS1C_ONEC_INBOUND_USER: '1c-status',
  HS1C_ONEC_INBOUND_PASSWORD: 'hs1c-demo-status',
  HS1C_AMOCRM_TOKEN: 'hs1c-demo-long-lived',
  HS1C_AMOCRM_CLIENT_SECRET: 'hs1c-demo-secret',
};

// The "amocrm" section for the stand's account, with its long-lived token (OAuth tests set their own).
export function amocrmSection(extra = {}) {
  return {
    upstream: 'amocrm',
    auth: { mode: 'long_lived', long_lived_token: '$env:HS1C_AMOCRM_TOKEN' },
    onec_id_field: 'Идентификатор 1С',
    stages: { invoice: { pipeline: 'Продажи', status: 'Счёт выставлен' },
              payment: { pipeline: 'Продажи', status: 'Оплачено' } },
    ...extra,
  };
}

// The "onec" section for a stand in profile `hs` or `odata`; `extra` overrides keys.
export function onecSection(profile = 'hs', extra = {}) {
  return {
    upstream: 'onec',
    profile,
    auth: { user: '$env:HS1C_ONEC_USER', password: '$env:HS1C_ONEC_PASSWORD' },
    inbound: { user: '$env:HS1C_ONEC_INBOUND_USER', password: '$env:HS1C_ONEC_INBOUND_PASSWORD' },
    ...extra,
  };
}

// Rules for the proxy in front of a running stand.
export function standRules(stand, dir, certs) {
  const listeners = [{ name: 'http', address: '127.0.0.1:0' }];
  if (certs) listeners.push({ name: 'https', address: '127.0.0.1:0', tls: { cert: certs.cert, key: certs.key } });
  return {
    server: { server_names: ['localhost', '127.0.0.1'] },
    listeners,
    admin: { address: '127.0.0.1:0' },
    upstreams: {
      hyperscript: { url: stand.url.hyperscript },
      onec: { url: `${stand.url.onec}/trade` },
      amocrm: { url: stand.url.amocrm },
    },
    routes: [{ name: 'hyperscript', upstream: 'hyperscript', path_prefix: '/', inject_html: true }],
    store: { path: path.join(dir, 'hs1c.db') },
    onec: onecSection(),
    nomenclature: {},
    amocrm: amocrmSection(),
    orders: { poll_ms: 200 },
  };
}

export async function startSystem({ tls = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-e2e-'));
  const certs = tls ? makeCerts(path.join(dir, 'certs')) : null;
  const stand = await startStand();
  let proxy;
  try {
    proxy = await startProxy(standRules(stand, dir, certs), { dir });
  } catch (e) {
    await stand.stop();
    throw e;
  }
  return {
    stand, proxy, certs, dir,
    stop: async () => { await proxy.stop(); await stand.stop(); },
  };
}
