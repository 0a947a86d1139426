// Renders the engine's answers — a preview, a comparison, errors — as DOM.
// Pure functions of their inputs: the page state lives in app.js.
import { h, plural } from './dom.js';

const ACTION_VERB = { deactivate: 'Deactivate', delete: 'Delete', reactivate: 'Reactivate' };

/** Resolves user and placeholder ids to display names. */
export function namer(snapshot, policy) {
  const names = new Map();
  for (const u of snapshot?.users ?? []) names.set(u.id, u.fields?.name ?? u.id);
  for (const [id, p] of Object.entries(policy?.placeholders ?? {})) {
    if (!names.has(id)) names.set(id, p?.name ?? id);
  }
  return (id) => (id === undefined || id === null ? '' : names.get(id) ?? id);
}

export function verdictPill(verdict) {
  const blocked = verdict === 'blocked';
  return h('span', { class: `pill ${blocked ? 'pill-blocked' : 'pill-allowed'}` }, blocked ? '✕ Blocked' : '✓ Allowed');
}

/**
 * A list of { code, message, path, help? } errors. With `onLocate`, the path
 * (or, for a syntax error, the document) is a button that shows the place.
 */
export function errorList(errors, { onLocate } = {}) {
  const where = (e) => {
    const label = e.path ? e.path : '(document)';
    const locatable = onLocate && (e.path || /line \d+/.test(e.message));
    return locatable
      ? h('button', { type: 'button', class: 'path link', title: 'Show in the editor', onclick: () => onLocate(e) }, label)
      : h('code', { class: 'path' }, label);
  };
  return h(
    'ul',
    { class: 'errors' },
    errors.map((e) =>
      h(
        'li',
        { class: 'error' },
        h('div', { class: 'finding-head' }, h('code', { class: 'code' }, e.code), where(e)),
        h('p', { class: 'message' }, e.message),
        e.help ? h('p', { class: 'help' }, h('span', { class: 'help-label' }, 'Help: '), e.help) : null,
      ),
    ),
  );
}

function findings(title, list, kind, name) {
  if (list.length === 0) return null;
  return h(
    'section',
    { class: `findings findings-${kind}`, 'aria-label': title },
    h('h3', null, `${title} (${list.length})`),
    h(
      'ul',
      null,
      list.map((f) =>
        h(
          'li',
          { class: `finding finding-${kind}` },
          h(
            'div',
            { class: 'finding-head' },
            h('code', { class: 'code' }, f.code),
            h('span', { class: 'rule', title: 'The rule that produced it' }, 'rule ', h('code', null, f.rule)),
            f.user ? h('span', { class: 'about-user' }, name(f.user)) : null,
            f.item ? h('span', { class: 'about-item' }, 'item ', h('code', null, f.item)) : null,
          ),
          h('p', { class: 'message' }, f.message),
        ),
      ),
    ),
  );
}

function seatsTable(seats) {
  if (seats.length === 0) return null;
  return h(
    'section',
    { 'aria-labelledby': 'seats-h' },
    h('h3', { id: 'seats-h' }, 'Seats'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'seats' },
        h('thead', null, h('tr', null, ['Licence', 'Used before', 'Used after', 'Change', 'Still paid for', 'Limit'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          null,
          seats.map((s) =>
            h(
              'tr',
              { class: s.overLimit ? 'over' : null },
              h('th', { scope: 'row' }, s.licence),
              h('td', { class: 'num' }, s.before),
              h('td', { class: 'num' }, s.after),
              h(
                'td',
                { class: `num change ${s.change < 0 ? 'freed' : s.change > 0 ? 'consumed' : ''}` },
                s.change === 0 ? '—' : s.change < 0 ? `${s.change} (frees ${-s.change})` : `+${s.change}`,
              ),
              h(
                'td',
                { class: 'num billed' },
                s.billed == null
                  ? '—'
                  : `${s.billed} (until ${s.billedUntil === 'periodEnd' ? 'the billing period ends' : 'an admin removes the licence'})`,
              ),
              h('td', { class: 'num' }, s.limit ?? '—', s.overLimit ? h('span', { class: 'badge badge-bad' }, 'over limit') : null),
            ),
          ),
        ),
      ),
    ),
  );
}

