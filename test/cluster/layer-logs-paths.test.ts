// The log paths Show Hook Logs takes besides one failed container, through the cluster layer
// (dist/cluster.js) against the stand-in kubelet: init containers, a container restarted in place
// (`previous`), a Job retried in new pods, and a user who may list pods but not read their logs.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, cluster, createNamespace, expectStatus, HelmMajor, repoRoot, waitFor } from './cluster';
import { Cleanup, grant, Layer, layer, loadReady, mustHelm, writeKubeconfig } from './layer';

const chart = join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'hooks-logs');
const TIMEOUT = 15000;

/** A hook as the release record would describe it, for pods created without helm. */
function hookOf(kind: 'Job' | 'Pod', name: string): Layer.HookInfo {
  return {
    name, kind, path: `fixture/templates/${name}.yaml`, weight: 0, events: ['post-install'], deletePolicies: [], outputLogPolicies: [], manifest: '', namespace: undefined,
    lastRun: { phase: 'Failed', startedAt: undefined, completedAt: undefined, durationMs: undefined, staleReason: undefined },
  };
}

async function create(path: string, body: unknown): Promise<void> {
  const k = api();
  try {
    expectStatus(await k.call('POST', path, body), 201);
  } finally {
    k.close();
  }
}

describe('cluster layer: hook log paths', () => {
  const cleanup = new Cleanup();
  const retriesNs = 'logs-retries';

  before(async () => {
    // The Job controller waits 10 s before its third pod: started first, it retries while the helm tests run.
    await createNamespace(retriesNs);
    await create(`/apis/batch/v1/namespaces/${retriesNs}/jobs`, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'flaky-migrate' },
      spec: {
        backoffLimit: 2,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'migrate', image: 'busybox:1.36', command: ['/bin/sh', '-c', 'echo "attempt in $HOSTNAME"; echo "error: lock held by another migration" >&2; exit 1'] }],
          },
        },
      },
    });
  });

  afterEach(() => cleanup.run());

  for (const major of [3, 4] as HelmMajor[]) {
    describe(`a release made by helm ${major}`, () => {
      const ns = `logs-paths-h${major}`;
      let session!: Layer.ClusterSession;
      let info: Layer.ReleaseInfo;

      before(async () => {
        await createNamespace(ns);
        const runs = cleanup.tempDir();
        await mustHelm(major, ['install', 'app', chart, '--namespace', ns, '--set', `runsDir=${runs}`, '--timeout', '120s']);
        session = layer().openSession({ kubeconfig: cluster().adminKubeconfig, context: undefined, namespace: ns, drivers: ['secret'], requestTimeoutMs: TIMEOUT });
        await loadReady(session.store);
        const [entry] = session.store.releases();
        info = await session.store.info(entry);
      });

      // Unset when before() failed: its error is the one to see.
      after(() => (session as Layer.ClusterSession | undefined)?.dispose());

      const hookNamed = (name: string): Layer.HookInfo => {
        const hook = info.hooks.find((h) => h.name === name);
        assert.ok(hook, `hook ${name} is in the record: ${info.hooks.map((h) => h.name).join(', ')}`);
        return hook;
      };

      it('shows the init container first, completed, with what it printed', async () => {
        const L = layer();
        const pods = await L.hookPods(session.store.conn, hookNamed('app-schema'), info.namespace, TIMEOUT);
        assert.equal(pods.length, 1);
        const [pod] = L.attemptsToShow(pods);
        assert.equal(pod.phase, 'Succeeded');
        assert.deepEqual(
          pod.containers.map((c) => ({ name: c.name, init: c.init, exitCode: c.exitCode, reason: c.reason, restarts: c.restarts, running: c.running, hasPrevious: c.hasPrevious })),
          [
            { name: 'wait-for-db', init: true, exitCode: 0, reason: 'Completed', restarts: 0, running: false, hasPrevious: false },
            { name: 'migrate', init: false, exitCode: 0, reason: 'Completed', restarts: 0, running: false, hasPrevious: false },
          ],
        );
        assert.equal(await L.readLog(session.store.conn, pod, 'wait-for-db', { timeoutMs: TIMEOUT }), 'waiting for database app-db:5432\ndatabase is up\n');
        // Each container's own log, not the pod's first container's.
        assert.equal(await L.readLog(session.store.conn, pod, 'migrate', { timeoutMs: TIMEOUT }), 'applying 3 migrations\n');
      });

      it('keeps the failed run of a restarted container apart from the run that succeeded', async () => {
        const L = layer();
        const pods = await L.hookPods(session.store.conn, hookNamed('app-warmup'), info.namespace, TIMEOUT);
        assert.equal(pods.length, 1, 'OnFailure restarts the container in the same pod');
        const [pod] = L.attemptsToShow(pods);
        assert.equal(pod.phase, 'Succeeded');
        const [warm] = pod.containers;
        assert.deepEqual(
          { name: warm.name, exitCode: warm.exitCode, reason: warm.reason, restarts: warm.restarts, hasPrevious: warm.hasPrevious },
          { name: 'warm', exitCode: 0, reason: 'Completed', restarts: 1, hasPrevious: true },
        );
        assert.equal(await L.readLog(session.store.conn, pod, 'warm', { previous: true, timeoutMs: TIMEOUT }), 'warm-up run 1: filling the cache\nerror: cache not reachable\n');
        assert.equal(await L.readLog(session.store.conn, pod, 'warm', { timeoutMs: TIMEOUT }), 'warm-up run 2: filling the cache\nwarm-up run 2: cache filled\n');
      });
    });
  }

  // After the helm tests (mocha runs a suite's own tests before its nested suites): the retries go on meanwhile.
  describe('a Job retried in new pods', () => {
    it('failed in every retry: every attempt, newest first, each with its own log', async () => {
      const L = layer();
      const session = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: retriesNs, drivers: ['secret'] });
      const hook = hookOf('Job', 'flaky-migrate');
      const pods = await waitFor('three failed attempts of Job flaky-migrate', 90_000, async () => {
        const ps = await L.hookPods(session.store.conn, hook, retriesNs, TIMEOUT);
        return ps.length === 3 && ps.every((p) => p.phase === 'Failed') ? ps : undefined;
      });
      const attempts = L.attemptsToShow(pods);
      assert.deepEqual(attempts.map((p) => p.name), pods.map((p) => p.name), 'no failed attempt is left out');
      const created = attempts.map((p) => p.createdAt?.getTime() ?? NaN);
      for (let i = 1; i < created.length; i++) assert.ok(created[i - 1] >= created[i], `newest first: ${attempts.map((p) => p.createdAt?.toISOString()).join(', ')}`);
      // The third pod comes after the Job controller's 10 s back-off; the first two may share a second
      // (creation times have one-second resolution), so only the last retry's place is certain.
      assert.ok(created[0] > created[1], `the last retry is on top: ${attempts.map((p) => p.createdAt?.toISOString()).join(', ')}`);
      for (const p of attempts) {
        assert.equal(p.containers[0]?.exitCode, 1);
        assert.equal(await L.readLog(session.store.conn, p, 'migrate', { timeoutMs: TIMEOUT }), `attempt in ${p.name}\nerror: lock held by another migration\n`);
      }
    });
  });

  describe('what a container printed, exactly', () => {
    it('keeps blank and indented lines, as kubectl logs does', async () => {
      const ns = 'logs-blank';
      await createNamespace(ns);
      await create(`/api/v1/namespaces/${ns}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'stack-trace' },
        spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['/bin/sh', '-c', 'printf "Traceback:\\n\\n  File app.py, line 3\\n\\nValueError: bad\\n"; exit 1'] }] },
      });
      const session = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: ns, drivers: ['secret'] });
      const L = layer();
      const pod = await waitFor('pod stack-trace to fail', 30_000, async () => {
        const [p] = await L.hookPods(session.store.conn, hookOf('Pod', 'stack-trace'), ns, TIMEOUT);
        return p?.phase === 'Failed' ? p : undefined;
      });
      const expected = 'Traceback:\n\n  File app.py, line 3\n\nValueError: bad\n';
      assert.equal(await L.readLog(session.store.conn, pod, 'main', { timeoutMs: TIMEOUT }), expected);
      const followed: string[] = [];
      await L.followLog(session.store.conn, pod, 'main', { signal: new AbortController().signal, timeoutMs: TIMEOUT }, (l) => followed.push(l));
      assert.equal(`${followed.join('\n')}\n`, expected);
    });
  });

  describe('RBAC', () => {
    it('a user who may list pods but not read logs is told which permission is missing, and where', async () => {
      const ns = 'logs-rbac';
      await createNamespace(ns);
      await create(`/api/v1/namespaces/${ns}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'report' },
        spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['/bin/sh', '-c', 'echo report done'] }] },
      });
      const c = cluster();
      await grant(ns, c.limitedUser.name, ['pods'], ['get', 'list']);
      const kubeconfig = writeKubeconfig(cleanup.tempDir(), { user: c.limitedUser.name, token: c.tokens.limited, namespace: ns });
      const session = cleanup.session({ kubeconfig, namespace: ns, drivers: ['secret'] });
      const L = layer();
      const pod = await waitFor('pod report to finish', 30_000, async () => {
        const [p] = await L.hookPods(session.store.conn, hookOf('Pod', 'report'), ns, TIMEOUT);
        return p?.phase === 'Succeeded' ? p : undefined;
      });

      const problems: Layer.ClusterProblem[] = [];
      for (const read of [
        () => L.readLog(session.store.conn, pod, 'main', { timeoutMs: TIMEOUT }),
        () => L.followLog(session.store.conn, pod, 'main', { signal: new AbortController().signal, timeoutMs: TIMEOUT }, () => undefined),
      ]) {
        await assert.rejects(read, (err: unknown) => {
          assert.ok(err instanceof L.ClusterProblem, `a ClusterProblem, got ${String(err)}`);
          problems.push(err);
          return true;
        });
      }
      for (const p of problems) {
        assert.equal(p.kind, 'forbidden', p.message);
        assert.equal(p.status, 403);
        // What was tried, as whom, and the permission to ask an admin for, in which namespace.
        assert.match(p.message, new RegExp(`logs of ${ns}/report \\(main\\) as user ${c.limitedUser.name}`));
        assert.match(p.message, /cannot get resource "pods\/log"/);
        assert.match(p.message, new RegExp(`namespace "${ns}"`));
      }
      assert.match(problems[0].message, /^Not allowed to read the logs/);
      assert.match(problems[1].message, /^Not allowed to follow the logs/);
    });
  });
});
