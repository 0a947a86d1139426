// Reliability of the packed package in Node: the hostile-input battery through
// the wasm build, prototype pollution, survival of one instance after
// thousands of bad calls and every limit error, and the differential test —
// every scenario file through the native engine (examples/batch.rs) and the
// wasm build gives the same answer, byte for byte.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Workspace, actions, apply, compare, listPresets, preset, preview, validatePolicy } from 'offboard';
import 'offboard/presets';

// The tests run from target/js-consumer/; the repository is two levels up.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (p) => JSON.parse(readFileSync(join(root, p), 'utf8'));
const encoder = new TextEncoder();

function maximal() {
  const [policy, snapshot, request] = ['policy', 'snapshot', 'request'].map((k) => {
    const v = read(`tests/data/maximal-${k}.json`);
    delete v.$schema;
    return v;
  });
  return { policy, snapshot, request };
}

function pipedrive() {
  const { value } = preset('pipedrive');
  return { policy: value.policy, snapshot: value.sample, request: value.examples[0].request };
}

function wellFormed(answer, what) {
  assert.equal(typeof answer, 'object', what);
  assert.equal(typeof answer.ok, 'boolean', `${what}: ${JSON.stringify(answer).slice(0, 200)}`);
  if (answer.ok) return answer;
  assert.ok(Array.isArray(answer.errors) && answer.errors.length > 0, what);
  for (const e of answer.errors) {
    for (const k of ['code', 'message', 'path']) assert.equal(typeof e[k], 'string', `${what}: ${k}`);
    assert.notEqual(e.code, 'internal', `${what}: ${JSON.stringify(e)}`);
  }
  return answer;
}

// Native answers through `cargo run --example batch`: one line per call.
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const bytesOf = (input) => (typeof input === 'string' ? encoder.encode(input) : input);
function native(calls) {
  const lines = calls.map(({ op, input, load }) => (load === undefined ? `${op} ${hex(bytesOf(input))}` : `${op} ${hex(bytesOf(load))} ${hex(bytesOf(input))}`));
  const out = execFileSync('cargo', ['run', '--quiet', '--example', 'batch'], {
    cwd: root,
    input: `${lines.join('\n')}\n`,
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'inherit'],
  }).toString();
  const answers = out.split('\n').filter((l) => l.length > 0);
  assert.equal(answers.length, calls.length, 'one native answer per call');
  return answers;
}

const ops = { preview, compare, actions, apply, validate: validatePolicy, preset };
function wasm({ op, input, load }) {
  if (load === undefined) return ops[op](input);
  const ws = Workspace.load(load);
  if (!ws.ok) return ws;
  try {
    if (op === 'loaded-preview') return ws.value.preview(input);
    return op === 'loaded-actions' ? ws.value.actions(input) : ws.value.compare(input);
  } finally {
    ws.value.free();
  }
}

// Compares wasm and native answers for a list of calls. The wasm export turns
// the engine's answer string into an object with JSON.parse; JSON.stringify
// of that object gives back the engine's bytes (compact JSON, keys in order),
// so equal strings here mean byte-identical answers.
function differential(calls, label) {
  const answers = native(calls);
  let same = 0;
  calls.forEach((c, i) => {
    const w = JSON.stringify(wellFormed(wasm(c), `${label} #${i} ${c.op}`));
    assert.equal(w, answers[i], `${label} #${i}: ${c.op} answers differ\ninput: ${String(typeof c.input === 'string' ? c.input : '<bytes>').slice(0, 300)}`);
    same += 1;
  });
  return same;
}

function scenarioFiles(dir) {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? scenarioFiles(p) : p.endsWith('.json') ? [p] : [];
  });
}

