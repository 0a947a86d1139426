// The packed package through Node ESM: `import ... from 'offboard'`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as offboard from 'offboard';
import { Workspace, actions, apply, compare, init, isReady, listPresets, preset, preview, registerPresets, validatePolicy } from 'offboard';
import { shippedPresets } from 'offboard/presets';

function value(answer) {
  assert.equal(answer.ok, true, `expected a success, got ${JSON.stringify(answer).slice(0, 500)}`);
  return answer.value;
}

function errors(answer) {
  assert.equal(answer.ok, false, `expected a failure, got ${JSON.stringify(answer).slice(0, 300)}`);
  assert.ok(Array.isArray(answer.errors) && answer.errors.length > 0);
  for (const e of answer.errors) {
    assert.equal(typeof e.code, 'string');
    assert.equal(typeof e.message, 'string');
    assert.equal(typeof e.path, 'string');
  }
  return answer.errors;
}

const pipedrive = () => value(preset('pipedrive'));

test('the module is ready on import in Node, and init() resolves', async () => {
  assert.equal(isReady(), true);
  await init();
  assert.deepEqual(
    Object.keys(offboard).sort(),
    ['Workspace', 'actions', 'apply', 'compare', 'init', 'initSync', 'isReady', 'listPresets', 'preset', 'preview', 'registerPresets', 'runScenario', 'validatePolicy'],
  );
});

test('listPresets names the shipped presets, each with a valid policy', () => {
  const presets = value(listPresets());
  const ids = presets.map((p) => p.id);
  for (const id of ['pipedrive']) assert.ok(ids.includes(id), `presets: ${ids}`);
  for (const p of presets) {
    assert.equal(typeof p.name, 'string');
    assert.equal(value(validatePolicy({ policy: p.id })).id, p.id);
    const full = value(preset(p.id));
    assert.equal(value(validatePolicy({ policy: full.policy })).id, p.id);
  }
});

test('previews of every preset example answer with a verdict', () => {
  for (const { id } of value(listPresets())) {
    const { policy, sample, examples } = value(preset(id));
    assert.ok(examples.length > 0, `${id} ships examples`);
    for (const { request } of examples) {
      const p = value(preview({ policy, snapshot: sample, request }));
      assert.ok(['allowed', 'blocked'].includes(p.verdict), `${id}: ${p.verdict}`);
      assert.equal(p.verdict === 'blocked', p.blockers.length > 0, `${id}: blocked exactly when there are blockers`);
      assert.match(p.fingerprint.value, /^sha256:/);
    }
  }
});

test('object, JSON string and bytes inputs give the same answer', () => {
  const { policy, sample, examples } = pipedrive();
  const input = { policy, snapshot: sample, request: examples[0].request };
  const text = JSON.stringify(input);
  const fromObject = JSON.stringify(preview(input));
  assert.equal(JSON.stringify(preview(text)), fromObject);
  assert.equal(JSON.stringify(preview(new TextEncoder().encode(text))), fromObject);
  assert.equal(JSON.stringify(preview(Buffer.from(text))), fromObject);
  assert.equal(JSON.stringify(preview(new TextEncoder().encode(text).buffer)), fromObject);
});

test('preset names stand for the policy and the sample in every input form', () => {
  const { policy, sample, examples } = pipedrive();
  const request = examples[0].request;
  const full = JSON.stringify(preview({ policy, snapshot: sample, request }));
  const byName = { policy: 'pipedrive', snapshot: { preset: 'pipedrive' }, request };
  assert.equal(JSON.stringify(preview(byName)), full);
  assert.equal(JSON.stringify(preview(JSON.stringify(byName))), full);
  assert.equal(JSON.stringify(preview(new TextEncoder().encode(JSON.stringify(byName)))), full);
  // The policy comes back as written in presets/, its keys in the authored order.
  assert.deepEqual(Object.keys(policy).slice(0, 3), ['id', 'name', 'description']);
  const [e] = errors(preview({ ...byName, policy: 'pipedrve' }));
  assert.equal(e.code, 'unknownPreset');
  assert.equal(e.help, 'did you mean `pipedrive`?');
});

