// Debian's Chromium driven by playwright-core, headless, with the flags this closed network needs,
// and a screenshot saved under test-results/ when a test fails.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { sourceDir } from './harness.mjs';

const chromiumPath = process.env.HS1C_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
}

// Runs fn(page); on failure saves a full-page screenshot named after the test and rethrows.
export async function withPage(browser, name, fn, { ignoreHTTPSErrors = false } = {}) {
  const context = await browser.newContext({ ignoreHTTPSErrors, locale: 'ru-RU' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await fn(page, errors);
  } catch (e) {
    const dir = path.join(sourceDir, 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    e.message += `\nscreenshot: ${file}`;
    throw e;
  } finally {
    await context.close();
  }
}
