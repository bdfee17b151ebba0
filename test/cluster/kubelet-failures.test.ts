// The failures the stand-in kubelet and scheduler report (test/cluster/kubelet/), read back through the real
// API server as a client reads them: pod status fields, core/v1 Events (the kubelet's, with count folding)
// and events.k8s.io/v1 Events (the scheduler's, with series), for plain Pods and for pods the real Job
// controller creates. How a test asks for each failure: scripts/cluster/README.md.
import assert from 'node:assert/strict';
import { api, cluster, createNamespace, expectStatus, waitFor } from './cluster';
import { isRecord } from './kubelet/api';

const TIMEOUT = 30000;

type Obj = Record<string, unknown>;

async function call(method: string, path: string, body?: unknown, ...ok: number[]): Promise<unknown> {
  const k = api();
  try {
    const type = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    return expectStatus(await k.call(method, path, body, type), ...(ok.length ? ok : [200, 201])).json;
  } finally {
    k.close();
  }
}

const rec = (v: unknown): Obj => (isRecord(v) ? v : {});
const items = (v: unknown): Obj[] => (Array.isArray(rec(v).items) ? (rec(v).items as unknown[]).map(rec) : []);

function pod(name: string, container: Obj, spec: Obj = {}, annotations: Record<string, string> = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, annotations },
    spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36', command: ['/bin/sh', '-c', 'echo ok'], ...container }], ...spec },
  };
}

function job(name: string, container: Obj, spec: Obj = {}, annotations: Record<string, string> = {}): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { backoffLimit: 0, template: { metadata: { annotations }, spec: rec(pod(name, container, spec)).spec } },
  };
}

async function getPod(ns: string, name: string): Promise<Obj> {
  return rec(await call('GET', `/api/v1/namespaces/${ns}/pods/${name}`));
}

/** The (first) pod the Job controller made for a Job. */
async function jobPodName(ns: string, jobName: string): Promise<string> {
  return waitFor(`a pod of Job ${ns}/${jobName}`, TIMEOUT, async () => {
    const [p] = items(await call('GET', `/api/v1/namespaces/${ns}/pods?labelSelector=job-name%3D${jobName}`));
    const name = rec(p?.metadata).name;
    return typeof name === 'string' ? name : undefined;
  });
}

function containerStatus(p: Obj, init = false): Obj {
  const list = rec(p.status)[init ? 'initContainerStatuses' : 'containerStatuses'];
  return Array.isArray(list) ? rec(list[0]) : {};
}

/** Waits until the pod's first container is waiting with this reason; resolves with its waiting state. */
function waitingWith(ns: string, name: string, reason: string, init = false): Promise<Obj> {
  return waitFor(`${ns}/${name} waiting with ${reason}`, TIMEOUT, async () => {
    const w = rec(rec(containerStatus(await getPod(ns, name), init).state).waiting);
    return w.reason === reason ? w : undefined;
  });
}

/** core/v1 Events about an object, as `kubectl describe` lists them. */
async function coreEvents(ns: string, name: string): Promise<Obj[]> {
  return items(await call('GET', `/api/v1/namespaces/${ns}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`));
}

/** events.k8s.io/v1 Events about an object. */
async function v1Events(ns: string, name: string): Promise<Obj[]> {
  return items(await call('GET', `/apis/events.k8s.io/v1/namespaces/${ns}/events?fieldSelector=${encodeURIComponent(`regarding.name=${name}`)}`));
}

function waitCoreEvent(ns: string, name: string, what: (e: Obj) => boolean, description: string): Promise<Obj> {
  return waitFor(`${description} on ${ns}/${name}`, TIMEOUT, async () => (await coreEvents(ns, name)).find(what));
}

/** Checks a core/v1 Event as the kubelet writes it, about container `app`. */
function assertKubeletEvent(e: Obj, ns: string, p: Obj, type: string, container = 'spec.containers{app}'): void {
  const meta = rec(p.metadata);
  assert.equal(e.type, type);
  assert.deepEqual(e.source, { component: 'kubelet', host: cluster().nodeName });
  const io = rec(e.involvedObject);
  assert.deepEqual([io.kind, io.apiVersion, io.namespace, io.name, io.uid, io.fieldPath], ['Pod', 'v1', ns, meta.name, meta.uid, container]);
  assert.ok(typeof e.count === 'number' && e.count >= 1);
  assert.ok(typeof e.firstTimestamp === 'string' && typeof e.lastTimestamp === 'string');
  assert.ok(Date.parse(e.lastTimestamp) >= Date.parse(e.firstTimestamp));
}

