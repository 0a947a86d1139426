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
    // The shipped presets: importing this entry registers them. Apart, so
    // that an app that does not use them carries none of their data.
    './presets': {
      node: {
        import: { types: './presets.d.ts', default: './presets.js' },
        require: { types: './presets.d.cts', default: './presets.cjs' },
      },
      types: './presets.d.ts',
      default: './presets.js',
    },
    // The .wasm itself, for bundlers' asset loaders (typed as its URL).
    './offboard_bg.wasm': {
      import: { types: './offboard_bg.wasm.d.ts', default: './offboard_bg.wasm' },
      require: { types: './offboard_bg.wasm.d.cts', default: './offboard_bg.wasm' },
      default: './offboard_bg.wasm',
    },
    './package.json': './package.json',
  },
  bin: { offboard: './cli.mjs' },
  files: [
    'index.js',
    'index.d.ts',
    'index.d.cts',
    'types.gen.d.ts',
    'types.gen.d.cts',
    'core.js',
    'core.cjs',
    'node.mjs',
    'node.cjs',
    'wasm-inline.cjs',
    'offboard.js',
    'offboard_bg.wasm',
    'offboard_bg.wasm.d.ts',
    'offboard_bg.wasm.d.cts',
    'presets.js',
    'presets.cjs',
    'presets.d.ts',
    'presets.d.cts',
    'cli.mjs',
    'cli-sweep.mjs',
    'README.md',
    'LICENSE-MIT',
    'LICENSE-APACHE',
  ],
  // Importing these does something (initialises the module, registers the
  // presets); everything else may be left out of a bundle when unused.
  sideEffects: ['./node.mjs', './node.cjs', './core.cjs', './presets.js', './presets.cjs'],
  engines: { node: '>=20' },
};

process.stdout.write(`${JSON.stringify(pkg, null, 2)}\n`);
