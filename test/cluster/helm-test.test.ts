// Run Helm Tests through the cluster layer (dist/cluster.js), with the real helm 3.18 and 4.1 against the
// local cluster: the chart helm-tests has a Pod test with an init container and a Job test that its
// hook-succeeded policy deletes at once (neither of which `helm test --logs` shows).
import assert from 'node:assert/strict';
import { alive } from '../helpers/processes';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { api, cluster, createNamespace, HelmMajor, repoRoot } from './cluster';
import { Cleanup, layer, loadReady, Layer, mustHelm, writeKubeconfig } from './layer';

const chart = join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'helm-tests');


for (const major of [3, 4] as HelmMajor[]) {
  describe(`Run Helm Tests (helm ${major})`, function () {
    this.timeout(180_000);
    const ns = `helmtest-h${major}`;
    const cleanup = new Cleanup();
    let session: Layer.ClusterSession;
    let helmBin: string;
    let home: string;

    before(async () => {
      await createNamespace(ns);
      await mustHelm(major, ['install', 'shop', chart, '--namespace', ns, '--timeout', '120s']);
      helmBin = major === 3 ? cluster().binaries.helm3 : cluster().binaries.helm4;
      home = join(cluster().stateDir, `run-tests-h${major}-home`);
      mkdirSync(home, { recursive: true });
    });
    beforeEach(async () => {
      session = cleanup.session({ kubeconfig: cluster().adminKubeconfig, namespace: ns, drivers: ['secret'] });
      await loadReady(session.store);
    });
    afterEach(() => cleanup.run());

    /** What the command does: the latest record's test hooks, then helm with the view's connection. */
    async function start(filter: string[] = [], extra: Partial<Layer.HelmTestOptions> = {}): Promise<{ run: Layer.HelmTestRun; finished: string[]; output: string[] }> {
      const [entry] = session.store.releases();
      const info = await session.store.info(entry);
      const finished: string[] = [];
      const output: string[] = [];
      const run = layer().startHelmTest({
        helm: helmBin,
        conn: session.store.conn,
        release: { name: entry.name, namespace: entry.namespace, driver: entry.driver },
        testHooks: info.hooks.filter((h) => h.events.includes('test')),
        filter,
        timeoutSeconds: 120,
        requestTimeoutMs: 15_000,
        env: { PATH: process.env.PATH, HOME: home, HELM_CONFIG_HOME: join(home, 'config'), HELM_CACHE_HOME: join(home, 'cache'), HELM_DATA_HOME: join(home, 'data') },
        onOutput: (text) => output.push(text),
        onTestFinished: (t) => finished.push(`${t.hook.name}:${t.phase}`),
        ...extra,
      });
      return { run, finished, output };
    }

    it('a passing run: pass message, helm\'s report streamed, and every test\'s logs, the deleted Job\'s too', async () => {
      const { run, finished, output } = await start();
      const r = await run.done;
      assert.equal(r.outcome.status, 'passed', r.outcome.summary);
      assert.equal(r.outcome.summary, `helm test shop (namespace ${ns}): 2 tests passed.`);
      assert.match(output.join(''), /TEST SUITE:\s+shop-smoke/);
      assert.deepEqual(finished.sort(), ['shop-db-check:Succeeded', 'shop-smoke:Succeeded']);
      const smoke = r.collected.find((t) => t.hook.name === 'shop-smoke')!;
      assert.deepEqual(smoke.containers.map((c) => `${c.init ? 'init ' : ''}${c.name}:${c.exitCode}`), ['init wait-config:0', 'smoke:0']);
      assert.equal(smoke.containers[0].log, 'config is ready\n');
      assert.equal(smoke.containers[1].log, 'smoke test starting\nsmoke test passed\n');
      const db = r.collected.find((t) => t.hook.name === 'shop-db-check')!;
      assert.equal(db.containers[0].log, 'connecting to db\ndb check passed\n');
      // hook-succeeded deleted the Job: its logs exist only because they were collected during the run.
      const k = api();
      try {
        assert.equal((await k.call('GET', `/apis/batch/v1/namespaces/${ns}/jobs/shop-db-check`)).status, 404);
      } finally {
        k.close();
      }
      assert.deepEqual(r.unseen, []);
    });

    it('a failing run: names the failing test and what it printed last, with its exit code', async () => {
      await mustHelm(major, ['upgrade', 'shop', chart, '--namespace', ns, '--set', 'failDbCheck=true', '--timeout', '120s']);
      await loadReady(session.store);
      const { run } = await start();
      const r = await run.done;
      assert.equal(r.outcome.status, 'failed', r.outcome.summary);
      assert.match(r.outcome.summary, /shop-db-check failed \(1 of 2 tests passed\)/);
      assert.match(r.outcome.summary, /shop-db-check \(db-check, exit code 2\): FATAL: password authentication failed for user app/);
      const db = r.collected.find((t) => t.hook.name === 'shop-db-check')!;
      assert.equal(db.phase, 'Failed');
      assert.equal(db.containers[0].exitCode, 2);
      assert.match(db.containers[0].log, /connecting to db\nFATAL: password authentication failed/);
    });

    it('one test through --filter name=: only that test runs and is reported', async () => {
      const { run, finished } = await start(['shop-smoke']);
      const r = await run.done;
      assert.deepEqual(r.outcome.tests.map((t) => t.name), ['shop-smoke']);
      assert.deepEqual(finished, ['shop-smoke:Succeeded']);
      assert.deepEqual(r.collected.map((t) => t.hook.name), ['shop-smoke']);
    });

    it('Cancel ends helm, and keeps what the running test printed so far', async () => {
      await mustHelm(major, ['upgrade', 'shop', chart, '--namespace', ns, '--set', 'smokeSleep=60', '--timeout', '120s']);
      await loadReady(session.store);
      const { run } = await start(['shop-smoke']);
      // Cancel once the test is visibly running: this run's pod (the last run's has Succeeded) printed its first line.
      const k = api();
      try {
        for (let i = 0; ; i++) {
          assert.ok(i < 300, 'the smoke test printed its first line within 30 s');
          const pod = await k.call('GET', `/api/v1/namespaces/${ns}/pods/shop-smoke`);
          const phase = (pod.json as { status?: { phase?: string } } | undefined)?.status?.phase;
          if (pod.status === 200 && phase === 'Running') {
            const log = await k.call('GET', `/api/v1/namespaces/${ns}/pods/shop-smoke/log?container=smoke`);
            if (log.status === 200 && log.text.includes('smoke test starting')) break;
          }
          await new Promise((res) => setTimeout(res, 100));
        }
      } finally {
        k.close();
      }
      const pid = run.pid();
      assert.ok(pid !== undefined && alive(pid), 'helm is running');
      run.cancel();
      const r = await run.done;
      assert.equal(r.outcome.status, 'cancelled');
      assert.match(r.outcome.summary, /was cancelled and helm was stopped/);
      assert.equal(alive(pid), false, 'helm is gone');
      const smoke = r.collected.find((t) => t.hook.name === 'shop-smoke');
      assert.ok(smoke, 'the running test is reported');
      assert.match(smoke.containers.find((c) => c.name === 'smoke')!.log, /smoke test starting/);
    });

    it('a cluster that cannot be reached: helm\'s error in plain words, and no hang', async () => {
      // The view's kubeconfig, pointing at a closed port: as when the cluster is down.
      const kubeconfig = writeKubeconfig(cleanup.tempDir(), { server: 'https://127.0.0.1:9' });
      const down = cleanup.session({ kubeconfig, namespace: ns, drivers: ['secret'] });
      const r = await layer().startHelmTest({
        helm: helmBin,
        conn: down.store.conn,
        release: { name: 'shop', namespace: ns, driver: 'secret' },
        testHooks: [],
        filter: [],
        timeoutSeconds: 30,
        requestTimeoutMs: 5_000,
        env: { PATH: process.env.PATH, HOME: home },
      }).done;
      assert.equal(r.outcome.status, 'error', r.outcome.summary);
      assert.match(r.outcome.summary, /^helm cannot reach the cluster: .*(unreachable|connection refused)/);
    });

    it('a release that no longer exists is said in those words', async () => {
      const [entry] = session.store.releases();
      const r = await layer().startHelmTest({
        helm: helmBin,
        conn: session.store.conn,
        release: { name: 'gone', namespace: entry.namespace, driver: 'secret' },
        testHooks: [],
        filter: [],
        timeoutSeconds: 30,
        requestTimeoutMs: 15_000,
        env: { PATH: process.env.PATH, HOME: home },
      }).done;
      assert.equal(r.outcome.status, 'error');
      assert.match(r.outcome.summary, new RegExp(`^Release gone no longer exists in namespace ${ns}`));
    });
  });
}
