// Browser bundles of an app importing 'offboard' and 'offboard/presets',
// loaded in headless Chromium: webpack 5 as is, esbuild with the recipe of
// docs/npm.md (its code and command, taken from the doc), Rollup with the
// configuration file of docs/npm.md. Each page runs the checks of check.js.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import webpack from 'webpack';
import { assertChecked, chromiumAndServer } from './harness.mjs';

const consumer = process.cwd();
const { resultOf } = chromiumAndServer(consumer);

/** The dev tools' node_modules, further up from the consumer folder. */
function toolsDir(pkg) {
  let dir = consumer;
  while (!existsSync(join(dir, 'node_modules', pkg))) {
    assert.notEqual(dirname(dir), dir, `${pkg} is not installed`);
    dir = dirname(dir);
  }
  return join(dir, 'node_modules');
}

/** A code block of docs/npm.md, after its `<!-- KIND: NAME -->` marker. */
function docBlock(marker) {
  const doc = readFileSync(join(consumer, 'docs-npm.md'), 'utf8');
  const m = doc.match(new RegExp(`<!-- ${marker} -->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\``));
  assert.ok(m, `docs/npm.md has the ${marker} block`);
  return m[1];
}

const HARNESS = `
import * as offboard from 'offboard';
import 'offboard/presets';
import { check } from '../browser/check.js';

check(offboard, 'ready').then(
  (result) => { window.__result = result; },
  (e) => { window.__result = { error: String((e && e.stack) || e) }; },
);
`;

function fresh(name) {
  const dir = join(consumer, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  return dir;
}

test('webpack 5, production, no configuration beyond entry and output: await init() loads the .wasm', async () => {
  const dir = fresh('build-webpack');
  const stats = await new Promise((done, fail) => {
    webpack({ mode: 'production', context: consumer, entry: './bundlers/app.js', output: { path: dir, filename: 'main.js' } }, (err, s) => (err ? fail(err) : done(s)));
  });
  assert.equal(stats.hasErrors(), false, stats.toString('errors-only'));
  assert.ok(readdirSync(dir).some((f) => f.endsWith('.wasm')), 'webpack emits the .wasm');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script src="main.js"></script>\n');
  // The app checks before init() that calls answer notInitialized, then inits.
  assertChecked(await resultOf('/build-webpack/index.html'));
});

test('esbuild, browser: the recipe of docs/npm.md, its code and its command', async () => {
  const dir = fresh('build-esbuild');
  const recipe = docBlock('recipe: esbuild-browser');
  const command = recipe.match(/^\/\/ (esbuild .*)$/m);
  assert.ok(command, 'the recipe names its command');
  writeFileSync(join(dir, 'app.js'), `${recipe}\n${HARNESS}`);
  const bin = join(toolsDir('esbuild'), '.bin');
  execFileSync('bash', ['-c', command[1]], { cwd: dir, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, stdio: 'pipe' });
  const out = join(dir, 'dist');
  assert.ok(readdirSync(out).some((f) => f.endsWith('.wasm')), 'esbuild copies the .wasm');
  cpSync(join(consumer, 'bundlers', 'index.html'), join(out, 'index.html'));
  assertChecked(await resultOf('/build-esbuild/dist/index.html'));
});

test('Rollup, browser: the configuration file of docs/npm.md, and await init()', async () => {
  const dir = fresh('build-rollup');
  const config = docBlock('config: rollup');
  assert.match(config, /^\/\/ rollup\.config\.mjs, then: rollup -c$/m);
  writeFileSync(join(dir, 'rollup.config.mjs'), config);
  cpSync(join(consumer, 'bundlers', 'app.js'), join(dir, 'app.js'));
  const rollup = join(toolsDir('rollup'), 'rollup', 'dist', 'bin', 'rollup');
  execFileSync(process.execPath, [rollup, '-c', '--silent'], { cwd: dir, stdio: 'pipe' });
  const out = join(dir, 'dist');
  assert.ok(existsSync(join(out, 'app.js')));
  cpSync(join(consumer, 'bundlers', 'index.html'), join(out, 'index.html'));
  assertChecked(await resultOf('/build-rollup/dist/index.html'));
});

test('without the plugin, Rollup leaves the .wasm out (why the recipe needs it)', async () => {
  const dir = fresh('build-rollup-bare');
  cpSync(join(consumer, 'bundlers', 'app.js'), join(dir, 'app.js'));
  writeFileSync(join(dir, 'rollup.config.mjs'), "import { nodeResolve } from '@rollup/plugin-node-resolve';\nexport default { input: 'app.js', output: { dir: 'dist', format: 'es' }, plugins: [nodeResolve({ browser: true })] };\n");
  const rollup = join(toolsDir('rollup'), 'rollup', 'dist', 'bin', 'rollup');
  execFileSync(process.execPath, [rollup, '-c', '--silent'], { cwd: dir, stdio: 'pipe' });
  assert.equal(readdirSync(resolve(dir, 'dist'), { recursive: true }).some((f) => String(f).endsWith('.wasm')), false);
});
