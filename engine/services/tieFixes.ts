import { hookId, HookRecord } from '../chart/hookRecord';
import { HookPlan } from '../chart/plan';
import { quoteName, WeightTie } from '../chart/ties';
import { HOOK, HOOK_WEIGHT } from '../helm/annotations';
import { Finding } from '../rules/types';
import { lineStartOf } from '../template/documents';
import { replaceValue, TextEdit } from './edits';
import { Fix, fixAt, Site, siteOf } from './fixSite';

/**
 * Quick fixes for a hook-weight-tie finding in the file `path` (Helm's chart-relative path) whose text is
 * `text`, given the release's plan and ties: set this hook's weight one below or one above the tied
 * weight, so that it runs before, or after, the hooks it ties with.
 *
 * Offered only when the title is exactly what happens, on every event the hook runs on:
 * - the hook ties with one line-up of hooks (on one event, or the same line-up on several): with two
 *   line-ups, one new weight would reorder both, and the title can name only one;
 * - no other hook on its events has the new weight: it would tie again, now with those;
 * - w ± 1 is next to w, so no hook of another weight is passed on the way: the hook moves only relative
 *   to the hooks it tied with.
 * Hooks whose weight a template prints are left out of these checks: their weight is unknown here.
 */
export function weightTieFixes(text: string, f: Finding, path: string, plan: HookPlan, ties: readonly WeightTie[]): Fix[] {
  const self = findHook(ties, path, f);
  if (self === undefined) return [];
  const mine = ties.filter((t) => t.hooks.some((h) => hookId(h) === hookId(self)));
  const lineUps = new Set(mine.map((t) => t.hooks.map(hookId).join('|')));
  if (mine.length === 0 || lineUps.size !== 1) return [];
  const group = mine[0].hooks;
  const me = group.findIndex((h) => hookId(h) === hookId(self));
  const taken = new Set<number>();
  for (const e of plan.events) {
    if (!self.events.includes(e.event)) continue;
    for (const h of e.steps) if (hookId(h) !== hookId(self) && h.weightSource !== 'template') taken.add(h.weight);
  }
  const fixes: Fix[] = [];
  const offer = (weight: number, side: 'before' | 'after', others: readonly HookRecord[]): void => {
    if (others.length === 0 || taken.has(weight) || !Number.isSafeInteger(weight)) return;
    const title = `Set weight to "${weight}" so ${label(self, group)} runs ${side} ${list(others.map((h) => label(h, group)))}`;
    fixes.push(...setWeight(text, self, weight, title));
  };
  offer(self.weight - 1, 'before', group.slice(0, me));
  offer(self.weight + 1, 'after', group.slice(me + 1));
  return fixes;
}

/** The hook of `path` the finding is on: tie findings sit on the weight's value, else on the events'. */
function findHook(ties: readonly WeightTie[], path: string, f: Finding): HookRecord | undefined {
  for (const t of ties) {
    for (const h of t.hooks) {
      const [start, end] = h.offsets.weightValue ?? h.offsets.hookValue;
      if (h.path === path && start === f.start && end === f.end) return h;
    }
  }
  return undefined;
}

/** The hook's name; with its kind and file when another hook of the line-up has the same name. */
function label(h: HookRecord, group: readonly HookRecord[]): string {
  const clash = group.some((o) => o !== h && o.name === h.name);
  return clash ? `${quoteName(h)} (${h.kind || '?'}, ${h.path.slice(h.path.indexOf('/') + 1)})` : quoteName(h);
}

function list(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return items.length === 3 ? `${items[0]}, ${items[1]} and ${items[2]}` : `${items[0]}, ${items[1]} and ${items.length - 2} more`;
}

/** Rewrites the weight the hook has, or adds one next to `helm.sh/hook` (block and flow maps). */
function setWeight(text: string, hook: HookRecord, weight: number, title: string): Fix[] {
  const at = hook.offsets.weightValue ?? hook.offsets.hookKey;
  const site = siteOf(text, { start: at[0], end: at[1] });
  if (site === undefined) return [];
  const local = (o: number): number => o - site.base;
  if (hook.offsets.weightValue !== undefined) {
    const entry = site.obj.annotations.find((a) => a.key === HOOK_WEIGHT && a.value.start === local(at[0]));
    return entry === undefined ? [] : fixAt(site, title, replaceValue(site.tt.text, entry.value, String(weight), true), false, false);
  }
  const entry = site.obj.annotations.find((a) => a.key === HOOK && a.keyStart === local(at[0]));
  if (entry === undefined) return [];
  const edit = entry.source === 'block' ? weightLine(site, entry.keyStart, entry.value.end, weight) : entry.source === 'flow' ? weightEntry(site, entry.keyStart, entry.value.end, weight) : undefined;
  return fixAt(site, title, edit, false, false);
}

/** A `helm.sh/hook-weight` line under the `helm.sh/hook` one, indented like it. */
function weightLine(site: Site, keyStart: number, valueEnd: number, weight: number): TextEdit | undefined {
  const source = site.tt.text;
  const lineStart = lineStartOf(source, keyStart);
  const indent = source.slice(lineStart, keyStart);
  if (indent.trim() !== '') return undefined;
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const nl = source.indexOf('\n', valueEnd);
  const line = `${indent}${HOOK_WEIGHT}: "${weight}"`;
  return nl === -1 ? { start: source.length, end: source.length, newText: `${eol}${line}` } : { start: nl + 1, end: nl + 1, newText: `${line}${eol}` };
}

/** `, "helm.sh/hook-weight": "N"` after the flow map's `helm.sh/hook` entry, its key quoted alike. */
function weightEntry(site: Site, keyStart: number, valueEnd: number, weight: number): TextEdit {
  const q = site.tt.text[keyStart];
  const key = q === '"' || q === "'" ? `${q}${HOOK_WEIGHT}${q}` : HOOK_WEIGHT;
  return { start: valueEnd, end: valueEnd, newText: `, ${key}: "${weight}"` };
}
