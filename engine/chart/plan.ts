import { HOOK_EVENTS, HookEvent } from '../helm/events';
import { executionOrder } from '../helm/order';
import { hookId, HookRecord } from './hookRecord';

/** The hooks of one event, in the order Helm runs them (a hook listing the event twice appears twice). */
export interface EventPlan {
  event: HookEvent;
  steps: HookRecord[];
}

/** What Helm does with a release's hooks: the run order per event, and the hooks it never runs. */
export interface HookPlan {
  /** Every event, in lifecycle order (HOOK_EVENTS), empty ones included. */
  events: EventPlan[];
  /** Helm skips these resources entirely: an unknown or empty event in every rendering. */
  dropped: HookRecord[];
  /** A template prints `helm.sh/hook`: the events are known only once rendered. */
  unplaced: HookRecord[];
}

/** What changed since a previous plan: hooks that are new objects, and hooks that are gone. */
export interface PlanChange {
  plan: HookPlan;
  added: readonly HookRecord[];
  removed: readonly HookRecord[];
}

/**
 * The execution plan of a release from all its hooks (parent chart and unpacked subcharts together).
 * Given the previous plan and what changed since (every other hook being the same object as before), an
 * event no added or removed hook runs on keeps its previous steps: typing in one hook re-sorts only the
 * events that hook runs on.
 */
export function plan(hooks: readonly HookRecord[], change?: PlanChange): HookPlan {
  const placed = hooks.filter((h) => h.placement === 'placed');
  const touched = new Set<HookEvent>();
  for (const h of [...(change?.added ?? []), ...(change?.removed ?? [])]) if (h.placement === 'placed') for (const e of h.events) touched.add(e);
  return {
    events: HOOK_EVENTS.map((event, i) =>
      change !== undefined && !touched.has(event)
        ? change.plan.events[i]
        : // Each event sorts only its own hooks (the selection Helm makes before sorting).
          { event, steps: executionOrder(placed.filter((h) => h.events.includes(event)), event) },
    ),
    dropped: hooks.filter((h) => h.placement === 'dropped'),
    unplaced: hooks.filter((h) => h.placement === 'template'),
  };
}

/** Where a hook runs within one event: 1-based positions (two when the event is listed twice) of `of` steps. */
export interface HookPlace {
  event: HookEvent;
  positions: number[];
  of: number;
}

/** Per plan: hook id -> event -> 1-based positions. Built once, so a lens per hook stays cheap. */
const positionIndex = new WeakMap<HookPlan, Map<string, Map<HookEvent, number[]>>>();

function positionsIn(p: HookPlan): Map<string, Map<HookEvent, number[]>> {
  let index = positionIndex.get(p);
  if (index === undefined) {
    const built = new Map<string, Map<HookEvent, number[]>>();
    for (const { event, steps } of p.events) {
      steps.forEach((s, i) => {
        const id = hookId(s);
        let byEvent = built.get(id);
        if (byEvent === undefined) built.set(id, (byEvent = new Map<HookEvent, number[]>()));
        byEvent.set(event, [...(byEvent.get(event) ?? []), i + 1]);
      });
    }
    positionIndex.set(p, built);
    index = built;
  }
  return index;
}

/** The hook's places, one per distinct event, in the order its annotation lists them. */
export function placesOf(p: HookPlan, hook: HookRecord): HookPlace[] {
  const byEvent = positionsIn(p).get(hookId(hook));
  const places: HookPlace[] = [];
  for (const event of new Set(hook.events)) {
    const positions = byEvent?.get(event);
    if (positions !== undefined) places.push({ event, positions, of: p.events.find((e) => e.event === event)?.steps.length ?? 0 });
  }
  return places;
}
