import { ContainerFacts, EventFacts, HookEvidence, JobFacts, PodFacts } from './evidence';

export interface HookExplanation {
  /** One sentence: the cause as the cluster states it (or what is missing to tell it). */
  sentence: string;
  /** The evidence behind it, one line each: the Job's status, each pod, the events (newest first). */
  evidence: string[];
  /**
   * `cluster`: the cluster's own record names the cause; `delete-policy`: the object is gone and its policy
   * removed it; `gone`: gone, and the policy does not explain it; `none`: it did not fail (or still runs);
   * `missing`: the evidence to tell is not there.
   */
  basis: 'cluster' | 'delete-policy' | 'gone' | 'none' | 'missing';
}

/** Events older than this may have been removed by the API server (its --event-ttl default). */
export const EVENT_TTL_MS = 60 * 60 * 1000;

const PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const CONFIG = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);
/** Event reasons that tell why something did not happen (the rest are progress). */
const TELLING = new Set(['FailedCreate', 'FailedScheduling', 'FailedMount', 'FailedAttachVolume', 'BackOff', 'Evicted', 'Failed', 'FailedKillPod', 'DeadlineExceeded', 'BackoffLimitExceeded', 'FailedSync', 'FailedPostStartHook', 'FailedPreStopHook', 'Preempting', 'OOMKilling']);

/**
 * Why a hook run failed, in words, from the evidence alone (no cluster access): the first sentence is the
 * cluster's own cause; the delete policy is the explanation only when the object is really gone.
 */
