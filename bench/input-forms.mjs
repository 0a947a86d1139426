// Measures how a large workspace best crosses into wasm: as a JS object, as a
// JSON string, or as UTF-8 bytes (Uint8Array). Uses the built package (pkg/).
//   node bench/input-forms.mjs [ITEMS]   (default 100000)
// The workspace is the Pipedrive preset's sample with its items copied until
// there are ITEMS of them; each figure is the median of several runs.
// The last table shows the small answers the module builds as JS objects
// with serde-wasm-bindgen (stats, failures) beside JSON.parse of the same
// answer's text, which is what the JSON path would cost on top of writing it.
import { Workspace, preset, preview } from '../pkg/node.mjs';
import '../pkg/presets.js'; // registers the shipped presets

const ITEMS = Number(process.argv[2] ?? 100_000);
const RUNS = 9;

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

const input = { policy, snapshot, request };
const text = JSON.stringify(input);
const bytes = new TextEncoder().encode(text);
const loadText = JSON.stringify({ snapshot });
const loadBytes = new TextEncoder().encode(loadText);

// The forms are timed in rounds, each round running every case once, so that
// drift on a busy machine (GC, other processes) spreads over all of them.
const cases = [
  ['JSON.stringify(input) alone', () => JSON.stringify(input)],
  ['JSON.parse(text) alone', () => JSON.parse(text)],
  ['preview(object)', () => preview(input)],
  ['preview(JSON string)', () => preview(text)],
  ['preview(Uint8Array)', () => preview(bytes)],
  ['Workspace.load(object)', () => Workspace.load({ snapshot })],
  ['Workspace.load(JSON string)', () => Workspace.load(loadText)],
  ['Workspace.load(Uint8Array)', () => Workspace.load(loadBytes)],
];
const loaded = Workspace.load(loadBytes);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
cases.push(['workspace.preview(object) after load', () => loaded.value.preview({ policy, request })]);

const times = cases.map(() => []);
for (let round = 0; round < RUNS; round++) {
  cases.forEach(([what, f], i) => {
    const t = performance.now();
    const answer = f();
    times[i].push(performance.now() - t);
    if (answer?.ok === false) throw new Error(`${what}: ${JSON.stringify(answer.errors)}`);
    // Free loaded workspaces at once, so wasm memory does not grow run after run.
    if (answer?.ok && answer.value instanceof Workspace) answer.value.free();
  });
}
loaded.value.free();
const rows = cases.map(([what], i) => {
  const sorted = times[i].sort((x, y) => x - y);
  return [what, sorted[Math.floor(sorted.length / 2)]];
});

console.log(`${ITEMS} items, ${(bytes.length / 1024 / 1024).toFixed(1)} MiB of JSON, Node ${process.version}, median of ${RUNS}`);
for (const [what, ms] of rows) console.log(`${what.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms`);

// Small answers: built by serde-wasm-bindgen, against JSON.parse of their text
// alone (the JSON path also writes that text in wasm and copies it out).
const small = loaded.ok ? Workspace.load(loadBytes).value : null;
const statsText = JSON.stringify(small.stats());
const failureText = JSON.stringify(preview({}));
const N = 20_000;
const perCall = (f) => {
  const t = performance.now();
  for (let i = 0; i < N; i++) f();
  return ((performance.now() - t) / N) * 1000;
};
const smallCases = [
  ['workspace.stats() (serde-wasm-bindgen)', () => small.stats()],
  ['JSON.parse(stats text) alone', () => JSON.parse(statsText)],
  ['preview({}) failure (serde-wasm-bindgen)', () => preview({})],
  ['JSON.parse(failure text) alone', () => JSON.parse(failureText)],
];
const smallTimes = smallCases.map(() => []);
for (let round = 0; round < RUNS; round++) smallCases.forEach(([, f], i) => smallTimes[i].push(perCall(f)));
for (const [i, [what]] of smallCases.entries()) {
  const sorted = smallTimes[i].sort((x, y) => x - y);
  console.log(`${what.padEnd(40)} ${sorted[Math.floor(sorted.length / 2)].toFixed(2).padStart(8)} µs`);
}
small.free();
