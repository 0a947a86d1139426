// The public API of the offboard package, shared by every entry point
// (pkg/core.js; index.js re-exports its public names, and the presets entry,
// presets.js, hands it the shipped presets through addShippedPresets).
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

let ready = false;
let loading = null;

// Preset names, for unknownPreset's help: those of the shipped presets
// (registered by importing 'offboard/presets') and those registered by the
// host with registerPresets. Sets, so that any name is an own entry.
const shippedNames = new Set();
const registeredNames = new Set();
// Shipped presets handed over before the module was ready: registered at start.
const pendingShipped = [];

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
  let answer;
  try {
    answer = call();
  } catch (e) {
    return failure('internal', `unexpected failure in the wasm module: ${String(e && e.message ? e.message : e)}`);
  }
  if (answer && answer.ok === false && Array.isArray(answer.errors)) {
    for (const e of answer.errors) if (e.code === 'unknownPreset') explainUnknownPreset(e);
  }
  return answer;
}

// The engine sees every preset as registered (the .wasm embeds none). While
// they are exactly the shipped ones its answer is the native one, word for
// word; otherwise the help says which are shipped and which the host
// registered, or that the shipped ones are not loaded.
function explainUnknownPreset(e) {
  if (registeredNames.size === 0 && shippedNames.size > 0) return;
  const list = (names) => (names.size === 0 ? 'none' : [...names].sort().join(', '));
  const guess = typeof e.help === 'string' && e.help.startsWith('did you mean') ? `${e.help} ` : '';
  e.message = e.message.replace(/ is not a shipped preset$/, ' is not a preset');
  const shipped = shippedNames.size === 0
    ? "the shipped presets are not loaded (import 'offboard/presets')"
    : `shipped presets: ${list(shippedNames)}`;
  e.help = `${guess}${shipped}; registered presets: ${list(registeredNames)}`;
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

function started() {
  for (const [text, names] of pendingShipped.splice(0)) registerShipped(text, names);
  ready = true;
}

/**
 * Registers the shipped presets (policies, sample workspaces, example
 * requests), which ship as JS data in their own entry point,
 * 'offboard/presets', rather than in the .wasm: `text` is the JSON text
 * `{ "<id>": { policy, sample?, examples? } }` (each part JSON text), `names`
 * its ids. Before the module is ready they wait for init. Not part of the
 * public API: the presets entry calls it when imported.
 */
export function addShippedPresets(text, names) {
  if (ready) registerShipped(text, names);
  else pendingShipped.push([text, names]);
}

function registerShipped(text, names) {
  // A name the host registered itself stays the host's.
  const taken = names.filter((n) => registeredNames.has(n));
  if (taken.length > 0) {
    const all = JSON.parse(text);
    for (const n of taken) delete all[n];
    text = JSON.stringify(all);
  }
  const answer = rawRegisterPresets(text);
  if (!answer.ok) {
    throw new Error(`offboard: the shipped presets do not load: ${JSON.stringify(answer.errors)}`);
  }
  for (const n of answer.value) shippedNames.add(n);
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

/** Names that cannot name a preset: they are special in JavaScript objects. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

const pointer = (...segments) => segments.map((s) => `/${s.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

function notJson(path, e) {
  const reason = String(e && e.message ? e.message : e).split('\n')[0];
  return {
    code: 'invalidInput',
    message: `the input cannot be converted to JSON: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`,
    path,
    help: 'remove cycles, BigInt values, throwing getters and other values JSON cannot represent',
  };
}

/** The JSON text of a value, or undefined for none (undefined); throws for what JSON cannot represent. */
function jsonOf(v) {
  if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol') {
    throw new TypeError(`a ${typeof v} has no JSON form`);
  }
  return JSON.stringify(v);
}

/**
 * Registers policies by name — a product's own, or replacements of shipped
 * presets — so that `policy: "<name>"` (and, given a sample,
 * `snapshot: { preset: "<name>" }`) works in every call, and `listPresets()`
 * and `preset()` include them. `{ "<name>": { policy, sample?, examples? } }`
 * (or its JSON as a string or bytes) → `{ ok, value: [names] }`. Each policy
 * must load and its `id` be its name; `__proto__`, `constructor` and
 * `prototype` are refused (`reservedName`); nothing is registered when one is
 * refused.
 */
export function registerPresets(input) {
  return guarded(() => {
    let source = input;
    if (typeof input === 'string' || input instanceof Uint8Array || input instanceof ArrayBuffer) {
      const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
      try {
        source = JSON.parse(text);
      } catch {
        return rawRegisterPresets(text); // the engine's syntax error: line, column and path
      }
    }
    if (source === null || typeof source !== 'object' || Array.isArray(source)) {
      return failure('invalidInput', 'expected an object of presets by name', 'pass { "<name>": { policy, sample?, examples? } }');
    }
    // The engine takes each part as JSON text. Names stay own keys of a
    // prototype-less object, so that none is lost or inherited.
    const texts = Object.create(null);
    const errors = [];
    let names;
    try {
      names = Object.keys(source);
    } catch (e) {
      return { ok: false, errors: [notJson('', e)] };
    }
    for (const name of names) {
      if (RESERVED.has(name)) {
        errors.push({
          code: 'reservedName',
          message: `\`${name}\` cannot name a preset: it is reserved in JavaScript objects`,
          path: pointer(name),
          help: 'choose another name (and the same `id` in its policy)',
        });
        continue;
      }
      try {
        const entry = source[name];
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
          // The engine says what is wrong, with its path.
          if (entry === undefined) throw new TypeError('undefined has no JSON form');
          jsonOf(entry);
          texts[name] = entry;
          continue;
        }
        const parts = Object.create(null);
        for (const part of Object.keys(entry)) {
          try {
            const v = entry[part];
            parts[part] = typeof v === 'string' || v === undefined ? v : jsonOf(v);
          } catch (e) {
            errors.push(notJson(pointer(name, part), e));
          }
        }
        texts[name] = parts;
      } catch (e) {
        errors.push(notJson(pointer(name), e));
      }
    }
    if (errors.length > 0) return { ok: false, errors };
    const answer = rawRegisterPresets(JSON.stringify(texts));
    if (answer.ok) {
      for (const n of answer.value) {
        registeredNames.add(n);
        shippedNames.delete(n);
      }
    }
    return answer;
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

  /**
   * The totals of a whole sweep from the `totals` of its chunks, in order:
   * what one call over all of them answers. For hosts that drive the chunks
   * themselves (a Web Worker, a page yielding between chunks).
   */
  static mergeSweepTotals(parts) {
    return mergeTotals(parts);
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

  /**
   * Previews `{ policy, action, where?, actor?, successor?, options?, now,
   * offset?, limit?, detail? }` for every user matching `where`: one row per
   * user (verdict, blockers, seats, effects by kind) and totals. Without
   * `progress`, one call answers the chunk asked (`offset`, `limit`; `next`
   * is where the following chunk starts) — what a Web Worker drives. With
   * `progress` (`{ onProgress?({ done, total }), chunk? }`), the whole sweep
   * runs in chunks of `chunk` users (100 by default), `onProgress` is called
   * after each, and the answer holds every row and the totals of them all.
   */
  sweep(input, progress) {
    if (progress === undefined || progress === null) return this.#call((raw) => raw.sweep(input));
    return sweepInChunks((chunk) => this.#call((raw) => raw.sweep(chunk)), input, progress);
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

/** The call object of a sweep, whatever form it was given in. */
function sweepObject(input) {
  if (typeof input === 'string') return JSON.parse(input);
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) return JSON.parse(new TextDecoder().decode(input));
  return input;
}

/** Runs a whole sweep chunk by chunk through `call`, reporting progress. */
function sweepInChunks(call, input, { onProgress, chunk = 100 } = {}) {
  let base;
  try {
    base = sweepObject(input);
  } catch (e) {
    return failure('invalidJson', `the sweep input is not JSON: ${String(e && e.message ? e.message : e)}`);
  }
  if (base === null || typeof base !== 'object' || Array.isArray(base)) return call(input);
  if (!Number.isInteger(chunk) || chunk < 1) {
    return failure('invalidValue', 'progress.chunk must be a positive integer', 'for example { chunk: 100 }');
  }
  const start = base.offset ?? 0;
  const end = base.limit === undefined ? Infinity : start + base.limit;
  let offset = start;
  let first;
  const rows = [];
  const parts = [];
  for (;;) {
    const answer = call({ ...base, offset, limit: Math.min(chunk, end - offset) });
    if (!answer.ok) return answer;
    first ??= answer.value;
    rows.push(...answer.value.rows);
    parts.push(answer.value.totals);
    const total = Math.min(answer.value.matched, end) - start;
    if (onProgress) onProgress({ done: rows.length, total: Math.max(total, 0) });
    const next = answer.value.next;
    if (next === null || next >= end) {
      return { ok: true, value: { ...first, offset: start, next: next !== null && next >= end ? next : null, rows, totals: mergeTotals(parts) } };
    }
    offset = next;
  }
}

/** The totals of several chunks, as one call over them all would give. */
function mergeTotals(parts) {
  const seats = new Map();
  const blockers = new Map();
  const out = { users: 0, allowed: 0, blocked: 0, seats: [], blockers: [] };
  for (const t of parts) {
    out.users += t.users;
    out.allowed += t.allowed;
    out.blocked += t.blocked;
    for (const s of t.seats) {
      const m = seats.get(s.licence) ?? { ...s, reclaimable: 0, blocked: 0 };
      m.reclaimable += s.reclaimable;
      m.blocked += s.blocked;
      seats.set(s.licence, m);
    }
    for (const b of t.blockers) {
      const m = blockers.get(b.code);
      if (m) m.users.push(...b.users);
      else blockers.set(b.code, { code: b.code, message: b.message, users: [...b.users] });
    }
  }
  const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  out.seats = [...seats.values()].sort((a, b) => (a.licence < b.licence ? -1 : a.licence > b.licence ? 1 : 0));
  out.blockers = [...blockers.values()].sort((a, b) => b.users.length - a.users.length || byCode(a, b));
  return out;
}

if (typeof Symbol.dispose === 'symbol') {
  Workspace.prototype[Symbol.dispose] = Workspace.prototype.free;
}
