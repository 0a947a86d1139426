// Every CLI example of the documentation — the `npx offboard …` lines of the
// repository README, the package README, docs/npm.md and docs/guide.md — runs
// as written, in a folder that holds the files they name: ws.json (the
// Pipedrive sample workspace), policy.json, leavers.csv, scenario files under
// tests/, and the guide's examples/ and tests/scenarios/guide/ from this
// repository. Each must answer (exit 0, or 1 for a blocked preview or a
// failed policy test), never a usage or input error (exit 2).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, test } from 'node:test';
import { preset } from 'offboard';
import 'offboard/presets';

const DOCS = {
  'README.md': 'repository-README.md',
  'js/README.md': join('node_modules', 'offboard', 'README.md'),
  'docs/npm.md': 'docs-npm.md',
  'docs/guide.md': 'docs-guide.md',
};
const dir = resolve('cli-docs');

function commands() {
  const out = [];
  for (const [name, file] of Object.entries(DOCS)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)) {
      for (const line of m[1].split('\n')) {
        if (line.startsWith('npx offboard')) out.push({ where: name, command: line.replace(/\s+#.*$/, '') });
      }
    }
  }
  return out;
}

before(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'tests'), { recursive: true });
  const p = preset('pipedrive');
  assert.equal(p.ok, true);
  writeFileSync(join(dir, 'ws.json'), JSON.stringify(p.value.sample, null, 2));
  writeFileSync(join(dir, 'policy.json'), JSON.stringify(p.value.policy, null, 2));
  writeFileSync(join(dir, 'leavers.csv'), 'email,name\nrasmus.magi@baltic-solar.ee,Rasmus\ndiego.fernandez@baltic-solar.ee,Diego\n');
  writeFileSync(join(dir, 'tests', 'deactivate.scenario.json'), JSON.stringify({
    name: 'deactivating Rasmus transfers his open deals to Anna',
    policy: 'pipedrive',
    snapshot: { preset: 'pipedrive' },
    request: p.value.examples[0].request,
    expect: { verdict: 'allowed' },
  }, null, 2));
  // The guide's files, where its commands find them (the repository root).
  cpSync('repo-examples', join(dir, 'examples'), { recursive: true });
  cpSync('repo-guide-scenarios', join(dir, 'tests', 'scenarios', 'guide'), { recursive: true });
});

test('the docs have CLI examples', () => {
  const all = commands();
  for (const name of Object.keys(DOCS)) assert.ok(all.some((c) => c.where === name), `${name} has npx offboard lines`);
});

for (const { where, command } of commands()) {
  test(`${where}: ${command}`, () => {
    assert.ok(existsSync(dir));
    const r = spawnSync('bash', ['-c', command], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', NO_COLOR: '1' },
    });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}:\n${r.stderr}${r.stdout}`);
    assert.doesNotMatch(r.stderr, /error/i);
    assert.notEqual(r.stdout.trim(), '');
    if (/--json\b/.test(command)) assert.doesNotThrow(() => JSON.parse(r.stdout), 'stdout is JSON');
  });
}
