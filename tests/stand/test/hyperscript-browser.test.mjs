// The HyperScript emulator in a real browser: add a field through the constructor's dialog, run the
// script, fill fields in the step text and the sidebar, finish the call and find the pass log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startStand, control, sourceDir } from '../../lib/harness.mjs';

const chromiumArgs = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];
const resultsDir = path.join(sourceDir, 'test-results');
const waitMs = 10000;

let stand;
let base;
let browser;

before(async () => {
  stand = await startStand({ emulators: ['hyperscript'] });
  base = stand.url.hyperscript;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});
after(async () => {
  await browser?.close();
  await stand?.stop();
});

// Runs `body(page)` on a fresh page that records the app's events through the appasyncadd hook the
// way an injected plugin would; saves a screenshot when it fails.
async function withPage(name, body) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__events = [];
    window.appasyncadd = window.appasyncadd || [];
    window.appasyncadd.push((app) => {
      window.__app = app;
      for (const type of ['constructor load done', 'constructor step selected', 'start script', 'stop script'])
        app.misc.on(type, (event, data) => window.__events.push([event.type, data.script_id]));
    });
  });
  try {
    await body(page);
    assert.deepEqual(errors, []);
  } catch (e) {
    await mkdir(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, `${name}.png`), fullPage: true });
    throw e;
  } finally {
    await page.close();
  }
}

const events = (page) => page.evaluate(() => window.__events.map(([type]) => type));

test('the page encodes RPC bodies exactly as $.param does', async () => {
  await control(base, 'reset', {});
  await withPage('hyperscript-param', async (page) => {
    await page.goto(`${base}/`);
    await page.waitForFunction(() => window.__app, null, { timeout: waitMs });
    const fixture = (await readFile(path.join(sourceDir, 'tests/fixtures/cases/hyperscript/save_log.form'), 'utf8')).trim();
    const encoded = await page.evaluate(() => {
      const script = { id: 5120, ver: 17 };
      return window.__app.param({
        method: 'script.save_log', id: 5120, ver: 17, token: '9f3c2a7e41b04d6e8a1f0c5d2b7e9a13', outcome: 'ok',
        log: [{ id: 'start', cid: '', script, isgoal: 0 }, { id: 's3', cid: 'c12', script, isgoal: 1 }],
        fields: [
          { id: 7101, value: 'Иванов Пётр (тест)' }, { id: 7102, value: '+7 900 000-00-00' },
          { id: 7103, value: 'hs1c-cart:3d6f0a4e-2c1b-4f7e-9a8d-5b6c7d8e9f01' }, { id: 7104, value: 1 },
          { id: 7105, value: ['Доставка', 'Монтаж & наладка'] }, { id: 7106, value: '31337' },
        ],
        unexpected: [], duration: 312, widgets: { basket2: { total: 0 } },
        csrf_token: 'b1946ac92492d2347c6235b4d2611184',
      });
    });
    assert.equal(encoded, fixture);
    // The script list is the start panel without a hash.
    await page.locator('.js_scripts_rows a', { hasText: 'Продажа: входящий звонок' }).waitFor({ timeout: waitMs });
  });
});