function display(value) {
  if (value === null || value === undefined) return h('span', { class: 'muted' }, '(erased)');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function sessionsText(s) {
  if (s.login === 'revoked') return s.delay ? `revoked ${s.delay}` : 'revoked immediately';
  if (s.login === 'restored') return 'restored';
  return 'kept';
}

function userCard(u, name) {
  const status = (st) => h('span', { class: `status status-${st}` }, st);
  const facts = [
    ['Status', [status(u.statusBefore), ' → ', status(u.statusAfter)]],
    ['Licence', `${u.licence ?? 'none'} · seat ${u.seat}`],
    ['Sign-in', [sessionsText(u.sessions), ' ', h('code', { class: 'rule-inline' }, u.sessions.rule)]],
    ['API tokens', u.tokensRevoked ? 'revoked' : 'kept'],
    ['New assignments', u.newAssignmentsBlocked ? 'blocked' : 'allowed'],
    ['Reversible', u.restoreWindowDays !== undefined
      ? `yes, restorable for ${plural(u.restoreWindowDays, 'day')}`
      : u.reversible ? 'yes' : h('strong', null, 'no — cannot be undone')],
    ['Access grants ended', String(u.accessRevoked)],
    ['Successor', u.successor ? name(u.successor) : 'none named'],
  ];
  return h(
    'article',
    { class: 'user-card' },
    h('h4', null, u.name ?? u.user, ' ', h('code', { class: 'id' }, u.user)),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v)))),
    u.fields.length > 0
      ? h(
          'table',
          { class: 'fields' },
          h('caption', null, 'Personal fields'),
          h('thead', null, h('tr', null, ['Field', 'Change', 'Before', 'After', 'Rule'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            null,
            u.fields.map((f) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, f.field),
                h('td', null, h('span', { class: `badge badge-${f.kind}` }, f.kind === 'erase' ? 'erased' : 'replaced')),
                h('td', { class: 'old' }, display(f.from)),
                h('td', null, display(f.to)),
                h('td', null, h('code', null, f.rule)),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted small' }, 'Personal fields are kept.'),
    u.notes?.length ? h('ul', { class: 'notes' }, u.notes.map((n) => h('li', null, n))) : null,
    h('p', { class: 'small muted' }, 'rule ', h('code', null, u.rule)),
  );
}

const SUMMARY_GROUPS = [
  ['Seats', ['seatFreed', 'seatConsumed']],
  ['Accounts', ['anonymise', 'sessionsRevoked', 'irreversible', 'restoreWindow']],
  ['Transferred', ['transfer']],
  ['Reassigned', ['reassign']],
  ['Shared', ['share']],
  ['Re-attributed', ['reattribute']],
  ['Removed', ['remove']],
  ['Restored', ['restore']],
  ['Deleted', ['delete']],
  ['Kept as they are', ['keep']],
];

/**
 * The summary lines, grouped. A blocked preview's lines are conditional
 * (`summary.conditional`): they say what would happen once its blockers are
 * resolved, and the section says so in its heading and its class, not only
 * in the lines' wording.
 */
function summary({ lines: all, conditional }) {
  // What happens later (lines with `at`) is a timeline after the groups.
  const lines = all.filter((l) => !l.at);
  const later = all.filter((l) => l.at).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const known = new Set(SUMMARY_GROUPS.flatMap(([, kinds]) => kinds));
  const groups = SUMMARY_GROUPS.map(([title, kinds]) => [title, lines.filter((l) => kinds.includes(l.kind))]);
  groups.push(['Other', lines.filter((l) => !known.has(l.kind))]);
  const dates = [...new Set(later.map((l) => l.at))];
  return h(
    'section',
    { class: conditional ? 'summary conditional' : 'summary', 'aria-labelledby': 'summary-h' },
    h('h3', { id: 'summary-h' }, conditional ? 'Once the blockers are resolved, this would' : 'What will happen'),
    all.length === 0 ? h('p', { class: 'muted' }, 'Nothing changes.') : null,
    groups
      .filter(([, ls]) => ls.length > 0)
      .map(([title, ls]) =>
        h('div', { class: 'summary-group' }, h('h4', null, title), h('ul', null, ls.map((l) => h('li', { dataset: { kind: l.kind } }, l.text)))),
      ),
    dates.length
      ? h(
          'div',
          { class: 'summary-group timeline', 'aria-label': 'Later' },
          h('h4', null, 'Later'),
          h(
            'ol',
            null,
            dates.map((at) =>
              h(
                'li',
                { dataset: { at } },
                h('time', { datetime: at }, at.slice(0, 10)),
                h('ul', null, later.filter((l) => l.at === at).map((l) => h('li', { dataset: { kind: l.kind } }, l.text))),
              ),
            ),
          ),
        )
      : null,
  );
}

function effectDetails(e) {
  const parts = [];
  if (e.roleBefore || e.roleAfter) parts.push(`role ${e.roleBefore ?? '—'} → ${e.roleAfter ?? '—'}`);
  if (e.container) parts.push(`moves into ${e.container}`);
  if (e.indexedIn) parts.push(`listed in ${e.indexedIn}`);
  if (e.set) for (const [k, v] of Object.entries(e.set)) parts.push(`${k} = ${JSON.stringify(v)}`);
  return parts.join('; ');
}

function effectsTable(effects, name) {
  const counts = {};
  for (const e of effects) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  const tally = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ');
  const details = h('details', { class: 'collapsible' }, h('summary', null, `Item effects (${effects.length})`, tally ? h('span', { class: 'muted' }, ` — ${tally}`) : null));
  // Rendered on first opening: a big workspace has thousands of effects.
  details.addEventListener('toggle', () => {
    if (!details.open || details.dataset.rendered) return;
    details.dataset.rendered = '1';
    details.append(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'effects' },
          h('thead', null, h('tr', null, ['Item', 'Type', 'Status', 'Relation', 'Effect', 'From', 'To', 'Chosen by', 'Details', 'Rule'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            null,
            effects.map((e) =>
              h(
                'tr',
                null,
                h('td', null, h('code', null, e.item)),
                h('td', null, e.type),
                h('td', null, e.status ?? ''),
                h('td', null, e.relation),
                h('td', null, h('span', { class: `badge badge-${e.kind}` }, e.kind)),
                h('td', { title: e.from }, name(e.from)),
                h('td', { title: e.to ?? '' }, e.to ? name(e.to) : '—'),
                h('td', null, e.chosenBy ?? ''),
                h('td', null, effectDetails(e)),
                h('td', null, h('code', null, e.rule)),
              ),
            ),
          ),
        ),
      ),
    );
  });
  return details;
}

function opText(op) {
  return Object.entries(op)
    .filter(([k]) => k !== 'op')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('  ');
}

function planList(plan) {
  const details = h('details', { class: 'collapsible' }, h('summary', null, `Machine plan (${plural(plan.length, 'operation')})`));
  details.addEventListener('toggle', () => {
    if (!details.open || details.dataset.rendered) return;
    details.dataset.rendered = '1';
    details.append(
      h('ol', { class: 'plan' }, plan.map((op) => h('li', null, h('code', { class: 'op' }, op.op), ' ', h('code', { class: 'op-args' }, opText(op))))),
    );
  });
  return details;
}

function rawJson(p) {
  const details = h('details', { class: 'collapsible' }, h('summary', null, 'The preview as JSON'));
  details.addEventListener('toggle', () => {
    if (!details.open || details.dataset.rendered) return;
    details.dataset.rendered = '1';
    const text = JSON.stringify(p, null, 2);
    const copy = h('button', { type: 'button', class: 'ghost small copy' }, 'Copy');
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(text);
        copy.textContent = 'Copied';
      } catch {
        copy.textContent = 'Copy failed: select the text';
      }
    });
    details.append(h('div', { class: 'raw' }, copy, h('pre', { tabindex: '0', 'aria-label': 'The preview as JSON' }, text)));
  });
  return details;
}

