import { EventReader } from '../diagnosis/gather';
import { KubeRequests } from '../kube/http';
import { ClusterProblem } from '../kube/problems';
import { WatchEventType } from '../kube/watch';
import { Limiter } from '../releases/limiter';
import { containersOf, ContainerStatus, jobEnded, jobEvidence, metaOf, podEvidence, podPhase } from './podState';
import { NamespaceWatches } from './namespaceWatches';
import { RunWriter } from './types';

type Json = Record<string, unknown>;

/** The hook run being followed, as the release record describes it. */
export interface FollowedRun {
  kind: 'Job' | 'Pod';
  name: string;
  /** Where its objects live. */
  namespace: string;
  startedAt: Date | undefined;
  deletePolicies: string[];
}

export interface FollowerDeps {
  conn: KubeRequests;
  watches: Pick<NamespaceWatches, 'subscribe'>;
  /** Bounds the log streams open at once across every followed run. */
  streams: Limiter;
  timeoutMs: number;
  /** After the run ended, how long to wait for the record's outcome and Helm's delete policy. */
  lingerMs: number;
  onProblem(message: string): void;
}

/** Creation times are whole seconds: an object made in the same second as the run started belongs to it. */
const SAME_RUN_SLACK_MS = 2000;

interface Pod {
  name: string;
  uid: string;
  createdAt: string;
  raw: Json;
  deleted: boolean;
}

interface Stream {
  pod: string;
  /** The container's name, with the restart it is when not the first run. */
  label: string;
  container: string;
  restart: number;
  /** Lines of this container run already kept (a re-opened stream skips them). */
  read: number;
  done: boolean;
}

/**
 * Follows one run of one hook while it runs: its Job (or Pod), the pods that run it, every container's log
 * line by line, and at the end the events the diagnosis reads. Lines go to the store as they come, so
 * whatever Helm deletes afterwards, what was read stays.
 */
export class RunFollower {
  private job: Json | undefined;
  private jobUid: string | undefined;
  private readonly pods = new Map<string, Pod>();
  private readonly streams = new Map<string, Stream>();
  private readonly abort = new AbortController();
  private readonly subscriptions: { dispose(): void }[] = [];
  private objectEnded = false;
  private outcome: { phase: string; completedAt?: string } | undefined;
  private objectDeleted = false;
  private lingerTimer: NodeJS.Timeout | undefined;
  private finishing: Promise<void> | undefined;
  private resolveDone!: () => void;
  /** Resolves once the run is written and closed (finished, or stopped with the session). */
  readonly done = new Promise<void>((r) => (this.resolveDone = r));

  constructor(
    readonly run: FollowedRun,
    readonly writer: RunWriter,
    private readonly deps: FollowerDeps,
  ) {}

  /** `ended`: the record already holds the run's outcome (it ran between two looks at the record). */
  async start(ended?: { phase: string; completedAt: Date | undefined }): Promise<void> {
    const w = this.writer;
    if (ended !== undefined) {
      this.outcome = { phase: ended.phase, ...(ended.completedAt !== undefined ? { completedAt: ended.completedAt.toISOString() } : {}) };
      w.update({ outcome: this.outcome });
    }
    if (w.resumed) {
      w.note({ kind: 'gap', text: `Capture resumed: nothing was captured from ${w.meta.updatedAt} until now (the window that captured this run closed or reloaded). Each container's log is read again from its start; lines already kept are skipped.` });
    } else {
      w.note({ kind: 'started', text: `Capture started while ${this.run.kind} ${this.run.namespace}/${this.run.name} was running.` });
    }
    try {
      if (this.run.kind === 'Job') this.subscriptions.push(await this.deps.watches.subscribe(this.run.namespace, 'jobs', { onObject: (t, o, r) => this.onJob(t, o, r), onTrouble: (p) => this.onTrouble(p) }));
      this.subscriptions.push(await this.deps.watches.subscribe(this.run.namespace, 'pods', { onObject: (t, o, r) => this.onPod(t, o, r), onTrouble: (p) => this.onTrouble(p) }));
    } catch (err) {
      w.note({ kind: 'problem', text: `Cannot watch the hook's ${this.run.kind === 'Job' ? 'Job and pods' : 'pod'}: ${message(err)}. Nothing more can be captured.` });
      await this.finish(false);
      return;
    }
    if (w.resumed) {
      for (const c of w.meta.containers) {
        if (!c.complete && !this.pods.has(c.pod)) {
          w.note({ kind: 'gap', pod: c.pod, container: c.container, text: `Pod ${c.pod} was deleted while no window was capturing: lines of ${c.container} after line ${c.lines} may be missing.` });
        }
      }
    }
    this.check();
  }

