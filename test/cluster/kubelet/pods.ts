// One pod on the stand-in kubelet: runs its init containers one by one, then its containers together, each
// as a local process, and reports the pod's status to the API server as a kubelet does (phase, conditions,
// container statuses with exit codes, reasons and times, restart counts, waiting reasons and messages), with
// the kubelet's Events (core/v1, source.component "kubelet") for the failures it imitates:
//   - images (images.ts): InvalidImageName; ErrImagePull then ImagePullBackOff, retried with back-off;
//   - env from Secrets and ConfigMaps, read through the API server: CreateContainerConfigError while a
//     non-optional Secret, ConfigMap or key is missing, retried until it appears;
//   - OOMKilled (exit code 137) for a container that "uses" more memory than its limit (an annotation says
//     how much: a local process has no cgroup, so nothing measures or enforces the limit for real);
//   - CrashLoopBackOff with the kubelet's message and BackOff event between restarts.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient, describe, isRecord } from './api';
import { CoreEventRecorder, ObjectRef } from './events';
import { imageReferenceError, pullError } from './images';
import { LogBuffer, rfc3339 } from './logs';
import { parseQuantity } from './quantity';

/** Annotation `kubelet.helm-hooks.test/script-<container>`: a shell script run instead of the container's command. */
export const SCRIPT_ANNOTATION_PREFIX = 'kubelet.helm-hooks.test/script-';

/**
 * Annotation `kubelet.helm-hooks.test/memory-usage-<container>`: a quantity ("256Mi") of memory the
 * container's process uses. Above the container's `resources.limits.memory`, the process is killed
 * OOM_AFTER_MS after it starts, as the kernel's OOM killer would kill it in a real container's cgroup.
 */
export const MEMORY_ANNOTATION_PREFIX = 'kubelet.helm-hooks.test/memory-usage-';
const OOM_AFTER_MS = 500;

/** A pull failure shows as ErrImagePull this long before the kubelet's next sync shows ImagePullBackOff. */
const PULL_SYNC_MS = 500;
/** Back-off between pulls of an image that fails (the real kubelet: 10 s doubling to 300 s). */
const PULL_BACKOFF_MS = [2000, 4000, 8000, 16000];
/** Back-off between tries to build a container's config (a missing Secret, ConfigMap or key). */
const CONFIG_RETRY_MS = [1000, 2000, 4000];

export interface KeyRef {
  name: string;
  key: string;
  optional: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  fieldPath?: string;
  secretKeyRef?: KeyRef;
  configMapKeyRef?: KeyRef;
}

export interface EnvFromSource {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  prefix: string;
  optional: boolean;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env: EnvVar[];
  envFrom: EnvFromSource[];
  requests: Record<string, string>;
  limits: Record<string, string>;
}

