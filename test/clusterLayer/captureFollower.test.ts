// The hook follower's edges, made to happen every time: a pod deleted before its first byte, a log stream
// that breaks mid-run, a container that restarts, pods of an older Job of the same name, and the wait for
// Helm's delete policy. The whole path runs against the real API server in test/cluster/capture.test.ts.
import assert from 'node:assert/strict';
import { KubeRequests, RequestOptions } from '../../client/src/cluster/kube/http';
import { ClusterProblem } from '../../client/src/cluster/kube/problems';
import { WatchEventType } from '../../client/src/cluster/kube/watch';
import { Limiter } from '../../client/src/cluster/releases/limiter';
import { ObjectListener, Watched } from '../../client/src/cluster/capture/namespaceWatches';
import { RunFollower } from '../../client/src/cluster/capture/runFollower';
import { CaptureMeta, CaptureNote, ContainerCapture, RunKey, RunWriter } from '../../client/src/cluster/capture/types';

const STARTED = new Date('2026-12-02T10:00:00Z');
const CREATED = '2026-12-02T10:00:01Z';

/** Log streams scripted per call: lines to give, then end, break, or stay open until released. */
type Script = { lines: string[]; then: 'end' | 'break' | 'not-found' | 'hold' };

class FakeConn implements KubeRequests {
  readonly target = { server: 'https://fake.test', user: 'tester', context: 'fake', cluster: 'fake', files: [], namespace: 'shop' };
  readonly scripts = new Map<string, Script[]>();
  readonly opened: string[] = [];
  private readonly held: (() => void)[] = [];

  getJson(path: string): Promise<unknown> {
    return Promise.resolve(path.includes('/events') ? { items: [{ reason: 'BackoffLimitExceeded', involvedObject: { kind: 'Job', name: 'shop-migrate' } }] } : { items: [] });
  }

  async streamLines(path: string, _opts: RequestOptions, onLine: (line: string) => void, onOpen?: () => void): Promise<void> {
    const url = new URL(path, 'https://fake.test');
    const key = `${url.pathname.split('/')[6]}/${url.searchParams.get('container')}`;
    this.opened.push(key);
    const script = this.scripts.get(key)?.shift() ?? { lines: [], then: 'end' };
    if (script.then === 'not-found') throw new ClusterProblem('not-found', 'pods not found');
    onOpen?.();
    for (const l of script.lines) onLine(l);
    if (script.then === 'break') throw new ClusterProblem('unreachable', 'Connection dropped');
    if (script.then === 'hold') await new Promise<void>((r) => this.held.push(r));
  }

  release(): void {
    for (const r of this.held.splice(0)) r();
  }
}

class FakeWatches {
  readonly listeners = new Map<Watched, ObjectListener>();
  subscribe(_namespace: string, kind: Watched, listener: ObjectListener): Promise<{ dispose(): void }> {
    this.listeners.set(kind, listener);
    return Promise.resolve({ dispose: () => this.listeners.delete(kind) });
  }
  send(kind: Watched, type: WatchEventType, o: Record<string, unknown>): void {
    this.listeners.get(kind)?.onObject(type, o, false);
  }
}

