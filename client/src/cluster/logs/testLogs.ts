import { ApiConnection } from '../kube/http';
import { METADATA_LIST } from '../kube/records';
import { ResilientWatch } from '../kube/watch';
import { HookInfo } from '../types';
import { followLog, HookPod, podOf, readLog } from './hookPods';

export interface CollectedContainer {
  name: string;
  init: boolean;
  exitCode: number | undefined;
  reason: string | undefined;
  log: string;
  /** Why the log is missing or cut short. */
  note: string | undefined;
}

/** One pod a test hook ran in during this run, with the logs of all its containers. */
export interface CollectedTest {
  hook: HookInfo;
  pod: string;
  /** The pod's last phase seen; `Deleted` when it went before it finished. */
  phase: string;
  containers: CollectedContainer[];
}

export interface CollectorOptions {
  timeoutMs: number;
  /** Called as each test pod finishes, with its logs. */
  onFinished?: (test: CollectedTest) => void;
}

interface Slot {
  lines: string[];
  started: boolean;
  done: Promise<void>;
  note: string | undefined;
}

interface Tracked {
  hook: HookInfo;
  pod: HookPod;
  slots: Map<string, Slot>;
  deleted: boolean;
  reported: Promise<void> | undefined;
}

/**
 * Collects the logs of a `helm test` run's pods as they run, for Pod and Job tests alike: `helm test --logs`
 * reads Pod tests only, after the whole run, when a `hook-succeeded` policy may already have deleted them.
 * Each container's log is followed from the moment it runs, so a pod deleted right after it ends keeps
 * its output here. Pods that existed before the run (an earlier run's) are left out.
 */
export class TestLogCollector {
  private readonly old = new Set<string>();
  private readonly tracked = new Map<string, Tracked>();
  private readonly results: CollectedTest[] = [];
  private readonly abort = new AbortController();
  private watch: ResilientWatch | undefined;
  /** Why pods could not be watched, when they could not. */
  problem: Error | undefined;

  constructor(
    private readonly conn: ApiConnection,
    private readonly namespace: string,
    private readonly tests: readonly HookInfo[],
    private readonly opts: CollectorOptions,
  ) {}

  /** Notes the pods already there, then watches from that moment; call it before helm starts. Never rejects. */
  async start(): Promise<void> {
    try {
      const rv = await this.listOld();
      this.watch = new ResilientWatch(
        this.conn,
        { path: this.podsPath(), query: {}, action: `watch pods in namespace ${this.namespace}`, timeoutMs: this.opts.timeoutMs, backoff: { firstMs: 250, maxMs: 2000 } },
        {
          onEvent: (type, object) => this.seen(object, type === 'DELETED'),
          relist: async () => {
            const list = (await this.conn.getJson(this.podsPath(), { action: `list pods in namespace ${this.namespace}`, timeoutMs: this.opts.timeoutMs })) as { items?: unknown[]; metadata?: { resourceVersion?: string } };
            for (const item of list.items ?? []) this.seen(item as Record<string, unknown>, false);
            return list.metadata?.resourceVersion ?? '';
          },
          onTrouble: (problem) => {
            if (problem !== undefined) this.problem = problem;
          },
        },
      );
      this.watch.start(rv);
    } catch (err) {
      this.problem = err instanceof Error ? err : new Error(String(err));
    }
  }

