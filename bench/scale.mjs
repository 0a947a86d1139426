// offboard at workspace scale, against plain JavaScript doing the same job in
// the same run. Uses the built package (pkg/, `scripts/build`) through its
// public API only.
//
//   node bench/scale.mjs                 10k, 100k and 1M items (under 10 minutes on 2 cores)
//   node bench/scale.mjs --quick         10k and 100k items, fewer rounds
//   node bench/scale.mjs --sizes 10k,1M  chosen sizes (k and M suffixes)
//   node bench/scale.mjs --rounds 5      rounds of the whole-workspace measures, every size
//   node bench/scale.mjs --json          the results as JSON instead of tables
//
// The workspaces are the Pipedrive preset's sample items replicated with fresh
// ids over 1,000 users (bench/workload.mjs). Each size runs in its own Node
// process, so the wasm memory of one size does not carry into the next. Per
// size it measures, as medians of rounds that interleave offboard and its
// baseline so that drift on a busy machine falls on both:
//   - Workspace.load(bytes)  vs  JSON.parse of the same JSON text;
//   - the first of each in a fresh process (child processes, alternated);
//   - one-shot preview(bytes) of a typical user  vs  JSON.parse + index +
//     the hand-written JS preview (bench/js-preview.mjs);
//   - previews on a loaded workspace for users with 0, ~100, typical and
//     ~10k references  vs  the JS preview on its prebuilt index;
//   - wasm linear memory after the first load  vs  the input bytes (and the
//     heap JSON.parse's objects take, for comparison).
// Before timing, offboard and the JS preview must give the same verdict,
// blocker codes, seats and effects (item, relation, kind, to) for every
// request benchmarked and a few more; the run fails loudly if they differ.
// Timings here are reports, never pass/fail.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeWorkload } from './workload.mjs';
import { indexWorkspace, pipedrivePreview } from './js-preview.mjs';

// The package exposes no handle on its WebAssembly.Memory, so the memory is
// caught where every wasm instance is made: WebAssembly.Instance (used by
// initSync, which the Node entry calls) and WebAssembly.instantiate. This
// must run before the package is imported.
let wasmMemory = null;
const catchMemory = (instance) => {
  for (const x of Object.values(instance.exports)) if (x instanceof WebAssembly.Memory) wasmMemory = x;
};
{
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function Instance_(module, imports) {
    const instance = new Instance(module, imports);
    catchMemory(instance);
    return instance;
  };
  WebAssembly.Instance.prototype = Instance.prototype;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async (...args) => {
    const r = await instantiate(...args);
    catchMemory(r.instance ?? r);
    return r;
  };
}
const { Workspace, preset, preview } = await import('../pkg/node.mjs');
await import('../pkg/presets.js'); // registers the shipped presets

