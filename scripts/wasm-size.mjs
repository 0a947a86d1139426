// Where the bytes of the wasm go: builds the release wasm with its symbol
// names kept (target/size/), then prints code bytes per crate, the data
// section and the largest functions. Sizes are rustc's output, before
// wasm-bindgen and wasm-opt; the shares are what matters.
//   node scripts/wasm-size.mjs [TOP]   (default 25 functions)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const top = Number(process.argv[2] ?? 25);
execFileSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--no-default-features', '--features', 'wasm', '--target-dir', 'target/size'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, CARGO_PROFILE_RELEASE_STRIP: 'false' },
});
const wasm = readFileSync('target/size/wasm32-unknown-unknown/release/offboard.wasm');

function leb(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

const sections = new Map();
for (let at = 8; at < wasm.length; ) {
  const id = wasm[at++];
  let size;
  [size, at] = leb(wasm, at);
  let body = wasm.subarray(at, at + size);
  let key = id;
  if (id === 0) {
    const [len, start] = leb(body, 0);
    key = body.subarray(start, start + len).toString();
    body = body.subarray(start + len);
  }
  sections.set(key, body);
  at += size;
}

// Imported functions come first in the function index space.
let imported = 0;
{
  const body = sections.get(2) ?? Buffer.alloc(1);
  let [count, at] = leb(body, 0);
  for (let i = 0; i < count; i++) {
    let len;
    [len, at] = leb(body, at);
    at += len;
    [len, at] = leb(body, at);
    at += len;
    const kind = body[at++];
    if (kind === 0) {
      [, at] = leb(body, at);
      imported++;
    } else if (kind === 1) {
      at++;
      const flags = body[at++];
      [, at] = leb(body, at);
      if (flags & 1) [, at] = leb(body, at);
    } else if (kind === 2) {
      const flags = body[at++];
      [, at] = leb(body, at);
      if (flags & 1) [, at] = leb(body, at);
    } else if (kind === 3) at += 2;
  }
}

const names = new Map();
{
  const body = sections.get('name') ?? Buffer.alloc(0);
  for (let at = 0; at < body.length; ) {
    const sub = body[at++];
    let size;
    [size, at] = leb(body, at);
    if (sub === 1) {
      let [count, p] = leb(body, at);
      for (let i = 0; i < count; i++) {
        let index;
        let len;
        [index, p] = leb(body, p);
        [len, p] = leb(body, p);
        names.set(index, body.subarray(p, p + len).toString());
        p += len;
      }
    }
    at += size;
  }
}

const code = sections.get(10);
const functions = [];
{
  let [count, at] = leb(code, 0);
  for (let i = 0; i < count; i++) {
    let size;
    [size, at] = leb(code, at);
    functions.push({ size, name: names.get(i + imported) ?? `#${i + imported}` });
    at += size;
  }
}

const CRATES = /(serde_path_to_error|serde_json|serde_core|serde|offboard|alloc|core|sha2|js_sys|wasm_bindgen|std|dlmalloc)/;
const byCrate = new Map();
for (const f of functions) {
  const crate = f.name.match(CRATES)?.[1] ?? 'other';
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + f.size);
}
const total = functions.reduce((n, f) => n + f.size, 0);
const data = sections.get(11) ?? Buffer.alloc(0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`code ${kb(total)} (${kb(gzipSync(code, { level: 9 }).length)} gzip) in ${functions.length} functions; data ${kb(data.length)} (${kb(gzipSync(data, { level: 9 }).length)} gzip)`);
console.log('\ncode by crate (first crate named in the symbol):');
for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${crate.padEnd(22)} ${kb(size).padStart(10)}  ${((100 * size) / total).toFixed(1).padStart(5)}%`);
}
console.log(`\nlargest ${top} functions:`);
for (const f of functions.sort((a, b) => b.size - a.size).slice(0, top)) {
  console.log(`  ${String(f.size).padStart(7)}  ${f.name.slice(0, 140)}`);
}
