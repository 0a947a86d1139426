// A Node app bundled by the bundler tests: CommonJS syntax.
const { listPresets, preview } = require('offboard');
require('offboard/presets');

const a = preview({ policy: 'pipedrive', snapshot: { preset: 'pipedrive' }, request: { action: 'delete', actor: 'u-kadri', targets: ['u-tomas'], now: '2025-10-01T09:00:00Z' } });
const p = listPresets();
console.log(JSON.stringify({ ok: a.ok, verdict: a.ok ? a.value.verdict : a.errors, presets: p.ok ? p.value.map((x) => x.id) : p.errors }));