export interface Pod {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    resourceVersion?: string;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
  };
  spec: {
    nodeName?: string;
    schedulerName?: string;
    serviceAccountName?: string;
    restartPolicy: 'Always' | 'OnFailure' | 'Never';
    initContainers: Container[];
    containers: Container[];
    nodeSelector: Record<string, string>;
    affinity?: unknown;
  };
  status: { phase?: string; conditions: PodCondition[] };
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map((x) => String(x)) : undefined);
const stringMap = (v: unknown): Record<string, string> =>
  isRecord(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string> : {};

function asContainer(v: unknown): Container | undefined {
  if (!isRecord(v) || typeof v.name !== 'string') return undefined;
  const env: EnvVar[] = [];
  for (const e of Array.isArray(v.env) ? v.env : []) {
    if (!isRecord(e) || typeof e.name !== 'string') continue;
    const from = isRecord(e.valueFrom) ? e.valueFrom : {};
    const fieldRef = isRecord(from.fieldRef) ? from.fieldRef : undefined;
    const secretKeyRef = keyRef(from.secretKeyRef);
    const configMapKeyRef = keyRef(from.configMapKeyRef);
    env.push({
      name: e.name,
      ...(typeof e.value === 'string' ? { value: e.value } : {}),
      ...(fieldRef && typeof fieldRef.fieldPath === 'string' ? { fieldPath: fieldRef.fieldPath } : {}),
      ...(secretKeyRef ? { secretKeyRef } : {}),
      ...(configMapKeyRef ? { configMapKeyRef } : {}),
    });
  }
  const envFrom: EnvFromSource[] = [];
  for (const e of Array.isArray(v.envFrom) ? v.envFrom : []) {
    if (!isRecord(e)) continue;
    const prefix = typeof e.prefix === 'string' ? e.prefix : '';
    for (const [kind, ref] of [['Secret', e.secretRef], ['ConfigMap', e.configMapRef]] as const) {
      if (isRecord(ref) && typeof ref.name === 'string') envFrom.push({ kind, name: ref.name, prefix, optional: ref.optional === true });
    }
  }
  const command = strings(v.command);
  const args = strings(v.args);
  const resources = isRecord(v.resources) ? v.resources : {};
  return {
    name: v.name,
    image: typeof v.image === 'string' ? v.image : '',
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    env,
    envFrom,
    requests: stringMap(resources.requests),
    limits: stringMap(resources.limits),
  };
}

function keyRef(v: unknown): KeyRef | undefined {
  if (!isRecord(v) || typeof v.name !== 'string' || typeof v.key !== 'string') return undefined;
  return { name: v.name, key: v.key, optional: v.optional === true };
}

function asCondition(v: unknown): PodCondition | undefined {
  if (!isRecord(v) || typeof v.type !== 'string' || typeof v.status !== 'string') return undefined;
  const opt = (k: string): Record<string, string> => (typeof v[k] === 'string' ? { [k]: v[k] } : {});
  return { type: v.type, status: v.status, ...opt('reason'), ...opt('message'), ...opt('lastTransitionTime') };
}

/** Reads a Pod from an API answer, or undefined when it lacks what the kubelet needs. */
export function asPod(v: unknown): Pod | undefined {
  if (!isRecord(v) || !isRecord(v.metadata) || !isRecord(v.spec)) return undefined;
  const m = v.metadata;
  const s = v.spec;
  if (typeof m.name !== 'string' || typeof m.namespace !== 'string' || typeof m.uid !== 'string') return undefined;
  const containers = (Array.isArray(s.containers) ? s.containers : []).map(asContainer);
  const initContainers = (Array.isArray(s.initContainers) ? s.initContainers : []).map(asContainer);
  if (containers.length === 0 || containers.some((c) => !c) || initContainers.some((c) => !c)) return undefined;
  const rp = s.restartPolicy === 'Never' || s.restartPolicy === 'OnFailure' ? s.restartPolicy : 'Always';
  return {
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      labels: stringMap(m.labels),
      annotations: stringMap(m.annotations),
      ...(typeof m.resourceVersion === 'string' ? { resourceVersion: m.resourceVersion } : {}),
      ...(typeof m.deletionTimestamp === 'string' ? { deletionTimestamp: m.deletionTimestamp } : {}),
      ...(typeof m.deletionGracePeriodSeconds === 'number' ? { deletionGracePeriodSeconds: m.deletionGracePeriodSeconds } : {}),
    },
    spec: {
      ...(typeof s.nodeName === 'string' && s.nodeName ? { nodeName: s.nodeName } : {}),
      ...(typeof s.schedulerName === 'string' ? { schedulerName: s.schedulerName } : {}),
      ...(typeof s.serviceAccountName === 'string' ? { serviceAccountName: s.serviceAccountName } : {}),
      restartPolicy: rp,
      initContainers: initContainers as Container[],
      containers: containers as Container[],
      nodeSelector: stringMap(s.nodeSelector),
      ...(s.affinity !== undefined ? { affinity: s.affinity } : {}),
    },
    status: {
      ...(isRecord(v.status) && typeof v.status.phase === 'string' ? { phase: v.status.phase } : {}),
      conditions: (isRecord(v.status) && Array.isArray(v.status.conditions) ? v.status.conditions : []).map(asCondition).filter((c): c is PodCondition => !!c),
    },
  };
}

