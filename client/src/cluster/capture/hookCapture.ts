import { DEFAULT_HOOK_TIMEOUT_MS, staleReasonOf } from '../hooks/staleness';
import { KubeRequests } from '../kube/http';
import { Limiter } from '../releases/limiter';
import { ReleaseEntry, ReleaseStore } from '../releases/store';
import { HookInfo, ReleaseInfo } from '../types';
import { NamespaceWatches } from './namespaceWatches';
import { FollowedRun, RunFollower } from './runFollower';
import { CaptureStoreApi, RunKey } from './types';

export interface CaptureOptions {
  /** The kube context name (captures are kept per context). */
  context: string;
  timeoutMs: number;
  /** Log streams open at once, across every hook followed (default 64); more wait their turn. */
  maxStreams?: number;
  /** After a run ended, how long to wait for its outcome in the record and its deletion by policy (default 60 s). */
  lingerMs?: number;
  /** How often a run another window is capturing is tried again, in case that window goes (default 5 s). */
  reclaimMs?: number;
  onProblem?(message: string): void;
}

/** Record times are Helm's clock, creation times whole seconds: a run this close to the start counts. */
const SAME_RUN_SLACK_MS = 2000;

/** Statuses a release holds while Helm runs install, upgrade, rollback or delete hooks. */
const RUNNING_STATUSES = new Set(['pending-install', 'pending-upgrade', 'pending-rollback', 'uninstalling']);

/**
 * Captures the hooks of the releases a session lists while they run. Helm writes `last_run.phase: Running`
 * into the release record before it waits on a hook, so every change of a record is read and each hook
 * found Running is followed (its pods, logs and events) into the store until it ends.
 */
export class HookCapture {
  private readonly followers = new Map<string, { follower: RunFollower; releaseKey: string }>();
  /** Record version last read per release, so only changed records are decoded. */
  private readonly versions = new Map<string, string>();
  /** Runs another window holds: tried again until they end or this window can take them. */
  private readonly heldElsewhere = new Map<string, { entry: ReleaseEntry; info: ReleaseInfo; hook: HookInfo }>();
  private readonly watches: NamespaceWatches;
  private readonly streams: Limiter;
  private readonly listeners: (() => void)[] = [];
  private subscription: { dispose(): void } | undefined;
  private scanning: Promise<void> | undefined;
  private rescan = false;
  private initialized = false;
  private reclaimTimer: NodeJS.Timeout | undefined;
  /** Runs this session followed or tried to: each is looked at once. */
  private readonly handled = new Set<string>();
  /** Runs that started before this are not this session's to catch up on. */
  private readonly since = Date.now();
  private disposed = false;

  constructor(
    private readonly conn: KubeRequests,
    private readonly releases: ReleaseStore,
    readonly store: CaptureStoreApi,
    private readonly options: CaptureOptions,
  ) {
    this.watches = new NamespaceWatches(conn, options.timeoutMs);
    this.streams = new Limiter(options.maxStreams ?? 64);
  }

  start(): void {
    this.subscription ??= this.releases.onDidChange(() => this.schedule());
    this.schedule();
  }

  /** Hook runs being captured now. */
  active(): RunKey[] {
    return [...this.followers.values()].map((f) => f.follower.writer.key);
  }

  /** Something was captured or a capture ended (a view may show it). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener) >>> 0, 1) };
  }

  /** Resolves once every change seen so far was read (tests and benchmarks wait on it). */
  async settled(): Promise<void> {
    while (this.scanning !== undefined) await this.scanning;
  }

