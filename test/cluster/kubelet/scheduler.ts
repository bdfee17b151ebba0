// The stand-in's scheduler half (a stand-in, not kube-scheduler): it binds pods that name no scheduler or
// `default-scheduler` to the one Node, and refuses the pods kube-scheduler v1.20's default profile would
// refuse on that Node, the way it reports them:
//   - the filters it imitates, in the real order, the first failing one giving the reasons: NodeAffinity
//     (`spec.nodeSelector`, required node affinity) "node(s) didn't match node selector", then
//     NodeResourcesFit against the Node's allocatable minus the requests of the pods bound to it and not
//     finished ("Insufficient cpu", "Insufficient memory", "Insufficient <resource>", "Too many pods");
//   - the message `0/1 nodes are available: 1 <reason>[, 1 <reason>].` (reasons sorted, as FitError does);
//   - the pod's condition PodScheduled=False, reason Unschedulable, that message (written only when it
//     changes, as the real one does);
//   - a Warning `FailedScheduling` event (action `Scheduling`) and, on binding, a Normal `Scheduled` event
//     (action `Binding`, "Successfully assigned NS/NAME to NODE"), both as events.k8s.io/v1 from
//     reportingController `default-scheduler`, as the v1.20 scheduler writes them;
//   - retries of an unschedulable pod after 1, 2, 4, 8, 16, then every 30 s (the real one waits for a
//     cluster change or at most 60 s; nothing here changes the one Node, so it only needs the timer).
import { ApiClient, describe, isRecord } from './api';
import { EventsV1Recorder, ObjectRef } from './events';
import { rfc3339 } from './logs';
import { asPod, Pod } from './pods';
import { parseQuantity } from './quantity';

/** The Node's capacity and allocatable, as its status reports them. */
export const NODE_ALLOCATABLE: Record<string, string> = { cpu: '2', memory: '8Gi', pods: '110', 'ephemeral-storage': '20Gi' };

const RETRY_MS = [1000, 2000, 4000, 8000, 16000, 30000];

type Amounts = Record<string, number>;

/** What a pod asks of a node: per resource, the larger of its containers' sum and any init container's request. */
export function podRequests(pod: Pod): Amounts {
  const sum: Amounts = {};
  for (const c of pod.spec.containers) {
    for (const [k, v] of Object.entries(c.requests)) sum[k] = (sum[k] ?? 0) + (parseQuantity(v) ?? 0);
  }
  for (const c of pod.spec.initContainers) {
    for (const [k, v] of Object.entries(c.requests)) sum[k] = Math.max(sum[k] ?? 0, parseQuantity(v) ?? 0);
  }
  return sum;
}

function matchesExpression(labels: Record<string, string>, e: unknown): boolean {
  if (!isRecord(e) || typeof e.key !== 'string') return false;
  const has = Object.prototype.hasOwnProperty.call(labels, e.key);
  const value = labels[e.key];
  const values = Array.isArray(e.values) ? e.values.map(String) : [];
  switch (e.operator) {
    case 'In': return has && values.includes(value ?? '');
    case 'NotIn': return !has || !values.includes(value ?? '');
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt':
    case 'Lt': {
      const a = Number(value);
      const b = Number(values[0]);
      if (!has || !Number.isInteger(a) || !Number.isInteger(b)) return false;
      return e.operator === 'Gt' ? a > b : a < b;
    }
    default: return false;
  }
}

function matchesNode(pod: Pod, nodeName: string, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(pod.spec.nodeSelector)) if (labels[k] !== v) return false;
  const na = isRecord(pod.spec.affinity) && isRecord(pod.spec.affinity.nodeAffinity) ? pod.spec.affinity.nodeAffinity : undefined;
  const required = na && isRecord(na.requiredDuringSchedulingIgnoredDuringExecution) ? na.requiredDuringSchedulingIgnoredDuringExecution : undefined;
  if (!required) return true;
  const terms = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms.filter(isRecord) : [];
  // Terms are ORed, a term's requirements ANDed; a term with no requirements matches nothing.
  return terms.some((t) => {
    const exprs = Array.isArray(t.matchExpressions) ? t.matchExpressions : [];
    const fields = Array.isArray(t.matchFields) ? t.matchFields : [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return exprs.every((e) => matchesExpression(labels, e)) && fields.every((e) => matchesExpression({ 'metadata.name': nodeName }, e));
  });
}

export interface SchedulerContext {
  api: ApiClient;
  nodeName: string;
  nodeLabels: Record<string, string>;
  events: EventsV1Recorder;
  log: (msg: string) => void;
}

export class Scheduler {
  /** Requests of the pods bound to the Node and not finished, by uid. */
  private readonly onNode = new Map<string, Amounts>();
  private readonly busy = new Set<string>();
  private readonly retries = new Map<string, { attempt: number; timer?: NodeJS.Timeout }>();
  private readonly allocatable: Amounts;

  constructor(private readonly ctx: SchedulerContext) {
    this.allocatable = Object.fromEntries(Object.entries(NODE_ALLOCATABLE).map(([k, v]) => [k, parseQuantity(v) ?? 0]));
  }

  /** A pod bound to the Node: its requests count until it ends. */
  observe(pod: Pod): void {
    const phase = pod.status.phase;
    if (phase === 'Succeeded' || phase === 'Failed') this.onNode.delete(pod.metadata.uid);
    else if (!this.onNode.has(pod.metadata.uid)) this.onNode.set(pod.metadata.uid, podRequests(pod));
  }