const SELF = fileURLToPath(import.meta.url);
const NOW = '2025-10-01T09:00:00Z';
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const log = (...xs) => console.error(`+${(performance.now() / 1000).toFixed(0)}s`, ...xs);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
// A full collection before each timed call (children run with --expose-gc),
// so that one measure does not pay for the garbage of the one before.
const time = (f, collect = true) => {
  if (collect) globalThis.gc?.();
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r];
};
const ok = (answer, what) => {
  if (!answer.ok) throw new Error(`${what}: ${JSON.stringify(answer.errors)}`);
  return answer.value;
};
const concat = (...parts) => {
  const enc = new TextEncoder();
  const bufs = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  const out = new Uint8Array(bufs.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of bufs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
};

// ------------------------------------------------------------ fresh process
// `--first load|parse FILE`: the first Workspace.load or JSON.parse of the
// workspace in this process, and the memory it leaves.
if (option('--first')) {
  const mode = option('--first');
  const file = args[args.indexOf('--first') + 2];
  const buf = readFileSync(file);
  const snapshot = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  let out;
  if (mode === 'load') {
    const bytes = concat('{"snapshot":', snapshot, '}');
    const before = wasmMemory?.buffer.byteLength ?? null;
    const [ms, answer] = time(() => Workspace.load(bytes));
    ok(answer, 'Workspace.load');
    const after = wasmMemory?.buffer.byteLength ?? null;
    out = { ms, wasmBefore: before, wasmAfter: after, inputBytes: bytes.length };
  } else {
    const text = buf.toString('utf8');
    globalThis.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const [ms, parsed] = time(() => JSON.parse(text));
    globalThis.gc?.();
    const heap = process.memoryUsage().heapUsed - heap0;
    out = { ms, heap, items: parsed.items.length };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

// ------------------------------------------------------------ one size
// `--child-size N`: every measure for N items; the result as JSON on stdout.
function same(label, off, js) {
  const key = (e) => `${e.item}\u0000${e.relation}\u0000${e.kind}\u0000${e.to ?? ''}`;
  const codes = (bs) => bs.map((b) => `${b.code}/${b.user ?? ''}`).sort();
  const seats = (ss) => ss.map((s) => ({ licence: s.licence, limit: s.limit, before: s.before, after: s.after, change: s.change, overLimit: s.overLimit }));
  const a = { verdict: off.verdict, blockers: codes(off.blockers), seats: seats(off.seats), effects: off.effects.map(key).sort() };
  const b = { verdict: js.verdict, blockers: codes(js.blockers), seats: seats(js.seats), effects: js.effects.map(key).sort() };
  for (const k of Object.keys(a)) {
    if (JSON.stringify(a[k]) === JSON.stringify(b[k])) continue;
    // Name the first entry that differs, readable.
    const [x, y] = Array.isArray(a[k]) ? [a[k], b[k]] : [[a[k]], [b[k]]];
    const i = x.findIndex((v, j) => JSON.stringify(v) !== JSON.stringify(y[j]));
    const show = (v) => (v === undefined ? '(none)' : typeof v === 'string' ? v.replaceAll('\u0000', ' | ') : JSON.stringify(v));
    throw new Error(
      `MISMATCH on "${label}": ${k} differ between offboard (${x.length}) and the JS preview (${y.length}); ` +
        `first difference at sorted entry ${i < 0 ? x.length : i}:\n  offboard: ${show(x[i < 0 ? x.length : i])}\n  JS:       ${show(y[i < 0 ? x.length : i])}`,
    );
  }
  // Order is reported, not required: a hand-written index walks relations in
  // the order of the item's keys.
  return off.effects.map(key).join('\n') === js.effects.map(key).join('\n');
}

// First load and first parse, each in a fresh process, alternated.
function freshProcesses(n, file, rounds) {
  const first = { load: [], parse: [], wasmAfter: [], wasmBefore: [], heap: [] };
  for (let r = 0; r < rounds; r++) {
    for (const mode of ['load', 'parse']) {
      log(`[${n}] fresh process ${r + 1}/${rounds}: first ${mode}`);
      const c = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', SELF, '--first', mode, file], {
        encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'],
      });
      if (c.status !== 0) throw new Error(`fresh-process ${mode} failed (exit ${c.status})`);
      const o = JSON.parse(c.stdout.trim().split('\n').pop());
      first[mode].push(o.ms);
      if (mode === 'load') {
        first.wasmBefore.push(o.wasmBefore);
        first.wasmAfter.push(o.wasmAfter);
      } else first.heap.push(o.heap);
    }
  }
  return {
    first: { load: median(first.load), parse: median(first.parse), rounds },
    memory: { wasmBefore: first.wasmBefore[0], wasmAfter: first.wasmAfter[0], parseHeap: median(first.heap) },
  };
}

// Agreement of offboard and the JS preview, then previews on a loaded
// workspace against the JS preview on its index. The parsed snapshot and the
// workspace are dropped on return, so the later measures run on a small heap.
function agreeAndLoaded(n, w, text, loadBytes, oneShot, rounds) {
  const U = w.users;
  const request = (target, more = {}) => ({ action: 'deactivate', actor: U.actor, targets: [target], successor: U.successor, now: NOW, ...more });
  const classes = [['zero', U.zero], ['light', U.light], ['typical', U.typical], ['heavy', U.heavy[0]]];
  const extra = [
    ['deactivate without successor', request(U.typical, { successor: undefined })],
    ['delete a deactivated user', request(U.deactivated, { action: 'delete' })],
    ['delete a deactivated user, successor', request(U.deactivated, { action: 'delete', successor: U.typical })],
    ['delete an active user (blocked)', request(U.typical, { action: 'delete' })],
    ['actor without user management', request(U.typical, { actor: U.nonManager })],
    ['successor not active', request(U.typical, { successor: U.deactivated })],
    ['own account', request(U.actor)],
    ['reactivate', request(U.deactivated, { action: 'reactivate', successor: undefined })],
    ['bulk: heavy users to each other', request(U.heavy[0], { targets: U.heavy, successor: undefined, successors: { [U.heavy[0]]: U.heavy[1], [U.heavy[1]]: U.heavy[0], [U.heavy[2]]: U.successor } })],
  ];
  const out = {};

  log(`[${n}] checking that offboard and the JS preview agree`);
  // The one-shot first, before a workspace is loaded: the two at once
  // would need the memory of both (above 2 GiB at 1M items).
  const one = ok(preview(oneShot.bytes), 'preview(bytes)');
  const ws = ok(Workspace.load(loadBytes), 'Workspace.load');
  const stats = ok(ws.stats(), 'stats');
  if (stats.items !== n || stats.users !== 1000 || stats.references !== w.references) {
    throw new Error(`MISMATCH: workspace stats ${JSON.stringify(stats)} vs generated ${n} items, ${w.references} references`);
  }
  const index = indexWorkspace(JSON.parse(text));
  out.agree = {};
  out.sameOrder = true;
  for (const [label, req] of [...classes.map(([c, id]) => [c, request(id)]), ...extra]) {
    const off = ok(ws.preview({ policy: 'pipedrive', request: req }), label);
    out.sameOrder = same(label, off, pipedrivePreview(index, req)) && out.sameOrder;
    out.agree[label] = { verdict: off.verdict, effects: off.effects.length };
    // The summary detail tells the same preview: verdict, blockers, seats,
    // counts and fingerprint.
    const sum = ok(ws.preview({ policy: 'pipedrive', request: req, detail: 'summary' }), `${label}, summary`);
    const fields = (p) => JSON.stringify([p.verdict, p.blockers, p.seats, p.summary, p.fingerprint.value]);
    if (fields(sum) !== fields(off) || sum.counts.effects !== off.effects.length || sum.counts.plan !== off.plan.length) {
      throw new Error(`MISMATCH: ${label}: the summary detail differs from the full preview`);
    }
  }
  const loaded = ok(ws.preview({ policy: 'pipedrive', request: oneShot.request }), 'typical');
  if (one.fingerprint.value !== loaded.fingerprint.value) throw new Error('MISMATCH: one-shot and loaded previews differ');
  same('one-shot preview', one, pipedrivePreview(index, oneShot.request));
  out.classes = Object.fromEntries(classes.map(([c, id]) => [c, { user: id, references: w.refsOf(id) }]));

  // Batches of k calls, k chosen so that a batch takes ~20 ms. A full
  // collection per round, and before each batch a young-generation one and
  // an untimed call: without them the garbage of the batch before (thousands
  // of JS effects, or a big answer) was charged to the next one, and
  // offboard's small previews measured 2-6× slower than alone. (A full
  // collection before every batch takes minutes at 1M items.)
  log(`[${n}] loaded previews, ${rounds} rounds`);
  const batch = (f) => {
    const [t] = time(() => { for (let i = 0; i < 5; i++) f(); });
    return Math.max(1, Math.min(2000, Math.ceil(20 / Math.max(t / 5, 0.0005))));
  };
  const cases = classes.map(([c, id]) => {
    const req = request(id);
    const input = { policy: 'pipedrive', request: req };
    const summaryInput = { ...input, detail: 'summary' };
    const off = () => ws.preview(input);
    const sum = () => ws.preview(summaryInput);
    const js = () => pipedrivePreview(index, req);
    return { c, off, sum, js, kOff: batch(off), kSum: batch(sum), kJs: batch(js), tOff: [], tSum: [], tJs: [] };
  });
  // The naive JS: the same preview without an index kept between calls, so
  // each call scans every item for the target's references.
  const parsed = JSON.parse(text);
  const naiveReq = request(U.typical);
  const naive = () => pipedrivePreview(indexWorkspace(parsed), naiveReq);
  const tNaive = [];
  const timeBatch = (f, k) => {
    globalThis.gc?.({ type: 'minor' });
    f();
    return time(() => { for (let i = 0; i < k; i++) f(); }, false)[0] / k;
  };
  for (let r = 0; r < rounds; r++) {
    globalThis.gc?.();
    for (const x of cases) {
      x.tOff.push(timeBatch(x.off, x.kOff));
      x.tSum.push(timeBatch(x.sum, x.kSum));
      x.tJs.push(timeBatch(x.js, x.kJs));
    }
    // One call a round (at 1M items a call scans a million items).
    if (r < 5) tNaive.push(time(naive)[0]);
  }
  out.loaded = Object.fromEntries(cases.map((x) => [x.c, { offboard: median(x.tOff), summary: median(x.tSum), js: median(x.tJs) }]));
  out.naive = median(tNaive);

  // The sweep: deactivating every user previewed in summary detail, against
  // the indexed JS preview run for each user (index built once, not timed).
  // One call each, offboard's and JS's alternating, over three rounds.
  log(`[${n}] sweep of every user, summary detail`);
  const everyone = JSON.parse(text).users.map((u) => u.id);
  const sweepInput = { policy: 'pipedrive', action: 'deactivate', successor: U.successor, now: NOW, detail: 'summary' };
  const tSweep = [];
  const tJsSweep = [];
  for (let r = 0; r < 3; r++) {
    const [a, answer] = time(() => ws.sweep(sweepInput, { chunk: 250, onProgress() {} }));
    const swept = ok(answer, 'sweep');
    if (swept.rows.length !== swept.matched || swept.matched < everyone.length - 10) {
      throw new Error(`MISMATCH: the sweep has ${swept.rows.length} rows, ${swept.matched} matched, for ${everyone.length} users`);
    }
    tSweep.push(a);
    tJsSweep.push(time(() => { for (const id of everyone) pipedrivePreview(index, request(id)); })[0]);
  }
  out.sweep = { offboard: median(tSweep), js: median(tJsSweep), users: everyone.length };
  ws.free();
  return out;
}

// Load, parse and one-shot previews, interleaved round by round.
function wholeWorkspace(n, text, loadBytes, oneShot, rounds) {
  log(`[${n}] load, parse and one-shot previews, ${rounds} rounds`);
  const t = { parse: [], load: [], oneShot: [], jsParse: [], jsIndex: [], jsPreview: [], jsOneShot: [] };
  for (let r = 0; r < rounds; r++) {
    t.parse.push(time(() => JSON.parse(text))[0]);
    const [ms, answer] = time(() => Workspace.load(loadBytes));
    ok(answer, 'Workspace.load').free();
    t.load.push(ms);
    const [ms1, p] = time(() => preview(oneShot.bytes));
    ok(p, 'preview(bytes)');
    t.oneShot.push(ms1);
    // One timed call; its three parts are read inside it.
    let a, b, c;
    time(() => {
      const t0 = performance.now();
      const parsed = JSON.parse(text);
      const t1 = performance.now();
      const idx = indexWorkspace(parsed);
      const t2 = performance.now();
      pipedrivePreview(idx, oneShot.request);
      [a, b, c] = [t1 - t0, t2 - t1, performance.now() - t2];
    });
    t.jsParse.push(a);
    t.jsIndex.push(b);
    t.jsPreview.push(c);
    t.jsOneShot.push(a + b + c);
    log(`[${n}]   round ${r + 1}/${rounds}: load ${ms.toFixed(0)} ms, JSON.parse ${t.parse[r].toFixed(0)} ms, preview(bytes) ${ms1.toFixed(0)} ms, JS ${(a + b + c).toFixed(0)} ms`);
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
}

function runSize(n, rounds) {
  const loadedRounds = n >= 1_000_000 ? 7 : 21;
  const firstRounds = option('--first-rounds') ? Number(option('--first-rounds')) : n >= 1_000_000 ? 2 : 3;
  const sample = ok(preset('pipedrive'), 'preset').sample;
  log(`[${n}] generating the workspace`);
  const w = makeWorkload(sample, n);
  const text = new TextDecoder().decode(w.bytes);
  const loadBytes = concat('{"snapshot":', w.bytes, '}');
  const request = { action: 'deactivate', actor: w.users.actor, targets: [w.users.typical], successor: w.users.successor, now: NOW };
  const oneShot = { request, bytes: concat(`{"policy":"pipedrive","request":${JSON.stringify(request)},"snapshot":`, w.bytes, '}') };
  const file = join(tmpdir(), `offboard-scale-${process.pid}-${n}.json`);
  writeFileSync(file, w.bytes);
  try {
    const result = { items: n, users: 1000, inputBytes: w.bytes.length, references: w.references };
    Object.assign(result, freshProcesses(n, file, firstRounds));
    Object.assign(result, agreeAndLoaded(n, w, text, loadBytes, oneShot, loadedRounds));
    result.whole = wholeWorkspace(n, text, loadBytes, oneShot, rounds);
    result.rounds = { whole: rounds, loaded: loadedRounds };
    result.wasmAfterAll = wasmMemory?.buffer.byteLength ?? null;
    return result;
  } finally {
    rmSync(file, { force: true });
  }
}

if (option('--child-size')) {
  const out = runSize(Number(option('--child-size')), Number(option('--rounds')));
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

// ------------------------------------------------------------ the report
const parseSize = (s) => Math.round(parseFloat(s) * ({ k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[s.at(-1)] ?? 1));
const quick = flag('--quick');
const sizes = option('--sizes') ? option('--sizes').split(',').map(parseSize) : quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const roundsFor = (n) => Number(option('--rounds') ?? (quick ? 3 : n >= 1_000_000 ? 3 : n >= 100_000 ? 7 : 11));

const started = performance.now();
const loadBefore = loadavg()[0];
const results = [];
for (const n of sizes) {
  const extraArgs = option('--first-rounds') ? ['--first-rounds', option('--first-rounds')] : [];
  const c = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', SELF, '--child-size', String(n), '--rounds', String(roundsFor(n)), ...extraArgs],
    { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (c.status !== 0) {
    console.error(`bench/scale.mjs: the ${n}-item run failed (exit ${c.status}); see above`);
    process.exit(1);
  }
  results.push(JSON.parse(c.stdout.trim().split('\n').pop()));
}
const total = (performance.now() - started) / 1000;
const load = `load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`;

if (flag('--json')) {
  console.log(JSON.stringify({ node: process.version, cpus: cpus().length, load, seconds: total, results }, null, 1));
  process.exit(0);
}

const fmtMs = (ms) => (ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(ms >= 0.01 ? 0 : 1)} µs`);
const fmtN = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const ratio = (a, b) => (a / b >= 0.01 ? `${(a / b).toFixed(2)}×` : `${(a / b).toPrecision(2)}×`);

console.log(`offboard bench/scale.mjs — Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${total.toFixed(0)} s in all; ${load}`);
console.log('ratio = offboard ÷ baseline: below 1× offboard is faster (or smaller).');
for (const r of results) {
  console.log(`\n### ${fmtN(r.items)} items (${mib(r.inputBytes)} of JSON, ${r.users} users, ${r.references} references)\n`);
  console.log('| measure | offboard | baseline | ratio | target |');
  console.log('| --- | --- | --- | --- | --- |');
  const row = (what, a, base, b, target = '') => console.log(`| ${what} | ${fmtMs(a)} | ${base} ${fmtMs(b)} | ${ratio(a, b)} | ${target} |`);
  row('`Workspace.load(bytes)`', r.whole.load, '`JSON.parse`', r.whole.parse, '≤ 0.33×');
  row(`first load in a fresh process (median of ${r.first.rounds})`, r.first.load, 'first `JSON.parse`', r.first.parse, '≤ 0.33×');
  row(`one-shot \`preview(bytes)\`, typical user (${r.classes.typical.references} refs)`, r.whole.oneShot, '`JSON.parse` + index + JS preview', r.whole.jsOneShot, r.items <= 100_000 ? '≤ 1×' : '');
  const classes = [['zero', 'no references'], ['light', '~100 references'], ['typical', 'a typical user'], ['heavy', '~10k references']];
  for (const [c, label] of classes) {
    const x = r.loaded[c];
    row(`loaded preview, ${label} (${r.classes[c].references}), full`, x.offboard, 'JS preview on its index', x.js, c === 'zero' ? '≤ 20 µs, ≤ 1×' : '≤ 1×');
  }
  for (const [c, label] of classes) {
    const x = r.loaded[c];
    row(`loaded preview, ${label} (${r.classes[c].references}), \`detail: "summary"\``, x.summary, 'JS preview on its index', x.js, c === 'zero' ? '≤ 20 µs' : c === 'heavy' && r.items >= 1_000_000 ? '≤ 1 ms' : '');
  }
  if (r.naive != null) row(`loaded preview, a typical user (${r.classes.typical.references}), \`detail: "summary"\``, r.loaded.typical.summary, 'naive JS preview (scans every item)', r.naive, '');
  if (r.sweep) {
    row(`sweep: deactivate previewed for each of ${r.sweep.users} users, summary detail`, r.sweep.offboard, 'the JS preview of each user on its index', r.sweep.js, '≤ 0.05×');
    if (r.naive != null) row(`sweep, against the naive JS (one scan per user: ${r.sweep.users} × the naive preview above)`, r.sweep.offboard, 'naive JS, estimated', r.sweep.users * r.naive, '≤ 0.005×');
  }
  const m = r.memory;
  if (m.wasmAfter != null) {
    console.log(`| wasm memory after the first load | ${mib(m.wasmAfter)} (${mib(m.wasmAfter - m.wasmBefore)} grown) | input ${mib(r.inputBytes)}; \`JSON.parse\` heap ${mib(m.parseHeap)} (${(m.parseHeap / r.inputBytes).toFixed(1)}×) | ${(m.wasmAfter / r.inputBytes).toFixed(1)}× | ≤ 2× |`);
  }
  console.log(`\nJS side of the one-shot: JSON.parse ${fmtMs(r.whole.jsParse)}, index ${fmtMs(r.whole.jsIndex)}, preview ${fmtMs(r.whole.jsPreview)}. ` +
    `Medians of ${r.rounds.whole} interleaved rounds (${r.rounds.loaded} for loaded previews). ` +
    `offboard and the JS preview agree on ${Object.keys(r.agree).length} requests + the one-shot` +
    `${r.sameOrder ? ', effects in the same order' : ' (effects compared as sets: their order differs)'}.` +
    (r.wasmAfterAll != null ? ` wasm memory at the end of the run (every workspace freed): ${mib(r.wasmAfterAll)}.` : ''));
}
