import { HookRecord } from './hookRecord';
import { HookPlan, placesOf } from './plan';

/** 1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/**
 * One line for the code lens above a hook: its events and its place in each, e.g.
 * `pre-upgrade: 2nd of 3 · post-install: 1st of 1`.
 */
export function lensText(p: HookPlan, hook: HookRecord): string {
  if (hook.placement === 'dropped') return 'Not run: Helm drops this resource (unknown or empty event)';
  if (hook.placement === 'template') return 'Events set by a template: place in the hook order known only once rendered';
  const places = placesOf(p, hook).map(
    (pl) => `${pl.event}: ${pl.positions.map(ordinal).join(' and ')} of ${pl.of}${pl.positions.length > 1 ? ' (runs twice)' : ''}`,
  );
  const notes: string[] = [];
  if (hook.weightSource === 'template') notes.push(`weight ${hook.weightText ?? ''} set by a template, counted as 0`);
  if (hook.conditional) notes.push('in some template branches only');
  return [...places, ...notes].join(' · ');
}
