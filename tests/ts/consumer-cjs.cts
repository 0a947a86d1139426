// A CommonJS consumer: `require('offboard')` resolves the package's
// `require` condition and its index.d.cts.
import offboard = require('offboard');
import offboardPresets = require('offboard/presets');

const shipped: readonly string[] = offboardPresets.shippedPresets;
console.log(shipped.join(', '));

const answer = offboard.preview('{"policy": "pipedrive", "snapshot": {"preset": "pipedrive"}, "request": {}}');
if (answer.ok) {
  const verdict: 'allowed' | 'blocked' = answer.value.verdict;
  console.log(verdict);
} else {
  const codes: string[] = answer.errors.map((e) => e.code);
  console.log(codes);
}
const presets: offboard.Answer<offboard.PresetInfo[]> = offboard.listPresets();
console.log(presets.ok);