  /** The release record changed: a run no longer Running has its outcome. */
  onRecord(phase: string, completedAt: Date | undefined, sameRun: boolean): void {
    if (!sameRun) {
      // A later run of the same hook replaced this one in the record: its outcome is not recorded anywhere.
      this.outcome ??= { phase: 'Unknown' };
    } else if (phase !== 'Running') {
      this.outcome = { phase, ...(completedAt !== undefined ? { completedAt: completedAt.toISOString() } : {}) };
      this.writer.update({ outcome: this.outcome });
    }
    this.check();
  }

  /** The release has no record any more (uninstalled): nothing will tell the outcome. */
  releaseGone(): void {
    this.outcome ??= { phase: 'Unknown' };
    this.check();
  }

  /** The session closes: keep what was read and let another window (or the next session) resume. */
  async stop(): Promise<void> {
    await this.finish(false);
  }

  private onTrouble(problem: ClusterProblem | undefined): void {
    if (problem === undefined) this.writer.note({ kind: 'resumed', text: 'The watch of the hook\'s objects works again; changes while it was down were read from a fresh list.' });
    else this.writer.note({ kind: 'gap', text: `The watch of the hook's objects broke: ${problem.message}. Pod and Job changes are read again when it reconnects; logs are followed on their own connections.` });
  }

  private belongs(createdAt: number | undefined): boolean {
    const started = this.run.startedAt?.getTime();
    return started === undefined || createdAt === undefined || createdAt >= started - SAME_RUN_SLACK_MS;
  }

  private onJob(type: WatchEventType, o: Json, relisted: boolean): void {
    const m = metaOf(o);
    if (m.name !== this.run.name) return;
    if (this.jobUid !== undefined ? m.uid !== this.jobUid : !this.belongs(m.createdAt)) return;
    this.jobUid = m.uid;
    this.job = o;
    if (type === 'DELETED') this.objectGone(relisted);
    else if (jobEnded(o)) this.objectEnded = true;
    this.check();
  }

  private onPod(type: WatchEventType, o: Json, relisted: boolean): void {
    const m = metaOf(o);
    if (this.run.kind === 'Pod') {
      if (m.name !== this.run.name || !this.belongs(m.createdAt)) return;
    } else {
      const jobName = m.labels['job-name'] ?? m.labels['batch.kubernetes.io/job-name'];
      if (jobName !== this.run.name) return;
      // Pods of an older Job of the same name (before-hook-creation) may still be going away.
      if (this.jobUid !== undefined ? m.owners.length > 0 && !m.owners.includes(this.jobUid) : !this.belongs(m.createdAt)) return;
    }
    const known = this.pods.get(m.name);
    if (known !== undefined && known.uid !== m.uid) return;
    const pod: Pod = known ?? { name: m.name, uid: m.uid, createdAt: m.createdAt === undefined ? '' : new Date(m.createdAt).toISOString(), raw: o, deleted: false };
    pod.raw = o;
    this.pods.set(m.name, pod);
    if (type === 'DELETED') {
      pod.deleted = true;
      this.writer.note({ kind: 'pod-deleted', pod: pod.name, text: relisted ? `Pod ${pod.name} was deleted while the watch was down.` : `Pod ${pod.name} was deleted.` });
      if ([...this.pods.values()].every((p) => p.deleted)) this.writer.update({ podsDeletedAt: new Date().toISOString() });
      if (this.run.kind === 'Pod') this.objectGone(relisted);
    } else {
      if (this.run.kind === 'Pod' && (podPhase(o) === 'Succeeded' || podPhase(o) === 'Failed')) this.objectEnded = true;
      for (const c of containersOf(o)) this.follow(pod, c);
    }
    this.check();
  }

  private objectGone(relisted: boolean): void {
    this.objectEnded = true;
    if (this.objectDeleted) return;
    this.objectDeleted = true;
    // Only a deletion the watch saw happen has a time; one found by a list after a break has none.
    if (!relisted) this.writer.update({ objectDeletedAt: new Date().toISOString() });
    this.writer.note({ kind: 'object-deleted', text: `${this.run.kind} ${this.run.name} was deleted${relisted ? ' while the watch was down' : ''}.` });
  }

