// The public API of the offboard package, shared by every entry point.
//
// Each function takes one call object (or its JSON as a string or a
// Uint8Array) and returns one tagged answer:
//   { ok: true, value } | { ok: false, errors: [{ code, message, path, help? }] }
// Nothing here throws for bad input, and nothing throws before the wasm module
// is initialised: such a call answers with the `notInitialized` error.
import initWasm, {
  initSync as initWasmSync,
  validatePolicy as rawValidatePolicy,
  preview as rawPreview,
  apply as rawApply,
  compare as rawCompare,
  actions as rawActions,
  runScenario as rawRunScenario,
  listPresets as rawListPresets,
  preset as rawPreset,
  registerPresets as rawRegisterPresets,
  Workspace as RawWorkspace,
} from './offboard.js';
import { presets } from './presets.js';

let ready = false;
let loading = null;

function failure(code, message, help) {
  const error = { code, message, path: '' };
  if (help !== undefined) error.help = help;
  return { ok: false, errors: [error] };
}

function notInitialized() {
  return failure(
    'notInitialized',
    'the wasm module is not initialised yet',
    'await init() once before the first call, or call initSync(bytes)',
  );
}

// The engine never panics and the exports never throw; this is the last guard,
// so that even a bug surfaces as an answer rather than an exception.
function guarded(call) {
  if (!ready) return notInitialized();
  try {
    return call();
  } catch (e) {
    return failure('internal', `unexpected failure in the wasm module: ${String(e && e.message ? e.message : e)}`);
  }
}

/**
 * Initialises the wasm module. Without an argument the `.wasm` next to this
 * file is fetched; `source` may be a URL, a Response, bytes or a
 * WebAssembly.Module. Resolves once ready; calling it again is harmless.
 */
export function init(source) {
  if (ready) return Promise.resolve();
  if (loading === null) {
    const arg = source === undefined ? undefined : { module_or_path: source };
    loading = initWasm(arg).then(
      () => { started(); },
      (e) => { loading = null; throw e; },
    );
  }
  return loading;
}

/** Initialises the wasm module synchronously from its bytes or a compiled WebAssembly.Module. */
export function initSync(source) {
  if (ready) return;
  initWasmSync({ module: source });
  started();
}

// The presets (policies, sample workspaces, example requests) ship as JS data
// (presets.js) rather than in the .wasm; the engine gets them once, here.
function started() {
  const answer = rawRegisterPresets(presets);
  if (!answer.ok) {
    throw new Error(`offboard: the shipped presets do not load: ${JSON.stringify(answer.errors)}`);
  }
  ready = true;
}

/** True once the wasm module is initialised. */
export function isReady() {
  return ready;
}

export function validatePolicy(input) {
  return guarded(() => rawValidatePolicy(input));
}

export function preview(input) {
  return guarded(() => rawPreview(input));
}

export function apply(input) {
  return guarded(() => rawApply(input));
}

export function compare(input) {
  return guarded(() => rawCompare(input));
}

export function actions(input) {
  return guarded(() => rawActions(input));
}

/**
 * Runs a scenario — a policy, a snapshot, requests and the answers expected
 * (the format of tests/scenarios/README.md) — and reports what differs.
 */
export function runScenario(input) {
  return guarded(() => rawRunScenario(input));
}

export function listPresets() {
  return guarded(() => rawListPresets());
}

/**
 * Registers policies by name — a product's own, or replacements of shipped
 * presets — so that `policy: "<name>"` (and, given a sample,
 * `snapshot: { preset: "<name>" }`) works in every call, and `listPresets()`
 * and `preset()` include them. `{ "<name>": { policy, sample?, examples? } }`
 * → `{ ok, value: [names] }`. Each policy must load and its `id` be its name;
 * nothing is registered when one is refused.
 */
export function registerPresets(input) {
  return guarded(() => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return failure('invalidInput', 'expected an object of presets by name', 'pass { "<name>": { policy, sample?, examples? } }');
    }
    // The engine takes each part as JSON text.
    const texts = {};
    for (const [name, entry] of Object.entries(input)) {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        texts[name] = entry; // the engine says what is wrong, with its path
        continue;
      }
      texts[name] = {};
      for (const [part, v] of Object.entries(entry)) {
        texts[name][part] = typeof v === 'string' || v === undefined ? v : JSON.stringify(v);
      }
    }
    return rawRegisterPresets(texts);
  });
}

/** One preset: `"<name>"` or `{ name }` → `{ ok, value: { policy, sample, examples } }`. */
export function preset(input) {
  return guarded(() => rawPreset(typeof input === 'string' && !input.trimStart().startsWith('{') ? { name: input } : input));
}

function freed() {
  return failure('workspaceFreed', 'this workspace was freed', 'load the workspace again with Workspace.load');
}

/**
 * A workspace loaded and indexed once, previewed many times. Free it with
 * `free()` (or a `using` declaration) when done; otherwise the garbage
 * collector frees it eventually.
 */
export class Workspace {
  #raw;

  constructor(raw) {
    if (!(raw instanceof RawWorkspace)) {
      throw new TypeError('use Workspace.load(input) to load a workspace');
    }
    this.#raw = raw;
  }

  /** Loads `{ snapshot, limits? }`: `{ ok: true, value: Workspace } | { ok: false, errors }`. */
  static load(input) {
    return guarded(() => {
      const answer = RawWorkspace.load(input);
      return answer.ok ? { ok: true, value: new Workspace(answer.value) } : answer;
    });
  }

  #call(f) {
    const raw = this.#raw;
    return raw === undefined ? freed() : guarded(() => f(raw));
  }

  /** Previews `{ policy, request }` over this workspace. */
  preview(input) {
    return this.#call((raw) => raw.preview(input));
  }

  /** Compares deactivating and deleting for `{ policy, request }`. */
  compare(input) {
    return this.#call((raw) => raw.compare(input));
  }

  /** Which actions `{ policy, request }` allows over this workspace. */
  actions(input) {
    return this.#call((raw) => raw.actions(input));
  }

  /** Counts of users, items and references, and the snapshot's fingerprint. */
  stats() {
    return this.#call((raw) => raw.stats());
  }

  /** Frees the wasm memory held by this workspace. Later calls answer `workspaceFreed`. */
  free() {
    const raw = this.#raw;
    this.#raw = undefined;
    if (raw !== undefined) raw.free();
  }

  /** True once freed. */
  get freed() {
    return this.#raw === undefined;
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Workspace.prototype[Symbol.dispose] = Workspace.prototype.free;
}
