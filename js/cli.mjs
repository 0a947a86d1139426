#!/usr/bin/env node
// The offboard command line: previews deactivating or deleting users from
// Node scripts and CI, over a workspace file or a preset's sample workspace.
// Exit codes: 0 allowed (or valid), 1 blocked, 2 invalid input or usage.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Workspace, listPresets, preset, runScenario, validatePolicy } from './node.mjs';
import './presets.js';
import { sweepCommand } from './cli-sweep.mjs';

const EXIT_OK = 0;
const EXIT_BLOCKED = 1;
const EXIT_INVALID = 2;

const USAGE = `offboard — preview the consequences of deactivating or deleting a user

Usage:
  offboard preview  (--workspace FILE | --sample PRESET) [--policy PRESET|FILE]
                    (--delete ID… | --deactivate ID… | --reactivate ID… | --action ACTION --target ID…
                     | --targets-file CSV [--action ACTION])
                    [--successor ID] [--actor ID] [--now TIME] [--option KEY=VALUE…] [--json]
  offboard compare  (--workspace FILE | --sample PRESET) [--policy PRESET|FILE] --target ID
                    [--successor ID] [--actor ID] [--now TIME] [--json]
  offboard sweep    (--workspace FILE | --sample PRESET) [--policy PRESET|FILE] --action ACTION
                    [--where CONDITION] [--successor ID] [--actor ID] [--now TIME] [--option KEY=VALUE…]
                    [--chunk N] [--progress] [--json | --csv]
  offboard validate POLICY_FILE|PRESET [--json]
  offboard test     SCENARIO_FILE… [--json]      run policy tests (scenario files)
  offboard presets  [--json]

Options:
  --workspace FILE     workspace snapshot as JSON ({ users, items, seats, account } or { snapshot })
  --sample PRESET      use the sample workspace shipped with a preset (and that preset's policy)
  --policy P           a preset name (see "offboard presets") or a policy JSON file
  --delete ID          preview deleting this user (repeat, or comma-separate, for a bulk request)
  --deactivate ID      preview deactivating this user
  --reactivate ID      preview reactivating this user
  --targets-file CSV   read the targets from a CSV (an id, user or email column, else the first)
  --action ACTION      with --target or --targets-file: delete (the default with a file),
                       deactivate, reactivate, or an action the policy declares (suspend…)
  --successor ID       the user who takes over
  --actor ID           the admin acting (default: the highest-ranked active user who is not a target)
  --now TIME           the current time, RFC 3339 (default: this machine's clock)
  --option KEY=VALUE   a request option (value parsed as JSON when it can be)
  --where CONDITION    sweep: the users to preview, a condition of the policy language
                       (e.g. "target.status == 'active' && daysSince(target.lastActiveAt) >= 90")
  --chunk N            sweep: users previewed per call (default 100)
  --progress           sweep: draw the progress bar on stderr even when it is not a terminal
  --json               print the engine's answer as JSON instead of a report
  --csv                sweep: print one CSV row per user instead of a table

Exit codes: 0 allowed or valid (test: all passed; sweep: the sweep ran, whatever the verdicts),
1 blocked (test: a scenario failed), 2 invalid input or usage.`;

class UsageError extends Error {}

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (text) => (color ? `\x1b[${code}m${text}\x1b[0m` : String(text));
const bold = paint('1');
const red = paint('31');
const green = paint('32');
const yellow = paint('33');
const dim = paint('2');

