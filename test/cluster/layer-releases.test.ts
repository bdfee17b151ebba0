// The cluster layer (dist/cluster.js) against the real API server, reading releases the real helm 3.18 and
// helm 4.1 made: what the Helm Releases view shows (releases, revisions, statuses from labels), what a
// release's details show (chart, Helm's failure text, hooks with their last runs), and the hooks in the
// order helm really ran them.
import assert from 'node:assert/strict';
import { api, cluster, createNamespace, expectStatus, helm, HelmMajor, readRelease } from './cluster';
import { Cleanup, hooksOrderChart, isRecord, Layer, layer, loadReady, mustHelm, nanos, summary } from './layer';

/** `kind/name` of a hook, as hooks are told apart in these tests. */
const id = (h: { kind: string; name: string }): string => `${h.kind}/${h.name}`;

/** Labels of every Helm record Secret in a namespace, read straight from the API: `name.vN -> status`. */
async function labelStatuses(namespace: string): Promise<Record<string, string>> {
  const k = api();
  try {
    const r = expectStatus(await k.call('GET', `/api/v1/namespaces/${namespace}/secrets?labelSelector=owner%3Dhelm`), 200);
    const out: Record<string, string> = {};
    for (const item of isRecord(r.json) && Array.isArray(r.json.items) ? r.json.items : []) {
      const labels = isRecord(item) && isRecord(item.metadata) && isRecord(item.metadata.labels) ? item.metadata.labels : {};
      out[`${String(labels.name)}.v${String(labels.version)}`] = String(labels.status);
    }
    return out;
  } finally {
    k.close();
  }
}

