// The offboard demo: an admin console's user list, previewing every action
// with the offboard package before anything is carried out.
//
// What the package is used for, as a real console would use it:
//   init()                  once, before the first call
//   preset(id)              a shipped policy and its sample workspace
//   Workspace.load()        the workspace, parsed and indexed ONCE per preset
//   workspace.preview()     each hover card and each confirmation dialog
//   workspace.compare()     the deactivate-versus-delete table
//   workspace.actions()     which actions the selection allows (the action chips)
//   validatePolicy()        the policy editor, on every edit
//   apply()                 "Confirm": the workspace after the action
//   workspace.sweep()       "Reclaim seats": dormant users, in chunks (reclaim.js)
import { init, listPresets, preset, validatePolicy, apply, Workspace } from 'offboard';
import 'offboard/presets';
import { h, fill, plural, ms } from './dom.js';
import { compareTable, errorList, namer, previewBody, verdictPill } from './render.js';
import { offsetOf, positionIn, spanOf } from './locate.js';
import { runReclaim } from './reclaim.js';

const $ = (id) => document.getElementById(id);

const state = {
  presets: [],
  presetId: null,
  examples: [],
  sample: null, // the preset's sample, as shipped
  snapshot: null, // the sample, after any confirmed actions
  applied: 0,
  workspace: null, // the loaded Workspace handle
  policyText: '', // the editor's text
  presetPolicyText: '', // the preset's policy, for "reset"
  policy: null, // the parsed policy when the text is valid, else null
  policyCheck: null, // validatePolicy's value when valid
  labels: null, // the last valid policy: role labels while the text is broken
  policyErrors: [],
  actor: '',
  nowDate: '2025-10-01',
  nowTime: '09:00:00Z',
  selected: new Set(),
  action: 'deactivate',
  successor: '',
  hoverCache: new Map(),
  dialogPreview: null,
};

// ------------------------------------------------------------- engine calls

function nowValue() {
  return `${state.nowDate}T${state.nowTime}`;
}

function request(action, targets) {
  const r = { action, actor: state.actor, targets, now: nowValue() };
  if (state.successor) r.successor = state.successor;
  return r;
}

// The policy crosses as the editor's text, untouched: the package reads JSON
// text as it is, and the loaded workspace keeps the last compiled policy.
function callInput(req) {
  return `{"policy":${state.policyText},"request":${JSON.stringify(req)}}`;
}

function timed(f) {
  const start = performance.now();
  const answer = f();
  return { answer, time: performance.now() - start };
}

function runPreview(req) {
  return timed(() => state.workspace.preview(callInput(req)));
}

function runActions(targets) {
  // Older builds of the package have no actions(): the chips are then left out.
  if (typeof state.workspace.actions !== 'function') return null;
  const req = request(undefined, targets);
  delete req.action;
  return state.workspace.actions(callInput(req));
}

function runCompare(targets) {
  const req = request(undefined, targets);
  delete req.action;
  return timed(() => state.workspace.compare(callInput(req)));
}

function loadWorkspace() {
  state.workspace?.free();
  const { answer, time } = timed(() => Workspace.load({ snapshot: state.snapshot }));
  if (!answer.ok) throw new Error(`the sample workspace did not load: ${answer.errors[0].message}`);
  state.workspace = answer.value;
  state.loadTime = time;
  state.stats = state.workspace.stats().value;
  state.hoverCache.clear();
}

// The wrapper keeps the editor's line numbers: it adds text to line 1 only.
const POLICY_PREFIX = '{"policy":';

function checkPolicy() {
  const answer = validatePolicy(`${POLICY_PREFIX}${state.policyText}}`);
  state.hoverCache.clear();
  if (answer.ok) {
    state.policy = JSON.parse(state.policyText);
    state.labels = state.policy;
    state.policyCheck = answer.value;
    state.policyErrors = [];
  } else {
    state.policy = null;
    state.policyCheck = null;
    state.policyErrors = answer.errors.map((e) => ({ ...e, message: fixColumn(e.message) }));
  }
}

function fixColumn(message) {
  return message.replace(/line 1 column (\d+)/, (_, c) => `line 1 column ${Math.max(1, Number(c) - POLICY_PREFIX.length)}`);
}

// ------------------------------------------------------------- presets

function userById(id) {
  return state.snapshot.users?.find((u) => u.id === id);
}

function roleRank(role) {
  return state.labels?.roles?.[role]?.rank ?? -Infinity;
}

