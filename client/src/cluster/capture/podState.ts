// What the follower needs from raw Job and Pod objects, and the copies of them kept as evidence: status and
// identity only. Environment variables and volumes can carry secrets, so the spec is cut down to names,
// images and resources before anything is written to disk.

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface ContainerStatus {
  name: string;
  init: boolean;
  restarts: number;
  /** The current run has started (it runs or ended), so its log can be read. */
  started: boolean;
  terminated: { exitCode?: number; reason?: string } | undefined;
}

export function metaOf(o: Json): { name: string; uid: string; createdAt: number | undefined; labels: Record<string, string>; owners: string[] } {
  const m = obj(o.metadata);
  const created = Date.parse(str(m.creationTimestamp) ?? '');
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(m.labels))) if (typeof v === 'string') labels[k] = v;
  return { name: str(m.name) ?? '', uid: str(m.uid) ?? '', createdAt: Number.isNaN(created) ? undefined : created, labels, owners: list(m.ownerReferences).map((r) => str(r.uid) ?? '') };
}

/** Containers in the order they run: init containers first, each with what its status says now. */
export function containersOf(pod: Json): ContainerStatus[] {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const byName = new Map<string, Json>();
  for (const s of [...list(status.initContainerStatuses), ...list(status.containerStatuses)]) byName.set(str(s.name) ?? '', s);
  const one = (c: Json, init: boolean): ContainerStatus => {
    const name = str(c.name) ?? '';
    const s = byName.get(name) ?? {};
    const state = obj(s.state);
    const term = state.terminated === undefined ? undefined : obj(state.terminated);
    const exitCode = typeof term?.exitCode === 'number' ? term.exitCode : undefined;
    return {
      name,
      init,
      restarts: typeof s.restartCount === 'number' ? s.restartCount : 0,
      started: state.running !== undefined || term !== undefined,
      terminated: term === undefined ? undefined : { ...(exitCode !== undefined ? { exitCode } : {}), ...(str(term.reason) !== undefined ? { reason: str(term.reason) } : {}) },
    };
  };
  return [...list(spec.initContainers).map((c) => one(c, true)), ...list(spec.containers).map((c) => one(c, false))];
}

export function podPhase(pod: Json): string {
  return str(obj(pod.status).phase) ?? '';
}

/** A Job that has ended: its Complete or Failed condition is True. */
export function jobEnded(job: Json): boolean {
  return list(obj(job.status).conditions).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function metadataKept(o: Json): Json {
  const m = obj(o.metadata);
  return { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp, deletionTimestamp: m.deletionTimestamp, ownerReferences: m.ownerReferences, labels: m.labels };
}

function containersKept(v: unknown): Json[] {
  return list(v).map((c) => ({ name: c.name, image: c.image, resources: c.resources }));
}

/** A Job as kept for the diagnosis: its identity, limits and status. */
export function jobEvidence(job: Json): Json {
  const spec = obj(job.spec);
  return { kind: 'Job', metadata: metadataKept(job), spec: { backoffLimit: spec.backoffLimit, activeDeadlineSeconds: spec.activeDeadlineSeconds }, status: job.status };
}

/** A Pod as kept for the diagnosis: identity, containers' names, images and resources, and status. */
export function podEvidence(pod: Json): Json {
  const spec = obj(pod.spec);
  return { kind: 'Pod', metadata: metadataKept(pod), spec: { initContainers: containersKept(spec.initContainers), containers: containersKept(spec.containers) }, status: pod.status };
}