/** One run of a container. */
export interface Attempt {
  restartCount: number;
  containerId: string;
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  signal?: string;
  reason?: string;
  message?: string;
  log: LogBuffer;
  proc?: ChildProcess;
  oomKilled?: boolean;
  done: Promise<void>;
  kill: (graceMs: number) => void;
}

export interface ContainerState {
  spec: Container;
  init: boolean;
  restartCount: number;
  current?: Attempt;
  previous?: Attempt;
  waitingReason: string;
  waitingMessage?: string;
}

export interface KubeletContext {
  api: ApiClient;
  nodeName: string;
  stateDir: string;
  log: (msg: string) => void;
  /** The kubelet's core/v1 Events (source.component "kubelet"). */
  events: CoreEventRecorder;
  /** Records (or, with undefined, forgets) a container process so stop.mjs can stop it if the kubelet dies. */
  trackProcess: (key: string, pid: number | undefined) => void;
}

type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };

export class PodWorker {
  pod: Pod;
  phase: Phase = 'Pending';
  readonly containers = new Map<string, ContainerState>();
  private readonly startTime = Date.now();
  private initialized: boolean;
  private terminating = false;
  private finished = false;
  private gone = false;
  private readonly abort = new AbortController();
  private statusQueue: Promise<void> = Promise.resolve();
  private readonly conditionTimes = new Map<string, { status: string; at: number }>();

  constructor(pod: Pod, private readonly ctx: KubeletContext) {
    this.pod = pod;
    this.initialized = pod.spec.initContainers.length === 0;
    for (const c of pod.spec.initContainers) this.containers.set(c.name, { spec: c, init: true, restartCount: 0, waitingReason: 'PodInitializing' });
    const waiting = this.initialized ? 'ContainerCreating' : 'PodInitializing';
    for (const c of pod.spec.containers) this.containers.set(c.name, { spec: c, init: false, restartCount: 0, waitingReason: waiting });
  }

  get key(): string {
    return `${this.pod.metadata.namespace}/${this.pod.metadata.name}`;
  }

  get done(): boolean {
    return this.finished;
  }

  start(): void {
    this.run().catch((e: unknown) => this.ctx.log(`pod ${this.key}: ${String(e)}`));
  }

  /** A newer version of the pod object (same uid). */
  update(pod: Pod): void {
    this.pod = pod;
    if (pod.metadata.deletionTimestamp && !this.terminating) {
      this.terminate(true).catch((e: unknown) => this.ctx.log(`pod ${this.key}: terminate: ${String(e)}`));
    }
  }

  /** The pod is gone from the API server: stop its processes, report nothing more. */
  forget(): void {
    this.gone = true;
    if (!this.terminating) this.terminate(false).catch(() => undefined);
  }

  /** Kills every process of the pod (the kubelet is stopping). */
  async shutdown(): Promise<void> {
    this.gone = true;
    this.terminating = true;
    this.abort.abort();
    await this.killAll(1000);
  }

  private async run(): Promise<void> {
    this.queueStatus();
    for (const c of this.pod.spec.initContainers) {
      const cs = this.containers.get(c.name);
      if (!cs) continue;
      const ok = await this.runContainer(cs);
      if (this.terminating) return;
      if (!ok) {
        // restartPolicy Never: the pod fails; its other containers never start.
        this.finish('Failed');
        return;
      }
    }
    this.initialized = true;
    const main = this.pod.spec.containers.map((c) => this.containers.get(c.name)).filter((c): c is ContainerState => !!c);
    await Promise.all(main.map((cs) => this.runContainer(cs)));
    if (this.terminating) return;
    this.finish(main.every((cs) => cs.current?.exitCode === 0) ? 'Succeeded' : 'Failed');
  }