function roleLabel(role) {
  return state.labels?.roles?.[role]?.label ?? role;
}

function defaultActor() {
  const fromExample = state.examples[0]?.request?.actor;
  if (fromExample && userById(fromExample)) return fromExample;
  const active = (state.snapshot.users ?? []).filter((u) => (u.status ?? 'active') === 'active');
  active.sort((a, b) => roleRank(b.role) - roleRank(a.role));
  return active[0]?.id ?? '';
}

function setNow(now) {
  const m = /^(\d{4}-\d{2}-\d{2})T(.+)$/.exec(now ?? '');
  if (m) {
    state.nowDate = m[1];
    state.nowTime = m[2];
  }
}

function loadPreset(id) {
  const answer = preset(id);
  if (!answer.ok) throw new Error(answer.errors[0].message);
  const { policy, sample, examples } = answer.value;
  state.presetId = id;
  state.examples = examples;
  state.sample = sample ?? { users: [], items: [] };
  state.snapshot = structuredClone(state.sample);
  state.applied = 0;
  state.presetPolicyText = JSON.stringify(policy, null, 2);
  state.policyText = state.presetPolicyText;
  $('policy-text').value = state.policyText;
  state.labels = policy;
  checkPolicy();
  loadWorkspace();
  state.selected.clear();
  state.successor = '';
  state.action = 'deactivate';
  state.actor = defaultActor();
  setNow(examples[0]?.request?.now);
  renderAll();
}

// ------------------------------------------------------------- rendering

// ------------------------------------------------------------- reclaim seats

function resetReclaim() {
  fill($('reclaim-body'), h('p', { class: 'muted' }, 'Find the users who have been away, what deactivating them frees, and what holds it back.'));
}

async function reclaim() {
  const button = $('reclaim-button');
  if (state.policy === null) {
    fill($('reclaim-body'), h('p', { class: 'muted' }, 'The policy has errors: fix it to sweep.'));
    return;
  }
  button.disabled = true;
  try {
    const days = Math.max(0, Math.floor(Number($('reclaim-days').value) || 0));
    const now = nowValue();
    const nowMs = Date.parse(now);
    await runReclaim($('reclaim-body'), {
      Workspace,
      workspace: state.workspace,
      policyText: state.policyText,
      actor: state.actor,
      now,
      days,
      action: $('reclaim-action').value,
      nameOf: (id) => userById(id)?.fields?.name ?? id,
      lastActive: (id) => {
        const t = Date.parse(userById(id)?.lastActiveAt ?? '');
        return Number.isNaN(t) ? 'never' : plural(Math.floor((nowMs - t) / 86400000), 'day') + ' ago';
      },
    });
  } finally {
    button.disabled = false;
  }
}

function renderAll() {
  resetReclaim();
  renderAbout();
  renderControls();
  renderUsers();
  renderActionbar();
  renderPolicyStatus();
  renderCompare();
}

function renderAbout() {
  const info = state.presets.find((p) => p.id === state.presetId);
  $('preset-name').textContent = info?.name ?? state.presetId;
  $('preset-description').textContent = info?.description ?? '';
  const source = $('preset-source');
  if (info?.source && /^https:\/\//.test(info.source)) {
    fill(source, h('a', { href: info.source, rel: 'noopener noreferrer', target: '_blank' }, info.source));
  } else {
    fill(source, info?.source ?? '—');
  }
  const s = state.stats;
  fill(
    $('stats'),
    [
      ['users', s.users],
      ['items', s.items],
      ['references', s.references],
      ['loaded once in', ms(state.loadTime)],
    ].map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v))),
    state.applied > 0
      ? h(
          'div',
          { class: 'applied' },
          h('dt', null, 'changed'),
          h('dd', null, plural(state.applied, 'action'), ' applied ', h('button', { type: 'button', class: 'ghost small', onclick: resetSample }, 'Reset sample')),
        )
      : null,
  );
}

function userLabel(u) {
  return `${u.fields?.name ?? u.id} — ${roleLabel(u.role)}${(u.status ?? 'active') !== 'active' ? ` (${u.status})` : ''}`;
}

