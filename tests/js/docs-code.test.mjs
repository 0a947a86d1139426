// Every JavaScript and TypeScript code block of the repository README, the
// package README and docs/npm.md is extracted, type-checked with
// `tsc --strict` against the packed package's declarations, and — the
// JavaScript ones — run with Node in this folder, where 'offboard' is the
// installed tarball. A block that does not compile or throws fails here.
// Bundler recipes (a block after `<!-- recipe: NAME -->`) are type-checked
// here, and built and run by the bundler tests instead
// (browser/bundlers.test.mjs); a bundler's own configuration file (after
// `<!-- config: NAME -->`) is not offboard code and is only run, by the same
// tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');

const SOURCES = {
  'README.md': 'repository-README.md',
  'js/README.md': join('node_modules', 'offboard', 'README.md'),
  'docs/npm.md': 'docs-npm.md',
};

function blocks() {
  const out = [];
  for (const [name, file] of Object.entries(SOURCES)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^```(js|javascript|mjs|ts|typescript)\n([\s\S]*?)^```/gm)) {
      const line = text.slice(0, m.index).split('\n').length;
      const lang = ['ts', 'typescript'].includes(m[1]) ? 'ts' : 'js';
      const id = `${name.replace(/[^A-Za-z0-9]+/g, '-')}-line-${line}`;
      const before = text.slice(0, m.index);
      const recipe = /<!-- (recipe|config): [\w-]+ -->\s*$/.test(before);
      const config = /<!-- config: [\w-]+ -->\s*$/.test(before);
      out.push({ where: `${name}:${line}`, lang, id, code: m[2], recipe, config });
    }
  }
  return out;
}

test('the docs have JavaScript and TypeScript blocks to check', () => {
  const all = blocks();
  for (const name of Object.keys(SOURCES)) {
    assert.ok(all.some((b) => b.where.startsWith(`${name}:`)), `${name} has a js or ts block`);
  }
  assert.ok(all.length >= 5, `found ${all.length} blocks`);
});

test('every JS and TS block of README.md, js/README.md and docs/npm.md type-checks with tsc --strict', () => {
  const dir = 'doc-blocks';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const b of blocks().filter((b) => !b.config)) {
    // Each block is a module of its own: top-level await and imports work,
    // and its names do not clash with another block's.
    writeFileSync(join(dir, `${b.id}.mts`), `// ${b.where}\n${b.code}\nexport {};\n`);
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'],
      types: [],
      skipLibCheck: false,
    },
    include: ['*.mts'],
  }, null, 2));
  const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc --strict failed on a docs block:\n${r.stdout}${r.stderr}`);
});

for (const b of blocks().filter((b) => b.lang === 'js' && !b.recipe)) {
  test(`the JavaScript block at ${b.where} runs`, () => {
    const file = `doc-block-${b.id}.mjs`;
    writeFileSync(file, b.code);
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${b.where} exited ${r.status}:\n${r.stderr}`);
    assert.equal(r.stderr, '', `${b.where} wrote to stderr`);
  });
}
