// Answers sized to the question and sweeps, through the packed package:
// `detail` and `page` on preview and compare, and Workspace.sweep in one call,
// in chunks, and with a progress callback.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Workspace, apply, compare, preset, preview } from 'offboard';
import 'offboard/presets';

function value(answer) {
  assert.equal(answer.ok, true, `expected a success, got ${JSON.stringify(answer).slice(0, 500)}`);
  return answer.value;
}

const { policy, sample, examples } = value(preset('pipedrive'));
const NOW = '2025-10-01T09:00:00Z';
const DORMANT = "target.status == 'active' && daysSince(target.lastActiveAt) >= 20";

test('summary detail is the full preview without effects and plan, with their counts', () => {
  for (const { request } of examples) {
    const full = value(preview({ policy, snapshot: sample, request }));
    const summary = value(preview({ policy, snapshot: sample, request, detail: 'summary' }));
    assert.deepEqual(value(preview({ policy, snapshot: sample, request, detail: 'full' })), full);
    const { effects, plan, ...rest } = full;
    const { counts, ...shared } = summary;
    assert.deepEqual(shared, rest);
    assert.equal(counts.effects, effects.length);
    assert.equal(counts.plan, plan.length);
    assert.equal(Object.values(counts.byKind).reduce((a, b) => a + b, 0), effects.length);
    // A summary has no plan: apply refuses it rather than applying nothing.
    assert.equal(apply({ snapshot: sample, preview: summary }).ok, false);
  }
});

test('pages of a loaded workspace concatenate to the full effects and plan', () => {
  const ws = value(Workspace.load({ snapshot: sample }));
  const { request } = examples.find((e) => value(preview({ policy, snapshot: sample, request: e.request })).effects.length > 3);
  const full = value(ws.preview({ policy, request }));
  const effects = [];
  const plan = [];
  let offset = 0;
  while (offset !== null) {
    const p = value(ws.preview({ policy, request, page: { offset, limit: 2 } }));
    assert.equal(p.fingerprint.value, full.fingerprint.value);
    effects.push(...p.page.effects);
    plan.push(...p.page.plan);
    offset = p.page.next;
  }
  assert.deepEqual(effects, full.effects);
  assert.deepEqual(plan, full.plan);
  const refused = ws.preview({ policy, request, detail: 'full', page: { limit: 2 } });
  assert.equal(refused.ok, false);
  assert.equal(refused.errors[0].path, '/page');
  ws.free();
});

test('compare in summary detail keeps rows and verdicts, drops effects and plans', () => {
  const { request } = examples[0];
  const full = value(compare({ policy, snapshot: sample, request }));
  const summary = value(compare({ policy, snapshot: sample, request, detail: 'summary' }));
  assert.deepEqual(summary.rows, full.rows);
  for (const a of ['deactivate', 'delete']) {
    assert.equal(summary[a].verdict, full[a].verdict);
    assert.equal(summary[a].effects, undefined);
    assert.equal(summary[a].counts.effects, full[a].effects.length);
  }
});

test('sweep: one call, chunks driven by next, and a progress callback agree', () => {
  const ws = value(Workspace.load({ snapshot: sample }));
  const input = { policy: 'pipedrive', action: 'deactivate', where: DORMANT, now: NOW };
  const whole = value(ws.sweep(input));
  assert.ok(whole.rows.length >= 3);
  assert.equal(whole.matched, whole.rows.length);
  assert.equal(whole.totals.users, whole.rows.length);
  assert.equal(whole.totals.allowed + whole.totals.blocked, whole.rows.length);

  // Chunks, as a Worker would drive them.
  const rows = [];
  let offset = 0;
  while (offset !== null) {
    const c = value(ws.sweep({ ...input, offset, limit: 2 }));
    rows.push(...c.rows);
    offset = c.next;
  }
  assert.deepEqual(rows, whole.rows);

  // The wrapper's progress callback: one call per chunk, totals merged, as a string input too.
  const seen = [];
  const merged = value(ws.sweep(JSON.stringify(input), { chunk: 2, onProgress: (p) => seen.push(p) }));
  assert.deepEqual(merged, whole);
  assert.deepEqual(seen.map((p) => p.done), [2, 4, 6].filter((n) => n < whole.rows.length).concat(whole.rows.length));
  assert.ok(seen.every((p) => p.total === whole.rows.length));

  // A successor who is also swept is refused for herself: the totals say by which code.
  const withSuccessor = value(ws.sweep({ ...input, successor: 'u-kadri' }, { chunk: 1 }));
  const single = value(ws.sweep({ ...input, successor: 'u-kadri' }));
  assert.deepEqual(withSuccessor.totals, single.totals);
  assert.ok(single.totals.blockers.some((b) => b.code === 'successorIsTarget' && b.users.includes('u-kadri')));
  ws.free();
});

test('sweep errors are answers with paths', () => {
  const ws = value(Workspace.load({ snapshot: sample }));
  const bad = ws.sweep({ policy: 'pipedrive', action: 'deactivate', where: 'target.lastActivAt > 1', now: NOW });
  assert.equal(bad.ok, false);
  assert.equal(bad.errors[0].path, '/where');
  const chunked = ws.sweep({ policy: 'pipedrive', action: 'deactivate', now: 'soon' }, { chunk: 5 });
  assert.equal(chunked.ok, false);
  assert.equal(chunked.errors[0].code, 'invalidTimestamp');
  assert.equal(ws.sweep({ policy: 'pipedrive', action: 'deactivate', now: NOW }, { chunk: 0 }).errors[0].code, 'invalidValue');
  ws.free();
  assert.equal(ws.sweep({ policy: 'pipedrive', action: 'deactivate', now: NOW }).errors[0].code, 'workspaceFreed');
});
