import { dateOf, eventFacts, HookEvidence, jobFacts, newestFirst, podFacts } from '../diagnosis/evidence';
import { explainEvidence, HookExplanation } from '../diagnosis/explain';
import { CaptureMeta } from './types';

/**
 * The evidence of a captured run as the diagnosis reads it: the Job, pods and events as the capture last saw
 * them, taken for the object still there (that is how the capture saw it), so the cause is the cluster's own
 * and not the delete policy that removed it afterwards.
 */
export function capturedEvidence(meta: CaptureMeta): HookEvidence {
  const { key } = meta;
  const kept = meta.evidence;
  const job = meta.key.hookKind === 'Job' && kept.job !== undefined ? jobFacts(kept.job) : undefined;
  const pods = newestFirst((kept.pods ?? []).map(podFacts));
  const seen = job !== undefined || pods.length > 0;
  return {
    hook: {
      kind: key.hookKind,
      name: key.hookName,
      namespace: meta.hookNamespace,
      phase: meta.outcome?.phase ?? '',
      deletePolicies: [...meta.deletePolicies],
      startedAt: dateOf(key.startedAt),
      completedAt: dateOf(meta.outcome?.completedAt),
    },
    object: seen ? { kind: 'found' } : { kind: 'unreadable', problem: `the capture saw neither the ${key.hookKind} nor its pods` },
    job,
    pods,
    podsProblem: key.hookKind === 'Pod' && pods.length === 0 ? 'the capture saw no pod' : undefined,
    events: eventFacts(kept.events ?? []),
    // Events are read when the run ends: a capture cut off before then has none.
    eventsProblem: meta.closed ? undefined : 'the capture stopped before the run ended, so they were not read',
  };
}

/** Why a captured run failed, from what the capture kept alone (no cluster access). */
export function explainCaptured(meta: CaptureMeta, now: Date = new Date()): HookExplanation {
  return explainEvidence(capturedEvidence(meta), now);
}
