import { HookEvent } from '../../../../engine';
import { HookInfo, HookLastRun, ReleaseInfo, ReleaseStatus } from '../types';

/** Helm's default `--timeout`, which applies to each hook's wait. */
export const DEFAULT_HOOK_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * The status a release revision holds while Helm runs hooks of an event (pkg/action install, upgrade,
 * rollback, uninstall). `helm test` leaves the status as it is, so test hooks have none.
 */
const STATUS_WHILE_RUNNING: Readonly<Record<HookEvent, ReleaseStatus | undefined>> = {
  'pre-install': 'pending-install',
  'post-install': 'pending-install',
  'pre-upgrade': 'pending-upgrade',
  'post-upgrade': 'pending-upgrade',
  'pre-rollback': 'pending-rollback',
  'post-rollback': 'pending-rollback',
  'pre-delete': 'uninstalling',
  'post-delete': 'uninstalling',
  test: undefined,
};

/** `1h 5m`, `4m 10s`, `12s`: how long ago, for staleness sentences. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return s % 60 > 0 ? `${m}m ${s % 60}s` : `${m}m`;
  return `${s}s`;
}

/**
 * Why a hook recorded as `Running` cannot still be running, or undefined when it may be. Helm writes
 * `Running` before creating the hook and the outcome only after it, so a helm process that died (or
 * was killed) leaves `Running` behind for good.
 */
export function staleReasonOf(hook: HookInfo, release: Pick<ReleaseInfo, 'status'>, now: Date, timeoutMs: number): string | undefined {
  const { phase, startedAt } = hook.lastRun;
  if (phase !== 'Running') return undefined;
  if (startedAt && now.getTime() - startedAt.getTime() > timeoutMs) {
    return (
      `Helm recorded this hook as Running ${formatDuration(now.getTime() - startedAt.getTime())} ago, ` +
      `longer than the ${formatDuration(timeoutMs)} hook timeout: the helm command that ran it has stopped ` +
      'without recording the result.'
    );
  }
  const expected = hook.events.map((e) => STATUS_WHILE_RUNNING[e]);
  // A hook that also runs on `helm test` may be live in any status; so may one with no known event.
  if (expected.length === 0 || expected.includes(undefined) || expected.includes(release.status)) return undefined;
  const wanted = [...new Set(expected)].join(' or ');
  return (
    `Helm recorded this hook as Running, but the release is ${release.status}, not ${wanted} as it is ` +
    'while its hooks run: the helm command that ran it ended without recording the result.'
  );
}

/**
 * The last run as the user should see it at `now`: a stale `Running` becomes `Stale` with its reason;
 * a live one gets its elapsed time as duration.
 */
export function lastRunAt(hook: HookInfo, release: Pick<ReleaseInfo, 'status'>, now: Date, timeoutMs: number): HookLastRun {
  const run = hook.lastRun;
  if (run.phase !== 'Running') return run;
  const staleReason = staleReasonOf(hook, release, now, timeoutMs);
  if (staleReason) return { ...run, phase: 'Stale', durationMs: undefined, staleReason };
  const durationMs = run.startedAt ? Math.max(0, now.getTime() - run.startedAt.getTime()) : undefined;
  return { ...run, durationMs, staleReason: undefined };
}
