// HyperScript's RPC through the real proxy (DESIGN §3, issue 5): add_field of type «Номенклатура»
// rewritten to a type HyperScript accepts with a marker, recorded in the store and marked on every
// way back (add_field, script loads, field lists), even after HyperScript drops the marker and after
// a proxy restart; every other body passes byte for byte.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStand, control, sourceDir } from '../lib/harness.mjs';
import { startProxy, standRules } from '../lib/system.mjs';

const fixture = (name) => fs.readFileSync(path.join(sourceDir, 'tests/fixtures/cases/hyperscript', name), 'utf8').trim();
const FIXTURE_CSRF = 'b1946ac92492d2347c6235b4d2611184';

let stand;
let hs;
let proxy;
let rules;
let dir;
let session;

before(async () => {
  stand = await startStand({ emulators: ['hyperscript', 'onec'] });
  hs = stand.url.hyperscript;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-rpc-'));
  rules = standRules({ url: { ...stand.url, amocrm: 'http://127.0.0.1:9' } }, dir);
  proxy = await startProxy(rules, { dir });
});
after(async () => { await proxy?.stop(); await stand.stop(); });
beforeEach(async () => { await control(hs, 'reset', {}); session = await control(hs, 'session'); });

async function ajax(body) {
  const res = await fetch(`${proxy.url.http}/ajax`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', cookie: session.cookie },
    body,
  });
  assert.equal(res.status, 200);
  return res.json();
}
const withCsrf = (body) => body.replace(FIXTURE_CSRF, session.csrf_token);
async function lastAjaxBody() {
  const journal = await (await fetch(`${hs}/_stand/requests`)).json();
  const calls = journal.requests.filter((r) => r.path === '/ajax');
  return calls[calls.length - 1].body;
}
const load = (id = 5120) => ajax(`method=scripts.load_without_external_scripts&id=${id}&csrf_token=${session.csrf_token}`);

test('add_field of type nomenclature: rewritten, recorded and marked; the rest of the form unchanged', async () => {
  const sent = withCsrf(fixture('add_field.form'));
  const answer = await ajax(sent);
  assert.equal(answer.status, 0, JSON.stringify(answer));
  assert.equal(answer.response.id, 7107);
  assert.deepEqual(answer.response.hs1c, { type: 'nomenclature' });
  assert.equal(answer.response.type, 'textarea');
  // HyperScript saw exactly the browser's form with only `type` changed and the marker added.
  const expected = sent.replace('&type=nomenclature&', '&type=textarea&') + '&options=hs1c%3Anomenclature';
  assert.equal(await lastAjaxBody(), expected);
  const state = await control(hs, 'state');
  const field = state.fields.find((f) => f.id === 7107);
  assert.equal(field.name, 'Товары из 1С');
  assert.equal(field.type, 'textarea');
  assert.equal(field.options, 'hs1c:nomenclature');

  const loaded = await load();
  assert.deepEqual(loaded.response.fields['7107'].hs1c, { type: 'nomenclature' });
  for (const id of ['7101', '7102', '7104', '7105', '7106']) assert.equal(loaded.response.fields[id].hs1c, undefined, id);
  const listed = await ajax(`method=script.get_script_fields&id=5120&csrf_token=${session.csrf_token}`);
  assert.deepEqual(listed.response.fields['7107'].hs1c, { type: 'nomenclature' });
  // Turned into another type in HyperScript: no longer a nomenclature field.
  await ajax(`method=script.update_field&id=7107&type=text&options=&csrf_token=${session.csrf_token}`);
  assert.equal((await load()).response.fields['7107'].hs1c, undefined);
});

test('a deleted nomenclature field is forgotten', async () => {
  await ajax(withCsrf(fixture('add_field.form')));
  const deleted = await ajax(`method=script.delete_field&id=7107&csrf_token=${session.csrf_token}`);
  assert.equal(deleted.status, 0);
  await control(hs, 'reset', {});
  session = await control(hs, 'session');
  // The stand hands out 7107 again after a reset; a new textarea with that id is not ours.
  const added = await ajax(`method=script.add_field&script_id=5120&node_id=88231&name=x&key=&type=textarea&is_from_crm=0&sys_name=&csrf_token=${session.csrf_token}`);
  assert.equal(added.response.id, 7107);
  assert.equal((await load()).response.fields['7107'].hs1c, undefined);
});

test('the mark survives HyperScript dropping the marker, and a proxy restart', async () => {
  await ajax(withCsrf(fixture('add_field.form')));
  // Someone edits the field in HyperScript directly: the options (our marker) are gone.
  const direct = await fetch(`${hs}/ajax`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    body: `method=script.update_field&id=7107&options=&csrf_token=${session.csrf_token}`,
  });
  assert.equal((await direct.json()).status, 0);
  assert.deepEqual((await load()).response.fields['7107'].hs1c, { type: 'nomenclature' });
  await proxy.stop();
  proxy = await startProxy(rules, { dir });
  assert.deepEqual((await load()).response.fields['7107'].hs1c, { type: 'nomenclature' });
});

test('ordinary fields and other calls pass byte for byte', async () => {
  const text = `method=script.add_field&script_id=5120&node_id=88231&name=%D0%9A%D0%BE%D0%BC%D0%BC%D0%B5%D0%BD%D1%82&key=&type=text&is_from_crm=0&sys_name=&csrf_token=${session.csrf_token}`;
  const answer = await ajax(text);
  assert.equal(answer.status, 0);
  assert.equal(answer.response.hs1c, undefined);
  assert.equal(await lastAjaxBody(), text);
  const saveLog = withCsrf(fixture('save_log.form'));
  const saved = await ajax(saveLog);
  assert.equal(saved.status, 0, JSON.stringify(saved));
  assert.equal(await lastAjaxBody(), saveLog);
  // A refused nomenclature add_field (unknown script) is neither recorded nor marked.
  const refused = await ajax(withCsrf(fixture('add_field.form')).replace('script_id=5120', 'script_id=999'));
  assert.equal(refused.status, 1);
  const fields = (await load()).response.fields;
  assert.equal(fields['7108'], undefined);
  assert.ok(Object.values(fields).every((f) => f.hs1c === undefined));
});

test('a malformed form is forwarded untouched and HyperScript answers it', async () => {
  const bad = `method=script.add_field&type=nomenclature&name=%zz&csrf_token=${session.csrf_token}`;
  const answer = await ajax(bad);
  assert.equal(answer.status, 1);
  assert.equal(await lastAjaxBody(), bad);
});
