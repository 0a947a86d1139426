// The packed package in headless Chromium: a plain <script type="module">
// page (async init and sync init from bytes), a module Web Worker, and a
// Vite production build of a page importing 'offboard'.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'vite';
import { assertChecked, chromiumAndServer } from './harness.mjs';

const { resultOf } = chromiumAndServer(process.cwd(), { log: true });

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