  /** Runs a container, restarting it as restartPolicy says; true when its last run exited 0. */
  private async runContainer(cs: ContainerState): Promise<boolean> {
    const policy = this.pod.spec.restartPolicy;
    for (;;) {
      const resolved = await this.prepare(cs);
      if (!resolved) return false;
      const a = this.startAttempt(cs, resolved);
      if (!cs.init) this.phase = 'Running';
      this.queueStatus();
      await a.done;
      this.queueStatus();
      if (this.terminating) return a.exitCode === 0;
      // Init containers are restarted on failure unless the policy is Never; containers as the policy says.
      const restart = cs.init ? a.exitCode !== 0 && policy !== 'Never' : policy === 'Always' || (policy === 'OnFailure' && a.exitCode !== 0);
      if (!restart) return a.exitCode === 0;
      cs.restartCount += 1;
      cs.previous = a;
      cs.current = undefined;
      const delay = Math.min(10000, 1000 * 2 ** (cs.restartCount - 1));
      const m = this.pod.metadata;
      cs.waitingReason = 'CrashLoopBackOff';
      cs.waitingMessage = `back-off ${delay / 1000}s restarting failed container=${cs.spec.name} pod=${m.name}_${m.namespace}(${m.uid})`;
      this.ctx.events.event(this.containerRef(cs), 'Warning', 'BackOff', 'Back-off restarting failed container');
      this.queueStatus();
      await sleep(delay, this.abort.signal);
      if (this.terminating) return false;
    }
  }

  /** The reference the kubelet's events about a container carry. */
  private containerRef(cs: ContainerState): ObjectRef {
    const m = this.pod.metadata;
    return {
      kind: 'Pod',
      namespace: m.namespace,
      name: m.name,
      uid: m.uid,
      apiVersion: 'v1',
      ...(m.resourceVersion ? { resourceVersion: m.resourceVersion } : {}),
      fieldPath: `${cs.init ? 'spec.initContainers' : 'spec.containers'}{${cs.spec.name}}`,
    };
  }

  private setWaiting(cs: ContainerState, reason: string, message: string | undefined): void {
    if (cs.waitingReason === reason && cs.waitingMessage === message && !cs.current) return;
    cs.current = undefined;
    cs.waitingReason = reason;
    cs.waitingMessage = message;
    this.queueStatus();
  }

  /**
   * What the kubelet does before it can create a container: make sure of its image, then build its
   * environment. Retries until both work (the pod stays Pending meanwhile); undefined once the pod is
   * being deleted.
   */
  private async prepare(cs: ContainerState): Promise<ResolvedEnv | undefined> {
    let pulls = 0;
    let pullBackoffUntil = 0;
    let configTries = 0;
    while (!this.terminating) {
      // The image may be changed on the live pod (the one mutable container field): use the newest.
      const image = this.pod.spec[cs.init ? 'initContainers' : 'containers'].find((c) => c.name === cs.spec.name)?.image ?? cs.spec.image;
      cs.spec = { ...cs.spec, image };
      const ref = this.containerRef(cs);
      const badRef = imageReferenceError(image);
      if (badRef) {
        const msg = `Failed to apply default image tag "${image}": ${badRef}`;
        this.ctx.events.event(ref, 'Warning', 'InspectFailed', msg);
        this.ctx.events.event(ref, 'Warning', 'Failed', 'Error: InvalidImageName');
        this.setWaiting(cs, 'InvalidImageName', msg);
        await sleep(CONFIG_RETRY_MS[CONFIG_RETRY_MS.length - 1] ?? 4000, this.abort.signal);
        continue;
      }
      const pullErr = pullError(image);
      if (pullErr) {
        if (Date.now() < pullBackoffUntil) {
          const msg = `Back-off pulling image "${image}"`;
          this.ctx.events.event(ref, 'Normal', 'BackOff', msg);
          this.ctx.events.event(ref, 'Warning', 'Failed', 'Error: ImagePullBackOff');
          this.setWaiting(cs, 'ImagePullBackOff', msg);
          await sleep(pullBackoffUntil - Date.now(), this.abort.signal);
          continue;
        }
        this.ctx.events.event(ref, 'Normal', 'Pulling', `Pulling image "${image}"`);
        this.ctx.events.event(ref, 'Warning', 'Failed', `Failed to pull image "${image}": ${pullErr}`);
        this.ctx.events.event(ref, 'Warning', 'Failed', 'Error: ErrImagePull');
        this.setWaiting(cs, 'ErrImagePull', pullErr);
        pullBackoffUntil = Date.now() + (PULL_BACKOFF_MS[Math.min(pulls, PULL_BACKOFF_MS.length - 1)] ?? 16000);
        pulls += 1;
        await sleep(PULL_SYNC_MS, this.abort.signal);
        continue;
      }
      const env = await this.resolveEnv(cs.spec);
      if (this.terminating) break;
      if (typeof env === 'string') {
        this.ctx.events.event(ref, 'Warning', 'Failed', `Error: ${env}`);
        this.setWaiting(cs, 'CreateContainerConfigError', env);
        await sleep(CONFIG_RETRY_MS[Math.min(configTries, CONFIG_RETRY_MS.length - 1)] ?? 4000, this.abort.signal);
        configTries += 1;
        continue;
      }
      return env;
    }
    return undefined;
  }