test('differential: every scenario file gives byte-identical answers natively and in wasm', () => {
  const files = scenarioFiles(join(root, 'tests', 'scenarios'));
  assert.ok(files.length >= 20, `found ${files.length} scenario files`);
  const calls = [];
  for (const f of files) {
    const sc = JSON.parse(readFileSync(f, 'utf8'));
    let snapshot = sc.snapshot;
    if (snapshot && typeof snapshot.preset === 'string') snapshot = preset(snapshot.preset).value.sample;
    const steps = [...(sc.request ? [sc] : []), ...(sc.then ?? [])];
    for (const s of steps) {
      let policy = s.policy ?? sc.policy;
      // As the CLI does, a policy given as a `.json` path is read relative to the scenario.
      if (typeof policy === 'string' && policy.endsWith('.json')) policy = JSON.parse(readFileSync(join(dirname(f), policy), 'utf8'));
      const op = s.op ?? 'preview';
      const input = JSON.stringify({ policy, snapshot, request: s.request });
      calls.push({ op, input });
      if (op === 'validate') continue;
      calls.push({ op: `loaded-${op}`, load: JSON.stringify({ snapshot }), input: JSON.stringify({ policy, request: s.request }) });
      if (op !== 'preview') continue;
      const p = preview(input);
      if (!p.ok || p.value.verdict !== 'allowed') continue;
      const applyInput = JSON.stringify({ snapshot, preview: p.value });
      calls.push({ op: 'apply', input: applyInput });
      const after = apply(applyInput);
      if (after.ok) snapshot = after.value;
    }
    calls.push({ op: 'validate', input: JSON.stringify({ policy: sc.policy }) });
  }
  const n = differential(calls, 'scenarios');
  assert.ok(n > files.length * 2, `${n} calls compared`);
});

// The battery: each entry is one call; all of them go through wasm and native.
function battery() {
  const calls = [];
  const add = (op, input) => calls.push({ op, input });
  const malformed = ['', ' ', '{', '[', '}', 'nul', 'null', '42', '"x"', '[]', '{}', '{"policy":}', '{"policy":1,}', "{'policy': 1}", '{"policy":"pipedrive"} x', '{"policy": NaN}', '\u0000'];
  // (The package's preset() reads a plain string as a preset name, so its
  // malformed inputs are objects.)
  for (const op of ['preview', 'compare', 'apply', 'validate']) for (const m of malformed) add(op, m);
  for (const name of ['', 'nope', '__proto__', 'x'.repeat(100_000)]) add('preset', JSON.stringify({ name }));
  add('preset', '{"name": 1}');
  add('preset', '{"name": "pipedrive", "extra": 1}');

  for (const base of [maximal(), pipedrive()]) {
    const text = JSON.stringify(base);
    for (let n = 0; n < text.length; n += n < 600 ? 1 : 97) add('preview', text.slice(0, n));
    // Wrong types at every field (first entries of lists).
    const replacements = [null, true, 0, -1, 1.5, 1e300, '', '__proto__', [], [null], {}, JSON.parse('{"__proto__":{"polluted":true}}')];
    const walk = (v, path) => {
      if (v === null || typeof v !== 'object') return;
      for (const [k, x] of Object.entries(v)) {
        if (Array.isArray(v) && Number(k) > 1) continue;
        const p = [...path, k];
        for (const r of replacements) {
          const copy = structuredClone(base);
          let at = copy;
          for (const s of p.slice(0, -1)) at = at[s];
          at[p[p.length - 1]] = structuredClone(r);
          add('preview', JSON.stringify(copy));
        }
        walk(x, p);
      }
    };
    walk(base, []);
  }
  const b = pipedrive();
  const nest = (open, inner, close, n) => open.repeat(n) + inner + close.repeat(n);
  for (const when of [nest('(', 'true', ')', 10_000), nest('not ', 'true', '', 10_000), `${nest('[', '1', ']', 10_000)} == 1`, nest('(', 'true', ')', 140), `${'true and '.repeat(10_000)}true`]) {
    add('preview', JSON.stringify({ ...b, policy: { ...b.policy, constraints: [{ id: 'deep', when, code: 'deep', message: 'deep' }] } }));
  }
  const deep = nest('[', '', ']', 10_000);
  add('preview', deep);
  add('preview', JSON.stringify(b).replace('"snapshot":{', `"snapshot":{"account":{"settings":{"x":${deep}}},`));
  add('apply', `{"snapshot":{},"preview":${deep}}`);
  for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
    const uid = b.snapshot.users[0].id;
    add('preview', JSON.stringify(b).replaceAll(`"${uid}"`, `"${name}"`));
    add('preview', JSON.stringify(b).replace('{"policy":', `{"${name}":{"polluted":true},"policy":`));
    add('preview', JSON.stringify(b).replace('"request":{', `"request":{"options":{"${name}":{"polluted":true}},`));
    add('validate', JSON.stringify({ policy: { ...b.policy, roles: { ...b.policy.roles, [name]: { rank: 1 } } } }));
    add('preset', JSON.stringify({ name }));
    add('preview', JSON.stringify({ ...b, limits: { [name]: 1 } }));
  }
  for (const n of ['1e400', '-1e400', '18446744073709551616', '-1', '1.5', '99999999999999999999999999999']) {
    add('preview', JSON.stringify(b).replace('{"policy":', `{"limits":{"maxUsers":${n}},"policy":`));
    add('preview', JSON.stringify(b).replace('"request":{', `"request":{"options":{"x":${n}},`));
  }
  const text = JSON.stringify(b);
  const at = encoder.encode(text.slice(0, text.indexOf(`"${b.snapshot.users[0].id}"`) + 1)).length;
  for (const bad of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xe2, 0x82]]) {
    const bytes = encoder.encode(text);
    add('preview', new Uint8Array([...bytes.slice(0, at), ...bad, ...bytes.slice(at)]));
  }
  add('preview', text.replace(`"${b.snapshot.users[0].id}"`, '"\\ud800"'));
  for (const snapshot of [{}, { users: [], items: [] }]) add('preview', JSON.stringify({ ...b, snapshot }));
  add('preview', JSON.stringify({ ...b, request: { ...b.request, targets: [b.request.actor] } }));
  add('preview', JSON.stringify({ ...b, request: { ...b.request, successor: b.request.targets[0] } }));
  add('preview', JSON.stringify({ ...b, request: { ...b.request, targets: [] } }));
  for (const [name, value] of Object.entries(limitBreakers())) add('preview', JSON.stringify({ ...maximal(), limits: { [name]: value } }));
  return calls;
}