/** Asserts the pod is refused by the scheduler with this message, in its condition and in both Event forms. */
async function assertUnschedulable(ns: string, name: string, message: string): Promise<void> {
  const cond = await waitFor(`${ns}/${name} PodScheduled=False`, TIMEOUT, async () => {
    const p = await getPod(ns, name);
    const conditions = Array.isArray(rec(p.status).conditions) ? (rec(p.status).conditions as unknown[]).map(rec) : [];
    return conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  });
  assert.equal(cond.reason, 'Unschedulable');
  assert.equal(cond.message, message);
  assert.ok(typeof cond.lastTransitionTime === 'string');
  const p = await getPod(ns, name);
  assert.equal(rec(p.spec).nodeName, undefined, 'never bound');
  assert.equal(rec(p.status).phase, 'Pending');
  const uid = rec(p.metadata).uid;

  // events.k8s.io/v1, as the scheduler writes it; a repeat becomes a series on the same Event.
  const withSeries = await waitFor(`FailedScheduling series on ${ns}/${name}`, TIMEOUT, async () =>
    (await v1Events(ns, name)).find((e) => e.reason === 'FailedScheduling' && (rec(e.series).count as number) >= 2));
  const all = (await v1Events(ns, name)).filter((e) => e.reason === 'FailedScheduling');
  for (const e of all) {
    assert.equal(e.type, 'Warning');
    assert.equal(e.action, 'Scheduling');
    assert.equal(e.note, message);
    assert.equal(e.reportingController, 'default-scheduler');
    assert.match(String(e.reportingInstance), /^default-scheduler-./);
    assert.match(String(e.eventTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const r = rec(e.regarding);
    assert.deepEqual([r.kind, r.apiVersion, r.namespace, r.name, r.uid], ['Pod', 'v1', ns, name, uid]);
  }
  assert.ok(Date.parse(String(rec(withSeries.series).lastObservedTime)) >= Date.parse(String(withSeries.eventTime)));

  // The same objects through core/v1: no source and no count, the reporting fields and series instead.
  const core = (await coreEvents(ns, name)).filter((e) => e.reason === 'FailedScheduling');
  assert.equal(core.length, all.length);
  const same = core.find((e) => rec(e.metadata).name === rec(withSeries.metadata).name);
  assert.ok(same);
  assert.equal(same.message, message);
  assert.equal(same.reportingComponent, 'default-scheduler');
  assert.deepEqual(same.source, {});
  assert.equal(same.firstTimestamp, null);
  assert.ok((rec(same.series).count as number) >= 2);
}

describe('stand-in kubelet and scheduler: failures as the real ones report them', () => {
  const ns = 'kubelet-failures';
  before(() => createNamespace(ns));
  // Stops the kubelet's pull and config retries and the scheduler's retries for these pods.
  after(() => call('DELETE', `/api/v1/namespaces/${ns}`, undefined, 200, 202, 404));

  it('InvalidImageName for an image reference that does not parse, with InspectFailed and Failed events', async () => {
    const image = 'Example/Catalog:1.0';
    const p = rec(await call('POST', `/api/v1/namespaces/${ns}/pods`, pod('bad-image', { image })));
    const w = await waitingWith(ns, 'bad-image', 'InvalidImageName');
    const detail = `couldn't parse image reference "${image}": invalid reference format: repository name must be lowercase`;
    assert.equal(w.message, `Failed to apply default image tag "${image}": ${detail}`);
    const now = await getPod(ns, 'bad-image');
    assert.equal(rec(now.status).phase, 'Pending');
    assert.equal(containerStatus(now).imageID, '');
    const inspect = await waitCoreEvent(ns, 'bad-image', (e) => e.reason === 'InspectFailed', 'InspectFailed');
    assertKubeletEvent(inspect, ns, p, 'Warning');
    assert.equal(inspect.message, `Failed to apply default image tag "${image}": ${detail}`);
    const failed = await waitCoreEvent(ns, 'bad-image', (e) => e.reason === 'Failed' && e.message === 'Error: InvalidImageName', 'Failed');
    assertKubeletEvent(failed, ns, p, 'Warning');
  });

  it('ErrImagePull, then ImagePullBackOff, for an image under a *.invalid registry; repeats fold into one Event', async () => {
    const image = 'registry.invalid/shop/migrate:2.1';
    const p = rec(await call('POST', `/api/v1/namespaces/${ns}/pods`, pod('no-pull', { image })));
    const pullError = 'rpc error: code = Unknown desc = failed to pull and unpack image "registry.invalid/shop/migrate:2.1": ' +
      'failed to resolve reference "registry.invalid/shop/migrate:2.1": failed to do request: ' +
      'Head "https://registry.invalid/v2/shop/migrate/manifests/2.1": dial tcp: lookup registry.invalid: no such host';
    const err = await waitingWith(ns, 'no-pull', 'ErrImagePull');
    assert.equal(err.message, pullError);
    const back = await waitingWith(ns, 'no-pull', 'ImagePullBackOff');
    assert.equal(back.message, `Back-off pulling image "${image}"`);
    assert.equal(rec((await getPod(ns, 'no-pull')).status).phase, 'Pending');

    const expected: Array<[string, string, string]> = [
      ['Normal', 'Pulling', `Pulling image "${image}"`],
      ['Warning', 'Failed', `Failed to pull image "${image}": ${pullError}`],
      ['Warning', 'Failed', 'Error: ErrImagePull'],
      ['Normal', 'BackOff', `Back-off pulling image "${image}"`],
      ['Warning', 'Failed', 'Error: ImagePullBackOff'],
    ];
    for (const [type, reason, message] of expected) {
      const e = await waitCoreEvent(ns, 'no-pull', (x) => x.reason === reason && x.message === message, `${reason} "${message.slice(0, 40)}"`);
      assertKubeletEvent(e, ns, p, type);
    }
    // The second pull (after the back-off) folds into the first pull's Event: count 2, one object.
    const folded = await waitCoreEvent(ns, 'no-pull', (x) => x.message === `Failed to pull image "${image}": ${pullError}` && (x.count as number) >= 2, 'a folded pull failure');
    assert.ok(Date.parse(String(folded.lastTimestamp)) >= Date.parse(String(folded.firstTimestamp)));
    const copies = (await coreEvents(ns, 'no-pull')).filter((x) => x.message === folded.message);
    assert.equal(copies.length, 1, 'one Event object per distinct message');
  });

  it('CreateContainerConfigError for a missing Secret, then a missing key, until it is there', async () => {
    const p = rec(await call('POST', `/api/v1/namespaces/${ns}/pods`, pod('needs-secret', {
      command: ['/bin/sh', '-c', 'echo "user=$DB_USER password=$DB_PASSWORD"'],
      env: [
        { name: 'DB_USER', valueFrom: { configMapKeyRef: { name: 'db-config', key: 'user' } } },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
        { name: 'DB_OPTIONAL', valueFrom: { secretKeyRef: { name: 'not-there', key: 'x', optional: true } } },
      ],
    })));
    const first = await waitingWith(ns, 'needs-secret', 'CreateContainerConfigError');
    assert.equal(first.message, 'configmap "db-config" not found');
    const ev = await waitCoreEvent(ns, 'needs-secret', (e) => e.message === 'Error: configmap "db-config" not found', 'Failed');
    assert.equal(ev.reason, 'Failed');
    assertKubeletEvent(ev, ns, p, 'Warning');

    await call('POST', `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'db-config' }, data: { host: 'db' } });
    await waitFor('a missing ConfigMap key', TIMEOUT, async () => {
      const w = rec(rec(containerStatus(await getPod(ns, 'needs-secret')).state).waiting);
      return w.message === `couldn't find key user in ConfigMap ${ns}/db-config` ? true : undefined;
    });
    await call('PATCH', `/api/v1/namespaces/${ns}/configmaps/db-config`, { data: { user: 'shop' } });
    await waitFor('a missing Secret', TIMEOUT, async () => {
      const w = rec(rec(containerStatus(await getPod(ns, 'needs-secret')).state).waiting);
      return w.message === 'secret "db-credentials" not found' ? true : undefined;
    });
    await call('POST', `/api/v1/namespaces/${ns}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-credentials' }, stringData: { username: 'shop' } });
    await waitFor('a missing Secret key', TIMEOUT, async () => {
      const w = rec(rec(containerStatus(await getPod(ns, 'needs-secret')).state).waiting);
      return w.message === `couldn't find key password in Secret ${ns}/db-credentials` ? true : undefined;
    });
    await waitCoreEvent(ns, 'needs-secret', (e) => e.message === `Error: couldn't find key password in Secret ${ns}/db-credentials`, 'Failed (key)');
    await call('PATCH', `/api/v1/namespaces/${ns}/secrets/db-credentials`, { stringData: { password: 's3cret' } }, 200);

    // With the key there, the container starts with the values the kubelet read through the API server.
    await waitFor('the pod to succeed', TIMEOUT, async () => (rec((await getPod(ns, 'needs-secret')).status).phase === 'Succeeded' ? true : undefined));
    const k = api();
    try {
      const log = expectStatus(await k.call('GET', `/api/v1/namespaces/${ns}/pods/needs-secret/log`), 200).text;
      assert.equal(log, 'user=shop password=s3cret\n');
    } finally {
      k.close();
    }
  });

  it('Unschedulable when requests exceed the Node\'s allocatable (FailedScheduling from default-scheduler)', async () => {
    await call('POST', `/api/v1/namespaces/${ns}/pods`, pod('too-big', { resources: { requests: { memory: '64Gi', cpu: '100m' } } }));
    await call('POST', `/api/v1/namespaces/${ns}/pods`, pod('too-big-both', { resources: { requests: { memory: '9Gi', cpu: '3' } } }));
    await assertUnschedulable(ns, 'too-big', '0/1 nodes are available: 1 Insufficient memory.');
    await assertUnschedulable(ns, 'too-big-both', '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.');
  });

  it('Unschedulable for a nodeSelector the Node does not match; a matching one is scheduled', async () => {
    await call('POST', `/api/v1/namespaces/${ns}/pods`, pod('wants-ssd', {}, { nodeSelector: { disktype: 'ssd' } }));
    await call('POST', `/api/v1/namespaces/${ns}/pods`, pod('wants-linux', {}, { nodeSelector: { 'kubernetes.io/os': 'linux' } }));
    await assertUnschedulable(ns, 'wants-ssd', "0/1 nodes are available: 1 node(s) didn't match node selector.");
    await waitFor('wants-linux to succeed', TIMEOUT, async () => (rec((await getPod(ns, 'wants-linux')).status).phase === 'Succeeded' ? true : undefined));
    const scheduled = await waitFor('a Scheduled event', TIMEOUT, async () => (await v1Events(ns, 'wants-linux')).find((e) => e.reason === 'Scheduled'));
    assert.equal(scheduled.type, 'Normal');
    assert.equal(scheduled.action, 'Binding');
    assert.equal(scheduled.reportingController, 'default-scheduler');
    assert.equal(scheduled.note, `Successfully assigned ${ns}/wants-linux to ${cluster().nodeName}`);
  });

  it('OOMKilled (exit code 137) for a container whose process uses more than its memory limit', async () => {
    const annotations = { 'kubelet.helm-hooks.test/memory-usage-app': '256Mi' };
    const script = 'echo loading the catalog into memory; sleep 30';
    await call('POST', `/api/v1/namespaces/${ns}/pods`, pod('oom', { command: ['/bin/sh', '-c', script], resources: { limits: { memory: '64Mi' } } }, {}, annotations));
    await call('POST', `/api/v1/namespaces/${ns}/pods`, pod('fits', { command: ['/bin/sh', '-c', 'echo fits'], resources: { limits: { memory: '512Mi' } } }, {}, annotations));
    const t = await waitFor('oom to fail', TIMEOUT, async () => {
      const p = await getPod(ns, 'oom');
      return rec(p.status).phase === 'Failed' ? rec(rec(containerStatus(p).state).terminated) : undefined;
    });
    assert.equal(t.reason, 'OOMKilled');
    assert.equal(t.exitCode, 137);
    assert.equal(t.signal, undefined, 'the runtime reports an OOM kill by reason and exit code');
    const k = api();
    try {
      assert.equal(expectStatus(await k.call('GET', `/api/v1/namespaces/${ns}/pods/oom/log`), 200).text, 'loading the catalog into memory\n');
    } finally {
      k.close();
    }
    const fits = await waitFor('fits to succeed', TIMEOUT, async () => {
      const p = await getPod(ns, 'fits');
      return rec(p.status).phase === 'Succeeded' ? rec(rec(containerStatus(p).state).terminated) : undefined;
    });
    assert.equal(fits.reason, 'Completed');
  });

  it('CrashLoopBackOff with the kubelet\'s back-off message and BackOff event', async () => {
    const p = rec(await call('POST', `/api/v1/namespaces/${ns}/pods`, pod('crashy', { command: ['/bin/sh', '-c', 'echo crash; exit 1'] }, { restartPolicy: 'Always' })));
    const meta = rec(p.metadata);
    const w = await waitingWith(ns, 'crashy', 'CrashLoopBackOff');
    assert.match(String(w.message), new RegExp(`^back-off \\d+s restarting failed container=app pod=crashy_${ns}\\(${String(meta.uid)}\\)$`));
    const e = await waitCoreEvent(ns, 'crashy', (x) => x.reason === 'BackOff', 'BackOff');
    assertKubeletEvent(e, ns, p, 'Warning');
    assert.equal(e.message, 'Back-off restarting failed container');
  });
});

