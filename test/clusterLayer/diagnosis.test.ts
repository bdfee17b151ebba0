import { strict as assert } from 'node:assert';
import { eventFacts, HookEvidence, jobFacts, podFacts } from '../../client/src/cluster/diagnosis/evidence';
import { explainEvidence } from '../../client/src/cluster/diagnosis/explain';
import { explainHook, HookDiagnoser } from '../../client/src/cluster/diagnosis';
import { ApiConnection } from '../../client/src/cluster/kube/http';
import { ClusterProblem } from '../../client/src/cluster/kube/problems';
import { HookInfo } from '../../client/src/cluster/types';

const NOW = new Date('2026-11-21T12:00:00Z');
const at = (minutesAgo: number): string => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();

function job(name: string, status: Record<string, unknown> = {}, spec: Record<string, unknown> = {}, createdMinutesAgo = 5): Record<string, unknown> {
  return { kind: 'Job', metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '7', creationTimestamp: at(createdMinutesAgo) }, spec: { backoffLimit: 6, ...spec }, status };
}

interface C {
  name: string;
  image?: string;
  memory?: string;
  state?: Record<string, unknown>;
  lastState?: Record<string, unknown>;
  restarts?: number;
  init?: boolean;
}

function pod(name: string, phase: string, containers: C[], extra: { status?: Record<string, unknown>; owner?: string; minutesAgo?: number } = {}): Record<string, unknown> {
  const spec = (c: C): Record<string, unknown> => ({ name: c.name, image: c.image ?? 'busybox', ...(c.memory ? { resources: { limits: { memory: c.memory } } } : {}) });
  const status = (c: C): Record<string, unknown> => ({ name: c.name, restartCount: c.restarts ?? 0, state: c.state ?? { waiting: { reason: 'ContainerCreating' } }, lastState: c.lastState ?? {} });
  return {
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'shop',
      uid: `uid-${name}`,
      resourceVersion: '9',
      creationTimestamp: at(extra.minutesAgo ?? 4),
      labels: { 'job-name': extra.owner ?? 'billing-migrate' },
      ownerReferences: [{ kind: 'Job', name: extra.owner ?? 'billing-migrate', uid: `uid-${extra.owner ?? 'billing-migrate'}` }],
    },
    spec: { initContainers: containers.filter((c) => c.init).map(spec), containers: containers.filter((c) => !c.init).map(spec) },
    status: { phase, initContainerStatuses: containers.filter((c) => c.init).map(status), containerStatuses: containers.filter((c) => !c.init).map(status), ...extra.status },
  };
}

/** A core/v1 Event. */
function coreEvent(kind: string, name: string, reason: string, message: string, count: number, lastMinutesAgo: number, type = 'Warning'): Record<string, unknown> {
  return { metadata: { name: `${name}.${reason}` }, involvedObject: { kind, name, namespace: 'shop', uid: `uid-${name}` }, reason, message, count, type, firstTimestamp: at(lastMinutesAgo + 10), lastTimestamp: at(lastMinutesAgo) };
}

/** An events.k8s.io/v1 Event. */
function newEvent(kind: string, name: string, reason: string, note: string, seriesCount: number | undefined, lastMinutesAgo: number): Record<string, unknown> {
  return {
    metadata: { name: `${name}.${reason}.new` },
    regarding: { kind, name, namespace: 'shop', uid: `uid-${name}` },
    reason,
    note,
    type: 'Warning',
    eventTime: at(lastMinutesAgo + 3),
    ...(seriesCount === undefined ? {} : { series: { count: seriesCount, lastObservedTime: at(lastMinutesAgo) } }),
    reportingController: 'default-scheduler',
  };
}

function evidence(parts: Partial<HookEvidence> & { kind?: string; phase?: string; policies?: string[] }): HookEvidence {
  return {
    hook: { kind: parts.kind ?? 'Job', name: 'billing-migrate', namespace: 'shop', phase: parts.phase ?? 'Failed', deletePolicies: parts.policies ?? ['before-hook-creation'], startedAt: undefined, completedAt: undefined },
    object: parts.object ?? { kind: 'found' },
    job: parts.job,
    pods: parts.pods ?? [],
    podsProblem: parts.podsProblem,
    events: parts.events ?? [],
    eventsProblem: parts.eventsProblem,
  };
}

