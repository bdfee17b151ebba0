import { KubeRequests } from '../kube/http';
import { HookInfo } from '../types';

/** One container of a hook's pod, as its status tells. */
export interface ContainerRun {
  name: string;
  init: boolean;
  /** Exit code of the last run, when it ended. */
  exitCode: number | undefined;
  /** `Error`, `Completed`, `OOMKilled`, ... */
  reason: string | undefined;
  restarts: number;
  running: boolean;
  /** Why it has not started (or restarts): `ErrImagePull: ...`, `CrashLoopBackOff: ...`. */
  waiting: string | undefined;
  /** It restarted: the logs of the run before are there too (`previous`). */
  hasPrevious: boolean;
}

export interface HookPod {
  name: string;
  namespace: string;
  phase: string;
  createdAt: Date | undefined;
  containers: ContainerRun[];
}

/**
 * The pods a hook ran in, newest first: a Job's pods by its `job-name` label (one per retry), a Pod hook's
 * pod by its name. Jobs and Pods are the only kinds Helm waits for; other hooks have no pods.
 */
export async function hookPods(conn: KubeRequests, hook: HookInfo, releaseNamespace: string, timeoutMs: number): Promise<HookPod[]> {
  const pods = (await hookPodObjects(conn, hook, releaseNamespace, timeoutMs)).map(podOf);
  return pods.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}

/** The pod objects of a hook as the API returns them (see hookPods). */
export async function hookPodObjects(conn: KubeRequests, hook: HookInfo, releaseNamespace: string, timeoutMs: number): Promise<Record<string, unknown>[]> {
  const namespace = hook.namespace ?? releaseNamespace;
  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  if (hook.kind === 'Pod') {
    try {
      return [(await conn.getJson(`${base}/${encodeURIComponent(hook.name)}`, { action: `read pod ${namespace}/${hook.name}`, timeoutMs })) as Record<string, unknown>];
    } catch (err) {
      if ((err as { kind?: unknown }).kind === 'not-found') return [];
      throw err;
    }
  }
  if (hook.kind !== 'Job') return [];
  const query = new URLSearchParams({ labelSelector: `job-name=${hook.name}` });
  const list = (await conn.getJson(`${base}?${query.toString()}`, { action: `list pods of Job ${namespace}/${hook.name}`, timeoutMs })) as { items?: unknown };
  return (Array.isArray(list.items) ? list.items : []) as Record<string, unknown>[];
}

/** The attempts worth reading: every failed one, and the latest (which may still be running). */
export function attemptsToShow(pods: readonly HookPod[]): HookPod[] {
  return pods.filter((p, i) => i === 0 || p.phase === 'Failed');
}

/** The text of one container's log (the previous run's with `previous`). */
export async function readLog(conn: KubeRequests, pod: HookPod, container: string, opts: { previous?: boolean; timeoutMs: number }): Promise<string> {
  const lines: string[] = [];
  await streamLog(conn, pod, container, opts, (l) => lines.push(l));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** One container's log as it arrives, line by line: a long log shows from its first line, not its last. */
export async function streamLog(conn: KubeRequests, pod: HookPod, container: string, opts: { previous?: boolean; timeoutMs: number }, onLine: (line: string) => void): Promise<void> {
  const path = logPath(pod, { container, ...(opts.previous ? { previous: 'true' } : {}) });
  await conn.streamLines(path, { action: `read the logs of ${pod.namespace}/${pod.name} (${container})`, timeoutMs: opts.timeoutMs, accept: '*/*', keepEmptyLines: true }, onLine);
}

/** A pod object as the API returns it, read into what the logs need. */
export function podOf(raw: unknown): HookPod {
  const p = raw as {
    metadata?: { name?: string; namespace?: string; creationTimestamp?: string };
    spec?: { containers?: { name?: string }[]; initContainers?: { name?: string }[] };
    status?: { phase?: string; containerStatuses?: unknown[]; initContainerStatuses?: unknown[] };
  };
  const statuses = new Map<string, unknown>();
  for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
    const name = (s as { name?: unknown }).name;
    if (typeof name === 'string') statuses.set(name, s);
  }
  const run = (c: { name?: string }, init: boolean): ContainerRun => {
    const s = statuses.get(c.name ?? '') as
      | {
          restartCount?: number;
          state?: { running?: unknown; waiting?: { reason?: string; message?: string }; terminated?: { exitCode?: number; reason?: string } };
          lastState?: { terminated?: unknown };
        }
      | undefined;
    const ended = s?.state?.terminated;
    const waiting = s?.state?.waiting;
    return {
      name: c.name ?? '',
      init,
      exitCode: typeof ended?.exitCode === 'number' ? ended.exitCode : undefined,
      reason: typeof ended?.reason === 'string' ? ended.reason : undefined,
      restarts: typeof s?.restartCount === 'number' ? s.restartCount : 0,
      running: s?.state?.running !== undefined,
      waiting: typeof waiting?.reason === 'string' && waiting.reason !== '' ? `${waiting.reason}${typeof waiting.message === 'string' && waiting.message !== '' ? `: ${waiting.message}` : ''}` : undefined,
      hasPrevious: s?.lastState?.terminated !== undefined,
    };
  };
  const created = p.metadata?.creationTimestamp ? new Date(p.metadata.creationTimestamp) : undefined;
  return {
    name: p.metadata?.name ?? '',
    namespace: p.metadata?.namespace ?? '',
    phase: p.status?.phase ?? 'Unknown',
    createdAt: created !== undefined && !Number.isNaN(created.getTime()) ? created : undefined,
    containers: [...(p.spec?.initContainers ?? []).map((c) => run(c, true)), ...(p.spec?.containers ?? []).map((c) => run(c, false))],
  };
}

/**
 * Follows one container's log as it grows, line by line, until the container ends or `signal` aborts
 * (the view showing it closed). `timeoutMs` bounds only the wait for the stream to start.
 */
export async function followLog(conn: KubeRequests, pod: HookPod, container: string, opts: { signal: AbortSignal; timeoutMs: number }, onLine: (line: string) => void): Promise<void> {
  const path = logPath(pod, { container, follow: 'true' });
  await conn.streamLines(path, { action: `follow the logs of ${pod.namespace}/${pod.name} (${container})`, timeoutMs: opts.timeoutMs, accept: '*/*', signal: opts.signal, keepEmptyLines: true }, onLine);
}

function logPath(pod: HookPod, query: Record<string, string>): string {
  return `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods/${encodeURIComponent(pod.name)}/log?${new URLSearchParams(query).toString()}`;
}