export function explainEvidence(e: HookEvidence, now: Date = new Date()): HookExplanation {
  const evidence = evidenceLines(e, now);
  const done = (basis: HookExplanation['basis'], sentence: string): HookExplanation => ({ sentence, evidence, basis });
  const { hook } = e;
  const what = `${hook.kind} ${hook.name}`;

  if (e.object.kind === 'unreadable') return done('missing', `Cannot tell why ${what} failed: ${e.object.problem}`);
  if (e.object.kind === 'gone') return goneExplanation(e, done);
  if (e.object.kind === 'replaced') {
    return done(
      'delete-policy',
      `${what} of this run is gone: a later run created it again ${ago(e.object.createdAt, now)} (before-hook-creation deletes the old one first), so this run's pods and events went with it.`,
    );
  }
  const events = e.events;
  const pod = e.pods[0];
  const notes: string[] = [];
  if (e.eventsProblem !== undefined) notes.push(`Events could not be listed (${e.eventsProblem}), so this is told from the ${hook.kind === 'Job' ? 'Job and its pods' : 'pod'} alone.`);
  // A 'missing' sentence already says what could not be read.
  const withNotes = (basis: HookExplanation['basis'], sentence: string): HookExplanation => done(basis, basis === 'missing' ? sentence : [sentence, ...notes].join(' '));

  if (hook.kind === 'Job' && e.job !== undefined) {
    const job = e.job;
    const failed = job.conditions.find((c) => c.type === 'Failed' && c.status === 'True');
    const complete = job.conditions.find((c) => c.type === 'Complete' && c.status === 'True');
    const createFailed = events.find((v) => v.objectKind === 'Job' && v.reason === 'FailedCreate');
    if (e.pods.length === 0 && e.podsProblem === undefined && createFailed !== undefined) {
      return withNotes('cluster', `Job ${job.name} could not create any pod: ${createMessage(createFailed.message)} (${eventTally(createFailed, now)}).`);
    }
    if (failed?.reason === 'BackoffLimitExceeded') {
      const limit = job.backoffLimit ?? 6;
      const last = e.pods.find((p) => p.phase === 'Failed') ?? pod;
      const tail = last === undefined ? '' : `; the last ${podCause(last, events, now, 'short') ?? `ended ${last.phase}`}`;
      return withNotes('cluster', `The Job reached backoffLimit ${limit} after ${count(job.failed, 'failed pod')}${tail}.`);
    }
    if (failed?.reason === 'DeadlineExceeded') {
      const deadline = job.activeDeadlineSeconds === undefined ? 'its activeDeadlineSeconds' : `activeDeadlineSeconds ${job.activeDeadlineSeconds}`;
      const cause = pod === undefined ? undefined : podCause(pod, events, now, 'short');
      const runningThen = pod !== undefined && (pod.phase === 'Running' || pod.phase === 'Pending' || pod.containers.some((c) => c.terminated?.exitCode === 137 || c.terminated?.exitCode === 143));
      const tail = cause !== undefined ? `; ${cause}` : runningThen ? `; pod ${pod.name} was still ${pod.phase === 'Pending' ? 'pending' : 'running'} and was stopped` : '';
      return withNotes('cluster', `The Job ran longer than ${deadline} and was stopped (DeadlineExceeded${failed.message ? `: ${failed.message}` : ''})${tail}.`);
    }
    if (failed !== undefined) {
      return withNotes('cluster', `Job ${job.name} failed: ${failed.reason ?? 'no reason given'}${failed.message ? `: ${failed.message}` : ''}.`);
    }
    if (pod === undefined) {
      if (e.podsProblem !== undefined) return withNotes('missing', `Cannot tell why Job ${job.name} failed: its pods could not be listed (${e.podsProblem}).`);
      if (createFailed !== undefined) return withNotes('cluster', `Job ${job.name} could not create any pod: ${createMessage(createFailed.message)} (${eventTally(createFailed, now)}).`);
      if (complete !== undefined) return withNotes('none', `Job ${job.name} completed; its pods have been removed since.`);
      return withNotes('missing', `Job ${job.name} still exists and never had a pod, and ${noEventsWhy(e, job.createdAt, now)}.`);
    }
    const cause = podCause(pod, events, now, 'full');
    if (cause !== undefined) return withNotes('cluster', cause);
    if (complete !== undefined) {
      return withNotes('none', `Job ${job.name} completed (${count(job.succeeded, 'pod')} succeeded)${hook.phase === 'Failed' ? ', after Helm had stopped waiting for it (--timeout)' : ''}.`);
    }
    return withNotes(pod.phase === 'Running' || pod.phase === 'Pending' ? 'none' : 'missing', stillGoing(pod, hook.phase, e, now));
  }

  if (hook.kind === 'Pod') {
    if (pod === undefined) return withNotes('missing', `Cannot tell why pod ${hook.name} failed: ${e.podsProblem ?? 'it could not be read'}.`);
    const cause = podCause(pod, events, now, 'full');
    if (cause !== undefined) return withNotes('cluster', cause);
    if (pod.phase === 'Succeeded') return withNotes('none', `Pod ${pod.name} succeeded${hook.phase === 'Failed' ? ', after Helm had stopped waiting for it (--timeout)' : ''}.`);
    return withNotes(pod.phase === 'Running' || pod.phase === 'Pending' ? 'none' : 'missing', stillGoing(pod, hook.phase, e, now));
  }
  return done('none', `${hook.kind} hooks run no pods: Helm counts them ready as soon as they are created.`);
}

function goneExplanation(e: HookEvidence, done: (basis: HookExplanation['basis'], sentence: string) => HookExplanation): HookExplanation {
  const { hook } = e;
  const policies = hook.deletePolicies;
  const what = `${hook.kind} ${hook.name}`;
  if (hook.phase === 'Failed' && policies.includes('hook-failed')) {
    return done('delete-policy', `${what} is gone: Helm deleted it after it failed (delete policy hook-failed), with its pods, logs and events.`);
  }
  if (hook.phase === 'Succeeded' && policies.includes('hook-succeeded')) {
    return done('delete-policy', `${what} is gone: Helm deleted it after it succeeded (delete policy hook-succeeded).`);
  }
  if (policies.includes('before-hook-creation')) {
    return done('delete-policy', `${what} is gone: with before-hook-creation Helm deletes it when the hook runs again (a later run may have deleted it and not created it again), or someone deleted it.`);
  }
  return done('gone', `${what} is gone, and its delete policy does not explain it: deleted by hand, by ttlSecondsAfterFinished, or garbage-collected.`);
}

