// A person opens HyperScript through hs1c, as an amoCRM integration opens it, and finds HyperScript's
// run view and constructor working with the hs1c plugin injected (issue 3: the demo path).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, withPage } from '../lib/browser.mjs';
import { startSystem } from '../lib/system.mjs';

let system;
let browser;

before(async () => {
  system = await startSystem({ tls: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await system?.stop();
});

for (const scheme of ['https', 'http']) {
  test(`run view and constructor through the proxy over ${scheme}, plugin injected`, async () => {
    await withPage(browser, `hyperscript-through-proxy-${scheme}`, async (page, errors) => {
      const base = system.proxy.url[scheme];
      const response = await page.goto(`${base}/?lead_id=31337#s=5120`);
      assert.equal(response.status(), 200);
      assert.match(response.headers()['x-request-id'], /^[0-9a-f]{32}$/);

      // The page came through the proxy with the plugin's assets injected into <head>.
      const html = await response.text();
      assert.match(html, /<link rel="stylesheet" href="\/_hs1c\/ui\/plugin.css">/);
      assert.match(html, /<script defer src="\/_hs1c\/ui\/plugin.js"><\/script>/);

      // The run view of script 5120, its fields, and the deal id filled from ?lead_id=.
      await page.locator('.js_view_box').waitFor({ state: 'visible' });
      await page.locator('.talk_is_over').waitFor({ state: 'visible' });
      assert.equal(await page.locator('.js_outfields_box .js_script_field[name="7106"]').inputValue(), '31337');

      // The plugin attached to HyperScript's module hook and marked the page.
      await page.waitForFunction(() => document.documentElement.dataset.hs1c === 'attached');
      assert.equal(await page.evaluate(() => typeof window.hs1c.app.misc.on), 'function');
      assert.equal(await page.locator('.hs1c-badge').textContent(), 'hs1c');

      // The constructor panel with the «Поля» dialog and its type list.
      await page.goto(`${base}/?lead_id=31337#s=5120&mode=constructor`);
      await page.locator('.js_step_editor').waitFor({ state: 'visible' });
      await page.locator('.js_show_add_field').click();
      await page.locator('#show_add_field').waitFor({ state: 'visible' });
      const types = await page.locator('#field_type option').evaluateAll((os) => os.map((o) => o.value));
      for (const t of ['text', 'textarea', 'checkbox', 'number', 'date', 'datetime', 'multilist'])
        assert.ok(types.includes(t), `type ${t} offered`);

      assert.deepEqual(errors, []);
    }, { ignoreHTTPSErrors: true });
  });
}

test('the proxy sent HyperScript the forwarding headers and kept the RPC working', async () => {
  const journal = await (await fetch(`${system.stand.url.hyperscript}/_stand/requests`)).json();
  const page = journal.requests.find((r) => r.path === '/' && r.query.includes('lead_id=31337'));
  assert.ok(page, 'HyperScript saw the page request');
  assert.equal(page.headers['x-forwarded-for'], '127.0.0.1');
  assert.match(page.headers['x-request-id'], /^[0-9a-f]{32}$/);
  assert.equal(page.headers['accept-encoding'], 'identity');
  const rpc = journal.requests.filter((r) => r.path === '/ajax');
  assert.ok(rpc.length > 0, 'the page made RPC calls through the proxy');
  assert.ok(rpc.every((r) => r.body.includes('csrf_token=')));
});