  /**
   * The values of a container's env that come from Secrets and ConfigMaps, read through the API server as
   * the kubelet reads them; or the kubelet's error message when a non-optional one is missing.
   */
  private async resolveEnv(c: Container): Promise<ResolvedEnv | string> {
    const ns = this.pod.metadata.namespace;
    const objects = new Map<string, Record<string, string> | string | undefined>();
    const read = async (kind: 'Secret' | 'ConfigMap', name: string): Promise<Record<string, string> | string | undefined> => {
      const k = `${kind}/${name}`;
      if (objects.has(k)) return objects.get(k);
      const r = await this.ctx.api.call('GET', `/api/v1/namespaces/${encodeURIComponent(ns)}/${kind === 'Secret' ? 'secrets' : 'configmaps'}/${encodeURIComponent(name)}`);
      let v: Record<string, string> | string | undefined;
      if (r.status === 404) v = undefined;
      else if (r.status !== 200 || !isRecord(r.json)) v = `failed to get ${kind.toLowerCase()} ${ns}/${name}: ${describe(r)}`;
      else {
        const data = stringMap(r.json.data);
        v = kind === 'Secret' ? Object.fromEntries(Object.entries(data).map(([key, b64]) => [key, Buffer.from(b64, 'base64').toString('utf8')])) : data;
      }
      objects.set(k, v);
      return v;
    };
    // The kubelet's object managers name the resource in the singular: `secret "x" not found`.
    const notFound = (kind: 'Secret' | 'ConfigMap', name: string): string => `${kind.toLowerCase()} "${name}" not found`;
    const fromSources: Record<string, string> = {};
    for (const src of c.envFrom) {
      const obj = await read(src.kind, src.name);
      if (typeof obj === 'string') return obj;
      if (obj === undefined) {
        if (src.optional) continue;
        return notFound(src.kind, src.name);
      }
      for (const [k, v] of Object.entries(obj)) fromSources[src.prefix + k] = v;
    }
    const refs: (string | undefined)[] = [];
    for (const v of c.env) {
      const kind = v.secretKeyRef ? 'Secret' : v.configMapKeyRef ? 'ConfigMap' : undefined;
      const ref = v.secretKeyRef ?? v.configMapKeyRef;
      if (!kind || !ref) {
        refs.push(undefined);
        continue;
      }
      const obj = await read(kind, ref.name);
      if (typeof obj === 'string') return obj;
      const value = obj?.[ref.key];
      if (value === undefined && !ref.optional) return obj === undefined ? notFound(kind, ref.name) : `couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`;
      refs.push(value);
    }
    return { fromSources, refs };
  }

