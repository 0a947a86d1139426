// The package's entry for browsers, bundlers and workers: the public API of
// core.js. `await init()` once (or `initSync(bytes)`) before the first call.
// The shipped presets are their own entry point, 'offboard/presets'.
export {
  Workspace,
  actions,
  apply,
  compare,
  init,
  initSync,
  isReady,
  listPresets,
  preset,
  preview,
  registerPresets,
  runScenario,
  validatePolicy,
} from './core.js';
