// The CLI of the packed package, run as `offboard` from node_modules/.bin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Workspace, preset, preview } from 'offboard';
import 'offboard/presets';

const bin = join(process.cwd(), 'node_modules', '.bin', 'offboard');
const dir = mkdtempSync(join(tmpdir(), 'offboard-cli-'));

function run(...args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function flags(request) {
  const args = [`--${request.action}`, request.targets.join(','), '--actor', request.actor, '--now', request.now];
  if (request.successor !== undefined) args.push('--successor', request.successor);
  for (const [k, v] of Object.entries(request.options ?? {})) args.push('--option', `${k}=${JSON.stringify(v)}`);
  return args;
}

const pipedrive = preset('pipedrive');

test('preview --sample prints a report and exits 0 when allowed, 1 when blocked', () => {
  assert.equal(pipedrive.ok, true);
  const { policy, sample, examples } = pipedrive.value;
  const seen = new Set();
  for (const { request } of examples) {
    if (request.successors !== undefined) continue;
    const expected = preview({ policy, snapshot: sample, request });
    assert.equal(expected.ok, true);
    const r = run('preview', '--sample', 'pipedrive', ...flags(request));
    assert.equal(r.code, expected.value.verdict === 'blocked' ? 1 : 0, r.out + r.err);
    assert.match(r.out, expected.value.verdict === 'blocked' ? /Verdict: BLOCKED/ : /Verdict: ALLOWED/);
    assert.match(r.out, /fingerprint sha256:/);
    for (const b of expected.value.blockers) assert.ok(r.out.includes(b.message), `report names blocker ${b.code}`);
    seen.add(expected.value.verdict);
  }
  assert.ok(seen.size > 0);
});

test('preview --json prints the preview the API computes', () => {
  const { policy, sample, examples } = pipedrive.value;
  const { request } = examples[0];
  const r = run('preview', '--sample', 'pipedrive', '--json', ...flags(request));
  const expected = preview({ policy, snapshot: sample, request }).value;
  assert.deepEqual(JSON.parse(r.out), expected);
});

test('preview --workspace FILE --policy NAME reads a workspace file', () => {
  const { sample, examples } = pipedrive.value;
  const ws = join(dir, 'ws.json');
  writeFileSync(ws, JSON.stringify(sample));
  const r = run('preview', '--workspace', ws, '--policy', 'pipedrive', '--json', ...flags(examples[0].request));
  assert.ok(r.code === 0 || r.code === 1, r.err);
  assert.equal(JSON.parse(r.out).policy, pipedrive.value.policy.id);
});

test("--action with --target previews a policy's own action; an action the policy does not declare is a usage error", () => {
  const { policy, sample } = pipedrive.value;
  const own = { ...policy, actions: { ...policy.actions, suspend: { fromStatuses: ['active'], user: { status: 'suspended' } } } };
  const file = join(dir, 'own-action.json');
  writeFileSync(file, JSON.stringify(own));
  const request = { action: 'suspend', actor: 'u-kadri', targets: ['u-diego'], now: '2026-11-23T10:00:00Z' };
  const r = run('preview', '--sample', 'pipedrive', '--policy', file, '--json', '--action', 'suspend', '--target', 'u-diego', '--actor', 'u-kadri', '--now', request.now);
  assert.equal(r.code, 0, r.out + r.err);
  const expected = preview({ policy: own, snapshot: sample, request }).value;
  assert.deepEqual(JSON.parse(r.out), expected);
  assert.equal(expected.users[0].statusAfter, 'suspended');
  const bad = run('preview', '--sample', 'pipedrive', '--policy', file, '--action', 'suspnd', '--target', 'u-diego');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--action must be one of delete, deactivate, reactivate, suspend, not "suspnd"/);
});