function limitBreakers() {
  const size = JSON.stringify(maximal()).length;
  return { maxInputBytes: Math.floor(size / 2), maxUsers: 1, maxItems: 1, maxRefsPerItem: 0, maxStringBytes: 1, maxConditionDepth: 0, maxConditionNodes: 1, maxRules: 0, maxEvaluationSteps: 1 };
}

test('hostile battery: every case answers in wasm exactly as natively', () => {
  const calls = battery();
  assert.ok(calls.length > 1000, `${calls.length} cases`);
  differential(calls, 'battery');
});

test('every limit is a structured error naming the limit, in wasm', () => {
  for (const [name, value] of Object.entries(limitBreakers())) {
    const a = preview({ ...maximal(), limits: { [name]: value } });
    assert.equal(a.ok, false, name);
    assert.ok(a.errors.some((e) => e.code === 'limitExceeded' && e.message.includes(name)), `${name}: ${JSON.stringify(a.errors)}`);
  }
});

test('prototype names are inert and nothing pollutes Object.prototype', () => {
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  const b = pipedrive();
  const hostile = JSON.parse(JSON.stringify(b).replace('"request":{', '"request":{"options":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}},'));
  assert.ok(Object.hasOwn(hostile.request.options, '__proto__'), 'the input really has an own __proto__ key');
  const p = wellFormed(preview(hostile), 'options');
  assert.equal(p.ok, true);
  // A snapshot whose field names are __proto__ comes back from apply with those
  // names as own data properties, not as prototypes.
  const snap = JSON.parse(JSON.stringify(b.snapshot));
  snap.users[0].fields = JSON.parse('{"__proto__":{"polluted":true},"constructor":"x","name":"A"}');
  const uid = snap.users[0].id;
  const target = snap.users.find((u) => u.id !== uid && u.id === b.request.targets[0]) ?? snap.users[1];
  const r = wellFormed(preview({ ...b, snapshot: snap }), 'fields');
  if (r.ok && r.value.verdict === 'allowed') {
    const after = wellFormed(apply({ snapshot: snap, preview: r.value }), 'apply');
    assert.equal(after.ok, true);
    const fields = after.value.users.find((u) => u.id === uid).fields;
    assert.ok(Object.hasOwn(fields, '__proto__'));
    assert.equal(Object.getPrototypeOf(fields), Object.prototype);
    assert.equal(fields.polluted, undefined);
  }
  assert.ok(target);
  for (const name of ['__proto__', 'constructor', 'prototype']) {
    const ws = Workspace.load({ snapshot: JSON.parse(JSON.stringify(b.snapshot).replaceAll(`"${uid}"`, `"${name}"`)) });
    wellFormed(ws, name);
    if (ws.ok) ws.value.free();
    wellFormed(preset(name), name);
    wellFormed(validatePolicy({ policy: name }), name);
  }
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
  assert.equal(typeof Object.prototype.toString, 'function');
});

