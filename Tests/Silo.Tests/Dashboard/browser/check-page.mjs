// Opens one dashboard page in Debian's Chromium, waits for what the test expects, and writes a screenshot.
// Usage: node check-page.mjs <json>, where json is
//   {"url": "...", "selectors": ["css", ...], "texts": ["...", ...], "screenshot": "path.png", "timeoutMs": 30000}
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

// The flags keep Chromium from reaching for Google's services, which this machine's closed network refuses.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${profile}`,
  ],
});

let status = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const response = await page.goto(request.url, { timeout });
  if (!response || !response.ok()) {
    throw new Error(`GET ${request.url} answered ${response?.status()}`);
  }

  const waits = [
    ...(request.selectors ?? []).map(selector =>
      page.waitForSelector(selector, { state: 'attached', timeout }).catch(() => { throw new Error(`selector never matched: ${selector}`); })),
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