test('--targets-file previews a bulk request', () => {
  const { sample, examples } = pipedrive.value;
  const users = sample.users.filter((u) => (u.status ?? 'active') === 'active' && !u.placeholder).slice(-2);
  const csv = join(dir, 'leavers.csv');
  writeFileSync(csv, `id,reason\n${users.map((u) => `${u.id},left`).join('\n')}\n`);
  const r = run('preview', '--sample', 'pipedrive', '--targets-file', csv, '--action', 'deactivate', '--now', examples[0].request.now, '--json');
  assert.ok(r.code === 0 || r.code === 1, r.out + r.err);
  const p = JSON.parse(r.out);
  assert.deepEqual(p.users.map((u) => u.user).sort(), users.map((u) => u.id).sort());
  const report = run('preview', '--sample', 'pipedrive', '--targets-file', csv, '--action', 'deactivate', '--now', examples[0].request.now);
  assert.match(report.out, /Each target alone/);
});

test('--targets-file matches an email column to users, and names rows it cannot match', () => {
  const { sample, examples } = pipedrive.value;
  const users = sample.users.filter((u) => (u.status ?? 'active') === 'active' && typeof u.fields?.email === 'string').slice(-2);
  const csv = join(dir, 'emails.csv');
  writeFileSync(csv, `name;email\n${users.map((u) => `"${u.fields.name ?? ''}";${u.fields.email.toUpperCase()}`).join('\n')}\n`);
  const r = run('preview', '--sample', 'pipedrive', '--targets-file', csv, '--action', 'deactivate', '--now', examples[0].request.now, '--json');
  assert.ok(r.code === 0 || r.code === 1, r.err);
  assert.deepEqual(JSON.parse(r.out).users.map((u) => u.user).sort(), users.map((u) => u.id).sort());
  writeFileSync(csv, 'email\nnobody@example.com\n');
  const bad = run('preview', '--sample', 'pipedrive', '--targets-file', csv, '--now', examples[0].request.now);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /row 1: "nobody@example.com" is neither a user id nor a user's email/);
});

test('an engine error exits 2, and --json prints it as the tagged answer', () => {
  const { examples } = pipedrive.value;
  const r = run('preview', '--sample', 'pipedrive', '--delete', 'no-such-user', '--actor', 'u-kadri', '--now', examples[0].request.now, '--json');
  assert.equal(r.code, 2, r.out + r.err);
  const answer = JSON.parse(r.out);
  assert.equal(answer.ok, false);
  assert.ok(answer.errors.length > 0);
});

test('validate accepts a preset and a policy file, and rejects a broken one with exit 2', () => {
  assert.equal(run('validate', 'pipedrive').code, 0);
  const good = join(dir, 'policy.json');
  writeFileSync(good, JSON.stringify(pipedrive.value.policy));
  const ok = run('validate', good);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /^valid /);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ id: 'x', actions: { delete: { rules: [{ id: 'r', effect: { kind: 'explode' } }] } } }));
  const r = run('validate', bad);
  assert.equal(r.code, 2);
  assert.match(r.err, /error/);
  const notJson = join(dir, 'not.json');
  writeFileSync(notJson, '{');
  assert.equal(run('validate', notJson).code, 2);
});

test('usage errors and unknown users exit 2 with a clear message', () => {
  let r = run('preview', '--sample', 'pipedrive');
  assert.equal(r.code, 2);
  assert.match(r.err, /usage error/);
  r = run('frobnicate');
  assert.equal(r.code, 2);
  r = run('preview', '--workspace', join(dir, 'missing.json'), '--policy', 'pipedrive', '--delete', 'u1');
  assert.equal(r.code, 2);
  assert.match(r.err, /no such file/);
  r = run('preview', '--sample', 'no-such-preset', '--delete', 'u1');
  assert.equal(r.code, 2);
  r = run('--help');
  assert.equal(r.code, 0);
  assert.match(r.out, /Exit codes/);
});

test('presets lists the shipped presets', () => {
  const r = run('presets', '--json');
  assert.equal(r.code, 0);
  const ids = JSON.parse(r.out).map((p) => p.id);
  assert.ok(ids.includes('pipedrive'));
  assert.equal(ids.length, 10, ids.join(', '));
  for (const id of ['google-workspace', 'microsoft-365', 'slack', 'github', 'atlassian']) assert.ok(ids.includes(id), id);
});

