import { hookPodObjects } from '../logs/hookPods';
import { ApiConnection, KubeRequests } from '../kube/http';
import { ClusterProblem } from '../kube/problems';
import { HookInfo } from '../types';
import { EventFacts, eventFacts, HookEvidence, JobFacts, jobFacts, newestFirst, PodFacts, podFacts } from './evidence';

/** The run the evidence is read for, when it differs from the record's (`helm test` that just ended). */
export interface RunOverride {
  phase: string;
  startedAt?: Date;
  completedAt?: Date;
}

/** The hook's own object as read first: what the rest is read for, and the cache key it gives. */
export interface HookObject {
  evidence: HookEvidence;
  /** `uid@resourceVersion` of the Job or Pod; undefined when it could not be read. */
  version: string | undefined;
  /** A Job or Pod that has ended changes no more: its evidence can be kept. */
  settled: boolean;
}

/** A later run's object is created after this run completed; a few seconds cover clocks apart. */
const SAME_RUN_SLACK_MS = 5000;

/**
 * Step one, one request: the hook's Job or Pod. A 404 is evidence (the object is gone), as is an object
 * created after this run ended (a later run replaced it).
 */
export async function readHookObject(conn: ApiConnection, hook: HookInfo, releaseNamespace: string, opts: { timeoutMs: number; run?: RunOverride }): Promise<HookObject> {
  const namespace = hook.namespace ?? releaseNamespace;
  const run = opts.run ?? { phase: hook.lastRun.phase, startedAt: hook.lastRun.startedAt, completedAt: hook.lastRun.completedAt };
  const evidence: HookEvidence = {
    hook: { kind: hook.kind, name: hook.name, namespace, phase: run.phase, deletePolicies: hook.deletePolicies, startedAt: run.startedAt, completedAt: run.completedAt },
    object: { kind: 'found' },
    job: undefined,
    pods: [],
    podsProblem: undefined,
    events: [],
    eventsProblem: undefined,
  };
  if (hook.kind !== 'Job' && hook.kind !== 'Pod') return { evidence, version: undefined, settled: true };
  const path = hook.kind === 'Job' ? `/apis/batch/v1/namespaces/${encodeURIComponent(namespace)}/jobs/${encodeURIComponent(hook.name)}` : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(hook.name)}`;
  let raw: unknown;
  try {
    raw = await conn.getJson(path, { action: `read ${hook.kind} ${namespace}/${hook.name}`, timeoutMs: opts.timeoutMs });
  } catch (err) {
    if (err instanceof ClusterProblem && err.kind === 'not-found') evidence.object = { kind: 'gone' };
    else evidence.object = { kind: 'unreadable', problem: err instanceof Error ? err.message : String(err) };
    return { evidence, version: undefined, settled: false };
  }
  let createdAt: Date | undefined;
  let version: string;
  let settled: boolean;
  if (hook.kind === 'Job') {
    const job = jobFacts(raw);
    evidence.job = job;
    createdAt = job.createdAt;
    version = `${job.uid}@${job.resourceVersion}`;
    settled = job.conditions.some((c) => (c.type === 'Failed' || c.type === 'Complete') && c.status === 'True');
  } else {
    const pod = podFacts(raw);
    evidence.pods = [pod];
    createdAt = pod.createdAt;
    version = `${pod.uid}@${pod.resourceVersion}`;
    settled = pod.phase === 'Succeeded' || pod.phase === 'Failed';
  }
  if (createdAt !== undefined && run.completedAt !== undefined && createdAt.getTime() > run.completedAt.getTime() + SAME_RUN_SLACK_MS) {
    evidence.object = { kind: 'replaced', createdAt };
  }
  return { evidence, version, settled };
}

/**
 * Step two, at most three requests: a Job's pods (one list by its `job-name` label) and events, the Job's
 * and its newest pod's, each listed by the object's uid. Per-object lists cost one small answer each,
 * however busy the namespace; one list of the whole namespace would be a single request whose size grows
 * with every event of the last hour there. Older retries' events are not read: their status already
 * tells how they ended.
 */
export async function completeEvidence(conn: ApiConnection, hook: HookInfo, found: HookObject, opts: { timeoutMs: number }): Promise<HookEvidence> {
  const e = found.evidence;
  if (e.object.kind !== 'found') return e;
  const namespace = e.hook.namespace;
  const events = new EventReader(conn, namespace, opts.timeoutMs);
  if (e.job !== undefined) {
    const job: JobFacts = e.job;
    const [pods, jobEvents] = await Promise.all([
      hookPodObjects(conn, hook, namespace, opts.timeoutMs).then(
        (items) => newestFirst(items.filter((p) => ownedBy(p, job.uid)).map(podFacts)),
        (err: unknown) => {
          e.podsProblem = err instanceof Error ? err.message : String(err);
          return [] as PodFacts[];
        },
      ),
      events.of('Job', job.name, job.uid),
    ]);
    e.pods = pods;
    const podEvents = pods.length > 0 ? await events.of('Pod', pods[0].name, pods[0].uid) : [];
    e.events = eventFacts([...jobEvents, ...podEvents]);
  } else if (e.pods.length > 0) {
    e.events = eventFacts(await events.of('Pod', e.pods[0].name, e.pods[0].uid));
  }
  e.eventsProblem = events.problem;
  return e;
}

/** A pod the Job made (not one of an older Job of the same name that is still being removed). */
function ownedBy(pod: Record<string, unknown>, uid: string): boolean {
  const refs = (pod.metadata as { ownerReferences?: { uid?: unknown }[] } | undefined)?.ownerReferences;
  return !Array.isArray(refs) || refs.length === 0 || refs.some((r) => r.uid === uid);
}

/**
 * Events of one object at a time: core/v1 first; when RBAC forbids that, events.k8s.io/v1 (its own RBAC
 * group). Once both are forbidden it asks no more.
 */
export class EventReader {
  problem: string | undefined;
  private forbidden = false;
  private coreForbidden = false;

  constructor(
    private readonly conn: KubeRequests,
    private readonly namespace: string,
    private readonly timeoutMs: number,
  ) {}

  async of(kind: string, name: string, uid: string): Promise<unknown[]> {
    if (this.forbidden) return [];
    const ns = encodeURIComponent(this.namespace);
    const action = `list the events of ${kind} ${this.namespace}/${name}`;
    const newer = (): Promise<unknown[]> => this.list(`/apis/events.k8s.io/v1/namespaces/${ns}/events?${new URLSearchParams({ fieldSelector: `regarding.uid=${uid}` }).toString()}`, action);
    if (this.coreForbidden) return newer().catch(() => []);
    try {
      return await this.list(`/api/v1/namespaces/${ns}/events?${new URLSearchParams({ fieldSelector: `involvedObject.uid=${uid}` }).toString()}`, action);
    } catch (err) {
      if (!(err instanceof ClusterProblem && err.kind === 'forbidden')) {
        this.problem ??= err instanceof Error ? err.message : String(err);
        return [];
      }
      try {
        const items = await newer();
        this.coreForbidden = true;
        return items;
      } catch {
        this.forbidden = true;
        this.problem = err.message;
        return [];
      }
    }
  }

  private async list(path: string, action: string): Promise<unknown[]> {
    const list = (await this.conn.getJson(path, { action, timeoutMs: this.timeoutMs })) as { items?: unknown };
    return Array.isArray(list.items) ? (list.items as unknown[]) : [];
  }
}

export type { EventFacts };
