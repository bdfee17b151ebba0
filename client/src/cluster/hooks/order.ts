import { eventOfStoredRun, executionOrder, HOOK_EVENTS, HookEvent, OrderedHook, revisionAction } from '../../../../engine';
import { EventHooks, HookInfo, HookLastRun, ReleaseInfo } from '../types';
import { lastRunAt } from './staleness';

/** executionOrder's input: `kind` and `path` left empty so that only the record position pre-orders. */
interface StoredHook extends OrderedHook {
  ranOn: HookEvent | undefined;
  /** One object per hook and state, so a row keeps its identity between redraws. */
  live: HookInfo;
  idle: HookInfo;
}

/** `upgrade` for pre-/post-upgrade: a hook on both ran twice, and its record keeps the later run for both. */
function stage(event: HookEvent): string {
  return event.replace(/^(pre|post)-/, '');
}

export const NEVER_RAN: HookLastRun = { phase: '', startedAt: undefined, completedAt: undefined, durationMs: undefined, staleReason: undefined };

/**
 * A release's hooks grouped by event, events in lifecycle order (events without hooks left out), hooks
 * in the order Helm runs them, each with its last run as seen at `now` under the one event that run
 * was for (revisionAction tells it); under the hook's other events it shows as never run.
 *
 * Helm stores hooks already in its pre-order (SortManifests: files in path order, documents in file
 * order, then a stable sort by kind) and execHook only adds a stable sort by weight then name. So the
 * record position is the whole pre-order: path and kind are not sorted again, because the kind order is
 * that of the Helm version that wrote the record (v3.12 lacks PriorityClass, v3 lacks the webhook
 * configuration kinds) and document positions are not stored.
 */
export function hooksByEvent(release: ReleaseInfo, now: Date, opts: { timeoutMs: number }): EventHooks[] {
  const action = revisionAction(release);
  const stored = release.hooks.map((h, index) => ({
    name: h.name,
    kind: '',
    weight: h.weight,
    path: '',
    index,
    events: h.events,
    ranOn: eventOfStoredRun(h.events, action),
    live: { ...h, lastRun: lastRunAt(h, release, now, opts.timeoutMs) },
    idle: { ...h, lastRun: NEVER_RAN },
  }));
  const groups: EventHooks[] = [];
  for (const event of HOOK_EVENTS) {
    const hooks = executionOrder<StoredHook>(stored, event).map((s) => (s.ranOn !== undefined && stage(s.ranOn) === stage(event) ? s.live : s.idle));
    if (hooks.length > 0) groups.push({ event, hooks, ran: action.events.includes(event), action: action.action });
  }
  return groups;
}