test('the commands of scripts/demo print a report, allowed then blocked', () => {
  const commands = readFileSync('demo.sh', 'utf8').split('\n').filter((l) => l.startsWith('run ')).map((l) => l.slice(4).split(/\s+/));
  assert.equal(commands.length, 2);
  const codes = commands.map((args) => {
    const r = run(...args);
    assert.match(r.out, /Verdict: (ALLOWED|BLOCKED)/, r.err);
    return r.code;
  });
  assert.deepEqual(codes, [0, 1]);
});

test('test runs scenario files: exit 0 when every one passes, 1 with the differences when one fails', () => {
  const policyFile = join(dir, 'my-policy.json');
  writeFileSync(policyFile, JSON.stringify(pipedrive.value.policy));
  const { examples } = pipedrive.value;
  const blocked = examples.find((e) => e.name.endsWith('(blocked)'));
  assert.ok(blocked, 'the pipedrive examples include a blocked one');
  const good = join(dir, 'good.scenario.json');
  writeFileSync(good, JSON.stringify({ name: 'blocked as documented', policy: 'my-policy.json', snapshot: { preset: 'pipedrive' }, request: blocked.request, expect: { verdict: 'blocked' } }));
  const pass = run('test', good);
  assert.equal(pass.code, 0, pass.out + pass.err);
  assert.match(pass.out, /^pass .*blocked as documented/m);
  assert.match(pass.out, /^1 passed, 0 failed$/m);
  const bad = join(dir, 'bad.scenario.json');
  writeFileSync(bad, JSON.stringify({ name: 'wrong on purpose', policy: 'pipedrive', snapshot: { preset: 'pipedrive' }, request: blocked.request, expect: { verdict: 'allowed' } }));
  const fail = run('test', good, bad);
  assert.equal(fail.code, 1, fail.out + fail.err);
  assert.match(fail.out, /^FAIL .*wrong on purpose/m);
  assert.match(fail.out, /\/verdict: expected "allowed", found "blocked"/);
  assert.match(fail.out, /^1 passed, 1 failed$/m);
  const json = JSON.parse(run('test', bad, '--json').out);
  assert.equal(json[0].passed, false);
});

