import { strict as assert } from 'node:assert';
import { ClusterProblem } from '../../client/src/cluster/kube/problems';
import { CollectedTest, TestLogCollector } from '../../client/src/cluster/logs/testLogs';
import { HookInfo } from '../../client/src/cluster/types';
import { FakeApi, pod } from './fakeApi';

function testHook(name: string, kind: 'Pod' | 'Job'): HookInfo {
  return {
    name, kind, path: `shop/templates/tests/${name}.yaml`, weight: 0, events: ['test'], deletePolicies: [], outputLogPolicies: [], manifest: '', namespace: undefined,
    lastRun: { phase: '', startedAt: undefined, completedAt: undefined, durationMs: undefined, staleReason: undefined },
  };
}
const smoke = testHook('shop-smoke', 'Pod');
const dbCheck = testHook('shop-db-check', 'Job');
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function collect(api: FakeApi, tests: HookInfo[], during: () => Promise<void> | void): Promise<{ collected: CollectedTest[]; unseen: HookInfo[]; finished: string[]; problem: Error | undefined }> {
  const finished: string[] = [];
  const c = new TestLogCollector(api.conn, 'shop', tests, { timeoutMs: 1000, onFinished: (t) => finished.push(`${t.hook.name}:${t.pod}:${t.phase}`) });
  await c.start();
  await tick();
  await during();
  await tick();
  const r = await c.finish(200);
  return { ...r, finished, problem: c.problem };
}

describe('collecting the logs of a helm test run', () => {
  it('leaves out an earlier run\'s pod of the same name, and reads the new one as it ends', async () => {
    const api = new FakeApi();
    api.put(pod('shop-smoke', 'old-uid', 'Failed', [{ name: 'smoke', state: 'terminated', exitCode: 1 }]));
    api.logs.set('shop-smoke/smoke', ['the OLD run failed']);
    const r = await collect(api, [smoke], async () => {
      // before-hook-creation: helm deletes the old pod, then creates this run's.
      api.remove('shop-smoke');
      api.logs.set('shop-smoke/smoke', ['smoke test passed']);
      api.put(pod('shop-smoke', 'new-uid', 'Pending', [{ name: 'smoke', state: 'waiting' }]), 'ADDED');
      await tick();
      api.put(pod('shop-smoke', 'new-uid', 'Succeeded', [{ name: 'smoke', state: 'terminated', exitCode: 0 }]), 'MODIFIED');
    });
    assert.deepEqual(r.finished, ['shop-smoke:shop-smoke:Succeeded']);
    assert.equal(r.collected[0].containers[0].log, 'smoke test passed\n');
    assert.equal(r.collected[0].containers[0].exitCode, 0);
    assert.deepEqual(r.unseen, []);
  });

  it('reports every attempt of a Job test that retried', async () => {
    const api = new FakeApi();
    const labels = { 'job-name': 'shop-db-check' };
    const r = await collect(api, [dbCheck], async () => {
      api.logs.set('shop-db-check-a/db-check', ['attempt 1: connection refused']);
      api.put(pod('shop-db-check-a', 'a', 'Failed', [{ name: 'db-check', state: 'terminated', exitCode: 2 }], labels), 'ADDED');
      await tick();
      api.logs.set('shop-db-check-b/db-check', ['attempt 2: ok']);
      api.put(pod('shop-db-check-b', 'b', 'Succeeded', [{ name: 'db-check', state: 'terminated', exitCode: 0 }], labels), 'ADDED');
    });
    assert.deepEqual(r.finished.sort(), ['shop-db-check:shop-db-check-a:Failed', 'shop-db-check:shop-db-check-b:Succeeded']);
    assert.equal(r.collected.find((t) => t.pod === 'shop-db-check-a')?.containers[0].log, 'attempt 1: connection refused\n');
  });

  it('a pod deleted before its container could be read says so, instead of showing an empty log', async () => {
    const api = new FakeApi();
    const r = await collect(api, [smoke], async () => {
      api.put(pod('shop-smoke', 'u1', 'Pending', [{ name: 'smoke', state: 'waiting' }]), 'ADDED');
      await tick();
      api.remove('shop-smoke');
    });
    assert.equal(r.collected[0].phase, 'Deleted');
    assert.equal(r.collected[0].containers[0].log, '');
    assert.match(r.collected[0].containers[0].note ?? '', /deleted before this container ran or could be read/);
  });

  it('finds a test pod the watch never reported, once helm is done', async () => {
    const api = new FakeApi();
    const r = await collect(api, [smoke], () => {
      // Created without a watch event, as after a dropped watch.
      api.logs.set('shop-smoke/smoke', ['seen by the last look']);
      api.put(pod('shop-smoke', 'u2', 'Succeeded', [{ name: 'smoke', state: 'terminated', exitCode: 0 }]));
    });
    assert.equal(r.collected[0]?.containers[0].log, 'seen by the last look\n');
  });

  it('a container that restarted keeps the output of each run', async () => {
    const api = new FakeApi();
    const r = await collect(api, [smoke], async () => {
      api.logs.set('shop-smoke/smoke', ['first try failed']);
      api.put(pod('shop-smoke', 'u3', 'Running', [{ name: 'smoke', state: 'running', restarts: 0 }]), 'ADDED');
      await tick();
      api.logs.set('shop-smoke/smoke', ['second try passed']);
      api.put(pod('shop-smoke', 'u3', 'Running', [{ name: 'smoke', state: 'running', restarts: 1 }]), 'MODIFIED');
      await tick();
      api.put(pod('shop-smoke', 'u3', 'Succeeded', [{ name: 'smoke', state: 'terminated', exitCode: 0, restarts: 1 }]), 'MODIFIED');
    });
    assert.equal(r.collected[0].containers[0].log, '--- run 1 ---\nfirst try failed\n--- run 2 ---\nsecond try passed\n');
  });

  it('a user who may not list pods: the run goes on, and the problem and the unseen tests are told', async () => {
    const api = new FakeApi();
    api.failWith = new ClusterProblem('forbidden', 'User "dev" cannot list resource "pods" in namespace "shop".');
    const r = await collect(api, [smoke, dbCheck], () => undefined);
    assert.deepEqual(r.collected, []);
    assert.deepEqual(r.unseen.map((h) => h.name), ['shop-smoke', 'shop-db-check']);
    assert.match(r.problem?.message ?? '', /cannot list resource "pods"/);
  });
});
