// What the cluster records about one hook run, read from raw API objects into plain data. Parsing is kept
// apart from fetching (gather.ts) and from wording (explain.ts) so both can be tested without a cluster.

export interface Condition {
  type: string;
  status: string;
  reason: string | undefined;
  message: string | undefined;
}

export interface JobFacts {
  name: string;
  uid: string;
  resourceVersion: string;
  createdAt: Date | undefined;
  conditions: Condition[];
  active: number;
  succeeded: number;
  failed: number;
  /** undefined: not set (Kubernetes defaults it to 6). */
  backoffLimit: number | undefined;
  activeDeadlineSeconds: number | undefined;
}

export interface ContainerFacts {
  name: string;
  init: boolean;
  image: string | undefined;
  /** resources.limits.memory, for an OOMKilled container. */
  memoryLimit: string | undefined;
  restarts: number;
  running: boolean;
  waiting: { reason: string; message: string | undefined } | undefined;
  terminated: { exitCode: number | undefined; reason: string | undefined; message: string | undefined } | undefined;
  /** The run before a restart, when the current one has not ended. */
  lastTerminated: { exitCode: number | undefined; reason: string | undefined; message: string | undefined } | undefined;
}

export interface PodFacts {
  name: string;
  uid: string;
  resourceVersion: string;
  phase: string;
  /** status.reason / status.message: `Evicted`, `DeadlineExceeded`. */
  reason: string | undefined;
  message: string | undefined;
  createdAt: Date | undefined;
  /** PodScheduled=False. */
  unscheduled: { reason: string | undefined; message: string | undefined } | undefined;
  containers: ContainerFacts[];
}

/** Repeats of one event (same object, reason and message) folded into one. */
export interface EventFacts {
  objectKind: string;
  objectName: string;
  objectUid: string | undefined;
  type: string;
  reason: string;
  message: string;
  count: number;
  last: Date | undefined;
}

/** What became of the object Helm created for this run. */
export type ObjectState =
  | { kind: 'found' }
  | { kind: 'gone' }
  /** The object there now was created by a later run (before-hook-creation replaced this run's). */
  | { kind: 'replaced'; createdAt: Date }
  | { kind: 'unreadable'; problem: string };

export interface HookEvidence {
  hook: {
    kind: string;
    name: string;
    namespace: string;
    phase: string;
    deletePolicies: string[];
    startedAt: Date | undefined;
    completedAt: Date | undefined;
  };
  object: ObjectState;
  job: JobFacts | undefined;
  /** Newest first. */
  pods: PodFacts[];
  /** Why the pods could not be listed, when they could not. */
  podsProblem: string | undefined;
  /** Newest first, repeats folded. */
  events: EventFacts[];
  /** Why events could not be listed (RBAC), when they could not. */
  eventsProblem: string | undefined;
}

type Raw = Record<string, unknown>;

const rec = (v: unknown): Raw => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function dateOf(v: unknown): Date | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function jobFacts(raw: unknown): JobFacts {
  const meta = rec(rec(raw).metadata);
  const spec = rec(rec(raw).spec);
  const status = rec(rec(raw).status);
  return {
    name: str(meta.name) ?? '',
    uid: str(meta.uid) ?? '',
    resourceVersion: str(meta.resourceVersion) ?? '',
    createdAt: dateOf(meta.creationTimestamp),
    conditions: arr(status.conditions).map((c) => ({ type: str(rec(c).type) ?? '', status: str(rec(c).status) ?? '', reason: str(rec(c).reason), message: str(rec(c).message) })),
    active: num(status.active) ?? 0,
    succeeded: num(status.succeeded) ?? 0,
    failed: num(status.failed) ?? 0,
    backoffLimit: num(spec.backoffLimit),
    activeDeadlineSeconds: num(spec.activeDeadlineSeconds),
  };
}

function ended(v: unknown): ContainerFacts['terminated'] {
  if (typeof v !== 'object' || v === null) return undefined;
  const t = rec(v);
  return { exitCode: num(t.exitCode), reason: str(t.reason), message: str(t.message)?.trim() };
}

