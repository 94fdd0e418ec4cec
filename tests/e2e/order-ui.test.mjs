// «Разговор окончен» as an operator clicks it (S3): the cart built during the call becomes a 1C order,
// the deal in amoCRM gets the order's 1C id, HyperScript's log gets the summary, and the run view tells
// the operator what became of the order, also when 1C is down and the order waits in the queue.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, withPage } from '../lib/browser.mjs';
import { control } from '../lib/harness.mjs';
import { amoLead, hsPassLogs, onecIdOf, onecOrders, waitFor } from '../lib/orders.mjs';
import { startSystem } from '../lib/system.mjs';

const scriptId = 5120;
const orderStep = 88233;
const leadId = 31337;
const clientNameField = '7101';
const waitMs = 10000;
// The proxy gives 1C about 3 s while the operator waits; the page then still has to ask and show.
const finishMs = 15000;
// A queued order goes out on the outbox's next retry after 1C is back.
const deliveryMs = 20000;
// Past the plugin's longest pause between two checks of a queued order.
const recheckJump = '01:05';
const cable = 'Кабель ВВГнг(А)-LS 3х2,5';
const sentNotice = /^Заказ ЗК-\d+ передан в 1С$/;
const queuedNotice = 'Заказ поставлен в очередь: 1С пока не ответила, он уйдёт автоматически';

let system;
let browser;
let proxyUrl;
let stand;

before(async () => {
  system = await startSystem();
  browser = await launchBrowser();
  proxyUrl = system.proxy.url.http;
  stand = system.stand;
});

after(async () => {
  await browser?.close();
  await system?.stop();
});

beforeEach(async () => {
  for (const emulator of ['hyperscript', 'onec', 'amocrm']) await control(stand.url[emulator], 'reset', {});
});

// HyperScript's RPC through the proxy with a fresh stand session, as the page would send it.
async function rpc(method, params) {
  const session = await control(stand.url.hyperscript, 'session');
  const res = await fetch(`${proxyUrl}/ajax`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', cookie: session.cookie },
    body: new URLSearchParams({ method, ...params, csrf_token: session.csrf_token }).toString(),
  });
  const answer = await res.json();
  assert.equal(answer.status, 0, JSON.stringify(answer));
  return answer.response;
}

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// A «Номенклатура» field added as the constructor adds it, its tag at the end of «Оформление заказа».
async function addNomenclatureField(name) {
  const field = await rpc('script.add_field', {
    script_id: scriptId, node_id: orderStep, name, key: '', type: 'nomenclature', is_from_crm: 0, sys_name: '',
  });
  const state = await control(stand.url.hyperscript, 'state');
  const step = state.scripts.find((s) => s.id === scriptId).steps.find((s) => s.id === orderStep);
  await rpc('script.update_node', {
    script_id: scriptId, node_id: orderStep, text: `${step.text} <hs class="js_field" data-id="${field.id}">${escapeHtml(name)}</hs> `,
  });
  return String(field.id);
}

async function answer(page, text, nextStep) {
  await page.locator('.js_answer', { hasText: text }).click();
  await page.locator('.js_view_step_title', { hasText: nextStep }).waitFor({ timeout: waitMs });
}

// The call up to the order step: the client's name typed on the way, as an operator fills it.
async function reachOrderStep(page, clientName) {
  await page.goto(`${proxyUrl}/?lead_id=${leadId}#s=${scriptId}`);
  await page.locator('.js_view_step_title', { hasText: 'Приветствие' }).waitFor({ timeout: waitMs });
  await page.locator(`.js_view_step_text .js_script_field[name="${clientNameField}"]`).fill(clientName);
  await answer(page, 'Клиент представился', 'Выявление потребности');
  await answer(page, 'Хочет оформить заказ', 'Оформление заказа');
}

