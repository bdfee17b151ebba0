// `helm upgrade --atomic` with a failing pre-upgrade hook, by the real helm 3.18 and 4.1: each revision
// shows its runs only under the events its action ran, and the rollback that follows the failure points
// back at it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cluster, createNamespace, helm, HelmMajor, repoRoot } from './cluster';
import { Cleanup, Layer, layer, loadReady, mustHelm } from './layer';

const chart = join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'hooks-atomic');

for (const major of [3, 4] as HelmMajor[]) {
  describe(`cluster layer: a failed upgrade that helm ${major} --atomic rolled back`, () => {
    const ns = `layer-h${major}-atomic`;
    const cleanup = new Cleanup();
    let session: Layer.ClusterSession;
    let infos: Map<number, Layer.ReleaseInfo>;
    const now = new Date();
    const OPTS = { timeoutMs: 300000 };

    before(async () => {
      await createNamespace(ns);
      await mustHelm(major, ['install', 'cart', chart, '--namespace', ns, '--timeout', '120s']);
      await mustHelm(major, ['upgrade', 'cart', chart, '--namespace', ns, '--timeout', '120s']);
      const up = await helm(major, ['upgrade', 'cart', chart, '--namespace', ns, '--atomic', '--timeout', '120s', '--set', 'migrateExitCode=5']);
      assert.notEqual(up.code, 0, `the upgrade should fail on its pre-upgrade hook:\n${up.stdout}`);
      session = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: ns });
      await loadReady(session.store);
      const entry = session.store.releases().find((r) => r.name === 'cart');
      assert.ok(entry);
      infos = new Map();
      for (const ref of session.store.history(entry)) infos.set(ref.revision, await session.store.info(entry, ref));
    });

    after(() => cleanup.run());

    const phases = (revision: number): string[] => {
      const info = infos.get(revision);
      assert.ok(info, `revision ${revision} stored`);
      return layer()
        .hooksByEvent(info, now, OPTS)
        .map((g) => `${g.event}${g.ran ? '' : ' (not run)'}: ${g.hooks.map((h) => `${h.name}=${h.lastRun.phase || 'never'}`).join(', ')}`);
    };

    it('stores install, upgrade, the failed upgrade and the rollback to 2, with the descriptions Helm writes', () => {
      assert.deepEqual(
        [...infos.values()].sort((a, b) => a.revision - b.revision).map((i) => `${i.revision} ${i.status} ${i.description.split(':')[0]}`),
        ['1 superseded Install complete', '2 superseded Upgrade complete', '3 failed Upgrade "cart" failed', '4 deployed Rollback to 2'],
      );
    });

    it('shows the pre-install,pre-upgrade hook run under pre-upgrade only in an upgrade revision', () => {
      assert.deepEqual(phases(2), ['pre-install (not run): cart-migrate=never', 'pre-upgrade: cart-migrate=Succeeded', 'pre-rollback (not run): cart-rollback-note=never']);
      assert.deepEqual(phases(3), ['pre-install (not run): cart-migrate=never', 'pre-upgrade: cart-migrate=Failed', 'pre-rollback (not run): cart-rollback-note=never']);
      assert.deepEqual(phases(1), ['pre-install: cart-migrate=Succeeded', 'pre-upgrade (not run): cart-migrate=never', 'pre-rollback (not run): cart-rollback-note=never']);
    });

    it("shows the rollback's own pre-rollback run, not its copies of revision 2's runs", () => {
      assert.deepEqual(phases(4), ['pre-install (not run): cart-migrate=never', 'pre-upgrade (not run): cart-migrate=never', 'pre-rollback: cart-rollback-note=Succeeded']);
      // What the record holds: revision 2's run, copied.
      assert.equal(infos.get(4)?.hooks.find((h) => h.name === 'cart-migrate')?.lastRun.phase, 'Succeeded');
    });

    it('says the latest revision rolled back after revision 3 failed on the pre-upgrade hook', () => {
      const [latest, failed] = [infos.get(4), infos.get(3)];
      assert.ok(latest && failed);
      assert.deepEqual(layer().rolledBackAfterFailure(latest, failed, now, OPTS.timeoutMs), { failedRevision: 3, rolledBackTo: 2, cause: 'pre-upgrade hook cart-migrate failed' });
    });

    it("the lens finds the hook's failed run in revision 3 through releasesOfChart", async () => {
      const found = await layer().releasesOfChart(session.store, ['hooks-atomic']);
      assert.deepEqual(found.map((f) => [f.info.revision, f.failedBefore?.revision]), [[4, 3]]);
      const path = 'hooks-atomic/templates/migrate-job.yaml';
      const hooks = layer().templateHooksOf(path, readFileSync(join(chart, 'templates', 'migrate-job.yaml'), 'utf8'));
      const [run] = layer().templateRuns(hooks, [path], found.flatMap((f) => (f.failedBefore ? [f.info, f.failedBefore] : [f.info])), { now, timeoutMs: OPTS.timeoutMs });
      assert.deepEqual([run?.last.revision, run?.last.phase, run?.last.event, run?.failures], [3, 'Failed', 'pre-upgrade', 1]);
    });
  });
}
