// Helpers for order tests: a call ended through the proxy as HyperScript's page would send it, with a
// cart built through the proxy's API from items found in the 1C stand.
import fs from 'node:fs';
import path from 'node:path';
import { control, sourceDir } from './harness.mjs';

const FIXTURE_CSRF = 'b1946ac92492d2347c6235b4d2611184';
const FIXTURE_CART = '3d6f0a4e-2c1b-4f7e-9a8d-5b6c7d8e9f01';
export const WAGO = '0c0f0000-0000-4000-8000-000000000016';
const api = '/_hs1c/api/v1';

export const saveLogFixture = () =>
  fs.readFileSync(path.join(sourceDir, 'tests/fixtures/cases/hyperscript/save_log.form'), 'utf8').trim();

async function json(res) {
  const text = await res.text();
  try { return JSON.parse(text); } catch { return text; }
}

export async function apiCall(proxyUrl, method, target, body) {
  const res = await fetch(proxyUrl + target, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await json(res) };
}

// A cart for script 5120, field 7103 (the nomenclature field of the recorded save_log) with `lines`.
export async function makeCart(proxyUrl, { lines = [{ item_id: WAGO, quantity: 2 }], context = {} } = {}) {
  await apiCall(proxyUrl, 'GET', `${api}/nomenclature?q=${encodeURIComponent('клеммник wago')}`);
  const cart = (await apiCall(proxyUrl, 'POST', `${api}/carts`, { script_id: 5120, field_id: 7103, context })).body;
  for (const l of lines) {
    const r = await apiCall(proxyUrl, 'POST', `${api}/carts/${cart.id}/lines`, l);
    if (r.status !== 201) throw new Error(`line: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return cart.id;
}

// Loads script 5120 through the proxy so it learns the fields' names and sys_names.
export async function loadScript(proxyUrl, session) {
  const res = await fetch(`${proxyUrl}/ajax`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    body: `method=scripts.load_without_external_scripts&id=5120&csrf_token=${session.csrf_token}`,
  });
  return res.json();
}

// The recorded save_log with this session's token, `cartId` in field 7103 and `leadId` in 7106.
export function saveLogBody(session, cartId, { leadId = '31337', scriptId = '5120' } = {}) {
  return saveLogFixture()
    .replace(FIXTURE_CSRF, session.csrf_token)
    .replace(FIXTURE_CART, cartId)
    .replace('fields%5B5%5D%5Bvalue%5D=31337', `fields%5B5%5D%5Bvalue%5D=${leadId}`)
    .replace('id=5120&ver', `id=${scriptId}&ver`);
}

export async function endCall(proxyUrl, session, body) {
  const started = performance.now();
  const res = await fetch(`${proxyUrl}/ajax`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', cookie: session.cookie },
    body,
  });
  const notice = res.headers.get('x-hs1c-orders');
  return { status: res.status, body: await json(res), notice: notice ? JSON.parse(decodeURIComponent(notice)) : null,
           ms: performance.now() - started };
}

export async function waitFor(check, { timeout = 15000, every = 100 } = {}) {
  const until = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, every));
  }
}

export const onecOrders = async (stand) => (await control(stand.url.onec, 'state')).orders;
export const hsPassLogs = async (stand) => (await control(stand.url.hyperscript, 'state')).pass_logs;
export async function amoLead(stand, id) {
  return (await control(stand.url.amocrm, 'state')).leads.find((l) => l.id === id);
}
export function onecIdOf(lead) {
  const f = (lead?.custom_fields_values ?? []).find((v) => v.field_id === 880001);
  return f?.values?.[0]?.value;
}
