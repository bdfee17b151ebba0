// A failed hook's pods and logs through the cluster layer (dist/cluster.js), for releases made by the real
// helm 3.18 and 4.1: the hooks-smoke chart's post-upgrade Job prints to stdout and stderr and exits 3.
import assert from 'node:assert/strict';
import { api, cluster, createNamespace, expectStatus, helm, HelmMajor, repoRoot, waitFor } from './cluster';
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
        await session.dispose();
      }
    });

  });
}

describe('cluster layer: following a running pod\'s log', () => {
  const ns = 'logs-follow';
  before(() => createNamespace(ns));

  it('delivers 10,000 lines in order, none lost, and ends when the container ends', async () => {
    const k = api();
    try {
      // A Pod hook as helm would create it: it prints for a while, so the follow starts mid-run.
      const script = 'sleep 2; i=0; while [ $i -lt 10000 ]; do echo "line $i"; i=$((i+1)); done';
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'chatty', namespace: ns },
        spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['/bin/sh', '-c', script] }] },
      };
      expectStatus(await k.call('POST', `/api/v1/namespaces/${ns}/pods`, pod), 201);
    } finally {
      k.close();
    }
    const L = layer();
    const session = L.openSession({ kubeconfig: cluster().adminKubeconfig, context: undefined, namespace: ns, drivers: ['secret'], requestTimeoutMs: 15000 });
    try {
      const hook = {
        name: 'chatty', kind: 'Pod', path: 'c/templates/chatty.yaml', weight: 0, events: ['test' as const], deletePolicies: [], outputLogPolicies: [], manifest: '', namespace: undefined,
        lastRun: { phase: 'Running' as const, startedAt: undefined, completedAt: undefined, durationMs: undefined, staleReason: undefined },
      };
      const running = await waitFor('the pod to run', 60_000, async () => {
        const [p] = await L.hookPods(session.store.conn, hook, ns, 15000);
        return p?.containers[0]?.running ? p : undefined;
      });
      const lines: string[] = [];
      const stop = new AbortController();
      await L.followLog(session.store.conn, running, 'main', { signal: stop.signal, timeoutMs: 15000 }, (l) => lines.push(l));
      assert.equal(lines.length, 10000, `got ${lines.length} lines`);
      lines.forEach((l, i) => assert.equal(l, `line ${i}`));
    } finally {
      await session.dispose();
    }
  });
});