  /**
   * After helm ended: reads what the watch may have missed (tests in other namespaces, a watch that broke),
   * waits for logs still arriving (at most `settleMs`), and returns every test pod of the run, plus the
   * tests of which no pod was seen.
   */
  async finish(settleMs = 5000): Promise<{ collected: CollectedTest[]; unseen: HookInfo[] }> {
    for (const hook of this.tests) {
      if ([...this.tracked.values()].some((t) => t.hook === hook)) continue;
      for (const raw of await this.podsOf(hook).catch(() => [])) this.seen(raw, false);
    }
    const pending = [...this.tracked.values()].map((t) => t.reported ?? Promise.all([...t.slots.values()].map((s) => s.done)));
    await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, settleMs).unref?.())]);
    // Whatever still runs (a cancelled run's pod) is cut here, with what it printed so far.
    this.abort.abort();
    this.watch?.dispose();
    const late = [...this.tracked.values()].map((t) => t.reported ?? this.report(t));
    await Promise.race([Promise.all(late), new Promise((r) => setTimeout(r, 1000).unref?.())]);
    const unseen = this.tests.filter((h) => ![...this.tracked.values()].some((t) => t.hook === h));
    return { collected: [...this.results], unseen };
  }

  private podsPath(): string {
    return `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/pods`;
  }

  private async listOld(): Promise<string> {
    const list = (await this.conn.getJson(this.podsPath(), { action: `list pods in namespace ${this.namespace}`, timeoutMs: this.opts.timeoutMs, accept: METADATA_LIST })) as {
      items?: { metadata?: { uid?: string } }[];
      metadata?: { resourceVersion?: string };
    };
    for (const item of list.items ?? []) if (item.metadata?.uid) this.old.add(item.metadata.uid);
    return list.metadata?.resourceVersion ?? '';
  }

  private async podsOf(hook: HookInfo): Promise<Record<string, unknown>[]> {
    const ns = hook.namespace ?? this.namespace;
    const base = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`;
    if (hook.kind === 'Pod') {
      try {
        return [(await this.conn.getJson(`${base}/${encodeURIComponent(hook.name)}`, { action: `read pod ${ns}/${hook.name}`, timeoutMs: this.opts.timeoutMs })) as Record<string, unknown>];
      } catch {
        return [];
      }
    }
    const query = new URLSearchParams({ labelSelector: `job-name=${hook.name}` });
    const list = (await this.conn.getJson(`${base}?${query.toString()}`, { action: `list pods of Job ${ns}/${hook.name}`, timeoutMs: this.opts.timeoutMs })) as { items?: unknown[] };
    return (list.items ?? []) as Record<string, unknown>[];
  }

  private hookOf(raw: Record<string, unknown>): HookInfo | undefined {
    const meta = raw.metadata as { name?: string; namespace?: string; labels?: Record<string, string> } | undefined;
    const ns = meta?.namespace ?? this.namespace;
    return this.tests.find(
      (h) => (h.namespace ?? this.namespace) === ns && ((h.kind === 'Pod' && meta?.name === h.name) || (h.kind === 'Job' && meta?.labels?.['job-name'] === h.name)),
    );
  }

  private seen(raw: Record<string, unknown>, deleted: boolean): void {
    const uid = (raw.metadata as { uid?: string } | undefined)?.uid;
    if (uid === undefined || this.old.has(uid)) return;
    const hook = this.hookOf(raw);
    if (hook === undefined) return;
    let t = this.tracked.get(uid);
    if (t === undefined) {
      t = { hook, pod: podOf(raw), slots: new Map(), deleted: false, reported: undefined };
      this.tracked.set(uid, t);
    }
    if (t.reported !== undefined) return;
    if (!deleted) t.pod = podOf(raw);
    t.deleted ||= deleted;
    for (const c of t.pod.containers) {
      if (t.slots.has(c.name) || (!c.running && c.exitCode === undefined) || deleted) continue;
      const slot: Slot = { lines: [], started: true, done: Promise.resolve(), note: undefined };
      const pod = t.pod;
      // A running container is followed, so its output survives the pod's deletion right after it ends.
      const read = c.running
        ? followLog(this.conn, pod, c.name, { signal: this.abort.signal, timeoutMs: this.opts.timeoutMs }, (l) => slot.lines.push(l))
        : readLog(this.conn, pod, c.name, { timeoutMs: this.opts.timeoutMs }).then((text) => {
            slot.lines.push(...text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined));
          });
      slot.done = read.catch((err: unknown) => {
        slot.note = `cannot read this log: ${err instanceof Error ? err.message : String(err)}`;
      });
      t.slots.set(c.name, slot);
    }
    const ended = t.pod.phase === 'Succeeded' || t.pod.phase === 'Failed';
    if (ended || t.deleted) {
      const tr = t;
      tr.reported = Promise.all([...tr.slots.values()].map((s) => s.done)).then(() => this.report(tr));
    }
  }

  private async report(t: Tracked): Promise<void> {
    const result: CollectedTest = {
      hook: t.hook,
      pod: t.pod.name,
      phase: t.deleted && t.pod.phase !== 'Succeeded' && t.pod.phase !== 'Failed' ? 'Deleted' : t.pod.phase,
      containers: t.pod.containers.map((c) => {
        const slot = t.slots.get(c.name);
        const note = slot?.note ?? (slot === undefined ? (t.deleted ? 'the pod was deleted before this container ran or could be read' : 'did not run') : undefined);
        return { name: c.name, init: c.init, exitCode: c.exitCode, reason: c.reason, log: slot && slot.lines.length > 0 ? `${slot.lines.join('\n')}\n` : '', note };
      }),
    };
    if (this.results.some((r) => r.pod === result.pod && r.hook === result.hook)) return;
    this.results.push(result);
    this.opts.onFinished?.(result);
  }
}