test('a loaded workspace previews like the one-shot call, and answers after free()', () => {
  const { policy, sample, examples } = pipedrive();
  const ws = value(Workspace.load({ snapshot: sample }));
  assert.ok(ws instanceof Workspace);
  for (const { request } of examples) {
    assert.deepEqual(ws.preview({ policy, request }), preview({ policy, snapshot: sample, request }));
  }
  const stats = value(ws.stats());
  assert.equal(stats.users, sample.users.length);
  assert.equal(stats.items, (sample.items ?? []).length);
  ws.free();
  assert.equal(ws.freed, true);
  assert.equal(errors(ws.preview({ policy, request: examples[0].request }))[0].code, 'workspaceFreed');
  ws.free();
  assert.throws(() => new Workspace({}), TypeError);
});

test('compare and apply answer on the sample', () => {
  const { policy, sample, examples } = pipedrive();
  const request = examples[0].request;
  const c = value(compare({ policy, snapshot: sample, request }));
  assert.equal(typeof c.deleteAfterDeactivate, 'boolean');
  assert.ok(c.rows.some((r) => r.aspect === 'verdict'));
  assert.deepEqual(value(compare({ policy: 'pipedrive', snapshot: { preset: 'pipedrive' }, request })), c);
  assert.equal(c.deactivate.action, 'deactivate');
  assert.equal(c.delete.action, 'delete');
  const allowed = examples.map((e) => value(preview({ policy, snapshot: sample, request: e.request }))).find((p) => p.verdict === 'allowed');
  assert.ok(allowed, 'one pipedrive example is allowed');
  const after = value(apply({ snapshot: sample, preview: allowed }));
  for (const u of allowed.users) {
    assert.equal(after.users.find((x) => x.id === u.user)?.status ?? 'deleted', u.statusAfter);
  }
});

test('actions lists what a selection allows, alike one-shot and loaded', () => {
  const { policy, sample, examples } = pipedrive();
  const { action: _, ...request } = examples[0].request;
  const choices = value(actions({ policy, snapshot: sample, request }));
  assert.ok(choices.length > 0);
  for (const c of choices) assert.equal(c.verdict === 'blocked', c.blockers.length > 0);
  const ws = value(Workspace.load({ snapshot: sample }));
  assert.deepEqual(ws.actions({ policy, request }), actions({ policy, snapshot: sample, request }));
  ws.free();
});

test('bad inputs are answers, never exceptions', () => {
  const cyclic = {};
  cyclic.self = cyclic;
  const bad = [undefined, null, 42, 'nope', '{', '', new Uint8Array([0xff, 0xfe]), cyclic, 10n, () => 1, Symbol('x'), [], {}, { policy: 'no-such-preset' }, { policy: {}, snapshot: {}, request: {} }];
  for (const input of bad) {
    for (const call of [preview, validatePolicy, apply, compare, actions, preset, (i) => Workspace.load(i)]) {
      errors(call(input));
    }
  }
  assert.equal(errors(preset('no-such-preset'))[0].path !== undefined, true);
});

test('the module survives ten thousand bad calls', () => {
  for (let i = 0; i < 10_000; i++) errors(preview(`{"policy": ${i}, "snapshot": [`));
  value(listPresets());
  const { policy, sample, examples } = pipedrive();
  value(preview({ policy, snapshot: sample, request: examples[0].request }));
});

// Last in this file: registrations last as long as the module instance.
test('registerPresets adds named policies usable in every call, all or nothing', () => {
  const { policy, sample, examples } = pipedrive();
  const acme = { ...policy, id: 'acme', name: 'Acme' };
  const request = examples[0].request;
  assert.deepEqual(value(registerPresets({ acme: { policy: acme, sample } })), ['acme']);
  assert.ok(value(listPresets()).some((p) => p.id === 'acme' && p.name === 'Acme'));
  const byName = value(preview(JSON.stringify({ policy: 'acme', snapshot: { preset: 'acme' }, request })));
  assert.equal(byName.policy, 'acme');
  assert.equal(byName.verdict, value(preview({ policy, snapshot: sample, request })).verdict);
  // A refused entry registers nothing, and says where.
  const bad = errors(registerPresets({ good: { policy: { ...acme, id: 'good' } }, bad: { policy: { ...acme, id: 'bad', actions: { delete: { rules: [{ id: 'r', effect: { kind: 'explode' } }] } } } } }));
  assert.equal(bad[0].code, 'unknownVariant');
  assert.equal(bad[0].path, '/bad/policy/actions/delete/rules/0/effect/kind');
  assert.equal(errors(preview({ policy: 'good', snapshot: sample, request }))[0].code, 'unknownPreset');
  assert.equal(errors(registerPresets({ other: { policy: acme } }))[0].path, '/other/policy/id');
  assert.equal(errors(registerPresets(null))[0].code, 'invalidInput');
});

