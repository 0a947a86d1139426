// The packed package through Node CommonJS: `require('offboard')`.
const assert = require('node:assert/strict');
const { test } = require('node:test');
const offboard = require('offboard');
require('offboard/presets');

test('require() gives a ready module with every export', () => {
  assert.equal(offboard.isReady(), true);
  for (const name of ['Workspace', 'actions', 'apply', 'compare', 'init', 'initSync', 'listPresets', 'preset', 'preview', 'registerPresets', 'runScenario', 'validatePolicy']) {
    assert.ok(name in offboard, name);
  }
});

test('CommonJS and ESM answer byte for byte alike', async () => {
  const esm = await import('offboard');
  const p = offboard.preset('pipedrive');
  assert.equal(p.ok, true, JSON.stringify(p));
  const { policy, sample, examples } = p.value;
  const input = JSON.stringify({ policy, snapshot: sample, request: examples[0].request });
  assert.equal(JSON.stringify(offboard.preview(input)), JSON.stringify(esm.preview(input)));
  const answer = offboard.preview(input);
  assert.equal(answer.ok, true, JSON.stringify(answer).slice(0, 300));
});

test('a workspace loads and previews through require()', () => {
  const { policy, sample, examples } = offboard.preset('pipedrive').value;
  const loaded = offboard.Workspace.load(JSON.stringify({ snapshot: sample }));
  assert.equal(loaded.ok, true, JSON.stringify(loaded));
  const answer = loaded.value.preview({ policy, request: examples[0].request });
  assert.equal(answer.ok, true);
  loaded.value.free();
});

test('bad input answers without throwing', () => {
  const answer = offboard.preview('{oops');
  assert.equal(answer.ok, false);
  assert.equal(typeof answer.errors[0].code, 'string');
});
