// Writes the seed corpus of each fuzz target from the scenario files, the
// shipped presets and their samples, and the maximal examples:
//   fuzz/corpus/snapshot/  one snapshot document per file
//   fuzz/corpus/policy/    one policy document per file
//   fuzz/corpus/preview/   one whole call { policy, snapshot, request } per file
// Run by scripts/fuzz; safe to run again (it only adds files).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, 'fuzz', 'corpus');
const counts = { snapshot: 0, policy: 0, preview: 0 };

function put(target, value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const dir = join(corpus, target);
  mkdirSync(dir, { recursive: true });
  const name = createHash('sha1').update(text).digest('hex');
  writeFileSync(join(dir, name), text);
  counts[target] += 1;
}

function files(dir) {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.json') ? [p] : [];
  });
}

const read = (p) => JSON.parse(readFileSync(p, 'utf8'));
const presets = {};
for (const f of readdirSync(join(root, 'presets'))) {
  if (!f.endsWith('.json')) continue;
  const id = f.replace(/\.json$/, '');
  presets[id] = read(join(root, 'presets', f));
  put('policy', presets[id]);
}
const samples = {};
for (const f of readdirSync(join(root, 'presets', 'samples'))) {
  if (!f.endsWith('.json') || f.endsWith('.requests.json')) continue;
  const id = f.replace(/\.json$/, '');
  samples[id] = read(join(root, 'presets', 'samples', f));
  put('snapshot', samples[id]);
  const requests = join(root, 'presets', 'samples', `${id}.requests.json`);
  try {
    for (const r of read(requests)) put('preview', { policy: presets[id] ?? id, snapshot: samples[id], request: r.request });
  } catch { /* a sample without example requests */ }
}
for (const kind of ['policy', 'snapshot']) {
  const v = read(join(root, 'tests', 'data', `maximal-${kind}.json`));
  delete v.$schema;
  put(kind, v);
}
for (const f of files(join(root, 'tests', 'scenarios'))) {
  const sc = read(f);
  const policy = typeof sc.policy === 'string' ? presets[sc.policy] : sc.policy;
  let snapshot = sc.snapshot;
  if (snapshot && typeof snapshot.preset === 'string') snapshot = samples[snapshot.preset];
  if (policy) put('policy', policy);
  if (snapshot) put('snapshot', snapshot);
  for (const step of [sc, ...(sc.then ?? [])]) {
    if (step.request && policy && snapshot) put('preview', { policy: step.policy ?? policy, snapshot, request: step.request });
  }
}
console.log(`seed: ${counts.snapshot} snapshots, ${counts.policy} policies, ${counts.preview} calls in fuzz/corpus/`);