function renderControls() {
  fill($('preset'), state.presets.map((p) => h('option', { value: p.id, selected: p.id === state.presetId }, p.name ?? p.id)));
  const users = state.snapshot.users ?? [];
  // Every user, inactive ones too: who may act is the policy's call, not the page's.
  fill($('actor'), users.map((u) => h('option', { value: u.id, selected: u.id === state.actor }, userLabel(u))));
  $('now').value = state.nowDate;
  fill(
    $('examples'),
    h('option', { value: '' }, state.examples.length ? 'Choose a shipped example…' : 'No examples for this preset'),
    state.examples.map((e, i) => h('option', { value: String(i), title: e.description ?? '' }, e.name)),
  );
}

function statusBadge(status) {
  return h('span', { class: `status status-${status}` }, status);
}

let renderedUsers = null;

// Rows are built again only when what they show changes; ticking a box only
// updates the boxes, so focus and element identity survive.
function renderUsers() {
  const users = state.snapshot.users ?? [];
  const key = JSON.stringify([users.map((u) => [u.id, u.fields?.name, u.fields?.email, u.role, u.status, u.licence]), state.actor, state.labels?.roles]);
  if (key === renderedUsers) {
    for (const row of $('user-rows').rows) {
      const checked = state.selected.has(row.dataset.user);
      row.querySelector('input').checked = checked;
      row.classList.toggle('selected', checked);
    }
  } else {
    renderedUsers = key;
    buildUserRows(users);
  }
  const all = users.length > 0 && users.every((u) => state.selected.has(u.id));
  $('select-all').checked = all;
  $('select-all').indeterminate = !all && state.selected.size > 0;
}

function buildUserRows(users) {
  fill(
    $('user-rows'),
    users.map((u) => {
      const name = u.fields?.name ?? u.id;
      const status = u.status ?? 'active';
      const checked = state.selected.has(u.id);
      return h(
        'tr',
        { dataset: { user: u.id }, class: checked ? 'selected' : null },
        h('td', { class: 'check' }, h('input', { type: 'checkbox', value: u.id, checked, 'aria-label': `Select ${name}` })),
        h(
          'td',
          null,
          h(
            'div',
            { class: 'name' },
            h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(name)),
            h('span', null, h('span', { class: 'user-name' }, name), h('span', { class: 'user-sub' }, u.fields?.email ?? u.id)),
            u.id === state.actor ? h('span', { class: 'badge badge-you' }, 'acting') : null,
          ),
        ),
        h('td', null, roleLabel(u.role)),
        h('td', null, statusBadge(status)),
        h('td', null, u.licence ?? '—'),
      );
    }),
  );
}

function initials(name) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join('');
}

function renderActionbar() {
  const n = state.selected.size;
  const names = [...state.selected].map((id) => userById(id)?.fields?.name ?? id);
  $('selection').textContent = n === 0 ? 'No user selected' : n <= 3 ? `Selected: ${names.join(', ')}` : `${n} users selected`;
  const allowed = state.policyCheck?.actions ?? ['deactivate', 'delete', 'reactivate'];
  // A policy's own actions (suspend, freeze…) get options of their own.
  const shown = [...$('action').options].map((o) => o.value);
  for (const a of allowed.filter((x) => !shown.includes(x))) {
    $('action').append(h('option', { value: a, dataset: { own: '1' } }, a[0].toUpperCase() + a.slice(1)));
  }
  for (const option of [...$('action').options]) {
    if (option.dataset.own && !allowed.includes(option.value)) option.remove();
    else option.disabled = !allowed.includes(option.value);
  }
  $('action').value = state.action;
  const users = (state.snapshot.users ?? []).filter((u) => (u.status ?? 'active') !== 'deleted');
  fill(
    $('successor'),
    h('option', { value: '' }, 'No successor'),
    users.map((u) => h('option', { value: u.id, selected: u.id === state.successor }, userLabel(u))),
  );
  if (!users.some((u) => u.id === state.successor)) state.successor = '';
  $('successor').value = state.successor;
  renderChoices();
  const button = $('preview-button');
  button.disabled = n === 0 || state.policy === null;
  button.textContent = n === 0 ? 'Preview…' : `Preview ${state.action} of ${n === 1 ? names[0] : plural(n, 'user')}…`;
  button.title = state.policy === null ? 'Fix the policy to preview' : n === 0 ? 'Select users first' : '';
}

const VERB = { deactivate: 'Deactivate', delete: 'Delete', reactivate: 'Reactivate' };