test('registerPresets answers invalidInput, with the path, for a BigInt, a cycle or a throwing getter', () => {
  const { policy } = pipedrive();
  const cyclic = { ...policy, id: 'cyc' };
  cyclic.self = cyclic;
  const cases = [
    [{ big: { policy: { ...policy, id: 'big', extra: 10n } } }, '/big/policy'],
    [{ bare: { policy: 10n } }, '/bare/policy'],
    [{ cyc: { policy: cyclic } }, '/cyc/policy'],
    [{ get: { get policy() { throw new Error('no policy here'); } } }, '/get/policy'],
    [{ get whole() { throw new Error('nothing here'); } }, '/whole'],
    [{ 'a/b~c': { policy: { ...policy, id: 'a/b~c' }, sample: { n: 1n } } }, '/a~1b~0c/sample'],
  ];
  for (const [input, path] of cases) {
    const e = errors(registerPresets(input));
    assert.equal(e[0].code, 'invalidInput', JSON.stringify(e));
    assert.equal(e[0].path, path);
    assert.match(e[0].message, /cannot be converted to JSON/);
  }
  assert.equal(errors(preview({ policy: 'big', snapshot: { preset: 'pipedrive' }, request: {} }))[0].code, 'unknownPreset');
});

test('registerPresets refuses __proto__, constructor and prototype, registering nothing', () => {
  const { policy } = pipedrive();
  for (const name of ['__proto__', 'constructor', 'prototype']) {
    // JSON.parse makes `__proto__` an own key, as a host reading JSON would.
    const input = JSON.parse(`{ ${JSON.stringify(name)}: { "policy": ${JSON.stringify({ ...policy, id: name })} }, "fine": { "policy": ${JSON.stringify({ ...policy, id: 'fine' })} } }`);
    const e = errors(registerPresets(input));
    assert.equal(e.length, 1);
    assert.equal(e[0].code, 'reservedName');
    assert.equal(e[0].path, `/${name}`);
    assert.match(e[0].message, new RegExp(`\`${name}\` cannot name a preset`));
    assert.equal(errors(registerPresets(JSON.stringify(input)))[0].code, 'reservedName');
    assert.ok(!value(listPresets()).some((p) => p.id === name || p.id === 'fine'));
  }
});

test("registered names are own keys, and unknownPreset's help lists shipped presets apart from registered ones", () => {
  const { policy } = pipedrive();
  assert.deepEqual(value(registerPresets({ hasOwnProperty: { policy: { ...policy, id: 'hasOwnProperty' } }, toString: { policy: { ...policy, id: 'toString' } } })), ['hasOwnProperty', 'toString']);
  // Inherited keys are not presets: only the input's own ones register.
  const inherited = Object.create({ inherited: { policy: { ...policy, id: 'inherited' } } });
  assert.deepEqual(value(registerPresets(inherited)), []);
  const e = errors(preview({ policy: 'valueOf', snapshot: { preset: 'pipedrive' }, request: {} })).find((x) => x.code === 'unknownPreset');
  assert.match(e.message, /`valueOf` is not a preset/);
  const [shipped, registered] = e.help.split('; ');
  // Every id of the presets entry point, sorted, and nothing else.
  assert.equal(shipped, `shipped presets: ${[...shippedPresets].sort().join(', ')}`);
  assert.match(registered, /^registered presets: .*\bhasOwnProperty\b.*\btoString\b/);
  assert.doesNotMatch(shipped, /hasOwnProperty|toString|acme/);
  assert.equal(value(preset('hasOwnProperty')).policy.id, 'hasOwnProperty');
});