export function podFacts(raw: unknown): PodFacts {
  const meta = rec(rec(raw).metadata);
  const spec = rec(rec(raw).spec);
  const status = rec(rec(raw).status);
  const statuses = new Map<string, Raw>();
  for (const s of [...arr(status.initContainerStatuses), ...arr(status.containerStatuses)]) {
    const name = str(rec(s).name);
    if (name !== undefined) statuses.set(name, rec(s));
  }
  const container = (c: unknown, init: boolean): ContainerFacts => {
    const name = str(rec(c).name) ?? '';
    const s = statuses.get(name) ?? {};
    const state = rec(s.state);
    const waiting = state.waiting === undefined ? undefined : rec(state.waiting);
    return {
      name,
      init,
      image: str(rec(c).image),
      memoryLimit: str(rec(rec(rec(c).resources).limits).memory),
      restarts: num(s.restartCount) ?? 0,
      running: state.running !== undefined,
      waiting: waiting !== undefined && str(waiting.reason) !== undefined ? { reason: str(waiting.reason) ?? '', message: str(waiting.message) } : undefined,
      terminated: ended(state.terminated),
      lastTerminated: ended(rec(s.lastState).terminated),
    };
  };
  const scheduled = arr(status.conditions).map(rec).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return {
    name: str(meta.name) ?? '',
    uid: str(meta.uid) ?? '',
    resourceVersion: str(meta.resourceVersion) ?? '',
    phase: str(status.phase) ?? 'Unknown',
    reason: str(status.reason),
    message: str(status.message),
    createdAt: dateOf(meta.creationTimestamp),
    unscheduled: scheduled === undefined ? undefined : { reason: str(scheduled.reason), message: str(scheduled.message) },
    containers: [...arr(spec.initContainers).map((c) => container(c, true)), ...arr(spec.containers).map((c) => container(c, false))],
  };
}

/** Pods newest first (a Job's retries: the last attempt leads). */
export function newestFirst<T extends { createdAt: Date | undefined }>(items: T[]): T[] {
  return [...items].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}

/**
 * Events in either form, folded: core/v1 (`involvedObject`, `message`, `count`, `lastTimestamp`) and
 * events.k8s.io/v1 (`regarding`, `note`, `series.count`, `series.lastObservedTime`, `eventTime`). The API
 * server hands events written in one form out in the other too, so a list may mix both shapes' fields.
 */
export function eventFacts(items: readonly unknown[]): EventFacts[] {
  const folded = new Map<string, EventFacts>();
  for (const raw of items) {
    const e = rec(raw);
    const about = rec(e.regarding ?? e.involvedObject);
    const series = rec(e.series);
    const last = dateOf(series.lastObservedTime) ?? dateOf(e.lastTimestamp) ?? dateOf(e.eventTime) ?? dateOf(e.deprecatedLastTimestamp) ?? dateOf(e.firstTimestamp) ?? dateOf(rec(e.metadata).creationTimestamp);
    const count = num(series.count) ?? num(e.count) ?? num(e.deprecatedCount) ?? 1;
    const one: EventFacts = {
      objectKind: str(about.kind) ?? '',
      objectName: str(about.name) ?? '',
      objectUid: str(about.uid),
      type: str(e.type) ?? 'Normal',
      reason: str(e.reason) ?? '',
      message: (str(e.note) ?? str(e.message) ?? '').trim(),
      count: Math.max(1, count),
      last,
    };
    const key = `${one.objectKind}/${one.objectName}/${one.objectUid ?? ''}\u0000${one.reason}\u0000${one.message}`;
    const seen = folded.get(key);
    if (seen === undefined) folded.set(key, one);
    else {
      seen.count += one.count;
      if ((one.last?.getTime() ?? 0) > (seen.last?.getTime() ?? 0)) seen.last = one.last;
    }
  }
  return [...folded.values()].sort((a, b) => (b.last?.getTime() ?? 0) - (a.last?.getTime() ?? 0));
}
