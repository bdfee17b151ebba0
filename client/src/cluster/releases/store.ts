import { ApiConnection } from '../kube/http';
import { ClusterProblem } from '../kube/problems';
import { describeList, listRecords, METADATA_ITEM, collectionPath, readRecord, selectorOf, withType } from '../kube/records';
import { ResilientWatch } from '../kube/watch';
import { recordRefOf } from '../records/labels';
import { readRelease } from '../records/release';
import { Limiter } from './limiter';
import { Driver, RecordError, RecordRef, ReleaseInfo } from '../types';

export interface StoreOptions {
  /** One namespace, or undefined for all namespaces. */
  namespace: string | undefined;
  drivers: Driver[];
  requestTimeoutMs: number;
  /** Records being decoded at once. */
  concurrency?: number;
  /** Watch events are passed on after this quiet time, so a burst of changes redraws once. */
  settleMs?: number;
}

/** A release as its latest revision's labels describe it; decoding waits until someone asks. */
export interface ReleaseEntry {
  /** `driver/namespace/name`. */
  key: string;
  driver: Driver;
  namespace: string;
  name: string;
  latest: RecordRef;
  revisions: number;
}

export type StoreState =
  | { kind: 'loading' }
  | { kind: 'ready' }
  /** Nothing could be listed: the problem says why. */
  | { kind: 'failed'; problem: ClusterProblem };

interface Known {
  ref: RecordRef;
  resourceVersion: string;
}

/**
 * The Helm releases of one kube context: listed once, then kept current by watches. Knows nothing of
 * how they are shown.
 */
export class ReleaseStore {
  private current: StoreState = { kind: 'loading' };
  /** Live connection problems per driver's watch, while data from before them is still shown. */
  private readonly troubles = new Map<Driver, { problem: ClusterProblem; retryAt: number | undefined }>();
  private readonly notices = new Map<Driver, string>();
  private readonly objects = new Map<string, Known>();
  private readonly infos = new Map<string, { version: string; info: Promise<ReleaseInfo> }>();
  private readonly watches: ResilientWatch[] = [];
  private readonly listeners: (() => void)[] = [];
  private readonly limiter: Limiter;
  private settleTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private generation = 0;
  /** The namespace actually listed per driver (the current namespace after a 403 on all namespaces). */
  private readonly scopes = new Map<Driver, string | undefined>();

  constructor(
    readonly conn: ApiConnection,
    readonly options: StoreOptions,
  ) {
    this.limiter = new Limiter(options.concurrency ?? 6);
  }

  get state(): StoreState {
    return this.current;
  }

  /** A connection problem since the last good list, with when the next try is due. */
  get connectionTrouble(): { problem: ClusterProblem; retryAt: number | undefined } | undefined {
    // One watch per driver: the view is in trouble while any of them is.
    return this.troubles.values().next().value;
  }

