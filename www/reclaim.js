// "Reclaim seats": sweeps the loaded workspace for dormant users — active,
// not seen for N days — previews the chosen action for each with
// workspace.sweep() in chunks (a progress bar between them, so the page stays
// responsive), and shows the seats that can be freed now, those that blockers
// hold back, and who blocks what.
import { fill, h } from './dom.js';

/** The sweep's condition: active users (other than the actor) not seen for `days`. */
export function dormantWhere(days) {
  return `target.status == 'active' && target.id != actor.id && (target.lastActiveAt == null || daysSince(target.lastActiveAt) >= ${days})`;
}

const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs the sweep and renders it into `body`. `ctx` is
 * `{ Workspace, workspace, policyText, actor, now, days, action, nameOf, lastActive }`.
 * Resolves with the merged answer (or the failure).
 */
export async function runReclaim(body, ctx, chunk = 2) {
  const where = dormantWhere(ctx.days);
  const progress = h('progress', { id: 'reclaim-progress', max: 1, value: 0 });
  const status = h('p', { class: 'small muted', id: 'reclaim-status' }, 'Sweeping…');
  fill(body, h('p', { class: 'small' }, 'Condition: ', h('code', { id: 'reclaim-where' }, where)), progress, status);
  const base = `{"policy":${ctx.policyText},"action":${JSON.stringify(ctx.action)},"actor":${JSON.stringify(ctx.actor)},"where":${JSON.stringify(where)},"now":${JSON.stringify(ctx.now)}`;
  const rows = [];
  const totalsSeen = [];
  let first = null;
  let offset = 0;
  for (;;) {
    const answer = ctx.workspace.sweep(`${base},"offset":${offset},"limit":${chunk}}`);
    if (!answer.ok) {
      fill(body, h('ul', { class: 'errors' }, answer.errors.map((e) => h('li', null, h('code', null, e.code), ` ${e.path}: ${e.message}`))));
      return answer;
    }
    first ??= answer.value;
    rows.push(...answer.value.rows);
    totalsSeen.push(answer.value.totals);
    progress.max = Math.max(answer.value.matched, 1);
    progress.value = rows.length;
    status.textContent = `Swept ${rows.length} of ${answer.value.matched} dormant users…`;
    if (answer.value.next === null) break;
    offset = answer.value.next;
    await yieldToPage();
  }
  const totals = ctx.Workspace.mergeSweepTotals(totalsSeen);
  render(body, where, rows, totals, ctx);
  return { ok: true, value: { ...first, rows, totals, next: null } };
}

function render(body, where, rows, totals, ctx) {
  const seats = totals.seats.length === 0
    ? [h('p', { class: 'muted' }, 'No seat would be freed.')]
    : totals.seats.map((s) => h('p', { class: 'reclaim-seats', dataset: { licence: s.licence } },
      h('strong', { class: 'reclaimable' }, String(s.reclaimable)), ` ${s.licence} seat${s.reclaimable === 1 ? '' : 's'} can be freed now`,
      s.blocked > 0 ? h('span', { class: 'muted' }, ` · ${s.blocked} more once blockers are resolved`) : null));
  const table = rows.length === 0
    ? h('p', { class: 'muted', id: 'reclaim-empty' }, `No active user has been away ${ctx.days} days or more.`)
    : h('table', { id: 'reclaim-table' },
      h('thead', null, h('tr', null, ['User', 'Last active', 'Verdict', 'Seats freed', 'Blocked by'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, rows.map((r) => h('tr', { dataset: { user: r.user, verdict: r.verdict } },
        h('td', null, ctx.nameOf(r.user)),
        h('td', null, ctx.lastActive(r.user)),
        h('td', null, h('span', { class: `pill pill-${r.verdict}` }, r.verdict)),
        h('td', { class: 'seats' }, r.seats.filter((s) => s.change < 0).map((s) => `${-s.change} ${s.licence}`).join(', ') || '—'),
        h('td', { class: 'blockers' }, r.blockers.map((b) => h('span', { class: 'code', title: b.message }, b.code)))))));
  const blockers = totals.blockers.length === 0
    ? null
    : h('div', { id: 'reclaim-blockers' }, h('h3', null, 'Who blocks what'),
      h('ul', null, totals.blockers.map((b) => h('li', { dataset: { code: b.code } },
        h('code', null, b.code), ` — ${b.users.length} user${b.users.length === 1 ? '' : 's'} (${b.users.map(ctx.nameOf).join(', ')}): ${b.message}`))));
  fill(body,
    h('p', { class: 'small' }, 'Condition: ', h('code', { id: 'reclaim-where' }, where)),
    h('div', { id: 'reclaim-totals' }, seats, h('p', { class: 'small muted' }, `${totals.allowed} of ${rows.length} dormant users can be ${ctx.action === 'delete' ? 'deleted' : 'deactivated'} now; ${totals.blocked} blocked.`)),
    table,
    blockers);
}
