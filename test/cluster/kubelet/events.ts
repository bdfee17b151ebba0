// Events as the stand-in kubelet and scheduler post them, in the two forms real components use:
//   - core/v1 Events, as the kubelet's event recorder (client-go tools/record) writes them: one object per
//     distinct (source, involvedObject, type, reason, message); a repeat PATCHes that object's `count` and
//     `lastTimestamp` (the EventCorrelator's folding), and is created again if the object has gone;
//   - events.k8s.io/v1 Events, as the v1.20 scheduler writes them (client-go tools/events, used when the API
//     server serves that group): `eventTime`, `reportingController`, `reportingInstance`, `action`,
//     `regarding`, `note`; a repeat of an isomorphic event (same type, action, reason, reporting controller
//     and instance, regarding; the note is not part of the key) PATCHes `series` {count, lastObservedTime}
//     onto the first one. The real broadcaster sends the second occurrence at once but later counts only on
//     a 30-minute refresh; this one sends every count at once so that tests can see it move.
// Writes go out in order, one at a time, and never block the caller; a failure is logged and dropped (as a
// real recorder gives up on a rejected event, e.g. in a namespace being deleted).
import { ApiClient, describe } from './api';
import { rfc3339 } from './logs';

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  apiVersion: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export type EventType = 'Normal' | 'Warning';

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

let seq = 0;
/** `<object name>.<hex nanoseconds>`, the name real recorders give an Event. */
function eventName(objectName: string): string {
  const nanos = BigInt(Date.now()) * 1_000_000n + BigInt(seq++ % 1_000_000);
  return `${objectName}.${nanos.toString(16)}`;
}

const refKey = (r: ObjectRef): string => [r.kind, r.namespace, r.name, r.uid, r.apiVersion, r.fieldPath ?? ''].join('\u0000');

abstract class Writer {
  private queue: Promise<void> = Promise.resolve();

  constructor(protected readonly api: ApiClient, protected readonly log: (msg: string) => void) {}

  protected enqueue(what: string, write: () => Promise<void>): void {
    this.queue = this.queue.then(write).catch((e: unknown) => this.log(`event ${what}: ${String(e)}`));
  }

  /** Resolves once every event recorded so far has been written (or given up). */
  flushed(): Promise<void> {
    return this.queue;
  }
}

/** core/v1 Events from one source, e.g. {component: "kubelet", host: NODE}. */
export class CoreEventRecorder extends Writer {
  private readonly seen = new Map<string, { name: string; count: number; first: number }>();

  constructor(api: ApiClient, private readonly source: { component: string; host?: string }, log: (msg: string) => void) {
    super(api, log);
  }

  event(ref: ObjectRef, type: EventType, reason: string, message: string): void {
    const key = [refKey(ref), type, reason, message].join('\u0001');
    const now = Date.now();
    const prev = this.seen.get(key);
    const entry = prev ? { ...prev, count: prev.count + 1 } : { name: eventName(ref.name), count: 1, first: now };
    this.seen.set(key, entry);
    const ns = encodeURIComponent(ref.namespace);
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: entry.name, namespace: ref.namespace },
      involvedObject: ref,
      reason,
      message,
      source: this.source,
      firstTimestamp: rfc3339(entry.first),
      lastTimestamp: rfc3339(now),
      count: entry.count,
      type,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    };
    this.enqueue(`${reason} on ${ref.namespace}/${ref.name}`, async () => {
      if (prev) {
        const p = await this.api.call('PATCH', `/api/v1/namespaces/${ns}/events/${encodeURIComponent(entry.name)}`,
          { count: entry.count, lastTimestamp: body.lastTimestamp, message }, 'application/strategic-merge-patch+json');
        if (p.status < 300) return;
        if (p.status !== 404) throw new Error(describe(p));
      }
      const r = await this.api.call('POST', `/api/v1/namespaces/${ns}/events`, body);
      if (r.status >= 300) throw new Error(describe(r));
    });
  }

  forgetObject(uid: string): void {
    for (const k of [...this.seen.keys()]) if (k.includes(`\u0000${uid}\u0000`)) this.seen.delete(k);
  }
}

/** events.k8s.io/v1 Events from one reporting controller and instance. */
export class EventsV1Recorder extends Writer {
  private readonly seen = new Map<string, { name: string; count: number }>();

  constructor(api: ApiClient, private readonly reportingController: string, private readonly reportingInstance: string, log: (msg: string) => void) {
    super(api, log);
  }

  event(regarding: ObjectRef, type: EventType, reason: string, action: string, note: string): void {
    // The real key holds the whole reference, resourceVersion included: an event about a newer version of
    // the object starts a new Event rather than a series.
    const key = [refKey(regarding), regarding.resourceVersion ?? '', type, reason, action].join('\u0001');
    const now = Date.now();
    const prev = this.seen.get(key);
    const ns = encodeURIComponent(regarding.namespace);
    const base = `/apis/events.k8s.io/v1/namespaces/${ns}/events`;
    if (prev) {
      prev.count += 1;
      const series = { count: prev.count, lastObservedTime: microTime(now) };
      this.enqueue(`${reason} on ${regarding.namespace}/${regarding.name}`, async () => {
        const p = await this.api.call('PATCH', `${base}/${encodeURIComponent(prev.name)}`, { series }, 'application/strategic-merge-patch+json');
        if (p.status >= 300 && p.status !== 404) throw new Error(describe(p));
      });
      return;
    }
    const name = eventName(regarding.name);
    this.seen.set(key, { name, count: 1 });
    const body = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name, namespace: regarding.namespace },
      eventTime: microTime(now),
      reportingController: this.reportingController,
      reportingInstance: this.reportingInstance,
      action,
      reason,
      regarding,
      note,
      type,
    };
    this.enqueue(`${reason} on ${regarding.namespace}/${regarding.name}`, async () => {
      const r = await this.api.call('POST', base, body);
      if (r.status >= 300) throw new Error(describe(r));
    });
  }

  /** Forgets the series about an object that is gone (as the real broadcaster's cache lets them expire). */
  forgetObject(uid: string): void {
    for (const k of [...this.seen.keys()]) if (k.includes(`\u0000${uid}\u0000`)) this.seen.delete(k);
  }
}
