// Live updates: with the store loaded, what helm 3.18 / 4.1 change in the cluster reaches the store
// through its watches (onDidChange, no reload) within seconds.
import assert from 'node:assert/strict';
import { cluster, createNamespace, HelmMajor } from './cluster';
import { Cleanup, hooksOrderChart, Layer, loadReady, mustHelm, summary, waitForStore } from './layer';

/**
 * What a view redrawn on each onDidChange would have shown: the store's state and the namespace's
 * releases at every call.
 */
function listen(store: Layer.ClusterSession['store'], ns: string): { states: string[]; shown: string[][] } {
  const states: string[] = [];
  const shown: string[][] = [];
  store.onDidChange(() => {
    states.push(store.state.kind);
    shown.push(summary(store, ns));
  });
  return { states, shown };
}

/** Waits until an onDidChange call (the `from`th or a later one) showed releases that pass `check`. */
function waitForShown(what: string, seen: { shown: string[][] }, check: (releases: string[]) => boolean, from = 0): Promise<void> {
  return waitForStore(what, LIVE_MS, () => seen.shown.slice(from).some(check), () => seen.shown.slice(from));
}

/** A watch event should arrive within a second or two; this leaves room for a busy 2-core machine. */
const LIVE_MS = 10000;

for (const major of [3, 4] as HelmMajor[]) {
  describe(`cluster layer: live updates (helm ${major})`, () => {
    const cleanup = new Cleanup();
    afterEach(() => cleanup.run());

    it('an upgrade shows up through the watch, without a reload (all namespaces)', async () => {
      const ns = `layer-h${major}-live-up`;
      await createNamespace(ns);
      await mustHelm(major, ['install', 'live', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
      const { store } = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: undefined });
      await loadReady(store);
      assert.deepEqual(summary(store, ns), ['secret:live@1:deployed']);
      const seen = listen(store, ns);

      await mustHelm(major, ['upgrade', 'live', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
      const upgraded = Date.now();
      await waitForShown('onDidChange showing the upgrade', seen, (r) => r.includes('secret:live@2:deployed'));
      const latencyMs = Date.now() - upgraded;
      assert.deepEqual(summary(store, ns), ['secret:live@2:deployed']);
      assert.ok(!seen.states.includes('loading'), `the store reloaded: ${seen.states.join(',')}`);
      assert.equal(store.state.kind, 'ready');
      const e = store.releases().find((r) => r.namespace === ns);
      assert.ok(e);
      assert.deepEqual(
        store.history(e).map((r) => `${r.revision}:${r.status}`),
        ['2:deployed', '1:superseded'],
      );
      // The details follow the new revision too.
      const info = await store.info(e);
      assert.equal(info.revision, 2);
      assert.equal(info.helmMajor, major);
      assert.ok(latencyMs < LIVE_MS, `${latencyMs} ms`);
    });

    it('a new release and an uninstall show up through the watch (one namespace)', async () => {
      const ns = `layer-h${major}-live-new`;
      await createNamespace(ns);
      const { store } = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: ns });
      await loadReady(store);
      assert.deepEqual(store.releases(), []);
      const seen = listen(store, ns);

      await mustHelm(major, ['install', 'fresh', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
      await waitForShown('onDidChange showing the new release', seen, (r) => r.includes('secret:fresh@1:deployed'));
      const e = store.releases()[0];
      assert.ok(e);
      const info = await store.info(e);
      assert.equal(info.chart?.name, 'hooks-order');
      assert.ok(info.hooks.some((h) => h.name === 'fresh-zeta' && h.lastRun.phase === 'Succeeded'), JSON.stringify(info.hooks.map((h) => [h.name, h.lastRun.phase])));

      const before = seen.shown.length;
      await mustHelm(major, ['uninstall', 'fresh', '--namespace', ns]);
      await waitForShown('onDidChange showing the release gone', seen, (r) => r.length === 0, before);
      assert.ok(!seen.states.includes('loading'), `the store reloaded: ${seen.states.join(',')}`);
    });
  });
}