  /** Stops following; what was read is kept and another window or the next session resumes it. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.subscription?.dispose();
    if (this.reclaimTimer !== undefined) clearTimeout(this.reclaimTimer);
    const all = [...this.followers.values()].map((f) => f.follower.stop());
    this.followers.clear();
    await Promise.all(all);
    this.watches.dispose();
    this.listeners.length = 0;
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.scanning !== undefined) {
      this.rescan = true;
      return;
    }
    this.scanning = (async () => {
      do {
        this.rescan = false;
        try {
          await this.scan();
        } catch (err) {
          this.problem(`reading release records: ${err instanceof Error ? err.message : String(err)}`);
        }
      } while (this.rescan && !this.disposed);
    })().finally(() => (this.scanning = undefined));
  }

  private async scan(): Promise<void> {
    if (this.releases.state.kind !== 'ready') return;
    const entries = this.releases.releases();
    const first = !this.initialized;
    this.initialized = true;
    const present = new Set<string>();
    for (const e of entries) {
      if (this.disposed) return;
      present.add(e.key);
      const version = this.releases.versionOf(e.latest);
      if (this.versions.get(e.key) === version) continue;
      this.versions.set(e.key, version);
      // At the start only releases in the middle of an action are read: decoding every record of a
      // large cluster to find a `helm test` already under way would cost more than it finds.
      if (first && !RUNNING_STATUSES.has(e.latest.status)) continue;
      let info: ReleaseInfo;
      try {
        info = await this.releases.info(e);
      } catch {
        continue;
      }
      await this.consider(e, info);
    }
    for (const [key] of this.versions) if (!present.has(key)) this.versions.delete(key);
    for (const f of this.followers.values()) if (!present.has(f.releaseKey)) f.follower.releaseGone();
    for (const [id, h] of this.heldElsewhere) if (!present.has(h.entry.key)) this.heldElsewhere.delete(id);
  }

  private async consider(entry: ReleaseEntry, info: ReleaseInfo): Promise<void> {
    const running = new Set<string>();
    for (const hook of info.hooks) {
      if (hook.kind !== 'Job' && hook.kind !== 'Pod') continue;
      const key = this.keyOf(info, hook);
      const id = runId(key);
      // A Running left behind by a helm process that died is not a run to follow.
      if (hook.lastRun.phase === 'Running' && staleReasonOf(hook, info, new Date(), DEFAULT_HOOK_TIMEOUT_MS) === undefined) {
        running.add(id);
        if (!this.followers.has(id)) await this.follow(entry, info, hook, key);
      } else if (!this.handled.has(id) && hook.lastRun.startedAt !== undefined && hook.lastRun.startedAt.getTime() >= this.since - SAME_RUN_SLACK_MS) {
        // It started and ended between two looks at the record: what is left of it is read now, and the
        // capture says if nothing was.
        await this.follow(entry, info, hook, key, { phase: hook.lastRun.phase, completedAt: hook.lastRun.completedAt });
      }
    }
    for (const [id, f] of this.followers) {
      if (f.releaseKey !== entry.key) continue;
      const k = f.follower.writer.key;
      if (k.revision !== info.revision) {
        f.follower.onRecord('Unknown', undefined, false);
        continue;
      }
      const hook = info.hooks.find((h) => h.kind === k.hookKind && h.name === k.hookName);
      if (hook === undefined) {
        f.follower.releaseGone();
        continue;
      }
      const same = (hook.lastRun.startedAt?.toISOString() ?? '') === k.startedAt;
      if (!running.has(id) || !same) f.follower.onRecord(hook.lastRun.phase, hook.lastRun.completedAt, same);
    }
    for (const [id, h] of this.heldElsewhere) if (h.entry.key === entry.key && !running.has(id)) this.heldElsewhere.delete(id);
  }

  private keyOf(info: ReleaseInfo, hook: HookInfo): RunKey {
    return { context: this.options.context, namespace: info.namespace, release: info.name, revision: info.revision, hookKind: hook.kind, hookName: hook.name, startedAt: hook.lastRun.startedAt?.toISOString() ?? '' };
  }

  private async follow(entry: ReleaseEntry, info: ReleaseInfo, hook: HookInfo, key: RunKey, ended?: { phase: string; completedAt: Date | undefined }): Promise<void> {
    const id = runId(key);
    this.handled.add(id);
    const hookNamespace = hook.namespace ?? info.namespace;
    const writer = await this.store.claim(key, { hookNamespace, events: hook.events, deletePolicies: hook.deletePolicies, helmMajor: info.helmMajor });
    if (this.disposed) {
      await writer?.close(false);
      return;
    }
    if (writer === undefined) {
      if (ended !== undefined) return;
      this.heldElsewhere.set(id, { entry, info, hook });
      this.reclaimLater();
      return;
    }
    this.heldElsewhere.delete(id);
    const run: FollowedRun = { kind: hook.kind as 'Job' | 'Pod', name: hook.name, namespace: hookNamespace, startedAt: hook.lastRun.startedAt, deletePolicies: hook.deletePolicies };
    const follower = new RunFollower(run, writer, {
      conn: this.conn,
      watches: this.watches,
      streams: this.streams,
      timeoutMs: this.options.timeoutMs,
      lingerMs: this.options.lingerMs ?? 60_000,
      onProblem: (m) => this.problem(m),
    });
    this.followers.set(id, { follower, releaseKey: entry.key });
    void follower.done.then(() => {
      if (this.followers.get(id)?.follower === follower) this.followers.delete(id);
      this.emit();
    });
    this.emit();
    await follower.start(ended);
  }

  private reclaimLater(): void {
    if (this.reclaimTimer !== undefined || this.disposed) return;
    this.reclaimTimer = setTimeout(() => {
      this.reclaimTimer = undefined;
      const waiting = [...this.heldElsewhere.values()];
      void (async () => {
        for (const h of waiting) {
          const key = this.keyOf(h.info, h.hook);
          if (!this.followers.has(runId(key))) await this.follow(h.entry, h.info, h.hook, key);
        }
      })();
    }, this.options.reclaimMs ?? 5000);
  }

  private problem(message: string): void {
    this.options.onProblem?.(message);
  }

  private emit(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // One view's failure must not stop the others.
      }
    }
  }
}

function runId(k: RunKey): string {
  return `${k.namespace}/${k.release}/${k.revision}/${k.hookKind}/${k.hookName}@${k.startedAt}`;
}
