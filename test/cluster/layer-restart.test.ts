// The real kube-apiserver restarted under a loaded store (its own file so that it runs after the other
// cluster-layer tests; it leaves the cluster ready for the ones that follow).
import assert from 'node:assert/strict';
import { startApiserver, stopApiserver } from './apiserver';
import { cluster, createNamespace } from './cluster';
import { Cleanup, hooksOrderChart, loadReady, mustHelm, summary, waitForStore } from './layer';

describe('cluster layer: API server restart', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('reports connectionTrouble while the API server is down, recovers when it is back, and lists what changed', async () => {
    const ns = 'layer-restart';
    await createNamespace(ns);
    // Both drivers: two watches go down and must both come back.
    const { store } = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: ns, drivers: ['secret', 'configmap'] });
    await loadReady(store);
    await mustHelm(3, ['install', 'before', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
    await mustHelm(4, ['install', 'before-cm', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false'], { HELM_DRIVER: 'configmap' });
    await waitForStore('both installs through the watches', 10000, () => summary(store, ns).length === 2, () => summary(store, ns));

    const launch = await stopApiserver();
    let restarted = false;
    try {
      await waitForStore('connectionTrouble while the API server is down', 30000, () => store.connectionTrouble !== undefined, () => store.state);
      const trouble = store.connectionTrouble!;
      assert.equal(trouble.problem.kind, 'unreachable', trouble.problem.message);
      assert.ok(trouble.problem.message.includes(cluster().server), trouble.problem.message);
      assert.equal(store.state.kind, 'ready');
      assert.deepEqual(summary(store, ns), ['secret:before@1:deployed', 'configmap:before-cm@1:deployed']);
      await startApiserver(launch);
      restarted = true;
    } finally {
      if (!restarted) await startApiserver(launch);
    }

    // Right after the restart, while the store may still be waiting to retry: a change in each driver.
    await mustHelm(4, ['upgrade', 'before', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false']);
    await mustHelm(3, ['install', 'after-cm', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false'], { HELM_DRIVER: 'configmap' });
    await waitForStore(
      'recovery after the restart',
      60000,
      () => store.connectionTrouble === undefined && summary(store, ns).length === 3 && summary(store, ns).includes('secret:before@2:deployed'),
      () => ({ trouble: store.connectionTrouble?.problem.message, releases: summary(store, ns) }),
    );
    assert.deepEqual(summary(store, ns), ['configmap:after-cm@1:deployed', 'secret:before@2:deployed', 'configmap:before-cm@1:deployed']);
    assert.equal(store.state.kind, 'ready');
    const info = await store.info(store.releases().find((e) => e.name === 'after-cm')!);
    assert.equal(info.helmMajor, 3);
    assert.equal(info.driver, 'configmap');
  });
});