const QUOTA = 'Error creating: pods "billing-migrate-" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2';

describe('diagnosis: the wording from each kind of evidence', () => {
  it('a Job that could not create any pod: the FailedCreate message, its count and age; no delete policy blamed', () => {
    const x = explainEvidence(evidence({ job: jobFacts(job('billing-migrate', { active: 0 })), events: eventFacts([coreEvent('Job', 'billing-migrate', 'FailedCreate', QUOTA, 6, 2)]) }), NOW);
    assert.equal(x.sentence, 'Job billing-migrate could not create any pod: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2 (FailedCreate, 6 times, last 2 min ago).');
    assert.equal(x.basis, 'cluster');
    assert.doesNotMatch(x.sentence, /delete|before-hook-creation/);
    assert.ok(x.evidence.some((l) => /^Job billing-migrate: 0 active, 0 succeeded, 0 failed; backoffLimit 6/.test(l)));
    assert.ok(x.evidence.some((l) => /^Event Warning FailedCreate on Job billing-migrate, 6 times, last 2 min ago: Error creating/.test(l)));
  });

  it('an image that cannot be pulled, and a bad name', () => {
    const p = podFacts(pod('billing-migrate-x1', 'Pending', [{ name: 'migrate', image: 'registry.invalid/migrate:9', state: { waiting: { reason: 'ErrImagePull', message: 'pull access denied for registry.invalid/migrate' } } }]));
    const x = explainEvidence(evidence({ job: jobFacts(job('billing-migrate', { active: 1 })), pods: [p] }), NOW);
    assert.equal(x.sentence, 'pod billing-migrate-x1 never started: image registry.invalid/migrate:9 of container migrate could not be pulled: pull access denied for registry.invalid/migrate (ErrImagePull)');
    const bad = podFacts(pod('billing-migrate-x1', 'Pending', [{ name: 'migrate', image: 'UPPER:case', state: { waiting: { reason: 'InvalidImageName', message: 'Failed to apply default image tag' } } }]));
    assert.match(explainEvidence(evidence({ job: jobFacts(job('billing-migrate')), pods: [bad] }), NOW).sentence, /image UPPER:case .* \(InvalidImageName\)$/);
  });

  it('a missing Secret: CreateContainerConfigError, also in an init container', () => {
    const p = podFacts(pod('billing-migrate-x1', 'Pending', [
      { name: 'wait-db', init: true, state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db-creds" not found' } } },
      { name: 'migrate' },
    ]));
    const x = explainEvidence(evidence({ job: jobFacts(job('billing-migrate', { active: 1 })), pods: [p] }), NOW);
    assert.equal(x.sentence, 'pod billing-migrate-x1 never started: container wait-db could not be created: secret "db-creds" not found (CreateContainerConfigError)');
    assert.ok(x.evidence.some((l) => l.includes('init container wait-db waiting (CreateContainerConfigError')));
  });

  it('OOMKilled names the memory limit; CrashLoopBackOff names the last exit', () => {
    const oom = podFacts(pod('billing-migrate-x1', 'Failed', [{ name: 'migrate', memory: '128Mi', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }]));
    assert.equal(explainEvidence(evidence({ kind: 'Pod', pods: [oom] }), NOW).sentence, 'container migrate was OOMKilled (limit 128Mi)');
    const loop = podFacts(pod('t', 'Running', [{ name: 'check', restarts: 4, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } }, lastState: { terminated: { exitCode: 2, reason: 'Error' } } }]));
    assert.equal(explainEvidence(evidence({ kind: 'Pod', pods: [loop] }), NOW).sentence, 'container check keeps crashing (CrashLoopBackOff, 4 restarts); its last run exited with code 2');
  });

  it('backoffLimit exhausted: the limit, the failed pods, how the last one ended and its termination message', () => {
    const pods = [
      podFacts(pod('billing-migrate-b', 'Failed', [{ name: 'migrate', state: { terminated: { exitCode: 3, reason: 'Error', message: 'table users is locked\n' } } }], { minutesAgo: 1 })),
      podFacts(pod('billing-migrate-a', 'Failed', [{ name: 'migrate', state: { terminated: { exitCode: 3, reason: 'Error' } } }], { minutesAgo: 3 })),
    ];
    const j = jobFacts(job('billing-migrate', { failed: 2, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] }, { backoffLimit: 1 }));
    const x = explainEvidence(evidence({ job: j, pods }), NOW);
    assert.equal(x.sentence, 'The Job reached backoffLimit 1 after 2 failed pods; the last container migrate exited with code 3: table users is locked.');
    assert.equal(x.basis, 'cluster');
  });

  it('activeDeadlineSeconds passed', () => {
    const j = jobFacts(job('billing-migrate', { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }] }, { activeDeadlineSeconds: 5 }));
    const x = explainEvidence(evidence({ job: j, pods: [] }), NOW);
    assert.equal(x.sentence, 'The Job ran longer than activeDeadlineSeconds 5 and was stopped (DeadlineExceeded: Job was active longer than specified deadline).');
  });

  it('unschedulable, evicted, and a volume that cannot be mounted', () => {
    const unsched = podFacts(pod('p', 'Pending', [{ name: 'c' }], { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' }] } }));
    assert.equal(explainEvidence(evidence({ kind: 'Pod', pods: [unsched] }), NOW).sentence, 'pod p could not be scheduled: 0/3 nodes are available: 3 Insufficient memory. (Unschedulable)');
    const evicted = podFacts(pod('p', 'Failed', [{ name: 'c' }], { status: { reason: 'Evicted', message: 'The node was low on resource: memory.' } }));
    assert.equal(explainEvidence(evidence({ kind: 'Pod', pods: [evicted] }), NOW).sentence, 'pod p was evicted: The node was low on resource: memory. (Evicted)');
    const mounting = podFacts(pod('p', 'Pending', [{ name: 'c' }]));
    const events = eventFacts([coreEvent('Pod', 'p', 'FailedMount', 'MountVolume.SetUp failed for volume "cfg" : configmap "cfg" not found', 3, 1)]);
    assert.equal(explainEvidence(evidence({ kind: 'Pod', pods: [mounting], events }), NOW).sentence, 'pod p never started: a volume could not be mounted: MountVolume.SetUp failed for volume "cfg" : configmap "cfg" not found (FailedMount, 3 times, last 1 min ago)');
  });

  it('events written in the events.k8s.io/v1 form: series count, last observed time, note, regarding', () => {
    const events = eventFacts([newEvent('Pod', 'p', 'FailedScheduling', '0/1 nodes are available: 1 node(s) had taint.', 5, 2), newEvent('Pod', 'p', 'FailedScheduling', '0/1 nodes are available: 1 node(s) had taint.', undefined, 30)]);
    assert.equal(events.length, 1, 'repeats fold');
    assert.equal(events[0].count, 6);
    assert.equal(events[0].last?.toISOString(), at(2));
    const pending = podFacts(pod('p', 'Pending', [{ name: 'c' }]));
    assert.equal(explainEvidence(evidence({ kind: 'Pod', pods: [pending], events }), NOW).sentence, 'pod p could not be scheduled: 0/1 nodes are available: 1 node(s) had taint. (FailedScheduling, 6 times, last 2 min ago)');
  });

  it('both forms in one list sort newest first', () => {
    const events = eventFacts([coreEvent('Job', 'j', 'SuccessfulCreate', 'Created pod: j-1', 1, 9, 'Normal'), newEvent('Job', 'j', 'FailedCreate', 'quota', 2, 1)]);
    assert.deepEqual(events.map((e) => `${e.reason}:${e.count}`), ['FailedCreate:2', 'SuccessfulCreate:1']);
  });

  it('events forbidden (403): said in one line, and the cause told from the rest', () => {
    const pods = [podFacts(pod('billing-migrate-b', 'Failed', [{ name: 'migrate', state: { terminated: { exitCode: 3, reason: 'Error' } } }]))];
    const j = jobFacts(job('billing-migrate', { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] }, { backoffLimit: 0 }));
    const x = explainEvidence(evidence({ job: j, pods, eventsProblem: 'Not allowed to list the events (403 Forbidden)' }), NOW);
    assert.match(x.sentence, /^The Job reached backoffLimit 0 after 1 failed pod; the last container migrate exited with code 3\. Events could not be listed \(Not allowed/);
    assert.equal(x.evidence.filter((l) => /could not be listed/.test(l)).length, 1);
    const bare = explainEvidence(evidence({ job: jobFacts(job('billing-migrate')), eventsProblem: 'forbidden' }), NOW);
    assert.equal(bare.basis, 'missing');
    assert.match(bare.sentence, /never had a pod, and its events could not be listed\.$/);
  });

  it('events expired: a Job older than an hour with no pods and no events says they may have expired', () => {
    const x = explainEvidence(evidence({ job: jobFacts(job('billing-migrate', {}, {}, 180)) }), NOW);
    assert.equal(x.basis, 'missing');
    assert.match(x.sentence, /never had a pod, and there are no events: it was created 3 h ago and events are kept about 1 h, so they may have expired\.$/);
    const young = explainEvidence(evidence({ job: jobFacts(job('billing-migrate', {}, {}, 10)) }), NOW);
    assert.doesNotMatch(young.sentence, /expired/);
    assert.match(young.sentence, /there are no events about it/);
  });

  it('the delete policy explains only an object that is gone, and only the policy that matches the outcome', () => {
    assert.match(explainEvidence(evidence({ object: { kind: 'gone' }, policies: ['hook-failed'] }), NOW).sentence, /deleted it after it failed \(delete policy hook-failed\)/);
    assert.equal(explainEvidence(evidence({ object: { kind: 'gone' }, policies: ['hook-failed'] }), NOW).basis, 'delete-policy');
    assert.match(explainEvidence(evidence({ object: { kind: 'gone' }, phase: 'Succeeded', policies: ['hook-succeeded'] }), NOW).sentence, /after it succeeded \(delete policy hook-succeeded\)/);
    // hook-succeeded does not remove a failed hook.
    const mismatch = explainEvidence(evidence({ object: { kind: 'gone' }, phase: 'Failed', policies: ['hook-succeeded'] }), NOW);
    assert.equal(mismatch.basis, 'gone');
    assert.match(mismatch.sentence, /does not explain it/);
    assert.match(explainEvidence(evidence({ object: { kind: 'replaced', createdAt: new Date(at(1)) } }), NOW).sentence, /a later run created it again 1 min ago/);
    // Still there: whatever the policy, it is not the explanation.
    for (const policies of [['hook-failed'], ['before-hook-creation'], []]) {
      const x = explainEvidence(evidence({ job: jobFacts(job('billing-migrate')), policies }), NOW);
      assert.doesNotMatch(x.sentence, /hook-failed|before-hook-creation|delete/);
      assert.match(x.sentence, /still exists and never had a pod/);
    }
  });

  it('a hook object that cannot be read: says so, guesses nothing', () => {
    const x = explainEvidence(evidence({ object: { kind: 'unreadable', problem: 'Not allowed to read Job (403 Forbidden).' } }), NOW);
    assert.equal(x.basis, 'missing');
    assert.equal(x.sentence, 'Cannot tell why Job billing-migrate failed: Not allowed to read Job (403 Forbidden).');
  });
});

/** Jobs, pods and events in memory; counts requests; forbids what a test says. */
class DiagnosisApi {
  readonly target = { server: 'https://fake.test', user: 'tester', context: 'fake', cluster: 'fake', files: [], namespace: 'shop' };
  readonly objects = new Map<string, Record<string, unknown>>();
  readonly events: Record<string, unknown>[] = [];
  readonly requests: string[] = [];
  forbid: RegExp | undefined;

  get conn(): ApiConnection {
    return this as unknown as ApiConnection;
  }

  add(o: Record<string, unknown>): void {
    this.objects.set(`${o.kind as string}/${(o.metadata as { name: string }).name}`, o);
  }

  getJson(path: string): Promise<unknown> {
    this.requests.push(path);
    return new Promise((resolve) => resolve(this.answer(path)));
  }

  private answer(path: string): unknown {
    if (this.forbid?.test(path)) throw new ClusterProblem('forbidden', `Not allowed (403 Forbidden): ${path}`, 403);
    const url = new URL(path, 'https://fake.test');
    const one = /\/(jobs|pods)\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const o = this.objects.get(`${one[1] === 'jobs' ? 'Job' : 'Pod'}/${decodeURIComponent(one[2])}`);
      if (!o) throw new ClusterProblem('not-found', 'not found', 404);
      return o;
    }
    if (url.pathname.endsWith('/pods')) {
      const [k, v] = (url.searchParams.get('labelSelector') ?? '=').split('=');
      return { items: [...this.objects.values()].filter((o) => o.kind === 'Pod' && (o.metadata as { labels: Record<string, string> }).labels[k] === v) };
    }
    if (url.pathname.endsWith('/events')) {
      const [field, uid] = (url.searchParams.get('fieldSelector') ?? '=').split('=');
      const side = field.startsWith('regarding') ? 'regarding' : 'involvedObject';
      return { items: this.events.filter((e) => ((e.regarding ?? e.involvedObject) as { uid: string }).uid === uid).map((e) => ({ ...e, [side]: e.regarding ?? e.involvedObject })) };
    }
    throw new ClusterProblem('not-found', `no route ${path}`, 404);
  }
}

