// The amoCRM emulator's deal card: the page for a real deal and for id 0, the widget package served from
// --widget, the disposable HS256 token, and (when Chromium is installed) the widget runtime in a browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { control, startStand } from '../../lib/harness.mjs';
import { api, CLIENT_ID, CLIENT_SECRET } from '../amocrm/testing.mjs';

const chromiumPath = process.env.HS1C_CHROMIUM ?? '/usr/bin/chromium';
const tokenLifetimeS = 1800;

// A widget package as amoCRM loads it: AMD script.js with jquery and the Modal component.
const widgetScript = `define(['jquery', 'lib/components/base/modal'], function ($, Modal) {
  return function () {
    var self = this;
    window.__widget_log = [];
    this.callbacks = {
      init: function () { window.__widget_log.push('init:' + AMOCRM.data.current_card.id); return true; },
      render: function () {
        self.render_template({ caption: { class_name: 'test-widget' },
          body: '<button id="open_order">' + self.i18n('widget').button + '</button>', render: '' });
        return true;
      },
      bind_actions: function () {
        $('#open_order').on('click', function () {
          new Modal({ class_name: 'test-modal',
            init: function ($body) { $body.html('<p id="modal_text">' + self.get_settings().greeting + '</p>'); },
            destroy: function () { window.__widget_log.push('destroyed'); } });
        });
        window.__call_api = function () {
          return self.$authorizedAjax({ url: 'https://proxy.test/_hs1c/widget/v1/leads/31337/order', method: 'GET' });
        };
        return true;
      },
      settings: function () { return true; },
      onSave: function () { return true; },
      destroy: function () {}
    };
    return this;
  };
});
`;

let plain;
let withWidget;
let widgetDir;

before(async () => {
  widgetDir = mkdtempSync(path.join(os.tmpdir(), 'hs1c-amo-widget-'));
  mkdirSync(path.join(widgetDir, 'i18n'));
  writeFileSync(path.join(widgetDir, 'manifest.json'), JSON.stringify({ widget: { code: 'hs1c_test', version: '1.0.0' }, locations: ['lcard-1'] }));
  writeFileSync(path.join(widgetDir, 'i18n', 'ru.json'), JSON.stringify({ widget: { name: 'Заказ 1С', button: 'Просмотреть заказ' } }));
  writeFileSync(path.join(widgetDir, 'style.css'), '.test-widget { color: rgb(1, 2, 3); }');
  writeFileSync(path.join(widgetDir, 'script.js'), widgetScript);
  writeFileSync(path.join(os.tmpdir(), 'hs1c-amo-secret.txt'), 'outside');
  [plain, withWidget] = await Promise.all([
    startStand({ emulators: ['amocrm'] }),
    startStand({ emulators: ['amocrm'], args: ['--widget', widgetDir] }),
  ]);
});

after(async () => {
  await Promise.all([plain.stop(), withWidget.stop()]);
  rmSync(widgetDir, { recursive: true, force: true });
});

function bootstrapOf(html) {
  const m = html.match(/<script id="amo-bootstrap" type="application\/json">(.*?)<\/script>/s);
  assert.ok(m, 'no bootstrap JSON in the page');
  return JSON.parse(m[1]);
}

async function page(base, route) {
  const res = await fetch(`${base}${route}`);
  return { status: res.status, type: res.headers.get('content-type'), html: await res.text() };
}

test('the card of a real deal shows its name, stage and fields; no widget loaded', async () => {
  const base = plain.url.amocrm;
  await api(base, '/api/v4/leads/40003', { method: 'PATCH', body: { price: 1500 } });
  const p = await page(base, '/leads/detail/40003');
  assert.equal(p.status, 200);
  assert.equal(p.type, 'text/html; charset=utf-8');
  assert.match(p.html, /<h1 class="card-head__name" id="card_name">Сделка C<\/h1>/);
  assert.match(p.html, /id="card_status" data-status-id="61002"[^>]*>Переговоры</);
  assert.match(p.html, /<dd id="card_price">1500 ₽<\/dd>/);
  assert.match(p.html, /<dt>Идентификатор 1С<\/dt><dd data-field-id="880001">7b0c6a52-9a51-11ee-8c90-0242ac120002<\/dd>/);
  assert.match(p.html, /data-state="none">Виджет не подключён/);
  const boot = bootstrapOf(p.html);
  assert.equal(boot.card.id, 40003);
  assert.equal(boot.widget, false);
  assert.deepEqual(boot.settings, {});
  assert.equal(boot.lead.id, 40003);
});

