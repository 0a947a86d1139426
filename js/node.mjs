// Node ESM entry: the wasm module is read from disk and initialised on import,
// so every function is ready to call; init() resolves at once.
import { readFileSync } from 'node:fs';
import { initSync } from './index.js';

initSync(readFileSync(new URL('./offboard_bg.wasm', import.meta.url)));

export * from './index.js';
