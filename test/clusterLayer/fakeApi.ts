import { KubeRequests, RequestOptions } from '../../client/src/cluster/kube/http';
import { ClusterProblem } from '../../client/src/cluster/kube/problems';

// A stand-in API server for the TestLogCollector's unit tests: pods, their logs and a watch stream held in
// memory, so that orders of events a real cluster gives only by chance (a pod deleted before it is read,
// an earlier run's pod still there, a watch that missed a pod) can be made to happen every time. The
// collector is run against the real API server in test/cluster/helm-test.test.ts.

export interface FakeContainer {
  name: string;
  state: 'waiting' | 'running' | 'terminated';
  exitCode?: number;
  restarts?: number;
}

export function pod(name: string, uid: string, phase: string, containers: FakeContainer[], labels: Record<string, string> = {}): Record<string, unknown> {
  return {
    metadata: { name, namespace: 'shop', uid, labels, creationTimestamp: '2026-11-21T10:00:00Z' },
    spec: { containers: containers.map((c) => ({ name: c.name })) },
    status: {
      phase,
      containerStatuses: containers.map((c) => ({
        name: c.name,
        restartCount: c.restarts ?? 0,
        state: c.state === 'running' ? { running: {} } : c.state === 'terminated' ? { terminated: { exitCode: c.exitCode ?? 0, reason: c.exitCode ? 'Error' : 'Completed' } } : { waiting: {} },
      })),
    },
  };
}

export class FakeApi implements KubeRequests {
  readonly target = { server: 'https://fake.test', user: 'tester', context: 'fake', cluster: 'fake', files: [], namespace: 'shop' };
  readonly pods = new Map<string, Record<string, unknown>>();
  /** `pod/container` to the lines its log holds. */
  readonly logs = new Map<string, string[]>();
  /** Set to make every request fail with this problem. */
  failWith: ClusterProblem | undefined;
  private readonly watchers = new Set<(line: string) => void>();
  private version = 100;

  get conn(): KubeRequests {
    return this;
  }

  put(p: Record<string, unknown>, event?: 'ADDED' | 'MODIFIED'): void {
    const name = (p.metadata as { name: string }).name;
    (p.metadata as { resourceVersion?: string }).resourceVersion = String(++this.version);
    this.pods.set(name, p);
    if (event) this.send(event, p);
  }

  remove(name: string): void {
    const p = this.pods.get(name);
    this.pods.delete(name);
    if (p) this.send('DELETED', p);
  }

  getJson(path: string): Promise<unknown> {
    // The executor runs at once, as an async body would, and turns a throw into the rejection callers expect.
    return new Promise((resolve) => resolve(this.answer(path)));
  }

  private answer(path: string): unknown {
    if (this.failWith) throw this.failWith;
    const url = new URL(path, 'https://fake.test');
    const one = /\/pods\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const p = this.pods.get(decodeURIComponent(one[1]));
      if (!p) throw new ClusterProblem('not-found', 'not found');
      return p;
    }
    const selector = url.searchParams.get('labelSelector');
    const items = [...this.pods.values()].filter((p) => {
      if (!selector) return true;
      const [k, v] = selector.split('=');
      return (p.metadata as { labels: Record<string, string> }).labels[k] === v;
    });
    return { items, metadata: { resourceVersion: String(this.version) } };
  }

  async streamLines(path: string, opts: RequestOptions, onLine: (line: string) => void, onOpen?: () => void): Promise<void> {
    if (this.failWith) throw this.failWith;
    const url = new URL(path, 'https://fake.test');
    const log = /\/pods\/([^/]+)\/log$/.exec(url.pathname);
    if (log) {
      const key = `${decodeURIComponent(log[1])}/${url.searchParams.get('container')}`;
      if (!this.pods.has(decodeURIComponent(log[1]))) throw new ClusterProblem('not-found', `pods "${log[1]}" not found`);
      onOpen?.();
      for (const l of this.logs.get(key) ?? []) onLine(l);
      return;
    }
    onOpen?.();
    await new Promise<void>((resolve) => {
      this.watchers.add(onLine);
      opts.signal?.addEventListener('abort', () => {
        this.watchers.delete(onLine);
        resolve();
      });
    });
  }

  private send(type: string, object: Record<string, unknown>): void {
    for (const w of this.watchers) w(JSON.stringify({ type, object }));
  }
}
