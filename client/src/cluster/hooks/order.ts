import { HOOK_EVENTS } from '../../../../engine';
import { executionOrder, OrderedHook } from '../../../../engine';
import { EventHooks, HookInfo, ReleaseInfo } from '../types';
import { lastRunAt } from './staleness';

/** executionOrder's input: `kind` and `path` left empty so that only the record position pre-orders. */
interface StoredHook extends OrderedHook {
  hook: HookInfo;
}

/**
 * A release's hooks grouped by event, events in lifecycle order (events without hooks left out), hooks
 * in the order Helm runs them, each with its last run as seen at `now`.
 *
 * Helm stores hooks already in its pre-order (SortManifests: files in path order, documents in file
 * order, then a stable sort by kind) and execHook only adds a stable sort by weight then name. So the
 * record position is the whole pre-order: path and kind are not sorted again, because the kind order is
 * that of the Helm version that wrote the record (v3.12 lacks PriorityClass, v3 lacks the webhook
 * configuration kinds) and document positions are not stored.
 */
export function hooksByEvent(release: ReleaseInfo, now: Date, opts: { timeoutMs: number }): EventHooks[] {
  const stored: StoredHook[] = release.hooks.map((h, index) => ({
    name: h.name,
    kind: '',
    weight: h.weight,
    path: '',
    index,
    events: h.events,
    // One object per hook, so a hook shown under several events shows the same last run.
    hook: { ...h, lastRun: lastRunAt(h, release, now, opts.timeoutMs) },
  }));
  const groups: EventHooks[] = [];
  for (const event of HOOK_EVENTS) {
    const hooks = executionOrder(stored, event).map((s) => s.hook);
    if (hooks.length > 0) groups.push({ event, hooks });
  }
  return groups;
}
