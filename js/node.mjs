// Node ESM entry: the wasm module, embedded gzip-compressed in wasm-inline.cjs,
// is initialised on import, so every function is ready to call and init()
// resolves at once. Embedded rather than read from disk next to this file, so
// that a Node bundle (esbuild, webpack, Rollup) of an app that imports
// 'offboard' needs no file copied beside it.
import { gunzipSync } from 'node:zlib';
import { initSync } from './core.js';
import inline from './wasm-inline.cjs';

initSync(gunzipSync(Buffer.from(inline.wasm, 'base64')));

export * from './index.js';