function fingerprint(fp) {
  return h(
    'section',
    { class: 'fingerprint', 'aria-labelledby': 'fp-h' },
    h('h3', { id: 'fp-h' }, 'Fingerprint'),
    h('p', { class: 'small muted' }, 'A backend recomputing this preview from the same policy, data and request gets the same value.'),
    h(
      'dl',
      null,
      [['value', fp.value], ['policy', fp.policy], ['snapshot', fp.snapshot], ['request', fp.request]].map(([k, v]) => [
        h('dt', null, k),
        h('dd', null, h('code', { class: k === 'value' ? 'fp-value' : null }, v)),
      ]),
    ),
  );
}

/** The body of the confirmation dialog for one preview. */
export function previewBody(p, { name, timing }) {
  return [
    h(
      'div',
      { class: 'verdict-row' },
      verdictPill(p.verdict),
      h('span', { class: 'muted small' }, `${ACTION_VERB[p.action] ?? p.action} · policy `, h('code', null, p.policy), timing ? ` · ${timing}` : ''),
    ),
    findings('Blockers', p.blockers, 'blocker', name),
    findings('Warnings', p.warnings, 'warning', name),
    summary(p.summary),
    seatsTable(p.seats),
    p.users.length > 0
      ? h('section', { 'aria-labelledby': 'users-h' }, h('h3', { id: 'users-h' }, p.users.length === 1 ? 'The user' : `The users (${p.users.length})`), p.users.map((u) => userCard(u, name)))
      : null,
    p.effects.length > 0 ? effectsTable(p.effects, name) : null,
    p.plan.length > 0 ? planList(p.plan) : null,
    rawJson(p),
    fingerprint(p.fingerprint),
  ];
}

/** The deactivate-versus-delete table from a comparison. */
export function compareTable(c) {
  const head = (p) => h('div', { class: 'compare-head' }, verdictPill(p.verdict), h('span', { class: 'headline' }, p.summary.headline));
  return [
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'compare-table' },
        h('caption', { class: 'visually-hidden' }, 'Deactivating and deleting the selected users, side by side'),
        h(
          'thead',
          null,
          h('tr', null, h('th', { scope: 'col' }, 'Aspect'), h('th', { scope: 'col' }, 'Deactivate'), h('th', { scope: 'col' }, c.deleteAfterDeactivate ? 'Delete (after deactivating)' : 'Delete')),
        ),
        h(
          'tbody',
          null,
          h('tr', { class: 'compare-verdicts' }, h('th', { scope: 'row' }, 'outcome'), h('td', null, head(c.deactivate)), h('td', null, head(c.delete))),
          c.rows.map((r) =>
            h('tr', { class: r.deactivate !== r.delete ? 'differs' : null }, h('th', { scope: 'row' }, r.aspect), h('td', null, r.deactivate), h('td', null, r.delete)),
          ),
        ),
      ),
    ),
    c.deleteAfterDeactivate
      ? h('p', { class: 'small muted' }, 'This product deletes only deactivated users, so the Delete column shows deleting after the deactivation.')
      : null,
  ];
}
