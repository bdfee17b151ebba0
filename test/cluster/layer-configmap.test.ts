// Releases stored by Helm's configmap driver (HELM_DRIVER=configmap), made by the real helm 3.18 / 4.1.
import assert from 'node:assert/strict';
import { api, cluster, createNamespace, expectStatus, HelmMajor } from './cluster';
import { Cleanup, hooksOrderChart, layer, loadReady, mustHelm, summary, waitForStore } from './layer';

const CONFIGMAP = { HELM_DRIVER: 'configmap' };

for (const major of [3, 4] as HelmMajor[]) {
  describe(`cluster layer: the configmap driver (helm ${major})`, () => {
    const cleanup = new Cleanup();
    afterEach(() => cleanup.run());

    it('lists and decodes ConfigMap records, and follows an upgrade through the ConfigMap watch', async () => {
      const ns = `layer-h${major}-cm`;
      await createNamespace(ns);
      await mustHelm(major, ['install', 'cmrel', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false'], CONFIGMAP);
      // Helm really wrote a ConfigMap and no Secret.
      const k = api();
      try {
        expectStatus(await k.call('GET', `/api/v1/namespaces/${ns}/configmaps/sh.helm.release.v1.cmrel.v1`), 200);
        expectStatus(await k.call('GET', `/api/v1/namespaces/${ns}/secrets/sh.helm.release.v1.cmrel.v1`), 404);
      } finally {
        k.close();
      }

      const { store } = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: ns, drivers: ['secret', 'configmap'] });
      await loadReady(store);
      assert.deepEqual(summary(store, ns), ['configmap:cmrel@1:deployed']);
      const e = store.releases()[0];
      assert.ok(e);
      const info = await store.info(e);
      assert.equal(info.driver, 'configmap');
      assert.equal(info.helmMajor, major);
      assert.equal(info.status, 'deployed');
      assert.equal(info.description, 'Install complete');
      assert.deepEqual(info.chart, { name: 'hooks-order', version: '0.2.0', appVersion: '1.7.3' });
      const pre = layer()
        .hooksByEvent(info, new Date(), { timeoutMs: 300000 })
        .find((g) => g.event === 'pre-install');
      assert.deepEqual(
        pre?.hooks.map((h) => `${h.kind}/${h.name}:${h.lastRun.phase}`),
        ['ConfigMap/cmrel-zeta:Succeeded', 'ConfigMap/cmrel-mid:Succeeded', 'ConfigMap/cmrel-alpha:Succeeded', 'Secret/cmrel-same:Succeeded', 'ConfigMap/cmrel-same:Succeeded'],
      );

      await mustHelm(major, ['upgrade', 'cmrel', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false'], CONFIGMAP);
      await waitForStore('the upgrade through the ConfigMap watch', 10000, () => summary(store, ns)[0] === 'configmap:cmrel@2:deployed', () => summary(store, ns));
      assert.deepEqual(
        store.history(store.releases()[0]).map((r) => `${r.driver}:${r.revision}:${r.status}`),
        ['configmap:2:deployed', 'configmap:1:superseded'],
      );
    });

    it('shows no ConfigMap records when only the secret driver is asked for', async () => {
      const ns = `layer-h${major}-cm-only`;
      await createNamespace(ns);
      await mustHelm(major, ['install', 'cmonly', hooksOrderChart, '--namespace', ns, '--set', 'jobs=false'], CONFIGMAP);
      const secretOnly = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: ns, drivers: ['secret'] }).store;
      const both = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: ns, drivers: ['secret', 'configmap'] }).store;
      await Promise.all([loadReady(secretOnly), loadReady(both)]);
      assert.deepEqual(summary(secretOnly, ns), []);
      assert.deepEqual(summary(both, ns), ['configmap:cmonly@1:deployed']);
    });
  });
}
