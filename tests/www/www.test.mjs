// The demo page (www/) in headless Chromium, served by scripts/serve-www:
// picks a preset, hovers a user, previews a blocked and an allowed delete and
// checks the dialog shows what the engine itself answers (computed here in
// Node by the same package), compares deactivate with delete, breaks the
// policy in the editor and checks the structured error, then edits it so a
// preview changes. Writes a screenshot to target/www.png.
//   node --test tests/www/www.test.mjs        (from the repository root; needs pkg/ built)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const STEP = 15_000; // any single wait
const NOW = '2025-10-01T09:00:00Z';
const BOUNDED = { timeout: 90_000 }; // each test and hook stops by itself

assert.ok(existsSync(join(root, 'pkg', 'node.mjs')), 'pkg/ is not built: run ./scripts/build --skip-setup first');
const offboard = await import(join(root, 'pkg', 'node.mjs'));
await import(join(root, 'pkg', 'presets.js'));

let server;
let browser;
let page;
let url;
const problems = [];

function startServer() {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'serve-www'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`scripts/serve-www printed no URL: ${out}`));
    }, STEP);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/www\/)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({ child, url: m[1] });
      }
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`scripts/serve-www exited (${code}): ${out}`));
    });
  });
}

before(async () => {
  mkdirSync(join(root, 'target'), { recursive: true });
  ({ child: server, url } = await startServer());
  // Never leave the server behind, even when the run is interrupted.
  process.once('exit', () => server.kill());
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      server.kill();
      process.exit(130);
    });
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    timeout: 30_000,
  });
  console.log(`chromium ${browser.version()} at ${CHROMIUM}; page at ${url}`);
  page = await browser.newPage({ viewport: { width: 1360, height: 960 } });
  page.setDefaultTimeout(STEP);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
}, BOUNDED);

after(async () => {
  await browser?.close().catch(() => {});
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(r, 2000);
      server.once('exit', () => { clearTimeout(t); r(); });
    });
  }
}, BOUNDED);

function engine(name) {
  const { policy, sample } = offboard.preset(name).value;
  return {
    policy,
    sample,
    preview: (request, p = policy) => {
      const answer = offboard.preview({ policy: p, snapshot: sample, request });
      assert.equal(answer.ok, true, JSON.stringify(answer.errors));
      return answer.value;
    },
  };
}

// Each test starts from a preset, with no dialog left open by a failed test.
async function pickPreset(name) {
  if (await page.$('#preview-dialog[open]')) await closeDialog();
  await page.selectOption('#preset', name);
  await page.waitForFunction((n) => document.getElementById('preset-name').textContent.length > 0 && document.getElementById('preset').value === n, name);
}

async function select(...ids) {
  // The rows are rendered again on each change: look the boxes up each time.
  const checked = page.locator('#user-rows input[type=checkbox]:checked');
  while ((await checked.count()) > 0) await checked.first().uncheck();
  for (const id of ids) await page.check(`tr[data-user="${id}"] input[type=checkbox]`);
}

async function openPreview(action, successor = '') {
  await page.selectOption('#action', action);
  await page.selectOption('#successor', successor);
  await page.click('#preview-button');
  await page.waitForSelector('#preview-dialog[open]');
  return page.locator('#preview-dialog');
}

async function closeDialog() {
  await page.keyboard.press('Escape');
  await page.waitForSelector('#preview-dialog:not([open])', { state: 'attached' });
}

async function setPolicyText(text) {
  await page.locator('#policy-text').fill(text);
}

test('the page loads the engine and lists the presets and users', BOUNDED, async () => {
  const presets = offboard.listPresets().value.map((p) => p.id);
  const options = await page.$$eval('#preset option', (os) => os.map((o) => o.value));
  assert.deepEqual(options.sort(), [...presets].sort());
  await pickPreset('pipedrive');
  const { sample } = engine('pipedrive');
  const rows = await page.$$eval('#user-rows tr', (rs) => rs.map((r) => r.dataset.user));
  assert.deepEqual(rows, sample.users.map((u) => u.id));
  const stats = await page.textContent('#stats');
  assert.match(stats, new RegExp(`items\\s*${sample.items.length}`));
});

