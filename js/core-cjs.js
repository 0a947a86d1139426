// The CommonJS engine, bundled by esbuild into pkg/core.cjs (core.js with the
// wasm-bindgen glue): initialised on require() from the embedded module, as
// in node.mjs. node.cjs re-exports its public API; presets.cjs registers the
// shipped presets with it.
import { gunzipSync } from 'node:zlib';
import { initSync } from './core.js';
import inline from './wasm-inline.cjs';

initSync(gunzipSync(Buffer.from(inline.wasm, 'base64')));

export * from './core.js';
