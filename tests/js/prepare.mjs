// Packs pkg/ with npm pack and installs the tarball into a fresh consumer
// folder, target/js-consumer/, with the JS tests copied beside it: the tests
// then import 'offboard' exactly as a user's project does, through the
// package's exports map and files list. Dev tools (tsc, vite,
// playwright-core) resolve from the repository's node_modules further up.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packDir = join(root, 'target', 'js-pack');
const consumer = join(root, 'target', 'js-consumer');

rmSync(packDir, { recursive: true, force: true });
rmSync(consumer, { recursive: true, force: true });
mkdirSync(packDir, { recursive: true });
mkdirSync(consumer, { recursive: true });

const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

const packed = JSON.parse(npm(['pack', join(root, 'pkg'), '--json', '--pack-destination', packDir], root));
const tarball = join(packDir, packed[0].filename);
console.log(`packed ${packed[0].filename}: ${packed[0].files.length} files, ${packed[0].size} bytes`);
for (const f of packed[0].files) console.log(`  ${f.path} ${f.size}`);

writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'offboard-consumer', private: true, type: 'module' }, null, 2)}\n`);
npm(['install', '--offline', '--no-package-lock', tarball], consumer);
console.log(`installed into ${consumer}`);

for (const f of readdirSync(join(root, 'tests', 'js'))) {
  if (/\.test\.(mjs|cjs)$/.test(f)) cpSync(join(root, 'tests', 'js', f), join(consumer, f));
}
for (const dir of ['browser', 'bundlers', 'ts', 'vite-app']) cpSync(join(root, 'tests', dir), join(consumer, dir), { recursive: true });
writeFileSync(join(consumer, 'tarball.txt'), `${tarball}\n`);
// The repository README's JavaScript example is run too (readme.test.mjs).
cpSync(join(root, 'README.md'), join(consumer, 'repository-README.md'));
// The code blocks of docs/npm.md are checked too (docs-code.test.mjs), and so
// are its CLI examples, with the README's (cli-docs.test.mjs).
cpSync(join(root, 'docs', 'npm.md'), join(consumer, 'docs-npm.md'));
cpSync(join(root, 'docs', 'guide.md'), join(consumer, 'docs-guide.md'));
cpSync(join(root, 'examples'), join(consumer, 'repo-examples'), { recursive: true });
cpSync(join(root, 'tests', 'scenarios', 'guide'), join(consumer, 'repo-guide-scenarios'), { recursive: true });
// So are the CLI commands of scripts/demo (cli.test.mjs).
cpSync(join(root, 'scripts', 'demo'), join(consumer, 'demo.sh'));
