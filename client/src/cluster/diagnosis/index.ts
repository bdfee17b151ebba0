import { ApiConnection } from '../kube/http';
import { HookInfo } from '../types';
import { HookEvidence } from './evidence';
import { explainEvidence, HookExplanation } from './explain';
import { completeEvidence, readHookObject, RunOverride } from './gather';

export type { ContainerFacts, Condition, EventFacts, HookEvidence, JobFacts, ObjectState, PodFacts } from './evidence';
export { eventFacts, jobFacts, podFacts } from './evidence';
export { explainEvidence, EVENT_TTL_MS } from './explain';
export type { HookExplanation } from './explain';
export type { RunOverride } from './gather';

export interface ExplainOptions {
  timeoutMs: number;
  /** The run to explain when not the record's last run (a `helm test` that just ended). */
  run?: RunOverride;
  now?: Date;
}

/** Reads the evidence of one hook run (2 to 4 requests) and words it; nothing is kept. */
export async function explainHook(conn: ApiConnection, hook: HookInfo, releaseNamespace: string, opts: ExplainOptions): Promise<HookExplanation> {
  const found = await readHookObject(conn, hook, releaseNamespace, opts);
  return explainEvidence(await completeEvidence(conn, hook, found, opts), opts.now ?? new Date());
}

/** An unsettled Job or Pod may change without its own resourceVersion changing (a pod's waiting reason). */
const UNSETTLED_TTL_MS = 15_000;
const MAX_KEPT = 200;

/**
 * Explanations for one connection, computed on demand only (a row drawn, a lens shown, a log opened):
 * the evidence is kept by the Job's or Pod's uid and resourceVersion, so asking again costs one request
 * while the object is unchanged; callers asking at once share one reading.
 */
export class HookDiagnoser {
  private readonly evidence = new Map<string, { evidence: HookEvidence; at: number; settled: boolean }>();
  private readonly latest = new Map<string, HookExplanation>();
  private readonly inFlight = new Map<string, Promise<HookExplanation>>();

  constructor(
    private readonly conn: ApiConnection,
    private readonly timeoutMs: number,
  ) {}

  explain(hook: HookInfo, releaseNamespace: string, opts: { run?: RunOverride; now?: Date } = {}): Promise<HookExplanation> {
    const key = runKey(hook, releaseNamespace, opts.run);
    const pending = this.inFlight.get(key);
    if (pending !== undefined) return pending;
    const p = this.compute(hook, releaseNamespace, opts).then((x) => {
      this.latest.delete(key);
      this.latest.set(key, x);
      trim(this.latest);
      return x;
    });
    this.inFlight.set(key, p);
    const done = (): void => {
      this.inFlight.delete(key);
    };
    p.then(done, done);
    return p;
  }

  /** The last explanation of this hook run, without reading the cluster (for rows drawn synchronously). */
  peek(hook: HookInfo, releaseNamespace: string): HookExplanation | undefined {
    return this.latest.get(runKey(hook, releaseNamespace, undefined));
  }

  clear(): void {
    this.evidence.clear();
    this.latest.clear();
  }

  private async compute(hook: HookInfo, releaseNamespace: string, opts: { run?: RunOverride; now?: Date }): Promise<HookExplanation> {
    const now = opts.now ?? new Date();
    const found = await readHookObject(this.conn, hook, releaseNamespace, { timeoutMs: this.timeoutMs, run: opts.run });
    if (found.version === undefined || found.evidence.object.kind !== 'found') return explainEvidence(found.evidence, now);
    const kept = this.evidence.get(found.version);
    if (kept !== undefined && (kept.settled || Date.now() - kept.at < UNSETTLED_TTL_MS)) {
      // The same object state, read for another run's record (its phase and times may differ).
      return explainEvidence({ ...kept.evidence, hook: found.evidence.hook }, now);
    }
    const evidence = await completeEvidence(this.conn, hook, found, { timeoutMs: this.timeoutMs });
    this.evidence.set(found.version, { evidence, at: Date.now(), settled: found.settled });
    trim(this.evidence);
    return explainEvidence(evidence, now);
  }
}

function runKey(hook: HookInfo, releaseNamespace: string, run: RunOverride | undefined): string {
  const started = run?.startedAt ?? hook.lastRun.startedAt;
  return `${hook.namespace ?? releaseNamespace}/${hook.kind}/${hook.name}@${started?.toISOString() ?? ''}/${run?.phase ?? hook.lastRun.phase}`;
}

function trim<K, V>(m: Map<K, V>): void {
  while (m.size > MAX_KEPT) {
    const first = m.keys().next();
    if (first.done === true) return;
    m.delete(first.value);
  }
}