test('a closed pipe ends the output quietly (offboard validate … | head -1)', () => {
  const r = spawnSync('bash', ['-c', `"${bin}" validate pipedrive | head -1; exit "\${PIPESTATUS[0]}"`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.match(r.stdout, /^valid pipedrive/);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  // A reader that is gone before the first write (the shell's `true` exits at
  // once, long before Node has started): every write meets a closed pipe.
  for (const command of ['validate pipedrive', 'presets --json', 'preview --sample pipedrive --delete u-tomas --json']) {
    const gone = spawnSync('bash', ['-c', `"${bin}" ${command} | true; exit "\${PIPESTATUS[0]}"`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(gone.stderr, '', command);
    assert.ok(gone.status === 0 || gone.status === 1, `${command}: exit ${gone.status}`);
  }
});

test("a file that is not JSON gets the engine's error, with line, column and path; with --json on stdout", () => {
  const file = join(dir, 'broken.json');
  writeFileSync(file, '{"users": [{"id": "u1"},\n  oops]}');
  const text = run('preview', '--workspace', file, '--policy', 'pipedrive', '--delete', 'u1');
  assert.equal(text.code, 2);
  assert.match(text.err, /invalidJson at \/users\/1 in .*broken\.json: .*line 2 column 3/);
  const json = run('preview', '--workspace', file, '--policy', 'pipedrive', '--delete', 'u1', '--json');
  assert.equal(json.code, 2);
  const answer = JSON.parse(json.out);
  assert.equal(answer.ok, false);
  assert.equal(answer.errors[0].code, 'invalidJson');
  assert.equal(answer.errors[0].path, '/users/1');
  assert.match(answer.errors[0].message, /line 2 column 3/);
  const policy = run('validate', file, '--json');
  assert.equal(policy.code, 2);
  assert.equal(JSON.parse(policy.out).errors[0].code, 'invalidJson');
});

test('with --json, usage and input errors are JSON on stdout too', () => {
  const r = run('preview', '--sample', 'pipedrive', '--json');
  assert.equal(r.code, 2);
  assert.equal(JSON.parse(r.out).errors[0].code, 'usage');
  const missing = run('preview', '--workspace', join(dir, 'no-such.json'), '--policy', 'pipedrive', '--delete', 'u1', '--json');
  assert.equal(missing.code, 2);
  assert.equal(JSON.parse(missing.out).errors[0].code, 'invalidInput');
});

test('--help lists --action', () => {
  const r = run('--help');
  assert.equal(r.code, 0);
  assert.match(r.out, /^\s+--action ACTION\s+\S/m);
});

test('a scenario file without policy exits 2 with missingField', () => {
  const file = join(dir, 'no-policy.scenario.json');
  writeFileSync(file, JSON.stringify({ name: 'no policy', snapshot: { preset: 'pipedrive' }, request: pipedrive.value.examples[0].request, expect: {} }));
  const r = run('test', file);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /missingField/);
  const json = run('test', file, '--json');
  assert.equal(json.code, 2);
  assert.equal(JSON.parse(json.out).errors[0].code, 'missingField');
});

// `offboard sweep`: the Pipedrive sample, as of 2025-10-01, users not seen for 20 days.
const SWEEP = ['sweep', '--sample', 'pipedrive', '--action', 'deactivate', '--now', '2025-10-01T09:00:00Z'];
const DORMANT = "target.status == 'active' && daysSince(target.lastActiveAt) >= 20";

function sweepApi(extra = {}) {
  const loaded = Workspace.load({ snapshot: pipedrive.value.sample });
  assert.equal(loaded.ok, true);
  const answer = loaded.value.sweep({ policy: 'pipedrive', action: 'deactivate', where: DORMANT, now: '2025-10-01T09:00:00Z', ...extra });
  loaded.value.free();
  assert.equal(answer.ok, true, JSON.stringify(answer));
  return answer.value;
}

test('sweep --json prints the sweep the API computes, every chunk merged', () => {
  const expected = sweepApi();
  assert.ok(expected.rows.length >= 3, 'several dormant users');
  const r = run(...SWEEP, '--where', DORMANT, '--json', '--chunk', '2');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out), expected);
  assert.equal(r.err, '', 'no progress bar when stderr is not a terminal');
});

test('sweep draws a progress bar on stderr, chunk by chunk, and prints a table', () => {
  const expected = sweepApi();
  const n = expected.rows.length;
  const r = run(...SWEEP, '--where', DORMANT, '--chunk', '1', '--progress');
  assert.equal(r.code, 0, r.err);
  const steps = r.err.split('\r').filter(Boolean);
  assert.equal(steps.length, n, r.err);
  for (const [i, s] of steps.entries()) assert.match(s, new RegExp(`^sweeping \\[[#.]{30}\\] ${i + 1}/${n}`));
  assert.match(r.out, /^user\s+name\s+verdict\s+seats\s+effects\s+blocked by$/m);
  for (const row of expected.rows) assert.match(r.out, new RegExp(`^${row.user}\\s+.*\\b${row.verdict}\\b`, 'm'));
  for (const s of expected.totals.seats) assert.ok(r.out.includes(`Reclaimable ${s.label}: ${s.reclaimable}`), r.out);
  assert.ok(r.out.includes(`${expected.totals.allowed} allowed, ${expected.totals.blocked} blocked of ${n}`), r.out);
});

test('sweep --csv prints one row per user with codes, seats and effects', () => {
  const expected = sweepApi({ successor: 'u-kadri' });
  const r = run(...SWEEP, '--where', DORMANT, '--successor', 'u-kadri', '--csv');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines[0], 'user,name,verdict,actor,seats,blockers,messages,effects');
  assert.equal(lines.length, expected.rows.length + 1);
  for (const [i, row] of expected.rows.entries()) {
    assert.ok(lines[i + 1].startsWith(`${row.user},`), lines[i + 1]);
    assert.ok(lines[i + 1].includes(`,${row.verdict},${row.actor},`), lines[i + 1]);
    assert.ok(lines[i + 1].includes(row.seats.map((s) => `${s.licence}:${s.change}`).join(';')));
    for (const b of row.blockers) assert.ok(lines[i + 1].includes(b.code));
    for (const [k, n] of Object.entries(row.effects)) assert.ok(lines[i + 1].includes(`${k}:${n}`), lines[i + 1]);
  }
  assert.ok(expected.rows.some((row) => row.blockers.length > 0), 'u-kadri as successor of herself is refused');
});

