// Prints pkg/package.json: the version and description come from Cargo.toml,
// so the crate and the npm package never disagree.
import { readFileSync } from 'node:fs';

const cargo = readFileSync(new URL('../Cargo.toml', import.meta.url), 'utf8');
const field = (name) => {
  const match = cargo.match(new RegExp(`^${name} = "([^"]*)"`, 'm'));
  if (!match) throw new Error(`Cargo.toml has no ${name}`);
  return match[1];
};

const pkg = {
  name: 'offboard',
  version: field('version'),
  description: field('description'),
  license: field('license'),
  keywords: ['offboarding', 'user-deletion', 'deactivation', 'rules-engine', 'webassembly', 'wasm', 'preview'],
  type: 'module',
  main: './node.cjs',
  module: './index.js',
  types: './index.d.ts',
  exports: {
    '.': {
      node: {
        import: { types: './index.d.ts', default: './node.mjs' },
        require: { types: './index.d.cts', default: './node.cjs' },
      },
      types: './index.d.ts',
      default: './index.js',
    },
    './offboard_bg.wasm': './offboard_bg.wasm',
    './package.json': './package.json',
  },
  bin: { offboard: './cli.mjs' },
  files: [
    'index.js',
    'index.d.ts',
    'index.d.cts',
    'node.mjs',
    'node.cjs',
    'offboard.js',
    'presets.js',
    'offboard_bg.wasm',
    'cli.mjs',
    'README.md',
    'LICENSE-MIT',
    'LICENSE-APACHE',
  ],
  sideEffects: ['./node.mjs', './node.cjs'],
  engines: { node: '>=20' },
};

process.stdout.write(`${JSON.stringify(pkg, null, 2)}\n`);