test('hovering a user shows the deactivate verdict and headline', BOUNDED, async () => {
  await pickPreset('pipedrive');
  const expected = engine('pipedrive').preview({ action: 'deactivate', actor: 'u-kadri', targets: ['u-rasmus'], now: NOW });
  await page.hover('tr[data-user="u-rasmus"]');
  const card = page.locator('#hover-card');
  await card.waitFor({ state: 'visible' });
  const text = await card.textContent();
  assert.ok(text.includes(expected.summary.headline), text);
  assert.ok(text.includes(expected.verdict === 'allowed' ? 'Allowed' : 'Blocked'), text);
  // Keyboard users get the same preview on focus, as the checkbox's description.
  const other = engine('pipedrive').preview({ action: 'deactivate', actor: 'u-kadri', targets: ['u-tomas'], now: NOW });
  await page.mouse.move(0, 0);
  await page.focus('tr[data-user="u-tomas"] input[type=checkbox]');
  await page.waitForFunction((t) => document.getElementById('hover-card').textContent.includes(t), other.summary.headline);
  assert.equal(await page.getAttribute('tr[data-user="u-tomas"] input[type=checkbox]', 'aria-describedby'), 'hover-card');
});

test('a blocked delete: the dialog shows the verdict, blockers with codes and rules, and the headline', BOUNDED, async () => {
  await pickPreset('pipedrive');
  const expected = engine('pipedrive').preview({ action: 'delete', actor: 'u-kadri', targets: ['u-diego'], now: NOW });
  assert.equal(expected.verdict, 'blocked');
  await select('u-diego');
  const dialog = await openPreview('delete');
  assert.equal(await page.textContent('#dialog-title'), expected.summary.headline);
  const body = await dialog.textContent();
  assert.ok(body.includes('Blocked'), body);
  for (const b of expected.blockers) {
    assert.ok(body.includes(b.code), `blocker code ${b.code}`);
    assert.ok(body.includes(b.message), `blocker message ${b.message}`);
    assert.ok(body.includes(b.rule), `blocker rule ${b.rule}`);
  }
  assert.ok(body.includes(expected.fingerprint.value));
  // The engine marks a blocked preview's lines as conditional, and the
  // dialog shows it by structure (class and heading), not only by wording.
  assert.equal(expected.summary.conditional, true);
  assert.equal(await dialog.locator('section.summary.conditional').count(), 1);
  assert.equal(await dialog.locator('section.summary h3').textContent(), 'Once the blockers are resolved, this would');
  assert.equal(await page.isDisabled('#confirm-button'), true, 'a blocked preview cannot be confirmed');
  await closeDialog();
});

test('an allowed delete with a successor: summary, per-user changes, effects and plan', BOUNDED, async () => {
  await pickPreset('pipedrive');
  const expected = engine('pipedrive').preview({ action: 'delete', actor: 'u-kadri', targets: ['u-jaan'], successor: 'u-elena', now: NOW });
  assert.equal(expected.verdict, 'allowed');
  await select('u-jaan');
  const dialog = await openPreview('delete', 'u-elena');
  const body = await dialog.textContent();
  assert.ok(body.includes('Allowed'));
  for (const line of expected.summary.lines) assert.ok(body.includes(line.text), `summary line ${line.text}`);
  for (const f of expected.users[0].fields) assert.ok(body.includes(f.field) && body.includes(f.rule), `field ${f.field}`);
  assert.ok(body.includes(`Item effects (${expected.effects.length})`));
  assert.ok(body.includes(`Machine plan (${expected.plan.length} operations)`));
  assert.ok(body.includes(expected.fingerprint.value));
  await page.screenshot({ path: join(root, 'target', 'www-dialog.png') });
  // The tables are rendered when opened (the toggle event is asynchronous).
  await dialog.locator('details.collapsible summary').first().click();
  await dialog.locator('table.effects tbody tr').nth(expected.effects.length - 1).waitFor();
  assert.equal(await dialog.locator('table.effects tbody tr').count(), expected.effects.length);
  await dialog.locator('details.collapsible summary').nth(1).click();
  await dialog.locator('ol.plan li').nth(expected.plan.length - 1).waitFor();
  assert.equal(await dialog.locator('ol.plan li').count(), expected.plan.length);
  await closeDialog();
});

test('the action chips say which actions a selection allows, from actions()', { ...BOUNDED, skip: typeof offboard.actions !== 'function' && 'this build of the package has no actions()' }, async () => {
  await pickPreset('document360');
  const { policy, sample } = engine('document360');
  for (const targets of [['u-julia', 'u-sam'], ['u-sam', 'u-paula'], ['u-meera']]) {
    const expected = offboard.actions({ policy, snapshot: sample, request: { actor: 'u-aisha', targets, now: NOW } });
    assert.equal(expected.ok, true, JSON.stringify(expected.errors));
    await page.selectOption('#actor', 'u-aisha');
    await select(...targets);
    const want = expected.value.map((c) => [c.action, c.verdict]);
    await page.waitForFunction(
      (w) => JSON.stringify([...document.querySelectorAll('#choices .choice')].map((b) => [b.dataset.action, b.dataset.verdict])) === JSON.stringify(w),
      want,
    );
    const titles = await page.$$eval('#choices .choice', (bs) => bs.map((b) => b.title));
    expected.value.forEach((c, i) => {
      if (c.blockers.length > 0) assert.ok(titles[i].includes(c.blockers[0].code), titles[i]);
    });
  }
  // A chip picks the action.
  await page.click('#choices .choice[data-action="reactivate"]');
  assert.equal(await page.inputValue('#action'), 'reactivate');
});

