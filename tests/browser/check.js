// The same checks in every browser context: a page, a worker, bundlers' builds.
// `api` is the offboard module, with 'offboard/presets' imported beside it;
// returns a plain summary object.
export async function check(api, how) {
  if (how === 'sync') {
    const bytes = await (await fetch(new URL('../node_modules/offboard/offboard_bg.wasm', import.meta.url))).arrayBuffer();
    api.initSync(bytes);
  } else if (how === 'ready') {
    // initialised by the caller (a bundler recipe)
    if (!api.isReady()) throw new Error('not initialised');
  } else {
    const before = api.preview({});
    if (before.ok || before.errors[0].code !== 'notInitialized') throw new Error('calls before init() answer notInitialized');
    await api.init();
  }
  const presets = api.listPresets();
  if (!presets.ok) return { error: presets.errors };
  const pd = api.preset('pipedrive');
  if (!pd.ok) return { error: pd.errors };
  const { policy, sample, examples } = pd.value;
  const input = { policy, snapshot: sample, request: examples[0].request };
  const answer = api.preview(input);
  const fromBytes = api.preview(new TextEncoder().encode(JSON.stringify(input)));
  let bad = 0;
  for (let i = 0; i < 2000; i++) if (!api.preview('{').ok) bad++;
  const loaded = api.Workspace.load({ snapshot: sample });
  const again = loaded.ok ? loaded.value.preview({ policy, request: examples[0].request }) : loaded;
  return {
    presets: presets.value.map((p) => p.id),
    ok: answer.ok,
    verdict: answer.ok ? answer.value.verdict : undefined,
    errors: answer.ok ? undefined : answer.errors,
    bytesAlike: JSON.stringify(fromBytes) === JSON.stringify(answer),
    workspaceAlike: JSON.stringify(again) === JSON.stringify(answer),
    badAnswered: bad,
  };
}