// Search, item, parameter, value: one line in the cart. Returns the cart as the proxy has it.
async function buildCart(page, fieldId) {
  const widget = page.locator(`.js_view_step_text .hs1c-widget[data-field="${fieldId}"]`);
  await widget.locator('.hs1c-search').fill('каб');
  await widget.locator('.hs1c-suggestion-name', { hasText: cable }).first().click();
  await widget.locator('select.hs1c-parameter').selectOption({ label: 'Цвет' });
  await widget.locator('select.hs1c-value').selectOption({ label: 'Чёрный' });
  await widget.locator('.hs1c-line').waitFor({ timeout: waitMs });
  const value = await page.locator(`.js_view_step_text .js_script_field[name="${fieldId}"]`).inputValue();
  const cartId = /^hs1c-cart:(.+)$/.exec(value)?.[1];
  assert.ok(cartId, `field value ${JSON.stringify(value)}`);
  const res = await fetch(`${proxyUrl}/_hs1c/api/v1/carts/${cartId}`);
  assert.equal(res.status, 200);
  return res.json();
}

async function finishCall(page) {
  await answer(page, 'Заказ собран', 'Завершение: заказ оформлен');
  await page.locator('.talk_is_over').click();
  await page.locator('.js_result', { hasText: 'Разговор сохранён' }).waitFor({ timeout: finishMs });
}

const notices = (page) => page.locator('.js_view_box .hs1c-orders .hs1c-order');

test('S3: the order reaches 1C, the deal gets its id, the log its summary, and the operator sees its number', async () => {
  const fieldId = await addNomenclatureField('Товары');
  await withPage(browser, 'order-ui-sent', async (page, errors) => {
    await reachOrderStep(page, 'Анна Петрова');
    const cart = await buildCart(page, fieldId);
    await finishCall(page);

    const notice = notices(page);
    await notice.locator('.hs1c-order-text', { hasText: sentNotice }).waitFor({ timeout: waitMs });
    assert.equal(await notice.count(), 1);
    assert.equal(await notice.isVisible(), true);
    assert.match(await notice.getAttribute('class'), /\bhs1c-order-sent\b/);
    const number = /ЗК-\d+/.exec(await notice.textContent())[0];

    // 1C has exactly one order: this cart's line, and the field the operator filled on the way.
    const orders = await onecOrders(stand);
    assert.equal(orders.length, 1);
    const [order] = orders;
    assert.equal(order.number, number);
    assert.equal(order.external_id, cart.id);
    assert.equal(order.request.amocrm_lead_id, leadId);
    const [line] = cart.lines;
    assert.deepEqual(order.request.items.map((i) => [i.nomenclature_id, i.name, i.parameter_name, i.value_name, i.quantity]),
      [[line.item.id, cable, 'Цвет', 'Чёрный', 1]]);
    assert.deepEqual(order.request.fields.find((f) => f.id === clientNameField),
      { id: clientNameField, name: 'Имя клиента', value: 'Анна Петрова' });

    // The outbox's worker writes the 1C id into the deal shortly after.
    await waitFor(async () => onecIdOf(await amoLead(stand, leadId)) === order.id, { timeout: waitMs });

    const [log] = await hsPassLogs(stand);
    const summary = log.fields.find((f) => String(f.id) === fieldId).value;
    assert.equal(summary, `Заказ ${number} передан в 1С: ${cable} (Цвет: Чёрный) — 1 м`);

    // The notice stays while the finished call is on screen and goes with the next pass.
    assert.equal(await notice.count(), 1);
    assert.match(await notice.textContent(), sentNotice);
    await page.locator('.js_restart').click();
    await page.locator('.js_view_step_title', { hasText: 'Приветствие' }).waitFor({ timeout: waitMs });
    assert.equal(await page.locator('.hs1c-orders').count(), 0);
    assert.deepEqual(errors, []);
  });
});