  private follow(pod: Pod, c: ContainerStatus): void {
    if (!c.started) return;
    const label = c.restarts > 0 ? `${c.name} (restart ${c.restarts})` : c.name;
    const id = `${pod.name}/${label}`;
    if (this.streams.has(id)) return;
    this.writer.container({ pod: pod.name, container: label, init: c.init, podCreatedAt: pod.createdAt });
    const s: Stream = { pod: pod.name, label, container: c.name, restart: c.restarts, read: this.writer.linesOf(pod.name, label), done: false };
    this.streams.set(id, s);
    void this.read(pod, s).then(
      () => this.check(),
      (err: unknown) => {
        s.done = true;
        this.deps.onProblem(`capture of ${pod.name}/${c.name}: ${message(err)}`);
        this.check();
      },
    );
  }

  /** Reads one container run's log to its end, re-opening a broken stream and skipping what was kept. */
  private async read(pod: Pod, s: Stream): Promise<void> {
    const path = `/api/v1/namespaces/${encodeURIComponent(this.run.namespace)}/pods/${encodeURIComponent(pod.name)}/log?${new URLSearchParams({ container: s.container, follow: 'true' }).toString()}`;
    let broke: string | undefined;
    let cleanEnd = false;
    let backoff = 250;
    while (!this.abort.signal.aborted) {
      let seen = 0;
      const skip = s.read;
      try {
        await this.deps.streams.run(() =>
          this.abort.signal.aborted
            ? Promise.resolve()
            : this.deps.conn.streamLines(
                path,
                { action: `follow the logs of ${this.run.namespace}/${pod.name} (${s.container})`, timeoutMs: this.deps.timeoutMs, accept: '*/*', keepEmptyLines: true, signal: this.abort.signal },
                (line) => {
                  seen += 1;
                  if (seen <= skip) return;
                  s.read += 1;
                  this.writer.append(pod.name, s.label, [line]);
                },
                () => {
                  if (broke === undefined) return;
                  this.writer.note({ kind: 'resumed', pod: pod.name, container: s.label, text: `The log of ${s.label} is read again from its start; the ${skip} lines already kept are skipped, so nothing is lost.` });
                  broke = undefined;
                },
              ),
        );
      } catch (err) {
        if (this.abort.signal.aborted) return;
        if (err instanceof ClusterProblem && err.kind === 'not-found') {
          // After a clean end the log had been read to its end; the pod went before its status said so.
          if (cleanEnd) this.completed(pod, s, pod.raw);
          else this.lost(pod, s, skip);
          return;
        }
        cleanEnd = false;
        if (broke === undefined) {
          broke = message(err);
          this.writer.note({ kind: 'gap', pod: pod.name, container: s.label, text: `The log stream of ${s.label} broke after ${s.read} lines: ${broke}.` });
        }
        if (pod.deleted) {
          this.lost(pod, s, skip);
          return;
        }
        await this.pause(backoff);
        backoff = Math.min(5000, backoff * 2);
        continue;
      }
      if (this.abort.signal.aborted) return;
      // A follow ends cleanly when the container run ends or the pod goes (the log was read to its end), and
      // when something between cuts it: only a container still running is read again. The watch may not
      // have told yet that the container ended, so the pod is read now.
      const fresh = await this.readPod(pod);
      const now = containersOf(fresh ?? pod.raw).find((c) => c.name === s.container);
      if (fresh === undefined || now === undefined || now.restarts !== s.restart || now.terminated !== undefined) {
        this.completed(pod, s, fresh ?? pod.raw);
        return;
      }
      cleanEnd = true;
      await this.pause(backoff);
    }
  }

  /** The container run's log was read to its end; its exit code when the pod's status tells it. */
  private completed(pod: Pod, s: Stream, raw: Json): void {
    s.done = true;
    const last = containersOf(raw).find((c) => c.name === s.container);
    this.writer.complete(pod.name, s.label, last?.restarts === s.restart && last.terminated !== undefined ? last.terminated : {});
  }

  /** The pod as the API has it now; undefined when it is gone (or cannot be read: then the watch's copy stands). */
  private async readPod(pod: Pod): Promise<Json | undefined> {
    try {
      const o = (await this.deps.conn.getJson(`/api/v1/namespaces/${encodeURIComponent(this.run.namespace)}/pods/${encodeURIComponent(pod.name)}`, { action: `read pod ${this.run.namespace}/${pod.name}`, timeoutMs: this.deps.timeoutMs })) as Json;
      if (metaOf(o).uid !== pod.uid) return undefined;
      pod.raw = o;
      return o;
    } catch (err) {
      return err instanceof ClusterProblem && err.kind === 'not-found' ? undefined : pod.raw;
    }
  }