class MemoryWriter implements RunWriter {
  readonly key: RunKey = { context: 'fake', namespace: 'shop', release: 'shop', revision: 1, hookKind: 'Job', hookName: 'shop-migrate', startedAt: STARTED.toISOString() };
  readonly meta: CaptureMeta;
  readonly lines = new Map<string, string[]>();
  closed: boolean | undefined;
  constructor(readonly resumed = false) {
    this.meta = { format: 1, key: this.key, hookNamespace: 'shop', events: ['pre-install'], deletePolicies: ['hook-failed'], helmMajor: 3, capturedFrom: STARTED.toISOString(), updatedAt: STARTED.toISOString(), containers: [], notes: [], evidence: {}, closed: false };
  }
  linesOf(pod: string, container: string): number {
    return this.lines.get(`${pod}/${container}`)?.length ?? 0;
  }
  container(c: Pick<ContainerCapture, 'pod' | 'container' | 'init' | 'podCreatedAt'>): void {
    if (!this.meta.containers.some((x) => x.pod === c.pod && x.container === c.container)) this.meta.containers.push({ ...c, lines: 0, bytes: 0, omittedLines: 0, omittedBytes: 0, complete: false });
  }
  append(pod: string, container: string, lines: readonly string[]): void {
    const k = `${pod}/${container}`;
    this.lines.set(k, [...(this.lines.get(k) ?? []), ...lines]);
  }
  complete(pod: string, container: string, end: { exitCode?: number; reason?: string }): void {
    const c = this.meta.containers.find((x) => x.pod === pod && x.container === container);
    if (c) Object.assign(c, { complete: true }, end);
  }
  note(n: Omit<CaptureNote, 'at'> & { at?: string }): void {
    this.meta.notes.push({ at: n.at ?? new Date().toISOString(), ...n });
  }
  update(patch: Partial<CaptureMeta>): void {
    Object.assign(this.meta, patch);
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  close(finished: boolean): Promise<void> {
    this.closed = finished;
    this.meta.closed = finished;
    return Promise.resolve();
  }
}

function jobObject(uid: string, conditions: { type: string; status: string; reason?: string }[] = [], created = CREATED): Record<string, unknown> {
  return { kind: 'Job', metadata: { name: 'shop-migrate', namespace: 'shop', uid, creationTimestamp: created }, spec: { backoffLimit: 0, template: { spec: { containers: [{ name: 'migrate', env: [{ name: 'PASSWORD', value: 's3cr3t' }] }] } } }, status: { conditions } };
}

function podObject(name: string, owner: string, state: 'waiting' | 'running' | 'terminated', opts: { restarts?: number; exitCode?: number; created?: string } = {}): Record<string, unknown> {
  return {
    kind: 'Pod',
    metadata: { name, namespace: 'shop', uid: `${name}-uid`, creationTimestamp: opts.created ?? CREATED, labels: { 'job-name': 'shop-migrate' }, ownerReferences: [{ uid: owner }] },
    spec: { containers: [{ name: 'migrate', image: 'busybox', env: [{ name: 'PASSWORD', value: 's3cr3t' }] }] },
    status: {
      phase: state === 'terminated' ? 'Failed' : state === 'running' ? 'Running' : 'Pending',
      containerStatuses: [
        {
          name: 'migrate',
          restartCount: opts.restarts ?? 0,
          state: state === 'running' ? { running: {} } : state === 'terminated' ? { terminated: { exitCode: opts.exitCode ?? 1, reason: 'Error' } } : { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    },
  };
}

function follower(conn: FakeConn, watches: FakeWatches, writer: MemoryWriter, lingerMs = 60_000): RunFollower {
  return new RunFollower({ kind: 'Job', name: 'shop-migrate', namespace: 'shop', startedAt: STARTED, deletePolicies: ['hook-failed'] }, writer, {
    conn,
    watches,
    streams: new Limiter(4),
    timeoutMs: 1000,
    lingerMs,
    onProblem: (m) => assert.fail(m),
  });
}

/** A follower started on the run, its Job (uid job-1) already seen. */
async function started(): Promise<{ conn: FakeConn; watches: FakeWatches; writer: MemoryWriter; f: RunFollower }> {
  const conn = new FakeConn();
  const watches = new FakeWatches();
  const writer = new MemoryWriter();
  const f = follower(conn, watches, writer);
  await f.start();
  watches.send('jobs', 'ADDED', jobObject('job-1'));
  return { conn, watches, writer, f };
}

/** Waits until `check` holds (a re-opened stream waits out the follower's 250 ms backoff first). */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), `never happened: ${what}`);
}

describe('capture follower: edges of a hook run', () => {
  it('says a pod went before a single line of its log was read', async () => {
    const { conn, watches, writer, f } = await started();
    conn.scripts.set('shop-migrate-a/migrate', [{ lines: [], then: 'not-found' }]);
    watches.send('pods', 'ADDED', podObject('shop-migrate-a', 'job-1', 'running'));
    await until('the unread note', () => writer.meta.notes.some((n) => n.kind === 'pod-gone-unread'));
    assert.match(writer.meta.notes.find((n) => n.kind === 'pod-gone-unread')?.text ?? '', /deleted before a single line of migrate's log could be read/);
    await f.stop();
  });

  it('re-reads a broken stream from the start and keeps each line once, saying nothing was lost', async () => {
    const { conn, watches, writer, f } = await started();
    conn.scripts.set('shop-migrate-a/migrate', [
      { lines: ['one', 'two', 'three'], then: 'break' },
      { lines: ['one', 'two', 'three', 'four', '', 'six'], then: 'hold' },
    ]);
    watches.send('pods', 'ADDED', podObject('shop-migrate-a', 'job-1', 'running'));
    await until('six lines', () => (writer.lines.get('shop-migrate-a/migrate')?.length ?? 0) === 6);
    assert.deepEqual(writer.lines.get('shop-migrate-a/migrate'), ['one', 'two', 'three', 'four', '', 'six']);
    const kinds = writer.meta.notes.map((n) => n.kind);
    assert.deepEqual(kinds.slice(kinds.indexOf('gap')), ['gap', 'resumed']);
    assert.match(writer.meta.notes.find((n) => n.kind === 'resumed')?.text ?? '', /3 lines already kept are skipped, so nothing is lost/);
    conn.release();
    await f.stop();
  });

  it('keeps a restarted container\'s runs apart, and ignores pods of an older Job of the same name', async () => {
    const { conn, watches, writer, f } = await started();
    watches.send('pods', 'ADDED', podObject('shop-migrate-old', 'job-0', 'terminated'));
    conn.scripts.set('shop-migrate-a/migrate', [{ lines: ['first run'], then: 'end' }, { lines: ['second run'], then: 'end' }]);
    watches.send('pods', 'ADDED', podObject('shop-migrate-a', 'job-1', 'terminated', { exitCode: 1 }));
    await until('the first run read', () => writer.meta.containers.some((c) => c.container === 'migrate' && c.complete));
    watches.send('pods', 'MODIFIED', podObject('shop-migrate-a', 'job-1', 'terminated', { restarts: 1, exitCode: 1 }));
    await until('the second run read', () => writer.meta.containers.some((c) => c.container === 'migrate (restart 1)' && c.complete));
    assert.deepEqual([...writer.lines.entries()], [
      ['shop-migrate-a/migrate', ['first run']],
      ['shop-migrate-a/migrate (restart 1)', ['second run']],
    ]);
    assert.ok(!conn.opened.some((k) => k.startsWith('shop-migrate-old')), 'the older Job\'s pod is not read');
    await f.stop();
  });

  it('after a failure waits for hook-failed to delete the Job, then keeps the evidence without the pod spec\'s environment', async () => {
    const { conn, watches, writer, f } = await started();
    conn.scripts.set('shop-migrate-a/migrate', [{ lines: ['boom'], then: 'end' }]);
    watches.send('pods', 'ADDED', podObject('shop-migrate-a', 'job-1', 'terminated', { exitCode: 2 }));
    watches.send('jobs', 'MODIFIED', jobObject('job-1', [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }]));
    f.onRecord('Failed', new Date('2026-12-02T10:00:09Z'), true);
    await until('the log read', () => writer.meta.containers.some((c) => c.complete));
    assert.equal(writer.closed, undefined, 'still waiting: hook-failed will delete the Job');
    watches.send('pods', 'DELETED', podObject('shop-migrate-a', 'job-1', 'terminated', { exitCode: 2 }));
    watches.send('jobs', 'DELETED', jobObject('job-1', [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }]));
    await f.done;
    assert.equal(writer.closed, true);
    assert.ok(writer.meta.objectDeletedAt && writer.meta.podsDeletedAt);
    assert.deepEqual(writer.meta.outcome, { phase: 'Failed', completedAt: '2026-12-02T10:00:09.000Z' });
    assert.equal(writer.meta.containers[0].exitCode, 2);
    const kept = JSON.stringify(writer.meta.evidence);
    assert.match(kept, /BackoffLimitExceeded/);
    assert.doesNotMatch(kept, /s3cr3t/, 'environment values are never kept');
    assert.equal((writer.meta.evidence.events ?? []).length, 2, 'the Job\'s and the pod\'s events are kept');
  });
});