/** Why a pod did not succeed, from its status first, its events second; undefined when neither says. */
function podCause(pod: PodFacts, events: readonly EventFacts[], now: Date, style: 'full' | 'short'): string | undefined {
  const subject = style === 'full' ? `pod ${pod.name}` : 'pod';
  if (pod.reason === 'Evicted') return `${subject} was evicted: ${pod.message ?? 'no message'} (Evicted)`;
  if (pod.reason === 'DeadlineExceeded') return `${subject} ran longer than its activeDeadlineSeconds (DeadlineExceeded${pod.message ? `: ${pod.message}` : ''})`;
  const own = events.filter((v) => v.objectKind === 'Pod' && v.objectName === pod.name);
  if (pod.unscheduled !== undefined && pod.unscheduled.message !== undefined) {
    return `${subject} could not be scheduled: ${pod.unscheduled.message} (${pod.unscheduled.reason ?? 'PodScheduled=False'})`;
  }
  for (const c of pod.containers) {
    const w = c.waiting;
    if (w === undefined) continue;
    if (PULL.has(w.reason)) return `${subject} never started: image ${c.image ?? '(none given)'} of container ${c.name} could not be pulled${w.message ? `: ${w.message}` : ''} (${w.reason})`;
    if (CONFIG.has(w.reason)) return `${subject} never started: container ${c.name} could not be created${w.message ? `: ${w.message}` : ''} (${w.reason})`;
  }
  const oom = pod.containers.find((c) => c.terminated?.reason === 'OOMKilled' || (c.waiting !== undefined && c.lastTerminated?.reason === 'OOMKilled'));
  if (oom !== undefined) return `container ${oom.name} was OOMKilled${oom.memoryLimit ? ` (limit ${oom.memoryLimit})` : ''}`;
  const crashing = pod.containers.find((c) => c.waiting?.reason === 'CrashLoopBackOff');
  if (crashing !== undefined) {
    return `container ${crashing.name} keeps crashing (CrashLoopBackOff, ${count(crashing.restarts, 'restart')})${crashing.lastTerminated ? `; its last run ${exited(crashing.lastTerminated)}` : ''}`;
  }
  const broken = pod.containers.find((c) => c.terminated !== undefined && c.terminated.exitCode !== 0);
  if (broken?.terminated !== undefined) {
    const t = broken.terminated;
    if (t.reason === 'ContainerCannotRun' || t.reason === 'StartError') return `container ${broken.name} could not run${t.message ? `: ${t.message}` : ''} (${t.reason}${t.exitCode !== undefined ? `, exit code ${t.exitCode}` : ''})`;
    return `${style === 'full' ? `container ${broken.name} of ${subject}` : `container ${broken.name}`} ${exited(t)}`;
  }
  const mount = own.find((v) => v.reason === 'FailedMount' || v.reason === 'FailedAttachVolume');
  if (mount !== undefined && pod.phase === 'Pending') return `${subject} never started: a volume could not be mounted: ${mount.message} (${eventTally(mount, now)})`;
  const scheduling = own.find((v) => v.reason === 'FailedScheduling');
  if (scheduling !== undefined && pod.phase === 'Pending') return `${subject} could not be scheduled: ${scheduling.message} (${eventTally(scheduling, now)})`;
  const other = own.find((v) => v.type === 'Warning' && TELLING.has(v.reason));
  if (other !== undefined && pod.phase !== 'Succeeded') return `${subject}: ${other.message} (${eventTally(other, now)})`;
  return undefined;
}

function exited(t: NonNullable<ContainerFacts['terminated']>): string {
  const code = t.exitCode === undefined ? 'ended' : `exited with code ${t.exitCode}`;
  const why = t.reason !== undefined && t.reason !== 'Error' ? ` (${t.reason})` : '';
  return `${code}${why}${t.message ? `: ${firstLine(t.message)}` : ''}`;
}

