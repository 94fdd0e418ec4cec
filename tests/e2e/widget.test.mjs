// The amoCRM widget in the emulated deal card (S5), in Chromium: a deal whose order was placed through
// the proxy shows «Просмотреть заказ», the modal lists the order read live from 1C (names as text, even
// a <script> in one), closing or destroying leaves nothing behind; a deal without an order gets the quiet
// text, an unsaved deal nothing; errors of the proxy come out as short Russian messages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, withPage } from '../lib/browser.mjs';
import { control, sourceDir, startStand } from '../lib/harness.mjs';
import { amoLead, apiCall, endCall, loadScript, makeCart, onecIdOf, onecOrders, saveLogBody, waitFor, WAGO }
  from '../lib/orders.mjs';
import { startProxy, standRules } from '../lib/system.mjs';

const packageDir = path.join(sourceDir, 'plugins/widget/amocrm');
const api = '/_hs1c/api/v1';
const widgetApi = '/_hs1c/widget/v1';
const CHANNEL = '0c0f0000-0000-4000-8000-000000000005';
const channelName = 'Кабель-канал 25х16 <script>alert(1)</script>';
const wagoName = 'Клеммник WAGO 221-413 (3 провода)';
const orderLead = 40005;
const emptyLead = 31337;
// 40003 carries in amoCRM a 1C id the 1C stand has no order for.
const foreignLead = 40003;
const waitMs = 15000;
const locale = 'ru';

let stand;
let proxy;
let browser;
let placed;  // { id, number, total, date, colour } of the order placed for deal 40005

const money = (n) => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
const quantity = (n) => new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(n);
const shortDate = (iso) => iso.replace(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}).*$/, '$3.$2.$1 $4:$5');

// The order for deal 40005, placed the way a call ends: a cart through the proxy, then «Разговор окончен».
async function placeOrder() {
  const session = await control(stand.url.hyperscript, 'session');
  await loadScript(proxy.url.http, session);
  await apiCall(proxy.url.http, 'GET', `${api}/nomenclature?q=${encodeURIComponent('кабель-канал')}`);
  const { body: { parameters } } = await apiCall(proxy.url.http, 'GET', `${api}/nomenclature/${CHANNEL}/parameters`);
  const colour = parameters.find((p) => p.name === 'Цвет');
  const { body: { values } } = await apiCall(proxy.url.http, 'GET', `${api}/nomenclature/${CHANNEL}/parameters/${colour.id}/values`);
  const cart = await makeCart(proxy.url.http, { lines: [
    { item_id: WAGO, quantity: 2 },
    { item_id: CHANNEL, parameter_id: colour.id, value_id: values[0].id, quantity: 3 },
  ] });
  const ended = await endCall(proxy.url.http, session, saveLogBody(session, cart, { leadId: String(orderLead) }));
  assert.equal(ended.notice?.[0]?.state, 'sent', JSON.stringify(ended.notice));
  const [order] = await onecOrders(stand);
  await waitFor(async () => onecIdOf(await amoLead(stand, orderLead)) === order.id, { timeout: waitMs });
  return { id: order.id, number: order.number, total: order.total, date: order.date, colour: values[0].name };
}

before(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs1c-widget-'));
  stand = await startStand({ args: ['--widget', packageDir] });
  const rules = standRules(stand, dir);
  rules.nomenclature = { debounce_ms: 0 };
  rules.widget = { origins: [stand.url.amocrm], audience: 'https://localhost:8443', account_id: 29000001,
                   client_secret: '$env:HS1C_AMOCRM_CLIENT_SECRET' };
  try {
    proxy = await startProxy(rules, { dir });
  } catch (e) {
    await stand.stop();
    throw e;
  }
  // A trailing slash, as people paste addresses: the widget must not send "//_hs1c".
  await control(stand.url.amocrm, 'widget/settings', { proxy_url: `${proxy.url.http}/` });
  browser = await launchBrowser();
  placed = await placeOrder();
});

after(async () => {
  await browser?.close();
  await proxy?.stop();
  await stand?.stop();
});

// Opens a deal card and waits for the stand's widget runtime to finish its callbacks.
async function openCard(page, lead) {
  await page.goto(`${stand.url.amocrm}/leads/detail/${lead}`);
  await page.waitForFunction(() => window.__hs1c_stand && window.__hs1c_stand.state !== 'loading');
  assert.equal(await page.evaluate(() => window.__hs1c_stand.state), 'ready',
    await page.evaluate(() => window.__hs1c_stand.error));
}

const cellTexts = (page, column) =>
  page.locator(`.hs1c-order-modal .hs1c-order__lines tbody tr td:nth-child(${column})`).allTextContents();

// Counts the click handlers the widget left on the document (jQuery keeps them by namespace).
const widgetHandlers = (page) => page.evaluate(() => {
  const events = window.jQuery._data(document, 'events');
  return Object.values(events ?? {}).flat().filter((h) => /hs1cWidget/.test(h.namespace)).length;
});