test('sweep refuses a bad condition with the engine error (exit 2) and bad usage', () => {
  const bad = run(...SWEEP, '--where', 'target.lastActivAt == null');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknownAttribute at \/where/);
  const json = run(...SWEEP, '--where', 'item.status == 1', '--json');
  assert.equal(json.code, 2);
  assert.equal(JSON.parse(json.out).errors[0].code, 'unboundVariable');
  assert.equal(run('sweep', '--sample', 'pipedrive').code, 2);
  assert.equal(run(...SWEEP, '--json', '--csv').code, 2);
  assert.equal(run(...SWEEP, '--chunk', '0').code, 2);
});

test('--help after a command prints the usage and exits 0', () => {
  for (const command of ['preview', 'validate', 'sweep', 'compare', 'test', 'presets']) {
    const r = run(command, '--help');
    assert.equal(r.code, 0, `${command}: ${r.err}`);
    assert.match(r.out, /^offboard — /, command);
  }
});

test("an error in a bare snapshot file gives the path in that file, and names it", () => {
  const { sample, examples } = pipedrive.value;
  const broken = structuredClone(sample);
  const item = broken.items.findIndex((it) => it.refs?.owner !== undefined);
  broken.items[item].refs.owner = 'u-nobody-at-all';
  const ws = join(dir, 'broken-ws.json');
  writeFileSync(ws, JSON.stringify(broken));
  const r = run('preview', '--workspace', ws, '--policy', 'pipedrive', ...flags(examples[0].request));
  assert.equal(r.code, 2, r.out + r.err);
  assert.ok(r.err.includes(`unknownUser at /items/${item}/refs/owner in ${ws}`), r.err);
  // Wrapped as { snapshot }, the path is the file's too.
  const wrapped = join(dir, 'broken-wrapped.json');
  writeFileSync(wrapped, JSON.stringify({ snapshot: broken }));
  const w = run('preview', '--workspace', wrapped, '--policy', 'pipedrive', ...flags(examples[0].request));
  assert.ok(w.err.includes(`unknownUser at /snapshot/items/${item}/refs/owner in ${wrapped}`), w.err);
});

test('the report tells what happens even when no item is touched', () => {
  const { sample, examples } = pipedrive.value;
  const { request } = examples[0];
  // A user no item references: the summary still signs them out.
  const quiet = sample.users.find((u) => u.id !== request.actor && u.status !== 'deactivated'
    && !sample.items.some((it) => JSON.stringify(it.refs ?? {}).includes(`"${u.id}"`) || (it.shares ?? []).some((s) => s.user === u.id)));
  assert.ok(quiet, 'the sample has a user without references');
  const expected = preview({ policy: 'pipedrive', snapshot: sample, request: { ...request, targets: [quiet.id], successor: undefined } }).value;
  assert.equal(expected.effects.length, 0);
  const r = run('preview', '--sample', 'pipedrive', '--deactivate', quiet.id, '--actor', request.actor, '--now', request.now);
  assert.match(r.out, /What happens\n/);
  for (const line of expected.summary.lines) assert.ok(r.out.includes(line.text), line.text);
});