function main(argv) {
  const [command, ...rest] = argv;
  // `offboard preview --help`: the usage, whatever the command.
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  switch (command) {
    case 'preview':
      return previewCommand(rest, 'preview');
    case 'compare':
      return previewCommand(rest, 'compare');
    case 'sweep':
      return sweepCommand(rest, { parse, workspaceOf, optionsOf, failed, progressBar, UsageError, WORKSPACE_OPTIONS, paint: { bold, red, green, dim } });
    case 'validate':
      return validateCommand(rest);
    case 'presets':
      return presetsCommand(rest);
    case 'test':
      return testCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? EXIT_INVALID : EXIT_OK;
    case '--version':
    case '-v':
      process.stdout.write(`${JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version}\n`);
      return EXIT_OK;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function parse(args, options, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(e.message);
  }
}

function readJson(file, what) {
  let text;
  try {
    text = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read the ${what} file ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  try {
    return { bytes: text, value: JSON.parse(text.toString('utf8')) };
  } catch {
    // The engine's own reading of the bytes says where: line, column and path.
    const answer = validatePolicy(text);
    const errors = !answer.ok && answer.errors.some((e) => /json/i.test(e.code))
      ? answer.errors
      : [{ code: 'invalidJson', message: 'not JSON', path: '' }];
    throw new EngineError(errors.map((e) => ({ ...e, file })), `the ${what} file ${file} is not JSON`);
  }
}

class InputError extends Error {}

/** Errors in the engine's form ({ code, message, path, help? }), about a file. */
class EngineError extends Error {
  constructor(errors, heading) {
    super(heading);
    this.errors = errors;
  }
}

/**
 * Prints an engine failure and returns the exit code. `files` says which
 * files the call's members came from ({ member, file, bare }): an error under
 * such a member names the file, and its path is the file's own when the file
 * holds the member bare (a snapshot file without its { "snapshot": … } wrapper).
 */
function failed(answer, json, files = []) {
  for (const e of answer.errors) {
    const f = files.find((x) => x.file !== undefined && (e.path === `/${x.member}` || e.path?.startsWith(`/${x.member}/`)));
    if (f === undefined || e.file !== undefined) continue;
    e.file = f.file;
    if (f.bare) e.path = e.path.slice(f.member.length + 1);
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  } else {
    for (const e of answer.errors) {
      process.stderr.write(`${red('error')} ${e.code}${e.path ? ` at ${e.path}` : ''}${e.file ? ` in ${e.file}` : ''}: ${e.message}\n`);
      if (e.help) process.stderr.write(`  ${dim(`help: ${e.help}`)}\n`);
    }
  }
  return EXIT_INVALID;
}

function list(values) {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function presetOf(name) {
  const answer = preset({ name });
  if (!answer.ok) {
    const known = listPresets();
    const names = known.ok ? known.value.map((p) => p.id).join(', ') : '';
    throw new InputError(`${answer.errors[0].message}${names ? ` (presets: ${names})` : ''}`);
  }
  return answer.value;
}

function policyOf(arg) {
  if (arg === undefined) return undefined;
  if (/\.json$/i.test(arg) || arg.includes('/')) return { name: arg, file: arg, value: readJson(arg, 'policy').value };
  return { name: arg, value: arg };
}

const WORKSPACE_OPTIONS = {
  workspace: { type: 'string' },
  sample: { type: 'string' },
  policy: { type: 'string' },
};

/** The workspace (a file or a preset's sample) and the policy of a command's options. */
function workspaceOf(values) {
  if ((values.workspace === undefined) === (values.sample === undefined)) {
    throw new UsageError('give exactly one of --workspace FILE and --sample PRESET');
  }
  let snapshot;
  let loadInput;
  let policyDoc;
  let bareSnapshot = false;
  let policy = policyOf(values.policy);
  if (values.sample !== undefined) {
    const p = presetOf(values.sample);
    snapshot = p.sample;
    loadInput = { snapshot };
    if (policy === undefined) policy = { name: values.sample, value: values.sample };
    if (policy.value === values.sample) policyDoc = p.policy;
  } else {
    const file = readJson(values.workspace, 'workspace');
    const wrapped = file.value !== null && typeof file.value === 'object' && 'snapshot' in file.value;
    snapshot = wrapped ? file.value.snapshot : file.value;
    bareSnapshot = !wrapped;
    // The bytes cross into wasm as they are (faster than objects); a bare
    // snapshot is wrapped as { "snapshot": … } without parsing it again.
    loadInput = wrapped ? file.bytes : Buffer.concat([Buffer.from('{"snapshot":'), file.bytes, Buffer.from('}')]);
  }
  if (policy === undefined) throw new UsageError('give --policy PRESET|FILE (or use --sample PRESET)');
  if (policyDoc === undefined) {
    policyDoc = typeof policy.value === 'string' ? presetOf(policy.value).policy : policy.value;
  }
  const files = [
    { member: 'snapshot', file: values.workspace, bare: bareSnapshot },
    { member: 'policy', file: policy.file, bare: true },
  ];
  return { snapshot, loadInput, policy, policyDoc, files };
}

/** An action the policy offers: the built-in three, or one it declares. */
function checkedAction(action, policyDoc) {
  const known = [...new Set(['delete', 'deactivate', 'reactivate', ...Object.keys(policyDoc?.actions ?? {})])];
  if (!known.includes(action)) throw new UsageError(`--action must be one of ${known.join(', ')}, not "${action}"`);
  return action;
}

function previewCommand(args, mode) {
  const { values } = parse(args, {
    ...WORKSPACE_OPTIONS,
    delete: { type: 'string', multiple: true },
    deactivate: { type: 'string', multiple: true },
    reactivate: { type: 'string', multiple: true },
    target: { type: 'string', multiple: true },
    'targets-file': { type: 'string' },
    action: { type: 'string' },
    successor: { type: 'string' },
    actor: { type: 'string' },
    now: { type: 'string' },
    option: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
  });
  const { snapshot, loadInput, policy, policyDoc, files } = workspaceOf(values);

  // The request.
  let action;
  let targets = [];
  const actions = ['delete', 'deactivate', 'reactivate'].filter((a) => values[a] !== undefined);
  if (mode === 'compare') {
    targets = list(values.target);
    if (targets.length === 0) targets = list(values.delete ?? values.deactivate);
    action = 'delete';
  } else if (values['targets-file'] !== undefined) {
    if (actions.length > 0) throw new UsageError('give either --targets-file or --delete/--deactivate/--reactivate, not both');
    action = checkedAction(values.action ?? 'delete', policyDoc);
    targets = readTargets(values['targets-file'], snapshot);
  } else if (values.action !== undefined) {
    // Any action the policy declares: --action suspend --target ID…
    if (actions.length > 0) throw new UsageError('give either --action with --target, or --delete/--deactivate/--reactivate, not both');
    action = checkedAction(values.action, policyDoc);
    targets = list(values.target);
  } else {
    if (actions.length !== 1) throw new UsageError('give one of --delete ID, --deactivate ID or --reactivate ID');
    action = actions[0];
    targets = list(values[action]);
  }
  if (targets.length === 0) throw new UsageError('no target user given');

  const options = optionsOf(values);
  const actor = values.actor ?? defaultActor(snapshot, policyDoc, targets);
  if (actor === undefined) throw new UsageError('no active user can act: give --actor ID');
  const request = { action, actor, targets, now: values.now ?? new Date().toISOString() };
  if (values.successor !== undefined) request.successor = values.successor;
  if (Object.keys(options).length > 0) request.options = options;

  const loaded = Workspace.load(loadInput);
  if (!loaded.ok) return failed(loaded, values.json, files);
  const ws = loaded.value;
  try {
    if (mode === 'compare') {
      const answer = ws.compare({ policy: policy.value, request });
      if (!answer.ok) return failed(answer, values.json, files);
      if (values.json) process.stdout.write(`${JSON.stringify(answer.value, null, 2)}\n`);
      else printComparison(answer.value, snapshot, request);
      return EXIT_OK;
    }
    const perTarget = targets.length > 1 ? previewEach(ws, policy.value, request) : undefined;
    const answer = ws.preview({ policy: policy.value, request });
    if (!answer.ok) return failed(answer, values.json, files);
    if (values.json) process.stdout.write(`${JSON.stringify(answer.value, null, 2)}\n`);
    else printReport(answer.value, snapshot, request, perTarget, values.actor === undefined);
    return answer.value.verdict === 'blocked' ? EXIT_BLOCKED : EXIT_OK;
  } finally {
    ws.free();
  }
}

/** The request options of `--option KEY=VALUE`, each value read as JSON when it parses. */
function optionsOf(values) {
  const options = {};
  for (const pair of values.option ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--option wants KEY=VALUE, got "${pair}"`);
    const raw = pair.slice(eq + 1);
    let value;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    options[pair.slice(0, eq)] = value;
  }
  return options;
}

/** Previews each target of a bulk request alone, with a progress bar on a terminal. */
function previewEach(ws, policy, request) {
  const bar = process.stderr.isTTY ? progressBar(request.targets.length) : undefined;
  const results = [];
  for (const [i, target] of request.targets.entries()) {
    const one = { ...request, targets: [target] };
    results.push({ target, answer: ws.preview({ policy, request: one }) });
    bar?.(i + 1);
  }
  return results;
}

function progressBar(total, verb = 'previewing') {
  const width = 30;
  let last = -1;
  return (done) => {
    const filled = Math.round((done / total) * width);
    if (filled === last && done !== total) return;
    last = filled;
    process.stderr.write(`\r${verb} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (done === total) process.stderr.write('\n');
  };
}

/** Reads target user ids from a CSV: an id/user/email column if there is a header, else the first column. */
function readTargets(file, snapshot) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the targets file ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  const rows = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map(splitCsv);
  if (rows.length === 0) throw new InputError(`the targets file ${file} is empty`);
  const header = rows[0].map((h) => h.toLowerCase());
  let column = ['id', 'user', 'userid', 'user_id', 'email'].map((h) => header.indexOf(h)).find((i) => i >= 0);
  if (column !== undefined) rows.shift();
  else column = 0;
  const users = snapshot?.users ?? [];
  const byId = new Set(users.map((u) => u.id));
  const byEmail = new Map();
  for (const u of users) {
    const email = u.fields?.email;
    if (typeof email === 'string') byEmail.set(email.toLowerCase(), u.id);
  }
  const targets = [];
  for (const [n, row] of rows.entries()) {
    const cell = row[column] ?? '';
    if (!cell) continue;
    const id = byId.has(cell) ? cell : byEmail.get(cell.toLowerCase());
    if (id === undefined) {
      throw new InputError(`${file}: row ${n + 1}: "${cell}" is neither a user id nor a user's email in the workspace`);
    }
    if (!targets.includes(id)) targets.push(id);
  }
  return targets;
}

function splitCsv(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === ';') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

/** The highest-ranked active user who is not a target (lowest id on ties). */
function defaultActor(snapshot, policyDoc, targets) {
  const ranks = policyDoc?.roles ?? {};
  let best;
  for (const u of snapshot?.users ?? []) {
    if ((u.status ?? 'active') !== 'active' || u.placeholder || targets.includes(u.id)) continue;
    const rank = ranks[u.role]?.rank ?? Number.NEGATIVE_INFINITY;
    if (best === undefined || rank > best.rank || (rank === best.rank && u.id < best.id)) best = { id: u.id, rank };
  }
  return best?.id;
}

function nameOf(snapshot, id) {
  const user = (snapshot?.users ?? []).find((u) => u.id === id);
  const name = user?.fields?.name;
  return typeof name === 'string' ? `${id} (${name})` : id;
}

function printReport(p, snapshot, request, perTarget, actorChosen) {
  const out = [];
  const who = request.targets.map((t) => nameOf(snapshot, t)).join(', ');
  const succ = request.successor !== undefined ? ` → successor ${nameOf(snapshot, request.successor)}` : '';
  out.push(`${bold(`${request.action} ${who}`)}${succ}`);
  out.push(dim(`policy ${p.policy} · actor ${nameOf(snapshot, request.actor)}${actorChosen ? ' (chosen: highest-ranked active user; --actor to change)' : ''} · now ${request.now}`));
  out.push('');
  out.push(`Verdict: ${p.verdict === 'allowed' ? green(bold('ALLOWED')) : red(bold('BLOCKED'))}`);
  if (p.summary?.headline) out.push(p.summary.headline);

  if (p.blockers.length > 0) {
    out.push('', bold('Blockers'));
    for (const f of p.blockers) out.push(`  ${red('✗')} ${f.message} ${dim(`[${f.code}; ${f.rule}]`)}`);
  }
  if (p.warnings.length > 0) {
    out.push('', bold('Warnings'));
    for (const f of p.warnings) out.push(`  ${yellow('!')} ${f.message} ${dim(`[${f.code}; ${f.rule}]`)}`);
  }
  if (p.seats.length > 0) {
    out.push('', bold('Seats'));
    for (const s of p.seats) {
      const change = s.change < 0 ? `${-s.change} freed` : s.change > 0 ? `${s.change} consumed` : 'no change';
      const limit = s.limit !== undefined ? ` of ${s.limit}` : '';
      out.push(`  ${s.licence}: ${s.before} → ${s.after}${limit} used (${change})${s.overLimit ? red(' over the limit') : ''}`);
    }
  }
  if (p.users.length > 0) {
    out.push('', bold('Users'));
    for (const u of p.users) {
      // A transition that cannot occur (the target's status does not allow it).
      const unchanged = u.statusBefore === u.statusAfter && u.seat === 'none' && u.sessions.login === 'none'
        && u.fields.length === 0 && u.roleAfter === undefined && u.licenceAfter === undefined;
      if (unchanged && p.verdict === 'blocked') {
        out.push(`  ${nameOf(snapshot, u.user)}: ${u.statusBefore}, unchanged`);
        continue;
      }
      const parts = [`${u.statusBefore} → ${u.statusAfter}`, `seat ${u.seat}`, u.sessions.login === 'none' ? 'no login left to end' : `login ${u.sessions.login}${u.sessions.delay ? ` after ${u.sessions.delay}` : ''}`];
      if (u.tokensRevoked) parts.push('tokens revoked');
      if (u.accessRevoked > 0) parts.push(`${u.accessRevoked} access ${u.accessRevoked === 1 ? 'grant' : 'grants'} revoked`);
      for (const f of u.fields) parts.push(`${f.field} ${f.kind === 'erase' ? 'erased' : `→ ${JSON.stringify(f.to)}`}`);
      parts.push(u.reversible ? `reversible${u.restoreWindowDays !== undefined ? ` within ${u.restoreWindowDays} days` : ''}` : 'irreversible');
      out.push(`  ${nameOf(snapshot, u.user)}: ${parts.join('; ')}`);
      for (const note of u.notes ?? []) out.push(`    ${dim(note)}`);
    }
  }
  if (p.effects.length > 0 || p.summary?.lines?.length > 0) {
    const n = p.effects.length;
    out.push('', bold(`What happens${n > 0 ? ` (${n} item ${n === 1 ? 'reference' : 'references'})` : ''}`));
    if (p.summary?.lines?.length > 0) {
      for (const line of p.summary.lines) out.push(`  ${line.text}`);
    } else {
      const groups = new Map();
      for (const e of p.effects) {
        const key = `${e.kind} ${e.type}.${e.relation}${e.to ? ` → ${e.to}` : ''}`;
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
      for (const [key, n] of groups) out.push(`  ${key} ×${n}`);
    }
  }
  if (perTarget !== undefined) {
    out.push('', bold('Each target alone'));
    for (const { target, answer } of perTarget) {
      if (!answer.ok) out.push(`  ${nameOf(snapshot, target)}: ${red('error')} ${answer.errors[0].message}`);
      else {
        const v = answer.value;
        const verdict = v.verdict === 'allowed' ? green('allowed') : red('blocked');
        const why = v.blockers.map((b) => b.code).join(', ');
        const n = v.effects.length;
        out.push(`  ${nameOf(snapshot, target)}: ${verdict}${why ? ` (${why})` : ''}, ${n} ${n === 1 ? 'reference' : 'references'}`);
      }
    }
  }
  out.push('', dim(`fingerprint ${p.fingerprint.value}`));
  process.stdout.write(`${out.join('\n')}\n`);
}

function printComparison(c, snapshot, request) {
  const out = [bold(`deactivate or delete ${request.targets.map((t) => nameOf(snapshot, t)).join(', ')}?`), ''];
  const width = Math.max(6, ...c.rows.map((r) => r.aspect.length));
  const col = Math.max(10, ...c.rows.map((r) => r.deactivate.length));
  out.push(dim(`${''.padEnd(width)}  ${'deactivate'.padEnd(col)}  delete`));
  for (const r of c.rows) out.push(`${r.aspect.padEnd(width)}  ${r.deactivate.padEnd(col)}  ${r.delete}`);
  if (c.deleteAfterDeactivate) out.push(dim('(the policy deletes only deactivated users: "delete" is deleting after deactivating)'));
  out.push('');
  for (const action of ['deactivate', 'delete']) {
    const p = c[action];
    const verdict = p.verdict === 'allowed' ? green('allowed') : red('blocked');
    out.push(`${bold(action)}: ${verdict} — ${p.summary.headline}`);
    for (const b of p.blockers) out.push(`  ${red('✗')} ${b.message}`);
    for (const line of p.summary.lines) out.push(`  ${line.text}`);
    out.push('');
  }
  process.stdout.write(`${out.join('\n')}`);
}

function validateCommand(args) {
  const { values, positionals } = parse(args, { json: { type: 'boolean', default: false } }, true);
  if (positionals.length !== 1) throw new UsageError('give one policy file (or preset name) to validate');
  const policy = policyOf(positionals[0]);
  const answer = validatePolicy({ policy: policy.value });
  if (!answer.ok) {
    if (!values.json) process.stderr.write(`${red('invalid')} ${positionals[0]}\n`);
    return failed(answer, values.json);
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(answer.value, null, 2)}\n`);
  } else {
    const v = answer.value;
    process.stdout.write(`${green('valid')} ${positionals[0]}: policy ${v.id}${v.name ? ` (${v.name})` : ''}\n`);
    process.stdout.write(`  actions ${v.actions.join(', ')}; ${v.rules} rules, ${v.constraints} constraints; ${v.fingerprint}\n`);
  }
  return EXIT_OK;
}

// Runs scenario files: a policy author's tests. A scenario's `policy` may be
// a preset name or a path to a policy file next to the scenario.
function testCommand(args) {
  const { values, positionals } = parse(args, { json: { type: 'boolean', default: false } }, true);
  if (positionals.length === 0) throw new UsageError('give one or more scenario files');
  const results = [];
  let failedCount = 0;
  for (const file of positionals) {
    const sc = readJson(file, 'scenario').value;
    if (sc === null || typeof sc !== 'object' || Array.isArray(sc)) {
      throw new EngineError([{ code: 'invalidValue', message: 'a scenario is a JSON object', path: '', file }], `${file} is not a scenario`);
    }
    if (!Object.hasOwn(sc, 'policy')) {
      throw new EngineError(
        [{ code: 'missingField', message: 'missing field `policy`', path: '', help: 'a preset name, a policy object, or the path of a policy .json file next to the scenario', file }],
        `${file} is not a scenario`,
      );
    }
    if (typeof sc.policy === 'string' && sc.policy.endsWith('.json')) {
      sc.policy = readJson(resolve(dirname(file), sc.policy), 'policy').value;
    }
    const answer = runScenario(sc);
    if (!answer.ok) return failed(answer, values.json);
    results.push({ file, ...answer.value });
    if (!answer.value.passed) failedCount += 1;
    if (!values.json) {
      const mark = answer.value.passed ? green('pass') : red('FAIL');
      process.stdout.write(`${mark} ${file}${answer.value.name ? ` — ${answer.value.name}` : ''}\n`);
      for (const f of answer.value.failures) process.stdout.write(`    ${f}\n`);
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else process.stdout.write(`${results.length - failedCount} passed, ${failedCount} failed\n`);
  return failedCount === 0 ? EXIT_OK : EXIT_BLOCKED;
}

function presetsCommand(args) {
  const { values } = parse(args, { json: { type: 'boolean', default: false } });
  const answer = listPresets();
  if (!answer.ok) return failed(answer, values.json);
  if (values.json) process.stdout.write(`${JSON.stringify(answer.value, null, 2)}\n`);
  else for (const p of answer.value) process.stdout.write(`${bold(p.id.padEnd(14))} ${p.name} — ${p.description}\n`);
  return EXIT_OK;
}

// A reader that closes the pipe early (`offboard validate … | head -1`) ends
// the output quietly; any other write error is reported.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    throw e;
  });
}

const args = process.argv.slice(2);
// With --json, stdout carries every answer as JSON, errors included.
const json = args.includes('--json');
let code;
try {
  code = main(args);
} catch (e) {
  let errors;
  if (e instanceof UsageError) {
    errors = [{ code: 'usage', message: e.message, path: '', help: 'run "offboard --help" for usage' }];
    if (!json) process.stderr.write(`${red('usage error')}: ${e.message}\nRun "offboard --help" for usage.\n`);
  } else if (e instanceof InputError) {
    errors = [{ code: 'invalidInput', message: e.message, path: '' }];
    if (!json) process.stderr.write(`${red('error')}: ${e.message}\n`);
  } else if (e instanceof EngineError) {
    errors = e.errors;
    if (!json) {
      process.stderr.write(`${red('error')}: ${e.message}\n`);
      failed({ ok: false, errors }, false);
    }
  } else {
    throw e;
  }
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, errors }, null, 2)}\n`);
  code = EXIT_INVALID;
}
process.exitCode = code;