function hookInfo(name: string, kind = 'Job', deletePolicies = ['before-hook-creation']): HookInfo {
  return {
    name, kind, path: 'shop/templates/x.yaml', weight: 0, events: ['pre-install'], deletePolicies, outputLogPolicies: [], manifest: '', namespace: undefined,
    lastRun: { phase: 'Failed', startedAt: new Date(at(6)), completedAt: new Date(at(5)), durationMs: 60_000, staleReason: undefined },
  };
}

describe('diagnosis: reading the evidence', () => {
  it('a Job: the Job, one list of its pods, the events of the Job and of its newest pod; nothing else', async () => {
    const api = new DiagnosisApi();
    api.add(job('billing-migrate', { failed: 2, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] }, { backoffLimit: 1 }, 6));
    api.add(pod('billing-migrate-a', 'Failed', [{ name: 'migrate', state: { terminated: { exitCode: 3 } } }], { minutesAgo: 6 }));
    api.add(pod('billing-migrate-b', 'Failed', [{ name: 'migrate', state: { terminated: { exitCode: 4 } } }], { minutesAgo: 5 }));
    // A pod of an older Job of the same name, still being removed: not evidence of this one.
    api.add(pod('billing-migrate-old', 'Failed', [{ name: 'migrate', state: { terminated: { exitCode: 9 } } }], { minutesAgo: 1, owner: 'billing-migrate', status: {} }));
    (api.objects.get('Pod/billing-migrate-old')?.metadata as { ownerReferences: { uid: string }[] }).ownerReferences[0].uid = 'uid-older-job';
    api.events.push(coreEvent('Pod', 'billing-migrate-b', 'BackOff', 'Back-off restarting failed container', 2, 5));
    const x = await explainHook(api.conn, hookInfo('billing-migrate'), 'shop', { timeoutMs: 1000, now: NOW });
    assert.equal(x.sentence, 'The Job reached backoffLimit 1 after 2 failed pods; the last container migrate exited with code 4.');
    assert.equal(api.requests.length, 4, api.requests.join('\n'));
    assert.ok(api.requests.some((r) => r.includes('fieldSelector=involvedObject.uid%3Duid-billing-migrate-b')));
  });

  it('a Pod hook: the Pod and its events, two requests', async () => {
    const api = new DiagnosisApi();
    api.add(pod('smoke', 'Pending', [{ name: 'wget', image: 'busybox:nope', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "busybox:nope"' } } }], { minutesAgo: 6 }));
    const x = await explainHook(api.conn, hookInfo('smoke', 'Pod'), 'shop', { timeoutMs: 1000, now: NOW });
    assert.match(x.sentence, /^pod smoke never started: image busybox:nope of container wget could not be pulled/);
    assert.equal(api.requests.length, 2);
  });

  it('core/v1 events forbidden: events.k8s.io/v1 is tried once; both forbidden: said, and no more event requests', async () => {
    const api = new DiagnosisApi();
    api.add(job('billing-migrate', { active: 0 }));
    api.events.push(newEvent('Job', 'billing-migrate', 'FailedCreate', QUOTA, 4, 1));
    api.forbid = /\/api\/v1\/namespaces\/shop\/events/;
    const fallback = await explainHook(api.conn, hookInfo('billing-migrate'), 'shop', { timeoutMs: 1000, now: NOW });
    assert.match(fallback.sentence, /could not create any pod: exceeded quota: .* \(FailedCreate, 4 times, last 1 min ago\)\.$/);
    api.requests.length = 0;
    api.forbid = /\/events/;
    api.add(pod('billing-migrate-a', 'Failed', [{ name: 'migrate', state: { terminated: { exitCode: 1 } } }]));
    const x = await explainHook(api.conn, hookInfo('billing-migrate'), 'shop', { timeoutMs: 1000, now: NOW });
    assert.match(x.sentence, /Events could not be listed \(Not allowed \(403 Forbidden\)/);
    assert.equal(api.requests.filter((r) => r.includes('/events')).length, 2, 'core, then events.k8s.io, for the Job; none for the pod');
  });

  it('a Job that is gone: one request, and the policy that removed it', async () => {
    const api = new DiagnosisApi();
    const x = await explainHook(api.conn, hookInfo('billing-migrate', 'Job', ['hook-failed']), 'shop', { timeoutMs: 1000, now: NOW });
    assert.equal(x.basis, 'delete-policy');
    assert.match(x.sentence, /hook-failed/);
    assert.equal(api.requests.length, 1);
  });

  it('a Job created after this run completed belongs to a later run', async () => {
    const api = new DiagnosisApi();
    api.add(job('billing-migrate', { succeeded: 1 }, {}, 1));
    const x = await explainHook(api.conn, hookInfo('billing-migrate'), 'shop', { timeoutMs: 1000, now: NOW });
    assert.match(x.sentence, /a later run created it again 1 min ago/);
  });

  it('the diagnoser keeps evidence by uid and resourceVersion: asking again reads the Job only; peek needs no request', async () => {
    const api = new DiagnosisApi();
    api.add(job('billing-migrate', { active: 0 }));
    api.events.push(coreEvent('Job', 'billing-migrate', 'FailedCreate', QUOTA, 6, 2));
    const d = new HookDiagnoser(api.conn, 1000);
    const h = hookInfo('billing-migrate');
    assert.equal(d.peek(h, 'shop'), undefined);
    const [a, b] = await Promise.all([d.explain(h, 'shop', { now: NOW }), d.explain(h, 'shop', { now: NOW })]);
    assert.equal(a, b, 'callers at once share one reading');
    const first = api.requests.length;
    assert.equal(first, 3, api.requests.join('\n'));
    await d.explain(h, 'shop', { now: NOW });
    assert.equal(api.requests.length, first + 1, 'unchanged Job: one GET');
    assert.equal(d.peek(h, 'shop')?.sentence, a.sentence);
    (api.objects.get('Job/billing-migrate')?.metadata as { resourceVersion: string }).resourceVersion = '8';
    await d.explain(h, 'shop', { now: NOW });
    assert.equal(api.requests.length, first + 1 + 3, 'a new resourceVersion: read again');
  });
});
