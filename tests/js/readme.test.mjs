// The quick start of the package README, copied into a fresh folder with the
// packed tarball installed, runs and prints a verdict; so does the example of
// the repository README.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

test('the README quick start works in a fresh folder', () => {
  const readme = readFileSync(join('node_modules', 'offboard', 'README.md'), 'utf8');
  const block = readme.match(/<!-- quick-start -->\s*```js\n([\s\S]*?)```/);
  assert.ok(block, 'the README has a quick-start block');
  const dir = mkdtempSync(join(tmpdir(), 'offboard-quickstart-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const tarball = readFileSync('tarball.txt', 'utf8').trim();
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: dir, stdio: 'ignore' });
  writeFileSync(join(dir, 'quickstart.mjs'), block[1]);
  const r = spawnSync(process.execPath, ['quickstart.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^(allowed|blocked): /);
});

test("the repository README's JavaScript example runs", () => {
  const readme = readFileSync('repository-README.md', 'utf8');
  const block = readme.match(/```js\n([\s\S]*?)```/);
  assert.ok(block, 'the README has a js block');
  writeFileSync('repository-readme-example.mjs', block[1]);
  const r = spawnSync(process.execPath, ['repository-readme-example.mjs'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^(allowed|blocked) /);
  assert.equal(r.stderr, '');
});
