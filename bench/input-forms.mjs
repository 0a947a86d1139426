// Measures how a large workspace best crosses into wasm: as a JS object, as a
// JSON string, or as UTF-8 bytes (Uint8Array). Uses the built package (pkg/).
//   node bench/input-forms.mjs [ITEMS]   (default 100000)
// The workspace is the Pipedrive preset's sample with its items copied until
// there are ITEMS of them; each figure is the median of several runs.
import { Workspace, preset, preview } from '../pkg/node.mjs';

const ITEMS = Number(process.argv[2] ?? 100_000);
const RUNS = 7;

const p = preset('pipedrive');
if (!p.ok) throw new Error(JSON.stringify(p.errors));
const { policy, sample, examples } = p.value;
const request = examples[0].request;

const items = [];
for (let i = 0; items.length < ITEMS; i++) {
  for (const item of sample.items) {
    if (items.length >= ITEMS) break;
    items.push({ ...item, id: `${item.id}-${i}` });
  }
}
const snapshot = { ...sample, items };

function median(f) {
  const times = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = f();
    times.push(performance.now() - t);
    // Free loaded workspaces at once, so wasm memory does not grow run after run.
    if (i < RUNS - 1 && last?.ok && last.value instanceof Workspace) last.value.free();
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)], last };
}

const input = { policy, snapshot, request };
const text = JSON.stringify(input);
const bytes = new TextEncoder().encode(text);
const loadText = JSON.stringify({ snapshot });
const loadBytes = new TextEncoder().encode(loadText);

const rows = [];
const row = (what, f) => {
  const { ms, last } = median(f);
  if (last && last.ok === false) throw new Error(`${what}: ${JSON.stringify(last.errors)}`);
  if (last instanceof Object && last.ok && last.value instanceof Workspace) last.value.free();
  rows.push([what, ms]);
};

row('JSON.stringify(input) alone', () => JSON.stringify(input));
row('JSON.parse(text) alone', () => JSON.parse(text));
row('preview(object)', () => preview(input));
row('preview(JSON string)', () => preview(text));
row('preview(Uint8Array)', () => preview(bytes));
row('Workspace.load(object)', () => Workspace.load({ snapshot }));
row('Workspace.load(JSON string)', () => Workspace.load(loadText));
row('Workspace.load(Uint8Array)', () => Workspace.load(loadBytes));
const ws = Workspace.load(loadBytes).value;
row('workspace.preview(object) after load', () => ws.preview({ policy, request }));
ws.free();

console.log(`${ITEMS} items, ${(bytes.length / 1024 / 1024).toFixed(1)} MiB of JSON, Node ${process.version}, median of ${RUNS}`);
for (const [what, ms] of rows) console.log(`${what.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms`);