test('survival: 10,000 malformed calls, then a valid call gives the right answer', () => {
  const good = pipedrive();
  const expected = JSON.stringify(preview(good));
  assert.ok(expected.startsWith('{"ok":true'));
  const text = JSON.stringify(good);
  const bad = [
    (i) => text.slice(0, i % text.length),
    (i) => `{"policy": ${i}, "snapshot": [`,
    () => new Uint8Array([0xff, 0xfe, 0x00]),
    () => '['.repeat(10_000),
    () => ({ ...good, request: { ...good.request, actor: 'nobody' } }),
    () => undefined,
    () => 10n,
    () => { const c = {}; c.self = c; return c; },
  ];
  const calls = [preview, compare, apply, validatePolicy, preset, (i) => Workspace.load(i)];
  for (let i = 0; i < 10_000; i++) {
    const a = calls[i % calls.length](bad[i % bad.length](i));
    assert.equal(a.ok, false, `call ${i}`);
  }
  assert.equal(JSON.stringify(preview(good)), expected);
  const ws = Workspace.load({ snapshot: good.snapshot });
  assert.equal(ws.ok, true);
  for (let i = 0; i < 2_000; i++) assert.equal(ws.value.preview(bad[i % bad.length](i)).ok, false);
  assert.equal(JSON.stringify(ws.value.preview({ policy: good.policy, request: good.request })), expected);
  ws.value.free();
});

test('survival: after every limit error, a valid call gives the right answer', () => {
  const good = maximal();
  const expected = JSON.stringify(preview(good));
  const nest = (open, inner, close, n) => open.repeat(n) + inner + close.repeat(n);
  const deepWhen = { ...good, policy: { ...good.policy, constraints: [{ id: 'deep', when: nest('(', 'true', ')', 10_000), code: 'deep', message: 'deep' }] } };
  for (const [name, value] of Object.entries(limitBreakers())) {
    for (let i = 0; i < 500; i++) assert.equal(preview({ ...good, limits: { [name]: value } }).ok, false, name);
    assert.equal(JSON.stringify(preview(good)), expected, `after ${name}`);
  }
  for (let i = 0; i < 500; i++) assert.equal(preview(deepWhen).ok, false);
  assert.equal(JSON.stringify(preview(good)), expected, 'after deep conditions');
  assert.ok(listPresets().ok);
});

// A host may raise maxConditionDepth, but the engine caps condition depth
// (HARD_MAX_DEPTH) so that deep nesting stays an error and never overflows
// the wasm stack.
test('raised condition limits still refuse 10,000-deep nesting', () => {
  const good = maximal();
  const expected = JSON.stringify(preview(good));
  const nest = (open, inner, close, n) => open.repeat(n) + inner + close.repeat(n);
  const limits = { maxConditionDepth: 1_000_000_000, maxConditionNodes: 1_000_000_000, maxEvaluationSteps: 1_000_000_000 };
  for (const when of [nest('(', 'true', ')', 10_000), 'not '.repeat(10_000) + 'true', 'true and '.repeat(10_000) + 'true', nest('[', '1', ']', 10_000) + ' == 1']) {
    const answer = preview({ ...good, limits, policy: { ...good.policy, constraints: [{ id: 'deep', when, code: 'deep', message: 'deep' }] } });
    assert.equal(answer.ok, false);
    assert.equal(answer.errors[0].code, 'limitExceeded');
    assert.equal(answer.errors[0].path, '/policy/constraints/0/when');
  }
  assert.equal(JSON.stringify(preview(good)), expected);
});