for (const major of [3, 4] as HelmMajor[]) {
  describe(`cluster layer: releases made by helm ${major}`, () => {
    const nsApps = `layer-h${major}-apps`;
    const nsJobs = `layer-h${major}-jobs`;
    const cleanup = new Cleanup();
    let session: Layer.ClusterSession;
    let upgradeStderr = '';

    before(async () => {
      await Promise.all([createNamespace(nsApps), createNamespace(nsJobs)]);
      // nsJobs: "order", whose install runs seven pre-install hooks (two of them Jobs), then an upgrade
      // whose post-upgrade Job fails, then `helm test`.
      await mustHelm(major, ['install', 'order', hooksOrderChart, '--namespace', nsJobs, '--timeout', '120s']);
      const up = await helm(major, ['upgrade', 'order', hooksOrderChart, '--namespace', nsJobs, '--timeout', '120s', '--set', 'postUpgradeExitCode=3']);
      assert.notEqual(up.code, 0, `the upgrade should fail on its post-upgrade hook:\n${up.stdout}`);
      upgradeStderr = up.stderr;
      await mustHelm(major, ['test', 'order', '--namespace', nsJobs, '--timeout', '120s']);
      // nsApps: "other", installed and upgraded without Job hooks.
      await mustHelm(major, ['install', 'other', hooksOrderChart, '--namespace', nsApps, '--set', 'jobs=false']);
      await mustHelm(major, ['upgrade', 'other', hooksOrderChart, '--namespace', nsApps, '--set', 'jobs=false']);
      // All namespaces, both drivers: what the view opens with by default.
      session = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: undefined });
      await loadReady(session.store);
    });

    after(() => cleanup.run());

    const entry = (namespace: string, name: string): Layer.ReleaseEntry => {
      const e = session.store.releases().find((r) => r.namespace === namespace && r.name === name);
      assert.ok(e, `release ${namespace}/${name} not listed; listed: ${JSON.stringify(session.store.releases().map((r) => r.key))}`);
      return e;
    };

    it('lists each release once, in its namespace, with the latest revision and its status from the labels', () => {
      assert.deepEqual(summary(session.store, nsJobs), ['secret:order@2:failed']);
      assert.deepEqual(summary(session.store, nsApps), ['secret:other@2:deployed']);
      assert.equal(session.target.server, cluster().server);
      assert.deepEqual(session.store.messages, []);
      assert.equal(session.store.connectionTrouble, undefined);
    });

    it('history() lists every revision, newest first, with the status each revision has in its labels', async () => {
      const labels = { ...(await labelStatuses(nsJobs)), ...(await labelStatuses(nsApps)) };
      for (const [ns, name] of [
        [nsJobs, 'order'],
        [nsApps, 'other'],
      ] as const) {
        const e = entry(ns, name);
        const hist = session.store.history(e);
        assert.deepEqual(
          hist.map((r) => r.revision),
          [2, 1],
        );
        assert.equal(e.revisions, 2);
        assert.equal(e.latest, hist[0]);
        for (const r of hist) {
          assert.equal(r.objectName, `sh.helm.release.v1.${name}.v${r.revision}`);
          assert.equal(r.status, labels[`${name}.v${r.revision}`], `${name} v${r.revision}`);
          assert.ok(r.modifiedAt instanceof Date && Math.abs(r.modifiedAt.getTime() - Date.now()) < 15 * 60000, String(r.modifiedAt));
        }
      }
      assert.deepEqual(
        session.store.history(entry(nsApps, 'other')).map((r) => r.status),
        ['deployed', 'superseded'],
      );
    });

    it("info() of the failed upgrade: chart, Helm's failure text, and the hooks it recorded", async () => {
      const info = await session.store.info(entry(nsJobs, 'order'));
      assert.equal(info.name, 'order');
      assert.equal(info.namespace, nsJobs);
      assert.equal(info.revision, 2);
      assert.equal(info.status, 'failed');
      assert.equal(info.driver, 'secret');
      assert.equal(info.helmMajor, major);
      assert.deepEqual(info.chart, { name: 'hooks-order', version: '0.2.0', appVersion: '1.7.3' });
      // The text `helm upgrade` failed with is the text the record keeps.
      assert.match(info.description, /post-upgrade hooks failed/);
      assert.match(info.description, /order-post-upgrade/);
      const why = major === 3 ? /job order-post-upgrade failed: BackoffLimitExceeded/ : new RegExp(`Job/${nsJobs}/order-post-upgrade not ready\\. status: Failed`);
      assert.match(info.description, why);
      assert.match(upgradeStderr, why);
      const raw = await readRelease(nsJobs, 'order', 2);
      assert.equal(info.description, raw.info.description);
      assert.deepEqual(info.hooks.map(id).sort(), (raw.hooks ?? []).map(id).sort());
      assert.ok(info.lastDeployed instanceof Date && info.firstDeployed instanceof Date);
    });

    it('hooksByEvent(): the pre-install hooks in the order helm ran them (weight, then name, then kind)', async () => {
      const e = entry(nsJobs, 'order');
      const rev1 = session.store.history(e).find((r) => r.revision === 1);
      assert.ok(rev1);
      const info = await session.store.info(e, rev1);
      assert.equal(info.revision, 1);
      const groups = layer().hooksByEvent(info, new Date(), { timeoutMs: 300000 });
      const pre = groups.find((g) => g.event === 'pre-install');
      assert.ok(pre, `no pre-install group in ${JSON.stringify(groups.map((g) => g.event))}`);
      const shown = pre.hooks.map(id);

      // What helm did: its record's started_at times (nanoseconds, read from the raw JSON).
      const raw = await readRelease(nsJobs, 'order', 1);
      const ran = (raw.hooks ?? [])
        .filter((h) => h.events.includes('pre-install'))
        .sort((a, b) => (nanos(a.last_run.started_at) < nanos(b.last_run.started_at) ? -1 : 1))
        .map(id);
      assert.deepEqual(shown, ran, 'the order shown is not the order helm ran the hooks in');
      // And what that order is (weight -10, -5, 0, 3; "alpha" < "same"; the tie on "same" by kind).
      assert.deepEqual(shown, ['ConfigMap/order-zeta', 'Job/order-early', 'ConfigMap/order-mid', 'ConfigMap/order-alpha', 'Secret/order-same', 'ConfigMap/order-same', 'Job/order-same']);
      assert.deepEqual(
        pre.hooks.map((h) => h.weight),
        [-10, -5, 0, 3, 3, 3, 3],
      );
      for (const h of pre.hooks) assert.equal(h.lastRun.phase, 'Succeeded', id(h));
      // The events of the whole chart, in lifecycle order.
      assert.deepEqual(
        groups.map((g) => g.event),
        ['pre-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'test'],
      );
    });

    it("hook phases: Succeeded and Failed Jobs, '' for hooks that never ran, the test Pod after helm test", async () => {
      const e = entry(nsJobs, 'order');
      const now = new Date();
      const phases = async (ref: Layer.RecordRef): Promise<Record<string, string>> => {
        const info = await session.store.info(e, ref);
        const out: Record<string, string> = {};
        for (const g of layer().hooksByEvent(info, now, { timeoutMs: 300000 })) for (const h of g.hooks) out[`${g.event} ${id(h)}`] = h.lastRun.phase;
        return out;
      };
      const [v2, v1] = session.store.history(e);
      assert.ok(v1 && v2);
      const p1 = await phases(v1);
      assert.equal(p1['pre-install Job/order-early'], 'Succeeded');
      assert.equal(p1['pre-rollback ConfigMap/order-pre-rollback'], '');
      assert.equal(p1['test Pod/order-test'], '', 'helm test ran on revision 2 only');
      assert.equal(p1['post-upgrade Job/order-post-upgrade'], '');

      const p2 = await phases(v2);
      assert.equal(p2['pre-upgrade ConfigMap/order-pre-upgrade'], 'Succeeded');
      assert.equal(p2['post-upgrade Job/order-post-upgrade'], 'Failed');
      assert.equal(p2['test Pod/order-test'], 'Succeeded');
      assert.equal(p2['pre-rollback ConfigMap/order-pre-rollback'], '');
      // An upgrade does not run pre-install hooks: this revision's record has them never run.
      assert.equal(p2['pre-install Job/order-early'], '');

      const info2 = await session.store.info(e, v2);
      const failed = info2.hooks.find((h) => h.name === 'order-post-upgrade');
      assert.ok(failed?.lastRun.startedAt && failed.lastRun.completedAt, JSON.stringify(failed?.lastRun));
      assert.ok((failed.lastRun.durationMs ?? -1) >= 0);
      const never = info2.hooks.find((h) => h.name === 'order-pre-rollback');
      assert.equal(never?.lastRun.startedAt, undefined);
      assert.equal(never?.lastRun.durationMs, undefined);
    });
  });
}
