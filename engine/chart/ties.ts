import { HookEvent } from '../helm/events';
import { KINDS_WITH_PODS } from '../helm/policies';
import { RULE_BY_CODE } from '../rules/catalog';
import { parseSuppressions } from '../rules/suppressions';
import { Finding, Severity } from '../rules/types';
import { LineIndex } from '../text/lineIndex';
import { chartOfPath, compareNames } from './hookName';
import { hookId, HookRecord } from './hookRecord';
import { ordinal } from './lens';
import { HookPlan } from './plan';

export const WEIGHT_TIE = 'hook-weight-tie';

/**
 * Why one hook of a tie runs before the next: `name` (metadata.name order, bytewise), `kind` (same name:
 * Helm's install order of kinds), `file-order` (same name and kind: template path, then document order),
 * `rendered-name` (the names differ in template output, so the order is known only once rendered; the
 * plan shows the order of the placeholders).
 */
export type TieReason = 'name' | 'kind' | 'file-order' | 'rendered-name';

/** Two or more hooks of one event with the same effective weight, in run order. */
export interface WeightTie {
  event: HookEvent;
  weight: number;
  hooks: HookRecord[];
  /** `reasons[i]`: why `hooks[i]` runs before `hooks[i + 1]`. */
  reasons: TieReason[];
}

/**
 * Helm waits for a Job hook to complete and a Pod hook to succeed before it creates the next hook; any
 * other kind is ready as soon as it is created (pkg/kube WatchUntilReady). A kind a template sets (empty
 * here) may be either, so it counts as waited on.
 */
export function waitedOn(h: Pick<HookRecord, 'kind'>): boolean {
  return h.kind === '' || KINDS_WITH_PODS.has(h.kind);
}

/**
 * Hooks of one event sharing a weight, where their order is observable: a waited-on hook (waitedOn) is
 * among them, so it may run before something it needs, or hold back what comes after it. Hooks Helm
 * does not wait for are created one after another at once: their order among themselves shows nowhere.
 * Hooks whose weight a template prints are left out: their weight is unknown. A hook that lists an event
 * twice does not tie with itself (duplicate-hook-event covers that). The one reading of ties: the
 * editor's diagnostics and quick fixes, the CLI and the execution plan all take them from here.
 */
export function weightTies(p: HookPlan): WeightTie[] {
  return p.events.flatMap((e) => {
    let ties = tiesBySteps.get(e.steps);
    if (ties === undefined) tiesBySteps.set(e.steps, (ties = eventTies(e.event, e.steps)));
    return ties;
  });
}

/** An event's steps kept from the previous plan keep their ties too (see plan). */
const tiesBySteps = new WeakMap<readonly HookRecord[], WeightTie[]>();

function eventTies(event: HookEvent, steps: readonly HookRecord[]): WeightTie[] {
  const ties: WeightTie[] = [];
  const known = steps.filter((s) => s.weightSource !== 'template');
  let i = 0;
  while (i < known.length) {
    let j = i;
    while (j < known.length && known[j].weight === known[i].weight) j++;
    const seen = new Set<string>();
    const group = known.slice(i, j).filter((h) => !seen.has(hookId(h)) && seen.add(hookId(h)) !== undefined);
    if (group.length > 1 && group.some(waitedOn)) ties.push({ event, weight: known[i].weight, hooks: group, reasons: group.slice(1).map((h, k) => reasonBetween(group[k], h)) });
    i = j;
  }
  return ties;
}

function reasonBetween(a: HookRecord, b: HookRecord): TieReason {
  const order = compareNames(a.nameParts, chartOfPath(a.path), b.nameParts, chartOfPath(b.path));
  if (order === 'before') return 'name';
  if (order === 'equal') return a.kind === b.kind ? 'file-order' : 'kind';
  return 'rendered-name';
}

export interface TieFindingOptions {
  severities?: Readonly<Record<string, Severity | 'off'>>;
}

/**
 * hook-weight-tie findings for the hooks of one file (`path`, Helm's chart-relative path), whose text is
 * `text` (for disable comments). One finding per hook and tie; the same tie on several events (e.g.
 * post-install and post-upgrade) is one finding.
 */
