// What the browser tests share: headless Chromium started once beside a
// static server of the consumer folder, a page's result (window.__result, set
// by check.js) with the errors it logged, and the checks every page passes.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Starts Chromium and a server of `root` before the file's tests; both stop after them. */
export function chromiumAndServer(root, { log = false } = {}) {
  const h = { browser: undefined, server: undefined };
  before(async () => {
    h.server = await serve(root);
    h.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    if (log) console.log(`chromium ${h.browser.version()} at ${CHROMIUM}`);
  });
  after(async () => {
    await h.browser?.close();
    h.server?.close();
  });
  /** The result a page at `path` reports, and the errors it logged. */
  h.resultOf = async (path) => {
    const page = await h.browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    try {
      await page.goto(`${h.server.url}${path}`);
      await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
      return { result: await page.evaluate(() => window.__result), problems };
    } finally {
      await page.close();
    }
  };
  return h;
}

/** The checks of check.js all passed, with nothing logged as an error. */
export function assertChecked({ result, problems }) {
  assert.deepEqual(problems, []);
  assert.equal(result.error, undefined, JSON.stringify(result.error));
  assert.ok(result.presets.includes('pipedrive'));
  assert.equal(result.ok, true, JSON.stringify(result.errors));
  assert.ok(['allowed', 'blocked'].includes(result.verdict));
  assert.equal(result.bytesAlike, true);
  assert.equal(result.workspaceAlike, true);
  assert.equal(result.badAnswered, 2000);
}
