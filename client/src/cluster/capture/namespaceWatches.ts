import { KubeRequests } from '../kube/http';
import { ClusterProblem } from '../kube/problems';
import { ResilientWatch, WatchEventType } from '../kube/watch';

export type Watched = 'pods' | 'jobs';

export interface ObjectListener {
  /** `relisted`: seen by a list after the watch broke, so the time of the change is not known. */
  onObject(type: WatchEventType, object: Record<string, unknown>, relisted: boolean): void;
  /** The watch broke (a problem) or works again (undefined). */
  onTrouble?(problem: ClusterProblem | undefined): void;
}

interface Shared {
  listeners: Set<ObjectListener>;
  objects: Map<string, Record<string, unknown>>;
  watch: ResilientWatch | undefined;
  ready: Promise<void>;
}

/**
 * One watch per namespace and kind, shared by every hook run followed there, so a hundred hooks running at
 * once cost two connections per namespace, not two per hook. A watch stops when no run needs it.
 */
export class NamespaceWatches {
  private readonly shared = new Map<string, Shared>();

  constructor(
    private readonly conn: KubeRequests,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Starts hearing about `kind` in `namespace`: every object there now arrives first as ADDED. Resolves
   * once the first list was delivered; rejects when it could not be listed.
   */
  async subscribe(namespace: string, kind: Watched, listener: ObjectListener): Promise<{ dispose(): void }> {
    const id = `${kind}/${namespace}`;
    let s = this.shared.get(id);
    if (s === undefined) {
      const created: Shared = { listeners: new Set(), objects: new Map(), watch: undefined, ready: Promise.resolve() };
      created.ready = this.start(namespace, kind, created);
      s = created;
      this.shared.set(id, s);
      s.ready.catch(() => {
        if (this.shared.get(id) === created) this.shared.delete(id);
      });
    }
    const shared = s;
    await shared.ready;
    shared.listeners.add(listener);
    for (const o of shared.objects.values()) listener.onObject('ADDED', o, false);
    return {
      dispose: () => {
        shared.listeners.delete(listener);
        if (shared.listeners.size === 0 && this.shared.get(id) === shared) {
          shared.watch?.dispose();
          this.shared.delete(id);
        }
      },
    };
  }

  dispose(): void {
    for (const s of this.shared.values()) {
      s.watch?.dispose();
      s.listeners.clear();
    }
    this.shared.clear();
  }

  private async start(namespace: string, kind: Watched, s: Shared): Promise<void> {
    const path = kind === 'pods' ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods` : `/apis/batch/v1/namespaces/${encodeURIComponent(namespace)}/jobs`;
    const action = `watch ${kind === 'pods' ? 'Pods' : 'Jobs'} in namespace ${namespace}`;
    const list = async (): Promise<{ items: Record<string, unknown>[]; version: string }> => {
      const r = (await this.conn.getJson(path, { action: `list ${kind === 'pods' ? 'Pods' : 'Jobs'} in namespace ${namespace}`, timeoutMs: this.timeoutMs })) as { items?: unknown; metadata?: { resourceVersion?: unknown } };
      const items = (Array.isArray(r.items) ? r.items : []) as Record<string, unknown>[];
      return { items, version: typeof r.metadata?.resourceVersion === 'string' ? r.metadata.resourceVersion : '' };
    };
    const first = await list();
    for (const o of first.items) s.objects.set(nameOf(o), o);
    const tell = (type: WatchEventType, o: Record<string, unknown>, relisted: boolean): void => {
      for (const l of [...s.listeners]) l.onObject(type, o, relisted);
    };
    s.watch = new ResilientWatch(this.conn, { path, query: {}, action, timeoutMs: this.timeoutMs, backoff: { firstMs: 250, maxMs: 5000 } }, {
      onEvent: (type, o) => {
        if (type === 'DELETED') s.objects.delete(nameOf(o));
        else s.objects.set(nameOf(o), o);
        tell(type, o, false);
      },
      relist: async () => {
        const r = await list();
        const now = new Map(r.items.map((o) => [nameOf(o), o] as const));
        // What went while the watch was down was deleted at a time nobody saw.
        for (const [name, o] of s.objects) if (!now.has(name)) tell('DELETED', o, true);
        for (const [name, o] of now) tell(s.objects.has(name) ? 'MODIFIED' : 'ADDED', o, true);
        s.objects.clear();
        for (const [name, o] of now) s.objects.set(name, o);
        return r.version;
      },
      onTrouble: (problem) => {
        for (const l of [...s.listeners]) l.onTrouble?.(problem);
      },
    });
    s.watch.start(first.version);
  }
}

function nameOf(o: Record<string, unknown>): string {
  const m = o.metadata as { name?: unknown } | undefined;
  return typeof m?.name === 'string' ? m.name : '';
}