test('S3 with 1C down: the operator is told the order is queued; it reaches 1C once 1C is back', async () => {
  const fieldId = await addNomenclatureField('Товары');
  await withPage(browser, 'order-ui-queued', async (page, errors) => {
    // The page's timers run on a clock the test can move, so the queued order's re-check need not be
    // waited out in real time.
    await page.clock.install();
    await reachOrderStep(page, 'Иван');
    const cart = await buildCart(page, fieldId);
    await control(stand.url.onec, 'quirks', { down: true });
    await finishCall(page);

    const notice = notices(page);
    await notice.locator('.hs1c-order-text', { hasText: queuedNotice }).waitFor({ timeout: waitMs });
    assert.equal(await notice.count(), 1);
    assert.match(await notice.getAttribute('class'), /\bhs1c-order-queued\b/);
    assert.equal((await onecOrders(stand)).length, 0);
    const [log] = await hsPassLogs(stand);
    assert.match(log.fields.find((f) => String(f.id) === fieldId).value, /^Заказ передаётся в 1С: Кабель ВВГнг/);

    await control(stand.url.onec, 'quirks', { down: false });
    const orders = await waitFor(async () => {
      const now = await onecOrders(stand);
      return now.length ? now : null;
    }, { timeout: deliveryMs, every: 250 });
    assert.equal(orders.length, 1);
    assert.equal(orders[0].external_id, cart.id);
    assert.deepEqual(orders[0].request.items.map((i) => [i.name, i.value_name, i.quantity]), [[cable, 'Чёрный', 1]]);

    // The page learns it on its next check and says so in place of the queued notice.
    await page.clock.fastForward(recheckJump);
    await notice.locator('.hs1c-order-text', { hasText: `Заказ ${orders[0].number} передан в 1С` }).waitFor({ timeout: waitMs });
    assert.equal(await notice.count(), 1);
    assert.deepEqual(errors, []);
  });
});

test('S3: a status the page cannot read is shown as unknown, not as a success', async () => {
  const fieldId = await addNomenclatureField('Товары');
  await withPage(browser, 'order-ui-unknown', async (page, errors) => {
    await page.route('**/_hs1c/api/v1/carts/*/order', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"x","message":"нет"}}' }));
    await reachOrderStep(page, 'Ольга');
    await buildCart(page, fieldId);
    await finishCall(page);
    const notice = notices(page);
    await notice.locator('.hs1c-order-text', { hasText: 'Статус заказа неизвестен' }).waitFor({ timeout: waitMs });
    assert.equal(await notice.count(), 1);
    assert.equal((await onecOrders(stand)).length, 1, 'the order itself went to 1C');
    assert.deepEqual(errors, []);
  });
});

test('S3: a parked order without a number asks for the administrator; markup from the answer stays text', async () => {
  const goods = await addNomenclatureField('Товары');
  const extra = await addNomenclatureField('Доп. <b>товары</b>');
  await withPage(browser, 'order-ui-parked', async (page, errors) => {
    // The proxy parks an order 1C refused; the page's reading of the answers is what is checked here.
    const answers = new Map();
    await page.route('**/_hs1c/api/v1/carts/*/order', (route) => {
      const cart = route.request().url().split('/carts/')[1].split('/')[0];
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answers.get(cart)) });
    });
    await reachOrderStep(page, 'Пётр');
    const first = await buildCart(page, goods);
    const second = await buildCart(page, extra);
    answers.set(first.id, { state: 'parked', number: '' });
    answers.set(second.id, { state: 'done', number: 'ЗК-<i>7</i>' });
    await finishCall(page);

    const notice = notices(page);
    await notice.nth(1).locator('.hs1c-order-text', { hasText: 'передан' }).waitFor({ timeout: waitMs });
    assert.deepEqual(await notice.evaluateAll((rows) => rows.map((r) => [
      r.querySelector('.hs1c-order-field')?.textContent, r.querySelector('.hs1c-order-text').textContent,
    ])), [
      ['Товары', 'Заказ не принят 1С: сообщите администратору'],
      ['Доп. <b>товары</b>', 'Заказ ЗК-<i>7</i> передан в 1С'],
    ]);
    assert.match(await notice.first().getAttribute('class'), /\bhs1c-order-rejected\b/);
    assert.equal(await page.locator('.hs1c-orders b, .hs1c-orders i').count(), 0);
    assert.deepEqual(errors, []);
  });
});
