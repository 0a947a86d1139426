// The baseline of bench/scale.mjs: the Pipedrive preset (presets/pipedrive.json)
// written by hand in plain JavaScript, over the snapshot as JSON.parse gives it,
// the way a front-end developer would write it for one product: an index from
// user id to references built once, then each preview walks only the
// references of its targets.
//
// It answers what offboard answers for that preset — verdict, blocker codes,
// seats, and one effect { item, relation, kind, to } per reference to a
// leaving user — but no messages, summary, plan or fingerprint.
//
//   const index = indexWorkspace(snapshot);
//   const p = pipedrivePreview(index, request);

const FROM = { deactivate: ['active'], delete: ['deactivated'], reactivate: ['deactivated'] };
const AFTER = { deactivate: 'deactivated', delete: 'deleted', reactivate: 'active' };
const TRANSFERRED = new Set(['person', 'organization', 'product', 'lead']);

export function indexWorkspace(snapshot) {
  const users = new Map();
  for (const u of snapshot.users ?? []) users.set(u.id, u);
  const refs = new Map(); // user id → [{ item, relation }]
  const add = (id, ref) => {
    const list = refs.get(id);
    if (list) list.push(ref);
    else refs.set(id, [ref]);
  };
  for (const item of snapshot.items ?? []) {
    for (const relation in item.refs) {
      const r = item.refs[relation];
      if (r == null) continue;
      if (typeof r === 'string') add(r, { item, relation });
      else for (const id of r) add(id, { item, relation });
    }
    for (const share of item.shares ?? []) add(share.user, { item, relation: 'share' });
  }
  // Seats held per licence: Pipedrive counts active users only.
  const held = new Map();
  for (const l of Object.keys(snapshot.seats ?? {})) held.set(l, 0);
  for (const u of users.values()) {
    if (u.licence == null) continue;
    held.set(u.licence, (held.get(u.licence) ?? 0) + ((u.status ?? 'active') === 'active' ? 1 : 0));
  }
  return { snapshot, users, refs, held };
}

// Pipedrive's transfer rules for an owner reference, the same for deactivate and delete.
function transfers(item, relation) {
  if (relation !== 'owner') return false;
  if (item.type === 'deal') return item.status === 'open';
  if (TRANSFERRED.has(item.type)) return item.status !== 'archived' && item.status !== 'deleted';
  if (item.type === 'activity') return item.status === 'undone';
  return false;
}

export function pipedrivePreview(index, request) {
  const { action, actor, targets } = request;
  const status = (u) => u.status ?? 'active';
  const user = (id) => {
    const u = index.users.get(id);
    if (!u) throw new Error(`unknown user ${id}`);
    return u;
  };
  const successorOf = (t) => request.successors?.[t] ?? request.successor;
  const leaving = action !== 'reactivate';
  // Does the chain of successors from t, through other targets, come back to t?
  const cycles = (t) => {
    const seen = [t];
    for (let cur = successorOf(t); targets.includes(cur) && !seen.includes(cur); cur = successorOf(cur)) {
      seen.push(cur);
      if (successorOf(cur) === t) return true;
    }
    return false;
  };
  const a = user(actor);
  const blockers = [];
  const block = (code, u) => blockers.push({ code, user: u });
  // A target whose status does not allow the action changes nothing, even
  // conditionally; a refused successor takes nothing over (docs/preview.md,
  // "Blocked previews").
  const stuck = new Set();
  const refused = new Set();

  for (const t of targets) {
    const u = user(t);
    if (t === actor) block('selfAction', t);
    if (!FROM[action].includes(status(u))) {
      block('prerequisiteStatus', t);
      stuck.add(t);
    }
    const s = successorOf(t);
    if (leaving && s !== undefined) {
      const refuse = (code) => {
        block(code, t);
        refused.add(t);
      };
      if (s === t) refuse('successorIsTarget');
      else if (targets.includes(s)) refuse(cycles(t) ? 'successorCycle' : 'successorLeaving');
      else if (user(s).placeholder) refuse('successorIneligible');
    }
  }
  for (const t of targets) {
    if (a.role !== 'admin' && !(a.permissions ?? []).includes('userManagement')) block('userManagementRequired', t);
  }
  if (leaving) {
    for (const t of targets) {
      const s = successorOf(t);
      if (s !== undefined && status(user(s)) !== 'active') {
        block('successorNotActive', t);
        refused.add(t);
      }
    }
  }

  const seats = [];
  for (const licence of [...index.held.keys()].sort()) {
    const before = index.held.get(licence);
    let after = before;
    for (const t of targets) {
      const u = user(t);
      if (u.licence !== licence || stuck.has(t)) continue;
      after += (AFTER[action] === 'active' ? 1 : 0) - (status(u) === 'active' ? 1 : 0);
    }
    after = Math.max(after, 0);
    const limit = index.snapshot.seats?.[licence];
    const overLimit = limit !== undefined && after > limit && after > before;
    if (overLimit) block('seatLimitExceeded');
    seats.push({ licence, limit, before, after, change: after - before, overLimit });
  }

  const effects = [];
  if (leaving) {
    for (const t of targets) {
      if (stuck.has(t)) continue;
      const s = refused.has(t) ? undefined : successorOf(t);
      for (const { item, relation } of index.refs.get(t) ?? []) {
        if (refused.has(t) && transfers(item, relation)) effects.push({ item: item.id, relation, kind: 'transfer' });
        else if (s !== undefined && transfers(item, relation)) effects.push({ item: item.id, relation, kind: 'transfer', to: s });
        else effects.push({ item: item.id, relation, kind: 'keep' });
      }
    }
  }
  return { verdict: blockers.length ? 'blocked' : 'allowed', blockers, seats, effects };
}
