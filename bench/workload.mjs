// The workspaces of bench/scale.mjs: the Pipedrive preset's sample items
// replicated with fresh ids until there are `items` of them, over 1,000 users
// made from the sample's 10 (same roles, statuses and licences, fresh ids and
// names). Every reference of a copied item goes to a user drawn by a seeded
// generator, so the same size always gives the same bytes:
//   - 3 "heavy" users hold ~10k references each (5% of all references when
//     the workspace is too small for that),
//   - 1 "light" user holds ~100,
//   - 1 "zero" user holds none,
//   - the rest share the remainder evenly: a "typical" user holds ~2 × items / 1000
//     references (~2k at 1M items).
// The snapshot is written straight to JSON bytes, without building a JS
// object per item, so generating 1M items stays quick and small.
//
//   makeWorkload(sample, items) → { bytes, users: { actor, successor, heavy, light,
//                                   zero, typical, deactivated, … }, references }

const USERS = 1000;
const HEAVY = 3;

// mulberry32: a small seeded generator, so every run builds the same workspace.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slotsOf = (item) =>
  Object.values(item.refs ?? {}).reduce((n, r) => n + (r == null ? 0 : Array.isArray(r) ? r.length : 1), 0) +
  (item.shares?.length ?? 0);

export function makeWorkload(sample, items) {
  // Users: user j is a copy of sample user j % 10.
  const users = [];
  for (let j = 0; j < USERS; j++) {
    const t = sample.users[j % sample.users.length];
    const fields = { ...t.fields, name: `${t.fields?.name ?? t.id} ${j}`, email: `user${j}@example.com` };
    users.push({ ...t, id: `u${j}`, fields });
  }
  const active = (u) => (u.status ?? 'active') === 'active';
  const actor = users.find((u) => active(u) && u.role === 'admin');
  const regulars = users.filter((u) => active(u) && u.role !== 'admin' && !u.permissions?.length);
  const [heavy, light, zero, typical, successor] = [
    regulars.slice(0, HEAVY), regulars[HEAVY], regulars[HEAVY + 1], regulars[HEAVY + 2], regulars[HEAVY + 3],
  ];
  const others = users.filter((u) => !heavy.includes(u) && u !== light && u !== zero).map((u) => u.id);

  // Reference quotas, from the exact number of reference slots.
  const perTemplate = sample.items.map(slotsOf);
  const cycle = perTemplate.reduce((a, b) => a + b, 0);
  const full = Math.floor(items / sample.items.length);
  let slots = full * cycle;
  for (let i = 0; i < items % sample.items.length; i++) slots += perTemplate[i];
  const heavyQuota = Math.min(10_000, Math.floor(slots * 0.05));
  const lightQuota = Math.min(100, Math.floor(slots * 0.01));
  const pHeavy = heavyQuota / slots;
  const pLight = lightQuota / slots;

  const random = rng(0x0ffb0a2d);
  const draw = () => {
    const x = random();
    if (x < HEAVY * pHeavy) return heavy[Math.floor(x / pHeavy)].id;
    if (x < HEAVY * pHeavy + pLight) return light.id;
    return others[Math.floor(random() * others.length)];
  };
  // A user appears at most once in a list, as in real data.
  const drawList = (n) => {
    const out = [];
    while (out.length < n) {
      const id = draw();
      if (!out.includes(id) || out.length >= others.length) out.push(id);
    }
    return out;
  };
  const counts = new Map();
  const note = (id) => counts.set(id, (counts.get(id) ?? 0) + 1);

  // Items, written as JSON text in chunks and encoded to bytes.
  const rest = JSON.stringify({ seats: { user: USERS }, account: sample.account, users });
  const chunks = [Buffer.from(`${rest.slice(0, -1)},"items":[`)];
  const templateFields = sample.items.map((t) => JSON.stringify(t.fields ?? {}));
  let text = [];
  for (let i = 0; i < items; i++) {
    const ti = i % sample.items.length;
    const t = sample.items[ti];
    const refs = {};
    for (const [rel, r] of Object.entries(t.refs ?? {})) {
      refs[rel] = r == null ? null : Array.isArray(r) ? drawList(r.length) : draw();
      for (const id of [refs[rel]].flat()) if (id != null) note(id);
    }
    const shares = (t.shares ?? []).map((s) => {
      const user = draw();
      note(user);
      return { user, role: s.role };
    });
    let json = `{"id":${JSON.stringify(`${t.id}-${Math.floor(i / sample.items.length)}`)},"type":${JSON.stringify(t.type)}`;
    if (t.status !== undefined) json += `,"status":${JSON.stringify(t.status)}`;
    if (t.container !== undefined) json += `,"container":${JSON.stringify(`${t.container}-${Math.floor(i / sample.items.length)}`)}`;
    json += `,"refs":${JSON.stringify(refs)}`;
    if (shares.length) json += `,"shares":${JSON.stringify(shares)}`;
    json += `,"fields":${templateFields[ti]}}`;
    text.push(json);
    if (text.length === 10_000 || i === items - 1) {
      chunks.push(Buffer.from((chunks.length > 1 ? ',' : '') + text.join(',')));
      text = [];
    }
  }
  chunks.push(Buffer.from(']}'));
  const bytes = new Uint8Array(Buffer.concat(chunks));

  const deactivated = users.find((u) => u.status === 'deactivated');
  const nonManager = users.find((u) => active(u) && u.role !== 'admin' && !u.permissions?.includes('userManagement') && u !== heavy[0]);
  return {
    bytes,
    references: slots,
    refsOf: (id) => counts.get(id) ?? 0,
    users: {
      actor: actor.id,
      successor: successor.id,
      heavy: heavy.map((u) => u.id),
      light: light.id,
      zero: zero.id,
      typical: typical.id,
      deactivated: deactivated.id,
      nonManager: nonManager.id,
    },
  };
}