  private argvFor(c: Container, env: Record<string, string>): string[] | undefined {
    const script = this.pod.metadata.annotations[SCRIPT_ANNOTATION_PREFIX + c.name];
    if (script !== undefined) return ['/bin/sh', '-c', script];
    const expand = (s: string): string => s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name?: string) => (name === undefined ? '$' : env[name] ?? m));
    const argv = [...(c.command ?? []), ...(c.args ?? [])].map(expand);
    return argv.length > 0 ? argv : undefined;
  }

  private envFor(c: Container, home: string, resolved: ResolvedEnv): Record<string, string> {
    const m = this.pod.metadata;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: m.name,
      HOME: home,
    };
    const fields: Record<string, string | undefined> = {
      'metadata.name': m.name,
      'metadata.namespace': m.namespace,
      'metadata.uid': m.uid,
      'spec.nodeName': this.ctx.nodeName,
      'spec.serviceAccountName': this.pod.spec.serviceAccountName,
      'status.hostIP': '127.0.0.1',
      'status.podIP': '127.0.0.1',
    };
    Object.assign(env, resolved.fromSources);
    c.env.forEach((v, i) => {
      const fromRef = resolved.refs[i];
      if (fromRef !== undefined) env[v.name] = fromRef;
      else if (v.value !== undefined) {
        env[v.name] = v.value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (s, name?: string) => (name === undefined ? '$' : env[name] ?? s));
      } else if (v.fieldPath !== undefined) {
        const lm = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(v.fieldPath);
        const val = lm ? (lm[1] === 'labels' ? m.labels : m.annotations)[lm[2] ?? ''] : fields[v.fieldPath];
        if (val !== undefined) env[v.name] = val;
      }
      // resourceFieldRef: not supported by this stand-in (left unset).
    });
    return env;
  }

  private startAttempt(cs: ContainerState, resolved: ResolvedEnv): Attempt {
    const m = this.pod.metadata;
    const n = cs.restartCount;
    const home = join(this.ctx.stateDir, 'pods', `${m.namespace}_${m.name}_${m.uid}`, cs.spec.name);
    mkdirSync(home, { recursive: true });
    const env = this.envFor(cs.spec, home, resolved);
    const argv = this.argvFor(cs.spec, env);
    const procKey = `${m.uid}/${cs.spec.name}/${n}`;
    let resolveDone: () => void = () => undefined;
    const a: Attempt = {
      restartCount: n,
      containerId: `helm-hooks-stand-in://${m.uid.slice(0, 8)}-${cs.spec.name}-${n}`,
      startedAt: Date.now(),
      log: new LogBuffer(),
      done: new Promise<void>((r) => (resolveDone = r)),
      kill: () => undefined,
    };
    const finish = (exitCode: number, extra: { reason?: string; message?: string; signal?: string } = {}): void => {
      if (a.finishedAt !== undefined) return;
      a.finishedAt = Date.now();
      a.exitCode = exitCode;
      a.reason = extra.reason ?? (exitCode === 0 ? 'Completed' : 'Error');
      if (extra.message) a.message = extra.message;
      if (extra.signal) a.signal = extra.signal;
      a.log.end();
      this.ctx.trackProcess(procKey, undefined);
      resolveDone();
    };
    cs.current = a;
    cs.waitingReason = '';
    cs.waitingMessage = undefined;
    const usage = parseQuantity(this.pod.metadata.annotations[MEMORY_ANNOTATION_PREFIX + cs.spec.name] ?? '');
    const limit = parseQuantity(cs.spec.limits.memory ?? '');
    const oom = usage !== undefined && limit !== undefined && limit > 0 && usage > limit;
    if (!argv) {
      // No command, no args: a long-running server image. Runs until the pod is deleted.
      a.kill = () => finish(0);
      if (oom) setTimeout(() => finish(137, { reason: 'OOMKilled' }), OOM_AFTER_MS).unref();
      return a;
    }
    let child: ChildProcess;
    try {
      child = spawn(argv[0] ?? '', argv.slice(1), { cwd: home, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      finish(128, { reason: 'StartError', message: String(e) });
      return a;
    }
    a.proc = child;
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => a.log.write('stdout', d));
    child.stderr?.on('data', (d: string) => a.log.write('stderr', d));
    if (child.pid !== undefined) this.ctx.trackProcess(procKey, child.pid);
    if (oom) {
      setTimeout(() => {
        if (a.finishedAt !== undefined) return;
        a.oomKilled = true;
        killGroup(child.pid, 'SIGKILL');
      }, OOM_AFTER_MS).unref();
    }
    let closed = false;
    child.on('close', () => (closed = true));
    child.on('error', (e) => {
      // The command does not exist here (an image's own binary): as a runtime that cannot start it.
      finish(128, { reason: 'StartError', message: `failed to start container "${cs.spec.name}": ${e.message}` });
    });
    child.on('exit', (code, signal) => {
      // The container's main process is gone: like a runtime, end the rest of its process group.
      killGroup(child.pid, 'SIGKILL');
      const exitCode = code ?? 128 + (signal ? SIGNALS[signal] ?? 0 : 0);
      // The runtime reports an OOM kill by its reason and exit code 137 alone (no signal).
      const how = a.oomKilled ? { reason: 'OOMKilled' } : signal ? { signal } : {};
      const wait = (left: number): void => {
        if (closed || left <= 0) finish(exitCode, how);
        else setTimeout(() => wait(left - 20), 20);
      };
      wait(1000);
    });
    a.kill = (graceMs: number) => {
      if (a.finishedAt !== undefined) return;
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs).unref();
    };
    return a;
  }

  private async killAll(graceMs: number): Promise<void> {
    const running = [...this.containers.values()].map((cs) => cs.current).filter((a): a is Attempt => !!a && a.finishedAt === undefined);
    for (const a of running) a.kill(graceMs);
    await Promise.race([Promise.all(running.map((a) => a.done)), new Promise((r) => setTimeout(r, graceMs + 3000))]);
  }

  /** Graceful deletion (deletionTimestamp set): stop the processes, report, then remove the pod for good. */
  private async terminate(confirmDeletion: boolean): Promise<void> {
    this.terminating = true;
    this.abort.abort();
    const grace = Math.min(3, Math.max(0, this.pod.metadata.deletionGracePeriodSeconds ?? 3)) * 1000;
    await this.killAll(grace);
    if (!this.finished && !this.gone) {
      const main = this.pod.spec.containers.map((c) => this.containers.get(c.name));
      this.finish(this.initialized && main.every((cs) => cs?.current?.exitCode === 0) ? 'Succeeded' : 'Failed');
    }
    this.finished = true;
    await this.statusQueue;
    if (!confirmDeletion || this.gone) return;
    const m = this.pod.metadata;
    const r = await this.ctx.api.call('DELETE', `/api/v1/namespaces/${encodeURIComponent(m.namespace)}/pods/${encodeURIComponent(m.name)}`, {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      preconditions: { uid: m.uid },
    });
    if (r.status >= 300 && r.status !== 404 && r.status !== 409) this.ctx.log(`pod ${this.key}: delete: ${describe(r)}`);
  }

  private finish(phase: 'Succeeded' | 'Failed'): void {
    if (this.finished && this.phase !== 'Pending' && this.phase !== 'Running') return;
    this.phase = phase;
    this.finished = true;
    for (const cs of this.containers.values()) if (!cs.current && !cs.previous) cs.waitingReason = cs.waitingReason || 'PodInitializing';
    this.queueStatus();
    this.ctx.log(`pod ${this.key}: ${phase}`);
  }

  private condition(type: string, status: boolean, reason?: string, message?: string): Record<string, unknown> {
    const s = status ? 'True' : 'False';
    const prev = this.conditionTimes.get(type);
    const at = prev && prev.status === s ? prev.at : Date.now();
    this.conditionTimes.set(type, { status: s, at });
    return { type, status: s, lastProbeTime: null, lastTransitionTime: rfc3339(at), ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
  }

  private containerStatus(cs: ContainerState): Record<string, unknown> {
    const term = (a: Attempt): Record<string, unknown> => ({
      exitCode: a.exitCode ?? 0,
      ...(a.signal ? { signal: SIGNALS[a.signal] ?? 0 } : {}),
      reason: a.reason ?? 'Error',
      ...(a.message ? { message: a.message } : {}),
      startedAt: rfc3339(a.startedAt),
      finishedAt: rfc3339(a.finishedAt ?? Date.now()),
      containerID: a.containerId,
    });
    const a = cs.current;
    const running = !!a && a.finishedAt === undefined;
    let state: Record<string, unknown>;
    if (!a) state = { waiting: { reason: cs.waitingReason || 'ContainerCreating', ...(cs.waitingMessage ? { message: cs.waitingMessage } : {}) } };
    else if (running) state = { running: { startedAt: rfc3339(a.startedAt) } };
    else state = { terminated: term(a) };
    const shown = a ?? cs.previous;
    // No image ID until a container has been created from it (e.g. while its pull fails).
    const shownAny = !!shown;
    return {
      name: cs.spec.name,
      image: cs.spec.image,
      imageID: cs.spec.image && shownAny ? `helm-hooks-stand-in://${cs.spec.image}` : '',
      ...(shown ? { containerID: shown.containerId } : {}),
      ready: running && !cs.init,
      started: running,
      restartCount: cs.restartCount,
      state,
      lastState: cs.previous ? { terminated: term(cs.previous) } : {},
    };
  }

  private buildStatus(): Record<string, unknown> {
    const init = this.pod.spec.initContainers.map((c) => this.containers.get(c.name)).filter((c): c is ContainerState => !!c);
    const main = this.pod.spec.containers.map((c) => this.containers.get(c.name)).filter((c): c is ContainerState => !!c);
    const terminal = this.phase === 'Succeeded' || this.phase === 'Failed';
    const allRunning = main.every((cs) => cs.current && cs.current.finishedAt === undefined);
    const ready = this.phase === 'Running' && allRunning && !this.terminating;
    const notReady = main.filter((cs) => !(cs.current && cs.current.finishedAt === undefined)).map((cs) => cs.spec.name);
    const notInit = init.filter((cs) => cs.current?.exitCode !== 0).map((cs) => cs.spec.name);
    const readyReason = terminal ? 'PodCompleted' : ready ? undefined : 'ContainersNotReady';
    const readyMessage = !terminal && !ready ? `containers with unready status: [${notReady.join(' ')}]` : undefined;
    return {
      phase: this.phase,
      conditions: [
        this.condition('Initialized', this.initialized, this.initialized ? (terminal && init.length ? 'PodCompleted' : undefined) : 'ContainersNotInitialized',
          this.initialized ? undefined : `containers with incomplete status: [${notInit.join(' ')}]`),
        this.condition('Ready', ready, readyReason, readyMessage),
        this.condition('ContainersReady', ready, readyReason, readyMessage),
        this.condition('PodScheduled', true),
      ],
      hostIP: '127.0.0.1',
      podIP: '127.0.0.1',
      podIPs: [{ ip: '127.0.0.1' }],
      startTime: rfc3339(this.startTime),
      ...(init.length ? { initContainerStatuses: init.map((cs) => this.containerStatus(cs)) } : {}),
      containerStatuses: main.map((cs) => this.containerStatus(cs)),
    };
  }

  /** Queues a status write of the state as it is now; writes go out in order. */
  private queueStatus(): void {
    if (this.gone) return;
    const m = this.pod.metadata;
    const patch = { metadata: { uid: m.uid }, status: this.buildStatus() };
    const path = `/api/v1/namespaces/${encodeURIComponent(m.namespace)}/pods/${encodeURIComponent(m.name)}/status`;
    this.statusQueue = this.statusQueue.then(async () => {
      if (this.gone) return;
      for (let i = 0; i < 5; i++) {
        const r = await this.ctx.api.call('PATCH', path, patch, 'application/merge-patch+json').catch((e: unknown) => ({ status: 0, json: undefined, text: String(e) }));
        if (r.status >= 200 && r.status < 300) return;
        if (r.status === 404 || r.status === 409 || r.status === 422) {
          // Gone, or a different pod by now (uid precondition).
          if (r.status === 404 || r.status === 409) this.gone = true;
          this.ctx.log(`pod ${this.key}: status: ${describe(r)}`);
          return;
        }
        this.ctx.log(`pod ${this.key}: status (try ${i + 1}): ${describe(r)}`);
        await new Promise((res) => setTimeout(res, 200 * (i + 1)));
      }
    });
  }
}

function killGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      /* gone */
    }
  }
}

/** A container's env from Secrets and ConfigMaps: envFrom's variables, and per env entry its value (if from one). */
interface ResolvedEnv {
  fromSources: Record<string, string>;
  refs: (string | undefined)[];
}