  /** The pod was deleted. */
  gone(uid: string): void {
    this.onNode.delete(uid);
    const r = this.retries.get(uid);
    if (r?.timer) clearTimeout(r.timer);
    this.retries.delete(uid);
    this.ctx.events.forgetObject(uid);
  }

  /** After a full list: forgets the pods it did not hold (deleted while no watch was open). */
  keepOnly(uids: Set<string>): void {
    for (const uid of [...this.onNode.keys(), ...this.retries.keys()]) if (!uids.has(uid)) this.gone(uid);
  }

  /** Why the Node does not fit the pod (the failing filter's reasons), or [] when it fits. */
  private unfit(pod: Pod): string[] {
    if (!matchesNode(pod, this.ctx.nodeName, this.ctx.nodeLabels)) return ["node(s) didn't match node selector"];
    const reasons: string[] = [];
    if (this.onNode.size + 1 > (this.allocatable.pods ?? 0)) reasons.push('Too many pods');
    const used: Amounts = {};
    for (const r of this.onNode.values()) for (const [k, v] of Object.entries(r)) used[k] = (used[k] ?? 0) + v;
    for (const [k, v] of Object.entries(podRequests(pod))) {
      if (v > 0 && v + (used[k] ?? 0) > (this.allocatable[k] ?? 0)) reasons.push(`Insufficient ${k}`);
    }
    return reasons;
  }

  /** An unscheduled pod seen in a list or watch. */
  schedule(pod: Pod): void {
    const uid = pod.metadata.uid;
    if (pod.metadata.deletionTimestamp || this.busy.has(uid) || this.retries.get(uid)?.timer) return;
    this.busy.add(uid);
    this.attempt(pod)
      .catch((e: unknown) => this.ctx.log(`schedule ${pod.metadata.namespace}/${pod.metadata.name}: ${String(e)}`))
      .finally(() => this.busy.delete(uid));
  }

  private async attempt(pod: Pod): Promise<void> {
    const m = pod.metadata;
    const path = `/api/v1/namespaces/${encodeURIComponent(m.namespace)}/pods/${encodeURIComponent(m.name)}`;
    const ref: ObjectRef = { kind: 'Pod', namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: 'v1', ...(m.resourceVersion ? { resourceVersion: m.resourceVersion } : {}) };
    const reasons = this.unfit(pod);
    if (reasons.length === 0) {
      const r = await this.ctx.api.call('POST', `${path}/binding`, {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: m.name, namespace: m.namespace, uid: m.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: this.ctx.nodeName },
      });
      if (r.status < 300) {
        this.onNode.set(m.uid, podRequests(pod));
        this.retries.delete(m.uid);
        this.ctx.events.event(ref, 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${m.namespace}/${m.name} to ${this.ctx.nodeName}`);
      } else if (r.status !== 409 && r.status !== 404) {
        this.ctx.log(`bind ${m.namespace}/${m.name}: ${describe(r)}`);
      }
      return;
    }
    const message = `0/1 nodes are available: ${reasons.map((r) => `1 ${r}`).sort().join(', ')}.`;
    this.ctx.events.event(ref, 'Warning', 'FailedScheduling', 'Scheduling', message);
    const cond = pod.status.conditions.find((c) => c.type === 'PodScheduled');
    if (!cond || cond.status !== 'False' || cond.reason !== 'Unschedulable' || cond.message !== message) {
      const since = cond && cond.status === 'False' && cond.lastTransitionTime ? cond.lastTransitionTime : rfc3339(Date.now());
      const r = await this.ctx.api.call('PATCH', `${path}/status`, {
        metadata: { uid: m.uid },
        status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: since }] },
      }, 'application/strategic-merge-patch+json');
      if (r.status >= 300 && r.status !== 404 && r.status !== 409) this.ctx.log(`pod ${m.namespace}/${m.name}: PodScheduled: ${describe(r)}`);
    }
    this.ctx.log(`pod ${m.namespace}/${m.name}: unschedulable: ${message}`);
    const retry = this.retries.get(m.uid) ?? { attempt: 0 };
    const delay = RETRY_MS[Math.min(retry.attempt, RETRY_MS.length - 1)] ?? 30000;
    retry.attempt += 1;
    retry.timer = setTimeout(() => {
      retry.timer = undefined;
      void this.retry(path, m.uid);
    }, delay);
    retry.timer.unref();
    this.retries.set(m.uid, retry);
  }

  /** Reads the pod again and tries once more, unless it is gone, bound or being deleted. */
  private async retry(path: string, uid: string): Promise<void> {
    if (!this.retries.has(uid)) return;
    const r = await this.ctx.api.call('GET', path).catch(() => undefined);
    if (!r || r.status !== 200) {
      if (r?.status === 404) this.gone(uid);
      else this.schedulePath(path, uid);
      return;
    }
    const pod = asPod(r.json);
    if (!pod || pod.metadata.uid !== uid) return this.gone(uid);
    if (pod.spec.nodeName || pod.metadata.deletionTimestamp) {
      this.retries.delete(uid);
      return;
    }
    this.schedule(pod);
  }

  private schedulePath(path: string, uid: string): void {
    const retry = this.retries.get(uid);
    if (!retry) return;
    retry.timer = setTimeout(() => {
      retry.timer = undefined;
      void this.retry(path, uid);
    }, 1000);
    retry.timer.unref();
  }
}