test('S5: the deal with a 1C order shows the button; the modal lists the order read from 1C, as text', async () => {
  await withPage(browser, 'widget-order', async (page, errors) => {
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    const sent = [];
    page.on('request', (r) => {
      if (r.method() === 'GET' && r.url().startsWith(proxy.url.http)) sent.push(new URL(r.url()).pathname);
    });
    await openCard(page, orderLead);

    const button = page.locator('.hs1c-widget .hs1c-widget__open');
    await button.waitFor({ timeout: waitMs });
    assert.equal(await button.textContent(), 'Просмотреть заказ');
    assert.equal(await page.textContent('.hs1c-widget .hs1c-widget__number'), `Заказ ${placed.number}`);
    assert.equal(await page.textContent('.hs1c-widget .card-widgets__widget-head'), 'Заказ из 1С');

    await button.click();
    const modal = page.locator('.modal.hs1c-order-modal');
    await modal.locator('.hs1c-order__lines').waitFor({ timeout: waitMs });
    assert.equal(await modal.locator('.hs1c-order__title').textContent(), `Заказ ${placed.number}`);
    assert.deepEqual(await modal.locator('.hs1c-order__meta dd').allTextContents(), [shortDate(placed.date), 'Новый']);
    assert.deepEqual(await cellTexts(page, 1), [wagoName, channelName]);
    assert.deepEqual(await cellTexts(page, 2), ['—', 'Цвет']);
    assert.deepEqual(await cellTexts(page, 3), ['—', placed.colour]);
    assert.deepEqual(await cellTexts(page, 4), [quantity(2), quantity(3)]);
    assert.equal(await modal.locator('.hs1c-order__total').textContent(), `Итого: ${money(placed.total)}`);
    // The <script> in the 1C name is text: no element made of it, nothing run.
    assert.equal(await modal.locator('script').count(), 0);
    assert.match(await modal.locator('.hs1c-order__lines tbody tr:nth-child(2) td:first-child').innerHTML(), /&lt;script&gt;/);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(sent, [`${widgetApi}/leads/${orderLead}/order`, `${widgetApi}/orders/${placed.id}`]);

    await page.click('.modal-close');
    assert.equal(await page.locator('.modal-overlay').count(), 0);
    assert.equal(await page.evaluate(() => window.__hs1c_stand.error), null);

    // Opened again after closing: a fresh modal, not a stale one.
    await button.click();
    await modal.locator('.hs1c-order__lines').waitFor({ timeout: waitMs });
    assert.equal(await page.locator('.modal-overlay').count(), 1);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.modal-overlay').count(), 0);
    assert.deepEqual(errors, []);
  });
});

test('destroy() removes the panel, an open modal and every handler the widget added', async () => {
  await withPage(browser, 'widget-destroy', async (page, errors) => {
    await openCard(page, orderLead);
    await page.locator('.hs1c-widget__open').click();
    await page.locator('.hs1c-order-modal .hs1c-order__lines').waitFor({ timeout: waitMs });
    assert.equal(await widgetHandlers(page), 1);

    await page.evaluate(() => window.AMOCRM.widgets.list.widget.callbacks.destroy());
    assert.equal(await page.locator('.modal-overlay').count(), 0);
    assert.equal(await page.locator('.hs1c-widget').count(), 0);
    assert.equal(await page.locator('[data-hs1c-instance]').count(), 0);
    assert.equal(await widgetHandlers(page), 0);
    assert.deepEqual(errors, []);
  });
});

test('a deal without a 1C order gets the quiet text and no button', async () => {
  await withPage(browser, 'widget-no-order', async (page, errors) => {
    await openCard(page, emptyLead);
    await page.locator('.hs1c-widget__quiet', { hasText: 'Заказа из 1С нет' }).waitFor({ timeout: waitMs });
    assert.equal(await page.locator('.hs1c-widget__open').count(), 0);
    assert.equal(await page.locator('.hs1c-widget__error').count(), 0);
    assert.deepEqual(errors, []);
  });
});

test('an unsaved deal (id 0) renders nothing and asks the proxy nothing', async () => {
  await withPage(browser, 'widget-new-deal', async (page, errors) => {
    const sent = [];
    page.on('request', (r) => { if (r.url().startsWith(proxy.url.http)) sent.push(r.url()); });
    await openCard(page, 0);
    assert.deepEqual(await page.evaluate(() => window.__hs1c_stand.callbacks), ['init', 'render', 'bind_actions']);
    assert.equal(await page.locator('.hs1c-widget').count(), 0);
    assert.equal(await page.locator('#widgets_block .card-widgets__widget').count(), 0);
    assert.deepEqual(sent, []);
    assert.deepEqual(errors, []);
  });
});