test('the card of id 0 is a new deal', async () => {
  const p = await page(plain.url.amocrm, '/leads/detail/0');
  assert.equal(p.status, 200);
  assert.match(p.html, /id="card_name">Новая сделка</);
  const boot = bootstrapOf(p.html);
  assert.equal(boot.card.id, 0);
  assert.equal(boot.lead, null);
  assert.equal((await page(plain.url.amocrm, '/leads/detail/424242')).status, 404);
});

test('names are escaped in the page and in its bootstrap JSON', async () => {
  const base = plain.url.amocrm;
  await control(base, 'quirks', { rps_limit: 1000 });
  await api(base, '/api/v4/leads/40006', { method: 'PATCH', body: { name: '</script><b>x</b>' } });
  const p = await page(base, '/leads/detail/40006');
  assert.match(p.html, /id="card_name">&lt;\/script&gt;&lt;b&gt;x&lt;\/b&gt;</);
  assert.equal(bootstrapOf(p.html).lead.name, '</script><b>x</b>');
  await control(base, 'reset', {});
});

test('the widget folder is served, and only it', async () => {
  const base = withWidget.url.amocrm;
  const manifest = await fetch(`${base}/_stand/widget/manifest.json`);
  assert.equal(manifest.status, 200);
  assert.equal(manifest.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal((await manifest.json()).widget.code, 'hs1c_test');
  const script = await fetch(`${base}/_stand/widget/script.js`);
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(await script.text(), widgetScript);
  assert.equal((await fetch(`${base}/_stand/widget/%2e%2e/hs1c-amo-secret.txt`)).status, 404);
  assert.equal((await fetch(`${base}/_stand/widget/..%2fhs1c-amo-secret.txt`)).status, 404);
  assert.equal((await fetch(`${base}/_stand/widget/nope.js`)).status, 404);
  assert.equal((await fetch(`${plain.url.amocrm}/_stand/widget/manifest.json`)).status, 404);

  const boot = bootstrapOf((await page(base, '/leads/detail/31337')).html);
  assert.equal(boot.widget, true);
  assert.equal(boot.style, true);
});

test('widget settings come from the control call', async () => {
  const base = withWidget.url.amocrm;
  assert.deepEqual(await control(base, 'widget/settings'), {});
  await control(base, 'widget/settings', { greeting: 'Здравствуйте', proxy_url: 'https://localhost:8443' });
  const boot = bootstrapOf((await page(base, '/leads/detail/31337')).html);
  assert.deepEqual(boot.settings, { greeting: 'Здравствуйте', proxy_url: 'https://localhost:8443' });
});

test('without jQuery the card still renders and says so in the panel', async () => {
  process.env.HS1C_JQUERY = path.join(widgetDir, 'no-such-jquery.js');
  const stand = await startStand({ emulators: ['amocrm'], args: ['--widget', widgetDir] });
  delete process.env.HS1C_JQUERY;
  try {
    const p = await page(stand.url.amocrm, '/leads/detail/31337');
    assert.equal(p.status, 200);
    assert.match(p.html, /id="card_name">Сделка №31337</);
    assert.match(p.html, /data-state="error">jQuery не найден/);
    assert.equal(p.html.includes('jquery.min.js'), false);
    assert.equal(bootstrapOf(p.html).jquery, false);
    assert.equal((await fetch(`${stand.url.amocrm}/_stand/amo/jquery.min.js`)).status, 404);
  } finally {
    await stand.stop();
  }
});

test('jQuery from node_modules is served', async () => {
  const res = await fetch(`${plain.url.amocrm}/_stand/amo/jquery.min.js`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /jQuery v3\.7\.1/);
  assert.equal(bootstrapOf((await page(plain.url.amocrm, '/leads/detail/0')).html).jquery, true);
});

test('the disposable token is an HS256 JWT signed with the client secret', async () => {
  const { token } = await control(plain.url.amocrm, 'widget/token');
  const [header, payload, signature] = token.split('.');
  const expected = createHmac('sha256', CLIENT_SECRET).update(`${header}.${payload}`).digest('base64url');
  assert.equal(signature, expected);
  assert.notEqual(signature, createHmac('sha256', 'wrong').update(`${header}.${payload}`).digest('base64url'));
  assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url')), { alg: 'HS256', typ: 'JWT' });
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  const now = Math.floor(Date.now() / 1000);
  assert.equal(claims.iss, 'https://hs1cdemo.amocrm.ru');
  assert.equal(claims.aud, 'https://localhost:8443');
  assert.equal(claims.account_id, 29000001);
  assert.equal(claims.user_id, 504141);
  assert.equal(claims.subdomain, 'hs1cdemo');
  assert.equal(claims.client_uuid, CLIENT_ID);
  assert.equal(claims.is_admin, true);
  assert.equal(claims.exp - claims.iat, tokenLifetimeS);
  assert.equal(claims.nbf, claims.iat);
  assert.ok(Math.abs(claims.iat - now) <= 5, `iat ${claims.iat} vs now ${now}`);
  assert.match(claims.jti, /^[0-9a-f]{32}$/);
  const second = await control(plain.url.amocrm, 'widget/token');
  assert.notEqual(JSON.parse(Buffer.from(second.token.split('.')[1], 'base64url')).jti, claims.jti);
});

test('in a browser the widget runs: callbacks in order, Modal, $authorizedAjax', { skip: !existsSync(chromiumPath) && 'no Chromium' }, async () => {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const base = withWidget.url.amocrm;
    await control(base, 'widget/settings', { greeting: 'Привет из настроек' });
    const tab = await browser.newPage();
    let sentToken;
    await tab.route('https://proxy.test/**', (route) => {
      sentToken = route.request().headers()['x-auth-token'];
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"ok":true}',
        headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'X-Auth-Token' } });
    });
    await tab.goto(`${base}/leads/detail/40003`);
    await tab.waitForFunction(() => window.__hs1c_stand && window.__hs1c_stand.state !== 'loading');
    assert.equal(await tab.evaluate(() => window.__hs1c_stand.state), 'ready');
    assert.deepEqual(await tab.evaluate(() => window.__hs1c_stand.callbacks), ['init', 'render', 'bind_actions']);
    assert.deepEqual(await tab.evaluate(() => window.__widget_log), ['init:40003']);
    assert.equal(await tab.textContent('.test-widget .card-widgets__widget-head'), 'Заказ 1С');
    assert.equal(await tab.evaluate(() => getComputedStyle(document.querySelector('.test-widget')).color), 'rgb(1, 2, 3)');

    await tab.click('#open_order');
    assert.equal(await tab.textContent('.modal.test-modal #modal_text'), 'Привет из настроек');
    await tab.click('.modal-close');
    assert.equal(await tab.locator('.modal-overlay').count(), 0);
    assert.deepEqual(await tab.evaluate(() => window.__widget_log), ['init:40003', 'destroyed']);

    assert.deepEqual(await tab.evaluate(() => new Promise((resolve, reject) => window.__call_api().then(resolve, (x, s, e) => reject(new Error(String(e)))))), { ok: true });
    const [header, payload, signature] = sentToken.split('.');
    assert.equal(signature, createHmac('sha256', CLIENT_SECRET).update(`${header}.${payload}`).digest('base64url'));

    const empty = await browser.newPage();
    await empty.goto(`${plain.url.amocrm}/leads/detail/0`);
    assert.equal(await empty.evaluate(() => window.AMOCRM.data.current_card.id), 0);
    assert.equal(await empty.textContent('#widgets_status'), 'Виджет не подключён: запустите стенд с --widget DIR.');
  } finally {
    await browser.close();
  }
});