export function tieFindings(ties: readonly WeightTie[], path: string, text: string, options: TieFindingOptions = {}): Finding[] {
  const rule = RULE_BY_CODE.get(WEIGHT_TIE);
  if (rule === undefined) throw new Error(`unregistered rule ${WEIGHT_TIE}`);
  const severity = options.severities?.[WEIGHT_TIE] ?? rule.severity;
  if (severity === 'off') return [];
  const mine = ties.filter((t) => t.hooks.some((h) => h.path === path));
  if (mine.length === 0) return [];
  // Most files have no disable comment: then no line index is needed.
  const lines = text.includes('helm-hooks-disable') ? new LineIndex(text) : undefined;
  const suppressions = lines === undefined ? undefined : parseSuppressions(text, lines);
  const findings: Finding[] = [];
  // Per hook of this file: tie line-up -> the events with that same line-up.
  const byHook = new Map<string, { hook: HookRecord; lineUps: Map<string, WeightTie[]> }>();
  for (const tie of mine) {
    const lineUp = `${tie.weight}|${tie.hooks.map(hookId).join('|')}|${tie.reasons.join()}`;
    for (const h of tie.hooks) {
      if (h.path !== path) continue;
      let entry = byHook.get(hookId(h));
      if (entry === undefined) byHook.set(hookId(h), (entry = { hook: h, lineUps: new Map() }));
      const list = entry.lineUps.get(lineUp);
      if (list) list.push(tie);
      else entry.lineUps.set(lineUp, [tie]);
    }
  }
  for (const { hook, lineUps } of byHook.values()) {
    const [start, end] = hook.offsets.weightValue ?? hook.offsets.hookValue;
    if (suppressions !== undefined && lines !== undefined && suppressions.isSuppressed(WEIGHT_TIE, lines.lineOf(start))) continue;
    for (const group of lineUps.values()) {
      findings.push({ code: WEIGHT_TIE, severity, message: tieMessage(group.map((t) => t.event), group[0], hook), start, end });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

export function quoteName(h: HookRecord): string {
  return h.name === '' ? '(no metadata.name)' : `"${h.name}"`;
}

/** Why `a` runs before `b`, as a short clause. */
function reasonClause(r: TieReason, a: HookRecord, b: HookRecord): string {
  switch (r) {
    case 'name':
      return 'by metadata.name';
    case 'kind':
      return `same name, so by kind: ${a.kind || '?'} before ${b.kind || '?'}`;
    case 'file-order':
      return 'same name and kind, so by template path';
    default:
      return 'which runs first depends on the rendered names';
  }
}

/**
 * Short, so a chart with many tied hooks does not flood the editor (each publish carries every one of
 * them): the tie, this hook's place and its neighbours (their file only when it is another one), the
 * reason, and which hooks Helm waits for; the execution plan lists the whole line-up.
 */
function tieMessage(events: HookEvent[], tie: WeightTie, self: HookRecord): string {
  const on = events.length === 1 ? events[0] : `${events.slice(0, -1).join(', ')} and ${events[events.length - 1]}`;
  const me = tie.hooks.findIndex((h) => hookId(h) === hookId(self));
  const who = (h: HookRecord): string => `${quoteName(h)} (${h.kind || 'kind set by a template'}${h.path === self.path ? '' : `, ${h.path.slice(h.path.indexOf('/') + 1)}`}`;
  const pairs: { side: string; other: HookRecord; code: TieReason; reason: string }[] = [];
  if (me > 0) pairs.push({ side: 'after', other: tie.hooks[me - 1], code: tie.reasons[me - 1], reason: reasonClause(tie.reasons[me - 1], tie.hooks[me - 1], self) });
  if (me < tie.hooks.length - 1) pairs.push({ side: 'before', other: tie.hooks[me + 1], code: tie.reasons[me], reason: reasonClause(tie.reasons[me], self, tie.hooks[me + 1]) });
  // One reason for both neighbours is said once, after them; two reasons go with their neighbour.
  const oneReason = pairs.every((p) => p.reason === pairs[0].reason);
  const around = pairs.map((p) => `${p.side} ${who(p.other)}${oneReason ? '' : `; ${p.reason}`})`).join(' and ');
  const own = self.weightSource === 'invalid' ? ` (this hook's weight ${JSON.stringify(self.weightText)} counts as 0: Helm cannot parse it)` : '';
  const why = !oneReason ? '' : pairs[0].code === 'name' ? ', by metadata.name, not file order' : `: ${pairs[0].reason}`;
  return `${tie.hooks.length} hooks share weight ${tie.weight} on ${on}${own}; this one runs ${ordinal(me + 1)}, ${around}${why}. ${waits(tie, self)} Use distinct weights to set the order.`;
}

/** Why the order of a tie shows: which of its hooks Helm waits for. */
function waits(tie: WeightTie, self: HookRecord): string {
  const waited = tie.hooks.filter((h) => KINDS_WITH_PODS.has(h.kind));
  if (waited.length === 0) return 'A kind set by a template may make a hook a Job or Pod, which Helm waits for before the next hook.';
  if (waited.length > 1) return 'Helm waits for each Job and Pod hook before the next.';
  const [w] = waited;
  const which = hookId(w) === hookId(self) ? `this ${w.kind}` : `the ${w.kind} ${quoteName(w)}`;
  return `Helm waits for ${which} before the next hook.`;
}

/** Why the hooks of a tie run in their order, in one or two sentences. */
export function why(tie: WeightTie, from = 0, to = tie.hooks.length): string {
  const reasons = tie.reasons.slice(from, to - 1);
  if (reasons.every((r) => r === 'name')) return 'Helm runs hooks of equal weight in metadata.name order (bytewise), not in file order.';
  const parts = reasons.map((r, k) => {
    const i = from + k;
    const a = quoteName(tie.hooks[i]);
    const b = quoteName(tie.hooks[i + 1]);
    switch (r) {
      case 'name':
        return `${a} before ${b}: name order`;
      case 'kind':
        return `${a} before ${b}: same name, so kind order (Helm's install order: ${tie.hooks[i].kind || '?'} before ${tie.hooks[i + 1].kind || '?'})`;
      case 'file-order':
        return `${a} before ${b}: same name and kind, so template path and position in the file`;
      default:
        return `${a} and ${b}: which runs first depends on their rendered names (shown in placeholder order)`;
    }
  });
  return `Equal weights run in metadata.name order, then kind, then file order; ${parts.join('; ')}.`;
}
