// A failed hook's pods and logs through the cluster layer (dist/cluster.js), for releases made by the real
// helm 3.18 and 4.1: the hooks-smoke chart's post-upgrade Job prints to stdout and stderr and exits 3.
import assert from 'node:assert/strict';
import { cluster, createNamespace, helm, HelmMajor, repoRoot } from './cluster';
import { layer, loadReady } from './layer';
import { join } from 'node:path';

const chart = join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'hooks-smoke');

for (const major of [3, 4] as HelmMajor[]) {
  describe(`cluster layer: a failed hook's logs (helm ${major})`, () => {
    const ns = `logs-h${major}`;

    before(async () => {
      await createNamespace(ns);
      assert.equal((await helm(major, ['install', 'app', chart, '--namespace', ns, '--timeout', '120s'])).code, 0);
      const up = await helm(major, ['upgrade', 'app', chart, '--namespace', ns, '--timeout', '120s']);
      assert.notEqual(up.code, 0, 'the upgrade fails on its post-upgrade hook');
    });

    it('finds the failed Job attempt, its exit code, and the words the hook printed', async () => {
      const L = layer();
      const session = L.openSession({ kubeconfig: cluster().adminKubeconfig, context: undefined, namespace: ns, drivers: ['secret'], requestTimeoutMs: 15000 });
      try {
        await loadReady(session.store);
        const [entry] = session.store.releases();
        const info = await session.store.info(entry);
        const hook = info.hooks.find((h) => h.name === 'app-post-upgrade');
        assert.ok(hook, 'the post-upgrade hook is in the record');
        assert.equal(hook.lastRun.phase, 'Failed');
        const pods = await L.hookPods(session.store.conn, hook, info.namespace, 15000);
        assert.ok(pods.length >= 1, 'the Job has a pod');
        const [attempt] = L.attemptsToShow(pods);
        assert.equal(attempt.phase, 'Failed');
        const migrate = attempt.containers.find((c) => c.name === 'migrate');
        assert.ok(migrate && !migrate.init);
        assert.equal(migrate.exitCode, 3, 'the exit code the script ended with');
        const log = await L.readLog(session.store.conn, attempt, 'migrate', { timeoutMs: 15000 });
        assert.match(log, /migrating schema to revision 2/);
        assert.match(log, /error: migration failed: table users is locked/);
        // Its policy (before-hook-creation) keeps the pods until the hook runs again; if gone, the view says why.
        assert.match(L.whyPodsGone(hook), /before-hook-creation/);
      } finally {
        session.dispose();
      }
    });

  });
}