// One chip per action the policy offers, saying whether this selection allows it.
function renderChoices() {
  const box = $('choices');
  const targets = [...state.selected];
  const answer = targets.length > 0 && state.policy !== null ? runActions(targets) : null;
  if (!answer || !answer.ok) {
    fill(box);
    box.hidden = true;
    return;
  }
  box.hidden = false;
  fill(
    box,
    h('span', { class: 'choices-label', id: 'choices-label' }, 'This selection allows:'),
    answer.value.map((c) => {
      const first = c.blockers[0];
      return h(
        'button',
        {
          type: 'button',
          class: `choice choice-${c.verdict}`,
          'aria-pressed': String(c.action === state.action),
          title: first ? `${first.code}: ${first.message}` : 'Allowed',
          dataset: { action: c.action, verdict: c.verdict },
          onclick: () => {
            state.action = c.action;
            renderActionbar();
          },
        },
        h('span', { 'aria-hidden': 'true' }, c.verdict === 'allowed' ? '✓ ' : '✕ '),
        VERB[c.action] ?? c.action,
        h('span', { class: 'visually-hidden' }, c.verdict === 'allowed' ? ' (allowed)' : ` (blocked: ${first?.message ?? ''})`),
      );
    }),
  );
}

function locate(error) {
  const area = $('policy-text');
  const text = area.value;
  let span = null;
  const pos = positionIn(error.message);
  if (pos) {
    const at = offsetOf(text, pos.line, pos.column);
    span = { start: Math.max(0, at - 1), end: Math.min(text.length, at) };
  } else if (error.path?.startsWith('/policy')) {
    span = spanOf(text, error.path.slice('/policy'.length));
  }
  area.focus();
  if (span) {
    area.setSelectionRange(span.start, span.end);
    area.scrollTop = Math.max(0, textHeight(area, text.slice(0, span.start)) - area.clientHeight / 3);
  }
}

// The height of `text` laid out as in `area`, wrapped lines included: a
// hidden copy of the textarea is measured, the editor itself is untouched.
function textHeight(area, text) {
  const copy = area.cloneNode(false);
  copy.removeAttribute('id');
  copy.setAttribute('aria-hidden', 'true');
  copy.tabIndex = -1;
  Object.assign(copy.style, { position: 'absolute', visibility: 'hidden', height: '0', minHeight: '0', width: `${area.offsetWidth}px`, left: '-9999px' });
  copy.value = text;
  area.after(copy);
  const height = copy.scrollHeight;
  copy.remove();
  return height;
}

function renderPolicyStatus() {
  const edited = state.policyText !== state.presetPolicyText;
  $('policy-reset').disabled = !edited;
  const area = $('policy-text');
  area.setAttribute('aria-invalid', state.policy === null ? 'true' : 'false');
  if (state.policyCheck) {
    const c = state.policyCheck;
    fill(
      $('policy-status'),
      h(
        'p',
        { class: 'valid' },
        h('span', { class: 'pill pill-allowed' }, '✓ Valid'),
        ' ',
        h('code', null, c.id),
        ` · ${c.actions.join(', ')} · ${plural(c.rules, 'rule')} · ${plural(c.constraints, 'constraint')}`,
        edited ? h('span', { class: 'badge badge-edited' }, 'edited — previews use it') : null,
      ),
      h('p', { class: 'small muted fp' }, 'fingerprint ', h('code', null, c.fingerprint)),
    );
  } else {
    fill(
      $('policy-status'),
      h('p', { class: 'invalid' }, h('span', { class: 'pill pill-blocked' }, `✕ ${plural(state.policyErrors.length, 'error')}`), ' Previews are paused until the policy is valid.'),
      errorList(state.policyErrors, { onLocate: locate }),
    );
  }
}

function renderCompare() {
  const body = $('compare-body');
  const targets = [...state.selected];
  if (targets.length === 0) {
    fill(body, h('p', { class: 'muted' }, 'Select users to compare deactivating and deleting them side by side.'));
    return;
  }
  if (state.policy === null) {
    fill(body, h('p', { class: 'muted' }, 'The policy has errors: fix it to compare.'));
    return;
  }
  const { answer, time } = runCompare(targets);
  if (!answer.ok) {
    fill(body, errorList(answer.errors));
    return;
  }
  fill(body, compareTable(answer.value), h('p', { class: 'small muted' }, `Both previews computed in ${ms(time)}.`));
}

// ------------------------------------------------------------- hover previews

let hoverRow = null;

