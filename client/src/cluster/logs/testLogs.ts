import { KubeRequests } from '../kube/http';
import { METADATA_LIST } from '../kube/records';
import { ResilientWatch } from '../kube/watch';
import { HookInfo } from '../types';
import { followLog, HookPod, hookPodObjects, podOf, readLog } from './hookPods';

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
  private startProblem: Error | undefined;
  /** The watch's current trouble; cleared when it recovers (a relist then catches up). */
  private watchProblem: Error | undefined;

  constructor(
    private readonly conn: KubeRequests,
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
            const list = await this.listPods();
            for (const item of list.items) this.seen(item, false);
            return list.resourceVersion;
          },
          onTrouble: (problem) => {
            this.watchProblem = problem;
          },
        },
      );
      this.watch.start(rv);
    } catch (err) {
      this.startProblem = err instanceof Error ? err : new Error(String(err));
    }
  }

  /** Why some logs could not be collected, when that is so. */
  get problem(): Error | undefined {
    return this.startProblem ?? this.watchProblem;
  }

  /**
   * After helm ended: reads what the watch may have missed (tests in other namespaces, a watch that broke),
   * waits for logs still arriving (at most `settleMs`), and returns every test pod of the run, plus the
   * tests of which no pod was seen.
   */
  async finish(settleMs = 5000, opts: { sweep: boolean } = { sweep: true }): Promise<{ collected: CollectedTest[]; unseen: HookInfo[] }> {
    const deadline = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref?.());
    const unseenNow = this.tests.filter((h) => ![...this.tracked.values()].some((t) => t.hook === h));
    // One bounded look for pods the watch missed; not after a cancel (helm may not have started them), and
    // not when the cluster could not even be listed (each look would wait for its own timeout).
    if (opts.sweep && this.startProblem === undefined && unseenNow.length > 0) {
      const look = Promise.all(unseenNow.map((h) => hookPodObjects(this.conn, h, this.namespace, this.opts.timeoutMs).then((pods) => pods.forEach((p) => this.seen(p, false)), () => undefined)));
      await Promise.race([look, deadline(Math.max(settleMs, 1000))]);
    }
    const pending = [...this.tracked.values()].map((t) => t.reported ?? Promise.all([...t.slots.values()].map((s) => s.done)));
    await Promise.race([Promise.all(pending), deadline(settleMs)]);
    // Whatever still runs (a cancelled run's pod) is cut here, with what it printed so far.
    this.abort.abort();
    this.watch?.dispose();
    const late: Promise<void>[] = [];
    for (const t of this.tracked.values()) {
      if (t.reported !== undefined) late.push(t.reported);
      else this.report(t);
    }
    await Promise.race([Promise.all(late), deadline(1000)]);
    const unseen = this.tests.filter((h) => ![...this.tracked.values()].some((t) => t.hook === h));
    if (unseen.length === 0) this.watchProblem = undefined;
    return { collected: [...this.results], unseen };
  }

  /** Stops watching and following at once (the run failed before finish). */
  dispose(): void {
    this.abort.abort();
    this.watch?.dispose();
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

  private async listPods(): Promise<{ items: Record<string, unknown>[]; resourceVersion: string }> {
    const list = (await this.conn.getJson(this.podsPath(), { action: `list pods in namespace ${this.namespace}`, timeoutMs: this.opts.timeoutMs })) as { items?: Record<string, unknown>[]; metadata?: { resourceVersion?: string } };
    return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '' };
  }

  private hookOf(raw: Record<string, unknown>): HookInfo | undefined {
    const meta = raw.metadata as { name?: string; namespace?: string; labels?: Record<string, string> } | undefined;
    const ns = meta?.namespace ?? this.namespace;
    return this.tests.find(
      (h) => (h.namespace ?? this.namespace) === ns && ((h.kind === 'Pod' && meta?.name === h.name) || (h.kind === 'Job' && meta?.labels?.['job-name'] === h.name)),
    );
  }

  private seen(raw: Record<string, unknown>, deleted: boolean): void {
    if (this.abort.signal.aborted) return;
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
      // One slot per run of a container: a restarted one (OnFailure) is followed again.
      const key = `${c.name}#${c.restarts}`;
      if (t.slots.has(key) || (!c.running && c.exitCode === undefined) || deleted) continue;
      const slot: Slot = { lines: [], done: Promise.resolve(), note: undefined };
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
      t.slots.set(key, slot);
    }
    const ended = t.pod.phase === 'Succeeded' || t.pod.phase === 'Failed';
    if (ended || t.deleted) {
      const tr = t;
      tr.reported = Promise.all([...tr.slots.values()].map((s) => s.done)).then(() => this.report(tr));
    }
  }

  private report(t: Tracked): void {
    const result: CollectedTest = {
      hook: t.hook,
      pod: t.pod.name,
      phase: t.deleted && t.pod.phase !== 'Succeeded' && t.pod.phase !== 'Failed' ? 'Deleted' : t.pod.phase,
      containers: t.pod.containers.map((c) => {
        const runs = [...t.slots.entries()].filter(([k]) => k.slice(0, k.lastIndexOf('#')) === c.name).map(([, slot]) => slot);
        const note = runs.find((r) => r.note !== undefined)?.note ?? (runs.length === 0 ? (t.deleted ? 'the pod was deleted before this container ran or could be read' : 'did not run') : undefined);
        const log = runs
          .map((r, i) => (runs.length > 1 ? [`--- run ${i + 1} ---`, ...r.lines] : r.lines))
          .flat()
          .join('\n');
        return { name: c.name, init: c.init, exitCode: c.exitCode, reason: c.reason, log: log === '' ? '' : `${log}\n`, note };
      }),
    };
    if (this.results.some((r) => r.pod === result.pod && r.hook === result.hook)) return;
    this.results.push(result);
    try {
      this.opts.onFinished?.(result);
    } catch {
      // The listener's trouble must not lose this result, nor reject a promise no one awaits.
    }
  }
}
