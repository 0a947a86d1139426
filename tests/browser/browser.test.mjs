// The packed package in headless Chromium: a plain <script type="module">
// page (async init and sync init from bytes), a module Web Worker, and a
// Vite production build of a page importing 'offboard'.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { serve } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
let browser;
let server;

before(async () => {
  server = await serve(process.cwd());
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  console.log(`chromium ${browser.version()} at ${CHROMIUM}`);
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function resultOf(path) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  try {
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
    return { result: await page.evaluate(() => window.__result), problems };
  } finally {
    await page.close();
  }
}

function assertChecked({ result, problems }) {
  assert.deepEqual(problems, []);
  assert.equal(result.error, undefined, JSON.stringify(result.error));
  assert.ok(result.presets.includes('pipedrive'));
  assert.equal(result.ok, true, JSON.stringify(result.errors));
  assert.ok(['allowed', 'blocked'].includes(result.verdict));
  assert.equal(result.bytesAlike, true);
  assert.equal(result.workspaceAlike, true);
  assert.equal(result.badAnswered, 2000);
}

test('a plain <script type="module"> page, after await init()', async () => {
  assertChecked(await resultOf('/browser/page.html'));
});

test('a plain page, initialised synchronously from the wasm bytes', async () => {
  assertChecked(await resultOf('/browser/page.html?init=sync'));
});

test('a module Web Worker', async () => {
  assertChecked(await resultOf('/browser/worker.html'));
});

test('a Vite production build, without plugins', async () => {
  await build({ root: join(process.cwd(), 'vite-app'), configFile: join(process.cwd(), 'vite-app', 'vite.config.js') });
  const assets = readdirSync(join(process.cwd(), 'vite-app', 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the build emits the wasm: ${assets}`);
  assertChecked(await resultOf('/vite-app/dist/index.html'));
});
