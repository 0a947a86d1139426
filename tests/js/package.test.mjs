// Package hygiene, on the packed tarball and its installed copy: the licence
// files ship, publint and @arethetypeswrong/cli find no problem, and the
// declarations' header names a test that exists.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

const tarball = readFileSync('tarball.txt', 'utf8').trim();
const installed = join('node_modules', 'offboard');

/** The path of a dev tool's command, from its package.json (in the repository's node_modules, further up). */
function bin(pkg, name) {
  let dir = process.cwd();
  while (!existsSync(join(dir, 'node_modules', pkg, 'package.json'))) {
    assert.notEqual(dirname(dir), dir, `${pkg} is not installed`);
    dir = dirname(dir);
  }
  const manifest = join(dir, 'node_modules', pkg, 'package.json');
  const { bin: b } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof b === 'string' ? b : b[name]);
}

test('the tarball holds LICENSE-MIT and LICENSE-APACHE, and package.json declares their licence', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
  assert.ok(files.includes('package/LICENSE-MIT'), files.join(' '));
  assert.ok(files.includes('package/LICENSE-APACHE'), files.join(' '));
  assert.match(readFileSync(join(installed, 'LICENSE-MIT'), 'utf8'), /^MIT License/);
  assert.match(readFileSync(join(installed, 'LICENSE-APACHE'), 'utf8'), /Apache License\s+Version 2\.0/);
  assert.equal(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).license, 'MIT OR Apache-2.0');
});

test('publint --strict finds nothing to report', () => {
  const r = spawnSync(process.execPath, [bin('publint', 'publint'), installed, '--strict'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /All good/);
});

test('@arethetypeswrong/cli finds no problem in the tarball', () => {
  const r = spawnSync(process.execPath, [bin('@arethetypeswrong/cli', 'attw'), tarball, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  const report = JSON.parse(r.stdout);
  const problems = Array.isArray(report.problems) ? report.problems : Object.values(report.problems ?? {}).flat();
  assert.deepEqual(problems, []);
  assert.ok(Object.keys(report.analysis.entrypoints).includes('./presets'), 'the presets entry is analysed');
});

test("index.d.ts's header names a test file that exists", () => {
  const header = readFileSync(join(installed, 'index.d.ts'), 'utf8').split('\n').slice(0, 8).join('\n');
  const named = [...header.matchAll(/tests\/js\/([\w.-]+\.test\.mjs)/g)].map((m) => m[1]);
  assert.ok(named.length > 0, 'the header names a test');
  for (const f of named) assert.ok(existsSync(f), `tests/js/${f} exists`);
});