  /** Things the user should know about what is shown (e.g. fell back to one namespace). */
  get messages(): string[] {
    return [...this.notices.values()];
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener) >>> 0, 1) };
  }

  /** Lists every driver's records, then starts watching. Never rejects: failures become the state. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    this.stopWatches();
    this.current = { kind: 'loading' };
    this.emit();
    const results = await Promise.all(this.options.drivers.map((d) => this.listDriver(d).then((r) => ({ d, r }), (problem: ClusterProblem) => ({ d, problem }))));
    if (generation !== this.generation || this.disposed) return;
    this.objects.clear();
    this.notices.clear();
    const failures: { d: Driver; problem: ClusterProblem }[] = [];
    for (const res of results) {
      if ('problem' in res) {
        failures.push(res);
        continue;
      }
      for (const item of res.r.items) this.put(res.d, item);
      if (res.r.notice !== undefined) this.notices.set(res.d, res.r.notice);
      this.watch(res.d, res.r.resourceVersion);
    }
    if (failures.length === results.length && failures[0] !== undefined) {
      this.current = { kind: 'failed', problem: failures[0].problem };
    } else {
      // One driver readable is enough to show something; say what is missing.
      for (const f of failures) this.notices.set(f.d, `${f.d === 'secret' ? 'Secret' : 'ConfigMap'} records are not shown: ${f.problem.message}`);
      this.current = { kind: 'ready' };
    }
    this.troubles.clear();
    this.emit();
  }

  /** Skips any backoff wait and lists again. */
  async retry(): Promise<void> {
    await this.load();
  }

  /** Releases by namespace, then name, each with its latest revision. */
  releases(): ReleaseEntry[] {
    const byKey = new Map<string, ReleaseEntry>();
    for (const { ref } of this.objects.values()) {
      const key = `${ref.driver}/${ref.namespace}/${ref.release}`;
      const e = byKey.get(key);
      if (e === undefined) byKey.set(key, { key, driver: ref.driver, namespace: ref.namespace, name: ref.release, latest: ref, revisions: 1 });
      else {
        e.revisions += 1;
        if (ref.revision > e.latest.revision) e.latest = ref;
      }
    }
    return [...byKey.values()].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.driver, b.driver));
  }

  /** The resourceVersion of a record object as last listed or watched ('' when unknown). */
  versionOf(ref: RecordRef): string {
    return this.objects.get(objectKey(ref.driver, ref.namespace, ref.objectName))?.resourceVersion ?? '';
  }

  /** Every stored revision of a release, newest first (labels only). */
  history(entry: ReleaseEntry): RecordRef[] {
    return [...this.objects.values()]
      .map((k) => k.ref)
      .filter((r) => r.driver === entry.driver && r.namespace === entry.namespace && r.release === entry.name)
      .sort((a, b) => b.revision - a.revision);
  }

  /**
   * The decoded record of one revision (the latest when no ref is given); fetched and decoded once per
   * version of the record object. Rejects with a RecordError or ClusterProblem the view can show.
   */
  info(entry: ReleaseEntry, ref: RecordRef = entry.latest): Promise<ReleaseInfo> {
    const id = objectKey(ref.driver, ref.namespace, ref.objectName);
    const version = this.objects.get(id)?.resourceVersion ?? '';
    const cached = this.infos.get(id);
    if (cached !== undefined && cached.version === version) return cached.info;
    const info = this.limiter.run(async () => {
      const obj = await readRecord(this.conn, ref.driver, ref.namespace, ref.objectName, this.options.requestTimeoutMs);
      if (obj === undefined) throw new RecordError(ref.objectName, `Release record ${ref.namespace}/${ref.objectName} no longer exists (the release changed or was uninstalled).`);
      const full = recordRefOf(ref.driver, withType(ref.driver, obj));
      if (full === undefined) throw new RecordError(ref.objectName, `${ref.namespace}/${ref.objectName} is not a Helm release record.`);
      return readRelease(full);
    });
    this.infos.set(id, { version, info });
    // A failure is not cached forever: the next look tries again.
    info.catch(() => {
      if (this.infos.get(id)?.info === info) this.infos.delete(id);
    });
    return info;
  }

  dispose(): void {
    this.disposed = true;
    this.stopWatches();
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    this.listeners.length = 0;
  }

  private async listDriver(driver: Driver): Promise<{ items: Record<string, unknown>[]; resourceVersion: string; notice?: string }> {
    const wanted = this.options.namespace;
    try {
      const r = await listRecords(this.conn, driver, wanted, this.options.requestTimeoutMs);
      this.scopes.set(driver, wanted);
      return r;
    } catch (err) {
      const problem = err as ClusterProblem;
      const own = this.conn.target.namespace;
      // Namespace-only RBAC is common: show what the user may see, and say so.
      if (wanted !== undefined || problem.kind !== 'forbidden') throw problem;
      const r = await listRecords(this.conn, driver, own, this.options.requestTimeoutMs);
      this.scopes.set(driver, own);
      return { ...r, notice: `Not allowed to ${describeList(driver, undefined)} as ${this.conn.target.user}: showing namespace ${own} only.` };
    }
  }

  private watch(driver: Driver, resourceVersion: string): void {
    const namespace = this.scopes.get(driver);
    const w = new ResilientWatch(
      this.conn,
      { path: collectionPath(driver, namespace), query: selectorOf(driver), accept: METADATA_ITEM, action: `watch ${describeList(driver, namespace).slice(5)}`, timeoutMs: this.options.requestTimeoutMs },
      {
        onEvent: (type, object) => {
          if (type === 'DELETED') this.remove(driver, object);
          else this.put(driver, withType(driver, object));
          this.settle();
        },
        relist: async () => {
          const r = await listRecords(this.conn, driver, namespace, this.options.requestTimeoutMs);
          for (const [id, k] of this.objects) if (k.ref.driver === driver) this.objects.delete(id);
          for (const item of r.items) this.put(driver, item);
          this.settle();
          return r.resourceVersion;
        },
        onTrouble: (problem, retryInMs) => {
          if (problem === undefined) this.troubles.delete(driver);
          else this.troubles.set(driver, { problem, retryAt: retryInMs === undefined ? undefined : Date.now() + retryInMs });
          this.emit();
        },
      },
    );
    this.watches.push(w);
    w.start(resourceVersion);
  }

  private put(driver: Driver, item: Record<string, unknown>): void {
    const ref = recordRefOf(driver, item);
    if (ref === undefined) return;
    const meta = item.metadata as { resourceVersion?: unknown } | undefined;
    this.objects.set(objectKey(driver, ref.namespace, ref.objectName), { ref, resourceVersion: typeof meta?.resourceVersion === 'string' ? meta.resourceVersion : '' });
  }

  private remove(driver: Driver, item: Record<string, unknown>): void {
    const meta = item.metadata as { name?: unknown; namespace?: unknown } | undefined;
    if (typeof meta?.name === 'string' && typeof meta.namespace === 'string') this.objects.delete(objectKey(driver, meta.namespace, meta.name));
  }

  private stopWatches(): void {
    for (const w of this.watches.splice(0)) w.dispose();
  }

  private settle(): void {
    if (this.settleTimer !== undefined) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.emit();
    }, this.options.settleMs ?? 150);
  }

  private emit(): void {
    if (this.disposed) return;
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // A view's failure must not stop the others from hearing.
      }
    }
  }
}

function objectKey(driver: Driver, namespace: string, name: string): string {
  return `${driver}/${namespace}/${name}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