function showHover(row) {
  const id = row.dataset.user;
  const card = $('hover-card');
  hoverRow?.querySelector('input')?.removeAttribute('aria-describedby');
  hoverRow = row;
  // Screen readers hear the preview as the focused checkbox's description.
  row.querySelector('input')?.setAttribute('aria-describedby', 'hover-card');
  let content;
  if (state.policy === null) {
    content = [h('p', { class: 'muted' }, 'The policy has errors: previews are paused.')];
  } else {
    const key = `${id}|${state.actor}|${nowValue()}`;
    let entry = state.hoverCache.get(key);
    if (!entry) {
      entry = runPreview({ action: 'deactivate', actor: state.actor, targets: [id], now: nowValue() });
      state.hoverCache.set(key, entry);
    }
    const { answer, time } = entry;
    content = answer.ok
      ? [
          h('p', { class: 'hover-title' }, h('span', { class: 'muted small' }, 'If deactivated '), verdictPill(answer.value.verdict)),
          h('p', { class: 'hover-headline' }, answer.value.summary.headline),
          answer.value.summary.lines.length && answer.value.verdict === 'allowed'
            ? h('p', { class: 'small' }, answer.value.summary.lines[0].text)
            : null,
          h('p', { class: 'small muted' }, `computed in ${ms(time)}`),
        ]
      : [errorList(answer.errors)];
  }
  fill(card, content);
  card.hidden = false;
  const panel = card.offsetParent ?? document.body;
  const rowBox = row.getBoundingClientRect();
  const panelBox = panel.getBoundingClientRect();
  card.style.top = `${rowBox.bottom - panelBox.top + 4}px`;
  card.style.left = `${Math.max(8, Math.min(rowBox.left - panelBox.left + 40, panelBox.width - card.offsetWidth - 8))}px`;
}

function hideHover(row) {
  if (row && row !== hoverRow) return;
  hoverRow?.querySelector('input')?.removeAttribute('aria-describedby');
  hoverRow = null;
  $('hover-card').hidden = true;
}

// ------------------------------------------------------------- the dialog

function openPreview() {
  const targets = [...state.selected];
  if (targets.length === 0 || state.policy === null) return;
  const req = request(state.action, targets);
  const { answer, time } = runPreview(req);
  const dialog = $('preview-dialog');
  const name = namer(state.snapshot, state.policy);
  const confirm = $('confirm-button');
  $('dialog-eyebrow').textContent = `${state.policyCheck?.name ?? state.policy.id} · acting as ${name(state.actor)} · now ${req.now}`;
  if (answer.ok) {
    const p = answer.value;
    state.dialogPreview = p;
    $('dialog-title').textContent = p.summary.headline;
    fill($('dialog-body'), previewBody(p, { name, timing: `computed in ${ms(time)}` }));
    confirm.disabled = p.verdict === 'blocked';
    confirm.textContent = `${VERB[p.action]} ${p.users.length === 1 ? p.users[0].name ?? '' : plural(p.users.length, 'user')}`.trim();
    $('dialog-note').textContent = p.verdict === 'blocked' ? 'Blocked: nothing can be carried out.' : 'Confirming applies the plan to this sample only.';
    dialog.dataset.verdict = p.verdict;
  } else {
    state.dialogPreview = null;
    $('dialog-title').textContent = 'The request was not previewed';
    fill($('dialog-body'), h('p', null, 'The engine answered with errors:'), errorList(answer.errors));
    confirm.disabled = true;
    confirm.textContent = 'Confirm';
    $('dialog-note').textContent = '';
    dialog.dataset.verdict = 'error';
  }
  if (!dialog.open) dialog.showModal();
  dialog.querySelector('.dialog-body').scrollTop = 0;
}

function confirmAction() {
  const p = state.dialogPreview;
  if (!p || p.verdict !== 'allowed') return;
  const answer = apply({ snapshot: state.snapshot, preview: p });
  if (!answer.ok) {
    fill($('dialog-body'), h('p', null, 'The plan was not applied:'), errorList(answer.errors));
    $('confirm-button').disabled = true;
    return;
  }
  state.snapshot = answer.value;
  state.applied += 1;
  loadWorkspace();
  state.selected.clear();
  if (!userById(state.actor) || userById(state.actor).status !== 'active') state.actor = defaultActor();
  $('preview-dialog').close('confirmed');
  renderAll();
  announce(`Applied: ${p.summary.headline}`);
}

function resetSample() {
  state.snapshot = structuredClone(state.sample);
  state.applied = 0;
  loadWorkspace();
  state.selected.clear();
  state.actor = defaultActor();
  renderAll();
  announce('The sample workspace was reset');
}