test('add a field in the constructor, run the script, finish the call', async () => {
  await control(base, 'reset', {});
  await withPage('hyperscript-browser', async (page) => {
    await page.goto(`${base}/?lead_id=31337#s=5120&mode=constructor`);
    const editor = page.locator('.js_step_editor');
    await page.locator('.js_step_item.active').waitFor({ timeout: waitMs });
    assert.deepEqual(await events(page), ['constructor step selected', 'constructor load done']);
    assert.equal(await page.locator('.js_lead_badge').textContent(), 'Сделка №31337');

    // S1 as a writer does it: caret at the end of the step text, «Поля», Новое → Простое, save.
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.locator('.js_show_add_field').click();
    const dialog = page.locator('#show_add_field');
    await dialog.waitFor({ state: 'visible', timeout: waitMs });
    await page.locator('#tab_new_simple').click();
    await page.locator('#field_name').fill('Комментарий');
    await page.locator('#field_type').selectOption('textarea');
    await page.locator('.js_add_field_save').click();
    await dialog.waitFor({ state: 'hidden', timeout: waitMs });
    await page.locator('.js_save_state', { hasText: 'Сохранено' }).waitFor({ timeout: waitMs });
    assert.equal(await editor.locator('hs.js_field[data-id="7107"]').textContent(), 'Комментарий');

    const state = await control(base, 'state');
    const greeting = state.scripts[0].steps.find((s) => s.id === 88231).text;
    assert.ok(greeting.endsWith('<hs class="js_field" data-id="7101">Имя клиента</hs>'
      + ' <hs class="js_field" data-id="7107">Комментарий</hs> '), greeting);
    assert.deepEqual(state.fields.find((f) => f.id === 7107),
      { id: 7107, name: 'Комментарий', type: 'textarea', options: '', sys_name: '', position: 6,
        script_id: 5120, node_id: 88231, key: '', is_from_crm: false });

    // The run view: fields in the step text and in the sidebar stay in sync both ways.
    await page.locator('.js_to_view').click();
    const view = page.locator('.js_view_box');
    await view.locator('.js_view_step_title', { hasText: 'Приветствие' }).waitFor({ timeout: waitMs });
    assert.equal(await page.evaluate(() => location.hash), '#s=5120');
    const inText = (id) => page.locator(`.js_view_step_text .js_script_field[name="${id}"]`);
    const inSidebar = (id) => page.locator(`.js_outfields_box .js_script_field[name="${id}"]`);
    await inText(7101).fill('Иван Петров');
    assert.equal(await inSidebar(7101).inputValue(), 'Иван Петров');
    assert.equal(await inText(7107).evaluate((el) => el.tagName), 'TEXTAREA');
    await inSidebar(7107).fill('Нужна сборка');
    assert.equal(await inText(7107).inputValue(), 'Нужна сборка');

    await view.locator('.js_answer', { hasText: 'Клиент представился' }).click();
    assert.equal(await inText(7106).inputValue(), '31337');
    await inText(7102).fill('+7 900 000-00-00');
    await view.locator('.js_answer', { hasText: 'Хочет оформить заказ' }).click();
    await inText(7104).check();
    assert.equal(await inSidebar(7104).isChecked(), true);
    await inText(7105).selectOption(['Монтаж & наладка']);
    await view.locator('.js_answer', { hasText: 'Заказ собран' }).click();
    await view.locator('.js_view_step_title', { hasText: 'Завершение: заказ оформлен' }).waitFor({ timeout: waitMs });

    await view.locator('.talk_is_over').click();
    await view.locator('.js_result', { hasText: 'Разговор сохранён' }).waitFor({ timeout: waitMs });
    assert.deepEqual(await events(page), ['constructor step selected', 'constructor load done', 'start script', 'stop script']);

    const [log] = (await control(base, 'state')).pass_logs;
    const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    assert.equal(log.params.csrf_token, csrf);
    assert.equal(log.script_id, 5120);
    assert.equal(log.ver, '19');
    assert.equal(log.outcome, 'ok');
    assert.match(log.token, /^[0-9a-f]{32}$/);
    assert.match(log.raw, /^method=script\.save_log&id=5120&ver=19&token=[0-9a-f]{32}&outcome=ok&log%5B0%5D%5Bid%5D=88231&/);
    assert.deepEqual(log.log.map((e) => [e.id, e.cid, e.isgoal]),
      [['88231', '', '0'], ['88232', '60001', '0'], ['88233', '60003', '0'], ['88234', '60005', '1']]);
    assert.deepEqual(log.fields, [
      { id: '7101', value: 'Иван Петров' },
      { id: '7102', value: '+7 900 000-00-00' },
      { id: '7104', value: '1' },
      { id: '7105', value: ['Монтаж & наладка'] },
      { id: '7106', value: '31337' },
      { id: '7107', value: 'Нужна сборка' },
    ]);
    assert.deepEqual(log.widgets, { basket2: { total: '0' } });

    // A finished pass can start again, with a new token and empty fields.
    await view.locator('.js_restart').click();
    await view.locator('.js_view_step_title', { hasText: 'Приветствие' }).waitFor({ timeout: waitMs });
    assert.equal(await inText(7101).inputValue(), '');
    assert.equal(await view.locator('.js_result').textContent(), '');
    assert.equal(await view.locator('.talk_is_over').isEnabled(), true);
    assert.deepEqual((await events(page)).slice(-1), ['start script']);
  });
});

test('an RPC error shows the server\'s Russian message', async () => {
  await control(base, 'reset', {});
  await withPage('hyperscript-error', async (page) => {
    await page.goto(`${base}/#s=5120`);
    const view = page.locator('.js_view_box');
    await view.locator('.js_view_step_title', { hasText: 'Приветствие' }).waitFor({ timeout: waitMs });
    // A page whose session the server no longer knows: the CSRF check fails on «Разговор окончен».
    await page.context().clearCookies();
    await view.locator('.talk_is_over').click();
    await view.locator('.js_result', { hasText: 'Сессия устарела' }).waitFor({ timeout: waitMs });
    assert.equal(await view.locator('.talk_is_over').isEnabled(), true);
    assert.deepEqual((await control(base, 'state')).pass_logs, []);
  });
});