test('compare: deactivate and delete side by side, from the compare rows', BOUNDED, async () => {
  await pickPreset('wrike');
  const { policy, sample } = engine('wrike');
  const expected = offboard.compare({ policy, snapshot: sample, request: { actor: 'u-amelia', targets: ['u-chloe'], successor: 'u-mateo', now: NOW } });
  assert.equal(expected.ok, true);
  await page.selectOption('#actor', 'u-amelia');
  await select('u-chloe');
  await page.selectOption('#successor', 'u-mateo');
  const table = page.locator('#compare-body table.compare-table');
  await table.waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('#compare-body tbody tr:not(.compare-verdicts)').length === n, expected.value.rows.length);
  const rows = await table.locator('tbody tr:not(.compare-verdicts)').evaluateAll((rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
  assert.deepEqual(rows, expected.value.rows.map((r) => [r.aspect, r.deactivate, r.delete]));
});

test('the policy editor: a broken policy shows a structured error with a path; an edit changes the previews', BOUNDED, async () => {
  await pickPreset('pipedrive');
  const original = await page.inputValue('#policy-text');
  // Break it: a rank that is not a number.
  await setPolicyText(original.replace('"rank": 2', '"rank": "high"'));
  const status = page.locator('#policy-status');
  await status.locator('.error').first().waitFor();
  const text = await status.textContent();
  assert.match(text, /invalidValue/);
  assert.match(text, /\/policy\/roles\/admin\/rank/);
  assert.equal(await page.isDisabled('#preview-button'), true, 'previews pause while the policy is invalid');
  // The error's path selects the faulty value in the editor.
  await status.locator('button.path').first().click();
  const selected = await page.$eval('#policy-text', (a) => a.value.slice(a.selectionStart, a.selectionEnd));
  assert.equal(selected, '"high"');
  await page.screenshot({ path: join(root, 'target', 'www.png'), fullPage: true });
  // Syntax errors are structured too, with the editor's own line numbers.
  await setPolicyText(original.replace('"rank": 2,', '"rank": 2,,'));
  await page.waitForFunction(() => /invalidJson|syntax/i.test(document.getElementById('policy-status').textContent));
  const line = original.split('\n').findIndex((l) => l.includes('"rank": 2,')) + 1;
  assert.match(await status.textContent(), new RegExp(`line ${line} column`));

  // A valid edit: allow deleting active users; the blocked delete becomes allowed.
  const edited = original.replace('"fromStatuses": [\n        "deactivated"\n      ],\n      "fromStatusesMessage": "{target.name} must', '"fromStatuses": [\n        "active",\n        "deactivated"\n      ],\n      "fromStatusesMessage": "{target.name} must');
  assert.notEqual(edited, original, 'the edit applies');
  await setPolicyText(edited);
  await status.locator('.valid').waitFor();
  assert.match(await status.textContent(), /edited/);
  const expected = engine('pipedrive').preview({ action: 'delete', actor: 'u-kadri', targets: ['u-diego'], now: NOW }, JSON.parse(edited));
  assert.equal(expected.verdict, 'allowed');
  await select('u-diego');
  const dialog = await openPreview('delete');
  assert.equal(await page.textContent('#dialog-title'), expected.summary.headline);
  assert.ok((await dialog.textContent()).includes(expected.fingerprint.value));
  await closeDialog();
  await page.click('#policy-reset');
  await status.locator('.valid').waitFor();
  assert.equal(await page.inputValue('#policy-text'), original);
});

test("a policy's own action: its option appears, the dialog shows the timeline of what happens later and the seats still paid for", BOUNDED, async () => {
  await pickPreset('pipedrive');
  const original = await page.inputValue('#policy-text');
  const policy = JSON.parse(original);
  policy.actions.suspend = {
    fromStatuses: ['active'],
    user: { status: 'suspended', later: [{ afterDays: 30, label: 'deletion', status: 'deleted', fields: { '*': 'erase' } }] },
  };
  policy.seats.licences = { ...(policy.seats.licences ?? {}), user: { ...(policy.seats.licences?.user ?? {}), billing: 'periodEnd' } };
  const edited = JSON.stringify(policy, null, 2);
  await setPolicyText(edited);
  await page.locator('#policy-status .valid').waitFor();
  const expected = engine('pipedrive').preview({ action: 'suspend', actor: 'u-kadri', targets: ['u-diego'], now: NOW }, policy);
  assert.equal(expected.verdict, 'allowed');
  const later = expected.summary.lines.filter((l) => l.at);
  assert.equal(later.length, 1, 'one line happens later');
  assert.equal(expected.seats[0].billedUntil, 'periodEnd');
  await select('u-diego');
  const dialog = await openPreview('suspend');
  const timeline = dialog.locator('.timeline');
  assert.equal(await timeline.locator('time').first().getAttribute('datetime'), later[0].at);
  assert.ok((await timeline.textContent()).includes(later[0].text));
  assert.match(await dialog.locator('table.seats td.billed').first().textContent(), /until the billing period ends/);
  await closeDialog();
  await page.click('#policy-reset');
  await page.locator('#policy-status .valid').waitFor();
  assert.equal(await page.$('#action option[value="suspend"]'), null, 'the option goes with the policy');
});

test('confirming applies the plan to the sample, and the list shows the new status', BOUNDED, async () => {
  await pickPreset('pipedrive');
  await select('u-rasmus');
  await openPreview('deactivate', 'u-anna');
  await page.click('#confirm-button');
  await page.waitForSelector('#preview-dialog:not([open])', { state: 'attached' });
  assert.equal(await page.textContent('tr[data-user="u-rasmus"] .status'), 'deactivated');
  await page.click('#stats button');
  assert.equal(await page.textContent('tr[data-user="u-rasmus"] .status'), 'active');
});

test('every preset renders a preview of each of its shipped examples', BOUNDED, async () => {
  for (const { id } of offboard.listPresets().value) {
    await pickPreset(id);
    const { examples } = offboard.preset(id).value;
    for (let i = 0; i < examples.length; i++) {
      const { policy, sample } = engine(id);
      const expected = offboard.preview({ policy, snapshot: sample, request: examples[i].request }).value;
      await page.selectOption('#examples', String(i));
      await page.waitForSelector('#preview-dialog[open]');
      assert.equal(await page.textContent('#dialog-title'), expected.summary.headline, `${id}: ${examples[i].name}`);
      await closeDialog();
    }
  }
});

test('reclaim seats: the dormant users, seats freed and who blocks what, as the engine sweeps them', BOUNDED, async () => {
  const { dormantWhere } = await import(join(root, 'www', 'reclaim.js'));
  await pickPreset('pipedrive');
  const { sample } = engine('pipedrive');
  const actor = await page.inputValue('#actor');
  const ws = offboard.Workspace.load({ snapshot: sample }).value;
  let sawBlockers = false;
  for (const action of ['deactivate', 'delete']) {
    const expected = ws.sweep({ policy: 'pipedrive', action, actor, where: dormantWhere(14), now: NOW }).value;
    assert.ok(expected.rows.length >= 3, 'several dormant users');
    await page.fill('#reclaim-days', '14');
    await page.selectOption('#reclaim-action', action);
    await page.click('#reclaim-button');
    await page.waitForSelector('#reclaim-totals');
    assert.equal(await page.textContent('#reclaim-where'), dormantWhere(14));
    const rows = await page.$$eval('#reclaim-table tbody tr', (rs) => rs.map((r) => [r.dataset.user, r.dataset.verdict, r.querySelector('.seats').textContent, [...r.querySelectorAll('.blockers .code')].map((c) => c.textContent)]));
    assert.deepEqual(rows, expected.rows.map((r) => [
      r.user,
      r.verdict,
      r.seats.filter((s) => s.change < 0).map((s) => `${-s.change} ${s.licence}`).join(', ') || '—',
      r.blockers.map((b) => b.code),
    ]));
    for (const s of expected.totals.seats) {
      assert.equal(await page.textContent(`.reclaim-seats[data-licence="${s.licence}"] .reclaimable`), String(s.reclaimable));
    }
    const codes = await page.$$eval('#reclaim-blockers li', (ls) => ls.map((l) => l.dataset.code));
    assert.deepEqual(codes, expected.totals.blockers.map((b) => b.code));
    if (codes.length > 0) sawBlockers = true;
  }
  assert.ok(sawBlockers, 'deleting active users is blocked: the view says by what');
  ws.free();
  await page.locator('.reclaim').screenshot({ path: join(root, 'target', 'www-reclaim.png') });
});

test('no errors in the console, and the full page screenshot is written', BOUNDED, async () => {
  assert.ok(existsSync(join(root, 'target', 'www.png')));
  assert.deepEqual(problems, []);
});