function announce(text) {
  const toast = $('toast') ?? document.body.appendChild(h('div', { id: 'toast', class: 'toast', role: 'status', 'aria-live': 'polite' }));
  toast.textContent = text;
  toast.classList.add('show');
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => toast.classList.remove('show'), 4000);
}

// ------------------------------------------------------------- events

function selectionChanged() {
  renderUsers();
  renderActionbar();
  renderCompare();
}

function wire() {
  $('preset').addEventListener('change', (e) => {
    hideHover();
    loadPreset(e.target.value);
  });
  $('actor').addEventListener('change', (e) => {
    state.actor = e.target.value;
    renderUsers();
    renderActionbar();
    renderCompare();
  });
  $('now').addEventListener('change', (e) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) return;
    state.nowDate = e.target.value;
    renderActionbar();
    renderCompare();
  });
  $('action').addEventListener('change', (e) => {
    state.action = e.target.value;
    renderActionbar();
  });
  $('successor').addEventListener('change', (e) => {
    state.successor = e.target.value;
    renderChoices();
    renderCompare();
  });
  $('select-all').addEventListener('change', (e) => {
    for (const u of state.snapshot.users ?? []) {
      if (e.target.checked) state.selected.add(u.id);
      else state.selected.delete(u.id);
    }
    selectionChanged();
  });
  const rows = $('user-rows');
  rows.addEventListener('change', (e) => {
    const box = e.target.closest('input[type=checkbox]');
    if (!box) return;
    if (box.checked) state.selected.add(box.value);
    else state.selected.delete(box.value);
    selectionChanged();
  });
  // A click anywhere on a row toggles it, like a console's list.
  rows.addEventListener('click', (e) => {
    if (e.target.closest('input, button, a')) return;
    const row = e.target.closest('tr[data-user]');
    if (!row) return;
    const box = row.querySelector('input[type=checkbox]');
    box.checked = !box.checked;
    box.dispatchEvent(new Event('change', { bubbles: true }));
  });
  rows.addEventListener('mouseover', (e) => {
    const row = e.target.closest('tr[data-user]');
    if (row && row !== hoverRow) showHover(row);
  });
  rows.addEventListener('mouseleave', () => hideHover());
  rows.addEventListener('focusin', (e) => {
    const row = e.target.closest('tr[data-user]');
    if (row) showHover(row);
  });
  rows.addEventListener('focusout', (e) => {
    if (!rows.contains(e.relatedTarget)) hideHover();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('hover-card').hidden) hideHover();
  });
  $('examples').addEventListener('change', (e) => {
    const example = state.examples[Number(e.target.value)];
    e.target.value = '';
    if (!example) return;
    const r = example.request;
    state.actor = r.actor;
    state.selected = new Set(r.targets);
    state.action = r.action;
    state.successor = r.successor ?? '';
    setNow(r.now);
    renderAll();
    announce(`Example: ${example.name}`);
    openPreview();
  });
  $('preview-button').addEventListener('click', openPreview);
  $('reclaim-button').addEventListener('click', reclaim);
  $('confirm-button').addEventListener('click', confirmAction);

  let timer;
  $('policy-text').addEventListener('input', (e) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.policyText = e.target.value;
      checkPolicy();
      renderPolicyStatus();
      renderUsers();
      renderActionbar();
      renderCompare();
    }, 150);
  });
  $('policy-reset').addEventListener('click', () => {
    $('policy-text').value = state.presetPolicyText;
    state.policyText = state.presetPolicyText;
    checkPolicy();
    renderAll();
  });
}

// ------------------------------------------------------------- start

async function start() {
  try {
    await init();
    const answer = listPresets();
    if (!answer.ok) throw new Error(answer.errors[0].message);
    state.presets = answer.value;
    const wanted = new URLSearchParams(location.search).get('preset');
    const first = state.presets.find((p) => p.id === wanted) ?? state.presets.find((p) => p.id === 'pipedrive') ?? state.presets[0];
    wire();
    loadPreset(first.id);
    for (const id of ['preset', 'actor', 'now']) $(id).disabled = false;
    $('boot').hidden = true;
    $('about').hidden = false;
    $('layout').hidden = false;
    document.body.dataset.ready = 'true';
  } catch (e) {
    $('boot').textContent = `The engine could not start: ${e?.message ?? e}. Serve the repository with scripts/serve-www after building the package (./scripts/build).`;
    $('boot').classList.add('boot-error');
    document.body.dataset.ready = 'error';
  }
}

start();
