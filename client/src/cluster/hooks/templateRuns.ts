import { eventOfStoredRun, HookEvent, revisionAction } from '../../../../engine';
import { HookInfo, HookPhase, ReleaseInfo } from '../types';
import { hooksByEvent, NEVER_RAN } from './order';
import { lastRunAt } from './staleness';

/** A hook object of a template file in the workspace, as far as it can be known without rendering. */
export interface TemplateHook {
  kind: string;
  /** `metadata.name` when the template writes it literally; undefined when a template prints it. */
  name: string | undefined;
  events: HookEvent[];
  /** Place among the file's hooks of the same kind, from 0, in document order. */
  ordinal: number;
}

/** One release's run of a template hook. */
export interface HookRun {
  release: string;
  namespace: string;
  revision: number;
  /** The event the run was for (inferred: Helm does not store it). */
  event: HookEvent;
  /** `''` when the hook never ran in this revision. */
  phase: HookPhase;
  startedAt: Date | undefined;
  completedAt: Date | undefined;
  staleReason: string | undefined;
  /** The stored hook, its last run as seen at `now`: what Show Hook Logs is given. */
  hook: HookInfo;
  info: ReleaseInfo;
  /** 1-based place in the event's order, and how many hooks run on that event. */
  position: number;
  of: number;
}

export interface TemplateRun {
  /**
   * The run to show: the most recent failed or stale run across the chart's releases when there is one
   * (a later success elsewhere must not hide it), else the most recent run; when none ran it, a release
   * where it never ran.
   */
  last: HookRun;
  /** How many other releases of the chart ran it too. */
  others: number;
  /** How many releases' last runs of it failed or went stale (`last` is one of them when any). */
  failures: number;
  /** The most recent run, when it is not `last` (a failure shown before a later run elsewhere). */
  latest: HookRun | undefined;
}

export interface RunOptions {
  now: Date;
  /** Helm's `--timeout`, after which a `Running` hook is stale. */
  timeoutMs: number;
}

/**
 * For each template hook (same order), its last run in `releases`, or undefined when no release stores it.
 * `releases` are latest revisions, plus any earlier revision of a release that may hold its last run.
 * `paths` are the template's stored paths (`CHART/templates/x.yaml`; for a subchart's template also
 * `PARENT/charts/CHART/templates/x.yaml`): a release stores only paths under its own chart's name.
 */
export function templateRuns(hooks: readonly TemplateHook[], paths: readonly string[], releases: readonly ReleaseInfo[], opts: RunOptions): (TemplateRun | undefined)[] {
  const counts = new Map<string, number>();
  for (const h of hooks) counts.set(h.kind, (counts.get(h.kind) ?? 0) + 1);
  const perRelease = releases.map((info) => runsOf(info, hooks, counts, new Set(paths), opts));
  return hooks.map((_, i) => pick(lastPerRelease(perRelease.map((runs) => runs[i]).filter((r): r is HookRun => r !== undefined))));
}

/** One release's runs of the template hooks (undefined where it does not store the hook). */
function runsOf(info: ReleaseInfo, hooks: readonly TemplateHook[], counts: Map<string, number>, paths: Set<string>, opts: RunOptions): (HookRun | undefined)[] {
  const stored = info.hooks.filter((h) => paths.has(h.path));
  if (stored.length === 0) return hooks.map(() => undefined);
  const groups = hooksByEvent(info, opts.now, { timeoutMs: opts.timeoutMs });
  return hooks.map((t) => {
    const sameKind = stored.filter((h) => h.kind === t.kind);
    let hook: HookInfo | undefined;
    if (t.name !== undefined) hook = sameKind.find((h) => h.name === t.name);
    // Helm stores hooks sorted by path, then document order, then a stable sort by kind: hooks of one
    // kind from one file keep their document order. With a printed name that order is all there is to go
    // by, and only while the file renders as many of them as it has (no `{{ if }}` or `range` in the way).
    else if (sameKind.length === counts.get(t.kind)) hook = sameKind[t.ordinal];
    return hook === undefined ? undefined : runOf(hook, info, groups, opts);
  });
}

function runOf(hook: HookInfo, info: ReleaseInfo, groups: ReturnType<typeof hooksByEvent>, opts: RunOptions): HookRun {
  const ranOn = eventOfRun(hook, info);
  // Not run in this revision: its row under its first event reads "not run".
  const event = ranOn ?? hook.events[0] ?? 'test';
  const group = groups.find((g) => g.event === event);
  const at = group?.hooks.findIndex((h) => h.kind === hook.kind && h.name === hook.name && h.path === hook.path) ?? -1;
  const live = at >= 0 && group !== undefined ? group.hooks[at] : { ...hook, lastRun: ranOn === undefined ? NEVER_RAN : lastRunAt(hook, info, opts.now, opts.timeoutMs) };
  const run = live.lastRun;
  return {
    release: info.name,
    namespace: info.namespace,
    revision: info.revision,
    event,
    phase: run.phase,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    staleReason: run.staleReason,
    hook: live,
    info,
    position: at + 1,
    of: group?.hooks.length ?? 0,
  };
}

/**
 * One run per release: `releases` may hold several revisions of one (the failed revision a rollback
 * followed, see releasesOfChart); its last run is in the newest revision that ran the hook.
 */
function lastPerRelease(runs: readonly HookRun[]): HookRun[] {
  const best = new Map<string, HookRun>();
  for (const r of runs) {
    const key = `${r.namespace}/${r.release}`;
    const known = best.get(key);
    const ran = r.phase !== '';
    const better = known === undefined || (ran && known.phase === '') || (ran === (known.phase !== '') && r.revision > known.revision);
    if (better) best.set(key, r);
  }
  return [...best.values()];
}

/** What the lens shows of the runs: failures first, else the most recent; never-run only when none ran. */
export function pick(runs: readonly HookRun[]): TemplateRun | undefined {
  const ran = runs.filter((r) => r.phase !== '');
  const bad = ran.filter((r) => r.phase === 'Failed' || r.phase === 'Stale');
  const latest = newest(ran);
  const last = newest(bad) ?? latest ?? newest(runs);
  if (last === undefined) return undefined;
  return { last, others: Math.max(0, ran.length - 1), failures: bad.length, latest: latest === last ? undefined : latest };
}

function newest(runs: readonly HookRun[]): HookRun | undefined {
  let last: HookRun | undefined;
  for (const r of runs) if (last === undefined || when(r) > when(last)) last = r;
  return last;
}

function when(r: HookRun): number {
  return (r.startedAt ?? r.completedAt ?? r.info.lastDeployed)?.getTime() ?? 0;
}

/**
 * The event a stored last run was for, or undefined when the revision's action ran none of the hook's
 * events (see revisionAction in the engine).
 */
export function eventOfRun(hook: Pick<HookInfo, 'events'>, info: Pick<ReleaseInfo, 'status' | 'revision' | 'description'>): HookEvent | undefined {
  return eventOfStoredRun(hook.events, revisionAction(info));
}