  /** The pod went before its log could be read (again). */
  private lost(pod: Pod, s: Stream, kept: number): void {
    s.done = true;
    if (kept === 0 && s.read === 0) {
      this.writer.note({ kind: 'pod-gone-unread', pod: pod.name, container: s.label, text: `Pod ${pod.name} was deleted before a single line of ${s.label}'s log could be read.` });
    } else {
      this.writer.note({ kind: 'gap', pod: pod.name, container: s.label, text: `Pod ${pod.name} was deleted before the log of ${s.label} could be read again: lines after line ${s.read} may be missing.` });
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.abort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true },
      );
    });
  }

  /**
   * The run is over once its object ended (or went) and every log was read; then the record's outcome and
   * Helm's delete policy (and the pods of a deleted Job going) are awaited a while, so the capture can say what
   * removed the pods and when.
   */
  private check(): void {
    if (this.finishing !== undefined) return;
    const reading = [...this.streams.values()].some((s) => !s.done);
    const over = this.objectEnded || (this.outcome !== undefined && this.outcome.phase !== 'Running');
    if (!over || reading) return;
    if (this.outcome !== undefined && this.job === undefined && this.pods.size === 0) {
      const started = this.run.startedAt;
      const ms = started === undefined ? undefined : Date.parse(this.writer.meta.capturedFrom) - started.getTime();
      this.writer.note({
        kind: 'pod-gone-unread',
        text: `No ${this.run.kind === 'Job' ? 'Job or pod' : 'pod'} of this run was seen: it had ${this.outcome.phase === 'Unknown' ? 'ended' : this.outcome.phase === 'Running' ? 'gone' : this.outcome.phase.toLowerCase()} and its objects were deleted before the capture could follow it${ms !== undefined && ms >= 0 ? ` (${ms} ms after Helm recorded it Running)` : ''}.`,
      });
      void this.finish(true);
      return;
    }
    const policyDeletes = this.outcome !== undefined && ((this.outcome.phase === 'Failed' && this.run.deletePolicies.includes('hook-failed')) || (this.outcome.phase === 'Succeeded' && this.run.deletePolicies.includes('hook-succeeded')));
    // A deleted Job's pods go a moment later (the garbage collector): wait for them, so the capture can say when.
    const podsGoing = this.objectDeleted && [...this.pods.values()].some((p) => !p.deleted);
    if (this.outcome !== undefined && (this.objectDeleted || !policyDeletes || this.outcome.phase === 'Unknown') && !podsGoing) {
      void this.finish(true);
      return;
    }
    this.lingerTimer ??= setTimeout(() => void this.finish(true), this.deps.lingerMs);
  }

  private async finish(finished: boolean): Promise<void> {
    this.finishing ??= this.close(finished);
    return this.finishing;
  }

  private async close(finished: boolean): Promise<void> {
    if (this.lingerTimer !== undefined) clearTimeout(this.lingerTimer);
    this.abort.abort();
    for (const s of this.subscriptions.splice(0)) s.dispose();
    try {
      const pods = [...this.pods.values()].map((p) => podEvidence(p.raw));
      this.writer.update({ evidence: { ...(this.job !== undefined ? { job: jobEvidence(this.job) } : {}), pods, events: finished ? await this.events() : [] } });
      if (finished) this.writer.note({ kind: 'ended', text: `Capture ended${this.outcome !== undefined ? `: the run ${this.outcome.phase === 'Unknown' ? 'ended with no outcome in a release record' : this.outcome.phase.toLowerCase()}` : ''}.` });
      await this.writer.close(finished);
    } catch (err) {
      this.deps.onProblem(`capture of ${this.run.kind} ${this.run.namespace}/${this.run.name}: ${message(err)}`);
    } finally {
      this.resolveDone();
    }
  }

  /** The events of the Job and its newest pod, as the diagnosis reads them, kept before they expire. */
  private async events(): Promise<unknown[]> {
    const reader = new EventReader(this.deps.conn, this.run.namespace, this.deps.timeoutMs);
    const out: unknown[] = [];
    if (this.job !== undefined && this.jobUid !== undefined) out.push(...(await reader.of('Job', this.run.name, this.jobUid)));
    const newest = [...this.pods.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (newest !== undefined) out.push(...(await reader.of('Pod', newest.name, newest.uid)));
    return out;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
