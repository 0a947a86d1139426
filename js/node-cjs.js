// Node CommonJS entry, bundled by esbuild into pkg/node.cjs: the wasm module
// is read from disk and initialised on require(), as in node.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initSync } from './index.js';

initSync(readFileSync(join(__dirname, 'offboard_bg.wasm')));

export * from './index.js';
