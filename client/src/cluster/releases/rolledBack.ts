import { revisionAction } from '../../../../engine';
import { hooksByEvent } from '../hooks/order';
import { ReleaseInfo } from '../types';

/** A latest revision that is a rollback made right after a failed revision (`helm upgrade --atomic` does this). */
export interface RolledBackFailure {
  failedRevision: number;
  rolledBackTo: number | undefined;
  /** `pre-upgrade hook cart-migrate failed`, or Helm's own text when no hook failed. */
  cause: string;
}

/** Helm's failure texts can run to many lines (one per error): a row gets the first. */
const MAX_CAUSE = 160;

/**
 * Whether `latest` rolled back a failure in `previous` (the revision just before it). The rollback's
 * record copies the target's hooks with their old runs, so without this the failure sits unseen under
 * History while the release reads `deployed`.
 */
export function rolledBackAfterFailure(latest: ReleaseInfo, previous: ReleaseInfo | undefined, now: Date, timeoutMs: number): RolledBackFailure | undefined {
  if (previous === undefined || previous.revision !== latest.revision - 1 || previous.status !== 'failed') return undefined;
  const action = revisionAction(latest);
  if (action.action !== 'rollback') return undefined;
  return { failedRevision: previous.revision, rolledBackTo: action.rollbackTo, cause: causeOf(previous, now, timeoutMs) };
}

function causeOf(failed: ReleaseInfo, now: Date, timeoutMs: number): string {
  for (const group of hooksByEvent(failed, now, { timeoutMs })) {
    if (!group.ran) continue;
    const hook = group.hooks.find((h) => h.lastRun.phase === 'Failed' || h.lastRun.phase === 'Stale');
    if (hook !== undefined) return `${group.event} hook ${hook.name} ${hook.lastRun.phase === 'Failed' ? 'failed' : 'never finished'}`;
  }
  const first = failed.description.split('\n')[0].trim();
  if (first === '') return 'no reason recorded';
  return first.length > MAX_CAUSE ? `${first.slice(0, MAX_CAUSE - 1)}…` : first;
}
