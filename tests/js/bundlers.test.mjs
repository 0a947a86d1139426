// Node apps bundled into one file by esbuild — ES module output, and
// CommonJS output from ES module and from CommonJS sources — run from a
// folder with no node_modules: nothing is read from beside the bundle. And
// the shipped presets are opt-in bytes: a bundle that does not import
// 'offboard/presets' carries none of their data.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const out = mkdtempSync(join(tmpdir(), 'offboard-bundles-'));

async function bundle(entry, options) {
  const outfile = join('bundlers-out', options.outName);
  delete options.outName;
  const result = await build({ entryPoints: [join('bundlers', entry)], bundle: true, outfile, logLevel: 'silent', ...options });
  assert.deepEqual(result.errors, []);
  return outfile;
}

function runAlone(file) {
  // Copied alone into an empty folder outside the project: no node_modules.
  const alone = join(out, file.split('/').pop());
  copyFileSync(file, alone);
  const r = spawnSync(process.execPath, [alone], { cwd: out, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const answer = JSON.parse(r.stdout);
  assert.equal(answer.ok, true, JSON.stringify(answer));
  assert.equal(answer.verdict, 'allowed');
  assert.ok(answer.presets.includes('pipedrive'));
}

test('esbuild, Node, ESM output: the bundle runs alone', async () => {
  runAlone(await bundle('node-app.mjs', { platform: 'node', format: 'esm', outName: 'node-esm.mjs' }));
});

test('esbuild, Node, CommonJS output from ES module sources: the bundle runs alone', async () => {
  runAlone(await bundle('node-app.mjs', { platform: 'node', format: 'cjs', outName: 'node-esm-src.cjs', logOverride: { 'empty-import-meta': 'silent' } }));
});

test('esbuild, Node, CommonJS output from require(): the bundle runs alone', async () => {
  runAlone(await bundle('node-app.cjs', { platform: 'node', format: 'cjs', outName: 'node-cjs.cjs' }));
});

test("the preset data is in a browser bundle only when it imports 'offboard/presets'", async () => {
  const lean = readFileSync(await bundle('lean-app.mjs', { platform: 'browser', format: 'esm', minify: true, outName: 'lean.js' }), 'utf8');
  const full = readFileSync(await bundle('presets-app.mjs', { platform: 'browser', format: 'esm', minify: true, outName: 'full.js' }), 'utf8');
  // A sample workspace's domain and a preset's policy id appear only with the presets.
  assert.doesNotMatch(lean, /baltic-solar/);
  assert.doesNotMatch(lean, /Document360/);
  assert.match(full, /baltic-solar/);
  assert.match(full, /Document360/);
  const leanGzip = gzipSync(lean).length;
  const fullGzip = gzipSync(full).length;
  assert.ok(leanGzip < 10_000, `the lean bundle is ${leanGzip} bytes gzip`);
  assert.ok(fullGzip - leanGzip > 20_000, `the presets add ${fullGzip - leanGzip} bytes gzip`);
});
