// `offboard sweep`: previews one action for every user matching a condition
// and reports who can be offboarded now and what it frees — a table by
// default, `--json` (the engine's answer) or `--csv` (one row per user) —
// with a progress bar on stderr. The helpers come from cli.mjs.
import { Workspace } from './node.mjs';

const EXIT_OK = 0;

/** Runs `offboard sweep …`; `h` holds cli.mjs's helpers. */
export function sweepCommand(args, h) {
  const { values } = h.parse(args, {
    ...h.WORKSPACE_OPTIONS,
    action: { type: 'string' },
    where: { type: 'string' },
    successor: { type: 'string' },
    actor: { type: 'string' },
    now: { type: 'string' },
    option: { type: 'string', multiple: true },
    chunk: { type: 'string' },
    progress: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    csv: { type: 'boolean', default: false },
  });
  if (values.json && values.csv) throw new h.UsageError('give at most one of --json and --csv');
  const action = values.action;
  // Any action the policy declares; the engine refuses one it does not (unknownVariant).
  if (action === undefined || action === '') {
    throw new h.UsageError('--action must name an action: delete, deactivate, reactivate, or one the policy declares');
  }
  const chunk = values.chunk === undefined ? 100 : Number(values.chunk);
  if (!Number.isInteger(chunk) || chunk < 1) throw new h.UsageError(`--chunk wants a positive integer, got "${values.chunk}"`);
  const { loadInput, policy, files } = h.workspaceOf(values);

  const input = { policy: policy.value, action, now: values.now ?? new Date().toISOString() };
  if (values.where !== undefined) input.where = values.where;
  if (values.successor !== undefined) input.successor = values.successor;
  if (values.actor !== undefined) input.actor = values.actor;
  const options = h.optionsOf(values);
  if (Object.keys(options).length > 0) input.options = options;

  const loaded = Workspace.load(loadInput);
  if (!loaded.ok) return h.failed(loaded, values.json, files);
  const ws = loaded.value;
  try {
    const draw = values.progress || process.stderr.isTTY;
    let bar;
    const onProgress = ({ done, total }) => {
      if (!draw || total === 0) return;
      bar ??= h.progressBar(total, 'sweeping');
      bar(done);
    };
    const answer = ws.sweep(input, { onProgress, chunk });
    if (!answer.ok) return h.failed(answer, values.json, files);
    const out = values.json
      ? `${JSON.stringify(answer.value, null, 2)}\n`
      : values.csv
        ? csv(answer.value)
        : table(answer.value, input, h.paint);
    process.stdout.write(out);
    return EXIT_OK;
  } finally {
    ws.free();
  }
}

const seatsText = (seats) => seats.map((s) => `${s.change < 0 ? 'frees' : 'uses'} ${Math.abs(s.change)} ${s.label}`).join(', ');
const BILLED = { periodEnd: 'still billed until the billing period ends', removed: 'still billed until an admin removes the licence from the account' };
const effectsText = (effects) => Object.entries(effects).map(([k, n]) => `${k} ${n}`).join(', ');

function cell(v) {
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV line per user; blocker codes and messages, seats and effects `;`-separated. */
function csv(a) {
  const lines = [['user', 'name', 'verdict', 'actor', 'seats', 'blockers', 'messages', 'effects'].join(',')];
  for (const r of a.rows) {
    lines.push([
      r.user,
      r.name ?? '',
      r.verdict,
      r.actor,
      r.seats.map((s) => `${s.licence}:${s.change}`).join(';'),
      r.blockers.map((b) => b.code).join(';'),
      r.blockers.map((b) => b.message).join('; '),
      Object.entries(r.effects).map(([k, n]) => `${k}:${n}`).join(';'),
    ].map(cell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function pad(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}

function table(a, input, { bold, red, green, dim }) {
  const out = [bold(`${a.action} where ${input.where ?? 'every user'}`)];
  out.push(dim(`policy ${a.policy} · now ${input.now} · ${a.matched} ${a.matched === 1 ? 'user matches' : 'users match'}`), '');
  if (a.rows.length === 0) {
    out.push('No user matches.');
    return `${out.join('\n')}\n`;
  }
  const rows = [['user', 'name', 'verdict', 'seats', 'effects', 'blocked by']];
  for (const r of a.rows) {
    rows.push([r.user, r.name ?? '', r.verdict, seatsText(r.seats) || '-', effectsText(r.effects) || '-', r.blockers.map((b) => b.code).join(', ')]);
  }
  const [head, ...body] = pad(rows);
  out.push(dim(head));
  for (const [i, line] of body.entries()) out.push(a.rows[i].verdict === 'allowed' ? line : line.replace(/ blocked /, ` ${red('blocked')} `));
  const t = a.totals;
  out.push('', `${green(`${t.allowed} allowed`)}, ${t.blocked > 0 ? red(`${t.blocked} blocked`) : '0 blocked'} of ${t.users}`);
  for (const s of t.seats) {
    const more = s.blocked > 0 ? ` (${s.blocked} more once the blocked users are resolved)` : '';
    const billed = s.billedUntil !== undefined && s.reclaimable + s.blocked > 0 ? `; ${BILLED[s.billedUntil] ?? 'still billed'}` : '';
    out.push(`Reclaimable ${s.label}: ${bold(String(s.reclaimable))}${more}${billed}`);
  }
  if (t.blockers.length > 0) {
    out.push('', bold('Blocked by'));
    for (const b of t.blockers) out.push(`  ${b.code} (${b.users.length} user${b.users.length === 1 ? '' : 's'}: ${b.users.join(', ')}): ${b.message}`);
  }
  return `${out.join('\n')}\n`;
}