test('a 1C id that 1C does not know: the modal says the order was not found', async () => {
  await withPage(browser, 'widget-not-found', async (page, errors) => {
    await openCard(page, foreignLead);
    await page.locator('.hs1c-widget__open').click();
    const status = page.locator('.hs1c-order-modal .hs1c-order__status_error');
    await status.waitFor({ timeout: waitMs });
    assert.equal(await status.textContent(), 'Заказ не найден в 1С');
    assert.equal(await page.locator('.hs1c-order-modal .hs1c-order__lines').count(), 0);
    assert.deepEqual(errors, []);
  });
});

// Answers for the widget API faked in the browser, with the CORS headers the proxy would send.
function fakeApi(page, answers) {
  return page.route(`${proxy.url.http}${widgetApi}/**`, (route) => {
    const { pathname } = new URL(route.request().url());
    const answer = answers[pathname.startsWith(`${widgetApi}/leads/`) ? 'lead' : 'order'];
    if (answer === 'abort') return route.abort('connectionrefused');
    return route.fulfill({ status: answer.status ?? 200, contentType: 'application/json', body: JSON.stringify(answer.body),
      headers: { 'access-control-allow-origin': stand.url.amocrm, 'access-control-allow-headers': 'X-Auth-Token' } });
  });
}

test('proxy errors in the panel are short Russian messages', async () => {
  const cases = [
    ['abort', 'Прокси hs1c недоступен. Попробуйте позже'],
    [{ status: 401, body: { error: { code: 'bad_token' } } }, 'Нет доступа к прокси hs1c: проверьте настройки интеграции'],
    [{ status: 503, body: { error: { code: 'amocrm_not_ready' } } }, '1С или прокси hs1c сейчас не отвечает. Попробуйте позже'],
    [{ status: 200, body: ['not', 'an', 'object'] }, 'Прокси hs1c прислал непонятный ответ'],
  ];
  for (const [lead, message] of cases) {
    await withPage(browser, `widget-error-${lead.status ?? lead}`, async (page, errors) => {
      await fakeApi(page, { lead });
      await openCard(page, emptyLead);
      await page.locator('.hs1c-widget__error', { hasText: message }).waitFor({ timeout: waitMs });
      assert.equal(await page.locator('.hs1c-widget__open').count(), 0);
      assert.deepEqual(errors, []);
    });
  }
});

test('without proxy_url in the settings the panel says so and nothing is sent', async () => {
  await control(stand.url.amocrm, 'widget/settings', { proxy_url: '  ' });
  try {
    await withPage(browser, 'widget-no-settings', async (page, errors) => {
      const sent = [];
      page.on('request', (r) => { if (r.url().startsWith(proxy.url.http)) sent.push(r.url()); });
      await openCard(page, orderLead);
      assert.equal(await page.locator('.hs1c-widget__error').textContent(), 'Не указан адрес прокси hs1c в настройках виджета');
      assert.deepEqual(sent, []);
      assert.deepEqual(errors, []);
    });
  } finally {
    await control(stand.url.amocrm, 'widget/settings', { proxy_url: proxy.url.http });
  }
});

test('awkward order data: markup, formatted and missing numbers, no date, unknown status, no lines', async () => {
  const hostile = '<img src=x onerror="window.__pwned=1">Ёлка «Новогодняя»';
  const answers = {
    lead: { body: { lead_id: emptyLead, onec_id: 'f00d0000-0000-4000-8000-000000000001', number: '<b>ЗК-7</b>' } },
    order: { body: { id: 'f00d0000-0000-4000-8000-000000000001', number: '<b>ЗК-7</b>', date: '0001-01-01T00:00:00',
      status: 'constructor', total: '1\u00a0234,50',
      items: [{ name: hostile, parameter: null, value: '<i>x</i>', quantity: 1.5, unit: 'шт', price: null, sum: 1234.5 }] } },
  };
  await withPage(browser, 'widget-awkward', async (page, errors) => {
    await fakeApi(page, answers);
    await openCard(page, emptyLead);
    assert.equal(await page.locator('.hs1c-widget__number').textContent(), 'Заказ <b>ЗК-7</b>');
    await page.locator('.hs1c-widget__open').click();
    const modal = page.locator('.hs1c-order-modal');
    await modal.locator('.hs1c-order__lines').waitFor({ timeout: waitMs });
    assert.equal(await modal.locator('.hs1c-order__title').textContent(), 'Заказ <b>ЗК-7</b>');
    assert.deepEqual(await modal.locator('.hs1c-order__meta dd').allTextContents(), ['—', 'constructor']);
    assert.deepEqual(await modal.locator('tbody td').allTextContents(),
      [hostile, '—', '<i>x</i>', quantity(1.5), 'шт', '—', money(1234.5)]);
    assert.equal(await modal.locator('.hs1c-order__total').textContent(), 'Итого: 1\u00a0234,50');
    assert.equal(await modal.locator('img, b, i').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);

    answers.order.body.items = [];
    await page.keyboard.press('Escape');
    await page.locator('.hs1c-widget__open').click();
    await modal.locator('.hs1c-order__status', { hasText: 'В заказе нет строк' }).waitFor({ timeout: waitMs });
    assert.deepEqual(errors, []);
  });
});
