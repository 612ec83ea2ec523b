// Opens one dashboard page in Debian's Chromium, waits for what the test expects, and writes a screenshot.
// Usage: node check-page.mjs <json>, where json is
//   {"url": "...", "armSelectors": ["css", ...], "selectors": ["css", ...], "texts": ["...", ...],
//    "screenshot": "path.png", "screenshotWhen": {"selector": "css", "path": "path.png"}, "timeoutMs": 30000}
// armSelectors are waited for first, then "armed" is printed: the test acts (kills a host) only once the page shows
// the state before. screenshotWhen captures a moment that may pass (a dead host is red only until its TTL).
// Exit 0 when every selector is attached and every text is on the page before the timeout; otherwise exit 1 and
// print what was missing and the page's text, so the C# test's failure message explains itself.
// The page updates itself (it polls its own fragment), so waiting needs no reloads and no sleeps.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const request = JSON.parse(process.argv[2] ?? '{}');
const timeout = request.timeoutMs ?? 30000;
const profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));

// A fresh profile per run; the flags keep Chromium from reaching for Google's services, which a closed network refuses.
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

let status = 0;
try {
  const page = browser.pages()[0] ?? await browser.newPage();
  const response = await page.goto(request.url, { timeout });
  if (!response || !response.ok()) {
    throw new Error(`GET ${request.url} answered ${response?.status()}`);
  }

  const wait = selector =>
    page.waitForSelector(selector, { state: 'attached', timeout }).catch(() => { throw new Error(`selector never matched: ${selector}`); });
  const armed = await Promise.allSettled((request.armSelectors ?? []).map(wait));
  const notArmed = armed.filter(r => r.status === 'rejected').map(r => r.reason.message);
  if (notArmed.length > 0) {
    throw new Error(`${notArmed.join('\n')}\n--- page text ---\n${await page.evaluate(() => document.body.innerText)}`);
  }

  console.log('armed');
  const waits = [
    ...(request.screenshotWhen ? [wait(request.screenshotWhen.selector).then(() => page.screenshot({ path: request.screenshotWhen.path, fullPage: true }))] : []),
    ...(request.selectors ?? []).map(wait),
    ...(request.texts ?? []).map(text =>
      page.waitForFunction(t => document.body.innerText.includes(t), text, { timeout }).catch(() => { throw new Error(`text never shown: ${text}`); })),
  ];
  const results = await Promise.allSettled(waits);
  const failures = results.filter(r => r.status === 'rejected').map(r => r.reason.message);
  if (request.screenshot) {
    await page.screenshot({ path: request.screenshot, fullPage: true });
  }

  if (failures.length > 0) {
    status = 1;
    console.log(failures.join('\n'));
    console.log('--- page text ---');
    console.log(await page.evaluate(() => document.body.innerText));
  } else {
    console.log('ok');
  }
} catch (error) {
  status = 1;
  console.log(error.message);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}

process.exit(status);