function stillGoing(pod: PodFacts, phase: string, e: HookEvidence, now: Date): string {
  if (pod.phase === 'Running') return `Pod ${pod.name} is still running${phase === 'Failed' ? ': Helm stopped waiting for it before it ended (--timeout)' : ''}.`;
  if (pod.phase === 'Pending') {
    const untouched = pod.containers.every((c) => c.waiting === undefined && c.terminated === undefined && !c.running);
    return `Pod ${pod.name} is still pending${untouched ? ' and no container was created yet' : ''}, and ${noEventsWhy(e, pod.createdAt, now)}.`;
  }
  return `Pod ${pod.name} ended ${pod.phase} and its status does not say why, and ${noEventsWhy(e, pod.createdAt, now)}.`;
}

/** What to say when the events say nothing: not listable, maybe expired, or simply silent. */
function noEventsWhy(e: HookEvidence, createdAt: Date | undefined, now: Date): string {
  if (e.eventsProblem !== undefined) return 'its events could not be listed';
  if (e.events.length === 0 && createdAt !== undefined && now.getTime() - createdAt.getTime() > EVENT_TTL_MS) {
    return `there are no events: it was created ${ago(createdAt, now)} and events are kept about 1 h, so they may have expired`;
  }
  return e.events.length === 0 ? 'there are no events about it' : 'no event says why';
}

/** FailedCreate's message without the controller's `Error creating: pods "x-" is forbidden:` lead. */
function createMessage(message: string): string {
  return message.replace(/^Error creating:\s*/, '').replace(/^pods "[^"]*" is forbidden:\s*/, '');
}

function eventTally(v: EventFacts, now: Date): string {
  return `${v.reason}${v.count > 1 ? `, ${v.count} times` : ''}${v.last ? `, last ${ago(v.last, now)}` : ''}`;
}

function evidenceLines(e: HookEvidence, now: Date): string[] {
  const lines: string[] = [];
  if (e.job !== undefined) lines.push(jobLine(e.job));
  if (e.podsProblem !== undefined) lines.push(`Pods: could not be listed (${e.podsProblem}).`);
  for (const p of e.pods) lines.push(podLine(p));
  if (e.eventsProblem !== undefined) lines.push(`Events: could not be listed (${e.eventsProblem}).`);
  for (const v of e.events) lines.push(`Event ${v.type} ${v.reason} on ${v.objectKind} ${v.objectName}${v.count > 1 ? `, ${v.count} times` : ''}${v.last ? `, last ${ago(v.last, now)}` : ''}: ${v.message}`);
  return lines;
}

function jobLine(j: JobFacts): string {
  const conds = j.conditions.filter((c) => c.status === 'True').map((c) => `${c.type}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}`);
  const limits = [`backoffLimit ${j.backoffLimit ?? '6 (default)'}`, ...(j.activeDeadlineSeconds !== undefined ? [`activeDeadlineSeconds ${j.activeDeadlineSeconds}`] : [])];
  return `Job ${j.name}: ${j.active} active, ${j.succeeded} succeeded, ${j.failed} failed; ${limits.join(', ')}${conds.length > 0 ? `; ${conds.join(', ')}` : ''}.`;
}

function podLine(p: PodFacts): string {
  const parts = [`Pod ${p.name}: ${p.phase}`];
  if (p.reason) parts.push(`${p.reason}${p.message ? `: ${p.message}` : ''}`);
  if (p.unscheduled) parts.push(`not scheduled (${p.unscheduled.reason ?? '?'}${p.unscheduled.message ? `: ${p.unscheduled.message}` : ''})`);
  for (const c of p.containers) {
    const kind = c.init ? 'init container' : 'container';
    let state = 'not started';
    if (c.running) state = 'running';
    else if (c.waiting) state = `waiting (${c.waiting.reason}${c.waiting.message ? `: ${c.waiting.message}` : ''})`;
    else if (c.terminated) state = exited(c.terminated);
    parts.push(`${kind} ${c.name} ${state}${c.restarts > 0 ? `, ${count(c.restarts, 'restart')}` : ''}`);
  }
  return `${parts.join('; ')}.`;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** `2 min ago`: the cluster layer has no VS Code, so the views' formatter is not at hand. */
export function ago(date: Date, now: Date): string {
  const s = Math.round((now.getTime() - date.getTime()) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ago` : `${Math.floor(h / 24)} d ago`;
}