describe('stand-in kubelet and scheduler: the same failures in pods the Job controller creates', () => {
  const ns = 'kubelet-failures-jobs';
  before(async () => {
    await createNamespace(ns);
    const jobs = [
      job('pull', { image: 'registry.invalid/shop/migrate:2.1' }),
      job('config', { env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } }] }),
      job('selector', {}, { nodeSelector: { 'node-role.kubernetes.io/db': 'true' } }),
      job('oom', { command: ['/bin/sh', '-c', 'echo migrating; sleep 30'], resources: { limits: { memory: '32Mi' } } }, {}, { 'kubelet.helm-hooks.test/memory-usage-app': '1Gi' }),
    ];
    // Created together, so their pods go through the kubelet at the same time.
    await Promise.all(jobs.map((j) => call('POST', `/apis/batch/v1/namespaces/${ns}/jobs`, j)));
  });
  after(() => call('DELETE', `/api/v1/namespaces/${ns}`, undefined, 200, 202, 404));

  it('ImagePullBackOff', async () => {
    const name = await jobPodName(ns, 'pull');
    const w = await waitingWith(ns, name, 'ImagePullBackOff');
    assert.equal(w.message, 'Back-off pulling image "registry.invalid/shop/migrate:2.1"');
    await waitCoreEvent(ns, name, (e) => e.reason === 'Failed' && e.message === 'Error: ErrImagePull', 'Failed');
  });

  it('CreateContainerConfigError', async () => {
    const name = await jobPodName(ns, 'config');
    const w = await waitingWith(ns, name, 'CreateContainerConfigError');
    assert.equal(w.message, 'secret "api-token" not found');
  });

  it('Unschedulable', async () => {
    const name = await jobPodName(ns, 'selector');
    await assertUnschedulable(ns, name, "0/1 nodes are available: 1 node(s) didn't match node selector.");
  });

  it('OOMKilled, and the Job fails with BackoffLimitExceeded', async () => {
    const name = await jobPodName(ns, 'oom');
    const t = await waitFor('the pod to fail', TIMEOUT, async () => {
      const p = await getPod(ns, name);
      return rec(p.status).phase === 'Failed' ? rec(rec(containerStatus(p).state).terminated) : undefined;
    });
    assert.deepEqual([t.reason, t.exitCode], ['OOMKilled', 137]);
    const failed = await waitFor('the Job to fail', TIMEOUT, async () => {
      const j = rec(await call('GET', `/apis/batch/v1/namespaces/${ns}/jobs/oom`));
      const conds = Array.isArray(rec(j.status).conditions) ? (rec(j.status).conditions as unknown[]).map(rec) : [];
      return conds.find((c) => c.type === 'Failed' && c.status === 'True');
    });
    assert.equal(failed.reason, 'BackoffLimitExceeded');
  });
});
