// A consumer of the package's types, compiled with `tsc --strict --noEmit`.
import { Workspace, init, listPresets, preset, preview, registerPresets, validatePolicy } from 'offboard';
import type { Answer, Failure, ItemEffect, Op, Preview, PreviewInput, PreviewSummary, Request, SweepAnswer } from 'offboard';
import { shippedPresets } from 'offboard/presets';
import wasmUrl from 'offboard/offboard_bg.wasm';

const firstShipped: string | undefined = shippedPresets[0];
const url: string = wasmUrl;
console.log(firstShipped, url);

await init();

const presets = listPresets();
if (presets.ok) {
  const names: string[] = presets.value.map((p) => p.id);
  console.log(names.join(', '));
}

const pd = preset('pipedrive');
if (!pd.ok) {
  const failure: Failure = pd;
  throw new Error(failure.errors.map((e) => `${e.code} ${e.path} ${e.message} ${e.help ?? ''}`).join('\n'));
}
const { policy, sample, examples } = pd.value;
const request: Request | undefined = examples[0]?.request;
if (request === undefined) throw new Error('no example');

if (sample === null) throw new Error('no sample');
const input: PreviewInput = { policy, snapshot: sample, request: { ...request, successor: 'u8' } };
const answer: Answer<Preview> = preview(input);
const asText: Answer<Preview> = preview(JSON.stringify(input));
const asBytes: Answer<Preview> = preview(new TextEncoder().encode(JSON.stringify(input)));
console.log(asText.ok, asBytes.ok);

if (answer.ok) {
  const p = answer.value;
  const verdict: 'allowed' | 'blocked' = p.verdict;
  const freed: number = p.seats.reduce((n, s) => n + Math.max(0, -s.change), 0);
  const transfers: ItemEffect[] = p.effects.filter((e) => e.kind === 'transfer');
  console.log(verdict, freed, transfers.length, p.fingerprint.value, p.summary.headline);
  for (const op of p.plan) describe(op);
} else {
  for (const e of answer.errors) console.error(e.code, e.message);
}

function describe(op: Op): string {
  switch (op.op) {
    case 'setUserStatus':
      return `${op.user}: ${op.from} → ${op.to}`;
    case 'setRef':
      return `${op.item}.${op.relation}: ${op.from} → ${op.to ?? 'nobody'}`;
    case 'deleteItem':
      return `delete ${op.item}`;
    default:
      return op.op;
  }
}

const loaded = Workspace.load({ snapshot: sample });
if (loaded.ok) {
  const ws: Workspace = loaded.value;
  const again = ws.preview({ policy: 'pipedrive', request });
  const stats = ws.stats();
  if (again.ok && stats.ok) console.log(again.value.verdict, stats.value.items, again.value.plan.length);
  // The answer's type follows the detail asked.
  const summary: Answer<PreviewSummary> = ws.preview({ policy: 'pipedrive', request, detail: 'summary' });
  if (summary.ok) console.log(summary.value.counts.effects);
  const page = ws.preview({ policy: 'pipedrive', request, page: { offset: 0, limit: 50 } });
  if (page.ok) console.log(page.value.page?.next, page.value.counts.byKind.transfer);
  // @ts-expect-error: a summary has no plan.
  if (summary.ok) console.log(summary.value.plan);
  const swept: Answer<SweepAnswer> = ws.sweep(
    { policy: 'pipedrive', action: 'deactivate', where: 'daysSince(target.lastActiveAt) >= 90', now: '2025-10-01T09:00:00Z' },
    { chunk: 50, onProgress: ({ done, total }) => console.log(done, total) },
  );
  if (swept.ok) console.log(swept.value.totals.seats.map((s) => s.reclaimable), Workspace.mergeSweepTotals([swept.value.totals]).users);
  ws.free();
}

console.log(validatePolicy({ policy: 'pipedrive' }).ok);

const registered: Answer<string[]> = registerPresets({ acme: { policy: { id: 'acme', actions: { deactivate: {} } } } });
if (registered.ok) console.log(registered.value.join(', '));

// @ts-expect-error: an answer must be narrowed before its value is read.
console.log(preview(input).value);
// A policy's own action is a name like the built-in ones.
const own: Request = { action: 'suspend', actor: 'u1', targets: ['u2'], now: '' };
console.log(own.action);
// @ts-expect-error: an action is a name, not a number.
const wrong: Request = { action: 3, actor: 'u1', targets: [], now: '' };
console.log(wrong);
